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

G_END_DECLS
