/* ma-map-export.h: the map's view as a PNG or SVG file
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ma-map-renderer.h"

G_BEGIN_DECLS

/**
 * MaMapExportFormat:
 * @MA_MAP_EXPORT_PNG: a bitmap, one pixel per pixel of the view
 * @MA_MAP_EXPORT_SVG: vector outlines and labels over the picture at the detail shown
 *
 * The file formats of an exported view.
 */
typedef enum
{
  MA_MAP_EXPORT_PNG,
  MA_MAP_EXPORT_SVG,
} MaMapExportFormat;

gboolean ma_map_renderer_export (MaMapRenderer     *renderer,
                                 MaViewport        *viewport,
                                 MaMapExportFormat  format,
                                 const char        *path,
                                 GError           **error);
gboolean ma_map_export_png      (MaMachine         *machine,
                                 MaViewport        *viewport,
                                 MaColorMode        mode,
                                 gboolean           dark,
                                 const char        *path,
                                 GError           **error);
gboolean ma_map_export_svg      (MaMachine         *machine,
                                 MaViewport        *viewport,
                                 MaColorMode        mode,
                                 gboolean           dark,
                                 const char        *path,
                                 GError           **error);

G_END_DECLS
