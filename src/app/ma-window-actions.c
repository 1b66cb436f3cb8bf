/* ma-window-actions.c: what the window's menus, buttons and keys do
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions are installed on the class with their shortcuts next to them; whether each is enabled
 * is decided in one place, ma_window_update_actions().
 */
#define G_LOG_DOMAIN "ma-window-actions"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-color-mode.h"
#include "ma-file-chooser.h"
#include "ma-map-export.h"
#include "ma-procfs-reader.h"
#include "ma-window-private.h"

void
ma_window_update_actions (MaWindow *self)
{
  MaMachine *m = ma_window_get_machine (self);
  gint64 selected = ma_map_view_get_selected_pfn (self->map_view);
  gboolean allocated = FALSE, in_zone = FALSE;

  if (m != NULL && selected >= 0)
    {
      guint64 head;
      guint order;
      MaFrameState state;

      in_zone = ma_machine_zone_of_pfn (m, (guint64) selected) != NULL;
      allocated = ma_machine_find_block (m, (guint64) selected, &head, &order, &state)
                  && state == MA_FRAME_ALLOC_HEAD;
    }

  /* A live machine is only watched; under a simulation the timeline replaces undo. */
  gboolean live = ma_window_is_live (self);
  gboolean by_hand = !live && !ma_window_is_simulating (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", by_hand && m && ma_machine_can_undo (m));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", by_hand && m && ma_machine_can_redo (m));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", ma_window_can_save (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-moment", live && self->live_latest != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", m != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", m != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.drain", by_hand && m != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.free-selected", !live && allocated);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.allocate-selected", !live && in_zone && !allocated);
  ma_window_update_dirty (self);
}

/* A simulation explored by hand, whose actions the session can replay, can be saved; a live
 * machine, a running simulation and a machine rebuilt from a snapshot cannot. */
gboolean
ma_window_can_save (MaWindow *self)
{
  return !ma_window_is_live (self) && !ma_window_is_simulating (self) && self->session != NULL
         && ma_session_can_save (self->session);
}

/* ------------------------------------------------------------------------------------------ */
/* Unsaved changes */

static guint64
simulated_tick (MaWindow *self)
{
  if (self->simulation == NULL || ma_simulation_is_recorder (self->simulation))
    return 0;
  return ma_simulation_get_end (self->simulation);
}

/**
 * ma_window_is_dirty:
 *
 * Whether the window holds changes made since its machine was opened or saved: an action
 * (undo moves the mark back and forth, as in a text editor) or simulated ticks. A live view
 * only watches and is never dirty.
 */
gboolean
ma_window_is_dirty (MaWindow *self)
{
  MaMachine *m = ma_window_get_machine (self);

  if (m == NULL || ma_window_is_live (self))
    return FALSE;
  return ma_machine_get_undo_serial (m) != self->clean_undo_serial
         || simulated_tick (self) != self->clean_tick;
}

/* Called when a machine was opened or saved: what it holds now is what the file holds. */
void
ma_window_mark_clean (MaWindow *self)
{
  MaMachine *m = ma_window_get_machine (self);

  self->clean_undo_serial = m ? ma_machine_get_undo_serial (m) : 0;
  self->clean_tick = simulated_tick (self);
  ma_window_update_dirty (self);
}

/* The title carries a dot while there is something to save, as GNOME's editors do. */
void
ma_window_update_dirty (MaWindow *self)
{
  gboolean dirty = ma_window_is_dirty (self);

  if (dirty == self->dirty)
    return;
  self->dirty = dirty;
  ma_window_update_title (self);
}

GtkWidget *
ma_window_get_close_dialog (MaWindow *self)
{
  return self->close_dialog;
}

/* The window goes; with Quit, the application asks the next window, or quits. */
static void
close_now (MaWindow *self)
{
  g_autoptr(GApplication) app = NULL;
  gboolean quit = self->quit_after_close;

  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    app = g_object_ref (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  self->close_confirmed = TRUE;
  /* the question was close-request's answer: nothing more to ask */
  gtk_window_destroy (GTK_WINDOW (self));
  if (quit && app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
save_and_close_chosen (GFile    *file,
                       gpointer  user_data)
{
  MaWindow *self = MA_WINDOW (user_data);
  g_autoptr(GError) error = NULL;

  if (!ma_window_save_to_file (self, file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The simulation could not be saved: %s"),
                                               error->message);
      /* the window stays, with its changes and the reason */
      self->quit_after_close = FALSE;
      ma_window_show_error (self, text);
      return;
    }
  close_now (self);
}

static void save_dialog (MaWindow *self, MaFileChosenFunc chosen);

static void
close_dialog_response_cb (GtkWidget  *dialog,
                          const char *response,
                          MaWindow   *self)
{
  g_clear_object (&self->close_dialog);
  if (g_str_equal (response, "discard"))
    close_now (self);
  else if (g_str_equal (response, "save"))
    save_dialog (self, save_and_close_chosen);
  else
    self->quit_after_close = FALSE;
}

/* Asks whether to save, discard or keep the changes before the window closes. */
static void
ask_before_close (MaWindow *self,
                  gboolean  then_quit)
{
  g_autofree char *body = NULL;
  gboolean can_save = ma_window_can_save (self);

  self->quit_after_close = then_quit;
  if (self->close_dialog != NULL)
    {
#if !ADW_CHECK_VERSION (1, 5, 0)
      gtk_window_present (GTK_WINDOW (self->close_dialog));
#endif
      return;
    }
  if (can_save)
    body = g_strdup_printf (_("The changes made to “%s” since it was opened are lost unless "
                              "you save them."), self->source_title);
  else
    body = g_strdup_printf (_("The changes made to “%s” since it was opened are lost when the "
                              "window closes: a running simulation cannot be saved, only "
                              "actions made by hand."), self->source_title);
  {
    /* AdwAlertDialog from libadwaita 1.5 (AdwMessageDialog is deprecated from 1.6, and GTK
     * 4.18 warns while measuring it); the same responses either way */
#if ADW_CHECK_VERSION (1, 5, 0)
    AdwAlertDialog *dialog = ADW_ALERT_DIALOG (adw_alert_dialog_new (_("Save Changes?"), body));
#define RESPONSES(fn) adw_alert_dialog_##fn
#else
    AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                           _("Save Changes?"),
                                                                           body));
#define RESPONSES(fn) adw_message_dialog_##fn
#endif

    RESPONSES (add_responses) (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"), NULL);
    RESPONSES (set_response_appearance) (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
    if (can_save)
      {
        RESPONSES (add_response) (dialog, "save", _("_Save…"));
        RESPONSES (set_response_appearance) (dialog, "save", ADW_RESPONSE_SUGGESTED);
        RESPONSES (set_default_response) (dialog, "save");
      }
    else
      RESPONSES (set_default_response) (dialog, "cancel");
    RESPONSES (set_close_response) (dialog, "cancel");
#undef RESPONSES
    g_signal_connect (dialog, "response", G_CALLBACK (close_dialog_response_cb), self);
    self->close_dialog = g_object_ref (GTK_WIDGET (dialog));
#if ADW_CHECK_VERSION (1, 5, 0)
    adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
#else
    gtk_window_present (GTK_WINDOW (dialog));
#endif
  }
}

/* GtkWindow::close-request: a window with unsaved changes asks first. */
gboolean
ma_window_close_request (GtkWindow *window)
{
  MaWindow *self = MA_WINDOW (window);

  /* --screenshot and --play close the window themselves, with nothing to keep */
  if (self->close_confirmed || self->screenshot_path != NULL || !ma_window_is_dirty (self))
    return FALSE;
  ask_before_close (self, FALSE);
  return TRUE;
}

/**
 * ma_window_confirm_quit:
 *
 * Part of the application's Quit: a window without unsaved changes may go at once (%TRUE);
 * one with changes asks, and on Discard or a successful Save closes and quits again.
 */
gboolean
ma_window_confirm_quit (MaWindow *self)
{
  if (self->close_confirmed || self->screenshot_path != NULL || !ma_window_is_dirty (self))
    return TRUE;
  ask_before_close (self, TRUE);
  return FALSE;
}

static char *
describe_result (MaMachine           *m,
                 const MaAllocResult *res)
{
  return ma_alloc_result_explain (res);
}

/* Allocates with the chosen order and GFP, the clicked zone as the preferred zone. */
void
ma_window_allocate_at (MaWindow *self,
                       gint64    pfn)
{
  MaMachine *m = ma_window_get_machine (self);
  MaZone *zone = pfn >= 0 ? ma_machine_zone_of_pfn (m, (guint64) pfn) : NULL;
  MaAllocRequest req = { 0, };
  MaAllocResult res;
  g_autofree char *text = NULL;

  req.gfp = ma_alloc_control_get_gfp (self->alloc_control);
  req.order = ma_alloc_control_get_order (self->alloc_control);
  req.node = zone ? (gint) ma_node_get_index (ma_zone_get_node (zone)) : -1;
  req.start_zone = zone ? (gint) ma_zone_get_zone_type (zone) : -1;
  if (zone != NULL)
    ma_machine_set_current_cpu (m, ma_node_get_n_cpus (ma_zone_get_node (zone)) > 0
                                     ? ma_node_get_first_cpu (ma_zone_get_node (zone)) : 0);

  if (ma_window_is_live (self))
    return;
  if (ma_window_is_simulating (self))
    ma_simulation_alloc (self->simulation, &req, NULL, &res);
  else
    ma_session_alloc (self->session, &req, NULL, &res);
  text = describe_result (m, &res);
  if (res.success)
    {
      gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
      ma_window_select_pfn (self, (gint64) res.pfn);
      ma_window_toast (self, text);
    }
  else
    {
      gtk_label_set_label (self->message_label, text);
      gtk_image_set_from_icon_name (self->message_icon, "dialog-warning-symbolic");
      gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
    }
  ma_window_refresh (self);
}

void
ma_window_free_at (MaWindow *self,
                   guint64   pfn)
{
  g_autoptr(GError) error = NULL;
  MaMachine *m = ma_window_get_machine (self);
  guint64 head;
  guint order;
  MaFrameState state;
  g_autofree char *text = NULL;

  if (ma_window_is_live (self) || !ma_machine_find_block (m, pfn, &head, &order, &state))
    return;
  if (ma_window_is_simulating (self) ? !ma_simulation_free (self->simulation, pfn, &error)
                                     : !ma_session_free (self->session, pfn, &error))
    {
      ma_window_show_error (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Freed the order-%u block at pfn %" PRIu64), order, head);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  ma_window_toast (self, text);
  ma_window_refresh (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  g_autofree char *label = g_strdup (ma_machine_get_undo_label (ma_window_get_machine (self)));

  if (ma_session_undo (self->session))
    {
      g_autofree char *text = g_strdup_printf (_("Undone: %s"), label);
      ma_window_toast (self, text);
    }
  ma_window_refresh (self);
}

static void
redo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  g_autofree char *label = g_strdup (ma_machine_get_redo_label (ma_window_get_machine (self)));

  if (ma_session_redo (self->session))
    {
      g_autofree char *text = g_strdup_printf (_("Redone: %s"), label);
      ma_window_toast (self, text);
    }
  ma_window_refresh (self);
}

static void
new_machine_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *preset;

  if (param == NULL)
    {
      /* Ctrl+N: the primary menu's preset list */
      gtk_widget_activate_action (widget, "win.show-menu", NULL);
      return;
    }
  preset = g_variant_get_string (param, NULL);
  if (!ma_window_load_preset (self, preset, &error))
    ma_window_show_error (self, error->message);
}

static GListModel *
open_filters (void)
{
  GListStore *store = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) any = gtk_file_filter_new ();

  gtk_file_filter_set_name (all, _("Simulations, snapshots and machines"));
  gtk_file_filter_add_pattern (all, "*.json");
  gtk_file_filter_add_pattern (all, "*zoneinfo*");
  gtk_file_filter_add_pattern (all, "*buddyinfo*");
  gtk_file_filter_add_pattern (all, "*pagetypeinfo*");
  gtk_file_filter_add_pattern (all, "*.txt");
  gtk_file_filter_add_pattern (all, "*.log");
  gtk_file_filter_set_name (json, _("JSON files"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_set_name (any, _("All files"));
  gtk_file_filter_add_pattern (any, "*");
  g_list_store_append (store, all);
  g_list_store_append (store, json);
  g_list_store_append (store, any);
  return G_LIST_MODEL (store);
}

static void
open_chosen (GFile    *file,
             gpointer  user_data)
{
  ma_window_open_file (MA_WINDOW (user_data), file);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  g_autoptr(GListModel) filters = open_filters ();

  ma_file_chooser_open (GTK_WINDOW (widget), _("Open"), filters, FALSE, open_chosen, widget);
}

/**
 * ma_window_write_file:
 * @file: where to write
 * @data: (array length=length): the contents
 * @length: their length
 * @error: where to put an error naming the file
 *
 * Writes a new file beside @file and renames it over it, so that a failed write (a full disk,
 * a folder that is gone) leaves an earlier file as it was.
 */
gboolean
ma_window_write_file (GFile       *file,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return ma_procfs_write_file (path, data, length, error);
  /* a remote location (gvfs): GIO writes it through its own temporary file */
  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

/* Saves the session (the machine, the seed and the actions) and marks the window clean. */
gboolean
ma_window_save_to_file (MaWindow  *self,
                        GFile     *file,
                        GError   **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (ma_window_can_save (self), FALSE);

  json = ma_session_to_json (self->session);
  if (!ma_window_write_file (file, json, strlen (json), error))
    return FALSE;
  ma_window_mark_clean (self);
  ma_window_remember_recent (self, file);
  return TRUE;
}

static void
save_chosen (GFile    *file,
             gpointer  user_data)
{
  MaWindow *self = MA_WINDOW (user_data);
  g_autoptr(GError) error = NULL;

  if (!ma_window_save_to_file (self, file, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The simulation could not be saved: %s"),
                                               error->message);
      ma_window_show_error (self, text);
      return;
    }
  ma_window_toast (self, _("Simulation saved"));
}

static void
save_dialog (MaWindow         *self,
             MaFileChosenFunc  chosen)
{
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  const MaMachineSpec *spec = ma_machine_get_spec (ma_window_get_machine (self));
  g_autofree char *initial = g_strdup_printf ("%s.simulation.json", spec->name ? spec->name : "machine");

  gtk_file_filter_set_name (json, _("Saved simulations"));
  gtk_file_filter_add_pattern (json, "*.json");
  g_list_store_append (filters, json);
  ma_file_chooser_save (GTK_WINDOW (self), _("Save Simulation"), initial, G_LIST_MODEL (filters),
                        chosen, self);
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  save_dialog (MA_WINDOW (widget), save_chosen);
}

static void
export_chosen (GFile    *file,
               gpointer  user_data)
{
  MaWindow *self = MA_WINDOW (user_data);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (path == NULL)
    {
      ma_window_show_error (self, _("Images can only be exported to a local file"));
      return;
    }
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    ok = ma_map_view_export (self->map_view, MA_MAP_EXPORT_SVG, path, &error);
  else
    {
      if (!g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".PNG"))
        {
          g_autofree char *with_png = g_strconcat (path, ".png", NULL);

          g_free (path);
          path = g_steal_pointer (&with_png);
        }
      /* through the map's own summaries: a fresh renderer would read a 1 TiB machine again */
      ok = ma_map_view_export (self->map_view, MA_MAP_EXPORT_PNG, path, &error);
    }
  if (!ok)
    {
      g_autofree char *text = g_strdup_printf (_("The image could not be exported: %s"), error->message);
      ma_window_show_error (self, text);
      return;
    }
  ma_window_toast (self, _("Image exported"));
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) png = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) svg = gtk_file_filter_new ();

  gtk_file_filter_set_name (png, _("PNG image"));
  gtk_file_filter_add_pattern (png, "*.png");
  gtk_file_filter_set_name (svg, _("SVG drawing"));
  gtk_file_filter_add_pattern (svg, "*.svg");
  g_list_store_append (filters, png);
  g_list_store_append (filters, svg);
  ma_file_chooser_save (GTK_WINDOW (widget), _("Export Image"), "memory-atlas.png",
                        G_LIST_MODEL (filters), export_chosen, widget);
}

static void
drain_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);

  ma_session_drain_pcp (self->session);
  ma_window_toast (self, _("Per-CPU lists drained"));
  ma_window_refresh (self);
}

static void
color_mode_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);

  g_settings_set_string (self->settings, "color-mode", g_variant_get_string (param, NULL));
}

static void
dismiss_message_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  gtk_revealer_set_reveal_child (MA_WINDOW (widget)->message_revealer, FALSE);
}

static void
free_selected_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);
  gint64 pfn = ma_map_view_get_selected_pfn (self->map_view);

  if (pfn >= 0)
    ma_window_free_at (self, (guint64) pfn);
}

static void
allocate_selected_action (GtkWidget  *widget,
                          const char *name,
                          GVariant   *param)
{
  MaWindow *self = MA_WINDOW (widget);

  ma_window_allocate_at (self, ma_map_view_get_selected_pfn (self->map_view));
}

static void
alloc_settings_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  ma_alloc_control_popup (MA_WINDOW (widget)->alloc_control);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  GtkToggleButton *b = MA_WINDOW (widget)->sidebar_button;

  gtk_toggle_button_set_active (b, !gtk_toggle_button_get_active (b));
}

static void
toggle_inspector_action (GtkWidget  *widget,
                         const char *name,
                         GVariant   *param)
{
  GtkToggleButton *b = MA_WINDOW (widget)->inspector_button;

  gtk_toggle_button_set_active (b, !gtk_toggle_button_get_active (b));
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  gtk_menu_button_popup (MA_WINDOW (widget)->primary_menu_button);
}

/* The map installs its zoom actions on itself; the header bar buttons sit outside it and so
 * reach them through these. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MaWindow *self = MA_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    ma_map_view_zoom_in (self->map_view);
  else if (g_str_equal (action_name, "win.zoom-out"))
    ma_map_view_zoom_out (self->map_view);
  else
    ma_map_view_zoom_reset (self->map_view);
}

void
ma_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);

  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);

  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);

  gtk_widget_class_install_action (widget_class, "win.new-machine", "s", new_machine_action);
  gtk_widget_class_install_action (widget_class, "win.show-menu", NULL, show_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.show-menu", NULL);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);

  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);

  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);

  gtk_widget_class_install_action (widget_class, "win.drain", NULL, drain_action);

  gtk_widget_class_install_action (widget_class, "win.color-mode", "s", color_mode_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.color-mode", "s", "state");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.color-mode", "s", "migratetype");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.color-mode", "s", "order");

  gtk_widget_class_install_action (widget_class, "win.dismiss-message", NULL, dismiss_message_action);

  gtk_widget_class_install_action (widget_class, "win.free-selected", NULL, free_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.free-selected", NULL);

  gtk_widget_class_install_action (widget_class, "win.allocate-selected", NULL, allocate_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.allocate-selected", NULL);

  gtk_widget_class_install_action (widget_class, "win.alloc-settings", NULL, alloc_settings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.alloc-settings", NULL);

  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_install_action (widget_class, "win.toggle-inspector", NULL, toggle_inspector_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.toggle-inspector", NULL);
}
