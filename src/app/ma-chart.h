/* ma-chart.h: what the charts of a zone's history share: the model, the time axis, the
 * playhead, tooltips and clicks
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-chart-model.h"

G_BEGIN_DECLS

/**
 * MaChartPlot:
 * @x: the plot area's left edge, in widget coordinates
 * @y: its top edge
 * @width: its width; the time axis maps [0, @range_end) onto it
 * @height: its height
 * @range_end: the ticks the time axis spans: the scenario's length or what was recorded
 * @columns: the recorded ticks folded into about one column per pixel, left to right
 * @n_columns: how many
 * @fg: the widget's foreground colour
 * @dark: the style is dark
 *
 * What a chart subclass draws in.
 */
typedef struct
{
  double               x;
  double               y;
  double               width;
  double               height;
  guint64              range_end;
  const MaChartColumn *columns;
  guint                n_columns;
  GdkRGBA              fg;
  gboolean             dark;
} MaChartPlot;

#define MA_TYPE_CHART (ma_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (MaChart, ma_chart, MA, CHART, GtkWidget)

struct _MaChartClass
{
  GtkWidgetClass parent_class;

  /* margins around the plot, for the subclass's labels */
  int   margin_left;
  int   margin_right;
  int   margin_top;
  int   plot_height;

  void  (*draw_plot) (MaChart             *self,
                      cairo_t             *cr,
                      const MaChartPlot   *plot);
  char *(*describe)  (MaChart             *self,
                      const MaChartColumn *column,
                      double               plot_y);
  char *(*summarize) (MaChart             *self);

  gpointer padding[8];
};

void           ma_chart_set_model        (MaChart       *self,
                                          MaChartModel  *model);
MaChartModel  *ma_chart_get_model        (MaChart       *self);
void           ma_chart_set_simulation   (MaChart       *self,
                                          MaSimulation  *simulation,
                                          guint          zone_index);
void           ma_chart_update           (MaChart       *self);
guint64        ma_chart_get_range_end    (MaChart       *self);
guint64        ma_chart_get_playhead     (MaChart       *self);
guint          ma_chart_get_n_columns    (MaChart       *self);
const MaChartColumn *ma_chart_get_column (MaChart       *self,
                                          guint          index);
guint64        ma_chart_tick_at          (MaChart       *self,
                                          double         x);
char          *ma_chart_describe_at      (MaChart       *self,
                                          double         x,
                                          double         y);

/* The colours the charts, the timeline and the log share (libadwaita's palette). */
void           ma_chart_level_color      (gint64         free,
                                          guint64        min,
                                          guint64        low,
                                          guint64        high,
                                          GdkRGBA       *out);
void           ma_chart_span_color       (MaChartSpanKind kind,
                                          GdkRGBA       *out);
const char    *ma_chart_span_label       (MaChartSpanKind kind);
char          *ma_chart_format_ticks     (guint64        first,
                                          guint64        end);

G_END_DECLS
