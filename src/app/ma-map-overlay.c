/* ma-map-overlay.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels follow the view like sticky headers: a zone's label sits at the top-left corner of the
 * part of the zone on screen, so it stays readable however far one zooms into the zone; a node's
 * label sits above its first zone's. A label that does not fit its zone drops its size, then
 * itself. Outlines are drawn just outside the zones, never over frames.
 */
#define G_LOG_DOMAIN "ma-map-overlay"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ma-map-overlay.h"
#include "ma-map-palette.h"

#define PAD_X 6.0
#define PAD_Y 2.0
#define MARGIN 4.0

static void
clear_item (gpointer data)
{
  MaMapOverlayItem *item = data;

  g_clear_object (&item->layout);
}

static void
set_rgba (MaMapOverlayItem *item,
          double            r,
          double            g,
          double            b,
          double            a)
{
  item->rgba[0] = r;
  item->rgba[1] = g;
  item->rgba[2] = b;
  item->rgba[3] = a;
}

static void
add_rect (GArray       *items,
          double        x,
          double        y,
          double        w,
          double        h,
          const double *rgba)
{
  MaMapOverlayItem item = { MA_MAP_OVERLAY_RECT, x, y, w, h, 0, { rgba[0], rgba[1], rgba[2],
                                                                  rgba[3] }, NULL };

  g_array_append_val (items, item);
}

/* The outline of a zone's tiles, as thin rectangles just outside it. */
static void
add_outline (GArray        *items,
             MaFrameLayout *layout,
             MaViewport    *viewport,
             guint          zone,
             const double  *rgba)
{
  double xy[12];
  guint n = ma_frame_layout_zone_outline (layout, zone, xy);
  double px[6], py[6];

  for (guint i = 0; i < n; i++)
    ma_viewport_map_to_pixel (viewport, xy[2 * i], xy[2 * i + 1], &px[i], &py[i]);

  /* Edges go clockwise from the top-left corner; the outline sits one pixel outside. */
  for (guint i = 0; i < n; i++)
    {
      double x0 = px[i], y0 = py[i], x1 = px[(i + 1) % n], y1 = py[(i + 1) % n];

      if (y0 == y1)
        {
          double y = x1 > x0 ? y0 - 1 : y0;

          add_rect (items, MIN (x0, x1) - 1, y, fabs (x1 - x0) + 2, 1, rgba);
        }
      else
        {
          double x = y1 > y0 ? x0 : x0 - 1;

          add_rect (items, x, MIN (y0, y1), 1, fabs (y1 - y0), rgba);
        }
    }
}

static PangoLayout *
make_label (PangoContext *context,
            const char   *name,
            const char   *detail,
            double       *out_w,
            double       *out_h)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  g_autofree char *markup = detail
    ? g_markup_printf_escaped ("<b>%s</b>  %s", name, detail)
    : g_markup_printf_escaped ("<b>%s</b>", name);
  int w, h;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  *out_w = w + 2 * PAD_X;
  *out_h = h + 2 * PAD_Y;
  return layout;
}

static void
add_label (GArray       *items,
           PangoLayout  *layout,
           double        x,
           double        y,
           double        w,
           double        h,
           gboolean      dark,
           gboolean      warning)
{
  MaMapOverlayItem rim = { MA_MAP_OVERLAY_ROUNDED, x - 1, y - 1, w + 2, h + 2, h / 2 + 1, { 0, },
                           NULL };
  MaMapOverlayItem bg = { MA_MAP_OVERLAY_ROUNDED, x, y, w, h, h / 2, { 0, }, NULL };
  MaMapOverlayItem text = { MA_MAP_OVERLAY_TEXT, x + PAD_X, y + PAD_Y, w - 2 * PAD_X,
                            h - 2 * PAD_Y, 0, { 0, }, layout };

  if (warning)
    set_rgba (&bg, 0.96, 0.76, 0.07, 0.95);
  else if (dark)
    set_rgba (&bg, 0.12, 0.12, 0.12, 0.86);
  else
    set_rgba (&bg, 1, 1, 1, 0.88);
  if (warning || !dark)
    set_rgba (&text, 0, 0, 0, 0.85);
  else
    set_rgba (&text, 1, 1, 1, 0.92);
  /* A faint rim keeps the label apart from a background of its own colour. */
  if (dark)
    set_rgba (&rim, 1, 1, 1, 0.16);
  else
    set_rgba (&rim, 0, 0, 0, 0.18);
  g_array_append_val (items, rim);
  g_array_append_val (items, bg);
  g_array_append_val (items, text);
}

/* Whether a label at (x, y, w, h) would cover one already placed. */
static gboolean
overlaps (GArray *items,
          double  x,
          double  y,
          double  w,
          double  h)
{
  for (guint i = 0; i < items->len; i++)
    {
      const MaMapOverlayItem *item = &g_array_index (items, MaMapOverlayItem, i);

      if (item->kind == MA_MAP_OVERLAY_ROUNDED
          && x < item->x + item->width && item->x < x + w
          && y < item->y + item->height && item->y < y + h)
        return TRUE;
    }
  return FALSE;
}

static char *
format_pages (MaMachine *machine,
              guint64    pages)
{
  return g_format_size_full (pages << ma_machine_get_page_shift (machine),
                             G_FORMAT_SIZE_IEC_UNITS);
}

/* Places a label at the top-left of the visible part of a rectangle; FALSE if it does not fit. */
static gboolean
place (double  rx,
       double  ry,
       double  rw,
       double  rh,
       double  view_w,
       double  view_h,
       double  top,
       double  w,
       double  h,
       double *out_x,
       double *out_y)
{
  double x0 = MAX (rx, 0), y0 = MAX (ry, 0) + top;
  double x1 = MIN (rx + rw, view_w), y1 = MIN (ry + rh, view_h);

  if (x1 - x0 < w + 2 * MARGIN || y1 - y0 < h + 2 * MARGIN)
    return FALSE;
  *out_x = x0 + MARGIN;
  *out_y = y0 + MARGIN;
  return TRUE;
}

/* As place(), moving down past the labels already placed. */
static gboolean
place_free (GArray *items,
            double  rx,
            double  ry,
            double  rw,
            double  rh,
            double  view_w,
            double  view_h,
            double  top,
            double  w,
            double  h,
            double *out_x,
            double *out_y)
{
  for (guint tries = 0; tries < 8; tries++)
    {
      gboolean moved = FALSE;

      if (!place (rx, ry, rw, rh, view_w, view_h, top, w, h, out_x, out_y))
        return FALSE;
      for (guint i = 0; i < items->len && !moved; i++)
        {
          const MaMapOverlayItem *item = &g_array_index (items, MaMapOverlayItem, i);

          if (item->kind == MA_MAP_OVERLAY_ROUNDED
              && *out_x < item->x + item->width && item->x < *out_x + w
              && *out_y < item->y + item->height && item->y < *out_y + h)
            {
              top += item->y + item->height + 2 - *out_y;
              moved = TRUE;
            }
        }
      if (!moved)
        return TRUE;
    }
  return FALSE;
}

/**
 * ma_map_overlay_build:
 * @context: measures and lays out the labels
 *
 * Returns: (transfer full) (element-type MaMapOverlayItem): what to draw over the picture of
 *   @viewport, bottom to top
 */
GArray *
ma_map_overlay_build (MaMapRenderer *renderer,
                      MaViewport    *viewport,
                      PangoContext  *context)
{
  MaFrameLayout *layout = ma_map_renderer_get_layout (renderer);
  MaMachine *machine = ma_map_renderer_get_machine (renderer);
  gboolean dark = ma_map_renderer_get_dark (renderer);
  double view_w = ma_viewport_get_width (viewport), view_h = ma_viewport_get_height (viewport);
  double outline[4] = { dark ? 1 : 0, dark ? 1 : 0, dark ? 1 : 0, dark ? 0.35 : 0.3 };
  GArray *items = g_array_new (FALSE, TRUE, sizeof (MaMapOverlayItem));

  g_array_set_clear_func (items, clear_item);

  for (guint zi = 0; zi < ma_frame_layout_get_n_zones (layout); zi++)
    add_outline (items, layout, viewport, zi, outline);

  for (guint ni = 0; ni < ma_frame_layout_get_n_nodes (layout); ni++)
    {
      const MaLayoutNode *node = ma_frame_layout_get_node (layout, ni);
      const MaLayoutZone *first = ma_frame_layout_get_zone (layout, node->first_zone);
      const MaLayoutZone *last = ma_frame_layout_get_zone (layout,
                                                           node->first_zone + node->n_zones - 1);
      g_autofree char *name = g_strdup_printf (_("Node %u"), ma_node_get_id (node->node));
      g_autofree char *node_size = format_pages (machine, ma_node_get_present (node->node));
      double nx, ny, nx1, ny1, lx, ly, w, h;
      PangoLayout *label;

      ma_viewport_map_to_pixel (viewport, first->rect.x, node->rect.y, &nx, &ny);
      ma_viewport_map_to_pixel (viewport, last->rect.x + last->rect.width,
                                node->rect.y + node->rect.height, &nx1, &ny1);
      if (nx1 <= 0 || ny1 <= 0 || nx >= view_w || ny >= view_h)
        continue;

      label = make_label (context, name, node_size, &w, &h);
      if (place (nx, ny, nx1 - nx, ny1 - ny, view_w, view_h, 0, w, h, &lx, &ly))
        add_label (items, label, lx, ly, w, h, dark, FALSE);
      else
        g_object_unref (label);

      for (guint zi = node->first_zone; zi < node->first_zone + node->n_zones; zi++)
        {
          const MaLayoutZone *z = ma_frame_layout_get_zone (layout, zi);
          g_autofree char *size = format_pages (machine, ma_zone_get_present (z->zone));
          double rx, ry, rx1, ry1, top = 0;

          ma_viewport_map_to_pixel (viewport, z->rect.x, z->rect.y, &rx, &ry);
          ma_viewport_map_to_pixel (viewport, z->rect.x + z->rect.width,
                                    z->rect.y + z->rect.height, &rx1, &ry1);
          if (rx1 <= 0 || ry1 <= 0 || rx >= view_w || ry >= view_h)
            continue;

          label = make_label (context, ma_zone_get_name (z->zone), size, &w, &h);
          if (place_free (items, rx, ry, rx1 - rx, ry1 - ry, view_w, view_h, top, w, h, &lx, &ly))
            {
              add_label (items, label, lx, ly, w, h, dark, FALSE);
              continue;
            }
          g_object_unref (label);
          label = make_label (context, ma_zone_get_name (z->zone), NULL, &w, &h);
          if (place_free (items, rx, ry, rx1 - rx, ry1 - ry, view_w, view_h, top, w, h, &lx, &ly))
            {
              add_label (items, label, lx, ly, w, h, dark, FALSE);
              continue;
            }
          /* Too small to hold its name (DMA next to 1 TiB): the name goes just below it, if
           * nothing is there. */
          lx = MAX (rx, MARGIN);
          ly = ry1 + 2;
          if (ry1 > 0 && ly + h < view_h && ly + h < ny1 && lx + w < view_w
              && !overlaps (items, lx, ly, w, h))
            add_label (items, label, lx, ly, w, h, dark, FALSE);
          else
            g_object_unref (label);
        }
    }

  if (ma_map_renderer_get_reconstructed (renderer))
    {
      double w, h;
      PangoLayout *label = make_label (context, _("Reconstructed"),
                                       _("layout inferred from counts, not read from pages"),
                                       &w, &h);

      add_label (items, label, MAX (MARGIN, view_w - w - 2 * MARGIN), 2 * MARGIN, w, h, dark,
                 TRUE);
    }
  return items;
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/**
 * ma_map_overlay_draw:
 *
 * Draws the overlays of @viewport with cairo (for export).
 */
void
ma_map_overlay_draw (MaMapRenderer *renderer,
                     MaViewport    *viewport,
                     cairo_t       *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  g_autoptr(GArray) items = ma_map_overlay_build (renderer, viewport, context);

  for (guint i = 0; i < items->len; i++)
    {
      const MaMapOverlayItem *item = &g_array_index (items, MaMapOverlayItem, i);

      cairo_set_source_rgba (cr, item->rgba[0], item->rgba[1], item->rgba[2], item->rgba[3]);
      switch (item->kind)
        {
        case MA_MAP_OVERLAY_RECT:
          cairo_rectangle (cr, item->x, item->y, item->width, item->height);
          cairo_fill (cr);
          break;
        case MA_MAP_OVERLAY_ROUNDED:
          rounded_rect (cr, item->x, item->y, item->width, item->height, item->radius);
          cairo_fill (cr);
          break;
        case MA_MAP_OVERLAY_TEXT:
          cairo_move_to (cr, item->x, item->y);
          pango_cairo_show_layout (cr, item->layout);
          break;
        default:
          break;
        }
    }
  g_object_unref (context);
}
