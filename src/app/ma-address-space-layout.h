/* ma-address-space-layout.h: where the address-space view draws what, and what is at a point
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-highmem.h"

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} MaAsRect;

/**
 * MaAsHitKind:
 * @MA_AS_HIT_NONE: nothing there
 * @MA_AS_HIT_AREA: an area of the address bar (or its label): @area, @address
 * @MA_AS_HIT_PKMAP_SLOT: a cell of the PKMAP grid: @index is the slot
 * @MA_AS_HIT_ATOMIC_SLOT: a slot of a CPU's kmap_atomic stack: @cpu, @index is the position
 * @MA_AS_HIT_WAITER: a task on the pkmap wait queue: @index is its place in the queue
 */
typedef enum
{
  MA_AS_HIT_NONE,
  MA_AS_HIT_AREA,
  MA_AS_HIT_PKMAP_SLOT,
  MA_AS_HIT_ATOMIC_SLOT,
  MA_AS_HIT_WAITER,
} MaAsHitKind;

typedef struct
{
  MaAsHitKind kind;
  guint       area;
  guint64     address;   /* AREA: the page under the point */
  guint       cpu;
  guint       index;
} MaAsHit;

typedef enum
{
  MA_AS_MOVE_LEFT,
  MA_AS_MOVE_RIGHT,
  MA_AS_MOVE_UP,
  MA_AS_MOVE_DOWN,
  MA_AS_MOVE_HOME,
  MA_AS_MOVE_END,
} MaAsMove;

/* The smallest height of an area of the bar: two lines of label; holes get one. */
#define MA_AS_AREA_MIN_HEIGHT   28
#define MA_AS_UNUSED_MIN_HEIGHT 14

/**
 * MaAddressSpaceLayout:
 *
 * The geometry of the view for one size: the address bar with its labels (high addresses at the
 * top), and to its right the per-CPU kmap_atomic stacks, the PKMAP grid and the wait queue, from
 * top to bottom in the order their areas have on the bar, so the callouts from the bar do not
 * cross. A status line sits above, the legend below.
 */
typedef struct
{
  int       width;
  int       height;
  guint     n_areas;
  guint     last_pkmap;
  guint     n_cpus;
  guint     stack_slots;

  MaAsRect  status;
  MaAsRect  labels;
  MaAsRect  ruler;
  MaAsRect  bar;
  MaAsRect *area_rects;    /* [n_areas], in the areas' order: the first is at the bottom */
  gboolean *enlarged;      /* [n_areas]: drawn larger than the bar's scale */

  MaAsRect  stacks_title;
  MaAsRect  stacks;        /* every CPU's column, headers included */
  double    stack_width;
  double    stack_gap;
  double    stack_header;
  double    slot_height;

  MaAsRect  grid_title;
  MaAsRect  grid;
  guint     grid_cols;
  guint     grid_rows;
  double    cell;

  MaAsRect  waiters_title;
  MaAsRect  waiters;
  guint     waiter_cols;
  guint     waiter_rows;
  double    waiter_width;
  double    waiter_height;

  MaAsRect  legend;
  guint     legend_cols;
  double    legend_width;
} MaAddressSpaceLayout;

#define MA_AS_N_LEGEND_ENTRIES 8

void     ma_address_space_bar_heights      (const MaVirtualArea        *areas,
                                            guint                       n_areas,
                                            double                      total,
                                            double                     *out_heights,
                                            gboolean                   *out_enlarged);
void     ma_address_space_layout_measure   (guint                       n_areas,
                                            guint                       last_pkmap,
                                            guint                       n_cpus,
                                            guint                       stack_slots,
                                            int                        *min_width,
                                            int                        *min_height,
                                            int                        *nat_width,
                                            int                        *nat_height);
void     ma_address_space_layout_init      (MaAddressSpaceLayout       *layout,
                                            const MaVirtualArea        *areas,
                                            guint                       n_areas,
                                            guint                       last_pkmap,
                                            guint                       n_cpus,
                                            guint                       stack_slots,
                                            int                         width,
                                            int                         height);
void     ma_address_space_layout_clear     (MaAddressSpaceLayout       *layout);

MaAsRect ma_address_space_layout_pkmap_cell  (const MaAddressSpaceLayout *layout,
                                              guint                       slot);
MaAsRect ma_address_space_layout_stack_column (const MaAddressSpaceLayout *layout,
                                               guint                       cpu);
MaAsRect ma_address_space_layout_atomic_cell (const MaAddressSpaceLayout *layout,
                                              guint                       cpu,
                                              guint                       pos);
MaAsRect ma_address_space_layout_waiter_cell (const MaAddressSpaceLayout *layout,
                                              guint                       index);
MaAsRect ma_address_space_layout_legend_cell (const MaAddressSpaceLayout *layout,
                                              guint                       index);
double   ma_address_space_layout_y_of      (const MaAddressSpaceLayout *layout,
                                            const MaVirtualArea        *areas,
                                            guint                       area,
                                            guint64                     address);
gboolean ma_address_space_layout_hit       (const MaAddressSpaceLayout *layout,
                                            const MaVirtualArea        *areas,
                                            guint                       n_waiters,
                                            double                      x,
                                            double                      y,
                                            MaAsHit                    *out_hit);
gboolean ma_address_space_layout_move      (const MaAddressSpaceLayout *layout,
                                            guint                       n_waiters,
                                            MaAsHit                    *cursor,
                                            MaAsMove                    move);
guint    ma_address_space_layout_waiters_shown (const MaAddressSpaceLayout *layout,
                                                guint                       n_waiters);

G_END_DECLS
