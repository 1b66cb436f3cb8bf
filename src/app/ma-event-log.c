/* ma-event-log.c: the machine's events, filtered, each linked to its frames
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table of events, newest at the top, named as the kernel's tracepoints name them: what a
 * user learns here they can look for in `perf trace` or /sys/kernel/tracing. The filter model
 * (engine) reads the event ring incrementally; the log syncs it when told (after each tick, or
 * after a change to the machine), but shows what changed at most every PUBLISH_INTERVAL_MS, and
 * not at all while it is not on screen: a table redrawn 60 times a second costs more than the
 * map, and nobody reads rows that fast. While the user looks at the top, it keeps the top in view.
 * Activating a row that touched frames emits "event-activated" so that the window can select
 * and zoom to them on the map.
 */
#define G_LOG_DOMAIN "ma-event-log"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-event-list.h"
#include "ma-event-log.h"

/* About two seconds of a busy 16 GiB machine's allocations. */
#define MAX_MATCHES 50000
#define PUBLISH_INTERVAL_MS 250

struct _MaEventLog
{
  GtkWidget        parent_instance;

  /* template children */
  GtkWidget       *box;
  GtkWidget       *toolbar;
  GtkSearchEntry  *search_entry;
  GtkToggleButton *alloc_toggle;
  GtkToggleButton *reclaim_toggle;
  GtkToggleButton *compaction_toggle;
  GtkToggleButton *oom_toggle;
  GtkToggleButton *kmap_toggle;
  GtkDropDown     *zone_dropdown;
  GtkStack        *stack;
  GtkColumnView   *column_view;
  AdwStatusPage   *empty_page;
  GtkLabel        *status_label;

  MaMachine       *machine;
  MaSimulation    *simulation;
  MaEventList     *list;
  GPtrArray       *zones;        /* MaZone *, the dropdown's items after "All zones" */
  gint64           published;    /* µs, when the rows last changed */
  guint            publish_id;
  GtkColumnViewColumn *tick_column;
  gboolean         updating_zones;
};

G_DEFINE_FINAL_TYPE (MaEventLog, ma_event_log, GTK_TYPE_WIDGET)

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  COLUMN_TICK,
  COLUMN_EVENT,
  COLUMN_DETAILS,
};

GtkWidget *
ma_event_log_new (void)
{
  return g_object_new (MA_TYPE_EVENT_LOG, NULL);
}

static guint64
current_tick (MaEventLog *self)
{
  return self->simulation ? ma_simulation_get_tick (self->simulation) : 0;
}

static void
update_status (MaEventLog *self)
{
  MaEventFilter *filter = ma_event_list_get_filter (self->list);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autoptr(GString) text = g_string_new (NULL);
  char count[32];

  /* nothing to filter without a machine */
  gtk_widget_set_sensitive (self->toolbar, filter != NULL);
  if (filter == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      adw_status_page_set_description (self->empty_page, _("No machine"));
      return;
    }
  g_snprintf (count, sizeof count, "%u", n);
  g_string_printf (text, ngettext ("%s event", "%s events", n), count);
  if (n == MAX_MATCHES)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("older ones dropped"));
    }
  if (ma_event_filter_get_lost (filter) > 0)
    {
      g_snprintf (count, sizeof count, "%" G_GUINT64_FORMAT, ma_event_filter_get_lost (filter));
      g_string_append (text, " · ");
      /* Translators: events the ring overwrote before the log could read them */
      g_string_append_printf (text, _("%s not read in time (bursts overflowed the ring)"), count);
    }
  gtk_label_set_text (self->status_label, text->str);
  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      adw_status_page_set_description (self->empty_page,
                                       ma_event_filter_get_search (filter) != NULL
                                       ? _("No event matches the search and filters")
                                       : _("Nothing happened yet, or the filters hide it"));
    }
}

/* A list view keeps showing the rows it showed when rows arrive above them: scrolling back to
 * the first row must move its anchor, which setting the adjustment to 0 does not do when it is
 * 0 already and the new rows are not laid out yet. */
static void
scroll_to_top (MaEventLog *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return;
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_column_view_scroll_to (self->column_view, 0, NULL, GTK_LIST_SCROLL_NONE, NULL);
#else
  /* the column view's rows are a list view inside it, with GtkListBase's actions */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);
#endif
}

static void
publish (MaEventLog *self)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  gboolean at_top = vadj == NULL || gtk_adjustment_get_value (vadj) <= 0.5;

  g_clear_handle_id (&self->publish_id, g_source_remove);
  if (!ma_event_list_get_pending (self->list))
    return;
  self->published = g_get_monotonic_time ();
  if (ma_event_list_publish (self->list))
    {
      /* the newest stay in view while the user looks at them */
      if (at_top)
        scroll_to_top (self);
      update_status (self);
    }
}

static gboolean
publish_cb (gpointer data)
{
  MaEventLog *self = data;

  self->publish_id = 0;
  publish (self);
  return G_SOURCE_REMOVE;
}

/**
 * ma_event_log_update:
 *
 * Reads the events since the last update: call it after each tick (MaPlaybackBar::tick-changed)
 * and after the machine changed. The rows follow within PUBLISH_INTERVAL_MS.
 */
void
ma_event_log_update (MaEventLog *self)
{
  gint64 wait_ms;

  g_return_if_fail (MA_IS_EVENT_LOG (self));

  if (!ma_event_list_sync (self->list, current_tick (self))
      && !ma_event_list_get_pending (self->list))
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->publish_id != 0)
    return;
  wait_ms = PUBLISH_INTERVAL_MS - (g_get_monotonic_time () - self->published) / 1000;
  if (wait_ms <= 0)
    publish (self);
  else
    self->publish_id = g_timeout_add ((guint) wait_ms, publish_cb, self);
}

static void
reload (MaEventLog *self)
{
  g_clear_handle_id (&self->publish_id, g_source_remove);
  ma_event_list_reload (self->list);
  self->published = g_get_monotonic_time ();
  scroll_to_top (self);
  update_status (self);
}

static void
fill_zones (MaEventLog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n_nodes;

  g_ptr_array_set_size (self->zones, 0);
  gtk_string_list_append (names, _("All Zones"));
  n_nodes = self->machine ? ma_machine_get_n_nodes (self->machine) : 0;
  for (guint n = 0; n < n_nodes; n++)
    {
      MaNode *node = ma_machine_get_node (self->machine, n);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++)
        {
          MaZone *zone = ma_node_get_zone (node, z);
          g_autofree char *name = NULL;

          if (!ma_zone_is_populated (zone))
            continue;
          if (n_nodes > 1)
            /* Translators: a node number and a zone name, e.g. "Node 1 · Normal" */
            name = g_strdup_printf (_("Node %u · %s"), ma_node_get_id (node),
                                    ma_zone_get_name (zone));
          else
            name = g_strdup (ma_zone_get_name (zone));
          gtk_string_list_append (names, name);
          g_ptr_array_add (self->zones, zone);
        }
    }
  self->updating_zones = TRUE;
  gtk_drop_down_set_model (self->zone_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->zone_dropdown, 0);
  self->updating_zones = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->zone_dropdown), self->zones->len > 1);
}

static MaEventGroups
toggled_groups (MaEventLog *self)
{
  MaEventGroups groups = MA_EVENT_GROUP_OTHER;

  if (gtk_toggle_button_get_active (self->alloc_toggle))
    groups |= MA_EVENT_GROUP_ALLOC_FREE;
  if (gtk_toggle_button_get_active (self->reclaim_toggle))
    groups |= MA_EVENT_GROUP_RECLAIM;
  if (gtk_toggle_button_get_active (self->compaction_toggle))
    groups |= MA_EVENT_GROUP_COMPACTION;
  if (gtk_toggle_button_get_active (self->oom_toggle))
    groups |= MA_EVENT_GROUP_OOM;
  if (gtk_toggle_button_get_active (self->kmap_toggle))
    groups |= MA_EVENT_GROUP_KMAP;
  return groups;
}

static void
set_machine (MaEventLog   *self,
             MaMachine    *machine,
             MaSimulation *simulation)
{
  g_autoptr(MaEventFilter) filter = NULL;

  g_set_object (&self->simulation, simulation);
  if (g_set_object (&self->machine, machine))
    fill_zones (self);
  if (machine != NULL)
    {
      filter = ma_event_filter_new (machine, MAX_MATCHES);
      ma_event_filter_set_groups (filter, toggled_groups (self));
      ma_event_filter_set_search (filter,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
    }
  ma_event_list_set_filter (self->list, filter);
  /* without a simulation there are no ticks */
  gtk_column_view_column_set_visible (self->tick_column, simulation != NULL);
  if (filter != NULL)
    ma_event_list_sync (self->list, current_tick (self));
  publish (self);
  update_status (self);
}

/**
 * ma_event_log_set_machine:
 * @machine: (nullable): the machine whose events to show; its events have no ticks
 */
void
ma_event_log_set_machine (MaEventLog *self,
                          MaMachine  *machine)
{
  g_return_if_fail (MA_IS_EVENT_LOG (self));
  g_return_if_fail (machine == NULL || MA_IS_MACHINE (machine));

  if (machine == self->machine && self->simulation == NULL)
    return;
  set_machine (self, machine, NULL);
}

/**
 * ma_event_log_set_simulation:
 * @simulation: (nullable): the simulation whose machine's events to show, with their ticks
 */
void
ma_event_log_set_simulation (MaEventLog   *self,
                             MaSimulation *simulation)
{
  g_return_if_fail (MA_IS_EVENT_LOG (self));
  g_return_if_fail (simulation == NULL || MA_IS_SIMULATION (simulation));

  if (simulation == self->simulation && simulation != NULL)
    return;
  set_machine (self, simulation ? ma_simulation_get_machine (simulation) : NULL, simulation);
}

/**
 * ma_event_log_set_pfn_range:
 * @first: the first frame
 * @end: one past the last; (0, %G_MAXUINT64) shows the events of every frame
 *
 * Shows only the events that touched these frames: the window can call it when the user selects
 * a block on the map.
 */
void
ma_event_log_set_pfn_range (MaEventLog *self,
                            guint64     first,
                            guint64     end)
{
  MaEventFilter *filter;

  g_return_if_fail (MA_IS_EVENT_LOG (self));

  filter = ma_event_list_get_filter (self->list);
  if (filter == NULL)
    return;
  ma_event_filter_set_pfn_range (filter, first, end);
  reload (self);
}

/**
 * ma_event_log_get_filter:
 *
 * Returns: (transfer none) (nullable): the filter the log shows
 */
MaEventFilter *
ma_event_log_get_filter (MaEventLog *self)
{
  g_return_val_if_fail (MA_IS_EVENT_LOG (self), NULL);
  return ma_event_list_get_filter (self->list);
}

/**
 * ma_event_log_get_model:
 *
 * The rows shown now, brought up to date with every event read so far.
 *
 * Returns: (transfer none): the rows, newest first (#MaEventItem)
 */
GListModel *
ma_event_log_get_model (MaEventLog *self)
{
  g_return_val_if_fail (MA_IS_EVENT_LOG (self), NULL);

  publish (self);
  return G_LIST_MODEL (self->list);
}

static void
ma_event_log_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ma_event_log_parent_class)->map (widget);
  /* what happened while the log was hidden */
  publish (MA_EVENT_LOG (widget));
}

/**
 * ma_event_log_activate_row:
 * @position: a row, 0 for the newest
 *
 * What activating a row does: emits "event-activated" when its event touched frames.
 *
 * Returns: %TRUE when the signal was emitted
 */
gboolean
ma_event_log_activate_row (MaEventLog *self,
                           guint       position)
{
  g_autoptr(MaEventItem) item = NULL;
  guint64 pfn;
  guint order;

  g_return_val_if_fail (MA_IS_EVENT_LOG (self), FALSE);

  item = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (item == NULL || !ma_event_get_frames (&ma_event_item_get_match (item)->event, &pfn, &order))
    return FALSE;
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, pfn, order);
  return TRUE;
}

static void
activate_cb (GtkColumnView *view,
             guint          position,
             MaEventLog    *self)
{
  ma_event_log_activate_row (self, position);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   MaEventLog     *self)
{
  MaEventFilter *filter = ma_event_list_get_filter (self->list);

  if (filter == NULL)
    return;
  ma_event_filter_set_search (filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
  reload (self);
}

static void
group_toggled_cb (GtkToggleButton *button,
                  MaEventLog      *self)
{
  MaEventFilter *filter = ma_event_list_get_filter (self->list);

  if (filter == NULL)
    return;
  ma_event_filter_set_groups (filter, toggled_groups (self));
  reload (self);
}

static void
zone_selected_cb (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  MaEventLog  *self)
{
  MaEventFilter *filter = ma_event_list_get_filter (self->list);
  guint i = gtk_drop_down_get_selected (dropdown);

  if (filter == NULL || self->updating_zones)
    return;
  ma_event_filter_set_zone (filter, i >= 1 && i - 1 < self->zones->len
                                    ? g_ptr_array_index (self->zones, i - 1) : NULL);
  reload (self);
}

static gboolean
is_rare (MaEventType type)
{
  switch (type)
    {
    case MA_EVENT_ALLOC_FAIL:
    case MA_EVENT_KSWAPD_WAKE:
    case MA_EVENT_KSWAPD_SLEEP:
    case MA_EVENT_DIRECT_RECLAIM_BEGIN:
    case MA_EVENT_DIRECT_RECLAIM_END:
    case MA_EVENT_COMPACTION_BEGIN:
    case MA_EVENT_COMPACTION_END:
    case MA_EVENT_OOM_KILL:
      return TRUE;
    default:
      return FALSE;
    }
}

static PangoAttrList *
bold_attributes (void)
{
  static PangoAttrList *bold;

  if (bold == NULL)
    {
      bold = pango_attr_list_new ();
      pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    }
  return bold;
}

/* Cells are inscriptions, not labels: their size does not follow their text, so the thousands
 * of rows that scroll through while a scenario plays are rebound without measuring any. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), column == COLUMN_TICK ? 1 : 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), column == COLUMN_DETAILS ? 60 : 9);
  if (column == COLUMN_TICK)
    gtk_widget_add_css_class (cell, "numeric");
  else
    gtk_widget_add_css_class (cell, "monospace");
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  MaEventItem *item = gtk_list_item_get_item (list_item);
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  const MaEvent *e = &ma_event_item_get_match (item)->event;
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_UINT (user_data))
    {
    case COLUMN_TICK:
      text = ma_event_item_format_tick (item);
      break;
    case COLUMN_EVENT:
      text = g_strdup (ma_event_type_name (e->type));
      break;
    case COLUMN_DETAILS:
    default:
      text = ma_event_item_format_details (item);
      break;
    }
  gtk_inscription_set_text (cell, text);
  /* the rare events (kswapd, direct reclaim, compaction, OOM kills, failures) stand out */
  gtk_inscription_set_attributes (cell, is_rare (e->type) ? bold_attributes () : NULL);
}

static void
add_column (MaEventLog *self,
            const char *title,
            guint       column,
            gboolean    expand,
            int         fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  gtk_column_view_append_column (self->column_view, col);
  if (column == COLUMN_TICK)
    self->tick_column = col;
  g_object_unref (col);
}

static void
ma_event_log_dispose (GObject *object)
{
  MaEventLog *self = MA_EVENT_LOG (object);

  g_clear_handle_id (&self->publish_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_EVENT_LOG);
  g_clear_object (&self->list);
  g_clear_object (&self->machine);
  g_clear_object (&self->simulation);
  g_clear_pointer (&self->zones, g_ptr_array_unref);
  G_OBJECT_CLASS (ma_event_log_parent_class)->dispose (object);
}

static void
ma_event_log_class_init (MaEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_event_log_dispose;
  widget_class->map = ma_event_log_map;

  /**
   * MaEventLog::event-activated:
   * @pfn: the first frame the event touched
   * @order: the block's order: 2^order frames
   *
   * The user activated an event that touched frames: the window can show them on the map.
   */
  signals[EVENT_ACTIVATED] = g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           2, G_TYPE_UINT64, G_TYPE_UINT);

  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ma-event-log.ui");
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, box);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, toolbar);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, alloc_toggle);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, reclaim_toggle);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, compaction_toggle);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, oom_toggle);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, kmap_toggle);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, zone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, stack);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, column_view);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MaEventLog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, zone_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventlog");
}

static void
ma_event_log_init (MaEventLog *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->zones = g_ptr_array_new ();
  self->list = ma_event_list_new ();
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  /* Translators: column titles of the event log */
  add_column (self, _("Tick"), COLUMN_TICK, FALSE, 72);
  add_column (self, _("Event"), COLUMN_EVENT, FALSE, 250);
  add_column (self, _("Details"), COLUMN_DETAILS, TRUE, -1);
  fill_zones (self);
  update_status (self);
}
