/* ma-map-marks.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Marks make the map readable without colour: each buddy block shows its order (free blocks, and
 * every block in the order mode) or the letter of its category, centred, as large as the block
 * allows. A close view can hold thousands of blocks, so the glyphs are looked up once per
 * (text, size) and drawn with one cairo_show_glyphs() per size and ink colour.
 */
#define G_LOG_DOMAIN "ma-map-marks"

#include "config.h"

#include <math.h>

#include "ma-map-classify.h"
#include "ma-map-marks.h"

#define MAX_ORDER_MARKS 16

/* A block larger than this (device pixels) keeps its mark in the part of it in view. */
#define STICKY_SIZE 160

typedef struct
{
  cairo_glyph_t *glyphs;
  int            n_glyphs;
  double         dx;   /* from the block's centre to the text's origin */
  double         dy;
} Shaped;

typedef struct
{
  GArray *glyphs;      /* cairo_glyph_t */
  double  size;
  gboolean light_ink;
} Group;

static const char *const digits[MAX_ORDER_MARKS] = {
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"
};

static gboolean
needs_light_ink (guint32 argb)
{
  double r = ((argb >> 16) & 0xff) / 255.0, g = ((argb >> 8) & 0xff) / 255.0;
  double b = (argb & 0xff) / 255.0;

  /* Relative luminance, roughly: dark fills get white text. */
  return 0.2126 * r * r + 0.7152 * g * g + 0.0722 * b * b < 0.22;
}

void
ma_map_marks_draw (MaFrameLayout   *layout,
                   MaMapSummary    *summary,
                   gboolean         dark,
                   cairo_surface_t *target,
                   int              x,
                   int              y,
                   double           view_width,
                   double           view_height,
                   double           zoom,
                   double           origin_x,
                   double           origin_y)
{
  const MaMapPalette *palette = ma_map_palette_get (ma_map_summary_get_mode (summary));
  int width = cairo_image_surface_get_width (target);
  int height = cairo_image_surface_get_height (target);
  Shaped shaped[MAX_ORDER_MARKS][MA_MAP_MAX_CATEGORIES] = { { { 0, }, }, };
  Group groups[MAX_ORDER_MARKS][2] = { { { 0, }, }, };
  cairo_t *cr = cairo_create (target);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);

  for (guint zi = 0; zi < ma_frame_layout_get_n_zones (layout); zi++)
    {
      const MaLayoutZone *z = ma_frame_layout_get_zone (layout, zi);
      double vx0 = origin_x + x / zoom - z->rect.x, vy0 = origin_y + y / zoom - z->rect.y;
      double vx1 = vx0 + width / zoom, vy1 = vy0 + height / zoom;
      int bx0, by0, bx1, by1;

      if (vx1 <= 0 || vy1 <= 0 || vx0 >= z->rect.width || vy0 >= z->rect.height)
        continue;
      /* Blocks of order > 10 reach into the blocks to their right and below: start a little
       * before the view so that their heads are found. */
      bx0 = MAX (0, (int) floor (vx0 / MA_MAP_BLOCK_SIDE) - 3);
      by0 = MAX (0, (int) floor (vy0 / MA_MAP_BLOCK_SIDE) - 3);
      bx1 = (int) ceil (MIN (vx1, z->rect.width) / MA_MAP_BLOCK_SIDE);
      by1 = (int) ceil (MIN (vy1, z->rect.height) / MA_MAP_BLOCK_SIDE);

      for (int by = by0; by < by1; by++)
        for (int bx = bx0; bx < bx1; bx++)
          {
            const MaMapFine *fine = ma_map_summary_get_fine (summary, zi, bx, by, TRUE);

            if (fine == NULL)
              continue;
            ma_map_summary_ensure_flags (summary, zi, bx, by, fine);
            for (guint k = 0; k < MA_MAP_BLOCK_FRAMES; k++)
              {
                guint8 cat = fine->cats[k];
                guint order;
                double w, h;
                const char *text;
                double px, py, size;
                Shaped *s;
                Group *g;
                gboolean light;

                if (!(fine->flags[k] & MA_MAP_BLOCK_HEAD) || cat >= palette->n_categories)
                  continue;
                order = fine->orders[k] == MA_MAP_NOT_A_BLOCK ? 0 : fine->orders[k];
                order = MIN (order, MAX_ORDER_MARKS - 1);
                text = palette->categories[cat].mark ? palette->categories[cat].mark
                                                     : digits[order];
                if (text[0] == '\0')
                  continue;
                w = 1u << ((order + 1) / 2);
                h = 1u << (order / 2);
                /* The block's centre in the view, then in the target. */
                px = (z->rect.x + bx * MA_MAP_BLOCK_SIDE + k % MA_MAP_BLOCK_SIDE + w / 2.0
                      - origin_x) * zoom;
                py = (z->rect.y + by * MA_MAP_BLOCK_SIDE + k / MA_MAP_BLOCK_SIDE + h / 2.0
                      - origin_y) * zoom;
                if (w * zoom > STICKY_SIZE)
                  px = (MAX (px - w * zoom / 2, 0) + MIN (px + w * zoom / 2, view_width)) / 2;
                if (h * zoom > STICKY_SIZE)
                  py = (MAX (py - h * zoom / 2, 0) + MIN (py + h * zoom / 2, view_height)) / 2;
                px -= x;
                py -= y;
                if (px < -48 || py < -48 || px > width + 48 || py > height + 48)
                  continue;

                size = MIN (MIN (w, h) * zoom * 0.6, 48);
                if (size < 8)
                  continue;

                s = &shaped[order][cat];
                if (s->glyphs == NULL)
                  {
                    cairo_text_extents_t ext;

                    cairo_set_font_size (cr, size);
                    cairo_scaled_font_text_to_glyphs (cairo_get_scaled_font (cr), 0, 0, text, -1,
                                                      &s->glyphs, &s->n_glyphs, NULL, NULL, NULL);
                    cairo_glyph_extents (cr, s->glyphs, s->n_glyphs, &ext);
                    s->dx = -(ext.x_bearing + ext.width / 2);
                    s->dy = -(ext.y_bearing + ext.height / 2);
                  }

                light = needs_light_ink (ma_map_palette_argb (palette, cat, dark));
                g = &groups[order][light];
                if (g->glyphs == NULL)
                  {
                    g->glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
                    g->size = size;
                    g->light_ink = light;
                  }
                for (int i = 0; i < s->n_glyphs; i++)
                  {
                    cairo_glyph_t gl = s->glyphs[i];

                    gl.x += px + s->dx;
                    gl.y += py + s->dy;
                    g_array_append_val (g->glyphs, gl);
                  }
              }
          }
    }

  for (guint o = 0; o < MAX_ORDER_MARKS; o++)
    for (guint l = 0; l < 2; l++)
      {
        Group *g = &groups[o][l];

        if (g->glyphs == NULL)
          continue;
        cairo_set_font_size (cr, g->size);
        if (g->light_ink)
          cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
        else
          cairo_set_source_rgba (cr, 0, 0, 0, 0.78);
        cairo_show_glyphs (cr, (cairo_glyph_t *) g->glyphs->data, (int) g->glyphs->len);
        g_array_unref (g->glyphs);
      }
  for (guint o = 0; o < MAX_ORDER_MARKS; o++)
    for (guint c = 0; c < MA_MAP_MAX_CATEGORIES; c++)
      if (shaped[o][c].glyphs)
        cairo_glyph_free (shaped[o][c].glyphs);
  cairo_destroy (cr);
}
