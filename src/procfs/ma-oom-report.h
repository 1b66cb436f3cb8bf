/* ma-oom-report.h: the "Mem-Info" block of OOM reports and allocation failures in kernel logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ma-keyvalue.h"

G_BEGIN_DECLS

/**
 * MaOomReportKind:
 * @MA_OOM_REPORT_MEM_INFO_ONLY: a Mem-Info block without its invoking line
 * @MA_OOM_REPORT_OOM_KILLER: `… invoked oom-killer: gfp_mask=…, order=N, oom_score_adj=N`
 * @MA_OOM_REPORT_ALLOCATION_FAILURE: `…: page allocation failure: order:N, mode:0x…`
 *
 * What printed the Mem-Info block.
 */
typedef enum
{
  MA_OOM_REPORT_MEM_INFO_ONLY,
  MA_OOM_REPORT_OOM_KILLER,
  MA_OOM_REPORT_ALLOCATION_FAILURE,
} MaOomReportKind;

/**
 * MaOomNode:
 * @node_id: the node number
 * @line: the line number
 * @fields: (array length=n_fields): every `key:value` of the `Node N active_anon:…kB …` line,
 *   in order, with the unit as printed (`kB`)
 * @n_fields: number of @fields
 * @all_unreclaimable: the `all_unreclaimable?` answer (-1 if absent, 0 no, 1 yes)
 *
 * The per-node line of a Mem-Info block (≥ 4.8).
 */
typedef struct
{
  guint32           node_id;
  guint32           line;
  const MaKeyValue *fields;
  guint             n_fields;
  gint              all_unreclaimable;
} MaOomNode;

/**
 * MaOomZone:
 * @node_id: the node number (0 when the kernel was built without NUMA and printed no `Node N`)
 * @node_printed: whether the lines said `Node N`
 * @name: the zone name
 * @line: line number of the zone line
 * @fields: (array length=n_fields): every `key:value` of the zone line (`free:…kB`,
 *   `boost:…kB`, `min:…kB`, …, `present:…kB`, `managed:…kB`, `pages_scanned:N`), in order,
 *   unit as printed (`kB`, `KB` or none); the set varies by kernel version
 * @n_fields: number of @fields
 * @all_unreclaimable: the `all_unreclaimable?` answer (-1 if absent, 0 no, 1 yes)
 * @lowmem_reserve: (array length=n_lowmem_reserve): the `lowmem_reserve[]:` values, in pages
 * @n_lowmem_reserve: number of entries; 0 if the line was missing
 * @orders_line: line number of the per-order line (`Node 0 Normal: 12*4kB (UME) … = NkB`), or 0
 * @n_orders: number of orders on that line (0 if missing)
 * @order_counts: (array length=n_orders): free blocks per order
 * @order_kb: (array length=n_orders): block size per order in kB, as printed
 * @order_types: (array length=n_orders): the migratetype letters per order (`UME`, `M`, …),
 *   `""` when none were printed
 * @order_total_kb: the total after `=`, in kB
 *
 * One zone of a Mem-Info block: the zone line, its `lowmem_reserve[]` and its per-order line.
 */
typedef struct
{
  guint32              node_id;
  gboolean             node_printed;
  const char          *name;
  guint32              line;
  const MaKeyValue    *fields;
  guint                n_fields;
  gint                 all_unreclaimable;
  const gint64        *lowmem_reserve;
  guint                n_lowmem_reserve;
  guint32              orders_line;
  guint                n_orders;
  const guint64       *order_counts;
  const guint64       *order_kb;
  const char * const  *order_types;
  guint64              order_total_kb;
} MaOomZone;

/**
 * MaOomReport:
 *
 * One Mem-Info block found in a kernel log (dmesg, journalctl, syslog, a mail): the invoking
 * line, the global counters, the per-node and per-zone lines and the summary lines. Line
 * prefixes (`[ 1234.567890]`, `[  +0.000004]`, `[    T0]`, `Jan 02 12:00:00 host kernel: `,
 * `> ` quoting) are ignored. Immutable and reference counted.
 */
typedef struct _MaOomReport MaOomReport;

#define MA_TYPE_OOM_REPORT (ma_oom_report_get_type ())

GType               ma_oom_report_get_type            (void) G_GNUC_CONST;

GPtrArray          *ma_oom_report_parse_all           (const char        *text,
                                                       gssize             length,
                                                       const char        *source_name,
                                                       GError           **error);
MaOomReport        *ma_oom_report_ref                 (MaOomReport       *self);
void                ma_oom_report_unref               (MaOomReport       *self);

MaOomReportKind     ma_oom_report_get_kind            (const MaOomReport *self);
guint               ma_oom_report_get_line            (const MaOomReport *self);
const char         *ma_oom_report_get_task            (const MaOomReport *self);
gboolean            ma_oom_report_get_gfp_mask        (const MaOomReport *self,
                                                       guint64           *mask);
const char         *ma_oom_report_get_gfp_flags       (const MaOomReport *self);
int                 ma_oom_report_get_order           (const MaOomReport *self);
gboolean            ma_oom_report_get_oom_score_adj   (const MaOomReport *self,
                                                       int               *adj);
const char         *ma_oom_report_get_invocation      (const MaOomReport *self);
guint               ma_oom_report_get_page_size       (const MaOomReport *self);

guint               ma_oom_report_get_n_counters      (const MaOomReport *self);
const MaKeyValue   *ma_oom_report_get_counters        (const MaOomReport *self);
gboolean            ma_oom_report_get_counter         (const MaOomReport *self,
                                                       const char        *name,
                                                       guint64           *value);
guint               ma_oom_report_get_n_nodes         (const MaOomReport *self);
const MaOomNode    *ma_oom_report_get_node            (const MaOomReport *self,
                                                       guint              index);
guint               ma_oom_report_get_n_zones         (const MaOomReport *self);
const MaOomZone    *ma_oom_report_get_zone            (const MaOomReport *self,
                                                       guint              index);
const MaOomZone    *ma_oom_report_lookup_zone         (const MaOomReport *self,
                                                       guint              node_id,
                                                       const char        *zone_name);
guint               ma_oom_report_get_n_summary       (const MaOomReport *self);
const MaKeyValue   *ma_oom_report_get_summary         (const MaOomReport *self);
const char * const *ma_oom_report_get_warnings        (const MaOomReport *self);

gboolean            ma_oom_zone_get_kb                (const MaOomZone   *zone,
                                                       const char        *name,
                                                       guint64           *kb);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaOomReport, ma_oom_report_unref)

G_END_DECLS
