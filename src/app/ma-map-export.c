/* ma-map-export.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export draws exactly what the view shows, through the renderer the widget uses: the frames as
 * one image at the level of detail on screen (never one shape per frame, which would make an SVG
 * of a large view millions of elements long), the outlines and labels as vectors over it.
 */
#define G_LOG_DOMAIN "ma-map-export"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <cairo-svg.h>

#include "ma-map-export.h"

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  g_autofree char *display = NULL;

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR,
               status == CAIRO_STATUS_NO_MEMORY ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
               _("Could not write the map to “%s”: %s"), display,
               cairo_status_to_string (status));
  return FALSE;
}

/**
 * ma_map_renderer_export:
 * @renderer: the renderer of the machine, in the colour mode and style wanted
 * @viewport: the view to export; its size is the picture's size in pixels
 * @format: PNG or SVG
 * @path: (type filename): the file to write
 * @error: where to put an error
 *
 * Writes the view to a file, complete (summaries brought up to date first).
 *
 * Returns: %TRUE on success
 */
gboolean
ma_map_renderer_export (MaMapRenderer     *renderer,
                        MaViewport        *viewport,
                        MaMapExportFormat  format,
                        const char        *path,
                        GError           **error)
{
  int width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (MA_IS_MAP_RENDERER (renderer), FALSE);
  g_return_val_if_fail (MA_IS_VIEWPORT (viewport), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  width = MAX (1, (int) ceil (ma_viewport_get_width (viewport)));
  height = MAX (1, (int) ceil (ma_viewport_get_height (viewport)));
  if (format == MA_MAP_EXPORT_SVG)
    surface = cairo_svg_surface_create (path, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (!check_status (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  ma_map_renderer_render (renderer, cr, viewport);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == MA_MAP_EXPORT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, path, error);
}

static gboolean
export (MaMachine          *machine,
        MaViewport         *viewport,
        MaColorMode         mode,
        gboolean            dark,
        MaMapExportFormat   format,
        const char         *path,
        GError            **error)
{
  g_autoptr(MaMapRenderer) renderer = NULL;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);

  renderer = ma_map_renderer_new (machine);
  ma_map_renderer_set_color_mode (renderer, mode);
  ma_map_renderer_set_dark (renderer, dark);
  return ma_map_renderer_export (renderer, viewport, format, path, error);
}

/**
 * ma_map_export_png:
 * @machine: the machine
 * @viewport: the view; its size is the picture's size in pixels
 * @mode: the colour mode
 * @dark: whether to use the dark style's colours
 * @path: (type filename): the file to write
 * @error: where to put an error
 *
 * Writes a PNG of the view. The map widget's own renderer is faster for a large machine
 * (ma_map_view_export()): this one reads the whole machine first.
 *
 * Returns: %TRUE on success
 */
gboolean
ma_map_export_png (MaMachine   *machine,
                   MaViewport  *viewport,
                   MaColorMode  mode,
                   gboolean     dark,
                   const char  *path,
                   GError     **error)
{
  return export (machine, viewport, mode, dark, MA_MAP_EXPORT_PNG, path, error);
}

/**
 * ma_map_export_svg:
 * @machine: the machine
 * @viewport: the view; its size is the picture's size in points
 * @mode: the colour mode
 * @dark: whether to use the dark style's colours
 * @path: (type filename): the file to write
 * @error: where to put an error
 *
 * Writes an SVG of the view: the frames as an embedded image at the detail shown, outlines and
 * labels as vectors.
 *
 * Returns: %TRUE on success
 */
gboolean
ma_map_export_svg (MaMachine   *machine,
                   MaViewport  *viewport,
                   MaColorMode  mode,
                   gboolean     dark,
                   const char  *path,
                   GError     **error)
{
  return export (machine, viewport, mode, dark, MA_MAP_EXPORT_SVG, path, error);
}
