/* ma-frame-layout.h: where every page frame of a machine sits on the map
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_FRAME_LAYOUT (ma_frame_layout_get_type ())

/**
 * MaFrameLayout:
 *
 * The geometry of the map: machine → map units, where one map unit is the side of one page
 * frame. Immutable once built, reference counted, and independent of GTK.
 */
typedef struct _MaFrameLayout MaFrameLayout;

/**
 * MaMapRect:
 * @x: left edge, in map units
 * @y: top edge, in map units
 * @width: width, in map units
 * @height: height, in map units
 *
 * A rectangle on the map.
 */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} MaMapRect;

/**
 * MaLayoutZone:
 * @zone: the engine's zone
 * @node_index: index of its node in the machine
 * @start_pfn: first pfn of the zone's span
 * @end_pfn: one past its last pfn
 * @first_tile: `start_pfn >> (2 * tile_order)`: the tile holding the first frame
 * @n_tiles: tiles from the first to the last frame of the zone
 * @columns: tiles per row of the zone's rectangle
 * @rows: rows of tiles; the last one may be partly filled
 * @last_row_tiles: tiles in the last row
 * @rect: the zone's bounding rectangle, in map units
 *
 * One zone of the map: a rectangle of tiles in row-major order, each tile a square of
 * 4^tile_order frames in Morton order.
 */
typedef struct
{
  MaZone    *zone;
  guint      node_index;
  guint64    start_pfn;
  guint64    end_pfn;
  guint64    first_tile;
  guint64    n_tiles;
  guint      columns;
  guint      rows;
  guint      last_row_tiles;
  MaMapRect  rect;
} MaLayoutZone;

/**
 * MaLayoutNode:
 * @node: the engine's node
 * @first_zone: index of its first zone in the layout
 * @n_zones: its populated zones, side by side from left to right in pfn order
 * @rect: the band the node occupies, in map units
 *
 * One NUMA node of the map: a horizontal band.
 */
typedef struct
{
  MaNode    *node;
  guint      first_zone;
  guint      n_zones;
  MaMapRect  rect;
} MaLayoutNode;

GType                ma_frame_layout_get_type       (void) G_GNUC_CONST;
MaFrameLayout       *ma_frame_layout_new            (MaMachine           *machine);
MaFrameLayout       *ma_frame_layout_ref            (MaFrameLayout       *self);
void                 ma_frame_layout_unref          (MaFrameLayout       *self);

MaMachine           *ma_frame_layout_get_machine    (const MaFrameLayout *self);
guint                ma_frame_layout_get_tile_order (const MaFrameLayout *self);
void                 ma_frame_layout_get_size       (const MaFrameLayout *self,
                                                     double              *out_width,
                                                     double              *out_height);
guint                ma_frame_layout_get_n_nodes    (const MaFrameLayout *self);
const MaLayoutNode  *ma_frame_layout_get_node       (const MaFrameLayout *self,
                                                     guint                index);
guint                ma_frame_layout_get_n_zones    (const MaFrameLayout *self);
const MaLayoutZone  *ma_frame_layout_get_zone       (const MaFrameLayout *self,
                                                     guint                index);
int                  ma_frame_layout_find_zone      (const MaFrameLayout *self,
                                                     guint                node_id,
                                                     const char          *zone_name);
int                  ma_frame_layout_zone_of_pfn    (const MaFrameLayout *self,
                                                     guint64              pfn);
int                  ma_frame_layout_zone_at        (const MaFrameLayout *self,
                                                     double               x,
                                                     double               y);

gboolean             ma_frame_layout_pfn_to_xy      (const MaFrameLayout *self,
                                                     guint64              pfn,
                                                     double              *out_x,
                                                     double              *out_y);
gboolean             ma_frame_layout_xy_to_pfn      (const MaFrameLayout *self,
                                                     double               x,
                                                     double               y,
                                                     guint64             *out_pfn);
gboolean             ma_frame_layout_block_rect     (const MaFrameLayout *self,
                                                     guint64              pfn,
                                                     guint                order,
                                                     MaMapRect           *out_rect);
guint                ma_frame_layout_zone_outline   (const MaFrameLayout *self,
                                                     guint                zone_index,
                                                     double              *out_xy);

/* Morton (Z-order) coding of a frame's offset in its tile: x takes the even bits, so an
 * aligned block of 2·4^k frames is twice as wide as it is tall. */
static inline guint32
ma_morton_encode (guint32 x,
                  guint32 y)
{
  guint64 v = ((guint64) y << 32) | x;

  v = (v | (v << 8)) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);
  v = (v | (v << 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  v = (v | (v << 2)) & G_GUINT64_CONSTANT (0x3333333333333333);
  v = (v | (v << 1)) & G_GUINT64_CONSTANT (0x5555555555555555);
  return (guint32) (v | (v >> 31));
}

static inline guint32
ma_morton_compact (guint32 v)
{
  v &= 0x55555555;
  v = (v | (v >> 1)) & 0x33333333;
  v = (v | (v >> 2)) & 0x0f0f0f0f;
  v = (v | (v >> 4)) & 0x00ff00ff;
  v = (v | (v >> 8)) & 0x0000ffff;
  return v;
}

static inline void
ma_morton_decode (guint32  code,
                  guint32 *out_x,
                  guint32 *out_y)
{
  *out_x = ma_morton_compact (code);
  *out_y = ma_morton_compact (code >> 1);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaFrameLayout, ma_frame_layout_unref)

G_END_DECLS
