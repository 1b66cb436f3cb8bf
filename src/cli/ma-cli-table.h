/* ma-cli-table.h: text columns of the CLI's tables, padded by what a terminal shows
 *
 * printf's %-Ns pads by bytes, so a translated header with a letter outside ASCII (“Größe”)
 * comes out a column short. These pad by display width: most characters take one column, East
 * Asian wide ones two, combining marks none.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint ma_cli_text_width (const char *text);
void  ma_cli_print_padded (const char *text, guint width);
void  ma_cli_print_padded_right (const char *text, guint width);
guint ma_cli_max_width (const char * const *texts, guint n);

G_END_DECLS
