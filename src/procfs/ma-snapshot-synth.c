/* ma-snapshot-synth.c: realistic snapshots of large machines, for benchmarks and tests
 *
 * A modern x86-64 machine (6.18 layout): the zoneinfo of ma_zoneinfo_synthesize(), and a
 * buddyinfo and a pagetypeinfo that agree with it to the page. The free memory of each zone is
 * cut as on a machine that has run for a while: most of it in max-order blocks, the rest spread
 * over the smaller orders with fewer pages at each lower order; a few percent of the pageblocks
 * are unmovable or reclaimable, and their free lists hold a matching share of the small blocks.
 * pagetypeinfo prints counts over 100000 as `>100000`, as the kernel does since ≈5.4.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot-synth"

#include "config.h"

#include "ma-snapshot-synth.h"
#include "ma-zoneinfo.h"

#define N_ORDERS     11
#define PB_ORDER     9
#define N_TYPES      6

static const char * const type_names[N_TYPES] = {
  "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/* Cuts free pages into blocks per order: about 70 % in order-10 blocks, the rest with each
 * lower order holding about two thirds of the pages of the order above. Exact to the page. */
static void
cut_free (guint64  free_pages,
          GRand   *rand,
          guint64 *counts)
{
  guint64 rest, left;
  double share = 0.25 + g_rand_double_range (rand, 0.0, 0.1);

  rest = (guint64) ((double) free_pages * share);
  left = free_pages;
  for (guint k = N_ORDERS - 1; k-- > 0;)
    {
      guint64 pages = rest / 3 + g_rand_int_range (rand, 0, 64);

      counts[k] = MIN (pages, left) >> k;
      left -= counts[k] << k;
      rest -= MIN (rest, pages);
    }
  counts[N_ORDERS - 1] = left >> (N_ORDERS - 1);
  left -= counts[N_ORDERS - 1] << (N_ORDERS - 1);
  counts[0] += left;   /* what is left: single pages */
}

static void
append_count (GString *s,
              guint64  v)
{
  if (v > 100000)
    g_string_append_printf (s, ">%6u ", 100000);
  else
    g_string_append_printf (s, "%6" G_GUINT64_FORMAT " ", v);
}

/**
 * ma_snapshot_synthesize:
 * @n_nodes: NUMA nodes (at least 1)
 * @bytes_per_node: memory per node (at least 8 GiB; node 0's includes its 4 GiB of DMA and DMA32)
 * @n_cpus: CPUs (at least 1)
 * @seed: seed of the random numbers
 *
 * Builds the snapshot of a machine that does not exist: zoneinfo, buddyinfo and pagetypeinfo
 * of an x86-64 machine running 6.18, self-consistent, deterministic for a seed.
 *
 * Returns: (transfer full): the snapshot
 */
MaSnapshot *
ma_snapshot_synthesize (guint    n_nodes,
                        guint64  bytes_per_node,
                        guint    n_cpus,
                        guint32  seed)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(GString) zoneinfo = NULL;
  g_autoptr(MaZoneinfo) zi = NULL;
  g_autoptr(GString) buddyinfo = g_string_new (NULL);
  g_autoptr(GString) pagetypeinfo = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x5eed);
  g_autoptr(GError) error = NULL;
  guint64 pages_per_node;

  n_nodes = MAX (n_nodes, 1);
  n_cpus = MAX (n_cpus, 1);
  pages_per_node = MAX (bytes_per_node, G_GUINT64_CONSTANT (8) << 30) >> 12;

  zoneinfo = ma_zoneinfo_synthesize (n_nodes, n_cpus, pages_per_node, seed);
  zi = ma_zoneinfo_parse (zoneinfo->str, (gssize) zoneinfo->len, "zoneinfo", &error);
  g_assert_no_error (error);

  for (guint n = 0; n < ma_zoneinfo_get_n_nodes (zi); n++)
    {
      const MaZoneinfoNode *node = ma_zoneinfo_get_node (zi, n);
      g_autoptr(GString) blocks = g_string_new (NULL);

      g_string_append_printf (pagetypeinfo, "Page block order: %d\nPages per block:  %d\n\n",
                              PB_ORDER, 1 << PB_ORDER);
      g_string_append_printf (pagetypeinfo, "%-43s ", "Free pages count per migrate type at order");
      for (guint k = 0; k < N_ORDERS; k++)
        g_string_append_printf (pagetypeinfo, "%6u ", k);
      g_string_append_c (pagetypeinfo, '\n');
      g_string_append_printf (blocks, "\n%-23s", "Number of blocks type ");
      for (guint t = 0; t < N_TYPES; t++)
        g_string_append_printf (blocks, "%12s ", type_names[t]);
      g_string_append_c (blocks, '\n');

      for (guint z = 0; z < node->n_zones; z++)
        {
          const MaZoneinfoZone *zone = &node->zones[z];
          guint64 counts[N_ORDERS] = { 0, };
          guint64 by_type[N_TYPES][N_ORDERS] = { { 0, } };
          guint64 pageblocks, unmovable, reclaimable;

          if (zone->present == 0)
            continue;
          cut_free (zone->free_pages, rand, counts);
          g_string_append_printf (buddyinfo, "Node %u, zone %8s ", node->id, zone->name);
          for (guint k = 0; k < N_ORDERS; k++)
            g_string_append_printf (buddyinfo, "%6" G_GUINT64_FORMAT " ", counts[k]);
          g_string_append_c (buddyinfo, '\n');

          /* small blocks: a share unmovable and reclaimable; max order: movable */
          for (guint k = 0; k < N_ORDERS; k++)
            {
              guint64 u = k < PB_ORDER ? counts[k] / 12 : 0;
              guint64 r = k < PB_ORDER ? counts[k] / 25 : 0;

              by_type[0][k] = u;
              by_type[2][k] = r;
              by_type[1][k] = counts[k] - u - r;
            }
          for (guint t = 0; t < N_TYPES; t++)
            {
              g_string_append_printf (pagetypeinfo, "Node %4u, zone %8s, type %12s ", node->id,
                                      zone->name, type_names[t]);
              for (guint k = 0; k < N_ORDERS; k++)
                append_count (pagetypeinfo, by_type[t][k]);
              g_string_append_c (pagetypeinfo, '\n');
            }

          pageblocks = (zone->spanned + (1 << PB_ORDER) - 1) >> PB_ORDER;
          unmovable = MAX (pageblocks / 40, 1);
          reclaimable = MAX (pageblocks / 90, 1);
          g_string_append_printf (blocks, "Node %u, zone %8s ", node->id, zone->name);
          g_string_append_printf (blocks, "%12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %12"
                                  G_GUINT64_FORMAT " %12u %12u %12u \n", unmovable,
                                  pageblocks - unmovable - reclaimable, reclaimable, 0, 0, 0);
        }
      g_string_append_len (pagetypeinfo, blocks->str, (gssize) blocks->len);
      g_string_append_c (pagetypeinfo, '\n');
    }

  ma_snapshot_add_part (snap, MA_PROCFS_KIND_ZONEINFO, zoneinfo->str, zoneinfo->len, "zoneinfo",
                        &error);
  g_assert_no_error (error);
  ma_snapshot_add_part (snap, MA_PROCFS_KIND_BUDDYINFO, buddyinfo->str, buddyinfo->len,
                        "buddyinfo", &error);
  g_assert_no_error (error);
  ma_snapshot_add_part (snap, MA_PROCFS_KIND_PAGETYPEINFO, pagetypeinfo->str, pagetypeinfo->len,
                        "pagetypeinfo", &error);
  g_assert_no_error (error);
  ma_snapshot_set_kernel_release (snap, "6.18.0-synthetic");
  ma_snapshot_set_machine (snap, "x86_64");
  ma_snapshot_set_page_size (snap, 4096);
  ma_snapshot_set_n_cpus (snap, n_cpus);
  ma_snapshot_set_source (snap, "synthetic snapshot");
  return g_steal_pointer (&snap);
}

/**
 * ma_snapshot_synthesize_bundle:
 * @n_nodes: NUMA nodes
 * @bytes_per_node: memory per node
 * @n_cpus: CPUs
 * @seed: seed of the random numbers
 *
 * ma_snapshot_synthesize() saved as a bundle: what `memory-atlas-cli capture` would write on
 * such a machine. 8 nodes of 128 GiB make the 1 TiB machine of `bench parse`.
 *
 * Returns: (transfer full): the bundle
 */
GBytes *
ma_snapshot_synthesize_bundle (guint    n_nodes,
                               guint64  bytes_per_node,
                               guint    n_cpus,
                               guint32  seed)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_synthesize (n_nodes, bytes_per_node, n_cpus, seed);

  return ma_snapshot_to_bundle (snap);
}
