/* test-kernel-rules.c: the kernel's formulas reproduce real machines exactly
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are copied from real /proc/zoneinfo dumps (../shared/snapshots, named per case)
 * and from the worked example of ../shared/KERNEL.md §10, validated there against a live 6.18
 * kernel. Each case gives the zones' sizes (managed pages, or present pages before 3.8) and
 * checks min/low/high (promo) and the protection arrays the kernel printed.
 */
#include "config.h"

#include "ma-kernel.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

static void
test_isqrt (void)
{
  g_assert_cmpuint (ma_rules_isqrt (0), ==, 0);
  g_assert_cmpuint (ma_rules_isqrt (1), ==, 1);
  g_assert_cmpuint (ma_rules_isqrt (15), ==, 3);
  g_assert_cmpuint (ma_rules_isqrt (16), ==, 4);
  g_assert_cmpuint (ma_rules_isqrt (G_GUINT64_CONSTANT (1) << 62), ==, G_GUINT64_CONSTANT (1) << 31);
  g_assert_cmpuint (ma_rules_isqrt (G_MAXUINT64), ==, G_GUINT64_CONSTANT (4294967295));
  for (guint64 x = 0; x < 100000; x += 7)
    {
      guint64 r = ma_rules_isqrt (x);

      g_assert_cmpuint (r * r, <=, x);
      g_assert_cmpuint ((r + 1) * (r + 1), >, x);
    }
}

static void
test_mult_frac (void)
{
  g_assert_cmpuint (ma_rules_mult_frac (772917, 10, 10000), ==, 772);
  g_assert_cmpuint (ma_rules_mult_frac (5394266, 10, 10000), ==, 5394);
  g_assert_cmpuint (ma_rules_mult_frac (G_MAXUINT64 / 2, 3000, 10000), ==,
                    (G_MAXUINT64 / 2 / 10000) * 3000 + ((G_MAXUINT64 / 2 % 10000) * 3000) / 10000);
}

/* The table in the comment above calculate_min_free_kbytes(). */
static void
test_min_free_kbytes_table (void)
{
  static const struct { guint64 lowmem_mb, kbytes; } table[] = {
    { 16, 512 }, { 64, 1024 }, { 256, 2048 }, { 1024, 4096 }, { 4096, 8192 }, { 16384, 16384 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpuint (ma_rules_default_min_free_kbytes (V (6, 18, 0), table[i].lowmem_mb * 1024),
                      ==, table[i].kbytes);
  /* the clamps: 128 kB below, 64 MiB up to 5.6 and 256 MiB from 5.7 */
  g_assert_cmpuint (ma_rules_default_min_free_kbytes (V (6, 18, 0), 100), ==, 128);
  g_assert_cmpuint (ma_rules_default_min_free_kbytes (V (4, 19, 0), G_GUINT64_CONSTANT (1) << 40), ==,
                    65536);
  g_assert_cmpuint (ma_rules_default_min_free_kbytes (V (6, 18, 0), G_GUINT64_CONSTANT (1) << 40), ==,
                    262144);
}

typedef struct
{
  MaZoneType type;
  guint64    size;
  guint64    min, low, high, promo;
  guint64    protection[MA_N_ZONE_TYPES];
} ZoneCase;

typedef struct
{
  const char      *source;
  MaKernelVersion  kernel;
  guint64          min_free_kbytes;  /* 0: the default formula */
  gboolean         thp;
  guint            pageblock_nr_pages;
  guint            n_zones;
  ZoneCase         zones[MA_N_ZONE_TYPES];
} MachineCase;

static const MachineCase cases[] = {
  { "KERNEL.md §10 (live 6.18.44 x86-64, THP madvise)", V (6, 18, 0), 0, TRUE, 512, 5, {
      { MA_ZONE_DMA, 3840, 10, 13, 16, 19, { 0, 3019, 24090, 24090, 24090 } },
      { MA_ZONE_DMA32, 772917, 2116, 2888, 3660, 4432, { 0, 0, 21071, 21071, 21071 } },
      { MA_ZONE_NORMAL, 5394266, 14769, 20163, 25557, 30951, { 0, 0, 0, 0, 0 } },
      { MA_ZONE_MOVABLE, 0, 32, 32, 32, 32, { 0, 0, 0, 0, 0 } },
      { MA_ZONE_DEVICE, 0, 0, 0, 0, 0, { 0, 0, 0, 0, 0 } } } },
  { "linuxmm-2005-mdamm-i386-p4-2.6.14-highmem", V (2, 6, 14), 0, FALSE, 1024, 3, {
      { MA_ZONE_DMA, 4096, 17, 21, 25, 25, { 0, 880, 998 } },
      { MA_ZONE_NORMAL, 225280, 939, 1173, 1408, 1408, { 0, 0, 948 } },
      { MA_ZONE_HIGHMEM, 30342, 32, 40, 48, 48, { 0, 0, 0 } } } },
  { "github-d2000-arm720t-2.6.16-dma-only", V (2, 6, 16), 0, FALSE, 1024, 4, {
      { MA_ZONE_DMA, 8192, 181, 226, 271, 271, { 0, 0, 0, 0 } },
      { MA_ZONE_DMA32, 0, 0, 0, 0, 0, { 0, 0, 0, 0 } },
      { MA_ZONE_NORMAL, 0, 0, 0, 0, 0, { 0, 0, 0, 0 } },
      { MA_ZONE_HIGHMEM, 0, 32, 32, 32, 32, { 0, 0, 0, 0 } } } },
  { "linuxmm-2007-i386pae-12G-4cpu-2.6.2x-highmem-preoom", V (2, 6, 23), 0, FALSE, 512, 3, {
      { MA_ZONE_DMA, 4064, 17, 21, 25, 25, { 0, 873, 12176 } },
      { MA_ZONE_NORMAL, 223520, 936, 1170, 1404, 1404, { 0, 0, 90424 } },
      { MA_ZONE_HIGHMEM, 2893568, 128, 3160, 6192, 6192, { 0, 0, 0 } } } },
  { "github-goclever-tablet-android-arm-3.4.5-highmem", V (3, 4, 5), 0, FALSE, 1024, 3, {
      { MA_ZONE_NORMAL, 121412, 696, 870, 1044, 1044, { 0, 4038, 4038 } },
      { MA_ZONE_HIGHMEM, 129238, 126, 311, 496, 496, { 0, 0, 0 } },
      { MA_ZONE_MOVABLE, 0, 0, 0, 0, 0, { 0, 0, 0 } } } },
  { "github-xilinx-zynq-armv7-2cpu-4.4.0-cma", V (4, 4, 0), 0, FALSE, 1024, 3, {
      { MA_ZONE_NORMAL, 63077, 502, 627, 753, 753, { 0, 0, 0 } },
      { MA_ZONE_HIGHMEM, 0, 32, 32, 32, 32, { 0, 0, 0 } },
      { MA_ZONE_MOVABLE, 0, 0, 0, 0, 0, { 0, 0, 0 } } } },
};

static void
test_real_machine (gconstpointer data)
{
  const MachineCase *c = data;
  MaRulesZone rz[MA_N_ZONE_TYPES];
  MaZoneType types[MA_N_ZONE_TYPES];
  guint64 wm[MA_N_ZONE_TYPES * MA_N_WMARKS];
  guint64 managed[MA_N_ZONE_TYPES], reserve[MA_N_ZONE_TYPES * MA_N_ZONE_TYPES];
  guint ratio[MA_N_ZONE_TYPES], n_ratio;
  guint64 lowmem = 0, mfk;

  g_test_message ("%s", c->source);

  for (guint i = 0; i < c->n_zones; i++)
    {
      rz[i].type = c->zones[i].type;
      rz[i].node = 0;
      rz[i].size = c->zones[i].size;
      rz[i].movable_is_highmem = FALSE;
      types[i] = c->zones[i].type;
      managed[i] = c->zones[i].size;
      if (ma_rules_zone_is_lowmem_for_buffers (rz[i].type))
        lowmem += rz[i].size;
    }

  /* min_free_kbytes follows from the zone sizes (and THP's recommendation) */
  mfk = c->min_free_kbytes ? c->min_free_kbytes : ma_rules_default_min_free_kbytes (c->kernel, lowmem * 4);
  if (c->thp)
    {
      guint64 buffers = 0;

      ma_rules_watermarks (c->kernel, rz, c->n_zones, mfk, 4, 10, wm);
      for (guint i = 0; i < c->n_zones; i++)
        if (ma_rules_zone_is_lowmem_for_buffers (rz[i].type) && rz[i].size > wm[i * MA_N_WMARKS + 2])
          buffers += rz[i].size - wm[i * MA_N_WMARKS + 2];
      mfk = ma_rules_thp_min_free_kbytes (c->kernel, rz, c->n_zones, c->pageblock_nr_pages, 4, buffers,
                                          mfk);
    }

  ma_rules_watermarks (c->kernel, rz, c->n_zones, mfk, 4, 10, wm);
  n_ratio = ma_rules_default_lowmem_reserve_ratio (c->kernel, types, c->n_zones, ratio);
  ma_rules_lowmem_reserve (c->kernel, c->n_zones, managed, ratio, n_ratio, reserve);

  for (guint i = 0; i < c->n_zones; i++)
    {
      const ZoneCase *z = &c->zones[i];

      g_test_message ("zone %s", ma_zone_type_name (z->type));
      g_assert_cmpuint (wm[i * MA_N_WMARKS + MA_WMARK_MIN], ==, z->min);
      g_assert_cmpuint (wm[i * MA_N_WMARKS + MA_WMARK_LOW], ==, z->low);
      g_assert_cmpuint (wm[i * MA_N_WMARKS + MA_WMARK_HIGH], ==, z->high);
      g_assert_cmpuint (wm[i * MA_N_WMARKS + MA_WMARK_PROMO], ==, z->promo);
      for (guint j = 0; j < c->n_zones; j++)
        g_assert_cmpuint (reserve[i * c->n_zones + j], ==, z->protection[j]);
    }
}

/* THP's recommendation on the §10 host: 3 zones up to Normal × 11 pageblocks of 2 MiB. */
static void
test_thp_recommendation (void)
{
  MaRulesZone rz[] = {
    { MA_ZONE_DMA, 0, 3840, FALSE },
    { MA_ZONE_DMA32, 0, 772917, FALSE },
    { MA_ZONE_NORMAL, 0, 5394266, FALSE },
    { MA_ZONE_MOVABLE, 0, 0, FALSE },
  };

  g_assert_cmpuint (ma_rules_default_min_free_kbytes (V (6, 18, 0), 4 * (3840 + 772917 + 5394266)),
                    ==, 19873);
  g_assert_cmpuint (ma_rules_thp_min_free_kbytes (V (6, 18, 0), rz, 4, 512, 4, 6000000, 19873), ==,
                    67584);
  /* capped at 5 % of lowmem */
  g_assert_cmpuint (ma_rules_thp_min_free_kbytes (V (6, 18, 0), rz, 4, 512, 4, 100000, 128), ==,
                    100000 / 20 * 4);
  /* never lowers a larger value */
  g_assert_cmpuint (ma_rules_thp_min_free_kbytes (V (6, 18, 0), rz, 4, 512, 4, 6000000, 90000), ==,
                    90000);
}

/* §2.2: 5.8 … 5.13 did not add a skipped (empty or ratio-0) zone's pages to the running sum. */
static void
test_lowmem_reserve_eras (void)
{
  guint64 managed[4] = { 4000, 0, 1000000, 50000 };  /* DMA, empty DMA32, Normal, Movable */
  guint ratio[4] = { 256, 256, 32, 0 };
  guint64 r[16];

  ma_rules_lowmem_reserve (V (5, 14, 0), 4, managed, ratio, 4, r);
  g_assert_cmpuint (r[0 * 4 + 2], ==, 1000000 / 256);
  g_assert_cmpuint (r[0 * 4 + 3], ==, 1050000 / 256);
  g_assert_cmpuint (r[1 * 4 + 3], ==, 0);   /* empty zone: cleared */
  g_assert_cmpuint (r[2 * 4 + 3], ==, 50000 / 32);

  ma_rules_lowmem_reserve (V (5, 10, 0), 4, managed, ratio, 4, r);
  g_assert_cmpuint (r[0 * 4 + 2], ==, 1000000 / 256);
  g_assert_cmpuint (r[0 * 4 + 3], ==, 1050000 / 256);
  g_assert_cmpuint (r[2 * 4 + 3], ==, 50000 / 32);

  /* with a zero ratio on Normal, 5.10 loses Normal's pages from DMA's sum towards Movable */
  ratio[2] = 0;
  ma_rules_lowmem_reserve (V (5, 10, 0), 4, managed, ratio, 4, r);
  g_assert_cmpuint (r[0 * 4 + 3], ==, 50000 / 256);
  ma_rules_lowmem_reserve (V (5, 14, 0), 4, managed, ratio, 4, r);
  g_assert_cmpuint (r[0 * 4 + 3], ==, 1050000 / 256);
  g_assert_cmpuint (r[2 * 4 + 3], ==, 0);

  /* up to 4.15 a zero ratio was forced to 1 */
  ma_rules_lowmem_reserve (V (4, 14, 0), 4, managed, ratio, 3, r);
  g_assert_cmpuint (r[2 * 4 + 3], ==, 50000);
}

static void
test_default_ratios (void)
{
  MaZoneType x86_64[] = { MA_ZONE_DMA, MA_ZONE_DMA32, MA_ZONE_NORMAL, MA_ZONE_MOVABLE, MA_ZONE_DEVICE };
  MaZoneType i386[] = { MA_ZONE_DMA, MA_ZONE_NORMAL, MA_ZONE_HIGHMEM, MA_ZONE_MOVABLE };
  guint r[MA_N_ZONE_TYPES];

  g_assert_cmpuint (ma_rules_default_lowmem_reserve_ratio (V (6, 18, 0), x86_64, 5, r), ==, 5);
  g_assert_cmpuint (r[0], ==, 256);
  g_assert_cmpuint (r[1], ==, 256);
  g_assert_cmpuint (r[2], ==, 32);
  g_assert_cmpuint (r[3], ==, 0);
  g_assert_cmpuint (r[4], ==, 0);

  /* 32-bit 2.6 prints "256 32 32" */
  g_assert_cmpuint (ma_rules_default_lowmem_reserve_ratio (V (2, 6, 24), i386, 4, r), ==, 3);
  g_assert_cmpuint (r[0], ==, 256);
  g_assert_cmpuint (r[1], ==, 32);
  g_assert_cmpuint (r[2], ==, 32);
}

/* §4.6: a 16 MiB DMA zone gets batch 1 (high 0 up to 5.13); big zones 31/186 up to 4.17 and 63/378
 * from 4.18; §10 for the 6.7+ limits. */
static void
test_pcp (void)
{
  guint high, high_min, high_max;

  g_assert_cmpuint (ma_rules_pcp_batch (V (4, 19, 0), 3840, 4096), ==, 0);
  ma_rules_pcp_high (V (4, 19, 0), 0, 0, 3840, 2, &high, &high_min, &high_max);
  g_assert_cmpuint (high, ==, 0);
  g_assert_cmpuint (ma_rules_pcp_batch (V (4, 9, 0), 1000000, 4096), ==, 31);
  ma_rules_pcp_high (V (4, 9, 0), 31, 0, 1000000, 2, &high, &high_min, &high_max);
  g_assert_cmpuint (high, ==, 186);
  g_assert_cmpuint (ma_rules_pcp_batch (V (4, 19, 0), 1000000, 4096), ==, 63);

  ma_rules_pcp_high (V (6, 18, 0), MAX (ma_rules_pcp_batch (V (6, 18, 0), 3840, 4096), 1u), 13, 3840,
                     2, &high, &high_min, &high_max);
  g_assert_cmpuint (high_min, ==, 6);
  g_assert_cmpuint (high_max, ==, 240);
  ma_rules_pcp_high (V (6, 18, 0), 63, 2888, 772917, 2, &high, &high_min, &high_max);
  g_assert_cmpuint (high_min, ==, 1444);
  g_assert_cmpuint (high_max, ==, 48307);
  ma_rules_pcp_high (V (6, 18, 0), 63, 20163, 5394266, 2, &high, &high_min, &high_max);
  g_assert_cmpuint (high_min, ==, 10081);
  g_assert_cmpuint (high_max, ==, 337141);
}

static void
test_version_parse (void)
{
  MaKernelVersion v;
  g_autofree char *s1 = NULL, *s2 = NULL;

  g_assert_true (ma_kernel_version_parse ("4.18.0-477.27.1.el8_8.x86_64", &v));
  g_assert_cmpuint (v, ==, V (4, 18, 0));
  g_assert_true (ma_kernel_version_parse ("2.6.24-rc1", &v));
  g_assert_cmpuint (v, ==, V (2, 6, 24));
  g_assert_true (ma_kernel_version_parse ("6.18", &v));
  g_assert_cmpuint (v, ==, V (6, 18, 0));
  g_assert_false (ma_kernel_version_parse ("linux", &v));
  g_assert_false (ma_kernel_version_parse ("6", &v));
  g_assert_false (ma_kernel_version_parse ("999.1", &v));
  s1 = ma_kernel_version_to_string (V (6, 18, 0));
  s2 = ma_kernel_version_to_string (V (2, 6, 14));
  g_assert_cmpstr (s1, ==, "6.18");
  g_assert_cmpstr (s2, ==, "2.6.14");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/kernel/isqrt", test_isqrt);
  g_test_add_func ("/ma/kernel/mult-frac", test_mult_frac);
  g_test_add_func ("/ma/kernel/min-free-kbytes", test_min_free_kbytes_table);
  g_test_add_func ("/ma/kernel/thp", test_thp_recommendation);
  g_test_add_func ("/ma/kernel/lowmem-reserve-eras", test_lowmem_reserve_eras);
  g_test_add_func ("/ma/kernel/default-ratios", test_default_ratios);
  g_test_add_func ("/ma/kernel/pcp", test_pcp);
  g_test_add_func ("/ma/kernel/version", test_version_parse);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ma/kernel/real-machine/%u", i);
      g_test_add_data_func (path, &cases[i], test_real_machine);
    }
  return g_test_run ();
}
