/* ma-color-mode.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-color-mode"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-color-mode.h"
#include "ma-map-palette.h"

G_DEFINE_ENUM_TYPE (MaColorMode, ma_color_mode,
                    G_DEFINE_ENUM_VALUE (MA_COLOR_MODE_STATE, "state"),
                    G_DEFINE_ENUM_VALUE (MA_COLOR_MODE_MIGRATETYPE, "migratetype"),
                    G_DEFINE_ENUM_VALUE (MA_COLOR_MODE_ORDER, "order"))

static void
rgb_to_gdk (guint32  rgb,
            GdkRGBA *out)
{
  out->red = ((rgb >> 16) & 0xff) / 255.f;
  out->green = ((rgb >> 8) & 0xff) / 255.f;
  out->blue = (rgb & 0xff) / 255.f;
  out->alpha = 1.f;
}

static MaLegendEntry *
build_legend (MaColorMode mode,
              gboolean    dark)
{
  const MaMapPalette *palette = ma_map_palette_get (mode);
  MaLegendEntry *entries = g_new0 (MaLegendEntry, palette->n_categories);

  for (guint i = 0; i < palette->n_categories; i++)
    {
      const MaMapCategory *c = &palette->categories[i];

      entries[i].label = _(c->label);
      entries[i].pattern_hint = c->pattern_hint ? _(c->pattern_hint) : NULL;
      rgb_to_gdk (dark ? c->dark : c->light, &entries[i].color);
    }
  return entries;
}

/**
 * ma_color_mode_get_legend:
 * @mode: a colour mode
 * @dark: whether the colours are for the dark style
 * @n_entries: (out): the number of entries
 *
 * The legend of @mode: one entry per category the map can colour, in the order a legend lists
 * them. The order mode lists the orders of every architecture (up to 13); a machine uses the
 * first ma_machine_get_nr_orders() of them.
 *
 * Returns: (array length=n_entries) (transfer none): the entries, owned by the map
 */
const MaLegendEntry *
ma_color_mode_get_legend (MaColorMode  mode,
                          gboolean     dark,
                          guint       *n_entries)
{
  static MaLegendEntry *legends[MA_N_COLOR_MODES][2];
  static gsize initialized;

  g_return_val_if_fail (mode < MA_N_COLOR_MODES, NULL);
  g_return_val_if_fail (n_entries != NULL, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint m = 0; m < MA_N_COLOR_MODES; m++)
        for (guint d = 0; d < 2; d++)
          legends[m][d] = build_legend (m, d);
      g_once_init_leave (&initialized, 1);
    }

  *n_entries = ma_map_palette_get (mode)->n_categories;
  return legends[mode][dark ? 1 : 0];
}

/**
 * ma_color_mode_get_title:
 * @mode: a colour mode
 *
 * Returns: a short translated name of @mode, for menus and legends
 */
const char *
ma_color_mode_get_title (MaColorMode mode)
{
  switch (mode)
    {
    case MA_COLOR_MODE_STATE:
      return _("State and owner");
    case MA_COLOR_MODE_MIGRATETYPE:
      return _("Pageblock migratetype");
    case MA_COLOR_MODE_ORDER:
      return _("Buddy block order");
    default:
      g_return_val_if_reached (NULL);
    }
}
