/* ma-reconstruct.c: a machine rebuilt from what a snapshot counted
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot without /proc/kpageflags says how many free blocks of each order (and migratetype)
 * a zone has, and how many pageblocks of each type, but not where they are. The engine lays
 * them out so that every count holds and the allocator's invariants hold, and says plainly that
 * the layout is reconstructed:
 *
 *  - pageblock types are assigned in runs from the zone's start (unmovable, reclaimable,
 *    highatomic, then movable; CMA at the end), since early kernel allocations claim the
 *    lowest pageblocks first;
 *  - free max-order blocks go to the highest addresses of their type, where a long-running
 *    machine still has them (allocations take the lowest blocks first);
 *  - the smaller free blocks go into the remaining max-order blocks as "towers": in a block, a
 *    free block of order k sits in the upper half of a 2^(k+1) region whose lower half keeps
 *    at least one page in use, so no two free buddies are left unmerged (the buddy invariant)
 *    while a single used page can carry one free block of every order. Towers are packed full
 *    and come in groups of neighbouring blocks spread evenly over the zone;
 *  - everything else is in use, owner unknown.
 *
 * Nothing but the free blocks' first frames (and holes, reserved frames, per-CPU pages) is
 * written: in a rebuilt zone a zero frame outside every free block means "in use". So opening a
 * snapshot of a 1 TiB machine costs what its free-block count costs, not 4 GiB of writes.
 */
#define G_LOG_DOMAIN "ma-reconstruct"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-machine-private.h"
#include "ma-reconstruct.h"

gboolean
ma_zone_is_reconstructed (MaZone *zone)
{
  return zone->reconstructed;
}

/* Empties the zone's free lists and per-CPU lists; their frames go back to zero. */
static void
zone_reset (MaZone *zone)
{
  MaMachine *m = zone->node->machine;

  for (guint k = 0; k < MA_MAX_ORDERS; k++)
    for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
      {
        MaFreeList *fl = &zone->free_list[k][mt];

        for (guint32 link = fl->head; link != MA_LINK_NONE;)
          {
            MaFrame *f = &zone->node->frames[link];
            guint32 next = f->next;

            memset (f, 0, sizeof *f);
            link = next;
          }
        fl->head = fl->tail = MA_LINK_NONE;
        fl->len = 0;
      }
  for (guint c = 0; c < m->n_cpus; c++)
    {
      MaPcp *pcp = &zone->pcp[c];

      for (guint l = 0; l < MA_MIGRATE_PCPTYPES; l++)
        {
          for (guint32 link = pcp->head[l]; link != MA_LINK_NONE;)
            {
              MaFrame *f = &zone->node->frames[link];
              guint32 next = f->next;

              memset (f, 0, sizeof *f);
              link = next;
            }
          pcp->head[l] = pcp->tail[l] = MA_LINK_NONE;
          pcp->len[l] = 0;
        }
      pcp->count = 0;
    }
  memset (zone->nr_free, 0, sizeof zone->nr_free);
  memset (zone->nr_free_by_mt, 0, sizeof zone->nr_free_by_mt);
  memset (zone->virgin, 0, sizeof zone->virgin);
  zone->n_virgin = 0;
  zone->virgin_blocks = 0;
  zone->nr_free_pages = 0;
  zone->reconstructed = TRUE;
  g_clear_pointer (&zone->plain_units, g_free);
}

/* Towers are placed in groups of regions whose frames fill about this much of the frame
 * array (a transparent huge page), and a zone has at least this many groups. */
#define TOWER_GROUP_BYTES (2u << 20)
#define TOWER_MIN_GROUPS  64u

/* A run of managed frames cut into the largest aligned blocks, as __free_pages_memory() cuts
 * the memory it frees at boot: max-order units, and the smaller blocks at the run's edges. */
typedef struct
{
  guint64 pfn;
  guint   order;
} Region;

/* The zone's managed frames as aligned regions, in pfn order. */
static GArray *
usable_units (MaZone *zone)
{
  MaMachine *m = zone->node->machine;
  const MaNodeSpec *ns = &m->spec->nodes[zone->node->index];
  GArray *units = g_array_new (FALSE, FALSE, sizeof (Region));

  for (guint i = 0; i < ns->memory->len; i++)
    {
      const MaPfnRange *r = &g_array_index (ns->memory, MaPfnRange, i);
      guint64 lo = MAX (r->start, zone->start_pfn), hi = MIN (r->end, zone->end_pfn);
      guint64 cursor = lo;
      guint j = 0;

      while (cursor < hi)
        {
          guint64 stop = hi;

          /* the next reserved range at or after the cursor */
          for (; j < ns->reserved->len; j++)
            {
              const MaPfnRange *res = &g_array_index (ns->reserved, MaPfnRange, j);

              if (res->end <= cursor)
                continue;
              if (res->start <= cursor)
                {
                  cursor = res->end;
                  continue;
                }
              stop = MIN (stop, res->start);
              break;
            }
          if (cursor >= hi)
            break;
          while (cursor < stop)
            {
              Region reg;

              reg.pfn = cursor;
              reg.order = cursor == 0 ? m->max_order
                                      : MIN (m->max_order, (guint) __builtin_ctzll (cursor));
              while (cursor + ((guint64) 1 << reg.order) > stop)
                reg.order--;
              g_array_append_val (units, reg);
              cursor += (guint64) 1 << reg.order;
            }
        }
    }
  return units;
}

/* Pageblock types in runs from the zone's start, CMA at the end, over the pageblocks that hold
 * managed frames (reserved frames and holes hold no free blocks, so a type there could never
 * get its free blocks); the others stay movable. */
static void
assign_pageblocks (MaZone             *zone,
                   const MaZoneCounts *c,
                   GArray             *units,
                   GPtrArray          *notes)
{
  MaMachine *m = zone->node->machine;
  static const MaMigrateType from_start[] = {
    MA_MIGRATE_UNMOVABLE, MA_MIGRATE_RECLAIMABLE, MA_MIGRATE_HIGHATOMIC, MA_MIGRATE_RESERVE,
    MA_MIGRATE_ISOLATE,
  };
  guint64 first = zone->start_pfn >> m->pageblock_order;
  guint64 n = ((zone->end_pfn - 1) >> m->pageblock_order) - first + 1;
  guint64 wanted = 0, pb = 0, cma;
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
    wanted += c->pageblocks[mt];
  if (wanted != n)
    g_ptr_array_add (notes, g_strdup_printf (_("Node %u %s: the snapshot counts %" PRIu64
                                               " pageblocks, the zone spans %" PRIu64
                                               "; the difference is shown as movable"),
                                             zone->node->id, ma_zone_type_name (zone->type),
                                             wanted, n));

  for (guint64 i = 0; i < n; i++)
    *ma_node_pageblock (zone->node, (first + i) << m->pageblock_order) = MA_MIGRATE_MOVABLE;
  for (guint i = 0; i < units->len; i++)
    {
      const Region *u = &g_array_index (units, Region, i);
      guint64 a = u->pfn >> m->pageblock_order;
      guint64 b = (u->pfn + ((guint64) 1 << u->order) - 1) >> m->pageblock_order;

      for (guint64 k = a; k <= b; k++)
        if (blocks->len == 0 || g_array_index (blocks, guint64, blocks->len - 1) < k)
          g_array_append_val (blocks, k);
    }

  for (guint i = 0; i < G_N_ELEMENTS (from_start); i++)
    for (guint64 j = 0; j < c->pageblocks[from_start[i]] && pb < blocks->len; j++, pb++)
      *ma_node_pageblock (zone->node, g_array_index (blocks, guint64, pb) << m->pageblock_order) =
        (guint8) from_start[i];
  cma = MIN (c->pageblocks[MA_MIGRATE_CMA], blocks->len - pb);
  for (guint64 k = blocks->len - cma; k < blocks->len; k++)
    *ma_node_pageblock (zone->node, g_array_index (blocks, guint64, k) << m->pageblock_order) =
      MA_MIGRATE_CMA;
}

static void
add_free (MaZone        *zone,
          guint64        pfn,
          guint          order,
          MaMigrateType  mt)
{
  /* The tail keeps the list in pfn order, as a freshly booted machine has it. */
  ma_buddy_list_add (zone, pfn, order, mt, TRUE);
}

/* Places blocks of the quota in the region [pfn, pfn + 2^j), taking them off the quota: a
 * block of order j-1 in the upper half when one is wanted, else both halves are offered to
 * smaller orders. The region's first frame always stays in use, so no two free buddies are
 * left unmerged. */
static void
place_tower (MaZone        *zone,
             guint64        pfn,
             guint          j,
             guint64       *quota,
             MaMigrateType  mt)
{
  gboolean any = FALSE;

  if (j == 0)
    return;
  for (guint i = 0; i < j; i++)
    if (quota[i] > 0)
      any = TRUE;
  if (!any)
    return;
  if (quota[j - 1] > 0)
    {
      quota[j - 1]--;
      add_free (zone, pfn + ((guint64) 1 << (j - 1)), j - 1, mt);
      place_tower (zone, pfn, j - 1, quota, mt);
    }
  else
    {
      place_tower (zone, pfn, j - 1, quota, mt);
      place_tower (zone, pfn + ((guint64) 1 << (j - 1)), j - 1, quota, mt);
    }
}

static gboolean
demand_left (const guint64 *demand,
             guint          n)
{
  for (guint k = 0; k < n; k++)
    if (demand[k] > 0)
      return TRUE;
  return FALSE;
}

/* Free max-order blocks of one type at the highest usable units of that type; smaller regions
 * (at the edges of managed runs) take a free block of their own order when one is wanted; the
 * smaller blocks go as towers into groups of regions spread over the rest. `taken` marks regions already used. */
static void
place_type (MaZone        *zone,
            GArray        *units,
            guint8        *taken,
            MaMigrateType  mt,
            guint64       *demand,
            gboolean       any_type)
{
  MaMachine *m = zone->node->machine;
  guint max = m->max_order;
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < units->len; i++)
    {
      const Region *u = &g_array_index (units, Region, i);

      if (!taken[i] && (any_type || ma_pageblock_mt (zone, u->pfn) == mt))
        g_array_append_val (mine, i);
    }

  /* max order: from the top; consecutive runs of MOVABLE blocks stay implicit */
  for (guint n = mine->len; n-- > 0 && demand[max] > 0;)
    {
      guint i = g_array_index (mine, guint, n);

      if (g_array_index (units, Region, i).order != max)
        continue;
      taken[i] = 1;
      demand[max]--;
    }
  for (guint n = 0; n < mine->len; n++)
    {
      guint i = g_array_index (mine, guint, n);
      guint64 u = g_array_index (units, Region, i).pfn;

      if (taken[i] != 1)
        continue;
      taken[i] = 2;
      if (mt == MA_MIGRATE_MOVABLE && zone->free_list[max][mt].tail == MA_LINK_NONE)
        ma_buddy_add_virgin (zone, u);
      else
        add_free (zone, u, max, mt);
    }

  /* a smaller region free as a whole: its buddy is never wholly managed, or the region would
   * be part of a larger one */
  for (guint n = mine->len; n-- > 0;)
    {
      guint i = g_array_index (mine, guint, n);
      const Region *u = &g_array_index (units, Region, i);

      if (taken[i] || u->order >= max || demand[u->order] == 0)
        continue;
      demand[u->order]--;
      add_free (zone, u->pfn, u->order, mt);
      taken[i] = 2;
    }

  /* smaller orders: towers, each region packed as full as it goes (one block of every order
   * below the region's, then more of the smaller ones once the larger run out), so that the
   * fewest regions are used and the most stay for the types placed after this one. The
   * regions come in groups of consecutive ones spread evenly over the type's part of the
   * zone: a group is about one huge page of the frame array (TOWER_GROUP_BYTES), and a zone
   * has at least TOWER_MIN_GROUPS groups. So the frames written, and the memory the system
   * must hand out for them, follow the number of small blocks rather than the size of the
   * zone (a 1 TiB snapshot opens without 4 GiB of frame array being touched), while the small
   * blocks still show all over the map. */
  {
    guint64 small_pages = 0, group, first_group, n_groups, need_groups, stride;

    if (mine->len == 0)
      return;
    for (guint k = 0; k < max; k++)
      small_pages += demand[k] << k;
    /* groups are aligned in pfn (so in the frame array), not counted from the first region */
    group = CLAMP (mine->len / TOWER_MIN_GROUPS, 1,
                   MAX ((TOWER_GROUP_BYTES / sizeof (MaFrame)) >> max, 1));
    first_group = (g_array_index (units, Region, g_array_index (mine, guint, 0)).pfn >> max) / group;
    n_groups = (g_array_index (units, Region, g_array_index (mine, guint, mine->len - 1)).pfn
                >> max) / group - first_group + 1;
    /* a full tower holds 2^max - 1 free pages (none on a machine of a single order, where
     * there are no smaller orders to place) */
    need_groups = (small_pages / MAX ((G_GUINT64_CONSTANT (1) << max) - 1, 1) + group) / group;
    stride = MAX (n_groups / MAX (need_groups, 1), 1);

    /* phase p takes the groups p, p + stride, p + 2 stride...: the first phase alone spreads
     * the towers over the whole zone when the regions are as free as they look */
    for (guint64 phase = 0; phase < stride && demand_left (demand, max); phase++)
      for (guint n = 0; n < mine->len && demand_left (demand, max); n++)
        {
          guint i = g_array_index (mine, guint, n);
          const Region *u = &g_array_index (units, Region, i);

          if (taken[i] || ((u->pfn >> max) / group - first_group) % stride != phase)
            continue;
          place_tower (zone, u->pfn, u->order, demand, mt);
          taken[i] = 3;
        }
  }
}

/* Per-CPU pages: in-use frames of units that hold no free block first, then the in-use frames
 * between the free blocks of the towers. */
static guint64
place_pcp (MaZone  *zone,
           GArray  *units,
           guint8  *taken,
           guint64  count)
{
  MaMachine *m = zone->node->machine;
  guint cpu = zone->node->n_cpus > 0 ? zone->node->first_cpu : 0;
  guint64 placed = 0;

  for (guint pass = 0; pass < 2 && placed < count; pass++)
    for (guint i = 0; i < units->len && placed < count; i++)
      {
        guint64 u = g_array_index (units, Region, i).pfn;
        guint64 n = (guint64) 1 << g_array_index (units, Region, i).order;

        if ((pass == 0 && taken[i] != 0) || (pass == 1 && taken[i] != 3))
          continue;
        for (guint64 p = u; p < u + n && placed < count; p++)
          {
            MaFrame *f = ma_zone_frame (zone, p);
            MaPcp *pcp = &zone->pcp[cpu];
            guint32 link = ma_zone_link_of (zone, p);
            guint64 head;
            guint order;
            MaFrameState state;

            if (ma_frame_state (f) != MA_FRAME_FREE_TAIL)
              continue;
            /* a tower: only the frames outside its free blocks */
            if (pass == 1 && (!ma_machine_find_block (m, p, &head, &order, &state)
                              || state != MA_FRAME_IN_USE))
              continue;
            f->word0 = ma_frame_pack_word0 (MA_FRAME_PCP, 0, 0, 0, 0, 0);
            f->word1 = ma_frame_pack_word1 (cpu, MA_MIGRATE_MOVABLE | (ma_pageblock_mt (zone, p) << 2));
            f->next = MA_LINK_NONE;
            f->prev = pcp->tail[MA_MIGRATE_MOVABLE];
            if (pcp->tail[MA_MIGRATE_MOVABLE] != MA_LINK_NONE)
              zone->node->frames[pcp->tail[MA_MIGRATE_MOVABLE]].next = link;
            else
              pcp->head[MA_MIGRATE_MOVABLE] = link;
            pcp->tail[MA_MIGRATE_MOVABLE] = link;
            pcp->len[MA_MIGRATE_MOVABLE]++;
            pcp->count++;
            placed++;
          }
        if (pass == 0)
          taken[i] = 4;
      }
  return placed;
}

/* The max-order units the rebuild left untouched (in use, frames all zero), for readers that
 * would otherwise read 1024 zero frames to learn that (ma_zone_range_is_plain_in_use()). */
static void
record_plain_units (MaZone *zone,
                    GArray *units,
                    guint8 *taken)
{
  guint max = zone->node->machine->max_order;
  guint64 first = zone->start_pfn >> max;
  guint64 n = ((zone->end_pfn - 1) >> max) - first + 1;

  zone->plain_units = g_new0 (guint64, (n + 63) / 64);
  for (guint i = 0; i < units->len; i++)
    {
      const Region *u = &g_array_index (units, Region, i);
      guint64 bit = (u->pfn >> max) - first;

      if (taken[i] == 0 && u->order == max)
        zone->plain_units[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
    }
}

/**
 * ma_zone_range_is_plain_in_use:
 * @zone: a zone
 * @lo: the first frame
 * @hi: the frame after the last
 *
 * Whether frames [@lo, @hi) are known, without reading them, to be in use with an unknown
 * owner: the zone was rebuilt from a snapshot, the rebuild wrote none of them, and nothing has
 * happened on the machine since (its event ring is where the rebuild left it). What lets the
 * map summarise a freshly opened 1 TiB snapshot without reading 4 GiB of zero frames. FALSE
 * means "read the frames".
 *
 * Returns: %TRUE when every frame of the range is plainly in use
 */
gboolean
ma_zone_range_is_plain_in_use (MaZone  *zone,
                               guint64  lo,
                               guint64  hi)
{
  MaMachine *m = zone->node->machine;
  guint max = m->max_order;
  guint64 first = zone->start_pfn >> max;

  if (!zone->reconstructed || zone->plain_units == NULL || lo >= hi || lo < zone->start_pfn
      || hi > zone->end_pfn || ma_event_ring_next_seq (m->events) != zone->rebuild_seq)
    return FALSE;
  for (guint64 u = lo >> max; u <= (hi - 1) >> max; u++)
    if (!(zone->plain_units[(u - first) / 64] & (G_GUINT64_CONSTANT (1) << ((u - first) % 64))))
      return FALSE;
  return TRUE;
}

static gboolean
reconstruct_zone (MaZone             *zone,
                  const MaZoneCounts *c,
                  GPtrArray          *notes,
                  GError            **error)
{
  MaMachine *m = zone->node->machine;
  const char *zname = ma_zone_type_name (zone->type);
  guint max = m->max_order;
  guint64 demand[MA_N_MIGRATE_TYPES][MA_MAX_ORDERS] = { { 0, } };
  g_autoptr(GArray) units = NULL;
  g_autofree guint8 *taken = NULL;
  guint64 free_blocks_pages = 0, used;
  MaOwner *unknown = g_ptr_array_index (m->owners, MA_OWNER_UNKNOWN);

  if (c->n_orders > m->nr_orders)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("Node %u %s: the snapshot has %u orders, the machine %u"), zone->node->id,
                   zname, c->n_orders, m->nr_orders);
      return FALSE;
    }

  zone_reset (zone);
  units = usable_units (zone);
  if (c->have_pageblocks)
    assign_pageblocks (zone, c, units, notes);

  for (guint k = 0; k < c->n_orders; k++)
    {
      if (c->have_mt)
        for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
          demand[mt][k] = c->nr_free_mt[k][mt];
      else
        demand[MA_MIGRATE_MOVABLE][k] = c->nr_free[k];
    }
  for (guint k = 0; k < c->n_orders; k++)
    for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
      free_blocks_pages += demand[mt][k] << k;
  if (free_blocks_pages > zone->managed)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("Node %u %s: the free blocks add up to %" PRIu64 " pages, more than "
                     "the %" PRIu64 " pages the zone manages"), zone->node->id, zname,
                   free_blocks_pages, zone->managed);
      return FALSE;
    }

  taken = g_new0 (guint8, MAX (units->len, 1));

  /* each type in its own pageblocks first; then whatever is left, anywhere */
  for (guint pass = 0; pass < 2; pass++)
    for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
      if (demand_left (demand[mt], max + 1))
        place_type (zone, units, taken, mt, demand[mt], pass == 1);

  for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
    for (guint k = 0; k <= max; k++)
      if (demand[mt][k] > 0)
        g_ptr_array_add (notes, g_strdup_printf (_("Node %u %s: %" PRIu64 " free %s "
                                                   "blocks of order %u did not fit around the "
                                                   "zone's holes and are left out"),
                                                 zone->node->id, zname, demand[mt][k],
                                                 ma_migrate_type_name (mt), k));

  if (c->pcp_pages > 0)
    {
      guint64 placed = place_pcp (zone, units, taken, c->pcp_pages);

      if (placed < c->pcp_pages)
        g_ptr_array_add (notes, g_strdup_printf (_("Node %u %s: only %" PRIu64 " of %"
                                                   PRIu64 " per-CPU pages found room"),
                                                 zone->node->id, zname, placed, c->pcp_pages));
    }

  record_plain_units (zone, units, taken);

  if (c->free_pages >= 0 && c->free_pages != zone->nr_free_pages && c->n_orders > 0)
    g_ptr_array_add (notes, g_strdup_printf (_("Node %u %s: zoneinfo says %" PRId64 " free "
                                               "pages, the free blocks hold %" PRId64
                                               " (the files were read at slightly different "
                                               "moments)"), zone->node->id, zname,
                                             c->free_pages, zone->nr_free_pages));

  /* a zone rebuilt a second time (a live view) gives back what the first rebuild counted */
  unknown->pages -= zone->used_by_kind[MA_OWNER_UNKNOWN];
  memset (zone->used_by_kind, 0, sizeof zone->used_by_kind);
  zone->used_by_kind[MA_OWNER_FIRMWARE] = zone->present - zone->managed;
  used = zone->managed - (guint64) zone->nr_free_pages - ma_zone_get_pcp_pages (zone);
  zone->used_by_kind[MA_OWNER_UNKNOWN] = used;
  unknown->pages += used;

  if (c->have_wmarks)
    {
      zone->watermark_boost = c->boost;
      for (guint i = 0; i < MA_N_WMARKS; i++)
        if (c->wmark[i] >= c->boost && (i != MA_WMARK_PROMO || c->wmark[i] > 0))
          zone->wmark[i] = c->wmark[i] - c->boost;
    }
  if (c->have_protection)
    for (guint j = 0; j < MIN (c->n_protection, zone->node->n_zones); j++)
      zone->lowmem_reserve[j] = c->protection[j];
  zone->band_low = 1;
  zone->band_high = 0;
  ma_zone_update_band (zone);
  return TRUE;
}

/**
 * ma_machine_reconstruct:
 * @zones: (array length=n_zones): what the snapshot says, per zone
 * @notes: (element-type utf8): where to add what the layout could not honour
 *
 * Rebuilds the listed zones of a freshly created machine to match the counts: free blocks per
 * order and migratetype, pageblock types, per-CPU pages, and the watermarks and protection as
 * printed. Zones not listed stay as booted.
 */
gboolean
ma_machine_reconstruct (MaMachine          *self,
                        const MaZoneCounts *zones,
                        guint               n_zones,
                        GPtrArray          *notes,
                        GError            **error)
{
  g_autoptr(GPtrArray) unwanted_notes = NULL;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (self->journal == NULL, FALSE);

  if (notes == NULL)
    notes = unwanted_notes = g_ptr_array_new_with_free_func (g_free);
  /* what an earlier rebuild recorded no longer holds once the machine has moved on: only the
   * zones rebuilt now record their plain units again */
  for (guint n = 0; n < self->n_nodes; n++)
    for (guint z = 0; z < self->nodes[n].n_zones; z++)
      g_clear_pointer (&self->nodes[n].zones[z].plain_units, g_free);

  for (guint i = 0; i < n_zones; i++)
    {
      const MaZoneCounts *c = &zones[i];
      MaZone *zone;

      if (c->node_index >= self->n_nodes
          || (zone = ma_node_get_zone_by_type (&self->nodes[c->node_index], c->type)) == NULL)
        {
          g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                       _("The snapshot names zone %s of node %u, which the machine does not have"),
                       ma_zone_type_name (c->type), c->node_index);
          return FALSE;
        }
      if (zone->managed == 0)
        continue;
      if (!reconstruct_zone (zone, c, notes, error))
        return FALSE;
    }

  ma_machine_clear_history (self);
  self->ctx_valid = FALSE;
  ma_event_ring_push (self->events, MA_EVENT_RESET, 0, 0);
  for (guint n = 0; n < self->n_nodes; n++)
    for (guint z = 0; z < self->nodes[n].n_zones; z++)
      self->nodes[n].zones[z].rebuild_seq = ma_event_ring_next_seq (self->events);
  return TRUE;
}

/* Two machines have the same shape when their nodes and zones sit at the same frames. */
static gboolean
same_shape (MaMachine *a,
            MaMachine *b)
{
  if (a->n_nodes != b->n_nodes || a->nr_orders != b->nr_orders || a->page_shift != b->page_shift)
    return FALSE;
  for (guint n = 0; n < a->n_nodes; n++)
    {
      MaNode *na = &a->nodes[n], *nb = &b->nodes[n];

      if (na->start_pfn != nb->start_pfn || na->spanned != nb->spanned || na->n_zones != nb->n_zones)
        return FALSE;
      for (guint z = 0; z < na->n_zones; z++)
        if (na->zones[z].type != nb->zones[z].type
            || na->zones[z].start_pfn != nb->zones[z].start_pfn
            || na->zones[z].spanned != nb->zones[z].spanned
            || na->zones[z].present != nb->zones[z].present
            || na->zones[z].managed != nb->zones[z].managed)
          return FALSE;
    }
  return TRUE;
}

/**
 * ma_machine_reconstruct_from:
 * @self: a machine rebuilt from a snapshot, with no actions of its own
 * @source: a machine rebuilt from a later snapshot of the same computer
 *
 * Rebuilds @self's zones from @source's counts: how a live view moves on to the next moment
 * while the map, its viewport and the history recorded on @self stay. Fails, leaving @self as
 * it was, when the two differ in shape (memory was hot-plugged, or a zone's managed pages
 * changed): the caller then starts over with @source.
 */
gboolean
ma_machine_reconstruct_from (MaMachine  *self,
                             MaMachine  *source,
                             GPtrArray  *notes,
                             GError    **error)
{
  g_autoptr(GArray) counts = NULL;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (MA_IS_MACHINE (source), FALSE);

  if (!same_shape (self, source))
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("The machine’s nodes or zones changed size since the last snapshot"));
      return FALSE;
    }

  counts = g_array_new (FALSE, TRUE, sizeof (MaZoneCounts));
  for (guint n = 0; n < source->n_nodes; n++)
    for (guint z = 0; z < source->nodes[n].n_zones; z++)
      {
        MaZone *zone = &source->nodes[n].zones[z];
        MaZoneCounts c = { 0, };

        if (zone->managed == 0)
          continue;
        c.node_index = n;
        c.type = zone->type;
        c.free_pages = ma_zone_get_free_pages (zone);
        c.n_orders = source->nr_orders;
        c.have_mt = TRUE;
        c.have_pageblocks = TRUE;
        for (guint k = 0; k < source->nr_orders; k++)
          {
            c.nr_free[k] = ma_zone_get_nr_free (zone, k);
            for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
              c.nr_free_mt[k][mt] = ma_zone_get_nr_free_list (zone, k, mt);
          }
        for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
          c.pageblocks[mt] = ma_zone_get_pageblocks_of_type (zone, mt);
        c.pcp_pages = ma_zone_get_pcp_pages (zone);
        c.have_wmarks = TRUE;
        for (guint w = 0; w < MA_N_WMARKS; w++)
          c.wmark[w] = ma_zone_get_watermark (zone, w);
        c.boost = ma_zone_get_boost (zone);
        c.have_protection = TRUE;
        c.n_protection = source->nodes[n].n_zones;
        for (guint t = 0; t < c.n_protection; t++)
          c.protection[t] = ma_zone_get_lowmem_reserve (zone, t);
        g_array_append_val (counts, c);
      }
  return ma_machine_reconstruct (self, (const MaZoneCounts *) counts->data, counts->len, notes,
                                 error);
}
