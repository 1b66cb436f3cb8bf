/* test-compare.c: two machines compared zone by zone
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected numbers come from the x86_64-16g preset as built (seed 1): DMA holds free blocks
 * 1 × order 8, 1 × order 9, 3 × order 10 (3840 pages); DMA32 752 order-10 blocks (770048
 * pages); Normal one order-0 block and 3264 order-10 blocks (3342337 pages), all Movable.
 */
#include "config.h"

#include <string.h>

#include "ma-compare.h"
#include "ma-test-machines.h"

#define DMA32_FREE   G_GINT64_CONSTANT (770048)
#define NORMAL_FREE  G_GINT64_CONSTANT (3342337)

static void
alloc_n (MaMachine *m,
         MaGfp      gfp,
         guint      order,
         guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      guint64 pfn;

      g_assert_true (ma_test_alloc (m, gfp, order, &pfn));
    }
}

/* The same preset on both sides: every zone in both, nothing moved. */
static void
test_identical (void)
{
  g_autoptr(MaMachine) a = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) b = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaComparison) c = ma_compare_machines (a, b);
  g_autofree char *summary = ma_comparison_summary (c);

  /* DMA, DMA32, Normal; Movable and Device are empty on both sides */
  g_assert_cmpuint (ma_comparison_get_n_zones (c), ==, 3);
  for (guint i = 0; i < ma_comparison_get_n_zones (c); i++)
    {
      const MaZoneComparison *z = ma_comparison_get_zone (c, i);

      g_assert_cmpint (z->side, ==, MA_COMPARE_BOTH);
      g_assert_true (ma_zone_comparison_is_unchanged (z));
      g_assert_cmpint (ma_zone_comparison_free_delta (z), ==, 0);
      g_assert_false (ma_zone_comparison_free_is_large (z));
      for (guint k = 0; k < z->n_orders; k++)
        g_assert_cmpuint (z->nr_free[0][k], ==, z->nr_free[1][k]);
    }
  g_assert_null (ma_comparison_lookup_zone (c, 0, MA_ZONE_MOVABLE));
  g_assert_true (g_str_has_prefix (summary, "No zone changed much"));
}

/* Before: two order-10 blocks taken from DMA32. After: 2000 order-10 blocks and three order-9
 * blocks taken from Normal. */
static void
test_allocations (void)
{
  g_autoptr(MaMachine) before = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) after = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaComparison) c = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  const MaZoneComparison *dma, *dma32, *normal;

  alloc_n (before, MA_GFP_KERNEL | MA_GFP_DMA32, 10, 2);
  alloc_n (after, MA_GFP_KERNEL, 10, 2000);
  alloc_n (after, MA_GFP_KERNEL, 9, 3);
  c = ma_compare_machines (before, after);

  g_assert_cmpuint (ma_comparison_get_n_zones (c), ==, 3);
  dma = ma_comparison_get_zone (c, 0);
  dma32 = ma_comparison_get_zone (c, 1);
  normal = ma_comparison_get_zone (c, 2);
  g_assert_cmpint (dma->type, ==, MA_ZONE_DMA);
  g_assert_true (dma32 == ma_comparison_lookup_zone (c, 0, MA_ZONE_DMA32));
  g_assert_true (normal == ma_comparison_lookup_zone (c, 0, MA_ZONE_NORMAL));

  /* DMA: untouched */
  g_assert_true (ma_zone_comparison_is_unchanged (dma));
  g_assert_false (ma_zone_comparison_is_unchanged (dma32));
  g_assert_false (ma_zone_comparison_is_unchanged (normal));
  g_assert_cmpint (ma_zone_comparison_free_delta (dma), ==, 0);
  g_assert_cmpuint (dma->nr_free[1][10], ==, 3);

  /* DMA32: the two blocks the first machine gave away are free in the second */
  g_assert_cmpint (dma32->free[0], ==, DMA32_FREE - 2048);
  g_assert_cmpint (dma32->free[1], ==, DMA32_FREE);
  g_assert_cmpint (ma_zone_comparison_free_delta (dma32), ==, 2048);
  g_assert_cmpuint (dma32->nr_free[0][10], ==, 750);
  g_assert_cmpuint (dma32->nr_free[1][10], ==, 752);
  g_assert_false (ma_zone_comparison_free_is_large (dma32));  /* 2048 < 5 % of 770048 */

  /* Normal: 2000 × 1024 + 3 × 512 pages gone; the order-9 requests split one order-10 block
   * into 512 + 256 + … : two order-9 halves served from it and one from the next split */
  g_assert_cmpint (normal->free[0], ==, NORMAL_FREE);
  g_assert_cmpint (normal->free[1], ==, NORMAL_FREE - 2000 * 1024 - 3 * 512);
  g_assert_cmpint (ma_zone_comparison_free_delta (normal), ==, -(2000 * 1024 + 3 * 512));
  g_assert_true (ma_zone_comparison_free_is_large (normal));
  g_assert_cmpuint (normal->nr_free[0][10], ==, 3264);
  g_assert_cmpuint (normal->nr_free[1][10], ==, 3264 - 2000 - 2);
  g_assert_cmpuint (normal->nr_free[1][9], ==, 1);
  g_assert_cmpuint (normal->nr_free[1][0], ==, 1);
  g_assert_cmpuint (ma_zone_comparison_blocks_from (normal, 0, 4), ==, 3264);
  g_assert_cmpuint (ma_zone_comparison_blocks_from (normal, 1, 4), ==, 1263);
  g_assert_true (ma_compare_count_is_large (normal->nr_free[0][10], normal->nr_free[1][10]));
  g_assert_cmpint (ma_zone_comparison_band (normal, 0), ==, MA_COMPARE_ABOVE_HIGH);
  g_assert_cmpint (ma_zone_comparison_band (normal, 1), ==, MA_COMPARE_ABOVE_HIGH);

  /* Both 6.18 machines group by migratetype; only Movable held free blocks before, and the
   * order-9 leftovers of the unmovable requests sit on the Unmovable list after */
  g_assert_true (normal->has_migratetypes);
  g_assert_cmpuint (normal->n_migratetypes, ==, 2);
  g_assert_cmpint (normal->migratetypes[0], ==, MA_MIGRATE_UNMOVABLE);
  g_assert_cmpint (normal->migratetypes[1], ==, MA_MIGRATE_MOVABLE);
  g_assert_cmpuint (ma_zone_comparison_mt_pages (normal, 0, MA_MIGRATE_MOVABLE), ==,
                    (guint64) NORMAL_FREE);
  g_assert_cmpuint (ma_zone_comparison_mt_pages (normal, 0, MA_MIGRATE_UNMOVABLE), ==, 0);
  g_assert_cmpuint (ma_zone_comparison_mt_pages (normal, 1, MA_MIGRATE_MOVABLE)
                    + ma_zone_comparison_mt_pages (normal, 1, MA_MIGRATE_UNMOVABLE), ==,
                    (guint64) normal->free[1]);

  /* 2049536 pages of 4 KiB = 7.8 GiB (g_format_size() puts a no-break space before the unit);
   * blocks of order ≥ 4: 3264 → 1263 */
  summary = ma_comparison_summary (c);
  g_assert_cmpstr (summary, ==, "Normal lost 7.8\u00a0GiB of free memory; order ≥ 4 blocks fell "
                                "from 3264 to 1263");

  text = ma_comparison_to_text (c, "seed 1, DMA32 used", "seed 1, Normal used");
  g_assert_nonnull (strstr (text, "Before: seed 1, DMA32 used\n"));
  g_assert_nonnull (strstr (text, "After: seed 1, Normal used\n"));
  g_assert_nonnull (strstr (text, summary));
  g_assert_nonnull (strstr (text, "3342337 →      1292801   -2049536  !\n"));
  g_assert_nonnull (strstr (text, "768000 →       770048   +2048\n"));
  g_assert_nonnull (strstr (text, "3264 →         1262   -2002  !\n"));
  g_assert_nonnull (strstr (text, "Movable"));
}

/* Zones are matched by node and type: an x86-64 machine and an i386 one share DMA and Normal;
 * DMA32 is only in the first, HighMem only in the second. */
static void
test_zones_on_one_side (void)
{
  g_autoptr(MaMachine) x86 = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) i386 = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(MaComparison) c = ma_compare_machines (x86, i386);
  g_autofree char *summary = ma_comparison_summary (c);
  g_autofree char *text = ma_comparison_to_text (c, NULL, NULL);
  const MaZoneComparison *z;

  g_assert_cmpuint (ma_comparison_get_n_zones (c), ==, 4);
  z = ma_comparison_lookup_zone (c, 0, MA_ZONE_DMA32);
  g_assert_nonnull (z);
  g_assert_cmpint (z->side, ==, MA_COMPARE_ONLY_BEFORE);
  g_assert_cmpint (z->free[0], ==, DMA32_FREE);
  g_assert_cmpint (z->free[1], ==, 0);
  z = ma_comparison_lookup_zone (c, 0, MA_ZONE_HIGHMEM);
  g_assert_nonnull (z);
  g_assert_cmpint (z->side, ==, MA_COMPARE_ONLY_AFTER);
  g_assert_cmpint (z->free[0], ==, 0);
  g_assert_cmpint (z->free[1], >, 0);
  z = ma_comparison_lookup_zone (c, 0, MA_ZONE_NORMAL);
  g_assert_cmpint (z->side, ==, MA_COMPARE_BOTH);
  g_assert_nonnull (strstr (summary, "DMA32 is only in the first machine"));
  g_assert_nonnull (strstr (summary, "HighMem is only in the second machine"));
  g_assert_nonnull (strstr (text, "only in the second machine"));

  /* With several nodes, zones are named with their node. */
  {
    g_autoptr(MaMachine) numa = ma_test_machine_preset ("numa-2node-64g", 1);
    g_autoptr(MaComparison) c2 = ma_compare_machines (x86, numa);
    g_autofree char *s2 = ma_comparison_summary (c2);

    z = ma_comparison_lookup_zone (c2, 1, MA_ZONE_NORMAL);
    g_assert_nonnull (z);
    g_assert_cmpint (z->side, ==, MA_COMPARE_ONLY_AFTER);
    g_assert_nonnull (strstr (s2, "Node 1 Normal is only in the second machine"));
  }
}

/* The thresholds, on numbers written by hand. */
static void
test_thresholds (void)
{
  MaZoneComparison z = { 0, };

  z.managed[0] = z.managed[1] = 1000;
  z.wmark[0][0] = z.wmark[1][0] = 10;
  z.wmark[0][1] = z.wmark[1][1] = 20;
  z.wmark[0][2] = z.wmark[1][2] = 30;
  z.free[0] = 500;
  z.free[1] = 451;  /* 49 < 5 % of 1000 */
  g_assert_false (ma_zone_comparison_free_is_large (&z));
  z.free[1] = 450;
  g_assert_true (ma_zone_comparison_free_is_large (&z));
  z.free[1] = 10;
  g_assert_cmpint (ma_zone_comparison_band (&z, 1), ==, MA_COMPARE_BELOW_MIN);
  z.free[1] = 11;
  g_assert_cmpint (ma_zone_comparison_band (&z, 1), ==, MA_COMPARE_BELOW_LOW);
  z.free[1] = 30;
  g_assert_cmpint (ma_zone_comparison_band (&z, 1), ==, MA_COMPARE_BELOW_HIGH);
  z.free[1] = 31;
  g_assert_cmpint (ma_zone_comparison_band (&z, 1), ==, MA_COMPARE_ABOVE_HIGH);

  g_assert_false (ma_compare_count_is_large (1, 0));     /* one block: noise */
  g_assert_true (ma_compare_count_is_large (2, 0));
  g_assert_true (ma_compare_count_is_large (100, 50));   /* halved */
  g_assert_false (ma_compare_count_is_large (100, 51));
  g_assert_true (ma_compare_count_is_large (50, 100));   /* doubled */
  g_assert_false (ma_compare_count_is_large (7, 7));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/engine/compare/identical", test_identical);
  g_test_add_func ("/ma/engine/compare/allocations", test_allocations);
  g_test_add_func ("/ma/engine/compare/zones-on-one-side", test_zones_on_one_side);
  g_test_add_func ("/ma/engine/compare/thresholds", test_thresholds);

  return g_test_run ();
}
