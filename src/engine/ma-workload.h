/* ma-workload.h: the standard random workload (simulate, bench engine)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-alloc.h"

G_BEGIN_DECLS

typedef struct _MaWorkload MaWorkload;

/**
 * MaWorkloadStats:
 *
 * What a run of the workload did.
 */
typedef struct
{
  guint64 ops;
  guint64 allocs;
  guint64 frees;
  guint64 failures;
  guint64 failures_by_order[MA_MAX_ORDERS];
  guint64 live_blocks;
  guint64 live_pages;
} MaWorkloadStats;

/* The order mix of the benchmark: 88 % order 0, 4 % order 1, 3 % order 2, 3 % order 3,
 * 1 % order 4, 1 % order 9. */
guint        ma_workload_draw_order    (MaMachine       *machine);

MaWorkload  *ma_workload_new           (MaMachine       *machine,
                                        MaGfp            gfp,
                                        double           target_fill);
void         ma_workload_free          (MaWorkload      *workload);
guint64      ma_workload_fill          (MaWorkload      *workload);
void         ma_workload_run           (MaWorkload      *workload,
                                        guint64          n_ops,
                                        MaWorkloadStats *stats);
void         ma_workload_set_check     (MaWorkload      *workload,
                                        guint64          every_ops,
                                        gboolean       (*check) (MaMachine *machine,
                                                                 guint64    op,
                                                                 gpointer   user_data),
                                        gpointer         user_data);
double       ma_workload_get_fill      (MaWorkload      *workload);
guint64      ma_workload_get_live_blocks (MaWorkload    *workload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaWorkload, ma_workload_free)

G_END_DECLS
