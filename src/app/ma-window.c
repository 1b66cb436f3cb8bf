/* ma-window.c: the main window: a source becomes a model, which the views show
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-color-mode.h"
#include "ma-window-private.h"

G_DEFINE_FINAL_TYPE (MaWindow, ma_window, ADW_TYPE_APPLICATION_WINDOW)

MaWindow *
ma_window_new (MaApplication *app)
{
  return g_object_new (MA_TYPE_WINDOW, "application", app, NULL);
}

void
ma_window_toast (MaWindow   *self,
                 const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
ma_window_show_error (MaWindow   *self,
                      const char *message)
{
  gtk_label_set_label (self->message_label, message);
  gtk_image_set_from_icon_name (self->message_icon, "dialog-error-symbolic");
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
}

const char *
ma_window_get_message (MaWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->message_revealer))
    return NULL;
  return gtk_label_get_label (self->message_label);
}

/* Everything the views show follows the model: called after each change. */
void
ma_window_refresh (MaWindow *self)
{
  ma_zone_panel_set_request (self->zone_panel, ma_alloc_control_get_gfp (self->alloc_control),
                             ma_alloc_control_get_order (self->alloc_control));
  ma_inspector_refresh (self->inspector);
  ma_window_update_actions (self);
}

static void
machine_changed_cb (MaWindow *self)
{
  ma_window_refresh (self);
}

static void
update_title (MaWindow *self)
{
  MaMachine *m = ma_window_get_machine (self);
  g_autofree char *subtitle = NULL;
  g_autofree char *size = NULL;
  g_autofree char *kernel = NULL;
  guint64 present;

  if (m == NULL)
    return;
  ma_machine_get_total_pages (m, &present, NULL, NULL);
  size = g_format_size_full (present << ma_machine_get_page_shift (m), G_FORMAT_SIZE_IEC_UNITS);
  kernel = ma_kernel_version_to_string (ma_machine_get_kernel (m));
  subtitle = g_strdup_printf (_("Simulated · %s · %u nodes · Linux %s rules"), size,
                              ma_machine_get_n_nodes (m), kernel);
  adw_window_title_set_title (self->window_title, self->source_title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

void
ma_window_set_session (MaWindow   *self,
                       MaSession  *session,
                       const char *source,
                       const char *title)
{
  MaMachine *m;

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, ma_session_get_machine (self->session));
  g_set_object (&self->session, session);
  g_free (self->source);
  self->source = g_strdup (source);
  g_free (self->source_title);
  self->source_title = g_strdup (title);

  m = ma_session_get_machine (session);
  self->changed_id = g_signal_connect_swapped (m, "changed", G_CALLBACK (machine_changed_cb), self);

  ma_alloc_control_set_max_order (self->alloc_control, ma_machine_get_nr_orders (m) - 1);
  ma_alloc_control_set_page_shift (self->alloc_control, ma_machine_get_page_shift (m));
  ma_zone_panel_set_machine (self->zone_panel, m);
  ma_map_view_set_machine (self->map_view, m);
  ma_map_view_set_selected_pfn (self->map_view, -1);
  ma_inspector_show_pfn (self->inspector, m, -1);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  update_title (self);
  ma_window_refresh (self);

  if (self->settings != NULL && source != NULL && self->screenshot_path == NULL)
    g_settings_set_string (self->settings, "last-source", source);
}

gboolean
ma_window_load_preset (MaWindow    *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(MaMachineSpec) spec = ma_presets_load (name, error);
  g_autoptr(MaSession) session = NULL;
  g_autofree char *source = NULL;

  if (spec == NULL)
    return FALSE;
  session = ma_session_new (spec, 1, error);
  if (session == NULL)
    return FALSE;
  source = g_strconcat ("preset:", name, NULL);
  ma_window_set_session (self, session, source, spec->title ? spec->title : name);
  return TRUE;
}

/* Files this window can open: a saved simulation or a machine description (JSON). */
gboolean
ma_window_load_file (MaWindow  *self,
                     GFile     *file,
                     GError   **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *source = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(MaSession) session = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder; open a saved simulation or a machine description"), name);
      return FALSE;
    }
  if (g_file_info_get_size (info) > 64 * 1024 * 1024)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” is too large to be a saved simulation (over 64 MiB)"), name);
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;

  source = g_strconcat ("file:", uri, NULL);
  if (g_strstr_len (contents, MIN (length, 4096), "memory-atlas-simulation") != NULL)
    {
      session = ma_session_new_from_json (contents, (gssize) length, name, error);
      if (session == NULL)
        return FALSE;
      ma_window_set_session (self, session, source, name);
      return TRUE;
    }
  else
    {
      g_autoptr(MaMachineSpec) spec = NULL;
      g_autoptr(GError) spec_error = NULL;

      spec = ma_machine_spec_new_from_json (contents, (gssize) length, name, &spec_error);
      if (spec == NULL)
        {
          if (g_error_matches (spec_error, MA_MACHINE_SPEC_ERROR, MA_MACHINE_SPEC_ERROR_PARSE)
              && !g_str_has_suffix (name, ".json"))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("“%s” is not a file Memory Atlas can open: expected a saved simulation "
                           "or a machine description"), name);
          else
            g_propagate_error (error, g_steal_pointer (&spec_error));
          return FALSE;
        }
      session = ma_session_new (spec, 1, error);
      if (session == NULL)
        return FALSE;
      ma_window_set_session (self, session, source, spec->title ? spec->title : name);
      return TRUE;
    }
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
    }
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

MaSession *
ma_window_get_session (MaWindow *self)
{
  return self->session;
}

MaMachine *
ma_window_get_machine (MaWindow *self)
{
  return self->session ? ma_session_get_machine (self->session) : NULL;
}

GtkWidget *
ma_window_get_map_view (MaWindow *self)
{
  return GTK_WIDGET (self->map_view);
}

GtkWidget *
ma_window_get_inspector (MaWindow *self)
{
  return GTK_WIDGET (self->inspector);
}

/* ------------------------------------------------------------------------------------------ */
/* Clicks */

static void
frame_activated_cb (MaWindow        *self,
                    guint64          pfn,
                    guint            button,
                    GdkModifierType  state,
                    MaMapView       *view)
{
  MaMachine *m = ma_window_get_machine (self);
  g_autofree char *action = g_settings_get_string (self->settings, "click-action");
  guint64 head;
  guint order;
  MaFrameState block_state;

  ma_map_view_set_selected_pfn (self->map_view, (gint64) pfn);
  ma_inspector_show_pfn (self->inspector, m, (gint64) pfn);
  ma_window_update_actions (self);

  /* Secondary clicks and Ctrl-clicks only select. */
  if (!g_str_equal (action, "allocate") || button != GDK_BUTTON_PRIMARY
      || (state & GDK_CONTROL_MASK))
    return;
  if (ma_machine_find_block (m, pfn, &head, &order, &block_state)
      && (block_state == MA_FRAME_ALLOC_HEAD))
    ma_window_free_at (self, pfn);
  else
    ma_window_allocate_at (self, (gint64) pfn);
}

static void
zone_activated_cb (MaWindow    *self,
                   MaZone      *zone,
                   MaZonePanel *panel)
{
  g_autofree char *view = g_strdup_printf ("zone:%u:%s", ma_node_get_id (ma_zone_get_node (zone)),
                                           ma_zone_get_name (zone));

  ma_map_view_show (self->map_view, view, NULL);
}

static void
request_changed_cb (MaWindow *self)
{
  g_autofree char *gfp = ma_gfp_to_string (ma_alloc_control_get_gfp (self->alloc_control));

  g_settings_set_uint (self->settings, "alloc-order", ma_alloc_control_get_order (self->alloc_control));
  g_settings_set_string (self->settings, "alloc-gfp", gfp);
  ma_zone_panel_set_request (self->zone_panel, ma_alloc_control_get_gfp (self->alloc_control),
                             ma_alloc_control_get_order (self->alloc_control));
}

/* ------------------------------------------------------------------------------------------ */
/* --screenshot */

static gboolean
save_screenshot (gpointer data)
{
  MaWindow *self = data;
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gint64 start = ma_application_get_start_time (MA_APPLICATION (app));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node != NULL && renderer != NULL)
    texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (texture == NULL || !gdk_texture_save_to_png (texture, self->screenshot_path))
    {
      g_printerr (_("memory-atlas: could not write the screenshot to %s\n"), self->screenshot_path);
      g_application_quit (app);
      return G_SOURCE_REMOVE;
    }
  g_printerr ("memory-atlas: wrote %s (%d×%d); first map drawn %.0f ms after start\n",
              self->screenshot_path, w, h, (g_get_monotonic_time () - start) / 1000.0);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
map_drawn_cb (MaWindow *self)
{
  if (self->screenshot_path == NULL)
    return;
  /* Give the frame that showed the map a moment to reach the window's own render. */
  g_timeout_add (100, save_screenshot, self);
}

void
ma_window_set_screenshot (MaWindow   *self,
                          const char *path,
                          const char *view,
                          const char *color_mode)
{
  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);
  g_free (self->screenshot_view);
  self->screenshot_view = g_strdup (view);
  if (color_mode != NULL)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (MA_TYPE_COLOR_MODE);
      GEnumValue *value = g_enum_get_value_by_nick (klass, color_mode);

      if (value != NULL)
        ma_map_view_set_color_mode (self->map_view, value->value);
    }
  g_signal_connect_object (self->map_view, "drawn", G_CALLBACK (map_drawn_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
map_view_ready_cb (MaWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->screenshot_view != NULL && !ma_map_view_show (self->map_view, self->screenshot_view, &error))
    {
      g_printerr ("memory-atlas: %s\n", error->message);
      g_clear_pointer (&self->screenshot_view, g_free);
    }
}

/* ------------------------------------------------------------------------------------------ */

static void
ma_window_dispose (GObject *object)
{
  MaWindow *self = MA_WINDOW (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, ma_session_get_machine (self->session));
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_WINDOW);
  G_OBJECT_CLASS (ma_window_parent_class)->dispose (object);
}

static void
ma_window_finalize (GObject *object)
{
  MaWindow *self = MA_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_free (self->source);
  g_free (self->source_title);
  g_free (self->screenshot_path);
  g_free (self->screenshot_view);
  G_OBJECT_CLASS (ma_window_parent_class)->finalize (object);
}

static void
ma_window_constructed (GObject *object)
{
  MaWindow *self = MA_WINDOW (object);
  g_autofree char *gfp_text = NULL;
  MaGfp gfp;

  G_OBJECT_CLASS (ma_window_parent_class)->constructed (object);

  /* "application" is not a construct property: it is set after constructed() runs, so the
   * window opens its own handle on the app's settings. */
  self->settings = g_settings_new (APP_ID_BASE);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "color-mode", self->map_view, "color-mode", G_SETTINGS_BIND_DEFAULT);

  gfp_text = g_settings_get_string (self->settings, "alloc-gfp");
  if (!ma_gfp_parse (gfp_text, &gfp, NULL))
    gfp = MA_GFP_KERNEL;
  ma_alloc_control_set_gfp (self->alloc_control, gfp);
  ma_alloc_control_set_order (self->alloc_control, g_settings_get_uint (self->settings, "alloc-order"));
  g_signal_connect_swapped (self->alloc_control, "notify::order", G_CALLBACK (request_changed_cb), self);
  g_signal_connect_swapped (self->alloc_control, "notify::gfp", G_CALLBACK (request_changed_cb), self);

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

static void
ma_window_class_init (MaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ma_window_constructed;
  object_class->dispose = ma_window_dispose;
  object_class->finalize = ma_window_finalize;

  g_type_ensure (MA_TYPE_ALLOC_CONTROL);
  g_type_ensure (MA_TYPE_INSPECTOR);
  g_type_ensure (MA_TYPE_MAP_VIEW);
  g_type_ensure (MA_TYPE_ZONE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ma-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, inspector_button);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, alloc_control);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, message_icon);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, inspector_scroller);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, zone_panel);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, presets_section);

  ma_window_install_actions (widget_class);
}

static void
ma_window_init (MaWindow *self)
{
  const char *const *presets = ma_presets_list ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self->sidebar_button, "active", self->sidebar, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->inspector_button, "active", self->inspector_scroller, "visible",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->map_view, "frame-activated", G_CALLBACK (frame_activated_cb), self);
  g_signal_connect_swapped (self->zone_panel, "zone-activated", G_CALLBACK (zone_activated_cb), self);
  g_signal_connect_swapped (self->map_view, "map", G_CALLBACK (map_view_ready_cb), self);

  for (guint i = 0; presets[i]; i++)
    {
      g_autoptr(MaMachineSpec) spec = ma_presets_load (presets[i], NULL);
      g_autoptr(GMenuItem) item = g_menu_item_new (spec && spec->title ? spec->title : presets[i], NULL);

      g_menu_item_set_action_and_target (item, "win.new-machine", "s", presets[i]);
      g_menu_append_item (self->presets_section, item);
    }
}
