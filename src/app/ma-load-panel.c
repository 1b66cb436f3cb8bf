/* ma-load-panel.c: start, stop and combine loads; run a scenario
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads run together: each one added joins those running, which is how a user combines them
 * (a growing heap and a file read, then atomic bursts on top). The list shows every load the
 * simulation knows, running or not, with the status the engine gives it ("killed by the OOM
 * killer"), and a stop button while it runs. Starting or stopping a load is an action at the
 * current tick: a simulation scrubbed back discards its history after now, so the panel emits
 * "loads-changed" and the window updates the timeline, charts and log.
 *
 * A load started now joins the simulation with the next tick: until then its row says so.
 *
 * A scenario brings its own machine: running one makes a new simulation, which the panel hands
 * to the window with "scenario-loaded" rather than switching anything itself.
 */
#define G_LOG_DOMAIN "ma-load-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ma-file-chooser.h"
#include "ma-load-form.h"
#include "ma-load-panel.h"

struct _MaLoadPanel
{
  GtkWidget     parent_instance;

  /* template children */
  GtkWidget    *box;
  GtkListBox   *scenario_list;
  GtkMenuButton *add_button;
  GtkPopover   *add_popover;
  GtkStack     *add_stack;
  GtkListBox   *kind_list;
  GtkListBox   *loads_list;
  GtkLabel     *message_label;
  GtkPopover   *scenario_popover;

  MaSimulation *simulation;
  GPtrArray    *pending;       /* MaLoadSpec *: started, to run from the next tick on */
  GPtrArray    *rows;          /* AdwActionRow per load, in the simulation's order, then pending */
  GPtrArray    *stop_buttons;  /* GtkButton per load */
  GtkWidget    *placeholder;

  /* The add-load popover holds a page per kind, each with its form, made before it first shows:
   * a popover sizes itself when it opens, and would clip a form that grew afterwards. */
  MaLoadForm   *forms[MA_N_LOAD_KINDS];
  GtkWidget    *start_buttons[MA_N_LOAD_KINDS];
};

G_DEFINE_FINAL_TYPE (MaLoadPanel, ma_load_panel, GTK_TYPE_WIDGET)

enum {
  LOADS_CHANGED,
  SCENARIO_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_kind_rows (MaLoadPanel *self);

GtkWidget *
ma_load_panel_new (void)
{
  return g_object_new (MA_TYPE_LOAD_PANEL, NULL);
}

static void
show_message (MaLoadPanel *self,
              const char  *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

/**
 * ma_load_panel_get_message:
 *
 * Returns: (nullable): the problem the panel shows, or %NULL
 */
const char *
ma_load_panel_get_message (MaLoadPanel *self)
{
  g_return_val_if_fail (MA_IS_LOAD_PANEL (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;
  return gtk_label_get_text (self->message_label);
}

static void
stop_clicked_cb (GtkButton   *button,
                 MaLoadPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "load-name");

  if (name != NULL)
    ma_load_panel_stop_load (self, name);
}

static char *
row_subtitle (const MaLoadSpec *spec,
              const char       *status)
{
  /* Translators: a kind of load ("heap", "file"…) and what it is doing */
  return g_strdup_printf (_("%s · %s"), ma_load_kind_name (spec->kind), status ? status : "");
}

static gboolean
has_load (MaSimulation *sim,
          const char   *name)
{
  for (guint i = 0; i < ma_simulation_get_n_loads (sim); i++)
    if (g_str_equal (ma_simulation_get_load (sim, i, NULL, NULL)->name, name))
      return TRUE;
  return FALSE;
}

static void
spec_free (gpointer data)
{
  MaLoadSpec *spec = data;

  ma_load_spec_clear (spec);
  g_free (spec);
}

/* The rows follow the simulation's loads and the pending ones: rebuilt when their number
 * changed, else relabelled. */
static void
sync_rows (MaLoadPanel *self)
{
  guint n_loads = self->simulation ? ma_simulation_get_n_loads (self->simulation) : 0, n;

  /* a pending load that the simulation runs now is one of its loads */
  for (guint i = self->pending->len; i-- > 0;)
    if (self->simulation == NULL
        || has_load (self->simulation, ((MaLoadSpec *) g_ptr_array_index (self->pending, i))->name))
      g_ptr_array_remove_index (self->pending, i);
  n = n_loads + self->pending->len;

  if (n != self->rows->len)
    {
      for (guint i = 0; i < self->rows->len; i++)
        gtk_list_box_remove (self->loads_list, g_ptr_array_index (self->rows, i));
      g_ptr_array_set_size (self->rows, 0);
      g_ptr_array_set_size (self->stop_buttons, 0);
      for (guint i = 0; i < n; i++)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *stop = gtk_button_new_from_icon_name ("media-playback-stop-symbolic");

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
          gtk_widget_set_valign (stop, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (stop, "flat");
          gtk_widget_set_tooltip_text (stop, _("Stop"));
          g_signal_connect (stop, "clicked", G_CALLBACK (stop_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), stop);
          gtk_list_box_append (self->loads_list, row);
          g_ptr_array_add (self->rows, row);
          g_ptr_array_add (self->stop_buttons, stop);
        }
    }
  for (guint i = 0; i < n; i++)
    {
      gboolean running = FALSE;
      g_autofree char *status = NULL;
      const MaLoadSpec *spec;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *stop = g_ptr_array_index (self->stop_buttons, i);
      g_autofree char *label = NULL;

      if (i < n_loads)
        spec = ma_simulation_get_load (self->simulation, i, &running, &status);
      else
        {
          spec = g_ptr_array_index (self->pending, i - n_loads);
          status = g_strdup (_("starts with the next tick"));
        }
      subtitle = row_subtitle (spec, status);
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), spec->name) != 0)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), spec->name);
      if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) != 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (stop), "load-name", g_strdup (spec->name), g_free);
      gtk_widget_set_visible (stop, running);
      /* Translators: the accessible name of a load's stop button */
      label = g_strdup_printf (_("Stop %s"), spec->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (stop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      if (running || i >= n_loads)
        gtk_widget_remove_css_class (row, "dim-label");
      else
        gtk_widget_add_css_class (row, "dim-label");
    }
}

/**
 * ma_load_panel_get_n_rows:
 *
 * Returns: how many loads the list shows
 */
guint
ma_load_panel_get_n_rows (MaLoadPanel *self)
{
  g_return_val_if_fail (MA_IS_LOAD_PANEL (self), 0);
  return self->rows->len;
}

/**
 * ma_load_panel_update:
 *
 * Reads the loads' statuses again: call it after each tick (MaPlaybackBar::tick-changed).
 */
void
ma_load_panel_update (MaLoadPanel *self)
{
  g_return_if_fail (MA_IS_LOAD_PANEL (self));

  sync_rows (self);
  update_kind_rows (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), self->simulation != NULL);
  gtk_label_set_text (GTK_LABEL (self->placeholder),
                      self->simulation ? _("No loads. Add one, or run a scenario.")
                                       : _("No simulation. Run a scenario to start one."));
}

void
ma_load_panel_set_simulation (MaLoadPanel  *self,
                              MaSimulation *simulation)
{
  g_return_if_fail (MA_IS_LOAD_PANEL (self));
  g_return_if_fail (simulation == NULL || MA_IS_SIMULATION (simulation));

  if (!g_set_object (&self->simulation, simulation))
    return;
  g_ptr_array_set_size (self->pending, 0);
  show_message (self, NULL);
  gtk_popover_popdown (self->add_popover);
  for (guint kind = 0; kind < MA_N_LOAD_KINDS; kind++)
    ma_load_form_set_kind (self->forms[kind], kind, simulation);
  ma_load_panel_update (self);
}

MaSimulation *
ma_load_panel_get_simulation (MaLoadPanel *self)
{
  g_return_val_if_fail (MA_IS_LOAD_PANEL (self), NULL);
  return self->simulation;
}

/**
 * ma_load_panel_start_load:
 *
 * Starts a load at the current tick, as the form's Start button does; on failure the panel
 * shows why. Emits "loads-changed" on success.
 */
gboolean
ma_load_panel_start_load (MaLoadPanel       *self,
                          const MaLoadSpec  *spec,
                          GError           **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MA_IS_LOAD_PANEL (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (self->simulation == NULL)
    {
      g_set_error (&local, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("No simulation is running"));
      show_message (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!ma_simulation_start_load (self->simulation, spec, &local))
    {
      show_message (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!has_load (self->simulation, spec->name))
    {
      MaLoadSpec *copy = g_new (MaLoadSpec, 1);

      *copy = *spec;
      copy->name = g_strdup (spec->name);
      g_ptr_array_add (self->pending, copy);
    }
  show_message (self, NULL);
  ma_load_panel_update (self);
  g_signal_emit (self, signals[LOADS_CHANGED], 0);
  return TRUE;
}

/**
 * ma_load_panel_stop_load:
 *
 * Stops a running load now. Emits "loads-changed" when it did.
 */
gboolean
ma_load_panel_stop_load (MaLoadPanel *self,
                         const char  *name)
{
  g_return_val_if_fail (MA_IS_LOAD_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->simulation == NULL || !ma_simulation_stop_load (self->simulation, name))
    return FALSE;
  show_message (self, NULL);
  ma_load_panel_update (self);
  g_signal_emit (self, signals[LOADS_CHANGED], 0);
  return TRUE;
}

static gboolean
load_scenario (MaLoadPanel  *self,
               const char   *data,
               gsize         length,
               const char   *source_name,
               GError      **error)
{
  g_autoptr(MaSimulation) sim = NULL;

  sim = ma_simulation_new_from_scenario (data, (gssize) length, source_name, NULL, error);
  if (sim == NULL)
    return FALSE;
  show_message (self, NULL);
  g_signal_emit (self, signals[SCENARIO_LOADED], 0, sim);
  return TRUE;
}

/**
 * ma_load_panel_run_scenario:
 * @name_or_path: a built-in scenario (ma_scenarios_list()) or a file
 *
 * Builds the scenario's simulation and emits "scenario-loaded" with it; on failure the panel
 * shows why.
 */
gboolean
ma_load_panel_run_scenario (MaLoadPanel  *self,
                            const char   *name_or_path,
                            GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (MA_IS_LOAD_PANEL (self), FALSE);
  g_return_val_if_fail (name_or_path != NULL, FALSE);

  bytes = ma_scenarios_load (name_or_path, &local);
  if (bytes == NULL
      || !load_scenario (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         name_or_path, &local))
    {
      show_message (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static void
scenario_activated_cb (GtkListBox    *list,
                       GtkListBoxRow *row,
                       MaLoadPanel   *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "scenario");

  gtk_popover_popdown (self->scenario_popover);
  if (name != NULL)
    ma_load_panel_run_scenario (self, name, NULL);
}

static void
scenario_file_chosen (GFile    *file,
                      gpointer  user_data)
{
  g_autoptr(MaLoadPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (file == NULL)
    return;
  name = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error)
      || !load_scenario (self, contents, length, name, &error))
    show_message (self, error->message);
}

static void
open_scenario_cb (GtkButton   *button,
                  MaLoadPanel *self)
{
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_popover_popdown (self->scenario_popover);
  gtk_file_filter_set_name (json, _("Scenarios (JSON)"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_pattern (json, "*.json");
  g_list_store_append (filters, json);
  ma_file_chooser_open (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Open Scenario"),
                        G_LIST_MODEL (filters), FALSE, scenario_file_chosen, g_object_ref (self));
}

static void
kind_activated_cb (GtkListBox    *list,
                   GtkListBoxRow *row,
                   MaLoadPanel   *self)
{
  MaLoadKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "kind"));

  if (!ma_load_kind_is_supported (kind, self->simulation))
    return;
  /* fresh defaults: a name not in use yet */
  ma_load_form_set_kind (self->forms[kind], kind, self->simulation);
  gtk_widget_set_sensitive (self->start_buttons[kind], ma_load_form_get_valid (self->forms[kind]));
  gtk_stack_set_visible_child_name (self->add_stack, ma_load_kind_name (kind));
}

static void
back_cb (GtkButton   *button,
         MaLoadPanel *self)
{
  gtk_stack_set_visible_child_name (self->add_stack, "kinds");
}

static void
add_popover_closed_cb (GtkPopover  *popover,
                       MaLoadPanel *self)
{
  gtk_stack_set_visible_child_name (self->add_stack, "kinds");
}

static void
form_changed_cb (MaLoadForm  *form,
                 MaLoadPanel *self)
{
  MaLoadKind kind = ma_load_form_get_kind (form);

  gtk_widget_set_sensitive (self->start_buttons[kind], ma_load_form_get_valid (form));
}

static void
start_cb (GtkButton   *button,
          MaLoadPanel *self)
{
  MaLoadKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kind"));
  g_autoptr(GError) error = NULL;
  MaLoadSpec spec;

  if (!ma_load_form_get_spec (self->forms[kind], &spec, &error))
    return;
  if (ma_load_panel_start_load (self, &spec, NULL))
    gtk_popover_popdown (self->add_popover);
  ma_load_spec_clear (&spec);
}

/* The page of one kind: back, its name, the form, Start. */
static void
add_kind_page (MaLoadPanel *self,
               MaLoadKind   kind)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *title = gtk_label_new (ma_load_kind_label (kind));
  GtkWidget *form = ma_load_form_new ();
  GtkWidget *start = gtk_button_new_with_mnemonic (_("_Start"));

  gtk_widget_set_size_request (page, 320, -1);
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_set_tooltip_text (back, _("Back"));
  g_signal_connect (back, "clicked", G_CALLBACK (back_cb), self);
  gtk_box_append (GTK_BOX (header), back);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (page), header);

  ma_load_form_set_kind (MA_LOAD_FORM (form), kind, self->simulation);
  g_signal_connect (form, "changed", G_CALLBACK (form_changed_cb), self);
  gtk_widget_set_vexpand (form, TRUE);
  gtk_box_append (GTK_BOX (page), form);

  gtk_widget_add_css_class (start, "suggested-action");
  g_object_set_data (G_OBJECT (start), "kind", GUINT_TO_POINTER (kind));
  g_signal_connect (start, "clicked", G_CALLBACK (start_cb), self);
  gtk_box_append (GTK_BOX (page), start);

  self->forms[kind] = MA_LOAD_FORM (form);
  self->start_buttons[kind] = start;
  gtk_stack_add_named (self->add_stack, page, ma_load_kind_name (kind));
}

/* A built-in scenario's title and description, read from its JSON. */
static void
add_scenario_row (MaLoadPanel *self,
                  const char  *name)
{
  g_autoptr(GBytes) bytes = ma_scenarios_load (name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GtkWidget *row = adw_action_row_new ();
  const char *title = name, *description = NULL;

  if (bytes != NULL
      && json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                     (gssize) g_bytes_get_size (bytes), NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));

      title = json_object_get_string_member_with_default (o, "title", name);
      description = json_object_get_string_member_with_default (o, "description", NULL);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (description != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "scenario", g_strdup (name), g_free);
  gtk_list_box_append (self->scenario_list, row);
}

static void
add_kind_row (MaLoadPanel *self,
              MaLoadKind   kind)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ma_load_kind_label (kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ma_load_kind_description (kind));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "kind", GUINT_TO_POINTER (kind));
  gtk_list_box_append (self->kind_list, row);
}

/* Kinds the machine cannot run (kmap without HighMem) are shown, but cannot be chosen. */
static void
update_kind_rows (MaLoadPanel *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->kind_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      MaLoadKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "kind"));
      gboolean ok = ma_load_kind_is_supported (kind, self->simulation);

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), ok);
      gtk_widget_set_sensitive (row, ok);
    }
}

static void
ma_load_panel_dispose (GObject *object)
{
  MaLoadPanel *self = MA_LOAD_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_LOAD_PANEL);
  g_clear_object (&self->simulation);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->stop_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  G_OBJECT_CLASS (ma_load_panel_parent_class)->dispose (object);
}

static void
ma_load_panel_class_init (MaLoadPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_load_panel_dispose;

  /**
   * MaLoadPanel::loads-changed:
   *
   * A load was started or stopped at the current tick: the simulation's history after it was
   * discarded, and the machine may have changed (a stopped load frees its blocks at once).
   */
  signals[LOADS_CHANGED] = g_signal_new ("loads-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MaLoadPanel::scenario-loaded:
   * @simulation: the scenario's simulation, on its own machine
   *
   * The user chose a scenario and it loaded: the window can switch to @simulation (and hand it
   * to the panel with ma_load_panel_set_simulation()).
   */
  signals[SCENARIO_LOADED] = g_signal_new ("scenario-loaded", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, MA_TYPE_SIMULATION);

  g_type_ensure (MA_TYPE_LOAD_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ma-load-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, box);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, scenario_popover);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, add_button);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, add_popover);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, add_stack);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, kind_list);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, loads_list);
  gtk_widget_class_bind_template_child (widget_class, MaLoadPanel, message_label);
  gtk_widget_class_bind_template_callback (widget_class, scenario_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_scenario_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_popover_closed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "loadpanel");
}

static void
ma_load_panel_init (MaLoadPanel *self)
{
  const char *const *scenarios = ma_scenarios_list ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->stop_buttons = g_ptr_array_new ();
  self->pending = g_ptr_array_new_with_free_func (spec_free);
  self->placeholder = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->placeholder), TRUE);
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_widget_set_margin_top (self->placeholder, 12);
  gtk_widget_set_margin_bottom (self->placeholder, 12);
  gtk_widget_set_margin_start (self->placeholder, 12);
  gtk_widget_set_margin_end (self->placeholder, 12);
  gtk_list_box_set_placeholder (self->loads_list, self->placeholder);
  for (guint kind = 0; kind < MA_N_LOAD_KINDS; kind++)
    {
      add_kind_row (self, kind);
      add_kind_page (self, kind);
    }
  for (guint i = 0; scenarios[i] != NULL; i++)
    add_scenario_row (self, scenarios[i]);
  ma_load_panel_update (self);
}
