/* ma-zone-chart.c: a zone's free pages over time against its watermarks
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each column of pixels is a run of ticks: the free pages drawn as a bar from the fewest to the
 * most (a one-tick dip below min shows however long the history), over an area coloured like the
 * zone gauge by where the fewest free pages were among the watermarks. The watermarks are step
 * lines, since boosts and sysctls move them. Columns in which kswapd was awake or an allocation
 * reclaimed directly are shaded; compaction is marked along the top, OOM kills by a red line.
 *
 * The scale: a zone of 16 GiB starts with millions of free pages and has its watermarks in the
 * tens of thousands, so a linear axis would flatten everything that matters into the bottom
 * pixels. When the free pages rise well above high, the axis is split: the lower two thirds show
 * 0 to 1.5 × high linearly, where the watermarks and reclaim live; the upper third compresses the
 * rest up to the most free pages recorded. A dashed line marks the break.
 */
#define G_LOG_DOMAIN "ma-zone-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ma-zone-chart.h"

struct _MaZoneChart
{
  MaChart parent_instance;
};

G_DEFINE_FINAL_TYPE (MaZoneChart, ma_zone_chart, MA_TYPE_CHART)

#define LEGEND_HEIGHT 16
#define LABELS_WIDTH 36
#define LOWER_SHARE (2.0 / 3.0)

typedef struct
{
  double   bottom;
  double   height;
  double   top_value;   /* the value at the top of the plot */
  double   band_top;    /* split axes: the value at the break; 0 when linear */
} Scale;

GtkWidget *
ma_zone_chart_new (void)
{
  return g_object_new (MA_TYPE_ZONE_CHART, NULL);
}

static void
scale_init (Scale             *scale,
            const MaChartPlot *plot)
{
  double free_max = 0, high = 0;

  for (guint i = 0; i < plot->n_columns; i++)
    {
      free_max = MAX (free_max, (double) plot->columns[i].free_max);
      high = MAX (high, (double) plot->columns[i].wmark_high);
    }
  scale->bottom = plot->y + plot->height;
  scale->height = plot->height - 2;
  scale->band_top = MAX (ceil (high * 1.5), 16);
  if (free_max <= scale->band_top * 1.5)
    {
      scale->top_value = MAX (free_max, high * 1.25);
      scale->top_value = MAX (scale->top_value, 16);
      scale->band_top = 0;
    }
  else
    scale->top_value = free_max;
}

static double
scale_y (const Scale *scale,
         double       v)
{
  v = MAX (v, 0);
  if (scale->band_top == 0)
    return scale->bottom - scale->height * MIN (v / scale->top_value, 1);
  if (v <= scale->band_top)
    return scale->bottom - scale->height * LOWER_SHARE * v / scale->band_top;
  return scale->bottom - scale->height * LOWER_SHARE
         - scale->height * (1 - LOWER_SHARE) * MIN ((v - scale->band_top)
                                                    / (scale->top_value - scale->band_top), 1);
}

static double
tick_x (const MaChartPlot *plot,
        guint64            tick)
{
  return plot->x + plot->width * (double) tick / plot->range_end;
}

static void
draw_periods (cairo_t           *cr,
              const MaChartPlot *plot)
{
  static const struct { MaChartSpanKind kind; double alpha; } shaded[] = {
    { MA_CHART_SPAN_KSWAPD, 0.14 },
    { MA_CHART_SPAN_DIRECT_RECLAIM, 0.20 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (shaded); k++)
    {
      GdkRGBA c;

      ma_chart_span_color (shaded[k].kind, &c);
      c.alpha = plot->dark ? shaded[k].alpha * 1.6 : shaded[k].alpha;
      gdk_cairo_set_source_rgba (cr, &c);
      for (guint i = 0; i < plot->n_columns; i++)
        {
          const MaChartColumn *col = &plot->columns[i];
          guint j = i;

          if (col->span_ticks[shaded[k].kind] == 0)
            continue;
          /* one rectangle per run of shaded columns: no seams between them */
          while (j + 1 < plot->n_columns && plot->columns[j + 1].span_ticks[shaded[k].kind] > 0)
            j++;
          cairo_rectangle (cr, tick_x (plot, col->first), plot->y,
                           MAX (tick_x (plot, plot->columns[j].end) - tick_x (plot, col->first), 1),
                           plot->height);
          i = j;
        }
      cairo_fill (cr);
    }
}

static void
draw_free (cairo_t           *cr,
           const MaChartPlot *plot,
           const Scale       *scale)
{
  for (guint i = 0; i < plot->n_columns; i++)
    {
      const MaChartColumn *col = &plot->columns[i];
      double x0 = tick_x (plot, col->first), x1 = MAX (tick_x (plot, col->end), x0 + 1);
      double y_min = scale_y (scale, (double) col->free_min);
      double y_max = scale_y (scale, (double) col->free_max);
      GdkRGBA c;

      ma_chart_level_color (col->free_min, col->wmark_min, col->wmark_low, col->wmark_high, &c);
      c.alpha = 0.35;
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_rectangle (cr, x0, y_min, x1 - x0, scale->bottom - y_min);
      cairo_fill (cr);
      /* the range of the column: at least a line, darker on light backgrounds to stand out */
      if (!plot->dark)
        {
          c.red *= 0.75;
          c.green *= 0.75;
          c.blue *= 0.75;
        }
      c.alpha = 1;
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_rectangle (cr, x0, y_max - 0.75, x1 - x0, MAX (y_min - y_max, 0) + 1.5);
      cairo_fill (cr);
    }
}

static void
draw_marks (cairo_t           *cr,
            const MaChartPlot *plot)
{
  GdkRGBA compaction, oom;

  ma_chart_span_color (MA_CHART_SPAN_COMPACTION, &compaction);
  ma_chart_span_color (MA_CHART_SPAN_OOM, &oom);
  for (guint i = 0; i < plot->n_columns; i++)
    {
      const MaChartColumn *col = &plot->columns[i];
      double x0 = tick_x (plot, col->first), x1 = MAX (tick_x (plot, col->end), x0 + 2);

      if (col->span_ticks[MA_CHART_SPAN_COMPACTION] > 0)
        {
          gdk_cairo_set_source_rgba (cr, &compaction);
          cairo_rectangle (cr, x0, plot->y, x1 - x0, 4);
          cairo_fill (cr);
        }
      if (col->span_ticks[MA_CHART_SPAN_OOM] > 0)
        {
          gdk_cairo_set_source_rgba (cr, &oom);
          cairo_rectangle (cr, round ((x0 + x1) / 2) - 1, plot->y, 2, plot->height);
          cairo_fill (cr);
        }
    }
}

static guint64
column_wmark (const MaChartColumn *col,
              guint                mark)
{
  return mark == 0 ? col->wmark_min : mark == 1 ? col->wmark_low : col->wmark_high;
}

static void
draw_watermarks (cairo_t           *cr,
                 const MaChartPlot *plot,
                 const Scale       *scale)
{
  static const double dashes[3][2] = { { 1, 0 }, { 4, 2 }, { 1, 2 } };
  static const char *const names[3] = { N_("min"), N_("low"), N_("high") };
  double label_y[3];
  GdkRGBA c = plot->fg;

  c.alpha = 0.75;
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_set_line_width (cr, 1);
  for (guint mark = 0; mark < 3; mark++)
    {
      cairo_set_dash (cr, dashes[mark], mark == 0 ? 0 : 2, 0);
      for (guint i = 0; i < plot->n_columns; i++)
        {
          const MaChartColumn *col = &plot->columns[i];
          double y = round (scale_y (scale, (double) column_wmark (col, mark))) + 0.5;

          if (i == 0)
            cairo_move_to (cr, tick_x (plot, col->first), y);
          else
            cairo_line_to (cr, tick_x (plot, col->first), y);
          cairo_line_to (cr, tick_x (plot, col->end), y);
        }
      cairo_stroke (cr);
      label_y[mark] = scale_y (scale, (double) column_wmark (&plot->columns[plot->n_columns - 1],
                                                             mark));
    }
  cairo_set_dash (cr, NULL, 0, 0);

  /* labels right of the plot, at the last values, pushed apart: min:low:high is 4:5:6 */
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  label_y[0] = MIN (label_y[0] + 3, scale->bottom);
  for (guint mark = 1; mark < 3; mark++)
    label_y[mark] = MIN (label_y[mark] + 3, label_y[mark - 1] - 9);
  for (guint mark = 0; mark < 3; mark++)
    {
      cairo_move_to (cr, plot->x + plot->width + 3, MAX (label_y[mark], plot->y + 8));
      cairo_show_text (cr, _(names[mark]));
    }
}

static void
draw_scale_labels (cairo_t           *cr,
                   const MaChartPlot *plot,
                   const Scale       *scale)
{
  GdkRGBA c = plot->fg;
  char text[32];

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  c.alpha = 0.6;
  gdk_cairo_set_source_rgba (cr, &c);
  g_snprintf (text, sizeof text, "%.0f", scale->top_value);
  cairo_move_to (cr, plot->x + 3, plot->y + 13);
  cairo_show_text (cr, text);
  if (scale->band_top > 0)
    {
      static const double dash[] = { 3, 3 };
      double y = round (scale_y (scale, scale->band_top)) + 0.5;

      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, plot->x, y);
      cairo_line_to (cr, plot->x + plot->width, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      g_snprintf (text, sizeof text, "%.0f", scale->band_top);
      cairo_move_to (cr, plot->x + 3, y - 3);
      cairo_show_text (cr, text);
    }
}

static void
draw_legend (cairo_t           *cr,
             const MaChartPlot *plot)
{
  double x = plot->x;
  GdkRGBA c = plot->fg;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  for (guint kind = 0; kind < MA_N_CHART_SPANS; kind++)
    {
      const char *label = ma_chart_span_label (kind);
      cairo_text_extents_t ext;
      GdkRGBA swatch;

      cairo_text_extents (cr, label, &ext);
      if (x + 12 + ext.x_advance > plot->x + plot->width)
        break;
      ma_chart_span_color (kind, &swatch);
      if (kind == MA_CHART_SPAN_KSWAPD || kind == MA_CHART_SPAN_DIRECT_RECLAIM)
        swatch.alpha = 0.5;
      gdk_cairo_set_source_rgba (cr, &swatch);
      cairo_rectangle (cr, x, plot->y - LEGEND_HEIGHT + 4, 8, 8);
      cairo_fill (cr);
      c.alpha = 0.75;
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_move_to (cr, x + 11, plot->y - LEGEND_HEIGHT + 11.5);
      cairo_show_text (cr, label);
      x += 11 + ext.x_advance + 12;
    }
}

static void
ma_zone_chart_draw_plot (MaChart           *chart,
                         cairo_t           *cr,
                         const MaChartPlot *plot)
{
  Scale scale;

  if (plot->n_columns == 0)
    return;
  scale_init (&scale, plot);
  draw_periods (cr, plot);
  draw_free (cr, plot, &scale);
  draw_marks (cr, plot);
  cairo_reset_clip (cr);
  draw_scale_labels (cr, plot, &scale);
  draw_watermarks (cr, plot, &scale);
  draw_legend (cr, plot);
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static char *
ma_zone_chart_describe (MaChart             *chart,
                        const MaChartColumn *col,
                        double               plot_y)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *ticks = ma_chart_format_ticks (col->first, col->end);
  g_autofree char *lo = format_count ((guint64) MAX (col->free_min, 0));
  g_autofree char *hi = format_count ((guint64) MAX (col->free_max, 0));
  g_autofree char *wmin = format_count (col->wmark_min);
  g_autofree char *wlow = format_count (col->wmark_low);
  g_autofree char *whigh = format_count (col->wmark_high);
  gboolean first = TRUE;

  g_string_append (text, ticks);
  g_string_append_c (text, '\n');
  if (col->free_min == col->free_max)
    g_string_append_printf (text, _("Free pages: %s"), lo);
  else
    /* Translators: the fewest and the most free pages over several ticks */
    g_string_append_printf (text, _("Free pages: %s to %s"), lo, hi);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Watermarks: min %s · low %s · high %s"), wmin, wlow, whigh);
  if (col->boost > 0)
    {
      g_autofree char *boost = format_count (col->boost);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Boost: %s pages (included above)"), boost);
    }
  for (guint kind = 0; kind < MA_N_CHART_SPANS; kind++)
    if (col->span_ticks[kind] > 0)
      {
        g_string_append (text, first ? "\n" : " · ");
        g_string_append (text, ma_chart_span_label (kind));
        first = FALSE;
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
ma_zone_chart_summarize (MaChart *chart)
{
  MaChartModel *model = ma_chart_get_model (chart);
  MaSimulation *sim = ma_chart_model_get_simulation (model);
  MaZone *zone = ma_simulation_get_zone (sim, ma_chart_model_get_zone_index (model));
  guint64 end = ma_chart_model_get_end (model);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *ticks = format_count (end);
  MaChartColumn all, last;
  guint n;

  if (!ma_chart_model_get_range (model, 0, end, &all)
      || !ma_chart_model_get_range (model, end - 1, end, &last))
    return g_strdup_printf (_("Free pages of %s: nothing recorded yet"), ma_zone_get_name (zone));
  {
    g_autofree char *now = format_count ((guint64) MAX (last.free_min, 0));
    g_autofree char *lowest = format_count ((guint64) MAX (all.free_min, 0));

    g_string_append_printf (text, _("Free pages of %s over %s ticks: %s at the end, %s at the "
                                    "fewest."), ma_zone_get_name (zone), ticks, now, lowest);
  }
  ma_chart_model_get_spans (model, MA_CHART_SPAN_KSWAPD, 0, end, &n);
  g_string_append_c (text, ' ');
  g_string_append_printf (text, ngettext ("kswapd was awake in %u period.",
                                          "kswapd was awake in %u periods.", n), n);
  ma_chart_model_get_spans (model, MA_CHART_SPAN_DIRECT_RECLAIM, 0, end, &n);
  g_string_append_c (text, ' ');
  g_string_append_printf (text, ngettext ("Direct reclaim ran in %u period.",
                                          "Direct reclaim ran in %u periods.", n), n);
  if (all.span_ticks[MA_CHART_SPAN_OOM] > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, ngettext ("The OOM killer ran in %u tick.",
                                              "The OOM killer ran in %u ticks.",
                                              all.span_ticks[MA_CHART_SPAN_OOM]),
                              all.span_ticks[MA_CHART_SPAN_OOM]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
ma_zone_chart_class_init (MaZoneChartClass *klass)
{
  MaChartClass *chart_class = MA_CHART_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  chart_class->margin_left = 20;
  chart_class->margin_top = LEGEND_HEIGHT;
  chart_class->margin_right = LABELS_WIDTH;
  chart_class->plot_height = 120;
  chart_class->draw_plot = ma_zone_chart_draw_plot;
  chart_class->describe = ma_zone_chart_describe;
  chart_class->summarize = ma_zone_chart_summarize;
  gtk_widget_class_set_css_name (widget_class, "zonechart");
}

static void
ma_zone_chart_init (MaZoneChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Free pages over time"), -1);
}
