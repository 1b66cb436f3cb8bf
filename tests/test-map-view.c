/* test-map-view.c: the map widget driven through its real event controllers
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "ma-alloc.h"
#include "ma-map-legend.h"
#include "ma-map-overview.h"
#include "ma-map-view.h"

#define EPSILON 1e-6

typedef struct
{
  MaMachine *machine;
  GtkWidget *window;
  MaMapView *view;
  guint      drawn;
  guint      activated;
  guint64    activated_pfn;
  guint      activated_button;
  gint64     hovered_pfn;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until cond (data) holds, or fails after a while. */
static void
wait_for (gboolean (*cond) (Fixture *f),
          Fixture  *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!cond (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
is_drawn (Fixture *f)
{
  return ma_map_view_is_drawn (f->view) && f->drawn > 0;
}

static gboolean
is_idle (Fixture *f)
{
  MaMapRenderer *renderer = ma_map_view_get_renderer (f->view);

  return !ma_map_renderer_has_news (renderer)
         && ma_map_summary_is_clean (ma_map_renderer_get_summary (renderer));
}

static void
drawn_cb (MaMapView *view,
          Fixture   *f)
{
  f->drawn++;
}

static void
activated_cb (MaMapView       *view,
              guint64          pfn,
              guint            button,
              GdkModifierType  state,
              Fixture         *f)
{
  f->activated++;
  f->activated_pfn = pfn;
  f->activated_button = button;
}

static void
hovered_cb (MaMapView *view,
            gint64     pfn,
            Fixture   *f)
{
  f->hovered_pfn = pfn;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load (data ? data : "tiny-64m", &error);

  g_assert_no_error (error);
  f->machine = ma_machine_new (spec, 1, &error);
  g_assert_no_error (error);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  f->view = MA_MAP_VIEW (ma_map_view_new ());
  g_signal_connect (f->view, "drawn", G_CALLBACK (drawn_cb), f);
  g_signal_connect (f->view, "frame-activated", G_CALLBACK (activated_cb), f);
  g_signal_connect (f->view, "frame-hovered", G_CALLBACK (hovered_cb), f);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  ma_map_view_set_machine (f->view, f->machine);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for (is_drawn, f);
  f->hovered_pfn = -2;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->machine);
}

static GtkEventController *
find_controller (MaMapView *view,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

/* The pixel in the middle of a frame, and that frame as the layout says. */
static void
frame_pixel (Fixture *f,
             guint64  pfn,
             double  *out_x,
             double  *out_y)
{
  MaFrameLayout *layout = ma_map_renderer_get_layout (ma_map_view_get_renderer (f->view));
  double x, y;

  g_assert_true (ma_frame_layout_pfn_to_xy (layout, pfn, &x, &y));
  ma_viewport_map_to_pixel (ma_map_view_get_viewport (f->view), x + 0.5, y + 0.5, out_x, out_y);
}

static guint64
expected_pfn (Fixture *f,
              double   px,
              double   py)
{
  MaFrameLayout *layout = ma_map_renderer_get_layout (ma_map_view_get_renderer (f->view));
  double x, y;
  guint64 pfn;

  ma_viewport_pixel_to_map (ma_map_view_get_viewport (f->view), px, py, &x, &y);
  g_assert_true (ma_frame_layout_xy_to_pfn (layout, x, y, &pfn));
  return pfn;
}

static void
move_pointer (Fixture *f,
              double   x,
              double   y)
{
  g_signal_emit_by_name (find_controller (f->view, GTK_TYPE_EVENT_CONTROLLER_MOTION), "motion",
                         x, y);
}

static void
test_view_drawn (Fixture       *f,
                 gconstpointer  data)
{
  MaViewport *vp = ma_map_view_get_viewport (f->view);

  /* Once, after the first complete picture; the whole machine is in view. */
  g_assert_cmpuint (f->drawn, ==, 1);
  g_assert_true (ma_viewport_get_fitted (vp));
  g_assert_cmpfloat (ma_viewport_get_width (vp), ==, gtk_widget_get_width (GTK_WIDGET (f->view)));

  ma_map_view_set_color_mode (f->view, MA_COLOR_MODE_ORDER);
  g_assert_cmpint (ma_map_view_get_color_mode (f->view), ==, MA_COLOR_MODE_ORDER);
  wait_for (is_idle, f);
  g_assert_cmpuint (f->drawn, ==, 1);
}

static void
test_view_scroll_zooms_at_pointer (Fixture       *f,
                                   gconstpointer  data)
{
  MaViewport *vp = ma_map_view_get_viewport (f->view);
  GtkEventController *scroll = find_controller (f->view, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  double px = 300, py = 220, mx0, my0, mx1, my1, zoom = ma_viewport_get_zoom (vp);
  gboolean handled = FALSE;

  move_pointer (f, px, py);
  ma_viewport_pixel_to_map (vp, px, py, &mx0, &my0);

  /* One notch of the wheel, away from the user: zoom in by √2 at the pointer. */
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), zoom * G_SQRT2, EPSILON);
  ma_viewport_pixel_to_map (vp, px, py, &mx1, &my1);
  g_assert_cmpfloat_with_epsilon (mx0, mx1, EPSILON);
  g_assert_cmpfloat_with_epsilon (my0, my1, EPSILON);

  /* Three more, elsewhere, and back out. */
  move_pointer (f, 520, 330);
  ma_viewport_pixel_to_map (vp, 520, 330, &mx0, &my0);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -3.0, &handled);
  ma_viewport_pixel_to_map (vp, 520, 330, &mx1, &my1);
  g_assert_cmpfloat_with_epsilon (mx0, mx1, EPSILON);
  g_assert_cmpfloat_with_epsilon (my0, my1, EPSILON);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), zoom * 4, EPSILON);

  g_signal_emit_by_name (scroll, "scroll", 0.0, 4.0, &handled);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), zoom, EPSILON);
}

static void
test_view_click_activates (Fixture       *f,
                           gconstpointer  data)
{
  GtkEventController *click = find_controller (f->view, GTK_TYPE_GESTURE_CLICK);
  MaFrameLayout *layout = ma_map_renderer_get_layout (ma_map_view_get_renderer (f->view));
  const MaLayoutZone *zone = ma_frame_layout_get_zone (layout, 1);
  guint64 pfn = zone->start_pfn + 1234;
  double x, y;

  /* Zoom in a little so that a frame is several pixels wide, then click in a frame. */
  ma_viewport_zoom_at (ma_map_view_get_viewport (f->view), 2, 400, 300);
  frame_pixel (f, pfn, &x, &y);
  g_assert_cmpuint (expected_pfn (f, x, y), ==, pfn);
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_cmpuint (f->activated, ==, 1);
  g_assert_cmpuint (f->activated_pfn, ==, pfn);
  g_assert_cmpuint (f->activated_button, ==, GDK_BUTTON_PRIMARY);

  /* Clicking between two zones activates nothing. */
  {
    const MaMapRect *a = &ma_frame_layout_get_zone (layout, 0)->rect;
    double gx, gy;

    ma_viewport_map_to_pixel (ma_map_view_get_viewport (f->view),
                              (a->x + a->width + zone->rect.x) / 2, zone->rect.y + 1, &gx, &gy);
    g_assert_cmpint (ma_map_view_get_pfn_at (f->view, gx, gy), ==, -1);
    g_signal_emit_by_name (click, "pressed", 1, gx, gy);
    g_signal_emit_by_name (click, "released", 1, gx, gy);
    g_assert_cmpuint (f->activated, ==, 1);
  }

  /* The map does not select by itself: the window decides. */
  g_assert_cmpint (ma_map_view_get_selected_pfn (f->view), ==, -1);
  ma_map_view_set_selected_pfn (f->view, (gint64) pfn);
  g_assert_cmpint (ma_map_view_get_selected_pfn (f->view), ==, (gint64) pfn);
}

static void
test_view_hover (Fixture       *f,
                 gconstpointer  data)
{
  MaFrameLayout *layout = ma_map_renderer_get_layout (ma_map_view_get_renderer (f->view));
  guint64 pfn = ma_frame_layout_get_zone (layout, 1)->start_pfn + 77;
  double x, y;

  frame_pixel (f, pfn, &x, &y);
  move_pointer (f, x, y);
  g_assert_cmpint (f->hovered_pfn, ==, (gint64) pfn);
  g_signal_emit_by_name (find_controller (f->view, GTK_TYPE_EVENT_CONTROLLER_MOTION), "leave");
  g_assert_cmpint (f->hovered_pfn, ==, -1);
}

static void
test_view_drag_pans (Fixture       *f,
                     gconstpointer  data)
{
  MaViewport *vp = ma_map_view_get_viewport (f->view);
  GtkEventController *drag = find_controller (f->view, GTK_TYPE_GESTURE_DRAG);
  double cx, cy;

  ma_viewport_zoom_at (vp, 4, 400, 300);
  cx = ma_viewport_get_center_x (vp);
  cy = ma_viewport_get_center_y (vp);
  g_signal_emit_by_name (drag, "drag-begin", 400.0, 300.0);
  g_signal_emit_by_name (drag, "drag-update", 60.0, -40.0);
  g_signal_emit_by_name (drag, "drag-end", 60.0, -40.0);
  /* The map follows the pointer. */
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_x (vp),
                                  cx - 60 / ma_viewport_get_zoom (vp), EPSILON);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_y (vp),
                                  cy + 40 / ma_viewport_get_zoom (vp), EPSILON);
}

static void
test_view_actions (Fixture       *f,
                   gconstpointer  data)
{
  MaViewport *vp = ma_map_view_get_viewport (f->view);
  GActionGroup *group = ma_map_view_get_action_group (f->view);
  double zoom = ma_viewport_get_zoom (vp), cx;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), 2 * zoom, EPSILON);
  cx = ma_viewport_get_center_x (vp);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.pan", "(dd)", 0.125,
                                             0.0));
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_x (vp),
                                  cx + 0.125 * ma_viewport_get_width (vp)
                                       / ma_viewport_get_zoom (vp), EPSILON);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "map.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), zoom, EPSILON);

  /* As close as it goes: zooming in is disabled, for the widget and for buttons elsewhere. */
  ma_viewport_set_zoom (vp, MA_VIEWPORT_MAX_ZOOM);
  g_assert_false (g_action_group_get_action_enabled (group, "zoom-in"));
  g_assert_true (g_action_group_get_action_enabled (group, "zoom-out"));
  g_action_group_activate_action (group, "zoom-reset", NULL);
  g_assert_true (ma_viewport_get_fitted (vp));
  g_assert_false (g_action_group_get_action_enabled (group, "zoom-out"));
  g_assert_true (g_action_group_get_action_enabled (group, "zoom-in"));
}

static void
test_view_show (Fixture       *f,
                gconstpointer  data)
{
  MaViewport *vp = ma_map_view_get_viewport (f->view);
  MaFrameLayout *layout = ma_map_renderer_get_layout (ma_map_view_get_renderer (f->view));
  const MaLayoutZone *zone = ma_frame_layout_get_zone (layout,
                                                       ma_frame_layout_find_zone (layout, 0,
                                                                                  "DMA32"));
  g_autoptr(GError) error = NULL;
  MaMapRect visible;
  double x, y;

  g_assert_true (ma_map_view_show (f->view, "zone:0:DMA32", &error));
  g_assert_no_error (error);
  ma_viewport_get_visible_rect (vp, &visible);
  g_assert_cmpfloat (visible.x, <=, zone->rect.x);
  g_assert_cmpfloat (visible.y, <=, zone->rect.y);
  g_assert_cmpfloat (visible.x + visible.width, >=, zone->rect.x + zone->rect.width);
  g_assert_cmpfloat (visible.y + visible.height, >=, zone->rect.y + zone->rect.height);

  g_assert_true (ma_map_view_show (f->view, "pfn:0x1000", &error));
  frame_pixel (f, 0x1000, &x, &y);
  g_assert_cmpfloat (ma_viewport_get_zoom (vp), >=, 24);
  g_assert_cmpfloat_with_epsilon (x, ma_viewport_get_width (vp) / 2, 1);

  g_assert_true (ma_map_view_show (f->view, "whole", &error));
  g_assert_true (ma_viewport_get_fitted (vp));

  g_assert_false (ma_map_view_show (f->view, "zone:7:Normal", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ma_map_view_show (f->view, "pfn:99999999999", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (ma_map_view_show (f->view, "somewhere", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_view_follows_machine (Fixture       *f,
                           gconstpointer  data)
{
  MaAllocRequest request = { .gfp = MA_GFP_KERNEL, .order = 3, .node = -1, .start_zone = -1 };
  guint64 pfn;

  /* Changed behind its back, without a signal, as a running simulation does. */
  for (guint i = 0; i < 50; i++)
    g_assert_true (ma_machine_alloc (f->machine, &request, &pfn, NULL));
  g_assert_true (ma_map_renderer_has_news (ma_map_view_get_renderer (f->view)));
  wait_for (is_idle, f);

  ma_map_view_set_reconstructed (f->view, TRUE);
  g_assert_true (ma_map_view_get_reconstructed (f->view));
  ma_map_view_set_machine (f->view, NULL);
  g_assert_null (ma_map_view_get_renderer (f->view));
  g_assert_false (g_action_group_get_action_enabled (ma_map_view_get_action_group (f->view),
                                                     "zoom-in"));
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
test_view_legend (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *legend = ma_map_legend_new ();
  GtkWidget *flow;
  guint n;

  g_object_ref_sink (legend);
  ma_map_legend_bind_map_view (MA_MAP_LEGEND (legend), f->view);
  flow = gtk_widget_get_first_child (legend);
  ma_color_mode_get_legend (MA_COLOR_MODE_STATE, FALSE, &n);
  g_assert_cmpuint (count_children (flow), ==, n);

  /* The order mode lists the orders the machine has: 0–10 on x86-64, then the rest. */
  ma_map_view_set_color_mode (f->view, MA_COLOR_MODE_ORDER);
  g_assert_cmpint (ma_map_legend_get_color_mode (MA_MAP_LEGEND (legend)), ==,
                   MA_COLOR_MODE_ORDER);
  ma_color_mode_get_legend (MA_COLOR_MODE_ORDER, FALSE, &n);
  g_assert_cmpuint (count_children (flow), ==,
                    n - (14 - ma_machine_get_nr_orders (f->machine)));
  g_assert_finalize_object (legend);
}

static void
test_view_overview (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *overview = ma_map_overview_new ();
  MaViewport *vp = ma_map_view_get_viewport (f->view);
  GtkEventController *drag = NULL;
  g_autoptr(GListModel) controllers = NULL;
  double w, h;

  ma_map_overview_set_map_view (MA_MAP_OVERVIEW (overview), f->view);
  gtk_widget_set_size_request (overview, 200, 150);
  gtk_window_set_child (GTK_WINDOW (f->window), NULL);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_set_hexpand (GTK_WIDGET (f->view), TRUE);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
    gtk_box_append (GTK_BOX (box), overview);
    gtk_window_set_child (GTK_WINDOW (f->window), box);
  }
  while (gtk_widget_get_width (overview) <= 0)
    g_main_context_iteration (NULL, TRUE);

  ma_viewport_zoom_at (vp, 8, 400, 300);
  ma_viewport_get_content_size (vp, &w, &h);
  controllers = gtk_widget_observe_controllers (overview);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        drag = c;
    }
  g_assert_nonnull (drag);

  /* A click in a corner of the overview brings that corner of the machine into the middle. */
  g_signal_emit_by_name (drag, "drag-begin", 1.0, 1.0);
  g_assert_cmpfloat (ma_viewport_get_center_x (vp), <, w / 4);
  g_assert_cmpfloat (ma_viewport_get_center_y (vp), <, h / 4);
  g_signal_emit_by_name (drag, "drag-update", (double) gtk_widget_get_width (overview) - 2,
                         (double) gtk_widget_get_height (overview) - 2);
  g_assert_cmpfloat (ma_viewport_get_center_x (vp), >, 3 * w / 4);
  g_assert_cmpfloat (ma_viewport_get_center_y (vp), >, 3 * h / 4);
}

static void
test_view_export (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ma-map-view-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "view.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_no_error (error);
  g_assert_true (ma_map_view_export (f->view, MA_MAP_EXPORT_PNG, path, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (GTK_WIDGET (f->view)));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/ma/map/view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("drawn", test_view_drawn);
  ADD ("scroll-zooms-at-pointer", test_view_scroll_zooms_at_pointer);
  ADD ("click-activates", test_view_click_activates);
  ADD ("hover", test_view_hover);
  ADD ("drag-pans", test_view_drag_pans);
  ADD ("actions", test_view_actions);
  ADD ("show", test_view_show);
  ADD ("follows-machine", test_view_follows_machine);
  ADD ("legend", test_view_legend);
  ADD ("overview", test_view_overview);
  ADD ("export", test_view_export);
#undef ADD
  return g_test_run ();
}
