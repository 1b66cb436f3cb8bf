/* ma-map-palette.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours: the categorical hues are Okabe and Ito's palette (orange, sky blue, bluish green,
 * yellow, blue, vermillion, reddish purple), designed to stay apart for the common forms of
 * colour blindness; each was checked with a CIEDE2000 distance after simulating protanopia,
 * deuteranopia and tritanopia (Machado 2009) in both styles. Free memory is a ramp of one hue
 * by block order, fragmented (small) blocks the most saturated, so fragmentation stands out and
 * large free areas stay calm. The order mode is a single-hue sequential ramp (ColorBrewer's
 * YlOrBr) for free blocks, spread over orders 0–10 so that the largest blocks of any machine are
 * the calmest, against blue-greys for allocated ones. Holes and reserved frames are
 * hatched in opposite directions and every category has a mark drawn in its blocks at fine
 * zoom, so nothing depends on colour alone.
 */
#define G_LOG_DOMAIN "ma-map-palette"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-map-palette.h"

enum
{
  GROUP_USED,
  GROUP_FREE,
  GROUP_UNAVAILABLE,
};

static const MaMapCategory state_categories[] = {
  { N_("Free, order 0–3"), N_("block order"), NULL, GROUP_FREE, 0, 0x1E9E75, 0x4CD3A4 },
  { N_("Free, order 4–8"), N_("block order"), NULL, GROUP_FREE, 0, 0x7CCBA8, 0x2C8A6A },
  { N_("Free, order 9 and above"), N_("block order"), NULL, GROUP_FREE, 0, 0xC9EBDB, 0x1D5646 },
  { N_("Per-CPU lists"), N_("letter P"), "P", GROUP_FREE, 0, 0xF0E442, 0xF0E442 },
  { N_("Kernel"), N_("letter K"), "K", GROUP_USED, 0, 0xD55E00, 0xE8702A },
  { N_("Slab"), N_("letter S"), "S", GROUP_USED, 0, 0xE69F00, 0xE6A317 },
  { N_("Page tables"), N_("letter T"), "T", GROUP_USED, 0, 0xCC79A7, 0xD98BB7 },
  { N_("User anonymous"), N_("letter A"), "A", GROUP_USED, 0, 0x0072B2, 0x2D8FD5 },
  { N_("Page cache"), N_("letter F"), "F", GROUP_USED, 0, 0x56B4E9, 0x8ACFF2 },
  /* A snapshot without kpageflags says how much is in use, not by whom: a neutral slate,
   * darker than every free shade, so that used and free read apart at a glance. */
  { N_("In use, owner unknown"), N_("question mark"), "?", GROUP_USED, 0, 0x5D6D7E, 0x8E9BAA },
  { N_("Reserved"), N_("hatched, falling"), "", GROUP_UNAVAILABLE, MA_MAP_PATTERN_BACK_HATCH,
    0x8C8C8C, 0x646464 },
  { N_("Hole"), N_("hatched, rising"), "", GROUP_UNAVAILABLE, MA_MAP_PATTERN_HATCH,
    0xB4B4B4, 0x5A5A5A },
};

/* Pairs per migratetype: used, then free (a tint towards the background). */
static const MaMapCategory mt_categories[] = {
  { N_("Unmovable"), N_("letter U"), "U", 0, 0, 0xD55E00, 0xE8702A },
  { N_("Unmovable, free"), N_("letter u"), "u", 0, 0, 0xEFC29E, 0x6F3F23 },
  { N_("Movable"), N_("letter M"), "M", 1, 0, 0x0072B2, 0x2D8FD5 },
  { N_("Movable, free"), N_("letter m"), "m", 1, 0, 0x9EC9E2, 0x244B67 },
  { N_("Reclaimable"), N_("letter E"), "E", 2, 0, 0xE69F00, 0xE6A317 },
  { N_("Reclaimable, free"), N_("letter e"), "e", 2, 0, 0xF6DB9E, 0x6E531B },
  { N_("High-order atomic"), N_("letter H"), "H", 3, 0, 0xCC79A7, 0xD98BB7 },
  { N_("High-order atomic, free"), N_("letter h"), "h", 3, 0, 0xECCCDE, 0x694A5B },
  { N_("CMA"), N_("letter C"), "C", 4, 0, 0x009E73, 0x2DB58A },
  { N_("CMA, free"), N_("letter c"), "c", 4, 0, 0x9EDACA, 0x245A49 },
  { N_("Isolated"), N_("letter I"), "I", 5, 0, 0xF0E442, 0xF0E442 },
  { N_("Isolated, free"), N_("letter i"), "i", 5, 0, 0xF9F5B7, 0x726D2C },
  { N_("Reserve (before Linux 4.4)"), N_("letter X"), "X", 6, 0, 0x332288, 0xC9B8F0 },
  { N_("Reserve, free"), N_("letter x"), "x", 6, 0, 0xB3ACD6, 0x5B5470 },
  { N_("Reserved"), N_("hatched, falling"), "", 7, MA_MAP_PATTERN_BACK_HATCH,
    0x8C8C8C, 0x646464 },
  { N_("Hole"), N_("hatched, rising"), "", 7, MA_MAP_PATTERN_HATCH, 0xB4B4B4, 0x5A5A5A },
};

static const MaMapCategory order_categories[] = {
  { N_("Free, order 0"), N_("digit"), NULL, GROUP_FREE, 0, 0x662506, 0xFFF7BC },
  { N_("Free, order 1"), N_("digit"), NULL, GROUP_FREE, 0, 0x8C2D04, 0xFEEA9C },
  { N_("Free, order 2"), N_("digit"), NULL, GROUP_FREE, 0, 0xB13D04, 0xFED676 },
  { N_("Free, order 3"), N_("digit"), NULL, GROUP_FREE, 0, 0xCC4C02, 0xFEBC4D },
  { N_("Free, order 4"), N_("digit"), NULL, GROUP_FREE, 0, 0xE8650F, 0xFC9E33 },
  { N_("Free, order 5"), N_("digit"), NULL, GROUP_FREE, 0, 0xF88B22, 0xF07E1F },
  { N_("Free, order 6"), N_("digit"), NULL, GROUP_FREE, 0, 0xFDAE3F, 0xD96413 },
  { N_("Free, order 7"), N_("digit"), NULL, GROUP_FREE, 0, 0xFEC962, 0xB84D0C },
  { N_("Free, order 8"), N_("digit"), NULL, GROUP_FREE, 0, 0xFEE08A, 0x8E3A09 },
  { N_("Free, order 9"), N_("digit"), NULL, GROUP_FREE, 0, 0xFFEEA8, 0x6A2C08 },
  { N_("Free, order 10"), N_("digit"), NULL, GROUP_FREE, 0, 0xFFF7C4, 0x4D2107 },
  { N_("Free, order 11"), N_("digit"), NULL, GROUP_FREE, 0, 0xFFFAD6, 0x431D07 },
  { N_("Free, order 12"), N_("digit"), NULL, GROUP_FREE, 0, 0xFFFCE3, 0x3A1906 },
  { N_("Free, order 13"), N_("digit"), NULL, GROUP_FREE, 0, 0xFFFEEE, 0x321605 },
  { N_("Allocated, order 0"), N_("digit"), NULL, GROUP_USED, 0, 0x8EA3BF, 0xB7C7DD },
  { N_("Allocated, order 1–8"), N_("digit"), NULL, GROUP_USED, 0, 0x5577A3, 0x7F9DC4 },
  { N_("Allocated, order 9 and above"), N_("digit"), NULL, GROUP_USED, 0, 0x24466F, 0x4E73A8 },
  { N_("Per-CPU lists"), N_("letter P"), "P", GROUP_FREE, 0, 0x009E73, 0x2DB58A },
  { N_("Reserved"), N_("hatched, falling"), "", GROUP_UNAVAILABLE, MA_MAP_PATTERN_BACK_HATCH,
    0x8C8C8C, 0x646464 },
  { N_("Hole"), N_("hatched, rising"), "", GROUP_UNAVAILABLE, MA_MAP_PATTERN_HATCH,
    0xB4B4B4, 0x5A5A5A },
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_categories) == MA_MAP_N_STATE);
G_STATIC_ASSERT (G_N_ELEMENTS (mt_categories) == MA_MAP_N_MT);
G_STATIC_ASSERT (G_N_ELEMENTS (order_categories) == MA_MAP_N_ORDER);
G_STATIC_ASSERT (MA_MAP_N_ORDER <= MA_MAP_MAX_CATEGORIES);

static const MaMapPalette palettes[MA_N_COLOR_MODES] = {
  { MA_COLOR_MODE_STATE, MA_MAP_N_STATE, 3, state_categories },
  { MA_COLOR_MODE_MIGRATETYPE, MA_MAP_N_MT, 8, mt_categories },
  { MA_COLOR_MODE_ORDER, MA_MAP_N_ORDER, 3, order_categories },
};

const MaMapPalette *
ma_map_palette_get (MaColorMode mode)
{
  g_return_val_if_fail (mode < MA_N_COLOR_MODES, &palettes[0]);
  return &palettes[mode];
}

/*
 * The colour of a cell that covers many frames: a hierarchical majority.
 *
 * Averaging the colours of thousands of frames (even in linear light) paints colours that are
 * in no legend: half anonymous memory and half free becomes a teal that means nothing, and a
 * whole machine turns to mud. The majority category (what cartographers use to shrink land-cover
 * maps) always paints a legend colour, but a plain majority can lie about what matters most:
 * 40 % free, 35 % anonymous and 25 % page cache would be painted free although 60 % is in use.
 * So the vote has two rounds: first the group with the most frames (in use, free, unavailable;
 * or the pageblock's migratetype), then the category with the most frames inside that group.
 * Ties go to the first group and category in the table: in use before free, and small free
 * blocks (fragmentation) before large ones. Frames not computed yet vote as a group of their
 * own, so a half-built summary shows its gaps honestly.
 *
 * @counts holds n_categories counts, then the pending count.
 */
guint8
ma_map_palette_pick (const MaMapPalette *palette,
                     const guint32      *counts)
{
  guint64 group_sum[MA_MAP_MAX_CATEGORIES + 1] = { 0, };
  guint best_group = 0, best = MA_MAP_CAT_NONE;
  guint64 best_sum = 0;
  guint32 best_count = 0;

  for (guint c = 0; c < palette->n_categories; c++)
    group_sum[palette->categories[c].group] += counts[c];
  group_sum[palette->n_groups] = counts[palette->n_categories];

  for (guint g = 0; g <= palette->n_groups; g++)
    if (group_sum[g] > best_sum)
      {
        best_sum = group_sum[g];
        best_group = g;
      }
  if (best_sum == 0)
    return MA_MAP_CAT_NONE;
  if (best_group == palette->n_groups)
    return MA_MAP_CAT_PENDING;

  for (guint c = 0; c < palette->n_categories; c++)
    if (palette->categories[c].group == best_group && counts[c] > best_count)
      {
        best_count = counts[c];
        best = c;
      }
  return (guint8) best;
}

static guint32
opaque (guint32 rgb)
{
  return 0xff000000u | rgb;
}

/* Premultiplied ARGB, as cairo's CAIRO_FORMAT_ARGB32 stores it. */
guint32
ma_map_palette_argb (const MaMapPalette *palette,
                     guint               category,
                     gboolean            dark)
{
  if (category == MA_MAP_CAT_NONE)
    return 0;
  if (category == MA_MAP_CAT_PENDING)
    return ma_map_palette_pending_argb (dark);
  g_return_val_if_fail (category < palette->n_categories, 0);
  return opaque (dark ? palette->categories[category].dark : palette->categories[category].light);
}

static guint32
shade (guint32 rgb,
       double  f)
{
  guint r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

  r = (guint) CLAMP (r * f, 0, 255);
  g = (guint) CLAMP (g * f, 0, 255);
  b = (guint) CLAMP (b * f, 0, 255);
  return (r << 16) | (g << 8) | b;
}

/* The second colour of a hatched category: its stripes. */
guint32
ma_map_palette_stripe_argb (const MaMapPalette *palette,
                            guint               category,
                            gboolean            dark)
{
  guint32 base = ma_map_palette_argb (palette, category, dark) & 0xffffff;

  return opaque (dark ? shade (base, 1.35) : shade (base, 0.8));
}

guint32
ma_map_palette_background_argb (gboolean dark)
{
  return opaque (dark ? 0x242424 : 0xfafafa);
}

guint32
ma_map_palette_pending_argb (gboolean dark)
{
  return opaque (dark ? 0x323232 : 0xe6e6e6);
}
