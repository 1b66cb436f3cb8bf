/* ma-session.h: a simulation a user can save: a machine, a seed and what the user did
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-alloc.h"

G_BEGIN_DECLS

#define MA_TYPE_SESSION (ma_session_get_type ())

G_DECLARE_FINAL_TYPE (MaSession, ma_session, MA, SESSION, GObject)

#define MA_SESSION_ERROR (ma_session_error_quark ())

typedef enum
{
  MA_SESSION_ERROR_PARSE,
  MA_SESSION_ERROR_REPLAY,
} MaSessionError;

GQuark      ma_session_error_quark   (void);

MaSession  *ma_session_new           (const MaMachineSpec  *spec,
                                      guint64               seed,
                                      GError              **error);
MaSession  *ma_session_new_from_json (const char           *json,
                                      gssize                length,
                                      const char           *source_name,
                                      GError              **error);
MaSession  *ma_session_new_for_machine (MaMachine          *machine);
gboolean    ma_session_can_save      (MaSession            *self);
MaMachine  *ma_session_get_machine   (MaSession            *self);
guint       ma_session_get_n_actions (MaSession            *self);

gboolean    ma_session_alloc         (MaSession            *self,
                                      const MaAllocRequest *request,
                                      guint64              *out_pfn,
                                      MaAllocResult        *result);
gboolean    ma_session_free          (MaSession            *self,
                                      guint64               pfn,
                                      GError              **error);
gboolean    ma_session_set_sysctl    (MaSession            *self,
                                      const char           *name,
                                      const char           *value,
                                      GError              **error);
gboolean    ma_session_drain_pcp     (MaSession            *self);
gboolean    ma_session_undo          (MaSession            *self);
gboolean    ma_session_redo          (MaSession            *self);
char       *ma_session_to_json       (MaSession            *self);

G_END_DECLS
