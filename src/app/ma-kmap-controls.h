/* ma-kmap-controls.h: kmap, kunmap, kmap_atomic and kunmap_atomic of a frame, and the flush of
 * unused PKMAP slots, with what each did (or why it could not) said in place
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_KMAP_CONTROLS (ma_kmap_controls_get_type ())

G_DECLARE_FINAL_TYPE (MaKmapControls, ma_kmap_controls, MA, KMAP_CONTROLS, GtkWidget)

GtkWidget  *ma_kmap_controls_new         (void);
MaMachine  *ma_kmap_controls_get_machine (MaKmapControls *self);
void        ma_kmap_controls_set_machine (MaKmapControls *self,
                                          MaMachine      *machine);
gint64      ma_kmap_controls_get_pfn     (MaKmapControls *self);
void        ma_kmap_controls_set_pfn     (MaKmapControls *self,
                                          gint64          pfn);
guint       ma_kmap_controls_get_cpu     (MaKmapControls *self);
void        ma_kmap_controls_set_cpu     (MaKmapControls *self,
                                          guint           cpu);
const char *ma_kmap_controls_get_message (MaKmapControls *self,
                                          gboolean       *out_is_error);

G_END_DECLS
