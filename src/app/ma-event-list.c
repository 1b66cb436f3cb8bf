/* ma-event-list.c: an event filter's matches as a GListModel, newest first
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The filter is synced after every tick, so that each event gets its tick, but a list view
 * cannot follow thousands of rows a tick at 60 frames a second, nor could anyone read them. So
 * the list shows a copy of the matches, taken when it publishes: syncs only count how many of the
 * oldest matches left the filter; publish() then tells the views exactly what changed since the
 * last copy, in two steps: the oldest rows leave the bottom, then the new ones arrive at the top.
 * Between the two the new rows are hidden, so that a view reading items during the first signal
 * sees a consistent list. Items are made when a view asks for one (only the visible rows).
 */
#define G_LOG_DOMAIN "ma-event-list"

#include "config.h"

#include "ma-event-list.h"

struct _MaEventItem
{
  GObject       parent_instance;

  MaMachine    *machine;
  MaEventMatch  match;
};

G_DEFINE_FINAL_TYPE (MaEventItem, ma_event_item, G_TYPE_OBJECT)

static void
ma_event_item_finalize (GObject *object)
{
  g_clear_object (&MA_EVENT_ITEM (object)->machine);
  G_OBJECT_CLASS (ma_event_item_parent_class)->finalize (object);
}

static void
ma_event_item_class_init (MaEventItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_event_item_finalize;
}

static void
ma_event_item_init (MaEventItem *self)
{
}

const MaEventMatch *
ma_event_item_get_match (MaEventItem *self)
{
  g_return_val_if_fail (MA_IS_EVENT_ITEM (self), NULL);
  return &self->match;
}

MaMachine *
ma_event_item_get_machine (MaEventItem *self)
{
  g_return_val_if_fail (MA_IS_EVENT_ITEM (self), NULL);
  return self->machine;
}

/**
 * ma_event_item_format_tick:
 *
 * Returns: (transfer full): "212", "32–49" when the event happened somewhere in those ticks, or
 *   "—" when the event is older than the log
 */
char *
ma_event_item_format_tick (MaEventItem *self)
{
  const MaEventMatch *m;

  g_return_val_if_fail (MA_IS_EVENT_ITEM (self), NULL);

  m = &self->match;
  if (m->tick_first == MA_EVENT_TICK_UNKNOWN)
    return g_strdup ("—");
  if (m->tick_first == m->tick_last)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, m->tick_first);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT, m->tick_first,
                          m->tick_last);
}

/**
 * ma_event_item_format_details:
 *
 * Returns: (transfer full): the place and fields, as a trace prints them
 */
char *
ma_event_item_format_details (MaEventItem *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (MA_IS_EVENT_ITEM (self), NULL);

  ma_event_format_place (self->machine, &self->match.event, text);
  if (text->len > 0)
    g_string_append_c (text, ' ');
  ma_event_format_details (self->machine, &self->match.event, text);
  return g_string_free (text, FALSE);
}

struct _MaEventList
{
  GObject        parent_instance;

  MaEventFilter *filter;
  GArray        *shown;     /* MaEventMatch: the copy the views see, oldest first */
  guint          n_items;   /* what the views were told */
  guint          hidden;    /* newest rows of `shown` not announced yet */
  guint64        dropped;   /* oldest matches that left the filter since the copy */
  gboolean       pending;   /* the filter changed since the copy */
  gboolean       reload;    /* the filter's settings changed: every row may differ */
};

static void ma_event_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MaEventList, ma_event_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ma_event_list_model_init))

static GType
ma_event_list_get_item_type (GListModel *model)
{
  return MA_TYPE_EVENT_ITEM;
}

static guint
ma_event_list_get_n_items (GListModel *model)
{
  return MA_EVENT_LIST (model)->n_items;
}

static gpointer
ma_event_list_get_item (GListModel *model,
                        guint       position)
{
  MaEventList *self = MA_EVENT_LIST (model);
  MaEventItem *item;

  if (self->filter == NULL || position >= self->n_items)
    return NULL;
  g_assert (position + self->hidden < self->shown->len);
  item = g_object_new (MA_TYPE_EVENT_ITEM, NULL);
  item->machine = g_object_ref (ma_event_filter_get_machine (self->filter));
  item->match = g_array_index (self->shown, MaEventMatch,
                               self->shown->len - 1 - self->hidden - position);
  return item;
}

static void
ma_event_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ma_event_list_get_item_type;
  iface->get_n_items = ma_event_list_get_n_items;
  iface->get_item = ma_event_list_get_item;
}

static void
ma_event_list_dispose (GObject *object)
{
  g_clear_object (&MA_EVENT_LIST (object)->filter);
  G_OBJECT_CLASS (ma_event_list_parent_class)->dispose (object);
}

static void
ma_event_list_finalize (GObject *object)
{
  g_array_unref (MA_EVENT_LIST (object)->shown);
  G_OBJECT_CLASS (ma_event_list_parent_class)->finalize (object);
}

static void
ma_event_list_class_init (MaEventListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ma_event_list_dispose;
  G_OBJECT_CLASS (klass)->finalize = ma_event_list_finalize;
}

static void
ma_event_list_init (MaEventList *self)
{
  self->shown = g_array_new (FALSE, FALSE, sizeof (MaEventMatch));
}

MaEventList *
ma_event_list_new (void)
{
  return g_object_new (MA_TYPE_EVENT_LIST, NULL);
}

static void
copy_matches (MaEventList *self)
{
  guint n = self->filter ? ma_event_filter_get_n_matches (self->filter) : 0;

  g_array_set_size (self->shown, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->shown, MaEventMatch, i) = *ma_event_filter_get_match (self->filter, i);
}

/**
 * ma_event_list_publish:
 *
 * Shows the filter's matches as they are now, telling the views what changed.
 *
 * Returns: %TRUE when rows changed
 */
gboolean
ma_event_list_publish (MaEventList *self)
{
  guint old, removed, added;

  g_return_val_if_fail (MA_IS_EVENT_LIST (self), FALSE);

  if (!self->pending)
    return FALSE;
  old = self->n_items;
  copy_matches (self);
  self->pending = FALSE;
  if (self->reload)
    {
      self->reload = FALSE;
      self->dropped = 0;
      self->hidden = 0;
      self->n_items = self->shown->len;
      if (old > 0 || self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
      return TRUE;
    }
  removed = (guint) MIN (self->dropped, (guint64) old);
  added = self->shown->len - (old - removed);
  self->dropped = 0;
  if (removed > 0)
    {
      self->hidden = added;
      self->n_items = old - removed;
      g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, removed, 0);
    }
  self->hidden = 0;
  self->n_items = self->shown->len;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
  return removed > 0 || added > 0;
}

/**
 * ma_event_list_get_pending:
 *
 * Returns: whether the filter changed since the last publish()
 */
gboolean
ma_event_list_get_pending (MaEventList *self)
{
  g_return_val_if_fail (MA_IS_EVENT_LIST (self), FALSE);
  return self->pending;
}

/**
 * ma_event_list_reload:
 *
 * The filter's settings changed: every row may differ. Publishes at once.
 */
void
ma_event_list_reload (MaEventList *self)
{
  g_return_if_fail (MA_IS_EVENT_LIST (self));

  self->pending = TRUE;
  self->reload = TRUE;
  ma_event_list_publish (self);
}

/**
 * ma_event_list_set_filter:
 * @filter: (nullable): the filter whose matches to list
 */
void
ma_event_list_set_filter (MaEventList   *self,
                          MaEventFilter *filter)
{
  g_return_if_fail (MA_IS_EVENT_LIST (self));

  if (g_set_object (&self->filter, filter))
    ma_event_list_reload (self);
}

MaEventFilter *
ma_event_list_get_filter (MaEventList *self)
{
  g_return_val_if_fail (MA_IS_EVENT_LIST (self), NULL);
  return self->filter;
}

/**
 * ma_event_list_sync:
 * @tick: the simulation's tick (see ma_event_filter_sync())
 *
 * Reads the new events into the filter; the rows change at the next publish().
 *
 * Returns: %TRUE when the filter's matches changed
 */
gboolean
ma_event_list_sync (MaEventList *self,
                    guint64      tick)
{
  guint removed, added;

  g_return_val_if_fail (MA_IS_EVENT_LIST (self), FALSE);

  if (self->filter == NULL || !ma_event_filter_sync (self->filter, tick, &removed, &added))
    return FALSE;
  self->dropped += removed;
  self->pending = TRUE;
  return TRUE;
}
