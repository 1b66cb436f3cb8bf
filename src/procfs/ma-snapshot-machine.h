/* ma-snapshot-machine.h: a simulated machine rebuilt from a snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ma-machine.h"
#include "ma-oom-report.h"
#include "ma-snapshot.h"

G_BEGIN_DECLS

MaMachineSpec *ma_snapshot_machine_spec   (MaSnapshot   *snapshot,
                                           GPtrArray    *notes,
                                           GError      **error);
MaMachine     *ma_snapshot_machine_new    (MaSnapshot   *snapshot,
                                           guint64       seed,
                                           GPtrArray    *notes,
                                           GError      **error);
MaMachine     *ma_oom_report_machine_new  (MaOomReport  *report,
                                           guint64       seed,
                                           GPtrArray    *notes,
                                           GError      **error);
MaMachine     *ma_bench_open_snapshot     (GBytes       *bundle,
                                           GError      **error);

G_END_DECLS
