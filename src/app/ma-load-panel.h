/* ma-load-panel.h: start, stop and combine loads; run a scenario
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-simulation.h"

G_BEGIN_DECLS

#define MA_TYPE_LOAD_PANEL (ma_load_panel_get_type ())

G_DECLARE_FINAL_TYPE (MaLoadPanel, ma_load_panel, MA, LOAD_PANEL, GtkWidget)

GtkWidget    *ma_load_panel_new            (void);
void          ma_load_panel_set_simulation (MaLoadPanel       *self,
                                            MaSimulation      *simulation);
MaSimulation *ma_load_panel_get_simulation (MaLoadPanel       *self);
void          ma_load_panel_update         (MaLoadPanel       *self);
gboolean      ma_load_panel_start_load     (MaLoadPanel       *self,
                                            const MaLoadSpec  *spec,
                                            GError           **error);
gboolean      ma_load_panel_stop_load      (MaLoadPanel       *self,
                                            const char        *name);
gboolean      ma_load_panel_run_scenario   (MaLoadPanel       *self,
                                            const char        *name_or_path,
                                            GError           **error);
guint         ma_load_panel_get_n_rows     (MaLoadPanel       *self);
const char   *ma_load_panel_get_message    (MaLoadPanel       *self);

G_END_DECLS
