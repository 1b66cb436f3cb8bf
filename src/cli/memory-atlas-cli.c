/* memory-atlas-cli: the engine for scripts
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ma-cli.h"
#include "ma-procfs-reader.h"

static const MaCliCommand commands[] = {
  { "presets", N_("List the built-in machine presets"), ma_cli_presets },
  { "simulate", N_("Run the standard random workload on a simulated machine"), ma_cli_simulate },
  { "capture", N_("Write a snapshot bundle of this machine"), ma_cli_capture },
  { "inspect", N_("Show what a snapshot holds, zone by zone"), ma_cli_inspect },
  { "check", N_("Explain a snapshot's watermarks and protection by the kernel's formulas"),
    ma_cli_check },
  { "bench", N_("Measure the engine's speed"), ma_cli_bench },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: memory-atlas-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “memory-atlas-cli COMMAND --help” for the options of a command."));
}

void
ma_cli_print_error (const char   *command,
                    const GError *error)
{
  g_printerr ("memory-atlas-cli %s: %s\n", command, error->message);
}

gboolean
ma_cli_check_input_file (const char  *path,
                         gsize        max_size,
                         GError     **error)
{
  if (!ma_procfs_check_input (path, max_size, error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("%s: a folder, not a file"), path);
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* `meson devenv` points at the translations compiled in the build tree */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MA_LOCALEDIR") ? g_getenv ("MA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("memory-atlas-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("memory-atlas-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("memory-atlas-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return 2;
}
