/* ma-order-chart.h: a zone's free blocks per order over time, as a heat strip
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-chart.h"

G_BEGIN_DECLS

#define MA_TYPE_ORDER_CHART (ma_order_chart_get_type ())

G_DECLARE_FINAL_TYPE (MaOrderChart, ma_order_chart, MA, ORDER_CHART, MaChart)

GtkWidget *ma_order_chart_new (void);

G_END_DECLS
