/* ma-cli-capture.c: `memory-atlas-cli capture [-o FILE]`
 *
 * Saves this machine's memory files as a snapshot bundle, to a file or to standard output, and
 * tells on standard error what was captured and what was not (non-root users cannot read
 * pagetypeinfo since 5.4, nor kpageflags/kpagecount).
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ma-cli.h"
#include "ma-procfs.h"

static gboolean
write_stdout (GBytes  *bytes,
              GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("standard output: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

int
ma_cli_capture (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *output = NULL;
  g_autofree char *root = NULL;
  gboolean no_page_flags = FALSE;
  gboolean to_stdout;
  const char * const *lines;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the bundle to FILE (“-” or nothing: standard output)"), N_("FILE") },
    { "no-page-flags", 0, 0, G_OPTION_ARG_NONE, &no_page_flags,
      N_("Do not read /proc/kpageflags and /proc/kpagecount (8 bytes per page frame)"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root,
      N_("Read proc/… and sys/… below DIR instead of this machine’s"), N_("DIR") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Save this machine’s memory state (zoneinfo, buddyinfo, "
                                  "pagetypeinfo, meminfo, vmstat, vm sysctls, transparent "
                                  "hugepage mode and, as root, the flags of every page) as a "
                                  "snapshot bundle."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ma_cli_print_error ("capture", error);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr (_("memory-atlas-cli capture: unexpected argument “%s” (use -o FILE)\n"), argv[1]);
      return 2;
    }

  /* a folder, a device or a pipe is refused before anything is read */
  to_stdout = output == NULL || strcmp (output, "-") == 0;
  if (!to_stdout && !ma_procfs_check_output (output, &error))
    {
      ma_cli_print_error ("capture", error);
      return 1;
    }

  snap = ma_procfs_capture (root, no_page_flags ? MA_CAPTURE_DEFAULT : MA_CAPTURE_PAGE_FLAGS,
                            &error);
  if (snap == NULL)
    {
      ma_cli_print_error ("capture", error);
      return 1;
    }

  bytes = ma_snapshot_to_bundle (snap);
  /* a new file renamed over the old one: a failed write leaves an earlier capture as it was */
  if (to_stdout ? !write_stdout (bytes, &error)
                : !ma_procfs_write_file (output, g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), &error))
    {
      ma_cli_print_error ("capture", error);
      return 1;
    }

  /* the report goes to stderr, so that stdout can be redirected to a file */
  for (lines = ma_snapshot_get_notes (snap); *lines != NULL; lines++)
    g_printerr ("%s\n", *lines);
  for (lines = ma_snapshot_get_warnings (snap); *lines != NULL; lines++)
    g_printerr (_("warning: %s\n"), *lines);
  if (!to_stdout)
    g_printerr (_("wrote %s (%zu bytes)\n"), output, g_bytes_get_size (bytes));

  return 0;
}
