/* ma-cli-bench.c: memory-atlas-cli bench
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each benchmark prints its figures as text, or as one JSON object with --json. Timings are
 * wall-clock on one thread; run them on an idle machine.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ma-cli.h"
#include "ma-cli-table.h"
#include "ma-simulation.h"
#include "ma-workload.h"

typedef struct
{
  MaCliBenchOut out;
  guint64       ops;
} Bench;

/**
 * ma_cli_bench_report:
 * @out: where the figures go
 * @key: the figure's JSON member name
 * @value: the figure
 * @unit: its unit, for text
 * @label: what it is, for text
 *
 * Adds one figure to a benchmark's output.
 */
void
ma_cli_bench_report (const MaCliBenchOut *out,
                     const char          *key,
                     double               value,
                     const char          *unit,
                     const char          *label)
{
  if (out->as_json)
    {
      json_builder_set_member_name (out->json, key);
      json_builder_add_double_value (out->json, value);
    }
  else
    {
      /* labels are translated: padded by display width */
      ma_cli_print_padded (label, 46);
      g_print (" %14.3f %s\n", value, unit);
    }
}

/* The same for a count. */
void
ma_cli_bench_report_int (const MaCliBenchOut *out,
                         const char          *key,
                         gint64               value,
                         const char          *unit,
                         const char          *label)
{
  if (out->as_json)
    {
      json_builder_set_member_name (out->json, key);
      json_builder_add_int_value (out->json, value);
    }
  else
    {
      ma_cli_print_padded (label, 46);
      g_print (" %14" G_GINT64_FORMAT " %s\n", value, unit);
    }
}

/* A plain 1 GiB x86-64 machine: 262144 frames, no holes, nothing reserved (bench engine and
 * bench render). */
MaMachineSpec *
ma_cli_bench_one_gib_spec (void)
{
  MaMachineSpec *spec = ma_machine_spec_new ();

  spec->name = g_strdup ("x86_64-1g-bench");
  spec->arch = g_strdup ("x86_64");
  spec->thp = TRUE;
  spec->n_zone_types = 5;
  spec->zone_types[0] = MA_ZONE_DMA;
  spec->zone_types[1] = MA_ZONE_DMA32;
  spec->zone_types[2] = MA_ZONE_NORMAL;
  spec->zone_types[3] = MA_ZONE_MOVABLE;
  spec->zone_types[4] = MA_ZONE_DEVICE;
  spec->zone_limit[MA_ZONE_DMA] = 4096;
  spec->zone_limit[MA_ZONE_DMA32] = 1 << 20;
  ma_machine_spec_add_node (spec, 0, 1);
  ma_machine_spec_add_memory (spec, 0, 0, 262144);
  return spec;
}

/* Fills to 75 % (untimed), then times bench->ops operations of the standard workload. */
static double
time_workload (MaMachine       *machine,
               guint64          ops,
               MaWorkloadStats *stats)
{
  g_autoptr(MaWorkload) workload = ma_workload_new (machine, MA_GFP_KERNEL, 0.75);
  gint64 start;

  ma_workload_fill (workload);
  start = g_get_monotonic_time ();
  ma_workload_run (workload, ops, stats);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static gboolean
bench_engine (Bench   *bench,
              GError **error)
{
  g_autoptr(MaMachineSpec) small = ma_cli_bench_one_gib_spec ();
  g_autoptr(MaMachineSpec) big = NULL;
  g_autoptr(MaMachine) machine = NULL;
  MaWorkloadStats stats = { 0, };
  guint64 spanned;
  double seconds;
  gint64 start;

  machine = ma_machine_new (small, 1, error);
  if (machine == NULL)
    return FALSE;
  spanned = ma_machine_get_total_pages (machine, NULL, NULL, NULL);
  ma_cli_bench_report_int (&bench->out, "bytes_per_frame", (gint64) sizeof (MaFrame), _("bytes"),
              _("struct page equivalent per frame"));
  ma_cli_bench_report (&bench->out, "engine_bytes_per_frame_1g",
                 (double) ma_machine_get_memory_size (machine) / (double) spanned, _("bytes"),
                 _("all engine memory per frame, 1 GiB"));

  seconds = time_workload (machine, bench->ops, &stats);
  ma_cli_bench_report (&bench->out, "ops_per_sec_1g", stats.ops / seconds / 1e6, _("M ops/s"),
                 _("standard workload, 1 GiB machine"));
  ma_cli_bench_report_int (&bench->out, "failures_1g", (gint64) stats.failures, "", _("failed allocations, 1 GiB"));
  g_clear_object (&machine);

  big = ma_presets_load ("x86_64-1t", error);
  if (big == NULL)
    return FALSE;
  start = g_get_monotonic_time ();
  machine = ma_machine_new (big, 1, error);
  if (machine == NULL)
    return FALSE;
  ma_cli_bench_report (&bench->out, "create_1t_ms", (g_get_monotonic_time () - start) / 1000.0, "ms",
                 _("creating the x86_64-1t preset"));
  spanned = ma_machine_get_total_pages (machine, NULL, NULL, NULL);
  ma_cli_bench_report (&bench->out, "engine_bytes_per_frame_1t",
                 (double) ma_machine_get_memory_size (machine) / (double) spanned, _("bytes"),
                 _("all engine memory per frame, 1 TiB"));

  memset (&stats, 0, sizeof stats);
  seconds = time_workload (machine, bench->ops, &stats);
  ma_cli_bench_report (&bench->out, "ops_per_sec_1t", stats.ops / seconds / 1e6, _("M ops/s"),
                 _("standard workload, x86_64-1t"));
  ma_cli_bench_report_int (&bench->out, "failures_1t", (gint64) stats.failures, "", _("failed allocations, 1 TiB"));
  return TRUE;
}

/* The heap-growth scenario on x86_64-16g: simulated events per second of wall time, the machine's
 * creation excluded. */
static gboolean
bench_pressure (Bench   *bench,
                GError **error)
{
  g_autoptr(GBytes) bytes = ma_scenarios_load ("heap-growth", error);
  g_autoptr(MaSimulation) sim = NULL;
  gint64 start;
  double seconds;

  if (bytes == NULL)
    return FALSE;
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), "heap-growth",
                                         "x86_64-16g", error);
  if (sim == NULL)
    return FALSE;
  start = g_get_monotonic_time ();
  ma_simulation_step (sim, ma_simulation_get_duration (sim));
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  ma_cli_bench_report (&bench->out, "events_per_sec_16g", ma_simulation_get_events (sim) / seconds / 1e6,
                 _("M events/s"), _("heap-growth scenario, x86_64-16g"));
  ma_cli_bench_report_int (&bench->out, "events_16g", (gint64) ma_simulation_get_events (sim), "",
              _("simulated events"));
  ma_cli_bench_report (&bench->out, "ticks_per_sec_16g", ma_simulation_get_tick (sim) / seconds, _("ticks/s"),
                 _("simulated ticks per second"));
  return TRUE;
}

int
ma_cli_bench (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  gint64 ops = 10000000;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "ops", 'n', 0, G_OPTION_ARG_INT64, &ops,
      N_("Timed operations of the engine workload (default 10000000)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[engine|parse|pressure|render]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Bench bench = { { builder, FALSE }, 0 };
  const char *what = "engine";
  gboolean ok;

  g_option_context_set_summary (context,
                                _("Measures the engine: “engine” runs the standard workload (fill "
                                  "to 75 %, then random allocations and frees) on a 1 GiB machine "
                                  "and on the 1 TiB preset; “parse” reads a generated zoneinfo "
                                  "and opens a snapshot of a 1 TiB machine; “pressure” runs the "
                                  "heap-growth scenario on x86_64-16g and counts simulated "
                                  "events; “render” draws the map offscreen at 1920×1080."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ma_cli_print_error ("bench", error);
      return 2;
    }
  if (argc > 2)
    {
      g_printerr (_("memory-atlas-cli bench: unexpected argument “%s”\n"), argv[2]);
      return 2;
    }
  if (argc == 2)
    what = argv[1];
  if (ops <= 0)
    {
      g_printerr ("%s\n", _("memory-atlas-cli bench: --ops must be positive"));
      return 2;
    }
  bench.out.as_json = json;
  bench.ops = (guint64) ops;

  json_builder_begin_object (builder);
  if (g_str_equal (what, "engine"))
    ok = bench_engine (&bench, &error);
  else if (g_str_equal (what, "parse"))
    ok = ma_cli_bench_parse (&bench.out, &error);
  else if (g_str_equal (what, "pressure"))
    ok = bench_pressure (&bench, &error);
  else if (g_str_equal (what, "render"))
    {
#ifdef MA_HAVE_MAP
      ok = ma_cli_bench_render (&bench.out, &error);
#else
      g_printerr ("%s\n", _("memory-atlas-cli bench: “render” needs the map, which this build "
                            "left out (meson -Dui=false)"));
      return 2;
#endif
    }
  else
    {
      g_printerr (_("memory-atlas-cli bench: unknown benchmark “%s” (known: engine, parse, "
                    "pressure, render)\n"), what);
      return 2;
    }
  json_builder_end_object (builder);

  if (!ok)
    {
      ma_cli_print_error ("bench", error);
      return 1;
    }
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
