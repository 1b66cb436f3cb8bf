/* ma-simulation.c: memory under pressure, tick by tick
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tick is a slice of time: the actions scheduled for it (a load starts or stops, a sysctl is
 * written), then each running load does its share of work (page faults, reads, allocations), then
 * each node's kswapd, if awake, reclaims its share, and writeback completes some pages. The end
 * of each tick is recorded: per zone its free pages, watermarks and free blocks per order, and
 * the notable events (kswapd waking and sleeping, direct reclaim, compaction, OOM kills) as a
 * timeline.
 *
 * Going back in time: everything is deterministic given the machine's seed and the list of
 * actions, so the simulation keeps checkpoints (the whole engine state plus the loads' state)
 * every few ticks within a memory budget, and reaching an earlier tick means restoring the last
 * checkpoint before it and replaying. An action taken in the past discards the future after it.
 */
#define G_LOG_DOMAIN "ma-simulation"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ma-engine-resources.h"
#include "ma-highmem.h"
#include "ma-json-utf8.h"
#include "ma-machine-private.h"
#include "ma-simulation.h"

G_DEFINE_QUARK (ma-scenario-error-quark, ma_scenario_error)

#define CHECKPOINT_BUDGET (512u << 20)

typedef enum
{
  ACT_START,
  ACT_STOP,
  ACT_SWAP,
  ACT_SYSCTL,
  ACT_ALLOC,
  ACT_FREE,
} ActKind;

typedef struct
{
  guint64     tick;
  ActKind     kind;
  MaLoadSpec  spec;      /* ACT_START */
  char       *name;      /* ACT_STOP, ACT_SYSCTL */
  char       *value;     /* ACT_SYSCTL */
  guint64     pages;     /* ACT_SWAP */
  MaAllocRequest request; /* ACT_ALLOC */
  guint64     pfn;       /* ACT_FREE */
  gboolean    applied;   /* ACT_ALLOC, ACT_FREE: done when the user clicked; the tick skips it once */
} Action;

/* A load's running state. */
typedef struct
{
  MaLoadSpec  spec;
  gboolean    running;
  char       *status;
  guint       pid;
  guint       file;
  guint64     position;
  guint64     pass;
  guint64     started;
  GArray     *held;      /* guint64: pfn << 4 | order, or (tick << 24 | …) for atomic */
  GArray     *born;      /* guint64: tick each held block was allocated (atomic) */
  GArray     *atomic;    /* kmap: guint64 cpu << 32 | vaddr of its kmap_atomic nest, in order */
} Load;

typedef struct
{
  guint64       tick;
  MaCheckpoint *machine;
  GArray       *loads;    /* Load copies */
} Checkpoint;

struct _MaSimulation
{
  GObject       parent_instance;

  MaMachine    *machine;
  char         *title;
  char         *description;
  guint64       duration;
  guint         tick_ms;
  guint64       kswapd_rate;
  guint64       writeback_rate;

  guint64       tick;
  guint64       end;        /* ticks recorded so far */
  GArray       *actions;    /* Action, sorted by tick */
  GArray       *loads;      /* Load */

  GPtrArray    *zones;      /* MaZone*: the populated zones */
  GArray       *samples;    /* MaZoneSample, zones->len per tick */
  GArray       *timeline;   /* MaTimelineEntry */
  guint64       event_seq;
  guint64       notable_index;
  guint64       events;

  GPtrArray    *checkpoints;
  guint64       checkpoint_every;
  gboolean      recorder;   /* only records what something else does to the machine */
};

G_DEFINE_FINAL_TYPE (MaSimulation, ma_simulation, G_TYPE_OBJECT)

static const char *const kind_names[MA_N_LOAD_KINDS] = {
  "heap", "file", "atomic", "fragment", "slab", "kmap",
};

const char *
ma_load_kind_name (MaLoadKind kind)
{
  g_return_val_if_fail (kind < MA_N_LOAD_KINDS, "?");
  return kind_names[kind];
}

gboolean
ma_load_kind_from_name (const char *name,
                        MaLoadKind *out)
{
  for (guint i = 0; i < MA_N_LOAD_KINDS; i++)
    if (g_str_equal (name, kind_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

void
ma_load_spec_clear (MaLoadSpec *spec)
{
  g_clear_pointer (&spec->name, g_free);
}

static void
action_clear (gpointer data)
{
  Action *a = data;

  ma_load_spec_clear (&a->spec);
  g_clear_pointer (&a->name, g_free);
  g_clear_pointer (&a->value, g_free);
}

static void
load_clear (gpointer data)
{
  Load *l = data;

  ma_load_spec_clear (&l->spec);
  g_clear_pointer (&l->status, g_free);
  g_clear_pointer (&l->held, g_array_unref);
  g_clear_pointer (&l->born, g_array_unref);
  g_clear_pointer (&l->atomic, g_array_unref);
}

static GArray *
loads_copy (GArray *loads)
{
  GArray *copy = g_array_new (FALSE, TRUE, sizeof (Load));

  g_array_set_clear_func (copy, load_clear);
  for (guint i = 0; i < loads->len; i++)
    {
      Load l = g_array_index (loads, Load, i);

      l.spec.name = g_strdup (l.spec.name);
      l.status = g_strdup (l.status);
      l.held = l.held ? g_array_copy (l.held) : NULL;
      l.born = l.born ? g_array_copy (l.born) : NULL;
      l.atomic = l.atomic ? g_array_copy (l.atomic) : NULL;
      g_array_append_val (copy, l);
    }
  return copy;
}

static void
checkpoint_free (gpointer data)
{
  Checkpoint *c = data;

  ma_checkpoint_free (c->machine);
  g_array_unref (c->loads);
  g_free (c);
}

static void
ma_simulation_finalize (GObject *object)
{
  MaSimulation *self = MA_SIMULATION (object);

  g_clear_object (&self->machine);
  g_free (self->title);
  g_free (self->description);
  g_array_unref (self->actions);
  g_array_unref (self->loads);
  g_ptr_array_unref (self->zones);
  g_array_unref (self->samples);
  g_array_unref (self->timeline);
  g_ptr_array_unref (self->checkpoints);
  G_OBJECT_CLASS (ma_simulation_parent_class)->finalize (object);
}

static void
ma_simulation_class_init (MaSimulationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_simulation_finalize;
}

static void
ma_simulation_init (MaSimulation *self)
{
  self->actions = g_array_new (FALSE, TRUE, sizeof (Action));
  g_array_set_clear_func (self->actions, action_clear);
  self->loads = g_array_new (FALSE, TRUE, sizeof (Load));
  g_array_set_clear_func (self->loads, load_clear);
  self->zones = g_ptr_array_new ();
  self->samples = g_array_new (FALSE, TRUE, sizeof (MaZoneSample));
  self->timeline = g_array_new (FALSE, TRUE, sizeof (MaTimelineEntry));
  self->checkpoints = g_ptr_array_new_with_free_func (checkpoint_free);
  self->checkpoint_every = 32;
  self->tick_ms = 10;
  self->duration = 0;
}

static void record_tick (MaSimulation *self);

/* The first checkpoint is the machine as the simulation found it. It is taken when something
 * first happens, not when the simulation is made: a window makes one for every machine it
 * shows, and copying a large machine's frames for nothing would cost seconds. */
static void take_checkpoint (MaSimulation *self);

static void
ensure_first_checkpoint (MaSimulation *self)
{
  if (self->recorder || self->checkpoints->len > 0)
    return;
  ma_machine_clear_history (self->machine);
  take_checkpoint (self);
}

static void
take_checkpoint (MaSimulation *self)
{
  Checkpoint *c = g_new0 (Checkpoint, 1);
  gsize total = 0;

  c->tick = self->tick;
  c->machine = ma_machine_save_checkpoint (self->machine);
  c->loads = loads_copy (self->loads);
  g_ptr_array_add (self->checkpoints, c);

  for (guint i = 0; i < self->checkpoints->len; i++)
    total += ma_checkpoint_get_size (((Checkpoint *) g_ptr_array_index (self->checkpoints, i))->machine);
  if (total > CHECKPOINT_BUDGET && self->checkpoints->len > 2)
    {
      /* thin out: keep every other checkpoint (always the first), twice as far apart */
      for (guint i = self->checkpoints->len - 1; i >= 1; i--)
        if (i % 2 == 1)
          g_ptr_array_remove_index (self->checkpoints, i);
      self->checkpoint_every *= 2;
    }
}

/**
 * ma_simulation_new:
 * @machine: the machine to put under pressure (referenced)
 */
static MaSimulation *
simulation_new (MaMachine *machine,
                gboolean   recorder)
{
  MaSimulation *self = g_object_new (MA_TYPE_SIMULATION, NULL);

  self->machine = g_object_ref (machine);
  self->kswapd_rate = 4096;
  self->writeback_rate = 2048;
  for (guint n = 0; n < ma_machine_get_n_nodes (machine); n++)
    {
      MaNode *node = ma_machine_get_node (machine, n);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++)
        if (ma_zone_is_populated (ma_node_get_zone (node, z)))
          g_ptr_array_add (self->zones, ma_node_get_zone (node, z));
    }
  self->event_seq = ma_event_ring_next_seq (machine->events);
  self->notable_index = ma_event_ring_next_notable (machine->events);
  self->recorder = recorder;
  return self;
}

MaSimulation *
ma_simulation_new (MaMachine *machine)
{
  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  return simulation_new (machine, FALSE);
}

/**
 * ma_simulation_new_recorder:
 * @machine: a machine that something else moves on (referenced)
 *
 * A history without a simulation: a live view rebuilds @machine from each new snapshot and
 * calls ma_simulation_record(), which appends the machine's state as one tick, for the charts
 * and the event log. A recorder runs no loads and keeps no checkpoints (a live server's frames
 * are gigabytes), so it cannot seek back; ma_simulation_step() does nothing.
 */
MaSimulation *
ma_simulation_new_recorder (MaMachine *machine)
{
  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  return simulation_new (machine, TRUE);
}

gboolean
ma_simulation_is_recorder (MaSimulation *self)
{
  g_return_val_if_fail (MA_IS_SIMULATION (self), FALSE);
  return self->recorder;
}

/**
 * ma_simulation_record:
 *
 * Appends the recorder's machine as it is now as the next tick.
 */
void
ma_simulation_record (MaSimulation *self)
{
  g_return_if_fail (MA_IS_SIMULATION (self));
  g_return_if_fail (self->recorder);

  record_tick (self);
  self->end++;
  self->tick = self->end;
}

MaMachine *
ma_simulation_get_machine (MaSimulation *self)
{
  return self->machine;
}

const char *
ma_simulation_get_title (MaSimulation *self)
{
  return self->title;
}

const char *
ma_simulation_get_description (MaSimulation *self)
{
  return self->description;
}

guint64
ma_simulation_get_tick (MaSimulation *self)
{
  return self->tick;
}

guint64
ma_simulation_get_end (MaSimulation *self)
{
  return self->end;
}

guint64
ma_simulation_get_duration (MaSimulation *self)
{
  return self->duration;
}

guint
ma_simulation_get_tick_ms (MaSimulation *self)
{
  return self->tick_ms;
}

/* Engine events the simulation has seen go by (for the throughput figure). */
guint64
ma_simulation_get_events (MaSimulation *self)
{
  return self->events;
}

guint
ma_simulation_get_n_zones (MaSimulation *self)
{
  return self->zones->len;
}

MaZone *
ma_simulation_get_zone (MaSimulation *self,
                        guint         index)
{
  g_return_val_if_fail (index < self->zones->len, NULL);
  return g_ptr_array_index (self->zones, index);
}

const MaZoneSample *
ma_simulation_get_sample (MaSimulation *self,
                          guint64       tick,
                          guint         zone_index)
{
  guint64 i = tick * self->zones->len + zone_index;

  if (zone_index >= self->zones->len || i >= self->samples->len)
    return NULL;
  return &g_array_index (self->samples, MaZoneSample, i);
}

guint
ma_simulation_get_n_timeline (MaSimulation *self)
{
  return self->timeline->len;
}

const MaTimelineEntry *
ma_simulation_get_timeline_entry (MaSimulation *self,
                                  guint         index)
{
  g_return_val_if_fail (index < self->timeline->len, NULL);
  return &g_array_index (self->timeline, MaTimelineEntry, index);
}

/* ------------------------------------------------------------------------------------------ */
/* Loads */

static Load *
find_load (MaSimulation *self,
           const char   *name)
{
  for (guint i = 0; i < self->loads->len; i++)
    {
      Load *l = &g_array_index (self->loads, Load, i);

      if (g_str_equal (l->spec.name, name))
        return l;
    }
  return NULL;
}

static void
set_status (Load       *l,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
set_status (Load       *l,
            const char *format,
            ...)
{
  va_list args;

  g_free (l->status);
  va_start (args, format);
  l->status = g_strdup_vprintf (format, args);
  va_end (args);
}

static void
run_heap (MaSimulation *self,
          Load         *l)
{
  MaMachine *m = self->machine;
  MaProcessInfo info;
  gint index;

  if (l->pid == 0)
    {
      g_autoptr(GError) error = NULL;

      l->pid = ma_machine_spawn_process (m, l->spec.name, l->spec.oom_score_adj, l->spec.node, &error);
      if (l->pid == 0)
        {
          l->running = FALSE;
          set_status (l, "%s", error->message);
          return;
        }
    }
  index = ma_machine_find_process (m, l->pid);
  if (index < 0 || !ma_machine_get_process (m, (guint) index, &info) || !info.alive)
    {
      l->running = FALSE;
      set_status (l, _("killed by the OOM killer"));
      return;
    }
  if (l->spec.limit == 0 || info.heap < l->spec.limit)
    {
      guint64 want = l->spec.limit ? MIN (l->spec.rate, l->spec.limit - info.heap) : l->spec.rate;
      MaAllocResult failure;
      guint64 got = ma_machine_process_grow (m, l->pid, want, &failure);

      if (got < want && ma_machine_get_process (m, (guint) index, &info) && info.alive)
        set_status (l, _("page faults are failing"));
    }
  if (l->spec.touch > 0 && ma_machine_get_process (m, (guint) index, &info) && info.alive)
    ma_machine_process_access (m, l->pid, (guint64) (l->spec.touch * info.heap));
  if (ma_machine_get_process (m, (guint) index, &info))
    {
      if (!info.alive)
        {
          l->running = FALSE;
          set_status (l, _("killed by the OOM killer"));
        }
      else
        set_status (l, _("%" PRIu64 " pages in memory, %" PRIu64 " in swap"),
                    info.rss, info.swap);
    }
}

static void
run_file (MaSimulation *self,
          Load         *l)
{
  MaMachine *m = self->machine;
  guint64 n;

  if (l->file == 0)
    l->file = ma_machine_open_file (m, l->spec.name, MAX (l->spec.size, 1));
  n = MIN (l->spec.rate, l->spec.size - l->position);
  ma_machine_file_read (m, l->file, l->position, n, l->spec.write, NULL);
  l->position += n;
  if (l->position >= l->spec.size)
    {
      l->position = 0;
      l->pass++;
      if (l->spec.passes > 0 && l->pass >= l->spec.passes)
        {
          l->running = FALSE;
          set_status (l, _("read %" PRIu64 " times"), l->pass);
          return;
        }
    }
  set_status (l, _("pass %" PRIu64 ", page %" PRIu64 " of %" PRIu64),
              l->pass + 1, l->position, l->spec.size);
}

static void
free_held (MaSimulation *self,
           Load         *l,
           guint         i)
{
  guint64 e = g_array_index (l->held, guint64, i);

  ma_machine_free_block (self->machine, e >> 4, e & 0xf);
  g_array_remove_index_fast (l->held, i);
  if (l->born)
    g_array_remove_index_fast (l->born, i);
}

static gboolean
alloc_held (MaSimulation *self,
            Load         *l,
            MaGfp         gfp,
            guint         order)
{
  MaAllocRequest req = { .gfp = gfp, .order = order, .node = l->spec.node, .start_zone = -1 };
  guint64 pfn;

  if (!ma_machine_alloc (self->machine, &req, &pfn, NULL))
    return FALSE;
  pfn = (pfn << 4) | order;
  g_array_append_val (l->held, pfn);
  if (l->born)
    g_array_append_val (l->born, self->tick);
  return TRUE;
}

static void
run_atomic (MaSimulation *self,
            Load         *l)
{
  guint64 failed = 0;

  if (l->held == NULL)
    {
      l->held = g_array_new (FALSE, FALSE, sizeof (guint64));
      l->born = g_array_new (FALSE, FALSE, sizeof (guint64));
    }
  /* the oldest blocks are done with */
  for (guint i = l->held->len; i-- > 0;)
    if (g_array_index (l->born, guint64, i) + l->spec.lifetime <= self->tick)
      free_held (self, l, i);
  for (guint64 i = 0; i < l->spec.rate; i++)
    if (!alloc_held (self, l, MA_GFP_ATOMIC, l->spec.order))
      failed++;
  set_status (l, _("%u blocks held, %" PRIu64 " failed this tick"), l->held->len, failed);
}

static void
run_fragment (MaSimulation *self,
              Load         *l)
{
  MaMachine *m = self->machine;

  if (l->held == NULL)
    l->held = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (self->tick - l->started < l->spec.churn_ticks)
    {
      /* churn: single unmovable pages allocated and freed at random, scattering them */
      for (guint64 i = 0; i < l->spec.rate; i++)
        {
          if (l->held->len >= MAX (l->spec.limit, 1) || (l->held->len > 0 && ma_machine_random_below (m, 3) == 0))
            free_held (self, l, (guint) ma_machine_random_below (m, l->held->len));
          alloc_held (self, l, MA_GFP_KERNEL, 0);
        }
      set_status (l, _("churning: %u single pages held"), l->held->len);
      return;
    }
  {
    guint64 ok = 0;

    for (guint64 i = 0; i < l->spec.rate; i++)
      if (alloc_held (self, l, MA_GFP_HIGHUSER_MOVABLE | MA___GFP_NORETRY, l->spec.order))
        ok++;
    set_status (l, _("order-%u requests: %" PRIu64 " of %" PRIu64 " succeeded this tick"),
                l->spec.order, ok, l->spec.rate);
  }
}

static void
run_slab (MaSimulation *self,
          Load         *l)
{
  guint64 want = l->spec.rate;

  if (l->spec.limit > 0)
    want = l->position >= l->spec.limit ? 0 : MIN (want, l->spec.limit - l->position);
  l->position += ma_machine_slab_grow (self->machine, l->spec.reclaimable, want, NULL);
  set_status (l, _("%" PRIu64 " slab pages allocated"), l->position);
}

/*
 * kmap: tasks that each allocate a page (GFP_HIGHUSER: HighMem while it lasts), kmap() it and
 * hold the mapping for `lifetime` ticks, `rate` new tasks a tick, `limit` tasks at most. When
 * every PKMAP slot is busy a new task sleeps on the wait queue until a kunmap() wakes it. held[i]
 * is a task's page, which is also its name on the wait queue; born[i] the tick it got its
 * mapping, or KMAP_WAITING. `file` is the owner id of the tasks' pages.
 *
 * Besides, each tick every CPU runs a short nest of kmap_atomic() (kmap_local_page() on 5.11
 * and later) over pages the tasks hold, released at the next tick innermost first.
 */
#define KMAP_WAITING G_MAXUINT64

static void
kmap_release_atomic (MaSimulation *self,
                     Load         *l)
{
  while (l->atomic != NULL && l->atomic->len > 0)
    {
      guint64 e = g_array_index (l->atomic, guint64, l->atomic->len - 1);

      /* fails only when someone nested on top of ours: try again next tick */
      if (!ma_highmem_kunmap_atomic (self->machine, (guint) (e >> 32), e & 0xffffffff, NULL))
        break;
      g_array_set_size (l->atomic, l->atomic->len - 1);
    }
}

/* The task at i is done: its kmap (or its wait) ends and its page goes back. */
static void
kmap_end_task (MaSimulation *self,
               Load         *l,
               guint         i)
{
  MaMachine *m = self->machine;
  guint64 pfn = g_array_index (l->held, guint64, i);

  if (ma_highmem_task_is_waiting (m, pfn))
    ma_highmem_cancel_wait (m, pfn);
  else
    ma_highmem_kunmap (m, pfn, NULL);
  /* someone else may still use the page through a kmap of their own: then it stays allocated */
  if (ma_highmem_check_free (m, pfn, 0, NULL))
    ma_machine_free_block (m, pfn, 0);
  g_array_remove_index_fast (l->held, i);
  g_array_remove_index_fast (l->born, i);
}

static void
run_kmap (MaSimulation *self,
          Load         *l)
{
  MaMachine *m = self->machine;
  g_autoptr(GHashTable) waiting = g_hash_table_new (g_direct_hash, g_direct_equal);
  const MaKmapWaiter *waiters;
  guint n_waiters, n_waiting = 0;
  guint64 failed = 0;
  MaPkmapStats stats;

  if (!ma_highmem_is_supported (m))
    {
      l->running = FALSE;
      set_status (l, _("not supported on this machine"));
      return;
    }
  if (l->held == NULL)
    {
      l->held = g_array_new (FALSE, FALSE, sizeof (guint64));
      l->born = g_array_new (FALSE, FALSE, sizeof (guint64));
      l->atomic = g_array_new (FALSE, FALSE, sizeof (guint64));
    }
  if (l->file == 0)
    {
      l->file = ma_machine_add_owner (m, MA_OWNER_KERNEL, l->spec.name, -1);
      if (l->file == 0)
        l->file = MA_OWNER_KERNEL;
    }

  kmap_release_atomic (self, l);

  /* tasks whose time is up kunmap, which wakes the sleepers once a slot has no users left */
  for (guint i = l->held->len; i-- > 0;)
    {
      guint64 born = g_array_index (l->born, guint64, i);

      if (born != KMAP_WAITING && born + l->spec.lifetime <= self->tick)
        kmap_end_task (self, l, i);
    }

  for (guint64 r = 0; r < l->spec.rate && (l->spec.limit == 0 || l->held->len < l->spec.limit); r++)
    {
      MaAllocRequest req = { .gfp = MA_GFP_HIGHUSER, .order = 0, .node = l->spec.node,
                             .start_zone = -1, .owner = l->file };
      MaKmapResult result;
      guint64 pfn, born;

      if (!ma_machine_alloc (m, &req, &pfn, NULL))
        {
          failed++;
          break;
        }
      if (!ma_highmem_kmap (m, pfn, pfn, &result, NULL, NULL))
        {
          ma_machine_free_block (m, pfn, 0);
          failed++;
          continue;
        }
      born = result == MA_KMAP_WAITING ? KMAP_WAITING : self->tick;
      g_array_append_val (l->held, pfn);
      g_array_append_val (l->born, born);
    }

  /* the tasks a kunmap woke hold their mapping from now */
  waiters = ma_highmem_get_waiters (m, &n_waiters);
  for (guint i = 0; i < n_waiters; i++)
    g_hash_table_add (waiting, GSIZE_TO_POINTER ((gsize) waiters[i].task));
  for (guint i = 0; i < l->held->len; i++)
    {
      guint64 *born = &g_array_index (l->born, guint64, i);

      if (*born != KMAP_WAITING)
        continue;
      if (g_hash_table_contains (waiting,
                                 GSIZE_TO_POINTER ((gsize) g_array_index (l->held, guint64, i))))
        n_waiting++;
      else
        *born = self->tick;
    }

  if (l->atomic->len == 0 && l->held->len > 0)
    for (guint cpu = 0; cpu < ma_machine_get_n_cpus (m); cpu++)
      {
        guint depth = 1 + (guint) ma_machine_random_below (m, 3);

        for (guint d = 0; d < depth; d++)
          {
            guint i = (guint) ma_machine_random_below (m, l->held->len);
            guint64 pfn = g_array_index (l->held, guint64, i);
            guint64 vaddr, e;

            if (!ma_highmem_kmap_atomic (m, cpu, pfn, &vaddr, NULL))
              break;
            e = (guint64) cpu << 32 | vaddr;
            g_array_append_val (l->atomic, e);
          }
      }

  ma_highmem_get_pkmap_stats (m, &stats);
  if (failed > 0)
    set_status (l, _("%u pages kmapped, %u tasks waiting for a pkmap slot (%u of %u slots busy); "
                     "%" PRIu64 " pages could not be allocated"),
                l->held->len - n_waiting, n_waiting, stats.in_use, stats.slots, failed);
  else
    set_status (l, _("%u pages kmapped, %u tasks waiting for a pkmap slot (%u of %u slots busy)"),
                l->held->len - n_waiting, n_waiting, stats.in_use, stats.slots);
}

static void
stop_kmap (MaSimulation *self,
           Load         *l)
{
  kmap_release_atomic (self, l);
  /* the sleepers first, so that the kunmaps below wake none of them */
  for (guint i = 0; l->held != NULL && i < l->held->len; i++)
    if (g_array_index (l->born, guint64, i) == KMAP_WAITING)
      ma_highmem_cancel_wait (self->machine, g_array_index (l->held, guint64, i));
  while (l->held != NULL && l->held->len > 0)
    kmap_end_task (self, l, l->held->len - 1);
  set_status (l, _("stopped; its tasks kunmapped and freed their pages"));
}

static void
run_load (MaSimulation *self,
          Load         *l)
{
  switch (l->spec.kind)
    {
    case MA_LOAD_HEAP:
      run_heap (self, l);
      break;
    case MA_LOAD_FILE:
      run_file (self, l);
      break;
    case MA_LOAD_ATOMIC:
      run_atomic (self, l);
      break;
    case MA_LOAD_FRAGMENT:
      run_fragment (self, l);
      break;
    case MA_LOAD_SLAB:
      run_slab (self, l);
      break;
    case MA_LOAD_KMAP:
      run_kmap (self, l);
      break;
    case MA_N_LOAD_KINDS:
    default:
      l->running = FALSE;
      set_status (l, _("not supported on this machine"));
      break;
    }
}

static void
stop_load (MaSimulation *self,
           Load         *l)
{
  MaMachine *m = self->machine;

  if (!l->running)
    return;
  l->running = FALSE;
  switch (l->spec.kind)
    {
    case MA_LOAD_HEAP:
      ma_machine_process_exit (m, l->pid);
      set_status (l, _("exited"));
      break;
    case MA_LOAD_ATOMIC:
    case MA_LOAD_FRAGMENT:
      while (l->held && l->held->len > 0)
        free_held (self, l, l->held->len - 1);
      set_status (l, _("stopped; its blocks were freed"));
      break;
    case MA_LOAD_KMAP:
      stop_kmap (self, l);
      break;
    case MA_LOAD_FILE:
    case MA_LOAD_SLAB:
    case MA_N_LOAD_KINDS:
    default:
      /* cached pages and slab stay until reclaim takes them */
      set_status (l, _("stopped"));
      break;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Ticks */

static void
apply_action (MaSimulation *self,
              const Action *a)
{
  switch (a->kind)
    {
    case ACT_START:
      {
        Load l = { 0, };

        if (find_load (self, a->spec.name) != NULL)
          return;
        l.spec = a->spec;
        l.spec.name = g_strdup (a->spec.name);
        l.running = TRUE;
        l.started = self->tick;
        l.status = g_strdup (_("starting"));
        g_array_append_val (self->loads, l);
        break;
      }
    case ACT_STOP:
      {
        Load *l = find_load (self, a->name);

        if (l)
          stop_load (self, l);
        break;
      }
    case ACT_SWAP:
      ma_machine_set_swap (self->machine, a->pages);
      break;
    case ACT_ALLOC:
      ma_machine_alloc (self->machine, &a->request, NULL, NULL);
      break;
    case ACT_FREE:
      ma_machine_free (self->machine, a->pfn, NULL);
      break;
    case ACT_SYSCTL:
      {
        guint64 v = 0;

        if (!g_ascii_string_to_unsigned (a->value, 10, 0, G_MAXINT32, &v, NULL))
          return;
        if (g_str_equal (a->name, "min_free_kbytes"))
          ma_machine_set_min_free_kbytes (self->machine, v, NULL);
        else if (g_str_equal (a->name, "watermark_scale_factor"))
          ma_machine_set_watermark_scale_factor (self->machine, (guint) v, NULL);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
record_tick (MaSimulation *self)
{
  MaEventRing *ring = self->machine->events;
  gboolean direct = FALSE, compaction = FALSE, oom = FALSE;
  guint offset = self->samples->len;
  const MaEvent *e;

  /* notable events of this tick, from the ring that bursts cannot overwrite */
  self->events += ma_event_ring_next_seq (ring) - self->event_seq;
  while (ma_event_ring_read_notable (ring, &self->notable_index, &e))
    {
      MaTimelineEntry t = { 0, };

      switch (e->type)
        {
        case MA_EVENT_KSWAPD_WAKE:
        case MA_EVENT_KSWAPD_SLEEP:
          t.value = e->type == MA_EVENT_KSWAPD_WAKE ? e->order : e->aux;
          break;
        case MA_EVENT_DIRECT_RECLAIM_BEGIN:
          direct = TRUE;
          continue;
        case MA_EVENT_DIRECT_RECLAIM_END:
          direct = TRUE;
          t.value = e->aux;
          break;
        case MA_EVENT_COMPACTION_END:
          compaction = TRUE;
          t.value = e->aux;
          break;
        case MA_EVENT_OOM_KILL:
          oom = TRUE;
          t.value = e->aux;
          break;
        default:
          continue;
        }
      t.tick = self->tick;
      t.type = e->type;
      t.node = e->node;
      t.zone_index = 0;
      for (guint z = 0; z < self->zones->len; z++)
        {
          MaZone *zone = g_ptr_array_index (self->zones, z);

          if (ma_node_get_index (ma_zone_get_node (zone)) == e->node
              && ma_zone_get_index (zone) == e->zone_idx)
            t.zone_index = z;
        }
      t.sample_offset = offset;
      /* merge consecutive direct reclaims of one tick into one entry */
      if (t.type == MA_EVENT_DIRECT_RECLAIM_END && self->timeline->len > 0)
        {
          MaTimelineEntry *last = &g_array_index (self->timeline, MaTimelineEntry,
                                                  self->timeline->len - 1);

          if (last->type == t.type && last->tick == t.tick && last->node == t.node)
            {
              last->value += t.value;
              continue;
            }
        }
      g_array_append_val (self->timeline, t);
    }
  self->event_seq = ma_event_ring_next_seq (ring);

  for (guint z = 0; z < self->zones->len; z++)
    {
      MaZone *zone = g_ptr_array_index (self->zones, z);
      MaZoneSample s = { 0, };

      s.free = ma_zone_get_free_pages (zone);
      s.min = ma_zone_get_watermark (zone, MA_WMARK_MIN);
      s.low = ma_zone_get_watermark (zone, MA_WMARK_LOW);
      s.high = ma_zone_get_watermark (zone, MA_WMARK_HIGH);
      s.boost = ma_zone_get_boost (zone);
      for (guint k = 0; k < ma_machine_get_nr_orders (self->machine); k++)
        s.nr_free[k] = ma_zone_get_nr_free (zone, k);
      s.kswapd = ma_node_is_kswapd_running (ma_zone_get_node (zone));
      s.direct_reclaim = direct;
      s.compaction = compaction;
      s.oom = oom;
      g_array_append_val (self->samples, s);
    }
}

/* One tick. Records it when it is new history. */
static void
tick_once (MaSimulation *self)
{
  MaMachine *m = self->machine;

  for (guint i = 0; i < self->actions->len; i++)
    {
      Action *a = &g_array_index (self->actions, Action, i);

      if (a->tick != self->tick)
        continue;
      if (a->applied)
        a->applied = FALSE;   /* it happened when the user clicked; replays do it here */
      else
        apply_action (self, a);
    }
  for (guint i = 0; i < self->loads->len; i++)
    {
      Load *l = &g_array_index (self->loads, Load, i);

      if (l->running)
        run_load (self, l);
    }
  for (guint n = 0; n < m->n_nodes; n++)
    ma_machine_kswapd_step (m, n, self->kswapd_rate, NULL);
  ma_machine_writeback_complete (m, self->writeback_rate);

  if (self->tick == self->end)
    {
      record_tick (self);
      self->end++;
    }
  else
    {
      self->event_seq = ma_event_ring_next_seq (m->events);
      self->notable_index = ma_event_ring_next_notable (m->events);
    }
  self->tick++;
  if (self->tick % self->checkpoint_every == 0 && self->tick >= self->end)
    {
      const Checkpoint *last = g_ptr_array_index (self->checkpoints, self->checkpoints->len - 1);

      if (last->tick < self->tick)
        take_checkpoint (self);
    }
}

/**
 * ma_simulation_step:
 * @ticks: how many ticks to run
 */
void
ma_simulation_step (MaSimulation *self,
                    guint64       ticks)
{
  g_return_if_fail (MA_IS_SIMULATION (self));

  if (self->recorder)
    return;
  ensure_first_checkpoint (self);
  for (guint64 i = 0; i < ticks; i++)
    tick_once (self);
}

/* What the user did between the end of the previous tick and now (allocations, frees, stops,
 * swap) took effect when they did it, before the tick ran: a seek that lands here does it
 * again, so that the machine is the one they saw. Allocations and frees are marked done, so
 * that the tick does not do them twice; a stop or a swap size done twice is done once. */
static void
apply_clicks (MaSimulation *self)
{
  for (guint i = 0; i < self->actions->len; i++)
    {
      Action *a = &g_array_index (self->actions, Action, i);

      if (a->tick != self->tick || a->applied || a->kind == ACT_START || a->kind == ACT_SYSCTL)
        continue;
      apply_action (self, a);
      a->applied = a->kind == ACT_ALLOC || a->kind == ACT_FREE;
    }
}

/**
 * ma_simulation_seek:
 * @tick: a tick of the recorded history (0 … end)
 *
 * Puts the machine back in the state it had at the start of @tick: restores the last checkpoint
 * before it and replays. Moving forward within the recorded history replays too.
 */
gboolean
ma_simulation_seek (MaSimulation *self,
                    guint64       tick)
{
  Checkpoint *best = NULL;

  g_return_val_if_fail (MA_IS_SIMULATION (self), FALSE);

  if (tick > self->end)
    return FALSE;
  if (tick == self->tick)
    return TRUE;
  if (self->recorder)
    return FALSE;
  ensure_first_checkpoint (self);
  if (tick < self->tick)
    {
      for (guint i = 0; i < self->checkpoints->len; i++)
        {
          Checkpoint *c = g_ptr_array_index (self->checkpoints, i);

          if (c->tick <= tick)
            best = c;
        }
      g_assert (best != NULL);
      ma_machine_restore_checkpoint (self->machine, best->machine);
      /* from the checkpoint on, every action is to be done again */
      for (guint i = 0; i < self->actions->len; i++)
        if (g_array_index (self->actions, Action, i).tick >= best->tick)
          g_array_index (self->actions, Action, i).applied = FALSE;
      g_array_unref (self->loads);
      self->loads = loads_copy (best->loads);
      self->tick = best->tick;
      self->event_seq = ma_event_ring_next_seq (self->machine->events);
      self->notable_index = ma_event_ring_next_notable (self->machine->events);
    }
  while (self->tick < tick)
    tick_once (self);
  apply_clicks (self);
  return TRUE;
}

/* An action taken now: the future after now is discarded, since it no longer follows. */
static void
add_action (MaSimulation *self,
            Action       *a)
{
  a->tick = self->tick;
  if (self->end > self->tick)
    {
      self->end = self->tick;
      g_array_set_size (self->samples, self->end * self->zones->len);
      while (self->timeline->len > 0
             && g_array_index (self->timeline, MaTimelineEntry, self->timeline->len - 1).tick >= self->end)
        g_array_set_size (self->timeline, self->timeline->len - 1);
      for (guint i = self->checkpoints->len; i-- > 1;)
        if (((Checkpoint *) g_ptr_array_index (self->checkpoints, i))->tick > self->tick)
          g_ptr_array_remove_index (self->checkpoints, i);
    }
  /* later actions (from a scenario) stay; keep the list sorted by tick */
  {
    guint pos = self->actions->len;

    while (pos > 0 && g_array_index (self->actions, Action, pos - 1).tick > a->tick)
      pos--;
    g_array_insert_val (self->actions, pos, *a);
  }
  /* it applies to the current tick, which has not run yet */
}

static gboolean
check_spec (MaSimulation      *self,
            const MaLoadSpec  *spec,
            GError           **error)
{
  if (spec->name == NULL || *spec->name == '\0')
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID, _("A load needs a name"));
      return FALSE;
    }
  if (spec->kind >= MA_N_LOAD_KINDS)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID, _("Unknown kind of load"));
      return FALSE;
    }
  if (spec->node >= (gint) ma_machine_get_n_nodes (self->machine) || spec->node < -1)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID,
                   _("Load “%s”: node %d does not exist"), spec->name, spec->node);
      return FALSE;
    }
  if (spec->order >= ma_machine_get_nr_orders (self->machine))
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID,
                   _("Load “%s”: order %u does not exist on this machine"), spec->name, spec->order);
      return FALSE;
    }
  if (spec->kind == MA_LOAD_FILE && spec->size == 0)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID,
                   _("Load “%s”: a file needs a size"), spec->name);
      return FALSE;
    }
  if (spec->oom_score_adj < -1000 || spec->oom_score_adj > 1000 || spec->touch < 0 || spec->touch > 1)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID,
                   _("Load “%s”: oom_score_adj must be -1000 to 1000 and touch 0 to 1"), spec->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ma_simulation_start_load (MaSimulation      *self,
                          const MaLoadSpec  *spec,
                          GError           **error)
{
  Action a = { 0, };
  Load *existing;

  g_return_val_if_fail (MA_IS_SIMULATION (self), FALSE);

  if (self->recorder)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID,
                   _("This is a recording of a real machine: loads run only on simulated machines"));
      return FALSE;
    }
  if (!check_spec (self, spec, error))
    return FALSE;
  existing = find_load (self, spec->name);
  if (existing != NULL && existing->running)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_INVALID,
                   _("A load called “%s” is already running"), spec->name);
      return FALSE;
    }
  a.kind = ACT_START;
  a.spec = *spec;
  a.spec.name = g_strdup (spec->name);
  add_action (self, &a);
  return TRUE;
}

gboolean
ma_simulation_stop_load (MaSimulation *self,
                         const char   *name)
{
  Action a = { 0, };
  Load *l = find_load (self, name);

  if (l == NULL || !l->running)
    return FALSE;
  a.kind = ACT_STOP;
  a.name = g_strdup (name);
  add_action (self, &a);
  /* stop now: the user expects the load to be gone, not at the next tick */
  stop_load (self, l);
  return TRUE;
}

void
ma_simulation_set_swap (MaSimulation *self,
                        guint64       pages)
{
  Action a = { 0, };

  a.kind = ACT_SWAP;
  a.pages = pages;
  add_action (self, &a);
  ma_machine_set_swap (self->machine, pages);
}

/**
 * ma_simulation_alloc:
 *
 * An allocation the user makes now, between two ticks: done at once, and recorded so that
 * scrubbing back and playing again does it again at the same point. Whatever was recorded after
 * now is discarded, since it no longer follows.
 */
gboolean
ma_simulation_alloc (MaSimulation         *self,
                     const MaAllocRequest *request,
                     guint64              *out_pfn,
                     MaAllocResult        *out_result)
{
  Action a = { 0, };
  gboolean ok;

  g_return_val_if_fail (MA_IS_SIMULATION (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  ensure_first_checkpoint (self);
  ok = ma_machine_alloc (self->machine, request, out_pfn, out_result);
  /* recorded even when it failed: a failed allocation still reclaims, compacts, wakes kswapd or
   * kills, and the replay must fail the same way */
  a.kind = ACT_ALLOC;
  a.request = *request;
  a.applied = TRUE;
  add_action (self, &a);
  ma_machine_notify_changed (self->machine);
  return ok;
}

/**
 * ma_simulation_free:
 *
 * Frees the block at @pfn now, recorded like ma_simulation_alloc().
 */
gboolean
ma_simulation_free (MaSimulation  *self,
                    guint64        pfn,
                    GError       **error)
{
  Action a = { 0, };

  g_return_val_if_fail (MA_IS_SIMULATION (self), FALSE);

  ensure_first_checkpoint (self);
  if (!ma_machine_free (self->machine, pfn, error))
    return FALSE;
  a.kind = ACT_FREE;
  a.pfn = pfn;
  a.applied = TRUE;
  add_action (self, &a);
  ma_machine_notify_changed (self->machine);
  return TRUE;
}

guint
ma_simulation_get_n_loads (MaSimulation *self)
{
  return self->loads->len;
}

const MaLoadSpec *
ma_simulation_get_load (MaSimulation  *self,
                        guint          index,
                        gboolean      *out_running,
                        char         **out_status)
{
  const Load *l;

  g_return_val_if_fail (index < self->loads->len, NULL);
  l = &g_array_index (self->loads, Load, index);
  if (out_running)
    *out_running = l->running;
  if (out_status)
    *out_status = g_strdup (l->status);
  return &l->spec;
}

/* ------------------------------------------------------------------------------------------ */
/* Scenario files
 *
 *   { "format": "memory-atlas-scenario", "version": 1,
 *     "name": "leak-oom", "title": "…", "description": "…",
 *     "preset": "x86_64-16g", "seed": 1, "ticks": 2000, "tick_ms": 10, "swap": "0",
 *     "kswapd_pages_per_tick": 4096, "writeback_pages_per_tick": 2048,
 *     "events": [ { "at": 0, "start": { "name": "browser", "type": "heap", "rate": "16M",
 *                                        "limit": "4G", "touch": 0.02, "oom_score_adj": 0 } },
 *                 { "at": 800, "stop": "browser" },
 *                 { "at": 100, "sysctl": { "name": "min_free_kbytes", "value": "131072" } },
 *                 { "at": 50, "swap": "2G" } ] }
 *
 * Sizes are pages as numbers, or bytes as strings with a K/M/G/T suffix.
 */

#define SCENARIO_FORMAT "memory-atlas-scenario"

static gboolean
json_size (JsonObject  *o,
           const char  *member,
           guint        page_shift,
           guint64     *out,
           GError     **error)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
      && json_node_get_int (n) >= 0)
    {
      *out = (guint64) json_node_get_int (n);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (n);
      char *end = NULL;
      guint64 v = g_ascii_strtoull (s, &end, 10), mult = 1;

      if (end != s)
        {
          switch (g_ascii_toupper (*end))
            {
            case 'K': mult = G_GUINT64_CONSTANT (1) << 10; end++; break;
            case 'M': mult = G_GUINT64_CONSTANT (1) << 20; end++; break;
            case 'G': mult = G_GUINT64_CONSTANT (1) << 30; end++; break;
            case 'T': mult = G_GUINT64_CONSTANT (1) << 40; end++; break;
            default: break;
            }
          if (g_ascii_toupper (*end) == 'I')
            end++;
          if (g_ascii_toupper (*end) == 'B')
            end++;
          if (*end == '\0' && (v == 0 || mult <= G_MAXUINT64 / v))
            {
              *out = (v * mult) >> page_shift;
              return TRUE;
            }
        }
    }
  g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_PARSE,
               _("“%s”: expected a number of pages or a size such as \"64M\""), member);
  return FALSE;
}

static gboolean
json_int (JsonObject  *o,
          const char  *member,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
      || json_node_get_int (n) < min || json_node_get_int (n) > max)
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_PARSE,
                   _("“%s”: expected a whole number from %" PRId64 " to %" PRId64),
                   member, min, max);
      return FALSE;
    }
  *out = json_node_get_int (n);
  return TRUE;
}

static const char *
json_str (JsonObject *o,
          const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static gboolean
parse_load (JsonObject  *o,
            MaMachine   *m,
            MaLoadSpec  *spec,
            GError     **error)
{
  guint shift = ma_machine_get_page_shift (m);
  const char *type = json_str (o, "type"), *name = json_str (o, "name");
  JsonNode *n;
  gint64 v;

  memset (spec, 0, sizeof *spec);
  spec->node = -1;
  spec->lifetime = 10;
  if (name == NULL || type == NULL || !ma_load_kind_from_name (type, &spec->kind))
    {
      g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_PARSE,
                   _("a load needs a “name” and a “type” (heap, file, atomic, fragment, slab, "
                     "kmap)"));
      return FALSE;
    }
  spec->name = g_strdup (name);
  if (!json_size (o, "rate", shift, &spec->rate, error) || !json_size (o, "limit", shift, &spec->limit, error)
      || !json_size (o, "size", shift, &spec->size, error))
    return FALSE;
  v = -1;
  if (!json_int (o, "node", -1, MA_MAX_NODES - 1, &v, error))
    return FALSE;
  spec->node = (gint) v;
  v = 0;
  if (!json_int (o, "oom_score_adj", -1000, 1000, &v, error))
    return FALSE;
  spec->oom_score_adj = (gint) v;
  v = 0;
  if (!json_int (o, "order", 0, MA_MAX_ORDERS - 1, &v, error))
    return FALSE;
  spec->order = (guint) v;
  v = (gint64) spec->lifetime;
  if (!json_int (o, "lifetime", 1, G_MAXINT32, &v, error))
    return FALSE;
  spec->lifetime = (guint64) v;
  v = 0;
  if (!json_int (o, "passes", 0, G_MAXINT32, &v, error))
    return FALSE;
  spec->passes = (guint) v;
  v = 0;
  if (!json_int (o, "churn_ticks", 0, G_MAXINT32, &v, error))
    return FALSE;
  spec->churn_ticks = (guint64) v;
  if ((n = json_object_get_member (o, "touch")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (n) || (json_node_get_value_type (n) != G_TYPE_DOUBLE
                                         && json_node_get_value_type (n) != G_TYPE_INT64))
        {
          g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_PARSE,
                       _("“touch”: expected a share from 0 to 1"));
          return FALSE;
        }
      spec->touch = json_node_get_double (n);
    }
  if ((n = json_object_get_member (o, "write")) != NULL && JSON_NODE_HOLDS_VALUE (n))
    spec->write = json_node_get_boolean (n);
  if ((n = json_object_get_member (o, "reclaimable")) != NULL && JSON_NODE_HOLDS_VALUE (n))
    spec->reclaimable = json_node_get_boolean (n);
  return TRUE;
}

#define SCENARIO_FAIL(...) \
  G_STMT_START { \
    g_set_error (error, MA_SCENARIO_ERROR, MA_SCENARIO_ERROR_PARSE, __VA_ARGS__); \
    return NULL; \
  } G_STMT_END

/**
 * ma_simulation_new_from_scenario:
 * @preset_override: (nullable): a preset to use instead of the scenario's
 *
 * Builds the scenario's machine and a simulation with its timed actions.
 */
MaSimulation *
ma_simulation_new_from_scenario (const char  *json,
                                 gssize       length,
                                 const char  *source_name,
                                 const char  *preset_override,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MaMachineSpec) spec = NULL;
  g_autoptr(MaMachine) machine = NULL;
  g_autoptr(MaSimulation) self = NULL;
  JsonObject *root;
  JsonNode *events;
  const char *format, *preset;
  gint64 v;
  guint64 swap = 0;

  if (!ma_json_parser_load (parser, json, length, &local_error))
    SCENARIO_FAIL (_("%s is not a scenario: %s"), source_name, local_error->message);
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    SCENARIO_FAIL (_("%s is not a scenario: expected a JSON object"), source_name);
  if (!ma_json_node_is_utf8 (json_parser_get_root (parser)))
    SCENARIO_FAIL (_("%s is not a scenario: a text in it is not valid UTF-8"), source_name);
  root = json_node_get_object (json_parser_get_root (parser));
  format = json_str (root, "format");
  if (format == NULL || !g_str_equal (format, SCENARIO_FORMAT))
    SCENARIO_FAIL (_("%s is not a scenario (its “format” is not “%s”)"), source_name, SCENARIO_FORMAT);
  v = 1;
  if (!json_int (root, "version", 1, 1, &v, &local_error))
    SCENARIO_FAIL (_("%s: this version of Memory Atlas reads scenario format version 1"), source_name);

  preset = preset_override ? preset_override : json_str (root, "preset");
  spec = ma_presets_load (preset ? preset : "x86_64-16g", error);
  if (spec == NULL)
    return NULL;
  v = 1;
  if (!json_int (root, "seed", 0, G_MAXINT64, &v, &local_error))
    SCENARIO_FAIL ("%s: %s", source_name, local_error->message);
  machine = ma_machine_new (spec, (guint64) v, error);
  if (machine == NULL)
    return NULL;
  self = ma_simulation_new (machine);
  self->title = g_strdup (json_str (root, "title") ? json_str (root, "title") : source_name);
  self->description = g_strdup (json_str (root, "description"));

  v = 0;
  if (!json_int (root, "ticks", 0, 10000000, &v, &local_error))
    SCENARIO_FAIL ("%s: %s", source_name, local_error->message);
  self->duration = (guint64) v;
  v = self->tick_ms;
  if (!json_int (root, "tick_ms", 1, 60000, &v, &local_error))
    SCENARIO_FAIL ("%s: %s", source_name, local_error->message);
  self->tick_ms = (guint) v;
  v = (gint64) self->kswapd_rate;
  if (!json_int (root, "kswapd_pages_per_tick", 1, G_MAXINT32, &v, &local_error))
    SCENARIO_FAIL ("%s: %s", source_name, local_error->message);
  self->kswapd_rate = (guint64) v;
  v = (gint64) self->writeback_rate;
  if (!json_int (root, "writeback_pages_per_tick", 0, G_MAXINT32, &v, &local_error))
    SCENARIO_FAIL ("%s: %s", source_name, local_error->message);
  self->writeback_rate = (guint64) v;
  if (!json_size (root, "swap", ma_machine_get_page_shift (machine), &swap, &local_error))
    SCENARIO_FAIL ("%s: %s", source_name, local_error->message);
  ma_machine_set_swap (machine, swap);

  events = json_object_get_member (root, "events");
  if (events != NULL && !JSON_NODE_HOLDS_ARRAY (events))
    SCENARIO_FAIL (_("%s: “events” must be a list"), source_name);
  for (guint i = 0; events && i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (events), i);
      JsonObject *o;
      Action a = { 0, };
      gint64 at = 0;
      JsonNode *member;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        SCENARIO_FAIL (_("%s: event %u is not an object"), source_name, i + 1);
      o = json_node_get_object (node);
      if (!json_int (o, "at", 0, 10000000, &at, &local_error))
        SCENARIO_FAIL (_("%s: event %u: %s"), source_name, i + 1, local_error->message);
      a.tick = (guint64) at;
      if ((member = json_object_get_member (o, "start")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
        {
          a.kind = ACT_START;
          if (!parse_load (json_node_get_object (member), machine, &a.spec, &local_error)
              || !check_spec (self, &a.spec, &local_error))
            {
              action_clear (&a);
              SCENARIO_FAIL (_("%s: event %u: %s"), source_name, i + 1, local_error->message);
            }
        }
      else if (json_str (o, "stop") != NULL)
        {
          a.kind = ACT_STOP;
          a.name = g_strdup (json_str (o, "stop"));
        }
      else if ((member = json_object_get_member (o, "sysctl")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
        {
          const char *name = json_str (json_node_get_object (member), "name");
          const char *value = json_str (json_node_get_object (member), "value");

          if (name == NULL || value == NULL
              || (!g_str_equal (name, "min_free_kbytes") && !g_str_equal (name, "watermark_scale_factor")))
            SCENARIO_FAIL (_("%s: event %u: a sysctl needs a “name” (min_free_kbytes or "
                             "watermark_scale_factor) and a “value”"), source_name, i + 1);
          a.kind = ACT_SYSCTL;
          a.name = g_strdup (name);
          a.value = g_strdup (value);
        }
      else if (json_object_has_member (o, "swap"))
        {
          a.kind = ACT_SWAP;
          if (!json_size (o, "swap", ma_machine_get_page_shift (machine), &a.pages, &local_error))
            SCENARIO_FAIL (_("%s: event %u: %s"), source_name, i + 1, local_error->message);
        }
      else
        SCENARIO_FAIL (_("%s: event %u must have one of “start”, “stop”, “sysctl”, “swap”"),
                       source_name, i + 1);
      {
        guint pos = self->actions->len;

        while (pos > 0 && g_array_index (self->actions, Action, pos - 1).tick > a.tick)
          pos--;
        g_array_insert_val (self->actions, pos, a);
      }
    }
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------------------------ */
/* Built-in scenarios */

static const char *const builtin_scenarios[] = {
  "heap-growth",
  "file-read",
  "atomic-burst",
  "fragmentation",
  "numa-pinned",
  "leak-oom",
  "kmap-exhaust",
  NULL,
};

const char *const *
ma_scenarios_list (void)
{
  return builtin_scenarios;
}

GBytes *
ma_scenarios_load (const char  *name_or_path,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_strv_contains (builtin_scenarios, name_or_path))
    {
      g_autofree char *path = g_strconcat (RESOURCE_PREFIX "/scenarios/", name_or_path, ".json", NULL);

      return g_resource_lookup_data (ma_engine_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                     error);
    }
  if (!g_file_get_contents (name_or_path, &contents, &len, error))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) builtin_scenarios);

      g_prefix_error (error, _("No built-in scenario is called “%s” (they are %s), and the file "
                               "cannot be read: "), name_or_path, names);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}
