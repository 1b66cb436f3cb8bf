/* ma-page-states.c: a machine's real layout, applied frame by frame
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot without page flags only says how many free blocks a zone has, and the engine lays
 * them out itself (ma-reconstruct.c). A snapshot with /proc/kpageflags says what every frame
 * is. This file takes that second kind of description as a stream of runs of neutral frame
 * states, and rewrites each zone the stream covers so that its frames, free lists, per-CPU
 * lists and counters all say the same thing; the zone is then no longer "reconstructed".
 *
 * The machine description stays the authority on which frames exist: holes and reserved
 * frames are where the MaMachineSpec puts them (a caller that knows better builds the spec
 * from what it knows), and watermarks and protection stay as installed. Only the managed
 * frames take their state from the stream. What cannot exist in a real buddy allocator is not
 * copied in: a free block not aligned to its order, crossing its zone's end, covering a hole or
 * a reserved frame, cut short, or a free tail without a head is shown in use (owner unknown)
 * and counted in a note. Two free buddies of one order are merged, as __free_one_page() would
 * have merged them, so ma_machine_check() holds whatever the stream says.
 *
 * Every frame of a rewritten zone is written: in a zone that is not reconstructed a zero frame
 * is a free tail, not a page in use. Free tails that are already zero are only read, so the
 * untouched pages of a fresh machine's frame array stay shared zero pages.
 */
#define G_LOG_DOMAIN "ma-page-states"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-machine-private.h"
#include "ma-page-states.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

/* What the machine description says a frame is. */
typedef enum
{
  LAYOUT_MANAGED,
  LAYOUT_RESERVED,
  LAYOUT_HOLE,
} Layout;

/* Why frames a state calls free are shown in use instead. */
typedef enum
{
  BAD_ALIGN,      /* head not aligned to its order */
  BAD_CROSSING,   /* block crosses the zone's end */
  BAD_ORDER,      /* order above the machine's largest */
  BAD_COVERS,     /* block covers a hole or a reserved frame */
  BAD_SHORT,      /* fewer tails than the order says */
  BAD_STRAY,      /* free tails without a head (counted in frames) */
  N_BAD
} Bad;

typedef struct
{
  MaMachine       *m;
  MaPageStateFunc  get;
  gpointer         user_data;
  guint64          end_pfn;

  /* the source's current run */
  gboolean         have_run;
  gboolean         exhausted;
  guint64          run_start;
  guint64          run_end;
  MaPageState      run;

  /* the zone being rewritten */
  MaZone          *zone;
  guint            pcp_cpu;
  guint64          by_kind[MA_N_OWNER_KINDS];
  guint64          bad[N_BAD];
  guint64          merged;
  guint64          on_layout;       /* said free or in use where the machine has no memory */
  guint64          hole_in_memory;  /* said hole where the machine has memory */
  guint64          ended_at;        /* where the source ended, G_MAXUINT64 if it did not */

  /* the free block being assembled: [head, block_end), frames up to next seen */
  gboolean         pending;
  gboolean         valid;
  Bad              why;
  guint64          head;
  guint64          next;
  guint64          block_end;
  guint            order;
} Apply;

/* ------------------------------------------------------------------------------------------ */
/* The machine description */

/* The first range of a sorted, disjoint array that ends after pfn. */
static guint
range_after (GArray  *ranges,
             guint64  pfn)
{
  guint lo = 0, hi = ranges->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (ranges, MaPfnRange, mid).end <= pfn)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* What the description says of pfn, and the end (within the zone) of the frames it says the
 * same of. */
static Layout
layout_at (MaZone  *zone,
           guint64  pfn,
           guint64 *out_end)
{
  const MaNodeSpec *ns = &zone->node->machine->spec->nodes[zone->node->index];
  guint64 end = zone->end_pfn;
  guint i = range_after (ns->memory, pfn), j;
  const MaPfnRange *r;

  if (i == ns->memory->len || g_array_index (ns->memory, MaPfnRange, i).start > pfn)
    {
      if (i < ns->memory->len)
        end = MIN (end, g_array_index (ns->memory, MaPfnRange, i).start);
      *out_end = end;
      return LAYOUT_HOLE;
    }
  end = MIN (end, g_array_index (ns->memory, MaPfnRange, i).end);
  j = range_after (ns->reserved, pfn);
  if (j < ns->reserved->len)
    {
      r = &g_array_index (ns->reserved, MaPfnRange, j);
      if (r->start <= pfn)
        {
          *out_end = MIN (end, r->end);
          return LAYOUT_RESERVED;
        }
      end = MIN (end, r->start);
    }
  *out_end = end;
  return LAYOUT_MANAGED;
}

/* ------------------------------------------------------------------------------------------ */
/* Frames */

static inline void
put_frame (MaZone  *zone,
           guint64  pfn,
           guint32  word0,
           guint32  word1)
{
  MaFrame *f = ma_zone_frame (zone, pfn);

  f->word0 = word0;
  f->word1 = word1;
  f->next = f->prev = MA_LINK_NONE;
}

/* A free tail is a zero frame; one already zero is left unwritten. */
static void
put_free_tails (MaZone  *zone,
                guint64  pfn,
                guint64  end)
{
  for (; pfn < end; pfn++)
    {
      MaFrame *f = ma_zone_frame (zone, pfn);

      if ((f->word0 | f->word1 | f->next | f->prev) != 0)
        memset (f, 0, sizeof *f);
    }
}

static void
put_used (Apply       *a,
          guint64      pfn,
          guint64      end,
          MaOwnerKind  kind)
{
  guint32 w0, w1;

  if (kind == MA_OWNER_UNKNOWN || kind == MA_OWNER_NONE || kind >= MA_N_OWNER_KINDS)
    {
      /* in use, nobody says by whom: the state a reconstructed zone implies */
      kind = MA_OWNER_UNKNOWN;
      w0 = ma_frame_pack_word0 (MA_FRAME_IN_USE, 0, 0, 1, 0, 0);
    }
  else
    w0 = ma_frame_pack_word0 (MA_FRAME_ALLOC_HEAD, 0, 0, 1, 0, 0);
  w1 = ma_frame_pack_word1 (ma_machine_default_owner (a->m, kind), 0);
  for (guint64 p = pfn; p < end; p++)
    put_frame (a->zone, p, w0, w1);
  a->by_kind[kind] += end - pfn;
}

/* Per-CPU pages go on the node's first CPU, on the list of their pageblock's type. */
static void
put_pcp (Apply   *a,
         guint64  pfn,
         guint64  end)
{
  MaZone *zone = a->zone;
  MaPcp *pcp = &zone->pcp[a->pcp_cpu];

  for (guint64 p = pfn; p < end; p++)
    {
      MaMigrateType mt = ma_pageblock_mt (zone, p);
      guint list = mt < MA_MIGRATE_PCPTYPES ? mt : MA_MIGRATE_MOVABLE;
      guint32 link = ma_zone_link_of (zone, p);
      MaFrame *f = ma_zone_frame (zone, p);

      f->word0 = ma_frame_pack_word0 (MA_FRAME_PCP, 0, 0, 0, 0, 0);
      f->word1 = ma_frame_pack_word1 (a->pcp_cpu, list | ((guint) mt << 2));
      f->next = MA_LINK_NONE;
      f->prev = pcp->tail[list];
      if (pcp->tail[list] != MA_LINK_NONE)
        zone->node->frames[pcp->tail[list]].next = link;
      else
        pcp->head[list] = link;
      pcp->tail[list] = link;
      pcp->len[list]++;
      pcp->count++;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Free blocks */

/* Whether the allocator leaves these two free buddies apart (KERNEL.md §4.3: from 5.18, blocks
 * of a pageblock or more whose types are not both mergeable), as ma_machine_check() allows. */
static gboolean
may_stay_apart (MaZone  *zone,
                guint64  pfn,
                guint64  buddy,
                guint    order)
{
  MaMachine *m = zone->node->machine;
  MaMigrateType a, b;

  if (order < m->pageblock_order || m->kernel < V (5, 18, 0))
    return FALSE;
  a = ma_pageblock_mt (zone, pfn);
  b = ma_pageblock_mt (zone, buddy);
  return a != b && (a >= MA_MIGRATE_PCPTYPES || b >= MA_MIGRATE_PCPTYPES);
}

/* A whole, valid free block: merged with its lower buddy while that one is free and of the same
 * order (its upper buddy comes later in the stream and merges then), and put on the free list
 * of its pageblock's type, at the tail so that lists stay in pfn order. */
static void
add_block (Apply   *a,
           guint64  pfn,
           guint    order)
{
  MaZone *zone = a->zone;

  while (order < a->m->max_order)
    {
      guint64 buddy = pfn ^ ((guint64) 1 << order);
      const MaFrame *b;

      if (buddy > pfn || buddy < zone->start_pfn)
        break;
      b = ma_zone_frame (zone, buddy);
      if (ma_frame_state (b) != MA_FRAME_FREE_HEAD || ma_frame_order (b) != order
          || may_stay_apart (zone, pfn, buddy, order))
        break;
      ma_buddy_list_del (zone, buddy, order, (MaMigrateType) ma_frame_owner (b));
      memset (ma_zone_frame (zone, buddy), 0, sizeof (MaFrame));
      pfn = buddy;
      order++;
      a->merged++;
    }
  ma_buddy_list_add (zone, pfn, order, ma_pageblock_mt (zone, pfn), TRUE);
}

/* The pending block ends before its last tail: what was seen of it is in use (the frames of
 * a block already found invalid are in use as they came). */
static void
drop_pending (Apply *a)
{
  if (!a->pending)
    return;
  if (a->valid)
    {
      a->bad[BAD_SHORT]++;
      put_used (a, a->head, a->next, MA_OWNER_UNKNOWN);
    }
  a->pending = FALSE;
}

static void
start_block (Apply   *a,
             guint64  pfn,
             guint    order,
             guint64  managed_end)
{
  MaZone *zone = a->zone;

  drop_pending (a);
  a->pending = TRUE;
  a->valid = TRUE;
  a->head = pfn;
  a->next = pfn;
  a->order = order;
  {
    guint64 size = order < 63 ? (guint64) 1 << order : G_MAXUINT64;

    /* an invalid block still takes its tails, up to the zone's end, so that they are not
     * counted again as strays */
    a->block_end = pfn + MIN (size, zone->end_pfn - pfn);
    if (order > a->m->max_order)
      {
        a->valid = FALSE;
        a->why = BAD_ORDER;
      }
    else if (pfn & (size - 1))
        {
          a->valid = FALSE;
          a->why = BAD_ALIGN;
        }
    else if (pfn + size > zone->end_pfn)
      {
        a->valid = FALSE;
        a->why = BAD_CROSSING;
      }
    else if (pfn + size > managed_end)
      {
        a->valid = FALSE;
        a->why = BAD_COVERS;
      }
  }
  if (!a->valid)
    a->bad[a->why]++;
}

/* Free frames [pfn, end): the pending block's tails as far as it reaches, strays beyond. */
static void
take_tails (Apply   *a,
            guint64  pfn,
            guint64  end)
{
  if (a->pending && a->next == pfn)
    {
      guint64 stop = MIN (end, a->block_end);

      if (a->valid)
        put_free_tails (a->zone, pfn, stop);
      else
        put_used (a, pfn, stop, MA_OWNER_UNKNOWN);
      a->next = stop;
      if (stop == a->block_end)
        {
          if (a->valid)
            add_block (a, a->head, a->order);
          a->pending = FALSE;
        }
      pfn = stop;
    }
  if (pfn < end)
    {
      drop_pending (a);
      a->bad[BAD_STRAY] += end - pfn;
      put_used (a, pfn, end, MA_OWNER_UNKNOWN);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* One zone */

static void
zone_begin (Apply  *a,
            MaZone *zone)
{
  MaMachine *m = a->m;
  MaOwner *owners[MA_N_OWNER_KINDS];

  a->zone = zone;
  a->pcp_cpu = zone->node->n_cpus > 0 ? zone->node->first_cpu : 0;
  memset (a->by_kind, 0, sizeof a->by_kind);
  memset (a->bad, 0, sizeof a->bad);
  a->merged = a->on_layout = a->hole_in_memory = 0;
  a->ended_at = G_MAXUINT64;
  a->pending = FALSE;

  /* the zone's pages go back from the owners; they are counted again frame by frame */
  for (guint k = 1; k < MA_N_OWNER_KINDS; k++)
    {
      owners[k] = g_ptr_array_index (m->owners, ma_machine_default_owner (m, k));
      owners[k]->pages -= zone->used_by_kind[k];
    }
  memset (zone->used_by_kind, 0, sizeof zone->used_by_kind);

  /* empty lists; their old frames are rewritten with the rest */
  for (guint k = 0; k < MA_MAX_ORDERS; k++)
    for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
      {
        zone->free_list[k][mt].head = zone->free_list[k][mt].tail = MA_LINK_NONE;
        zone->free_list[k][mt].len = 0;
      }
  for (guint c = 0; c < m->n_cpus; c++)
    {
      MaPcp *pcp = &zone->pcp[c];

      for (guint l = 0; l < MA_MIGRATE_PCPTYPES; l++)
        {
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
}

/* The n of a plural form. */
static inline gulong
plural (guint64 n)
{
  return (gulong) MIN (n, (guint64) G_MAXULONG);
}

/* A note about the zone being rewritten, when count is not 0; the format (a g_dngettext() of
 * count, so that xgettext finds both forms) names the node and the zone, then the count. */
#define ZONE_NOTE(notes, a, count, format) \
  G_STMT_START { \
    if ((count) > 0) \
      g_ptr_array_add ((notes), g_strdup_printf ((format), (a)->zone->node->id, \
                                                 ma_zone_type_name ((a)->zone->type), \
                                                 (guint64) (count))); \
  } G_STMT_END

static void
zone_end (Apply     *a,
          GPtrArray *notes)
{
  MaZone *zone = a->zone;
  MaMachine *m = a->m;

  drop_pending (a);
  for (guint k = 1; k < MA_N_OWNER_KINDS; k++)
    {
      zone->used_by_kind[k] = a->by_kind[k];
      ((MaOwner *) g_ptr_array_index (m->owners, ma_machine_default_owner (m, k)))->pages +=
        a->by_kind[k];
    }
  zone->reconstructed = FALSE;
  zone->band_low = 1;
  zone->band_high = 0;
  ma_zone_update_band (zone);

  if (notes == NULL)
    return;
  ZONE_NOTE (notes, a, a->bad[BAD_ALIGN],
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " free block is not aligned to its order; it is "
                          "shown in use",
                          "Node %u %s: %" PRIu64 " free blocks are not aligned to their order; "
                          "they are shown in use",
                          plural (a->bad[BAD_ALIGN])));
  ZONE_NOTE (notes, a, a->bad[BAD_CROSSING],
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " free block crosses the end of the zone; it is "
                          "shown in use",
                          "Node %u %s: %" PRIu64 " free blocks cross the end of the zone; they "
                          "are shown in use",
                          plural (a->bad[BAD_CROSSING])));
  ZONE_NOTE (notes, a, a->bad[BAD_ORDER],
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " free block is larger than the largest order; "
                          "it is shown in use",
                          "Node %u %s: %" PRIu64 " free blocks are larger than the largest "
                          "order; they are shown in use",
                          plural (a->bad[BAD_ORDER])));
  ZONE_NOTE (notes, a, a->bad[BAD_COVERS],
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " free block covers holes or reserved frames; "
                          "it is shown in use",
                          "Node %u %s: %" PRIu64 " free blocks cover holes or reserved frames; "
                          "they are shown in use",
                          plural (a->bad[BAD_COVERS])));
  ZONE_NOTE (notes, a, a->bad[BAD_SHORT],
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " free block has fewer frames than its order "
                          "says; it is shown in use",
                          "Node %u %s: %" PRIu64 " free blocks have fewer frames than their "
                          "order says; they are shown in use",
                          plural (a->bad[BAD_SHORT])));
  ZONE_NOTE (notes, a, a->bad[BAD_STRAY],
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " free frame belongs to no free block; it is "
                          "shown in use",
                          "Node %u %s: %" PRIu64 " free frames belong to no free block; they are "
                          "shown in use",
                          plural (a->bad[BAD_STRAY])));
  ZONE_NOTE (notes, a, a->merged,
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " pair of free buddies of one order was merged, "
                          "as the allocator merges them",
                          "Node %u %s: %" PRIu64 " pairs of free buddies of one order were "
                          "merged, as the allocator merges them",
                          plural (a->merged)));
  ZONE_NOTE (notes, a, a->on_layout,
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " frame said to be free or in use is a hole or "
                          "a reserved frame of the machine",
                          "Node %u %s: %" PRIu64 " frames said to be free or in use are holes or "
                          "reserved frames of the machine",
                          plural (a->on_layout)));
  ZONE_NOTE (notes, a, a->hole_in_memory,
             g_dngettext (GETTEXT_PACKAGE,
                          "Node %u %s: %" PRIu64 " frame said to be a hole is memory of the "
                          "machine; it is shown in use",
                          "Node %u %s: %" PRIu64 " frames said to be holes are memory of the "
                          "machine; they are shown in use",
                          plural (a->hole_in_memory)));
  if (a->ended_at != G_MAXUINT64)
    g_ptr_array_add (notes, g_strdup_printf (_("Node %u %s: the page states end at pfn %"
                                               PRIu64 "; the frames from there on are shown "
                                               "in use"), zone->node->id,
                                             ma_zone_type_name (zone->type), a->ended_at));
}

/* The source's state of pfn, and the end of the frames that share it. */
static gboolean
state_at (Apply        *a,
          guint64       pfn,
          MaPageState  *out,
          guint64      *out_end)
{
  if (!a->have_run || pfn >= a->run_end)
    {
      guint64 n;

      if (a->exhausted || pfn >= a->end_pfn)
        return FALSE;
      memset (&a->run, 0, sizeof a->run);
      n = a->get (pfn, &a->run, a->user_data);
      if (n == 0)
        {
          a->exhausted = TRUE;
          return FALSE;
        }
      a->have_run = TRUE;
      a->run_start = pfn;
      a->run_end = pfn + MIN (n, a->end_pfn - pfn);
    }
  *out = a->run;
  /* a head run goes on with its tails */
  if (out->kind == MA_PAGE_FREE_HEAD && pfn > a->run_start)
    out->kind = MA_PAGE_FREE_TAIL;
  *out_end = a->run_end;
  return TRUE;
}

static void
rewrite_zone (Apply     *a,
              MaZone    *zone,
              GPtrArray *notes)
{
  guint64 pfn = zone->start_pfn;

  zone_begin (a, zone);
  while (pfn < zone->end_pfn)
    {
      MaPageState st;
      guint64 run_end, layout_end, end;
      Layout layout = layout_at (zone, pfn, &layout_end);

      if (!state_at (a, pfn, &st, &run_end))
        {
          /* the source ended: the rest is in use, owner unknown, except what has no memory */
          if (a->ended_at == G_MAXUINT64)
            a->ended_at = pfn;
          st.kind = MA_PAGE_USED;
          st.owner = MA_OWNER_UNKNOWN;
          run_end = zone->end_pfn;
        }
      end = MIN (run_end, layout_end);
      /* a head is one frame; the frames after it are its tails */
      if (st.kind == MA_PAGE_FREE_HEAD)
        end = pfn + 1;

      if (layout != LAYOUT_MANAGED)
        {
          guint32 w0, w1;

          drop_pending (a);
          if (layout == LAYOUT_HOLE)
            {
              w0 = ma_frame_pack_word0 (MA_FRAME_HOLE, 0, 0, 0, 0, 0);
              w1 = 0;
            }
          else
            {
              w0 = ma_frame_pack_word0 (MA_FRAME_RESERVED, 0, 0, 1, 0, 0);
              w1 = ma_frame_pack_word1 (MA_OWNER_FIRMWARE, 0);
              a->by_kind[MA_OWNER_FIRMWARE] += end - pfn;
            }
          if (st.kind != MA_PAGE_HOLE && st.kind != MA_PAGE_RESERVED && a->ended_at == G_MAXUINT64)
            a->on_layout += end - pfn;
          for (guint64 p = pfn; p < end; p++)
            {
              MaFrame *f = ma_zone_frame (zone, p);

              if (f->word0 != w0 || f->word1 != w1)
                put_frame (zone, p, w0, w1);
            }
          pfn = end;
          continue;
        }

      switch (st.kind)
        {
        case MA_PAGE_FREE_HEAD:
          start_block (a, pfn, st.order, layout_end);
          take_tails (a, pfn, pfn + 1);
          break;

        case MA_PAGE_FREE_TAIL:
          take_tails (a, pfn, end);
          break;

        case MA_PAGE_PCP:
          drop_pending (a);
          put_pcp (a, pfn, end);
          break;

        case MA_PAGE_RESERVED:
          /* a managed page marked reserved later (a driver's buffer): in use, as reserved */
          drop_pending (a);
          put_used (a, pfn, end, MA_OWNER_FIRMWARE);
          break;

        case MA_PAGE_HOLE:
          drop_pending (a);
          a->hole_in_memory += end - pfn;
          put_used (a, pfn, end, MA_OWNER_UNKNOWN);
          break;

        case MA_PAGE_USED:
        default:
          drop_pending (a);
          put_used (a, pfn, end, st.owner);
          break;
        }
      pfn = end;
    }
  zone_end (a, notes);
}

static gboolean
simulates_pages (MaMachine *self)
{
  for (guint i = MA_N_OWNER_KINDS; i < self->owners->len; i++)
    if (((MaOwner *) g_ptr_array_index (self->owners, i))->pages > 0)
      return TRUE;
  for (guint n = 0; n < self->n_nodes; n++)
    for (guint l = 0; l < MA_N_LRU; l++)
      if (self->nodes[n].lru_len[l] > 0)
        return TRUE;
  return FALSE;
}

static int
compare_zone_starts (gconstpointer x,
                     gconstpointer y)
{
  const MaZone *a = *(MaZone * const *) x, *b = *(MaZone * const *) y;

  return a->start_pfn < b->start_pfn ? -1 : a->start_pfn > b->start_pfn ? 1 : 0;
}

/**
 * ma_machine_apply_page_states:
 * @self: a machine with no simulated processes or page cache (fresh from ma_machine_new(), or
 *   rebuilt by ma_machine_reconstruct())
 * @first_pfn: the first frame the source describes
 * @n_frames: how many frames it describes
 * @get: (scope call): the source of frame states
 * @user_data: data for @get
 * @notes: (element-type utf8) (nullable): where to add what could not be taken as said
 * @error: return location for a %MA_MACHINE_ERROR
 *
 * Rewrites every zone that lies wholly inside [@first_pfn, @first_pfn + @n_frames) to the
 * states @get gives: free blocks on the free lists of their pageblock's type, per-CPU pages on
 * the node's first CPU, pages in use with their owner kind, and every counter to match. Holes
 * and reserved frames stay where the machine description has them; watermarks and protection
 * stay as they were. A free block that cannot be one (not aligned, crossing the zone's end,
 * covering a hole, cut short) is shown in use and counted in @notes. The zones rewritten are no
 * longer reconstructed: their layout is real. Zones the source covers only in part are left
 * as they were, with a note.
 *
 * Returns: %FALSE (and nothing changed) if the machine simulates processes or page cache
 */
gboolean
ma_machine_apply_page_states (MaMachine        *self,
                              guint64           first_pfn,
                              guint64           n_frames,
                              MaPageStateFunc   get,
                              gpointer          user_data,
                              GPtrArray        *notes,
                              GError          **error)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new ();
  Apply a = { 0, };
  guint64 end_pfn;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (get != NULL, FALSE);
  g_return_val_if_fail (self->journal == NULL, FALSE);

  /* Pages of simulated owners sit on LRU lists and in page maps that a rewrite would leave
   * pointing at frames that are something else now. */
  if (simulates_pages (self))
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("The real layout can only be applied to a machine that simulates no "
                     "processes or page cache"));
      return FALSE;
    }

  end_pfn = n_frames > G_MAXUINT64 - first_pfn ? G_MAXUINT64 : first_pfn + n_frames;
  for (guint n = 0; n < self->n_nodes; n++)
    for (guint z = 0; z < self->nodes[n].n_zones; z++)
      {
        MaZone *zone = &self->nodes[n].zones[z];

        if (zone->spanned == 0 || zone->end_pfn <= first_pfn || zone->start_pfn >= end_pfn)
          continue;
        if (zone->start_pfn >= first_pfn && zone->end_pfn <= end_pfn)
          g_ptr_array_add (zones, zone);
        else if (notes != NULL)
          g_ptr_array_add (notes, g_strdup_printf (_("Node %u %s spans pfn %" PRIu64 " to %"
                                                     PRIu64 ", beyond the page states (pfn %"
                                                     PRIu64 " to %" PRIu64 "); it is left as "
                                                     "it was"), self->nodes[n].id,
                                                   ma_zone_type_name (zone->type),
                                                   zone->start_pfn, zone->end_pfn, first_pfn,
                                                   end_pfn));
      }
  g_ptr_array_sort (zones, compare_zone_starts);

  a.m = self;
  a.get = get;
  a.user_data = user_data;
  a.end_pfn = end_pfn;
  for (guint i = 0; i < zones->len; i++)
    rewrite_zone (&a, g_ptr_array_index (zones, i), notes);

  ma_machine_clear_history (self);
  self->ctx_valid = FALSE;
  self->last_free_zone = NULL;
  ma_event_ring_push (self->events, MA_EVENT_RESET, 0, 0);
  return TRUE;
}

typedef struct
{
  const MaPageStateRun *runs;
  guint                 n_runs;
  guint                 index;
  guint64               start;     /* first pfn of runs[index] */
} RunCursor;

static guint64
runs_get (guint64      pfn,
          MaPageState *state,
          gpointer     user_data)
{
  RunCursor *c = user_data;

  while (c->index < c->n_runs && c->start + c->runs[c->index].length <= pfn)
    c->start += c->runs[c->index++].length;
  if (c->index == c->n_runs)
    return 0;
  *state = c->runs[c->index].state;
  if (pfn > c->start && state->kind == MA_PAGE_FREE_HEAD)
    state->kind = MA_PAGE_FREE_TAIL;   /* asked from inside a head run: its tails */
  return c->start + c->runs[c->index].length - pfn;
}

/**
 * ma_machine_apply_page_state_runs:
 * @self: a machine (see ma_machine_apply_page_states())
 * @first_pfn: the frame the first run starts at
 * @runs: (array length=n_runs): consecutive runs of frame states
 * @n_runs: number of runs
 * @notes: (element-type utf8) (nullable): where to add what could not be taken as said
 * @error: return location for a %MA_MACHINE_ERROR
 *
 * ma_machine_apply_page_states() from an array of runs.
 *
 * Returns: %FALSE (and nothing changed) if the machine simulates processes or page cache
 */
gboolean
ma_machine_apply_page_state_runs (MaMachine            *self,
                                  guint64               first_pfn,
                                  const MaPageStateRun *runs,
                                  guint                 n_runs,
                                  GPtrArray            *notes,
                                  GError              **error)
{
  RunCursor c = { runs, n_runs, 0, first_pfn };
  guint64 n = 0;

  g_return_val_if_fail (runs != NULL || n_runs == 0, FALSE);

  for (guint i = 0; i < n_runs; i++)
    n += runs[i].length;
  return ma_machine_apply_page_states (self, first_pfn, n, runs_get, &c, notes, error);
}
