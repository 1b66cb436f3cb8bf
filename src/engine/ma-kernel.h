/* ma-kernel.h: kernel versions and the kernel's own formulas for reserves and watermarks
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is a pure function of its arguments, so the simulated machine and the snapshot
 * checker compute the same numbers the same way. Each formula names the kernel versions whose
 * rules it follows; see ../shared/KERNEL.md §1-3 for the sources.
 */
#pragma once

#include "ma-types.h"

G_BEGIN_DECLS

/**
 * MaKernelVersion:
 *
 * A kernel release as `major << 16 | minor << 8 | patch` (patch saturates at 255), comparable
 * with `<` like the kernel's own KERNEL_VERSION().
 */
typedef guint32 MaKernelVersion;

#define MA_KERNEL_VERSION(a, b, c) ((MaKernelVersion) (((a) << 16) | ((b) << 8) | MIN ((c), 255)))

gboolean ma_kernel_version_parse     (const char      *text,
                                      MaKernelVersion *out_version);
char    *ma_kernel_version_to_string (MaKernelVersion  version);

/* Orders and migratetypes as a kernel of this version prints them. */
guint    ma_kernel_migratetype_order (MaKernelVersion  version,
                                      gboolean         with_cma,
                                      gboolean         with_isolate,
                                      MaMigrateType   *out_types);

/**
 * MaRulesZone:
 * @type: the zone type
 * @node: the node id
 * @size: the pages the formulas count: managed pages (present pages before 3.8)
 * @movable_is_highmem: for ZONE_MOVABLE on 32-bit, whether it was carved out of HighMem
 *
 * One zone as the watermark formulas see it.
 */
typedef struct
{
  MaZoneType type;
  guint      node;
  guint64    size;
  gboolean   movable_is_highmem;
} MaRulesZone;

guint64  ma_rules_isqrt                   (guint64          x);
guint64  ma_rules_mult_frac               (guint64          x,
                                           guint64          numerator,
                                           guint64          denominator);
gboolean ma_rules_uses_managed_pages      (MaKernelVersion  version);
guint64  ma_rules_min_free_kbytes_cap     (MaKernelVersion  version);
guint64  ma_rules_default_min_free_kbytes (MaKernelVersion  version,
                                           guint64          lowmem_kbytes);
guint64  ma_rules_thp_min_free_kbytes     (MaKernelVersion  version,
                                           const MaRulesZone *zones,
                                           guint            n_zones,
                                           guint            pageblock_nr_pages,
                                           guint            page_kbytes,
                                           guint64          nr_free_buffer_pages,
                                           guint64          current_min_free_kbytes);
gboolean ma_rules_zone_is_capped          (MaKernelVersion  version,
                                           const MaRulesZone *zone);
gboolean ma_rules_zone_is_lowmem_for_buffers (MaZoneType    type);
void     ma_rules_watermarks              (MaKernelVersion  version,
                                           const MaRulesZone *zones,
                                           guint            n_zones,
                                           guint64          min_free_kbytes,
                                           guint            page_kbytes,
                                           guint            watermark_scale_factor,
                                           guint64         *out_wmarks);
guint    ma_rules_default_lowmem_reserve_ratio (MaKernelVersion  version,
                                                const MaZoneType *configured,
                                                guint            n_configured,
                                                guint           *out_ratio);
void     ma_rules_lowmem_reserve          (MaKernelVersion  version,
                                           guint            n_zones,
                                           const guint64   *managed,
                                           const guint     *ratio,
                                           guint            n_ratio,
                                           guint64         *out_reserve);
guint64  ma_rules_max_watermark_boost     (guint64          high_wmark,
                                           guint            watermark_boost_factor,
                                           guint            pageblock_nr_pages);
guint    ma_rules_pcp_batch               (MaKernelVersion  version,
                                           guint64          size,
                                           guint            page_size);
void     ma_rules_pcp_high                (MaKernelVersion  version,
                                           guint            batch,
                                           guint64          low_wmark,
                                           guint64          managed,
                                           guint            ncpus_on_node,
                                           guint           *out_high,
                                           guint           *out_high_min,
                                           guint           *out_high_max);
guint    ma_rules_watermark_scale_factor_max (MaKernelVersion version);

G_END_DECLS
