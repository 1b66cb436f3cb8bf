/* ma-announce.h: telling screen readers about a change
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ma_announce (GtkAccessible *accessible,
                  const char    *text);

G_END_DECLS
