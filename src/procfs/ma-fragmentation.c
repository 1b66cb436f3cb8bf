/* ma-fragmentation.c: the kernel's fragmentation indices of a zone, per order
 *
 * Both indices come from the free block counts per order alone (/proc/buddyinfo), exactly as
 * mm/vmstat.c computes them for debugfs (KERNEL.md §9, ≥ ≈2.6.35):
 *
 *  - the unusable free space index (`extfrag/unusable_index`): the share of free memory held in
 *    blocks smaller than the order, in thousandths; 1000 when nothing is free;
 *  - the external fragmentation index (`extfrag/extfrag_index`), which compaction consults:
 *    −1000 when a block of the order exists (the request would succeed), otherwise between 0
 *    (a failure would be due to lack of memory) and 1000 (due to fragmentation).
 *
 * Integer arithmetic truncates as the kernel's does; the products are taken in 128 bits so
 * that absurd counts cannot wrap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-fragmentation"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-fragmentation.h"

typedef unsigned __int128 u128;

/* Saturates instead of wrapping: only absurd input gets there. */
static guint64
sat_add (guint64 a,
         guint64 b)
{
  return a > G_MAXUINT64 - b ? G_MAXUINT64 : a + b;
}

static guint64
sat_shl (guint64 v,
         guint   shift)
{
  if (v == 0)
    return 0;
  if (shift >= 64 || v > (G_MAXUINT64 >> shift))
    return G_MAXUINT64;
  return v << shift;
}

/**
 * ma_fragmentation_contig_info:
 * @nr_free: (array length=n_orders): free blocks per order
 * @n_orders: number of orders
 * @order: the requested order
 * @out_info: (out): the counts
 *
 * `fill_contig_page_info()`: free pages, free blocks, and the blocks of @order the free blocks
 * could give.
 */
void
ma_fragmentation_contig_info (const guint64 *nr_free,
                              guint          n_orders,
                              guint          order,
                              MaContigInfo  *out_info)
{
  g_return_if_fail (nr_free != NULL || n_orders == 0);
  g_return_if_fail (out_info != NULL);

  out_info->free_pages = 0;
  out_info->free_blocks_total = 0;
  out_info->free_blocks_suitable = 0;
  for (guint k = 0; k < n_orders; k++)
    {
      out_info->free_blocks_total = sat_add (out_info->free_blocks_total, nr_free[k]);
      out_info->free_pages = sat_add (out_info->free_pages, sat_shl (nr_free[k], k));
      if (k >= order)
        out_info->free_blocks_suitable = sat_add (out_info->free_blocks_suitable,
                                                  sat_shl (nr_free[k], k - order));
    }
}

/**
 * ma_fragmentation_unusable_index:
 * @nr_free: (array length=n_orders): free blocks per order
 * @n_orders: number of orders
 * @order: the requested order
 *
 * `unusable_free_index()`: (free − suitable · 2^order) · 1000 / free, or 1000 when nothing is
 * free.
 *
 * Returns: the index in thousandths, 0 … 1000
 */
int
ma_fragmentation_unusable_index (const guint64 *nr_free,
                                 guint          n_orders,
                                 guint          order)
{
  MaContigInfo info;
  u128 usable;

  ma_fragmentation_contig_info (nr_free, n_orders, order, &info);
  if (info.free_pages == 0)
    return 1000;
  usable = (u128) info.free_blocks_suitable << MIN (order, 63u);
  if (usable >= info.free_pages)
    return 0;
  return (int) (((u128) (info.free_pages - (guint64) usable) * 1000) / info.free_pages);
}

/**
 * ma_fragmentation_extfrag_index:
 * @nr_free: (array length=n_orders): free blocks per order
 * @n_orders: number of orders
 * @order: the requested order
 *
 * `__fragmentation_index()`: 0 when there are no free blocks, −1000 when a block of @order can
 * be had, otherwise 1000 − (1000 + free · 1000 / 2^order) / blocks.
 *
 * Returns: the index in thousandths, −1000 or 0 … 1000
 */
int
ma_fragmentation_extfrag_index (const guint64 *nr_free,
                                guint          n_orders,
                                guint          order)
{
  MaContigInfo info;
  u128 scaled;
  u128 q;

  ma_fragmentation_contig_info (nr_free, n_orders, order, &info);
  if (info.free_blocks_total == 0)
    return 0;
  if (info.free_blocks_suitable > 0)
    return -1000;
  scaled = ((u128) info.free_pages * 1000) >> MIN (order, 63u);
  q = (1000 + scaled) / info.free_blocks_total;
  /* With no suitable block, free / blocks < 2^(order − 1), so q ≤ 1500: the kernel's int
   * result can be slightly negative for a zone with very few free blocks, and is kept so. */
  return 1000 - (int) MIN (q, (u128) 1000000);
}

/**
 * ma_fragmentation_format_index:
 * @index: an index in thousandths
 *
 * Returns: (transfer full): the index as the kernel prints it (`%d.%03d` of index / 1000 and
 *   index % 1000), `0.066` or `-1.000`
 */
char *
ma_fragmentation_format_index (int index)
{
  return g_strdup_printf ("%d.%03d", index / 1000, index % 1000);
}

/**
 * ma_fragmentation_debugfs:
 * @buddyinfo: a parsed /proc/buddyinfo
 * @extfrag: %TRUE for `extfrag_index`, %FALSE for `unusable_index`
 *
 * Writes what /sys/kernel/debug/extfrag/unusable_index or extfrag_index would have shown at
 * the moment buddyinfo was read: one line per populated zone, `Node N, zone NAME ` and one
 * index per order (`%d.%03d ` or `%2d.%03d `).
 *
 * Returns: (transfer full): the text
 */
GString *
ma_fragmentation_debugfs (const MaBuddyinfo *buddyinfo,
                          gboolean           extfrag)
{
  GString *out;

  g_return_val_if_fail (buddyinfo != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < ma_buddyinfo_get_n_zones (buddyinfo); i++)
    {
      const MaBuddyinfoZone *z = ma_buddyinfo_get_zone (buddyinfo, i);

      g_string_append_printf (out, "Node %u, zone %8s ", z->node_id, z->name);
      for (guint k = 0; k < z->n_orders; k++)
        {
          int index = extfrag ? ma_fragmentation_extfrag_index (z->counts, z->n_orders, k)
                              : ma_fragmentation_unusable_index (z->counts, z->n_orders, k);

          if (extfrag)
            g_string_append_printf (out, "%2d.%03d ", index / 1000, index % 1000);
          else
            g_string_append_printf (out, "%d.%03d ", index / 1000, index % 1000);
        }
      g_string_append_c (out, '\n');
    }
  return out;
}

/**
 * ma_fragmentation_describe:
 * @nr_free: (array length=n_orders): free blocks per order
 * @n_orders: number of orders
 * @order: the requested order
 * @extfrag_threshold: `vm.extfrag_threshold` (%MA_EXTFRAG_THRESHOLD_DEFAULT unless known)
 *
 * Says in words what the two indices mean for an allocation of @order, e.g. “order 9: 34.0 %
 * of free memory is in blocks too small; a failure now would be due to fragmentation (index
 * 0.912): compaction would help”.
 *
 * Returns: (transfer full): the sentence
 */
char *
ma_fragmentation_describe (const guint64 *nr_free,
                           guint          n_orders,
                           guint          order,
                           guint          extfrag_threshold)
{
  MaContigInfo info;
  int unusable = ma_fragmentation_unusable_index (nr_free, n_orders, order);
  int extfrag = ma_fragmentation_extfrag_index (nr_free, n_orders, order);
  g_autofree char *index = ma_fragmentation_format_index (extfrag);

  ma_fragmentation_contig_info (nr_free, n_orders, order, &info);
  if (info.free_pages == 0)
    return g_strdup_printf (_("order %u: nothing is free; an allocation would fail for lack of "
                              "memory: reclaim would help"), order);
  if (info.free_blocks_suitable > 0)
    /* Translators: %d.%d %% is a percentage with one decimal (34.0 %); write the decimal
     * separator of your language in its place */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "order %u: %d.%d %% of free memory is in blocks too "
                                         "small; %" PRIu64 " block of this order can be had, "
                                         "so an allocation would succeed now",
                                         "order %u: %d.%d %% of free memory is in blocks too "
                                         "small; %" PRIu64 " blocks of this order can be had, "
                                         "so an allocation would succeed now",
                                         (gulong) MIN (info.free_blocks_suitable, G_MAXULONG)),
                            order, unusable / 10, unusable % 10, info.free_blocks_suitable);
  if (extfrag > (int) extfrag_threshold)
    return g_strdup_printf (_("order %u: %d.%d %% of free memory is in blocks too small; a "
                              "failure now would be due to fragmentation (index %s): "
                              "compaction would help"), order, unusable / 10, unusable % 10,
                            index);
  return g_strdup_printf (_("order %u: %d.%d %% of free memory is in blocks too small; a failure "
                            "now would be due to lack of memory (index %s): reclaim would help"),
                          order, unusable / 10, unusable % 10, index);
}
