/* test-procfs-zoneinfo.c: /proc/zoneinfo of every era, from real dumps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

static char *
load_fixture (const char *dir,
              const char *file,
              gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots", dir, file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

static MaZoneinfo *
parse_fixture (const char *dir,
               const char *file)
{
  gsize len;
  g_autofree char *text = load_fixture (dir, file, &len);
  g_autoptr(GError) error = NULL;
  MaZoneinfo *zi = ma_zoneinfo_parse (text, (gssize) len, file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (zi);
  return zi;
}

static guint
n_warnings (MaZoneinfo *zi)
{
  return g_strv_length ((char **) ma_zoneinfo_get_warnings (zi));
}

/* Mainline era of a kernel version (KERNEL.md §8.3). */
static MaZoneinfoEra
kernel_era (const char *version)
{
  guint a = 0, b = 0, c = 0;

  sscanf (version, "%u.%u.%u", &a, &b, &c);
  if (a == 2)
    return c <= 17 ? MA_ZONEINFO_ERA_E1 : c <= 24 ? MA_ZONEINFO_ERA_E2 : MA_ZONEINFO_ERA_E3;
  if (a == 3 || (a == 4 && b <= 7))
    return MA_ZONEINFO_ERA_E3;
  if (a == 4)
    return b <= 11 ? MA_ZONEINFO_ERA_E4 : b <= 15 ? MA_ZONEINFO_ERA_E5 : MA_ZONEINFO_ERA_E6;
  if (a == 5)
    return b <= 11 ? MA_ZONEINFO_ERA_E6 : b <= 15 ? MA_ZONEINFO_ERA_E7 : MA_ZONEINFO_ERA_E8;
  if (a == 6)
    return b <= 11 ? MA_ZONEINFO_ERA_E8 : b == 12 ? MA_ZONEINFO_ERA_E9 : MA_ZONEINFO_ERA_E10;
  return MA_ZONEINFO_ERA_E10;
}

typedef struct
{
  const char   *dir;
  const char   *file;
  const char   *kernel_oldest;   /* the kernel(s) SOURCE.txt states or infers */
  const char   *kernel_newest;
  MaZoneinfoEra oldest;          /* what the text says */
  MaZoneinfoEra newest;
  gboolean      partial;
  const char   *backport;        /* why the text is newer than the kernel */
} EraCase;

static const EraCase era_cases[] = {
  { "linuxmm-2005-mdamm-i386-p4-2.6.14-highmem", "zoneinfo", "2.6.14", "2.6.14", 1, 1, FALSE },
  { "github-d2000-arm720t-2.6.16-dma-only", "zoneinfo", "2.6.16", "2.6.16", 1, 1, FALSE },
  { "linuxmm-2007-i386pae-12G-4cpu-2.6.2x-highmem-preoom", "zoneinfo", "2.6.21", "2.6.23", 2, 2,
   FALSE },
  { "linuxmm-2007-hp-ia64-5node-movable-2.6.23rc1mm1-partial", "zoneinfo", "2.6.23", "2.6.23", 2,
   10, TRUE },
  { "linuxmm-2007-hp-ia64-5node-movable-2.6.23rc1mm1-partial", "zoneinfo.after-12G-interleave",
   "2.6.23", "2.6.23", 2, 10, TRUE },
  { "linuxmm-2015-lockfree-x86_64-2node-partial", "zoneinfo", "2.6.32", "3.7", 3, 3, TRUE },
  { "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", "zoneinfo", "3.2.0", "3.2.0", 3, 3, FALSE },
  { "github-goclever-tablet-android-arm-3.4.5-highmem", "zoneinfo", "3.4.5", "3.4.5", 3, 3, FALSE },
  { "fedora-bz866988-i686-qemu-1cpu-3.7rc7-highmem-kswapd", "zoneinfo", "3.7.0", "3.7.0", 3, 3,
   FALSE },
  { "lkml-2013-zcalusic-x86_64-2cpu-3.10", "zoneinfo", "3.10", "3.11", 3, 3, FALSE },
  { "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu", "zoneinfo", "3.13.0", "3.13.0", 3, 3, FALSE },
  { "github-jiofi-jmr540-arm-3.18.20-1cpu", "zoneinfo", "3.18.20", "3.18.20", 3, 3, FALSE },
  { "github-zte-modem-armv7-2cpu-4.1.25-lowmem", "zoneinfo", "4.1.25", "4.1.25", 3, 3, FALSE },
  { "github-xilinx-zynq-armv7-2cpu-4.4.0-cma", "zoneinfo", "4.4.0", "4.4.0", 3, 3, FALSE },
  { "lkml-2019-arm32-4cpu-4.14-highmem-cma", "zoneinfo", "4.14.65", "4.14.65", 5, 5, FALSE },
  { "sosreport-rhcos-4.18-el8-hyperv-x86_64-2vcpu", "zoneinfo", "4.18.0", "4.18.0", 6, 6, FALSE },
  { "github-rocky8.8-4.18.0-477-issabel-x86_64-4cpu", "zoneinfo", "4.18.0", "4.18.0", 6, 6, FALSE },
  { "procfs-fixture-x86_64-8cpu-5.x", "zoneinfo", "4.20", "5.8", 6, 6, FALSE },
  { "node-exporter-fixture-x86_64-32G-5.x", "zoneinfo", "5.8", "5.11", 6, 6, FALSE },
  { "github-debian11-5.10.84-qemu-x86_64-2vcpu", "zoneinfo", "5.10.84", "5.10.84", 6, 6, FALSE },
  { "lkml-2023-samsung-android-arm64-5.10-partial", "zoneinfo", "5.10", "5.10", 3, 10, TRUE },
  { "github-jetson-agx-orin-arm64-12cpu-64G-5.x-cma", "zoneinfo", "5.10", "5.15", 7, 7, FALSE },
  { "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10", "zoneinfo", "5.12.14", "5.12.14", 7, 7,
   FALSE },
  { "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10", "zoneinfo.earlier-capture", "5.12.14",
   "5.12.14", 7, 7, FALSE },
  { "github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu", "zoneinfo", "5.14.0", "5.14.0", 8, 8,
   FALSE,
    "RHEL 9's 5.14 carries the 5.16 `boost` line" },
  { "cn-notes-hygon-8node-1TB-csv-cma-6.x-PARTIAL-elided", "zoneinfo", "6.5", "6.18", 8, 10, TRUE },
  { "notes-arm64-qemu-2node-8cpu-6.x-zoneinfo", "zoneinfo", "6.13", "6.18", 10, 10, FALSE },
};

/* Every dump loads; its era matches the kernel its SOURCE.txt names. */
static void
test_eras (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (era_cases); i++)
    {
      const EraCase *c = &era_cases[i];
      g_autoptr(MaZoneinfo) zi = parse_fixture (c->dir, c->file);
      MaZoneinfoEra oldest, newest;
      MaZoneinfoEra k_oldest = kernel_era (c->kernel_oldest);
      MaZoneinfoEra k_newest = kernel_era (c->kernel_newest);

      g_test_message ("%s/%s", c->dir, c->file);
      ma_zoneinfo_get_era_range (zi, &oldest, &newest);
      g_assert_cmpint (oldest, ==, c->oldest);
      g_assert_cmpint (newest, ==, c->newest);
      g_assert_cmpint (ma_zoneinfo_get_era (zi), ==,
                       oldest == newest ? oldest : MA_ZONEINFO_ERA_UNKNOWN);
      g_assert_cmpint (ma_zoneinfo_is_partial (zi), ==, c->partial);
      g_assert_cmpint (n_warnings (zi) > 0, ==, c->partial);

      if (c->backport == NULL)
        {
          /* the kernel's mainline era lies within what the text allows */
          g_assert_cmpint (k_newest, >=, oldest);
          g_assert_cmpint (k_oldest, <=, newest);
        }
      else
        g_assert_cmpint (k_newest, <, oldest);
    }
}

/* 2.6.14: hot/cold pagesets with low:, active/inactive, scanned (a: i:), priorities. */
static void
test_e1_2_6_14 (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("linuxmm-2005-mdamm-i386-p4-2.6.14-highmem",
                                            "zoneinfo");
  const MaZoneinfoZone *high = ma_zoneinfo_lookup_zone (zi, 0, "HighMem");
  const MaZoneinfoZone *normal = ma_zoneinfo_lookup_zone (zi, 0, "Normal");
  const MaZoneinfoExtra *a;
  guint64 v;

  g_assert_cmpuint (ma_zoneinfo_get_n_zones (zi), ==, 3);
  g_assert_nonnull (high);
  g_assert_cmpuint (high->free_pages, ==, 30);
  g_assert_cmpuint (high->min, ==, 32);              /* free below min */
  g_assert_cmpuint (high->start_pfn, ==, 229376);
  g_assert_false (high->fields & MA_ZONE_HAS_MANAGED);
  g_assert_true (ma_zoneinfo_zone_get_counter (normal, "active", &v));
  g_assert_cmpuint (v, ==, 151351);
  g_assert_true (ma_zoneinfo_zone_get_counter (normal, "tscanned", &v));  /* non-mainline line */
  g_assert_cmpuint (v, ==, 3480599);
  g_assert_cmpuint (normal->n_pagesets, ==, 2);
  g_assert_cmpint (normal->pagesets[0].pcp, ==, 0);
  g_assert_cmpint (normal->pagesets[1].pcp, ==, 1);
  g_assert_cmpuint (normal->pagesets[0].low, ==, 62);
  g_assert_cmpuint (normal->pagesets[0].high, ==, 186);
  g_assert_cmpuint (normal->pagesets[1].batch, ==, 31);
  g_assert_true (normal->pagesets[0].fields & MA_PAGESET_HAS_LOW);
  g_assert_cmpuint (normal->prev_priority, ==, 12);
  g_assert_cmpuint (normal->temp_priority, ==, 12);
  g_assert_cmpuint (normal->n_protection, ==, 3);
  g_assert_cmpint (normal->protection[2], ==, 948);
  a = ma_zoneinfo_zone_get_extra (ma_zoneinfo_lookup_zone (zi, 0, "DMA"), "scanned:a");
  g_assert_nonnull (a);
  g_assert_cmpuint (a->value, ==, 24);
  g_assert_true (ma_zoneinfo_get_markers (zi) & MA_ZONEINFO_MARKER_SCANNED_AI);
}

/* 2.6.2x: "vm stats threshold" per CPU inside the pagesets; protection after the counters. */
static void
test_e2_per_cpu_threshold (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("linuxmm-2007-i386pae-12G-4cpu-2.6.2x-highmem-preoom",
                                            "zoneinfo");
  const MaZoneinfoZone *normal = ma_zoneinfo_lookup_zone (zi, 0, "Normal");
  const MaZoneinfoZone *high = ma_zoneinfo_lookup_zone (zi, 0, "HighMem");
  guint64 v;

  g_assert_cmpuint (normal->n_pagesets, ==, 8);        /* 4 CPUs × hot/cold */
  g_assert_cmpuint (normal->pagesets[5].cpu, ==, 2);
  g_assert_cmpuint (normal->pagesets[5].count, ==, 54);
  g_assert_cmpuint (normal->pagesets[4].vm_stats_threshold, ==, 24);
  g_assert_true (ma_zoneinfo_zone_get_counter (normal, "nr_slab_reclaimable", &v));
  g_assert_cmpuint (v, ==, 188073);
  g_assert_cmpint (normal->protection[2], ==, 90424);
  g_assert_cmpuint (high->present, ==, 2893568);
  g_assert_cmpuint (high->spanned, ==, 2916351);
  g_assert_cmpuint (ma_zoneinfo_get_n_cpus (zi), ==, 4);
  g_assert_true (ma_zoneinfo_get_markers (zi) & MA_ZONEINFO_MARKER_PROTECTION_LAST);
}

/* 4.14 ARM: empty Normal between DMA and HighMem, per-node stats in DMA, node_inactive_ratio. */
static void
test_e5_empty_zones (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("lkml-2019-arm32-4cpu-4.14-highmem-cma", "zoneinfo");
  const MaZoneinfoNode *node = ma_zoneinfo_lookup_node (zi, 0);
  const MaZoneinfoZone *normal = ma_zoneinfo_lookup_zone (zi, 0, "Normal");
  const MaZoneinfoZone *movable = ma_zoneinfo_lookup_zone (zi, 0, "Movable");
  guint64 v;

  g_assert_cmpuint (node->n_zones, ==, 4);
  g_assert_false (ma_zoneinfo_zone_is_populated (normal));
  g_assert_cmpuint (normal->n_pagesets, ==, 0);
  g_assert_cmpuint (normal->n_counters, ==, 0);
  g_assert_cmpuint (normal->n_protection, ==, 4);
  g_assert_cmpint (normal->protection[2], ==, 11928);
  g_assert_cmpuint (movable->min, ==, 32);
  g_assert_true (ma_zoneinfo_node_get_stat (node, "nr_inactive_anon", NULL));
  g_assert_true (ma_zoneinfo_zone_get_counter (ma_zoneinfo_lookup_zone (zi, 0, "HighMem"),
                                               "nr_free_cma", &v));
  g_assert_cmpuint (v, ==, 62429);
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "DMA")->node_inactive_ratio, ==, 0);
  g_assert_true (ma_zoneinfo_lookup_zone (zi, 0, "DMA")->fields & MA_ZONE_HAS_NODE_INACTIVE_RATIO);
}

/* RHEL 4.18 prints a counter without a name in the per-node stats: kept as "". */
static void
test_unnamed_counter (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("sosreport-rhcos-4.18-el8-hyperv-x86_64-2vcpu",
                                            "zoneinfo");
  const MaZoneinfoNode *node = ma_zoneinfo_lookup_node (zi, 0);
  guint64 v;

  g_assert_true (ma_zoneinfo_node_get_stat (node, "", &v));
  g_assert_cmpuint (v, ==, 537792);
  g_assert_cmpstr (node->stats[node->n_stats - 1].name, ==, "");
  g_assert_true (ma_zoneinfo_node_get_stat (node, "nr_written", &v));
  g_assert_cmpuint (v, ==, 260861);
  g_assert_cmpuint (n_warnings (zi), ==, 0);
}

/* 6.7+ pagesets with high_min/high_max; two nodes; boost/promo/cma. */
static void
test_e10_two_nodes (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("notes-arm64-qemu-2node-8cpu-6.x-zoneinfo", "zoneinfo");
  const MaZoneinfoZone *dma0 = ma_zoneinfo_lookup_zone (zi, 0, "DMA");
  const MaZoneinfoZone *dma1 = ma_zoneinfo_lookup_zone (zi, 1, "DMA");

  g_assert_cmpuint (ma_zoneinfo_get_n_nodes (zi), ==, 2);
  g_assert_cmpuint (ma_zoneinfo_get_node (zi, 1)->n_zones, ==, 4);
  g_assert_true (ma_zoneinfo_get_node (zi, 1)->zones == dma1);
  g_assert_cmpuint (dma0->n_pagesets, ==, 8);
  g_assert_cmpuint (dma0->pagesets[2].count, ==, 2135);
  g_assert_cmpuint (dma0->pagesets[0].high_min, ==, 1722);
  g_assert_cmpuint (dma0->pagesets[0].high_max, ==, 7678);
  g_assert_cmpuint (dma0->promo, ==, 9646);
  g_assert_cmpuint (dma1->cma, ==, 8192);
  g_assert_cmpuint (dma1->pagesets[7].high, ==, 1860);
  g_assert_cmpuint (dma1->start_pfn, ==, 524288);
  g_assert_true (dma0->fields & MA_ZONE_HAS_BOOST);
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 1, "Movable")->promo, ==, 32);
}

/* Vendor and out-of-tree trailer lines are kept as extras; UP kernels print no threshold. */
static void
test_unknown_trailers (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("lkml-2013-zcalusic-x86_64-2cpu-3.10", "zoneinfo");
  g_autoptr(MaZoneinfo) up = parse_fixture ("github-jiofi-jmr540-arm-3.18.20-1cpu", "zoneinfo");
  const MaZoneinfoZone *dma32 = ma_zoneinfo_lookup_zone (zi, 0, "DMA32");
  const MaZoneinfoExtra *x = ma_zoneinfo_zone_get_extra (dma32, "avg_age_inactive_file");
  const MaZoneinfoZone *normal = ma_zoneinfo_lookup_zone (up, 0, "Normal");
  guint64 v;

  g_assert_nonnull (x);
  g_assert_true (x->is_number);
  g_assert_cmpuint (x->value, ==, 3184128);
  g_assert_cmpint (x->cpu, ==, -1);
  g_assert_cmpuint (dma32->n_extras, ==, 4);
  g_assert_cmpuint (dma32->inactive_ratio, ==, 5);
  g_assert_false (normal->fields & MA_ZONE_HAS_VM_STATS_THRESHOLD);
  g_assert_true (ma_zoneinfo_zone_get_counter (normal, "nr_swapcache", &v));   /* vendor counter */
  g_assert_cmpuint (normal->managed, ==, 41146);
}

/* Header-only, grep-filtered and elided dumps load with warnings. */
static void
test_partial_dumps (void)
{
  g_autoptr(MaZoneinfo) grep =
    parse_fixture ("linuxmm-2007-hp-ia64-5node-movable-2.6.23rc1mm1-partial", "zoneinfo");
  g_autoptr(MaZoneinfo) elided =
    parse_fixture ("cn-notes-hygon-8node-1TB-csv-cma-6.x-PARTIAL-elided", "zoneinfo");
  g_autoptr(MaZoneinfo) header = parse_fixture ("linuxmm-2015-lockfree-x86_64-2node-partial",
                                                "zoneinfo");
  const MaZoneinfoZone *z;

  g_assert_cmpuint (ma_zoneinfo_get_n_nodes (grep), ==, 5);
  z = ma_zoneinfo_lookup_zone (grep, 0, "Movable");
  g_assert_cmpuint (z->free_pages, ==, 47195);
  g_assert_cmpuint (z->present, ==, 60210);
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (grep, 4, "DMA")->spanned, ==, 32767);
  g_assert_nonnull (strstr (ma_zoneinfo_get_warnings (grep)[0], "lack their min/low/high"));

  z = ma_zoneinfo_lookup_zone (elided, 1, "Normal");
  g_assert_cmpuint (z->cma, ==, 16777216);
  g_assert_cmpuint (z->managed, ==, 33027391);
  g_assert_nonnull (strstr (ma_zoneinfo_get_warnings (elided)[0], "line 3"));

  /* DMA and DMA32 live on node 1, not node 0 */
  g_assert_null (ma_zoneinfo_lookup_zone (header, 0, "DMA"));
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (header, 1, "DMA32")->present, ==, 830385);
}

/* Layout tolerance on a real file: CRLF, tabs, extra blanks, no final newline, a cut line. */
static void
test_tolerance (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu", "zoneinfo",
                                        &len);
  g_autoptr(MaZoneinfo) ref = ma_zoneinfo_parse (text, (gssize) len, "zoneinfo", NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *variants[] = { "crlf", "tabs", "blanks", "no-newline" };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      g_autoptr(MaZoneinfo) zi = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *l = g_strdup (lines[i]);

          if (lines[i + 1] == NULL && *l == '\0')
            break;
          if (v == 1)
            g_strdelimit (l, " ", '\t');
          g_string_append (s, l);
          if (v == 2)
            g_string_append (s, "   ");
          g_string_append (s, v == 0 ? "\r\n" : "\n");
        }
      if (v == 3)
        g_string_truncate (s, s->len - 1);

      zi = ma_zoneinfo_parse (s->str, (gssize) s->len, variants[v], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_warnings (zi), ==, 0);
      g_assert_cmpuint (ma_zoneinfo_get_n_zones (zi), ==, ma_zoneinfo_get_n_zones (ref));
      g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "Normal")->managed, ==, 1203593);
      g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "DMA32")->pagesets[7].count, ==, 164);
      g_assert_cmpint (ma_zoneinfo_get_era (zi), ==, MA_ZONEINFO_ERA_E3);
    }

  /* cut in the middle of the protection line of the last zone */
  {
    const char *cut = strstr (text, "        protection: (0, 0, 0, 0)");
    g_autoptr(MaZoneinfo) zi = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (cut);
    zi = ma_zoneinfo_parse (text, (gssize) (cut - text) + 25, "zoneinfo", &error);
    g_assert_no_error (error);
    g_assert_true (ma_zoneinfo_is_partial (zi));
    g_assert_nonnull (strstr (ma_zoneinfo_get_warnings (zi)[0], "cut short"));
    g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "Normal")->n_protection, ==, 0);
    g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "DMA32")->n_protection, ==, 4);
  }
}

/* A file without a final newline (node_exporter fixture) loses nothing. */
static void
test_no_final_newline (void)
{
  g_autoptr(MaZoneinfo) zi = parse_fixture ("node-exporter-fixture-x86_64-32G-5.x", "zoneinfo");
  const MaZoneinfoZone *dev = ma_zoneinfo_lookup_zone (zi, 0, "Device");
  const MaZoneinfoZone *normal = ma_zoneinfo_lookup_zone (zi, 0, "Normal");

  g_assert_nonnull (dev);
  g_assert_cmpuint (dev->n_protection, ==, 5);
  g_assert_cmpuint (normal->pagesets[6].count, ==, 488);   /* count > high is real */
  g_assert_cmpuint (normal->pagesets[6].high, ==, 378);
  g_assert_cmpuint (n_warnings (zi), ==, 0);
}

static void
assert_parse_error (const char    *text,
                    MaProcfsError  code,
                    const char    *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse (text, -1, "zoneinfo", &error);

  g_assert_null (zi);
  g_assert_error (error, MA_PROCFS_ERROR, (gint) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

/* Malformed values give errors that name the file, the line and what was expected. */
static void
test_errors (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", "zoneinfo",
                                        &len);
  g_autoptr(GString) bad = g_string_new (text);

  g_string_replace (bad, "        min      32\n", "        min      12a4\n", 1);
  assert_parse_error (bad->str, MA_PROCFS_ERROR_SYNTAX,
                      "zoneinfo, line 3: expected a number after “min”, found “12a4”");

  g_string_assign (bad, text);
  g_string_replace (bad, "    nr_mapped    15007\n", "    nr_mapped    99999999999999999999\n", 1);
  assert_parse_error (bad->str, MA_PROCFS_ERROR_RANGE, NULL);

  g_string_assign (bad, text);
  g_string_replace (bad, "protection: (0, 0, 4756, 4756)", "protection: (0, 0, 4756 4756)", 1);
  assert_parse_error (bad->str, MA_PROCFS_ERROR_SYNTAX, NULL);

  assert_parse_error ("", MA_PROCFS_ERROR_EMPTY, "zoneinfo: the file is empty");
  assert_parse_error ("hello world\nthis is not zoneinfo\n", MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                      "zoneinfo, line 1: expected “Node N, zone NAME”, found “hello world”; "
                      "this is not /proc/zoneinfo");
  assert_parse_error ("Node 0, zone      DMA      1      0      1      1      2\n",
                      MA_PROCFS_ERROR_UNKNOWN_FORMAT, NULL);
  assert_parse_error ("Node 99999999999, zone DMA\n", MA_PROCFS_ERROR_RANGE, NULL);

  {
    /* binary data with an explicit length */
    static const char bin[] = "Node 0, zone DMA\n\0\0\0";
    g_autoptr(GError) error = NULL;
    g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse (bin, sizeof bin, "zoneinfo", &error);

    g_assert_null (zi);
    g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT);
    g_assert_nonnull (strstr (error->message, "line 2: binary data"));
  }
}

/* Two captures pasted one after the other: the first is read, with a warning. */
static void
test_second_capture (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10",
                                        "zoneinfo", &len);
  g_autofree char *twice = g_strconcat (text, text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse (twice, -1, "zoneinfo", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ma_zoneinfo_get_n_zones (zi), ==, 4);
  g_assert_nonnull (strstr (ma_zoneinfo_get_warnings (zi)[0], "second capture"));
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "Normal")->free_pages, ==, 2733171);
}

/* The synthetic 4-node, 1024-CPU file of `bench parse`. */
static void
test_synthesized (void)
{
  g_autoptr(GString) s = ma_zoneinfo_synthesize (4, 1024, G_GUINT64_CONSTANT (8) << 20, 7);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse (s->str, (gssize) s->len, "synthetic", &error);
  g_autoptr(GString) again = ma_zoneinfo_synthesize (4, 1024, G_GUINT64_CONSTANT (8) << 20, 7);
  const MaZoneinfoZone *n3;
  guint64 v;

  g_assert_no_error (error);
  g_assert_cmpstr (s->str, ==, again->str);                /* deterministic for a seed */
  g_assert_cmpuint (s->len, >, 900 * 1024);
  g_assert_cmpuint (s->len, <, 1500 * 1024);
  g_assert_cmpint (ma_zoneinfo_get_era (zi), ==, MA_ZONEINFO_ERA_E10);
  g_assert_cmpuint (ma_zoneinfo_get_n_nodes (zi), ==, 4);
  g_assert_cmpuint (ma_zoneinfo_get_n_zones (zi), ==, 20);
  g_assert_cmpuint (ma_zoneinfo_get_n_cpus (zi), ==, 1024);
  g_assert_cmpuint (n_warnings (zi), ==, 0);
  n3 = ma_zoneinfo_lookup_zone (zi, 3, "Normal");
  g_assert_cmpuint (n3->n_pagesets, ==, 1024);
  g_assert_true (ma_zoneinfo_zone_get_counter (n3, "nr_free_pages", &v));
  g_assert_cmpuint (v, ==, n3->free_pages);
  g_assert_true (ma_zoneinfo_node_get_stat (ma_zoneinfo_lookup_node (zi, 3), "nr_kernel_file_pages",
                                            NULL));
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (zi, 0, "Movable")->min, ==, 32);
}

static void
test_equal (void)
{
  g_autoptr(MaZoneinfo) a = parse_fixture ("github-jetson-agx-orin-arm64-12cpu-64G-5.x-cma",
                                           "zoneinfo");
  g_autoptr(MaZoneinfo) b = parse_fixture ("github-jetson-agx-orin-arm64-12cpu-64G-5.x-cma",
                                           "zoneinfo");
  g_autoptr(MaZoneinfo) c = parse_fixture ("github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10",
                                           "zoneinfo.earlier-capture");
  g_autoptr(MaZoneinfo) d = parse_fixture ("github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10",
                                           "zoneinfo");

  g_assert_true (ma_zoneinfo_equal (a, b));
  g_assert_false (ma_zoneinfo_equal (c, d));                 /* Normal differs */
  g_assert_cmpuint (ma_zoneinfo_lookup_zone (a, 0, "Normal")->cma, ==, 131072);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/zoneinfo/eras", test_eras);
  g_test_add_func ("/ma/procfs/zoneinfo/e1-2.6.14", test_e1_2_6_14);
  g_test_add_func ("/ma/procfs/zoneinfo/e2-per-cpu-threshold", test_e2_per_cpu_threshold);
  g_test_add_func ("/ma/procfs/zoneinfo/e5-empty-zones", test_e5_empty_zones);
  g_test_add_func ("/ma/procfs/zoneinfo/unnamed-counter", test_unnamed_counter);
  g_test_add_func ("/ma/procfs/zoneinfo/e10-two-nodes", test_e10_two_nodes);
  g_test_add_func ("/ma/procfs/zoneinfo/unknown-trailers", test_unknown_trailers);
  g_test_add_func ("/ma/procfs/zoneinfo/partial-dumps", test_partial_dumps);
  g_test_add_func ("/ma/procfs/zoneinfo/tolerance", test_tolerance);
  g_test_add_func ("/ma/procfs/zoneinfo/no-final-newline", test_no_final_newline);
  g_test_add_func ("/ma/procfs/zoneinfo/errors", test_errors);
  g_test_add_func ("/ma/procfs/zoneinfo/second-capture", test_second_capture);
  g_test_add_func ("/ma/procfs/zoneinfo/synthesized", test_synthesized);
  g_test_add_func ("/ma/procfs/zoneinfo/equal", test_equal);

  return g_test_run ();
}
