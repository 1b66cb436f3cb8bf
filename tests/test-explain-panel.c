/* test-explain-panel.c: the explain panel on real snapshots and on simulated machines, and the
 * compare window with its text export
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel is read through its widget tree, as a user (or a screen reader) reads it: its cards
 * are the "explaincard" nodes, and what they say is the text of their labels.
 *
 * With MA_TEST_SCREENSHOT_DIR set, each test also writes what it looked at as a PNG there.
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ma-alloc.h"
#include "ma-compare-window.h"
#include "ma-explain-panel.h"
#include "ma-procfs.h"
#include "ma-resources.h"
#include "ma-snapshot-machine.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (gboolean (*cond) (gpointer data),
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
collect (GtkWidget  *widget,
         const char *css_name,
         GPtrArray  *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (g_str_equal (gtk_widget_get_css_name (widget), css_name))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect (c, css_name, out);
}

/* The visible widgets of a CSS node name under @widget, in order. */
static GPtrArray *
find_all (GtkWidget  *widget,
          const char *css_name)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (widget, css_name, out);
  return out;
}

/* Every visible label's text under @widget, one per line. */
static char *
text_of (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = find_all (widget, "label");
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (s, "%s\n", gtk_label_get_label (g_ptr_array_index (labels, i)));
  return g_string_free (s, FALSE);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static guint
n_cards (GtkWidget *panel)
{
  g_autoptr(GPtrArray) cards = find_all (panel, "explaincard");

  return cards->len;
}

static GtkWidget *
card_titled (GtkWidget  *panel,
             const char *title)
{
  g_autoptr(GPtrArray) cards = find_all (panel, "explaincard");

  for (guint i = 0; i < cards->len; i++)
    {
      g_autofree char *text = text_of (g_ptr_array_index (cards, i));

      if (g_str_has_prefix (text, title))
        return g_ptr_array_index (cards, i);
    }
  g_error ("no card titled “%s”", title);
  return NULL;
}

static void
assert_card_says (GtkWidget  *panel,
                  const char *title,
                  const char *part)
{
  g_autofree char *text = text_of (card_titled (panel, title));

  assert_contains (text, part);
}

static gboolean
has_cards (gpointer data)
{
  return n_cards (data) > 0;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
count_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
three_ticks (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Renders @widget as it is now into MA_TEST_SCREENSHOT_DIR/@name, if that is set. */
static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("MA_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL)
    return;
  /* let a few frames pass, so that the last layout has been drawn */
  {
    guint ticks = 0;
    guint id = gtk_widget_add_tick_callback (widget, count_tick, &ticks, NULL);

    wait_until (three_ticks, &ticks);
    gtk_widget_remove_tick_callback (widget, id);
  }
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s (%d×%d)", path, w, h);
}

/* A window as narrow as the main window's sidebar, tall enough to show the whole panel. */
static GtkWidget *
sidebar_window (GtkWidget *panel,
                int        height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_default_size (GTK_WINDOW (window), 340, height);
  gtk_widget_add_css_class (box, "background");
  gtk_box_append (GTK_BOX (box), panel);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_mapped, panel);
  return window;
}

static MaSnapshot *
load_snapshot (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots", name, NULL);
  g_autoptr(GError) error = NULL;
  MaSnapshot *snap = ma_snapshot_load_path (path, &error);

  g_assert_no_error (error);
  return snap;
}

static MaMachine *
snapshot_machine (MaSnapshot *snap)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  MaMachine *m = ma_snapshot_machine_new (snap, 1, notes, &error);

  g_assert_no_error (error);
  return m;
}

static MaMachine *
preset (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load (name, &error);
  MaMachine *m;

  g_assert_no_error (error);
  m = ma_machine_new (spec, 1, &error);
  g_assert_no_error (error);
  return m;
}

/* No machine: the empty state, and nothing else. */
static void
test_empty (void)
{
  GtkWidget *panel = g_object_ref_sink (ma_explain_panel_new ());
  g_autoptr(MaMachine) m = preset ("tiny-64m");
  GtkWidget *stack = gtk_widget_get_first_child (panel);

  g_assert_true (GTK_IS_STACK (stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "content");
  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), NULL, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  g_assert_cmpuint (n_cards (panel), ==, 0);
  ma_explain_panel_refresh (MA_EXPLAIN_PANEL (panel));
  g_assert_true (ADW_IS_STATUS_PAGE (gtk_stack_get_visible_child (GTK_STACK (stack))));
  g_assert_finalize_object (panel);
}

static gboolean
says_wsf_read (gpointer data)
{
  g_autofree char *text = text_of (data);

  return strstr (text, "watermark_scale_factor (wsf) 10: read from the snapshot") != NULL;
}

/* A real 5.12 desktop: DMA follows from today's managed pages, DMA32 and Normal from managed
 * pages at boot (the check's hypothesis C); Movable is empty. */
static void
test_snapshot (void)
{
  g_autoptr(MaSnapshot) snap = NULL;
  g_autoptr(MaMachine) m = NULL;
  GtkWidget *panel = ma_explain_panel_new ();
  GtkWidget *window = sidebar_window (panel, 2900);
  g_autofree char *all = NULL;

  snap = load_snapshot ("github-porteus-5.12.14-ryzen-x86_64-4cpu-pageblock10");
  m = snapshot_machine (snap);

  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, snap);
  wait_until (has_cards, panel);
  g_assert_cmpuint (n_cards (panel), ==, 3);

  assert_card_says (panel, "Node 0 · DMA\n", "Exact");
  assert_card_says (panel, "Node 0 · DMA32\n", "Explained");
  assert_card_says (panel, "Node 0 · DMA32\n", "the watermarks were computed when DMA32 managed");
  assert_card_says (panel, "Node 0 · Normal\n", "Explained");
  /* the arithmetic: THP's 11 pageblocks of 1024 pages per zone, 3 zones: 135168 kB */
  assert_card_says (panel, "Node 0 · Normal\n",
                    "pages_min = min_free_kbytes ÷ page size\n  = 135168 kB ÷ 4 kB = 33792\n");
  assert_card_says (panel, "Node 0 · Normal\n", "min = tmp = 26497");
  /* DMA's share: 33792 × 3976 ÷ 4081040 = 32; its protection sums the zones above it */
  assert_card_says (panel, "Node 0 · DMA\n", "  = 33792 × 3976 ÷ 4081040 = 32\n");
  assert_card_says (panel, "Node 0 · DMA\n", "protection[DMA32]\n  = DMA32 878483 ÷ 256 = 3431\n");
  assert_card_says (panel, "Node 0 · DMA\n", "protection[Normal … Movable]\n"
                                             "  = (DMA32 + Normal) ÷ 256\n"
                                             "  = (878483 + 3200037) ÷ 256 = 15931\n");
  /* fragmentation from the machine rebuilt from buddyinfo */
  assert_card_says (panel, "Node 0 · Normal\n", "Fragmentation per order");
  assert_card_says (panel, "Node 0 · Normal\n", "Extfrag");

  all = text_of (panel);
  assert_contains (all, "4 zones: 2 exact, 2 explained, 0 unexplained");
  assert_contains (all, "min_free_kbytes 135168 kB");
  assert_contains (all, "Kernel rules that fit");
  assert_contains (all, "Empty zones: Node 0 Movable (Exact)");
  maybe_screenshot (GTK_WIDGET (gtk_widget_get_root (panel)), "explain-snapshot.png");

  /* the same snapshot again: nothing is checked twice, the cards stay */
  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, snap);
  g_assert_cmpuint (n_cards (panel), ==, 3);

  /* the live view: the same machine with a newer snapshot (here one that records its
   * watermark_scale_factor). The last check stays shown until the new one lands, then the
   * same cards show it. */
  {
    g_autoptr(MaSnapshot) newer = load_snapshot ("github-porteus-5.12.14-ryzen-x86_64-4cpu-"
                                                 "pageblock10");
    g_autoptr(GError) error = NULL;
    GtkWidget *normal = card_titled (panel, "Node 0 · Normal\n");
    g_autofree char *during = NULL;

    g_assert_true (ma_snapshot_set_sysctl (newer, "watermark_scale_factor", "10", &error));
    g_assert_no_error (error);
    ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, newer);
    during = text_of (panel);
    g_assert_null (strstr (during, "Checking"));
    g_assert_cmpuint (n_cards (panel), ==, 3);
    wait_until (says_wsf_read, panel);
    g_assert_true (card_titled (panel, "Node 0 · Normal\n") == normal);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A 4.14 Android board: low and high above the formula by extra_free_kbytes, which no rule
 * explains; the card says by how much. */
static void
test_snapshot_unexplained (void)
{
  g_autoptr(MaSnapshot) snap = load_snapshot ("lkml-2019-arm32-4cpu-4.14-highmem-cma");
  g_autoptr(MaMachine) m = snapshot_machine (snap);
  GtkWidget *panel = ma_explain_panel_new ();
  GtkWidget *window = sidebar_window (panel, 2400);

  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, snap);
  wait_until (has_cards, panel);
  maybe_screenshot (GTK_WIDGET (gtk_widget_get_root (panel)), "explain-unexplained.png");
  assert_card_says (panel, "Node 0 · DMA\n", "Unexplained");
  assert_card_says (panel, "Node 0 · DMA\n", "+1296");      /* low and high: printed − computed */
  assert_card_says (panel, "Node 0 · DMA\n", "extra_free_kbytes");
  assert_card_says (panel, "Node 0 · HighMem\n", "+4682");
  /* HighMem's min is the clamp, not a share of min_free_kbytes */
  assert_card_says (panel, "Node 0 · HighMem\n", "min = clamp(managed ÷ 1024, 32, 128)");
  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A snapshot with only buddyinfo: nothing to check; the cards say whose numbers they show. */
static void
test_snapshot_without_zoneinfo (void)
{
  g_autoptr(MaSnapshot) snap = load_snapshot ("node-exporter-fixture-buddyinfo-x86_64");
  g_autoptr(MaMachine) m = snapshot_machine (snap);
  GtkWidget *panel = g_object_ref_sink (ma_explain_panel_new ());
  g_autofree char *all = NULL;

  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, snap);
  wait_until (has_cards, panel);
  all = text_of (panel);
  assert_contains (all, "This snapshot cannot be checked (");
  assert_contains (all, "no /proc/zoneinfo");
  assert_card_says (panel, "Node 0 · Normal\n", "Fragmentation per order");
  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), NULL, NULL);
  g_assert_finalize_object (panel);
}

/* A simulated machine: every zone exact, with the arithmetic; a sysctl written shows after a
 * refresh. */
static void
test_simulated (void)
{
  g_autoptr(MaMachine) m = preset ("x86_64-16g");
  GtkWidget *panel = ma_explain_panel_new ();
  GtkWidget *window = sidebar_window (panel, 2700);
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;

  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, NULL);
  /* DMA, DMA32, Normal; Movable and Device are empty */
  g_assert_cmpuint (n_cards (panel), ==, 3);
  assert_card_says (panel, "Node 0 · DMA\n", "Exact");
  assert_card_says (panel, "Node 0 · DMA32\n", "Exact");
  assert_card_says (panel, "Node 0 · Normal\n", "Exact");
  /* THP on: 512-page pageblocks × 3 zones × 11 = 16896 pages = 67584 kB */
  assert_card_says (panel, "Node 0 · Normal\n",
                    "  = 67584 kB ÷ 4 kB = 16896\n");
  assert_card_says (panel, "Node 0 · Normal\n", "lowmem = Σ managed of DMA, DMA32, Normal\n"
                                                "  = 4116225\n");
  assert_card_says (panel, "Node 0 · Normal\n",
                    "tmp = pages_min × managed ÷ lowmem\n  = 16896 × 3342337 ÷ 4116225 = 13719\n");
  assert_card_says (panel, "Node 0 · Normal\n", "high = low + gap");
  assert_card_says (panel, "Node 0 · Normal\n", "promo = high + gap");
  /* a fresh machine: every order can be served */
  assert_card_says (panel, "Node 0 · Normal\n", "Every order can be served now");
  all = text_of (panel);
  assert_contains (all, "exact by construction");
  assert_contains (all, "transparent hugepages' recommendation, 512-page pageblocks × 3 zones "
                        "× 11 = 16896 pages");
  maybe_screenshot (GTK_WIDGET (gtk_widget_get_root (panel)), "explain-x86_64-16g.png");

  /* vm.min_free_kbytes written: the refresh (coalesced, shown panel) brings the new marks */
  g_assert_true (ma_machine_set_min_free_kbytes (m, 131072, &error));
  g_assert_no_error (error);
  ma_explain_panel_refresh (MA_EXPLAIN_PANEL (panel));
  ma_explain_panel_refresh (MA_EXPLAIN_PANEL (panel));
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

    while (!timed_out)
      {
        g_autofree char *text = text_of (card_titled (panel, "Node 0 · Normal\n"));

        if (strstr (text, "= 131072 kB ÷ 4 kB = 32768\n") != NULL)
          break;
        g_main_context_iteration (NULL, TRUE);
      }
    g_assert_false (timed_out);
    g_source_remove (id);
  }
  assert_card_says (panel, "Node 0 · Normal\n", "Exact");
  g_free (all);
  all = text_of (panel);
  assert_contains (all, "min_free_kbytes 131072 kB: set for this machine");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* After an allocation, the fragmentation follows the machine's free lists. */
static void
test_fragmentation_follows (void)
{
  g_autoptr(MaMachine) m = preset ("tiny-64m");
  GtkWidget *panel = ma_explain_panel_new ();
  GtkWidget *window = sidebar_window (panel, 800);
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 0, .node = -1, .start_zone = -1 };
  gboolean timed_out = FALSE;
  guint id;

  ma_explain_panel_set_source (MA_EXPLAIN_PANEL (panel), m, NULL);
  assert_card_says (panel, "Node 0 · DMA32\n", "Every order can be served now");
  /* take every block of order ≥ 1 the zones have, then refresh */
  for (guint order = ma_machine_get_nr_orders (m); order-- > 1;)
    {
      guint64 pfn;

      req.order = order;
      req.gfp = MA_GFP_KERNEL | MA_GFP_DMA32;
      while (ma_machine_alloc (m, &req, &pfn, NULL))
        ;
    }
  ma_explain_panel_refresh (MA_EXPLAIN_PANEL (panel));
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!timed_out)
    {
      g_autofree char *text = text_of (card_titled (panel, "Node 0 · DMA32\n"));

      if (strstr (text, "and larger requests would fail") != NULL)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (timed_out);
  g_source_remove (id);
  maybe_screenshot (window, "explain-fragmented.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *r = user_data;
  g_autoptr(GError) error = NULL;

  r->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  r->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

/* Two moments of one machine: 2000 order-10 blocks taken from Normal in between. */
static void
test_compare_window (void)
{
  g_autoptr(MaMachine) before = preset ("x86_64-16g");
  g_autoptr(MaMachine) after = preset ("x86_64-16g");
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .order = 10, .node = -1, .start_zone = -1 };
  GtkWidget *window;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GPtrArray) expanders = NULL;
  ClipboardRead r = { NULL, FALSE };

  for (guint i = 0; i < 2000; i++)
    {
      guint64 pfn;

      g_assert_true (ma_machine_alloc (after, &req, &pfn, NULL));
    }
  window = ma_compare_window_new (NULL, before, "Boot", after, "After 2000 blocks");
  if (g_getenv ("MA_TEST_SCREENSHOT_DIR") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), 960, 1100);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_mapped, window);

  shown = text_of (window);
  assert_contains (shown, "Normal lost 7.8\u00a0GiB of free memory; order ≥ 4 blocks fell from "
                          "3264 to 1264");
  assert_contains (shown, "Node 0 · DMA\nno change: 3840 free pages, the same free blocks\n");
  assert_contains (shown, "Node 0 · DMA32\nno change:");
  assert_contains (shown, "Node 0 · Normal\n");
  /* LC_ALL=C.UTF-8 in tests: no thousands separators */
  assert_contains (shown, "3342337\n1294337\n−2048000 (−7.8\u00a0GiB)\n");
  /* per migratetype, collapsed until asked for */
  expanders = find_all (window, "expander-widget");
  g_assert_cmpuint (expanders->len, ==, 1);
  gtk_expander_set_expanded (GTK_EXPANDER (g_ptr_array_index (expanders, 0)), TRUE);
  maybe_screenshot (window, "compare-window.png");

  /* the copy button's action puts the text export on the clipboard */
  g_assert_true (gtk_widget_activate_action (window, "compare.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (window), NULL, clipboard_read_cb, &r);
  wait_until (read_done, &r);
  text = ma_compare_window_dup_text (MA_COMPARE_WINDOW (window));
  g_assert_cmpstr (r.text, ==, text);
  assert_contains (text, "Before: Boot\nAfter: After 2000 blocks\n");
  assert_contains (text, "3342337 →      1294337   -2048000  !\n");
  assert_contains (text, "3264 →         1264   -2000  !\n");
  g_free (r.text);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* the style sheet the cards load; the application registers its resources when it starts */
  g_resources_register (ma_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ma/app/explain-panel/empty", test_empty);
  g_test_add_func ("/ma/app/explain-panel/snapshot", test_snapshot);
  g_test_add_func ("/ma/app/explain-panel/snapshot-unexplained", test_snapshot_unexplained);
  g_test_add_func ("/ma/app/explain-panel/snapshot-without-zoneinfo",
                   test_snapshot_without_zoneinfo);
  g_test_add_func ("/ma/app/explain-panel/simulated", test_simulated);
  g_test_add_func ("/ma/app/explain-panel/fragmentation-follows", test_fragmentation_follows);
  g_test_add_func ("/ma/app/compare-window/copy", test_compare_window);
  return g_test_run ();
}
