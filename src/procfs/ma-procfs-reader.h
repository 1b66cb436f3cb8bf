/* ma-procfs-reader.h: reading /proc, /sys, files and folders into snapshots (the only I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ma-limits.h"
#include "ma-snapshot.h"

G_BEGIN_DECLS

/**
 * MA_PROCFS_MAX_TEXT_SIZE:
 *
 * The largest text file read (256 MiB): the zoneinfo of an 8192-CPU, 64-node machine is tens of
 * MiB; anything larger is not a /proc file.
 */
#define MA_PROCFS_MAX_TEXT_SIZE MA_LIMIT_TEXT_FILE_SIZE

/**
 * MA_PROCFS_MAX_BUNDLE_SIZE:
 *
 * The largest snapshot bundle read (1 GiB).
 */
#define MA_PROCFS_MAX_BUNDLE_SIZE MA_LIMIT_BUNDLE_FILE_SIZE

/**
 * MA_PROCFS_MAX_FRAMES:
 *
 * The most page frames read from kpageflags/kpagecount (2^36 frames, 256 TiB of 4 KiB pages).
 */
#define MA_PROCFS_MAX_FRAMES MA_LIMIT_PAGE_FLAG_FRAMES

/**
 * MaCaptureFlags:
 * @MA_CAPTURE_DEFAULT: the text files, sysctls and metadata
 * @MA_CAPTURE_PAGE_FLAGS: also /proc/kpageflags and /proc/kpagecount when readable (root);
 *   streamed, one 8-byte word per page frame
 *
 * What ma_procfs_capture() reads.
 */
typedef enum
{
  MA_CAPTURE_DEFAULT    = 0,
  MA_CAPTURE_PAGE_FLAGS = 1 << 0,
} MaCaptureFlags;

gboolean    ma_procfs_read_file         (const char      *path,
                                         gsize            max_size,
                                         char           **contents,
                                         gsize           *length,
                                         GError         **error);
MaPageRle  *ma_procfs_read_page_frames  (const char      *path,
                                         guint64          max_frames,
                                         GError         **error);
MaSnapshot *ma_procfs_capture           (const char      *root,
                                         MaCaptureFlags   flags,
                                         GError         **error);
MaSnapshot *ma_snapshot_load_path       (const char      *path,
                                         GError         **error);
gboolean    ma_procfs_check_input       (const char      *path,
                                         gsize            max_size,
                                         GError         **error);
gboolean    ma_procfs_check_output      (const char      *path,
                                         GError         **error);
gboolean    ma_procfs_write_file        (const char      *path,
                                         const void      *data,
                                         gsize            length,
                                         GError         **error);

G_END_DECLS
