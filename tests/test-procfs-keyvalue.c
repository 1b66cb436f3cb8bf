/* test-procfs-keyvalue.c: /proc/meminfo and /proc/vmstat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

static MaKeyValueFile *
parse_file (MaKeyValueKind  kind,
            const char     *first,
            ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  MaKeyValueFile *kv;
  gsize len;
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, "data");
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  kv = ma_key_value_file_parse (kind, text, (gssize) len, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ma_key_value_file_get_warnings (kv)[0]);
  return kv;
}

static const struct
{
  const char *dir;
  guint       n_values;
  guint64     mem_total;
} meminfo_files[] = {
  { "linuxmm-2007-i386pae-12G-4cpu-2.6.2x-highmem-preoom", 28, 12306460 },
  { "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu", 42, 8133452 },
  { "github-goclever-tablet-android-arm-3.4.5-highmem", 37, 990732 },
  { "github-ubuntu14.04-3.13.0-i7-2600-x86_64-8cpu", 42, 8131884 },
  { "github-zte-modem-armv7-2cpu-4.1.25-lowmem", 36, 94412 },
  { "github-xilinx-zynq-armv7-2cpu-4.4.0-cma", 40, 252308 },
  { "sosreport-rhcos-4.18-el8-hyperv-x86_64-2vcpu", 47, 8164548 },
  { "github-debian11-5.10.84-qemu-x86_64-2vcpu", 50, 2030236 },
  { "github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10", 44, 16329984 },
  { "github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu", 55, 789952 },
};

static void
test_meminfo (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (meminfo_files); i++)
    {
      g_autoptr(MaKeyValueFile) kv = parse_file (MA_KEY_VALUE_MEMINFO, "snapshots",
                                                 meminfo_files[i].dir, "meminfo", NULL);
      const MaKeyValue *first = ma_key_value_file_get_value (kv, 0);
      guint64 v;

      g_test_message ("%s", meminfo_files[i].dir);
      g_assert_cmpuint (ma_key_value_file_get_n_values (kv), ==, meminfo_files[i].n_values);
      g_assert_cmpstr (first->name, ==, "MemTotal");
      g_assert_cmpstr (first->unit, ==, "kB");
      g_assert_cmpuint (first->value, ==, meminfo_files[i].mem_total);
      g_assert_true (ma_key_value_file_get (kv, "MemFree", &v));
    }

  {
    g_autoptr(MaKeyValueFile) kv = parse_file (MA_KEY_VALUE_MEMINFO, "snapshots",
                                               "github-ubuntu12.04-3.2.0-i7-2600-x86_64-8cpu",
                                               "meminfo", NULL);
    const MaKeyValue *huge = ma_key_value_file_lookup (kv, "HugePages_Total");
    const MaKeyValue *anon = ma_key_value_file_lookup (kv, "Active(anon)");

    g_assert_null (huge->unit);
    g_assert_cmpuint (huge->value, ==, 0);
    g_assert_cmpuint (anon->value, ==, 75684);
    g_assert_cmpuint (ma_key_value_file_lookup (kv, "VmallocTotal")->value, ==,
                      G_GUINT64_CONSTANT (34359738367));
    g_assert_cmpuint (ma_key_value_file_lookup (kv, "DirectMap2M")->line, ==, 42);
  }
}

static void
test_vmstat (void)
{
  g_autoptr(MaKeyValueFile) kv = parse_file (MA_KEY_VALUE_VMSTAT, "fakeroot",
                                             "vm-6.18.44-x86_64-2cpu", "proc", "vmstat", NULL);
  guint64 v;

  g_assert_cmpint (ma_key_value_file_get_kind (kv), ==, MA_KEY_VALUE_VMSTAT);
  g_assert_cmpuint (ma_key_value_file_get_n_values (kv), >, 150);
  g_assert_cmpstr (ma_key_value_file_get_value (kv, 0)->name, ==, "nr_free_pages");
  g_assert_null (ma_key_value_file_get_value (kv, 0)->unit);
  g_assert_true (ma_key_value_file_get (kv, "pgfault", &v));
  g_assert_cmpuint (v, >, 0);
  g_assert_false (ma_key_value_file_get (kv, "MemTotal", NULL));
}

static void
assert_error (MaKeyValueKind  kind,
              const char     *text,
              MaProcfsError   code,
              const char     *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKeyValueFile) kv = ma_key_value_file_parse (kind, text, -1, NULL, &error);

  g_assert_null (kv);
  g_assert_error (error, MA_PROCFS_ERROR, (gint) code);
  if (message)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  assert_error (MA_KEY_VALUE_MEMINFO, "MemTotal:       12a4 kB\n", MA_PROCFS_ERROR_SYNTAX,
                "meminfo, line 1: expected a number after “MemTotal”, found “12a4”");
  assert_error (MA_KEY_VALUE_MEMINFO, "MemTotal:  99999999999999999999 kB\n", MA_PROCFS_ERROR_RANGE,
                NULL);
  assert_error (MA_KEY_VALUE_VMSTAT, "", MA_PROCFS_ERROR_EMPTY, "vmstat: the file is empty");
  assert_error (MA_KEY_VALUE_VMSTAT, "Node 0, zone DMA\n", MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                "vmstat, line 1: expected “name value”, found “Node 0, zone DMA”; this is not "
                "/proc/vmstat");

  {
    /* a stray line in the middle is skipped with a warning; a cut last line too */
    g_autoptr(GError) error = NULL;
    g_autoptr(MaKeyValueFile) kv = ma_key_value_file_parse (MA_KEY_VALUE_MEMINFO,
                                                            "MemTotal: 1 kB\n-- cut --\nMemFree: "
                                                            "2 kB\nBuffers: 12",
                                                            -1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ma_key_value_file_get_n_values (kv), ==, 3);
    g_assert_cmpstr (ma_key_value_file_get_warnings (kv)[0], ==,
                     "meminfo, line 2: unrecognised line “-- cut --” skipped");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/keyvalue/meminfo", test_meminfo);
  g_test_add_func ("/ma/procfs/keyvalue/vmstat", test_vmstat);
  g_test_add_func ("/ma/procfs/keyvalue/errors", test_errors);

  return g_test_run ();
}
