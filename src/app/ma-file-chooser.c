/* ma-file-chooser.c: open and save dialogs on GTK 4.8 and on newer GTK
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkFileDialog arrived in GTK 4.10 and deprecated GtkFileChooserNative. Both go through the
 * file-chooser portal inside a Flatpak, which is how files reach the sandboxed app.
 */
#define G_LOG_DOMAIN "ma-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "ma-file-chooser.h"

/* user_data is the caller's GObject (its window), kept alive until the dialog answers. */
typedef struct
{
  MaFileChosenFunc callback;
  gpointer         user_data;
} Pending;

static Pending *
pending_new (MaFileChosenFunc callback,
             gpointer         user_data)
{
  Pending *p = g_new0 (Pending, 1);

  p->callback = callback;
  p->user_data = g_object_ref (user_data);
  return p;
}

static void
pending_free (Pending *p)
{
  g_object_unref (p->user_data);
  g_free (p);
}

#if GTK_CHECK_VERSION (4, 10, 0)

typedef GFile *(*FinishFunc) (GtkFileDialog *dialog,
                              GAsyncResult  *result,
                              GError       **error);

/* The three dialogs answer alike; each passes the finish function of its kind as the data of
 * its own trampoline. */
static void
dialog_done (GObject      *source,
             GAsyncResult *result,
             Pending      *p,
             FinishFunc    finish)
{
  g_autoptr(GFile) file = finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file)
    p->callback (file, p->user_data);
  pending_free (p);
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  dialog_done (source, result, data, gtk_file_dialog_open_finish);
}

static void
folder_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  dialog_done (source, result, data, gtk_file_dialog_select_folder_finish);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  dialog_done (source, result, data, gtk_file_dialog_save_finish);
}

void
ma_file_chooser_open (GtkWindow        *parent,
                      const char       *title,
                      GListModel       *filters,
                      gboolean          select_folder,
                      MaFileChosenFunc  callback,
                      gpointer          user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  Pending *p = pending_new (callback, user_data);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (filters)
    gtk_file_dialog_set_filters (dialog, filters);
  if (select_folder)
    gtk_file_dialog_select_folder (dialog, parent, NULL, folder_done, p);
  else
    gtk_file_dialog_open (dialog, parent, NULL, open_done, p);
}

void
ma_file_chooser_save (GtkWindow        *parent,
                      const char       *title,
                      const char       *initial_name,
                      GListModel       *filters,
                      MaFileChosenFunc  callback,
                      gpointer          user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  Pending *p = pending_new (callback, user_data);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_initial_name (dialog, initial_name);
  if (filters)
    gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_save (dialog, parent, NULL, save_done, p);
}

#else /* GTK 4.8 */

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             gpointer         data)
{
  Pending *p = data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file)
        p->callback (file, p->user_data);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  pending_free (p);
}

static GtkFileChooserNative *
make (GtkWindow            *parent,
      const char           *title,
      GtkFileChooserAction  action,
      const char           *accept,
      GListModel           *filters)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, parent, action, accept, NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (filters)
    for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
      {
        g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      }
  return dialog;
}

void
ma_file_chooser_open (GtkWindow        *parent,
                      const char       *title,
                      GListModel       *filters,
                      gboolean          select_folder,
                      MaFileChosenFunc  callback,
                      gpointer          user_data)
{
  GtkFileChooserNative *dialog;
  Pending *p = pending_new (callback, user_data);
  dialog = make (parent, title,
                 select_folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                 _("_Open"), select_folder ? NULL : filters);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), p);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
ma_file_chooser_save (GtkWindow        *parent,
                      const char       *title,
                      const char       *initial_name,
                      GListModel       *filters,
                      MaFileChosenFunc  callback,
                      gpointer          user_data)
{
  GtkFileChooserNative *dialog;
  Pending *p = pending_new (callback, user_data);
  dialog = make (parent, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), filters);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), initial_name);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), p);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

#endif
