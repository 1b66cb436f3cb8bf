/* ma-events-private.h: the event ring's layout, for the engine's inline writers
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-events.h"

G_BEGIN_DECLS

struct _MaEventRing
{
  MaEvent *slots;
  guint64  mask;
  guint64  next_seq;  /* sequence number the next event gets; the first event is 1 */

  /* The rare events (kswapd, direct reclaim, compaction, OOM) again, in a ring of their own, so
   * that a burst of millions of frees (an OOM kill) cannot push them out before anyone read
   * them. */
  MaEvent *notable;
  guint64  notable_mask;
  guint64  notable_next;
};

static inline MaEvent *
ma_event_ring_push (MaEventRing *ring,
                    MaEventType  type,
                    guint64      pfn,
                    guint        order)
{
  guint64 seq = ring->next_seq++;
  MaEvent *e = &ring->slots[seq & ring->mask];

  e->seq = seq;
  e->pfn = pfn;
  e->aux = 0;
  e->type = (guint8) type;
  e->order = (guint8) order;
  e->node = 0;
  e->zone_idx = 0;
  e->mt = 0;
  e->mt2 = 0;
  e->reserved = 0;
  return e;
}

/* For the rare events: fills every field and keeps a copy in the notable ring. */
static inline void
ma_event_ring_push_notable (MaEventRing *ring,
                            MaEventType  type,
                            guint64      pfn,
                            guint        order,
                            guint32      aux,
                            guint        node,
                            guint        zone_idx,
                            guint        mt)
{
  MaEvent *e = ma_event_ring_push (ring, type, pfn, order);

  e->aux = aux;
  e->node = (guint8) node;
  e->zone_idx = (guint8) zone_idx;
  e->mt = (guint8) mt;
  ring->notable[ring->notable_next++ & ring->notable_mask] = *e;
}

G_END_DECLS
