/* ma-buddy.c: free lists, split and merge, migratetype fallback (the zone->lock part of
 * mm/page_alloc.c)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Free blocks are doubly linked through their head frames (node-relative indices), one list
 * per (order, migratetype) as in struct free_area. A free block's tails are never touched by
 * list operations, so a split or a merge writes O(1) frames per order it crosses.
 *
 * Version switches follow ../shared/KERNEL.md §4: the fallback is the claim/steal split of 6.15
 * or the single __rmqueue_fallback() before it (with watermark boosting and ALLOC_NOFRAGMENT
 * from 5.0); merging refuses to join non-mergeable pageblock types from 5.18 and retags the
 * absorbed buddy from 6.9; free-list moves go to the tail from 6.9.
 */
#define G_LOG_DOMAIN "ma-buddy"

#include "config.h"

#include "ma-machine-private.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

/* fallbacks[] of mm/page_alloc.c. */
static const MaMigrateType fallbacks[MA_MIGRATE_PCPTYPES][2] = {
  [MA_MIGRATE_UNMOVABLE]   = { MA_MIGRATE_RECLAIMABLE, MA_MIGRATE_MOVABLE },
  [MA_MIGRATE_MOVABLE]     = { MA_MIGRATE_RECLAIMABLE, MA_MIGRATE_UNMOVABLE },
  [MA_MIGRATE_RECLAIMABLE] = { MA_MIGRATE_UNMOVABLE, MA_MIGRATE_MOVABLE },
};

static inline void
set_next (MaZone  *zone,
          guint32  link,
          guint32  next)
{
  guint64 pfn = ma_zone_pfn_of_link (zone, link);
  MaFrame *f = ma_zone_frame (zone, pfn);

  if (G_UNLIKELY (zone->node->machine->journal != NULL))
    ma_journal_record_frame (zone->node->machine->journal, zone->node, pfn);
  f->next = next;
}

static inline void
set_prev (MaZone  *zone,
          guint32  link,
          guint32  prev)
{
  guint64 pfn = ma_zone_pfn_of_link (zone, link);
  MaFrame *f = ma_zone_frame (zone, pfn);

  if (G_UNLIKELY (zone->node->machine->journal != NULL))
    ma_journal_record_frame (zone->node->machine->journal, zone->node, pfn);
  f->prev = prev;
}

/* __add_to_free_list(): marks pfn as a free head of the order on mt's list. */
static void
list_add (MaZone        *zone,
          guint64        pfn,
          guint          order,
          MaMigrateType  mt,
          gboolean       to_tail)
{
  MaFreeList *fl = &zone->free_list[order][mt];
  guint32 link = ma_zone_link_of (zone, pfn);

  ma_frame_write (zone, pfn, ma_frame_pack_word0 (MA_FRAME_FREE_HEAD, order, 0, 0, 0, 0),
                  ma_frame_pack_word1 (mt, 0));
  if (to_tail)
    {
      ma_frame_set_links (zone, pfn, MA_LINK_NONE, fl->tail);
      if (fl->tail != MA_LINK_NONE)
        set_next (zone, fl->tail, link);
      else
        fl->head = link;
      fl->tail = link;
    }
  else
    {
      ma_frame_set_links (zone, pfn, fl->head, MA_LINK_NONE);
      if (fl->head != MA_LINK_NONE)
        set_prev (zone, fl->head, link);
      else
        fl->tail = link;
      fl->head = link;
    }
  fl->len++;
  zone->nr_free[order]++;
  zone->nr_free_by_mt[mt] += (guint64) 1 << order;
  zone->nr_free_pages += (gint64) 1 << order;
}

void
ma_buddy_list_add (MaZone        *zone,
                   guint64        pfn,
                   guint          order,
                   MaMigrateType  mt,
                   gboolean       to_tail)
{
  /* The implicit boot blocks are the list's tail: a block added behind them makes them real. */
  if (G_UNLIKELY (to_tail && zone->virgin_blocks > 0 && mt == MA_MIGRATE_MOVABLE
                  && order == zone->node->machine->max_order))
    ma_buddy_materialize_virgin (zone);
  list_add (zone, pfn, order, mt, to_tail);
}

/* __del_page_from_free_list(): unlinks the free head; the caller rewrites its state. */
void
ma_buddy_list_del (MaZone        *zone,
                   guint64        pfn,
                   guint          order,
                   MaMigrateType  mt)
{
  MaFreeList *fl = &zone->free_list[order][mt];
  MaFrame *f = ma_zone_frame (zone, pfn);
  guint32 next = f->next, prev = f->prev;

  g_assert (ma_frame_state (f) == MA_FRAME_FREE_HEAD && ma_frame_order (f) == order);

  if (prev != MA_LINK_NONE)
    set_next (zone, prev, next);
  else
    fl->head = next;
  if (next != MA_LINK_NONE)
    set_prev (zone, next, prev);
  else
    fl->tail = prev;
  ma_frame_set_links (zone, pfn, MA_LINK_NONE, MA_LINK_NONE);
  fl->len--;
  zone->nr_free[order]--;
  zone->nr_free_by_mt[mt] -= (guint64) 1 << order;
  zone->nr_free_pages -= (gint64) 1 << order;
}

/* A free head's block stops being free: its frame becomes a free tail until the caller
 * decides what it is. Keeps the invariant that every frame inside a free block is FREE_*. */
static inline void
mark_tail (MaZone  *zone,
           guint64  pfn)
{
  ma_frame_write (zone, pfn, 0, 0);
}

static inline MaMigrateType
head_list_mt (MaZone  *zone,
              guint64  pfn)
{
  return (MaMigrateType) ma_frame_owner (ma_zone_frame (zone, pfn));
}

/* Boot: one more max-order block at the tail of the MOVABLE list, kept implicit when it
 * extends the last run or a run is free; otherwise written out like any other block. */
void
ma_buddy_add_virgin (MaZone  *zone,
                     guint64  pfn)
{
  MaMachine *m = zone->node->machine;
  MaFreeList *fl = &zone->free_list[m->max_order][MA_MIGRATE_MOVABLE];
  guint64 size = (guint64) 1 << m->max_order;
  MaVirginRun *last = zone->n_virgin > 0 ? &zone->virgin[zone->n_virgin - 1] : NULL;

  if (last != NULL && last->start + last->n_blocks * size == pfn)
    last->n_blocks++;
  else if (zone->n_virgin < MA_VIRGIN_RUNS)
    {
      zone->virgin[zone->n_virgin].start = pfn;
      zone->virgin[zone->n_virgin].n_blocks = 1;
      zone->n_virgin++;
    }
  else
    {
      ma_buddy_list_add (zone, pfn, m->max_order, MA_MIGRATE_MOVABLE, TRUE);
      return;
    }
  zone->virgin_blocks++;
  fl->len++;
  zone->nr_free[m->max_order]++;
  zone->nr_free_by_mt[MA_MIGRATE_MOVABLE] += size;
  zone->nr_free_pages += (gint64) size;
}

/* Whether pfn lies in an implicit boot block, and that block's first frame. */
gboolean
ma_zone_virgin_block (MaZone  *zone,
                      guint64  pfn,
                      guint64 *out_head)
{
  guint shift = zone->node->machine->max_order;

  for (guint i = 0; i < zone->n_virgin; i++)
    {
      const MaVirginRun *r = &zone->virgin[i];

      if (pfn >= r->start && pfn < r->start + (r->n_blocks << shift))
        {
          if (out_head)
            *out_head = pfn & ~(((guint64) 1 << shift) - 1);
          return TRUE;
        }
    }
  return FALSE;
}

/* Takes the first implicit block off the list; its frames are already free tails. */
static guint64
virgin_pop (MaZone *zone)
{
  MaMachine *m = zone->node->machine;
  MaFreeList *fl = &zone->free_list[m->max_order][MA_MIGRATE_MOVABLE];
  guint64 size = (guint64) 1 << m->max_order;
  guint64 pfn = zone->virgin[0].start;

  zone->virgin[0].start += size;
  if (--zone->virgin[0].n_blocks == 0)
    {
      memmove (&zone->virgin[0], &zone->virgin[1], sizeof (MaVirginRun) * (zone->n_virgin - 1));
      zone->n_virgin--;
    }
  zone->virgin_blocks--;
  fl->len--;
  zone->nr_free[m->max_order]--;
  zone->nr_free_by_mt[MA_MIGRATE_MOVABLE] -= size;
  zone->nr_free_pages -= (gint64) size;
  return pfn;
}

/* Writes every implicit block out as an ordinary list entry, keeping the list's order. */
void
ma_buddy_materialize_virgin (MaZone *zone)
{
  MaMachine *m = zone->node->machine;

  while (zone->virgin_blocks > 0)
    list_add (zone, virgin_pop (zone), m->max_order, MA_MIGRATE_MOVABLE, TRUE);
}

/* expand(): splits a block of order high at pfn down to order low, putting the upper halves on
 * mt's lists. */
static void
expand (MaZone        *zone,
        guint64        pfn,
        guint          low,
        guint          high,
        MaMigrateType  mt)
{
  MaEvent *e;

  if (high == low)
    return;
  e = ma_event_ring_push (zone->node->machine->events, MA_EVENT_SPLIT, pfn, high);
  e->aux = low;
  e->node = (guint8) zone->node->index;
  e->zone_idx = (guint8) zone->zone_idx;
  e->mt = (guint8) mt;

  while (high > low)
    {
      high--;
      ma_buddy_list_add (zone, pfn + ((guint64) 1 << high), high, mt, FALSE);
    }
}

/* Takes the first block of list (k, mt) and splits it to the requested order. */
/* The first block of list (k, mt), which must not be empty. An implicit boot block there is
 * written out first, since the caller is about to use it. */
static inline guint64
list_first (MaZone        *zone,
            guint          k,
            MaMigrateType  mt)
{
  const MaFreeList *fl = &zone->free_list[k][mt];

  if (G_UNLIKELY (fl->head == MA_LINK_NONE))
    {
      g_assert (zone->virgin_blocks > 0 && mt == MA_MIGRATE_MOVABLE);
      list_add (zone, virgin_pop (zone), k, mt, FALSE);
    }
  return ma_zone_pfn_of_link (zone, fl->head);
}

/* Takes the first block off list (k, mt); its frames are left as free tails. */
static guint64
list_pop_first (MaZone        *zone,
                guint          k,
                MaMigrateType  mt)
{
  const MaFreeList *fl = &zone->free_list[k][mt];
  guint64 pfn;

  if (G_UNLIKELY (fl->head == MA_LINK_NONE))
    return virgin_pop (zone);
  pfn = ma_zone_pfn_of_link (zone, fl->head);
  ma_buddy_list_del (zone, pfn, k, mt);
  mark_tail (zone, pfn);
  return pfn;
}

static guint64
take_and_expand (MaZone        *zone,
                 guint          order,
                 guint          k,
                 MaMigrateType  list_mt,
                 MaMigrateType  expand_mt)
{
  guint64 pfn = list_pop_first (zone, k, list_mt);

  expand (zone, pfn, order, k, expand_mt);
  return pfn;
}

/* __rmqueue_smallest(). */
static gboolean
rmqueue_smallest (MaZone        *zone,
                  guint          order,
                  MaMigrateType  mt,
                  guint64       *out_pfn)
{
  guint max_order = zone->node->machine->max_order;

  for (guint k = order; k <= max_order; k++)
    {
      if (zone->free_list[k][mt].len == 0)
        continue;
      *out_pfn = take_and_expand (zone, order, k, mt, mt);
      return TRUE;
    }
  return FALSE;
}

static int
find_fallback_mt (MaZone        *zone,
                  guint          order,
                  MaMigrateType  start_mt)
{
  if (zone->nr_free[order] == 0 || start_mt >= MA_MIGRATE_PCPTYPES)
    return -1;
  for (guint i = 0; i < 2; i++)
    {
      MaMigrateType fmt = fallbacks[start_mt][i];

      if (zone->free_list[order][fmt].len > 0)
        return fmt;
    }
  return -1;
}

/* should_try_claim_block() / can_steal_fallback(). */
static gboolean
can_claim (MaMachine     *m,
           guint          order,
           MaMigrateType  start_mt)
{
  if (order >= m->pageblock_order)
    return TRUE;
  if (order >= m->pageblock_order / 2 || start_mt == MA_MIGRATE_RECLAIMABLE
      || start_mt == MA_MIGRATE_UNMOVABLE || m->mobility_disabled)
    return TRUE;
  return FALSE;
}

static void
change_pageblock_range (MaZone        *zone,
                        guint64        pfn,
                        guint          order,
                        MaMigrateType  mt)
{
  MaMachine *m = zone->node->machine;
  guint64 end = pfn + ((guint64) 1 << order);
  guint64 first = pfn & ~((guint64) m->pageblock_nr_pages - 1);

  for (guint64 p = first; p < end; p += m->pageblock_nr_pages)
    ma_pageblock_write (zone, p, mt);
}

/* boost_watermark(). Returns TRUE when the zone's boost grew or was already at its ceiling. */
static gboolean
boost_watermark (MaZone *zone)
{
  MaMachine *m = zone->node->machine;
  guint64 max_boost, old = zone->watermark_boost;
  MaEvent *e;

  if (m->watermark_boost_factor == 0)
    return FALSE;
  if ((guint64) m->pageblock_nr_pages * 4 > zone->managed)
    return FALSE;
  max_boost = ma_rules_max_watermark_boost (zone->wmark[MA_WMARK_HIGH], m->watermark_boost_factor,
                                            m->pageblock_nr_pages);
  if (max_boost == 0)
    return FALSE;
  zone->watermark_boost = MIN (zone->watermark_boost + m->pageblock_nr_pages, max_boost);
  if (zone->watermark_boost != old)
    {
      e = ma_event_ring_push (m->events, MA_EVENT_BOOST, zone->start_pfn, 0);
      e->aux = (guint32) MIN (zone->watermark_boost, G_MAXUINT32);
      e->node = (guint8) zone->node->index;
      e->zone_idx = (guint8) zone->zone_idx;
      ma_zone_update_band (zone);
    }
  return TRUE;
}

/*
 * Counts the free and the movable pages of the pageblock holding pfn (prep_move_freepages_block
 * and move_freepages). Returns FALSE when the pageblock straddles the zone's edge.
 */
static gboolean
pageblock_census (MaZone  *zone,
                  guint64  pfn,
                  guint64 *out_start,
                  guint64 *out_free,
                  guint64 *out_movable)
{
  MaMachine *m = zone->node->machine;
  guint64 start = pfn & ~((guint64) m->pageblock_nr_pages - 1);
  guint64 end = start + m->pageblock_nr_pages;
  guint64 free = 0, movable = 0;

  if (start < zone->start_pfn || end > zone->end_pfn)
    return FALSE;
  for (guint64 p = start; p < end;)
    {
      const MaFrame *f = ma_zone_frame (zone, p);

      if (ma_frame_state (f) == MA_FRAME_FREE_HEAD)
        {
          free += (guint64) 1 << ma_frame_order (f);
          p += (guint64) 1 << ma_frame_order (f);
          continue;
        }
      if (ma_frame_flags (f) & MA_PG_LRU)
        movable++;
      p++;
    }
  *out_start = start;
  *out_free = free;
  *out_movable = movable;
  return TRUE;
}

/* move_freepages_block(): every free block in the pageblock goes to new_mt's list. */
static guint64
move_freepages_block (MaZone        *zone,
                      guint64        start,
                      MaMigrateType  new_mt)
{
  MaMachine *m = zone->node->machine;
  guint64 end = start + m->pageblock_nr_pages, moved = 0;
  gboolean to_tail = m->kernel >= V (6, 9, 0);

  for (guint64 p = start; p < end;)
    {
      const MaFrame *f = ma_zone_frame (zone, p);
      guint order;
      MaMigrateType old;

      if (ma_frame_state (f) != MA_FRAME_FREE_HEAD)
        {
          p++;
          continue;
        }
      order = ma_frame_order (f);
      old = head_list_mt (zone, p);
      if (old != new_mt)
        {
          ma_buddy_list_del (zone, p, order, old);
          ma_buddy_list_add (zone, p, order, new_mt, to_tail);
        }
      moved += (guint64) 1 << order;
      p += (guint64) 1 << order;
    }
  return moved;
}

static void
emit_claim (MaZone        *zone,
            guint64        pfn,
            guint          order,
            MaMigrateType  to,
            MaMigrateType  from)
{
  MaEvent *e = ma_event_ring_push (zone->node->machine->events, MA_EVENT_CLAIM, pfn, order);

  e->node = (guint8) zone->node->index;
  e->zone_idx = (guint8) zone->zone_idx;
  e->mt = (guint8) to;
  e->mt2 = (guint8) from;
}

static void
emit_steal (MaZone        *zone,
            guint64        pfn,
            guint          order,
            guint          fallback_order,
            MaMigrateType  start_mt,
            MaMigrateType  fallback_mt)
{
  MaEvent *e = ma_event_ring_push (zone->node->machine->events, MA_EVENT_STEAL, pfn, order);

  e->aux = fallback_order;
  e->node = (guint8) zone->node->index;
  e->zone_idx = (guint8) zone->zone_idx;
  e->mt = (guint8) start_mt;
  e->mt2 = (guint8) fallback_mt;
}

/* try_to_claim_block() (6.15). */
static gboolean
try_to_claim_block (MaZone        *zone,
                    guint64        pfn,
                    guint          current_order,
                    guint          order,
                    MaMigrateType  start_mt,
                    MaMigrateType  block_mt,
                    guint          alloc_flags,
                    guint64       *out_pfn)
{
  MaMachine *m = zone->node->machine;
  guint64 start, free, movable, alike;

  if (block_mt == MA_MIGRATE_HIGHATOMIC)
    return FALSE;

  if (current_order >= m->pageblock_order)
    {
      ma_buddy_list_del (zone, pfn, current_order, block_mt);
      mark_tail (zone, pfn);
      change_pageblock_range (zone, pfn, current_order, start_mt);
      emit_claim (zone, pfn, current_order, start_mt, block_mt);
      expand (zone, pfn, order, current_order, start_mt);
      *out_pfn = pfn;
      return TRUE;
    }

  if (!pageblock_census (zone, pfn, &start, &free, &movable))
    return FALSE;

  if (boost_watermark (zone) && (alloc_flags & MA_ALLOC_KSWAPD))
    zone->boosted_flag = TRUE;

  if (start_mt == MA_MIGRATE_MOVABLE)
    alike = movable;
  else if (block_mt == MA_MIGRATE_MOVABLE)
    alike = m->pageblock_nr_pages - (free + movable);
  else
    alike = 0;

  if (free + alike >= (m->pageblock_nr_pages >> 1) || m->mobility_disabled)
    {
      move_freepages_block (zone, start, start_mt);
      ma_pageblock_write (zone, start, start_mt);
      emit_claim (zone, start, m->pageblock_order, start_mt, block_mt);
      return rmqueue_smallest (zone, order, start_mt, out_pfn);
    }
  return FALSE;
}

/* __rmqueue_claim() (6.15). */
static gboolean
rmqueue_claim (MaZone        *zone,
               guint          order,
               MaMigrateType  start_mt,
               guint          alloc_flags,
               guint64       *out_pfn)
{
  MaMachine *m = zone->node->machine;
  guint min_order = order;

  if ((alloc_flags & MA_ALLOC_NOFRAGMENT) && min_order < m->pageblock_order)
    min_order = m->pageblock_order;

  for (gint k = (gint) m->max_order; k >= (gint) min_order; k--)
    {
      int fmt;
      guint64 pfn;

      if (!can_claim (m, (guint) k, start_mt))
        break;
      fmt = find_fallback_mt (zone, (guint) k, start_mt);
      if (fmt < 0)
        continue;
      pfn = list_first (zone, (guint) k, (MaMigrateType) fmt);
      if (try_to_claim_block (zone, pfn, (guint) k, order, start_mt, (MaMigrateType) fmt,
                              alloc_flags, out_pfn))
        {
          emit_steal (zone, *out_pfn, order, (guint) k, start_mt, (MaMigrateType) fmt);
          return TRUE;
        }
    }
  return FALSE;
}

/* __rmqueue_steal() (6.15): take the smallest foreign block, leave its pageblock's type. */
static gboolean
rmqueue_steal (MaZone        *zone,
               guint          order,
               MaMigrateType  start_mt,
               guint64       *out_pfn)
{
  MaMachine *m = zone->node->machine;

  for (guint k = order; k <= m->max_order; k++)
    {
      int fmt = find_fallback_mt (zone, k, start_mt);

      if (fmt < 0)
        continue;
      *out_pfn = take_and_expand (zone, order, k, (MaMigrateType) fmt, (MaMigrateType) fmt);
      emit_steal (zone, *out_pfn, order, k, start_mt, (MaMigrateType) fmt);
      return TRUE;
    }
  return FALSE;
}

/* steal_suitable_fallback() (4.x … 6.14): claim or take over one foreign block, after which
 * __rmqueue() retries __rmqueue_smallest() for the request's own type. */
static void
steal_suitable_fallback (MaZone        *zone,
                         guint64        pfn,
                         guint          current_order,
                         guint          alloc_flags,
                         MaMigrateType  start_mt,
                         gboolean       whole_block)
{
  MaMachine *m = zone->node->machine;
  MaMigrateType old_block_mt = ma_pageblock_mt (zone, pfn);
  MaMigrateType list_mt = head_list_mt (zone, pfn);
  gboolean to_tail = m->kernel >= V (6, 9, 0);
  guint64 start, free, movable, alike;

  if (old_block_mt == MA_MIGRATE_HIGHATOMIC)
    goto single_page;

  if (current_order >= m->pageblock_order)
    {
      change_pageblock_range (zone, pfn, current_order, start_mt);
      emit_claim (zone, pfn, current_order, start_mt, old_block_mt);
      goto single_page;
    }

  if (m->kernel >= V (5, 0, 0) && boost_watermark (zone) && (alloc_flags & MA_ALLOC_KSWAPD))
    zone->boosted_flag = TRUE;

  if (!whole_block)
    goto single_page;

  if (!pageblock_census (zone, pfn, &start, &free, &movable))
    goto single_page;
  move_freepages_block (zone, start, start_mt);

  if (start_mt == MA_MIGRATE_MOVABLE)
    alike = movable;
  else if (old_block_mt == MA_MIGRATE_MOVABLE)
    alike = m->pageblock_nr_pages - (free + movable);
  else
    alike = 0;

  if (free == 0)
    goto single_page;

  if (free + alike >= (m->pageblock_nr_pages >> 1) || m->mobility_disabled)
    {
      ma_pageblock_write (zone, start, start_mt);
      emit_claim (zone, start, m->pageblock_order, start_mt, old_block_mt);
    }
  return;

single_page:
  if (list_mt != start_mt && ma_frame_state (ma_zone_frame (zone, pfn)) == MA_FRAME_FREE_HEAD)
    {
      ma_buddy_list_del (zone, pfn, current_order, list_mt);
      ma_buddy_list_add (zone, pfn, current_order, start_mt, to_tail);
    }
}

/* __rmqueue_fallback() (4.x … 6.14). Returns TRUE when a block was moved to start_mt's lists. */
static gboolean
rmqueue_fallback (MaZone        *zone,
                  guint          order,
                  MaMigrateType  start_mt,
                  guint          alloc_flags)
{
  MaMachine *m = zone->node->machine;
  guint min_order = order;
  gint k;
  int fmt = -1;
  gboolean can_steal = FALSE;
  guint64 pfn;

  if ((alloc_flags & MA_ALLOC_NOFRAGMENT) && order < m->pageblock_order)
    min_order = m->pageblock_order;

  for (k = (gint) m->max_order; k >= (gint) min_order; k--)
    {
      fmt = find_fallback_mt (zone, (guint) k, start_mt);
      if (fmt < 0)
        continue;
      can_steal = can_claim (m, (guint) k, start_mt);
      if (!can_steal && start_mt == MA_MIGRATE_MOVABLE && (guint) k > order)
        goto find_smallest;
      goto do_steal;
    }
  return FALSE;

find_smallest:
  for (k = (gint) order; k <= (gint) m->max_order; k++)
    {
      fmt = find_fallback_mt (zone, (guint) k, start_mt);
      if (fmt >= 0)
        break;
    }
  g_assert (fmt >= 0);
  can_steal = can_claim (m, (guint) k, start_mt);

do_steal:
  pfn = list_first (zone, (guint) k, (MaMigrateType) fmt);
  steal_suitable_fallback (zone, pfn, (guint) k, alloc_flags, start_mt, can_steal);
  emit_steal (zone, pfn, order, (guint) k, start_mt, (MaMigrateType) fmt);
  return TRUE;
}

/* __rmqueue(): one block of 2^order pages for mt, or FALSE. The block's frames are left as free
 * tails for the caller to mark. */
gboolean
ma_buddy_rmqueue (MaZone        *zone,
                  guint          order,
                  MaMigrateType  mt,
                  guint          alloc_flags,
                  guint64       *out_pfn)
{
  MaMachine *m = zone->node->machine;

  /* Balance CMA with the movable lists when CMA holds most of the free memory. */
  if ((alloc_flags & MA_ALLOC_CMA)
      && (gint64) zone->nr_free_by_mt[MA_MIGRATE_CMA] > zone->nr_free_pages / 2
      && rmqueue_smallest (zone, order, MA_MIGRATE_CMA, out_pfn))
    return TRUE;

  if (rmqueue_smallest (zone, order, mt, out_pfn))
    return TRUE;
  if ((alloc_flags & MA_ALLOC_CMA) && rmqueue_smallest (zone, order, MA_MIGRATE_CMA, out_pfn))
    return TRUE;

  if (m->kernel >= V (6, 15, 0))
    {
      if (rmqueue_claim (zone, order, mt, alloc_flags, out_pfn))
        return TRUE;
      if (!(alloc_flags & MA_ALLOC_NOFRAGMENT) && rmqueue_steal (zone, order, mt, out_pfn))
        return TRUE;
      return FALSE;
    }

  while (rmqueue_fallback (zone, order, mt, alloc_flags))
    if (rmqueue_smallest (zone, order, mt, out_pfn))
      return TRUE;
  return FALSE;
}

static gboolean
mergeable (MaMigrateType mt)
{
  return mt < MA_MIGRATE_PCPTYPES;
}

/* page_is_buddy(): a free head of exactly this order inside the same zone. */
static inline gboolean
is_free_buddy (MaZone  *zone,
               guint64  buddy_pfn,
               guint    order)
{
  const MaFrame *f;

  if (buddy_pfn < zone->start_pfn || buddy_pfn >= zone->end_pfn)
    return FALSE;
  f = ma_zone_frame (zone, buddy_pfn);
  return ma_frame_state (f) == MA_FRAME_FREE_HEAD && ma_frame_order (f) == order;
}

/*
 * __free_one_page(): gives back a block whose frames the caller has already turned into free
 * tails, merging it with free buddies of equal order inside the zone.
 */
void
ma_buddy_free_one (MaZone        *zone,
                   guint64        pfn,
                   guint          order,
                   MaMigrateType  mt,
                   gboolean       to_tail_forced)
{
  MaMachine *m = zone->node->machine;
  guint start_order = order;
  guint64 buddy_pfn = pfn;
  gboolean to_tail;

  while (order < m->max_order)
    {
      MaMigrateType buddy_mt;

      buddy_pfn = pfn ^ ((guint64) 1 << order);
      if (!is_free_buddy (zone, buddy_pfn, order))
        break;

      buddy_mt = head_list_mt (zone, buddy_pfn);
      if (order >= m->pageblock_order && m->kernel >= V (5, 18, 0))
        {
          MaMigrateType buddy_block_mt = ma_pageblock_mt (zone, buddy_pfn);

          if (mt != buddy_block_mt && (!mergeable (mt) || !mergeable (buddy_block_mt)))
            break;
          if (m->kernel >= V (6, 9, 0) && buddy_block_mt != mt)
            change_pageblock_range (zone, buddy_pfn, order, mt);
        }

      ma_buddy_list_del (zone, buddy_pfn, order, buddy_mt);
      mark_tail (zone, buddy_pfn);
      pfn &= buddy_pfn;
      order++;
    }

  if (order > start_order)
    {
      MaEvent *e = ma_event_ring_push (m->events, MA_EVENT_MERGE, pfn, order);

      e->aux = start_order;
      e->node = (guint8) zone->node->index;
      e->zone_idx = (guint8) zone->zone_idx;
      e->mt = (guint8) mt;
    }

  /* buddy_merge_likely(): if the next order's buddy is free, the block will probably merge soon;
   * put it at the tail so that it is not handed out before that. */
  to_tail = to_tail_forced;
  if (!to_tail && order + 1 < m->max_order)
    {
      guint64 higher = pfn & buddy_pfn;

      to_tail = is_free_buddy (zone, higher ^ ((guint64) 1 << (order + 1)), order + 1);
    }
  ma_buddy_list_add (zone, pfn, order, mt, to_tail);
}

/* reserve_highatomic_pageblock(). */
void
ma_buddy_reserve_highatomic (MaZone  *zone,
                             guint64  pfn)
{
  MaMachine *m = zone->node->machine;
  guint64 max_managed;
  MaMigrateType mt;
  MaEvent *e;

  if (m->kernel >= V (6, 8, 0))
    {
      if (zone->managed / 100 < m->pageblock_nr_pages)
        return;
      max_managed = (zone->managed / 100 + m->pageblock_nr_pages - 1)
                    & ~((guint64) m->pageblock_nr_pages - 1);
    }
  else
    max_managed = zone->managed / 100 + m->pageblock_nr_pages;

  if (zone->nr_reserved_highatomic >= max_managed)
    return;
  mt = ma_pageblock_mt (zone, pfn);
  if (!mergeable (mt))
    return;

  {
    guint64 start = pfn & ~((guint64) m->pageblock_nr_pages - 1);

    if (start < zone->start_pfn || start + m->pageblock_nr_pages > zone->end_pfn)
      return;
    ma_pageblock_write (zone, start, MA_MIGRATE_HIGHATOMIC);
    move_freepages_block (zone, start, MA_MIGRATE_HIGHATOMIC);
    zone->nr_reserved_highatomic += m->pageblock_nr_pages;
    e = ma_event_ring_push (m->events, MA_EVENT_HIGHATOMIC, start, m->pageblock_order);
    e->node = (guint8) zone->node->index;
    e->zone_idx = (guint8) zone->zone_idx;
    e->mt = MA_MIGRATE_HIGHATOMIC;
    e->mt2 = (guint8) mt;
  }
}
