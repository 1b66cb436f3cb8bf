/* test-procfs-snapshot.c: snapshots from folders, files, pasted text, bundles and captures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ma-procfs.h"

static char *
fixture_path (const char *first,
              ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, "data");
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static gboolean
has_warning (MaSnapshot *snap,
             const char *needle)
{
  for (const char * const *w = ma_snapshot_get_warnings (snap); *w != NULL; w++)
    if (strstr (*w, needle) != NULL)
      return TRUE;
  return FALSE;
}

static GPtrArray *
list_snapshot_dirs (void)
{
  g_autofree char *root = fixture_path ("snapshots", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (dirs, g_strdup (name));
    }
  g_ptr_array_sort (dirs, (GCompareFunc) g_strcmp0);
  return dirs;
}

/* Every folder of real dumps loads; partial ones with warnings. */
static void
test_all_folders (void)
{
  g_autoptr(GPtrArray) dirs = list_snapshot_dirs ();
  const char *partial[] = { "linuxmm-2007-hp-ia64", "linuxmm-2015-lockfree", "lkml-2023-samsung",
                            "cn-notes-hygon" };

  g_assert_cmpuint (dirs->len, ==, 34);
  for (guint i = 0; i < dirs->len; i++)
    {
      const char *name = dirs->pdata[i];
      g_autofree char *path = fixture_path ("snapshots", name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, &error);
      gboolean is_partial = FALSE;

      g_test_message ("%s", name);
      g_assert_no_error (error);
      g_assert_cmpstr (ma_snapshot_get_source (snap), ==, path);

      for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_VMSTAT; k++)
        {
          g_autofree char *file = g_build_filename (path, ma_procfs_kind_to_string (k), NULL);
          g_assert_cmpint (ma_snapshot_has (snap, k), ==, g_file_test (file, G_FILE_TEST_EXISTS));
        }

      for (guint p = 0; p < G_N_ELEMENTS (partial); p++)
        is_partial |= g_str_has_prefix (name, partial[p]);
      if (is_partial)
        g_assert_true (has_warning (snap, "partial dump") || has_warning (snap, "“...”"));
      if (ma_snapshot_get_zoneinfo (snap) != NULL)
        g_assert_cmpint (ma_zoneinfo_is_partial (ma_snapshot_get_zoneinfo (snap)), ==, is_partial);
    }
}

/* Folders holding two copies of a file keep the first and say so. */
static void
test_second_copies (void)
{
  struct { const char *dir; const char *kind; } cases[] = {
    { "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10", "zoneinfo.earlier-capture" },
    { "linuxmm-2016-huawei-x86_64-8node-buddyinfo", "buddyinfo.patched-kernel" },
    { "linuxmm-2007-hp-ia64-5node-movable-2.6.23rc1mm1-partial", "zoneinfo.after-12G-interleave" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture_path ("snapshots", cases[i].dir, NULL);
      g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, NULL);

      g_assert_true (has_warning (snap, cases[i].kind));
      g_assert_true (has_warning (snap, "was ignored (the first one"));
    }

  {
    g_autofree char *path = fixture_path ("snapshots",
                                          "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10",
                                          NULL);
    g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, NULL);

    /* "zoneinfo" sorts before "zoneinfo.earlier-capture": the complete set wins */
    g_assert_cmpuint (ma_zoneinfo_lookup_zone (ma_snapshot_get_zoneinfo (snap), 0,
                                               "Normal")->free_pages,
                      ==, 2733171);
  }
}

/* buddyinfo and zoneinfo are joined by node and zone; their free counts differ a little. */
static void
test_free_pages (void)
{
  g_autoptr(GPtrArray) dirs = list_snapshot_dirs ();
  guint n_checked = 0;

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = fixture_path ("snapshots", dirs->pdata[i], NULL);
      g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, NULL);
      g_autoptr(GArray) diffs = ma_snapshot_compare_free_pages (snap);

      if (diffs == NULL)
        continue;
      for (guint d = 0; d < diffs->len; d++)
        {
          const MaZoneDifference *z = &g_array_index (diffs, MaZoneDifference, d);

          /* tolerance: 1024 pages + 1 % of the zone */
          g_assert_cmpuint ((guint64) ABS (z->difference), <=, z->tolerance);
          n_checked++;
        }
      g_assert_false (has_warning (snap, "buddyinfo's free blocks hold"));
    }
  g_assert_cmpuint (n_checked, ==, 22);

  {
    g_autofree char *path = fixture_path ("snapshots",
                                          "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10",
                                          NULL);
    g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, NULL);
    g_autoptr(GArray) diffs = ma_snapshot_compare_free_pages (snap);
    const MaZoneDifference *normal = &g_array_index (diffs, MaZoneDifference, 2);

    g_assert_cmpstr (normal->zone_name, ==, "Normal");
    g_assert_cmpint (normal->difference, ==, 17101);
    g_assert_cmpuint (normal->tolerance, ==, 1024 + 32736);
    g_assert_cmpint (g_array_index (diffs, MaZoneDifference, 1).difference, ==, 0);
    /* pagetypeinfo was read with buddyinfo for DMA32 but not for Normal */
    g_assert_true (has_warning (snap, "node 0, zone Normal: pagetypeinfo's free lists differ from "
                                      "buddyinfo in 10 of 11 orders"));
    g_assert_false (has_warning (snap, "zone DMA32: pagetypeinfo"));
  }

  {
    /* far apart: still loaded, with a warning */
    g_autofree char *zpath = fixture_path ("snapshots",
                                           "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu",
                                           "zoneinfo", NULL);
    g_autofree char *zi = read_text (zpath);
    g_autofree char *text = g_strconcat (zi,
                                         "Node 0, zone   Normal   6026  19812  10138   4462   "
                                         "2328   1254    483    246    136     49      0 \n", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(MaSnapshot) snap = ma_snapshot_new_from_text (text, -1, "paste", &error);

    g_assert_no_error (error);
    g_assert_true (has_warning (snap,
                                "node 0, zone Normal: buddyinfo's free blocks hold 321578 pages "
                                      "but zoneinfo says 607278 pages free (-285700)"));
  }
}

/* Text pasted by a user: several files, prompts, noise. */
static void
test_pasted_text (void)
{
  g_autofree char *dir = fixture_path ("snapshots", "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu",
                                       NULL);
  g_autofree char *zp = g_build_filename (dir, "zoneinfo", NULL);
  g_autofree char *bp = g_build_filename (dir, "buddyinfo", NULL);
  g_autofree char *pp = g_build_filename (dir, "pagetypeinfo", NULL);
  g_autofree char *mp = g_build_filename (dir, "meminfo", NULL);
  g_autofree char *zi = read_text (zp);
  g_autofree char *bi = read_text (bp);
  g_autofree char *pti = read_text (pp);
  g_autofree char *mi = read_text (mp);
  g_autoptr(GString) paste = g_string_new ("user@host:~$ cat /proc/zoneinfo\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  guint zi_lines = 0;

  for (const char *c = zi; *c; c++)
    zi_lines += *c == '\n';
  g_string_append (paste, zi);
  g_string_append (paste, bi);                       /* straight after, no separator */
  g_string_append (paste, "\nsome words that are not a proc file\nand more of them\n\n");
  g_string_append (paste, pti);                      /* ends with "Number of blocks" rows… */
  g_string_append (paste, bi);                       /* …then buddyinfo rows again: a 2nd copy */
  g_string_append (paste, "# cat /proc/meminfo\n");
  g_string_append (paste, mi);

  snap = ma_snapshot_new_from_text (paste->str, (gssize) paste->len, "pasted text", &error);
  g_assert_no_error (error);
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_ZONEINFO));
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_BUDDYINFO));
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_PAGETYPEINFO));
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_MEMINFO));
  g_assert_cmpuint (ma_zoneinfo_get_n_zones (ma_snapshot_get_zoneinfo (snap)), ==, 3);
  g_assert_cmpuint (ma_buddyinfo_get_n_zones (ma_snapshot_get_buddyinfo (snap)), ==, 3);
  g_assert_cmpuint (ma_pagetypeinfo_get_n_zones (ma_snapshot_get_pagetypeinfo (snap)), ==, 3);
  g_assert_nonnull (ma_pagetypeinfo_lookup_zone (ma_snapshot_get_pagetypeinfo (snap), 0,
                                                 "Normal")->blocks);
  {
    g_autofree char *verbatim = g_strndup (zi, strlen (zi) - 1);   /* minus its final \n */
    g_assert_cmpstr (ma_snapshot_get_text (snap, MA_PROCFS_KIND_ZONEINFO, NULL), ==, verbatim);
  }

  /* line numbers in warnings are those of the paste */
  {
    g_autofree char *w = g_strdup_printf ("pasted text, lines %u–%u: not part of any known file, "
                                          "ignored", zi_lines + 6, zi_lines + 7);
    g_assert_true (has_warning (snap, w));
  }
  g_assert_true (has_warning (snap, "a second buddyinfo was ignored"));

  g_clear_pointer (&snap, ma_snapshot_unref);
  snap = ma_snapshot_new_from_text ("lorem ipsum\ndolor sit amet\n", -1, "pasted text", &error);
  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  /* an error inside one part names the line of the paste */
  {
    g_autoptr(GString) bad = g_string_new ("header\n");
    g_string_append (bad, bi);
    g_string_append (bad, zi);
    g_string_replace (bad, "        min      10006\n", "        min      1x006\n", 1);
    snap = ma_snapshot_new_from_text (bad->str, -1, "pasted text", &error);
    g_assert_null (snap);
    g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
    g_assert_true (g_str_has_prefix (error->message, "pasted text, line "));
    g_assert_nonnull (strstr (error->message, "expected a number after “min”, found “1x006”"));
  }
}

/* A kernel log with an OOM report pasted together with a zoneinfo. */
static void
test_log_and_zoneinfo (void)
{
  g_autofree char *lp = fixture_path ("oom", "lkml-2026-bainbridge-6.19-alloc-failure", "dmesg.txt",
                                      NULL);
  g_autofree char *zp = fixture_path ("fakeroot", "vm-6.18.44-x86_64-2cpu", "proc", "zoneinfo",
                                      NULL);
  g_autofree char *log = read_text (lp);
  g_autofree char *zi = read_text (zp);
  g_autofree char *text = g_strconcat (zi, "\n$ dmesg | tail\n", log, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_snapshot_new_from_text (text, -1, "paste", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ma_snapshot_get_n_oom_reports (snap), ==, 1);
  g_assert_cmpint (ma_zoneinfo_get_era (ma_snapshot_get_zoneinfo (snap)), ==, MA_ZONEINFO_ERA_E10);
  g_assert_cmpuint (ma_snapshot_get_page_size (snap), ==, 4096);     /* from the 4kB blocks */
  g_assert_null (ma_snapshot_get_warnings (snap)[0]);
}

static void
test_sysctls (void)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(GError) error = NULL;
  const gint64 *ratios;
  gint64 v;
  g_auto(GStrv) names = NULL;

  g_assert_true (ma_snapshot_set_sysctl (snap, "lowmem_reserve_ratio", "256\t256\t32\t0\t0\n",
                                         &error));
  g_assert_cmpuint (ma_snapshot_get_lowmem_reserve_ratio (snap, &ratios), ==, 5);
  g_assert_cmpint (ratios[2], ==, 32);
  g_assert_true (ma_snapshot_set_sysctl (snap, "lowmem_reserve_ratio", "256 32  32", &error));
  g_assert_cmpuint (ma_snapshot_get_lowmem_reserve_ratio (snap, &ratios), ==, 3);
  g_assert_true (ma_snapshot_set_sysctl (snap, "min_free_kbytes", "67584\n", &error));
  g_assert_true (ma_snapshot_get_sysctl_int (snap, "min_free_kbytes", &v));
  g_assert_cmpint (v, ==, 67584);
  g_assert_cmpstr (ma_snapshot_get_sysctl_text (snap, "min_free_kbytes"), ==, "67584\n");
  g_assert_true (ma_snapshot_set_sysctl (snap, "numa_zonelist_order", "Node\n", &error));
  g_assert_false (ma_snapshot_get_sysctl_int (snap, "numa_zonelist_order", NULL));
  names = ma_snapshot_list_sysctls (snap);
  g_assert_cmpstrv (names, ((const char *[]) { "lowmem_reserve_ratio", "min_free_kbytes",
                                               "numa_zonelist_order", NULL }));

  g_assert_false (ma_snapshot_set_sysctl (snap, "min_free_kbytes", "12 13\n", &error));
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "min_free_kbytes: expected one number, found “12 13”");
  g_clear_error (&error);
  g_assert_false (ma_snapshot_set_sysctl (snap, "watermark_scale_factor", "ten\n", &error));
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_false (ma_snapshot_set_sysctl (snap, "lowmem_reserve_ratio", "256 99999999999999999999",
                                          &error));
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE);
  g_clear_error (&error);

  g_assert_true (ma_snapshot_set_thp_enabled (snap, "always [madvise] never\n", &error));
  g_assert_cmpstr (ma_snapshot_get_thp_mode (snap), ==, "madvise");
  g_assert_true (ma_snapshot_set_thp_enabled (snap, "[always] madvise never", &error));
  g_assert_cmpstr (ma_snapshot_get_thp_mode (snap), ==, "always");
  g_assert_true (ma_snapshot_set_thp_enabled (snap, "never\n", &error));
  g_assert_cmpstr (ma_snapshot_get_thp_mode (snap), ==, "never");
  g_assert_false (ma_snapshot_set_thp_enabled (snap, "always madvise never", &error));
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
}

static MaSnapshot *
rich_snapshot (void)
{
  g_autofree char *path = fixture_path ("snapshots",
                                        "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu", NULL);
  g_autofree char *log = fixture_path ("oom", "oomanalyser-rhel7-3.10-2node", "oom.txt", NULL);
  g_autofree char *log_text = read_text (log);
  g_autoptr(MaPageRleBuilder) b = ma_page_rle_builder_new ();
  g_autoptr(MaPageRle) flags = NULL;
  MaSnapshot *snap = ma_snapshot_load_path (path, NULL);

  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_KERNEL_LOG, log_text, strlen (log_text),
                                       "oom.txt", NULL));
  ma_snapshot_set_kernel_release (snap, "3.13.0-77-generic");
  ma_snapshot_set_machine (snap, "x86_64");
  ma_snapshot_set_hostname (snap, "lab-07");
  ma_snapshot_set_page_size (snap, 4096);
  ma_snapshot_set_n_cpus (snap, 8);
  ma_snapshot_set_capture_time (snap, G_GINT64_CONSTANT (1455000000123456));
  g_assert_true (ma_snapshot_set_sysctl (snap, "min_free_kbytes", "67584\n", NULL));
  g_assert_true (ma_snapshot_set_sysctl (snap, "lowmem_reserve_ratio", "256\t256\t32\n", NULL));
  g_assert_true (ma_snapshot_set_thp_enabled (snap, "[always] madvise never\n", NULL));
  ma_page_rle_builder_add_run (b, 1, MA_KPF_MASK (MA_KPF_NOPAGE));
  ma_page_rle_builder_add_run (b, 4095, MA_KPF_MASK (MA_KPF_BUDDY));
  ma_page_rle_builder_add_run (b, G_GUINT64_CONSTANT (2097152),
                               MA_KPF_MASK (MA_KPF_LRU) | (G_GUINT64_CONSTANT (1) << 40));
  flags = ma_page_rle_builder_end (g_steal_pointer (&b), NULL);
  ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, flags);
  ma_snapshot_add_note (snap, "pagetypeinfo: not readable without root");
  ma_snapshot_add_note (snap, "ünïcødé note");
  return snap;
}

/* write → read → write gives the same bytes and the same structs. */
static void
test_bundle_round_trip (void)
{
  g_autoptr(GPtrArray) dirs = list_snapshot_dirs ();
  g_autoptr(MaSnapshot) rich = rich_snapshot ();

  g_autofree char *zp = fixture_path ("snapshots", "lkml-2019-arm32-4cpu-4.14-highmem-cma",
                                      "zoneinfo", NULL);
  g_autofree char *bp = fixture_path ("snapshots", "lkml-2011-mhocko-i386-2.6.38-highmem",
                                      "buddyinfo", NULL);
  g_autofree char *zt = read_text (zp);
  g_autofree char *bt = read_text (bp);
  g_autofree char *paste = g_strconcat ("$ cat /proc/buddyinfo\n", bt, "\n$ cat /proc/zoneinfo\n",
                                        zt, NULL);
  g_autoptr(MaSnapshot) pasted = ma_snapshot_new_from_text (paste, -1, "pasted text", NULL);

  /* NULL: the rich snapshot, then the pasted one (whose parts do not start at line 1) */
  g_ptr_array_add (dirs, NULL);
  g_ptr_array_add (dirs, NULL);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = dirs->pdata[i] ? fixture_path ("snapshots", dirs->pdata[i],
                                                             NULL) : NULL;
      g_autoptr(MaSnapshot) a = path ? ma_snapshot_load_path (path, NULL)
                                     : ma_snapshot_ref (i + 1 == dirs->len ? pasted : rich);
      g_autoptr(GBytes) bytes1 = ma_snapshot_to_bundle (a);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaSnapshot) b = NULL;
      g_autoptr(GBytes) bytes2 = NULL;
      gsize len;
      const char *data = g_bytes_get_data (bytes1, &len);

      b = ma_snapshot_new_from_bundle (data, len, "snapshot.json", &error);
      g_assert_no_error (error);
      bytes2 = ma_snapshot_to_bundle (b);
      g_assert_true (g_bytes_equal (bytes1, bytes2));
      g_assert_true (ma_snapshot_equal (a, b));
      if (a == pasted)
        {
          g_assert_nonnull (strstr (data,
                                    "\"first_lines\" : {\n    \"zoneinfo\" : 7,\n    "
                                    "\"buddyinfo\" : 2\n  }"));
          g_assert_cmpuint (ma_zoneinfo_lookup_zone (ma_snapshot_get_zoneinfo (b), 0,
                                                     "Normal")->line,
                            ==, 6 + 75);
        }
      if (path == NULL)
        g_assert_cmpuint (g_strv_length ((char **) ma_snapshot_get_warnings (a)), ==,
                          g_strv_length ((char **) ma_snapshot_get_warnings (b)));
    }

  {
    g_autoptr(GBytes) bytes = ma_snapshot_to_bundle (rich);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);
    g_autoptr(MaSnapshot) b = ma_snapshot_new_from_bundle (data, len, "snapshot.json", NULL);
    gint64 v;

    g_assert_true (g_str_has_prefix (data,
                                     "{\n  \"format\" : \"memory-atlas-snapshot\",\n  \"version\" "
                                     ": 1,"));
    g_assert_nonnull (strstr (data, "\"capture_time\" : \"2016-02-09T06:40:00Z\""));
    g_assert_cmpuint (ma_page_rle_get_n_frames (ma_snapshot_get_kpageflags (b)), ==,
                      4096 + 2097152);
    g_assert_cmphex (ma_page_rle_lookup (ma_snapshot_get_kpageflags (b), 4096), ==,
                     MA_KPF_MASK (MA_KPF_LRU) | (G_GUINT64_CONSTANT (1) << 40));
    g_assert_cmpint (ma_snapshot_get_capture_time (b), ==, G_GINT64_CONSTANT (1455000000123456));
    g_assert_true (ma_snapshot_get_sysctl_int (b, "min_free_kbytes", &v));
    g_assert_cmpstr (ma_snapshot_get_thp_mode (b), ==, "always");
    g_assert_cmpstr (ma_snapshot_get_notes (b)[1], ==, "ünïcødé note");
    g_assert_cmpuint (ma_snapshot_get_n_oom_reports (b), ==, 1);
    g_assert_cmpuint (ma_zoneinfo_lookup_zone (ma_snapshot_get_zoneinfo (b), 0, "Normal")->managed,
                      ==, 1203593);
  }
}

static void
assert_bundle_error (const char    *json,
                     MaProcfsError  code,
                     const char    *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_snapshot_new_from_bundle (json, strlen (json), "x.json", &error);

  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, (gint) code);
  if (message)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_bundle_errors (void)
{
  assert_bundle_error ("{ not json", MA_PROCFS_ERROR_SYNTAX, NULL);
  assert_bundle_error ("[1, 2]", MA_PROCFS_ERROR_UNKNOWN_FORMAT, NULL);
  assert_bundle_error ("{\"format\": \"something else\", \"version\": 1}",
                       MA_PROCFS_ERROR_UNKNOWN_FORMAT, NULL);
  assert_bundle_error ("{\"format\": \"memory-atlas-snapshot\", \"version\": 99}",
                       MA_PROCFS_ERROR_UNSUPPORTED_VERSION,
                       "x.json: written by a newer Memory Atlas (bundle version 99); this version "
                       "reads bundles up to version 1");
  assert_bundle_error ("{\"format\": \"memory-atlas-snapshot\", \"version\": 1, \"metadata\": "
                       "{\"page_size\": \"4k\"}}",
                       MA_PROCFS_ERROR_SYNTAX, "x.json: “metadata.page_size” should be a whole "
                                               "number");
  assert_bundle_error ("{\"format\": \"memory-atlas-snapshot\", \"version\": 1, \"files\": "
                       "{\"zoneinfo\": "
                       "\"Node 0, zone DMA\\n  pages free 1\\n        min 4x\\n\"}}",
                       MA_PROCFS_ERROR_SYNTAX,
                       "x.json (zoneinfo), line 3: expected a number after “min”, found “4x”");
  assert_bundle_error ("{\"format\": \"memory-atlas-snapshot\", \"version\": 1, \"kpageflags\": "
                       "{\"frames\": 3, \"runs\": 1, \"encoding\": \"leb128-base64\", \"data\": "
                       "\"AQE=\"}}",
                       MA_PROCFS_ERROR_SYNTAX,
                       "x.json (kpageflags): the page runs cover 1 frames, not 3");
  assert_bundle_error ("{\"format\": \"memory-atlas-snapshot\", \"version\": 1, \"sysctl\": "
                       "{\"min_free_kbytes\": \"lots\"}}", MA_PROCFS_ERROR_SYNTAX, NULL);
}

static char *
make_temp_root (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = fixture_path ("fakeroot", "vm-6.18.44-x86_64-2cpu", NULL);
  char *tmp = g_dir_make_tmp ("ma-capture-XXXXXX", &error);
  g_autofree char *cmd = NULL;
  int status;

  g_assert_no_error (error);
  cmd = g_strdup_printf ("cp -r '%s/proc' '%s/sys' '%s/'", src, src, tmp);
  g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return tmp;
}

static void
remove_tree (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
}

/* ma_procfs_capture() over a copy of a real machine's /proc and /sys. */
static void
test_capture_fake_root (void)
{
  g_autofree char *root = fixture_path ("fakeroot", "vm-6.18.44-x86_64-2cpu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = ma_procfs_capture (root, MA_CAPTURE_PAGE_FLAGS, &error);
  const char * const *notes;
  const gint64 *ratios;
  gint64 v;

  g_assert_no_error (error);
  for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_VMSTAT; k++)
    g_assert_true (ma_snapshot_has (snap, k));
  g_assert_cmpint (ma_zoneinfo_get_era (ma_snapshot_get_zoneinfo (snap)), ==, MA_ZONEINFO_ERA_E10);
  g_assert_true (ma_snapshot_get_sysctl_int (snap, "min_free_kbytes", &v));
  g_assert_cmpint (v, ==, 67584);
  g_assert_true (ma_snapshot_get_sysctl_int (snap, "watermark_boost_factor", &v));
  g_assert_cmpint (v, ==, 15000);
  g_assert_cmpuint (ma_snapshot_get_lowmem_reserve_ratio (snap, &ratios), ==, 5);
  g_assert_cmpint (ratios[0], ==, 256);
  g_assert_cmpstr (ma_snapshot_get_thp_mode (snap), ==, "madvise");
  g_assert_cmpstr (ma_snapshot_get_kernel_release (snap), ==, "6.18.44-fc-v595");
  g_assert_cmpstr (ma_snapshot_get_hostname (snap), ==, "vm");
  g_assert_cmpuint (ma_pagetypeinfo_get_n_types (ma_snapshot_get_pagetypeinfo (snap)), ==, 5);
  g_assert_cmpint (ma_snapshot_get_capture_time (snap), >, 0);

  notes = ma_snapshot_get_notes (snap);
  g_assert_true (g_str_has_prefix (notes[0],
                                   "captured: zoneinfo, buddyinfo, pagetypeinfo, meminfo, vmstat, "
                                   "sysctls ("));
  /* each file not read is named, with why and what is missing because of it */
  g_assert_true (g_str_has_suffix (notes[1], "/proc/kpageflags: not found: where the free "
                                   "blocks really are is not known; their places are "
                                   "reconstructed from the counts"));
  g_assert_true (g_str_has_suffix (notes[2], "/proc/kpagecount: not found: how many times each "
                                   "page is mapped is not known"));
  g_assert_null (notes[3]);
}

/* What a non-root capture sees: an empty pagetypeinfo; with root, streamed page frames. */
static void
test_capture_variants (void)
{
  g_autofree char *root = make_temp_root ();
  g_autofree char *pti = g_build_filename (root, "proc", "pagetypeinfo", NULL);
  g_autofree char *kpf = g_build_filename (root, "proc", "kpageflags", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autofree guint8 *frames = g_new0 (guint8, 8 * 3000 + 3);
  const char * const *notes;

  g_assert_true (g_file_set_contents (pti, "", 0, NULL));
  for (guint i = 1000; i < 3000; i++)
    frames[i * 8 + 1] = 0x04;                     /* bit 10: BUDDY */
  g_assert_true (g_file_set_contents (kpf, (const char *) frames, 8 * 3000 + 3, NULL));

  snap = ma_procfs_capture (root, MA_CAPTURE_PAGE_FLAGS, &error);
  g_assert_no_error (error);
  g_assert_false (ma_snapshot_has (snap, MA_PROCFS_KIND_PAGETYPEINFO));
  notes = ma_snapshot_get_notes (snap);
  g_assert_nonnull (strstr (notes[0], "kpageflags (3000 frames in 2 runs)"));
  g_assert_true (g_str_has_suffix (notes[1], "/proc/pagetypeinfo: readable only by root: free "
                                   "blocks per migratetype are not shown; the layout is "
                                   "reconstructed from buddyinfo"));
  g_assert_cmpuint (ma_page_rle_count_frames (ma_snapshot_get_kpageflags (snap),
                                              MA_KPF_MASK (MA_KPF_BUDDY),
                                              MA_KPF_MASK (MA_KPF_BUDDY)), ==, 2000);

  /* a root where nothing is readable is an error */
  g_clear_pointer (&snap, ma_snapshot_unref);
  snap = ma_procfs_capture ("/nonexistent-root", MA_CAPTURE_DEFAULT, &error);
  g_assert_null (snap);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY);
  g_assert_true (g_str_has_prefix (error->message,
                                   "/nonexistent-root/proc: could not read zoneinfo nor "
                                   "buddyinfo"));

  remove_tree (root);
}

/* This machine, when /proc is there (it is world-readable). */
static void
test_capture_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;

  if (!g_file_test ("/proc/zoneinfo", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/zoneinfo here");
      return;
    }
  snap = ma_procfs_capture (NULL, MA_CAPTURE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_ZONEINFO));
  g_assert_cmpuint (ma_snapshot_get_page_size (snap), >=, 4096);
  g_assert_cmpuint (ma_snapshot_get_n_cpus (snap), >=, 1);
  g_assert_nonnull (ma_snapshot_get_kernel_release (snap));
  g_assert_cmpstr (ma_snapshot_get_source (snap), ==, "this machine");
  g_assert_cmpuint (ma_zoneinfo_get_n_zones (ma_snapshot_get_zoneinfo (snap)), >=, 1);
}

static void
test_load_paths (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autofree char *zi = fixture_path ("snapshots", "lkml-2013-zcalusic-x86_64-2cpu-3.10",
                                      "zoneinfo", NULL);
  g_autofree char *log = fixture_path ("oom", "francesbagual-2016-ubuntu-3.x-journal", "kern.log",
                                       NULL);
  g_autofree char *tmp = g_dir_make_tmp ("ma-load-XXXXXX", NULL);
  g_autofree char *bundle = g_build_filename (tmp, "snapshot.json", NULL);
  g_autofree char *empty_dir = g_build_filename (tmp, "empty", NULL);
  g_autofree char *big = g_build_filename (tmp, "big", NULL);
  char *contents = NULL;

  snap = ma_snapshot_load_path (zi, &error);
  g_assert_no_error (error);
  g_assert_true (ma_snapshot_has (snap, MA_PROCFS_KIND_ZONEINFO));
  g_assert_false (ma_snapshot_has (snap, MA_PROCFS_KIND_BUDDYINFO));
  {
    g_autoptr(GBytes) bytes = ma_snapshot_to_bundle (snap);
    g_assert_true (g_file_set_contents (bundle, g_bytes_get_data (bytes, NULL),
                                        (gssize) g_bytes_get_size (bytes), NULL));
  }
  g_clear_pointer (&snap, ma_snapshot_unref);

  snap = ma_snapshot_load_path (bundle, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ma_snapshot_get_source (snap), ==, zi);
  g_clear_pointer (&snap, ma_snapshot_unref);

  snap = ma_snapshot_load_path (log, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma_snapshot_get_n_oom_reports (snap), ==, 1);
  g_clear_pointer (&snap, ma_snapshot_unref);

  snap = ma_snapshot_load_path ("/no/such/snapshot", &error);
  g_assert_null (snap);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "/no/such/snapshot: "));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  snap = ma_snapshot_load_path (empty_dir, &error);
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  {
    /* content wins over a misleading name */
    g_autofree char *misnamed = g_build_filename (tmp, "zoneinfo", NULL);
    g_autofree char *bp = fixture_path ("snapshots", "lkml-2011-mhocko-i386-2.6.38-highmem",
                                        "buddyinfo", NULL);
    g_autofree char *bt = read_text (bp);

    g_assert_true (g_file_set_contents (misnamed, bt, -1, NULL));
    snap = ma_snapshot_load_path (misnamed, &error);
    g_assert_no_error (error);
    g_assert_false (ma_snapshot_has (snap, MA_PROCFS_KIND_ZONEINFO));
    g_assert_cmpuint (ma_buddyinfo_get_n_zones (ma_snapshot_get_buddyinfo (snap)), ==, 3);
    g_assert_true (has_warning (snap, "zoneinfo: named like zoneinfo but holds buddyinfo"));
    g_clear_pointer (&snap, ma_snapshot_unref);
  }

  g_assert_true (g_file_set_contents (big, "0123456789abcdef0123456789abcdef", -1, NULL));
  g_assert_false (ma_procfs_read_file (big, 16, &contents, NULL, &error));
  g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, big));

  remove_tree (tmp);
}

/* The parsers' messages go through gettext: under a German locale a malformed file is refused
 * in German. The tests run under C.UTF-8, where glibc ignores LANGUAGE, and a test cannot
 * install a locale; so a subprocess names a locale de_DE.UTF-8 after the C.UTF-8 data (a
 * LOCPATH folder in the build tree holding that link), which is all gettext needs to pick the
 * German catalog compiled in the build tree. Skipped where either is missing (a build without
 * the UI compiles no catalog). */
static void
test_messages_german (void)
{
  const char *c_utf8 = "/usr/lib/locale/C.utf8";
  g_autofree char *po_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (po_dir, "de", "LC_MESSAGES", "memory-atlas.mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("no German catalog in the build tree (a build without the UI)");
      return;
    }
  if (!g_file_test (c_utf8, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no C.UTF-8 locale data to name a German locale after");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "locale-de", NULL);
      g_autofree char *link = g_build_filename (dir, "de_DE.UTF-8", NULL);
      g_autofree char *path = g_build_filename (dir, "zoneinfo", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaSnapshot) snap = NULL;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      if (!g_file_test (link, G_FILE_TEST_IS_DIR))
        {
          g_unlink (link);
          g_assert_cmpint (symlink (c_utf8, link), ==, 0);
        }
      g_file_set_contents (path, "Node 0, zone   Normal\n  pages free     5\n        min      x\n",
                           -1, &error);
      g_assert_no_error (error);

      g_setenv ("LOCPATH", dir, TRUE);
      g_unsetenv ("LANGUAGE");
      g_assert_nonnull (setlocale (LC_ALL, "de_DE.UTF-8"));
      /* GETTEXT_PACKAGE (meson.build) */
      bindtextdomain ("memory-atlas", po_dir);
      bind_textdomain_codeset ("memory-atlas", "UTF-8");

      snap = ma_snapshot_load_path (path, &error);
      g_assert_null (snap);
      g_assert_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX);
      /* the file and line prefix, the message and the quotation marks are all German */
      g_assert_true (g_str_has_suffix (error->message,
                                       "zoneinfo, Zeile 3: eine Zahl nach „min“ erwartet, "
                                       "„x“ gefunden"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/snapshot/all-folders", test_all_folders);
  g_test_add_func ("/ma/procfs/snapshot/second-copies", test_second_copies);
  g_test_add_func ("/ma/procfs/snapshot/free-pages", test_free_pages);
  g_test_add_func ("/ma/procfs/snapshot/pasted-text", test_pasted_text);
  g_test_add_func ("/ma/procfs/snapshot/log-and-zoneinfo", test_log_and_zoneinfo);
  g_test_add_func ("/ma/procfs/snapshot/sysctls", test_sysctls);
  g_test_add_func ("/ma/procfs/snapshot/bundle-round-trip", test_bundle_round_trip);
  g_test_add_func ("/ma/procfs/snapshot/bundle-errors", test_bundle_errors);
  g_test_add_func ("/ma/procfs/snapshot/capture-fake-root", test_capture_fake_root);
  g_test_add_func ("/ma/procfs/snapshot/capture-variants", test_capture_variants);
  g_test_add_func ("/ma/procfs/snapshot/capture-live", test_capture_live);
  g_test_add_func ("/ma/procfs/snapshot/load-paths", test_load_paths);
  g_test_add_func ("/ma/procfs/snapshot/messages-german", test_messages_german);

  return g_test_run ();
}
