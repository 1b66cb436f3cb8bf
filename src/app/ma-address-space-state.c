/* ma-address-space-state.c: what the address-space view shows of a machine's kmaps, copied
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine does not announce every kmap with "changed" (a simulation tick kmaps outside any
 * action), so the view looks again when the event ring moved. A copy is a few kilobytes (LAST_PKMAP
 * counts and pages, a stack per CPU, the wait queue): taking one and comparing it with the last is
 * far cheaper than redrawing, and the picture is redrawn only when they differ.
 */
#define G_LOG_DOMAIN "ma-address-space-state"

#include "config.h"

#include <string.h>

#include "ma-address-space-state.h"

/**
 * ma_address_space_state_new:
 * @machine: a machine
 *
 * Returns: (transfer full) (nullable): a copy of the machine's kmap state, or %NULL when the
 *   machine has no HighMem
 */
MaAddressSpaceState *
ma_address_space_state_new (MaMachine *machine)
{
  MaAddressSpaceState *s;
  const MaKmapWaiter *waiters;
  guint last_pkmap;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);

  if (!ma_highmem_is_supported (machine))
    return NULL;

  s = g_new0 (MaAddressSpaceState, 1);
  s->areas = ma_highmem_get_areas (machine, &s->n_areas);
  s->layout = ma_highmem_get_layout (machine);
  s->n_cpus = ma_machine_get_n_cpus (machine);
  s->stack_slots = s->layout->kmap_slots_per_cpu;
  last_pkmap = s->layout->last_pkmap;

  s->count = g_new (guint32, last_pkmap);
  s->pfn = g_new (guint64, last_pkmap);
  for (guint i = 0; i < last_pkmap; i++)
    {
      s->count[i] = ma_highmem_get_pkmap_count (machine, i, &s->pfn[i]);
      if (s->count[i] == 0)
        s->pfn[i] = G_MAXUINT64;   /* what a free slot held last is not state */
    }

  s->depth = g_new0 (guint, s->n_cpus);
  s->atomic_pfn = g_new0 (guint64, (gsize) s->n_cpus * MAX (s->stack_slots, 1));
  for (guint cpu = 0; cpu < s->n_cpus; cpu++)
    {
      s->depth[cpu] = MIN (ma_highmem_get_atomic_depth (machine, cpu), s->stack_slots);
      for (guint pos = 0; pos < s->depth[cpu]; pos++)
        ma_highmem_get_atomic_slot (machine, cpu, pos,
                                    &s->atomic_pfn[cpu * s->stack_slots + pos], NULL);
    }

  waiters = ma_highmem_get_waiters (machine, &s->n_waiters);
  s->waiters = g_memdup2 (waiters, s->n_waiters * sizeof (MaKmapWaiter));
  ma_highmem_get_pkmap_stats (machine, &s->stats);
  return s;
}

void
ma_address_space_state_free (MaAddressSpaceState *state)
{
  if (state == NULL)
    return;
  g_free (state->count);
  g_free (state->pfn);
  g_free (state->depth);
  g_free (state->atomic_pfn);
  g_free (state->waiters);
  g_free (state);
}

/* Whether two copies would draw the same picture. */
gboolean
ma_address_space_state_equal (const MaAddressSpaceState *a,
                              const MaAddressSpaceState *b)
{
  guint last_pkmap;

  if (a == NULL || b == NULL)
    return a == b;
  if (a->layout != b->layout || a->n_cpus != b->n_cpus || a->stack_slots != b->stack_slots
      || a->n_waiters != b->n_waiters || memcmp (&a->stats, &b->stats, sizeof a->stats) != 0)
    return FALSE;
  last_pkmap = a->layout->last_pkmap;
  if (memcmp (a->count, b->count, last_pkmap * sizeof (guint32)) != 0
      || memcmp (a->pfn, b->pfn, last_pkmap * sizeof (guint64)) != 0
      || memcmp (a->depth, b->depth, a->n_cpus * sizeof (guint)) != 0
      /* (no waiters: the arrays may be NULL, which memcmp may not be given) */
      || (a->n_waiters > 0
          && memcmp (a->waiters, b->waiters, a->n_waiters * sizeof (MaKmapWaiter)) != 0))
    return FALSE;
  for (guint cpu = 0; cpu < a->n_cpus; cpu++)
    if (memcmp (&a->atomic_pfn[cpu * a->stack_slots], &b->atomic_pfn[cpu * b->stack_slots],
                a->depth[cpu] * sizeof (guint64)) != 0)
      return FALSE;
  return TRUE;
}

/* The page in a CPU's stack at @pos, when the stack is that deep. */
gboolean
ma_address_space_state_get_atomic (const MaAddressSpaceState *state,
                                   guint                      cpu,
                                   guint                      pos,
                                   guint64                   *out_pfn)
{
  if (state == NULL || cpu >= state->n_cpus || pos >= state->depth[cpu])
    return FALSE;
  if (out_pfn)
    *out_pfn = state->atomic_pfn[cpu * state->stack_slots + pos];
  return TRUE;
}
