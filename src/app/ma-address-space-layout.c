/* ma-address-space-layout.c: where the address-space view draws what, and what is at a point
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure arithmetic, without a display, so that it can be tested as it is.
 *
 * The 4 GiB of a 32-bit address space hold areas from 3 GiB (user space) down to a few pages (a
 * CPU's kmap slots, 80 KiB): to scale, everything above vmalloc would share a pixel. The bar is
 * therefore to scale only where that leaves an area room for its label; every area that would be
 * smaller gets a fixed minimum height instead, and the bar marks where its scale breaks. Which
 * areas are enlarged is found by water-filling: give every area its share of the height, pin the
 * ones whose share is below their minimum to the minimum, share what is left among the others,
 * and repeat until no share falls below its minimum (at most one round per area).
 */
#define G_LOG_DOMAIN "ma-address-space-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ma-address-space-layout.h"

#define MARGIN        12
#define STATUS_HEIGHT 50
#define LEGEND_ROW    20
#define LEGEND_WIDTH  200
#define SECTION_GAP   10
#define LABEL_GAP     6
#define RULER_WIDTH   5
#define BAR_WIDTH     34
#define CALLOUT_WIDTH 40
#define TITLE_HEIGHT  20
#define STACK_HEADER  16
#define STACK_GAP     8
#define STACK_MAX_W   132
#define SLOT_MIN_H    9
#define SLOT_TEXT_H   12   /* room for a pfn in a slot */
#define CELL_GOOD     8    /* cells smaller than this give way to the stacks' text */
#define SLOT_MAX_H    16
#define CELL_MAX      16
#define WAITER_WIDTH  150
#define WAITER_HEIGHT 20
#define WAITER_ROWS   2

static double
area_min_height (const MaVirtualArea *area)
{
  return area->kind == MA_VAREA_UNUSED ? MA_AS_UNUSED_MIN_HEIGHT : MA_AS_AREA_MIN_HEIGHT;
}

/**
 * ma_address_space_bar_heights:
 * @areas: the areas, in ascending order
 * @total: the bar's height
 * @out_heights: (out caller-allocates): each area's height
 * @out_enlarged: (out caller-allocates) (optional): whether it is larger than to scale
 *
 * When even the minimum heights do not fit, every area gets its minimum scaled down to fit.
 */
void
ma_address_space_bar_heights (const MaVirtualArea *areas,
                              guint                n_areas,
                              double               total,
                              double              *out_heights,
                              gboolean            *out_enlarged)
{
  g_autofree gboolean *pinned = g_new0 (gboolean, n_areas);
  double sum_min = 0;

  for (guint i = 0; i < n_areas; i++)
    sum_min += area_min_height (&areas[i]);

  if (sum_min >= total)
    {
      for (guint i = 0; i < n_areas; i++)
        {
          out_heights[i] = area_min_height (&areas[i]) * total / sum_min;
          if (out_enlarged)
            out_enlarged[i] = TRUE;
        }
      return;
    }

  for (;;)
    {
      double rest = total, scaled = 0;
      gboolean changed = FALSE;

      for (guint i = 0; i < n_areas; i++)
        if (pinned[i])
          rest -= area_min_height (&areas[i]);
        else
          scaled += (double) (areas[i].end - areas[i].start);
      for (guint i = 0; i < n_areas; i++)
        {
          double share;

          if (pinned[i])
            continue;
          share = rest * (double) (areas[i].end - areas[i].start) / scaled;
          if (share < area_min_height (&areas[i]))
            {
              pinned[i] = TRUE;
              changed = TRUE;
            }
          out_heights[i] = share;
        }
      if (!changed)
        break;
    }
  for (guint i = 0; i < n_areas; i++)
    {
      if (pinned[i])
        out_heights[i] = area_min_height (&areas[i]);
      if (out_enlarged)
        out_enlarged[i] = pinned[i];
    }
}

/* The heights of the right-hand column that do not depend on the number of slots. */
static double
fixed_details_height (void)
{
  return 3 * TITLE_HEIGHT + STACK_HEADER + 2 * SECTION_GAP + WAITER_ROWS * WAITER_HEIGHT;
}

static guint
legend_cols_for (int width)
{
  return CLAMP ((width - 2 * MARGIN) / LEGEND_WIDTH, 1, MA_AS_N_LEGEND_ENTRIES);
}

static guint
legend_rows_for (int width)
{
  guint cols = legend_cols_for (width);

  return (MA_AS_N_LEGEND_ENTRIES + cols - 1) / cols;
}

static double
label_width_for (int width)
{
  return CLAMP (width * 0.26, 170, 250);
}

void
ma_address_space_layout_measure (guint  n_areas,
                                 guint  last_pkmap,
                                 guint  n_cpus,
                                 guint  stack_slots,
                                 int   *min_width,
                                 int   *min_height,
                                 int   *nat_width,
                                 int   *nat_height)
{
  /* every area at its minimum, and room for the direct map (a fifth of the space below the
   * small areas) to be to scale at its minimum too */
  double bar_min = (n_areas + 3) * MA_AS_AREA_MIN_HEIGHT;
  double details_min = fixed_details_height () + stack_slots * SLOT_MIN_H
                       + (last_pkmap / 64.0) * 5;
  double details_nat = fixed_details_height () + stack_slots * 13 + (last_pkmap / 32.0) * 10;
  int chrome = 2 * MARGIN + STATUS_HEIGHT + 2 * SECTION_GAP;

  if (min_width)
    *min_width = 600;
  if (nat_width)
    *nat_width = MAX (1000, 2 * MARGIN + 250 + LABEL_GAP + RULER_WIDTH + 3 + BAR_WIDTH
                            + CALLOUT_WIDTH + n_cpus * (STACK_MAX_W + STACK_GAP));
  if (min_height)
    *min_height = (int) ceil (chrome + legend_rows_for (600) * LEGEND_ROW
                              + MAX (bar_min, details_min));
  if (nat_height)
    *nat_height = (int) ceil (chrome + legend_rows_for (1000) * LEGEND_ROW
                              + MAX (bar_min * 1.15, details_nat));
}

static MaAsRect
rect (double x,
      double y,
      double width,
      double height)
{
  MaAsRect r = { x, y, MAX (width, 0), MAX (height, 0) };

  return r;
}

/* The grid's shape: the number of columns (a power of two that divides LAST_PKMAP) that gives
 * the largest square cells in the room left by the stacks at their smallest. */
static void
choose_grid (MaAddressSpaceLayout *l,
             double                width,
             double                height)
{
  double best = -1;
  guint best_cols = 1;

  for (guint cols = 8; cols <= 128 && cols <= l->last_pkmap; cols *= 2)
    {
      guint rows;
      double cell;

      if (l->last_pkmap % cols != 0)
        continue;
      rows = l->last_pkmap / cols;
      cell = MIN (floor (width / cols), floor (height / rows));
      cell = MIN (cell, CELL_MAX);
      /* ties go to the squarer grid */
      if (cell > best || (cell == best && fabs (log2 ((double) cols / rows))
                                          < fabs (log2 ((double) best_cols
                                                         / (l->last_pkmap / best_cols)))))
        {
          best = cell;
          best_cols = cols;
        }
    }
  l->grid_cols = best_cols;
  l->grid_rows = l->last_pkmap > 0 ? l->last_pkmap / best_cols : 0;
  l->cell = MAX (best, 3);
}

/**
 * ma_address_space_layout_init:
 * @layout: (out caller-allocates): the layout
 * @areas: the machine's virtual areas, in ascending order
 *
 * Lays the view out for a size; ma_address_space_layout_clear() frees it.
 */
void
ma_address_space_layout_init (MaAddressSpaceLayout *l,
                              const MaVirtualArea  *areas,
                              guint                 n_areas,
                              guint                 last_pkmap,
                              guint                 n_cpus,
                              guint                 stack_slots,
                              int                   width,
                              int                   height)
{
  g_autofree double *heights = g_new0 (double, MAX (n_areas, 1));
  double main_top, main_height, legend_height, y, right_x, right_w, rest;
  guint legend_rows;

  memset (l, 0, sizeof *l);
  l->width = width;
  l->height = height;
  l->n_areas = n_areas;
  l->last_pkmap = last_pkmap;
  l->n_cpus = n_cpus;
  l->stack_slots = stack_slots;
  l->area_rects = g_new0 (MaAsRect, MAX (n_areas, 1));
  l->enlarged = g_new0 (gboolean, MAX (n_areas, 1));

  l->status = rect (MARGIN, MARGIN, width - 2 * MARGIN, STATUS_HEIGHT);
  legend_rows = legend_rows_for (width);
  l->legend_cols = legend_cols_for (width);
  l->legend_width = (double) (width - 2 * MARGIN) / l->legend_cols;
  legend_height = legend_rows * LEGEND_ROW;
  l->legend = rect (MARGIN, height - MARGIN - legend_height, width - 2 * MARGIN, legend_height);
  main_top = MARGIN + STATUS_HEIGHT + SECTION_GAP;
  main_height = MAX (l->legend.y - SECTION_GAP - main_top, 1);

  /* the bar, high addresses on top, and its labels on its left */
  l->labels = rect (MARGIN, main_top, label_width_for (width), main_height);
  l->ruler = rect (l->labels.x + l->labels.width + LABEL_GAP, main_top, RULER_WIDTH, main_height);
  l->bar = rect (l->ruler.x + RULER_WIDTH + 3, main_top, BAR_WIDTH, main_height);
  ma_address_space_bar_heights (areas, n_areas, main_height, heights, l->enlarged);
  /* Boundaries are floors of the running sum, so each area keeps at least the floor of its
   * height (⌊a + h⌋ − ⌊a⌋ ≥ ⌊h⌋), and the last one ends at the bar's bottom. */
  y = 0;
  for (guint k = 0; k < n_areas; k++)
    {
      guint i = n_areas - 1 - k;
      double top = floor (y), bottom;

      y += heights[i];
      bottom = k == n_areas - 1 ? main_height : floor (y);
      l->area_rects[i] = rect (l->bar.x, main_top + top, BAR_WIDTH, bottom - top);
    }

  /* the details, right of the callouts: stacks, grid, wait queue */
  right_x = l->bar.x + BAR_WIDTH + CALLOUT_WIDTH;
  right_w = MAX (width - MARGIN - right_x, 40);
  rest = main_height - fixed_details_height ();

  /* The stacks' slots want room for their pfn; the grid's cells only need to be seen. The
   * stacks get that room unless it would shrink the cells below a comfortable size. */
  choose_grid (l, right_w, rest - stack_slots * SLOT_TEXT_H);
  if (l->cell < CELL_GOOD)
    choose_grid (l, right_w, rest - stack_slots * SLOT_MIN_H);
  l->slot_height = stack_slots > 0
                   ? CLAMP (floor ((rest - l->grid_rows * l->cell) / stack_slots), SLOT_MIN_H,
                            SLOT_MAX_H)
                   : 0;
  l->stack_gap = STACK_GAP;
  l->stack_header = STACK_HEADER;
  l->stack_width = n_cpus > 0
                   ? MIN (STACK_MAX_W, floor ((right_w - (n_cpus - 1) * STACK_GAP) / n_cpus))
                   : 0;

  y = main_top;
  l->stacks_title = rect (right_x, y, right_w, TITLE_HEIGHT);
  y += TITLE_HEIGHT;
  l->stacks = rect (right_x, y, n_cpus * l->stack_width + (n_cpus > 0 ? n_cpus - 1 : 0) * STACK_GAP,
                    STACK_HEADER + stack_slots * l->slot_height);
  y += l->stacks.height + SECTION_GAP;
  l->grid_title = rect (right_x, y, right_w, TITLE_HEIGHT);
  y += TITLE_HEIGHT;
  l->grid = rect (right_x, y, l->grid_cols * l->cell, l->grid_rows * l->cell);
  y += l->grid.height + SECTION_GAP;
  l->waiters_title = rect (right_x, y, right_w, TITLE_HEIGHT);
  y += TITLE_HEIGHT;
  l->waiter_cols = MAX (1, (guint) (right_w / WAITER_WIDTH));
  l->waiter_rows = WAITER_ROWS;
  l->waiter_width = floor (right_w / l->waiter_cols);
  l->waiter_height = WAITER_HEIGHT;
  l->waiters = rect (right_x, y, right_w, WAITER_ROWS * WAITER_HEIGHT);
}

void
ma_address_space_layout_clear (MaAddressSpaceLayout *l)
{
  g_clear_pointer (&l->area_rects, g_free);
  g_clear_pointer (&l->enlarged, g_free);
}

MaAsRect
ma_address_space_layout_pkmap_cell (const MaAddressSpaceLayout *l,
                                    guint                       slot)
{
  guint col = slot % MAX (l->grid_cols, 1), row = slot / MAX (l->grid_cols, 1);

  return rect (l->grid.x + col * l->cell, l->grid.y + row * l->cell, l->cell, l->cell);
}

/* A CPU's column, its header included. */
MaAsRect
ma_address_space_layout_stack_column (const MaAddressSpaceLayout *l,
                                      guint                       cpu)
{
  return rect (l->stacks.x + cpu * (l->stack_width + l->stack_gap), l->stacks.y, l->stack_width,
               l->stacks.height);
}

/* Position 0, the first mapping made, is at the bottom: the stack grows upwards. */
MaAsRect
ma_address_space_layout_atomic_cell (const MaAddressSpaceLayout *l,
                                     guint                       cpu,
                                     guint                       pos)
{
  MaAsRect col = ma_address_space_layout_stack_column (l, cpu);

  return rect (col.x, col.y + l->stack_header + (l->stack_slots - 1 - pos) * l->slot_height,
               col.width, l->slot_height);
}

MaAsRect
ma_address_space_layout_waiter_cell (const MaAddressSpaceLayout *l,
                                     guint                       index)
{
  guint col = index % l->waiter_cols, row = index / l->waiter_cols;

  return rect (l->waiters.x + col * l->waiter_width, l->waiters.y + row * l->waiter_height,
               l->waiter_width, l->waiter_height);
}

MaAsRect
ma_address_space_layout_legend_cell (const MaAddressSpaceLayout *l,
                                     guint                       index)
{
  guint col = index % l->legend_cols, row = index / l->legend_cols;

  return rect (l->legend.x + col * l->legend_width, l->legend.y + row * LEGEND_ROW,
               l->legend_width, LEGEND_ROW);
}

/**
 * ma_address_space_layout_waiters_shown:
 *
 * Returns: how many waiting tasks have a cell of their own; when more wait, the last cell says
 *   how many more
 */
guint
ma_address_space_layout_waiters_shown (const MaAddressSpaceLayout *l,
                                       guint                       n_waiters)
{
  guint room = l->waiter_cols * l->waiter_rows;

  return n_waiters <= room ? n_waiters : room - 1;
}

/* The y of an address inside an area's stretch of the bar: the top is the area's end. */
double
ma_address_space_layout_y_of (const MaAddressSpaceLayout *l,
                              const MaVirtualArea        *areas,
                              guint                       area,
                              guint64                     address)
{
  const MaAsRect *r = &l->area_rects[area];
  const MaVirtualArea *a = &areas[area];
  guint64 clamped = CLAMP (address, a->start, a->end);

  return r->y + r->height * (double) (a->end - clamped) / (double) (a->end - a->start);
}

static gboolean
inside (const MaAsRect *r,
        double          x,
        double          y)
{
  return x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height;
}

/**
 * ma_address_space_layout_hit:
 * @n_waiters: how many tasks wait for a PKMAP slot
 * @out_hit: (out): what is at (@x, @y)
 *
 * Returns: whether something is there
 */
gboolean
ma_address_space_layout_hit (const MaAddressSpaceLayout *l,
                             const MaVirtualArea        *areas,
                             guint                       n_waiters,
                             double                      x,
                             double                      y,
                             MaAsHit                    *out_hit)
{
  MaAsRect band;

  memset (out_hit, 0, sizeof *out_hit);
  out_hit->kind = MA_AS_HIT_NONE;

  /* the bar, its ruler and its labels: one band across */
  band = rect (l->labels.x, l->bar.y, l->bar.x + l->bar.width - l->labels.x, l->bar.height);
  if (inside (&band, x, y))
    {
      for (guint i = 0; i < l->n_areas; i++)
        {
          const MaAsRect *r = &l->area_rects[i];
          const MaVirtualArea *a = &areas[i];
          double t;
          guint64 offset;

          if (y < r->y || y >= r->y + r->height)
            continue;
          /* the top of the area is its end: a page's address from the distance below it */
          t = (y - r->y) / r->height;
          offset = (guint64) ((1.0 - t) * (double) (a->end - a->start));
          out_hit->kind = MA_AS_HIT_AREA;
          out_hit->area = i;
          out_hit->address = MIN (a->start + offset, a->end - 1) & ~G_GUINT64_CONSTANT (0xfff);
          return TRUE;
        }
      return FALSE;
    }

  if (inside (&l->grid, x, y))
    {
      guint col = (guint) ((x - l->grid.x) / l->cell);
      guint row = (guint) ((y - l->grid.y) / l->cell);
      guint slot = row * l->grid_cols + col;

      if (col >= l->grid_cols || slot >= l->last_pkmap)
        return FALSE;
      out_hit->kind = MA_AS_HIT_PKMAP_SLOT;
      out_hit->index = slot;
      return TRUE;
    }

  if (inside (&l->stacks, x, y) && l->slot_height > 0)
    {
      guint cpu = (guint) ((x - l->stacks.x) / (l->stack_width + l->stack_gap));
      MaAsRect col;
      double from_top;

      if (cpu >= l->n_cpus)
        return FALSE;
      col = ma_address_space_layout_stack_column (l, cpu);
      from_top = y - col.y - l->stack_header;
      if (x >= col.x + col.width || from_top < 0)
        return FALSE;
      out_hit->kind = MA_AS_HIT_ATOMIC_SLOT;
      out_hit->cpu = cpu;
      out_hit->index = l->stack_slots - 1 - MIN ((guint) (from_top / l->slot_height),
                                                 l->stack_slots - 1);
      return TRUE;
    }

  if (inside (&l->waiters, x, y))
    {
      guint col = (guint) ((x - l->waiters.x) / l->waiter_width);
      guint row = (guint) ((y - l->waiters.y) / l->waiter_height);
      guint index = row * l->waiter_cols + col;

      if (col >= l->waiter_cols || index >= ma_address_space_layout_waiters_shown (l, n_waiters))
        return FALSE;
      out_hit->kind = MA_AS_HIT_WAITER;
      out_hit->index = index;
      return TRUE;
    }
  return FALSE;
}

/* The CPU whose column is nearest to x, and the grid column nearest to x. */
static guint
cpu_near (const MaAddressSpaceLayout *l,
          double                      x)
{
  double step = l->stack_width + l->stack_gap;

  return step > 0 ? MIN ((guint) MAX ((x - l->stacks.x) / step, 0), l->n_cpus - 1) : 0;
}

static guint
grid_col_near (const MaAddressSpaceLayout *l,
               double                      x)
{
  return l->cell > 0 ? MIN ((guint) MAX ((x - l->grid.x) / l->cell, 0), l->grid_cols - 1) : 0;
}

/**
 * ma_address_space_layout_move:
 * @cursor: (inout): the slot the keyboard cursor is on
 *
 * Moves the keyboard cursor as the arrow keys do: within the PKMAP grid by cells, within a stack
 * by positions and across CPUs, and between the stacks (above the grid), the grid and the wait
 * queue (below it) where they meet. Home and End go to the first and last slot of the part the
 * cursor is in. A cursor on nothing goes to slot 0 of the grid.
 *
 * Returns: whether the cursor moved
 */
gboolean
ma_address_space_layout_move (const MaAddressSpaceLayout *l,
                              guint                       n_waiters,
                              MaAsHit                    *cursor,
                              MaAsMove                    move)
{
  MaAsHit next = *cursor;
  guint shown = ma_address_space_layout_waiters_shown (l, n_waiters);

  if (l->last_pkmap == 0)
    return FALSE;

  switch (cursor->kind)
    {
    case MA_AS_HIT_PKMAP_SLOT:
      {
        guint col = cursor->index % l->grid_cols, row = cursor->index / l->grid_cols;

        switch (move)
          {
          case MA_AS_MOVE_LEFT:
            if (col > 0)
              next.index--;
            break;
          case MA_AS_MOVE_RIGHT:
            if (col + 1 < l->grid_cols && cursor->index + 1 < l->last_pkmap)
              next.index++;
            break;
          case MA_AS_MOVE_UP:
            if (row > 0)
              next.index -= l->grid_cols;
            else if (l->n_cpus > 0 && l->stack_slots > 0)
              {
                MaAsRect cell = ma_address_space_layout_pkmap_cell (l, cursor->index);

                next.kind = MA_AS_HIT_ATOMIC_SLOT;
                next.cpu = cpu_near (l, cell.x + cell.width / 2);
                next.index = 0;
              }
            break;
          case MA_AS_MOVE_DOWN:
            if (cursor->index + l->grid_cols < l->last_pkmap)
              next.index += l->grid_cols;
            else if (shown > 0)
              {
                MaAsRect cell = ma_address_space_layout_pkmap_cell (l, cursor->index);
                double step = l->waiter_width > 0 ? l->waiter_width : 1;

                next.kind = MA_AS_HIT_WAITER;
                next.index = MIN ((guint) MAX ((cell.x - l->waiters.x) / step, 0),
                                  MIN (l->waiter_cols, shown) - 1);
              }
            break;
          case MA_AS_MOVE_HOME:
            next.index = 0;
            break;
          case MA_AS_MOVE_END:
            next.index = l->last_pkmap - 1;
            break;
          }
        break;
      }

    case MA_AS_HIT_ATOMIC_SLOT:
      switch (move)
        {
        case MA_AS_MOVE_LEFT:
          if (cursor->cpu > 0)
            next.cpu--;
          break;
        case MA_AS_MOVE_RIGHT:
          if (cursor->cpu + 1 < l->n_cpus)
            next.cpu++;
          break;
        case MA_AS_MOVE_UP:
          if (cursor->index + 1 < l->stack_slots)
            next.index++;
          break;
        case MA_AS_MOVE_DOWN:
          if (cursor->index > 0)
            next.index--;
          else
            {
              MaAsRect col = ma_address_space_layout_stack_column (l, cursor->cpu);

              next.kind = MA_AS_HIT_PKMAP_SLOT;
              next.index = grid_col_near (l, col.x + col.width / 2);
            }
          break;
        case MA_AS_MOVE_HOME:
          next.index = 0;
          break;
        case MA_AS_MOVE_END:
          next.index = l->stack_slots - 1;
          break;
        }
      break;

    case MA_AS_HIT_WAITER:
      switch (move)
        {
        case MA_AS_MOVE_LEFT:
          if (cursor->index > 0)
            next.index--;
          break;
        case MA_AS_MOVE_RIGHT:
          if (cursor->index + 1 < shown)
            next.index++;
          break;
        case MA_AS_MOVE_UP:
          if (cursor->index >= l->waiter_cols)
            next.index -= l->waiter_cols;
          else
            {
              MaAsRect cell = ma_address_space_layout_waiter_cell (l, cursor->index);
              guint col = grid_col_near (l, cell.x);

              next.kind = MA_AS_HIT_PKMAP_SLOT;
              next.index = MIN ((l->grid_rows - 1) * l->grid_cols + col, l->last_pkmap - 1);
            }
          break;
        case MA_AS_MOVE_DOWN:
          if (cursor->index + l->waiter_cols < shown)
            next.index += l->waiter_cols;
          break;
        case MA_AS_MOVE_HOME:
          next.index = 0;
          break;
        case MA_AS_MOVE_END:
          next.index = shown > 0 ? shown - 1 : 0;
          break;
        }
      break;

    case MA_AS_HIT_NONE:
    case MA_AS_HIT_AREA:
    default:
      next.kind = MA_AS_HIT_PKMAP_SLOT;
      next.index = 0;
      next.cpu = 0;
      break;
    }

  if (next.kind == cursor->kind && next.index == cursor->index && next.cpu == cursor->cpu)
    return FALSE;
  *cursor = next;
  return TRUE;
}
