/* ma-guide-window.h: the user guide, a window of topics
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MA_TYPE_GUIDE_WINDOW (ma_guide_window_get_type ())

G_DECLARE_FINAL_TYPE (MaGuideWindow, ma_guide_window, MA, GUIDE_WINDOW, AdwWindow)

MaGuideWindow *ma_guide_window_new       (GtkWindow     *parent);
const char    *ma_guide_window_get_page  (MaGuideWindow *self);
gboolean       ma_guide_window_show_page (MaGuideWindow *self,
                                          const char    *page);

G_END_DECLS
