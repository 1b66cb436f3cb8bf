/* ma-reclaim.c: page reclaim: shrinking the LRU lists and slab, kswapd and direct reclaim
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * shrink_node() scans the inactive lists from their tails (the oldest pages) at a priority that
 * starts at DEF_PRIORITY (12) and decreases: each round looks at list_size >> priority pages.
 * A referenced page is activated; a page under writeback is passed over; a dirty file page is
 * written back first; a clean file page is dropped from the page cache; an anonymous page goes
 * to swap when there is room. Active lists are aged into the inactive ones while the inactive
 * list is short (inactive_is_low(), ratio int_sqrt(10 × size in GiB)). Reclaimable slab is
 * shrunk in proportion to the priority (shrink_slab with seeks = 2). File pages are scanned
 * before anonymous ones in the proportion vm.swappiness (60) gives them.
 *
 * kswapd (KERNEL.md §6.2) runs per node from a wake-up until a zone up to the requested highest
 * zone is above its high watermark (boost included) for the requested order; a run that frees
 * nothing counts a failure, and after 16 the node is hopeless and kswapd is no longer woken.
 */
#define G_LOG_DOMAIN "ma-reclaim"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-machine-private.h"

#define DEF_PRIORITY 12
#define SWAP_CLUSTER_MAX 32
#define SWAPPINESS 60
#define MAX_RECLAIM_RETRIES 16

static inline MaZone *
zone_of (MaNode  *node,
         guint64  pfn)
{
  for (guint z = 0; z < node->n_zones; z++)
    if (pfn >= node->zones[z].start_pfn && pfn < node->zones[z].end_pfn)
      return &node->zones[z];
  g_assert_not_reached ();
}

static void
rotate (MaZone    *zone,
        guint64    pfn,
        MaLruList  lru)
{
  ma_lru_del (zone, pfn, lru);
  ma_lru_add (zone, pfn, lru, FALSE);
}

static void
frame_flags (MaZone  *zone,
             guint64  pfn,
             guint    set,
             guint    clear)
{
  const MaFrame *f = ma_zone_frame (zone, pfn);
  guint flags = ((ma_frame_flags (f) | set) & ~clear) & MA_PG_ALL_FLAGS;

  ma_frame_write (zone, pfn, (f->word0 & ~(0x1ffu << 7)) | (flags << 7), f->word1);
}

static MaProcess *
process_of_owner (MaMachine *m,
                  guint      owner)
{
  for (guint i = 0; i < m->processes->len; i++)
    {
      MaProcess *p = &g_array_index (m->processes, MaProcess, i);

      if (p->anon_owner == owner)
        return p;
    }
  return NULL;
}

/* shrink_folio_list() for one page at the tail of an inactive list. Returns TRUE when freed. */
static gboolean
reclaim_one (MaNode         *node,
             MaLruList       lru,
             guint           highest_zoneidx,
             gboolean        may_swap,
             gboolean        may_writepage,
             MaReclaimStats *st)
{
  MaMachine *m = node->machine;
  guint64 pfn = node->start_pfn + node->lru_tail[lru];
  MaZone *zone = zone_of (node, pfn);
  const MaFrame *f = ma_zone_frame (zone, pfn);
  guint flags = ma_frame_flags (f);

  st->scanned++;
  if (zone->zone_idx > highest_zoneidx)
    {
      rotate (zone, pfn, lru);
      return FALSE;
    }
  if (flags & MA_PG_REFERENCED)
    {
      ma_lru_del (zone, pfn, lru);
      frame_flags (zone, pfn, 0, MA_PG_REFERENCED);
      ma_lru_add (zone, pfn, lru == MA_LRU_INACTIVE_ANON ? MA_LRU_ACTIVE_ANON : MA_LRU_ACTIVE_FILE,
                  FALSE);
      {
        MaEvent *e = ma_event_ring_push (m->events, MA_EVENT_LRU_ACTIVATE, pfn, 0);

        e->node = (guint8) node->index;
        e->zone_idx = (guint8) zone->zone_idx;
      }
      st->activated++;
      return FALSE;
    }
  if (flags & MA_PG_WRITEBACK)
    {
      rotate (zone, pfn, lru);
      return FALSE;
    }

  if (lru == MA_LRU_INACTIVE_ANON)
    {
      MaProcess *p = process_of_owner (m, ma_frame_owner (f));

      if (!may_swap || m->swap_used >= m->swap_total || p == NULL)
        {
          rotate (zone, pfn, lru);
          return FALSE;
        }
      /* add_to_swap() and pageout(): the page's slot now holds its contents */
      ma_owner_map_set (m, ma_frame_owner (f), ma_frame_index (f), MA_MAP_SWAPPED);
      p->swap++;
      m->swap_used++;
      ma_lru_del (zone, pfn, lru);
      ma_machine_free_block (m, pfn, 0);
      st->anon++;
      st->reclaimed++;
      return TRUE;
    }

  if (flags & MA_PG_DIRTY)
    {
      if (may_writepage)
        {
          frame_flags (zone, pfn, MA_PG_WRITEBACK | MA_PG_RECLAIM, MA_PG_DIRTY);
          g_array_append_val (m->writeback, pfn);
          st->writeback_started++;
        }
      rotate (zone, pfn, lru);
      return FALSE;
    }

  /* a clean page cache page: drop it */
  ma_pressure_free_user_page (m, zone, pfn);
  st->file++;
  st->reclaimed++;
  return TRUE;
}

/* shrink_active_list(): the oldest active pages go to the inactive list, losing their reference. */
static void
age_active (MaNode         *node,
            MaLruList       active,
            guint64         nr,
            MaReclaimStats *st)
{
  MaLruList inactive = active == MA_LRU_ACTIVE_ANON ? MA_LRU_INACTIVE_ANON : MA_LRU_INACTIVE_FILE;

  for (guint64 i = 0; i < nr && node->lru_tail[active] != MA_LINK_NONE; i++)
    {
      guint64 pfn = node->start_pfn + node->lru_tail[active];
      MaZone *zone = zone_of (node, pfn);

      ma_lru_del (zone, pfn, active);
      frame_flags (zone, pfn, 0, MA_PG_REFERENCED);
      ma_lru_add (zone, pfn, inactive, FALSE);
      st->deactivated++;
    }
}

/* inactive_is_low(): the inactive list should hold at least 1/(1 + ratio) of the type. */
static gboolean
inactive_is_low (MaNode    *node,
                 MaLruList  inactive)
{
  guint64 in = node->lru_len[inactive], act = node->lru_len[inactive + 1];
  guint64 gb = ((in + act) << node->machine->page_shift) >> 30;
  guint64 ratio = gb ? ma_rules_isqrt (10 * gb) : 1;

  return in * ratio < act;
}

/* shrink_slab() for the reclaimable caches: (freeable >> priority) × 4 / seeks, seeks = 2. */
static guint64
shrink_slab (MaNode   *node,
             gint      priority,
             guint64   want)
{
  MaMachine *m = node->machine;
  GArray *map = MA_OWNER_SLAB_RECLAIMABLE < m->owner_maps->len
                  ? g_ptr_array_index (m->owner_maps, MA_OWNER_SLAB_RECLAIMABLE) : NULL;
  guint64 freeable = ((MaOwner *) g_ptr_array_index (m->owners, MA_OWNER_SLAB_RECLAIMABLE))->pages;
  guint64 delta = ((freeable >> priority) * 4) / 2, freed = 0;

  delta = MIN (MAX (delta, freeable ? 1 : 0), want);
  for (guint i = map ? map->len : 0; i-- > 0 && freed < delta;)
    {
      guint64 pfn = g_array_index (map, guint64, i);

      if (pfn == MA_MAP_NONE || pfn < node->start_pfn || pfn >= node->start_pfn + node->spanned)
        continue;
      ma_pressure_free_user_page (m, zone_of (node, pfn), pfn);
      freed++;
    }
  while (map && map->len > 0 && g_array_index (map, guint64, map->len - 1) == MA_MAP_NONE)
    g_array_set_size (map, map->len - 1);
  return freed;
}

/* shrink_node(). */
static guint64
shrink_node (MaNode         *node,
             guint           highest_zoneidx,
             guint64         nr_to_reclaim,
             gboolean        may_swap,
             gboolean        may_writepage,
             MaReclaimStats *st)
{
  MaMachine *m = node->machine;
  guint64 start = st->reclaimed;
  gboolean swap_room = may_swap && m->swap_used < m->swap_total;

  for (gint prio = DEF_PRIORITY; prio >= 0 && st->reclaimed - start < nr_to_reclaim; prio--)
    {
      guint64 file = node->lru_len[MA_LRU_INACTIVE_FILE] + node->lru_len[MA_LRU_ACTIVE_FILE];
      guint64 anon = node->lru_len[MA_LRU_INACTIVE_ANON] + node->lru_len[MA_LRU_ACTIVE_ANON];
      guint64 scan_file = MAX (file >> prio, file ? 1 : 0);
      guint64 scan_anon = swap_room ? MAX (((anon >> prio) * SWAPPINESS) / 200, anon ? 1 : 0) : 0;

      if (inactive_is_low (node, MA_LRU_INACTIVE_FILE))
        age_active (node, MA_LRU_ACTIVE_FILE, MAX (scan_file, SWAP_CLUSTER_MAX), st);
      if (swap_room && inactive_is_low (node, MA_LRU_INACTIVE_ANON))
        age_active (node, MA_LRU_ACTIVE_ANON, MAX (scan_anon, SWAP_CLUSTER_MAX), st);

      for (guint64 i = 0; i < scan_file && node->lru_tail[MA_LRU_INACTIVE_FILE] != MA_LINK_NONE
                          && st->reclaimed - start < nr_to_reclaim; i++)
        reclaim_one (node, MA_LRU_INACTIVE_FILE, highest_zoneidx, may_swap, may_writepage, st);
      for (guint64 i = 0; i < scan_anon && node->lru_tail[MA_LRU_INACTIVE_ANON] != MA_LINK_NONE
                          && st->reclaimed - start < nr_to_reclaim; i++)
        reclaim_one (node, MA_LRU_INACTIVE_ANON, highest_zoneidx, may_swap, may_writepage, st);

      if (st->reclaimed - start < nr_to_reclaim)
        {
          guint64 s = shrink_slab (node, prio, nr_to_reclaim - (st->reclaimed - start));

          st->slab += s;
          st->reclaimed += s;
        }
    }
  for (guint z = 0; z < node->n_zones; z++)
    ma_zone_update_band (&node->zones[z]);
  return st->reclaimed - start;
}

/**
 * ma_machine_try_to_free_pages:
 *
 * Direct reclaim on one node: shrink_node() until nr_to_reclaim pages (SWAP_CLUSTER_MAX for an
 * allocation) are freed or every priority was tried.
 *
 * Returns: the pages freed
 */
guint64
ma_machine_try_to_free_pages (MaMachine      *self,
                              MaNode         *node,
                              guint           highest_zoneidx,
                              guint64         nr_to_reclaim,
                              gboolean        may_swap,
                              MaReclaimStats *stats)
{
  MaReclaimStats local = { 0, };

  return shrink_node (node, highest_zoneidx, nr_to_reclaim, may_swap, TRUE, stats ? stats : &local);
}

/* pgdat_balanced() with zone_watermark_ok_safe() at high (boost included). */
static gboolean
node_balanced (MaNode *node,
               guint   order,
               guint   highest_zoneidx)
{
  gboolean any = FALSE;

  for (guint i = 0; i <= highest_zoneidx && i < node->n_zones; i++)
    {
      MaZone *z = &node->zones[i];
      MaZoneAttempt a;

      if (z->managed == 0)
        continue;
      any = TRUE;
      if (ma_machine_zone_watermark_ok (node->machine, z, order, MA_WMARK_HIGH, highest_zoneidx, 0, &a))
        return TRUE;
    }
  return !any;
}

static void
kswapd_sleep (MaNode *node)
{
  MaMachine *m = node->machine;

  /* the boost is paid back: the run restored the high watermark plus the boost */
  for (guint i = 0; i < node->n_zones; i++)
    if (node->zones[i].watermark_boost > 0)
      {
        node->zones[i].watermark_boost = 0;
        node->zones[i].band_low = 1;
        node->zones[i].band_high = 0;
        ma_zone_update_band (&node->zones[i]);
      }
  ma_event_ring_push_notable (m->events, MA_EVENT_KSWAPD_SLEEP, node->start_pfn, node->kswapd_order,
                              (guint32) MIN (node->kswapd_reclaimed, G_MAXUINT32), node->index, 0, 0);
  node->kswapd_woken = FALSE;
  node->kswapd_running = FALSE;
  node->kswapd_order = 0;
  node->kswapd_highest_zoneidx = 0;
  node->kswapd_reclaimed = 0;
}

/**
 * ma_machine_kswapd_step:
 * @budget: the most pages this step may reclaim (kswapd's share of the time step)
 *
 * One slice of kswapd's balance_pgdat() on a node that was woken: reclaim towards the high
 * watermarks; when the node is balanced, pay back the boost, compact for the order that was
 * asked (kcompactd) and go to sleep.
 *
 * Returns: TRUE while kswapd is still awake
 */
gboolean
ma_machine_kswapd_step (MaMachine      *self,
                        guint           node_index,
                        guint64         budget,
                        MaReclaimStats *stats)
{
  MaNode *node = &self->nodes[node_index];
  MaReclaimStats local = { 0, };
  guint64 target = 0, got;
  guint h;

  if (!node->kswapd_woken)
    return FALSE;
  node->kswapd_running = TRUE;
  h = MIN (node->kswapd_highest_zoneidx, node->n_zones - 1);

  if (node_balanced (node, node->kswapd_order, h))
    {
      if (node->kswapd_order > 0)
        for (guint i = 0; i <= h; i++)
          if (node->zones[i].managed > 0)
            ma_machine_compact_zone (self, &node->zones[i], node->kswapd_order, NULL);
      kswapd_sleep (node);
      return FALSE;
    }

  for (guint i = 0; i <= h; i++)
    if (node->zones[i].managed > 0)
      target += MAX (ma_zone_get_watermark (&node->zones[i], MA_WMARK_HIGH), SWAP_CLUSTER_MAX);
  got = shrink_node (node, h, MIN (target, budget), TRUE, TRUE, stats ? stats : &local);
  node->kswapd_reclaimed += got;

  if (got == 0)
    {
      /* a run that reclaims nothing: one more failure, and kswapd gives up for now */
      node->kswapd_failures++;
      kswapd_sleep (node);
      return FALSE;
    }
  node->kswapd_failures = 0;
  return TRUE;
}

gboolean
ma_node_is_kswapd_running (MaNode *node)
{
  return node->kswapd_woken;
}

guint
ma_node_get_kswapd_failures (MaNode *node)
{
  return node->kswapd_failures;
}
