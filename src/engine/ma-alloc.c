/* ma-alloc.c: the allocation entry point (__alloc_pages) and freeing
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow follows ../shared/KERNEL.md §3, §5 and §6.1: gfp_zone() picks the highest usable zone,
 * the zonelist of the preferred node gives the order in which zones are tried, the fast path
 * takes the first zone above its low watermark, and the slow path wakes kswapd and retries at
 * min with the reserves the request is entitled to. Reclaim, compaction and the OOM killer are
 * the pressure model's part; without reclaimable memory the request fails here.
 */
#define G_LOG_DOMAIN "ma-alloc"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-alloc.h"
#include "ma-machine-private.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

static inline guint64
wmark_pages (MaZone      *zone,
             MaWatermark  mark)
{
  return zone->wmark[mark] + zone->watermark_boost;
}

/* __zone_watermark_unusable_free() and its predecessors: pages this request may not count. */
static inline gint64
unusable_free (MaZone *zone,
               guint   order,
               guint   alloc_flags)
{
  MaMachine *m = zone->node->machine;
  gint64 unusable = ((gint64) 1 << order) - 1;

  if (m->kernel >= V (6, 3, 0))
    {
      if (!(alloc_flags & MA_ALLOC_RESERVES))
        unusable += m->kernel >= V (6, 12, 0)
                      ? (gint64) zone->nr_free_by_mt[MA_MIGRATE_HIGHATOMIC]
                      : (gint64) zone->nr_reserved_highatomic;
    }
  else if (m->kernel >= V (4, 4, 0))
    {
      if (!(alloc_flags & (MA_ALLOC_NON_BLOCK | MA_ALLOC_OOM)))
        unusable += (gint64) zone->nr_reserved_highatomic;
    }
  if (!(alloc_flags & MA_ALLOC_CMA))
    unusable += (gint64) zone->nr_free_by_mt[MA_MIGRATE_CMA];
  return unusable;
}

/* The watermark after the reductions the request's reserve rights allow. */
static guint64
reduced_mark (MaMachine *m,
              guint64    mark,
              guint      alloc_flags)
{
  gint64 min = (gint64) mark;

  if (m->kernel >= V (6, 3, 0))
    {
      if (alloc_flags & MA_ALLOC_RESERVES)
        {
          if (alloc_flags & MA_ALLOC_MIN_RESERVE)
            {
              min -= min / 2;
              if (alloc_flags & MA_ALLOC_NON_BLOCK)
                min -= min / 4;
            }
          if (alloc_flags & MA_ALLOC_OOM)
            min -= min / 2;
        }
    }
  else if (m->kernel >= V (4, 4, 0))
    {
      if (alloc_flags & MA_ALLOC_MIN_RESERVE)
        min -= min / 2;
      if (alloc_flags & (MA_ALLOC_NON_BLOCK | MA_ALLOC_OOM))
        min -= (alloc_flags & MA_ALLOC_OOM) ? min / 2 : min / 4;
    }
  else
    {
      if (alloc_flags & MA_ALLOC_MIN_RESERVE)
        min -= min / 2;
      if (alloc_flags & MA_ALLOC_NON_BLOCK)
        min -= min / 4;
    }
  return (guint64) MAX (min, 0);
}

/* __zone_watermark_ok(), recording what it saw. */
static MaZoneCheck
watermark_ok (MaZone        *zone,
              guint          order,
              guint64        mark,
              guint          highest_zoneidx,
              guint          alloc_flags,
              MaZoneAttempt *attempt)
{
  MaMachine *m = zone->node->machine;
  gint64 free_pages = zone->nr_free_pages - unusable_free (zone, order, alloc_flags);
  guint64 min = reduced_mark (m, mark, alloc_flags);
  guint64 reserve = zone->lowmem_reserve[highest_zoneidx];

  if (attempt)
    {
      attempt->threshold = min;
      attempt->protection = reserve;
      attempt->usable_pages = free_pages;
    }

  if (free_pages <= (gint64) (min + reserve))
    return MA_ZONE_CHECK_WATERMARK;
  if (order == 0)
    return MA_ZONE_CHECK_PASSED;

  if (m->kernel < V (4, 4, 0))
    {
      /* Up to 4.3: the free pages of each lower order do not count, and the bar halves with
       * every order. */
      gint64 f = free_pages;
      gint64 mn = (gint64) min;

      for (guint o = 0; o < order; o++)
        {
          f -= (gint64) (zone->nr_free[o] << o);
          mn >>= 1;
          if (f <= mn)
            return MA_ZONE_CHECK_NO_BLOCK;
        }
      return MA_ZONE_CHECK_PASSED;
    }

  for (guint o = order; o <= m->max_order; o++)
    {
      if (zone->nr_free[o] == 0)
        continue;
      for (guint mt = 0; mt < MA_MIGRATE_PCPTYPES; mt++)
        if (zone->free_list[o][mt].len > 0)
          return MA_ZONE_CHECK_PASSED;
      if ((alloc_flags & MA_ALLOC_CMA) && zone->free_list[o][MA_MIGRATE_CMA].len > 0)
        return MA_ZONE_CHECK_PASSED;
      if ((alloc_flags & (MA_ALLOC_HIGHATOMIC | MA_ALLOC_OOM))
          && zone->free_list[o][MA_MIGRATE_HIGHATOMIC].len > 0)
        return MA_ZONE_CHECK_PASSED;
    }
  return MA_ZONE_CHECK_NO_BLOCK;
}

gboolean
ma_machine_zone_watermark_ok (MaMachine     *self,
                              MaZone        *zone,
                              guint          order,
                              MaWatermark    mark,
                              guint          highest_zoneidx,
                              guint          alloc_flags,
                              MaZoneAttempt *out_attempt)
{
  return watermark_ok (zone, order, wmark_pages (zone, mark), highest_zoneidx, alloc_flags,
                       out_attempt) == MA_ZONE_CHECK_PASSED;
}

/* zone_watermark_fast(). */
static MaZoneCheck
watermark_fast (MaZone        *zone,
                guint          order,
                MaWatermark    which,
                guint          highest_zoneidx,
                guint          alloc_flags,
                MaZoneAttempt *attempt)
{
  MaMachine *m = zone->node->machine;
  guint64 mark = wmark_pages (zone, which);
  MaZoneCheck check;

  if (attempt)
    {
      attempt->zone = zone;
      attempt->mark = which;
      attempt->mark_pages = mark;
      attempt->free_pages = zone->nr_free_pages;
    }

  if (order == 0 && attempt == NULL)
    {
      gint64 usable = zone->nr_free_pages;
      gint64 reserved = unusable_free (zone, 0, alloc_flags);

      usable -= MIN (usable, reserved);
      if (usable > (gint64) (mark + zone->lowmem_reserve[highest_zoneidx]))
        return MA_ZONE_CHECK_PASSED;
      /* Without reserve rights the full check below computes the same comparison; only the
       * boost exception at min can still pass. */
      if (!(alloc_flags & MA_ALLOC_RESERVES) && which != MA_WMARK_MIN)
        return MA_ZONE_CHECK_WATERMARK;
    }

  check = watermark_ok (zone, order, mark, highest_zoneidx, alloc_flags, attempt);
  if (check == MA_ZONE_CHECK_PASSED)
    return check;

  /* __GFP_HIGH order-0 requests ignore the boost at min (≥ 5.0). */
  if (m->kernel >= V (5, 0, 0) && order == 0 && (alloc_flags & MA_ALLOC_MIN_RESERVE)
      && zone->watermark_boost != 0 && which == MA_WMARK_MIN)
    {
      if (attempt)
        attempt->mark_pages = zone->wmark[MA_WMARK_MIN];
      check = watermark_ok (zone, order, zone->wmark[MA_WMARK_MIN], highest_zoneidx, alloc_flags,
                            attempt);
    }
  return check;
}

static void
mark_allocated (MaZone  *zone,
                guint64  pfn,
                guint    order,
                guint    owner,
                guint32  index)
{
  MaMachine *m = zone->node->machine;
  MaOwner *o = g_ptr_array_index (m->owners, owner);
  guint flags = 0, mapcount = 0;
  guint64 n = (guint64) 1 << order;

  /* User pages go on the LRU and are mapped by their process. */
  if (o->kind == MA_OWNER_ANON)
    {
      flags = MA_PG_SWAPBACKED;
      mapcount = 1;
    }

  ma_frame_write (zone, pfn, ma_frame_pack_word0 (MA_FRAME_ALLOC_HEAD, order, flags, 1, mapcount,
                                                  index),
                  ma_frame_pack_word1 (owner, index));
  for (guint64 i = 1; i < n; i++)
    ma_frame_write (zone, pfn + i,
                    ma_frame_pack_word0 (MA_FRAME_ALLOC_TAIL, 0, flags, 0, mapcount,
                                         index + (guint32) i),
                    ma_frame_pack_word1 (owner, index + (guint32) i));

  zone->used_by_kind[o->kind] += n;
  o->pages += n;
  zone->pgalloc += n;
}

static void
emit_alloc (MaZone      *zone,
            MaEventType  type,
            guint64      pfn,
            guint        order,
            guint        owner,
            MaMigrateType mt)
{
  MaEvent *e = ma_event_ring_push (zone->node->machine->events, type, pfn, order);

  e->aux = owner;
  e->node = (guint8) zone->node->index;
  e->zone_idx = (guint8) zone->zone_idx;
  e->mt = (guint8) mt;
}

/* rmqueue(): order 0 through the CPU's list, larger orders from the buddy lists. */
static gboolean
rmqueue (MaZone        *zone,
         guint          order,
         MaMigrateType  mt,
         guint          alloc_flags,
         guint64       *out_pfn,
         gboolean      *out_from_pcp)
{
  MaMachine *m = zone->node->machine;

  if (order == 0 && mt < MA_MIGRATE_PCPTYPES)
    {
      *out_from_pcp = TRUE;
      return ma_pcp_alloc (zone, m->current_cpu, mt, alloc_flags, out_pfn);
    }

  *out_from_pcp = FALSE;
  if (order > 0 && (alloc_flags & MA_ALLOC_HIGHATOMIC))
    {
      guint max_order = m->max_order;

      for (guint k = order; k <= max_order; k++)
        if (zone->free_list[k][MA_MIGRATE_HIGHATOMIC].head != MA_LINK_NONE)
          return ma_buddy_rmqueue (zone, order, MA_MIGRATE_HIGHATOMIC, 0, out_pfn);
    }
  return ma_buddy_rmqueue (zone, order, mt, alloc_flags, out_pfn);
}

/* ALLOC_NOFRAGMENT (≥ 5.0, alloc_flags_nofragment()): a Normal-zone request on a machine with a
 * populated DMA32 zone on the local node prefers other nodes to fragmenting a pageblock. */
static gboolean
wants_nofragment (MaMachine *m,
                  MaZone    *preferred)
{
  MaZone *dma32;

  if (m->kernel < V (5, 0, 0) || preferred->type != MA_ZONE_NORMAL
      || !m->have_zone_type[MA_ZONE_DMA32])
    return FALSE;
  if (m->n_nodes == 1)
    return TRUE;
  dma32 = ma_node_get_zone_by_type (preferred->node, MA_ZONE_DMA32);
  return dma32 != NULL && dma32->managed > 0;
}

typedef MaAllocContext AllocContext;

static inline gboolean
zone_usable (const AllocContext *ac,
             MaZone             *zone)
{
  return zone->type <= ac->highest_type && zone->managed > 0;
}

/* get_page_from_freelist(). */
static gboolean
get_page_from_freelist (MaMachine          *m,
                        const AllocContext *ac,
                        guint               order,
                        guint               alloc_flags,
                        MaAllocResult      *result,
                        guint64            *out_pfn,
                        MaZone            **out_zone,
                        gboolean           *out_from_pcp)
{
  gboolean no_fallback;

retry:
  no_fallback = (alloc_flags & MA_ALLOC_NOFRAGMENT) != 0;
  if (result)
    result->n_attempts = 0;

  for (guint i = ac->first; i < ac->zonelist_len; i++)
    {
      MaZone *zone = ac->zonelist[i];
      MaZoneAttempt *attempt = NULL;
      MaZoneCheck check;

      if (!zone_usable (ac, zone))
        continue;

      if (no_fallback && m->n_nodes > 1 && zone->node != ac->preferred->node)
        {
          alloc_flags &= ~MA_ALLOC_NOFRAGMENT;
          goto retry;
        }

      if (result && result->n_attempts < MA_ALLOC_MAX_ATTEMPTS)
        attempt = &result->attempts[result->n_attempts++];

      check = watermark_fast (zone, order, alloc_flags & MA_ALLOC_WMARK_MASK, ac->highest_zoneidx,
                              alloc_flags, attempt);
      if (check == MA_ZONE_CHECK_PASSED)
        {
          if (rmqueue (zone, order, ac->mt, alloc_flags, out_pfn, out_from_pcp))
            {
              if (attempt)
                attempt->check = MA_ZONE_CHECK_PASSED;
              *out_zone = zone;
              if (order > 0 && (alloc_flags & MA_ALLOC_HIGHATOMIC))
                ma_buddy_reserve_highatomic (zone, *out_pfn);
              return TRUE;
            }
          check = no_fallback ? MA_ZONE_CHECK_NOFRAGMENT : MA_ZONE_CHECK_LISTS_EMPTY;
        }
      if (attempt)
        attempt->check = check;
    }

  if (no_fallback)
    {
      alloc_flags &= ~MA_ALLOC_NOFRAGMENT;
      goto retry;
    }
  return FALSE;
}

/* pgdat_balanced(): any eligible zone at or above its high watermark. */
static gboolean
node_balanced (MaNode *node,
               guint   order,
               guint   highest_zoneidx)
{
  gboolean any = FALSE;

  for (guint i = 0; i <= highest_zoneidx && i < node->n_zones; i++)
    {
      MaZone *zone = &node->zones[i];

      if (zone->managed == 0)
        continue;
      any = TRUE;
      if (watermark_ok (zone, order, wmark_pages (zone, MA_WMARK_HIGH), highest_zoneidx, 0, NULL)
          == MA_ZONE_CHECK_PASSED)
        return TRUE;
    }
  return !any;
}

/* wakeup_kswapd(): records the request on the node and wakes its kswapd unless the node is
 * hopeless or already balanced (and not boosted). */
static gboolean
wakeup_kswapd (MaZone *zone,
               guint   order,
               guint   highest_zoneidx)
{
  MaNode *node = zone->node;
  gboolean boosted = FALSE;

  if (zone->managed == 0)
    return FALSE;
  node->kswapd_highest_zoneidx = MAX (node->kswapd_highest_zoneidx, highest_zoneidx);
  node->kswapd_order = MAX (node->kswapd_order, order);
  if (node->kswapd_woken)
    return FALSE;

  for (guint i = 0; i <= highest_zoneidx && i < node->n_zones; i++)
    if (node->zones[i].watermark_boost != 0)
      boosted = TRUE;
  if (node->kswapd_failures >= 16 || (node_balanced (node, order, highest_zoneidx) && !boosted))
    return FALSE;

  node->kswapd_woken = TRUE;
  node->kswapd_wakeups++;
  ma_event_ring_push_notable (node->machine->events, MA_EVENT_KSWAPD_WAKE, zone->start_pfn, order,
                              highest_zoneidx, node->index, zone->zone_idx, 0);
  return TRUE;
}

/* wake_all_kswapds(): once per node met in the zonelist. */
static gboolean
wake_all_kswapds (MaMachine          *m,
                  const AllocContext *ac,
                  guint               order)
{
  MaNode *last = NULL;
  gboolean woke = FALSE;

  for (guint i = ac->first; i < ac->zonelist_len; i++)
    {
      MaZone *zone = ac->zonelist[i];

      if (!zone_usable (ac, zone) || zone->node == last)
        continue;
      last = zone->node;
      woke |= wakeup_kswapd (zone, order, ac->highest_zoneidx);
    }
  return woke;
}

#define PAGE_ALLOC_COSTLY_ORDER 3
#define MAX_RECLAIM_RETRIES 16

/* Direct compaction on the zones of the zonelist that compaction could help. */
static gboolean
direct_compact (MaMachine          *m,
                const AllocContext *ac,
                guint               order,
                MaAllocResult      *result)
{
  gboolean any = FALSE;

  for (guint i = ac->first; i < ac->zonelist_len; i++)
    {
      MaZone *zone = ac->zonelist[i];

      if (!zone_usable (ac, zone))
        continue;
      /* compaction_suitable(): enough free memory above the watermark plus the gap */
      if (watermark_ok (zone, 0, wmark_pages (zone, order > PAGE_ALLOC_COSTLY_ORDER ? MA_WMARK_LOW
                                                                                    : MA_WMARK_MIN)
                                  + ((guint64) 2 << order), ac->highest_zoneidx, MA_ALLOC_CMA, NULL)
          != MA_ZONE_CHECK_PASSED)
        continue;
      if (result)
        result->compactions++;
      if (ma_machine_compact_zone (m, zone, order, NULL))
        any = TRUE;
    }
  return any;
}

/* try_to_free_pages() over the nodes of the zonelist, between the tracepoints. */
static guint64
direct_reclaim (MaMachine          *m,
                const AllocContext *ac,
                guint               order,
                MaAllocResult      *result)
{
  MaNode *seen[MA_MAX_NODES];
  guint n_seen = 0;
  guint64 progress = 0;

  ma_event_ring_push_notable (m->events, MA_EVENT_DIRECT_RECLAIM_BEGIN, ac->preferred->start_pfn,
                              order, 0, ac->preferred->node->index, ac->preferred->zone_idx, 0);
  for (guint i = ac->first; i < ac->zonelist_len && progress < 32; i++)
    {
      MaNode *node = ac->zonelist[i]->node;
      gboolean done = FALSE;

      for (guint j = 0; j < n_seen; j++)
        if (seen[j] == node)
          done = TRUE;
      if (done || !zone_usable (ac, ac->zonelist[i]))
        continue;
      seen[n_seen++] = node;
      progress += ma_machine_try_to_free_pages (m, node, ac->highest_zoneidx, 32 - progress, TRUE, NULL);
    }
  ma_event_ring_push_notable (m->events, MA_EVENT_DIRECT_RECLAIM_END, ac->preferred->start_pfn,
                              order, (guint32) progress, ac->preferred->node->index,
                              ac->preferred->zone_idx, 0);
  if (result)
    {
      result->reclaim_rounds++;
      result->reclaimed += progress;
    }
  return progress;
}

/* should_reclaim_retry(): could reclaiming everything reclaimable make a zone pass min? */
static gboolean
should_retry (MaMachine          *m,
              const AllocContext *ac,
              guint               order,
              guint               alloc_flags)
{
  for (guint i = ac->first; i < ac->zonelist_len; i++)
    {
      MaZone *zone = ac->zonelist[i];
      gint64 saved = zone->nr_free_pages;
      MaZoneCheck check;

      if (!zone_usable (ac, zone))
        continue;
      zone->nr_free_pages += (gint64) ma_node_get_reclaimable (zone->node);
      check = watermark_ok (zone, order, wmark_pages (zone, MA_WMARK_MIN), ac->highest_zoneidx,
                            alloc_flags, NULL);
      zone->nr_free_pages = saved;
      if (check == MA_ZONE_CHECK_PASSED)
        return TRUE;
    }
  return FALSE;
}

/*
 * The rest of __alloc_pages_slowpath() for requests that may sleep (KERNEL.md §6.4): direct
 * compaction for costly or unmovable high orders, direct reclaim, retries while reclaim makes
 * progress (at most MAX_RECLAIM_RETRIES rounds without), then a last attempt at the high
 * watermark and the OOM killer, which is never used for orders above 3, __GFP_NORETRY,
 * __GFP_RETRY_MAYFAIL, __GFP_THISNODE or requests limited to DMA/DMA32.
 */
static gboolean
slow_path (MaMachine            *m,
           const AllocContext   *ac,
           const MaAllocRequest *req,
           guint                 alloc_flags,
           MaAllocResult        *result,
           guint64              *out_pfn,
           MaZone              **out_zone,
           gboolean             *out_from_pcp)
{
  guint order = req->order;
  gboolean costly = order > PAGE_ALLOC_COSTLY_ORDER;
  guint no_progress = 0;

  if (order > 0 && (costly || ac->mt != MA_MIGRATE_MOVABLE))
    {
      if (direct_compact (m, ac, order, result)
          && get_page_from_freelist (m, ac, order, alloc_flags, result, out_pfn, out_zone, out_from_pcp))
        return TRUE;
      if (costly && (req->gfp & MA___GFP_NORETRY))
        return FALSE;
    }

  for (guint round = 0; round < 4 * MAX_RECLAIM_RETRIES + 16; round++)
    {
      guint64 progress = direct_reclaim (m, ac, order, result);

      if (get_page_from_freelist (m, ac, order, alloc_flags, result, out_pfn, out_zone, out_from_pcp))
        return TRUE;
      if (order > 0 && direct_compact (m, ac, order, result)
          && get_page_from_freelist (m, ac, order, alloc_flags, result, out_pfn, out_zone, out_from_pcp))
        return TRUE;
      if (req->gfp & MA___GFP_NORETRY)
        return FALSE;
      if (costly && !(req->gfp & MA___GFP_RETRY_MAYFAIL))
        return FALSE;

      no_progress = progress > 0 ? 0 : no_progress + 1;
      if (no_progress <= MAX_RECLAIM_RETRIES && should_retry (m, ac, order, alloc_flags))
        continue;

      /* __alloc_pages_may_oom() */
      if (costly || (req->gfp & (MA___GFP_RETRY_MAYFAIL | MA___GFP_THISNODE))
          || ac->highest_type < MA_ZONE_NORMAL)
        return FALSE;
      if (get_page_from_freelist (m, ac, order, MA_ALLOC_WMARK_HIGH | MA_ALLOC_CPUSET, NULL,
                                  out_pfn, out_zone, out_from_pcp))
        return TRUE;
      {
        gint victim = ma_machine_oom_kill (m, NULL);

        if (victim < 0)
          {
            if (result)
              result->no_oom_victim = TRUE;
            return FALSE;
          }
        if (result)
          result->oom_victim = victim;
        no_progress = 0;
      }
    }
  return FALSE;
}

static gboolean
prepare_context (MaMachine            *m,
                 const MaAllocRequest *req,
                 MaAllocResult        *result,
                 AllocContext         *ac)
{
  MaNode *node;
  MaZoneType start_type;

  memset (ac, 0, sizeof *ac);
  if (!ma_gfp_zone (req->gfp, m->have_zone_type[MA_ZONE_DMA], m->have_zone_type[MA_ZONE_DMA32],
                    m->have_zone_type[MA_ZONE_HIGHMEM], &ac->highest_type))
    {
      if (result)
        result->bad_gfp = TRUE;
      return FALSE;
    }
  if (ac->highest_type == MA_ZONE_MOVABLE && !m->have_zone_type[MA_ZONE_MOVABLE])
    ac->highest_type = m->have_zone_type[MA_ZONE_HIGHMEM] ? MA_ZONE_HIGHMEM : MA_ZONE_NORMAL;

  ac->mt = m->mobility_disabled ? MA_MIGRATE_UNMOVABLE : ma_gfp_migratetype (req->gfp);

  node = req->node >= 0 && (guint) req->node < m->n_nodes
           ? &m->nodes[req->node]
           : &m->nodes[m->cpu_node[m->current_cpu]];
  if (req->gfp & MA___GFP_THISNODE)
    {
      ac->zonelist = node->zonelist_thisnode;
      ac->zonelist_len = node->zonelist_thisnode_len;
    }
  else
    {
      ac->zonelist = node->zonelist;
      ac->zonelist_len = node->zonelist_len;
    }

  /* A click on a zone starts the walk there: entries above it on its node are skipped. */
  start_type = req->start_zone >= 0 ? MIN ((MaZoneType) req->start_zone, ac->highest_type)
                                    : ac->highest_type;
  for (ac->first = 0; ac->first < ac->zonelist_len; ac->first++)
    {
      MaZone *z = ac->zonelist[ac->first];

      if (z->type <= start_type && z->managed > 0)
        break;
    }
  if (ac->first == ac->zonelist_len)
    {
      if (result)
        result->no_zones = TRUE;
      return FALSE;
    }
  ac->preferred = ac->zonelist[ac->first];
  ac->nofragment = wants_nofragment (m, ac->preferred);

  /* Up to 5.7 the reserve index was the preferred zone's (classzone_idx); since 5.8 it is
   * gfp_zone()'s (highest_zoneidx), which may name a zone the node lacks. */
  if (m->kernel >= V (5, 8, 0))
    {
      ac->highest_zoneidx = 0;
      for (guint i = 0; i < node->n_zones; i++)
        if (node->zones[i].type <= ac->highest_type)
          ac->highest_zoneidx = i;
    }
  else
    ac->highest_zoneidx = ac->preferred->zone_idx;

  if (result)
    {
      result->highest_zone = ac->highest_type;
      result->highest_zoneidx = ac->highest_zoneidx;
      result->migratetype = ac->mt;
    }
  return TRUE;
}

/**
 * ma_machine_alloc:
 * @self: the machine
 * @request: what to allocate
 * @out_pfn: (out) (optional): the first page frame of the block
 * @result: (out caller-allocates) (optional): where the block came from, or why it failed
 *
 * Allocates 2^order pages as __alloc_pages() would, on the current CPU.
 *
 * Returns: TRUE when a block was allocated
 */
gboolean
ma_machine_alloc (MaMachine            *self,
                  const MaAllocRequest *request,
                  guint64              *out_pfn,
                  MaAllocResult        *result)
{
  AllocContext ac = { 0, };
  guint alloc_flags;
  guint64 pfn = 0;
  MaZone *zone = NULL;
  gboolean from_pcp = FALSE;
  guint owner = request->owner;
  MaEvent *e;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);

  if (result)
    {
      memset (result, 0, sizeof *result);
      result->order = request->order;
    }

  if (request->order > self->max_order)
    {
      if (result)
        result->order_too_large = TRUE;
      goto fail_early;
    }
  if (self->ctx_valid && self->ctx_gfp == request->gfp
      && self->ctx_node == (request->node >= 0 ? request->node
                                               : -1 - (gint) self->cpu_node[self->current_cpu])
      && self->ctx_start_zone == request->start_zone && result == NULL)
    ac = self->ctx;
  else if (prepare_context (self, request, result, &ac))
    {
      self->ctx = ac;
      self->ctx_gfp = request->gfp;
      self->ctx_node = request->node >= 0 ? request->node
                                          : -1 - (gint) self->cpu_node[self->current_cpu];
      self->ctx_start_zone = request->start_zone;
      self->ctx_valid = TRUE;
    }
  else
    goto fail_early;

  if (owner == 0 || owner >= self->owners->len)
    owner = (request->gfp & MA___GFP_MOVABLE) ? MA_OWNER_ANON
            : (request->gfp & MA___GFP_RECLAIMABLE) ? MA_OWNER_SLAB_RECLAIMABLE
            : MA_OWNER_KERNEL;

  /* Fast path: the low watermark. */
  alloc_flags = MA_ALLOC_WMARK_LOW | MA_ALLOC_CPUSET;
  if (request->gfp & MA___GFP_KSWAPD_RECLAIM)
    alloc_flags |= MA_ALLOC_KSWAPD;
  if (ma_gfp_migratetype (request->gfp) == MA_MIGRATE_MOVABLE)
    alloc_flags |= MA_ALLOC_CMA;
  if (ac.nofragment)
    alloc_flags |= MA_ALLOC_NOFRAGMENT;
  if (result)
    {
      result->pass = MA_ALLOC_PASS_FAST;
      result->alloc_flags = alloc_flags;
    }

  if (get_page_from_freelist (self, &ac, request->order, alloc_flags, result, &pfn, &zone,
                              &from_pcp))
    goto got_pg;

  /* Slow path: wake kswapd, then min with the request's reserve rights. */
  if (request->gfp & MA___GFP_KSWAPD_RECLAIM)
    {
      gboolean woke = wake_all_kswapds (self, &ac, request->order);

      if (result)
        result->woke_kswapd = woke;
    }
  alloc_flags = ma_gfp_to_alloc_flags (self->kernel, request->gfp, request->order);
  if (result)
    {
      result->pass = MA_ALLOC_PASS_SLOW;
      result->alloc_flags = alloc_flags;
    }
  if (get_page_from_freelist (self, &ac, request->order, alloc_flags, result, &pfn, &zone,
                              &from_pcp))
    goto got_pg;

  if ((request->gfp & MA___GFP_DIRECT_RECLAIM)
      && slow_path (self, &ac, request, alloc_flags, result, &pfn, &zone, &from_pcp))
    goto got_pg;

  ac.preferred->node->alloc_fail++;
fail_early:
  e = ma_event_ring_push (self->events, MA_EVENT_ALLOC_FAIL, 0, request->order);
  e->aux = request->gfp;
  return FALSE;

got_pg:
  mark_allocated (zone, pfn, request->order, owner, request->index);
  emit_alloc (zone, from_pcp ? MA_EVENT_PCP_ALLOC : MA_EVENT_ALLOC, pfn, request->order, owner,
              ac.mt);
  ma_zone_update_band (zone);

  /* A fallback that boosted the watermark wakes kswapd once the allocation is done. */
  if (zone->boosted_flag)
    {
      zone->boosted_flag = FALSE;
      wakeup_kswapd (zone, 0, zone->zone_idx);
    }

  if (out_pfn)
    *out_pfn = pfn;
  if (result)
    {
      result->success = TRUE;
      result->pfn = pfn;
      result->zone = zone;
      result->from_pcp = from_pcp;
    }
  return TRUE;
}

/* Frees the allocated block at head_pfn of the given order: order 0 to the CPU's list. The caller
 * has checked that it is one. */
void
ma_machine_free_block (MaMachine *self,
                       guint64    head_pfn,
                       guint      order)
{
  MaZone *zone = ma_machine_zone_of_pfn_internal (self, head_pfn);
  guint64 n = (guint64) 1 << order;
  const MaFrame *head = ma_zone_frame (zone, head_pfn);
  MaOwner *o = g_ptr_array_index (self->owners, ma_frame_owner (head));
  MaEvent *e;

  e = ma_event_ring_push (self->events, MA_EVENT_FREE, head_pfn, order);
  e->aux = ma_frame_owner (head);
  e->node = (guint8) zone->node->index;
  e->zone_idx = (guint8) zone->zone_idx;

  zone->used_by_kind[o->kind] -= n;
  o->pages -= n;
  zone->pgfree += n;

  for (guint64 i = 0; i < n; i++)
    ma_frame_write (zone, head_pfn + i, 0, 0);

  if (order == 0)
    ma_pcp_free (zone, self->current_cpu, head_pfn);
  else
    ma_buddy_free_one (zone, head_pfn, order, ma_pageblock_mt (zone, head_pfn), FALSE);
  ma_zone_update_band (zone);
}

/**
 * ma_machine_free:
 * @self: the machine
 * @pfn: any frame of an allocated block
 * @error: where a bad request is reported
 *
 * Frees the allocated block holding @pfn, as free_pages() on its head would.
 */
gboolean
ma_machine_free (MaMachine  *self,
                 guint64     pfn,
                 GError    **error)
{
  guint64 head;
  guint order;
  MaFrameState state;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);

  if (!ma_machine_find_block (self, pfn, &head, &order, &state))
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("Page frame %" PRIu64 " is not in any zone"), pfn);
      return FALSE;
    }
  if (state == MA_FRAME_IN_USE)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NOT_ALLOCATED,
                   _("Page frame %" PRIu64 " is in use on the real machine, but the "
                     "snapshot does not say which block it belongs to, so it cannot be freed"), pfn);
      return FALSE;
    }
  if (state != MA_FRAME_ALLOC_HEAD)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NOT_ALLOCATED,
                   _("Page frame %" PRIu64 " is not allocated (it is %s)"), pfn,
                   ma_frame_state_name (state));
      return FALSE;
    }
  {
    MaZone *zone = ma_machine_zone_of_pfn_internal (self, head);
    const MaFrame *f = ma_zone_frame (zone, head);
    guint owner = ma_frame_owner (f);
    GArray *map = owner < self->owner_maps->len ? g_ptr_array_index (self->owner_maps, owner)
                                                : NULL;

    /* Pages a process, a file or a slab cache holds (its page map points at them) go back
     * through it, never by hand. A block allocated by hand under the same default owner (slab
     * reclaimable) is not in the map and may go. */
    if (map != NULL && ma_frame_index (f) < map->len
        && g_array_index (map, guint64, ma_frame_index (f)) == head)
      {
        const MaOwner *o = ma_machine_get_owner (self, owner);

        g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NOT_ALLOCATED,
                     _("Page frame %" PRIu64 " belongs to %s: its memory comes back when "
                       "the process exits or when reclaim takes it"), pfn, o->name);
        return FALSE;
      }
  }
  /* free_pages() of a page someone still uses through a kmap would leave them a dangling address */
  if (!ma_highmem_check_free (self, head, order, error))
    return FALSE;
  ma_machine_free_block (self, head, order);
  return TRUE;
}

/* Drains every CPU's lists in every zone (drain_all_pages). Returns the pages returned. */
guint
ma_machine_drain_pcp (MaMachine *self)
{
  guint n = 0;

  for (guint i = 0; i < self->n_nodes; i++)
    for (guint z = 0; z < self->nodes[i].n_zones; z++)
      {
        MaZone *zone = &self->nodes[i].zones[z];

        if (zone->managed == 0)
          continue;
        for (guint cpu = 0; cpu < self->n_cpus; cpu++)
          if (zone->pcp[cpu].count > 0)
            n += ma_pcp_drain_zone (zone, cpu);
        ma_zone_update_band (zone);
      }
  return n;
}

/**
 * ma_machine_would_pass:
 *
 * Whether a request of this order and GFP, starting at this zone, would pass the zone's check
 * on the fast path (at low) right now, and what the check saw. Changes nothing.
 */
gboolean
ma_machine_would_pass (MaMachine     *self,
                       MaZone        *zone,
                       MaGfp          gfp,
                       guint          order,
                       MaZoneAttempt *out_attempt)
{
  MaAllocRequest req = { .gfp = gfp, .order = order, .node = (gint) zone->node->index,
                         .start_zone = zone->type };
  AllocContext ac;
  guint alloc_flags = MA_ALLOC_WMARK_LOW | MA_ALLOC_CPUSET;
  MaZoneAttempt attempt = { 0, };
  MaZoneCheck check;

  if (order > self->max_order || !prepare_context (self, &req, NULL, &ac) || zone->managed == 0
      || zone->type > ac.highest_type)
    {
      if (out_attempt)
        memset (out_attempt, 0, sizeof *out_attempt);
      return FALSE;
    }
  if (ma_gfp_migratetype (gfp) == MA_MIGRATE_MOVABLE)
    alloc_flags |= MA_ALLOC_CMA;
  check = watermark_fast (zone, order, MA_WMARK_LOW, ac.highest_zoneidx, alloc_flags, &attempt);
  attempt.check = check;
  if (out_attempt)
    *out_attempt = attempt;
  return check == MA_ZONE_CHECK_PASSED;
}

/**
 * ma_machine_zone_check:
 * @mark: the watermark to check against
 * @with_reserves: apply the reserve rights of the slow path (gfp_to_alloc_flags()), as the
 *   allocator does at min; otherwise the fast path's flags
 *
 * The zone's __zone_watermark_ok() for a request starting at that zone, as the allocator would
 * run it now. Changes nothing.
 */
gboolean
ma_machine_zone_check (MaMachine     *self,
                       MaZone        *zone,
                       MaGfp          gfp,
                       guint          order,
                       MaWatermark    mark,
                       gboolean       with_reserves,
                       MaZoneAttempt *out_attempt)
{
  MaAllocRequest req = { .gfp = gfp, .order = order, .node = (gint) zone->node->index,
                         .start_zone = zone->type };
  AllocContext ac;
  guint alloc_flags;
  MaZoneAttempt attempt = { 0, };

  if (order > self->max_order || !prepare_context (self, &req, NULL, &ac) || zone->managed == 0
      || zone->type > ac.highest_type)
    return FALSE;
  alloc_flags = with_reserves ? ma_gfp_to_alloc_flags (self->kernel, gfp, order)
                              : MA_ALLOC_CPUSET | (ma_gfp_migratetype (gfp) == MA_MIGRATE_MOVABLE
                                                   ? MA_ALLOC_CMA : 0);
  alloc_flags = (alloc_flags & ~MA_ALLOC_WMARK_MASK) | mark;
  attempt.check = watermark_fast (zone, order, mark, ac.highest_zoneidx, alloc_flags, &attempt);
  if (out_attempt)
    *out_attempt = attempt;
  return attempt.check == MA_ZONE_CHECK_PASSED;
}

static void
explain_attempt (GString             *s,
                 const MaZoneAttempt *a,
                 guint                order)
{
  const char *zname = ma_zone_type_name (a->zone->type);
  guint node = a->zone->node->id;

  switch (a->check)
    {
    case MA_ZONE_CHECK_PASSED:
      g_string_append_printf (s, _("Node %u %s: passed the %s watermark check"), node, zname,
                              ma_watermark_name (a->mark));
      break;
    case MA_ZONE_CHECK_WATERMARK:
      g_string_append_printf (s, _("Node %u %s: %" PRId64 " usable free pages are not above "
                                   "the %s watermark (%" PRIu64 " pages, %"
                                   PRIu64 " after reserve rights) plus protection %"
                                   PRIu64),
                              node, zname, a->usable_pages, ma_watermark_name (a->mark),
                              a->mark_pages, a->threshold, a->protection);
      break;
    case MA_ZONE_CHECK_NO_BLOCK:
      g_string_append_printf (s, _("Node %u %s: enough free pages for the %s watermark, but no free "
                                   "block of order %u or larger on a list this request may use"),
                              node, zname, ma_watermark_name (a->mark), order);
      break;
    case MA_ZONE_CHECK_LISTS_EMPTY:
      g_string_append_printf (s, _("Node %u %s: passed the %s watermark check, but the free lists "
                                   "held no block this request may take"), node, zname,
                              ma_watermark_name (a->mark));
      break;
    case MA_ZONE_CHECK_NOFRAGMENT:
      g_string_append_printf (s, _("Node %u %s: only blocks that would fragment a pageblock"),
                              node, zname);
      break;
    default:
      break;
    }
}

/**
 * ma_alloc_result_explain:
 *
 * Returns: (transfer full): what happened, in words: where the block came from, or exactly why
 *   no zone could serve the request
 */
char *
ma_alloc_result_explain (const MaAllocResult *result)
{
  GString *s = g_string_new (NULL);

  if (result->success)
    {
      g_string_append_printf (s, _("Allocated order %u at pfn %" PRIu64 " in node %u "
                                   "%s%s"),
                              result->order, result->pfn, result->zone->node->id,
                              ma_zone_type_name (result->zone->type),
                              result->from_pcp ? _(" (from the per-CPU list)") : "");
      if (result->reclaimed > 0)
        g_string_append_printf (s, _(" after direct reclaim freed %" PRIu64 " pages"),
                                result->reclaimed);
      if (result->oom_victim > 0)
        g_string_append_printf (s, _(" after the OOM killer killed pid %d"), result->oom_victim);
      return g_string_free (s, FALSE);
    }
  if (result->order_too_large)
    {
      g_string_append_printf (s, _("Order %u is larger than this machine's largest order"),
                              result->order);
      return g_string_free (s, FALSE);
    }
  if (result->bad_gfp)
    {
      g_string_append (s, _("The GFP flags name more than one of __GFP_DMA, __GFP_DMA32 and "
                            "__GFP_HIGHMEM, which the kernel rejects (GFP_ZONE_BAD)"));
      return g_string_free (s, FALSE);
    }
  if (result->no_zones)
    {
      g_string_append (s, _("No zone in the zonelist may serve this request"));
      return g_string_free (s, FALSE);
    }

  g_string_append_printf (s, _("Order %u failed in every zone of the zonelist (%s pass):"),
                          result->order,
                          result->pass == MA_ALLOC_PASS_FAST ? _("fast") : _("slow"));
  for (guint i = 0; i < result->n_attempts; i++)
    {
      g_string_append (s, "\n• ");
      explain_attempt (s, &result->attempts[i], result->order);
    }
  if (result->woke_kswapd)
    g_string_append (s, _("\nkswapd was woken."));
  if (result->reclaim_rounds > 0)
    g_string_append_printf (s, _("\nDirect reclaim ran %u times and freed %" PRIu64
                                 " pages."), result->reclaim_rounds, result->reclaimed);
  if (result->compactions > 0)
    g_string_append_printf (s, _("\nDirect compaction ran %u times."), result->compactions);
  if (result->oom_victim > 0)
    g_string_append_printf (s, _("\nThe OOM killer killed pid %d."), result->oom_victim);
  if (result->no_oom_victim)
    g_string_append (s, _("\nThe OOM killer found no process it may kill."));
  return g_string_free (s, FALSE);
}
