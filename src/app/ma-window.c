/* ma-window.c: the main window: a source becomes a model, which the views show
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-color-mode.h"
#include "ma-highmem.h"
#include "ma-procfs-reader.h"
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

/* The selected frame is shown everywhere at once: the map, the inspector, and on HighMem
 * machines where it is mapped in the kernel's address space. */
void
ma_window_select_pfn (MaWindow *self,
                      gint64    pfn)
{
  MaMachine *m = ma_window_get_machine (self);

  ma_map_view_set_selected_pfn (self->map_view, pfn);
  ma_inspector_show_pfn (self->inspector, m, pfn);
  ma_address_space_view_set_highlight_pfn (self->address_view, pfn);
  ma_kmap_controls_set_pfn (self->kmap_controls, pfn);
  ma_window_update_actions (self);
}

/* Everything the views show follows the model: called after each change. */
void
ma_window_refresh (MaWindow *self)
{
  ma_zone_panel_set_request (self->zone_panel, ma_alloc_control_get_gfp (self->alloc_control),
                             ma_alloc_control_get_order (self->alloc_control));
  ma_inspector_refresh (self->inspector);
  ma_explain_panel_refresh (self->explain_panel);
  ma_window_update_actions (self);
}

static void
machine_changed_cb (MaWindow *self)
{
  ma_window_refresh (self);
}

void
ma_window_update_title (MaWindow *self)
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
  /* TRANSLATORS: the window's subtitle: source kind · memory size · nodes · kernel version */
  subtitle = g_strdup_printf (ngettext ("%s · %s · %u node · Linux %s rules",
                                        "%s · %s · %u nodes · Linux %s rules",
                                        ma_machine_get_n_nodes (m)),
                              ma_window_is_live (self) ? _("Live")
                              : self->snapshot != NULL ? _("Snapshot") : _("Simulated"), size,
                              ma_machine_get_n_nodes (m), kernel);
  if (self->dirty)
    {
      /* TRANSLATORS: the window's title while it has unsaved changes */
      g_autofree char *title = g_strdup_printf (_("• %s"), self->source_title);

      adw_window_title_set_title (self->window_title, title);
    }
  else
    adw_window_title_set_title (self->window_title, self->source_title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Everything a new source changes, once: a session over its machine, and for a snapshot the
 * snapshot itself (the Explain panel checks it) and the notes of its rebuilding (the badge). */
void
ma_window_set_source (MaWindow   *self,
                      MaSession  *session,
                      MaSnapshot *snapshot,
                      GPtrArray  *notes,
                      const char *source,
                      const char *title)
{
  MaMachine *m;
  gboolean highmem;

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
  highmem = ma_highmem_is_supported (m);
  ma_address_space_view_set_machine (self->address_view, highmem ? m : NULL);
  ma_kmap_controls_set_machine (self->kmap_controls, highmem ? m : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->kmap_controls), highmem);
  gtk_stack_page_set_visible (self->address_page, highmem);
  if (self->requested_page != NULL)
    ma_window_show_page (self, self->requested_page);
  ma_window_select_pfn (self, -1);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  g_clear_pointer (&self->snapshot, ma_snapshot_unref);
  self->snapshot = snapshot ? ma_snapshot_ref (snapshot) : NULL;
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  self->notes = notes ? g_ptr_array_ref (notes) : NULL;
  ma_window_update_badge (self);
  ma_window_pressure_set_machine (self, m, ma_window_is_live (self));
  ma_explain_panel_set_source (self->explain_panel, m, snapshot);
  /* what was just opened is what its file holds */
  self->dirty = FALSE;
  ma_window_mark_clean (self);
  ma_window_update_title (self);
  ma_window_refresh (self);

  if (self->settings != NULL && source != NULL && self->screenshot_path == NULL)
    g_settings_set_string (self->settings, "last-source", source);
}

void
ma_window_set_session (MaWindow   *self,
                       MaSession  *session,
                       const char *source,
                       const char *title)
{
  ma_window_set_source (self, session, NULL, NULL, source, title);
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

static const char *const side_pages[] = { "zones", "pressure", "explain", NULL };
static const char *const dock_pages[] = { "charts", "events", "address", NULL };

gboolean
ma_window_page_is_known (const char *page)
{
  return g_strv_contains (side_pages, page) || g_strv_contains (dock_pages, page);
}

/* Shows a page of the sidebar (zones, pressure, explain) or of the dock (charts, events,
 * address). */
void
ma_window_show_page (MaWindow   *self,
                     const char *page)
{
  /* kept, so that a page that only some machines have (address) is shown when one comes */
  if (page != self->requested_page)
    {
      g_free (self->requested_page);
      self->requested_page = g_strdup (page);
    }
  if (g_strv_contains (side_pages, page))
    gtk_stack_set_visible_child_name (self->side_stack, page);
  else if (g_strv_contains (dock_pages, page))
    gtk_stack_set_visible_child_name (self->dock_stack, page);
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

  ma_window_select_pfn (self, (gint64) pfn);

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

/* A slot of the address-space view names its frame: select it on the map. */
static void
address_frame_activated_cb (MaWindow           *self,
                            guint64             pfn,
                            MaAddressSpaceView *view)
{
  ma_window_select_pfn (self, (gint64) pfn);
}

/* Hovering a frame on the map shows where the kernel sees it; leaving shows the selection. */
static void
map_frame_hovered_cb (MaWindow  *self,
                      gint64     pfn,
                      MaMapView *view)
{
  if (!ma_highmem_is_supported (ma_window_get_machine (self)))
    return;
  ma_address_space_view_set_highlight_pfn (self->address_view,
                                           pfn >= 0 ? pfn : ma_map_view_get_selected_pfn (view));
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
  g_autoptr(GBytes) png = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gint64 start = ma_application_get_start_time (MA_APPLICATION (app));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node != NULL && renderer != NULL)
    texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  /* written beside the file and renamed: a failed write keeps an earlier picture */
  if (texture != NULL)
    png = gdk_texture_save_to_png_bytes (texture);
  if (png == NULL || !ma_procfs_write_file (self->screenshot_path, g_bytes_get_data (png, NULL),
                                            g_bytes_get_size (png), NULL))
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
  /* once only; and with --play, when the scenario has ended (ma_window_screenshot_now) */
  if (self->screenshot_path == NULL || self->screenshot_taken
      || ma_playback_bar_get_playing (self->playback_bar))
    return;
  self->screenshot_taken = TRUE;
  /* Give the frame that showed the map a moment to reach the window's own render. */
  g_timeout_add (100, save_screenshot, self);
}

/* With --play: the scenario ended, the map catches up, then the picture is taken. */
void
ma_window_screenshot_when_drawn (MaWindow *self)
{
  if (self->screenshot_path != NULL && !self->screenshot_taken)
    {
      self->screenshot_taken = TRUE;
      g_timeout_add (500, save_screenshot, self);
    }
}

void
ma_window_set_screenshot (MaWindow   *self,
                          const char *path,
                          const char *view,
                          const char *color_mode)
{
  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);
  /* Pictures for the README and the metainfo have one size, whatever the user's window was;
   * and taking one must not change the user's saved size. */
  g_settings_unbind (self, "default-width");
  g_settings_unbind (self, "default-height");
  g_settings_unbind (self, "maximized");
  gtk_window_set_default_size (GTK_WINDOW (self), 1600, 1000);
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
      return;
    }
  /* a picture of one frame shows it selected, with its struct page in the inspector */
  if (self->screenshot_view != NULL && g_str_has_prefix (self->screenshot_view, "pfn:"))
    {
      guint64 pfn;

      if (g_ascii_string_to_unsigned (self->screenshot_view + 4, 10, 0, G_MAXINT64, &pfn, NULL))
        ma_window_select_pfn (self, (gint64) pfn);
    }
}

/* ------------------------------------------------------------------------------------------ */

static void
ma_window_dispose (GObject *object)
{
  MaWindow *self = MA_WINDOW (object);

  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, ma_session_get_machine (self->session));
  if (self->close_dialog != NULL)
    {
#if ADW_CHECK_VERSION (1, 5, 0)
      adw_dialog_force_close (ADW_DIALOG (self->close_dialog));
#else
      gtk_window_destroy (GTK_WINDOW (self->close_dialog));
#endif
    }
  g_clear_object (&self->close_dialog);
  ma_window_sources_dispose (self);
  ma_window_pressure_dispose (self);
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
  g_free (self->requested_page);
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

  ma_window_sources_settings_ready (self);

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

static void
ma_window_class_init (MaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = ma_window_close_request;
  object_class->constructed = ma_window_constructed;
  object_class->dispose = ma_window_dispose;
  object_class->finalize = ma_window_finalize;

  g_type_ensure (MA_TYPE_ADDRESS_SPACE_VIEW);
  g_type_ensure (MA_TYPE_ALLOC_CONTROL);
  g_type_ensure (MA_TYPE_KMAP_CONTROLS);
  g_type_ensure (MA_TYPE_EVENT_LOG);
  g_type_ensure (MA_TYPE_EXPLAIN_PANEL);
  g_type_ensure (MA_TYPE_INSPECTOR);
  g_type_ensure (MA_TYPE_LOAD_PANEL);
  g_type_ensure (MA_TYPE_MAP_VIEW);
  g_type_ensure (MA_TYPE_PLAYBACK_BAR);
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
  gtk_widget_class_bind_template_child (widget_class, MaWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, inspector_scroller);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, inspector_box);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, zone_panel);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, load_panel);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, explain_panel);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, source_badge);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, dock);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, dock_stack);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, playback_bar);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, charts_box);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, event_log);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, address_page);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, address_view);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, kmap_controls);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, presets_section);
  gtk_widget_class_bind_template_child (widget_class, MaWindow, recent_section);

  ma_window_install_actions (widget_class);
  ma_window_install_source_actions (widget_class);
  ma_window_install_pressure_actions (widget_class);
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
  g_signal_connect_swapped (self->address_view, "frame-activated",
                            G_CALLBACK (address_frame_activated_cb), self);
  g_signal_connect_swapped (self->map_view, "frame-hovered", G_CALLBACK (map_frame_hovered_cb), self);
  ma_window_pressure_init (self);
  ma_window_sources_init (self);

  for (guint i = 0; presets[i]; i++)
    {
      g_autoptr(MaMachineSpec) spec = ma_presets_load (presets[i], NULL);
      g_autoptr(GMenuItem) item = g_menu_item_new (spec && spec->title ? spec->title : presets[i], NULL);

      g_menu_item_set_action_and_target (item, "win.new-machine", "s", presets[i]);
      g_menu_append_item (self->presets_section, item);
    }
}
