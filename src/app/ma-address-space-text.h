/* ma-address-space-text.h: the address-space view's words: where a frame is mapped, what a slot
 * or an area is, and the whole layout for assistive technologies
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-address-space-layout.h"
#include "ma-address-space-state.h"

G_BEGIN_DECLS

char    *ma_address_space_describe_pfn    (MaMachine                 *machine,
                                           gint64                     pfn);
char    *ma_address_space_describe_hit    (MaMachine                 *machine,
                                           const MaAddressSpaceState *state,
                                           const MaAsHit             *hit,
                                           gboolean                   enlarged);
char    *ma_address_space_describe_layout (const MaAddressSpaceState *state);
char    *ma_address_space_format_range    (guint64                    start,
                                           guint64                    end);
const char *ma_address_space_atomic_name  (const MaHighmemLayout     *layout);
gint64   ma_address_space_hit_pfn         (const MaAddressSpaceState *state,
                                           const MaAsHit             *hit);

G_END_DECLS
