/* ma-procfs-reader.c: the only file of the library that does I/O
 *
 * Files in /proc report a size of 0, so everything is read until EOF, in chunks, with a size
 * limit against absurd inputs. kpageflags and kpagecount (8 bytes per page frame: 2 GiB for a
 * 1 TiB machine) are streamed into the run-length encoder, never held whole.
 *
 * Files a user names are checked before they are opened (ma_procfs_check_input()): a device or
 * a pipe would be read or waited on for ever. What the app and the CLI save goes through
 * ma_procfs_write_file(), which never leaves a half-written file in the place of a good one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-procfs-reader"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-procfs-reader.h"

#define CHUNK_SIZE  (64 * 1024)
#define FRAME_CHUNK (1024 * 1024)
#define MAX_DEPTH   8

/* vm sysctls worth keeping (KERNEL.md §8.4 and the watermark inputs) */
static const char * const capture_sysctls[] = {
  "min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor", "lowmem_reserve_ratio",
  "percpu_pagelist_high_fraction", "percpu_pagelist_fraction", "extfrag_threshold",
  "compaction_proactiveness", "swappiness", "overcommit_memory", "overcommit_ratio",
  "zone_reclaim_mode", "numa_zonelist_order", "nr_hugepages", "admin_reserve_kbytes",
  "user_reserve_kbytes", "min_unmapped_ratio", "min_slab_ratio",
};

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), _("%s: %s"), display,
               g_strerror (saved_errno));
  return FALSE;
}

/* What a path is when it is no regular file, and for reading, why it is not read. */
static const char *
describe_mode (mode_t   mode,
               gboolean reading)
{
  if (S_ISDIR (mode))
    return _("a folder, not a file");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return reading ? _("a device, not a file (it would be read for ever)")
                   : _("a device, not a file");
  if (S_ISFIFO (mode))
    return reading ? _("a pipe, not a file (a read would wait for ever)")
                   : _("a pipe, not a file");
  if (S_ISSOCK (mode))
    return _("a socket, not a file");
  return _("not a regular file");
}

static gboolean
set_not_a_file_error (GError     **error,
                      const char  *path,
                      mode_t       mode,
                      gboolean     reading)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, S_ISDIR (mode) ? G_IO_ERROR_IS_DIRECTORY
                                                 : G_IO_ERROR_NOT_REGULAR_FILE,
               _("%s: %s"), display, describe_mode (mode, reading));
  return FALSE;
}

static gboolean
set_too_large_error (GError     **error,
                     const char  *path,
                     gsize        max_size)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TOO_LARGE,
               _("%s: larger than %zu MiB, too large for this kind of file"),
               display, max_size / (1024 * 1024));
  return FALSE;
}

/* Opens a regular file for reading; a device, pipe, socket or folder is refused without
 * blocking (O_NONBLOCK: opening a pipe would otherwise wait for a writer), and so is a file
 * whose size is known to be above @max_size (files in /proc say 0 and are read to EOF). */
static int
open_read (const char  *path,
           gsize        max_size,
           GError     **error)
{
  GStatBuf st;
  int fd;

  do
    fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      g_close (fd, NULL);
      set_errno_error (error, saved, path);
      return -1;
    }
  if (!S_ISREG (st.st_mode) || (guint64) st.st_size > max_size)
    {
      g_close (fd, NULL);
      if (!S_ISREG (st.st_mode))
        set_not_a_file_error (error, path, st.st_mode, TRUE);
      else
        set_too_large_error (error, path, max_size);
      return -1;
    }
  /* regular files ignore O_NONBLOCK, but reads should block as usual */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/**
 * ma_procfs_check_input:
 * @path: a file or folder a user named
 * @max_size: the largest file accepted
 * @error: return location for a #G_IO_ERROR or a #MA_PROCFS_ERROR naming @path
 *
 * Refuses, before anything is opened, what cannot be read as a snapshot: a path that does not
 * exist, a device (/dev/zero would be read until memory runs out), a pipe (a read would wait
 * for ever), a socket, or a file larger than @max_size. Folders are accepted.
 *
 * Returns: %TRUE if @path is a folder or a regular file of at most @max_size bytes
 */
gboolean
ma_procfs_check_input (const char  *path,
                       gsize        max_size,
                       GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    return set_errno_error (error, errno, path);
  if (S_ISDIR (st.st_mode))
    return TRUE;
  if (!S_ISREG (st.st_mode))
    return set_not_a_file_error (error, path, st.st_mode, TRUE);
  if ((guint64) st.st_size > max_size)
    return set_too_large_error (error, path, max_size);
  return TRUE;
}

static gssize
read_some (int    fd,
           void  *buf,
           gsize  count)
{
  gssize n;

  do
    n = read (fd, buf, count);
  while (n < 0 && errno == EINTR);
  return n;
}

/**
 * ma_procfs_read_file:
 * @path: a file
 * @max_size: the most bytes accepted
 * @contents: (out) (transfer full): the contents, NUL-terminated
 * @length: (out) (optional): their length
 * @error: return location for a #G_IO_ERROR or a #MA_PROCFS_ERROR
 *
 * Reads a file until EOF (files in /proc report a size of 0).
 *
 * Returns: %TRUE on success; %FALSE with %MA_PROCFS_ERROR_TOO_LARGE past @max_size
 */
gboolean
ma_procfs_read_file (const char  *path,
                     gsize        max_size,
                     char       **contents,
                     gsize       *length,
                     GError     **error)
{
  g_autoptr(GByteArray) buf = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  fd = open_read (path, max_size, error);
  if (fd < 0)
    return FALSE;

  buf = g_byte_array_sized_new (CHUNK_SIZE);
  for (;;)
    {
      guint old_len = buf->len;
      gssize n;

      if (buf->len > max_size)
        {
          g_close (fd, NULL);
          return set_too_large_error (error, path, max_size);
        }
      g_byte_array_set_size (buf, old_len + CHUNK_SIZE);
      n = read_some (fd, buf->data + old_len, CHUNK_SIZE);
      if (n < 0)
        {
          int saved = errno;
          g_close (fd, NULL);
          return set_errno_error (error, saved, path);
        }
      g_byte_array_set_size (buf, old_len + (guint) n);
      if (n == 0)
        break;
    }
  g_close (fd, NULL);

  if (buf->len > max_size)
    return set_too_large_error (error, path, max_size);

  if (length)
    *length = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

/**
 * ma_procfs_read_page_frames:
 * @path: /proc/kpageflags, /proc/kpagecount or a copy of one
 * @max_frames: the most frames accepted
 * @error: return location for a #G_IO_ERROR or a #MA_PROCFS_ERROR
 *
 * Streams a page frame file into runs; memory use follows the number of runs, not frames.
 *
 * Returns: (transfer full) (nullable): the frames
 */
MaPageRle *
ma_procfs_read_page_frames (const char  *path,
                            guint64      max_frames,
                            GError     **error)
{
  g_autoptr(MaPageRleBuilder) builder = NULL;
  g_autofree guint8 *chunk = NULL;
  guint64 total = 0;
  MaPageRle *rle;
  gsize dropped = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open_read (path, max_frames > G_MAXUINT64 / 8 ? G_MAXUINT64 : max_frames * 8, error);
  if (fd < 0)
    return NULL;

  builder = ma_page_rle_builder_new ();
  chunk = g_malloc (FRAME_CHUNK);
  for (;;)
    {
      gssize n = read_some (fd, chunk, FRAME_CHUNK);

      if (n < 0)
        {
          int saved = errno;
          g_close (fd, NULL);
          set_errno_error (error, saved, path);
          return NULL;
        }
      if (n == 0)
        break;
      total += (guint64) n;
      if (total / 8 > max_frames)
        {
          g_close (fd, NULL);
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TOO_LARGE,
                       _("%s: more than %" PRIu64 " page frames, too large to be real"),
                       path, max_frames);
          return NULL;
        }
      ma_page_rle_builder_add_le_bytes (builder, chunk, (gsize) n);
    }
  g_close (fd, NULL);

  if (total < 8)
    {
      g_set_error (error, MA_PROCFS_ERROR,
                   total == 0 ? MA_PROCFS_ERROR_EMPTY : MA_PROCFS_ERROR_TRUNCATED,
                   total == 0 ? _("%s: the file is empty (reading it needs root)")
                              : _("%s: the file is shorter than one 8-byte frame"), path);
      return NULL;
    }

  rle = ma_page_rle_builder_end (g_steal_pointer (&builder), &dropped);
  (void) dropped;
  return rle;
}

/**
 * ma_procfs_check_output:
 * @path: a file a user named to write
 * @error: return location for a #G_IO_ERROR naming @path
 *
 * Refuses a path that names a folder, a device, a pipe or a socket: the file is written beside
 * it and renamed over it, which would replace the node itself, and opening a pipe to look at it
 * waits for a reader. A path that does not exist yet passes.
 *
 * Returns: %TRUE if @path does not exist or is a regular file
 */
gboolean
ma_procfs_check_output (const char  *path,
                        GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    return errno == ENOENT ? TRUE : set_errno_error (error, errno, path);
  if (!S_ISREG (st.st_mode))
    return set_not_a_file_error (error, path, st.st_mode, FALSE);
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/**
 * ma_procfs_write_file:
 * @path: (type filename): the file to write
 * @data: (array length=length): its new contents
 * @length: their length
 * @error: return location for a #G_IO_ERROR naming @path
 *
 * Writes @data to a new hidden file beside @path, flushes it to the disk and renames it over
 * @path. A write that fails (a full disk, a folder that cannot be written, a file size limit)
 * removes the new file and leaves an existing @path as it was; so does a crash, which at
 * worst leaves the hidden file behind. The message names @path, never the temporary file.
 *
 * Returns: %TRUE once @path holds @data
 */
gboolean
ma_procfs_write_file (const char  *path,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  int fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!ma_procfs_check_output (path, error))
    return FALSE;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%s.%s.XXXXXX", dir, G_DIR_SEPARATOR_S, base);
  /* 0666 less the umask, as any file the user writes (mkstemp alone would make it 0600) */
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, errno, path);
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      return set_errno_error (error, saved, path);
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return set_errno_error (error, saved, path);
    }
  return TRUE;
}

/* --- capture -------------------------------------------------------------------------------- */

static gboolean
needs_root (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
         g_error_matches (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY);
}

/* Why @path could not be read, without its name (the note starts with it). */
static char *
describe_unreadable (const GError *error,
                     const char   *path)
{
  g_autofree char *prefix = NULL;

  if (needs_root (error))
    return g_strdup (_("readable only by root"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup (_("not found"));
  prefix = g_strdup_printf ("%s: ", path);
  if (g_str_has_prefix (error->message, prefix))
    return g_strdup (error->message + strlen (prefix));
  return g_strdup (error->message);
}

/* What a snapshot lacks without each file: the note says it next to the file's name. */
static const char *
consequence_of (MaProcfsKind kind)
{
  switch (kind)
    {
    case MA_PROCFS_KIND_ZONEINFO:
      return _("zone sizes, watermarks and protection are estimated from the free block counts");
    case MA_PROCFS_KIND_BUDDYINFO:
      return _("free blocks per order are estimated from the zones' free page counts");
    case MA_PROCFS_KIND_PAGETYPEINFO:
      return _("free blocks per migratetype are not shown; the layout is reconstructed from "
               "buddyinfo");
    case MA_PROCFS_KIND_MEMINFO:
      return _("the memory totals (MemTotal, MemAvailable) are not shown");
    case MA_PROCFS_KIND_VMSTAT:
      return _("the kernel's reclaim and compaction counters are not shown");
    case MA_PROCFS_KIND_KPAGEFLAGS:
      return _("where the free blocks really are is not known; their places are reconstructed "
               "from the counts");
    case MA_PROCFS_KIND_KPAGECOUNT:
      return _("how many times each page is mapped is not known");
    case MA_PROCFS_KIND_UNKNOWN:
    case MA_PROCFS_KIND_KERNEL_LOG:
    case MA_PROCFS_KIND_BUNDLE:
    default:
      return NULL;
    }
}

/* A file the capture could not read: recorded in the snapshot, and noted with its full path,
 * why, and what is missing because of it. */
static void
note_unreadable (MaSnapshot   *snap,
                 MaProcfsKind  kind,
                 const char   *path,
                 const GError *error,
                 GPtrArray    *missing)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *why = describe_unreadable (error, display);
  const char *consequence = consequence_of (kind);

  ma_snapshot_set_unreadable (snap, kind, path, why, needs_root (error));
  if (consequence != NULL)
    g_ptr_array_add (missing, g_strdup_printf (_("%s: %s: %s"), display, why, consequence));
  else
    g_ptr_array_add (missing, g_strdup_printf (_("%s: %s"), display, why));
}

/* Reads one text file of the capture; a failure becomes a note, not an error. */
static void
capture_text (MaSnapshot   *snap,
              const char   *root,
              const char   *rel,
              MaProcfsKind  kind,
              GString      *captured,
              GPtrArray    *missing)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = ma_procfs_kind_to_string (kind);
  gsize len = 0;

  if (ma_procfs_read_file (path, MA_PROCFS_MAX_TEXT_SIZE, &contents, &len, &error) &&
      (len > 0 || kind != MA_PROCFS_KIND_PAGETYPEINFO) &&
      ma_snapshot_add_part (snap, kind, contents, len, path, &error))
    {
      g_string_append_printf (captured, "%s%s", captured->len ? ", " : "", name);
      return;
    }

  if (error == NULL)         /* an empty pagetypeinfo: what non-root reads see since 5.4 */
    /* Translators: why a file was not captured: it holds nothing */
    g_set_error (&error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY, _("empty"));
  note_unreadable (snap, kind, path, error, missing);
}

static void
capture_frames (MaSnapshot   *snap,
                const char   *root,
                const char   *rel,
                MaProcfsKind  kind,
                GString      *captured,
                GPtrArray    *missing)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaPageRle) rle = ma_procfs_read_page_frames (path, MA_PROCFS_MAX_FRAMES, &error);
  const char *name = ma_procfs_kind_to_string (kind);

  if (rle != NULL)
    {
      ma_snapshot_set_page_flags (snap, kind, rle);
      if (captured->len > 0)
        g_string_append (captured, ", ");
      /* Translators: a file captured, in the list of the note “captured: %s” */
      g_string_append_printf (captured, _("%s (%" PRIu64 " frames in %u runs)"),
                              name, ma_page_rle_get_n_frames (rle), ma_page_rle_get_n_runs (rle));
      return;
    }
  note_unreadable (snap, kind, path, error, missing);
}

/**
 * ma_procfs_capture:
 * @root: (nullable): the root of the /proc and /sys trees, %NULL or "/" for this machine (a
 *   folder with `proc/…` and `sys/…` copies for tests)
 * @flags: what to read
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Reads this machine's memory files into a snapshot: zoneinfo, buddyinfo, pagetypeinfo (if
 * readable), meminfo, vmstat, the vm sysctls, the transparent hugepage mode and, with
 * %MA_CAPTURE_PAGE_FLAGS, kpageflags and kpagecount (root only). For this machine it also
 * records uname (release, machine), the page size, the CPU count, the time and the host name.
 * What could not be read is listed in the notes (ma_snapshot_get_notes()), the first of which
 * lists what was captured.
 *
 * Returns: (transfer full) (nullable): the snapshot, or %NULL if neither zoneinfo nor
 *   buddyinfo could be read
 */
MaSnapshot *
ma_procfs_capture (const char      *root,
                   MaCaptureFlags   flags,
                   GError         **error)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(GString) captured = g_string_new (NULL);
  g_autoptr(GString) sysctls = g_string_new (NULL);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  gboolean live = root == NULL || strcmp (root, "/") == 0;

  if (root == NULL)
    root = "/";

  ma_snapshot_set_capture_time (snap, g_get_real_time ());

  capture_text (snap, root, "proc/zoneinfo", MA_PROCFS_KIND_ZONEINFO, captured, missing);
  capture_text (snap, root, "proc/buddyinfo", MA_PROCFS_KIND_BUDDYINFO, captured, missing);
  capture_text (snap, root, "proc/pagetypeinfo", MA_PROCFS_KIND_PAGETYPEINFO, captured, missing);
  capture_text (snap, root, "proc/meminfo", MA_PROCFS_KIND_MEMINFO, captured, missing);
  capture_text (snap, root, "proc/vmstat", MA_PROCFS_KIND_VMSTAT, captured, missing);

  if (!ma_snapshot_has (snap, MA_PROCFS_KIND_ZONEINFO) &&
      !ma_snapshot_has (snap, MA_PROCFS_KIND_BUDDYINFO))
    {
      g_autofree char *proc = g_build_filename (root, "proc", NULL);
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY,
                   _("%s: could not read zoneinfo nor buddyinfo (%s)"), proc,
                   missing->len > 0 ? (const char *) missing->pdata[0] : _("unknown reason"));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (capture_sysctls); i++)
    {
      g_autofree char *rel = g_build_filename ("proc/sys/vm", capture_sysctls[i], NULL);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!ma_procfs_read_file (path, 64 * 1024, &contents, NULL, &local_error))
        continue;                       /* sysctls come and go with kernel versions */
      if (!ma_snapshot_set_sysctl (snap, capture_sysctls[i], contents, &local_error))
        {
          g_ptr_array_add (missing, g_strdup_printf (_("%s: %s"), rel, local_error->message));
          continue;
        }
      g_string_append_printf (sysctls, "%s%s", sysctls->len ? ", " : "", capture_sysctls[i]);
    }
  if (sysctls->len > 0)
    {
      if (captured->len > 0)
        g_string_append (captured, ", ");
      /* Translators: the sysctls captured, in the list of the note “captured: %s” */
      g_string_append_printf (captured, _("sysctls (%s)"), sysctls->str);
    }

  {
    g_autofree char *path = g_build_filename (root, "sys/kernel/mm/transparent_hugepage/enabled",
                                              NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GError) local_error = NULL;

    if (ma_procfs_read_file (path, 64 * 1024, &contents, NULL, &local_error) &&
        ma_snapshot_set_thp_enabled (snap, contents, &local_error))
      /* Translators: in the list of the note “captured: %s” */
      g_string_append_printf (captured, ", %s", _("transparent hugepage mode"));
    else
      {
        g_autofree char *display = g_filename_display_name (path);
        g_autofree char *why = describe_unreadable (local_error, display);

        g_ptr_array_add (missing, g_strdup_printf (_("%s: %s: the transparent hugepage mode is "
                                                     "taken as off"), display, why));
      }
  }

  if (flags & MA_CAPTURE_PAGE_FLAGS)
    {
      capture_frames (snap, root, "proc/kpageflags", MA_PROCFS_KIND_KPAGEFLAGS, captured, missing);
      capture_frames (snap, root, "proc/kpagecount", MA_PROCFS_KIND_KPAGECOUNT, captured, missing);
    }

  if (live)
    {
      struct utsname uts;
      long page_size = sysconf (_SC_PAGESIZE);
      long n_cpus = sysconf (_SC_NPROCESSORS_CONF);

      if (uname (&uts) == 0)
        {
          ma_snapshot_set_kernel_release (snap, uts.release);
          ma_snapshot_set_machine (snap, uts.machine);
        }
      if (page_size > 0)
        ma_snapshot_set_page_size (snap, (guint) page_size);
      if (n_cpus > 0)
        ma_snapshot_set_n_cpus (snap, (guint) n_cpus);
      ma_snapshot_set_hostname (snap, g_get_host_name ());
      /* Translators: the source of a snapshot taken from the running system */
      ma_snapshot_set_source (snap, _("this machine"));
      /* Translators: in the list of the note “captured: %s” */
      g_string_append_printf (captured, ", %s", _("uname, page size, CPU count, host name"));
    }
  else
    {
      const char *kernel_files[] = { "proc/sys/kernel/osrelease", "proc/sys/kernel/hostname" };

      for (guint i = 0; i < G_N_ELEMENTS (kernel_files); i++)
        {
          g_autofree char *path = g_build_filename (root, kernel_files[i], NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (ma_procfs_read_file (path, 64 * 1024, &contents, &len, NULL))
            {
              g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
              ma_snapshot_add_file (snap, path, bytes, NULL);
            }
        }
      ma_snapshot_set_source (snap, root);
    }

  /* the first note lists what was captured, the others what was not */
  {
    /* Translators: the first note of a capture: the list of what was read */
    g_autofree char *note = g_strdup_printf (_("captured: %s"), captured->str);
    ma_snapshot_add_note (snap, note);
  }
  for (guint i = 0; i < missing->len; i++)
    ma_snapshot_add_note (snap, missing->pdata[i]);

  return g_steal_pointer (&snap);
}

/* --- loading -------------------------------------------------------------------------------- */

typedef struct
{
  MaSnapshot *snap;
  guint       n_files;
} FolderLoad;

static gboolean
is_binary (const char *data,
           gsize       len)
{
  return len > 0 && memchr (data, '\0', MIN (len, 4096)) != NULL;
}

static gboolean
load_one_file (FolderLoad  *fl,
               const char  *path,
               GError     **error)
{
  MaProcfsKind by_name = ma_procfs_kind_from_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  if (by_name == MA_PROCFS_KIND_KPAGEFLAGS || by_name == MA_PROCFS_KIND_KPAGECOUNT)
    {
      g_autoptr(MaPageRle) rle = ma_procfs_read_page_frames (path, MA_PROCFS_MAX_FRAMES,
                                                             &local_error);
      if (rle == NULL)
        {
          if (g_error_matches (local_error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY))
            {
              ma_snapshot_add_warning (fl->snap, local_error->message);
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      ma_snapshot_set_page_flags (fl->snap, by_name, rle);
      fl->n_files++;
      return TRUE;
    }

  if (!ma_procfs_read_file (path, MA_PROCFS_MAX_TEXT_SIZE, &contents, &len, error))
    return FALSE;

  if (by_name == MA_PROCFS_KIND_BUNDLE ||
      (by_name == MA_PROCFS_KIND_UNKNOWN && is_binary (contents, len)))
    {
      g_autofree char *w = g_strdup_printf (_("%s: not a /proc file, ignored"), path);
      ma_snapshot_add_warning (fl->snap, w);
      return TRUE;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  if (!ma_snapshot_add_file (fl->snap, path, bytes, &local_error))
    {
      /* in a folder, a file that is no /proc file or an empty non-root copy is skipped */
      if (g_error_matches (local_error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY) ||
          (by_name == MA_PROCFS_KIND_UNKNOWN &&
           g_error_matches (local_error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT)))
        {
          ma_snapshot_add_warning (fl->snap, local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  fl->n_files++;
  return TRUE;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
load_folder (FolderLoad  *fl,
             const char  *dir_path,
             guint        depth,
             GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  /* sorted, so that "zoneinfo" comes before "zoneinfo.earlier-capture" */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        return set_errno_error (error, errno, path);
      if (S_ISLNK (st.st_mode))
        continue;                        /* never follow links out of the folder */
      if (S_ISDIR (st.st_mode))
        {
          if (depth < MAX_DEPTH && !load_folder (fl, path, depth + 1, error))
            return FALSE;
          continue;
        }
      if (!S_ISREG (st.st_mode))
        continue;
      if (!load_one_file (fl, path, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ma_snapshot_load_path:
 * @path: a snapshot bundle, a single /proc file (any kind, recognised by content), a text
 *   holding several, or a folder of such files (sysctls and /sys files recognised by name)
 * @error: return location for a #G_IO_ERROR or a #MA_PROCFS_ERROR naming the file at fault
 *
 * Returns: (transfer full) (nullable): the snapshot
 */
MaSnapshot *
ma_snapshot_load_path (const char  *path,
                       GError     **error)
{
  g_autoptr(MaSnapshot) snap = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  {
    MaProcfsKind by_name = ma_procfs_kind_from_name (path);
    gboolean frames = by_name == MA_PROCFS_KIND_KPAGEFLAGS || by_name == MA_PROCFS_KIND_KPAGECOUNT;

    /* page flags are streamed, 8 bytes a frame; everything else is read whole */
    if (!ma_procfs_check_input (path, frames ? MA_PROCFS_MAX_FRAMES * 8 : MA_PROCFS_MAX_BUNDLE_SIZE,
                                error))
      return NULL;
  }
  if (g_stat (path, &st) != 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  if (S_ISDIR (st.st_mode))
    {
      FolderLoad fl = { 0 };

      snap = ma_snapshot_new ();
      fl.snap = snap;
      if (!load_folder (&fl, path, 0, error))
        return NULL;
      if (fl.n_files == 0)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                       _("%s: no /proc files found in this folder"), path);
          return NULL;
        }
    }
  else
    {
      MaProcfsKind by_name = ma_procfs_kind_from_name (path);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (by_name == MA_PROCFS_KIND_KPAGEFLAGS || by_name == MA_PROCFS_KIND_KPAGECOUNT)
        {
          FolderLoad fl = { 0 };

          snap = ma_snapshot_new ();
          fl.snap = snap;
          if (!load_one_file (&fl, path, error))
            return NULL;
        }
      else
        {
          const char *p;

          if (!ma_procfs_read_file (path, MA_PROCFS_MAX_BUNDLE_SIZE, &contents, &len, error))
            return NULL;
          for (p = contents; p < contents + len && g_ascii_isspace (*p); p++)
            ;
          if (p < contents + len && *p == '{')
            return ma_snapshot_new_from_bundle (contents, len, path, error);
          if (len > MA_PROCFS_MAX_TEXT_SIZE)
            {
              g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TOO_LARGE,
                           _("%s: larger than %zu MiB, too large for a /proc file"),
                           path, MA_PROCFS_MAX_TEXT_SIZE / (1024 * 1024));
              return NULL;
            }
          snap = ma_snapshot_new ();
          {
            g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

            if (!ma_snapshot_add_file (snap, path, bytes, error))
              return NULL;
          }
        }
    }

  if (ma_snapshot_get_source (snap) == NULL)
    ma_snapshot_set_source (snap, path);
  if (!ma_snapshot_check_limits (snap, error))
    return NULL;
  return g_steal_pointer (&snap);
}
