/* ma-application.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MA_TYPE_APPLICATION (ma_application_get_type ())

G_DECLARE_FINAL_TYPE (MaApplication, ma_application, MA, APPLICATION, AdwApplication)

MaApplication *ma_application_new          (void);
GSettings     *ma_application_get_settings (MaApplication *self);
gint64         ma_application_get_start_time (MaApplication *self);

G_END_DECLS
