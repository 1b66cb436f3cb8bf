/* ma-address-space-render.h: the address-space view's picture, drawn with cairo
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-address-space-layout.h"
#include "ma-address-space-state.h"

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA fg;
  GdkRGBA area[MA_N_VAREA_KINDS];
  GdkRGBA slot_free;        /* pkmap_count 0 */
  GdkRGBA slot_flush;       /* 1: no users, mapped until the next flush */
  GdkRGBA slot_used;        /* 2: one user */
  GdkRGBA slot_shared;      /* 3 or more: several users */
  GdkRGBA atomic;           /* an atomic slot in use */
  GdkRGBA waiter;           /* a task asleep on the wait queue */
  GdkRGBA highlight;        /* where the highlighted frame is mapped */
  GdkRGBA on_fill;          /* text on the coloured fills */
} MaAsPalette;

void ma_address_space_palette     (gboolean                    dark,
                                   const GdkRGBA              *fg,
                                   MaAsPalette                *out);
void ma_address_space_render      (cairo_t                    *cr,
                                   PangoContext               *context,
                                   const MaAddressSpaceLayout *layout,
                                   const MaAddressSpaceState  *state,
                                   const MaAsPalette          *palette);
void ma_address_space_render_empty (cairo_t                   *cr,
                                    PangoContext              *context,
                                    int                        width,
                                    int                        height,
                                    const MaAsPalette         *palette);
void ma_address_space_draw_text   (cairo_t                    *cr,
                                   PangoContext               *context,
                                   const char                 *markup,
                                   const MaAsRect             *box,
                                   double                      size_pt,
                                   PangoAlignment              align,
                                   gboolean                    centre_y,
                                   const GdkRGBA              *color);
void ma_address_space_draw_lines  (cairo_t                    *cr,
                                   PangoContext               *context,
                                   const char                 *markup,
                                   const MaAsRect             *box,
                                   double                      size_pt,
                                   int                         max_lines,
                                   const GdkRGBA              *color);

G_END_DECLS
