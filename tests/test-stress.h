/* test-stress.h: the state of one stress run, shared by its driver and its operations
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-highmem.h"
#include "ma-machine-private.h"
#include "ma-simulation.h"
#include "ma-test-machines.h"

typedef struct
{
  const char *preset;
  guint64     steps;          /* default step count, scaled by MA_STRESS_SCALE */
  guint64     full_every;     /* steps between full O(frames) checks */
  guint       history_every;  /* undo episodes per digest check (the digest is O(frames)) */
  gboolean    pressure;       /* run simulation phases (each copies the machine once) */
} StressCase;

typedef struct
{
  guint64 pfn;
  guint   order;
} StressBlock;

/* One change an action made to the blocks the test holds; actions are delimited in `ends`. */
typedef struct
{
  gboolean    added;
  StressBlock block;
} StressChange;

typedef enum
{
  OP_ALLOC,
  OP_FREE,
  OP_DRAIN,
  OP_CPU,
  OP_SYSCTL,
  OP_KMAP,
  OP_KUNMAP,
  OP_KMAP_ATOMIC,
  OP_KUNMAP_ATOMIC,
  OP_KMAP_FLUSH,
  OP_KMAP_CANCEL,
  OP_KMAP_STORM,
  OP_UNDO,
  OP_REDO,
  OP_HISTORY,
  OP_TICK,
  OP_LOAD_START,
  OP_LOAD_STOP,
  OP_SWAP,
  OP_SEEK,
  OP_WORKLOAD,
  N_OPS
} StressOp;

typedef struct
{
  const StressCase *c;
  guint64           seed;
  guint64           steps;
  guint64           step;
  StressOp          op;          /* the step being made */
  guint64           rng[4];      /* the test's own: undo rewinds the machine's */

  MaMachine        *m;
  gboolean          highmem;
  MaSimulation     *sim;         /* during a pressure phase */
  guint             loads;       /* loads started so far (each may add a process) */

  GArray           *live;        /* StressBlock: what the test holds */
  GHashTable       *where;       /* pfn -> index in live + 1 */

  /* undo: the test's changes per action on the machine's undo and redo stacks */
  GArray           *undo;        /* StressChange */
  GArray           *undo_ends;   /* guint: end of each action's changes in undo */
  GArray           *redo;
  GArray           *redo_ends;
  GArray           *pending;     /* changes of the action being made */
  gboolean          journal;     /* steps by hand are actions, for undo */
  guint64           serial;      /* the machine's action serial when the action began */
  guint             episodes;
  gboolean          digest_valid;
  guint64           start_digest;

  guint64           min_free_boot;   /* min_free_kbytes as the machine booted */
  guint64           next_task;
  guint64           ops[N_OPS];
  guint64           refused;     /* requests the engine refused, as it should have */
  guint64           phase_steps[3];
  gint64            phase_usec[3];
} Stress;

/* test-stress-ops.c */
guint64  stress_random      (Stress       *s);
guint64  stress_below       (Stress       *s,
                             guint64       bound);
void     stress_seed        (Stress       *s,
                             guint64       seed);
void     stress_live_add    (Stress       *s,
                             StressBlock   b);
void     stress_live_remove (Stress       *s,
                             guint64       pfn);
void     stress_new_episode (Stress       *s,
                             gboolean      journal);
void     stress_random_request (Stress    *s,
                                MaAllocRequest *req);
gboolean stress_prefer_free (Stress       *s);
gboolean stress_random_page (Stress      *s,
                             gboolean     for_free,
                             guint64     *out_pfn);
void     stress_expect_busy (Stress       *s,
                             const GError *error);
void     stress_by_hand     (Stress       *s,
                             StressOp      op);
void     stress_release_all (Stress       *s);

/* test-stress-pressure.c */
void     stress_pressure    (Stress       *s,
                             StressOp      op);
void     stress_end_pressure (Stress      *s);
void     stress_workload    (Stress       *s,
                             guint64       ops);

/* test-stress.c */
void     stress_check       (Stress       *s,
                             gboolean      full);
void     stress_fail        (Stress       *s,
                             const char   *what,
                             const GError *error) G_GNUC_NORETURN;
