/* ma-map-view.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map widget: a cached picture (tiles of MaMapPicture turned into textures, redrawn only
 * where the view or the machine changed) under small render nodes for what moves often:
 * outlines and labels (rebuilt when the view changes), the hovered and selected frames, and the
 * blocks the engine just split or merged. Work that can take long (summaries of a big machine
 * after a reset, blocks read for a close view) runs on the frame clock a few milliseconds per
 * frame, with the old picture shown meanwhile; a machine changed by a running simulation, which
 * emits no signal, is noticed by polling its event ring.
 *
 * Input (gestures, keys, actions, kinetic panning, animated zoom) is in ma-map-view-input.c,
 * tooltips and accessibility in ma-map-view-a11y.c.
 */
#define G_LOG_DOMAIN "ma-map-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-map-overlay.h"
#include "ma-map-view-private.h"

/* Milliseconds of work per frame: summaries, then blocks read from the frames while drawing. */
#define SYNC_BUDGET_US  5000
#define DRAW_BUDGET_US  5000

/* Keep ticking this long after the last change, for a simulation that changes the machine in
 * bursts; after that, poll the event ring now and then. */
#define QUIET_US        (500 * 1000)
#define POLL_MS         100

#define FLASH_US        (700 * 1000)
#define MAX_FLASHES     48

G_DEFINE_FINAL_TYPE (MaMapView, ma_map_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MACHINE,
  PROP_COLOR_MODE,
  PROP_SELECTED_PFN,
  PROP_RECONSTRUCTED,
  N_PROPS
};

enum
{
  FRAME_ACTIVATED,
  FRAME_HOVERED,
  DRAWN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------------------------ */
/* Keeping up with the machine */

static void
flash_cb (const MaEvent *event,
          gpointer       user_data)
{
  MaMapView *self = user_data;
  MaMapFlash flash;

  if (event->type != MA_EVENT_SPLIT && event->type != MA_EVENT_MERGE)
    return;
  /* A simulation splits and merges thousands of blocks a second: flashing them all would be
   * noise, so only the latest few are shown. */
  if (self->flashes->len >= MAX_FLASHES)
    g_array_remove_index (self->flashes, 0);
  flash.pfn = event->pfn;
  flash.order = event->order;
  flash.merge = event->type == MA_EVENT_MERGE;
  flash.start = g_get_monotonic_time ();
  g_array_append_val (self->flashes, flash);
}

static gboolean
emit_drawn (gpointer data)
{
  MaMapView *self = data;

  self->drawn_idle_id = 0;
  g_signal_emit (self, signals[DRAWN], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MaMapView *self = MA_MAP_VIEW (widget);
  gint64 now = g_get_monotonic_time ();
  gboolean busy = ma_map_view_input_tick (self, now);

  if (self->renderer != NULL)
    {
      guint n_flashes = self->flashes->len;

      if (ma_map_renderer_has_news (self->renderer))
        self->last_news = now;
      busy |= !ma_map_renderer_sync (self->renderer, self->viewport, now + SYNC_BUDGET_US,
                                     flash_cb, self);
      busy |= !ma_map_picture_is_complete (self->picture);
      busy |= now - self->last_news < QUIET_US;
      if (!ma_map_picture_is_complete (self->picture) || self->flashes->len != n_flashes)
        gtk_widget_queue_draw (widget);
    }

  while (self->flashes->len > 0
         && now - g_array_index (self->flashes, MaMapFlash, 0).start > FLASH_US)
    g_array_remove_index (self->flashes, 0);
  if (self->flashes->len > 0)
    {
      gtk_widget_queue_draw (widget);
      busy = TRUE;
    }

  if (!busy)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
ma_map_view_ensure_tick (MaMapView *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static gboolean
poll_cb (gpointer data)
{
  MaMapView *self = data;

  if (self->renderer != NULL && ma_map_renderer_has_news (self->renderer))
    ma_map_view_ensure_tick (self);
  return G_SOURCE_CONTINUE;
}

static void
machine_changed_cb (MaMapView *self)
{
  ma_map_view_ensure_tick (self);
}

static void
set_enabled (MaMapView  *self,
             const char *name,
             gboolean    enabled)
{
  g_autofree char *detailed = g_strconcat ("map.", name, NULL);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), detailed, enabled);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The one place where the actions' states are computed. */
static void
update_actions (MaMapView *self)
{
  double zoom = ma_viewport_get_zoom (self->viewport);

  set_enabled (self, "zoom-in",
               self->renderer != NULL && zoom < ma_viewport_get_max_zoom (self->viewport));
  set_enabled (self, "zoom-out",
               self->renderer != NULL && zoom > ma_viewport_get_min_zoom (self->viewport));
  set_enabled (self, "zoom-reset", self->renderer != NULL);
  set_enabled (self, "pan", self->renderer != NULL);
}

static void
viewport_changed_cb (MaMapView *self)
{
  g_clear_pointer (&self->overlay, g_array_unref);
  ma_map_view_update_hover (self);
  update_actions (self);
  ma_map_view_queue_a11y_update (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_dark (MaMapView *self)
{
  gboolean dark;

  if (adw_is_initialized ())
    dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  else
    g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)),
                  "gtk-application-prefer-dark-theme", &dark, NULL);
  if (dark == self->dark)
    return;
  self->dark = dark;
  if (self->renderer)
    ma_map_renderer_set_dark (self->renderer, dark);
  g_clear_pointer (&self->overlay, g_array_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing */

static void
sync_textures (MaMapView *self)
{
  guint n = ma_map_picture_get_n_tiles (self->picture);

  if (self->textures->len != n)
    {
      g_ptr_array_set_size (self->textures, 0);
      g_ptr_array_set_size (self->textures, n);
      g_array_set_size (self->serials, n);
      for (guint i = 0; i < n; i++)
        g_array_index (self->serials, guint64, i) = 0;
    }
  for (guint i = 0; i < n; i++)
    {
      int x, y;
      guint64 serial;
      cairo_surface_t *tile = ma_map_picture_get_tile (self->picture, i, &x, &y, &serial);
      g_autoptr(GBytes) bytes = NULL;
      int stride = cairo_image_surface_get_stride (tile);
      int h = cairo_image_surface_get_height (tile);

      if (serial == g_array_index (self->serials, guint64, i) && self->textures->pdata[i])
        continue;
      cairo_surface_flush (tile);
      /* The tile is drawn again later, so the texture takes a copy. */
      bytes = g_bytes_new (cairo_image_surface_get_data (tile), (gsize) stride * h);
      g_clear_object (&self->textures->pdata[i]);
      self->textures->pdata[i] = gdk_memory_texture_new (cairo_image_surface_get_width (tile), h,
                                                         GDK_MEMORY_DEFAULT, bytes, stride);
      g_array_index (self->serials, guint64, i) = serial;
    }
}

static void
append_overlay (MaMapView   *self,
                GtkSnapshot *snapshot)
{
  if (self->overlay == NULL)
    self->overlay = ma_map_overlay_build (self->renderer, self->viewport,
                                          gtk_widget_get_pango_context (GTK_WIDGET (self)));

  for (guint i = 0; i < self->overlay->len; i++)
    {
      const MaMapOverlayItem *item = &g_array_index (self->overlay, MaMapOverlayItem, i);
      GdkRGBA rgba = { item->rgba[0], item->rgba[1], item->rgba[2], item->rgba[3] };
      graphene_rect_t rect = GRAPHENE_RECT_INIT (item->x, item->y, item->width, item->height);
      GskRoundedRect rounded;

      switch (item->kind)
        {
        case MA_MAP_OVERLAY_RECT:
          gtk_snapshot_append_color (snapshot, &rgba, &rect);
          break;
        case MA_MAP_OVERLAY_ROUNDED:
          gsk_rounded_rect_init_from_rect (&rounded, &rect, item->radius);
          gtk_snapshot_push_rounded_clip (snapshot, &rounded);
          gtk_snapshot_append_color (snapshot, &rgba, &rect);
          gtk_snapshot_pop (snapshot);
          break;
        case MA_MAP_OVERLAY_TEXT:
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (item->x, item->y));
          gtk_snapshot_append_layout (snapshot, item->layout, &rgba);
          gtk_snapshot_restore (snapshot);
          break;
        default:
          break;
        }
    }
}

/* The rectangle of a block on screen; FALSE if it is not on the map. */
static gboolean
block_on_screen (MaMapView       *self,
                 guint64          pfn,
                 guint            order,
                 graphene_rect_t *out)
{
  MaFrameLayout *layout = ma_map_renderer_get_layout (self->renderer);
  MaMapRect r;
  double x0, y0, x1, y1;

  if (order > 2 * ma_frame_layout_get_tile_order (layout)
      || !ma_frame_layout_block_rect (layout, pfn, order, &r))
    return FALSE;
  ma_viewport_map_to_pixel (self->viewport, r.x, r.y, &x0, &y0);
  ma_viewport_map_to_pixel (self->viewport, r.x + r.width, r.y + r.height, &x1, &y1);
  *out = GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);
  return TRUE;
}

/* An outline around a rectangle; tiny ones become a ring around it so that they can be found. */
static void
append_ring (GtkSnapshot           *snapshot,
             const graphene_rect_t *rect,
             double                 width,
             double                 min_size,
             const GdkRGBA         *color)
{
  graphene_rect_t r = *rect;
  GskRoundedRect rounded;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };
  double radius = 0;

  if (r.size.width < min_size || r.size.height < min_size)
    {
      double cx = r.origin.x + r.size.width / 2, cy = r.origin.y + r.size.height / 2;

      r = GRAPHENE_RECT_INIT (cx - min_size / 2, cy - min_size / 2, min_size, min_size);
      radius = min_size / 2;
    }
  graphene_rect_inset (&r, -width, -width);
  gsk_rounded_rect_init_from_rect (&rounded, &r, radius > 0 ? radius + width : 0);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

static void
append_frame_marker (MaMapView   *self,
                     GtkSnapshot *snapshot,
                     gint64       pfn,
                     gboolean     selected)
{
  MaMachine *m = self->machine;
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  GdkRGBA ink = self->dark ? (GdkRGBA) { 1, 1, 1, 0.85 } : (GdkRGBA) { 0, 0, 0, 0.75 };
  GdkRGBA halo = self->dark ? (GdkRGBA) { 0, 0, 0, 0.6 } : (GdkRGBA) { 1, 1, 1, 0.8 };
  graphene_rect_t frame, block;
  guint64 head;
  guint order;
  MaFrameState state;

  if (pfn < 0 || !block_on_screen (self, (guint64) pfn, 0, &frame))
    return;
  if (ma_machine_find_block (m, (guint64) pfn, &head, &order, &state) && order > 0
      && block_on_screen (self, head, order, &block))
    append_ring (snapshot, &block, 1, 0, selected ? &accent : &ink);
  if (selected)
    {
      append_ring (snapshot, &frame, 3, 12, &halo);
      append_ring (snapshot, &frame, 2, 12, &accent);
    }
  else
    append_ring (snapshot, &frame, 1.5, 8, &ink);
}

static void
append_flashes (MaMapView   *self,
                GtkSnapshot *snapshot)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->flashes->len; i++)
    {
      const MaMapFlash *f = &g_array_index (self->flashes, MaMapFlash, i);
      double t = CLAMP ((double) (now - f->start) / FLASH_US, 0, 1);
      GdkRGBA color = f->merge ? (GdkRGBA) { 0.18, 0.76, 0.49, 1 - t }
                               : (GdkRGBA) { 1.0, 0.47, 0.0, 1 - t };
      graphene_rect_t rect;

      if (!block_on_screen (self, f->pfn, f->order, &rect))
        continue;
      /* A merge closes in on its block, a split opens out of it. */
      graphene_rect_inset (&rect, f->merge ? -6 * (1 - t) : -6 * t, f->merge ? -6 * (1 - t)
                                                                             : -6 * t);
      append_ring (snapshot, &rect, 2, 10, &color);
    }
}

static void
ma_map_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  MaMapView *self = MA_MAP_VIEW (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean complete;

  if (self->renderer == NULL || gtk_widget_get_width (widget) <= 0
      || gtk_widget_get_height (widget) <= 0)
    return;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                         gtk_widget_get_height (widget)));
  complete = ma_map_picture_update (self->picture, self->viewport, scale,
                                    g_get_monotonic_time () + DRAW_BUDGET_US);
  sync_textures (self);
  for (guint i = 0; i < self->textures->len; i++)
    {
      GdkTexture *texture = self->textures->pdata[i];
      int x, y;
      guint64 serial;

      ma_map_picture_get_tile (self->picture, i, &x, &y, &serial);
      gtk_snapshot_append_texture (snapshot, texture,
                                   &GRAPHENE_RECT_INIT ((float) x / scale, (float) y / scale,
                                                        (float) gdk_texture_get_width (texture)
                                                        / scale,
                                                        (float) gdk_texture_get_height (texture)
                                                        / scale));
    }
  append_overlay (self, snapshot);
  append_flashes (self, snapshot);
  if (self->hover_pfn != self->selected_pfn)
    append_frame_marker (self, snapshot, self->hover_pfn, FALSE);
  append_frame_marker (self, snapshot, self->selected_pfn, TRUE);
  gtk_snapshot_pop (snapshot);

  if (!complete)
    ma_map_view_ensure_tick (self);
  else if (!self->drawn && !self->animating && self->pending_view == NULL
           && ma_map_summary_is_clean (ma_map_renderer_get_summary (self->renderer)))
    {
      /* The first complete picture of this machine: tell --screenshot, after this frame. */
      self->drawn = TRUE;
      if (self->drawn_idle_id == 0)
        self->drawn_idle_id = g_idle_add (emit_drawn, self);
    }
}

static gboolean
ma_map_view_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard,
                           GtkTooltip *tooltip)
{
  MaMapView *self = MA_MAP_VIEW (widget);
  gint64 pfn = keyboard ? self->selected_pfn : ma_map_view_get_pfn_at (self, x, y);
  g_autofree char *markup = NULL;
  graphene_rect_t rect;

  if (pfn < 0 || (markup = ma_map_view_describe_frame (self, (guint64) pfn, TRUE)) == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  /* The tooltip follows the pointer from frame to frame. */
  if (block_on_screen (self, (guint64) pfn, 0, &rect))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) floor (rect.origin.x),
                                                          (int) floor (rect.origin.y),
                                                          MAX (1, (int) ceil (rect.size.width)),
                                                          MAX (1, (int) ceil (rect.size.height)) });
  return TRUE;
}

static void
ma_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  MaMapView *self = MA_MAP_VIEW (widget);

  ma_viewport_set_size (self->viewport, width, height);
  if (self->pending_view != NULL && width > 0 && height > 0)
    {
      g_autofree char *view = g_steal_pointer (&self->pending_view);

      /* Nothing was drawn yet: go there at once, so that the first picture is the one asked
       * for (--screenshot waits for it). */
      ma_map_view_show (self, view, NULL);
      if (self->animating)
        {
          self->animating = FALSE;
          ma_viewport_show_point (self->viewport, self->anim_to[1], self->anim_to[2],
                                  exp (self->anim_to[0]));
          if (g_str_equal (view, "whole"))
            ma_viewport_fit (self->viewport);
        }
    }
}

static void
ma_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 500;
}

static void
ma_map_view_root (GtkWidget *widget)
{
  MaMapView *self = MA_MAP_VIEW (widget);

  GTK_WIDGET_CLASS (ma_map_view_parent_class)->root (widget);
  if (adw_is_initialized ())
    self->style_id = g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                                              G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
  update_dark (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_MS, poll_cb, self);
}

static void
ma_map_view_unroot (GtkWidget *widget)
{
  MaMapView *self = MA_MAP_VIEW (widget);

  if (self->style_id != 0 && adw_is_initialized ())
    g_clear_signal_handler (&self->style_id, adw_style_manager_get_default ());
  g_clear_handle_id (&self->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (ma_map_view_parent_class)->unroot (widget);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
ma_map_view_dispose (GObject *object)
{
  MaMapView *self = MA_MAP_VIEW (object);

  ma_map_view_set_machine (self, NULL);
  g_clear_handle_id (&self->drawn_idle_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->a11y_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->viewport);
  g_clear_object (&self->viewport);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (ma_map_view_parent_class)->dispose (object);
}

static void
ma_map_view_finalize (GObject *object)
{
  MaMapView *self = MA_MAP_VIEW (object);

  g_ptr_array_unref (self->textures);
  g_array_unref (self->serials);
  g_array_unref (self->flashes);
  g_clear_pointer (&self->overlay, g_array_unref);
  g_free (self->pending_view);

  G_OBJECT_CLASS (ma_map_view_parent_class)->finalize (object);
}

static void
ma_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MaMapView *self = MA_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      g_value_set_object (value, self->machine);
      break;
    case PROP_COLOR_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SELECTED_PFN:
      g_value_set_int64 (value, self->selected_pfn);
      break;
    case PROP_RECONSTRUCTED:
      g_value_set_boolean (value, self->reconstructed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MaMapView *self = MA_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      ma_map_view_set_machine (self, g_value_get_object (value));
      break;
    case PROP_COLOR_MODE:
      ma_map_view_set_color_mode (self, g_value_get_enum (value));
      break;
    case PROP_SELECTED_PFN:
      ma_map_view_set_selected_pfn (self, g_value_get_int64 (value));
      break;
    case PROP_RECONSTRUCTED:
      ma_map_view_set_reconstructed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_map_view_class_init (MaMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ma_map_view_dispose;
  object_class->finalize = ma_map_view_finalize;
  object_class->get_property = ma_map_view_get_property;
  object_class->set_property = ma_map_view_set_property;

  widget_class->snapshot = ma_map_view_snapshot;
  widget_class->size_allocate = ma_map_view_size_allocate;
  widget_class->measure = ma_map_view_measure;
  widget_class->query_tooltip = ma_map_view_query_tooltip;
  widget_class->root = ma_map_view_root;
  widget_class->unroot = ma_map_view_unroot;

  /**
   * MaMapView:machine:
   *
   * The machine shown, or %NULL.
   */
  properties[PROP_MACHINE] =
    g_param_spec_object ("machine", NULL, NULL, MA_TYPE_MACHINE, flags);
  /**
   * MaMapView:color-mode:
   *
   * What the colours tell.
   */
  properties[PROP_COLOR_MODE] =
    g_param_spec_enum ("color-mode", NULL, NULL, MA_TYPE_COLOR_MODE, MA_COLOR_MODE_STATE, flags);
  /**
   * MaMapView:selected-pfn:
   *
   * The highlighted frame, or -1.
   */
  properties[PROP_SELECTED_PFN] =
    g_param_spec_int64 ("selected-pfn", NULL, NULL, -1, G_MAXINT64, -1, flags);
  /**
   * MaMapView:reconstructed:
   *
   * Whether the frames were reconstructed from counts; the map then says so in a badge.
   */
  properties[PROP_RECONSTRUCTED] =
    g_param_spec_boolean ("reconstructed", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MaMapView::frame-activated:
   * @pfn: the frame clicked
   * @button: the mouse button
   * @state: the modifiers held
   *
   * A frame was clicked. The map only reports it: the window selects, allocates or frees.
   */
  signals[FRAME_ACTIVATED] =
    g_signal_new ("frame-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_UINT, GDK_TYPE_MODIFIER_TYPE);
  /**
   * MaMapView::frame-hovered:
   * @pfn: the frame under the pointer, or -1 when it left the frames
   *
   * The pointer moved to another frame.
   */
  signals[FRAME_HOVERED] =
    g_signal_new ("frame-hovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * MaMapView::drawn:
   *
   * Emitted once after the first complete picture of a machine was drawn (summaries up to date,
   * every block of the view read, no animation running), after that frame.
   */
  signals[DRAWN] =
    g_signal_new ("drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  ma_map_view_input_class_init (widget_class);
}

static void
group_action_cb (GSimpleAction *action,
                 GVariant      *param,
                 MaMapView     *self)
{
  g_autofree char *detailed = g_strconcat ("map.", g_action_get_name (G_ACTION (action)), NULL);

  gtk_widget_activate_action_variant (GTK_WIDGET (self), detailed, param);
}

static void
ma_map_view_init (MaMapView *self)
{
  static const char *const names[] = { "zoom-in", "zoom-out", "zoom-reset", "pan" };

  self->actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new (names[i], g_str_equal (names[i], "pan") ? G_VARIANT_TYPE ("(dd)")
                                                                     : NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (group_action_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }
  self->viewport = ma_viewport_new ();
  self->changed_id = g_signal_connect_swapped (self->viewport, "changed",
                                               G_CALLBACK (viewport_changed_cb), self);
  self->textures = g_ptr_array_new_with_free_func (g_object_unref);
  self->serials = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->flashes = g_array_new (FALSE, FALSE, sizeof (MaMapFlash));
  self->selected_pfn = -1;
  self->hover_pfn = -1;
  self->mode = MA_COLOR_MODE_STATE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  ma_map_view_input_init (self);
  viewport_changed_cb (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Public */

/**
 * ma_map_view_new:
 *
 * Returns: (transfer full): a new, empty map
 */
GtkWidget *
ma_map_view_new (void)
{
  return g_object_new (MA_TYPE_MAP_VIEW, NULL);
}

/**
 * ma_map_view_get_machine:
 *
 * Returns: (transfer none) (nullable): the machine shown
 */
MaMachine *
ma_map_view_get_machine (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), NULL);
  return self->machine;
}

/**
 * ma_map_view_set_machine:
 * @machine: (nullable): the machine to show
 *
 * Shows the whole of @machine. Its summaries are computed over the next frames.
 */
void
ma_map_view_set_machine (MaMapView *self,
                         MaMachine *machine)
{
  double width, height;

  g_return_if_fail (MA_IS_MAP_VIEW (self));
  g_return_if_fail (machine == NULL || MA_IS_MACHINE (machine));

  if (machine == self->machine)
    return;

  if (self->machine)
    g_signal_handlers_disconnect_by_func (self->machine, machine_changed_cb, self);
  g_clear_pointer (&self->picture, ma_map_picture_free);
  g_clear_object (&self->renderer);
  g_set_object (&self->machine, machine);
  g_ptr_array_set_size (self->textures, 0);
  g_array_set_size (self->flashes, 0);
  g_clear_pointer (&self->overlay, g_array_unref);
  self->drawn = FALSE;
  self->hover_pfn = -1;
  ma_map_view_stop_motion (self);

  if (machine != NULL)
    {
      self->renderer = ma_map_renderer_new (machine);
      ma_map_renderer_set_color_mode (self->renderer, self->mode);
      ma_map_renderer_set_dark (self->renderer, self->dark);
      ma_map_renderer_set_reconstructed (self->renderer, self->reconstructed);
      self->picture = ma_map_picture_new (self->renderer);
      g_signal_connect_swapped (machine, "changed", G_CALLBACK (machine_changed_cb), self);
      ma_frame_layout_get_size (ma_map_renderer_get_layout (self->renderer), &width, &height);
      ma_viewport_set_content_size (self->viewport, width, height);
      ma_map_view_ensure_tick (self);
    }
  else
    ma_viewport_set_content_size (self->viewport, 0, 0);

  viewport_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

MaColorMode
ma_map_view_get_color_mode (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), MA_COLOR_MODE_STATE);
  return self->mode;
}

void
ma_map_view_set_color_mode (MaMapView   *self,
                            MaColorMode  mode)
{
  g_return_if_fail (MA_IS_MAP_VIEW (self));
  g_return_if_fail (mode < MA_N_COLOR_MODES);

  if (mode == self->mode)
    return;
  self->mode = mode;
  if (self->renderer)
    {
      ma_map_renderer_set_color_mode (self->renderer, mode);
      ma_map_view_ensure_tick (self);
    }
  ma_map_view_queue_a11y_update (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_MODE]);
}

/**
 * ma_map_view_get_viewport:
 *
 * Returns: (transfer none): the view model: zoom, centre and size
 */
MaViewport *
ma_map_view_get_viewport (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), NULL);
  return self->viewport;
}

/**
 * ma_map_view_get_action_group:
 *
 * The map's actions (zoom-in, zoom-out, zoom-reset, pan) as an action group, with the same
 * enabled states as the widget's own map.* actions: widgets outside the map (a header bar's
 * buttons, application accelerators) reach them when the window inserts this group as "map".
 *
 * Returns: (transfer none): the actions
 */
GActionGroup *
ma_map_view_get_action_group (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

/**
 * ma_map_view_get_renderer:
 *
 * Returns: (transfer none) (nullable): the renderer of the machine shown, for the overview and
 *   exports
 */
MaMapRenderer *
ma_map_view_get_renderer (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), NULL);
  return self->renderer;
}

static gboolean
parse_u64 (const char *text,
           guint64    *out)
{
  g_autoptr(GError) error = NULL;

  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    return g_ascii_string_to_unsigned (text + 2, 16, 0, G_MAXUINT64, out, &error);
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, &error);
}

/**
 * ma_map_view_show:
 * @view: "whole", "zone:NODE:NAME" (node id and zone name, as "zone:0:Normal") or "pfn:N"
 *   (decimal or 0x-prefixed hexadecimal)
 * @error: where to put an error
 *
 * Moves the view to the whole machine, a zone, or one frame close up (animated when shown).
 * Before the map has a size the view is applied when it gets one.
 *
 * Returns: %FALSE if @view names nothing on the map
 */
gboolean
ma_map_view_show (MaMapView   *self,
                  const char  *view,
                  GError     **error)
{
  MaFrameLayout *layout;
  g_auto(GStrv) parts = NULL;
  double x, y;

  g_return_val_if_fail (MA_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (self->renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("Cannot show “%s”: no machine is loaded"), view);
      return FALSE;
    }
  layout = ma_map_renderer_get_layout (self->renderer);
  parts = g_strsplit (view, ":", 3);

  if (g_str_equal (view, "whole"))
    ;
  else if (g_str_equal (parts[0], "zone") && g_strv_length (parts) == 3)
    {
      guint64 node;

      if (!parse_u64 (parts[1], &node) || node > G_MAXUINT
          || ma_frame_layout_find_zone (layout, (guint) node, parts[2]) < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Cannot show “%s”: node %s has no zone called %s"), view, parts[1],
                       parts[2]);
          return FALSE;
        }
    }
  else if (g_str_equal (parts[0], "pfn") && g_strv_length (parts) == 2)
    {
      guint64 pfn;

      if (!parse_u64 (parts[1], &pfn) || !ma_frame_layout_pfn_to_xy (layout, pfn, &x, &y))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Cannot show “%s”: no zone holds page frame %s"), view, parts[1]);
          return FALSE;
        }
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot show “%s”: use whole, zone:NODE:NAME or pfn:NUMBER"), view);
      return FALSE;
    }

  if (ma_viewport_get_width (self->viewport) <= 0 || ma_viewport_get_height (self->viewport) <= 0)
    {
      g_free (self->pending_view);
      self->pending_view = g_strdup (view);
      return TRUE;
    }

  if (g_str_equal (view, "whole"))
    ma_map_view_zoom_reset (self);
  else if (g_str_equal (parts[0], "zone"))
    {
      guint64 node = 0;
      const MaLayoutZone *z;

      parse_u64 (parts[1], &node);
      z = ma_frame_layout_get_zone (layout, ma_frame_layout_find_zone (layout, (guint) node,
                                                                       parts[2]));
      double margin = 24;
      double w = MAX (ma_viewport_get_width (self->viewport) - 2 * margin, 1);
      double h = MAX (ma_viewport_get_height (self->viewport) - 2 * margin, 1);

      ma_map_view_animate_to (self, MIN (w / z->rect.width, h / z->rect.height),
                              z->rect.x + z->rect.width / 2, z->rect.y + z->rect.height / 2);
    }
  else
    ma_map_view_animate_to (self, MAX (ma_viewport_get_zoom (self->viewport), 24),
                            x + 0.5, y + 0.5);
  return TRUE;
}

gint64
ma_map_view_get_selected_pfn (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), -1);
  return self->selected_pfn;
}

/**
 * ma_map_view_set_selected_pfn:
 * @pfn: the frame to highlight, or -1
 */
void
ma_map_view_set_selected_pfn (MaMapView *self,
                              gint64     pfn)
{
  g_return_if_fail (MA_IS_MAP_VIEW (self));

  pfn = MAX (pfn, -1);
  if (pfn == self->selected_pfn)
    return;
  self->selected_pfn = pfn;
  ma_map_view_queue_a11y_update (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PFN]);
}

/**
 * ma_map_view_get_pfn_at:
 * @x: widget coordinates
 * @y: widget coordinates
 *
 * Returns: the frame shown at (@x, @y), or -1
 */
gint64
ma_map_view_get_pfn_at (MaMapView *self,
                        double     x,
                        double     y)
{
  double mx, my;
  guint64 pfn;

  g_return_val_if_fail (MA_IS_MAP_VIEW (self), -1);

  if (self->renderer == NULL)
    return -1;
  ma_viewport_pixel_to_map (self->viewport, x, y, &mx, &my);
  if (!ma_frame_layout_xy_to_pfn (ma_map_renderer_get_layout (self->renderer), mx, my, &pfn))
    return -1;
  return (gint64) pfn;
}

/**
 * ma_map_view_is_drawn:
 *
 * Returns: whether a complete picture of the machine has been drawn
 */
gboolean
ma_map_view_is_drawn (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), FALSE);
  return self->drawn;
}

gboolean
ma_map_view_get_reconstructed (MaMapView *self)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), FALSE);
  return self->reconstructed;
}

/**
 * ma_map_view_set_reconstructed:
 * @reconstructed: whether the frames are a layout reconstructed from counts
 *
 * Shows or hides the badge that says the layout was inferred, not read from the pages.
 */
void
ma_map_view_set_reconstructed (MaMapView *self,
                               gboolean   reconstructed)
{
  g_return_if_fail (MA_IS_MAP_VIEW (self));

  reconstructed = !!reconstructed;
  if (reconstructed == self->reconstructed)
    return;
  self->reconstructed = reconstructed;
  if (self->renderer)
    ma_map_renderer_set_reconstructed (self->renderer, reconstructed);
  g_clear_pointer (&self->overlay, g_array_unref);
  ma_map_view_queue_a11y_update (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONSTRUCTED]);
}

/**
 * ma_map_view_export:
 * @format: PNG or SVG
 * @path: (type filename): the file to write
 * @error: where to put an error
 *
 * Writes the view as shown, at its size, with the map's own summaries (faster than
 * ma_map_export_png() for a large machine).
 *
 * Returns: %TRUE on success
 */
gboolean
ma_map_view_export (MaMapView          *self,
                    MaMapExportFormat   format,
                    const char         *path,
                    GError            **error)
{
  g_return_val_if_fail (MA_IS_MAP_VIEW (self), FALSE);

  if (self->renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("There is no map to export: no machine is loaded"));
      return FALSE;
    }
  return ma_map_renderer_export (self->renderer, self->viewport, format, path, error);
}

/* For ma-map-view-input.c: the signals are emitted here. */
void
ma_map_view_emit_activated (MaMapView       *self,
                            guint64          pfn,
                            guint            button,
                            GdkModifierType  state)
{
  g_signal_emit (self, signals[FRAME_ACTIVATED], 0, pfn, button, state);
}

void
ma_map_view_emit_hovered (MaMapView *self,
                          gint64     pfn)
{
  g_signal_emit (self, signals[FRAME_HOVERED], 0, pfn);
}
