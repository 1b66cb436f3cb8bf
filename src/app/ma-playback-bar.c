/* ma-playback-bar.c: play, pause, step, speed and scrub a simulation
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Playing runs the simulation from the frame clock: each frame adds the elapsed time × the speed
 * to a balance of ticks owed and runs the whole ticks of it, so that 8 ticks/s stays 8 ticks/s
 * at 60 or 144 Hz. A tick of a large machine under a heavy load can take longer than a frame: the
 * bar stops running ticks for a frame once it has spent 8 ms, and forgets what it still owes,
 * rather than let the display stutter to catch up. Playing stops at the scenario's end; pressing
 * play there runs on past it.
 *
 * Scrubbing asks for a tick on every pointer motion; seeking restores a checkpoint and replays, so
 * the bar seeks once per frame, to the last tick asked for. After every move the bar emits
 * "tick-changed": the window redraws the map and updates the charts and the log.
 */
#define G_LOG_DOMAIN "ma-playback-bar"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ma-playback-bar.h"
#include "ma-timeline-strip.h"

#define FRAME_BUDGET_US 8000
#define N_SPEEDS 7

struct _MaPlaybackBar
{
  GtkWidget        parent_instance;

  /* template children */
  GtkWidget       *box;
  GtkButton       *play_button;
  MaTimelineStrip *strip;
  GtkLabel        *tick_label;
  GtkDropDown     *speed_dropdown;

  MaSimulation    *simulation;
  gboolean         playing;
  guint            speed;         /* ticks per second: a power of two */
  guint64          stop_at;       /* pause on reaching this tick; 0: never */
  double           owed;          /* ticks owed to the clock, less than a frame's worth */
  gint64           last_frame;    /* µs, frame clock time; 0 before the first frame of a run */
  guint            tick_id;
  gboolean         seek_pending;
  guint64          seek_target;
};

G_DEFINE_FINAL_TYPE (MaPlaybackBar, ma_playback_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIMULATION,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICK_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ensure_tick_callback (MaPlaybackBar *self);

GtkWidget *
ma_playback_bar_new (void)
{
  return g_object_new (MA_TYPE_PLAYBACK_BAR, NULL);
}

static void
update_actions (MaPlaybackBar *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean have = self->simulation != NULL;
  guint64 tick = have ? ma_simulation_get_tick (self->simulation) : 0;

  gtk_widget_action_set_enabled (widget, "playback.toggle", have);
  gtk_widget_action_set_enabled (widget, "playback.step", have && !self->playing);
  gtk_widget_action_set_enabled (widget, "playback.step-back", have && !self->playing && tick > 0);
  gtk_widget_action_set_enabled (widget, "playback.faster", self->speed < MA_PLAYBACK_MAX_SPEED);
  gtk_widget_action_set_enabled (widget, "playback.slower", self->speed > MA_PLAYBACK_MIN_SPEED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->speed_dropdown), have);
}

static void
update_label (MaPlaybackBar *self)
{
  g_autofree char *text = NULL;
  char tick[32], total[32], seconds[32];
  guint64 t, duration;

  if (self->simulation == NULL)
    {
      gtk_label_set_text (self->tick_label, _("No simulation"));
      return;
    }
  t = ma_simulation_get_tick (self->simulation);
  duration = ma_simulation_get_duration (self->simulation);
  g_snprintf (tick, sizeof tick, "%" G_GUINT64_FORMAT, t);
  g_snprintf (total, sizeof total, "%" G_GUINT64_FORMAT, duration);
  g_snprintf (seconds, sizeof seconds, "%.2f",
              (double) t * ma_simulation_get_tick_ms (self->simulation) / 1000.0);
  if (duration > 0)
    /* Translators: the current tick, the scenario's ticks, and the simulated time in seconds */
    text = g_strdup_printf (_("Tick %s of %s · %s s"), tick, total, seconds);
  else
    /* Translators: the current tick and the simulated time in seconds */
    text = g_strdup_printf (_("Tick %s · %s s"), tick, seconds);
  gtk_label_set_text (self->tick_label, text);
}

static void
update_play_button (MaPlaybackBar *self)
{
  gtk_button_set_icon_name (self->play_button, self->playing ? "media-playback-pause-symbolic"
                                                             : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->playing ? _("Pause") : _("Play"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->playing ? _("Pause") : _("Play"), -1);
}

/**
 * ma_playback_bar_update:
 *
 * Reads the simulation's tick and history again: call it when something else moved the
 * simulation or changed its history (a load started: the future after now is discarded).
 */
void
ma_playback_bar_update (MaPlaybackBar *self)
{
  g_return_if_fail (MA_IS_PLAYBACK_BAR (self));

  update_label (self);
  ma_timeline_strip_update (self->strip);
  update_actions (self);
}

static void
moved (MaPlaybackBar *self)
{
  ma_playback_bar_update (self);
  g_signal_emit (self, signals[TICK_CHANGED], 0, ma_simulation_get_tick (self->simulation));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MaPlaybackBar *self = MA_PLAYBACK_BAR (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  gboolean did_move = FALSE;

  if (self->simulation != NULL && self->seek_pending)
    {
      self->seek_pending = FALSE;
      did_move = ma_simulation_seek (self->simulation, self->seek_target);
    }

  if (self->simulation != NULL && self->playing)
    {
      gint64 deadline = g_get_monotonic_time () + FRAME_BUDGET_US;
      guint64 n;

      if (self->last_frame != 0 && now > self->last_frame)
        self->owed += (now - self->last_frame) / (double) G_USEC_PER_SEC * self->speed;
      self->last_frame = now;
      n = (guint64) floor (self->owed);
      self->owed -= (double) n;
      for (guint64 i = 0; i < n; i++)
        {
          ma_simulation_step (self->simulation, 1);
          did_move = TRUE;
          if (self->stop_at != 0 && ma_simulation_get_tick (self->simulation) >= self->stop_at)
            {
              ma_playback_bar_set_playing (self, FALSE);
              break;
            }
          if (g_get_monotonic_time () > deadline)
            {
              /* late: what is still owed is forgotten, not caught up with */
              self->owed = 0;
              break;
            }
        }
    }

  if (did_move)
    moved (self);

  if (!self->playing && !self->seek_pending)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_tick_callback (MaPlaybackBar *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
remove_tick_callback (MaPlaybackBar *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/**
 * ma_playback_bar_set_playing:
 *
 * Plays the simulation at the bar's speed from the next frame on, or pauses it. Playing stops by
 * itself at the end of the scenario, unless it started there.
 */
void
ma_playback_bar_set_playing (MaPlaybackBar *self,
                             gboolean       playing)
{
  g_return_if_fail (MA_IS_PLAYBACK_BAR (self));

  playing = playing && self->simulation != NULL;
  if (playing == self->playing)
    return;
  self->playing = playing;
  self->owed = 0;
  self->last_frame = 0;
  if (playing)
    {
      guint64 duration = ma_simulation_get_duration (self->simulation);

      self->stop_at = duration > ma_simulation_get_tick (self->simulation) ? duration : 0;
      ensure_tick_callback (self);
    }
  update_play_button (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
ma_playback_bar_get_playing (MaPlaybackBar *self)
{
  g_return_val_if_fail (MA_IS_PLAYBACK_BAR (self), FALSE);
  return self->playing;
}

static guint
speed_index (guint speed)
{
  guint i = 0;

  while (i + 1 < N_SPEEDS && (1u << (i + 1)) <= speed)
    i++;
  return i;
}

/**
 * ma_playback_bar_set_speed:
 * @ticks_per_second: 1 to 64; rounded down to a power of two
 */
void
ma_playback_bar_set_speed (MaPlaybackBar *self,
                           guint          ticks_per_second)
{
  guint i;

  g_return_if_fail (MA_IS_PLAYBACK_BAR (self));

  i = speed_index (CLAMP (ticks_per_second, MA_PLAYBACK_MIN_SPEED, MA_PLAYBACK_MAX_SPEED));
  if (self->speed == (1u << i))
    return;
  self->speed = 1u << i;
  if (gtk_drop_down_get_selected (self->speed_dropdown) != i)
    gtk_drop_down_set_selected (self->speed_dropdown, i);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

guint
ma_playback_bar_get_speed (MaPlaybackBar *self)
{
  g_return_val_if_fail (MA_IS_PLAYBACK_BAR (self), 1);
  return self->speed;
}

/**
 * ma_playback_bar_step:
 *
 * Runs one tick (or replays it, within the recorded history).
 */
void
ma_playback_bar_step (MaPlaybackBar *self)
{
  g_return_if_fail (MA_IS_PLAYBACK_BAR (self));

  if (self->simulation == NULL)
    return;
  ma_playback_bar_set_playing (self, FALSE);
  ma_simulation_step (self->simulation, 1);
  moved (self);
}

/**
 * ma_playback_bar_step_back:
 *
 * Goes back one tick.
 */
void
ma_playback_bar_step_back (MaPlaybackBar *self)
{
  guint64 tick;

  g_return_if_fail (MA_IS_PLAYBACK_BAR (self));

  if (self->simulation == NULL || (tick = ma_simulation_get_tick (self->simulation)) == 0)
    return;
  ma_playback_bar_set_playing (self, FALSE);
  ma_playback_bar_seek (self, tick - 1);
}

/**
 * ma_playback_bar_seek:
 * @tick: a recorded tick (0 … ma_simulation_get_end())
 *
 * Moves the simulation to the start of @tick now (restoring a checkpoint and replaying).
 *
 * Returns: %FALSE when @tick is past the recorded history
 */
gboolean
ma_playback_bar_seek (MaPlaybackBar *self,
                      guint64        tick)
{
  g_return_val_if_fail (MA_IS_PLAYBACK_BAR (self), FALSE);

  if (self->simulation == NULL || !ma_simulation_seek (self->simulation, tick))
    return FALSE;
  self->seek_pending = FALSE;
  moved (self);
  return TRUE;
}

static void
scrub_cb (MaTimelineStrip *strip,
          guint64          tick,
          MaPlaybackBar   *self)
{
  /* the last tick asked for wins; seeking happens once per frame */
  self->seek_target = tick;
  self->seek_pending = TRUE;
  ensure_tick_callback (self);
}

static void
speed_selected_cb (GtkDropDown   *dropdown,
                   GParamSpec    *pspec,
                   MaPlaybackBar *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (i < N_SPEEDS)
    ma_playback_bar_set_speed (self, 1u << i);
}

/**
 * ma_playback_bar_set_simulation:
 * @simulation: (nullable): the simulation to play, or %NULL for none (everything disabled)
 */
void
ma_playback_bar_set_simulation (MaPlaybackBar *self,
                                MaSimulation  *simulation)
{
  g_return_if_fail (MA_IS_PLAYBACK_BAR (self));
  g_return_if_fail (simulation == NULL || MA_IS_SIMULATION (simulation));

  if (simulation == self->simulation)
    return;
  ma_playback_bar_set_playing (self, FALSE);
  self->seek_pending = FALSE;
  remove_tick_callback (self);
  g_set_object (&self->simulation, simulation);
  ma_timeline_strip_set_simulation (self->strip, simulation);
  ma_playback_bar_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATION]);
}

MaSimulation *
ma_playback_bar_get_simulation (MaPlaybackBar *self)
{
  g_return_val_if_fail (MA_IS_PLAYBACK_BAR (self), NULL);
  return self->simulation;
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MaPlaybackBar *self = MA_PLAYBACK_BAR (widget);

  ma_playback_bar_set_playing (self, !self->playing);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ma_playback_bar_step (MA_PLAYBACK_BAR (widget));
}

static void
step_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ma_playback_bar_step_back (MA_PLAYBACK_BAR (widget));
}

static void
speed_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MaPlaybackBar *self = MA_PLAYBACK_BAR (widget);

  if (g_str_equal (action_name, "playback.faster"))
    ma_playback_bar_set_speed (self, self->speed * 2);
  else
    ma_playback_bar_set_speed (self, self->speed / 2);
}

static void
ma_playback_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MaPlaybackBar *self = MA_PLAYBACK_BAR (object);

  switch (prop_id)
    {
    case PROP_SIMULATION:
      g_value_set_object (value, self->simulation);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_uint (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_playback_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MaPlaybackBar *self = MA_PLAYBACK_BAR (object);

  switch (prop_id)
    {
    case PROP_SIMULATION:
      ma_playback_bar_set_simulation (self, g_value_get_object (value));
      break;
    case PROP_PLAYING:
      ma_playback_bar_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      ma_playback_bar_set_speed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_playback_bar_dispose (GObject *object)
{
  MaPlaybackBar *self = MA_PLAYBACK_BAR (object);

  remove_tick_callback (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_PLAYBACK_BAR);
  g_clear_object (&self->simulation);
  G_OBJECT_CLASS (ma_playback_bar_parent_class)->dispose (object);
}

static void
ma_playback_bar_class_init (MaPlaybackBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_playback_bar_get_property;
  object_class->set_property = ma_playback_bar_set_property;
  object_class->dispose = ma_playback_bar_dispose;

  properties[PROP_SIMULATION] =
    g_param_spec_object ("simulation", NULL, NULL, MA_TYPE_SIMULATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_uint ("speed", NULL, NULL, MA_PLAYBACK_MIN_SPEED, MA_PLAYBACK_MAX_SPEED, 8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MaPlaybackBar::tick-changed:
   * @tick: the simulation's tick now
   *
   * The simulation moved: it played, stepped, or went to another tick. Emitted at most once a
   * frame while playing.
   */
  signals[TICK_CHANGED] = g_signal_new ("tick-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_UINT64);

  g_type_ensure (MA_TYPE_TIMELINE_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ma-playback-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MaPlaybackBar, box);
  gtk_widget_class_bind_template_child (widget_class, MaPlaybackBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, MaPlaybackBar, strip);
  gtk_widget_class_bind_template_child (widget_class, MaPlaybackBar, tick_label);
  gtk_widget_class_bind_template_child (widget_class, MaPlaybackBar, speed_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, scrub_cb);
  gtk_widget_class_bind_template_callback (widget_class, speed_selected_cb);

  gtk_widget_class_install_action (widget_class, "playback.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "playback.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "playback.step-back", NULL, step_back_action);
  gtk_widget_class_install_action (widget_class, "playback.faster", NULL, speed_action);
  gtk_widget_class_install_action (widget_class, "playback.slower", NULL, speed_action);
  /* while the bar has the focus; the window may bind the same keys for itself */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "playback.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "playback.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "playback.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "playback.faster",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "playback.slower",
                                       NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playbackbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
ma_playback_bar_init (MaPlaybackBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->speed = 8;
  gtk_drop_down_set_selected (self->speed_dropdown, speed_index (self->speed));
  update_play_button (self);
  ma_playback_bar_update (self);
}
