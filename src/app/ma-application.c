/* ma-application.c: the application, its command line and its app-wide actions
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * memory-atlas [--preset NAME] [FILE…]
 * memory-atlas --screenshot FILE.png [--view whole|zone:NODE:NAME|pfn:N] [--color-mode MODE]
 *              [--page PAGE]
 * memory-atlas --play SCENARIO [--frame-stats]
 *
 * The screenshot mode opens one window, waits for the map's first complete frame, writes the
 * window to a PNG and quits: it is how the README, the metainfo and the tests get their pictures.
 */
#define G_LOG_DOMAIN "ma-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-application.h"
#include "ma-color-mode.h"
#include "ma-guide-window.h"
#include "ma-limits.h"
#include "ma-preferences-window.h"
#include "ma-procfs-reader.h"
#include "ma-resources.h"
#include "ma-simulation.h"
#include "ma-window.h"

struct _MaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gint64          start_time;

  /* command line */
  char           *preset;
  char           *screenshot;
  char           *view;
  char           *page;
  char           *color_mode;
  char           *play;
  gboolean        frame_stats;
};

G_DEFINE_FINAL_TYPE (MaApplication, ma_application, ADW_TYPE_APPLICATION)

MaApplication *
ma_application_new (void)
{
  return g_object_new (MA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
ma_application_get_settings (MaApplication *self)
{
  g_return_val_if_fail (MA_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* Monotonic time at startup, for the launch-to-first-map figure. */
gint64
ma_application_get_start_time (MaApplication *self)
{
  return self->start_time;
}

static void
apply_color_scheme (MaApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static MaWindow *
new_window (MaApplication *self)
{
  MaWindow *window = ma_window_new (self);

  if (self->screenshot != NULL)
    {
      ma_window_set_screenshot (window, self->screenshot, self->view, self->color_mode);
      if (self->page != NULL)
        ma_window_show_page (window, self->page);
    }
  return window;
}

static void
ma_application_activate (GApplication *app)
{
  MaApplication *self = MA_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      MaWindow *w = new_window (self);

      if (self->preset != NULL)
        {
          if (!ma_window_load_preset (w, self->preset, &error))
            {
              g_printerr ("memory-atlas: %s\n", error->message);
              /* still show the window, on the default machine, with the message */
              ma_window_show_error (w, error->message);
            }
        }
      else
        ma_window_restore_last_source (w);
      if (self->play != NULL && !ma_window_play_scenario (w, self->play, self->frame_stats, &error))
        {
          g_printerr ("memory-atlas: %s\n", error->message);
          ma_window_show_error (w, error->message);
        }
      window = GTK_WINDOW (w);
    }
  gtk_window_present (window);
}

static void
ma_application_open (GApplication  *app,
                     GFile        **files,
                     gint           n_files,
                     const gchar   *hint)
{
  MaApplication *self = MA_APPLICATION (app);

  for (gint i = 0; i < n_files; i++)
    {
      MaWindow *window = new_window (self);

      ma_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static gboolean
color_mode_is_known (const char *nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MA_TYPE_COLOR_MODE);

  return g_enum_get_value_by_nick (klass, nick) != NULL;
}

static gint
ma_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  MaApplication *self = MA_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("memory-atlas %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "preset", "s", &self->preset);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "view", "s", &self->view);
  g_variant_dict_lookup (options, "page", "s", &self->page);
  g_variant_dict_lookup (options, "color-mode", "s", &self->color_mode);
  g_variant_dict_lookup (options, "play", "s", &self->play);
  self->frame_stats = g_variant_dict_contains (options, "frame-stats");

  if (self->frame_stats && self->play == NULL)
    {
      g_printerr ("%s\n", _("memory-atlas: --frame-stats goes with --play"));
      return 2;
    }

  if ((self->view || self->color_mode || self->page) && self->screenshot == NULL)
    {
      g_printerr ("%s\n", _("memory-atlas: --view, --color-mode and --page go with --screenshot"));
      return 2;
    }
  if (self->page && !ma_window_page_is_known (self->page))
    {
      g_printerr (_("memory-atlas: unknown page “%s” (use zones, pressure, explain, charts, events "
                    "or address)\n"), self->page);
      return 2;
    }
  if (self->color_mode && !color_mode_is_known (self->color_mode))
    {
      g_printerr (_("memory-atlas: unknown colour mode “%s” (use state, migratetype or order)\n"),
                  self->color_mode);
      return 2;
    }
  if (self->screenshot && !g_str_has_suffix (self->screenshot, ".png"))
    {
      g_printerr ("%s\n", _("memory-atlas: --screenshot needs a file name ending in .png"));
      return 2;
    }
  /* a scenario file is read whole: a device or a pipe named here would never end */
  if (self->play && !g_strv_contains (ma_scenarios_list (), self->play)
      && g_file_test (self->play, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;

      if (g_file_test (self->play, G_FILE_TEST_IS_DIR))
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("%s: a folder, not a file"),
                     self->play);
      else
        ma_procfs_check_input (self->play, MA_LIMIT_JSON_FILE_SIZE, &error);
      if (error != NULL)
        {
          g_printerr ("memory-atlas: %s\n", error->message);
          return 1;
        }
    }
  if (self->screenshot && !ma_procfs_check_output (self->screenshot, NULL))
    {
      g_printerr (_("memory-atlas: --screenshot: %s is not a file that can be written\n"),
                  self->screenshot);
      return 2;
    }
  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  MaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Memory Atlas authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Memory Atlas"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Memory Atlas authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/memoryatlas/memory-atlas",
                        "issue-url", "https://github.com/memoryatlas/memory-atlas/issues",
                        "developers", developers,
                        "copyright", "© 2026 The Memory Atlas authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("See how Linux manages physical memory: nodes, zones, "
                                      "watermarks and the buddy allocator, simulated or read from "
                                      "a real machine."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* One guide for the application: F1 in any window, or in the guide itself, brings it forward. */
static void
guide_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (MA_IS_GUIDE_WINDOW (l->data))
      {
        gtk_window_present (GTK_WINDOW (l->data));
        return;
      }
  gtk_window_present (GTK_WINDOW (ma_guide_window_new (gtk_application_get_active_window (app))));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  MaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (ma_preferences_window_new (self->settings));

  gtk_window_set_transient_for (prefs, parent);
  gtk_window_present (prefs);
}

/* Quit asks as closing a window does: the first window with unsaved changes asks, and on
 * Discard or a saved file closes and runs Quit again; Cancel stops it. */
static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (MA_IS_WINDOW (l->data) && !ma_window_confirm_quit (l->data))
      return;
  g_application_quit (G_APPLICATION (app));
}

static void
ma_application_startup (GApplication *app)
{
  MaApplication *self = MA_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "guide", guide_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *guide_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (ma_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.guide", guide_accels);

  self->settings = g_settings_new (APP_ID_BASE);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
ma_application_finalize (GObject *object)
{
  MaApplication *self = MA_APPLICATION (object);

  g_clear_object (&self->settings);
  g_free (self->preset);
  g_free (self->screenshot);
  g_free (self->view);
  g_free (self->page);
  g_free (self->color_mode);
  g_free (self->play);

  G_OBJECT_CLASS (ma_application_parent_class)->finalize (object);
}

static void
ma_application_class_init (MaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* The resources live in a static library: nothing references their constructor, so the
   * linker may drop it. Register them by hand before any template is looked up. */
  g_resources_register (ma_get_resource ());

  object_class->finalize = ma_application_finalize;
  app_class->activate = ma_application_activate;
  app_class->open = ma_application_open;
  app_class->startup = ma_application_startup;
  app_class->handle_local_options = ma_application_handle_local_options;
}

static void
ma_application_init (MaApplication *self)
{
  static const GOptionEntry options[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, NULL,
      N_("Start on this simulated machine (a preset name or a .json file)"), N_("NAME") },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Draw the window once, write it to this PNG file and quit"), N_("FILE") },
    { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --screenshot: the panel to show: zones, pressure, explain, charts, events or address"),
      N_("PAGE") },
    { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --screenshot: whole, zone:NODE:NAME or pfn:N"), N_("VIEW") },
    { "color-mode", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --screenshot: state, migratetype or order"), N_("MODE") },
    { "play", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Run a scenario (a built-in name or a .json file) and play it at full speed"), N_("SCENARIO") },
    { "frame-stats", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("With --play: print how long the window's frames took when the scenario ends, and quit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { NULL }
  };

  self->start_time = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Memory Atlas draws how Linux manages physical "
                                              "memory. FILE is a /proc snapshot, a saved "
                                              "simulation or a machine description."));
}
