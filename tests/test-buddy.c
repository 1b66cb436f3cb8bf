/* test-buddy.c: splitting and merging in the buddy allocator
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ma-test-machines.h"

static MaZone *
zone_of_type (MaMachine  *m,
              MaZoneType  type)
{
  return ma_node_get_zone_by_type (ma_machine_get_node (m, 0), type);
}

/* A fresh zone of 8 max-order blocks holds exactly 8 blocks of order 10. */
static void
test_boot_blocks (void)
{
  /* DMA [0, 4096) then DMA32 [4096, 12288): 4 + 8 max-order blocks */
  g_autoptr(MaMachine) m = ma_test_machine_from_spec (ma_test_spec_x86 (0, 12288, 4096), 1);
  MaZone *dma32 = zone_of_type (m, MA_ZONE_DMA32);

  g_assert_cmpuint (ma_zone_get_managed (dma32), ==, 8192);
  g_assert_cmpint (ma_zone_get_free_pages (dma32), ==, 8192);
  for (guint k = 0; k < 10; k++)
    g_assert_cmpuint (ma_zone_get_nr_free (dma32, k), ==, 0);
  g_assert_cmpuint (ma_zone_get_nr_free (dma32, 10), ==, 8);
  g_assert_cmpuint (ma_zone_get_nr_free_list (dma32, 10, MA_MIGRATE_MOVABLE), ==, 8);
  ma_test_assert_consistent (m, TRUE);
}

/* An order-3 allocation from a fresh max-order block leaves one free block of each order 3 … 9:
 * expand() puts the upper halves back. Freeing it merges everything back. */
static void
test_split_and_merge (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_from_spec (ma_test_spec_x86 (0, 12288, 4096), 1);
  MaZone *dma32 = zone_of_type (m, MA_ZONE_DMA32);
  g_autoptr(GError) error = NULL;
  guint64 pfn, head;
  guint order;
  MaFrameState state;

  g_assert_true (ma_test_alloc (m, MA_GFP_DMA32, 3, &pfn));
  g_assert_true (ma_zone_contains (dma32, pfn));
  /* the lowest block of the first max-order block: boot puts blocks in ascending order */
  g_assert_cmpuint (pfn, ==, 4096);
  for (guint k = 3; k < 10; k++)
    g_assert_cmpuint (ma_zone_get_nr_free (dma32, k), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free (dma32, 10), ==, 7);
  g_assert_cmpint (ma_zone_get_free_pages (dma32), ==, 8192 - 8);

  /* every frame of the block knows its head */
  for (guint64 p = pfn; p < pfn + 8; p++)
    {
      g_assert_true (ma_machine_find_block (m, p, &head, &order, &state));
      g_assert_cmpuint (head, ==, pfn);
      g_assert_cmpuint (order, ==, 3);
      g_assert_cmpint (state, ==, MA_FRAME_ALLOC_HEAD);
    }
  /* the split-off upper halves: order 3 at +8, order 4 at +16, … order 9 at +512 */
  for (guint k = 3; k < 10; k++)
    {
      g_assert_true (ma_machine_find_block (m, pfn + (1u << k), &head, &order, &state));
      g_assert_cmpuint (head, ==, pfn + (1u << k));
      g_assert_cmpuint (order, ==, k);
      g_assert_cmpint (state, ==, MA_FRAME_FREE_HEAD);
    }
  ma_test_assert_consistent (m, TRUE);

  g_assert_true (ma_machine_free (m, pfn + 5, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 10; k++)
    g_assert_cmpuint (ma_zone_get_nr_free (dma32, k), ==, 0);
  g_assert_cmpuint (ma_zone_get_nr_free (dma32, 10), ==, 8);
  ma_test_assert_consistent (m, TRUE);

  /* freeing it again is refused and changes nothing */
  g_assert_false (ma_machine_free (m, pfn, &error));
  g_assert_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NOT_ALLOCATED);
  ma_test_assert_consistent (m, TRUE);
}

/* Two order-9 buddies on either side of a zone boundary never merge into order 10. */
static void
test_no_merge_across_zones (void)
{
  /* DMA ends at pfn 1536: [1024, 1536) is DMA's last order-9 block, [1536, 2048) DMA32's first */
  g_autoptr(MaMachine) m = ma_test_machine_from_spec (ma_test_spec_x86 (0, 4096, 1536), 1);
  MaZone *dma = zone_of_type (m, MA_ZONE_DMA);
  MaZone *dma32 = zone_of_type (m, MA_ZONE_DMA32);
  guint64 head;
  guint order;
  MaFrameState state;

  g_assert_true (ma_machine_find_block (m, 1024, &head, &order, &state));
  g_assert_cmpuint (order, ==, 9);
  g_assert_true (ma_machine_find_block (m, 1536, &head, &order, &state));
  g_assert_cmpuint (head, ==, 1536);
  g_assert_cmpuint (order, ==, 9);
  g_assert_cmpuint (ma_zone_get_nr_free (dma, 9), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free (dma32, 9), ==, 1);

  /* Allocate and free DMA's block: it must come back as order 9, not merge with DMA32's. */
  {
    guint64 pfn;
    g_autoptr(GError) error = NULL;

    /* A movable request takes the smallest fitting block of its own type: the order-9 one at 1024.
     * (An unmovable one would claim the largest foreign block, the order-10 one at 0.) */
    g_assert_true (ma_test_alloc (m, MA_GFP_DMA | MA___GFP_MOVABLE, 9, &pfn));
    g_assert_cmpuint (pfn, ==, 1024);
    g_assert_true (ma_machine_free (m, pfn, &error));
    g_assert_true (ma_machine_find_block (m, 1024, &head, &order, &state));
    g_assert_cmpuint (order, ==, 9);
    g_assert_cmpint (state, ==, MA_FRAME_FREE_HEAD);
  }
  ma_test_assert_consistent (m, TRUE);
}

/* Holes and reserved frames split free memory; they are never handed out and never merged over. */
static void
test_holes_and_reserved (void)
{
  MaMachineSpec *spec = ma_test_spec_x86 (0, 2048, 4096);
  g_autoptr(MaMachine) m = NULL;
  MaZone *dma;
  guint64 pfn, count = 0;

  /* memory [0, 2048) and [2560, 4096); reserved [100, 130) */
  ma_machine_spec_add_memory (spec, 0, 2560, 4096);
  ma_machine_spec_add_reserved (spec, 0, 100, 130);
  m = ma_test_machine_from_spec (spec, 1);
  dma = zone_of_type (m, MA_ZONE_DMA);

  g_assert_cmpuint (ma_zone_get_spanned (dma), ==, 4096);
  g_assert_cmpuint (ma_zone_get_present (dma), ==, 2048 + 1536);
  g_assert_cmpuint (ma_zone_get_managed (dma), ==, 2048 + 1536 - 30);
  ma_test_assert_consistent (m, TRUE);

  /* take every page: none may be a hole or reserved */
  while (ma_test_alloc (m, MA_GFP_DMA | MA___GFP_HIGH, 0, &pfn))
    {
      MaFrameInfo info;

      g_assert_true (ma_machine_get_frame_info (m, pfn, &info));
      g_assert_false ((pfn >= 2048 && pfn < 2560) || (pfn >= 100 && pfn < 130));
      count++;
    }
  g_assert_cmpuint (count, >, 0);
  g_assert_cmpuint (count, <=, ma_zone_get_managed (dma));
  ma_test_assert_consistent (m, TRUE);
}

/* Order-0 frees go to the CPU's list, which counts as not free until it drains a batch. */
static void
test_pcp (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  MaZone *dma32 = zone_of_type (m, MA_ZONE_DMA32);
  guint batch, high;
  guint64 pfn, first_pcp;
  gint64 free_before;

  ma_zone_get_pcp_limits (dma32, &batch, &high, NULL, NULL);
  g_assert_cmpuint (batch, >=, 1);

  /* the first order-0 allocation refills the list with a batch */
  free_before = ma_zone_get_free_pages (dma32);
  g_assert_true (ma_test_alloc (m, MA_GFP_DMA32, 0, &pfn));
  g_assert_cmpint (ma_zone_get_free_pages (dma32), ==, free_before - batch);
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), ==, batch - 1);
  first_pcp = ma_zone_get_pcp_pages (dma32);

  /* freeing it puts it back on the list, not on the free lists */
  g_assert_true (ma_machine_free (m, pfn, NULL));
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), ==, first_pcp + 1);
  g_assert_cmpint (ma_zone_get_free_pages (dma32), ==, free_before - batch);

  /* draining returns everything and merges it back */
  g_assert_cmpuint (ma_machine_drain_pcp (m), ==, batch);
  g_assert_cmpint (ma_zone_get_free_pages (dma32), ==, free_before);
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), ==, 0);
  ma_test_assert_consistent (m, TRUE);
}

/* Lists drain once they reach `high`. */
static void
test_pcp_high (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  MaZone *dma32 = zone_of_type (m, MA_ZONE_DMA32);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint batch, high;

  ma_zone_get_pcp_limits (dma32, &batch, &high, NULL, NULL);
  for (guint i = 0; i < high + 2 * batch; i++)
    {
      guint64 pfn;

      g_assert_true (ma_test_alloc (m, MA_GFP_DMA32, 0, &pfn));
      g_array_append_val (pages, pfn);
    }
  for (guint i = 0; i < pages->len; i++)
    {
      g_assert_true (ma_machine_free (m, g_array_index (pages, guint64, i), NULL));
      g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), <, high);
    }
  ma_test_assert_consistent (m, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/buddy/boot-blocks", test_boot_blocks);
  g_test_add_func ("/ma/buddy/split-and-merge", test_split_and_merge);
  g_test_add_func ("/ma/buddy/no-merge-across-zones", test_no_merge_across_zones);
  g_test_add_func ("/ma/buddy/holes-and-reserved", test_holes_and_reserved);
  g_test_add_func ("/ma/buddy/pcp", test_pcp);
  g_test_add_func ("/ma/buddy/pcp-high", test_pcp_high);
  return g_test_run ();
}
