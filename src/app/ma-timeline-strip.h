/* ma-timeline-strip.h: the history of a simulation as a strip to scrub, with its notable events
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-chart-model.h"

G_BEGIN_DECLS

#define MA_TYPE_TIMELINE_STRIP (ma_timeline_strip_get_type ())

G_DECLARE_FINAL_TYPE (MaTimelineStrip, ma_timeline_strip, MA, TIMELINE_STRIP, GtkWidget)

GtkWidget    *ma_timeline_strip_new            (void);
void          ma_timeline_strip_set_simulation (MaTimelineStrip *self,
                                                MaSimulation    *simulation);
MaSimulation *ma_timeline_strip_get_simulation (MaTimelineStrip *self);
void          ma_timeline_strip_update         (MaTimelineStrip *self);
guint64       ma_timeline_strip_get_range_end  (MaTimelineStrip *self);
guint64       ma_timeline_strip_tick_at        (MaTimelineStrip *self,
                                                double           x);
double        ma_timeline_strip_get_tick_x     (MaTimelineStrip *self,
                                                guint64          tick);
guint         ma_timeline_strip_get_marks_at   (MaTimelineStrip *self,
                                                double           x);

G_END_DECLS
