/* test-procfs-pagetypeinfo.c: /proc/pagetypeinfo
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
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots", dir, file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

static MaPagetypeinfo *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  MaPagetypeinfo *pti = ma_pagetypeinfo_parse (text, -1, "pagetypeinfo", &error);

  g_assert_no_error (error);
  g_assert_nonnull (pti);
  return pti;
}

static MaPagetypeinfo *
parse_fixture (const char *dir)
{
  gsize len;
  g_autofree char *text = load_fixture (dir, "pagetypeinfo", &len);
  MaPagetypeinfo *pti = parse_text (text);

  g_assert_null (ma_pagetypeinfo_get_warnings (pti)[0]);
  return pti;
}

static char *
type_names (MaPagetypeinfo *pti)
{
  GString *s = g_string_new (NULL);

  for (guint t = 0; t < ma_pagetypeinfo_get_n_types (pti); t++)
    g_string_append_printf (s, "%s%s", t ? "," : "", ma_pagetypeinfo_get_type_name (pti, t));
  return g_string_free (s, FALSE);
}

static const struct
{
  const char *dir;
  int         order;
  guint       n_zones;
  const char *types;
} all_files[] = {
  { "kernel-doc-proc-rst-x86_64-2.6.2x-pagetypeinfo", 9, 2,
   "Unmovable,Reclaimable,Movable,Reserve,Isolate" },
  { "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", 9, 3,
   "Unmovable,Reclaimable,Movable,Reserve,Isolate" },
  { "github-goclever-tablet-android-arm-3.4.5-highmem", 10, 2,
   "Unmovable,Reclaimable,Movable,Reserve,Isolate" },
  { "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu", 9, 3,
   "Unmovable,Reclaimable,Movable,Reserve,CMA,Isolate" },
  { "github-jiofi-jmr540-arm-3.18.20-1cpu", 10, 1,
   "Unmovable,Reclaimable,Movable,CMA,Reserve,Isolate" },
  { "github-zte-modem-armv7-2cpu-4.1.25-lowmem", 10, 1,
   "Unmovable,Reclaimable,Movable,Reserve,CMA,Isolate" },
  { "github-xilinx-zynq-armv7-2cpu-4.4.0-cma", 10, 1,
   "Unmovable,Movable,Reclaimable,HighAtomic,CMA,Isolate" },
  { "sosreport-rhcos-4.18-el8-hyperv-x86_64-2vcpu", 9, 3,
   "Unmovable,Movable,Reclaimable,HighAtomic,Isolate" },
  { "github-ubuntu-5.4.0-170-x86_64-smallvm-pagetypeinfo", 9, 2,
   "Unmovable,Movable,Reclaimable,HighAtomic,CMA,Isolate" },
  { "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10", 10, 3,
   "Unmovable,Movable,Reclaimable,HighAtomic,Isolate" },
  { "github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu", 9, 2,
   "Unmovable,Movable,Reclaimable,HighAtomic,CMA,Isolate" },
  { "github-myblackhole-x86_64-16G-desktop-pagetypeinfo", 9, 3,
   "Unmovable,Movable,Reclaimable,HighAtomic,CMA,Isolate" },
  { "beats-fixture-x86_64-pagetypeinfo", 9, 3,
   "Unmovable,Movable,Reclaimable,HighAtomic,CMA,Isolate" },
  { "notes-arm64-movablecore-pagetypeinfo-pb10", 10, 3,
   "Unmovable,Movable,Reclaimable,HighAtomic" },
};

/* Every dump loads; the migratetypes come from the file, in its order. */
static void
test_all_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_files); i++)
    {
      g_autoptr(MaPagetypeinfo) pti = parse_fixture (all_files[i].dir);
      g_autofree char *types = type_names (pti);

      g_test_message ("%s", all_files[i].dir);
      g_assert_cmpint (ma_pagetypeinfo_get_pageblock_order (pti), ==, all_files[i].order);
      g_assert_cmpuint (ma_pagetypeinfo_get_pages_per_block (pti), ==, 1u << all_files[i].order);
      g_assert_cmpuint (ma_pagetypeinfo_get_n_orders (pti), ==, 11);
      g_assert_cmpuint (ma_pagetypeinfo_get_n_zones (pti), ==, all_files[i].n_zones);
      g_assert_cmpstr (types, ==, all_files[i].types);
      g_assert_true (ma_pagetypeinfo_has_blocks (pti));
      g_assert_false (ma_pagetypeinfo_has_mixed_blocks (pti));
      for (guint z = 0; z < ma_pagetypeinfo_get_n_zones (pti); z++)
        {
          const MaPagetypeinfoZone *zone = ma_pagetypeinfo_get_zone (pti, z);

          g_assert_nonnull (zone->blocks);
          g_assert_cmpuint (zone->types_present, ==, (1u << zone->n_types) - 1);
        }
    }
}

static void
test_values (void)
{
  g_autoptr(MaPagetypeinfo) doc = parse_fixture ("kernel-doc-proc-rst-x86_64-2.6.2x-pagetypeinfo");
  g_autoptr(MaPagetypeinfo) jio = parse_fixture ("github-jiofi-jmr540-arm-3.18.20-1cpu");
  g_autoptr(MaPagetypeinfo) mov = parse_fixture ("notes-arm64-movablecore-pagetypeinfo-pb10");
  const MaPagetypeinfoZone *z;
  int movable;

  z = ma_pagetypeinfo_lookup_zone (doc, 0, "DMA32");
  movable = ma_pagetypeinfo_find_type (doc, "Movable");
  g_assert_cmpint (movable, ==, 2);
  g_assert_cmpuint (ma_pagetypeinfo_zone_get_free (z, movable, 10, NULL), ==, 452);
  g_assert_cmpuint (z->blocks[movable], ==, 967);
  g_assert_cmpuint (z->blocks[ma_pagetypeinfo_find_type (doc, "Reserve")], ==, 2);

  /* the vendor kernel lists CMA before Reserve */
  z = ma_pagetypeinfo_lookup_zone (jio, 0, "Normal");
  g_assert_cmpuint (ma_pagetypeinfo_zone_get_free (z, ma_pagetypeinfo_find_type (jio, "CMA"), 9,
                                                   NULL), ==, 2);
  g_assert_cmpuint (z->blocks[ma_pagetypeinfo_find_type (jio, "Reserve")], ==, 1);
  g_assert_cmpint (ma_pagetypeinfo_find_type (jio, "HighAtomic"), ==, -1);

  z = ma_pagetypeinfo_lookup_zone (mov, 0, "Movable");
  g_assert_cmpuint (z->blocks[ma_pagetypeinfo_find_type (mov, "Movable")], ==, 103);
  g_assert_cmpuint (ma_pagetypeinfo_zone_get_free (z, 1, 10, NULL), ==, 82);
}

/* Files read at one moment: the per-type lists add up to buddyinfo's counts, order by order. */
static void
test_matches_buddyinfo (void)
{
  const char *same_moment[] = {
    "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu",
    "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu",
    "github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu",
    "github-jiofi-jmr540-arm-3.18.20-1cpu",
  };

  for (guint i = 0; i < G_N_ELEMENTS (same_moment); i++)
    {
      gsize len;
      g_autofree char *btext = load_fixture (same_moment[i], "buddyinfo", &len);
      g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (btext, (gssize) len, "buddyinfo", NULL);
      g_autoptr(MaPagetypeinfo) pti = parse_fixture (same_moment[i]);

      g_assert_cmpuint (ma_buddyinfo_get_n_zones (bi), ==, ma_pagetypeinfo_get_n_zones (pti));
      for (guint z = 0; z < ma_pagetypeinfo_get_n_zones (pti); z++)
        {
          const MaPagetypeinfoZone *pz = ma_pagetypeinfo_get_zone (pti, z);
          const MaBuddyinfoZone *bz = ma_buddyinfo_lookup_zone (bi, pz->node_id, pz->name);

          g_assert_nonnull (bz);
          for (guint o = 0; o < pz->n_orders; o++)
            g_assert_cmpuint (ma_pagetypeinfo_zone_sum_order (pz, o, NULL), ==, bz->counts[o]);
        }
    }
}

/* 2.6.24 printed its fifth type's name as "(null)"; the name is kept as printed. */
static void
test_null_type (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("kernel-doc-proc-rst-x86_64-2.6.2x-pagetypeinfo",
                                        "pagetypeinfo", &len);
  g_autoptr(GString) s = g_string_new (text);
  g_autoptr(MaPagetypeinfo) pti = NULL;

  g_string_replace (s, "Isolate", "(null)", 0);
  pti = parse_text (s->str);
  g_assert_cmpint (ma_pagetypeinfo_find_type (pti, "(null)"), ==, 4);
  g_assert_cmpuint (ma_pagetypeinfo_lookup_zone (pti, 0, "DMA")->blocks[4], ==, 0);
}

/* Since ≈5.4 a list longer than 100000 prints as ">100000". */
static void
test_capped (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("beats-fixture-x86_64-pagetypeinfo", "pagetypeinfo", &len);
  g_autoptr(GString) s = g_string_new (text);
  g_autoptr(MaPagetypeinfo) pti = NULL;
  const MaPagetypeinfoZone *z;
  gboolean capped;

  g_assert_cmpuint (g_string_replace (s, "Movable   3137", "Movable >100000", 1), ==, 1);
  pti = parse_text (s->str);
  z = ma_pagetypeinfo_lookup_zone (pti, 0, "Normal");
  g_assert_cmpuint (ma_pagetypeinfo_zone_get_free (z, 1, 0, &capped), ==, 100000);
  g_assert_true (capped);
  g_assert_cmpuint (ma_pagetypeinfo_zone_get_free (z, 1, 1, &capped), ==, 4732);
  g_assert_false (capped);
  g_assert_cmpuint (ma_pagetypeinfo_zone_sum_order (z, 0, &capped), ==, 100000 + 272);
  g_assert_true (capped);
}

/* Multi-node files repeat the whole block per node; page_owner adds the mixed-blocks table. */
static void
test_two_nodes_and_mixed (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10",
                                        "pagetypeinfo", &len);
  g_autoptr(GString) node1 = g_string_new (text);
  g_autoptr(GString) s = g_string_new (text);
  g_autoptr(MaPagetypeinfo) pti = NULL;
  const MaPagetypeinfoZone *z;

  g_string_replace (node1, "Node    0,", "Node    1,", 0);
  g_string_replace (node1, "Node 0,", "Node 1,", 0);
  g_string_append (s, "\n"
                      "Number of mixed blocks    Unmovable      Movable  Reclaimable   HighAtomic "
                      "     Isolate \n"
                      "Node 0, zone      DMA            0            1            0            0  "
                      "          0 \n"
                      "Node 0, zone    DMA32            0            2            0            0  "
                      "          0 \n"
                      "Node 0, zone   Normal            3           14            1            0  "
                      "          0 \n");
  g_string_append (s, node1->str);

  pti = parse_text (s->str);
  g_assert_null (ma_pagetypeinfo_get_warnings (pti)[0]);
  g_assert_true (ma_pagetypeinfo_has_mixed_blocks (pti));
  g_assert_cmpuint (ma_pagetypeinfo_get_n_zones (pti), ==, 6);
  z = ma_pagetypeinfo_lookup_zone (pti, 0, "Normal");
  g_assert_nonnull (z->mixed);
  g_assert_cmpuint (z->mixed[1], ==, 14);
  z = ma_pagetypeinfo_lookup_zone (pti, 1, "Normal");
  g_assert_nonnull (z);
  g_assert_null (z->mixed);
  g_assert_cmpuint (z->blocks[1], ==, 3120);
  g_assert_cmpuint (ma_pagetypeinfo_zone_get_free (z, 1, 10, NULL), ==, 2667);
  g_assert_cmpuint (z->line, ==, 29 + 15);   /* node 1 starts after 24 + 1 + 4 lines */
}

static void
assert_error (const char    *text,
              MaProcfsError  code,
              const char    *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPagetypeinfo) pti = ma_pagetypeinfo_parse (text, -1, "pagetypeinfo", &error);

  g_assert_null (pti);
  g_assert_error (error, MA_PROCFS_ERROR, (gint) code);
  if (message)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  assert_error ("", MA_PROCFS_ERROR_EMPTY,
                "pagetypeinfo: empty: /proc/pagetypeinfo is readable only by root since Linux 5.4");
  assert_error ("\n  \n", MA_PROCFS_ERROR_EMPTY, NULL);
  assert_error ("Page block order: 9\nPages per block:  512\n\n"
                "Free pages count per migrate type at order       0      2\n",
                MA_PROCFS_ERROR_SYNTAX,
                "pagetypeinfo, line 4: expected the orders 0, 1, 2, … in the header, found 2 in "
                "column 2");
  assert_error ("Page block order: 9\n"
                "Free pages count per migrate type at order       0      1\n"
                "Node    0, zone      DMA, type    Unmovable      0\n",
                MA_PROCFS_ERROR_SYNTAX,
                "pagetypeinfo, line 3: expected 2 free counts (one per order), found 1");
  assert_error ("Page block order: 9\n"
                "Free pages count per migrate type at order       0      1\n"
                "Node    0, zone      DMA, type    Unmovable      0  1x\n",
                MA_PROCFS_ERROR_SYNTAX,
                "pagetypeinfo, line 3: expected a number after “Unmovable”, found “1x”");
  assert_error ("Page block order: 99\n", MA_PROCFS_ERROR_RANGE, NULL);
  assert_error ("Page block order: 9\n\nNumber of blocks type     Unmovable      Movable\n"
                "Node 0, zone      DMA            1\n", MA_PROCFS_ERROR_SYNTAX, NULL);
  assert_error ("Node 0, zone      DMA      1      0      1\n", MA_PROCFS_ERROR_SYNTAX, NULL);
  assert_error ("MemTotal:  1 kB\n", MA_PROCFS_ERROR_UNKNOWN_FORMAT, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/pagetypeinfo/all-files", test_all_files);
  g_test_add_func ("/ma/procfs/pagetypeinfo/values", test_values);
  g_test_add_func ("/ma/procfs/pagetypeinfo/matches-buddyinfo", test_matches_buddyinfo);
  g_test_add_func ("/ma/procfs/pagetypeinfo/null-type", test_null_type);
  g_test_add_func ("/ma/procfs/pagetypeinfo/capped", test_capped);
  g_test_add_func ("/ma/procfs/pagetypeinfo/two-nodes-and-mixed", test_two_nodes_and_mixed);
  g_test_add_func ("/ma/procfs/pagetypeinfo/errors", test_errors);

  return g_test_run ();
}
