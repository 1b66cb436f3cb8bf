/* ma-compare.h: what changed between two machines (two snapshots, or two moments of one)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"

G_BEGIN_DECLS

/**
 * MaCompareSide:
 * @MA_COMPARE_BOTH: the zone is in both machines
 * @MA_COMPARE_ONLY_BEFORE: only the first machine has it
 * @MA_COMPARE_ONLY_AFTER: only the second machine has it
 *
 * Where a compared zone was found.
 */
typedef enum
{
  MA_COMPARE_BOTH,
  MA_COMPARE_ONLY_BEFORE,
  MA_COMPARE_ONLY_AFTER,
} MaCompareSide;

/**
 * MaCompareBand:
 * @MA_COMPARE_BELOW_MIN: free ≤ min: only atomic and reserve allocations get through
 * @MA_COMPARE_BELOW_LOW: min < free ≤ low: kswapd is woken, allocators reclaim directly
 * @MA_COMPARE_BELOW_HIGH: low < free ≤ high: kswapd keeps going until high
 * @MA_COMPARE_ABOVE_HIGH: free > high
 *
 * Where a zone's free pages sit among its watermarks.
 */
typedef enum
{
  MA_COMPARE_BELOW_MIN,
  MA_COMPARE_BELOW_LOW,
  MA_COMPARE_BELOW_HIGH,
  MA_COMPARE_ABOVE_HIGH,
} MaCompareBand;

/**
 * MA_COMPARE_COSTLY_ORDER:
 *
 * PAGE_ALLOC_COSTLY_ORDER (3): orders above it are the ones that fragmentation denies first, so
 * the summary counts the free blocks above it.
 */
#define MA_COMPARE_COSTLY_ORDER 3

/**
 * MaZoneComparison:
 * @node_id: the node number
 * @type: the zone type
 * @name: the zone name
 * @side: which machines have the zone
 * @page_size: the page size in bytes (of the machine that has the zone, the second if both)
 * @free: free pages (NR_FREE_PAGES) before and after; 0 on a side without the zone
 * @managed: managed pages before and after
 * @wmark: min, low, high before and after (boost included)
 * @n_orders: the orders compared (the larger of the two machines)
 * @nr_free: free blocks per order before and after
 * @has_migratetypes: both kernels group free blocks by migratetype (2.6.24 and later)
 * @n_migratetypes: entries of @migratetypes
 * @migratetypes: the migratetypes with a free block on either side, in the kernel's order
 * @nr_free_mt: free blocks per migratetype (indexed by #MaMigrateType) and order, before and
 *   after
 *
 * One zone of a comparison: index 0 of each pair is the first machine, 1 the second.
 */
typedef struct
{
  guint32        node_id;
  MaZoneType     type;
  const char    *name;
  MaCompareSide  side;
  guint          page_size;
  gint64         free[2];
  guint64        managed[2];
  guint64        wmark[2][3];
  guint          n_orders;
  guint64        nr_free[2][MA_MAX_ORDERS];
  gboolean       has_migratetypes;
  guint          n_migratetypes;
  MaMigrateType  migratetypes[MA_N_MIGRATE_TYPES];
  guint64        nr_free_mt[2][MA_N_MIGRATE_TYPES][MA_MAX_ORDERS];
} MaZoneComparison;

/**
 * MaComparison:
 *
 * Two machines compared zone by zone: zones are matched by node id and zone type. Built once
 * by ma_compare_machines(); it keeps no reference to the machines, so it describes the two
 * moments even after the machines move on.
 */
typedef struct _MaComparison MaComparison;

MaComparison           *ma_compare_machines               (MaMachine              *before,
                                                           MaMachine              *after);
void                    ma_comparison_free                (MaComparison           *self);
guint                   ma_comparison_get_n_zones         (const MaComparison     *self);
const MaZoneComparison *ma_comparison_get_zone            (const MaComparison     *self,
                                                           guint                   index);
const MaZoneComparison *ma_comparison_lookup_zone         (const MaComparison     *self,
                                                           guint32                 node_id,
                                                           MaZoneType              type);
char                   *ma_comparison_summary             (const MaComparison     *self);
char                   *ma_comparison_to_text             (const MaComparison     *self,
                                                           const char             *before_title,
                                                           const char             *after_title);

gint64                  ma_zone_comparison_free_delta     (const MaZoneComparison *zone);
gboolean                ma_zone_comparison_is_unchanged   (const MaZoneComparison *zone);
gboolean                ma_zone_comparison_free_is_large  (const MaZoneComparison *zone);
guint64                 ma_zone_comparison_blocks_from    (const MaZoneComparison *zone,
                                                           guint                   side,
                                                           guint                   first_order);
MaCompareBand           ma_zone_comparison_band           (const MaZoneComparison *zone,
                                                           guint                   side);
guint64                 ma_zone_comparison_mt_pages       (const MaZoneComparison *zone,
                                                           guint                   side,
                                                           MaMigrateType           mt);
gboolean                ma_compare_count_is_large         (guint64                 before,
                                                           guint64                 after);
const char             *ma_compare_band_name              (MaCompareBand           band);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaComparison, ma_comparison_free)

G_END_DECLS
