/* ma-zone-chart.h: a zone's free pages over time against min, low and high, with the periods of
 * kswapd, direct reclaim, compaction and OOM kills
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-chart.h"

G_BEGIN_DECLS

#define MA_TYPE_ZONE_CHART (ma_zone_chart_get_type ())

G_DECLARE_FINAL_TYPE (MaZoneChart, ma_zone_chart, MA, ZONE_CHART, MaChart)

GtkWidget *ma_zone_chart_new (void);

G_END_DECLS
