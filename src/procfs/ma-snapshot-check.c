/* ma-snapshot-check.c: a snapshot's watermarks and protection explained by the kernel's rules
 *
 * The kernel computes every zone's min/low/high(/promo) watermarks and protection arrays from
 * the zones' managed pages (present pages before 3.8) and three sysctls: min_free_kbytes,
 * watermark_scale_factor (4.6 and later) and lowmem_reserve_ratio. The engine holds those
 * formulas (ma-kernel.h); this file only searches for the inputs that make them reproduce a
 * snapshot's printed numbers exactly, and says which inputs those were.
 *
 * The search is a ladder of hypotheses, tried for each kernel version that can have printed the
 * file (its release, or one representative per rule set within the range its layout implies):
 *
 *   A. today's managed pages, the sysctls as read or inferred;
 *   B. the managed pages at the last computation, recovered from the protection arrays: since
 *      protection[j] of zone i is Σ managed(i+1 … j) / ratio[i], each array pins the sums of the
 *      upper zones' managed pages to a window of ratio − 1 pages, searched exhaustively;
 *   C. watermarks computed at another moment than the protection arrays (they are recomputed
 *      separately: khugepaged's recommendation at boot, before init memory and the initrd are
 *      freed), with one zone's managed pages different, *and* min_free_kbytes exactly the
 *      kernel's own value (the default or THP's recommendation) for those managed pages; the
 *      extra unknown is paid for by that extra constraint.
 *
 * The unknown sysctls are inferred as KERNEL.md §11 suggests: min_free_kbytes is within a few
 * pages of 4 × Σ (min − boost) over the lowmem zones (a small window, tried whole), or one of
 * the kernel's own values (the default 4·√lowmem, THP's 11 pageblocks per zone, capped at 5 % of
 * lowmem); watermark_scale_factor follows from (low − min) wherever that exceeds tmp/4. From 5.0
 * to 5.15 the kernel adds a boost to every watermark without printing it; a boost is accepted
 * only as the kernel makes them: whole pageblocks, or the maximum for the zone's high mark.
 *
 * A zone is "exact" when its numbers follow from today's managed pages, "explained" when they
 * follow under hypothesis B or C, "unexplained" otherwise, with the numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot-check"

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-pagetypeinfo.h"
#include "ma-snapshot-check.h"
#include "ma-snapshot-check-private.h"
#include "ma-zoneinfo.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

/* Bounds of the searches; they only matter for machines with many zones whose protection
 * windows multiply. */
#define MAX_COMBOS_PER_NODE  (1u << 17)
#define MAX_COMBOS           (1u << 18)
#define VARY_DOWN_MAX        (G_GUINT64_CONSTANT (1) << 17)
#define VARY_UP_MAX          (G_GUINT64_CONSTANT (1) << 15)

/* The searches below are exhaustive over what the printed numbers allow, which real files keep
 * narrow; a file can widen them (tens of zones, each with a wide range of sizes to try) until
 * a check takes hours. Each rule set gets this much work, counted in passes over the zones:
 * past it the searches stop with what they found, and a note says so. The real snapshots in
 * tests/data take at most 12 million. */
#define WORK_MAX             (G_GUINT64_CONSTANT (1) << 25)

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------------------------------ */
/* Versions */

/* The kernels of each zoneinfo layout (ma_zoneinfo_era_get_kernels()). */
static const MaKernelVersion era_oldest[] = {
  0, V (2, 6, 13), V (2, 6, 18), V (2, 6, 25), V (4, 8, 0), V (4, 12, 0), V (4, 16, 0),
  V (5, 12, 0), V (5, 16, 0), V (6, 12, 0), V (6, 13, 0),
};
static const MaKernelVersion era_newest[] = {
  0, V (2, 6, 17), V (2, 6, 24), V (4, 7, 255), V (4, 11, 255), V (4, 15, 255), V (5, 11, 255),
  V (5, 15, 255), V (6, 11, 255), V (6, 12, 255), V (6, 255, 255),
};

/* Every version where a rule the check depends on changes (ma-kernel.c). */
static const MaKernelVersion rule_bounds[] = {
  V (2, 6, 16),   /* low/high = min + tmp/4, tmp/2 */
  V (2, 6, 23),   /* ZONE_MOVABLE */
  V (2, 6, 38),   /* transparent hugepages */
  V (3, 8, 0),    /* managed pages */
  V (4, 6, 0),    /* watermark_scale_factor */
  V (4, 10, 0),   /* THP counts zones up to Normal only */
  V (4, 16, 0),   /* lowmem_reserve_ratio per zone */
  V (5, 0, 0),    /* watermark boost */
  V (5, 7, 0),    /* min_free_kbytes cap 256 MiB */
  V (5, 8, 0),    /* empty zones' protection cleared (and the summing bug) */
  V (5, 14, 0),   /* protection sums every upper zone */
  V (5, 17, 0),   /* watermark_scale_factor up to 3000 */
  V (6, 0, 0),    /* promo watermark */
  V (6, 6, 0),    /* Movable capped */
};

static char *
version_string (MaKernelVersion v)
{
  guint a = v >> 16, b = (v >> 8) & 0xff, c = v & 0xff;

  /* "the last x.y before the next major": the last minor of each series */
  if (b == 255)
    {
      static const guint last_minor[] = { 0, 0, 6, 19, 20, 19 };

      if (a == 2)
        return g_strdup ("2.6.39");
      if (a < G_N_ELEMENTS (last_minor))
        return g_strdup_printf ("%u.%u", a, last_minor[a]);
      return g_strdup_printf ("%u.x", a);
    }
  if (a == 2)
    return g_strdup_printf ("%u.%u.%u", a, b, c);
  return g_strdup_printf ("%u.%u", a, b);
}

gboolean
ma_snapshot_version_range (MaSnapshot       *snapshot,
                           MaKernelVersion  *out_oldest,
                           MaKernelVersion  *out_newest,
                           char            **out_text)
{
  const char *release = ma_snapshot_get_kernel_release (snapshot);
  MaZoneinfo *zi = ma_snapshot_get_zoneinfo (snapshot);
  MaKernelVersion v;
  MaZoneinfoEra oldest = MA_ZONEINFO_ERA_UNKNOWN, newest = MA_ZONEINFO_ERA_UNKNOWN;
  gboolean managed;

  if (release != NULL && ma_kernel_version_parse (release, &v))
    {
      *out_oldest = *out_newest = v;
      if (out_text)
        *out_text = g_strdup_printf ("%s (the snapshot's kernel release)", release);
      return TRUE;
    }
  if (zi == NULL)
    return FALSE;

  ma_zoneinfo_get_era_range (zi, &oldest, &newest);
  if (oldest == MA_ZONEINFO_ERA_UNKNOWN || newest == MA_ZONEINFO_ERA_UNKNOWN
      || oldest > MA_ZONEINFO_ERA_LAST || newest > MA_ZONEINFO_ERA_LAST)
    return FALSE;
  *out_oldest = era_oldest[oldest];
  *out_newest = era_newest[newest];

  /* `managed` appeared in 3.8: its presence or absence narrows the E3 era. */
  managed = (ma_zoneinfo_get_markers (zi) & MA_ZONEINFO_MARKER_MANAGED) != 0;
  if (managed)
    *out_oldest = MAX (*out_oldest, V (3, 8, 0));
  else if (!ma_zoneinfo_is_partial (zi))
    *out_newest = MIN (*out_newest, V (3, 7, 255));
  if (*out_oldest > *out_newest)
    *out_oldest = *out_newest;

  if (out_text)
    {
      g_autofree char *a = version_string (*out_oldest);
      g_autofree char *b = version_string (*out_newest);
      g_autofree char *layout = NULL;

      if (oldest == newest)
        layout = g_strdup_printf ("E%d", (int) oldest);
      else
        layout = g_strdup_printf ("E%d – E%d", (int) oldest, (int) newest);
      /* Translators: the kernel versions a zoneinfo without a kernel release allows: oldest –
       * newest (…; the zoneinfo layout, E1 to E10) */
      if (managed)
        *out_text = g_strdup_printf (_("%s – %s (no kernel release; zoneinfo layout %s with "
                                       "managed pages)"), a, b, layout);
      else if (ma_zoneinfo_is_partial (zi))
        *out_text = g_strdup_printf (_("%s – %s (no kernel release; zoneinfo layout %s)"), a, b,
                                     layout);
      else
        *out_text = g_strdup_printf (_("%s – %s (no kernel release; zoneinfo layout %s without "
                                       "managed pages)"), a, b, layout);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Configured zone types */

static gboolean
type_allowed (MaZoneType      t,
              MaKernelVersion newest)
{
  if (t == MA_ZONE_MOVABLE)
    return newest >= V (2, 6, 23);
  if (t == MA_ZONE_DEVICE)
    return newest >= V (4, 3, 0);
  if (t == MA_ZONE_DMA32)
    return newest >= V (2, 6, 16);
  return TRUE;
}

guint
ma_snapshot_guess_zone_types (const MaZoneinfo *zoneinfo,
                              MaKernelVersion   oldest,
                              MaKernelVersion   newest,
                              MaZoneType       *out_types)
{
  gboolean printed[MA_N_ZONE_TYPES] = { FALSE, };
  guint n_printed = 0, n_conf = 0, best_score = G_MAXUINT;
  guint32 best_mask = 0;
  MaZoneType lowest = MA_N_ZONE_TYPES;

  for (guint i = 0; i < ma_zoneinfo_get_n_zones (zoneinfo); i++)
    {
      const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zoneinfo, i);
      MaZoneType t;

      if (!ma_zone_type_from_name (z->name, &t))
        continue;
      if (!printed[t])
        n_printed++;
      printed[t] = TRUE;
      lowest = MIN (lowest, t);
      if (z->fields & MA_ZONE_HAS_PROTECTION)
        n_conf = MAX (n_conf, z->n_protection);
    }
  n_conf = MIN (MAX (n_conf, n_printed), (guint) MA_N_ZONE_TYPES);

  /* Every subset of the zone types of that size holding the printed ones; the zone at index
   * i of a subset must have protection[k] = 0 for every k ≤ i. Among the valid ones, the
   * likeliest: no DMA32 with HighMem (64-bit vs 32-bit), Movable when the kernel has it, no
   * unprinted zone below the lowest printed one, Device last. */
  for (guint32 mask = 0; mask < (1u << MA_N_ZONE_TYPES); mask++)
    {
      MaZoneType types[MA_N_ZONE_TYPES];
      guint n = 0, score = 0;
      gboolean valid = TRUE;

      for (guint t = 0; t < MA_N_ZONE_TYPES; t++)
        {
          if (printed[t] && !(mask & (1u << t)))
            valid = FALSE;
          if (mask & (1u << t))
            {
              if (!printed[t] && !type_allowed (t, newest))
                valid = FALSE;
              types[n++] = t;
            }
        }
      if (!valid || n != n_conf)
        continue;

      for (guint i = 0; valid && i < ma_zoneinfo_get_n_zones (zoneinfo); i++)
        {
          const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zoneinfo, i);
          MaZoneType t;
          guint index = 0;

          if (!ma_zone_type_from_name (z->name, &t) || !(z->fields & MA_ZONE_HAS_PROTECTION))
            continue;
          while (types[index] != t)
            index++;
          for (guint k = 0; k <= index && k < z->n_protection; k++)
            if (z->protection[k] != 0)
              valid = FALSE;
        }
      if (!valid)
        continue;

      if ((mask & (1u << MA_ZONE_DMA32)) && (mask & (1u << MA_ZONE_HIGHMEM)))
        score += 100;
      if (newest >= V (2, 6, 23) && !(mask & (1u << MA_ZONE_MOVABLE)))
        score += 10;
      for (guint t = 0; t < lowest && t < MA_N_ZONE_TYPES; t++)
        if (mask & (1u << t))
          score += 5;
      if ((mask & (1u << MA_ZONE_DEVICE)) && !printed[MA_ZONE_DEVICE])
        score += printed[MA_ZONE_DMA32] ? 1 : 3;
      if ((mask & (1u << MA_ZONE_HIGHMEM)) && !printed[MA_ZONE_HIGHMEM])
        score += printed[MA_ZONE_DMA32] ? 50 : 2;
      if ((mask & (1u << MA_ZONE_DMA32)) && !printed[MA_ZONE_DMA32])
        score += printed[MA_ZONE_HIGHMEM] ? 50 : 4;
      if (score < best_score)
        {
          best_score = score;
          best_mask = mask;
        }
    }
  (void) oldest;

  if (best_score == G_MAXUINT)
    {
      /* nothing consistent: the printed types, in order */
      n_conf = 0;
      for (guint t = 0; t < MA_N_ZONE_TYPES; t++)
        if (printed[t])
          out_types[n_conf++] = t;
      return n_conf;
    }
  n_conf = 0;
  for (guint t = 0; t < MA_N_ZONE_TYPES; t++)
    if (best_mask & (1u << t))
      out_types[n_conf++] = t;
  return n_conf;
}

/* ------------------------------------------------------------------------------------------ */
/* The zones as the formulas see them */

typedef struct
{
  guint                 node;      /* index into Ctx.nodes */
  guint32               node_id;
  MaZoneType            type;
  guint                 conf;      /* index among the node's configured zones */
  const MaZoneinfoZone *z;         /* NULL: configured, not printed (empty, before 4.12) */
  guint64               today;     /* managed pages (present before 3.8) */
  gboolean              populated;
  gboolean              has_wmarks;
  gboolean              boost_printed;
  guint64               printed[MA_N_WMARKS];
  guint64               pboost;
} CZone;

typedef struct
{
  guint32 id;
  guint   first;   /* index of its first zone in Ctx.zones */
} CNode;

typedef enum
{
  LEVEL_A,       /* today's managed pages */
  LEVEL_B,       /* managed pages recovered from the protection arrays */
  LEVEL_C,       /* watermarks from another moment, one zone different */
  LEVEL_X,       /* unexplained */
} Level;

typedef struct
{
  guint64        mfk;
  MaCheckSource  mfk_source;
  guint          mfk_pageblock;  /* for THP: the pageblock pages it assumed */
  guint          wsf;
  guint          pageblock;      /* pageblock pages used for boosts */
  guint          n_ok;
} WmFit;

typedef struct
{
  MaKernelVersion  v;
  Level            level;
  guint            n_ok;
  WmFit            fit;
  guint            ratio[MA_N_ZONE_TYPES];
  guint            n_ratio;
  MaCheckSource    ratio_source;
  guint64         *sizes_wm;      /* sizes the watermarks were computed with */
  guint64         *sizes_prot;    /* sizes the protection arrays were computed with */
  guint64         *prot_lo;       /* ranges over every fitting combination (level B) */
  guint64         *prot_hi;
  gint             vary_zone;     /* level C: the zone whose managed pages differed */
  guint64          vary_lo;
  guint64          vary_hi;
  gboolean         prot_from_today;
} Outcome;

typedef struct
{
  MaSnapshot      *snap;
  MaZoneinfo      *zi;
  GArray          *zones;         /* CZone */
  GArray          *nodes;         /* CNode */
  guint            n_conf;
  MaZoneType       conf[MA_N_ZONE_TYPES];
  guint            page_kb;
  guint            pbs[2];        /* pageblock pages to try, likeliest first */
  guint            n_pbs;
  gboolean         pb_known;
  gboolean         thp_possible;
  gint64           sysctl_mfk;
  gint64           sysctl_wsf;
  guint            wbf;
  gboolean         have_sysctl_ratio;
  guint            sysctl_ratio[MA_N_ZONE_TYPES];
  guint            n_sysctl_ratio;
  gboolean         missing_zones; /* partial dump without some nodes or zones */
  gboolean         movable_is_highmem;

  /* scratch for the current version */
  MaKernelVersion  v;
  gboolean         hidden_boost;
  MaRulesZone     *rz;
  guint64         *wm;
  guint64          work;          /* zone watermarks computed for it, up to WORK_MAX */
  gboolean         cut_short;     /* a search stopped at WORK_MAX (for any version) */
} Ctx;

static inline CZone *
czone (Ctx  *ctx,
       guint i)
{
  return &g_array_index (ctx->zones, CZone, i);
}

static guint
n_zones (Ctx *ctx)
{
  return ctx->zones->len;
}

static void
outcome_init (Outcome *o,
              guint    n)
{
  memset (o, 0, sizeof *o);
  o->sizes_wm = g_new0 (guint64, n);
  o->sizes_prot = g_new0 (guint64, n);
  o->prot_lo = g_new0 (guint64, n);
  o->prot_hi = g_new0 (guint64, n);
  o->vary_zone = -1;
  o->level = LEVEL_X;
}

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->sizes_wm, g_free);
  g_clear_pointer (&o->sizes_prot, g_free);
  g_clear_pointer (&o->prot_lo, g_free);
  g_clear_pointer (&o->prot_hi, g_free);
}

/* ------------------------------------------------------------------------------------------ */
/* Watermarks */

static void
compute_wmarks (Ctx           *ctx,
                const guint64 *sizes,
                guint64        mfk,
                guint          wsf)
{
  ctx->work += n_zones (ctx);
  for (guint i = 0; i < n_zones (ctx); i++)
    {
      ctx->rz[i].type = czone (ctx, i)->type;
      ctx->rz[i].node = czone (ctx, i)->node_id;
      ctx->rz[i].size = sizes[i];
      ctx->rz[i].movable_is_highmem = ctx->movable_is_highmem;
    }
  ma_rules_watermarks (ctx->v, ctx->rz, n_zones (ctx), mfk, ctx->page_kb, wsf, ctx->wm);
}

/* Whether the current rule set has used up its work (WORK_MAX); remembers that it did. */
static gboolean
out_of_work (Ctx *ctx)
{
  if (ctx->work < WORK_MAX)
    return FALSE;
  ctx->cut_short = TRUE;
  return TRUE;
}

/* A boost the kernel could have made: whole pageblocks, or the ceiling for the zone. */
static gboolean
boost_possible (Ctx     *ctx,
                guint64  boost,
                guint64  high_base,
                guint    pageblock)
{
  guint64 max_boost;

  if (boost == 0)
    return TRUE;
  max_boost = ma_rules_max_watermark_boost (high_base, ctx->wbf, pageblock);
  if (max_boost == 0)
    return FALSE;
  return boost == max_boost || (boost % pageblock == 0 && boost <= max_boost);
}

/* Compares ctx->wm with the printed marks. Returns the number of zones that match; ok[] and
 * boost[] (optional) receive per zone whether and with which boost. */
static guint
match_wmarks (Ctx      *ctx,
              guint     pageblock,
              gboolean *ok,
              guint64  *boost)
{
  guint n_ok = 0;

  for (guint i = 0; i < n_zones (ctx); i++)
    {
      const CZone *c = czone (ctx, i);
      const guint64 *w = &ctx->wm[i * MA_N_WMARKS];
      gboolean match;
      guint64 b;

      if (!c->has_wmarks)
        {
          match = TRUE;
          b = 0;
        }
      else
        {
          b = c->boost_printed ? c->pboost
                               : ctx->hidden_boost && c->printed[MA_WMARK_MIN] >= w[MA_WMARK_MIN]
                                 ? c->printed[MA_WMARK_MIN] - w[MA_WMARK_MIN] : 0;
          match = c->printed[MA_WMARK_MIN] == w[MA_WMARK_MIN] + b
                  && c->printed[MA_WMARK_LOW] == w[MA_WMARK_LOW] + b
                  && c->printed[MA_WMARK_HIGH] == w[MA_WMARK_HIGH] + b
                  && (!(c->z->fields & MA_ZONE_HAS_PROMO)
                      || c->printed[MA_WMARK_PROMO] == w[MA_WMARK_PROMO] + b);
          if (match && !c->boost_printed && b > 0)
            match = boost_possible (ctx, b, w[MA_WMARK_HIGH], pageblock);
        }
      if (ok)
        ok[i] = match;
      if (boost)
        boost[i] = b;
      if (match)
        n_ok++;
    }
  return n_ok;
}

/* Intersects [*lo, *hi] with the pages_min values P for which floor(P · s / L) lies in
 * [t_lo, t_hi]. */
static void
clip_share (guint64  s,
            guint64  lowmem,
            guint64  t_lo,
            guint64  t_hi,
            guint64 *lo,
            guint64 *hi)
{
  /* floor(P·s/L) ≥ t ⇔ P ≥ ceil(t·L/s);  floor(P·s/L) ≤ t ⇔ P ≤ ceil((t+1)·L/s) − 1 */
  u128 a = ((u128) t_lo * lowmem + s - 1) / s;
  u128 b = (((u128) t_hi + 1) * lowmem + s - 1) / s;

  b = b > 0 ? b - 1 : 0;
  if (a > *lo)
    *lo = a > G_MAXUINT64 ? G_MAXUINT64 : (guint64) a;
  if (b < *hi)
    *hi = (guint64) b;
}

/* The pages_min values (min_free_kbytes in pages) that the printed marks allow for these sizes
 * and this watermark_scale_factor. Each lowmem zone's share tmp = ⌊P · size / lowmem⌋ is
 * pinned by its min when the boost is known, and by low − min whenever tmp/4 is the larger
 * spacing (low − min = ⌊tmp/4⌋, so tmp ∈ [4d, 4d + 3]); where the scale factor sets the
 * spacing, tmp/4 can only be smaller. Returns FALSE when no value fits (or the scale factor
 * cannot give the printed spacing). */
static gboolean
pages_min_interval (Ctx           *ctx,
                    const guint64 *sizes,
                    guint          wsf,
                    guint64       *out_lo,
                    guint64       *out_hi)
{
  guint64 lowmem = 0, lo = 0, hi = G_MAXUINT64;

  for (guint i = 0; i < n_zones (ctx); i++)
    if (!ma_rules_zone_is_capped (ctx->v, &ctx->rz[i]))
      lowmem += sizes[i];
  if (lowmem == 0)
    {
      *out_lo = 0;
      *out_hi = G_MAXUINT64;
      return TRUE;
    }

  for (guint i = 0; i < n_zones (ctx); i++)
    {
      const CZone *c = czone (ctx, i);
      guint64 s = sizes[i];

      if (!c->has_wmarks || s == 0 || ma_rules_zone_is_capped (ctx->v, &ctx->rz[i]))
        continue;

      /* the min itself, when the boost is known */
      if (!ctx->hidden_boost || c->boost_printed)
        {
          guint64 m;

          if (c->printed[MA_WMARK_MIN] < c->pboost)
            return FALSE;
          m = c->printed[MA_WMARK_MIN] - c->pboost;
          clip_share (s, lowmem, m, m, &lo, &hi);
        }

      /* the spacing low − min (boost cancels out) */
      if (ctx->v >= V (2, 6, 16) && c->printed[MA_WMARK_LOW] >= c->printed[MA_WMARK_MIN])
        {
          guint64 d = c->printed[MA_WMARK_LOW] - c->printed[MA_WMARK_MIN];
          guint64 w = ctx->v >= V (4, 6, 0) ? ma_rules_mult_frac (s, wsf, 10000) : 0;

          if (d < w)
            return FALSE;
          if (d > w)
            clip_share (s, lowmem, 4 * d, 4 * d + 3, &lo, &hi);
          else
            clip_share (s, lowmem, 0, 4 * d + 3, &lo, &hi);
        }
      if (lo > hi)
        return FALSE;
    }
  *out_lo = lo;
  *out_hi = hi;
  return lo <= hi;
}

typedef struct
{
  guint64       mfk;
  MaCheckSource source;
  guint         pageblock;
} MfkCandidate;

/* The kernel's own min_free_kbytes for these sizes: the default, and THP's recommendation for
 * each pageblock size that can be. */
static guint
formula_candidates (Ctx           *ctx,
                    const guint64 *sizes,
                    MfkCandidate  *out)
{
  guint64 lowmem = 0, def, nfbp = 0;
  gboolean have_nfbp = FALSE;
  guint n = 0;

  for (guint i = 0; i < n_zones (ctx); i++)
    if (ma_rules_zone_is_lowmem_for_buffers (czone (ctx, i)->type))
      lowmem += sizes[i];
  def = ma_rules_default_min_free_kbytes (ctx->v, lowmem * ctx->page_kb);
  out[n++] = (MfkCandidate) { def, MA_CHECK_SOURCE_DEFAULT, 0 };

  if (!ctx->thp_possible || ctx->v < V (2, 6, 38))
    return n;

  for (guint p = 0; p < ctx->n_pbs; p++)
    {
      guint64 uncapped, thp;

      for (guint i = 0; i < n_zones (ctx); i++)
        ctx->rz[i].size = sizes[i];
      uncapped = ma_rules_thp_min_free_kbytes (ctx->v, ctx->rz, n_zones (ctx), ctx->pbs[p],
                                               ctx->page_kb, G_MAXUINT64 / 2, def);
      /* The 5 % cap (nr_free_buffer_pages / 20) only binds on small machines: work out
       * nr_free_buffer_pages, from the watermarks the default gives, only then. */
      if (uncapped / ctx->page_kb * 20 >= lowmem / 2 && !have_nfbp)
        {
          compute_wmarks (ctx, sizes, def, ctx->sysctl_wsf > 0 ? (guint) ctx->sysctl_wsf : 10);
          for (guint i = 0; i < n_zones (ctx); i++)
            if (ma_rules_zone_is_lowmem_for_buffers (czone (ctx, i)->type)
                && sizes[i] > ctx->wm[i * MA_N_WMARKS + MA_WMARK_HIGH])
              nfbp += sizes[i] - ctx->wm[i * MA_N_WMARKS + MA_WMARK_HIGH];
          have_nfbp = TRUE;
        }
      thp = have_nfbp ? ma_rules_thp_min_free_kbytes (ctx->v, ctx->rz, n_zones (ctx),
                                                      ctx->pbs[p], ctx->page_kb, nfbp, def)
                      : uncapped;
      if (thp != def)
        out[n++] = (MfkCandidate) { thp, thp == uncapped ? MA_CHECK_SOURCE_THP
                                                         : MA_CHECK_SOURCE_THP_CAPPED,
                                    ctx->pbs[p] };
    }
  return n;
}

/* watermark_scale_factor values worth trying: the sysctl, else the default and whatever makes
 * ⌊size · wsf / 10000⌋ equal low − min in some zone (where the factor, not tmp/4, sets the
 * spacing). */
static guint
wsf_candidates (Ctx           *ctx,
                const guint64 *sizes,
                guint         *out,
                guint          max_out)
{
  guint n = 0;
  guint wmax = ma_rules_watermark_scale_factor_max (ctx->v);

  if (ctx->sysctl_wsf > 0)
    {
      out[n++] = (guint) ctx->sysctl_wsf;
      return n;
    }
  out[n++] = 10;
  if (ctx->v < V (4, 6, 0))
    return n;

  for (guint i = 0; i < n_zones (ctx); i++)
    {
      const CZone *c = czone (ctx, i);
      guint64 d, w0;

      if (!c->has_wmarks || sizes[i] == 0 || c->printed[MA_WMARK_LOW] <= c->printed[MA_WMARK_MIN]
          || ma_rules_zone_is_capped (ctx->v, &ctx->rz[i]))
        continue;
      d = c->printed[MA_WMARK_LOW] - c->printed[MA_WMARK_MIN];
      w0 = (guint64) (((u128) d * 10000) / sizes[i]);
      for (guint64 x = w0 > 1 ? w0 - 1 : 1; x <= w0 + 2 && x <= wmax; x++)
        {
          gboolean seen = FALSE;

          if (ma_rules_mult_frac (sizes[i], x, 10000) != d)
            continue;
          for (guint k = 0; k < n; k++)
            if (out[k] == x)
              seen = TRUE;
          if (!seen && n < max_out)
            out[n++] = (guint) x;
        }
    }
  return n;
}

static gboolean
try_one (Ctx           *ctx,
         const guint64 *sizes,
         guint64        mfk,
         guint          wsf,
         MaCheckSource  source,
         guint          mfk_pageblock,
         WmFit         *best)
{
  compute_wmarks (ctx, sizes, mfk, wsf);
  for (guint p = 0; p < ctx->n_pbs; p++)
    {
      guint pb = mfk_pageblock ? mfk_pageblock : ctx->pbs[p];
      guint n_ok = match_wmarks (ctx, pb, NULL, NULL);

      if (n_ok > best->n_ok || best->mfk == 0)
        {
          best->n_ok = n_ok;
          best->mfk = mfk;
          best->mfk_source = source;
          best->mfk_pageblock = mfk_pageblock;
          best->wsf = wsf;
          best->pageblock = pb;
        }
      if (n_ok == n_zones (ctx))
        return TRUE;
      if (!ctx->hidden_boost || mfk_pageblock)
        break;   /* the pageblock size only matters for a hidden boost */
    }
  return FALSE;
}

/* Searches min_free_kbytes and watermark_scale_factor for these sizes. With formula_only, only
 * the sysctl or the kernel's own values are tried. Returns TRUE when every zone matches; best
 * then holds the values, otherwise the best partial fit found. */
static gboolean
search_wmarks (Ctx           *ctx,
               const guint64 *sizes,
               gboolean       formula_only,
               WmFit         *best)
{
  MfkCandidate cands[8];
  guint n_cands = 0;
  gboolean have_cands = FALSE;
  guint wsfs[32];
  guint n_wsf;
  guint64 p_est = 0, n_low = 0;

  memset (best, 0, sizeof *best);
  if (out_of_work (ctx))
    return FALSE;
  for (guint i = 0; i < n_zones (ctx); i++)
    {
      const CZone *c = czone (ctx, i);

      ctx->rz[i].type = c->type;
      ctx->rz[i].node = c->node_id;
      ctx->rz[i].size = sizes[i];
      ctx->rz[i].movable_is_highmem = ctx->movable_is_highmem;
    }
  for (guint i = 0; i < n_zones (ctx); i++)
    {
      const CZone *c = czone (ctx, i);

      if (!c->has_wmarks || ma_rules_zone_is_capped (ctx->v, &ctx->rz[i]))
        continue;
      p_est += c->printed[MA_WMARK_MIN] - MIN (c->pboost, c->printed[MA_WMARK_MIN]);
      if (c->populated)
        n_low++;
    }

  n_wsf = wsf_candidates (ctx, sizes, wsfs, G_N_ELEMENTS (wsfs));
  ctx->work += n_zones (ctx);
  for (guint w = 0; w < n_wsf; w++)
    {
      guint64 lo, hi;

      ctx->work += n_zones (ctx);
      if (!pages_min_interval (ctx, sizes, wsfs[w], &lo, &hi))
        continue;

      if (ctx->sysctl_mfk >= 0)
        {
          guint64 p = (guint64) ctx->sysctl_mfk / ctx->page_kb;

          if (p >= lo && p <= hi
              && try_one (ctx, sizes, (guint64) ctx->sysctl_mfk, wsfs[w], MA_CHECK_SOURCE_SYSCTL,
                          0, best))
            return TRUE;
          continue;
        }

      if (!have_cands)
        {
          n_cands = formula_candidates (ctx, sizes, cands);
          have_cands = TRUE;
        }
      for (guint k = 0; k < n_cands; k++)
        {
          guint64 p = cands[k].mfk / ctx->page_kb;

          if (p >= lo && p <= hi
              && try_one (ctx, sizes, cands[k].mfk, wsfs[w], cands[k].source, cands[k].pageblock,
                          best))
            return TRUE;
        }
      if (formula_only)
        continue;

      /* any value the marks allow: the whole interval when it is narrow, else a window of a
       * few pages around 4 · Σ (min − boost) */
      if (hi - lo > 4096)
        {
          lo = MAX (lo, p_est);
          hi = MIN (hi, p_est + n_low);
        }
      for (guint64 p = lo; p <= hi && !out_of_work (ctx); p++)
        if (try_one (ctx, sizes, p * ctx->page_kb, wsfs[w], MA_CHECK_SOURCE_INFERRED, 0, best))
          return TRUE;
    }
  return FALSE;
}

/* The best partial fit, for zones nothing explains: the window around 4 · Σ (min − boost). */
static void
search_wmarks_partial (Ctx           *ctx,
                       const guint64 *sizes,
                       WmFit         *best)
{
  guint64 p_est = 0, n_low = 0;
  guint wsfs[32];
  guint n_wsf;
  WmFit fit = { 0, };

  if (search_wmarks (ctx, sizes, FALSE, best))
    return;
  for (guint i = 0; i < n_zones (ctx); i++)
    {
      const CZone *c = czone (ctx, i);

      if (!c->has_wmarks || ma_rules_zone_is_capped (ctx->v, &ctx->rz[i]))
        continue;
      p_est += c->printed[MA_WMARK_MIN] - MIN (c->pboost, c->printed[MA_WMARK_MIN]);
      if (c->populated)
        n_low++;
    }
  n_wsf = wsf_candidates (ctx, sizes, wsfs, G_N_ELEMENTS (wsfs));
  if (ctx->sysctl_mfk >= 0)
    {
      for (guint w = 0; w < n_wsf; w++)
        try_one (ctx, sizes, (guint64) ctx->sysctl_mfk, wsfs[w], MA_CHECK_SOURCE_SYSCTL, 0, &fit);
    }
  else
    for (guint w = 0; w < n_wsf && !out_of_work (ctx); w++)
      for (guint64 p = p_est; p <= p_est + n_low; p++)
        try_one (ctx, sizes, p * ctx->page_kb, wsfs[w], MA_CHECK_SOURCE_INFERRED, 0, &fit);
  if (fit.n_ok >= best->n_ok)
    *best = fit;
}

/* ------------------------------------------------------------------------------------------ */
/* Protection */

/* Computes the node's protection arrays for the node's sizes (n_conf of them) and compares
 * them with the printed ones. out (optional) receives n_conf × n_conf values. Returns the
 * number of zones that match (zones that printed no protection match). */
static guint
match_protection_node (Ctx           *ctx,
                       guint          node,
                       const guint64 *node_sizes,
                       const guint   *ratio,
                       guint          n_ratio,
                       gboolean      *ok,
                       guint64       *out)
{
  const CNode *cn = &g_array_index (ctx->nodes, CNode, node);
  guint n = ctx->n_conf, n_ok = 0;
  guint64 reserve[MA_N_ZONE_TYPES * MA_N_ZONE_TYPES];

  ma_rules_lowmem_reserve (ctx->v, n, node_sizes, ratio, n_ratio, reserve);
  if (out)
    memcpy (out, reserve, sizeof (guint64) * n * n);
  for (guint a = 0; a < n; a++)
    {
      const CZone *c = czone (ctx, cn->first + a);
      gboolean match = TRUE;

      if (c->z != NULL && (c->z->fields & MA_ZONE_HAS_PROTECTION))
        for (guint j = 0; j < MIN (n, c->z->n_protection); j++)
          if (c->z->protection[j] < 0 || (guint64) c->z->protection[j] != reserve[a * n + j])
            match = FALSE;
      if (ok)
        ok[cn->first + a] = match;
      if (match)
        n_ok++;
    }
  return n_ok;
}

static guint
match_protection (Ctx           *ctx,
                  const guint64 *sizes,
                  const guint   *ratio,
                  guint          n_ratio,
                  gboolean      *ok)
{
  guint n_ok = 0;

  for (guint node = 0; node < ctx->nodes->len; node++)
    n_ok += match_protection_node (ctx, node,
                                   &sizes[g_array_index (ctx->nodes, CNode, node).first],
                                   ratio, n_ratio, ok, NULL);
  return n_ok;
}

typedef struct
{
  Ctx         *ctx;
  guint        node;
  const guint *ratio;
  guint        n_ratio;
  guint64      cur[MA_N_ZONE_TYPES];
  GArray      *out;      /* guint64, n_conf per combination */
  guint        limit;
  guint64      visits;
} Dfs;

/* Every assignment of the node's managed pages that the protection arrays allow: each array
 * row i pins Σ managed(i+1 … j) to [p·ratio, p·ratio + ratio − 1]; zones no row constrains keep
 * today's count. Values are tried from today's outwards, so the first combinations found are
 * the closest to today. */
static void
dfs_protection (Dfs   *d,
                guint  a)
{
  Ctx *ctx = d->ctx;
  const CNode *cn = &g_array_index (ctx->nodes, CNode, d->node);
  guint n = ctx->n_conf;
  const CZone *c;
  guint64 lo = 0, hi = G_MAXUINT64, start;
  gboolean constrained = FALSE;

  if (d->out->len / n >= d->limit || d->visits++ > 64 * (guint64) d->limit)
    return;

  if (a == n)
    {
      if (match_protection_node (ctx, d->node, d->cur, d->ratio, d->n_ratio, NULL, NULL) == n)
        g_array_append_vals (d->out, d->cur, n);
      return;
    }

  c = czone (ctx, cn->first + a);
  if (c->populated)
    for (guint x = 0; x < a; x++)
      {
        const CZone *cx = czone (ctx, cn->first + x);
        guint r = x < d->n_ratio ? d->ratio[x] : 0;
        guint64 base = 0, p;

        if (cx->z == NULL || !(cx->z->fields & MA_ZONE_HAS_PROTECTION) || a >= cx->z->n_protection
            || cx->z->protection[a] < 0)
          continue;
        if (ctx->v < V (4, 16, 0))
          r = MAX (r, 1u);
        if (r == 0 || (ctx->v >= V (5, 8, 0) && d->cur[x] == 0))
          continue;
        for (guint k = x + 1; k < a; k++)
          base += d->cur[k];
        p = (guint64) cx->z->protection[a] * r;
        if (p + r - 1 < base)
          return;
        lo = MAX (lo, p > base ? p - base : 0);
        hi = MIN (hi, p + r - 1 - base);
        constrained = TRUE;
      }

  if (!constrained)
    {
      d->cur[a] = c->today;
      dfs_protection (d, a + 1);
      return;
    }
  lo = MAX (lo, 1);
  if (lo > hi)
    return;

  start = CLAMP (c->today, lo, hi);
  for (guint64 k = 0; k <= hi - lo; k++)
    {
      /* start, start + 1, start − 1, start + 2, … within [lo, hi] */
      gboolean any = FALSE;

      if (k <= hi - start)
        {
          d->cur[a] = start + k;
          dfs_protection (d, a + 1);
          any = TRUE;
        }
      if (k > 0 && k <= start - lo)
        {
          d->cur[a] = start - k;
          dfs_protection (d, a + 1);
          any = TRUE;
        }
      if (!any || d->out->len / n >= d->limit)
        return;
    }
}

/* The protection-consistent assignments of every node (each a GArray of n_conf-sized rows).
 * Returns FALSE when some node has none. */
static gboolean
protection_combos (Ctx         *ctx,
                   const guint *ratio,
                   guint        n_ratio,
                   GPtrArray   *per_node)
{
  for (guint node = 0; node < ctx->nodes->len; node++)
    {
      Dfs d = { 0, };

      d.ctx = ctx;
      d.node = node;
      d.ratio = ratio;
      d.n_ratio = n_ratio;
      d.out = g_array_new (FALSE, FALSE, sizeof (guint64));
      d.limit = MAX_COMBOS_PER_NODE;
      dfs_protection (&d, 0);
      g_ptr_array_add (per_node, d.out);
      if (d.out->len == 0)
        return FALSE;
    }
  return TRUE;
}

/* Fills sizes from the combination numbered k (mixed radix over the nodes). */
static gboolean
combo_sizes (Ctx       *ctx,
             GPtrArray *per_node,
             guint64    k,
             guint64   *sizes)
{
  for (guint node = 0; node < per_node->len; node++)
    {
      GArray *rows = per_node->pdata[node];
      guint64 count = rows->len / ctx->n_conf;
      const CNode *cn = &g_array_index (ctx->nodes, CNode, node);

      memcpy (&sizes[cn->first], &g_array_index (rows, guint64, (k % count) * ctx->n_conf),
              ctx->n_conf * sizeof (guint64));
      k /= count;
    }
  return k == 0;
}

static guint
count_ok (Ctx           *ctx,
          const Outcome *o,
          gboolean      *wok,
          gboolean      *pok)
{
  guint n_ok = 0;

  compute_wmarks (ctx, o->sizes_wm, o->fit.mfk, o->fit.wsf ? o->fit.wsf : 10);
  match_wmarks (ctx, o->fit.pageblock ? o->fit.pageblock : ctx->pbs[0], wok, NULL);
  match_protection (ctx, o->sizes_prot, o->ratio, o->n_ratio, pok);
  for (guint i = 0; i < n_zones (ctx); i++)
    if (wok[i] && pok[i])
      n_ok++;
  return n_ok;
}

static void
set_version (Ctx             *ctx,
             MaKernelVersion  v)
{
  ctx->v = v;
  ctx->hidden_boost = v >= V (5, 0, 0);
  for (guint i = 0; i < n_zones (ctx); i++)
    if (czone (ctx, i)->boost_printed)
      ctx->hidden_boost = FALSE;
}

/* Runs the ladder of hypotheses A, B, C for one kernel version. */
static void
evaluate (Ctx             *ctx,
          MaKernelVersion  v,
          Outcome         *o)
{
  guint n = n_zones (ctx);
  g_autofree guint64 *today = g_new (guint64, MAX (n, 1));
  g_autofree guint64 *sizes = g_new (guint64, MAX (n, 1));
  g_autofree gboolean *wok = g_new0 (gboolean, MAX (n, 1));
  g_autofree gboolean *pok = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GPtrArray) per_node = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gboolean have_combos;
  guint64 n_combos = 1;
  WmFit fit;

  set_version (ctx, v);
  o->v = v;
  o->level = LEVEL_X;
  o->vary_zone = -1;
  if (ctx->have_sysctl_ratio)
    {
      o->n_ratio = ctx->n_sysctl_ratio;
      memcpy (o->ratio, ctx->sysctl_ratio, sizeof o->ratio);
      o->ratio_source = MA_CHECK_SOURCE_SYSCTL;
    }
  else
    {
      o->n_ratio = ma_rules_default_lowmem_reserve_ratio (v, ctx->conf, ctx->n_conf, o->ratio);
      o->ratio_source = MA_CHECK_SOURCE_DEFAULT;
    }

  for (guint i = 0; i < n; i++)
    today[i] = czone (ctx, i)->today;

  /* A: today's managed pages */
  search_wmarks_partial (ctx, today, &fit);
  o->fit = fit;
  memcpy (o->sizes_wm, today, n * sizeof (guint64));
  memcpy (o->sizes_prot, today, n * sizeof (guint64));
  memcpy (o->prot_lo, today, n * sizeof (guint64));
  memcpy (o->prot_hi, today, n * sizeof (guint64));
  o->n_ok = count_ok (ctx, o, wok, pok);
  o->prot_from_today = match_protection (ctx, today, o->ratio, o->n_ratio, NULL) == n;
  if (o->n_ok == n)
    {
      o->level = LEVEL_A;
      return;
    }

  /* B: the managed pages of the last computation, from the protection arrays */
  have_combos = protection_combos (ctx, o->ratio, o->n_ratio, per_node);
  if (have_combos)
    {
      for (guint node = 0; node < per_node->len; node++)
        {
          guint64 c = ((GArray *) per_node->pdata[node])->len / ctx->n_conf;

          n_combos = n_combos > MAX_COMBOS / c ? MAX_COMBOS : n_combos * c;
        }
      /* the kernel's own min_free_kbytes first; any value the marks allow only if none fits */
      for (guint pass = 0; pass < 2 && o->level != LEVEL_B; pass++)
        for (guint64 k = 0; k < n_combos && !out_of_work (ctx); k++)
          {
            WmFit fb;

            combo_sizes (ctx, per_node, k, sizes);
            if (!search_wmarks (ctx, sizes, pass == 0, &fb))
              continue;
            if (o->level != LEVEL_B)
              {
                o->level = LEVEL_B;
                o->fit = fb;
                o->n_ok = n;
                memcpy (o->sizes_wm, sizes, n * sizeof (guint64));
                memcpy (o->sizes_prot, sizes, n * sizeof (guint64));
                memcpy (o->prot_lo, sizes, n * sizeof (guint64));
                memcpy (o->prot_hi, sizes, n * sizeof (guint64));
              }
            for (guint i = 0; i < n; i++)
              {
                o->prot_lo[i] = MIN (o->prot_lo[i], sizes[i]);
                o->prot_hi[i] = MAX (o->prot_hi[i], sizes[i]);
              }
          }
      if (o->level == LEVEL_B)
        return;
    }

  /* C: the watermarks of another moment, one zone's managed pages different, min_free_kbytes
   * the kernel's own value for them */
  if (o->prot_from_today || have_combos)
    {
      gint best_zone = -1;
      guint64 best_lo = 0, best_hi = 0, best_s = 0, best_dist = G_MAXUINT64;
      WmFit best_fit = { 0, };

      if (o->prot_from_today)
        memcpy (sizes, today, n * sizeof (guint64));
      else
        combo_sizes (ctx, per_node, 0, sizes);
      compute_wmarks (ctx, sizes, 0, 10);

      for (guint z = 0; z < n; z++)
        {
          const CZone *c = czone (ctx, z);
          guint64 base = sizes[z], lo, hi, found_lo = 0, found_hi = 0, found_s = 0;
          guint64 dist = G_MAXUINT64;
          gboolean found = FALSE;
          g_autofree guint64 *trial = NULL;
          WmFit found_fit = { 0, };

          compute_wmarks (ctx, sizes, 0, 10);
          if (!c->populated || !c->has_wmarks || ma_rules_zone_is_capped (v, &ctx->rz[z]))
            continue;
          lo = base - MIN (base / 4, VARY_DOWN_MAX);
          hi = base + MIN (base / 20, VARY_UP_MAX);
          trial = g_memdup2 (sizes, n * sizeof (guint64));
          for (guint64 s = MAX (lo, 1); s <= hi && !out_of_work (ctx); s++)
            {
              WmFit fc;

              if (s == base)
                continue;
              trial[z] = s;
              if (!search_wmarks (ctx, trial, TRUE, &fc))
                continue;
              if (!found)
                {
                  found_lo = s;
                  found_fit = fc;
                }
              found = TRUE;
              found_hi = s;
              if ((s > base ? s - base : base - s) < dist)
                {
                  dist = s > base ? s - base : base - s;
                  found_s = s;
                }
            }
          if (found && dist < best_dist)
            {
              best_dist = dist;
              best_zone = (gint) z;
              best_lo = found_lo;
              best_hi = found_hi;
              best_s = found_s;
              best_fit = found_fit;
            }
        }
      if (best_zone >= 0)
        {
          o->level = LEVEL_C;
          o->n_ok = n;
          o->fit = best_fit;
          o->vary_zone = best_zone;
          o->vary_lo = best_lo;
          o->vary_hi = best_hi;
          memcpy (o->sizes_prot, sizes, n * sizeof (guint64));
          memcpy (o->prot_lo, sizes, n * sizeof (guint64));
          memcpy (o->prot_hi, sizes, n * sizeof (guint64));
          sizes[best_zone] = best_s;
          memcpy (o->sizes_wm, sizes, n * sizeof (guint64));
          /* the fit found first may belong to another size of the range: redo it for best_s */
          search_wmarks (ctx, o->sizes_wm, TRUE, &o->fit);
          return;
        }
    }

  /* X: the best partial fit of A stays */
}

/* ------------------------------------------------------------------------------------------ */
/* The result */

struct _MaSnapshotCheck
{
  gint             ref_count;
  MaZoneinfo      *zoneinfo;
  GArray          *zones;      /* MaZoneCheck */
  GPtrArray       *strings;    /* owned strings the structs point to */
  GPtrArray       *rules;      /* NULL-terminated */
  GPtrArray       *notes;      /* NULL-terminated */
  char            *summary;
  MaCheckInferred  inferred;
};

G_DEFINE_BOXED_TYPE (MaSnapshotCheck, ma_snapshot_check, ma_snapshot_check_ref,
                     ma_snapshot_check_unref)

static const char *
own (MaSnapshotCheck *self,
     char            *s)
{
  g_ptr_array_add (self->strings, s);
  return s;
}

MaSnapshotCheck *
ma_snapshot_check_ref (MaSnapshotCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
ma_snapshot_check_unref (MaSnapshotCheck *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_clear_pointer (&self->zoneinfo, ma_zoneinfo_unref);
  g_array_unref (self->zones);
  g_ptr_array_unref (self->strings);
  g_ptr_array_unref (self->rules);
  g_ptr_array_unref (self->notes);
  g_free (self->summary);
  g_free (self);
}

const char *
ma_check_verdict_to_string (MaCheckVerdict verdict)
{
  switch (verdict)
    {
    case MA_CHECK_EXACT:
      return "exact";
    case MA_CHECK_EXPLAINED:
      return "explained";
    case MA_CHECK_UNEXPLAINED:
    default:
      return "unexplained";
    }
}

const char *
ma_check_source_to_string (MaCheckSource source)
{
  static const char * const names[] = {
    "unknown", "sysctl", "default", "thp", "thp-capped", "inferred",
  };

  return (guint) source < G_N_ELEMENTS (names) ? names[source] : names[0];
}

/* ------------------------------------------------------------------------------------------ */
/* Words */

static const char *
zone_label (Ctx   *ctx,
            guint  i)
{
  const CZone *c = czone (ctx, i);

  return c->z ? c->z->name : ma_zone_type_name (c->type);
}

static void
append_zone_ref (Ctx     *ctx,
                 GString *s,
                 guint    i)
{
  if (ctx->nodes->len > 1)
    /* Translators: a zone named in a check's reason: node number, zone name */
    g_string_append_printf (s, _("node %u %s"), czone (ctx, i)->node_id, zone_label (ctx, i));
  else
    g_string_append (s, zone_label (ctx, i));
}

static void
append_range (GString *s,
              guint64  lo,
              guint64  hi)
{
  if (lo == hi)
    g_string_append_printf (s, "%" G_GUINT64_FORMAT, lo);
  else
    g_string_append_printf (s, "%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT, lo, hi);
}

static char *
describe_rules (MaKernelVersion v)
{
  GString *s = g_string_new (NULL);

  if (v < V (2, 6, 16))
    g_string_append (s, "low = 5/4·min, high = 6/4·min");
  else if (v < V (4, 6, 0))
    g_string_append (s, "low = min + tmp/4, high = min + tmp/2");
  else
    {
      /* Translators: the rules of a kernel range are clauses separated by semicolons */
      g_string_append (s, _("low/high spaced by max(tmp/4, watermark_scale_factor)"));
      if (v >= V (6, 0, 0))
        g_string_append (s, ", promo");
    }
  g_string_append_printf (s, "; %s", v < V (3, 8, 0) ? _("present pages") : _("managed pages"));
  g_string_append_printf (s, "; %s", v >= V (6, 6, 0) ? _("HighMem and Movable capped")
                                                       : _("HighMem capped"));
  if (v < V (4, 16, 0))
    g_string_append_printf (s, "; %s", _("lowmem_reserve_ratio of MAX_NR_ZONES − 1 entries, "
                                         "below 1 counts as 1"));
  else if (v < V (5, 8, 0))
    g_string_append_printf (s, "; %s", _("lowmem_reserve_ratio per zone, 0 = none"));
  else if (v < V (5, 14, 0))
    g_string_append_printf (s, "; %s", _("5.8–5.13 protection (empty or ratio-0 zones skipped "
                                         "from the sums)"));
  else
    g_string_append_printf (s, "; %s", _("protection sums every upper zone"));
  if (v >= V (5, 0, 0))
    g_string_append_printf (s, "; %s", _("watermark boost"));
  g_string_append_printf (s, "; %s", v >= V (5, 7, 0) ? _("default min_free_kbytes ≤ 256 MiB")
                                                       : _("default min_free_kbytes ≤ 64 MiB"));
  return g_string_free (s, FALSE);
}

static MaKernelVersion
rule_end (MaKernelVersion v,
          MaKernelVersion newest)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_bounds); i++)
    if (rule_bounds[i] > v)
      return MIN (newest, rule_bounds[i] - 1);
  return newest;
}

static char *
range_string (MaKernelVersion a,
              MaKernelVersion b)
{
  g_autofree char *sa = version_string (a);
  g_autofree char *sb = version_string (b);

  if (g_str_equal (sa, sb))
    return g_steal_pointer (&sa);
  return g_strdup_printf ("%s – %s", sa, sb);
}

static double
percent (guint64 part,
         guint64 whole)
{
  return whole > 0 ? 100.0 * (double) part / (double) whole : 0.0;
}

static char *
describe_mfk (Ctx           *ctx,
              const Outcome *o,
              MaCheckSource *io_source)
{
  const WmFit *f = &o->fit;
  guint nz = 0;
  guint64 lowmem = 0, def;
  MfkCandidate cands[8];
  guint n_cands;

  for (guint i = 0; i < n_zones (ctx); i++)
    if (o->sizes_wm[i] > 0 && ma_rules_zone_is_lowmem_for_buffers (czone (ctx, i)->type))
      {
        nz++;
        lowmem += o->sizes_wm[i];
      }
  if (ctx->v < V (4, 10, 0))
    {
      nz = 0;
      for (guint i = 0; i < n_zones (ctx); i++)
        if (o->sizes_wm[i] > 0)
          nz++;
    }
  def = ma_rules_default_min_free_kbytes (ctx->v, lowmem * ctx->page_kb);
  n_cands = formula_candidates (ctx, o->sizes_wm, cands);

  switch (*io_source)
    {
    case MA_CHECK_SOURCE_SYSCTL:
      for (guint k = 0; k < n_cands; k++)
        if (cands[k].mfk == f->mfk && cands[k].source != MA_CHECK_SOURCE_DEFAULT)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "from the sysctl; THP's recommendation for %u "
                                               "zone of %u-page pageblocks",
                                               "from the sysctl; THP's recommendation for %u "
                                               "zones of %u-page pageblocks", nz),
                                  nz, cands[k].pageblock);
      if (f->mfk == def)
        return g_strdup (_("from the sysctl; the kernel's default (4·√lowmem kB)"));
      return g_strdup_printf (_("from the sysctl; set by the user (the kernel's default would "
                                "be %" PRIu64 ")"), def);
    case MA_CHECK_SOURCE_DEFAULT:
      return g_strdup_printf (_("the kernel's default for %" PRIu64 " kB of lowmem "
                                "(4·√lowmem)"), lowmem * ctx->page_kb);
    case MA_CHECK_SOURCE_THP:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "THP's recommendation for %u zone of %u-page "
                                           "pageblocks (11 pageblocks per zone)",
                                           "THP's recommendation for %u zones of %u-page "
                                           "pageblocks (11 pageblocks per zone)", nz),
                              nz, f->mfk_pageblock);
    case MA_CHECK_SOURCE_THP_CAPPED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "THP's recommendation (%u zone of %u-page "
                                           "pageblocks) capped at 5 %% of lowmem",
                                           "THP's recommendation (%u zones of %u-page "
                                           "pageblocks) capped at 5 %% of lowmem", nz),
                              nz, f->mfk_pageblock);
    case MA_CHECK_SOURCE_INFERRED:
    case MA_CHECK_SOURCE_UNKNOWN:
    default:
      break;
    }

  /* An inferred value below the default may be the default of fewer lowmem pages: the count at
   * boot, before init memory and the initrd were freed. */
  if (f->mfk < def && ctx->v >= V (2, 6, 16))
    {
      for (guint64 m = f->mfk; m < f->mfk + ctx->page_kb; m++)
        {
          /* isqrt(16·L) = m  ⇔  16·L ∈ [m², (m+1)² − 1] */
          guint64 lo_kb = (m * m + 15) / 16, hi_kb = ((m + 1) * (m + 1) - 1) / 16;
          guint64 lo_p = (lo_kb + ctx->page_kb - 1) / ctx->page_kb, hi_p = hi_kb / ctx->page_kb;

          if (lo_p <= hi_p && hi_p < lowmem && lo_p >= lowmem - lowmem / 10 && m >= 128)
            {
              *io_source = MA_CHECK_SOURCE_DEFAULT;
              return g_strdup_printf (_("%" PRIu64 " would be the kernel's default for %" PRIu64
                                        "–%" PRIu64 " lowmem pages, fewer than today's %"
                                        PRIu64 ": computed at boot, before pages such as init "
                                        "memory and the initrd were freed"),
                                      m, lo_p, hi_p, lowmem);
            }
        }
    }
  {
    guint64 thp = 0;

    for (guint k = 0; k < n_cands; k++)
      if (cands[k].source != MA_CHECK_SOURCE_DEFAULT)
        thp = cands[k].mfk;
    if (thp > 0)
      return g_strdup_printf (_("set by the user or a tuning profile: neither the kernel's "
                                "default (%" PRIu64 ") nor THP's recommendation (%" PRIu64
                                "); %" PRIu64 "–%" PRIu64 " give the same watermarks"),
                              def, thp, f->mfk, f->mfk + ctx->page_kb - 1);
    return g_strdup_printf (_("set by the user or a tuning profile: not the kernel's default (%"
                              PRIu64 "); %" PRIu64 "–%" PRIu64 " give the same watermarks"),
                            def, f->mfk, f->mfk + ctx->page_kb - 1);
  }
}

/* Android and some vendor kernels add extra_free_kbytes to low and high: high − low then
 * matches the formula while low − min exceeds it by a share of the zone. Only a diagnosis: the
 * engine has no such rule. */
static void
append_extra_free_diagnosis (Ctx           *ctx,
                             GString       *s,
                             guint          i,
                             const guint64 *w,
                             guint64        boost)
{
  const CZone *c = czone (ctx, i);
  guint64 low = w[MA_WMARK_LOW] + boost, high = w[MA_WMARK_HIGH] + boost;

  if (ctx->v < V (2, 6, 16) || c->printed[MA_WMARK_MIN] != w[MA_WMARK_MIN] + boost)
    return;
  if (c->printed[MA_WMARK_LOW] > low && c->printed[MA_WMARK_HIGH] > high
      && c->printed[MA_WMARK_HIGH] - c->printed[MA_WMARK_LOW] == high - low)
    {
      g_string_append (s, "; ");
      g_string_append_printf (s, _("low and high are both %" PRIu64 " pages (%.2f %% of the "
                                   "zone) above the formula while min and high − low match: the "
                                   "pattern of Android's extra_free_kbytes, which the engine "
                                   "does not model"), c->printed[MA_WMARK_LOW] - low,
                              percent (c->printed[MA_WMARK_LOW] - low, c->today));
    }
}

static void
append_wmarks (GString       *s,
               const guint64 *w,
               guint64        boost,
               gboolean       promo)
{
  g_string_append_printf (s, "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                          w[MA_WMARK_MIN] + boost, w[MA_WMARK_LOW] + boost,
                          w[MA_WMARK_HIGH] + boost);
  if (promo)
    g_string_append_printf (s, "/%" G_GUINT64_FORMAT, w[MA_WMARK_PROMO] + boost);
}

static void
append_array (GString      *s,
              const gint64 *a,
              guint         n)
{
  g_string_append_c (s, '(');
  for (guint j = 0; j < n; j++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, j ? ", " : "", a[j]);
  g_string_append_c (s, ')');
}

/* Remarks on the rules that shaped a zone's numbers. */
static void
append_rule_remarks (Ctx           *ctx,
                     GString       *s,
                     guint          i,
                     const Outcome *o,
                     guint64        boost,
                     const gint64  *computed_prot)
{
  const CZone *c = czone (ctx, i);
  const CNode *cn = &g_array_index (ctx->nodes, CNode, c->node);

  if (boost > 0 && !c->boost_printed)
    {
      guint pb = o->fit.pageblock ? o->fit.pageblock : ctx->pbs[0];

      g_string_append (s, "; ");
      if (boost % pb == 0)
        g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                                "boost %" PRIu64 " included (%" PRIu64
                                                " pageblock of %u pages; kernels before 5.16 do "
                                                "not print the boost)",
                                                "boost %" PRIu64 " included (%" PRIu64
                                                " pageblocks of %u pages; kernels before 5.16 do "
                                                "not print the boost)",
                                                (gulong) MIN (boost / pb, G_MAXULONG)),
                                boost, boost / pb, pb);
      else
        g_string_append_printf (s, _("boost %" PRIu64 " included (its ceiling, "
                                     "watermark_boost_factor × high; kernels before 5.16 do not "
                                     "print the boost)"), boost);
    }
  else if (boost > 0)
    {
      g_string_append (s, "; ");
      g_string_append_printf (s, _("boost %" PRIu64 " included"), boost);
    }

  if (c->type == MA_ZONE_MOVABLE && c->has_wmarks)
    {
      if (ctx->movable_is_highmem)
        g_string_append_printf (s, "; %s", _("Movable carved out of HighMem is capped like "
                                             "HighMem"));
      else if (o->v >= V (6, 6, 0))
        g_string_append_printf (s, "; %s", _("kernel ≥ 6.6 treats Movable as capped"));
    }

  /* where an older or newer protection rule would give other numbers, say which one held */
  if (c->z != NULL && (c->z->fields & MA_ZONE_HAS_PROTECTION))
    {
      guint n = ctx->n_conf;
      guint64 other[MA_N_ZONE_TYPES * MA_N_ZONE_TYPES];
      MaKernelVersion saved = ctx->v;
      gboolean differs = FALSE;

      if (o->v >= V (5, 8, 0) && o->v < V (5, 14, 0))
        {
          ctx->v = V (5, 14, 0);
          ma_rules_lowmem_reserve (ctx->v, n, &o->sizes_prot[cn->first], o->ratio, o->n_ratio,
                                   other);
          for (guint j = 0; j < n; j++)
            if ((gint64) other[c->conf * n + j] != computed_prot[j])
              differs = TRUE;
          if (differs)
            g_string_append_printf (s, "; %s", _("5.8–5.13 protection bug (a skipped zone's "
                                                 "pages are missing from the sums)"));
        }
      else if (o->v < V (4, 16, 0))
        {
          ctx->v = V (4, 16, 0);
          ma_rules_lowmem_reserve (ctx->v, n, &o->sizes_prot[cn->first], o->ratio, o->n_ratio,
                                   other);
          for (guint j = 0; j < n; j++)
            if ((gint64) other[c->conf * n + j] != computed_prot[j])
              differs = TRUE;
          if (differs)
            g_string_append_printf (s, "; %s", _("up to 4.15 a lowmem_reserve_ratio below 1 "
                                                 "counts as 1"));
        }
      ctx->v = saved;
    }
}

/* Simpler explanations first: today's pages over recovered ones, more zones explained, and
 * min_free_kbytes a value the kernel computes itself over one it does not. */
static gboolean
outcome_better (const Outcome *a,
                const Outcome *b)
{
  gboolean fa = a->fit.mfk_source != MA_CHECK_SOURCE_INFERRED;
  gboolean fb = b->fit.mfk_source != MA_CHECK_SOURCE_INFERRED;

  if (a->level != b->level)
    return a->level < b->level;
  if (a->n_ok != b->n_ok)
    return a->n_ok > b->n_ok;
  return fa && !fb;
}

static gboolean
outcome_equal_rank (const Outcome *a,
                    const Outcome *b)
{
  return a->level == b->level && a->n_ok == b->n_ok;
}

/* A partial dump without some nodes or zones: every lowmem zone's min is its share of all of
 * them, so the mins cannot be checked. */
static gboolean
zones_missing (Ctx *ctx)
{
  if (!ma_zoneinfo_is_partial (ctx->zi))
    return FALSE;
  for (guint node = 0; node < ctx->nodes->len; node++)
    if (g_array_index (ctx->nodes, CNode, node).id != node)
      return TRUE;
  if (ma_zoneinfo_get_markers (ctx->zi) & MA_ZONEINFO_MARKER_EMPTY_ZONES)
    for (guint i = 0; i < n_zones (ctx); i++)
      if (czone (ctx, i)->z == NULL)
        return TRUE;
  return FALSE;
}

static void
build_zones (Ctx *ctx)
{
  for (guint k = 0; k < ma_zoneinfo_get_n_nodes (ctx->zi); k++)
    {
      const MaZoneinfoNode *node = ma_zoneinfo_get_node (ctx->zi, k);
      CNode cn = { node->id, n_zones (ctx) };

      g_array_append_val (ctx->nodes, cn);
      for (guint a = 0; a < ctx->n_conf; a++)
        {
          CZone c = { 0, };

          c.node = ctx->nodes->len - 1;
          c.node_id = node->id;
          c.type = ctx->conf[a];
          c.conf = a;
          for (guint j = 0; j < node->n_zones; j++)
            {
              MaZoneType t;

              if (ma_zone_type_from_name (node->zones[j].name, &t) && t == c.type)
                c.z = &node->zones[j];
            }
          if (c.z != NULL)
            {
              const MaZoneinfoZone *z = c.z;

              c.today = (z->fields & MA_ZONE_HAS_MANAGED) ? z->managed : z->present;
              c.populated = (z->fields & MA_ZONE_HAS_PRESENT) ? z->present > 0 : c.today > 0;
              c.has_wmarks = (z->fields & MA_ZONE_HAS_MIN) && (z->fields & MA_ZONE_HAS_LOW)
                             && (z->fields & MA_ZONE_HAS_HIGH);
              c.boost_printed = (z->fields & MA_ZONE_HAS_BOOST) != 0;
              c.pboost = c.boost_printed ? z->boost : 0;
              c.printed[MA_WMARK_MIN] = z->min;
              c.printed[MA_WMARK_LOW] = z->low;
              c.printed[MA_WMARK_HIGH] = z->high;
              c.printed[MA_WMARK_PROMO] = z->promo;
              if (c.type == MA_ZONE_HIGHMEM && c.populated)
                ctx->movable_is_highmem = TRUE;
            }
          g_array_append_val (ctx->zones, c);
        }
    }
}

static void
read_settings (Ctx             *ctx,
               MaSnapshotCheck *self)
{
  MaPagetypeinfo *pt = ma_snapshot_get_pagetypeinfo (ctx->snap);
  guint page_size = ma_snapshot_get_page_size (ctx->snap);
  const char *thp = ma_snapshot_get_thp_mode (ctx->snap);
  const gint64 *ratios = NULL;
  gint64 value;
  guint n;
  gboolean is_64bit = FALSE, is_32bit = FALSE;

  if (page_size == 0 || page_size < 1024 || (page_size & (page_size - 1)) != 0)
    {
      page_size = 4096;
      g_ptr_array_add (self->notes, g_strdup (_("page size not recorded: 4 KiB assumed")));
    }
  ctx->page_kb = page_size / 1024;
  self->inferred.page_size = page_size;

  for (guint a = 0; a < ctx->n_conf; a++)
    {
      if (ctx->conf[a] == MA_ZONE_DMA32)
        is_64bit = TRUE;
      if (ctx->conf[a] == MA_ZONE_HIGHMEM)
        is_32bit = TRUE;
    }
  if (pt != NULL && ma_pagetypeinfo_get_pages_per_block (pt) > 0)
    {
      ctx->pbs[0] = (guint) ma_pagetypeinfo_get_pages_per_block (pt);
      ctx->n_pbs = 1;
      ctx->pb_known = TRUE;
    }
  else if (page_size == 65536)
    {
      ctx->pbs[0] = 1u << 13;
      ctx->n_pbs = 1;
    }
  else if (page_size == 16384)
    {
      ctx->pbs[0] = 1u << 11;
      ctx->n_pbs = 1;
    }
  else
    {
      /* 9 with hugetlbfs on x86-64 and PAE; 10 without it, on 32-bit non-PAE and on ARM */
      ctx->pbs[0] = (is_64bit || is_32bit) ? 512 : 1024;
      ctx->pbs[1] = (is_64bit || is_32bit) ? 1024 : 512;
      ctx->n_pbs = 2;
    }

  ctx->thp_possible = thp == NULL || !g_str_equal (thp, "never");
  ctx->sysctl_mfk = ma_snapshot_get_sysctl_int (ctx->snap, "min_free_kbytes", &value) && value >= 0
                    ? value : -1;
  ctx->sysctl_wsf = ma_snapshot_get_sysctl_int (ctx->snap, "watermark_scale_factor", &value)
                    && value > 0 ? value : -1;
  ctx->wbf = ma_snapshot_get_sysctl_int (ctx->snap, "watermark_boost_factor", &value)
             && value >= 0 && value <= G_MAXINT ? (guint) value : 15000;
  n = ma_snapshot_get_lowmem_reserve_ratio (ctx->snap, &ratios);
  if (n > 0 && ratios != NULL)
    {
      ctx->have_sysctl_ratio = TRUE;
      ctx->n_sysctl_ratio = MIN (n, (guint) MA_N_ZONE_TYPES);
      for (guint i = 0; i < ctx->n_sysctl_ratio; i++)
        ctx->sysctl_ratio[i] = ratios[i] < 1 ? 0 : (guint) MIN (ratios[i], (gint64) G_MAXINT);
    }
}

static void
finish_zone (Ctx             *ctx,
             MaSnapshotCheck *self,
             const Outcome   *o,
             guint            i,
             const gboolean  *wok,
             const guint64   *boost,
             const guint64   *wm,
             const gboolean  *wok_today,
             const guint64   *boost_today,
             const gboolean  *pok,
             const gboolean  *pok_today,
             const guint64   *prot,
             gboolean         missing)
{
  const CZone *c = czone (ctx, i);
  MaZoneCheck zc = { 0, };
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = ctx->n_conf;
  gboolean compared;

  zc.node_id = c->node_id;
  zc.name = c->z->name;
  zc.type = c->type;
  zc.populated = c->populated;
  zc.has_wmarks = c->has_wmarks;
  zc.has_promo = (c->z->fields & MA_ZONE_HAS_PROMO) != 0;
  zc.has_boost = c->boost_printed;
  memcpy (zc.printed, c->printed, sizeof zc.printed);
  zc.printed_boost = c->pboost;
  zc.boost = boost[i];
  for (guint k = 0; k < MA_N_WMARKS; k++)
    zc.computed[k] = wm[i * MA_N_WMARKS + k] + boost[i];
  if (c->z->fields & MA_ZONE_HAS_PROTECTION)
    {
      zc.n_protection = MIN (c->z->n_protection, (guint) MA_N_ZONE_TYPES);
      for (guint j = 0; j < zc.n_protection; j++)
        {
          zc.printed_protection[j] = c->z->protection[j];
          zc.computed_protection[j] = j < n ? (gint64) prot[(c->node * n + c->conf) * n + j] : 0;
        }
    }
  zc.managed_today = c->today;
  zc.managed_wmarks = o->sizes_wm[i];
  zc.managed_protection_low = o->prot_lo[i];
  zc.managed_protection_high = o->prot_hi[i];
  zc.wmarks_ok = wok[i];
  zc.protection_ok = pok[i];
  compared = c->has_wmarks || zc.n_protection > 0;

  if (!compared)
    {
      zc.verdict = MA_CHECK_UNEXPLAINED;
      g_string_append (s, _("nothing to check: the dump prints neither watermarks nor "
                            "protection for this zone"));
    }
  else if (missing && c->has_wmarks && c->populated
           && !ma_rules_zone_is_capped (ctx->v, &ctx->rz[i]))
    {
      zc.verdict = MA_CHECK_UNEXPLAINED;
      zc.wmarks_ok = FALSE;
      g_string_append (s, _("partial dump: nodes or zones are missing, and a zone's min is its "
                            "share of every lowmem zone, so it cannot be checked"));
      if (zc.n_protection > 0)
        g_string_append_printf (s, "; %s", pok[i] ? _("the protection array matches")
                                                  : _("the protection array does not match "
                                                      "either"));
    }
  else if (wok[i] && pok[i])
    {
      gboolean today_exact = wok_today[i] && pok_today[i] && boost_today[i] == boost[i];

      if (today_exact && (boost[i] == 0 || c->boost_printed))
        {
          zc.verdict = MA_CHECK_EXACT;
          g_string_append (s, ctx->v < V (3, 8, 0) ? _("follows from today's present pages")
                                                   : _("follows from today's managed pages"));
        }
      else
        {
          zc.verdict = MA_CHECK_EXPLAINED;
          if (today_exact || o->level == LEVEL_A)
            g_string_append (s, ctx->v < V (3, 8, 0) ? _("follows from today's present pages")
                                                     : _("follows from today's managed pages"));
          else if (o->level == LEVEL_B)
            {
              g_autoptr(GString) zones = g_string_new (NULL);

              for (guint k = 0; k < n_zones (ctx); k++)
                if (o->prot_lo[k] > czone (ctx, k)->today || o->prot_hi[k] < czone (ctx, k)->today)
                  {
                    if (zones->len > 0)
                      g_string_append (zones, ", ");
                    append_zone_ref (ctx, zones, k);
                    g_string_append_c (zones, ' ');
                    append_range (zones, o->prot_lo[k], o->prot_hi[k]);
                    g_string_append (zones, " (");
                    /* Translators: a zone's managed pages today, after those the check
                     * recovered */
                    g_string_append_printf (zones, _("today %" PRIu64), czone (ctx, k)->today);
                    g_string_append_c (zones, ')');
                  }
              /* Translators: %s lists zones with the managed pages recovered for them, or says
               * “within a page of today's” */
              g_string_append_printf (s, _("follows from the managed pages at the last "
                                           "computation, recovered from the protection arrays: "
                                           "%s"),
                                      zones->len > 0 ? zones->str
                                                     : _("within a page of today's"));
            }
          else if (o->level == LEVEL_C)
            {
              guint z = (guint) o->vary_zone;
              guint64 t = o->sizes_prot[z];
              g_autoptr(GString) zone = g_string_new (NULL);
              g_autoptr(GString) range = g_string_new (NULL);
              const char *format;

              append_zone_ref (ctx, zone, z);
              append_range (range, o->vary_lo, o->vary_hi);
              if (o->vary_hi < t)
                /* Translators: a zone, the managed pages the watermarks were computed with, the
                 * managed pages today (or when the protection arrays were computed), and how
                 * many fewer that is */
                format = o->prot_from_today
                         ? _("the watermarks were computed when %s managed %s pages (today %"
                             PRIu64 ": at least %" PRIu64 " fewer; pages freed after boot, such "
                             "as init memory or the initrd, were not counted yet)")
                         : _("the watermarks were computed when %s managed %s pages (at the "
                             "protection's computation %" PRIu64 ": at least %" PRIu64 " fewer; "
                             "pages freed after boot, such as init memory or the initrd, were "
                             "not counted yet)");
              else
                /* Translators: as above, with how many more */
                format = o->prot_from_today
                         ? _("the watermarks were computed when %s managed %s pages (today %"
                             PRIu64 ": at least %" PRIu64 " more; memory taken away since, by a "
                             "balloon driver or offlining)")
                         : _("the watermarks were computed when %s managed %s pages (at the "
                             "protection's computation %" PRIu64 ": at least %" PRIu64 " more; "
                             "memory taken away since, by a balloon driver or offlining)");
              g_string_append_printf (s, format, zone->str, range->str, t,
                                      o->vary_hi < t ? t - o->vary_hi : o->vary_lo - t);
              /* Translators: continues “the watermarks were computed when …” */
              g_string_append_printf (s, o->prot_from_today
                                         ? _(", with min_free_kbytes %" PRIu64 " the kernel's "
                                             "own value for them; the protection arrays follow "
                                             "from today's managed pages (computed later)")
                                         : _(", with min_free_kbytes %" PRIu64 " the kernel's "
                                             "own value for them; the protection arrays follow "
                                             "from managed pages recovered from them"),
                                      o->fit.mfk);
            }
        }
      append_rule_remarks (ctx, s, i, o, boost[i], zc.computed_protection);
    }
  else
    {
      zc.verdict = MA_CHECK_UNEXPLAINED;
      if (!wok[i] && c->has_wmarks)
        {
          g_autoptr(GString) computed = g_string_new (NULL);
          g_autoptr(GString) printed = g_string_new (NULL);

          append_wmarks (computed, &wm[i * MA_N_WMARKS], boost[i], zc.has_promo);
          append_wmarks (printed, c->printed, 0, zc.has_promo);
          /* Translators: the watermarks the formulas give, then the ones the file prints */
          g_string_append_printf (s, zc.has_promo ? _("computed min/low/high/promo %s, printed %s")
                                                  : _("computed min/low/high %s, printed %s"),
                                  computed->str, printed->str);
          if (boost[i] > 0 || c->boost_printed)
            g_string_append_printf (s, " (boost %" G_GUINT64_FORMAT ")", boost[i]);
          append_extra_free_diagnosis (ctx, s, i, &wm[i * MA_N_WMARKS], boost[i]);
        }
      if (!pok[i])
        {
          if (s->len > 0)
            g_string_append (s, "; ");
          g_autoptr(GString) computed = g_string_new (NULL);
          g_autoptr(GString) printed = g_string_new (NULL);

          append_array (computed, zc.computed_protection, zc.n_protection);
          append_array (printed, zc.printed_protection, zc.n_protection);
          /* Translators: the protection array the formulas give, then the printed one */
          g_string_append_printf (s, _("computed protection %s, printed %s"), computed->str,
                                  printed->str);
        }
      if (s->len == 0)
        g_string_append (s, _("no rule set explains every zone of this dump at once"));
      else if (wok[i] && pok[i])
        g_string_append_printf (s, "; %s", _("no rule set explains every zone at once"));
    }
  if (c->has_wmarks && zc.n_protection == 0 && zc.verdict != MA_CHECK_UNEXPLAINED)
    g_string_append_printf (s, "; %s", _("protection not printed"));
  zc.reason = own (self, g_string_free (g_steal_pointer (&s), FALSE));
  g_array_append_val (self->zones, zc);
}

static void
finish (Ctx             *ctx,
        MaSnapshotCheck *self,
        const Outcome   *o)
{
  guint n = n_zones (ctx), nc = ctx->n_conf;
  g_autofree gboolean *wok = g_new0 (gboolean, MAX (n, 1));
  g_autofree gboolean *wok_today = g_new0 (gboolean, MAX (n, 1));
  g_autofree gboolean *pok = g_new0 (gboolean, MAX (n, 1));
  g_autofree gboolean *pok_today = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint64 *boost = g_new0 (guint64, MAX (n, 1));
  g_autofree guint64 *boost_today = g_new0 (guint64, MAX (n, 1));
  g_autofree guint64 *wm = g_new0 (guint64, MAX (n, 1) * MA_N_WMARKS);
  g_autofree guint64 *prot = g_new0 (guint64, MAX (ctx->nodes->len * nc * nc, 1));
  g_autofree guint64 *today = g_new0 (guint64, MAX (n, 1));
  guint wsf = o->fit.wsf ? o->fit.wsf : 10;
  guint pb = o->fit.pageblock ? o->fit.pageblock : ctx->pbs[0];
  gboolean missing = zones_missing (ctx);

  set_version (ctx, o->v);
  for (guint i = 0; i < n; i++)
    today[i] = czone (ctx, i)->today;

  compute_wmarks (ctx, today, o->fit.mfk, wsf);
  match_wmarks (ctx, pb, wok_today, boost_today);
  match_protection (ctx, today, o->ratio, o->n_ratio, pok_today);

  compute_wmarks (ctx, o->sizes_wm, o->fit.mfk, wsf);
  memcpy (wm, ctx->wm, n * MA_N_WMARKS * sizeof (guint64));
  match_wmarks (ctx, pb, wok, boost);
  for (guint node = 0; node < ctx->nodes->len; node++)
    {
      const CNode *cn = &g_array_index (ctx->nodes, CNode, node);

      match_protection_node (ctx, node, &o->sizes_prot[cn->first], o->ratio, o->n_ratio, pok,
                             &prot[node * nc * nc]);
    }

  for (guint i = 0; i < n; i++)
    if (czone (ctx, i)->z != NULL)
      finish_zone (ctx, self, o, i, wok, boost, wm, wok_today, boost_today, pok, pok_today, prot,
                   missing);
  if (missing)
    g_ptr_array_add (self->notes, g_strdup (_("partial dump: some nodes or zones are missing, so "
                                              "the lowmem zones' min watermarks cannot be "
                                              "checked")));
}

static void
add_unknown_zones (Ctx             *ctx,
                   MaSnapshotCheck *self)
{
  for (guint i = 0; i < ma_zoneinfo_get_n_zones (ctx->zi); i++)
    {
      const MaZoneinfoZone *z = ma_zoneinfo_get_zone (ctx->zi, i);
      MaZoneType t;
      MaZoneCheck zc = { 0, };

      if (ma_zone_type_from_name (z->name, &t))
        continue;
      zc.node_id = z->node_id;
      zc.name = z->name;
      zc.type = MA_N_ZONE_TYPES;
      zc.populated = z->present > 0;
      zc.managed_today = (z->fields & MA_ZONE_HAS_MANAGED) ? z->managed : z->present;
      zc.verdict = MA_CHECK_UNEXPLAINED;
      zc.reason = own (self, g_strdup_printf (_("“%s” is not a zone type the kernel's formulas "
                                                "know"), z->name));
      g_array_append_val (self->zones, zc);
    }
}

/**
 * ma_snapshot_check:
 * @snapshot: a snapshot with a /proc/zoneinfo
 * @error: return location for a %MA_PROCFS_ERROR
 *
 * Recomputes every zone's watermarks and protection with the kernel's formulas (ma-kernel.h)
 * for each kernel version the snapshot can come from, searching the inputs the file does not
 * print (the sysctls when absent, the managed pages at the last computation, boosts the kernel
 * did not print), and says per zone whether the printed numbers are exact, explained or
 * unexplained.
 *
 * Returns: (transfer full) (nullable): the check, or %NULL if the snapshot has no zoneinfo
 */
MaSnapshotCheck *
ma_snapshot_check (MaSnapshot  *snapshot,
                   GError     **error)
{
  g_autoptr(MaSnapshotCheck) self = NULL;
  Ctx ctx = { 0, };
  MaKernelVersion oldest = V (2, 6, 13), newest = V (6, 255, 255);
  g_autofree char *range_text = NULL;
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (MaKernelVersion));
  Outcome *outcomes;
  guint best = 0, n;

  g_return_val_if_fail (snapshot != NULL, NULL);

  ctx.snap = snapshot;
  ctx.zi = ma_snapshot_get_zoneinfo (snapshot);
  if (ctx.zi == NULL)
    {
      const char *source = ma_snapshot_get_source (snapshot);

      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED,
                   _("%s: nothing to check: the snapshot has no /proc/zoneinfo (the watermarks "
                     "and protection arrays are printed there)"), source ? source : _("snapshot"));
      return NULL;
    }

  self = g_new0 (MaSnapshotCheck, 1);
  self->ref_count = 1;
  self->zoneinfo = ma_zoneinfo_ref (ctx.zi);
  self->zones = g_array_new (FALSE, TRUE, sizeof (MaZoneCheck));
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->rules = g_ptr_array_new_with_free_func (g_free);
  self->notes = g_ptr_array_new_with_free_func (g_free);

  if (!ma_snapshot_version_range (snapshot, &oldest, &newest, &range_text))
    range_text = g_strdup (_("2.6.13 – 6.x (the zoneinfo layout does not say)"));
  self->inferred.kernel = ma_snapshot_get_kernel_release (snapshot)
                          ? own (self, g_strdup (ma_snapshot_get_kernel_release (snapshot)))
                          : NULL;
  self->inferred.kernel_range = own (self, g_steal_pointer (&range_text));

  ctx.n_conf = ma_snapshot_guess_zone_types (ctx.zi, oldest, newest, ctx.conf);
  ctx.zones = g_array_new (FALSE, TRUE, sizeof (CZone));
  ctx.nodes = g_array_new (FALSE, TRUE, sizeof (CNode));
  read_settings (&ctx, self);
  build_zones (&ctx);
  n = n_zones (&ctx);
  ctx.rz = g_new0 (MaRulesZone, MAX (n, 1));
  ctx.wm = g_new0 (guint64, MAX (n, 1) * MA_N_WMARKS);

  g_array_append_val (versions, oldest);
  for (guint i = 0; i < G_N_ELEMENTS (rule_bounds); i++)
    if (rule_bounds[i] > oldest && rule_bounds[i] <= newest)
      g_array_append_val (versions, rule_bounds[i]);

  outcomes = g_new0 (Outcome, versions->len);
  for (guint k = 0; k < versions->len; k++)
    {
      outcome_init (&outcomes[k], MAX (n, 1));
      ctx.work = 0;
      evaluate (&ctx, g_array_index (versions, MaKernelVersion, k), &outcomes[k]);
      if (outcome_better (&outcomes[k], &outcomes[best]))
        best = k;
    }

  for (guint k = 0; k < versions->len; k++)
    if (outcome_equal_rank (&outcomes[k], &outcomes[best]))
      {
        MaKernelVersion a = outcomes[k].v;
        MaKernelVersion b = newest;
        g_autofree char *range = NULL;
        g_autofree char *rules = describe_rules (a);

        if (k + 1 < versions->len)
          b = g_array_index (versions, MaKernelVersion, k + 1) - 1;
        range = range_string (a, MAX (a, MIN (b, rule_end (a, newest))));
        g_ptr_array_add (self->rules, g_strdup_printf ("%s: %s", range, rules));
      }
  g_ptr_array_add (self->rules, NULL);
  self->inferred.rules = (const char * const *) self->rules->pdata;

  finish (&ctx, self, &outcomes[best]);
  add_unknown_zones (&ctx, self);

  /* what was inferred */
  {
    const Outcome *o = &outcomes[best];
    MaCheckInferred *inf = &self->inferred;
    MaCheckSource src = o->fit.mfk_source;

    set_version (&ctx, o->v);
    inf->min_free_kbytes = o->fit.mfk;
    inf->min_free_kbytes_reason = own (self, describe_mfk (&ctx, o, &src));
    inf->min_free_kbytes_source = src;
    inf->watermark_scale_factor = o->fit.wsf ? o->fit.wsf : 10;
    if (ctx.sysctl_wsf > 0)
      inf->watermark_scale_factor_source = MA_CHECK_SOURCE_SYSCTL;
    else if (inf->watermark_scale_factor == 10)
      inf->watermark_scale_factor_source = MA_CHECK_SOURCE_DEFAULT;
    else
      inf->watermark_scale_factor_source = MA_CHECK_SOURCE_INFERRED;
    inf->n_lowmem_reserve_ratio = o->n_ratio;
    memcpy (inf->lowmem_reserve_ratio, o->ratio, sizeof inf->lowmem_reserve_ratio);
    inf->lowmem_reserve_ratio_source = o->ratio_source;
    {
      guint pb = o->fit.mfk_pageblock ? o->fit.mfk_pageblock
                                      : o->fit.pageblock ? o->fit.pageblock : ctx.pbs[0];

      inf->pageblock_order = (guint) g_bit_nth_lsf (pb, -1);
      if (ctx.pb_known)
        inf->pageblock_order_source = "pagetypeinfo";
      else if (o->fit.mfk_pageblock != 0)
        inf->pageblock_order_source = _("no pagetypeinfo: the order THP's recommendation fits");
      else
        inf->pageblock_order_source = _("no pagetypeinfo: assumed from the architecture");
    }
  }

  {
    guint ne = ma_snapshot_check_count (self, MA_CHECK_EXACT);
    guint nx = ma_snapshot_check_count (self, MA_CHECK_EXPLAINED);
    guint nu = ma_snapshot_check_count (self, MA_CHECK_UNEXPLAINED);
    /* Translators: what the check's verdicts rest on, in parentheses after the counts */
    static const char * const level_text[] = {
      N_("today's managed pages"),
      N_("managed pages at the last computation, recovered from the protection arrays"),
      N_("watermarks computed at another moment than the protection arrays"),
      N_("no rule set explains every zone"),
    };

    /* Translators: the check's summary: how many zones, how many of them got each verdict
     * (exact, explained, unexplained), and what the verdicts rest on */
    self->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u zone: %u exact, %u explained, %u "
                                                  "unexplained (%s)",
                                                  "%u zones: %u exact, %u explained, %u "
                                                  "unexplained (%s)", self->zones->len),
                                     self->zones->len, ne, nx, nu,
                                     _(level_text[outcomes[best].level]));
  }
  if (ctx.cut_short)
    g_ptr_array_add (self->notes, g_strdup (_("the search for the min_free_kbytes and "
                                              "watermark_scale_factor behind the watermarks was "
                                              "cut short: these zones leave too many values to "
                                              "try, and a zone it did not reach is shown "
                                              "unexplained")));
  g_ptr_array_add (self->notes, NULL);

  for (guint k = 0; k < versions->len; k++)
    outcome_clear (&outcomes[k]);
  g_free (outcomes);
  g_free (ctx.rz);
  g_free (ctx.wm);
  g_array_unref (ctx.zones);
  g_array_unref (ctx.nodes);
  return g_steal_pointer (&self);
}

guint
ma_snapshot_check_get_n_zones (const MaSnapshotCheck *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

const MaZoneCheck *
ma_snapshot_check_get_zone (const MaSnapshotCheck *self,
                            guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaZoneCheck, index);
}

const MaZoneCheck *
ma_snapshot_check_lookup_zone (const MaSnapshotCheck *self,
                               guint                  node_id,
                               const char            *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaZoneCheck *z = &g_array_index (self->zones, MaZoneCheck, i);

      if (z->node_id == node_id && g_ascii_strcasecmp (z->name, name) == 0)
        return z;
    }
  return NULL;
}

const MaCheckInferred *
ma_snapshot_check_get_inferred (const MaSnapshotCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->inferred;
}

const char *
ma_snapshot_check_get_summary (const MaSnapshotCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->summary;
}

const char * const *
ma_snapshot_check_get_notes (const MaSnapshotCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->notes->pdata;
}

guint
ma_snapshot_check_count (const MaSnapshotCheck *self,
                         MaCheckVerdict         verdict)
{
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->zones->len; i++)
    if (g_array_index (self->zones, MaZoneCheck, i).verdict == verdict)
      count++;
  return count;
}
