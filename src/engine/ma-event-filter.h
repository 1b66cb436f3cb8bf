/* ma-event-filter.h: the machine's events as a log: kinds, places and frames to filter on,
 * tracepoint-style text to search and show
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"

G_BEGIN_DECLS

/**
 * MaEventGroups:
 * @MA_EVENT_GROUP_ALLOC_FREE: the page allocator: mm_page_alloc, mm_page_free, the per-CPU
 *   lists, splits and merges, pageblock claims and steals (mm_page_alloc_extfrag), failures
 * @MA_EVENT_GROUP_RECLAIM: kswapd waking and sleeping, direct reclaim, watermark crossings and
 *   boosts, LRU activations
 * @MA_EVENT_GROUP_COMPACTION: mm_compaction_begin and mm_compaction_end
 * @MA_EVENT_GROUP_OOM: OOM kills
 * @MA_EVENT_GROUP_KMAP: HighMem pages mapped and unmapped with kmap(), kunmap() and
 *   kmap_atomic(), tasks waiting for a pkmap slot, flushes of unused slots
 * @MA_EVENT_GROUP_OTHER: resets (the machine or a range of it restored)
 * @MA_EVENT_GROUP_ALL: every group
 *
 * Kinds of events, as a log filters them.
 */
typedef enum
{
  MA_EVENT_GROUP_ALLOC_FREE = 1 << 0,
  MA_EVENT_GROUP_RECLAIM    = 1 << 1,
  MA_EVENT_GROUP_COMPACTION = 1 << 2,
  MA_EVENT_GROUP_OOM        = 1 << 3,
  MA_EVENT_GROUP_KMAP       = 1 << 4,
  MA_EVENT_GROUP_OTHER      = 1 << 5,
  MA_EVENT_GROUP_ALL        = (1 << 6) - 1,
} MaEventGroups;

/**
 * MaEventScope:
 * @MA_EVENT_SCOPE_FRAMES: the event touched the frames [pfn, pfn + 2^order)
 * @MA_EVENT_SCOPE_ZONE: the event concerns a zone (node, zone_idx) as a whole
 * @MA_EVENT_SCOPE_NODE: the event concerns a node (kswapd going to sleep)
 * @MA_EVENT_SCOPE_MACHINE: the event concerns no place in particular (an OOM kill, a failed
 *   allocation, a reset of the whole machine)
 *
 * What an event's place fields mean.
 */
typedef enum
{
  MA_EVENT_SCOPE_FRAMES,
  MA_EVENT_SCOPE_ZONE,
  MA_EVENT_SCOPE_NODE,
  MA_EVENT_SCOPE_MACHINE,
} MaEventScope;

/**
 * MaEventMatch:
 * @event: a copy of the event
 * @tick_first: the first tick it can have happened in
 * @tick_last: the last tick it can have happened in (see ma_event_filter_sync())
 *
 * An event the filter kept. Both ticks are %G_MAXUINT64 when the event is older than the filter.
 */
typedef struct
{
  MaEvent event;
  guint64 tick_first;
  guint64 tick_last;
} MaEventMatch;

#define MA_EVENT_TICK_UNKNOWN G_MAXUINT64

MaEventGroups   ma_event_type_group          (MaEventType     type);
MaEventScope    ma_event_get_scope           (const MaEvent  *event);
gboolean        ma_event_get_frames          (const MaEvent  *event,
                                              guint64        *out_pfn,
                                              guint          *out_order);
void            ma_event_format_details      (MaMachine      *machine,
                                              const MaEvent  *event,
                                              GString        *out);
void            ma_event_format_place        (MaMachine      *machine,
                                              const MaEvent  *event,
                                              GString        *out);

#define MA_TYPE_EVENT_FILTER (ma_event_filter_get_type ())

G_DECLARE_FINAL_TYPE (MaEventFilter, ma_event_filter, MA, EVENT_FILTER, GObject)

MaEventFilter  *ma_event_filter_new          (MaMachine      *machine,
                                              guint           max_matches);
MaMachine      *ma_event_filter_get_machine  (MaEventFilter  *self);

void            ma_event_filter_set_groups   (MaEventFilter  *self,
                                              MaEventGroups   groups);
MaEventGroups   ma_event_filter_get_groups   (MaEventFilter  *self);
void            ma_event_filter_set_node     (MaEventFilter  *self,
                                              gint            node);
gint            ma_event_filter_get_node     (MaEventFilter  *self);
void            ma_event_filter_set_zone     (MaEventFilter  *self,
                                              MaZone         *zone);
MaZone         *ma_event_filter_get_zone     (MaEventFilter  *self);
void            ma_event_filter_set_pfn_range (MaEventFilter *self,
                                               guint64        first,
                                               guint64        end);
void            ma_event_filter_set_search   (MaEventFilter  *self,
                                              const char     *text);
const char     *ma_event_filter_get_search   (MaEventFilter  *self);
gboolean        ma_event_filter_matches      (MaEventFilter  *self,
                                              const MaEvent  *event);

gboolean        ma_event_filter_sync         (MaEventFilter  *self,
                                              guint64         tick,
                                              guint          *out_removed,
                                              guint          *out_added);
guint           ma_event_filter_get_n_matches (MaEventFilter *self);
const MaEventMatch *ma_event_filter_get_match (MaEventFilter *self,
                                               guint          index);
guint64         ma_event_filter_get_lost     (MaEventFilter  *self);
guint64         ma_event_filter_get_serial   (MaEventFilter  *self);

G_END_DECLS
