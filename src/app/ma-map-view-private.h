/* ma-map-view-private.h: the map widget's state, shared by its drawing and input files
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-map-picture.h"
#include "ma-map-view.h"

G_BEGIN_DECLS

/* A block to outline for a moment: the engine split or merged it. */
typedef struct
{
  guint64  pfn;
  guint    order;
  gboolean merge;
  gint64   start;    /* monotonic time */
} MaMapFlash;

struct _MaMapView
{
  GtkWidget      parent_instance;

  MaMachine     *machine;
  MaMapRenderer *renderer;
  MaMapPicture  *picture;
  MaViewport    *viewport;
  MaColorMode    mode;
  gboolean       reconstructed;
  gboolean       dark;

  /* The cached picture: one texture per tile of the picture. */
  GPtrArray     *textures;     /* GdkTexture, NULL until drawn */
  GArray        *serials;      /* guint64 per tile */
  GArray        *overlay;      /* MaMapOverlayItem; NULL when the view changed */

  gint64         selected_pfn;
  gint64         hover_pfn;
  GArray        *flashes;      /* MaMapFlash */
  GSimpleActionGroup *actions; /* the map.* actions, for widgets outside the map */

  gboolean       drawn;
  guint          drawn_idle_id;
  guint          poll_id;
  guint          tick_id;
  gint64         last_news;    /* when events last arrived */
  guint          a11y_id;
  char          *pending_view;
  gulong         changed_id;
  gulong         style_id;

  /* input */
  gboolean       has_pointer;
  double         pointer_x;
  double         pointer_y;
  double         drag_center_x;
  double         drag_center_y;
  gboolean       dragging;
  double         pinch_zoom;
  double         pinch_map_x;
  double         pinch_map_y;

  /* kinetic panning, pixels per second */
  double         kinetic_vx;
  double         kinetic_vy;
  gint64         kinetic_time;

  /* animated zoom: from the current view to a target */
  gboolean       animating;
  gboolean       anim_fit;       /* the animation ends showing the whole map */
  gint64         anim_start;
  double         anim_from[3];   /* log zoom, centre x, centre y */
  double         anim_to[3];
};

/* ma-map-view.c */
void     ma_map_view_emit_activated    (MaMapView       *self,
                                        guint64          pfn,
                                        guint            button,
                                        GdkModifierType  state);
void     ma_map_view_emit_hovered      (MaMapView       *self,
                                        gint64           pfn);

/* ma-map-view-input.c */
void     ma_map_view_input_class_init  (GtkWidgetClass *widget_class);
void     ma_map_view_input_init        (MaMapView      *self);
gboolean ma_map_view_input_tick        (MaMapView      *self,
                                        gint64          now);
void     ma_map_view_animate_to        (MaMapView      *self,
                                        double          zoom,
                                        double          center_x,
                                        double          center_y);
void     ma_map_view_stop_motion       (MaMapView      *self);
void     ma_map_view_ensure_tick       (MaMapView      *self);
void     ma_map_view_update_hover      (MaMapView      *self);

/* ma-map-view-a11y.c */
void     ma_map_view_queue_a11y_update (MaMapView      *self);
char    *ma_map_view_describe_frame    (MaMapView      *self,
                                        guint64         pfn,
                                        gboolean        markup);

G_END_DECLS
