/* ma-preferences-window.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MA_TYPE_PREFERENCES_WINDOW (ma_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MaPreferencesWindow, ma_preferences_window, MA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *ma_preferences_window_new (GSettings *settings);

G_END_DECLS
