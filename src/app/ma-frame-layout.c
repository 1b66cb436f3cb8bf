/* ma-frame-layout.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map puts every frame at an integer position, one map unit per frame side, so that buddy
 * blocks read as geometry:
 *
 * - Inside a tile of 4^K frames (K = tile order, at least half the largest block order) frames
 *   follow the Morton curve. Every aligned block of 4^k frames is then a square and every
 *   aligned block of 2·4^k frames a 2:1 rectangle: a free block of each order is a tile of its
 *   own shape, and no block crosses a tile.
 * - A zone is a rectangle of tiles in row-major order, like the lines of a column of text. The
 *   tile index is `(pfn >> 2K) - first_tile`, so a tile shared by two zones (a zone boundary that
 *   is not tile-aligned) appears in both, each showing only its own frames.
 * - A node is a horizontal band; its zones sit side by side in pfn order. Each band gets the
 *   height that makes all bands about as wide as a map of the machine's area in a 16:10 frame,
 *   so band heights follow node sizes and a small zone (DMA) becomes a narrow column.
 *
 * Everything is arithmetic: pfn → (x, y) and back never search more than the nodes and zones.
 */
#define G_LOG_DOMAIN "ma-frame-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-frame-layout.h"

#define TARGET_ASPECT 1.6

struct _MaFrameLayout
{
  gatomicrefcount  ref_count;
  MaMachine       *machine;
  guint            tile_order;
  guint            tile_side;
  double           width;
  double           height;
  GArray          *nodes;   /* MaLayoutNode */
  GArray          *zones;   /* MaLayoutZone */
};

G_DEFINE_BOXED_TYPE (MaFrameLayout, ma_frame_layout, ma_frame_layout_ref, ma_frame_layout_unref)

static guint64
ceil_div (guint64 a,
          guint64 b)
{
  return (a + b - 1) / b;
}

/* The width in map units of a node band whose zones are `rows` tiles high. */
static double
band_width (const MaLayoutZone *zones,
            guint               n_zones,
            guint64             rows,
            guint               tile_side,
            double              gap)
{
  double w = 0;

  for (guint i = 0; i < n_zones; i++)
    w += (double) ceil_div (zones[i].n_tiles, rows) * tile_side;
  return w + gap * (n_zones > 0 ? n_zones - 1 : 0);
}

static void
place_node (MaFrameLayout *self,
            MaLayoutNode  *lnode,
            double         target_width,
            double         y,
            double         zone_gap)
{
  MaLayoutZone *zones = &g_array_index (self->zones, MaLayoutZone, lnode->first_zone);
  guint64 lo = 1, hi = 1;
  double x = 0, height = 0;

  for (guint i = 0; i < lnode->n_zones; i++)
    hi = MAX (hi, zones[i].n_tiles);

  /* The fewest rows that fit the target width. */
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (band_width (zones, lnode->n_zones, mid, self->tile_side, zone_gap) <= target_width)
        hi = mid;
      else
        lo = mid + 1;
    }

  for (guint i = 0; i < lnode->n_zones; i++)
    {
      MaLayoutZone *z = &zones[i];

      z->columns = (guint) ceil_div (z->n_tiles, lo);
      z->rows = (guint) ceil_div (z->n_tiles, z->columns);
      z->last_row_tiles = (guint) (z->n_tiles - (guint64) (z->rows - 1) * z->columns);
      z->rect.x = x;
      z->rect.y = y;
      z->rect.width = (double) z->columns * self->tile_side;
      z->rect.height = (double) z->rows * self->tile_side;
      x += z->rect.width + zone_gap;
      height = MAX (height, z->rect.height);
    }

  lnode->rect.x = 0;
  lnode->rect.y = y;
  lnode->rect.width = x - zone_gap;
  lnode->rect.height = height;
}

/**
 * ma_frame_layout_new:
 * @machine: the machine to lay out
 *
 * Computes the map of @machine. Zones with no frames are left out.
 *
 * Returns: (transfer full): a new layout
 */
MaFrameLayout *
ma_frame_layout_new (MaMachine *machine)
{
  MaFrameLayout *self;
  guint max_order;
  guint64 total_tiles = 0;
  double target_width, zone_gap, node_gap, y = 0;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);

  self = g_new0 (MaFrameLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->machine = g_object_ref (machine);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (MaLayoutNode));
  self->zones = g_array_new (FALSE, TRUE, sizeof (MaLayoutZone));

  max_order = ma_machine_get_nr_orders (machine) - 1;
  self->tile_order = MAX (5, (max_order + 1) / 2);
  self->tile_side = 1u << self->tile_order;

  for (guint n = 0; n < ma_machine_get_n_nodes (machine); n++)
    {
      MaNode *node = ma_machine_get_node (machine, n);
      MaLayoutNode lnode = { node, self->zones->len, 0, { 0, } };

      for (guint i = 0; i < ma_node_get_n_zones (node); i++)
        {
          MaZone *zone = ma_node_get_zone (node, i);
          MaLayoutZone z = { 0, };
          guint64 last_tile;

          if (ma_zone_get_spanned (zone) == 0)
            continue;
          z.zone = zone;
          z.node_index = n;
          z.start_pfn = ma_zone_get_start_pfn (zone);
          z.end_pfn = z.start_pfn + ma_zone_get_spanned (zone);
          z.first_tile = z.start_pfn >> (2 * self->tile_order);
          last_tile = (z.end_pfn - 1) >> (2 * self->tile_order);
          z.n_tiles = last_tile - z.first_tile + 1;
          total_tiles += z.n_tiles;
          g_array_append_val (self->zones, z);
          lnode.n_zones++;
        }
      if (lnode.n_zones > 0)
        g_array_append_val (self->nodes, lnode);
    }

  /* Gaps grow with the map so that they stay visible when the whole machine is shown. */
  target_width = sqrt ((double) total_tiles * TARGET_ASPECT) * self->tile_side;
  zone_gap = MAX (2.0, round (target_width / 160.0));
  node_gap = 2 * zone_gap;

  for (guint n = 0; n < self->nodes->len; n++)
    {
      MaLayoutNode *lnode = &g_array_index (self->nodes, MaLayoutNode, n);

      place_node (self, lnode, target_width, y, zone_gap);
      self->width = MAX (self->width, lnode->rect.width);
      y += lnode->rect.height + node_gap;
    }
  self->height = self->nodes->len > 0 ? y - node_gap : 0;
  for (guint n = 0; n < self->nodes->len; n++)
    g_array_index (self->nodes, MaLayoutNode, n).rect.width = self->width;

  return self;
}

MaFrameLayout *
ma_frame_layout_ref (MaFrameLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ma_frame_layout_unref (MaFrameLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->nodes);
  g_array_unref (self->zones);
  g_object_unref (self->machine);
  g_free (self);
}

/**
 * ma_frame_layout_get_machine:
 *
 * Returns: (transfer none): the machine laid out
 */
MaMachine *
ma_frame_layout_get_machine (const MaFrameLayout *self)
{
  return self->machine;
}

/**
 * ma_frame_layout_get_tile_order:
 *
 * Returns: K, where a tile is a square of 2^K × 2^K frames in Morton order
 */
guint
ma_frame_layout_get_tile_order (const MaFrameLayout *self)
{
  return self->tile_order;
}

/**
 * ma_frame_layout_get_size:
 *
 * The size of the whole map, in map units.
 */
void
ma_frame_layout_get_size (const MaFrameLayout *self,
                          double              *out_width,
                          double              *out_height)
{
  if (out_width)
    *out_width = self->width;
  if (out_height)
    *out_height = self->height;
}

guint
ma_frame_layout_get_n_nodes (const MaFrameLayout *self)
{
  return self->nodes->len;
}

const MaLayoutNode *
ma_frame_layout_get_node (const MaFrameLayout *self,
                          guint                index)
{
  g_return_val_if_fail (index < self->nodes->len, NULL);
  return &g_array_index (self->nodes, MaLayoutNode, index);
}

guint
ma_frame_layout_get_n_zones (const MaFrameLayout *self)
{
  return self->zones->len;
}

const MaLayoutZone *
ma_frame_layout_get_zone (const MaFrameLayout *self,
                          guint                index)
{
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaLayoutZone, index);
}

/**
 * ma_frame_layout_find_zone:
 * @node_id: the node id, as the kernel numbers nodes
 * @zone_name: the zone name, compared without case ("Normal", "dma32")
 *
 * Returns: the index of the zone, or -1 if the map has no such zone
 */
int
ma_frame_layout_find_zone (const MaFrameLayout *self,
                           guint                node_id,
                           const char          *zone_name)
{
  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaLayoutZone *z = &g_array_index (self->zones, MaLayoutZone, i);

      if (ma_node_get_id (ma_zone_get_node (z->zone)) == node_id
          && g_ascii_strcasecmp (ma_zone_get_name (z->zone), zone_name) == 0)
        return (int) i;
    }
  return -1;
}

/**
 * ma_frame_layout_zone_of_pfn:
 *
 * Returns: the index of the zone whose span holds @pfn, or -1
 */
int
ma_frame_layout_zone_of_pfn (const MaFrameLayout *self,
                             guint64              pfn)
{
  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaLayoutZone *z = &g_array_index (self->zones, MaLayoutZone, i);

      if (pfn >= z->start_pfn && pfn < z->end_pfn)
        return (int) i;
    }
  return -1;
}

/**
 * ma_frame_layout_zone_at:
 *
 * Returns: the index of the zone whose tiles cover the map point (@x, @y), or -1
 */
int
ma_frame_layout_zone_at (const MaFrameLayout *self,
                         double               x,
                         double               y)
{
  for (guint n = 0; n < self->nodes->len; n++)
    {
      const MaLayoutNode *lnode = &g_array_index (self->nodes, MaLayoutNode, n);

      if (y < lnode->rect.y || y >= lnode->rect.y + lnode->rect.height)
        continue;
      for (guint i = lnode->first_zone; i < lnode->first_zone + lnode->n_zones; i++)
        {
          const MaLayoutZone *z = &g_array_index (self->zones, MaLayoutZone, i);
          double tx, ty;
          guint col, row;

          if (x < z->rect.x || x >= z->rect.x + z->rect.width
              || y < z->rect.y || y >= z->rect.y + z->rect.height)
            continue;
          tx = (x - z->rect.x) / (1u << self->tile_order);
          ty = (y - z->rect.y) / (1u << self->tile_order);
          col = (guint) tx;
          row = (guint) ty;
          if (row == z->rows - 1 && col >= z->last_row_tiles)
            return -1;
          return (int) i;
        }
      return -1;
    }
  return -1;
}

/**
 * ma_frame_layout_pfn_to_xy:
 * @out_x: (out): left edge of the frame, in map units
 * @out_y: (out): top edge of the frame, in map units
 *
 * Returns: %FALSE if @pfn is in no zone of the map
 */
gboolean
ma_frame_layout_pfn_to_xy (const MaFrameLayout *self,
                           guint64              pfn,
                           double              *out_x,
                           double              *out_y)
{
  int zi = ma_frame_layout_zone_of_pfn (self, pfn);
  const MaLayoutZone *z;
  guint64 tile;
  guint32 mx, my;

  if (zi < 0)
    return FALSE;
  z = &g_array_index (self->zones, MaLayoutZone, zi);
  tile = (pfn >> (2 * self->tile_order)) - z->first_tile;
  ma_morton_decode ((guint32) (pfn & (((guint64) 1 << (2 * self->tile_order)) - 1)), &mx, &my);
  *out_x = z->rect.x + (double) ((tile % z->columns) << self->tile_order) + mx;
  *out_y = z->rect.y + (double) ((tile / z->columns) << self->tile_order) + my;
  return TRUE;
}

/**
 * ma_frame_layout_xy_to_pfn:
 * @out_pfn: (out): the frame at (@x, @y)
 *
 * Returns: %FALSE if no frame of a zone lies at the map point (@x, @y)
 */
gboolean
ma_frame_layout_xy_to_pfn (const MaFrameLayout *self,
                           double               x,
                           double               y,
                           guint64             *out_pfn)
{
  int zi = ma_frame_layout_zone_at (self, x, y);
  const MaLayoutZone *z;
  guint64 lx, ly, tile, pfn;

  if (zi < 0)
    return FALSE;
  z = &g_array_index (self->zones, MaLayoutZone, zi);
  lx = (guint64) (x - z->rect.x);
  ly = (guint64) (y - z->rect.y);
  tile = (ly >> self->tile_order) * z->columns + (lx >> self->tile_order);
  pfn = ((z->first_tile + tile) << (2 * self->tile_order))
        + ma_morton_encode ((guint32) (lx & (self->tile_side - 1)),
                            (guint32) (ly & (self->tile_side - 1)));
  if (pfn < z->start_pfn || pfn >= z->end_pfn)
    return FALSE;
  *out_pfn = pfn;
  return TRUE;
}

/**
 * ma_frame_layout_block_rect:
 * @pfn: the head of an aligned block
 * @order: the block's order, at most 2 × the tile order
 * @out_rect: (out): the block on the map
 *
 * Returns: %FALSE if @pfn is in no zone of the map
 */
gboolean
ma_frame_layout_block_rect (const MaFrameLayout *self,
                            guint64              pfn,
                            guint                order,
                            MaMapRect           *out_rect)
{
  g_return_val_if_fail (order <= 2 * self->tile_order, FALSE);

  pfn &= ~(((guint64) 1 << order) - 1);
  if (!ma_frame_layout_pfn_to_xy (self, pfn, &out_rect->x, &out_rect->y))
    return FALSE;
  out_rect->width = (double) (1u << ((order + 1) / 2));
  out_rect->height = (double) (1u << (order / 2));
  return TRUE;
}

/**
 * ma_frame_layout_zone_outline:
 * @out_xy: (array fixed-size=12): the outline's corners as x, y pairs
 *
 * The outline of the tiles of a zone: its rectangle, less the empty end of a partly filled last
 * row.
 *
 * Returns: the number of corners written (4 or 6)
 */
guint
ma_frame_layout_zone_outline (const MaFrameLayout *self,
                              guint                zone_index,
                              double              *out_xy)
{
  const MaLayoutZone *z = ma_frame_layout_get_zone (self, zone_index);
  const MaMapRect *r = &z->rect;
  double last_x = r->x + (double) z->last_row_tiles * self->tile_side;
  double last_y = r->y + r->height - self->tile_side;

  if (z->last_row_tiles == z->columns)
    {
      double rect[] = { r->x, r->y, r->x + r->width, r->y, r->x + r->width, r->y + r->height,
                        r->x, r->y + r->height };

      memcpy (out_xy, rect, sizeof rect);
      return 4;
    }
  else
    {
      double poly[] = { r->x, r->y, r->x + r->width, r->y, r->x + r->width, last_y,
                        last_x, last_y, last_x, r->y + r->height, r->x, r->y + r->height };

      memcpy (out_xy, poly, sizeof poly);
      return 6;
    }
}
