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
#include "ma-procfs-reader.h"

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

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * ma_map_renderer_export:
 * @renderer: the renderer of the machine, in the colour mode and style wanted
 * @viewport: the view to export; its size is the picture's size in pixels
 * @format: PNG or SVG
 * @path: (type filename): the file to write
 * @error: where to put an error
 *
 * Writes the view to a file, complete (summaries brought up to date first). The picture is
 * made in memory (a few MiB: one image at the view's size) and written beside @path, then
 * renamed over it: a failed export leaves an earlier file of that name as it was.
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
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  int width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (MA_IS_MAP_RENDERER (renderer), FALSE);
  g_return_val_if_fail (MA_IS_VIEWPORT (viewport), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* a folder or a device is refused before anything is drawn */
  if (!ma_procfs_check_output (path, &local_error))
    {
      /* TRANSLATORS: %s names the file and says what is wrong with it */
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write the map: %s"), local_error->message);
      return FALSE;
    }
  width = MAX (1, (int) ceil (ma_viewport_get_width (viewport)));
  height = MAX (1, (int) ceil (ma_viewport_get_height (viewport)));
  if (format == MA_MAP_EXPORT_SVG)
    surface = cairo_svg_surface_create_for_stream (append_cb, bytes, width, height);
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
    status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, path, error))
    return FALSE;
  if (!ma_procfs_write_file (path, bytes->data, bytes->len, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write the map: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
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
