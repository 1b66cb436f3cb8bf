/* ma-procfs-sniff.h: telling /proc files apart by their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MaProcfsKind:
 * @MA_PROCFS_KIND_UNKNOWN: not recognised
 * @MA_PROCFS_KIND_ZONEINFO: /proc/zoneinfo
 * @MA_PROCFS_KIND_BUDDYINFO: /proc/buddyinfo
 * @MA_PROCFS_KIND_PAGETYPEINFO: /proc/pagetypeinfo
 * @MA_PROCFS_KIND_MEMINFO: /proc/meminfo
 * @MA_PROCFS_KIND_VMSTAT: /proc/vmstat
 * @MA_PROCFS_KIND_KERNEL_LOG: a kernel log holding an OOM report or allocation failure
 * @MA_PROCFS_KIND_KPAGEFLAGS: /proc/kpageflags (binary)
 * @MA_PROCFS_KIND_KPAGECOUNT: /proc/kpagecount (binary)
 * @MA_PROCFS_KIND_BUNDLE: a Memory Atlas snapshot bundle (JSON)
 *
 * The kinds of input a snapshot is made of.
 */
typedef enum
{
  MA_PROCFS_KIND_UNKNOWN,
  MA_PROCFS_KIND_ZONEINFO,
  MA_PROCFS_KIND_BUDDYINFO,
  MA_PROCFS_KIND_PAGETYPEINFO,
  MA_PROCFS_KIND_MEMINFO,
  MA_PROCFS_KIND_VMSTAT,
  MA_PROCFS_KIND_KERNEL_LOG,
  MA_PROCFS_KIND_KPAGEFLAGS,
  MA_PROCFS_KIND_KPAGECOUNT,
  MA_PROCFS_KIND_BUNDLE,
} MaProcfsKind;

#define MA_PROCFS_N_KINDS (MA_PROCFS_KIND_BUNDLE + 1)

/**
 * MaProcfsSegment:
 * @kind: what the part is
 * @offset: byte offset of its first line in the text
 * @length: length in bytes, up to the end of its last non-blank line
 * @first_line: 1-based line number of its first line
 * @n_lines: number of lines
 *
 * One recognised part of a text that may hold several files pasted one after another.
 */
typedef struct
{
  MaProcfsKind kind;
  gsize        offset;
  gsize        length;
  guint        first_line;
  guint        n_lines;
} MaProcfsSegment;

const char   *ma_procfs_kind_to_string   (MaProcfsKind  kind);
MaProcfsKind  ma_procfs_kind_from_string (const char   *name);
MaProcfsKind  ma_procfs_kind_from_name   (const char   *file_name);

MaProcfsKind  ma_procfs_sniff            (const char   *data,
                                          gsize         length);
MaProcfsKind  ma_procfs_sniff_binary     (const guint8 *data,
                                          gsize         length);
GArray       *ma_procfs_split            (const char   *text,
                                          gsize         length,
                                          GArray      **unrecognised);

G_END_DECLS
