/* ma-chart-model.c: one zone's history as chart series
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart is a few hundred pixels wide; a history can be hundreds of thousands of ticks long and
 * grows by one tick per frame while it plays. Folding every tick into its column on every frame
 * would make the cost of a frame follow the length of the history. Instead the model keeps a
 * min/max pyramid over the simulation's samples: level 0 holds one node per 16 ticks, each level
 * above one node per pair of nodes below. A node holds what a column needs (free pages min and
 * max, the highest watermarks, free blocks per order min and max, how many ticks had each flag).
 * The samples themselves stay in the simulation and are read for the ragged ends of a range.
 *
 * Any range [a, b) is then folded from at most 15 samples at each end and two nodes per level
 * in between: a column costs O(log n), a chart O(width × log n), whatever the history's length.
 * Appending a tick costs O(1) amortised (a node is made when its 16th tick arrives, and each
 * completed pair makes one node above). The pyramid takes about 40 bytes per tick, a quarter of
 * what the simulation's samples take.
 *
 * The periods (kswapd awake, direct reclaim, compaction, OOM kills) are kept as sorted lists of
 * [start, end) spans, extended as ticks arrive; a chart finds the ones in its window by bisection.
 *
 * History can be rewritten: an action taken in the past (a load started after scrubbing back)
 * discards the ticks after it, and playing on records different ones. The simulation has no
 * signal for that, so sync() notices it two ways: the simulation's end moved back below what the
 * model has read (exact, when the model is synced before new ticks are recorded), or the last
 * sample the model read is no longer what the simulation holds for that tick (a history rewritten
 * and played on past the old end between two syncs). Callers that know they rewrote history call
 * invalidate().
 */
#define G_LOG_DOMAIN "ma-chart-model"

#include "config.h"

#include <string.h>

#include "ma-chart-model.h"

#define LEAF_SHIFT 4
#define MAX_LEVELS (64 - LEAF_SHIFT)

struct _MaChartModel
{
  GObject        parent_instance;

  MaSimulation  *simulation;
  guint          zone_index;
  guint          nr_orders;

  guint64        end;                      /* ticks read from the simulation */
  guint64        serial;                   /* changes whenever what the model holds changes */
  MaZoneSample   last;                     /* the sample of tick end - 1, when end > 0 */
  GArray        *levels[MAX_LEVELS];       /* MaChartColumn; level i folds 2^(LEAF_SHIFT + i) */
  guint          n_levels;
  GArray        *spans[MA_N_CHART_SPANS];  /* MaChartSpan, sorted, disjoint */
};

G_DEFINE_FINAL_TYPE (MaChartModel, ma_chart_model, G_TYPE_OBJECT)

/**
 * ma_chart_span_kind_name:
 *
 * Returns: a name for logs and tests ("kswapd", "direct-reclaim", "compaction", "oom")
 */
const char *
ma_chart_span_kind_name (MaChartSpanKind kind)
{
  static const char *const names[MA_N_CHART_SPANS] = {
    "kswapd", "direct-reclaim", "compaction", "oom",
  };

  g_return_val_if_fail (kind < MA_N_CHART_SPANS, "?");
  return names[kind];
}

static void
column_init (MaChartColumn *c)
{
  memset (c, 0, sizeof *c);
  c->first = G_MAXUINT64;
  c->free_min = G_MAXINT64;
  c->free_max = G_MININT64;
  for (guint k = 0; k < MA_MAX_ORDERS; k++)
    c->nr_free_min[k] = G_MAXUINT64;
}

static gboolean
sample_flag (const MaZoneSample *s,
             MaChartSpanKind     kind)
{
  switch (kind)
    {
    case MA_CHART_SPAN_KSWAPD:
      return s->kswapd != 0;
    case MA_CHART_SPAN_DIRECT_RECLAIM:
      return s->direct_reclaim != 0;
    case MA_CHART_SPAN_COMPACTION:
      return s->compaction != 0;
    case MA_CHART_SPAN_OOM:
      return s->oom != 0;
    case MA_N_CHART_SPANS:
    default:
      g_assert_not_reached ();
    }
}

static void
column_add_sample (MaChartColumn      *c,
                   const MaZoneSample *s,
                   guint64             tick,
                   guint               nr_orders)
{
  c->first = MIN (c->first, tick);
  c->end = MAX (c->end, tick + 1);
  c->free_min = MIN (c->free_min, s->free);
  c->free_max = MAX (c->free_max, s->free);
  c->wmark_min = MAX (c->wmark_min, s->min);
  c->wmark_low = MAX (c->wmark_low, s->low);
  c->wmark_high = MAX (c->wmark_high, s->high);
  c->boost = MAX (c->boost, s->boost);
  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    c->span_ticks[i] += sample_flag (s, i);
  for (guint k = 0; k < nr_orders; k++)
    {
      c->nr_free_min[k] = MIN (c->nr_free_min[k], s->nr_free[k]);
      c->nr_free_max[k] = MAX (c->nr_free_max[k], s->nr_free[k]);
    }
}

static void
column_add_column (MaChartColumn       *c,
                   const MaChartColumn *o,
                   guint                nr_orders)
{
  c->first = MIN (c->first, o->first);
  c->end = MAX (c->end, o->end);
  c->free_min = MIN (c->free_min, o->free_min);
  c->free_max = MAX (c->free_max, o->free_max);
  c->wmark_min = MAX (c->wmark_min, o->wmark_min);
  c->wmark_low = MAX (c->wmark_low, o->wmark_low);
  c->wmark_high = MAX (c->wmark_high, o->wmark_high);
  c->boost = MAX (c->boost, o->boost);
  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    c->span_ticks[i] += o->span_ticks[i];
  for (guint k = 0; k < nr_orders; k++)
    {
      c->nr_free_min[k] = MIN (c->nr_free_min[k], o->nr_free_min[k]);
      c->nr_free_max[k] = MAX (c->nr_free_max[k], o->nr_free_max[k]);
    }
}

static gboolean
sample_equal (const MaZoneSample *a,
              const MaZoneSample *b,
              guint               nr_orders)
{
  if (a->free != b->free || a->min != b->min || a->low != b->low || a->high != b->high
      || a->boost != b->boost || a->kswapd != b->kswapd || a->direct_reclaim != b->direct_reclaim
      || a->compaction != b->compaction || a->oom != b->oom)
    return FALSE;
  for (guint k = 0; k < nr_orders; k++)
    if (a->nr_free[k] != b->nr_free[k])
      return FALSE;
  return TRUE;
}

static void
ma_chart_model_finalize (GObject *object)
{
  MaChartModel *self = MA_CHART_MODEL (object);

  g_clear_object (&self->simulation);
  for (guint i = 0; i < MAX_LEVELS; i++)
    g_clear_pointer (&self->levels[i], g_array_unref);
  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    g_clear_pointer (&self->spans[i], g_array_unref);
  G_OBJECT_CLASS (ma_chart_model_parent_class)->finalize (object);
}

static void
ma_chart_model_class_init (MaChartModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_chart_model_finalize;
}

static void
ma_chart_model_init (MaChartModel *self)
{
  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    self->spans[i] = g_array_new (FALSE, FALSE, sizeof (MaChartSpan));
}

/**
 * ma_chart_model_new:
 * @simulation: the simulation whose samples to read (referenced)
 * @zone_index: one of the simulation's zones (ma_simulation_get_zone())
 *
 * A model that has read nothing yet: call ma_chart_model_sync().
 *
 * Returns: (transfer full): the model
 */
MaChartModel *
ma_chart_model_new (MaSimulation *simulation,
                    guint         zone_index)
{
  MaChartModel *self;

  g_return_val_if_fail (MA_IS_SIMULATION (simulation), NULL);
  g_return_val_if_fail (zone_index < ma_simulation_get_n_zones (simulation), NULL);

  self = g_object_new (MA_TYPE_CHART_MODEL, NULL);
  self->simulation = g_object_ref (simulation);
  self->zone_index = zone_index;
  self->nr_orders = ma_machine_get_nr_orders (ma_simulation_get_machine (simulation));
  return self;
}

MaSimulation *
ma_chart_model_get_simulation (MaChartModel *self)
{
  g_return_val_if_fail (MA_IS_CHART_MODEL (self), NULL);
  return self->simulation;
}

guint
ma_chart_model_get_zone_index (MaChartModel *self)
{
  g_return_val_if_fail (MA_IS_CHART_MODEL (self), 0);
  return self->zone_index;
}

guint
ma_chart_model_get_nr_orders (MaChartModel *self)
{
  g_return_val_if_fail (MA_IS_CHART_MODEL (self), 0);
  return self->nr_orders;
}

/**
 * ma_chart_model_get_end:
 *
 * Returns: how many ticks the model has read: its series cover [0, end)
 */
guint64
ma_chart_model_get_end (MaChartModel *self)
{
  g_return_val_if_fail (MA_IS_CHART_MODEL (self), 0);
  return self->end;
}

/**
 * ma_chart_model_get_serial:
 *
 * Returns: a number that changes whenever the series change, for views that cache columns
 */
guint64
ma_chart_model_get_serial (MaChartModel *self)
{
  g_return_val_if_fail (MA_IS_CHART_MODEL (self), 0);
  return self->serial;
}

static const MaZoneSample *
sample (MaChartModel *self,
        guint64       tick)
{
  const MaZoneSample *s = ma_simulation_get_sample (self->simulation, tick, self->zone_index);

  g_assert (s != NULL);
  return s;
}

/* Forgets everything from tick `end` on. */
static void
truncate_to (MaChartModel *self,
             guint64       end)
{
  self->end = MIN (self->end, end);
  for (guint i = 0; i < self->n_levels; i++)
    g_array_set_size (self->levels[i], self->end >> (LEAF_SHIFT + i));
  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    {
      GArray *spans = self->spans[i];

      while (spans->len > 0
             && g_array_index (spans, MaChartSpan, spans->len - 1).start >= self->end)
        g_array_set_size (spans, spans->len - 1);
      if (spans->len > 0)
        {
          MaChartSpan *last = &g_array_index (spans, MaChartSpan, spans->len - 1);

          last->end = MIN (last->end, self->end);
        }
    }
  if (self->end > 0)
    memcpy (&self->last, sample (self, self->end - 1), sizeof self->last);
}

/* Reads tick `self->end`: its spans, and the nodes it completes. */
static void
append_tick (MaChartModel *self)
{
  guint64 tick = self->end;
  const MaZoneSample *s = sample (self, tick);

  for (guint i = 0; i < MA_N_CHART_SPANS; i++)
    {
      GArray *spans = self->spans[i];
      MaChartSpan *last = spans->len ? &g_array_index (spans, MaChartSpan, spans->len - 1) : NULL;

      if (!sample_flag (s, i))
        continue;
      if (last != NULL && last->end == tick)
        last->end = tick + 1;
      else
        {
          MaChartSpan span = { tick, tick + 1 };

          g_array_append_val (spans, span);
        }
    }

  memcpy (&self->last, s, sizeof self->last);
  self->end = tick + 1;
  if ((self->end & ((1u << LEAF_SHIFT) - 1)) != 0)
    return;

  /* a leaf is complete; then each level whose count became even completes a node above */
  {
    MaChartColumn node;
    guint level = 0;

    column_init (&node);
    for (guint64 t = self->end - (1u << LEAF_SHIFT); t < self->end; t++)
      column_add_sample (&node, sample (self, t), t, self->nr_orders);
    for (;;)
      {
        GArray *nodes;

        if (level == self->n_levels)
          {
            g_assert (level < MAX_LEVELS);
            self->levels[level] = g_array_new (FALSE, FALSE, sizeof (MaChartColumn));
            self->n_levels++;
          }
        nodes = self->levels[level];
        g_array_append_val (nodes, node);
        if (nodes->len % 2 != 0)
          break;
        node = g_array_index (nodes, MaChartColumn, nodes->len - 2);
        column_add_column (&node, &g_array_index (nodes, MaChartColumn, nodes->len - 1),
                           self->nr_orders);
        level++;
      }
  }
}

/**
 * ma_chart_model_sync:
 *
 * Reads the ticks the simulation recorded since the last sync, and notices history that was
 * discarded or rewritten (see the top of ma-chart-model.c).
 *
 * Returns: %TRUE when the series changed
 */
gboolean
ma_chart_model_sync (MaChartModel *self)
{
  guint64 sim_end;
  gboolean changed = FALSE;

  g_return_val_if_fail (MA_IS_CHART_MODEL (self), FALSE);

  sim_end = ma_simulation_get_end (self->simulation);
  if (sim_end < self->end)
    {
      truncate_to (self, sim_end);
      changed = TRUE;
    }
  else if (self->end > 0
           && !sample_equal (&self->last, sample (self, self->end - 1), self->nr_orders))
    {
      truncate_to (self, 0);
      changed = TRUE;
    }
  while (self->end < sim_end)
    {
      append_tick (self);
      changed = TRUE;
    }
  if (changed)
    self->serial++;
  return changed;
}

/**
 * ma_chart_model_invalidate:
 *
 * Forgets everything read: the next sync reads the whole history again.
 */
void
ma_chart_model_invalidate (MaChartModel *self)
{
  g_return_if_fail (MA_IS_CHART_MODEL (self));

  truncate_to (self, 0);
  self->serial++;
}

/**
 * ma_chart_model_get_range:
 * @first: the first tick
 * @end: one past the last tick
 * @out: (out caller-allocates): the ticks [first, end) folded into one column
 *
 * The range is clipped to what the model has read.
 *
 * Returns: %FALSE when nothing of the range has been read (@out is then empty: first > end)
 */
gboolean
ma_chart_model_get_range (MaChartModel  *self,
                          guint64        first,
                          guint64        end,
                          MaChartColumn *out)
{
  guint64 t;

  g_return_val_if_fail (MA_IS_CHART_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  column_init (out);
  end = MIN (end, self->end);
  if (first >= end)
    return FALSE;

  for (t = first; t < end;)
    {
      gint best = -1;

      /* the largest node that starts at t and ends within the range */
      for (gint i = (gint) self->n_levels - 1; i >= 0 && best < 0; i--)
        {
          guint shift = LEAF_SHIFT + (guint) i;
          guint64 size = (guint64) 1 << shift;

          if ((t & (size - 1)) == 0 && t + size <= end && (t >> shift) < self->levels[i]->len)
            best = i;
        }
      if (best >= 0)
        {
          guint shift = LEAF_SHIFT + (guint) best;

          column_add_column (out, &g_array_index (self->levels[best], MaChartColumn, t >> shift),
                             self->nr_orders);
          t += (guint64) 1 << shift;
        }
      else
        {
          column_add_sample (out, sample (self, t), t, self->nr_orders);
          t++;
        }
    }
  out->first = first;
  out->end = end;
  return TRUE;
}

/**
 * ma_chart_model_get_columns:
 * @first: the first tick of the window
 * @end: one past its last tick (clipped to what the model has read)
 * @max_columns: the most columns wanted (a chart's width in pixels)
 * @out: (out caller-allocates) (array length=max_columns): the columns
 *
 * Splits the window into columns of equal numbers of ticks (give or take one), one column per
 * tick when the window has no more ticks than @max_columns.
 *
 * Returns: the number of columns filled in
 */
guint
ma_chart_model_get_columns (MaChartModel  *self,
                            guint64        first,
                            guint64        end,
                            guint          max_columns,
                            MaChartColumn *out)
{
  guint64 n_ticks;
  guint n;

  g_return_val_if_fail (MA_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (out != NULL || max_columns == 0, 0);

  end = MIN (end, self->end);
  if (first >= end || max_columns == 0)
    return 0;
  n_ticks = end - first;
  n = (guint) MIN ((guint64) max_columns, n_ticks);
  for (guint i = 0; i < n; i++)
    ma_chart_model_get_range (self, first + i * n_ticks / n, first + (i + 1) * n_ticks / n,
                              &out[i]);
  return n;
}

/**
 * ma_chart_model_get_spans:
 * @kind: which periods
 * @first: the first tick of the window
 * @end: one past its last tick
 * @out_n: (out): how many spans meet the window
 *
 * The periods of @kind that meet [first, end), unclipped: the first may start before @first,
 * the last may end after @end.
 *
 * Returns: (array length=out_n) (transfer none) (nullable): the spans, valid until the next sync
 */
const MaChartSpan *
ma_chart_model_get_spans (MaChartModel    *self,
                          MaChartSpanKind  kind,
                          guint64          first,
                          guint64          end,
                          guint           *out_n)
{
  GArray *spans;
  guint lo = 0, hi, i;

  g_return_val_if_fail (out_n != NULL, NULL);
  *out_n = 0;
  g_return_val_if_fail (MA_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (kind < MA_N_CHART_SPANS, NULL);

  spans = self->spans[kind];
  hi = spans->len;
  /* the first span that ends after first */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (spans, MaChartSpan, mid).end <= first)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (i = lo; i < spans->len && g_array_index (spans, MaChartSpan, i).start < end; i++)
    ;
  *out_n = i - lo;
  return *out_n > 0 ? &g_array_index (spans, MaChartSpan, lo) : NULL;
}
