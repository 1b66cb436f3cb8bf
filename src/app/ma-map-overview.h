/* ma-map-overview.h: the whole machine in small, with the part the map shows
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-map-view.h"

G_BEGIN_DECLS

#define MA_TYPE_MAP_OVERVIEW (ma_map_overview_get_type ())

G_DECLARE_FINAL_TYPE (MaMapOverview, ma_map_overview, MA, MAP_OVERVIEW, GtkWidget)

GtkWidget *ma_map_overview_new          (void);
MaMapView *ma_map_overview_get_map_view (MaMapOverview *self);
void       ma_map_overview_set_map_view (MaMapOverview *self,
                                         MaMapView     *map_view);

G_END_DECLS
