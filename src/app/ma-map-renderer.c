/* ma-map-renderer.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The renderer owns the summaries of one machine (one per colour mode, made when first shown and
 * kept current from the engine's event ring) and turns a viewport into pixels. The base picture
 * is composed by hand rather than by scaling images with cairo: for every device pixel it reads
 * one cell of the level whose cells are about a pixel wide (nearest neighbour, so every pixel is
 * a legend colour), which costs the same for 1 GiB and 1 TiB. Levels 0 and 1 come from blocks
 * read from the frames on demand; if time runs out, a block not read yet is drawn from level 2
 * and the drawing reports itself incomplete so that the caller asks again on the next frame.
 *
 * Close up, frames get a one-pixel gap around each buddy block (blocks read as tiles, runs of
 * holes or reserved frames as one hatched area) and, when big enough, a mark: the block order
 * or the category's letter (ma-map-marks.c). Outlines and labels are overlays (ma-map-overlay.c)
 * drawn over the cached picture.
 */
#define G_LOG_DOMAIN "ma-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-map-marks.h"
#include "ma-map-overlay.h"
#include "ma-map-renderer.h"

/* Events behind this many and the summaries are simply recomputed. */
#define MAX_BACKLOG (1u << 18)

/* A level is used when its cells are at least this many device pixels wide. */
#define LEVEL_BIAS 0.15

/* Gaps between blocks and marks appear from these sizes of a frame, in device pixels. */
#define GAP_MIN_ZOOM 4.0
#define WIDE_GAP_ZOOM 14.0

struct _MaMapRenderer
{
  GObject        parent_instance;

  MaMachine     *machine;
  MaFrameLayout *layout;
  MaMapSummary  *summaries[MA_N_COLOR_MODES];
  MaColorMode    mode;
  gboolean       dark;
  gboolean       reconstructed;
  guint64        seq;

  guint32        palette[256];
  guint32        stripes[256];
  guint8         patterns[256];
};

G_DEFINE_FINAL_TYPE (MaMapRenderer, ma_map_renderer, G_TYPE_OBJECT)

enum
{
  DAMAGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_palette (MaMapRenderer *self)
{
  const MaMapPalette *p = ma_map_palette_get (self->mode);

  for (guint c = 0; c < 256; c++)
    {
      self->palette[c] = c < p->n_categories || c == MA_MAP_CAT_PENDING || c == MA_MAP_CAT_NONE
                         ? ma_map_palette_argb (p, c, self->dark) : 0;
      self->patterns[c] = c < p->n_categories ? p->categories[c].pattern : MA_MAP_PATTERN_NONE;
      self->stripes[c] = self->patterns[c] ? ma_map_palette_stripe_argb (p, c, self->dark) : 0;
    }
}

static void
emit_all_damaged (MaMapRenderer *self)
{
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (MaMapRect));

  g_signal_emit (self, signals[DAMAGED], 0, none, TRUE);
}

static void
ma_map_renderer_dispose (GObject *object)
{
  MaMapRenderer *self = MA_MAP_RENDERER (object);

  for (guint m = 0; m < MA_N_COLOR_MODES; m++)
    g_clear_pointer (&self->summaries[m], ma_map_summary_free);
  g_clear_pointer (&self->layout, ma_frame_layout_unref);
  g_clear_object (&self->machine);

  G_OBJECT_CLASS (ma_map_renderer_parent_class)->dispose (object);
}

static void
ma_map_renderer_class_init (MaMapRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ma_map_renderer_dispose;

  /**
   * MaMapRenderer::damaged:
   * @rects: (element-type MaMapRect): the parts of the map that look different now, in map units
   * @all: whether everything changed (colour mode, style, or too many changes to list)
   *
   * Emitted by ma_map_renderer_sync() and when the colours change.
   */
  signals[DAMAGED] = g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER,
                                   G_TYPE_BOOLEAN);
}

static void
ma_map_renderer_init (MaMapRenderer *self)
{
}

/**
 * ma_map_renderer_new:
 * @machine: the machine to draw
 *
 * Returns: (transfer full): a renderer in the state colour mode and the light style
 */
MaMapRenderer *
ma_map_renderer_new (MaMachine *machine)
{
  MaMapRenderer *self;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);

  self = g_object_new (MA_TYPE_MAP_RENDERER, NULL);
  self->machine = g_object_ref (machine);
  self->layout = ma_frame_layout_new (machine);
  self->mode = MA_COLOR_MODE_STATE;
  self->seq = ma_event_ring_next_seq (ma_machine_get_events (machine));
  self->summaries[self->mode] = ma_map_summary_new (self->layout, self->mode);
  update_palette (self);
  return self;
}

MaMachine *
ma_map_renderer_get_machine (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), NULL);
  return self->machine;
}

MaFrameLayout *
ma_map_renderer_get_layout (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), NULL);
  return self->layout;
}

/**
 * ma_map_renderer_get_summary:
 *
 * Returns: (transfer none): the summary of the current colour mode
 */
MaMapSummary *
ma_map_renderer_get_summary (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), NULL);
  return self->summaries[self->mode];
}

MaColorMode
ma_map_renderer_get_color_mode (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), MA_COLOR_MODE_STATE);
  return self->mode;
}

/**
 * ma_map_renderer_set_color_mode:
 *
 * Switches colours. A mode shown before kept its summary current (dirty blocks are only marked
 * while it is hidden), so switching back costs only what changed meanwhile.
 */
void
ma_map_renderer_set_color_mode (MaMapRenderer *self,
                                MaColorMode    mode)
{
  g_return_if_fail (MA_IS_MAP_RENDERER (self));
  g_return_if_fail (mode < MA_N_COLOR_MODES);

  if (mode == self->mode)
    return;
  /* Blocks read for the old mode's close-ups are cheap to read again; the summary stays. */
  ma_map_summary_drop_fine (self->summaries[self->mode]);
  self->mode = mode;
  if (self->summaries[mode] == NULL)
    self->summaries[mode] = ma_map_summary_new (self->layout, mode);
  update_palette (self);
  emit_all_damaged (self);
}

gboolean
ma_map_renderer_get_dark (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), FALSE);
  return self->dark;
}

void
ma_map_renderer_set_dark (MaMapRenderer *self,
                          gboolean       dark)
{
  g_return_if_fail (MA_IS_MAP_RENDERER (self));

  dark = !!dark;
  if (dark == self->dark)
    return;
  self->dark = dark;
  update_palette (self);
  emit_all_damaged (self);
}

gboolean
ma_map_renderer_get_reconstructed (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), FALSE);
  return self->reconstructed;
}

/**
 * ma_map_renderer_set_reconstructed:
 *
 * Whether the frames are a layout reconstructed from counts (a snapshot without kpageflags);
 * the overlays then carry a badge saying so.
 */
void
ma_map_renderer_set_reconstructed (MaMapRenderer *self,
                                   gboolean       reconstructed)
{
  g_return_if_fail (MA_IS_MAP_RENDERER (self));

  self->reconstructed = !!reconstructed;
}

/**
 * ma_map_renderer_get_memory_size:
 *
 * Returns: the bytes held by the summaries of every colour mode shown so far
 */
gsize
ma_map_renderer_get_memory_size (MaMapRenderer *self)
{
  gsize size = sizeof *self;

  for (guint m = 0; m < MA_N_COLOR_MODES; m++)
    if (self->summaries[m])
      size += ma_map_summary_get_memory_size (self->summaries[m]);
  return size;
}

/* ------------------------------------------------------------------------------------------ */
/* Events */

static void
invalidate_range (MaMapRenderer *self,
                  guint64        pfn,
                  guint64        n)
{
  for (guint m = 0; m < MA_N_COLOR_MODES; m++)
    if (self->summaries[m])
      ma_map_summary_invalidate_range (self->summaries[m], pfn, n);
}

static void
invalidate_all (MaMapRenderer *self)
{
  for (guint m = 0; m < MA_N_COLOR_MODES; m++)
    if (self->summaries[m])
      ma_map_summary_invalidate_all (self->summaries[m]);
}

/**
 * ma_map_renderer_has_news:
 *
 * Returns: whether the machine has events the renderer has not read yet
 */
gboolean
ma_map_renderer_has_news (MaMapRenderer *self)
{
  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), FALSE);
  return ma_event_ring_next_seq (ma_machine_get_events (self->machine)) != self->seq;
}

/**
 * ma_map_renderer_sync:
 * @viewport: (nullable): the view to bring up to date first
 * @deadline: monotonic time to stop updating summaries at, or -1 to finish
 * @func: (nullable) (scope call): called for each event that changed frames
 * @user_data: data for @func
 *
 * Reads the events since the last call, marks what they changed and updates the summary of the
 * current colour mode until @deadline. Emits #MaMapRenderer::damaged for what changed on the
 * map.
 *
 * Returns: %TRUE when the summary is up to date
 */
gboolean
ma_map_renderer_sync (MaMapRenderer  *self,
                      MaViewport     *viewport,
                      gint64          deadline,
                      MaMapEventFunc  func,
                      gpointer        user_data)
{
  MaEventRing *ring;
  MaMapSummary *summary;
  const MaEvent *e;
  g_autoptr(GArray) damage = NULL;
  g_autoptr(GArray) rects = NULL;
  gboolean all, clean;
  MaMapRect visible;

  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), FALSE);

  ring = ma_machine_get_events (self->machine);
  if (ma_event_ring_next_seq (ring) - self->seq > MAX_BACKLOG)
    {
      invalidate_all (self);
      self->seq = ma_event_ring_next_seq (ring);
    }
  while (ma_event_ring_read (ring, &self->seq, &e))
    {
      guint64 pfn, n;

      if (e == NULL)
        {
          invalidate_all (self);
          continue;
        }
      switch (ma_map_event_get_scope (e, &pfn, &n))
        {
        case MA_MAP_EVENT_RANGE:
          invalidate_range (self, pfn, n);
          if (func)
            func (e, user_data);
          break;
        case MA_MAP_EVENT_EVERYTHING:
          invalidate_all (self);
          if (func)
            func (e, user_data);
          break;
        case MA_MAP_EVENT_NO_FRAMES:
        default:
          break;
        }
    }

  summary = self->summaries[self->mode];
  if (viewport)
    ma_viewport_get_visible_rect (viewport, &visible);
  clean = ma_map_summary_update (summary, viewport ? &visible : NULL, deadline);

  /* Hidden modes only collect dirty blocks; their damage is of no use. */
  for (guint m = 0; m < MA_N_COLOR_MODES; m++)
    if (self->summaries[m] && m != self->mode)
      {
        gboolean ignored;

        g_array_unref (ma_map_summary_take_damage (self->summaries[m], &ignored));
      }

  damage = ma_map_summary_take_damage (summary, &all);
  if (all || damage->len > 0)
    {
      rects = g_array_sized_new (FALSE, FALSE, sizeof (MaMapRect), damage->len);
      for (guint i = 0; i < damage->len && !all; i++)
        {
          const MaMapDamage *d = &g_array_index (damage, MaMapDamage, i);
          const MaLayoutZone *z = ma_frame_layout_get_zone (self->layout, d->zone);
          MaMapRect r = { z->rect.x + (double) d->bx * MA_MAP_BLOCK_SIDE,
                          z->rect.y + (double) d->by * MA_MAP_BLOCK_SIDE,
                          MA_MAP_BLOCK_SIDE, MA_MAP_BLOCK_SIDE };

          g_array_append_val (rects, r);
        }
      g_signal_emit (self, signals[DAMAGED], 0, rects, all);
    }
  return clean;
}

/* ------------------------------------------------------------------------------------------ */
/* The base picture */

/**
 * ma_map_renderer_get_level:
 * @scale: device pixels per logical pixel
 *
 * Returns: the summary level a view draws from: 0 for frames, L for cells of 2^L × 2^L frames
 */
guint
ma_map_renderer_get_level (MaMapRenderer *self,
                           MaViewport    *viewport,
                           double         scale)
{
  double zoom = ma_viewport_get_zoom (viewport) * scale;

  if (zoom >= 1)
    return 0;
  return (guint) MAX (0, ceil (log2 (1 / zoom) - LEVEL_BIAS));
}

typedef struct
{
  MaMapRenderer *self;
  MaMapSummary  *summary;
  guint32       *data;
  int            stride;   /* in pixels */
  int            x;        /* the target's position in the view, device pixels */
  int            y;
  double         zoom;     /* device pixels per frame */
  double         origin_x; /* map point at the view's top-left corner */
  double         origin_y;
  gint64         offset_x; /* the map origin in device pixels, for hatching */
  gint64         offset_y;
  int            hatch_period;
  gint64         deadline;
  gboolean       complete;
  int           *columns;  /* per target column: the cell it shows */
  guint8        *gap_x;    /* per target column: in the gap at the right of a frame */
} Compose;

static inline guint32
pixel (const Compose *c,
       guint8         cat,
       int            i,
       int            j)
{
  MaMapRenderer *self = c->self;
  gint64 t;

  if (G_LIKELY (self->patterns[cat] == MA_MAP_PATTERN_NONE))
    return self->palette[cat];
  t = self->patterns[cat] == MA_MAP_PATTERN_HATCH
      ? (c->offset_x + c->x + i) + (c->offset_y + c->y + j)
      : (c->offset_x + c->x + i) - (c->offset_y + c->y + j);
  t %= c->hatch_period;
  if (t < 0)
    t += c->hatch_period;
  return t < c->hatch_period / 3 ? self->stripes[cat] : self->palette[cat];
}

static gboolean
may_compute (Compose *c)
{
  if (c->deadline < 0 || g_get_monotonic_time () < c->deadline)
    return TRUE;
  c->complete = FALSE;
  return FALSE;
}

/* One row of a zone from a stored level. */
static void
row_stored (Compose      *c,
            const guint8 *cells,
            guint32      *dst,
            int           i0,
            int           i1,
            int           j)
{
  for (int i = i0; i < i1; i++)
    dst[i] = pixel (c, cells[c->columns[i]], i, j);
}

/* One row of a zone from level 1 blocks (16 × 16 cells each). */
static void
row_level1 (Compose      *c,
            guint         zi,
            const guint8 *level2,
            guint         w2,
            guint         v,
            guint32      *dst,
            int           i0,
            int           i1,
            int           j)
{
  const MaMapFine1 *fine = NULL;
  guint current = G_MAXUINT;

  for (int i = i0; i < i1; i++)
    {
      guint u = (guint) c->columns[i];
      guint8 cat;

      if (u >> 4 != current)
        {
          current = u >> 4;
          fine = ma_map_summary_get_fine1 (c->summary, zi, current, v >> 4, FALSE);
          if (fine == NULL && may_compute (c))
            fine = ma_map_summary_get_fine1 (c->summary, zi, current, v >> 4, TRUE);
        }
      cat = fine ? fine->cats[(v & 15) * 16 + (u & 15)] : level2[(gsize) (v >> 1) * w2 + (u >> 1)];
      dst[i] = pixel (c, cat, i, j);
    }
}

/* One row of a zone from level 0 blocks, with gaps between buddy blocks when close. A frame is
 * at least a pixel wide here, so the row is filled frame by frame. */
static void
row_level0 (Compose      *c,
            guint         zi,
            const guint8 *level2,
            guint         w2,
            guint         v,
            gboolean      gap_y,
            gboolean      gaps,
            guint32      *dst,
            int           i0,
            int           i1,
            int           j)
{
  const MaMapFine *fine = NULL;
  guint current = G_MAXUINT;

  for (int i = i0; i < i1;)
    {
      guint u = (guint) c->columns[i];
      int end = i + 1;
      guint k;
      guint8 cat, flags;

      while (end < i1 && (guint) c->columns[end] == u)
        end++;
      if (u >> 5 != current)
        {
          current = u >> 5;
          fine = ma_map_summary_get_fine (c->summary, zi, current, v >> 5, FALSE);
          if (fine == NULL && may_compute (c))
            fine = ma_map_summary_get_fine (c->summary, zi, current, v >> 5, TRUE);
          if (fine != NULL && gaps)
            ma_map_summary_ensure_flags (c->summary, zi, current, v >> 5, fine);
        }
      if (fine == NULL)
        {
          cat = level2[(gsize) (v >> 2) * w2 + (u >> 2)];
          flags = MA_MAP_JOINS_RIGHT | MA_MAP_JOINS_DOWN;
        }
      else
        {
          k = (v & 31) * MA_MAP_BLOCK_SIDE + (u & 31);
          cat = fine->cats[k];
          flags = gaps ? fine->flags[k] : MA_MAP_JOINS_RIGHT | MA_MAP_JOINS_DOWN;
        }

      if (gap_y && !(flags & MA_MAP_JOINS_DOWN))
        for (int p = i; p < end; p++)
          dst[p] = 0;
      else if (c->self->patterns[cat] != MA_MAP_PATTERN_NONE)
        for (int p = i; p < end; p++)
          dst[p] = c->gap_x[p] && !(flags & MA_MAP_JOINS_RIGHT) ? 0 : pixel (c, cat, p, j);
      else
        {
          guint32 value = c->self->palette[cat];

          for (int p = i; p < end; p++)
            dst[p] = c->gap_x[p] && !(flags & MA_MAP_JOINS_RIGHT) ? 0 : value;
        }
      i = end;
    }
}

/* The pixel range [lo, hi) whose centres fall in [a, b) of the map (one axis). */
static void
pixel_range (double  a,
             double  b,
             double  origin,
             double  zoom,
             int     view_lo,
             int     view_hi,
             int    *lo,
             int    *hi)
{
  double pa = ceil ((a - origin) * zoom - 0.5);
  double pb = ceil ((b - origin) * zoom - 0.5);

  *lo = (int) CLAMP (pa, view_lo, view_hi);
  *hi = (int) CLAMP (pb, view_lo, view_hi);
}

static void
compose_zone (Compose *c,
              guint    zi,
              guint    level,
              int      width,
              int      height)
{
  const MaLayoutZone *z = ma_frame_layout_get_zone (c->self->layout, zi);
  guint n_levels = ma_map_summary_get_n_levels (c->summary, zi);
  guint lz = MIN (level, n_levels - 1);
  double side = (double) (1u << lz);
  gboolean gaps = lz == 0 && c->zoom >= GAP_MIN_ZOOM;
  int gap = c->zoom >= WIDE_GAP_ZOOM ? 2 : 1;
  int i0, i1, j0, j1;
  const guint8 *cells, *level2;
  guint w, h, w2, h2;

  pixel_range (z->rect.x, z->rect.x + z->rect.width, c->origin_x, c->zoom, c->x, c->x + width,
               &i0, &i1);
  pixel_range (z->rect.y, z->rect.y + z->rect.height, c->origin_y, c->zoom, c->y, c->y + height,
               &j0, &j1);
  if (i0 >= i1 || j0 >= j1)
    return;
  i0 -= c->x;
  i1 -= c->x;
  j0 -= c->y;
  j1 -= c->y;

  for (int i = i0; i < i1; i++)
    {
      double mx = c->origin_x + (c->x + i + 0.5) / c->zoom - z->rect.x;

      c->columns[i] = (int) (mx / side);
      c->gap_x[i] = gaps && (mx - floor (mx)) * c->zoom >= c->zoom - gap;
    }

  level2 = ma_map_summary_get_level (c->summary, zi, MA_MAP_FIRST_STORED_LEVEL, &w2, &h2);
  cells = lz >= MA_MAP_FIRST_STORED_LEVEL
          ? ma_map_summary_get_level (c->summary, zi, lz, &w, &h) : NULL;

  for (int j = j0; j < j1; j++)
    {
      double my = c->origin_y + (c->y + j + 0.5) / c->zoom - z->rect.y;
      guint v = (guint) (my / side);
      guint32 *dst = c->data + (gsize) j * c->stride;

      if (cells)
        {
          if (v < h)
            row_stored (c, cells + (gsize) v * w, dst, i0, i1, j);
        }
      else if (lz == 1)
        row_level1 (c, zi, level2, w2, v, dst, i0, i1, j);
      else
        row_level0 (c, zi, level2, w2, v, gaps && (my - floor (my)) * c->zoom >= c->zoom - gap,
                    gaps, dst, i0, i1, j);
    }
}

/**
 * ma_map_renderer_draw_base:
 * @viewport: the view
 * @scale: device pixels per logical pixel of @viewport
 * @target: an image surface in CAIRO_FORMAT_ARGB32
 * @x: where @target's top-left pixel is in the view, in device pixels
 * @y: where @target's top-left pixel is in the view, in device pixels
 * @deadline: monotonic time after which no more blocks are read from the frames, or -1
 *
 * Draws the frames (not the overlays) into @target, transparent where there are none.
 *
 * Returns: %TRUE if the picture is complete: no pending summary, no block left unread
 */
gboolean
ma_map_renderer_draw_base (MaMapRenderer   *self,
                           MaViewport      *viewport,
                           double           scale,
                           cairo_surface_t *target,
                           int              x,
                           int              y,
                           gint64           deadline)
{
  Compose c = { 0, };
  int width, height;
  guint level;

  g_return_val_if_fail (MA_IS_MAP_RENDERER (self), FALSE);
  g_return_val_if_fail (cairo_image_surface_get_format (target) == CAIRO_FORMAT_ARGB32, FALSE);

  cairo_surface_flush (target);
  width = cairo_image_surface_get_width (target);
  height = cairo_image_surface_get_height (target);

  c.self = self;
  c.summary = self->summaries[self->mode];
  c.data = (guint32 *) cairo_image_surface_get_data (target);
  c.stride = cairo_image_surface_get_stride (target) / 4;
  c.x = x;
  c.y = y;
  c.zoom = ma_viewport_get_zoom (viewport) * scale;
  c.origin_x = ma_viewport_get_center_x (viewport)
               - ma_viewport_get_width (viewport) / 2 / ma_viewport_get_zoom (viewport);
  c.origin_y = ma_viewport_get_center_y (viewport)
               - ma_viewport_get_height (viewport) / 2 / ma_viewport_get_zoom (viewport);
  c.offset_x = (gint64) floor (c.origin_x * c.zoom);
  c.offset_y = (gint64) floor (c.origin_y * c.zoom);
  c.hatch_period = MAX (6, (int) round (7 * scale));
  c.deadline = deadline;
  c.complete = ma_map_summary_is_clean (c.summary);
  c.columns = g_new (int, width);
  c.gap_x = g_new (guint8, width);

  for (int j = 0; j < height; j++)
    memset (c.data + (gsize) j * c.stride, 0, (gsize) width * 4);

  level = ma_map_renderer_get_level (self, viewport, scale);
  for (guint zi = 0; zi < ma_frame_layout_get_n_zones (self->layout); zi++)
    compose_zone (&c, zi, level, width, height);

  g_free (c.columns);
  g_free (c.gap_x);
  cairo_surface_mark_dirty (target);

  if (level == 0 && c.zoom >= MA_MAP_MARK_MIN_ZOOM)
    ma_map_marks_draw (self->layout, c.summary, self->dark, target, c.x, c.y,
                       ma_viewport_get_width (viewport) * scale,
                       ma_viewport_get_height (viewport) * scale, c.zoom, c.origin_x, c.origin_y);
  return c.complete;
}

/**
 * ma_map_renderer_next_frame:
 *
 * Tells the summary that a new picture starts, so that blocks read for old pictures can go.
 */
void
ma_map_renderer_next_frame (MaMapRenderer *self)
{
  g_return_if_fail (MA_IS_MAP_RENDERER (self));
  ma_map_summary_next_frame (self->summaries[self->mode]);
}

/**
 * ma_map_renderer_render:
 * @cr: where to draw; its clip and device scale are honoured
 * @viewport: the view to draw, in @cr's user units
 *
 * Draws a complete picture (background, frames, outlines and labels) of @viewport, bringing the
 * summaries up to date first: for export and benchmarks. Widgets use the parts.
 */
void
ma_map_renderer_render (MaMapRenderer *self,
                        cairo_t       *cr,
                        MaViewport    *viewport)
{
  cairo_surface_t *base;
  double sx = 1, sy = 1;
  int width, height;
  guint32 bg = ma_map_palette_background_argb (self->dark);

  g_return_if_fail (MA_IS_MAP_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (MA_IS_VIEWPORT (viewport));

  ma_map_renderer_sync (self, viewport, -1, NULL, NULL);
  ma_map_renderer_next_frame (self);

  cairo_surface_get_device_scale (cairo_get_target (cr), &sx, &sy);
  width = (int) ceil (ma_viewport_get_width (viewport) * sx);
  height = (int) ceil (ma_viewport_get_height (viewport) * sx);
  base = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1), MAX (height, 1));
  ma_map_renderer_draw_base (self, viewport, sx, base, 0, 0, -1);
  cairo_surface_set_device_scale (base, sx, sx);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, ma_viewport_get_width (viewport), ma_viewport_get_height (viewport));
  cairo_clip (cr);
  cairo_set_source_rgb (cr, ((bg >> 16) & 0xff) / 255., ((bg >> 8) & 0xff) / 255.,
                        (bg & 0xff) / 255.);
  cairo_paint (cr);
  cairo_set_source_surface (cr, base, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  ma_map_overlay_draw (self, viewport, cr);
  cairo_restore (cr);

  cairo_surface_destroy (base);
}
