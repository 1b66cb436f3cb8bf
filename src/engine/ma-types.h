/* ma-types.h: forward declarations and the small enums every part of the engine shares
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MaMachine     MaMachine;
typedef struct _MaMachineSpec MaMachineSpec;
typedef struct _MaNode        MaNode;
typedef struct _MaZone        MaZone;

/**
 * MaZoneType:
 *
 * The kernel's `enum zone_type` in its order (include/linux/mmzone.h). A machine configures a
 * subset; the protection array printed in /proc/zoneinfo has one entry per configured type.
 */
typedef enum
{
  MA_ZONE_DMA,
  MA_ZONE_DMA32,
  MA_ZONE_NORMAL,
  MA_ZONE_HIGHMEM,
  MA_ZONE_MOVABLE,
  MA_ZONE_DEVICE,
  MA_N_ZONE_TYPES
} MaZoneType;

/**
 * MaMigrateType:
 *
 * Pageblock mobility types. The enum order here is the engine's own; the order the kernel
 * prints them in depends on the kernel version (see ma_kernel_migratetype_order()).
 */
typedef enum
{
  MA_MIGRATE_UNMOVABLE,
  MA_MIGRATE_MOVABLE,
  MA_MIGRATE_RECLAIMABLE,
  MA_MIGRATE_HIGHATOMIC,
  MA_MIGRATE_CMA,
  MA_MIGRATE_ISOLATE,
  MA_MIGRATE_RESERVE,   /* kernels before 4.4 only */
  MA_N_MIGRATE_TYPES
} MaMigrateType;

#define MA_MIGRATE_PCPTYPES 3

/**
 * MaWatermark:
 *
 * Index into a zone's watermarks, as `enum zone_watermarks`.
 */
typedef enum
{
  MA_WMARK_MIN,
  MA_WMARK_LOW,
  MA_WMARK_HIGH,
  MA_WMARK_PROMO,
  MA_N_WMARKS
} MaWatermark;

/**
 * MaFrameState:
 *
 * What a page frame is, as far as the page allocator is concerned. Zero is deliberately a free
 * tail: a freshly zeroed frame array is one big free area, so creating a machine only writes the
 * heads of its free blocks.
 */
typedef enum
{
  MA_FRAME_FREE_TAIL,   /* inside a free buddy block, not its first frame */
  MA_FRAME_FREE_HEAD,   /* first frame of a free buddy block (PageBuddy, order in private) */
  MA_FRAME_PCP,         /* free, cached on a per-CPU list; not counted as free by the zone */
  MA_FRAME_ALLOC_HEAD,  /* first frame of an allocated block */
  MA_FRAME_ALLOC_TAIL,  /* further frame of an allocated block of order > 0 */
  MA_FRAME_RESERVED,    /* present but never given to the buddy allocator (present - managed) */
  MA_FRAME_HOLE,        /* inside the zone's span but not present (spanned - present) */
  MA_FRAME_IN_USE,      /* in use, owner unknown: a snapshot said the page is not free, no more */
  MA_N_FRAME_STATES
} MaFrameState;

/**
 * MaOwnerKind:
 *
 * Who uses an allocated block, for colouring and for reclaim.
 */
typedef enum
{
  MA_OWNER_NONE,
  MA_OWNER_KERNEL,           /* plain alloc_pages() by kernel code */
  MA_OWNER_SLAB,             /* unreclaimable slab */
  MA_OWNER_SLAB_RECLAIMABLE, /* dentries, inodes: shrinkable */
  MA_OWNER_PAGETABLE,
  MA_OWNER_KERNEL_STACK,
  MA_OWNER_ANON,             /* process anonymous memory */
  MA_OWNER_FILE,             /* page cache */
  MA_OWNER_FIRMWARE,         /* reserved at boot: firmware, kernel image, memmap */
  MA_OWNER_UNKNOWN,          /* in use on a real machine; the snapshot does not say by whom */
  MA_N_OWNER_KINDS
} MaOwnerKind;

/**
 * MaPageFlags:
 *
 * The page flags the engine keeps per frame (a subset of the kernel's PG_*).
 */
typedef enum
{
  MA_PG_LRU         = 1 << 0,
  MA_PG_ACTIVE      = 1 << 1,
  MA_PG_REFERENCED  = 1 << 2,
  MA_PG_DIRTY       = 1 << 3,
  MA_PG_WRITEBACK   = 1 << 4,
  MA_PG_SWAPBACKED  = 1 << 5,
  MA_PG_UNEVICTABLE = 1 << 6,
  MA_PG_RECLAIM     = 1 << 7,
  MA_PG_MLOCKED     = 1 << 8,
} MaPageFlags;

#define MA_PG_ALL_FLAGS 0x1ff

const char *ma_zone_type_name        (MaZoneType type);
gboolean    ma_zone_type_from_name   (const char *name,
                                      MaZoneType *out_type);
const char *ma_migrate_type_name     (MaMigrateType type);
gboolean    ma_migrate_type_from_name (const char    *name,
                                       MaMigrateType *out_type);
const char *ma_frame_state_name      (MaFrameState state);
const char *ma_owner_kind_name       (MaOwnerKind kind);
const char *ma_watermark_name        (MaWatermark mark);

G_END_DECLS
