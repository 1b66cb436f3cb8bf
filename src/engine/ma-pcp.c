/* ma-pcp.c: per-CPU page lists (struct per_cpu_pages), order 0
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order-0 pages are handed out from and freed to a list per CPU and migratetype, refilled from
 * the buddy lists `batch` pages at a time and drained back when a list set reaches `high`.
 * Pages on these lists are free to the kernel but not counted in NR_FREE_PAGES, which is why the
 * zone's free count jumps by a batch at a time. The engine keeps order-0 lists only (kernels
 * since 5.13 also cache orders 1 to 3 and the THP order).
 *
 * A pcp frame stores its CPU in the owner field, the list it is on in index bits 0-1 and the
 * migratetype its page will be returned to the buddy lists with in index bits 2-4 (the 4.x
 * "pcppage migratetype"; kernels from 5.14 read the pageblock type again at drain time).
 */
#define G_LOG_DOMAIN "ma-pcp"

#include "config.h"

#include "ma-machine-private.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

static inline void
pcp_frame_write (MaZone        *zone,
                 guint64        pfn,
                 guint          cpu,
                 MaMigrateType  list,
                 MaMigrateType  return_mt)
{
  ma_frame_write (zone, pfn, ma_frame_pack_word0 (MA_FRAME_PCP, 0, 0, 0, 0, 0),
                  ma_frame_pack_word1 (cpu, list | (return_mt << 2)));
}

static inline MaMigrateType
pcp_frame_return_mt (const MaFrame *f)
{
  return (MaMigrateType) ((ma_frame_index (f) >> 2) & 0x7);
}

static void
pcp_link_tail (MaZone  *zone,
               MaPcp   *pcp,
               guint    list,
               guint64  pfn)
{
  guint32 link = ma_zone_link_of (zone, pfn);

  ma_frame_set_links (zone, pfn, MA_LINK_NONE, pcp->tail[list]);
  if (pcp->tail[list] != MA_LINK_NONE)
    {
      guint64 tail_pfn = ma_zone_pfn_of_link (zone, pcp->tail[list]);
      const MaFrame *t = ma_zone_frame (zone, tail_pfn);

      ma_frame_set_links (zone, tail_pfn, link, t->prev);
    }
  else
    pcp->head[list] = link;
  pcp->tail[list] = link;
  pcp->len[list]++;
  pcp->count++;
}

static void
pcp_link_head (MaZone  *zone,
               MaPcp   *pcp,
               guint    list,
               guint64  pfn)
{
  guint32 link = ma_zone_link_of (zone, pfn);

  ma_frame_set_links (zone, pfn, pcp->head[list], MA_LINK_NONE);
  if (pcp->head[list] != MA_LINK_NONE)
    {
      guint64 head_pfn = ma_zone_pfn_of_link (zone, pcp->head[list]);
      const MaFrame *h = ma_zone_frame (zone, head_pfn);

      ma_frame_set_links (zone, head_pfn, h->next, link);
    }
  else
    pcp->tail[list] = link;
  pcp->head[list] = link;
  pcp->len[list]++;
  pcp->count++;
}

/* Unlinks the first (from_tail FALSE) or last page of a list and returns its pfn. */
static guint64
pcp_unlink_end (MaZone   *zone,
                MaPcp    *pcp,
                guint     list,
                gboolean  from_tail)
{
  guint32 link = from_tail ? pcp->tail[list] : pcp->head[list];
  guint64 pfn = ma_zone_pfn_of_link (zone, link);
  const MaFrame *f = ma_zone_frame (zone, pfn);

  if (from_tail)
    {
      pcp->tail[list] = f->prev;
      if (f->prev != MA_LINK_NONE)
        {
          guint64 p = ma_zone_pfn_of_link (zone, f->prev);
          ma_frame_set_links (zone, p, MA_LINK_NONE, ma_zone_frame (zone, p)->prev);
        }
      else
        pcp->head[list] = MA_LINK_NONE;
    }
  else
    {
      pcp->head[list] = f->next;
      if (f->next != MA_LINK_NONE)
        {
          guint64 n = ma_zone_pfn_of_link (zone, f->next);
          ma_frame_set_links (zone, n, ma_zone_frame (zone, n)->next, MA_LINK_NONE);
        }
      else
        pcp->tail[list] = MA_LINK_NONE;
    }
  ma_frame_set_links (zone, pfn, MA_LINK_NONE, MA_LINK_NONE);
  pcp->len[list]--;
  pcp->count--;
  return pfn;
}

static void
emit_pcp (MaZone      *zone,
          MaEventType  type,
          guint64      pfn,
          guint        cpu,
          guint        mt)
{
  MaEvent *e = ma_event_ring_push (zone->node->machine->events, type, pfn, 0);

  e->aux = cpu;
  e->node = (guint8) zone->node->index;
  e->zone_idx = (guint8) zone->zone_idx;
  e->mt = (guint8) mt;
}

/* rmqueue_bulk(): up to `batch` pages from the buddy lists onto the tail of the pcp list. */
static guint
pcp_refill (MaZone        *zone,
            guint          cpu,
            MaMigrateType  mt,
            guint          alloc_flags)
{
  MaPcp *pcp = &zone->pcp[cpu];
  guint n = 0;

  for (; n < zone->pcp_batch; n++)
    {
      guint64 pfn;

      if (!ma_buddy_rmqueue (zone, 0, mt, alloc_flags, &pfn))
        break;
      pcp_frame_write (zone, pfn, cpu, mt, ma_pageblock_mt (zone, pfn));
      pcp_link_tail (zone, pcp, mt, pfn);
      emit_pcp (zone, MA_EVENT_PCP_REFILL, pfn, cpu, mt);
    }
  return n;
}

/* __rmqueue_pcplist(): the first page of the list, refilling it when empty. The page's frame is
 * left in the PCP state for the caller to mark allocated. */
gboolean
ma_pcp_alloc (MaZone        *zone,
              guint          cpu,
              MaMigrateType  mt,
              guint          alloc_flags,
              guint64       *out_pfn)
{
  MaPcp *pcp = &zone->pcp[cpu];

  g_assert (mt < MA_MIGRATE_PCPTYPES);

  if (pcp->head[mt] == MA_LINK_NONE && pcp_refill (zone, cpu, mt, alloc_flags) == 0)
    return FALSE;
  *out_pfn = pcp_unlink_end (zone, pcp, mt, FALSE);
  return TRUE;
}

/* free_pcppages_bulk(): `count` pages back to the buddy lists, round-robin over the lists,
 * from their tails (the coldest pages). */
static guint
pcp_free_bulk (MaZone *zone,
               guint   cpu,
               guint   count)
{
  MaMachine *m = zone->node->machine;
  MaPcp *pcp = &zone->pcp[cpu];
  guint list = 0, batch_free = 0, freed = 0;

  count = MIN (count, pcp->count);
  while (count > 0)
    {
      do
        {
          batch_free++;
          if (++list == MA_MIGRATE_PCPTYPES)
            list = 0;
        }
      while (pcp->head[list] == MA_LINK_NONE);

      /* The only non-empty list: free from it only. */
      if (batch_free == MA_MIGRATE_PCPTYPES)
        batch_free = count;

      do
        {
          guint64 pfn = pcp_unlink_end (zone, pcp, list, TRUE);
          MaMigrateType mt = m->kernel >= V (5, 14, 0)
                               ? ma_pageblock_mt (zone, pfn)
                               : pcp_frame_return_mt (ma_zone_frame (zone, pfn));

          ma_frame_write (zone, pfn, 0, 0);
          emit_pcp (zone, MA_EVENT_PCP_DRAIN, pfn, cpu, mt);
          ma_buddy_free_one (zone, pfn, 0, mt, FALSE);
          freed++;
        }
      while (--count > 0 && --batch_free > 0 && pcp->head[list] != MA_LINK_NONE);
    }
  return freed;
}

/* free_unref_page_commit(): the page joins the head of its list; a full set drains a batch. */
void
ma_pcp_free (MaZone  *zone,
             guint    cpu,
             guint64  pfn)
{
  MaPcp *pcp = &zone->pcp[cpu];
  MaMigrateType block_mt = ma_pageblock_mt (zone, pfn);
  MaMigrateType list = block_mt;

  if (block_mt >= MA_MIGRATE_PCPTYPES)
    {
      /* Isolated pageblocks bypass the lists; highatomic and CMA pages ride the movable list. */
      if (block_mt == MA_MIGRATE_ISOLATE)
        {
          ma_frame_write (zone, pfn, 0, 0);
          ma_buddy_free_one (zone, pfn, 0, block_mt, FALSE);
          return;
        }
      list = MA_MIGRATE_MOVABLE;
    }

  pcp_frame_write (zone, pfn, cpu, list, block_mt);
  pcp_link_head (zone, pcp, list, pfn);
  emit_pcp (zone, MA_EVENT_PCP_FREE, pfn, cpu, list);

  if (pcp->count >= zone->pcp_high)
    pcp_free_bulk (zone, cpu, zone->pcp_batch);
}

/* drain_pages_zone(): everything on this CPU's lists back to the buddy lists. */
guint
ma_pcp_drain_zone (MaZone *zone,
                   guint   cpu)
{
  return pcp_free_bulk (zone, cpu, zone->pcp[cpu].count);
}
