/* test-ui-files.c: every .ui file of the application loads
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gtk4-builder-tool validate cannot check our files: it does not know MaWindow or MaZonePanel.
 * So this test links the application and walks its resources: a template is checked by
 * instantiating its class (which builds the template and binds its children and callbacks),
 * any other .ui file by loading it into a GtkBuilder. Each file is loaded in a subprocess, so
 * that one broken file (a critical is fatal here) does not hide the others.
 *
 * A class named in a .ui file must be registered before the file loads: add a new widget type
 * to ensure_types() below. Needs a display (xvfb-run); without one every case is skipped. The
 * main window needs a started application, and so a session bus: without one (no
 * DBUS_SESSION_BUS_ADDRESS) the test starts a private one.
 */
#include "config.h"

#include <string.h>

#include "ma-address-space-view.h"
#include "ma-alloc-control.h"
#include "ma-application.h"
#include "ma-event-log.h"
#include "ma-explain-panel.h"
#include "ma-guide-window.h"
#include "ma-inspector.h"
#include "ma-kmap-controls.h"
#include "ma-load-form.h"
#include "ma-load-panel.h"
#include "ma-map-view.h"
#include "ma-playback-bar.h"
#include "ma-preferences-window.h"
#include "ma-timeline-strip.h"
#include "ma-window.h"
#include "ma-zone-panel.h"

static gboolean have_display;

static void
ensure_types (void)
{
  g_type_ensure (MA_TYPE_ADDRESS_SPACE_VIEW);
  g_type_ensure (MA_TYPE_ALLOC_CONTROL);
  g_type_ensure (MA_TYPE_EVENT_LOG);
  g_type_ensure (MA_TYPE_EXPLAIN_PANEL);
  g_type_ensure (MA_TYPE_GUIDE_WINDOW);
  g_type_ensure (MA_TYPE_INSPECTOR);
  g_type_ensure (MA_TYPE_KMAP_CONTROLS);
  g_type_ensure (MA_TYPE_LOAD_FORM);
  g_type_ensure (MA_TYPE_LOAD_PANEL);
  g_type_ensure (MA_TYPE_MAP_VIEW);
  g_type_ensure (MA_TYPE_PLAYBACK_BAR);
  g_type_ensure (MA_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (MA_TYPE_TIMELINE_STRIP);
  g_type_ensure (MA_TYPE_WINDOW);
  g_type_ensure (MA_TYPE_ZONE_PANEL);
}

static void
list_ui_resources (const char *dir,
                   GPtrArray  *paths)
{
  g_auto(GStrv) children = g_resources_enumerate_children (dir, 0, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        list_ui_resources (path, paths);
      else if (g_str_has_suffix (children[i], ".ui"))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

static char *
load_resource_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The classes a .ui file names that are ours; each must be a registered type. */
static void
assert_types_registered (const char *path,
                         const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("class=\"(Ma[A-Za-z0-9]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      if (g_type_from_name (name) == 0)
        g_error ("%s names %s, which is not a registered type: add it to ensure_types() in "
                 "tests/test-ui-files.c", path, name);
    }
}

static char *
template_class (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("<template\\s+class=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* MaWindow is an application window, and GTK adds windows only to a started application. */
static MaApplication *
started_application (void)
{
  static MaApplication *app;
  g_autoptr(GError) error = NULL;

  if (app == NULL)
    {
      app = ma_application_new ();
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

static GtkWidget *
instantiate (GType type)
{
  if (type == MA_TYPE_WINDOW)
    return GTK_WIDGET (ma_window_new (started_application ()));
  if (type == MA_TYPE_PREFERENCES_WINDOW)
    return ma_preferences_window_new (ma_application_get_settings (started_application ()));
  if (type == MA_TYPE_GUIDE_WINDOW)
    return GTK_WIDGET (ma_guide_window_new (NULL));
  return g_object_ref_sink (g_object_new (type, NULL));
}

static void
load_in_child (const char *path)
{
  g_autofree char *text = load_resource_text (path);
  g_autofree char *class_name = template_class (text);

  assert_types_registered (path, text);
  if (class_name != NULL)
    {
      GType type = g_type_from_name (class_name);
      GtkWidget *widget;

      g_assert_true (g_type_is_a (type, GTK_TYPE_WIDGET));
      widget = instantiate (type);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (widget, type));
      if (GTK_IS_WINDOW (widget))
        gtk_window_destroy (GTK_WINDOW (widget));
      else
        g_object_unref (widget);
    }
  else
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GSList) objects = NULL;

      gtk_builder_add_from_resource (builder, path, &error);
      g_assert_no_error (error);
      objects = gtk_builder_get_objects (builder);
      g_assert_nonnull (objects);
      for (GSList *l = objects; l != NULL; l = l->next)
        if (GTK_IS_WINDOW (l->data))
          gtk_window_destroy (GTK_WINDOW (l->data));
    }
}

/* Runs the current test case again in a child, where a critical or a warning only ends it. */
static void
in_subprocess (void)
{
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_ui_file (gconstpointer data)
{
  const char *path = data;

  if (!have_display)
    {
      g_test_skip ("no display: run the test under xvfb-run");
      return;
    }
  if (g_test_subprocess ())
    {
      load_in_child (path);
      return;
    }
  g_test_message ("loading %s", path);
  in_subprocess ();
}

static void
test_resources_present (gconstpointer data)
{
  const GPtrArray *paths = data;

  if (paths->len == 0)
    g_test_fail_printf ("no .ui file under %s/: the application's resources are not linked in "
                        "(link the resources into every executable that uses app_dep)",
                        RESOURCE_PREFIX);
}

/* Each .ui file of the source tree must be compiled in; a file left out of the .gresource.xml
 * would be a page of the interface that is never shown. */
static void
find_source_ui_files (const char *dir,
                      const char *relative,
                      GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *rel = relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        find_source_ui_files (path, rel, out);
      else if (g_str_has_suffix (name, ".ui"))
        g_ptr_array_add (out, g_steal_pointer (&rel));
    }
}

static void
test_sources_compiled_in (void)
{
  g_autofree char *ui_dir = g_test_build_filename (G_TEST_DIST, "..", "ui", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  find_source_ui_files (ui_dir, NULL, files);
  g_assert_cmpuint (files->len, >, 0);
  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = g_ptr_array_index (files, i);
      g_autofree char *resource = g_strconcat (RESOURCE_PREFIX "/", rel, NULL);

      if (!g_resources_get_info (resource, 0, NULL, NULL, NULL))
        g_test_fail_printf ("ui/%s is not in ui/memory-atlas.gresource.xml", rel);
    }
}

/* The guide: a topic for every page, each reachable by name, each paragraph valid markup. */
static void
check_markup (GtkWidget *widget,
              guint     *n_paragraphs)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(GError) error = NULL;

      if (!GTK_IS_LABEL (child))
        {
          check_markup (child, n_paragraphs);
          continue;
        }
      if (!gtk_label_get_use_markup (GTK_LABEL (child)))
        continue;
      (*n_paragraphs)++;
      if (!pango_parse_markup (gtk_label_get_label (GTK_LABEL (child)), -1, 0, NULL, NULL, NULL,
                               &error))
        g_test_fail_printf ("guide paragraph “%s”: %s", gtk_label_get_label (GTK_LABEL (child)),
                            error->message);
    }
}

static void
test_guide_topics (void)
{
  MaGuideWindow *guide;
  GtkStack *stack;
  GtkWidget *list;
  const char *last = NULL;
  guint n_pages = 0, n_rows = 0, n_paragraphs = 0;

  if (!have_display)
    {
      g_test_skip ("no display: run the test under xvfb-run");
      return;
    }
  if (!g_test_subprocess ())
    {
      in_subprocess ();
      return;
    }
  if (!g_resources_get_info (RESOURCE_PREFIX "/ma-guide-window.ui", 0, NULL, NULL, NULL))
    {
      g_test_fail_printf ("%s/ma-guide-window.ui is not in the resources", RESOURCE_PREFIX);
      return;
    }
  guide = ma_guide_window_new (NULL);
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (guide), MA_TYPE_GUIDE_WINDOW,
                                                    "stack"));
  list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (guide), MA_TYPE_GUIDE_WINDOW,
                                                    "topics"));
  g_assert_cmpstr (ma_guide_window_get_page (guide), ==, "overview");

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (stack));
       page != NULL;
       page = gtk_widget_get_next_sibling (page))
    {
      const char *name = gtk_stack_page_get_name (gtk_stack_get_page (stack, page));

      n_pages++;
      last = name;
      g_assert_true (ma_guide_window_show_page (guide, name));
      g_assert_cmpstr (ma_guide_window_get_page (guide), ==, name);
      check_markup (page, &n_paragraphs);
    }
  g_assert_cmpuint (n_pages, >, 1);
  g_assert_cmpuint (n_rows, ==, n_pages);
  g_assert_cmpuint (n_paragraphs, >=, n_pages);
  g_assert_false (ma_guide_window_show_page (guide, "no-such-topic"));
  g_assert_cmpstr (ma_guide_window_get_page (guide), ==, last);

  gtk_window_destroy (GTK_WINDOW (guide));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTestDBus) bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      ensure_types ();
    }
  /* The application registers the resources when its class is made, before any window. */
  g_type_class_unref (g_type_class_ref (MA_TYPE_APPLICATION));
  /* Subprocesses inherit the bus of the parent, and the display, which g_test_dbus_up() unsets. */
  if (have_display && !g_test_subprocess () && g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_autofree char *x11 = g_strdup (g_getenv ("DISPLAY"));
      g_autofree char *wayland = g_strdup (g_getenv ("WAYLAND_DISPLAY"));

      bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (bus);
      if (x11 != NULL)
        g_setenv ("DISPLAY", x11, TRUE);
      if (wayland != NULL)
        g_setenv ("WAYLAND_DISPLAY", wayland, TRUE);
    }

  list_ui_resources (RESOURCE_PREFIX "/", paths);
  g_ptr_array_sort (paths, compare_strings);
  g_test_add_data_func ("/ma/ui-files/resources", paths, test_resources_present);
  g_test_add_func ("/ma/ui-files/compiled-in", test_sources_compiled_in);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *name = g_strconcat ("/ma/ui-files/load", path + strlen (RESOURCE_PREFIX),
                                           NULL);

      g_test_add_data_func (name, path, test_ui_file);
    }
  g_test_add_func ("/ma/ui-files/guide-topics", test_guide_topics);

  status = g_test_run ();
  if (bus != NULL)
    g_test_dbus_down (bus);
  return status;
}
