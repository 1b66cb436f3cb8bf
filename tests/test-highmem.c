/* test-highmem.c: the 32-bit kernel address space, persistent kmaps and kmap_atomic slots
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-highmem.h"
#include "ma-simulation.h"
#include "ma-test-machines.h"

#define KIB G_GUINT64_CONSTANT (1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)

/* A kernel page in HighMem: GFP_HIGHUSER, owned by "kernel" like a driver's buffer. */
static guint64
alloc_high (MaMachine *m)
{
  MaAllocRequest req = { .gfp = MA_GFP_HIGHUSER, .order = 0, .node = -1, .start_zone = -1,
                         .owner = MA_OWNER_KERNEL };
  guint64 pfn = 0;

  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  g_assert_cmpint (ma_zone_get_zone_type (ma_machine_zone_of_pfn (m, pfn)), ==, MA_ZONE_HIGHMEM);
  return pfn;
}

static guint64
alloc_low (MaMachine *m)
{
  guint64 pfn = 0;

  g_assert_true (ma_test_alloc (m, MA_GFP_KERNEL, 0, &pfn));
  g_assert_cmpint (ma_zone_get_zone_type (ma_machine_zone_of_pfn (m, pfn)), ==, MA_ZONE_NORMAL);
  return pfn;
}

static guint64
kmap_ok (MaMachine *m,
         guint64    pfn)
{
  g_autoptr(GError) error = NULL;
  MaKmapResult result = MA_KMAP_WAITING;
  guint64 vaddr = 0;

  g_assert_true (ma_highmem_kmap (m, pfn, pfn, &result, &vaddr, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, MA_KMAP_MAPPED);
  return vaddr;
}

static void
kunmap_ok (MaMachine *m,
           guint64    pfn)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_highmem_kunmap (m, pfn, &error));
  g_assert_no_error (error);
}

static const MaVirtualArea *
find_area (MaMachine         *m,
           MaVirtualAreaKind  kind,
           gint               cpu)
{
  guint n = 0;
  const MaVirtualArea *areas = ma_highmem_get_areas (m, &n);

  for (guint i = 0; i < n; i++)
    if (areas[i].kind == kind && areas[i].cpu == cpu)
      return &areas[i];
  g_assert_not_reached ();
  return NULL;
}

/* The areas tile the 4 GiB in ascending order. */
static void
assert_tiling (MaMachine *m)
{
  guint n = 0;
  const MaVirtualArea *areas = ma_highmem_get_areas (m, &n);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (areas[0].start, ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (areas[i].start, <, areas[i].end);
      if (i > 0)
        g_assert_cmpuint (areas[i].start, ==, areas[i - 1].end);
    }
  g_assert_cmpuint (areas[n - 1].end, ==, 4 * GIB);
}

/*
 * i386-highmem-1g: Linux 4.19, no PAE, 2 CPUs, lowmem up to pfn 0x373fe (MAXMEM), RAM up to 0x3ffe0000.
 * From arch/x86/include/asm/fixmap.h and pgtable_32_types.h of 4.19:
 *   FIX_KMAP_BEGIN = 68 (FIX_HOLE, DBGP, EARLYCON, APIC, 64 IO-APICs); KM_TYPE_NR = 20, so
 *   FIX_KMAP_END = 68 + 20 * 2 - 1 = 107; FIX_PCIE_MCFG 108, FIX_TEXT_POKE1/0 109 and 110:
 *   __end_of_permanent_fixed_addresses = 111.
 *   Boot-time: 111 ^ (111 + 511) = 0x201, & -1024 (PTRS_PER_PTE) = 0: no move, FIX_BTMAP_END = 111,
 *   FIX_BTMAP_BEGIN = 622, FIX_WP_TEST = 623, __end_of_fixed_addresses = 624.
 *   FIXADDR_START = 0xfffff000 - 111 pages = 0xfff90000;
 *   FIXADDR_TOT_START = 0xfffff000 - 624 pages = 0xffd8f000.
 *   CPU_ENTRY_AREA_BASE = (0xffd8f000 - (2 * 40 + 1) pages) & 4 MiB mask
 *                       = 0xffd3e000 & 0xffc00000 = 0xffc00000
 *   LDT_BASE_ADDR = (0xffc00000 - 4 KiB) & 4 MiB mask = 0xff800000
 *   PKMAP_BASE = (0xff800000 - 4 KiB) & 4 MiB mask = 0xff400000, 1024 slots up to 0xff800000
 *   VMALLOC_END = PKMAP_BASE - 2 pages = 0xff3fe000
 *   MAXMEM = 0xff3fe000 - 0xc0000000 - 128 MiB = 0x373fe000 (883.99 MiB)
 *   high_memory = 0xc0000000 + 0x373fe000 = 0xf73fe000 (the preset's lowmem ends at MAXMEM);
 *   VMALLOC_START = high_memory + 8 MiB = 0xf7bfe000.
 *   kmap slot (cpu, pos) = 0xfffff000 - (68 + pos + 20 * cpu) pages: CPU 0 pos 0 = 0xfffbb000,
 *   CPU 1 pos 0 = 0xfffa7000, CPU 1 pos 19 = 0xfff94000.
 */
static void
test_layout_1g (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  const MaHighmemLayout *l = ma_highmem_get_layout (m);
  const MaVirtualArea *a;

  g_assert_nonnull (l);
  g_assert_cmpuint (l->page_offset, ==, 0xc0000000);
  g_assert_cmpuint (l->last_pkmap, ==, 1024);
  g_assert_cmpuint (l->kmap_slots_per_cpu, ==, 20);
  g_assert_cmpuint (l->kmap_max_depth, ==, 20);
  g_assert_false (l->kmap_local);
  g_assert_cmpuint (l->fix_kmap_begin, ==, 68);
  g_assert_cmpuint (l->fix_kmap_end, ==, 107);
  g_assert_cmpuint (l->end_of_permanent, ==, 111);
  g_assert_cmpuint (l->end_of_fixed, ==, 624);
  g_assert_cmpuint (l->fixaddr_start, ==, 0xfff90000);
  g_assert_cmpuint (l->fixaddr_tot_start, ==, 0xffd8f000);
  g_assert_cmpuint (l->cpu_entry_area_base, ==, 0xffc00000);
  g_assert_cmpuint (l->ldt_base, ==, 0xff800000);
  g_assert_cmpuint (l->pkmap_base, ==, 0xff400000);
  g_assert_cmpuint (l->vmalloc_end, ==, 0xff3fe000);
  g_assert_cmpuint (l->maxmem, ==, 0x373fe000);
  g_assert_cmpuint (l->max_low_pfn, ==, 0x373fe);
  g_assert_cmpuint (l->high_memory, ==, 0xf73fe000);
  g_assert_cmpuint (l->vmalloc_start, ==, 0xf7bfe000);

  assert_tiling (m);
  a = find_area (m, MA_VAREA_USER, -1);
  g_assert_cmpuint (a->end, ==, 0xc0000000);
  a = find_area (m, MA_VAREA_DIRECT_MAP, -1);
  g_assert_cmpuint (a->start, ==, 0xc0000000);
  g_assert_cmpuint (a->end, ==, 0xf73fe000);
  a = find_area (m, MA_VAREA_VMALLOC, -1);
  g_assert_cmpuint (a->start, ==, 0xf7bfe000);
  g_assert_cmpuint (a->end, ==, 0xff3fe000);
  a = find_area (m, MA_VAREA_PKMAP, -1);
  g_assert_cmpuint (a->start, ==, 0xff400000);
  g_assert_cmpuint (a->end, ==, 0xff800000);
  a = find_area (m, MA_VAREA_LDT_REMAP, -1);
  g_assert_cmpuint (a->start, ==, 0xff800000);
  g_assert_cmpuint (a->end, ==, 0xffc00000);
  a = find_area (m, MA_VAREA_CPU_ENTRY_AREA, -1);
  g_assert_cmpuint (a->start, ==, 0xffc00000);
  g_assert_cmpuint (a->end, ==, 0xffc00000 + 81 * 4096);
  a = find_area (m, MA_VAREA_FIXMAP_BOOT, -1);
  g_assert_cmpuint (a->start, ==, 0xffd8f000);
  g_assert_cmpuint (a->end, ==, 0xfff90000);
  a = find_area (m, MA_VAREA_KMAP_SLOTS, 0);
  g_assert_cmpuint (a->start, ==, 0xfffa8000);
  g_assert_cmpuint (a->end, ==, 0xfffbc000);
  a = find_area (m, MA_VAREA_KMAP_SLOTS, 1);
  g_assert_cmpuint (a->start, ==, 0xfff94000);
  g_assert_cmpuint (a->end, ==, 0xfffa8000);
  g_assert_nonnull (strstr (a->name, "kmap_atomic"));
}

/*
 * i386-pae-8g: Linux 4.19, PAE, 4 CPUs, RAM up to 9 GiB (max_pfn 0x240000), lowmem to 0x375fe.
 *   FIX_KMAP_END = 68 + 20 * 4 - 1 = 147; + PCIE_MCFG + 2 TEXT_POKE: end of permanent = 151.
 *   Boot-time: 151 ^ 662 = 0x201, & -512 (PAE PTRS_PER_PTE) = 0x200: moved to the next 512
 *   boundary, FIX_BTMAP_END = 151 + 512 - 151 = 512, BEGIN = 1023, FIX_WP_TEST = 1024, end 1025.
 *   FIXADDR_START = 0xfffff000 - 151 pages = 0xfff68000;
 *   FIXADDR_TOT_START = 0xfffff000 - 1025 pages = 0xffbfe000.
 *   CPU_ENTRY_AREA_BASE = (0xffbfe000 - 161 pages) & 2 MiB mask = 0xffb5d000 & … = 0xffa00000
 *   LDT_BASE_ADDR = 0xff800000; PKMAP_BASE = 0xff600000, 512 slots (2 MiB) up to 0xff800000
 *   VMALLOC_END = 0xff5fe000; MAXMEM = 0xff5fe000 - 0xc8000000 = 0x375fe000
 */
static void
test_layout_pae (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-pae-8g", 1);
  const MaHighmemLayout *l = ma_highmem_get_layout (m);
  const MaVirtualArea *a;

  g_assert_nonnull (l);
  g_assert_cmpuint (l->pmd_size, ==, 2 * MIB);
  g_assert_cmpuint (l->last_pkmap, ==, 512);
  g_assert_cmpuint (l->n_cpus, ==, 4);
  g_assert_cmpuint (l->fix_kmap_end, ==, 147);
  g_assert_cmpuint (l->end_of_permanent, ==, 151);
  g_assert_cmpuint (l->end_of_fixed, ==, 1025);
  g_assert_cmpuint (l->fixaddr_start, ==, 0xfff68000);
  g_assert_cmpuint (l->fixaddr_tot_start, ==, 0xffbfe000);
  g_assert_cmpuint (l->cpu_entry_area_base, ==, 0xffa00000);
  g_assert_cmpuint (l->ldt_base, ==, 0xff800000);
  g_assert_cmpuint (l->pkmap_base, ==, 0xff600000);
  g_assert_cmpuint (l->vmalloc_end, ==, 0xff5fe000);
  g_assert_cmpuint (l->maxmem, ==, 0x375fe000);
  g_assert_cmpuint (l->max_pfn, ==, 0x240000);
  g_assert_cmpuint (l->high_memory, ==, 0xf75fe000);

  assert_tiling (m);
  a = find_area (m, MA_VAREA_PKMAP, -1);
  g_assert_cmpuint (a->start, ==, 0xff600000);
  g_assert_cmpuint (a->end, ==, 0xff800000);
  a = find_area (m, MA_VAREA_LDT_REMAP, -1);
  g_assert_cmpuint (a->end, ==, 0xffa00000);
  /* CPU 3: fixmap entries 68 + 60 … 68 + 79 */
  a = find_area (m, MA_VAREA_KMAP_SLOTS, 3);
  g_assert_cmpuint (a->start, ==, 0xfffff000 - 147 * 4096);
  g_assert_cmpuint (a->end, ==, 0xfffff000 - 128 * 4096 + 4096);
}

/* Kernels from 5.11 use kmap_local: 16 slots a CPU, of which only 15 may nest; older ones before
 * 4.15 put PKMAP just under the boot-time fixmap, giving the classic 887 MiB of lowmem. */
static void
test_layout_versions (void)
{
  g_autoptr(GError) error = NULL;
  MaMachineSpec *spec = ma_presets_load ("i386-highmem-1g", &error);
  g_autoptr(MaMachine) m61 = NULL;
  g_autoptr(MaMachine) m414 = NULL;
  const MaHighmemLayout *l;

  g_assert_no_error (error);
  spec->kernel = MA_KERNEL_VERSION (6, 1, 0);
  m61 = ma_test_machine_from_spec (spec, 1);
  l = ma_highmem_get_layout (m61);
  g_assert_true (l->kmap_local);
  g_assert_cmpuint (l->kmap_slots_per_cpu, ==, 16);
  g_assert_cmpuint (l->kmap_max_depth, ==, 15);
  g_assert_nonnull (strstr (find_area (m61, MA_VAREA_KMAP_SLOTS, 0)->name, "kmap_local"));
  /* no FIX_TEXT_POKE after 5.2: 68 + 32 + 1 = 101 permanent entries */
  g_assert_cmpuint (l->end_of_permanent, ==, 101);

  spec = ma_presets_load ("i386-highmem-1g", &error);
  g_assert_no_error (error);
  spec->kernel = MA_KERNEL_VERSION (4, 14, 0);
  m414 = ma_test_machine_from_spec (spec, 1);
  l = ma_highmem_get_layout (m414);
  /* (FIXADDR_TOT_START 0xffd8f000 - 1025 pages) & 4 MiB mask = 0xff800000 */
  g_assert_cmpuint (l->pkmap_base, ==, 0xff800000);
  g_assert_cmpuint (l->ldt_base, ==, 0);
  g_assert_cmpuint (l->cpu_entry_area_base, ==, 0);
  g_assert_cmpuint (l->maxmem, ==, 0x377fe000);
  assert_tiling (m414);
}

static void
test_unsupported (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(GError) error = NULL;
  guint n = 7;
  guint64 pfn = 0;

  g_assert_false (ma_highmem_is_supported (m));
  g_assert_null (ma_highmem_get_layout (m));
  g_assert_null (ma_highmem_get_areas (m, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (ma_test_alloc (m, MA_GFP_KERNEL, 0, &pfn));
  g_assert_false (ma_highmem_kmap (m, pfn, 1, NULL, NULL, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_UNSUPPORTED);
}

/* Virtual address → what it is, and page frame → its addresses, both ways round. */
static void
test_lookup (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) maps = NULL;
  MaVirtualInfo info;
  guint64 low = alloc_low (m), high = alloc_high (m), pk, at;

  g_assert_true (ma_highmem_lookup_virtual (m, 0x08048000, &info, &error));
  g_assert_cmpint (info.area->kind, ==, MA_VAREA_USER);
  g_assert_false (info.has_pfn);

  g_assert_true (ma_highmem_lookup_virtual (m, 0xc0000000 + (low << 12) + 123, &info, &error));
  g_assert_cmpint (info.area->kind, ==, MA_VAREA_DIRECT_MAP);
  g_assert_true (info.has_pfn);
  g_assert_cmpuint (info.pfn, ==, low);

  maps = ma_highmem_pfn_to_virtual (m, high, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (maps->len, ==, 0);
  g_clear_pointer (&maps, g_array_unref);

  pk = kmap_ok (m, high);
  g_assert_true (ma_highmem_kmap_atomic (m, 1, high, &at, &error));
  g_assert_cmpuint (at, ==, 0xfffa7000);

  g_assert_true (ma_highmem_lookup_virtual (m, pk, &info, &error));
  g_assert_cmpint (info.area->kind, ==, MA_VAREA_PKMAP);
  g_assert_true (info.has_pfn);
  g_assert_cmpuint (info.pfn, ==, high);
  g_assert_cmpuint (info.pkmap_count, ==, 2);
  g_assert_cmpuint (pk, ==, 0xff400000 + (guint64) info.pkmap_slot * 4096);

  g_assert_true (ma_highmem_lookup_virtual (m, at + 17, &info, &error));
  g_assert_cmpint (info.area->kind, ==, MA_VAREA_KMAP_SLOTS);
  g_assert_cmpint (info.cpu, ==, 1);
  g_assert_cmpint (info.stack_pos, ==, 0);
  g_assert_cmpint (info.fix_idx, ==, 88);
  g_assert_true (info.has_pfn);
  g_assert_cmpuint (info.pfn, ==, high);
  /* the next slot of that CPU maps nothing */
  g_assert_true (ma_highmem_lookup_virtual (m, at - 4096, &info, &error));
  g_assert_false (info.has_pfn);

  maps = ma_highmem_pfn_to_virtual (m, high, &error);
  g_assert_cmpuint (maps->len, ==, 2);
  g_assert_cmpint (g_array_index (maps, MaPfnMapping, 0).kind, ==, MA_PFN_MAPPING_PKMAP);
  g_assert_cmpuint (g_array_index (maps, MaPfnMapping, 0).vaddr, ==, pk);
  g_assert_cmpint (g_array_index (maps, MaPfnMapping, 1).kind, ==, MA_PFN_MAPPING_ATOMIC);
  g_assert_cmpuint (g_array_index (maps, MaPfnMapping, 1).vaddr, ==, at);
  g_clear_pointer (&maps, g_array_unref);

  maps = ma_highmem_pfn_to_virtual (m, low, &error);
  g_assert_cmpuint (maps->len, ==, 1);
  g_assert_cmpint (g_array_index (maps, MaPfnMapping, 0).kind, ==, MA_PFN_MAPPING_DIRECT);
  g_assert_cmpuint (g_array_index (maps, MaPfnMapping, 0).vaddr, ==, 0xc0000000 + (low << 12));

  g_assert_false (ma_highmem_lookup_virtual (m, 4 * GIB, &info, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID);
}

/* Every slot mapped once, the next kmap() has to wait; the pool has LAST_PKMAP slots. */
static void
check_exhaustion (const char *preset,
                  guint       slots)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset (preset, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  const MaHighmemLayout *l = ma_highmem_get_layout (m);
  MaPkmapStats stats;
  MaKmapResult result;
  guint64 vaddr = 1, extra;

  for (guint i = 0; i < slots; i++)
    {
      guint64 va = kmap_ok (m, alloc_high (m));

      g_assert_cmpuint (va, >=, l->pkmap_base);
      g_assert_cmpuint (va, <, l->pkmap_base + slots * 4096);
      g_hash_table_add (seen, GSIZE_TO_POINTER ((gsize) va));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, slots);
  ma_highmem_get_pkmap_stats (m, &stats);
  g_assert_cmpuint (stats.slots, ==, slots);
  g_assert_cmpuint (stats.in_use, ==, slots);
  g_assert_cmpuint (stats.free, ==, 0);

  extra = alloc_high (m);
  g_assert_true (ma_highmem_kmap (m, extra, 42, &result, &vaddr, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, MA_KMAP_WAITING);
  g_assert_cmpuint (vaddr, ==, 0);
  g_assert_false (ma_machine_page_address (m, extra, &vaddr));
  g_assert_true (ma_highmem_task_is_waiting (m, 42));
  ma_highmem_get_pkmap_stats (m, &stats);
  g_assert_cmpuint (stats.waiters, ==, 1);
  g_assert_cmpuint (stats.waits, ==, 1);
  /* the failed scan went through slot 0 and stopped at the last slot */
  g_assert_cmpuint (stats.last_pkmap_nr, ==, slots - 1);
}

static void
test_exhaust_1024 (void)
{
  check_exhaustion ("i386-highmem-1g", 1024);
}

static void
test_exhaust_512 (void)
{
  check_exhaustion ("i386-pae-8g", 512);
}

/* A kunmapped page keeps its slot (pkmap_count 1) and its address until the scan wraps to
 * slot 0: flush_all_zero_pkmaps() then unmaps it, and the slot is free again. */
static void
test_flush_on_wrap (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  MaEventRing *ring = ma_machine_get_events (m);
  guint64 a = alloc_high (m), va, addr = 0, seq, pfn = 0;
  gboolean flushed = FALSE;
  const MaEvent *e;
  MaPkmapStats stats;

  /* the scan starts after last_pkmap_nr = 0: the first page gets slot 1 */
  va = kmap_ok (m, a);
  g_assert_cmpuint (va, ==, 0xff400000 + 4096);
  kunmap_ok (m, a);
  g_assert_cmpuint (ma_highmem_get_pkmap_count (m, 1, &pfn), ==, 1);
  g_assert_cmpuint (pfn, ==, a);
  g_assert_true (ma_machine_page_address (m, a, &addr));
  g_assert_cmpuint (addr, ==, va);

  /* a second kmap of the page reuses its mapping */
  g_assert_cmpuint (kmap_ok (m, a), ==, va);
  g_assert_cmpuint (ma_highmem_get_pkmap_count (m, 1, NULL), ==, 2);
  kunmap_ok (m, a);

  /* slots 2 … 1023: no wrap yet, slot 1 is untouched */
  for (guint i = 2; i < 1024; i++)
    kmap_ok (m, alloc_high (m));
  g_assert_cmpuint (ma_highmem_get_pkmap_count (m, 1, NULL), ==, 1);

  /* the next scan wraps to 0: the flush frees slot 1, and slot 0 is taken */
  seq = ma_event_ring_next_seq (ring);
  g_assert_cmpuint (kmap_ok (m, alloc_high (m)), ==, 0xff400000);
  while (ma_event_ring_read (ring, &seq, &e))
    if (e != NULL && e->type == MA_EVENT_KMAP_FLUSH)
      {
        g_assert_cmpuint (e->aux, ==, 1);
        flushed = TRUE;
      }
  g_assert_true (flushed);
  g_assert_cmpuint (ma_highmem_get_pkmap_count (m, 1, NULL), ==, 0);
  g_assert_false (ma_machine_page_address (m, a, &addr));
  ma_highmem_get_pkmap_stats (m, &stats);
  g_assert_cmpuint (stats.flushes, ==, 1);
  g_assert_cmpuint (stats.free, ==, 1);

  /* and the next kmap finds slot 1 */
  g_assert_cmpuint (kmap_ok (m, alloc_high (m)), ==, 0xff400000 + 4096);
}

/* A full pool: the task sleeps; a kunmap that leaves a slot without users wakes it, and its
 * retry flushes that slot at the wrap and takes it. A kunmap that leaves users wakes nobody. */
static void
test_wait_and_wake (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  MaEventRing *ring = ma_machine_get_events (m);
  guint64 pages[1024], w1 = 0, w2 = 0, va = 0, seq;
  const MaKmapWaiter *waiters;
  MaKmapResult result;
  guint n, slot;
  gboolean woke = FALSE;
  const MaEvent *e;

  for (guint i = 0; i < 1024; i++)
    kmap_ok (m, pages[i] = alloc_high (m));
  /* one page with two users */
  kmap_ok (m, pages[10]);

  w1 = alloc_high (m);
  w2 = alloc_high (m);
  g_assert_true (ma_highmem_kmap (m, w1, 1001, &result, NULL, &error));
  g_assert_cmpint (result, ==, MA_KMAP_WAITING);
  g_assert_true (ma_highmem_kmap (m, w2, 1002, &result, NULL, &error));
  g_assert_cmpint (result, ==, MA_KMAP_WAITING);
  waiters = ma_highmem_get_waiters (m, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (waiters[0].task, ==, 1001);
  g_assert_cmpuint (waiters[0].pfn, ==, w1);
  g_assert_cmpuint (waiters[1].task, ==, 1002);

  /* pages[10] still has a user: nobody wakes */
  kunmap_ok (m, pages[10]);
  ma_highmem_get_waiters (m, &n);
  g_assert_cmpuint (n, ==, 2);

  /* pages[5] has none left: the first sleeper gets its slot, the second sleeps on */
  g_assert_true (ma_machine_page_address (m, pages[5], &va));
  slot = (guint) ((va - 0xff400000) >> 12);
  seq = ma_event_ring_next_seq (ring);
  kunmap_ok (m, pages[5]);
  while (ma_event_ring_read (ring, &seq, &e))
    if (e != NULL && e->type == MA_EVENT_KMAP_WAKE)
      {
        g_assert_cmpuint (e->pfn, ==, w1);
        g_assert_cmpuint (e->aux, ==, 1001);
        woke = TRUE;
      }
  g_assert_true (woke);
  g_assert_false (ma_highmem_task_is_waiting (m, 1001));
  g_assert_true (ma_highmem_task_is_waiting (m, 1002));
  g_assert_true (ma_machine_page_address (m, w1, &va));
  g_assert_cmpuint (va, ==, 0xff400000 + (guint64) slot * 4096);
  g_assert_false (ma_machine_page_address (m, pages[5], &va));
  g_assert_cmpuint (ma_highmem_get_pkmap_count (m, slot, NULL), ==, 2);

  /* the second one leaves the queue when its task gives up */
  g_assert_cmpuint (ma_highmem_cancel_wait (m, 1002), ==, 1);
  ma_highmem_get_waiters (m, &n);
  g_assert_cmpuint (n, ==, 0);
}

/* page_address() is NULL for a HighMem page nobody kmapped, its pkmap address while kmapped;
 * kmap_atomic mappings are not recorded there. */
static void
test_page_address (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  guint64 high = alloc_high (m), va = 0, at = 0;
  MaFrameInfo info;

  g_assert_false (ma_machine_page_address (m, high, &va));
  g_assert_true (ma_machine_get_frame_info (m, high, &info));
  g_assert_false (info.has_virtual);

  g_assert_true (ma_highmem_kmap_atomic (m, 0, high, &at, &error));
  g_assert_false (ma_machine_page_address (m, high, &va));

  va = kmap_ok (m, high);
  g_assert_true (ma_machine_get_frame_info (m, high, &info));
  g_assert_true (info.has_virtual);
  g_assert_cmpuint (info.virtual_addr, ==, va);
}

/* kmap() of a lowmem page: its direct-map address, no slot. */
static void
test_lowmem_fast_path (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  guint64 low = alloc_low (m), va, at = 0, direct = 0;
  MaPkmapStats stats;

  va = kmap_ok (m, low);
  g_assert_cmpuint (va, ==, 0xc0000000 + (low << 12));
  g_assert_true (ma_machine_page_address (m, low, &direct));
  g_assert_cmpuint (va, ==, direct);
  ma_highmem_get_pkmap_stats (m, &stats);
  g_assert_cmpuint (stats.free, ==, 1024);
  g_assert_true (ma_highmem_kmap_atomic (m, 0, low, &at, &error));
  g_assert_cmpuint (at, ==, va);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 0), ==, 0);
  g_assert_true (ma_highmem_kunmap_atomic (m, 0, at, &error));
  kunmap_ok (m, low);
  g_assert_no_error (error);
}

/* Nested kmap_atomic: a stack per CPU, released in reverse order; out of order is refused and
 * changes nothing; the depth is bounded. */
static void
test_atomic_nesting (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  guint64 p[3], va[3], pfn = 0, h;

  for (guint i = 0; i < 3; i++)
    {
      p[i] = alloc_high (m);
      g_assert_true (ma_highmem_kmap_atomic (m, 1, p[i], &va[i], &error));
      g_assert_no_error (error);
      /* __fix_to_virt(FIX_KMAP_BEGIN + pos + KM_TYPE_NR * cpu) */
      g_assert_cmpuint (va[i], ==, 0xfffff000 - (guint64) (68 + i + 20) * 4096);
    }
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 1), ==, 3);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 0), ==, 0);
  g_assert_true (ma_highmem_get_atomic_slot (m, 1, 2, &pfn, NULL));
  g_assert_cmpuint (pfn, ==, p[2]);

  h = ma_machine_hash_state (m);
  g_assert_false (ma_highmem_kunmap_atomic (m, 1, va[1], &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_ORDER);
  g_clear_error (&error);
  g_assert_false (ma_highmem_kunmap_atomic (m, 0, va[2], &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_ORDER);
  g_clear_error (&error);
  g_assert_false (ma_highmem_kunmap_atomic (m, 5, va[2], &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ma_highmem_kunmap_atomic (m, 1, 0x1000, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 1), ==, 3);

  for (guint i = 3; i-- > 0;)
    {
      g_assert_true (ma_highmem_kunmap_atomic (m, 1, va[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 1), ==, 0);
  g_assert_false (ma_highmem_kunmap_atomic (m, 1, va[0], &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED);
  g_clear_error (&error);

  /* KM_TYPE_NR = 20 may nest on 4.19 */
  for (guint i = 0; i < 20; i++)
    g_assert_true (ma_highmem_kmap_atomic (m, 0, p[i % 3], NULL, &error));
  h = ma_machine_hash_state (m);
  g_assert_false (ma_highmem_kmap_atomic (m, 0, p[0], NULL, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_DEPTH);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h);
}

/* From 5.11 the stack holds KM_MAX_IDX = 16 slots but kmap_local_idx_push() BUGs on the 16th. */
static void
test_atomic_depth_local (void)
{
  g_autoptr(GError) error = NULL;
  MaMachineSpec *spec = ma_presets_load ("i386-highmem-1g", &error);
  g_autoptr(MaMachine) m = NULL;
  guint64 page, va = 0;

  g_assert_no_error (error);
  spec->kernel = MA_KERNEL_VERSION (6, 12, 0);
  m = ma_test_machine_from_spec (spec, 1);
  page = alloc_high (m);
  for (guint i = 0; i < 15; i++)
    {
      g_assert_true (ma_highmem_kmap_atomic (m, 1, page, &va, &error));
      /* idx = pos + KM_MAX_IDX * cpu */
      g_assert_cmpuint (va, ==, 0xfffff000 - (guint64) (68 + i + 16) * 4096);
    }
  g_assert_false (ma_highmem_kmap_atomic (m, 1, page, &va, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_DEPTH);
}

/* Bad requests say what is wrong and change nothing. */
static void
test_validation (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  const MaHighmemLayout *l = ma_highmem_get_layout (m);
  guint64 high = alloc_high (m), other = alloc_high (m), h;

  kmap_ok (m, other);
  h = ma_machine_hash_state (m);

  g_assert_false (ma_highmem_kmap (m, l->max_pfn + 5, 1, NULL, NULL, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID);
  g_clear_error (&error);

  /* a free frame */
  g_assert_true (ma_machine_free (m, high, &error));
  g_assert_false (ma_highmem_kmap (m, high, 1, NULL, NULL, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_ALLOCATED);
  g_assert_nonnull (strstr (error->message, "not allocated"));
  g_clear_error (&error);
  g_assert_false (ma_highmem_kmap_atomic (m, 0, high, NULL, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_ALLOCATED);
  g_clear_error (&error);
  h = ma_machine_hash_state (m);

  g_assert_false (ma_highmem_kmap_atomic (m, 2, other, NULL, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "CPU 2"));
  g_clear_error (&error);

  /* kunmap of a page nobody kmapped, and one kunmap too many */
  high = alloc_high (m);
  h = ma_machine_hash_state (m);
  g_assert_false (ma_highmem_kunmap (m, high, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED);
  g_clear_error (&error);
  kunmap_ok (m, other);
  h = ma_machine_hash_state (m);
  g_assert_false (ma_highmem_kunmap (m, other, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED);
  g_clear_error (&error);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h);

  /* freeing a page in use through a kmap is refused; without users it may go */
  kmap_ok (m, high);
  h = ma_machine_hash_state (m);
  g_assert_false (ma_machine_free (m, high, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "kunmap"));
  g_clear_error (&error);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h);
  g_assert_true (ma_highmem_kmap_atomic (m, 1, other, NULL, &error));
  g_assert_false (ma_machine_free (m, other, &error));
  g_assert_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY);
  g_clear_error (&error);
  kunmap_ok (m, high);
  g_assert_true (ma_machine_free (m, high, &error));
  g_assert_no_error (error);
  ma_test_assert_consistent (m, TRUE);
}

/* The simulation seeks by restoring checkpoints: the kmap state comes back exactly. */
static void
test_checkpoint (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(GError) error = NULL;
  MaCheckpoint *cp;
  guint64 pages[8], h, va = 0, before = 0;
  MaKmapResult result;

  for (guint i = 0; i < 8; i++)
    kmap_ok (m, pages[i] = alloc_high (m));
  kunmap_ok (m, pages[3]);
  g_assert_true (ma_highmem_kmap_atomic (m, 0, pages[1], NULL, &error));
  g_assert_true (ma_machine_page_address (m, pages[6], &before));
  h = ma_machine_hash_state (m);
  cp = ma_machine_save_checkpoint (m);

  /* change everything: unmap, flush, nest, fill the pool and wait */
  for (guint i = 0; i < 8; i++)
    if (i != 3)
      kunmap_ok (m, pages[i]);
  g_assert_cmpuint (ma_highmem_flush_unused (m), ==, 8);
  g_assert_true (ma_highmem_kmap_atomic (m, 1, pages[2], NULL, &error));
  for (guint i = 0; i < 1024; i++)
    kmap_ok (m, alloc_high (m));
  g_assert_true (ma_highmem_kmap (m, pages[6], 9, &result, NULL, &error));
  g_assert_cmpint (result, ==, MA_KMAP_WAITING);
  g_assert_cmpuint (ma_machine_hash_state (m), !=, h);

  ma_machine_restore_checkpoint (m, cp);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h);
  g_assert_true (ma_machine_page_address (m, pages[6], &va));
  g_assert_cmpuint (va, ==, before);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 0), ==, 1);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 1), ==, 0);
  g_assert_false (ma_highmem_task_is_waiting (m, 9));
  ma_checkpoint_free (cp);
}

/* A kmap inside an action is undone and redone with it; one outside an action drops the redo
 * stack, whose state would no longer follow. */
static void
test_undo (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("i386-highmem-1g", 1);
  guint64 page = alloc_high (m), other = alloc_high (m), va = 0, h0, h1;

  h0 = ma_machine_hash_state (m);
  ma_machine_begin_action (m, "kmap");
  kmap_ok (m, page);
  ma_machine_end_action (m);
  h1 = ma_machine_hash_state (m);
  g_assert_true (ma_machine_can_undo (m));

  g_assert_true (ma_machine_undo (m));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h0);
  g_assert_false (ma_machine_page_address (m, page, &va));
  g_assert_true (ma_machine_redo (m));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h1);
  g_assert_true (ma_machine_page_address (m, page, &va));

  g_assert_true (ma_machine_undo (m));
  g_assert_true (ma_machine_can_redo (m));
  kmap_ok (m, other);
  g_assert_false (ma_machine_can_redo (m));
}

static const char *
load_status (MaSimulation *sim,
             const char   *name,
             char        **out_status)
{
  for (guint i = 0; i < ma_simulation_get_n_loads (sim); i++)
    {
      const MaLoadSpec *spec = ma_simulation_get_load (sim, i, NULL, out_status);

      if (g_str_equal (spec->name, name))
        return *out_status;
      g_clear_pointer (out_status, g_free);
    }
  return NULL;
}

/* The kmap-exhaust scenario fills the pool and makes tasks wait; as writers finish, each kunmap
 * wakes the sleepers, whose retry flushes the freed slot at the wrap and takes it; the stop
 * releases everything but leaves the mappings for the next flush. Seeking back replays it. */
static void
test_scenario (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ma_scenarios_load ("kmap-exhaust", &error);
  g_autoptr(MaSimulation) sim = NULL;
  g_autofree char *status = NULL;
  MaMachine *m;
  MaPkmapStats stats;
  guint max_waiting = 0;
  guint64 hash_at_60 = 0, flushes_at_50 = 0;

  g_assert_no_error (error);
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), "kmap-exhaust", NULL,
                                         &error);
  g_assert_no_error (error);
  m = ma_simulation_get_machine (sim);

  for (guint64 t = 0; t < 120; t++)
    {
      ma_simulation_step (sim, 1);
      ma_highmem_get_pkmap_stats (m, &stats);
      max_waiting = MAX (max_waiting, stats.waiters);
      if (t == 49)
        flushes_at_50 = stats.flushes;
      if (t == 59)
        hash_at_60 = ma_machine_hash_state (m);
    }
  /* 64 tasks a tick fill the 1024 slots after 16 ticks; up to 1400 tasks: 376 wait */
  g_assert_cmpuint (max_waiting, ==, 1400 - 1024);
  g_assert_cmpuint (flushes_at_50, ==, 0);
  /* the 1024 writers mapped in ticks 0-15 finish in ticks 50-65, and the 1024 sleepers that took
   * their slots finish in ticks 100-115: each of those 2048 kunmaps woke a sleeper whose retry
   * flushed the freed slot at the wrap */
  g_assert_cmpuint (stats.flushes, ==, 2048);
  g_assert_cmpuint (stats.in_use, ==, 1024);
  g_assert_cmpuint (stats.waiters, ==, 376);
  g_assert_nonnull (load_status (sim, "fs writers", &status));
  g_assert_nonnull (strstr (status, "376 tasks waiting"));
  g_clear_pointer (&status, g_free);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 0), >, 0);

  /* tick 120 stops the writers: nobody uses a slot, nobody waits, the slots keep their pages */
  ma_simulation_step (sim, 10);
  ma_highmem_get_pkmap_stats (m, &stats);
  g_assert_cmpuint (stats.waiters, ==, 0);
  g_assert_cmpuint (stats.in_use, ==, 0);
  g_assert_cmpuint (stats.unused_mapped, ==, 1024);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 0), ==, 0);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (m, 1), ==, 0);
  ma_test_assert_consistent (m, TRUE);

  /* back to tick 60 through a checkpoint and replay */
  g_assert_true (ma_simulation_seek (sim, 60));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash_at_60);
  ma_highmem_get_pkmap_stats (m, &stats);
  g_assert_cmpuint (stats.waiters, ==, 376);
}

static void
test_not_supported_load (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(MaSimulation) sim = ma_simulation_new (m);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  MaLoadSpec spec = { .kind = MA_LOAD_KMAP, .name = (char *) "kmap", .rate = 4, .node = -1,
                      .lifetime = 3 };

  g_assert_true (ma_simulation_start_load (sim, &spec, &error));
  ma_simulation_step (sim, 2);
  g_assert_nonnull (load_status (sim, "kmap", &status));
  g_assert_cmpstr (status, ==, "not supported on this machine");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ma/highmem/layout/i386-highmem-1g", test_layout_1g);
  g_test_add_func ("/ma/highmem/layout/i386-pae-8g", test_layout_pae);
  g_test_add_func ("/ma/highmem/layout/versions", test_layout_versions);
  g_test_add_func ("/ma/highmem/layout/unsupported", test_unsupported);
  g_test_add_func ("/ma/highmem/lookup", test_lookup);
  g_test_add_func ("/ma/highmem/pkmap/exhaust-1024", test_exhaust_1024);
  g_test_add_func ("/ma/highmem/pkmap/exhaust-512", test_exhaust_512);
  g_test_add_func ("/ma/highmem/pkmap/flush-on-wrap", test_flush_on_wrap);
  g_test_add_func ("/ma/highmem/pkmap/wait-and-wake", test_wait_and_wake);
  g_test_add_func ("/ma/highmem/page-address", test_page_address);
  g_test_add_func ("/ma/highmem/lowmem-fast-path", test_lowmem_fast_path);
  g_test_add_func ("/ma/highmem/atomic/nesting", test_atomic_nesting);
  g_test_add_func ("/ma/highmem/atomic/depth-kmap-local", test_atomic_depth_local);
  g_test_add_func ("/ma/highmem/validation", test_validation);
  g_test_add_func ("/ma/highmem/checkpoint", test_checkpoint);
  g_test_add_func ("/ma/highmem/undo", test_undo);
  g_test_add_func ("/ma/highmem/scenario/kmap-exhaust", test_scenario);
  g_test_add_func ("/ma/highmem/scenario/not-supported", test_not_supported_load);
  return g_test_run ();
}
