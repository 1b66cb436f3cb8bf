/* ma-event-list.c: an event filter's matches as a GListModel, newest first
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Items are made when a list view asks for one (only the visible rows), each a copy of its
 * match. A sync tells the view exactly what changed, in two steps: the oldest matches the filter
 * dropped leave the bottom, then the new ones arrive at the top. Between the two the new matches
 * are hidden, so that a view reading items during the first signal sees a consistent list.
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
  guint          n_items;   /* what the views were told */
  guint          hidden;    /* newest matches not announced yet */
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
  guint n;

  if (self->filter == NULL || position >= self->n_items)
    return NULL;
  n = ma_event_filter_get_n_matches (self->filter);
  g_assert (position + self->hidden < n);
  item = g_object_new (MA_TYPE_EVENT_ITEM, NULL);
  item->machine = g_object_ref (ma_event_filter_get_machine (self->filter));
  item->match = *ma_event_filter_get_match (self->filter, n - 1 - self->hidden - position);
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
ma_event_list_class_init (MaEventListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ma_event_list_dispose;
}

static void
ma_event_list_init (MaEventList *self)
{
}

MaEventList *
ma_event_list_new (void)
{
  return g_object_new (MA_TYPE_EVENT_LIST, NULL);
}

/**
 * ma_event_list_reload:
 *
 * Tells the views that every item changed: after the filter's settings changed.
 */
void
ma_event_list_reload (MaEventList *self)
{
  guint old;

  g_return_if_fail (MA_IS_EVENT_LIST (self));

  old = self->n_items;
  self->hidden = 0;
  self->n_items = self->filter ? ma_event_filter_get_n_matches (self->filter) : 0;
  if (old > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
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
 * Reads the new events.
 *
 * Returns: %TRUE when items changed
 */
gboolean
ma_event_list_sync (MaEventList *self,
                    guint64      tick)
{
  guint removed, added;

  g_return_val_if_fail (MA_IS_EVENT_LIST (self), FALSE);

  if (self->filter == NULL || !ma_event_filter_sync (self->filter, tick, &removed, &added))
    return FALSE;
  g_assert (removed <= self->n_items);
  if (removed > 0)
    {
      self->hidden = added;
      self->n_items -= removed;
      g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, removed, 0);
    }
  self->hidden = 0;
  self->n_items += added;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
  return TRUE;
}
