/* ma-zoneinfo.h: /proc/zoneinfo of every kernel from 2.6.13 to today
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MaCounter:
 * @name: the counter name as printed (`nr_free_pages`, `numa_hit`, …); interned in the file it
 *   comes from, so two counters of the same file with the same name share the pointer. An
 *   unnamed counter (some RHEL 4.18 kernels print one) has the name `""`.
 * @value: the value as printed by the kernel's `%lu` (a negative long wraps modulo 2^64)
 *
 * One `name value` line of an open-ended counter list. Lists keep every counter, in file order,
 * including names this library has never heard of.
 */
typedef struct
{
  const char *name;
  guint64     value;
} MaCounter;

/**
 * MaPagesetFields:
 * @MA_PAGESET_HAS_COUNT: `count:` was printed
 * @MA_PAGESET_HAS_HIGH: `high:` was printed
 * @MA_PAGESET_HAS_BATCH: `batch:` was printed
 * @MA_PAGESET_HAS_LOW: `low:` was printed (2.6.13 … 2.6.15)
 * @MA_PAGESET_HAS_HIGH_MIN: `high_min:` was printed (≥ 6.13)
 * @MA_PAGESET_HAS_HIGH_MAX: `high_max:` was printed (≥ 6.13)
 * @MA_PAGESET_HAS_VM_STATS_THRESHOLD: a `vm stats threshold:` line followed this CPU's block
 *
 * Which fields of a #MaPageset the file contained.
 */
typedef enum
{
  MA_PAGESET_HAS_COUNT              = 1 << 0,
  MA_PAGESET_HAS_HIGH               = 1 << 1,
  MA_PAGESET_HAS_BATCH              = 1 << 2,
  MA_PAGESET_HAS_LOW                = 1 << 3,
  MA_PAGESET_HAS_HIGH_MIN           = 1 << 4,
  MA_PAGESET_HAS_HIGH_MAX           = 1 << 5,
  MA_PAGESET_HAS_VM_STATS_THRESHOLD = 1 << 6,
} MaPagesetFields;

/**
 * MaPageset:
 * @cpu: the CPU number after `cpu:`
 * @pcp: -1 for the single per-CPU list (≥ 2.6.25); 0 (hot) or 1 (cold) for the `pcp: N` pairs
 *   of 2.6.13 … 2.6.24
 * @fields: a #MaPagesetFields mask of the fields present
 * @count: pages on the list
 * @high: current high mark (the pageset's `high:`, not the zone's high watermark)
 * @batch: batch size
 * @low: old low mark
 * @high_min: lower bound of the auto-tuned high mark
 * @high_max: upper bound of the auto-tuned high mark
 * @vm_stats_threshold: the `vm stats threshold:` printed after this CPU's block
 *
 * One per-CPU page list of a zone, as printed under `pagesets`.
 */
typedef struct
{
  guint32 cpu;
  gint32  pcp;
  guint32 fields;
  guint32 reserved;
  guint64 count;
  guint64 high;
  guint64 batch;
  guint64 low;
  guint64 high_min;
  guint64 high_max;
  guint64 vm_stats_threshold;
} MaPageset;

/**
 * MaZoneFields:
 * @MA_ZONE_HAS_FREE: `pages free`
 * @MA_ZONE_HAS_BOOST: `boost` (≥ 5.16)
 * @MA_ZONE_HAS_MIN: `min`
 * @MA_ZONE_HAS_LOW: `low`
 * @MA_ZONE_HAS_HIGH: `high`
 * @MA_ZONE_HAS_PROMO: `promo` (≥ 6.12)
 * @MA_ZONE_HAS_SPANNED: `spanned`
 * @MA_ZONE_HAS_PRESENT: `present`
 * @MA_ZONE_HAS_MANAGED: `managed` (≥ 3.8)
 * @MA_ZONE_HAS_CMA: `cma` (≥ 5.12)
 * @MA_ZONE_HAS_SCANNED: `scanned` (≤ 4.7) or `node_scanned` (4.8 … 4.11)
 * @MA_ZONE_HAS_PROTECTION: `protection: (…)`
 * @MA_ZONE_HAS_VM_STATS_THRESHOLD: at least one `vm stats threshold:` line
 * @MA_ZONE_HAS_ALL_UNRECLAIMABLE: `all_unreclaimable:` (≤ 4.7)
 * @MA_ZONE_HAS_PREV_PRIORITY: `prev_priority:` (≤ 2.6.35)
 * @MA_ZONE_HAS_TEMP_PRIORITY: `temp_priority:` (≤ 2.6.19)
 * @MA_ZONE_HAS_START_PFN: `start_pfn:`
 * @MA_ZONE_HAS_NODE_UNRECLAIMABLE: `node_unreclaimable:` (≥ 4.8)
 * @MA_ZONE_HAS_INACTIVE_RATIO: `inactive_ratio:` (2.6.28 … 4.7)
 * @MA_ZONE_HAS_NODE_INACTIVE_RATIO: `node_inactive_ratio:` (4.8 … ≈4.15)
 *
 * Which fields of a #MaZoneinfoZone the file contained. Any field can be missing from a partial
 * dump; a missing field reads as 0.
 */
typedef enum
{
  MA_ZONE_HAS_FREE                = 1 << 0,
  MA_ZONE_HAS_BOOST               = 1 << 1,
  MA_ZONE_HAS_MIN                 = 1 << 2,
  MA_ZONE_HAS_LOW                 = 1 << 3,
  MA_ZONE_HAS_HIGH                = 1 << 4,
  MA_ZONE_HAS_PROMO               = 1 << 5,
  MA_ZONE_HAS_SPANNED             = 1 << 6,
  MA_ZONE_HAS_PRESENT             = 1 << 7,
  MA_ZONE_HAS_MANAGED             = 1 << 8,
  MA_ZONE_HAS_CMA                 = 1 << 9,
  MA_ZONE_HAS_SCANNED             = 1 << 10,
  MA_ZONE_HAS_PROTECTION          = 1 << 11,
  MA_ZONE_HAS_VM_STATS_THRESHOLD  = 1 << 12,
  MA_ZONE_HAS_ALL_UNRECLAIMABLE   = 1 << 13,
  MA_ZONE_HAS_PREV_PRIORITY       = 1 << 14,
  MA_ZONE_HAS_TEMP_PRIORITY       = 1 << 15,
  MA_ZONE_HAS_START_PFN           = 1 << 16,
  MA_ZONE_HAS_NODE_UNRECLAIMABLE  = 1 << 17,
  MA_ZONE_HAS_INACTIVE_RATIO      = 1 << 18,
  MA_ZONE_HAS_NODE_INACTIVE_RATIO = 1 << 19,
} MaZoneFields;

/**
 * MaZoneinfoExtra:
 * @key: the key as printed (`avg_age_inactive_anon`, `reserved_highatomic`, …); the
 *   parenthesised parts of an old `scanned  N (a: 12 i: 3)` line are kept as `scanned:a`,
 *   `scanned:i` (`scanned:aa` … `scanned:if` on 2.6.28 … 2.6.31)
 * @text: the value as printed, trimmed
 * @value: the value when @text is a number
 * @is_number: whether @text is a number
 * @cpu: -1, or the CPU of the pageset the line was printed in
 * @line: the line number in the file
 *
 * A `key: value` line this library does not interpret (vendor or future kernels). Kept, never
 * rejected.
 */
typedef struct
{
  const char *key;
  const char *text;
  guint64     value;
  gboolean    is_number;
  gint32      cpu;
  guint32     line;
} MaZoneinfoExtra;

/**
 * MaZoneinfoZone:
 * @node_id: the node number
 * @name: the zone name without padding (`DMA`, `DMA32`, `Normal`, `HighMem`, `Movable`,
 *   `Device`, or whatever the kernel printed)
 * @line: line number of the `Node N, zone NAME` header
 * @fields: a #MaZoneFields mask of the fields present
 * @free_pages: `pages free` (NR_FREE_PAGES; pages on per-CPU lists are not included)
 * @boost: watermark boost
 * @min: min watermark, including the boost
 * @low: low watermark, including the boost
 * @high: high watermark, including the boost
 * @promo: promo watermark, including the boost
 * @spanned: pages spanned (holes included)
 * @present: pages present
 * @managed: pages managed by the buddy allocator
 * @cma: pages in CMA pageblocks
 * @scanned: `scanned` / `node_scanned`
 * @protection: (array length=n_protection): `lowmem_reserve[]`, one entry per configured zone
 * @n_protection: number of entries of @protection
 * @vm_stats_threshold: the last `vm stats threshold:` printed for the zone
 * @all_unreclaimable: `all_unreclaimable:`
 * @prev_priority: `prev_priority:`
 * @temp_priority: `temp_priority:`
 * @start_pfn: first page frame number of the zone
 * @node_unreclaimable: `node_unreclaimable:`
 * @inactive_ratio: `inactive_ratio:`
 * @node_inactive_ratio: `node_inactive_ratio:`
 * @counters: (array length=n_counters): the zone's counters in file order (the `nr_*`,
 *   `numa_*` … lines; on 2.6.13 … 2.6.17 also `active` and `inactive`)
 * @n_counters: number of @counters
 * @pagesets: (array length=n_pagesets): per-CPU lists in file order
 * @n_pagesets: number of @pagesets
 * @extras: (array length=n_extras): uninterpreted `key: value` lines, in file order
 * @n_extras: number of @extras
 *
 * One zone record of /proc/zoneinfo. Since 4.12 the kernel also prints zones without memory
 * (header fields and `protection` only); use ma_zoneinfo_zone_is_populated().
 */
typedef struct
{
  guint32                node_id;
  const char            *name;
  guint32                line;
  guint32                fields;
  guint64                free_pages;
  guint64                boost;
  guint64                min;
  guint64                low;
  guint64                high;
  guint64                promo;
  guint64                spanned;
  guint64                present;
  guint64                managed;
  guint64                cma;
  guint64                scanned;
  const gint64          *protection;
  guint                  n_protection;
  guint64                vm_stats_threshold;
  guint64                all_unreclaimable;
  guint64                prev_priority;
  guint64                temp_priority;
  guint64                start_pfn;
  guint64                node_unreclaimable;
  guint64                inactive_ratio;
  guint64                node_inactive_ratio;
  const MaCounter       *counters;
  guint                  n_counters;
  const MaPageset       *pagesets;
  guint                  n_pagesets;
  const MaZoneinfoExtra *extras;
  guint                  n_extras;
} MaZoneinfoZone;

/**
 * MaZoneinfoNode:
 * @id: the node number
 * @stats: (array length=n_stats): the `per-node stats` counters (≥ 4.8; printed inside the
 *   first populated zone of the node), in file order
 * @n_stats: number of @stats
 * @zones: (array length=n_zones): the node's zones in file (zone index) order
 * @n_zones: number of @zones
 *
 * One NUMA node of /proc/zoneinfo.
 */
typedef struct
{
  guint32               id;
  const MaCounter      *stats;
  guint                 n_stats;
  const MaZoneinfoZone *zones;
  guint                 n_zones;
} MaZoneinfoNode;

/**
 * MaZoneinfoEra:
 * @MA_ZONEINFO_ERA_UNKNOWN: not enough markers to tell (partial dumps)
 * @MA_ZONEINFO_ERA_E1: 2.6.13 … 2.6.17 (`active`/`inactive` lines, hot/cold pagesets)
 * @MA_ZONEINFO_ERA_E2: 2.6.18 … 2.6.24 (ZVC counters, hot/cold pagesets)
 * @MA_ZONEINFO_ERA_E3: 2.6.25 … 4.7 (one list per CPU, `scanned`, `all_unreclaimable`)
 * @MA_ZONEINFO_ERA_E4: 4.8 … 4.11 (`per-node stats`, `node_scanned`)
 * @MA_ZONEINFO_ERA_E5: 4.12 … ≈4.15 (empty zones printed, `node_inactive_ratio`)
 * @MA_ZONEINFO_ERA_E6: ≈4.16 … 5.11
 * @MA_ZONEINFO_ERA_E7: 5.12 … 5.15 (`cma`)
 * @MA_ZONEINFO_ERA_E8: 5.16 … 6.11 (`boost`)
 * @MA_ZONEINFO_ERA_E9: 6.12 (`promo`)
 * @MA_ZONEINFO_ERA_E10: ≥ 6.13 (`high_min`/`high_max` in pagesets)
 *
 * The layout generation of a zoneinfo file (KERNEL.md §8.3). Vendor kernels backport layouts,
 * so an era is a statement about the text, not a proof of the kernel version.
 */
typedef enum
{
  MA_ZONEINFO_ERA_UNKNOWN = 0,
  MA_ZONEINFO_ERA_E1,
  MA_ZONEINFO_ERA_E2,
  MA_ZONEINFO_ERA_E3,
  MA_ZONEINFO_ERA_E4,
  MA_ZONEINFO_ERA_E5,
  MA_ZONEINFO_ERA_E6,
  MA_ZONEINFO_ERA_E7,
  MA_ZONEINFO_ERA_E8,
  MA_ZONEINFO_ERA_E9,
  MA_ZONEINFO_ERA_E10,
} MaZoneinfoEra;

#define MA_ZONEINFO_ERA_LAST MA_ZONEINFO_ERA_E10

/**
 * MaZoneinfoMarkers:
 * @MA_ZONEINFO_MARKER_HOT_COLD_PCP: `cpu: N pcp: P` pagesets (≤ 2.6.24)
 * @MA_ZONEINFO_MARKER_PCP_LOW: `low:` in pagesets (≤ 2.6.15)
 * @MA_ZONEINFO_MARKER_ACTIVE_INACTIVE: `active`/`inactive` zone lines (≤ 2.6.17)
 * @MA_ZONEINFO_MARKER_ZVC: `nr_*` zone counters (≥ 2.6.18)
 * @MA_ZONEINFO_MARKER_TEMP_PRIORITY: `temp_priority:` (≤ ≈2.6.19)
 * @MA_ZONEINFO_MARKER_SCANNED_AI: `scanned N (a: N i: N)` (≤ 2.6.27)
 * @MA_ZONEINFO_MARKER_SCANNED_SPLIT: `scanned N (aa: … if: …)` (2.6.28 … 2.6.31)
 * @MA_ZONEINFO_MARKER_SCANNED: plain `scanned N` (2.6.32 … 4.7)
 * @MA_ZONEINFO_MARKER_SINGLE_PCP: `cpu: N` pagesets without `pcp:` (≥ 2.6.25)
 * @MA_ZONEINFO_MARKER_INACTIVE_RATIO: `inactive_ratio:` (2.6.28 … 4.7)
 * @MA_ZONEINFO_MARKER_MANAGED: `managed` (≥ 3.8)
 * @MA_ZONEINFO_MARKER_PREV_PRIORITY: `prev_priority:` (≤ ≈2.6.35)
 * @MA_ZONEINFO_MARKER_ALL_UNRECLAIMABLE: `all_unreclaimable:` (≤ 4.7)
 * @MA_ZONEINFO_MARKER_NODE_SCANNED: `node_scanned` (4.8 … 4.11)
 * @MA_ZONEINFO_MARKER_PER_NODE_STATS: `per-node stats` (≥ 4.8)
 * @MA_ZONEINFO_MARKER_NODE_UNRECLAIMABLE: `node_unreclaimable:` (≥ 4.8)
 * @MA_ZONEINFO_MARKER_EMPTY_ZONES: zones without memory are printed (≥ 4.12)
 * @MA_ZONEINFO_MARKER_PROTECTION_FIRST: `protection` before the zone counters (≥ 4.12)
 * @MA_ZONEINFO_MARKER_PROTECTION_LAST: `protection` after the zone counters (≤ 4.11)
 * @MA_ZONEINFO_MARKER_NODE_INACTIVE_RATIO: `node_inactive_ratio:` (4.8 … ≈4.15)
 * @MA_ZONEINFO_MARKER_CMA: `cma` (≥ 5.12)
 * @MA_ZONEINFO_MARKER_BOOST: `boost` (≥ 5.16)
 * @MA_ZONEINFO_MARKER_PROMO: `promo` (≥ 6.12)
 * @MA_ZONEINFO_MARKER_HIGH_MIN: `high_min:`/`high_max:` in pagesets (≥ 6.13)
 * @MA_ZONEINFO_MARKER_MOVABLE_ZONE: a zone named `Movable` (≥ 2.6.23)
 * @MA_ZONEINFO_MARKER_CONFLICT: the markers contradict each other (vendor backports); the era
 *   reported is the newest one implied
 *
 * The layout features found in a file; the era is derived from them (KERNEL.md §11).
 */
typedef enum
{
  MA_ZONEINFO_MARKER_HOT_COLD_PCP        = 1 << 0,
  MA_ZONEINFO_MARKER_PCP_LOW             = 1 << 1,
  MA_ZONEINFO_MARKER_ACTIVE_INACTIVE     = 1 << 2,
  MA_ZONEINFO_MARKER_ZVC                 = 1 << 3,
  MA_ZONEINFO_MARKER_TEMP_PRIORITY       = 1 << 4,
  MA_ZONEINFO_MARKER_SCANNED_AI          = 1 << 5,
  MA_ZONEINFO_MARKER_SCANNED_SPLIT       = 1 << 6,
  MA_ZONEINFO_MARKER_SCANNED             = 1 << 7,
  MA_ZONEINFO_MARKER_SINGLE_PCP          = 1 << 8,
  MA_ZONEINFO_MARKER_INACTIVE_RATIO      = 1 << 9,
  MA_ZONEINFO_MARKER_MANAGED             = 1 << 10,
  MA_ZONEINFO_MARKER_PREV_PRIORITY       = 1 << 11,
  MA_ZONEINFO_MARKER_ALL_UNRECLAIMABLE   = 1 << 12,
  MA_ZONEINFO_MARKER_NODE_SCANNED        = 1 << 13,
  MA_ZONEINFO_MARKER_PER_NODE_STATS      = 1 << 14,
  MA_ZONEINFO_MARKER_NODE_UNRECLAIMABLE  = 1 << 15,
  MA_ZONEINFO_MARKER_EMPTY_ZONES         = 1 << 16,
  MA_ZONEINFO_MARKER_PROTECTION_FIRST    = 1 << 17,
  MA_ZONEINFO_MARKER_PROTECTION_LAST     = 1 << 18,
  MA_ZONEINFO_MARKER_NODE_INACTIVE_RATIO = 1 << 19,
  MA_ZONEINFO_MARKER_CMA                 = 1 << 20,
  MA_ZONEINFO_MARKER_BOOST               = 1 << 21,
  MA_ZONEINFO_MARKER_PROMO               = 1 << 22,
  MA_ZONEINFO_MARKER_HIGH_MIN            = 1 << 23,
  MA_ZONEINFO_MARKER_MOVABLE_ZONE        = 1 << 24,
  MA_ZONEINFO_MARKER_CONFLICT            = 1 << 25,
} MaZoneinfoMarkers;

/**
 * MaZoneinfo:
 *
 * A parsed /proc/zoneinfo: nodes, their zones, counters and pagesets, the detected layout era
 * and the warnings collected while parsing. Immutable and reference counted; the structs it
 * hands out live as long as it does.
 */
typedef struct _MaZoneinfo MaZoneinfo;

#define MA_TYPE_ZONEINFO (ma_zoneinfo_get_type ())

GType                  ma_zoneinfo_get_type                (void) G_GNUC_CONST;

MaZoneinfo            *ma_zoneinfo_parse                   (const char        *text,
                                                            gssize             length,
                                                            const char        *source_name,
                                                            GError           **error);
MaZoneinfo            *ma_zoneinfo_ref                     (MaZoneinfo        *self);
void                   ma_zoneinfo_unref                   (MaZoneinfo        *self);

guint                  ma_zoneinfo_get_n_nodes             (const MaZoneinfo  *self);
const MaZoneinfoNode  *ma_zoneinfo_get_node                (const MaZoneinfo  *self,
                                                            guint              index);
const MaZoneinfoNode  *ma_zoneinfo_lookup_node             (const MaZoneinfo  *self,
                                                            guint              node_id);
guint                  ma_zoneinfo_get_n_zones             (const MaZoneinfo  *self);
const MaZoneinfoZone  *ma_zoneinfo_get_zone                (const MaZoneinfo  *self,
                                                            guint              index);
const MaZoneinfoZone  *ma_zoneinfo_lookup_zone             (const MaZoneinfo  *self,
                                                            guint              node_id,
                                                            const char        *zone_name);
guint                  ma_zoneinfo_get_n_cpus              (const MaZoneinfo  *self);

MaZoneinfoEra          ma_zoneinfo_get_era                 (const MaZoneinfo  *self);
void                   ma_zoneinfo_get_era_range           (const MaZoneinfo  *self,
                                                            MaZoneinfoEra     *oldest,
                                                            MaZoneinfoEra     *newest);
MaZoneinfoMarkers      ma_zoneinfo_get_markers             (const MaZoneinfo  *self);
const char            *ma_zoneinfo_era_get_kernels         (MaZoneinfoEra      era);

gboolean               ma_zoneinfo_is_partial              (const MaZoneinfo  *self);
const char * const    *ma_zoneinfo_get_warnings            (const MaZoneinfo  *self);

gboolean               ma_zoneinfo_zone_is_populated       (const MaZoneinfoZone *zone);
gboolean               ma_zoneinfo_zone_get_counter        (const MaZoneinfoZone *zone,
                                                            const char        *name,
                                                            guint64           *value);
const MaZoneinfoExtra *ma_zoneinfo_zone_get_extra          (const MaZoneinfoZone *zone,
                                                            const char        *key);
gboolean               ma_zoneinfo_node_get_stat           (const MaZoneinfoNode *node,
                                                            const char        *name,
                                                            guint64           *value);

gboolean               ma_zoneinfo_equal                   (const MaZoneinfo  *a,
                                                            const MaZoneinfo  *b);

GString               *ma_zoneinfo_synthesize              (guint              n_nodes,
                                                            guint              n_cpus,
                                                            guint64            pages_per_node,
                                                            guint32            seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaZoneinfo, ma_zoneinfo_unref)

G_END_DECLS
