/* test-procfs-oom.c: Mem-Info blocks of OOM reports in real kernel logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

static char *
load_fixture (const char *dir,
              const char *file,
              gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "oom", dir, file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

static GPtrArray *
parse_fixture (const char *dir,
               const char *file)
{
  gsize len;
  g_autofree char *text = load_fixture (dir, file, &len);
  g_autoptr(GError) error = NULL;
  GPtrArray *reports = ma_oom_report_parse_all (text, (gssize) len, file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reports);
  return reports;
}

static guint64
kb (const MaOomZone *zone,
    const char      *name)
{
  guint64 v = 0;

  g_assert_true (ma_oom_zone_get_kb (zone, name, &v));
  return v;
}

/* RHEL 7 (3.10), no log prefixes, two nodes, lowmem_reserve[] at the end of the zone lines. */
static void
test_rhel7 (void)
{
  g_autoptr(GPtrArray) reports = parse_fixture ("oomanalyser-rhel7-3.10-2node", "oom.txt");
  MaOomReport *r = reports->pdata[0];
  const MaOomZone *dma, *n1;
  guint64 mask, v;
  int adj;

  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpint (ma_oom_report_get_kind (r), ==, MA_OOM_REPORT_OOM_KILLER);
  g_assert_cmpstr (ma_oom_report_get_task (r), ==, "sed");
  g_assert_true (ma_oom_report_get_gfp_mask (r, &mask));
  g_assert_cmphex (mask, ==, 0x201da);
  g_assert_null (ma_oom_report_get_gfp_flags (r));
  g_assert_cmpint (ma_oom_report_get_order (r), ==, 0);
  g_assert_true (ma_oom_report_get_oom_score_adj (r, &adj));
  g_assert_cmpint (adj, ==, 0);
  g_assert_cmpuint (ma_oom_report_get_page_size (r), ==, 4096);
  g_assert_null (ma_oom_report_get_warnings (r)[0]);

  g_assert_true (ma_oom_report_get_counter (r, "free", &v));
  g_assert_cmpuint (v, ==, 39513);
  g_assert_true (ma_oom_report_get_counter (r, "active_anon", &v));
  g_assert_cmpuint (v, ==, 7355653);
  g_assert_cmpuint (ma_oom_report_get_n_counters (r), ==, 19);

  g_assert_cmpuint (ma_oom_report_get_n_zones (r), ==, 4);
  dma = ma_oom_report_lookup_zone (r, 0, "DMA");
  g_assert_cmpuint (kb (dma, "free"), ==, 15872);
  g_assert_cmpuint (kb (dma, "min"), ==, 40);
  g_assert_cmpuint (kb (dma, "managed"), ==, 15908);
  g_assert_cmpint (dma->all_unreclaimable, ==, 1);
  g_assert_cmpuint (dma->n_lowmem_reserve, ==, 4);
  g_assert_cmpint (dma->lowmem_reserve[1], ==, 2780);
  g_assert_cmpint (dma->lowmem_reserve[3], ==, 15835);
  g_assert_cmpuint (dma->n_orders, ==, 11);
  g_assert_cmpuint (dma->order_counts[10], ==, 3);
  g_assert_cmpstr (dma->order_types[9], ==, "M");
  g_assert_cmpstr (dma->order_types[0], ==, "");
  g_assert_cmpuint (dma->order_total_kb, ==, 15872);

  n1 = ma_oom_report_lookup_zone (r, 1, "Normal");
  g_assert_true (n1->node_printed);
  g_assert_cmpuint (kb (n1, "free"), ==, 49436);
  g_assert_cmpuint (kb (n1, "present"), ==, 16777212);
  g_assert_cmpuint (n1->order_counts[0], ==, 2245);
  g_assert_cmpuint (n1->order_total_kb, ==, 50836);
  g_assert_cmpuint (n1->fields[n1->n_fields - 1].value, ==,
                    125777);     /* pages_scanned, no unit */
  g_assert_null (n1->fields[n1->n_fields - 1].unit);
}

/* syslog prefix + dmesg timestamp on every line; old per-CPU lines; Reserve (R) letters. */
static void
test_journal_prefix (void)
{
  g_autoptr(GPtrArray) reports = parse_fixture ("francesbagual-2016-ubuntu-3.x-journal",
                                                "kern.log");
  MaOomReport *r = reports->pdata[0];
  const MaOomZone *normal = ma_oom_report_lookup_zone (r, 0, "Normal");
  const MaOomZone *dma = ma_oom_report_lookup_zone (r, 0, "DMA");
  const MaKeyValue *summary;
  guint64 v;

  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpstr (ma_oom_report_get_task (r), ==, "memory-hog-2048");
  g_assert_cmpstr (ma_oom_report_get_invocation (r), ==,
                   "memory-hog-2048 invoked oom-killer: gfp_mask=0x2084d0, order=0, "
                   "oom_score_adj=0");
  g_assert_true (ma_oom_report_get_counter (r, "free", &v));
  g_assert_cmpuint (v, ==, 25271);
  g_assert_true (ma_oom_report_get_counter (r, "free_cma", &v));
  g_assert_cmpuint (kb (normal, "free"), ==, 37908);
  g_assert_cmpuint (kb (normal, "min"), ==, 37920);        /* below min: the OOM */
  g_assert_cmpint (normal->lowmem_reserve[0], ==, 0);
  g_assert_cmpuint (normal->n_lowmem_reserve, ==, 4);
  g_assert_cmpstr (dma->order_types[9], ==, "R");
  g_assert_cmpuint (normal->order_total_kb, ==, 37908);

  summary = ma_oom_report_get_summary (r);
  g_assert_cmpuint (ma_oom_report_get_n_summary (r), ==, 7);
  g_assert_cmpstr (summary[4].name, ==, "pages RAM");
  g_assert_cmpuint (summary[4].value, ==, 2097038);
  g_assert_cmpstr (summary[2].name, ==, "Free swap");
  g_assert_cmpstr (summary[2].unit, ==, "kB");
}

/* 6.19: allocation failure, per-node line, boost/reserved_highatomic/free_highatomic fields. */
static void
test_allocation_failure (void)
{
  g_autoptr(GPtrArray) reports = parse_fixture ("lkml-2026-bainbridge-6.19-alloc-failure",
                                                "dmesg.txt");
  MaOomReport *r = reports->pdata[0];
  const MaOomNode *node = ma_oom_report_get_node (r, 0);
  const MaOomZone *normal = ma_oom_report_lookup_zone (r, 0, "Normal");
  guint64 mask, v;

  g_assert_cmpint (ma_oom_report_get_kind (r), ==, MA_OOM_REPORT_ALLOCATION_FAILURE);
  g_assert_cmpstr (ma_oom_report_get_task (r), ==, "kswapd0");
  g_assert_true (ma_oom_report_get_gfp_mask (r, &mask));
  g_assert_cmphex (mask, ==, 0xc0c40);
  g_assert_cmpstr (ma_oom_report_get_gfp_flags (r), ==, "GFP_NOFS|__GFP_COMP|__GFP_NOMEMALLOC");
  g_assert_false (ma_oom_report_get_oom_score_adj (r, NULL));
  g_assert_cmpuint (ma_oom_report_get_n_counters (r), ==, 20);
  g_assert_true (ma_oom_report_get_counter (r, "kernel_misc_reclaimable", &v));

  g_assert_cmpuint (ma_oom_report_get_n_nodes (r), ==, 1);
  g_assert_cmpint (node->all_unreclaimable, ==, 0);
  g_assert_cmpstr (node->fields[node->n_fields - 1].name, ==, "Balloon");
  g_assert_cmpstr (node->fields[11].name, ==, "shmem_thp");
  g_assert_cmpstr (node->fields[13].name, ==, "anon_thp");
  g_assert_cmpuint (node->fields[13].value, ==, 8534016);

  g_assert_cmpuint (kb (normal, "free"), ==, 79392);
  g_assert_cmpuint (kb (normal, "boost"), ==, 28672);
  g_assert_cmpuint (kb (normal, "min"), ==, 80308);
  g_assert_cmpuint (kb (normal, "reserved_highatomic"), ==, 2048);     /* printed "KB" */
  g_assert_cmpuint (kb (normal, "free_highatomic"), ==, 32);
  g_assert_cmpuint (kb (normal, "managed"), ==, 9346788);
  g_assert_cmpstr (normal->order_types[0], ==, "UMEH");
  g_assert_cmpuint (normal->order_counts[3], ==, 1301);
  g_assert_cmpuint (normal->order_total_kb, ==,
                    79584);                 /* not free: a moment later */
  g_assert_cmpint (ma_oom_report_lookup_zone (r, 0, "DMA32")->lowmem_reserve[2], ==, 9127);
}

/* A kernel without NUMA prints no "Node N" before zone lines; a partial paste still loads. */
static void
test_no_numa_partial (void)
{
  g_autoptr(GPtrArray) reports = parse_fixture ("raspberrypi-issue-3872-6.x-partial", "dmesg.txt");
  MaOomReport *r = reports->pdata[0];
  const MaOomZone *dma = ma_oom_report_lookup_zone (r, 0, "DMA");

  g_assert_cmpint (ma_oom_report_get_kind (r), ==, MA_OOM_REPORT_MEM_INFO_ONLY);
  g_assert_null (ma_oom_report_get_task (r));
  g_assert_false (dma->node_printed);
  g_assert_cmpuint (kb (dma, "free_cma"), ==, 513592);
  g_assert_cmpuint (kb (dma, "boost"), ==, 7216);
  g_assert_cmpstr (dma->order_types[10], ==, "C");
  g_assert_cmpuint (dma->order_counts[10], ==, 125);
  g_assert_cmpint (dma->lowmem_reserve[2], ==, 3188);
  g_assert_cmpuint (ma_oom_report_get_n_nodes (r), ==, 1);
}

/* Other log shapes: printk caller ids, dmesg -T dates, relative times, mail quoting, two OOMs. */
static void
test_log_prefixes (void)
{
  static const char *log =
    "> [  218.519632][ T7791] trinity-c4 invoked oom-killer: "
    "gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=500\n"
    "> [  218.521000][ T7791] Mem-Info:\n"
    "> [  218.521001][ T7791] active_anon:1 inactive_anon:2 isolated_anon:0#012 free:7 free_pcp:1\n"
    "> [  218.521002][ T7791] Node 0 Normal free:28kB boost:0kB min:24kB low:28kB high:32kB "
    "present:1048576kB managed:1896kB\n"
    "> [  218.521003][ T7791] lowmem_reserve[]: 0 0 0 0 0\n"
    "> [  218.521004][ T7791] Node 0 Normal: 3*4kB (M) 2*8kB (U) = 28kB\n"
    "[Sun Sep 27 12:15:02 2026] stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=3, "
    "oom_score_adj=-1000\n"
    "[Sun Sep 27 12:15:02 2026] Mem-Info:\n"
    "[  +0.000004] Node 1 DMA32 free:45120kB min:12840kB low:16050kB high:19260kB\n"
    "[  +0.000004] Node 1 DMA32: 0*4kB 1*8kB 2*16kB = 40kB\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = ma_oom_report_parse_all (log, -1, "log", &error);
  MaOomReport *a, *b;
  const MaOomZone *z;
  guint64 v;
  int adj;

  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 2);
  a = reports->pdata[0];
  b = reports->pdata[1];
  g_assert_cmpstr (ma_oom_report_get_task (a), ==, "trinity-c4");
  g_assert_true (ma_oom_report_get_oom_score_adj (a, &adj));
  g_assert_cmpint (adj, ==, 500);
  g_assert_true (ma_oom_report_get_counter (a, "free", &v));        /* after rsyslog's #012 */
  g_assert_cmpuint (v, ==, 7);
  z = ma_oom_report_lookup_zone (a, 0, "Normal");
  g_assert_cmpuint (kb (z, "managed"), ==, 1896);
  g_assert_cmpuint (z->n_lowmem_reserve, ==, 5);
  g_assert_cmpuint (z->order_counts[1], ==, 2);
  g_assert_cmpuint (ma_oom_report_get_line (b), ==, 7);
  g_assert_cmpint (ma_oom_report_get_order (b), ==, 3);
  g_assert_true (ma_oom_report_get_oom_score_adj (b, &adj));
  g_assert_cmpint (adj, ==, -1000);
  z = ma_oom_report_lookup_zone (b, 1, "DMA32");
  g_assert_cmpuint (kb (z, "high"), ==, 19260);
  g_assert_cmpuint (z->order_total_kb, ==, 40);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = ma_oom_report_parse_all ("Jan 02 12:00:00 host kernel: eth0: link "
                                                       "up\n",
                                                       -1, "dmesg", &error);

  g_assert_null (none);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "dmesg: no OOM report found"));
  g_clear_error (&error);

  none = ma_oom_report_parse_all ("Mem-Info:\nNode 0 Normal free:99999999999999999999kB min:1kB\n",
                                  -1, "dmesg", &error);
  g_assert_null (none);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "dmesg, line 2: the number after “free” is too large to "
                   "be real: “99999999999999999999kB”");
  g_clear_error (&error);

  none = ma_oom_report_parse_all ("Mem-Info:\nNode 0 Normal free:8kB\nNode 0 Normal: "
                                  "18446744073709551615*4096kB = 0kB\n",
                                  -1, "dmesg", &error);
  g_assert_null (none);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  g_clear_error (&error);

  {
    /* mail damage costs the damaged field and a warning, not the report */
    g_autoptr(GPtrArray) r = ma_oom_report_parse_all ("Mem-Info:\nNode 0 Normal free:12652kB "
                                                      "min:14344kB low:19092kB=20\n",
                                                      -1, "mail", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ma_oom_report_get_zone (r->pdata[0], 0)->n_fields, ==, 2);
    g_assert_cmpstr (ma_oom_report_get_warnings (r->pdata[0])[0], ==,
                     "mail, line 2: field “low:19092kB=20” has no number, skipped");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/oom/rhel7-two-nodes", test_rhel7);
  g_test_add_func ("/ma/procfs/oom/journal-prefix", test_journal_prefix);
  g_test_add_func ("/ma/procfs/oom/allocation-failure-6.19", test_allocation_failure);
  g_test_add_func ("/ma/procfs/oom/no-numa-partial", test_no_numa_partial);
  g_test_add_func ("/ma/procfs/oom/log-prefixes", test_log_prefixes);
  g_test_add_func ("/ma/procfs/oom/errors", test_errors);

  return g_test_run ();
}
