/* test-page-states.c: a machine given its real layout, frame by frame
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-page-states.h"
#include "ma-reconstruct.h"
#include "ma-test-machines.h"

#define RESERVED(n)     { (n), { MA_PAGE_RESERVED, 0, 0 } }
#define HOLE(n)         { (n), { MA_PAGE_HOLE, 0, 0 } }
#define FREE(n, order)  { (n), { MA_PAGE_FREE_HEAD, (order), 0 } }
#define TAIL(n)         { (n), { MA_PAGE_FREE_TAIL, 0, 0 } }
#define PCP(n)          { (n), { MA_PAGE_PCP, 0, 0 } }
#define USED(n, kind)   { (n), { MA_PAGE_USED, 0, (kind) } }

/* One node, one CPU: DMA below dma_limit, DMA32 above it up to pfn 16384, a hole at
 * [10000, 10240), reserved frames at the start of each zone. */
static MaMachine *
small_machine (guint64 dma_limit)
{
  MaMachineSpec *spec = ma_test_spec_x86 (0, 10000, dma_limit);

  ma_machine_spec_add_memory (spec, 0, 10240, 16384);
  ma_machine_spec_add_reserved (spec, 0, 0, 16);
  ma_machine_spec_add_reserved (spec, 0, dma_limit, dma_limit + 4);
  return ma_test_machine_from_spec (spec, 1);
}

static MaZone *
zone_of (MaMachine  *m,
         MaZoneType  type)
{
  return ma_node_get_zone_by_type (ma_machine_get_node (m, 0), type);
}

static void
assert_free (MaZone        *zone,
             const guint64 *nr_free)
{
  guint64 pages = 0;

  for (guint k = 0; k < 11; k++)
    {
      g_assert_cmpuint (ma_zone_get_nr_free (zone, k), ==, nr_free[k]);
      pages += nr_free[k] << k;
    }
  g_assert_cmpint (ma_zone_get_free_pages (zone), ==, (gint64) pages);
}

static gboolean
notes_mention (GPtrArray  *notes,
               const char *part)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (notes->pdata[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static void
print_notes (GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("%s", (const char *) notes->pdata[i]);
}

/* A layout with free blocks of several orders (one given as head and tails), per-CPU pages,
 * a hole and pages of every owner kind, applied over a zone whose pageblock types came from a
 * reconstruction: every count as the states say, the free lists of each block's pageblock. */
static const MaPageStateRun layout[] = {
  /* DMA [0, 4096) */
  RESERVED (16),
  USED (16, MA_OWNER_SLAB),
  FREE (32, 5),
  PCP (8),
  USED (24, MA_OWNER_ANON),
  FREE (32, 5),                       /* its buddy at 64 is in use: no merge */
  USED (896, MA_OWNER_FILE),
  FREE (1, 10), TAIL (1023),
  USED (1, MA_OWNER_PAGETABLE),
  FREE (1, 0),
  FREE (2, 1),
  FREE (4, 2),
  USED (2040, MA_OWNER_KERNEL),
  /* DMA32 [4096, 16384) */
  RESERVED (4),
  USED (4, MA_OWNER_UNKNOWN),
  USED (248, MA_OWNER_KERNEL_STACK),
  FREE (256, 8),
  FREE (512, 9),
  FREE (1024, 10),
  USED (3856, MA_OWNER_SLAB_RECLAIMABLE),
  HOLE (240),
  USED (512, MA_OWNER_ANON),
  FREE (512, 9),
  USED (1024, MA_OWNER_FILE),
  FREE (1024, 10),
  FREE (1024, 10),
  USED (2048, MA_OWNER_ANON),
};

static void
test_layout (void)
{
  g_autoptr(MaMachine) m = small_machine (4096);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZoneCounts c = { 0, };
  MaZone *dma = zone_of (m, MA_ZONE_DMA), *dma32 = zone_of (m, MA_ZONE_DMA32);
  static const guint64 dma_free[11] = { 1, 1, 1, 0, 0, 2, 0, 0, 0, 0, 1 };
  static const guint64 dma32_free[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3 };
  MaFrameInfo info;
  guint64 head;
  guint order;
  MaFrameState state;

  /* the snapshot's pageblock types and watermarks, as the reconstruction installs them */
  c.node_index = 0;
  c.type = MA_ZONE_DMA32;
  c.free_pages = -1;
  c.have_pageblocks = TRUE;
  c.pageblocks[MA_MIGRATE_UNMOVABLE] = 2;
  c.pageblocks[MA_MIGRATE_MOVABLE] = 22;
  c.have_wmarks = TRUE;
  c.wmark[MA_WMARK_MIN] = 100;
  c.wmark[MA_WMARK_LOW] = 125;
  c.wmark[MA_WMARK_HIGH] = 150;
  g_assert_true (ma_machine_reconstruct (m, &c, 1, notes, &error));
  g_assert_no_error (error);
  g_assert_true (ma_zone_is_reconstructed (dma32));
  g_ptr_array_set_size (notes, 0);

  g_assert_true (ma_machine_apply_page_state_runs (m, 0, layout, G_N_ELEMENTS (layout), notes,
                                                   &error));
  g_assert_no_error (error);
  print_notes (notes);
  g_assert_cmpuint (notes->len, ==, 0);
  ma_test_assert_consistent (m, TRUE);

  g_assert_false (ma_zone_is_reconstructed (dma));
  g_assert_false (ma_zone_is_reconstructed (dma32));
  assert_free (dma, dma_free);
  assert_free (dma32, dma32_free);
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma), ==, 8);
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), ==, 0);

  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_FIRMWARE), ==, 16);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_SLAB), ==, 16);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_ANON), ==, 24);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_FILE), ==, 896);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_PAGETABLE), ==, 1);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_KERNEL), ==, 2040);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_UNKNOWN), ==, 0);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_FIRMWARE), ==, 4);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_UNKNOWN), ==, 4);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_KERNEL_STACK), ==, 248);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_SLAB_RECLAIMABLE), ==, 3856);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_ANON), ==, 2560);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_FILE), ==, 1024);
  g_assert_cmpuint (ma_machine_get_owner (m, MA_OWNER_ANON)->pages, ==, 2584);

  /* free blocks on the lists of their pageblocks: the two lowest of DMA32 are unmovable */
  g_assert_cmpuint (ma_zone_get_nr_free_list (dma32, 8, MA_MIGRATE_UNMOVABLE), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free_list (dma32, 9, MA_MIGRATE_UNMOVABLE), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free_list (dma32, 9, MA_MIGRATE_MOVABLE), ==, 1);
  g_assert_cmpuint (ma_zone_get_nr_free_list (dma32, 10, MA_MIGRATE_MOVABLE), ==, 3);

  /* the watermarks the snapshot printed stay */
  g_assert_cmpuint (ma_zone_get_watermark (dma32, MA_WMARK_LOW), ==, 125);

  /* frames say what they are */
  g_assert_true (ma_machine_find_block (m, 4360, &head, &order, &state));
  g_assert_cmpuint (head, ==, 4352);
  g_assert_cmpuint (order, ==, 8);
  g_assert_cmpint (state, ==, MA_FRAME_FREE_HEAD);
  g_assert_true (ma_machine_get_frame_info (m, 20, &info));
  g_assert_cmpint (info.state, ==, MA_FRAME_ALLOC_HEAD);
  g_assert_cmpint (ma_machine_get_owner (m, info.owner)->kind, ==, MA_OWNER_SLAB);
  g_assert_true (ma_machine_get_frame_info (m, 10100, &info));
  g_assert_cmpint (info.state, ==, MA_FRAME_HOLE);
  g_assert_true (ma_machine_get_frame_info (m, 4101, &info));
  g_assert_cmpint (info.state, ==, MA_FRAME_IN_USE);
}

/* The same states twice (a live view moving on) give the same machine, and the owners' page
 * counts are not doubled. */
static void
test_twice (void)
{
  g_autoptr(MaMachine) m = small_machine (4096);
  g_autoptr(GError) error = NULL;
  guint64 hash;

  g_assert_true (ma_machine_apply_page_state_runs (m, 0, layout, G_N_ELEMENTS (layout), NULL,
                                                   &error));
  hash = ma_machine_hash_state (m);
  g_assert_true (ma_machine_apply_page_state_runs (m, 0, layout, G_N_ELEMENTS (layout), NULL,
                                                   &error));
  g_assert_no_error (error);
  ma_test_assert_consistent (m, TRUE);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash);
  g_assert_cmpuint (ma_machine_get_owner (m, MA_OWNER_FILE)->pages, ==, 1920);
}

/* What no buddy allocator can hold is shown in use and said in a note; the machine stays
 * consistent. DMA ends at 4000 here, so that a block can cross it. */
static void
test_bad_input (void)
{
  static const MaPageStateRun bad[] = {
    /* DMA [0, 4000) */
    RESERVED (16),
    USED (4, MA_OWNER_KERNEL),
    FREE (8, 3),                        /* at 20: not aligned to 8 */
    USED (4, MA_OWNER_KERNEL),
    FREE (1, 4), TAIL (7),              /* order 4 with 8 frames: cut short */
    USED (8, MA_OWNER_KERNEL),
    TAIL (16),                          /* tails without a head */
    FREE (32, 5),
    FREE (32, 5),                       /* buddy of the one before: merged to order 6 */
    FREE (1, 12),                       /* above the largest order */
    USED (3455, MA_OWNER_KERNEL),
    FREE (416, 9),                      /* at 3584: crosses the zone's end at 4000 */
    /* DMA32 [4000, 16384) */
    USED (4, MA_OWNER_ANON),            /* reserved frames of the machine */
    USED (5980, MA_OWNER_KERNEL),
    FREE (1, 8), TAIL (255),            /* at 9984: covers the hole at 10000 */
    HOLE (10),                          /* memory of the machine */
    USED (502, MA_OWNER_FILE),
    FREE (512, 9),
    USED (5120, MA_OWNER_KERNEL),
  };
  g_autoptr(MaMachine) m = small_machine (4000);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZone *dma = zone_of (m, MA_ZONE_DMA), *dma32 = zone_of (m, MA_ZONE_DMA32);
  static const guint64 dma_free[11] = { 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
  static const guint64 dma32_free[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };

  g_assert_true (ma_machine_apply_page_state_runs (m, 0, bad, G_N_ELEMENTS (bad), notes,
                                                   &error));
  g_assert_no_error (error);
  print_notes (notes);
  ma_test_assert_consistent (m, TRUE);
  assert_free (dma, dma_free);
  assert_free (dma32, dma32_free);

  g_assert_true (notes_mention (notes, "Node 0 DMA: 1 free block is not aligned"));
  g_assert_true (notes_mention (notes, "Node 0 DMA: 1 free block has fewer frames"));
  g_assert_true (notes_mention (notes, "Node 0 DMA: 16 free frames belong to no free block"));
  g_assert_true (notes_mention (notes, "Node 0 DMA: 1 pair of free buddies"));
  g_assert_true (notes_mention (notes, "Node 0 DMA: 1 free block is larger than the largest"));
  g_assert_true (notes_mention (notes, "Node 0 DMA: 1 free block crosses the end of the zone"));
  g_assert_true (notes_mention (notes, "Node 0 DMA32: 1 free block covers holes"));
  g_assert_true (notes_mention (notes, "Node 0 DMA32: 244 frames said to be free or in use"));
  g_assert_true (notes_mention (notes, "Node 0 DMA32: 10 frames said to be holes"));

  /* in use, owner unknown: 8 misaligned + 8 short + 16 strays + 1 too large + 416 crossing */
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_UNKNOWN), ==, 449);
  /* 16 before the hole of the covering block, 10 said to be holes */
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_UNKNOWN), ==, 26);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_ANON), ==, 0);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_FIRMWARE), ==, 4);
}

/* A source that covers a zone only in part leaves it as it was; one that ends early leaves the
 * rest of its zone in use. */
static void
test_partial (void)
{
  static const MaPageStateRun first[] = {
    RESERVED (16),
    FREE (16, 4),
    FREE (32, 5),
    FREE (64, 6),
    USED (7872, MA_OWNER_KERNEL),       /* up to 8000, inside DMA32 */
  };
  g_autoptr(MaMachine) m = small_machine (4096);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZoneCounts c = { 0, };
  MaZone *dma = zone_of (m, MA_ZONE_DMA), *dma32 = zone_of (m, MA_ZONE_DMA32);
  static const guint64 dma_free[11] = { 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0 };
  static const guint64 dma32_free[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 };

  c.node_index = 0;
  c.type = MA_ZONE_DMA32;
  c.free_pages = -1;
  c.n_orders = 11;
  c.nr_free[10] = 5;
  g_assert_true (ma_machine_reconstruct (m, &c, 1, notes, &error));
  g_assert_no_error (error);

  g_assert_true (ma_machine_apply_page_state_runs (m, 0, first, G_N_ELEMENTS (first), notes,
                                                   &error));
  g_assert_no_error (error);
  print_notes (notes);
  ma_test_assert_consistent (m, TRUE);
  g_assert_false (ma_zone_is_reconstructed (dma));
  g_assert_true (ma_zone_is_reconstructed (dma32));
  assert_free (dma, dma_free);
  assert_free (dma32, dma32_free);
  g_assert_true (notes_mention (notes, "Node 0 DMA32 spans pfn 4096 to 16384, beyond the page "
                                "states (pfn 0 to 8000)"));

  /* 3000 frames do not cover DMA either: it keeps the layout it was given */
  g_ptr_array_set_size (notes, 0);
  g_assert_true (ma_machine_apply_page_state_runs (m, 0, first, 3, notes, &error));
  g_assert_no_error (error);
  ma_test_assert_consistent (m, TRUE);
  assert_free (dma, dma_free);
  g_assert_true (notes_mention (notes, "Node 0 DMA spans pfn 0 to 4096, beyond the page states "
                                "(pfn 0 to 64)"));
}

static guint64
end_early (guint64      pfn,
           MaPageState *state,
           gpointer     user_data)
{
  /* DMA's reserved frames, then one free block, then nothing */
  if (pfn < 16)
    {
      state->kind = MA_PAGE_RESERVED;
      return 16 - pfn;
    }
  if (pfn < 32)
    {
      state->kind = MA_PAGE_FREE_HEAD;
      state->order = 4;
      return 32 - pfn;
    }
  return 0;
}

static void
test_source_ends (void)
{
  g_autoptr(MaMachine) m = small_machine (4096);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MaZone *dma = zone_of (m, MA_ZONE_DMA);

  g_assert_true (ma_machine_apply_page_states (m, 0, 4096, end_early, NULL, notes, &error));
  g_assert_no_error (error);
  print_notes (notes);
  ma_test_assert_consistent (m, TRUE);
  g_assert_cmpint (ma_zone_get_free_pages (dma), ==, 16);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma, MA_OWNER_UNKNOWN), ==, 4096 - 32);
  g_assert_true (notes_mention (notes, "Node 0 DMA: the page states end at pfn 32"));
}

/* A machine with simulated pages is refused, untouched. */
static void
test_simulated_refused (void)
{
  g_autoptr(MaMachine) m = small_machine (4096);
  g_autoptr(GError) error = NULL;
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 0, .node = -1, .start_zone = -1 };
  guint64 pfn, hash;

  req.owner = ma_machine_add_owner (m, MA_OWNER_ANON, "test", 1);
  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  hash = ma_machine_hash_state (m);
  g_assert_false (ma_machine_apply_page_state_runs (m, 0, layout, G_N_ELEMENTS (layout), NULL,
                                                    &error));
  g_assert_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID);
  g_assert_cmpuint (ma_machine_hash_state (m), ==, hash);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/engine/page-states/layout", test_layout);
  g_test_add_func ("/ma/engine/page-states/twice", test_twice);
  g_test_add_func ("/ma/engine/page-states/bad-input", test_bad_input);
  g_test_add_func ("/ma/engine/page-states/partial", test_partial);
  g_test_add_func ("/ma/engine/page-states/source-ends", test_source_ends);
  g_test_add_func ("/ma/engine/page-states/simulated-refused", test_simulated_refused);
  return g_test_run ();
}
