/* ma-zone-row.h: the "Node N, zone NAME" prefix shared by buddyinfo and pagetypeinfo (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-line-scanner.h"

G_BEGIN_DECLS

typedef struct
{
  guint32     node_id;
  const char *name;        /* zone name, not NUL-terminated */
  const char *name_end;    /* without a trailing ',' */
  gboolean    comma;       /* the name was followed by ',' (pagetypeinfo's ", type X") */
  const char *rest;        /* first non-blank after the name (and its comma) */
} MaZoneRow;

/* Reads "Node N, zone NAME" at the start of the current line. Returns FALSE if the line does
 * not start with "Node"; sets *error only if it starts with "Node" but is malformed. */
gboolean ma_zone_row_parse (const MaLineScanner *s,
                            MaZoneRow           *row,
                            GError             **error);

/* Reads count columns ("N" or ">N" when capped is not NULL) up to the end of the line.
 * Returns the number read, or -1 with *error set. */
int      ma_zone_row_counts (const MaLineScanner *s,
                             const char          *p,
                             guint64             *counts,
                             guint8              *capped,
                             guint                max_counts,
                             const char          *what,
                             GError             **error);

G_END_DECLS
