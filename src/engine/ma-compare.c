/* ma-compare.c: what changed between two machines (two snapshots, or two moments of one)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Zones are matched by node id and zone type, never by position: two snapshots of different
 * machines, or a machine after memory was onlined, need not list the same zones. The numbers are
 * copied out when the comparison is made, so a comparison of "before" and "now" on the live view
 * stays what it was when the user asked for it.
 *
 * "Large" is kept deliberately simple so that a reader can check it by eye: free memory that
 * moved by a twentieth of the zone, and block counts that halved or doubled (by at least two
 * blocks: a single high-order block coming and going between two reads is noise).
 */
#define G_LOG_DOMAIN "ma-compare"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ma-compare.h"
#include "ma-kernel.h"

struct _MaComparison
{
  GArray   *zones;       /* MaZoneComparison */
  gboolean  multi_node;  /* either machine has several nodes: name zones with their node */
};

typedef struct
{
  MaZone *zone[2];
} Pair;

static void
copy_side (MaZoneComparison *zc,
           guint             side,
           MaZone           *zone)
{
  MaMachine *m = ma_node_get_machine (ma_zone_get_node (zone));
  guint n_orders = MIN (ma_machine_get_nr_orders (m), (guint) MA_MAX_ORDERS);

  zc->free[side] = ma_zone_get_free_pages (zone);
  zc->managed[side] = ma_zone_get_managed (zone);
  zc->wmark[side][0] = ma_zone_get_watermark (zone, MA_WMARK_MIN);
  zc->wmark[side][1] = ma_zone_get_watermark (zone, MA_WMARK_LOW);
  zc->wmark[side][2] = ma_zone_get_watermark (zone, MA_WMARK_HIGH);
  zc->n_orders = MAX (zc->n_orders, n_orders);
  zc->page_size = 1u << ma_machine_get_page_shift (m);
  for (guint k = 0; k < n_orders; k++)
    {
      zc->nr_free[side][k] = ma_zone_get_nr_free (zone, k);
      for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
        zc->nr_free_mt[side][mt][k] = ma_zone_get_nr_free_list (zone, k, mt);
    }
}

/* Mobility grouping (free lists per migratetype) arrived in 2.6.24; before, every free block
 * sat on one list and a per-migratetype table would only repeat the per-order one. */
static gboolean
groups_by_migratetype (MaZone *zone)
{
  MaMachine *m = ma_node_get_machine (ma_zone_get_node (zone));

  return ma_machine_get_kernel (m) >= MA_KERNEL_VERSION (2, 6, 24);
}

static void
choose_migratetypes (MaZoneComparison *zc,
                     MaKernelVersion   kernel)
{
  MaMigrateType order[MA_N_MIGRATE_TYPES];
  guint n = ma_kernel_migratetype_order (kernel, TRUE, TRUE, order);

  /* The kernel's print order first, then whatever else holds blocks (a Reserve list on a newer
   * machine compared with an older one). */
  for (guint t = 0; t < MA_N_MIGRATE_TYPES && n < MA_N_MIGRATE_TYPES; t++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < n; i++)
        seen = seen || order[i] == (MaMigrateType) t;
      if (!seen)
        order[n++] = t;
    }
  for (guint i = 0; i < n; i++)
    {
      MaMigrateType mt = order[i];
      gboolean any = FALSE;

      for (guint side = 0; side < 2 && !any; side++)
        for (guint k = 0; k < zc->n_orders && !any; k++)
          any = zc->nr_free_mt[side][mt][k] > 0;
      if (any)
        zc->migratetypes[zc->n_migratetypes++] = mt;
    }
}

static int
compare_zones (gconstpointer a,
               gconstpointer b)
{
  const MaZoneComparison *za = a, *zb = b;

  if (za->node_id != zb->node_id)
    return za->node_id < zb->node_id ? -1 : 1;
  return (int) za->type - (int) zb->type;
}

static MaZone *
find_zone (MaMachine  *m,
           guint32     node_id,
           MaZoneType  type)
{
  for (guint n = 0; n < ma_machine_get_n_nodes (m); n++)
    {
      MaNode *node = ma_machine_get_node (m, n);

      if (ma_node_get_id (node) == node_id)
        return ma_node_get_zone_by_type (node, type);
    }
  return NULL;
}

static void
add_zones_of (MaComparison *self,
              MaMachine    *machine,
              MaMachine    *other,
              guint         side)
{
  for (guint n = 0; n < ma_machine_get_n_nodes (machine); n++)
    {
      MaNode *node = ma_machine_get_node (machine, n);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++)
        {
          MaZone *zone = ma_node_get_zone (node, z);
          MaZone *twin = find_zone (other, ma_node_get_id (node), ma_zone_get_zone_type (zone));
          MaZoneComparison zc = { 0, };

          /* A zone in both machines is added once, from the first. */
          if (side == 1 && twin != NULL)
            continue;
          /* A zone configured but empty on both sides has nothing to compare. */
          if (!ma_zone_is_populated (zone) && (twin == NULL || !ma_zone_is_populated (twin)))
            continue;

          zc.node_id = ma_node_get_id (node);
          zc.type = ma_zone_get_zone_type (zone);
          zc.name = ma_zone_type_name (zc.type);
          zc.side = twin == NULL ? (side == 0 ? MA_COMPARE_ONLY_BEFORE : MA_COMPARE_ONLY_AFTER)
                                 : MA_COMPARE_BOTH;
          copy_side (&zc, side, zone);
          if (twin != NULL)
            copy_side (&zc, 1 - side, twin);
          zc.has_migratetypes = groups_by_migratetype (zone)
                                && (twin == NULL || groups_by_migratetype (twin));
          if (zc.has_migratetypes)
            choose_migratetypes (&zc, ma_machine_get_kernel (side == 0 && twin != NULL ? other
                                                                                    : machine));
          g_array_append_val (self->zones, zc);
        }
    }
}

/**
 * ma_compare_machines:
 * @before: the first machine (the earlier moment)
 * @after: the second machine
 *
 * Compares the two machines zone by zone, matched by node id and zone type: free pages,
 * managed pages, watermarks, free blocks per order and per migratetype. Zones empty on both
 * sides are left out; zones only one machine has are listed as such.
 *
 * Returns: (transfer full): the comparison
 */
MaComparison *
ma_compare_machines (MaMachine *before,
                     MaMachine *after)
{
  MaComparison *self;

  g_return_val_if_fail (MA_IS_MACHINE (before), NULL);
  g_return_val_if_fail (MA_IS_MACHINE (after), NULL);

  self = g_new0 (MaComparison, 1);
  self->zones = g_array_new (FALSE, TRUE, sizeof (MaZoneComparison));
  self->multi_node = ma_machine_get_n_nodes (before) > 1 || ma_machine_get_n_nodes (after) > 1;
  add_zones_of (self, before, after, 0);
  add_zones_of (self, after, before, 1);
  g_array_sort (self->zones, compare_zones);
  return self;
}

/**
 * ma_comparison_free:
 * @self: (transfer full): a comparison
 */
void
ma_comparison_free (MaComparison *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->zones);
  g_free (self);
}

/**
 * ma_comparison_get_n_zones:
 * @self: a comparison
 *
 * Returns: the number of compared zones
 */
guint
ma_comparison_get_n_zones (const MaComparison *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

/**
 * ma_comparison_get_zone:
 * @self: a comparison
 * @index: a zone index, below ma_comparison_get_n_zones()
 *
 * Zones come sorted by node id, then zone type.
 *
 * Returns: (transfer none): the zone
 */
const MaZoneComparison *
ma_comparison_get_zone (const MaComparison *self,
                        guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaZoneComparison, index);
}

/**
 * ma_comparison_lookup_zone:
 * @self: a comparison
 * @node_id: a node id
 * @type: a zone type
 *
 * Returns: (transfer none) (nullable): the zone, or %NULL if it was not compared
 */
const MaZoneComparison *
ma_comparison_lookup_zone (const MaComparison *self,
                           guint32             node_id,
                           MaZoneType          type)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaZoneComparison *z = &g_array_index (self->zones, MaZoneComparison, i);

      if (z->node_id == node_id && z->type == type)
        return z;
    }
  return NULL;
}

/**
 * ma_zone_comparison_free_delta:
 * @zone: a compared zone
 *
 * Returns: free pages after minus free pages before
 */
gint64
ma_zone_comparison_free_delta (const MaZoneComparison *zone)
{
  return zone->free[1] - zone->free[0];
}

/**
 * ma_zone_comparison_is_unchanged:
 * @zone: a compared zone
 *
 * Returns: whether the zone is in both machines with the same free, managed and watermark
 *   numbers and the same free blocks per order and migratetype
 */
gboolean
ma_zone_comparison_is_unchanged (const MaZoneComparison *zone)
{
  return zone->side == MA_COMPARE_BOTH
         && zone->free[0] == zone->free[1]
         && zone->managed[0] == zone->managed[1]
         && memcmp (zone->wmark[0], zone->wmark[1], sizeof zone->wmark[0]) == 0
         && memcmp (zone->nr_free[0], zone->nr_free[1], sizeof zone->nr_free[0]) == 0
         && memcmp (zone->nr_free_mt[0], zone->nr_free_mt[1], sizeof zone->nr_free_mt[0]) == 0;
}

/**
 * ma_zone_comparison_free_is_large:
 * @zone: a compared zone
 *
 * Returns: whether free memory moved by at least 5 % of the zone's managed pages
 */
gboolean
ma_zone_comparison_free_is_large (const MaZoneComparison *zone)
{
  gint64 d = ma_zone_comparison_free_delta (zone);
  guint64 managed = MAX (zone->managed[0], zone->managed[1]);

  return d != 0 && (guint64) ABS (d) * 20 >= managed;
}

/**
 * ma_zone_comparison_blocks_from:
 * @zone: a compared zone
 * @side: 0 for before, 1 for after
 * @first_order: the smallest order counted
 *
 * Returns: the free blocks of order @first_order and above on that side
 */
guint64
ma_zone_comparison_blocks_from (const MaZoneComparison *zone,
                                guint                   side,
                                guint                   first_order)
{
  guint64 n = 0;

  g_return_val_if_fail (side < 2, 0);
  for (guint k = first_order; k < zone->n_orders; k++)
    n += zone->nr_free[side][k];
  return n;
}

/**
 * ma_zone_comparison_band:
 * @zone: a compared zone
 * @side: 0 for before, 1 for after
 *
 * Returns: where the free pages sit among the watermarks on that side
 */
MaCompareBand
ma_zone_comparison_band (const MaZoneComparison *zone,
                         guint                   side)
{
  gint64 free;

  g_return_val_if_fail (side < 2, MA_COMPARE_ABOVE_HIGH);
  free = zone->free[side];
  if (free <= (gint64) zone->wmark[side][0])
    return MA_COMPARE_BELOW_MIN;
  if (free <= (gint64) zone->wmark[side][1])
    return MA_COMPARE_BELOW_LOW;
  if (free <= (gint64) zone->wmark[side][2])
    return MA_COMPARE_BELOW_HIGH;
  return MA_COMPARE_ABOVE_HIGH;
}

/**
 * ma_zone_comparison_mt_pages:
 * @zone: a compared zone
 * @side: 0 for before, 1 for after
 * @mt: a migratetype
 *
 * Returns: the free pages on @mt's free lists on that side
 */
guint64
ma_zone_comparison_mt_pages (const MaZoneComparison *zone,
                             guint                   side,
                             MaMigrateType           mt)
{
  guint64 n = 0;

  g_return_val_if_fail (side < 2 && mt < MA_N_MIGRATE_TYPES, 0);
  for (guint k = 0; k < zone->n_orders; k++)
    n += zone->nr_free_mt[side][mt][k] << k;
  return n;
}

/**
 * ma_compare_count_is_large:
 * @before: a count before
 * @after: the count after
 *
 * Returns: whether the count at least halved or doubled, by two or more
 */
gboolean
ma_compare_count_is_large (guint64 before,
                           guint64 after)
{
  guint64 d = before > after ? before - after : after - before;

  return d >= 2 && d * 2 >= MAX (before, after);
}

/**
 * ma_compare_band_name:
 * @band: a band
 *
 * Returns: (transfer none): the band in words (“below low”), translated
 */
const char *
ma_compare_band_name (MaCompareBand band)
{
  switch (band)
    {
    case MA_COMPARE_BELOW_MIN:
      return _("below min");
    case MA_COMPARE_BELOW_LOW:
      return _("below low");
    case MA_COMPARE_BELOW_HIGH:
      return _("below high");
    case MA_COMPARE_ABOVE_HIGH:
    default:
      return _("above high");
    }
}

static char *
zone_title (const MaComparison     *self,
            const MaZoneComparison *z)
{
  if (self->multi_node)
    return g_strdup_printf (_("Node %u %s"), z->node_id, z->name);
  return g_strdup (z->name);
}

static char *
bytes_of (guint64 pages,
          guint   page_size)
{
  return g_format_size_full (pages * page_size, G_FORMAT_SIZE_IEC_UNITS);
}

/* One zone's line of the summary, or NULL when nothing about it stands out. */
static char *
summarize_zone (const MaComparison     *self,
                const MaZoneComparison *z)
{
  g_autofree char *title = zone_title (self, z);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 d = ma_zone_comparison_free_delta (z);
  guint64 managed = MAX (z->managed[0], z->managed[1]);
  guint64 big0 = ma_zone_comparison_blocks_from (z, 0, MA_COMPARE_COSTLY_ORDER + 1);
  guint64 big1 = ma_zone_comparison_blocks_from (z, 1, MA_COMPARE_COSTLY_ORDER + 1);
  MaCompareBand band0, band1;

  if (z->side == MA_COMPARE_ONLY_BEFORE)
    return g_strdup_printf (_("%s is only in the first machine"), title);
  if (z->side == MA_COMPARE_ONLY_AFTER)
    return g_strdup_printf (_("%s is only in the second machine"), title);

  /* Free memory: mentioned from 1 % of the zone, so the summary says what a glance at the
   * gauges would. The zone is named once, by the first part. */
  if (d != 0 && (guint64) ABS (d) * 100 >= managed)
    {
      g_autofree char *size = bytes_of ((guint64) ABS (d), z->page_size);

      g_ptr_array_add (parts, g_strdup_printf (d < 0 ? _("%s lost %s of free memory")
                                                     : _("%s gained %s of free memory"),
                                               title, size));
    }
  band0 = ma_zone_comparison_band (z, 0);
  band1 = ma_zone_comparison_band (z, 1);
  if (band0 != band1)
    {
      if (parts->len > 0)
        g_ptr_array_add (parts, g_strdup_printf (_("now %s"), ma_compare_band_name (band1)));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("%s is now %s"), title,
                                                 ma_compare_band_name (band1)));
    }
  if (ma_compare_count_is_large (big0, big1))
    {
      g_autofree char *blocks = NULL;

      blocks = g_strdup_printf (big1 < big0 ? _("order ≥ %u blocks fell from %" PRIu64 " to %"
                                                PRIu64)
                                            : _("order ≥ %u blocks rose from %" PRIu64 " to %"
                                                PRIu64),
                                MA_COMPARE_COSTLY_ORDER + 1, big0, big1);
      if (parts->len > 0)
        g_ptr_array_add (parts, g_steal_pointer (&blocks));
      else
        g_ptr_array_add (parts, g_strdup_printf (_("%s: %s"), title, blocks));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

/**
 * ma_comparison_summary:
 * @self: a comparison
 *
 * Says what stands out, one line per zone: free memory that moved by 1 % of the zone or more
 * (“Normal lost 1.2 GiB of free memory”), a zone that crossed a watermark, free blocks above
 * the costly order that halved or doubled (“order ≥ 4 blocks fell from 812 to 13”), zones only
 * one machine has.
 *
 * Returns: (transfer full): the summary, translated, lines separated by newlines
 */
char *
ma_comparison_summary (const MaComparison *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->zones->len; i++)
    {
      g_autofree char *line = summarize_zone (self, ma_comparison_get_zone (self, i));

      if (line == NULL)
        continue;
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, line);
    }
  if (s->len == 0)
    /* xgettext:no-c-format */
    g_string_append (s, _("No zone changed much: free memory moved by less than 1 % of each "
                          "zone, and no count of large blocks halved or doubled."));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
append_row (GString    *s,
            const char *label,
            gint64      before,
            gint64      after,
            gboolean    large)
{
  if (after == before)
    g_string_append_printf (s, "  %-16s %12" PRId64 " → %12" PRId64 "   0\n", label, before,
                            after);
  else
    g_string_append_printf (s, "  %-16s %12" PRId64 " → %12" PRId64 "   %+" PRId64 "%s\n", label,
                            before, after, after - before, large ? "  !" : "");
}

static void
append_zone_text (const MaComparison     *self,
                  const MaZoneComparison *z,
                  GString                *s)
{
  g_autofree char *title = zone_title (self, z);
  guint side = z->side == MA_COMPARE_ONLY_AFTER ? 1 : 0;

  g_string_append_printf (s, "\n%s\n", title);
  if (z->side != MA_COMPARE_BOTH)
    {
      g_string_append_printf (s, "  %s\n", z->side == MA_COMPARE_ONLY_BEFORE
                                           ? _("only in the first machine")
                                           : _("only in the second machine"));
      g_string_append_printf (s, "  %-16s %12" PRId64 "\n", _("free pages"), z->free[side]);
      g_string_append_printf (s, "  %-16s %12" PRIu64 "\n", _("managed"), z->managed[side]);
      g_string_append_printf (s, "  %-16s %" PRIu64 "/%" PRIu64 "/%" PRIu64 "\n",
                              _("min/low/high"), z->wmark[side][0], z->wmark[side][1],
                              z->wmark[side][2]);
      g_string_append_printf (s, "  %-16s", _("free blocks"));
      for (guint k = 0; k < z->n_orders; k++)
        g_string_append_printf (s, " %" PRIu64, z->nr_free[side][k]);
      g_string_append_c (s, '\n');
      return;
    }

  append_row (s, _("free pages"), z->free[0], z->free[1], ma_zone_comparison_free_is_large (z));
  append_row (s, _("managed"), (gint64) z->managed[0], (gint64) z->managed[1], FALSE);
  append_row (s, _("min"), (gint64) z->wmark[0][0], (gint64) z->wmark[1][0], FALSE);
  append_row (s, _("low"), (gint64) z->wmark[0][1], (gint64) z->wmark[1][1], FALSE);
  append_row (s, _("high"), (gint64) z->wmark[0][2], (gint64) z->wmark[1][2], FALSE);
  g_string_append_printf (s, "  %s\n", _("free blocks per order (before → after, change):"));
  for (guint k = 0; k < z->n_orders; k++)
    {
      g_autofree char *label = g_strdup_printf (_("order %u"), k);

      append_row (s, label, (gint64) z->nr_free[0][k], (gint64) z->nr_free[1][k],
                  ma_compare_count_is_large (z->nr_free[0][k], z->nr_free[1][k]));
    }
  if (z->has_migratetypes && z->n_migratetypes > 0)
    {
      g_string_append_printf (s, "  %s\n    %-19s", _("free blocks per migratetype and order:"),
                              "");
      for (guint k = 0; k < z->n_orders; k++)
        g_string_append_printf (s, " %6u", k);
      g_string_append_c (s, '\n');
      for (guint i = 0; i < z->n_migratetypes; i++)
        {
          MaMigrateType mt = z->migratetypes[i];

          for (guint side_i = 0; side_i < 2; side_i++)
            {
              g_string_append_printf (s, "    %-12s %-6s", side_i == 0 ? ma_migrate_type_name (mt)
                                                                     : "",
                                      side_i == 0 ? _("before") : _("after"));
              for (guint k = 0; k < z->n_orders; k++)
                g_string_append_printf (s, " %6" PRIu64, z->nr_free_mt[side_i][mt][k]);
              g_string_append_c (s, '\n');
            }
        }
    }
}

/**
 * ma_comparison_to_text:
 * @self: a comparison
 * @before_title: (nullable): what the first machine is (“Snapshot of 10:02”)
 * @after_title: (nullable): what the second machine is
 *
 * Writes the comparison as plain text for the clipboard or a bug report: the titles, the
 * summary, then per zone the free, managed and watermark rows and the free blocks per order
 * (before → after and the change, “!” where it is large) and per migratetype.
 *
 * Returns: (transfer full): the text
 */
char *
ma_comparison_to_text (const MaComparison *self,
                       const char         *before_title,
                       const char         *after_title)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *summary = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append_printf (s, "%s\n", _("Memory Atlas: comparison"));
  g_string_append_printf (s, _("Before: %s\n"), before_title ? before_title : "—");
  g_string_append_printf (s, _("After: %s\n"), after_title ? after_title : "—");
  summary = ma_comparison_summary (self);
  g_string_append_printf (s, "\n%s\n", summary);
  for (guint i = 0; i < self->zones->len; i++)
    append_zone_text (self, ma_comparison_get_zone (self, i), s);
  return g_string_free (g_steal_pointer (&s), FALSE);
}
