/* ma-event-filter.c: the machine's events as a log
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event ring holds the last 4 Ki to 1 Mi events and knows nothing of ticks. A log needs the
 * events a user asked for, with the tick each happened in, and must not rescan a million events
 * each frame. So the filter reads the ring incrementally: each sync reads the events since the
 * last one, keeps copies of those that match (at most max_matches, the oldest dropped first), and
 * records a mark: "events up to this sequence number happened in ticks [first, last]". When the
 * user changes the filter, the events still in the ring are scanned once again, and the marks
 * give them back their ticks.
 *
 * A reset of the whole machine (a checkpoint restored: the simulation scrubbed back) makes every
 * event before it describe a state that no longer exists: the filter drops them.
 *
 * A burst (an OOM kill freeing a process's pages) can overwrite the ring before a sync reads it.
 * The rare events (kswapd, direct reclaim, compaction, OOM kills) are also kept in a ring of their
 * own that bursts cannot flood: the filter reads the ones it missed from there, so a log never
 * loses the OOM kill that caused the burst.
 */
#define G_LOG_DOMAIN "ma-event-filter"

#include "config.h"

#include <string.h>

#include "ma-event-filter.h"
#include "ma-gfp.h"

typedef struct
{
  guint64 seq_end;      /* the events before this sequence number and after the previous mark */
  guint64 tick_first;
  guint64 tick_last;
} Mark;

struct _MaEventFilter
{
  GObject        parent_instance;

  MaMachine     *machine;

  MaEventGroups  groups;
  gint           node;
  MaZone        *zone;
  guint64        pfn_first;
  guint64        pfn_end;
  char          *search;
  char         **tokens;      /* the search's words, lower case */

  /* the matches, a circular buffer, oldest first */
  MaEventMatch  *matches;
  guint          capacity;
  guint          head;
  guint          count;
  guint64        first_serial;  /* numbers the matches in order of arrival: see sync() */

  guint64        first_seq;   /* the oldest event the filter reads */
  guint64        next_seq;    /* the next event to read */
  guint64        next_notable;
  guint64        reset_seq;   /* the last reset of the whole machine read */
  guint64        tick;        /* the tick of the last sync */
  gboolean       synced;
  GArray        *marks;       /* Mark, by seq_end; the first one's ticks may be unknown */
  guint64        lost;
  guint64        serial;
  GString       *line;        /* scratch, for the search */
};

G_DEFINE_FINAL_TYPE (MaEventFilter, ma_event_filter, G_TYPE_OBJECT)

#define MAX_MARKS 65536

/**
 * ma_event_type_group:
 *
 * Returns: the group a log files events of @type under
 */
MaEventGroups
ma_event_type_group (MaEventType type)
{
  switch (type)
    {
    case MA_EVENT_ALLOC:
    case MA_EVENT_FREE:
    case MA_EVENT_SPLIT:
    case MA_EVENT_MERGE:
    case MA_EVENT_CLAIM:
    case MA_EVENT_STEAL:
    case MA_EVENT_PCP_REFILL:
    case MA_EVENT_PCP_DRAIN:
    case MA_EVENT_PCP_ALLOC:
    case MA_EVENT_PCP_FREE:
    case MA_EVENT_HIGHATOMIC:
    case MA_EVENT_ALLOC_FAIL:
      return MA_EVENT_GROUP_ALLOC_FREE;
    case MA_EVENT_WATERMARK:
    case MA_EVENT_BOOST:
    case MA_EVENT_KSWAPD_WAKE:
    case MA_EVENT_KSWAPD_SLEEP:
    case MA_EVENT_DIRECT_RECLAIM_BEGIN:
    case MA_EVENT_DIRECT_RECLAIM_END:
    case MA_EVENT_LRU_ACTIVATE:
      return MA_EVENT_GROUP_RECLAIM;
    case MA_EVENT_COMPACTION_BEGIN:
    case MA_EVENT_COMPACTION_END:
      return MA_EVENT_GROUP_COMPACTION;
    case MA_EVENT_OOM_KILL:
      return MA_EVENT_GROUP_OOM;
    case MA_EVENT_KMAP:
    case MA_EVENT_KUNMAP:
    case MA_EVENT_KMAP_FLUSH:
    case MA_EVENT_KMAP_WAIT:
    case MA_EVENT_KMAP_WAKE:
    case MA_EVENT_KMAP_ATOMIC:
    case MA_EVENT_KUNMAP_ATOMIC:
      return MA_EVENT_GROUP_KMAP;
    case MA_EVENT_RESET:
    case MA_N_EVENT_TYPES:
    default:
      return MA_EVENT_GROUP_OTHER;
    }
}

/**
 * ma_event_get_scope:
 *
 * Returns: what the event's pfn, order, node and zone_idx fields refer to. The rare events carry
 * the start of their zone or node in pfn: that is not a frame they touched.
 */
MaEventScope
ma_event_get_scope (const MaEvent *event)
{
  switch ((MaEventType) event->type)
    {
    case MA_EVENT_WATERMARK:
    case MA_EVENT_BOOST:
    case MA_EVENT_KSWAPD_WAKE:
    case MA_EVENT_DIRECT_RECLAIM_BEGIN:
    case MA_EVENT_DIRECT_RECLAIM_END:
    case MA_EVENT_COMPACTION_BEGIN:
    case MA_EVENT_COMPACTION_END:
      return MA_EVENT_SCOPE_ZONE;
    case MA_EVENT_KSWAPD_SLEEP:
      return MA_EVENT_SCOPE_NODE;
    case MA_EVENT_ALLOC_FAIL:
    case MA_EVENT_OOM_KILL:
    case MA_EVENT_KMAP_FLUSH:
      return MA_EVENT_SCOPE_MACHINE;
    case MA_EVENT_RESET:
      /* aux 1: a range restored by undo; 0: the whole machine */
      return event->aux == 1 ? MA_EVENT_SCOPE_FRAMES : MA_EVENT_SCOPE_MACHINE;
    case MA_EVENT_ALLOC:
    case MA_EVENT_FREE:
    case MA_EVENT_SPLIT:
    case MA_EVENT_MERGE:
    case MA_EVENT_CLAIM:
    case MA_EVENT_STEAL:
    case MA_EVENT_PCP_REFILL:
    case MA_EVENT_PCP_DRAIN:
    case MA_EVENT_PCP_ALLOC:
    case MA_EVENT_PCP_FREE:
    case MA_EVENT_HIGHATOMIC:
    case MA_EVENT_LRU_ACTIVATE:
    case MA_EVENT_KMAP:
    case MA_EVENT_KUNMAP:
    case MA_EVENT_KMAP_WAIT:
    case MA_EVENT_KMAP_WAKE:
    case MA_EVENT_KMAP_ATOMIC:
    case MA_EVENT_KUNMAP_ATOMIC:
      return MA_EVENT_SCOPE_FRAMES;
    case MA_N_EVENT_TYPES:
    default:
      return MA_EVENT_SCOPE_MACHINE;
    }
}

/**
 * ma_event_get_frames:
 * @out_pfn: (out) (optional): the first frame
 * @out_order: (out) (optional): the block's order: 2^order frames
 *
 * Returns: %TRUE when the event touched frames a map can show
 */
gboolean
ma_event_get_frames (const MaEvent *event,
                     guint64       *out_pfn,
                     guint         *out_order)
{
  g_return_val_if_fail (event != NULL, FALSE);

  if (ma_event_get_scope (event) != MA_EVENT_SCOPE_FRAMES)
    return FALSE;
  if (out_pfn)
    *out_pfn = event->pfn;
  if (out_order)
    *out_order = event->order;
  return TRUE;
}

static MaZone *
event_zone (MaMachine     *machine,
            const MaEvent *e)
{
  MaNode *node;

  if (e->node >= ma_machine_get_n_nodes (machine))
    return NULL;
  node = ma_machine_get_node (machine, e->node);
  if (e->zone_idx >= ma_node_get_n_zones (node))
    return NULL;
  return ma_node_get_zone (node, e->zone_idx);
}

/**
 * ma_event_format_place:
 * @out: where to append
 *
 * Appends where the event happened, as a tracepoint prints it: "nid=0 zone=DMA32", "nid=1", or
 * nothing for events of the whole machine.
 */
void
ma_event_format_place (MaMachine     *machine,
                       const MaEvent *event,
                       GString       *out)
{
  MaZone *zone;

  g_return_if_fail (MA_IS_MACHINE (machine));
  g_return_if_fail (event != NULL);

  switch (ma_event_get_scope (event))
    {
    case MA_EVENT_SCOPE_FRAMES:
    case MA_EVENT_SCOPE_ZONE:
      zone = event_zone (machine, event);
      g_string_append_printf (out, "nid=%u zone=%s", event->node,
                              zone ? ma_zone_get_name (zone) : "?");
      break;
    case MA_EVENT_SCOPE_NODE:
      g_string_append_printf (out, "nid=%u", event->node);
      break;
    case MA_EVENT_SCOPE_MACHINE:
    default:
      break;
    }
}

static const char *
band_name (guint level)
{
  static const char *const names[] = { "below_min", "min_low", "low_high", "above_high" };

  return level < G_N_ELEMENTS (names) ? names[level] : "?";
}

/**
 * ma_event_format_details:
 * @out: where to append
 *
 * Appends the event's fields as the kernel's tracepoint prints them ("pfn=0x1a00 order=3
 * migratetype=Movable"), for a log and for searching it. Not translated: these are the names
 * people search the kernel's documentation and their own traces for.
 */
void
ma_event_format_details (MaMachine     *machine,
                         const MaEvent *e,
                         GString       *out)
{
  g_return_if_fail (MA_IS_MACHINE (machine));
  g_return_if_fail (e != NULL);

  switch ((MaEventType) e->type)
    {
    case MA_EVENT_ALLOC:
    case MA_EVENT_PCP_ALLOC:
      {
        const MaOwner *owner = ma_machine_get_owner (machine, e->aux);

        g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u migratetype=%s "
                                "owner=%s", e->pfn, e->order, ma_migrate_type_name (e->mt),
                                owner && owner->name ? owner->name : "?");
        break;
      }
    case MA_EVENT_FREE:
    case MA_EVENT_LRU_ACTIVATE:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u", e->pfn, e->order);
      break;
    case MA_EVENT_PCP_REFILL:
    case MA_EVENT_PCP_DRAIN:
    case MA_EVENT_PCP_FREE:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u migratetype=%s cpu=%u",
                              e->pfn, e->order, ma_migrate_type_name (e->mt), e->aux);
      break;
    case MA_EVENT_SPLIT:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u to_order=%u",
                              e->pfn, e->order, e->aux);
      break;
    case MA_EVENT_MERGE:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u from_order=%u",
                              e->pfn, e->order, e->aux);
      break;
    case MA_EVENT_CLAIM:
    case MA_EVENT_HIGHATOMIC:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u migratetype=%s "
                              "old_migratetype=%s", e->pfn, e->order,
                              ma_migrate_type_name (e->mt), ma_migrate_type_name (e->mt2));
      break;
    case MA_EVENT_STEAL:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x alloc_order=%u fallback_order=%u "
                              "alloc_migratetype=%s fallback_migratetype=%s", e->pfn, e->order,
                              e->aux, ma_migrate_type_name (e->mt), ma_migrate_type_name (e->mt2));
      break;
    case MA_EVENT_WATERMARK:
      g_string_append_printf (out, "from=%s to=%s", band_name (e->aux >> 8),
                              band_name (e->aux & 0xff));
      break;
    case MA_EVENT_BOOST:
      g_string_append_printf (out, "boost=%u", e->aux);
      break;
    case MA_EVENT_ALLOC_FAIL:
      {
        g_autofree char *gfp = ma_gfp_to_string (e->aux);

        g_string_append_printf (out, "order=%u gfp_flags=%s", e->order, gfp);
        break;
      }
    case MA_EVENT_KSWAPD_WAKE:
      g_string_append_printf (out, "order=%u highest_zoneidx=%u", e->order, e->aux);
      break;
    case MA_EVENT_KSWAPD_SLEEP:
      g_string_append_printf (out, "nr_reclaimed=%u", e->aux);
      break;
    case MA_EVENT_DIRECT_RECLAIM_BEGIN:
      g_string_append_printf (out, "order=%u", e->order);
      break;
    case MA_EVENT_DIRECT_RECLAIM_END:
      g_string_append_printf (out, "nr_reclaimed=%u", e->aux);
      break;
    case MA_EVENT_COMPACTION_BEGIN:
      g_string_append_printf (out, "order=%u", e->order);
      break;
    case MA_EVENT_COMPACTION_END:
      g_string_append_printf (out, "order=%u nr_migrated=%u status=%s", e->order, e->aux,
                              e->mt ? "success" : "complete");
      break;
    case MA_EVENT_OOM_KILL:
      g_string_append_printf (out, "pid=%u", e->aux);
      break;
    case MA_EVENT_KMAP:
    case MA_EVENT_KUNMAP:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x ", e->pfn);
      /* a lowmem page is in the direct map: kmap() takes no pkmap slot for it */
      if (e->aux == G_MAXUINT32)
        g_string_append (out, "slot=none");
      else
        g_string_append_printf (out, "slot=%u", e->aux);
      break;
    case MA_EVENT_KMAP_ATOMIC:
    case MA_EVENT_KUNMAP_ATOMIC:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x ", e->pfn);
      if (e->aux == G_MAXUINT32)
        g_string_append (out, "slot=none");
      else
        g_string_append_printf (out, "cpu=%u idx=%u", e->aux >> 8, e->aux & 0xff);
      break;
    case MA_EVENT_KMAP_FLUSH:
      g_string_append_printf (out, "nr_unmapped=%u", e->aux);
      break;
    case MA_EVENT_KMAP_WAIT:
    case MA_EVENT_KMAP_WAKE:
      g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x task=%u", e->pfn, e->aux);
      break;
    case MA_EVENT_RESET:
      if (e->aux == 1)
        g_string_append_printf (out, "pfn=0x%" G_GINT64_MODIFIER "x order=%u", e->pfn, e->order);
      else
        g_string_append (out, "whole_machine=1");
      break;
    case MA_N_EVENT_TYPES:
    default:
      break;
    }
}

static void
ma_event_filter_finalize (GObject *object)
{
  MaEventFilter *self = MA_EVENT_FILTER (object);

  g_clear_object (&self->machine);
  g_free (self->search);
  g_strfreev (self->tokens);
  g_free (self->matches);
  g_array_unref (self->marks);
  g_string_free (self->line, TRUE);
  G_OBJECT_CLASS (ma_event_filter_parent_class)->finalize (object);
}

static void
ma_event_filter_class_init (MaEventFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_event_filter_finalize;
}

static void
ma_event_filter_init (MaEventFilter *self)
{
  self->groups = MA_EVENT_GROUP_ALL;
  self->node = -1;
  self->pfn_first = 0;
  self->pfn_end = G_MAXUINT64;
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  self->line = g_string_new (NULL);
}

/**
 * ma_event_filter_new:
 * @machine: the machine whose events to read (referenced)
 * @max_matches: how many matching events to keep at most (the newest), 1 or more
 *
 * A filter that lets every event through and has read nothing yet: the events already in the
 * ring are read by the first ma_event_filter_sync(), with unknown ticks.
 *
 * Returns: (transfer full): the filter
 */
MaEventFilter *
ma_event_filter_new (MaMachine *machine,
                     guint      max_matches)
{
  MaEventFilter *self;
  MaEventRing *ring;
  Mark mark = { 0, MA_EVENT_TICK_UNKNOWN, MA_EVENT_TICK_UNKNOWN };

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);
  g_return_val_if_fail (max_matches > 0, NULL);

  self = g_object_new (MA_TYPE_EVENT_FILTER, NULL);
  self->machine = g_object_ref (machine);
  self->capacity = max_matches;
  self->matches = g_new (MaEventMatch, max_matches);
  ring = ma_machine_get_events (machine);
  self->first_seq = self->next_seq = ma_event_ring_oldest_seq (ring);
  self->next_notable = ma_event_ring_next_notable (ring);
  mark.seq_end = ma_event_ring_next_seq (ring);
  g_array_append_val (self->marks, mark);
  return self;
}

MaMachine *
ma_event_filter_get_machine (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), NULL);
  return self->machine;
}

static gboolean
event_in_place (MaEventFilter *self,
                const MaEvent *e)
{
  switch (ma_event_get_scope (e))
    {
    case MA_EVENT_SCOPE_FRAMES:
    case MA_EVENT_SCOPE_ZONE:
      if (self->zone != NULL
          && (e->node != ma_node_get_index (ma_zone_get_node (self->zone))
              || e->zone_idx != ma_zone_get_index (self->zone)))
        return FALSE;
      return self->node < 0 || e->node == self->node;
    case MA_EVENT_SCOPE_NODE:
      if (self->zone != NULL && e->node != ma_node_get_index (ma_zone_get_node (self->zone)))
        return FALSE;
      return self->node < 0 || e->node == self->node;
    case MA_EVENT_SCOPE_MACHINE:
    default:
      return TRUE;
    }
}

/**
 * ma_event_filter_matches:
 *
 * Whether @event passes the filter: its group is shown, it happened in the node and zone chosen,
 * it touched a frame of the pfn range (when the range is not everything), and its text holds
 * every word of the search (ASCII case ignored).
 */
gboolean
ma_event_filter_matches (MaEventFilter *self,
                         const MaEvent *e)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), FALSE);

  if (e->type >= MA_N_EVENT_TYPES || !(ma_event_type_group (e->type) & self->groups))
    return FALSE;
  if (!event_in_place (self, e))
    return FALSE;
  if (self->pfn_first != 0 || self->pfn_end != G_MAXUINT64)
    {
      guint64 pfn;
      guint order;

      if (!ma_event_get_frames (e, &pfn, &order))
        return FALSE;
      if (pfn >= self->pfn_end || pfn + ((guint64) 1 << order) <= self->pfn_first)
        return FALSE;
    }
  if (self->tokens != NULL && self->tokens[0] != NULL)
    {
      GString *line = self->line;

      g_string_assign (line, ma_event_type_name (e->type));
      g_string_append (line, ": ");
      ma_event_format_place (self->machine, e, line);
      g_string_append_c (line, ' ');
      ma_event_format_details (self->machine, e, line);
      g_string_ascii_down (line);
      for (guint i = 0; self->tokens[i] != NULL; i++)
        if (strstr (line->str, self->tokens[i]) == NULL)
          return FALSE;
    }
  return TRUE;
}

static void
clear_matches (MaEventFilter *self)
{
  self->first_serial += self->count;
  self->head = 0;
  self->count = 0;
}

static void
add_match (MaEventFilter *self,
           const MaEvent *e,
           const Mark    *mark)
{
  MaEventMatch *m;

  if (self->count == self->capacity)
    {
      self->head = (self->head + 1) % self->capacity;
      self->count--;
      self->first_serial++;
    }
  m = &self->matches[(self->head + self->count) % self->capacity];
  m->event = *e;
  m->tick_first = mark->tick_first;
  m->tick_last = mark->tick_last;
  self->count++;
}

/* The mark of an event: the first whose seq_end is past it. */
static const Mark *
mark_of (MaEventFilter *self,
         guint64        seq)
{
  guint lo = 0, hi = self->marks->len - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->marks, Mark, mid).seq_end <= seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return &g_array_index (self->marks, Mark, lo);
}

/* Reads one event: a whole-machine reset drops what came before it. */
static void
take_event (MaEventFilter *self,
            const MaEvent *e)
{
  if (e->type == MA_EVENT_RESET && e->aux != 1)
    {
      clear_matches (self);
      self->reset_seq = e->seq;
    }
  if (ma_event_filter_matches (self, e))
    add_match (self, e, mark_of (self, e->seq));
}

/* Rare events the main ring lost, from the ring of rare events: those in [from, before). */
static void
take_notables (MaEventFilter *self,
               guint64       *inout_index,
               guint64        from,
               guint64        before)
{
  MaEventRing *ring = ma_machine_get_events (self->machine);
  const MaEvent *e;

  while (ma_event_ring_read_notable (ring, inout_index, &e))
    if (e->seq >= from && e->seq < before && e->seq > self->reset_seq)
      take_event (self, e);
}

/* Scans the events still in the rings again, up to where the last sync read. */
static void
rescan (MaEventFilter *self)
{
  MaEventRing *ring = ma_machine_get_events (self->machine);
  guint64 oldest = ma_event_ring_oldest_seq (ring);
  guint64 notable = 0;

  clear_matches (self);
  /* the reset that the matches start after is found again below, if still in the ring */
  if (self->reset_seq >= oldest)
    self->reset_seq = 0;
  take_notables (self, &notable, self->first_seq, MIN (oldest, self->next_seq));
  for (guint64 seq = MAX (oldest, self->first_seq); seq < self->next_seq; seq++)
    take_event (self, ma_event_ring_get (ring, seq));
  self->serial++;
}

/**
 * ma_event_filter_set_groups:
 *
 * Shows the events of @groups only. Rescans the ring: the matches are replaced.
 */
void
ma_event_filter_set_groups (MaEventFilter *self,
                            MaEventGroups  groups)
{
  g_return_if_fail (MA_IS_EVENT_FILTER (self));

  groups &= MA_EVENT_GROUP_ALL;
  if (groups == self->groups)
    return;
  self->groups = groups;
  rescan (self);
}

MaEventGroups
ma_event_filter_get_groups (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), 0);
  return self->groups;
}

/**
 * ma_event_filter_set_node:
 * @node: a node index, or -1 for every node
 *
 * Shows the events of one node only (and those of the whole machine).
 */
void
ma_event_filter_set_node (MaEventFilter *self,
                          gint           node)
{
  g_return_if_fail (MA_IS_EVENT_FILTER (self));

  node = MAX (node, -1);
  if (node == self->node)
    return;
  self->node = node;
  rescan (self);
}

gint
ma_event_filter_get_node (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), -1);
  return self->node;
}

/**
 * ma_event_filter_set_zone:
 * @zone: (nullable): a zone of the filter's machine, or %NULL for every zone
 *
 * Shows the events of one zone only (and those of its node and of the whole machine).
 */
void
ma_event_filter_set_zone (MaEventFilter *self,
                          MaZone        *zone)
{
  g_return_if_fail (MA_IS_EVENT_FILTER (self));
  g_return_if_fail (zone == NULL
                    || ma_node_get_machine (ma_zone_get_node (zone)) == self->machine);

  if (zone == self->zone)
    return;
  self->zone = zone;
  rescan (self);
}

MaZone *
ma_event_filter_get_zone (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), NULL);
  return self->zone;
}

/**
 * ma_event_filter_set_pfn_range:
 * @first: the first frame
 * @end: one past the last frame
 *
 * Shows only the events that touched a frame of [first, end); (0, %G_MAXUINT64) shows all.
 */
void
ma_event_filter_set_pfn_range (MaEventFilter *self,
                               guint64        first,
                               guint64        end)
{
  g_return_if_fail (MA_IS_EVENT_FILTER (self));

  if (first == self->pfn_first && end == self->pfn_end)
    return;
  self->pfn_first = first;
  self->pfn_end = end;
  rescan (self);
}

/**
 * ma_event_filter_set_search:
 * @text: (nullable): words that must all appear in an event's line, or %NULL
 *
 * An event's line is its tracepoint name, place and details, as in a kernel trace:
 * "mm_page_alloc: nid=0 zone=DMA32 pfn=0x1a00 order=3 migratetype=Movable owner=kernel".
 * Searching "kswapd" finds the wakes and sleeps, "mm_page_alloc:" the buddy allocations alone,
 * "order=9" the pageblock-sized blocks, "pfn=0x1a0" the frames from 0x1a0 and 0x1a00 on.
 */
void
ma_event_filter_set_search (MaEventFilter *self,
                            const char    *text)
{
  g_autofree char *down = NULL;

  g_return_if_fail (MA_IS_EVENT_FILTER (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  g_clear_pointer (&self->tokens, g_strfreev);
  if (text != NULL)
    {
      down = g_ascii_strdown (text, -1);
      self->tokens = g_strsplit_set (g_strstrip (down), " \t\n", -1);
      /* g_strsplit_set leaves empty words between runs of blanks */
      for (guint i = 0, j = 0;; i++)
        {
          if (self->tokens[i] != NULL && *self->tokens[i] == '\0')
            {
              g_free (self->tokens[i]);
              continue;
            }
          self->tokens[j++] = self->tokens[i];
          if (self->tokens[i] == NULL)
            break;
        }
    }
  rescan (self);
}

const char *
ma_event_filter_get_search (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), NULL);
  return self->search;
}

/**
 * ma_event_filter_sync:
 * @tick: the simulation's tick now (ma_simulation_get_tick()), or 0 without a simulation
 * @out_removed: (out) (optional): how many of the oldest matches were dropped
 * @out_added: (out) (optional): how many matches were added after the remaining ones
 *
 * Reads the events since the last sync. They happened in the ticks since the last sync: from
 * its tick to @tick - 1; at the same tick, in @tick (an action between two ticks); after the
 * simulation went back, somewhere before @tick.
 *
 * The list of matches changes as "drop @out_removed at the front, then append @out_added": a
 * list view can follow it without reloading.
 *
 * Returns: %TRUE when the matches changed
 */
gboolean
ma_event_filter_sync (MaEventFilter *self,
                      guint64        tick,
                      guint         *out_removed,
                      guint         *out_added)
{
  MaEventRing *ring;
  guint64 first0, count0, oldest, next;
  guint removed, added;
  gboolean rewound;
  Mark mark;

  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), FALSE);

  ring = ma_machine_get_events (self->machine);
  first0 = self->first_serial;
  count0 = self->count;
  next = ma_event_ring_next_seq (ring);
  oldest = ma_event_ring_oldest_seq (ring);

  /* Time went back: the simulation restored a checkpoint, with a reset the ring may have lost
   * in the replay that followed. The matches describe a past that is gone either way. */
  rewound = self->synced && tick < self->tick;
  if (rewound)
    clear_matches (self);

  mark.seq_end = next;
  if (!self->synced || tick == self->tick)
    mark.tick_first = mark.tick_last = tick;
  else if (tick > self->tick)
    {
      mark.tick_first = self->tick;
      mark.tick_last = tick - 1;
    }
  else
    {
      mark.tick_first = 0;
      mark.tick_last = tick > 0 ? tick - 1 : 0;
    }
  self->tick = tick;
  self->synced = TRUE;
  if (self->next_seq < next)
    g_array_append_val (self->marks, mark);

  if (self->next_seq < oldest)
    {
      self->lost += oldest - self->next_seq;
      /* after a rewind, which of the lost rare events came after the reset is unknown */
      if (rewound)
        self->reset_seq = MAX (self->reset_seq, oldest - 1);
      else
        take_notables (self, &self->next_notable, self->next_seq, oldest);
      self->next_seq = oldest;
    }
  for (; self->next_seq < next; self->next_seq++)
    take_event (self, ma_event_ring_get (ring, self->next_seq));
  self->next_notable = ma_event_ring_next_notable (ring);

  /* Marks cost 24 bytes a sync: keep the last MAX_MARKS, the older ones merged into one whose
   * ticks are unknown. */
  if (self->marks->len > MAX_MARKS)
    {
      guint drop = self->marks->len - MAX_MARKS / 2;
      Mark *first = &g_array_index (self->marks, Mark, drop);

      first->tick_first = first->tick_last = MA_EVENT_TICK_UNKNOWN;
      g_array_remove_range (self->marks, 0, drop);
    }

  /* Matches are numbered in order of arrival: those before the new first one were dropped. */
  removed = (guint) MIN (self->first_serial - first0, count0);
  added = self->count - (guint) (count0 - removed);
  if (out_removed)
    *out_removed = removed;
  if (out_added)
    *out_added = added;
  return removed > 0 || added > 0;
}

guint
ma_event_filter_get_n_matches (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), 0);
  return self->count;
}

/**
 * ma_event_filter_get_match:
 * @index: 0 for the oldest match kept
 *
 * Returns: (transfer none): the match, valid until the next sync or change of the filter
 */
const MaEventMatch *
ma_event_filter_get_match (MaEventFilter *self,
                           guint          index)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), NULL);
  g_return_val_if_fail (index < self->count, NULL);
  return &self->matches[(self->head + index) % self->capacity];
}

/**
 * ma_event_filter_get_lost:
 *
 * Returns: how many events the ring overwrote before the filter could read them
 */
guint64
ma_event_filter_get_lost (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), 0);
  return self->lost;
}

/**
 * ma_event_filter_get_serial:
 *
 * Returns: a number that changes when the filter changed and the matches were replaced
 */
guint64
ma_event_filter_get_serial (MaEventFilter *self)
{
  g_return_val_if_fail (MA_IS_EVENT_FILTER (self), 0);
  return self->serial;
}
