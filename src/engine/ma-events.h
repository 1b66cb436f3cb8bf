/* ma-events.h: what happened in the machine, in order, in a bounded ring
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change the allocator makes is an event with a sequence number. Views read the events
 * after the last sequence number they saw to learn which pfn ranges changed (one event per
 * block, never one per frame) and to animate splits and merges. The ring is bounded: a reader
 * that fell behind by more than its capacity is told so and refreshes everything.
 * Names follow the kernel's tracepoints where one exists.
 */
#pragma once

#include "ma-types.h"

G_BEGIN_DECLS

typedef enum
{
  MA_EVENT_ALLOC,           /* mm_page_alloc: pfn, order, aux = owner */
  MA_EVENT_FREE,            /* mm_page_free: pfn, order */
  MA_EVENT_SPLIT,           /* expand(): block pfn of order `order` split down to order aux */
  MA_EVENT_MERGE,           /* __free_one_page(): result pfn/order; aux = starting order */
  MA_EVENT_CLAIM,           /* pageblock(s) at pfn of 2^order retagged mt2 -> mt (claim) */
  MA_EVENT_STEAL,           /* mm_page_alloc_extfrag: a block of mt2 taken for a mt request */
  MA_EVENT_PCP_REFILL,      /* rmqueue_bulk: a page moved from buddy to a per-CPU list; aux=cpu */
  MA_EVENT_PCP_DRAIN,       /* free_pcppages_bulk: a page back from a per-CPU list; aux=cpu */
  MA_EVENT_PCP_ALLOC,       /* order-0 page handed out from a per-CPU list; aux = owner */
  MA_EVENT_PCP_FREE,        /* order-0 page freed onto a per-CPU list; aux=cpu */
  MA_EVENT_WATERMARK,       /* zone free pages crossed a watermark: aux = old level << 8 | new */
  MA_EVENT_BOOST,           /* watermark boost changed: aux = new boost (pages) */
  MA_EVENT_HIGHATOMIC,      /* pageblock reserved for high-order atomic allocations */
  MA_EVENT_ALLOC_FAIL,      /* an allocation failed: order, aux = gfp */
  MA_EVENT_KSWAPD_WAKE,     /* mm_vmscan_wakeup_kswapd: node, order */
  MA_EVENT_KSWAPD_SLEEP,    /* mm_vmscan_kswapd_sleep */
  MA_EVENT_DIRECT_RECLAIM_BEGIN,
  MA_EVENT_DIRECT_RECLAIM_END,
  MA_EVENT_COMPACTION_BEGIN,
  MA_EVENT_COMPACTION_END,
  MA_EVENT_OOM_KILL,        /* aux = pid of the victim */
  MA_EVENT_LRU_ACTIVATE,    /* mm_lru_activate: a page moved to the active list */
  MA_EVENT_RESET,           /* the whole machine changed (restore, undo, new state) */
  /* 32-bit HighMem (ma-highmem.h). aux = G_MAXUINT32 where a lowmem page needed no slot. */
  MA_EVENT_KMAP,            /* kmap(): pfn; aux = pkmap slot */
  MA_EVENT_KUNMAP,          /* kunmap(): pfn; aux = pkmap slot */
  MA_EVENT_KMAP_FLUSH,      /* flush_all_zero_pkmaps() unmapped aux unused slots; no frame */
  MA_EVENT_KMAP_WAIT,       /* kmap() found every pkmap slot busy: pfn wanted, aux = task */
  MA_EVENT_KMAP_WAKE,       /* a waiting task got a slot after a kunmap(): pfn, aux = task */
  MA_EVENT_KMAP_ATOMIC,     /* kmap_atomic()/kmap_local_page(): pfn; aux = cpu << 8 | slot */
  MA_EVENT_KUNMAP_ATOMIC,   /* kunmap_atomic()/kunmap_local(): pfn; aux = cpu << 8 | slot */
  MA_N_EVENT_TYPES
} MaEventType;

/**
 * MaEvent:
 *
 * One event. `pfn` and `order` give the range (2^order frames from pfn) the event touched.
 */
typedef struct
{
  guint64 seq;
  guint64 pfn;
  guint32 aux;
  guint8  type;
  guint8  order;
  guint8  node;
  guint8  zone_idx;
  guint8  mt;
  guint8  mt2;
  guint16 reserved;
} MaEvent;

G_STATIC_ASSERT (sizeof (MaEvent) == 32);

typedef struct _MaEventRing MaEventRing;

const char  *ma_event_type_name    (MaEventType   type);

MaEventRing *ma_event_ring_new     (guint         capacity_log2);
void         ma_event_ring_free    (MaEventRing  *ring);
guint64      ma_event_ring_next_seq (const MaEventRing *ring);
guint64      ma_event_ring_oldest_seq (const MaEventRing *ring);
guint        ma_event_ring_capacity (const MaEventRing *ring);
const MaEvent *ma_event_ring_get   (const MaEventRing *ring,
                                    guint64       seq);
gboolean     ma_event_ring_read    (const MaEventRing *ring,
                                    guint64      *inout_seq,
                                    const MaEvent **out_event);
guint64      ma_event_ring_next_notable (const MaEventRing *ring);
gboolean     ma_event_ring_read_notable (const MaEventRing *ring,
                                         guint64      *inout_index,
                                         const MaEvent **out_event);

G_END_DECLS
