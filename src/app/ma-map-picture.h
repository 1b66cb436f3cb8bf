/* ma-map-picture.h: the map's picture for one view, in tiles redrawn only where it changed
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-map-renderer.h"

G_BEGIN_DECLS

/* The side of a tile, in device pixels. */
#define MA_MAP_PICTURE_TILE 256

typedef struct _MaMapPicture MaMapPicture;

MaMapPicture    *ma_map_picture_new         (MaMapRenderer *renderer);
void             ma_map_picture_free        (MaMapPicture  *self);
gboolean         ma_map_picture_update      (MaMapPicture  *self,
                                             MaViewport    *viewport,
                                             double         scale,
                                             gint64         deadline);
gboolean         ma_map_picture_is_complete (MaMapPicture  *self);
void             ma_map_picture_invalidate  (MaMapPicture  *self);
guint            ma_map_picture_get_n_tiles (MaMapPicture  *self);
cairo_surface_t *ma_map_picture_get_tile    (MaMapPicture  *self,
                                             guint          index,
                                             int           *out_x,
                                             int           *out_y,
                                             guint64       *out_serial);
guint            ma_map_picture_get_n_redrawn (MaMapPicture *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaMapPicture, ma_map_picture_free)

G_END_DECLS
