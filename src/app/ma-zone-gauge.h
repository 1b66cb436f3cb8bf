/* ma-zone-gauge.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_ZONE_GAUGE (ma_zone_gauge_get_type ())

G_DECLARE_FINAL_TYPE (MaZoneGauge, ma_zone_gauge, MA, ZONE_GAUGE, GtkWidget)

GtkWidget *ma_zone_gauge_new    (void);
void       ma_zone_gauge_update (MaZoneGauge *self,
                                 MaZone      *zone);

G_END_DECLS
