/* test-chart-model.c: a zone's history folded into chart columns and periods
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected values are computed here the slow way, tick by tick from the simulation's samples;
 * the model must give exactly the same numbers through its pyramid.
 */
#include "config.h"

#include <string.h>

#include "ma-chart-model.h"
#include "ma-test-machines.h"

/* tests/data/scenarios/pressure-64m.json: kswapd, direct reclaim, compaction, a dip below min at
 * tick 121 and an OOM kill at tick 212, in 400 ticks of a 64 MiB machine. */
static MaSimulation *
pressure_64m (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scenarios",
                                                 "pressure-64m.json", NULL);
  g_autoptr(GBytes) bytes = ma_scenarios_load (path, &error);
  MaSimulation *sim;

  g_assert_no_error (error);
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), path, NULL, &error);
  g_assert_no_error (error);
  return sim;
}

/* DMA32, the zone the load lands in. */
static guint
dma32_index (MaSimulation *sim)
{
  for (guint z = 0; z < ma_simulation_get_n_zones (sim); z++)
    if (ma_zone_get_zone_type (ma_simulation_get_zone (sim, z)) == MA_ZONE_DMA32)
      return z;
  g_assert_not_reached ();
}

static gboolean
flag (const MaZoneSample *s,
      MaChartSpanKind     kind)
{
  switch (kind)
    {
    case MA_CHART_SPAN_KSWAPD:
      return s->kswapd;
    case MA_CHART_SPAN_DIRECT_RECLAIM:
      return s->direct_reclaim;
    case MA_CHART_SPAN_COMPACTION:
      return s->compaction;
    case MA_CHART_SPAN_OOM:
      return s->oom;
    case MA_N_CHART_SPANS:
    default:
      g_assert_not_reached ();
    }
}

/* The column [first, end) as it must be, from the samples one by one. */
static void
expected_column (MaSimulation  *sim,
                 guint          zone,
                 guint64        first,
                 guint64        end,
                 MaChartColumn *c)
{
  guint nr_orders = ma_machine_get_nr_orders (ma_simulation_get_machine (sim));

  memset (c, 0, sizeof *c);
  c->first = first;
  c->end = end;
  c->free_min = G_MAXINT64;
  c->free_max = G_MININT64;
  for (guint k = 0; k < MA_MAX_ORDERS; k++)
    c->nr_free_min[k] = G_MAXUINT64;
  for (guint64 t = first; t < end; t++)
    {
      const MaZoneSample *s = ma_simulation_get_sample (sim, t, zone);

      g_assert_nonnull (s);
      c->free_min = MIN (c->free_min, s->free);
      c->free_max = MAX (c->free_max, s->free);
      c->wmark_min = MAX (c->wmark_min, s->min);
      c->wmark_low = MAX (c->wmark_low, s->low);
      c->wmark_high = MAX (c->wmark_high, s->high);
      c->boost = MAX (c->boost, s->boost);
      for (guint i = 0; i < MA_N_CHART_SPANS; i++)
        c->span_ticks[i] += flag (s, i);
      for (guint k = 0; k < nr_orders; k++)
        {
          c->nr_free_min[k] = MIN (c->nr_free_min[k], s->nr_free[k]);
          c->nr_free_max[k] = MAX (c->nr_free_max[k], s->nr_free[k]);
        }
    }
}

static void
assert_column_equal (const MaChartColumn *got,
                     const MaChartColumn *want)
{
  g_assert_cmpuint (got->first, ==, want->first);
  g_assert_cmpuint (got->end, ==, want->end);
  g_assert_cmpint (got->free_min, ==, want->free_min);
  g_assert_cmpint (got->free_max, ==, want->free_max);
  g_assert_cmpuint (got->wmark_min, ==, want->wmark_min);
  g_assert_cmpuint (got->wmark_low, ==, want->wmark_low);
  g_assert_cmpuint (got->wmark_high, ==, want->wmark_high);
  g_assert_cmpuint (got->boost, ==, want->boost);
  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    g_assert_cmpuint (got->span_ticks[i], ==, want->span_ticks[i]);
  for (guint k = 0; k < MA_MAX_ORDERS; k++)
    {
      g_assert_cmpuint (got->nr_free_min[k], ==, want->nr_free_min[k]);
      g_assert_cmpuint (got->nr_free_max[k], ==, want->nr_free_max[k]);
    }
}

/* Every column of a window split into n columns, against the slow fold. */
static void
assert_columns (MaChartModel *model,
                guint64       first,
                guint64       end,
                guint         max_columns)
{
  MaSimulation *sim = ma_chart_model_get_simulation (model);
  guint zone = ma_chart_model_get_zone_index (model);
  g_autofree MaChartColumn *cols = g_new (MaChartColumn, max_columns);
  guint64 clipped = MIN (end, ma_chart_model_get_end (model));
  guint n = ma_chart_model_get_columns (model, first, end, max_columns, cols);
  guint64 covered = first;

  g_assert_cmpuint (n, ==, first < clipped ? MIN (max_columns, clipped - first) : 0);
  for (guint i = 0; i < n; i++)
    {
      MaChartColumn want;

      /* columns tile the window without gaps, each within one tick of the same size */
      g_assert_cmpuint (cols[i].first, ==, covered);
      g_assert_cmpuint (cols[i].end - cols[i].first, >=, (clipped - first) / n);
      g_assert_cmpuint (cols[i].end - cols[i].first, <=, (clipped - first) / n + 1);
      covered = cols[i].end;
      expected_column (sim, zone, cols[i].first, cols[i].end, &want);
      assert_column_equal (&cols[i], &want);
    }
  if (n > 0)
    g_assert_cmpuint (covered, ==, clipped);
}

/* The spans of a kind as they must be: maximal runs of ticks with the flag. */
static GArray *
expected_spans (MaSimulation    *sim,
                guint            zone,
                MaChartSpanKind  kind,
                guint64          end)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (MaChartSpan));

  for (guint64 t = 0; t < end; t++)
    if (flag (ma_simulation_get_sample (sim, t, zone), kind))
      {
        MaChartSpan span = { t, t + 1 };

        while (span.end < end && flag (ma_simulation_get_sample (sim, span.end, zone), kind))
          span.end++;
        g_array_append_val (spans, span);
        t = span.end;
      }
  return spans;
}

static void
assert_spans (MaChartModel *model)
{
  MaSimulation *sim = ma_chart_model_get_simulation (model);
  guint64 end = ma_chart_model_get_end (model);

  for (guint kind = 0; kind < MA_N_CHART_SPANS; kind++)
    {
      g_autoptr(GArray) want = expected_spans (sim, ma_chart_model_get_zone_index (model), kind, end);
      guint n;
      const MaChartSpan *got = ma_chart_model_get_spans (model, kind, 0, end, &n);

      g_test_message ("%s: %u spans", ma_chart_span_kind_name (kind), want->len);
      g_assert_cmpuint (n, ==, want->len);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (got[i].start, ==, g_array_index (want, MaChartSpan, i).start);
          g_assert_cmpuint (got[i].end, ==, g_array_index (want, MaChartSpan, i).end);
        }
    }
}

/* Folded through the pyramid, any window and any number of columns gives the slow fold's
 * numbers: ragged ends, one tick per column, one column for everything. */
static void
test_columns (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  g_autoptr(MaChartModel) model = ma_chart_model_new (sim, dma32_index (sim));
  static const struct { guint64 first, end; guint columns; } windows[] = {
    { 0, 300, 1 }, { 0, 300, 7 }, { 0, 300, 64 }, { 0, 300, 1000 }, { 5, 299, 40 },
    { 17, 18, 1 }, { 31, 289, 3 }, { 0, 1000, 13 }, { 250, 400, 500 }, { 300, 310, 4 },
  };

  ma_simulation_step (sim, 300);
  g_assert_true (ma_chart_model_sync (model));
  g_assert_cmpuint (ma_chart_model_get_end (model), ==, 300);
  g_assert_cmpuint (ma_chart_model_get_nr_orders (model), ==, 11);
  /* nothing new: nothing changes */
  g_assert_false (ma_chart_model_sync (model));

  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    assert_columns (model, windows[i].first, windows[i].end, windows[i].columns);
  assert_spans (model);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* A one-tick dip below min survives folding 300 ticks into 10 columns, and the whole history
 * into one: minimum and maximum, never a mean. */
static void
test_spike_survives (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  guint zone = dma32_index (sim);
  g_autoptr(MaChartModel) model = ma_chart_model_new (sim, zone);
  MaChartColumn cols[10], all;
  gint64 lowest = G_MAXINT64, highest = G_MININT64;
  guint64 lowest_tick = 0;

  ma_simulation_step (sim, 300);
  ma_chart_model_sync (model);
  for (guint64 t = 0; t < 300; t++)
    {
      const MaZoneSample *s = ma_simulation_get_sample (sim, t, zone);

      if (s->free < lowest)
        {
          lowest = s->free;
          lowest_tick = t;
        }
      highest = MAX (highest, s->free);
    }
  /* the atomic burst drives the zone below its min watermark for one tick */
  g_assert_cmpuint (lowest_tick, ==, 121);
  g_assert_cmpint (lowest, <, (gint64) ma_simulation_get_sample (sim, lowest_tick, zone)->min);
  g_assert_cmpint (ma_simulation_get_sample (sim, lowest_tick - 1, zone)->free, >,
                   (gint64) ma_simulation_get_sample (sim, lowest_tick, zone)->min);

  g_assert_cmpuint (ma_chart_model_get_columns (model, 0, 300, 10, cols), ==, 10);
  g_assert_cmpint (cols[lowest_tick / 30].free_min, ==, lowest);
  g_assert_true (ma_chart_model_get_range (model, 0, 300, &all));
  g_assert_cmpint (all.free_min, ==, lowest);
  g_assert_cmpint (all.free_max, ==, highest);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* kswapd, direct reclaim and the OOM kill as [start, end) periods, also found through windows
 * that cut them. */
static void
test_spans (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  guint zone = dma32_index (sim);
  g_autoptr(MaChartModel) model = ma_chart_model_new (sim, zone);
  guint n;
  const MaChartSpan *spans;

  ma_simulation_step (sim, 300);
  ma_chart_model_sync (model);
  assert_spans (model);

  for (guint kind = 0; kind < MA_N_CHART_SPANS; kind++)
    {
      g_autoptr(GArray) all = expected_spans (sim, zone, kind, 300);

      /* the scenario has every kind */
      g_assert_cmpuint (all->len, >, 0);

      /* a window that starts inside a span and ends inside another sees both, unclipped */
      for (guint i = 0; i < all->len; i++)
        {
          MaChartSpan a = g_array_index (all, MaChartSpan, i);
          MaChartSpan b = g_array_index (all, MaChartSpan, all->len - 1);

          spans = ma_chart_model_get_spans (model, kind, a.end - 1, b.start + 1, &n);
          g_assert_cmpuint (n, ==, all->len - i);
          g_assert_cmpuint (spans[0].start, ==, a.start);
          g_assert_cmpuint (spans[n - 1].end, ==, b.end);
          /* a window that ends where a span starts does not see it */
          spans = ma_chart_model_get_spans (model, kind, 0, a.start, &n);
          g_assert_cmpuint (n, ==, i);
        }
    }
  /* a window past the end meets nothing */
  spans = ma_chart_model_get_spans (model, MA_CHART_SPAN_KSWAPD, 300, 400, &n);
  g_assert_null (spans);
  g_assert_cmpuint (n, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* Read tick by tick while playing, the model holds the same as read at once. */
static void
test_incremental (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  guint zone = dma32_index (sim);
  g_autoptr(MaChartModel) model = ma_chart_model_new (sim, zone);
  guint64 serial = ma_chart_model_get_serial (model);

  for (guint t = 0; t < 150; t++)
    {
      ma_simulation_step (sim, 1);
      g_assert_true (ma_chart_model_sync (model));
      g_assert_cmpuint (ma_chart_model_get_end (model), ==, t + 1);
      g_assert_cmpuint (ma_chart_model_get_serial (model), !=, serial);
      serial = ma_chart_model_get_serial (model);
      if (t % 37 == 0)
        assert_columns (model, 0, t + 1, 5);
    }
  assert_columns (model, 0, 150, 150);
  assert_columns (model, 3, 149, 9);
  assert_spans (model);
  g_assert_finalize_object (g_steal_pointer (&model));
}

/* A load started in the past discards the history after it; the model follows, whether it
 * syncs before the new history is played or only after. */
static void
test_history_rewritten (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  guint zone = dma32_index (sim);
  g_autoptr(MaChartModel) model = ma_chart_model_new (sim, zone);
  g_autoptr(MaChartModel) late = ma_chart_model_new (sim, zone);
  MaLoadSpec spec = { .kind = MA_LOAD_FILE, .name = (char *) "reader", .rate = 512,
                      .size = 4096, .node = -1 };
  MaChartColumn after;

  ma_simulation_step (sim, 200);
  ma_chart_model_sync (model);
  ma_chart_model_sync (late);
  g_assert_true (ma_chart_model_get_range (model, 150, 200, &after));

  /* scrubbing back changes nothing recorded */
  g_assert_true (ma_simulation_seek (sim, 30));
  g_assert_false (ma_chart_model_sync (model));
  g_assert_cmpuint (ma_chart_model_get_end (model), ==, 200);

  /* an action at tick 30 discards ticks 30 … 199 */
  g_assert_true (ma_simulation_start_load (sim, &spec, NULL));
  g_assert_cmpuint (ma_simulation_get_end (sim), ==, 30);
  g_assert_true (ma_chart_model_sync (model));
  g_assert_cmpuint (ma_chart_model_get_end (model), ==, 30);
  assert_columns (model, 0, 200, 7);
  assert_spans (model);

  /* a different history from tick 30 on, as long as the old one and longer */
  ma_simulation_step (sim, 220);
  g_assert_true (ma_chart_model_sync (model));
  g_assert_true (ma_chart_model_sync (late));
  g_assert_cmpuint (ma_chart_model_get_end (late), ==, 250);
  for (guint i = 0; i < 2; i++)
    {
      MaChartModel *m = i == 0 ? model : late;

      assert_columns (m, 0, 250, 250);
      assert_columns (m, 0, 250, 11);
      assert_spans (m);
    }

  /* told explicitly, it reads everything again */
  ma_chart_model_invalidate (model);
  g_assert_cmpuint (ma_chart_model_get_end (model), ==, 0);
  g_assert_true (ma_chart_model_sync (model));
  assert_columns (model, 0, 250, 17);
  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&late));
}

/* Before the first tick a chart has nothing to show, and says so. */
static void
test_empty (void)
{
  g_autoptr(MaMachine) machine = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(MaSimulation) sim = ma_simulation_new (machine);
  g_autoptr(MaChartModel) model = ma_chart_model_new (sim, 0);
  MaChartColumn col;
  guint n = 1;

  g_assert_false (ma_chart_model_sync (model));
  g_assert_cmpuint (ma_chart_model_get_end (model), ==, 0);
  g_assert_cmpuint (ma_chart_model_get_columns (model, 0, 100, 1, &col), ==, 0);
  g_assert_false (ma_chart_model_get_range (model, 0, 100, &col));
  g_assert_null (ma_chart_model_get_spans (model, MA_CHART_SPAN_KSWAPD, 0, 100, &n));
  g_assert_cmpuint (n, ==, 0);

  ma_simulation_step (sim, 1);
  g_assert_true (ma_chart_model_sync (model));
  g_assert_cmpuint (ma_chart_model_get_columns (model, 0, 100, 1, &col), ==, 1);
  g_assert_cmpint (col.free_min, ==, ma_zone_get_free_pages (ma_simulation_get_zone (sim, 0)));
  g_assert_cmpint (col.free_max, ==, col.free_min);
  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/chart-model/columns", test_columns);
  g_test_add_func ("/ma/chart-model/spike-survives", test_spike_survives);
  g_test_add_func ("/ma/chart-model/spans", test_spans);
  g_test_add_func ("/ma/chart-model/incremental", test_incremental);
  g_test_add_func ("/ma/chart-model/history-rewritten", test_history_rewritten);
  g_test_add_func ("/ma/chart-model/empty", test_empty);
  return g_test_run ();
}
