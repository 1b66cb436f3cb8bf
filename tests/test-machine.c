/* test-machine.c: presets, machine descriptions, determinism, undo and the event ring
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-test-machines.h"
#include "ma-session.h"
#include "ma-workload.h"

static void
test_presets_load (void)
{
  const char *const *names = ma_presets_list ();
  guint n = 0;

  for (; names[n]; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MaMachineSpec) spec = ma_presets_load (names[n], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (spec->name, ==, names[n]);
      g_assert_nonnull (spec->title);
      g_assert_nonnull (spec->description);
    }
  g_assert_cmpuint (n, ==, 7);
}

/* The machines the presets describe: sizes, zones, page sizes. */
static void
test_preset_shapes (void)
{
  g_autoptr(MaMachine) x86 = ma_test_machine_preset ("x86_64-16g", 1);
  g_autoptr(MaMachine) i386 = ma_test_machine_preset ("i386-highmem-1g", 1);
  g_autoptr(MaMachine) arm = ma_test_machine_preset ("arm64-4node-256g", 1);
  MaNode *n0 = ma_machine_get_node (x86, 0);
  MaZone *dma = ma_node_get_zone_by_type (n0, MA_ZONE_DMA);
  MaZone *dma32 = ma_node_get_zone_by_type (n0, MA_ZONE_DMA32);
  MaZone *high = ma_node_get_zone_by_type (ma_machine_get_node (i386, 0), MA_ZONE_HIGHMEM);
  guint64 present, managed;

  /* the DMA zone of a real x86-64 PC (KERNEL.md §4.5): spanned 4095, present 3998, managed 3840 */
  g_assert_cmpuint (ma_zone_get_start_pfn (dma), ==, 1);
  g_assert_cmpuint (ma_zone_get_spanned (dma), ==, 4095);
  g_assert_cmpuint (ma_zone_get_present (dma), ==, 3998);
  g_assert_cmpuint (ma_zone_get_managed (dma), ==, 3840);
  /* its buddyinfo after boot: 0 0 0 0 0 0 0 0 1 1 3 */
  for (guint k = 0; k < 8; k++)
    g_assert_cmpuint (ma_zone_get_nr_free (dma, k), ==, 0);
  g_assert_cmpuint (ma_zone_get_nr_free (dma, 8), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free (dma, 9), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free (dma, 10), ==, 3);
  /* DMA32 spans to 4 GiB with the 1 GiB PCI hole */
  g_assert_cmpuint (ma_zone_get_spanned (dma32), ==, 1044480);
  g_assert_cmpuint (ma_zone_get_spanned (dma32) - ma_zone_get_present (dma32), ==, 262144);

  ma_machine_get_total_pages (x86, &present, &managed, NULL);
  /* 16 GiB minus pfn 0 and the 640K–1M legacy hole */
  g_assert_cmpuint (present, ==, (G_GUINT64_CONSTANT (16) << 30 >> 12) - 1 - (256 - 159));
  /* THP raises min_free_kbytes to 11 pageblocks per zone: 3 × 11 × 2 MiB */
  g_assert_cmpuint (ma_machine_get_min_free_kbytes (x86), ==, 67584);

  g_assert_cmpuint (ma_zone_get_start_pfn (high), ==, 0x373fe);
  g_assert_cmpuint (ma_machine_get_page_shift (arm), ==, 16);
  g_assert_cmpuint (ma_machine_get_nr_orders (arm), ==, 14);
  g_assert_cmpuint (ma_machine_get_n_nodes (arm), ==, 4);
}

static void
expect_spec_error (const char *json,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_machine_spec_new_from_json (json, -1, "test.json", &error);

  g_assert_null (spec);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "test.json"));
  g_assert_nonnull (strstr (error->message, fragment));
}

#define ZONES "\"zones\": [\"DMA\", \"DMA32\", \"Normal\"], \"zone_limits\": {\"DMA\": \"16M\", \"DMA32\": \"4G\"}, "

static void
test_spec_errors (void)
{
  expect_spec_error ("", "not a valid machine description");
  expect_spec_error ("[1, 2]", "expected a JSON object");
  expect_spec_error ("{\"nodes\": []}", "zones");
  expect_spec_error ("{" ZONES "\"nodes\": []}", "at least one node");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1}]}", "memory");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[\"0x1001\", \"1M\"]]}]}",
                     "multiples of the page size");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[\"1M\", \"4K\"]]}]}",
                     "after the start");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"], [\"512M\", \"2G\"]]}]}",
                     "overlap");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"]]}, "
                     "{\"id\": 1, \"cpus\": 1, \"memory\": [[\"512M\", \"2G\"]]}]}", "overlap");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 0, \"memory\": [[0, \"1G\"]]}]}", "CPUs");
  expect_spec_error ("{" ZONES "\"kernel\": \"linux\", \"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"]]}]}",
                     "version");
  expect_spec_error ("{\"zones\": [\"Normal\", \"DMA\"], \"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"]]}]}",
                     "order");
  expect_spec_error ("{" ZONES "\"page_size\": 5000, \"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"]]}]}",
                     "power of two");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"]], \"reserved\": [[\"2G\", \"+4K\"]]}]}",
                     "outside");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"20T\"]]}]}",
                     "2^32");
  expect_spec_error ("{" ZONES "\"nodes\": [{\"cpus\": 1, \"memory\": [[0, \"1G\"]]}], \"distance\": [[11]]}",
                     "itself");
}

static void
test_unknown_preset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("x86_64-17g", &error);

  g_assert_null (spec);
  g_assert_error (error, MA_MACHINE_SPEC_ERROR, MA_MACHINE_SPEC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "x86_64-16g"));
}

/* A preset written back to JSON and read again builds the same machine. */
static void
test_spec_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("numa-2node-64g", &error);
  g_autofree char *json = ma_machine_spec_to_json (spec);
  MaMachineSpec *again = ma_machine_spec_new_from_json (json, -1, "round-trip", &error);
  g_autoptr(MaMachine) a = NULL;
  g_autoptr(MaMachine) b = NULL;

  g_assert_no_error (error);
  a = ma_test_machine_from_spec (ma_machine_spec_copy (spec), 7);
  b = ma_test_machine_from_spec (again, 7);
  g_assert_cmpuint (ma_machine_hash_state (a), ==, ma_machine_hash_state (b));
}

static guint64
run_workload (const char *preset,
              guint64     seed)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset (preset, seed);
  g_autoptr(MaWorkload) w = ma_workload_new (m, MA_GFP_KERNEL, 0.75);
  MaWorkloadStats stats = { 0, };

  ma_workload_fill (w);
  ma_workload_run (w, 200000, &stats);
  return ma_machine_hash_state (m);
}

static void
test_determinism (void)
{
  guint64 a = run_workload ("tiny-64m", 5);
  guint64 b = run_workload ("tiny-64m", 5);
  guint64 c = run_workload ("tiny-64m", 6);

  g_assert_cmpuint (a, ==, b);
  g_assert_cmpuint (a, !=, c);
}

/* Undo restores the exact state, redo the exact state after; across many random actions. */
static void
test_undo_redo (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 9);
  g_autoptr(GArray) hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 h = ma_machine_hash_state (m);

  g_assert_false (ma_machine_can_undo (m));
  g_array_append_val (hashes, h);
  for (guint i = 0; i < 60; i++)
    {
      guint64 pfn;

      ma_machine_begin_action (m, "random");
      for (guint j = 0; j < 50; j++)
        {
          if (live->len > 0 && ma_machine_random_below (m, 3) == 0)
            {
              guint k = (guint) ma_machine_random_below (m, live->len);

              g_assert_true (ma_machine_free (m, g_array_index (live, guint64, k), NULL));
              g_array_remove_index_fast (live, k);
            }
          else if (ma_test_alloc (m, MA_GFP_KERNEL, (guint) ma_machine_random_below (m, 6), &pfn))
            g_array_append_val (live, pfn);
        }
      if (i == 30)
        g_assert_true (ma_machine_set_watermark_scale_factor (m, 300, NULL));
      ma_machine_end_action (m);
      h = ma_machine_hash_state (m);
      g_array_append_val (hashes, h);
    }

  for (guint i = hashes->len - 1; i > 0; i--)
    {
      g_assert_true (ma_machine_undo (m));
      g_assert_cmpuint (ma_machine_hash_state (m), ==, g_array_index (hashes, guint64, i - 1));
      ma_test_assert_consistent (m, TRUE);
    }
  g_assert_false (ma_machine_can_undo (m));
  for (guint i = 1; i < hashes->len; i++)
    {
      g_assert_true (ma_machine_redo (m));
      g_assert_cmpuint (ma_machine_hash_state (m), ==, g_array_index (hashes, guint64, i));
    }
  ma_test_assert_consistent (m, TRUE);

  /* a failed action leaves nothing to undo */
  {
    guint n_undo = 0;

    while (ma_machine_can_undo (m))
      {
        g_assert_true (ma_machine_undo (m));
        n_undo++;
      }
    g_assert_cmpuint (n_undo, ==, 60);
  }
}

static void
test_events (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("tiny-64m", 1);
  MaEventRing *ring = ma_machine_get_events (m);
  guint64 seq = ma_event_ring_next_seq (ring), first = seq, pfn;
  const MaEvent *e;
  gboolean saw_alloc = FALSE, saw_split = FALSE;

  g_assert_true (ma_test_alloc (m, MA_GFP_KERNEL, 2, &pfn));
  while (ma_event_ring_read (ring, &seq, &e))
    {
      g_assert_nonnull (e);
      if (e->type == MA_EVENT_ALLOC)
        {
          saw_alloc = TRUE;
          g_assert_cmpuint (e->pfn, ==, pfn);
          g_assert_cmpuint (e->order, ==, 2);
        }
      if (e->type == MA_EVENT_SPLIT)
        saw_split = TRUE;
    }
  g_assert_true (saw_alloc);
  g_assert_true (saw_split);

  /* a reader that falls behind by more than the ring holds is told so */
  for (guint i = 0; i < ma_event_ring_capacity (ring); i++)
    {
      g_assert_true (ma_test_alloc (m, MA_GFP_KERNEL, 0, &pfn));
      g_assert_true (ma_machine_free (m, pfn, NULL));
    }
  seq = first;
  g_assert_true (ma_event_ring_read (ring, &seq, &e));
  g_assert_null (e);
  g_assert_cmpuint (seq, ==, ma_event_ring_oldest_seq (ring));
}

static void
test_frame_info (void)
{
  g_autoptr(MaMachine) m = ma_test_machine_preset ("x86_64-16g", 1);
  MaFrameInfo info;
  guint64 pfn;

  /* a hole in the PCI window */
  g_assert_true (ma_machine_get_frame_info (m, (G_GUINT64_CONSTANT (3) << 30 >> 12) + 5, &info));
  g_assert_cmpint (info.state, ==, MA_FRAME_HOLE);
  /* reserved low memory */
  g_assert_true (ma_machine_get_frame_info (m, 5, &info));
  g_assert_cmpint (info.state, ==, MA_FRAME_RESERVED);
  g_assert_cmpint (ma_machine_get_owner (m, info.owner)->kind, ==, MA_OWNER_FIRMWARE);
  /* an allocated page */
  g_assert_true (ma_test_alloc (m, MA_GFP_HIGHUSER_MOVABLE, 0, &pfn));
  g_assert_true (ma_machine_get_frame_info (m, pfn, &info));
  g_assert_cmpint (info.state, ==, MA_FRAME_ALLOC_HEAD);
  g_assert_cmpuint (info.refcount, ==, 1);
  g_assert_cmpuint (info.mapcount, ==, 1);
  g_assert_cmpint (ma_machine_get_owner (m, info.owner)->kind, ==, MA_OWNER_ANON);
  g_assert_cmpuint (info.phys_addr, ==, pfn << 12);
  g_assert_cmpint (info.pageblock_mt, ==, MA_MIGRATE_MOVABLE);
  /* a page of an untouched max-order block */
  g_assert_true (ma_machine_get_frame_info (m, (G_GUINT64_CONSTANT (16) << 30 >> 12) + 3, &info));
  g_assert_cmpint (info.block_state, ==, MA_FRAME_FREE_HEAD);
  g_assert_cmpuint (info.block_order, ==, 10);
  g_assert_false (ma_machine_get_frame_info (m, G_GUINT64_CONSTANT (1) << 40, &info));
}

/* A saved simulation replays to the exact same machine; a tampered one is refused. */
static void
test_session_save_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("tiny-64m", &error);
  g_autoptr(MaSession) session = ma_session_new (spec, 3, &error);
  g_autoptr(MaSession) loaded = NULL;
  g_autofree char *json = NULL;
  GString *tampered;
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 2, .node = 0, .start_zone = MA_ZONE_DMA32 };
  guint64 pfn, first = 0;
  char *at;

  for (guint i = 0; i < 40; i++)
    {
      req.order = i % 5;
      if (ma_session_alloc (session, &req, &pfn, NULL) && first == 0)
        first = pfn;
    }
  g_assert_true (ma_session_free (session, first, &error));
  g_assert_true (ma_session_set_sysctl (session, "watermark_scale_factor", "150", &error));
  g_assert_true (ma_session_drain_pcp (session));
  g_assert_true (ma_session_alloc (session, &req, &pfn, NULL));
  g_assert_true (ma_session_undo (session));   /* the undone action is not saved */
  g_assert_false (ma_session_set_sysctl (session, "swappiness", "10", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  json = ma_session_to_json (session);
  loaded = ma_session_new_from_json (json, -1, "saved.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ma_machine_hash_state (ma_session_get_machine (loaded)), ==,
                    ma_machine_hash_state (ma_session_get_machine (session)));
  g_assert_cmpuint (ma_session_get_n_actions (loaded), ==, ma_session_get_n_actions (session));

  /* a pfn changed by hand no longer replays */
  tampered = g_string_new (json);
  at = strstr (tampered->str, "\"pfn\" : ");
  g_assert_nonnull (at);
  at[9] = at[9] == '1' ? '2' : '1';
  g_clear_object (&loaded);
  loaded = ma_session_new_from_json (tampered->str, -1, "tampered.json", &error);
  g_assert_null (loaded);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "tampered.json"));
  g_string_free (tampered, TRUE);
  g_clear_error (&error);

  loaded = ma_session_new_from_json ("{\"format\": \"something-else\"}", -1, "other.json", &error);
  g_assert_null (loaded);
  g_assert_error (error, MA_SESSION_ERROR, MA_SESSION_ERROR_PARSE);
}

/* Actions made on the machine beside the session (a kmap from the inspector) are undone in
 * order with the session's, and the session counts only its own. */
static void
test_session_undo_with_other_actions (void)
{
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("tiny-64m", NULL);
  g_autoptr(MaSession) session = ma_session_new (spec, 1, NULL);
  MaMachine *m = ma_session_get_machine (session);
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 1, .node = -1, .start_zone = -1 };
  guint64 pfn, h0, h1, h2, h3;

  h0 = ma_machine_hash_state (m);
  g_assert_true (ma_session_alloc (session, &req, NULL, NULL));
  h1 = ma_machine_hash_state (m);
  ma_machine_begin_action (m, "beside the session");
  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  ma_machine_end_action (m);
  h2 = ma_machine_hash_state (m);
  g_assert_true (ma_session_alloc (session, &req, NULL, NULL));
  h3 = ma_machine_hash_state (m);
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 2);

  g_assert_true (ma_session_undo (session));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h2);
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 1);
  g_assert_true (ma_session_undo (session));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h1);
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 1);
  g_assert_true (ma_session_undo (session));
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h0);
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 0);
  g_assert_false (ma_session_undo (session));

  g_assert_true (ma_session_redo (session));
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 1);
  g_assert_true (ma_session_redo (session));
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 1);
  g_assert_true (ma_session_redo (session));
  g_assert_cmpuint (ma_session_get_n_actions (session), ==, 2);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, h3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/machine/presets-load", test_presets_load);
  g_test_add_func ("/ma/machine/preset-shapes", test_preset_shapes);
  g_test_add_func ("/ma/machine/spec-errors", test_spec_errors);
  g_test_add_func ("/ma/machine/unknown-preset", test_unknown_preset);
  g_test_add_func ("/ma/machine/spec-round-trip", test_spec_round_trip);
  g_test_add_func ("/ma/machine/determinism", test_determinism);
  g_test_add_func ("/ma/machine/undo-redo", test_undo_redo);
  g_test_add_func ("/ma/machine/events", test_events);
  g_test_add_func ("/ma/machine/frame-info", test_frame_info);
  g_test_add_func ("/ma/machine/session-save-load", test_session_save_load);
  g_test_add_func ("/ma/machine/session-undo-with-other-actions", test_session_undo_with_other_actions);
  return g_test_run ();
}
