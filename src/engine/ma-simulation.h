/* ma-simulation.h: memory under pressure, tick by tick: loads, kswapd, writeback, and the
 * history to play back and scrub through
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-pressure.h"

G_BEGIN_DECLS

/**
 * MaLoadKind:
 * @MA_LOAD_HEAP: a process growing its heap and touching part of it
 * @MA_LOAD_FILE: a file read (or written) through the page cache
 * @MA_LOAD_ATOMIC: bursts of GFP_ATOMIC allocations that live a while (network buffers)
 * @MA_LOAD_FRAGMENT: unmovable single-page churn, then large requests
 * @MA_LOAD_SLAB: kernel slab growth, reclaimable or not (a leak when unlimited)
 * @MA_LOAD_KMAP: tasks mapping HighMem pages with kmap() and keeping them
 *
 * What a load does each tick.
 */
typedef enum
{
  MA_LOAD_HEAP,
  MA_LOAD_FILE,
  MA_LOAD_ATOMIC,
  MA_LOAD_FRAGMENT,
  MA_LOAD_SLAB,
  MA_LOAD_KMAP,
  MA_N_LOAD_KINDS
} MaLoadKind;

/**
 * MaLoadSpec:
 *
 * A load as a scenario or the user starts it. Sizes are in pages.
 */
typedef struct
{
  MaLoadKind kind;
  char      *name;
  guint64    rate;          /* pages (heap, file, slab, churn), blocks (atomic, large), new kmap
                               tasks per tick */
  guint64    limit;         /* heap, slab, churn: pages held at most; kmap: tasks at most; 0: no
                               limit */
  gint       node;          /* node index to run on, or -1 */
  gint       oom_score_adj;
  double     touch;         /* heap: share of the heap touched per tick */
  guint      order;         /* atomic, fragment: order of the blocks */
  guint64    lifetime;      /* atomic: ticks a block lives; kmap: ticks a task holds its kmap */
  guint64    size;          /* file: pages */
  guint      passes;        /* file: reads of the whole file (0: forever) */
  gboolean   write;         /* file: writes (dirty pages) */
  gboolean   reclaimable;   /* slab */
  guint64    churn_ticks;   /* fragment: ticks of churn before the large requests */
} MaLoadSpec;

/**
 * MaZoneSample:
 *
 * A zone at the end of one tick.
 */
typedef struct
{
  gint64   free;
  guint64  min;
  guint64  low;
  guint64  high;
  guint64  boost;
  guint64  nr_free[MA_MAX_ORDERS];
  guint8   kswapd;           /* the zone's node had kswapd awake */
  guint8   direct_reclaim;   /* direct reclaim ran during the tick */
  guint8   compaction;
  guint8   oom;
} MaZoneSample;

/**
 * MaTimelineEntry:
 *
 * A notable event: kswapd woke or slept, direct reclaim, compaction, an OOM kill.
 */
typedef struct
{
  guint64     tick;
  MaEventType type;
  guint       node;
  guint       zone_index;      /* index into the simulation's zones */
  guint64     value;           /* pages reclaimed, order, pid killed, pages migrated */
  guint       sample_offset;   /* the zones' free pages then: ma_simulation_get_sample (tick) */
} MaTimelineEntry;

#define MA_TYPE_SIMULATION (ma_simulation_get_type ())

G_DECLARE_FINAL_TYPE (MaSimulation, ma_simulation, MA, SIMULATION, GObject)

#define MA_SCENARIO_ERROR (ma_scenario_error_quark ())

typedef enum
{
  MA_SCENARIO_ERROR_PARSE,
  MA_SCENARIO_ERROR_INVALID,
} MaScenarioError;

GQuark          ma_scenario_error_quark        (void);
const char     *ma_load_kind_name              (MaLoadKind          kind);
gboolean        ma_load_kind_from_name         (const char         *name,
                                                MaLoadKind         *out);
void            ma_load_spec_clear             (MaLoadSpec         *spec);

MaSimulation   *ma_simulation_new              (MaMachine          *machine);
MaSimulation   *ma_simulation_new_recorder     (MaMachine          *machine);
gboolean        ma_simulation_is_recorder      (MaSimulation       *self);
void            ma_simulation_record           (MaSimulation       *self);
MaSimulation   *ma_simulation_new_from_scenario (const char        *json,
                                                 gssize             length,
                                                 const char        *source_name,
                                                 const char        *preset_override,
                                                 GError           **error);
const char     *ma_simulation_get_title        (MaSimulation       *self);
const char     *ma_simulation_get_description  (MaSimulation       *self);
MaMachine      *ma_simulation_get_machine      (MaSimulation       *self);
guint64         ma_simulation_get_tick         (MaSimulation       *self);
guint64         ma_simulation_get_end          (MaSimulation       *self);
guint64         ma_simulation_get_duration     (MaSimulation       *self);
guint           ma_simulation_get_tick_ms      (MaSimulation       *self);
guint64         ma_simulation_get_events       (MaSimulation       *self);

gboolean        ma_simulation_start_load       (MaSimulation       *self,
                                                const MaLoadSpec   *spec,
                                                GError            **error);
gboolean        ma_simulation_stop_load        (MaSimulation       *self,
                                                const char         *name);
guint           ma_simulation_get_n_loads      (MaSimulation       *self);
const MaLoadSpec *ma_simulation_get_load       (MaSimulation       *self,
                                                guint               index,
                                                gboolean           *out_running,
                                                char              **out_status);
void            ma_simulation_set_swap         (MaSimulation       *self,
                                                guint64             pages);
gboolean        ma_simulation_alloc            (MaSimulation       *self,
                                                const MaAllocRequest *request,
                                                guint64            *out_pfn,
                                                MaAllocResult      *out_result);
gboolean        ma_simulation_free             (MaSimulation       *self,
                                                guint64             pfn,
                                                GError            **error);

void            ma_simulation_step             (MaSimulation       *self,
                                                guint64             ticks);
gboolean        ma_simulation_seek             (MaSimulation       *self,
                                                guint64             tick);

guint           ma_simulation_get_n_zones      (MaSimulation       *self);
MaZone         *ma_simulation_get_zone         (MaSimulation       *self,
                                                guint               index);
const MaZoneSample *ma_simulation_get_sample   (MaSimulation       *self,
                                                guint64             tick,
                                                guint               zone_index);
guint           ma_simulation_get_n_timeline   (MaSimulation       *self);
const MaTimelineEntry *ma_simulation_get_timeline_entry (MaSimulation *self,
                                                         guint         index);

/* Built-in scenarios, compiled into the engine. */
const char *const *ma_scenarios_list           (void);
GBytes         *ma_scenarios_load              (const char         *name_or_path,
                                                GError            **error);

G_END_DECLS
