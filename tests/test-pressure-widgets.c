/* test-pressure-widgets.c: the playback bar, the charts, the event log and the load panel,
 * wired as the window wires them, driven through their controls
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ma-event-list.h"
#include "ma-event-log.h"
#include "ma-frame-timer.h"
#include "ma-load-form.h"
#include "ma-load-panel.h"
#include "ma-order-chart.h"
#include "ma-playback-bar.h"
#include "ma-resources.h"
#include "ma-timeline-strip.h"
#include "ma-zone-chart.h"

typedef struct
{
  MaSimulation  *sim;
  GtkWidget     *window;
  MaPlaybackBar *bar;
  MaChart       *zone_chart;
  MaChart       *order_chart;
  MaEventLog    *log;
  MaLoadPanel   *panel;
  guint          tick_changed;
  guint64        last_tick;
  guint          loads_changed;
  guint          activated;
  guint64        activated_pfn;
  guint          activated_order;
  guint64        chart_tick;
  guint64        want_tick;
  MaSimulation  *loaded;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean (*cond) (Fixture *f),
          Fixture  *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!cond (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static MaSimulation *
pressure_64m (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scenarios",
                                                 "pressure-64m.json", NULL);
  g_autoptr(GBytes) bytes = ma_scenarios_load (path, &error);
  MaSimulation *sim;

  g_assert_no_error (error);
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), path, NULL, &error);
  g_assert_no_error (error);
  return sim;
}

static guint
dma32_index (MaSimulation *sim)
{
  for (guint z = 0; z < ma_simulation_get_n_zones (sim); z++)
    if (ma_zone_get_zone_type (ma_simulation_get_zone (sim, z)) == MA_ZONE_DMA32)
      return z;
  g_assert_not_reached ();
}

/* What the window does when the simulation moved. */
static void
tick_changed_cb (MaPlaybackBar *bar,
                 guint64        tick,
                 Fixture       *f)
{
  f->tick_changed++;
  f->last_tick = tick;
  ma_chart_update (f->zone_chart);
  ma_chart_update (f->order_chart);
  ma_event_log_update (f->log);
  ma_load_panel_update (f->panel);
}

/* What the window does when loads changed: the history after now is gone. */
static void
loads_changed_cb (MaLoadPanel *panel,
                  Fixture     *f)
{
  f->loads_changed++;
  ma_playback_bar_update (f->bar);
  ma_chart_update (f->zone_chart);
  ma_chart_update (f->order_chart);
  ma_event_log_update (f->log);
}

static void
event_activated_cb (MaEventLog *log,
                    guint64     pfn,
                    guint       order,
                    Fixture    *f)
{
  f->activated++;
  f->activated_pfn = pfn;
  f->activated_order = order;
}

static void
chart_tick_cb (MaChart *chart,
               guint64  tick,
               Fixture *f)
{
  f->chart_tick = tick;
}

static void
scenario_loaded_cb (MaLoadPanel  *panel,
                    MaSimulation *sim,
                    Fixture      *f)
{
  g_set_object (&f->loaded, sim);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *pane = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  f->bar = MA_PLAYBACK_BAR (ma_playback_bar_new ());
  f->zone_chart = MA_CHART (ma_zone_chart_new ());
  f->order_chart = MA_CHART (ma_order_chart_new ());
  f->log = MA_EVENT_LOG (ma_event_log_new ());
  f->panel = MA_LOAD_PANEL (ma_load_panel_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (f->log), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (f->log), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (f->panel), 300, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->zone_chart));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->order_chart));
  gtk_box_append (GTK_BOX (pane), GTK_WIDGET (f->log));
  gtk_box_append (GTK_BOX (pane), GTK_WIDGET (f->panel));
  gtk_box_append (GTK_BOX (box), pane);
  gtk_window_set_child (GTK_WINDOW (f->window), box);

  g_signal_connect (f->bar, "tick-changed", G_CALLBACK (tick_changed_cb), f);
  g_signal_connect (f->panel, "loads-changed", G_CALLBACK (loads_changed_cb), f);
  g_signal_connect (f->panel, "scenario-loaded", G_CALLBACK (scenario_loaded_cb), f);
  g_signal_connect (f->log, "event-activated", G_CALLBACK (event_activated_cb), f);
  g_signal_connect (f->zone_chart, "tick-activated", G_CALLBACK (chart_tick_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();

  if (GPOINTER_TO_UINT (data) == 0)
    return;
  /* with the scenario of the engine tests, the way the window will hand it over */
  f->sim = pressure_64m ();
  ma_playback_bar_set_simulation (f->bar, f->sim);
  ma_chart_set_simulation (f->zone_chart, f->sim, dma32_index (f->sim));
  ma_chart_set_model (f->order_chart, ma_chart_get_model (f->zone_chart));
  ma_event_log_set_simulation (f->log, f->sim);
  ma_load_panel_set_simulation (f->panel, f->sim);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_clear_object (&f->loaded);
  if (f->sim != NULL)
    g_assert_finalize_object (f->sim);
}

/* The first widget under `root` (popovers included) that `match` accepts. */
static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0)
         || (GTK_IS_MENU_BUTTON (widget)
             && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), data) == 0);
}

static gboolean
is_titled_row (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static GtkWidget *
control (GtkWidget   *root,
         const char  *action)
{
  GtkWidget *w = find_widget (root, has_action, action);

  g_assert_nonnull (w);
  return w;
}

/* A press of a button, as a pointer makes it (gtk_widget_activate() only starts a timeout). */
static gboolean
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  if (!gtk_widget_is_sensitive (button))
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  return TRUE;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

static gboolean
is_playing_stopped (Fixture *f)
{
  return !ma_playback_bar_get_playing (f->bar);
}

static gboolean
reached_five (Fixture *f)
{
  return ma_simulation_get_tick (f->sim) >= 5;
}

/* Without a simulation: nothing to press, nothing to draw, and each says so. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *bar = GTK_WIDGET (f->bar);
  GtkWidget *add = find_widget (GTK_WIDGET (f->panel), is_button_labelled, "list-add-symbolic");

  g_assert_false (gtk_widget_get_sensitive (control (bar, "playback.toggle")));
  g_assert_false (gtk_widget_get_sensitive (control (bar, "playback.step")));
  g_assert_false (gtk_widget_get_sensitive (control (bar, "playback.step-back")));
  ma_playback_bar_set_playing (f->bar, TRUE);
  g_assert_false (ma_playback_bar_get_playing (f->bar));

  g_assert_null (ma_chart_get_model (f->zone_chart));
  g_assert_cmpuint (ma_chart_get_n_columns (f->zone_chart), ==, 0);
  g_assert_null (ma_chart_describe_at (f->zone_chart, 100, 50));
  g_assert_null (ma_event_log_get_filter (f->log));
  g_assert_cmpuint (g_list_model_get_n_items (ma_event_log_get_model (f->log)), ==, 0);
  g_assert_nonnull (add);
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_cmpuint (ma_load_panel_get_n_rows (f->panel), ==, 0);
}

/* Played at 64 ticks/s, the simulation moves, and everything follows it. */
static void
test_play (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *bar = GTK_WIDGET (f->bar);
  guint64 tick;
  g_autoptr(MaEventItem) newest = NULL;

  g_assert_true (gtk_widget_get_sensitive (control (bar, "playback.toggle")));
  g_assert_false (gtk_widget_get_sensitive (control (bar, "playback.step-back")));
  ma_playback_bar_set_speed (f->bar, 100);
  g_assert_cmpuint (ma_playback_bar_get_speed (f->bar), ==, 64);
  ma_playback_bar_set_speed (f->bar, 5);
  g_assert_cmpuint (ma_playback_bar_get_speed (f->bar), ==, 4);
  ma_playback_bar_set_speed (f->bar, 64);

  /* the play button, as a user presses it */
  g_assert_true (click (control (bar, "playback.toggle")));
  g_assert_true (ma_playback_bar_get_playing (f->bar));
  /* stepping is for a paused simulation */
  g_assert_false (gtk_widget_get_sensitive (control (bar, "playback.step")));
  wait_for (reached_five, f);
  click (control (bar, "playback.toggle"));
  g_assert_false (ma_playback_bar_get_playing (f->bar));

  tick = ma_simulation_get_tick (f->sim);
  g_assert_cmpuint (f->last_tick, ==, tick);
  g_assert_cmpuint (f->tick_changed, >, 0);
  g_assert_cmpuint (f->tick_changed, <=, tick);
  g_assert_true (gtk_widget_get_sensitive (control (bar, "playback.step-back")));

  /* the charts have read every tick and stand at the playhead */
  g_assert_cmpuint (ma_chart_model_get_end (ma_chart_get_model (f->zone_chart)), ==, tick);
  g_assert_true (ma_chart_get_model (f->order_chart) == ma_chart_get_model (f->zone_chart));
  g_assert_cmpuint (ma_chart_get_playhead (f->zone_chart), ==, tick);
  g_assert_cmpuint (ma_chart_get_playhead (f->order_chart), ==, tick);
  g_assert_cmpuint (ma_chart_get_n_columns (f->zone_chart), ==, tick);
  g_assert_cmpuint (ma_chart_get_range_end (f->zone_chart), ==, 400);

  /* the log has the newest events first, from the last tick, and stays at the top while they
   * arrive (a list view would keep its old first row in view) */
  g_assert_cmpuint (g_list_model_get_n_items (ma_event_log_get_model (f->log)), >, 0);
  newest = g_list_model_get_item (ma_event_log_get_model (f->log), 0);
  g_assert_cmpuint (ma_event_item_get_match (newest)->tick_last, ==, tick - 1);
  iterate ();
  {
    GtkWidget *view = find_widget (GTK_WIDGET (f->log), is_type,
                                   GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
    GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

    g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
    g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);
  }

  /* the cache load started at tick 0, the leak at tick 10 */
  g_assert_cmpuint (ma_load_panel_get_n_rows (f->panel), ==, tick > 10 ? 2 : 1);
}

static gboolean
is_at_end (Fixture *f)
{
  return ma_simulation_get_tick (f->sim) == 400;
}

/* Playing stops at the scenario's end by itself; played again there, it runs on. */
static void
test_stops_at_end (Fixture       *f,
                   gconstpointer  data)
{
  ma_simulation_step (f->sim, 396);
  ma_playback_bar_update (f->bar);
  ma_playback_bar_set_speed (f->bar, 64);
  ma_playback_bar_set_playing (f->bar, TRUE);
  wait_for (is_playing_stopped, f);
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), ==, 400);
  g_assert_true (is_at_end (f));

  ma_playback_bar_set_playing (f->bar, TRUE);
  wait_for (reached_five, f);
  ma_playback_bar_step (f->bar);
  g_assert_false (ma_playback_bar_get_playing (f->bar));
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), >, 400);
  g_assert_cmpuint (ma_chart_get_range_end (f->zone_chart), ==, ma_simulation_get_tick (f->sim));
}

static gboolean
reached_wanted (Fixture *f)
{
  return f->last_tick == f->want_tick;
}

/* Step, step back, and scrub through the timeline strip with the pointer and the keys. */
static void
test_step_and_scrub (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *bar = GTK_WIDGET (f->bar);
  MaTimelineStrip *strip = MA_TIMELINE_STRIP (find_widget (bar, is_type,
                                                           GSIZE_TO_POINTER (MA_TYPE_TIMELINE_STRIP)));
  GtkEventController *drag, *keys;
  double x212;
  guint bits;
  gboolean handled = FALSE;

  for (guint i = 0; i < 300; i++)
    click (control (bar, "playback.step"));
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), ==, 300);
  g_assert_cmpuint (f->tick_changed, ==, 300);
  click (control (bar, "playback.step-back"));
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), ==, 299);
  g_assert_cmpuint (f->last_tick, ==, 299);
  /* back in time, the history stays: the charts keep what was recorded */
  g_assert_cmpuint (ma_chart_model_get_end (ma_chart_get_model (f->zone_chart)), ==, 300);
  g_assert_cmpuint (ma_chart_get_playhead (f->zone_chart), ==, 299);

  /* the OOM kill of tick 212 is marked on the strip */
  g_assert_nonnull (strip);
  g_assert_cmpuint (ma_timeline_strip_get_range_end (strip), ==, 400);
  x212 = (ma_timeline_strip_get_tick_x (strip, 212) + ma_timeline_strip_get_tick_x (strip, 213)) / 2;
  bits = ma_timeline_strip_get_marks_at (strip, x212);
  g_assert_cmpuint (bits & (1u << MA_CHART_SPAN_OOM), !=, 0);
  g_assert_cmpuint (ma_timeline_strip_get_marks_at (strip, ma_timeline_strip_get_tick_x (strip, 5)),
                    ==, 0);

  /* a press on the strip at tick 100 seeks there, on the next frame */
  drag = find_controller (GTK_WIDGET (strip), GTK_TYPE_GESTURE_DRAG);
  f->want_tick = 100;
  g_signal_emit_by_name (drag, "drag-begin", ma_timeline_strip_get_tick_x (strip, 100), 10.0);
  wait_for (reached_wanted, f);
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), ==, 100);
  g_assert_cmpuint (ma_chart_get_playhead (f->zone_chart), ==, 100);

  /* past the recorded end, it stops at the end */
  g_signal_emit_by_name (drag, "drag-update", ma_timeline_strip_get_tick_x (strip, 390)
                                              - ma_timeline_strip_get_tick_x (strip, 100), 0.0);
  f->want_tick = 300;
  wait_for (reached_wanted, f);
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), ==, 300);

  /* Home goes to the start */
  keys = find_controller (GTK_WIDGET (strip), GTK_TYPE_EVENT_CONTROLLER_KEY);
  f->want_tick = 0;
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Home, 0, 0, &handled);
  g_assert_true (handled);
  wait_for (reached_wanted, f);
  g_assert_cmpuint (ma_simulation_get_tick (f->sim), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (control (bar, "playback.step-back")));
}

/* The zone chart: the one-tick dip below min at tick 121 is in its tooltip, and a click asks
 * for the tick after the one clicked. */
static void
test_charts (Fixture       *f,
             gconstpointer  data)
{
  MaChartModel *model = ma_chart_get_model (f->zone_chart);
  int width = gtk_widget_get_width (GTK_WIDGET (f->zone_chart));
  g_autofree char *text = NULL;
  g_autofree char *order_text = NULL;
  GtkEventController *click;
  double x = -1;

  g_assert_true (ma_playback_bar_seek (f->bar, 0));
  ma_simulation_step (f->sim, 300);
  ma_playback_bar_update (f->bar);
  ma_chart_update (f->zone_chart);
  ma_chart_update (f->order_chart);
  g_assert_cmpuint (ma_chart_model_get_end (model), ==, 300);
  /* about a column per pixel, never more */
  g_assert_cmpuint (ma_chart_get_n_columns (f->zone_chart), <=, (guint) width);
  g_assert_cmpuint (ma_chart_get_n_columns (f->zone_chart), >, 0);

  for (double px = 0; px < width && x < 0; px += 0.25)
    if (ma_chart_tick_at (f->zone_chart, px) == 121)
      x = px;
  g_assert_cmpfloat (x, >=, 0);
  text = ma_chart_describe_at (f->zone_chart, x, 60);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Tick 121"));
  g_assert_nonnull (strstr (text, "438"));
  g_assert_nonnull (strstr (text, "min 511"));

  order_text = ma_chart_describe_at (f->order_chart, x, 4);
  g_test_message ("%s", order_text);
  g_assert_nonnull (strstr (order_text, "Order 10"));

  click = find_controller (GTK_WIDGET (f->zone_chart), GTK_TYPE_GESTURE_CLICK);
  g_signal_emit_by_name (click, "released", 1, x, 60.0);
  g_assert_cmpuint (f->chart_tick, ==, 122);

  /* the model can go: the chart is empty again */
  ma_chart_set_model (f->zone_chart, NULL);
  g_assert_cmpuint (ma_chart_get_n_columns (f->zone_chart), ==, 0);
}

static gboolean
is_toggle_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static GtkToggleButton *
toggle (Fixture    *f,
        const char *label)
{
  GtkWidget *w = find_widget (GTK_WIDGET (f->log), is_toggle_labelled, label);

  g_assert_nonnull (w);
  return GTK_TOGGLE_BUTTON (w);
}

/* The log's rows, up to date. */
static GListModel *
rows (Fixture *f)
{
  return ma_event_log_get_model (f->log);
}

/* The log's controls filter it; activating an event that touched frames names them. */
static void
test_event_log (Fixture       *f,
                gconstpointer  data)
{
  GtkEditable *search = GTK_EDITABLE (find_widget (GTK_WIDGET (f->log), is_type,
                                                   GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)));
  GtkDropDown *zones = GTK_DROP_DOWN (find_widget (GTK_WIDGET (f->log), is_type,
                                                   GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN)));
  g_autoptr(MaEventItem) item = NULL;
  guint64 pfn;
  guint order;

  for (guint i = 0; i < 300; i++)
    ma_playback_bar_step (f->bar);
  /* the rows follow a while after, or when asked for: as the filter has them */
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), ==,
                    ma_event_filter_get_n_matches (ma_event_log_get_filter (f->log)));
  {
    g_autoptr(MaEventItem) newest = g_list_model_get_item (rows (f), 0);
    MaEventFilter *filter = ma_event_log_get_filter (f->log);
    guint n = ma_event_filter_get_n_matches (filter);

    g_assert_cmpuint (ma_event_item_get_match (newest)->event.seq, ==,
                      ma_event_filter_get_match (filter, n - 1)->event.seq);
  }

  /* only the OOM kills: the one of tick 212 */
  gtk_toggle_button_set_active (toggle (f, "Alloc/Free"), FALSE);
  gtk_toggle_button_set_active (toggle (f, "Reclaim"), FALSE);
  gtk_toggle_button_set_active (toggle (f, "Compaction"), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), ==, 1);
  item = g_list_model_get_item (rows (f), 0);
  g_assert_cmpint (ma_event_item_get_match (item)->event.type, ==, MA_EVENT_OOM_KILL);
  g_assert_cmpuint (ma_event_item_get_match (item)->tick_first, ==, 212);
  /* an OOM kill touched no frame in particular: nothing to show on the map */
  g_assert_false (ma_event_log_activate_row (f->log, 0));
  g_assert_cmpuint (f->activated, ==, 0);
  g_clear_object (&item);

  /* the allocations of DMA only, by search */
  gtk_toggle_button_set_active (toggle (f, "Alloc/Free"), TRUE);
  gtk_editable_set_text (search, "mm_page_alloc pfn=");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpstr (ma_event_filter_get_search (ma_event_log_get_filter (f->log)), ==,
                   "mm_page_alloc pfn=");
  g_assert_cmpuint (g_list_model_get_n_items (rows (f)), >, 0);
  gtk_drop_down_set_selected (zones, 1);
  g_assert_nonnull (ma_event_filter_get_zone (ma_event_log_get_filter (f->log)));
  for (guint i = 0; i < g_list_model_get_n_items (rows (f)); i++)
    {
      g_autoptr(MaEventItem) row = g_list_model_get_item (rows (f), i);

      g_assert_true (ma_event_get_frames (&ma_event_item_get_match (row)->event, &pfn, &order));
      g_assert_true (ma_zone_contains (ma_event_filter_get_zone (ma_event_log_get_filter (f->log)),
                                       pfn));
    }
  gtk_drop_down_set_selected (zones, 0);

  /* the newest allocation links to its frames */
  item = g_list_model_get_item (rows (f), 0);
  g_assert_true (ma_event_get_frames (&ma_event_item_get_match (item)->event, &pfn, &order));
  g_assert_true (ma_event_log_activate_row (f->log, 0));
  g_assert_cmpuint (f->activated, ==, 1);
  g_assert_cmpuint (f->activated_pfn, ==, pfn);
  g_assert_cmpuint (f->activated_order, ==, order);

  /* the frames of that block only */
  ma_event_log_set_pfn_range (f->log, pfn, pfn + 1);
  for (guint i = 0; i < g_list_model_get_n_items (rows (f)); i++)
    {
      g_autoptr(MaEventItem) row = g_list_model_get_item (rows (f), i);
      const MaEvent *e = &ma_event_item_get_match (row)->event;

      g_assert_cmpuint (e->pfn, <=, pfn);
      g_assert_cmpuint (e->pfn + (1u << e->order), >, pfn);
    }

  /* following ticks arrive at the top */
  ma_event_log_set_pfn_range (f->log, 0, G_MAXUINT64);
  gtk_editable_set_text (search, "");
  g_signal_emit_by_name (search, "search-changed");
  ma_playback_bar_step (f->bar);
  g_clear_object (&item);
  item = g_list_model_get_item (rows (f), 0);
  g_assert_cmpuint (ma_event_item_get_match (item)->tick_last, ==, 300);
}

/* The load panel: a load added through its popover joins the others; a load can be stopped; a
 * name in use is refused with a message; a scenario hands over a new simulation. */
static void
test_loads (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *panel = GTK_WIDGET (f->panel);
  GtkWidget *row, *start, *stack, *page;
  MaLoadForm *form;
  MaLoadSpec dup = { .kind = MA_LOAD_FILE, .name = (char *) "cache", .rate = 64, .size = 1024,
                     .node = -1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint64 end;

  for (guint i = 0; i < 20; i++)
    ma_playback_bar_step (f->bar);
  g_assert_cmpuint (ma_load_panel_get_n_rows (f->panel), ==, 2);

  /* Add load › Atomic Bursts › Start */
  row = find_widget (panel, is_titled_row, "Atomic Bursts");
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  /* the page of the kind chosen, in the popover's stack */
  stack = find_widget (panel, is_type, GSIZE_TO_POINTER (GTK_TYPE_STACK));
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "atomic");
  page = gtk_stack_get_visible_child (GTK_STACK (stack));
  form = MA_LOAD_FORM (find_widget (page, is_type, GSIZE_TO_POINTER (MA_TYPE_LOAD_FORM)));
  g_assert_cmpint (ma_load_form_get_kind (form), ==, MA_LOAD_ATOMIC);
  g_assert_cmpstr (ma_load_form_get_text (form, "name"), ==, "atomic 1");
  g_assert_true (ma_load_form_get_valid (form));
  start = find_widget (page, is_button_labelled, "_Start");
  g_assert_true (gtk_widget_get_sensitive (start));
  /* a wrong order is refused before it reaches the engine */
  ma_load_form_set_text (form, "order", "11");
  g_assert_false (ma_load_form_get_valid (form));
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (ma_load_form_get_problem (form), "0 to 10"));
  ma_load_form_set_text (form, "order", "2");
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");
  g_assert_cmpuint (f->loads_changed, ==, 1);
  g_assert_null (ma_load_panel_get_message (f->panel));
  /* it joins with the next tick, and is listed meanwhile */
  g_assert_cmpuint (ma_simulation_get_n_loads (f->sim), ==, 2);
  g_assert_cmpuint (ma_load_panel_get_n_rows (f->panel), ==, 3);
  g_assert_nonnull (find_widget (panel, is_titled_row, "atomic 1"));

  /* combined: all three run on */
  ma_playback_bar_step (f->bar);
  g_assert_cmpuint (ma_simulation_get_n_loads (f->sim), ==, 3);
  g_assert_cmpuint (ma_load_panel_get_n_rows (f->panel), ==, 3);
  g_assert_cmpuint (ma_simulation_get_load (f->sim, 2, NULL, NULL)->order, ==, 2);
  for (guint i = 0; i < 3; i++)
    {
      gboolean running = FALSE;

      ma_simulation_get_load (f->sim, i, &running, NULL);
      g_assert_true (running);
    }

  /* a name in use */
  g_assert_false (ma_load_panel_start_load (f->panel, &dup, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (ma_load_panel_get_message (f->panel), ==, error->message);
  g_assert_cmpuint (f->loads_changed, ==, 1);

  /* stopped in the past: the history after now goes */
  end = ma_simulation_get_end (f->sim);
  g_assert_true (ma_playback_bar_seek (f->bar, 15));
  g_assert_true (ma_load_panel_stop_load (f->panel, "leak"));
  g_assert_cmpuint (f->loads_changed, ==, 2);
  g_assert_cmpuint (ma_simulation_get_end (f->sim), ==, 15);
  g_assert_cmpuint (ma_simulation_get_end (f->sim), <, end);
  g_assert_cmpuint (ma_chart_model_get_end (ma_chart_get_model (f->zone_chart)), ==, 15);
  g_assert_null (ma_load_panel_get_message (f->panel));

  /* scenarios: a file, and a name that is neither */
  path = g_test_build_filename (G_TEST_DIST, "data", "scenarios", "pressure-64m.json", NULL);
  g_assert_true (ma_load_panel_run_scenario (f->panel, path, NULL));
  g_assert_nonnull (f->loaded);
  g_assert_cmpstr (ma_simulation_get_title (f->loaded), ==, "Pressure on a 64 MiB machine");
  g_assert_false (ma_load_panel_run_scenario (f->panel, "no-such-scenario", NULL));
  g_assert_nonnull (strstr (ma_load_panel_get_message (f->panel), "no-such-scenario"));
}

/* The form reads sizes as people write them and says what is wrong in words. */
static void
test_form (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GtkWidget) widget = g_object_ref_sink (ma_load_form_new ());
  MaLoadForm *form = MA_LOAD_FORM (widget);
  MaLoadSpec spec;
  guint64 pages = 0;

  g_assert_true (ma_parse_pages ("4096", 12, &pages, NULL));
  g_assert_cmpuint (pages, ==, 4096);
  g_assert_true (ma_parse_pages (" 1 GiB ", 12, &pages, NULL));
  g_assert_cmpuint (pages, ==, 262144);
  g_assert_true (ma_parse_pages ("16m", 12, &pages, NULL));
  g_assert_cmpuint (pages, ==, 4096);
  g_assert_true (ma_parse_pages ("64KB", 16, &pages, NULL));
  g_assert_cmpuint (pages, ==, 1);
  g_assert_false (ma_parse_pages ("lots", 12, &pages, NULL));
  g_assert_false (ma_parse_pages ("", 12, &pages, NULL));
  g_assert_false (ma_parse_pages ("16 MiB of it", 12, &pages, NULL));
  g_assert_false (ma_parse_pages ("99999999999999T", 12, &pages, NULL));

  ma_load_form_set_kind (form, MA_LOAD_HEAP, f->sim);
  /* defaults scale with the machine: 1/256 of 64 MiB per tick */
  g_assert_cmpstr (ma_load_form_get_text (form, "rate"), ==, "128K");
  g_assert_true (ma_load_form_get_valid (form));

  ma_load_form_set_text (form, "rate", "lots");
  g_assert_false (ma_load_form_get_valid (form));
  g_assert_nonnull (strstr (ma_load_form_get_problem (form), "Growth per tick"));
  ma_load_form_set_text (form, "rate", "16M");
  ma_load_form_set_text (form, "touch", "1.5");
  g_assert_nonnull (strstr (ma_load_form_get_problem (form), "0 to 1"));
  ma_load_form_set_text (form, "touch", "0.25");
  ma_load_form_set_text (form, "limit", "");
  ma_load_form_set_text (form, "name", "  ");
  g_assert_false (ma_load_form_get_valid (form));
  ma_load_form_set_text (form, "name", " browser ");
  g_assert_true (ma_load_form_get_valid (form));
  g_assert_null (ma_load_form_get_problem (form));
  g_assert_true (ma_load_form_get_spec (form, &spec, NULL));
  g_assert_cmpint (spec.kind, ==, MA_LOAD_HEAP);
  g_assert_cmpstr (spec.name, ==, "browser");
  g_assert_cmpuint (spec.rate, ==, 4096);
  g_assert_cmpuint (spec.limit, ==, 0);
  g_assert_cmpfloat (spec.touch, ==, 0.25);
  g_assert_cmpint (spec.node, ==, -1);
  ma_load_spec_clear (&spec);

  /* kmap needs HighMem: not on this 64-bit machine */
  g_assert_false (ma_load_kind_is_supported (MA_LOAD_KMAP, f->sim));
  ma_load_form_set_kind (form, MA_LOAD_KMAP, f->sim);
  g_assert_false (ma_load_form_get_valid (form));
  g_assert_nonnull (strstr (ma_load_form_get_problem (form), "HighMem"));
}

static gboolean
reached_twenty (Fixture *f)
{
  return ma_simulation_get_tick (f->sim) >= 20;
}

/* The frame timer counts the frames drawn while playing, and only those. */
static void
test_frame_timer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MaFrameTimer) timer = ma_frame_timer_new ();
  g_autofree char *text = NULL;
  MaFrameStats work, interval;
  double values[20];
  guint frames;

  for (guint i = 0; i < 20; i++)
    values[i] = 20 - i;
  ma_frame_stats_compute (values, 20, &work);
  g_assert_cmpuint (work.n, ==, 20);
  g_assert_cmpfloat (work.min_ms, ==, 1);
  g_assert_cmpfloat (work.median_ms, ==, 10.5);
  g_assert_cmpfloat (work.p95_ms, ==, 19);
  g_assert_cmpfloat (work.max_ms, ==, 20);

  ma_frame_timer_attach (timer, f->window);
  ma_playback_bar_set_speed (f->bar, 64);
  ma_frame_timer_set_recording (timer, TRUE);
  ma_playback_bar_set_playing (f->bar, TRUE);
  wait_for (reached_twenty, f);
  ma_playback_bar_set_playing (f->bar, FALSE);
  ma_frame_timer_set_recording (timer, FALSE);
  frames = ma_frame_timer_get_n_frames (timer);
  g_assert_cmpuint (frames, >, 1);

  ma_frame_timer_get_stats (timer, &interval, &work);
  g_assert_cmpuint (work.n, ==, frames);
  g_assert_cmpuint (interval.n, ==, frames - 1);
  g_assert_cmpfloat (work.min_ms, <=, work.median_ms);
  g_assert_cmpfloat (work.median_ms, <=, work.p95_ms);
  g_assert_cmpfloat (work.p95_ms, <=, work.max_ms);
  text = ma_frame_timer_format (timer);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "frames: "));

  /* not recording: the frames of a redraw do not count */
  gtk_widget_queue_draw (f->window);
  ma_playback_bar_step (f->bar);
  iterate ();
  g_assert_cmpuint (ma_frame_timer_get_n_frames (timer), ==, frames);
  ma_frame_timer_reset (timer);
  g_assert_cmpuint (ma_frame_timer_get_n_frames (timer), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* the templates; the application registers them when it starts */
  g_resources_register (ma_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func, with_sim) \
  g_test_add ("/ma/pressure-widgets/" path, Fixture, GUINT_TO_POINTER (with_sim), fixture_set_up, \
              func, fixture_tear_down)
  ADD ("empty", test_empty, 0);
  ADD ("play", test_play, 1);
  ADD ("stops-at-end", test_stops_at_end, 1);
  ADD ("step-and-scrub", test_step_and_scrub, 1);
  ADD ("charts", test_charts, 1);
  ADD ("event-log", test_event_log, 1);
  ADD ("loads", test_loads, 1);
  ADD ("form", test_form, 1);
  ADD ("frame-timer", test_frame_timer, 1);
#undef ADD
  return g_test_run ();
}
