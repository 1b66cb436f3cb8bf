/* ma-zone-panel.c: the sidebar: the machine's sysctls, then every populated zone by node
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-zone-panel"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-zone-card.h"
#include "ma-zone-panel.h"

struct _MaZonePanel
{
  GtkWidget  parent_instance;

  MaMachine *machine;
  GtkWidget *box;
  GtkLabel  *summary;
  GPtrArray *cards;
  MaGfp      gfp;
  guint      order;
};

G_DEFINE_FINAL_TYPE (MaZonePanel, ma_zone_panel, GTK_TYPE_WIDGET)

enum {
  ZONE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ma_zone_panel_dispose (GObject *object)
{
  MaZonePanel *self = MA_ZONE_PANEL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->machine);
  G_OBJECT_CLASS (ma_zone_panel_parent_class)->dispose (object);
}

static void
ma_zone_panel_class_init (MaZonePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_zone_panel_dispose;

  /**
   * MaZonePanel::zone-activated:
   * @zone: (type gpointer): the zone
   *
   * The user chose a zone's card.
   */
  signals[ZONE_ACTIVATED] = g_signal_new ("zone-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "zonepanel");
}

static void
ma_zone_panel_init (MaZonePanel *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->cards = g_ptr_array_new ();
  self->gfp = MA_GFP_KERNEL;
}

GtkWidget *
ma_zone_panel_new (void)
{
  return g_object_new (MA_TYPE_ZONE_PANEL, NULL);
}

static void
card_activated_cb (MaZoneCard  *card,
                   MaZonePanel *self)
{
  g_signal_emit (self, signals[ZONE_ACTIVATED], 0, ma_zone_card_get_zone (card));
}

static void
update_summary (MaZonePanel *self)
{
  guint ratio[MA_N_ZONE_TYPES];
  guint n = ma_machine_get_lowmem_reserve_ratio (self->machine, ratio);
  g_autoptr(GString) r = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (r, "%s%u", i ? " " : "", ratio[i]);
  text = g_strdup_printf (_("vm.min_free_kbytes %" PRIu64 " · watermark_scale_factor %u"
                            " · watermark_boost_factor %u\nlowmem_reserve_ratio %s"),
                          ma_machine_get_min_free_kbytes (self->machine),
                          ma_machine_get_watermark_scale_factor (self->machine),
                          ma_machine_get_watermark_boost_factor (self->machine), r->str);
  gtk_label_set_label (self->summary, text);
}

void
ma_zone_panel_set_machine (MaZonePanel *self,
                           MaMachine   *machine)
{
  GtkWidget *child;

  g_return_if_fail (MA_IS_ZONE_PANEL (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->cards, 0);
  g_set_object (&self->machine, machine);
  if (machine == NULL)
    return;

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->summary));

  for (guint n = 0; n < ma_machine_get_n_nodes (machine); n++)
    {
      MaNode *node = ma_machine_get_node (machine, n);
      g_autofree char *title = NULL;
      g_autofree char *size = g_format_size_full (ma_node_get_present (node)
                                                  << ma_machine_get_page_shift (machine),
                                                  G_FORMAT_SIZE_IEC_UNITS);
      GtkWidget *label;

      title = g_strdup_printf (ngettext ("Node %u · %s · %u CPU", "Node %u · %s · %u CPUs",
                                         ma_node_get_n_cpus (node)),
                               ma_node_get_id (node), size, ma_node_get_n_cpus (node));
      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "title-4");
      gtk_box_append (GTK_BOX (self->box), label);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++)
        {
          MaZone *zone = ma_node_get_zone (node, z);
          GtkWidget *card;

          if (!ma_zone_is_populated (zone))
            continue;
          card = ma_zone_card_new (zone);
          g_signal_connect (card, "activated", G_CALLBACK (card_activated_cb), self);
          gtk_box_append (GTK_BOX (self->box), card);
          g_ptr_array_add (self->cards, card);
        }
    }
  ma_zone_panel_update (self);
}

void
ma_zone_panel_set_request (MaZonePanel *self,
                           MaGfp        gfp,
                           guint        order)
{
  self->gfp = gfp;
  self->order = order;
  ma_zone_panel_update (self);
}

void
ma_zone_panel_update (MaZonePanel *self)
{
  if (self->machine == NULL)
    return;
  update_summary (self);
  for (guint i = 0; i < self->cards->len; i++)
    ma_zone_card_update (g_ptr_array_index (self->cards, i), self->gfp, self->order);
}
