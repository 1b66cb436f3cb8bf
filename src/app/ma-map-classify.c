/* ma-map-classify.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads frames block by block rather than frame by frame: a block head says what its 2^order
 * frames are, so the tails are never read (they carry the head's owner anyway). On a machine
 * filled by the standard workload most memory sits in large blocks, and a freshly booted zone
 * keeps its max-order blocks implicit (free tails with no head written), recognised by finding
 * no head at any aligned position. Only order-0 pages cost one read each.
 */
#define G_LOG_DOMAIN "ma-map-classify"

#include "config.h"

#include <string.h>

#include "ma-map-classify.h"
#include "ma-reconstruct.h"

struct _MaMapClassifier
{
  MaMachine   *machine;
  MaColorMode  mode;
  guint        max_order;
  guint        pageblock_order;
  GByteArray  *owner_cat;   /* owner id -> state category of its pages */

  /* the last pageblock looked up */
  guint64      mt_pageblock;
  guint8       mt_value;
};

MaMapClassifier *
ma_map_classifier_new (MaMachine   *machine,
                       MaColorMode  mode)
{
  MaMapClassifier *self = g_new0 (MaMapClassifier, 1);

  self->machine = g_object_ref (machine);
  self->mode = mode;
  self->max_order = ma_machine_get_nr_orders (machine) - 1;
  self->pageblock_order = ma_machine_get_pageblock_order (machine);
  self->owner_cat = g_byte_array_new ();
  self->mt_pageblock = G_MAXUINT64;
  return self;
}

void
ma_map_classifier_free (MaMapClassifier *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->owner_cat);
  g_object_unref (self->machine);
  g_free (self);
}

MaColorMode
ma_map_classifier_get_mode (MaMapClassifier *self)
{
  return self->mode;
}

static guint8
state_of_owner_kind (MaOwnerKind kind)
{
  switch (kind)
    {
    case MA_OWNER_SLAB:
    case MA_OWNER_SLAB_RECLAIMABLE:
      return MA_MAP_STATE_SLAB;
    case MA_OWNER_PAGETABLE:
      return MA_MAP_STATE_PAGETABLE;
    case MA_OWNER_ANON:
      return MA_MAP_STATE_ANON;
    case MA_OWNER_FILE:
      return MA_MAP_STATE_CACHE;
    case MA_OWNER_FIRMWARE:
      return MA_MAP_STATE_RESERVED;
    case MA_OWNER_UNKNOWN:
      return MA_MAP_STATE_UNKNOWN;
    case MA_OWNER_NONE:
    case MA_OWNER_KERNEL:
    case MA_OWNER_KERNEL_STACK:
    case MA_N_OWNER_KINDS:
    default:
      return MA_MAP_STATE_KERNEL;
    }
}

static guint8
owner_category (MaMapClassifier *self,
                guint            owner)
{
  if (G_UNLIKELY (owner >= self->owner_cat->len))
    {
      guint n = ma_machine_get_n_owners (self->machine);

      /* Owners are only ever added, and keep their kind. */
      for (guint id = self->owner_cat->len; id < n; id++)
        {
          const MaOwner *o = ma_machine_get_owner (self->machine, id);
          guint8 cat = state_of_owner_kind (o ? o->kind : MA_OWNER_KERNEL);

          g_byte_array_append (self->owner_cat, &cat, 1);
        }
      if (owner >= self->owner_cat->len)
        return MA_MAP_STATE_KERNEL;
    }
  return self->owner_cat->data[owner];
}

/* TODO: use a public per-pageblock accessor of the engine when there is one; the frame info
 * does far more work than reading one byte, but it is called once per pageblock only. */
static guint8
pageblock_mt (MaMapClassifier *self,
              guint64          pfn)
{
  guint64 pb = pfn >> self->pageblock_order;
  MaFrameInfo info;

  if (pb != self->mt_pageblock)
    {
      self->mt_pageblock = pb;
      self->mt_value = ma_machine_get_frame_info (self->machine, pfn, &info)
                       ? (guint8) MIN (info.pageblock_mt, MA_MIGRATE_RESERVE)
                       : MA_MIGRATE_MOVABLE;
    }
  return self->mt_value;
}

typedef enum
{
  KIND_FREE,
  KIND_ALLOC,
  KIND_PCP,
  KIND_RESERVED,
  KIND_HOLE,
} Kind;

static guint8
category (MaMapClassifier *self,
          Kind             kind,
          guint            order,
          guint            owner,
          guint64          pfn)
{
  switch (self->mode)
    {
    case MA_COLOR_MODE_STATE:
      switch (kind)
        {
        case KIND_FREE:
          return order <= 3 ? MA_MAP_STATE_FREE_SMALL
                 : order <= 8 ? MA_MAP_STATE_FREE_MEDIUM : MA_MAP_STATE_FREE_LARGE;
        case KIND_ALLOC:
          return owner_category (self, owner);
        case KIND_PCP:
          return MA_MAP_STATE_PCP;
        case KIND_RESERVED:
          return MA_MAP_STATE_RESERVED;
        case KIND_HOLE:
        default:
          return MA_MAP_STATE_HOLE;
        }

    case MA_COLOR_MODE_MIGRATETYPE:
      switch (kind)
        {
        case KIND_FREE:
        case KIND_PCP:
          return 2 * pageblock_mt (self, pfn) + 1;
        case KIND_ALLOC:
          return 2 * pageblock_mt (self, pfn);
        case KIND_RESERVED:
          return MA_MAP_MT_RESERVED;
        case KIND_HOLE:
        default:
          return MA_MAP_MT_HOLE;
        }

    case MA_COLOR_MODE_ORDER:
    default:
      switch (kind)
        {
        case KIND_FREE:
          return (guint8) MIN (order, 13);
        case KIND_ALLOC:
          return order == 0 ? MA_MAP_ORDER_ALLOC_0
                 : order <= 8 ? MA_MAP_ORDER_ALLOC_SMALL : MA_MAP_ORDER_ALLOC_HUGE;
        case KIND_PCP:
          return MA_MAP_ORDER_PCP;
        case KIND_RESERVED:
          return MA_MAP_ORDER_RESERVED;
        case KIND_HOLE:
        default:
          return MA_MAP_ORDER_HOLE;
        }
    }
}

/* The block a tail frame belongs to: the nearest aligned head of a large enough order, or an
 * implicit max-order boot block when a free tail has none. */
static void
find_head (MaMapClassifier *self,
           const MaFrame   *frames,
           guint64          node_start,
           guint64          zone_start,
           guint64          pfn,
           gboolean         free,
           guint64         *out_head,
           guint           *out_order)
{
  MaFrameState want = free ? MA_FRAME_FREE_HEAD : MA_FRAME_ALLOC_HEAD;

  for (guint k = 1; k <= self->max_order; k++)
    {
      guint64 head = pfn & ~(((guint64) 1 << k) - 1);
      const MaFrame *h;

      if (head < zone_start)
        break;
      h = &frames[head - node_start];
      if (ma_frame_state (h) == want && ma_frame_order (h) >= k)
        {
          *out_head = head;
          *out_order = ma_frame_order (h);
          return;
        }
    }
  if (free)
    {
      *out_head = pfn & ~(((guint64) 1 << self->max_order) - 1);
      *out_order = self->max_order;
    }
  else
    {
      *out_head = pfn;
      *out_order = 0;
    }
}

static gboolean
inside_implicit_run (const MaLayoutZone *zone,
                     guint64             lo,
                     guint64             hi,
                     guint               max_order)
{
  guint64 starts[8], n_blocks[8];
  guint n = ma_zone_get_implicit_free_runs (zone->zone, starts, n_blocks, G_N_ELEMENTS (starts));

  for (guint i = 0; i < n; i++)
    if (lo >= starts[i] && hi <= starts[i] + (n_blocks[i] << max_order))
      return TRUE;
  return FALSE;
}

static void
fill (guint8  *cats,
      guint8  *orders,
      guint    from,
      guint    to,
      guint8   cat,
      guint8   order)
{
  memset (cats + from, cat, to - from);
  if (orders)
    memset (orders + from, order, to - from);
}

/**
 * ma_map_classify:
 * @zone: the zone of the map the frames are in
 * @pfn: the first frame, aligned to @n
 * @n: how many frames, a power of two no larger than a tile
 * @cats: (out caller-allocates) (array length=n): the category of each frame; frames outside
 *   the zone's span get MA_MAP_CAT_NONE
 * @orders: (out caller-allocates) (array length=n) (nullable): the order of the buddy block of
 *   each frame, or MA_MAP_NOT_A_BLOCK
 *
 * Sorts frames into the categories of the classifier's colour mode, in pfn order.
 */
void
ma_map_classify (MaMapClassifier    *self,
                 const MaLayoutZone *zone,
                 guint64             pfn,
                 guint               n,
                 guint8             *cats,
                 guint8             *orders)
{
  MaNode *node = ma_zone_get_node (zone->zone);
  const MaFrame *frames = ma_node_get_frames (node);
  guint64 node_start = ma_node_get_start_pfn (node);
  guint64 lo = MAX (pfn, zone->start_pfn);
  guint64 hi = MIN (pfn + n, zone->end_pfn);
  gboolean split_pageblocks = self->mode == MA_COLOR_MODE_MIGRATETYPE;
  /* In a zone rebuilt from a snapshot only the free blocks' frames are written: a zero frame
   * that no free block covers is a page in use whose owner the snapshot did not say. */
  gboolean rebuilt = ma_zone_is_reconstructed (zone->zone);
  guint unknown = ma_machine_default_owner (self->machine, MA_OWNER_UNKNOWN);
  guint64 p;

  if (lo >= hi)
    {
      fill (cats, orders, 0, n, MA_MAP_CAT_NONE, MA_MAP_NOT_A_BLOCK);
      return;
    }
  fill (cats, orders, 0, (guint) (lo - pfn), MA_MAP_CAT_NONE, MA_MAP_NOT_A_BLOCK);
  fill (cats, orders, (guint) (hi - pfn), n, MA_MAP_CAT_NONE, MA_MAP_NOT_A_BLOCK);

  /* Inside a run of boot blocks nobody touched: no frame to read (on a fresh machine their
   * pages of struct page were never even written). */
  if (!split_pageblocks && inside_implicit_run (zone, lo, hi, self->max_order))
    {
      fill (cats, orders, (guint) (lo - pfn), (guint) (hi - pfn),
            category (self, KIND_FREE, self->max_order, 0, lo), (guint8) self->max_order);
      return;
    }

  /* A stretch of a freshly rebuilt zone that the rebuild left in use: its frames are zero
   * and need not be read (what makes the first map of a 1 TiB snapshot quick). */
  if (rebuilt && ma_zone_range_is_plain_in_use (zone->zone, lo, hi))
    {
      for (p = lo; p < hi;)
        {
          guint64 stop = split_pageblocks
                         ? MIN (hi, ((p >> self->pageblock_order) + 1) << self->pageblock_order)
                         : hi;

          fill (cats, orders, (guint) (p - pfn), (guint) (stop - pfn),
                category (self, KIND_ALLOC, 0, unknown, p), 0);
          p = stop;
        }
      return;
    }

  for (p = lo; p < hi;)
    {
      const MaFrame *f = &frames[p - node_start];
      MaFrameState s = ma_frame_state (f);
      guint64 head = p, end;
      guint order = 0, owner = 0;
      Kind kind;

      switch (s)
        {
        case MA_FRAME_FREE_HEAD:
          kind = KIND_FREE;
          order = ma_frame_order (f);
          break;
        case MA_FRAME_ALLOC_HEAD:
          kind = KIND_ALLOC;
          order = ma_frame_order (f);
          owner = ma_frame_owner (f);
          break;
        case MA_FRAME_FREE_TAIL:
          kind = KIND_FREE;
          find_head (self, frames, node_start, zone->start_pfn, p, TRUE, &head, &order);
          if (rebuilt && (ma_frame_state (&frames[head - node_start]) != MA_FRAME_FREE_HEAD
                          || head + ((guint64) 1 << order) <= p))
            {
              kind = KIND_ALLOC;
              owner = unknown;
              head = p;
              order = 0;
            }
          break;
        case MA_FRAME_IN_USE:
          kind = KIND_ALLOC;
          owner = unknown;
          break;
        case MA_FRAME_ALLOC_TAIL:
          kind = KIND_ALLOC;
          owner = ma_frame_owner (f);
          find_head (self, frames, node_start, zone->start_pfn, p, FALSE, &head, &order);
          break;
        case MA_FRAME_PCP:
          kind = KIND_PCP;
          break;
        case MA_FRAME_RESERVED:
          kind = KIND_RESERVED;
          break;
        case MA_FRAME_HOLE:
        case MA_N_FRAME_STATES:
        default:
          kind = KIND_HOLE;
          break;
        }

      end = MIN (head + ((guint64) 1 << order), hi);
      if (kind == KIND_ALLOC && owner == unknown && rebuilt)
        {
          /* the rest of a used stretch is zero frames (or marked in use) up to the next
           * written frame: a free block's head, a per-CPU page, a reserved frame */
          end = p + 1;
          while (end < hi && (ma_frame_state (&frames[end - node_start]) == MA_FRAME_FREE_TAIL
                              || ma_frame_state (&frames[end - node_start]) == MA_FRAME_IN_USE))
            end++;
        }
      else if (kind == KIND_RESERVED || kind == KIND_HOLE)
        {
          /* Runs of them are long (firmware, the memmap, the PCI hole): read ahead. */
          end = p + 1;
          while (end < hi && ma_frame_state (&frames[end - node_start]) == s)
            end++;
        }

      do
        {
          guint64 stop = end;

          if (split_pageblocks)
            stop = MIN (end, ((p >> self->pageblock_order) + 1) << self->pageblock_order);
          fill (cats, orders, (guint) (p - pfn), (guint) (stop - pfn),
                category (self, kind, order, owner, p),
                kind == KIND_FREE || kind == KIND_ALLOC ? (guint8) order : MA_MAP_NOT_A_BLOCK);
          p = stop;
        }
      while (p < end);
    }
}

/**
 * ma_map_classify_frame:
 *
 * Returns: the category of one frame (MA_MAP_CAT_NONE outside the zone's span)
 */
guint8
ma_map_classify_frame (MaMapClassifier    *self,
                       const MaLayoutZone *zone,
                       guint64             pfn)
{
  guint8 cat;

  ma_map_classify (self, zone, pfn, 1, &cat, NULL);
  return cat;
}
