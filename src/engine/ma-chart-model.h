/* ma-chart-model.h: one zone's history as chart series: free pages against the watermarks,
 * free blocks per order, and the periods of kswapd, direct reclaim, compaction and OOM kills
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-simulation.h"

G_BEGIN_DECLS

/**
 * MaChartSpanKind:
 * @MA_CHART_SPAN_KSWAPD: the zone's node had kswapd awake at the end of the tick
 * @MA_CHART_SPAN_DIRECT_RECLAIM: an allocation reclaimed directly during the tick
 * @MA_CHART_SPAN_COMPACTION: compaction ran during the tick
 * @MA_CHART_SPAN_OOM: the OOM killer killed a process during the tick
 *
 * The flags of #MaZoneSample, as kinds of periods a chart shades.
 */
typedef enum
{
  MA_CHART_SPAN_KSWAPD,
  MA_CHART_SPAN_DIRECT_RECLAIM,
  MA_CHART_SPAN_COMPACTION,
  MA_CHART_SPAN_OOM,
  MA_N_CHART_SPANS
} MaChartSpanKind;

/**
 * MaChartSpan:
 * @start: the first tick of the period
 * @end: one past its last tick
 *
 * A run of consecutive ticks with one flag set: [start, end).
 */
typedef struct
{
  guint64 start;
  guint64 end;
} MaChartSpan;

/**
 * MaChartColumn:
 * @first: the first tick the column covers
 * @end: one past the last tick it covers
 * @free_min: the fewest free pages at the end of any of its ticks
 * @free_max: the most free pages at the end of any of its ticks
 * @wmark_min: the highest min watermark (boost included) in the column
 * @wmark_low: the highest low watermark (boost included)
 * @wmark_high: the highest high watermark (boost included)
 * @boost: the largest watermark boost
 * @span_ticks: for each #MaChartSpanKind, how many of its ticks had the flag set
 * @nr_free_min: per order, the fewest free blocks
 * @nr_free_max: per order, the most free blocks
 *
 * Several ticks folded into one column of a chart. Minimum and maximum, never a mean: a spike
 * one tick long (a burst of atomic allocations that drops below min) stays visible however
 * many ticks a column holds.
 */
typedef struct
{
  guint64 first;
  guint64 end;
  gint64  free_min;
  gint64  free_max;
  guint64 wmark_min;
  guint64 wmark_low;
  guint64 wmark_high;
  guint64 boost;
  guint32 span_ticks[MA_N_CHART_SPANS];
  guint64 nr_free_min[MA_MAX_ORDERS];
  guint64 nr_free_max[MA_MAX_ORDERS];
} MaChartColumn;

#define MA_TYPE_CHART_MODEL (ma_chart_model_get_type ())

G_DECLARE_FINAL_TYPE (MaChartModel, ma_chart_model, MA, CHART_MODEL, GObject)

const char         *ma_chart_span_kind_name     (MaChartSpanKind  kind);

MaChartModel       *ma_chart_model_new          (MaSimulation    *simulation,
                                                 guint            zone_index);
MaSimulation       *ma_chart_model_get_simulation (MaChartModel  *self);
guint               ma_chart_model_get_zone_index (MaChartModel  *self);
guint               ma_chart_model_get_nr_orders (MaChartModel   *self);
guint64             ma_chart_model_get_end      (MaChartModel    *self);
guint64             ma_chart_model_get_serial   (MaChartModel    *self);

gboolean            ma_chart_model_sync         (MaChartModel    *self);
void                ma_chart_model_invalidate   (MaChartModel    *self);

gboolean            ma_chart_model_get_range    (MaChartModel    *self,
                                                 guint64          first,
                                                 guint64          end,
                                                 MaChartColumn   *out);
guint               ma_chart_model_get_columns  (MaChartModel    *self,
                                                 guint64          first,
                                                 guint64          end,
                                                 guint            max_columns,
                                                 MaChartColumn   *out);
const MaChartSpan  *ma_chart_model_get_spans    (MaChartModel    *self,
                                                 MaChartSpanKind  kind,
                                                 guint64          first,
                                                 guint64          end,
                                                 guint           *out_n);

G_END_DECLS
