/* ma-map-classify.h: sorting page frames into the categories of a colour mode
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-frame-layout.h"
#include "ma-map-palette.h"

G_BEGIN_DECLS

/* orders[] value for frames that belong to no buddy block (per-CPU, reserved, hole, none). */
#define MA_MAP_NOT_A_BLOCK 0xff

typedef struct _MaMapClassifier MaMapClassifier;

MaMapClassifier *ma_map_classifier_new  (MaMachine          *machine,
                                         MaColorMode         mode);
void             ma_map_classifier_free (MaMapClassifier    *self);
MaColorMode      ma_map_classifier_get_mode (MaMapClassifier *self);
void             ma_map_classify        (MaMapClassifier    *self,
                                         const MaLayoutZone *zone,
                                         guint64             pfn,
                                         guint               n,
                                         guint8             *cats,
                                         guint8             *orders);
guint8           ma_map_classify_frame  (MaMapClassifier    *self,
                                         const MaLayoutZone *zone,
                                         guint64             pfn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaMapClassifier, ma_map_classifier_free)

G_END_DECLS
