/* ma-inspector.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_INSPECTOR (ma_inspector_get_type ())

G_DECLARE_FINAL_TYPE (MaInspector, ma_inspector, MA, INSPECTOR, GtkWidget)

GtkWidget  *ma_inspector_new       (void);
void        ma_inspector_show_pfn  (MaInspector *self,
                                    MaMachine   *machine,
                                    gint64       pfn);
void        ma_inspector_refresh   (MaInspector *self);
const char *ma_inspector_get_value (MaInspector *self,
                                    const char  *field);
char       *ma_frame_flags_to_string (MaMachine         *machine,
                                      const MaFrameInfo *info);

G_END_DECLS
