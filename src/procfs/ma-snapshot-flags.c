/* ma-snapshot-flags.c: the real layout of a snapshot's zones, from /proc/kpageflags
 *
 * kpageflags has one word per frame. Free memory shows as KPF_BUDDY, but not the same way in
 * every kernel: Documentation/admin-guide/mm/pagemap.rst says the flag is on the first frame
 * of a free block only, and so it was at first; fs/proc/page.c also sets it on the tails (its
 * `page_count(page) == 0 && is_free_buddy_page(page)` branch, in 4.x sources already and in
 * 6.x; a 6.18 host shows exactly as many KPF_BUDDY frames as free pages). Neither form gives a
 * block's order.
 *
 *  - Tails marked: a run of free frames is cut into the largest aligned blocks, from its
 *    start. That is the only cut the allocator can leave: two free buddies of one order are
 *    always merged, so the blocks of a free run are exactly its largest aligned pieces (save
 *    buddies of a pageblock or more whose types may not merge, isolated or CMA ones from 5.18,
 *    which are taken as one block).
 *  - Heads only: a head's order is the largest k (up to the largest order) such that the head
 *    is 2^k-aligned and the 2^k - 1 frames after it carry no flag at all. A page in use without
 *    flags right after a free block makes that too large, so where buddyinfo counts per order,
 *    the heads are given the orders it counts: largest order first, from the heads whose
 *    inferred order is that order, then from those with the nearest larger one.
 *
 * Which form a snapshot has is read from the data: with tails marked, every free block of
 * order 1 or more puts two flagged frames side by side at an even pfn; with heads only, two
 * flagged frames there would be free buddies of order 0, which never stay apart.
 *
 * Holes and reserved frames are chosen to match zoneinfo's spanned, present and managed:
 * frames without a struct page (KPF_NOPAGE) first, then the longest runs of frames without any
 * flag (holes in a memory map: 6.18 shows the PCI hole so), then KPF_RESERVED frames from the
 * end (the 640K-1M hole of a DMA zone); reserved frames are the KPF_RESERVED ones, then the
 * longest flagless runs left. Free frames are never taken.
 *
 * Every other frame is what its flags say: slab, page table, user anonymous (KPF_ANON, KSM,
 * swap-backed shmem, mapped hugetlb), page cache (on an LRU, not anonymous), reserved (a managed
 * page marked PG_reserved later) or, with any other flag, kernel. A frame with no flag at all
 * is in use by someone who does not say (vmalloc, kernel stacks, buffers: alloc_pages() without
 * a type) or a per-CPU page: zoneinfo's per-CPU count goes to the first of them, the rest are
 * in use, owner unknown. Migratetypes are not in kpageflags: the free blocks go on the lists
 * of their pageblocks' types, laid out from pagetypeinfo's counts as the reconstruction does.
 *
 * The runs are read as they are stored, never expanded: a 1 TiB machine's 268 million frames
 * are a few million runs.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot-flags"

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-procfs-error.h"
#include "ma-reconstruct.h"
#include "ma-snapshot-build-private.h"

#define KPF(bit) MA_KPF_MASK (MA_KPF_##bit)
/* KPF_RESERVED (PG_reserved) is bit 32, one of kpageflags' kernel-internal bits */
#define KPF_RESERVED_MASK (G_GUINT64_CONSTANT (1) << 32)

/* One populated zone, as its flags say. */
typedef struct
{
  guint    szone;                 /* index in MaSnapshotBuild.zones */
  guint64  start;
  guint64  end;
  guint64  protect_first;         /* frames never made holes: a node's first and last, */
  guint64  protect_last;          /* which fix the node's span */
  guint    n_counted;             /* orders buddyinfo counts (0: no counts to follow) */
  guint64  heads[MA_MAX_ORDERS];  /* heads only: heads per inferred order */
  guint64  table[MA_MAX_ORDERS][MA_MAX_ORDERS];  /* heads of inferred order c given order k */
  guint64  blocks[MA_MAX_ORDERS]; /* free blocks per order, as placed */
  guint64  resized;               /* heads given a smaller order than inferred */
  guint64  buddy_frames;
  guint64  pcp;                   /* per-CPU pages to place */
  GArray  *holes;                 /* MaPfnRange, sorted */
  GArray  *reserved;              /* MaPfnRange, sorted */
  guint64  got_holes;
  guint64  got_reserved;
} FlagZone;

struct _MaSnapshotFlags
{
  MaPageRle *rle;
  gboolean   tails_marked;
  guint      max_order;
  GArray    *zones;               /* FlagZone, by start pfn */
};

void
ma_snapshot_flags_free (MaSnapshotFlags *f)
{
  if (f == NULL)
    return;
  for (guint i = 0; i < f->zones->len; i++)
    {
      FlagZone *fz = &g_array_index (f->zones, FlagZone, i);

      g_clear_pointer (&fz->holes, g_array_unref);
      g_clear_pointer (&fz->reserved, g_array_unref);
    }
  g_array_unref (f->zones);
  ma_page_rle_unref (f->rle);
  g_free (f);
}

/* A forward-only reader of the runs. */
typedef struct
{
  const MaPageRun *runs;
  guint            n_runs;
  guint64          n_frames;
  guint            i;        /* the run holding the last pfn asked for */
  guint64          start;    /* its first pfn */
} RunIter;

static void
iter_init (RunIter   *it,
           MaPageRle *rle,
           guint64    pfn)
{
  guint lo = 0, hi = ma_page_rle_get_n_runs (rle);

  it->runs = ma_page_rle_get_runs (rle);
  it->n_runs = hi;
  it->n_frames = ma_page_rle_get_n_frames (rle);
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ma_page_rle_get_run_start (rle, mid) <= pfn)
        lo = mid;
      else
        hi = mid;
    }
  it->i = lo;
  it->start = it->n_runs > 0 ? ma_page_rle_get_run_start (rle, lo) : 0;
}

/* The word of pfn (at or after the last one asked for) and the end of its run; frames past
 * the file have no page. */
static guint64
iter_word (RunIter *it,
           guint64  pfn,
           guint64 *out_end)
{
  if (pfn >= it->n_frames || it->n_runs == 0)
    {
      *out_end = G_MAXUINT64;
      return KPF (NOPAGE);
    }
  while (it->start + it->runs[it->i].length <= pfn)
    it->start += it->runs[it->i++].length;
  *out_end = it->start + it->runs[it->i].length;
  return it->runs[it->i].value;
}

static inline gboolean
word_is_free (guint64 v)
{
  return (v & KPF (BUDDY)) && !(v & KPF (NOPAGE));
}

/* The end of the run of free frames from pfn on, at most limit. */
static guint64
free_run_end (RunIter it,
              guint64 pfn,
              guint64 limit)
{
  while (pfn < limit)
    {
      guint64 end;

      if (!word_is_free (iter_word (&it, pfn, &end)))
        break;
      pfn = MIN (end, limit);
    }
  return pfn;
}

/* The largest aligned block at pfn that ends by end. */
static guint
largest_block (guint64 pfn,
               guint64 end,
               guint   max_order)
{
  guint k = max_order;

  while (k > 0 && ((pfn & (((guint64) 1 << k) - 1)) != 0 || pfn + ((guint64) 1 << k) > end))
    k--;
  return k;
}

/* Heads only: the order of the head at pfn, as its flagless followers allow. */
static guint
head_order (RunIter it,
            guint64 pfn,
            guint64 zone_end,
            guint   max_order)
{
  guint64 limit = MIN (pfn + ((guint64) 1 << max_order), zone_end), q = pfn + 1;

  while (q < limit)
    {
      guint64 end;

      if (iter_word (&it, q, &end) != 0)
        break;
      q = MIN (end, limit);
    }
  return largest_block (pfn, q, max_order);
}

/* Heads only: the order the next head of inferred order c gets (largest first). */
static guint
take_order (guint64 table[MA_MAX_ORDERS][MA_MAX_ORDERS],
            guint   c)
{
  for (guint k = c + 1; k-- > 0;)
    if (table[c][k] > 0)
      {
        table[c][k]--;
        return k;
      }
  return c;
}

static MaOwnerKind
owner_of_word (guint64 v)
{
  if (v & KPF (SLAB))
    return MA_OWNER_SLAB;
  if (v & KPF (PGTABLE))
    return MA_OWNER_PAGETABLE;
  if (v & (KPF (ANON) | KPF (KSM)))
    return MA_OWNER_ANON;
  if (v & KPF (HUGE))
    return (v & KPF (MMAP)) ? MA_OWNER_ANON : MA_OWNER_KERNEL;
  /* shmem and tmpfs: page cache by name, but swap-backed and on the anonymous LRU */
  if (v & KPF (SWAPBACKED))
    return MA_OWNER_ANON;
  if (v & KPF (LRU))
    return MA_OWNER_FILE;
  return MA_OWNER_KERNEL;
}

static void
append_range (GArray  *ranges,
              guint64  start,
              guint64  end)
{
  MaPfnRange r = { start, end };

  if (ranges->len > 0 && g_array_index (ranges, MaPfnRange, ranges->len - 1).end == start)
    g_array_index (ranges, MaPfnRange, ranges->len - 1).end = end;
  else
    g_array_append_val (ranges, r);
}

/* One walk over a zone's frames. The first (collect == NULL) finds the free blocks (heads
 * only: each head's inferred order); the second places them (heads only: with the orders the
 * table gives) and collects the runs of frames that can be holes or reserved frames. */
typedef struct
{
  GArray *nopage;
  GArray *reserved;
  GArray *flagless;
} Candidates;

static void
walk_zone (MaSnapshotFlags *f,
           FlagZone        *fz,
           Candidates      *collect)
{
  guint64 table[MA_MAX_ORDERS][MA_MAX_ORDERS];
  guint64 pfn = fz->start;
  RunIter it;

  memcpy (table, fz->table, sizeof table);
  iter_init (&it, f->rle, pfn);
  while (pfn < fz->end)
    {
      guint64 end, v = iter_word (&it, pfn, &end);

      end = MIN (end, fz->end);
      if (word_is_free (v) && f->tails_marked)
        {
          guint64 stop = free_run_end (it, pfn, fz->end);

          if (collect == NULL)
            fz->buddy_frames += stop - pfn;
          else
            while (pfn < stop)
              {
                guint k = largest_block (pfn, stop, f->max_order);

                fz->blocks[k]++;
                pfn += (guint64) 1 << k;
              }
          pfn = stop;
          continue;
        }
      if (word_is_free (v))
        {
          guint c = head_order (it, pfn, fz->end, f->max_order);

          if (collect == NULL)
            {
              fz->heads[c]++;
              fz->buddy_frames++;
              pfn++;
            }
          else
            {
              guint k = take_order (table, c);

              fz->blocks[k]++;
              pfn += (guint64) 1 << k;
            }
          continue;
        }
      if (collect != NULL)
        {
          if (v & KPF (NOPAGE))
            append_range (collect->nopage, pfn, end);
          else if (v & KPF_RESERVED_MASK)
            append_range (collect->reserved, pfn, end);
          else if (v == 0)
            append_range (collect->flagless, pfn, end);
        }
      pfn = end;
    }
}

/* Heads only: the orders buddyinfo counts, given greedily from the largest (see above). */
static void
fit_counts (FlagZone             *fz,
            const MaSnapshotZone *s,
            guint                 max_order)
{
  guint64 left[MA_MAX_ORDERS];

  memcpy (left, fz->heads, sizeof left);
  memset (fz->table, 0, sizeof fz->table);
  for (guint k = max_order + 1; k-- > 0;)
    {
      guint64 need = k < fz->n_counted ? s->nr_free[k] : 0;

      for (guint c = k; c <= max_order && need > 0; c++)
        {
          guint64 n = MIN (need, left[c]);

          fz->table[c][k] += n;
          left[c] -= n;
          need -= n;
          if (c != k)
            fz->resized += n;
        }
    }
  /* heads buddyinfo does not count (read a moment apart) keep what the flags say */
  for (guint c = 0; c <= max_order; c++)
    fz->table[c][c] += left[c];
}

static int
compare_longer (gconstpointer x,
                gconstpointer y)
{
  const MaPfnRange *a = x, *b = y;
  guint64 la = a->end - a->start, lb = b->end - b->start;

  if (la != lb)
    return la > lb ? -1 : 1;
  return a->start > b->start ? -1 : a->start < b->start ? 1 : 0;
}

static int
compare_start (gconstpointer x,
               gconstpointer y)
{
  const MaPfnRange *a = x, *b = y;

  return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* Takes up to want frames from the candidate runs in their order, from each run's end or its
 * start; returns how many it took. */
static guint64
take_frames (GArray   *candidates,
             guint64   want,
             gboolean  from_end,
             GArray   *out)
{
  guint64 got = 0;

  for (guint i = 0; i < candidates->len && got < want; i++)
    {
      const MaPfnRange *r = &g_array_index (candidates, MaPfnRange, i);
      guint64 n = MIN (r->end - r->start, want - got);
      MaPfnRange t = from_end ? (MaPfnRange) { r->end - n, r->end }
                              : (MaPfnRange) { r->start, r->start + n };

      if (n == 0)
        continue;
      g_array_append_val (out, t);
      got += n;
    }
  return got;
}

/* ranges minus taken (both sorted, disjoint), in pfn order */
static GArray *
ranges_minus (GArray *ranges,
              GArray *taken)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
  guint j = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      MaPfnRange r = g_array_index (ranges, MaPfnRange, i);

      while (j < taken->len && g_array_index (taken, MaPfnRange, j).end <= r.start)
        j++;
      for (guint k = j; k < taken->len && r.start < r.end; k++)
        {
          const MaPfnRange *t = &g_array_index (taken, MaPfnRange, k);

          if (t->start >= r.end)
            break;
          if (t->start > r.start)
            {
              MaPfnRange piece = { r.start, t->start };

              g_array_append_val (out, piece);
            }
          r.start = MAX (r.start, t->end);
        }
      if (r.start < r.end)
        g_array_append_val (out, r);
    }
  return out;
}

static void
sort_and_merge (GArray *ranges)
{
  g_array_sort (ranges, compare_start);
  for (guint i = 1; i < ranges->len; i++)
    {
      MaPfnRange *prev = &g_array_index (ranges, MaPfnRange, i - 1);
      const MaPfnRange *cur = &g_array_index (ranges, MaPfnRange, i);

      if (cur->start <= prev->end)
        {
          prev->end = MAX (prev->end, cur->end);
          g_array_remove_index (ranges, i--);
        }
    }
}

/* Holes and reserved frames where the flags put them, as many as zoneinfo counts. */
static void
choose_non_managed (FlagZone             *fz,
                    const MaSnapshotZone *s,
                    Candidates           *c)
{
  guint64 want_holes = s->lay_spanned - s->lay_present;
  guint64 want_reserved = s->lay_present - s->lay_managed;
  g_autoptr(GArray) reserved = NULL;
  g_autoptr(GArray) by_length = NULL;
  g_autoptr(GArray) backwards = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));

  fz->holes = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
  fz->reserved = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));

  /* a node's first and last frame stay memory: they fix the node's span, and so the zones' */
  {
    g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
    MaPfnRange first = { fz->protect_first, fz->protect_first + 1 };
    MaPfnRange last = { fz->protect_last, fz->protect_last + 1 };
    GArray *cls[2] = { c->nopage, c->flagless };

    if (fz->protect_first != G_MAXUINT64)
      g_array_append_val (ends, first);
    if (fz->protect_last != G_MAXUINT64 && fz->protect_last != fz->protect_first)
      g_array_append_val (ends, last);
    for (guint i = 0; i < 2; i++)
      {
        GArray *cut = ranges_minus (cls[i], ends);

        g_array_set_size (cls[i], 0);
        g_array_append_vals (cls[i], cut->data, cut->len);
        g_array_unref (cut);
      }
    reserved = ranges_minus (c->reserved, ends);
  }

  /* holes: frames without a page, the longest flagless runs, KPF_RESERVED runs from the end */
  fz->got_holes = take_frames (c->nopage, G_MAXUINT64, FALSE, fz->holes);
  by_length = g_array_copy (c->flagless);
  g_array_sort (by_length, compare_longer);
  if (fz->got_holes < want_holes)
    fz->got_holes += take_frames (by_length, want_holes - fz->got_holes, TRUE, fz->holes);
  for (guint i = reserved->len; i-- > 0;)
    g_array_append_val (backwards, g_array_index (reserved, MaPfnRange, i));
  if (fz->got_holes < want_holes)
    fz->got_holes += take_frames (backwards, want_holes - fz->got_holes, TRUE, fz->holes);
  sort_and_merge (fz->holes);

  /* reserved frames: KPF_RESERVED ones, then the longest flagless runs left */
  {
    g_autoptr(GArray) res_left = ranges_minus (c->reserved, fz->holes);
    g_autoptr(GArray) flagless_left = ranges_minus (c->flagless, fz->holes);

    fz->got_reserved = take_frames (res_left, want_reserved, FALSE, fz->reserved);
    g_array_sort (flagless_left, compare_longer);
    if (fz->got_reserved < want_reserved)
      fz->got_reserved += take_frames (flagless_left, want_reserved - fz->got_reserved, FALSE,
                                       fz->reserved);
    sort_and_merge (fz->reserved);
  }
}

static guint64
counted_pages (const MaSnapshotZone *s)
{
  return s->n_orders > 0 ? ma_snapshot_page_count_of (s->nr_free, s->n_orders)
                         : s->free_pages > 0 ? (guint64) s->free_pages : 0;
}

static guint64
counted_blocks (const MaSnapshotZone *s)
{
  guint64 n = 0;

  for (guint k = 0; k < s->n_orders; k++)
    n += s->nr_free[k];
  return n;
}

static int
compare_flag_zones (gconstpointer x,
                    gconstpointer y)
{
  const FlagZone *a = x, *b = y;

  return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* Whether the snapshot's kpageflags can give the layout, and what they say: b->flags, or a
 * note saying why the layout stays reconstructed. Runs after layout(). */
void
ma_snapshot_flags_prepare (MaSnapshotBuild *b)
{
  MaPageRle *rle = b->kpageflags;
  guint64 n_frames = ma_page_rle_get_n_frames (rle);
  g_autoptr(GArray) zones = g_array_new (FALSE, TRUE, sizeof (FlagZone));
  guint64 pairs = 0, buddy = 0, flagged = 0, counted = 0;
  MaSnapshotFlags *f;

  if (!b->positions_real)
    {
      ma_snapshot_build_note (b, _("the snapshot has kpageflags, but zoneinfo does not place "
                                   "every zone: the page flags cannot be matched to zones, and "
                                   "the layout is reconstructed"));
      return;
    }
  for (guint i = 0; i < b->zones->len; i++)
    {
      const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);
      FlagZone fz = { 0, };

      if (s->lay_present == 0)
        continue;
      if (s->lay_start + s->lay_spanned > n_frames)
        {
          ma_snapshot_build_note (b, _("the snapshot's kpageflags cover %" PRIu64 " frames, but "
                                       "node %u %s ends at pfn %" PRIu64 ": the layout is "
                                       "reconstructed"), n_frames,
                                  s->node_id, ma_zone_type_name (s->type),
                                  s->lay_start + s->lay_spanned);
          return;
        }
      fz.szone = i;
      fz.start = s->lay_start;
      fz.end = s->lay_start + s->lay_spanned;
      fz.protect_first = fz.protect_last = G_MAXUINT64;
      g_array_append_val (zones, fz);
    }
  if (zones->len == 0)
    return;

  /* a node's first and last frames */
  for (guint i = 0; i < zones->len; i++)
    {
      FlagZone *fz = &g_array_index (zones, FlagZone, i);
      guint32 node = g_array_index (b->zones, MaSnapshotZone, fz->szone).node_id;
      guint64 lo = G_MAXUINT64, hi = 0;

      for (guint j = 0; j < zones->len; j++)
        {
          const FlagZone *o = &g_array_index (zones, FlagZone, j);

          if (g_array_index (b->zones, MaSnapshotZone, o->szone).node_id != node)
            continue;
          lo = MIN (lo, o->start);
          hi = MAX (hi, o->end);
        }
      if (lo >= fz->start && lo < fz->end)
        fz->protect_first = lo;
      if (hi > fz->start && hi <= fz->end)
        fz->protect_last = hi - 1;
    }

  /* which form: flagged frames side by side at an even pfn mean flagged tails */
  {
    const MaPageRun *runs = ma_page_rle_get_runs (rle);
    guint64 start = 0, run_start = G_MAXUINT64;

    for (guint i = 0; i <= ma_page_rle_get_n_runs (rle); i++)
      {
        gboolean is_free = i < ma_page_rle_get_n_runs (rle) && word_is_free (runs[i].value);

        if (is_free && run_start == G_MAXUINT64)
          run_start = start;
        else if (!is_free && run_start != G_MAXUINT64)
          {
            /* even p with p + 1 in [run_start, start) */
            guint64 first_even = (run_start + 1) & ~G_GUINT64_CONSTANT (1);

            if (start >= 2 && first_even <= start - 2)
              pairs += (start - 2 - first_even) / 2 + 1;
            buddy += start - run_start;
            run_start = G_MAXUINT64;
          }
        if (i < ma_page_rle_get_n_runs (rle))
          start += runs[i].length;
      }
  }

  /* the source of states is read in pfn order */
  g_array_sort (zones, compare_flag_zones);

  f = g_new0 (MaSnapshotFlags, 1);
  f->rle = ma_page_rle_ref (rle);
  f->tails_marked = pairs > 0 && pairs * 64 >= buddy;
  f->max_order = b->nr_orders - 1;
  f->zones = g_steal_pointer (&zones);

  /* first walk: free frames or heads, then how they compare with the counts */
  for (guint i = 0; i < f->zones->len; i++)
    {
      FlagZone *fz = &g_array_index (f->zones, FlagZone, i);
      const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, fz->szone);

      walk_zone (f, fz, NULL);
      flagged += fz->buddy_frames;
      counted += f->tails_marked ? counted_pages (s) : counted_blocks (s);
      fz->n_counted = s->counts_synthetic ? 0 : MIN (s->n_orders, f->max_order + 1);
      if (f->tails_marked)
        continue;
      if (fz->n_counted > 0)
        fit_counts (fz, s, f->max_order);
      else
        for (guint c = 0; c <= f->max_order; c++)
          fz->table[c][c] = fz->heads[c];
    }
  /* page flags of another moment or another machine (or a copy cut short) say so */
  if (counted >= 16 && (flagged * 2 < counted || flagged > counted * 2 + 16))
    {
      ma_snapshot_build_note (b, f->tails_marked
                                 ? _("the snapshot's kpageflags show %" PRIu64 " free pages "
                                     "where buddyinfo and zoneinfo count %" PRIu64 ": they do "
                                     "not describe the same moment, and the layout is "
                                     "reconstructed")
                                 : _("the snapshot's kpageflags show %" PRIu64 " free blocks "
                                     "where buddyinfo and zoneinfo count %" PRIu64 ": they do "
                                     "not describe the same moment, and the layout is "
                                     "reconstructed"),
                              flagged, counted);
      ma_snapshot_flags_free (f);
      return;
    }

  /* second walk: the blocks placed, and where holes and reserved frames can be */
  for (guint i = 0; i < f->zones->len; i++)
    {
      FlagZone *fz = &g_array_index (f->zones, FlagZone, i);
      const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, fz->szone);
      Candidates c = {
        g_array_new (FALSE, FALSE, sizeof (MaPfnRange)),
        g_array_new (FALSE, FALSE, sizeof (MaPfnRange)),
        g_array_new (FALSE, FALSE, sizeof (MaPfnRange)),
      };

      walk_zone (f, fz, &c);
      choose_non_managed (fz, s, &c);
      fz->pcp = s->pcp_pages;
      g_array_unref (c.nopage);
      g_array_unref (c.reserved);
      g_array_unref (c.flagless);
    }
  b->flags = f;
}

/* The memory and reserved ranges of a zone laid out from its flags. */
void
ma_snapshot_flags_add_zone (MaSnapshotBuild      *b,
                            const MaSnapshotZone *s,
                            MaMachineSpec        *spec,
                            guint                 node_index)
{
  const FlagZone *fz = NULL;
  guint64 cursor = s->lay_start, end = s->lay_start + s->lay_spanned;

  for (guint i = 0; i < b->flags->zones->len && fz == NULL; i++)
    if (&g_array_index (b->zones, MaSnapshotZone, g_array_index (b->flags->zones, FlagZone, i).szone) == s)
      fz = &g_array_index (b->flags->zones, FlagZone, i);
  g_assert (fz != NULL);

  for (guint i = 0; i <= fz->holes->len; i++)
    {
      guint64 stop = i < fz->holes->len ? g_array_index (fz->holes, MaPfnRange, i).start : end;

      if (stop > cursor)
        ma_machine_spec_add_memory (spec, node_index, cursor, stop);
      if (i < fz->holes->len)
        cursor = g_array_index (fz->holes, MaPfnRange, i).end;
    }
  for (guint i = 0; i < fz->reserved->len; i++)
    {
      const MaPfnRange *r = &g_array_index (fz->reserved, MaPfnRange, i);

      ma_machine_spec_add_reserved (spec, node_index, r->start, r->end);
    }
}

/* The source of frame states ma_machine_apply_page_states() reads: the flags of each zone. */
typedef struct
{
  MaSnapshotFlags   *flags;
  RunIter  it;
  guint    zone;         /* the FlagZone asked about last */
  gboolean entered;      /* its table copied */
  guint    hole;         /* cursors into its holes and reserved ranges */
  guint    reserved;
  guint64  table[MA_MAX_ORDERS][MA_MAX_ORDERS];
  guint64  pcp_left;
} Feed;

/* The chosen range at or after pfn: whether pfn is inside it, and where the next one starts. */
static gboolean
in_chosen (GArray  *ranges,
           guint   *cursor,
           guint64  pfn,
           guint64 *out_end)
{
  while (*cursor < ranges->len && g_array_index (ranges, MaPfnRange, *cursor).end <= pfn)
    (*cursor)++;
  if (*cursor == ranges->len)
    {
      *out_end = G_MAXUINT64;
      return FALSE;
    }
  if (g_array_index (ranges, MaPfnRange, *cursor).start <= pfn)
    {
      *out_end = g_array_index (ranges, MaPfnRange, *cursor).end;
      return TRUE;
    }
  *out_end = g_array_index (ranges, MaPfnRange, *cursor).start;
  return FALSE;
}

static guint64
feed_get (guint64      pfn,
          MaPageState *state,
          gpointer     user_data)
{
  Feed *feed = user_data;
  MaSnapshotFlags *f = feed->flags;
  FlagZone *fz = NULL;
  guint64 limit = G_MAXUINT64, end, v;

  /* the zone of pfn: the engine asks in pfn order */
  while (feed->zone < f->zones->len && g_array_index (f->zones, FlagZone, feed->zone).end <= pfn)
    {
      feed->zone++;
      feed->entered = FALSE;
    }
  if (feed->zone < f->zones->len && g_array_index (f->zones, FlagZone, feed->zone).start <= pfn)
    {
      fz = &g_array_index (f->zones, FlagZone, feed->zone);
      if (!feed->entered)
        {
          memcpy (feed->table, fz->table, sizeof feed->table);
          feed->pcp_left = fz->pcp;
          feed->hole = feed->reserved = 0;
          feed->entered = TRUE;
        }
      limit = fz->end;
      if (in_chosen (fz->holes, &feed->hole, pfn, &end))
        {
          state->kind = MA_PAGE_HOLE;
          return MIN (end, limit) - pfn;
        }
      limit = MIN (limit, end);
      if (in_chosen (fz->reserved, &feed->reserved, pfn, &end))
        {
          state->kind = MA_PAGE_RESERVED;
          return MIN (end, limit) - pfn;
        }
      limit = MIN (limit, end);
    }

  v = iter_word (&feed->it, pfn, &end);
  if (word_is_free (v))
    {
      guint64 zone_end = fz != NULL ? fz->end : end;
      guint k;

      if (f->tails_marked)
        k = largest_block (pfn, free_run_end (feed->it, pfn, zone_end), f->max_order);
      else
        {
          k = head_order (feed->it, pfn, zone_end, f->max_order);
          if (fz != NULL)
            k = take_order (feed->table, k);
        }
      state->kind = MA_PAGE_FREE_HEAD;
      state->order = k;
      return (guint64) 1 << k;
    }
  limit = MIN (limit, end);
  if (v & KPF (NOPAGE))
    state->kind = MA_PAGE_HOLE;
  else if (v == 0 && feed->pcp_left > 0 && fz != NULL)
    {
      guint64 n = MIN (limit - pfn, feed->pcp_left);

      feed->pcp_left -= n;
      state->kind = MA_PAGE_PCP;
      return n;
    }
  else if (v == 0)
    {
      state->kind = MA_PAGE_USED;
      state->owner = MA_OWNER_UNKNOWN;
    }
  else if (v & KPF_RESERVED_MASK)
    state->kind = MA_PAGE_RESERVED;
  else
    {
      state->kind = MA_PAGE_USED;
      state->owner = owner_of_word (v);
    }
  return limit - pfn;
}

/* Rewrites the machine's zones to the flags, and says what was inferred. */
gboolean
ma_snapshot_flags_apply (MaSnapshotBuild  *b,
                         MaMachine        *machine,
                         GError          **error)
{
  MaSnapshotFlags *f = b->flags;
  g_autoptr(GPtrArray) enotes = g_ptr_array_new_with_free_func (g_free);
  Feed feed = { f, { 0, }, 0, FALSE, 0, 0, { { 0, } }, 0 };
  guint64 resized = 0, pcp_counted = 0, pcp_placed = 0;
  guint n_resized = 0;

  iter_init (&feed.it, f->rle, 0);
  if (!ma_machine_apply_page_states (machine, 0, ma_page_rle_get_n_frames (f->rle), feed_get,
                                     &feed, enotes, error))
    {
      g_prefix_error (error, "%s: ", b->source);
      return FALSE;
    }

  if (f->tails_marked)
    ma_snapshot_build_note (b, _("layout real, from /proc/kpageflags: the free blocks, the pages "
                                 "in use and their owners are where the flags put them; every "
                                 "frame of a free block is flagged, and each run of free frames "
                                 "is cut into its largest aligned blocks, as the allocator keeps "
                                 "them merged"));
  else
    ma_snapshot_build_note (b, _("layout real, from /proc/kpageflags: the free blocks, the pages "
                                 "in use and their owners are where the flags put them; only the "
                                 "first frame of a free block is flagged, and each block's order "
                                 "is inferred as the largest whose frames after the head carry "
                                 "no flag"));
  for (guint i = 0; i < enotes->len; i++)
    ma_snapshot_build_note (b, "%s", (const char *) enotes->pdata[i]);

  for (guint i = 0; i < f->zones->len; i++)
    {
      const FlagZone *fz = &g_array_index (f->zones, FlagZone, i);
      const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, fz->szone);
      guint64 diff = 0;

      if (fz->resized > 0)
        {
          resized += fz->resized;
          n_resized++;
        }
      for (guint k = 0; k < fz->n_counted; k++)
        diff += fz->blocks[k] > s->nr_free[k] ? fz->blocks[k] - s->nr_free[k]
                                              : s->nr_free[k] - fz->blocks[k];
      for (guint k = fz->n_counted; fz->n_counted > 0 && k <= f->max_order; k++)
        diff += fz->blocks[k];
      if (diff > 0)
        ma_snapshot_build_note (b, _("node %u %s: the free blocks per order in kpageflags differ "
                                     "from buddyinfo's by %" PRIu64 " blocks (the files were "
                                     "read at different moments); the flags are followed"),
                                s->node_id, ma_zone_type_name (s->type), diff);
      if (fz->got_holes != s->lay_spanned - s->lay_present
          || fz->got_reserved != s->lay_present - s->lay_managed)
        ma_snapshot_build_note (b, _("node %u %s: zoneinfo counts %" PRIu64 " holes and %" PRIu64
                                     " reserved frames, the flags leave room for %" PRIu64
                                     " and %" PRIu64), s->node_id, ma_zone_type_name (s->type),
                                s->lay_spanned - s->lay_present, s->lay_present - s->lay_managed,
                                fz->got_holes, fz->got_reserved);
      pcp_counted += fz->pcp;
    }
  if (resized > 0)
    {
      /* Translators: completes “%s free blocks in %s were given a smaller order …” */
      g_autofree char *zones = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u zone",
                                                             "%u zones", n_resized), n_resized);

      ma_snapshot_build_note (b, g_dngettext (GETTEXT_PACKAGE,
                                              "%" PRIu64 " free block in %s was given a smaller "
                                              "order than the flags allow, so that the counts "
                                              "per order match buddyinfo (a page in use without "
                                              "flags right after a free block looks like part "
                                              "of it)",
                                              "%" PRIu64 " free blocks in %s were given a smaller "
                                              "order than the flags allow, so that the counts "
                                              "per order match buddyinfo (a page in use without "
                                              "flags right after a free block looks like part "
                                              "of it)",
                                              (gulong) MIN (resized, G_MAXULONG)),
                              resized, zones);
    }
  for (guint n = 0; n < ma_machine_get_n_nodes (machine); n++)
    for (guint z = 0; z < ma_node_get_n_zones (ma_machine_get_node (machine, n)); z++)
      pcp_placed += ma_zone_get_pcp_pages (ma_node_get_zone (ma_machine_get_node (machine, n), z));
  if (pcp_counted > 0)
    ma_snapshot_build_note (b, _("%" PRIu64 " of the %" PRIu64 " per-CPU pages zoneinfo counts "
                                 "are shown on the first pages without flags (kpageflags cannot "
                                 "tell them from other pages without flags, which are shown in "
                                 "use, owner unknown)"), pcp_placed, pcp_counted);
  ma_snapshot_build_note (b, _("kpageflags do not record migratetypes: free blocks are on the "
                               "lists of their pageblocks' types, which are laid out from "
                               "pagetypeinfo's counts"));
  return TRUE;
}

