/* ma-machine.c: building a simulated machine and reading it
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creation follows the kernel's boot: zone spans from the zone limits and the node's memory
 * (free_area_init), every pageblock MIGRATE_MOVABLE (memmap_init), the free memory handed to the
 * buddy allocator in ascending order and to the lists' tails (memblock_free_all with
 * FPI_TO_TAIL), then the watermarks, reserves and per-CPU limits (init_per_zone_wmark_min, and
 * khugepaged's recommendation when THP is on). The frame arrays come zeroed from the system
 * allocator, and zero is a free tail, so a 1 TiB machine only writes its free blocks' heads and
 * its reserved frames.
 */
#define G_LOG_DOMAIN "ma-machine"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <sys/mman.h>
#include <glib/gi18n-lib.h>

#include "ma-alloc.h"
#include "ma-frame-array.h"
#include "ma-machine-private.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

G_DEFINE_QUARK (ma-machine-error-quark, ma_machine_error)

G_DEFINE_FINAL_TYPE (MaMachine, ma_machine, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define MAX_UNDO 200

static void
owner_free (gpointer data)
{
  MaOwner *o = data;

  g_free (o->name);
  g_free (o);
}

static void
ma_machine_finalize (GObject *object)
{
  MaMachine *self = (MaMachine *) object;

  g_clear_pointer (&self->journal, ma_journal_free);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  for (guint i = 0; self->nodes && i < self->n_nodes; i++)
    {
      MaNode *node = &self->nodes[i];

      for (guint z = 0; z < node->n_zones; z++)
        {
          g_free (node->zones[z].pcp);
          g_free (node->zones[z].plain_units);
        }
      ma_frame_array_free (node->frames, node->spanned);
      g_free (node->pageblock_mt);
      g_free (node->zonelist);
      g_free (node->zonelist_thisnode);
    }
  g_free (self->nodes);
  g_free (self->cpu_node);
  ma_pressure_clear (self);
  g_clear_pointer (&self->owners, g_ptr_array_unref);
  g_clear_pointer (&self->kmap_virtual, g_hash_table_unref);
  g_clear_pointer (&self->highmem, ma_highmem_free);
  g_clear_pointer (&self->events, ma_event_ring_free);
  g_clear_pointer (&self->spec, ma_machine_spec_free);

  G_OBJECT_CLASS (ma_machine_parent_class)->finalize (object);
}

static void
ma_machine_class_init (MaMachineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ma_machine_finalize;

  /**
   * MaMachine::changed:
   *
   * Emitted after an action, an undo or a redo changed the machine. The events since the last
   * sequence number a view saw say which frames.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ma_machine_init (MaMachine *self)
{
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_journal_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_journal_free);
  self->owners = g_ptr_array_new_with_free_func (owner_free);
  self->kmap_virtual = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* ------------------------------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded through splitmix64, so a seed gives the same run. */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
ma_machine_random (MaMachine *self)
{
  guint64 *s = self->rng;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Lemire's multiply-shift: uniform enough for workloads, and branch-free. */
guint64
ma_machine_random_below (MaMachine *self,
                         guint64    bound)
{
  return (guint64) (((unsigned __int128) ma_machine_random (self) * bound) >> 64);
}

/* ------------------------------------------------------------------------------------------ */
/* Building */

static guint64
ranges_overlap (GArray  *ranges,
                guint64  start,
                guint64  end)
{
  guint64 n = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      const MaPfnRange *r = &g_array_index (ranges, MaPfnRange, i);
      guint64 a = MAX (r->start, start), b = MIN (r->end, end);

      if (a < b)
        n += b - a;
    }
  return n;
}

/* The pfn limits of each configured zone type before clipping to the node. */
static void
zone_limits (const MaMachineSpec *spec,
             guint64             *lo,
             guint64             *hi)
{
  guint64 prev = 0;

  for (guint i = 0; i < spec->n_zone_types; i++)
    {
      MaZoneType t = spec->zone_types[i];

      lo[i] = hi[i] = 0;
      switch (t)
        {
        case MA_ZONE_DMA:
        case MA_ZONE_DMA32:
          lo[i] = prev;
          hi[i] = prev = spec->zone_limit[t];
          break;
        case MA_ZONE_NORMAL:
          lo[i] = prev;
          hi[i] = prev = spec->highmem ? spec->zone_limit[MA_ZONE_NORMAL] : G_MAXUINT64;
          break;
        case MA_ZONE_HIGHMEM:
          lo[i] = prev;
          hi[i] = G_MAXUINT64;
          break;
        case MA_ZONE_MOVABLE:
        case MA_ZONE_DEVICE:
        case MA_N_ZONE_TYPES:
        default:
          break;
        }
    }
}

static void
mark_frames (MaNode       *node,
             guint64       start,
             guint64       end,
             MaFrameState  state,
             guint         owner)
{
  guint32 w0 = ma_frame_pack_word0 (state, 0, 0, state == MA_FRAME_RESERVED ? 1 : 0, 0, 0);
  guint32 w1 = ma_frame_pack_word1 (owner, 0);

  for (guint64 pfn = start; pfn < end; pfn++)
    {
      MaFrame *f = &node->frames[pfn - node->start_pfn];

      f->word0 = w0;
      f->word1 = w1;
      f->next = f->prev = MA_LINK_NONE;
    }
}

static gboolean
build_node (MaMachine  *self,
            guint       index,
            GError    **error)
{
  const MaMachineSpec *spec = self->spec;
  const MaNodeSpec *ns = &spec->nodes[index];
  MaNode *node = &self->nodes[index];
  guint64 lo[MA_N_ZONE_TYPES], hi[MA_N_ZONE_TYPES];
  guint64 first = g_array_index (ns->memory, MaPfnRange, 0).start;
  guint64 last = g_array_index (ns->memory, MaPfnRange, ns->memory->len - 1).end;
  guint64 movable_start = spec->movable_start[index];
  guint64 cursor;

  node->machine = self;
  node->index = index;
  node->id = ns->id;
  node->start_pfn = first;
  node->spanned = last - first;
  node->present = ranges_overlap (ns->memory, first, last);
  node->n_cpus = ns->n_cpus;
  node->n_zones = spec->n_zone_types;
  node->kswapd_highest_zoneidx = 0;

  node->frames = ma_frame_array_new (node->spanned);
  node->first_pageblock = first >> self->pageblock_order;
  node->n_pageblocks = ((last - 1) >> self->pageblock_order) - node->first_pageblock + 1;
  node->pageblock_mt = g_try_malloc (node->n_pageblocks);
  if (node->frames == NULL || node->pageblock_mt == NULL)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NO_MEMORY,
                   _("This computer does not have the memory to simulate node %u: it needs "
                     "%" PRIu64 " MiB for its page frames"),
                   ns->id, node->spanned * sizeof (MaFrame) >> 20);
      return FALSE;
    }
  memset (node->pageblock_mt, MA_MIGRATE_MOVABLE, node->n_pageblocks);
#ifdef MADV_HUGEPAGE
  if (g_getenv ("MA_HUGE"))
    madvise ((gpointer) (((guintptr) node->frames + 0x1fffff) & ~(guintptr) 0x1fffff),
             node->spanned * sizeof (MaFrame) > 0x400000 ? node->spanned * sizeof (MaFrame) - 0x200000 : 0,
             MADV_HUGEPAGE);
#endif

  /* Holes between the node's memory ranges, then reserved frames. */
  cursor = first;
  for (guint i = 0; i < ns->memory->len; i++)
    {
      const MaPfnRange *r = &g_array_index (ns->memory, MaPfnRange, i);

      if (r->start > cursor)
        mark_frames (node, cursor, r->start, MA_FRAME_HOLE, 0);
      cursor = r->end;
    }
  for (guint i = 0; i < ns->reserved->len; i++)
    {
      const MaPfnRange *r = &g_array_index (ns->reserved, MaPfnRange, i);
      mark_frames (node, r->start, r->end, MA_FRAME_RESERVED, MA_OWNER_FIRMWARE);
    }

  zone_limits (spec, lo, hi);
  for (guint z = 0; z < spec->n_zone_types; z++)
    {
      MaZone *zone = &node->zones[z];
      MaZoneType t = spec->zone_types[z];
      guint64 zs, ze;

      zone->node = node;
      zone->type = t;
      zone->zone_idx = z;
      zone->movable_is_highmem = spec->highmem;

      if (t == MA_ZONE_MOVABLE)
        {
          zs = movable_start ? MAX (movable_start, first) : 0;
          ze = movable_start ? last : 0;
        }
      else if (t == MA_ZONE_DEVICE)
        zs = ze = 0;
      else
        {
          zs = MAX (lo[z], first);
          ze = MIN (hi[z], last);
          if (movable_start)
            ze = MIN (ze, MAX (movable_start, first));
        }
      if (ze <= zs)
        zs = ze = 0;

      zone->start_pfn = zs;
      zone->end_pfn = ze;
      zone->spanned = ze - zs;
      zone->present = ranges_overlap (ns->memory, zs, ze);
      zone->managed = zone->present - ranges_overlap (ns->reserved, zs, ze);
      zone->node_offset = zs > first ? zs - first : 0;
      zone->pcp = g_new0 (MaPcp, self->n_cpus);
      for (guint c = 0; c < self->n_cpus; c++)
        for (guint l = 0; l < MA_MIGRATE_PCPTYPES; l++)
          zone->pcp[c].head[l] = zone->pcp[c].tail[l] = MA_LINK_NONE;
      for (guint k = 0; k < MA_MAX_ORDERS; k++)
        for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
          zone->free_list[k][mt].head = zone->free_list[k][mt].tail = MA_LINK_NONE;
      self->have_zone_type[t] = TRUE;
    }
  return TRUE;
}

/* Frees [start, end) in the largest aligned blocks it holds, as __free_pages_memory() does. */
static void
free_range (MaZone  *zone,
            guint64  start,
            guint64  end)
{
  MaMachine *m = zone->node->machine;

  while (start < end)
    {
      guint order = start == 0 ? m->max_order
                               : MIN (m->max_order, (guint) __builtin_ctzll (start));

      while (start + ((guint64) 1 << order) > end)
        order--;
      if (order == m->max_order)
        ma_buddy_add_virgin (zone, start);
      else
        ma_buddy_free_one (zone, start, order, MA_MIGRATE_MOVABLE, TRUE);
      start += (guint64) 1 << order;
    }
}

/* memblock_free_all(): the free memory of each zone, in ascending order, to the lists' tails. */
static void
free_boot_memory (MaMachine *self,
                  guint      index)
{
  const MaNodeSpec *ns = &self->spec->nodes[index];
  MaNode *node = &self->nodes[index];

  for (guint z = 0; z < node->n_zones; z++)
    {
      MaZone *zone = &node->zones[z];

      if (zone->managed == 0)
        continue;
      for (guint i = 0; i < ns->memory->len; i++)
        {
          const MaPfnRange *r = &g_array_index (ns->memory, MaPfnRange, i);
          guint64 cursor = MAX (r->start, zone->start_pfn), end = MIN (r->end, zone->end_pfn);

          /* The memory range minus the reserved ranges (sorted and disjoint). */
          for (guint j = 0; j < ns->reserved->len && cursor < end; j++)
            {
              const MaPfnRange *res = &g_array_index (ns->reserved, MaPfnRange, j);

              if (res->end <= cursor || res->start >= end)
                continue;
              if (res->start > cursor)
                free_range (zone, cursor, res->start);
              cursor = MAX (cursor, res->end);
            }
          if (cursor < end)
            free_range (zone, cursor, end);
        }
    }
}

static void
add_owner (MaMachine   *self,
           MaOwnerKind  kind,
           const char  *name,
           gint         pid)
{
  MaOwner *o = g_new0 (MaOwner, 1);

  o->id = self->owners->len;
  o->kind = kind;
  o->name = g_strdup (name);
  o->pid = pid;
  g_ptr_array_add (self->owners, o);
}

static guint64
size_basis (MaMachine *self,
            MaZone    *zone)
{
  return ma_rules_uses_managed_pages (self->kernel) ? zone->managed : zone->present;
}

static guint
collect_rules_zones (MaMachine   *self,
                     MaRulesZone *out)
{
  guint n = 0;

  for (guint i = 0; i < self->n_nodes; i++)
    for (guint z = 0; z < self->nodes[i].n_zones; z++)
      {
        MaZone *zone = &self->nodes[i].zones[z];

        out[n].type = zone->type;
        out[n].node = self->nodes[i].id;
        out[n].size = size_basis (self, zone);
        out[n].movable_is_highmem = zone->movable_is_highmem;
        n++;
      }
  return n;
}

void
ma_zone_update_band (MaZone *zone)
{
  gint64 free = zone->nr_free_pages;
  gint64 mn, lo, hi;
  gint level;

  if (G_LIKELY (free >= zone->band_low && free < zone->band_high))
    return;

  mn = (gint64) (zone->wmark[MA_WMARK_MIN] + zone->watermark_boost);
  lo = (gint64) (zone->wmark[MA_WMARK_LOW] + zone->watermark_boost);
  hi = (gint64) (zone->wmark[MA_WMARK_HIGH] + zone->watermark_boost);
  if (free < mn)
    {
      level = 0;
      zone->band_low = G_MININT64;
      zone->band_high = mn;
    }
  else if (free < lo)
    {
      level = 1;
      zone->band_low = mn;
      zone->band_high = lo;
    }
  else if (free < hi)
    {
      level = 2;
      zone->band_low = lo;
      zone->band_high = hi;
    }
  else
    {
      level = 3;
      zone->band_low = hi;
      zone->band_high = G_MAXINT64;
    }

  if (level != zone->wmark_level)
    {
      MaEvent *e = ma_event_ring_push (zone->node->machine->events, MA_EVENT_WATERMARK,
                                       zone->start_pfn, 0);

      e->aux = ((guint32) zone->wmark_level << 8) | (guint32) level;
      e->node = (guint8) zone->node->index;
      e->zone_idx = (guint8) zone->zone_idx;
      zone->wmark_level = level;
    }
}

static void
invalidate_band (MaZone *zone)
{
  zone->band_low = 1;
  zone->band_high = 0;
}

/*
 * Watermarks, lowmem_reserve and per-CPU limits from the current sysctls. Mirrors what a write
 * to min_free_kbytes, watermark_scale_factor or lowmem_reserve_ratio does in the kernel; the
 * boost is reset, as __setup_per_zone_wmarks() resets it.
 */
void
ma_machine_recompute_watermarks (MaMachine *self)
{
  g_autofree MaRulesZone *rz = g_new0 (MaRulesZone, self->n_nodes * MA_N_ZONE_TYPES);
  g_autofree guint64 *w = g_new0 (guint64, self->n_nodes * MA_N_ZONE_TYPES * MA_N_WMARKS);
  guint page_kb = (1u << self->page_shift) / 1024;
  guint n = collect_rules_zones (self, rz);
  guint ratio[MA_N_ZONE_TYPES];
  guint n_ratio;
  guint k = 0;

  ma_rules_watermarks (self->kernel, rz, n, self->min_free_kbytes, page_kb,
                       self->watermark_scale_factor, w);

  if (self->n_lowmem_reserve_ratio > 0)
    {
      n_ratio = self->n_lowmem_reserve_ratio;
      memcpy (ratio, self->lowmem_reserve_ratio, sizeof ratio);
    }
  else
    n_ratio = ma_rules_default_lowmem_reserve_ratio (self->kernel, self->spec->zone_types,
                                                     self->spec->n_zone_types, ratio);

  for (guint i = 0; i < self->n_nodes; i++)
    {
      MaNode *node = &self->nodes[i];
      guint64 managed[MA_N_ZONE_TYPES] = { 0, };
      guint64 reserve[MA_N_ZONE_TYPES * MA_N_ZONE_TYPES];

      for (guint z = 0; z < node->n_zones; z++)
        managed[z] = size_basis (self, &node->zones[z]);
      ma_rules_lowmem_reserve (self->kernel, node->n_zones, managed, ratio, n_ratio, reserve);

      for (guint z = 0; z < node->n_zones; z++, k++)
        {
          MaZone *zone = &node->zones[z];
          guint raw_batch;
          guint ncpu = node->n_cpus > 0 ? node->n_cpus : self->n_cpus;

          memcpy (zone->wmark, &w[k * MA_N_WMARKS], sizeof zone->wmark);
          zone->watermark_boost = 0;
          for (guint j = 0; j < node->n_zones; j++)
            zone->lowmem_reserve[j] = reserve[z * node->n_zones + j];

          raw_batch = ma_rules_pcp_batch (self->kernel, size_basis (self, zone),
                                          1u << self->page_shift);
          zone->pcp_batch = MAX (raw_batch, 1u);
          ma_rules_pcp_high (self->kernel, raw_batch, zone->wmark[MA_WMARK_LOW], zone->managed,
                             ncpu, &zone->pcp_high, &zone->pcp_high_min, &zone->pcp_high_max);
          invalidate_band (zone);
          ma_zone_update_band (zone);
        }
    }
}

/* init_per_zone_wmark_min(), then set_recommended_min_free_kbytes() when THP is on. */
static void
setup_watermarks (MaMachine *self)
{
  const MaMachineSpec *spec = self->spec;
  guint page_kb = (1u << self->page_shift) / 1024;

  if (spec->min_free_kbytes >= 0)
    {
      self->min_free_kbytes = (guint64) spec->min_free_kbytes;
      self->user_min_free_kbytes = self->min_free_kbytes;
      ma_machine_recompute_watermarks (self);
      return;
    }

  {
    guint64 lowmem = 0;

    for (guint i = 0; i < self->n_nodes; i++)
      for (guint z = 0; z < self->nodes[i].n_zones; z++)
        if (ma_rules_zone_is_lowmem_for_buffers (self->nodes[i].zones[z].type))
          lowmem += size_basis (self, &self->nodes[i].zones[z]);
    self->min_free_kbytes = ma_rules_default_min_free_kbytes (self->kernel, lowmem * page_kb);
  }
  ma_machine_recompute_watermarks (self);

  if (spec->thp)
    {
      g_autofree MaRulesZone *rz = g_new0 (MaRulesZone, self->n_nodes * MA_N_ZONE_TYPES);
      guint n = collect_rules_zones (self, rz);
      guint64 buffer_pages = 0, mfk;

      for (guint i = 0; i < self->n_nodes; i++)
        for (guint z = 0; z < self->nodes[i].n_zones; z++)
          {
            MaZone *zone = &self->nodes[i].zones[z];
            guint64 size = size_basis (self, zone), high = zone->wmark[MA_WMARK_HIGH];

            if (ma_rules_zone_is_lowmem_for_buffers (zone->type) && size > high)
              buffer_pages += size - high;
          }
      mfk = ma_rules_thp_min_free_kbytes (self->kernel, rz, n, self->pageblock_nr_pages, page_kb,
                                          buffer_pages, self->min_free_kbytes);
      if (mfk != self->min_free_kbytes)
        {
          self->min_free_kbytes = mfk;
          ma_machine_recompute_watermarks (self);
        }
    }
}

static guint
event_ring_log2 (guint64 frames)
{
  guint log2 = 12;

  while (log2 < 20 && ((guint64) 1 << (log2 + 6)) < frames)
    log2++;
  return log2;
}

/**
 * ma_machine_new:
 * @spec: the machine to build (copied)
 * @seed: the seed of the machine's random numbers
 * @error: where a machine this computer cannot hold is reported
 *
 * Returns: (transfer full) (nullable): the machine, just booted: all managed memory free
 */
MaMachine *
ma_machine_new (const MaMachineSpec  *spec,
                guint64               seed,
                GError              **error)
{
  g_autoptr(MaMachine) self = NULL;
  g_autoptr(MaMachineSpec) copy = NULL;
  guint64 total_managed = 0, total_spanned = 0;
  guint cpu = 0;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = ma_machine_spec_copy (spec);
  if (!ma_machine_spec_validate (copy, error))
    return NULL;

  self = g_object_new (MA_TYPE_MACHINE, NULL);
  self->spec = g_steal_pointer (&copy);
  self->kernel = self->spec->kernel;
  self->page_shift = self->spec->page_shift;
  self->nr_orders = self->spec->nr_orders;
  self->max_order = self->nr_orders - 1;
  self->pageblock_order = self->spec->pageblock_order;
  self->pageblock_nr_pages = 1u << self->pageblock_order;
  self->watermark_scale_factor = self->spec->watermark_scale_factor;
  self->watermark_boost_factor = self->kernel >= V (5, 0, 0) ? self->spec->watermark_boost_factor
                                                            : 0;
  self->n_lowmem_reserve_ratio = self->spec->n_lowmem_reserve_ratio;
  memcpy (self->lowmem_reserve_ratio, self->spec->lowmem_reserve_ratio,
          sizeof self->lowmem_reserve_ratio);
  self->seed = seed;
  {
    guint64 x = seed;

    for (guint i = 0; i < 4; i++)
      self->rng[i] = splitmix64 (&x);
  }

  self->n_nodes = self->spec->n_nodes;
  for (guint i = 0; i < self->n_nodes; i++)
    self->n_cpus += self->spec->nodes[i].n_cpus;
  self->cpu_node = g_new0 (guint, self->n_cpus);
  self->nodes = g_new0 (MaNode, self->n_nodes);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      self->nodes[i].first_cpu = cpu;
      for (guint c = 0; c < self->spec->nodes[i].n_cpus; c++)
        self->cpu_node[cpu++] = i;
      total_spanned += g_array_index (self->spec->nodes[i].memory, MaPfnRange,
                                      self->spec->nodes[i].memory->len - 1).end
                       - g_array_index (self->spec->nodes[i].memory, MaPfnRange, 0).start;
    }
  /* The current CPU is the first CPU of the first node that has one. */
  self->current_cpu = 0;

  self->events = ma_event_ring_new (event_ring_log2 (total_spanned));

  /* Owner 0 is "nobody"; then one default owner per kind, so that owner id == kind for them. */
  add_owner (self, MA_OWNER_NONE, "none", -1);
  add_owner (self, MA_OWNER_KERNEL, "kernel", -1);
  add_owner (self, MA_OWNER_SLAB, "slab", -1);
  add_owner (self, MA_OWNER_SLAB_RECLAIMABLE, "slab (reclaimable)", -1);
  add_owner (self, MA_OWNER_PAGETABLE, "page tables", -1);
  add_owner (self, MA_OWNER_KERNEL_STACK, "kernel stacks", -1);
  add_owner (self, MA_OWNER_ANON, "user (anonymous)", -1);
  add_owner (self, MA_OWNER_FILE, "page cache", -1);
  add_owner (self, MA_OWNER_FIRMWARE, "reserved at boot", -1);
  add_owner (self, MA_OWNER_UNKNOWN, "in use (owner unknown)", -1);

  for (guint i = 0; i < self->n_nodes; i++)
    if (!build_node (self, i, error))
      return NULL;
  ma_pressure_init (self);

  for (guint i = 0; i < self->n_nodes; i++)
    for (guint z = 0; z < self->nodes[i].n_zones; z++)
      {
        MaZone *zone = &self->nodes[i].zones[z];

        total_managed += zone->managed;
        zone->used_by_kind[MA_OWNER_FIRMWARE] = zone->present - zone->managed;
        ((MaOwner *) g_ptr_array_index (self->owners, MA_OWNER_FIRMWARE))->pages +=
          zone->present - zone->managed;
      }

  /* build_all_zonelists(): page_group_by_mobility_disabled on machines too small to group. */
  self->mobility_disabled = total_managed < (guint64) self->pageblock_nr_pages * 5;

  for (guint i = 0; i < self->n_nodes; i++)
    free_boot_memory (self, i);
  ma_zonelists_build (self);
  setup_watermarks (self);

  /* Boot is not history: start the event ring with one "everything changed". */
  ma_event_ring_free (self->events);
  self->events = ma_event_ring_new (event_ring_log2 (total_spanned));
  ma_event_ring_push (self->events, MA_EVENT_RESET, 0, 0);

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading */

const MaMachineSpec *
ma_machine_get_spec (MaMachine *self)
{
  g_return_val_if_fail (MA_IS_MACHINE (self), NULL);
  return self->spec;
}

MaKernelVersion
ma_machine_get_kernel (MaMachine *self)
{
  return self->kernel;
}

guint
ma_machine_get_page_shift (MaMachine *self)
{
  return self->page_shift;
}

guint
ma_machine_get_nr_orders (MaMachine *self)
{
  return self->nr_orders;
}

guint
ma_machine_get_pageblock_order (MaMachine *self)
{
  return self->pageblock_order;
}

guint
ma_machine_get_n_nodes (MaMachine *self)
{
  return self->n_nodes;
}

MaNode *
ma_machine_get_node (MaMachine *self,
                     guint      index)
{
  g_return_val_if_fail (index < self->n_nodes, NULL);
  return &self->nodes[index];
}

guint
ma_machine_get_n_cpus (MaMachine *self)
{
  return self->n_cpus;
}

guint
ma_machine_get_cpu_node (MaMachine *self,
                         guint      cpu)
{
  g_return_val_if_fail (cpu < self->n_cpus, 0);
  return self->cpu_node[cpu];
}

guint
ma_machine_get_current_cpu (MaMachine *self)
{
  return self->current_cpu;
}

void
ma_machine_set_current_cpu (MaMachine *self,
                            guint      cpu)
{
  g_return_if_fail (cpu < self->n_cpus);
  self->current_cpu = cpu;
}

guint64
ma_machine_get_seed (MaMachine *self)
{
  return self->seed;
}

guint64
ma_machine_get_min_free_kbytes (MaMachine *self)
{
  return self->min_free_kbytes;
}

guint
ma_machine_get_watermark_scale_factor (MaMachine *self)
{
  return self->watermark_scale_factor;
}

guint
ma_machine_get_watermark_boost_factor (MaMachine *self)
{
  return self->watermark_boost_factor;
}

guint
ma_machine_get_lowmem_reserve_ratio (MaMachine *self,
                                     guint     *out_ratio)
{
  if (self->n_lowmem_reserve_ratio > 0)
    {
      memcpy (out_ratio, self->lowmem_reserve_ratio, sizeof (guint) * self->n_lowmem_reserve_ratio);
      return self->n_lowmem_reserve_ratio;
    }
  return ma_rules_default_lowmem_reserve_ratio (self->kernel, self->spec->zone_types,
                                                self->spec->n_zone_types, out_ratio);
}

gboolean
ma_machine_set_min_free_kbytes (MaMachine  *self,
                                guint64     kbytes,
                                GError    **error)
{
  if (kbytes < 1 || kbytes > G_MAXINT32)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("min_free_kbytes must be from 1 to %d"), G_MAXINT32);
      return FALSE;
    }
  self->min_free_kbytes = kbytes;
  self->user_min_free_kbytes = kbytes;
  ma_machine_recompute_watermarks (self);
  return TRUE;
}

gboolean
ma_machine_set_watermark_scale_factor (MaMachine  *self,
                                       guint       factor,
                                       GError    **error)
{
  guint max = ma_rules_watermark_scale_factor_max (self->kernel);

  if (factor < 1 || factor > max)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("watermark_scale_factor must be from 1 to %u on this kernel"), max);
      return FALSE;
    }
  self->watermark_scale_factor = factor;
  ma_machine_recompute_watermarks (self);
  return TRUE;
}

gboolean
ma_machine_set_lowmem_reserve_ratio (MaMachine    *self,
                                     const guint  *ratio,
                                     guint         n_ratio,
                                     GError      **error)
{
  if (n_ratio == 0 || n_ratio > MA_N_ZONE_TYPES)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("lowmem_reserve_ratio needs 1 to %u values"), MA_N_ZONE_TYPES);
      return FALSE;
    }
  memcpy (self->lowmem_reserve_ratio, ratio, sizeof (guint) * n_ratio);
  self->n_lowmem_reserve_ratio = n_ratio;
  ma_machine_recompute_watermarks (self);
  return TRUE;
}

guint64
ma_machine_get_total_pages (MaMachine *self,
                            guint64   *out_present,
                            guint64   *out_managed,
                            guint64   *out_free)
{
  guint64 spanned = 0, present = 0, managed = 0, free = 0;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      spanned += self->nodes[i].spanned;
      for (guint z = 0; z < self->nodes[i].n_zones; z++)
        {
          MaZone *zone = &self->nodes[i].zones[z];

          present += zone->present;
          managed += zone->managed;
          free += (guint64) MAX (zone->nr_free_pages, 0);
        }
    }
  if (out_present)
    *out_present = present;
  if (out_managed)
    *out_managed = managed;
  if (out_free)
    *out_free = free;
  return spanned;
}

/* Everything the engine holds for this machine, in bytes. */
gsize
ma_machine_get_memory_size (MaMachine *self)
{
  gsize size = sizeof (MaMachine) + sizeof (MaNode) * self->n_nodes;

  for (guint i = 0; i < self->n_nodes; i++)
    {
      MaNode *node = &self->nodes[i];

      size += node->spanned * sizeof (MaFrame) + node->n_pageblocks;
      size += node->n_zones * self->n_cpus * sizeof (MaPcp);
      size += (node->zonelist_len + node->zonelist_thisnode_len) * sizeof (MaZone *);
    }
  size += (gsize) ma_event_ring_capacity (self->events) * sizeof (MaEvent);
  size += self->owners->len * (sizeof (MaOwner) + 32);
  return size;
}

MaEventRing *
ma_machine_get_events (MaMachine *self)
{
  return self->events;
}

MaNode *
ma_machine_node_of_pfn (MaMachine *self,
                        guint64    pfn)
{
  for (guint i = 0; i < self->n_nodes; i++)
    {
      MaNode *node = &self->nodes[i];

      if (pfn >= node->start_pfn && pfn < node->start_pfn + node->spanned)
        return node;
    }
  return NULL;
}

MaZone *
ma_machine_zone_of_pfn_internal (MaMachine *self,
                                 guint64    pfn)
{
  MaZone *last = self->last_free_zone;
  MaNode *node;

  /* Frees cluster in a zone: try the zone of the last lookup first. */
  if (last != NULL && pfn >= last->start_pfn && pfn < last->end_pfn)
    return last;
  node = ma_machine_node_of_pfn (self, pfn);

  if (node == NULL)
    return NULL;
  for (guint z = 0; z < node->n_zones; z++)
    {
      MaZone *zone = &node->zones[z];

      if (pfn >= zone->start_pfn && pfn < zone->end_pfn)
        return self->last_free_zone = zone;
    }
  return NULL;
}

MaZone *
ma_machine_zone_of_pfn (MaMachine *self,
                        guint64    pfn)
{
  g_return_val_if_fail (MA_IS_MACHINE (self), NULL);
  return ma_machine_zone_of_pfn_internal (self, pfn);
}

/*
 * The buddy block holding pfn: the smallest aligned block around pfn whose first frame is a head
 * (free or allocated) of at least that order. Pcp pages, reserved frames and holes are their own
 * one-frame blocks.
 */
gboolean
ma_machine_find_block (MaMachine    *self,
                       guint64       pfn,
                       guint64      *out_head,
                       guint        *out_order,
                       MaFrameState *out_state)
{
  MaZone *zone = ma_machine_zone_of_pfn_internal (self, pfn);
  const MaFrame *f;
  MaFrameState s;

  if (zone == NULL)
    return FALSE;
  f = ma_zone_frame (zone, pfn);
  s = ma_frame_state (f);
  if (s == MA_FRAME_FREE_TAIL && ma_zone_virgin_block (zone, pfn, out_head))
    {
      *out_order = self->max_order;
      *out_state = MA_FRAME_FREE_HEAD;
      return TRUE;
    }
  if (s != MA_FRAME_FREE_TAIL && s != MA_FRAME_ALLOC_TAIL)
    {
      *out_head = pfn;
      *out_order = (s == MA_FRAME_FREE_HEAD || s == MA_FRAME_ALLOC_HEAD) ? ma_frame_order (f) : 0;
      *out_state = s;
      return TRUE;
    }
  for (guint k = 1; k <= self->max_order; k++)
    {
      guint64 head = pfn & ~(((guint64) 1 << k) - 1);
      const MaFrame *h;
      MaFrameState hs;

      if (head < zone->start_pfn)
        break;
      if (k == self->max_order && ma_zone_virgin_block (zone, pfn, out_head))
        {
          *out_order = self->max_order;
          *out_state = MA_FRAME_FREE_HEAD;
          return TRUE;
        }
      h = ma_zone_frame (zone, head);
      hs = ma_frame_state (h);
      if ((hs == MA_FRAME_FREE_HEAD || hs == MA_FRAME_ALLOC_HEAD) && ma_frame_order (h) >= k)
        {
          *out_head = head;
          *out_order = ma_frame_order (h);
          *out_state = hs;
          return TRUE;
        }
    }
  if (zone->reconstructed)
    {
      /* a rebuilt zone: a zero frame outside every free block is in use, owner unknown */
      *out_head = pfn;
      *out_order = 0;
      *out_state = MA_FRAME_IN_USE;
      return TRUE;
    }
  return FALSE;
}

gboolean
ma_machine_get_frame_info (MaMachine   *self,
                           guint64      pfn,
                           MaFrameInfo *out)
{
  MaNode *node = ma_machine_node_of_pfn (self, pfn);
  const MaFrame *f;
  gint64 key = (gint64) pfn;
  guint64 *virt;

  memset (out, 0, sizeof *out);
  if (node == NULL)
    return FALSE;
  out->pfn = pfn;
  out->phys_addr = pfn << self->page_shift;
  out->node = node;
  out->zone = ma_machine_zone_of_pfn_internal (self, pfn);
  f = &node->frames[pfn - node->start_pfn];
  out->state = ma_frame_state (f);
  out->flags = ma_frame_flags (f);
  out->refcount = ma_frame_refcount (f);
  out->mapcount = ma_frame_mapcount (f);
  out->pageblock_pfn = pfn & ~((guint64) self->pageblock_nr_pages - 1);
  out->pageblock_mt = (MaMigrateType) *ma_node_pageblock (node, pfn);

  switch (out->state)
    {
    case MA_FRAME_FREE_HEAD:
      out->list_mt = (MaMigrateType) ma_frame_owner (f);
      break;
    case MA_FRAME_PCP:
      out->pcp_cpu = ma_frame_owner (f);
      out->list_mt = (MaMigrateType) (ma_frame_index (f) & 0x3);
      break;
    case MA_FRAME_ALLOC_HEAD:
    case MA_FRAME_ALLOC_TAIL:
    case MA_FRAME_RESERVED:
    case MA_FRAME_IN_USE:
      out->owner = ma_frame_owner (f);
      out->index = ma_frame_index (f);
      break;
    case MA_FRAME_FREE_TAIL:
    case MA_FRAME_HOLE:
    case MA_N_FRAME_STATES:
    default:
      break;
    }

  if (!ma_machine_find_block (self, pfn, &out->block_pfn, &out->block_order, &out->block_state))
    {
      out->block_pfn = pfn;
      out->block_state = out->state;
    }
  else if (out->state == MA_FRAME_FREE_TAIL && out->block_state == MA_FRAME_IN_USE)
    {
      out->state = MA_FRAME_IN_USE;
      out->owner = MA_OWNER_UNKNOWN;
    }
  else if (out->state == MA_FRAME_FREE_TAIL && out->block_pfn == pfn)
    {
      /* The head of an implicit boot block. */
      out->state = MA_FRAME_FREE_HEAD;
      out->list_mt = MA_MIGRATE_MOVABLE;
    }
  if (out->state == MA_FRAME_ALLOC_TAIL)
    {
      /* A tail's owner is its head's. */
      const MaFrame *h = &node->frames[out->block_pfn - node->start_pfn];

      out->owner = ma_frame_owner (h);
    }

  virt = g_hash_table_lookup (self->kmap_virtual, &key);
  if (virt)
    {
      out->has_virtual = TRUE;
      out->virtual_addr = *virt;
    }
  return TRUE;
}

/**
 * ma_machine_page_address:
 * @out_virtual: (out): the kernel virtual address of the frame
 *
 * page_address(): where the kernel sees this frame. Lowmem is in the direct map (x86-64:
 * page_offset_base 0xffff888000000000 without KASLR; 32-bit: PAGE_OFFSET + physical address;
 * arm64: PAGE_OFFSET of a 48-bit address space plus the offset from the start of RAM). A HighMem
 * frame has an address only while it is kmapped.
 *
 * Returns: FALSE when the frame has no kernel address (page_address() returns NULL)
 */
gboolean
ma_machine_page_address (MaMachine *self,
                         guint64    pfn,
                         guint64   *out_virtual)
{
  MaZone *zone = ma_machine_zone_of_pfn_internal (self, pfn);
  guint64 phys = pfn << self->page_shift;
  gint64 key = (gint64) pfn;
  const char *arch = self->spec->arch ? self->spec->arch : "x86_64";

  if (zone == NULL)
    return FALSE;
  if (zone->type == MA_ZONE_HIGHMEM || (zone->type == MA_ZONE_MOVABLE && zone->movable_is_highmem))
    {
      guint64 *virt = g_hash_table_lookup (self->kmap_virtual, &key);

      if (virt == NULL)
        return FALSE;
      *out_virtual = *virt;
      return TRUE;
    }
  if (g_str_equal (arch, "i386") || g_str_equal (arch, "arm"))
    *out_virtual = (self->spec->page_offset + phys) & G_GUINT64_CONSTANT (0xffffffff);
  else if (g_str_equal (arch, "aarch64"))
    {
      guint64 ram_start = g_array_index (self->spec->nodes[0].memory, MaPfnRange, 0).start
                          << self->page_shift;

      *out_virtual = G_GUINT64_CONSTANT (0xffff000000000000) | (phys - ram_start);
    }
  else
    *out_virtual = G_GUINT64_CONSTANT (0xffff888000000000) + phys;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Owners */

guint
ma_machine_add_owner (MaMachine   *self,
                      MaOwnerKind  kind,
                      const char  *name,
                      gint         pid)
{
  g_return_val_if_fail (MA_IS_MACHINE (self), 0);
  g_return_val_if_fail (kind < MA_N_OWNER_KINDS, 0);

  if (self->owners->len > MA_FRAME_OWNER_MAX)
    return 0;
  add_owner (self, kind, name, pid);
  return self->owners->len - 1;
}

const MaOwner *
ma_machine_get_owner (MaMachine *self,
                      guint      id)
{
  g_return_val_if_fail (MA_IS_MACHINE (self), NULL);
  if (id >= self->owners->len)
    return NULL;
  return g_ptr_array_index (self->owners, id);
}

guint
ma_machine_get_n_owners (MaMachine *self)
{
  return self->owners->len;
}

guint
ma_machine_default_owner (MaMachine   *self,
                          MaOwnerKind  kind)
{
  return kind;
}

/* ------------------------------------------------------------------------------------------ */
/* Actions, undo and redo */

void
ma_machine_begin_action (MaMachine  *self,
                         const char *label)
{
  g_return_if_fail (MA_IS_MACHINE (self));

  if (self->action_depth++ == 0)
    self->journal = ma_journal_new (self, label);
}

void
ma_machine_end_action (MaMachine *self)
{
  MaJournal *j;

  g_return_if_fail (MA_IS_MACHINE (self));
  g_return_if_fail (self->action_depth > 0);

  if (--self->action_depth > 0)
    return;

  j = g_steal_pointer (&self->journal);
  ma_journal_commit (j);
  if (!ma_journal_changed (j))
    {
      /* A failed allocation, say: nothing to undo. */
      ma_journal_free (j);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  self->action_serial++;
  ma_journal_set_serial (j, self->action_serial);
  g_ptr_array_add (self->undo_stack, j);
  g_ptr_array_set_size (self->redo_stack, 0);
  if (self->undo_stack->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo_stack, 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
ma_machine_can_undo (MaMachine *self)
{
  return self->undo_stack->len > 0 && self->action_depth == 0;
}

gboolean
ma_machine_can_redo (MaMachine *self)
{
  return self->redo_stack->len > 0 && self->action_depth == 0;
}

const char *
ma_machine_get_undo_label (MaMachine *self)
{
  if (self->undo_stack->len == 0)
    return NULL;
  return ma_journal_get_label (g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1));
}

const char *
ma_machine_get_redo_label (MaMachine *self)
{
  if (self->redo_stack->len == 0)
    return NULL;
  return ma_journal_get_label (g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1));
}

gboolean
ma_machine_undo (MaMachine *self)
{
  MaJournal *j;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);
  if (!ma_machine_can_undo (self))
    return FALSE;
  j = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  ma_journal_apply (j, FALSE);
  g_ptr_array_add (self->redo_stack, j);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
ma_machine_redo (MaMachine *self)
{
  MaJournal *j;

  g_return_val_if_fail (MA_IS_MACHINE (self), FALSE);
  if (!ma_machine_can_redo (self))
    return FALSE;
  j = g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1);
  ma_journal_apply (j, TRUE);
  g_ptr_array_add (self->undo_stack, j);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * ma_machine_get_undo_serial:
 *
 * Returns: the action serial (ma_machine_get_action_serial() just after it was recorded) of the
 * action undo would take back, or 0 when there is none. Sessions use it to tell their own
 * actions from others made on the same machine (a kmap from the inspector).
 */
guint64
ma_machine_get_undo_serial (MaMachine *self)
{
  g_return_val_if_fail (MA_IS_MACHINE (self), 0);
  if (self->undo_stack->len == 0)
    return 0;
  return ma_journal_get_serial (g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1));
}

guint64
ma_machine_get_redo_serial (MaMachine *self)
{
  g_return_val_if_fail (MA_IS_MACHINE (self), 0);
  if (self->redo_stack->len == 0)
    return 0;
  return ma_journal_get_serial (g_ptr_array_index (self->redo_stack, self->redo_stack->len - 1));
}

/**
 * ma_machine_notify_changed:
 *
 * Announces changes made outside an action (a simulation's ticks, a live view's new snapshot)
 * with the "changed" signal, so that views catch up from the event ring.
 */
void
ma_machine_notify_changed (MaMachine *self)
{
  g_return_if_fail (MA_IS_MACHINE (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Increases each time an action is recorded for undo; tells callers whether theirs was. */
guint64
ma_machine_get_action_serial (MaMachine *self)
{
  return self->action_serial;
}

void
ma_machine_clear_history (MaMachine *self)
{
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* State hash: everything undo promises to restore. */

static inline guint64
mix (guint64 h,
     guint64 v)
{
  h ^= v + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
  return h * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
}

static guint64
mix_bytes (guint64       h,
           gconstpointer data,
           gsize         len)
{
  const guint8 *p = data;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 v;

      memcpy (&v, p + i, 8);
      h = mix (h, v);
    }
  for (; i < len; i++)
    h = mix (h, p[i]);
  return h;
}

guint64
ma_machine_hash_state (MaMachine *self)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  guint64 kmaps = ma_highmem_hash (self);

  for (guint i = 0; i < self->n_nodes; i++)
    {
      MaNode *node = &self->nodes[i];

      h = mix_bytes (h, node->frames, node->spanned * sizeof (MaFrame));
      h = mix_bytes (h, node->pageblock_mt, node->n_pageblocks);
      h = mix (h, node->kswapd_order);
      h = mix (h, node->kswapd_woken);
      for (guint z = 0; z < node->n_zones; z++)
        {
          MaZone *zone = &node->zones[z];

          h = mix (h, (guint64) zone->nr_free_pages);
          h = mix_bytes (h, zone->nr_free, sizeof zone->nr_free);
          h = mix_bytes (h, zone->free_list, sizeof zone->free_list);
          h = mix_bytes (h, zone->nr_free_by_mt, sizeof zone->nr_free_by_mt);
          h = mix_bytes (h, zone->wmark, sizeof zone->wmark);
          h = mix (h, zone->watermark_boost);
          h = mix_bytes (h, zone->lowmem_reserve, sizeof zone->lowmem_reserve);
          h = mix (h, zone->nr_reserved_highatomic);
          h = mix_bytes (h, zone->used_by_kind, sizeof zone->used_by_kind);
          h = mix_bytes (h, zone->pcp, sizeof (MaPcp) * self->n_cpus);
          h = mix_bytes (h, zone->virgin, sizeof zone->virgin);
          h = mix (h, zone->virgin_blocks);
        }
    }
  for (guint i = 0; i < self->owners->len; i++)
    h = mix (h, ((MaOwner *) g_ptr_array_index (self->owners, i))->pages);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      h = mix_bytes (h, self->nodes[i].lru_head, sizeof self->nodes[i].lru_head);
      h = mix_bytes (h, self->nodes[i].lru_len, sizeof self->nodes[i].lru_len);
      h = mix (h, self->nodes[i].kswapd_failures);
    }
  for (guint i = 0; i < self->owner_maps->len; i++)
    {
      GArray *map = g_ptr_array_index (self->owner_maps, i);

      if (map != NULL)
        h = mix_bytes (h, map->data, map->len * sizeof (guint64));
    }
  for (guint i = 0; i < self->processes->len; i++)
    {
      const MaProcess *p = &g_array_index (self->processes, MaProcess, i);

      h = mix (h, p->pid);
      h = mix (h, p->alive);
      h = mix (h, p->swap);
    }
  h = mix (h, self->swap_used);
  h = mix_bytes (h, self->rng, sizeof self->rng);
  h = mix (h, self->min_free_kbytes);
  /* kmaps: only once something was kmapped, so that other machines hash as they always did */
  if (kmaps != 0)
    h = mix (h, kmaps);
  return h;
}

/* ------------------------------------------------------------------------------------------ */
/* Nodes and zones */

guint
ma_node_get_id (MaNode *node)
{
  return node->id;
}

guint
ma_node_get_index (MaNode *node)
{
  return node->index;
}

MaMachine *
ma_node_get_machine (MaNode *node)
{
  return node->machine;
}

guint64
ma_node_get_start_pfn (MaNode *node)
{
  return node->start_pfn;
}

guint64
ma_node_get_spanned (MaNode *node)
{
  return node->spanned;
}

guint64
ma_node_get_present (MaNode *node)
{
  return node->present;
}

guint
ma_node_get_n_zones (MaNode *node)
{
  return node->n_zones;
}

MaZone *
ma_node_get_zone (MaNode *node,
                  guint   zone_idx)
{
  g_return_val_if_fail (zone_idx < node->n_zones, NULL);
  return &node->zones[zone_idx];
}

MaZone *
ma_node_get_zone_by_type (MaNode     *node,
                          MaZoneType  type)
{
  for (guint z = 0; z < node->n_zones; z++)
    if (node->zones[z].type == type)
      return &node->zones[z];
  return NULL;
}

const MaFrame *
ma_node_get_frames (MaNode *node)
{
  return node->frames;
}

guint
ma_node_get_first_cpu (MaNode *node)
{
  return node->first_cpu;
}

guint
ma_node_get_n_cpus (MaNode *node)
{
  return node->n_cpus;
}

guint
ma_node_get_zonelist (MaNode    *node,
                      gboolean   this_node_only,
                      MaZone  ***out_zones)
{
  if (this_node_only)
    {
      *out_zones = node->zonelist_thisnode;
      return node->zonelist_thisnode_len;
    }
  *out_zones = node->zonelist;
  return node->zonelist_len;
}

gboolean
ma_node_get_kswapd_pending (MaNode *node,
                            guint  *out_order,
                            guint  *out_highest_zoneidx)
{
  if (out_order)
    *out_order = node->kswapd_order;
  if (out_highest_zoneidx)
    *out_highest_zoneidx = node->kswapd_highest_zoneidx;
  return node->kswapd_woken;
}

MaZoneType
ma_zone_get_zone_type (MaZone *zone)
{
  return zone->type;
}

const char *
ma_zone_get_name (MaZone *zone)
{
  return ma_zone_type_name (zone->type);
}

guint
ma_zone_get_index (MaZone *zone)
{
  return zone->zone_idx;
}

MaNode *
ma_zone_get_node (MaZone *zone)
{
  return zone->node;
}

guint64
ma_zone_get_start_pfn (MaZone *zone)
{
  return zone->start_pfn;
}

guint64
ma_zone_get_spanned (MaZone *zone)
{
  return zone->spanned;
}

guint64
ma_zone_get_present (MaZone *zone)
{
  return zone->present;
}

guint64
ma_zone_get_managed (MaZone *zone)
{
  return zone->managed;
}

gboolean
ma_zone_is_populated (MaZone *zone)
{
  return zone->managed > 0;
}

gint64
ma_zone_get_free_pages (MaZone *zone)
{
  return zone->nr_free_pages;
}

guint64
ma_zone_get_watermark (MaZone      *zone,
                       MaWatermark  mark)
{
  g_return_val_if_fail (mark < MA_N_WMARKS, 0);
  return zone->wmark[mark] + zone->watermark_boost;
}

guint64
ma_zone_get_watermark_base (MaZone      *zone,
                            MaWatermark  mark)
{
  g_return_val_if_fail (mark < MA_N_WMARKS, 0);
  return zone->wmark[mark];
}

guint64
ma_zone_get_boost (MaZone *zone)
{
  return zone->watermark_boost;
}

guint64
ma_zone_get_lowmem_reserve (MaZone *zone,
                            guint   highest_zoneidx)
{
  g_return_val_if_fail (highest_zoneidx < MA_N_ZONE_TYPES, 0);
  return zone->lowmem_reserve[highest_zoneidx];
}

guint64
ma_zone_get_nr_free (MaZone *zone,
                     guint   order)
{
  g_return_val_if_fail (order < MA_MAX_ORDERS, 0);
  return zone->nr_free[order];
}

guint64
ma_zone_get_nr_free_list (MaZone        *zone,
                          guint          order,
                          MaMigrateType  mt)
{
  g_return_val_if_fail (order < MA_MAX_ORDERS && mt < MA_N_MIGRATE_TYPES, 0);
  return zone->free_list[order][mt].len;
}

guint64
ma_zone_get_pageblocks_of_type (MaZone        *zone,
                                MaMigrateType  mt)
{
  MaMachine *m = zone->node->machine;
  guint64 n = 0;

  if (zone->spanned == 0)
    return 0;
  /* pagetypeinfo walks the zone in pageblock steps from its start. */
  for (guint64 pfn = zone->start_pfn; pfn < zone->end_pfn; pfn += m->pageblock_nr_pages)
    if (ma_pageblock_mt (zone, pfn) == mt)
      n++;
  return n;
}

guint64
ma_zone_get_pcp_pages (MaZone *zone)
{
  MaMachine *m = zone->node->machine;
  guint64 n = 0;

  for (guint c = 0; c < m->n_cpus; c++)
    n += zone->pcp[c].count;
  return n;
}

void
ma_zone_get_pcp_limits (MaZone *zone,
                        guint  *out_batch,
                        guint  *out_high,
                        guint  *out_high_min,
                        guint  *out_high_max)
{
  if (out_batch)
    *out_batch = zone->pcp_batch;
  if (out_high)
    *out_high = zone->pcp_high;
  if (out_high_min)
    *out_high_min = zone->pcp_high_min;
  if (out_high_max)
    *out_high_max = zone->pcp_high_max;
}

guint64
ma_zone_get_pages_of_kind (MaZone      *zone,
                           MaOwnerKind  kind)
{
  g_return_val_if_fail (kind < MA_N_OWNER_KINDS, 0);
  return zone->used_by_kind[kind];
}

guint64
ma_zone_get_reserved_highatomic (MaZone *zone)
{
  return zone->nr_reserved_highatomic;
}

const MaFrame *
ma_zone_get_frame (MaZone  *zone,
                   guint64  pfn)
{
  g_return_val_if_fail (pfn >= zone->start_pfn && pfn < zone->end_pfn, NULL);
  return ma_zone_frame (zone, pfn);
}

gboolean
ma_zone_contains (MaZone  *zone,
                  guint64  pfn)
{
  return pfn >= zone->start_pfn && pfn < zone->end_pfn;
}

/**
 * ma_zone_get_implicit_free_runs:
 * @out_starts: (array length=max_runs): first pfn of each run
 * @out_n_blocks: (array length=max_runs): max-order blocks in each run
 *
 * The runs of max-order free blocks untouched since boot. Their frames read as free tails (there
 * is no head frame written); each block is 2^(orders-1) frames, on the MOVABLE list.
 *
 * Returns: the number of runs written
 */
guint
ma_zone_get_implicit_free_runs (MaZone  *zone,
                                guint64 *out_starts,
                                guint64 *out_n_blocks,
                                guint    max_runs)
{
  guint n = MIN (zone->n_virgin, max_runs);

  for (guint i = 0; i < n; i++)
    {
      out_starts[i] = zone->virgin[i].start;
      out_n_blocks[i] = zone->virgin[i].n_blocks;
    }
  return n;
}
