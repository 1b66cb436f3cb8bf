/* ma-snapshot-synth.h: realistic snapshots of large machines, for benchmarks and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-snapshot.h"

G_BEGIN_DECLS

MaSnapshot *ma_snapshot_synthesize        (guint    n_nodes,
                                           guint64  bytes_per_node,
                                           guint    n_cpus,
                                           guint32  seed);
GBytes     *ma_snapshot_synthesize_bundle (guint    n_nodes,
                                           guint64  bytes_per_node,
                                           guint    n_cpus,
                                           guint32  seed);

G_END_DECLS
