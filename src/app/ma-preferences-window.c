/* ma-preferences-window.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-machine-spec.h"
#include "ma-preferences-window.h"

struct _MaPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings   *settings;
  AdwComboRow *color_scheme_row;
  AdwComboRow *preset_row;
  AdwComboRow *click_row;
  GtkWidget   *animation_spin;
  GtkWidget   *interval_spin;
};

G_DEFINE_FINAL_TYPE (MaPreferencesWindow, ma_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const schemes[] = { "default", "light", "dark", NULL };
static const char *const clicks[] = { "allocate", "inspect", NULL };

/* GSettings string <-> combo row position, through a NULL-terminated list of values. */
static gboolean
get_index (GValue   *value,
           GVariant *variant,
           gpointer  user_data)
{
  const char *const *values = user_data;
  const char *s = g_variant_get_string (variant, NULL);

  for (guint i = 0; values[i]; i++)
    if (g_str_equal (values[i], s))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
set_index (const GValue       *value,
           const GVariantType *type,
           gpointer            user_data)
{
  const char *const *values = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **) values))
    return NULL;
  return g_variant_new_string (values[i]);
}

static void
ma_preferences_window_dispose (GObject *object)
{
  MaPreferencesWindow *self = MA_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (ma_preferences_window_parent_class)->dispose (object);
}

static void
ma_preferences_window_class_init (MaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ma-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, preset_row);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, click_row);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, animation_spin);
  gtk_widget_class_bind_template_child (widget_class, MaPreferencesWindow, interval_spin);
}

static void
ma_preferences_window_init (MaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ma_preferences_window_new (GSettings *settings)
{
  MaPreferencesWindow *self = g_object_new (MA_TYPE_PREFERENCES_WINDOW, NULL);
  const char *const *presets = ma_presets_list ();
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  self->settings = g_object_ref (settings);

  for (guint i = 0; presets[i]; i++)
    {
      g_autoptr(MaMachineSpec) spec = ma_presets_load (presets[i], NULL);

      gtk_string_list_append (titles, spec && spec->title ? spec->title : presets[i]);
    }
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (titles));

  g_settings_bind_with_mapping (settings, "color-scheme", self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_index, set_index, (gpointer) schemes, NULL);
  g_settings_bind_with_mapping (settings, "default-preset", self->preset_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_index, set_index, (gpointer) presets, NULL);
  g_settings_bind_with_mapping (settings, "click-action", self->click_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_index, set_index, (gpointer) clicks, NULL);
  g_settings_bind (settings, "animation-speed", self->animation_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "live-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
