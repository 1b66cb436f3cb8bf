/* ma-buddyinfo.h: /proc/buddyinfo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MA_BUDDYINFO_MAX_ORDERS:
 *
 * The largest number of order columns accepted (x86 prints 11, arm64 with 64 KiB pages 14).
 */
#define MA_BUDDYINFO_MAX_ORDERS 32

/**
 * MaBuddyinfoZone:
 * @node_id: the node number
 * @name: the zone name without padding
 * @line: the line number in the file
 * @counts: (array length=n_orders): free blocks per order (`free_area[order].nr_free`)
 * @n_orders: number of @counts (the same for every zone of a file)
 * @free_pages: Σ counts[order] · 2^order, the pages these blocks hold; checked for overflow
 *   while parsing
 *
 * One line of /proc/buddyinfo: a populated zone's free blocks per order.
 */
typedef struct
{
  guint32        node_id;
  const char    *name;
  guint32        line;
  const guint64 *counts;
  guint          n_orders;
  guint64        free_pages;
} MaBuddyinfoZone;

/**
 * MaBuddyinfo:
 *
 * A parsed /proc/buddyinfo. Immutable and reference counted.
 */
typedef struct _MaBuddyinfo MaBuddyinfo;

#define MA_TYPE_BUDDYINFO (ma_buddyinfo_get_type ())

GType                  ma_buddyinfo_get_type     (void) G_GNUC_CONST;

MaBuddyinfo           *ma_buddyinfo_parse        (const char         *text,
                                                  gssize              length,
                                                  const char         *source_name,
                                                  GError            **error);
MaBuddyinfo           *ma_buddyinfo_ref          (MaBuddyinfo        *self);
void                   ma_buddyinfo_unref        (MaBuddyinfo        *self);

guint                  ma_buddyinfo_get_n_orders (const MaBuddyinfo  *self);
guint                  ma_buddyinfo_get_n_zones  (const MaBuddyinfo  *self);
const MaBuddyinfoZone *ma_buddyinfo_get_zone     (const MaBuddyinfo  *self,
                                                  guint               index);
const MaBuddyinfoZone *ma_buddyinfo_lookup_zone  (const MaBuddyinfo  *self,
                                                  guint               node_id,
                                                  const char         *zone_name);
const char * const    *ma_buddyinfo_get_warnings (const MaBuddyinfo  *self);
gboolean               ma_buddyinfo_equal        (const MaBuddyinfo  *a,
                                                  const MaBuddyinfo  *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaBuddyinfo, ma_buddyinfo_unref)

G_END_DECLS
