/* ma-machine-spec.h: the description of a machine to simulate, as read from a preset
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ma-kernel.h"

G_BEGIN_DECLS

#define MA_MAX_NODES  64
#define MA_MAX_CPUS   4096
#define MA_MAX_ORDERS 16

#define MA_MACHINE_SPEC_ERROR (ma_machine_spec_error_quark ())

typedef enum
{
  MA_MACHINE_SPEC_ERROR_PARSE,    /* not JSON, or not the expected structure */
  MA_MACHINE_SPEC_ERROR_INVALID,  /* well-formed but describes an impossible machine */
  MA_MACHINE_SPEC_ERROR_NOT_FOUND,
} MaMachineSpecError;

typedef struct
{
  guint64 start;  /* first pfn */
  guint64 end;    /* one past the last pfn */
} MaPfnRange;

/**
 * MaNodeSpec:
 *
 * One NUMA node: its memory (present page frames) and what of it is reserved at boot.
 */
typedef struct
{
  guint   id;
  guint   n_cpus;
  GArray *memory;    /* MaPfnRange, sorted, disjoint */
  GArray *reserved;  /* MaPfnRange, sorted, disjoint, inside memory */
} MaNodeSpec;

/**
 * MaMachineSpec:
 *
 * Everything needed to build a simulated machine. Created by ma_machine_spec_new_from_json()
 * (a preset file) or filled in by code (snapshots), then checked by ma_machine_spec_validate().
 */
struct _MaMachineSpec
{
  char            *name;
  char            *title;
  char            *description;
  char            *arch;
  MaKernelVersion  kernel;
  guint            page_shift;
  guint            nr_orders;        /* NR_PAGE_ORDERS: 11 on x86, 14 on arm64 with 64K pages */
  guint            pageblock_order;
  gboolean         thp;              /* transparent hugepages enabled (always or madvise) */
  gboolean         highmem;          /* 32-bit with CONFIG_HIGHMEM */
  gboolean         pae;              /* x86-32 PAE: 512 pkmap slots instead of 1024 */
  guint64          page_offset;      /* 32-bit: start of the kernel's direct map (0xC0000000) */

  /* Zones: which types the kernel is configured with (MAX_NR_ZONES) and their pfn limits. */
  guint            n_zone_types;
  MaZoneType       zone_types[MA_N_ZONE_TYPES];
  guint64          zone_limit[MA_N_ZONE_TYPES];   /* one past the last pfn of each type */
  guint64          movable_start[MA_MAX_NODES];   /* per node: first pfn of ZONE_MOVABLE, or 0 */

  /* sysctls */
  gint64           min_free_kbytes;  /* < 0: the kernel's default (and THP rule) */
  guint            watermark_scale_factor;
  guint            watermark_boost_factor;
  guint            n_lowmem_reserve_ratio;  /* 0: the kernel's default */
  guint            lowmem_reserve_ratio[MA_N_ZONE_TYPES];

  guint            n_nodes;
  MaNodeSpec       nodes[MA_MAX_NODES];
  guint            distance[MA_MAX_NODES][MA_MAX_NODES];
};

GQuark         ma_machine_spec_error_quark      (void);

MaMachineSpec *ma_machine_spec_new              (void);
MaMachineSpec *ma_machine_spec_copy             (const MaMachineSpec *spec);
void           ma_machine_spec_free             (MaMachineSpec       *spec);
MaMachineSpec *ma_machine_spec_new_from_json    (const char          *json,
                                                 gssize               length,
                                                 const char          *source_name,
                                                 GError             **error);
MaMachineSpec *ma_machine_spec_new_from_file    (GFile               *file,
                                                 GError             **error);
gboolean       ma_machine_spec_validate         (MaMachineSpec       *spec,
                                                 GError             **error);
char          *ma_machine_spec_to_json          (const MaMachineSpec *spec);
guint64        ma_machine_spec_total_pages      (const MaMachineSpec *spec);
void           ma_machine_spec_add_node         (MaMachineSpec       *spec,
                                                 guint                id,
                                                 guint                n_cpus);
void           ma_machine_spec_add_memory       (MaMachineSpec       *spec,
                                                 guint                node_index,
                                                 guint64              start_pfn,
                                                 guint64              end_pfn);
void           ma_machine_spec_add_reserved     (MaMachineSpec       *spec,
                                                 guint                node_index,
                                                 guint64              start_pfn,
                                                 guint64              end_pfn);

/* Built-in presets, compiled into the engine. */
const char *const *ma_presets_list              (void);
MaMachineSpec *ma_presets_load                  (const char          *name_or_path,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaMachineSpec, ma_machine_spec_free)

G_END_DECLS
