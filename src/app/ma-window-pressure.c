/* ma-window-pressure.c: the window under pressure: the simulation over its machine, playback,
 * the charts of every zone, the event log and the loads
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every machine the window shows has a simulation over it, made when the machine is set and
 * cheap until something happens (its first checkpoint waits). Before the first tick the machine
 * is explored by hand: clicks go through the session and can be undone. Once a load runs or
 * the playback moves, the simulation owns the history: clicks are recorded in it (replayed when
 * scrubbing) and the timeline takes the place of undo. A live view gets a recorder instead,
 * which only keeps the history of each capture for the charts.
 */
#define G_LOG_DOMAIN "ma-window-pressure"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-frame-timer.h"
#include "ma-order-chart.h"
#include "ma-window-private.h"
#include "ma-zone-chart.h"

gboolean
ma_window_is_simulating (MaWindow *self)
{
  return self->simulation != NULL && !ma_simulation_is_recorder (self->simulation)
         && (ma_simulation_get_end (self->simulation) > 0
             || ma_simulation_get_n_loads (self->simulation) > 0);
}

static void
clear_charts (MaWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts_box))) != NULL)
    gtk_box_remove (self->charts_box, child);
  g_ptr_array_set_size (self->charts, 0);
}

static void
chart_tick_activated_cb (MaWindow *self,
                         guint64   tick,
                         MaChart  *chart)
{
  if (self->simulation != NULL && !ma_simulation_is_recorder (self->simulation))
    ma_playback_bar_seek (self->playback_bar, tick);
}

/* Two charts per populated zone: free pages against the watermarks, free blocks per order. */
static void
build_charts (MaWindow *self)
{
  clear_charts (self);
  if (self->simulation == NULL)
    return;

  for (guint z = 0; z < ma_simulation_get_n_zones (self->simulation); z++)
    {
      MaZone *zone = ma_simulation_get_zone (self->simulation, z);
      g_autofree char *title = g_strdup_printf (_("Node %u · %s"),
                                                ma_node_get_id (ma_zone_get_node (zone)),
                                                ma_zone_get_name (zone));
      GtkWidget *label = gtk_label_new (title);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *free_chart = ma_zone_chart_new ();
      GtkWidget *order_chart = ma_order_chart_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (self->charts_box, label);

      gtk_widget_set_hexpand (free_chart, TRUE);
      gtk_widget_set_hexpand (order_chart, TRUE);
      gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
      gtk_box_append (GTK_BOX (row), free_chart);
      gtk_box_append (GTK_BOX (row), order_chart);
      gtk_box_append (self->charts_box, row);

      ma_chart_set_simulation (MA_CHART (free_chart), self->simulation, z);
      ma_chart_set_simulation (MA_CHART (order_chart), self->simulation, z);
      g_signal_connect_object (free_chart, "tick-activated", G_CALLBACK (chart_tick_activated_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (order_chart, "tick-activated", G_CALLBACK (chart_tick_activated_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->charts, free_chart);
      g_ptr_array_add (self->charts, order_chart);
    }
}

/* After the simulation moved (a tick, a seek, a capture): every view follows. */
void
ma_window_pressure_refresh (MaWindow *self)
{
  for (guint i = 0; i < self->charts->len; i++)
    ma_chart_update (g_ptr_array_index (self->charts, i));
  ma_event_log_update (self->event_log);
  ma_load_panel_update (self->load_panel);
  ma_playback_bar_update (self->playback_bar);
}

static void
tick_changed_cb (MaWindow      *self,
                 guint64        tick,
                 MaPlaybackBar *bar)
{
  ma_machine_notify_changed (ma_simulation_get_machine (self->simulation));
  ma_window_pressure_refresh (self);
  ma_window_refresh (self);
}

static void
event_activated_cb (MaWindow   *self,
                    guint64     pfn,
                    guint       order,
                    MaEventLog *log)
{
  MaMachine *m = ma_window_get_machine (self);

  if (m == NULL || ma_machine_zone_of_pfn (m, pfn) == NULL)
    return;
  ma_window_select_pfn (self, (gint64) pfn);
}

static void
loads_changed_cb (MaWindow    *self,
                  MaLoadPanel *panel)
{
  ma_playback_bar_update (self->playback_bar);
  ma_window_update_actions (self);
}

/* A scenario brings its own machine: the window moves to it, as to any other source. */
static void
scenario_loaded_cb (MaWindow     *self,
                    MaSimulation *simulation,
                    MaLoadPanel  *panel)
{
  g_autoptr(MaSession) session = ma_session_new_for_machine (ma_simulation_get_machine (simulation));

  ma_window_stop_live (self);
  ma_window_set_session (self, session, NULL, ma_simulation_get_title (simulation));
  /* set_session made a fresh simulation for the machine: the scenario's replaces it */
  g_set_object (&self->simulation, simulation);
  ma_playback_bar_set_simulation (self->playback_bar, simulation);
  ma_load_panel_set_simulation (self->load_panel, simulation);
  ma_event_log_set_simulation (self->event_log, simulation);
  build_charts (self);
  ma_window_pressure_refresh (self);
  ma_window_update_actions (self);
}

void
ma_window_pressure_set_machine (MaWindow  *self,
                                MaMachine *machine,
                                gboolean   recorder)
{
  ma_playback_bar_set_playing (self->playback_bar, FALSE);
  g_clear_object (&self->simulation);
  if (machine != NULL)
    self->simulation = recorder ? ma_simulation_new_recorder (machine)
                                : ma_simulation_new (machine);

  ma_playback_bar_set_simulation (self->playback_bar, recorder ? NULL : self->simulation);
  gtk_widget_set_visible (GTK_WIDGET (self->playback_bar), !recorder);
  ma_load_panel_set_simulation (self->load_panel, recorder ? NULL : self->simulation);
  ma_event_log_set_machine (self->event_log, machine);
  ma_event_log_set_simulation (self->event_log, self->simulation);
  build_charts (self);
}

/* While the playback runs, the frame timer records how long the window's frames take (the
 * issue's figure: the map keeps drawing at the display's rate). With --frame-stats the numbers
 * are printed when the playback stops, and the app quits. */
static void
playing_changed_cb (MaWindow      *self,
                    GParamSpec    *pspec,
                    MaPlaybackBar *bar)
{
  gboolean playing = ma_playback_bar_get_playing (bar);

  if (!playing && self->screenshot_path != NULL)
    ma_window_screenshot_when_drawn (self);
  if (self->frame_timer == NULL)
    return;
  if (playing)
    {
      ma_frame_timer_reset (self->frame_timer);
      ma_frame_timer_set_recording (self->frame_timer, TRUE);
      return;
    }
  ma_frame_timer_set_recording (self->frame_timer, FALSE);
  if (self->print_frame_stats && ma_frame_timer_get_n_frames (self->frame_timer) > 0)
    {
      g_autofree char *text = ma_frame_timer_format (self->frame_timer);

      g_print ("%s: %" G_GUINT64_FORMAT " ticks\n%s\n",
               ma_simulation_get_title (self->simulation),
               ma_simulation_get_tick (self->simulation), text);
      if (self->screenshot_path == NULL)
        gtk_window_close (GTK_WINDOW (self));
    }
}

/* --play SCENARIO: the scenario, playing at the fastest speed. */
gboolean
ma_window_play_scenario (MaWindow    *self,
                         const char  *name_or_path,
                         gboolean     frame_stats,
                         GError     **error)
{
  if (!ma_load_panel_run_scenario (self->load_panel, name_or_path, error))
    return FALSE;
  self->print_frame_stats = frame_stats;
  ma_playback_bar_set_speed (self->playback_bar, 64);
  ma_playback_bar_set_playing (self->playback_bar, TRUE);
  return TRUE;
}

static void
playback_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  const char *bar_action = g_str_equal (name, "win.play") ? "playback.toggle"
                           : g_str_equal (name, "win.step") ? "playback.step"
                           : "playback.step-back";

  gtk_widget_activate_action (GTK_WIDGET (self->playback_bar), bar_action, NULL);
}

void
ma_window_install_pressure_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.play", NULL, playback_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK, "win.play", NULL);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, playback_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "win.step", NULL);
  gtk_widget_class_install_action (widget_class, "win.step-back", NULL, playback_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "win.step-back", NULL);
}

void
ma_window_pressure_init (MaWindow *self)
{
  self->charts = g_ptr_array_new ();
  self->frame_timer = ma_frame_timer_new ();
  ma_frame_timer_attach (self->frame_timer, GTK_WIDGET (self));
  g_signal_connect_object (self->playback_bar, "notify::playing", G_CALLBACK (playing_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->playback_bar, "tick-changed", G_CALLBACK (tick_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->event_log, "event-activated", G_CALLBACK (event_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->load_panel, "loads-changed", G_CALLBACK (loads_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->load_panel, "scenario-loaded", G_CALLBACK (scenario_loaded_cb),
                           self, G_CONNECT_SWAPPED);
}

void
ma_window_pressure_dispose (MaWindow *self)
{
  if (self->playback_bar != NULL)
    ma_playback_bar_set_playing (self->playback_bar, FALSE);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_object (&self->simulation);
  g_clear_object (&self->frame_timer);
}
