/* ma-map-summary.h: per-level summaries of a machine's frames for one colour mode
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-frame-layout.h"
#include "ma-map-palette.h"

G_BEGIN_DECLS

/* A block: the unit of change tracking, 32 × 32 frames (level 5), a Morton-aligned run of 1024
 * frames inside one tile. */
#define MA_MAP_BLOCK_LEVEL  5
#define MA_MAP_BLOCK_SIDE   32
#define MA_MAP_BLOCK_FRAMES 1024

/* Levels the summary stores; finer ones are computed from the frames on demand. */
#define MA_MAP_FIRST_STORED_LEVEL 2

/* MaMapFine.flags: the frame's region goes on across its right / bottom edge (no gap drawn). */
#define MA_MAP_JOINS_RIGHT 0x1
#define MA_MAP_JOINS_DOWN  0x2
#define MA_MAP_BLOCK_HEAD  0x4

typedef struct _MaMapSummary MaMapSummary;

typedef enum
{
  MA_MAP_EVENT_NO_FRAMES,   /* changes no frame (watermarks, kswapd, a failed allocation) */
  MA_MAP_EVENT_RANGE,       /* changes the frames of a range */
  MA_MAP_EVENT_EVERYTHING,  /* changes the whole machine */
} MaMapEventScope;

/**
 * MaMapFine:
 *
 * One block at level 0 computed from its frames: per frame (row-major, 32 × 32) its category,
 * the order of its buddy block and how it joins its neighbours.
 */
typedef struct
{
  guint8  cats[MA_MAP_BLOCK_FRAMES];
  guint8  orders[MA_MAP_BLOCK_FRAMES];
  guint8  flags[MA_MAP_BLOCK_FRAMES];
  guint64 first_pfn;   /* pfn of the block's first frame (Morton order) */
  guint32 stamp;
  gboolean has_flags;  /* flags are computed only for close views (gaps, marks) */
} MaMapFine;

/**
 * MaMapFine1:
 *
 * One block at level 1 (2 × 2 frames per cell) computed from its frames, row-major 16 × 16.
 */
typedef struct
{
  guint8  cats[MA_MAP_BLOCK_FRAMES / 4];
  guint32 stamp;
} MaMapFine1;

/**
 * MaMapDamage:
 *
 * A block whose summary or frames changed.
 */
typedef struct
{
  guint zone;
  guint bx;
  guint by;
} MaMapDamage;

MaMapEventScope ma_map_event_get_scope        (const MaEvent      *event,
                                                guint64            *out_pfn,
                                                guint64            *out_n_frames);

MaMapSummary  *ma_map_summary_new              (MaFrameLayout      *layout,
                                                MaColorMode         mode);
void           ma_map_summary_free             (MaMapSummary       *self);
MaColorMode    ma_map_summary_get_mode         (MaMapSummary       *self);
MaFrameLayout *ma_map_summary_get_layout       (MaMapSummary       *self);
gsize          ma_map_summary_get_memory_size  (MaMapSummary       *self);

void           ma_map_summary_invalidate_range (MaMapSummary       *self,
                                                guint64             pfn,
                                                guint64             n_frames);
void           ma_map_summary_invalidate_all   (MaMapSummary       *self);
gboolean       ma_map_summary_update           (MaMapSummary       *self,
                                                const MaMapRect    *first,
                                                gint64              deadline);
gboolean       ma_map_summary_is_clean         (MaMapSummary       *self);
GArray        *ma_map_summary_take_damage      (MaMapSummary       *self,
                                                gboolean           *out_all);

guint          ma_map_summary_get_n_levels     (MaMapSummary       *self,
                                                guint               zone);
const guint8  *ma_map_summary_get_level        (MaMapSummary       *self,
                                                guint               zone,
                                                guint               level,
                                                guint              *out_width,
                                                guint              *out_height);
const MaMapFine *ma_map_summary_get_fine       (MaMapSummary       *self,
                                                guint               zone,
                                                guint               bx,
                                                guint               by,
                                                gboolean            compute);
void           ma_map_summary_ensure_flags     (MaMapSummary       *self,
                                                guint               zone,
                                                guint               bx,
                                                guint               by,
                                                const MaMapFine    *fine);
const MaMapFine1 *ma_map_summary_get_fine1     (MaMapSummary       *self,
                                                guint               zone,
                                                guint               bx,
                                                guint               by,
                                                gboolean            compute);
void           ma_map_summary_next_frame       (MaMapSummary       *self);
void           ma_map_summary_drop_fine        (MaMapSummary       *self);
void           ma_map_summary_get_counts       (MaMapSummary       *self,
                                                guint               zone,
                                                guint               level,
                                                guint               x,
                                                guint               y,
                                                guint32            *out_counts);
void           ma_map_summary_count_from_frames (MaMapSummary      *self,
                                                 guint              zone,
                                                 guint              level,
                                                 guint              x,
                                                 guint              y,
                                                 guint32           *out_counts);
gboolean       ma_map_summary_block_pfn        (MaMapSummary       *self,
                                                guint               zone,
                                                guint               bx,
                                                guint               by,
                                                guint64            *out_pfn);

G_END_DECLS
