/* ma-machine.h: a simulated machine: nodes, zones, page frames and the page allocator
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ma-events.h"
#include "ma-frame.h"
#include "ma-gfp.h"
#include "ma-machine-spec.h"

G_BEGIN_DECLS

#define MA_TYPE_MACHINE (ma_machine_get_type ())

G_DECLARE_FINAL_TYPE (MaMachine, ma_machine, MA, MACHINE, GObject)

#define MA_MACHINE_ERROR (ma_machine_error_quark ())

typedef enum
{
  MA_MACHINE_ERROR_NO_MEMORY,     /* this computer cannot hold the simulated machine */
  MA_MACHINE_ERROR_INVALID,       /* an argument names no such frame, block, node or value */
  MA_MACHINE_ERROR_NOT_ALLOCATED, /* free of something that is not an allocated block */
} MaMachineError;

/**
 * MaOwner:
 * @id: the owner id frames refer to
 * @kind: what kind of memory this is
 * @name: a name for people ("kernel", "firefox heap", "dentry cache")
 * @pid: the process, or -1 for the kernel
 * @oom_score_adj: the process's oom_score_adj
 * @pages: pages it owns now
 *
 * Who an allocated block belongs to: the kernel's page->mapping, made readable.
 */
typedef struct
{
  guint        id;
  MaOwnerKind  kind;
  char        *name;
  gint         pid;
  gint         oom_score_adj;
  guint64      pages;
} MaOwner;

/**
 * MaFrameInfo:
 *
 * One page frame decoded: its struct page, the buddy block it belongs to and its pageblock.
 */
typedef struct
{
  guint64        pfn;
  guint64        phys_addr;
  MaNode        *node;
  MaZone        *zone;          /* NULL outside every zone */
  MaFrameState   state;
  guint          flags;
  guint          refcount;
  guint          mapcount;
  guint          owner;         /* owner id; 0 when none */
  guint32        index;
  guint64        block_pfn;     /* head of the buddy block (free or allocated) holding the frame */
  guint          block_order;
  MaFrameState   block_state;
  guint64        pageblock_pfn;
  MaMigrateType  pageblock_mt;
  MaMigrateType  list_mt;       /* free head: the free list it is on; pcp page: the pcp list */
  guint          pcp_cpu;
  gboolean       has_virtual;
  guint64        virtual_addr;
} MaFrameInfo;

GQuark           ma_machine_error_quark      (void);

MaMachine       *ma_machine_new              (const MaMachineSpec *spec,
                                              guint64              seed,
                                              GError             **error);
const MaMachineSpec *ma_machine_get_spec     (MaMachine           *self);
MaKernelVersion  ma_machine_get_kernel       (MaMachine           *self);
guint            ma_machine_get_page_shift   (MaMachine           *self);
guint            ma_machine_get_nr_orders    (MaMachine           *self);
guint            ma_machine_get_pageblock_order (MaMachine        *self);
guint            ma_machine_get_n_nodes      (MaMachine           *self);
MaNode          *ma_machine_get_node         (MaMachine           *self,
                                              guint                index);
guint            ma_machine_get_n_cpus       (MaMachine           *self);
guint            ma_machine_get_cpu_node     (MaMachine           *self,
                                              guint                cpu);
guint            ma_machine_get_current_cpu  (MaMachine           *self);
void             ma_machine_set_current_cpu  (MaMachine           *self,
                                              guint                cpu);
guint64          ma_machine_get_seed         (MaMachine           *self);
guint64          ma_machine_get_min_free_kbytes (MaMachine        *self);
guint            ma_machine_get_watermark_scale_factor (MaMachine *self);
guint            ma_machine_get_watermark_boost_factor (MaMachine *self);
guint            ma_machine_get_lowmem_reserve_ratio (MaMachine   *self,
                                                      guint       *out_ratio);
gboolean         ma_machine_set_min_free_kbytes (MaMachine        *self,
                                                 guint64           kbytes,
                                                 GError          **error);
gboolean         ma_machine_set_watermark_scale_factor (MaMachine *self,
                                                        guint      factor,
                                                        GError   **error);
gboolean         ma_machine_set_lowmem_reserve_ratio (MaMachine   *self,
                                                      const guint *ratio,
                                                      guint        n_ratio,
                                                      GError     **error);
guint64          ma_machine_get_total_pages  (MaMachine           *self,
                                              guint64             *out_present,
                                              guint64             *out_managed,
                                              guint64             *out_free);
gsize            ma_machine_get_memory_size  (MaMachine           *self);
MaEventRing     *ma_machine_get_events       (MaMachine           *self);

MaZone          *ma_machine_zone_of_pfn      (MaMachine           *self,
                                              guint64              pfn);
MaNode          *ma_machine_node_of_pfn      (MaMachine           *self,
                                              guint64              pfn);
gboolean         ma_machine_get_frame_info   (MaMachine           *self,
                                              guint64              pfn,
                                              MaFrameInfo         *out_info);
gboolean         ma_machine_page_address     (MaMachine           *self,
                                              guint64              pfn,
                                              guint64             *out_virtual);
gboolean         ma_machine_find_block       (MaMachine           *self,
                                              guint64              pfn,
                                              guint64             *out_head,
                                              guint               *out_order,
                                              MaFrameState        *out_state);

guint            ma_machine_add_owner        (MaMachine           *self,
                                              MaOwnerKind          kind,
                                              const char          *name,
                                              gint                 pid);
const MaOwner   *ma_machine_get_owner        (MaMachine           *self,
                                              guint                id);
guint            ma_machine_get_n_owners     (MaMachine           *self);
guint            ma_machine_default_owner    (MaMachine           *self,
                                              MaOwnerKind          kind);

/* Actions: a user-visible change, recorded for undo and announced by "changed". */
void             ma_machine_begin_action     (MaMachine           *self,
                                              const char          *label);
void             ma_machine_end_action       (MaMachine           *self);
gboolean         ma_machine_can_undo         (MaMachine           *self);
gboolean         ma_machine_can_redo         (MaMachine           *self);
const char      *ma_machine_get_undo_label   (MaMachine           *self);
const char      *ma_machine_get_redo_label   (MaMachine           *self);
gboolean         ma_machine_undo             (MaMachine           *self);
gboolean         ma_machine_redo             (MaMachine           *self);
void             ma_machine_clear_history    (MaMachine           *self);
guint64          ma_machine_get_action_serial (MaMachine          *self);
void             ma_machine_notify_changed   (MaMachine           *self);
guint64          ma_machine_get_undo_serial  (MaMachine           *self);
guint64          ma_machine_get_redo_serial  (MaMachine           *self);

typedef struct _MaCheckpoint MaCheckpoint;

MaCheckpoint    *ma_machine_save_checkpoint  (MaMachine           *self);
void             ma_machine_restore_checkpoint (MaMachine         *self,
                                                const MaCheckpoint *checkpoint);
void             ma_checkpoint_free          (MaCheckpoint        *checkpoint);
gsize            ma_checkpoint_get_size      (const MaCheckpoint  *checkpoint);

guint64          ma_machine_hash_state       (MaMachine           *self);
gboolean         ma_machine_check            (MaMachine           *self,
                                              gboolean             full,
                                              GError             **error);
gboolean         ma_machine_check_zone_local (MaMachine           *self,
                                              MaZone              *zone,
                                              GError             **error);

/* Random numbers for workloads: xoshiro256**, seeded by the machine's seed. */
guint64          ma_machine_random           (MaMachine           *self);
guint64          ma_machine_random_below     (MaMachine           *self,
                                              guint64              bound);

/* Nodes */
guint            ma_node_get_id              (MaNode              *node);
guint            ma_node_get_index           (MaNode              *node);
MaMachine       *ma_node_get_machine         (MaNode              *node);
guint64          ma_node_get_start_pfn       (MaNode              *node);
guint64          ma_node_get_spanned         (MaNode              *node);
guint64          ma_node_get_present         (MaNode              *node);
guint            ma_node_get_n_zones         (MaNode              *node);
MaZone          *ma_node_get_zone            (MaNode              *node,
                                              guint                zone_idx);
MaZone          *ma_node_get_zone_by_type    (MaNode              *node,
                                              MaZoneType           type);
const MaFrame   *ma_node_get_frames          (MaNode              *node);
guint            ma_node_get_first_cpu       (MaNode              *node);
guint            ma_node_get_n_cpus          (MaNode              *node);
guint            ma_node_get_zonelist        (MaNode              *node,
                                              gboolean             this_node_only,
                                              MaZone            ***out_zones);
gboolean         ma_node_get_kswapd_pending  (MaNode              *node,
                                              guint               *out_order,
                                              guint               *out_highest_zoneidx);

/* Zones */
MaZoneType       ma_zone_get_zone_type       (MaZone              *zone);
const char      *ma_zone_get_name            (MaZone              *zone);
guint            ma_zone_get_index           (MaZone              *zone);
MaNode          *ma_zone_get_node            (MaZone              *zone);
guint64          ma_zone_get_start_pfn       (MaZone              *zone);
guint64          ma_zone_get_spanned         (MaZone              *zone);
guint64          ma_zone_get_present         (MaZone              *zone);
guint64          ma_zone_get_managed         (MaZone              *zone);
gboolean         ma_zone_is_populated        (MaZone              *zone);
gint64           ma_zone_get_free_pages      (MaZone              *zone);
guint64          ma_zone_get_watermark       (MaZone              *zone,
                                              MaWatermark          mark);
guint64          ma_zone_get_watermark_base  (MaZone              *zone,
                                              MaWatermark          mark);
guint64          ma_zone_get_boost           (MaZone              *zone);
guint64          ma_zone_get_lowmem_reserve  (MaZone              *zone,
                                              guint                highest_zoneidx);
guint64          ma_zone_get_nr_free         (MaZone              *zone,
                                              guint                order);
guint64          ma_zone_get_nr_free_list    (MaZone              *zone,
                                              guint                order,
                                              MaMigrateType        mt);
guint64          ma_zone_get_pageblocks_of_type (MaZone           *zone,
                                                 MaMigrateType     mt);
guint64          ma_zone_get_pcp_pages       (MaZone              *zone);
void             ma_zone_get_pcp_limits      (MaZone              *zone,
                                              guint               *out_batch,
                                              guint               *out_high,
                                              guint               *out_high_min,
                                              guint               *out_high_max);
guint64          ma_zone_get_pages_of_kind   (MaZone              *zone,
                                              MaOwnerKind          kind);
guint64          ma_zone_get_reserved_highatomic (MaZone          *zone);
const MaFrame   *ma_zone_get_frame           (MaZone              *zone,
                                              guint64              pfn);
gboolean         ma_zone_contains            (MaZone              *zone,
                                              guint64              pfn);
guint            ma_zone_get_implicit_free_runs (MaZone          *zone,
                                                 guint64         *out_starts,
                                                 guint64         *out_n_blocks,
                                                 guint            max_runs);

G_END_DECLS
