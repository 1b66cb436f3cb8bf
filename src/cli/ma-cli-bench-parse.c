/* ma-cli-bench-parse.c: `memory-atlas-cli bench parse`
 *
 * Two figures, on one core:
 *  - zoneinfo_mb_per_s: parsing the synthetic 4-node, 1024-CPU zoneinfo (about 1.2 MB) of
 *    ma_zoneinfo_synthesize(), best of a series of runs (and their mean);
 *  - open_1t_ms: opening a snapshot bundle of a 1 TiB, 8-node machine (ma_snapshot_synthesize_
 *    bundle(): zoneinfo, buddyinfo and pagetypeinfo of 8 × 128 GiB) up to a machine ready to
 *    draw: parse, machine description, ma_machine_new(), reconstruction
 *    (ma_bench_open_snapshot()), then, in a build with the map, its summaries built and the
 *    first whole-machine map drawn at 1920 × 1080 (ma_cli_bench_draw_first_map()): what a user
 *    waits for. The two parts are reported too. The first run also pays for the operating
 *    system handing out fresh memory for the frame arrays; it is reported apart. Without the
 *    map only the first part is timed, as open_1t_machine_ms.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#ifdef __linux__
#define _GNU_SOURCE 1
#include <sched.h>
#endif
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ma-cli.h"
#include "ma-procfs.h"
#include "ma-snapshot-machine.h"
#include "ma-snapshot-synth.h"

#define ZONEINFO_RUNS   30
#define OPEN_RUNS       3

/* Keeps the timings on the CPU the benchmark started on. */
static void
stay_on_one_core (void)
{
#ifdef __linux__
  cpu_set_t set;
  int cpu = sched_getcpu ();

  if (cpu < 0)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  sched_setaffinity (0, sizeof set, &set);
#endif
}

/**
 * ma_cli_bench_parse:
 * @out: where the figures go
 * @error: return location for an error
 *
 * Runs the parse benchmarks: `zoneinfo_mb_per_s` (best), `zoneinfo_mb_per_s_mean`,
 * `zoneinfo_bytes`, `open_1t_ms` (best), `open_1t_ms_mean`, `open_1t_ms_first` and
 * `open_1t_bundle_bytes`.
 *
 * Returns: %TRUE on success
 */
gboolean
ma_cli_bench_parse (const MaCliBenchOut  *out,
                    GError              **error)
{
  g_autoptr(GString) text = ma_zoneinfo_synthesize (4, 1024, G_GUINT64_CONSTANT (8) << 20, 7);
  g_autoptr(GBytes) bundle = NULL;
  double mb = (double) text->len / (1024.0 * 1024.0);
  double best = 0, sum = 0, best_ms = G_MAXDOUBLE, sum_ms = 0, first_ms = 0;
  double best_machine_ms = 0;

  stay_on_one_core ();

  for (guint i = 0; i < ZONEINFO_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse (text->str, (gssize) text->len, "zoneinfo",
                                                    error);
      double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

      if (zi == NULL)
        return FALSE;
      best = MAX (best, mb / seconds);
      sum += mb / seconds;
    }
  ma_cli_bench_report (out, "zoneinfo_mb_per_s", best, "MB/s",
          _("parsing zoneinfo (4 nodes, 1024 CPUs), best"));
  ma_cli_bench_report (out, "zoneinfo_mb_per_s_mean", sum / ZONEINFO_RUNS, "MB/s",
          _("parsing zoneinfo, mean"));
  ma_cli_bench_report (out, "zoneinfo_bytes", (double) text->len, _("bytes"),
          _("size of that zoneinfo"));

  bundle = ma_snapshot_synthesize_bundle (8, G_GUINT64_CONSTANT (128) << 30, 64, 1);
  for (guint i = 0; i < OPEN_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time (), opened;
      g_autoptr(MaMachine) machine = ma_bench_open_snapshot (bundle, error);
      double ms;

      if (machine == NULL)
        return FALSE;
      opened = g_get_monotonic_time ();
#ifdef MA_HAVE_MAP
      ma_cli_bench_draw_first_map (machine);
#endif
      ms = (double) (g_get_monotonic_time () - start) / 1000.0;
      if (i == 0)
        first_ms = ms;
      if (ms < best_ms)
        {
          best_ms = ms;
          best_machine_ms = (double) (opened - start) / 1000.0;
        }
      sum_ms += ms;
    }
#ifdef MA_HAVE_MAP
  ma_cli_bench_report (out, "open_1t_ms", best_ms, "ms",
          _("opening a 1 TiB snapshot to a drawn map, best"));
  ma_cli_bench_report (out, "open_1t_ms_mean", sum_ms / OPEN_RUNS, "ms", _("opening it, mean"));
  ma_cli_bench_report (out, "open_1t_ms_first", first_ms, "ms",
          _("opening it the first time (fresh memory)"));
  ma_cli_bench_report (out, "open_1t_machine_ms", best_machine_ms, "ms",
          _("of the best: parse, machine and rebuilding"));
  ma_cli_bench_report (out, "open_1t_map_ms", best_ms - best_machine_ms, "ms",
          _("of the best: summaries and the first map drawn"));
#else
  /* Without the map (-Dui=false) only the machine can be timed, under its own name: the
   * issue's figure is to the first drawn map. */
  ma_cli_bench_report (out, "open_1t_machine_ms", best_machine_ms, "ms",
          _("opening a 1 TiB snapshot (no map here), best"));
  ma_cli_bench_report (out, "open_1t_machine_ms_first", first_ms, "ms",
          _("opening it the first time (fresh memory)"));
#endif
  ma_cli_bench_report (out, "open_1t_bundle_bytes", (double) g_bytes_get_size (bundle), _("bytes"),
          _("size of that bundle"));
  return TRUE;
}
