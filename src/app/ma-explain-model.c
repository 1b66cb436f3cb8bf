/* ma-explain-model.c: what the explain panel shows, computed from a snapshot's check or from a
 * simulated machine (GLib only: no widget here)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot's check (ma-snapshot-check.h) already says per zone what the kernel's formulas
 * give and why; it does not say which rule set produced its computed numbers other than in
 * words, so the arithmetic is written by finding the rule set that reproduces them (the
 * kernel release first when the snapshot records one). When none does, the card shows the
 * check's numbers and verdict without steps rather than steps that do not add up.
 *
 * A simulated machine's numbers come from the same formulas, so they are exact by
 * construction; they are still recomputed here and compared, so that a machine whose sizes
 * changed since its watermarks were computed says so instead of claiming "exact".
 */
#define G_LOG_DOMAIN "ma-explain-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ma-explain-formula.h"
#include "ma-explain-model.h"
#include "ma-zoneinfo.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

struct _MaExplainModel
{
  GArray          *zones;    /* MaExplainZone */
  MaSnapshotCheck *check;    /* the zones' names and reasons point into it */
  GPtrArray       *strings;  /* what the other strings point to */
  char            *summary;
  char            *kernel;
  char            *sysctls;
  char            *rules;
  char            *notes;
  gboolean         simulated;
};

/* Watermark rule sets to try, newest first: each differs from the next in a rule the
 * arithmetic shows (Movable capped, promo, the gap, low/high from tmp, 5/4 and 6/4). */
static const MaKernelVersion wmark_candidates[] = {
  V (6, 6, 0), V (6, 0, 0), V (4, 6, 0), V (2, 6, 16), V (2, 6, 11),
};

/* Protection rule sets, newest first (KERNEL.md §2.2). */
static const MaKernelVersion protection_candidates[] = {
  V (5, 14, 0), V (5, 8, 0), V (4, 16, 0), V (3, 8, 0),
};

static MaExplainModel *
model_new (void)
{
  MaExplainModel *self = g_new0 (MaExplainModel, 1);

  self->zones = g_array_new (FALSE, TRUE, sizeof (MaExplainZone));
  self->strings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

/* Keeps a string alive as long as the model. */
static const char *
own (MaExplainModel *self,
     char           *text)
{
  if (text != NULL)
    g_ptr_array_add (self->strings, text);
  return text;
}

/**
 * ma_explain_model_free:
 * @self: (transfer full): a model
 */
void
ma_explain_model_free (MaExplainModel *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->zones);
  g_clear_pointer (&self->check, ma_snapshot_check_unref);
  g_ptr_array_unref (self->strings);
  g_free (self->summary);
  g_free (self->kernel);
  g_free (self->sysctls);
  g_free (self->rules);
  g_free (self->notes);
  g_free (self);
}

/* ------------------------------------------------------------------------------------------ */
/* From a snapshot's check */

static const char *
source_words (MaCheckSource source)
{
  switch (source)
    {
    case MA_CHECK_SOURCE_SYSCTL:
      return _("read from the snapshot");
    case MA_CHECK_SOURCE_DEFAULT:
      return _("the kernel's default");
    case MA_CHECK_SOURCE_THP:
      return _("transparent hugepages' recommendation");
    case MA_CHECK_SOURCE_THP_CAPPED:
      /* xgettext:no-c-format */
      return _("transparent hugepages' recommendation, capped at 5 % of lowmem");
    case MA_CHECK_SOURCE_INFERRED:
      return _("inferred from the printed numbers");
    case MA_CHECK_SOURCE_UNKNOWN:
    default:
      return _("unknown");
    }
}

static char *
ratio_text (const guint *ratio,
            guint        n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%u", i ? " " : "", ratio[i]);
  return g_string_free (s, FALSE);
}

static char *
check_sysctls (const MaCheckInferred *inf)
{
  GString *s = g_string_new (NULL);
  g_autofree char *ratio = ratio_text (inf->lowmem_reserve_ratio, inf->n_lowmem_reserve_ratio);

  g_string_append_printf (s, _("min_free_kbytes %" PRIu64 " kB: %s"), inf->min_free_kbytes,
                          inf->min_free_kbytes_reason ? inf->min_free_kbytes_reason
                                                      : source_words (inf->min_free_kbytes_source));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("watermark_scale_factor (wsf) %u: %s"), inf->watermark_scale_factor,
                          source_words (inf->watermark_scale_factor_source));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("lowmem_reserve_ratio %s: %s"), ratio,
                          source_words (inf->lowmem_reserve_ratio_source));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("pageblock order %u: %s"), inf->pageblock_order,
                          inf->pageblock_order_source);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("page size %u bytes"), inf->page_size);
  return g_string_free (s, FALSE);
}

/* The protection arrays' sizes: the check pins each zone's managed pages at the protection's
 * computation to a window; today's count when it is inside, else the window's low end. */
static guint64
protection_size (const MaZoneCheck *z)
{
  if (z->managed_protection_low <= z->managed_today
      && z->managed_today <= z->managed_protection_high)
    return z->managed_today;
  if (z->managed_protection_low == 0 && z->managed_protection_high == 0)
    return z->managed_today;
  return z->managed_protection_low;
}

/* Writes the protection steps of every zone of one node, when a rule set reproduces the
 * check's computed arrays with the check's ratios. */
static void
node_protection_steps (MaExplainModel        *self,
                       const MaCheckInferred *inf,
                       const MaZoneCheck    **zones,
                       MaExplainZone        **out,
                       guint                  n,
                       MaKernelVersion        hint,
                       gboolean               present_pages)
{
  guint64 sizes[MA_N_ZONE_TYPES];
  const char *names[MA_N_ZONE_TYPES];
  guint64 reserve[MA_N_ZONE_TYPES * MA_N_ZONE_TYPES];
  MaKernelVersion candidates[G_N_ELEMENTS (protection_candidates) + 1];
  guint n_candidates = 0;

  if (n == 0 || n > MA_N_ZONE_TYPES || zones[0]->n_protection != n)
    return;
  for (guint i = 0; i < n; i++)
    {
      sizes[i] = protection_size (zones[i]);
      names[i] = zones[i]->name;
    }
  if (hint != 0)
    candidates[n_candidates++] = hint;
  for (guint c = 0; c < G_N_ELEMENTS (protection_candidates); c++)
    candidates[n_candidates++] = protection_candidates[c];

  for (guint c = 0; c < n_candidates; c++)
    {
      gboolean ok = TRUE;

      ma_rules_lowmem_reserve (candidates[c], n, sizes, inf->lowmem_reserve_ratio,
                               inf->n_lowmem_reserve_ratio, reserve);
      for (guint i = 0; i < n && ok; i++)
        for (guint j = 0; j < n && ok; j++)
          ok = (gint64) reserve[i * n + j] == zones[i]->computed_protection[j];
      if (!ok)
        continue;
      for (guint i = 0; i < n; i++)
        out[i]->protection_steps
          = own (self, ma_explain_protection_steps (candidates[c], n, sizes, names,
                                                    inf->lowmem_reserve_ratio,
                                                    inf->n_lowmem_reserve_ratio, i,
                                                    present_pages));
      return;
    }
}

static void
check_steps (MaExplainModel        *self,
             const MaSnapshotCheck *check,
             MaSnapshot            *snapshot)
{
  const MaCheckInferred *inf = ma_snapshot_check_get_inferred (check);
  guint n = self->zones->len;
  g_autofree MaRulesZone *rz = g_new0 (MaRulesZone, MAX (n, 1u));
  g_autofree const char **names = g_new0 (const char *, MAX (n, 1u));
  g_autofree guint64 *expected = g_new0 (guint64, MAX (n, 1u) * MA_N_WMARKS);
  g_autofree gboolean *compared = g_new0 (gboolean, MAX (n, 1u));
  MaKernelVersion candidates[G_N_ELEMENTS (wmark_candidates) + 1];
  MaKernelVersion release = 0;
  MaExplainRules rules = { 0, };
  MaZoneinfo *zi = ma_snapshot_get_zoneinfo (snapshot);
  gboolean with_promo = FALSE, known = TRUE;
  guint n_candidates = 0;

  /* A zone name the formulas do not know: nothing can be recomputed for any zone. */
  for (guint i = 0; i < n; i++)
    known = known && g_array_index (self->zones, MaExplainZone, i).type < MA_N_ZONE_TYPES;
  if (!known || n == 0)
    return;

  rules.present_pages = zi != NULL && !(ma_zoneinfo_get_markers (zi) & MA_ZONEINFO_MARKER_MANAGED);
  rules.min_free_kbytes = inf->min_free_kbytes;
  rules.page_kbytes = MAX (inf->page_size / 1024, 1u);
  rules.watermark_scale_factor = inf->watermark_scale_factor;
  rules.n_zones = n;
  rules.zones = rz;
  rules.names = names;
  for (guint i = 0; i < n; i++)
    {
      const MaZoneCheck *c = ma_snapshot_check_get_zone (check, i);

      rz[i].type = c->type;
      rz[i].node = c->node_id;
      rz[i].size = c->managed_wmarks;
      names[i] = c->name;
      compared[i] = c->has_wmarks;
      with_promo = with_promo || c->has_promo;
      for (guint k = 0; k < MA_N_WMARKS; k++)
        expected[i * MA_N_WMARKS + k] = c->computed[k] - MIN (c->boost, c->computed[k]);
    }

  if (inf->kernel != NULL && ma_kernel_version_parse (inf->kernel, &release))
    candidates[n_candidates++] = release;
  for (guint c = 0; c < G_N_ELEMENTS (wmark_candidates); c++)
    candidates[n_candidates++] = wmark_candidates[c];

  if (ma_explain_fit_rules (&rules, candidates, n_candidates, expected, compared, with_promo))
    for (guint i = 0; i < n; i++)
      {
        MaExplainZone *z = &g_array_index (self->zones, MaExplainZone, i);

        if (z->has_wmarks)
          z->watermark_steps = own (self, ma_explain_watermark_steps (&rules, i, z->boost,
                                                                      z->has_promo));
      }

  /* protection, node by node: the check lists a node's zones together, in kernel order */
  for (guint first = 0; first < n;)
    {
      const MaZoneCheck *zc[MA_N_ZONE_TYPES];
      MaExplainZone *ez[MA_N_ZONE_TYPES];
      guint32 node = ma_snapshot_check_get_zone (check, first)->node_id;
      guint count = 0, i = first;

      for (; i < n && ma_snapshot_check_get_zone (check, i)->node_id == node; i++)
        if (count < MA_N_ZONE_TYPES)
          {
            zc[count] = ma_snapshot_check_get_zone (check, i);
            ez[count] = &g_array_index (self->zones, MaExplainZone, i);
            count++;
          }
      if (i - first == count)
        node_protection_steps (self, inf, zc, ez, count, release, rules.present_pages);
      first = i;
    }
}

/**
 * ma_explain_model_new_from_check:
 * @check: a snapshot's check
 * @snapshot: the snapshot checked
 *
 * Returns: (transfer full): the model: the check's zones, verdicts and inferred sysctls, with
 *   the arithmetic of every zone whose computed numbers a known rule set reproduces
 */
MaExplainModel *
ma_explain_model_new_from_check (MaSnapshotCheck *check,
                                 MaSnapshot      *snapshot)
{
  MaExplainModel *self;
  const MaCheckInferred *inf;
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) rules = g_string_new (NULL);

  g_return_val_if_fail (check != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  self = model_new ();
  self->check = ma_snapshot_check_ref (check);
  inf = ma_snapshot_check_get_inferred (check);
  for (guint i = 0; i < ma_snapshot_check_get_n_zones (check); i++)
    {
      const MaZoneCheck *c = ma_snapshot_check_get_zone (check, i);
      MaExplainZone z = { 0, };
      guint first = i, n_node = 0;

      z.node_id = c->node_id;
      z.name = c->name;
      z.type = c->type;
      z.populated = c->populated;
      z.managed = c->managed_today;
      z.page_size = inf->page_size > 0 ? inf->page_size : 4096;
      z.has_wmarks = c->has_wmarks;
      z.has_promo = c->has_promo;
      memcpy (z.printed, c->printed, sizeof z.printed);
      memcpy (z.computed, c->computed, sizeof z.computed);
      z.boost = c->boost;
      z.n_protection = c->n_protection;
      memcpy (z.printed_protection, c->printed_protection, sizeof z.printed_protection);
      memcpy (z.computed_protection, c->computed_protection, sizeof z.computed_protection);
      z.verdict = c->verdict;
      z.reason = c->reason;

      /* protection[j] is for the node's j-th zone: name it when the node lists them all */
      while (first > 0 && ma_snapshot_check_get_zone (check, first - 1)->node_id == c->node_id)
        first--;
      while (first + n_node < ma_snapshot_check_get_n_zones (check)
             && ma_snapshot_check_get_zone (check, first + n_node)->node_id == c->node_id)
        n_node++;
      for (guint j = 0; j < z.n_protection; j++)
        z.protection_names[j] = n_node == z.n_protection
                                ? ma_snapshot_check_get_zone (check, first + j)->name
                                : own (self, g_strdup_printf ("%u", j));
      g_array_append_val (self->zones, z);
    }
  check_steps (self, check, snapshot);

  self->summary = g_strdup (ma_snapshot_check_get_summary (check));
  self->kernel = g_strdup_printf (_("Kernel: %s"), inf->kernel_range);
  self->sysctls = check_sysctls (inf);
  for (const char * const *r = inf->rules; r != NULL && *r != NULL; r++)
    g_string_append_printf (rules, "%s• %s", rules->len ? "\n" : "", *r);
  self->rules = g_strdup (rules->str);
  for (const char * const *n = ma_snapshot_check_get_notes (check); n != NULL && *n != NULL; n++)
    g_string_append_printf (notes, "%s%s", notes->len ? "\n" : "", *n);
  self->notes = g_strdup (notes->str);
  return self;
}

/* ------------------------------------------------------------------------------------------ */
/* From a simulated machine */

static char *
machine_sysctls (MaMachine            *machine,
                 const MaExplainRules *rules)
{
  const MaMachineSpec *spec = ma_machine_get_spec (machine);
  MaKernelVersion v = ma_machine_get_kernel (machine);
  GString *s = g_string_new (NULL);
  guint64 mfk = ma_machine_get_min_free_kbytes (machine);
  guint64 lowmem = 0, thp_pages;
  guint nr_zones = 0, pb = 1u << ma_machine_get_pageblock_order (machine);
  guint ratio[MA_N_ZONE_TYPES], default_ratio[MA_N_ZONE_TYPES];
  guint n_ratio = ma_machine_get_lowmem_reserve_ratio (machine, ratio);
  guint n_default = ma_rules_default_lowmem_reserve_ratio (v, spec->zone_types,
                                                           spec->n_zone_types, default_ratio);
  g_autofree char *ratios = ratio_text (ratio, n_ratio);
  guint64 def;

  for (guint i = 0; i < rules->n_zones; i++)
    if (ma_rules_zone_is_lowmem_for_buffers (rules->zones[i].type))
      {
        lowmem += rules->zones[i].size;
        nr_zones += rules->zones[i].size > 0;
      }
  def = ma_rules_default_min_free_kbytes (v, lowmem * rules->page_kbytes);
  thp_pages = (guint64) pb * nr_zones * (2 + MA_MIGRATE_PCPTYPES * MA_MIGRATE_PCPTYPES);

  if (mfk == def)
    g_string_append_printf (s, _("min_free_kbytes %" PRIu64 " kB: the kernel's default, "
                                 "√(lowmem %" PRIu64 " kB × 16) = %" PRIu64),
                            mfk, lowmem * rules->page_kbytes, def);
  else if (spec->thp && mfk == thp_pages * rules->page_kbytes)
    g_string_append_printf (s, _("min_free_kbytes %" PRIu64 " kB: transparent hugepages' "
                                 "recommendation, %u-page pageblocks × %u zones × 11 = %" PRIu64
                                 " pages (the default would be %" PRIu64 " kB)"),
                            mfk, pb, nr_zones, thp_pages, def);
  else if (spec->thp && mfk < thp_pages * rules->page_kbytes && mfk > def)
    g_string_append_printf (s, _("min_free_kbytes %" PRIu64 " kB: transparent hugepages' "
                                 "recommendation, capped at 5 %% of lowmem"), mfk);
  else
    g_string_append_printf (s, _("min_free_kbytes %" PRIu64 " kB: set for this machine (the "
                                 "kernel's default would be %" PRIu64 " kB)"), mfk, def);
  g_string_append_c (s, '\n');
  if (v < V (4, 6, 0))
    g_string_append (s, _("watermark_scale_factor: none before Linux 4.6"));
  else
    g_string_append_printf (s, ma_machine_get_watermark_scale_factor (machine) == 10
                            ? _("watermark_scale_factor (wsf) %u: the default")
                            : _("watermark_scale_factor (wsf) %u: set for this machine"),
                            ma_machine_get_watermark_scale_factor (machine));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, n_ratio == n_default
                             && memcmp (ratio, default_ratio, n_ratio * sizeof (guint)) == 0
                          ? _("lowmem_reserve_ratio %s: the default")
                          : _("lowmem_reserve_ratio %s: set for this machine"), ratios);
  if (v >= V (5, 0, 0))
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("watermark_boost_factor %u"),
                              ma_machine_get_watermark_boost_factor (machine));
    }
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("pageblock order %u, page size %u bytes"),
                          ma_machine_get_pageblock_order (machine),
                          1u << ma_machine_get_page_shift (machine));
  return g_string_free (s, FALSE);
}

static char *
differences (const guint64 *printed,
             const guint64 *computed,
             guint          n)
{
  static const char *const names[MA_N_WMARKS] = { "min", "low", "high", "promo" };
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < n; k++)
    if (printed[k] != computed[k])
      g_string_append_printf (s, "%s%s %+" PRId64, s->len ? ", " : "", names[k],
                              (gint64) (printed[k] - computed[k]));
  return g_string_free (s, FALSE);
}

/**
 * ma_explain_model_new_from_machine:
 * @machine: a simulated machine
 *
 * Recomputes every zone's watermarks and protection with the formulas of the machine's kernel
 * and its sysctls, and compares them with the machine's own.
 *
 * Returns: (transfer full): the model
 */
MaExplainModel *
ma_explain_model_new_from_machine (MaMachine *machine)
{
  MaExplainModel *self;
  MaKernelVersion v;
  guint n = 0, page_size, n_ratio, n_exact = 0;
  guint ratio[MA_N_ZONE_TYPES];
  g_autofree MaRulesZone *rz = NULL;
  g_autofree const char **names = NULL;
  g_autofree guint64 *expected = NULL;
  g_autofree gboolean *compared = NULL;
  g_autofree guint64 *formula = NULL;
  g_autofree char *version = NULL;
  g_autofree char *described = NULL;
  MaExplainRules rules = { 0, };
  gboolean present_pages, with_promo;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);

  self = model_new ();
  self->simulated = TRUE;
  v = ma_machine_get_kernel (machine);
  present_pages = !ma_rules_uses_managed_pages (v);
  with_promo = v >= V (6, 0, 0);
  page_size = 1u << ma_machine_get_page_shift (machine);
  n_ratio = ma_machine_get_lowmem_reserve_ratio (machine, ratio);

  for (guint i = 0; i < ma_machine_get_n_nodes (machine); i++)
    n += ma_node_get_n_zones (ma_machine_get_node (machine, i));
  rz = g_new0 (MaRulesZone, MAX (n, 1u));
  names = g_new0 (const char *, MAX (n, 1u));
  expected = g_new0 (guint64, MAX (n, 1u) * MA_N_WMARKS);
  compared = g_new0 (gboolean, MAX (n, 1u));
  formula = g_new0 (guint64, MAX (n, 1u) * MA_N_WMARKS);

  n = 0;
  for (guint i = 0; i < ma_machine_get_n_nodes (machine); i++)
    {
      MaNode *node = ma_machine_get_node (machine, i);

      for (guint z = 0; z < ma_node_get_n_zones (node); z++, n++)
        {
          MaZone *zone = ma_node_get_zone (node, z);

          rz[n].type = ma_zone_get_zone_type (zone);
          rz[n].node = ma_node_get_id (node);
          rz[n].size = present_pages ? ma_zone_get_present (zone) : ma_zone_get_managed (zone);
          names[n] = own (self, g_strdup (ma_zone_get_name (zone)));
          compared[n] = TRUE;
          for (guint k = 0; k < MA_N_WMARKS; k++)
            expected[n * MA_N_WMARKS + k] = ma_zone_get_watermark_base (zone, k);
        }
    }

  rules.version = v;
  rules.present_pages = present_pages;
  rules.min_free_kbytes = ma_machine_get_min_free_kbytes (machine);
  rules.page_kbytes = MAX (page_size / 1024, 1u);
  rules.watermark_scale_factor = ma_machine_get_watermark_scale_factor (machine);
  rules.n_zones = n;
  rules.zones = rz;
  rules.names = names;
  /* Only the machine's own kernel: the fit just learns whether Movable was carved out of
   * HighMem, which the machine does not publish. */
  ma_explain_fit_rules (&rules, &v, 1, expected, compared, with_promo);
  ma_rules_watermarks (v, rz, n, rules.min_free_kbytes, rules.page_kbytes,
                       rules.watermark_scale_factor, formula);

  n = 0;
  for (guint i = 0; i < ma_machine_get_n_nodes (machine); i++)
    {
      MaNode *node = ma_machine_get_node (machine, i);
      guint nz = ma_node_get_n_zones (node);
      guint64 sizes[MA_N_ZONE_TYPES];
      guint64 reserve[MA_N_ZONE_TYPES * MA_N_ZONE_TYPES];

      for (guint z = 0; z < nz; z++)
        sizes[z] = rz[n + z].size;
      ma_rules_lowmem_reserve (v, nz, sizes, ratio, n_ratio, reserve);

      for (guint z = 0; z < nz; z++, n++)
        {
          MaZone *zone = ma_node_get_zone (node, z);
          MaExplainZone ez = { 0, };
          gboolean wok = TRUE, pok = TRUE;

          ez.node_id = ma_node_get_id (node);
          ez.name = names[n];
          ez.type = rz[n].type;
          ez.populated = ma_zone_is_populated (zone);
          ez.managed = ma_zone_get_managed (zone);
          ez.page_size = page_size;
          ez.has_wmarks = TRUE;
          ez.has_promo = with_promo;
          ez.boost = ma_zone_get_boost (zone);
          for (guint k = 0; k < MA_N_WMARKS; k++)
            {
              ez.printed[k] = ma_zone_get_watermark (zone, k);
              ez.computed[k] = formula[n * MA_N_WMARKS + k] + ez.boost;
              wok = wok && ((k == MA_WMARK_PROMO && !with_promo)
                            || ez.printed[k] == ez.computed[k]);
            }
          ez.n_protection = nz;
          for (guint j = 0; j < nz; j++)
            {
              ez.protection_names[j] = names[n - z + j];
              ez.printed_protection[j] = (gint64) ma_zone_get_lowmem_reserve (zone, j);
              ez.computed_protection[j] = (gint64) reserve[z * nz + j];
              pok = pok && ez.printed_protection[j] == ez.computed_protection[j];
            }
          ez.watermark_steps = own (self, ma_explain_watermark_steps (&rules, n, ez.boost,
                                                                      with_promo));
          ez.protection_steps = own (self, ma_explain_protection_steps (v, nz, sizes, names + n - z,
                                                                        ratio, n_ratio, z,
                                                                        present_pages));
          if (wok && pok)
            {
              ez.verdict = MA_CHECK_EXACT;
              ez.reason = ez.boost > 0
                          ? _("Follows from today's managed pages and the machine's sysctls, "
                              "plus the boost a recent fallback added.")
                          : _("Follows from today's managed pages and the machine's sysctls.");
              n_exact++;
            }
          else
            {
              g_autofree char *d = differences (ez.printed, ez.computed,
                                                with_promo ? MA_N_WMARKS : MA_WMARK_PROMO);

              ez.verdict = MA_CHECK_UNEXPLAINED;
              ez.reason = own (self, g_strdup_printf (_("The machine's numbers differ from the "
                                                        "formulas for today's managed pages "
                                                        "(%s%s): its sizes changed since the "
                                                        "watermarks were last computed."),
                                                      d, pok ? "" : _("; protection differs")));
            }
          g_array_append_val (self->zones, ez);
        }
    }

  version = ma_kernel_version_to_string (v);
  described = ma_explain_describe_rules (v);
  if (n_exact == self->zones->len)
    self->summary = g_strdup_printf (_("Simulated machine: the engine computes every zone's "
                                       "watermarks and protection with the formulas of Linux %s, "
                                       "so all %u zones are exact by construction. The steps "
                                       "are the kernel's own arithmetic."),
                                     version, self->zones->len);
  else
    self->summary = g_strdup_printf (_("Simulated machine (Linux %s): %u of %u zones follow "
                                       "from today's sizes; the others were computed before "
                                       "their sizes changed."),
                                     version, n_exact, self->zones->len);
  self->kernel = g_strdup_printf (_("Kernel: Linux %s (the machine's own)"), version);
  self->sysctls = machine_sysctls (machine, &rules);
  self->rules = g_strdup_printf ("• %s: %s", version, described);
  self->notes = g_strdup ("");
  return self;
}

/* ------------------------------------------------------------------------------------------ */
/* Accessors */

guint
ma_explain_model_get_n_zones (const MaExplainModel *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

const MaExplainZone *
ma_explain_model_get_zone (const MaExplainModel *self,
                           guint                 index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaExplainZone, index);
}

const char *
ma_explain_model_get_summary (const MaExplainModel *self)
{
  return self->summary;
}

const char *
ma_explain_model_get_kernel (const MaExplainModel *self)
{
  return self->kernel;
}

const char *
ma_explain_model_get_sysctls (const MaExplainModel *self)
{
  return self->sysctls;
}

const char *
ma_explain_model_get_rules (const MaExplainModel *self)
{
  return self->rules;
}

const char *
ma_explain_model_get_notes (const MaExplainModel *self)
{
  return self->notes;
}

gboolean
ma_explain_model_is_simulated (const MaExplainModel *self)
{
  return self->simulated;
}
