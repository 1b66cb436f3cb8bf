/* test-procfs-fuzz.c: every parser fed with mutated real files
 *
 * Built normally, this is a g_test that splices and mutates the fixtures for a bounded number of
 * rounds with a fixed seed. Built with -DMA_PROCFS_LIBFUZZER and -fsanitize=fuzzer, it is a
 * libFuzzer target for long runs:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DMA_PROCFS_LIBFUZZER \
 *     -Ibuild -Isrc/procfs $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0) \
 *     tests/test-procfs-fuzz.c src/procfs/ma-*.c \
 *     $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0) -o fuzz-procfs
 *   ./fuzz-procfs -max_len=65536 corpus/ tests/data/snapshots/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

static guint64 sink;

/* Runs one input through every entry point that takes untrusted bytes. */
static void
feed (const char *data,
      gsize       size)
{
  g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse (data, (gssize) size, "fuzz", NULL);
  g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (data, (gssize) size, "fuzz", NULL);
  g_autoptr(MaPagetypeinfo) pti = ma_pagetypeinfo_parse (data, (gssize) size, "fuzz", NULL);
  g_autoptr(MaKeyValueFile) kv = ma_key_value_file_parse (MA_KEY_VALUE_MEMINFO, data, (gssize) size,
                                                          NULL, NULL);
  g_autoptr(GPtrArray) oom = ma_oom_report_parse_all (data, (gssize) size, "fuzz", NULL);
  g_autoptr(MaSnapshot) pasted = ma_snapshot_new_from_text (data, (gssize) size, "fuzz", NULL);
  g_autoptr(MaSnapshot) bundle = ma_snapshot_new_from_bundle (data, size, "fuzz", NULL);
  g_autoptr(MaSnapshot) sysctl = ma_snapshot_new ();
  g_autofree char *text = g_strndup (data, size);
  g_autoptr(MaPageRle) rle = ma_page_rle_parse_binary ((const guint8 *) data, size, "fuzz", NULL,
                                                       NULL);

  ma_snapshot_set_sysctl (sysctl, "lowmem_reserve_ratio", text, NULL);
  ma_snapshot_set_thp_enabled (sysctl, text, NULL);

  if (zi != NULL)
    for (guint z = 0; z < ma_zoneinfo_get_n_zones (zi); z++)
      {
        const MaZoneinfoZone *zone = ma_zoneinfo_get_zone (zi, z);
        for (guint i = 0; i < zone->n_pagesets; i++)
          sink += zone->pagesets[i].count;
        for (guint i = 0; i < zone->n_counters; i++)
          sink += zone->counters[i].value;
      }
  if (pasted != NULL)
    {
      g_autoptr(GBytes) out = ma_snapshot_to_bundle (pasted);
      gsize len;
      const char *b = g_bytes_get_data (out, &len);
      g_autoptr(MaSnapshot) back = ma_snapshot_new_from_bundle (b, len, "round trip", NULL);

      /* what loads from a paste always survives a bundle round trip */
      g_assert_nonnull (back);
      g_assert_true (ma_snapshot_equal (pasted, back));
      sink += g_strv_length ((char **) ma_snapshot_get_warnings (pasted));
    }
  if (rle != NULL && ma_page_rle_get_n_frames (rle) > 0)
    sink += ma_page_rle_lookup (rle, ma_page_rle_get_n_frames (rle) - 1);
  (void) bi;
  (void) pti;
  (void) kv;
  (void) oom;
  (void) bundle;
}

#ifdef MA_PROCFS_LIBFUZZER

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  feed ((const char *) data, size);
  return 0;
}

#else

static GPtrArray *texts;

static void
collect (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *text = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect (path);
      else if (ma_procfs_kind_from_name (name) != MA_PROCFS_KIND_UNKNOWN &&
               g_file_get_contents (path, &text, NULL, NULL))
        g_ptr_array_add (texts, text);
    }
}

/* Splices lines of two fixtures, then mutates: structure-aware enough to reach deep states. */
static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  static const char *tokens[] = {
    "Node 0, zone DMA\n", "  pagesets\n", "    cpu: 3 pcp: 1\n", "  per-node stats\n",
    "        protection: (0, 1, 2)\n", "Number of blocks type  A B\n", "Mem-Info:\n",
    "Page block order: 9\n", ">100000 ", " 18446744073709551615 ", "lowmem_reserve[]: 1 2\n",
    "Node 0 Normal: 1*4kB (M) = 4kB\n", "\r\n", "\t", "...\n", "  vm stats threshold: 2\n",
  };

  for (guint round = 0; round < 1500; round++)
    {
      const char *a = texts->pdata[g_rand_int_range (rand, 0, (gint32) texts->len)];
      const char *b = texts->pdata[g_rand_int_range (rand, 0, (gint32) texts->len)];
      gsize la = strlen (a);
      gsize lb = strlen (b);
      gsize cut_a = la ? (gsize) g_rand_int_range (rand, 0, (gint32) la) : 0;
      gsize cut_b = lb ? (gsize) g_rand_int_range (rand, 0, (gint32) lb) : 0;
      g_autoptr(GString) s = g_string_new_len (a, (gssize) cut_a);

      g_string_append (s, b + cut_b);
      for (guint m = g_rand_int_range (rand, 0, 4); m > 0 && s->len > 0; m--)
        {
          gsize pos = (gsize) g_rand_int_range (rand, 0, (gint32) s->len);

          if (g_rand_boolean (rand))
            g_string_insert (s, (gssize) pos, tokens[g_rand_int_range (rand, 0,
                                                                       G_N_ELEMENTS (tokens))]);
          else
            s->str[pos] = (char) g_rand_int_range (rand, 1, 256);
        }
      feed (s->str, s->len);
    }
  g_test_message ("sink %" G_GUINT64_FORMAT, sink);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  texts = g_ptr_array_new_with_free_func (g_free);
  data = g_test_build_filename (G_TEST_DIST, "data", NULL);
  collect (data);
  g_assert_cmpuint (texts->len, >, 60);

  g_test_add_func ("/ma/procfs/fuzz/mutations", test_mutations);
  ret = g_test_run ();
  g_ptr_array_unref (texts);
  return ret;
}

#endif
