/* ma-compare-window.c: two machines (two snapshots, or two moments of one) side by side
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The comparison is computed once, when the window opens (ma-compare.h): comparing "a moment
 * ago" with the live view must keep showing that moment while the live machine moves on. The
 * window keeps no reference to either machine.
 */
#define G_LOG_DOMAIN "ma-compare-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-compare.h"
#include "ma-compare-window.h"
#include "ma-explain-card.h"

struct _MaCompareWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkWidget       *zones_box;
  MaComparison    *comparison;
  char            *before_title;
  char            *after_title;
};

G_DEFINE_FINAL_TYPE (MaCompareWindow, ma_compare_window, ADW_TYPE_WINDOW)

static void
ma_compare_window_finalize (GObject *object)
{
  MaCompareWindow *self = MA_COMPARE_WINDOW (object);

  g_clear_pointer (&self->comparison, ma_comparison_free);
  g_free (self->before_title);
  g_free (self->after_title);
  G_OBJECT_CLASS (ma_compare_window_parent_class)->finalize (object);
}

/**
 * ma_compare_window_dup_text:
 * @self: a compare window
 *
 * Returns: (transfer full): the comparison as plain text, as the copy button puts it on the
 *   clipboard
 */
char *
ma_compare_window_dup_text (MaCompareWindow *self)
{
  g_return_val_if_fail (MA_IS_COMPARE_WINDOW (self), NULL);
  return ma_comparison_to_text (self->comparison, self->before_title, self->after_title);
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MaCompareWindow *self = MA_COMPARE_WINDOW (widget);
  g_autofree char *text = ma_compare_window_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Comparison copied as text")));
}

static void
ma_compare_window_class_init (MaCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ma_compare_window_finalize;

  gtk_widget_class_install_action (widget_class, "compare.copy", NULL, copy_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "compare.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ma_compare_window_init (MaCompareWindow *self)
{
  ma_explain_style_init ();
}

/* ------------------------------------------------------------------------------------------ */
/* Cells */

static GtkLabel *
cell (GtkGrid    *grid,
      const char *text,
      int         column,
      int         row,
      gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

static void
header_cell (GtkGrid    *grid,
             const char *text,
             int         column,
             gboolean    numeric)
{
  GtkLabel *label = cell (grid, text, column, 0, numeric);

  gtk_widget_add_css_class (GTK_WIDGET (label), "caption-heading");
}

static char *
count_text (gint64 n)
{
  return g_strdup_printf ("%'" PRId64, n);
}

static char *
change_text (gint64 before,
             gint64 after)
{
  if (after == before)
    return g_strdup ("0");
  /* U+2212 MINUS SIGN reads better than a hyphen in a column of numbers */
  if (after < before)
    return g_strdup_printf ("−%'" PRId64, before - after);
  return g_strdup_printf ("+%'" PRId64, after - before);
}

static void
change_row (GtkGrid    *grid,
            int         row,
            const char *name,
            gint64      before,
            gint64      after,
            gboolean    large,
            const char *extra)
{
  g_autofree char *b = count_text (before);
  g_autofree char *a = count_text (after);
  g_autofree char *d = change_text (before, after);
  g_autofree char *shown = extra ? g_strdup_printf ("%s (%s)", d, extra) : g_strdup (d);
  GtkLabel *change;

  cell (grid, name, 0, row, FALSE);
  cell (grid, b, 1, row, TRUE);
  cell (grid, a, 2, row, TRUE);
  change = cell (grid, shown, 3, row, TRUE);
  if (large)
    {
      g_autofree char *desc = g_strdup_printf (_("%s changed a lot"), name);

      gtk_widget_add_css_class (GTK_WIDGET (change), "compare-large");
      gtk_accessible_update_property (GTK_ACCESSIBLE (change),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc, -1);
    }
  else if (before == after)
    gtk_widget_add_css_class (GTK_WIDGET (change), "dim-label");
}

static GtkGrid *
new_grid (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_add_css_class (grid, "compare-grid");
  gtk_widget_set_valign (grid, GTK_ALIGN_START);
  return GTK_GRID (grid);
}

static char *
block_size (guint page_size,
            guint order)
{
  guint64 bytes = (guint64) page_size << order;

  if (bytes >= (G_GUINT64_CONSTANT (1) << 30))
    return g_strdup_printf ("%" PRIu64 "G", bytes >> 30);
  if (bytes >= (1u << 20))
    return g_strdup_printf ("%" PRIu64 "M", bytes >> 20);
  return g_strdup_printf ("%" PRIu64 "K", bytes >> 10);
}

/* ------------------------------------------------------------------------------------------ */
/* A zone */

/* A grid under its own heading. */
static GtkWidget *
titled (const char *title,
        GtkWidget  *grid)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), grid);
  return box;
}

static GtkWidget *
overview_grid (const MaZoneComparison *z)
{
  GtkGrid *grid = new_grid ();
  gint64 d = ma_zone_comparison_free_delta (z);
  g_autofree char *size = g_format_size_full ((guint64) ABS (d) * z->page_size,
                                              G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *signed_size = d == 0 ? NULL : g_strdup_printf ("%s%s", d < 0 ? "−" : "+",
                                                                 size);
  static const char *const marks[] = { "min", "low", "high" };

  header_cell (grid, "", 0, FALSE);
  header_cell (grid, _("Before"), 1, TRUE);
  header_cell (grid, _("After"), 2, TRUE);
  header_cell (grid, _("Change"), 3, TRUE);
  change_row (grid, 1, _("free"), z->free[0], z->free[1], ma_zone_comparison_free_is_large (z),
              signed_size);
  change_row (grid, 2, _("managed"), (gint64) z->managed[0], (gint64) z->managed[1], FALSE, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (marks); k++)
    change_row (grid, 3 + (int) k, marks[k], (gint64) z->wmark[0][k], (gint64) z->wmark[1][k],
                FALSE, NULL);
  {
    MaCompareBand b0 = ma_zone_comparison_band (z, 0), b1 = ma_zone_comparison_band (z, 1);
    GtkLabel *band;

    cell (grid, _("free is"), 0, 6, FALSE);
    cell (grid, ma_compare_band_name (b0), 1, 6, TRUE);
    cell (grid, ma_compare_band_name (b1), 2, 6, TRUE);
    if (b0 != b1)
      {
        band = cell (grid, b1 < b0 ? _("fell") : _("rose"), 3, 6, TRUE);
        gtk_widget_add_css_class (GTK_WIDGET (band), "compare-large");
      }
  }
  return GTK_WIDGET (grid);
}

static GtkWidget *
orders_grid (const MaZoneComparison *z)
{
  GtkGrid *grid = new_grid ();

  header_cell (grid, _("Order"), 0, FALSE);
  header_cell (grid, _("Before"), 1, TRUE);
  header_cell (grid, _("After"), 2, TRUE);
  header_cell (grid, _("Change"), 3, TRUE);
  for (guint k = 0; k < z->n_orders; k++)
    {
      g_autofree char *size = block_size (z->page_size, k);
      g_autofree char *name = g_strdup_printf ("%u · %s", k, size);

      change_row (grid, (int) k + 1, name, (gint64) z->nr_free[0][k], (gint64) z->nr_free[1][k],
                  ma_compare_count_is_large (z->nr_free[0][k], z->nr_free[1][k]), NULL);
    }
  return GTK_WIDGET (grid);
}

static GtkWidget *
migratetype_grid (const MaZoneComparison *z)
{
  GtkGrid *grid = new_grid ();

  header_cell (grid, _("Order"), 0, FALSE);
  for (guint i = 0; i < z->n_migratetypes; i++)
    header_cell (grid, ma_migrate_type_name (z->migratetypes[i]), (int) i + 1, TRUE);
  for (guint k = 0; k < z->n_orders; k++)
    {
      g_autofree char *order = g_strdup_printf ("%u", k);

      cell (grid, order, 0, (int) k + 1, FALSE);
      for (guint i = 0; i < z->n_migratetypes; i++)
        {
          MaMigrateType mt = z->migratetypes[i];
          guint64 b = z->nr_free_mt[0][mt][k], a = z->nr_free_mt[1][mt][k];
          g_autofree char *text = b == a ? g_strdup_printf ("%'" PRIu64, b)
                                         : g_strdup_printf ("%'" PRIu64 " → %'" PRIu64, b, a);
          GtkLabel *label = cell (grid, text, (int) i + 1, (int) k + 1, TRUE);

          if (ma_compare_count_is_large (b, a))
            gtk_widget_add_css_class (GTK_WIDGET (label), "compare-large");
          else if (b == a)
            gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
        }
    }
  return GTK_WIDGET (grid);
}

/* A zone only one machine has: its numbers, and where it is. */
static GtkWidget *
one_side_grid (const MaZoneComparison *z)
{
  GtkGrid *grid = new_grid ();
  guint side = z->side == MA_COMPARE_ONLY_AFTER ? 1 : 0;
  g_autofree char *free = count_text (z->free[side]);
  g_autofree char *managed = count_text ((gint64) z->managed[side]);
  g_autofree char *marks = g_strdup_printf ("%'" PRIu64 " / %'" PRIu64 " / %'" PRIu64,
                                            z->wmark[side][0], z->wmark[side][1],
                                            z->wmark[side][2]);
  g_autoptr(GString) blocks = g_string_new (NULL);

  for (guint k = 0; k < z->n_orders; k++)
    g_string_append_printf (blocks, "%s%" PRIu64, k ? " " : "", z->nr_free[side][k]);
  cell (grid, _("free"), 0, 0, FALSE);
  cell (grid, free, 1, 0, TRUE);
  cell (grid, _("managed"), 0, 1, FALSE);
  cell (grid, managed, 1, 1, TRUE);
  cell (grid, _("min / low / high"), 0, 2, FALSE);
  cell (grid, marks, 1, 2, TRUE);
  cell (grid, _("free blocks per order"), 0, 3, FALSE);
  cell (grid, blocks->str, 1, 3, TRUE);
  return GTK_WIDGET (grid);
}

static GtkWidget *
zone_card (MaCompareWindow        *self,
           const MaZoneComparison *z)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *title = g_strdup_printf (_("Node %u · %s"), z->node_id, z->name);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "compare-card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (card), header);

  if (z->side != MA_COMPARE_BOTH)
    {
      g_autofree char *where = g_strdup_printf (z->side == MA_COMPARE_ONLY_BEFORE
                                                ? _("only in the first machine (%s)")
                                                : _("only in the second machine (%s)"),
                                                z->side == MA_COMPARE_ONLY_BEFORE
                                                ? self->before_title : self->after_title);
      GtkWidget *tag = gtk_label_new (where);

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_label_set_selectable (GTK_LABEL (tag), TRUE);
      gtk_box_append (GTK_BOX (header), tag);
      gtk_box_append (GTK_BOX (card), one_side_grid (z));
      return card;
    }
  if (ma_zone_comparison_is_unchanged (z))
    {
      /* a zone where nothing moved takes one line, so the ones that changed stand out */
      g_autofree char *free = count_text (z->free[0]);
      g_autofree char *same = g_strdup_printf (_("no change: %s free pages, the same free "
                                                 "blocks"), free);
      GtkWidget *tag = gtk_label_new (same);

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_label_set_selectable (GTK_LABEL (tag), TRUE);
      gtk_box_append (GTK_BOX (header), tag);
      return card;
    }

  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 36);

    gtk_box_append (GTK_BOX (row), titled (_("Pages"), overview_grid (z)));
    gtk_box_append (GTK_BOX (row), titled (_("Free blocks per order"), orders_grid (z)));
    gtk_box_append (GTK_BOX (card), row);
  }
  if (z->has_migratetypes && z->n_migratetypes > 0)
    {
      GtkWidget *expander = gtk_expander_new (_("Free blocks per migratetype"));

      gtk_expander_set_child (GTK_EXPANDER (expander), migratetype_grid (z));
      gtk_box_append (GTK_BOX (card), expander);
    }
  return card;
}

/* ------------------------------------------------------------------------------------------ */

static void
build (MaCompareWindow *self)
{
  GtkWidget *toolbar, *header, *title, *copy, *scroller, *clamp, *box, *summary, *titles;
  g_autofree char *subtitle = g_strdup_printf ("%s → %s", self->before_title, self->after_title);
  g_autofree char *summary_text = ma_comparison_summary (self->comparison);
  g_autofree char *titles_text = g_strdup_printf (_("Before: %s\nAfter: %s"), self->before_title,
                                                  self->after_title);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Compare"), subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _("Copy the Comparison as Text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the comparison as text"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "compare.copy");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), copy);
  gtk_box_append (GTK_BOX (toolbar), header);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_toast_overlay_set_child (self->toasts, scroller);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->toasts));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 960);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  summary = gtk_label_new (summary_text);
  gtk_widget_add_css_class (summary, "title-4");
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_selectable (GTK_LABEL (summary), TRUE);
  gtk_box_append (GTK_BOX (box), summary);
  titles = gtk_label_new (titles_text);
  gtk_widget_add_css_class (titles, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (titles), 0);
  gtk_label_set_selectable (GTK_LABEL (titles), TRUE);
  gtk_box_append (GTK_BOX (box), titles);

  self->zones_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), self->zones_box);
  for (guint i = 0; i < ma_comparison_get_n_zones (self->comparison); i++)
    gtk_box_append (GTK_BOX (self->zones_box),
                    zone_card (self, ma_comparison_get_zone (self->comparison, i)));

  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

/**
 * ma_compare_window_new:
 * @parent: (nullable): the window it belongs to
 * @before: the first machine (the earlier moment)
 * @before_title: what it is (“Snapshot of 10:02”)
 * @after: the second machine
 * @after_title: what it is
 *
 * Compares the two machines now (ma_compare_machines()) and shows per zone the change in free
 * pages, managed pages and watermarks, free blocks per order and per migratetype, large changes
 * highlighted, under a summary of what stands out. The copy button puts the comparison on the
 * clipboard as text.
 *
 * Returns: (transfer none): the window, not yet presented; destroy it with gtk_window_destroy()
 */
GtkWidget *
ma_compare_window_new (GtkWindow  *parent,
                       MaMachine  *before,
                       const char *before_title,
                       MaMachine  *after,
                       const char *after_title)
{
  MaCompareWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MA_IS_MACHINE (before), NULL);
  g_return_val_if_fail (MA_IS_MACHINE (after), NULL);

  self = g_object_new (MA_TYPE_COMPARE_WINDOW,
                       "title", _("Compare"),
                       "default-width", 960,
                       "default-height", 720,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->comparison = ma_compare_machines (before, after);
  self->before_title = g_strdup (before_title ? before_title : _("Before"));
  self->after_title = g_strdup (after_title ? after_title : _("After"));
  build (self);
  return GTK_WIDGET (self);
}
