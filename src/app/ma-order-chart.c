/* ma-order-chart.c: a zone's free blocks per order over time, as a heat strip
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per order, order 0 at the bottom as in the order histogram; time runs left to right.
 * A cell's colour follows log2(1 + the most free blocks of that order in the column's ticks),
 * against the most of any cell: counts span thousands of single pages to a handful of 4 MiB
 * blocks, as in buddyinfo. An empty cell had no free block of that order in any of its ticks:
 * fragmentation shows as the upper rows going blank while the lower ones stay lit.
 */
#define G_LOG_DOMAIN "ma-order-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ma-order-chart.h"

struct _MaOrderChart
{
  MaChart parent_instance;
};

G_DEFINE_FINAL_TYPE (MaOrderChart, ma_order_chart, MA_TYPE_CHART)

#define LABELS_WIDTH 20

GtkWidget *
ma_order_chart_new (void)
{
  return g_object_new (MA_TYPE_ORDER_CHART, NULL);
}

static guint
nr_orders (MaChart *chart)
{
  MaChartModel *model = ma_chart_get_model (chart);

  return model ? MAX (ma_chart_model_get_nr_orders (model), 1) : 1;
}

static void
ma_order_chart_draw_plot (MaChart           *chart,
                          cairo_t           *cr,
                          const MaChartPlot *plot)
{
  guint n_orders = nr_orders (chart);
  double row_h = plot->height / n_orders, max_log = 1;
  GdkRGBA heat, c = plot->fg;

  for (guint i = 0; i < plot->n_columns; i++)
    for (guint k = 0; k < n_orders; k++)
      max_log = MAX (max_log, log2 (1.0 + plot->columns[i].nr_free_max[k]));

  gdk_rgba_parse (&heat, plot->dark ? "#62a0ea" : "#1c71d8");
  for (guint k = 0; k < n_orders; k++)
    {
      double y = plot->y + plot->height - (k + 1) * row_h;

      for (guint i = 0; i < plot->n_columns; i++)
        {
          const MaChartColumn *col = &plot->columns[i];
          double x0 = plot->x + plot->width * (double) col->first / plot->range_end;
          double x1 = plot->x + plot->width * (double) col->end / plot->range_end;
          guint j = i;

          if (col->nr_free_max[k] == 0)
            continue;
          /* neighbours of the same count share one rectangle */
          while (j + 1 < plot->n_columns && plot->columns[j + 1].nr_free_max[k] == col->nr_free_max[k])
            j++;
          x1 = plot->x + plot->width * (double) plot->columns[j].end / plot->range_end;
          heat.alpha = 0.15 + 0.85 * log2 (1.0 + col->nr_free_max[k]) / max_log;
          gdk_cairo_set_source_rgba (cr, &heat);
          cairo_rectangle (cr, x0, y + 0.5, MAX (x1 - x0, 1), row_h - 1);
          cairo_fill (cr);
          i = j;
        }
    }

  /* order labels, every other one when rows are thin */
  cairo_reset_clip (cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 8);
  c.alpha = 0.7;
  gdk_cairo_set_source_rgba (cr, &c);
  for (guint k = 0; k < n_orders; k += row_h >= 9 ? 1 : 2)
    {
      char label[8];
      cairo_text_extents_t ext;

      g_snprintf (label, sizeof label, "%u", k);
      cairo_text_extents (cr, label, &ext);
      cairo_move_to (cr, plot->x - 4 - ext.x_advance,
                     plot->y + plot->height - k * row_h - (row_h - ext.height) / 2);
      cairo_show_text (cr, label);
    }
}

static char *
ma_order_chart_describe (MaChart             *chart,
                         const MaChartColumn *col,
                         double               plot_y)
{
  MaChartModel *model = ma_chart_get_model (chart);
  guint n_orders = nr_orders (chart);
  int height = gtk_widget_get_height (GTK_WIDGET (chart));
  MaChartClass *klass = MA_CHART_GET_CLASS (chart);
  double plot_h = MAX (height - klass->margin_top - 14, 1);
  gint row = (gint) floor (plot_y / (plot_h / n_orders));
  guint k = (guint) CLAMP ((gint) n_orders - 1 - row, 0, (gint) n_orders - 1);
  MaMachine *m = ma_simulation_get_machine (ma_chart_model_get_simulation (model));
  g_autofree char *ticks = ma_chart_format_ticks (col->first, col->end);
  g_autofree char *size = g_format_size_full ((guint64) 1 << (k + ma_machine_get_page_shift (m)),
                                              G_FORMAT_SIZE_IEC_UNITS);
  char lo[32], hi[32];

  g_snprintf (lo, sizeof lo, "%" G_GUINT64_FORMAT, col->nr_free_min[k]);
  g_snprintf (hi, sizeof hi, "%" G_GUINT64_FORMAT, col->nr_free_max[k]);
  if (col->nr_free_min[k] == col->nr_free_max[k])
    /* Translators: order, block size, then a count of free blocks */
    return g_strdup_printf (_("%s\nOrder %u (%s): %s free blocks"), ticks, k, size, lo);
  /* Translators: order, block size, then the fewest and most free blocks over several ticks */
  return g_strdup_printf (_("%s\nOrder %u (%s): %s to %s free blocks"), ticks, k, size, lo, hi);
}

static char *
ma_order_chart_summarize (MaChart *chart)
{
  MaChartModel *model = ma_chart_get_model (chart);
  MaSimulation *sim = ma_chart_model_get_simulation (model);
  MaZone *zone = ma_simulation_get_zone (sim, ma_chart_model_get_zone_index (model));
  guint64 end = ma_chart_model_get_end (model);
  g_autoptr(GString) text = g_string_new (NULL);
  MaChartColumn last;

  if (!ma_chart_model_get_range (model, end - 1, end, &last))
    return g_strdup_printf (_("Free blocks per order of %s: nothing recorded yet"),
                            ma_zone_get_name (zone));
  g_string_printf (text, _("Free blocks per order of %s at the end:"), ma_zone_get_name (zone));
  for (guint k = 0; k < nr_orders (chart); k++)
    g_string_append_printf (text, " %" G_GUINT64_FORMAT, last.nr_free_max[k]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
ma_order_chart_class_init (MaOrderChartClass *klass)
{
  MaChartClass *chart_class = MA_CHART_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  chart_class->margin_left = LABELS_WIDTH;
  chart_class->margin_right = 36;
  chart_class->plot_height = 99;
  chart_class->draw_plot = ma_order_chart_draw_plot;
  chart_class->describe = ma_order_chart_describe;
  chart_class->summarize = ma_order_chart_summarize;
  gtk_widget_class_set_css_name (widget_class, "orderchart");
}

static void
ma_order_chart_init (MaOrderChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Free blocks per order over time"), -1);
}
