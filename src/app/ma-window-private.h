/* ma-window-private.h: the window's parts, shared by ma-window.c and ma-window-actions.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-address-space-view.h"
#include "ma-alloc-control.h"
#include "ma-event-log.h"
#include "ma-explain-panel.h"
#include "ma-frame-timer.h"
#include "ma-inspector.h"
#include "ma-kmap-controls.h"
#include "ma-load-panel.h"
#include "ma-map-view.h"
#include "ma-playback-bar.h"
#include "ma-snapshot.h"
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
  GtkStack             *side_stack;
  GtkWidget            *inspector_scroller;
  GtkBox               *inspector_box;
  MaZonePanel          *zone_panel;
  MaLoadPanel          *load_panel;
  MaExplainPanel       *explain_panel;
  MaMapView            *map_view;
  MaInspector          *inspector;
  GtkOverlay           *map_overlay;
  GtkMenuButton        *source_badge;
  GtkLabel             *notes_label;
  GtkWidget            *dock;
  GtkStack             *dock_stack;
  MaPlaybackBar        *playback_bar;
  GtkBox               *charts_box;
  MaEventLog           *event_log;
  GtkStackPage         *address_page;
  MaAddressSpaceView   *address_view;
  MaKmapControls       *kmap_controls;
  GMenu                *presets_section;
  GMenu                *recent_section;

  GSettings            *settings;
  MaSession            *session;
  char                 *source;          /* "preset:NAME", "file:URI", "live" */
  char                 *source_title;
  gulong                changed_id;

  /* a snapshot source: what it was, and what rebuilding it had to say */
  MaSnapshot           *snapshot;
  GPtrArray            *notes;

  /* pressure: the simulation over the session's machine (ma-window-pressure.c) */
  MaSimulation         *simulation;
  GPtrArray            *charts;          /* MaChart*, two per zone */
  MaFrameTimer         *frame_timer;
  gboolean              print_frame_stats;

  /* live: this machine's /proc, captured every few seconds (ma-window-sources.c) */
  guint                 live_source_id;
  guint                 live_errors;
  gboolean              live_busy;       /* a capture is running in its thread */
  gboolean              live_started;    /* the first capture arrived */
  MaMachine            *live_latest;     /* the machine of the last capture, as it was */
  MaMachine            *compare_mark;    /* a moment kept to compare with */
  char                 *compare_mark_title;

  /* unsaved changes (ma-window-actions.c): the undo step and simulated tick at the last open
   * or save; the question asked before closing */
  guint64               clean_undo_serial;
  guint64               clean_tick;
  gboolean              dirty;
  gboolean              close_confirmed;
  gboolean              quit_after_close;
  GtkWidget            *close_dialog;   /* AdwAlertDialog, or AdwMessageDialog before 1.5 */

  /* --screenshot */
  char                 *screenshot_path;
  char                 *screenshot_view;
  gboolean              screenshot_taken;
  char                 *requested_page;  /* --page */
};

void ma_window_install_actions     (GtkWidgetClass *widget_class);
void ma_window_install_source_actions (GtkWidgetClass *widget_class);
void ma_window_sources_init        (MaWindow       *self);
void ma_window_sources_dispose     (MaWindow       *self);
void ma_window_stop_live           (MaWindow       *self);
void ma_window_start_live          (MaWindow       *self);
void ma_window_sources_settings_ready (MaWindow    *self);
void ma_window_update_badge        (MaWindow       *self);
void ma_window_set_source          (MaWindow       *self,
                                    MaSession      *session,
                                    MaSnapshot     *snapshot,
                                    GPtrArray      *notes,
                                    const char     *source,
                                    const char     *title);
void ma_window_update_title        (MaWindow       *self);
gboolean ma_window_load_text       (MaWindow       *self,
                                    const char     *text,
                                    GError        **error);
gboolean ma_window_is_live         (MaWindow       *self);
void ma_window_set_snapshot_machine (MaWindow      *self,
                                    MaMachine      *machine,
                                    MaSnapshot     *snapshot,
                                    GPtrArray      *notes,
                                    const char     *source,
                                    const char     *title);
void ma_window_remember_recent     (MaWindow       *self,
                                    GFile          *file);
void ma_window_pressure_init       (MaWindow       *self);
void ma_window_install_pressure_actions (GtkWidgetClass *widget_class);
void ma_window_pressure_set_machine (MaWindow      *self,
                                    MaMachine      *machine,
                                    gboolean        recorder);
void ma_window_pressure_dispose    (MaWindow       *self);
void ma_window_pressure_refresh    (MaWindow       *self);
gboolean ma_window_is_simulating   (MaWindow       *self);
void ma_window_update_actions      (MaWindow       *self);
void ma_window_set_session         (MaWindow       *self,
                                    MaSession      *session,
                                    const char     *source,
                                    const char     *title);
void ma_window_refresh             (MaWindow       *self);
void ma_window_screenshot_when_drawn (MaWindow     *self);
void ma_window_select_pfn          (MaWindow       *self,
                                    gint64          pfn);
void ma_window_allocate_at         (MaWindow       *self,
                                    gint64          pfn);
void ma_window_free_at             (MaWindow       *self,
                                    guint64         pfn);
void ma_window_toast               (MaWindow       *self,
                                    const char     *text);
gboolean ma_window_write_file      (GFile          *file,
                                    const void     *data,
                                    gsize           length,
                                    GError        **error);
gboolean ma_window_save_to_file    (MaWindow       *self,
                                    GFile          *file,
                                    GError        **error);
gboolean ma_window_can_save        (MaWindow       *self);
void ma_window_mark_clean          (MaWindow       *self);
void ma_window_update_dirty        (MaWindow       *self);
gboolean ma_window_close_request   (GtkWindow      *window);
GtkWidget *ma_window_get_close_dialog (MaWindow    *self);
const char *ma_window_get_notes_text (MaWindow     *self);

G_END_DECLS
