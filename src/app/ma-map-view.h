/* ma-map-view.h: the zoomable map of every page frame of a machine
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-color-mode.h"
#include "ma-map-export.h"
#include "ma-map-renderer.h"
#include "ma-viewport.h"

G_BEGIN_DECLS

#define MA_TYPE_MAP_VIEW (ma_map_view_get_type ())

G_DECLARE_FINAL_TYPE (MaMapView, ma_map_view, MA, MAP_VIEW, GtkWidget)

GtkWidget     *ma_map_view_new               (void);
MaMachine     *ma_map_view_get_machine       (MaMapView         *self);
void           ma_map_view_set_machine       (MaMapView         *self,
                                              MaMachine         *machine);
MaColorMode    ma_map_view_get_color_mode    (MaMapView         *self);
void           ma_map_view_set_color_mode    (MaMapView         *self,
                                              MaColorMode        mode);
MaViewport    *ma_map_view_get_viewport      (MaMapView         *self);
MaMapRenderer *ma_map_view_get_renderer      (MaMapView         *self);
GActionGroup  *ma_map_view_get_action_group  (MaMapView         *self);
gboolean       ma_map_view_show              (MaMapView         *self,
                                              const char        *view,
                                              GError           **error);
gint64         ma_map_view_get_selected_pfn  (MaMapView         *self);
void           ma_map_view_set_selected_pfn  (MaMapView         *self,
                                              gint64             pfn);
gint64         ma_map_view_get_pfn_at        (MaMapView         *self,
                                              double             x,
                                              double             y);
void           ma_map_view_zoom_in           (MaMapView         *self);
void           ma_map_view_zoom_out          (MaMapView         *self);
void           ma_map_view_zoom_reset        (MaMapView         *self);
gboolean       ma_map_view_is_drawn          (MaMapView         *self);
gboolean       ma_map_view_get_reconstructed (MaMapView         *self);
void           ma_map_view_set_reconstructed (MaMapView         *self,
                                              gboolean           reconstructed);
gboolean       ma_map_view_export            (MaMapView         *self,
                                              MaMapExportFormat  format,
                                              const char        *path,
                                              GError           **error);

G_END_DECLS
