/* ma-highmem.h: the kernel's virtual address space on 32-bit x86, and the ways it reaches HighMem:
 * persistent kmaps (the PKMAP window) and the per-CPU kmap_atomic / kmap_local slots (fixmap)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_HIGHMEM_ERROR (ma_highmem_error_quark ())

/**
 * MaHighmemError:
 * @MA_HIGHMEM_ERROR_UNSUPPORTED: the machine is not a 32-bit x86 machine with HighMem
 * @MA_HIGHMEM_ERROR_INVALID: an argument names no such frame, CPU or address
 * @MA_HIGHMEM_ERROR_NOT_ALLOCATED: the frame is free or reserved, so nobody may map it
 * @MA_HIGHMEM_ERROR_NOT_MAPPED: kunmap of a page that holds no mapping
 * @MA_HIGHMEM_ERROR_ORDER: kunmap_atomic of a slot that is not the last one mapped
 * @MA_HIGHMEM_ERROR_DEPTH: kmap_atomic nested deeper than the per-CPU slots allow
 * @MA_HIGHMEM_ERROR_BUSY: the frame is in a state kmap cannot take (see the message)
 */
typedef enum
{
  MA_HIGHMEM_ERROR_UNSUPPORTED,
  MA_HIGHMEM_ERROR_INVALID,
  MA_HIGHMEM_ERROR_NOT_ALLOCATED,
  MA_HIGHMEM_ERROR_NOT_MAPPED,
  MA_HIGHMEM_ERROR_ORDER,
  MA_HIGHMEM_ERROR_DEPTH,
  MA_HIGHMEM_ERROR_BUSY,
} MaHighmemError;

/**
 * MaVirtualAreaKind:
 * @MA_VAREA_USER: user space, below PAGE_OFFSET
 * @MA_VAREA_DIRECT_MAP: the direct map of lowmem, PAGE_OFFSET to high_memory
 * @MA_VAREA_UNUSED: a hole: the VMALLOC_OFFSET gap, guard pages, alignment left-overs
 * @MA_VAREA_VMALLOC: vmalloc, ioremap and modules
 * @MA_VAREA_PKMAP: the persistent kmap window, LAST_PKMAP pages from PKMAP_BASE
 * @MA_VAREA_LDT_REMAP: the PMD where PTI remaps LDTs (4.19 and later)
 * @MA_VAREA_CPU_ENTRY_AREA: the per-CPU entry areas (4.15 and later)
 * @MA_VAREA_FIXMAP_BOOT: fixmap entries used only while booting (early_ioremap)
 * @MA_VAREA_FIXMAP: permanent fixmap entries (APIC, IO-APIC, PCIe config, …)
 * @MA_VAREA_KMAP_SLOTS: one CPU's kmap_atomic / kmap_local slots, inside the fixmap
 *
 * What a stretch of the kernel's virtual address space is for.
 */
typedef enum
{
  MA_VAREA_USER,
  MA_VAREA_DIRECT_MAP,
  MA_VAREA_UNUSED,
  MA_VAREA_VMALLOC,
  MA_VAREA_PKMAP,
  MA_VAREA_LDT_REMAP,
  MA_VAREA_CPU_ENTRY_AREA,
  MA_VAREA_FIXMAP_BOOT,
  MA_VAREA_FIXMAP,
  MA_VAREA_KMAP_SLOTS,
  MA_N_VAREA_KINDS
} MaVirtualAreaKind;

/**
 * MaVirtualArea:
 * @name: a name for people ("vmalloc", "kmap_local slots, CPU 1")
 * @start: first address
 * @end: one past the last address (4 GiB for the last area)
 * @kind: what it is for
 * @cpu: for %MA_VAREA_KMAP_SLOTS the CPU the slots belong to, else -1
 *
 * One area of the 4 GiB virtual address space. The areas of a machine tile it from 0 to 4 GiB,
 * in ascending order, without overlap.
 */
typedef struct
{
  const char        *name;
  guint64            start;
  guint64            end;
  MaVirtualAreaKind  kind;
  gint               cpu;
} MaVirtualArea;

/**
 * MaHighmemLayout:
 *
 * The numbers the kernel's formulas give for this machine (arch/x86/include/asm/
 * pgtable_32_areas.h, fixmap.h, mm/highmem.c), as addresses or counts.
 */
typedef struct
{
  guint64   page_offset;          /* PAGE_OFFSET (CONFIG_VMSPLIT_*) */
  guint64   max_pfn;              /* one past the last present frame */
  guint64   max_low_pfn;          /* lowmem frames: the start of HighMem on this machine */
  guint64   maxmem;               /* MAXMEM: the most lowmem this kernel can map directly */
  guint64   maxmem_pfn;           /* MAXMEM >> PAGE_SHIFT */
  guint64   high_memory;          /* __va(max_low_pfn << PAGE_SHIFT) */
  guint64   vmalloc_reserve;      /* __VMALLOC_RESERVE */
  guint64   vmalloc_start;
  guint64   vmalloc_end;
  guint64   pkmap_base;           /* PKMAP_BASE */
  guint     last_pkmap;           /* LAST_PKMAP: 1024, or 512 with PAE */
  guint64   ldt_base;             /* LDT_BASE_ADDR, 0 before 4.19 */
  guint64   cpu_entry_area_base;  /* CPU_ENTRY_AREA_BASE, 0 before 4.15 */
  guint     cpu_entry_area_pages; /* CPU_ENTRY_AREA_PAGES + the read-only IDT page */
  guint64   fixaddr_top;          /* FIXADDR_TOP = __FIXADDR_TOP */
  guint64   fixaddr_start;        /* FIXADDR_START: the permanent entries */
  guint64   fixaddr_tot_start;    /* FIXADDR_TOT_START (FIXADDR_BOOT_START): with boot-time ones */
  guint     end_of_permanent;     /* __end_of_permanent_fixed_addresses */
  guint     end_of_fixed;         /* __end_of_fixed_addresses */
  guint     fix_kmap_begin;       /* FIX_KMAP_BEGIN */
  guint     fix_kmap_end;         /* FIX_KMAP_END */
  guint     kmap_slots_per_cpu;   /* KM_TYPE_NR or KM_MAX_IDX */
  guint     kmap_max_depth;       /* how deep kmap_atomic / kmap_local may nest per CPU */
  gboolean  kmap_local;           /* 5.11 and later: kmap_local_page(), kmap_atomic on top */
  gboolean  named_kmap_slots;     /* before 2.6.37: enum km_type names the slots */
  guint64   pmd_size;             /* 4 MiB, or 2 MiB with PAE */
  guint     n_cpus;               /* NR_CPUS as the model takes it: the machine's CPUs */
} MaHighmemLayout;

/**
 * MaVirtualInfo:
 * @area: the area the address falls in
 * @has_pfn: whether the address maps a page frame now
 * @pfn: that frame
 * @pkmap_slot: in the PKMAP window, the slot (PKMAP_NR); else -1
 * @pkmap_count: that slot's pkmap_count (0 free, 1 mapped without users, n: n-1 users)
 * @cpu: in a CPU's kmap slots, the CPU; else -1
 * @stack_pos: in a CPU's kmap slots, the position in its stack (the kmap type); else -1
 * @fix_idx: in the fixmap, the index of the entry (enum fixed_addresses); else -1
 *
 * What a kernel virtual address is.
 */
typedef struct
{
  const MaVirtualArea *area;
  gboolean             has_pfn;
  guint64              pfn;
  gint                 pkmap_slot;
  guint                pkmap_count;
  gint                 cpu;
  gint                 stack_pos;
  gint                 fix_idx;
} MaVirtualInfo;

/**
 * MaPfnMappingKind:
 * @MA_PFN_MAPPING_DIRECT: lowmem: the fixed direct-map address
 * @MA_PFN_MAPPING_PKMAP: a persistent kmap (also what page_address() returns)
 * @MA_PFN_MAPPING_ATOMIC: a kmap_atomic / kmap_local slot of a CPU
 */
typedef enum
{
  MA_PFN_MAPPING_DIRECT,
  MA_PFN_MAPPING_PKMAP,
  MA_PFN_MAPPING_ATOMIC,
} MaPfnMappingKind;

/**
 * MaPfnMapping:
 *
 * One kernel virtual address a page frame is reachable at.
 */
typedef struct
{
  MaPfnMappingKind kind;
  guint64          vaddr;
  gint             cpu;        /* ATOMIC: the CPU; else -1 */
  gint             slot;       /* PKMAP: the slot; ATOMIC: the stack position; else -1 */
} MaPfnMapping;

/**
 * MaKmapResult:
 * @MA_KMAP_MAPPED: the page has an address now
 * @MA_KMAP_WAITING: every PKMAP slot is in use: the task sleeps until a kunmap wakes it
 */
typedef enum
{
  MA_KMAP_MAPPED,
  MA_KMAP_WAITING,
} MaKmapResult;

/**
 * MaKmapWaiter:
 * @task: who waits (any number the caller chose)
 * @pfn: the page it wants mapped
 *
 * A task asleep in map_new_virtual(), on the pkmap wait queue.
 */
typedef struct
{
  guint64 task;
  guint64 pfn;
} MaKmapWaiter;

/**
 * MaPkmapStats:
 *
 * The PKMAP pool at a glance.
 */
typedef struct
{
  guint   slots;          /* LAST_PKMAP */
  guint   free;           /* pkmap_count 0 */
  guint   unused_mapped;  /* pkmap_count 1: no users, still mapped until the next flush */
  guint   in_use;         /* pkmap_count 2 or more */
  guint64 users;          /* sum of (pkmap_count - 1) over the slots in use */
  guint   last_pkmap_nr;
  guint   waiters;
  guint64 flushes;        /* flush_all_zero_pkmaps() calls that unmapped something */
  guint64 waits;          /* times a kmap had to sleep */
} MaPkmapStats;

GQuark               ma_highmem_error_quark       (void);
const char          *ma_virtual_area_kind_name    (MaVirtualAreaKind   kind);

gboolean             ma_highmem_is_supported      (MaMachine          *machine);
const MaHighmemLayout *ma_highmem_get_layout      (MaMachine          *machine);
const MaVirtualArea *ma_highmem_get_areas         (MaMachine          *machine,
                                                   guint              *out_n_areas);
gboolean             ma_highmem_lookup_virtual    (MaMachine          *machine,
                                                   guint64             vaddr,
                                                   MaVirtualInfo      *out_info,
                                                   GError            **error);
GArray              *ma_highmem_pfn_to_virtual    (MaMachine          *machine,
                                                   guint64             pfn,
                                                   GError            **error);

/* Persistent kmaps (kmap / kunmap, mm/highmem.c) */
gboolean             ma_highmem_kmap              (MaMachine          *machine,
                                                   guint64             pfn,
                                                   guint64             task,
                                                   MaKmapResult       *out_result,
                                                   guint64            *out_vaddr,
                                                   GError            **error);
gboolean             ma_highmem_kunmap            (MaMachine          *machine,
                                                   guint64             pfn,
                                                   GError            **error);
guint                ma_highmem_flush_unused      (MaMachine          *machine);
guint                ma_highmem_cancel_wait       (MaMachine          *machine,
                                                   guint64             task);
gboolean             ma_highmem_task_is_waiting   (MaMachine          *machine,
                                                   guint64             task);
const MaKmapWaiter  *ma_highmem_get_waiters       (MaMachine          *machine,
                                                   guint              *out_n_waiters);
guint                ma_highmem_get_pkmap_count   (MaMachine          *machine,
                                                   guint               slot,
                                                   guint64            *out_pfn);
void                 ma_highmem_get_pkmap_stats   (MaMachine          *machine,
                                                   MaPkmapStats       *out_stats);

/* Atomic / local kmaps (per-CPU slots in the fixmap) */
gboolean             ma_highmem_kmap_atomic       (MaMachine          *machine,
                                                   guint               cpu,
                                                   guint64             pfn,
                                                   guint64            *out_vaddr,
                                                   GError            **error);
gboolean             ma_highmem_kunmap_atomic     (MaMachine          *machine,
                                                   guint               cpu,
                                                   guint64             vaddr,
                                                   GError            **error);
guint                ma_highmem_get_atomic_depth  (MaMachine          *machine,
                                                   guint               cpu);
gboolean             ma_highmem_get_atomic_slot   (MaMachine          *machine,
                                                   guint               cpu,
                                                   guint               stack_pos,
                                                   guint64            *out_pfn,
                                                   guint64            *out_vaddr);

G_END_DECLS
