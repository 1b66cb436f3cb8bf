/* ma-fragmentation.h: the kernel's fragmentation indices of a zone, per order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ma-buddyinfo.h"

G_BEGIN_DECLS

/**
 * MaContigInfo:
 * @free_pages: Σ nr_free[k] · 2^k, the free pages of the zone
 * @free_blocks_total: Σ nr_free[k], the free blocks of any order
 * @free_blocks_suitable: Σ_{k ≥ order} nr_free[k] · 2^(k − order), the blocks of the requested
 *   order that the free blocks could give
 *
 * What `fill_contig_page_info()` (mm/vmstat.c) gathers for one zone and one order.
 */
typedef struct
{
  guint64 free_pages;
  guint64 free_blocks_total;
  guint64 free_blocks_suitable;
} MaContigInfo;

/**
 * MA_EXTFRAG_THRESHOLD_DEFAULT:
 *
 * The default `vm.extfrag_threshold` (500): compaction treats an extfrag index at or below it as
 * a failure due to lack of memory, above it as fragmentation.
 */
#define MA_EXTFRAG_THRESHOLD_DEFAULT 500

void     ma_fragmentation_contig_info     (const guint64 *nr_free,
                                           guint          n_orders,
                                           guint          order,
                                           MaContigInfo  *out_info);
int      ma_fragmentation_unusable_index  (const guint64 *nr_free,
                                           guint          n_orders,
                                           guint          order);
int      ma_fragmentation_extfrag_index   (const guint64 *nr_free,
                                           guint          n_orders,
                                           guint          order);
char    *ma_fragmentation_format_index    (int            index);
GString *ma_fragmentation_debugfs         (const MaBuddyinfo *buddyinfo,
                                           gboolean       extfrag);
char    *ma_fragmentation_describe        (const guint64 *nr_free,
                                           guint          n_orders,
                                           guint          order,
                                           guint          extfrag_threshold);

G_END_DECLS
