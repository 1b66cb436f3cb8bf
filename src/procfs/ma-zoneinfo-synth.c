/* ma-zoneinfo-synth.c: a synthetic /proc/zoneinfo in the 6.18 layout, for benchmarks and tests
 *
 * The text follows a live 6.18 x86-64 file line for line (KERNEL.md §8.3 E10, §10): every node
 * prints DMA, DMA32, Normal, Movable and Device; node 0 holds DMA and DMA32, the others only
 * Normal; the first populated zone of each node carries the per-node stats; populated zones
 * have one pageset per CPU. The numbers are self-consistent (nr_free_pages = pages free,
 * watermarks from min_free_kbytes as in §1.2, protection as in §2.1, pcp high_min/high_max and
 * vm stats threshold as in §1.5 and §4.6) but otherwise random, from @seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-zoneinfo-synth"

#include "config.h"

#include "ma-zoneinfo.h"

static const char * const node_stats[] = {
  "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file", "nr_unevictable",
  "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
  "workingset_nodes", "workingset_refault_anon", "workingset_refault_file",
  "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
  "workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages", "nr_mapped",
  "nr_file_pages", "nr_dirty", "nr_writeback", "nr_shmem", "nr_shmem_hugepages",
  "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
  "nr_anon_transparent_hugepages", "nr_vmscan_write", "nr_vmscan_immediate_reclaim",
  "nr_dirtied", "nr_written", "nr_throttled_written", "nr_kernel_misc_reclaimable",
  "nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack", "nr_page_table_pages",
  "nr_sec_page_table_pages", "nr_iommu_pages", "nr_swapcached", "pgpromote_success",
  "pgpromote_candidate", "pgpromote_candidate_nrl", "pgdemote_kswapd", "pgdemote_direct",
  "pgdemote_khugepaged", "pgdemote_proactive", "nr_hugetlb", "nr_balloon_pages",
  "nr_kernel_file_pages",
};

static const char * const zone_stats[] = {
  "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
  "nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock",
  "nr_zspages", "nr_free_cma", "numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
  "numa_local", "numa_other",
};

enum { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE, ZONE_DEVICE, N_ZONES };

static const char * const zone_names[N_ZONES] = {
  "     DMA", "   DMA32", "  Normal", " Movable", "  Device",
};

typedef struct
{
  guint64 start_pfn;
  guint64 spanned;
  guint64 present;
  guint64 managed;
  guint64 free;
  guint64 min;
  guint64 low;
  guint64 high;
  guint64 promo;
  gint64  protection[N_ZONES];
} Zone;

static guint
fls64 (guint64 v)
{
  guint n = 0;

  while (v != 0)
    {
      n++;
      v >>= 1;
    }
  return n;
}

static guint64
isqrt (guint64 v)
{
  guint64 r = 0;
  guint64 bit = G_GUINT64_CONSTANT (1) << 62;

  while (bit > v)
    bit >>= 2;
  while (bit != 0)
    {
      if (v >= r + bit)
        {
          v -= r + bit;
          r = (r >> 1) + bit;
        }
      else
        r >>= 1;
      bit >>= 2;
    }
  return r;
}

/**
 * ma_zoneinfo_synthesize:
 * @n_nodes: number of NUMA nodes (at least 1)
 * @n_cpus: number of CPUs (at least 1); each populated zone prints one pageset per CPU
 * @pages_per_node: 4 KiB pages of memory per node (node 0's includes its 4 GiB of DMA/DMA32)
 * @seed: seed of the random counters
 *
 * Builds a realistic /proc/zoneinfo of a modern (6.18) x86-64 machine. A 4-node, 1024-CPU
 * machine gives about 1.2 MB of text, almost all pagesets: the input of `bench parse`.
 *
 * Returns: (transfer full): the text
 */
GString *
ma_zoneinfo_synthesize (guint    n_nodes,
                        guint    n_cpus,
                        guint64  pages_per_node,
                        guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree Zone *zones = NULL;
  GString *out;
  guint64 lowmem_pages = 0;
  guint64 min_free_kbytes;
  const guint64 ratio[N_ZONES] = { 256, 256, 32, 0, 0 };
  guint cpus_per_node;

  n_nodes = MAX (n_nodes, 1);
  n_cpus = MAX (n_cpus, 1);
  pages_per_node = MAX (pages_per_node, G_GUINT64_CONSTANT (2) << 20);
  cpus_per_node = MAX (n_cpus / n_nodes, 1);
  zones = g_new0 (Zone, n_nodes * N_ZONES);

  /* layout: node 0 = DMA (pfn 1 … 4095), DMA32 (… 4 GiB), Normal; node k = Normal only */
  {
    guint64 next_pfn = 0;

    for (guint n = 0; n < n_nodes; n++)
      {
        Zone *z = &zones[n * N_ZONES];

        if (n == 0)
          {
            z[ZONE_DMA].start_pfn = 1;
            z[ZONE_DMA].spanned = 4095;
            z[ZONE_DMA].present = 3998;
            z[ZONE_DMA].managed = 3840;
            z[ZONE_DMA32].start_pfn = 4096;
            z[ZONE_DMA32].spanned = 1044480;
            z[ZONE_DMA32].present = 782336;
            z[ZONE_DMA32].managed = 782336 - 9000 - g_rand_int_range (rand, 0, 1000);
            z[ZONE_NORMAL].start_pfn = 1048576;
            z[ZONE_NORMAL].spanned = pages_per_node - 1048576;
            next_pfn = 1048576 + z[ZONE_NORMAL].spanned;
          }
        else
          {
            z[ZONE_NORMAL].start_pfn = next_pfn;
            z[ZONE_NORMAL].spanned = pages_per_node;
            next_pfn += pages_per_node;
          }
        z[ZONE_NORMAL].present = z[ZONE_NORMAL].spanned;
        z[ZONE_NORMAL].managed = z[ZONE_NORMAL].present - z[ZONE_NORMAL].present / 64 -
                                 g_rand_int_range (rand, 0, 4096);
        for (guint k = ZONE_DMA; k <= ZONE_NORMAL; k++)
          lowmem_pages += z[k].managed;
      }
  }

  /* §1.1, §1.2: min_free_kbytes, then per-zone min/low/high/promo (6.6+ rules) */
  min_free_kbytes = CLAMP (isqrt (lowmem_pages * 4 * 16), 128, 262144);
  for (guint n = 0; n < n_nodes; n++)
    for (guint k = 0; k < N_ZONES; k++)
      {
        Zone *z = &zones[n * N_ZONES + k];
        guint64 pages_min = min_free_kbytes / 4;
        guint64 tmp = lowmem_pages ? pages_min * z->managed / lowmem_pages : 0;
        guint64 delta;

        if (k == ZONE_MOVABLE)
          tmp = CLAMP (z->managed / 1024, 32, 128);
        z->min = tmp;
        delta = MAX (tmp / 4, (z->managed / 10000) * 10 + ((z->managed % 10000) * 10) / 10000);
        if (k == ZONE_MOVABLE)
          delta = 0;
        z->low = z->min + delta;
        z->high = z->low + delta;
        z->promo = z->high + delta;
        if (z->managed > 0)
          z->free = z->managed / 2 +
                    g_rand_int_range (rand, 0, (gint32) MIN (z->managed / 4 + 1, G_MAXINT32));
      }

  /* §2.1: protection[j] of zone i = Σ managed(i+1 … j) / ratio[i] */
  for (guint n = 0; n < n_nodes; n++)
    for (guint i = 0; i + 1 < N_ZONES; i++)
      {
        Zone *z = &zones[n * N_ZONES];
        guint64 acc = 0;

        for (guint j = i + 1; j < N_ZONES; j++)
          {
            acc += z[j].managed;
            z[i].protection[j] = (ratio[i] == 0 || z[i].managed == 0) ? 0
                                                                       : (gint64) (acc / ratio[i]);
          }
      }

  out = g_string_sized_new ((gsize) n_nodes * 3 * n_cpus * 200 + 65536);

  for (guint n = 0; n < n_nodes; n++)
    {
      gboolean stats_printed = FALSE;

      for (guint k = 0; k < N_ZONES; k++)
        {
          const Zone *z = &zones[n * N_ZONES + k];
          guint64 nr_cpus_node = MIN (cpus_per_node, n_cpus);
          guint64 mem = z->managed >> 15;                     /* units of 128 MiB */
          guint threshold = MIN (125, 2 * fls64 (n_cpus) * (1 + fls64 (mem)));
          guint64 high_min = MAX (4, z->low / nr_cpus_node);
          guint64 high_max = MAX (high_min, z->managed / 8 / nr_cpus_node);

          g_string_append_printf (out, "Node %u, zone %s", n, zone_names[k]);
          if (z->present > 0 && !stats_printed)
            {
              g_string_append (out, "\n  per-node stats");
              for (guint i = 0; i < G_N_ELEMENTS (node_stats); i++)
                g_string_append_printf (out, "\n      %-12s %u", node_stats[i],
                                        g_rand_int_range (rand, 0, 1 << 20));
              stats_printed = TRUE;
            }
          g_string_append_printf (out,
                                  "\n  pages free     %" G_GUINT64_FORMAT
                                  "\n        boost    0"
                                  "\n        min      %" G_GUINT64_FORMAT
                                  "\n        low      %" G_GUINT64_FORMAT
                                  "\n        high     %" G_GUINT64_FORMAT
                                  "\n        promo    %" G_GUINT64_FORMAT
                                  "\n        spanned  %" G_GUINT64_FORMAT
                                  "\n        present  %" G_GUINT64_FORMAT
                                  "\n        managed  %" G_GUINT64_FORMAT
                                  "\n        cma      0"
                                  "\n        protection: (",
                                  z->free, z->min, z->low, z->high, z->promo, z->spanned,
                                  z->present, z->managed);
          for (guint j = 0; j < N_ZONES; j++)
            g_string_append_printf (out, "%s%" G_GINT64_FORMAT, j ? ", " : "", z->protection[j]);
          g_string_append_c (out, ')');

          if (z->present == 0)
            {
              g_string_append_c (out, '\n');
              continue;
            }

          g_string_append_printf (out, "\n      %-12s %" G_GUINT64_FORMAT, "nr_free_pages",
                                  z->free);
          g_string_append_printf (out, "\n      %-12s %" G_GUINT64_FORMAT, "nr_free_pages_blocks",
                                  z->free - z->free % 1024);
          for (guint i = 0; i < G_N_ELEMENTS (zone_stats); i++)
            g_string_append_printf (out, "\n      %-12s %u", zone_stats[i],
                                    g_rand_int_range (rand, 0, 1 << 24));

          g_string_append (out, "\n  pagesets");
          for (guint c = 0; c < n_cpus; c++)
            {
              /* An idle machine, as real dumps show it: the kernel decays pcp->high to
               * high_min when the lists are not drained by a busy CPU, and count is below it. */
              guint64 high = high_min;
              guint64 count = g_rand_int_range (rand, 0, (gint32) MIN (high + 1, G_MAXINT32));

              g_string_append_printf (out,
                                      "\n    cpu: %u"
                                      "\n              count:    %" G_GUINT64_FORMAT
                                      "\n              high:     %" G_GUINT64_FORMAT
                                      "\n              batch:    %u"
                                      "\n              high_min: %" G_GUINT64_FORMAT
                                      "\n              high_max: %" G_GUINT64_FORMAT
                                      "\n  vm stats threshold: %u",
                                      c, count, high, k == ZONE_DMA ? 1 : 63, high_min, high_max,
                                      threshold);
            }
          g_string_append_printf (out,
                                  "\n  node_unreclaimable:  0"
                                  "\n  start_pfn:           %" G_GUINT64_FORMAT "\n",
                                  z->start_pfn);
        }
    }

  return out;
}
