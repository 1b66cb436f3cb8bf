/* ma-map-palette.h: the categories a frame falls in for each colour mode, and their colours
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map's own table, without GTK: the classifier sorts frames into these categories, the
 * summaries count them, the renderer colours them and ma-color-mode.c makes legends of them.
 */
#pragma once

#include <glib.h>

#include "ma-color-mode.h"

G_BEGIN_DECLS

#define MA_MAP_MAX_CATEGORIES 24

/* Two category values beyond a mode's own: not computed yet, and outside every zone. */
#define MA_MAP_CAT_PENDING 254
#define MA_MAP_CAT_NONE    255

/* MA_COLOR_MODE_STATE */
enum
{
  MA_MAP_STATE_FREE_SMALL,
  MA_MAP_STATE_FREE_MEDIUM,
  MA_MAP_STATE_FREE_LARGE,
  MA_MAP_STATE_PCP,
  MA_MAP_STATE_KERNEL,
  MA_MAP_STATE_SLAB,
  MA_MAP_STATE_PAGETABLE,
  MA_MAP_STATE_ANON,
  MA_MAP_STATE_CACHE,
  MA_MAP_STATE_UNKNOWN,       /* in use, owner unknown: what a snapshot says of used pages */
  MA_MAP_STATE_RESERVED,
  MA_MAP_STATE_HOLE,
  MA_MAP_N_STATE
};

/* MA_COLOR_MODE_MIGRATETYPE: 2 × migratetype (+ 1 when free), then these two. */
enum
{
  MA_MAP_MT_RESERVED = 14,
  MA_MAP_MT_HOLE,
  MA_MAP_N_MT
};

/* MA_COLOR_MODE_ORDER: free blocks are their order (0–13), then these. */
enum
{
  MA_MAP_ORDER_ALLOC_0 = 14,
  MA_MAP_ORDER_ALLOC_SMALL,   /* orders 1–8 */
  MA_MAP_ORDER_ALLOC_HUGE,    /* orders 9 and above */
  MA_MAP_ORDER_PCP,
  MA_MAP_ORDER_RESERVED,
  MA_MAP_ORDER_HOLE,
  MA_MAP_N_ORDER
};

typedef enum
{
  MA_MAP_PATTERN_NONE,
  MA_MAP_PATTERN_HATCH,        /* stripes rising to the right */
  MA_MAP_PATTERN_BACK_HATCH,   /* stripes falling to the right */
} MaMapPattern;

typedef struct
{
  const char *label;          /* N_() */
  const char *pattern_hint;   /* N_(), or NULL */
  const char *mark;           /* drawn in blocks at fine zoom; NULL: the block's order */
  guint8      group;          /* see ma_map_palette_pick() */
  guint8      pattern;        /* MaMapPattern */
  guint32     light;          /* 0xRRGGBB on a light background */
  guint32     dark;           /* 0xRRGGBB on a dark background */
} MaMapCategory;

typedef struct
{
  MaColorMode          mode;
  guint                n_categories;
  guint                n_groups;
  const MaMapCategory *categories;
} MaMapPalette;

const MaMapPalette *ma_map_palette_get             (MaColorMode         mode);
guint8              ma_map_palette_pick            (const MaMapPalette *palette,
                                                    const guint32      *counts);
guint32             ma_map_palette_argb            (const MaMapPalette *palette,
                                                    guint               category,
                                                    gboolean            dark);
guint32             ma_map_palette_stripe_argb     (const MaMapPalette *palette,
                                                    guint               category,
                                                    gboolean            dark);
guint32             ma_map_palette_background_argb (gboolean            dark);
guint32             ma_map_palette_pending_argb    (gboolean            dark);

G_END_DECLS
