/* ma-explain-panel.c: every zone's watermarks and protection explained by the kernel's formulas,
 * and its fragmentation per order
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a snapshot, the check (ma-snapshot-check.h) runs in a worker thread: it searches the
 * inputs the file does not print and can take a large part of a second, which the live view,
 * handing over a new snapshot every few seconds, cannot afford on the main thread. Without one,
 * the machine's own formulas are recomputed, which is cheap.
 *
 * The live view hands over the same machine with a new snapshot every few seconds: the last
 * check stays on screen until the next one lands, and cards are reused when the zones are the
 * same, so nothing flickers.
 *
 * Refreshes (the window sends one after every change of the machine) are coalesced to at most
 * one every 250 ms, and only while the panel is shown; cards skip what did not change.
 */
#define G_LOG_DOMAIN "ma-explain-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-explain-card.h"
#include "ma-explain-model.h"
#include "ma-explain-panel.h"
#include "ma-snapshot-check.h"

#define REFRESH_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)

struct _MaExplainPanel
{
  GtkWidget        parent_instance;

  GtkWidget       *stack;
  GtkWidget       *content;
  GtkLabel        *summary;
  GtkLabel        *kernel;
  GtkLabel        *sysctls_heading;
  GtkLabel        *sysctls;
  GtkLabel        *rules_heading;
  GtkLabel        *rules;
  GtkLabel        *notes;
  GtkLabel        *legend;
  GtkLabel        *empty_zones;
  GtkWidget       *cards_box;
  GPtrArray       *cards;        /* MaExplainCard *, in model order */
  GArray          *card_zones;   /* guint: the model zone of each card */

  MaMachine       *machine;
  MaSnapshot      *snapshot;
  MaSnapshotCheck *check;          /* shown; of check_snapshot, maybe older than snapshot */
  MaSnapshot      *check_snapshot;
  char            *check_error;
  GCancellable    *cancellable;
  MaExplainModel  *model;

  guint            refresh_id;
  gint64           last_refresh;
  gboolean         dirty;        /* a refresh came while the panel was hidden */
};

G_DEFINE_FINAL_TYPE (MaExplainPanel, ma_explain_panel, GTK_TYPE_WIDGET)

static void rebuild (MaExplainPanel *self);
static void update  (MaExplainPanel *self);

static void
cancel_check (MaExplainPanel *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
ma_explain_panel_dispose (GObject *object)
{
  MaExplainPanel *self = MA_EXPLAIN_PANEL (object);

  cancel_check (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->card_zones, g_array_unref);
  g_clear_pointer (&self->model, ma_explain_model_free);
  g_clear_pointer (&self->check, ma_snapshot_check_unref);
  g_clear_pointer (&self->check_snapshot, ma_snapshot_unref);
  g_clear_pointer (&self->snapshot, ma_snapshot_unref);
  g_clear_object (&self->machine);
  G_OBJECT_CLASS (ma_explain_panel_parent_class)->dispose (object);
}

static void
ma_explain_panel_finalize (GObject *object)
{
  MaExplainPanel *self = MA_EXPLAIN_PANEL (object);

  g_free (self->check_error);
  G_OBJECT_CLASS (ma_explain_panel_parent_class)->finalize (object);
}

static void
ma_explain_panel_map (GtkWidget *widget)
{
  MaExplainPanel *self = MA_EXPLAIN_PANEL (widget);

  GTK_WIDGET_CLASS (ma_explain_panel_parent_class)->map (widget);
  if (self->dirty)
    update (self);
}

static void
ma_explain_panel_class_init (MaExplainPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_explain_panel_dispose;
  object_class->finalize = ma_explain_panel_finalize;
  widget_class->map = ma_explain_panel_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "explainpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
ma_explain_panel_init (MaExplainPanel *self)
{
  GtkWidget *empty;

  ma_explain_style_init ();
  self->cards = g_ptr_array_new ();
  self->card_zones = g_array_new (FALSE, FALSE, sizeof (guint));

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "dialog-information-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing to Explain"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Open a machine, a snapshot or this computer's live memory "
                                     "to see how the kernel computed its watermarks."));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  gtk_widget_set_margin_top (self->content, 12);
  gtk_widget_set_margin_bottom (self->content, 12);
  gtk_stack_add_named (GTK_STACK (self->stack), self->content, "content");

  self->summary = add_label (self->content, NULL);
  self->kernel = add_label (self->content, "dim-label");
  self->sysctls_heading = add_label (self->content, "heading");
  gtk_label_set_label (self->sysctls_heading, _("Sysctls"));
  self->sysctls = add_label (self->content, "caption");
  self->rules_heading = add_label (self->content, "heading");
  self->rules = add_label (self->content, "caption");
  self->notes = add_label (self->content, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->notes), "dim-label");
  self->legend = add_label (self->content, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->legend), "dim-label");
  gtk_label_set_label (self->legend,
                       _("Fragmentation: the unusable index is the share of free memory in "
                         "blocks too small for the order (0 all usable, 1 none usable). The "
                         "extfrag index is −1 when a block of the order is free; otherwise a "
                         "value near 0 means a failure for lack of memory, near 1 for "
                         "fragmentation."));
  self->cards_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->cards_box, 6);
  gtk_box_append (GTK_BOX (self->content), self->cards_box);
  self->empty_zones = add_label (self->content, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_zones), "dim-label");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Watermarks explained"), -1);
}

/**
 * ma_explain_panel_new:
 *
 * Returns: (transfer floating): a new panel, empty until ma_explain_panel_set_source()
 */
GtkWidget *
ma_explain_panel_new (void)
{
  return g_object_new (MA_TYPE_EXPLAIN_PANEL, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* The check, in a worker thread */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  MaSnapshotCheck *check = ma_snapshot_check (task_data, &error);

  if (check == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, check, (GDestroyNotify) ma_snapshot_check_unref);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MaExplainPanel *self = MA_EXPLAIN_PANEL (object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  MaSnapshotCheck *check = g_task_propagate_pointer (G_TASK (result), &error);

  /* a newer source replaced the one this check was for */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->cancellable)
    {
      g_clear_pointer (&check, ma_snapshot_check_unref);
      return;
    }
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->check, ma_snapshot_check_unref);
  g_clear_pointer (&self->check_snapshot, ma_snapshot_unref);
  g_clear_pointer (&self->check_error, g_free);
  self->check = check;
  if (check != NULL)
    self->check_snapshot = ma_snapshot_ref (g_task_get_task_data (G_TASK (result)));
  else
    self->check_error = g_strdup (error ? error->message : _("the check failed"));
  rebuild (self);
}

static void
start_check (MaExplainPanel *self)
{
  g_autoptr(GTask) task = NULL;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, check_done, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, ma_snapshot_ref (self->snapshot),
                        (GDestroyNotify) ma_snapshot_unref);
  g_task_run_in_thread (task, check_thread);
}

/* ------------------------------------------------------------------------------------------ */
/* Building and updating */

static MaZone *
machine_zone (MaExplainPanel      *self,
              const MaExplainZone *z)
{
  if (self->machine == NULL || z->type >= MA_N_ZONE_TYPES)
    return NULL;
  for (guint n = 0; n < ma_machine_get_n_nodes (self->machine); n++)
    {
      MaNode *node = ma_machine_get_node (self->machine, n);

      if (ma_node_get_id (node) == z->node_id)
        return ma_node_get_zone_by_type (node, z->type);
    }
  return NULL;
}

static void
clear_cards (MaExplainPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->cards_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->cards_box), child);
  g_ptr_array_set_size (self->cards, 0);
  g_array_set_size (self->card_zones, 0);
}

static gboolean
wants_card (const MaExplainZone *z)
{
  /* empty zones are listed in a line, unless something about them is wrong */
  return z->populated || z->verdict == MA_CHECK_UNEXPLAINED;
}

static void
show_model_texts (MaExplainPanel *self)
{
  const MaExplainModel *m = self->model;
  g_autoptr(GString) notes = g_string_new (ma_explain_model_get_notes (m));

  gtk_label_set_label (self->summary, ma_explain_model_get_summary (m));
  gtk_label_set_label (self->kernel, ma_explain_model_get_kernel (m));
  gtk_label_set_label (self->sysctls, ma_explain_model_get_sysctls (m));
  gtk_label_set_label (self->rules_heading, ma_explain_model_is_simulated (m)
                                            ? _("Kernel rules") : _("Kernel rules that fit"));
  gtk_label_set_label (self->rules, ma_explain_model_get_rules (m));
  if (self->check_error != NULL)
    {
      g_autofree char *why = g_strdup_printf (_("This snapshot cannot be checked (%s). The cards "
                                                "show the numbers the engine computed for the "
                                                "machine rebuilt from it."), self->check_error);

      g_string_prepend (notes, why);
    }
  gtk_label_set_label (self->notes, notes->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notes), notes->len > 0);
}

static void
set_pending (MaExplainPanel *self)
{
  gtk_label_set_label (self->summary, _("Checking the snapshot's numbers against the kernel's "
                                        "formulas…"));
  for (GtkWidget *c = gtk_widget_get_first_child (self->content); c;
       c = gtk_widget_get_next_sibling (c))
    gtk_widget_set_visible (c, c == GTK_WIDGET (self->summary));
}

/* Whether @a and @b would show the same cards, so the cards can be kept. */
static gboolean
same_cards (const MaExplainModel *a,
            const MaExplainModel *b)
{
  if (a == NULL || b == NULL
      || ma_explain_model_is_simulated (a) != ma_explain_model_is_simulated (b)
      || ma_explain_model_get_n_zones (a) != ma_explain_model_get_n_zones (b))
    return FALSE;
  for (guint i = 0; i < ma_explain_model_get_n_zones (a); i++)
    {
      const MaExplainZone *za = ma_explain_model_get_zone (a, i);
      const MaExplainZone *zb = ma_explain_model_get_zone (b, i);

      if (za->node_id != zb->node_id || g_strcmp0 (za->name, zb->name) != 0
          || wants_card (za) != wants_card (zb))
        return FALSE;
    }
  return TRUE;
}

static void
rebuild (MaExplainPanel *self)
{
  g_autoptr(GString) empty = g_string_new (NULL);
  g_autoptr(MaExplainModel) old = g_steal_pointer (&self->model);

  if (self->machine == NULL)
    {
      clear_cards (self);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "content");
  /* a snapshot's first check is under way: say so rather than show the machine's own numbers,
   * which would claim "exact" for a real machine */
  if (self->snapshot != NULL && self->check == NULL && self->check_error == NULL)
    {
      clear_cards (self);
      set_pending (self);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (self->content); c;
       c = gtk_widget_get_next_sibling (c))
    if (c != GTK_WIDGET (self->empty_zones))  /* shown below when there are empty zones */
      gtk_widget_set_visible (c, TRUE);

  self->model = self->check != NULL && self->snapshot != NULL
                ? ma_explain_model_new_from_check (self->check, self->check_snapshot)
                : ma_explain_model_new_from_machine (self->machine);
  show_model_texts (self);

  if (same_cards (old, self->model) && self->cards->len > 0)
    {
      for (guint i = 0; i < self->cards->len; i++)
        ma_explain_card_set_zone (g_ptr_array_index (self->cards, i),
                                  ma_explain_model_get_zone (self->model,
                                                             g_array_index (self->card_zones,
                                                                            guint, i)));
      update (self);
      return;
    }

  clear_cards (self);
  for (guint i = 0; i < ma_explain_model_get_n_zones (self->model); i++)
    {
      const MaExplainZone *z = ma_explain_model_get_zone (self->model, i);
      GtkWidget *card;

      if (!wants_card (z))
        {
          g_string_append_printf (empty, "%s%s %u %s (%s)", empty->len ? ", " : "", _("Node"),
                                  z->node_id, z->name, ma_explain_verdict_label (z->verdict));
          continue;
        }
      card = ma_explain_model_is_simulated (self->model)
             ? ma_explain_card_new (_("Machine"), _("Formula"))
             : ma_explain_card_new (_("Printed"), _("Computed"));
      ma_explain_card_set_zone (MA_EXPLAIN_CARD (card), z);
      gtk_box_append (GTK_BOX (self->cards_box), card);
      g_ptr_array_add (self->cards, card);
      g_array_append_val (self->card_zones, i);
    }
  if (empty->len > 0)
    g_string_prepend (empty, _("Empty zones: "));
  gtk_label_set_label (self->empty_zones, empty->str);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_zones), empty->len > 0);
  update (self);
}

/* What changes with the machine: its free lists, and for a simulated machine its watermarks
 * (a sysctl written, a boost). */
static void
update (MaExplainPanel *self)
{
  guint pageblock_order;

  self->dirty = FALSE;
  self->last_refresh = g_get_monotonic_time ();
  if (self->machine == NULL || self->model == NULL)
    return;

  if (ma_explain_model_is_simulated (self->model))
    {
      MaExplainModel *fresh = ma_explain_model_new_from_machine (self->machine);

      if (ma_explain_model_get_n_zones (fresh) != ma_explain_model_get_n_zones (self->model))
        {
          ma_explain_model_free (fresh);
          rebuild (self);
          return;
        }
      ma_explain_model_free (self->model);
      self->model = fresh;
      show_model_texts (self);
      for (guint i = 0; i < self->cards->len; i++)
        ma_explain_card_set_zone (g_ptr_array_index (self->cards, i),
                                  ma_explain_model_get_zone (self->model,
                                                             g_array_index (self->card_zones,
                                                                            guint, i)));
    }

  pageblock_order = ma_machine_get_pageblock_order (self->machine);
  for (guint i = 0; i < self->cards->len; i++)
    {
      const MaExplainZone *z = ma_explain_model_get_zone (self->model,
                                                          g_array_index (self->card_zones,
                                                                         guint, i));
      MaZone *zone = machine_zone (self, z);
      guint64 nr_free[MA_MAX_ORDERS];
      guint n_orders = MIN (ma_machine_get_nr_orders (self->machine), (guint) MA_MAX_ORDERS);

      if (zone == NULL || !ma_zone_is_populated (zone))
        {
          ma_explain_card_set_free_blocks (g_ptr_array_index (self->cards, i), NULL, 0, 0);
          continue;
        }
      for (guint k = 0; k < n_orders; k++)
        nr_free[k] = ma_zone_get_nr_free (zone, k);
      ma_explain_card_set_free_blocks (g_ptr_array_index (self->cards, i), nr_free, n_orders,
                                       pageblock_order);
    }
}

/**
 * ma_explain_panel_set_source:
 * @self: a panel
 * @machine: (nullable): the machine shown, or %NULL for the empty state
 * @snapshot: (nullable): the snapshot the machine was rebuilt from, if any
 *
 * With a snapshot, its printed watermarks and protection are checked against the kernel's
 * formulas (in a worker thread; the panel says so meanwhile); without one, the machine's own
 * numbers are recomputed. The fragmentation per order always follows the machine's free lists.
 */
void
ma_explain_panel_set_source (MaExplainPanel *self,
                             MaMachine      *machine,
                             MaSnapshot     *snapshot)
{
  g_return_if_fail (MA_IS_EXPLAIN_PANEL (self));
  g_return_if_fail (machine == NULL || MA_IS_MACHINE (machine));

  if (machine == self->machine && snapshot == self->snapshot)
    {
      ma_explain_panel_refresh (self);
      return;
    }
  if (snapshot != self->snapshot)
    {
      cancel_check (self);
      g_clear_pointer (&self->snapshot, ma_snapshot_unref);
      g_clear_pointer (&self->check_error, g_free);
      if (snapshot != NULL)
        self->snapshot = ma_snapshot_ref (snapshot);
    }
  /* The live view's machine moving on to a new snapshot keeps the last check on screen until
   * the next one lands; any other change of source drops it. */
  if (machine != self->machine || snapshot == NULL)
    {
      g_clear_pointer (&self->check, ma_snapshot_check_unref);
      g_clear_pointer (&self->check_snapshot, ma_snapshot_unref);
    }
  g_set_object (&self->machine, machine);
  if (self->snapshot != NULL && self->check_snapshot != self->snapshot
      && self->check_error == NULL && self->cancellable == NULL && machine != NULL)
    start_check (self);
  rebuild (self);
}

static gboolean
refresh_timeout (gpointer user_data)
{
  MaExplainPanel *self = user_data;

  self->refresh_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/**
 * ma_explain_panel_refresh:
 * @self: a panel
 *
 * Says the machine changed. The panel catches up at most every 250 ms, and only while shown.
 */
void
ma_explain_panel_refresh (MaExplainPanel *self)
{
  gint64 now, wait;

  g_return_if_fail (MA_IS_EXPLAIN_PANEL (self));

  if (self->machine == NULL || self->refresh_id != 0)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  now = g_get_monotonic_time ();
  wait = self->last_refresh + REFRESH_INTERVAL_US - now;
  if (wait <= 0)
    update (self);
  else
    self->refresh_id = g_timeout_add ((guint) (wait / 1000) + 1, refresh_timeout, self);
}
