/* ma-compare-window.h: two machines (two snapshots, or two moments of one) side by side
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_COMPARE_WINDOW (ma_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (MaCompareWindow, ma_compare_window, MA, COMPARE_WINDOW, AdwWindow)

GtkWidget *ma_compare_window_new      (GtkWindow       *parent,
                                       MaMachine       *before,
                                       const char      *before_title,
                                       MaMachine       *after,
                                       const char      *after_title);
char      *ma_compare_window_dup_text (MaCompareWindow *self);

G_END_DECLS
