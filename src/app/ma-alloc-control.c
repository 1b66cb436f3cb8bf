/* ma-alloc-control.c: what a click on the map allocates: an order and a GFP request
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GFP request is one of the named combinations kernel code uses, plus modifiers. The
 * modifiers' check buttons are the single source of truth for those bits: the preset gives the
 * base, the checks add to it.
 */
#define G_LOG_DOMAIN "ma-alloc-control"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-alloc-control.h"
#include "ma-machine-spec.h"

static const struct
{
  const char *label;
  MaGfp       gfp;
} presets[] = {
  { "GFP_KERNEL", MA_GFP_KERNEL },
  { "GFP_ATOMIC", MA_GFP_ATOMIC },
  { "GFP_NOWAIT", MA_GFP_NOWAIT },
  { "GFP_USER", MA_GFP_USER },
  { "GFP_HIGHUSER", MA_GFP_HIGHUSER },
  { "GFP_HIGHUSER_MOVABLE", MA_GFP_HIGHUSER_MOVABLE },
  { "GFP_KERNEL | GFP_DMA", MA_GFP_KERNEL | MA_GFP_DMA },
  { "GFP_KERNEL | GFP_DMA32", MA_GFP_KERNEL | MA_GFP_DMA32 },
};

static const struct
{
  const char *label;
  MaGfp       bit;
  const char *tooltip;
} modifiers[] = {
  { "__GFP_HIGH", MA___GFP_HIGH, N_("High priority: may use half of the min reserve") },
  { "__GFP_NORETRY", MA___GFP_NORETRY, N_("Fail early instead of retrying reclaim; never OOM") },
  { "__GFP_THISNODE", MA___GFP_THISNODE, N_("Only this node: no fallback to other nodes") },
  { "__GFP_MOVABLE", MA___GFP_MOVABLE, N_("Movable pages: grouped in movable pageblocks") },
  { "__GFP_RECLAIMABLE", MA___GFP_RECLAIMABLE, N_("Reclaimable slab: grouped in reclaimable pageblocks") },
};

struct _MaAllocControl
{
  GtkWidget    parent_instance;

  GtkWidget   *button;
  GtkWidget   *popover;
  GtkWidget   *order_spin;
  GtkWidget   *order_size;
  GtkWidget   *preset;
  GtkWidget   *checks[G_N_ELEMENTS (modifiers)];
  GtkWidget   *result;

  guint        order;
  guint        max_order;
  guint        page_shift;
  MaGfp        gfp;
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (MaAllocControl, ma_alloc_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ORDER,
  PROP_GFP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MaGfp
modifier_bits (void)
{
  MaGfp bits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    bits |= modifiers[i].bit;
  return bits;
}

static void
update_labels (MaAllocControl *self)
{
  g_autofree char *gfp = ma_gfp_to_string (self->gfp);
  g_autofree char *button = NULL;
  g_autofree char *result = NULL;
  g_autofree char *size = g_format_size_full ((guint64) 1 << (self->order + self->page_shift),
                                              G_FORMAT_SIZE_IEC_UNITS);

  button = g_strdup_printf (_("Order %u · %s"), self->order, gfp);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), button);
  result = g_strdup_printf ("%s (0x%x)", gfp, self->gfp);
  gtk_label_set_label (GTK_LABEL (self->result), result);
  gtk_label_set_label (GTK_LABEL (self->order_size), size);
  gtk_widget_set_tooltip_text (self->button, _("What a click on the map allocates"));
}

/* Reflect self->gfp in the preset drop-down and the modifier checks. */
static void
sync_widgets (MaAllocControl *self)
{
  MaGfp base = self->gfp & ~modifier_bits ();
  guint best = 0;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if ((presets[i].gfp & ~modifier_bits ()) == base)
      {
        best = i;
        break;
      }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->preset), best);
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->checks[i]),
                                 (self->gfp & modifiers[i].bit) != 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->order_spin), self->order);
  self->updating = FALSE;
  update_labels (self);
}

static void
read_widgets (MaAllocControl *self)
{
  guint sel = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->preset));
  MaGfp gfp = sel < G_N_ELEMENTS (presets) ? presets[sel].gfp : MA_GFP_KERNEL;

  if (self->updating)
    return;
  gfp &= ~modifier_bits ();
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->checks[i])))
      gfp |= modifiers[i].bit;
  ma_alloc_control_set_gfp (self, gfp);
}

static void
preset_changed_cb (MaAllocControl *self)
{
  guint sel = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->preset));

  if (self->updating || sel >= G_N_ELEMENTS (presets))
    return;
  /* A new preset brings its own modifier bits (GFP_HIGHUSER_MOVABLE has __GFP_MOVABLE). */
  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->checks[i]),
                                 (presets[sel].gfp & modifiers[i].bit) != 0);
  self->updating = FALSE;
  read_widgets (self);
}

static void
order_changed_cb (MaAllocControl *self)
{
  if (!self->updating)
    ma_alloc_control_set_order (self,
                                (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->order_spin)));
}

static void
ma_alloc_control_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MaAllocControl *self = MA_ALLOC_CONTROL (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_uint (value, self->order);
      break;
    case PROP_GFP:
      g_value_set_uint (value, self->gfp);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_alloc_control_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MaAllocControl *self = MA_ALLOC_CONTROL (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      ma_alloc_control_set_order (self, g_value_get_uint (value));
      break;
    case PROP_GFP:
      ma_alloc_control_set_gfp (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_alloc_control_dispose (GObject *object)
{
  MaAllocControl *self = MA_ALLOC_CONTROL (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (ma_alloc_control_parent_class)->dispose (object);
}

static void
ma_alloc_control_class_init (MaAllocControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_alloc_control_get_property;
  object_class->set_property = ma_alloc_control_set_property;
  object_class->dispose = ma_alloc_control_dispose;

  properties[PROP_ORDER] = g_param_spec_uint ("order", NULL, NULL, 0, MA_MAX_ORDERS - 1, 0,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                              | G_PARAM_STATIC_STRINGS);
  properties[PROP_GFP] = g_param_spec_uint ("gfp", NULL, NULL, 0, G_MAXUINT32, MA_GFP_KERNEL,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                            | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "alloccontrol");
}

static GtkWidget *
row (const char *mnemonic,
     GtkWidget  *widget,
     GtkWidget  *extra)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  if (extra)
    gtk_box_append (GTK_BOX (box), extra);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
ma_alloc_control_init (MaAllocControl *self)
{
  GtkWidget *box, *expander, *mods;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->gfp = MA_GFP_KERNEL;
  self->max_order = 10;
  self->page_shift = 12;

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->button), FALSE);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->popover = gtk_popover_new ();
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);

  {
    GtkWidget *title = gtk_label_new (_("A Click on the Map Allocates"));

    gtk_widget_add_css_class (title, "heading");
    gtk_box_append (GTK_BOX (box), title);
  }

  self->order_spin = gtk_spin_button_new_with_range (0, 10, 1);
  self->order_size = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->order_size, "dim-label");
  gtk_box_append (GTK_BOX (box), row (_("_Order"), self->order_spin, self->order_size));
  g_signal_connect_swapped (self->order_spin, "value-changed", G_CALLBACK (order_changed_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_string_list_append (names, presets[i].label);
  self->preset = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_box_append (GTK_BOX (box), row (_("_GFP flags"), self->preset, NULL));
  g_signal_connect_swapped (self->preset, "notify::selected", G_CALLBACK (preset_changed_cb), self);

  expander = gtk_expander_new_with_mnemonic (_("_Modifiers"));
  mods = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_expander_set_child (GTK_EXPANDER (expander), mods);
  gtk_box_append (GTK_BOX (box), expander);
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    {
      self->checks[i] = gtk_check_button_new_with_label (modifiers[i].label);
      gtk_widget_set_tooltip_text (self->checks[i], _(modifiers[i].tooltip));
      g_signal_connect_swapped (self->checks[i], "toggled", G_CALLBACK (read_widgets), self);
      gtk_box_append (GTK_BOX (mods), self->checks[i]);
    }

  self->result = gtk_label_new (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->result), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->result), TRUE);
  gtk_widget_add_css_class (self->result, "monospace");
  gtk_widget_add_css_class (self->result, "dim-label");
  gtk_box_append (GTK_BOX (box), self->result);

  sync_widgets (self);
}

GtkWidget *
ma_alloc_control_new (void)
{
  return g_object_new (MA_TYPE_ALLOC_CONTROL, NULL);
}

guint
ma_alloc_control_get_order (MaAllocControl *self)
{
  return self->order;
}

void
ma_alloc_control_set_order (MaAllocControl *self,
                            guint           order)
{
  g_return_if_fail (MA_IS_ALLOC_CONTROL (self));

  order = MIN (order, self->max_order);
  if (order == self->order)
    return;
  self->order = order;
  sync_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
}

MaGfp
ma_alloc_control_get_gfp (MaAllocControl *self)
{
  return self->gfp;
}

void
ma_alloc_control_set_gfp (MaAllocControl *self,
                          MaGfp           gfp)
{
  g_return_if_fail (MA_IS_ALLOC_CONTROL (self));

  if (gfp == self->gfp)
    return;
  self->gfp = gfp;
  sync_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GFP]);
}

void
ma_alloc_control_set_max_order (MaAllocControl *self,
                                guint           max_order)
{
  self->max_order = max_order;
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (self->order_spin), 0, max_order);
  if (self->order > max_order)
    ma_alloc_control_set_order (self, max_order);
}

void
ma_alloc_control_set_page_shift (MaAllocControl *self,
                                 guint           page_shift)
{
  self->page_shift = page_shift;
  update_labels (self);
}

void
ma_alloc_control_popup (MaAllocControl *self)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->button));
}
