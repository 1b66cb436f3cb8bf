/* ma-alloc.h: allocation requests, their outcome, and why one failed
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_ALLOC_MAX_ATTEMPTS 32

/**
 * MaAllocRequest:
 * @gfp: the GFP flags
 * @order: the order (2^order pages)
 * @node: the preferred node index, or -1 for the current CPU's node
 * @start_zone: -1, or the zone type to start the zonelist walk at (a click on a zone); the walk
 *   still never goes above gfp_zone()
 * @owner: the owner id the pages get (0: the default owner for the GFP flags)
 * @index: the index of the first page in its owner
 */
typedef struct
{
  MaGfp    gfp;
  guint    order;
  gint     node;
  gint     start_zone;
  guint    owner;
  guint32  index;
} MaAllocRequest;

typedef enum
{
  MA_ZONE_CHECK_PASSED,
  MA_ZONE_CHECK_WATERMARK,      /* free pages not above the watermark plus protection */
  MA_ZONE_CHECK_NO_BLOCK,       /* order > 0: no free block of order ≥ k on a usable list */
  MA_ZONE_CHECK_LISTS_EMPTY,    /* watermark passed but the free lists had nothing usable */
  MA_ZONE_CHECK_NOFRAGMENT,     /* skipped: would fragment, retried without ALLOC_NOFRAGMENT */
} MaZoneCheck;

/**
 * MaZoneAttempt:
 *
 * What the allocator saw in one zone of the zonelist, in the last pass it made.
 */
typedef struct
{
  MaZone      *zone;
  MaZoneCheck  check;
  MaWatermark  mark;            /* the watermark the pass used */
  guint64      mark_pages;      /* its value, boost included */
  guint64      threshold;       /* after the reserve reductions, before adding protection */
  guint64      protection;      /* lowmem_reserve[highest_zoneidx] */
  gint64       free_pages;      /* NR_FREE_PAGES */
  gint64       usable_pages;    /* free pages minus the pages this request may not count */
} MaZoneAttempt;

typedef enum
{
  MA_ALLOC_PASS_FAST,    /* get_page_from_freelist at the low watermark */
  MA_ALLOC_PASS_SLOW,    /* after waking kswapd, at min with the request's reserve rights */
} MaAllocPass;

/**
 * MaAllocResult:
 *
 * The outcome of ma_machine_alloc(): where the block came from, or why none was found.
 */
typedef struct
{
  gboolean       success;
  guint64        pfn;
  guint          order;
  MaZone        *zone;
  MaMigrateType  migratetype;
  MaZoneType     highest_zone;     /* gfp_zone() */
  guint          highest_zoneidx;
  gboolean       bad_gfp;          /* the flags name two zones at once */
  gboolean       no_zones;         /* nothing in the zonelist may serve the request */
  gboolean       order_too_large;
  MaAllocPass    pass;
  guint          alloc_flags;
  gboolean       woke_kswapd;
  gboolean       from_pcp;
  guint          reclaim_rounds;   /* direct reclaim passes made */
  guint64        reclaimed;        /* pages direct reclaim freed */
  guint          compactions;      /* direct compaction runs */
  gint           oom_victim;       /* pid the OOM killer killed for this request, or 0 */
  gboolean       no_oom_victim;    /* the OOM killer found nobody to kill */
  guint          n_attempts;
  MaZoneAttempt  attempts[MA_ALLOC_MAX_ATTEMPTS];
} MaAllocResult;

gboolean  ma_machine_alloc              (MaMachine            *self,
                                         const MaAllocRequest *request,
                                         guint64              *out_pfn,
                                         MaAllocResult        *result);
gboolean  ma_machine_free               (MaMachine            *self,
                                         guint64               pfn,
                                         GError              **error);
void      ma_machine_free_block         (MaMachine            *self,
                                         guint64               head_pfn,
                                         guint                 order);
gboolean  ma_machine_would_pass         (MaMachine            *self,
                                         MaZone               *zone,
                                         MaGfp                 gfp,
                                         guint                 order,
                                         MaZoneAttempt        *out_attempt);
gboolean  ma_machine_zone_check         (MaMachine            *self,
                                         MaZone               *zone,
                                         MaGfp                 gfp,
                                         guint                 order,
                                         MaWatermark           mark,
                                         gboolean              with_reserves,
                                         MaZoneAttempt        *out_attempt);
char     *ma_alloc_result_explain       (const MaAllocResult  *result);
guint     ma_machine_drain_pcp          (MaMachine            *self);

G_END_DECLS
