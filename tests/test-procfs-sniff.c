/* test-procfs-sniff.c: recognising files by content, splitting pasted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

/* Every text fixture is recognised from its content alone, whatever its name says. */
static void
test_every_fixture (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "snapshots", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (root, name, NULL);
      g_autoptr(GDir) d = g_dir_open (sub, 0, NULL);
      const char *file;

      if (d == NULL)
        continue;
      while ((file = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (sub, file, NULL);
          g_autofree char *text = NULL;
          gsize len;
          MaProcfsKind expected = ma_procfs_kind_from_name (file);
          g_autoptr(GArray) segments = NULL;
          g_autoptr(GArray) unknown = NULL;

          if (expected == MA_PROCFS_KIND_UNKNOWN)
            continue;                                   /* SOURCE.txt */
          g_assert_true (g_file_get_contents (path, &text, &len, NULL));
          g_test_message ("%s/%s", name, file);
          g_assert_cmpint (ma_procfs_sniff (text, len), ==, expected);

          /* one segment covering the whole file, nothing left over */
          segments = ma_procfs_split (text, len, &unknown);
          g_assert_cmpuint (segments->len, ==, 1);
          g_assert_cmpint (g_array_index (segments, MaProcfsSegment, 0).kind, ==, expected);
          g_assert_cmpuint (g_array_index (segments, MaProcfsSegment, 0).first_line, ==, 1);
          g_assert_cmpuint (unknown->len, ==, 0);
          n++;
        }
    }
  g_assert_cmpuint (n, ==, 68);
}

static void
test_names (void)
{
  g_assert_cmpint (ma_procfs_kind_from_name ("/proc/zoneinfo"), ==, MA_PROCFS_KIND_ZONEINFO);
  g_assert_cmpint (ma_procfs_kind_from_name ("zoneinfo.earlier-capture"), ==,
                   MA_PROCFS_KIND_ZONEINFO);
  g_assert_cmpint (ma_procfs_kind_from_name ("buddyinfo.txt"), ==, MA_PROCFS_KIND_BUDDYINFO);
  g_assert_cmpint (ma_procfs_kind_from_name ("dmesg.txt"), ==, MA_PROCFS_KIND_KERNEL_LOG);
  g_assert_cmpint (ma_procfs_kind_from_name ("kern.log"), ==, MA_PROCFS_KIND_KERNEL_LOG);
  g_assert_cmpint (ma_procfs_kind_from_name ("snap.json"), ==, MA_PROCFS_KIND_BUNDLE);
  g_assert_cmpint (ma_procfs_kind_from_name ("SOURCE.txt"), ==, MA_PROCFS_KIND_UNKNOWN);
  g_assert_cmpint (ma_procfs_kind_from_string ("kernel_log"), ==, MA_PROCFS_KIND_KERNEL_LOG);
  g_assert_cmpstr (ma_procfs_kind_to_string (MA_PROCFS_KIND_KPAGECOUNT), ==, "kpagecount");
}

static void
test_binary (void)
{
  guint64 counts[64] = { 0 };
  guint64 flags[64] = { 0 };

  for (guint i = 0; i < 64; i++)
    {
      counts[i] = GUINT64_TO_LE (i % 3);
      flags[i] = GUINT64_TO_LE ((i % 2) ? 0x400 : 0x2868);
    }
  g_assert_cmpint (ma_procfs_sniff ((const char *) counts, sizeof counts), ==,
                   MA_PROCFS_KIND_KPAGECOUNT);
  g_assert_cmpint (ma_procfs_sniff ((const char *) flags, sizeof flags), ==,
                   MA_PROCFS_KIND_KPAGEFLAGS);
  g_assert_cmpint (ma_procfs_sniff ("  {\"format\": 1}", 15), ==, MA_PROCFS_KIND_BUNDLE);
  g_assert_cmpint (ma_procfs_sniff ("", 0), ==, MA_PROCFS_KIND_UNKNOWN);
  g_assert_cmpint (ma_procfs_sniff ("hello\n", 6), ==, MA_PROCFS_KIND_UNKNOWN);
}

/* A paste of everything, in an awkward order. */
static void
test_split (void)
{
  const char *text =
    "Page block order: 9\n"                                                             /* 1 */
    "Pages per block:  512\n"
    "\n"
    "Free pages count per migrate type at order       0      1      2 \n"
    "Node    0, zone      DMA, type    Unmovable      0      0      1 \n"                /* 5 */
    "Node    0, zone      DMA, type      Movable      1      0      0 \n"
    "\n"
    "Number of blocks type     Unmovable      Movable \n"
    "Node 0, zone      DMA            1            7 \n"                                /* 9 */
    "Node 0, zone      DMA      1      0      1 "
    "\n"                                     /* 10: buddyinfo */
    "MemTotal:        8133452 kB\n"                                                     /* 11 */
    "MemFree:         5740368 kB\n"
    "nr_free_pages 1164827\n"                                                           /* 13 */
    "pgfault 123\n"
    "Node 0, zone      DMA\n"                                                           /* 15 */
    "  pages free     3960\n"
    "[ 1.002] Mem-Info:\n"                                                              /* 17 */
    "[ 1.003] Node 0 DMA free:1024kB min:512kB\n"
    "[ 1.005] Node 0 DMA: 2*4kB (UM) 0*8kB = 8kB\n";                                    /* 19 */
  static const struct { MaProcfsKind kind; guint first; guint n; } expected[] = {
    { MA_PROCFS_KIND_PAGETYPEINFO, 1, 9 },
    { MA_PROCFS_KIND_BUDDYINFO, 10, 1 },
    { MA_PROCFS_KIND_MEMINFO, 11, 2 },
    { MA_PROCFS_KIND_VMSTAT, 13, 2 },
    { MA_PROCFS_KIND_ZONEINFO, 15, 2 },
    { MA_PROCFS_KIND_KERNEL_LOG, 17, 3 },
  };
  g_autoptr(GArray) unknown = NULL;
  g_autoptr(GArray) segments = ma_procfs_split (text, strlen (text), &unknown);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;

  g_assert_cmpuint (segments->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < segments->len; i++)
    {
      const MaProcfsSegment *s = &g_array_index (segments, MaProcfsSegment, i);

      g_test_message ("segment %u: kind %d lines %u+%u", i, s->kind, s->first_line, s->n_lines);
      g_assert_cmpint (s->kind, ==, expected[i].kind);
      g_assert_cmpuint (s->first_line, ==, expected[i].first);
      g_assert_cmpuint (s->n_lines, ==, expected[i].n);
    }
  g_assert_cmpuint (unknown->len, ==, 0);

  snap = ma_snapshot_new_from_text (text, -1, "paste", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma_pagetypeinfo_lookup_zone (ma_snapshot_get_pagetypeinfo (snap), 0,
                                                 "DMA")->blocks[1], ==, 7);
  g_assert_cmpuint (ma_buddyinfo_get_n_orders (ma_snapshot_get_buddyinfo (snap)), ==, 3);
  g_assert_cmpuint (ma_snapshot_get_n_oom_reports (snap), ==, 1);
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_VMSTAT));
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (ma_snapshot_get_zoneinfo (snap), 0, "DMA")->free_pages,
                    ==, 3960);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/sniff/every-fixture", test_every_fixture);
  g_test_add_func ("/ma/procfs/sniff/names", test_names);
  g_test_add_func ("/ma/procfs/sniff/binary", test_binary);
  g_test_add_func ("/ma/procfs/sniff/split", test_split);

  return g_test_run ();
}
