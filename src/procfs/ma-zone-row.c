/* ma-zone-row.c: the "Node N, zone NAME" prefix shared by buddyinfo and pagetypeinfo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-zone-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-zone-row.h"

gboolean
ma_zone_row_parse (const MaLineScanner *s,
                   MaZoneRow           *row,
                   GError             **error)
{
  const char *end = s->line_end;
  const char *q = ma_skip_blanks (s->line, end);
  const char *w_end = ma_word_end (q, end);
  guint64 node_id;
  MaNumberStatus st;

  if (!MA_WORD_IS (q, w_end, "Node"))
    return FALSE;

  q = ma_skip_blanks (w_end, end);
  st = ma_parse_u64 (&q, end, &node_id);
  if (st != MA_NUMBER_OK || node_id > G_MAXUINT32)
    {
      ma_scan_set_number_error (error, s, st == MA_NUMBER_OK ? MA_NUMBER_OVERFLOW : st,
                                "Node", q, end);
      return FALSE;
    }
  q = ma_skip_blanks (q, end);
  if (q >= end || *q != ',')
    goto bad;
  q = ma_skip_blanks (q + 1, end);
  if (end - q < 4 || memcmp (q, "zone", 4) != 0 || (end - q > 4 && !ma_is_blank (q[4])))
    goto bad;
  q = ma_skip_blanks (q + 4, end);

  row->node_id = (guint32) node_id;
  row->name = q;
  row->name_end = ma_token_end (q, end);
  if (row->name_end == row->name)
    goto bad;
  row->comma = row->name_end[-1] == ',';
  if (row->comma)
    row->name_end--;
  if (row->name_end == row->name)
    goto bad;
  row->rest = ma_skip_blanks (row->comma ? row->name_end + 1 : row->name_end, end);
  return TRUE;

bad:
  {
    g_autofree char *quoted = ma_scan_quote (s->line, end);
    ma_scan_set_error (error, s, MA_PROCFS_ERROR_SYNTAX,
                       _("expected “Node N, zone NAME”, found %s"), quoted);
  }
  return FALSE;
}

int
ma_zone_row_counts (const MaLineScanner *s,
                    const char          *p,
                    guint64             *counts,
                    guint8              *capped,
                    guint                max_counts,
                    const char          *what,
                    GError             **error)
{
  const char *end = s->line_end;
  guint n = 0;

  p = ma_skip_blanks (p, end);
  while (p < end)
    {
      const char *tok = p;
      gboolean is_capped = FALSE;
      MaNumberStatus st;
      guint64 v;

      /* Since ≈5.4 pagetypeinfo caps each count at 100000 and prints ">100000". */
      if (*p == '>' && capped != NULL)
        {
          is_capped = TRUE;
          p++;
        }
      /* block counts are never negative */
      st = p < end && *p == '-' ? MA_NUMBER_MISSING : ma_parse_u64_token (&p, end, &v);
      if (st != MA_NUMBER_OK)
        {
          ma_scan_set_number_error (error, s, st, what, tok, end);
          return -1;
        }
      if (n >= max_counts)
        {
          ma_scan_set_error (error, s, MA_PROCFS_ERROR_RANGE,
                             _("more than %u columns of counts"), max_counts);
          return -1;
        }
      counts[n] = v;
      if (capped != NULL)
        capped[n] = is_capped;
      n++;
      p = ma_skip_blanks (p, end);
    }

  return (int) n;
}
