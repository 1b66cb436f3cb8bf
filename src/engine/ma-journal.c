/* ma-journal.c: undo and redo of user actions
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While an action runs, every frame and pageblock write records the old value first (the
 * writers in ma-machine-private.h call in here only while a journal is open, so the hot path
 * pays one predictable branch). The small state (zones, per-CPU lists, nodes, owners, sysctls,
 * the random generator) is copied whole before and after. Undo writes the old values back in
 * reverse order; redo writes the new ones forward. Both give the exact engine state, which
 * ma_machine_hash_state() lets tests verify.
 */
#define G_LOG_DOMAIN "ma-journal"

#include "config.h"

#include <string.h>

#include "ma-machine-private.h"

typedef struct
{
  guint64 pfn;
  guint32 node;
  MaFrame old;
  MaFrame new;
} FrameEntry;

typedef struct
{
  guint64 pfn;
  guint32 node;
  guint8  old;
  guint8  new;
} PageblockEntry;

typedef struct
{
  guint   owner;
  guint32 index;
  guint64 old;
  guint64 new;
} MapEntry;

typedef struct
{
  MaZone  zones[MA_N_ZONE_TYPES];
  MaPcp  *pcp[MA_N_ZONE_TYPES];
  guint   kswapd_order;
  guint   kswapd_highest_zoneidx;
  guint   kswapd_failures;
  gboolean kswapd_woken;
  gboolean kswapd_running;
  guint64 kswapd_wakeups;
  guint64 kswapd_reclaimed;
  guint32 lru_head[MA_N_LRU];
  guint32 lru_tail[MA_N_LRU];
  guint64 lru_len[MA_N_LRU];
} NodeState;

typedef struct
{
  NodeState *nodes;
  GPtrArray *owners;   /* MaOwner copies */
  guint64    min_free_kbytes;
  guint64    user_min_free_kbytes;
  guint      watermark_scale_factor;
  guint      n_lowmem_reserve_ratio;
  guint      lowmem_reserve_ratio[MA_N_ZONE_TYPES];
  guint      current_cpu;
  guint64    rng[4];
  /* pressure */
  GArray    *processes;   /* MaProcess, names copied */
  guint      next_pid;
  guint64    swap_total;
  guint64    swap_used;
  GArray    *writeback;
  guint      writeback_first;
  GArray    *map_lengths; /* guint64 per owner id */
  MaHighmemState *highmem; /* kmaps; NULL when the machine never used them */
} SmallState;

struct _MaJournal
{
  MaMachine  *machine;
  char       *label;
  GArray     *frames;
  GArray     *pageblocks;
  GArray     *maps;
  SmallState  before;
  SmallState  after;
  gboolean    committed;
  guint64     serial;     /* the machine's action serial it was pushed with */
};

static void
owner_free (gpointer data)
{
  MaOwner *o = data;

  g_free (o->name);
  g_free (o);
}

static GPtrArray *
owners_copy (GPtrArray *owners)
{
  GPtrArray *copy = g_ptr_array_new_full (owners->len, owner_free);

  for (guint i = 0; i < owners->len; i++)
    {
      MaOwner *o = g_memdup2 (g_ptr_array_index (owners, i), sizeof (MaOwner));

      o->name = g_strdup (o->name);
      g_ptr_array_add (copy, o);
    }
  return copy;
}

static void
small_state_save (MaMachine  *m,
                  SmallState *s)
{
  s->nodes = g_new0 (NodeState, m->n_nodes);
  for (guint i = 0; i < m->n_nodes; i++)
    {
      MaNode *node = &m->nodes[i];
      NodeState *ns = &s->nodes[i];

      memcpy (ns->zones, node->zones, sizeof node->zones);
      for (guint z = 0; z < node->n_zones; z++)
        ns->pcp[z] = g_memdup2 (node->zones[z].pcp, sizeof (MaPcp) * m->n_cpus);
      ns->kswapd_order = node->kswapd_order;
      ns->kswapd_highest_zoneidx = node->kswapd_highest_zoneidx;
      ns->kswapd_failures = node->kswapd_failures;
      ns->kswapd_woken = node->kswapd_woken;
      ns->kswapd_running = node->kswapd_running;
      ns->kswapd_wakeups = node->kswapd_wakeups;
      ns->kswapd_reclaimed = node->kswapd_reclaimed;
      memcpy (ns->lru_head, node->lru_head, sizeof ns->lru_head);
      memcpy (ns->lru_tail, node->lru_tail, sizeof ns->lru_tail);
      memcpy (ns->lru_len, node->lru_len, sizeof ns->lru_len);
    }
  s->owners = owners_copy (m->owners);
  s->processes = g_array_copy (m->processes);
  for (guint i = 0; i < s->processes->len; i++)
    {
      MaProcess *p = &g_array_index (s->processes, MaProcess, i);
      p->name = g_strdup (p->name);
    }
  s->next_pid = m->next_pid;
  s->swap_total = m->swap_total;
  s->swap_used = m->swap_used;
  s->writeback = g_array_copy (m->writeback);
  s->writeback_first = m->writeback_first;
  s->map_lengths = g_array_new (FALSE, TRUE, sizeof (guint64));
  for (guint i = 0; i < m->owner_maps->len; i++)
    {
      GArray *map = g_ptr_array_index (m->owner_maps, i);
      guint64 len = map ? map->len : 0;

      g_array_append_val (s->map_lengths, len);
    }
  s->min_free_kbytes = m->min_free_kbytes;
  s->user_min_free_kbytes = m->user_min_free_kbytes;
  s->watermark_scale_factor = m->watermark_scale_factor;
  s->n_lowmem_reserve_ratio = m->n_lowmem_reserve_ratio;
  memcpy (s->lowmem_reserve_ratio, m->lowmem_reserve_ratio, sizeof s->lowmem_reserve_ratio);
  s->current_cpu = m->current_cpu;
  memcpy (s->rng, m->rng, sizeof s->rng);
  s->highmem = ma_highmem_state_save (m);
}

static void
small_state_restore (MaMachine        *m,
                     const SmallState *s)
{
  for (guint i = 0; i < m->n_nodes; i++)
    {
      MaNode *node = &m->nodes[i];
      const NodeState *ns = &s->nodes[i];

      for (guint z = 0; z < node->n_zones; z++)
        {
          MaPcp *pcp = node->zones[z].pcp;
          guint64 *plain_units = node->zones[z].plain_units;
          guint64 rebuild_seq = node->zones[z].rebuild_seq;

          /* The zone structs hold stable pointers (node, pcp): copying them back is exact.
           * The rebuild's record belongs to the zone, not to a moment of it. */
          memcpy (&node->zones[z], &ns->zones[z], sizeof (MaZone));
          node->zones[z].pcp = pcp;
          node->zones[z].plain_units = plain_units;
          node->zones[z].rebuild_seq = rebuild_seq;
          memcpy (pcp, ns->pcp[z], sizeof (MaPcp) * m->n_cpus);
        }
      node->kswapd_order = ns->kswapd_order;
      node->kswapd_highest_zoneidx = ns->kswapd_highest_zoneidx;
      node->kswapd_failures = ns->kswapd_failures;
      node->kswapd_woken = ns->kswapd_woken;
      node->kswapd_running = ns->kswapd_running;
      node->kswapd_wakeups = ns->kswapd_wakeups;
      node->kswapd_reclaimed = ns->kswapd_reclaimed;
      memcpy (node->lru_head, ns->lru_head, sizeof ns->lru_head);
      memcpy (node->lru_tail, ns->lru_tail, sizeof ns->lru_tail);
      memcpy (node->lru_len, ns->lru_len, sizeof ns->lru_len);
    }
  g_ptr_array_unref (m->owners);
  m->owners = owners_copy (s->owners);
  for (guint i = 0; i < m->processes->len; i++)
    g_free (g_array_index (m->processes, MaProcess, i).name);
  g_array_set_size (m->processes, 0);
  for (guint i = 0; i < s->processes->len; i++)
    {
      MaProcess p = g_array_index (s->processes, MaProcess, i);

      p.name = g_strdup (p.name);
      g_array_append_val (m->processes, p);
    }
  m->next_pid = s->next_pid;
  m->swap_total = s->swap_total;
  m->swap_used = s->swap_used;
  g_array_set_size (m->writeback, 0);
  g_array_append_vals (m->writeback, s->writeback->data, s->writeback->len);
  m->writeback_first = s->writeback_first;
  for (guint i = 0; i < m->owner_maps->len; i++)
    {
      GArray *map = g_ptr_array_index (m->owner_maps, i);
      guint old;

      if (map == NULL)
        continue;
      /* what a map regains holds nothing until the recorded entries are written back */
      old = map->len;
      g_array_set_size (map, i < s->map_lengths->len
                               ? (guint) g_array_index (s->map_lengths, guint64, i) : 0);
      for (guint k = old; k < map->len; k++)
        g_array_index (map, guint64, k) = MA_MAP_NONE;
    }
  m->min_free_kbytes = s->min_free_kbytes;
  m->user_min_free_kbytes = s->user_min_free_kbytes;
  m->watermark_scale_factor = s->watermark_scale_factor;
  m->n_lowmem_reserve_ratio = s->n_lowmem_reserve_ratio;
  memcpy (m->lowmem_reserve_ratio, s->lowmem_reserve_ratio, sizeof s->lowmem_reserve_ratio);
  m->current_cpu = s->current_cpu;
  memcpy (m->rng, s->rng, sizeof s->rng);
  ma_highmem_state_restore (m, s->highmem);
}

static void
small_state_clear (MaMachine  *m,
                   SmallState *s)
{
  if (s->nodes != NULL)
    for (guint i = 0; i < m->n_nodes; i++)
      for (guint z = 0; z < MA_N_ZONE_TYPES; z++)
        g_free (s->nodes[i].pcp[z]);
  g_clear_pointer (&s->nodes, g_free);
  g_clear_pointer (&s->owners, g_ptr_array_unref);
  if (s->processes != NULL)
    for (guint i = 0; i < s->processes->len; i++)
      g_free (g_array_index (s->processes, MaProcess, i).name);
  g_clear_pointer (&s->processes, g_array_unref);
  g_clear_pointer (&s->writeback, g_array_unref);
  g_clear_pointer (&s->map_lengths, g_array_unref);
  g_clear_pointer (&s->highmem, ma_highmem_state_free);
}

MaJournal *
ma_journal_new (MaMachine  *machine,
                const char *label)
{
  MaJournal *j = g_new0 (MaJournal, 1);

  j->machine = machine;
  j->label = g_strdup (label);
  j->frames = g_array_new (FALSE, FALSE, sizeof (FrameEntry));
  j->pageblocks = g_array_new (FALSE, FALSE, sizeof (PageblockEntry));
  j->maps = g_array_new (FALSE, FALSE, sizeof (MapEntry));
  small_state_save (machine, &j->before);
  return j;
}

void
ma_journal_free (MaJournal *j)
{
  if (j == NULL)
    return;
  small_state_clear (j->machine, &j->before);
  small_state_clear (j->machine, &j->after);
  g_array_unref (j->frames);
  g_array_unref (j->pageblocks);
  g_array_unref (j->maps);
  g_free (j->label);
  g_free (j);
}

void
ma_journal_set_serial (MaJournal *journal,
                       guint64    serial)
{
  journal->serial = serial;
}

guint64
ma_journal_get_serial (MaJournal *journal)
{
  return journal->serial;
}

const char *
ma_journal_get_label (MaJournal *j)
{
  return j->label;
}

gsize
ma_journal_get_size (MaJournal *j)
{
  return j->frames->len * sizeof (FrameEntry) + j->pageblocks->len * sizeof (PageblockEntry);
}

void
ma_journal_record_frame (MaJournal *j,
                         MaNode    *node,
                         guint64    pfn)
{
  FrameEntry e;

  e.pfn = pfn;
  e.node = node->index;
  e.old = node->frames[pfn - node->start_pfn];
  memset (&e.new, 0, sizeof e.new);
  g_array_append_val (j->frames, e);
}

void
ma_journal_record_pageblock (MaJournal *j,
                             MaNode    *node,
                             guint64    pfn)
{
  PageblockEntry e;

  e.pfn = pfn;
  e.node = node->index;
  e.old = *ma_node_pageblock (node, pfn);
  e.new = 0;
  g_array_append_val (j->pageblocks, e);
}

void
ma_journal_record_map (MaJournal *j,
                       guint      owner,
                       guint32    index,
                       guint64    old)
{
  MapEntry e = { owner, index, old, 0 };

  g_array_append_val (j->maps, e);
}

/* Records the values the action left behind, for redo. */
void
ma_journal_commit (MaJournal *j)
{
  MaMachine *m = j->machine;

  for (guint i = 0; i < j->frames->len; i++)
    {
      FrameEntry *e = &g_array_index (j->frames, FrameEntry, i);
      MaNode *node = &m->nodes[e->node];

      e->new = node->frames[e->pfn - node->start_pfn];
    }
  for (guint i = 0; i < j->pageblocks->len; i++)
    {
      PageblockEntry *e = &g_array_index (j->pageblocks, PageblockEntry, i);

      e->new = *ma_node_pageblock (&m->nodes[e->node], e->pfn);
    }
  for (guint i = 0; i < j->maps->len; i++)
    {
      MapEntry *e = &g_array_index (j->maps, MapEntry, i);
      GArray *map = g_ptr_array_index (m->owner_maps, e->owner);

      e->new = e->index < map->len ? g_array_index (map, guint64, e->index) : MA_MAP_NONE;
    }
  small_state_save (m, &j->after);
  j->committed = TRUE;
}

static gboolean
small_state_equal (MaMachine        *m,
                   const SmallState *a,
                   const SmallState *b)
{
  for (guint i = 0; i < m->n_nodes; i++)
    {
      const NodeState *x = &a->nodes[i], *y = &b->nodes[i];

      if (memcmp (x->zones, y->zones, sizeof x->zones) != 0
          || x->kswapd_order != y->kswapd_order || x->kswapd_woken != y->kswapd_woken
          || x->kswapd_highest_zoneidx != y->kswapd_highest_zoneidx
          || x->kswapd_failures != y->kswapd_failures)
        return FALSE;
      for (guint z = 0; z < m->nodes[i].n_zones; z++)
        if (memcmp (x->pcp[z], y->pcp[z], sizeof (MaPcp) * m->n_cpus) != 0)
          return FALSE;
    }
  if (a->owners->len != b->owners->len)
    return FALSE;
  for (guint i = 0; i < a->owners->len; i++)
    if (((MaOwner *) g_ptr_array_index (a->owners, i))->pages
        != ((MaOwner *) g_ptr_array_index (b->owners, i))->pages)
      return FALSE;
  return a->min_free_kbytes == b->min_free_kbytes
         && a->watermark_scale_factor == b->watermark_scale_factor
         && a->n_lowmem_reserve_ratio == b->n_lowmem_reserve_ratio
         && memcmp (a->lowmem_reserve_ratio, b->lowmem_reserve_ratio,
                    sizeof a->lowmem_reserve_ratio) == 0
         && a->current_cpu == b->current_cpu
         && memcmp (a->rng, b->rng, sizeof a->rng) == 0
         && ma_highmem_state_equal (a->highmem, b->highmem);
}

/* Whether the committed action changed anything undo would restore. */
gboolean
ma_journal_changed (MaJournal *j)
{
  g_return_val_if_fail (j->committed, TRUE);
  return j->frames->len > 0 || j->pageblocks->len > 0 || j->maps->len > 0
         || !small_state_equal (j->machine, &j->before, &j->after);
}

static gint
compare_pfn (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Tells views which frames changed: one event per run of consecutive pfns. */
static void
announce (MaMachine *m,
          GArray    *frames)
{
  g_autoptr(GArray) pfns = g_array_sized_new (FALSE, FALSE, sizeof (guint64), frames->len);

  for (guint i = 0; i < frames->len; i++)
    g_array_append_val (pfns, g_array_index (frames, FrameEntry, i).pfn);
  g_array_sort (pfns, compare_pfn);

  for (guint i = 0; i < pfns->len;)
    {
      guint64 start = g_array_index (pfns, guint64, i), end = start + 1;

      while (++i < pfns->len && g_array_index (pfns, guint64, i) <= end)
        end = g_array_index (pfns, guint64, i) + 1;

      /* Cover [start, end) with aligned power-of-two blocks. */
      while (start < end)
        {
          guint order = 0;
          MaEvent *e;

          while (order < 63 && (start & (((guint64) 2 << order) - 1)) == 0
                 && start + ((guint64) 2 << order) <= end)
            order++;
          e = ma_event_ring_push (m->events, MA_EVENT_RESET, start, order);
          e->aux = 1; /* a range, not the whole machine */
          start += (guint64) 1 << order;
        }
    }
}

void
ma_journal_apply (MaJournal *j,
                  gboolean   forward)
{
  MaMachine *m = j->machine;

  g_return_if_fail (j->committed);
  g_return_if_fail (m->journal == NULL);

  if (forward)
    {
      for (guint i = 0; i < j->frames->len; i++)
        {
          const FrameEntry *e = &g_array_index (j->frames, FrameEntry, i);
          MaNode *node = &m->nodes[e->node];

          node->frames[e->pfn - node->start_pfn] = e->new;
        }
      for (guint i = 0; i < j->pageblocks->len; i++)
        {
          const PageblockEntry *e = &g_array_index (j->pageblocks, PageblockEntry, i);
          *ma_node_pageblock (&m->nodes[e->node], e->pfn) = e->new;
        }
      /* the maps' lengths first: an entry past the length a map ended with is gone (a process
       * that exited), whichever way the action went */
      small_state_restore (m, &j->after);
      for (guint i = 0; i < j->maps->len; i++)
        {
          const MapEntry *e = &g_array_index (j->maps, MapEntry, i);
          GArray *map = g_ptr_array_index (m->owner_maps, e->owner);

          if (e->index < map->len)
            g_array_index (map, guint64, e->index) = e->new;
        }
    }
  else
    {
      for (guint i = j->frames->len; i-- > 0;)
        {
          const FrameEntry *e = &g_array_index (j->frames, FrameEntry, i);
          MaNode *node = &m->nodes[e->node];

          node->frames[e->pfn - node->start_pfn] = e->old;
        }
      for (guint i = j->pageblocks->len; i-- > 0;)
        {
          const PageblockEntry *e = &g_array_index (j->pageblocks, PageblockEntry, i);
          *ma_node_pageblock (&m->nodes[e->node], e->pfn) = e->old;
        }
      small_state_restore (m, &j->before);
      for (guint i = j->maps->len; i-- > 0;)
        {
          const MapEntry *e = &g_array_index (j->maps, MapEntry, i);
          GArray *map = g_ptr_array_index (m->owner_maps, e->owner);

          if (e->index < map->len)
            g_array_index (map, guint64, e->index) = e->old;
        }
    }
  announce (m, j->frames);
}

/* ------------------------------------------------------------------------------------------ */
/* Checkpoints: the whole engine state, for going back in a simulation's history */

struct _MaCheckpoint
{
  SmallState  small;
  MaFrame   **frames;      /* per node */
  guint8    **pageblocks;  /* per node */
  GPtrArray  *maps;        /* GArray copies, or NULL */
  guint       n_nodes;
  gsize       size;
};

MaCheckpoint *
ma_machine_save_checkpoint (MaMachine *m)
{
  MaCheckpoint *cp = g_new0 (MaCheckpoint, 1);

  g_return_val_if_fail (m->journal == NULL, NULL);

  small_state_save (m, &cp->small);
  cp->size += ma_highmem_state_size (cp->small.highmem);
  cp->n_nodes = m->n_nodes;
  cp->frames = g_new0 (MaFrame *, m->n_nodes);
  cp->pageblocks = g_new0 (guint8 *, m->n_nodes);
  for (guint i = 0; i < m->n_nodes; i++)
    {
      cp->frames[i] = g_memdup2 (m->nodes[i].frames, m->nodes[i].spanned * sizeof (MaFrame));
      cp->pageblocks[i] = g_memdup2 (m->nodes[i].pageblock_mt, m->nodes[i].n_pageblocks);
      cp->size += m->nodes[i].spanned * sizeof (MaFrame) + m->nodes[i].n_pageblocks;
    }
  cp->maps = g_ptr_array_new_with_free_func (ma_array_unref0);
  for (guint i = 0; i < m->owner_maps->len; i++)
    {
      GArray *map = g_ptr_array_index (m->owner_maps, i);

      g_ptr_array_add (cp->maps, map ? g_array_copy (map) : NULL);
      if (map)
        cp->size += map->len * sizeof (guint64);
    }
  return cp;
}

void
ma_machine_restore_checkpoint (MaMachine          *m,
                               const MaCheckpoint *cp)
{
  g_return_if_fail (m->journal == NULL);
  g_return_if_fail (cp->n_nodes == m->n_nodes);

  for (guint i = 0; i < m->n_nodes; i++)
    {
      memcpy (m->nodes[i].frames, cp->frames[i], m->nodes[i].spanned * sizeof (MaFrame));
      memcpy (m->nodes[i].pageblock_mt, cp->pageblocks[i], m->nodes[i].n_pageblocks);
    }
  g_ptr_array_set_size (m->owner_maps, 0);
  for (guint i = 0; i < cp->maps->len; i++)
    {
      GArray *map = g_ptr_array_index (cp->maps, i);

      g_ptr_array_add (m->owner_maps, map ? g_array_copy (map) : NULL);
    }
  small_state_restore (m, &cp->small);
  m->ctx_valid = FALSE;
  m->last_free_zone = NULL;
  ma_machine_clear_history (m);
  ma_event_ring_push (m->events, MA_EVENT_RESET, 0, 0);
}

void
ma_checkpoint_free (MaCheckpoint *cp)
{
  if (cp == NULL)
    return;
  for (guint i = 0; i < cp->n_nodes; i++)
    {
      g_free (cp->frames[i]);
      g_free (cp->pageblocks[i]);
    }
  g_free (cp->frames);
  g_free (cp->pageblocks);
  g_ptr_array_unref (cp->maps);
  /* small_state_clear needs the machine only for its node count */
  for (guint i = 0; cp->small.nodes && i < cp->n_nodes; i++)
    for (guint z = 0; z < MA_N_ZONE_TYPES; z++)
      g_free (cp->small.nodes[i].pcp[z]);
  g_free (cp->small.nodes);
  g_clear_pointer (&cp->small.owners, g_ptr_array_unref);
  if (cp->small.processes != NULL)
    for (guint i = 0; i < cp->small.processes->len; i++)
      g_free (g_array_index (cp->small.processes, MaProcess, i).name);
  g_clear_pointer (&cp->small.processes, g_array_unref);
  g_clear_pointer (&cp->small.writeback, g_array_unref);
  g_clear_pointer (&cp->small.map_lengths, g_array_unref);
  g_clear_pointer (&cp->small.highmem, ma_highmem_state_free);
  g_free (cp);
}

gsize
ma_checkpoint_get_size (const MaCheckpoint *cp)
{
  return cp->size;
}
