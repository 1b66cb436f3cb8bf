/* test-procfs-fragmentation.c: the kernel's fragmentation indices, computed as mm/vmstat.c does
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values: KERNEL.md §9's worked example (validated there against a live 6.18 kernel's
 * debugfs files) and cases computed by hand below.
 */
#include "config.h"

#include <string.h>

#include "ma-fragmentation.h"
#include "ma-procfs.h"

/* §9: DMA `0 0 0 0 0 0 0 0 1 1 3`: free 3840; order 9: 7 suitable → (3840 − 3584) · 1000 / 3840
 * = 66; order 10: 3 suitable → 200; a suitable block exists at every order → −1000. */
static void
test_worked_example (void)
{
  static const guint64 dma[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };
  MaContigInfo info;
  g_autofree char *u9 = NULL, *u10 = NULL, *f = NULL;

  ma_fragmentation_contig_info (dma, 11, 9, &info);
  g_assert_cmpuint (info.free_pages, ==, 3840);
  g_assert_cmpuint (info.free_blocks_total, ==, 5);
  g_assert_cmpuint (info.free_blocks_suitable, ==, 7);

  g_assert_cmpint (ma_fragmentation_unusable_index (dma, 11, 9), ==, 66);
  g_assert_cmpint (ma_fragmentation_unusable_index (dma, 11, 10), ==, 200);
  g_assert_cmpint (ma_fragmentation_unusable_index (dma, 11, 0), ==, 0);
  for (guint k = 0; k < 11; k++)
    g_assert_cmpint (ma_fragmentation_extfrag_index (dma, 11, k), ==, -1000);

  u9 = ma_fragmentation_format_index (66);
  u10 = ma_fragmentation_format_index (200);
  f = ma_fragmentation_format_index (-1000);
  g_assert_cmpstr (u9, ==, "0.066");
  g_assert_cmpstr (u10, ==, "0.200");
  g_assert_cmpstr (f, ==, "-1.000");
}

/* By hand: 100 free single pages and 10 order-2 blocks: free 140, blocks 110.
 *   order 3: nothing suitable; unusable 1000; extfrag 1000 − (1000 + 140·1000/8) / 110
 *            = 1000 − (1000 + 17500) / 110 = 1000 − 168 = 832
 *   order 2: 10 suitable; unusable (140 − 40) · 1000 / 140 = 714; extfrag −1000
 *   order 1: 10·2 = 20 suitable; unusable (140 − 40) · 1000 / 140 = 714
 * Nothing free: unusable 1000, extfrag 0.
 * One single page, order 1: extfrag 1000 − (1000 + 1000/2) / 1 = −500 (the kernel's int
 * arithmetic goes below zero for a zone with almost nothing free, and so does this). */
static void
test_by_hand (void)
{
  static const guint64 frag[11] = { 100, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint64 none[11] = { 0, };
  static const guint64 one[11] = { 1, };
  g_autofree char *words3 = NULL, *words2 = NULL, *words_low = NULL;

  g_assert_cmpint (ma_fragmentation_unusable_index (frag, 11, 3), ==, 1000);
  g_assert_cmpint (ma_fragmentation_extfrag_index (frag, 11, 3), ==, 832);
  g_assert_cmpint (ma_fragmentation_unusable_index (frag, 11, 2), ==, 714);
  g_assert_cmpint (ma_fragmentation_extfrag_index (frag, 11, 2), ==, -1000);
  g_assert_cmpint (ma_fragmentation_unusable_index (frag, 11, 1), ==, 714);
  g_assert_cmpint (ma_fragmentation_unusable_index (none, 11, 4), ==, 1000);
  g_assert_cmpint (ma_fragmentation_extfrag_index (none, 11, 4), ==, 0);
  g_assert_cmpint (ma_fragmentation_extfrag_index (one, 11, 1), ==, -500);

  /* in words: 832 > 500 (extfrag_threshold) is fragmentation, compaction would help */
  words3 = ma_fragmentation_describe (frag, 11, 3, MA_EXTFRAG_THRESHOLD_DEFAULT);
  g_assert_nonnull (strstr (words3, "order 3: 100.0 % of free memory is in blocks too small"));
  g_assert_nonnull (strstr (words3, "due to fragmentation (index 0.832)"));
  g_assert_nonnull (strstr (words3, "compaction would help"));
  words2 = ma_fragmentation_describe (frag, 11, 2, MA_EXTFRAG_THRESHOLD_DEFAULT);
  g_assert_nonnull (strstr (words2, "71.4 %"));
  g_assert_nonnull (strstr (words2, "10 blocks of this order can be had"));
  /* with a threshold above the index the same zone reads as short of memory */
  words_low = ma_fragmentation_describe (frag, 11, 3, 900);
  g_assert_nonnull (strstr (words_low, "due to lack of memory (index 0.832): reclaim would help"));
}

/* Absurd counts saturate instead of wrapping. */
static void
test_absurd (void)
{
  static const guint64 huge[11] = { G_MAXUINT64, 0, 0, 0, 0, 0, 0, 0, 0, 0, G_MAXUINT64 };
  int u = ma_fragmentation_unusable_index (huge, 11, 10);
  int f = ma_fragmentation_extfrag_index (huge, 11, 3);

  g_assert_cmpint (u, >=, 0);
  g_assert_cmpint (u, <=, 1000);
  g_assert_cmpint (f, ==, -1000);
}

/* The debugfs files as the kernel prints them, from a real buddyinfo (the §10 host). */
static void
test_debugfs (void)
{
  static const char buddyinfo[] =
    "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"
    "Node 0, zone    DMA32      2      2      4      2      5      4      3      3      4      2    752 \n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (buddyinfo, -1, "buddyinfo", &error);
  g_autoptr(GString) unusable = NULL;
  g_autoptr(GString) extfrag = NULL;

  g_assert_no_error (error);
  unusable = ma_fragmentation_debugfs (bi, FALSE);
  extfrag = ma_fragmentation_debugfs (bi, TRUE);
  g_assert_true (g_str_has_prefix (unusable->str,
                                   "Node 0, zone      DMA 0.000 0.000 0.000 0.000 0.000 0.000 "
                                   "0.000 0.000 0.000 0.066 0.200 \n"));
  g_assert_true (g_str_has_prefix (extfrag->str,
                                   "Node 0, zone      DMA -1.000 -1.000 -1.000 -1.000 -1.000 "
                                   "-1.000 -1.000 -1.000 -1.000 -1.000 -1.000 \n"));
  /* DMA32: free 772918, 752 blocks of order 10 hold 770048: order 10 unusable
   * (772918 − 770048) · 1000 / 772918 = 3 */
  g_assert_nonnull (strstr (unusable->str, "Node 0, zone    DMA32 "));
  g_assert_true (g_str_has_suffix (unusable->str, " 0.003 \n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/fragmentation/worked-example", test_worked_example);
  g_test_add_func ("/ma/procfs/fragmentation/by-hand", test_by_hand);
  g_test_add_func ("/ma/procfs/fragmentation/absurd", test_absurd);
  g_test_add_func ("/ma/procfs/fragmentation/debugfs", test_debugfs);
  return g_test_run ();
}
