/* ma-reconstruct.h: a machine rebuilt from what a snapshot counted
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"

G_BEGIN_DECLS

/**
 * MaZoneCounts:
 * @node_index: the node (index into the machine's nodes)
 * @type: the zone
 * @free_pages: NR_FREE_PAGES as the snapshot printed it (zoneinfo), or -1 when unknown
 * @n_orders: orders in @nr_free (buddyinfo's columns); 0 when unknown
 * @nr_free: free blocks per order (buddyinfo)
 * @have_mt: whether @nr_free_mt is known (pagetypeinfo)
 * @nr_free_mt: free blocks per order and migratetype
 * @have_pageblocks: whether @pageblocks is known (pagetypeinfo "Number of blocks type")
 * @pageblocks: pageblocks per migratetype
 * @pcp_pages: pages on the per-CPU lists (zoneinfo pagesets)
 * @have_wmarks: whether @wmark and @boost are known
 * @wmark: min, low, high, promo as printed (boost included)
 * @boost: watermark boost as printed
 * @have_protection: whether @protection is known
 * @n_protection: entries of @protection
 * @protection: lowmem_reserve[] as printed
 *
 * What a snapshot says about one zone. The engine lays the free blocks out consistently with
 * every count it is given.
 */
typedef struct
{
  guint         node_index;
  MaZoneType    type;
  gint64        free_pages;
  guint         n_orders;
  guint64       nr_free[MA_MAX_ORDERS];
  gboolean      have_mt;
  guint64       nr_free_mt[MA_MAX_ORDERS][MA_N_MIGRATE_TYPES];
  gboolean      have_pageblocks;
  guint64       pageblocks[MA_N_MIGRATE_TYPES];
  guint64       pcp_pages;
  gboolean      have_wmarks;
  guint64       wmark[MA_N_WMARKS];
  guint64       boost;
  gboolean      have_protection;
  guint         n_protection;
  guint64       protection[MA_N_ZONE_TYPES];
} MaZoneCounts;

gboolean ma_machine_reconstruct (MaMachine          *self,
                                 const MaZoneCounts *zones,
                                 guint               n_zones,
                                 GPtrArray          *notes,
                                 GError            **error);
gboolean ma_machine_reconstruct_from (MaMachine       *self,
                                      MaMachine       *source,
                                      GPtrArray       *notes,
                                      GError         **error);
gboolean ma_zone_is_reconstructed (MaZone           *zone);
gboolean ma_zone_range_is_plain_in_use (MaZone     *zone,
                                        guint64     lo,
                                        guint64     hi);

G_END_DECLS
