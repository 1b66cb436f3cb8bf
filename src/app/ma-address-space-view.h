/* ma-address-space-view.h: the kernel's virtual address space of a 32-bit HighMem machine, with
 * its PKMAP slots, per-CPU kmap_atomic stacks and the tasks waiting for a slot
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_ADDRESS_SPACE_VIEW (ma_address_space_view_get_type ())

G_DECLARE_FINAL_TYPE (MaAddressSpaceView, ma_address_space_view, MA, ADDRESS_SPACE_VIEW, GtkWidget)

GtkWidget  *ma_address_space_view_new                (void);
MaMachine  *ma_address_space_view_get_machine        (MaAddressSpaceView *self);
void        ma_address_space_view_set_machine        (MaAddressSpaceView *self,
                                                      MaMachine          *machine);
gint64      ma_address_space_view_get_highlight_pfn  (MaAddressSpaceView *self);
void        ma_address_space_view_set_highlight_pfn  (MaAddressSpaceView *self,
                                                      gint64              pfn);
const char *ma_address_space_view_get_highlight_text (MaAddressSpaceView *self);
gint64      ma_address_space_view_get_pfn_at         (MaAddressSpaceView *self,
                                                      double              x,
                                                      double              y);
gboolean    ma_address_space_view_get_slot_center    (MaAddressSpaceView *self,
                                                      gint                cpu,
                                                      guint               slot,
                                                      double             *out_x,
                                                      double             *out_y);
void        ma_address_space_view_refresh            (MaAddressSpaceView *self);

G_END_DECLS
