/* ma-order-histogram.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_ORDER_HISTOGRAM (ma_order_histogram_get_type ())

G_DECLARE_FINAL_TYPE (MaOrderHistogram, ma_order_histogram, MA, ORDER_HISTOGRAM, GtkWidget)

GtkWidget *ma_order_histogram_new      (void);
void       ma_order_histogram_update   (MaOrderHistogram *self,
                                        MaZone           *zone);
void       ma_migratetype_color        (MaMigrateType     mt,
                                        GdkRGBA          *out);

G_END_DECLS
