/* ma-address-space-state.h: what the address-space view shows of a machine's kmaps, copied
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-highmem.h"

G_BEGIN_DECLS

/**
 * MaAddressSpaceState:
 *
 * A copy of the kmap state of a HighMem machine: the PKMAP slots, the per-CPU atomic stacks and
 * the wait queue. The view draws from the copy and compares a fresh one with it to learn whether
 * anything it shows changed; the areas and the layout are the machine's (they never change).
 */
typedef struct
{
  const MaVirtualArea   *areas;
  guint                  n_areas;
  const MaHighmemLayout *layout;
  guint                  n_cpus;
  guint                  stack_slots;   /* kmap slots per CPU (the most nest one fewer with
                                         * kmap_local: layout->kmap_max_depth) */
  guint32               *count;         /* [layout->last_pkmap]: pkmap_count */
  guint64               *pfn;           /* [layout->last_pkmap]: the page in the slot, if any */
  guint                 *depth;         /* [n_cpus] */
  guint64               *atomic_pfn;    /* [n_cpus * stack_slots], below each depth */
  MaKmapWaiter          *waiters;
  guint                  n_waiters;
  MaPkmapStats           stats;
} MaAddressSpaceState;

MaAddressSpaceState *ma_address_space_state_new   (MaMachine                 *machine);
void                 ma_address_space_state_free  (MaAddressSpaceState       *state);
gboolean             ma_address_space_state_equal (const MaAddressSpaceState *a,
                                                   const MaAddressSpaceState *b);
gboolean             ma_address_space_state_get_atomic (const MaAddressSpaceState *state,
                                                        guint                      cpu,
                                                        guint                      pos,
                                                        guint64                   *out_pfn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaAddressSpaceState, ma_address_space_state_free)

G_END_DECLS
