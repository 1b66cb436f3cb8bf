/* test-limits.c: inputs claiming more than any machine has are refused before anything is built
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is a few bytes (or, for the million nodes, a few megabytes of text) that claims
 * an impossible machine. Each must fail with a message saying what and where; that the test
 * finishes at all, under ASan too, shows nothing was allocated for the claim: 2^60 pages would
 * be 16 EiB of MaFrame, and the parsers' duplicate checks over a million zones would take hours.
 */
#include "config.h"

#include <string.h>

#include "ma-limits.h"
#include "ma-machine-spec.h"
#include "ma-procfs.h"

static void
assert_message (const GError *error,
                const char   *expected)
{
  g_assert_nonnull (error);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
expect_refused (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_snapshot_new_from_text (text, -1, "claims", &error);

  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  assert_message (error, expected);
  assert_message (error, "claims");
}

static void
test_frames_fit (void)
{
  g_assert_true (ma_limits_frames_fit (MA_LIMIT_FRAMES, 12));
  g_assert_false (ma_limits_frames_fit (MA_LIMIT_FRAMES + 1, 12));
  g_assert_true (ma_limits_frames_fit (G_GUINT64_CONSTANT (1) << 30, 16));
  g_assert_false (ma_limits_frames_fit ((G_GUINT64_CONSTANT (1) << 30) + 1, 16));
  g_assert_false (ma_limits_frames_fit (G_MAXUINT64, 12));
  g_assert_false (ma_limits_frames_fit (1, 64));
}

/* Node numbers past MAX_NUMNODES, in buddyinfo, pagetypeinfo and zoneinfo. */
static void
test_node_numbers (void)
{
  expect_refused ("Node 1048575, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\n",
                  "line 1: node 1048575; Linux numbers its NUMA nodes from 0 to 1023");
  expect_refused ("Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\n"
                  "Node 4294967295, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\n",
                  "line 2: node 4294967295");
  expect_refused ("Node 4096, zone   Normal\n  pages free     1000\n        min      89\n"
                  "        low      111\n        high     133\n        spanned  4096\n"
                  "        present  4096\n        managed  4000\n  start_pfn:  0\n",
                  "node 4096");
}

/* A million nodes: refused at the first line past node 1023, before any parser runs. */
static void
test_million_nodes (void)
{
  g_autoptr(GString) text = g_string_sized_new (48 * 1000000);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;

  for (guint n = 0; n < 1000000; n++)
    g_string_append_printf (text, "Node %u, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\n", n);
  snap = ma_snapshot_new_from_text (text->str, (gssize) text->len, "million", &error);
  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  assert_message (error, "million, line 1025: node 1024");
}

/* More zones than 1024 nodes of 6 zones, with every node number valid. */
static void
test_zone_lines (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autofree char *expected = g_strdup_printf ("more than %u zone lines", MA_LIMIT_ZONES);

  for (guint n = 0; n < MA_LIMIT_NUMNODES; n++)
    for (guint z = 0; z < 7; z++)
      g_string_append_printf (text, "Node %u, zone Zone%u 1 1 1 1 1 1 1 1 1 1 1\n", n, z);
  snap = ma_snapshot_new_from_text (text->str, (gssize) text->len, "zones", &error);
  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  assert_message (error, expected);
}

static char *
zoneinfo_zone (guint       node,
               guint64     start_pfn,
               guint64     pages,
               const char *pagesets)
{
  return g_strdup_printf ("Node %u, zone   Normal\n  pages free     1000\n        min      89\n"
                          "        low      111\n        high     133\n"
                          "        spanned  %" G_GUINT64_FORMAT "\n"
                          "        present  %" G_GUINT64_FORMAT "\n        managed  1000\n"
                          "        protection: (0, 0, 0, 0)\n%s"
                          "  start_pfn:           %" G_GUINT64_FORMAT "\n",
                          node, pages, pages, pagesets, start_pfn);
}

/* A zone past 52-bit physical addresses; 4 TiB zones on 32 nodes, 128 TiB in all. */
static void
test_memory (void)
{
  g_autofree char *huge = zoneinfo_zone (0, 0, G_GUINT64_CONSTANT (1) << 60, "");
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) fine = NULL;

  expect_refused (huge, "line 1: node 0 zone Normal spans pfns 0 to beyond");

  for (guint n = 0; n < 32; n++)
    {
      g_autofree char *zone = zoneinfo_zone (n, (guint64) n << 30, G_GUINT64_CONSTANT (1) << 30,
                                             "");
      g_string_append (many, zone);
    }
  expect_refused (many->str, "the zones hold 34359738368 pages of 4 KiB, more than 64");

  /* 16 of them, 64 TiB, is a machine that could exist */
  g_string_truncate (many, 0);
  for (guint n = 0; n < 16; n++)
    {
      g_autofree char *zone = zoneinfo_zone (n, (guint64) n << 30, G_GUINT64_CONSTANT (1) << 30,
                                             "");
      g_string_append (many, zone);
    }
  fine = ma_snapshot_new_from_text (many->str, -1, "sixteen", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);

  /* free blocks adding up to more than any machine has */
  expect_refused ("Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 999999999999999\n",
                  "line 1: node 0 zone Normal: the free blocks add up to");
}

/* Pagesets of a CPU past NR_CPUS, and as many orders as a line can hold. */
static void
test_cpus_and_orders (void)
{
  g_autofree char *zone = zoneinfo_zone (0, 0, 4096, "  pagesets\n    cpu: 100000\n"
                                         "              count: 0\n              high:  0\n"
                                         "              batch: 1\n");
  g_autoptr(GString) orders = g_string_new ("Node 0, zone   Normal");

  expect_refused (zone, "pageset of CPU 100000; Linux numbers CPUs below 8192");

  for (guint k = 0; k < 100; k++)
    g_string_append (orders, " 1");
  g_string_append_c (orders, '\n');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MaSnapshot) snap = ma_snapshot_new_from_text (orders->str, -1, "orders", &error);

    g_assert_null (snap);
    assert_message (error, "more than 32 columns");
  }
}

/* A bundle's metadata and page flags are held to the same limits. */
static void
test_bundle (void)
{
  const char *cpus = "{ \"format\": \"memory-atlas-snapshot\", \"version\": 1, "
                     "\"metadata\": { \"n_cpus\": 100000 }, \"files\": { \"buddyinfo\": "
                     "\"Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\\n\" } }";
  const char *frames = "{ \"format\": \"memory-atlas-snapshot\", \"version\": 1, "
                       "\"files\": { \"buddyinfo\": "
                       "\"Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\\n\" }, "
                       "\"kpageflags\": { \"frames\": 1152921504606846976, "
                       "\"encoding\": \"leb128-base64\", \"data\": \"AA==\" } }";
  const char *pages = "{ \"format\": \"memory-atlas-snapshot\", \"version\": 1, "
                      "\"metadata\": { \"page_size\": 65536 }, \"files\": { \"buddyinfo\": "
                      "\"Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 2000000\\n\" } }";
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;

  snap = ma_snapshot_new_from_bundle (cpus, strlen (cpus), "cpus.json", &error);
  g_assert_null (snap);
  assert_message (error, "cpus.json: “metadata.n_cpus” is out of range: 100000");
  g_clear_error (&error);

  snap = ma_snapshot_new_from_bundle (frames, strlen (frames), "frames.json", &error);
  g_assert_null (snap);
  assert_message (error, "“frames” is out of range: 1152921504606846976");
  g_clear_error (&error);

  /* 2 million order-10 blocks of 64 KiB pages: 128 TiB */
  snap = ma_snapshot_new_from_bundle (pages, strlen (pages), "pages.json", &error);
  g_assert_null (snap);
  assert_message (error, "pages of 64 KiB, more than 64");
}

/* An OOM report naming a node past MAX_NUMNODES. */
static void
test_oom_report (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "oom",
                                                 "oomanalyser-rhel7-3.10-2node", "oom.txt", NULL);
  g_autofree char *log = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  snap = ma_snapshot_new_from_text (log, -1, "oom.txt", &error);
  g_assert_no_error (error);
  g_clear_pointer (&snap, ma_snapshot_unref);

  parts = g_strsplit (log, "Node 1 ", -1);
  changed = g_strjoinv ("Node 5000 ", parts);
  snap = ma_snapshot_new_from_text (changed, -1, "oom.txt", &error);
  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  assert_message (error, "node 5000; Linux numbers its NUMA nodes from 0 to 1023");
  g_clear_error (&error);

  /* one report listing 50000 zones, every node number valid: refused before it is parsed */
  {
    const char *at = strstr (log, "Node 1 Normal free:");
    const char *eol = strchr (at, '\n');
    g_autoptr(GString) big = g_string_new_len (log, eol + 1 - log);

    for (guint i = 0; i < 50000; i++)
      g_string_append_printf (big, "Node %u Zone%u free:49436kB min:45444kB low:56804kB "
                              "high:68164kB present:16777212kB managed:16514220kB\n",
                              i % MA_LIMIT_NUMNODES, i);
    g_string_append (big, eol + 1);
    snap = ma_snapshot_new_from_text (big->str, (gssize) big->len, "oom.txt", &error);
    g_assert_null (snap);
    g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
    assert_message (error, "node and zone lines in one report");
  }
}

/* A machine description spanning more than 64 TiB is refused before a frame is allocated. */
static void
test_machine_spec (void)
{
  g_autoptr(MaMachineSpec) spec = ma_machine_spec_new ();
  g_autoptr(GError) error = NULL;
  const guint64 node_frames = (G_GUINT64_CONSTANT (1) << 32) - 4;
  const char *cpus = "{ \"name\": \"cpus\", \"zones\": [\"Normal\"], "
                     "\"nodes\": [ { \"id\": 0, \"cpus\": 100000, "
                     "\"memory\": [[\"0\", \"1G\"]] } ] }";

  spec->n_zone_types = 1;
  spec->zone_types[0] = MA_ZONE_NORMAL;
  for (guint n = 0; n < 5; n++)
    {
      ma_machine_spec_add_node (spec, n, 1);
      ma_machine_spec_add_memory (spec, n, (guint64) n << 32, ((guint64) n << 32) + node_frames);
    }
  g_assert_false (ma_machine_spec_validate (spec, &error));
  g_assert_error (error, MA_MACHINE_SPEC_ERROR, MA_MACHINE_SPEC_ERROR_INVALID);
  assert_message (error, "node 4: the nodes up to it span more than 64");
  g_clear_error (&error);

  g_assert_null (ma_machine_spec_new_from_json (cpus, -1, "cpus.json", &error));
  assert_message (error, "cpus");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/limits/frames-fit", test_frames_fit);
  g_test_add_func ("/ma/limits/node-numbers", test_node_numbers);
  g_test_add_func ("/ma/limits/million-nodes", test_million_nodes);
  g_test_add_func ("/ma/limits/zone-lines", test_zone_lines);
  g_test_add_func ("/ma/limits/memory", test_memory);
  g_test_add_func ("/ma/limits/cpus-and-orders", test_cpus_and_orders);
  g_test_add_func ("/ma/limits/bundle", test_bundle);
  g_test_add_func ("/ma/limits/oom-report", test_oom_report);
  g_test_add_func ("/ma/limits/machine-spec", test_machine_spec);
  return g_test_run ();
}
