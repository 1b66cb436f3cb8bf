/* ma-explain-panel.h: every zone's watermarks and protection explained by the kernel's formulas,
 * and its fragmentation per order
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"
#include "ma-snapshot.h"

G_BEGIN_DECLS

#define MA_TYPE_EXPLAIN_PANEL (ma_explain_panel_get_type ())

G_DECLARE_FINAL_TYPE (MaExplainPanel, ma_explain_panel, MA, EXPLAIN_PANEL, GtkWidget)

GtkWidget *ma_explain_panel_new        (void);
void       ma_explain_panel_set_source (MaExplainPanel *self,
                                        MaMachine      *machine,
                                        MaSnapshot     *snapshot);
void       ma_explain_panel_refresh    (MaExplainPanel *self);

G_END_DECLS
