/* ma-gfp.h: GFP flags, the zone a request may use and how far into the reserves it may dig
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-kernel.h"

G_BEGIN_DECLS

/* Bit values of include/linux/gfp_types.h (6.1; unchanged in meaning since 2.6 apart from
 * __GFP_MOVABLE, which 2.6.24 kept elsewhere, and __GFP_ATOMIC, removed in 6.3). */
typedef guint32 MaGfp;

#define MA___GFP_DMA             0x01u
#define MA___GFP_HIGHMEM         0x02u
#define MA___GFP_DMA32           0x04u
#define MA___GFP_MOVABLE         0x08u
#define MA___GFP_RECLAIMABLE     0x10u
#define MA___GFP_HIGH            0x20u
#define MA___GFP_IO              0x40u
#define MA___GFP_FS              0x80u
#define MA___GFP_ZERO            0x100u
#define MA___GFP_ATOMIC          0x200u
#define MA___GFP_DIRECT_RECLAIM  0x400u
#define MA___GFP_KSWAPD_RECLAIM  0x800u
#define MA___GFP_WRITE           0x1000u
#define MA___GFP_NOWARN          0x2000u
#define MA___GFP_RETRY_MAYFAIL   0x4000u
#define MA___GFP_NOFAIL          0x8000u
#define MA___GFP_NORETRY         0x10000u
#define MA___GFP_MEMALLOC        0x20000u
#define MA___GFP_COMP            0x40000u
#define MA___GFP_NOMEMALLOC      0x80000u
#define MA___GFP_HARDWALL        0x100000u
#define MA___GFP_THISNODE        0x200000u

#define MA___GFP_RECLAIM   (MA___GFP_DIRECT_RECLAIM | MA___GFP_KSWAPD_RECLAIM)
#define MA___GFP_ZONEMASK  (MA___GFP_DMA | MA___GFP_HIGHMEM | MA___GFP_DMA32 | MA___GFP_MOVABLE)

#define MA_GFP_ATOMIC      (MA___GFP_HIGH | MA___GFP_ATOMIC | MA___GFP_KSWAPD_RECLAIM)
#define MA_GFP_KERNEL      (MA___GFP_RECLAIM | MA___GFP_IO | MA___GFP_FS)
#define MA_GFP_NOWAIT      (MA___GFP_KSWAPD_RECLAIM | MA___GFP_NOWARN)
#define MA_GFP_NOIO        (MA___GFP_RECLAIM)
#define MA_GFP_NOFS        (MA___GFP_RECLAIM | MA___GFP_IO)
#define MA_GFP_USER        (MA___GFP_RECLAIM | MA___GFP_IO | MA___GFP_FS | MA___GFP_HARDWALL)
#define MA_GFP_DMA         (MA___GFP_DMA)
#define MA_GFP_DMA32       (MA___GFP_DMA32)
#define MA_GFP_HIGHUSER    (MA_GFP_USER | MA___GFP_HIGHMEM)
#define MA_GFP_HIGHUSER_MOVABLE (MA_GFP_HIGHUSER | MA___GFP_MOVABLE)

/* Allocator-internal flags (mm/internal.h, 6.3+ names; the 4.4 … 6.2 ALLOC_HARDER is mapped to
 * MIN_RESERVE | NON_BLOCK where the reductions are the same). */
typedef enum
{
  MA_ALLOC_WMARK_MIN       = MA_WMARK_MIN,
  MA_ALLOC_WMARK_LOW       = MA_WMARK_LOW,
  MA_ALLOC_WMARK_HIGH      = MA_WMARK_HIGH,
  MA_ALLOC_WMARK_MASK      = 0x03,
  MA_ALLOC_NO_WATERMARKS   = 0x04,
  MA_ALLOC_OOM             = 0x08,
  MA_ALLOC_NON_BLOCK       = 0x10,
  MA_ALLOC_MIN_RESERVE     = 0x20,
  MA_ALLOC_CPUSET          = 0x40,
  MA_ALLOC_CMA             = 0x80,
  MA_ALLOC_NOFRAGMENT      = 0x100,
  MA_ALLOC_HIGHATOMIC      = 0x200,
  MA_ALLOC_KSWAPD          = 0x800,
} MaAllocFlags;

#define MA_ALLOC_RESERVES (MA_ALLOC_NON_BLOCK | MA_ALLOC_MIN_RESERVE | MA_ALLOC_HIGHATOMIC | MA_ALLOC_OOM)

/**
 * MaGfpName:
 *
 * A named GFP request, for menus and the command line.
 */
typedef struct
{
  const char *name;
  MaGfp       gfp;
} MaGfpName;

const MaGfpName *ma_gfp_presets         (guint          *n_presets);
const MaGfpName *ma_gfp_modifiers       (guint          *n_modifiers);
gboolean         ma_gfp_parse           (const char     *text,
                                         MaGfp          *out_gfp,
                                         GError        **error);
char            *ma_gfp_to_string       (MaGfp           gfp);

gboolean         ma_gfp_zone            (MaGfp           gfp,
                                         gboolean        have_dma,
                                         gboolean        have_dma32,
                                         gboolean        have_highmem,
                                         MaZoneType     *out_zone);
MaMigrateType    ma_gfp_migratetype     (MaGfp           gfp);
guint            ma_gfp_to_alloc_flags  (MaKernelVersion version,
                                         MaGfp           gfp,
                                         guint           order);

G_END_DECLS
