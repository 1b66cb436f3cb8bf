/* ma-map-legend.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line per category of the colour mode: a swatch drawn as the map draws it (colour, hatching
 * and the mark shown in blocks close up) and its name. Categories a machine cannot have are left
 * out: orders beyond its largest, MIGRATE_RESERVE on kernels from 4.4 on.
 */
#define G_LOG_DOMAIN "ma-map-legend"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-map-legend.h"
#include "ma-map-palette.h"

#define SWATCH 16

struct _MaMapLegend
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  MaColorMode  mode;
  MaMachine   *machine;
  gboolean     dark;
  gulong       style_id;
};

G_DEFINE_FINAL_TYPE (MaMapLegend, ma_map_legend, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COLOR_MODE,
  PROP_MACHINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  MaColorMode mode;
  guint       category;
  gboolean    dark;
} Swatch;

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  const Swatch *s = data;
  const MaMapPalette *palette = ma_map_palette_get (s->mode);
  const MaMapCategory *c = &palette->categories[s->category];
  guint32 argb = ma_map_palette_argb (palette, s->category, s->dark);
  guint32 stripe = ma_map_palette_stripe_argb (palette, s->category, s->dark);

  cairo_set_source_rgb (cr, ((argb >> 16) & 0xff) / 255., ((argb >> 8) & 0xff) / 255.,
                        (argb & 0xff) / 255.);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill_preserve (cr);
  if (c->pattern != MA_MAP_PATTERN_NONE)
    {
      cairo_save (cr);
      cairo_clip (cr);
      cairo_set_source_rgb (cr, ((stripe >> 16) & 0xff) / 255., ((stripe >> 8) & 0xff) / 255.,
                            (stripe & 0xff) / 255.);
      cairo_set_line_width (cr, 2);
      for (int i = -height; i < width + height; i += 6)
        {
          if (c->pattern == MA_MAP_PATTERN_HATCH)
            {
              cairo_move_to (cr, i, height);
              cairo_line_to (cr, i + height, 0);
            }
          else
            {
              cairo_move_to (cr, i, 0);
              cairo_line_to (cr, i + height, height);
            }
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else
    cairo_new_path (cr);
  cairo_set_source_rgba (cr, s->dark ? 1 : 0, s->dark ? 1 : 0, s->dark ? 1 : 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  cairo_stroke (cr);
}

static gboolean
applies (MaMapLegend *self,
         guint        category)
{
  if (self->machine == NULL)
    return TRUE;
  switch (self->mode)
    {
    case MA_COLOR_MODE_ORDER:
      return category >= MA_MAP_ORDER_ALLOC_0
             || category < ma_machine_get_nr_orders (self->machine);
    case MA_COLOR_MODE_MIGRATETYPE:
      return category / 2 != MA_MIGRATE_RESERVE
             || category >= MA_MAP_MT_RESERVED
             || ma_machine_get_kernel (self->machine) < MA_KERNEL_VERSION (4, 4, 0);
    case MA_COLOR_MODE_STATE:
    default:
      return TRUE;
    }
}

static void
rebuild (MaMapLegend *self)
{
  const MaLegendEntry *entries;
  guint n;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->box), child);

  entries = ma_color_mode_get_legend (self->mode, self->dark, &n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row, *area, *label;
      Swatch *swatch;

      if (!applies (self, i))
        continue;
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      area = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), SWATCH);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), SWATCH);
      gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
      swatch = g_new (Swatch, 1);
      *swatch = (Swatch) { self->mode, i, self->dark };
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, swatch, g_free);
      label = gtk_label_new (entries[i].label);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (row), area);
      gtk_box_append (GTK_BOX (row), label);
      if (entries[i].pattern_hint)
        {
          g_autofree char *tip = g_strdup_printf (_("Close up: %s"), entries[i].pattern_hint);

          gtk_widget_set_tooltip_text (row, tip);
        }
      gtk_flow_box_append (GTK_FLOW_BOX (self->box), row);
    }
}

static void
update_dark (MaMapLegend *self)
{
  gboolean dark = FALSE;

  if (adw_is_initialized ())
    dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  if (dark != self->dark)
    {
      self->dark = dark;
      rebuild (self);
    }
}

static void
ma_map_legend_root (GtkWidget *widget)
{
  MaMapLegend *self = MA_MAP_LEGEND (widget);

  GTK_WIDGET_CLASS (ma_map_legend_parent_class)->root (widget);
  if (adw_is_initialized ())
    self->style_id = g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                                              G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
  update_dark (self);
}

static void
ma_map_legend_unroot (GtkWidget *widget)
{
  MaMapLegend *self = MA_MAP_LEGEND (widget);

  if (self->style_id != 0)
    g_clear_signal_handler (&self->style_id, adw_style_manager_get_default ());
  GTK_WIDGET_CLASS (ma_map_legend_parent_class)->unroot (widget);
}

static void
ma_map_legend_dispose (GObject *object)
{
  MaMapLegend *self = MA_MAP_LEGEND (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->machine);

  G_OBJECT_CLASS (ma_map_legend_parent_class)->dispose (object);
}

static void
ma_map_legend_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MaMapLegend *self = MA_MAP_LEGEND (object);

  switch (prop_id)
    {
    case PROP_COLOR_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_MACHINE:
      g_value_set_object (value, self->machine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_map_legend_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MaMapLegend *self = MA_MAP_LEGEND (object);

  switch (prop_id)
    {
    case PROP_COLOR_MODE:
      ma_map_legend_set_color_mode (self, g_value_get_enum (value));
      break;
    case PROP_MACHINE:
      ma_map_legend_set_machine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_map_legend_class_init (MaMapLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ma_map_legend_dispose;
  object_class->get_property = ma_map_legend_get_property;
  object_class->set_property = ma_map_legend_set_property;
  widget_class->root = ma_map_legend_root;
  widget_class->unroot = ma_map_legend_unroot;

  /**
   * MaMapLegend:color-mode:
   *
   * The colour mode explained.
   */
  properties[PROP_COLOR_MODE] =
    g_param_spec_enum ("color-mode", NULL, NULL, MA_TYPE_COLOR_MODE, MA_COLOR_MODE_STATE, flags);
  /**
   * MaMapLegend:machine:
   *
   * The machine shown, to leave out what it cannot have; %NULL lists everything.
   */
  properties[PROP_MACHINE] = g_param_spec_object ("machine", NULL, NULL, MA_TYPE_MACHINE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "maplegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ma_map_legend_init (MaMapLegend *self)
{
  self->box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->box), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->box), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->box), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->box), 2);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map legend"), -1);
  rebuild (self);
}

/**
 * ma_map_legend_new:
 *
 * Returns: (transfer full): a legend of the state colour mode
 */
GtkWidget *
ma_map_legend_new (void)
{
  return g_object_new (MA_TYPE_MAP_LEGEND, NULL);
}

MaColorMode
ma_map_legend_get_color_mode (MaMapLegend *self)
{
  g_return_val_if_fail (MA_IS_MAP_LEGEND (self), MA_COLOR_MODE_STATE);
  return self->mode;
}

void
ma_map_legend_set_color_mode (MaMapLegend *self,
                              MaColorMode  mode)
{
  g_return_if_fail (MA_IS_MAP_LEGEND (self));
  g_return_if_fail (mode < MA_N_COLOR_MODES);

  if (mode == self->mode)
    return;
  self->mode = mode;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_MODE]);
}

/**
 * ma_map_legend_get_machine:
 *
 * Returns: (transfer none) (nullable): the machine whose categories are listed
 */
MaMachine *
ma_map_legend_get_machine (MaMapLegend *self)
{
  g_return_val_if_fail (MA_IS_MAP_LEGEND (self), NULL);
  return self->machine;
}

void
ma_map_legend_set_machine (MaMapLegend *self,
                           MaMachine   *machine)
{
  g_return_if_fail (MA_IS_MAP_LEGEND (self));
  g_return_if_fail (machine == NULL || MA_IS_MACHINE (machine));

  if (!g_set_object (&self->machine, machine))
    return;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

/**
 * ma_map_legend_bind_map_view:
 * @map_view: the map to explain
 *
 * Follows the colour mode and the machine of @map_view.
 */
void
ma_map_legend_bind_map_view (MaMapLegend *self,
                             MaMapView   *map_view)
{
  g_return_if_fail (MA_IS_MAP_LEGEND (self));
  g_return_if_fail (MA_IS_MAP_VIEW (map_view));

  g_object_bind_property (map_view, "color-mode", self, "color-mode", G_BINDING_SYNC_CREATE);
  g_object_bind_property (map_view, "machine", self, "machine", G_BINDING_SYNC_CREATE);
}
