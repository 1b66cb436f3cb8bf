/* ma-zone-card.h
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ma-machine.h"

G_BEGIN_DECLS

#define MA_TYPE_ZONE_CARD (ma_zone_card_get_type ())

G_DECLARE_FINAL_TYPE (MaZoneCard, ma_zone_card, MA, ZONE_CARD, GtkWidget)

GtkWidget *ma_zone_card_new     (MaZone     *zone);
MaZone    *ma_zone_card_get_zone (MaZoneCard *self);
void       ma_zone_card_update  (MaZoneCard *self,
                                 MaGfp       gfp,
                                 guint       order);

G_END_DECLS
