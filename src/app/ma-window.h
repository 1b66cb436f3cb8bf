/* ma-window.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ma-application.h"
#include "ma-session.h"

G_BEGIN_DECLS

#define MA_TYPE_WINDOW (ma_window_get_type ())

G_DECLARE_FINAL_TYPE (MaWindow, ma_window, MA, WINDOW, AdwApplicationWindow)

MaWindow   *ma_window_new                 (MaApplication *app);
gboolean    ma_window_load_preset         (MaWindow      *self,
                                           const char    *name,
                                           GError       **error);
gboolean    ma_window_load_file           (MaWindow      *self,
                                           GFile         *file,
                                           GError       **error);
void        ma_window_open_file           (MaWindow      *self,
                                           GFile         *file);
void        ma_window_restore_last_source (MaWindow      *self);
void        ma_window_show_error          (MaWindow      *self,
                                           const char    *message);
void        ma_window_set_screenshot      (MaWindow      *self,
                                           const char    *path,
                                           const char    *view,
                                           const char    *color_mode);
gboolean    ma_window_play_scenario       (MaWindow      *self,
                                           const char    *name_or_path,
                                           gboolean       frame_stats,
                                           GError       **error);
gboolean    ma_window_page_is_known       (const char    *page);
void        ma_window_show_page           (MaWindow      *self,
                                           const char    *page);
MaSession  *ma_window_get_session         (MaWindow      *self);
MaMachine  *ma_window_get_machine         (MaWindow      *self);
GtkWidget  *ma_window_get_map_view        (MaWindow      *self);
GtkWidget  *ma_window_get_inspector       (MaWindow      *self);
const char *ma_window_get_message         (MaWindow      *self);
gboolean    ma_window_is_dirty            (MaWindow      *self);
gboolean    ma_window_confirm_quit        (MaWindow      *self);

G_END_DECLS
