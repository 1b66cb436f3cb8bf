/* ma-check.c: the allocator's invariants, for tests and for debugging
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two levels. The local check reads only per-zone counters and list ends (O(orders × types)),
 * cheap enough to run after every step of a random test. The full check walks every list and
 * every frame (O(frames)) and proves the frame states, the lists and the counters agree:
 * free blocks are aligned, lie inside their zone, hold only free tails, carry the order and list
 * they are on; no two free buddies of the same order are left unmerged; holes and reserved frames
 * are exactly where the machine description puts them; pcp pages are exactly those on the lists.
 */
#define G_LOG_DOMAIN "ma-check"

#include "config.h"

#include "ma-machine-private.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

#define FAIL(...) \
  G_STMT_START { \
    g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID, __VA_ARGS__); \
    return FALSE; \
  } G_STMT_END

#define ZFMT "node %u %s: "
#define ZARGS(z) (z)->node->id, ma_zone_type_name ((z)->type)

gboolean
ma_machine_check_zone_local (MaMachine  *self,
                             MaZone     *zone,
                             GError    **error)
{
  gint64 free_pages = 0;
  guint64 by_mt[MA_N_MIGRATE_TYPES] = { 0, };

  for (guint k = 0; k < self->nr_orders; k++)
    {
      guint64 n = 0;

      for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
        {
          const MaFreeList *fl = &zone->free_list[k][mt];
          guint64 implicit = (k == self->max_order && mt == MA_MIGRATE_MOVABLE)
                               ? zone->virgin_blocks : 0;
          guint64 explicit = fl->len - implicit;

          n += fl->len;
          by_mt[mt] += fl->len << k;
          if (implicit > fl->len)
            FAIL (ZFMT "more implicit boot blocks than list entries", ZARGS (zone));
          if ((explicit == 0) != (fl->head == MA_LINK_NONE) || (explicit == 0) != (fl->tail == MA_LINK_NONE))
            FAIL (ZFMT "list (%u, %s) has length %" G_GUINT64_FORMAT " but its ends disagree",
                  ZARGS (zone), k, ma_migrate_type_name (mt), fl->len);
          if (fl->head != MA_LINK_NONE
              && ma_zone_frame (zone, ma_zone_pfn_of_link (zone, fl->head))->prev != MA_LINK_NONE)
            FAIL (ZFMT "list (%u, %s): the head has a predecessor", ZARGS (zone), k,
                  ma_migrate_type_name (mt));
          if (fl->tail != MA_LINK_NONE
              && ma_zone_frame (zone, ma_zone_pfn_of_link (zone, fl->tail))->next != MA_LINK_NONE)
            FAIL (ZFMT "list (%u, %s): the tail has a successor", ZARGS (zone), k,
                  ma_migrate_type_name (mt));
        }
      if (n != zone->nr_free[k])
        FAIL (ZFMT "nr_free[%u] = %" G_GUINT64_FORMAT " but its lists hold %" G_GUINT64_FORMAT,
              ZARGS (zone), k, zone->nr_free[k], n);
      free_pages += (gint64) (n << k);
    }
  if (free_pages != zone->nr_free_pages)
    FAIL (ZFMT "NR_FREE_PAGES = %" G_GINT64_FORMAT " but the free lists hold %" G_GINT64_FORMAT,
          ZARGS (zone), zone->nr_free_pages, free_pages);
  for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
    if (by_mt[mt] != zone->nr_free_by_mt[mt])
      FAIL (ZFMT "free pages on %s lists: counter %" G_GUINT64_FORMAT ", lists %" G_GUINT64_FORMAT,
            ZARGS (zone), ma_migrate_type_name (mt), zone->nr_free_by_mt[mt], by_mt[mt]);
  for (guint c = 0; c < self->n_cpus; c++)
    {
      const MaPcp *pcp = &zone->pcp[c];

      if (pcp->len[0] + pcp->len[1] + pcp->len[2] != pcp->count)
        FAIL (ZFMT "CPU %u's per-CPU lists: count %u, lengths %u + %u + %u", ZARGS (zone), c,
              pcp->count, pcp->len[0], pcp->len[1], pcp->len[2]);
    }
  if (free_pages > (gint64) zone->managed)
    FAIL (ZFMT "more free pages (%" G_GINT64_FORMAT ") than managed (%" G_GUINT64_FORMAT ")",
          ZARGS (zone), free_pages, zone->managed);
  return TRUE;
}

static gboolean
check_lists (MaMachine  *self,
             MaZone     *zone,
             GError    **error)
{
  for (guint k = 0; k < self->nr_orders; k++)
    for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
      {
        const MaFreeList *fl = &zone->free_list[k][mt];
        guint32 prev = MA_LINK_NONE;
        guint64 n = 0;

        for (guint32 link = fl->head; link != MA_LINK_NONE;)
          {
            guint64 pfn = ma_zone_pfn_of_link (zone, link);
            const MaFrame *f;

            if (pfn < zone->start_pfn || pfn >= zone->end_pfn)
              FAIL (ZFMT "list (%u, %s) leads outside the zone, to pfn %" G_GUINT64_FORMAT,
                    ZARGS (zone), k, ma_migrate_type_name (mt), pfn);
            f = ma_zone_frame (zone, pfn);
            if (ma_frame_state (f) != MA_FRAME_FREE_HEAD || ma_frame_order (f) != k
                || ma_frame_owner (f) != mt)
              FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " is on list (%u, %s) but is %s of order %u "
                    "tagged %u", ZARGS (zone), pfn, k, ma_migrate_type_name (mt),
                    ma_frame_state_name (ma_frame_state (f)), ma_frame_order (f), ma_frame_owner (f));
            if (pfn & (((guint64) 1 << k) - 1))
              FAIL (ZFMT "free block at pfn %" G_GUINT64_FORMAT " is not aligned to order %u",
                    ZARGS (zone), pfn, k);
            if (pfn + ((guint64) 1 << k) > zone->end_pfn)
              FAIL (ZFMT "free block at pfn %" G_GUINT64_FORMAT " crosses the zone's end",
                    ZARGS (zone), pfn);
            if (f->prev != prev)
              FAIL (ZFMT "list (%u, %s) is broken at pfn %" G_GUINT64_FORMAT, ZARGS (zone), k,
                    ma_migrate_type_name (mt), pfn);
            if (++n > fl->len)
              FAIL (ZFMT "list (%u, %s) is longer than its length or loops", ZARGS (zone), k,
                    ma_migrate_type_name (mt));
            prev = link;
            link = f->next;
          }
        if (k == self->max_order && mt == MA_MIGRATE_MOVABLE)
          {
            guint64 runs = 0;

            for (guint r = 0; r < zone->n_virgin; r++)
              runs += zone->virgin[r].n_blocks;
            if (runs != zone->virgin_blocks)
              FAIL (ZFMT "implicit boot runs hold %" G_GUINT64_FORMAT " blocks, counted %"
                    G_GUINT64_FORMAT, ZARGS (zone), runs, zone->virgin_blocks);
            n += runs;
          }
        if (n != fl->len || prev != fl->tail)
          FAIL (ZFMT "list (%u, %s) holds %" G_GUINT64_FORMAT " blocks, length says %"
                G_GUINT64_FORMAT, ZARGS (zone), k, ma_migrate_type_name (mt), n, fl->len);
      }

  for (guint c = 0; c < self->n_cpus; c++)
    for (guint l = 0; l < MA_MIGRATE_PCPTYPES; l++)
      {
        const MaPcp *pcp = &zone->pcp[c];
        guint32 prev = MA_LINK_NONE;
        guint n = 0;

        for (guint32 link = pcp->head[l]; link != MA_LINK_NONE;)
          {
            guint64 pfn = ma_zone_pfn_of_link (zone, link);
            const MaFrame *f;

            if (pfn < zone->start_pfn || pfn >= zone->end_pfn)
              FAIL (ZFMT "CPU %u's list %u leads outside the zone", ZARGS (zone), c, l);
            f = ma_zone_frame (zone, pfn);
            if (ma_frame_state (f) != MA_FRAME_PCP || ma_frame_owner (f) != c
                || (ma_frame_index (f) & 3) != l || f->prev != prev)
              FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " on CPU %u's list %u is inconsistent",
                    ZARGS (zone), pfn, c, l);
            if (++n > pcp->len[l])
              FAIL (ZFMT "CPU %u's list %u is longer than its length", ZARGS (zone), c, l);
            prev = link;
            link = f->next;
          }
        if (n != pcp->len[l] || prev != pcp->tail[l])
          FAIL (ZFMT "CPU %u's list %u holds %u pages, length says %u", ZARGS (zone), c, l, n,
                pcp->len[l]);
      }
  return TRUE;
}

static gboolean
in_ranges (GArray  *ranges,
           guint64  pfn)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      const MaPfnRange *r = &g_array_index (ranges, MaPfnRange, i);

      if (pfn >= r->start && pfn < r->end)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_frames (MaMachine  *self,
              MaZone     *zone,
              GError    **error)
{
  const MaNodeSpec *ns = &self->spec->nodes[zone->node->index];
  guint64 pcp_pages = 0, by_kind[MA_N_OWNER_KINDS] = { 0, };
  guint64 pfn = zone->start_pfn;

  while (pfn < zone->end_pfn)
    {
      const MaFrame *f = ma_zone_frame (zone, pfn);
      MaFrameState s = ma_frame_state (f);
      gboolean present = in_ranges (ns->memory, pfn);
      gboolean reserved = in_ranges (ns->reserved, pfn);
      guint order;

      if (!present != (s == MA_FRAME_HOLE))
        FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " is %s but %s present", ZARGS (zone), pfn,
              ma_frame_state_name (s), present ? "is" : "is not");
      if (present && reserved != (s == MA_FRAME_RESERVED))
        FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " is %s but %s reserved", ZARGS (zone), pfn,
              ma_frame_state_name (s), reserved ? "is" : "is not");

      switch (s)
        {
        case MA_FRAME_HOLE:
          pfn++;
          break;

        case MA_FRAME_RESERVED:
          by_kind[MA_OWNER_FIRMWARE]++;
          pfn++;
          break;

        case MA_FRAME_PCP:
          pcp_pages++;
          pfn++;
          break;

        case MA_FRAME_IN_USE:
          by_kind[MA_OWNER_UNKNOWN]++;
          pfn++;
          break;

        case MA_FRAME_FREE_TAIL:
          {
            guint64 head;

            if (ma_zone_virgin_block (zone, pfn, &head) && head == pfn)
              {
                /* An implicit boot block: all free tails. */
                for (guint64 i = 0; i < ((guint64) 1 << self->max_order); i++)
                  if (ma_frame_state (ma_zone_frame (zone, pfn + i)) != MA_FRAME_FREE_TAIL)
                    FAIL (ZFMT "implicit boot block at pfn %" G_GUINT64_FORMAT " holds a %s",
                          ZARGS (zone), pfn,
                          ma_frame_state_name (ma_frame_state (ma_zone_frame (zone, pfn + i))));
                pfn += (guint64) 1 << self->max_order;
                break;
              }
            if (zone->reconstructed)
              {
                /* rebuilt from a snapshot: in use, owner unknown */
                by_kind[MA_OWNER_UNKNOWN]++;
                pfn++;
                break;
              }
          }
          G_GNUC_FALLTHROUGH;
        case MA_FRAME_ALLOC_TAIL:
          FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " is a %s outside any block", ZARGS (zone), pfn,
                ma_frame_state_name (s));

        case MA_FRAME_FREE_HEAD:
        case MA_FRAME_ALLOC_HEAD:
          order = ma_frame_order (f);
          if (pfn & (((guint64) 1 << order) - 1))
            FAIL (ZFMT "block at pfn %" G_GUINT64_FORMAT " is not aligned to its order %u",
                  ZARGS (zone), pfn, order);
          if (pfn + ((guint64) 1 << order) > zone->end_pfn)
            FAIL (ZFMT "block at pfn %" G_GUINT64_FORMAT " crosses the zone's end", ZARGS (zone),
                  pfn);
          for (guint64 i = 1; i < ((guint64) 1 << order); i++)
            {
              MaFrameState t = ma_frame_state (ma_zone_frame (zone, pfn + i));
              MaFrameState want = s == MA_FRAME_FREE_HEAD ? MA_FRAME_FREE_TAIL : MA_FRAME_ALLOC_TAIL;

              if (t != want)
                FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " inside the order-%u block at %"
                      G_GUINT64_FORMAT " is %s", ZARGS (zone), pfn + i, order, pfn,
                      ma_frame_state_name (t));
              if (!in_ranges (ns->memory, pfn + i) || in_ranges (ns->reserved, pfn + i))
                FAIL (ZFMT "the block at pfn %" G_GUINT64_FORMAT " covers a hole or reserved "
                      "frame", ZARGS (zone), pfn);
            }
          if (s == MA_FRAME_FREE_HEAD && order < self->max_order)
            {
              guint64 buddy = pfn ^ ((guint64) 1 << order);

              if (buddy >= zone->start_pfn && buddy < zone->end_pfn)
                {
                  const MaFrame *b = ma_zone_frame (zone, buddy);
                  gboolean may_stay_apart = FALSE;

                  if (order >= self->pageblock_order && self->kernel >= V (5, 18, 0))
                    {
                      MaMigrateType a = ma_pageblock_mt (zone, pfn), c = ma_pageblock_mt (zone, buddy);

                      may_stay_apart = a != c && (a >= MA_MIGRATE_PCPTYPES || c >= MA_MIGRATE_PCPTYPES);
                    }
                  if (ma_frame_state (b) == MA_FRAME_FREE_HEAD && ma_frame_order (b) == order
                      && !may_stay_apart)
                    FAIL (ZFMT "free buddies at pfn %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT
                          " (order %u) were not merged", ZARGS (zone), pfn, buddy, order);
                }
            }
          if (s == MA_FRAME_ALLOC_HEAD)
            {
              const MaOwner *o = ma_machine_get_owner (self, ma_frame_owner (f));

              if (o == NULL)
                FAIL (ZFMT "block at pfn %" G_GUINT64_FORMAT " has unknown owner %u", ZARGS (zone),
                      pfn, ma_frame_owner (f));
              by_kind[o->kind] += (guint64) 1 << order;
            }
          pfn += (guint64) 1 << order;
          break;

        case MA_N_FRAME_STATES:
        default:
          FAIL (ZFMT "pfn %" G_GUINT64_FORMAT " has an unknown state", ZARGS (zone), pfn);
        }
    }

  if (pcp_pages != ma_zone_get_pcp_pages (zone))
    FAIL (ZFMT "%" G_GUINT64_FORMAT " frames are on per-CPU lists but the lists count %"
          G_GUINT64_FORMAT, ZARGS (zone), pcp_pages, ma_zone_get_pcp_pages (zone));
  for (guint k = 1; k < MA_N_OWNER_KINDS; k++)
    if (by_kind[k] != zone->used_by_kind[k])
      FAIL (ZFMT "%" G_GUINT64_FORMAT " frames belong to %s but the zone counts %" G_GUINT64_FORMAT,
            ZARGS (zone), by_kind[k], ma_owner_kind_name (k), zone->used_by_kind[k]);
  return TRUE;
}

/* Every LRU list: order-0 allocated pages of the node whose flags name the list; the lengths
 * match; every owner's page map points at frames that carry that owner and index. */
static gboolean
check_lru (MaMachine  *self,
           MaNode     *node,
           GError    **error)
{
  for (guint l = 0; l < MA_N_LRU; l++)
    {
      guint32 prev = MA_LINK_NONE;
      guint64 n = 0;

      for (guint32 link = node->lru_head[l]; link != MA_LINK_NONE;)
        {
          const MaFrame *f = &node->frames[link];

          if (ma_frame_state (f) != MA_FRAME_ALLOC_HEAD || ma_frame_order (f) != 0
              || !(ma_frame_flags (f) & MA_PG_LRU) || ma_lru_of_frame (f) != l || f->prev != prev)
            FAIL ("node %u: pfn %" G_GUINT64_FORMAT " on the %s list is inconsistent", node->id,
                  node->start_pfn + link, ma_lru_list_name (l));
          if (++n > node->lru_len[l])
            FAIL ("node %u: the %s list is longer than its length", node->id, ma_lru_list_name (l));
          prev = link;
          link = f->next;
        }
      if (n != node->lru_len[l] || prev != node->lru_tail[l])
        FAIL ("node %u: the %s list holds %" G_GUINT64_FORMAT " pages, its length says %"
              G_GUINT64_FORMAT, node->id, ma_lru_list_name (l), n, node->lru_len[l]);
    }
  return TRUE;
}

static gboolean
check_maps (MaMachine  *self,
            GError    **error)
{
  for (guint owner = 0; owner < self->owner_maps->len; owner++)
    {
      GArray *map = g_ptr_array_index (self->owner_maps, owner);

      for (guint i = 0; map && i < map->len; i++)
        {
          guint64 pfn = g_array_index (map, guint64, i);
          MaZone *zone;
          const MaFrame *f;

          if (pfn == MA_MAP_NONE || pfn == MA_MAP_SWAPPED)
            continue;
          zone = ma_machine_zone_of_pfn_internal (self, pfn);
          if (zone == NULL)
            FAIL ("owner %u, index %u: pfn %" G_GUINT64_FORMAT " is in no zone", owner, i, pfn);
          f = ma_zone_frame (zone, pfn);
          if (ma_frame_state (f) != MA_FRAME_ALLOC_HEAD || ma_frame_owner (f) != owner
              || ma_frame_index (f) != (i & MA_FRAME_INDEX_MAX))
            FAIL ("owner %u, index %u: pfn %" G_GUINT64_FORMAT " holds something else (%s of owner "
                  "%u, index %u)", owner, i, pfn, ma_frame_state_name (ma_frame_state (f)),
                  ma_frame_owner (f), ma_frame_index (f));
        }
    }
  return TRUE;
}

/**
 * ma_machine_check:
 * @full: also walk every list and every frame
 *
 * Returns: TRUE when every invariant holds; otherwise the first broken one, in @error
 */
gboolean
ma_machine_check (MaMachine  *self,
                  gboolean    full,
                  GError    **error)
{
  guint64 owner_pages = 0, zone_pages = 0;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);

  for (guint i = 0; i < self->n_nodes; i++)
    for (guint z = 0; z < self->nodes[i].n_zones; z++)
      {
        MaZone *zone = &self->nodes[i].zones[z];

        if (!ma_machine_check_zone_local (self, zone, error))
          return FALSE;
        if (full && zone->spanned > 0
            && (!check_lists (self, zone, error) || !check_frames (self, zone, error)))
          return FALSE;
        for (guint k = 1; k < MA_N_OWNER_KINDS; k++)
          zone_pages += zone->used_by_kind[k];
      }
  if (full)
    {
      for (guint i = 0; i < self->n_nodes; i++)
        if (!check_lru (self, &self->nodes[i], error))
          return FALSE;
      if (!check_maps (self, error))
        return FALSE;
    }
  for (guint i = 0; i < self->owners->len; i++)
    owner_pages += ((MaOwner *) g_ptr_array_index (self->owners, i))->pages;
  if (owner_pages != zone_pages)
    FAIL ("owners hold %" G_GUINT64_FORMAT " pages but zones count %" G_GUINT64_FORMAT,
          owner_pages, zone_pages);
  return TRUE;
}
