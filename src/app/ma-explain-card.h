/* ma-explain-card.h: one zone explained: printed and computed watermarks and protection, the
 * verdict, the arithmetic, and the fragmentation per order
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-explain-model.h"

G_BEGIN_DECLS

#define MA_TYPE_EXPLAIN_CARD (ma_explain_card_get_type ())

G_DECLARE_FINAL_TYPE (MaExplainCard, ma_explain_card, MA, EXPLAIN_CARD, GtkWidget)

GtkWidget      *ma_explain_card_new             (const char          *printed_title,
                                                 const char          *computed_title);
void            ma_explain_card_set_zone        (MaExplainCard       *self,
                                                 const MaExplainZone *zone);
void            ma_explain_card_set_free_blocks (MaExplainCard       *self,
                                                 const guint64       *nr_free,
                                                 guint                n_orders,
                                                 guint                pageblock_order);

void            ma_explain_style_init           (void);
const char     *ma_explain_verdict_label        (MaCheckVerdict       verdict);

G_END_DECLS
