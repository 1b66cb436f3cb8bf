/* ma-file-chooser.h: open and save dialogs on GTK 4.8 and on newer GTK
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*MaFileChosenFunc) (GFile    *file,
                                  gpointer  user_data);

void ma_file_chooser_open (GtkWindow        *parent,
                           const char       *title,
                           GListModel       *filters,
                           gboolean          select_folder,
                           MaFileChosenFunc  callback,
                           gpointer          user_data);
void ma_file_chooser_save (GtkWindow        *parent,
                           const char       *title,
                           const char       *initial_name,
                           GListModel       *filters,
                           MaFileChosenFunc  callback,
                           gpointer          user_data);

G_END_DECLS
