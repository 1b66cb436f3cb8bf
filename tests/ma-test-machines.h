/* ma-test-machines.h: small machines built in code for the engine tests
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-alloc.h"

/* One node, x86-64 zones (DMA below `dma_limit`, DMA32 above), 6.18 rules, pcp on one CPU,
 * memory [first, end), nothing reserved unless the caller adds it. */
static inline MaMachineSpec *
ma_test_spec_x86 (guint64 first,
                  guint64 end,
                  guint64 dma_limit)
{
  MaMachineSpec *spec = ma_machine_spec_new ();

  spec->name = g_strdup ("test");
  spec->arch = g_strdup ("x86_64");
  spec->n_zone_types = 5;
  spec->zone_types[0] = MA_ZONE_DMA;
  spec->zone_types[1] = MA_ZONE_DMA32;
  spec->zone_types[2] = MA_ZONE_NORMAL;
  spec->zone_types[3] = MA_ZONE_MOVABLE;
  spec->zone_types[4] = MA_ZONE_DEVICE;
  spec->zone_limit[MA_ZONE_DMA] = dma_limit;
  spec->zone_limit[MA_ZONE_DMA32] = 1 << 20;
  ma_machine_spec_add_node (spec, 0, 1);
  ma_machine_spec_add_memory (spec, 0, first, end);
  return spec;
}

static inline MaMachine *
ma_test_machine_from_spec (MaMachineSpec *spec,
                           guint64        seed)
{
  g_autoptr(GError) error = NULL;
  MaMachine *m = ma_machine_new (spec, seed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  ma_machine_spec_free (spec);
  return m;
}

static inline MaMachine *
ma_test_machine_preset (const char *name,
                        guint64     seed)
{
  g_autoptr(GError) error = NULL;
  MaMachineSpec *spec = ma_presets_load (name, &error);

  g_assert_no_error (error);
  return ma_test_machine_from_spec (spec, seed);
}

static inline void
ma_test_assert_consistent (MaMachine *m,
                           gboolean   full)
{
  g_autoptr(GError) error = NULL;

  if (!ma_machine_check (m, full, &error))
    g_error ("invariant broken: %s", error->message);
}

static inline gboolean
ma_test_alloc (MaMachine *m,
               MaGfp      gfp,
               guint      order,
               guint64   *out_pfn)
{
  MaAllocRequest req = { .gfp = gfp, .order = order, .node = -1, .start_zone = -1 };

  return ma_machine_alloc (m, &req, out_pfn, NULL);
}
