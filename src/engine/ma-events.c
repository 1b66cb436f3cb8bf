/* ma-events.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-events"

#include "config.h"

#include "ma-events-private.h"

static const char *const event_names[MA_N_EVENT_TYPES] = {
  "mm_page_alloc",
  "mm_page_free",
  "split",
  "merge",
  "pageblock_claim",
  "mm_page_alloc_extfrag",
  "mm_page_pcpu_refill",
  "mm_page_pcpu_drain",
  "mm_page_alloc_pcp",
  "mm_page_free_pcp",
  "watermark",
  "watermark_boost",
  "highatomic_reserve",
  "mm_page_alloc_fail",
  "mm_vmscan_wakeup_kswapd",
  "mm_vmscan_kswapd_sleep",
  "mm_vmscan_direct_reclaim_begin",
  "mm_vmscan_direct_reclaim_end",
  "mm_compaction_begin",
  "mm_compaction_end",
  "oom_kill",
  "mm_lru_activate",
  "reset",
  "kmap",
  "kunmap",
  "flush_all_zero_pkmaps",
  "kmap_wait",
  "kmap_wake",
  "kmap_atomic",
  "kunmap_atomic",
};

const char *
ma_event_type_name (MaEventType type)
{
  g_return_val_if_fail (type < MA_N_EVENT_TYPES, "?");
  return event_names[type];
}

MaEventRing *
ma_event_ring_new (guint capacity_log2)
{
  MaEventRing *ring = g_new0 (MaEventRing, 1);

  g_return_val_if_fail (capacity_log2 >= 4 && capacity_log2 <= 26, NULL);

  ring->slots = g_new0 (MaEvent, (gsize) 1 << capacity_log2);
  ring->mask = ((guint64) 1 << capacity_log2) - 1;
  ring->next_seq = 1;
  ring->notable = g_new0 (MaEvent, 4096);
  ring->notable_mask = 4095;
  return ring;
}

void
ma_event_ring_free (MaEventRing *ring)
{
  if (ring == NULL)
    return;
  g_free (ring->slots);
  g_free (ring->notable);
  g_free (ring);
}

guint64
ma_event_ring_next_seq (const MaEventRing *ring)
{
  return ring->next_seq;
}

guint
ma_event_ring_capacity (const MaEventRing *ring)
{
  return (guint) (ring->mask + 1);
}

/* The oldest sequence number still in the ring. */
guint64
ma_event_ring_oldest_seq (const MaEventRing *ring)
{
  guint64 cap = ring->mask + 1;

  return ring->next_seq > cap ? ring->next_seq - cap : 1;
}

const MaEvent *
ma_event_ring_get (const MaEventRing *ring,
                   guint64            seq)
{
  if (seq < ma_event_ring_oldest_seq (ring) || seq >= ring->next_seq)
    return NULL;
  return &ring->slots[seq & ring->mask];
}

/*
 * Reads the event at *inout_seq and advances it. Returns FALSE at the end of the ring. When the
 * reader fell behind (its event was overwritten), *out_event is NULL and *inout_seq jumps to the
 * oldest event still held: the caller must treat everything as changed.
 */
gboolean
ma_event_ring_read (const MaEventRing  *ring,
                    guint64            *inout_seq,
                    const MaEvent     **out_event)
{
  guint64 oldest = ma_event_ring_oldest_seq (ring);

  if (*inout_seq >= ring->next_seq)
    return FALSE;
  if (*inout_seq < oldest)
    {
      *inout_seq = oldest;
      *out_event = NULL;
      return TRUE;
    }
  *out_event = &ring->slots[*inout_seq & ring->mask];
  (*inout_seq)++;
  return TRUE;
}

guint64
ma_event_ring_next_notable (const MaEventRing *ring)
{
  return ring->notable_next;
}

/*
 * Reads the rare events (kswapd, direct reclaim, compaction, OOM kills) by their own index,
 * which survives bursts that overwrite the main ring. A reader 4096 of them behind skips ahead.
 */
gboolean
ma_event_ring_read_notable (const MaEventRing  *ring,
                            guint64            *inout_index,
                            const MaEvent     **out_event)
{
  if (*inout_index >= ring->notable_next)
    return FALSE;
  if (ring->notable_next - *inout_index > ring->notable_mask + 1)
    *inout_index = ring->notable_next - (ring->notable_mask + 1);
  *out_event = &ring->notable[*inout_index & ring->notable_mask];
  (*inout_index)++;
  return TRUE;
}
