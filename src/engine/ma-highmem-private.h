/* ma-highmem-private.h: the highmem model's state, shared by ma-highmem.c and ma-highmem-layout.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-highmem.h"
#include "ma-machine-private.h"

G_BEGIN_DECLS

#define MA_HM_PAGE_SIZE      G_GUINT64_CONSTANT (4096)
#define MA_HM_ADDRESS_SPACE  (G_GUINT64_CONSTANT (1) << 32)
#define MA_HM_NO_PFN         G_MAXUINT64
#define MA_HM_NO_SLOT        G_MAXUINT32

/* What checkpoints and undo copy: everything a kmap changes. */
struct _MaHighmemState
{
  guint     last_pkmap;
  guint     n_cpus;
  guint     slots;           /* kmap slots per CPU */
  guint32  *pkmap_count;     /* [last_pkmap]: 0 free, 1 mapped without users, n: n-1 users */
  guint64  *pkmap_pfn;       /* [last_pkmap]: the page whose PTE is in the slot, or MA_HM_NO_PFN */
  guint     last_pkmap_nr;
  guint     busy;            /* slots with pkmap_count >= 2 (derived, kept for speed) */
  GArray   *waiters;         /* MaKmapWaiter, in the order they fell asleep */
  guint    *depth;           /* [n_cpus]: atomic/local mappings nested on each CPU */
  guint64  *atomic_pfn;      /* [n_cpus * slots]: each stack position's page, or MA_HM_NO_PFN */
  guint64   flushes;
  guint64   waits;
};

struct _MaHighmem
{
  gboolean         supported;
  MaHighmemLayout  layout;
  MaVirtualArea   *areas;
  guint            n_areas;
  GPtrArray       *names;    /* the area names that are not string constants */
  MaHighmemState  *state;
};

MaHighmem *ma_highmem_of              (MaMachine  *m);
gboolean   ma_highmem_layout_init     (MaHighmem  *hm,
                                       MaMachine  *m);
gboolean   ma_highmem_check_supported (MaHighmem  *hm,
                                       GError    **error);

static inline guint64
ma_highmem_fix_to_virt (const MaHighmemLayout *l,
             guint64                idx)
{
  return l->fixaddr_top - (idx << 12);
}

/* The address of a CPU's kmap slot: idx = type + SLOTS * cpu, __fix_to_virt(FIX_KMAP_BEGIN + idx)
 * (arch/x86/mm/highmem_32.c before 5.11, kmap_local_calc_idx() in mm/highmem.c after). */
static inline guint64
ma_highmem_kmap_slot_vaddr (const MaHighmemLayout *l,
                 guint                  cpu,
                 guint                  pos)
{
  return ma_highmem_fix_to_virt (l, l->fix_kmap_begin + pos
                                      + (guint64) l->kmap_slots_per_cpu * cpu);
}

static inline guint64
ma_highmem_pkmap_addr (const MaHighmemLayout *l,
            guint                  slot)
{
  return l->pkmap_base + ((guint64) slot << 12);
}

G_END_DECLS
