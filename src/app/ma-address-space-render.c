/* ma-address-space-render.c: the address-space view's picture, drawn with cairo
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here depends only on the layout, the kmap state and the palette; the view draws it
 * once into a render node and redraws it only when one of them changed. What follows the pointer
 * or the keyboard (hover, cursor, highlight, the status line) is drawn over it by the view.
 *
 * The colours come from the GNOME palette, a lighter and a darker shade of each, picked per
 * style so that each fill stands out from the window's background in both.
 */
#define G_LOG_DOMAIN "ma-address-space-render"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ma-address-space-render.h"
#include "ma-address-space-text.h"

#define TITLE_PT  9.0
#define LABEL_PT  8.5
#define SMALL_PT  7.5

static void
parse (GdkRGBA    *out,
       gboolean    dark,
       const char *light_color,
       const char *dark_color)
{
  gdk_rgba_parse (out, dark ? dark_color : light_color);
}

void
ma_address_space_palette (gboolean       dark,
                          const GdkRGBA *fg,
                          MaAsPalette   *p)
{
  p->fg = *fg;
  parse (&p->area[MA_VAREA_USER], dark, "#deddda", "#3d3846");
  parse (&p->area[MA_VAREA_DIRECT_MAP], dark, "#8ff0a4", "#26a269");
  p->area[MA_VAREA_UNUSED] = *fg;
  p->area[MA_VAREA_UNUSED].alpha = 0.05;
  parse (&p->area[MA_VAREA_VMALLOC], dark, "#c0bfbc", "#5e5c64");
  parse (&p->area[MA_VAREA_PKMAP], dark, "#62a0ea", "#1c71d8");
  parse (&p->area[MA_VAREA_LDT_REMAP], dark, "#cdab8f", "#865e3c");
  parse (&p->area[MA_VAREA_CPU_ENTRY_AREA], dark, "#b5835a", "#63452c");
  parse (&p->area[MA_VAREA_FIXMAP_BOOT], dark, "#9a9996", "#77767b");
  parse (&p->area[MA_VAREA_FIXMAP], dark, "#cdab8f", "#865e3c");
  parse (&p->area[MA_VAREA_KMAP_SLOTS], dark, "#ffa348", "#c64600");
  p->slot_free = *fg;
  p->slot_free.alpha = 0.08;
  parse (&p->slot_flush, dark, "#f6d32d", "#e5a50a");
  parse (&p->slot_used, dark, "#62a0ea", "#3584e4");
  parse (&p->slot_shared, dark, "#1a5fb4", "#99c1f1");
  parse (&p->atomic, dark, "#ff7800", "#ffa348");
  parse (&p->waiter, dark, "#e01b24", "#f66151");
  parse (&p->highlight, dark, "#9141ac", "#dc8add");
  parse (&p->on_fill, dark, "#000000", "#000000");
  p->on_fill.alpha = 0.85;
}

/* Black or white, whichever reads better on a fill. */
static GdkRGBA
text_on (const GdkRGBA *fill)
{
  double luma = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;
  GdkRGBA out = { 0, 0, 0, 0.87 };

  if (luma < 0.45)
    out = (GdkRGBA) { 1, 1, 1, 0.95 };
  return out;
}

static void
fill_rect (cairo_t        *cr,
           const GdkRGBA  *color,
           const MaAsRect *r,
           double          inset)
{
  if (r->width <= 2 * inset || r->height <= 2 * inset)
    return;
  gdk_cairo_set_source_rgba (cr, color);
  cairo_rectangle (cr, r->x + inset, r->y + inset, r->width - 2 * inset, r->height - 2 * inset);
  cairo_fill (cr);
}

static void
rounded (cairo_t        *cr,
         const MaAsRect *r,
         double          radius)
{
  double x = r->x, y = r->y, w = r->width, h = r->height;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Diagonal lines over a rectangle: space nobody may use. */
static void
hatch (cairo_t        *cr,
       const GdkRGBA  *fg,
       const MaAsRect *r)
{
  cairo_save (cr);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.18);
  cairo_set_line_width (cr, 1);
  for (double d = -r->height; d < r->width; d += 6)
    {
      cairo_move_to (cr, r->x + d, r->y + r->height);
      cairo_line_to (cr, r->x + d + r->height, r->y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * ma_address_space_draw_text:
 * @markup: Pango markup
 * @box: where: the text is ellipsized to its width
 * @centre_y: centred in @box's height, else at its top
 */
void
ma_address_space_draw_text (cairo_t         *cr,
                            PangoContext    *context,
                            const char      *markup,
                            const MaAsRect  *box,
                            double           size_pt,
                            PangoAlignment   align,
                            gboolean         centre_y,
                            const GdkRGBA   *color)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (
    pango_context_get_font_description (context));
  int w, h;

  if (box->width < 4)
    return;
  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (box->width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align);
  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, box->x, centre_y ? box->y + round ((box->height - h) / 2) : box->y);
  pango_cairo_show_layout (cr, layout);
}

/**
 * ma_address_space_draw_lines:
 * @max_lines: wrap onto at most this many lines, the last one ellipsized
 *
 * Left-aligned text from the top of @box.
 */
void
ma_address_space_draw_lines (cairo_t        *cr,
                             PangoContext   *context,
                             const char     *markup,
                             const MaAsRect *box,
                             double          size_pt,
                             int             max_lines,
                             const GdkRGBA  *color)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (
    pango_context_get_font_description (context));

  if (box->width < 4)
    return;
  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (box->width * PANGO_SCALE));
  pango_layout_set_height (layout, -max_lines);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, box->x, box->y);
  pango_cairo_show_layout (cr, layout);
}

/* ------------------------------------------------------------------------------------------ */
/* The bar */

/* A scale break: a zigzag band cut across the bar where it changes from to scale to enlarged. */
static void
draw_break (cairo_t             *cr,
            const MaAsPalette   *p,
            const MaAddressSpaceLayout *l,
            double               y)
{
  double x0 = l->bar.x - 4, x1 = l->bar.x + l->bar.width + 4;

  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_move_to (cr, x0, y - 2);
  for (double x = x0, up = 1; x <= x1; x += 4, up = -up)
    cairo_line_to (cr, x, y - 2 + up * 2);
  cairo_line_to (cr, x1, y + 2);
  for (double x = x1, up = 1; x >= x0; x -= 4, up = -up)
    cairo_line_to (cr, x, y + 2 + up * 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);

  cairo_set_source_rgba (cr, p->fg.red, p->fg.green, p->fg.blue, 0.7);
  cairo_set_line_width (cr, 1);
  for (int side = -1; side <= 1; side += 2)
    {
      cairo_move_to (cr, x0, y + side * 2);
      for (double x = x0, up = 1; x <= x1; x += 4, up = -up)
        cairo_line_to (cr, x, y + side * 2 + up * 2);
      cairo_stroke (cr);
    }
}

static void
draw_bar (cairo_t                    *cr,
          PangoContext               *context,
          const MaAddressSpaceLayout *l,
          const MaAddressSpaceState  *s,
          const MaAsPalette          *p)
{
  GdkRGBA line = p->fg, dim = p->fg;

  line.alpha = 0.35;
  dim.alpha = 0.65;
  for (guint i = 0; i < s->n_areas; i++)
    {
      const MaVirtualArea *a = &s->areas[i];
      const MaAsRect *r = &l->area_rects[i];
      MaAsRect label = { l->labels.x, r->y, l->labels.width, r->height };
      g_autofree char *range = ma_address_space_format_range (a->start, a->end);
      g_autofree char *markup = NULL;

      fill_rect (cr, &p->area[a->kind], r, 0);
      if (a->kind == MA_VAREA_UNUSED)
        hatch (cr, &p->fg, r);

      /* the area's name and range, two lines when there is room */
      if (r->height >= 26)
        markup = g_markup_printf_escaped ("<b>%s</b>\n<span fgalpha='70%%' font_features='tnum'>"
                                          "%s</span>", a->name, range);
      else
        markup = g_markup_printf_escaped ("<span fgalpha='70%%'>%s</span>", a->name);
      ma_address_space_draw_text (cr, context, markup, &label,
                                  r->height >= 26 ? LABEL_PT : SMALL_PT, PANGO_ALIGN_RIGHT, TRUE,
                                  &p->fg);

      /* the ruler: solid to scale, dotted enlarged */
      cairo_save (cr);
      gdk_cairo_set_source_rgba (cr, &dim);
      cairo_set_line_width (cr, 2);
      if (l->enlarged[i])
        cairo_set_dash (cr, (double[]) { 2, 2 }, 2, 0);
      cairo_move_to (cr, l->ruler.x + l->ruler.width / 2, r->y + 2);
      cairo_line_to (cr, l->ruler.x + l->ruler.width / 2, r->y + r->height - 2);
      cairo_stroke (cr);
      cairo_restore (cr);

      /* the boundary above the area */
      gdk_cairo_set_source_rgba (cr, &line);
      cairo_rectangle (cr, l->ruler.x, r->y, l->bar.x + l->bar.width - l->ruler.x, 1);
      cairo_fill (cr);
    }
  gdk_cairo_set_source_rgba (cr, &line);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, l->bar.x + 0.5, l->bar.y + 0.5, l->bar.width - 1, l->bar.height - 1);
  cairo_stroke (cr);

  for (guint i = 0; i + 1 < s->n_areas; i++)
    if (l->enlarged[i] != l->enlarged[i + 1])
      draw_break (cr, p, l, l->area_rects[i].y);
}

/* A shaded funnel from a stretch of the bar to the panel that shows it close up. */
static void
draw_callout (cairo_t                    *cr,
              const MaAddressSpaceLayout *l,
              const GdkRGBA              *color,
              double                      top,
              double                      bottom,
              const MaAsRect             *target)
{
  double x0 = l->bar.x + l->bar.width, x1 = target->x - 4;

  if (target->height <= 0 || bottom <= top)
    return;
  cairo_move_to (cr, x0, top);
  cairo_line_to (cr, x1, target->y);
  cairo_line_to (cr, x1, target->y + target->height);
  cairo_line_to (cr, x0, bottom);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.22);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_callouts (cairo_t                    *cr,
               const MaAddressSpaceLayout *l,
               const MaAddressSpaceState  *s,
               const MaAsPalette          *p)
{
  double slots_top = G_MAXDOUBLE, slots_bottom = -G_MAXDOUBLE;

  for (guint i = 0; i < s->n_areas; i++)
    {
      const MaAsRect *r = &l->area_rects[i];

      if (s->areas[i].kind == MA_VAREA_PKMAP)
        draw_callout (cr, l, &p->area[MA_VAREA_PKMAP], r->y, r->y + r->height, &l->grid);
      else if (s->areas[i].kind == MA_VAREA_KMAP_SLOTS)
        {
          slots_top = MIN (slots_top, r->y);
          slots_bottom = MAX (slots_bottom, r->y + r->height);
        }
    }
  if (slots_top < slots_bottom)
    draw_callout (cr, l, &p->area[MA_VAREA_KMAP_SLOTS], slots_top, slots_bottom, &l->stacks);
}

/* ------------------------------------------------------------------------------------------ */
/* The per-CPU stacks */

static void
draw_stacks (cairo_t                    *cr,
             PangoContext               *context,
             const MaAddressSpaceLayout *l,
             const MaAddressSpaceState  *s,
             const MaAsPalette          *p)
{
  const MaHighmemLayout *hl = s->layout;
  const char *name = ma_address_space_atomic_name (hl);
  g_autofree char *title = NULL;
  GdkRGBA on_atomic = text_on (&p->atomic);

  title = g_markup_printf_escaped (_("<b>%s</b> · %u slots per CPU in the fixmap · nest up to "
                                     "%u deep, released in reverse order"),
                                   name, hl->kmap_slots_per_cpu, hl->kmap_max_depth);
  ma_address_space_draw_text (cr, context, title, &l->stacks_title, TITLE_PT, PANGO_ALIGN_LEFT,
                              TRUE, &p->fg);

  for (guint cpu = 0; cpu < s->n_cpus; cpu++)
    {
      MaAsRect col = ma_address_space_layout_stack_column (l, cpu);
      MaAsRect header = { col.x, col.y, col.width, l->stack_header };
      g_autofree char *head = g_markup_printf_escaped (_("<b>CPU %u</b> · depth %u"), cpu,
                                                       s->depth[cpu]);

      ma_address_space_draw_text (cr, context, head, &header, SMALL_PT + 0.5, PANGO_ALIGN_LEFT,
                                  TRUE, &p->fg);
      for (guint pos = 0; pos < s->stack_slots; pos++)
        {
          MaAsRect cell = ma_address_space_layout_atomic_cell (l, cpu, pos);
          guint64 pfn;

          if (ma_address_space_state_get_atomic (s, cpu, pos, &pfn))
            {
              fill_rect (cr, &p->atomic, &cell, 0.5);
              if (cell.height >= 10)
                {
                  g_autofree char *text = g_strdup_printf (_("%u: pfn %" PRIu64), pos, pfn);
                  MaAsRect box = { cell.x + 4, cell.y, cell.width - 8, cell.height };

                  ma_address_space_draw_text (cr, context, text, &box, SMALL_PT,
                                              PANGO_ALIGN_LEFT, TRUE, &on_atomic);
                }
            }
          else
            {
              fill_rect (cr, &p->slot_free, &cell, 0.5);
              if (pos >= hl->kmap_max_depth)
                hatch (cr, &p->fg, &cell);
            }
        }
      /* the top of the stack: the mapping released next */
      if (s->depth[cpu] > 0)
        {
          MaAsRect top = ma_address_space_layout_atomic_cell (l, cpu, s->depth[cpu] - 1);

          gdk_cairo_set_source_rgba (cr, &p->fg);
          cairo_rectangle (cr, top.x, top.y - 1, top.width, 2);
          cairo_fill (cr);
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The PKMAP grid */

static void
draw_grid (cairo_t                    *cr,
           PangoContext               *context,
           const MaAddressSpaceLayout *l,
           const MaAddressSpaceState  *s,
           const MaAsPalette          *p)
{
  const MaHighmemLayout *hl = s->layout;
  double inset = l->cell >= 6 ? 0.5 : 0;
  g_autofree char *title = NULL;
  MaAsRect last;

  title = g_markup_printf_escaped (_("<b>PKMAP</b> · %u slots from 0x%08" PRIx64 " · %u in use "
                                     "(%" PRIu64 " users) · %u awaiting a flush · %u free · "
                                     "last_pkmap_nr %u"),
                                   hl->last_pkmap, hl->pkmap_base, s->stats.in_use,
                                   s->stats.users, s->stats.unused_mapped, s->stats.free,
                                   s->stats.last_pkmap_nr);
  ma_address_space_draw_text (cr, context, title, &l->grid_title, TITLE_PT, PANGO_ALIGN_LEFT, TRUE,
                              &p->fg);

  for (guint slot = 0; slot < hl->last_pkmap; slot++)
    {
      MaAsRect cell = ma_address_space_layout_pkmap_cell (l, slot);
      guint count = s->count[slot];
      const GdkRGBA *fill = count == 0 ? &p->slot_free
                            : count == 1 ? &p->slot_flush
                            : count == 2 ? &p->slot_used : &p->slot_shared;

      fill_rect (cr, fill, &cell, inset);
      /* A shared slot (several users) shows how many, or a dot when a number would not fit:
       * the same in both styles, unlike a shade. */
      if (count >= 3)
        {
          GdkRGBA on = text_on (fill);

          if (l->cell >= 12)
            {
              g_autofree char *users = g_strdup_printf ("%u", MIN (count - 1, 99));

              ma_address_space_draw_text (cr, context, users, &cell, 6.0, PANGO_ALIGN_CENTER,
                                          TRUE, &on);
            }
          else if (l->cell >= 5)
            {
              gdk_cairo_set_source_rgba (cr, &on);
              cairo_arc (cr, cell.x + cell.width / 2, cell.y + cell.height / 2, l->cell / 6, 0,
                         2 * G_PI);
              cairo_fill (cr);
            }
        }
    }

  /* last_pkmap_nr, where the next search for a free slot starts from: a ring round its cell */
  last = ma_address_space_layout_pkmap_cell (l, s->stats.last_pkmap_nr);
  gdk_cairo_set_source_rgba (cr, &p->fg);
  cairo_set_line_width (cr, 1.5);
  cairo_rectangle (cr, last.x + 0.75, last.y + 0.75, last.width - 1.5, last.height - 1.5);
  cairo_stroke (cr);
}

/* ------------------------------------------------------------------------------------------ */
/* The wait queue */

static void
draw_waiters (cairo_t                    *cr,
              PangoContext               *context,
              const MaAddressSpaceLayout *l,
              const MaAddressSpaceState  *s,
              const MaAsPalette          *p)
{
  guint shown = ma_address_space_layout_waiters_shown (l, s->n_waiters);
  GdkRGBA on_waiter = text_on (&p->waiter);
  g_autofree char *title = NULL;

  if (s->n_waiters == 0)
    title = g_strdup_printf (_("<b>Wait queue</b> · empty: a kmap() sleeps here when every slot "
                               "is in use · so far %" PRIu64 " waits, %" PRIu64 " flushes"),
                             s->stats.waits, s->stats.flushes);
  else
    title = g_strdup_printf (ngettext ("<b>Wait queue</b> · %u task asleep in kmap(): every "
                                       "slot is in use · so far %" PRIu64 " waits, %" PRIu64
                                       " flushes",
                                       "<b>Wait queue</b> · %u tasks asleep in kmap(): every "
                                       "slot is in use · so far %" PRIu64 " waits, %" PRIu64
                                       " flushes", s->n_waiters),
                             s->n_waiters, s->stats.waits, s->stats.flushes);
  ma_address_space_draw_text (cr, context, title, &l->waiters_title, TITLE_PT, PANGO_ALIGN_LEFT,
                              TRUE, &p->fg);

  for (guint i = 0; i < shown; i++)
    {
      MaAsRect cell = ma_address_space_layout_waiter_cell (l, i);
      MaAsRect chip = { cell.x + 1, cell.y + 2, cell.width - 6, cell.height - 4 };
      MaAsRect text_box = { chip.x + 6, chip.y, chip.width - 12, chip.height };
      g_autofree char *text = g_strdup_printf (_("task %" PRIu64 " → pfn %" PRIu64),
                                               s->waiters[i].task, s->waiters[i].pfn);

      gdk_cairo_set_source_rgba (cr, &p->waiter);
      rounded (cr, &chip, chip.height / 2);
      cairo_fill (cr);
      ma_address_space_draw_text (cr, context, text, &text_box, SMALL_PT, PANGO_ALIGN_LEFT, TRUE,
                                  &on_waiter);
    }
  if (shown < s->n_waiters)
    {
      MaAsRect cell = ma_address_space_layout_waiter_cell (l, shown);
      MaAsRect box = { cell.x + 6, cell.y, cell.width - 12, cell.height };
      g_autofree char *more = g_strdup_printf (_("and %u more"), s->n_waiters - shown);

      ma_address_space_draw_text (cr, context, more, &box, SMALL_PT, PANGO_ALIGN_LEFT, TRUE,
                                  &p->fg);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The legend */

static void
draw_legend (cairo_t                    *cr,
             PangoContext               *context,
             const MaAddressSpaceLayout *l,
             const MaAsPalette          *p)
{
  const char *texts[MA_AS_N_LEGEND_ENTRIES] = {
    _("free (pkmap_count 0)"),
    _("no users, awaiting flush (1)"),
    _("in use: n − 1 users (n ≥ 2)"),
    _("atomic slot in use"),
    _("task waiting for a slot"),
    _("last_pkmap_nr"),
    _("highlighted frame"),
    _("enlarged, not to scale"),
  };

  for (guint i = 0; i < MA_AS_N_LEGEND_ENTRIES; i++)
    {
      MaAsRect cell = ma_address_space_layout_legend_cell (l, i);
      MaAsRect sw = { cell.x, cell.y + (cell.height - 12) / 2, 12, 12 };
      MaAsRect text = { cell.x + 18, cell.y, cell.width - 22, cell.height };
      g_autofree char *escaped = g_markup_escape_text (texts[i], -1);

      switch (i)
        {
        case 0:
          fill_rect (cr, &p->slot_free, &sw, 0);
          break;
        case 1:
          fill_rect (cr, &p->slot_flush, &sw, 0);
          break;
        case 2:
          {
            GdkRGBA on = text_on (&p->slot_shared);

            fill_rect (cr, &p->slot_used, &sw, 0);
            fill_rect (cr, &p->slot_shared, &(MaAsRect) { sw.x + 6, sw.y, 6, 12 }, 0);
            gdk_cairo_set_source_rgba (cr, &on);
            cairo_arc (cr, sw.x + 9, sw.y + 6, 1.5, 0, 2 * G_PI);
            cairo_fill (cr);
          }
          break;
        case 3:
          fill_rect (cr, &p->atomic, &sw, 0);
          break;
        case 4:
          gdk_cairo_set_source_rgba (cr, &p->waiter);
          rounded (cr, &sw, 6);
          cairo_fill (cr);
          break;
        case 5:
          fill_rect (cr, &p->slot_free, &sw, 0);
          gdk_cairo_set_source_rgba (cr, &p->fg);
          cairo_set_line_width (cr, 1.5);
          cairo_rectangle (cr, sw.x + 0.75, sw.y + 0.75, sw.width - 1.5, sw.height - 1.5);
          cairo_stroke (cr);
          break;
        case 6:
          gdk_cairo_set_source_rgba (cr, &p->highlight);
          cairo_set_line_width (cr, 2.5);
          cairo_rectangle (cr, sw.x + 1.25, sw.y + 1.25, sw.width - 2.5, sw.height - 2.5);
          cairo_stroke (cr);
          break;
        case 7:
        default:
          cairo_save (cr);
          cairo_set_source_rgba (cr, p->fg.red, p->fg.green, p->fg.blue, 0.65);
          cairo_set_line_width (cr, 2);
          cairo_set_dash (cr, (double[]) { 2, 2 }, 2, 0);
          cairo_move_to (cr, sw.x + 6, sw.y);
          cairo_line_to (cr, sw.x + 6, sw.y + sw.height);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;
        }
      ma_address_space_draw_text (cr, context, escaped, &text, SMALL_PT + 0.5, PANGO_ALIGN_LEFT,
                                  TRUE, &p->fg);
    }
}

/**
 * ma_address_space_render:
 *
 * Draws what does not follow the pointer: the bar and its labels, the callouts, the stacks, the
 * grid, the wait queue and the legend.
 */
void
ma_address_space_render (cairo_t                    *cr,
                         PangoContext               *context,
                         const MaAddressSpaceLayout *l,
                         const MaAddressSpaceState  *s,
                         const MaAsPalette          *p)
{
  draw_callouts (cr, l, s, p);
  draw_bar (cr, context, l, s, p);
  draw_stacks (cr, context, l, s, p);
  draw_grid (cr, context, l, s, p);
  draw_waiters (cr, context, l, s, p);
  draw_legend (cr, context, l, p);
}

/* No HighMem: say what the view is for. */
void
ma_address_space_render_empty (cairo_t           *cr,
                               PangoContext      *context,
                               int                width,
                               int                height,
                               const MaAsPalette *p)
{
  MaAsRect box = { 24, 0, MAX (width - 48, 0), height };
  g_autofree char *markup = g_markup_printf_escaped ("<span size='large' weight='bold'>%s</span>"
                                                     "\n\n%s",
                                                     _("No HighMem"),
                                                     _("This view shows the kernel's virtual "
                                                       "address space on 32-bit x86 machines "
                                                       "with HighMem: the direct map, vmalloc, "
                                                       "the PKMAP slots of kmap() and the "
                                                       "per-CPU kmap_atomic slots. Open such a "
                                                       "machine, for example the i386-highmem-1g "
                                                       "preset."));
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  GdkRGBA dim = p->fg;
  int w, h;

  dim.alpha = 0.7;
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (MIN (box.width, 420) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  gdk_cairo_set_source_rgba (cr, &dim);
  cairo_move_to (cr, (width - MIN (box.width, 420)) / 2.0, MAX ((height - h) / 2.0, 0));
  pango_cairo_show_layout (cr, layout);
}
