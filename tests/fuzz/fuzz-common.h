/* fuzz-common.h: what every libFuzzer target shares
 *
 * Each target feeds one kind of input to the loader the app and the CLI use for it, and, where
 * that loader goes on to build a machine, builds it too. A fuzzer runs a target some thousands
 * of times a second, so the work per input must stay small: a machine is built only when its
 * description asks for at most FUZZ_MAX_FRAMES page frames (1 GiB of 4 KiB pages). Larger ones
 * are still parsed and checked; they are legitimate inputs (the presets go up to 1 TiB), just
 * too slow to build here.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "ma-machine.h"
#include "ma-oom-report.h"

G_BEGIN_DECLS

#define FUZZ_MAX_FRAMES (G_GUINT64_CONSTANT (1) << 18)

/* A warning or a critical (a failed g_return_if_fail) is a bug, as it is under G_DEBUG in the
 * test suite: make it abort so that libFuzzer saves the input. */
static inline void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

/* Frames a machine built from @spec would hold: every node's span, holes included. */
static inline guint64
fuzz_spec_frames (const MaMachineSpec *spec)
{
  guint64 total = 0;

  for (guint i = 0; i < spec->n_nodes; i++)
    {
      GArray *memory = spec->nodes[i].memory;

      if (memory == NULL || memory->len == 0)
        continue;
      total += g_array_index (memory, MaPfnRange, memory->len - 1).end
               - g_array_index (memory, MaPfnRange, 0).start;
    }
  return total;
}

static inline gboolean
fuzz_spec_is_small (const MaMachineSpec *spec)
{
  return spec->n_nodes > 0 && fuzz_spec_frames (spec) <= FUZZ_MAX_FRAMES;
}

/* An OOM report does not describe its machine as a spec: estimate from its zones' sizes, free
 * pages and free blocks, whichever is the largest, the way the report machine sizes a zone. */
static inline gboolean
fuzz_oom_report_is_small (MaOomReport *report)
{
  guint page_kb = ma_oom_report_get_page_size (report) / 1024;
  guint64 frames = 0;

  if (page_kb == 0)
    page_kb = 4;
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    {
      const MaOomZone *z = ma_oom_report_get_zone (report, i);
      static const char *const fields[] = { "present", "managed", "free", "free_pcp", "min", "low",
                                            "high" };
      guint64 largest = 0, blocks = 0;

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          guint64 kb;

          if (ma_oom_zone_get_kb (z, fields[f], &kb))
            largest = MAX (largest, kb / page_kb);
        }
      for (guint k = 0; k < z->n_orders; k++)
        {
          if (k >= 40 || z->order_counts[k] > (G_MAXUINT64 >> 40))
            return FALSE;
          blocks += z->order_counts[k] << k;
        }
      largest = MAX (largest, blocks);
      if (largest > FUZZ_MAX_FRAMES)
        return FALSE;
      /* the machine aligns each zone to a max-order block, at most 2^15 frames */
      frames += largest + (G_GUINT64_CONSTANT (1) << 15);
    }
  return frames <= 4 * FUZZ_MAX_FRAMES;
}

/* A machine a loader returns must hold every invariant of the engine. */
static inline void
fuzz_check_machine (MaMachine *machine)
{
  g_autoptr(GError) error = NULL;

  if (!ma_machine_check (machine, TRUE, &error))
    {
      fprintf (stderr, "the loaded machine breaks an invariant: %s\n", error->message);
      abort ();
    }
}

/* Warnings and notes are shown to the user: UTF-8, whatever the input held. */
static inline void
fuzz_check_texts (const char * const *texts,
                  guint               n)
{
  for (guint i = 0; texts != NULL && i < n && texts[i] != NULL; i++)
    if (!g_utf8_validate (texts[i], -1, NULL))
      {
        fprintf (stderr, "a warning or note is not UTF-8: %s\n", texts[i]);
        abort ();
      }
}

/* An error from a loader must say something. */
static inline void
fuzz_check_error (const GError *error)
{
  if (error == NULL || error->message == NULL || error->message[0] == '\0'
      || !g_utf8_validate (error->message, -1, NULL))
    {
      fprintf (stderr, "a loader failed without a readable error\n");
      abort ();
    }
}

G_END_DECLS
