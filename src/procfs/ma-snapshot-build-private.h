/* ma-snapshot-build-private.h: what ma-snapshot-machine.c gathers from a snapshot to build a
 * machine, shared with ma-snapshot-flags.c, which lays zones out from /proc/kpageflags
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine-spec.h"
#include "ma-page-states.h"
#include "ma-snapshot.h"

G_BEGIN_DECLS

typedef struct _MaSnapshotFlags MaSnapshotFlags;

/* What the snapshot says about one zone, merged from every file. */
typedef struct
{
  guint32     node_id;
  MaZoneType  type;
  const char *name;

  gboolean    have_position;     /* start_pfn and spanned known */
  guint64     start_pfn;
  guint64     spanned;
  gboolean    have_present;
  guint64     present;
  gboolean    have_managed;
  guint64     managed;

  gint64      free_pages;        /* zoneinfo's (or the OOM report's) NR_FREE_PAGES, −1 unknown */
  guint       n_orders;          /* 0: no per-order counts */
  guint64     nr_free[MA_MAX_ORDERS];
  gboolean    counts_synthetic;  /* nr_free made up from free_pages */
  gboolean    have_mt;
  guint64     nr_free_mt[MA_MAX_ORDERS][MA_N_MIGRATE_TYPES];
  gboolean    have_pageblocks;
  guint64     pageblocks[MA_N_MIGRATE_TYPES];
  guint64     pcp_pages;
  gboolean    have_wmarks;
  guint64     wmark[MA_N_WMARKS];
  guint64     boost;
  gboolean    have_protection;
  guint       n_protection;
  guint64     protection[MA_N_ZONE_TYPES];

  /* the layout chosen */
  gboolean    tile;              /* free blocks laid out one by one (see tile_zone()) */
  guint64     lay_start;
  guint64     lay_spanned;
  guint64     lay_present;
  guint64     lay_managed;
} MaSnapshotZone;

typedef struct
{
  GArray         *zones;        /* MaSnapshotZone */
  GPtrArray      *notes;
  const char     *source;
  MaKernelVersion kernel;
  guint           page_shift;
  guint           nr_orders;
  guint           pageblock_order;
  guint           n_types;
  MaZoneType      types[MA_N_ZONE_TYPES];
  guint           n_cpus;
  gboolean        thp;
  char           *arch;
  gint64          min_free_kbytes;
  gint64          wsf;
  gint64          wbf;
  guint           n_ratio;
  guint           ratio[MA_N_ZONE_TYPES];

  gboolean        positions_real;  /* every zone where the snapshot put it (layout()) */
  MaPageRle      *kpageflags;     /* the snapshot's page flags, if it has them */
  MaSnapshotFlags *flags;         /* what they say, when the layout follows them */
} MaSnapshotBuild;

/* Adds a note on a choice made for lack of data (b->notes may be NULL: no notes wanted). */
void ma_snapshot_build_note (MaSnapshotBuild *b,
                             const char      *format,
                             ...) G_GNUC_PRINTF (2, 3);

static inline guint64
ma_snapshot_page_count_of (const guint64 *nr_free,
                           guint          n_orders)
{
  guint64 pages = 0;

  for (guint k = 0; k < n_orders; k++)
    pages += nr_free[k] << k;
  return pages;
}

/* ma-snapshot-flags.c: the real layout, from /proc/kpageflags */
void     ma_snapshot_flags_prepare  (MaSnapshotBuild      *b);
void     ma_snapshot_flags_add_zone (MaSnapshotBuild      *b,
                                     const MaSnapshotZone *s,
                                     MaMachineSpec        *spec,
                                     guint                 node_index);
gboolean ma_snapshot_flags_apply    (MaSnapshotBuild      *b,
                                     MaMachine            *machine,
                                     GError              **error);
void     ma_snapshot_flags_free     (MaSnapshotFlags      *f);

G_END_DECLS
