/* ma-explain-model.h: what the explain panel shows, computed from a snapshot's check or from a
 * simulated machine (GLib only: no widget here)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"
#include "ma-snapshot-check.h"

G_BEGIN_DECLS

/**
 * MaExplainZone:
 * @node_id: the node number
 * @name: the zone name
 * @type: the zone type, %MA_N_ZONE_TYPES for a name the kernel's formulas do not know
 * @populated: whether the zone has pages
 * @managed: the zone's managed pages today
 * @page_size: the page size in bytes
 * @has_wmarks: whether watermarks are compared
 * @has_promo: whether promo is shown
 * @printed: min, low, high, promo as the source says them (boost included)
 * @computed: the same from the kernel's formulas (boost included)
 * @boost: the boost in @computed (a row is shown when it is not 0)
 * @n_protection: protection entries compared (0: none)
 * @protection_names: the zone each protection entry is for
 * @printed_protection: the protection as the source says it
 * @computed_protection: the protection from the formulas
 * @verdict: exact, explained or unexplained
 * @reason: the verdict in words
 * @watermark_steps: (nullable): the watermark arithmetic, one step per line
 * @protection_steps: (nullable): the protection arithmetic
 *
 * One zone explained: what a card shows.
 */
typedef struct
{
  guint32         node_id;
  const char     *name;
  MaZoneType      type;
  gboolean        populated;
  guint64         managed;
  guint           page_size;
  gboolean        has_wmarks;
  gboolean        has_promo;
  guint64         printed[MA_N_WMARKS];
  guint64         computed[MA_N_WMARKS];
  guint64         boost;
  guint           n_protection;
  const char     *protection_names[MA_N_ZONE_TYPES];
  gint64          printed_protection[MA_N_ZONE_TYPES];
  gint64          computed_protection[MA_N_ZONE_TYPES];
  MaCheckVerdict  verdict;
  const char     *reason;
  const char     *watermark_steps;
  const char     *protection_steps;
} MaExplainZone;

typedef struct _MaExplainModel MaExplainModel;

MaExplainModel      *ma_explain_model_new_from_check   (MaSnapshotCheck      *check,
                                                        MaSnapshot           *snapshot);
MaExplainModel      *ma_explain_model_new_from_machine (MaMachine            *machine);
void                 ma_explain_model_free             (MaExplainModel       *self);

guint                ma_explain_model_get_n_zones      (const MaExplainModel *self);
const MaExplainZone *ma_explain_model_get_zone         (const MaExplainModel *self,
                                                        guint                 index);
const char          *ma_explain_model_get_summary      (const MaExplainModel *self);
const char          *ma_explain_model_get_kernel       (const MaExplainModel *self);
const char          *ma_explain_model_get_sysctls      (const MaExplainModel *self);
const char          *ma_explain_model_get_rules        (const MaExplainModel *self);
const char          *ma_explain_model_get_notes        (const MaExplainModel *self);
gboolean             ma_explain_model_is_simulated     (const MaExplainModel *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaExplainModel, ma_explain_model_free)

G_END_DECLS
