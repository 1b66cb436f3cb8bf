/* ma-snapshot-check-private.h: what the check and the snapshot machine share (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-kernel.h"
#include "ma-snapshot.h"

G_BEGIN_DECLS

/* The kernel versions a snapshot can come from: its release, or the range its zoneinfo layout
 * implies (narrowed by the `managed` line). Returns FALSE when nothing says. */
gboolean ma_snapshot_version_range    (MaSnapshot       *snapshot,
                                       MaKernelVersion  *out_oldest,
                                       MaKernelVersion  *out_newest,
                                       char            **out_text);

/* The zone types the kernel was configured with (MAX_NR_ZONES of them, in kernel order), from
 * the zones zoneinfo printed and the length of its protection arrays. Zone names that are no
 * kernel zone type are ignored. Returns the number of types. */
guint    ma_snapshot_guess_zone_types (const MaZoneinfo *zoneinfo,
                                       MaKernelVersion   oldest,
                                       MaKernelVersion   newest,
                                       MaZoneType       *out_types);

G_END_DECLS
