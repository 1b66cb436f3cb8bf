/* ma-map-overview.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The overview draws with the map's own renderer (its summaries are shared, so this costs a few
 * thousand cells of a coarse level) and follows its damage at most a few times a second. The
 * part of the machine in the map is the undimmed rectangle; clicking or dragging in the overview
 * moves the map there.
 */
#define G_LOG_DOMAIN "ma-map-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-map-overview.h"
#include "ma-map-picture.h"

#define REDRAW_MS 250

struct _MaMapOverview
{
  GtkWidget      parent_instance;

  MaMapView     *map_view;
  MaMapRenderer *renderer;
  MaMapPicture  *picture;
  MaViewport    *viewport;
  gulong         machine_id;
  gulong         view_changed_id;
  gulong         damaged_id;
  guint          redraw_id;
  double         drag_x;
  double         drag_y;
};

G_DEFINE_FINAL_TYPE (MaMapOverview, ma_map_overview, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MAP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
redraw_cb (gpointer data)
{
  MaMapOverview *self = data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
queue_redraw_soon (MaMapOverview *self)
{
  if (self->redraw_id == 0)
    self->redraw_id = g_timeout_add (REDRAW_MS, redraw_cb, self);
}

static void
set_renderer (MaMapOverview *self)
{
  MaMapRenderer *renderer = self->map_view ? ma_map_view_get_renderer (self->map_view) : NULL;
  double w, h;

  if (renderer == self->renderer)
    return;
  if (self->renderer)
    g_clear_signal_handler (&self->damaged_id, self->renderer);
  g_clear_pointer (&self->picture, ma_map_picture_free);
  g_set_object (&self->renderer, renderer);
  if (renderer)
    {
      self->picture = ma_map_picture_new (renderer);
      self->damaged_id = g_signal_connect_swapped (renderer, "damaged",
                                                   G_CALLBACK (queue_redraw_soon), self);
      ma_frame_layout_get_size (ma_map_renderer_get_layout (renderer), &w, &h);
      ma_viewport_set_content_size (self->viewport, w, h);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
ma_map_overview_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  MaMapOverview *self = MA_MAP_OVERVIEW (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkRGBA dim = { 0, 0, 0, 0.35 }, accent = { 0.21, 0.52, 0.89, 1 };
  MaViewport *main;
  MaMapRect r;
  double x0, y0, x1, y1;
  int tx, ty;
  guint64 serial;
  cairo_surface_t *tile;

  if (self->renderer == NULL || w <= 0 || h <= 0)
    return;

  ma_viewport_set_size (self->viewport, w, h);
  ma_viewport_fit (self->viewport);
  if (!ma_map_picture_update (self->picture, self->viewport, scale,
                              g_get_monotonic_time () + 2000))
    queue_redraw_soon (self);

  /* A small overview is one tile or a few, redrawn rarely: no texture cache. */
  for (guint i = 0; i < ma_map_picture_get_n_tiles (self->picture); i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      int stride;

      tile = ma_map_picture_get_tile (self->picture, i, &tx, &ty, &serial);
      cairo_surface_flush (tile);
      stride = cairo_image_surface_get_stride (tile);
      bytes = g_bytes_new (cairo_image_surface_get_data (tile),
                           (gsize) stride * cairo_image_surface_get_height (tile));
      texture = gdk_memory_texture_new (cairo_image_surface_get_width (tile),
                                        cairo_image_surface_get_height (tile),
                                        GDK_MEMORY_DEFAULT, bytes, stride);
      gtk_snapshot_append_texture (snapshot, texture,
                                   &GRAPHENE_RECT_INIT ((float) tx / scale, (float) ty / scale,
                                                        (float) gdk_texture_get_width (texture)
                                                        / scale,
                                                        (float) gdk_texture_get_height (texture)
                                                        / scale));
    }

  /* Dim all but what the map shows, and frame it. */
  main = ma_map_view_get_viewport (self->map_view);
  ma_viewport_get_visible_rect (main, &r);
  ma_viewport_map_to_pixel (self->viewport, r.x, r.y, &x0, &y0);
  ma_viewport_map_to_pixel (self->viewport, r.x + r.width, r.y + r.height, &x1, &y1);
  x0 = CLAMP (x0, 0, w);
  x1 = CLAMP (x1, 0, w);
  y0 = CLAMP (y0, 0, h);
  y1 = CLAMP (y1, 0, h);
  if (!ma_viewport_get_fitted (main))
    {
      gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (0, 0, w, y0));
      gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (0, y1, w, h - y1));
      gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (0, y0, x0, y1 - y0));
      gtk_snapshot_append_color (snapshot, &dim, &GRAPHENE_RECT_INIT (x1, y0, w - x1, y1 - y0));
    }
  {
    GskRoundedRect outline;
    float widths[4] = { 2, 2, 2, 2 };
    GdkRGBA colors[4] = { accent, accent, accent, accent };

    /* Never smaller than a few pixels, so that a close-up can still be found. */
    if (x1 - x0 < 6)
      {
        x0 = (x0 + x1) / 2 - 3;
        x1 = x0 + 6;
      }
    if (y1 - y0 < 6)
      {
        y0 = (y0 + y1) / 2 - 3;
        y1 = y0 + 6;
      }
    gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0), 2);
    gtk_snapshot_append_border (snapshot, &outline, widths, colors);
  }
}

static GtkSizeRequestMode
ma_map_overview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ma_map_overview_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  MaMapOverview *self = MA_MAP_OVERVIEW (widget);
  double w = 16, h = 10;

  if (self->renderer)
    ma_frame_layout_get_size (ma_map_renderer_get_layout (self->renderer), &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 80;
      *natural = 240;
    }
  else
    {
      int width = for_size > 0 ? for_size : 240;

      /* The natural height keeps the map's proportions. The minimum does not depend on the
       * width: a box giving this widget more width for its minimum than for its natural size
       * would otherwise report a minimum above its natural height (GTK 4.18 checks). */
      *natural = (int) CLAMP (width * h / MAX (w, 1), 40, 2 * width);
      *minimum = 40;
    }
}

/* Moves the map so that the map point under (x, y) of the overview is in its middle. */
static void
center_map_at (MaMapOverview *self,
               double         x,
               double         y)
{
  double mx, my;

  if (self->renderer == NULL)
    return;
  ma_viewport_pixel_to_map (self->viewport, x, y, &mx, &my);
  ma_viewport_set_center (ma_map_view_get_viewport (self->map_view), mx, my);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MaMapOverview  *self)
{
  self->drag_x = x;
  self->drag_y = y;
  center_map_at (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MaMapOverview  *self)
{
  center_map_at (self, self->drag_x + dx, self->drag_y + dy);
}

static void
ma_map_overview_dispose (GObject *object)
{
  MaMapOverview *self = MA_MAP_OVERVIEW (object);

  ma_map_overview_set_map_view (self, NULL);
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_clear_object (&self->viewport);

  G_OBJECT_CLASS (ma_map_overview_parent_class)->dispose (object);
}

static void
ma_map_overview_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MaMapOverview *self = MA_MAP_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_MAP_VIEW:
      g_value_set_object (value, self->map_view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_map_overview_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MaMapOverview *self = MA_MAP_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_MAP_VIEW:
      ma_map_overview_set_map_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_map_overview_class_init (MaMapOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_map_overview_dispose;
  object_class->get_property = ma_map_overview_get_property;
  object_class->set_property = ma_map_overview_set_property;
  widget_class->snapshot = ma_map_overview_snapshot;
  widget_class->measure = ma_map_overview_measure;
  widget_class->get_request_mode = ma_map_overview_get_request_mode;

  /**
   * MaMapOverview:map-view:
   *
   * The map whose machine and view the overview shows.
   */
  properties[PROP_MAP_VIEW] =
    g_param_spec_object ("map-view", NULL, NULL, MA_TYPE_MAP_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mapoverview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ma_map_overview_init (MaMapOverview *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->viewport = ma_viewport_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Overview of the memory map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The whole machine; the part shown in the map is framed. "
                                    "Click to move the map."), -1);
}

/**
 * ma_map_overview_new:
 *
 * Returns: (transfer full): a new overview, following no map yet
 */
GtkWidget *
ma_map_overview_new (void)
{
  return g_object_new (MA_TYPE_MAP_OVERVIEW, NULL);
}

/**
 * ma_map_overview_get_map_view:
 *
 * Returns: (transfer none) (nullable): the map followed
 */
MaMapView *
ma_map_overview_get_map_view (MaMapOverview *self)
{
  g_return_val_if_fail (MA_IS_MAP_OVERVIEW (self), NULL);
  return self->map_view;
}

/**
 * ma_map_overview_set_map_view:
 * @map_view: (nullable): the map to follow
 */
void
ma_map_overview_set_map_view (MaMapOverview *self,
                              MaMapView     *map_view)
{
  g_return_if_fail (MA_IS_MAP_OVERVIEW (self));
  g_return_if_fail (map_view == NULL || MA_IS_MAP_VIEW (map_view));

  if (map_view == self->map_view)
    return;
  if (self->map_view)
    {
      g_clear_signal_handler (&self->machine_id, self->map_view);
      g_clear_signal_handler (&self->view_changed_id, ma_map_view_get_viewport (self->map_view));
    }
  g_set_object (&self->map_view, map_view);
  if (map_view)
    {
      self->machine_id = g_signal_connect_swapped (map_view, "notify::machine",
                                                   G_CALLBACK (set_renderer), self);
      self->view_changed_id = g_signal_connect_swapped (ma_map_view_get_viewport (map_view),
                                                        "changed",
                                                        G_CALLBACK (gtk_widget_queue_draw),
                                                        self);
    }
  set_renderer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP_VIEW]);
}
