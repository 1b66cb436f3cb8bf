/* test-procfs-machine.c: every snapshot opens as a machine that keeps what the snapshot counted
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-procfs.h"
#include "ma-reconstruct.h"
#include "ma-snapshot-machine.h"
#include "ma-snapshot-synth.h"

static MaZone *
machine_zone (MaMachine  *m,
              guint       node_id,
              const char *name)
{
  MaZoneType t;

  if (!ma_zone_type_from_name (name, &t))
    return NULL;
  for (guint n = 0; n < ma_machine_get_n_nodes (m); n++)
    {
      MaNode *node = ma_machine_get_node (m, n);

      if (ma_node_get_id (node) == node_id)
        return ma_node_get_zone_by_type (node, t);
    }
  return NULL;
}

static gboolean
notes_mention (GPtrArray  *notes,
               const char *part)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (notes->pdata[i], part) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether the engine said it could not place everything: its reconstruction used to lay blocks
 * only in whole max-order blocks of managed frames, leaving out free blocks (and per-CPU pages)
 * that only fit at the edges of managed runs, and says so in a note. Such a machine is marked
 * incomplete, not passed. */
static gboolean
engine_left_out (GPtrArray *notes)
{
  return notes_mention (notes, "did not fit around the zone's holes")
         || notes_mention (notes, "per-CPU pages found room");
}

/* The free blocks per order as counted. */
static void
assert_counts (MaMachine     *m,
               GPtrArray     *notes,
               MaZone        *zone,
               const guint64 *counts,
               guint          n_orders,
               const char    *what)
{
  for (guint k = 0; k < n_orders; k++)
    if (ma_zone_get_nr_free (zone, k) != counts[k])
      {
        if (engine_left_out (notes))
          {
            g_test_incomplete ("the engine's reconstruction does not place free blocks in the "
                               "partial max-order blocks at the edges of managed runs");
            return;
          }
        g_error ("%s: order %u: %" G_GUINT64_FORMAT " free blocks, expected %" G_GUINT64_FORMAT,
                 what, k, ma_zone_get_nr_free (zone, k), counts[k]);
      }
  (void) m;
}

static void
check_snapshot_machine (MaSnapshot *snap,
                        const char *name)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = ma_snapshot_machine_new (snap, 1, notes, &error);
  MaBuddyinfo *bi = ma_snapshot_get_buddyinfo (snap);
  MaZoneinfo *zi = ma_snapshot_get_zoneinfo (snap);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("%s: %s", name, (const char *) notes->pdata[i]);
  g_assert_true (notes_mention (notes, "layout reconstructed"));
  if (!ma_machine_check (m, TRUE, &error))
    g_error ("%s: %s", name, error->message);

  for (guint i = 0; bi != NULL && i < ma_buddyinfo_get_n_zones (bi); i++)
    {
      const MaBuddyinfoZone *b = ma_buddyinfo_get_zone (bi, i);
      MaZone *zone = machine_zone (m, b->node_id, b->name);
      g_autofree char *what = g_strdup_printf ("%s node %u %s", name, b->node_id, b->name);

      g_assert_nonnull (zone);
      assert_counts (m, notes, zone, b->counts, b->n_orders, what);
    }

  /* zones whose place the file gives keep it, with the printed marks and protection */
  for (guint i = 0; zi != NULL && i < ma_zoneinfo_get_n_zones (zi); i++)
    {
      const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zi, i);
      MaZone *zone = machine_zone (m, z->node_id, z->name);
      guint64 pcp = 0;

      if (zone == NULL || z->present == 0 || !(z->fields & MA_ZONE_HAS_START_PFN))
        continue;
      /* within the zone's span (holes at its start move the node's first frame) */
      g_assert_cmpuint (ma_zone_get_start_pfn (zone), >=, z->start_pfn);
      g_assert_cmpuint (ma_zone_get_start_pfn (zone) + ma_zone_get_spanned (zone), <=,
                        z->start_pfn + MAX (z->spanned, z->present));
      g_assert_cmpuint (ma_zone_get_present (zone), >=, z->present);
      if (z->fields & MA_ZONE_HAS_MANAGED)
        {
          g_assert_cmpuint (ma_zone_get_present (zone), ==, z->present);
          g_assert_cmpuint (ma_zone_get_managed (zone), ==, z->managed);
          g_assert_cmpuint (ma_zone_get_spanned (zone), <=, z->spanned);
        }
      if ((z->fields & MA_ZONE_HAS_MIN) && (z->fields & MA_ZONE_HAS_BOOST || z->boost == 0))
        {
          g_assert_cmpuint (ma_zone_get_watermark (zone, MA_WMARK_MIN), ==, z->min);
          g_assert_cmpuint (ma_zone_get_watermark (zone, MA_WMARK_HIGH), ==, z->high);
        }
      for (guint c = 0; c < z->n_pagesets; c++)
        pcp += z->pagesets[c].count;
      if (ma_zone_get_managed (zone) >= pcp + (guint64) ma_zone_get_free_pages (zone)
          && !engine_left_out (notes))
        g_assert_cmpuint (ma_zone_get_pcp_pages (zone), ==, pcp);
      if ((z->fields & MA_ZONE_HAS_PROTECTION) && z->n_protection > 1)
        g_assert_cmpuint (ma_zone_get_lowmem_reserve (zone, z->n_protection - 1), ==,
                          (guint64) z->protection[z->n_protection - 1]);
    }
}

/* Every dump of the corpus, partial ones included. */
static void
test_every_dump (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "snapshots", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(MaSnapshot) snap = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      snap = ma_snapshot_load_path (path, &error);
      g_assert_no_error (error);
      check_snapshot_machine (snap, name);
      n++;
    }
  g_assert_cmpuint (n, >=, 30);
}

/* The §10 host: real positions, pageblock types and migratetypes as counted. */
static void
test_fakeroot (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "fakeroot",
                                                 "vm-6.18.44-x86_64-2cpu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, &error);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaMachine) m = NULL;
  MaPagetypeinfo *pt;
  const MaPagetypeinfoZone *ptz;
  MaZone *normal;
  int unmovable;

  g_assert_no_error (error);
  check_snapshot_machine (snap, "fakeroot");
  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma_machine_get_kernel (m), ==, MA_KERNEL_VERSION (6, 18, 44));
  g_assert_cmpuint (ma_machine_get_pageblock_order (m), ==, 9);
  g_assert_cmpuint (ma_machine_get_n_cpus (m), ==, 2);
  g_assert_cmpuint (ma_machine_get_min_free_kbytes (m), ==, 67584);

  pt = ma_snapshot_get_pagetypeinfo (snap);
  unmovable = ma_pagetypeinfo_find_type (pt, "Unmovable");
  ptz = ma_pagetypeinfo_lookup_zone (pt, 0, "Normal");
  normal = machine_zone (m, 0, "Normal");
  g_assert_true (ma_zone_is_reconstructed (normal));
  g_assert_cmpuint (ma_zone_get_pageblocks_of_type (normal, MA_MIGRATE_UNMOVABLE), ==,
                    ptz->blocks[unmovable]);
}

/* pagetypeinfo prints counts above 100000 as “>100000”; buddyinfo has the real count. */
static void
test_capped_counts (void)
{
  static const char buddyinfo[] =
    "Node 0, zone   Normal 250000   1000    500    100     50     20     10      5      2      1   3000 \n";
  static const char pagetypeinfo[] =
    "Page block order: 9\n"
    "Pages per block:  512\n"
    "\n"
    "Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
    "Node    0, zone   Normal, type    Unmovable   1000     10      0      0      0      0      0      0      0      0      0 \n"
    "Node    0, zone   Normal, type      Movable >100000    990    500    100     50     20     10      5      2      1   3000 \n"
    "Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
    "Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
    "\n"
    "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic \n"
    "Node 0, zone   Normal           40         8000           10            0 \n";
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = NULL;
  MaZone *zone;

  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_BUDDYINFO, buddyinfo,
                                       strlen (buddyinfo), "buddyinfo", &error));
  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_PAGETYPEINFO, pagetypeinfo,
                                       strlen (pagetypeinfo), "pagetypeinfo", &error));
  g_assert_no_error (error);
  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  g_assert_true (ma_machine_check (m, TRUE, NULL));
  zone = machine_zone (m, 0, "Normal");
  /* 250000 order-0 blocks, 1000 of them unmovable: the capped movable count is 249000 */
  g_assert_cmpuint (ma_zone_get_nr_free (zone, 0), ==, 250000);
  g_assert_cmpuint (ma_zone_get_nr_free_list (zone, 0, MA_MIGRATE_MOVABLE), ==, 249000);
  g_assert_cmpuint (ma_zone_get_nr_free_list (zone, 0, MA_MIGRATE_UNMOVABLE), ==, 1000);
  g_assert_cmpuint (ma_zone_get_nr_free (zone, 10), ==, 3000);
  /* sized from the pageblock counts: 8050 pageblocks of 512 pages at least */
  g_assert_cmpuint (ma_zone_get_present (zone), >=, 8050 * 512);
  g_assert_true (notes_mention (notes, "sized to hold their free blocks"));
  g_assert_true (notes_mention (notes, "laid out one after another"));
}

/* A kernel log: the machine of its (last) OOM report. */
static void
test_oom_reports (void)
{
  static const char * const logs[] = {
    "francesbagual-2016-ubuntu-3.x-journal/kern.log",
    "lkml-2026-bainbridge-6.19-alloc-failure/dmesg.txt",
    "oomanalyser-rhel7-3.10-2node/oom.txt",
    "raspberrypi-issue-3872-6.x-partial/dmesg.txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (logs); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "oom", logs[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, &error);
      g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(MaMachine) m = NULL;
      MaOomReport *report;
      guint64 page_kb;

      g_assert_no_error (error);
      g_test_message ("%s", logs[i]);
      m = ma_snapshot_machine_new (snap, 1, notes, &error);
      g_assert_no_error (error);
      g_assert_true (ma_machine_check (m, TRUE, NULL));
      report = ma_snapshot_get_oom_report (snap, ma_snapshot_get_n_oom_reports (snap) - 1);
      page_kb = ma_oom_report_get_page_size (report) / 1024;
      for (guint z = 0; z < ma_oom_report_get_n_zones (report); z++)
        {
          const MaOomZone *oz = ma_oom_report_get_zone (report, z);
          MaZone *zone = machine_zone (m, oz->node_id, oz->name);
          g_autofree char *what = g_strdup_printf ("%s %s", logs[i], oz->name);
          guint64 kb;

          g_assert_nonnull (zone);
          if (oz->n_orders > 0)
            assert_counts (m, notes, zone, oz->order_counts, oz->n_orders, what);
          if (ma_oom_zone_get_kb (oz, "managed", &kb))
            g_assert_cmpuint (ma_zone_get_managed (zone) * page_kb, ==, kb - kb % page_kb);
          if (ma_oom_zone_get_kb (oz, "min", &kb))
            g_assert_cmpuint (ma_zone_get_watermark (zone, MA_WMARK_MIN), ==, kb / page_kb);
        }
      g_assert_true (notes_mention (notes, "OOM report"));
    }
}

/* The synthetic bundle of `bench parse`, smaller: opened to a machine with its counts. */
static void
test_bench_bundle (void)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_synthesize (2, G_GUINT64_CONSTANT (8) << 30, 4, 9);
  g_autoptr(GBytes) bundle = ma_snapshot_to_bundle (snap);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = ma_bench_open_snapshot (bundle, &error);
  g_autoptr(MaMachine) again = NULL;

  g_assert_no_error (error);
  g_assert_true (ma_machine_check (m, TRUE, NULL));
  g_assert_cmpuint (ma_machine_get_n_nodes (m), ==, 2);
  check_snapshot_machine (snap, "synthetic");

  /* the same bundle twice gives the same machine */
  again = ma_bench_open_snapshot (bundle, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma_machine_hash_state (again), ==, ma_machine_hash_state (m));
}

/* kpageflags that contradict the counts (no free page at all where buddyinfo counts many) are
 * not applied: the layout stays reconstructed, and the machine says why. The real layout is
 * tested in test-procfs-pageflags.c. */
static void
test_kpageflags_note (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots",
                                                 "github-debian11-5.10.84-qemu-x86_64-2vcpu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, &error);
  g_autoptr(MaPageRleBuilder) builder = ma_page_rle_builder_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaMachine) m = NULL;
  g_autoptr(MaPageRle) rle = NULL;

  g_assert_no_error (error);
  ma_page_rle_builder_add_run (builder, 524288, 0);
  rle = ma_page_rle_builder_end (g_steal_pointer (&builder), NULL);
  g_assert_true (ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, rle));
  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  g_assert_true (notes_mention (notes, "they do not describe the same moment"));
  g_assert_true (notes_mention (notes, "layout reconstructed"));
}

/* Nothing to build from. */
static void
test_nothing (void)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(GError) error = NULL;
  static const char meminfo[] = "MemTotal:       16000000 kB\nMemFree:         8000000 kB\n";
  g_autoptr(MaMachine) m = NULL;

  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_MEMINFO, meminfo, strlen (meminfo),
                                       "meminfo", &error));
  m = ma_snapshot_machine_new (snap, 1, NULL, &error);
  g_assert_null (m);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "no zoneinfo, buddyinfo"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/machine/every-dump", test_every_dump);
  g_test_add_func ("/ma/procfs/machine/fakeroot", test_fakeroot);
  g_test_add_func ("/ma/procfs/machine/capped-counts", test_capped_counts);
  g_test_add_func ("/ma/procfs/machine/oom-reports", test_oom_reports);
  g_test_add_func ("/ma/procfs/machine/bench-bundle", test_bench_bundle);
  g_test_add_func ("/ma/procfs/machine/kpageflags-note", test_kpageflags_note);
  g_test_add_func ("/ma/procfs/machine/nothing", test_nothing);
  return g_test_run ();
}
