/* ma-snapshot-private.h: snapshot internals shared with the bundle code (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-snapshot.h"

G_BEGIN_DECLS

/* The page size as recorded, without the fallback to an OOM report's block size. */
guint ma_snapshot_get_recorded_page_size (MaSnapshot *self);

G_END_DECLS
