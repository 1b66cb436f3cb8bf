/* ma-map-overlay.h: outlines and labels drawn over the map's picture
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

#include "ma-map-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  MA_MAP_OVERLAY_RECT,      /* a filled rectangle; lines are thin ones */
  MA_MAP_OVERLAY_ROUNDED,   /* a filled rounded rectangle: a label's background */
  MA_MAP_OVERLAY_TEXT,      /* a Pango layout with its top-left corner at (x, y) */
} MaMapOverlayKind;

/**
 * MaMapOverlayItem:
 *
 * One thing to draw over the picture, in the view's logical pixels: as a list so that the
 * widget draws it with render nodes and export with cairo.
 */
typedef struct
{
  MaMapOverlayKind  kind;
  double            x;
  double            y;
  double            width;
  double            height;
  double            radius;
  double            rgba[4];
  PangoLayout      *layout;
} MaMapOverlayItem;

GArray *ma_map_overlay_build (MaMapRenderer *renderer,
                              MaViewport    *viewport,
                              PangoContext  *context);
void    ma_map_overlay_draw  (MaMapRenderer *renderer,
                              MaViewport    *viewport,
                              cairo_t       *cr);

G_END_DECLS
