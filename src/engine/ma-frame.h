/* ma-frame.h: the engine's struct page, 16 bytes per page frame
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernel spends 64 bytes per frame on struct page and overlays its fields with unions by
 * state. The engine does the same in 16 bytes:
 *
 *   next, prev   list links, as node-relative frame indices: the free list of a free block head,
 *                the per-CPU list of a pcp page, or the LRU list of a user page
 *   word0        state:3  order:4  flags:9  refcount:4  mapcount:4  index_hi:8
 *   word1        owner:16  index_lo:16
 *
 * owner is an id in the machine's owner table (the kernel's page->mapping); index (24 bits) is
 * the page's offset in that mapping. For a free block head, owner holds the migratetype of the
 * free list the block is on; for a pcp page, the CPU and (in index) the pcp list. Counts saturate
 * at 15. A page's virtual address when kmapped is not stored here but, as in the kernel, in a
 * small hash table (page_address_htable).
 *
 * Frame arrays are packed and zeroed by the allocator; a zero frame is a free tail.
 */
#pragma once

#include "ma-types.h"

G_BEGIN_DECLS

#define MA_LINK_NONE G_MAXUINT32
#define MA_FRAME_COUNT_MAX 15
#define MA_FRAME_INDEX_MAX 0xffffff
#define MA_FRAME_OWNER_MAX 0xffff

typedef struct
{
  guint32 next;
  guint32 prev;
  guint32 word0;
  guint32 word1;
} MaFrame;

G_STATIC_ASSERT (sizeof (MaFrame) == 16);

static inline MaFrameState
ma_frame_state (const MaFrame *f)
{
  return (MaFrameState) (f->word0 & 0x7);
}

static inline guint
ma_frame_order (const MaFrame *f)
{
  return (f->word0 >> 3) & 0xf;
}

static inline guint
ma_frame_flags (const MaFrame *f)
{
  return (f->word0 >> 7) & 0x1ff;
}

static inline guint
ma_frame_refcount (const MaFrame *f)
{
  return (f->word0 >> 16) & 0xf;
}

static inline guint
ma_frame_mapcount (const MaFrame *f)
{
  return (f->word0 >> 20) & 0xf;
}

static inline guint
ma_frame_owner (const MaFrame *f)
{
  return f->word1 >> 16;
}

static inline guint32
ma_frame_index (const MaFrame *f)
{
  return ((f->word0 >> 24) << 16) | (f->word1 & 0xffff);
}

static inline gboolean
ma_frame_is_free (const MaFrame *f)
{
  MaFrameState s = ma_frame_state (f);

  return s == MA_FRAME_FREE_HEAD || s == MA_FRAME_FREE_TAIL;
}

static inline gboolean
ma_frame_is_allocated (const MaFrame *f)
{
  MaFrameState s = ma_frame_state (f);

  return s == MA_FRAME_ALLOC_HEAD || s == MA_FRAME_ALLOC_TAIL;
}

/* Writers: build a whole word0/word1 at once so that a frame is always written consistently. */
static inline guint32
ma_frame_pack_word0 (MaFrameState state,
                     guint        order,
                     guint        flags,
                     guint        refcount,
                     guint        mapcount,
                     guint32      index)
{
  return (guint32) state | (order << 3) | ((flags & 0x1ff) << 7)
         | (MIN (refcount, MA_FRAME_COUNT_MAX) << 16) | (MIN (mapcount, MA_FRAME_COUNT_MAX) << 20)
         | (((index >> 16) & 0xff) << 24);
}

static inline guint32
ma_frame_pack_word1 (guint   owner,
                     guint32 index)
{
  return ((guint32) owner << 16) | (index & 0xffff);
}

G_END_DECLS
