/* ma-limits.h: the largest machine an input may claim, in one place
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Snapshots, machine descriptions and saved files come from users, and a file of a few bytes
 * can claim 2^60 pages or a million nodes. Each such claim is refused with a message before
 * anything is allocated for it. Two kinds of limit live here:
 *
 * - what no Linux machine can have (MAX_NUMNODES, MAX_NR_ZONES, NR_CPUS, the physical address
 *   width): a file claiming more is damaged or made up, whatever the simulator could do;
 * - what this process can hold: every page frame costs sizeof (MaFrame) = 16 bytes.
 *
 * The simulator's own, smaller limits (MA_MAX_NODES, MA_MAX_CPUS, MA_MAX_ORDERS in
 * ma-machine-spec.h) say what it can simulate; a real machine beyond them is still read and
 * inspected, and told apart from a made-up one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NUMA nodes: MAX_NUMNODES = 1 << CONFIG_NODES_SHIFT, and NODES_SHIFT is at most 10 on every
 * architecture (x86 Kconfig: "range 1 10"), so node ids run from 0 to 1023. */
#define MA_LIMIT_NUMNODES 1024

/* Zones per node: __MAX_NR_ZONES counts DMA, DMA32, Normal, HighMem, Movable and Device
 * (include/linux/mmzone.h); no configuration has more. */
#define MA_LIMIT_ZONES_PER_NODE 6
#define MA_LIMIT_ZONES (MA_LIMIT_NUMNODES * MA_LIMIT_ZONES_PER_NODE)

/* Lines that start with "Node N" in one /proc file: one per zone in zoneinfo and buddyinfo;
 * in pagetypeinfo one per migratetype (at most 8 since 2.6.24, "Isolate" and "CMA" included)
 * and one for the block counts. Checked before parsing, since duplicate checks in the parsers
 * compare each zone with those before it. */
#define MA_LIMIT_ZONE_LINES (MA_LIMIT_ZONES * 9)

/* Lines naming a node in one OOM report of a kernel log: two per zone (its counters, its free
 * blocks) and per node one of counters and up to four of huge page sizes. */
#define MA_LIMIT_OOM_NODE_LINES (MA_LIMIT_ZONES * 2 + MA_LIMIT_NUMNODES * 5)

/* CPUs: CONFIG_NR_CPUS is at most 8192 (x86_64 with MAXSMP); cpu numbers run below it. */
#define MA_LIMIT_NR_CPUS 8192

/* Orders of free blocks: a block of order 64 would hold 2^64 pages. The parsers read at most
 * 32 columns (MA_BUDDYINFO_MAX_ORDERS); the simulator takes up to MA_MAX_ORDERS. */
#define MA_LIMIT_ORDERS 64

/* Physical addresses: 52 bits at most (x86_64 with 5-level paging, arm64 with LPA), so a pfn
 * of 4 KiB pages stays below 2^40. */
#define MA_LIMIT_PHYS_ADDR_BITS 52
#define MA_LIMIT_PFN_END (G_GUINT64_CONSTANT (1) << (MA_LIMIT_PHYS_ADDR_BITS - 12))

/* Memory: 64 TiB, what a 4-level-paging x86_64 kernel maps (MAX_PHYSMEM_BITS 46) and more
 * than any single-image machine sold has had. With 4 KiB pages that is 2^34 page frames, whose
 * MaFrame array (256 GiB) is mapped lazily: untouched frames cost nothing. */
#define MA_LIMIT_MEMORY_BYTES (G_GUINT64_CONSTANT (1) << 46)
#define MA_LIMIT_FRAMES (MA_LIMIT_MEMORY_BYTES >> 12)
#define MA_LIMIT_FRAME_BYTES 16

/* Files read whole: /proc text files, snapshot bundles (kpageflags inside as base64), machine
 * descriptions and saved simulations. A real zoneinfo of a 1024-CPU machine is about 10 MiB. */
#define MA_LIMIT_TEXT_FILE_SIZE ((gsize) 256 * 1024 * 1024)
#define MA_LIMIT_BUNDLE_FILE_SIZE ((gsize) 1024 * 1024 * 1024)
#define MA_LIMIT_JSON_FILE_SIZE ((gsize) 64 * 1024 * 1024)

/* kpageflags and kpagecount: 8 bytes per pfn up to the highest one, holes included, streamed
 * into runs; 2^36 pfns is 256 TiB of 4 KiB pages and a 512 GiB file. */
#define MA_LIMIT_PAGE_FLAG_FRAMES (G_GUINT64_CONSTANT (1) << 36)

/**
 * ma_limits_frames_fit:
 * @frames: page frames of a machine
 * @page_shift: log2 of its page size
 *
 * Whether a machine of @frames frames stays within %MA_LIMIT_MEMORY_BYTES and its frame array
 * within this process's address space.
 */
static inline gboolean
ma_limits_frames_fit (guint64 frames,
                      guint   page_shift)
{
  if (page_shift >= 64 || frames > (MA_LIMIT_MEMORY_BYTES >> page_shift))
    return FALSE;
  return frames <= G_MAXSIZE / 2 / MA_LIMIT_FRAME_BYTES;
}

G_END_DECLS
