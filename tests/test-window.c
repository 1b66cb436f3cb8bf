/* test-window.c: the main window as a user drives it: sources, bad input, clicks, undo, saving
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ma-application.h"
#include "ma-window.h"

/* One application for the whole program: its id can be exported on the session bus only once. */
static MaApplication *app;

typedef struct
{
  MaWindow      *window;
  char          *tmpdir;
} Fixture;

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
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
