/* test-procfs-buddyinfo.c: /proc/buddyinfo
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

static MaBuddyinfo *
parse_fixture (const char *dir,
               const char *file)
{
  gsize len;
  g_autofree char *text = load_fixture (dir, file, &len);
  g_autoptr(GError) error = NULL;
  MaBuddyinfo *bi = ma_buddyinfo_parse (text, (gssize) len, file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bi);
  g_assert_null (ma_buddyinfo_get_warnings (bi)[0]);
  return bi;
}

static const struct
{
  const char *dir;
  const char *file;
  guint       n_zones;
} all_files[] = {
  { "github-d2000-arm720t-2.6.16-dma-only", "buddyinfo", 1 },
  { "lkml-2011-mhocko-i386-2.6.38-highmem", "buddyinfo", 3 },
  { "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", "buddyinfo", 3 },
  { "github-goclever-tablet-android-arm-3.4.5-highmem", "buddyinfo", 2 },
  { "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu", "buddyinfo", 3 },
  { "github-jiofi-jmr540-arm-3.18.20-1cpu", "buddyinfo", 1 },
  { "github-zte-modem-armv7-2cpu-4.1.25-lowmem", "buddyinfo", 1 },
  { "github-xilinx-zynq-armv7-2cpu-4.4.0-cma", "buddyinfo", 1 },
  { "linuxmm-2016-huawei-x86_64-8node-buddyinfo", "buddyinfo", 10 },
  { "linuxmm-2016-huawei-x86_64-8node-buddyinfo", "buddyinfo.patched-kernel", 10 },
  { "sosreport-rhcos-4.18-el8-hyperv-x86_64-2vcpu", "buddyinfo", 3 },
  { "node-exporter-fixture-buddyinfo-x86_64", "buddyinfo", 3 },
  { "github-myblackhole-x86_64-16G-desktop-pagetypeinfo", "buddyinfo", 3 },
  { "github-debian11-5.10.84-qemu-x86_64-2vcpu", "buddyinfo", 2 },
  { "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10", "buddyinfo", 3 },
  { "github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu", "buddyinfo", 2 },
  { "procfs-rs-test-x86_64-2node-buddyinfo", "buddyinfo", 4 },
};

static void
test_all_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_files); i++)
    {
      g_autoptr(MaBuddyinfo) bi = parse_fixture (all_files[i].dir, all_files[i].file);

      g_test_message ("%s/%s", all_files[i].dir, all_files[i].file);
      g_assert_cmpuint (ma_buddyinfo_get_n_zones (bi), ==, all_files[i].n_zones);
      g_assert_cmpuint (ma_buddyinfo_get_n_orders (bi), ==, 11);
      for (guint z = 0; z < ma_buddyinfo_get_n_zones (bi); z++)
        {
          const MaBuddyinfoZone *zone = ma_buddyinfo_get_zone (bi, z);
          guint64 sum = 0;

          for (guint k = 0; k < zone->n_orders; k++)
            sum += zone->counts[k] << k;
          g_assert_cmpuint (zone->free_pages, ==, sum);
          g_assert_cmpuint (zone->line, ==, z + 1);
        }
    }
}

static void
test_values (void)
{
  g_autoptr(MaBuddyinfo) i386 = parse_fixture ("lkml-2011-mhocko-i386-2.6.38-highmem", "buddyinfo");
  g_autoptr(MaBuddyinfo) huawei = parse_fixture ("linuxmm-2016-huawei-x86_64-8node-buddyinfo",
                                                 "buddyinfo");
  g_autoptr(MaBuddyinfo) rs = parse_fixture ("procfs-rs-test-x86_64-2node-buddyinfo", "buddyinfo");
  g_autoptr(MaBuddyinfo) d2000 = parse_fixture ("github-d2000-arm720t-2.6.16-dma-only",
                                                "buddyinfo");
  const MaBuddyinfoZone *z;

  z = ma_buddyinfo_lookup_zone (i386, 0, "HighMem");
  g_assert_cmpuint (z->counts[1], ==, 3474);
  g_assert_cmpuint (z->counts[5], ==, 12);
  g_assert_cmpuint (z->counts[6], ==, 0);               /* nothing above order 5 */
  g_assert_cmpuint (z->free_pages, ==, 657 + 3474 * 2 + 1338 * 4 + 873 * 8 + 254 * 16 + 12 * 32);

  g_assert_cmpuint (ma_buddyinfo_lookup_zone (huawei, 7, "Normal")->counts[10], ==, 15500);
  g_assert_null (ma_buddyinfo_lookup_zone (huawei, 7, "DMA"));
  g_assert_cmpuint (ma_buddyinfo_lookup_zone (rs, 1, "Normal")->counts[3], ==, 10325);
  g_assert_cmpuint (ma_buddyinfo_lookup_zone (d2000, 0, "DMA")->free_pages, ==, 5410);
}

/* 14 orders (arm64 with 64 KiB pages) and any count of columns are read from the lines. */
static void
test_orders (void)
{
  const char *text =
    "Node 0, zone      DMA      3      1      2      0      5      1      0      0      0      0  "
    "    1      2      4      8 \n"
    "Node 0, zone   Normal     10      0      0      1      0      0      0      0      0      0  "
    "    0      0      0      1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (text, -1, "buddyinfo", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ma_buddyinfo_get_n_orders (bi), ==, 14);
  g_assert_cmpuint (ma_buddyinfo_lookup_zone (bi, 0, "DMA")->counts[13], ==, 8);
  g_assert_cmpuint (ma_buddyinfo_lookup_zone (bi, 0, "Normal")->free_pages, ==, 10 + 8 + 8192);
}

/* Two captures one after the other: the first is kept, the rest reported. */
static void
test_two_captures (void)
{
  gsize la, lb;
  g_autofree char *a = load_fixture ("linuxmm-2016-huawei-x86_64-8node-buddyinfo", "buddyinfo",
                                     &la);
  g_autofree char *b = load_fixture ("linuxmm-2016-huawei-x86_64-8node-buddyinfo",
                                     "buddyinfo.patched-kernel", &lb);
  g_autofree char *both = g_strconcat (a, b, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (both, -1, "buddyinfo", &error);
  const char * const *w;

  g_assert_no_error (error);
  g_assert_cmpuint (ma_buddyinfo_get_n_zones (bi), ==, 10);
  g_assert_cmpuint (ma_buddyinfo_lookup_zone (bi, 0, "Normal")->counts[0], ==, 2389);  /* first */
  w = ma_buddyinfo_get_warnings (bi);
  g_assert_nonnull (w[0]);
  g_assert_cmpstr (w[0], ==, "buddyinfo, line 11: node 0, zone DMA appears a second time: a "
                   "second capture starts here and was not read (only the first one is used)");
}

static void
assert_error (const char    *text,
              MaProcfsError  code,
              const char    *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (text, -1, "buddyinfo", &error);

  g_assert_null (bi);
  g_assert_error (error, MA_PROCFS_ERROR, (gint) code);
  if (message)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  assert_error ("", MA_PROCFS_ERROR_EMPTY, "buddyinfo: the file is empty");
  assert_error ("Node 0, zone DMA 1 2 3\nNode 0, zone Normal 1 2\n", MA_PROCFS_ERROR_SYNTAX,
                "buddyinfo, line 2: expected 3 free block counts like the lines above, found 2");
  assert_error ("Node 0, zone DMA 1 2 99999999999999999999\n", MA_PROCFS_ERROR_RANGE,
                "buddyinfo, line 1: the number after “the zone name” is too large to be real: "
                "“99999999999999999999”");
  /* fits 64 bits, but not once multiplied by the 2^10 pages of its order */
  assert_error ("Node 0, zone DMA 0 0 0 0 0 0 0 0 0 0 18014398509481984\n", MA_PROCFS_ERROR_RANGE,
                "buddyinfo, line 1: 18014398509481984 free blocks of order 10 are too many to be "
                "real (the page count overflows 64 bits)");
  assert_error ("Node 0, zone DMA 1 2 x3\n", MA_PROCFS_ERROR_SYNTAX, NULL);
  assert_error ("Node 0, zone DMA 1 -2 3\n", MA_PROCFS_ERROR_SYNTAX, NULL);
  assert_error ("Node 0, zone      DMA\n  pages free     3975\n", MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                NULL);
  assert_error ("Node    0, zone      DMA, type    Unmovable      0      0\n",
                MA_PROCFS_ERROR_UNKNOWN_FORMAT, NULL);
  assert_error ("MemTotal: 1 kB\n", MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                "buddyinfo, line 1: expected “Node N, zone NAME” and free block counts, found "
                "“MemTotal: 1 kB”; this is not /proc/buddyinfo");
}

/* A copy cut in the middle of its last line keeps the complete lines. */
static void
test_cut (void)
{
  gsize len;
  g_autofree char *text = load_fixture ("github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", "buddyinfo",
                                        &len);

  for (gsize cut = 110; cut < len; cut += 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse (text, (gssize) cut, "buddyinfo", &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ma_buddyinfo_get_n_zones (bi), >=, 1);
      g_assert_cmpuint (ma_buddyinfo_lookup_zone (bi, 0, "DMA")->free_pages, ==, 3960);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/buddyinfo/all-files", test_all_files);
  g_test_add_func ("/ma/procfs/buddyinfo/values", test_values);
  g_test_add_func ("/ma/procfs/buddyinfo/orders", test_orders);
  g_test_add_func ("/ma/procfs/buddyinfo/two-captures", test_two_captures);
  g_test_add_func ("/ma/procfs/buddyinfo/errors", test_errors);
  g_test_add_func ("/ma/procfs/buddyinfo/cut", test_cut);

  return g_test_run ();
}
