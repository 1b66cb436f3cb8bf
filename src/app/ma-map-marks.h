/* ma-map-marks.h: the letters and digits drawn in blocks at fine zoom
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "ma-map-summary.h"

G_BEGIN_DECLS

/* Frames at least this many device pixels wide get marks. */
#define MA_MAP_MARK_MIN_ZOOM 14.0

void ma_map_marks_draw (MaFrameLayout   *layout,
                        MaMapSummary    *summary,
                        gboolean         dark,
                        cairo_surface_t *target,
                        int              x,
                        int              y,
                        double           view_width,
                        double           view_height,
                        double           zoom,
                        double           origin_x,
                        double           origin_y);

G_END_DECLS
