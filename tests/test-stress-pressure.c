/* test-stress-pressure.c: the stress test's pressure phases (loads started and stopped, ticks,
 * allocations between ticks, seeking back and forth) and its closing workload
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pressure phase runs a simulation over the machine as it was left by hand: processes grow
 * and get killed, files fill the page cache, kswapd and direct reclaim take it back, kmap tasks
 * fill the PKMAP window and sleep. The test's own allocations and frees go through the
 * simulation, which records them; so seeking back to an earlier tick and forward again must give
 * the same machine, digest for digest.
 */
#include "config.h"

#include "ma-workload.h"
#include "test-stress.h"

/* Each heap load adds a process and three owners, which the cheap checks walk. */
#define MAX_LOADS 96

static void
start_load (Stress *s)
{
  MaLoadSpec spec = { 0, };
  g_autofree char *name = g_strdup_printf ("load %u", s->loads);
  g_autoptr(GError) error = NULL;
  guint64 managed, unit, cap;
  guint nr_orders = ma_machine_get_nr_orders (s->m);

  ma_machine_get_total_pages (s->m, NULL, &managed, NULL);
  /* Pages per tick and pages held whatever the machine's size: a tick's cost follows them, and
   * every page left in the page cache is scanned again by each reclaim that cannot use it (a
   * GFP_DMA request rotates every page of the LRU lists, at every priority). */
  unit = 8 + stress_below (s, 24);
  cap = MIN (managed / 16, 2048);
  spec.kind = (MaLoadKind) stress_below (s, s->highmem ? MA_N_LOAD_KINDS : MA_LOAD_KMAP);
  spec.name = name;
  spec.node = stress_below (s, 3) == 0
                ? (gint) stress_below (s, ma_machine_get_n_nodes (s->m)) : -1;
  spec.oom_score_adj = (gint) stress_below (s, 2001) - 1000;
  switch (spec.kind)
    {
    case MA_LOAD_HEAP:
      spec.rate = unit * (1 + stress_below (s, 16));
      spec.limit = 1 + stress_below (s, cap);
      spec.touch = (double) stress_below (s, 20) / 100;
      break;
    case MA_LOAD_FILE:
      spec.size = 1 + stress_below (s, cap);
      spec.rate = unit * (1 + stress_below (s, 32));
      spec.passes = (guint) stress_below (s, 4);
      spec.write = stress_below (s, 3) == 0;
      break;
    case MA_LOAD_ATOMIC:
      spec.rate = 1 + stress_below (s, 32);
      spec.order = (guint) stress_below (s, MIN (4u, nr_orders));
      spec.lifetime = 1 + stress_below (s, 20);
      break;
    case MA_LOAD_FRAGMENT:
      spec.rate = unit * (1 + stress_below (s, 4));
      spec.limit = 1 + stress_below (s, cap / 8);
      spec.order = 3 + (guint) stress_below (s, ma_machine_get_pageblock_order (s->m));
      spec.order = MIN (spec.order, nr_orders - 1);
      spec.churn_ticks = stress_below (s, 30);
      break;
    case MA_LOAD_SLAB:
      spec.rate = unit * (1 + stress_below (s, 8));
      spec.limit = 1 + stress_below (s, cap / 2);
      spec.reclaimable = stress_below (s, 2) == 0;
      break;
    case MA_LOAD_KMAP:
      spec.rate = 1 + stress_below (s, 64);
      spec.limit = 16 + stress_below (s, 2048);
      spec.lifetime = 1 + stress_below (s, 10);
      break;
    case MA_N_LOAD_KINDS:
    default:
      g_assert_not_reached ();
    }
  if (!ma_simulation_start_load (s->sim, &spec, &error))
    stress_fail (s, "starting a load", error);
  s->loads++;
}

static void
stop_load (Stress *s)
{
  guint n = ma_simulation_get_n_loads (s->sim), running = 0, pick;

  for (guint i = 0; i < n; i++)
    {
      gboolean r;

      ma_simulation_get_load (s->sim, i, &r, NULL);
      running += r;
    }
  if (running == 0)
    return;
  pick = (guint) stress_below (s, running);
  for (guint i = 0; i < n; i++)
    {
      gboolean r;
      const MaLoadSpec *spec = ma_simulation_get_load (s->sim, i, &r, NULL);

      if (r && pick-- == 0)
        {
          if (!ma_simulation_stop_load (s->sim, spec->name))
            stress_fail (s, "a running load could not be stopped", NULL);
          return;
        }
    }
}

static void
sim_alloc (Stress *s)
{
  MaAllocRequest req;
  MaAllocResult res;

  stress_random_request (s, &req);
  if (ma_simulation_alloc (s->sim, &req, NULL, &res))
    stress_live_add (s, (StressBlock) { res.pfn, req.order });
}

static void
sim_free (Stress *s)
{
  g_autoptr(GError) error = NULL;
  guint64 pfn, head;
  guint order;
  MaFrameState state;

  if (!stress_random_page (s, TRUE, &pfn))
    return;
  g_assert_true (ma_machine_find_block (s->m, pfn, &head, &order, &state));
  if (ma_simulation_free (s->sim, pfn, &error))
    stress_live_remove (s, head);
  else
    stress_expect_busy (s, error);
}


/* Back to a random earlier tick and forward again: the same machine. */
static void
seek_and_return (Stress *s)
{
  guint64 now = ma_simulation_get_tick (s->sim), digest, target;

  if (now == 0)
    return;
  s->ops[OP_SEEK]++;
  digest = ma_machine_hash_state (s->m);
  target = stress_below (s, now);
  if (!ma_simulation_seek (s->sim, target))
    stress_fail (s, "seeking back into the recorded history was refused", NULL);
  stress_check (s, FALSE);
  if (!ma_simulation_seek (s->sim, now))
    stress_fail (s, "seeking forward to the present was refused", NULL);
  if (ma_machine_hash_state (s->m) != digest)
    {
      g_autofree char *what = g_strdup_printf ("seeking from tick %" G_GUINT64_FORMAT " back to %"
                                               G_GUINT64_FORMAT " and forward again gave "
                                               "another machine", now, target);

      stress_fail (s, what, NULL);
    }
}

void
stress_pressure (Stress   *s,
                 StressOp  op)
{
  if (s->sim == NULL)
    s->sim = ma_simulation_new (s->m);
  switch (op)
    {
    case OP_TICK:
      ma_simulation_step (s->sim, 1 + stress_below (s, 3));
      break;
    case OP_LOAD_START:
      if (s->loads < MAX_LOADS)
        start_load (s);
      break;
    case OP_LOAD_STOP:
      stop_load (s);
      break;
    case OP_SWAP:
      {
        guint64 managed;

        ma_machine_get_total_pages (s->m, NULL, &managed, NULL);
        ma_simulation_set_swap (s->sim, stress_below (s, managed / 4));
        break;
      }
    case OP_ALLOC:
      sim_alloc (s);
      break;
    case OP_FREE:
      sim_free (s);
      break;
    case OP_SEEK:
      seek_and_return (s);
      break;
    case OP_DRAIN:
    case OP_CPU:
    case OP_SYSCTL:
    case OP_KMAP:
    case OP_KUNMAP:
    case OP_KMAP_ATOMIC:
    case OP_KUNMAP_ATOMIC:
    case OP_KMAP_FLUSH:
    case OP_KMAP_CANCEL:
    case OP_KMAP_STORM:
    case OP_UNDO:
    case OP_REDO:
    case OP_HISTORY:
    case OP_WORKLOAD:
    case N_OPS:
    default:
      g_assert_not_reached ();
    }
}

/* Every load stops (its processes exit, its blocks and kmaps go back; page cache and slab
 * stay, as in the kernel) and the simulation goes; the machine is the test's again. */
void
stress_end_pressure (Stress *s)
{
  if (s->sim == NULL)
    return;
  for (guint i = 0; i < ma_simulation_get_n_loads (s->sim); i++)
    {
      gboolean running;
      const MaLoadSpec *spec = ma_simulation_get_load (s->sim, i, &running, NULL);

      if (running && !ma_simulation_stop_load (s->sim, spec->name))
        stress_fail (s, "a running load could not be stopped", NULL);
    }
  g_clear_object (&s->sim);
}

static gboolean
workload_check (MaMachine *m,
                guint64    op,
                gpointer   data)
{
  Stress *s = data;

  s->step = s->steps + op;
  s->op = OP_WORKLOAD;
  stress_check (s, FALSE);
  return TRUE;
}

/* The benchmark's workload, every operation checked. Its blocks are never freed: it runs last. */
void
stress_workload (Stress  *s,
                 guint64  ops)
{
  g_autoptr(MaWorkload) w = NULL;
  MaWorkloadStats stats = { 0, };

  w = ma_workload_new (s->m, stress_below (s, 2) ? MA_GFP_KERNEL : MA_GFP_HIGHUSER_MOVABLE,
                       0.2 + (double) stress_below (s, 40) / 100);
  ma_workload_set_check (w, 1, workload_check, s);
  /* no ma_workload_fill(): on the large machines that alone is millions of allocations */
  ma_workload_run (w, ops, &stats);
  g_assert_cmpuint (stats.ops, ==, ops);
  s->ops[OP_WORKLOAD] += stats.ops;
}
