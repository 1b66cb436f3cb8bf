/* test-event-filter.c: the event log's model: groups, places, frames, search, ticks
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-event-filter.h"
#include "ma-simulation.h"
#include "ma-test-machines.h"

static guint64
alloc (MaMachine *m,
       MaGfp      gfp,
       guint      order)
{
  guint64 pfn = 0;

  g_assert_true (ma_test_alloc (m, gfp, order, &pfn));
  return pfn;
}

/* How many matches there are of one event type. */
static guint
count_type (MaEventFilter *f,
            MaEventType    type)
{
  guint n = 0;

  for (guint i = 0; i < ma_event_filter_get_n_matches (f); i++)
    n += ma_event_filter_get_match (f, i)->event.type == type;
  return n;
}

static MaZone *
zone_of_type (MaMachine  *m,
              MaZoneType  type)
{
  return ma_node_get_zone_by_type (ma_machine_get_node (m, 0), type);
}

/* On a fresh machine: the boot's reset, then an order-5 block allocated and freed, an order-0
 * page from DMA32 and one from DMA. Each filter lets through exactly the events it names. */
static void
test_filters (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(MaEventFilter) f = ma_event_filter_new (m, 100000);
  MaZone *dma = zone_of_type (m, MA_ZONE_DMA), *dma32 = zone_of_type (m, MA_ZONE_DMA32);
  guint64 block, page, dma_page;
  const MaEventMatch *match;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *expected = NULL;
  guint removed, added;

  /* the boot's reset was in the ring before the filter: unknown tick */
  g_assert_true (ma_event_filter_sync (f, 0, &removed, &added));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);
  match = ma_event_filter_get_match (f, 0);
  g_assert_cmpint (match->event.type, ==, MA_EVENT_RESET);
  g_assert_cmpuint (match->tick_first, ==, MA_EVENT_TICK_UNKNOWN);

  block = alloc (m, MA_GFP_KERNEL, 5);
  page = alloc (m, MA_GFP_KERNEL, 0);
  dma_page = alloc (m, MA_GFP_DMA, 0);
  g_assert_true (ma_zone_contains (dma32, block));
  g_assert_true (ma_zone_contains (dma, dma_page));
  ma_machine_free_block (m, block, 5);
  g_assert_true (ma_event_filter_sync (f, 0, &removed, &added));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, ma_event_filter_get_n_matches (f) - 1);

  /* the buddy allocation, by its tracepoint name, with its fields as a trace prints them */
  ma_event_filter_set_search (f, "mm_page_alloc:");
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 1);
  match = ma_event_filter_get_match (f, 0);
  g_assert_cmpint (match->event.type, ==, MA_EVENT_ALLOC);
  g_assert_cmpuint (match->event.pfn, ==, block);
  g_assert_cmpuint (match->event.order, ==, 5);
  g_assert_cmpuint (match->tick_first, ==, 0);
  g_assert_cmpuint (match->tick_last, ==, 0);
  ma_event_format_details (m, &match->event, text);
  expected = g_strdup_printf ("pfn=0x%" G_GINT64_MODIFIER "x order=5 migratetype=Unmovable "
                              "owner=kernel", block);
  g_assert_cmpstr (text->str, ==, expected);
  g_string_truncate (text, 0);
  ma_event_format_place (m, &match->event, text);
  g_assert_cmpstr (text->str, ==, "nid=0 zone=DMA32");
  {
    guint64 pfn;
    guint order;

    g_assert_true (ma_event_get_frames (&match->event, &pfn, &order));
    g_assert_cmpuint (pfn, ==, block);
    g_assert_cmpuint (order, ==, 5);
  }

  /* words are all needed, in any case */
  ma_event_filter_set_search (f, "  MM_PAGE_FREE:   order=5 ");
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 1);
  g_assert_cmpuint (ma_event_filter_get_match (f, 0)->event.pfn, ==, block);
  ma_event_filter_set_search (f, "mm_page_free: order=4");
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 0);

  /* the order-0 pages come from the per-CPU lists, each from its own zone */
  ma_event_filter_set_search (f, "mm_page_alloc_pcp");
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 2);
  ma_event_filter_set_zone (f, dma);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 1);
  g_assert_cmpuint (ma_event_filter_get_match (f, 0)->event.pfn, ==, dma_page);
  ma_event_filter_set_zone (f, dma32);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 1);
  g_assert_cmpuint (ma_event_filter_get_match (f, 0)->event.pfn, ==, page);
  ma_event_filter_set_zone (f, NULL);
  ma_event_filter_set_search (f, NULL);

  /* groups: the boot's reset is the only "other" event, and nothing was reclaimed, compacted,
   * killed or kmapped */
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_OTHER);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 1);
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_COMPACTION | MA_EVENT_GROUP_OOM | MA_EVENT_GROUP_KMAP);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 0);
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_ALLOC_FREE);
  g_assert_cmpuint (count_type (f, MA_EVENT_ALLOC), ==, 1);
  g_assert_cmpuint (count_type (f, MA_EVENT_FREE), ==, 1);
  g_assert_cmpuint (count_type (f, MA_EVENT_PCP_ALLOC), ==, 2);
  g_assert_cmpuint (count_type (f, MA_EVENT_RESET), ==, 0);
  for (guint i = 0; i < ma_event_filter_get_n_matches (f); i++)
    g_assert_cmpint (ma_event_type_group (ma_event_filter_get_match (f, i)->event.type), ==,
                     MA_EVENT_GROUP_ALLOC_FREE);

  /* a node that does not exist: only the events of the whole machine (none here) */
  ma_event_filter_set_node (f, 1);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 0);
  ma_event_filter_set_node (f, -1);

  /* the frames of the order-5 block: its allocation and free, and splits of blocks that held
   * it, but not the pages allocated elsewhere */
  ma_event_filter_set_pfn_range (f, block + 3, block + 4);
  g_assert_cmpuint (count_type (f, MA_EVENT_ALLOC), ==, 1);
  g_assert_cmpuint (count_type (f, MA_EVENT_FREE), ==, 1);
  g_assert_cmpuint (count_type (f, MA_EVENT_PCP_ALLOC), ==, 0);
  for (guint i = 0; i < ma_event_filter_get_n_matches (f); i++)
    {
      const MaEvent *e = &ma_event_filter_get_match (f, i)->event;

      g_assert_cmpuint (e->pfn, <=, block + 3);
      g_assert_cmpuint (e->pfn + (1u << e->order), >, block + 3);
    }
  ma_event_filter_set_pfn_range (f, 0, G_MAXUINT64);
  g_assert_cmpuint (count_type (f, MA_EVENT_PCP_ALLOC), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&f));
}

/* At most max_matches are kept, the newest; each sync says how many left at the front and how
 * many came at the back. */
static void
test_window (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  g_autoptr(MaEventFilter) f = ma_event_filter_new (m, 10);
  guint64 pfns[15];
  guint removed, added;

  ma_event_filter_set_search (f, "mm_page_alloc:");
  ma_event_filter_sync (f, 0, NULL, NULL);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 0);

  for (guint i = 0; i < 4; i++)
    pfns[i] = alloc (m, MA_GFP_KERNEL, 5);
  g_assert_true (ma_event_filter_sync (f, 1, &removed, &added));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 4);

  for (guint i = 4; i < 7; i++)
    pfns[i] = alloc (m, MA_GFP_KERNEL, 5);
  g_assert_true (ma_event_filter_sync (f, 2, &removed, &added));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 3);

  for (guint i = 7; i < 15; i++)
    pfns[i] = alloc (m, MA_GFP_KERNEL, 5);
  g_assert_true (ma_event_filter_sync (f, 3, &removed, &added));
  g_assert_cmpuint (removed, ==, 5);
  g_assert_cmpuint (added, ==, 8);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      const MaEventMatch *match = ma_event_filter_get_match (f, i);

      g_assert_cmpuint (match->event.pfn, ==, pfns[5 + i]);
      /* allocated between the syncs at ticks 1 and 2, or 2 and 3 */
      g_assert_cmpuint (match->tick_first, ==, i < 2 ? 1 : 2);
      g_assert_cmpuint (match->tick_last, ==, i < 2 ? 1 : 2);
    }

  /* nothing new */
  g_assert_false (ma_event_filter_sync (f, 3, &removed, &added));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (ma_event_filter_get_lost (f), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&f));
}

static MaSimulation *
pressure_64m (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "scenarios",
                                                 "pressure-64m.json", NULL);
  g_autoptr(GBytes) bytes = ma_scenarios_load (path, &error);
  MaSimulation *sim;

  g_assert_no_error (error);
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), path, NULL, &error);
  g_assert_no_error (error);
  return sim;
}

/* Synced after every tick of the pressure scenario, the log has the simulation's notable events
 * at the ticks of its timeline, including the OOM kill whose burst of frees overflows the ring. */
static void
test_ticks (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  MaMachine *m = ma_simulation_get_machine (sim);
  g_autoptr(MaEventFilter) f = ma_event_filter_new (m, 100000);
  g_autoptr(MaEventFilter) all = ma_event_filter_new (m, 1000000);
  guint n_timeline = 0, n_log = 0;

  ma_event_filter_set_groups (f, MA_EVENT_GROUP_RECLAIM | MA_EVENT_GROUP_COMPACTION
                                 | MA_EVENT_GROUP_OOM);
  ma_event_filter_set_search (f, "kswapd");
  ma_event_filter_sync (f, 0, NULL, NULL);
  ma_event_filter_sync (all, 0, NULL, NULL);
  for (guint t = 1; t <= 300; t++)
    {
      ma_simulation_step (sim, 1);
      ma_event_filter_sync (f, t, NULL, NULL);
      ma_event_filter_sync (all, t, NULL, NULL);
    }
  g_test_message ("%" G_GUINT64_FORMAT " events lost", ma_event_filter_get_lost (f));
  /* the OOM kill's frees overflowed the ring */
  g_assert_cmpuint (ma_event_filter_get_lost (f), >, 0);

  /* every kswapd wake and sleep of the timeline, at its tick, and no other */
  for (guint i = 0; i < ma_simulation_get_n_timeline (sim); i++)
    {
      const MaTimelineEntry *t = ma_simulation_get_timeline_entry (sim, i);
      gboolean found = FALSE;

      if (t->type != MA_EVENT_KSWAPD_WAKE && t->type != MA_EVENT_KSWAPD_SLEEP)
        continue;
      n_timeline++;
      for (guint j = 0; j < ma_event_filter_get_n_matches (f) && !found; j++)
        {
          const MaEventMatch *match = ma_event_filter_get_match (f, j);

          found = match->event.type == t->type && match->tick_first == t->tick
                  && match->tick_last == t->tick && match->event.node == t->node;
        }
      g_assert_true (found);
    }
  n_log = ma_event_filter_get_n_matches (f);
  g_assert_cmpuint (n_timeline, >, 0);
  g_assert_cmpuint (n_log, ==, n_timeline);

  /* the OOM kill at tick 212, though the main ring lost it */
  ma_event_filter_set_search (f, NULL);
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_OOM);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), ==, 1);
  g_assert_cmpuint (ma_event_filter_get_match (f, 0)->tick_first, ==, 212);
  g_assert_cmpint (count_type (all, MA_EVENT_OOM_KILL), ==, 1);

  /* changing the filter scans the rings again; each event keeps the ticks the unfiltered log
   * gave it when it arrived */
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_ALL);
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), >, 1000);
  for (guint i = 0, j = 0; i < ma_event_filter_get_n_matches (f); i++)
    {
      const MaEventMatch *a = ma_event_filter_get_match (f, i), *b = NULL;

      while (j < ma_event_filter_get_n_matches (all)
             && (b = ma_event_filter_get_match (all, j))->event.seq < a->event.seq)
        j++;
      g_assert_nonnull (b);
      g_assert_cmpuint (a->event.seq, ==, b->event.seq);
      g_assert_cmpuint (a->tick_first, ==, b->tick_first);
      g_assert_cmpuint (a->tick_last, ==, b->tick_last);
    }
  g_assert_finalize_object (g_steal_pointer (&f));
  g_assert_finalize_object (g_steal_pointer (&all));
}

/* Scrubbing back restores a checkpoint: the events before it describe a past that is gone, and
 * the log starts again with the replay up to the new tick (whose start, and the reset, the
 * small ring of this machine may have lost). */
static void
test_scrub_back (void)
{
  g_autoptr(MaSimulation) sim = pressure_64m ();
  MaMachine *m = ma_simulation_get_machine (sim);
  g_autoptr(MaEventFilter) f = ma_event_filter_new (m, 100000);
  guint removed, added, before;
  guint64 last_seq;

  ma_simulation_step (sim, 100);
  ma_event_filter_sync (f, 100, NULL, NULL);
  before = ma_event_filter_get_n_matches (f);
  g_assert_cmpuint (before, >, 0);
  last_seq = ma_event_filter_get_match (f, before - 1)->event.seq;

  g_assert_true (ma_simulation_seek (sim, 50));
  g_assert_true (ma_event_filter_sync (f, 50, &removed, &added));
  g_assert_cmpuint (removed, ==, before);
  g_assert_cmpuint (added, ==, ma_event_filter_get_n_matches (f));
  g_assert_cmpuint (added, >, 0);
  for (guint i = 0; i < added; i++)
    {
      const MaEventMatch *match = ma_event_filter_get_match (f, i);

      /* replayed from a checkpoint: somewhere before tick 50 */
      g_assert_cmpuint (match->event.seq, >, last_seq);
      g_assert_cmpuint (match->tick_first, ==, 0);
      g_assert_cmpuint (match->tick_last, ==, 49);
    }
  /* a filter changed now finds no event from before the jump either */
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_RECLAIM | MA_EVENT_GROUP_OTHER);
  for (guint i = 0; i < ma_event_filter_get_n_matches (f); i++)
    g_assert_cmpuint (ma_event_filter_get_match (f, i)->event.seq, >, last_seq);
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_ALL);

  /* forward again: one tick at a time */
  ma_simulation_step (sim, 1);
  g_assert_true (ma_event_filter_sync (f, 51, &removed, &added));
  g_assert_cmpuint (added, >, 0);
  g_assert_cmpuint (ma_event_filter_get_match (f, ma_event_filter_get_n_matches (f) - 1)->tick_first,
                    ==, 50);
  g_assert_finalize_object (g_steal_pointer (&f));
}

/* The kmap scenario on a 32-bit machine: 64 writers a tick each kmap() a HighMem page and hold
 * it for 50 ticks, so the 1024 pkmap slots are full after 16 ticks and the next kmap() waits. */
static void
test_kmap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ma_scenarios_load ("kmap-exhaust", &error);
  g_autoptr(MaSimulation) sim = NULL;
  g_autoptr(MaEventFilter) f = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const MaEventMatch *first;
  guint64 pfn;

  g_assert_no_error (error);
  sim = ma_simulation_new_from_scenario (g_bytes_get_data (bytes, NULL),
                                         (gssize) g_bytes_get_size (bytes), "kmap-exhaust", NULL,
                                         &error);
  g_assert_no_error (error);
  f = ma_event_filter_new (ma_simulation_get_machine (sim), 100000);
  ma_event_filter_set_groups (f, MA_EVENT_GROUP_KMAP);
  ma_event_filter_sync (f, 0, NULL, NULL);
  for (guint t = 1; t <= 20; t++)
    {
      ma_simulation_step (sim, 1);
      ma_event_filter_sync (f, t, NULL, NULL);
    }
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), >, 0);
  for (guint i = 0; i < ma_event_filter_get_n_matches (f); i++)
    {
      const MaEvent *e = &ma_event_filter_get_match (f, i)->event;

      g_assert_cmpint (ma_event_type_group (e->type), ==, MA_EVENT_GROUP_KMAP);
      /* each touched one HighMem frame, but a flush */
      if (e->type == MA_EVENT_KMAP_FLUSH)
        continue;
      g_assert_true (ma_event_get_frames (e, &pfn, NULL));
    }

  /* the first kmap() that found no free slot: at tick 16 */
  ma_event_filter_set_search (f, "kmap_wait:");
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), >, 0);
  first = ma_event_filter_get_match (f, 0);
  g_assert_cmpint (first->event.type, ==, MA_EVENT_KMAP_WAIT);
  g_assert_cmpuint (first->tick_first, ==, 16);
  ma_event_format_place (ma_simulation_get_machine (sim), &first->event, text);
  g_assert_cmpstr (text->str, ==, "nid=0 zone=HighMem");

  /* a persistent kmap names its slot */
  ma_event_filter_set_search (f, "kmap: slot=");
  g_assert_cmpuint (ma_event_filter_get_n_matches (f), >, 0);
  g_assert_finalize_object (g_steal_pointer (&f));
}

/* Every event type has one group, one scope, and frames exactly when its scope says so. */
static void
test_types (void)
{
  for (guint t = 0; t < MA_N_EVENT_TYPES; t++)
    {
      MaEvent e = { .seq = 1, .pfn = 4096, .type = t, .order = 2 };
      MaEventGroups g = ma_event_type_group (t);
      guint64 pfn = 0;

      g_assert_cmpuint (g & (g - 1), ==, 0);
      g_assert_cmpuint (g & MA_EVENT_GROUP_ALL, ==, g);
      g_assert_cmpint (ma_event_get_frames (&e, &pfn, NULL), ==,
                       ma_event_get_scope (&e) == MA_EVENT_SCOPE_FRAMES);
    }
  g_assert_cmpint (ma_event_type_group (MA_EVENT_KSWAPD_WAKE), ==, MA_EVENT_GROUP_RECLAIM);
  g_assert_cmpint (ma_event_type_group (MA_EVENT_COMPACTION_END), ==, MA_EVENT_GROUP_COMPACTION);
  g_assert_cmpint (ma_event_type_group (MA_EVENT_OOM_KILL), ==, MA_EVENT_GROUP_OOM);
  g_assert_cmpint (ma_event_type_group (MA_EVENT_PCP_FREE), ==, MA_EVENT_GROUP_ALLOC_FREE);
  g_assert_cmpint (ma_event_type_group (MA_EVENT_KMAP_WAIT), ==, MA_EVENT_GROUP_KMAP);
  g_assert_cmpint (ma_event_type_group (MA_EVENT_RESET), ==, MA_EVENT_GROUP_OTHER);
  /* kswapd's wake carries its zone's first pfn: not a frame it touched */
  {
    MaEvent e = { .type = MA_EVENT_KSWAPD_WAKE, .pfn = 4096 };

    g_assert_false (ma_event_get_frames (&e, NULL, NULL));
    g_assert_cmpint (ma_event_get_scope (&e), ==, MA_EVENT_SCOPE_ZONE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/event-filter/filters", test_filters);
  g_test_add_func ("/ma/event-filter/window", test_window);
  g_test_add_func ("/ma/event-filter/ticks", test_ticks);
  g_test_add_func ("/ma/event-filter/scrub-back", test_scrub_back);
  g_test_add_func ("/ma/event-filter/kmap", test_kmap);
  g_test_add_func ("/ma/event-filter/types", test_types);
  return g_test_run ();
}
