/* ma-highmem-layout.c: the kernel's virtual address space on 32-bit x86, by the kernel's formulas
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 32-bit kernel sees 4 GiB of virtual addresses. Below PAGE_OFFSET is user space; above it the
 * direct map covers lowmem, then come vmalloc, the PKMAP window and the fixmap, whose per-CPU
 * kmap slots sit near the top. The layout is computed once per machine; the addresses it holds
 * are looked up here, the mappings themselves live in ma-highmem.c.
 */
#define G_LOG_DOMAIN "ma-highmem"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-highmem-private.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

/* arch/x86/mm/pgtable_32.c: __FIXADDR_TOP = 0xfffff000, __VMALLOC_RESERVE = 128 MiB (the
 * vmalloc= boot option changes it; the model uses the default). */
#define FIXADDR_TOP      G_GUINT64_CONSTANT (0xfffff000)
#define VMALLOC_RESERVE  (G_GUINT64_CONSTANT (128) << 20)
#define VMALLOC_OFFSET   (G_GUINT64_CONSTANT (8) << 20)

/* The fixmap entries below FIX_KMAP_BEGIN (arch/x86/include/asm/fixmap.h): FIX_HOLE,
 * FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE, then MAX_IO_APICS (64 on 32-bit) IO-APIC
 * pages. That is a kernel with X86_LOCAL_APIC and X86_IO_APIC and without
 * PROVIDE_OHCI1394_DMA_INIT, as distributions build it. */
#define FIX_KMAP_BEGIN_IDX 68

/* Boot-time fixmap entries: NR_FIX_BTMAPS × FIX_BTMAPS_SLOTS. */
#define TOTAL_FIX_BTMAPS   512

static const char *const area_kind_names[MA_N_VAREA_KINDS] = {
  "user",
  "direct-map",
  "unused",
  "vmalloc",
  "pkmap",
  "ldt-remap",
  "cpu-entry-area",
  "fixmap-boot",
  "fixmap",
  "kmap-slots",
};

const char *
ma_virtual_area_kind_name (MaVirtualAreaKind kind)
{
  g_return_val_if_fail (kind < MA_N_VAREA_KINDS, "?");
  return area_kind_names[kind];
}

/* ------------------------------------------------------------------------------------------ */
/* The layout */

/*
 * How many atomic/local slots each CPU has and how deep they may nest (KERNEL.md §7.2, checked
 * against the trees):
 *   before 2.6.37  enum km_type: the caller names its slot; 13 types on x86 in 2.6.24.
 *   2.6.37 - 5.10  KM_TYPE_NR = 20 (include/asm-generic/kmap_types.h), a per-CPU stack;
 *                  kmap_atomic_idx_push() returns the old depth and BUGs (DEBUG_HIGHMEM) when it
 *                  reaches KM_TYPE_NR, so 20 may nest.
 *   5.11 and later KM_MAX_IDX = 16 (include/asm-generic/kmap_size.h), a per-task stack;
 *                  kmap_local_idx_push() increments first and BUGs when the new depth reaches
 *                  KM_MAX_IDX, so only 15 may nest although 16 slots are reserved per CPU.
 * The model keeps one stack per CPU for every version: tasks are not modelled, and a task's
 * kmap_local stack always sits on the CPU it runs on.
 */
static void
kmap_slots (MaKernelVersion  kernel,
            guint           *out_slots,
            guint           *out_depth,
            gboolean        *out_local,
            gboolean        *out_named)
{
  *out_local = kernel >= V (5, 11, 0);
  *out_named = kernel < V (2, 6, 37);
  if (*out_local)
    {
      *out_slots = 16;
      *out_depth = 15;
    }
  else if (!*out_named)
    {
      *out_slots = 20;
      *out_depth = 20;
    }
  else
    {
      *out_slots = 13;
      *out_depth = 13;
    }
}

static guint64
max_pfn_of (const MaMachineSpec *spec)
{
  guint64 max_pfn = 0;

  for (guint i = 0; i < spec->n_nodes; i++)
    {
      GArray *mem = spec->nodes[i].memory;

      if (mem->len > 0)
        max_pfn = MAX (max_pfn, g_array_index (mem, MaPfnRange, mem->len - 1).end);
    }
  return max_pfn;
}

/*
 * The kernel's formulas, top of the address space downwards. NR_CPUS is a build option: the
 * fixmap and the cpu_entry_area reserve room for every possible CPU. The model takes a kernel
 * built for exactly this machine's CPUs.
 *
 * fixmap (arch/x86/include/asm/fixmap.h): entry i sits at __fix_to_virt(i) = FIXADDR_TOP -
 * (i << PAGE_SHIFT), growing down. After the kmap slots come FIX_PCIE_MCFG (PCI_MMCONFIG) and,
 * from ≈2.6.27 until ≈5.2, FIX_TEXT_POKE1/0: that ends the permanent entries. The 512 boot-time
 * entries follow, moved up to the next page-table boundary if they would straddle one, then
 * FIX_WP_TEST.
 *
 * PKMAP_BASE (pgtable_32_types.h, later pgtable_32_areas.h), rounded down to a PMD (4 MiB, or
 * 2 MiB with PAE):
 *   before 4.15  (FIXADDR_BOOT_START - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK
 *   4.15 - 4.18  (CPU_ENTRY_AREA_BASE - PAGE_SIZE) & PMD_MASK
 *   4.19 on      (LDT_BASE_ADDR - PAGE_SIZE) & PMD_MASK, LDT_BASE_ADDR being the PMD below
 *                CPU_ENTRY_AREA_BASE (PTI's LDT remap)
 * CPU_ENTRY_AREA_BASE = (FIXADDR_TOT_START - PAGE_SIZE * (CPU_ENTRY_AREA_PAGES + 1)) & PMD_MASK
 * with CPU_ENTRY_AREA_PAGES = NR_CPUS * 40 (4.19; later kernels size it from struct
 * cpu_entry_area, 39 to 43 pages, which the PMD rounding almost always hides).
 *
 * VMALLOC_END = PKMAP_BASE - 2 pages; MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE
 * (before ≈2.6.29: -PAGE_OFFSET - __VMALLOC_RESERVE, the classic 896 MiB). The direct map ends
 * at high_memory = PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT), and VMALLOC_START = high_memory +
 * VMALLOC_OFFSET (before ≈2.6.29 also rounded up to 8 MiB).
 *
 * The machine's zones say where its lowmem ends; the kernel derives that from MAXMEM. When the
 * two disagree the machine wins (the direct map must cover every lowmem frame) and vmalloc
 * shrinks, as with a smaller vmalloc= option; layout->maxmem keeps the formula's value.
 */
static gboolean
compute_layout (MaMachine       *m,
                MaHighmemLayout *l)
{
  const MaMachineSpec *spec = m->spec;
  MaKernelVersion k = m->kernel;
  guint64 pmd_mask, ptrs_per_pte, btmap_end;
  guint perm;

  memset (l, 0, sizeof *l);
  if (!spec->highmem || m->page_shift != 12 || spec->page_offset == 0
      || spec->page_offset >= MA_HM_ADDRESS_SPACE)
    return FALSE;

  l->page_offset = spec->page_offset;
  l->n_cpus = m->n_cpus;
  l->pmd_size = spec->pae ? G_GUINT64_CONSTANT (2) << 20 : G_GUINT64_CONSTANT (4) << 20;
  pmd_mask = (MA_HM_ADDRESS_SPACE - 1) & ~(l->pmd_size - 1);
  ptrs_per_pte = spec->pae ? 512 : 1024;
  l->last_pkmap = spec->pae ? 512 : 1024;
  kmap_slots (k, &l->kmap_slots_per_cpu, &l->kmap_max_depth, &l->kmap_local, &l->named_kmap_slots);

  /* fixmap */
  l->fixaddr_top = FIXADDR_TOP;
  l->fix_kmap_begin = FIX_KMAP_BEGIN_IDX;
  l->fix_kmap_end = l->fix_kmap_begin + l->kmap_slots_per_cpu * l->n_cpus - 1;
  perm = l->fix_kmap_end + 1;
  perm += 1;                                     /* FIX_PCIE_MCFG */
  if (k >= V (2, 6, 27) && k < V (5, 2, 0))
    perm += 2;                                   /* FIX_TEXT_POKE1, FIX_TEXT_POKE0 */
  l->end_of_permanent = perm;
  btmap_end = ((perm ^ (perm + TOTAL_FIX_BTMAPS - 1)) & ~(ptrs_per_pte - 1))
              ? perm + TOTAL_FIX_BTMAPS - (perm & (TOTAL_FIX_BTMAPS - 1)) : perm;
  /* FIX_BTMAP_BEGIN = FIX_BTMAP_END + 511, then FIX_WP_TEST */
  l->end_of_fixed = (guint) (btmap_end + TOTAL_FIX_BTMAPS - 1 + 2);
  l->fixaddr_start = l->fixaddr_top - (guint64) l->end_of_permanent * MA_HM_PAGE_SIZE;
  l->fixaddr_tot_start = l->fixaddr_top - (guint64) l->end_of_fixed * MA_HM_PAGE_SIZE;
  if (l->fixaddr_tot_start <= l->page_offset)
    return FALSE;

  /* PKMAP */
  if (k >= V (4, 15, 0))
    {
      if (MA_HM_PAGE_SIZE * (l->n_cpus * 40 + 1) + l->pmd_size * 2
          >= l->fixaddr_tot_start - l->page_offset)
        return FALSE;
      l->cpu_entry_area_pages = l->n_cpus * 40 + 1;
      l->cpu_entry_area_base = (l->fixaddr_tot_start - MA_HM_PAGE_SIZE * l->cpu_entry_area_pages)
                               & pmd_mask;
    }
  if (k >= V (4, 19, 0))
    {
      l->ldt_base = (l->cpu_entry_area_base - MA_HM_PAGE_SIZE) & pmd_mask;
      l->pkmap_base = (l->ldt_base - MA_HM_PAGE_SIZE) & pmd_mask;
    }
  else if (k >= V (4, 15, 0))
    l->pkmap_base = (l->cpu_entry_area_base - MA_HM_PAGE_SIZE) & pmd_mask;
  else
    l->pkmap_base = (l->fixaddr_tot_start - MA_HM_PAGE_SIZE * (l->last_pkmap + 1)) & pmd_mask;

  /* vmalloc and lowmem */
  l->vmalloc_reserve = VMALLOC_RESERVE;
  l->vmalloc_end = l->pkmap_base - 2 * MA_HM_PAGE_SIZE;
  if (l->vmalloc_end <= l->page_offset + VMALLOC_RESERVE)
    return FALSE;
  if (k >= V (2, 6, 29))
    l->maxmem = l->vmalloc_end - l->page_offset - VMALLOC_RESERVE;
  else
    l->maxmem = MA_HM_ADDRESS_SPACE - l->page_offset - VMALLOC_RESERVE;
  l->maxmem_pfn = l->maxmem >> 12;
  l->max_pfn = max_pfn_of (spec);
  l->max_low_pfn = MIN (l->max_pfn, spec->zone_limit[MA_ZONE_NORMAL]);
  l->high_memory = l->page_offset + (l->max_low_pfn << 12);
  if (l->high_memory > l->vmalloc_end)
    return FALSE;   /* more lowmem than the kernel's virtual space can hold */
  if (k >= V (2, 6, 29))
    l->vmalloc_start = l->high_memory + VMALLOC_OFFSET;
  else
    l->vmalloc_start = (l->high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1);
  l->vmalloc_start = MIN (l->vmalloc_start, l->vmalloc_end);
  return TRUE;
}


typedef struct
{
  GArray    *areas;
  GPtrArray *names;
} AreaBuilder;

/* Appends [start, end) after the areas so far; a gap before it becomes an "unused" area. */
static void
add_area (AreaBuilder       *b,
          guint64            start,
          guint64            end,
          MaVirtualAreaKind  kind,
          const char        *name,
          gint               cpu)
{
  guint64 prev = b->areas->len > 0
                 ? g_array_index (b->areas, MaVirtualArea, b->areas->len - 1).end : 0;
  MaVirtualArea a = { name, start, end, kind, cpu };

  g_assert (start >= prev);
  if (end <= start)
    return;
  if (start > prev)
    {
      MaVirtualArea gap = { "unused", prev, start, MA_VAREA_UNUSED, -1 };

      g_array_append_val (b->areas, gap);
    }
  g_array_append_val (b->areas, a);
}

static void
build_areas (MaHighmem *hm)
{
  const MaHighmemLayout *l = &hm->layout;
  AreaBuilder b;
  guint64 kmap_low = ma_highmem_fix_to_virt (l, l->fix_kmap_end);
  guint64 kmap_high = ma_highmem_fix_to_virt (l, l->fix_kmap_begin) + MA_HM_PAGE_SIZE;
  const char *kind = l->kmap_local ? "kmap_local" : "kmap_atomic";

  b.areas = g_array_new (FALSE, TRUE, sizeof (MaVirtualArea));
  b.names = g_ptr_array_new_with_free_func (g_free);

  add_area (&b, 0, l->page_offset, MA_VAREA_USER, "user space", -1);
  add_area (&b, l->page_offset, l->high_memory, MA_VAREA_DIRECT_MAP, "direct map (lowmem)", -1);
  add_area (&b, l->high_memory, l->vmalloc_start, MA_VAREA_UNUSED, "VMALLOC_OFFSET gap", -1);
  add_area (&b, l->vmalloc_start, l->vmalloc_end, MA_VAREA_VMALLOC, "vmalloc", -1);
  add_area (&b, l->vmalloc_end, l->pkmap_base, MA_VAREA_UNUSED, "guard pages", -1);
  add_area (&b, l->pkmap_base, ma_highmem_pkmap_addr (l, l->last_pkmap), MA_VAREA_PKMAP,
            "pkmap (persistent kmaps)", -1);
  if (l->ldt_base != 0)
    add_area (&b, l->ldt_base, l->ldt_base + l->pmd_size, MA_VAREA_LDT_REMAP, "LDT remap (PTI)",
              -1);
  if (l->cpu_entry_area_base != 0)
    add_area (&b, l->cpu_entry_area_base,
              l->cpu_entry_area_base + MA_HM_PAGE_SIZE * l->cpu_entry_area_pages,
              MA_VAREA_CPU_ENTRY_AREA, "cpu_entry_area", -1);
  add_area (&b, l->fixaddr_tot_start, l->fixaddr_start, MA_VAREA_FIXMAP_BOOT,
            "fixmap, boot-time (early_ioremap)", -1);
  add_area (&b, l->fixaddr_start, kmap_low, MA_VAREA_FIXMAP, "fixmap (PCIe config, text_poke)", -1);
  /* CPU 0's slots are the highest: the fixmap grows down */
  for (guint cpu = l->n_cpus; cpu-- > 0;)
    {
      char *name = g_strdup_printf ("%s slots, CPU %u", kind, cpu);

      g_ptr_array_add (b.names, name);
      add_area (&b, ma_highmem_kmap_slot_vaddr (l, cpu, l->kmap_slots_per_cpu - 1),
                ma_highmem_kmap_slot_vaddr (l, cpu, 0) + MA_HM_PAGE_SIZE, MA_VAREA_KMAP_SLOTS, name,
                (gint) cpu);
    }
  add_area (&b, kmap_high, MA_HM_ADDRESS_SPACE, MA_VAREA_FIXMAP, "fixmap (APIC, IO-APIC)", -1);
  g_assert (g_array_index (b.areas, MaVirtualArea, b.areas->len - 1).end == MA_HM_ADDRESS_SPACE);

  hm->n_areas = b.areas->len;
  hm->areas = (MaVirtualArea *) (gpointer) g_array_free (b.areas, FALSE);
  hm->names = b.names;
}

/* Computes the layout and the areas; FALSE when the machine has no 32-bit HighMem to model. */
gboolean
ma_highmem_layout_init (MaHighmem *hm,
                        MaMachine *m)
{
  hm->supported = compute_layout (m, &hm->layout);
  if (hm->supported)
    build_areas (hm);
  return hm->supported;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading */

/**
 * ma_highmem_is_supported:
 *
 * Returns: whether the machine is a 32-bit x86 machine with HighMem, whose virtual layout and
 *   kmaps this file models
 */
gboolean
ma_highmem_is_supported (MaMachine *machine)
{
  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);
  return ma_highmem_of (machine)->supported;
}

/**
 * ma_highmem_get_layout:
 *
 * Returns: (nullable): the kernel's numbers for this machine, or %NULL without HighMem
 */
const MaHighmemLayout *
ma_highmem_get_layout (MaMachine *machine)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  hm = ma_highmem_of (machine);
  return hm->supported ? &hm->layout : NULL;
}

/**
 * ma_highmem_get_areas:
 * @out_n_areas: (out): how many areas
 *
 * The kernel's virtual address space, from 0 to 4 GiB, as consecutive areas.
 *
 * Returns: (array length=out_n_areas) (nullable): the areas, owned by the machine; %NULL
 *   without HighMem
 */
const MaVirtualArea *
ma_highmem_get_areas (MaMachine *machine,
                      guint     *out_n_areas)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  g_return_val_if_fail (out_n_areas != NULL, NULL);
  hm = ma_highmem_of (machine);
  *out_n_areas = hm->n_areas;
  return hm->areas;
}

gboolean
ma_highmem_check_supported (MaHighmem  *hm,
                            GError    **error)
{
  if (hm->supported)
    return TRUE;
  g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_UNSUPPORTED,
               _("This machine has no HighMem: kmap and the 32-bit kernel address space are "
                 "modelled for 32-bit x86 machines with CONFIG_HIGHMEM (the i386 presets)"));
  return FALSE;
}

static const MaVirtualArea *
area_of (MaHighmem *hm,
         guint64    vaddr)
{
  guint lo = 0, hi = hm->n_areas;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (hm->areas[mid].start <= vaddr)
        lo = mid;
      else
        hi = mid;
    }
  return &hm->areas[lo];
}

/**
 * ma_highmem_lookup_virtual:
 * @vaddr: a 32-bit kernel (or user) virtual address
 * @out_info: (out): what it is
 *
 * Says which area @vaddr is in and, for the direct map, a PKMAP slot or a kmap slot, which page
 * frame it maps now.
 */
gboolean
ma_highmem_lookup_virtual (MaMachine      *machine,
                           guint64         vaddr,
                           MaVirtualInfo  *out_info,
                           GError        **error)
{
  MaHighmem *hm;
  const MaHighmemLayout *l;
  const MaHighmemState *s;
  MaVirtualInfo info = { NULL, FALSE, 0, -1, 0, -1, -1, -1 };

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);

  hm = ma_highmem_of (machine);
  if (!ma_highmem_check_supported (hm, error))
    return FALSE;
  if (vaddr >= MA_HM_ADDRESS_SPACE)
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID,
                   _("0x%" PRIx64 " is not a 32-bit address: this machine's virtual addresses end "
                     "at 0xffffffff"), vaddr);
      return FALSE;
    }
  l = &hm->layout;
  s = hm->state;
  info.area = area_of (hm, vaddr);
  switch (info.area->kind)
    {
    case MA_VAREA_DIRECT_MAP:
      info.pfn = (vaddr - l->page_offset) >> 12;
      info.has_pfn = ma_machine_zone_of_pfn_internal (machine, info.pfn) != NULL;
      break;
    case MA_VAREA_PKMAP:
      info.pkmap_slot = (gint) ((vaddr - l->pkmap_base) >> 12);
      info.pkmap_count = s->pkmap_count[info.pkmap_slot];
      info.has_pfn = info.pkmap_count >= 1;
      info.pfn = info.has_pfn ? s->pkmap_pfn[info.pkmap_slot] : 0;
      break;
    case MA_VAREA_KMAP_SLOTS:
      {
        guint idx;

        info.fix_idx = (gint) ((l->fixaddr_top - (vaddr & ~(MA_HM_PAGE_SIZE - 1))) >> 12);
        idx = (guint) info.fix_idx - l->fix_kmap_begin;
        info.cpu = (gint) (idx / l->kmap_slots_per_cpu);
        info.stack_pos = (gint) (idx % l->kmap_slots_per_cpu);
        info.has_pfn = (guint) info.stack_pos < s->depth[info.cpu];
        info.pfn = info.has_pfn ? s->atomic_pfn[idx] : 0;
        break;
      }
    case MA_VAREA_FIXMAP:
    case MA_VAREA_FIXMAP_BOOT:
      /* the top page, FIX_HOLE, is entry 0 too */
      info.fix_idx = (gint) ((l->fixaddr_top - MIN (vaddr & ~(MA_HM_PAGE_SIZE - 1), l->fixaddr_top))
                             >> 12);
      break;
    case MA_VAREA_USER:
    case MA_VAREA_UNUSED:
    case MA_VAREA_VMALLOC:
    case MA_VAREA_LDT_REMAP:
    case MA_VAREA_CPU_ENTRY_AREA:
    case MA_N_VAREA_KINDS:
    default:
      break;
    }
  *out_info = info;
  return TRUE;
}
