/* ma-map-renderer.h: draws a viewport of a machine's map with cairo, without GTK
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "ma-color-mode.h"
#include "ma-frame-layout.h"
#include "ma-map-summary.h"
#include "ma-viewport.h"

G_BEGIN_DECLS

#define MA_TYPE_MAP_RENDERER (ma_map_renderer_get_type ())

G_DECLARE_FINAL_TYPE (MaMapRenderer, ma_map_renderer, MA, MAP_RENDERER, GObject)

/**
 * MaMapEventFunc:
 * @event: an event that changed frames
 * @user_data: the data given to ma_map_renderer_sync()
 *
 * Called for each event read from the machine's ring (to animate splits and merges).
 */
typedef void (*MaMapEventFunc) (const MaEvent *event,
                                gpointer       user_data);

MaMapRenderer  *ma_map_renderer_new              (MaMachine       *machine);
MaMachine      *ma_map_renderer_get_machine      (MaMapRenderer   *self);
MaFrameLayout  *ma_map_renderer_get_layout       (MaMapRenderer   *self);
MaMapSummary   *ma_map_renderer_get_summary      (MaMapRenderer   *self);
MaColorMode     ma_map_renderer_get_color_mode   (MaMapRenderer   *self);
void            ma_map_renderer_set_color_mode   (MaMapRenderer   *self,
                                                  MaColorMode      mode);
gboolean        ma_map_renderer_get_dark         (MaMapRenderer   *self);
void            ma_map_renderer_set_dark         (MaMapRenderer   *self,
                                                  gboolean         dark);
gboolean        ma_map_renderer_get_reconstructed (MaMapRenderer  *self);
void            ma_map_renderer_set_reconstructed (MaMapRenderer  *self,
                                                   gboolean        reconstructed);
gsize           ma_map_renderer_get_memory_size  (MaMapRenderer   *self);

gboolean        ma_map_renderer_has_news         (MaMapRenderer   *self);
gboolean        ma_map_renderer_sync             (MaMapRenderer   *self,
                                                  MaViewport      *viewport,
                                                  gint64           deadline,
                                                  MaMapEventFunc   func,
                                                  gpointer         user_data);
guint           ma_map_renderer_get_level        (MaMapRenderer   *self,
                                                  MaViewport      *viewport,
                                                  double           scale);
gboolean        ma_map_renderer_draw_base        (MaMapRenderer   *self,
                                                  MaViewport      *viewport,
                                                  double           scale,
                                                  cairo_surface_t *target,
                                                  int              x,
                                                  int              y,
                                                  gint64           deadline);
void            ma_map_renderer_render           (MaMapRenderer   *self,
                                                  cairo_t         *cr,
                                                  MaViewport      *viewport);
void            ma_map_renderer_next_frame       (MaMapRenderer   *self);

G_END_DECLS
