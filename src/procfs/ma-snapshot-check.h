/* ma-snapshot-check.h: a snapshot's watermarks and protection explained by the kernel's rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ma-kernel.h"
#include "ma-snapshot.h"

G_BEGIN_DECLS

/**
 * MaCheckVerdict:
 * @MA_CHECK_EXACT: the printed numbers follow from today's managed pages (present pages before
 *   3.8) and the known or inferred sysctls
 * @MA_CHECK_EXPLAINED: they follow from the kernel's rules once something the file does not
 *   print is recovered (managed pages at the last computation, a boost the kernel does not
 *   print); the reason says what
 * @MA_CHECK_UNEXPLAINED: no rule set reproduces them; the reason gives computed and printed
 *   values
 *
 * How well a zone's printed watermarks and protection are explained.
 */
typedef enum
{
  MA_CHECK_EXACT,
  MA_CHECK_EXPLAINED,
  MA_CHECK_UNEXPLAINED,
} MaCheckVerdict;

/**
 * MaCheckSource:
 * @MA_CHECK_SOURCE_UNKNOWN: not determined
 * @MA_CHECK_SOURCE_SYSCTL: read from the snapshot's sysctl
 * @MA_CHECK_SOURCE_DEFAULT: the kernel's default (for min_free_kbytes: 4·√lowmem kB, §1.1)
 * @MA_CHECK_SOURCE_THP: transparent hugepages' recommendation, 11 pageblocks per zone (§1.1)
 * @MA_CHECK_SOURCE_THP_CAPPED: THP's recommendation capped at 5 % of lowmem
 * @MA_CHECK_SOURCE_INFERRED: inferred from the printed numbers; not a value the kernel computes
 *   by itself (set by the user or a tuning profile)
 *
 * Where an inferred sysctl value comes from.
 */
typedef enum
{
  MA_CHECK_SOURCE_UNKNOWN,
  MA_CHECK_SOURCE_SYSCTL,
  MA_CHECK_SOURCE_DEFAULT,
  MA_CHECK_SOURCE_THP,
  MA_CHECK_SOURCE_THP_CAPPED,
  MA_CHECK_SOURCE_INFERRED,
} MaCheckSource;

/**
 * MaZoneCheck:
 * @node_id: the node number
 * @name: the zone name as printed
 * @type: the zone type
 * @populated: whether the zone has present pages
 * @has_wmarks: whether min/low/high were printed (and compared)
 * @has_promo: whether promo was printed (≥ 6.12)
 * @has_boost: whether boost was printed (≥ 5.16)
 * @printed: min, low, high, promo as printed (boost included)
 * @printed_boost: boost as printed, 0 if not printed
 * @computed: min, low, high, promo from the kernel's rules, with @boost added
 * @boost: the boost: as printed, or inferred where the kernel does not print it (5.0 … 5.15)
 * @n_protection: entries of @printed_protection and @computed_protection (0: not printed)
 * @printed_protection: the protection array as printed
 * @computed_protection: the protection array from the kernel's rules
 * @managed_today: the managed pages printed (present pages before 3.8)
 * @managed_wmarks: the managed pages the watermarks were computed with
 * @managed_protection_low: the smallest managed page count the protection arrays allow
 * @managed_protection_high: the largest (equal to @managed_protection_low when unconstrained)
 * @wmarks_ok: whether the computed watermarks equal the printed ones
 * @protection_ok: whether the computed protection equals the printed one
 * @verdict: the verdict
 * @reason: why, in words
 *
 * One zone of a check: the printed and computed numbers side by side.
 */
typedef struct
{
  guint32         node_id;
  const char     *name;
  MaZoneType      type;
  gboolean        populated;
  gboolean        has_wmarks;
  gboolean        has_promo;
  gboolean        has_boost;
  guint64         printed[MA_N_WMARKS];
  guint64         printed_boost;
  guint64         computed[MA_N_WMARKS];
  guint64         boost;
  guint           n_protection;
  gint64          printed_protection[MA_N_ZONE_TYPES];
  gint64          computed_protection[MA_N_ZONE_TYPES];
  guint64         managed_today;
  guint64         managed_wmarks;
  guint64         managed_protection_low;
  guint64         managed_protection_high;
  gboolean        wmarks_ok;
  gboolean        protection_ok;
  MaCheckVerdict  verdict;
  const char     *reason;
} MaZoneCheck;

/**
 * MaCheckInferred:
 * @min_free_kbytes: min_free_kbytes the watermarks were computed with
 * @min_free_kbytes_source: where it comes from
 * @min_free_kbytes_reason: in words (“THP's recommendation for 3 zones of 512-page pageblocks”)
 * @watermark_scale_factor: the watermark_scale_factor (4.6 and later)
 * @watermark_scale_factor_source: where it comes from
 * @n_lowmem_reserve_ratio: entries of @lowmem_reserve_ratio
 * @lowmem_reserve_ratio: the ratios the protection arrays were computed with
 * @lowmem_reserve_ratio_source: where they come from
 * @pageblock_order: the pageblock order used for THP's recommendation and boosts
 * @pageblock_order_source: how it was determined (`pagetypeinfo`, `assumed …`)
 * @page_size: the page size used
 * @kernel: the kernel release, if the snapshot records one
 * @kernel_range: the kernel versions the check considered (from the release or the zoneinfo
 *   layout), e.g. “3.8 – 4.7 (zoneinfo layout E3 with managed)”
 * @rules: (array zero-terminated=1): the rule sets that fit the printed numbers best, one per
 *   range of versions, e.g. “4.16 – 4.19: watermark_scale_factor spacing; …”
 *
 * The values a check inferred or read, for the whole snapshot.
 */
typedef struct
{
  guint64              min_free_kbytes;
  MaCheckSource        min_free_kbytes_source;
  const char          *min_free_kbytes_reason;
  guint                watermark_scale_factor;
  MaCheckSource        watermark_scale_factor_source;
  guint                n_lowmem_reserve_ratio;
  guint                lowmem_reserve_ratio[MA_N_ZONE_TYPES];
  MaCheckSource        lowmem_reserve_ratio_source;
  guint                pageblock_order;
  const char          *pageblock_order_source;
  guint                page_size;
  const char          *kernel;
  const char          *kernel_range;
  const char * const  *rules;
} MaCheckInferred;

/**
 * MaSnapshotCheck:
 *
 * The result of checking a snapshot's zoneinfo against the kernel's formulas: per zone the
 * computed and printed numbers and a verdict, and the inferred sysctls and kernel rules.
 * Immutable and reference counted.
 */
typedef struct _MaSnapshotCheck MaSnapshotCheck;

#define MA_TYPE_SNAPSHOT_CHECK (ma_snapshot_check_get_type ())

GType                  ma_snapshot_check_get_type        (void) G_GNUC_CONST;

MaSnapshotCheck       *ma_snapshot_check                 (MaSnapshot            *snapshot,
                                                          GError               **error);
MaSnapshotCheck       *ma_snapshot_check_ref             (MaSnapshotCheck       *self);
void                   ma_snapshot_check_unref           (MaSnapshotCheck       *self);

guint                  ma_snapshot_check_get_n_zones     (const MaSnapshotCheck *self);
const MaZoneCheck     *ma_snapshot_check_get_zone        (const MaSnapshotCheck *self,
                                                          guint                  index);
const MaZoneCheck     *ma_snapshot_check_lookup_zone     (const MaSnapshotCheck *self,
                                                          guint                  node_id,
                                                          const char            *name);
const MaCheckInferred *ma_snapshot_check_get_inferred    (const MaSnapshotCheck *self);
const char            *ma_snapshot_check_get_summary     (const MaSnapshotCheck *self);
const char * const    *ma_snapshot_check_get_notes       (const MaSnapshotCheck *self);
guint                  ma_snapshot_check_count           (const MaSnapshotCheck *self,
                                                          MaCheckVerdict         verdict);

const char            *ma_check_verdict_to_string        (MaCheckVerdict         verdict);
const char            *ma_check_source_to_string         (MaCheckSource          source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaSnapshotCheck, ma_snapshot_check_unref)

G_END_DECLS
