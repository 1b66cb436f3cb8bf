/* ma-event-list.h: an event filter's matches as a GListModel, newest first
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ma-event-filter.h"

G_BEGIN_DECLS

#define MA_TYPE_EVENT_ITEM (ma_event_item_get_type ())

G_DECLARE_FINAL_TYPE (MaEventItem, ma_event_item, MA, EVENT_ITEM, GObject)

const MaEventMatch *ma_event_item_get_match   (MaEventItem   *self);
MaMachine          *ma_event_item_get_machine (MaEventItem   *self);
char               *ma_event_item_format_tick (MaEventItem   *self);
char               *ma_event_item_format_details (MaEventItem *self);

#define MA_TYPE_EVENT_LIST (ma_event_list_get_type ())

G_DECLARE_FINAL_TYPE (MaEventList, ma_event_list, MA, EVENT_LIST, GObject)

MaEventList   *ma_event_list_new        (void);
void           ma_event_list_set_filter (MaEventList   *self,
                                         MaEventFilter *filter);
MaEventFilter *ma_event_list_get_filter (MaEventList   *self);
gboolean       ma_event_list_sync       (MaEventList   *self,
                                         guint64        tick);
gboolean       ma_event_list_publish    (MaEventList   *self);
gboolean       ma_event_list_get_pending (MaEventList  *self);
void           ma_event_list_reload     (MaEventList   *self);

G_END_DECLS
