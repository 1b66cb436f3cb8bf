/* ma-workload.c: the standard random workload
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workload that `memory-atlas-cli simulate` runs and `bench engine` times, chosen so that
 * the figures compare with other allocators: each step allocates (probability 0.6 while the
 * workload holds less than its target share of managed memory, 0.4 above) or frees a uniformly
 * random live block. Orders follow a mix dominated by single pages with a tail of larger
 * requests, the last of them a pageblock-sized one. All randomness comes from the machine's
 * seeded generator, so a seed gives the same run.
 */
#define G_LOG_DOMAIN "ma-workload"

#include "config.h"

#include <string.h>

#include "ma-workload.h"
#include "ma-frame-array.h"
#include "ma-machine-private.h"

struct _MaWorkload
{
  MaMachine *machine;
  MaGfp      gfp;
  double     target_fill;
  guint64    managed;
  guint64    target_pages;
  guint64    live_pages;
  guint64   *live;       /* pfn << 4 | order */
  guint64    n_live;
  guint64    cap_live;
  guint64    check_every;
  /* the live blocks the next two frees will take: drawn ahead so that their entries and frames
   * are already on their way from memory when the frees come (G_MAXUINT64: not drawn yet) */
  guint64    victim[2];
  gboolean (*check) (MaMachine *, guint64, gpointer);
  gpointer   check_data;
};

guint
ma_workload_draw_order (MaMachine *machine)
{
  guint r = (guint) ma_machine_random_below (machine, 100);

  if (r < 88)
    return 0;
  if (r < 92)
    return 1;
  if (r < 95)
    return 2;
  if (r < 98)
    return 3;
  if (r < 99)
    return 4;
  return MIN (9u, machine->max_order);
}

MaWorkload *
ma_workload_new (MaMachine *machine,
                 MaGfp      gfp,
                 double     target_fill)
{
  MaWorkload *w = g_new0 (MaWorkload, 1);

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  g_return_val_if_fail (target_fill > 0 && target_fill < 1, NULL);

  w->machine = g_object_ref (machine);
  w->gfp = gfp;
  w->target_fill = target_fill;
  ma_machine_get_total_pages (machine, NULL, &w->managed, NULL);
  w->target_pages = (guint64) (w->managed * target_fill);
  w->victim[0] = w->victim[1] = G_MAXUINT64;
  /* Every live block is at least a page, so the target plus one allocation's worth of slack
   * bounds the live set while filling; the run may go a little above the target, so twice
   * that (untouched address space costs nothing). The array is read at random by every free:
   * like the frames, it gets huge pages. */
  w->cap_live = MAX (w->target_pages * 2, 1024);
  w->live = ma_big_array_new (w->cap_live * sizeof (guint64));
  if (w->live == NULL)
    g_error ("The workload cannot hold %" G_GUINT64_FORMAT " blocks: out of memory", w->cap_live);
  return w;
}

void
ma_workload_free (MaWorkload *w)
{
  if (w == NULL)
    return;
  g_object_unref (w->machine);
  ma_big_array_free (w->live, w->cap_live * sizeof (guint64));
  g_free (w);
}

void
ma_workload_set_check (MaWorkload *w,
                       guint64     every_ops,
                       gboolean  (*check) (MaMachine *, guint64, gpointer),
                       gpointer    user_data)
{
  w->check_every = every_ops;
  w->check = check;
  w->check_data = user_data;
}

static inline gboolean
do_alloc (MaWorkload *w,
          guint       order)
{
  MaAllocRequest req = { .gfp = w->gfp, .order = order, .node = -1, .start_zone = -1 };
  guint64 pfn;

  if (!ma_machine_alloc (w->machine, &req, &pfn, NULL))
    return FALSE;
  if (G_UNLIKELY (w->n_live == w->cap_live))
    {
      gsize old = w->cap_live * sizeof (guint64);
      guint64 *bigger;

      w->cap_live *= 2;
      bigger = ma_big_array_new (w->cap_live * sizeof (guint64));
      if (bigger == NULL)
        g_error ("The workload cannot hold %" G_GUINT64_FORMAT " blocks: out of memory", w->cap_live);
      memcpy (bigger, w->live, old);
      ma_big_array_free (w->live, old);
      w->live = bigger;
    }
  w->live[w->n_live++] = (pfn << 4) | order;
  w->live_pages += (guint64) 1 << order;
  return TRUE;
}

static inline guint64
draw_victim (MaWorkload *w,
             guint64     n_live)
{
  guint64 i = ma_machine_random_below (w->machine, n_live);

  __builtin_prefetch (&w->live[i]);
  return i;
}

/* Frees a uniformly random live block. The choice is made two frees ahead (any live block is
 * as good as another, and a choice that no longer exists is drawn again), which lets the
 * entry, then the block's frame, be fetched while other operations run. */
static inline void
do_free (MaWorkload *w)
{
  guint64 i = w->victim[0], entry;
  guint order;

  if (i >= w->n_live)
    i = ma_machine_random_below (w->machine, w->n_live);
  entry = w->live[i];
  order = entry & 0xf;

  w->live[i] = w->live[--w->n_live];
  w->live_pages -= (guint64) 1 << order;
  ma_machine_free_block (w->machine, entry >> 4, order);

  w->victim[0] = w->victim[1];
  if (w->n_live > 0)
    {
      w->victim[1] = draw_victim (w, w->n_live);
      if (w->victim[0] < w->n_live)
        ma_machine_prefetch_frame (w->machine, w->live[w->victim[0]] >> 4);
    }
}

/* Allocates until the workload holds its target share of managed memory (or nothing more can
 * be allocated). Returns the number of allocations made. */
guint64
ma_workload_fill (MaWorkload *w)
{
  guint64 n = 0, failures_in_a_row = 0;

  while (w->live_pages < w->target_pages && failures_in_a_row < 1000)
    {
      if (do_alloc (w, ma_workload_draw_order (w->machine)))
        {
          n++;
          failures_in_a_row = 0;
        }
      else
        failures_in_a_row++;
    }
  return n;
}

void
ma_workload_run (MaWorkload      *w,
                 guint64          n_ops,
                 MaWorkloadStats *stats)
{
  MaMachine *m = w->machine;

  for (guint64 op = 0; op < n_ops; op++)
    {
      guint64 p = w->live_pages < w->target_pages ? 60 : 40;

      if (w->n_live == 0 || ma_machine_random_below (m, 100) < p)
        {
          guint order = ma_workload_draw_order (m);

          if (do_alloc (w, order))
            stats->allocs++;
          else
            {
              stats->failures++;
              stats->failures_by_order[order]++;
            }
        }
      else
        {
          do_free (w);
          stats->frees++;
        }
      stats->ops++;

      if (G_UNLIKELY (w->check != NULL && (op + 1) % w->check_every == 0)
          && !w->check (m, op + 1, w->check_data))
        break;
    }
  stats->live_blocks = w->n_live;
  stats->live_pages = w->live_pages;
}

double
ma_workload_get_fill (MaWorkload *w)
{
  return w->managed ? (double) w->live_pages / (double) w->managed : 0;
}

guint64
ma_workload_get_live_blocks (MaWorkload *w)
{
  return w->n_live;
}
