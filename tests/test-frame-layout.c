/* test-frame-layout.c: where frames sit on the map
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ma-frame-layout.h"

static MaMachine *
load (const char *preset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load (preset, &error);
  MaMachine *machine;

  g_assert_no_error (error);
  machine = ma_machine_new (spec, 1, &error);
  g_assert_no_error (error);
  return machine;
}

/* pfn → (x, y) → pfn is the identity, which also proves that no two frames share a position. */
static void
check_round_trip (MaFrameLayout *layout,
                  guint64        pfn)
{
  double x, y, w, h;
  guint64 back = G_MAXUINT64;

  g_assert_true (ma_frame_layout_pfn_to_xy (layout, pfn, &x, &y));
  ma_frame_layout_get_size (layout, &w, &h);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, w);
  g_assert_cmpfloat (y, <, h);
  /* Anywhere inside the frame's square maps back to it. */
  g_assert_true (ma_frame_layout_xy_to_pfn (layout, x + 0.5, y + 0.5, &back));
  g_assert_cmpuint (back, ==, pfn);
  g_assert_true (ma_frame_layout_xy_to_pfn (layout, x + 0.999, y, &back));
  g_assert_cmpuint (back, ==, pfn);
}

/* An aligned block of 2^order frames covers exactly its rectangle: a square for even orders,
 * twice as wide as tall for odd ones. */
static void
check_block (MaFrameLayout *layout,
             guint64        head,
             guint          order)
{
  MaMapRect rect;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -1, max_y = -1;

  g_assert_true (ma_frame_layout_block_rect (layout, head, order, &rect));
  g_assert_cmpfloat (rect.width * rect.height, ==, (double) (1ull << order));
  g_assert_cmpfloat (rect.width, ==, order % 2 ? 2 * rect.height : rect.height);
  for (guint64 p = head; p < head + (1ull << order); p++)
    {
      double x, y;

      g_assert_true (ma_frame_layout_pfn_to_xy (layout, p, &x, &y));
      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x + 1);
      max_y = MAX (max_y, y + 1);
    }
  g_assert_cmpfloat (min_x, ==, rect.x);
  g_assert_cmpfloat (min_y, ==, rect.y);
  g_assert_cmpfloat (max_x - min_x, ==, rect.width);
  g_assert_cmpfloat (max_y - min_y, ==, rect.height);
}

static guint64
random_below (GRand   *rand,
              guint64  n)
{
  return MIN ((guint64) g_rand_double_range (rand, 0, (double) n), n - 1);
}

static void
test_layout_preset (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(MaMachine) machine = load (preset);
  g_autoptr(MaFrameLayout) layout = ma_frame_layout_new (machine);
  guint max_order = ma_machine_get_nr_orders (machine) - 1;
  guint64 total = 0;
  gboolean exhaustive;

  g_assert_cmpuint (ma_frame_layout_get_n_zones (layout), >, 0);
  for (guint i = 0; i < ma_frame_layout_get_n_zones (layout); i++)
    total += ma_frame_layout_get_zone (layout, i)->end_pfn
             - ma_frame_layout_get_zone (layout, i)->start_pfn;
  exhaustive = total <= (64ull << 20);

  for (guint i = 0; i < ma_frame_layout_get_n_zones (layout); i++)
    {
      const MaLayoutZone *z = ma_frame_layout_get_zone (layout, i);
      guint64 span = z->end_pfn - z->start_pfn;
      GRand *rand = g_rand_new_with_seed (i);

      g_test_message ("%s: node %u zone %s, %u × %u tiles", preset, z->node_index,
                      ma_zone_get_name (z->zone), z->columns, z->rows);
      if (exhaustive)
        for (guint64 pfn = z->start_pfn; pfn < z->end_pfn; pfn++)
          check_round_trip (layout, pfn);
      else
        {
          /* Edges (where holes and zone boundaries are) and a random sample. */
          for (guint64 d = 0; d < MIN (span, 4096); d++)
            {
              check_round_trip (layout, z->start_pfn + d);
              check_round_trip (layout, z->end_pfn - 1 - d);
            }
          for (guint k = 0; k < 200000; k++)
            check_round_trip (layout, z->start_pfn + random_below (rand, span));
        }

      /* Every order, a few aligned blocks fully inside the zone. */
      for (guint order = 0; order <= max_order; order++)
        {
          guint64 size = 1ull << order;
          guint64 first = (z->start_pfn + size - 1) & ~(size - 1);

          for (guint k = 0; k < 16 && first + size <= z->end_pfn; k++)
            {
              guint64 n = (z->end_pfn - first) / size;
              guint64 head = first + size * (k == 0 ? 0 : random_below (rand, n));

              check_block (layout, head, order);
            }
        }
      g_rand_free (rand);

      /* Points of the zone's rectangle past its last tile hold no frame. */
      if (z->last_row_tiles < z->columns)
        {
          guint64 pfn;
          double side = 1u << ma_frame_layout_get_tile_order (layout);

          g_assert_false (ma_frame_layout_xy_to_pfn (layout, z->rect.x + z->rect.width - 1,
                                                     z->rect.y + z->rect.height - 1, &pfn));
          g_assert_cmpint (ma_frame_layout_zone_at (layout, z->rect.x + z->rect.width - side / 2,
                                                    z->rect.y + z->rect.height - side / 2), ==, -1);
        }
    }
}

static void
test_layout_gaps (void)
{
  g_autoptr(MaMachine) machine = load ("numa-2node-64g");
  g_autoptr(MaFrameLayout) layout = ma_frame_layout_new (machine);
  double w, h;
  guint64 pfn;

  ma_frame_layout_get_size (layout, &w, &h);
  g_assert_cmpuint (ma_frame_layout_get_n_nodes (layout), ==, 2);

  /* Zones of a node sit side by side, nodes one under the other, never overlapping. */
  for (guint i = 0; i < ma_frame_layout_get_n_zones (layout); i++)
    for (guint j = i + 1; j < ma_frame_layout_get_n_zones (layout); j++)
      {
        const MaMapRect *a = &ma_frame_layout_get_zone (layout, i)->rect;
        const MaMapRect *b = &ma_frame_layout_get_zone (layout, j)->rect;

        g_assert_true (a->x + a->width <= b->x || b->x + b->width <= a->x
                       || a->y + a->height <= b->y || b->y + b->height <= a->y);
      }

  /* Between two zones there is no frame, and outside the map neither. */
  {
    const MaMapRect *a = &ma_frame_layout_get_zone (layout, 0)->rect;

    g_assert_false (ma_frame_layout_xy_to_pfn (layout, a->x + a->width + 0.5, a->y + 0.5, &pfn));
  }
  g_assert_false (ma_frame_layout_xy_to_pfn (layout, -1, -1, &pfn));
  g_assert_false (ma_frame_layout_xy_to_pfn (layout, w + 1, h / 2, &pfn));

  g_assert_cmpint (ma_frame_layout_find_zone (layout, 1, "normal"), >=, 0);
  g_assert_cmpint (ma_frame_layout_find_zone (layout, 1, "DMA32"), ==, -1);
}

static void
test_morton (void)
{
  for (guint32 code = 0; code < (1u << 16); code++)
    {
      guint32 x, y;

      ma_morton_decode (code, &x, &y);
      g_assert_cmpuint (ma_morton_encode (x, y), ==, code);
    }
  /* x takes bit 0: two frames lie side by side. */
  g_assert_cmpuint (ma_morton_encode (1, 0), ==, 1);
  g_assert_cmpuint (ma_morton_encode (0, 1), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  const char *const *presets;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/map/layout/morton", test_morton);
  g_test_add_func ("/ma/map/layout/gaps", test_layout_gaps);
  presets = ma_presets_list ();
  for (guint i = 0; presets[i]; i++)
    {
      g_autofree char *path = g_strdup_printf ("/ma/map/layout/preset/%s", presets[i]);

      g_test_add_data_func (path, presets[i], test_layout_preset);
    }
  return g_test_run ();
}
