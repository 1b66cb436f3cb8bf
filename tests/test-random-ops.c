/* test-random-ops.c: random allocations and frees keep every invariant, on every preset
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step is a random request (GFP flags, order, preferred node and zone) or the free of a
 * random live block, a drain of the per-CPU lists, a CPU switch or a sysctl change. After every
 * step the cheap per-zone invariants are checked; every few thousand steps and at the end the
 * full O(frames) check walks every list and every frame. A million steps run on the small
 * presets, fewer on the large ones (MA_STRESS_SCALE scales them). At the end everything is
 * freed: the machine must return to all-free. test-stress.c adds kmaps, loads, undo and redo.
 */
#include "config.h"

#include "ma-test-machines.h"

typedef struct
{
  const char *preset;
  guint64     steps;
  guint64     full_every;
} RandomCase;

typedef struct
{
  guint64 pfn;
  guint   order;
} Live;

static const MaGfp gfps[] = {
  MA_GFP_KERNEL,
  MA_GFP_KERNEL,
  MA_GFP_KERNEL | MA___GFP_RECLAIMABLE,
  MA_GFP_ATOMIC,
  MA_GFP_NOWAIT,
  MA_GFP_USER,
  MA_GFP_HIGHUSER,
  MA_GFP_HIGHUSER_MOVABLE,
  MA_GFP_HIGHUSER_MOVABLE,
  MA_GFP_KERNEL | MA_GFP_DMA,
  MA_GFP_KERNEL | MA_GFP_DMA32,
  MA_GFP_ATOMIC | MA___GFP_DMA32,
  MA_GFP_KERNEL | MA___GFP_THISNODE,
  MA_GFP_KERNEL | MA___GFP_NORETRY,
};

static guint
random_order (MaMachine *m)
{
  guint r = (guint) ma_machine_random_below (m, 1000);
  guint max = ma_machine_get_nr_orders (m) - 1;

  if (r < 700)
    return 0;
  if (r < 950)
    return 1 + (guint) ma_machine_random_below (m, 3);
  return (guint) ma_machine_random_below (m, max + 1);
}

static void
check_placement (MaMachine            *m,
                 const MaAllocRequest *req,
                 const MaAllocResult  *res)
{
  MaZone *zone = ma_machine_zone_of_pfn (m, res->pfn);

  g_assert_nonnull (zone);
  g_assert_true (zone == res->zone);
  g_assert_cmpuint (res->pfn & ((G_GUINT64_CONSTANT (1) << req->order) - 1), ==, 0);
  g_assert_true (ma_zone_contains (zone, res->pfn + (G_GUINT64_CONSTANT (1) << req->order) - 1));
  /* never above the highest zone the flags allow */
  g_assert_cmpint (ma_zone_get_zone_type (zone), <=, res->highest_zone);
  if ((req->gfp & MA___GFP_THISNODE) && req->node >= 0)
    g_assert_cmpuint (ma_node_get_index (ma_zone_get_node (zone)), ==, (guint) req->node);
}

/* MA_STRESS_SCALE multiplies the step counts (the valgrind setup runs a few percent). */
static guint64
scaled (guint64 steps)
{
  const char *scale = g_getenv ("MA_STRESS_SCALE");

  if (scale == NULL)
    return steps;
  return MAX ((guint64) (g_ascii_strtod (scale, NULL) * (double) steps), 1);
}

static void
test_random (gconstpointer data)
{
  const RandomCase *c = data;
  guint64 steps = scaled (c->steps);
  g_autoptr(MaMachine) m = ma_test_machine_preset (c->preset, 42);
  g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (Live));
  guint64 managed, free0, free1, allocs = 0, failures = 0;
  guint n_nodes = ma_machine_get_n_nodes (m);

  ma_machine_get_total_pages (m, NULL, &managed, &free0);

  for (guint64 step = 0; step < steps; step++)
    {
      guint64 r = ma_machine_random_below (m, 1000);
      guint64 used;

      ma_machine_get_total_pages (m, NULL, NULL, &used);
      used = managed - used;

      if (r < 520 || live->len == 0)
        {
          MaAllocRequest req = { 0, };
          MaAllocResult res;

          req.gfp = gfps[ma_machine_random_below (m, G_N_ELEMENTS (gfps))];
          req.order = random_order (m);
          req.node = ma_machine_random_below (m, 4) == 0 ? -1
                     : (gint) ma_machine_random_below (m, n_nodes);
          req.start_zone = ma_machine_random_below (m, 8) == 0
                             ? (gint) ma_machine_random_below (m, MA_N_ZONE_TYPES) : -1;
          /* keep about a quarter of the machine free so that large requests still succeed */
          if (used > managed * 3 / 4 && ma_machine_random_below (m, 2) == 0)
            goto free_one;
          if (ma_machine_alloc (m, &req, NULL, &res))
            {
              Live l = { res.pfn, req.order };

              check_placement (m, &req, &res);
              g_array_append_val (live, l);
              allocs++;
            }
          else
            failures++;
        }
      else if (r < 985)
        {
          guint64 i;
          Live l;
          g_autoptr(GError) error = NULL;

free_one:
          if (live->len == 0)
            continue;
          i = ma_machine_random_below (m, live->len);
          l = g_array_index (live, Live, i);
          g_array_remove_index_fast (live, (guint) i);
          /* any frame of the block names it */
          g_assert_true (ma_machine_free (m, l.pfn + ma_machine_random_below (m, 1u << l.order),
                                          &error));
          g_assert_no_error (error);
        }
      else if (r < 990)
        ma_machine_drain_pcp (m);
      else if (r < 997)
        ma_machine_set_current_cpu (m, (guint) ma_machine_random_below (m, ma_machine_get_n_cpus (m)));
      else
        g_assert_true (ma_machine_set_watermark_scale_factor (m, 1 + (guint) ma_machine_random_below (m, 200),
                                                              NULL));

      for (guint n = 0; n < n_nodes; n++)
        {
          MaNode *node = ma_machine_get_node (m, n);

          for (guint z = 0; z < ma_node_get_n_zones (node); z++)
            {
              g_autoptr(GError) error = NULL;

              if (!ma_machine_check_zone_local (m, ma_node_get_zone (node, z), &error))
                g_error ("step %" G_GUINT64_FORMAT ": %s", step, error->message);
            }
        }
      if ((step + 1) % c->full_every == 0)
        ma_test_assert_consistent (m, TRUE);
    }
  ma_test_assert_consistent (m, TRUE);
  g_test_message ("%s: %" G_GUINT64_FORMAT " allocations, %" G_GUINT64_FORMAT " failures, %u live",
                  c->preset, allocs, failures, live->len);
  g_assert_cmpuint (allocs, >, steps / 4);

  /* free everything: all managed memory comes back */
  for (guint i = 0; i < live->len; i++)
    g_assert_true (ma_machine_free (m, g_array_index (live, Live, i).pfn, NULL));
  ma_machine_drain_pcp (m);
  ma_test_assert_consistent (m, TRUE);
  ma_machine_get_total_pages (m, NULL, NULL, &free1);
  g_assert_cmpuint (free1, ==, free0);
}

static const RandomCase cases[] = {
  { "tiny-64m", 1000000, 5000 },
  { "i386-highmem-1g", 1000000, 50000 },
  { "i386-pae-8g", 200000, 100000 },
  { "x86_64-16g", 200000, 100000 },
  { "numa-2node-64g", 100000, 100000 },
  { "arm64-4node-256g", 100000, 50000 },
  { "x86_64-1t", 20000, 20000 },
};

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ma/random-ops/%s", cases[i].preset);
      g_test_add_data_func (path, &cases[i], test_random);
    }
  return g_test_run ();
}
