/* ma-explain-card.c: one zone explained: printed and computed watermarks and protection, the
 * verdict, the arithmetic, and the fragmentation per order
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every text is a selectable label, so numbers can be copied into a bug report or a terminal.
 * The card keeps what it shows and compares new input with it, so a refresh that changes
 * nothing touches no widget (a relayout of a few hundred labels per refresh would not be).
 */
#define G_LOG_DOMAIN "ma-explain-card"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ma-explain-card.h"
#include "ma-fragmentation.h"
#include "ma-machine-spec.h"

typedef struct
{
  GtkLabel    *order;
  GtkLabel    *size;
  GtkLabel    *count;
  GtkLevelBar *bar;
  GtkLabel    *unusable;
  GtkLabel    *extfrag;
} OrderRow;

struct _MaExplainCard
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *title;
  GtkLabel       *size;
  GtkLabel       *badge;
  GtkLabel       *reason;
  GtkGrid        *marks;
  GtkLabel       *steps_heading;
  GtkLabel       *wmark_steps;
  GtkLabel       *prot_steps;
  GtkLabel       *frag_heading;
  GtkLabel       *frag_sentence;
  GtkGrid        *frag;
  OrderRow        rows[MA_MAX_ORDERS];
  guint           n_rows;

  char           *printed_title;
  char           *computed_title;

  /* what is shown, to skip refreshes that change nothing */
  MaExplainZone   zone;
  char           *zone_name;
  char           *zone_reason;
  char           *zone_wmark_steps;
  char           *zone_prot_steps;
  char           *prot_names[MA_N_ZONE_TYPES];
  gboolean        has_zone;
  guint64         nr_free[MA_MAX_ORDERS];
  guint           n_orders;
  guint           pageblock_order;
  gboolean        has_free_blocks;
};

G_DEFINE_FINAL_TYPE (MaExplainCard, ma_explain_card, GTK_TYPE_WIDGET)

/**
 * ma_explain_style_init:
 *
 * Loads the explain and compare views' style sheet (verdict badges, highlighted changes) into
 * the default display, once.
 */
void
ma_explain_style_init (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (done || display == NULL)
    return;
  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/memoryatlas/MemoryAtlas/ma-explain.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/**
 * ma_explain_verdict_label:
 * @verdict: a verdict
 *
 * Returns: (transfer none): the verdict as the badge says it, translated
 */
const char *
ma_explain_verdict_label (MaCheckVerdict verdict)
{
  switch (verdict)
    {
    case MA_CHECK_EXACT:
      return _("Exact");
    case MA_CHECK_EXPLAINED:
      return _("Explained");
    case MA_CHECK_UNEXPLAINED:
    default:
      return _("Unexplained");
    }
}

static void
forget_zone (MaExplainCard *self)
{
  g_clear_pointer (&self->zone_name, g_free);
  g_clear_pointer (&self->zone_reason, g_free);
  g_clear_pointer (&self->zone_wmark_steps, g_free);
  g_clear_pointer (&self->zone_prot_steps, g_free);
  for (guint i = 0; i < MA_N_ZONE_TYPES; i++)
    g_clear_pointer (&self->prot_names[i], g_free);
  self->has_zone = FALSE;
}

static void
ma_explain_card_dispose (GObject *object)
{
  MaExplainCard *self = MA_EXPLAIN_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ma_explain_card_parent_class)->dispose (object);
}

static void
ma_explain_card_finalize (GObject *object)
{
  MaExplainCard *self = MA_EXPLAIN_CARD (object);

  forget_zone (self);
  g_free (self->printed_title);
  g_free (self->computed_title);
  G_OBJECT_CLASS (ma_explain_card_parent_class)->finalize (object);
}

static void
ma_explain_card_class_init (MaExplainCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_explain_card_dispose;
  object_class->finalize = ma_explain_card_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "explaincard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static GtkLabel *
add_wrapped (GtkWidget  *box,
             const char *css_class)
{
  GtkLabel *label = new_label (NULL, css_class);

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
  return label;
}

static GtkLabel *
add_heading (GtkWidget  *box,
             const char *text)
{
  GtkLabel *label = new_label (text, "caption-heading");

  gtk_widget_set_margin_top (GTK_WIDGET (label), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
  return label;
}

static void
ma_explain_card_init (MaExplainCard *self)
{
  GtkWidget *header;

  ma_explain_style_init ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_add_css_class (self->box, "explain-card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), header);
  self->title = new_label (NULL, "heading");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  self->size = new_label (NULL, "dim-label");
  gtk_widget_set_hexpand (GTK_WIDGET (self->size), TRUE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->size));
  self->badge = new_label (NULL, "verdict-badge");
  gtk_widget_set_valign (GTK_WIDGET (self->badge), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->badge));

  self->reason = add_wrapped (self->box, "caption");

  self->marks = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->marks, 12);
  gtk_grid_set_row_spacing (self->marks, 2);
  gtk_widget_set_margin_top (GTK_WIDGET (self->marks), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->marks), "explain-marks");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->marks));

  self->steps_heading = add_heading (self->box, _("How the kernel computes them"));
  self->wmark_steps = add_wrapped (self->box, "explain-steps");
  gtk_widget_add_css_class (GTK_WIDGET (self->wmark_steps), "monospace");
  self->prot_steps = add_wrapped (self->box, "explain-steps");
  gtk_widget_add_css_class (GTK_WIDGET (self->prot_steps), "monospace");

  self->frag_heading = add_heading (self->box, _("Fragmentation per order"));
  self->frag_sentence = add_wrapped (self->box, "caption");
  self->frag = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->frag, 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->frag), "explain-frag");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->frag));
  gtk_widget_set_visible (GTK_WIDGET (self->frag_heading), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->frag_sentence), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->frag), FALSE);
}

/**
 * ma_explain_card_new:
 * @printed_title: the heading of the column of numbers as the source says them (“Printed”)
 * @computed_title: the heading of the formulas' column (“Computed”)
 *
 * Returns: (transfer floating): a new, empty card
 */
GtkWidget *
ma_explain_card_new (const char *printed_title,
                     const char *computed_title)
{
  MaExplainCard *self = g_object_new (MA_TYPE_EXPLAIN_CARD, NULL);

  self->printed_title = g_strdup (printed_title);
  self->computed_title = g_strdup (computed_title);
  return GTK_WIDGET (self);
}

static char *
pages (guint64 n)
{
  /* Thousands separators make seven-digit page counts readable. */
  return g_strdup_printf ("%'" PRIu64, n);
}

static void
attach (GtkGrid    *grid,
        const char *text,
        int         column,
        int         row,
        const char *css_class)
{
  GtkLabel *label = new_label (text, css_class);

  if (column > 0)
    {
      gtk_label_set_xalign (label, 1);
      gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
    }
  gtk_grid_attach (grid, GTK_WIDGET (label), column, row, 1, 1);
}

static void
add_mark_row (MaExplainCard *self,
              int            row,
              const char    *name,
              gint64         printed,
              gint64         computed)
{
  g_autofree char *p = printed < 0 ? g_strdup_printf ("%" PRId64, printed)
                                   : pages ((guint64) printed);
  g_autofree char *c = computed < 0 ? g_strdup_printf ("%" PRId64, computed)
                                    : pages ((guint64) computed);
  g_autofree char *d = NULL;

  attach (self->marks, name, 0, row, NULL);
  attach (self->marks, p, 1, row, NULL);
  attach (self->marks, c, 2, row, NULL);
  if (printed == computed)
    attach (self->marks, "✓", 3, row, "success");
  else
    {
      /* by how much the source is above (+) or below (−) the formula */
      d = g_strdup_printf ("%+" PRId64, printed - computed);
      attach (self->marks, d, 3, row, "error");
    }
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
fill_marks (MaExplainCard       *self,
            const MaExplainZone *z)
{
  static const char *const mark_names[MA_N_WMARKS] = { "min", "low", "high", "promo" };
  int row = 1;

  clear_grid (self->marks);
  attach (self->marks, "", 0, 0, NULL);
  attach (self->marks, self->printed_title, 1, 0, "caption-heading");
  attach (self->marks, self->computed_title, 2, 0, "caption-heading");
  attach (self->marks, _("Match"), 3, 0, "caption-heading");

  if (z->has_wmarks)
    for (guint k = 0; k < (z->has_promo ? MA_N_WMARKS : MA_WMARK_PROMO); k++)
      add_mark_row (self, row++, mark_names[k], (gint64) z->printed[k], (gint64) z->computed[k]);
  if (z->boost > 0)
    {
      g_autofree char *boost = pages (z->boost);

      attach (self->marks, _("of which boost"), 0, row, "dim-label");
      attach (self->marks, boost, 2, row++, "dim-label");
    }
  if (z->n_protection > 0)
    {
      gboolean all_zero = TRUE;

      for (guint j = 0; j < z->n_protection; j++)
        all_zero = all_zero && z->printed_protection[j] == 0 && z->computed_protection[j] == 0;
      /* spans the number columns: a long heading must not widen the names' column */
      gtk_grid_attach (self->marks,
                       GTK_WIDGET (new_label (all_zero ? _("protection: all 0")
                                                       : _("protection against"), NULL)),
                       0, row, 3, 1);
      if (all_zero)
        attach (self->marks, "✓", 3, row, "success");
      row++;
    }
  for (guint j = 0; j < z->n_protection; j++)
    {
      GtkWidget *name;

      /* protection[j] for j up to the zone itself is 0 by rule: show only what can differ */
      if (z->printed_protection[j] == 0 && z->computed_protection[j] == 0)
        continue;
      add_mark_row (self, row, z->protection_names[j] ? z->protection_names[j] : "?",
                    z->printed_protection[j], z->computed_protection[j]);
      name = gtk_grid_get_child_at (self->marks, 0, row++);
      gtk_widget_set_margin_start (name, 12);
    }
}

static gboolean
same_zone (MaExplainCard       *self,
           const MaExplainZone *z)
{
  const MaExplainZone *o = &self->zone;

  if (!self->has_zone)
    return FALSE;
  if (o->node_id != z->node_id || o->managed != z->managed || o->page_size != z->page_size
      || o->has_wmarks != z->has_wmarks || o->has_promo != z->has_promo
      || o->boost != z->boost || o->n_protection != z->n_protection
      || o->verdict != z->verdict
      || memcmp (o->printed, z->printed, sizeof o->printed) != 0
      || memcmp (o->computed, z->computed, sizeof o->computed) != 0
      || memcmp (o->printed_protection, z->printed_protection, sizeof o->printed_protection) != 0
      || memcmp (o->computed_protection, z->computed_protection,
                 sizeof o->computed_protection) != 0)
    return FALSE;
  return g_strcmp0 (self->zone_name, z->name) == 0
         && g_strcmp0 (self->zone_reason, z->reason) == 0
         && g_strcmp0 (self->zone_wmark_steps, z->watermark_steps) == 0
         && g_strcmp0 (self->zone_prot_steps, z->protection_steps) == 0;
}

static void
keep_zone (MaExplainCard       *self,
           const MaExplainZone *z)
{
  forget_zone (self);
  self->zone = *z;
  self->zone_name = g_strdup (z->name);
  self->zone_reason = g_strdup (z->reason);
  self->zone_wmark_steps = g_strdup (z->watermark_steps);
  self->zone_prot_steps = g_strdup (z->protection_steps);
  for (guint i = 0; i < MA_N_ZONE_TYPES; i++)
    self->prot_names[i] = g_strdup (z->protection_names[i]);
  /* the copy must not point into the caller's strings */
  self->zone.name = self->zone_name;
  self->zone.reason = self->zone_reason;
  self->zone.watermark_steps = self->zone_wmark_steps;
  self->zone.protection_steps = self->zone_prot_steps;
  for (guint i = 0; i < MA_N_ZONE_TYPES; i++)
    self->zone.protection_names[i] = self->prot_names[i];
  self->has_zone = TRUE;
}

/**
 * ma_explain_card_set_zone:
 * @self: a card
 * @zone: what to show
 *
 * Shows a zone's numbers, verdict and arithmetic. Does nothing when they did not change.
 */
void
ma_explain_card_set_zone (MaExplainCard       *self,
                          const MaExplainZone *zone)
{
  static const char *const badge_classes[] = { "exact", "explained", "unexplained" };
  g_autofree char *title = NULL;
  g_autofree char *size = NULL;
  g_autofree char *a11y = NULL;

  g_return_if_fail (MA_IS_EXPLAIN_CARD (self));
  g_return_if_fail (zone != NULL);

  if (same_zone (self, zone))
    return;
  keep_zone (self, zone);

  title = g_strdup_printf (_("Node %u · %s"), zone->node_id, zone->name);
  gtk_label_set_label (self->title, title);
  size = g_format_size_full (zone->managed * zone->page_size, G_FORMAT_SIZE_IEC_UNITS);
  gtk_label_set_label (self->size, size);

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), badge_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge),
                            badge_classes[MIN ((guint) zone->verdict, 2u)]);
  gtk_label_set_label (self->badge, ma_explain_verdict_label (zone->verdict));
  gtk_label_set_label (self->reason, zone->reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason), zone->reason && *zone->reason);

  fill_marks (self, zone);

  gtk_label_set_label (self->wmark_steps, zone->watermark_steps);
  gtk_widget_set_visible (GTK_WIDGET (self->wmark_steps), zone->watermark_steps != NULL);
  gtk_label_set_label (self->prot_steps, zone->protection_steps);
  gtk_widget_set_visible (GTK_WIDGET (self->prot_steps), zone->protection_steps != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_heading),
                          zone->watermark_steps != NULL || zone->protection_steps != NULL);

  a11y = g_strdup_printf (_("%s: %s"), title, ma_explain_verdict_label (zone->verdict));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, zone->reason, -1);
}

/* "4K", "2M", "1G": a block's size, short enough for a column */
static char *
block_size (guint   page_size,
            guint   order)
{
  guint64 bytes = (guint64) page_size << order;

  if (bytes >= (G_GUINT64_CONSTANT (1) << 30))
    return g_strdup_printf ("%" PRIu64 "G", bytes >> 30);
  if (bytes >= (1u << 20))
    return g_strdup_printf ("%" PRIu64 "M", bytes >> 20);
  return g_strdup_printf ("%" PRIu64 "K", bytes >> 10);
}

static void
ensure_rows (MaExplainCard *self,
             guint          n_orders)
{
  static const struct { const char *text; int column, width; } headers[] = {
    { N_("Order"), 0, 1 }, { N_("Block"), 1, 1 }, { N_("Free"), 2, 1 },
    { N_("Unusable"), 3, 2 }, { N_("Extfrag"), 5, 1 },
  };

  if (self->n_rows == n_orders)
    return;
  clear_grid (self->frag);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkLabel *label = new_label (_(headers[c].text), "caption-heading");

      gtk_label_set_xalign (label, c == 0 ? 0 : 1);
      gtk_grid_attach (self->frag, GTK_WIDGET (label), headers[c].column, 0, headers[c].width, 1);
    }
  for (guint k = 0; k < n_orders; k++)
    {
      OrderRow *r = &self->rows[k];
      g_autofree char *order = g_strdup_printf ("%u", k);

      r->order = new_label (order, "numeric");
      r->size = new_label (NULL, "numeric");
      r->count = new_label (NULL, "numeric");
      r->unusable = new_label (NULL, "numeric");
      r->extfrag = new_label (NULL, "numeric");
      gtk_label_set_xalign (r->size, 1);
      gtk_label_set_xalign (r->count, 1);
      gtk_label_set_xalign (r->unusable, 1);
      gtk_label_set_xalign (r->extfrag, 1);
      r->bar = GTK_LEVEL_BAR (gtk_level_bar_new_for_interval (0, 1000));
      /* a plain bar: the default offsets colour a high value as good, and here high is bad */
      gtk_level_bar_remove_offset_value (r->bar, GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (r->bar, GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (r->bar, GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_hexpand (GTK_WIDGET (r->bar), TRUE);
      gtk_widget_set_valign (GTK_WIDGET (r->bar), GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (GTK_WIDGET (r->bar), 40, -1);
      gtk_grid_attach (self->frag, GTK_WIDGET (r->order), 0, (int) k + 1, 1, 1);
      gtk_grid_attach (self->frag, GTK_WIDGET (r->size), 1, (int) k + 1, 1, 1);
      gtk_grid_attach (self->frag, GTK_WIDGET (r->count), 2, (int) k + 1, 1, 1);
      gtk_grid_attach (self->frag, GTK_WIDGET (r->bar), 3, (int) k + 1, 1, 1);
      gtk_grid_attach (self->frag, GTK_WIDGET (r->unusable), 4, (int) k + 1, 1, 1);
      gtk_grid_attach (self->frag, GTK_WIDGET (r->extfrag), 5, (int) k + 1, 1, 1);
    }
  self->n_rows = n_orders;
}

/* What the indices mean for the first order that would fail, or say that every order can be
 * served (KERNEL.md §9). */
static char *
fragmentation_sentence (const guint64 *nr_free,
                        guint          n_orders,
                        guint          pageblock_order)
{
  MaContigInfo info;
  guint failing = n_orders;
  int unusable, extfrag;
  g_autofree char *index = NULL;

  ma_fragmentation_contig_info (nr_free, n_orders, 0, &info);
  if (info.free_pages == 0)
    return g_strdup (_("Nothing is free in this zone: a request of any order would fail for lack "
                       "of memory, and only reclaim can help."));
  for (guint k = 0; k < n_orders && failing == n_orders; k++)
    {
      ma_fragmentation_contig_info (nr_free, n_orders, k, &info);
      if (info.free_blocks_suitable == 0)
        failing = k;
    }
  if (failing == n_orders)
    {
      guint top = n_orders - 1;

      unusable = ma_fragmentation_unusable_index (nr_free, n_orders, MIN (pageblock_order, top));
      return g_strdup_printf (ngettext ("Every order can be served now: %" PRIu64 " block of "
                                        "the largest order %u is free, and %d.%d %% of the free "
                                        "memory is in blocks smaller than a pageblock (order "
                                        "%u).",
                                        "Every order can be served now: %" PRIu64 " blocks of "
                                        "the largest order %u are free, and %d.%d %% of the free "
                                        "memory is in blocks smaller than a pageblock (order "
                                        "%u).",
                                        (unsigned long) MIN (nr_free[top], G_MAXULONG)),
                              nr_free[top], top, unusable / 10, unusable % 10,
                              MIN (pageblock_order, top));
    }

  unusable = ma_fragmentation_unusable_index (nr_free, n_orders, failing);
  extfrag = ma_fragmentation_extfrag_index (nr_free, n_orders, failing);
  index = ma_fragmentation_format_index (extfrag);
  if (extfrag > MA_EXTFRAG_THRESHOLD_DEFAULT)
    return g_strdup_printf (_("Order-%u and larger requests would fail: %d.%d %% of the free "
                              "memory is in smaller blocks. The extfrag index %s (above 0.500) "
                              "says the failure would be due to fragmentation: compaction "
                              "would help."),
                            failing, unusable / 10, unusable % 10, index);
  return g_strdup_printf (_("Order-%u and larger requests would fail: %d.%d %% of the free memory "
                            "is in smaller blocks. The extfrag index %s (0.500 or below) says the "
                            "failure would be due to lack of memory: reclaim would help more "
                            "than compaction."),
                          failing, unusable / 10, unusable % 10, index);
}

/**
 * ma_explain_card_set_free_blocks:
 * @self: a card
 * @nr_free: (array length=n_orders) (nullable): free blocks per order, or %NULL to hide the
 *   fragmentation
 * @n_orders: entries of @nr_free
 * @pageblock_order: the pageblock order (named when every order can be served)
 *
 * Shows the unusable free space index and the extfrag index per order, and a sentence on what
 * they mean. Does nothing when the counts did not change.
 */
void
ma_explain_card_set_free_blocks (MaExplainCard *self,
                                 const guint64 *nr_free,
                                 guint          n_orders,
                                 guint          pageblock_order)
{
  guint page_size;
  g_autofree char *sentence = NULL;

  g_return_if_fail (MA_IS_EXPLAIN_CARD (self));

  n_orders = MIN (n_orders, (guint) MA_MAX_ORDERS);
  if (nr_free == NULL || n_orders == 0)
    {
      self->has_free_blocks = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->frag_heading), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->frag_sentence), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->frag), FALSE);
      return;
    }
  if (self->has_free_blocks && self->n_orders == n_orders
      && self->pageblock_order == pageblock_order
      && memcmp (self->nr_free, nr_free, n_orders * sizeof (guint64)) == 0)
    return;
  memcpy (self->nr_free, nr_free, n_orders * sizeof (guint64));
  self->n_orders = n_orders;
  self->pageblock_order = pageblock_order;
  self->has_free_blocks = TRUE;

  page_size = self->has_zone && self->zone.page_size ? self->zone.page_size : 4096;
  ensure_rows (self, n_orders);
  for (guint k = 0; k < n_orders; k++)
    {
      OrderRow *r = &self->rows[k];
      int unusable = ma_fragmentation_unusable_index (nr_free, n_orders, k);
      int extfrag = ma_fragmentation_extfrag_index (nr_free, n_orders, k);
      g_autofree char *size = block_size (page_size, k);
      g_autofree char *count = pages (nr_free[k]);
      g_autofree char *u = ma_fragmentation_format_index (unusable);
      g_autofree char *e = ma_fragmentation_format_index (extfrag);
      g_autofree char *a11y = g_strdup_printf (_("Order %u: unusable free space index %s"), k, u);

      gtk_label_set_label (r->size, size);
      gtk_label_set_label (r->count, count);
      gtk_label_set_label (r->unusable, u);
      gtk_label_set_label (r->extfrag, e);
      gtk_level_bar_set_value (r->bar, unusable);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      a11y, -1);
    }
  sentence = fragmentation_sentence (nr_free, n_orders, pageblock_order);
  gtk_label_set_label (self->frag_sentence, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->frag_heading), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->frag_sentence), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->frag), TRUE);
}
