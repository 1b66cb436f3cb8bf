/* ma-playback-bar.h: play, pause, step, speed and scrub a simulation
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-simulation.h"

G_BEGIN_DECLS

#define MA_TYPE_PLAYBACK_BAR (ma_playback_bar_get_type ())

G_DECLARE_FINAL_TYPE (MaPlaybackBar, ma_playback_bar, MA, PLAYBACK_BAR, GtkWidget)

#define MA_PLAYBACK_MIN_SPEED 1
#define MA_PLAYBACK_MAX_SPEED 64

GtkWidget    *ma_playback_bar_new            (void);
void          ma_playback_bar_set_simulation (MaPlaybackBar *self,
                                              MaSimulation  *simulation);
MaSimulation *ma_playback_bar_get_simulation (MaPlaybackBar *self);
void          ma_playback_bar_set_playing    (MaPlaybackBar *self,
                                              gboolean       playing);
gboolean      ma_playback_bar_get_playing    (MaPlaybackBar *self);
void          ma_playback_bar_set_speed      (MaPlaybackBar *self,
                                              guint          ticks_per_second);
guint         ma_playback_bar_get_speed      (MaPlaybackBar *self);
void          ma_playback_bar_step           (MaPlaybackBar *self);
void          ma_playback_bar_step_back      (MaPlaybackBar *self);
gboolean      ma_playback_bar_seek           (MaPlaybackBar *self,
                                              guint64        tick);
void          ma_playback_bar_update         (MaPlaybackBar *self);

G_END_DECLS
