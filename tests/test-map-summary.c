/* test-map-summary.c: the summary pyramid stays equal to one recomputed from the frames
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ma-alloc.h"
#include "ma-map-classify.h"
#include "ma-map-palette.h"
#include "ma-map-summary.h"
#include "ma-reconstruct.h"

typedef struct
{
  MaMachine     *machine;
  MaFrameLayout *layout;
  MaMapSummary  *summary;
  guint64        seq;
  GArray        *live;   /* pfn << 4 | order */
  GRand         *rand;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("tiny-64m", &error);

  g_assert_no_error (error);
  f->machine = ma_machine_new (spec, 7, &error);
  g_assert_no_error (error);
  f->layout = ma_frame_layout_new (f->machine);
  f->summary = ma_map_summary_new (f->layout, GPOINTER_TO_UINT (data));
  f->seq = ma_event_ring_next_seq (ma_machine_get_events (f->machine));
  f->live = g_array_new (FALSE, FALSE, sizeof (guint64));
  f->rand = g_rand_new_with_seed (42);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_rand_free (f->rand);
  g_array_unref (f->live);
  ma_map_summary_free (f->summary);
  ma_frame_layout_unref (f->layout);
  g_assert_finalize_object (f->machine);
}

/* What the renderer does on every frame: read the events, then update. */
static void
sync_summary (Fixture *f)
{
  MaEventRing *ring = ma_machine_get_events (f->machine);
  const MaEvent *e;

  while (ma_event_ring_read (ring, &f->seq, &e))
    {
      guint64 pfn, n;

      if (e == NULL)
        {
          ma_map_summary_invalidate_all (f->summary);
          continue;
        }
      switch (ma_map_event_get_scope (e, &pfn, &n))
        {
        case MA_MAP_EVENT_RANGE:
          ma_map_summary_invalidate_range (f->summary, pfn, n);
          break;
        case MA_MAP_EVENT_EVERYTHING:
          ma_map_summary_invalidate_all (f->summary);
          break;
        case MA_MAP_EVENT_NO_FRAMES:
        default:
          break;
        }
    }
  g_assert_true (ma_map_summary_update (f->summary, NULL, -1));
  g_assert_true (ma_map_summary_is_clean (f->summary));
}

static void
random_ops (Fixture *f,
            guint    n)
{
  static const MaGfp gfps[] = { MA_GFP_KERNEL, MA_GFP_HIGHUSER_MOVABLE, MA_GFP_USER,
                                MA_GFP_KERNEL | MA___GFP_RECLAIMABLE };
  static const MaOwnerKind owners[] = { MA_OWNER_KERNEL, MA_OWNER_ANON, MA_OWNER_FILE,
                                        MA_OWNER_SLAB_RECLAIMABLE, MA_OWNER_PAGETABLE,
                                        MA_OWNER_SLAB };

  for (guint i = 0; i < n; i++)
    {
      if (f->live->len > 0 && g_rand_int_range (f->rand, 0, 100) < 40)
        {
          guint k = g_rand_int_range (f->rand, 0, f->live->len);
          guint64 entry = g_array_index (f->live, guint64, k);

          ma_machine_free_block (f->machine, entry >> 4, entry & 0xf);
          g_array_remove_index_fast (f->live, k);
        }
      else
        {
          guint r = g_rand_int_range (f->rand, 0, 100);
          MaAllocRequest req = {
            .gfp = gfps[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (gfps))],
            .order = r < 70 ? 0 : r < 95 ? g_rand_int_range (f->rand, 1, 5) : 9,
            .node = -1,
            .start_zone = -1,
            .owner = ma_machine_default_owner (f->machine,
                                               owners[g_rand_int_range (f->rand, 0,
                                                                        G_N_ELEMENTS (owners))]),
          };
          guint64 pfn;

          if (ma_machine_alloc (f->machine, &req, &pfn, NULL))
            {
              guint64 entry = (pfn << 4) | req.order;

              g_array_append_val (f->live, entry);
            }
        }
    }
}

/* Every stored cell against the frames, level by level. */
static void
check_summary (Fixture *f)
{
  const MaMapPalette *palette = ma_map_palette_get (ma_map_summary_get_mode (f->summary));
  g_autoptr(MaMapClassifier) classifier =
    ma_map_classifier_new (f->machine, ma_map_summary_get_mode (f->summary));

  for (guint zi = 0; zi < ma_frame_layout_get_n_zones (f->layout); zi++)
    {
      const MaLayoutZone *lz = ma_frame_layout_get_zone (f->layout, zi);
      guint n_levels = ma_map_summary_get_n_levels (f->summary, zi);

      for (guint level = MA_MAP_FIRST_STORED_LEVEL; level < n_levels; level++)
        {
          guint w, h;
          const guint8 *colors = ma_map_summary_get_level (f->summary, zi, level, &w, &h);

          for (guint y = 0; y < h; y++)
            for (guint x = 0; x < w; x++)
              {
                guint32 expected[MA_MAP_MAX_CATEGORIES + 1];

                ma_map_summary_count_from_frames (f->summary, zi, level, x, y, expected);
                if (level >= MA_MAP_BLOCK_LEVEL)
                  {
                    guint32 stored[MA_MAP_MAX_CATEGORIES + 1];

                    ma_map_summary_get_counts (f->summary, zi, level, x, y, stored);
                    g_assert_cmpmem (stored, (palette->n_categories + 1) * sizeof (guint32),
                                     expected, (palette->n_categories + 1) * sizeof (guint32));
                  }
                g_assert_cmpuint (colors[(gsize) y * w + x], ==,
                                  ma_map_palette_pick (palette, expected));
              }
        }

      /* The fine levels, read from the frames on demand, frame by frame. */
      for (guint by = 0; by < lz->rows * (1u << (ma_frame_layout_get_tile_order (f->layout)
                                                 - MA_MAP_BLOCK_LEVEL)); by++)
        for (guint bx = 0; bx < lz->columns * (1u << (ma_frame_layout_get_tile_order (f->layout)
                                                      - MA_MAP_BLOCK_LEVEL)); bx++)
          {
            const MaMapFine *fine = ma_map_summary_get_fine (f->summary, zi, bx, by, TRUE);
            guint64 pfn;

            if (!ma_map_summary_block_pfn (f->summary, zi, bx, by, &pfn))
              {
                g_assert_null (fine);
                continue;
              }
            g_assert_nonnull (fine);
            for (guint y = 0; y < MA_MAP_BLOCK_SIDE; y++)
              for (guint x = 0; x < MA_MAP_BLOCK_SIDE; x++)
                g_assert_cmpuint (fine->cats[y * MA_MAP_BLOCK_SIDE + x], ==,
                                  ma_map_classify_frame (classifier, lz,
                                                         pfn + ma_morton_encode (x, y)));
          }
    }
}

static void
test_summary_fresh (Fixture       *f,
                    gconstpointer  data)
{
  guint w, h;
  const guint8 *colors;

  /* Nothing read yet: everything pending. */
  g_assert_false (ma_map_summary_is_clean (f->summary));
  colors = ma_map_summary_get_level (f->summary, 1, 3, &w, &h);
  g_assert_cmpuint (colors[0], ==, MA_MAP_CAT_PENDING);

  sync_summary (f);
  check_summary (f);
}

static void
test_summary_random (Fixture       *f,
                     gconstpointer  data)
{
  sync_summary (f);
  for (guint round = 0; round < 6; round++)
    {
      random_ops (f, 300);
      sync_summary (f);
      check_summary (f);
    }
  g_test_message ("%u blocks allocated", f->live->len);
  g_assert_cmpuint (f->live->len, >, 100);
}

static void
test_summary_undo (Fixture       *f,
                   gconstpointer  data)
{
  sync_summary (f);
  ma_machine_begin_action (f->machine, "fill");
  random_ops (f, 500);
  ma_machine_end_action (f->machine);
  sync_summary (f);
  check_summary (f);

  /* Undo announces its frames as RESET ranges. */
  g_assert_true (ma_machine_undo (f->machine));
  g_array_set_size (f->live, 0);
  sync_summary (f);
  check_summary (f);
}

static void
test_summary_overflow (Fixture       *f,
                       gconstpointer  data)
{
  MaEventRing *ring = ma_machine_get_events (f->machine);

  sync_summary (f);
  /* More events than the ring holds: the reader falls behind and refreshes everything. */
  while (ma_event_ring_next_seq (ring) - f->seq <= ma_event_ring_capacity (ring))
    random_ops (f, 200);
  sync_summary (f);
  check_summary (f);
}

static void
test_summary_deadline (Fixture       *f,
                       gconstpointer  data)
{
  guint rounds = 0;

  random_ops (f, 400);
  /* A deadline in the past still makes progress, a few blocks per call. */
  while (!ma_map_summary_update (f->summary, NULL, 0))
    rounds++;
  g_assert_cmpuint (rounds, >, 0);
  f->seq = ma_event_ring_next_seq (ma_machine_get_events (f->machine));
  check_summary (f);
}

/* A zone rebuilt from a snapshot's counts: its used pages are "in use, owner unknown", its
 * free pages free, frame for frame. */
static void
test_reconstructed_zone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("x86_64-16g", &error);
  g_autoptr(MaMachine) m = ma_machine_new (spec, 1, &error);
  g_autoptr(MaFrameLayout) layout = NULL;
  g_autoptr(MaMapClassifier) classifier = NULL;
  static const guint64 nr_free[11] = { 300, 200, 100, 50, 20, 10, 5, 3, 2, 1, 40 };
  MaZoneCounts c = { 0, };
  const MaLayoutZone *lz = NULL;
  guint64 free_frames = 0, unknown_frames = 0, free_pages = 0;
  MaZone *zone;

  g_assert_no_error (error);
  c.node_index = 0;
  c.type = MA_ZONE_DMA32;
  c.free_pages = -1;
  c.n_orders = 11;
  memcpy (c.nr_free, nr_free, sizeof nr_free);
  g_assert_true (ma_machine_reconstruct (m, &c, 1, NULL, &error));
  g_assert_no_error (error);

  layout = ma_frame_layout_new (m);
  classifier = ma_map_classifier_new (m, MA_COLOR_MODE_STATE);
  for (guint i = 0; i < ma_frame_layout_get_n_zones (layout); i++)
    if (ma_zone_get_zone_type (ma_frame_layout_get_zone (layout, i)->zone) == MA_ZONE_DMA32)
      lz = ma_frame_layout_get_zone (layout, i);
  g_assert_nonnull (lz);
  zone = lz->zone;

  for (guint64 pfn = lz->start_pfn; pfn < lz->end_pfn; pfn++)
    {
      guint8 cat = ma_map_classify_frame (classifier, lz, pfn);

      if (cat == MA_MAP_STATE_FREE_SMALL || cat == MA_MAP_STATE_FREE_MEDIUM
          || cat == MA_MAP_STATE_FREE_LARGE)
        free_frames++;
      else if (cat == MA_MAP_STATE_UNKNOWN)
        unknown_frames++;
    }
  for (guint k = 0; k < 11; k++)
    free_pages += nr_free[k] << k;
  g_assert_cmpuint (free_frames, ==, free_pages);
  g_assert_cmpint (ma_zone_get_free_pages (zone), ==, (gint64) free_pages);
  g_assert_cmpuint (unknown_frames, ==, ma_zone_get_managed (zone) - free_pages
                                         - ma_zone_get_pcp_pages (zone));
}

int
main (int   argc,
      char *argv[])
{
  static const char *const modes[] = { "state", "migratetype", "order" };

  g_test_init (&argc, &argv, NULL);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      gconstpointer mode = GUINT_TO_POINTER (m);
      g_autofree char *fresh = g_strdup_printf ("/ma/map/summary/%s/fresh", modes[m]);
      g_autofree char *random = g_strdup_printf ("/ma/map/summary/%s/random", modes[m]);
      g_autofree char *undo = g_strdup_printf ("/ma/map/summary/%s/undo", modes[m]);
      g_autofree char *overflow = g_strdup_printf ("/ma/map/summary/%s/overflow", modes[m]);
      g_autofree char *deadline = g_strdup_printf ("/ma/map/summary/%s/deadline", modes[m]);

      g_test_add (fresh, Fixture, mode, fixture_set_up, test_summary_fresh, fixture_tear_down);
      g_test_add (random, Fixture, mode, fixture_set_up, test_summary_random, fixture_tear_down);
      g_test_add (undo, Fixture, mode, fixture_set_up, test_summary_undo, fixture_tear_down);
      g_test_add (overflow, Fixture, mode, fixture_set_up, test_summary_overflow,
                  fixture_tear_down);
      g_test_add (deadline, Fixture, mode, fixture_set_up, test_summary_deadline,
                  fixture_tear_down);
    }
  g_test_add_func ("/ma/map/summary/reconstructed-zone", test_reconstructed_zone);
  return g_test_run ();
}
