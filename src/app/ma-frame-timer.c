/* ma-frame-timer.c: how long frames take and how often they come, measured in the app
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While a scenario plays, the map must keep drawing at the display's rate. Benchmarks outside the
 * app measure the renderer alone; this measures the real thing: the frame clock of the window,
 * from "before-paint" (the simulation's ticks run in the update phase that follows) to
 * "after-paint" (layout, snapshots and rendering done) as the work of a frame, and the time
 * between two frames' starts as the interval. It records only while told to (while playing), so
 * that idle stretches, when the clock stops, do not count as slow frames.
 */
#define G_LOG_DOMAIN "ma-frame-timer"

#include "config.h"

#include <stdlib.h>

#include "ma-frame-timer.h"

/* An hour at 60 Hz (to an hour and a quarter); older frames are dropped. */
#define MAX_FRAMES (60 * 60 * 60)

struct _MaFrameTimer
{
  GObject        parent_instance;

  GtkWidget     *widget;       /* weak */
  GdkFrameClock *clock;
  gulong         realize_id;
  gulong         unrealize_id;
  gulong         before_id;
  gulong         after_id;

  gboolean       recording;
  gint64         frame_start;  /* µs, 0 when the current frame is not recorded */
  gint64         last_start;   /* µs, 0 when the previous frame was not recorded */
  GArray        *intervals;    /* double, ms */
  GArray        *work;         /* double, ms */
};

G_DEFINE_FINAL_TYPE (MaFrameTimer, ma_frame_timer, G_TYPE_OBJECT)

static void
before_paint_cb (GdkFrameClock *clock,
                 MaFrameTimer  *self)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->recording)
    {
      self->frame_start = self->last_start = 0;
      return;
    }
  if (self->last_start != 0)
    {
      double interval = (now - self->last_start) / 1000.0;

      g_array_append_val (self->intervals, interval);
    }
  self->frame_start = self->last_start = now;
}

static void
after_paint_cb (GdkFrameClock *clock,
                MaFrameTimer  *self)
{
  double work;

  if (!self->recording || self->frame_start == 0)
    return;
  work = (g_get_monotonic_time () - self->frame_start) / 1000.0;
  g_array_append_val (self->work, work);
  self->frame_start = 0;
  /* past the cap, the oldest quarter goes at once: not a 1.7 MB move every frame */
  if (self->work->len > MAX_FRAMES + MAX_FRAMES / 4)
    g_array_remove_range (self->work, 0, self->work->len - MAX_FRAMES);
  if (self->intervals->len > MAX_FRAMES + MAX_FRAMES / 4)
    g_array_remove_range (self->intervals, 0, self->intervals->len - MAX_FRAMES);
}

static void
unhook_clock (MaFrameTimer *self)
{
  if (self->clock == NULL)
    return;
  g_clear_signal_handler (&self->before_id, self->clock);
  g_clear_signal_handler (&self->after_id, self->clock);
  g_clear_object (&self->clock);
  self->frame_start = self->last_start = 0;
}

static void
hook_clock (MaFrameTimer *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (self->widget);

  unhook_clock (self);
  if (clock == NULL)
    return;
  self->clock = g_object_ref (clock);
  self->before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), self);
  self->after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
realize_cb (GtkWidget    *widget,
            MaFrameTimer *self)
{
  hook_clock (self);
}

static void
unrealize_cb (GtkWidget    *widget,
              MaFrameTimer *self)
{
  unhook_clock (self);
}

static void
detach (MaFrameTimer *self)
{
  unhook_clock (self);
  if (self->widget != NULL)
    {
      g_clear_signal_handler (&self->realize_id, self->widget);
      g_clear_signal_handler (&self->unrealize_id, self->widget);
      g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
      self->widget = NULL;
    }
}

static void
ma_frame_timer_dispose (GObject *object)
{
  detach (MA_FRAME_TIMER (object));
  G_OBJECT_CLASS (ma_frame_timer_parent_class)->dispose (object);
}

static void
ma_frame_timer_finalize (GObject *object)
{
  MaFrameTimer *self = MA_FRAME_TIMER (object);

  g_array_unref (self->intervals);
  g_array_unref (self->work);
  G_OBJECT_CLASS (ma_frame_timer_parent_class)->finalize (object);
}

static void
ma_frame_timer_class_init (MaFrameTimerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ma_frame_timer_dispose;
  object_class->finalize = ma_frame_timer_finalize;
}

static void
ma_frame_timer_init (MaFrameTimer *self)
{
  self->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  self->work = g_array_new (FALSE, FALSE, sizeof (double));
}

MaFrameTimer *
ma_frame_timer_new (void)
{
  return g_object_new (MA_TYPE_FRAME_TIMER, NULL);
}

/**
 * ma_frame_timer_attach:
 * @widget: (nullable): a widget of the window to measure (not referenced), or %NULL to detach
 *
 * Measures the frames of @widget's frame clock, from when it is realized on.
 */
void
ma_frame_timer_attach (MaFrameTimer *self,
                       GtkWidget    *widget)
{
  g_return_if_fail (MA_IS_FRAME_TIMER (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (widget == self->widget)
    return;
  detach (self);
  if (widget == NULL)
    return;
  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);
  self->realize_id = g_signal_connect (widget, "realize", G_CALLBACK (realize_cb), self);
  self->unrealize_id = g_signal_connect (widget, "unrealize", G_CALLBACK (unrealize_cb), self);
  if (gtk_widget_get_realized (widget))
    hook_clock (self);
}

/**
 * ma_frame_timer_set_recording:
 *
 * Records frames from the next one on (%TRUE: while a simulation plays), or stops.
 */
void
ma_frame_timer_set_recording (MaFrameTimer *self,
                              gboolean      recording)
{
  g_return_if_fail (MA_IS_FRAME_TIMER (self));

  self->recording = !!recording;
  if (!self->recording)
    self->frame_start = self->last_start = 0;
}

gboolean
ma_frame_timer_get_recording (MaFrameTimer *self)
{
  g_return_val_if_fail (MA_IS_FRAME_TIMER (self), FALSE);
  return self->recording;
}

void
ma_frame_timer_reset (MaFrameTimer *self)
{
  g_return_if_fail (MA_IS_FRAME_TIMER (self));

  g_array_set_size (self->intervals, 0);
  g_array_set_size (self->work, 0);
  self->frame_start = self->last_start = 0;
}

/**
 * ma_frame_timer_get_n_frames:
 *
 * Returns: how many frames were recorded
 */
guint
ma_frame_timer_get_n_frames (MaFrameTimer *self)
{
  g_return_val_if_fail (MA_IS_FRAME_TIMER (self), 0);
  return self->work->len;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * ma_frame_stats_compute:
 * @values_ms: (array length=n): durations
 * @out: (out caller-allocates): their minimum, median, 95th percentile and maximum
 *
 * Percentiles by nearest rank: the p95 of 20 frames is the 19th fastest.
 */
void
ma_frame_stats_compute (const double *values_ms,
                        guint         n,
                        MaFrameStats *out)
{
  g_autofree double *sorted = NULL;

  g_return_if_fail (out != NULL);

  out->n = n;
  out->min_ms = out->median_ms = out->p95_ms = out->max_ms = 0;
  if (n == 0)
    return;
  sorted = g_memdup2 (values_ms, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  out->min_ms = sorted[0];
  out->max_ms = sorted[n - 1];
  out->median_ms = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  out->p95_ms = sorted[MAX ((guint) ((95 * (guint64) n + 99) / 100), 1) - 1];
}

/**
 * ma_frame_timer_get_stats:
 * @out_intervals: (out caller-allocates) (optional): time between the starts of frames
 * @out_work: (out caller-allocates) (optional): time from the start to the end of each frame
 */
void
ma_frame_timer_get_stats (MaFrameTimer *self,
                          MaFrameStats *out_intervals,
                          MaFrameStats *out_work)
{
  g_return_if_fail (MA_IS_FRAME_TIMER (self));

  if (out_intervals)
    ma_frame_stats_compute ((const double *) (gpointer) self->intervals->data,
                            self->intervals->len, out_intervals);
  if (out_work)
    ma_frame_stats_compute ((const double *) (gpointer) self->work->data, self->work->len,
                            out_work);
}

/**
 * ma_frame_timer_format:
 *
 * The figures for a log or a terminal, not translated (they go into bug reports):
 *
 *   frames: 600
 *   interval ms: min 16.52 median 16.67 p95 16.90 max 33.41
 *   work ms: min 0.41 median 1.10 p95 2.32 max 5.01
 *
 * Returns: (transfer full): the text, each line ending in a newline
 */
char *
ma_frame_timer_format (MaFrameTimer *self)
{
  MaFrameStats interval, work;

  g_return_val_if_fail (MA_IS_FRAME_TIMER (self), NULL);

  ma_frame_timer_get_stats (self, &interval, &work);
  return g_strdup_printf ("frames: %u\n"
                          "interval ms: min %.2f median %.2f p95 %.2f max %.2f\n"
                          "work ms: min %.2f median %.2f p95 %.2f max %.2f\n",
                          work.n,
                          interval.min_ms, interval.median_ms, interval.p95_ms, interval.max_ms,
                          work.min_ms, work.median_ms, work.p95_ms, work.max_ms);
}
