/* ma-cli-inspect.c: `memory-atlas-cli inspect PATH [--json]`
 *
 * Shows what a snapshot holds, zone by zone: sizes, free pages, watermarks, protection, free
 * blocks per order (and per migratetype when pagetypeinfo is there), pageblock types and the
 * fragmentation indices, with the kernel, the page size and the warnings of loading. PATH is
 * any file the sniffer knows (/proc files, a bundle, a kernel log with an OOM report) or a
 * folder of them.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ma-cli.h"
#include "ma-cli-table.h"
#include "ma-fragmentation.h"
#include "ma-procfs.h"
#include "ma-types.h"

/* One zone as every file of the snapshot describes it. */
typedef struct
{
  guint32     node_id;
  char       *name;
  gboolean    have_sizes;
  guint64     start_pfn;
  gboolean    have_start;
  guint64     spanned;
  guint64     present;
  gboolean    have_managed;
  guint64     managed;
  gboolean    have_free;
  guint64     free;
  gboolean    have_wmarks;
  guint64     min, low, high;
  gboolean    have_promo;
  guint64     promo;
  gboolean    have_boost;
  guint64     boost;
  gboolean    have_cma;
  guint64     cma;
  guint       n_protection;
  gint64      protection[MA_N_ZONE_TYPES];
  guint       n_orders;
  guint64     blocks[MA_BUDDYINFO_MAX_ORDERS];
  const char *order_types[MA_BUDDYINFO_MAX_ORDERS];   /* OOM reports: migratetype letters */
  const MaPagetypeinfoZone *pt;
} Zone;

static void
zone_free (gpointer data)
{
  Zone *z = data;

  g_free (z->name);
  g_free (z);
}

static Zone *
get_zone (GPtrArray  *zones,
          guint32     node_id,
          const char *name)
{
  Zone *z;

  for (guint i = 0; i < zones->len; i++)
    {
      z = zones->pdata[i];
      if (z->node_id == node_id && g_str_equal (z->name, name))
        return z;
    }
  z = g_new0 (Zone, 1);
  z->node_id = node_id;
  z->name = g_strdup (name);
  g_ptr_array_add (zones, z);
  return z;
}

static int
compare_zones (gconstpointer a,
               gconstpointer b)
{
  const Zone *x = *(const Zone * const *) a, *y = *(const Zone * const *) b;
  MaZoneType tx = MA_N_ZONE_TYPES, ty = MA_N_ZONE_TYPES;

  if (x->node_id != y->node_id)
    return x->node_id < y->node_id ? -1 : 1;
  ma_zone_type_from_name (x->name, &tx);
  ma_zone_type_from_name (y->name, &ty);
  return tx < ty ? -1 : tx > ty ? 1 : 0;
}

static void
collect (MaSnapshot  *snap,
         GPtrArray   *zones,
         MaOomReport *oom)
{
  MaZoneinfo *zi = ma_snapshot_get_zoneinfo (snap);
  MaBuddyinfo *bi = ma_snapshot_get_buddyinfo (snap);
  MaPagetypeinfo *pt = ma_snapshot_get_pagetypeinfo (snap);

  for (guint i = 0; zi && i < ma_zoneinfo_get_n_zones (zi); i++)
    {
      const MaZoneinfoZone *src = ma_zoneinfo_get_zone (zi, i);
      Zone *z = get_zone (zones, src->node_id, src->name);

      z->have_sizes = (src->fields & MA_ZONE_HAS_PRESENT) != 0;
      z->spanned = src->spanned;
      z->present = src->present;
      z->have_start = (src->fields & MA_ZONE_HAS_START_PFN) != 0;
      z->start_pfn = src->start_pfn;
      z->have_managed = (src->fields & MA_ZONE_HAS_MANAGED) != 0;
      z->managed = src->managed;
      z->have_free = (src->fields & MA_ZONE_HAS_FREE) != 0;
      z->free = src->free_pages;
      z->have_wmarks = (src->fields & MA_ZONE_HAS_MIN) != 0;
      z->min = src->min;
      z->low = src->low;
      z->high = src->high;
      z->have_promo = (src->fields & MA_ZONE_HAS_PROMO) != 0;
      z->promo = src->promo;
      z->have_boost = (src->fields & MA_ZONE_HAS_BOOST) != 0;
      z->boost = src->boost;
      z->have_cma = (src->fields & MA_ZONE_HAS_CMA) != 0;
      z->cma = src->cma;
      if (src->fields & MA_ZONE_HAS_PROTECTION)
        {
          z->n_protection = MIN (src->n_protection, (guint) MA_N_ZONE_TYPES);
          memcpy (z->protection, src->protection, z->n_protection * sizeof (gint64));
        }
    }
  for (guint i = 0; bi && i < ma_buddyinfo_get_n_zones (bi); i++)
    {
      const MaBuddyinfoZone *src = ma_buddyinfo_get_zone (bi, i);
      Zone *z = get_zone (zones, src->node_id, src->name);

      z->n_orders = src->n_orders;
      memcpy (z->blocks, src->counts, src->n_orders * sizeof (guint64));
    }
  for (guint i = 0; pt && i < ma_pagetypeinfo_get_n_zones (pt); i++)
    {
      const MaPagetypeinfoZone *src = ma_pagetypeinfo_get_zone (pt, i);
      Zone *z = get_zone (zones, src->node_id, src->name);

      z->pt = src;
      if (z->n_orders == 0)
        {
          z->n_orders = src->n_orders;
          for (guint k = 0; k < src->n_orders; k++)
            z->blocks[k] = ma_pagetypeinfo_zone_sum_order (src, k, NULL);
        }
    }
  if (oom != NULL)
    {
      guint page_kb = MAX (ma_oom_report_get_page_size (oom), 4096u) / 1024;

      for (guint i = 0; i < ma_oom_report_get_n_zones (oom); i++)
        {
          const MaOomZone *src = ma_oom_report_get_zone (oom, i);
          Zone *z = get_zone (zones, src->node_id, src->name);
          guint64 kb;

          if (ma_oom_zone_get_kb (src, "present", &kb))
            {
              z->have_sizes = TRUE;
              z->present = z->spanned = kb / page_kb;
            }
          if (ma_oom_zone_get_kb (src, "managed", &kb))
            {
              z->have_managed = TRUE;
              z->managed = kb / page_kb;
            }
          if (ma_oom_zone_get_kb (src, "free", &kb))
            {
              z->have_free = TRUE;
              z->free = kb / page_kb;
            }
          if (ma_oom_zone_get_kb (src, "min", &kb))
            {
              z->have_wmarks = TRUE;
              z->min = kb / page_kb;
              if (ma_oom_zone_get_kb (src, "low", &kb))
                z->low = kb / page_kb;
              if (ma_oom_zone_get_kb (src, "high", &kb))
                z->high = kb / page_kb;
            }
          if (ma_oom_zone_get_kb (src, "boost", &kb))
            {
              z->have_boost = TRUE;
              z->boost = kb / page_kb;
            }
          z->n_protection = MIN (src->n_lowmem_reserve, (guint) MA_N_ZONE_TYPES);
          memcpy (z->protection, src->lowmem_reserve, z->n_protection * sizeof (gint64));
          z->n_orders = MIN (src->n_orders, (guint) MA_BUDDYINFO_MAX_ORDERS);
          for (guint k = 0; k < z->n_orders; k++)
            {
              z->blocks[k] = src->order_counts[k];
              z->order_types[k] = src->order_types[k];
            }
        }
    }
  g_ptr_array_sort (zones, compare_zones);
}

/* ------------------------------------------------------------------------------------------ */
/* JSON */

static void
json_uint (JsonBuilder *b,
           const char  *key,
           guint64      v)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, (gint64) MIN (v, (guint64) G_MAXINT64));
}

static void
json_counts (JsonBuilder   *b,
             const char    *key,
             const guint64 *v,
             guint          n)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint k = 0; k < n; k++)
    json_builder_add_int_value (b, (gint64) MIN (v[k], (guint64) G_MAXINT64));
  json_builder_end_array (b);
}

static void
json_strings (JsonBuilder        *b,
              const char         *key,
              const char * const *strv)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (; strv != NULL && *strv != NULL; strv++)
    json_builder_add_string_value (b, *strv);
  json_builder_end_array (b);
}

static void
json_zone (JsonBuilder    *b,
           const Zone     *z,
           MaPagetypeinfo *pt)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, z->name);
  if (z->have_start)
    json_uint (b, "start_pfn", z->start_pfn);
  if (z->have_sizes)
    {
      json_uint (b, "spanned", z->spanned);
      json_uint (b, "present", z->present);
    }
  if (z->have_managed)
    json_uint (b, "managed", z->managed);
  if (z->have_free)
    json_uint (b, "free", z->free);
  if (z->have_wmarks)
    {
      json_uint (b, "min", z->min);
      json_uint (b, "low", z->low);
      json_uint (b, "high", z->high);
    }
  if (z->have_promo)
    json_uint (b, "promo", z->promo);
  if (z->have_boost)
    json_uint (b, "boost", z->boost);
  if (z->have_cma)
    json_uint (b, "cma", z->cma);
  if (z->n_protection > 0)
    {
      json_builder_set_member_name (b, "protection");
      json_builder_begin_array (b);
      for (guint j = 0; j < z->n_protection; j++)
        json_builder_add_int_value (b, z->protection[j]);
      json_builder_end_array (b);
    }
  if (z->n_orders > 0)
    {
      json_counts (b, "free_blocks", z->blocks, z->n_orders);
      if (z->order_types[0] != NULL)
        json_strings (b, "free_block_types", z->order_types);
    }
  if (z->pt != NULL)
    {
      json_builder_set_member_name (b, "free_blocks_by_migratetype");
      json_builder_begin_object (b);
      for (guint t = 0; t < z->pt->n_types; t++)
        {
          g_autofree guint64 *v = g_new0 (guint64, z->pt->n_orders);
          g_autofree gboolean *capped = g_new0 (gboolean, z->pt->n_orders);
          gboolean any_capped = FALSE;

          if (!(z->pt->types_present & (1u << t)))
            continue;
          for (guint k = 0; k < z->pt->n_orders; k++)
            {
              v[k] = ma_pagetypeinfo_zone_get_free (z->pt, t, k, &capped[k]);
              any_capped |= capped[k];
            }
          json_counts (b, ma_pagetypeinfo_get_type_name (pt, t), v, z->pt->n_orders);
          if (any_capped)
            {
              g_autofree char *key = g_strdup_printf ("%s_capped",
                                                      ma_pagetypeinfo_get_type_name (pt, t));

              json_builder_set_member_name (b, key);
              json_builder_begin_array (b);
              for (guint k = 0; k < z->pt->n_orders; k++)
                json_builder_add_boolean_value (b, capped[k]);
              json_builder_end_array (b);
            }
        }
      json_builder_end_object (b);
      if (z->pt->blocks != NULL)
        {
          json_builder_set_member_name (b, "pageblocks");
          json_builder_begin_object (b);
          for (guint t = 0; t < z->pt->n_types; t++)
            json_uint (b, ma_pagetypeinfo_get_type_name (pt, t), z->pt->blocks[t]);
          json_builder_end_object (b);
        }
    }
  if (z->n_orders > 0)
    {
      json_builder_set_member_name (b, "fragmentation");
      json_builder_begin_object (b);
      for (guint pass = 0; pass < 2; pass++)
        {
          json_builder_set_member_name (b, pass == 0 ? "unusable_index" : "extfrag_index");
          json_builder_begin_array (b);
          for (guint k = 0; k < z->n_orders; k++)
            {
              int v = pass == 0 ? ma_fragmentation_unusable_index (z->blocks, z->n_orders, k)
                                : ma_fragmentation_extfrag_index (z->blocks, z->n_orders, k);
              g_autofree char *text = ma_fragmentation_format_index (v);

              json_builder_add_string_value (b, text);
            }
          json_builder_end_array (b);
        }
      {
        /* in words, at the pageblock order (what THP and compaction care about) */
        int pb = pt ? ma_pagetypeinfo_get_pageblock_order (pt) : 9;
        guint order = (guint) CLAMP (pb, 0, (int) z->n_orders - 1);
        g_autofree char *words = ma_fragmentation_describe (z->blocks, z->n_orders, order,
                                                            MA_EXTFRAG_THRESHOLD_DEFAULT);

        json_builder_set_member_name (b, "meaning");
        json_builder_add_string_value (b, words);
      }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

/* ------------------------------------------------------------------------------------------ */
/* Text */

/* Rows of counts per order: a label column @width wide (labels may be translated or be
 * migratetype names), then one column of 8 per order. */
static void
print_counts_row (const char     *label,
                  guint           width,
                  const guint64  *v,
                  const gboolean *capped,
                  guint           n)
{
  g_print ("      ");
  ma_cli_print_padded (label, width);
  for (guint k = 0; k < n; k++)
    {
      if (capped && capped[k])
        g_print (" >%6" G_GUINT64_FORMAT, v[k]);
      else
        g_print (" %7" G_GUINT64_FORMAT, v[k]);
    }
  g_print ("\n");
}

static void
print_zone (const Zone     *z,
            MaPagetypeinfo *pt,
            guint           page_size)
{
  /* Translators: the labels of the rows of free blocks per order in “memory-atlas-cli
   * inspect”: the header row of order numbers */
  const char *order_label = C_("inspect row", "order");
  /* Translators: the row of free blocks of all migratetypes */
  const char *all_label = C_("inspect row", "all");
  /* Translators: the row of migratetype letters an OOM report prints per order */
  const char *types_label = C_("inspect row", "types");
  /* Translators: the row of the kernel's unusable free space index per order */
  const char *unusable_label = C_("inspect row", "unusable");
  /* Translators: the row of the kernel's external fragmentation index per order */
  const char *extfrag_label = C_("inspect row", "extfrag");
  const char *labels[] = { order_label, all_label, types_label, unusable_label, extfrag_label };
  /* 13 columns hold the English labels and the kernel's migratetype names */
  guint width = MAX (13, ma_cli_max_width (labels, G_N_ELEMENTS (labels)));

  if (z->pt != NULL)
    for (guint t = 0; t < z->pt->n_types; t++)
      width = MAX (width, ma_cli_text_width (ma_pagetypeinfo_get_type_name (pt, t)));

  g_print ("  %s\n", z->name);
  if (z->have_sizes || z->have_managed || z->have_free)
    {
      /* Translators: heading of a zone's page counts; the field names after it (start_pfn,
       * spanned, present, managed, free, cma) are zoneinfo's and stay as they are */
      g_print ("    %s", _("pages:"));
      if (z->have_start)
        g_print ("  start_pfn %" G_GUINT64_FORMAT, z->start_pfn);
      if (z->have_sizes)
        g_print ("  spanned %" G_GUINT64_FORMAT "  present %" G_GUINT64_FORMAT, z->spanned,
                 z->present);
      if (z->have_managed)
        g_print ("  managed %" G_GUINT64_FORMAT, z->managed);
      if (z->have_free)
        g_print ("  free %" G_GUINT64_FORMAT " (%.1f MiB)", z->free,
                 (double) z->free * page_size / (1024.0 * 1024.0));
      if (z->have_cma)
        g_print ("  cma %" G_GUINT64_FORMAT, z->cma);
      g_print ("\n");
    }
  if (z->have_wmarks)
    {
      /* Translators: heading of a zone's watermarks; min, low, high, promo and boost after it
       * are zoneinfo's field names */
      g_print ("    %s  min %" G_GUINT64_FORMAT "  low %" G_GUINT64_FORMAT "  high %"
               G_GUINT64_FORMAT, _("watermarks:"), z->min, z->low, z->high);
      if (z->have_promo)
        g_print ("  promo %" G_GUINT64_FORMAT, z->promo);
      if (z->have_boost)
        g_print ("  boost %" G_GUINT64_FORMAT, z->boost);
      g_print ("\n");
    }
  if (z->n_protection > 0)
    {
      /* Translators: heading of a zone's protection array (lowmem_reserve) */
      g_print ("    %s  (", _("protection:"));
      for (guint j = 0; j < z->n_protection; j++)
        g_print ("%s%" G_GINT64_FORMAT, j ? ", " : "", z->protection[j]);
      g_print (")\n");
    }
  if (z->n_orders > 0)
    {
      g_autofree guint64 *orders = g_new (guint64, z->n_orders);

      for (guint k = 0; k < z->n_orders; k++)
        orders[k] = k;
      g_print ("    %s\n", _("free blocks per order:"));
      print_counts_row (order_label, width, orders, NULL, z->n_orders);
      print_counts_row (all_label, width, z->blocks, NULL, z->n_orders);
      if (z->order_types[0] != NULL)
        {
          g_print ("      ");
          ma_cli_print_padded (types_label, width);
          for (guint k = 0; k < z->n_orders; k++)
            g_print (" %7s", z->order_types[k][0] ? z->order_types[k] : "-");
          g_print ("\n");
        }
      if (z->pt != NULL)
        for (guint t = 0; t < z->pt->n_types; t++)
          {
            g_autofree guint64 *v = g_new0 (guint64, z->pt->n_orders);
            g_autofree gboolean *capped = g_new0 (gboolean, z->pt->n_orders);

            if (!(z->pt->types_present & (1u << t)))
              continue;
            for (guint k = 0; k < z->pt->n_orders; k++)
              v[k] = ma_pagetypeinfo_zone_get_free (z->pt, t, k, &capped[k]);
            print_counts_row (ma_pagetypeinfo_get_type_name (pt, t), width, v, capped,
                              z->pt->n_orders);
          }
      g_print ("      ");
      ma_cli_print_padded (unusable_label, width);
      for (guint k = 0; k < z->n_orders; k++)
        {
          g_autofree char *v = ma_fragmentation_format_index (
            ma_fragmentation_unusable_index (z->blocks, z->n_orders, k));

          g_print (" %7s", v);
        }
      g_print ("\n      ");
      ma_cli_print_padded (extfrag_label, width);
      for (guint k = 0; k < z->n_orders; k++)
        {
          g_autofree char *v = ma_fragmentation_format_index (
            ma_fragmentation_extfrag_index (z->blocks, z->n_orders, k));

          g_print (" %7s", v);
        }
      g_print ("\n");
      {
        int pb = pt ? ma_pagetypeinfo_get_pageblock_order (pt) : 9;
        guint order = (guint) CLAMP (pb, 0, (int) z->n_orders - 1);
        g_autofree char *words = ma_fragmentation_describe (z->blocks, z->n_orders, order,
                                                            MA_EXTFRAG_THRESHOLD_DEFAULT);

        g_print ("      %s\n", words);
      }
    }
  if (z->pt != NULL && z->pt->blocks != NULL)
    {
      /* Translators: heading of a zone's pageblock counts per migratetype */
      g_print ("    %s", _("pageblocks:"));
      for (guint t = 0; t < z->pt->n_types; t++)
        g_print ("  %s %" G_GUINT64_FORMAT, ma_pagetypeinfo_get_type_name (pt, t),
                 z->pt->blocks[t]);
      g_print ("\n");
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Loading, shared with `check` */

/* A text part that ends in the middle of a line the parser could not read was cut short. */
static gboolean
check_not_truncated (MaSnapshot  *snap,
                     GError     **error)
{
  const char * const *warnings = ma_snapshot_get_warnings (snap);

  for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_VMSTAT; k++)
    {
      gsize len = 0;
      const char *text = ma_snapshot_get_text (snap, k, &len);
      const char *source = ma_snapshot_get_part_source (snap, k);
      const char *last;
      guint line = 1;
      g_autofree char *prefix = NULL;
      g_autofree char *cut = NULL;

      if (text == NULL || len == 0 || text[len - 1] == '\n' || source == NULL)
        continue;
      for (gsize i = 0; i < len; i++)
        if (text[i] == '\n')
          line++;
      last = g_strrstr_len (text, (gssize) len, "\n");
      last = last ? last + 1 : text;
      /* the warning of a cut line starts as every warning about a line does (ma_scan_warn()),
       * in the language of the messages */
      prefix = g_strdup_printf (_("%s, line %u: %s"), source, line, "");
      for (const char * const *w = warnings; *w != NULL; w++)
        if (g_str_has_prefix (*w, prefix))
          {
            cut = g_strndup (last, MIN ((gsize) (text + len - last), (gsize) 40));
            g_strstrip (cut);
            g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED,
                         _("%s, line %u: the file ends in the middle of a line (“%s”): expected "
                           "a complete %s line; the file was cut short"), source, line,
                         g_str_is_ascii (cut) ? cut : "…", ma_procfs_kind_to_string (k));
            return FALSE;
          }
    }
  return TRUE;
}

/**
 * ma_cli_load_snapshot:
 * @path: a file or folder
 * @error: return location for an error naming the file, the line and what was expected
 *
 * Loads a snapshot for `inspect` and `check`, refusing what would only show nothing or
 * nonsense: binary data that is not page flags of some text file, files cut in the middle of a
 * line, page counts no machine has.
 *
 * Returns: (transfer full) (nullable): the snapshot
 */
MaSnapshot *
ma_cli_load_snapshot (const char  *path,
                      GError     **error)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (path, error);
  gboolean text = FALSE;

  if (snap == NULL)
    return NULL;
  for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_KERNEL_LOG; k++)
    if (ma_snapshot_has (snap, k))
      text = TRUE;
  if (!text)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: binary data, and no /proc text file: expected zoneinfo, buddyinfo, "
                     "pagetypeinfo, meminfo, vmstat or a kernel log (kpageflags and kpagecount "
                     "only come with them)"), path);
      return NULL;
    }
  /* page counts no machine has were refused by ma_snapshot_load_path() (ma-limits.h) */
  if (!check_not_truncated (snap, error))
    return NULL;
  return g_steal_pointer (&snap);
}

int
ma_cli_inspect (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func (zone_free);
  gboolean json = FALSE;
  MaOomReport *oom = NULL;
  MaZoneinfo *zi;
  MaPagetypeinfo *pt;
  guint page_size;
  const char *kernel;
  g_autofree char *era = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PATH"));
  g_option_context_set_summary (context,
                                _("Show what a snapshot holds, node by node and zone by zone: "
                                  "sizes (spanned, present, managed pages), free pages, "
                                  "watermarks (min, low, high, promo, boost), protection "
                                  "(lowmem_reserve), free blocks per order and, with "
                                  "pagetypeinfo, per migratetype, pageblock types and the "
                                  "kernel's fragmentation indices (unusable free space index, "
                                  "external fragmentation index)."));
  g_option_context_set_description (context,
                                    _("PATH is a /proc file (zoneinfo, buddyinfo, pagetypeinfo, "
                                      "meminfo, vmstat), a kernel log with an OOM report, a "
                                      "snapshot bundle written by “memory-atlas-cli capture”, or "
                                      "a folder holding such files. Counts are in pages. The "
                                      "exit status is 0 when the input was read, 1 when it is "
                                      "not a snapshot (the message says which file, which line "
                                      "and what was expected), 2 on a usage error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ma_cli_print_error ("inspect", error);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("%s\n", argc < 2 ? _("memory-atlas-cli inspect: which snapshot? Give a PATH")
                                   : _("memory-atlas-cli inspect: give one PATH"));
      return 2;
    }

  snap = ma_cli_load_snapshot (argv[1], &error);
  if (snap == NULL)
    {
      ma_cli_print_error ("inspect", error);
      return 1;
    }

  zi = ma_snapshot_get_zoneinfo (snap);
  pt = ma_snapshot_get_pagetypeinfo (snap);
  if (zi == NULL && ma_snapshot_get_buddyinfo (snap) == NULL && pt == NULL
      && ma_snapshot_get_n_oom_reports (snap) > 0)
    oom = ma_snapshot_get_oom_report (snap, ma_snapshot_get_n_oom_reports (snap) - 1);
  collect (snap, zones, oom);
  page_size = ma_snapshot_get_page_size (snap);
  kernel = ma_snapshot_get_kernel_release (snap);
  if (zi != NULL)
    {
      MaZoneinfoEra oldest, newest;

      ma_zoneinfo_get_era_range (zi, &oldest, &newest);
      if (oldest == newest && oldest != MA_ZONEINFO_ERA_UNKNOWN)
        era = g_strdup_printf ("E%d (%s)", (int) oldest, ma_zoneinfo_era_get_kernels (oldest));
      else if (oldest != MA_ZONEINFO_ERA_UNKNOWN)
        /* Translators: a range of zoneinfo layouts (E5 – E7) and their kernel versions */
        era = g_strdup_printf (_("E%d – E%d (%s to %s)"), (int) oldest, (int) newest,
                               ma_zoneinfo_era_get_kernels (oldest),
                               ma_zoneinfo_era_get_kernels (newest));
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      guint32 node = G_MAXUINT32;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, ma_snapshot_get_source (snap));
      json_builder_set_member_name (b, "kernel");
      if (kernel)
        json_builder_add_string_value (b, kernel);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "era");
      if (era)
        json_builder_add_string_value (b, era);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "page_size");
      json_builder_add_int_value (b, page_size ? page_size : 4096);
      json_builder_set_member_name (b, "page_size_known");
      json_builder_add_boolean_value (b, page_size != 0);
      if (pt != NULL)
        json_uint (b, "pageblock_order",
                   (guint64) MAX (ma_pagetypeinfo_get_pageblock_order (pt), 0));
      if (ma_snapshot_get_n_cpus (snap) || (zi && ma_zoneinfo_get_n_cpus (zi)))
        json_uint (b, "cpus", ma_snapshot_get_n_cpus (snap) ? ma_snapshot_get_n_cpus (snap)
                                                            : ma_zoneinfo_get_n_cpus (zi));
      {
        const char *files[MA_PROCFS_N_KINDS + 1];
        guint n = 0;

        for (guint k = MA_PROCFS_KIND_ZONEINFO; k < MA_PROCFS_N_KINDS; k++)
          if (ma_snapshot_has (snap, k))
            files[n++] = ma_procfs_kind_to_string (k);
        files[n] = NULL;
        json_strings (b, "files", files);
      }
      if (oom != NULL)
        json_uint (b, "oom_report_line", ma_oom_report_get_line (oom));
      json_builder_set_member_name (b, "nodes");
      json_builder_begin_array (b);
      for (guint i = 0; i < zones->len; i++)
        {
          const Zone *z = zones->pdata[i];

          if (z->node_id != node)
            {
              if (node != G_MAXUINT32)
                {
                  json_builder_end_array (b);
                  json_builder_end_object (b);
                }
              node = z->node_id;
              json_builder_begin_object (b);
              json_uint (b, "id", node);
              json_builder_set_member_name (b, "zones");
              json_builder_begin_array (b);
            }
          json_zone (b, z, pt);
        }
      if (node != G_MAXUINT32)
        {
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_strings (b, "warnings", ma_snapshot_get_warnings (snap));
      json_strings (b, "notes", ma_snapshot_get_notes (snap));
      json_builder_end_object (b);

      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  g_print ("%s %s\n", _("Snapshot:"), ma_snapshot_get_source (snap));
  {
    g_autoptr(GString) files = g_string_new (NULL);

    for (guint k = MA_PROCFS_KIND_ZONEINFO; k < MA_PROCFS_N_KINDS; k++)
      if (ma_snapshot_has (snap, k))
        g_string_append_printf (files, "%s%s", files->len ? ", " : "",
                                ma_procfs_kind_to_string (k));
    g_print ("%s %s\n", _("Files:"), files->len ? files->str : _("none"));
  }
  g_print ("%s %s\n", _("Kernel:"), kernel ? kernel : _("not recorded"));
  if (era)
    g_print ("%s %s\n", _("Zoneinfo layout:"), era);
  if (page_size)
    {
      g_print ("%s ", _("Page size:"));
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", page_size), page_size);
      g_print ("\n");
    }
  else
    g_print ("%s\n", _("Page size: not recorded (4096 bytes assumed)"));
  if (pt != NULL)
    g_print ("%s %d\n", _("Pageblock order:"), ma_pagetypeinfo_get_pageblock_order (pt));
  if (oom != NULL)
    g_print (_("Zones from the OOM report at line %u (kB converted to pages)\n"),
             ma_oom_report_get_line (oom));
  if (zones->len == 0)
    g_print ("%s\n", _("No zones: the snapshot holds no zoneinfo, buddyinfo, pagetypeinfo or OOM "
                       "report."));
  {
    guint32 node = G_MAXUINT32;

    for (guint i = 0; i < zones->len; i++)
      {
        const Zone *z = zones->pdata[i];

        if (z->node_id != node)
          {
            node = z->node_id;
            g_print ("\n");
            g_print (_("Node %u"), node);
            g_print ("\n");
          }
        print_zone (z, pt, page_size ? page_size : 4096);
      }
  }
  {
    const char * const *w = ma_snapshot_get_warnings (snap);

    if (w[0] != NULL)
      g_print ("\n%s\n", _("Warnings:"));
    for (; *w != NULL; w++)
      g_print ("  %s\n", *w);
  }
  return 0;
}
