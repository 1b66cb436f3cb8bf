/* ma-pressure.c: processes, the page cache, slab and swap, and the LRU lists they live on
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * User pages are order-0 and sit on their node's LRU lists (the lruvec), linked through the
 * frames' next/prev like every other list in the engine. Each process and each file has an owner
 * id (page->mapping) and a page map from index to pfn, so that a page can be found again: to
 * mark it accessed, to swap it back in, to move it during compaction, to free it when the process
 * exits. Aging follows mark_page_accessed(): an inactive page touched once is marked referenced,
 * touched again it moves to the active list.
 */
#define G_LOG_DOMAIN "ma-pressure"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-machine-private.h"

static const char *const lru_names[MA_N_LRU] = {
  "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
};

const char *
ma_lru_list_name (MaLruList lru)
{
  g_return_val_if_fail (lru < MA_N_LRU, "?");
  return lru_names[lru];
}

void
ma_pressure_init (MaMachine *self)
{
  self->owner_maps = g_ptr_array_new_with_free_func (ma_array_unref0);
  self->processes = g_array_new (FALSE, TRUE, sizeof (MaProcess));
  self->writeback = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->next_pid = 1000;
  for (guint i = 0; i < self->n_nodes; i++)
    for (guint l = 0; l < MA_N_LRU; l++)
      self->nodes[i].lru_head[l] = self->nodes[i].lru_tail[l] = MA_LINK_NONE;
}

void
ma_pressure_clear (MaMachine *self)
{
  for (guint i = 0; self->processes && i < self->processes->len; i++)
    g_free (g_array_index (self->processes, MaProcess, i).name);
  g_clear_pointer (&self->processes, g_array_unref);
  g_clear_pointer (&self->owner_maps, g_ptr_array_unref);
  g_clear_pointer (&self->writeback, g_array_unref);
}

/* ------------------------------------------------------------------------------------------ */
/* LRU lists */

MaLruList
ma_lru_of_frame (const MaFrame *f)
{
  guint flags = ma_frame_flags (f);

  if (flags & MA_PG_UNEVICTABLE)
    return MA_LRU_UNEVICTABLE;
  if (flags & MA_PG_SWAPBACKED)
    return (flags & MA_PG_ACTIVE) ? MA_LRU_ACTIVE_ANON : MA_LRU_INACTIVE_ANON;
  return (flags & MA_PG_ACTIVE) ? MA_LRU_ACTIVE_FILE : MA_LRU_INACTIVE_FILE;
}

static void
set_flags (MaZone  *zone,
           guint64  pfn,
           guint    set,
           guint    clear)
{
  const MaFrame *f = ma_zone_frame (zone, pfn);
  guint32 w0 = f->word0;
  guint flags = ((ma_frame_flags (f) | set) & ~clear) & MA_PG_ALL_FLAGS;

  w0 = (w0 & ~(0x1ffu << 7)) | (flags << 7);
  ma_frame_write (zone, pfn, w0, f->word1);
}

/* lruvec_add_folio(): at the head (most recently used), or the tail. */
void
ma_lru_add (MaZone    *zone,
            guint64    pfn,
            MaLruList  lru,
            gboolean   to_tail)
{
  MaNode *node = zone->node;
  guint32 link = ma_zone_link_of (zone, pfn);
  guint set = MA_PG_LRU, clear = MA_PG_ACTIVE | MA_PG_UNEVICTABLE;

  if (lru == MA_LRU_ACTIVE_ANON || lru == MA_LRU_ACTIVE_FILE)
    {
      set |= MA_PG_ACTIVE;
      clear &= ~MA_PG_ACTIVE;
    }
  if (lru == MA_LRU_UNEVICTABLE)
    {
      set |= MA_PG_UNEVICTABLE;
      clear &= ~MA_PG_UNEVICTABLE;
    }
  set_flags (zone, pfn, set, clear);

  if (to_tail)
    {
      ma_frame_set_links (zone, pfn, MA_LINK_NONE, node->lru_tail[lru]);
      if (node->lru_tail[lru] != MA_LINK_NONE)
        {
          MaFrame *t = &node->frames[node->lru_tail[lru]];

          ma_frame_set_links (zone, ma_zone_pfn_of_link (zone, node->lru_tail[lru]), link, t->prev);
        }
      else
        node->lru_head[lru] = link;
      node->lru_tail[lru] = link;
    }
  else
    {
      ma_frame_set_links (zone, pfn, node->lru_head[lru], MA_LINK_NONE);
      if (node->lru_head[lru] != MA_LINK_NONE)
        {
          MaFrame *h = &node->frames[node->lru_head[lru]];

          ma_frame_set_links (zone, ma_zone_pfn_of_link (zone, node->lru_head[lru]), h->next, link);
        }
      else
        node->lru_tail[lru] = link;
      node->lru_head[lru] = link;
    }
  node->lru_len[lru]++;
}

void
ma_lru_del (MaZone    *zone,
            guint64    pfn,
            MaLruList  lru)
{
  MaNode *node = zone->node;
  const MaFrame *f = ma_zone_frame (zone, pfn);
  guint32 next = f->next, prev = f->prev;

  if (prev != MA_LINK_NONE)
    {
      const MaFrame *p = &node->frames[prev];
      ma_frame_set_links (zone, ma_zone_pfn_of_link (zone, prev), next, p->prev);
    }
  else
    node->lru_head[lru] = next;
  if (next != MA_LINK_NONE)
    {
      const MaFrame *n = &node->frames[next];
      ma_frame_set_links (zone, ma_zone_pfn_of_link (zone, next), n->next, prev);
    }
  else
    node->lru_tail[lru] = prev;
  ma_frame_set_links (zone, pfn, MA_LINK_NONE, MA_LINK_NONE);
  set_flags (zone, pfn, 0, MA_PG_LRU | MA_PG_ACTIVE);
  node->lru_len[lru]--;
}

/* The frame new takes old's place in the list; old is left unlinked. */
void
ma_lru_replace (MaZone    *zone,
                guint64    old,
                guint64    new,
                MaLruList  lru)
{
  MaNode *node = zone->node;
  const MaFrame *f = ma_zone_frame (zone, old);
  guint32 next = f->next, prev = f->prev, link = ma_zone_link_of (zone, new);

  ma_frame_set_links (zone, new, next, prev);
  if (prev != MA_LINK_NONE)
    ma_frame_set_links (zone, node->start_pfn + prev, link, node->frames[prev].prev);
  else
    node->lru_head[lru] = link;
  if (next != MA_LINK_NONE)
    ma_frame_set_links (zone, node->start_pfn + next, node->frames[next].next, link);
  else
    node->lru_tail[lru] = link;
  ma_frame_set_links (zone, old, MA_LINK_NONE, MA_LINK_NONE);
}

guint64
ma_node_get_lru_size (MaNode    *node,
                      MaLruList  lru)
{
  g_return_val_if_fail (lru < MA_N_LRU, 0);
  return node->lru_len[lru];
}

/* ------------------------------------------------------------------------------------------ */
/* Owner page maps */

void
ma_owner_map_set (MaMachine *self,
                  guint      owner,
                  guint32    index,
                  guint64    value)
{
  GArray *map;

  while (self->owner_maps->len <= owner)
    g_ptr_array_add (self->owner_maps, NULL);
  map = g_ptr_array_index (self->owner_maps, owner);
  if (map == NULL)
    {
      map = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_ptr_array_index (self->owner_maps, owner) = map;
    }
  if (map->len <= index)
    {
      guint old = map->len;

      g_array_set_size (map, index + 1);
      for (guint i = old; i < map->len; i++)
        g_array_index (map, guint64, i) = MA_MAP_NONE;
    }
  if (G_UNLIKELY (self->journal != NULL))
    ma_journal_record_map (self->journal, owner, index, g_array_index (map, guint64, index));
  g_array_index (map, guint64, index) = value;
}

static guint64
owner_map_get (MaMachine *self,
               guint      owner,
               guint32    index)
{
  GArray *map;

  if (owner >= self->owner_maps->len || (map = g_ptr_array_index (self->owner_maps, owner)) == NULL
      || index >= map->len)
    return MA_MAP_NONE;
  return g_array_index (map, guint64, index);
}

static guint64
owner_map_len (MaMachine *self,
               guint      owner)
{
  GArray *map;

  if (owner >= self->owner_maps->len || (map = g_ptr_array_index (self->owner_maps, owner)) == NULL)
    return 0;
  return map->len;
}

/* Gives back a user or slab page found through its owner: off the LRU, out of the page map. */
void
ma_pressure_free_user_page (MaMachine *self,
                            MaZone    *zone,
                            guint64    pfn)
{
  const MaFrame *f = ma_zone_frame (zone, pfn);

  if (ma_frame_flags (f) & MA_PG_LRU)
    ma_lru_del (zone, pfn, ma_lru_of_frame (f));
  if (owner_map_get (self, ma_frame_owner (f), ma_frame_index (f)) == pfn)
    ma_owner_map_set (self, ma_frame_owner (f), ma_frame_index (f), MA_MAP_NONE);
  ma_machine_free_block (self, pfn, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Allocating user pages */

static gboolean
alloc_owned (MaMachine     *self,
             MaGfp          gfp,
             guint          order,
             gint           node,
             guint          owner,
             guint32        index,
             guint64       *out_pfn,
             MaAllocResult *failure)
{
  MaAllocRequest req = { .gfp = gfp, .order = order, .node = node, .start_zone = -1,
                         .owner = owner, .index = index };

  if (ma_machine_alloc (self, &req, out_pfn, failure))
    return TRUE;
  return FALSE;
}

static MaProcess *
process_by_pid (MaMachine *self,
                guint      pid)
{
  for (guint i = 0; i < self->processes->len; i++)
    {
      MaProcess *p = &g_array_index (self->processes, MaProcess, i);

      if (p->pid == pid)
        return p;
    }
  return NULL;
}

gint
ma_machine_find_process (MaMachine *self,
                         guint      pid)
{
  for (guint i = 0; i < self->processes->len; i++)
    if (g_array_index (self->processes, MaProcess, i).pid == pid)
      return (gint) i;
  return -1;
}

/* THREAD_SIZE is 16 KiB on 64-bit x86 and arm64, 8 KiB on 32-bit x86. */
static guint
kstack_order (MaMachine *self)
{
  guint bytes = (self->spec->highmem || g_strcmp0 (self->spec->arch, "i386") == 0) ? 8192 : 16384;
  guint order = 0;

  while (((guint64) 1 << (order + self->page_shift)) < bytes)
    order++;
  return order;
}

/**
 * ma_machine_spawn_process:
 * @oom_score_adj: -1000 (never killed) to 1000 (killed first)
 * @node: the node it runs on, or -1
 *
 * A process with a kernel stack and no memory yet.
 *
 * Returns: its pid, or 0 when even its kernel stack could not be allocated
 */
guint
ma_machine_spawn_process (MaMachine   *self,
                          const char  *name,
                          gint         oom_score_adj,
                          gint         node,
                          GError     **error)
{
  MaProcess p = { 0, };
  g_autofree char *anon = g_strdup_printf ("%s heap", name);
  g_autofree char *pt = g_strdup_printf ("%s page tables", name);
  g_autofree char *ks = g_strdup_printf ("%s kernel stack", name);
  MaAllocResult failure;

  g_return_val_if_fail (MA_IS_MACHINE (self), 0);

  if (oom_score_adj < -1000 || oom_score_adj > 1000 || node >= (gint) self->n_nodes)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("A process needs an oom_score_adj from -1000 to 1000 and an existing node"));
      return 0;
    }
  p.pid = self->next_pid++;
  p.name = g_strdup (name);
  p.oom_score_adj = oom_score_adj;
  p.node = node;
  p.alive = TRUE;
  p.anon_owner = ma_machine_add_owner (self, MA_OWNER_ANON, anon, (gint) p.pid);
  p.pagetable_owner = ma_machine_add_owner (self, MA_OWNER_PAGETABLE, pt, (gint) p.pid);
  p.kstack_owner = ma_machine_add_owner (self, MA_OWNER_KERNEL_STACK, ks, (gint) p.pid);
  if (p.anon_owner == 0 || p.kstack_owner == 0)
    {
      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                   _("Too many owners: the machine cannot track more processes"));
      g_free (p.name);
      return 0;
    }
  ((MaOwner *) g_ptr_array_index (self->owners, p.anon_owner))->oom_score_adj = oom_score_adj;
  if (!alloc_owned (self, MA_GFP_KERNEL, kstack_order (self), node, p.kstack_owner, 0,
                    &p.kstack_pfn, &failure))
    {
      g_autofree char *why = ma_alloc_result_explain (&failure);

      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_NO_MEMORY,
                   _("No memory for the kernel stack of %s: %s"), name, why);
      g_free (p.name);
      return 0;
    }
  g_array_append_val (self->processes, p);
  return p.pid;
}

guint
ma_machine_get_n_processes (MaMachine *self)
{
  return self->processes->len;
}

gboolean
ma_machine_get_process (MaMachine     *self,
                        guint          index,
                        MaProcessInfo *out)
{
  const MaProcess *p;

  if (index >= self->processes->len)
    return FALSE;
  p = &g_array_index (self->processes, MaProcess, index);
  out->pid = p->pid;
  out->name = p->name;
  out->oom_score_adj = p->oom_score_adj;
  out->alive = p->alive;
  out->node = p->node;
  out->rss = ((MaOwner *) g_ptr_array_index (self->owners, p->anon_owner))->pages;
  out->pagetables = ((MaOwner *) g_ptr_array_index (self->owners, p->pagetable_owner))->pages;
  out->swap = p->swap;
  out->heap = owner_map_len (self, p->anon_owner);
  return TRUE;
}

/* One PTE page maps 2^(page_shift - 3) pages (512 with 4 KiB pages and 8-byte entries). */
static guint64
ptes_per_page (MaMachine *self)
{
  guint pte_size = (self->spec->highmem && !self->spec->pae) ? 4 : 8;

  return ((guint64) 1 << self->page_shift) / pte_size;
}

/* Allocates the anonymous page at index for a process (a page fault), with its page table. */
static gboolean
fault_in (MaMachine     *self,
          MaProcess     *p,
          guint32        index,
          MaAllocResult *failure)
{
  guint64 pfn;

  if (index % ptes_per_page (self) == 0
      && owner_map_get (self, p->pagetable_owner, index / ptes_per_page (self)) == MA_MAP_NONE)
    {
      if (!alloc_owned (self, MA_GFP_KERNEL, 0, p->node, p->pagetable_owner,
                        (guint32) (index / ptes_per_page (self)), &pfn, failure))
        return FALSE;
      ma_owner_map_set (self, p->pagetable_owner, (guint32) (index / ptes_per_page (self)), pfn);
      if (!p->alive)
        return FALSE;   /* the OOM killer chose this process while it faulted */
    }
  if (!alloc_owned (self, MA_GFP_HIGHUSER_MOVABLE, 0, p->node, p->anon_owner, index, &pfn, failure))
    return FALSE;
  if (!p->alive)
    {
      /* killed by the OOM killer during this very allocation: give the page back */
      ma_machine_free_block (self, pfn, 0);
      return FALSE;
    }
  ma_lru_add (ma_machine_zone_of_pfn_internal (self, pfn), pfn, MA_LRU_INACTIVE_ANON, FALSE);
  ma_owner_map_set (self, p->anon_owner, index, pfn);
  return TRUE;
}

/**
 * ma_machine_process_grow:
 * @pages: how many new pages the process touches
 * @last_failure: (out caller-allocates) (optional): why the last allocation failed
 *
 * The process touches new heap pages: page faults allocating anonymous pages (and page tables).
 *
 * Returns: the pages it got before an allocation failed or the OOM killer killed it
 */
guint64
ma_machine_process_grow (MaMachine     *self,
                         guint          pid,
                         guint64        pages,
                         MaAllocResult *last_failure)
{
  MaProcess *p = process_by_pid (self, pid);
  guint64 n = 0;

  if (p == NULL || !p->alive)
    return 0;
  for (; n < pages; n++)
    {
      guint32 index = (guint32) owner_map_len (self, p->anon_owner);

      if (index >= MA_FRAME_INDEX_MAX)
        break;
      if (!fault_in (self, p, index, last_failure))
        break;
      p = process_by_pid (self, pid);   /* the array may have moved: OOM kills spawn nothing, but be safe */
      if (p == NULL || !p->alive)
        break;
    }
  return n;
}

/* mark_page_accessed(). */
static void
mark_accessed (MaZone  *zone,
               guint64  pfn)
{
  const MaFrame *f = ma_zone_frame (zone, pfn);
  guint flags = ma_frame_flags (f);

  if (!(flags & MA_PG_LRU))
    return;
  if (!(flags & MA_PG_ACTIVE) && (flags & MA_PG_REFERENCED))
    {
      MaLruList from = ma_lru_of_frame (f);

      MaEvent *e;

      ma_lru_del (zone, pfn, from);
      set_flags (zone, pfn, 0, MA_PG_REFERENCED);
      ma_lru_add (zone, pfn, from == MA_LRU_INACTIVE_ANON ? MA_LRU_ACTIVE_ANON : MA_LRU_ACTIVE_FILE,
                  FALSE);
      e = ma_event_ring_push (zone->node->machine->events, MA_EVENT_LRU_ACTIVATE, pfn, 0);
      e->node = (guint8) zone->node->index;
      e->zone_idx = (guint8) zone->zone_idx;
    }
  else if (!(flags & MA_PG_REFERENCED))
    set_flags (zone, pfn, MA_PG_REFERENCED, 0);
}

/* Swap-in: a major fault brings a swapped page back. */
static gboolean
swap_in (MaMachine *self,
         MaProcess *p,
         guint32    index)
{
  if (!fault_in (self, p, index, NULL))
    return FALSE;
  p->swap--;
  self->swap_used--;
  return TRUE;
}

/**
 * ma_machine_process_access:
 * @pages: how many random pages of its heap the process touches
 *
 * Touches pages the process already has: resident ones age as mark_page_accessed() says,
 * swapped ones are faulted back in.
 *
 * Returns: the pages that had to be swapped in
 */
guint64
ma_machine_process_access (MaMachine *self,
                           guint      pid,
                           guint64    pages)
{
  MaProcess *p = process_by_pid (self, pid);
  guint64 swapped_in = 0, heap;

  if (p == NULL || !p->alive || (heap = owner_map_len (self, p->anon_owner)) == 0)
    return 0;
  for (guint64 i = 0; i < pages; i++)
    {
      guint32 index = (guint32) ma_machine_random_below (self, heap);
      guint64 pfn = owner_map_get (self, p->anon_owner, index);

      if (pfn == MA_MAP_SWAPPED)
        {
          if (!swap_in (self, p, index))
            break;
          swapped_in++;
          p = process_by_pid (self, p->pid);
          if (p == NULL || !p->alive)
            break;
        }
      else if (pfn != MA_MAP_NONE)
        mark_accessed (ma_machine_zone_of_pfn_internal (self, pfn), pfn);
    }
  return swapped_in;
}

guint64
ma_machine_process_swapin (MaMachine *self,
                           guint      pid,
                           guint64    pages)
{
  MaProcess *p = process_by_pid (self, pid);
  guint64 n = 0, heap;

  if (p == NULL || !p->alive)
    return 0;
  heap = owner_map_len (self, p->anon_owner);
  for (guint32 index = 0; index < heap && n < pages; index++)
    if (owner_map_get (self, p->anon_owner, index) == MA_MAP_SWAPPED)
      {
        if (!swap_in (self, p, index))
          break;
        n++;
      }
  return n;
}

static void
free_owner_pages (MaMachine *self,
                  guint      owner)
{
  guint64 len = owner_map_len (self, owner);

  for (guint32 i = 0; i < len; i++)
    {
      guint64 pfn = owner_map_get (self, owner, i);

      if (pfn != MA_MAP_NONE && pfn != MA_MAP_SWAPPED)
        {
          MaZone *zone = ma_machine_zone_of_pfn_internal (self, pfn);

          ma_pressure_free_user_page (self, zone, pfn);
        }
      else if (pfn == MA_MAP_SWAPPED)
        ma_owner_map_set (self, owner, i, MA_MAP_NONE);   /* so that undo brings it back */
    }
  if (owner < self->owner_maps->len && g_ptr_array_index (self->owner_maps, owner) != NULL)
    g_array_set_size (g_ptr_array_index (self->owner_maps, owner), 0);
}

/* exit_mmap() and the task's stack: everything goes back; swap slots are released. */
gboolean
ma_machine_process_exit (MaMachine *self,
                         guint      pid)
{
  MaProcess *p = process_by_pid (self, pid);

  if (p == NULL || !p->alive)
    return FALSE;
  p->alive = FALSE;
  self->swap_used -= p->swap;
  p->swap = 0;
  free_owner_pages (self, p->anon_owner);
  free_owner_pages (self, p->pagetable_owner);
  ma_machine_free_block (self, p->kstack_pfn, kstack_order (self));
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Page cache */

guint
ma_machine_open_file (MaMachine  *self,
                      const char *name,
                      guint64     size_pages)
{
  guint owner = ma_machine_add_owner (self, MA_OWNER_FILE, name, -1);

  if (owner != 0 && size_pages > 0)
    ma_owner_map_set (self, owner, (guint32) MIN (size_pages, MA_FRAME_INDEX_MAX) - 1, MA_MAP_NONE);
  return owner;
}

/**
 * ma_machine_file_read:
 * @write: the pages are written (dirtied), not only read
 *
 * Reads (or writes) pages of a file through the page cache: cached pages are marked accessed,
 * missing ones are allocated and put on the inactive file list.
 *
 * Returns: the pages that had to be read in (allocated)
 */
guint64
ma_machine_file_read (MaMachine     *self,
                      guint          file,
                      guint64        first_page,
                      guint64        n_pages,
                      gboolean       write,
                      MaAllocResult *last_failure)
{
  const MaOwner *o = ma_machine_get_owner (self, file);
  guint64 added = 0;

  if (o == NULL || o->kind != MA_OWNER_FILE)
    return 0;
  for (guint64 i = first_page; i < first_page + n_pages && i < MA_FRAME_INDEX_MAX; i++)
    {
      guint64 pfn = owner_map_get (self, file, (guint32) i);
      MaZone *zone;

      if (pfn == MA_MAP_NONE)
        {
          if (!alloc_owned (self, MA_GFP_HIGHUSER_MOVABLE, 0, -1, file, (guint32) i, &pfn, last_failure))
            break;
          zone = ma_machine_zone_of_pfn_internal (self, pfn);
          ma_lru_add (zone, pfn, MA_LRU_INACTIVE_FILE, FALSE);
          ma_owner_map_set (self, file, (guint32) i, pfn);
          added++;
        }
      else
        {
          zone = ma_machine_zone_of_pfn_internal (self, pfn);
          mark_accessed (zone, pfn);
        }
      if (write)
        set_flags (zone, pfn, MA_PG_DIRTY, 0);
    }
  return added;
}

/* ------------------------------------------------------------------------------------------ */
/* Slab */

guint64
ma_machine_slab_grow (MaMachine     *self,
                      gboolean       reclaimable,
                      guint64        pages,
                      MaAllocResult *last_failure)
{
  guint owner = reclaimable ? MA_OWNER_SLAB_RECLAIMABLE : MA_OWNER_SLAB;
  MaGfp gfp = MA_GFP_KERNEL | (reclaimable ? MA___GFP_RECLAIMABLE : 0);
  guint64 n = 0;

  for (; n < pages; n++)
    {
      guint32 slot = (guint32) owner_map_len (self, owner);
      guint64 pfn;

      if (slot >= MA_FRAME_INDEX_MAX
          || !alloc_owned (self, gfp, 0, -1, owner, slot, &pfn, last_failure))
        break;
      ma_owner_map_set (self, owner, slot, pfn);
    }
  return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Swap and writeback */

void
ma_machine_set_swap (MaMachine *self,
                     guint64    pages)
{
  self->swap_total = MAX (pages, self->swap_used);
}

void
ma_machine_get_swap (MaMachine *self,
                     guint64   *out_total,
                     guint64   *out_used)
{
  if (out_total)
    *out_total = self->swap_total;
  if (out_used)
    *out_used = self->swap_used;
}

/* end_page_writeback() for the oldest pages under writeback. */
guint64
ma_machine_writeback_complete (MaMachine *self,
                               guint64    max_pages)
{
  guint64 n = 0;

  while (self->writeback_first < self->writeback->len && n < max_pages)
    {
      guint64 pfn = g_array_index (self->writeback, guint64, self->writeback_first++);
      MaZone *zone = ma_machine_zone_of_pfn_internal (self, pfn);

      if (zone != NULL && (ma_frame_flags (ma_zone_frame (zone, pfn)) & MA_PG_WRITEBACK))
        set_flags (zone, pfn, 0, MA_PG_WRITEBACK);
      n++;
    }
  if (self->writeback_first == self->writeback->len)
    {
      g_array_set_size (self->writeback, 0);
      self->writeback_first = 0;
    }
  return n;
}

/* Pages reclaim could still get back on a node: inactive and active lists of file pages, anon
 * pages when there is swap, reclaimable slab. */
guint64
ma_node_get_reclaimable (MaNode *node)
{
  MaMachine *m = node->machine;
  guint64 n = node->lru_len[MA_LRU_INACTIVE_FILE] + node->lru_len[MA_LRU_ACTIVE_FILE];

  if (m->swap_total > m->swap_used)
    n += MIN (node->lru_len[MA_LRU_INACTIVE_ANON] + node->lru_len[MA_LRU_ACTIVE_ANON],
              m->swap_total - m->swap_used);
  return n;
}
