/* ma-kernel.c: kernel versions and the kernel's formulas for reserves and watermarks
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The version boundaries come from ../shared/KERNEL.md (§1, §2, §4.6, §12). Where that table
 * marks a boundary as approximate ("≈"), the boundary here is the same approximation.
 */
#define G_LOG_DOMAIN "ma-kernel"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ma-kernel.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)
#define SWAP_CLUSTER_MAX 32

gboolean
ma_kernel_version_parse (const char      *text,
                         MaKernelVersion *out_version)
{
  guint64 part[3] = { 0, 0, 0 };
  const char *p = text;
  guint n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  while (*p == ' ' || *p == '\t')
    p++;

  /* "6.18", "6.18.44", "4.18.0-477.27.1.el8_8.x86_64", "2.6.24-rc1": the numeric prefix. */
  while (n < 3 && g_ascii_isdigit (*p))
    {
      char *end = NULL;

      part[n] = g_ascii_strtoull (p, &end, 10);
      if (end == p || part[n] > 255)
        return FALSE;
      n++;
      p = end;
      if (*p != '.')
        break;
      p++;
    }

  if (n < 2)
    return FALSE;

  /* 2.6.x kept the "2.6" prefix; everything else is major.minor.patch. */
  *out_version = MA_KERNEL_VERSION ((guint) part[0], (guint) part[1], (guint) part[2]);
  return TRUE;
}

char *
ma_kernel_version_to_string (MaKernelVersion version)
{
  guint a = version >> 16, b = (version >> 8) & 0xff, c = version & 0xff;

  if (a == 2 || c != 0)
    return g_strdup_printf ("%u.%u.%u", a, b, c);
  return g_strdup_printf ("%u.%u", a, b);
}

guint
ma_kernel_migratetype_order (MaKernelVersion  version,
                             gboolean         with_cma,
                             gboolean         with_isolate,
                             MaMigrateType   *out_types)
{
  guint n = 0;

  /* Mobility grouping (and /proc/pagetypeinfo) arrived in 2.6.24. */
  if (version < V (2, 6, 24))
    {
      out_types[n++] = MA_MIGRATE_UNMOVABLE;
      return n;
    }

  if (version < V (4, 4, 0))
    {
      out_types[n++] = MA_MIGRATE_UNMOVABLE;
      out_types[n++] = MA_MIGRATE_RECLAIMABLE;
      out_types[n++] = MA_MIGRATE_MOVABLE;
      out_types[n++] = MA_MIGRATE_RESERVE;
    }
  else
    {
      out_types[n++] = MA_MIGRATE_UNMOVABLE;
      out_types[n++] = MA_MIGRATE_MOVABLE;
      out_types[n++] = MA_MIGRATE_RECLAIMABLE;
      out_types[n++] = MA_MIGRATE_HIGHATOMIC;
    }
  if (with_cma)
    out_types[n++] = MA_MIGRATE_CMA;
  if (with_isolate)
    out_types[n++] = MA_MIGRATE_ISOLATE;
  return n;
}

/* int_sqrt() from lib/math/int_sqrt.c: the largest r with r*r <= x. */
guint64
ma_rules_isqrt (guint64 x)
{
  guint64 r = 0, bit = G_GUINT64_CONSTANT (1) << 62;

  while (bit > x)
    bit >>= 2;
  while (bit != 0)
    {
      if (x >= r + bit)
        {
          x -= r + bit;
          r = (r >> 1) + bit;
        }
      else
        r >>= 1;
      bit >>= 2;
    }
  return r;
}

/* mult_frac() as the kernel writes it, so that no intermediate product overflows. */
guint64
ma_rules_mult_frac (guint64 x,
                    guint64 numerator,
                    guint64 denominator)
{
  guint64 q = x / denominator, r = x % denominator;

  return q * numerator + (r * numerator) / denominator;
}

/* managed_pages appeared in 3.8; before that every formula counted present pages. */
gboolean
ma_rules_uses_managed_pages (MaKernelVersion version)
{
  return version >= V (3, 8, 0);
}

guint64
ma_rules_min_free_kbytes_cap (MaKernelVersion version)
{
  /* "mm/page_alloc: increase default min_free_kbytes bound" raised 64 MiB to 256 MiB in 5.7. */
  return version >= V (5, 7, 0) ? 262144 : 65536;
}

/* init_per_zone_wmark_min() / calculate_min_free_kbytes(): 4 * sqrt(lowmem in kB), clamped. */
guint64
ma_rules_default_min_free_kbytes (MaKernelVersion version,
                                  guint64         lowmem_kbytes)
{
  guint64 candidate = ma_rules_isqrt (lowmem_kbytes * 16);

  return CLAMP (candidate, 128, ma_rules_min_free_kbytes_cap (version));
}

/* Zones counted by nr_free_buffer_pages(): those a GFP_USER allocation may use. */
gboolean
ma_rules_zone_is_lowmem_for_buffers (MaZoneType type)
{
  return type <= MA_ZONE_NORMAL;
}

/*
 * set_recommended_min_free_kbytes() (mm/khugepaged.c, earlier mm/huge_memory.c): with THP on,
 * keep 2 + MIGRATE_PCPTYPES^2 = 11 pageblocks per zone free, at most 5 % of lowmem. Since about
 * 4.10 zones above ZONE_NORMAL are not counted ("don't count ZONE_MOVABLE"); before, every
 * populated zone was. nr_free_buffer_pages is Σ max(0, size - high) over the zones up to Normal,
 * with the watermarks in force when khugepaged starts.
 */
guint64
ma_rules_thp_min_free_kbytes (MaKernelVersion    version,
                              const MaRulesZone *zones,
                              guint              n_zones,
                              guint              pageblock_nr_pages,
                              guint              page_kbytes,
                              guint64            nr_free_buffer_pages,
                              guint64            current_min_free_kbytes)
{
  guint64 nr_zones = 0, recommended;

  for (guint i = 0; i < n_zones; i++)
    {
      if (zones[i].size == 0)
        continue;
      if (version >= V (4, 10, 0) && zones[i].type > MA_ZONE_NORMAL)
        continue;
      nr_zones++;
    }
  recommended = (guint64) pageblock_nr_pages * nr_zones * 2;
  recommended += (guint64) pageblock_nr_pages * nr_zones * MA_MIGRATE_PCPTYPES * MA_MIGRATE_PCPTYPES;
  recommended = MIN (recommended, nr_free_buffer_pages / 20);
  recommended *= page_kbytes;

  return MAX (recommended, current_min_free_kbytes);
}

/*
 * Zones whose min watermark is the clamp(size/1024, 32, 128) instead of a share of
 * min_free_kbytes: is_highmem() up to 6.5 (HighMem, and Movable carved out of HighMem); from 6.6
 * also every ZONE_MOVABLE ("fix min_free_kbytes calculation regarding ZONE_MOVABLE").
 */
gboolean
ma_rules_zone_is_capped (MaKernelVersion    version,
                         const MaRulesZone *zone)
{
  if (zone->type == MA_ZONE_HIGHMEM)
    return TRUE;
  if (zone->type == MA_ZONE_MOVABLE)
    return version >= V (6, 6, 0) || zone->movable_is_highmem;
  return FALSE;
}

guint
ma_rules_watermark_scale_factor_max (MaKernelVersion version)
{
  return version >= V (5, 17, 0) ? 3000 : 1000;
}

/*
 * __setup_per_zone_wmarks() (setup_per_zone_pages_min() before 2.6.31). out_wmarks receives
 * MA_N_WMARKS values per zone, without boost. Eras:
 *   2.6.11 … ≈2.6.15: low = min·5/4, high = min·6/4
 *   ≈2.6.16 … 4.5:    low = min + tmp/4, high = min + tmp/2
 *   4.6 …:            delta = max(tmp/4, size·wsf/10000); low = min + delta; high = low + delta
 *   6.0 …:            promo = high + delta
 */
void
ma_rules_watermarks (MaKernelVersion    version,
                     const MaRulesZone *zones,
                     guint              n_zones,
                     guint64            min_free_kbytes,
                     guint              page_kbytes,
                     guint              watermark_scale_factor,
                     guint64           *out_wmarks)
{
  guint64 pages_min = min_free_kbytes / page_kbytes;
  guint64 lowmem_pages = 0;

  for (guint i = 0; i < n_zones; i++)
    if (!ma_rules_zone_is_capped (version, &zones[i]))
      lowmem_pages += zones[i].size;

  for (guint i = 0; i < n_zones; i++)
    {
      guint64 *w = &out_wmarks[i * MA_N_WMARKS];
      guint64 size = zones[i].size;
      guint64 tmp = 0, min, delta;

      if (lowmem_pages > 0)
        {
          /* (u64)pages_min * size / lowmem_pages: 128-bit safe for any real machine, since
           * pages_min < 2^20 and size < 2^44. */
          tmp = pages_min * size / lowmem_pages;
        }

      if (ma_rules_zone_is_capped (version, &zones[i]))
        min = CLAMP (size / 1024, SWAP_CLUSTER_MAX, 128);
      else
        min = tmp;

      w[MA_WMARK_MIN] = min;
      if (version < V (2, 6, 16))
        {
          w[MA_WMARK_LOW] = min * 5 / 4;
          w[MA_WMARK_HIGH] = min * 6 / 4;
          w[MA_WMARK_PROMO] = w[MA_WMARK_HIGH];
          continue;
        }
      if (version < V (4, 6, 0))
        {
          w[MA_WMARK_LOW] = min + (tmp >> 2);
          w[MA_WMARK_HIGH] = min + (tmp >> 1);
          w[MA_WMARK_PROMO] = w[MA_WMARK_HIGH];
          continue;
        }

      delta = MAX (tmp >> 2, ma_rules_mult_frac (size, watermark_scale_factor, 10000));
      w[MA_WMARK_LOW] = min + delta;
      w[MA_WMARK_HIGH] = min + 2 * delta;
      w[MA_WMARK_PROMO] = version >= V (6, 0, 0) ? min + 3 * delta : w[MA_WMARK_HIGH];
    }
}

/*
 * The default vm.lowmem_reserve_ratio. Up to 4.15 the array had MAX_NR_ZONES - 1 entries:
 * 256 for DMA and DMA32, 32 for Normal when HighMem is configured, and 32 for the last entry.
 * From 4.16 it has MAX_NR_ZONES entries: DMA 256, DMA32 256, Normal 32, HighMem 0, Movable 0.
 * Returns the number of entries written.
 */
guint
ma_rules_default_lowmem_reserve_ratio (MaKernelVersion   version,
                                       const MaZoneType *configured,
                                       guint             n_configured,
                                       guint            *out_ratio)
{
  if (version < V (4, 16, 0))
    {
      guint n = n_configured > 0 ? n_configured - 1 : 0;

      for (guint i = 0; i < n; i++)
        out_ratio[i] = (configured[i] == MA_ZONE_DMA || configured[i] == MA_ZONE_DMA32) ? 256 : 32;
      return n;
    }

  for (guint i = 0; i < n_configured; i++)
    {
      switch (configured[i])
        {
        case MA_ZONE_DMA:
        case MA_ZONE_DMA32:
          out_ratio[i] = 256;
          break;
        case MA_ZONE_NORMAL:
          out_ratio[i] = 32;
          break;
        case MA_ZONE_HIGHMEM:
        case MA_ZONE_MOVABLE:
        case MA_ZONE_DEVICE:
        case MA_N_ZONE_TYPES:
        default:
          out_ratio[i] = 0;
          break;
        }
    }
  return n_configured;
}

/*
 * setup_per_zone_lowmem_reserve() for one node. managed[] and the result are indexed by zone
 * index (position among the configured zone types); out_reserve is n_zones × n_zones,
 * out_reserve[i * n_zones + j] = zone i's protection against a request whose highest zone is j.
 * ratio has n_ratio entries (n_zones - 1 before 4.16); missing entries count as 0.
 */
void
ma_rules_lowmem_reserve (MaKernelVersion  version,
                         guint            n_zones,
                         const guint64   *managed,
                         const guint     *ratio,
                         guint            n_ratio,
                         guint64         *out_reserve)
{
  memset (out_reserve, 0, sizeof (guint64) * n_zones * n_zones);

  for (guint j = 0; j < n_zones; j++)
    {
      guint64 pages = managed[j];

      for (guint idx = j; idx-- > 0;)
        {
          guint r = idx < n_ratio ? ratio[idx] : 0;
          guint64 *res = &out_reserve[idx * n_zones + j];

          if (version >= V (5, 14, 0))
            break; /* handled below, from the lower zone's side */

          if (version < V (4, 16, 0))
            {
              /* Ratios below 1 were forced to 1. */
              *res = pages / MAX (r, 1);
            }
          else if (version < V (5, 8, 0))
            {
              *res = r < 1 ? 0 : pages / r;
            }
          else
            {
              /* 5.8 … 5.13: an empty lower zone or a zero ratio is skipped, and (the bug fixed
               * in 5.14) its pages are then not added to the running sum either. */
              if (r == 0 || managed[idx] == 0)
                {
                  *res = 0;
                  continue;
                }
              *res = pages / r;
            }
          pages += managed[idx];
        }
    }

  if (version < V (5, 14, 0))
    return;

  /* 5.14 … (f7ec104458e0 and the stable backports): protection[j] of zone i is the sum of the
   * managed pages of zones i+1 … j divided by ratio[i]; cleared when ratio[i] is 0 or zone i
   * is empty. The top zone is never processed. */
  for (guint i = 0; i + 1 < n_zones; i++)
    {
      guint r = i < n_ratio ? ratio[i] : 0;
      gboolean clear = r == 0 || managed[i] == 0;
      guint64 acc = 0;

      for (guint j = i + 1; j < n_zones; j++)
        {
          acc += managed[j];
          out_reserve[i * n_zones + j] = clear ? 0 : acc / r;
        }
    }
}

/* boost_watermark(): the ceiling of watermark_boost, in pages (0 when boosting is off). */
guint64
ma_rules_max_watermark_boost (guint64 high_wmark,
                              guint   watermark_boost_factor,
                              guint   pageblock_nr_pages)
{
  guint64 max_boost = ma_rules_mult_frac (high_wmark, watermark_boost_factor, 10000);

  if (max_boost == 0)
    return 0;
  return MAX (max_boost, pageblock_nr_pages);
}

static guint64
rounddown_pow_of_two (guint64 x)
{
  guint64 r = 1;

  if (x == 0)
    return 0;
  while (r <= x / 2)
    r <<= 1;
  return r;
}

/*
 * zone_batchsize(): about a quarter of a 1/1024 share of the zone, at most 1 MiB of pages
 * (512 KiB up to 4.17), rounded to 2^n - 1. Returns the raw batch, which may be 0 for tiny zones;
 * the kernel prints max(1, batch).
 */
guint
ma_rules_pcp_batch (MaKernelVersion version,
                    guint64         size,
                    guint           page_size)
{
  guint64 cap = version >= V (4, 18, 0) ? 1024 * 1024 : 512 * 1024;
  guint64 batch = size / 1024;

  if (batch * page_size > cap)
    batch = cap / page_size;
  batch /= 4;
  if (batch < 1)
    batch = 1;
  return (guint) (rounddown_pow_of_two (batch + batch / 2) - 1);
}

/*
 * The per-CPU list limit. Up to 5.13 high = 6 × batch. 5.14 … 6.6: high = max(4·batch,
 * low / cpus of the node). From 6.7 the kernel tunes high at run time between high_min (the 5.14
 * value) and high_max = max(4·batch, managed / 8 / cpus); the engine starts at high_min.
 */
void
ma_rules_pcp_high (MaKernelVersion version,
                   guint           batch,
                   guint64         low_wmark,
                   guint64         managed,
                   guint           ncpus_on_node,
                   guint          *out_high,
                   guint          *out_high_min,
                   guint          *out_high_max)
{
  guint nb = MAX (batch, 1u);
  guint ncpu = MAX (ncpus_on_node, 1u);
  guint64 high_min, high_max;

  if (version < V (5, 14, 0))
    {
      *out_high = 6 * batch;
      *out_high_min = *out_high_max = *out_high;
      return;
    }

  high_min = MAX ((guint64) nb * 4, low_wmark / ncpu);
  high_max = version >= V (6, 7, 0) ? MAX ((guint64) nb * 4, managed / 8 / ncpu) : high_min;
  *out_high = (guint) MIN (high_min, G_MAXINT);
  *out_high_min = (guint) MIN (high_min, G_MAXINT);
  *out_high_max = (guint) MIN (high_max, G_MAXINT);
}
