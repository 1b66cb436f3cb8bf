/* ma-cli-presets.c: memory-atlas-cli presets
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ma-cli.h"
#include "ma-machine-spec.h"

int
ma_cli_presets (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *const *names = ma_presets_list ();

  g_option_context_set_summary (context, _("Lists the built-in machine presets."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ma_cli_print_error ("presets", error);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr (_("memory-atlas-cli presets: unexpected argument “%s”\n"), argv[1]);
      return 2;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(MaMachineSpec) spec = ma_presets_load (names[i], &error);
      g_autofree char *kernel = NULL;
      g_autofree char *size = NULL;
      guint cpus = 0;

      if (spec == NULL)
        {
          ma_cli_print_error ("presets", error);
          return 1;
        }
      kernel = ma_kernel_version_to_string (spec->kernel);
      size = g_format_size_full (ma_machine_spec_total_pages (spec) << spec->page_shift,
                                 G_FORMAT_SIZE_IEC_UNITS);
      for (guint n = 0; n < spec->n_nodes; n++)
        cpus += spec->nodes[n].n_cpus;

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, names[i]);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, spec->title ? spec->title : names[i]);
          json_builder_set_member_name (builder, "arch");
          json_builder_add_string_value (builder, spec->arch);
          json_builder_set_member_name (builder, "kernel");
          json_builder_add_string_value (builder, kernel);
          json_builder_set_member_name (builder, "bytes");
          json_builder_add_int_value (builder,
                                      (gint64) (ma_machine_spec_total_pages (spec) << spec->page_shift));
          json_builder_set_member_name (builder, "page_size");
          json_builder_add_int_value (builder, 1 << spec->page_shift);
          json_builder_set_member_name (builder, "nodes");
          json_builder_add_int_value (builder, spec->n_nodes);
          json_builder_set_member_name (builder, "cpus");
          json_builder_add_int_value (builder, cpus);
          json_builder_end_object (builder);
        }
      else
        g_print ("%-18s %10s  %u node%s, %3u CPUs, %s %s  %s\n", names[i], size, spec->n_nodes,
                 spec->n_nodes == 1 ? " " : "s", cpus, spec->arch, kernel,
                 spec->title ? spec->title : "");
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = NULL;

      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  return 0;
}
