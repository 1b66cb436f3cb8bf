/* ma-map-picture.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cached picture under the overlays. A new view (zoom, centre, size or scale) redraws every
 * tile, which costs what the screen has pixels; a change in the machine redraws only the tiles
 * over the blocks that changed, so one allocation on a 1 TiB machine costs one tile. A tile
 * drawn before all it shows was ready (a summary pending, a block not read by the deadline)
 * stays marked and is drawn again by the next update.
 */
#define G_LOG_DOMAIN "ma-map-picture"

#include "config.h"

#include <math.h>

#include "ma-map-picture.h"

typedef struct
{
  cairo_surface_t *surface;
  int              x;          /* device pixels, in the view */
  int              y;
  gboolean         dirty;
  guint64          serial;
} Tile;

struct _MaMapPicture
{
  MaMapRenderer *renderer;
  gulong         damaged_id;
  GArray        *tiles;        /* Tile */
  int            columns;
  int            rows;
  guint64        serial;
  guint          n_redrawn;

  /* the view the tiles show */
  double         zoom;
  double         center_x;
  double         center_y;
  double         width;
  double         height;
  double         scale;
  guint          level;
  gboolean       all_dirty;
};

static void
clear_tile (gpointer data)
{
  Tile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
}

static void
mark_rect (MaMapPicture *self,
           double        x0,
           double        y0,
           double        x1,
           double        y1)
{
  double z = self->zoom * self->scale;
  double ox = self->center_x - self->width / 2 / self->zoom;
  double oy = self->center_y - self->height / 2 / self->zoom;
  int px0 = (int) floor ((x0 - ox) * z) - 1, py0 = (int) floor ((y0 - oy) * z) - 1;
  int px1 = (int) ceil ((x1 - ox) * z) + 1, py1 = (int) ceil ((y1 - oy) * z) + 1;

  px0 = MAX (px0, 0) / MA_MAP_PICTURE_TILE;
  py0 = MAX (py0, 0) / MA_MAP_PICTURE_TILE;
  px1 = MIN (px1 / MA_MAP_PICTURE_TILE, self->columns - 1);
  py1 = MIN (py1 / MA_MAP_PICTURE_TILE, self->rows - 1);
  for (int ty = py0; ty <= py1; ty++)
    for (int tx = px0; tx <= px1; tx++)
      g_array_index (self->tiles, Tile, ty * self->columns + tx).dirty = TRUE;
}

static void
on_damaged (MaMapRenderer *renderer,
            GArray        *rects,
            gboolean       all,
            MaMapPicture  *self)
{
  /* A cell of a coarse level holds the block that changed and reaches at most one cell further;
   * a frame's gap and mark depend on its neighbours: one frame more. */
  double grow = MAX ((double) (1u << self->level), 1);

  if (all)
    {
      self->all_dirty = TRUE;
      return;
    }
  for (guint i = 0; i < rects->len && !self->all_dirty; i++)
    {
      const MaMapRect *r = &g_array_index (rects, MaMapRect, i);

      mark_rect (self, r->x - grow, r->y - grow, r->x + r->width + grow, r->y + r->height + grow);
    }
}

/**
 * ma_map_picture_new:
 * @renderer: draws the tiles; the picture follows its damage
 *
 * Returns: (transfer full): an empty picture
 */
MaMapPicture *
ma_map_picture_new (MaMapRenderer *renderer)
{
  MaMapPicture *self = g_new0 (MaMapPicture, 1);

  self->renderer = g_object_ref (renderer);
  self->damaged_id = g_signal_connect (renderer, "damaged", G_CALLBACK (on_damaged), self);
  self->tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  g_array_set_clear_func (self->tiles, clear_tile);
  self->all_dirty = TRUE;
  return self;
}

void
ma_map_picture_free (MaMapPicture *self)
{
  if (self == NULL)
    return;
  g_clear_signal_handler (&self->damaged_id, self->renderer);
  g_object_unref (self->renderer);
  g_array_unref (self->tiles);
  g_free (self);
}

static void
relayout (MaMapPicture *self)
{
  int width = (int) ceil (self->width * self->scale);
  int height = (int) ceil (self->height * self->scale);

  g_array_set_size (self->tiles, 0);
  self->columns = (width + MA_MAP_PICTURE_TILE - 1) / MA_MAP_PICTURE_TILE;
  self->rows = (height + MA_MAP_PICTURE_TILE - 1) / MA_MAP_PICTURE_TILE;
  for (int ty = 0; ty < self->rows; ty++)
    for (int tx = 0; tx < self->columns; tx++)
      {
        Tile tile = { 0, };

        tile.x = tx * MA_MAP_PICTURE_TILE;
        tile.y = ty * MA_MAP_PICTURE_TILE;
        tile.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                   MIN (MA_MAP_PICTURE_TILE, width - tile.x),
                                                   MIN (MA_MAP_PICTURE_TILE, height - tile.y));
        tile.dirty = TRUE;
        g_array_append_val (self->tiles, tile);
      }
}

/**
 * ma_map_picture_update:
 * @viewport: the view to show
 * @scale: device pixels per logical pixel
 * @deadline: monotonic time after which no more blocks are read from the frames, or -1
 *
 * Redraws the tiles that do not show @viewport as it is now.
 *
 * Returns: %TRUE if the picture is complete
 */
gboolean
ma_map_picture_update (MaMapPicture *self,
                       MaViewport   *viewport,
                       double        scale,
                       gint64        deadline)
{
  gboolean complete = TRUE;
  gboolean size_changed;

  size_changed = ma_viewport_get_width (viewport) != self->width
                 || ma_viewport_get_height (viewport) != self->height || scale != self->scale;
  if (size_changed || ma_viewport_get_zoom (viewport) != self->zoom
      || ma_viewport_get_center_x (viewport) != self->center_x
      || ma_viewport_get_center_y (viewport) != self->center_y)
    self->all_dirty = TRUE;

  self->zoom = ma_viewport_get_zoom (viewport);
  self->center_x = ma_viewport_get_center_x (viewport);
  self->center_y = ma_viewport_get_center_y (viewport);
  self->width = ma_viewport_get_width (viewport);
  self->height = ma_viewport_get_height (viewport);
  self->scale = scale;
  self->level = ma_map_renderer_get_level (self->renderer, viewport, scale);
  if (size_changed)
    relayout (self);

  if (self->all_dirty)
    {
      self->all_dirty = FALSE;
      for (guint i = 0; i < self->tiles->len; i++)
        g_array_index (self->tiles, Tile, i).dirty = TRUE;
    }

  self->n_redrawn = 0;
  ma_map_renderer_next_frame (self->renderer);
  for (guint i = 0; i < self->tiles->len; i++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, i);

      if (!tile->dirty)
        continue;
      tile->dirty = !ma_map_renderer_draw_base (self->renderer, viewport, scale, tile->surface,
                                                tile->x, tile->y, deadline);
      tile->serial = ++self->serial;
      self->n_redrawn++;
      complete &= !tile->dirty;
    }
  return complete;
}

/**
 * ma_map_picture_is_complete:
 *
 * Returns: whether no tile waits to be drawn again
 */
gboolean
ma_map_picture_is_complete (MaMapPicture *self)
{
  if (self->all_dirty)
    return FALSE;
  for (guint i = 0; i < self->tiles->len; i++)
    if (g_array_index (self->tiles, Tile, i).dirty)
      return FALSE;
  return TRUE;
}

/**
 * ma_map_picture_invalidate:
 *
 * Makes the next update redraw every tile.
 */
void
ma_map_picture_invalidate (MaMapPicture *self)
{
  self->all_dirty = TRUE;
}

guint
ma_map_picture_get_n_tiles (MaMapPicture *self)
{
  return self->tiles->len;
}

/**
 * ma_map_picture_get_tile:
 * @out_x: (out): where the tile goes in the view, in device pixels
 * @out_y: (out): where the tile goes in the view, in device pixels
 * @out_serial: (out): changes whenever the tile is drawn again
 *
 * Returns: (transfer none): the tile's image
 */
cairo_surface_t *
ma_map_picture_get_tile (MaMapPicture *self,
                         guint         index,
                         int          *out_x,
                         int          *out_y,
                         guint64      *out_serial)
{
  Tile *tile = &g_array_index (self->tiles, Tile, index);

  *out_x = tile->x;
  *out_y = tile->y;
  *out_serial = tile->serial;
  return tile->surface;
}

/**
 * ma_map_picture_get_n_redrawn:
 *
 * Returns: how many tiles the last update drew
 */
guint
ma_map_picture_get_n_redrawn (MaMapPicture *self)
{
  return self->n_redrawn;
}
