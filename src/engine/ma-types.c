/* ma-types.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-types.h"

/* Names as the kernel prints them in /proc/zoneinfo and /proc/buddyinfo. */
static const char *const zone_names[MA_N_ZONE_TYPES] = {
  "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

/* Names as /proc/pagetypeinfo prints them. */
static const char *const migrate_names[MA_N_MIGRATE_TYPES] = {
  "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate", "Reserve",
};

/* Shown to users (inspector, messages): translated when asked for. */
static const char *const state_names[MA_N_FRAME_STATES] = {
  N_("free"), N_("free (head)"), N_("per-CPU list"), N_("allocated"), N_("allocated (tail)"),
  N_("reserved"), N_("hole"), N_("in use (owner unknown)"),
};

static const char *const owner_names[MA_N_OWNER_KINDS] = {
  N_("none"), N_("kernel"), N_("slab"), N_("slab (reclaimable)"), N_("page tables"),
  N_("kernel stack"), N_("anonymous"), N_("page cache"), N_("firmware"), N_("unknown"),
};

static const char *const wmark_names[MA_N_WMARKS] = { "min", "low", "high", "promo" };

const char *
ma_zone_type_name (MaZoneType type)
{
  g_return_val_if_fail (type < MA_N_ZONE_TYPES, "?");
  return zone_names[type];
}

gboolean
ma_zone_type_from_name (const char *name,
                        MaZoneType *out_type)
{
  for (guint i = 0; i < MA_N_ZONE_TYPES; i++)
    if (g_ascii_strcasecmp (name, zone_names[i]) == 0)
      {
        *out_type = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ma_migrate_type_name (MaMigrateType type)
{
  g_return_val_if_fail (type < MA_N_MIGRATE_TYPES, "?");
  return migrate_names[type];
}

gboolean
ma_migrate_type_from_name (const char    *name,
                           MaMigrateType *out_type)
{
  for (guint i = 0; i < MA_N_MIGRATE_TYPES; i++)
    if (g_ascii_strcasecmp (name, migrate_names[i]) == 0)
      {
        *out_type = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ma_frame_state_name (MaFrameState state)
{
  g_return_val_if_fail (state < MA_N_FRAME_STATES, "?");
  return _(state_names[state]);
}

const char *
ma_owner_kind_name (MaOwnerKind kind)
{
  g_return_val_if_fail (kind < MA_N_OWNER_KINDS, "?");
  return _(owner_names[kind]);
}

const char *
ma_watermark_name (MaWatermark mark)
{
  g_return_val_if_fail (mark < MA_N_WMARKS, "?");
  return wmark_names[mark];
}
