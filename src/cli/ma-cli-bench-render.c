/* ma-cli-bench-render.c: memory-atlas-cli bench render
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the map offscreen at 1920 × 1080 through the code the map widget uses (renderer,
 * summaries, tiled picture, overlays), in software with cairo image surfaces: no display and
 * no GTK needed. Figures:
 *
 *   frame_ms_1g     a whole frame of the whole-machine view of a plain 1 GiB machine, filled to
 *                   about half: every tile of the picture redrawn, overlays built and everything
 *                   composed into one 1920 × 1080 image (what moving the view costs); median
 *   frame_ms_1t     the same for the x86_64-1t preset, filled the same way
 *   update_ms_1t    after one allocation on the 1 TiB machine, the time until the picture is up
 *                   to date: reading the events, updating the summaries, redrawing the tiles
 *                   that changed; median over single allocations and frees
 *   map_bytes_per_frame_1t   the map's own memory (summaries and cached blocks) per page frame
 *
 * The "_cold" variants also read from the frames every block the view needs (the first frame
 * after zooming to a new level of detail); they are what a 1 GiB view at frame level costs.
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "ma-map-overlay.h"
#include "ma-map-picture.h"
#include "ma-map-renderer.h"
#include "ma-workload.h"
#include "ma-cli.h"

#define WIDTH  1920
#define HEIGHT 1080
#define RUNS   15

/* About half full: user memory (movable) and kernel memory (unmovable) from the standard
 * workload's order mix, then some churn so that free memory is fragmented. */
static void
fill_half (MaMachine *machine)
{
  g_autoptr(MaWorkload) user = ma_workload_new (machine, MA_GFP_HIGHUSER_MOVABLE, 0.35);
  g_autoptr(MaWorkload) kernel = ma_workload_new (machine, MA_GFP_KERNEL, 0.15);
  MaWorkloadStats stats = { 0, };

  ma_workload_fill (kernel);
  ma_workload_fill (user);
  ma_workload_run (user, ma_workload_get_live_blocks (user) / 4, &stats);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* One software frame: the picture's tiles and the overlays composed into one image. */
static void
compose (MaMapRenderer   *renderer,
         MaMapPicture    *picture,
         MaViewport      *viewport,
         cairo_surface_t *frame)
{
  cairo_t *cr = cairo_create (frame);

  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  for (guint i = 0; i < ma_map_picture_get_n_tiles (picture); i++)
    {
      int x, y;
      guint64 serial;
      cairo_surface_t *tile = ma_map_picture_get_tile (picture, i, &x, &y, &serial);

      cairo_set_source_surface (cr, tile, x, y);
      cairo_rectangle (cr, x, y, cairo_image_surface_get_width (tile),
                       cairo_image_surface_get_height (tile));
      cairo_fill (cr);
    }
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  ma_map_overlay_draw (renderer, viewport, cr);
  cairo_destroy (cr);
}

/* Median time of a whole frame of the fitted view; cold: blocks read again from the frames. */
static double
time_frames (MaMapRenderer *renderer,
             MaMapPicture  *picture,
             MaViewport    *viewport,
             gboolean       cold)
{
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double times[RUNS];

  ma_map_picture_update (picture, viewport, 1, -1);
  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start;

      if (cold)
        ma_map_summary_drop_fine (ma_map_renderer_get_summary (renderer));
      ma_map_picture_invalidate (picture);
      start = g_get_monotonic_time ();
      ma_map_picture_update (picture, viewport, 1, -1);
      compose (renderer, picture, viewport, frame);
      times[run] = ms_since (start);
    }
  cairo_surface_destroy (frame);
  return median (times, RUNS);
}

static MaMapRenderer *
prepare (MaMachine           *machine,
         MaViewport          *viewport,
         const MaCliBenchOut *out,
         const char          *build_key,
         const char          *build_label)
{
  MaMapRenderer *renderer = ma_map_renderer_new (machine);
  double width, height;
  gint64 start;

  ma_frame_layout_get_size (ma_map_renderer_get_layout (renderer), &width, &height);
  ma_viewport_set_size (viewport, WIDTH, HEIGHT);
  ma_viewport_set_content_size (viewport, width, height);

  start = g_get_monotonic_time ();
  ma_map_renderer_sync (renderer, viewport, -1, NULL, NULL);
  if (build_key)
    ma_cli_bench_report (out, build_key, ms_since (start), "ms", build_label);
  return renderer;
}

void
ma_cli_bench_draw_first_map (MaMachine *machine)
{
  g_autoptr(MaViewport) viewport = ma_viewport_new ();
  g_autoptr(MaMapRenderer) renderer = prepare (machine, viewport, NULL, NULL, NULL);
  MaMapPicture *picture = ma_map_picture_new (renderer);
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

  ma_map_picture_update (picture, viewport, 1, -1);
  compose (renderer, picture, viewport, frame);
  cairo_surface_destroy (frame);
  ma_map_picture_free (picture);
}

/* Single allocations and frees, each followed by bringing the picture up to date. */
static double
time_updates (MaMachine     *machine,
              MaMapRenderer *renderer,
              MaMapPicture  *picture,
              MaViewport    *viewport,
              guint         *out_tiles)
{
  double times[2 * RUNS];
  guint tiles = 0;

  ma_map_picture_update (picture, viewport, 1, -1);
  for (guint run = 0; run < 2 * RUNS; run++)
    {
      static guint64 pfn;
      MaAllocRequest request = { .gfp = MA_GFP_KERNEL, .order = run % 4, .node = -1,
                                 .start_zone = -1 };
      gint64 start;

      if (run % 2 == 0)
        {
          if (!ma_machine_alloc (machine, &request, &pfn, NULL))
            g_error ("bench render: the allocation failed");
        }
      else
        ma_machine_free_block (machine, pfn, (run - 1) % 4);

      start = g_get_monotonic_time ();
      ma_map_renderer_sync (renderer, viewport, -1, NULL, NULL);
      ma_map_picture_update (picture, viewport, 1, -1);
      times[run] = ms_since (start);
      tiles = MAX (tiles, ma_map_picture_get_n_redrawn (picture));
    }
  *out_tiles = tiles;
  return median (times, 2 * RUNS);
}

/**
 * ma_cli_bench_render:
 * @out: where the figures go
 * @error: where to put an error
 *
 * Runs the map's rendering benchmark.
 *
 * Returns: %TRUE on success
 */
gboolean
ma_cli_bench_render (const MaCliBenchOut  *out,
                     GError              **error)
{
  g_autoptr(MaMachineSpec) small = ma_cli_bench_one_gib_spec ();
  g_autoptr(MaMachineSpec) big = NULL;
  g_autoptr(MaMachine) machine = NULL;
  g_autoptr(MaViewport) viewport = ma_viewport_new ();
  g_autoptr(MaMapRenderer) renderer = NULL;
  g_autoptr(MaMapPicture) picture = NULL;
  guint64 spanned;
  guint tiles;
  gint64 start;

  /* What the app does between its start and its first map, without the toolkit: the default
   * preset made, its summaries built and one whole frame drawn. (The app itself prints its
   * launch-to-first-map time with --screenshot.) */
  {
    g_autoptr(MaMachineSpec) spec = NULL;
    cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

    start = g_get_monotonic_time ();
    spec = ma_presets_load ("x86_64-16g", error);
    if (spec == NULL || (machine = ma_machine_new (spec, 1, error)) == NULL)
      {
        cairo_surface_destroy (frame);
        return FALSE;
      }
    renderer = prepare (machine, viewport, out, NULL, NULL);
    picture = ma_map_picture_new (renderer);
    ma_map_picture_update (picture, viewport, 1, -1);
    compose (renderer, picture, viewport, frame);
    ma_cli_bench_report (out, "first_frame_ms", ms_since (start), "ms",
            _("default preset created and its first whole frame drawn"));
    cairo_surface_destroy (frame);
    g_clear_pointer (&picture, ma_map_picture_free);
    g_clear_object (&renderer);
    g_clear_object (&machine);
  }

  machine = ma_machine_new (small, 1, error);
  if (machine == NULL)
    return FALSE;
  fill_half (machine);
  renderer = prepare (machine, viewport, out, NULL, NULL);
  picture = ma_map_picture_new (renderer);
  ma_cli_bench_report (out, "frame_ms_1g", time_frames (renderer, picture, viewport, FALSE), "ms",
          _("whole-machine frame, 1 GiB, 1920×1080"));
  ma_cli_bench_report (out, "frame_ms_1g_cold", time_frames (renderer, picture, viewport, TRUE), "ms",
          _("same, every block read from the frames"));
  g_clear_pointer (&picture, ma_map_picture_free);
  g_clear_object (&renderer);
  g_clear_object (&machine);

  big = ma_presets_load ("x86_64-1t", error);
  if (big == NULL)
    return FALSE;
  machine = ma_machine_new (big, 1, error);
  if (machine == NULL)
    return FALSE;
  start = g_get_monotonic_time ();
  fill_half (machine);
  ma_cli_bench_report (out, "fill_ms_1t", ms_since (start), "ms", _("filling x86_64-1t to half (untimed)"));
  spanned = ma_machine_get_total_pages (machine, NULL, NULL, NULL);

  renderer = prepare (machine, viewport, out, "summary_build_ms_1t",
                      _("summaries of x86_64-1t from scratch"));
  picture = ma_map_picture_new (renderer);
  ma_cli_bench_report (out, "frame_ms_1t", time_frames (renderer, picture, viewport, FALSE), "ms",
          _("whole-machine frame, x86_64-1t, 1920×1080"));
  ma_cli_bench_report (out, "frame_ms_1t_cold", time_frames (renderer, picture, viewport, TRUE), "ms",
          _("same, every block read from the frames"));
  ma_cli_bench_report (out, "update_ms_1t", time_updates (machine, renderer, picture, viewport, &tiles), "ms",
          _("one allocation to an up-to-date view, 1 TiB"));
  ma_cli_bench_report (out, "update_tiles_1t", tiles, _("tiles"), _("tiles redrawn by one allocation, at most"));
  ma_cli_bench_report (out, "map_bytes_per_frame_1t",
          (double) ma_map_renderer_get_memory_size (renderer) / (double) spanned, _("bytes"),
          _("map memory per page frame, 1 TiB"));
  ma_cli_bench_report (out, "picture_bytes", (double) WIDTH * HEIGHT * 4, _("bytes"),
          _("cached picture at 1920×1080"));
  return TRUE;
}
