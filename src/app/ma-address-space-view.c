/* ma-address-space-view.c: the kernel's virtual address space of a 32-bit HighMem machine, with
 * its PKMAP slots, per-CPU kmap_atomic stacks and the tasks waiting for a slot
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view keeps a copy of the machine's kmap state (ma-address-space-state.c) and draws from it:
 * the picture is a render node made again only when the copy, the size or the style changed;
 * hover, the keyboard cursor, the highlighted frame and the status line are drawn over it each
 * frame. A simulation kmaps without emitting "changed", so while the view is mapped it also looks
 * at the machine's event ring ten times a second, and takes a new copy when it moved.
 *
 * Linking with the physical map goes both ways: set_highlight_pfn() shows where a frame is
 * mapped, and pointing at (or clicking) a slot, a waiting task or a direct-map address emits
 * "frame-hovered" (or "frame-activated") with the frame it maps.
 */
#define G_LOG_DOMAIN "ma-address-space-view"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ma-address-space-layout.h"
#include "ma-address-space-render.h"
#include "ma-address-space-state.h"
#include "ma-address-space-text.h"
#include "ma-address-space-view.h"
#include "ma-announce.h"

#define POLL_MS 100

struct _MaAddressSpaceView
{
  GtkWidget             parent_instance;

  MaMachine            *machine;
  gulong                changed_id;
  MaAddressSpaceState  *state;
  guint64               seen_seq;      /* the event ring's next sequence number at the copy */
  guint                 poll_id;
  gulong                style_id;

  MaAddressSpaceLayout  layout;
  gboolean              layout_valid;

  GskRenderNode        *picture;
  gboolean              picture_dark;
  GdkRGBA               picture_fg;
  int                   picture_width;
  int                   picture_height;

  gint64                highlight_pfn;
  char                 *highlight_text;
  GArray               *highlight_maps;  /* MaPfnMapping */

  MaAsHit               hover;
  gint64                hover_pfn;
  MaAsHit               cursor;
};

G_DEFINE_FINAL_TYPE (MaAddressSpaceView, ma_address_space_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MACHINE,
  PROP_HIGHLIGHT_PFN,
  N_PROPS
};

enum
{
  FRAME_HOVERED,
  FRAME_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
ma_address_space_view_new (void)
{
  return g_object_new (MA_TYPE_ADDRESS_SPACE_VIEW, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* State */

static gboolean
is_dark (void)
{
  return adw_is_initialized () && adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
ensure_layout (MaAddressSpaceView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  const MaAddressSpaceState *s = self->state;

  if (s == NULL)
    return;
  if (self->layout_valid && self->layout.width == width && self->layout.height == height)
    return;
  if (self->layout_valid)
    ma_address_space_layout_clear (&self->layout);
  ma_address_space_layout_init (&self->layout, s->areas, s->n_areas, s->layout->last_pkmap,
                                s->n_cpus, s->stack_slots, width, height);
  self->layout_valid = TRUE;
}

static void
invalidate_layout (MaAddressSpaceView *self)
{
  if (self->layout_valid)
    ma_address_space_layout_clear (&self->layout);
  self->layout_valid = FALSE;
  g_clear_pointer (&self->picture, gsk_render_node_unref);
}

static void
update_highlight (MaAddressSpaceView *self)
{
  g_clear_pointer (&self->highlight_text, g_free);
  g_clear_pointer (&self->highlight_maps, g_array_unref);
  if (self->machine == NULL || self->state == NULL || self->highlight_pfn < 0)
    return;
  self->highlight_text = ma_address_space_describe_pfn (self->machine, self->highlight_pfn);
  self->highlight_maps = ma_highmem_pfn_to_virtual (self->machine, (guint64) self->highlight_pfn,
                                                    NULL);
}

static void
update_accessible (MaAddressSpaceView *self)
{
  g_autofree char *description = ma_address_space_describe_layout (self->state);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

/* Whether a hit still names something after the state changed (a waiter may have woken). */
static void
clamp_hit (MaAddressSpaceView *self,
           MaAsHit            *hit)
{
  const MaAddressSpaceState *s = self->state;

  if (s == NULL
      || (hit->kind == MA_AS_HIT_PKMAP_SLOT && hit->index >= s->layout->last_pkmap)
      || (hit->kind == MA_AS_HIT_ATOMIC_SLOT && (hit->cpu >= s->n_cpus
                                                 || hit->index >= s->stack_slots))
      || (hit->kind == MA_AS_HIT_WAITER && hit->index >= s->n_waiters)
      || (hit->kind == MA_AS_HIT_AREA && hit->area >= s->n_areas))
    memset (hit, 0, sizeof *hit);
}

/**
 * ma_address_space_view_refresh:
 *
 * Takes a new copy of the machine's kmap state and redraws if anything shown changed. The view
 * does this by itself on "changed" and while it is mapped; a caller that just ran simulation
 * ticks may call it to show them at once.
 */
void
ma_address_space_view_refresh (MaAddressSpaceView *self)
{
  g_autoptr(MaAddressSpaceState) fresh = NULL;

  g_return_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self));

  if (self->machine != NULL)
    {
      fresh = ma_address_space_state_new (self->machine);
      self->seen_seq = ma_event_ring_next_seq (ma_machine_get_events (self->machine));
    }
  if (ma_address_space_state_equal (fresh, self->state))
    return;
  if (fresh == NULL || self->state == NULL || fresh->layout != self->state->layout)
    {
      invalidate_layout (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  ma_address_space_state_free (self->state);
  self->state = g_steal_pointer (&fresh);
  g_clear_pointer (&self->picture, gsk_render_node_unref);
  clamp_hit (self, &self->hover);
  clamp_hit (self, &self->cursor);
  update_highlight (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
poll_cb (gpointer data)
{
  MaAddressSpaceView *self = data;

  if (self->machine != NULL
      && ma_event_ring_next_seq (ma_machine_get_events (self->machine)) != self->seen_seq)
    ma_address_space_view_refresh (self);
  return G_SOURCE_CONTINUE;
}

MaMachine *
ma_address_space_view_get_machine (MaAddressSpaceView *self)
{
  g_return_val_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self), NULL);
  return self->machine;
}

/**
 * ma_address_space_view_set_machine:
 * @machine: (nullable): a machine; one without HighMem shows what the view is for
 */
void
ma_address_space_view_set_machine (MaAddressSpaceView *self,
                                   MaMachine          *machine)
{
  g_return_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self));
  g_return_if_fail (machine == NULL || MA_IS_MACHINE (machine));

  if (self->machine == machine)
    return;
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_set_object (&self->machine, machine);
  if (machine != NULL)
    self->changed_id = g_signal_connect_swapped (machine, "changed",
                                                 G_CALLBACK (ma_address_space_view_refresh), self);
  memset (&self->hover, 0, sizeof self->hover);
  memset (&self->cursor, 0, sizeof self->cursor);
  self->hover_pfn = -1;
  ma_address_space_state_free (g_steal_pointer (&self->state));
  invalidate_layout (self);
  ma_address_space_view_refresh (self);
  update_highlight (self);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

gint64
ma_address_space_view_get_highlight_pfn (MaAddressSpaceView *self)
{
  g_return_val_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self), -1);
  return self->highlight_pfn;
}

/**
 * ma_address_space_view_set_highlight_pfn:
 * @pfn: a page frame, or -1 for none
 *
 * Shows where the frame is mapped: its direct-map address (lowmem), its PKMAP slot and atomic
 * slots (HighMem), or that page_address() is NULL; the status line says it in words.
 */
void
ma_address_space_view_set_highlight_pfn (MaAddressSpaceView *self,
                                         gint64              pfn)
{
  g_return_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self));

  pfn = MAX (pfn, -1);
  if (self->highlight_pfn == pfn)
    return;
  self->highlight_pfn = pfn;
  update_highlight (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT_PFN]);
}

/**
 * ma_address_space_view_get_highlight_text:
 *
 * Returns: (nullable): where the highlighted frame is mapped, in words; %NULL without one
 */
const char *
ma_address_space_view_get_highlight_text (MaAddressSpaceView *self)
{
  g_return_val_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self), NULL);
  return self->highlight_text;
}

/* ------------------------------------------------------------------------------------------ */
/* Hit-testing */

static gboolean
hit_at (MaAddressSpaceView *self,
        double              x,
        double              y,
        MaAsHit            *out)
{
  memset (out, 0, sizeof *out);
  if (self->state == NULL)
    return FALSE;
  ensure_layout (self);
  return ma_address_space_layout_hit (&self->layout, self->state->areas, self->state->n_waiters,
                                      x, y, out);
}

/**
 * ma_address_space_view_get_pfn_at:
 *
 * Returns: the frame at (@x, @y): the page a PKMAP or atomic slot maps, the one a waiting task
 *   wants, or the frame a direct-map address is; -1 for anything else
 */
gint64
ma_address_space_view_get_pfn_at (MaAddressSpaceView *self,
                                  double              x,
                                  double              y)
{
  MaAsHit hit;

  g_return_val_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self), -1);
  if (!hit_at (self, x, y, &hit))
    return -1;
  return ma_address_space_hit_pfn (self->state, &hit);
}

static MaAsRect
hit_rect (MaAddressSpaceView *self,
          const MaAsHit      *hit)
{
  MaAsRect none = { 0, 0, 0, 0 };

  switch (hit->kind)
    {
    case MA_AS_HIT_PKMAP_SLOT:
      return ma_address_space_layout_pkmap_cell (&self->layout, hit->index);
    case MA_AS_HIT_ATOMIC_SLOT:
      return ma_address_space_layout_atomic_cell (&self->layout, hit->cpu, hit->index);
    case MA_AS_HIT_WAITER:
      return ma_address_space_layout_waiter_cell (&self->layout, hit->index);
    case MA_AS_HIT_AREA:
      return self->layout.area_rects[hit->area];
    case MA_AS_HIT_NONE:
    default:
      return none;
    }
}

/**
 * ma_address_space_view_get_slot_center:
 * @cpu: -1 for a PKMAP slot, else the CPU of an atomic slot
 * @slot: the PKMAP slot, or the position in the CPU's stack
 *
 * Where a slot is drawn, for tests and for placing popovers.
 *
 * Returns: %FALSE when there is no such slot
 */
gboolean
ma_address_space_view_get_slot_center (MaAddressSpaceView *self,
                                       gint                cpu,
                                       guint               slot,
                                       double             *out_x,
                                       double             *out_y)
{
  MaAsHit hit = { 0, };
  MaAsRect r;

  g_return_val_if_fail (MA_IS_ADDRESS_SPACE_VIEW (self), FALSE);
  if (self->state == NULL)
    return FALSE;
  hit.kind = cpu < 0 ? MA_AS_HIT_PKMAP_SLOT : MA_AS_HIT_ATOMIC_SLOT;
  hit.cpu = MAX (cpu, 0);
  hit.index = slot;
  clamp_hit (self, &hit);
  if (hit.kind == MA_AS_HIT_NONE)
    return FALSE;
  ensure_layout (self);
  r = hit_rect (self, &hit);
  *out_x = r.x + r.width / 2;
  *out_y = r.y + r.height / 2;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing */

static void
get_fg (GtkWidget *widget,
        GdkRGBA   *fg)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), fg);
#endif
}

static GskRenderNode *
render_picture (MaAddressSpaceView *self,
                const MaAsPalette  *palette,
                int                 width,
                int                 height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->state == NULL)
    ma_address_space_render_empty (cr, context, width, height, palette);
  else
    ma_address_space_render (cr, context, &self->layout, self->state, palette);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
ring (cairo_t        *cr,
      const GdkRGBA  *color,
      const MaAsRect *r,
      double          width,
      double          outset)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_rectangle (cr, r->x - outset, r->y - outset, r->width + 2 * outset,
                   r->height + 2 * outset);
  cairo_stroke (cr);
}

/* A mark on the bar at an address: a line across and a wedge pointing at it from the right. */
static void
bar_mark (MaAddressSpaceView *self,
          cairo_t            *cr,
          const GdkRGBA      *color,
          guint64             address,
          double              line_width)
{
  const MaAddressSpaceLayout *l = &self->layout;

  for (guint i = 0; i < self->state->n_areas; i++)
    {
      const MaVirtualArea *a = &self->state->areas[i];
      double y;

      if (address < a->start || address >= a->end)
        continue;
      /* the middle of the page, so that a page of an enlarged area lands inside its row */
      y = ma_address_space_layout_y_of (l, self->state->areas, i, address + 2048);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_rectangle (cr, l->bar.x - 2, y - line_width / 2, l->bar.width + 4, line_width);
      cairo_fill (cr);
      cairo_move_to (cr, l->bar.x + l->bar.width + 9, y - 5);
      cairo_line_to (cr, l->bar.x + l->bar.width + 2, y);
      cairo_line_to (cr, l->bar.x + l->bar.width + 9, y + 5);
      cairo_close_path (cr);
      cairo_fill (cr);
      return;
    }
}

static void
draw_highlight (MaAddressSpaceView *self,
                cairo_t            *cr,
                const MaAsPalette  *p)
{
  const MaAddressSpaceState *s = self->state;

  for (guint i = 0; self->highlight_maps != NULL && i < self->highlight_maps->len; i++)
    {
      const MaPfnMapping *map = &g_array_index (self->highlight_maps, MaPfnMapping, i);
      MaAsRect r;

      bar_mark (self, cr, &p->highlight, map->vaddr, 2);
      if (map->kind == MA_PFN_MAPPING_PKMAP)
        r = ma_address_space_layout_pkmap_cell (&self->layout, (guint) map->slot);
      else if (map->kind == MA_PFN_MAPPING_ATOMIC)
        r = ma_address_space_layout_atomic_cell (&self->layout, (guint) map->cpu,
                                                 (guint) map->slot);
      else
        continue;
      ring (cr, &p->highlight, &r, 2.5, 1.25);
    }
  for (guint i = 0; i < ma_address_space_layout_waiters_shown (&self->layout, s->n_waiters); i++)
    if ((gint64) s->waiters[i].pfn == self->highlight_pfn)
      {
        MaAsRect r = ma_address_space_layout_waiter_cell (&self->layout, i);

        ring (cr, &p->highlight, &r, 2.5, 0);
      }
}

/* A tooltip's lines as one line of the status. */
static char *
one_line (const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  return g_strjoinv (" · ", lines);
}

static void
draw_status (MaAddressSpaceView *self,
             cairo_t            *cr,
             const MaAsPalette  *p)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const MaAsRect *box = &self->layout.status;
  /* the highlighted frame on up to two lines, what is pointed at on the third */
  MaAsRect first = { box->x, box->y, box->width, box->height * 2 / 3 };
  MaAsRect second = { box->x, box->y + box->height * 2 / 3, box->width, box->height / 3 };
  const MaAsHit *pointing = self->hover.kind != MA_AS_HIT_NONE ? &self->hover : &self->cursor;
  g_autofree char *markup = NULL;
  g_autofree char *about = NULL;
  g_autofree char *line = NULL;

  if (self->highlight_text != NULL)
    markup = g_markup_printf_escaped ("<b>%s</b>", self->highlight_text);
  else
    markup = g_markup_escape_text (_("Select a frame on the map to see where it is mapped; point "
                                     "at an area or a slot for its addresses"), -1);
  ma_address_space_draw_lines (cr, context, markup, &first, 9.0, 2, &p->fg);

  if (pointing->kind != MA_AS_HIT_NONE)
    {
      gboolean enlarged = pointing->kind == MA_AS_HIT_AREA
                          && self->layout.enlarged[pointing->area];
      g_autofree char *text = ma_address_space_describe_hit (self->machine, self->state, pointing,
                                                             enlarged);
      GdkRGBA dim = p->fg;

      line = one_line (text);
      about = g_markup_escape_text (line ? line : "", -1);
      dim.alpha = 0.7;
      ma_address_space_draw_text (cr, context, about, &second, 8.5, PANGO_ALIGN_LEFT, TRUE, &dim);
    }
}

static void
draw_pointing (MaAddressSpaceView *self,
               cairo_t            *cr,
               const MaAsPalette  *p)
{
  GdkRGBA hover = p->fg;

  hover.alpha = 0.8;
  if (self->hover.kind == MA_AS_HIT_AREA)
    bar_mark (self, cr, &hover, self->hover.address, 1);
  else if (self->hover.kind != MA_AS_HIT_NONE)
    {
      MaAsRect r = hit_rect (self, &self->hover);

      ring (cr, &hover, &r, 1, 0.5);
    }
  if (self->cursor.kind != MA_AS_HIT_NONE && gtk_widget_has_focus (GTK_WIDGET (self)))
    {
      MaAsRect r = hit_rect (self, &self->cursor);
      GdkRGBA accent;

      gdk_rgba_parse (&accent, is_dark () ? "#78aeed" : "#1c71d8");
      ring (cr, &accent, &r, 2, 2);
    }
}

static void
ma_address_space_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gboolean dark = is_dark ();
  MaAsPalette palette;
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  get_fg (widget, &fg);
  ma_address_space_palette (dark, &fg, &palette);
  ensure_layout (self);

  if (self->picture == NULL || self->picture_dark != dark || self->picture_width != width
      || self->picture_height != height || !gdk_rgba_equal (&self->picture_fg, &fg))
    {
      g_clear_pointer (&self->picture, gsk_render_node_unref);
      self->picture = render_picture (self, &palette, width, height);
      self->picture_dark = dark;
      self->picture_fg = fg;
      self->picture_width = width;
      self->picture_height = height;
    }
  gtk_snapshot_append_node (snapshot, self->picture);
  if (self->state == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_highlight (self, cr, &palette);
  draw_pointing (self, cr, &palette);
  draw_status (self, cr, &palette);
  cairo_destroy (cr);
}

static void
ma_address_space_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (widget);
  const MaAddressSpaceState *s = self->state;
  int min_w, min_h, nat_w, nat_h;

  if (s == NULL)
    {
      *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
      *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 240;
      return;
    }
  ma_address_space_layout_measure (s->n_areas, s->layout->last_pkmap, s->n_cpus, s->stack_slots,
                                   &min_w, &min_h, &nat_w, &nat_h);
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? min_w : min_h;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? nat_w : nat_h;
}

static void
ma_address_space_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (widget);

  if (self->layout_valid && (self->layout.width != width || self->layout.height != height))
    invalidate_layout (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Input */

static void
set_hover (MaAddressSpaceView *self,
           const MaAsHit      *hit)
{
  gint64 pfn = ma_address_space_hit_pfn (self->state, hit);

  if (memcmp (hit, &self->hover, sizeof *hit) != 0)
    {
      self->hover = *hit;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (pfn != self->hover_pfn)
    {
      self->hover_pfn = pfn;
      g_signal_emit (self, signals[FRAME_HOVERED], 0, pfn);
    }
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MaAddressSpaceView       *self)
{
  MaAsHit hit;

  hit_at (self, x, y, &hit);
  set_hover (self, &hit);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          MaAddressSpaceView       *self)
{
  MaAsHit none = { 0, };

  set_hover (self, &none);
}

static void
activate_hit (MaAddressSpaceView *self,
              const MaAsHit      *hit)
{
  gint64 pfn = ma_address_space_hit_pfn (self->state, hit);

  if (pfn >= 0)
    g_signal_emit (self, signals[FRAME_ACTIVATED], 0, (guint64) pfn);
}

static void
pressed_cb (GtkGestureClick    *gesture,
            int                 n_press,
            double              x,
            double              y,
            MaAddressSpaceView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
released_cb (GtkGestureClick    *gesture,
             int                 n_press,
             double              x,
             double              y,
             MaAddressSpaceView *self)
{
  MaAsHit hit;

  if (!hit_at (self, x, y, &hit))
    return;
  if (hit.kind != MA_AS_HIT_AREA)
    self->cursor = hit;
  activate_hit (self, &hit);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
announce_cursor (MaAddressSpaceView *self)
{
#if GTK_CHECK_VERSION (4, 14, 0)
  g_autofree char *text = ma_address_space_describe_hit (self->machine, self->state, &self->cursor,
                                                         FALSE);

  ma_announce (GTK_ACCESSIBLE (self), text);
#endif
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MaAddressSpaceView    *self)
{
  MaAsMove move;
  gint64 pfn;

  if (self->state == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move = MA_AS_MOVE_LEFT;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move = MA_AS_MOVE_RIGHT;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move = MA_AS_MOVE_UP;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move = MA_AS_MOVE_DOWN;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      move = MA_AS_MOVE_HOME;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      move = MA_AS_MOVE_END;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      activate_hit (self, &self->cursor);
      return TRUE;
    default:
      return FALSE;
    }

  ensure_layout (self);
  if (ma_address_space_layout_move (&self->layout, self->state->n_waiters, &self->cursor, move))
    {
      /* the keyboard points as the mouse does: the map follows the frame under the cursor */
      pfn = ma_address_space_hit_pfn (self->state, &self->cursor);
      if (pfn != self->hover_pfn)
        {
          self->hover_pfn = pfn;
          g_signal_emit (self, signals[FRAME_HOVERED], 0, pfn);
        }
      announce_cursor (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return TRUE;
}

static gboolean
ma_address_space_view_query_tooltip (GtkWidget  *widget,
                                     int         x,
                                     int         y,
                                     gboolean    keyboard,
                                     GtkTooltip *tooltip)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (widget);
  g_autofree char *text = NULL;
  MaAsHit hit;
  MaAsRect r;

  if (keyboard)
    hit = self->cursor;
  else
    hit_at (self, x, y, &hit);
  if (hit.kind == MA_AS_HIT_NONE || self->state == NULL)
    return FALSE;
  ensure_layout (self);
  text = ma_address_space_describe_hit (self->machine, self->state, &hit,
                                        hit.kind == MA_AS_HIT_AREA
                                        && self->layout.enlarged[hit.area]);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  /* a bar area's text names the address under the pointer: a new tooltip for each row */
  r = hit.kind == MA_AS_HIT_AREA ? (MaAsRect) { self->layout.labels.x, y, self->layout.bar.x
                                                + self->layout.bar.width - self->layout.labels.x,
                                                1 }
                                 : hit_rect (self, &hit);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) r.x, (int) r.y,
                                                       MAX ((int) r.width, 1),
                                                       MAX ((int) r.height, 1) });
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Mapping, style */

static void
style_changed_cb (MaAddressSpaceView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ma_address_space_view_map (GtkWidget *widget)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (widget);

  GTK_WIDGET_CLASS (ma_address_space_view_parent_class)->map (widget);
  if (adw_is_initialized () && self->style_id == 0)
    self->style_id = g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                                              G_CALLBACK (style_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_MS, poll_cb, self);
  ma_address_space_view_refresh (self);
}

static void
ma_address_space_view_unmap (GtkWidget *widget)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (widget);

  if (self->style_id != 0)
    g_clear_signal_handler (&self->style_id, adw_style_manager_get_default ());
  g_clear_handle_id (&self->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (ma_address_space_view_parent_class)->unmap (widget);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
ma_address_space_view_dispose (GObject *object)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_clear_object (&self->machine);
  g_clear_pointer (&self->picture, gsk_render_node_unref);
  G_OBJECT_CLASS (ma_address_space_view_parent_class)->dispose (object);
}

static void
ma_address_space_view_finalize (GObject *object)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (object);

  ma_address_space_state_free (self->state);
  if (self->layout_valid)
    ma_address_space_layout_clear (&self->layout);
  g_free (self->highlight_text);
  g_clear_pointer (&self->highlight_maps, g_array_unref);
  G_OBJECT_CLASS (ma_address_space_view_parent_class)->finalize (object);
}

static void
ma_address_space_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      g_value_set_object (value, self->machine);
      break;
    case PROP_HIGHLIGHT_PFN:
      g_value_set_int64 (value, self->highlight_pfn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_address_space_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MaAddressSpaceView *self = MA_ADDRESS_SPACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      ma_address_space_view_set_machine (self, g_value_get_object (value));
      break;
    case PROP_HIGHLIGHT_PFN:
      ma_address_space_view_set_highlight_pfn (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_address_space_view_class_init (MaAddressSpaceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_address_space_view_dispose;
  object_class->finalize = ma_address_space_view_finalize;
  object_class->get_property = ma_address_space_view_get_property;
  object_class->set_property = ma_address_space_view_set_property;
  widget_class->snapshot = ma_address_space_view_snapshot;
  widget_class->measure = ma_address_space_view_measure;
  widget_class->size_allocate = ma_address_space_view_size_allocate;
  widget_class->query_tooltip = ma_address_space_view_query_tooltip;
  widget_class->map = ma_address_space_view_map;
  widget_class->unmap = ma_address_space_view_unmap;

  properties[PROP_MACHINE] =
    g_param_spec_object ("machine", NULL, NULL, MA_TYPE_MACHINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHT_PFN] =
    g_param_spec_int64 ("highlight-pfn", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MaAddressSpaceView::frame-hovered:
   * @pfn: the frame under the pointer (or the keyboard cursor), or -1 when it left the frames
   *
   * The pointer moved onto a slot, a waiting task or a direct-map address that names another
   * frame, or off them. Same signature as MaMapView::frame-hovered.
   */
  signals[FRAME_HOVERED] =
    g_signal_new ("frame-hovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * MaAddressSpaceView::frame-activated:
   * @pfn: the frame clicked (or chosen with Enter)
   */
  signals[FRAME_ACTIVATED] =
    g_signal_new ("frame-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_css_name (widget_class, "addressspaceview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ma_address_space_view_init (MaAddressSpaceView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->highlight_pfn = -1;
  self->hover_pfn = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, motion);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (widget, key);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kernel virtual address space"), -1);
  update_accessible (self);
}
