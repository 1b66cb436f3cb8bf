/* test-viewport.c: the map's view model, without a display
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ma-viewport.h"

#define EPSILON 1e-6

static MaViewport *
new_viewport (double content_w,
              double content_h)
{
  MaViewport *vp = ma_viewport_new ();

  ma_viewport_set_size (vp, 800, 600);
  ma_viewport_set_content_size (vp, content_w, content_h);
  return vp;
}

static void
assert_point_fixed (MaViewport *vp,
                    double      factor,
                    double      px,
                    double      py)
{
  double mx0, my0, mx1, my1;

  ma_viewport_pixel_to_map (vp, px, py, &mx0, &my0);
  ma_viewport_zoom_at (vp, factor, px, py);
  ma_viewport_pixel_to_map (vp, px, py, &mx1, &my1);
  g_assert_cmpfloat_with_epsilon (mx0, mx1, EPSILON);
  g_assert_cmpfloat_with_epsilon (my0, my1, EPSILON);
}

static void
test_viewport_fit (void)
{
  g_autoptr(MaViewport) vp = new_viewport (1000, 500);
  MaMapRect r;

  /* A new content is shown whole, centred. */
  g_assert_true (ma_viewport_get_fitted (vp));
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), ma_viewport_get_min_zoom (vp),
                                  EPSILON);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_x (vp), 500, EPSILON);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_y (vp), 250, EPSILON);
  ma_viewport_get_visible_rect (vp, &r);
  g_assert_cmpfloat (r.x, <=, 0);
  g_assert_cmpfloat (r.y, <=, 0);
  g_assert_cmpfloat (r.x + r.width, >=, 1000);
  g_assert_cmpfloat (r.y + r.height, >=, 500);

  /* Resizing a fitted view keeps it fitted. */
  ma_viewport_set_size (vp, 400, 400);
  ma_viewport_get_visible_rect (vp, &r);
  g_assert_cmpfloat (r.width, >=, 1000);
  g_assert_finalize_object (g_steal_pointer (&vp));
}

static void
test_viewport_zoom_at (void)
{
  g_autoptr(MaViewport) vp = new_viewport (20000, 12000);
  GRand *rand = g_rand_new_with_seed (1);

  /* From the whole view and from close up, wherever the pointer is, the map point under it
   * stays under it, unless the zoom or the edges are clamped. */
  assert_point_fixed (vp, 2, 400, 300);
  ma_viewport_show_point (vp, 10000, 6000, 1);
  for (guint i = 0; i < 200; i++)
    {
      double factor = g_rand_double_range (rand, 0.7, 1.5);
      double px = g_rand_double_range (rand, 0, 800), py = g_rand_double_range (rand, 0, 600);
      double zoom = ma_viewport_get_zoom (vp) * factor;

      if (zoom < 0.1 || zoom > 40)
        factor = 1 / factor;
      assert_point_fixed (vp, factor, px, py);
    }
  g_rand_free (rand);
  g_assert_false (ma_viewport_get_fitted (vp));
  g_assert_finalize_object (g_steal_pointer (&vp));
}

static void
count (guint *counter)
{
  (*counter)++;
}

static void
test_viewport_clamp (void)
{
  g_autoptr(MaViewport) vp = new_viewport (1000, 500);
  MaMapRect r;
  guint changed = 0;

  /* Not past the whole machine, not closer than MA_VIEWPORT_MAX_ZOOM pixels per frame. */
  ma_viewport_set_zoom (vp, 1e-6);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_zoom (vp), ma_viewport_get_min_zoom (vp),
                                  EPSILON);
  ma_viewport_set_zoom (vp, 1e6);
  g_assert_cmpfloat (ma_viewport_get_zoom (vp), ==, MA_VIEWPORT_MAX_ZOOM);
  ma_viewport_zoom_at (vp, 10, 0, 0);
  g_assert_cmpfloat (ma_viewport_get_zoom (vp), ==, MA_VIEWPORT_MAX_ZOOM);

  /* Panning far away leaves the map on screen. */
  for (guint i = 0; i < 4; i++)
    {
      double dx = i % 2 ? 1e9 : -1e9, dy = i / 2 ? 1e9 : -1e9;

      ma_viewport_pan (vp, dx, dy);
      ma_viewport_get_visible_rect (vp, &r);
      g_assert_cmpfloat (r.x, <, 1000);
      g_assert_cmpfloat (r.y, <, 500);
      g_assert_cmpfloat (r.x + r.width, >, 0);
      g_assert_cmpfloat (r.y + r.height, >, 0);
    }

  /* A map that fits the view in one direction (here: in height) stays centred in it. */
  ma_viewport_set_content_size (vp, 1000, 100);
  ma_viewport_set_zoom (vp, 1.6);
  ma_viewport_pan (vp, 300, 300);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_y (vp), 50, EPSILON);
  g_assert_cmpfloat (ma_viewport_get_center_x (vp), !=, 500);
  /* Any point of the map can be brought to the middle of the view. */
  ma_viewport_set_center (vp, 0, 0);
  g_assert_cmpfloat_with_epsilon (ma_viewport_get_center_x (vp), 0, EPSILON);

  /* Changes are announced once each, and only when something moved. */
  g_signal_connect_swapped (vp, "changed", G_CALLBACK (count), &changed);
  ma_viewport_set_zoom (vp, 2);
  g_assert_cmpuint (changed, ==, 1);
  ma_viewport_set_zoom (vp, 2);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&vp));
}

/* A hole (spanned - present) of a zone, if it has one, found without reading every frame. */
static gboolean
find_hole (MaZone  *zone,
           guint64 *out_pfn)
{
  guint64 start = ma_zone_get_start_pfn (zone), end = start + ma_zone_get_spanned (zone);

  for (guint64 pfn = start; pfn < end; pfn += 97)
    if (ma_frame_state (ma_zone_get_frame (zone, pfn)) == MA_FRAME_HOLE)
      {
        *out_pfn = pfn;
        return TRUE;
      }
  return FALSE;
}

static void
round_trip (MaFrameLayout *layout,
            MaViewport    *vp,
            guint64        pfn)
{
  double x, y, px, py, mx, my;
  guint64 back;

  g_assert_true (ma_frame_layout_pfn_to_xy (layout, pfn, &x, &y));
  /* Bring the frame into view, then pfn → pixel → pfn. */
  ma_viewport_show_point (vp, x, y, ma_viewport_get_zoom (vp));
  ma_viewport_map_to_pixel (vp, x + 0.5, y + 0.5, &px, &py);
  g_assert_cmpfloat (px, >=, 0);
  g_assert_cmpfloat (py, >=, 0);
  g_assert_cmpfloat (px, <=, ma_viewport_get_width (vp));
  g_assert_cmpfloat (py, <=, ma_viewport_get_height (vp));
  ma_viewport_pixel_to_map (vp, px, py, &mx, &my);
  g_assert_true (ma_frame_layout_xy_to_pfn (layout, mx, my, &back));
  g_assert_cmpuint (back, ==, pfn);
}

static void
test_viewport_round_trip (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load (preset, &error);
  g_autoptr(MaMachine) machine = NULL;
  g_autoptr(MaFrameLayout) layout = NULL;
  g_autoptr(MaViewport) vp = NULL;
  g_autoptr(GArray) samples = NULL;
  double w, h;

  g_assert_no_error (error);
  machine = ma_machine_new (spec, 1, &error);
  g_assert_no_error (error);
  layout = ma_frame_layout_new (machine);
  ma_frame_layout_get_size (layout, &w, &h);
  vp = new_viewport (w, h);

  /* A few frames of each zone: its edges, inside, and a hole with its neighbour if it has one. */
  samples = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < ma_frame_layout_get_n_zones (layout); i++)
    {
      const MaLayoutZone *z = ma_frame_layout_get_zone (layout, i);
      guint64 span = z->end_pfn - z->start_pfn, hole;
      guint64 some[] = { z->start_pfn, z->start_pfn + 1, z->end_pfn - 1, z->end_pfn - 2,
                         z->start_pfn + span / 2, z->start_pfn + MIN (span - 1, 4095),
                         z->start_pfn + span / 3 };

      for (guint k = 0; k < G_N_ELEMENTS (some); k++)
        {
          guint64 pfn = MIN (some[k], z->end_pfn - 1);

          g_array_append_val (samples, pfn);
        }
      if (find_hole (z->zone, &hole))
        {
          g_array_append_val (samples, hole);
          hole = MAX (hole, z->start_pfn + 1) - 1;
          g_array_append_val (samples, hole);
        }
    }

  /* Every zoom from the whole machine to the closest, by factors of 2. */
  for (double zoom = ma_viewport_get_min_zoom (vp); zoom <= MA_VIEWPORT_MAX_ZOOM * 1.001;
       zoom = MIN (zoom * 2, MA_VIEWPORT_MAX_ZOOM + (zoom >= MA_VIEWPORT_MAX_ZOOM)))
    {
      ma_viewport_set_zoom (vp, zoom);
      for (guint k = 0; k < samples->len; k++)
        round_trip (layout, vp, g_array_index (samples, guint64, k));
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *const *presets;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/map/viewport/fit", test_viewport_fit);
  g_test_add_func ("/ma/map/viewport/zoom-at", test_viewport_zoom_at);
  g_test_add_func ("/ma/map/viewport/clamp", test_viewport_clamp);
  presets = ma_presets_list ();
  for (guint i = 0; presets[i]; i++)
    {
      g_autofree char *path = g_strdup_printf ("/ma/map/viewport/round-trip/%s", presets[i]);

      g_test_add_data_func (path, presets[i], test_viewport_round_trip);
    }
  return g_test_run ();
}
