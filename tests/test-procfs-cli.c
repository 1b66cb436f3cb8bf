/* test-procfs-cli.c: `memory-atlas-cli inspect` and `check` on fixtures and on bad input
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built memory-atlas-cli (its path comes in MA_CLI from tests/meson.build) and checks
 * exit codes, JSON keys and the messages a user sees.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *r,
         const char *first,
         ...)
{
  const char *cli = g_getenv ("MA_CLI");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

static char *
dump_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "snapshots", name, NULL);
}

static JsonObject *
parse_json (JsonParser *parser,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_inspect_json (void)
{
  g_autofree char *path = dump_path ("github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0, };
  JsonObject *root, *node, *dma, *by_mt;
  JsonArray *nodes, *zones, *blocks, *prot;

  run_cli (&r, "inspect", "--json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (parser, r.out);
  g_assert_true (json_object_has_member (root, "page_size"));
  g_assert_true (json_object_has_member (root, "kernel"));
  g_assert_true (json_object_has_member (root, "era"));
  g_assert_true (json_object_has_member (root, "warnings"));
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 1);
  node = json_array_get_object_element (nodes, 0);
  g_assert_cmpint (json_object_get_int_member (node, "id"), ==, 0);
  zones = json_object_get_array_member (node, "zones");
  g_assert_cmpuint (json_array_get_length (zones), ==, 5);
  dma = json_array_get_object_element (zones, 0);
  g_assert_cmpstr (json_object_get_string_member (dma, "name"), ==, "DMA");
  g_assert_cmpint (json_object_get_int_member (dma, "managed"), ==, 3840);
  g_assert_cmpint (json_object_get_int_member (dma, "free"), ==, 3808);
  g_assert_cmpint (json_object_get_int_member (dma, "min"), ==, 190);
  g_assert_cmpint (json_object_get_int_member (dma, "low"), ==, 237);
  g_assert_cmpint (json_object_get_int_member (dma, "high"), ==, 284);
  prot = json_object_get_array_member (dma, "protection");
  g_assert_cmpint (json_array_get_int_element (prot, 1), ==, 756);
  blocks = json_object_get_array_member (dma, "free_blocks");
  g_assert_cmpuint (json_array_get_length (blocks), ==, 11);
  g_assert_cmpint (json_array_get_int_element (blocks, 10), ==, 3);
  by_mt = json_object_get_object_member (dma, "free_blocks_by_migratetype");
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (by_mt, "Movable"), 10),
                   ==, 3);
  g_assert_true (json_object_has_member (dma, "fragmentation"));
  g_assert_true (json_object_has_member (dma, "pageblocks"));
}

static void
test_inspect_text_and_oom (void)
{
  g_autofree char *path = dump_path ("github-debian11-5.10.84-qemu-x86_64-2vcpu");
  g_autofree char *oom = g_test_build_filename (G_TEST_DIST, "data", "oom",
                                                "oomanalyser-rhel7-3.10-2node", "oom.txt", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0, };
  g_auto(Run) o = { 0, };
  JsonObject *root;

  run_cli (&r, "inspect", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Node 0"));
  g_assert_nonnull (strstr (r.out, "watermarks:  min 11174  low 13967  high 16760"));
  g_assert_nonnull (strstr (r.out, "unusable"));

  run_cli (&o, "inspect", "--json", oom, NULL);
  g_assert_cmpint (o.status, ==, 0);
  root = parse_json (parser, o.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "nodes")), ==, 2);
  g_assert_true (json_object_has_member (root, "oom_report_line"));
}

static void
test_check_json (void)
{
  g_autofree char *path = dump_path ("github-debian11-5.10.84-qemu-x86_64-2vcpu");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0, };
  JsonObject *root, *z, *inferred, *printed, *computed;
  JsonArray *zones;

  run_cli (&r, "check", "--json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (parser, r.out);
  zones = json_object_get_array_member (root, "zones");
  g_assert_cmpuint (json_array_get_length (zones), ==, 5);
  z = json_array_get_object_element (zones, 1);
  g_assert_cmpint (json_object_get_int_member (z, "node"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (z, "zone"), ==, "DMA32");
  g_assert_cmpstr (json_object_get_string_member (z, "verdict"), ==, "explained");
  g_assert_nonnull (strstr (json_object_get_string_member (z, "reason"), "494592–494847"));
  printed = json_object_get_object_member (z, "printed");
  computed = json_object_get_object_member (z, "computed");
  g_assert_cmpint (json_object_get_int_member (printed, "min"), ==, 11174);
  g_assert_cmpint (json_object_get_int_member (computed, "min"), ==, 11174);
  g_assert_true (json_object_has_member (json_object_get_object_member (z, "computed"),
                                         "protection"));
  inferred = json_object_get_object_member (root, "inferred");
  g_assert_cmpint (json_object_get_int_member (inferred, "min_free_kbytes"), ==, 45056);
  g_assert_cmpstr (json_object_get_string_member (inferred, "min_free_kbytes_source"), ==, "thp");
  g_assert_true (json_object_has_member (inferred, "rules"));
}

/* exit 1 when a zone is unexplained, and the text says which */
static void
test_check_unexplained (void)
{
  g_autofree char *path = dump_path ("lkml-2019-arm32-4cpu-4.14-highmem-cma");
  g_auto(Run) r = { 0, };

  run_cli (&r, "check", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "Node 0 DMA: unexplained"));
  g_assert_nonnull (strstr (r.out, "extra_free_kbytes"));
  g_assert_nonnull (strstr (r.out, "2 unexplained"));
}

static void
expect_error (const char *command,
              const char *path,
              const char *message)
{
  g_auto(Run) r = { 0, };

  run_cli (&r, command, path, NULL);
  g_test_message ("%s %s: %d: %s", command, path, r.status, r.err);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, path));
  g_assert_nonnull (strstr (r.err, message));
  g_assert_null (strchr (r.err, '\n') == r.err + strlen (r.err) - 1 ? NULL : "several lines");
}

/* Bad input: exit 1 and one message naming the file, the line and what was expected. */
static void
test_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ma-cli-XXXXXX", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.bin", NULL);
  g_autofree char *cut = g_build_filename (dir, "zoneinfo", NULL);
  g_autofree char *unknown = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *ptdir = g_build_filename (dir, "empty", NULL);
  g_autofree char *empty_pt = g_build_filename (ptdir, "pagetypeinfo", NULL);
  g_autofree char *absurd = g_build_filename (dir, "buddyinfo", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge-buddyinfo", NULL);
  g_autofree char *zoneinfo = NULL;
  g_autofree char *zpath = dump_path ("github-debian11-5.10.84-qemu-x86_64-2vcpu/zoneinfo");
  guint8 bytes[4096];
  gsize len;

  g_assert_nonnull (dir);
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (g_test_rand_int () & 0xff);
  bytes[17] = 0;
  g_assert_true (g_file_set_contents (garbage, (const char *) bytes, sizeof bytes, NULL));
  g_assert_true (g_file_get_contents (zpath, &zoneinfo, &len, NULL));
  g_assert_true (g_file_set_contents (cut, zoneinfo, 700, NULL));
  g_assert_true (g_file_set_contents (unknown, "hello\nthis is no /proc file\n", -1, NULL));
  g_assert_cmpint (g_mkdir (ptdir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (empty_pt, "", 0, NULL));
  g_assert_true (g_file_set_contents (absurd, "Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 "
                                      "99999999999999999999999\n", -1, NULL));
  g_assert_true (g_file_set_contents (huge, "Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 "
                                      "999999999999999\n", -1, NULL));

  for (guint c = 0; c < 2; c++)
    {
      const char *command = c == 0 ? "inspect" : "check";

      expect_error (command, garbage, "binary data");
      expect_error (command, cut, "line 26: the file ends in the middle of a line");
      expect_error (command, unknown, "no /proc file recognised");
      expect_error (command, empty_pt, "empty");
      expect_error (command, absurd, "line 1");
      expect_error (command, huge, "line 1: node 0 zone Normal: the free blocks add up to");
      expect_error (command, "/nonexistent/zoneinfo", "No such file");
    }

  g_remove (garbage);
  g_remove (cut);
  g_remove (unknown);
  g_remove (empty_pt);
  g_remove (absurd);
  g_remove (huge);
  g_rmdir (ptdir);
  g_rmdir (dir);
}

/* Runs the CLI and expects exit status 1 with one line on stderr holding @message. */
static void
expect_failure (const char *message,
                const char *first,
                ...)
{
  const char *cli = g_getenv ("MA_CLI");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  /* a device or a pipe read for ever would hang here: the CLI must refuse them first */
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s %s: %s", first, (const char *) args->pdata[2], err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  if (strstr (err, message) == NULL)
    g_error ("“%s” does not say “%s”", err, message);
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

/* Every path a user gives is looked at before it is read: a device, a pipe, a folder where a
 * file is expected, a file past the size cap, a file that is not there. */
static void
test_paths (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ma-cli-paths-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "zoneinfo-pipe", NULL);
  g_autofree char *big = g_build_filename (dir, "big-zoneinfo", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty-folder", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked-zoneinfo", NULL);
  g_autofree char *missing_dir_out = g_build_filename (dir, "gone", "capture.json", NULL);
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "data", "fakeroot",
                                                 "vm-6.18.44-x86_64-2cpu", NULL);
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  fd = g_open (big, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (goffset) 2 << 30), ==, 0);     /* sparse: nothing written */
  g_close (fd, NULL);

  for (guint c = 0; c < 2; c++)
    {
      const char *command = c == 0 ? "inspect" : "check";

      expect_failure ("/dev/zero: a device, not a file", command, "/dev/zero", NULL);
      expect_failure ("zoneinfo-pipe: a pipe, not a file", command, fifo, NULL);
      expect_failure ("big-zoneinfo: larger than 1024 MiB", command, big, NULL);
      expect_failure ("no /proc files found in this folder", command, empty, NULL);
      expect_failure ("/nonexistent/zoneinfo: No such file", command, "/nonexistent/zoneinfo",
                      NULL);
    }

  expect_failure ("/dev/zero", "simulate", "--preset", "/dev/zero", NULL);
  expect_failure ("a folder, not a machine description", "simulate", "--preset", empty, NULL);
  expect_failure ("/dev/zero: a device, not a file", "simulate", "--scenario", "/dev/zero", NULL);
  expect_failure ("zoneinfo-pipe: a pipe, not a file", "simulate", "--scenario", fifo, NULL);
  expect_failure ("empty-folder: a folder, not a file", "simulate", "--scenario", empty, NULL);
  expect_failure ("big-zoneinfo: larger than 64 MiB", "simulate", "--scenario", big, NULL);

  expect_failure ("empty-folder: a folder, not a file", "capture", "--root", fake, "-o", empty,
                  NULL);
  expect_failure ("zoneinfo-pipe: a pipe, not a file", "capture", "--root", fake, "-o", fifo,
                  NULL);
  expect_failure ("/dev/null: a device, not a file", "capture", "--root", fake, "-o",
                  "/dev/null", NULL);
  expect_failure ("gone/capture.json: No such file or directory", "capture", "--root", fake,
                  "-o", missing_dir_out, NULL);

  /* root reads any file whatever its mode */
  if (geteuid () != 0)
    {
      g_assert_true (g_file_set_contents (locked, "Node 0, zone Normal 1 1 1\n", -1, NULL));
      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
      expect_failure ("locked-zoneinfo: Permission denied", "inspect", locked, NULL);
      g_remove (locked);
    }
  else
    g_test_message ("running as root: an unreadable file cannot be made");

  g_remove (fifo);
  g_remove (big);
  g_rmdir (empty);
  g_rmdir (dir);
}

/* In the child: a file size limit of 100 bytes, so that writing the capture fails half way
 * with EFBIG (SIGXFSZ ignored) as it would on a full disk. */
static void
small_file_limit (gpointer data)
{
  struct rlimit limit = { 100, 100 };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* capture -o writes beside the file and renames: a failed write leaves the old file whole. */
static void
test_capture_atomic (void)
{
  const char *cli = g_getenv ("MA_CLI");
  g_autofree char *dir = g_dir_make_tmp ("ma-cli-capture-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "capture.json", NULL);
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "data", "fakeroot",
                                                 "vm-6.18.44-x86_64-2cpu", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_true (g_file_set_contents (out, "an earlier capture", -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, small_file_limit, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, cli, "capture", "--root", fake, "-o", out,
                                      NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, out));
  g_assert_nonnull (strstr (err, "File too large"));

  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "an earlier capture");
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);                /* no half-written file left beside it */

  /* and without the limit, the capture replaces it */
  g_clear_object (&proc);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&contents, g_free);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, cli, "capture", "--root", fake, "-o", out, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{"));
  g_remove (out);
  g_rmdir (dir);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  g_assert_cmpint (g_chmod (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          copy_tree (src, dst);
          continue;
        }
      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
      g_assert_cmpint (g_chmod (dst, 0644), ==, 0);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* In the child, when the tests run as root: the capture runs as "nobody", as a user would. */
static void
drop_root (gpointer data)
{
  if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    _exit (99);
}

static char *
capture_notes (const char           *root,
               GSpawnChildSetupFunc  setup)
{
  const char *cli = g_getenv ("MA_CLI");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, setup, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, cli, "capture", "--root", root, NULL);
  /* "nobody" may not reach the build tree (flatpak-builder's sandbox): say so to the caller */
  if (setup != NULL && g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_ACCES))
    return NULL;
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  return err;
}

/* Without root: a capture never asks for it; each file it cannot read is named, with why and
 * what the snapshot lacks because of it. */
static void
test_capture_without_root (void)
{
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "data", "fakeroot",
                                                 "vm-6.18.44-x86_64-2cpu", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("ma-cli-noroot-XXXXXX", NULL);
  g_autofree char *root = g_build_filename (tmp, "root", NULL);
  g_autofree char *pti = g_build_filename (root, "proc", "pagetypeinfo", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *notes = NULL;
  gboolean unprivileged_skipped;

  g_assert_cmpint (g_chmod (tmp, 0755), ==, 0);
  copy_tree (fake, root);

  /* pagetypeinfo as the kernel has it since 5.4: mode 0400, owned by root */
  g_assert_cmpint (g_chmod (pti, 0400), ==, 0);
  notes = capture_notes (root, drop_root);
  unprivileged_skipped = notes == NULL;
  if (notes != NULL)
    {
      g_test_message ("%s", notes);
      expected = g_strdup_printf ("%s: readable only by root: free blocks per migratetype are "
                                  "not shown; the layout is reconstructed from buddyinfo", pti);
      if (strstr (notes, expected) == NULL)
        g_error ("“%s” does not say “%s”", notes, expected);
      g_assert_nonnull (strstr (notes, "captured: zoneinfo, buddyinfo, meminfo"));
    }

  /* a file that is not one (here a folder) is named with what it is */
  g_clear_pointer (&notes, g_free);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (g_unlink (pti), ==, 0);
  g_assert_cmpint (g_mkdir (pti, 0755), ==, 0);
  notes = capture_notes (root, NULL);
  expected = g_strdup_printf ("%s: a folder, not a file: free blocks per migratetype are not "
                              "shown", pti);
  if (strstr (notes, expected) == NULL)
    g_error ("“%s” does not say “%s”", notes, expected);

  remove_tree (tmp);
  if (unprivileged_skipped)
    g_test_skip ("the user nobody cannot run memory-atlas-cli from this build tree, so the "
                 "capture without root was not checked");
}

static void
test_usage (void)
{
  g_auto(Run) none = { 0, };
  g_auto(Run) help = { 0, };

  run_cli (&none, "check", NULL);
  g_assert_cmpint (none.status, ==, 2);
  run_cli (&help, "check", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "unexplained"));
  g_assert_nonnull (strstr (help.out, "Exit status"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("MA_CLI") == NULL)
    {
      g_test_skip ("MA_CLI is not set");
      return g_test_run ();
    }
  g_test_add_func ("/ma/procfs/cli/inspect-json", test_inspect_json);
  g_test_add_func ("/ma/procfs/cli/inspect-text-and-oom", test_inspect_text_and_oom);
  g_test_add_func ("/ma/procfs/cli/check-json", test_check_json);
  g_test_add_func ("/ma/procfs/cli/check-unexplained", test_check_unexplained);
  g_test_add_func ("/ma/procfs/cli/bad-input", test_bad_input);
  g_test_add_func ("/ma/procfs/cli/usage", test_usage);
  g_test_add_func ("/ma/procfs/cli/paths", test_paths);
  g_test_add_func ("/ma/procfs/cli/capture-atomic", test_capture_atomic);
  g_test_add_func ("/ma/procfs/cli/capture-without-root", test_capture_without_root);
  return g_test_run ();
}
