/* ma-event-log.h: the machine's events in the kernel's tracepoint vocabulary, filtered, each
 * linked to its frames on the map
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-event-filter.h"
#include "ma-simulation.h"

G_BEGIN_DECLS

#define MA_TYPE_EVENT_LOG (ma_event_log_get_type ())

G_DECLARE_FINAL_TYPE (MaEventLog, ma_event_log, MA, EVENT_LOG, GtkWidget)

GtkWidget     *ma_event_log_new            (void);
void           ma_event_log_set_machine    (MaEventLog    *self,
                                            MaMachine     *machine);
void           ma_event_log_set_simulation (MaEventLog    *self,
                                            MaSimulation  *simulation);
void           ma_event_log_update         (MaEventLog    *self);
void           ma_event_log_set_pfn_range  (MaEventLog    *self,
                                            guint64        first,
                                            guint64        end);
MaEventFilter *ma_event_log_get_filter     (MaEventLog    *self);
GListModel    *ma_event_log_get_model      (MaEventLog    *self);
gboolean       ma_event_log_activate_row   (MaEventLog    *self,
                                            guint          position);

G_END_DECLS
