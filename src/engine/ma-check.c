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
 *
 * Beside the buddy allocator, ma_machine_check() also holds the rest of the engine to account:
 * the kmap state (every PKMAP slot's count against page_address_htable, the busy count, the wait
 * queue, the per-CPU atomic stacks), the LRU lists against the processes and files that own
 * their pages, and swap. Those checks cost O(slots + owners + processes) and run at both levels;
 * the full level adds the per-frame LRU flags and every owner's page map. Undo is checked by
 * ma_machine_check_history(): undo everything, compare the digest with the start's, redo.
 */
#define G_LOG_DOMAIN "ma-check"

#include "config.h"

#include "ma-highmem-private.h"
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
              guint64    *lru_pages,
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

              if (ma_frame_flags (f) & MA_PG_LRU)
                (*lru_pages)++;

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

/* Whether a page someone holds a kmap of is in use: a freed page must not keep users. */
static gboolean
kmapped_page_in_use (MaMachine *self,
                     guint64    pfn,
                     gboolean  *out_highmem)
{
  MaZone *zone = ma_machine_zone_of_pfn_internal (self, pfn);
  MaFrameState s, block_state;
  guint64 head;
  guint order;

  if (zone == NULL)
    return FALSE;
  *out_highmem = zone->type == MA_ZONE_HIGHMEM
                 || (zone->type == MA_ZONE_MOVABLE && zone->movable_is_highmem);
  s = ma_frame_state (ma_zone_frame (zone, pfn));
  if (s == MA_FRAME_ALLOC_HEAD || s == MA_FRAME_ALLOC_TAIL || s == MA_FRAME_IN_USE)
    return TRUE;
  /* a rebuilt zone's zero frames outside free blocks are in use */
  return s == MA_FRAME_FREE_TAIL && zone->reconstructed
         && ma_machine_find_block (self, pfn, &head, &order, &block_state)
         && block_state == MA_FRAME_IN_USE;
}

/* mm/highmem.c's bookkeeping: pkmap_count[] against page_address_htable (as many entries as
 * slots that map a page; the full check looks each one up: the slot's address), the count of
 * busy slots kept beside it, the wait queue (nobody sleeps while a slot could be had), and each
 * CPU's stack of atomic slots. Pages with users are allocated HighMem pages; a slot left at 1
 * may still name a freed page until the next flush, as in the kernel. O(LAST_PKMAP + CPUs ×
 * slots). */
static gboolean
check_kmaps (MaMachine  *self,
             gboolean    full,
             GError    **error)
{
  const MaHighmem *hm = self->highmem;
  const MaHighmemState *st;
  guint mapped = 0, busy = 0;

  if (hm == NULL || hm->state == NULL)
    {
      if (g_hash_table_size (self->kmap_virtual) != 0)
        FAIL ("kmap: %u pages have a kmap address on a machine without kmap state",
              g_hash_table_size (self->kmap_virtual));
      return TRUE;
    }
  st = hm->state;
  if (st->last_pkmap_nr >= st->last_pkmap)
    FAIL ("kmap: last_pkmap_nr %u is not a slot (LAST_PKMAP %u)", st->last_pkmap_nr,
          st->last_pkmap);
  for (guint i = 0; i < st->last_pkmap; i++)
    {
      guint64 pfn = st->pkmap_pfn[i];
      gint64 key = (gint64) pfn;
      const guint64 *vaddr;
      gboolean high = FALSE;

      if (st->pkmap_count[i] == 0)
        {
          if (pfn != MA_HM_NO_PFN)
            FAIL ("kmap: free slot %u still names pfn %" G_GUINT64_FORMAT, i, pfn);
          continue;
        }
      mapped++;
      if (pfn == MA_HM_NO_PFN)
        FAIL ("kmap: slot %u has pkmap_count %u but maps no page", i, st->pkmap_count[i]);
      vaddr = full ? g_hash_table_lookup (self->kmap_virtual, &key) : NULL;
      if (full && (vaddr == NULL || *vaddr != ma_highmem_pkmap_addr (&hm->layout, i)))
        FAIL ("kmap: slot %u maps pfn %" G_GUINT64_FORMAT " but page_address() of that page "
              "is not the slot's address", i, pfn);
      if (st->pkmap_count[i] < 2)
        continue;
      busy++;
      if (!kmapped_page_in_use (self, pfn, &high) || !high)
        FAIL ("kmap: slot %u has %u users but pfn %" G_GUINT64_FORMAT " is not an allocated "
              "HighMem page", i, st->pkmap_count[i] - 1, pfn);
    }
  if (busy != st->busy)
    FAIL ("kmap: %u slots have users but the busy count says %u", busy, st->busy);
  /* equal sizes and a matching entry per mapped slot: no page has two slots, no stale address */
  if (g_hash_table_size (self->kmap_virtual) != mapped)
    FAIL ("kmap: %u slots map a page but %u pages have a kmap address", mapped,
          g_hash_table_size (self->kmap_virtual));
  if (st->waiters->len > 0 && busy < st->last_pkmap)
    FAIL ("kmap: %u tasks wait for a slot while only %u of %u slots have users",
          st->waiters->len, busy, st->last_pkmap);

  for (guint cpu = 0; cpu < st->n_cpus; cpu++)
    {
      if (st->depth[cpu] > hm->layout.kmap_max_depth)
        FAIL ("kmap: CPU %u nests %u atomic mappings, more than the %u allowed", cpu,
              st->depth[cpu], hm->layout.kmap_max_depth);
      for (guint pos = 0; pos < st->slots; pos++)
        {
          guint64 pfn = st->atomic_pfn[cpu * st->slots + pos];
          gboolean high = FALSE;

          if (pos >= st->depth[cpu])
            {
              if (pfn != MA_HM_NO_PFN)
                FAIL ("kmap: CPU %u's atomic slot %u above its depth %u still names pfn %"
                      G_GUINT64_FORMAT, cpu, pos, st->depth[cpu], pfn);
            }
          else if (!kmapped_page_in_use (self, pfn, &high) || !high)
            FAIL ("kmap: CPU %u's atomic slot %u maps pfn %" G_GUINT64_FORMAT ", which is not "
                  "an allocated HighMem page", cpu, pos, pfn);
        }
    }
  return TRUE;
}

/* The pressure side: the LRU lists hold exactly the pages of the processes' anonymous memory
 * and of the files in the page cache; swap counts what processes have swapped; a process that
 * exited holds nothing. O(nodes × lists + owners + processes). */
static gboolean
check_pressure (MaMachine  *self,
                GError    **error)
{
  guint64 on_lru = 0, lru_owned = 0, swapped = 0;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      const MaNode *node = &self->nodes[i];
      guint64 n = 0;

      for (guint l = 0; l < MA_N_LRU; l++)
        {
          if ((node->lru_len[l] == 0) != (node->lru_head[l] == MA_LINK_NONE)
              || (node->lru_len[l] == 0) != (node->lru_tail[l] == MA_LINK_NONE))
            FAIL ("node %u: the %s list has length %" G_GUINT64_FORMAT " but its ends disagree",
                  node->id, ma_lru_list_name (l), node->lru_len[l]);
          n += node->lru_len[l];
        }
      if (n > node->present)
        FAIL ("node %u: %" G_GUINT64_FORMAT " pages on LRU lists but only %" G_GUINT64_FORMAT
              " present", node->id, n, node->present);
      on_lru += n;
    }
  for (guint i = 0; i < self->processes->len; i++)
    {
      const MaProcess *p = &g_array_index (self->processes, MaProcess, i);
      const MaOwner *anon = ma_machine_get_owner (self, p->anon_owner);
      const MaOwner *pt = ma_machine_get_owner (self, p->pagetable_owner);
      const MaOwner *ks = ma_machine_get_owner (self, p->kstack_owner);

      if (anon == NULL || pt == NULL || ks == NULL || anon->kind != MA_OWNER_ANON)
        FAIL ("process %u: its owners are missing or of the wrong kind", p->pid);
      if (!p->alive && (anon->pages != 0 || pt->pages != 0 || ks->pages != 0 || p->swap != 0))
        FAIL ("process %u exited but still holds %" G_GUINT64_FORMAT " anonymous, %"
              G_GUINT64_FORMAT " page-table, %" G_GUINT64_FORMAT " stack and %" G_GUINT64_FORMAT
              " swapped pages", p->pid, anon->pages, pt->pages, ks->pages, p->swap);
      lru_owned += anon->pages;
      swapped += p->swap;
    }
  for (guint i = MA_N_OWNER_KINDS; i < self->owners->len; i++)
    {
      const MaOwner *o = g_ptr_array_index (self->owners, i);

      if (o->kind == MA_OWNER_FILE)
        lru_owned += o->pages;
    }
  if (on_lru != lru_owned)
    FAIL ("%" G_GUINT64_FORMAT " pages are on LRU lists but processes and files own %"
          G_GUINT64_FORMAT, on_lru, lru_owned);
  if (swapped != self->swap_used || self->swap_used > self->swap_total)
    FAIL ("swap: %" G_GUINT64_FORMAT " used of %" G_GUINT64_FORMAT " but processes have %"
          G_GUINT64_FORMAT " pages swapped", self->swap_used, self->swap_total, swapped);
  if (self->writeback_first > self->writeback->len)
    FAIL ("writeback: the queue starts at %u but holds %u entries", self->writeback_first,
          self->writeback->len);
  return TRUE;
}

/* What each owner's page map holds must add up: a process's present pages and swapped pages,
 * a file's cached pages, a process's page tables. O(map entries). */
static gboolean
check_map_counts (MaMachine  *self,
                  GError    **error)
{
  for (guint owner = MA_N_OWNER_KINDS; owner < self->owner_maps->len; owner++)
    {
      GArray *map = g_ptr_array_index (self->owner_maps, owner);
      const MaOwner *o = ma_machine_get_owner (self, owner);
      guint64 present = 0, swapped = 0;

      if (map == NULL || o == NULL)
        continue;
      for (guint i = 0; i < map->len; i++)
        {
          guint64 v = g_array_index (map, guint64, i);

          if (v == MA_MAP_SWAPPED)
            swapped++;
          else if (v != MA_MAP_NONE)
            present++;
        }
      if ((o->kind == MA_OWNER_ANON || o->kind == MA_OWNER_FILE || o->kind == MA_OWNER_PAGETABLE)
          && present != o->pages)
        FAIL ("owner %u (%s): its page map holds %" G_GUINT64_FORMAT " pages but it owns %"
              G_GUINT64_FORMAT, owner, o->name, present, o->pages);
      if (swapped > 0 && o->kind != MA_OWNER_ANON)
        FAIL ("owner %u (%s): %" G_GUINT64_FORMAT " pages in swap, but only anonymous memory "
              "swaps", owner, o->name, swapped);
      if (o->kind == MA_OWNER_ANON)
        for (guint i = 0; i < self->processes->len; i++)
          {
            const MaProcess *p = &g_array_index (self->processes, MaProcess, i);

            if (p->anon_owner == owner && p->swap != swapped)
              FAIL ("process %u: %" G_GUINT64_FORMAT " pages swapped out, its page map says %"
                    G_GUINT64_FORMAT, p->pid, p->swap, swapped);
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
    {
      MaNode *node = &self->nodes[i];
      guint64 lru_pages = 0, lru_len = 0;

      for (guint z = 0; z < node->n_zones; z++)
        {
          MaZone *zone = &node->zones[z];

          if (!ma_machine_check_zone_local (self, zone, error))
            return FALSE;
          if (full && zone->spanned > 0
              && (!check_lists (self, zone, error)
                  || !check_frames (self, zone, &lru_pages, error)))
            return FALSE;
          for (guint k = 1; k < MA_N_OWNER_KINDS; k++)
            zone_pages += zone->used_by_kind[k];
        }
      for (guint l = 0; l < MA_N_LRU; l++)
        lru_len += node->lru_len[l];
      if (full && lru_pages != lru_len)
        FAIL ("node %u: %" G_GUINT64_FORMAT " pages carry PG_lru but the LRU lists hold %"
              G_GUINT64_FORMAT, node->id, lru_pages, lru_len);
    }
  if (full)
    {
      for (guint i = 0; i < self->n_nodes; i++)
        if (!check_lru (self, &self->nodes[i], error))
          return FALSE;
      if (!check_maps (self, error) || !check_map_counts (self, error))
        return FALSE;
    }
  for (guint i = 0; i < self->owners->len; i++)
    owner_pages += ((MaOwner *) g_ptr_array_index (self->owners, i))->pages;
  if (owner_pages != zone_pages)
    FAIL ("owners hold %" G_GUINT64_FORMAT " pages but zones count %" G_GUINT64_FORMAT,
          owner_pages, zone_pages);
  return check_pressure (self, error) && check_kmaps (self, full, error);
}

/**
 * ma_machine_check_history:
 * @start_digest: ma_machine_hash_state() when the undo stack was last empty
 *
 * Undo's promise: undoing every recorded action gives back the machine as it was before the
 * first of them, digest for digest, with every invariant holding on the way down (the cheap
 * ones after each step, all of them at the bottom); redoing them all gives back the present.
 * The machine is left as it was found, redo stack included. It holds only while nothing
 * changed the machine outside an action since the stack was empty, and while the stack never
 * overflowed its limit: the caller keeps to both.
 *
 * Returns: TRUE when it holds; otherwise what broke, in @error
 */
gboolean
ma_machine_check_history (MaMachine  *self,
                          guint64     start_digest,
                          GError    **error)
{
  guint64 now = ma_machine_hash_state (self), bottom;
  guint n = 0;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (self->action_depth == 0, FALSE);

  while (ma_machine_undo (self))
    {
      n++;
      if (!ma_machine_check (self, FALSE, error))
        {
          g_prefix_error (error, "after undoing %u actions: ", n);
          return FALSE;
        }
    }
  if (!ma_machine_check (self, TRUE, error))
    {
      g_prefix_error (error, "after undoing all %u actions: ", n);
      return FALSE;
    }
  bottom = ma_machine_hash_state (self);
  if (bottom != start_digest)
    FAIL ("undoing all %u actions gave digest %016" G_GINT64_MODIFIER "x, not the start's %016"
          G_GINT64_MODIFIER "x", n, bottom, start_digest);
  for (guint i = 0; i < n; i++)
    if (!ma_machine_redo (self))
      FAIL ("redo %u of %u was refused", i + 1, n);
  if (!ma_machine_check (self, FALSE, error))
    {
      g_prefix_error (error, "after redoing all %u actions: ", n);
      return FALSE;
    }
  if (ma_machine_hash_state (self) != now)
    FAIL ("redoing all %u actions gave digest %016" G_GINT64_MODIFIER "x, not %016"
          G_GINT64_MODIFIER "x as before the undos", n, ma_machine_hash_state (self), now);
  return TRUE;
}
