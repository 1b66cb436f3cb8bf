/* ma-snapshot-private.h: snapshot internals shared with the bundle code (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-snapshot.h"

G_BEGIN_DECLS

/* The page size as recorded, without the fallback to an OOM report's block size. */
guint    ma_snapshot_get_recorded_page_size (MaSnapshot   *self);

/* Parts cut out of pasted text keep the line numbers of the paste; bundles store the offset so
 * that reading one back gives the same structs. */
guint    ma_snapshot_get_part_first_line    (MaSnapshot   *self,
                                             MaProcfsKind  kind);
gboolean ma_snapshot_add_part_at            (MaSnapshot   *self,
                                             MaProcfsKind  kind,
                                             const char   *data,
                                             gsize         length,
                                             const char   *source_name,
                                             guint         first_line,
                                             GError      **error);

G_END_DECLS
