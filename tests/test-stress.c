/* test-stress.c: millions of random steps on every preset, every invariant checked after each
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run alternates three kinds of phase. Plain: allocations, frees, drains, CPU switches,
 * sysctls, kmap / kunmap / kmap_atomic / kunmap_atomic, flushes, cancelled waits and kmap storms
 * that fill the PKMAP window, as plain calls (cheap: most steps are these). By hand: the same,
 * each an action the machine records, with undo and redo in between; every episode of at most
 * 150 actions ends by undoing all of them (the digest must be the start's, every few episodes)
 * and redoing them. Under pressure: a simulation with random loads (heap, file, atomic,
 * fragment, slab, kmap), ticks, allocations and frees between ticks, and a seek back and forth
 * that must give the same machine. After every step the cheap invariants (every zone's counters
 * and list ends, kmap state, LRU and swap accounting) are checked; every few thousand steps and
 * at the end the full O(frames) check, with every block the test holds looked up. Then
 * everything the test holds goes back, pages must add up, and the benchmark's workload runs
 * with a check after each of its operations.
 *
 * Each case has a seed: a fixed one per preset and, when MA_STRESS_SEED is set, that one too.
 * MA_STRESS_STEPS sets the step count; MA_STRESS_SCALE multiplies the default ones (the
 * valgrind setup runs a few percent). A failure names the preset, the seed and the step, and
 * the command that replays it.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-stress.h"

typedef struct
{
  const StressCase *c;
  guint64           seed;
} StressRun;

/* Steps per preset: the small machines take most; a digest of the large ones costs a walk over
 * gigabytes of frames, so they are undone to a digest rarely, and copying them for a simulation
 * checkpoint costs as much, so the largest run without pressure phases. */
static const StressCase cases[] = {
  { "tiny-64m",         700000,  5000,  2, TRUE },
  { "i386-highmem-1g",  500000, 20000,  4, TRUE },
  { "i386-pae-8g",      150000, 50000, 16, TRUE },
  { "x86_64-16g",       150000, 50000, 32, TRUE },
  { "numa-2node-64g",   100000, 50000,  0, FALSE },
  { "arm64-4node-256g", 100000, 50000,  0, FALSE },
  { "x86_64-1t",         30000, 30000,  0, FALSE },
};

/* Weights of each step in 10000, by phase. Kmap steps become allocations and frees on
 * machines without HighMem. A kmap storm (about LAST_PKMAP new users at once) comes once in
 * 100000 steps, so that kunmaps drain it between two. */
static const guint by_hand_weights[N_OPS] = {
  [OP_ALLOC] = 3760, [OP_FREE] = 3300, [OP_DRAIN] = 50, [OP_CPU] = 100, [OP_SYSCTL] = 50,
  [OP_KMAP] = 500, [OP_KUNMAP] = 1000, [OP_KMAP_ATOMIC] = 300, [OP_KUNMAP_ATOMIC] = 350,
  [OP_KMAP_FLUSH] = 30, [OP_KMAP_CANCEL] = 40, [OP_UNDO] = 300, [OP_REDO] = 200,
  [OP_HISTORY] = 20,
};
static const guint pressure_weights[N_OPS] = {
  [OP_TICK] = 3000, [OP_LOAD_START] = 400, [OP_LOAD_STOP] = 300, [OP_SWAP] = 100,
  [OP_ALLOC] = 3100, [OP_FREE] = 3100,
};

static const char *const op_names[N_OPS] = {
  "alloc", "free", "drain", "cpu", "sysctl", "kmap", "kunmap", "kmap_atomic", "kunmap_atomic",
  "flush", "cancel", "storm", "undo", "redo", "history", "tick", "start", "stop", "swap", "seek",
  "workload",
};

static Stress *current;
static const char *build_root = "BUILD";

static char *
replay_command (const Stress *s,
                guint64       steps)
{
  return g_strdup_printf ("MA_STRESS_SEED=%" G_GUINT64_FORMAT " MA_STRESS_STEPS=%"
                          G_GUINT64_FORMAT " meson test -C %s stress --test-args "
                          "'-p /ma/stress/%s/%" G_GUINT64_FORMAT "'",
                          s->seed, steps, build_root, s->c->preset, s->seed);
}

void
stress_fail (Stress       *s,
             const char   *what,
             const GError *error)
{
  g_autofree char *replay = replay_command (s, MIN (s->step + 1, s->steps));

  current = NULL;
  g_error ("%s, seed %" G_GUINT64_FORMAT ", step %" G_GUINT64_FORMAT " (%s, %s phase): %s%s%s; "
           "replay: %s", s->c->preset, s->seed, s->step, op_names[s->op],
           s->sim ? "pressure" : s->journal ? "by-hand" : "plain", what, error ? ": " : "",
           error ? error->message : "", replay);
}

/* An engine assertion or a crash ends the test without going through stress_fail(): say how
 * to replay it. */
static void
on_fatal_signal (int sig)
{
  if (current != NULL)
    {
      g_autofree char *replay = replay_command (current, MIN (current->step + 1, current->steps));

      fprintf (stderr, "%s, seed %" G_GUINT64_FORMAT ": %s at step %" G_GUINT64_FORMAT
               "; replay: %s\n", current->c->preset, current->seed, strsignal (sig),
               current->step, replay);
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

void
stress_check (Stress   *s,
              gboolean  full)
{
  g_autoptr(GError) error = NULL;

  if (!ma_machine_check (s->m, full, &error))
    stress_fail (s, "invariant broken", error);
  if (!full)
    return;
  for (guint i = 0; i < s->live->len; i++)
    {
      const StressBlock *b = &g_array_index (s->live, StressBlock, i);
      MaFrameState state;
      guint64 head;
      guint order;

      if (!ma_machine_find_block (s->m, b->pfn, &head, &order, &state) || head != b->pfn
          || order != b->order || state != MA_FRAME_ALLOC_HEAD)
        {
          g_autofree char *what = g_strdup_printf ("the test holds the order-%u block at pfn %"
                                                   G_GUINT64_FORMAT " but the machine does not",
                                                   b->order, b->pfn);

          stress_fail (s, what, NULL);
        }
    }
}

typedef enum
{
  PHASE_PLAIN,
  PHASE_BY_HAND,
  PHASE_PRESSURE,
} Phase;

static const char *const phase_names[] = { "plain", "by-hand", "pressure" };

static StressOp
draw (Stress *s,
      Phase   phase)
{
  const guint *weights = phase == PHASE_PRESSURE ? pressure_weights : by_hand_weights;
  guint r = (guint) stress_below (s, 10000);
  StressOp op = 0;

  if (phase != PHASE_PRESSURE && s->highmem && stress_below (s, 100000) == 0)
    return OP_KMAP_STORM;
  while (op < N_OPS - 1 && r >= weights[op])
    r -= weights[op++];
  if (!s->highmem && op >= OP_KMAP && op <= OP_KMAP_STORM)
    op = r % 2 ? OP_ALLOC : OP_FREE;
  /* plain steps are calls outside any action: nothing to undo */
  if (phase == PHASE_PLAIN && op >= OP_UNDO && op <= OP_HISTORY)
    op = r % 2 ? OP_ALLOC : OP_FREE;
  if (op == OP_ALLOC && stress_prefer_free (s))
    op = OP_FREE;
  return op;
}

static guint64
pages_in_use (MaMachine *m)
{
  guint64 used = 0;

  for (guint i = 0; i < ma_machine_get_n_owners (m); i++)
    used += ma_machine_get_owner (m, i)->pages;
  return used;
}

/* Ends a phase: undo checked to the digest, or the simulation seeked back and forth and its
 * loads stopped. */
static void
end_phase (Stress *s,
           Phase   phase)
{
  if (phase == PHASE_BY_HAND && s->digest_valid)
    stress_by_hand (s, s->op = OP_HISTORY);
  if (phase == PHASE_PRESSURE)
    {
      if (s->c->history_every > 0 && s->episodes % s->c->history_every == 0)
        stress_pressure (s, s->op = OP_SEEK);
      stress_end_pressure (s);
    }
}

/* The next phase and its length, drawn from the test's generator alone so that fewer steps
 * replay the same beginning. Most steps are plain (cheap); a quarter are actions with undo. */
static Phase
next_phase (Stress  *s,
            guint64 *out_length)
{
  guint r = (guint) stress_below (s, 20);

  if (s->c->pressure && r < 3)
    {
      *out_length = 20 + stress_below (s, 200);
      return PHASE_PRESSURE;
    }
  if (r < 10)
    {
      *out_length = 200 + stress_below (s, 2000);
      return PHASE_BY_HAND;
    }
  *out_length = 500 + stress_below (s, 5000);
  return PHASE_PLAIN;
}

static void
run (Stress *s)
{
  Phase phase = PHASE_PLAIN;
  guint64 phase_left = 0, free0, free1, used0, used1;
  gint64 t0 = g_get_monotonic_time ();

  ma_machine_get_total_pages (s->m, NULL, NULL, &free0);
  used0 = pages_in_use (s->m);
  for (s->step = 0; s->step < s->steps; s->step++)
    {
      StressOp op;

      if (phase_left-- == 0)
        {
          gint64 t1 = g_get_monotonic_time ();

          s->phase_usec[phase] += t1 - t0;
          t0 = t1;
          if (s->step > 0)
            end_phase (s, phase);
          phase = next_phase (s, &phase_left);
          stress_new_episode (s, phase == PHASE_BY_HAND);
        }
      op = s->op = draw (s, phase);
      s->ops[op]++;
      s->phase_steps[phase]++;
      if (phase == PHASE_PRESSURE)
        stress_pressure (s, op);
      else
        stress_by_hand (s, op);
      stress_check (s, (s->step + 1) % s->c->full_every == 0);
    }
  s->step = s->steps - 1;
  end_phase (s, phase);
  s->phase_usec[phase] += g_get_monotonic_time () - t0;
  stress_check (s, TRUE);

  /* everything back: every page not free has an owner, as before */
  stress_release_all (s);
  ma_machine_drain_pcp (s->m);
  stress_check (s, TRUE);
  ma_machine_get_total_pages (s->m, NULL, NULL, &free1);
  used1 = pages_in_use (s->m);
  if (free1 + used1 != free0 + used0)
    stress_fail (s, "free and owned pages no longer add up to what they did at boot", NULL);

  stress_workload (s, MAX (s->steps / 10, 1));
  stress_check (s, TRUE);
}

static void
test_stress (gconstpointer data)
{
  const StressRun *r = data;
  Stress s = { 0, };
  g_autofree char *replay = NULL;
  GString *summary = g_string_new (NULL);
  const char *steps = g_getenv ("MA_STRESS_STEPS");
  const char *scale = g_getenv ("MA_STRESS_SCALE");
  guint64 total = 0;

  s.c = r->c;
  s.seed = r->seed;
  s.steps = r->c->steps;
  if (scale != NULL)
    s.steps = MAX ((guint64) (g_ascii_strtod (scale, NULL) * (double) s.steps), 1);
  if (steps != NULL)
    s.steps = MAX (g_ascii_strtoull (steps, NULL, 10), 1);
  stress_seed (&s, s.seed);
  s.m = ma_test_machine_preset (r->c->preset, s.seed);
  s.highmem = ma_highmem_is_supported (s.m);
  s.min_free_boot = ma_machine_get_min_free_kbytes (s.m);
  s.live = g_array_new (FALSE, FALSE, sizeof (StressBlock));
  s.where = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  s.undo = g_array_new (FALSE, FALSE, sizeof (StressChange));
  s.undo_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  s.redo = g_array_new (FALSE, FALSE, sizeof (StressChange));
  s.redo_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  s.pending = g_array_new (FALSE, FALSE, sizeof (StressChange));

  replay = replay_command (&s, s.steps);
  g_test_message ("%s, seed %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " steps; replay: %s",
                  r->c->preset, s.seed, s.steps, replay);
  current = &s;
  run (&s);
  current = NULL;

  for (guint op = 0; op < N_OPS; op++)
    if (s.ops[op] > 0)
      {
        g_string_append_printf (summary, " %s %" G_GUINT64_FORMAT, op_names[op], s.ops[op]);
        total += s.ops[op];
      }
  g_test_message ("%s: %" G_GUINT64_FORMAT " operations:%s; %" G_GUINT64_FORMAT " refusals; "
                  "%u loads, %u undo episodes", r->c->preset, total, summary->str, s.refused,
                  s.loads, s.episodes);
  /* where the time goes, for whoever tunes the step counts (never asserted) */
  for (guint p = 0; p < G_N_ELEMENTS (phase_names); p++)
    g_test_message ("%s: %s steps %" G_GUINT64_FORMAT ", %.1f s", r->c->preset, phase_names[p],
                    s.phase_steps[p], s.phase_usec[p] / 1e6);
  g_string_free (summary, TRUE);

  g_array_unref (s.live);
  g_hash_table_unref (s.where);
  g_array_unref (s.undo);
  g_array_unref (s.undo_ends);
  g_array_unref (s.redo);
  g_array_unref (s.redo_ends);
  g_array_unref (s.pending);
  g_assert_finalize_object (s.m);
}

/* a fixed seed per preset, so that the default run is the same every time; and one more */
static StressRun runs[2 * G_N_ELEMENTS (cases)];
static guint n_runs;

static void
add_case (const StressCase *c,
          guint64           seed)
{
  g_autofree char *path = g_strdup_printf ("/ma/stress/%s/%" G_GUINT64_FORMAT, c->preset, seed);
  StressRun *r = &runs[n_runs++];

  r->c = c;
  r->seed = seed;
  g_test_add_data_func (path, r, test_stress);
}

int
main (int    argc,
      char **argv)
{
  const char *seed = g_getenv ("MA_STRESS_SEED");
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *root = builddir ? g_path_get_dirname (builddir) : NULL;

  g_test_init (&argc, &argv, NULL);
  if (root != NULL)
    build_root = root;
  signal (SIGABRT, on_fatal_signal);
  signal (SIGSEGV, on_fatal_signal);
  signal (SIGBUS, on_fatal_signal);
  signal (SIGFPE, on_fatal_signal);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 fixed = 1000 + i;

      add_case (&cases[i], fixed);
      if (seed != NULL && g_ascii_strtoull (seed, NULL, 10) != fixed)
        add_case (&cases[i], g_ascii_strtoull (seed, NULL, 10));
    }
  return g_test_run ();
}
