/* ma-explain-formula.c: the kernel's watermark and protection arithmetic, written out step by
 * step for one zone
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The numbers themselves come from the engine's formulas (ma-kernel.c); this file only writes
 * down the same integer steps with their operands, so a student can redo them by hand, and
 * finds which rule set a set of numbers follows (a snapshot's check says which sysctls and
 * sizes, but the rule set only as text). Steps follow KERNEL.md §1.2 (watermarks) and §2
 * (protection); every division truncates, as the kernel's does.
 */
#define G_LOG_DOMAIN "ma-explain-formula"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ma-explain-formula.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

static gboolean
reproduces (const MaExplainRules *rules,
            const guint64        *expected,
            const gboolean       *compared,
            gboolean              with_promo)
{
  g_autofree guint64 *w = g_new0 (guint64, MAX (rules->n_zones, 1u) * MA_N_WMARKS);

  ma_rules_watermarks (rules->version, rules->zones, rules->n_zones, rules->min_free_kbytes,
                       rules->page_kbytes, rules->watermark_scale_factor, w);
  for (guint i = 0; i < rules->n_zones; i++)
    {
      guint n = with_promo ? MA_N_WMARKS : MA_WMARK_PROMO;

      if (!compared[i])
        continue;
      for (guint k = 0; k < n; k++)
        if (w[i * MA_N_WMARKS + k] != expected[i * MA_N_WMARKS + k])
          return FALSE;
    }
  return TRUE;
}

/**
 * ma_explain_fit_rules:
 * @rules: the inputs; @rules->version and the zones' movable_is_highmem are set
 * @candidates: (array length=n_candidates): kernel versions to try, most likely first
 * @n_candidates: entries of @candidates
 * @expected: the watermarks to reproduce, %MA_N_WMARKS per zone, without boost
 * @compared: which zones' watermarks to compare
 * @with_promo: whether promo is compared too
 *
 * Finds the first candidate rule set (and, for ZONE_MOVABLE on 32-bit, whether it was carved
 * out of HighMem) whose formulas give @expected. On failure @rules keeps the first candidate.
 *
 * Returns: whether a candidate reproduces every compared zone
 */
gboolean
ma_explain_fit_rules (MaExplainRules        *rules,
                      const MaKernelVersion *candidates,
                      guint                  n_candidates,
                      const guint64         *expected,
                      const gboolean        *compared,
                      gboolean               with_promo)
{
  gboolean has_movable = FALSE;

  g_return_val_if_fail (n_candidates > 0, FALSE);

  for (guint i = 0; i < rules->n_zones; i++)
    has_movable = has_movable || rules->zones[i].type == MA_ZONE_MOVABLE;

  for (guint c = 0; c < n_candidates; c++)
    for (guint carved = 0; carved < (has_movable ? 2u : 1u); carved++)
      {
        rules->version = candidates[c];
        for (guint i = 0; i < rules->n_zones; i++)
          rules->zones[i].movable_is_highmem = carved && rules->zones[i].type == MA_ZONE_MOVABLE;
        if (reproduces (rules, expected, compared, with_promo))
          return TRUE;
      }

  rules->version = candidates[0];
  for (guint i = 0; i < rules->n_zones; i++)
    rules->zones[i].movable_is_highmem = FALSE;
  return FALSE;
}

/* "DMA, DMA32, Normal": the distinct names of the zones that share min_free_kbytes. */
static char *
lowmem_names (const MaExplainRules *rules,
              gboolean             *out_many_nodes)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean many_nodes = FALSE;

  for (guint i = 0; i < rules->n_zones; i++)
    {
      gboolean seen = FALSE;

      many_nodes = many_nodes || rules->zones[i].node != rules->zones[0].node;
      if (rules->zones[i].size == 0 || ma_rules_zone_is_capped (rules->version, &rules->zones[i]))
        continue;
      for (guint k = 0; k < names->len; k++)
        seen = seen || g_str_equal (g_ptr_array_index (names, k), rules->names[i]);
      if (!seen)
        g_ptr_array_add (names, (gpointer) rules->names[i]);
    }
  g_ptr_array_add (names, NULL);
  *out_many_nodes = many_nodes;
  return g_strjoinv (", ", (char **) names->pdata);
}

/**
 * ma_explain_watermark_steps:
 * @rules: the inputs, as fitted by ma_explain_fit_rules()
 * @zone: the zone's index in @rules
 * @boost: the zone's watermark boost, added to every mark
 * @with_promo: whether to show the promo watermark (printed from 6.12)
 *
 * Writes __setup_per_zone_wmarks() for one zone as numbered steps: pages_min, lowmem, the
 * zone's share tmp, min (or the clamp of a capped zone), the gap, low, high, promo and boost.
 *
 * Returns: (transfer full): the steps, one per line, translated
 */
char *
ma_explain_watermark_steps (const MaExplainRules *rules,
                            guint                 zone,
                            guint64               boost,
                            gboolean              with_promo)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree guint64 *w = NULL;
  g_autofree char *names = NULL;
  const MaRulesZone *z;
  const char *size_word;
  guint64 pages_min, lowmem = 0, tmp = 0, min;
  gboolean many_nodes, capped;

  g_return_val_if_fail (zone < rules->n_zones, NULL);

  z = &rules->zones[zone];
  size_word = rules->present_pages ? _("present") : _("managed");
  capped = ma_rules_zone_is_capped (rules->version, z);
  pages_min = rules->min_free_kbytes / MAX (rules->page_kbytes, 1u);
  for (guint i = 0; i < rules->n_zones; i++)
    if (!ma_rules_zone_is_capped (rules->version, &rules->zones[i]))
      lowmem += rules->zones[i].size;
  if (lowmem > 0)
    tmp = pages_min * z->size / lowmem;
  w = g_new0 (guint64, rules->n_zones * MA_N_WMARKS);
  ma_rules_watermarks (rules->version, rules->zones, rules->n_zones, rules->min_free_kbytes,
                       rules->page_kbytes, rules->watermark_scale_factor, w);
  min = w[zone * MA_N_WMARKS + MA_WMARK_MIN];
  names = lowmem_names (rules, &many_nodes);

  /* Each step is its formula, then its numbers on an indented line: short lines fit the
   * sidebar, and the formula reads the same on every zone. */
  g_string_append_printf (s, _("pages_min = min_free_kbytes ÷ page size\n"
                               "  = %" PRIu64 " kB ÷ %u kB = %" PRIu64 "\n"),
                          rules->min_free_kbytes, rules->page_kbytes, pages_min);
  if (many_nodes)
    g_string_append_printf (s, _("lowmem = Σ %s of %s on every node\n  = %" PRIu64 "\n"),
                            size_word, names, lowmem);
  else
    g_string_append_printf (s, _("lowmem = Σ %s of %s\n  = %" PRIu64 "\n"), size_word, names,
                            lowmem);
  g_string_append_printf (s, _("tmp = pages_min × %s ÷ lowmem\n"
                               "  = %" PRIu64 " × %" PRIu64 " ÷ %" PRIu64 " = %" PRIu64 "\n"),
                          size_word, pages_min, z->size, lowmem, tmp);
  if (capped)
    g_string_append_printf (s, _("min = clamp(%s ÷ 1024, 32, 128)\n"
                                 "  = clamp(%" PRIu64 ", 32, 128) = %" PRIu64 "\n"
                                 "  (%s gets no share of min_free_kbytes)\n"),
                            size_word, z->size / 1024, min, rules->names[zone]);
  else
    g_string_append_printf (s, _("min = tmp = %" PRIu64 "\n"), min);

  if (rules->version < V (2, 6, 16))
    g_string_append_printf (s, _("low = min × 5 ÷ 4 = %" PRIu64 "\n"
                                 "high = min × 6 ÷ 4 = %" PRIu64),
                            w[zone * MA_N_WMARKS + 1], w[zone * MA_N_WMARKS + 2]);
  else if (rules->version < V (4, 6, 0))
    g_string_append_printf (s, _("low = min + tmp ÷ 4\n  = %" PRIu64 " + %" PRIu64 " = %" PRIu64
                                 "\nhigh = min + tmp ÷ 2\n  = %" PRIu64 " + %" PRIu64 " = %"
                                 PRIu64),
                            min, tmp >> 2, w[zone * MA_N_WMARKS + 1],
                            min, tmp >> 1, w[zone * MA_N_WMARKS + 2]);
  else
    {
      guint64 scaled = ma_rules_mult_frac (z->size, rules->watermark_scale_factor, 10000);
      guint64 gap = MAX (tmp >> 2, scaled);
      guint64 low = w[zone * MA_N_WMARKS + 1], high = w[zone * MA_N_WMARKS + 2];

      g_string_append_printf (s, _("gap = max(tmp ÷ 4, %s × wsf %u ÷ 10000)\n"
                                   "  = max(%" PRIu64 ", %" PRIu64 ") = %" PRIu64 "\n"),
                              size_word, rules->watermark_scale_factor, tmp >> 2, scaled, gap);
      g_string_append_printf (s, _("low = min + gap = %" PRIu64 " + %" PRIu64 " = %" PRIu64 "\n"
                                   "high = low + gap = %" PRIu64 " + %" PRIu64 " = %" PRIu64),
                              min, gap, low, low, gap, high);
      if (with_promo && rules->version >= V (6, 0, 0))
        g_string_append_printf (s, _("\npromo = high + gap = %" PRIu64 " + %" PRIu64 " = %"
                                     PRIu64),
                                high, gap, w[zone * MA_N_WMARKS + 3]);
    }
  if (boost > 0)
    g_string_append_printf (s, _("\nevery mark + boost %" PRIu64 "\n  = min %" PRIu64 ", low %"
                                 PRIu64 ", high %" PRIu64),
                            boost, min + boost, w[zone * MA_N_WMARKS + 1] + boost,
                            w[zone * MA_N_WMARKS + 2] + boost);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The zones whose pages count towards protection[j] of zone i: every zone above i up to j;
 * 5.8 … 5.13 skipped the zones in between that were empty or had ratio 0 (the bug fixed in
 * 5.14, KERNEL.md §2.2). */
static gboolean
counts_towards (MaKernelVersion  version,
                const guint64   *sizes,
                const guint     *ratio,
                guint            n_ratio,
                guint            k,
                guint            j)
{
  guint r = k < n_ratio ? ratio[k] : 0;

  if (k == j || version < V (5, 8, 0) || version >= V (5, 14, 0))
    return TRUE;
  return r != 0 && sizes[k] != 0;
}

/**
 * ma_explain_protection_steps:
 * @version: the kernel whose rules apply
 * @n_zones: the node's configured zones
 * @sizes: (array length=n_zones): their managed (or present) pages, by zone index
 * @names: (array length=n_zones): their names
 * @ratio: (array length=n_ratio): vm.lowmem_reserve_ratio
 * @n_ratio: entries of @ratio
 * @zone: the zone's index in the node
 * @present_pages: the sizes are present pages
 *
 * Writes setup_per_zone_lowmem_reserve() for one zone: protection[j] = (pages of the zones
 * above it, up to j) ÷ lowmem_reserve_ratio[zone]; runs of equal entries are written once.
 *
 * Returns: (transfer full): the steps, one per line, translated
 */
char *
ma_explain_protection_steps (MaKernelVersion     version,
                             guint               n_zones,
                             const guint64      *sizes,
                             const char * const *names,
                             const guint        *ratio,
                             guint               n_ratio,
                             guint               zone,
                             gboolean            present_pages)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree guint64 *reserve = NULL;
  guint r;

  g_return_val_if_fail (zone < n_zones, NULL);

  r = zone < n_ratio ? ratio[zone] : 0;
  if (zone + 1 == n_zones)
    return g_strdup (_("No zone above this one: its protection is all 0."));
  if (version < V (4, 16, 0))
    r = MAX (r, 1u);  /* below 1 counted as 1 */
  else if (r == 0)
    return g_strdup_printf (_("lowmem_reserve_ratio[%s] = 0: no protection."), names[zone]);
  if (version >= V (5, 8, 0) && sizes[zone] == 0)
    return g_strdup (_("The zone is empty: its protection is cleared (5.8 and later)."));

  reserve = g_new0 (guint64, n_zones * n_zones);
  ma_rules_lowmem_reserve (version, n_zones, sizes, ratio, n_ratio, reserve);

  for (guint j = zone + 1; j < n_zones; j++)
    {
      g_autoptr(GString) terms = g_string_new (NULL);
      g_autoptr(GString) zones = g_string_new (NULL);
      guint64 value = reserve[zone * n_zones + j];
      guint last = j, n_terms = 0;

      /* Empty zones above j add nothing: fold their equal entries into one line. */
      while (last + 1 < n_zones && sizes[last + 1] == 0
             && reserve[zone * n_zones + last + 1] == value)
        last++;
      for (guint k = zone + 1; k <= j; k++)
        if (sizes[k] > 0 && counts_towards (version, sizes, ratio, n_ratio, k, j))
          {
            g_string_append_printf (terms, "%s%" PRIu64, n_terms ? " + " : "", sizes[k]);
            g_string_append_printf (zones, "%s%s", n_terms ? " + " : "", names[k]);
            n_terms++;
          }

      if (s->len > 0)
        g_string_append_c (s, '\n');
      if (last > j)
        g_string_append_printf (s, "protection[%s … %s]\n", names[j], names[last]);
      else
        g_string_append_printf (s, "protection[%s]\n", names[j]);
      /* the zones summed, then their pages: two short lines rather than one long one */
      if (n_terms == 0)
        g_string_append_printf (s, "  = 0 ÷ %u = %" PRIu64, r, value);
      else if (n_terms == 1)
        g_string_append_printf (s, "  = %s %s ÷ %u = %" PRIu64, zones->str, terms->str, r,
                                value);
      else
        g_string_append_printf (s, "  = (%s) ÷ %u\n  = (%s) ÷ %u = %" PRIu64, zones->str, r,
                                terms->str, r, value);
      j = last;
    }
  g_string_append_c (s, '\n');
  g_string_append_printf (s, present_pages
                          ? _("(present pages of the zones above, up to that zone, ÷ "
                              "lowmem_reserve_ratio[%s])")
                          : _("(managed pages of the zones above, up to that zone, ÷ "
                              "lowmem_reserve_ratio[%s])"), names[zone]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * ma_explain_describe_rules:
 * @version: a kernel version
 *
 * Returns: (transfer full): the rule set of that kernel in a line, translated
 */
char *
ma_explain_describe_rules (MaKernelVersion version)
{
  const char *parts[8];
  guint n = 0;

  if (version < V (2, 6, 16))
    parts[n++] = _("low = 5/4 × min, high = 6/4 × min");
  else if (version < V (4, 6, 0))
    parts[n++] = _("low = min + tmp/4, high = min + tmp/2");
  else if (version < V (6, 0, 0))
    parts[n++] = _("low and high spaced by max(tmp/4, watermark_scale_factor)");
  else
    parts[n++] = _("low, high and promo spaced by max(tmp/4, watermark_scale_factor)");
  parts[n++] = version < V (3, 8, 0) ? _("present pages") : _("managed pages");
  parts[n++] = version >= V (6, 6, 0) ? _("HighMem and Movable capped") : _("HighMem capped");
  if (version < V (4, 16, 0))
    parts[n++] = _("lowmem_reserve_ratio below 1 counts as 1");
  else if (version < V (5, 8, 0))
    parts[n++] = _("lowmem_reserve_ratio 0 means no protection");
  else if (version < V (5, 14, 0))
    parts[n++] = _("protection skips empty or ratio-0 zones (5.8–5.13)");
  else
    parts[n++] = _("protection sums every upper zone");
  if (version >= V (5, 0, 0))
    parts[n++] = _("watermark boost");
  parts[n] = NULL;
  return g_strjoinv ("; ", (char **) parts);
}
