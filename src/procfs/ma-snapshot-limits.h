/* ma-snapshot-limits.h: refusing inputs that claim more than any machine has (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-snapshot.h"

G_BEGIN_DECLS

gboolean ma_snapshot_limits_scan_text     (MaProcfsKind       kind,
                                           const char        *data,
                                           gsize              length,
                                           const char        *source_name,
                                           guint              first_line,
                                           GError           **error);
gboolean ma_snapshot_limits_check_zoneinfo (const MaZoneinfo  *zoneinfo,
                                           const char        *source_name,
                                           GError           **error);
gboolean ma_snapshot_limits_check       (MaSnapshot        *snapshot,
                                           const char        *source_name,
                                           GError           **error);
gboolean ma_snapshot_limits_check_oom     (MaOomReport       *report,
                                           const char        *source_name,
                                           GError           **error);

G_END_DECLS
