/* ma-map-legend.h: what the map's colours mean, for the colour mode shown
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-map-view.h"

G_BEGIN_DECLS

#define MA_TYPE_MAP_LEGEND (ma_map_legend_get_type ())

G_DECLARE_FINAL_TYPE (MaMapLegend, ma_map_legend, MA, MAP_LEGEND, GtkWidget)

GtkWidget   *ma_map_legend_new            (void);
MaColorMode  ma_map_legend_get_color_mode (MaMapLegend *self);
void         ma_map_legend_set_color_mode (MaMapLegend *self,
                                           MaColorMode  mode);
MaMachine   *ma_map_legend_get_machine    (MaMapLegend *self);
void         ma_map_legend_set_machine    (MaMapLegend *self,
                                           MaMachine   *machine);
void         ma_map_legend_bind_map_view  (MaMapLegend *self,
                                           MaMapView   *map_view);

G_END_DECLS
