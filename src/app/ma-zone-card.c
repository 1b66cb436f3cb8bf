/* ma-zone-card.c: one zone in the sidebar: free pages against the watermarks, free blocks per
 * order, sizes, protection, and whether the chosen request would pass here now
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-zone-card"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-alloc.h"
#include "ma-order-histogram.h"
#include "ma-zone-card.h"
#include "ma-zone-gauge.h"

struct _MaZoneCard
{
  GtkWidget  parent_instance;

  MaZone    *zone;
  GtkWidget *box;
  GtkLabel  *title;
  GtkLabel  *size;
  GtkWidget *gauge;
  GtkLabel  *levels;
  GtkWidget *histogram;
  GtkLabel  *sizes;
  GtkLabel  *protection;
  GtkImage  *verdict_icon;
  GtkLabel  *verdict;
};

G_DEFINE_FINAL_TYPE (MaZoneCard, ma_zone_card, GTK_TYPE_WIDGET)

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
pages (guint64 n)
{
  /* Thousands separators make seven-digit page counts readable. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
ma_zone_card_dispose (GObject *object)
{
  MaZoneCard *self = MA_ZONE_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ma_zone_card_parent_class)->dispose (object);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MaZoneCard      *self)
{
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static void
ma_zone_card_class_init (MaZoneCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_zone_card_dispose;

  /**
   * MaZoneCard::activated:
   *
   * The user clicked the card: show its zone.
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "zonecard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
ma_zone_card_init (MaZoneCard *self)
{
  GtkWidget *header, *verdict_box;
  GtkGesture *click;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_add_css_class (self->box, "zone-card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), header);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_label_set_xalign (self->title, 0);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  self->size = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->size), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->size));

  self->gauge = ma_zone_gauge_new ();
  gtk_box_append (GTK_BOX (self->box), self->gauge);
  self->levels = add_label (self->box, "caption");
  self->histogram = ma_order_histogram_new ();
  gtk_box_append (GTK_BOX (self->box), self->histogram);
  self->sizes = add_label (self->box, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->sizes), "dim-label");
  self->protection = add_label (self->box, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->protection), "dim-label");

  verdict_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), verdict_box);
  self->verdict_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->verdict_icon), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (verdict_box), GTK_WIDGET (self->verdict_icon));
  self->verdict = add_label (verdict_box, "caption");

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
ma_zone_card_new (MaZone *zone)
{
  MaZoneCard *self = g_object_new (MA_TYPE_ZONE_CARD, NULL);
  MaMachine *m = ma_node_get_machine (ma_zone_get_node (zone));
  g_autofree char *title = NULL;
  g_autofree char *size = NULL;

  self->zone = zone;
  title = g_strdup_printf (_("Node %u · %s"), ma_node_get_id (ma_zone_get_node (zone)),
                           ma_zone_get_name (zone));
  gtk_label_set_label (self->title, title);
  size = g_format_size_full (ma_zone_get_managed (zone) << ma_machine_get_page_shift (m),
                             G_FORMAT_SIZE_IEC_UNITS);
  gtk_label_set_label (self->size, size);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return GTK_WIDGET (self);
}

MaZone *
ma_zone_card_get_zone (MaZoneCard *self)
{
  return self->zone;
}

void
ma_zone_card_update (MaZoneCard *self,
                     MaGfp       gfp,
                     guint       order)
{
  MaZone *zone = self->zone;
  MaNode *node = ma_zone_get_node (zone);
  MaMachine *m = ma_node_get_machine (node);
  MaZoneAttempt attempt;
  g_autofree char *free = pages ((guint64) MAX (ma_zone_get_free_pages (zone), 0));
  g_autofree char *min = pages (ma_zone_get_watermark (zone, MA_WMARK_MIN));
  g_autofree char *low = pages (ma_zone_get_watermark (zone, MA_WMARK_LOW));
  g_autofree char *high = pages (ma_zone_get_watermark (zone, MA_WMARK_HIGH));
  g_autofree char *pcp = pages (ma_zone_get_pcp_pages (zone));
  g_autofree char *spanned = pages (ma_zone_get_spanned (zone));
  g_autofree char *present = pages (ma_zone_get_present (zone));
  g_autofree char *managed = pages (ma_zone_get_managed (zone));
  g_autofree char *levels = NULL;
  g_autofree char *sizes = NULL;
  g_autofree char *gfp_text = ma_gfp_to_string (gfp);
  g_autoptr(GString) prot = g_string_new (_("protection: ("));
  g_autofree char *verdict = NULL;

  ma_zone_gauge_update (MA_ZONE_GAUGE (self->gauge), zone);
  ma_order_histogram_update (MA_ORDER_HISTOGRAM (self->histogram), zone);

  levels = g_strdup_printf (_("free %s · min %s · low %s · high %s · per-CPU %s"), free, min, low,
                            high, pcp);
  gtk_label_set_label (self->levels, levels);
  sizes = g_strdup_printf (_("spanned %s · present %s · managed %s"), spanned, present, managed);
  gtk_label_set_label (self->sizes, sizes);
  for (guint j = 0; j < ma_node_get_n_zones (node); j++)
    g_string_append_printf (prot, "%s%" G_GUINT64_FORMAT, j ? ", " : "",
                            ma_zone_get_lowmem_reserve (zone, j));
  g_string_append (prot, ")");
  gtk_label_set_label (self->protection, prot->str);

  if (order >= ma_machine_get_nr_orders (m))
    {
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-warning-symbolic");
      verdict = g_strdup_printf (_("Order %u does not exist on this machine"), order);
    }
  else if (ma_machine_would_pass (m, zone, gfp, order, &attempt))
    {
      gtk_image_set_from_icon_name (self->verdict_icon, "object-select-symbolic");
      verdict = g_strdup_printf (_("Order %u %s would pass here now: %" PRId64
                                   " usable pages > low %" PRIu64 " + protection %"
                                   PRIu64),
                                 order, gfp_text, attempt.usable_pages, attempt.mark_pages,
                                 attempt.protection);
    }
  else if (attempt.zone == NULL)
    {
      gtk_image_set_from_icon_name (self->verdict_icon, "action-unavailable-symbolic");
      verdict = g_strdup_printf (_("%s cannot use this zone"), gfp_text);
    }
  else if (attempt.check == MA_ZONE_CHECK_NO_BLOCK)
    {
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-error-symbolic");
      verdict = g_strdup_printf (_("Order %u %s would fail here: no free block of order %u or "
                                   "larger on a list it may use"), order, gfp_text, order);
    }
  else
    {
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-error-symbolic");
      verdict = g_strdup_printf (_("Order %u %s would fail here at low: %" PRId64
                                   " usable pages ≤ %" PRIu64 " + protection %"
                                   PRIu64),
                                 order, gfp_text, attempt.usable_pages, attempt.mark_pages,
                                 attempt.protection);
    }
  gtk_label_set_label (self->verdict, verdict);
}
