/* ma-timeline-strip.c: the history of a simulation as a strip to scrub
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strip spans the scenario's length (or the recorded history, once it runs longer): the
 * recorded part is filled, the playhead sits where the simulation is, and the timeline's notable
 * events are marks: kswapd waking, direct reclaim, compaction and OOM kills, in the charts'
 * colours. A history can hold a direct reclaim every tick, so marks are binned per pixel, and the
 * bins rebuilt only when the width, the span or the timeline changed.
 *
 * Dragging or the arrow keys ask to go to a tick ("scrub"); the playback bar seeks the
 * simulation, at most once per frame. Only recorded ticks can be reached.
 */
#define G_LOG_DOMAIN "ma-timeline-strip"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-chart.h"
#include "ma-timeline-strip.h"

#define HEIGHT 26
#define KNOB 6

struct _MaTimelineStrip
{
  GtkWidget     parent_instance;

  MaSimulation *simulation;
  guint64       tick;
  guint64       end;
  guint64       range;

  GArray       *bins;           /* guint8 per pixel: 1 << MaChartSpanKind */
  guint         bins_timeline;  /* timeline length the bins were made from */
  guint64       bins_range;
  double        drag_x;
};

G_DEFINE_FINAL_TYPE (MaTimelineStrip, ma_timeline_strip, GTK_TYPE_WIDGET)

enum {
  SCRUB,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ma_timeline_strip_new (void)
{
  return g_object_new (MA_TYPE_TIMELINE_STRIP, NULL);
}

static double
inset (void)
{
  return KNOB + 1;
}

static double
track_width (MaTimelineStrip *self)
{
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)) - 2 * inset (), 1);
}

static double
tick_x (MaTimelineStrip *self,
        guint64          tick)
{
  return inset () + track_width (self) * (double) tick / MAX (self->range, 1);
}

/**
 * ma_timeline_strip_get_tick_x:
 *
 * Returns: where the playhead stands at the start of @tick, in widget coordinates; the marks
 *   of the tick's events are between there and the next tick's x
 */
double
ma_timeline_strip_get_tick_x (MaTimelineStrip *self,
                              guint64          tick)
{
  g_return_val_if_fail (MA_IS_TIMELINE_STRIP (self), 0);
  return tick_x (self, tick);
}

/**
 * ma_timeline_strip_tick_at:
 * @x: a widget x coordinate
 *
 * Returns: the recorded tick nearest @x (from 0 to the end of the history)
 */
guint64
ma_timeline_strip_tick_at (MaTimelineStrip *self,
                           double           x)
{
  double t;

  g_return_val_if_fail (MA_IS_TIMELINE_STRIP (self), 0);

  t = round ((x - inset ()) / track_width (self) * (double) MAX (self->range, 1));
  return (guint64) CLAMP (t, 0, (double) self->end);
}

guint64
ma_timeline_strip_get_range_end (MaTimelineStrip *self)
{
  g_return_val_if_fail (MA_IS_TIMELINE_STRIP (self), 0);
  return self->range;
}

static gint
mark_kind (MaEventType type)
{
  switch (type)
    {
    case MA_EVENT_KSWAPD_WAKE:
      return MA_CHART_SPAN_KSWAPD;
    case MA_EVENT_DIRECT_RECLAIM_END:
      return MA_CHART_SPAN_DIRECT_RECLAIM;
    case MA_EVENT_COMPACTION_END:
      return MA_CHART_SPAN_COMPACTION;
    case MA_EVENT_OOM_KILL:
      return MA_CHART_SPAN_OOM;
    default:
      return -1;
    }
}

static void
ensure_bins (MaTimelineStrip *self)
{
  guint width = (guint) ceil (track_width (self));
  guint n;

  if (self->simulation == NULL)
    {
      g_array_set_size (self->bins, 0);
      return;
    }
  n = ma_simulation_get_n_timeline (self->simulation);
  if (self->bins->len == width && self->bins_timeline == n && self->bins_range == self->range)
    return;
  g_array_set_size (self->bins, width);
  memset (self->bins->data, 0, width);
  for (guint i = 0; i < n; i++)
    {
      const MaTimelineEntry *e = ma_simulation_get_timeline_entry (self->simulation, i);
      gint kind = mark_kind (e->type);
      guint px;

      if (kind < 0)
        continue;
      px = (guint) MIN ((double) width - 1, width * (e->tick + 0.5) / MAX (self->range, 1));
      g_array_index (self->bins, guint8, px) |= 1u << kind;
    }
  self->bins_timeline = n;
  self->bins_range = self->range;
}

/**
 * ma_timeline_strip_get_marks_at:
 * @x: a widget x coordinate
 *
 * Returns: the marks drawn at @x: bit (1 << kind) for each #MaChartSpanKind
 */
guint
ma_timeline_strip_get_marks_at (MaTimelineStrip *self,
                                double           x)
{
  gint px;

  g_return_val_if_fail (MA_IS_TIMELINE_STRIP (self), 0);

  ensure_bins (self);
  px = (gint) floor (x - inset ());
  if (px < 0 || (guint) px >= self->bins->len)
    return 0;
  return g_array_index (self->bins, guint8, px);
}

static void
update_accessible (MaTimelineStrip *self)
{
  char now[32], total[32];
  g_autofree char *text = NULL;

  g_snprintf (now, sizeof now, "%" G_GUINT64_FORMAT, self->tick);
  g_snprintf (total, sizeof total, "%" G_GUINT64_FORMAT, self->end);
  /* Translators: the current tick and the recorded ticks of a simulation */
  text = g_strdup_printf (_("Tick %s of %s recorded"), now, total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) self->end,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) self->tick,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/**
 * ma_timeline_strip_update:
 *
 * Reads the simulation's tick, history and timeline again.
 */
void
ma_timeline_strip_update (MaTimelineStrip *self)
{
  guint64 tick = 0, end = 0, range = 1;

  g_return_if_fail (MA_IS_TIMELINE_STRIP (self));

  if (self->simulation != NULL)
    {
      tick = ma_simulation_get_tick (self->simulation);
      end = ma_simulation_get_end (self->simulation);
      range = MAX (MAX (end, ma_simulation_get_duration (self->simulation)), MAX (tick, 1));
    }
  if (tick == self->tick && end == self->end && range == self->range
      && (self->simulation == NULL
          || self->bins_timeline == ma_simulation_get_n_timeline (self->simulation)))
    return;
  self->tick = tick;
  self->end = end;
  self->range = range;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ma_timeline_strip_set_simulation (MaTimelineStrip *self,
                                  MaSimulation    *simulation)
{
  g_return_if_fail (MA_IS_TIMELINE_STRIP (self));
  g_return_if_fail (simulation == NULL || MA_IS_SIMULATION (simulation));

  if (!g_set_object (&self->simulation, simulation))
    return;
  self->bins_timeline = G_MAXUINT;
  self->tick = self->end = G_MAXUINT64;
  gtk_widget_set_sensitive (GTK_WIDGET (self), simulation != NULL);
  ma_timeline_strip_update (self);
}

MaSimulation *
ma_timeline_strip_get_simulation (MaTimelineStrip *self)
{
  g_return_val_if_fail (MA_IS_TIMELINE_STRIP (self), NULL);
  return self->simulation;
}

static void
ma_timeline_strip_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  MaTimelineStrip *self = MA_TIMELINE_STRIP (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double x0 = inset (), w = track_width (self), top = (height - 14) / 2.0, bar_h = 14;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA fg, c, accent;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
#endif
  gdk_rgba_parse (&accent, dark ? "#78aeed" : "#1c71d8");
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* the track, and the recorded part of it */
  c = fg;
  c.alpha = 0.08;
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_rectangle (cr, x0, top, w, bar_h);
  cairo_fill (cr);
  if (self->simulation == NULL)
    {
      cairo_destroy (cr);
      return;
    }
  c.alpha = 0.16;
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_rectangle (cr, x0, top, tick_x (self, self->end) - x0, bar_h);
  cairo_fill (cr);

  /* marks: kswapd in the upper half, direct reclaim and compaction in the lower, OOM through */
  ensure_bins (self);
  for (guint px = 0; px < self->bins->len; px++)
    {
      guint8 bits = g_array_index (self->bins, guint8, px);
      static const struct { MaChartSpanKind kind; double y, h; } rows[] = {
        { MA_CHART_SPAN_KSWAPD, 0, 0.5 },
        { MA_CHART_SPAN_DIRECT_RECLAIM, 0.5, 0.5 },
        { MA_CHART_SPAN_COMPACTION, 0.75, 0.25 },
        { MA_CHART_SPAN_OOM, 0, 1 },
      };

      if (bits == 0)
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        if (bits & (1u << rows[r].kind))
          {
            ma_chart_span_color (rows[r].kind, &c);
            gdk_cairo_set_source_rgba (cr, &c);
            cairo_rectangle (cr, x0 + px, top + rows[r].y * bar_h,
                             rows[r].kind == MA_CHART_SPAN_OOM ? 2 : 1, rows[r].h * bar_h);
            cairo_fill (cr);
          }
    }

  /* the playhead */
  {
    double x = round (tick_x (self, self->tick));

    gdk_cairo_set_source_rgba (cr, &accent);
    cairo_rectangle (cr, x - 1, top - 2, 2, bar_h + 4);
    cairo_fill (cr);
    cairo_arc (cr, x, height / 2.0, KNOB - 1, 0, 2 * G_PI);
    cairo_fill (cr);
    if (gtk_widget_has_visible_focus (widget))
      {
        cairo_set_line_width (cr, 2);
        cairo_arc (cr, x, height / 2.0, KNOB + 0.5, 0, 2 * G_PI);
        accent.alpha = 0.5;
        gdk_cairo_set_source_rgba (cr, &accent);
        cairo_stroke (cr);
      }
  }
  cairo_destroy (cr);
}

static void
ma_timeline_strip_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 80;
      *natural = 320;
    }
  else
    *minimum = *natural = HEIGHT;
}

static gboolean
ma_timeline_strip_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  MaTimelineStrip *self = MA_TIMELINE_STRIP (widget);
  guint64 tick = ma_timeline_strip_tick_at (self, x);
  guint bits = ma_timeline_strip_get_marks_at (self, x);
  g_autofree char *ticks = NULL;
  g_autoptr(GString) text = NULL;

  if (self->simulation == NULL)
    return FALSE;
  ticks = ma_chart_format_ticks (tick, tick + 1);
  text = g_string_new (ticks);
  for (guint kind = 0; kind < MA_N_CHART_SPANS; kind++)
    if (bits & (1u << kind))
      {
        g_string_append (text, "\n");
        g_string_append (text, ma_chart_span_label (kind));
      }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
scrub_to (MaTimelineStrip *self,
          guint64          tick)
{
  if (self->simulation == NULL)
    return;
  g_signal_emit (self, signals[SCRUB], 0, MIN (tick, self->end));
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               MaTimelineStrip *self)
{
  self->drag_x = x;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  scrub_to (self, ma_timeline_strip_tick_at (self, x));
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                MaTimelineStrip *self)
{
  scrub_to (self, ma_timeline_strip_tick_at (self, self->drag_x + dx));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MaTimelineStrip       *self)
{
  guint64 page = MAX (self->range / 10, 1);

  if (self->simulation == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      scrub_to (self, self->tick > 0 ? self->tick - 1 : 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      scrub_to (self, self->tick + 1);
      return TRUE;
    case GDK_KEY_Page_Down:
      scrub_to (self, self->tick > page ? self->tick - page : 0);
      return TRUE;
    case GDK_KEY_Page_Up:
      scrub_to (self, self->tick + page);
      return TRUE;
    case GDK_KEY_Home:
      scrub_to (self, 0);
      return TRUE;
    case GDK_KEY_End:
      scrub_to (self, self->end);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
ma_timeline_strip_dispose (GObject *object)
{
  MaTimelineStrip *self = MA_TIMELINE_STRIP (object);

  g_clear_object (&self->simulation);
  G_OBJECT_CLASS (ma_timeline_strip_parent_class)->dispose (object);
}

static void
ma_timeline_strip_finalize (GObject *object)
{
  MaTimelineStrip *self = MA_TIMELINE_STRIP (object);

  g_array_unref (self->bins);
  G_OBJECT_CLASS (ma_timeline_strip_parent_class)->finalize (object);
}

static void
ma_timeline_strip_class_init (MaTimelineStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_timeline_strip_dispose;
  object_class->finalize = ma_timeline_strip_finalize;
  widget_class->snapshot = ma_timeline_strip_snapshot;
  widget_class->measure = ma_timeline_strip_measure;
  widget_class->query_tooltip = ma_timeline_strip_query_tooltip;

  /**
   * MaTimelineStrip::scrub:
   * @tick: a recorded tick (0 … the end of the history)
   *
   * The user asks to go to @tick: by a click, a drag or a key.
   */
  signals[SCRUB] = g_signal_new ("scrub", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_css_name (widget_class, "timelinestrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
ma_timeline_strip_init (MaTimelineStrip *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->bins = g_array_new (FALSE, TRUE, sizeof (guint8));
  self->range = 1;
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("History"), -1);
  update_accessible (self);
}
