/* test-stress-ops.c: the stress test's steps made by hand: allocations, frees, kmaps, sysctls,
 * each one an action the machine records for undo; and undo and redo themselves
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test knows which blocks it holds. An action records what it did to that list, so that an
 * undo or a redo can do the same to it: after any of them the list and the machine must still
 * agree (the full check looks every block up). Whether the machine recorded an action is read
 * from its action serial, and an action that changed the test's blocks must have been recorded.
 */
#include "config.h"

#include <string.h>

#include "test-stress.h"

/* Tasks the test's kmaps run as: far above any pfn, which the simulation's kmap load uses. */
#define TASK_BASE (G_GUINT64_CONSTANT (1) << 48)

/* The machine keeps 200 actions; an episode stays below, so that undo can reach its start. */
#define EPISODE_ACTIONS 150

static const MaGfp gfps[] = {
  MA_GFP_KERNEL,
  MA_GFP_KERNEL,
  MA_GFP_KERNEL | MA___GFP_RECLAIMABLE,
  MA_GFP_ATOMIC,
  MA_GFP_NOWAIT,
  MA_GFP_USER,
  MA_GFP_HIGHUSER,
  MA_GFP_HIGHUSER,
  MA_GFP_HIGHUSER_MOVABLE,
  MA_GFP_KERNEL | MA_GFP_DMA,
  MA_GFP_KERNEL | MA_GFP_DMA32,
  MA_GFP_ATOMIC | MA___GFP_DMA32,
  MA_GFP_KERNEL | MA___GFP_THISNODE,
  MA_GFP_KERNEL | MA___GFP_NORETRY,
};

/* xoshiro256**, seeded through splitmix64 */
void
stress_seed (Stress  *s,
             guint64  seed)
{
  guint64 x = seed;

  for (guint i = 0; i < 4; i++)
    {
      guint64 z = (x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

      z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
      s->rng[i] = z ^ (z >> 31);
    }
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
stress_random (Stress *s)
{
  guint64 *r = s->rng;
  guint64 result = rotl (r[1] * 5, 7) * 9, t = r[1] << 17;

  r[2] ^= r[0];
  r[3] ^= r[1];
  r[1] ^= r[2];
  r[0] ^= r[3];
  r[2] ^= t;
  r[3] = rotl (r[3], 45);
  return result;
}

guint64
stress_below (Stress  *s,
              guint64  bound)
{
  return bound == 0 ? 0 : stress_random (s) % bound;
}

/* ------------------------------------------------------------------------------------------ */
/* The blocks the test holds */

void
stress_live_add (Stress      *s,
                 StressBlock  b)
{
  StressChange c = { TRUE, b };

  g_assert_false (g_hash_table_contains (s->where, &b.pfn));
  g_array_append_val (s->live, b);
  g_hash_table_insert (s->where, g_memdup2 (&b.pfn, sizeof b.pfn),
                       GUINT_TO_POINTER (s->live->len));
  if (s->pending != NULL)
    g_array_append_val (s->pending, c);
}

void
stress_live_remove (Stress  *s,
                    guint64  pfn)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (s->where, &pfn));
  StressChange c = { FALSE, };
  guint last;

  g_assert_cmpuint (i, >, 0);
  i--;
  c.block = g_array_index (s->live, StressBlock, i);
  g_hash_table_remove (s->where, &pfn);
  last = s->live->len - 1;
  if (i != last)
    {
      StressBlock moved = g_array_index (s->live, StressBlock, last);

      g_array_index (s->live, StressBlock, i) = moved;
      g_hash_table_insert (s->where, g_memdup2 (&moved.pfn, sizeof moved.pfn),
                           GUINT_TO_POINTER (i + 1));
    }
  g_array_set_size (s->live, last);
  if (s->pending != NULL)
    g_array_append_val (s->pending, c);
}

/* How full a zone is, in 1/1024ths of what it manages. */
static guint64
fullness (MaZone *zone)
{
  gint64 free = MAX (ma_zone_get_free_pages (zone), 0);
  guint64 managed = MAX (ma_zone_get_managed (zone), 1);

  return ((managed - MIN ((guint64) free, managed)) << 10) / managed;
}

/* A random frame of a random block the test holds. For a free, the fullest zone's of a few
 * random blocks: the small zones (DMA) stay usable, where every failed request would reclaim
 * and retry at length. */
gboolean
stress_random_page (Stress   *s,
             gboolean  for_free,
             guint64  *out_pfn)
{
  const StressBlock *b;

  if (s->live->len == 0)
    return FALSE;
  b = &g_array_index (s->live, StressBlock, stress_below (s, s->live->len));
  for (guint k = 1; for_free && k < 4; k++)
    {
      const StressBlock *c = &g_array_index (s->live, StressBlock, stress_below (s, s->live->len));

      if (fullness (ma_machine_zone_of_pfn (s->m, c->pfn))
          > fullness (ma_machine_zone_of_pfn (s->m, b->pfn)))
        b = c;
    }
  /* any frame of a block names it */
  *out_pfn = b->pfn + stress_below (s, G_GUINT64_CONSTANT (1) << b->order);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Actions and the test's mirror of the undo stack */

static void
begin (Stress     *s,
       const char *label)
{
  g_array_set_size (s->pending, 0);
  if (!s->journal)
    return;
  s->serial = ma_machine_get_action_serial (s->m);
  ma_machine_begin_action (s->m, label);
}

static void
end (Stress *s)
{
  guint n;

  if (!s->journal)
    {
      g_array_set_size (s->pending, 0);
      return;
    }
  ma_machine_end_action (s->m);
  if (ma_machine_get_action_serial (s->m) == s->serial)
    {
      if (s->pending->len > 0)
        stress_fail (s, "an action changed the test's blocks but undo did not record it", NULL);
      return;
    }
  g_array_append_vals (s->undo, s->pending->data, s->pending->len);
  n = s->undo->len;
  g_array_append_val (s->undo_ends, n);
  g_array_set_size (s->redo, 0);
  g_array_set_size (s->redo_ends, 0);
  g_array_set_size (s->pending, 0);
}

/* Moves the last action's changes from one stack to the other, doing them backwards (undo) or
 * forwards (redo) to the test's blocks. */
static void
move_action (Stress   *s,
             GArray   *from,
             GArray   *from_ends,
             GArray   *to,
             GArray   *to_ends,
             gboolean  backwards)
{
  guint stop = g_array_index (from_ends, guint, from_ends->len - 1);
  guint first = from_ends->len > 1 ? g_array_index (from_ends, guint, from_ends->len - 2) : 0;
  GArray *saved = s->pending;

  s->pending = NULL;
  for (guint k = 0; k < stop - first; k++)
    {
      const StressChange *c = &g_array_index (from, StressChange,
                                              backwards ? stop - 1 - k : first + k);

      if (c->added != backwards)
        stress_live_add (s, c->block);
      else
        stress_live_remove (s, c->block.pfn);
    }
  s->pending = saved;
  g_array_append_vals (to, &g_array_index (from, StressChange, first), stop - first);
  g_array_set_size (from, first);
  g_array_set_size (from_ends, from_ends->len - 1);
  stop = to->len;
  g_array_append_val (to_ends, stop);
}

/* An episode starts with an empty undo stack; every few episodes its digest is taken so that
 * undoing everything can be compared with it. Without a journal, steps are plain calls and
 * nothing can be undone. */
void
stress_new_episode (Stress   *s,
                    gboolean  journal)
{
  ma_machine_clear_history (s->m);
  g_array_set_size (s->undo, 0);
  g_array_set_size (s->undo_ends, 0);
  g_array_set_size (s->redo, 0);
  g_array_set_size (s->redo_ends, 0);
  s->journal = journal;
  s->digest_valid = journal && s->c->history_every > 0
                    && s->episodes % s->c->history_every == 0;
  if (s->digest_valid)
    s->start_digest = ma_machine_hash_state (s->m);
  s->episodes += journal;
}

static void
end_episode (Stress *s)
{
  g_autoptr(GError) error = NULL;

  s->ops[OP_HISTORY]++;
  if (s->digest_valid && !ma_machine_check_history (s->m, s->start_digest, &error))
    stress_fail (s, "undo", error);
  stress_new_episode (s, TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* The steps */

static void
check_placement (Stress               *s,
                 const MaAllocRequest *req,
                 const MaAllocResult  *res)
{
  MaZone *zone = ma_machine_zone_of_pfn (s->m, res->pfn);

  g_assert_nonnull (zone);
  g_assert_true (zone == res->zone);
  g_assert_cmpuint (res->pfn & ((G_GUINT64_CONSTANT (1) << req->order) - 1), ==, 0);
  g_assert_true (ma_zone_contains (zone, res->pfn + (G_GUINT64_CONSTANT (1) << req->order) - 1));
  /* never above the highest zone the flags allow */
  g_assert_cmpint (ma_zone_get_zone_type (zone), <=, res->highest_zone);
  if ((req->gfp & MA___GFP_THISNODE) && req->node >= 0)
    g_assert_cmpuint (ma_node_get_index (ma_zone_get_node (zone)), ==, (guint) req->node);
}

static guint
random_order (Stress *s)
{
  guint r = (guint) stress_below (s, 1000);

  if (r < 700)
    return 0;
  if (r < 950)
    return 1 + (guint) stress_below (s, 3);
  return (guint) stress_below (s, ma_machine_get_nr_orders (s->m));
}

void
stress_random_request (Stress         *s,
                       MaAllocRequest *req)
{
  memset (req, 0, sizeof *req);
  req->gfp = gfps[stress_below (s, G_N_ELEMENTS (gfps))];
  req->order = random_order (s);
  req->node = stress_below (s, 4) == 0 ? -1
              : (gint) stress_below (s, ma_machine_get_n_nodes (s->m));
  req->start_zone = stress_below (s, 8) == 0 ? (gint) stress_below (s, MA_N_ZONE_TYPES) : -1;
}

/* Keep about a quarter of the machine free, and an eighth of every zone, so that large
 * requests still succeed and small zones stay usable. */
gboolean
stress_prefer_free (Stress *s)
{
  guint64 managed, free;
  gboolean full;

  if (s->live->len == 0)
    return FALSE;
  ma_machine_get_total_pages (s->m, NULL, &managed, &free);
  full = free < managed / 4;
  for (guint n = 0; n < ma_machine_get_n_nodes (s->m) && !full; n++)
    {
      MaNode *node = ma_machine_get_node (s->m, n);

      for (guint z = 0; z < ma_node_get_n_zones (node) && !full; z++)
        full = ma_zone_get_managed (ma_node_get_zone (node, z)) > 0
               && fullness (ma_node_get_zone (node, z)) > 1024 * 7 / 8;
    }
  return full && stress_below (s, 2) == 0;
}

static void
do_alloc (Stress *s)
{
  MaAllocRequest req;
  MaAllocResult res;
  gboolean ok;

  stress_random_request (s, &req);
  begin (s, "alloc");
  ok = ma_machine_alloc (s->m, &req, NULL, &res);
  if (ok)
    stress_live_add (s, (StressBlock) { res.pfn, req.order });
  end (s);
  if (ok)
    check_placement (s, &req, &res);
}

/* A refusal the engine owes: the block still has kmap users. */
void
stress_expect_busy (Stress       *s,
                    const GError *error)
{
  if (!g_error_matches (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY))
    stress_fail (s, "a free of a block the test holds was refused", error);
  s->refused++;
}

static void
do_free (Stress *s)
{
  g_autoptr(GError) error = NULL;
  guint64 pfn, head;
  guint order;
  MaFrameState state;
  gboolean ok;

  if (!stress_random_page (s, TRUE, &pfn))
    return;
  g_assert_true (ma_machine_find_block (s->m, pfn, &head, &order, &state));
  begin (s, "free");
  ok = ma_machine_free (s->m, pfn, &error);
  if (ok)
    stress_live_remove (s, head);
  end (s);
  if (!ok)
    stress_expect_busy (s, error);
}

static void
do_sysctl (Stress *s)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  begin (s, "sysctl");
  if (stress_below (s, 2) == 0)
    ok = ma_machine_set_watermark_scale_factor (s->m, 1 + (guint) stress_below (s, 200), &error);
  else
    ok = ma_machine_set_min_free_kbytes (s->m, s->min_free_boot / 2
                                               + stress_below (s, s->min_free_boot * 3), &error);
  end (s);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
do_kmap (Stress *s)
{
  g_autoptr(GError) error = NULL;
  MaKmapResult result;
  guint64 pfn, vaddr;
  gboolean ok;

  if (!stress_random_page (s, FALSE, &pfn))
    return;
  begin (s, "kmap");
  ok = ma_highmem_kmap (s->m, pfn, TASK_BASE + s->next_task++, &result, &vaddr, &error);
  end (s);
  if (!ok)
    stress_expect_busy (s, error);
}

/* kunmap of a page with users, found from a random slot on. */
static void
do_kunmap (Stress *s)
{
  MaPkmapStats stats;
  guint start;

  ma_highmem_get_pkmap_stats (s->m, &stats);
  if (stats.in_use == 0)
    return;
  start = (guint) stress_below (s, stats.slots);
  for (guint k = 0; k < stats.slots; k++)
    {
      guint slot = (start + k) % stats.slots;
      guint64 pfn;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (ma_highmem_get_pkmap_count (s->m, slot, &pfn) < 2)
        continue;
      begin (s, "kunmap");
      ok = ma_highmem_kunmap (s->m, pfn, &error);
      end (s);
      if (!ok)
        stress_fail (s, "kunmap of a page with users", error);
      return;
    }
  stress_fail (s, "the pkmap stats count slots in use but none has users", NULL);
}

static void
do_kmap_atomic (Stress *s)
{
  g_autoptr(GError) error = NULL;
  guint cpu = (guint) stress_below (s, ma_machine_get_n_cpus (s->m));
  guint depth = ma_highmem_get_atomic_depth (s->m, cpu);
  guint64 pfn, vaddr;
  gboolean ok;

  if (!stress_random_page (s, FALSE, &pfn))
    return;
  begin (s, "kmap_atomic");
  ok = ma_highmem_kmap_atomic (s->m, cpu, pfn, &vaddr, &error);
  end (s);
  if (!ok)
    {
      /* a CPU whose slots are all taken refuses; so does a page reclaim may take */
      if (!g_error_matches (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_DEPTH))
        stress_expect_busy (s, error);
      else
        s->refused++;
      g_assert_cmpuint (ma_highmem_get_atomic_depth (s->m, cpu), ==, depth);
    }
}

static void
do_kunmap_atomic (Stress *s)
{
  guint n_cpus = ma_machine_get_n_cpus (s->m);
  guint cpu = (guint) stress_below (s, n_cpus);
  g_autoptr(GError) error = NULL;
  guint depth;
  guint64 vaddr;
  gboolean ok;

  for (guint k = 0; k < n_cpus && ma_highmem_get_atomic_depth (s->m, cpu) == 0; k++)
    cpu = (cpu + 1) % n_cpus;
  depth = ma_highmem_get_atomic_depth (s->m, cpu);
  if (depth == 0)
    return;
  if (depth >= 2 && stress_below (s, 8) == 0)
    {
      /* out of order: refused, nothing changes */
      g_assert_true (ma_highmem_get_atomic_slot (s->m, cpu, 0, NULL, &vaddr));
      begin (s, "kunmap_atomic out of order");
      ok = ma_highmem_kunmap_atomic (s->m, cpu, vaddr, &error);
      end (s);
      if (ok || !g_error_matches (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_ORDER))
        stress_fail (s, "an out-of-order kunmap_atomic was not refused", error);
      g_assert_cmpuint (ma_highmem_get_atomic_depth (s->m, cpu), ==, depth);
      s->refused++;
      return;
    }
  g_assert_true (ma_highmem_get_atomic_slot (s->m, cpu, depth - 1, NULL, &vaddr));
  begin (s, "kunmap_atomic");
  ok = ma_highmem_kunmap_atomic (s->m, cpu, vaddr, &error);
  end (s);
  if (!ok)
    stress_fail (s, "kunmap_atomic of the last slot", error);
}

static void
do_kmap_cancel (Stress *s)
{
  const MaKmapWaiter *waiters;
  guint n;
  guint64 task;

  waiters = ma_highmem_get_waiters (s->m, &n);
  if (n == 0)
    return;
  task = waiters[stress_below (s, n)].task;
  begin (s, "cancel a kmap wait");
  if (ma_highmem_cancel_wait (s->m, task) == 0)
    stress_fail (s, "a waiting task could not be taken off the wait queue", NULL);
  end (s);
}

/* Every slot taken and more: new single HighMem pages, each kmapped by its own task, so that
 * the last ones sleep on the wait queue until kunmaps wake them. */
static void
do_kmap_storm (Stress *s)
{
  MaAllocRequest req = { .gfp = MA_GFP_HIGHUSER, .order = 0, .node = -1, .start_zone = -1 };
  MaPkmapStats stats;
  guint n;

  ma_highmem_get_pkmap_stats (s->m, &stats);
  n = stats.slots + 1 + (guint) stress_below (s, 16);
  begin (s, "kmap storm");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 pfn;

      if (!ma_machine_alloc (s->m, &req, &pfn, NULL))
        break;
      stress_live_add (s, (StressBlock) { pfn, 0 });
      if (!ma_highmem_kmap (s->m, pfn, TASK_BASE + s->next_task++, NULL, NULL, &error))
        stress_fail (s, "kmap of a page just allocated", error);
    }
  end (s);
}

static void
do_undo (Stress *s,
         gboolean redo)
{
  GArray *ends = redo ? s->redo_ends : s->undo_ends;
  gboolean ok = redo ? ma_machine_redo (s->m) : ma_machine_undo (s->m);

  if (ok != (ends->len > 0))
    stress_fail (s, ok ? "undo or redo did something the test did not expect"
                       : "undo or redo was refused though the test made actions", NULL);
  if (!ok)
    return;
  if (redo)
    move_action (s, s->redo, s->redo_ends, s->undo, s->undo_ends, FALSE);
  else
    move_action (s, s->undo, s->undo_ends, s->redo, s->redo_ends, TRUE);
}

void
stress_by_hand (Stress   *s,
                StressOp  op)
{
  switch (op)
    {
    case OP_ALLOC:
      do_alloc (s);
      break;
    case OP_FREE:
      do_free (s);
      break;
    case OP_DRAIN:
      begin (s, "drain");
      ma_machine_drain_pcp (s->m);
      end (s);
      break;
    case OP_CPU:
      begin (s, "switch CPU");
      ma_machine_set_current_cpu (s->m, (guint) stress_below (s, ma_machine_get_n_cpus (s->m)));
      end (s);
      break;
    case OP_SYSCTL:
      do_sysctl (s);
      break;
    case OP_KMAP:
      do_kmap (s);
      break;
    case OP_KUNMAP:
      do_kunmap (s);
      break;
    case OP_KMAP_ATOMIC:
      do_kmap_atomic (s);
      break;
    case OP_KUNMAP_ATOMIC:
      do_kunmap_atomic (s);
      break;
    case OP_KMAP_FLUSH:
      begin (s, "flush unused kmaps");
      ma_highmem_flush_unused (s->m);
      end (s);
      break;
    case OP_KMAP_CANCEL:
      do_kmap_cancel (s);
      break;
    case OP_KMAP_STORM:
      do_kmap_storm (s);
      break;
    case OP_UNDO:
    case OP_REDO:
      do_undo (s, op == OP_REDO);
      break;
    case OP_HISTORY:
      if (s->journal)
        end_episode (s);
      return;
    case OP_TICK:
    case OP_LOAD_START:
    case OP_LOAD_STOP:
    case OP_SWAP:
    case OP_SEEK:
    case OP_WORKLOAD:
    case N_OPS:
    default:
      g_assert_not_reached ();
    }
  if (s->undo_ends->len >= EPISODE_ACTIONS)
    end_episode (s);
}

/* Everything the test holds goes back: its waits, its kmaps, its blocks. */
void
stress_release_all (Stress *s)
{
  const MaKmapWaiter *waiters;
  guint n;

  ma_machine_clear_history (s->m);
  if (s->highmem)
    {
      MaPkmapStats stats;

      while ((waiters = ma_highmem_get_waiters (s->m, &n)) != NULL && n > 0)
        g_assert_cmpuint (ma_highmem_cancel_wait (s->m, waiters[0].task), >, 0);
      ma_highmem_get_pkmap_stats (s->m, &stats);
      for (guint slot = 0; slot < stats.slots; slot++)
        {
          guint64 pfn;

          while (ma_highmem_get_pkmap_count (s->m, slot, &pfn) >= 2)
            g_assert_true (ma_highmem_kunmap (s->m, pfn, NULL));
        }
      for (guint cpu = 0; cpu < ma_machine_get_n_cpus (s->m); cpu++)
        for (guint d = ma_highmem_get_atomic_depth (s->m, cpu); d > 0; d--)
          {
            guint64 vaddr;

            g_assert_true (ma_highmem_get_atomic_slot (s->m, cpu, d - 1, NULL, &vaddr));
            g_assert_true (ma_highmem_kunmap_atomic (s->m, cpu, vaddr, NULL));
          }
    }
  while (s->live->len > 0)
    {
      g_autoptr(GError) error = NULL;
      guint64 pfn = g_array_index (s->live, StressBlock, s->live->len - 1).pfn;

      if (!ma_machine_free (s->m, pfn, &error))
        stress_fail (s, "the test's last blocks could not be freed", error);
      stress_live_remove (s, pfn);
    }
}
