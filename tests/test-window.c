/* test-window.c: the main window as a user drives it: sources, bad input, clicks, undo, saving,
 * closing with unsaved changes, and the live view without root
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "ma-application.h"
#include "ma-window-private.h"

/* One application for the whole program: its id can be exported on the session bus only once. */
static MaApplication *app;

typedef struct
{
  MaWindow      *window;
  char          *tmpdir;
} Fixture;

/* Closed: gone from the toplevels (the fixture's reference keeps the object itself). */
static gboolean
window_is_gone (MaWindow *window)
{
  guint position;

  return !g_list_store_find (G_LIST_STORE (gtk_window_get_toplevels ()), window, &position);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->window = g_object_ref_sink (ma_window_new (app));
  g_assert_true (ma_window_load_preset (f->window, "tiny-64m", &error));
  g_assert_no_error (error);
  f->tmpdir = g_dir_make_tmp ("ma-test-window-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The first free page frame of the first zone. */
static guint64
first_free_pfn (MaMachine *m)
{
  MaZone *zone = ma_node_get_zone (ma_machine_get_node (m, 0), 0);
  guint64 start = ma_zone_get_start_pfn (zone);

  for (guint64 pfn = start; pfn < start + ma_zone_get_spanned (zone); pfn++)
    {
      guint64 head;
      guint order;
      MaFrameState state;

      if (ma_machine_find_block (m, pfn, &head, &order, &state) && state == MA_FRAME_FREE_HEAD)
        return head;
    }
  g_assert_not_reached ();
}

static void
test_preset (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MaMachine *before = ma_window_get_machine (f->window);

  g_assert_nonnull (before);
  g_assert_cmpuint (ma_machine_get_n_nodes (before), ==, 1);

  /* An unknown preset is refused and the machine stays. */
  g_assert_false (ma_window_load_preset (f->window, "no-such-machine", &error));
  g_assert_nonnull (error);
  g_assert_true (ma_window_get_machine (f->window) == before);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  MaMachine *before = ma_window_get_machine (f->window);
  guint64 hash = ma_machine_hash_state (before);
  const char *bad[][2] = {
    { "garbage.bin", "\x01\x02\xff not a memory description" },
    { "broken.json", "{ \"format\": \"memory-atlas-simulation\", \"version\": " },
    { "wrong.json", "{ \"name\": 5 }" },
    { "empty.txt", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GFile) file = write_file (f, bad[i][0], bad[i][1]);

      ma_window_open_file (f->window, file);
      /* The window says what was wrong and keeps what it showed. */
      g_assert_nonnull (ma_window_get_message (f->window));
      g_assert_true (ma_window_get_machine (f->window) == before);
      g_assert_cmpuint (ma_machine_hash_state (before), ==, hash);
    }

  {
    g_autofree char *missing_path = g_build_filename (f->tmpdir, "missing.json", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);

    ma_window_open_file (f->window, missing);
    g_assert_nonnull (ma_window_get_message (f->window));
    g_assert_true (ma_window_get_machine (f->window) == before);
  }
}

static void
test_click_allocate_free_undo (Fixture       *f,
                               gconstpointer  data)
{
  MaMachine *m = ma_window_get_machine (f->window);
  GtkWidget *map = ma_window_get_map_view (f->window);
  guint64 hash = ma_machine_hash_state (m);
  guint64 pfn = first_free_pfn (m);
  guint64 head, allocated_hash;
  guint order;
  MaFrameState state;

  /* A primary click on a free frame allocates with the chosen order and GFP. */
  g_signal_emit_by_name (map, "frame-activated", pfn, (guint) GDK_BUTTON_PRIMARY, (GdkModifierType) 0);
  allocated_hash = ma_machine_hash_state (m);
  g_assert_cmpuint (allocated_hash, !=, hash);
  g_assert_true (ma_machine_can_undo (m));

  /* Undo gives the same machine back, redo the allocation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, allocated_hash);

  /* A Ctrl-click only selects. */
  g_signal_emit_by_name (map, "frame-activated", pfn, (guint) GDK_BUTTON_PRIMARY, GDK_CONTROL_MASK);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, allocated_hash);

  /* A click on an allocated block frees it. */
  for (guint64 p = 0;; p++)
    {
      g_assert_cmpuint (p, <, ma_machine_get_total_pages (m, NULL, NULL, NULL));
      if (ma_machine_find_block (m, p, &head, &order, &state) && state == MA_FRAME_ALLOC_HEAD)
        {
          g_signal_emit_by_name (map, "frame-activated", head, (guint) GDK_BUTTON_PRIMARY,
                                 (GdkModifierType) 0);
          g_assert_true (ma_machine_find_block (m, head, &head, &order, &state));
          g_assert_true (state != MA_FRAME_ALLOC_HEAD);
          break;
        }
    }
}

static void
test_save_and_open (Fixture       *f,
                    gconstpointer  data)
{
  MaMachine *m = ma_window_get_machine (f->window);
  GtkWidget *map = ma_window_get_map_view (f->window);
  g_autofree char *json = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint64 hash;

  for (guint i = 0; i < 5; i++)
    g_signal_emit_by_name (map, "frame-activated", first_free_pfn (m), (guint) GDK_BUTTON_PRIMARY,
                           (GdkModifierType) 0);
  hash = ma_machine_hash_state (m);
  g_assert_true (ma_session_can_save (ma_window_get_session (f->window)));
  json = ma_session_to_json (ma_window_get_session (f->window));
  file = write_file (f, "saved.memory-atlas.json", json);

  /* Opening the saved simulation replays it to the very same state. */
  g_assert_true (ma_window_load_file (f->window, file, &error));
  g_assert_no_error (error);
  g_assert_true (ma_window_get_machine (f->window) != m);
  g_assert_cmpuint (ma_machine_hash_state (ma_window_get_machine (f->window)), ==, hash);
}

static const char *
window_title (MaWindow *window)
{
  return adw_window_title_get_title (MA_WINDOW (window)->window_title);
}

static void
click_free_frame (MaWindow *window)
{
  MaMachine *m = ma_window_get_machine (window);

  g_signal_emit_by_name (ma_window_get_map_view (window), "frame-activated", first_free_pfn (m),
                         (guint) GDK_BUTTON_PRIMARY, (GdkModifierType) 0);
}

/* A snapshot that opened, then files that cannot be opened: each says what was wrong and where,
 * and the window keeps its machine, its undo history and its title. */
static void
test_failed_load_keeps_state (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *good_path = g_test_build_filename (G_TEST_DIST, "data", "snapshots",
                                                      "github-debian11-5.10.84-qemu-x86_64-2vcpu",
                                                      NULL);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *fifo = g_build_filename (f->tmpdir, "pipe", NULL);
  g_autofree char *big = g_build_filename (f->tmpdir, "big-zoneinfo", NULL);
  g_autofree char *empty_dir = g_build_filename (f->tmpdir, "nothing-here", NULL);
  MaMachine *m;
  guint64 hash;
  struct {
    const char *name;
    const char *contents;
    const char *expected;       /* in the message */
  } bad[] = {
    { "node-5000-buddyinfo", "Node 5000, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\n", "MAX_NUMNODES" },
    { "huge-zoneinfo",
      "Node 0, zone   Normal\n  pages free     1000\n        min      89\n        low      111\n"
      "        high     133\n        spanned  1152921504606846976\n"
      "        present  1152921504606846976\n        managed  1000\n  start_pfn:  0\n",
      "52 bits" },
    { "cut.json", "{ \"format\": \"memory-atlas-snapshot\", \"version\": 1, \"files\": {", "cut.json" },
    { "broken.simulation.json", "{ \"format\": \"memory-atlas-simulation\", \"version\": ",
      "broken.simulation.json" },
  };

  g_assert_true (ma_window_load_file (f->window, good, &error));
  g_assert_no_error (error);
  m = ma_window_get_machine (f->window);
  click_free_frame (f->window);
  g_assert_true (ma_machine_can_undo (m));
  hash = ma_machine_hash_state (m);
  title = g_strdup (window_title (f->window));

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  {
    /* a file past the size cap, sparse: nothing is written or read */
    int fd = g_open (big, O_WRONLY | O_CREAT, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, (goffset) 2 << 30), ==, 0);
    g_close (fd, NULL);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad) + 5; i++)
    {
      g_autoptr(GFile) file = NULL;
      const char *expected;
      const char *message;

      if (i < G_N_ELEMENTS (bad))
        {
          file = write_file (f, bad[i].name, bad[i].contents);
          expected = bad[i].expected;
        }
      else if (i == G_N_ELEMENTS (bad))
        file = g_file_new_for_path ("/dev/zero"), expected = "/dev/zero";
      else if (i == G_N_ELEMENTS (bad) + 1)
        file = g_file_new_for_path (fifo), expected = "pipe";
      else if (i == G_N_ELEMENTS (bad) + 2)
        file = g_file_new_for_path (big), expected = "too large";
      else if (i == G_N_ELEMENTS (bad) + 3)
        file = g_file_new_for_path (empty_dir), expected = "no /proc files";
      else
        file = g_file_new_for_path ("/nonexistent/zoneinfo"), expected = "/nonexistent/zoneinfo";

      /* dropped, opened from the menu or from the recent files: all go through here */
      gtk_revealer_set_reveal_child (f->window->message_revealer, FALSE);
      ma_window_open_file (f->window, file);
      message = ma_window_get_message (f->window);
      g_assert_nonnull (message);
      if (strstr (message, expected) == NULL)
        g_error ("“%s” does not say “%s”", message, expected);
      g_assert_true (ma_window_get_machine (f->window) == m);
      g_assert_cmpuint (ma_machine_hash_state (m), ==, hash);
      g_assert_true (ma_machine_can_undo (m));
      g_assert_cmpstr (window_title (f->window), ==, title);
    }

  /* pasted text claiming a machine no one has */
  g_assert_false (ma_window_load_text (f->window, "Node 0, zone Normal 1 1 1 1 1 1 1 1 1 1 "
                                       "999999999999999\n", &error));
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  g_assert_true (ma_window_get_machine (f->window) == m);
  g_assert_cmpstr (window_title (f->window), ==, title);
}

/* Saving writes a new file and renames it: a write that fails leaves the old file whole. */
static void
test_save_atomic (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "kept.simulation.json", NULL);
  g_autofree char *missing = g_build_filename (f->tmpdir, "gone", "x.simulation.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  struct rlimit saved, small;
  void (*old_handler) (int);
  guint n_files = 0;

  click_free_frame (f->window);
  g_assert_true (ma_window_is_dirty (f->window));

  /* a folder that is not there */
  g_assert_false (ma_window_save_to_file (f->window, missing_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_true (ma_window_is_dirty (f->window));
  g_clear_error (&error);

  /* a disk that fills up half way: the file size limit makes write() fail with EFBIG */
  g_assert_true (g_file_set_contents (path, "the old file", -1, NULL));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 100;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  g_assert_false (ma_window_save_to_file (f->window, file, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old file");
  g_assert_true (ma_window_is_dirty (f->window));
  /* and the half-written file is gone */
  dir = g_dir_open (f->tmpdir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  /* saved: clean, no dot in the title */
  g_assert_true (g_str_has_prefix (window_title (f->window), "• "));
  g_assert_true (ma_window_save_to_file (f->window, file, &error));
  g_assert_no_error (error);
  g_assert_false (ma_window_is_dirty (f->window));
  g_assert_false (g_str_has_prefix (window_title (f->window), "• "));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "memory-atlas-simulation"));
}

static gboolean
emit_close_request (MaWindow *window)
{
  gboolean stop = FALSE;

  g_signal_emit_by_name (window, "close-request", &stop);
  return stop;
}

/* A window with changes asks before closing; Cancel keeps it, Discard closes it. */
/* The close dialog is an AdwAlertDialog from libadwaita 1.5, an AdwMessageDialog before. */
static gboolean
dialog_has_response (GtkWidget  *dialog,
                     const char *response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_has_response (ADW_ALERT_DIALOG (dialog), response);
#else
  return adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), response);
#endif
}

/* Answers the close dialog as a click on one of its buttons would. */
static void
dialog_respond (GtkWidget  *dialog,
                const char *response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  g_object_ref (dialog);
  g_signal_emit_by_name (dialog, "response", response);
  adw_dialog_force_close (ADW_DIALOG (dialog));
  g_object_unref (dialog);
#else
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
#endif
}

static void
test_close_asks (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *dialog;

  /* nothing done yet: it closes without asking */
  g_assert_false (ma_window_is_dirty (f->window));
  g_assert_false (emit_close_request (f->window));
  g_assert_null (ma_window_get_close_dialog (f->window));

  /* an allocation, then undone: back to what was opened */
  click_free_frame (f->window);
  g_assert_true (ma_window_is_dirty (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_false (ma_window_is_dirty (f->window));

  click_free_frame (f->window);
  g_assert_true (ma_window_is_dirty (f->window));
  g_assert_true (g_str_has_prefix (window_title (f->window), "• "));
  g_assert_true (emit_close_request (f->window));
  dialog = ma_window_get_close_dialog (f->window);
  g_assert_nonnull (dialog);
#if ADW_CHECK_VERSION (1, 5, 0)
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
#else
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
#endif
  g_assert_true (dialog_has_response (dialog, "save"));
  g_assert_true (dialog_has_response (dialog, "discard"));

  dialog_respond (dialog, "cancel");
  g_assert_null (ma_window_get_close_dialog (f->window));
  g_assert_false (window_is_gone (f->window));
  g_assert_true (ma_window_is_dirty (f->window));

  g_assert_true (emit_close_request (f->window));
  dialog = ma_window_get_close_dialog (f->window);
  dialog_respond (dialog, "discard");
  g_assert_true (window_is_gone (f->window));
}

/* A scenario just opened is what its file holds; once it has run, closing asks, and offers no
 * Save (a running simulation is not saved, only actions by hand). */
static void
test_scenario_dirty (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scenarios",
                                                 "pressure-64m.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_assert_true (ma_window_load_file (f->window, file, &error));
  g_assert_no_error (error);
  g_assert_false (ma_window_is_dirty (f->window));
  g_assert_false (emit_close_request (f->window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.step", NULL));
  g_assert_cmpuint (ma_simulation_get_end (f->window->simulation), >, 0);
  g_assert_true (ma_window_is_dirty (f->window));
  g_assert_true (emit_close_request (f->window));
  dialog = ma_window_get_close_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_false (dialog_has_response (dialog, "save"));
  dialog_respond (dialog, "cancel");
  g_assert_false (window_is_gone (f->window));
}

/* Quit (Ctrl+Q) asks the window with changes; the window stays until it is answered. */
static void
test_quit_asks (Fixture       *f,
                gconstpointer  data)
{
  click_free_frame (f->window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_nonnull (ma_window_get_close_dialog (f->window));
  g_assert_false (window_is_gone (f->window));
  dialog_respond (ma_window_get_close_dialog (f->window), "cancel");
  g_assert_false (window_is_gone (f->window));
  g_assert_true (ma_window_confirm_quit (f->window) == FALSE);
  dialog_respond (ma_window_get_close_dialog (f->window), "discard");
  g_assert_true (window_is_gone (f->window));
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        copy_tree (src, dst);
      else
        {
          g_autofree char *contents = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
        }
    }
}

static gboolean
give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The live view never asks for root: a file it cannot read is named in the notes, with what
 * is missing because of it. (The tests run as root, so the file is made a folder.) */
static void
test_live_unreadable (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "data", "fakeroot",
                                                 "vm-6.18.44-x86_64-2cpu", NULL);
  g_autofree char *root = g_build_filename (f->tmpdir, "root", NULL);
  g_autofree char *pti = g_build_filename (root, "proc", "pagetypeinfo", NULL);
  g_autofree char *expected = NULL;
  gboolean gave_up = FALSE;
  guint timeout;
  const char *notes;

  copy_tree (fake, root);
  g_assert_cmpint (g_unlink (pti), ==, 0);
  g_assert_cmpint (g_mkdir (pti, 0700), ==, 0);
  g_setenv ("MA_LIVE_ROOT", root, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.live", NULL));
  g_assert_true (ma_window_is_live (f->window));
  /* the capture runs in a thread; a bound on the wait keeps a broken capture from hanging */
  timeout = g_timeout_add_seconds (60, give_up_cb, &gave_up);
  while (!f->window->live_started && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gave_up);
  g_source_remove (timeout);
  g_unsetenv ("MA_LIVE_ROOT");

  notes = ma_window_get_notes_text (f->window);
  expected = g_strdup_printf ("%s could not be read (a folder, not a file): free blocks per "
                              "migratetype are not shown; the layout is reconstructed from "
                              "buddyinfo", pti);
  if (strstr (notes, expected) == NULL)
    g_error ("the notes “%s” do not say “%s”", notes, expected);
  /* a live view only watches: nothing to save, nothing to ask */
  g_assert_false (ma_window_is_dirty (f->window));
  ma_window_stop_live (f->window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = ma_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/window/preset", Fixture, NULL, fixture_set_up, test_preset, fixture_tear_down);
  g_test_add ("/window/bad-files", Fixture, NULL, fixture_set_up, test_bad_files, fixture_tear_down);
  g_test_add ("/window/click-allocate-free-undo", Fixture, NULL, fixture_set_up,
              test_click_allocate_free_undo, fixture_tear_down);
  g_test_add ("/window/save-and-open", Fixture, NULL, fixture_set_up, test_save_and_open,
              fixture_tear_down);
  g_test_add ("/window/failed-load-keeps-state", Fixture, NULL, fixture_set_up,
              test_failed_load_keeps_state, fixture_tear_down);
  g_test_add ("/window/save-atomic", Fixture, NULL, fixture_set_up, test_save_atomic,
              fixture_tear_down);
  g_test_add ("/window/close-asks", Fixture, NULL, fixture_set_up, test_close_asks,
              fixture_tear_down);
  g_test_add ("/window/quit-asks", Fixture, NULL, fixture_set_up, test_quit_asks,
              fixture_tear_down);
  g_test_add ("/window/scenario-dirty", Fixture, NULL, fixture_set_up, test_scenario_dirty,
              fixture_tear_down);
  g_test_add ("/window/live-unreadable", Fixture, NULL, fixture_set_up, test_live_unreadable,
              fixture_tear_down);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
