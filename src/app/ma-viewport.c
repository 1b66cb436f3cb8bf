/* ma-viewport.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view model of the map, kept out of the widget so that it can be tested without a display:
 * gestures, keys and actions write it; the widget and the overview read it.
 *
 * Coordinates: map units are page frames (one frame is 1 × 1); pixels are the widget's logical
 * pixels with (0, 0) at its top-left corner. zoom is pixels per map unit. The centre is the map
 * point shown in the middle of the widget.
 *
 * Clamping: zoom stays between the level that shows the whole map (with a little margin) and
 * MA_VIEWPORT_MAX_ZOOM pixels per frame. Along each axis, a map that fits in the view is
 * centred; a larger one may move until its edge reaches the middle of the view, so that any
 * part of it (a zone at the map's edge) can be centred and the map never leaves the screen.
 */
#define G_LOG_DOMAIN "ma-viewport"

#include "config.h"

#include <math.h>

#include "ma-viewport.h"

#define FIT_MARGIN 0.95

struct _MaViewport
{
  GObject  parent_instance;

  double   zoom;
  double   center_x;
  double   center_y;
  double   width;
  double   height;
  double   content_width;
  double   content_height;
  gboolean fitted;
  gboolean size_changed;   /* the next update() announces a change even if nothing else moved */
};

G_DEFINE_FINAL_TYPE (MaViewport, ma_viewport, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_MIN_ZOOM,
  PROP_MAX_ZOOM,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_CONTENT_WIDTH,
  PROP_CONTENT_HEIGHT,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static double
compute_min_zoom (MaViewport *self)
{
  double z;

  if (self->content_width <= 0 || self->content_height <= 0
      || self->width <= 0 || self->height <= 0)
    return MA_VIEWPORT_MAX_ZOOM;
  z = MIN (self->width / self->content_width, self->height / self->content_height) * FIT_MARGIN;
  return MIN (z, MA_VIEWPORT_MAX_ZOOM);
}

static double
clamp_axis (double center,
            double size,
            double content,
            double zoom)
{
  if (content * zoom <= size)
    return content / 2;
  return CLAMP (center, 0, content);
}

/* The one place that changes the view: clamps, then notifies what changed. */
static void
update (MaViewport *self,
        double      zoom,
        double      center_x,
        double      center_y)
{
  double min_zoom = compute_min_zoom (self);
  gboolean changed = self->size_changed;

  zoom = CLAMP (zoom, min_zoom, MA_VIEWPORT_MAX_ZOOM);
  center_x = clamp_axis (center_x, self->width, self->content_width, zoom);
  center_y = clamp_axis (center_y, self->height, self->content_height, zoom);

  g_object_freeze_notify (G_OBJECT (self));
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      changed = TRUE;
    }
  if (center_x != self->center_x)
    {
      self->center_x = center_x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
      changed = TRUE;
    }
  if (center_y != self->center_y)
    {
      self->center_y = center_y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));

  self->size_changed = FALSE;
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
refit (MaViewport *self)
{
  self->fitted = TRUE;
  update (self, compute_min_zoom (self), self->content_width / 2, self->content_height / 2);
}

static void
ma_viewport_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MaViewport *self = MA_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_MIN_ZOOM:
      g_value_set_double (value, ma_viewport_get_min_zoom (self));
      break;
    case PROP_MAX_ZOOM:
      g_value_set_double (value, MA_VIEWPORT_MAX_ZOOM);
      break;
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;
    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;
    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_double (value, self->height);
      break;
    case PROP_CONTENT_WIDTH:
      g_value_set_double (value, self->content_width);
      break;
    case PROP_CONTENT_HEIGHT:
      g_value_set_double (value, self->content_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_viewport_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MaViewport *self = MA_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      ma_viewport_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_CENTER_X:
      ma_viewport_set_center (self, g_value_get_double (value), self->center_y);
      break;
    case PROP_CENTER_Y:
      ma_viewport_set_center (self, self->center_x, g_value_get_double (value));
      break;
    case PROP_WIDTH:
      ma_viewport_set_size (self, g_value_get_double (value), self->height);
      break;
    case PROP_HEIGHT:
      ma_viewport_set_size (self, self->width, g_value_get_double (value));
      break;
    case PROP_CONTENT_WIDTH:
      ma_viewport_set_content_size (self, g_value_get_double (value), self->content_height);
      break;
    case PROP_CONTENT_HEIGHT:
      ma_viewport_set_content_size (self, self->content_width, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_viewport_class_init (MaViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = ma_viewport_get_property;
  object_class->set_property = ma_viewport_set_property;

  /**
   * MaViewport:zoom:
   *
   * Pixels per map unit (per page frame side), between #MaViewport:min-zoom and
   * #MaViewport:max-zoom.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, MA_VIEWPORT_MAX_ZOOM, 1, rw);
  /**
   * MaViewport:min-zoom:
   *
   * The zoom that shows the whole map.
   */
  properties[PROP_MIN_ZOOM] =
    g_param_spec_double ("min-zoom", NULL, NULL, 0, MA_VIEWPORT_MAX_ZOOM, 1, ro);
  /**
   * MaViewport:max-zoom:
   *
   * The closest zoom, %MA_VIEWPORT_MAX_ZOOM.
   */
  properties[PROP_MAX_ZOOM] =
    g_param_spec_double ("max-zoom", NULL, NULL, 0, MA_VIEWPORT_MAX_ZOOM, MA_VIEWPORT_MAX_ZOOM,
                         ro);
  /**
   * MaViewport:center-x:
   *
   * The map point shown in the middle of the view, in map units.
   */
  properties[PROP_CENTER_X] =
    g_param_spec_double ("center-x", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);
  /**
   * MaViewport:center-y:
   *
   * The map point shown in the middle of the view, in map units.
   */
  properties[PROP_CENTER_Y] =
    g_param_spec_double ("center-y", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, rw);
  /**
   * MaViewport:width:
   *
   * The width of the view, in pixels.
   */
  properties[PROP_WIDTH] = g_param_spec_double ("width", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  /**
   * MaViewport:height:
   *
   * The height of the view, in pixels.
   */
  properties[PROP_HEIGHT] = g_param_spec_double ("height", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  /**
   * MaViewport:content-width:
   *
   * The width of the whole map, in map units.
   */
  properties[PROP_CONTENT_WIDTH] =
    g_param_spec_double ("content-width", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);
  /**
   * MaViewport:content-height:
   *
   * The height of the whole map, in map units.
   */
  properties[PROP_CONTENT_HEIGHT] =
    g_param_spec_double ("content-height", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MaViewport::changed:
   *
   * Emitted once after the zoom, the centre or the size changed, after the notifications.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ma_viewport_init (MaViewport *self)
{
  self->zoom = 1;
  self->fitted = TRUE;
}

/**
 * ma_viewport_new:
 *
 * Returns: (transfer full): a viewport of size 0 on an empty map
 */
MaViewport *
ma_viewport_new (void)
{
  return g_object_new (MA_TYPE_VIEWPORT, NULL);
}

/**
 * ma_viewport_copy:
 *
 * Returns: (transfer full): a new viewport showing the same view
 */
MaViewport *
ma_viewport_copy (MaViewport *self)
{
  MaViewport *copy;

  g_return_val_if_fail (MA_IS_VIEWPORT (self), NULL);

  copy = ma_viewport_new ();
  copy->zoom = self->zoom;
  copy->center_x = self->center_x;
  copy->center_y = self->center_y;
  copy->width = self->width;
  copy->height = self->height;
  copy->content_width = self->content_width;
  copy->content_height = self->content_height;
  copy->fitted = self->fitted;
  return copy;
}

double
ma_viewport_get_zoom (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), 1);
  return self->zoom;
}

/**
 * ma_viewport_set_zoom:
 * @zoom: pixels per map unit; clamped
 *
 * Zooms about the centre of the view.
 */
void
ma_viewport_set_zoom (MaViewport *self,
                      double      zoom)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  self->fitted = FALSE;
  update (self, zoom, self->center_x, self->center_y);
}

double
ma_viewport_get_min_zoom (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), 1);
  return compute_min_zoom (self);
}

double
ma_viewport_get_max_zoom (MaViewport *self)
{
  return MA_VIEWPORT_MAX_ZOOM;
}

double
ma_viewport_get_center_x (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), 0);
  return self->center_x;
}

double
ma_viewport_get_center_y (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), 0);
  return self->center_y;
}

/**
 * ma_viewport_set_center:
 * @x: map units; clamped
 * @y: map units; clamped
 *
 * Shows the map point (@x, @y) in the middle of the view.
 */
void
ma_viewport_set_center (MaViewport *self,
                        double      x,
                        double      y)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  self->fitted = FALSE;
  update (self, self->zoom, x, y);
}

double
ma_viewport_get_width (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), 0);
  return self->width;
}

double
ma_viewport_get_height (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), 0);
  return self->height;
}

/**
 * ma_viewport_set_size:
 * @width: pixels
 * @height: pixels
 *
 * Sets the size of the view. A view that showed the whole map keeps showing it.
 */
void
ma_viewport_set_size (MaViewport *self,
                      double      width,
                      double      height)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  width = MAX (width, 0);
  height = MAX (height, 0);
  if (width == self->width && height == self->height)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (width != self->width)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
  if (height != self->height)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
  self->width = width;
  self->height = height;
  self->size_changed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ZOOM]);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->fitted)
    refit (self);
  else
    update (self, self->zoom, self->center_x, self->center_y);
}

void
ma_viewport_get_content_size (MaViewport *self,
                              double     *out_width,
                              double     *out_height)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  if (out_width)
    *out_width = self->content_width;
  if (out_height)
    *out_height = self->content_height;
}

/**
 * ma_viewport_set_content_size:
 * @width: map units
 * @height: map units
 *
 * Sets the size of the whole map and shows all of it.
 */
void
ma_viewport_set_content_size (MaViewport *self,
                              double      width,
                              double      height)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (width != self->content_width)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_WIDTH]);
  if (height != self->content_height)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT_HEIGHT]);
  self->content_width = MAX (width, 0);
  self->content_height = MAX (height, 0);
  self->size_changed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_ZOOM]);
  g_object_thaw_notify (G_OBJECT (self));

  refit (self);
}

/**
 * ma_viewport_get_fitted:
 *
 * Returns: whether the view shows the whole map and keeps doing so when resized
 */
gboolean
ma_viewport_get_fitted (MaViewport *self)
{
  g_return_val_if_fail (MA_IS_VIEWPORT (self), FALSE);
  return self->fitted;
}

/**
 * ma_viewport_zoom_at:
 * @factor: how much closer (> 1) or further (< 1)
 * @px: the pixel that stays fixed
 * @py: the pixel that stays fixed
 *
 * Zooms by @factor keeping the map point under (@px, @py) where it is, unless clamping moves it.
 */
void
ma_viewport_zoom_at (MaViewport *self,
                     double      factor,
                     double      px,
                     double      py)
{
  double mx, my, zoom;

  g_return_if_fail (MA_IS_VIEWPORT (self));
  g_return_if_fail (factor > 0);

  ma_viewport_pixel_to_map (self, px, py, &mx, &my);
  zoom = CLAMP (self->zoom * factor, compute_min_zoom (self), MA_VIEWPORT_MAX_ZOOM);
  self->fitted = FALSE;
  update (self, zoom,
          mx - (px - self->width / 2) / zoom,
          my - (py - self->height / 2) / zoom);
}

/**
 * ma_viewport_pan:
 * @dx: pixels the map moves right
 * @dy: pixels the map moves down
 *
 * Moves the map under the view, as a drag does.
 */
void
ma_viewport_pan (MaViewport *self,
                 double      dx,
                 double      dy)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  self->fitted = FALSE;
  update (self, self->zoom, self->center_x - dx / self->zoom, self->center_y - dy / self->zoom);
}

/**
 * ma_viewport_fit:
 *
 * Shows the whole map, and keeps showing it when the view is resized.
 */
void
ma_viewport_fit (MaViewport *self)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  refit (self);
}

/**
 * ma_viewport_fit_rect:
 * @rect: the part of the map to show
 * @margin: pixels to leave around it
 *
 * Zooms so that @rect fills the view.
 */
void
ma_viewport_fit_rect (MaViewport      *self,
                      const MaMapRect *rect,
                      double           margin)
{
  double w, h, zoom;

  g_return_if_fail (MA_IS_VIEWPORT (self));
  g_return_if_fail (rect != NULL);

  w = MAX (self->width - 2 * margin, 1);
  h = MAX (self->height - 2 * margin, 1);
  zoom = MIN (w / MAX (rect->width, 1e-9), h / MAX (rect->height, 1e-9));
  self->fitted = FALSE;
  update (self, zoom, rect->x + rect->width / 2, rect->y + rect->height / 2);
}

/**
 * ma_viewport_show_point:
 * @x: map units
 * @y: map units
 * @zoom: pixels per map unit
 *
 * Centres the view on (@x, @y) at @zoom.
 */
void
ma_viewport_show_point (MaViewport *self,
                        double      x,
                        double      y,
                        double      zoom)
{
  g_return_if_fail (MA_IS_VIEWPORT (self));

  self->fitted = FALSE;
  update (self, zoom, x, y);
}

/**
 * ma_viewport_map_to_pixel:
 *
 * Converts a map point to the pixel showing it.
 */
void
ma_viewport_map_to_pixel (MaViewport *self,
                          double      x,
                          double      y,
                          double     *out_px,
                          double     *out_py)
{
  *out_px = (x - self->center_x) * self->zoom + self->width / 2;
  *out_py = (y - self->center_y) * self->zoom + self->height / 2;
}

/**
 * ma_viewport_pixel_to_map:
 *
 * Converts a pixel to the map point it shows.
 */
void
ma_viewport_pixel_to_map (MaViewport *self,
                          double      px,
                          double      py,
                          double     *out_x,
                          double     *out_y)
{
  *out_x = (px - self->width / 2) / self->zoom + self->center_x;
  *out_y = (py - self->height / 2) / self->zoom + self->center_y;
}

/**
 * ma_viewport_get_visible_rect:
 * @out_rect: (out): the part of the map in view, in map units
 */
void
ma_viewport_get_visible_rect (MaViewport *self,
                              MaMapRect  *out_rect)
{
  out_rect->width = self->width / self->zoom;
  out_rect->height = self->height / self->zoom;
  out_rect->x = self->center_x - out_rect->width / 2;
  out_rect->y = self->center_y - out_rect->height / 2;
}
