/* ma-map-summary.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why a pyramid: drawing the whole of a 1 TiB machine (268 million frames) on a 2-megapixel
 * screen must cost about what drawing 1 GiB costs, so a frame of the map may only touch about
 * one value per pixel. Each zone therefore keeps, for the colour mode in use, a mip pyramid in
 * map space: level L is a raster whose cells are 2^L × 2^L frames. Because frames follow the
 * Morton curve inside a tile, a cell of level L ≤ tile order is exactly an aligned run of 4^L
 * pfns, so the levels up to a tile are plain buddy-style reductions of the frame array, and the
 * levels above combine 2 × 2 cells like any mipmap. The renderer picks the level whose cells
 * are about one pixel and reads one byte per pixel.
 *
 * What a cell holds: from level 5 (blocks of 1024 frames) up, the count of frames per category
 * (16-bit at level 5, 32-bit above), so that a cell's colour is the exact hierarchical majority
 * of all its frames (ma_map_palette_pick()) and a parent is the sum of its children: one
 * allocation changes one block and the log(n) cells above it, never more. Levels 2 to 4 keep
 * only their colour byte, computed with the block's own histogram when the block is read.
 * Levels 0 and 1 are not stored: they are computed from the frames for the blocks in view
 * (MaMapFine) and cached, a few thousand blocks at most. For 1 TiB this costs about a tenth of
 * a byte per frame (level 2 alone is 1/16 byte), against 16 bytes of struct page.
 *
 * Keeping it current: changed pfn ranges (the engine's events) mark level-5 blocks dirty and
 * drop their cached fine blocks at once; ma_map_summary_update() then re-reads dirty blocks,
 * those in view first, and re-adds the levels above, until a deadline, so a big change (a reset
 * of 1 TiB) is spread over several frames while the old picture stays on screen. Blocks never
 * computed count as "pending" and draw as such.
 */
#define G_LOG_DOMAIN "ma-map-summary"

#include "config.h"

#include <string.h>

#include "ma-map-classify.h"
#include "ma-map-summary.h"

#define MAX_LEVELS       48
#define MIXED            253
#define FINE_CAP         4096
#define FINE1_CAP        16384
#define DAMAGE_CAP       8192
#define CHECK_EVERY      8

typedef struct
{
  const MaLayoutZone *lz;
  guint               sub;           /* tile order - block level */
  guint               n_levels;
  guint               w[MAX_LEVELS];
  guint               h[MAX_LEVELS];
  guint8             *colors[MAX_LEVELS];   /* levels >= 2 */
  guint16            *block_counts;         /* level 5 */
  guint32            *counts[MAX_LEVELS];   /* levels >= 6 */
  guint64            *dirty[MAX_LEVELS];    /* levels >= 5 */
  gsize               n_dirty[MAX_LEVELS];
  MaMapFine         **fine;
  MaMapFine1        **fine1;
} Zone;

struct _MaMapSummary
{
  MaFrameLayout      *layout;
  MaColorMode         mode;
  const MaMapPalette *palette;
  MaMapClassifier    *classifier;
  guint               n_bins;        /* categories + pending */
  guint               n_zones;
  Zone               *zones;
  GArray             *damage;        /* MaMapDamage */
  gboolean            damage_all;
  guint32             stamp;
  guint               n_fine;
  guint               n_fine1;
  guint16             morton_to_raster[MA_MAP_BLOCK_FRAMES];
  guint16             raster_to_morton[MA_MAP_BLOCK_FRAMES];
};

/**
 * ma_map_event_get_scope:
 * @event: an event of the machine's ring
 * @out_pfn: (out): the first frame it changed
 * @out_n_frames: (out): how many frames it changed
 *
 * Returns: which frames @event changed
 */
MaMapEventScope
ma_map_event_get_scope (const MaEvent *event,
                        guint64       *out_pfn,
                        guint64       *out_n_frames)
{
  switch ((MaEventType) event->type)
    {
    case MA_EVENT_ALLOC:
    case MA_EVENT_FREE:
    case MA_EVENT_SPLIT:
    case MA_EVENT_MERGE:
    case MA_EVENT_CLAIM:
    case MA_EVENT_STEAL:
    case MA_EVENT_PCP_REFILL:
    case MA_EVENT_PCP_DRAIN:
    case MA_EVENT_PCP_ALLOC:
    case MA_EVENT_PCP_FREE:
    case MA_EVENT_HIGHATOMIC:
      *out_pfn = event->pfn;
      *out_n_frames = event->order < 63 ? (guint64) 1 << event->order : G_MAXUINT64;
      return MA_MAP_EVENT_RANGE;
    case MA_EVENT_LRU_ACTIVATE:
    case MA_EVENT_KMAP:
    case MA_EVENT_KUNMAP:
    case MA_EVENT_KMAP_WAKE:
    case MA_EVENT_KMAP_ATOMIC:
    case MA_EVENT_KUNMAP_ATOMIC:
      /* one page: a pressure run sends these by the hundred thousand per tick, so taking them
       * for "everything changed" would redraw the whole map for each */
      *out_pfn = event->pfn;
      *out_n_frames = 1;
      return MA_MAP_EVENT_RANGE;
    case MA_EVENT_KMAP_FLUSH:
    case MA_EVENT_KMAP_WAIT:
      return MA_MAP_EVENT_NO_FRAMES;
    case MA_EVENT_RESET:
      *out_pfn = event->pfn;
      *out_n_frames = event->order < 63 ? (guint64) 1 << event->order : G_MAXUINT64;
      return event->aux == 1 ? MA_MAP_EVENT_RANGE : MA_MAP_EVENT_EVERYTHING;
    case MA_EVENT_WATERMARK:
    case MA_EVENT_BOOST:
    case MA_EVENT_ALLOC_FAIL:
    case MA_EVENT_KSWAPD_WAKE:
    case MA_EVENT_KSWAPD_SLEEP:
    case MA_EVENT_DIRECT_RECLAIM_BEGIN:
    case MA_EVENT_DIRECT_RECLAIM_END:
    case MA_EVENT_COMPACTION_BEGIN:
    case MA_EVENT_COMPACTION_END:
    case MA_EVENT_OOM_KILL:
      return MA_MAP_EVENT_NO_FRAMES;
    case MA_N_EVENT_TYPES:
    default:
      /* An event type newer than this code: be safe. */
      return MA_MAP_EVENT_EVERYTHING;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Bitsets */

static inline gboolean
bit_test (const guint64 *bits,
          gsize          i)
{
  return (bits[i / 64] >> (i % 64)) & 1;
}

static inline gboolean
bit_set (guint64 *bits,
         gsize    i)
{
  guint64 m = (guint64) 1 << (i % 64);
  gboolean was = (bits[i / 64] & m) != 0;

  bits[i / 64] |= m;
  return !was;
}

static inline void
bit_clear (guint64 *bits,
           gsize    i)
{
  bits[i / 64] &= ~((guint64) 1 << (i % 64));
}

static gsize
cells (const Zone *z,
       guint       level)
{
  return (gsize) z->w[level] * z->h[level];
}

/* ------------------------------------------------------------------------------------------ */
/* Geometry */

gboolean
ma_map_summary_block_pfn (MaMapSummary *self,
                          guint         zone,
                          guint         bx,
                          guint         by,
                          guint64      *out_pfn)
{
  const Zone *z = &self->zones[zone];
  const MaLayoutZone *lz = z->lz;
  guint tile_order = ma_frame_layout_get_tile_order (self->layout);
  guint64 tile;
  guint mask = (1u << z->sub) - 1;

  if (bx >= z->w[MA_MAP_BLOCK_LEVEL] || by >= z->h[MA_MAP_BLOCK_LEVEL])
    return FALSE;
  tile = (guint64) (by >> z->sub) * lz->columns + (bx >> z->sub);
  if (tile >= lz->n_tiles)
    return FALSE;
  *out_pfn = ((lz->first_tile + tile) << (2 * tile_order))
             + ((guint64) ma_morton_encode (bx & mask, by & mask) << (2 * MA_MAP_BLOCK_LEVEL));
  return TRUE;
}

/* The block holding pfn, which must be in the zone's span. */
static void
block_of_pfn (MaMapSummary *self,
              const Zone   *z,
              guint64       pfn,
              guint        *out_bx,
              guint        *out_by)
{
  guint tile_order = ma_frame_layout_get_tile_order (self->layout);
  guint64 tile = (pfn >> (2 * tile_order)) - z->lz->first_tile;
  guint32 sx, sy;

  ma_morton_decode ((guint32) ((pfn >> (2 * MA_MAP_BLOCK_LEVEL)) & ((1u << (2 * z->sub)) - 1)),
                    &sx, &sy);
  *out_bx = (guint) ((tile % z->lz->columns) << z->sub) + sx;
  *out_by = (guint) ((tile / z->lz->columns) << z->sub) + sy;
}

static guint64
frames_in_block (MaMapSummary *self,
                 guint         zone,
                 guint         bx,
                 guint         by)
{
  const MaLayoutZone *lz = self->zones[zone].lz;
  guint64 pfn, lo, hi;

  if (!ma_map_summary_block_pfn (self, zone, bx, by, &pfn))
    return 0;
  lo = MAX (pfn, lz->start_pfn);
  hi = MIN (pfn + MA_MAP_BLOCK_FRAMES, lz->end_pfn);
  return hi > lo ? hi - lo : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Damage */

static void
add_damage (MaMapSummary *self,
            guint         zone,
            guint         bx,
            guint         by)
{
  MaMapDamage d = { zone, bx, by };

  if (self->damage_all)
    return;
  if (self->damage->len >= DAMAGE_CAP)
    {
      self->damage_all = TRUE;
      g_array_set_size (self->damage, 0);
      return;
    }
  g_array_append_val (self->damage, d);
}

/**
 * ma_map_summary_take_damage:
 * @out_all: (out): set when so much changed that everything should be redrawn
 *
 * The blocks that changed since the last call: their frames (dropped from the fine cache) or
 * their summaries (recomputed).
 *
 * Returns: (transfer full) (element-type MaMapDamage): the changed blocks
 */
GArray *
ma_map_summary_take_damage (MaMapSummary *self,
                            gboolean     *out_all)
{
  GArray *taken = self->damage;

  *out_all = self->damage_all;
  self->damage_all = FALSE;
  self->damage = g_array_new (FALSE, FALSE, sizeof (MaMapDamage));
  return taken;
}

/* ------------------------------------------------------------------------------------------ */
/* Reducing a block */

static guint8
pick16 (MaMapSummary  *self,
        const guint16 *hist)
{
  guint32 counts[MA_MAP_MAX_CATEGORIES + 1];

  for (guint c = 0; c < self->n_bins; c++)
    counts[c] = hist[c];
  return ma_map_palette_pick (self->palette, counts);
}

/* All n bytes equal: each equals the next. */
static gboolean
uniform (const guint8 *p,
         guint         n)
{
  return memcmp (p, p + 1, n - 1) == 0;
}

/* Combines the four children c[0..3] (cells of `child_frames` frames) into cell `out`. */
static void
combine (MaMapSummary *self,
         guint16       hist[][MA_MAP_MAX_CATEGORIES + 1],
         guint8       *uni,
         guint         out,
         guint         first_child,
         guint         child_frames)
{
  guint8 u = uni[first_child];

  if (u != MIXED && uni[first_child + 1] == u && uni[first_child + 2] == u
      && uni[first_child + 3] == u)
    {
      uni[out] = u;
      return;
    }
  uni[out] = MIXED;
  memset (hist[out], 0, sizeof hist[out]);
  for (guint i = first_child; i < first_child + 4; i++)
    {
      if (uni[i] == MIXED)
        for (guint c = 0; c < self->n_bins; c++)
          hist[out][c] += hist[i][c];
      else if (uni[i] != MA_MAP_CAT_NONE)
        hist[out][uni[i]] += child_frames;
    }
}

static void
write_cell (Zone   *z,
            guint   level,
            guint   x,
            guint   y,
            guint8  color)
{
  z->colors[level][(gsize) y * z->w[level] + x] = color;
}

/* Levels 2 to 5 of one block, from the categories of its 1024 frames in Morton order. Cells
 * 0–63 are level 2, 64–79 level 3, 80–83 level 4 and 84 the block. */
static void
reduce_block (MaMapSummary *self,
              Zone         *z,
              guint         bx,
              guint         by,
              const guint8 *cats)
{
  guint16 hist[85][MA_MAP_MAX_CATEGORIES + 1];
  guint8 uni[85];
  guint16 *counts = &z->block_counts[((gsize) by * z->w[MA_MAP_BLOCK_LEVEL] + bx) * self->n_bins];

  /* Most blocks are one category (a large free or allocated block, a hole): fill and go. */
  if (uniform (cats, MA_MAP_BLOCK_FRAMES))
    {
      for (guint L = MA_MAP_FIRST_STORED_LEVEL; L <= MA_MAP_BLOCK_LEVEL; L++)
        {
          guint side = 1u << (MA_MAP_BLOCK_LEVEL - L);

          for (guint y = 0; y < side; y++)
            memset (&z->colors[L][(gsize) (by * side + y) * z->w[L] + bx * side], cats[0], side);
        }
      memset (counts, 0, self->n_bins * sizeof (guint16));
      if (cats[0] != MA_MAP_CAT_NONE)
        counts[cats[0]] = MA_MAP_BLOCK_FRAMES;
      return;
    }

  for (guint j = 0; j < 64; j++)
    {
      const guint8 *c = cats + 16 * j;

      if (uniform (c, 16))
        {
          uni[j] = c[0];
          continue;
        }
      uni[j] = MIXED;
      memset (hist[j], 0, sizeof hist[j]);
      for (guint i = 0; i < 16; i++)
        if (c[i] != MA_MAP_CAT_NONE)
          hist[j][c[i]]++;
    }
  for (guint j = 0; j < 16; j++)
    combine (self, hist, uni, 64 + j, 4 * j, 16);
  for (guint j = 0; j < 4; j++)
    combine (self, hist, uni, 80 + j, 64 + 4 * j, 64);
  combine (self, hist, uni, 84, 80, 256);

  for (guint j = 0; j < 64; j++)
    {
      guint32 x, y;

      ma_morton_decode (j, &x, &y);
      write_cell (z, 2, bx * 8 + x, by * 8 + y, uni[j] != MIXED ? uni[j] : pick16 (self, hist[j]));
    }
  for (guint j = 0; j < 16; j++)
    {
      guint32 x, y;

      ma_morton_decode (j, &x, &y);
      write_cell (z, 3, bx * 4 + x, by * 4 + y,
                  uni[64 + j] != MIXED ? uni[64 + j] : pick16 (self, hist[64 + j]));
    }
  for (guint j = 0; j < 4; j++)
    {
      guint32 x, y;

      ma_morton_decode (j, &x, &y);
      write_cell (z, 4, bx * 2 + x, by * 2 + y,
                  uni[80 + j] != MIXED ? uni[80 + j] : pick16 (self, hist[80 + j]));
    }

  memset (counts, 0, self->n_bins * sizeof (guint16));
  if (uni[84] == MIXED)
    memcpy (counts, hist[84], self->n_bins * sizeof (guint16));
  else if (uni[84] != MA_MAP_CAT_NONE)
    counts[uni[84]] = MA_MAP_BLOCK_FRAMES;
  write_cell (z, MA_MAP_BLOCK_LEVEL, bx, by,
              uni[84] != MIXED ? uni[84] : pick16 (self, counts));
}

static void
mark_parent (Zone  *z,
             guint  level,
             guint  x,
             guint  y)
{
  if (level + 1 >= z->n_levels)
    return;
  if (bit_set (z->dirty[level + 1], (gsize) (y / 2) * z->w[level + 1] + x / 2))
    z->n_dirty[level + 1]++;
}

static void
process_block (MaMapSummary *self,
               guint         zone,
               guint         bx,
               guint         by)
{
  Zone *z = &self->zones[zone];
  guint8 cats[MA_MAP_BLOCK_FRAMES];
  guint64 pfn;

  bit_clear (z->dirty[MA_MAP_BLOCK_LEVEL], (gsize) by * z->w[MA_MAP_BLOCK_LEVEL] + bx);
  z->n_dirty[MA_MAP_BLOCK_LEVEL]--;
  if (!ma_map_summary_block_pfn (self, zone, bx, by, &pfn))
    return;
  ma_map_classify (self->classifier, z->lz, pfn, MA_MAP_BLOCK_FRAMES, cats, NULL);
  reduce_block (self, z, bx, by, cats);
  mark_parent (z, MA_MAP_BLOCK_LEVEL, bx, by);
  add_damage (self, zone, bx, by);
}

/* A cell above level 5: the sum of its children. */
static void
process_upper (MaMapSummary *self,
               Zone         *z,
               guint         level,
               guint         x,
               guint         y)
{
  guint n = self->n_bins;
  guint32 *out = &z->counts[level][((gsize) y * z->w[level] + x) * n];

  bit_clear (z->dirty[level], (gsize) y * z->w[level] + x);
  z->n_dirty[level]--;
  memset (out, 0, n * sizeof (guint32));
  for (guint cy = 2 * y; cy < MIN (2 * y + 2, z->h[level - 1]); cy++)
    for (guint cx = 2 * x; cx < MIN (2 * x + 2, z->w[level - 1]); cx++)
      {
        gsize i = ((gsize) cy * z->w[level - 1] + cx) * n;

        if (level - 1 == MA_MAP_BLOCK_LEVEL)
          for (guint c = 0; c < n; c++)
            out[c] += z->block_counts[i + c];
        else
          for (guint c = 0; c < n; c++)
            out[c] += z->counts[level - 1][i + c];
      }
  write_cell (z, level, x, y, ma_map_palette_pick (self->palette, out));
  mark_parent (z, level, x, y);
}

/* ------------------------------------------------------------------------------------------ */
/* Construction */

static void
zone_init (MaMapSummary *self,
           guint         zi)
{
  Zone *z = &self->zones[zi];
  guint tile_order = ma_frame_layout_get_tile_order (self->layout);
  guint L;

  z->lz = ma_frame_layout_get_zone (self->layout, zi);
  z->sub = tile_order - MA_MAP_BLOCK_LEVEL;
  z->w[MA_MAP_BLOCK_LEVEL] = z->lz->columns << z->sub;
  z->h[MA_MAP_BLOCK_LEVEL] = z->lz->rows << z->sub;
  for (L = MA_MAP_BLOCK_LEVEL; L > 0; L--)
    {
      z->w[L - 1] = z->w[L] * 2;
      z->h[L - 1] = z->h[L] * 2;
    }
  for (L = MA_MAP_BLOCK_LEVEL; z->w[L] > 1 || z->h[L] > 1; L++)
    {
      g_assert (L + 1 < MAX_LEVELS);
      z->w[L + 1] = (z->w[L] + 1) / 2;
      z->h[L + 1] = (z->h[L] + 1) / 2;
    }
  z->n_levels = L + 1;

  /* Everything starts pending and dirty: a view shows "not computed yet" until its blocks are
   * read; only cells past a zone's last tile are empty at once. No frame is read here, so that
   * even a 1 TiB machine's summary exists in a few milliseconds and fills in over frames. */
  for (L = MA_MAP_FIRST_STORED_LEVEL; L < z->n_levels; L++)
    {
      z->colors[L] = g_malloc (cells (z, L));
      memset (z->colors[L], MA_MAP_CAT_PENDING, cells (z, L));
    }
  z->block_counts = g_new0 (guint16, cells (z, MA_MAP_BLOCK_LEVEL) * self->n_bins);
  for (L = MA_MAP_BLOCK_LEVEL + 1; L < z->n_levels; L++)
    z->counts[L] = g_new0 (guint32, cells (z, L) * self->n_bins);
  for (L = MA_MAP_BLOCK_LEVEL; L < z->n_levels; L++)
    {
      z->dirty[L] = g_new0 (guint64, (cells (z, L) + 63) / 64);
      for (gsize i = 0; i < cells (z, L); i++)
        bit_set (z->dirty[L], i);
      z->n_dirty[L] = cells (z, L);
    }
  z->fine = g_new0 (MaMapFine *, cells (z, MA_MAP_BLOCK_LEVEL));
  z->fine1 = g_new0 (MaMapFine1 *, cells (z, MA_MAP_BLOCK_LEVEL));

  for (guint by = 0; by < z->h[MA_MAP_BLOCK_LEVEL]; by++)
    for (guint bx = 0; bx < z->w[MA_MAP_BLOCK_LEVEL]; bx++)
      {
        guint64 n = frames_in_block (self, zi, bx, by);
        gsize i = (gsize) by * z->w[MA_MAP_BLOCK_LEVEL] + bx;

        z->block_counts[i * self->n_bins + self->n_bins - 1] = (guint16) n;
        if (n > 0)
          continue;
        /* No frame here (past the last tile): empty at once, and nothing to read. */
        bit_clear (z->dirty[MA_MAP_BLOCK_LEVEL], i);
        z->n_dirty[MA_MAP_BLOCK_LEVEL]--;
        for (L = MA_MAP_FIRST_STORED_LEVEL; L <= MA_MAP_BLOCK_LEVEL; L++)
          {
            guint side = 1u << (MA_MAP_BLOCK_LEVEL - L);

            for (guint y = 0; y < side; y++)
              memset (&z->colors[L][(gsize) (by * side + y) * z->w[L] + bx * side],
                      MA_MAP_CAT_NONE, side);
          }
      }
}

/**
 * ma_map_summary_new:
 * @layout: the map of the machine
 * @mode: the colour mode to summarise
 *
 * Creates the summaries of every zone, all pending: nothing is read from the frames until
 * ma_map_summary_update().
 *
 * Returns: (transfer full): a new summary
 */
MaMapSummary *
ma_map_summary_new (MaFrameLayout *layout,
                    MaColorMode    mode)
{
  MaMapSummary *self = g_new0 (MaMapSummary, 1);

  self->layout = ma_frame_layout_ref (layout);
  self->mode = mode;
  self->palette = ma_map_palette_get (mode);
  self->classifier = ma_map_classifier_new (ma_frame_layout_get_machine (layout), mode);
  self->n_bins = self->palette->n_categories + 1;
  self->damage = g_array_new (FALSE, FALSE, sizeof (MaMapDamage));
  self->stamp = 1;

  for (guint i = 0; i < MA_MAP_BLOCK_FRAMES; i++)
    {
      guint32 x, y;

      ma_morton_decode (i, &x, &y);
      self->morton_to_raster[i] = (guint16) (y * MA_MAP_BLOCK_SIDE + x);
      self->raster_to_morton[y * MA_MAP_BLOCK_SIDE + x] = (guint16) i;
    }

  self->n_zones = ma_frame_layout_get_n_zones (layout);
  self->zones = g_new0 (Zone, self->n_zones);
  for (guint i = 0; i < self->n_zones; i++)
    zone_init (self, i);
  return self;
}

void
ma_map_summary_free (MaMapSummary *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_zones; i++)
    {
      Zone *z = &self->zones[i];

      for (guint L = 0; L < z->n_levels; L++)
        {
          g_free (z->colors[L]);
          g_free (z->counts[L]);
          g_free (z->dirty[L]);
        }
      g_free (z->block_counts);
      for (gsize b = 0; b < cells (z, MA_MAP_BLOCK_LEVEL); b++)
        {
          g_free (z->fine[b]);
          g_free (z->fine1[b]);
        }
      g_free (z->fine);
      g_free (z->fine1);
    }
  g_free (self->zones);
  g_array_unref (self->damage);
  ma_map_classifier_free (self->classifier);
  ma_frame_layout_unref (self->layout);
  g_free (self);
}

MaColorMode
ma_map_summary_get_mode (MaMapSummary *self)
{
  return self->mode;
}

MaFrameLayout *
ma_map_summary_get_layout (MaMapSummary *self)
{
  return self->layout;
}

/**
 * ma_map_summary_get_memory_size:
 *
 * Returns: the bytes the summary holds now, fine blocks included
 */
gsize
ma_map_summary_get_memory_size (MaMapSummary *self)
{
  gsize size = sizeof *self + self->n_zones * sizeof (Zone);

  for (guint i = 0; i < self->n_zones; i++)
    {
      Zone *z = &self->zones[i];

      for (guint L = MA_MAP_FIRST_STORED_LEVEL; L < z->n_levels; L++)
        size += cells (z, L);
      size += cells (z, MA_MAP_BLOCK_LEVEL) * self->n_bins * sizeof (guint16);
      for (guint L = MA_MAP_BLOCK_LEVEL + 1; L < z->n_levels; L++)
        size += cells (z, L) * self->n_bins * sizeof (guint32);
      for (guint L = MA_MAP_BLOCK_LEVEL; L < z->n_levels; L++)
        size += (cells (z, L) + 63) / 64 * 8;
      size += cells (z, MA_MAP_BLOCK_LEVEL) * 2 * sizeof (gpointer);
    }
  size += (gsize) self->n_fine * sizeof (MaMapFine) + (gsize) self->n_fine1 * sizeof (MaMapFine1);
  return size;
}

/* ------------------------------------------------------------------------------------------ */
/* Invalidation */

static void
drop_fine (MaMapSummary *self,
           Zone         *z,
           gsize         i)
{
  if (z->fine[i])
    {
      g_clear_pointer (&z->fine[i], g_free);
      self->n_fine--;
    }
  if (z->fine1[i])
    {
      g_clear_pointer (&z->fine1[i], g_free);
      self->n_fine1--;
    }
}

static void
invalidate_block (MaMapSummary *self,
                  guint         zone,
                  guint         bx,
                  guint         by)
{
  Zone *z = &self->zones[zone];
  gsize i = (gsize) by * z->w[MA_MAP_BLOCK_LEVEL] + bx;

  if (bit_set (z->dirty[MA_MAP_BLOCK_LEVEL], i))
    z->n_dirty[MA_MAP_BLOCK_LEVEL]++;
  drop_fine (self, z, i);
  /* The blocks to the left and above know how their edge frames join this one. */
  if (bx > 0)
    drop_fine (self, z, i - 1);
  if (by > 0)
    drop_fine (self, z, i - z->w[MA_MAP_BLOCK_LEVEL]);
  add_damage (self, zone, bx, by);
}

/**
 * ma_map_summary_drop_fine:
 *
 * Forgets every block read from the frames (benchmarks measure a cold picture with it).
 */
void
ma_map_summary_drop_fine (MaMapSummary *self)
{
  for (guint zi = 0; zi < self->n_zones; zi++)
    for (gsize b = 0; b < cells (&self->zones[zi], MA_MAP_BLOCK_LEVEL); b++)
      drop_fine (self, &self->zones[zi], b);
}

/**
 * ma_map_summary_invalidate_range:
 * @pfn: the first frame that changed
 * @n_frames: how many
 *
 * Marks the blocks holding the frames as changed.
 */
void
ma_map_summary_invalidate_range (MaMapSummary *self,
                                 guint64       pfn,
                                 guint64       n_frames)
{
  guint64 end = pfn + n_frames < pfn ? G_MAXUINT64 : pfn + n_frames;

  for (guint zi = 0; zi < self->n_zones; zi++)
    {
      const Zone *z = &self->zones[zi];
      guint64 lo = MAX (pfn, z->lz->start_pfn);
      guint64 hi = MIN (end, z->lz->end_pfn);

      for (guint64 p = lo & ~(guint64) (MA_MAP_BLOCK_FRAMES - 1); p < hi;
           p += MA_MAP_BLOCK_FRAMES)
        {
          guint bx, by;

          block_of_pfn (self, z, MAX (p, z->lz->start_pfn), &bx, &by);
          invalidate_block (self, zi, bx, by);
        }
    }
}

/**
 * ma_map_summary_invalidate_all:
 *
 * Marks every block as changed; the old summaries stay until they are recomputed.
 */
void
ma_map_summary_invalidate_all (MaMapSummary *self)
{
  for (guint zi = 0; zi < self->n_zones; zi++)
    ma_map_summary_invalidate_range (self, self->zones[zi].lz->start_pfn,
                                     self->zones[zi].lz->end_pfn - self->zones[zi].lz->start_pfn);
  self->damage_all = TRUE;
  g_array_set_size (self->damage, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Updating */

static gboolean
past (gint64 deadline)
{
  return deadline >= 0 && g_get_monotonic_time () >= deadline;
}

/* Processes the dirty blocks of a zone within [x0, x1) × [y0, y1) (block coordinates). */
static gboolean
process_blocks (MaMapSummary *self,
                guint         zi,
                guint         x0,
                guint         y0,
                guint         x1,
                guint         y1,
                gint64        deadline)
{
  Zone *z = &self->zones[zi];
  guint w = z->w[MA_MAP_BLOCK_LEVEL];
  guint done = 0;

  for (guint y = y0; y < y1 && z->n_dirty[MA_MAP_BLOCK_LEVEL] > 0; y++)
    {
      gsize row = (gsize) y * w;

      for (guint x = x0; x < x1;)
        {
          gsize i = row + x;
          guint64 word = z->dirty[MA_MAP_BLOCK_LEVEL][i / 64] >> (i % 64);

          if (word == 0)
            {
              x += 64 - (guint) (i % 64);
              continue;
            }
          if (!(word & 1))
            {
              x += (guint) __builtin_ctzll (word);
              continue;
            }
          if (x >= x1)
            break;
          process_block (self, zi, x, y);
          x++;
          if (++done % CHECK_EVERY == 0 && past (deadline))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
process_upper_levels (MaMapSummary *self,
                      Zone         *z,
                      gint64        deadline)
{
  for (guint L = MA_MAP_BLOCK_LEVEL + 1; L < z->n_levels; L++)
    {
      guint done = 0;

      for (gsize i = 0; z->n_dirty[L] > 0 && i < cells (z, L); i++)
        {
          if (z->dirty[L][i / 64] == 0)
            {
              i |= 63;
              continue;
            }
          if (!bit_test (z->dirty[L], i))
            continue;
          process_upper (self, z, L, (guint) (i % z->w[L]), (guint) (i / z->w[L]));
          if (++done % (CHECK_EVERY * 64) == 0 && past (deadline))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * ma_map_summary_update:
 * @first: (nullable): the part of the map to bring up to date first, in map units
 * @deadline: monotonic time (g_get_monotonic_time()) to stop at, or -1 to finish
 *
 * Recomputes what changed: dirty blocks (in @first before the others), then the levels above.
 *
 * Returns: %TRUE when everything is up to date
 */
gboolean
ma_map_summary_update (MaMapSummary    *self,
                       const MaMapRect *first,
                       gint64           deadline)
{
  gboolean blocks_clean = TRUE;

  if (first != NULL)
    for (guint zi = 0; zi < self->n_zones; zi++)
      {
        Zone *z = &self->zones[zi];
        const MaMapRect *r = &z->lz->rect;
        double x0 = MAX (first->x, r->x) - r->x, y0 = MAX (first->y, r->y) - r->y;
        double x1 = MIN (first->x + first->width, r->x + r->width) - r->x;
        double y1 = MIN (first->y + first->height, r->y + r->height) - r->y;

        if (z->n_dirty[MA_MAP_BLOCK_LEVEL] == 0 || x1 <= x0 || y1 <= y0)
          continue;
        if (!process_blocks (self, zi, (guint) (x0 / MA_MAP_BLOCK_SIDE),
                             (guint) (y0 / MA_MAP_BLOCK_SIDE),
                             MIN ((guint) (x1 / MA_MAP_BLOCK_SIDE) + 1, z->w[MA_MAP_BLOCK_LEVEL]),
                             MIN ((guint) (y1 / MA_MAP_BLOCK_SIDE) + 1, z->h[MA_MAP_BLOCK_LEVEL]),
                             deadline))
          return FALSE;
      }

  for (guint zi = 0; zi < self->n_zones; zi++)
    {
      Zone *z = &self->zones[zi];

      if (!process_blocks (self, zi, 0, 0, z->w[MA_MAP_BLOCK_LEVEL], z->h[MA_MAP_BLOCK_LEVEL],
                           deadline))
        return FALSE;
      blocks_clean &= z->n_dirty[MA_MAP_BLOCK_LEVEL] == 0;
    }
  g_assert (blocks_clean);

  for (guint zi = 0; zi < self->n_zones; zi++)
    if (!process_upper_levels (self, &self->zones[zi], deadline))
      return FALSE;
  return TRUE;
}

/**
 * ma_map_summary_is_clean:
 *
 * Returns: whether no block or level waits to be recomputed
 */
gboolean
ma_map_summary_is_clean (MaMapSummary *self)
{
  for (guint zi = 0; zi < self->n_zones; zi++)
    {
      Zone *z = &self->zones[zi];

      for (guint L = MA_MAP_BLOCK_LEVEL; L < z->n_levels; L++)
        if (z->n_dirty[L] > 0)
          return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading */

guint
ma_map_summary_get_n_levels (MaMapSummary *self,
                             guint         zone)
{
  g_return_val_if_fail (zone < self->n_zones, 0);
  return self->zones[zone].n_levels;
}

/**
 * ma_map_summary_get_level:
 * @level: a stored level, at least MA_MAP_FIRST_STORED_LEVEL
 * @out_width: (out): cells per row
 * @out_height: (out): rows
 *
 * Returns: (transfer none): the categories of the level's cells, row-major, over the zone's
 *   rectangle; MA_MAP_CAT_NONE where there is no frame
 */
const guint8 *
ma_map_summary_get_level (MaMapSummary *self,
                          guint         zone,
                          guint         level,
                          guint        *out_width,
                          guint        *out_height)
{
  Zone *z;

  g_return_val_if_fail (zone < self->n_zones, NULL);
  z = &self->zones[zone];
  g_return_val_if_fail (level >= MA_MAP_FIRST_STORED_LEVEL && level < z->n_levels, NULL);

  *out_width = z->w[level];
  *out_height = z->h[level];
  return z->colors[level];
}

/* Whether frames a and b (raster indices of one fine block) are one region: one buddy block, or
 * a run of hatched frames (holes, reserved) of one category. */
static gboolean
same_region (MaMapSummary *self,
             guint8        cat_a,
             guint8        order_a,
             guint64       pfn_a,
             guint8        cat_b,
             guint8        order_b,
             guint64       pfn_b)
{
  if (order_a != MA_MAP_NOT_A_BLOCK)
    return order_a == order_b && (pfn_a >> order_a) == (pfn_b >> order_a);
  if (order_b != MA_MAP_NOT_A_BLOCK || cat_a != cat_b || cat_a >= self->palette->n_categories)
    return FALSE;
  return self->palette->categories[cat_a].pattern != MA_MAP_PATTERN_NONE;
}

/* The neighbour of an edge frame in the next block: its pfn, category and order. */
static gboolean
neighbour (MaMapSummary *self,
           guint         zone,
           guint         bx,
           guint         by,
           guint         x,
           guint         y,
           guint64      *out_pfn,
           guint8       *out_cat,
           guint8       *out_order)
{
  Zone *z = &self->zones[zone];
  guint64 base;

  if (!ma_map_summary_block_pfn (self, zone, bx, by, &base))
    return FALSE;
  /* Blocks of different tiles never share a buddy block, but hatched runs go on. */
  *out_pfn = base + ma_morton_encode (x, y);
  if (*out_pfn < z->lz->start_pfn || *out_pfn >= z->lz->end_pfn)
    return FALSE;
  ma_map_classify (self->classifier, z->lz, *out_pfn, 1, out_cat, out_order);
  return TRUE;
}

static void
compute_flags (MaMapSummary *self,
               guint         zone,
               guint         bx,
               guint         by,
               MaMapFine    *f)
{
  for (guint y = 0; y < MA_MAP_BLOCK_SIDE; y++)
    for (guint x = 0; x < MA_MAP_BLOCK_SIDE; x++)
      {
        guint i = y * MA_MAP_BLOCK_SIDE + x;
        guint64 pfn = f->first_pfn + self->raster_to_morton[i];
        guint8 flags = 0, cat, order;
        guint64 npfn;

        if (f->cats[i] == MA_MAP_CAT_NONE)
          {
            f->flags[i] = 0;
            continue;
          }
        if (x + 1 < MA_MAP_BLOCK_SIDE)
          {
            if (same_region (self, f->cats[i], f->orders[i], pfn, f->cats[i + 1],
                             f->orders[i + 1], f->first_pfn + self->raster_to_morton[i + 1]))
              flags |= MA_MAP_JOINS_RIGHT;
          }
        else if ((f->orders[i] == MA_MAP_NOT_A_BLOCK || f->orders[i] > 2 * MA_MAP_BLOCK_LEVEL)
                 && neighbour (self, zone, bx + 1, by, 0, y, &npfn, &cat, &order)
                 && same_region (self, f->cats[i], f->orders[i], pfn, cat, order, npfn))
          flags |= MA_MAP_JOINS_RIGHT;

        if (y + 1 < MA_MAP_BLOCK_SIDE)
          {
            if (same_region (self, f->cats[i], f->orders[i], pfn, f->cats[i + MA_MAP_BLOCK_SIDE],
                             f->orders[i + MA_MAP_BLOCK_SIDE],
                             f->first_pfn + self->raster_to_morton[i + MA_MAP_BLOCK_SIDE]))
              flags |= MA_MAP_JOINS_DOWN;
          }
        else if ((f->orders[i] == MA_MAP_NOT_A_BLOCK || f->orders[i] > 2 * MA_MAP_BLOCK_LEVEL)
                 && neighbour (self, zone, bx, by + 1, x, 0, &npfn, &cat, &order)
                 && same_region (self, f->cats[i], f->orders[i], pfn, cat, order, npfn))
          flags |= MA_MAP_JOINS_DOWN;

        if (f->orders[i] == MA_MAP_NOT_A_BLOCK || (pfn & ((1ull << f->orders[i]) - 1)) == 0)
          flags |= MA_MAP_BLOCK_HEAD;
        f->flags[i] = flags;
      }
}

static void
evict (MaMapSummary *self,
       gboolean      level1)
{
  for (guint zi = 0; zi < self->n_zones; zi++)
    {
      Zone *z = &self->zones[zi];

      for (gsize b = 0; b < cells (z, MA_MAP_BLOCK_LEVEL); b++)
        {
          if (!level1 && z->fine[b] && z->fine[b]->stamp != self->stamp)
            {
              g_clear_pointer (&z->fine[b], g_free);
              self->n_fine--;
            }
          if (level1 && z->fine1[b] && z->fine1[b]->stamp != self->stamp)
            {
              g_clear_pointer (&z->fine1[b], g_free);
              self->n_fine1--;
            }
        }
    }
}

/**
 * ma_map_summary_get_fine:
 * @compute: whether to read the frames if the block is not cached
 *
 * The block at level 0, from the cache or the frames.
 *
 * Returns: (transfer none) (nullable): the block, valid until the next change of the summary;
 *   %NULL when not cached and @compute is %FALSE, or when the block has no frame
 */
const MaMapFine *
ma_map_summary_get_fine (MaMapSummary *self,
                         guint         zone,
                         guint         bx,
                         guint         by,
                         gboolean      compute)
{
  Zone *z = &self->zones[zone];
  gsize i = (gsize) by * z->w[MA_MAP_BLOCK_LEVEL] + bx;
  guint8 cats[MA_MAP_BLOCK_FRAMES], orders[MA_MAP_BLOCK_FRAMES];
  MaMapFine *f;
  guint64 pfn;

  if (bx >= z->w[MA_MAP_BLOCK_LEVEL] || by >= z->h[MA_MAP_BLOCK_LEVEL])
    return NULL;
  if (z->fine[i])
    {
      z->fine[i]->stamp = self->stamp;
      return z->fine[i];
    }
  if (!compute || !ma_map_summary_block_pfn (self, zone, bx, by, &pfn))
    return NULL;

  if (self->n_fine >= FINE_CAP)
    evict (self, FALSE);
  f = g_new (MaMapFine, 1);
  f->first_pfn = pfn;
  f->stamp = self->stamp;
  ma_map_classify (self->classifier, z->lz, pfn, MA_MAP_BLOCK_FRAMES, cats, orders);
  for (guint m = 0; m < MA_MAP_BLOCK_FRAMES; m++)
    {
      f->cats[self->morton_to_raster[m]] = cats[m];
      f->orders[self->morton_to_raster[m]] = orders[m];
    }
  f->has_flags = FALSE;
  z->fine[i] = f;
  self->n_fine++;
  return f;
}

/**
 * ma_map_summary_ensure_flags:
 * @fine: a block returned by ma_map_summary_get_fine() for (@zone, @bx, @by)
 *
 * Computes how the frames of @fine join their neighbours, if not done yet: only close views
 * (gaps between blocks, marks) need it.
 */
void
ma_map_summary_ensure_flags (MaMapSummary    *self,
                             guint            zone,
                             guint            bx,
                             guint            by,
                             const MaMapFine *fine)
{
  /* The block is the summary's own cache entry, handed out read-only. */
  MaMapFine *f = (MaMapFine *) fine;

  if (f->has_flags)
    return;
  compute_flags (self, zone, bx, by, f);
  f->has_flags = TRUE;
}

/**
 * ma_map_summary_get_fine1:
 * @compute: whether to read the frames if the block is not cached
 *
 * The block at level 1, from the cache or the frames.
 *
 * Returns: (transfer none) (nullable): the block, or %NULL
 */
const MaMapFine1 *
ma_map_summary_get_fine1 (MaMapSummary *self,
                          guint         zone,
                          guint         bx,
                          guint         by,
                          gboolean      compute)
{
  Zone *z = &self->zones[zone];
  gsize i = (gsize) by * z->w[MA_MAP_BLOCK_LEVEL] + bx;
  guint8 cats[MA_MAP_BLOCK_FRAMES];
  MaMapFine1 *f;
  guint64 pfn;

  if (bx >= z->w[MA_MAP_BLOCK_LEVEL] || by >= z->h[MA_MAP_BLOCK_LEVEL])
    return NULL;
  if (z->fine1[i])
    {
      z->fine1[i]->stamp = self->stamp;
      return z->fine1[i];
    }
  if (!compute || !ma_map_summary_block_pfn (self, zone, bx, by, &pfn))
    return NULL;

  if (self->n_fine1 >= FINE1_CAP)
    evict (self, TRUE);
  f = g_new (MaMapFine1, 1);
  f->stamp = self->stamp;
  ma_map_classify (self->classifier, z->lz, pfn, MA_MAP_BLOCK_FRAMES, cats, NULL);
  for (guint j = 0; j < MA_MAP_BLOCK_FRAMES / 4; j++)
    {
      const guint8 *c = cats + 4 * j;
      guint32 x, y;
      guint8 v;

      if (c[0] == c[1] && c[0] == c[2] && c[0] == c[3])
        v = c[0];
      else
        {
          guint32 counts[MA_MAP_MAX_CATEGORIES + 1] = { 0, };

          for (guint k = 0; k < 4; k++)
            if (c[k] != MA_MAP_CAT_NONE)
              counts[c[k]]++;
          v = ma_map_palette_pick (self->palette, counts);
        }
      ma_morton_decode (j, &x, &y);
      f->cats[y * (MA_MAP_BLOCK_SIDE / 2) + x] = v;
    }
  z->fine1[i] = f;
  self->n_fine1++;
  return f;
}

/**
 * ma_map_summary_next_frame:
 *
 * Starts a new drawing: fine blocks not used since the last call may be evicted.
 */
void
ma_map_summary_next_frame (MaMapSummary *self)
{
  self->stamp++;
}

/* ------------------------------------------------------------------------------------------ */
/* For tests: counts as stored, and as recomputed from the frames. */

void
ma_map_summary_get_counts (MaMapSummary *self,
                           guint         zone,
                           guint         level,
                           guint         x,
                           guint         y,
                           guint32      *out_counts)
{
  Zone *z = &self->zones[zone];
  gsize i = ((gsize) y * z->w[level] + x) * self->n_bins;

  g_return_if_fail (level >= MA_MAP_BLOCK_LEVEL && level < z->n_levels);

  for (guint c = 0; c < self->n_bins; c++)
    out_counts[c] = level == MA_MAP_BLOCK_LEVEL ? z->block_counts[i + c] : z->counts[level][i + c];
}

void
ma_map_summary_count_from_frames (MaMapSummary *self,
                                  guint         zone,
                                  guint         level,
                                  guint         x,
                                  guint         y,
                                  guint32      *out_counts)
{
  Zone *z = &self->zones[zone];
  guint side = level >= MA_MAP_BLOCK_LEVEL ? 1u << (level - MA_MAP_BLOCK_LEVEL) : 1;

  memset (out_counts, 0, self->n_bins * sizeof (guint32));
  if (level < MA_MAP_BLOCK_LEVEL)
    {
      guint shift = MA_MAP_BLOCK_LEVEL - level;
      guint bx = x >> shift, by = y >> shift;
      guint cell = 1u << level;
      guint8 cats[MA_MAP_BLOCK_FRAMES];
      guint64 pfn;

      if (!ma_map_summary_block_pfn (self, zone, bx, by, &pfn))
        return;
      ma_map_classify (self->classifier, z->lz, pfn, MA_MAP_BLOCK_FRAMES, cats, NULL);
      for (guint m = 0; m < MA_MAP_BLOCK_FRAMES; m++)
        {
          guint32 fx, fy;

          ma_morton_decode (m, &fx, &fy);
          if (fx / cell == (x & ((1u << shift) - 1)) && fy / cell == (y & ((1u << shift) - 1))
              && cats[m] != MA_MAP_CAT_NONE)
            out_counts[cats[m]]++;
        }
      return;
    }

  for (guint by = y * side; by < MIN ((y + 1) * side, z->h[MA_MAP_BLOCK_LEVEL]); by++)
    for (guint bx = x * side; bx < MIN ((x + 1) * side, z->w[MA_MAP_BLOCK_LEVEL]); bx++)
      {
        guint8 cats[MA_MAP_BLOCK_FRAMES];
        guint64 pfn;

        if (!ma_map_summary_block_pfn (self, zone, bx, by, &pfn))
          continue;
        for (guint m = 0; m < MA_MAP_BLOCK_FRAMES; m++)
          {
            /* Frame by frame, without the block reader's shortcuts. */
            cats[m] = ma_map_classify_frame (self->classifier, z->lz, pfn + m);
            if (cats[m] != MA_MAP_CAT_NONE)
              out_counts[cats[m]]++;
          }
      }
}
