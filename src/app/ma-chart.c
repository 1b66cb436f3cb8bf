/* ma-chart.c: what the charts of a zone's history share
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The time axis spans the scenario's length (or what was recorded, when it runs on past it), so
 * that the chart does not rescale every tick while a scenario plays: history fills it from the
 * left, and the playhead shows where the simulation is, also after scrubbing back. The recorded
 * ticks are folded into one column per pixel by the chart model's pyramid (min/max, so spikes
 * stay), and refolded only when the model, the width or the span of the axis changed: a frame
 * costs the width of the chart, never the length of the history.
 */
#define G_LOG_DOMAIN "ma-chart"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-chart.h"

#define AXIS_HEIGHT 14

typedef struct
{
  MaChartModel  *model;
  guint64        playhead;

  /* the columns as last folded, and for what */
  GArray        *columns;        /* MaChartColumn */
  guint64        columns_serial;
  guint64        columns_range;
  int            columns_width;
  gboolean       columns_valid;

  char          *summary;

  /* the picture without the playhead, and what it was drawn for */
  GskRenderNode *plot_node;
  MaChartModel  *node_model;     /* not a reference: compared only */
  guint64        node_serial;
  guint64        node_range;
  int            node_width;
  int            node_height;
  gboolean       node_dark;
  GdkRGBA        node_fg;
} MaChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MaChart, ma_chart, GTK_TYPE_WIDGET)

enum {
  TICK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The zone gauge's traffic lights: where the free pages are among the watermarks. */
void
ma_chart_level_color (gint64   free,
                      guint64  min,
                      guint64  low,
                      guint64  high,
                      GdkRGBA *out)
{
  if (free < (gint64) min)
    gdk_rgba_parse (out, "#e01b24");
  else if (free < (gint64) low)
    gdk_rgba_parse (out, "#ff7800");
  else if (free < (gint64) high)
    gdk_rgba_parse (out, "#f6d32d");
  else
    gdk_rgba_parse (out, "#33d17a");
}

/* Hues apart from the traffic lights, so that a shaded period never reads as a level. */
void
ma_chart_span_color (MaChartSpanKind  kind,
                     GdkRGBA         *out)
{
  static const char *const colors[MA_N_CHART_SPANS] = {
    [MA_CHART_SPAN_KSWAPD] = "#3584e4",
    [MA_CHART_SPAN_DIRECT_RECLAIM] = "#9141ac",
    [MA_CHART_SPAN_COMPACTION] = "#986a44",
    [MA_CHART_SPAN_OOM] = "#e01b24",
  };

  gdk_rgba_parse (out, colors[MIN (kind, MA_N_CHART_SPANS - 1)]);
}

const char *
ma_chart_span_label (MaChartSpanKind kind)
{
  switch (kind)
    {
    case MA_CHART_SPAN_KSWAPD:
      return _("kswapd awake");
    case MA_CHART_SPAN_DIRECT_RECLAIM:
      return _("direct reclaim");
    case MA_CHART_SPAN_COMPACTION:
      return _("compaction");
    case MA_CHART_SPAN_OOM:
      return _("OOM kill");
    case MA_N_CHART_SPANS:
    default:
      return "?";
    }
}

/**
 * ma_chart_format_ticks:
 *
 * Returns: (transfer full): "Tick 120" or "Ticks 120–127", for [first, end)
 */
char *
ma_chart_format_ticks (guint64 first,
                       guint64 end)
{
  char a[32], b[32];

  g_snprintf (a, sizeof a, "%" G_GUINT64_FORMAT, first);
  if (end <= first + 1)
    return g_strdup_printf (_("Tick %s"), a);
  g_snprintf (b, sizeof b, "%" G_GUINT64_FORMAT, end - 1);
  /* Translators: a range of ticks of the simulation, first and last */
  return g_strdup_printf (_("Ticks %s–%s"), a, b);
}

static void
plot_geometry (MaChart *self,
               double  *out_x,
               double  *out_width)
{
  MaChartClass *klass = MA_CHART_GET_CLASS (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  *out_x = klass->margin_left;
  *out_width = MAX (width - klass->margin_left - klass->margin_right, 1);
}

/**
 * ma_chart_get_range_end:
 *
 * Returns: the ticks the time axis spans, [0, end): the scenario's length, or what was recorded
 *   when that is more; at least 1
 */
guint64
ma_chart_get_range_end (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  guint64 end = 1;

  g_return_val_if_fail (MA_IS_CHART (self), 1);

  if (priv->model != NULL)
    {
      MaSimulation *sim = ma_chart_model_get_simulation (priv->model);

      end = MAX (end, ma_chart_model_get_end (priv->model));
      end = MAX (end, ma_simulation_get_duration (sim));
      end = MAX (end, ma_simulation_get_tick (sim));
    }
  return end;
}

/**
 * ma_chart_get_playhead:
 *
 * Returns: the simulation's tick as of the last update: the playhead sits before that tick
 */
guint64
ma_chart_get_playhead (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);

  g_return_val_if_fail (MA_IS_CHART (self), 0);
  return priv->playhead;
}

/* Folds the recorded ticks into about one column per pixel, when anything changed. */
static void
ensure_columns (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  guint64 range = ma_chart_get_range_end (self), recorded;
  double x, width;
  guint want;

  plot_geometry (self, &x, &width);
  if (priv->model == NULL)
    {
      g_array_set_size (priv->columns, 0);
      priv->columns_valid = FALSE;
      return;
    }
  if (priv->columns_valid && priv->columns_serial == ma_chart_model_get_serial (priv->model)
      && priv->columns_range == range && priv->columns_width == (int) width)
    return;

  recorded = ma_chart_model_get_end (priv->model);
  want = (guint) ceil (width * (double) recorded / range);
  g_array_set_size (priv->columns, MAX (want, 1));
  g_array_set_size (priv->columns,
                    ma_chart_model_get_columns (priv->model, 0, recorded, want,
                                                (MaChartColumn *) (gpointer) priv->columns->data));
  priv->columns_serial = ma_chart_model_get_serial (priv->model);
  priv->columns_range = range;
  priv->columns_width = (int) width;
  priv->columns_valid = TRUE;
}

/**
 * ma_chart_get_n_columns:
 *
 * Returns: how many columns the chart draws now (about one per pixel of recorded history)
 */
guint
ma_chart_get_n_columns (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);

  g_return_val_if_fail (MA_IS_CHART (self), 0);
  ensure_columns (self);
  return priv->columns->len;
}

const MaChartColumn *
ma_chart_get_column (MaChart *self,
                     guint    index)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);

  g_return_val_if_fail (MA_IS_CHART (self), NULL);
  ensure_columns (self);
  g_return_val_if_fail (index < priv->columns->len, NULL);
  return &g_array_index (priv->columns, MaChartColumn, index);
}

/**
 * ma_chart_tick_at:
 * @x: a widget x coordinate
 *
 * Returns: the tick the time axis puts at @x, within [0, range end)
 */
guint64
ma_chart_tick_at (MaChart *self,
                  double   x)
{
  guint64 range = ma_chart_get_range_end (self);
  double px, width, t;

  plot_geometry (self, &px, &width);
  t = floor ((x - px) / width * range);
  return (guint64) CLAMP (t, 0, (double) (range - 1));
}

/**
 * ma_chart_describe_at:
 *
 * Returns: (transfer full) (nullable): the values of the ticks under widget point (x, y)
 */
char *
ma_chart_describe_at (MaChart *self,
                      double   x,
                      double   y)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  MaChartClass *klass = MA_CHART_GET_CLASS (self);
  guint64 first, end;
  MaChartColumn column;

  g_return_val_if_fail (MA_IS_CHART (self), NULL);

  if (priv->model == NULL || klass->describe == NULL)
    return NULL;
  first = ma_chart_tick_at (self, x);
  end = MAX (ma_chart_tick_at (self, x + 1), first + 1);
  if (!ma_chart_model_get_range (priv->model, first, end, &column))
    return NULL;
  return klass->describe (self, &column, y - klass->margin_top);
}

static void
update_accessible (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  MaChartClass *klass = MA_CHART_GET_CLASS (self);
  g_autofree char *summary = NULL;

  if (priv->model == NULL)
    summary = g_strdup (_("No simulation"));
  else if (klass->summarize != NULL)
    summary = klass->summarize (self);
  if (g_strcmp0 (summary, priv->summary) == 0)
    return;
  g_free (priv->summary);
  priv->summary = g_steal_pointer (&summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  priv->summary ? priv->summary : "", -1);
}

/**
 * ma_chart_update:
 *
 * Reads what the simulation recorded since the last update and moves the playhead: call it after
 * the simulation moved (MaPlaybackBar::tick-changed) or its history changed.
 */
void
ma_chart_update (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  gboolean changed = FALSE;

  g_return_if_fail (MA_IS_CHART (self));

  if (priv->model != NULL)
    {
      guint64 playhead = ma_simulation_get_tick (ma_chart_model_get_simulation (priv->model));

      changed = ma_chart_model_sync (priv->model);
      changed |= playhead != priv->playhead;
      priv->playhead = playhead;
    }
  changed |= priv->columns_valid && priv->model != NULL
             && priv->columns_serial != ma_chart_model_get_serial (priv->model);
  if (changed)
    {
      update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/**
 * ma_chart_set_model:
 * @model: (nullable): the zone's history, or %NULL for the empty chart
 *
 * Charts of one zone can share a model: it folds each tick once.
 */
void
ma_chart_set_model (MaChart      *self,
                    MaChartModel *model)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);

  g_return_if_fail (MA_IS_CHART (self));
  g_return_if_fail (model == NULL || MA_IS_CHART_MODEL (model));

  if (!g_set_object (&priv->model, model))
    return;
  priv->columns_valid = FALSE;
  g_clear_pointer (&priv->plot_node, gsk_render_node_unref);
  priv->playhead = 0;
  if (model != NULL)
    {
      ma_chart_model_sync (model);
      priv->playhead = ma_simulation_get_tick (ma_chart_model_get_simulation (model));
    }
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

MaChartModel *
ma_chart_get_model (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);

  g_return_val_if_fail (MA_IS_CHART (self), NULL);
  return priv->model;
}

/**
 * ma_chart_set_simulation:
 * @simulation: (nullable): a simulation, or %NULL for the empty chart
 * @zone_index: one of its zones
 *
 * Shows a zone of @simulation through a model of its own.
 */
void
ma_chart_set_simulation (MaChart      *self,
                         MaSimulation *simulation,
                         guint         zone_index)
{
  g_autoptr(MaChartModel) model = NULL;

  g_return_if_fail (MA_IS_CHART (self));
  g_return_if_fail (simulation == NULL || MA_IS_SIMULATION (simulation));

  if (simulation != NULL)
    model = ma_chart_model_new (simulation, zone_index);
  ma_chart_set_model (self, model);
}

static void
draw_axis (MaChart *self,
           cairo_t *cr,
           const MaChartPlot *plot)
{
  guint64 step = 1;
  GdkRGBA c = plot->fg;

  /* a label every 1, 2 or 5 × 10^k ticks, the first such step that puts them 64 pixels apart */
  for (guint64 decade = 1; decade < G_MAXUINT64 / 10; decade *= 10)
    {
      static const guint multiples[] = { 1, 2, 5 };
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (multiples) && !found; i++)
        {
          step = decade * multiples[i];
          found = plot->width * (double) step / plot->range_end >= 64;
        }
      if (found)
        break;
    }

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  c.alpha = 0.6;
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_set_line_width (cr, 1);
  for (guint64 t = 0; t <= plot->range_end; t += step)
    {
      double x = round (plot->x + plot->width * (double) t / plot->range_end) + 0.5;
      char label[32];
      cairo_text_extents_t ext;

      g_snprintf (label, sizeof label, "%" G_GUINT64_FORMAT, t);
      cairo_text_extents (cr, label, &ext);
      cairo_move_to (cr, x, plot->y + plot->height);
      cairo_line_to (cr, x, plot->y + plot->height + 3);
      cairo_stroke (cr);
      cairo_move_to (cr, CLAMP (x - ext.x_advance / 2, plot->x,
                                plot->x + plot->width - ext.x_advance),
                     plot->y + plot->height + AXIS_HEIGHT - 2);
      cairo_show_text (cr, label);
      if (t > G_MAXUINT64 - step)
        break;
    }
}

static void
draw_empty (cairo_t           *cr,
            const MaChartPlot *plot,
            const char        *text)
{
  GdkRGBA c = plot->fg;
  cairo_text_extents_t ext;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  cairo_text_extents (cr, text, &ext);
  c.alpha = 0.55;
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_move_to (cr, plot->x + (plot->width - ext.x_advance) / 2,
                 plot->y + (plot->height + ext.height) / 2);
  cairo_show_text (cr, text);
}

/* The chart without its playhead: redrawn only when the history, the size or the style changed,
 * so that scrubbing through a recorded history moves a small overlay over a cached picture. */
static GskRenderNode *
render_plot (MaChart           *self,
             const MaChartPlot *plot_in,
             int                width,
             int                height)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  MaChartClass *klass = MA_CHART_GET_CLASS (self);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  MaChartPlot plot = *plot_in;
  GdkRGBA trough;
  cairo_t *cr;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  trough = plot.fg;
  trough.alpha = 0.05;
  gdk_cairo_set_source_rgba (cr, &trough);
  cairo_rectangle (cr, plot.x, plot.y, plot.width, plot.height);
  cairo_fill (cr);

  if (priv->model == NULL || ma_chart_model_get_end (priv->model) == 0)
    draw_empty (cr, &plot, priv->model == NULL ? _("No simulation")
                                               : _("Nothing recorded yet: play the simulation"));
  else
    {
      ensure_columns (self);
      plot.columns = (const MaChartColumn *) (gconstpointer) priv->columns->data;
      plot.n_columns = priv->columns->len;
      cairo_save (cr);
      cairo_rectangle (cr, 0, plot.y, width, plot.height);
      cairo_clip (cr);
      klass->draw_plot (self, cr, &plot);
      cairo_restore (cr);
      draw_axis (self, cr, &plot);
    }
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
ma_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  MaChart *self = MA_CHART (widget);
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  MaChartClass *klass = MA_CHART_GET_CLASS (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  MaChartPlot plot = { 0, };
  guint64 serial;
  GdkRGBA accent;
  double x;

  if (width <= 0 || height <= 0)
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &plot.fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &plot.fg);
#endif
  plot.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  plot_geometry (self, &plot.x, &plot.width);
  plot.y = klass->margin_top;
  plot.height = MAX (height - klass->margin_top - AXIS_HEIGHT, 1);
  plot.range_end = ma_chart_get_range_end (self);
  serial = priv->model ? ma_chart_model_get_serial (priv->model) : 0;

  if (priv->plot_node == NULL || priv->node_model != priv->model || priv->node_serial != serial
      || priv->node_width != width || priv->node_height != height
      || priv->node_range != plot.range_end || priv->node_dark != plot.dark
      || !gdk_rgba_equal (&priv->node_fg, &plot.fg))
    {
      g_clear_pointer (&priv->plot_node, gsk_render_node_unref);
      priv->plot_node = render_plot (self, &plot, width, height);
      priv->node_model = priv->model;
      priv->node_serial = serial;
      priv->node_width = width;
      priv->node_height = height;
      priv->node_range = plot.range_end;
      priv->node_dark = plot.dark;
      priv->node_fg = plot.fg;
    }
  gtk_snapshot_append_node (snapshot, priv->plot_node);
  if (priv->model == NULL || ma_chart_model_get_end (priv->model) == 0)
    return;

  /* the playhead, before the tick the simulation runs next: a line with a knob on top */
  gdk_rgba_parse (&accent, plot.dark ? "#78aeed" : "#1c71d8");
  x = round (plot.x + plot.width * (double) priv->playhead / plot.range_end);
  gtk_snapshot_append_color (snapshot, &accent, &GRAPHENE_RECT_INIT (x - 1, plot.y, 2, plot.height));
  {
    GskRoundedRect knob;

    gsk_rounded_rect_init_from_rect (&knob, &GRAPHENE_RECT_INIT (x - 4, plot.y - 4, 8, 8), 4);
    gtk_snapshot_push_rounded_clip (snapshot, &knob);
    gtk_snapshot_append_color (snapshot, &accent, &knob.bounds);
    gtk_snapshot_pop (snapshot);
  }
}

static void
ma_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  MaChartClass *klass = MA_CHART_GET_CLASS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160 + klass->margin_left + klass->margin_right;
      *natural = 480;
    }
  else
    *minimum = *natural = klass->margin_top + klass->plot_height + AXIS_HEIGHT;
}

static gboolean
ma_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  g_autofree char *text = ma_chart_describe_at (MA_CHART (widget), x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             MaChart         *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  guint64 tick;

  if (priv->model == NULL || ma_chart_model_get_end (priv->model) == 0)
    return;
  /* a tick's sample is the state at its end: clicking it goes to the start of the next */
  tick = MIN (ma_chart_tick_at (self, x) + 1, ma_chart_model_get_end (priv->model));
  g_signal_emit (self, signals[TICK_ACTIVATED], 0, tick);
}

static void
ma_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MaChart *self = MA_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, ma_chart_get_model (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MaChart *self = MA_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ma_chart_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_chart_dispose (GObject *object)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (MA_CHART (object));

  g_clear_object (&priv->model);
  G_OBJECT_CLASS (ma_chart_parent_class)->dispose (object);
}

static void
ma_chart_finalize (GObject *object)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (MA_CHART (object));

  g_array_unref (priv->columns);
  g_free (priv->summary);
  g_clear_pointer (&priv->plot_node, gsk_render_node_unref);
  G_OBJECT_CLASS (ma_chart_parent_class)->finalize (object);
}

static void
ma_chart_class_init (MaChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_chart_get_property;
  object_class->set_property = ma_chart_set_property;
  object_class->dispose = ma_chart_dispose;
  object_class->finalize = ma_chart_finalize;
  widget_class->snapshot = ma_chart_snapshot;
  widget_class->measure = ma_chart_measure;
  widget_class->query_tooltip = ma_chart_query_tooltip;

  klass->margin_right = 4;
  klass->margin_top = 4;
  klass->plot_height = 96;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, MA_TYPE_CHART_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MaChart::tick-activated:
   * @tick: the tick to go to: the start of the tick after the one clicked, whose sample (the
   *   state at its end) the user pointed at
   *
   * The user clicked the chart: the window can seek the simulation there.
   */
  signals[TICK_ACTIVATED] = g_signal_new ("tick-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_UINT64);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ma_chart_init (MaChart *self)
{
  MaChartPrivate *priv = ma_chart_get_instance_private (self);
  GtkGesture *click = gtk_gesture_click_new ();

  priv->columns = g_array_new (FALSE, FALSE, sizeof (MaChartColumn));
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  update_accessible (self);
}
