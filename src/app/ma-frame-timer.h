/* ma-frame-timer.h: how long frames take and how often they come, measured in the app
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * MaFrameStats:
 * @n: how many values
 * @min_ms: the smallest, in milliseconds
 * @median_ms: the median
 * @p95_ms: the 95th percentile (nearest rank)
 * @max_ms: the largest
 */
typedef struct
{
  guint  n;
  double min_ms;
  double median_ms;
  double p95_ms;
  double max_ms;
} MaFrameStats;

#define MA_TYPE_FRAME_TIMER (ma_frame_timer_get_type ())

G_DECLARE_FINAL_TYPE (MaFrameTimer, ma_frame_timer, MA, FRAME_TIMER, GObject)

MaFrameTimer *ma_frame_timer_new           (void);
void          ma_frame_timer_attach        (MaFrameTimer  *self,
                                            GtkWidget     *widget);
void          ma_frame_timer_set_recording (MaFrameTimer  *self,
                                            gboolean       recording);
gboolean      ma_frame_timer_get_recording (MaFrameTimer  *self);
void          ma_frame_timer_reset         (MaFrameTimer  *self);
guint         ma_frame_timer_get_n_frames  (MaFrameTimer  *self);
void          ma_frame_timer_get_stats     (MaFrameTimer  *self,
                                            MaFrameStats  *out_intervals,
                                            MaFrameStats  *out_work);
char         *ma_frame_timer_format        (MaFrameTimer  *self);

void          ma_frame_stats_compute       (const double  *values_ms,
                                            guint          n,
                                            MaFrameStats  *out);

G_END_DECLS
