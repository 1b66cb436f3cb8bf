/* ma-pressure.h: what fills memory and what can be given back: processes, page cache, slab,
 * swap, the LRU lists, reclaim, compaction and the OOM killer
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-alloc.h"

G_BEGIN_DECLS

/* The LRU lists of a node (enum lru_list). */
typedef enum
{
  MA_LRU_INACTIVE_ANON,
  MA_LRU_ACTIVE_ANON,
  MA_LRU_INACTIVE_FILE,
  MA_LRU_ACTIVE_FILE,
  MA_LRU_UNEVICTABLE,
  MA_N_LRU
} MaLruList;

/**
 * MaProcessInfo:
 *
 * A simulated process: its anonymous memory, page tables and kernel stack.
 */
typedef struct
{
  guint        pid;
  const char  *name;
  gint         oom_score_adj;
  gboolean     alive;
  gint         node;              /* preferred node, or -1 */
  guint64      rss;               /* anonymous pages in memory */
  guint64      swap;              /* anonymous pages in swap */
  guint64      pagetables;        /* page-table pages */
  guint64      heap;              /* pages of heap the process has touched */
} MaProcessInfo;

/**
 * MaReclaimStats:
 *
 * What a round of reclaim did.
 */
typedef struct
{
  guint64 scanned;
  guint64 reclaimed;
  guint64 file;
  guint64 anon;
  guint64 slab;
  guint64 activated;
  guint64 deactivated;
  guint64 writeback_started;
} MaReclaimStats;

const char *ma_lru_list_name            (MaLruList        lru);

/* Processes */
guint       ma_machine_spawn_process    (MaMachine       *self,
                                         const char      *name,
                                         gint             oom_score_adj,
                                         gint             node,
                                         GError         **error);
guint       ma_machine_get_n_processes  (MaMachine       *self);
gboolean    ma_machine_get_process      (MaMachine       *self,
                                         guint            index,
                                         MaProcessInfo   *out);
gint        ma_machine_find_process     (MaMachine       *self,
                                         guint            pid);
guint64     ma_machine_process_grow     (MaMachine       *self,
                                         guint            pid,
                                         guint64          pages,
                                         MaAllocResult   *last_failure);
guint64     ma_machine_process_access   (MaMachine       *self,
                                         guint            pid,
                                         guint64          pages);
guint64     ma_machine_process_swapin   (MaMachine       *self,
                                         guint            pid,
                                         guint64          pages);
gboolean    ma_machine_process_exit     (MaMachine       *self,
                                         guint            pid);

/* Files in the page cache */
guint       ma_machine_open_file        (MaMachine       *self,
                                         const char      *name,
                                         guint64          size_pages);
guint64     ma_machine_file_read        (MaMachine       *self,
                                         guint            file,
                                         guint64          first_page,
                                         guint64          n_pages,
                                         gboolean         write,
                                         MaAllocResult   *last_failure);

/* Kernel memory */
guint64     ma_machine_slab_grow        (MaMachine       *self,
                                         gboolean         reclaimable,
                                         guint64          pages,
                                         MaAllocResult   *last_failure);

/* Swap */
void        ma_machine_set_swap         (MaMachine       *self,
                                         guint64          pages);
void        ma_machine_get_swap         (MaMachine       *self,
                                         guint64         *out_total,
                                         guint64         *out_used);

/* LRU and reclaim */
guint64     ma_node_get_lru_size        (MaNode          *node,
                                         MaLruList        lru);
guint64     ma_node_get_reclaimable     (MaNode          *node);
guint64     ma_machine_writeback_complete (MaMachine     *self,
                                           guint64        max_pages);
gboolean    ma_machine_kswapd_step      (MaMachine       *self,
                                         guint            node_index,
                                         guint64          budget,
                                         MaReclaimStats  *stats);
gboolean    ma_node_is_kswapd_running   (MaNode          *node);
guint       ma_node_get_kswapd_failures (MaNode          *node);
guint64     ma_machine_try_to_free_pages (MaMachine      *self,
                                          MaNode         *node,
                                          guint           highest_zoneidx,
                                          guint64         nr_to_reclaim,
                                          gboolean        may_swap,
                                          MaReclaimStats *stats);
gboolean    ma_machine_compact_zone     (MaMachine       *self,
                                         MaZone          *zone,
                                         guint            order,
                                         guint64         *out_migrated);
gint        ma_machine_oom_kill         (MaMachine       *self,
                                         const char     **out_reason);

G_END_DECLS
