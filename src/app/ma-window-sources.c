/* ma-window-sources.c: where the window's machine comes from: files, folders, pasted or
 * dropped text, recent files, this machine live, and the comparison of two moments
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every source is read and turned into a machine before anything the window shows is touched:
 * a file that cannot be read, or a snapshot the engine cannot rebuild, leaves the window as it
 * was and says why. Our own JSON files are recognised by their "format" member (saved
 * simulations, scenarios, snapshot bundles) or as a machine description; everything else is
 * handed to the /proc readers, which know every file they accept by its content.
 */
#define G_LOG_DOMAIN "ma-window-sources"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-compare-window.h"
#include "ma-file-chooser.h"
#include "ma-limits.h"
#include "ma-procfs-reader.h"
#include "ma-reconstruct.h"
#include "ma-snapshot-machine.h"
#include "ma-window-private.h"

#define MAX_RECENT 8
#define SNIFF_SIZE 4096
#define LIVE_MAX_ERRORS 3

/* ------------------------------------------------------------------------------------------ */
/* The badge on the map: what kind of source this is, and the notes of its rebuilding */

/* A file the capture could not read, what it is, and what the window lacks because of it.
 * Nothing asks for root: the view shows what an ordinary user can read and says the rest. */
static char *
describe_unreadable (MaSnapshot   *snapshot,
                     MaProcfsKind  kind)
{
  const char *reason = NULL;
  gboolean needs_root = FALSE;
  const char *path = ma_snapshot_get_unreadable (snapshot, kind, &reason, &needs_root);
  g_autofree char *display = NULL;
  const char *missing;

  if (path == NULL)
    return NULL;
  switch (kind)
    {
    case MA_PROCFS_KIND_ZONEINFO:
      missing = _("zone sizes, watermarks and protection are estimated from the free block "
                  "counts");
      break;
    case MA_PROCFS_KIND_BUDDYINFO:
      missing = _("free blocks per order are estimated from the zones’ free page counts");
      break;
    case MA_PROCFS_KIND_PAGETYPEINFO:
      missing = _("free blocks per migratetype are not shown; the layout is reconstructed from "
                  "buddyinfo");
      break;
    case MA_PROCFS_KIND_MEMINFO:
      missing = _("the memory totals are not shown");
      break;
    case MA_PROCFS_KIND_VMSTAT:
      missing = _("the kernel’s reclaim and compaction counters are not shown");
      break;
    case MA_PROCFS_KIND_KPAGEFLAGS:
      missing = _("where the free blocks really are is not known; their places are "
                  "reconstructed from the counts");
      break;
    case MA_PROCFS_KIND_KPAGECOUNT:
      missing = _("how many times each page is mapped is not known");
      break;
    default:
      return NULL;
    }
  display = g_filename_display_name (path);
  if (needs_root)
    /* TRANSLATORS: %s is a file such as /proc/pagetypeinfo, then what is missing without it */
    return g_strdup_printf (_("%s is readable only by root: %s"), display, missing);
  /* TRANSLATORS: a file, why it could not be read, then what is missing without it */
  return g_strdup_printf (_("%s could not be read (%s): %s"), display, reason ? reason : "?",
                          missing);
}

void
ma_window_update_badge (MaWindow *self)
{
  MaMachine *m = ma_window_get_machine (self);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean reconstructed = FALSE;
  const char *label = NULL;

  for (guint n = 0; m && n < ma_machine_get_n_nodes (m); n++)
    for (guint z = 0; z < ma_node_get_n_zones (ma_machine_get_node (m, n)); z++)
      reconstructed |= ma_zone_is_reconstructed (ma_node_get_zone (ma_machine_get_node (m, n), z));

  /* (the map marks a reconstructed layout itself; the badge is for the notes behind it) */
  if (ma_window_is_live (self))
    label = _("Live");
  else if (reconstructed || (self->notes && self->notes->len > 0))
    label = _("Snapshot Notes");

  ma_map_view_set_reconstructed (self->map_view, reconstructed);
  gtk_widget_set_visible (GTK_WIDGET (self->source_badge), label != NULL);
  if (label == NULL)
    return;
  gtk_menu_button_set_label (self->source_badge, label);

  if (reconstructed)
    g_string_append (text, _("<b>Where the free blocks are is not in the snapshot.</b> "
                             "/proc/buddyinfo and /proc/pagetypeinfo count them per order and "
                             "migratetype; Memory Atlas places them so that every count holds. "
                             "The counts, watermarks and protection are real; the positions "
                             "are not. A snapshot taken as root with /proc/kpageflags has the "
                             "real positions."));
  for (guint k = 0; self->snapshot != NULL && k < MA_PROCFS_N_KINDS; k++)
    {
      g_autofree char *line = describe_unreadable (self->snapshot, k);
      g_autofree char *escaped = line ? g_markup_escape_text (line, -1) : NULL;

      if (escaped != NULL)
        g_string_append_printf (text, "%s• %s", text->len > 0 ? "\n" : "", escaped);
    }
  for (guint i = 0; self->notes && i < self->notes->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (self->notes, i), -1);

      g_string_append_printf (text, "%s• %s", text->len > 0 ? "\n" : "", escaped);
    }
  gtk_label_set_markup (self->notes_label, text->str);
}

const char *
ma_window_get_notes_text (MaWindow *self)
{
  return gtk_label_get_text (self->notes_label);
}

/* Moves the window to a machine rebuilt from a snapshot. */
void
ma_window_set_snapshot_machine (MaWindow   *self,
                                MaMachine  *machine,
                                MaSnapshot *snapshot,
                                GPtrArray  *notes,
                                const char *source,
                                const char *title)
{
  g_autoptr(MaSession) session = ma_session_new_for_machine (machine);

  ma_window_set_source (self, session, snapshot, notes, source, title);
}

static char *
snapshot_title (MaSnapshot *snapshot,
                const char *fallback)
{
  const char *host = ma_snapshot_get_hostname (snapshot);

  if (host != NULL && *host != '\0')
    return g_strdup (host);
  return g_strdup (fallback);
}

static gboolean
load_snapshot (MaWindow    *self,
               MaSnapshot  *snapshot,
               const char  *source,
               const char  *fallback_title,
               GError     **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaMachine) machine = NULL;
  g_autofree char *title = NULL;

  /* a snapshot claiming more than any machine has is refused before anything is built */
  if (!ma_snapshot_check_limits (snapshot, error))
    return FALSE;
  machine = ma_snapshot_machine_new (snapshot, 1, notes, error);
  if (machine == NULL)
    return FALSE;
  ma_window_stop_live (self);
  title = snapshot_title (snapshot, fallback_title);
  ma_window_set_snapshot_machine (self, machine, snapshot, notes, source, title);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Files and folders */

typedef enum
{
  FILE_KIND_PROC,         /* anything the /proc readers take: text files, bundles */
  FILE_KIND_SIMULATION,
  FILE_KIND_SCENARIO,
  FILE_KIND_MACHINE,
} FileKind;

/* Our JSON files say what they are in their first few kilobytes. */
static FileKind
sniff_kind (const char *head,
            gsize       length)
{
  gsize i = 0;

  while (i < length && g_ascii_isspace (head[i]))
    i++;
  if (i == length || head[i] != '{')
    return FILE_KIND_PROC;
  if (g_strstr_len (head, length, "\"memory-atlas-simulation\"") != NULL)
    return FILE_KIND_SIMULATION;
  if (g_strstr_len (head, length, "\"memory-atlas-scenario\"") != NULL)
    return FILE_KIND_SCENARIO;
  if (g_strstr_len (head, length, "\"memory-atlas-snapshot\"") != NULL)
    return FILE_KIND_PROC;
  return FILE_KIND_MACHINE;
}

/* Everything a user opens is looked at before it is read: a device (/dev/zero) would be read
 * until memory runs out, a pipe would wait for ever, and a file past the size cap is no
 * snapshot. Returns the file's type (regular or folder) and size. */
static gboolean
check_input (GFile     *file,
             GFileType *type,
             goffset   *size,
             GError   **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  *type = g_file_info_get_file_type (info);
  *size = g_file_info_get_size (info);
  if (*type != G_FILE_TYPE_REGULAR && *type != G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is neither a file nor a folder (a device, a pipe or a socket) and "
                     "cannot be opened"), name);
      return FALSE;
    }
  if (*type == G_FILE_TYPE_REGULAR && (guint64) *size > MA_LIMIT_BUNDLE_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size_full (MA_LIMIT_BUNDLE_FILE_SIZE,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” is larger than %s: too large to be a snapshot or a saved "
                     "simulation"), name, limit);
      return FALSE;
    }
  return TRUE;
}

/* Our JSON files are read whole: saved simulations and machine descriptions stay small. */
static gboolean
check_json_size (GFile    *file,
                 goffset   size,
                 GError  **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *limit = NULL;

  if ((guint64) size <= MA_LIMIT_JSON_FILE_SIZE)
    return TRUE;
  limit = g_format_size_full (MA_LIMIT_JSON_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("“%s” is larger than %s: too large to be a saved simulation or a machine "
                 "description"), name, limit);
  return FALSE;
}

static gboolean
read_head (GFile   *file,
           char    *buffer,
           gsize   *length,
           GError **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);

  if (stream == NULL)
    return FALSE;
  return g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, SNIFF_SIZE, length, NULL, error);
}

/* A saved simulation: its machine replayed from the description, the seed and the actions. */
static MaSession *
session_of_file (GFile   *file,
                 GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return ma_session_new_from_json (contents, (gssize) length, name, error);
}

static gboolean
load_json_file (MaWindow  *self,
                GFile     *file,
                FileKind   kind,
                GError   **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *source = g_strconcat ("file:", uri, NULL);
  g_autoptr(MaSession) session = NULL;
  gsize length = 0;

  if (kind == FILE_KIND_SCENARIO)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Scenarios can only be opened from a local file"));
          return FALSE;
        }
      /* the panel loads it and hands the simulation over (scenario-loaded) */
      return ma_load_panel_run_scenario (self->load_panel, path, error);
    }

  if (kind == FILE_KIND_SIMULATION)
    {
      session = session_of_file (file, error);
      if (session == NULL)
        return FALSE;
      ma_window_stop_live (self);
      ma_window_set_session (self, session, source, name);
      return TRUE;
    }

  {
    g_autoptr(MaMachineSpec) spec = NULL;

    if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
      return FALSE;
    spec = ma_machine_spec_new_from_json (contents, (gssize) length, name, error);
    if (spec == NULL)
      return FALSE;
    session = ma_session_new (spec, 1, error);
    if (session == NULL)
      return FALSE;
    ma_window_stop_live (self);
    ma_window_set_session (self, session, source, spec->title ? spec->title : name);
    return TRUE;
  }
}

/**
 * ma_window_load_file:
 *
 * Opens a saved simulation, a scenario, a machine description, a snapshot bundle, a /proc file,
 * a kernel log with an OOM report, or a folder of /proc files. On failure the window is as it
 * was and @error says why.
 */
gboolean
ma_window_load_file (MaWindow  *self,
                     GFile     *file,
                     GError   **error)
{
  GFileType type;
  goffset size;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *source = g_strconcat ("file:", uri, NULL);
  g_autoptr(MaSnapshot) snapshot = NULL;
  char head[SNIFF_SIZE];
  gsize length = 0;
  FileKind kind;

  if (!check_input (file, &type, &size, error))
    return FALSE;

  if (type == G_FILE_TYPE_DIRECTORY)
    {
      if (path == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("“%s” is not a local folder"), name);
          return FALSE;
        }
      snapshot = ma_snapshot_load_path (path, error);
      return snapshot != NULL && load_snapshot (self, snapshot, source, name, error);
    }

  if (!read_head (file, head, &length, error))
    return FALSE;
  kind = sniff_kind (head, length);
  if (kind != FILE_KIND_PROC)
    return check_json_size (file, size, error) && load_json_file (self, file, kind, error);

  if (path != NULL)
    snapshot = ma_snapshot_load_path (path, error);
  else
    {
      g_autofree char *contents = NULL;

      if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
        return FALSE;
      snapshot = ma_snapshot_new_from_text (contents, (gssize) length, name, error);
    }
  return snapshot != NULL && load_snapshot (self, snapshot, source, name, error);
}

/* Opens a file, or says clearly why not while keeping what the window showed. */
void
ma_window_open_file (MaWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;

  if (!ma_window_load_file (self, file, &error))
    {
      if (self->session == NULL)
        ma_window_restore_last_source (self);
      ma_window_show_error (self, error->message);
      return;
    }
  ma_window_remember_recent (self, file);
}

void
ma_window_restore_last_source (MaWindow *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-source");
  g_autofree char *preset = g_settings_get_string (self->settings, "default-preset");
  g_autoptr(GError) error = NULL;

  if (g_str_has_prefix (last, "preset:") && ma_window_load_preset (self, last + 7, NULL))
    return;
  if (g_str_has_prefix (last, "file:"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (last + 5);

      if (ma_window_load_file (self, file, NULL))
        return;
    }
  if (ma_window_load_preset (self, preset, NULL))
    return;
  if (!ma_window_load_preset (self, "x86_64-16g", &error))
    g_critical ("The built-in preset cannot be loaded: %s", error->message);
}

/* ------------------------------------------------------------------------------------------ */
/* Pasted and dropped text */

gboolean
ma_window_load_text (MaWindow    *self,
                     const char  *text,
                     GError     **error)
{
  g_autoptr(MaSnapshot) snapshot = ma_snapshot_new_from_text (text, -1, _("pasted text"), error);

  return snapshot != NULL && load_snapshot (self, snapshot, NULL, _("Pasted snapshot"), error);
}

static void
paste_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);

  if (text == NULL)
    {
      ma_window_show_error (self, error ? error->message : _("The clipboard holds no text"));
      return;
    }
  if (!ma_window_load_text (self, text, &error))
    ma_window_show_error (self, error->message);
}

static void
paste_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_text_async (clipboard, NULL, paste_ready_cb, g_object_ref (widget));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         MaWindow      *self)
{
  g_autoptr(GError) error = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;
      ma_window_open_file (self, files->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      if (!ma_window_load_text (self, g_value_get_string (value), &error))
        ma_window_show_error (self, error->message);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Recent files */

void
ma_window_remember_recent (MaWindow *self,
                           GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a, *ib = *(GtkRecentInfo **) b;
  GDateTime *ta = gtk_recent_info_get_modified (ia), *tb = gtk_recent_info_get_modified (ib);

  return g_date_time_compare (tb, ta);
}

static void
update_recent (MaWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();

  for (GList *l = items; l; l = l->next)
    if (gtk_recent_info_has_application (l->data, g_get_prgname ()))
      g_ptr_array_add (mine, l->data);
  g_ptr_array_sort (mine, compare_recent);

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; i < MIN (mine->len, MAX_RECENT); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (mine, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_section, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  ma_window_open_file (MA_WINDOW (widget), file);
}

/* ------------------------------------------------------------------------------------------ */
/* Live: this machine, read again every few seconds */

gboolean
ma_window_is_live (MaWindow *self)
{
  return self->live_source_id != 0;
}

typedef struct
{
  MaSnapshot *snapshot;
  MaMachine  *machine;
  GPtrArray  *notes;
} Capture;

static void
capture_free (Capture *c)
{
  g_clear_pointer (&c->snapshot, ma_snapshot_unref);
  g_clear_object (&c->machine);
  g_clear_pointer (&c->notes, g_ptr_array_unref);
  g_free (c);
}

/* This machine's /proc and /sys; tests point it at a copy (MA_LIVE_ROOT) with files taken
 * away or made unreadable. */
static const char *
live_root (void)
{
  const char *root = g_getenv ("MA_LIVE_ROOT");

  return root != NULL && *root != '\0' ? root : "/";
}

/* In a worker thread: reading /proc and rebuilding a machine from it take milliseconds on a
 * laptop but can take more on a large server, and the map must keep drawing meanwhile. */
static void
capture_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Capture *c = g_new0 (Capture, 1);
  GError *error = NULL;

  c->notes = g_ptr_array_new_with_free_func (g_free);
  c->snapshot = ma_procfs_capture (live_root (), MA_CAPTURE_DEFAULT, &error);
  if (c->snapshot != NULL && ma_snapshot_check_limits (c->snapshot, &error))
    c->machine = ma_snapshot_machine_new (c->snapshot, 1, c->notes, &error);
  if (c->machine == NULL)
    {
      capture_free (c);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, c, (GDestroyNotify) capture_free);
}

static void live_schedule (MaWindow *self);

static void
live_capture_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MaWindow *self = MA_WINDOW (object);
  g_autoptr(GError) error = NULL;
  Capture *c = g_task_propagate_pointer (G_TASK (result), &error);
  MaMachine *m;

  self->live_busy = FALSE;
  if (!ma_window_is_live (self))
    {
      g_clear_pointer (&c, capture_free);
      return;
    }
  if (c == NULL)
    {
      /* a passing read error is retried; a lasting one ends the live view with its reason */
      if (++self->live_errors >= LIVE_MAX_ERRORS)
        {
          g_autofree char *text = g_strdup_printf (_("The live view stopped: %s"), error->message);

          ma_window_stop_live (self);
          ma_window_show_error (self, text);
        }
      return;
    }
  self->live_errors = 0;
  g_set_object (&self->live_latest, c->machine);

  m = ma_window_get_machine (self);
  if (self->live_started && m != NULL && ma_machine_reconstruct_from (m, c->machine, NULL, NULL))
    {
      /* the same machine moves on: the map redraws what changed, the recorder adds a tick */
      g_clear_pointer (&self->snapshot, ma_snapshot_unref);
      self->snapshot = ma_snapshot_ref (c->snapshot);
      g_clear_pointer (&self->notes, g_ptr_array_unref);
      self->notes = g_ptr_array_ref (c->notes);
      ma_explain_panel_set_source (self->explain_panel, m, self->snapshot);
      ma_machine_notify_changed (m);
    }
  else
    {
      /* the first capture, or memory was hot-plugged: a new machine and a new history */
      g_autofree char *host = snapshot_title (c->snapshot, _("This computer"));

      self->live_started = TRUE;
      ma_window_set_snapshot_machine (self, c->machine, c->snapshot, c->notes, "live", host);
    }
  ma_simulation_record (self->simulation);
  ma_window_pressure_refresh (self);
  ma_window_refresh (self);
  capture_free (c);
}

static void
live_capture (MaWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->live_busy)
    return;
  self->live_busy = TRUE;
  task = g_task_new (self, NULL, live_capture_done, NULL);
  g_task_run_in_thread (task, capture_thread);
}

static gboolean
live_tick (gpointer data)
{
  MaWindow *self = data;

  live_capture (self);
  return G_SOURCE_CONTINUE;
}

static void
live_schedule (MaWindow *self)
{
  g_clear_handle_id (&self->live_source_id, g_source_remove);
  self->live_source_id = g_timeout_add (g_settings_get_uint (self->settings, "live-interval"),
                                        live_tick, self);
}

static void
live_interval_changed_cb (MaWindow *self)
{
  if (ma_window_is_live (self))
    live_schedule (self);
}

void
ma_window_start_live (MaWindow *self)
{
  if (ma_window_is_live (self))
    return;
  self->live_errors = 0;
  self->live_started = FALSE;
  live_schedule (self);
  live_capture (self);
  ma_window_update_actions (self);
}

void
ma_window_stop_live (MaWindow *self)
{
  if (!ma_window_is_live (self))
    return;
  g_clear_handle_id (&self->live_source_id, g_source_remove);
  g_clear_object (&self->live_latest);
  self->live_started = FALSE;
  ma_window_update_badge (self);
  ma_window_update_actions (self);
}

static void
live_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);

  if (ma_window_is_live (self))
    ma_window_stop_live (self);
  else
    ma_window_start_live (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Capture This Machine… */

static void
capture_chosen (GFile    *file,
                gpointer  user_data)
{
  MaWindow *self = MA_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snapshot = ma_procfs_capture ("/", MA_CAPTURE_DEFAULT, &error);
  g_autoptr(GBytes) bundle = NULL;

  if (snapshot == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This machine could not be captured: %s"),
                                               error->message);
      ma_window_show_error (self, text);
      return;
    }
  bundle = ma_snapshot_to_bundle (snapshot);
  if (!ma_window_write_file (file, g_bytes_get_data (bundle, NULL), g_bytes_get_size (bundle),
                             &error))
    {
      g_autofree char *text = g_strdup_printf (_("The snapshot could not be saved: %s"),
                                               error->message);
      ma_window_show_error (self, text);
      return;
    }
  ma_window_remember_recent (self, file);
  ma_window_toast (self, _("Snapshot saved"));
}

static void
capture_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *initial = g_strdup_printf ("%s-%s.snapshot.json", g_get_host_name (), stamp);

  gtk_file_filter_set_name (json, _("Snapshot bundles"));
  gtk_file_filter_add_pattern (json, "*.json");
  g_list_store_append (filters, json);
  ma_file_chooser_save (GTK_WINDOW (widget), _("Capture This Machine"), initial,
                        G_LIST_MODEL (filters), capture_chosen, widget);
}

/* ------------------------------------------------------------------------------------------ */
/* Compare */

static void
show_comparison (MaWindow   *self,
                 MaMachine  *before,
                 const char *before_title,
                 MaMachine  *after,
                 const char *after_title)
{
  GtkWidget *window = ma_compare_window_new (GTK_WINDOW (self), before, before_title, after,
                                             after_title);

  gtk_window_present (GTK_WINDOW (window));
}

/* A file to compare with is opened on its own, without touching the window's machine. */
static MaMachine *
machine_of_file (GFile   *file,
                 GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(MaSnapshot) snapshot = NULL;
  g_autofree char *name = g_file_get_basename (file);
  char head[SNIFF_SIZE];
  gsize length = 0;
  GFileType type;
  goffset size;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("“%s” is not a local file"), name);
      return NULL;
    }
  if (!check_input (file, &type, &size, error))
    return NULL;
  if (type != G_FILE_TYPE_DIRECTORY)
    {
      FileKind kind;

      if (!read_head (file, head, &length, error))
        return NULL;
      kind = sniff_kind (head, length);
      if (kind == FILE_KIND_SIMULATION)
        {
          g_autoptr(MaSession) session = check_json_size (file, size, error)
                                         ? session_of_file (file, error) : NULL;

          return session ? g_object_ref (ma_session_get_machine (session)) : NULL;
        }
      if (kind != FILE_KIND_PROC)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("“%s” cannot be compared: choose a snapshot or a saved simulation"), name);
          return NULL;
        }
    }
  snapshot = ma_snapshot_load_path (path, error);
  if (snapshot == NULL || !ma_snapshot_check_limits (snapshot, error))
    return NULL;
  return ma_snapshot_machine_new (snapshot, 1, NULL, error);
}

static void
compare_chosen (GFile    *file,
                gpointer  user_data)
{
  MaWindow *self = MA_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) other = machine_of_file (file, &error);
  g_autofree char *name = g_file_get_basename (file);

  if (other == NULL)
    {
      ma_window_show_error (self, error->message);
      return;
    }
  show_comparison (self, other, name, ma_window_get_machine (self), self->source_title);
}

static void
compare_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* live, with a moment marked: that moment against now */
  if (ma_window_is_live (self) && self->compare_mark != NULL && self->live_latest != NULL)
    {
      show_comparison (self, self->compare_mark, self->compare_mark_title, self->live_latest, _("Now"));
      return;
    }
  gtk_file_filter_set_name (all, _("Snapshots and saved simulations"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);
  ma_file_chooser_open (GTK_WINDOW (widget), _("Compare With"), G_LIST_MODEL (filters), FALSE,
                        compare_chosen, widget);
}

static void
mark_moment_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->live_latest == NULL)
    return;
  g_set_object (&self->compare_mark, self->live_latest);
  g_free (self->compare_mark_title);
  self->compare_mark_title = g_date_time_format (now, _("Marked at %H:%M:%S"));
  ma_window_toast (self, _("Moment marked: Compare With… shows what changed since"));
  ma_window_update_actions (self);
}

/* ------------------------------------------------------------------------------------------ */

static void
open_folder_chosen (GFile    *file,
                    gpointer  user_data)
{
  ma_window_open_file (MA_WINDOW (user_data), file);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  ma_file_chooser_open (GTK_WINDOW (widget), _("Open a Folder of /proc Files"), NULL, TRUE,
                        open_folder_chosen, widget);
}

void
ma_window_install_source_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-folder", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.paste-snapshot", NULL, paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "win.paste-snapshot", NULL);
  gtk_widget_class_install_action (widget_class, "win.live", NULL, live_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.live", NULL);
  gtk_widget_class_install_action (widget_class, "win.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.mark-moment", NULL, mark_moment_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.mark-moment", NULL);
}

void
ma_window_sources_init (MaWindow *self)
{
  /* the notes sit in a scrolled window that does not pass on their natural width: without a
   * minimum, a sentence naming a /proc file wraps after every word */
  gtk_label_set_width_chars (self->notes_label, 48);

  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_STRING };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (update_recent),
                           self, G_CONNECT_SWAPPED);
  update_recent (self);
}

void
ma_window_sources_settings_ready (MaWindow *self)
{
  g_signal_connect_object (self->settings, "changed::live-interval",
                           G_CALLBACK (live_interval_changed_cb), self, G_CONNECT_SWAPPED);
}

void
ma_window_sources_dispose (MaWindow *self)
{
  g_clear_handle_id (&self->live_source_id, g_source_remove);
  g_clear_object (&self->live_latest);
  g_clear_object (&self->compare_mark);
  g_clear_pointer (&self->compare_mark_title, g_free);
  g_clear_pointer (&self->snapshot, ma_snapshot_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
}
