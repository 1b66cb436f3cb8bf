/* ma-explain-formula.h: the kernel's watermark and protection arithmetic, written out step by
 * step for one zone
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-kernel.h"

G_BEGIN_DECLS

/**
 * MaExplainRules:
 * @version: the kernel whose rules the numbers follow
 * @present_pages: the sizes are present pages (kernels before 3.8), not managed pages
 * @min_free_kbytes: vm.min_free_kbytes the watermarks were computed with
 * @page_kbytes: the page size in KiB
 * @watermark_scale_factor: vm.watermark_scale_factor (4.6 and later)
 * @n_zones: entries of @zones and @names
 * @zones: every zone of every node, as the formulas see them (empty ones included)
 * @names: the zones' names, for the text
 *
 * What __setup_per_zone_wmarks() reads: the caller owns the arrays.
 */
typedef struct
{
  MaKernelVersion     version;
  gboolean            present_pages;
  guint64             min_free_kbytes;
  guint               page_kbytes;
  guint               watermark_scale_factor;
  guint               n_zones;
  MaRulesZone        *zones;
  const char * const *names;
} MaExplainRules;

gboolean  ma_explain_fit_rules          (MaExplainRules        *rules,
                                         const MaKernelVersion *candidates,
                                         guint                  n_candidates,
                                         const guint64         *expected,
                                         const gboolean        *compared,
                                         gboolean               with_promo);
char     *ma_explain_watermark_steps    (const MaExplainRules  *rules,
                                         guint                  zone,
                                         guint64                boost,
                                         gboolean               with_promo);
char     *ma_explain_protection_steps   (MaKernelVersion        version,
                                         guint                  n_zones,
                                         const guint64         *sizes,
                                         const char * const    *names,
                                         const guint           *ratio,
                                         guint                  n_ratio,
                                         guint                  zone,
                                         gboolean               present_pages);
char     *ma_explain_describe_rules     (MaKernelVersion        version);

G_END_DECLS
