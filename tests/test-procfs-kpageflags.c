/* test-procfs-kpageflags.c: page frame words and their run-length encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

/* A frame layout shaped like a small machine: a hole, free blocks, LRU pages, a huge page. */
static guint64 *
make_frames (gsize  n,
             guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint64 *w = g_new (guint64, n);
  gsize i = 0;

  while (i < n)
    {
      guint64 value;
      gsize run = (gsize) g_rand_int_range (rand, 1, 600);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: value = MA_KPF_MASK (MA_KPF_NOPAGE); break;
        case 1: value = MA_KPF_MASK (MA_KPF_BUDDY); break;
        case 2: value = MA_KPF_MASK (MA_KPF_LRU) | MA_KPF_MASK (MA_KPF_ACTIVE) |
                        MA_KPF_MASK (MA_KPF_MMAP) | MA_KPF_MASK (MA_KPF_ANON); break;
        case 3: value = MA_KPF_MASK (MA_KPF_THP) | MA_KPF_MASK (MA_KPF_COMPOUND_TAIL) |
                        (G_GUINT64_CONSTANT (1) << 33); break;
        default: value = g_rand_int (rand); run = 1; break;
        }
      for (gsize k = 0; k < run && i < n; k++)
        w[i++] = value;
    }
  return w;
}

static void
test_rle_round_trip (void)
{
  const gsize n = 200000;
  g_autofree guint64 *words = make_frames (n, 11);
  g_autofree guint8 *le = g_new (guint8, n * 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPageRle) rle = NULL;
  g_autoptr(MaPageRle) back = NULL;
  g_autoptr(MaPageRleBuilder) b = ma_page_rle_builder_new ();
  g_autoptr(MaPageRle) chunked = NULL;
  g_autofree char *b64 = NULL;
  gsize dropped = 99;
  guint64 total = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint64 v = GUINT64_TO_LE (words[i]);
      memcpy (le + i * 8, &v, 8);
    }

  rle = ma_page_rle_parse_binary (le, n * 8, "kpageflags", &dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dropped, ==, 0);
  g_assert_cmpuint (ma_page_rle_get_n_frames (rle), ==, n);
  g_assert_cmpuint (ma_page_rle_get_n_runs (rle), <, n / 50);
  for (gsize i = 0; i < n; i += 97)
    g_assert_cmphex (ma_page_rle_lookup (rle, i), ==, words[i]);
  g_assert_cmphex (ma_page_rle_lookup (rle, n - 1), ==, words[n - 1]);
  for (guint r = 0; r < ma_page_rle_get_n_runs (rle); r++)
    {
      g_assert_cmpuint (ma_page_rle_get_run_start (rle, r), ==, total);
      total += ma_page_rle_get_runs (rle)[r].length;
    }
  g_assert_cmpuint (total, ==, n);

  /* chunks of odd sizes split words: same result */
  for (gsize off = 0; off < n * 8;)
    {
      gsize len = MIN ((gsize) 4093, n * 8 - off);
      ma_page_rle_builder_add_le_bytes (b, le + off, len);
      off += len;
    }
  chunked = ma_page_rle_builder_end (g_steal_pointer (&b), &dropped);
  g_assert_true (ma_page_rle_equal (rle, chunked));

  b64 = ma_page_rle_to_base64 (rle);
  back = ma_page_rle_new_from_base64 (b64, n, "bundle", &error);
  g_assert_no_error (error);
  g_assert_true (ma_page_rle_equal (rle, back));

  g_assert_cmpuint (ma_page_rle_count_frames (rle, MA_KPF_MASK (MA_KPF_BUDDY),
                                              MA_KPF_MASK (MA_KPF_BUDDY)), >, 0);
}

static void
test_bits (void)
{
  const guint64 bits = MA_KPF_MASK (MA_KPF_LRU) | MA_KPF_MASK (MA_KPF_BUDDY) |
                       MA_KPF_MASK (MA_KPF_PGTABLE) | (G_GUINT64_CONSTANT (1) << 33) |
                       (G_GUINT64_CONSTANT (1) << 60);
  g_autofree char *d = ma_kpageflags_describe (bits);
  g_autofree char *none = ma_kpageflags_describe (0);

  g_assert_cmpstr (d, ==, "LRU|BUDDY|PGTABLE|MLOCKED|bit60");
  g_assert_cmpstr (none, ==, "none");
  g_assert_cmpstr (ma_kpageflags_bit_name (23), ==, "OFFLINE");
  g_assert_cmpstr (ma_kpageflags_bit_name (10), ==, "BUDDY");
  g_assert_null (ma_kpageflags_bit_name (27));
  g_assert_cmpint (MA_KPF_ZERO_PAGE, ==, 24);
}

static void
test_errors (void)
{
  static const guint8 nine[9] = { 1, 0, 0, 0, 0, 0, 0, 0, 7 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPageRle) rle = NULL;
  gsize dropped = 0;

  rle = ma_page_rle_parse_binary (nine, 0, "kpageflags", NULL, &error);
  g_assert_null (rle);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY);
  g_clear_error (&error);

  rle = ma_page_rle_parse_binary (nine, 5, "kpageflags", NULL, &error);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED);
  g_clear_error (&error);

  /* a copy cut inside its last word keeps the whole words */
  rle = ma_page_rle_parse_binary (nine, 9, "kpageflags", &dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dropped, ==, 1);
  g_assert_cmpuint (ma_page_rle_get_n_frames (rle), ==, 1);
  g_assert_cmphex (ma_page_rle_lookup (rle, 0), ==, 1);
  g_clear_pointer (&rle, ma_page_rle_unref);

  rle = ma_page_rle_new_from_base64 ("AQE=", 5, "bundle", &error);   /* 1 frame, not 5 */
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
  g_clear_error (&error);
  rle = ma_page_rle_new_from_base64 ("gICAgICAgICAgIA=", 1, "bundle",
                                     &error);  /* varint too long */
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
  g_clear_error (&error);
  rle = ma_page_rle_new_from_base64 ("not base64!", 1, "bundle", &error);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/kpageflags/rle-round-trip", test_rle_round_trip);
  g_test_add_func ("/ma/procfs/kpageflags/bits", test_bits);
  g_test_add_func ("/ma/procfs/kpageflags/errors", test_errors);

  return g_test_run ();
}
