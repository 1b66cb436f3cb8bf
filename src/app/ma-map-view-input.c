/* ma-map-view-input.c: zooming, panning and clicking the map
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every gesture writes the viewport; the widget only reads it. The wheel zooms at the pointer (a
 * notch is a factor of √2), a touchpad scrolls (zooms with Ctrl), two fingers pinch, a drag pans
 * and keeps gliding after a flick (exponential decay, as libshumate does), the keyboard pans by
 * an eighth of the view and zooms by 2 with a short animation. A click that did not move reports
 * the frame under it; what it means is the window's business.
 */
#define G_LOG_DOMAIN "ma-map-view"

#include "config.h"

#include <math.h>

#include "ma-map-view-private.h"

#define WHEEL_STEP      G_SQRT2
#define SMOOTH_ZOOM     0.01     /* per pixel of touchpad scroll with Ctrl */
#define KEY_ZOOM        2.0
#define KEY_PAN         0.125    /* of the view's size */
#define FRICTION        4.0      /* per second */
#define MIN_KINETIC     30.0     /* pixels per second */
#define ANIMATION_US    (180 * 1000)

/* ------------------------------------------------------------------------------------------ */
/* Animated zoom and kinetic panning, on the frame clock */

static gboolean
animations_enabled (MaMapView *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled,
                NULL);
  return enabled && gtk_widget_get_mapped (GTK_WIDGET (self));
}

void
ma_map_view_stop_motion (MaMapView *self)
{
  self->kinetic_vx = 0;
  self->kinetic_vy = 0;
  self->animating = FALSE;
}

/**
 * ma_map_view_animate_to:
 *
 * Moves the view to a zoom and centre, in a short ease-out animation when animations are on.
 */
void
ma_map_view_animate_to (MaMapView *self,
                        double     zoom,
                        double     center_x,
                        double     center_y)
{
  ma_map_view_stop_motion (self);
  self->anim_fit = FALSE;
  if (!animations_enabled (self))
    {
      ma_viewport_show_point (self->viewport, center_x, center_y, zoom);
      return;
    }
  self->animating = TRUE;
  self->anim_start = g_get_monotonic_time ();
  self->anim_from[0] = log (ma_viewport_get_zoom (self->viewport));
  self->anim_from[1] = ma_viewport_get_center_x (self->viewport);
  self->anim_from[2] = ma_viewport_get_center_y (self->viewport);
  self->anim_to[0] = log (CLAMP (zoom, ma_viewport_get_min_zoom (self->viewport),
                                 ma_viewport_get_max_zoom (self->viewport)));
  self->anim_to[1] = center_x;
  self->anim_to[2] = center_y;
  ma_map_view_ensure_tick (self);
}

/* Returns whether an animation or a glide still runs. */
gboolean
ma_map_view_input_tick (MaMapView *self,
                        gint64     now)
{
  gboolean busy = FALSE;

  if (self->animating)
    {
      double t = CLAMP ((double) (now - self->anim_start) / ANIMATION_US, 0, 1);
      double e = 1 - pow (1 - t, 3);
      double v[3];

      for (guint i = 0; i < 3; i++)
        v[i] = self->anim_from[i] + (self->anim_to[i] - self->anim_from[i]) * e;
      ma_viewport_show_point (self->viewport, v[1], v[2], exp (v[0]));
      self->animating = t < 1;
      if (!self->animating && self->anim_fit)
        ma_viewport_fit (self->viewport);
      busy |= self->animating;
    }

  if (self->kinetic_vx != 0 || self->kinetic_vy != 0)
    {
      double dt = (double) (now - self->kinetic_time) / G_USEC_PER_SEC;
      double decay = exp (-FRICTION * dt);

      self->kinetic_time = now;
      ma_viewport_pan (self->viewport, self->kinetic_vx * dt, self->kinetic_vy * dt);
      self->kinetic_vx *= decay;
      self->kinetic_vy *= decay;
      if (hypot (self->kinetic_vx, self->kinetic_vy) < MIN_KINETIC)
        self->kinetic_vx = self->kinetic_vy = 0;
      busy = TRUE;
    }
  return busy;
}

static void
start_kinetic (MaMapView *self,
               double     vx,
               double     vy)
{
  if (hypot (vx, vy) < 4 * MIN_KINETIC || !animations_enabled (self))
    return;
  self->kinetic_vx = vx;
  self->kinetic_vy = vy;
  self->kinetic_time = g_get_monotonic_time ();
  ma_map_view_ensure_tick (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Pointer */

void
ma_map_view_update_hover (MaMapView *self)
{
  gint64 pfn = self->has_pointer ? ma_map_view_get_pfn_at (self, self->pointer_x,
                                                           self->pointer_y) : -1;

  if (pfn == self->hover_pfn)
    return;
  self->hover_pfn = pfn;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  ma_map_view_emit_hovered (self, pfn);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MaMapView                *self)
{
  self->has_pointer = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  ma_map_view_update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          MaMapView                *self)
{
  self->has_pointer = FALSE;
  ma_map_view_update_hover (self);
}

/* The point zooms happen around: the pointer, or the middle of the view. */
static void
zoom_point (MaMapView *self,
            double    *out_x,
            double    *out_y)
{
  *out_x = self->has_pointer ? self->pointer_x : ma_viewport_get_width (self->viewport) / 2;
  *out_y = self->has_pointer ? self->pointer_y : ma_viewport_get_height (self->viewport) / 2;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MaMapView                *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double px, py;

  if (self->machine == NULL)
    return FALSE;
  ma_map_view_stop_motion (self);
  zoom_point (self, &px, &py);

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    ma_viewport_zoom_at (self->viewport, pow (WHEEL_STEP, -dy), px, py);
  else if (state & GDK_CONTROL_MASK)
    ma_viewport_zoom_at (self->viewport, exp (-dy * SMOOTH_ZOOM), px, py);
  else
    ma_viewport_pan (self->viewport, -dx, -dy);
  return TRUE;
}

static void
decelerate_cb (GtkEventControllerScroll *controller,
               double                    vx,
               double                    vy,
               MaMapView                *self)
{
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    start_kinetic (self, -vx, -vy);
}

/* ------------------------------------------------------------------------------------------ */
/* Dragging, flicking, pinching */

static int
drag_threshold (MaMapView *self)
{
  int threshold = 8;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-dnd-drag-threshold", &threshold,
                NULL);
  return threshold;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MaMapView      *self)
{
  ma_map_view_stop_motion (self);
  self->dragging = FALSE;
  self->drag_center_x = ma_viewport_get_center_x (self->viewport);
  self->drag_center_y = ma_viewport_get_center_y (self->viewport);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MaMapView      *self)
{
  double zoom = ma_viewport_get_zoom (self->viewport);

  /* Small jitter during a click does not move the map. */
  if (!self->dragging && hypot (dx, dy) < drag_threshold (self))
    return;
  if (!self->dragging)
    {
      self->dragging = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  ma_viewport_set_center (self->viewport, self->drag_center_x - dx / zoom,
                          self->drag_center_y - dy / zoom);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             MaMapView      *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
swipe_cb (GtkGestureSwipe *gesture,
          double           vx,
          double           vy,
          MaMapView       *self)
{
  if (self->dragging)
    start_kinetic (self, vx, vy);
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                MaMapView        *self)
{
  double x, y;

  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  ma_map_view_stop_motion (self);
  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  self->pinch_zoom = ma_viewport_get_zoom (self->viewport);
  ma_viewport_pixel_to_map (self->viewport, x, y, &self->pinch_map_x, &self->pinch_map_y);
}

static void
pinch_scale_cb (GtkGestureZoom *gesture,
                double          scale,
                MaMapView      *self)
{
  double x, y, zoom, w = ma_viewport_get_width (self->viewport);
  double h = ma_viewport_get_height (self->viewport);

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom = CLAMP (self->pinch_zoom * scale, ma_viewport_get_min_zoom (self->viewport),
                ma_viewport_get_max_zoom (self->viewport));
  /* The map point that was between the fingers stays between them. */
  ma_viewport_show_point (self->viewport, self->pinch_map_x - (x - w / 2) / zoom,
                          self->pinch_map_y - (y - h / 2) / zoom, zoom);
}

/* ------------------------------------------------------------------------------------------ */
/* Clicks */

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MaMapView       *self)
{
  ma_map_view_stop_motion (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             MaMapView       *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gint64 pfn = ma_map_view_get_pfn_at (self, x, y);

  if (pfn < 0 || self->dragging)
    return;
  ma_map_view_emit_activated (self, (guint64) pfn, button ? button : GDK_BUTTON_PRIMARY, state);
}

/* ------------------------------------------------------------------------------------------ */
/* Actions and keys */

static void
zoom_by (MaMapView *self,
         double     factor)
{
  /* Repeated presses add up, from where the running animation is heading. */
  double zoom = self->animating ? exp (self->anim_to[0]) : ma_viewport_get_zoom (self->viewport);
  double cx = self->animating ? self->anim_to[1] : ma_viewport_get_center_x (self->viewport);
  double cy = self->animating ? self->anim_to[2] : ma_viewport_get_center_y (self->viewport);

  if (self->machine == NULL)
    return;
  ma_map_view_animate_to (self, zoom * factor, cx, cy);
}

/**
 * ma_map_view_zoom_in:
 *
 * Zooms in by 2 about the middle of the view.
 */
void
ma_map_view_zoom_in (MaMapView *self)
{
  g_return_if_fail (MA_IS_MAP_VIEW (self));
  zoom_by (self, KEY_ZOOM);
}

/**
 * ma_map_view_zoom_out:
 *
 * Zooms out by 2 about the middle of the view.
 */
void
ma_map_view_zoom_out (MaMapView *self)
{
  g_return_if_fail (MA_IS_MAP_VIEW (self));
  zoom_by (self, 1 / KEY_ZOOM);
}

/**
 * ma_map_view_zoom_reset:
 *
 * Shows the whole machine, and keeps showing it when the map is resized.
 */
void
ma_map_view_zoom_reset (MaMapView *self)
{
  double w, h;

  g_return_if_fail (MA_IS_MAP_VIEW (self));

  if (self->machine == NULL)
    return;
  ma_viewport_get_content_size (self->viewport, &w, &h);
  if (animations_enabled (self))
    {
      ma_map_view_animate_to (self, ma_viewport_get_min_zoom (self->viewport), w / 2, h / 2);
      self->anim_fit = TRUE;
    }
  else
    {
      ma_map_view_stop_motion (self);
      ma_viewport_fit (self->viewport);
    }
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  ma_map_view_zoom_in (MA_MAP_VIEW (widget));
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  ma_map_view_zoom_out (MA_MAP_VIEW (widget));
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  ma_map_view_zoom_reset (MA_MAP_VIEW (widget));
}

static void
pan_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  MaMapView *self = MA_MAP_VIEW (widget);
  double fx, fy;

  g_variant_get (param, "(dd)", &fx, &fy);
  ma_map_view_stop_motion (self);
  ma_viewport_pan (self->viewport, -fx * ma_viewport_get_width (self->viewport),
                   -fy * ma_viewport_get_height (self->viewport));
}

void
ma_map_view_input_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "map.zoom-in", NULL);

  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "map.zoom-out", NULL);

  gtk_widget_class_install_action (widget_class, "map.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "map.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK,
                                       "map.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.zoom-reset", NULL);

  /* map.pan moves the view by a fraction of its size: (0.125, 0) shows more to the right. */
  gtk_widget_class_install_action (widget_class, "map.pan", "(dd)", pan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "map.pan", "(dd)",
                                       -KEY_PAN, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "map.pan", "(dd)",
                                       KEY_PAN, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "map.pan", "(dd)",
                                       0.0, -KEY_PAN);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "map.pan", "(dd)",
                                       0.0, KEY_PAN);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "map.pan", "(dd)",
                                       -KEY_PAN, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "map.pan", "(dd)",
                                       KEY_PAN, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, "map.pan", "(dd)",
                                       0.0, -KEY_PAN);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, "map.pan", "(dd)",
                                       0.0, KEY_PAN);
}

void
ma_map_view_input_init (MaMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES
                                     | GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *swipe = gtk_gesture_swipe_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  g_signal_connect (scroll, "decelerate", G_CALLBACK (decelerate_cb), self);
  gtk_widget_add_controller (widget, scroll);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (swipe, "swipe", G_CALLBACK (swipe_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (swipe));

  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_scale_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pinch));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
}
