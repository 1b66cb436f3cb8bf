/* ma-cli-check.c: `memory-atlas-cli check PATH [--json]`
 *
 * Recomputes every zone's watermarks and protection with the kernel's formulas and says, zone by
 * zone, whether the snapshot's numbers are exact, explained or unexplained, with the sysctls and
 * kernel rules that reproduce them. The exit status is 0 when no zone is unexplained.
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
#include "ma-procfs.h"
#include "ma-snapshot-check.h"

static void
json_marks (JsonBuilder       *b,
            const char        *key,
            const MaZoneCheck *z,
            gboolean           computed)
{
  const guint64 *w = computed ? z->computed : z->printed;
  const gint64 *p = computed ? z->computed_protection : z->printed_protection;

  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  if (z->has_wmarks)
    {
      json_builder_set_member_name (b, "min");
      json_builder_add_int_value (b, (gint64) w[MA_WMARK_MIN]);
      json_builder_set_member_name (b, "low");
      json_builder_add_int_value (b, (gint64) w[MA_WMARK_LOW]);
      json_builder_set_member_name (b, "high");
      json_builder_add_int_value (b, (gint64) w[MA_WMARK_HIGH]);
      if (z->has_promo)
        {
          json_builder_set_member_name (b, "promo");
          json_builder_add_int_value (b, (gint64) w[MA_WMARK_PROMO]);
        }
      if (z->has_boost || computed)
        {
          json_builder_set_member_name (b, "boost");
          json_builder_add_int_value (b, (gint64) (computed ? z->boost : z->printed_boost));
        }
    }
  if (z->n_protection > 0)
    {
      json_builder_set_member_name (b, "protection");
      json_builder_begin_array (b);
      for (guint j = 0; j < z->n_protection; j++)
        json_builder_add_int_value (b, p[j]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
json_source (JsonBuilder   *b,
             const char    *key,
             MaCheckSource  source)
{
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, ma_check_source_to_string (source));
}

static void
print_json (MaSnapshot            *snap,
            const MaSnapshotCheck *check)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const MaCheckInferred *inf = ma_snapshot_check_get_inferred (check);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, ma_snapshot_get_source (snap));
  json_builder_set_member_name (b, "zones");
  json_builder_begin_array (b);
  for (guint i = 0; i < ma_snapshot_check_get_n_zones (check); i++)
    {
      const MaZoneCheck *z = ma_snapshot_check_get_zone (check, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "node");
      json_builder_add_int_value (b, z->node_id);
      json_builder_set_member_name (b, "zone");
      json_builder_add_string_value (b, z->name);
      json_marks (b, "printed", z, FALSE);
      json_marks (b, "computed", z, TRUE);
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, ma_check_verdict_to_string (z->verdict));
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, z->reason);
      json_builder_set_member_name (b, "managed");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "today");
      json_builder_add_int_value (b, (gint64) z->managed_today);
      json_builder_set_member_name (b, "watermarks");
      json_builder_add_int_value (b, (gint64) z->managed_wmarks);
      json_builder_set_member_name (b, "protection");
      json_builder_begin_array (b);
      json_builder_add_int_value (b, (gint64) z->managed_protection_low);
      json_builder_add_int_value (b, (gint64) z->managed_protection_high);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "inferred");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "min_free_kbytes");
  json_builder_add_int_value (b, (gint64) inf->min_free_kbytes);
  json_source (b, "min_free_kbytes_source", inf->min_free_kbytes_source);
  json_builder_set_member_name (b, "min_free_kbytes_reason");
  json_builder_add_string_value (b, inf->min_free_kbytes_reason);
  json_builder_set_member_name (b, "watermark_scale_factor");
  json_builder_add_int_value (b, inf->watermark_scale_factor);
  json_source (b, "watermark_scale_factor_source", inf->watermark_scale_factor_source);
  json_builder_set_member_name (b, "lowmem_reserve_ratio");
  json_builder_begin_array (b);
  for (guint i = 0; i < inf->n_lowmem_reserve_ratio; i++)
    json_builder_add_int_value (b, inf->lowmem_reserve_ratio[i]);
  json_builder_end_array (b);
  json_source (b, "lowmem_reserve_ratio_source", inf->lowmem_reserve_ratio_source);
  json_builder_set_member_name (b, "pageblock_order");
  json_builder_add_int_value (b, inf->pageblock_order);
  json_builder_set_member_name (b, "pageblock_order_source");
  json_builder_add_string_value (b, inf->pageblock_order_source);
  json_builder_set_member_name (b, "page_size");
  json_builder_add_int_value (b, inf->page_size);
  json_builder_set_member_name (b, "kernel");
  if (inf->kernel)
    json_builder_add_string_value (b, inf->kernel);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "kernel_range");
  json_builder_add_string_value (b, inf->kernel_range);
  json_builder_set_member_name (b, "rules");
  json_builder_begin_array (b);
  for (const char * const *r = inf->rules; *r != NULL; r++)
    json_builder_add_string_value (b, *r);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint v = MA_CHECK_EXACT; v <= MA_CHECK_UNEXPLAINED; v++)
    {
      json_builder_set_member_name (b, ma_check_verdict_to_string (v));
      json_builder_add_int_value (b, ma_snapshot_check_count (check, v));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "summary");
  json_builder_add_string_value (b, ma_snapshot_check_get_summary (check));
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (const char * const *n = ma_snapshot_check_get_notes (check); *n != NULL; n++)
    json_builder_add_string_value (b, *n);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static char *
marks_text (const MaZoneCheck *z,
            gboolean           computed)
{
  const guint64 *w = computed ? z->computed : z->printed;

  if (z->has_promo)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "/%"
                            G_GUINT64_FORMAT, w[0], w[1], w[2], w[3]);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, w[0],
                          w[1], w[2]);
}

static char *
protection_text (const gint64 *p,
                 guint         n)
{
  GString *s = g_string_new ("(");

  for (guint j = 0; j < n; j++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, j ? ", " : "", p[j]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/* The verdict in words, for the text; the JSON keeps ma_check_verdict_to_string()'s tokens. */
static const char *
verdict_label (MaCheckVerdict verdict)
{
  switch (verdict)
    {
    case MA_CHECK_EXACT:
      /* Translators: a zone's verdict in “memory-atlas-cli check”: its watermarks follow from
       * today's managed pages and the sysctls */
      return C_("check verdict", "exact");
    case MA_CHECK_EXPLAINED:
      /* Translators: a zone's verdict in “memory-atlas-cli check”: its watermarks follow once
       * something the file does not print is recovered */
      return C_("check verdict", "explained");
    case MA_CHECK_UNEXPLAINED:
    default:
      /* Translators: a zone's verdict in “memory-atlas-cli check”: no rule set reproduces its
       * watermarks */
      return C_("check verdict", "unexplained");
    }
}

/* Where a sysctl's value came from, in words; the JSON keeps the tokens. */
static const char *
source_label (MaCheckSource source)
{
  switch (source)
    {
    case MA_CHECK_SOURCE_SYSCTL:
      /* Translators: a sysctl's value was read from the snapshot's sysctl file */
      return C_("value source", "sysctl");
    case MA_CHECK_SOURCE_DEFAULT:
      /* Translators: a sysctl's value is the kernel's default */
      return C_("value source", "default");
    case MA_CHECK_SOURCE_THP:
      /* Translators: a sysctl's value is transparent hugepages' recommendation */
      return C_("value source", "thp");
    case MA_CHECK_SOURCE_THP_CAPPED:
      /* Translators: a sysctl's value is transparent hugepages' recommendation, capped at 5 %
       * of lowmem */
      return C_("value source", "thp-capped");
    case MA_CHECK_SOURCE_INFERRED:
      /* Translators: a sysctl's value was inferred from the printed watermarks */
      return C_("value source", "inferred");
    case MA_CHECK_SOURCE_UNKNOWN:
    default:
      /* Translators: where a sysctl's value came from is not known */
      return C_("value source", "unknown");
    }
}

/* "  LABEL  " with LABEL padded to @width columns (labels are sysctl names or translated) */
static void
print_label (const char *label,
             guint       width)
{
  g_print ("  ");
  ma_cli_print_padded (label, width);
  g_print ("  ");
}

/* One row of printed against computed values, the label column @width wide. */
static void
print_values_row (const char *label,
                  guint       width,
                  const char *printed,
                  const char *computed)
{
  g_print ("  ");
  ma_cli_print_padded (label, width);
  /* Translators: as the snapshot prints a value, beside what the formulas give (“computed”) */
  g_print (" %s ", C_("check column", "printed"));
  ma_cli_print_padded (printed, 28);
  /* Translators: as the kernel's formulas give a value, beside the printed one */
  g_print (" %s %s\n", C_("check column", "computed"), computed);
}

static void
print_text (MaSnapshot            *snap,
            const MaSnapshotCheck *check)
{
  const MaCheckInferred *inf = ma_snapshot_check_get_inferred (check);
  /* Translators: a label among sysctl names in “memory-atlas-cli check” */
  const char *pageblock_label = _("pageblock order");
  const char *labels[] = {
    "min_free_kbytes", "watermark_scale_factor", "lowmem_reserve_ratio", pageblock_label,
  };
  /* the sysctl names are 22 columns at most; a translated label may be longer */
  guint width = MAX (22, ma_cli_max_width (labels, G_N_ELEMENTS (labels)));
  /* Translators: the row of protection values (lowmem_reserve) in “memory-atlas-cli check” */
  const char *protection_label = _("protection");
  const char *row_labels[] = { "min/low/high/promo", protection_label };
  guint row_width = MAX (22, ma_cli_max_width (row_labels, G_N_ELEMENTS (row_labels)));

  g_print ("%s %s\n", _("Snapshot:"), ma_snapshot_get_source (snap));
  g_print ("%s %s\n", _("Kernel:"), inf->kernel_range);
  g_print ("%s\n", _("Kernel rules that fit:"));
  for (const char * const *r = inf->rules; *r != NULL; r++)
    g_print ("  %s\n", *r);
  g_print ("%s\n", _("Sysctls:"));
  print_label ("min_free_kbytes", width);
  g_print ("%" G_GUINT64_FORMAT " (%s)\n", inf->min_free_kbytes, inf->min_free_kbytes_reason);
  print_label ("watermark_scale_factor", width);
  g_print ("%u (%s)\n", inf->watermark_scale_factor,
           source_label (inf->watermark_scale_factor_source));
  print_label ("lowmem_reserve_ratio", width);
  for (guint i = 0; i < inf->n_lowmem_reserve_ratio; i++)
    g_print ("%s%u", i ? " " : "", inf->lowmem_reserve_ratio[i]);
  g_print (" (%s)\n", source_label (inf->lowmem_reserve_ratio_source));
  print_label (pageblock_label, width);
  g_print ("%u (%s)\n", inf->pageblock_order, inf->pageblock_order_source);

  for (guint i = 0; i < ma_snapshot_check_get_n_zones (check); i++)
    {
      const MaZoneCheck *z = ma_snapshot_check_get_zone (check, i);

      g_print ("\n");
      /* Translators: a zone's heading in “memory-atlas-cli check”: node number, zone name,
       * verdict */
      g_print (_("Node %u %s: %s"), z->node_id, z->name, verdict_label (z->verdict));
      g_print ("\n  %s\n", z->reason);
      if (z->has_wmarks)
        {
          g_autofree char *p = marks_text (z, FALSE);
          g_autofree char *c = marks_text (z, TRUE);

          print_values_row (z->has_promo ? "min/low/high/promo" : "min/low/high", row_width, p,
                            c);
        }
      if (z->n_protection > 0)
        {
          g_autofree char *p = protection_text (z->printed_protection, z->n_protection);
          g_autofree char *c = protection_text (z->computed_protection, z->n_protection);

          print_values_row (protection_label, row_width, p, c);
        }
    }
  g_print ("\n%s\n", ma_snapshot_check_get_summary (check));
  for (const char * const *n = ma_snapshot_check_get_notes (check); *n != NULL; n++)
    g_print ("%s %s\n", _("Note:"), *n);
}

int
ma_cli_check (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autoptr(MaSnapshotCheck) check = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PATH"));
  g_option_context_set_summary (context,
                                _("Explain a snapshot's watermarks and protection: for every zone, "
                                  "the min/low/high/promo watermarks and protection arrays the "
                                  "kernel's formulas give, beside the printed ones, and a "
                                  "verdict."));
  g_option_context_set_description (context,
                                    _("Verdicts:\n"
                                      "  exact        the numbers follow from today's managed "
                                      "pages and the sysctls (read from the snapshot, or "
                                      "inferred)\n"
                                      "  explained    they follow once something the file does "
                                      "not print is recovered: the managed pages at the kernel's "
                                      "last computation (from the protection arrays), a boost "
                                      "the kernel did not print; the reason says what\n"
                                      "  unexplained  no rule set reproduces them; computed and "
                                      "printed values are shown\n\n"
                                      "The kernel version is the snapshot's release when it has "
                                      "one, else the range its zoneinfo layout implies; the "
                                      "rule sets of that range that fit are listed. Missing "
                                      "sysctls are inferred: min_free_kbytes (the default, THP's "
                                      "recommendation, or a user value), watermark_scale_factor, "
                                      "lowmem_reserve_ratio.\n\n"
                                      "PATH is a zoneinfo, a snapshot bundle or a folder. Exit "
                                      "status: 0 when no zone is unexplained, 1 when one is or "
                                      "the input cannot be read, 2 on a usage error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ma_cli_print_error ("check", error);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("%s\n", argc < 2 ? _("memory-atlas-cli check: which snapshot? Give a PATH")
                                   : _("memory-atlas-cli check: give one PATH"));
      return 2;
    }

  snap = ma_cli_load_snapshot (argv[1], &error);
  if (snap == NULL)
    {
      ma_cli_print_error ("check", error);
      return 1;
    }
  check = ma_snapshot_check (snap, &error);
  if (check == NULL)
    {
      ma_cli_print_error ("check", error);
      return 1;
    }

  if (json)
    print_json (snap, check);
  else
    print_text (snap, check);
  return ma_snapshot_check_count (check, MA_CHECK_UNEXPLAINED) == 0 ? 0 : 1;
}
