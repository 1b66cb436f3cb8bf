/* ma-address-space-text.c: the address-space view's words: where a frame is mapped, what a slot
 * or an area is, and the whole layout for assistive technologies
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for these, so that the status line, the tooltips, the accessible description and the
 * kmap controls say the same thing the same way. Addresses are in hex, as the kernel prints them;
 * page frames in decimal, as the rest of the application shows them. Ranges end one past their
 * last byte, like the kernel's "virtual kernel memory layout" boot message.
 */
#define G_LOG_DOMAIN "ma-address-space-text"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-address-space-text.h"

char *
ma_address_space_format_range (guint64 start,
                               guint64 end)
{
  g_autofree char *size = g_format_size_full (end - start, G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: an address range and its size, "0xc0000000–0xf73fe000 (884.0 MiB)" */
  return g_strdup_printf (_("0x%08" PRIx64 "–0x%08" PRIx64 " (%s)"), start, end, size);
}

/* What the per-CPU slots are called on this kernel. */
const char *
ma_address_space_atomic_name (const MaHighmemLayout *layout)
{
  return layout->kmap_local ? "kmap_local" : "kmap_atomic";
}

static char *
users_text (guint count)
{
  guint users = count - 1;

  return g_strdup_printf (ngettext ("%u user", "%u users", users), users);
}

/**
 * ma_address_space_describe_pfn:
 * @pfn: a page frame, or -1
 *
 * Where the frame is in the kernel's address space: its fixed direct-map address for lowmem;
 * for HighMem its PKMAP slot and its atomic slots, or that page_address() is NULL.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for -1 or a machine without HighMem
 */
char *
ma_address_space_describe_pfn (MaMachine *machine,
                               gint64     pfn)
{
  const MaHighmemLayout *l;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) maps = NULL;
  g_autoptr(GString) text = NULL;
  gboolean has_pkmap = FALSE;
  const MaKmapWaiter *waiters;
  guint n_waiters;

  if (machine == NULL || pfn < 0 || !ma_highmem_is_supported (machine))
    return NULL;
  l = ma_highmem_get_layout (machine);
  maps = ma_highmem_pfn_to_virtual (machine, (guint64) pfn, &error);
  if (maps == NULL)
    return g_strdup (error->message);

  if ((guint64) pfn < l->max_low_pfn)
    {
      guint64 vaddr = maps->len > 0 ? g_array_index (maps, MaPfnMapping, 0).vaddr
                                    : l->page_offset + ((guint64) pfn << 12);

      return g_strdup_printf (_("pfn %" PRIu64 " is lowmem: always mapped, at 0x%08" PRIx64
                                " in the direct map (PAGE_OFFSET + pfn × 4 KiB)"),
                              (guint64) pfn, vaddr);
    }

  text = g_string_new (NULL);
  if (maps->len == 0)
    g_string_printf (text, _("pfn %" PRIu64 " is HighMem and not mapped: page_address() is NULL"),
                     (guint64) pfn);
  else
    g_string_printf (text, _("pfn %" PRIu64 " is HighMem, mapped at"), (guint64) pfn);

  for (guint i = 0; i < maps->len; i++)
    {
      const MaPfnMapping *map = &g_array_index (maps, MaPfnMapping, i);

      g_string_append (text, i == 0 ? " " : "; ");
      if (map->kind == MA_PFN_MAPPING_PKMAP)
        {
          guint count = ma_highmem_get_pkmap_count (machine, (guint) map->slot, NULL);

          has_pkmap = TRUE;
          if (count >= 2)
            {
              g_autofree char *users = users_text (count);

              g_string_append_printf (text, _("0x%08" PRIx64 " by kmap (pkmap slot %d, %s)"),
                                      map->vaddr, map->slot, users);
            }
          else
            g_string_append_printf (text, _("0x%08" PRIx64 " (pkmap slot %d) with no users: "
                                            "the mapping stays until the next flush"),
                                    map->vaddr, map->slot);
        }
      else if (map->kind == MA_PFN_MAPPING_ATOMIC)
        g_string_append_printf (text, _("0x%08" PRIx64 " by %s on CPU %d (slot %d)"),
                                map->vaddr, ma_address_space_atomic_name (l), map->cpu,
                                map->slot);
    }
  if (maps->len > 0 && !has_pkmap)
    g_string_append (text, _("; page_address() is NULL: atomic mappings are not recorded there"));

  waiters = ma_highmem_get_waiters (machine, &n_waiters);
  for (guint i = 0; i < n_waiters; i++)
    if (waiters[i].pfn == (guint64) pfn)
      g_string_append_printf (text, _("; task %" PRIu64 " waits to kmap it"), waiters[i].task);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * ma_address_space_hit_pfn:
 *
 * Returns: the frame a slot maps, a waiting task wants or a direct-map address is; -1 if none
 */
gint64
ma_address_space_hit_pfn (const MaAddressSpaceState *s,
                          const MaAsHit             *hit)
{
  guint64 pfn;

  if (s == NULL)
    return -1;
  switch (hit->kind)
    {
    case MA_AS_HIT_AREA:
      if (hit->area < s->n_areas && s->areas[hit->area].kind == MA_VAREA_DIRECT_MAP)
        return (gint64) ((hit->address - s->layout->page_offset) >> 12);
      return -1;
    case MA_AS_HIT_PKMAP_SLOT:
      if (hit->index < s->layout->last_pkmap && s->count[hit->index] > 0)
        return (gint64) s->pfn[hit->index];
      return -1;
    case MA_AS_HIT_ATOMIC_SLOT:
      if (ma_address_space_state_get_atomic (s, hit->cpu, hit->index, &pfn))
        return (gint64) pfn;
      return -1;
    case MA_AS_HIT_WAITER:
      if (hit->index < s->n_waiters)
        return (gint64) s->waiters[hit->index].pfn;
      return -1;
    case MA_AS_HIT_NONE:
    default:
      return -1;
    }
}

static char *
describe_area (const MaAddressSpaceState *s,
               const MaAsHit             *hit,
               gboolean                   enlarged)
{
  const MaVirtualArea *a = &s->areas[hit->area];
  const MaHighmemLayout *l = s->layout;
  g_autofree char *range = ma_address_space_format_range (a->start, a->end);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_printf (text, "%s\n%s", a->name, range);
  switch (a->kind)
    {
    case MA_VAREA_USER:
      g_string_append_printf (text, _("\nEach process's own mappings; the kernel's begin at "
                                      "PAGE_OFFSET, 0x%08" PRIx64), l->page_offset);
      break;
    case MA_VAREA_DIRECT_MAP:
      g_string_append_printf (text, _("\n0x%08" PRIx64 " is pfn %" PRIu64 ": lowmem is mapped "
                                      "here for good, at PAGE_OFFSET + its physical address"),
                              hit->address, (hit->address - l->page_offset) >> 12);
      break;
    case MA_VAREA_VMALLOC:
      g_string_append (text, _("\nvmalloc, ioremap and modules: page by page, from any zone"));
      break;
    case MA_VAREA_PKMAP:
      g_string_append_printf (text, _("\nLAST_PKMAP = %u slots for kmap(), shared by every CPU "
                                      "(the grid on the right)"), l->last_pkmap);
      break;
    case MA_VAREA_KMAP_SLOTS:
      g_string_append_printf (text, _("\nThe %u %s slots of CPU %d (its stack on the right)"),
                              l->kmap_slots_per_cpu, ma_address_space_atomic_name (l), a->cpu);
      break;
    case MA_VAREA_UNUSED:
    case MA_VAREA_LDT_REMAP:
    case MA_VAREA_CPU_ENTRY_AREA:
    case MA_VAREA_FIXMAP_BOOT:
    case MA_VAREA_FIXMAP:
    default:
      g_string_append_printf (text, _("\nAt the pointer: 0x%08" PRIx64), hit->address);
      break;
    }
  if (enlarged)
    g_string_append (text, _("\nEnlarged on the bar: not to scale"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_pkmap_slot (MaMachine                 *machine,
                     const MaAddressSpaceState *s,
                     guint                      slot)
{
  guint64 vaddr = s->layout->pkmap_base + ((guint64) slot << 12);
  guint count = s->count[slot];
  g_autofree char *state = NULL;
  g_autofree char *users = NULL;
  g_autofree char *where = NULL;

  if (count == 0)
    state = g_strdup (_("pkmap_count 0: free, and no TLB holds it"));
  else if (count == 1)
    state = g_strdup_printf (_("pkmap_count 1: still maps pfn %" PRIu64 " but has no users; "
                               "free again after the next flush"), s->pfn[slot]);
  else
    {
      users = users_text (count);
      state = g_strdup_printf (_("pkmap_count %u: pfn %" PRIu64 " with %s"), count, s->pfn[slot],
                               users);
    }
  where = g_strdup_printf (_("pkmap slot %u at 0x%08" PRIx64), slot, vaddr);
  if (slot == s->stats.last_pkmap_nr)
    return g_strdup_printf (_("%s\n%s\nlast_pkmap_nr: the next search for a free slot starts "
                              "after it"), where, state);
  return g_strdup_printf ("%s\n%s", where, state);
}

static char *
describe_atomic_slot (const MaAddressSpaceState *s,
                      guint                      cpu,
                      guint                      pos)
{
  const MaHighmemLayout *l = s->layout;
  guint idx = l->fix_kmap_begin + pos + l->kmap_slots_per_cpu * cpu;
  guint64 vaddr = l->fixaddr_top - ((guint64) idx << 12);
  g_autofree char *where = NULL;
  guint64 pfn;

  where = g_strdup_printf (_("CPU %u, %s slot %u at 0x%08" PRIx64 " (fixmap index %u)"), cpu,
                           ma_address_space_atomic_name (l), pos, vaddr, idx);
  if (ma_address_space_state_get_atomic (s, cpu, pos, &pfn))
    return g_strdup_printf (pos + 1 == s->depth[cpu]
                            ? _("%s\nMaps pfn %" PRIu64 "; the top of the stack: released first")
                            : _("%s\nMaps pfn %" PRIu64), where, pfn);
  if (pos >= l->kmap_max_depth)
    return g_strdup_printf (_("%s\nNever used: kmap_local stops one short of KM_MAX_IDX"), where);
  return g_strdup_printf (_("%s\nEmpty"), where);
}

/**
 * ma_address_space_describe_hit:
 * @enlarged: for an area, whether the bar draws it larger than to scale
 *
 * Returns: (transfer full) (nullable): a tooltip for what is at a point, lines apart
 */
char *
ma_address_space_describe_hit (MaMachine                 *machine,
                               const MaAddressSpaceState *s,
                               const MaAsHit             *hit,
                               gboolean                   enlarged)
{
  if (s == NULL)
    return NULL;
  switch (hit->kind)
    {
    case MA_AS_HIT_AREA:
      return hit->area < s->n_areas ? describe_area (s, hit, enlarged) : NULL;
    case MA_AS_HIT_PKMAP_SLOT:
      return hit->index < s->layout->last_pkmap ? describe_pkmap_slot (machine, s, hit->index)
                                                : NULL;
    case MA_AS_HIT_ATOMIC_SLOT:
      return hit->cpu < s->n_cpus && hit->index < s->stack_slots
             ? describe_atomic_slot (s, hit->cpu, hit->index) : NULL;
    case MA_AS_HIT_WAITER:
      if (hit->index >= s->n_waiters)
        return NULL;
      return g_strdup_printf (_("Task %" PRIu64 " sleeps in kmap() of pfn %" PRIu64 "\n"
                                "Every PKMAP slot is in use; a kunmap that leaves a slot without "
                                "users wakes it"),
                              s->waiters[hit->index].task, s->waiters[hit->index].pfn);
    case MA_AS_HIT_NONE:
    default:
      return NULL;
    }
}

/**
 * ma_address_space_describe_layout:
 *
 * Returns: (transfer full): the whole picture in words, for assistive technologies
 */
char *
ma_address_space_describe_layout (const MaAddressSpaceState *s)
{
  g_autoptr(GString) text = NULL;
  const MaHighmemLayout *l;

  if (s == NULL)
    return g_strdup (_("No HighMem machine: this view shows the kernel address space of 32-bit "
                       "x86 machines with HighMem"));
  l = s->layout;
  text = g_string_new (_("Kernel virtual address space, 4 GiB, from the top:"));
  for (guint i = s->n_areas; i-- > 0;)
    {
      g_autofree char *range = ma_address_space_format_range (s->areas[i].start, s->areas[i].end);

      g_string_append_printf (text, " %s %s%s", s->areas[i].name, range, i > 0 ? ";" : ".");
    }
  g_string_append_printf (text, _(" PKMAP: %u slots, %u in use by %" PRIu64 " users, %u with no "
                                  "users awaiting a flush, %u free; last_pkmap_nr %u."),
                          s->stats.slots, s->stats.in_use, s->stats.users,
                          s->stats.unused_mapped, s->stats.free, s->stats.last_pkmap_nr);
  for (guint cpu = 0; cpu < s->n_cpus; cpu++)
    g_string_append_printf (text, _(" CPU %u holds %u of %u %s slots."), cpu, s->depth[cpu],
                            l->kmap_max_depth, ma_address_space_atomic_name (l));
  g_string_append_printf (text, ngettext (" %u task waits for a PKMAP slot.",
                                          " %u tasks wait for a PKMAP slot.", s->n_waiters),
                          s->n_waiters);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
