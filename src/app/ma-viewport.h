/* ma-viewport.h: the part of the map on screen, and how large
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ma-frame-layout.h"

G_BEGIN_DECLS

#define MA_TYPE_VIEWPORT (ma_viewport_get_type ())

G_DECLARE_FINAL_TYPE (MaViewport, ma_viewport, MA, VIEWPORT, GObject)

/* The closest zoom: one page frame is this many pixels wide. */
#define MA_VIEWPORT_MAX_ZOOM 64.0

MaViewport *ma_viewport_new               (void);
MaViewport *ma_viewport_copy              (MaViewport      *self);

double      ma_viewport_get_zoom          (MaViewport      *self);
void        ma_viewport_set_zoom          (MaViewport      *self,
                                           double           zoom);
double      ma_viewport_get_min_zoom      (MaViewport      *self);
double      ma_viewport_get_max_zoom      (MaViewport      *self);
double      ma_viewport_get_center_x      (MaViewport      *self);
double      ma_viewport_get_center_y      (MaViewport      *self);
void        ma_viewport_set_center        (MaViewport      *self,
                                           double           x,
                                           double           y);
double      ma_viewport_get_width         (MaViewport      *self);
double      ma_viewport_get_height        (MaViewport      *self);
void        ma_viewport_set_size          (MaViewport      *self,
                                           double           width,
                                           double           height);
void        ma_viewport_get_content_size  (MaViewport      *self,
                                           double          *out_width,
                                           double          *out_height);
void        ma_viewport_set_content_size  (MaViewport      *self,
                                           double           width,
                                           double           height);
gboolean    ma_viewport_get_fitted        (MaViewport      *self);

void        ma_viewport_zoom_at           (MaViewport      *self,
                                           double           factor,
                                           double           px,
                                           double           py);
void        ma_viewport_pan               (MaViewport      *self,
                                           double           dx,
                                           double           dy);
void        ma_viewport_fit               (MaViewport      *self);
void        ma_viewport_fit_rect          (MaViewport      *self,
                                           const MaMapRect *rect,
                                           double           margin);
void        ma_viewport_show_point        (MaViewport      *self,
                                           double           x,
                                           double           y,
                                           double           zoom);

void        ma_viewport_map_to_pixel      (MaViewport      *self,
                                           double           x,
                                           double           y,
                                           double          *out_px,
                                           double          *out_py);
void        ma_viewport_pixel_to_map      (MaViewport      *self,
                                           double           px,
                                           double           py,
                                           double          *out_x,
                                           double          *out_y);
void        ma_viewport_get_visible_rect  (MaViewport      *self,
                                           MaMapRect       *out_rect);

G_END_DECLS
