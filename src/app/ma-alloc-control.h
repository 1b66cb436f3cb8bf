/* ma-alloc-control.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-gfp.h"

G_BEGIN_DECLS

#define MA_TYPE_ALLOC_CONTROL (ma_alloc_control_get_type ())

G_DECLARE_FINAL_TYPE (MaAllocControl, ma_alloc_control, MA, ALLOC_CONTROL, GtkWidget)

GtkWidget *ma_alloc_control_new           (void);
guint      ma_alloc_control_get_order     (MaAllocControl *self);
void       ma_alloc_control_set_order     (MaAllocControl *self,
                                           guint           order);
MaGfp      ma_alloc_control_get_gfp       (MaAllocControl *self);
void       ma_alloc_control_set_gfp       (MaAllocControl *self,
                                           MaGfp           gfp);
void       ma_alloc_control_set_max_order (MaAllocControl *self,
                                           guint           max_order);
void       ma_alloc_control_set_page_shift (MaAllocControl *self,
                                            guint           page_shift);
void       ma_alloc_control_popup         (MaAllocControl *self);

G_END_DECLS
