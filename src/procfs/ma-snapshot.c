/* ma-snapshot.c: the snapshot model
 *
 * A snapshot keeps each file twice: verbatim (so a bundle can carry the exact text and be read
 * back into exactly the same structs) and parsed. Warnings are of two kinds: those of loading
 * (partial dumps, skipped lines, second copies of a file) are kept as they are found; those of
 * cross-checking files against each other are derived when asked for, so they always describe
 * the current contents. Notes are what a capture could not read; they travel in bundles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot"

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-line-scanner.h"
#include "ma-procfs-private.h"
#include "ma-snapshot.h"
#include "ma-snapshot-limits.h"
#include "ma-snapshot-private.h"

#define MAX_RATIOS 64

typedef struct
{
  gboolean present;
  char    *text;       /* verbatim, NUL-terminated; NULL for binary kinds */
  gsize    length;
  guint    first_line; /* line of the text where the part starts (pasted text) */
  char    *source;     /* where it came from, for messages */
} Part;

/* a file a capture could not read: where, why, and whether root could have */
typedef struct
{
  char    *path;
  char    *reason;
  gboolean needs_root;
} Unreadable;

typedef struct
{
  char    *name;
  char    *text;       /* verbatim */
  gint64  *values;     /* the integers of the text, if it is only integers */
  guint    n_values;
} Sysctl;

struct _MaSnapshot
{
  gatomicrefcount  ref_count;
  Part             parts[MA_PROCFS_N_KINDS];
  Unreadable       unreadable[MA_PROCFS_N_KINDS];
  MaZoneinfo      *zoneinfo;
  MaBuddyinfo     *buddyinfo;
  MaPagetypeinfo  *pagetypeinfo;
  MaKeyValueFile  *meminfo;
  MaKeyValueFile  *vmstat;
  GPtrArray       *oom_reports;       /* MaOomReport */
  MaPageRle       *kpageflags;
  MaPageRle       *kpagecount;
  GPtrArray       *sysctls;           /* Sysctl *, sorted by name */
  char            *thp_text;
  char            *thp_mode;
  char            *kernel_release;
  char            *machine;
  char            *hostname;
  char            *source;
  guint            page_size;
  guint            n_cpus;
  gint64           capture_time;
  GPtrArray       *notes;             /* NULL-terminated */
  GPtrArray       *load_warnings;
  GPtrArray       *warnings;          /* NULL-terminated cache, NULL when stale */
};

G_DEFINE_BOXED_TYPE (MaSnapshot, ma_snapshot, ma_snapshot_ref, ma_snapshot_unref)

static void
sysctl_free (gpointer data)
{
  Sysctl *s = data;

  g_free (s->name);
  g_free (s->text);
  g_free (s->values);
  g_free (s);
}

static GPtrArray *
new_string_list (void)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (a, NULL);
  return a;
}

static void
string_list_add (GPtrArray  *list,
                 char       *str)
{
  /* keep the NULL terminator last */
  list->pdata[list->len - 1] = str;
  g_ptr_array_add (list, NULL);
}

static void
invalidate (MaSnapshot *self)
{
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
}

/**
 * ma_snapshot_new:
 *
 * Returns: (transfer full): an empty snapshot
 */
MaSnapshot *
ma_snapshot_new (void)
{
  MaSnapshot *self = g_new0 (MaSnapshot, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->oom_reports = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_oom_report_unref);
  self->sysctls = g_ptr_array_new_with_free_func (sysctl_free);
  self->notes = new_string_list ();
  self->load_warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

/**
 * ma_snapshot_ref:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaSnapshot *
ma_snapshot_ref (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_snapshot_unref:
 * @self: (transfer full): a #MaSnapshot
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_snapshot_unref (MaSnapshot *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < MA_PROCFS_N_KINDS; i++)
    {
      g_free (self->parts[i].text);
      g_free (self->parts[i].source);
      g_free (self->unreadable[i].path);
      g_free (self->unreadable[i].reason);
    }
  g_clear_pointer (&self->zoneinfo, ma_zoneinfo_unref);
  g_clear_pointer (&self->buddyinfo, ma_buddyinfo_unref);
  g_clear_pointer (&self->pagetypeinfo, ma_pagetypeinfo_unref);
  g_clear_pointer (&self->meminfo, ma_key_value_file_unref);
  g_clear_pointer (&self->vmstat, ma_key_value_file_unref);
  g_clear_pointer (&self->kpageflags, ma_page_rle_unref);
  g_clear_pointer (&self->kpagecount, ma_page_rle_unref);
  g_ptr_array_unref (self->oom_reports);
  g_ptr_array_unref (self->sysctls);
  g_free (self->thp_text);
  g_free (self->thp_mode);
  g_free (self->kernel_release);
  g_free (self->machine);
  g_free (self->hostname);
  g_free (self->source);
  g_ptr_array_unref (self->notes);
  g_ptr_array_unref (self->load_warnings);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

static void
add_parser_warnings (MaSnapshot         *self,
                     const char * const *warnings)
{
  for (; warnings != NULL && *warnings != NULL; warnings++)
    g_ptr_array_add (self->load_warnings, g_strdup (*warnings));
  invalidate (self);
}

/**
 * ma_snapshot_add_warning:
 * @self: a #MaSnapshot
 * @warning: a human-readable warning
 *
 * Adds a warning of loading (not saved in bundles).
 */
void
ma_snapshot_add_warning (MaSnapshot *self,
                         const char *warning)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (warning != NULL);
  g_ptr_array_add (self->load_warnings, g_utf8_make_valid (warning, -1));
  invalidate (self);
}

/**
 * ma_snapshot_add_note:
 * @self: a #MaSnapshot
 * @note: what a capture could or could not read (`pagetypeinfo: not readable without root`)
 *
 * Adds a note; notes are saved in bundles.
 */
void
ma_snapshot_add_note (MaSnapshot *self,
                      const char *note)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (note != NULL);
  string_list_add (self->notes, g_strdup (note));
}

/* --- parts ---------------------------------------------------------------------------------- */

static gboolean
is_text_kind (MaProcfsKind kind)
{
  return kind >= MA_PROCFS_KIND_ZONEINFO && kind <= MA_PROCFS_KIND_KERNEL_LOG;
}

static gboolean
add_part_at (MaSnapshot   *self,
             MaProcfsKind  kind,
             const char   *data,
             gsize         length,
             const char   *source_name,
             guint         first_line,
             GError      **error)
{
  Part *part;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (source_name == NULL)
    source_name = ma_procfs_kind_to_string (kind);

  if (!is_text_kind (kind) && kind != MA_PROCFS_KIND_KPAGEFLAGS &&
      kind != MA_PROCFS_KIND_KPAGECOUNT)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: not a file of a kind a snapshot holds"), source_name);
      return FALSE;
    }

  part = &self->parts[kind];
  if (part->present)
    {
      g_autofree char *w = NULL;

      if (first_line > 1)
        w = g_strdup_printf (_("%s, line %u: a second %s was ignored (the first one, from %s, is "
                               "used)"), source_name, first_line, ma_procfs_kind_to_string (kind),
                             part->source);
      else
        w = g_strdup_printf (_("%s: a second %s was ignored (the first one, from %s, is used)"),
                             source_name, ma_procfs_kind_to_string (kind), part->source);
      ma_snapshot_add_warning (self, w);
      return TRUE;
    }

  /* node numbers and the count of zones, before a parser spends time on them */
  if (!ma_snapshot_limits_scan_text (kind, data, length, source_name, first_line, error))
    return FALSE;

  switch (kind)
    {
    case MA_PROCFS_KIND_ZONEINFO:
      self->zoneinfo = ma_zoneinfo_parse_at (data, (gssize) length, source_name, first_line, error);
      if (self->zoneinfo == NULL)
        return FALSE;
      if (!ma_snapshot_limits_check_zoneinfo (self->zoneinfo, source_name, error))
        {
          g_clear_pointer (&self->zoneinfo, ma_zoneinfo_unref);
          return FALSE;
        }
      add_parser_warnings (self, ma_zoneinfo_get_warnings (self->zoneinfo));
      break;

    case MA_PROCFS_KIND_BUDDYINFO:
      self->buddyinfo = ma_buddyinfo_parse_at (data, (gssize) length, source_name, first_line,
                                               error);
      if (self->buddyinfo == NULL)
        return FALSE;
      add_parser_warnings (self, ma_buddyinfo_get_warnings (self->buddyinfo));
      break;

    case MA_PROCFS_KIND_PAGETYPEINFO:
      self->pagetypeinfo = ma_pagetypeinfo_parse_at (data, (gssize) length, source_name,
                                                     first_line, error);
      if (self->pagetypeinfo == NULL)
        return FALSE;
      add_parser_warnings (self, ma_pagetypeinfo_get_warnings (self->pagetypeinfo));
      break;

    case MA_PROCFS_KIND_MEMINFO:
    case MA_PROCFS_KIND_VMSTAT:
      {
        MaKeyValueFile *kv;

        kv = ma_key_value_file_parse_at (kind == MA_PROCFS_KIND_MEMINFO ? MA_KEY_VALUE_MEMINFO
                                                                        : MA_KEY_VALUE_VMSTAT,
                                         data, (gssize) length, source_name, first_line, error);
        if (kv == NULL)
          return FALSE;
        add_parser_warnings (self, ma_key_value_file_get_warnings (kv));
        if (kind == MA_PROCFS_KIND_MEMINFO)
          self->meminfo = kv;
        else
          self->vmstat = kv;
      }
      break;

    case MA_PROCFS_KIND_KERNEL_LOG:
      {
        g_autoptr(GPtrArray) reports = ma_oom_report_parse_all_at (data, (gssize) length,
                                                                   source_name, first_line, error);
        if (reports == NULL)
          return FALSE;
        for (guint i = 0; i < reports->len; i++)
          if (!ma_snapshot_limits_check_oom (reports->pdata[i], source_name, error))
            return FALSE;
        for (guint i = 0; i < reports->len; i++)
          {
            add_parser_warnings (self, ma_oom_report_get_warnings (reports->pdata[i]));
            g_ptr_array_add (self->oom_reports, ma_oom_report_ref (reports->pdata[i]));
          }
      }
      break;

    case MA_PROCFS_KIND_KPAGEFLAGS:
    case MA_PROCFS_KIND_KPAGECOUNT:
      {
        gsize dropped = 0;
        g_autoptr(MaPageRle) rle = ma_page_rle_parse_binary ((const guint8 *) data, length,
                                                              source_name, &dropped, error);
        if (rle == NULL)
          return FALSE;
        if (dropped > 0)
          {
            g_autofree char *w = g_strdup_printf (_("%s: the last %zu bytes are "
                                                    "not a whole 8-byte frame (the copy is cut "
                                                    "short) and were ignored"), source_name, dropped);
            ma_snapshot_add_warning (self, w);
          }
        ma_snapshot_set_page_flags (self, kind, rle);
        g_free (part->source);
        part->source = g_strdup (source_name);
        return TRUE;
      }

    case MA_PROCFS_KIND_UNKNOWN:
    case MA_PROCFS_KIND_BUNDLE:
    default:
      g_assert_not_reached ();
    }

  part->present = TRUE;
  part->text = g_strndup (data, length);
  part->length = length;
  part->first_line = first_line;
  part->source = g_strdup (source_name);
  invalidate (self);
  return TRUE;
}

gboolean
ma_snapshot_add_part_at (MaSnapshot   *self,
                         MaProcfsKind  kind,
                         const char   *data,
                         gsize         length,
                         const char   *source_name,
                         guint         first_line,
                         GError      **error)
{
  return add_part_at (self, kind, data, length, source_name, MAX (first_line, 1), error);
}

guint
ma_snapshot_get_part_first_line (MaSnapshot   *self,
                                 MaProcfsKind  kind)
{
  g_return_val_if_fail (self != NULL, 1);
  if ((guint) kind >= MA_PROCFS_N_KINDS || !self->parts[kind].present)
    return 1;
  return MAX (self->parts[kind].first_line, 1);
}

/**
 * ma_snapshot_add_part:
 * @self: a #MaSnapshot
 * @kind: what @data is
 * @data: (array length=length): the file contents
 * @length: their length
 * @source_name: (nullable): the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Parses one file of a known kind into the snapshot. A second file of a kind already present
 * is ignored with a warning.
 *
 * Returns: %TRUE on success
 */
gboolean
ma_snapshot_add_part (MaSnapshot   *self,
                      MaProcfsKind  kind,
                      const char   *data,
                      gsize         length,
                      const char   *source_name,
                      GError      **error)
{
  return add_part_at (self, kind, data, length, source_name, 1, error);
}

/**
 * ma_snapshot_set_page_flags:
 * @self: a #MaSnapshot
 * @kind: %MA_PROCFS_KIND_KPAGEFLAGS or %MA_PROCFS_KIND_KPAGECOUNT
 * @frames: the frames (e.g. streamed by the reader)
 *
 * Returns: %FALSE if @kind is not a page frame kind
 */
gboolean
ma_snapshot_set_page_flags (MaSnapshot   *self,
                            MaProcfsKind  kind,
                            MaPageRle    *frames)
{
  MaPageRle **slot;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (frames != NULL, FALSE);

  if (kind == MA_PROCFS_KIND_KPAGEFLAGS)
    slot = &self->kpageflags;
  else if (kind == MA_PROCFS_KIND_KPAGECOUNT)
    slot = &self->kpagecount;
  else
    return FALSE;

  g_clear_pointer (slot, ma_page_rle_unref);
  *slot = ma_page_rle_ref (frames);
  self->parts[kind].present = TRUE;
  if (self->parts[kind].source == NULL)
    self->parts[kind].source = g_strdup (ma_procfs_kind_to_string (kind));
  invalidate (self);
  return TRUE;
}

/**
 * ma_snapshot_add_text:
 * @self: a #MaSnapshot
 * @text: text holding one or several files (zoneinfo followed by buddyinfo, a dmesg with an
 *   OOM report, …), as pasted by a user
 * @length: its length, or -1 if NUL-terminated
 * @source_name: (nullable): the name used in messages (`pasted text`, a file name)
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Recognises each file in @text by its structure and adds them. Lines that belong to no format
 * are skipped with a warning.
 *
 * Returns: %TRUE on success; %FALSE if nothing was recognised or a part is malformed
 */
gboolean
ma_snapshot_add_text (MaSnapshot  *self,
                      const char  *text,
                      gssize       length,
                      const char  *source_name,
                      GError     **error)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GArray) unrecognised = NULL;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  if (source_name == NULL)
    /* Translators: names text pasted into the app, in messages, where a file name would stand */
    source_name = _("pasted text");
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!ma_scan_check_text (text, len, source_name, error))
    return FALSE;

  segments = ma_procfs_split (text, len, &unrecognised);
  if (segments->len == 0)
    {
      gboolean blank = TRUE;

      for (gsize i = 0; i < len && blank; i++)
        blank = g_ascii_isspace (text[i]);
      if (blank)
        g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY, _("%s: the text is empty"),
                     source_name);
      else
        g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                     _("%s: no /proc file recognised (expected zoneinfo, buddyinfo, pagetypeinfo, "
                       "meminfo, vmstat or a kernel log with an OOM report)"), source_name);
      return FALSE;
    }

  for (guint i = 0; i < unrecognised->len; i++)
    {
      const MaProcfsSegment *u = &g_array_index (unrecognised, MaProcfsSegment, i);
      g_autofree char *w = NULL;

      if (u->n_lines == 1)
        w = g_strdup_printf (_("%s, line %u: not part of any known file, ignored"), source_name,
                             u->first_line);
      else
        w = g_strdup_printf (_("%s, lines %u–%u: not part of any known file, ignored"), source_name,
                             u->first_line, u->first_line + u->n_lines - 1);
      ma_snapshot_add_warning (self, w);
    }

  for (guint i = 0; i < segments->len; i++)
    {
      const MaProcfsSegment *seg = &g_array_index (segments, MaProcfsSegment, i);

      if (!add_part_at (self, seg->kind, text + seg->offset, seg->length, source_name,
                        seg->first_line, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ma_snapshot_new_from_text:
 * @text: text holding one or several /proc files
 * @length: its length, or -1 if NUL-terminated
 * @source_name: (nullable): the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Returns: (transfer full) (nullable): a snapshot of the files in @text
 */
MaSnapshot *
ma_snapshot_new_from_text (const char  *text,
                           gssize       length,
                           const char  *source_name,
                           GError     **error)
{
  g_autoptr(MaSnapshot) self = ma_snapshot_new ();

  if (!ma_snapshot_add_text (self, text, length, source_name, error))
    return NULL;
  ma_snapshot_set_source (self, source_name != NULL ? source_name : _("pasted text"));
  if (!ma_snapshot_check_limits (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* --- files by name -------------------------------------------------------------------------- */

static const char * const known_sysctls[] = {
  "min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor", "lowmem_reserve_ratio",
  "percpu_pagelist_high_fraction", "percpu_pagelist_fraction", "extfrag_threshold",
  "compaction_proactiveness", "swappiness", "overcommit_memory", "overcommit_ratio",
  "zone_reclaim_mode", "numa_zonelist_order", "nr_hugepages", "admin_reserve_kbytes",
  "user_reserve_kbytes", "min_unmapped_ratio", "min_slab_ratio",
};

static gboolean
is_known_sysctl (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_sysctls); i++)
    if (strcmp (known_sysctls[i], name) == 0)
      return TRUE;
  return FALSE;
}

static char *
first_line_of (GBytes *contents)
{
  gsize len;
  const char *data = g_bytes_get_data (contents, &len);
  const char *nl = memchr (data, '\n', len);
  g_autofree char *line = g_strndup (data, nl ? (gsize) (nl - data) : len);

  return g_strdup (g_strstrip (line));
}

/**
 * ma_snapshot_add_file:
 * @self: a #MaSnapshot
 * @path: the file's path or name; its name says what sysctl or /sys file it is
 *   (`proc/sys/vm/min_free_kbytes`, `sys/kernel/mm/transparent_hugepage/enabled`,
 *   `proc/sys/kernel/osrelease`, …) and helps with binary files (`kpageflags`, `kpagecount`)
 * @contents: the file contents
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Adds any file a snapshot can hold. Text is recognised by content (a file may hold several
 * /proc files); `SOURCE.txt` and `README*` files are ignored.
 *
 * Returns: %TRUE on success
 */
gboolean
ma_snapshot_add_file (MaSnapshot  *self,
                      const char  *path,
                      GBytes      *contents,
                      GError     **error)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;
  MaProcfsKind by_name;
  const char *data;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  base = g_path_get_basename (path);
  display = g_filename_display_name (path);     /* messages are UTF-8, paths need not be */
  dir = g_path_get_dirname (path);
  data = g_bytes_get_data (contents, &len);
  if (data == NULL)
    data = "";

  if (strcmp (base, "SOURCE.txt") == 0 || g_str_has_prefix (base, "README") ||
      strcmp (base, "INDEX.md") == 0)
    return TRUE;

  /* /sys and /proc/sys files: the name is all there is to go by */
  if (is_known_sysctl (base) || g_str_has_suffix (dir, "sys/vm"))
    {
      g_autofree char *text = g_strndup (data, len);
      g_autoptr(GError) local_error = NULL;

      if (!ma_scan_check_text (data, len, display, error))
        return FALSE;
      if (!ma_snapshot_set_sysctl (self, base, text, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
          return FALSE;
        }
      return TRUE;
    }
  if ((strcmp (base, "enabled") == 0 && g_str_has_suffix (dir, "transparent_hugepage")) ||
      strcmp (base, "transparent_hugepage_enabled") == 0 || strcmp (base, "thp_enabled") == 0)
    {
      g_autofree char *text = g_strndup (data, len);
      g_autoptr(GError) local_error = NULL;

      if (!ma_scan_check_text (data, len, display, error))
        return FALSE;
      if (!ma_snapshot_set_thp_enabled (self, text, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
          return FALSE;
        }
      return TRUE;
    }
  if (strcmp (base, "osrelease") == 0 || strcmp (base, "hostname") == 0)
    {
      g_autofree char *line = NULL;

      if (!ma_scan_check_text (data, len, display, error))
        return FALSE;
      line = first_line_of (contents);
      if (strcmp (base, "osrelease") == 0)
        ma_snapshot_set_kernel_release (self, line);
      else
        ma_snapshot_set_hostname (self, line);
      return TRUE;
    }

  by_name = ma_procfs_kind_from_name (path);

  if (len > 0 && memchr (data, '\0', MIN (len, 4096)) != NULL)
    {
      MaProcfsKind kind = by_name;

      if (kind != MA_PROCFS_KIND_KPAGEFLAGS && kind != MA_PROCFS_KIND_KPAGECOUNT)
        {
          if (by_name != MA_PROCFS_KIND_UNKNOWN)
            return ma_scan_check_text (data, len, display, error);   /* binary where text belongs */
          kind = ma_procfs_sniff_binary ((const guint8 *) data, len);
        }
      return add_part_at (self, kind, data, len, display, 1, error);
    }

  switch (by_name)
    {
    case MA_PROCFS_KIND_ZONEINFO:
    case MA_PROCFS_KIND_BUDDYINFO:
    case MA_PROCFS_KIND_PAGETYPEINFO:
    case MA_PROCFS_KIND_MEMINFO:
    case MA_PROCFS_KIND_VMSTAT:
      {
        /* Content wins over a misleading name (a buddyinfo saved as "zoneinfo"); a file that
         * is recognised as nothing is parsed as its name says, for the precise error. */
        MaProcfsKind by_content = ma_procfs_sniff (data, len);

        if (by_content != MA_PROCFS_KIND_UNKNOWN && by_content != by_name &&
            by_content != MA_PROCFS_KIND_BUNDLE)
          {
            g_autofree char *w = g_strdup_printf (_("%s: named like %s but holds %s"), display,
                                                  ma_procfs_kind_to_string (by_name),
                                                  ma_procfs_kind_to_string (by_content));
            ma_snapshot_add_warning (self, w);
            return ma_snapshot_add_text (self, data, (gssize) len, display, error);
          }
      }
      return add_part_at (self, by_name, data, len, display, 1, error);

    case MA_PROCFS_KIND_KPAGEFLAGS:
    case MA_PROCFS_KIND_KPAGECOUNT:
      return add_part_at (self, by_name, data, len, display, 1, error);

    case MA_PROCFS_KIND_BUNDLE:
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: a snapshot bundle can only be opened on its own"), display);
      return FALSE;

    case MA_PROCFS_KIND_KERNEL_LOG:
    case MA_PROCFS_KIND_UNKNOWN:
    default:
      return ma_snapshot_add_text (self, data, (gssize) len, display, error);
    }
}

/* --- sysctls and /sys text ------------------------------------------------------------------ */

/* Integers separated by blanks (lowmem_reserve_ratio is tab-separated, any length). */
static gboolean
parse_integers (const char  *name,
                const char  *text,
                gint64     **values,
                guint       *n_values,
                GError     **error)
{
  const char *p = text;
  const char *end = text + strlen (text);
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (;;)
    {
      const char *tok;
      gint64 v;
      MaNumberStatus st;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end)
        break;
      tok = p;
      st = ma_parse_i64 (&p, end, &v);
      if (st != MA_NUMBER_OK || (p < end && !g_ascii_isspace (*p)))
        {
          const char *t_end = tok;
          g_autofree char *q = NULL;

          while (t_end < end && !g_ascii_isspace (*t_end))
            t_end++;
          q = ma_scan_quote (tok, t_end);
          g_set_error (error, MA_PROCFS_ERROR,
                       st == MA_NUMBER_OVERFLOW ? MA_PROCFS_ERROR_RANGE : MA_PROCFS_ERROR_SYNTAX,
                       st == MA_NUMBER_OVERFLOW ? _("%s: the number %s is too large to be real")
                                                : _("%s: expected numbers, found %s"), name, q);
          return FALSE;
        }
      if (a->len >= MAX_RATIOS)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       _("%s: more than %d numbers"), name, MAX_RATIOS);
          return FALSE;
        }
      g_array_append_val (a, v);
    }

  *n_values = a->len;
  *values = (gint64 *) g_array_free (g_steal_pointer (&a), FALSE);
  return TRUE;
}

static gint
compare_sysctl (gconstpointer a,
                gconstpointer b)
{
  const Sysctl *x = *(const Sysctl * const *) a;
  const Sysctl *y = *(const Sysctl * const *) b;

  return strcmp (x->name, y->name);
}

static Sysctl *
find_sysctl (MaSnapshot *self,
             const char *name)
{
  for (guint i = 0; i < self->sysctls->len; i++)
    {
      Sysctl *s = self->sysctls->pdata[i];
      if (strcmp (s->name, name) == 0)
        return s;
    }
  return NULL;
}

/**
 * ma_snapshot_set_sysctl:
 * @self: a #MaSnapshot
 * @name: the sysctl's file name under /proc/sys/vm (`min_free_kbytes`, `lowmem_reserve_ratio`,
 *   …)
 * @text: the file's text, kept verbatim
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Sets a vm sysctl. `min_free_kbytes`, `watermark_scale_factor` and `watermark_boost_factor`
 * must hold one integer, `lowmem_reserve_ratio` integers separated by blanks or tabs (any
 * count); other names are kept as text.
 *
 * Returns: %TRUE if the text is valid for that sysctl
 */
gboolean
ma_snapshot_set_sysctl (MaSnapshot  *self,
                        const char  *name,
                        const char  *text,
                        GError     **error)
{
  Sysctl *s;
  gint64 *values = NULL;
  guint n_values = 0;
  gboolean must_be_one;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  must_be_one = strcmp (name, "min_free_kbytes") == 0 ||
                strcmp (name, "watermark_scale_factor") == 0 ||
                strcmp (name, "watermark_boost_factor") == 0;

  if (!parse_integers (name, text, &values, &n_values, &local_error))
    {
      if (must_be_one || strcmp (name, "lowmem_reserve_ratio") == 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      values = NULL;
      n_values = 0;
    }
  if (must_be_one && n_values != 1)
    {
      g_autofree char *q = ma_scan_quote (text, text + strcspn (text, "\n"));
      g_free (values);
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: expected one number, found %s"), name, q);
      return FALSE;
    }

  s = find_sysctl (self, name);
  if (s == NULL)
    {
      s = g_new0 (Sysctl, 1);
      s->name = g_strdup (name);
      g_ptr_array_add (self->sysctls, s);
      g_ptr_array_sort (self->sysctls, compare_sysctl);
    }
  g_free (s->text);
  g_free (s->values);
  s->text = g_strdup (text);
  s->values = values;
  s->n_values = n_values;
  return TRUE;
}

/**
 * ma_snapshot_set_thp_enabled:
 * @self: a #MaSnapshot
 * @text: the text of /sys/kernel/mm/transparent_hugepage/enabled (`always [madvise] never`)
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Returns: %TRUE if a mode could be read (the bracketed word, or a single word)
 */
gboolean
ma_snapshot_set_thp_enabled (MaSnapshot  *self,
                             const char  *text,
                             GError     **error)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *copy = NULL;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strdup (text);
  words = g_strsplit_set (g_strstrip (copy), " \t\r\n", -1);
  n = 0;
  for (char **w = words; *w != NULL; w++)
    {
      gsize l = strlen (*w);

      if (l == 0)
        continue;
      n++;
      if (l > 2 && (*w)[0] == '[' && (*w)[l - 1] == ']')
        {
          g_free (mode);
          mode = g_strndup (*w + 1, l - 2);
        }
    }
  if (mode == NULL && n == 1)
    for (char **w = words; *w != NULL; w++)
      if (**w != '\0')
        mode = g_strdup (*w);
  if (mode == NULL || !g_utf8_validate (mode, -1, NULL))
    {
      g_autofree char *q = ma_scan_quote (text, text + strcspn (text, "\n"));
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("transparent_hugepage/enabled: expected “always [madvise] never”, found %s"), q);
      return FALSE;
    }

  g_free (self->thp_text);
  g_free (self->thp_mode);
  self->thp_text = g_strdup (text);
  self->thp_mode = g_steal_pointer (&mode);
  return TRUE;
}

#define SET_STRING(field, value) \
  G_STMT_START { g_free (self->field); self->field = g_strdup (value); } G_STMT_END

/**
 * ma_snapshot_set_kernel_release:
 * @self: a #MaSnapshot
 * @release: (nullable): `uname -r`
 */
void
ma_snapshot_set_kernel_release (MaSnapshot *self,
                                const char *release)
{
  g_return_if_fail (self != NULL);
  SET_STRING (kernel_release, release);
}

/**
 * ma_snapshot_set_machine:
 * @self: a #MaSnapshot
 * @machine: (nullable): `uname -m` (`x86_64`, `aarch64`, …)
 */
void
ma_snapshot_set_machine (MaSnapshot *self,
                         const char *machine)
{
  g_return_if_fail (self != NULL);
  SET_STRING (machine, machine);
}

/**
 * ma_snapshot_set_hostname:
 * @self: a #MaSnapshot
 * @hostname: (nullable): the host name
 */
void
ma_snapshot_set_hostname (MaSnapshot *self,
                          const char *hostname)
{
  g_return_if_fail (self != NULL);
  SET_STRING (hostname, hostname);
}

/**
 * ma_snapshot_set_source:
 * @self: a #MaSnapshot
 * @source: (nullable): where the snapshot comes from (a path, `this machine`, `pasted text`)
 */
void
ma_snapshot_set_source (MaSnapshot *self,
                        const char *source)
{
  g_return_if_fail (self != NULL);
  SET_STRING (source, source);
}

#undef SET_STRING

/**
 * ma_snapshot_set_page_size:
 * @self: a #MaSnapshot
 * @page_size: bytes per page, 0 if unknown
 */
void
ma_snapshot_set_page_size (MaSnapshot *self,
                           guint       page_size)
{
  g_return_if_fail (self != NULL);
  self->page_size = page_size;
}

/**
 * ma_snapshot_set_n_cpus:
 * @self: a #MaSnapshot
 * @n_cpus: number of CPUs, 0 if unknown
 */
void
ma_snapshot_set_n_cpus (MaSnapshot *self,
                        guint       n_cpus)
{
  g_return_if_fail (self != NULL);
  self->n_cpus = n_cpus;
}

/**
 * ma_snapshot_set_capture_time:
 * @self: a #MaSnapshot
 * @unix_usec: capture time in microseconds since 1970 (UTC), 0 if unknown
 */
void
ma_snapshot_set_capture_time (MaSnapshot *self,
                              gint64      unix_usec)
{
  g_return_if_fail (self != NULL);
  self->capture_time = unix_usec;
}

/* --- getters -------------------------------------------------------------------------------- */

/**
 * ma_snapshot_get_zoneinfo:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the parsed /proc/zoneinfo
 */
MaZoneinfo *
ma_snapshot_get_zoneinfo (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->zoneinfo;
}

/**
 * ma_snapshot_get_buddyinfo:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the parsed /proc/buddyinfo
 */
MaBuddyinfo *
ma_snapshot_get_buddyinfo (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->buddyinfo;
}

/**
 * ma_snapshot_get_pagetypeinfo:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the parsed /proc/pagetypeinfo
 */
MaPagetypeinfo *
ma_snapshot_get_pagetypeinfo (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pagetypeinfo;
}

/**
 * ma_snapshot_get_meminfo:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the parsed /proc/meminfo
 */
MaKeyValueFile *
ma_snapshot_get_meminfo (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->meminfo;
}

/**
 * ma_snapshot_get_vmstat:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the parsed /proc/vmstat
 */
MaKeyValueFile *
ma_snapshot_get_vmstat (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->vmstat;
}

/**
 * ma_snapshot_get_kpageflags:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the page flags of every frame
 */
MaPageRle *
ma_snapshot_get_kpageflags (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kpageflags;
}

/**
 * ma_snapshot_get_kpagecount:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (nullable): the map count of every frame
 */
MaPageRle *
ma_snapshot_get_kpagecount (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kpagecount;
}

/**
 * ma_snapshot_get_n_oom_reports:
 * @self: a #MaSnapshot
 *
 * Returns: the number of OOM reports / allocation failures found in kernel logs
 */
guint
ma_snapshot_get_n_oom_reports (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->oom_reports->len;
}

/**
 * ma_snapshot_get_oom_report:
 * @self: a #MaSnapshot
 * @index: a report index, in log order
 *
 * Returns: (transfer none): the report
 */
MaOomReport *
ma_snapshot_get_oom_report (MaSnapshot *self,
                            guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->oom_reports->len, NULL);
  return self->oom_reports->pdata[index];
}

/**
 * ma_snapshot_has:
 * @self: a #MaSnapshot
 * @kind: a kind
 *
 * Returns: %TRUE if the snapshot holds a file of @kind
 */
gboolean
ma_snapshot_has (MaSnapshot   *self,
                 MaProcfsKind  kind)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if ((guint) kind >= MA_PROCFS_N_KINDS)
    return FALSE;
  return self->parts[kind].present;
}

/**
 * ma_snapshot_get_text:
 * @self: a #MaSnapshot
 * @kind: a text kind
 * @length: (out) (optional): the length
 *
 * Returns: (nullable): the verbatim text the part was parsed from
 */
const char *
ma_snapshot_get_text (MaSnapshot   *self,
                      MaProcfsKind  kind,
                      gsize        *length)
{
  g_return_val_if_fail (self != NULL, NULL);
  if ((guint) kind >= MA_PROCFS_N_KINDS || self->parts[kind].text == NULL)
    {
      if (length)
        *length = 0;
      return NULL;
    }
  if (length)
    *length = self->parts[kind].length;
  return self->parts[kind].text;
}

/**
 * ma_snapshot_get_part_source:
 * @self: a #MaSnapshot
 * @kind: a kind
 *
 * Returns: (nullable): where the part came from (a path, `pasted text`, …)
 */
const char *
ma_snapshot_get_part_source (MaSnapshot   *self,
                             MaProcfsKind  kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  if ((guint) kind >= MA_PROCFS_N_KINDS)
    return NULL;
  return self->parts[kind].source;
}

/**
 * ma_snapshot_get_kernel_release:
 * @self: a #MaSnapshot
 *
 * Returns: (nullable): the kernel release (`uname -r`)
 */
const char *
ma_snapshot_get_kernel_release (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kernel_release;
}

/**
 * ma_snapshot_get_machine:
 * @self: a #MaSnapshot
 *
 * Returns: (nullable): the architecture (`uname -m`)
 */
const char *
ma_snapshot_get_machine (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->machine;
}

/**
 * ma_snapshot_get_hostname:
 * @self: a #MaSnapshot
 *
 * Returns: (nullable): the host name
 */
const char *
ma_snapshot_get_hostname (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->hostname;
}

/**
 * ma_snapshot_get_source:
 * @self: a #MaSnapshot
 *
 * Returns: (nullable): where the snapshot comes from
 */
const char *
ma_snapshot_get_source (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->source;
}

/**
 * ma_snapshot_set_unreadable:
 * @self: a #MaSnapshot
 * @kind: the kind of file
 * @path: (type filename): the file that could not be read
 * @reason: why, in a few words
 * @needs_root: whether it is readable by root only (pagetypeinfo since 5.4, kpageflags)
 *
 * Records that a capture could not read a file, so that what is missing because of it can be
 * said next to what is shown.
 */
void
ma_snapshot_set_unreadable (MaSnapshot   *self,
                            MaProcfsKind  kind,
                            const char   *path,
                            const char   *reason,
                            gboolean      needs_root)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) kind < MA_PROCFS_N_KINDS);
  g_return_if_fail (path != NULL);

  g_free (self->unreadable[kind].path);
  self->unreadable[kind].path = g_strdup (path);
  g_free (self->unreadable[kind].reason);
  self->unreadable[kind].reason = g_strdup (reason);
  self->unreadable[kind].needs_root = needs_root;
}

/**
 * ma_snapshot_get_unreadable:
 * @self: a #MaSnapshot
 * @kind: the kind of file
 * @reason: (out) (optional): why it could not be read
 * @needs_root: (out) (optional): whether only root can read it
 *
 * Returns: (nullable) (type filename): the file of @kind the capture could not read, or %NULL
 */
const char *
ma_snapshot_get_unreadable (MaSnapshot    *self,
                            MaProcfsKind   kind,
                            const char   **reason,
                            gboolean      *needs_root)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) kind < MA_PROCFS_N_KINDS, NULL);

  if (reason != NULL)
    *reason = self->unreadable[kind].reason;
  if (needs_root != NULL)
    *needs_root = self->unreadable[kind].needs_root;
  return self->unreadable[kind].path;
}

/**
 * ma_snapshot_get_page_size:
 * @self: a #MaSnapshot
 *
 * Returns: bytes per page; when not recorded, the size implied by an OOM report; 0 if unknown
 */
guint
ma_snapshot_get_page_size (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->page_size == 0)
    for (guint i = 0; i < self->oom_reports->len; i++)
      {
        guint ps = ma_oom_report_get_page_size (self->oom_reports->pdata[i]);
        if (ps != 0)
          return ps;
      }
  return self->page_size;
}

guint
ma_snapshot_get_recorded_page_size (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->page_size;
}

/**
 * ma_snapshot_get_n_cpus:
 * @self: a #MaSnapshot
 *
 * Returns: the CPU count recorded at capture, 0 if unknown (ma_zoneinfo_get_n_cpus() gives a
 *   lower bound from the pagesets)
 */
guint
ma_snapshot_get_n_cpus (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_cpus;
}

/**
 * ma_snapshot_get_capture_time:
 * @self: a #MaSnapshot
 *
 * Returns: capture time in microseconds since 1970 (UTC), 0 if unknown
 */
gint64
ma_snapshot_get_capture_time (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->capture_time;
}

/**
 * ma_snapshot_get_thp_enabled:
 * @self: a #MaSnapshot
 *
 * Returns: (nullable): the verbatim text of transparent_hugepage/enabled
 */
const char *
ma_snapshot_get_thp_enabled (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->thp_text;
}

/**
 * ma_snapshot_get_thp_mode:
 * @self: a #MaSnapshot
 *
 * Returns: (nullable): the selected transparent hugepage mode (`always`, `madvise`, `never`)
 */
const char *
ma_snapshot_get_thp_mode (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->thp_mode;
}

/**
 * ma_snapshot_list_sysctls:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer full): the names of the sysctls present, sorted
 */
char **
ma_snapshot_list_sysctls (MaSnapshot *self)
{
  GStrvBuilder *b;

  g_return_val_if_fail (self != NULL, NULL);

  b = g_strv_builder_new ();
  for (guint i = 0; i < self->sysctls->len; i++)
    g_strv_builder_add (b, ((Sysctl *) self->sysctls->pdata[i])->name);
  {
    char **names = g_strv_builder_end (b);
    g_strv_builder_unref (b);
    return names;
  }
}

/**
 * ma_snapshot_get_sysctl_text:
 * @self: a #MaSnapshot
 * @name: a sysctl name
 *
 * Returns: (nullable): its verbatim text
 */
const char *
ma_snapshot_get_sysctl_text (MaSnapshot *self,
                             const char *name)
{
  Sysctl *s;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  s = find_sysctl (self, name);
  return s ? s->text : NULL;
}

/**
 * ma_snapshot_get_sysctl_int:
 * @self: a #MaSnapshot
 * @name: a sysctl holding one integer (`min_free_kbytes`, `watermark_scale_factor`,
 *   `watermark_boost_factor`, …)
 * @value: (out) (optional): the value
 *
 * Returns: %TRUE if the sysctl is present and holds exactly one integer
 */
gboolean
ma_snapshot_get_sysctl_int (MaSnapshot *self,
                            const char *name,
                            gint64     *value)
{
  Sysctl *s;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  s = find_sysctl (self, name);
  if (s == NULL || s->n_values != 1)
    return FALSE;
  if (value)
    *value = s->values[0];
  return TRUE;
}

/**
 * ma_snapshot_get_lowmem_reserve_ratio:
 * @self: a #MaSnapshot
 * @ratios: (out) (array length=return) (transfer none) (optional): the ratios
 *
 * Returns: the number of ratios (one per zone index; 0 if the sysctl is absent)
 */
guint
ma_snapshot_get_lowmem_reserve_ratio (MaSnapshot    *self,
                                      const gint64 **ratios)
{
  Sysctl *s;

  g_return_val_if_fail (self != NULL, 0);

  s = find_sysctl (self, "lowmem_reserve_ratio");
  if (ratios)
    *ratios = s ? s->values : NULL;
  return s ? s->n_values : 0;
}

/* --- cross-checks --------------------------------------------------------------------------- */

/**
 * ma_snapshot_compare_free_pages:
 * @self: a #MaSnapshot
 *
 * Joins buddyinfo and zoneinfo by node and zone name.
 *
 * Returns: (transfer full) (element-type MaZoneDifference) (nullable): one entry per zone
 *   present in both files, or %NULL if the snapshot lacks one of them
 */
GArray *
ma_snapshot_compare_free_pages (MaSnapshot *self)
{
  GArray *diffs;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->zoneinfo == NULL || self->buddyinfo == NULL)
    return NULL;

  diffs = g_array_new (FALSE, TRUE, sizeof (MaZoneDifference));
  for (guint i = 0; i < ma_buddyinfo_get_n_zones (self->buddyinfo); i++)
    {
      const MaBuddyinfoZone *b = ma_buddyinfo_get_zone (self->buddyinfo, i);
      const MaZoneinfoZone *z = ma_zoneinfo_lookup_zone (self->zoneinfo, b->node_id, b->name);
      MaZoneDifference d = { 0 };
      guint64 size;

      if (z == NULL || !(z->fields & MA_ZONE_HAS_FREE))
        continue;
      size = (z->fields & MA_ZONE_HAS_PRESENT) ? z->present : MAX (z->free_pages, b->free_pages);
      d.node_id = b->node_id;
      d.zone_name = z->name;
      d.zoneinfo_free = z->free_pages;
      d.buddyinfo_free = b->free_pages;
      d.difference = (gint64) (b->free_pages - z->free_pages);
      d.tolerance = 1024 + size / 100;
      g_array_append_val (diffs, d);
    }
  return diffs;
}

static void
cross_check (MaSnapshot *self,
             GPtrArray  *out)
{
  g_autoptr(GArray) diffs = ma_snapshot_compare_free_pages (self);

  for (guint i = 0; diffs != NULL && i < diffs->len; i++)
    {
      const MaZoneDifference *d = &g_array_index (diffs, MaZoneDifference, i);
      guint64 magnitude = d->difference < 0 ? (guint64) 0 - (guint64) d->difference
                                            : (guint64) d->difference;

      if (magnitude > d->tolerance)
        g_ptr_array_add (out, g_strdup_printf (
          _("node %u, zone %s: buddyinfo's free blocks hold %" PRIu64 " pages but "
            "zoneinfo says %" PRIu64 " pages free (%+" PRId64 "); more than "
            "files read a moment apart usually differ (%" PRIu64 ")"),
          d->node_id, d->zone_name, d->buddyinfo_free, d->zoneinfo_free, d->difference,
          d->tolerance));
    }

  if (self->zoneinfo != NULL && self->buddyinfo != NULL && !ma_zoneinfo_is_partial (self->zoneinfo))
    {
      for (guint i = 0; i < ma_buddyinfo_get_n_zones (self->buddyinfo); i++)
        {
          const MaBuddyinfoZone *b = ma_buddyinfo_get_zone (self->buddyinfo, i);

          if (ma_zoneinfo_lookup_zone (self->zoneinfo, b->node_id, b->name) == NULL)
            g_ptr_array_add (out, g_strdup_printf (_("node %u, zone %s is in buddyinfo but not in "
                                                     "zoneinfo (are they from the same machine?)"),
                                                   b->node_id, b->name));
        }
    }

  if (self->pagetypeinfo != NULL && self->buddyinfo != NULL)
    for (guint i = 0; i < ma_pagetypeinfo_get_n_zones (self->pagetypeinfo); i++)
      {
        const MaPagetypeinfoZone *p = ma_pagetypeinfo_get_zone (self->pagetypeinfo, i);
        const MaBuddyinfoZone *b = ma_buddyinfo_lookup_zone (self->buddyinfo, p->node_id, p->name);
        guint differ = 0;

        if (b == NULL)
          continue;
        if (b->n_orders != p->n_orders)
          {
            g_ptr_array_add (out, g_strdup_printf (_("node %u, zone %s: pagetypeinfo has %u orders, "
                                                     "buddyinfo %u"), p->node_id, p->name,
                                                   p->n_orders, b->n_orders));
            continue;
          }
        for (guint o = 0; o < p->n_orders; o++)
          {
            gboolean capped;
            guint64 sum = ma_pagetypeinfo_zone_sum_order (p, o, &capped);

            if (capped ? sum > b->counts[o] : sum != b->counts[o])
              differ++;
          }
        if (differ > 0)
          g_ptr_array_add (out, g_strdup_printf (
            _("node %u, zone %s: pagetypeinfo's free lists differ from buddyinfo in %u of %u "
              "orders (the two files were not read at the same moment)"),
            p->node_id, p->name, differ, p->n_orders));
      }
}

/**
 * ma_snapshot_get_notes:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (array zero-terminated=1): the notes of the capture (what could and
 *   could not be read); saved in bundles
 */
const char * const *
ma_snapshot_get_notes (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->notes->pdata;
}

/**
 * ma_snapshot_get_warnings:
 * @self: a #MaSnapshot
 *
 * Returns: (transfer none) (array zero-terminated=1): everything worth telling the user about
 *   the files: partial dumps, skipped lines, files ignored, and mismatches between files. Valid
 *   until the snapshot changes.
 */
const char * const *
ma_snapshot_get_warnings (MaSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->warnings == NULL)
    {
      self->warnings = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < self->load_warnings->len; i++)
        g_ptr_array_add (self->warnings, g_strdup (self->load_warnings->pdata[i]));
      cross_check (self, self->warnings);
      /* zone names come from the files: keep the messages valid UTF-8 */
      for (guint i = 0; i < self->warnings->len; i++)
        if (!g_utf8_validate (self->warnings->pdata[i], -1, NULL))
          {
            char *valid = g_utf8_make_valid (self->warnings->pdata[i], -1);
            g_free (self->warnings->pdata[i]);
            self->warnings->pdata[i] = valid;
          }
      g_ptr_array_add (self->warnings, NULL);
    }
  return (const char * const *) self->warnings->pdata;
}

/* --- equality ------------------------------------------------------------------------------- */

static gboolean
strv_equal (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

/**
 * ma_snapshot_equal:
 * @a: a #MaSnapshot
 * @b: another #MaSnapshot
 *
 * Compares contents: texts, parsed files, page frames, sysctls, metadata and notes (the part
 * sources and the loading warnings, which name where files came from, are not compared).
 *
 * Returns: %TRUE if both hold the same data
 */
gboolean
ma_snapshot_equal (MaSnapshot *a,
                   MaSnapshot *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;

  for (guint k = 0; k < MA_PROCFS_N_KINDS; k++)
    {
      const Part *x = &a->parts[k];
      const Part *y = &b->parts[k];

      if (x->present != y->present || x->length != y->length ||
          MAX (x->first_line, 1) != MAX (y->first_line, 1) ||
          (x->text == NULL) != (y->text == NULL) ||
          (x->text != NULL && memcmp (x->text, y->text, x->length) != 0))
        return FALSE;
    }

#define SAME_PART(field, eq) \
  if ((a->field == NULL) != (b->field == NULL) || (a->field != NULL && !eq (a->field, b->field))) \
    return FALSE;
  SAME_PART (zoneinfo, ma_zoneinfo_equal);
  SAME_PART (buddyinfo, ma_buddyinfo_equal);
  SAME_PART (pagetypeinfo, ma_pagetypeinfo_equal);
  SAME_PART (meminfo, ma_key_value_file_equal);
  SAME_PART (vmstat, ma_key_value_file_equal);
  SAME_PART (kpageflags, ma_page_rle_equal);
  SAME_PART (kpagecount, ma_page_rle_equal);
#undef SAME_PART

  if (a->oom_reports->len != b->oom_reports->len)
    return FALSE;

  if (a->sysctls->len != b->sysctls->len)
    return FALSE;
  for (guint i = 0; i < a->sysctls->len; i++)
    {
      const Sysctl *x = a->sysctls->pdata[i];
      const Sysctl *y = b->sysctls->pdata[i];

      if (strcmp (x->name, y->name) != 0 || strcmp (x->text, y->text) != 0)
        return FALSE;
    }

  return g_strcmp0 (a->thp_text, b->thp_text) == 0 &&
         g_strcmp0 (a->thp_mode, b->thp_mode) == 0 &&
         g_strcmp0 (a->kernel_release, b->kernel_release) == 0 &&
         g_strcmp0 (a->machine, b->machine) == 0 &&
         g_strcmp0 (a->hostname, b->hostname) == 0 &&
         g_strcmp0 (a->source, b->source) == 0 &&
         a->page_size == b->page_size && a->n_cpus == b->n_cpus &&
         a->capture_time == b->capture_time && strv_equal (a->notes, b->notes);
}
