/* test-procfs-check.c: real dumps' watermarks and protection explained by the kernel's rules
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every complete zoneinfo of tests/data/snapshots (copies of ../shared/snapshots) from a 3.8 or
 * newer kernel must come out exact or explained, except the zones listed in `known_unexplained`
 * with the reason they stay so. Inferred values are checked against numbers computed by hand
 * (in the comments).
 */
#include "config.h"

#include <string.h>

#include "ma-procfs.h"
#include "ma-snapshot-check.h"
#include "ma-snapshot-synth.h"

static MaSnapshot *
load_dump (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots", name, NULL);
  g_autoptr(GError) error = NULL;
  MaSnapshot *snap = ma_snapshot_load_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (snap);
  return snap;
}

static MaSnapshotCheck *
check_dump (const char *name)
{
  g_autoptr(MaSnapshot) snap = load_dump (name);
  g_autoptr(GError) error = NULL;
  MaSnapshotCheck *check = ma_snapshot_check (snap, &error);

  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

static const MaZoneCheck *
zone (const MaSnapshotCheck *check,
      guint                  node,
      const char            *name)
{
  const MaZoneCheck *z = ma_snapshot_check_lookup_zone (check, node, name);

  g_assert_nonnull (z);
  return z;
}

static void
assert_verdict (const MaSnapshotCheck *check,
                guint                  node,
                const char            *name,
                MaCheckVerdict         verdict)
{
  const MaZoneCheck *z = zone (check, node, name);

  if (z->verdict != verdict)
    g_error ("node %u %s: %s, expected %s: %s", node, name, ma_check_verdict_to_string (z->verdict),
             ma_check_verdict_to_string (verdict), z->reason);
}

static void
assert_reason (const MaSnapshotCheck *check,
               guint                  node,
               const char            *name,
               const char            *part)
{
  const MaZoneCheck *z = zone (check, node, name);

  if (strstr (z->reason, part) == NULL)
    g_error ("node %u %s: reason “%s” lacks “%s”", node, name, z->reason, part);
}

/* Zones no rule set of the engine explains, and why. */
static const struct
{
  const char *dump;
  const char *zone;
  const char *because;
} known_unexplained[] = {
  /* 4.14.65 ARM board: low and high both exceed the formula by a share of the zone while
   * high − low matches it: Android's extra_free_kbytes (see the test below) */
  { "lkml-2019-arm32-4cpu-4.14-highmem-cma", "DMA", "extra_free_kbytes" },
  { "lkml-2019-arm32-4cpu-4.14-highmem-cma", "HighMem", "extra_free_kbytes" },
};

/* Every complete dump with `managed` lines (3.8 and later): every zone exact or explained. */
static void
test_every_dump (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "snapshots", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_dumps = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(MaSnapshot) snap = NULL;
      g_autoptr(MaSnapshotCheck) check = NULL;
      g_autoptr(GError) error = NULL;
      MaZoneinfo *zi;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      snap = ma_snapshot_load_path (path, &error);
      g_assert_no_error (error);
      zi = ma_snapshot_get_zoneinfo (snap);
      if (zi == NULL || ma_zoneinfo_is_partial (zi)
          || !(ma_zoneinfo_get_markers (zi) & MA_ZONEINFO_MARKER_MANAGED))
        continue;
      check = ma_snapshot_check (snap, &error);
      g_assert_no_error (error);
      n_dumps++;
      g_test_message ("%s: %s", name, ma_snapshot_check_get_summary (check));
      for (guint i = 0; i < ma_snapshot_check_get_n_zones (check); i++)
        {
          const MaZoneCheck *z = ma_snapshot_check_get_zone (check, i);
          const char *because = NULL;

          for (guint k = 0; k < G_N_ELEMENTS (known_unexplained); k++)
            if (g_str_equal (known_unexplained[k].dump, name)
                && g_str_equal (known_unexplained[k].zone, z->name))
              because = known_unexplained[k].because;
          if (because != NULL)
            {
              g_assert_cmpint (z->verdict, ==, MA_CHECK_UNEXPLAINED);
              g_assert_nonnull (strstr (z->reason, because));
              continue;
            }
          if (z->verdict == MA_CHECK_UNEXPLAINED)
            g_error ("%s: node %u %s unexplained: %s", name, z->node_id, z->name, z->reason);
          g_assert_true (z->wmarks_ok);
          g_assert_true (z->protection_ok);
        }
    }
  g_assert_cmpuint (n_dumps, >=, 15);
}

/* Dumps before 3.8 (present pages) come out exact as well. */
static void
test_before_managed (void)
{
  static const struct { const char *dump; guint64 mfk; MaCheckSource source; } cases[] = {
    /* 4·√(4·8192) = 724 */
    { "github-d2000-arm720t-2.6.16-dma-only", 724, MA_CHECK_SOURCE_DEFAULT },
    /* 4·√(4·(4096 + 225280)) = 3831 */
    { "linuxmm-2005-mdamm-i386-p4-2.6.14-highmem", 3831, MA_CHECK_SOURCE_DEFAULT },
    /* 4·√(4·(4064 + 223520)) = 3816 */
    { "linuxmm-2007-i386pae-12G-4cpu-2.6.2x-highmem-preoom", 3816, MA_CHECK_SOURCE_DEFAULT },
    /* 4·√(4·121412) = 2787 (HighMem does not count) */
    { "github-goclever-tablet-android-arm-3.4.5-highmem", 2787, MA_CHECK_SOURCE_DEFAULT },
    /* THP: 3 zones × 512 × 11 × 4 kB */
    { "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", 67584, MA_CHECK_SOURCE_THP },
    /* THP on i686 before 4.10 counts HighMem too, 3 × 512 × 11 = 16896 pages, capped at
     * nr_free_buffer_pages / 20 = 11150 pages = 44600 kB */
    { "fedora-bz866988-i686-qemu-1cpu-3.7rc7-highmem-kswapd", 44600, MA_CHECK_SOURCE_THP_CAPPED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MaSnapshotCheck) check = check_dump (cases[i].dump);
      const MaCheckInferred *inf = ma_snapshot_check_get_inferred (check);

      g_test_message ("%s", cases[i].dump);
      g_assert_cmpuint (ma_snapshot_check_count (check, MA_CHECK_EXACT), ==,
                        ma_snapshot_check_get_n_zones (check));
      g_assert_cmpuint (inf->min_free_kbytes, ==, cases[i].mfk);
      g_assert_cmpint (inf->min_free_kbytes_source, ==, cases[i].source);
    }
}

/* The §10 host, with its sysctls: exact, 67584 = THP's 3 zones × 512 pages × 11 × 4 kB. */
static void
test_exact_with_sysctls (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "fakeroot",
                                                 "vm-6.18.44-x86_64-2cpu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, &error);
  g_autoptr(MaSnapshotCheck) check = NULL;
  const MaCheckInferred *inf;
  const MaZoneCheck *dma32;

  g_assert_no_error (error);
  check = ma_snapshot_check (snap, &error);
  g_assert_no_error (error);
  inf = ma_snapshot_check_get_inferred (check);
  g_assert_cmpuint (ma_snapshot_check_count (check, MA_CHECK_EXACT), ==, 5);
  g_assert_cmpuint (inf->min_free_kbytes, ==, 67584);
  g_assert_cmpint (inf->min_free_kbytes_source, ==, MA_CHECK_SOURCE_SYSCTL);
  g_assert_nonnull (strstr (inf->min_free_kbytes_reason, "THP's recommendation for 3 zones of "
                                                         "512-page pageblocks"));
  g_assert_cmpint (inf->watermark_scale_factor_source, ==, MA_CHECK_SOURCE_SYSCTL);
  g_assert_cmpuint (inf->pageblock_order, ==, 9);
  /* 16896 · 772918 / 2054710 = 6355 */
  dma32 = zone (check, 0, "DMA32");
  g_assert_cmpuint (dma32->computed[MA_WMARK_MIN], ==, 6355);
  g_assert_cmpuint (dma32->printed[MA_WMARK_PROMO], ==, dma32->computed[MA_WMARK_PROMO]);
  assert_reason (check, 0, "Movable", "kernel ≥ 6.6 treats Movable as capped");
  g_assert_cmpstr (inf->kernel, ==, "6.18.44-fc-v595");
  g_assert_null (inf->rules[1]);
}

/* A wrong sysctl makes the same file unexplained, with the numbers. */
static void
test_wrong_sysctl (void)
{
  g_autoptr(MaSnapshot) snap = load_dump ("github-debian11-5.10.84-qemu-x86_64-2vcpu");
  g_autoptr(MaSnapshotCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_snapshot_set_sysctl (snap, "min_free_kbytes", "16384", &error));
  check = ma_snapshot_check (snap, &error);
  g_assert_no_error (error);
  assert_verdict (check, 0, "DMA32", MA_CHECK_UNEXPLAINED);
  assert_reason (check, 0, "DMA32", "printed 11174/13967/16760");
  g_assert_cmpuint (ma_snapshot_check_get_inferred (check)->min_free_kbytes, ==, 16384);
}

/* Managed pages at the last computation from the protection arrays: DMA's protection[DMA32] =
 * 1932 pins DMA32 to 1932·256 … 1932·256 + 255 = 494592 … 494847 (today 503582: the initrd was
 * freed since); min_free_kbytes is THP's 2 zones × 512 × 11 × 4 = 45056. */
static void
test_recovered_from_protection (void)
{
  g_autoptr(MaSnapshotCheck) check = check_dump ("github-debian11-5.10.84-qemu-x86_64-2vcpu");
  const MaCheckInferred *inf = ma_snapshot_check_get_inferred (check);
  const MaZoneCheck *dma32 = zone (check, 0, "DMA32");

  assert_verdict (check, 0, "DMA", MA_CHECK_EXPLAINED);
  assert_verdict (check, 0, "DMA32", MA_CHECK_EXPLAINED);
  assert_verdict (check, 0, "Normal", MA_CHECK_EXACT);
  g_assert_cmpuint (inf->min_free_kbytes, ==, 45056);
  g_assert_cmpint (inf->min_free_kbytes_source, ==, MA_CHECK_SOURCE_THP);
  g_assert_cmpuint (dma32->managed_today, ==, 503582);
  g_assert_cmpuint (dma32->managed_protection_low, ==, 494592);
  g_assert_cmpuint (dma32->managed_protection_high, ==, 494847);
  assert_reason (check, 0, "DMA", "recovered from the protection arrays: DMA32 494592–494847 "
                                  "(today 503582)");

  /* Jetson: protection[Normal] of DMA = 60834 pins Normal to 15573504 … 15573759; the
   * watermark_scale_factor term (managed · 10 / 10000 = 15573) sets low − min there */
  {
    g_autoptr(MaSnapshotCheck) jetson =
      check_dump ("github-jetson-agx-orin-arm64-12cpu-64G-5.x-cma");
    const MaZoneCheck *normal = zone (jetson, 0, "Normal");

    assert_verdict (jetson, 0, "Normal", MA_CHECK_EXPLAINED);
    g_assert_cmpuint (normal->managed_protection_low, ==, 15573504);
    g_assert_cmpuint (normal->managed_protection_high, ==, 15573759);
    g_assert_cmpuint (normal->printed[MA_WMARK_LOW] - normal->printed[MA_WMARK_MIN], ==, 15573);
    g_assert_cmpuint (ma_snapshot_check_get_inferred (jetson)->min_free_kbytes, ==, 45056);
  }

  /* RHEL 8 / 4.18 dumps: THP's 67584 for 3 zones */
  {
    g_autoptr(MaSnapshotCheck) sos = check_dump ("sosreport-rhcos-4.18-el8-hyperv-x86_64-2vcpu");

    g_assert_cmpuint (ma_snapshot_check_get_inferred (sos)->min_free_kbytes, ==, 67584);
    g_assert_cmpint (ma_snapshot_check_get_inferred (sos)->min_free_kbytes_source, ==,
                     MA_CHECK_SOURCE_THP);
    assert_verdict (sos, 0, "Device", MA_CHECK_EXACT);
  }
}

/* 5.0 … 5.15 add the boost to every mark without printing it: DMA32 prints min 19510, low
 * 21059 (low − min = 1549 < min/4): its share is 6198 (delta 1549 = 6198/4) and its boost
 * 19510 − 6198 = 13312 = 26 pageblocks of 512; Normal's boost is one pageblock. */
static void
test_hidden_boost (void)
{
  g_autoptr(MaSnapshotCheck) check = check_dump ("procfs-fixture-x86_64-8cpu-5.x");
  const MaZoneCheck *dma32 = zone (check, 0, "DMA32");
  const MaZoneCheck *normal = zone (check, 0, "Normal");

  assert_verdict (check, 0, "DMA32", MA_CHECK_EXPLAINED);
  g_assert_cmpuint (dma32->boost, ==, 13312);
  g_assert_cmpuint (dma32->computed[MA_WMARK_MIN] - dma32->boost, ==, 6198);
  g_assert_cmpuint (normal->boost, ==, 512);
  assert_reason (check, 0, "DMA32", "boost 13312 included (26 pageblocks of 512 pages");
  g_assert_cmpuint (ma_snapshot_check_get_inferred (check)->min_free_kbytes, ==, 67584);
  /* no kernel before 5.0 fits: the rules that fit all have the boost */
  for (const char * const *r = ma_snapshot_check_get_inferred (check)->rules; *r; r++)
    g_assert_nonnull (strstr (*r, "watermark boost"));
}

/* Watermarks from another moment than the protection arrays. */
static void
test_watermarks_from_boot (void)
{
  /* Porteus 5.12 without hugetlbfs: pageblocks of 1024 pages (pagetypeinfo), THP's 3 zones ×
   * 1024 × 11 × 4 = 135168 kB; DMA32 managed fewer pages when the watermarks were computed
   * (its min 7261 is below 33792 · 878483 / 4082496 = 7271) */
  g_autoptr(MaSnapshotCheck) porteus =
    check_dump ("github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10");
  /* CentOS 9 1 GB droplet: THP's 2 × 512 × 11 = 11264 pages are more than 5 % of lowmem, so
   * the recommendation is nr_free_buffer_pages / 20 = 8637 pages = 34548 kB, which holds for
   * DMA32 ≈ 170150 managed pages, not today's 193648 */
  g_autoptr(MaSnapshotCheck) centos =
    check_dump ("github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu");
  const MaZoneCheck *dma32 = zone (centos, 0, "DMA32");

  g_assert_cmpuint (ma_snapshot_check_get_inferred (porteus)->min_free_kbytes, ==, 135168);
  g_assert_cmpint (ma_snapshot_check_get_inferred (porteus)->min_free_kbytes_source, ==,
                   MA_CHECK_SOURCE_THP);
  g_assert_cmpuint (ma_snapshot_check_get_inferred (porteus)->pageblock_order, ==, 10);
  assert_verdict (porteus, 0, "DMA32", MA_CHECK_EXPLAINED);
  assert_reason (porteus, 0, "DMA32", "the watermarks were computed when DMA32 managed");
  g_assert_cmpuint (zone (porteus, 0, "DMA32")->managed_wmarks, <, 878483);

  g_assert_cmpuint (ma_snapshot_check_get_inferred (centos)->min_free_kbytes, ==, 34548);
  g_assert_cmpint (ma_snapshot_check_get_inferred (centos)->min_free_kbytes_source, ==,
                   MA_CHECK_SOURCE_THP_CAPPED);
  g_assert_cmpuint (dma32->managed_wmarks, >, 170000);
  g_assert_cmpuint (dma32->managed_wmarks, <, 171000);
  g_assert_cmpuint (dma32->managed_today, ==, 193648);
  assert_verdict (centos, 0, "DMA32", MA_CHECK_EXPLAINED);
  assert_reason (centos, 0, "DMA32", "pages freed after boot");
}

/* Single-zone boards: the min is min_free_kbytes itself. ZTE 4.1.25: min 306 pages, 1224 kB,
 * the default 4·√lowmem of 23409 … 23447 pages (isqrt(64 · L) = 1224), today 23603. */
static void
test_single_zone (void)
{
  g_autoptr(MaSnapshotCheck) zte = check_dump ("github-zte-modem-armv7-2cpu-4.1.25-lowmem");
  g_autoptr(MaSnapshotCheck) zynq = check_dump ("github-xilinx-zynq-armv7-2cpu-4.4.0-cma");
  const MaCheckInferred *inf = ma_snapshot_check_get_inferred (zte);

  assert_verdict (zte, 0, "Normal", MA_CHECK_EXACT);
  g_assert_cmpuint (inf->min_free_kbytes, ==, 1224);
  g_assert_cmpint (inf->min_free_kbytes_source, ==, MA_CHECK_SOURCE_DEFAULT);
  g_assert_nonnull (strstr (inf->min_free_kbytes_reason, "23409–23447 lowmem pages"));
  /* only the 3.8 … 4.5 rules give high = min + tmp/2 = 306 + 153 = 459 */
  g_assert_nonnull (strstr (inf->rules[0], "low = min + tmp/4, high = min + tmp/2"));

  /* Zynq 4.4: 4·√(4 · 63077) = 2009, the default of today's managed pages */
  g_assert_cmpuint (ma_snapshot_check_get_inferred (zynq)->min_free_kbytes, ==, 2009);
  assert_verdict (zynq, 0, "Normal", MA_CHECK_EXACT);
}

/* Android's extra_free_kbytes is not in the engine: the zones stay unexplained, with the
 * numbers and the diagnosis. DMA: min 4096 (= min_free_kbytes 16384 / 4, the only lowmem zone),
 * the formula's low/high 5120/6144, printed 6416/7440: both 1296 higher. */
static void
test_extra_free_kbytes (void)
{
  g_autoptr(MaSnapshotCheck) check = check_dump ("lkml-2019-arm32-4cpu-4.14-highmem-cma");

  assert_verdict (check, 0, "DMA", MA_CHECK_UNEXPLAINED);
  assert_reason (check, 0, "DMA", "computed min/low/high 4096/5120/6144, printed 4096/6416/7440");
  assert_reason (check, 0, "DMA", "low and high are both 1296 pages");
  assert_verdict (check, 0, "HighMem", MA_CHECK_UNEXPLAINED);
  /* the empty Movable zone of a 32-bit HighMem kernel is capped: min 32 */
  assert_verdict (check, 0, "Movable", MA_CHECK_EXACT);
  assert_reason (check, 0, "Movable", "carved out of HighMem");
  g_assert_cmpuint (ma_snapshot_check_get_inferred (check)->min_free_kbytes, ==, 16384);
}

/* Two nodes, every page in ZONE_DMA: THP counts the 2 populated zones, 45056 kB. */
static void
test_two_nodes (void)
{
  g_autoptr(MaSnapshotCheck) check = check_dump ("notes-arm64-qemu-2node-8cpu-6.x-zoneinfo");

  g_assert_cmpuint (ma_snapshot_check_get_n_zones (check), ==, 8);
  g_assert_cmpuint (ma_snapshot_check_get_inferred (check)->min_free_kbytes, ==, 45056);
  assert_verdict (check, 1, "DMA", MA_CHECK_EXPLAINED);
  assert_verdict (check, 1, "Movable", MA_CHECK_EXACT);
  g_assert_cmpuint (zone (check, 1, "Movable")->computed[MA_WMARK_MIN], ==, 32);
  assert_reason (check, 0, "DMA", "node 0 DMA managed");
}

/* Partial dumps: nothing is claimed that the file does not show. */
static void
test_partial (void)
{
  g_autoptr(MaSnapshotCheck) ia64 =
    check_dump ("linuxmm-2007-hp-ia64-5node-movable-2.6.23rc1mm1-partial");
  g_autoptr(MaSnapshotCheck) hygon =
    check_dump ("cn-notes-hygon-8node-1TB-csv-cma-6.x-PARTIAL-elided");
  g_autoptr(MaSnapshotCheck) samsung = check_dump ("lkml-2023-samsung-android-arm64-5.10-partial");

  g_assert_cmpuint (ma_snapshot_check_count (ia64, MA_CHECK_UNEXPLAINED), ==, 9);
  assert_reason (ia64, 4, "DMA", "nothing to check");
  assert_verdict (hygon, 1, "Normal", MA_CHECK_UNEXPLAINED);
  assert_reason (hygon, 1, "Normal", "partial dump");
  /* Samsung 5.10: low − min = high − low = 8928 = 413348 · 216 / 10000: watermark_scale_factor
   * 216 (Android tuning) */
  assert_verdict (samsung, 0, "DMA32", MA_CHECK_EXACT);
  g_assert_cmpuint (ma_snapshot_check_get_inferred (samsung)->watermark_scale_factor, ==, 216);
  g_assert_cmpint (ma_snapshot_check_get_inferred (samsung)->watermark_scale_factor_source, ==,
                   MA_CHECK_SOURCE_INFERRED);
}

/* No zoneinfo: an error that names the snapshot. */
static void
test_no_zoneinfo (void)
{
  g_autoptr(MaSnapshot) snap = load_dump ("linuxmm-2016-huawei-x86_64-8node-buddyinfo");
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshotCheck) check = ma_snapshot_check (snap, &error);

  g_assert_null (check);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "linuxmm-2016-huawei"));
  g_assert_nonnull (strstr (error->message, "no /proc/zoneinfo"));
}

/* A synthetic 6.18 machine computed with the formulas is exact. */
static void
test_synthetic (void)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_synthesize (3, G_GUINT64_CONSTANT (16) << 30, 8, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshotCheck) check = ma_snapshot_check (snap, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ma_snapshot_check_count (check, MA_CHECK_EXACT), ==,
                    ma_snapshot_check_get_n_zones (check));
  g_assert_cmpint (ma_snapshot_check_get_inferred (check)->min_free_kbytes_source, ==,
                   MA_CHECK_SOURCE_DEFAULT);
}

/* This machine's own /proc, as far as this user may read it. */
static void
test_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_procfs_capture (NULL, MA_CAPTURE_DEFAULT, &error);
  g_autoptr(MaSnapshotCheck) check = NULL;

  if (snap == NULL || ma_snapshot_get_zoneinfo (snap) == NULL)
    {
      g_test_skip ("/proc/zoneinfo cannot be read here");
      return;
    }
  check = ma_snapshot_check (snap, &error);
  g_assert_no_error (error);
  g_test_message ("%s", ma_snapshot_check_get_summary (check));
  for (guint i = 0; i < ma_snapshot_check_get_n_zones (check); i++)
    {
      const MaZoneCheck *z = ma_snapshot_check_get_zone (check, i);

      g_test_message ("node %u %s: %s: %s", z->node_id, z->name,
                      ma_check_verdict_to_string (z->verdict), z->reason);
    }
  g_assert_cmpuint (ma_snapshot_check_count (check, MA_CHECK_UNEXPLAINED), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/check/every-dump", test_every_dump);
  g_test_add_func ("/ma/procfs/check/before-managed", test_before_managed);
  g_test_add_func ("/ma/procfs/check/exact-with-sysctls", test_exact_with_sysctls);
  g_test_add_func ("/ma/procfs/check/wrong-sysctl", test_wrong_sysctl);
  g_test_add_func ("/ma/procfs/check/recovered-from-protection", test_recovered_from_protection);
  g_test_add_func ("/ma/procfs/check/hidden-boost", test_hidden_boost);
  g_test_add_func ("/ma/procfs/check/watermarks-from-boot", test_watermarks_from_boot);
  g_test_add_func ("/ma/procfs/check/single-zone", test_single_zone);
  g_test_add_func ("/ma/procfs/check/extra-free-kbytes", test_extra_free_kbytes);
  g_test_add_func ("/ma/procfs/check/two-nodes", test_two_nodes);
  g_test_add_func ("/ma/procfs/check/partial", test_partial);
  g_test_add_func ("/ma/procfs/check/no-zoneinfo", test_no_zoneinfo);
  g_test_add_func ("/ma/procfs/check/synthetic", test_synthetic);
  g_test_add_func ("/ma/procfs/check/live", test_live);
  return g_test_run ();
}
