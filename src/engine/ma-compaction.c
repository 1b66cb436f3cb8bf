/* ma-compaction.c: memory compaction and the OOM killer
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * compact_zone() (mm/compaction.c) runs two scanners towards each other: the migration scanner
 * from the zone's start looks for movable pages (on an LRU list), the free scanner from the end
 * isolates free pages; each movable page is copied to an isolated free page and its old frame
 * freed, so that free memory gathers at the start of the zone where it merges into large blocks.
 * The engine moves real pages: the page's owner, index and flags go to the new frame, its place
 * in the LRU list and in its owner's page map follow.
 *
 * The OOM killer (mm/oom_kill.c) picks the process with the highest badness, rss + swap + page
 * tables + oom_score_adj × (managed + swap) / 1000, never one with oom_score_adj -1000, and kills
 * it: everything it had comes back at once.
 */
#define G_LOG_DOMAIN "ma-compaction"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-machine-private.h"

/* Whether the zone now has a free block of the order on a list movable and unmovable requests
 * may use. */
static gboolean
has_block (MaZone *zone,
           guint   order)
{
  MaMachine *m = zone->node->machine;

  for (guint k = order; k <= m->max_order; k++)
    for (guint mt = 0; mt < MA_MIGRATE_PCPTYPES; mt++)
      if (zone->free_list[k][mt].len > 0)
        return TRUE;
  return FALSE;
}

/* isolate_freepages_block(): every free block of the pageblock becomes single isolated pages. */
static void
isolate_free_pageblock (MaZone *zone,
                        guint64 start,
                        GArray *isolated)
{
  MaMachine *m = zone->node->machine;
  guint64 end = MIN (start + m->pageblock_nr_pages, zone->end_pfn);

  for (guint64 p = MAX (start, zone->start_pfn); p < end;)
    {
      const MaFrame *f = ma_zone_frame (zone, p);
      guint order;

      if (ma_frame_state (f) != MA_FRAME_FREE_HEAD)
        {
          p++;
          continue;
        }
      order = ma_frame_order (f);
      ma_buddy_list_del (zone, p, order, (MaMigrateType) ma_frame_owner (f));
      for (guint64 i = 0; i < ((guint64) 1 << order); i++)
        {
          guint64 q = p + i;

          /* held by compaction: an order-0 block of nobody */
          ma_frame_write (zone, q, ma_frame_pack_word0 (MA_FRAME_ALLOC_HEAD, 0, 0, 1, 0, 0),
                          ma_frame_pack_word1 (MA_OWNER_NONE, 0));
          g_array_append_val (isolated, q);
        }
      p += (guint64) 1 << order;
    }
}

/* Copies the page at src to the isolated frame dst and frees src. */
static void
migrate_page (MaZone  *zone,
              guint64  src,
              guint64  dst)
{
  MaMachine *m = zone->node->machine;
  const MaFrame *f = ma_zone_frame (zone, src);
  guint owner = ma_frame_owner (f);
  guint32 index = ma_frame_index (f);

  ma_frame_write (zone, dst, f->word0, f->word1);
  ma_lru_replace (zone, src, dst, ma_lru_of_frame (f));
  ma_owner_map_set (m, owner, index, dst);

  /* the old frame is free */
  ma_frame_write (zone, src, 0, 0);
  ma_buddy_free_one (zone, src, 0, ma_pageblock_mt (zone, src), FALSE);
}

/**
 * ma_machine_compact_zone:
 * @out_migrated: (out) (optional): pages moved
 *
 * compact_zone(): moves movable pages to the end of the zone until a free block of the order
 * exists or the scanners meet.
 *
 * Returns: whether a free block of the order exists afterwards
 */
gboolean
ma_machine_compact_zone (MaMachine *self,
                         MaZone    *zone,
                         guint      order,
                         guint64   *out_migrated)
{
  guint64 pb = self->pageblock_nr_pages;
  guint64 migrate = zone->start_pfn & ~(pb - 1);
  guint64 free_scan = (zone->end_pfn - 1) & ~(pb - 1);
  g_autoptr(GArray) isolated = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 migrated = 0;
  guint next = 0;
  gboolean done;

  ma_event_ring_push_notable (self->events, MA_EVENT_COMPACTION_BEGIN, zone->start_pfn, order, 0,
                              zone->node->index, zone->zone_idx, 0);

  done = has_block (zone, order);
  while (!done && migrate < free_scan)
    {
      guint64 end = MIN (migrate + pb, zone->end_pfn);

      for (guint64 p = MAX (migrate, zone->start_pfn); p < end && !done; p++)
        {
          const MaFrame *f = ma_zone_frame (zone, p);

          if (ma_frame_state (f) != MA_FRAME_ALLOC_HEAD || ma_frame_order (f) != 0
              || !(ma_frame_flags (f) & MA_PG_LRU) || (ma_frame_flags (f) & MA_PG_WRITEBACK))
            continue;
          /* a target from the free scanner, which walks down from the zone's end */
          while (next >= isolated->len && free_scan > migrate)
            {
              if (ma_pageblock_mt (zone, free_scan) == MA_MIGRATE_MOVABLE)
                isolate_free_pageblock (zone, free_scan, isolated);
              free_scan -= pb;
            }
          if (next >= isolated->len)
            break;
          migrate_page (zone, p, g_array_index (isolated, guint64, next++));
          migrated++;
          if ((migrated & 31) == 0)
            done = has_block (zone, order);
        }
      done = done || has_block (zone, order);
      migrate += pb;
    }

  /* release_freepages(): what was isolated and not used goes back */
  for (; next < isolated->len; next++)
    {
      guint64 p = g_array_index (isolated, guint64, next);

      ma_frame_write (zone, p, 0, 0);
      ma_buddy_free_one (zone, p, 0, ma_pageblock_mt (zone, p), FALSE);
    }
  done = has_block (zone, order);
  ma_zone_update_band (zone);

  ma_event_ring_push_notable (self->events, MA_EVENT_COMPACTION_END, zone->start_pfn, order,
                              (guint32) MIN (migrated, G_MAXUINT32), zone->node->index,
                              zone->zone_idx, done);
  if (out_migrated)
    *out_migrated = migrated;
  return done;
}

/**
 * ma_machine_oom_kill:
 * @out_reason: (out) (optional): why that process
 *
 * out_of_memory(): kills the process with the highest badness.
 *
 * Returns: the pid killed, or -1 when no process may be killed
 */
gint
ma_machine_oom_kill (MaMachine   *self,
                     const char **out_reason)
{
  guint64 total = self->swap_total, best_points = 0;
  gint best = -1;

  for (guint n = 0; n < self->n_nodes; n++)
    for (guint z = 0; z < self->nodes[n].n_zones; z++)
      total += self->nodes[n].zones[z].managed;

  for (guint i = 0; i < self->processes->len; i++)
    {
      MaProcess *p = &g_array_index (self->processes, MaProcess, i);
      gint64 points;

      if (!p->alive || p->oom_score_adj == -1000)
        continue;
      points = (gint64) (((MaOwner *) g_ptr_array_index (self->owners, p->anon_owner))->pages
                         + p->swap
                         + ((MaOwner *) g_ptr_array_index (self->owners, p->pagetable_owner))->pages);
      points += (gint64) p->oom_score_adj * (gint64) total / 1000;
      if (points <= 0)
        points = 1;
      if (best < 0 || (guint64) points > best_points)
        {
          best = (gint) i;
          best_points = (guint64) points;
        }
    }
  if (best < 0)
    {
      if (out_reason)
        *out_reason = "no killable process";
      return -1;
    }
  {
    MaProcess *p = &g_array_index (self->processes, MaProcess, best);
    guint pid = p->pid;

    ma_event_ring_push_notable (self->events, MA_EVENT_OOM_KILL, 0, 0, pid, 0, 0, 0);
    ma_machine_process_exit (self, pid);
    if (out_reason)
      *out_reason = "largest badness";
    return (gint) pid;
  }
}
