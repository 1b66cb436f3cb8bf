/* test-reconstruct.c: machines rebuilt from a snapshot's counts
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-reconstruct.h"
#include "ma-test-machines.h"

/* The DMA32 buddyinfo of the live 6.18 host in KERNEL.md §10. */
static const guint64 dma32_free[11] = { 294, 264, 223, 148, 117, 87, 58, 39, 36, 29, 712 };

static void
check_counts (MaZone        *zone,
              const guint64 *nr_free)
{
  guint64 pages = 0;

  for (guint k = 0; k < 11; k++)
    {
      g_assert_cmpuint (ma_zone_get_nr_free (zone, k), ==, nr_free[k]);
      pages += nr_free[k] << k;
    }
  g_assert_cmpint (ma_zone_get_free_pages (zone), ==, (gint64) pages);
}

static void
test_counts (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZoneCounts c[2] = { { 0, }, { 0, } };
  MaZone *dma32 = ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_DMA32);
  MaZone *normal = ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_NORMAL);
  static const guint64 normal_free[11] = { 9001, 4100, 1500, 600, 250, 110, 60, 30, 15, 8, 390 };

  c[0].node_index = 0;
  c[0].type = MA_ZONE_DMA32;
  c[0].free_pages = 769410;
  c[0].n_orders = 11;
  memcpy (c[0].nr_free, dma32_free, sizeof dma32_free);
  c[0].pcp_pages = 454;
  c[0].have_wmarks = TRUE;
  c[0].wmark[MA_WMARK_MIN] = 2116;
  c[0].wmark[MA_WMARK_LOW] = 2888;
  c[0].wmark[MA_WMARK_HIGH] = 3660;
  c[0].wmark[MA_WMARK_PROMO] = 4432;

  c[1].node_index = 0;
  c[1].type = MA_ZONE_NORMAL;
  c[1].free_pages = -1;
  c[1].n_orders = 11;
  memcpy (c[1].nr_free, normal_free, sizeof normal_free);
  c[1].have_mt = TRUE;
  for (guint k = 0; k < 11; k++)
    {
      c[1].nr_free_mt[k][MA_MIGRATE_UNMOVABLE] = normal_free[k] / 10;
      c[1].nr_free_mt[k][MA_MIGRATE_RECLAIMABLE] = normal_free[k] / 20;
      c[1].nr_free_mt[k][MA_MIGRATE_MOVABLE] = normal_free[k] - normal_free[k] / 10 - normal_free[k] / 20;
    }
  c[1].have_pageblocks = TRUE;
  c[1].pageblocks[MA_MIGRATE_UNMOVABLE] = 300;
  c[1].pageblocks[MA_MIGRATE_RECLAIMABLE] = 120;
  c[1].pageblocks[MA_MIGRATE_MOVABLE] = 6656 - 420;
  c[1].have_protection = TRUE;
  c[1].n_protection = 5;

  g_assert_true (ma_machine_reconstruct (m, c, 2, notes, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (notes, i));

  ma_test_assert_consistent (m, TRUE);
  check_counts (dma32, dma32_free);
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), ==, 454);
  g_assert_cmpuint (ma_zone_get_watermark (dma32, MA_WMARK_LOW), ==, 2888);
  g_assert_true (ma_zone_is_reconstructed (dma32));
  check_counts (normal, normal_free);
  for (guint k = 0; k < 11; k++)
    g_assert_cmpuint (ma_zone_get_nr_free_list (normal, k, MA_MIGRATE_UNMOVABLE), ==,
                      normal_free[k] / 10);
  g_assert_cmpuint (ma_zone_get_pageblocks_of_type (normal, MA_MIGRATE_UNMOVABLE), ==, 300);
  g_assert_cmpuint (ma_zone_get_pageblocks_of_type (normal, MA_MIGRATE_RECLAIMABLE), ==, 120);

  /* the rest is in use, owner unknown */
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_UNKNOWN), ==,
                    ma_zone_get_managed (dma32) - 769410 - 454);
  {
    MaFrameInfo info;
    guint64 pfn = ma_zone_get_start_pfn (normal) + 1;   /* the first frame of a unit stays used */
    g_autoptr(GError) free_error = NULL;

    g_assert_true (ma_machine_get_frame_info (m, ma_zone_get_start_pfn (normal), &info));
    g_assert_cmpint (info.state, ==, MA_FRAME_IN_USE);
    g_assert_false (ma_machine_free (m, ma_zone_get_start_pfn (normal), &free_error));
    g_assert_error (free_error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NOT_ALLOCATED);
    (void) pfn;
  }

  /* the simulation goes on from there */
  {
    g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (guint64));
    guint64 pfn;

    for (guint i = 0; i < 20000; i++)
      {
        if (ma_test_alloc (m, i % 3 ? MA_GFP_KERNEL : MA_GFP_HIGHUSER_MOVABLE, i % 4, &pfn))
          g_array_append_val (live, pfn);
        if (live->len > 0 && i % 3 == 0)
          {
            g_assert_true (ma_machine_free (m, g_array_index (live, guint64, 0), NULL));
            g_array_remove_index_fast (live, 0);
          }
      }
    ma_test_assert_consistent (m, TRUE);
    for (guint i = 0; i < live->len; i++)
      g_assert_true (ma_machine_free (m, g_array_index (live, guint64, i), NULL));
    ma_machine_drain_pcp (m);
    ma_test_assert_consistent (m, TRUE);
  }
}

/* Max-order units of @zone the rebuild reports as plainly in use; each is checked to be so:
 * all its frames zero and in use, owner unknown. */
static guint64
count_plain_units (MaMachine *m,
                   MaZone    *zone,
                   guint64   *out_units)
{
  const guint64 unit = G_GUINT64_CONSTANT (1) << (ma_machine_get_nr_orders (m) - 1);
  const MaFrame *frames = ma_node_get_frames (ma_zone_get_node (zone));
  guint64 node_start = ma_node_get_start_pfn (ma_zone_get_node (zone));
  guint64 plain = 0, units = 0;
  static const MaFrame zero[1024];

  g_assert_cmpuint (unit, ==, G_N_ELEMENTS (zero));
  for (guint64 pfn = ma_zone_get_start_pfn (zone); pfn + unit <= ma_zone_get_start_pfn (zone) + ma_zone_get_spanned (zone);
       pfn += unit)
    {
      MaFrameInfo info;

      units++;
      if (!ma_zone_range_is_plain_in_use (zone, pfn, pfn + unit))
        continue;
      plain++;
      g_assert_cmpmem (&frames[pfn - node_start], sizeof zero, zero, sizeof zero);
      g_assert_true (ma_machine_get_frame_info (m, pfn + unit / 2, &info));
      g_assert_cmpint (info.state, ==, MA_FRAME_IN_USE);
    }
  *out_units = units;
  return plain;
}

/* Units the rebuild did not write are known to be in use without reading them, until the
 * machine does anything. */
static void
test_plain_units (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(GError) error = NULL;
  MaZone *normal = ma_node_get_zone_by_type (ma_machine_get_node (m, 0), MA_ZONE_NORMAL);
  MaZoneCounts c = { 0, };
  static const guint64 normal_free[11] = { 9001, 4100, 1500, 600, 250, 110, 60, 30, 15, 8, 390 };
  guint64 units, plain, pfn;

  c.node_index = 0;
  c.type = MA_ZONE_NORMAL;
  c.free_pages = -1;
  c.n_orders = 11;
  memcpy (c.nr_free, normal_free, sizeof normal_free);
  c.pcp_pages = 3000;
  g_assert_true (ma_machine_reconstruct (m, &c, 1, NULL, &error));
  g_assert_no_error (error);
  check_counts (normal, normal_free);

  plain = count_plain_units (m, normal, &units);
  g_test_message ("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " units plainly in use",
                  plain, units);
  /* 390 free max-order units, and towers packed into a few hundred more */
  g_assert_cmpuint (plain, >, units / 2);
  g_assert_cmpuint (plain, <, units - 390);

  /* anything that happens on the machine makes the frames the only truth again */
  g_assert_true (ma_test_alloc (m, MA_GFP_KERNEL, 0, &pfn));
  g_assert_cmpuint (count_plain_units (m, normal, &units), ==, 0);
  ma_test_assert_consistent (m, TRUE);
}

/* Counts that cannot fit are refused and say why. */
static void
test_too_much (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZoneCounts c = { 0, };

  c.node_index = 0;
  c.type = MA_ZONE_DMA32;
  c.free_pages = -1;
  c.n_orders = 11;
  c.nr_free[10] = 1000;
  g_assert_false (ma_machine_reconstruct (m, &c, 1, notes, &error));
  g_assert_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than"));
}

/* The 1 TiB preset rebuilt with a realistic buddyinfo writes only its free blocks. */
static void
test_large (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("x86_64-1t", 1);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZoneCounts c[4] = { { 0, } };
  static const guint64 free[11] = { 40000, 30000, 20000, 9000, 5000, 2000, 1000, 800, 500, 300, 20000 };

  for (guint n = 0; n < 4; n++)
    {
      c[n].node_index = n;
      c[n].type = MA_ZONE_NORMAL;
      c[n].free_pages = -1;
      c[n].n_orders = 11;
      memcpy (c[n].nr_free, free, sizeof free);
    }
  g_assert_true (ma_machine_reconstruct (m, c, 4, notes, &error));
  g_assert_no_error (error);
  for (guint n = 0; n < 4; n++)
    {
      MaZone *zone = ma_node_get_zone_by_type (ma_machine_get_node (m, n), MA_ZONE_NORMAL);
      guint64 units, plain = count_plain_units (m, zone, &units);

      check_counts (zone, free);
      /* 20000 free max-order units, the small blocks packed into about a thousand towers:
       * the rest of the 256 Ki units is never written */
      g_assert_cmpuint (plain, >, units - 20000 - 2000);
    }
  ma_test_assert_consistent (m, FALSE);
}

/* A live view moves a rebuilt machine on to the next snapshot's counts in place. */
static void
test_reconstruct_from (void)
{
  g_autoptr(MaMachine) live = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) later = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) other = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(GError) error = NULL;
  MaZoneCounts c = { 0, };
  static const guint64 later_free[11] = { 100, 50, 20, 10, 5, 4, 3, 2, 1, 1, 600 };
  MaZone *dma32 = ma_node_get_zone_by_type (ma_machine_get_node (live, 0), MA_ZONE_DMA32);
  guint64 hash;

  c.node_index = 0;
  c.type = MA_ZONE_DMA32;
  c.free_pages = -1;
  c.n_orders = 11;
  memcpy (c.nr_free, dma32_free, sizeof dma32_free);
  g_assert_true (ma_machine_reconstruct (live, &c, 1, NULL, &error));
  g_assert_no_error (error);
  check_counts (dma32, dma32_free);

  memcpy (c.nr_free, later_free, sizeof later_free);
  g_assert_true (ma_machine_reconstruct (later, &c, 1, NULL, &error));
  g_assert_no_error (error);

  /* the same machine object now has the later counts, zone for zone */
  g_assert_true (ma_machine_reconstruct_from (live, later, NULL, &error));
  g_assert_no_error (error);
  check_counts (dma32, later_free);
  /* (the other zones are still in their boot state, with no page in use to carry towers of
   * smaller blocks: a real snapshot never has such zones) */
  {
      MaZone *a = dma32;
      MaZone *b = ma_node_get_zone_by_type (ma_machine_get_node (later, 0), MA_ZONE_DMA32);

      g_assert_cmpint (ma_zone_get_free_pages (a), ==, ma_zone_get_free_pages (b));
      for (guint k = 0; k < 11; k++)
        g_assert_cmpuint (ma_zone_get_nr_free (a, k), ==, ma_zone_get_nr_free (b, k));
      g_assert_cmpuint (ma_zone_get_watermark (a, MA_WMARK_LOW), ==, ma_zone_get_watermark (b, MA_WMARK_LOW));
    }
  ma_machine_check (live, TRUE, &error);
  g_assert_no_error (error);

  /* a machine of another shape is refused and nothing changes */
  hash = ma_machine_hash_state (live);
  g_assert_false (ma_machine_reconstruct_from (live, other, NULL, &error));
  g_assert_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID);
  g_assert_cmpuint (ma_machine_hash_state (live), ==, hash);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/reconstruct/counts", test_counts);
  g_test_add_func ("/ma/reconstruct/plain-units", test_plain_units);
  g_test_add_func ("/ma/reconstruct/too-much", test_too_much);
  g_test_add_func ("/ma/reconstruct/large", test_large);
  g_test_add_func ("/ma/reconstruct/from", test_reconstruct_from);
  return g_test_run ();
}
