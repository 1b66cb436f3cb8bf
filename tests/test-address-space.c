/* test-address-space.c: the HighMem address-space view and the kmap controls: the bar's
 * geometry, hit-testing and the keyboard cursor, where a frame is said to be mapped, hover and
 * clicks linked to frames, and kmap / kunmap from the controls
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <adwaita.h>

#include "ma-address-space-layout.h"
#include "ma-address-space-state.h"
#include "ma-address-space-text.h"
#include "ma-address-space-view.h"
#include "ma-alloc.h"
#include "ma-highmem.h"
#include "ma-kmap-controls.h"
#include "ma-resources.h"

typedef struct
{
  MaMachine          *machine;
  GtkWidget          *window;
  MaAddressSpaceView *view;
  MaKmapControls     *controls;
  guint               hovered;
  gint64              hovered_pfn;
  guint               activated;
  guint64             activated_pfn;
} Fixture;

static MaMachine *
preset (const char *name)
{
  g_autoptr(GError) error = NULL;
  MaMachineSpec *spec = ma_presets_load (name, &error);
  MaMachine *m;

  g_assert_no_error (error);
  m = ma_machine_new (spec, 1, &error);
  g_assert_no_error (error);
  ma_machine_spec_free (spec);
  return m;
}

/* A kernel page in HighMem, as a driver's buffer would be: the kind kmap takes. */
static guint64
alloc_high (MaMachine *m)
{
  MaAllocRequest req = { .gfp = MA_GFP_HIGHUSER, .order = 0, .node = -1, .start_zone = -1,
                         .owner = MA_OWNER_KERNEL };
  guint64 pfn = 0;

  g_assert_true (ma_machine_alloc (m, &req, &pfn, NULL));
  g_assert_cmpuint (pfn, >=, ma_highmem_get_layout (m)->max_low_pfn);
  return pfn;
}

static guint
kmap (MaMachine *m,
      guint64    pfn)
{
  g_autoptr(GError) error = NULL;
  MaKmapResult result;
  guint64 vaddr = 0;

  g_assert_true (ma_highmem_kmap (m, pfn, pfn, &result, &vaddr, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, MA_KMAP_MAPPED);
  return (guint) ((vaddr - ma_highmem_get_layout (m)->pkmap_base) >> 12);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
hovered_cb (MaAddressSpaceView *view,
            gint64              pfn,
            Fixture            *f)
{
  f->hovered++;
  f->hovered_pfn = pfn;
}

static void
activated_cb (MaAddressSpaceView *view,
              guint64             pfn,
              Fixture            *f)
{
  f->activated++;
  f->activated_pfn = pfn;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  f->machine = preset ("i386-highmem-1g");
  f->window = gtk_window_new ();
  f->view = MA_ADDRESS_SPACE_VIEW (ma_address_space_view_new ());
  f->controls = MA_KMAP_CONTROLS (ma_kmap_controls_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (f->view), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->controls));
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 860);
  ma_address_space_view_set_machine (f->view, f->machine);
  ma_kmap_controls_set_machine (f->controls, f->machine);
  g_signal_connect (f->view, "frame-hovered", G_CALLBACK (hovered_cb), f);
  g_signal_connect (f->view, "frame-activated", G_CALLBACK (activated_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  while (gtk_widget_get_width (GTK_WIDGET (f->view)) == 0)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_assert_finalize_object (f->machine);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

/* ------------------------------------------------------------------------------------------ */
/* Geometry */

static double
min_height_of (const MaVirtualArea *area)
{
  return area->kind == MA_VAREA_UNUSED ? MA_AS_UNUSED_MIN_HEIGHT : MA_AS_AREA_MIN_HEIGHT;
}

static gboolean
overlap (const MaAsRect *a,
         const MaAsRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
contains (const MaAsRect *outer,
          const MaAsRect *inner)
{
  return inner->x >= outer->x && inner->y >= outer->y
         && inner->x + inner->width <= outer->x + outer->width + 0.01
         && inner->y + inner->height <= outer->y + outer->height + 0.01;
}

/* The bar stacks the areas from the top (4 GiB) down to 0 without gaps or overlap, each at
 * least its minimum height; the big ones are to scale, the small ones enlarged; the panels do
 * not overlap the bar or each other and stay inside the widget. */
static void
check_layout (MaMachine *m,
              int        width,
              int        height)
{
  g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (m);
  MaAddressSpaceLayout l;
  const MaAsRect *user, *direct;
  guint user_i = 0, direct_i = 0;
  MaAsRect whole = { 0, 0, width, height };

  ma_address_space_layout_init (&l, s->areas, s->n_areas, s->layout->last_pkmap, s->n_cpus,
                                s->stack_slots, width, height);
  g_assert_cmpfloat (l.area_rects[s->n_areas - 1].y, ==, l.bar.y);
  g_assert_cmpfloat (l.area_rects[0].y + l.area_rects[0].height, ==, l.bar.y + l.bar.height);
  for (guint i = 0; i < s->n_areas; i++)
    {
      const MaAsRect *r = &l.area_rects[i];

      g_assert_cmpfloat (r->height, >=, min_height_of (&s->areas[i]));
      g_assert_cmpfloat (r->x, ==, l.bar.x);
      if (i + 1 < s->n_areas)
        g_assert_cmpfloat (l.area_rects[i + 1].y + l.area_rects[i + 1].height, ==, r->y);
      for (guint j = 0; j < s->n_areas; j++)
        if (j != i)
          g_assert_false (overlap (r, &l.area_rects[j]));
      if (s->areas[i].kind == MA_VAREA_USER)
        user_i = i;
      if (s->areas[i].kind == MA_VAREA_DIRECT_MAP)
        direct_i = i;
      if (s->areas[i].kind == MA_VAREA_PKMAP || s->areas[i].kind == MA_VAREA_KMAP_SLOTS)
        g_assert_true (l.enlarged[i]);
    }
  /* user space and the direct map are to scale with each other */
  user = &l.area_rects[user_i];
  direct = &l.area_rects[direct_i];
  g_assert_false (l.enlarged[user_i]);
  g_assert_false (l.enlarged[direct_i]);
  g_assert_cmpfloat (fabs (user->height / direct->height
                           - (double) (s->areas[user_i].end - s->areas[user_i].start)
                             / (s->areas[direct_i].end - s->areas[direct_i].start)),
                     <, 0.1);

  /* the panels */
  g_assert_cmpuint (l.grid_cols * l.grid_rows, ==, s->layout->last_pkmap);
  g_assert_cmpfloat (l.cell, >=, 4);
  g_assert_cmpfloat (l.slot_height, >=, 9);
  {
    const MaAsRect *panels[] = { &l.status, &l.bar, &l.labels, &l.stacks, &l.grid, &l.waiters,
                                 &l.legend };

    for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
      {
        g_assert_true (contains (&whole, panels[i]));
        for (guint j = i + 1; j < G_N_ELEMENTS (panels); j++)
          if (!(panels[i] == &l.bar && panels[j] == &l.labels))
            g_assert_false (overlap (panels[i], panels[j]));
      }
  }
  ma_address_space_layout_clear (&l);
}

static void
test_layout_geometry (void)
{
  const char *presets[] = { "i386-highmem-1g", "i386-pae-8g" };

  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    {
      g_autoptr(MaMachine) m = preset (presets[p]);
      g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (m);
      int min_w, min_h, nat_w, nat_h;

      ma_address_space_layout_measure (s->n_areas, s->layout->last_pkmap, s->n_cpus,
                                       s->stack_slots, &min_w, &min_h, &nat_w, &nat_h);
      g_test_message ("%s: minimum %d×%d, natural %d×%d", presets[p], min_w, min_h, nat_w, nat_h);
      check_layout (m, min_w, min_h);
      check_layout (m, nat_w, nat_h);
      check_layout (m, 1920, 1080);
    }
}

/* Every slot is found where it is drawn, and an address where the bar puts it. */
static void
test_layout_hit (void)
{
  g_autoptr(MaMachine) m = preset ("i386-pae-8g");
  g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (m);
  MaAddressSpaceLayout l;
  MaAsHit hit;

  ma_address_space_layout_init (&l, s->areas, s->n_areas, s->layout->last_pkmap, s->n_cpus,
                                s->stack_slots, 1100, 800);
  for (guint slot = 0; slot < s->layout->last_pkmap; slot++)
    {
      MaAsRect r = ma_address_space_layout_pkmap_cell (&l, slot);

      g_assert_true (ma_address_space_layout_hit (&l, s->areas, 0, r.x + r.width / 2,
                                                  r.y + r.height / 2, &hit));
      g_assert_cmpint (hit.kind, ==, MA_AS_HIT_PKMAP_SLOT);
      g_assert_cmpuint (hit.index, ==, slot);
    }
  for (guint cpu = 0; cpu < s->n_cpus; cpu++)
    for (guint pos = 0; pos < s->stack_slots; pos++)
      {
        MaAsRect r = ma_address_space_layout_atomic_cell (&l, cpu, pos);

        g_assert_true (ma_address_space_layout_hit (&l, s->areas, 0, r.x + r.width / 2,
                                                    r.y + r.height / 2, &hit));
        g_assert_cmpint (hit.kind, ==, MA_AS_HIT_ATOMIC_SLOT);
        g_assert_cmpuint (hit.cpu, ==, cpu);
        g_assert_cmpuint (hit.index, ==, pos);
      }
  for (guint i = 0; i < s->n_areas; i++)
    {
      const MaAsRect *r = &l.area_rects[i];

      /* on the bar and on its label */
      g_assert_true (ma_address_space_layout_hit (&l, s->areas, 0, r->x + 1,
                                                  r->y + r->height / 2, &hit));
      g_assert_cmpint (hit.kind, ==, MA_AS_HIT_AREA);
      g_assert_cmpuint (hit.area, ==, i);
      g_assert_cmpuint (hit.address, >=, s->areas[i].start);
      g_assert_cmpuint (hit.address, <, s->areas[i].end);
      g_assert_true (ma_address_space_layout_hit (&l, s->areas, 0, l.labels.x + 2,
                                                  r->y + r->height / 2, &hit));
      g_assert_cmpuint (hit.area, ==, i);
      if (s->areas[i].kind == MA_VAREA_DIRECT_MAP)
        {
          guint64 addr = s->areas[i].start + (G_GUINT64_CONSTANT (300) << 20);
          double y = ma_address_space_layout_y_of (&l, s->areas, i, addr + 2048);

          g_assert_true (ma_address_space_layout_hit (&l, s->areas, 0, r->x + 1, y, &hit));
          /* a pixel row of the direct map covers a few MiB */
          g_assert_cmpuint (hit.address, >=, addr - (G_GUINT64_CONSTANT (8) << 20));
          g_assert_cmpuint (hit.address, <=, addr + (G_GUINT64_CONSTANT (8) << 20));
        }
    }
  /* outside everything */
  g_assert_false (ma_address_space_layout_hit (&l, s->areas, 0, 1, 1, &hit));
  ma_address_space_layout_clear (&l);
}

/* The arrow keys walk the grid and step between the stacks above it and the queue below. */
static void
test_layout_move (void)
{
  g_autoptr(MaMachine) m = preset ("i386-highmem-1g");
  g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (m);
  MaAddressSpaceLayout l;
  MaAsHit c = { 0, };

  ma_address_space_layout_init (&l, s->areas, s->n_areas, s->layout->last_pkmap, s->n_cpus,
                                s->stack_slots, 1200, 820);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_RIGHT));
  g_assert_cmpint (c.kind, ==, MA_AS_HIT_PKMAP_SLOT);
  g_assert_cmpuint (c.index, ==, 0);
  g_assert_false (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_LEFT));
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_RIGHT));
  g_assert_cmpuint (c.index, ==, 1);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_DOWN));
  g_assert_cmpuint (c.index, ==, 1 + l.grid_cols);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_UP));
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_UP));
  g_assert_cmpint (c.kind, ==, MA_AS_HIT_ATOMIC_SLOT);
  g_assert_cmpuint (c.cpu, ==, 0);
  g_assert_cmpuint (c.index, ==, 0);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_UP));
  g_assert_cmpuint (c.index, ==, 1);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_RIGHT));
  g_assert_cmpuint (c.cpu, ==, 1);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_END));
  g_assert_cmpuint (c.index, ==, s->stack_slots - 1);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_HOME));
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_DOWN));
  g_assert_cmpint (c.kind, ==, MA_AS_HIT_PKMAP_SLOT);
  g_assert_true (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_END));
  g_assert_cmpuint (c.index, ==, s->layout->last_pkmap - 1);
  /* below the grid: the wait queue, when someone waits */
  g_assert_false (ma_address_space_layout_move (&l, 0, &c, MA_AS_MOVE_DOWN));
  g_assert_true (ma_address_space_layout_move (&l, 3, &c, MA_AS_MOVE_DOWN));
  g_assert_cmpint (c.kind, ==, MA_AS_HIT_WAITER);
  g_assert_true (ma_address_space_layout_move (&l, 3, &c, MA_AS_MOVE_UP));
  g_assert_cmpint (c.kind, ==, MA_AS_HIT_PKMAP_SLOT);
  ma_address_space_layout_clear (&l);
}

/* ------------------------------------------------------------------------------------------ */
/* The view */

/* Where a frame is mapped, in words: lowmem, HighMem not mapped, HighMem kmapped. */
static void
test_highlight_text (Fixture       *f,
                     gconstpointer  data)
{
  guint64 low = 5000, high = alloc_high (f->machine);
  const char *text;
  guint slot;

  ma_address_space_view_set_highlight_pfn (f->view, (gint64) low);
  text = ma_address_space_view_get_highlight_text (f->view);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "lowmem"));
  g_assert_nonnull (strstr (text, "0xc1388000"));   /* PAGE_OFFSET + 5000 pages */

  ma_address_space_view_set_highlight_pfn (f->view, (gint64) high);
  text = ma_address_space_view_get_highlight_text (f->view);
  g_assert_nonnull (strstr (text, "not mapped: page_address() is NULL"));

  /* the view follows a kmap made through an action */
  ma_machine_begin_action (f->machine, "kmap");
  slot = kmap (f->machine, high);
  ma_machine_end_action (f->machine);
  text = ma_address_space_view_get_highlight_text (f->view);
  {
    g_autofree char *want = g_strdup_printf ("pkmap slot %u, 1 user", slot);

    g_assert_nonnull (strstr (text, want));
  }
  g_assert_null (strstr (text, "NULL"));

  /* and one made outside any action, on its next look at the machine */
  g_assert_true (ma_highmem_kmap_atomic (f->machine, 0, high, NULL, NULL));
  ma_address_space_view_refresh (f->view);
  text = ma_address_space_view_get_highlight_text (f->view);
  g_assert_nonnull (strstr (text, "kmap_atomic on CPU 0 (slot 0)"));

  ma_address_space_view_set_highlight_pfn (f->view, -1);
  g_assert_null (ma_address_space_view_get_highlight_text (f->view));
}

/* Pointing at a slot names its frame; pointing at the direct map names the frame there. */
static void
test_hover (Fixture       *f,
            gconstpointer  data)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (f->view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GtkEventController *click = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_CLICK);
  GtkEventController *key = find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_KEY);
  guint64 a = alloc_high (f->machine), b = alloc_high (f->machine);
  guint slot;
  double x, y;
  gboolean handled = FALSE;

  ma_machine_begin_action (f->machine, "kmap");
  slot = kmap (f->machine, a);
  g_assert_true (ma_highmem_kmap_atomic (f->machine, 1, b, NULL, NULL));
  ma_machine_end_action (f->machine);

  /* the hit test */
  g_assert_true (ma_address_space_view_get_slot_center (f->view, -1, slot, &x, &y));
  g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, x, y), ==, (gint64) a);
  /* and the pointer: the same frame, announced once */
  f->hovered = 0;
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpuint (f->hovered, ==, 1);
  g_assert_cmpint (f->hovered_pfn, ==, (gint64) a);
  g_signal_emit_by_name (motion, "motion", x + 0.5, y);
  g_assert_cmpuint (f->hovered, ==, 1);

  /* a free slot maps nothing */
  g_assert_true (ma_address_space_view_get_slot_center (f->view, -1, slot + 1, &x, &y));
  g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, x, y), ==, -1);
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpint (f->hovered_pfn, ==, -1);

  /* CPU 1's first atomic slot, clicked */
  g_assert_true (ma_address_space_view_get_slot_center (f->view, 1, 0, &x, &y));
  g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, x, y), ==, (gint64) b);
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_cmpint (f->hovered_pfn, ==, (gint64) b);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_cmpuint (f->activated, ==, 1);
  g_assert_cmpuint (f->activated_pfn, ==, b);

  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (f->hovered_pfn, ==, -1);

  /* the keyboard: the click left the cursor on CPU 1's slot 0; down goes to the grid's top
   * row, Enter activates what the cursor is on */
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Home, 0, 0, &handled);
  for (guint i = 0; i < slot; i++)
    g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
  g_assert_cmpint (f->hovered_pfn, ==, (gint64) a);
  g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
  g_assert_cmpuint (f->activated, ==, 2);
  g_assert_cmpuint (f->activated_pfn, ==, a);
}

/* For assistive technologies: a picture, named, described in words that follow the kmaps. */
static void
check_description (Fixture *f)
{
  g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (f->machine);
  g_autofree char *want = ma_address_space_describe_layout (s);

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (f->view),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, want);
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (f->view);

  g_assert_true (gtk_test_accessible_has_role (accessible, GTK_ACCESSIBLE_ROLE_IMG));
  g_assert_true (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->view)));
  check_description (f);
  ma_machine_begin_action (f->machine, "kmap");
  kmap (f->machine, alloc_high (f->machine));
  ma_machine_end_action (f->machine);
  check_description (f);
}

/* The direct map: an address on the bar is a lowmem frame. */
static void
test_hover_direct_map (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (f->machine);
  GtkEventController *motion = find_controller (GTK_WIDGET (f->view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  MaAddressSpaceLayout l;
  guint direct = 0;
  double y;
  gint64 pfn;

  for (guint i = 0; i < s->n_areas; i++)
    if (s->areas[i].kind == MA_VAREA_DIRECT_MAP)
      direct = i;
  /* the view's own layout, for its size */
  ma_address_space_layout_init (&l, s->areas, s->n_areas, s->layout->last_pkmap, s->n_cpus,
                                s->stack_slots, gtk_widget_get_width (GTK_WIDGET (f->view)),
                                gtk_widget_get_height (GTK_WIDGET (f->view)));
  y = l.area_rects[direct].y + l.area_rects[direct].height / 2;
  pfn = ma_address_space_view_get_pfn_at (f->view, l.bar.x + 2, y);
  g_assert_cmpint (pfn, >, 0);
  g_assert_cmpint (pfn, <, (gint64) s->layout->max_low_pfn);
  g_signal_emit_by_name (motion, "motion", l.bar.x + 2, y);
  g_assert_cmpint (f->hovered_pfn, ==, pfn);
  /* user space is nobody's frame */
  y = l.area_rects[0].y + l.area_rects[0].height / 2;
  g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, l.bar.x + 2, y), ==, -1);
  ma_address_space_layout_clear (&l);
}

/* Without HighMem, or without a machine, the view says what it is for and maps nothing. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MaMachine) tiny = preset ("tiny-64m");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (f->view));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  ma_address_space_view_set_machine (f->view, tiny);
  ma_address_space_view_set_highlight_pfn (f->view, 100);
  g_assert_null (ma_address_space_view_get_highlight_text (f->view));
  g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, 300, 300), ==, -1);
  ma_kmap_controls_set_machine (f->controls, tiny);
  ma_kmap_controls_set_pfn (f->controls, 100);
  /* the buttons are off: nothing runs */
  gtk_widget_activate_action (GTK_WIDGET (f->controls), "kmap.map", NULL);
  g_assert_null (ma_kmap_controls_get_message (f->controls, NULL));
  iterate ();
  gdk_paintable_snapshot (paintable, snapshot, 400, 300);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  ma_address_space_view_set_machine (f->view, NULL);
  ma_kmap_controls_set_machine (f->controls, NULL);
  g_assert_null (ma_address_space_view_get_machine (f->view));
  iterate ();
}

/* ------------------------------------------------------------------------------------------ */
/* The controls */

/* The frame's PKMAP slot, or -1. */
static gint
slot_of (MaMachine *m,
         guint64    pfn)
{
  g_autoptr(GArray) maps = ma_highmem_pfn_to_virtual (m, pfn, NULL);

  for (guint i = 0; i < maps->len; i++)
    {
      const MaPfnMapping *map = &g_array_index (maps, MaPfnMapping, i);

      if (map->kind == MA_PFN_MAPPING_PKMAP)
        return map->slot;
    }
  return -1;
}

static guint
pkmap_count_of (MaMachine *m,
                guint64    pfn)
{
  gint slot = slot_of (m, pfn);

  return slot < 0 ? 0 : ma_highmem_get_pkmap_count (m, (guint) slot, NULL);
}

static const char *
message (Fixture  *f,
         gboolean  want_error)
{
  gboolean is_error = !want_error;
  const char *text = ma_kmap_controls_get_message (f->controls, &is_error);

  g_assert_nonnull (text);
  g_test_message ("%s", text);
  g_assert_cmpint (is_error, ==, want_error);
  return text;
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->controls), action, NULL));
}

/* kmap twice, kunmap twice: the slot's count follows, and ends at 1 (no users, still mapped). */
static void
test_controls_kmap_kunmap (Fixture       *f,
                           gconstpointer  data)
{
  guint64 pfn = alloc_high (f->machine);
  double x, y;

  ma_kmap_controls_set_pfn (f->controls, (gint64) pfn);
  activate (f, "kmap.map");
  g_assert_cmpuint (pkmap_count_of (f->machine, pfn), ==, 2);
  g_assert_nonnull (strstr (message (f, FALSE), "pkmap_count 2: 1 user"));
  /* the view saw it: the slot's cell names the frame */
  g_assert_true (ma_address_space_view_get_slot_center (f->view, -1, slot_of (f->machine, pfn),
                                                        &x, &y));
  g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, x, y), ==, (gint64) pfn);

  activate (f, "kmap.map");
  g_assert_cmpuint (pkmap_count_of (f->machine, pfn), ==, 3);
  activate (f, "kmap.unmap");
  g_assert_cmpuint (pkmap_count_of (f->machine, pfn), ==, 2);
  activate (f, "kmap.unmap");
  g_assert_cmpuint (pkmap_count_of (f->machine, pfn), ==, 1);
  g_assert_nonnull (strstr (message (f, FALSE), "no users"));

  /* each was an action: undo brings the user back */
  g_assert_true (ma_machine_can_undo (f->machine));
  g_assert_true (ma_machine_undo (f->machine));
  g_assert_cmpuint (pkmap_count_of (f->machine, pfn), ==, 2);

  activate (f, "kmap.flush");
  g_assert_nonnull (strstr (message (f, FALSE), "nothing to flush"));
  activate (f, "kmap.unmap");
  activate (f, "kmap.flush");
  g_assert_nonnull (strstr (message (f, FALSE), "Flushed 1 slot"));
  g_assert_cmpuint (pkmap_count_of (f->machine, pfn), ==, 0);
}

/* kunmap of a page that is not kmapped: an error in place, and the machine unchanged. */
static void
test_controls_kunmap_error (Fixture       *f,
                            gconstpointer  data)
{
  guint64 pfn = alloc_high (f->machine);
  guint64 hash = ma_machine_hash_state (f->machine);
  gboolean could_undo = ma_machine_can_undo (f->machine);

  ma_kmap_controls_set_pfn (f->controls, (gint64) pfn);
  activate (f, "kmap.unmap");
  g_assert_nonnull (strstr (message (f, TRUE), "not kmapped"));
  g_assert_cmpuint (ma_machine_hash_state (f->machine), ==, hash);
  g_assert_cmpint (ma_machine_can_undo (f->machine), ==, could_undo);

  /* nothing on CPU 0's stack to release either */
  activate (f, "kmap.unmap-atomic");
  g_assert_nonnull (strstr (message (f, TRUE), "nothing to release"));
  g_assert_cmpuint (ma_machine_hash_state (f->machine), ==, hash);
}

/* Every slot in use: a kmap from the controls waits, as a task on the queue. */
static void
test_controls_wait (Fixture       *f,
                    gconstpointer  data)
{
  guint last_pkmap = ma_highmem_get_layout (f->machine)->last_pkmap;
  guint64 pfn;
  guint n_waiters = 0;
  const MaKmapWaiter *waiters;
  const char *text;

  for (guint i = 0; i < last_pkmap; i++)
    kmap (f->machine, alloc_high (f->machine));
  pfn = alloc_high (f->machine);
  ma_kmap_controls_set_pfn (f->controls, (gint64) pfn);
  activate (f, "kmap.map");
  text = message (f, FALSE);
  g_assert_nonnull (strstr (text, "every PKMAP slot is in use"));
  g_assert_nonnull (strstr (text, "task 1"));
  waiters = ma_highmem_get_waiters (f->machine, &n_waiters);
  g_assert_cmpuint (n_waiters, ==, 1);
  g_assert_cmpuint (waiters[0].pfn, ==, pfn);
  /* the view shows the waiting task, linked to its frame */
  {
    g_autoptr(MaAddressSpaceState) s = ma_address_space_state_new (f->machine);
    MaAddressSpaceLayout l;
    MaAsRect chip;

    ma_address_space_layout_init (&l, s->areas, s->n_areas, s->layout->last_pkmap, s->n_cpus,
                                  s->stack_slots, gtk_widget_get_width (GTK_WIDGET (f->view)),
                                  gtk_widget_get_height (GTK_WIDGET (f->view)));
    chip = ma_address_space_layout_waiter_cell (&l, 0);
    g_assert_cmpint (ma_address_space_view_get_pfn_at (f->view, chip.x + chip.width / 2,
                                                       chip.y + chip.height / 2),
                     ==, (gint64) pfn);
    ma_address_space_layout_clear (&l);
  }
}

/* Atomic mappings nest and are released from the top. */
static void
test_controls_atomic (Fixture       *f,
                      gconstpointer  data)
{
  guint64 a = alloc_high (f->machine), b = alloc_high (f->machine), pfn = 0;

  ma_kmap_controls_set_cpu (f->controls, 1);
  ma_kmap_controls_set_pfn (f->controls, (gint64) a);
  activate (f, "kmap.map-atomic");
  ma_kmap_controls_set_pfn (f->controls, (gint64) b);
  activate (f, "kmap.map-atomic");
  g_assert_nonnull (strstr (message (f, FALSE), "slot 1; the CPU holds 2"));
  g_assert_cmpuint (ma_highmem_get_atomic_depth (f->machine, 1), ==, 2);
  g_assert_cmpuint (ma_highmem_get_atomic_depth (f->machine, 0), ==, 0);

  activate (f, "kmap.unmap-atomic");
  g_assert_cmpuint (ma_highmem_get_atomic_depth (f->machine, 1), ==, 1);
  g_assert_true (ma_highmem_get_atomic_slot (f->machine, 1, 0, &pfn, NULL));
  g_assert_cmpuint (pfn, ==, a);
  g_assert_nonnull (strstr (message (f, FALSE), "released"));

  /* a lowmem page takes no slot */
  {
    MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 0, .node = -1, .start_zone = -1 };
    guint64 low = 0;

    g_assert_true (ma_machine_alloc (f->machine, &req, &low, NULL));
    ma_kmap_controls_set_pfn (f->controls, (gint64) low);
  }
  activate (f, "kmap.map-atomic");
  g_assert_nonnull (strstr (message (f, FALSE), "direct-map address"));
  g_assert_cmpuint (ma_highmem_get_atomic_depth (f->machine, 1), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's in-process accessibility backend: it keeps the properties for the test to read,
   * without the accessibility bus that is missing here */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_resources_register (ma_get_resource ());

  g_test_add_func ("/ma/address-space/layout/geometry", test_layout_geometry);
  g_test_add_func ("/ma/address-space/layout/hit", test_layout_hit);
  g_test_add_func ("/ma/address-space/layout/move", test_layout_move);
#define ADD(path, func) \
  g_test_add ("/ma/address-space/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("view/highlight-text", test_highlight_text);
  ADD ("view/hover", test_hover);
  ADD ("view/hover-direct-map", test_hover_direct_map);
  ADD ("view/empty", test_empty);
  ADD ("view/accessible", test_accessible);
  ADD ("controls/kmap-kunmap", test_controls_kmap_kunmap);
  ADD ("controls/kunmap-error", test_controls_kunmap_error);
  ADD ("controls/wait", test_controls_wait);
  ADD ("controls/atomic", test_controls_atomic);
#undef ADD
  return g_test_run ();
}
