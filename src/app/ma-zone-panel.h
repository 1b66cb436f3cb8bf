/* ma-zone-panel.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_ZONE_PANEL (ma_zone_panel_get_type ())

G_DECLARE_FINAL_TYPE (MaZonePanel, ma_zone_panel, MA, ZONE_PANEL, GtkWidget)

GtkWidget *ma_zone_panel_new         (void);
void       ma_zone_panel_set_machine (MaZonePanel *self,
                                      MaMachine   *machine);
void       ma_zone_panel_set_request (MaZonePanel *self,
                                      MaGfp        gfp,
                                      guint        order);
void       ma_zone_panel_update      (MaZonePanel *self);

G_END_DECLS
