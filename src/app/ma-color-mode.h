/* ma-color-mode.h: what the map's colours mean, and their legends
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

/**
 * MaColorMode:
 * @MA_COLOR_MODE_STATE: free (by block order), kernel, slab, page tables, user anonymous, page
 *   cache, per-CPU lists, reserved, holes
 * @MA_COLOR_MODE_MIGRATETYPE: the migratetype of each frame's pageblock; free frames lighter
 * @MA_COLOR_MODE_ORDER: the order of the buddy block holding each frame
 *
 * What the colour of a frame tells. Registered as an enum type with the nicks "state",
 * "migratetype" and "order", for GSettings and the command line.
 */
typedef enum
{
  MA_COLOR_MODE_STATE,
  MA_COLOR_MODE_MIGRATETYPE,
  MA_COLOR_MODE_ORDER,
} MaColorMode;

#define MA_N_COLOR_MODES 3

#define MA_TYPE_COLOR_MODE (ma_color_mode_get_type ())
GType ma_color_mode_get_type (void) G_GNUC_CONST;

/**
 * MaLegendEntry:
 * @label: what the colour means, translated
 * @color: the colour, in the style asked for
 * @pattern_hint: (nullable): the pattern or mark that tells the category apart without colour,
 *   translated ("hatched", "letter K", "block order"); %NULL if none
 *
 * One line of a legend.
 */
typedef struct
{
  const char *label;
  GdkRGBA     color;
  const char *pattern_hint;
} MaLegendEntry;

const MaLegendEntry *ma_color_mode_get_legend (MaColorMode  mode,
                                               gboolean     dark,
                                               guint       *n_entries);
const char          *ma_color_mode_get_title  (MaColorMode  mode);

G_END_DECLS
