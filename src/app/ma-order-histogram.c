/* ma-order-histogram.c: a zone's free blocks per order and migratetype (buddyinfo and
 * pagetypeinfo as a picture)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One bar per order. Counts span from thousands of single pages to a handful of 4 MiB blocks, so
 * bar heights follow log2(1 + count); each bar is split by migratetype in proportion to that
 * type's share of the blocks of that order. The exact numbers are in the tooltip of each bar.
 */
#define G_LOG_DOMAIN "ma-order-histogram"

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <glib/gi18n.h>

#include "ma-order-histogram.h"

struct _MaOrderHistogram
{
  GtkWidget parent_instance;

  guint     nr_orders;
  guint     page_shift;
  guint64   counts[MA_MAX_ORDERS][MA_N_MIGRATE_TYPES];
  guint64   totals[MA_MAX_ORDERS];
};

G_DEFINE_FINAL_TYPE (MaOrderHistogram, ma_order_histogram, GTK_TYPE_WIDGET)

#define HEIGHT 48
#define AXIS 12

/* Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
void
ma_migratetype_color (MaMigrateType  mt,
                      GdkRGBA       *out)
{
  static const char *colors[MA_N_MIGRATE_TYPES] = {
    [MA_MIGRATE_UNMOVABLE] = "#D55E00",
    [MA_MIGRATE_MOVABLE] = "#0072B2",
    [MA_MIGRATE_RECLAIMABLE] = "#009E73",
    [MA_MIGRATE_HIGHATOMIC] = "#CC79A7",
    [MA_MIGRATE_CMA] = "#E69F00",
    [MA_MIGRATE_ISOLATE] = "#999999",
    [MA_MIGRATE_RESERVE] = "#56B4E9",
  };

  gdk_rgba_parse (out, colors[MIN (mt, MA_N_MIGRATE_TYPES - 1)]);
}

GtkWidget *
ma_order_histogram_new (void)
{
  return g_object_new (MA_TYPE_ORDER_HISTOGRAM, NULL);
}

void
ma_order_histogram_update (MaOrderHistogram *self,
                           MaZone           *zone)
{
  MaMachine *m = ma_node_get_machine (ma_zone_get_node (zone));

  g_return_if_fail (MA_IS_ORDER_HISTOGRAM (self));

  self->nr_orders = ma_machine_get_nr_orders (m);
  self->page_shift = ma_machine_get_page_shift (m);
  {
    g_autoptr(GString) label = g_string_new (_("Free blocks per order:"));

    for (guint k = 0; k < self->nr_orders; k++)
      {
        self->totals[k] = ma_zone_get_nr_free (zone, k);
        for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
          self->counts[k][mt] = ma_zone_get_nr_free_list (zone, k, mt);
        g_string_append_printf (label, " %" G_GUINT64_FORMAT, self->totals[k]);
      }
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label->str, -1);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ma_order_histogram_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MaOrderHistogram *self = MA_ORDER_HISTOGRAM (widget);
  int width = gtk_widget_get_width (widget);
  double max_h = 1, bar_w;
  GdkRGBA fg;
  cairo_t *cr;

  if (self->nr_orders == 0 || width <= 0)
    return;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
#endif

  for (guint k = 0; k < self->nr_orders; k++)
    max_h = MAX (max_h, log2 (1.0 + self->totals[k]));
  bar_w = (double) width / self->nr_orders;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, HEIGHT + AXIS));
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 8);

  for (guint k = 0; k < self->nr_orders; k++)
    {
      double h = HEIGHT * log2 (1.0 + self->totals[k]) / max_h;
      double y = HEIGHT;
      char label[8];
      cairo_text_extents_t ext;

      for (guint mt = 0; mt < MA_N_MIGRATE_TYPES && self->totals[k] > 0; mt++)
        {
          double part = h * (double) self->counts[k][mt] / self->totals[k];
          GdkRGBA c;

          if (part <= 0)
            continue;
          ma_migratetype_color (mt, &c);
          gdk_cairo_set_source_rgba (cr, &c);
          cairo_rectangle (cr, k * bar_w + 1, y - part, bar_w - 2, part);
          cairo_fill (cr);
          y -= part;
        }

      g_snprintf (label, sizeof label, "%u", k);
      cairo_text_extents (cr, label, &ext);
      fg.alpha = 0.7;
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, k * bar_w + (bar_w - ext.width) / 2, HEIGHT + AXIS - 2);
      cairo_show_text (cr, label);
    }
  cairo_destroy (cr);
}

static gboolean
ma_order_histogram_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard,
                                  GtkTooltip *tooltip)
{
  MaOrderHistogram *self = MA_ORDER_HISTOGRAM (widget);
  int width = gtk_widget_get_width (widget);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *size = NULL;
  guint k;

  if (self->nr_orders == 0 || width <= 0)
    return FALSE;
  k = MIN ((guint) (x * self->nr_orders / width), self->nr_orders - 1);
  size = g_format_size_full ((guint64) 1 << (k + self->page_shift), G_FORMAT_SIZE_IEC_UNITS);
  g_string_printf (text, ngettext ("Order %u (%s): %" PRIu64 " free block",
                                   "Order %u (%s): %" PRIu64 " free blocks",
                                   self->totals[k]),
                   k, size, self->totals[k]);
  for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
    if (self->counts[k][mt] > 0)
      g_string_append_printf (text, "\n%s: %" G_GUINT64_FORMAT, ma_migrate_type_name (mt),
                              self->counts[k][mt]);
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
ma_order_histogram_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 240;
    }
  else
    *minimum = *natural = HEIGHT + AXIS;
}

static void
ma_order_histogram_class_init (MaOrderHistogramClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ma_order_histogram_snapshot;
  widget_class->measure = ma_order_histogram_measure;
  widget_class->query_tooltip = ma_order_histogram_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "orderhistogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ma_order_histogram_init (MaOrderHistogram *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}
