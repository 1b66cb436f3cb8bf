/* test-alloc.c: which zone a request lands in, and when the watermarks refuse it
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-test-machines.h"

/* gfp_zone() for every combination of the zone modifiers (GFP_ZONE_TABLE). */
static void
test_gfp_zone_table (void)
{
  static const struct
  {
    MaGfp    bits;
    gboolean ok;
    MaZoneType x86_64, i386, no_dma;
  } table[] = {
    { 0, TRUE, MA_ZONE_NORMAL, MA_ZONE_NORMAL, MA_ZONE_NORMAL },
    { MA___GFP_DMA, TRUE, MA_ZONE_DMA, MA_ZONE_DMA, MA_ZONE_NORMAL },
    { MA___GFP_HIGHMEM, TRUE, MA_ZONE_NORMAL, MA_ZONE_HIGHMEM, MA_ZONE_NORMAL },
    { MA___GFP_DMA32, TRUE, MA_ZONE_DMA32, MA_ZONE_NORMAL, MA_ZONE_NORMAL },
    { MA___GFP_MOVABLE, TRUE, MA_ZONE_NORMAL, MA_ZONE_NORMAL, MA_ZONE_NORMAL },
    { MA___GFP_MOVABLE | MA___GFP_DMA, TRUE, MA_ZONE_DMA, MA_ZONE_DMA, MA_ZONE_NORMAL },
    { MA___GFP_MOVABLE | MA___GFP_HIGHMEM, TRUE, MA_ZONE_MOVABLE, MA_ZONE_MOVABLE, MA_ZONE_MOVABLE },
    { MA___GFP_MOVABLE | MA___GFP_DMA32, TRUE, MA_ZONE_DMA32, MA_ZONE_NORMAL, MA_ZONE_NORMAL },
    { MA___GFP_DMA | MA___GFP_HIGHMEM, FALSE, 0, 0, 0 },
    { MA___GFP_DMA | MA___GFP_DMA32, FALSE, 0, 0, 0 },
    { MA___GFP_HIGHMEM | MA___GFP_DMA32, FALSE, 0, 0, 0 },
    { MA___GFP_DMA | MA___GFP_HIGHMEM | MA___GFP_DMA32, FALSE, 0, 0, 0 },
    { MA___GFP_MOVABLE | MA___GFP_DMA | MA___GFP_HIGHMEM, FALSE, 0, 0, 0 },
    { MA___GFP_MOVABLE | MA___GFP_DMA | MA___GFP_DMA32, FALSE, 0, 0, 0 },
    { MA___GFP_MOVABLE | MA___GFP_HIGHMEM | MA___GFP_DMA32, FALSE, 0, 0, 0 },
    { MA___GFP_ZONEMASK, FALSE, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      MaZoneType z;

      g_assert_cmpint (ma_gfp_zone (table[i].bits, TRUE, TRUE, FALSE, &z), ==, table[i].ok);
      if (table[i].ok)
        g_assert_cmpint (z, ==, table[i].x86_64);
      g_assert_cmpint (ma_gfp_zone (table[i].bits, TRUE, FALSE, TRUE, &z), ==, table[i].ok);
      if (table[i].ok)
        g_assert_cmpint (z, ==, table[i].i386);
      g_assert_cmpint (ma_gfp_zone (table[i].bits, FALSE, FALSE, FALSE, &z), ==, table[i].ok);
      if (table[i].ok)
        g_assert_cmpint (z, ==, table[i].no_dma);
    }
}

static void
test_gfp_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MaGfp gfp;

  g_assert_true (ma_gfp_parse ("GFP_KERNEL | __GFP_NORETRY", &gfp, &error));
  g_assert_cmphex (gfp, ==, MA_GFP_KERNEL | MA___GFP_NORETRY);
  g_assert_true (ma_gfp_parse ("0xcc0", &gfp, &error));
  g_assert_cmphex (gfp, ==, 0xcc0);
  g_assert_cmphex (MA_GFP_KERNEL, ==, 0xcc0);   /* what the kernel prints for GFP_KERNEL */
  text = ma_gfp_to_string (MA_GFP_HIGHUSER_MOVABLE | MA___GFP_NORETRY);
  g_assert_cmpstr (text, ==, "GFP_HIGHUSER_MOVABLE | __GFP_NORETRY");
  g_assert_false (ma_gfp_parse ("GFP_BOGUS", &gfp, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "GFP_BOGUS"));
}

static MaZone *
alloc_zone (MaMachine *m,
            MaGfp      gfp,
            gint       node)
{
  MaAllocRequest req = { .gfp = gfp, .order = 0, .node = node, .start_zone = -1 };
  MaAllocResult res;

  if (!ma_machine_alloc (m, &req, NULL, &res))
    return NULL;
  return res.zone;
}

/* Where each named request lands on fresh machines of each kind. */
static void
test_zone_choice (void)
{
  g_autoptr(MaMachine) x86 = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) i386 = ma_test_machine_preset ("i386-highmem-1g", 1);

  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (x86, MA_GFP_KERNEL, -1)), ==, MA_ZONE_NORMAL);
  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (x86, MA_GFP_HIGHUSER_MOVABLE, -1)), ==,
                   MA_ZONE_NORMAL);
  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (x86, MA_GFP_KERNEL | MA_GFP_DMA32, -1)), ==,
                   MA_ZONE_DMA32);
  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (x86, MA_GFP_KERNEL | MA_GFP_DMA, -1)), ==,
                   MA_ZONE_DMA);

  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (i386, MA_GFP_KERNEL, -1)), ==, MA_ZONE_NORMAL);
  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (i386, MA_GFP_HIGHUSER, -1)), ==,
                   MA_ZONE_HIGHMEM);
  /* no populated Movable zone: HighMem is the highest usable one */
  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (i386, MA_GFP_HIGHUSER_MOVABLE, -1)), ==,
                   MA_ZONE_HIGHMEM);
  /* DMA32 does not exist on i386: __GFP_DMA32 means Normal */
  g_assert_cmpint (ma_zone_get_zone_type (alloc_zone (i386, MA_GFP_KERNEL | MA_GFP_DMA32, -1)), ==,
                   MA_ZONE_NORMAL);
}

/* GFP_KERNEL fills Normal down to its low watermark, then falls back to lower zones only as far as
 * their protection against Normal requests allows; it never touches HighMem. */
static void
test_highmem_never_for_kernel (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 3);
  MaZone *high = ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_HIGHMEM);
  gint64 high_free = ma_zone_get_free_pages (high);
  guint64 pfn;

  while (ma_test_alloc (m, MA_GFP_KERNEL, 3, &pfn))
    g_assert_cmpint (ma_zone_get_zone_type (ma_machine_zone_of_pfn (m, pfn)), !=, MA_ZONE_HIGHMEM);
  g_assert_cmpint (ma_zone_get_free_pages (high), ==, high_free);
  ma_test_assert_consistent (m, TRUE);
}

/* NUMA: a request prefers its node, falls back to the other one, except with __GFP_THISNODE. */
static void
test_numa_fallback (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("numa-2node-64g", 1);
  MaNode *n1 = ma_machine_get_node (m, 1);
  MaZone **zl;
  guint len = ma_node_get_zonelist (n1, FALSE, &zl);
  MaZone *z;
  guint64 pfn;

  /* node 1's zonelist: its Normal, then node 0 from the top down */
  g_assert_cmpuint (len, ==, 4);
  g_assert_true (ma_zone_get_node (zl[0]) == n1);
  g_assert_cmpint (ma_zone_get_zone_type (zl[1]), ==, MA_ZONE_NORMAL);
  g_assert_cmpint (ma_zone_get_zone_type (zl[2]), ==, MA_ZONE_DMA32);
  g_assert_cmpint (ma_zone_get_zone_type (zl[3]), ==, MA_ZONE_DMA);

  z = alloc_zone (m, MA_GFP_KERNEL, 1);
  g_assert_true (ma_zone_get_node (z) == n1);

  /* exhaust node 1 with __GFP_THISNODE; then the same request fails, a plain one goes to node 0 */
  while (ma_test_alloc (m, MA_GFP_KERNEL, 0, &pfn) && ma_machine_node_of_pfn (m, pfn) == ma_machine_get_node (m, 0))
    ;
  {
    MaAllocRequest req = { .gfp = MA_GFP_KERNEL | MA___GFP_THISNODE, .order = 9, .node = 1,
                           .start_zone = -1 };
    guint n = 0;

    while (ma_machine_alloc (m, &req, &pfn, NULL))
      {
        g_assert_true (ma_machine_node_of_pfn (m, pfn) == n1);
        n++;
      }
    g_assert_cmpuint (n, >, 1000);
    req.gfp = MA_GFP_KERNEL;
    g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
    g_assert_true (ma_machine_node_of_pfn (m, pfn) == ma_machine_get_node (m, 0));
  }
  ma_test_assert_consistent (m, TRUE);
}

/* The fast path stops at low, GFP_KERNEL's slow path at min, GFP_ATOMIC at 3/8 of min (6.3 rules:
 * min - min/2, then - that/4); each failure says which watermark in which zone. */
static void
test_watermark_levels (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_from_spec (ma_test_spec_x86 (4096, 65536, 4096), 1);
  MaZone *z = ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_DMA32);
  guint64 min = ma_zone_get_watermark (z, MA_WMARK_MIN);
  guint64 atomic_min = (min - min / 2) - (min - min / 2) / 4;
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL | MA_GFP_DMA32, .order = 0, .node = -1, .start_zone = -1 };
  MaAllocResult res;
  g_autofree char *why = NULL;
  guint64 pfn;

  g_assert_cmpuint (min, >, 100);

  /* GFP_KERNEL: allocations succeed while the zone stays above min (DMA32 is the only populated
   * zone a DMA32 request may use) */
  while (ma_machine_alloc (m, &req, &pfn, &res))
    ;
  g_assert_false (res.success);
  g_assert_cmpint (res.pass, ==, MA_ALLOC_PASS_SLOW);
  g_assert_cmpuint (res.n_attempts, ==, 1);
  g_assert_cmpint (res.attempts[0].check, ==, MA_ZONE_CHECK_WATERMARK);
  g_assert_cmpint (res.attempts[0].mark, ==, MA_WMARK_MIN);
  g_assert_cmpint (ma_zone_get_free_pages (z), <=, (gint64) min);
  g_assert_cmpint (ma_zone_get_free_pages (z), >=, (gint64) min - 64);  /* a pcp batch at most */
  /* kswapd was woken when the zone first fell below low, and is still pending */
  g_assert_true (ma_node_get_kswapd_pending (ma_machine_get_node (m, 0), NULL, NULL));
  why = ma_alloc_result_explain (&res);
  g_assert_nonnull (strstr (why, "DMA32"));
  g_assert_nonnull (strstr (why, "min watermark"));

  /* GFP_ATOMIC digs further */
  req.gfp = MA_GFP_ATOMIC | MA___GFP_DMA32;
  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  while (ma_machine_alloc (m, &req, &pfn, &res))
    ;
  g_assert_cmpint (ma_zone_get_free_pages (z), <=, (gint64) atomic_min);
  g_assert_cmpint (ma_zone_get_free_pages (z), >=, (gint64) atomic_min - 64);
  g_assert_cmpuint (res.attempts[0].threshold, ==, atomic_min);
  ma_test_assert_consistent (m, TRUE);
}

/* Order > 0: the watermark passes but no block of the order is free. */
static void
test_no_block_of_order (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_from_spec (ma_test_spec_x86 (4096, 65536, 4096), 1);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint64));
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL | MA_GFP_DMA32, .order = 0, .node = -1, .start_zone = -1 };
  MaAllocResult res;
  guint64 pfn;

  /* fill with single pages, then free every other one: lots of free pages, no pairs */
  while (ma_machine_alloc (m, &req, &pfn, NULL))
    g_array_append_val (pages, pfn);
  for (guint i = 0; i < pages->len; i++)
    {
      pfn = g_array_index (pages, guint64, i);
      if (pfn % 2 == 0)
        g_assert_true (ma_machine_free (m, pfn, NULL));
    }
  ma_machine_drain_pcp (m);
  {
    MaZone *z = ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_DMA32);
    guint largest = 0;

    /* only the few blocks left over from filling are larger than one page */
    for (guint k = 0; k < ma_machine_get_nr_orders (m); k++)
      if (ma_zone_get_nr_free (z, k) > 0)
        largest = k;
    g_assert_cmpuint (largest, <, ma_machine_get_nr_orders (m) - 1);
    g_assert_cmpuint (ma_zone_get_nr_free (z, 0), >, 10000);
    req.order = largest + 1;
  }
  g_assert_false (ma_machine_alloc (m, &req, &pfn, &res));
  g_assert_cmpint (res.attempts[0].check, ==, MA_ZONE_CHECK_NO_BLOCK);
  req.order = 0;
  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  ma_test_assert_consistent (m, TRUE);
}

static void
test_bad_requests (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  MaAllocRequest req = { .gfp = MA___GFP_DMA | MA___GFP_DMA32, .order = 0, .node = -1, .start_zone = -1 };
  MaAllocResult res;
  guint64 hash = ma_machine_hash_state (m);
  g_autoptr(GError) error = NULL;

  g_assert_false (ma_machine_alloc (m, &req, NULL, &res));
  g_assert_true (res.bad_gfp);
  req.gfp = MA_GFP_KERNEL;
  req.order = 11;
  g_assert_false (ma_machine_alloc (m, &req, NULL, &res));
  g_assert_true (res.order_too_large);
  g_assert_false (ma_machine_free (m, G_GUINT64_CONSTANT (1) << 40, &error));
  g_assert_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_machine_free (m, 5000, &error));
  g_assert_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NOT_ALLOCATED);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/alloc/gfp-zone-table", test_gfp_zone_table);
  g_test_add_func ("/ma/alloc/gfp-parse", test_gfp_parse);
  g_test_add_func ("/ma/alloc/zone-choice", test_zone_choice);
  g_test_add_func ("/ma/alloc/highmem-never-for-kernel", test_highmem_never_for_kernel);
  g_test_add_func ("/ma/alloc/numa-fallback", test_numa_fallback);
  g_test_add_func ("/ma/alloc/watermark-levels", test_watermark_levels);
  g_test_add_func ("/ma/alloc/no-block-of-order", test_no_block_of_order);
  g_test_add_func ("/ma/alloc/bad-requests", test_bad_requests);
  return g_test_run ();
}
