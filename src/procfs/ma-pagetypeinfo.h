/* ma-pagetypeinfo.h: /proc/pagetypeinfo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MA_PAGETYPEINFO_MAX_TYPES:
 *
 * The largest number of migratetypes accepted (kernels print 4 to 6).
 */
#define MA_PAGETYPEINFO_MAX_TYPES 16

/**
 * MaPagetypeinfoZone:
 * @node_id: the node number
 * @name: the zone name without padding
 * @line: line of the zone's first free-count row
 * @n_types: number of migratetypes of the file (ma_pagetypeinfo_get_type_name())
 * @n_orders: number of orders of the file
 * @free_counts: (array length=n_free): free blocks per migratetype and order, at
 *   `[type * n_orders + order]`; a capped count (`>100000`) holds 100000
 * @capped: (array length=n_free): 1 where the kernel printed the count as `>N` (≥ ≈5.4 caps
 *   each list length at 100000), same indexing as @free_counts
 * @n_free: n_types × n_orders
 * @types_present: bit `t` is set if the file had a free-count row for type `t` in this zone
 * @blocks: (array length=n_types) (nullable): pageblocks per migratetype ("Number of blocks
 *   type"), or %NULL if the zone has no such row
 * @mixed: (array length=n_types) (nullable): the "Number of mixed blocks" row (only with
 *   page_owner enabled), or %NULL
 *
 * One populated zone of /proc/pagetypeinfo (empty zones are never printed).
 */
typedef struct
{
  guint32        node_id;
  const char    *name;
  guint32        line;
  guint          n_types;
  guint          n_orders;
  const guint64 *free_counts;
  const guint8  *capped;
  guint          n_free;
  guint32        types_present;
  const guint64 *blocks;
  const guint64 *mixed;
} MaPagetypeinfoZone;

/**
 * MaPagetypeinfo:
 *
 * A parsed /proc/pagetypeinfo. Migratetype names and their order come from the file itself
 * (they changed across versions and vendors). Immutable and reference counted.
 */
typedef struct _MaPagetypeinfo MaPagetypeinfo;

#define MA_TYPE_PAGETYPEINFO (ma_pagetypeinfo_get_type ())

GType                     ma_pagetypeinfo_get_type               (void) G_GNUC_CONST;

MaPagetypeinfo           *ma_pagetypeinfo_parse                  (const char           *text,
                                                                  gssize                length,
                                                                  const char           *source_name,
                                                                  GError              **error);
MaPagetypeinfo           *ma_pagetypeinfo_ref                    (MaPagetypeinfo       *self);
void                      ma_pagetypeinfo_unref                  (MaPagetypeinfo       *self);

int                       ma_pagetypeinfo_get_pageblock_order    (const MaPagetypeinfo *self);
guint64                   ma_pagetypeinfo_get_pages_per_block    (const MaPagetypeinfo *self);
guint                     ma_pagetypeinfo_get_n_orders           (const MaPagetypeinfo *self);
guint                     ma_pagetypeinfo_get_n_types            (const MaPagetypeinfo *self);
const char               *ma_pagetypeinfo_get_type_name          (const MaPagetypeinfo *self,
                                                                  guint                 type);
int                       ma_pagetypeinfo_find_type              (const MaPagetypeinfo *self,
                                                                  const char           *name);
guint                     ma_pagetypeinfo_get_n_zones            (const MaPagetypeinfo *self);
const MaPagetypeinfoZone *ma_pagetypeinfo_get_zone               (const MaPagetypeinfo *self,
                                                                  guint                 index);
const MaPagetypeinfoZone *ma_pagetypeinfo_lookup_zone            (const MaPagetypeinfo *self,
                                                                  guint                 node_id,
                                                                  const char           *zone_name);
guint64                   ma_pagetypeinfo_zone_get_free          (const MaPagetypeinfoZone *zone,
                                                                  guint                 type,
                                                                  guint                 order,
                                                                  gboolean             *capped);
guint64                   ma_pagetypeinfo_zone_sum_order         (const MaPagetypeinfoZone *zone,
                                                                  guint                 order,
                                                                  gboolean             *capped);
gboolean                  ma_pagetypeinfo_has_blocks             (const MaPagetypeinfo *self);
gboolean                  ma_pagetypeinfo_has_mixed_blocks       (const MaPagetypeinfo *self);
const char * const       *ma_pagetypeinfo_get_warnings           (const MaPagetypeinfo *self);
gboolean                  ma_pagetypeinfo_equal                  (const MaPagetypeinfo *a,
                                                                  const MaPagetypeinfo *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaPagetypeinfo, ma_pagetypeinfo_unref)

G_END_DECLS
