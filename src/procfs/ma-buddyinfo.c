/* ma-buddyinfo.c: /proc/buddyinfo parser
 *
 * One line per populated zone: "Node N, zone NAME" then one count per order. The number of
 * orders is read from the lines (11 on x86, 14 on arm64 with 64 KiB pages, …) and must be the
 * same on every line. Several captures pasted one after another are recognised by a zone that
 * appears a second time: only the first capture is read, with a warning. (Averaging or choosing
 * the last would silently mix moments; the first is what a reader of the text sees first, and
 * the warning tells them the rest was dropped.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-buddyinfo"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-procfs-private.h"

#include "ma-buddyinfo.h"
#include "ma-zone-row.h"

#define MAX_UNKNOWN_LINES 10

struct _MaBuddyinfo
{
  gatomicrefcount ref_count;
  MaNamePool     *names;
  GArray         *zones;    /* MaBuddyinfoZone */
  GArray         *counts;   /* guint64, n_orders per zone */
  GPtrArray      *warnings; /* NULL-terminated */
  guint           n_orders;
};

G_DEFINE_BOXED_TYPE (MaBuddyinfo, ma_buddyinfo, ma_buddyinfo_ref, ma_buddyinfo_unref)

static MaBuddyinfo *
buddyinfo_new (void)
{
  MaBuddyinfo *self = g_new0 (MaBuddyinfo, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->names = ma_name_pool_new ();
  self->zones = g_array_new (FALSE, TRUE, sizeof (MaBuddyinfoZone));
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

/* Σ counts[k]·2^k with overflow checks: a count of 2^60 blocks of order 10 is not a machine. */
static gboolean
sum_pages (const MaLineScanner *s,
           const guint64       *counts,
           guint                n,
           guint64             *out,
           GError             **error)
{
  guint64 total = 0;

  g_assert (n <= MA_BUDDYINFO_MAX_ORDERS);
  for (guint k = 0; k < n; k++)
    {
      guint64 pages;

      if (counts[k] > (G_MAXUINT64 >> k))
        {
          ma_scan_set_error (error, s, MA_PROCFS_ERROR_RANGE,
                             _("%" PRIu64 " free blocks of order %u are too many to be "
                               "real (the page count overflows 64 bits)"), counts[k], k);
          return FALSE;
        }
      pages = counts[k] << k;
      if (total > G_MAXUINT64 - pages)
        {
          ma_scan_set_error (error, s, MA_PROCFS_ERROR_RANGE,
                             _("the free blocks add up to more than 2^64 pages"));
          return FALSE;
        }
      total += pages;
    }
  *out = total;
  return TRUE;
}

static gboolean
parse_line (MaBuddyinfo   *self,
            MaLineScanner *s,
            guint         *n_unknown,
            gboolean      *stop,
            GError       **error)
{
  MaZoneRow row;
  MaBuddyinfoZone zone = { 0 };
  guint64 counts[MA_BUDDYINFO_MAX_ORDERS];
  g_autoptr(GError) row_error = NULL;
  int n;

  if (!ma_zone_row_parse (s, &row, &row_error))
    {
      g_autofree char *q = NULL;

      if (row_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }
      q = ma_scan_quote (ma_skip_blanks (s->line, s->line_end), s->line_end);
      if (self->zones->len == 0)
        {
          ma_scan_set_error (error, s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                             _("expected “Node N, zone NAME” and free block counts, found %s; "
                               "this is not /proc/buddyinfo"), q);
          return FALSE;
        }
      (*n_unknown)++;
      if (*n_unknown <= 5)
        ma_scan_warn (self->warnings, s, _("unrecognised line %s skipped"), q);
      return TRUE;
    }

  if (row.comma || row.rest >= s->line_end || !ma_is_digit (*row.rest))
    {
      g_autofree char *q = ma_scan_quote (s->line, s->line_end);

      if (row.comma)
        ma_scan_set_error (error, s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                           _("%s is a line of /proc/pagetypeinfo, not /proc/buddyinfo"), q);
      else if (row.rest >= s->line_end)
        ma_scan_set_error (error, s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                           _("%s has no free block counts (is this /proc/zoneinfo?)"), q);
      else
        /* Translators: completes “expected a number after “%s”, found %s” */
        ma_scan_set_number_error (error, s, MA_NUMBER_MISSING, _("zone name"), row.rest,
                                  s->line_end);
      return FALSE;
    }

  /* Translators: completes “expected a number after “%s”, found %s” */
  n = ma_zone_row_counts (s, row.rest, counts, NULL, MA_BUDDYINFO_MAX_ORDERS,
                          _("the zone name"), error);
  if (n < 0)
    return FALSE;

  if (self->zones->len == 0)
    self->n_orders = (guint) n;
  else if ((guint) n != self->n_orders)
    {
      ma_scan_set_error (error, s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected %u free block counts like the lines above, found %d"),
                         self->n_orders, n);
      return FALSE;
    }

  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaBuddyinfoZone *z = &g_array_index (self->zones, MaBuddyinfoZone, i);

      if (z->node_id == row.node_id && strlen (z->name) == (gsize) (row.name_end - row.name) &&
          memcmp (z->name, row.name, row.name_end - row.name) == 0)
        {
          ma_scan_warn (self->warnings, s,
                        _("node %u, zone %s appears a second time: a second capture starts here "
                          "and was not read (only the first one is used)"), z->node_id, z->name);
          *stop = TRUE;
          return TRUE;
        }
    }

  if (!sum_pages (s, counts, (guint) n, &zone.free_pages, error))
    return FALSE;

  zone.node_id = row.node_id;
  zone.name = ma_name_pool_intern (self->names, row.name, row.name_end - row.name);
  zone.line = s->line_no;
  zone.n_orders = (guint) n;
  g_array_append_vals (self->counts, counts, (guint) n);
  g_array_append_val (self->zones, zone);
  return TRUE;
}

MaBuddyinfo *
ma_buddyinfo_parse_at (const char  *text,
                       gssize       length,
                       const char  *source_name,
                       guint        first_line,
                       GError     **error)
{
  g_autoptr(MaBuddyinfo) self = NULL;
  MaLineScanner s;
  gsize len;
  guint n_lines = 0;
  guint n_unknown = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source_name == NULL)
    source_name = "buddyinfo";
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!ma_scan_check_text (text, len, source_name, error))
    return NULL;

  self = buddyinfo_new ();
  ma_line_scanner_init (&s, text, len, source_name);
  s.line_no = first_line - 1;

  while (ma_line_scanner_next (&s))
    {
      g_autoptr(GError) local_error = NULL;
      gboolean stop = FALSE;

      if (ma_skip_blanks (s.line, s.line_end) == s.line_end)
        continue;
      n_lines++;

      if (parse_line (self, &s, &n_unknown, &stop, &local_error))
        {
          if (stop)
            break;
          continue;
        }

      if (ma_line_scanner_at_cut_end (&s) && self->zones->len > 0)
        {
          g_autofree char *q = ma_scan_quote (s.line, s.line_end);
          ma_scan_warn (self->warnings, &s, _("the last line %s is cut short and was ignored"), q);
          break;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (self->zones->len == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY, _("%s: the file is empty"),
                   source_name);
      return NULL;
    }
  if (n_unknown > MAX_UNKNOWN_LINES && n_unknown * 4 > n_lines)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: %u of %u lines are not buddyinfo"), source_name, n_unknown, n_lines);
      return NULL;
    }

  for (guint i = 0; i < self->zones->len; i++)
    g_array_index (self->zones, MaBuddyinfoZone, i).counts =
      &g_array_index (self->counts, guint64, i * self->n_orders);
  g_ptr_array_add (self->warnings, NULL);

  return g_steal_pointer (&self);
}

/**
 * ma_buddyinfo_parse:
 * @text: the file contents
 * @length: length of @text, or -1 if NUL-terminated
 * @source_name: the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Parses /proc/buddyinfo with any number of orders and nodes, with or without the kernel's
 * trailing blanks. A last line cut in the middle is dropped with a warning; a second capture
 * appended to the first is ignored with a warning.
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with @error set
 */
MaBuddyinfo *
ma_buddyinfo_parse (const char  *text,
                    gssize       length,
                    const char  *source_name,
                    GError     **error)
{
  return ma_buddyinfo_parse_at (text, length, source_name, 1, error);
}

/**
 * ma_buddyinfo_ref:
 * @self: a #MaBuddyinfo
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaBuddyinfo *
ma_buddyinfo_ref (MaBuddyinfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_buddyinfo_unref:
 * @self: (transfer full): a #MaBuddyinfo
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_buddyinfo_unref (MaBuddyinfo *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  ma_name_pool_free (self->names);
  g_array_unref (self->zones);
  g_array_unref (self->counts);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/**
 * ma_buddyinfo_get_n_orders:
 * @self: a #MaBuddyinfo
 *
 * Returns: the number of order columns (orders 0 … n - 1)
 */
guint
ma_buddyinfo_get_n_orders (const MaBuddyinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_orders;
}

/**
 * ma_buddyinfo_get_n_zones:
 * @self: a #MaBuddyinfo
 *
 * Returns: the number of zone lines (populated zones only; empty zones are never printed)
 */
guint
ma_buddyinfo_get_n_zones (const MaBuddyinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

/**
 * ma_buddyinfo_get_zone:
 * @self: a #MaBuddyinfo
 * @index: the line index
 *
 * Returns: (transfer none): the zone
 */
const MaBuddyinfoZone *
ma_buddyinfo_get_zone (const MaBuddyinfo *self,
                       guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaBuddyinfoZone, index);
}

/**
 * ma_buddyinfo_lookup_zone:
 * @self: a #MaBuddyinfo
 * @node_id: the node number
 * @zone_name: the zone name
 *
 * Returns: (transfer none) (nullable): the zone
 */
const MaBuddyinfoZone *
ma_buddyinfo_lookup_zone (const MaBuddyinfo *self,
                          guint              node_id,
                          const char        *zone_name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (zone_name != NULL, NULL);

  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaBuddyinfoZone *z = &g_array_index (self->zones, MaBuddyinfoZone, i);
      if (z->node_id == node_id && strcmp (z->name, zone_name) == 0)
        return z;
    }
  return NULL;
}

/**
 * ma_buddyinfo_get_warnings:
 * @self: a #MaBuddyinfo
 *
 * Returns: (transfer none) (array zero-terminated=1): warnings collected while parsing
 */
const char * const *
ma_buddyinfo_get_warnings (const MaBuddyinfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

/**
 * ma_buddyinfo_equal:
 * @a: a #MaBuddyinfo
 * @b: another #MaBuddyinfo
 *
 * Returns: %TRUE if both hold the same zones and counts
 */
gboolean
ma_buddyinfo_equal (const MaBuddyinfo *a,
                    const MaBuddyinfo *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->n_orders != b->n_orders || a->zones->len != b->zones->len)
    return FALSE;
  for (guint i = 0; i < a->zones->len; i++)
    {
      const MaBuddyinfoZone *x = &g_array_index (a->zones, MaBuddyinfoZone, i);
      const MaBuddyinfoZone *y = &g_array_index (b->zones, MaBuddyinfoZone, i);

      if (x->node_id != y->node_id || strcmp (x->name, y->name) != 0 || x->line != y->line ||
          x->free_pages != y->free_pages ||
          memcmp (x->counts, y->counts, a->n_orders * sizeof (guint64)) != 0)
        return FALSE;
    }
  return TRUE;
}
