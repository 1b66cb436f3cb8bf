/* ma-load-form.h: the parameters of a load a user starts, checked as they are typed
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-simulation.h"

G_BEGIN_DECLS

#define MA_TYPE_LOAD_FORM (ma_load_form_get_type ())

G_DECLARE_FINAL_TYPE (MaLoadForm, ma_load_form, MA, LOAD_FORM, GtkWidget)

GtkWidget  *ma_load_form_new            (void);
void        ma_load_form_set_kind       (MaLoadForm   *self,
                                         MaLoadKind    kind,
                                         MaSimulation *simulation);
MaLoadKind  ma_load_form_get_kind       (MaLoadForm   *self);
gboolean    ma_load_form_get_spec       (MaLoadForm   *self,
                                         MaLoadSpec   *out_spec,
                                         GError      **error);
gboolean    ma_load_form_get_valid      (MaLoadForm   *self);
const char *ma_load_form_get_problem    (MaLoadForm   *self);
gboolean    ma_load_form_set_text       (MaLoadForm   *self,
                                         const char   *field,
                                         const char   *text);
const char *ma_load_form_get_text       (MaLoadForm   *self,
                                         const char   *field);

gboolean    ma_load_kind_is_supported   (MaLoadKind    kind,
                                         MaSimulation *simulation);
const char *ma_load_kind_label          (MaLoadKind    kind);
const char *ma_load_kind_description    (MaLoadKind    kind);
gboolean    ma_parse_pages              (const char   *text,
                                         guint         page_shift,
                                         guint64      *out_pages,
                                         GError      **error);

G_END_DECLS
