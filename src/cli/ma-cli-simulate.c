/* ma-cli-simulate.c: memory-atlas-cli simulate
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ma-cli.h"
#include "ma-cli-table.h"
#include "ma-limits.h"
#include "ma-simulation.h"
#include "ma-workload.h"

static void
print_text (MaMachine             *m,
            const MaWorkloadStats *stats,
            const char            *preset,
            guint64                seed)
{
  guint nr_orders = ma_machine_get_nr_orders (m);

  g_print (_("Machine %s, seed %" PRIu64 ", min_free_kbytes %" PRIu64 "\n"),
           preset, seed, ma_machine_get_min_free_kbytes (m));
  g_print (_("%" PRIu64 " operations: %" PRIu64 " allocations, %"
             PRIu64 " frees, %" PRIu64 " failed allocations\n"),
           stats->ops, stats->allocs, stats->frees, stats->failures);
  if (stats->failures > 0)
    {
      g_print ("%s", _("Failures by order:"));
      for (guint k = 0; k < nr_orders; k++)
        if (stats->failures_by_order[k])
          g_print (" %u:%" G_GUINT64_FORMAT, k, stats->failures_by_order[k]);
      g_print ("\n");
    }
  /* headers are translated: padded by display width, as the rows' numbers are by printf */
  g_print ("\n");
  ma_cli_print_padded (_("Node"), 6);
  g_print (" ");
  ma_cli_print_padded (_("Zone"), 8);
  g_print (" ");
  ma_cli_print_padded_right (_("Managed"), 12);
  g_print (" ");
  ma_cli_print_padded_right (_("Free"), 12);
  g_print (" ");
  ma_cli_print_padded_right (_("Min"), 10);
  g_print (" ");
  ma_cli_print_padded_right (_("Low"), 10);
  g_print (" ");
  ma_cli_print_padded_right (_("High"), 10);
  g_print ("  %s\n", _("Free blocks per order"));
  for (guint n = 0; n < ma_machine_get_n_nodes (m); n++)
    {
      MaNode *node = ma_machine_get_node (m, n);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++)
        {
          MaZone *zone = ma_node_get_zone (node, z);

          if (!ma_zone_is_populated (zone))
            continue;
          g_print ("%-6u %-8s %12" G_GUINT64_FORMAT " %12" G_GINT64_FORMAT " %10" G_GUINT64_FORMAT
                   " %10" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " ",
                   ma_node_get_id (node), ma_zone_get_name (zone), ma_zone_get_managed (zone),
                   ma_zone_get_free_pages (zone), ma_zone_get_watermark (zone, MA_WMARK_MIN),
                   ma_zone_get_watermark (zone, MA_WMARK_LOW),
                   ma_zone_get_watermark (zone, MA_WMARK_HIGH));
          for (guint k = 0; k < nr_orders; k++)
            g_print (" %" G_GUINT64_FORMAT, ma_zone_get_nr_free (zone, k));
          g_print ("\n");
        }
    }
}

static void
print_json (MaMachine             *m,
            const MaWorkloadStats *stats,
            const char            *preset,
            guint64                seed)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint nr_orders = ma_machine_get_nr_orders (m);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "preset");
  json_builder_add_string_value (b, preset);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) seed);
  json_builder_set_member_name (b, "ops");
  json_builder_add_int_value (b, (gint64) stats->ops);
  json_builder_set_member_name (b, "allocs");
  json_builder_add_int_value (b, (gint64) stats->allocs);
  json_builder_set_member_name (b, "frees");
  json_builder_add_int_value (b, (gint64) stats->frees);
  json_builder_set_member_name (b, "failures");
  json_builder_add_int_value (b, (gint64) stats->failures);
  json_builder_set_member_name (b, "failures_by_order");
  json_builder_begin_array (b);
  for (guint k = 0; k < nr_orders; k++)
    json_builder_add_int_value (b, (gint64) stats->failures_by_order[k]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "min_free_kbytes");
  json_builder_add_int_value (b, (gint64) ma_machine_get_min_free_kbytes (m));
  json_builder_set_member_name (b, "zones");
  json_builder_begin_array (b);
  for (guint n = 0; n < ma_machine_get_n_nodes (m); n++)
    {
      MaNode *node = ma_machine_get_node (m, n);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++)
        {
          MaZone *zone = ma_node_get_zone (node, z);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "node");
          json_builder_add_int_value (b, ma_node_get_id (node));
          json_builder_set_member_name (b, "zone");
          json_builder_add_string_value (b, ma_zone_get_name (zone));
          json_builder_set_member_name (b, "spanned");
          json_builder_add_int_value (b, (gint64) ma_zone_get_spanned (zone));
          json_builder_set_member_name (b, "present");
          json_builder_add_int_value (b, (gint64) ma_zone_get_present (zone));
          json_builder_set_member_name (b, "managed");
          json_builder_add_int_value (b, (gint64) ma_zone_get_managed (zone));
          json_builder_set_member_name (b, "free");
          json_builder_add_int_value (b, ma_zone_get_free_pages (zone));
          json_builder_set_member_name (b, "pcp");
          json_builder_add_int_value (b, (gint64) ma_zone_get_pcp_pages (zone));
          json_builder_set_member_name (b, "min");
          json_builder_add_int_value (b, (gint64) ma_zone_get_watermark (zone, MA_WMARK_MIN));
          json_builder_set_member_name (b, "low");
          json_builder_add_int_value (b, (gint64) ma_zone_get_watermark (zone, MA_WMARK_LOW));
          json_builder_set_member_name (b, "high");
          json_builder_add_int_value (b, (gint64) ma_zone_get_watermark (zone, MA_WMARK_HIGH));
          json_builder_set_member_name (b, "boost");
          json_builder_add_int_value (b, (gint64) ma_zone_get_boost (zone));
          json_builder_set_member_name (b, "protection");
          json_builder_begin_array (b);
          for (guint j = 0; j < ma_node_get_n_zones (node); j++)
            json_builder_add_int_value (b, (gint64) ma_zone_get_lowmem_reserve (zone, j));
          json_builder_end_array (b);
          json_builder_set_member_name (b, "free_blocks");
          json_builder_begin_array (b);
          for (guint k = 0; k < nr_orders; k++)
            json_builder_add_int_value (b, (gint64) ma_zone_get_nr_free (zone, k));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static const char *
timeline_text (const MaTimelineEntry *t)
{
  switch (t->type)
    {
    case MA_EVENT_KSWAPD_WAKE:
      return _("kswapd woke");
    case MA_EVENT_KSWAPD_SLEEP:
      return _("kswapd went to sleep");
    case MA_EVENT_DIRECT_RECLAIM_END:
      return _("direct reclaim");
    case MA_EVENT_COMPACTION_END:
      return _("compaction");
    case MA_EVENT_OOM_KILL:
      return _("OOM kill");
    default:
      return ma_event_type_name (t->type);
    }
}

static const char *
value_unit (const MaTimelineEntry *t)
{
  switch (t->type)
    {
    case MA_EVENT_KSWAPD_WAKE:
      return _("order");
    case MA_EVENT_KSWAPD_SLEEP:
    case MA_EVENT_DIRECT_RECLAIM_END:
      return _("pages reclaimed");
    case MA_EVENT_COMPACTION_END:
      return _("pages migrated");
    case MA_EVENT_OOM_KILL:
      return _("pid");
    default:
      return "";
    }
}

static int
run_scenario (const char *scenario,
              const char *preset,
              gint64      ticks,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ma_scenarios_load (scenario, &error);
  g_autoptr(MaSimulation) sim = NULL;
  guint n_zones;
  guint node_width;

  if (bytes == NULL)
    {
      ma_cli_print_error ("simulate", error);
      return 1;
    }
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                         scenario, preset, &error);
  if (sim == NULL)
    {
      ma_cli_print_error ("simulate", error);
      return 1;
    }
  ma_simulation_step (sim, ticks >= 0 ? (guint64) ticks : ma_simulation_get_duration (sim));
  n_zones = ma_simulation_get_n_zones (sim);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "scenario");
      json_builder_add_string_value (b, scenario);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, ma_simulation_get_title (sim));
      json_builder_set_member_name (b, "ticks");
      json_builder_add_int_value (b, (gint64) ma_simulation_get_tick (sim));
      json_builder_set_member_name (b, "tick_ms");
      json_builder_add_int_value (b, ma_simulation_get_tick_ms (sim));
      json_builder_set_member_name (b, "events");
      json_builder_add_int_value (b, (gint64) ma_simulation_get_events (sim));
      json_builder_set_member_name (b, "timeline");
      json_builder_begin_array (b);
      for (guint i = 0; i < ma_simulation_get_n_timeline (sim); i++)
        {
          const MaTimelineEntry *t = ma_simulation_get_timeline_entry (sim, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "tick");
          json_builder_add_int_value (b, (gint64) t->tick);
          json_builder_set_member_name (b, "event");
          json_builder_add_string_value (b, ma_event_type_name (t->type));
          json_builder_set_member_name (b, "node");
          json_builder_add_int_value (b, t->node);
          json_builder_set_member_name (b, "value");
          json_builder_add_int_value (b, (gint64) t->value);
          json_builder_set_member_name (b, "free");
          json_builder_begin_object (b);
          for (guint z = 0; z < n_zones; z++)
            {
              MaZone *zone = ma_simulation_get_zone (sim, z);
              g_autofree char *key = g_strdup_printf ("%u:%s", ma_node_get_id (ma_zone_get_node (zone)),
                                                      ma_zone_get_name (zone));

              json_builder_set_member_name (b, key);
              json_builder_add_int_value (b, ma_simulation_get_sample (sim, t->tick, z)->free);
            }
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "loads");
      json_builder_begin_array (b);
      for (guint i = 0; i < ma_simulation_get_n_loads (sim); i++)
        {
          g_autofree char *status = NULL;
          gboolean running;
          const MaLoadSpec *l = ma_simulation_get_load (sim, i, &running, &status);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, l->name);
          json_builder_set_member_name (b, "running");
          json_builder_add_boolean_value (b, running);
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, status ? status : "");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  g_print ("%s\n", ma_simulation_get_title (sim));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " tick of %u ms", "%" PRIu64 " ticks of %u ms",
                        ma_simulation_get_tick (sim)),
           (guint64) ma_simulation_get_tick (sim), ma_simulation_get_tick_ms (sim));
  g_print ("\n\n");
  /* the node column is as wide as its header, which a translation may lengthen */
  node_width = MAX (5, ma_cli_text_width (_("node")));
  ma_cli_print_padded_right (_("tick"), 9);
  g_print (" ");
  ma_cli_print_padded (_("event"), 22);
  g_print (" ");
  ma_cli_print_padded_right (_("node"), node_width);
  g_print (" ");
  ma_cli_print_padded_right (_("value"), 22);
  g_print ("  %s\n", _("free pages per zone (at the end of the tick)"));
  for (guint i = 0; i < ma_simulation_get_n_timeline (sim); i++)
    {
      const MaTimelineEntry *t = ma_simulation_get_timeline_entry (sim, i);
      g_autofree char *value = NULL;
      g_autofree char *when = NULL;
      guint64 total = t->value, last = t->tick;

      /* direct reclaim in consecutive ticks is one episode */
      while (t->type == MA_EVENT_DIRECT_RECLAIM_END && i + 1 < ma_simulation_get_n_timeline (sim))
        {
          const MaTimelineEntry *n = ma_simulation_get_timeline_entry (sim, i + 1);

          if (n->type != t->type || n->node != t->node || n->tick > last + 1)
            break;
          total += n->value;
          last = n->tick;
          i++;
        }
      value = g_strdup_printf ("%" G_GUINT64_FORMAT " %s", total, value_unit (t));
      when = last > t->tick ? g_strdup_printf ("%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT, t->tick, last)
                            : g_strdup_printf ("%" G_GUINT64_FORMAT, t->tick);

      /* "175–239" holds an en dash: padded by display width, not bytes */
      ma_cli_print_padded_right (when, 9);
      g_print (" ");
      /* the event is translated text: padded by display width */
      ma_cli_print_padded (timeline_text (t), 22);
      g_print (" %*u ", (int) node_width, t->node);
      ma_cli_print_padded_right (value, 22);
      g_print (" ");
      for (guint z = 0; z < n_zones; z++)
        {
          MaZone *zone = ma_simulation_get_zone (sim, z);

          g_print (" %u:%s=%" G_GINT64_FORMAT, ma_node_get_id (ma_zone_get_node (zone)),
                   ma_zone_get_name (zone), ma_simulation_get_sample (sim, last, z)->free);
        }
      g_print ("\n");
    }
  g_print ("\n");
  for (guint i = 0; i < ma_simulation_get_n_loads (sim); i++)
    {
      g_autofree char *status = NULL;
      const MaLoadSpec *l = ma_simulation_get_load (sim, i, NULL, &status);

      g_print ("%-20s %s\n", l->name, status ? status : "");
    }
  return 0;
}

int
ma_cli_simulate (int    argc,
                 char **argv)
{
  g_autofree char *preset = NULL;
  g_autofree char *gfp_text = NULL;
  g_autofree char *scenario = NULL;
  gint64 seed = 1, ops = 1000000, ticks = -1;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset,
      N_("The machine: a preset name or a .json file (default x86_64-16g)"), N_("NAME") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the random workload (default 1)"),
      N_("N") },
    { "ops", 'n', 0, G_OPTION_ARG_INT64, &ops,
      N_("Operations after filling to 75 % (default 1000000)"), N_("N") },
    { "gfp", 'g', 0, G_OPTION_ARG_STRING, &gfp_text,
      N_("GFP flags of the allocations (default GFP_KERNEL)"), N_("FLAGS") },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario,
      N_("Run a pressure scenario (a built-in name or a .json file) and print its timeline of "
         "kswapd, direct reclaim, compaction and OOM kills"), N_("FILE") },
    { "ticks", 't', 0, G_OPTION_ARG_INT64, &ticks,
      N_("With --scenario: ticks to run (default: the scenario's length)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = NULL;
  g_autoptr(MaMachine) machine = NULL;
  g_autoptr(MaWorkload) workload = NULL;
  MaWorkloadStats stats = { 0, };
  MaGfp gfp = MA_GFP_KERNEL;

  g_option_context_set_summary (context,
                                _("Fills a simulated machine to 75 % with random allocations "
                                  "(88 % order 0, 4 % order 1, 3 % order 2, 3 % order 3, 1 % order 4, "
                                  "1 % order 9), then runs random allocations and frees, and prints per "
                                  "zone the free pages, the free blocks per order and the failures."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ma_cli_print_error ("simulate", error);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr (_("memory-atlas-cli simulate: unexpected argument “%s”\n"), argv[1]);
      return 2;
    }
  if (seed < 0 || ops < 0)
    {
      g_printerr ("%s\n", _("memory-atlas-cli simulate: --seed and --ops must not be negative"));
      return 2;
    }
  if (gfp_text && !ma_gfp_parse (gfp_text, &gfp, &error))
    {
      ma_cli_print_error ("simulate", error);
      return 2;
    }
  /* a scenario or machine file is checked before it is read: /dev/zero would never end */
  if (scenario != NULL && !g_strv_contains (ma_scenarios_list (), scenario)
      && g_file_test (scenario, G_FILE_TEST_EXISTS)
      && !ma_cli_check_input_file (scenario, MA_LIMIT_JSON_FILE_SIZE, &error))
    {
      ma_cli_print_error ("simulate", error);
      return 1;
    }
  if (scenario != NULL)
    return run_scenario (scenario, preset, ticks, json);

  spec = ma_presets_load (preset ? preset : "x86_64-16g", &error);
  if (spec == NULL)
    {
      ma_cli_print_error ("simulate", error);
      return 1;
    }
  machine = ma_machine_new (spec, (guint64) seed, &error);
  if (machine == NULL)
    {
      ma_cli_print_error ("simulate", error);
      return 1;
    }

  workload = ma_workload_new (machine, gfp, 0.75);
  ma_workload_fill (workload);
  ma_workload_run (workload, (guint64) ops, &stats);

  if (json)
    print_json (machine, &stats, preset ? preset : "x86_64-16g", (guint64) seed);
  else
    print_text (machine, &stats, preset ? preset : "x86_64-16g", (guint64) seed);
  return 0;
}
