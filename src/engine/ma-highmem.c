/* ma-highmem.c: persistent kmaps and the per-CPU kmap_atomic / kmap_local slots of 32-bit x86
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A HighMem frame has no permanent kernel address: code reaches it through a persistent kmap (one
 * of LAST_PKMAP slots shared by the whole machine, which may sleep) or through a per-CPU
 * atomic/local slot in the fixmap (which may not sleep and nests like a stack).
 *
 * The kmap state (the slots' counts and pages, the wait queue, the per-CPU stacks) lives in one
 * small struct that checkpoints and the undo journal copy whole, and whose persistent mappings
 * are mirrored in the machine's kmap_virtual table, which page_address() and the frame inspector
 * read. The layout the addresses come from is in ma-highmem-layout.c.
 */
#define G_LOG_DOMAIN "ma-highmem"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-highmem-private.h"

G_DEFINE_QUARK (ma-highmem-error-quark, ma_highmem_error)

/* ------------------------------------------------------------------------------------------ */
/* The state */

static MaHighmemState *
state_new (const MaHighmemLayout *l)
{
  MaHighmemState *s = g_new0 (MaHighmemState, 1);

  s->last_pkmap = l->last_pkmap;
  s->n_cpus = l->n_cpus;
  s->slots = l->kmap_slots_per_cpu;
  s->pkmap_count = g_new0 (guint32, s->last_pkmap);
  s->pkmap_pfn = g_new (guint64, s->last_pkmap);
  for (guint i = 0; i < s->last_pkmap; i++)
    s->pkmap_pfn[i] = MA_HM_NO_PFN;
  s->waiters = g_array_new (FALSE, FALSE, sizeof (MaKmapWaiter));
  s->depth = g_new0 (guint, s->n_cpus);
  s->atomic_pfn = g_new (guint64, (gsize) s->n_cpus * s->slots);
  for (gsize i = 0; i < (gsize) s->n_cpus * s->slots; i++)
    s->atomic_pfn[i] = MA_HM_NO_PFN;
  return s;
}

void
ma_highmem_state_free (MaHighmemState *s)
{
  if (s == NULL)
    return;
  g_free (s->pkmap_count);
  g_free (s->pkmap_pfn);
  g_array_unref (s->waiters);
  g_free (s->depth);
  g_free (s->atomic_pfn);
  g_free (s);
}

static MaHighmemState *
state_copy (const MaHighmemState *s)
{
  MaHighmemState *c = g_memdup2 (s, sizeof *s);

  c->pkmap_count = g_memdup2 (s->pkmap_count, sizeof (guint32) * s->last_pkmap);
  c->pkmap_pfn = g_memdup2 (s->pkmap_pfn, sizeof (guint64) * s->last_pkmap);
  c->waiters = g_array_copy (s->waiters);
  c->depth = g_memdup2 (s->depth, sizeof (guint) * s->n_cpus);
  c->atomic_pfn = g_memdup2 (s->atomic_pfn, sizeof (guint64) * s->n_cpus * s->slots);
  return c;
}

/* A machine that never kmapped anything. */
static gboolean
state_is_pristine (const MaHighmemState *s)
{
  if (s == NULL)
    return TRUE;
  if (s->last_pkmap_nr != 0 || s->waiters->len != 0 || s->flushes != 0 || s->waits != 0)
    return FALSE;
  for (guint i = 0; i < s->last_pkmap; i++)
    if (s->pkmap_count[i] != 0)
      return FALSE;
  for (guint i = 0; i < s->n_cpus; i++)
    if (s->depth[i] != 0)
      return FALSE;
  return TRUE;
}

gboolean
ma_highmem_state_equal (const MaHighmemState *a,
                        const MaHighmemState *b)
{
  if (a == NULL || b == NULL)
    return state_is_pristine (a) && state_is_pristine (b);
  return a->last_pkmap == b->last_pkmap && a->n_cpus == b->n_cpus && a->slots == b->slots
         && a->last_pkmap_nr == b->last_pkmap_nr && a->flushes == b->flushes
         && a->waits == b->waits
         && memcmp (a->pkmap_count, b->pkmap_count, sizeof (guint32) * a->last_pkmap) == 0
         && memcmp (a->pkmap_pfn, b->pkmap_pfn, sizeof (guint64) * a->last_pkmap) == 0
         && a->waiters->len == b->waiters->len
         /* an empty array's data may be NULL, which memcmp may not be given */
         && (a->waiters->len == 0
             || memcmp (a->waiters->data, b->waiters->data,
                        sizeof (MaKmapWaiter) * a->waiters->len) == 0)
         && memcmp (a->depth, b->depth, sizeof (guint) * a->n_cpus) == 0
         && memcmp (a->atomic_pfn, b->atomic_pfn, sizeof (guint64) * a->n_cpus * a->slots) == 0;
}

gsize
ma_highmem_state_size (const MaHighmemState *s)
{
  if (s == NULL)
    return 0;
  return sizeof *s + s->last_pkmap * (sizeof (guint32) + sizeof (guint64))
         + s->waiters->len * sizeof (MaKmapWaiter)
         + s->n_cpus * (sizeof (guint) + s->slots * sizeof (guint64));
}

void
ma_highmem_free (MaHighmem *hm)
{
  if (hm == NULL)
    return;
  ma_highmem_state_free (hm->state);
  g_free (hm->areas);
  g_clear_pointer (&hm->names, g_ptr_array_unref);
  g_free (hm);
}

/* The machine's highmem model, made on first use. */
MaHighmem *
ma_highmem_of (MaMachine *m)
{
  if (m->highmem == NULL)
    {
      MaHighmem *hm = g_new0 (MaHighmem, 1);

      if (ma_highmem_layout_init (hm, m))
        hm->state = state_new (&hm->layout);
      m->highmem = hm;
    }
  return m->highmem;
}

/* page_address_htable: the machine's kmap_virtual, rebuilt from the slots after a restore. */
static void
rebuild_page_address (MaMachine *m)
{
  MaHighmem *hm = m->highmem;

  g_hash_table_remove_all (m->kmap_virtual);
  if (hm == NULL || hm->state == NULL)
    return;
  for (guint i = 0; i < hm->state->last_pkmap; i++)
    if (hm->state->pkmap_count[i] >= 1)
      {
        guint64 vaddr = ma_highmem_pkmap_addr (&hm->layout, i);

        g_hash_table_insert (m->kmap_virtual, g_memdup2 (&hm->state->pkmap_pfn[i], sizeof (gint64)),
                             g_memdup2 (&vaddr, sizeof (guint64)));
      }
}

MaHighmemState *
ma_highmem_state_save (MaMachine *m)
{
  if (m->highmem == NULL || m->highmem->state == NULL)
    return NULL;
  return state_copy (m->highmem->state);
}

void
ma_highmem_state_restore (MaMachine            *m,
                          const MaHighmemState *saved)
{
  MaHighmem *hm;

  if (saved == NULL && m->highmem == NULL)
    return;
  hm = ma_highmem_of (m);
  if (hm->state == NULL)
    return;
  ma_highmem_state_free (hm->state);
  hm->state = saved != NULL ? state_copy (saved) : state_new (&hm->layout);
  hm->state->busy = 0;
  for (guint i = 0; i < hm->state->last_pkmap; i++)
    if (hm->state->pkmap_count[i] >= 2)
      hm->state->busy++;
  rebuild_page_address (m);
}

static inline guint64
mix (guint64 h,
     guint64 v)
{
  h ^= v + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
  return h * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
}

/* A digest of the kmap state for ma_machine_hash_state(); 0 while nothing was ever kmapped, so
 * machines without HighMem hash as they always did. */
guint64
ma_highmem_hash (MaMachine *m)
{
  const MaHighmemState *s = m->highmem ? m->highmem->state : NULL;
  guint64 h = G_GUINT64_CONSTANT (0x6b6d6170);

  if (state_is_pristine (s))
    return 0;
  h = mix (h, s->last_pkmap_nr);
  h = mix (h, s->flushes);
  h = mix (h, s->waits);
  for (guint i = 0; i < s->last_pkmap; i++)
    h = mix (mix (h, s->pkmap_count[i]), s->pkmap_pfn[i]);
  for (guint i = 0; i < s->waiters->len; i++)
    {
      const MaKmapWaiter *w = &g_array_index (s->waiters, MaKmapWaiter, i);

      h = mix (mix (h, w->task), w->pfn);
    }
  for (guint i = 0; i < s->n_cpus; i++)
    h = mix (h, s->depth[i]);
  for (gsize i = 0; i < (gsize) s->n_cpus * s->slots; i++)
    h = mix (h, s->atomic_pfn[i]);
  return h == 0 ? 1 : h;
}

/* ------------------------------------------------------------------------------------------ */
/* Frames and their addresses */

static gboolean
zone_is_highmem (MaZone *zone)
{
  return zone->type == MA_ZONE_HIGHMEM
         || (zone->type == MA_ZONE_MOVABLE && zone->movable_is_highmem);
}

/* page_address() for a HighMem frame: its PKMAP slot, if it has one. */
static gboolean
pkmap_slot_of (MaMachine *m,
               guint64    pfn,
               guint     *out_slot)
{
  gint64 key = (gint64) pfn;
  const guint64 *vaddr = g_hash_table_lookup (m->kmap_virtual, &key);

  if (vaddr == NULL)
    return FALSE;
  *out_slot = (guint) ((*vaddr - m->highmem->layout.pkmap_base) >> 12);
  return TRUE;
}

static gboolean
check_pfn (MaMachine  *m,
           guint64     pfn,
           MaZone    **out_zone,
           GError    **error)
{
  MaZone *zone = ma_machine_zone_of_pfn_internal (m, pfn);

  if (zone == NULL)
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID,
                   _("Page frame %" PRIu64 " is not in any zone of this machine"), pfn);
      return FALSE;
    }
  *out_zone = zone;
  return TRUE;
}

/**
 * ma_highmem_pfn_to_virtual:
 * @pfn: a page frame
 *
 * Every kernel virtual address the frame is reachable at now: lowmem has its direct-map
 * address; a HighMem frame has its PKMAP address while kmapped and one address per atomic/local
 * slot mapping it, and none otherwise.
 *
 * Returns: (transfer full) (element-type MaPfnMapping): the addresses, perhaps none; %NULL with
 *   @error set when @pfn names no frame
 */
GArray *
ma_highmem_pfn_to_virtual (MaMachine  *machine,
                           guint64     pfn,
                           GError    **error)
{
  MaHighmem *hm;
  MaZone *zone;
  GArray *out;
  guint slot;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);

  hm = ma_highmem_of (machine);
  if (!ma_highmem_check_supported (hm, error) || !check_pfn (machine, pfn, &zone, error))
    return NULL;
  out = g_array_new (FALSE, FALSE, sizeof (MaPfnMapping));
  if (!zone_is_highmem (zone))
    {
      MaPfnMapping map = { MA_PFN_MAPPING_DIRECT, hm->layout.page_offset + (pfn << 12), -1, -1 };

      g_array_append_val (out, map);
      return out;
    }
  if (pkmap_slot_of (machine, pfn, &slot))
    {
      MaPfnMapping map = { MA_PFN_MAPPING_PKMAP, ma_highmem_pkmap_addr (&hm->layout, slot), -1,
                           (gint) slot };

      g_array_append_val (out, map);
    }
  for (guint cpu = 0; cpu < hm->state->n_cpus; cpu++)
    for (guint pos = 0; pos < hm->state->depth[cpu]; pos++)
      if (hm->state->atomic_pfn[cpu * hm->state->slots + pos] == pfn)
        {
          MaPfnMapping map = { MA_PFN_MAPPING_ATOMIC,
                               ma_highmem_kmap_slot_vaddr (&hm->layout, cpu, pos),
                               (gint) cpu, (gint) pos };

          g_array_append_val (out, map);
        }
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Changing the state */

/* Outside an action nothing records a kmap for undo, and a redo would write back a kmap state
 * that no longer follows from the present one: the redo stack goes, as after any new change. */
static void
forget_redo (MaMachine *m)
{
  if (m->journal == NULL)
    g_ptr_array_set_size (m->redo_stack, 0);
}

static void
emit (MaMachine   *m,
      MaEventType  type,
      guint64      pfn,
      guint32      aux)
{
  MaEvent *e = ma_event_ring_push (m->events, type, pfn, 0);
  MaZone *zone = type == MA_EVENT_KMAP_FLUSH ? NULL : ma_machine_zone_of_pfn_internal (m, pfn);

  e->aux = aux;
  if (zone != NULL)
    {
      e->node = (guint8) zone->node->index;
      e->zone_idx = (guint8) zone->zone_idx;
    }
}

/* Whether someone may kmap the frame: it must be in use, and a HighMem page must stay where it
 * is while mapped. */
static gboolean
check_mappable (MaMachine  *m,
                guint64     pfn,
                gboolean   *out_highmem,
                GError    **error)
{
  MaZone *zone;
  MaFrameInfo info;

  if (!check_pfn (m, pfn, &zone, error))
    return FALSE;
  ma_machine_get_frame_info (m, pfn, &info);
  if (info.state != MA_FRAME_ALLOC_HEAD && info.state != MA_FRAME_ALLOC_TAIL
      && info.state != MA_FRAME_IN_USE)
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_ALLOCATED,
                   _("Page frame %" PRIu64 " is not allocated (it is %s): only a page in use can "
                     "be mapped"), pfn, ma_frame_state_name (info.state));
      return FALSE;
    }
  *out_highmem = zone_is_highmem (zone);
  if (*out_highmem
      && ((info.flags & MA_PG_LRU)
          || (info.owner < m->owner_maps->len && g_ptr_array_index (m->owner_maps, info.owner))))
    {
      const MaOwner *o = ma_machine_get_owner (m, info.owner);

      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY,
                   _("Page frame %" PRIu64 " belongs to %s, whose pages reclaim and compaction "
                     "may take or move at any time; the simulator does not yet hold them back for "
                     "a kmap, so only kernel pages can be kmapped"),
                   pfn, o ? o->name : "?");
      return FALSE;
    }
  return TRUE;
}

/* flush_all_zero_pkmaps(): every slot left at 1 (no users, mapping still in the TLBs) is
 * unmapped, its page loses its address, and one TLB flush covers the whole window. */
static guint
flush_all_zero_pkmaps (MaMachine *m)
{
  MaHighmemState *s = m->highmem->state;
  guint cleared = 0;

  for (guint i = 0; i < s->last_pkmap; i++)
    {
      gint64 key;

      if (s->pkmap_count[i] != 1)
        continue;
      s->pkmap_count[i] = 0;
      key = (gint64) s->pkmap_pfn[i];
      g_hash_table_remove (m->kmap_virtual, &key);
      s->pkmap_pfn[i] = MA_HM_NO_PFN;
      cleared++;
    }
  if (cleared > 0)
    {
      s->flushes++;
      emit (m, MA_EVENT_KMAP_FLUSH, 0, cleared);
    }
  return cleared;
}

/*
 * map_new_virtual() (mm/highmem.c): a round-robin scan from last_pkmap_nr + 1 for a slot whose
 * count is 0. Passing slot 0 flushes the slots left at 1 and gives the scan LAST_PKMAP more tries.
 * After LAST_PKMAP tries without a free slot the task sleeps.
 *
 * A scan that fails always ran through slot 0 and on to LAST_PKMAP - 1, and found every slot at
 * 2 or more after the flush; when every slot is busy the result is known without scanning, which
 * keeps a long wait queue cheap to wake.
 */
static gboolean
map_new_virtual (MaMachine *m,
                 guint64    pfn,
                 guint     *out_slot)
{
  MaHighmem *hm = m->highmem;
  MaHighmemState *s = hm->state;
  guint mask = s->last_pkmap - 1;
  guint count = s->last_pkmap;
  guint64 vaddr;

  if (s->busy == s->last_pkmap)
    {
      s->last_pkmap_nr = s->last_pkmap - 1;
      return FALSE;
    }
  for (;;)
    {
      s->last_pkmap_nr = (s->last_pkmap_nr + 1) & mask;
      if (s->last_pkmap_nr == 0)
        {
          flush_all_zero_pkmaps (m);
          count = s->last_pkmap;
        }
      if (s->pkmap_count[s->last_pkmap_nr] == 0)
        break;
      if (--count)
        continue;
      return FALSE;
    }
  s->pkmap_count[s->last_pkmap_nr] = 1;
  s->pkmap_pfn[s->last_pkmap_nr] = pfn;
  vaddr = ma_highmem_pkmap_addr (&hm->layout, s->last_pkmap_nr);
  g_hash_table_insert (m->kmap_virtual, g_memdup2 (&pfn, sizeof (gint64)),
                       g_memdup2 (&vaddr, sizeof (guint64)));
  *out_slot = s->last_pkmap_nr;
  return TRUE;
}

/* kmap_high(): reuse the page's mapping if it has one, else map it; then one more user. */
static gboolean
kmap_high (MaMachine *m,
           guint64    pfn,
           guint64   *out_vaddr)
{
  MaHighmemState *s = m->highmem->state;
  guint slot;

  if (!pkmap_slot_of (m, pfn, &slot) && !map_new_virtual (m, pfn, &slot))
    return FALSE;
  if (++s->pkmap_count[slot] == 2)
    s->busy++;
  g_assert (s->pkmap_count[slot] >= 2);
  emit (m, MA_EVENT_KMAP, pfn, slot);
  *out_vaddr = ma_highmem_pkmap_addr (&m->highmem->layout, slot);
  return TRUE;
}

/*
 * wake_up(&pkmap_map_wait): every waiter wakes (the queue is not exclusive) and retries
 * map_new_virtual() from the start, first checking whether someone mapped its page meanwhile.
 * The model runs the woken tasks at once, in the order they fell asleep; those that still find
 * no slot sleep again in their place.
 */
static void
wake_waiters (MaMachine *m)
{
  MaHighmemState *s = m->highmem->state;
  g_autoptr(GArray) queue = s->waiters;

  s->waiters = g_array_new (FALSE, FALSE, sizeof (MaKmapWaiter));
  for (guint i = 0; i < queue->len; i++)
    {
      const MaKmapWaiter *w = &g_array_index (queue, MaKmapWaiter, i);
      guint slot;
      guint64 vaddr;

      /* It succeeds when its page got mapped meanwhile or a slot is not busy: the retry then
       * passes slot 0, whose flush frees every slot left at 1. */
      if (pkmap_slot_of (m, w->pfn, &slot) || s->busy < s->last_pkmap)
        {
          gboolean mapped;

          emit (m, MA_EVENT_KMAP_WAKE, w->pfn, (guint32) w->task);
          mapped = kmap_high (m, w->pfn, &vaddr);
          g_assert (mapped);
        }
      else
        {
          s->last_pkmap_nr = s->last_pkmap - 1;   /* its scan, which failed again */
          g_array_append_val (s->waiters, *w);
        }
    }
}

/**
 * ma_highmem_kmap:
 * @pfn: an allocated page frame
 * @task: who asks (kept with the request if it has to wait)
 * @out_result: (out) (optional): mapped, or waiting for a slot
 * @out_vaddr: (out) (optional): when mapped, the address
 *
 * kmap(): a lowmem page has its direct-map address and takes no slot. A HighMem page that is
 * kmapped already gets one more user; otherwise it takes a free PKMAP slot (map_new_virtual()),
 * and when every slot is in use the task waits on the pkmap wait queue until a kunmap() releases
 * one (%MA_KMAP_WAITING; see ma_highmem_get_waiters()).
 *
 * Returns: %FALSE with @error set when the request is invalid; the machine is then unchanged
 */
gboolean
ma_highmem_kmap (MaMachine     *machine,
                 guint64        pfn,
                 guint64        task,
                 MaKmapResult  *out_result,
                 guint64       *out_vaddr,
                 GError       **error)
{
  MaHighmem *hm;
  gboolean high;
  guint64 vaddr = 0;
  MaKmapResult result = MA_KMAP_MAPPED;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);

  hm = ma_highmem_of (machine);
  if (!ma_highmem_check_supported (hm, error) || !check_mappable (machine, pfn, &high, error))
    return FALSE;

  if (!high)
    {
      vaddr = hm->layout.page_offset + (pfn << 12);
      emit (machine, MA_EVENT_KMAP, pfn, MA_HM_NO_SLOT);
    }
  else
    {
      forget_redo (machine);
      if (!kmap_high (machine, pfn, &vaddr))
        {
          MaKmapWaiter w = { task, pfn };

          g_array_append_val (hm->state->waiters, w);
          hm->state->waits++;
          emit (machine, MA_EVENT_KMAP_WAIT, pfn, (guint32) task);
          result = MA_KMAP_WAITING;
          vaddr = 0;
        }
    }
  if (out_result)
    *out_result = result;
  if (out_vaddr)
    *out_vaddr = vaddr;
  return TRUE;
}

/**
 * ma_highmem_kunmap:
 * @pfn: a page frame
 *
 * kunmap(): nothing for lowmem. For HighMem one user fewer; the mapping itself stays until the
 * next flush (pkmap_count 1). When the last user leaves, the tasks waiting for a slot wake.
 *
 * Returns: %FALSE with @error set when the page holds no kmap; the machine is then unchanged
 */
gboolean
ma_highmem_kunmap (MaMachine  *machine,
                   guint64     pfn,
                   GError    **error)
{
  MaHighmem *hm;
  MaHighmemState *s;
  MaZone *zone;
  guint slot;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);

  hm = ma_highmem_of (machine);
  if (!ma_highmem_check_supported (hm, error) || !check_pfn (machine, pfn, &zone, error))
    return FALSE;
  s = hm->state;
  if (!zone_is_highmem (zone))
    {
      emit (machine, MA_EVENT_KUNMAP, pfn, MA_HM_NO_SLOT);
      return TRUE;
    }
  if (!pkmap_slot_of (machine, pfn, &slot))
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED,
                   _("Page frame %" PRIu64 " is not kmapped (page_address() is NULL): there is "
                     "nothing to kunmap"), pfn);
      return FALSE;
    }
  if (s->pkmap_count[slot] < 2)
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED,
                   _("Page frame %" PRIu64 " is still mapped in pkmap slot %u but has no users "
                     "left: this kunmap would be one too many (the kernel would BUG)"), pfn, slot);
      return FALSE;
    }
  forget_redo (machine);
  if (--s->pkmap_count[slot] == 1)
    s->busy--;
  emit (machine, MA_EVENT_KUNMAP, pfn, slot);
  /* a count must never reach 0 without a TLB flush: 1 means free once flushed */
  if (s->pkmap_count[slot] == 1 && s->waiters->len > 0)
    wake_waiters (machine);
  return TRUE;
}

/**
 * ma_highmem_flush_unused:
 *
 * kmap_flush_unused(): unmaps the PKMAP slots nobody uses any more (pkmap_count 1) now rather
 * than at the next wrap of the scan.
 *
 * Returns: how many slots were unmapped
 */
guint
ma_highmem_flush_unused (MaMachine *machine)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), 0);
  hm = ma_highmem_of (machine);
  if (!hm->supported)
    return 0;
  forget_redo (machine);
  return flush_all_zero_pkmaps (machine);
}

/**
 * ma_highmem_cancel_wait:
 * @task: a task given to ma_highmem_kmap()
 *
 * Takes the task's requests off the pkmap wait queue (a simulated task that stops). The kernel
 * sleeps uninterruptibly there; this is the simulation's way out.
 *
 * Returns: how many requests were waiting
 */
guint
ma_highmem_cancel_wait (MaMachine *machine,
                        guint64    task)
{
  MaHighmem *hm;
  GArray *w;
  guint removed = 0;

  g_return_val_if_fail (MA_IS_MACHINE (machine), 0);
  hm = ma_highmem_of (machine);
  if (!hm->supported)
    return 0;
  w = hm->state->waiters;
  for (guint i = 0; i < w->len;)
    if (g_array_index (w, MaKmapWaiter, i).task == task)
      {
        if (removed++ == 0)
          forget_redo (machine);
        g_array_remove_index (w, i);
      }
    else
      i++;
  return removed;
}

/**
 * ma_highmem_task_is_waiting:
 * @task: a task given to ma_highmem_kmap()
 *
 * Returns: whether the task is on the pkmap wait queue
 */
gboolean
ma_highmem_task_is_waiting (MaMachine *machine,
                            guint64    task)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);
  hm = ma_highmem_of (machine);
  if (!hm->supported)
    return FALSE;
  for (guint i = 0; i < hm->state->waiters->len; i++)
    if (g_array_index (hm->state->waiters, MaKmapWaiter, i).task == task)
      return TRUE;
  return FALSE;
}

/**
 * ma_highmem_get_waiters:
 * @out_n_waiters: (out): how many tasks wait
 *
 * Returns: (array length=out_n_waiters) (nullable): the tasks waiting for a PKMAP slot, in the
 *   order they fell asleep; valid until the next kmap change
 */
const MaKmapWaiter *
ma_highmem_get_waiters (MaMachine *machine,
                        guint     *out_n_waiters)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  g_return_val_if_fail (out_n_waiters != NULL, NULL);
  hm = ma_highmem_of (machine);
  if (!hm->supported)
    {
      *out_n_waiters = 0;
      return NULL;
    }
  *out_n_waiters = hm->state->waiters->len;
  return (const MaKmapWaiter *) (gconstpointer) hm->state->waiters->data;
}

/**
 * ma_highmem_get_pkmap_count:
 * @slot: a PKMAP slot, below LAST_PKMAP
 * @out_pfn: (out) (optional): the page the slot maps, when its count is 1 or more
 *
 * Returns: pkmap_count[@slot]: 0 free, 1 mapped without users, n: n-1 users
 */
guint
ma_highmem_get_pkmap_count (MaMachine *machine,
                            guint      slot,
                            guint64   *out_pfn)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), 0);
  hm = ma_highmem_of (machine);
  g_return_val_if_fail (hm->supported && slot < hm->state->last_pkmap, 0);
  if (out_pfn)
    *out_pfn = hm->state->pkmap_pfn[slot];
  return hm->state->pkmap_count[slot];
}

void
ma_highmem_get_pkmap_stats (MaMachine    *machine,
                            MaPkmapStats *out_stats)
{
  MaHighmem *hm;
  const MaHighmemState *s;

  g_return_if_fail (MA_IS_MACHINE (machine));
  g_return_if_fail (out_stats != NULL);

  memset (out_stats, 0, sizeof *out_stats);
  hm = ma_highmem_of (machine);
  if (!hm->supported)
    return;
  s = hm->state;
  out_stats->slots = s->last_pkmap;
  for (guint i = 0; i < s->last_pkmap; i++)
    {
      if (s->pkmap_count[i] == 0)
        out_stats->free++;
      else if (s->pkmap_count[i] == 1)
        out_stats->unused_mapped++;
      else
        {
          out_stats->in_use++;
          out_stats->users += s->pkmap_count[i] - 1;
        }
    }
  out_stats->last_pkmap_nr = s->last_pkmap_nr;
  out_stats->waiters = s->waiters->len;
  out_stats->flushes = s->flushes;
  out_stats->waits = s->waits;
}

/* ------------------------------------------------------------------------------------------ */
/* Atomic and local kmaps */

static gboolean
check_cpu (MaMachine  *m,
           guint       cpu,
           GError    **error)
{
  if (cpu < m->n_cpus)
    return TRUE;
  g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID,
               _("CPU %u does not exist: this machine has %u CPUs (0 to %u)"),
               cpu, m->n_cpus, m->n_cpus - 1);
  return FALSE;
}

/**
 * ma_highmem_kmap_atomic:
 * @cpu: the CPU the caller runs on
 * @pfn: an allocated page frame
 * @out_vaddr: (out) (optional): the address
 *
 * kmap_atomic() (kmap_local_page() from 5.11): a lowmem page has its direct-map address and takes
 * no slot; a HighMem page takes the CPU's next slot, at __fix_to_virt(FIX_KMAP_BEGIN + pos +
 * SLOTS * cpu). The slots nest like a stack and are released in reverse order.
 *
 * Returns: %FALSE with @error set when the request is invalid or the CPU's slots are all
 *   taken; the machine is then unchanged
 */
gboolean
ma_highmem_kmap_atomic (MaMachine  *machine,
                        guint       cpu,
                        guint64     pfn,
                        guint64    *out_vaddr,
                        GError    **error)
{
  MaHighmem *hm;
  MaHighmemState *s;
  gboolean high;
  guint pos;
  guint64 vaddr;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);

  hm = ma_highmem_of (machine);
  if (!ma_highmem_check_supported (hm, error) || !check_cpu (machine, cpu, error)
      || !check_mappable (machine, pfn, &high, error))
    return FALSE;
  s = hm->state;
  if (!high)
    {
      vaddr = hm->layout.page_offset + (pfn << 12);
      emit (machine, MA_EVENT_KMAP_ATOMIC, pfn, MA_HM_NO_SLOT);
    }
  else
    {
      pos = s->depth[cpu];
      if (pos >= hm->layout.kmap_max_depth)
        {
          if (hm->layout.kmap_local)
            g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_DEPTH,
                         _("CPU %u already holds %u nested kmap_local mappings, the most this "
                           "kernel allows (KM_MAX_IDX is %u and the kernel BUGs when the stack "
                           "reaches it): release one first"),
                         cpu, pos, hm->layout.kmap_slots_per_cpu);
          else
            g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_DEPTH,
                         _("CPU %u already holds %u nested kmap_atomic mappings, one in each of "
                           "its %u slots (KM_TYPE_NR): release one first"),
                         cpu, pos, hm->layout.kmap_slots_per_cpu);
          return FALSE;
        }
      forget_redo (machine);
      s->atomic_pfn[cpu * s->slots + pos] = pfn;
      s->depth[cpu]++;
      vaddr = ma_highmem_kmap_slot_vaddr (&hm->layout, cpu, pos);
      emit (machine, MA_EVENT_KMAP_ATOMIC, pfn, cpu << 8 | pos);
    }
  if (out_vaddr)
    *out_vaddr = vaddr;
  return TRUE;
}

/**
 * ma_highmem_kunmap_atomic:
 * @cpu: the CPU that made the mapping
 * @vaddr: the address ma_highmem_kmap_atomic() returned
 *
 * kunmap_atomic() / kunmap_local(): releases the CPU's last slot. A direct-map address needs no
 * release. Releasing any slot but the last one is refused: the kernel warns
 * (WARN_ON_ONCE in kunmap_local_indexed(), with DEBUG_HIGHMEM before 5.11) and then clears the
 * wrong slot; the model leaves the stack as it was.
 *
 * Returns: %FALSE with @error set when @vaddr is not the CPU's last slot; the machine is then
 *   unchanged
 */
gboolean
ma_highmem_kunmap_atomic (MaMachine  *machine,
                          guint       cpu,
                          guint64     vaddr,
                          GError    **error)
{
  MaHighmem *hm;
  const MaHighmemLayout *l;
  MaHighmemState *s;
  guint64 addr = vaddr & ~(MA_HM_PAGE_SIZE - 1);
  guint idx, pos, top;
  guint64 pfn;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);

  hm = ma_highmem_of (machine);
  if (!ma_highmem_check_supported (hm, error) || !check_cpu (machine, cpu, error))
    return FALSE;
  l = &hm->layout;
  s = hm->state;

  if (addr < ma_highmem_fix_to_virt (l, l->fix_kmap_end)
      || addr > ma_highmem_fix_to_virt (l, l->fix_kmap_begin))
    {
      if (addr >= l->page_offset && addr < l->high_memory)
        {
          emit (machine, MA_EVENT_KUNMAP_ATOMIC, (addr - l->page_offset) >> 12, MA_HM_NO_SLOT);
          return TRUE;
        }
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_INVALID,
                   _("0x%08" PRIx64 " is neither a kmap slot nor a lowmem address: it cannot come "
                     "from kmap_atomic()"), vaddr);
      return FALSE;
    }

  idx = (guint) ((l->fixaddr_top - addr) >> 12) - l->fix_kmap_begin;
  pos = idx % l->kmap_slots_per_cpu;
  if (idx / l->kmap_slots_per_cpu != cpu)
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_ORDER,
                   _("0x%08" PRIx64 " is a slot of CPU %u, not of CPU %u: an atomic mapping is "
                     "released on the CPU that made it"),
                   vaddr, idx / l->kmap_slots_per_cpu, cpu);
      return FALSE;
    }
  if (s->depth[cpu] == 0)
    {
      g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED,
                   _("CPU %u holds no atomic mapping: 0x%08" PRIx64 " maps nothing"), cpu, vaddr);
      return FALSE;
    }
  top = s->depth[cpu] - 1;
  if (pos != top)
    {
      if (pos > top)
        g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_NOT_MAPPED,
                     _("Slot %u of CPU %u (0x%08" PRIx64 ") maps nothing: the CPU holds %u atomic "
                       "mappings"), pos, cpu, vaddr, s->depth[cpu]);
      else
        g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_ORDER,
                     _("Out of order: 0x%08" PRIx64 " is slot %u of CPU %u, but the last mapping "
                       "made there is slot %u (0x%08" PRIx64 "); atomic mappings are released in "
                       "the reverse order they were made (the kernel warns here)"),
                     vaddr, pos, cpu, top, ma_highmem_kmap_slot_vaddr (l, cpu, top));
      return FALSE;
    }
  forget_redo (machine);
  pfn = s->atomic_pfn[cpu * s->slots + pos];
  s->atomic_pfn[cpu * s->slots + pos] = MA_HM_NO_PFN;
  s->depth[cpu]--;
  emit (machine, MA_EVENT_KUNMAP_ATOMIC, pfn, cpu << 8 | pos);
  return TRUE;
}

/**
 * ma_highmem_get_atomic_depth:
 * @cpu: a CPU
 *
 * Returns: how many atomic/local mappings the CPU holds
 */
guint
ma_highmem_get_atomic_depth (MaMachine *machine,
                             guint      cpu)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), 0);
  hm = ma_highmem_of (machine);
  if (!hm->supported || cpu >= hm->state->n_cpus)
    return 0;
  return hm->state->depth[cpu];
}

/**
 * ma_highmem_get_atomic_slot:
 * @cpu: a CPU
 * @stack_pos: a position in its stack, below its depth
 * @out_pfn: (out) (optional): the page mapped there
 * @out_vaddr: (out) (optional): the slot's address
 *
 * Returns: %FALSE when the CPU holds no mapping at @stack_pos
 */
gboolean
ma_highmem_get_atomic_slot (MaMachine *machine,
                            guint      cpu,
                            guint      stack_pos,
                            guint64   *out_pfn,
                            guint64   *out_vaddr)
{
  MaHighmem *hm;

  g_return_val_if_fail (MA_IS_MACHINE (machine), FALSE);
  hm = ma_highmem_of (machine);
  if (!hm->supported || cpu >= hm->state->n_cpus || stack_pos >= hm->state->depth[cpu])
    return FALSE;
  if (out_pfn)
    *out_pfn = hm->state->atomic_pfn[cpu * hm->state->slots + stack_pos];
  if (out_vaddr)
    *out_vaddr = ma_highmem_kmap_slot_vaddr (&hm->layout, cpu, stack_pos);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Freeing */

/* Whether the block may be freed: not while someone uses a kmap of one of its pages, nor while
 * a task sleeps waiting to kmap one (in the kernel it holds a reference to the page; here a
 * kunmap would wake it and map a free page). A slot at pkmap_count 1 has no users and may keep
 * pointing at a freed page until the next flush, as in the kernel. */
gboolean
ma_highmem_check_free (MaMachine  *m,
                       guint64     head_pfn,
                       guint       order,
                       GError    **error)
{
  MaHighmemState *s;

  if (m->highmem == NULL || m->highmem->state == NULL)
    return TRUE;
  s = m->highmem->state;
  for (guint64 pfn = head_pfn; pfn < head_pfn + ((guint64) 1 << order); pfn++)
    {
      guint slot;

      if (pkmap_slot_of (m, pfn, &slot) && s->pkmap_count[slot] >= 2)
        {
          g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY,
                       _("Page frame %" PRIu64 " is kmapped at 0x%08" PRIx64 " with %u users: "
                         "kunmap it before freeing it"),
                       pfn, ma_highmem_pkmap_addr (&m->highmem->layout, slot),
                       s->pkmap_count[slot] - 1);
          return FALSE;
        }
      for (guint cpu = 0; cpu < s->n_cpus; cpu++)
        for (guint pos = 0; pos < s->depth[cpu]; pos++)
          if (s->atomic_pfn[cpu * s->slots + pos] == pfn)
            {
              g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY,
                           _("Page frame %" PRIu64 " is mapped by kmap_atomic on CPU %u "
                             "(slot %u): release that mapping before freeing the page"),
                           pfn, cpu, pos);
              return FALSE;
            }
      for (guint i = 0; i < s->waiters->len; i++)
        if (g_array_index (s->waiters, MaKmapWaiter, i).pfn == pfn)
          {
            g_set_error (error, MA_HIGHMEM_ERROR, MA_HIGHMEM_ERROR_BUSY,
                         _("Page frame %" PRIu64 " is what task %" PRIu64 " waits to kmap: "
                           "cancel that wait before freeing the page"),
                         pfn, g_array_index (s->waiters, MaKmapWaiter, i).task);
            return FALSE;
          }
    }
  return TRUE;
}
