/* test-pressure.c: reclaim, kswapd, direct reclaim, compaction, the OOM killer, and playback
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-simulation.h"
#include "ma-test-machines.h"

/* A single-zone machine: 256 MiB of DMA32, 6.18 rules, one CPU. */
static MaMachine *
small_machine (void)
{
  return ma_test_machine_from_spec (ma_test_spec_x86 (4096, 65536 + 4096, 4096), 1);
}

static MaZone *
dma32 (MaMachine *m)
{
  return ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_DMA32);
}

/* Counts events of a type since *index in the ring of rare events (kswapd, direct reclaim,
 * compaction, OOM), which bursts of frees cannot overwrite. */
static guint
count_events (MaMachine   *m,
              guint64     *index,
              MaEventType  type)
{
  const MaEvent *e;
  guint n = 0;

  while (ma_event_ring_read_notable (ma_machine_get_events (m), index, &e))
    if (e->type == type)
      n++;
  return n;
}

/* kswapd is woken by the first allocation that finds no zone above low, not before. */
static void
test_kswapd_wakes_at_low (void)
{
  g_autoptr(MaMachine) m = small_machine ();
  MaZone *z = dma32 (m);
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL | MA_GFP_DMA32, .order = 0, .node = -1, .start_zone = -1 };
  guint64 seq = ma_event_ring_next_notable (ma_machine_get_events (m));
  gboolean woken = FALSE;

  for (guint i = 0; i < 100000 && !woken; i++)
    {
      MaZoneAttempt before;
      gboolean above_low = ma_machine_zone_check (m, z, req.gfp, 0, MA_WMARK_LOW, FALSE, &before);
      MaAllocResult res;

      g_assert_true (ma_machine_alloc (m, &req, NULL, &res));
      woken = count_events (m, &seq, MA_EVENT_KSWAPD_WAKE) > 0;
      /* woken exactly when the low check failed before this allocation */
      g_assert_cmpint (woken, ==, !above_low);
      g_assert_cmpint (res.pass == MA_ALLOC_PASS_SLOW, ==, !above_low);
    }
  g_assert_true (woken);
  g_assert_true (ma_node_get_kswapd_pending (ma_machine_get_node (m, 0), NULL, NULL));
  ma_test_assert_consistent (m, TRUE);
}

/* With page cache to reclaim, kswapd runs until a zone is above high, then sleeps. */
static void
test_kswapd_stops_at_high (void)
{
  g_autoptr(MaMachine) m = small_machine ();
  MaZone *z = dma32 (m);
  MaNode *node = ma_machine_get_node (m, 0);
  guint file = ma_machine_open_file (m, "cache", 65536);
  guint64 seq;
  guint steps = 0;

  /* fill memory with clean page cache until kswapd wakes */
  for (guint64 page = 0; page < 65536 && !ma_node_is_kswapd_running (node); page += 64)
    ma_machine_file_read (m, file, page, 64, FALSE, NULL);
  g_assert_true (ma_node_is_kswapd_running (node));
  g_assert_cmpuint (ma_node_get_lru_size (node, MA_LRU_INACTIVE_FILE), >, 40000);
  g_assert_false (ma_machine_zone_check (m, z, MA_GFP_KERNEL | MA_GFP_DMA32, 0, MA_WMARK_HIGH, FALSE, NULL));

  seq = ma_event_ring_next_notable (ma_machine_get_events (m));
  while (ma_machine_kswapd_step (m, 0, 64, NULL))
    {
      steps++;
      g_assert_cmpuint (steps, <, 100000);
    }
  /* it slept because the zone is above high now, having freed only what that took */
  g_assert_cmpuint (count_events (m, &seq, MA_EVENT_KSWAPD_SLEEP), ==, 1);
  g_assert_true (ma_machine_zone_check (m, z, MA_GFP_KERNEL | MA_GFP_DMA32, 0, MA_WMARK_HIGH, FALSE, NULL));
  g_assert_cmpint (ma_zone_get_free_pages (z), <, (gint64) ma_zone_get_watermark (z, MA_WMARK_HIGH) + 64 + 64);
  g_assert_cmpuint (ma_node_get_kswapd_failures (node), ==, 0);
  ma_test_assert_consistent (m, TRUE);
}

/* Direct reclaim runs only in allocations that fail at min; the OOM killer only once reclaim
 * cannot make progress, and never for __GFP_NORETRY or costly orders. */
static void
test_direct_reclaim_and_oom (void)
{
  g_autoptr(MaMachine) m = small_machine ();
  MaZone *z = dma32 (m);
  guint file = ma_machine_open_file (m, "cache", 16384);
  guint pid = ma_machine_spawn_process (m, "hog", 0, -1, NULL);
  guint victim_small = ma_machine_spawn_process (m, "small", 0, -1, NULL);
  guint64 seq = ma_event_ring_next_notable (ma_machine_get_events (m));
  gboolean oom = FALSE, reclaimed = FALSE;

  g_assert_cmpuint (pid, >, 0);
  ma_machine_file_read (m, file, 0, 16384, FALSE, NULL);
  g_assert_cmpuint (ma_machine_process_grow (m, victim_small, 256, NULL), ==, 256);

  for (guint i = 0; i < 80000 && !oom; i++)
    {
      MaZoneAttempt at_min;
      gboolean above_min = ma_machine_zone_check (m, z, MA_GFP_HIGHUSER_MOVABLE, 0, MA_WMARK_MIN, TRUE,
                                                  &at_min);
      guint64 before = seq;
      guint direct;
      guint kills;
      guint64 grown = ma_machine_process_grow (m, pid, 1, NULL);

      direct = count_events (m, &seq, MA_EVENT_DIRECT_RECLAIM_BEGIN);
      seq = before;
      kills = count_events (m, &seq, MA_EVENT_OOM_KILL);
      if (direct > 0)
        {
          /* only when min failed; pcp refills can hide a batch, never more */
          g_assert_false (above_min && at_min.usable_pages > (gint64) (at_min.threshold + at_min.protection + 64));
          reclaimed = TRUE;
        }
      if (kills > 0)
        oom = TRUE;
      if (grown == 0)
        break;
    }
  g_assert_true (reclaimed);
  /* the cache was reclaimed before anyone was killed */
  g_assert_cmpuint (ma_node_get_lru_size (ma_machine_get_node (m, 0), MA_LRU_INACTIVE_FILE)
                    + ma_node_get_lru_size (ma_machine_get_node (m, 0), MA_LRU_ACTIVE_FILE), <, 64);
  g_assert_true (oom);
  {
    MaProcessInfo info;

    /* the biggest process died, the small one lives */
    g_assert_true (ma_machine_get_process (m, (guint) ma_machine_find_process (m, pid), &info));
    g_assert_false (info.alive);
    g_assert_true (ma_machine_get_process (m, (guint) ma_machine_find_process (m, victim_small), &info));
    g_assert_true (info.alive);
  }
  ma_test_assert_consistent (m, TRUE);

  /* with nothing left to reclaim and one small process: __GFP_NORETRY fails instead of killing */
  {
    MaAllocRequest req = { .gfp = MA_GFP_KERNEL | MA___GFP_NORETRY, .order = 0, .node = -1, .start_zone = -1 };
    guint64 pfn;
    guint n = 0;

    seq = ma_event_ring_next_notable (ma_machine_get_events (m));
    while (ma_machine_alloc (m, &req, &pfn, NULL) && n < 100000)
      n++;
    g_assert_cmpuint (count_events (m, &seq, MA_EVENT_OOM_KILL), ==, 0);
    /* and a costly order never invokes the OOM killer */
    req.gfp = MA_GFP_KERNEL;
    req.order = 4;
    g_assert_false (ma_machine_alloc (m, &req, &pfn, NULL));
    g_assert_cmpuint (count_events (m, &seq, MA_EVENT_OOM_KILL), ==, 0);
  }
  ma_test_assert_consistent (m, TRUE);
}

/* Anonymous pages go to swap when there is room, and come back on access. */
static void
test_swap (void)
{
  g_autoptr(MaMachine) m = small_machine ();
  guint pid = ma_machine_spawn_process (m, "app", 0, -1, NULL);
  MaProcessInfo info;
  guint64 total, used;

  ma_machine_set_swap (m, 32768);
  g_assert_cmpuint (ma_machine_process_grow (m, pid, 80000, NULL), ==, 80000);
  g_assert_true (ma_machine_get_process (m, 0, &info));
  g_assert_cmpuint (info.swap, >, 0);
  g_assert_cmpuint (info.rss + info.swap, ==, 80000);
  ma_machine_get_swap (m, &total, &used);
  g_assert_cmpuint (used, ==, info.swap);
  ma_test_assert_consistent (m, TRUE);

  g_assert_true (ma_machine_process_exit (m, pid));
  ma_machine_get_swap (m, &total, &used);
  g_assert_cmpuint (used, ==, 0);
  ma_test_assert_consistent (m, TRUE);
}

/* Compaction moves movable pages so that a large free block appears. */
static void
test_compaction (void)
{
  g_autoptr(MaMachine) m = small_machine ();
  MaZone *z = dma32 (m);
  guint file = ma_machine_open_file (m, "cache", 65536);
  guint pid = ma_machine_spawn_process (m, "app", 0, -1, NULL);
  guint64 migrated = 0, large = 0;
  guint max = ma_machine_get_nr_orders (m) - 1;

  /* cache and anonymous pages in turn, then the process exits: every other page is free */
  for (guint64 i = 0; i < 31000; i++)
    {
      g_assert_cmpuint (ma_machine_process_grow (m, pid, 1, NULL), ==, 1);
      g_assert_cmpuint (ma_machine_file_read (m, file, i, 1, FALSE, NULL), ==, 1);
    }
  g_assert_true (ma_machine_process_exit (m, pid));
  ma_machine_drain_pcp (m);
  /* what is left in large blocks goes to the kernel */
  for (guint k = max; k >= 9; k--)
    while (ma_zone_get_nr_free (z, k) > 0)
      {
        guint64 pfn;

        g_assert_true (ma_test_alloc (m, MA_GFP_ATOMIC | MA___GFP_DMA32, k, &pfn));
      }
  for (guint k = 9; k <= max; k++)
    large += ma_zone_get_nr_free (z, k);
  g_assert_cmpuint (large, ==, 0);
  g_assert_cmpint (ma_zone_get_free_pages (z), >, 30000);

  g_assert_true (ma_machine_compact_zone (m, z, 9, &migrated));
  g_assert_cmpuint (migrated, >=, 256);   /* half of a pageblock held cache pages */
  g_assert_cmpuint (ma_zone_get_nr_free (z, 9) + ma_zone_get_nr_free (z, 10), >, 0);
  /* the cache is all still there, in other frames */
  g_assert_cmpuint (ma_node_get_lru_size (ma_machine_get_node (m, 0), MA_LRU_INACTIVE_FILE), ==, 31000);
  ma_test_assert_consistent (m, TRUE);
}

static MaSimulation *
scenario (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ma_scenarios_load (name, &error);
  MaSimulation *sim;

  g_assert_no_error (error);
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                         name, "tiny-64m", &error);
  g_assert_no_error (error);
  return sim;
}

static void
test_scenarios_load (void)
{
  const char *const *names = ma_scenarios_list ();

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = ma_scenarios_load (names[i], &error);
      g_autoptr(MaSimulation) sim = NULL;

      g_assert_no_error (error);
      sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), names[i], NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ma_simulation_get_description (sim));
      g_assert_cmpuint (ma_simulation_get_duration (sim), >, 0);
    }
}

static void
expect_scenario_error (const char *json,
                       const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSimulation) sim = ma_simulation_new_from_scenario (json, -1, "bad.json", "tiny-64m", &error);

  g_assert_null (sim);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_scenario_errors (void)
{
  expect_scenario_error ("{", "is not a scenario");
  expect_scenario_error ("{\"format\": \"memory-atlas-simulation\"}", "format");
  expect_scenario_error ("{\"format\": \"memory-atlas-scenario\", \"version\": 1, \"events\": [{\"at\": 0, \"start\": {\"name\": \"x\", \"type\": \"teleport\"}}]}",
                         "type");
  expect_scenario_error ("{\"format\": \"memory-atlas-scenario\", \"version\": 1, \"events\": [{\"at\": 0, \"start\": {\"name\": \"x\", \"type\": \"heap\", \"node\": 5}}]}",
                         "node 5");
  expect_scenario_error ("{\"format\": \"memory-atlas-scenario\", \"version\": 1, \"events\": [{\"at\": -3, \"stop\": \"x\"}]}",
                         "at");
  expect_scenario_error ("{\"format\": \"memory-atlas-scenario\", \"version\": 1, \"swap\": \"lots\"}", "swap");
}

/* The same seed replays to the same state; scrubbing back gives identical states. */
static void
test_replay_and_scrub (void)
{
  g_autoptr(MaSimulation) a = scenario ("leak-oom");
  g_autoptr(MaSimulation) b = scenario ("leak-oom");
  guint64 h[4], ticks[4] = { 30, 90, 150, 240 };

  for (guint i = 0; i < 4; i++)
    {
      ma_simulation_step (a, ticks[i] - ma_simulation_get_tick (a));
      h[i] = ma_machine_hash_state (ma_simulation_get_machine (a));
    }
  ma_simulation_step (b, 240);
  g_assert_cmpuint (ma_machine_hash_state (ma_simulation_get_machine (b)), ==, h[3]);
  g_assert_cmpuint (ma_simulation_get_end (a), ==, 240);

  /* back, forward, back again */
  for (gint i = 2; i >= 0; i--)
    {
      g_assert_true (ma_simulation_seek (a, ticks[i]));
      g_assert_cmpuint (ma_machine_hash_state (ma_simulation_get_machine (a)), ==, h[i]);
      ma_test_assert_consistent (ma_simulation_get_machine (a), TRUE);
    }
  g_assert_true (ma_simulation_seek (a, 240));
  g_assert_cmpuint (ma_machine_hash_state (ma_simulation_get_machine (a)), ==, h[3]);
  g_assert_false (ma_simulation_seek (a, 241));

  /* an action in the past discards the future */
  g_assert_true (ma_simulation_seek (a, 90));
  ma_simulation_set_swap (a, 1000);
  g_assert_cmpuint (ma_simulation_get_end (a), ==, 90);
}

/* The chart model: samples record the zones as they were at the end of each tick; the timeline
 * holds the leak's OOM kill. */
static void
test_samples_and_timeline (void)
{
  g_autoptr(MaSimulation) sim = scenario ("leak-oom");
  guint n = ma_simulation_get_n_zones (sim);
  gboolean saw_oom = FALSE, saw_wake = FALSE;

  ma_simulation_step (sim, 120);
  for (guint z = 0; z < n; z++)
    {
      MaZone *zone = ma_simulation_get_zone (sim, z);
      const MaZoneSample *s = ma_simulation_get_sample (sim, 119, z);

      g_assert_nonnull (s);
      g_assert_cmpint (s->free, ==, ma_zone_get_free_pages (zone));
      g_assert_cmpuint (s->min, ==, ma_zone_get_watermark (zone, MA_WMARK_MIN));
      g_assert_cmpuint (s->nr_free[0], ==, ma_zone_get_nr_free (zone, 0));
    }
  g_assert_null (ma_simulation_get_sample (sim, 120, 0));
  ma_simulation_step (sim, 280);
  for (guint i = 0; i < ma_simulation_get_n_timeline (sim); i++)
    {
      const MaTimelineEntry *t = ma_simulation_get_timeline_entry (sim, i);

      if (t->type == MA_EVENT_OOM_KILL)
        saw_oom = TRUE;
      if (t->type == MA_EVENT_KSWAPD_WAKE)
        saw_wake = TRUE;
      g_assert_cmpuint (t->tick, <, ma_simulation_get_end (sim));
    }
  g_assert_true (saw_wake);
  g_assert_true (saw_oom);
}

/* Clicks between ticks are part of the history: scrubbing back and playing again redoes them. */
static void
test_user_actions_replay (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(MaSimulation) sim = ma_simulation_new (m);
  g_autoptr(GError) error = NULL;
  MaLoadSpec load = { .kind = MA_LOAD_HEAP, .name = (char *) "heap", .rate = 64, .node = -1,
                      .touch = 0.1 };
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 2, .node = -1, .start_zone = -1 };
  guint64 pfn, hash_10, hash_5;

  g_assert_true (ma_simulation_start_load (sim, &load, &error));
  g_assert_no_error (error);
  ma_simulation_step (sim, 5);
  hash_5 = ma_machine_hash_state (m);
  g_assert_true (ma_simulation_alloc (sim, &req, &pfn, NULL));
  g_assert_cmpuint (ma_machine_hash_state (m), !=, hash_5);
  ma_simulation_step (sim, 5);
  hash_10 = ma_machine_hash_state (m);

  /* back to the start and forward again: the allocation happens again, at the same place */
  g_assert_true (ma_simulation_seek (sim, 0));
  g_assert_true (ma_simulation_seek (sim, 10));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash_10);
  g_assert_true (ma_simulation_seek (sim, 3));
  ma_simulation_step (sim, 7);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash_10);

  /* a free at tick 10 discards nothing before it and replays too */
  g_assert_true (ma_simulation_free (sim, pfn, &error));
  g_assert_no_error (error);
  ma_simulation_step (sim, 2);
  hash_10 = ma_machine_hash_state (m);
  g_assert_true (ma_simulation_seek (sim, 4));
  g_assert_true (ma_simulation_seek (sim, 12));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash_10);

  /* a free that cannot be done is refused and not recorded */
  g_assert_false (ma_simulation_free (sim, pfn, &error));
  g_assert_nonnull (error);
}

/* A recorder keeps the history of a machine moved on by someone else (a live view). */
static void
test_recorder (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(MaSimulation) rec = ma_simulation_new_recorder (m);
  g_autoptr(GError) error = NULL;
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 3, .node = -1, .start_zone = -1 };
  MaLoadSpec load = { .kind = MA_LOAD_HEAP, .name = (char *) "heap", .rate = 16, .node = -1 };
  guint zone = 0;
  gint64 before;
  guint64 pfn;

  g_assert_true (ma_simulation_is_recorder (rec));
  for (guint z = 0; z < ma_simulation_get_n_zones (rec); z++)
    if (ma_zone_get_zone_type (ma_simulation_get_zone (rec, z)) == MA_ZONE_DMA32)
      zone = z;

  ma_simulation_record (rec);
  before = ma_simulation_get_sample (rec, 0, zone)->free;
  g_assert_cmpint (before, ==, ma_zone_get_free_pages (ma_simulation_get_zone (rec, zone)));

  req.start_zone = MA_ZONE_DMA32;
  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  ma_simulation_record (rec);
  g_assert_cmpuint (ma_simulation_get_end (rec), ==, 2);
  g_assert_cmpuint (ma_simulation_get_tick (rec), ==, 2);
  g_assert_cmpint (ma_simulation_get_sample (rec, 1, zone)->free, <, before);

  /* nothing to replay: no seeking back, no stepping, no loads */
  g_assert_false (ma_simulation_seek (rec, 0));
  ma_simulation_step (rec, 5);
  g_assert_cmpuint (ma_simulation_get_end (rec), ==, 2);
  g_assert_false (ma_simulation_start_load (rec, &load, &error));
  g_assert_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/pressure/kswapd-wakes-at-low", test_kswapd_wakes_at_low);
  g_test_add_func ("/ma/pressure/kswapd-stops-at-high", test_kswapd_stops_at_high);
  g_test_add_func ("/ma/pressure/direct-reclaim-and-oom", test_direct_reclaim_and_oom);
  g_test_add_func ("/ma/pressure/swap", test_swap);
  g_test_add_func ("/ma/pressure/compaction", test_compaction);
  g_test_add_func ("/ma/pressure/scenarios-load", test_scenarios_load);
  g_test_add_func ("/ma/pressure/scenario-errors", test_scenario_errors);
  g_test_add_func ("/ma/pressure/replay-and-scrub", test_replay_and_scrub);
  g_test_add_func ("/ma/pressure/samples-and-timeline", test_samples_and_timeline);
  g_test_add_func ("/ma/pressure/recorder", test_recorder);
  g_test_add_func ("/ma/pressure/user-actions-replay", test_user_actions_replay);
  return g_test_run ();
}
