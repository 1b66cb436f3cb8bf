/* main.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ma-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(MaApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* `meson devenv` points at the translations compiled in the build tree */
  localedir = g_getenv ("MA_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ma_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
