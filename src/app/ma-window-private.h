/* ma-window-private.h: the window's parts, shared by ma-window.c and ma-window-actions.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-alloc-control.h"
#include "ma-inspector.h"
#include "ma-map-view.h"
#include "ma-window.h"
#include "ma-zone-panel.h"

G_BEGIN_DECLS

struct _MaWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  GtkToggleButton      *sidebar_button;
  GtkToggleButton      *inspector_button;
  MaAllocControl       *alloc_control;
  GtkRevealer          *message_revealer;
  GtkLabel             *message_label;
  GtkImage             *message_icon;
  GtkWidget            *sidebar;
  GtkWidget            *inspector_scroller;
  MaZonePanel          *zone_panel;
  MaMapView            *map_view;
  MaInspector          *inspector;
  GtkOverlay           *map_overlay;
  GMenu                *presets_section;

  GSettings            *settings;
  MaSession            *session;
  char                 *source;          /* "preset:NAME", "file:URI" */
  char                 *source_title;
  gulong                changed_id;

  /* --screenshot */
  char                 *screenshot_path;
  char                 *screenshot_view;
};

void ma_window_install_actions     (GtkWidgetClass *widget_class);
void ma_window_update_actions      (MaWindow       *self);
void ma_window_set_session         (MaWindow       *self,
                                    MaSession      *session,
                                    const char     *source,
                                    const char     *title);
void ma_window_refresh             (MaWindow       *self);
void ma_window_allocate_at         (MaWindow       *self,
                                    gint64          pfn);
void ma_window_free_at             (MaWindow       *self,
                                    guint64         pfn);
void ma_window_toast               (MaWindow       *self,
                                    const char     *text);

G_END_DECLS
