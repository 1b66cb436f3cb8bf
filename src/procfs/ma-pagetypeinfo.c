/* ma-pagetypeinfo.c: /proc/pagetypeinfo parser
 *
 * The file is a sequence of blocks, repeated per node: "Page block order", "Pages per block",
 * the free-count table (one row per zone and migratetype, the type name in the row), the
 * "Number of blocks type" table (type names in its header) and, with page_owner, the "Number of
 * mixed blocks" table. Migratetype names and order are read from the file, never assumed: 2.6.24
 * prints "(null)" for its fifth type, vendor kernels reorder CMA and Reserve, and kernels
 * without CMA or memory isolation print fewer columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-pagetypeinfo"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-procfs-private.h"

#include "ma-buddyinfo.h"
#include "ma-pagetypeinfo.h"
#include "ma-zone-row.h"

#define MAX_ORDERS        MA_BUDDYINFO_MAX_ORDERS
#define MAX_TYPES         MA_PAGETYPEINFO_MAX_TYPES
#define MAX_UNKNOWN_LINES 10

typedef struct
{
  guint32     node_id;
  const char *name;
  guint32     line;
  guint32     types_present;
  gboolean    has_blocks;
  gboolean    has_mixed;
  guint64     free_counts[MAX_TYPES][MAX_ORDERS];
  guint8      capped[MAX_TYPES][MAX_ORDERS];
  guint64     blocks[MAX_TYPES];
  guint64     mixed[MAX_TYPES];
} ZoneBuild;

struct _MaPagetypeinfo
{
  gatomicrefcount ref_count;
  MaNamePool     *names;
  GPtrArray      *types;      /* const char *, interned */
  GArray         *zones;      /* MaPagetypeinfoZone */
  GArray         *counts;     /* guint64: free counts, then blocks, then mixed */
  GByteArray     *capped;
  GPtrArray      *warnings;   /* NULL-terminated */
  int             pageblock_order;
  guint64         pages_per_block;
  guint           n_orders;
  gboolean        has_blocks;
  gboolean        has_mixed;
};

G_DEFINE_BOXED_TYPE (MaPagetypeinfo, ma_pagetypeinfo, ma_pagetypeinfo_ref, ma_pagetypeinfo_unref)

typedef enum
{
  TABLE_FREE,
  TABLE_BLOCKS,
  TABLE_MIXED,
} Table;

typedef struct
{
  MaPagetypeinfo *self;
  MaLineScanner   s;
  GPtrArray      *builds;          /* ZoneBuild * */
  Table           table;
  guint           table_types[MAX_TYPES];
  guint           n_table_types;
  guint           n_unknown;
  guint           n_lines;
  gboolean        have_orders;
} Parser;

static int
find_type (MaPagetypeinfo *self,
           const char     *name,
           gsize           len)
{
  for (guint i = 0; i < self->types->len; i++)
    {
      const char *t = self->types->pdata[i];
      if (strlen (t) == len && memcmp (t, name, len) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
intern_type (Parser     *p,
             const char *name,
             gsize       len,
             guint      *index,
             GError    **error)
{
  int t = find_type (p->self, name, len);

  if (t < 0)
    {
      if (p->self->types->len >= MAX_TYPES)
        {
          ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_RANGE,
                             _("more than %d migratetypes"), MAX_TYPES);
          return FALSE;
        }
      g_ptr_array_add (p->self->types, (gpointer) ma_name_pool_intern (p->self->names, name, len));
      t = (int) p->self->types->len - 1;
    }
  *index = (guint) t;
  return TRUE;
}

static ZoneBuild *
find_zone (Parser          *p,
           const MaZoneRow *row,
           gboolean         create)
{
  gsize len = (gsize) (row->name_end - row->name);
  ZoneBuild *b;

  for (guint i = 0; i < p->builds->len; i++)
    {
      b = p->builds->pdata[i];
      if (b->node_id == row->node_id && strlen (b->name) == len &&
          memcmp (b->name, row->name, len) == 0)
        return b;
    }
  if (!create)
    return NULL;

  b = g_new0 (ZoneBuild, 1);
  b->node_id = row->node_id;
  b->name = ma_name_pool_intern (p->self->names, row->name, len);
  b->line = p->s.line_no;
  g_ptr_array_add (p->builds, b);
  return b;
}

/* "Page block order: N", "Pages per block:  N" */
static gboolean
parse_block_size (Parser     *p,
                  const char *q,
                  gboolean    is_order,
                  GError    **error)
{
  const char *what = is_order ? "Page block order:" : "Pages per block:";
  const char *num;
  guint64 v;
  MaNumberStatus st;

  num = q = ma_skip_blanks (q, p->s.line_end);
  st = ma_parse_u64_token (&q, p->s.line_end, &v);
  if (st != MA_NUMBER_OK || (is_order && v >= 64))
    {
      ma_scan_set_number_error (error, &p->s, st == MA_NUMBER_OK ? MA_NUMBER_OVERFLOW : st,
                                what, num, p->s.line_end);
      return FALSE;
    }

  if (is_order)
    {
      if (p->self->pageblock_order >= 0 && (guint64) p->self->pageblock_order != v)
        ma_scan_warn (p->self->warnings, &p->s, _("page block order %" PRIu64
                        " differs from the %d given earlier"), v, p->self->pageblock_order);
      else
        p->self->pageblock_order = (int) v;
    }
  else
    {
      if (p->self->pages_per_block != 0 && p->self->pages_per_block != v)
        ma_scan_warn (p->self->warnings, &p->s, _("pages per block %" PRIu64
                        " differs from the %" PRIu64 " given earlier"), v,
                      p->self->pages_per_block);
      else
        p->self->pages_per_block = v;
    }
  p->table = TABLE_FREE;
  return TRUE;
}

/* "Free pages count per migrate type at order       0      1 …" */
static gboolean
parse_orders_header (Parser     *p,
                     const char *q,
                     GError    **error)
{
  guint64 orders[MAX_ORDERS];
  int n = ma_zone_row_counts (&p->s, q, orders, NULL, MAX_ORDERS, "at order", error);

  if (n < 0)
    return FALSE;
  for (int i = 0; i < n; i++)
    if (orders[i] != (guint64) i)
      {
        ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                           _("expected the orders 0, 1, 2, … in the header, found %"
                             PRIu64 " in column %d"), orders[i], i + 1);
        return FALSE;
      }
  if (n == 0)
    {
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected the orders 0, 1, 2, … after “at order”"));
      return FALSE;
    }
  if (p->have_orders && (guint) n != p->self->n_orders)
    {
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected %u orders like the header above, found %d"),
                         p->self->n_orders, n);
      return FALSE;
    }
  p->self->n_orders = (guint) n;
  p->have_orders = TRUE;
  p->table = TABLE_FREE;
  return TRUE;
}

/* "Number of blocks type     Unmovable      Movable …" / "Number of mixed blocks …" */
static gboolean
parse_table_header (Parser     *p,
                    const char *q,
                    Table       table,
                    GError    **error)
{
  const char *end = p->s.line_end;

  p->n_table_types = 0;
  q = ma_skip_blanks (q, end);
  while (q < end)
    {
      const char *t_end = ma_token_end (q, end);

      if (p->n_table_types >= MAX_TYPES)
        {
          ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_RANGE,
                             _("more than %d migratetypes"), MAX_TYPES);
          return FALSE;
        }
      if (!intern_type (p, q, t_end - q, &p->table_types[p->n_table_types], error))
        return FALSE;
      p->n_table_types++;
      q = ma_skip_blanks (t_end, end);
    }
  if (p->n_table_types == 0)
    {
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected migratetype names in the table header"));
      return FALSE;
    }
  p->table = table;
  if (table == TABLE_BLOCKS)
    p->self->has_blocks = TRUE;
  else
    p->self->has_mixed = TRUE;
  return TRUE;
}

static gboolean
parse_free_row (Parser          *p,
                const MaZoneRow *row,
                gboolean        *stop,
                GError         **error)
{
  const char *end = p->s.line_end;
  const char *q = row->rest;
  const char *t_end;
  guint64 counts[MAX_ORDERS];
  guint8 capped[MAX_ORDERS];
  guint type;
  ZoneBuild *b;
  int n;

  t_end = ma_word_end (q, end);
  if (!MA_WORD_IS (q, t_end, "type"))
    {
      g_autofree char *quoted = ma_scan_quote (q, end);
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected “type NAME” after the zone name, found %s"), quoted);
      return FALSE;
    }
  q = ma_skip_blanks (t_end, end);
  t_end = ma_token_end (q, end);
  if (q == t_end)
    {
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected a migratetype name after “type”"));
      return FALSE;
    }
  if (!intern_type (p, q, t_end - q, &type, error))
    return FALSE;

  n = ma_zone_row_counts (&p->s, t_end, counts, capped, MAX_ORDERS, p->self->types->pdata[type],
                          error);
  if (n < 0)
    return FALSE;
  if (!p->have_orders)
    {
      p->self->n_orders = (guint) n;
      p->have_orders = TRUE;
    }
  if ((guint) n != p->self->n_orders)
    {
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected %u free counts (one per order), found %d"),
                         p->self->n_orders, n);
      return FALSE;
    }

  b = find_zone (p, row, TRUE);
  if (b->types_present & (1u << type))
    {
      ma_scan_warn (p->self->warnings, &p->s,
                    _("node %u, zone %s, type %s appears a second time: a second capture starts "
                      "here and was not read (only the first one is used)"),
                    b->node_id, b->name, (const char *) p->self->types->pdata[type]);
      *stop = TRUE;
      return TRUE;
    }
  b->types_present |= 1u << type;
  memcpy (b->free_counts[type], counts, n * sizeof (guint64));
  memcpy (b->capped[type], capped, n);
  p->table = TABLE_FREE;
  return TRUE;
}

static gboolean
parse_table_row (Parser          *p,
                 const MaZoneRow *row,
                 GError         **error)
{
  guint64 counts[MAX_TYPES];
  ZoneBuild *b;
  int n;

  /* Translators: completes “expected a number after “%s”, found %s” */
  n = ma_zone_row_counts (&p->s, row->rest, counts, NULL, MAX_TYPES, _("the zone name"),
                          error);
  if (n < 0)
    return FALSE;
  if ((guint) n != p->n_table_types)
    {
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected %u block counts (one per migratetype in the header), found %d"),
                         p->n_table_types, n);
      return FALSE;
    }

  b = find_zone (p, row, TRUE);
  for (guint i = 0; i < p->n_table_types; i++)
    {
      if (p->table == TABLE_BLOCKS)
        b->blocks[p->table_types[i]] = counts[i];
      else
        b->mixed[p->table_types[i]] = counts[i];
    }
  if (p->table == TABLE_BLOCKS)
    b->has_blocks = TRUE;
  else
    b->has_mixed = TRUE;
  return TRUE;
}

static gboolean
parse_line (Parser   *p,
            gboolean *stop,
            GError  **error)
{
  const char *end = p->s.line_end;
  const char *w = ma_skip_blanks (p->s.line, end);
  const char *after;
  MaZoneRow row;
  g_autoptr(GError) row_error = NULL;

  if (ma_zone_row_parse (&p->s, &row, &row_error))
    {
      if (row.comma)
        return parse_free_row (p, &row, stop, error);
      if (p->table == TABLE_FREE)
        {
          g_autofree char *quoted = ma_scan_quote (w, end);
          ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                             _("expected “, type NAME” after the zone name, found %s"), quoted);
          return FALSE;
        }
      return parse_table_row (p, &row, error);
    }
  if (row_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&row_error));
      return FALSE;
    }

  if (ma_match_words (w, end, "Page block order:", &after))
    return parse_block_size (p, after, TRUE, error);
  if (ma_match_words (w, end, "Pages per block:", &after))
    return parse_block_size (p, after, FALSE, error);
  if (ma_match_words (w, end, "Free pages count per migrate type at order", &after))
    return parse_orders_header (p, after, error);
  if (ma_match_words (w, end, "Number of blocks type", &after))
    return parse_table_header (p, after, TABLE_BLOCKS, error);
  if (ma_match_words (w, end, "Number of mixed blocks", &after))
    return parse_table_header (p, after, TABLE_MIXED, error);

  if (p->builds->len == 0 && p->self->pageblock_order < 0 && !p->have_orders)
    {
      g_autofree char *quoted = ma_scan_quote (w, end);
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                         _("expected “Page block order:”, found %s; this is not /proc/pagetypeinfo"),
                         quoted);
      return FALSE;
    }

  {
    g_autofree char *quoted = ma_scan_quote (w, end);

    if (p->n_unknown++ < 5)
      ma_scan_warn (p->self->warnings, &p->s, _("unrecognised line %s skipped"), quoted);
  }
  return TRUE;
}

static void
finalize (Parser *p)
{
  MaPagetypeinfo *self = p->self;
  guint n_types = self->types->len;
  guint n_orders = self->n_orders;
  guint per_zone = n_types * n_orders + 2 * n_types;

  g_array_set_size (self->counts, p->builds->len * per_zone);
  g_byte_array_set_size (self->capped, p->builds->len * n_types * n_orders);

  for (guint i = 0; i < p->builds->len; i++)
    {
      const ZoneBuild *b = p->builds->pdata[i];
      /* with no types or no orders the arrays are empty and their data may be NULL, which
       * takes no offset, not even zero (UBSan) */
      guint64 *counts = per_zone > 0 ? &g_array_index (self->counts, guint64, i * per_zone) : NULL;
      guint8 *capped = n_types * n_orders > 0 ? self->capped->data + i * n_types * n_orders : NULL;
      MaPagetypeinfoZone z = { 0 };

      for (guint t = 0; t < n_types; t++)
        {
          /* a file with no free-page table has no orders: nothing to copy (and the arrays
           * may be NULL, which memcpy may not be given even for zero bytes) */
          if (n_orders > 0)
            {
              memcpy (counts + t * n_orders, b->free_counts[t], n_orders * sizeof (guint64));
              memcpy (capped + t * n_orders, b->capped[t], n_orders);
            }
          counts[n_types * n_orders + t] = b->blocks[t];
          counts[n_types * n_orders + n_types + t] = b->mixed[t];
        }

      z.node_id = b->node_id;
      z.name = b->name;
      z.line = b->line;
      z.n_types = n_types;
      z.n_orders = n_orders;
      z.free_counts = counts;
      z.capped = capped;
      z.n_free = n_types * n_orders;
      z.types_present = b->types_present;
      z.blocks = b->has_blocks && counts != NULL ? counts + n_types * n_orders : NULL;
      z.mixed = b->has_mixed && counts != NULL ? counts + n_types * n_orders + n_types : NULL;
      g_array_append_val (self->zones, z);
    }
  g_ptr_array_add (self->warnings, NULL);
}

MaPagetypeinfo *
ma_pagetypeinfo_parse_at (const char  *text,
                          gssize       length,
                          const char  *source_name,
                          guint        first_line,
                          GError     **error)
{
  g_autoptr(MaPagetypeinfo) self = NULL;
  g_autoptr(GPtrArray) builds = NULL;
  Parser p = { 0 };
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source_name == NULL)
    source_name = "pagetypeinfo";
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!ma_scan_check_text (text, len, source_name, error))
    return NULL;

  self = g_new0 (MaPagetypeinfo, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->names = ma_name_pool_new ();
  self->types = g_ptr_array_new ();
  self->zones = g_array_new (FALSE, TRUE, sizeof (MaPagetypeinfoZone));
  self->counts = g_array_new (FALSE, TRUE, sizeof (guint64));
  self->capped = g_byte_array_new ();
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->pageblock_order = -1;

  builds = g_ptr_array_new_with_free_func (g_free);
  p.self = self;
  p.builds = builds;
  ma_line_scanner_init (&p.s, text, len, source_name);
  p.s.line_no = first_line - 1;

  while (ma_line_scanner_next (&p.s))
    {
      g_autoptr(GError) local_error = NULL;
      gboolean stop = FALSE;

      if (ma_skip_blanks (p.s.line, p.s.line_end) == p.s.line_end)
        continue;
      p.n_lines++;

      if (parse_line (&p, &stop, &local_error))
        {
          if (stop)
            break;
          continue;
        }
      if (ma_line_scanner_at_cut_end (&p.s) && builds->len > 0)
        {
          g_autofree char *q = ma_scan_quote (p.s.line, p.s.line_end);
          ma_scan_warn (self->warnings, &p.s, _("the last line %s is cut short and was ignored"), q);
          break;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (p.n_lines == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY,
                   _("%s: empty: /proc/pagetypeinfo is readable only by root since Linux 5.4"),
                   source_name);
      return NULL;
    }
  if (builds->len == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED,
                   _("%s: no zone rows found (expected “Node N, zone NAME, type TYPE …”)"),
                   source_name);
      return NULL;
    }
  if (p.n_unknown > MAX_UNKNOWN_LINES && p.n_unknown * 4 > p.n_lines)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: %u of %u lines are not pagetypeinfo"), source_name, p.n_unknown,
                   p.n_lines);
      return NULL;
    }

  finalize (&p);
  return g_steal_pointer (&self);
}

/**
 * ma_pagetypeinfo_parse:
 * @text: the file contents
 * @length: length of @text, or -1 if NUL-terminated
 * @source_name: the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Parses /proc/pagetypeinfo of any kernel since 2.6.24: block size, the free-count table with
 * its headers repeated per node, any set and order of migratetypes, capped counts (`>100000`),
 * the "Number of blocks type" table and the optional "Number of mixed blocks" table.
 *
 * An empty file fails with %MA_PROCFS_ERROR_EMPTY: since Linux 5.4 /proc/pagetypeinfo is
 * readable only by root, and a copy made without root is empty.
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with @error set
 */
MaPagetypeinfo *
ma_pagetypeinfo_parse (const char  *text,
                       gssize       length,
                       const char  *source_name,
                       GError     **error)
{
  return ma_pagetypeinfo_parse_at (text, length, source_name, 1, error);
}

/**
 * ma_pagetypeinfo_ref:
 * @self: a #MaPagetypeinfo
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaPagetypeinfo *
ma_pagetypeinfo_ref (MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_pagetypeinfo_unref:
 * @self: (transfer full): a #MaPagetypeinfo
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_pagetypeinfo_unref (MaPagetypeinfo *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  ma_name_pool_free (self->names);
  g_ptr_array_unref (self->types);
  g_array_unref (self->zones);
  g_array_unref (self->counts);
  g_byte_array_unref (self->capped);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/**
 * ma_pagetypeinfo_get_pageblock_order:
 * @self: a #MaPagetypeinfo
 *
 * Returns: the `Page block order`, or -1 if the file did not say
 */
int
ma_pagetypeinfo_get_pageblock_order (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->pageblock_order;
}

/**
 * ma_pagetypeinfo_get_pages_per_block:
 * @self: a #MaPagetypeinfo
 *
 * Returns: `Pages per block`, or 0 if the file did not say
 */
guint64
ma_pagetypeinfo_get_pages_per_block (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pages_per_block;
}

/**
 * ma_pagetypeinfo_get_n_orders:
 * @self: a #MaPagetypeinfo
 *
 * Returns: the number of orders of the free-count table
 */
guint
ma_pagetypeinfo_get_n_orders (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_orders;
}

/**
 * ma_pagetypeinfo_get_n_types:
 * @self: a #MaPagetypeinfo
 *
 * Returns: the number of migratetypes seen in the file
 */
guint
ma_pagetypeinfo_get_n_types (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->types->len;
}

/**
 * ma_pagetypeinfo_get_type_name:
 * @self: a #MaPagetypeinfo
 * @type: a type index
 *
 * Returns: the migratetype name as printed (`Unmovable`, `HighAtomic`, `(null)`, …), in the
 *   order of first appearance in the file
 */
const char *
ma_pagetypeinfo_get_type_name (const MaPagetypeinfo *self,
                               guint                 type)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (type < self->types->len, NULL);
  return self->types->pdata[type];
}

/**
 * ma_pagetypeinfo_find_type:
 * @self: a #MaPagetypeinfo
 * @name: a migratetype name
 *
 * Returns: the type index, or -1 if the file has no such type
 */
int
ma_pagetypeinfo_find_type (const MaPagetypeinfo *self,
                           const char           *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);
  return find_type ((MaPagetypeinfo *) self, name, strlen (name));
}

/**
 * ma_pagetypeinfo_get_n_zones:
 * @self: a #MaPagetypeinfo
 *
 * Returns: the number of zones
 */
guint
ma_pagetypeinfo_get_n_zones (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

/**
 * ma_pagetypeinfo_get_zone:
 * @self: a #MaPagetypeinfo
 * @index: a zone index
 *
 * Returns: (transfer none): the zone
 */
const MaPagetypeinfoZone *
ma_pagetypeinfo_get_zone (const MaPagetypeinfo *self,
                          guint                 index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaPagetypeinfoZone, index);
}

/**
 * ma_pagetypeinfo_lookup_zone:
 * @self: a #MaPagetypeinfo
 * @node_id: the node number
 * @zone_name: the zone name
 *
 * Returns: (transfer none) (nullable): the zone
 */
const MaPagetypeinfoZone *
ma_pagetypeinfo_lookup_zone (const MaPagetypeinfo *self,
                             guint                 node_id,
                             const char           *zone_name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (zone_name != NULL, NULL);

  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaPagetypeinfoZone *z = &g_array_index (self->zones, MaPagetypeinfoZone, i);
      if (z->node_id == node_id && strcmp (z->name, zone_name) == 0)
        return z;
    }
  return NULL;
}

/**
 * ma_pagetypeinfo_zone_get_free:
 * @zone: a zone
 * @type: a type index
 * @order: an order
 * @capped: (out) (optional): set to %TRUE if the count was printed as `>N`
 *
 * Returns: the number of free blocks of that migratetype and order
 */
guint64
ma_pagetypeinfo_zone_get_free (const MaPagetypeinfoZone *zone,
                               guint                     type,
                               guint                     order,
                               gboolean                 *capped)
{
  g_return_val_if_fail (zone != NULL, 0);
  g_return_val_if_fail (type < zone->n_types && order < zone->n_orders, 0);

  if (capped)
    *capped = zone->capped[type * zone->n_orders + order] != 0;
  return zone->free_counts[type * zone->n_orders + order];
}

/**
 * ma_pagetypeinfo_zone_sum_order:
 * @zone: a zone
 * @order: an order
 * @capped: (out) (optional): set to %TRUE if any term was capped (the sum is then a lower bound)
 *
 * Returns: the free blocks of @order over all migratetypes: the buddyinfo count of the same
 *   moment
 */
guint64
ma_pagetypeinfo_zone_sum_order (const MaPagetypeinfoZone *zone,
                                guint                     order,
                                gboolean                 *capped)
{
  guint64 sum = 0;
  gboolean any_capped = FALSE;

  g_return_val_if_fail (zone != NULL, 0);
  g_return_val_if_fail (order < zone->n_orders, 0);

  for (guint t = 0; t < zone->n_types; t++)
    {
      sum += zone->free_counts[t * zone->n_orders + order];
      any_capped |= zone->capped[t * zone->n_orders + order] != 0;
    }
  if (capped)
    *capped = any_capped;
  return sum;
}

/**
 * ma_pagetypeinfo_has_blocks:
 * @self: a #MaPagetypeinfo
 *
 * Returns: %TRUE if the file had a "Number of blocks type" table
 */
gboolean
ma_pagetypeinfo_has_blocks (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_blocks;
}

/**
 * ma_pagetypeinfo_has_mixed_blocks:
 * @self: a #MaPagetypeinfo
 *
 * Returns: %TRUE if the file had a "Number of mixed blocks" table
 */
gboolean
ma_pagetypeinfo_has_mixed_blocks (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_mixed;
}

/**
 * ma_pagetypeinfo_get_warnings:
 * @self: a #MaPagetypeinfo
 *
 * Returns: (transfer none) (array zero-terminated=1): warnings collected while parsing
 */
const char * const *
ma_pagetypeinfo_get_warnings (const MaPagetypeinfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

/**
 * ma_pagetypeinfo_equal:
 * @a: a #MaPagetypeinfo
 * @b: another #MaPagetypeinfo
 *
 * Returns: %TRUE if both hold the same data
 */
gboolean
ma_pagetypeinfo_equal (const MaPagetypeinfo *a,
                       const MaPagetypeinfo *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->pageblock_order != b->pageblock_order || a->pages_per_block != b->pages_per_block ||
      a->n_orders != b->n_orders || a->types->len != b->types->len ||
      a->zones->len != b->zones->len || a->has_blocks != b->has_blocks ||
      a->has_mixed != b->has_mixed || a->counts->len != b->counts->len)
    return FALSE;
  for (guint i = 0; i < a->types->len; i++)
    if (strcmp (a->types->pdata[i], b->types->pdata[i]) != 0)
      return FALSE;
  for (guint i = 0; i < a->zones->len; i++)
    {
      const MaPagetypeinfoZone *x = &g_array_index (a->zones, MaPagetypeinfoZone, i);
      const MaPagetypeinfoZone *y = &g_array_index (b->zones, MaPagetypeinfoZone, i);

      if (x->node_id != y->node_id || strcmp (x->name, y->name) != 0 || x->line != y->line ||
          x->types_present != y->types_present || (x->blocks == NULL) != (y->blocks == NULL) ||
          (x->mixed == NULL) != (y->mixed == NULL))
        return FALSE;
    }
  if (a->counts->len > 0 &&
      memcmp (a->counts->data, b->counts->data, a->counts->len * sizeof (guint64)) != 0)
    return FALSE;
  if (a->capped->len != b->capped->len ||
      (a->capped->len > 0 && memcmp (a->capped->data, b->capped->data, a->capped->len) != 0))
    return FALSE;
  return TRUE;
}
