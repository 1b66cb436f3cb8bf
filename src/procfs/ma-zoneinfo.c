/* ma-zoneinfo.c: /proc/zoneinfo parser
 *
 * The parser reads the file by structure and meaning, never by line position or column: each
 * line is recognised from its first word and punctuation ("Node N, zone X", "pages free N",
 * "per-node stats", "name value", "key: value", "protection: (…)", "cpu: N [pcp: P]",
 * "vm stats threshold: N"), and a small state machine (node stats → zone header and counters →
 * pagesets → trailer) decides where a line belongs. Indentation is only used to tell a pageset's
 * unknown `key: value` (deeper than its `cpu:` line) from an unknown trailer line.
 *
 * Speed: a 1024-CPU, 4-node zoneinfo is ~1 MB, almost all pagesets. The scanner walks the
 * buffer with pointers, numbers are read in place, counter names are interned once per distinct
 * name, and every list is appended to one flat array per kind; pointers into those arrays are
 * fixed up once at the end. Nothing is allocated per line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-zoneinfo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-procfs-private.h"

#include "ma-line-scanner.h"
#include "ma-zoneinfo.h"

/* Above this many unrecognised lines (and a quarter of the file), the text is not zoneinfo. */
#define MAX_UNKNOWN_LINES    10
#define MAX_PROTECTION       64

struct _MaZoneinfo
{
  gatomicrefcount  ref_count;
  MaNamePool      *names;
  GStringChunk    *texts;
  GArray          *nodes;        /* MaZoneinfoNode */
  GArray          *zones;        /* MaZoneinfoZone */
  GArray          *counters;     /* MaCounter: zone counters */
  GArray          *stats;        /* MaCounter: per-node stats */
  GArray          *pagesets;     /* MaPageset */
  GArray          *extras;       /* MaZoneinfoExtra */
  GArray          *protection;   /* gint64 */
  GPtrArray       *warnings;     /* NULL-terminated */
  MaZoneinfoMarkers markers;
  MaZoneinfoEra    era;
  MaZoneinfoEra    era_oldest;
  MaZoneinfoEra    era_newest;
  gboolean         partial;
  guint            n_cpus;
};

G_DEFINE_BOXED_TYPE (MaZoneinfo, ma_zoneinfo, ma_zoneinfo_ref, ma_zoneinfo_unref)

typedef enum
{
  STATE_NONE,
  STATE_NODE_STATS,
  STATE_NODE_STATS_IGNORED,
  STATE_ZONE,
  STATE_PAGESETS,
  STATE_TRAILER,
} State;

typedef struct
{
  guint    node_index;
  guint    counters_off;
  guint    n_counters;
  guint    pagesets_off;
  guint    n_pagesets;
  guint    extras_off;
  guint    n_extras;
  guint    prot_off;
  guint    n_prot;
  gboolean protection_seen;
} ZoneBuild;

typedef struct
{
  guint    stats_off;
  guint    n_stats;
  gboolean has_stats;
} NodeBuild;

typedef struct
{
  MaZoneinfo    *zi;
  MaLineScanner  s;
  GArray        *zone_builds;   /* ZoneBuild, parallel to zi->zones */
  GArray        *node_builds;   /* NodeBuild, parallel to zi->nodes */
  State          state;
  gint           zone;          /* current zone index or -1 */
  gint           pageset;       /* current pageset index (global) or -1 */
  guint          pageset_indent;
  guint          n_unknown;
  guint          first_unknown_line;
  guint          n_lines;
  guint          n_elided;
  gboolean       cut;
} Parser;

/* --- small helpers -------------------------------------------------------------------------- */

static inline MaZoneinfoZone *
cur_zone (Parser *p)
{
  return &g_array_index (p->zi->zones, MaZoneinfoZone, p->zone);
}

static inline ZoneBuild *
cur_build (Parser *p)
{
  return &g_array_index (p->zone_builds, ZoneBuild, p->zone);
}

static inline MaPageset *
cur_pageset (Parser *p)
{
  return &g_array_index (p->zi->pagesets, MaPageset, p->pageset);
}

static void
add_unknown (Parser     *p,
             const char *start)
{
  g_autofree char *q = ma_scan_quote (start, p->s.line_end);

  if (p->n_unknown == 0)
    p->first_unknown_line = p->s.line_no;
  p->n_unknown++;
  if (p->n_unknown <= 5)
    ma_scan_warn (p->zi->warnings, &p->s, _("unrecognised line %s skipped"), q);
  else if (p->n_unknown == 6)
    ma_scan_warn (p->zi->warnings, &p->s, _("more unrecognised lines skipped"));
}

/* Parses the number that must follow `what` at *pp; sets the error on failure. */
static gboolean
read_number (Parser      *p,
             const char **pp,
             const char  *what,
             guint64     *out,
             GError     **error)
{
  const char *q = ma_skip_blanks (*pp, p->s.line_end);
  MaNumberStatus st = ma_parse_u64_token (&q, p->s.line_end, out);

  if (st != MA_NUMBER_OK)
    {
      ma_scan_set_number_error (error, &p->s, st, what, q, p->s.line_end);
      return FALSE;
    }
  *pp = q;
  return TRUE;
}

/* Anything left after a value is reported once per line, but does not lose the value. */
static void
check_rest (Parser     *p,
            const char *rest,
            const char *what)
{
  rest = ma_skip_blanks (rest, p->s.line_end);
  if (rest < p->s.line_end)
    {
      g_autofree char *q = ma_scan_quote (rest, p->s.line_end);
      ma_scan_warn (p->zi->warnings, &p->s, _("unexpected text %s after the value of “%s” ignored"),
                    q, what);
    }
}

static void
add_extra (Parser     *p,
           const char *key,
           gsize       key_len,
           const char *value,
           const char *value_end,
           gint32      cpu)
{
  MaZoneinfoExtra e = { 0 };
  const char *q = value;
  guint64 v;

  e.key = ma_name_pool_intern (p->zi->names, key, key_len);
  e.text = g_string_chunk_insert_len (p->zi->texts, value, value_end - value);
  if (ma_parse_u64_token (&q, value_end, &v) == MA_NUMBER_OK && q == value_end)
    {
      e.value = v;
      e.is_number = TRUE;
    }
  e.cpu = cpu;
  e.line = p->s.line_no;
  g_array_append_val (p->zi->extras, e);
  cur_build (p)->n_extras++;
}

/* --- line handlers -------------------------------------------------------------------------- */

/* "Node N, zone NAME" */
static gboolean
parse_zone_header (Parser     *p,
                   const char *w_end,
                   gboolean   *stop,
                   GError    **error)
{
  const char *end = p->s.line_end;
  const char *q = ma_skip_blanks (w_end, end);
  const char *name;
  const char *name_end;
  const char *rest;
  guint64 node_id;
  MaNumberStatus st;
  MaZoneinfoZone zone = { 0 };
  ZoneBuild build = { 0 };
  guint node_index;

  st = ma_parse_u64 (&q, end, &node_id);
  if (st != MA_NUMBER_OK || node_id > G_MAXUINT32)
    {
      ma_scan_set_number_error (error, &p->s, st == MA_NUMBER_OK ? MA_NUMBER_OVERFLOW : st,
                                "Node", q, end);
      return FALSE;
    }
  q = ma_skip_blanks (q, end);
  if (q >= end || *q != ',')
    goto bad;
  q = ma_skip_blanks (q + 1, end);
  if (end - q < 4 || memcmp (q, "zone", 4) != 0)
    goto bad;
  q = ma_skip_blanks (q + 4, end);
  name = q;
  name_end = ma_token_end (q, end);
  if (name == name_end)
    goto bad;
  rest = ma_skip_blanks (name_end, end);
  if (rest < end || name_end[-1] == ',')
    {
      g_autofree char *quoted = ma_scan_quote (p->s.line, end);

      if ((rest < end && ma_is_digit (*rest)) || name_end[-1] == ',')
        ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                           _("%s looks like a line of /proc/%s, not /proc/zoneinfo"), quoted,
                           name_end[-1] == ',' ? "pagetypeinfo" : "buddyinfo");
      else
        ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                           _("expected “Node N, zone NAME”, found %s"), quoted);
      return FALSE;
    }

  /* The same zone again means a second capture was appended to the first one. */
  for (guint i = 0; i < p->zi->zones->len; i++)
    {
      const MaZoneinfoZone *z = &g_array_index (p->zi->zones, MaZoneinfoZone, i);

      if (z->node_id == node_id && strlen (z->name) == (gsize) (name_end - name) &&
          memcmp (z->name, name, name_end - name) == 0)
        {
          ma_scan_warn (p->zi->warnings, &p->s,
                        _("node %u, zone %s appears a second time: a second capture starts here "
                          "and was not read (only the first one is used)"),
                        (guint) node_id, z->name);
          *stop = TRUE;
          return TRUE;
        }
    }

  node_index = G_MAXUINT;
  for (guint i = 0; i < p->zi->nodes->len; i++)
    if (g_array_index (p->zi->nodes, MaZoneinfoNode, i).id == node_id)
      {
        node_index = i;
        break;
      }
  if (node_index == G_MAXUINT)
    {
      MaZoneinfoNode node = { 0 };
      NodeBuild nb = { 0 };

      node.id = (guint32) node_id;
      g_array_append_val (p->zi->nodes, node);
      g_array_append_val (p->node_builds, nb);
      node_index = p->zi->nodes->len - 1;
    }

  zone.node_id = (guint32) node_id;
  zone.name = ma_name_pool_intern (p->zi->names, name, name_end - name);
  zone.line = p->s.line_no;
  build.node_index = node_index;
  build.counters_off = p->zi->counters->len;
  build.pagesets_off = p->zi->pagesets->len;
  build.extras_off = p->zi->extras->len;
  build.prot_off = p->zi->protection->len;
  g_array_append_val (p->zi->zones, zone);
  g_array_append_val (p->zone_builds, build);

  if (MA_WORD_IS (name, name_end, "Movable"))
    p->zi->markers |= MA_ZONEINFO_MARKER_MOVABLE_ZONE;

  p->zone = p->zi->zones->len - 1;
  p->pageset = -1;
  p->state = STATE_ZONE;
  return TRUE;

bad:
  {
    g_autofree char *quoted = ma_scan_quote (p->s.line, end);
    ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                       _("expected “Node N, zone NAME”, found %s"), quoted);
  }
  return FALSE;
}

/* "protection: (a, b, c)" */
static gboolean
parse_protection (Parser     *p,
                  const char *q,
                  GError    **error)
{
  const char *end = p->s.line_end;
  MaZoneinfoZone *zone = cur_zone (p);
  ZoneBuild *build = cur_build (p);
  guint n = 0;

  if (zone->fields & MA_ZONE_HAS_PROTECTION)
    {
      ma_scan_warn (p->zi->warnings, &p->s, _("a second “protection” line for the zone was ignored"));
      return TRUE;
    }

  q = ma_skip_blanks (q, end);
  if (q >= end || *q != '(')
    {
      g_autofree char *quoted = ma_scan_quote (q, end);
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                         _("expected “(” after “protection:”, found %s"), quoted);
      return FALSE;
    }
  q = ma_skip_blanks (q + 1, end);

  if (q < end && *q == ')')
    q++;
  else
    for (;;)
      {
        gint64 v;
        const char *num = q;
        MaNumberStatus st = ma_parse_i64 (&q, end, &v);

        if (st != MA_NUMBER_OK)
          {
            ma_scan_set_number_error (error, &p->s, st, "protection", num, end);
            return FALSE;
          }
        if (++n > MAX_PROTECTION)
          {
            ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_RANGE,
                               _("more than %d values in “protection”"), MAX_PROTECTION);
            return FALSE;
          }
        g_array_append_val (p->zi->protection, v);
        q = ma_skip_blanks (q, end);
        if (q < end && *q == ',')
          {
            q = ma_skip_blanks (q + 1, end);
            continue;
          }
        if (q < end && *q == ')')
          {
            q++;
            break;
          }
        {
          g_autofree char *quoted = ma_scan_quote (q, end);
          ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_SYNTAX,
                             _("expected “,” or “)” in “protection”, found %s"), quoted);
        }
        return FALSE;
      }

  check_rest (p, q, "protection");
  build->n_prot = n;
  zone->fields |= MA_ZONE_HAS_PROTECTION;
  build->protection_seen = TRUE;
  if (build->n_counters > 0)
    p->zi->markers |= MA_ZONEINFO_MARKER_PROTECTION_LAST;
  return TRUE;
}

/* "scanned  N" with the optional "(a: N i: N)" / "(aa: N ia: N af: N if: N)" of old kernels */
static gboolean
parse_scanned (Parser     *p,
               const char *q,
               const char *what,
               GError    **error)
{
  const char *end = p->s.line_end;
  MaZoneinfoZone *zone = cur_zone (p);
  guint64 v;
  gboolean ai = FALSE;
  gboolean split = FALSE;

  if (!read_number (p, &q, what, &v, error))
    return FALSE;
  zone->scanned = v;
  zone->fields |= MA_ZONE_HAS_SCANNED;

  q = ma_skip_blanks (q, end);
  if (q < end && *q == '(')
    {
      q = ma_skip_blanks (q + 1, end);
      while (q < end && *q != ')')
        {
          const char *k = q;
          const char *k_end = ma_word_end (q, end);
          char key[32];
          guint64 sv;

          if (k_end == k || k_end >= end || *k_end != ':' || k_end - k > 8)
            break;
          q = ma_skip_blanks (k_end + 1, end);
          g_snprintf (key, sizeof key, "%s:%.*s", what, (int) (k_end - k), k);
          {
            const char *num_start = q;
            MaNumberStatus st = ma_parse_u64 (&q, end, &sv);

            if (st != MA_NUMBER_OK)
              {
                ma_scan_set_number_error (error, &p->s, st, key, num_start, end);
                return FALSE;
              }
          }
          {
            char num[24];
            MaZoneinfoExtra e = { 0 };

            g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, sv);
            e.key = ma_name_pool_intern (p->zi->names, key, strlen (key));
            e.text = g_string_chunk_insert_const (p->zi->texts, num);
            e.value = sv;
            e.is_number = TRUE;
            e.cpu = -1;
            e.line = p->s.line_no;
            g_array_append_val (p->zi->extras, e);
            cur_build (p)->n_extras++;
          }
          if (k_end - k == 1)
            ai = TRUE;
          else
            split = TRUE;
          q = ma_skip_blanks (q, end);
        }
      if (q < end && *q == ')')
        q++;
    }
  check_rest (p, q, what);

  if (strcmp (what, "node_scanned") == 0)
    p->zi->markers |= MA_ZONEINFO_MARKER_NODE_SCANNED;
  else if (split)
    p->zi->markers |= MA_ZONEINFO_MARKER_SCANNED_SPLIT;
  else if (ai)
    p->zi->markers |= MA_ZONEINFO_MARKER_SCANNED_AI;
  else
    p->zi->markers |= MA_ZONEINFO_MARKER_SCANNED;
  return TRUE;
}

typedef struct
{
  const char *name;
  guint8      len;
  guint8      field_shift;   /* MaZoneFields bit */
  guint16     offset;        /* in MaZoneinfoZone */
} HeaderKey;

#define HK(n, f, m) { n, sizeof (n) - 1, f, G_STRUCT_OFFSET (MaZoneinfoZone, m) }

/* Header "name value" keys; `scanned` has its own handler. */
static const HeaderKey header_keys[] = {
  HK ("min", 2, min),
  HK ("low", 3, low),
  HK ("high", 4, high),
  HK ("boost", 1, boost),
  HK ("promo", 5, promo),
  HK ("spanned", 6, spanned),
  HK ("present", 7, present),
  HK ("managed", 8, managed),
  HK ("cma", 9, cma),
};

static const HeaderKey trailer_keys[] = {
  HK ("start_pfn", 16, start_pfn),
  HK ("all_unreclaimable", 13, all_unreclaimable),
  HK ("node_unreclaimable", 17, node_unreclaimable),
  HK ("prev_priority", 14, prev_priority),
  HK ("temp_priority", 15, temp_priority),
  HK ("inactive_ratio", 18, inactive_ratio),
  HK ("node_inactive_ratio", 19, node_inactive_ratio),
};

#undef HK

static const HeaderKey *
find_key (const HeaderKey *keys,
          gsize            n_keys,
          const char      *w,
          const char      *w_end)
{
  gsize len = (gsize) (w_end - w);

  for (gsize i = 0; i < n_keys; i++)
    if (keys[i].len == len && memcmp (keys[i].name, w, len) == 0)
      return &keys[i];
  return NULL;
}

static gboolean
set_zone_key (Parser          *p,
              const HeaderKey *k,
              const char      *q,
              GError         **error)
{
  MaZoneinfoZone *zone = cur_zone (p);
  guint64 v;

  if (!read_number (p, &q, k->name, &v, error))
    return FALSE;
  check_rest (p, q, k->name);
  G_STRUCT_MEMBER (guint64, zone, k->offset) = v;
  zone->fields |= 1u << k->field_shift;
  return TRUE;
}

/* A pageset's "key: N"; returns FALSE with *handled = FALSE if the key is not a pageset key. */
static gboolean
parse_pageset_key (Parser     *p,
                   const char *w,
                   const char *w_end,
                   gboolean   *handled,
                   GError    **error)
{
  MaPageset *ps = cur_pageset (p);
  gsize len = (gsize) (w_end - w);
  const char *q = w_end + 1;
  guint64 *slot;
  guint flag;

  *handled = TRUE;
  switch (len)
    {
    case 3:
      if (memcmp (w, "low", 3) != 0)
        goto not_ours;
      slot = &ps->low;
      flag = MA_PAGESET_HAS_LOW;
      p->zi->markers |= MA_ZONEINFO_MARKER_PCP_LOW;
      break;
    case 4:
      if (memcmp (w, "high", 4) != 0)
        goto not_ours;
      slot = &ps->high;
      flag = MA_PAGESET_HAS_HIGH;
      break;
    case 5:
      if (memcmp (w, "count", 5) == 0)
        {
          slot = &ps->count;
          flag = MA_PAGESET_HAS_COUNT;
        }
      else if (memcmp (w, "batch", 5) == 0)
        {
          slot = &ps->batch;
          flag = MA_PAGESET_HAS_BATCH;
        }
      else
        goto not_ours;
      break;
    case 8:
      if (memcmp (w, "high_min", 8) == 0)
        {
          slot = &ps->high_min;
          flag = MA_PAGESET_HAS_HIGH_MIN;
        }
      else if (memcmp (w, "high_max", 8) == 0)
        {
          slot = &ps->high_max;
          flag = MA_PAGESET_HAS_HIGH_MAX;
        }
      else
        goto not_ours;
      p->zi->markers |= MA_ZONEINFO_MARKER_HIGH_MIN;
      break;
    default:
      goto not_ours;
    }

  {
    char what[16];

    memcpy (what, w, len);
    what[len] = '\0';
    q = ma_skip_blanks (q, p->s.line_end);
    if (G_LIKELY (q < p->s.line_end && ma_is_digit (*q)))
      {
        /* fast path: a plain number up to the end of the line */
        const char *r = q;
        if (ma_parse_u64_token (&r, p->s.line_end, slot) == MA_NUMBER_OK && r == p->s.line_end)
          {
            ps->fields |= flag;
            return TRUE;
          }
      }
    if (!read_number (p, &q, what, slot, error))
      return FALSE;
    check_rest (p, q, what);
    ps->fields |= flag;
  }
  return TRUE;

not_ours:
  *handled = FALSE;
  return TRUE;
}

/* "cpu: N" or "cpu: N pcp: P" */
static gboolean
parse_cpu (Parser     *p,
           const char *q,
           guint       indent,
           GError    **error)
{
  const char *end = p->s.line_end;
  MaPageset ps = { 0 };
  guint64 cpu;

  if (!read_number (p, &q, "cpu:", &cpu, error))
    return FALSE;
  if (cpu > G_MAXUINT32 - 1)
    {
      ma_scan_set_number_error (error, &p->s, MA_NUMBER_OVERFLOW, "cpu:", p->s.line, end);
      return FALSE;
    }
  ps.cpu = (guint32) cpu;
  ps.pcp = -1;

  q = ma_skip_blanks (q, end);
  if (q < end)
    {
      const char *w_end = ma_word_end (q, end);
      guint64 pcp;

      if (MA_WORD_IS (q, w_end, "pcp") && w_end < end && *w_end == ':')
        {
          q = w_end + 1;
          if (!read_number (p, &q, "pcp:", &pcp, error))
            return FALSE;
          ps.pcp = pcp > 1 ? 1 : (gint32) pcp;
          check_rest (p, q, "pcp:");
        }
      else
        check_rest (p, q, "cpu:");
    }

  p->zi->markers |= ps.pcp >= 0 ? MA_ZONEINFO_MARKER_HOT_COLD_PCP : MA_ZONEINFO_MARKER_SINGLE_PCP;
  if (ps.cpu + 1 > p->zi->n_cpus)
    p->zi->n_cpus = ps.cpu + 1;

  g_array_append_val (p->zi->pagesets, ps);
  cur_build (p)->n_pagesets++;
  p->pageset = p->zi->pagesets->len - 1;
  p->pageset_indent = indent;
  p->state = STATE_PAGESETS;
  return TRUE;
}

/* "name value" counter lines (zone counters or per-node stats) */
static gboolean
parse_counter (Parser     *p,
               const char *w,
               const char *w_end,
               GError    **error)
{
  const char *end = p->s.line_end;
  const char *q = ma_skip_blanks (w_end, end);
  MaCounter c;

  if (q >= end)
    {
      /* A lone number is the unnamed counter some RHEL 4.18 kernels print; a lone word is
       * not zoneinfo. */
      const char *r = w;
      guint64 v;

      if (ma_is_digit (*w) && ma_parse_u64_token (&r, end, &v) == MA_NUMBER_OK && r == end)
        {
          c.name = ma_name_pool_intern (p->zi->names, "", 0);
          c.value = v;
          goto add;
        }
      add_unknown (p, w);
      return TRUE;
    }

  {
    const char *r = q;
    MaNumberStatus st = ma_parse_u64_token (&r, end, &c.value);

    if (G_UNLIKELY (st != MA_NUMBER_OK))
      {
        char what[64];

        g_snprintf (what, sizeof what, "%.*s", (int) MIN (w_end - w, 60), w);
        ma_scan_set_number_error (error, &p->s, st, what, q, end);
        return FALSE;
      }
    if (G_UNLIKELY (r < end))
      {
        char what[64];

        g_snprintf (what, sizeof what, "%.*s", (int) MIN (w_end - w, 60), w);
        check_rest (p, r, what);
      }
  }
  c.name = ma_name_pool_intern (p->zi->names, w, w_end - w);

add:
  if (p->state == STATE_NODE_STATS)
    {
      NodeBuild *nb = &g_array_index (p->node_builds, NodeBuild, cur_build (p)->node_index);

      g_array_append_val (p->zi->stats, c);
      nb->n_stats++;
    }
  else if (p->state == STATE_NODE_STATS_IGNORED)
    ;
  else
    {
      ZoneBuild *build = cur_build (p);

      if (build->protection_seen && build->n_counters == 0)
        p->zi->markers |= MA_ZONEINFO_MARKER_PROTECTION_FIRST;
      if (build->n_counters == 0 && c.name[0] == 'n' && c.name[1] == 'r' && c.name[2] == '_')
        p->zi->markers |= MA_ZONEINFO_MARKER_ZVC;
      if (strcmp (c.name, "active") == 0 || strcmp (c.name, "inactive") == 0)
        p->zi->markers |= MA_ZONEINFO_MARKER_ACTIVE_INACTIVE;
      g_array_append_val (p->zi->counters, c);
      build->n_counters++;
    }
  return TRUE;
}

static gboolean
parse_line (Parser   *p,
            gboolean *stop,
            GError  **error)
{
  const char *line = p->s.line;
  const char *end = p->s.line_end;
  const char *w = ma_skip_blanks (line, end);
  const char *w_end;
  guint indent;
  gboolean colon;

  if (w >= end)
    return TRUE;                                    /* blank line */

  p->n_lines++;
  indent = (guint) (w - line);
  w_end = ma_word_end (w, end);
  colon = w_end < end && *w_end == ':';

  /* The hot path: pageset fields. */
  if (colon && p->state == STATE_PAGESETS && p->pageset >= 0)
    {
      gboolean handled;

      if (!parse_pageset_key (p, w, w_end, &handled, error))
        return FALSE;
      if (handled)
        return TRUE;
    }

  if (MA_WORD_IS (w, w_end, "Node") && !colon)
    return parse_zone_header (p, w_end, stop, error);

  if (w_end - w == 3 && memcmp (w, "...", 3) == 0)
    {
      p->n_elided++;
      ma_scan_warn (p->zi->warnings, &p->s,
                    _("“...” (text left out by whoever copied the file) skipped"));
      return TRUE;
    }

  if (p->zone < 0)
    {
      g_autofree char *q = ma_scan_quote (w, end);
      ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                         _("expected “Node N, zone NAME”, found %s; this is not /proc/zoneinfo"),
                         q);
      return FALSE;
    }

  if (colon)
    {
      const char *q = w_end + 1;
      const HeaderKey *k;

      if (MA_WORD_IS (w, w_end, "cpu"))
        return parse_cpu (p, q, indent, error);
      if (MA_WORD_IS (w, w_end, "protection"))
        return parse_protection (p, q, error);

      k = find_key (trailer_keys, G_N_ELEMENTS (trailer_keys), w, w_end);
      if (k != NULL)
        {
          p->state = STATE_TRAILER;
          return set_zone_key (p, k, q, error);
        }

      /* Unknown "key: value": a pageset's own line when indented deeper than its "cpu:". */
      {
        const char *v = ma_skip_blanks (q, end);
        gint32 cpu = -1;

        if (p->state == STATE_PAGESETS && p->pageset >= 0 && indent > p->pageset_indent)
          cpu = (gint32) cur_pageset (p)->cpu;
        else if (p->state == STATE_PAGESETS)
          p->state = STATE_TRAILER;
        add_extra (p, w, w_end - w, v, end, cpu);
      }
      return TRUE;
    }

  /* Multi-word lines */
  if (MA_WORD_IS (w, w_end, "pages"))
    {
      const char *q = ma_skip_blanks (w_end, end);
      const char *q_end = ma_word_end (q, end);
      guint64 v;

      if (MA_WORD_IS (q, q_end, "free"))
        {
          if (!read_number (p, &q_end, "pages free", &v, error))
            return FALSE;
          check_rest (p, q_end, "pages free");
          cur_zone (p)->free_pages = v;
          cur_zone (p)->fields |= MA_ZONE_HAS_FREE;
          p->state = STATE_ZONE;
          return TRUE;
        }
    }
  else if (MA_WORD_IS (w, w_end, "per-node"))
    {
      const char *q = ma_skip_blanks (w_end, end);

      if (MA_WORD_IS (q, end, "stats"))
        {
          NodeBuild *nb = &g_array_index (p->node_builds, NodeBuild, cur_build (p)->node_index);

          p->zi->markers |= MA_ZONEINFO_MARKER_PER_NODE_STATS;
          if (nb->has_stats)
            {
              ma_scan_warn (p->zi->warnings, &p->s,
                            _("a second “per-node stats” block for node %u was ignored"),
                            cur_zone (p)->node_id);
              p->state = STATE_NODE_STATS_IGNORED;
              return TRUE;
            }
          nb->has_stats = TRUE;
          nb->stats_off = p->zi->stats->len;
          p->state = STATE_NODE_STATS;
          return TRUE;
        }
    }
  else if (MA_WORD_IS (w, w_end, "pagesets") && w_end == end)
    {
      p->state = STATE_PAGESETS;
      p->pageset = -1;
      return TRUE;
    }
  else if (MA_WORD_IS (w, w_end, "vm"))
    {
      const char *q = ma_skip_blanks (w_end, end);

      if (ma_match_words (q, end, "stats threshold:", &q))
        {
          MaZoneinfoZone *zone = cur_zone (p);
          guint64 v;

          if (!read_number (p, &q, "vm stats threshold:", &v, error))
            return FALSE;
          check_rest (p, q, "vm stats threshold:");
          zone->vm_stats_threshold = v;
          zone->fields |= MA_ZONE_HAS_VM_STATS_THRESHOLD;
          if (p->pageset >= 0 && p->state == STATE_PAGESETS)
            {
              /* printed once per CPU: after its pcp 1 list when there are hot/cold pairs */
              guint32 cpu = cur_pageset (p)->cpu;
              guint first = cur_build (p)->pagesets_off;

              for (gint i = p->pageset; i >= (gint) first; i--)
                {
                  MaPageset *ps = &g_array_index (p->zi->pagesets, MaPageset, i);

                  if (ps->cpu != cpu || (ps->fields & MA_PAGESET_HAS_VM_STATS_THRESHOLD))
                    break;
                  ps->vm_stats_threshold = v;
                  ps->fields |= MA_PAGESET_HAS_VM_STATS_THRESHOLD;
                }
            }
          return TRUE;
        }
    }
  else if (MA_WORD_IS (w, w_end, "scanned") || MA_WORD_IS (w, w_end, "node_scanned"))
    {
      char what[16];

      g_snprintf (what, sizeof what, "%.*s", (int) (w_end - w), w);
      if (p->state == STATE_NODE_STATS || p->state == STATE_NODE_STATS_IGNORED)
        p->state = STATE_ZONE;
      return parse_scanned (p, w_end, what, error);
    }
  else
    {
      const HeaderKey *k = find_key (header_keys, G_N_ELEMENTS (header_keys), w, w_end);

      if (k != NULL && p->state != STATE_PAGESETS && p->state != STATE_TRAILER)
        {
          if (p->state == STATE_NODE_STATS || p->state == STATE_NODE_STATS_IGNORED)
            p->state = STATE_ZONE;
          return set_zone_key (p, k, w_end, error);
        }
    }

  return parse_counter (p, w, w_end, error);
}

/* --- era ------------------------------------------------------------------------------------ */

/* The era follows KERNEL.md §11 ("Loader tips"): every marker found gives a lower or an upper
 * bound; in a complete file the absence of a line that every zone of a newer era prints is an
 * upper bound too. A partial dump only gets the bounds of what it contains. */
static void
detect_era (MaZoneinfo *zi)
{
  MaZoneinfoMarkers m = zi->markers;
  int lo = 1;
  int hi = MA_ZONEINFO_ERA_LAST;
  gboolean any_min = FALSE, any_managed = FALSE, any_high = FALSE, any_cma = FALSE;
  gboolean any_node_unrecl = FALSE, any_single_pcp_zone = FALSE, any_populated = FALSE;
  gboolean any_scanned = FALSE, any_spanned = FALSE;

#define LO(v) lo = MAX (lo, (v))
#define HI(v) hi = MIN (hi, (v))

  if (m & MA_ZONEINFO_MARKER_HOT_COLD_PCP) HI (2);
  if (m & MA_ZONEINFO_MARKER_PCP_LOW) HI (1);
  if (m & MA_ZONEINFO_MARKER_ACTIVE_INACTIVE) HI (1);
  if (m & MA_ZONEINFO_MARKER_ZVC) LO (2);
  if (m & MA_ZONEINFO_MARKER_TEMP_PRIORITY) HI (2);
  if (m & MA_ZONEINFO_MARKER_SCANNED_AI) HI (2);
  if (m & MA_ZONEINFO_MARKER_SCANNED_SPLIT) { LO (3); HI (3); }
  if (m & MA_ZONEINFO_MARKER_SCANNED) { LO (3); HI (3); }
  if (m & MA_ZONEINFO_MARKER_SINGLE_PCP) LO (3);
  if (m & MA_ZONEINFO_MARKER_INACTIVE_RATIO) { LO (3); HI (3); }
  if (m & MA_ZONEINFO_MARKER_MANAGED) LO (3);
  if (m & MA_ZONEINFO_MARKER_PREV_PRIORITY) HI (3);
  if (m & MA_ZONEINFO_MARKER_ALL_UNRECLAIMABLE) HI (3);
  if (m & MA_ZONEINFO_MARKER_NODE_SCANNED) { LO (4); HI (4); }
  if (m & MA_ZONEINFO_MARKER_PER_NODE_STATS) LO (4);
  if (m & MA_ZONEINFO_MARKER_NODE_UNRECLAIMABLE) LO (4);
  if (m & MA_ZONEINFO_MARKER_EMPTY_ZONES) LO (5);
  if (m & MA_ZONEINFO_MARKER_PROTECTION_FIRST) LO (5);
  if (m & MA_ZONEINFO_MARKER_PROTECTION_LAST) HI (4);
  if (m & MA_ZONEINFO_MARKER_NODE_INACTIVE_RATIO) { LO (4); HI (5); }
  if (m & MA_ZONEINFO_MARKER_CMA) LO (7);
  if (m & MA_ZONEINFO_MARKER_BOOST) LO (8);
  if (m & MA_ZONEINFO_MARKER_PROMO) LO (9);
  if (m & MA_ZONEINFO_MARKER_HIGH_MIN) LO (10);
  if (m & MA_ZONEINFO_MARKER_MOVABLE_ZONE) LO (2);

  for (guint i = 0; i < zi->zones->len; i++)
    {
      const MaZoneinfoZone *z = &g_array_index (zi->zones, MaZoneinfoZone, i);

      any_min |= (z->fields & MA_ZONE_HAS_MIN) != 0;
      any_high |= (z->fields & MA_ZONE_HAS_HIGH) != 0;
      any_managed |= (z->fields & MA_ZONE_HAS_MANAGED) != 0;
      any_cma |= (z->fields & MA_ZONE_HAS_CMA) != 0;
      any_spanned |= (z->fields & MA_ZONE_HAS_SPANNED) != 0;
      any_scanned |= (z->fields & MA_ZONE_HAS_SCANNED) != 0;
      any_node_unrecl |= (z->fields & MA_ZONE_HAS_NODE_UNRECLAIMABLE) != 0;
      any_populated |= ma_zoneinfo_zone_is_populated (z);
      for (guint j = 0; j < z->n_pagesets; j++)
        if (z->pagesets[j].pcp < 0)
          any_single_pcp_zone = TRUE;
    }

  if (!zi->partial)
    {
      if (any_managed && !any_cma) HI (6);
      if (any_min && !(m & MA_ZONEINFO_MARKER_BOOST)) HI (7);
      if (any_high && !(m & MA_ZONEINFO_MARKER_PROMO)) HI (8);
      if (any_single_pcp_zone && !(m & MA_ZONEINFO_MARKER_HIGH_MIN)) HI (9);
      if (any_node_unrecl && !(m & MA_ZONEINFO_MARKER_NODE_INACTIVE_RATIO)) LO (6);
      if (any_populated && !(m & MA_ZONEINFO_MARKER_PER_NODE_STATS)) HI (3);
      if (any_min && any_spanned && !any_scanned) LO (5);
      if (any_spanned && !any_managed) HI (3);
    }

#undef LO
#undef HI

  if (lo <= hi)
    {
      zi->era_oldest = lo;
      zi->era_newest = hi;
      zi->era = lo == hi ? (MaZoneinfoEra) lo : MA_ZONEINFO_ERA_UNKNOWN;
    }
  else
    {
      /* Backports add newer lines to older kernels: trust the newest feature. */
      zi->markers |= MA_ZONEINFO_MARKER_CONFLICT;
      zi->era_oldest = hi;
      zi->era_newest = lo;
      zi->era = lo;
    }
}

/* --- finalisation --------------------------------------------------------------------------- */

static void
check_partial (Parser *p)
{
  MaZoneinfo *zi = p->zi;
  guint header_only = 0;
  guint no_watermarks = 0;

  for (guint i = 0; i < zi->zones->len; i++)
    {
      const MaZoneinfoZone *z = &g_array_index (zi->zones, MaZoneinfoZone, i);
      const ZoneBuild *b = &g_array_index (p->zone_builds, ZoneBuild, i);
      gboolean populated = (z->fields & MA_ZONE_HAS_PRESENT)
                             ? z->present > 0
                             : (z->free_pages > 0 || z->spanned > 0);

      if ((z->fields & (MA_ZONE_HAS_MIN | MA_ZONE_HAS_LOW | MA_ZONE_HAS_HIGH)) !=
          (MA_ZONE_HAS_MIN | MA_ZONE_HAS_LOW | MA_ZONE_HAS_HIGH))
        no_watermarks++;
      else if (populated && b->n_pagesets == 0 && b->n_counters == 0 &&
               !(z->fields & (MA_ZONE_HAS_START_PFN | MA_ZONE_HAS_PROTECTION)))
        header_only++;
    }

  if (no_watermarks > 0)
    g_ptr_array_add (zi->warnings,
                     g_strdup_printf (_("%s: partial dump: %u of %u zones lack their min/low/high "
                                        "lines (the file was probably filtered)"),
                                      p->s.source_name, no_watermarks, zi->zones->len));
  if (header_only > 0)
    g_ptr_array_add (zi->warnings,
                     g_strdup_printf (_("%s: partial dump: %u zones have only header fields "
                                        "(no counters, protection, pagesets or start_pfn)"),
                                      p->s.source_name, header_only));

  zi->partial = p->cut || p->n_elided > 0 || no_watermarks > 0 || header_only > 0;
}

static gint
compare_zone_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GArray *builds = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  guint na = g_array_index (builds, ZoneBuild, ia).node_index;
  guint nb = g_array_index (builds, ZoneBuild, ib).node_index;

  if (na != nb)
    return na < nb ? -1 : 1;
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

/* Zones are grouped by node (a node's zones are one slice of the zone array) and all the
 * per-zone lists point into the flat arrays, which no longer move. */
static void
finalize (Parser *p)
{
  MaZoneinfo *zi = p->zi;
  guint n = zi->zones->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  GArray *sorted = g_array_sized_new (FALSE, TRUE, sizeof (MaZoneinfoZone), n);
  GArray *sorted_builds = g_array_sized_new (FALSE, TRUE, sizeof (ZoneBuild), n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_zone_order, p->zone_builds);
  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (sorted, g_array_index (zi->zones, MaZoneinfoZone, order[i]));
      g_array_append_val (sorted_builds, g_array_index (p->zone_builds, ZoneBuild, order[i]));
    }
  g_array_unref (zi->zones);
  g_array_unref (p->zone_builds);
  zi->zones = sorted;
  p->zone_builds = sorted_builds;

  for (guint i = 0; i < n; i++)
    {
      MaZoneinfoZone *z = &g_array_index (zi->zones, MaZoneinfoZone, i);
      const ZoneBuild *b = &g_array_index (p->zone_builds, ZoneBuild, i);
      MaZoneinfoNode *node = &g_array_index (zi->nodes, MaZoneinfoNode, b->node_index);

      z->counters = b->n_counters ? &g_array_index (zi->counters, MaCounter, b->counters_off)
                                  : NULL;
      z->n_counters = b->n_counters;
      z->pagesets = b->n_pagesets ? &g_array_index (zi->pagesets, MaPageset, b->pagesets_off)
                                  : NULL;
      z->n_pagesets = b->n_pagesets;
      z->extras = b->n_extras ? &g_array_index (zi->extras, MaZoneinfoExtra, b->extras_off) : NULL;
      z->n_extras = b->n_extras;
      z->protection = b->n_prot ? &g_array_index (zi->protection, gint64, b->prot_off) : NULL;
      z->n_protection = b->n_prot;

      if (node->n_zones == 0)
        node->zones = z;
      node->n_zones++;

      if ((z->fields & MA_ZONE_HAS_PRESENT) && z->present == 0 && b->n_pagesets == 0)
        zi->markers |= MA_ZONEINFO_MARKER_EMPTY_ZONES;
      if (z->fields & MA_ZONE_HAS_MANAGED)
        zi->markers |= MA_ZONEINFO_MARKER_MANAGED;
      if (z->fields & MA_ZONE_HAS_CMA)
        zi->markers |= MA_ZONEINFO_MARKER_CMA;
      if (z->fields & MA_ZONE_HAS_BOOST)
        zi->markers |= MA_ZONEINFO_MARKER_BOOST;
      if (z->fields & MA_ZONE_HAS_PROMO)
        zi->markers |= MA_ZONEINFO_MARKER_PROMO;
      if (z->fields & MA_ZONE_HAS_TEMP_PRIORITY)
        zi->markers |= MA_ZONEINFO_MARKER_TEMP_PRIORITY;
      if (z->fields & MA_ZONE_HAS_PREV_PRIORITY)
        zi->markers |= MA_ZONEINFO_MARKER_PREV_PRIORITY;
      if (z->fields & MA_ZONE_HAS_ALL_UNRECLAIMABLE)
        zi->markers |= MA_ZONEINFO_MARKER_ALL_UNRECLAIMABLE;
      if (z->fields & MA_ZONE_HAS_NODE_UNRECLAIMABLE)
        zi->markers |= MA_ZONEINFO_MARKER_NODE_UNRECLAIMABLE;
      if (z->fields & MA_ZONE_HAS_INACTIVE_RATIO)
        zi->markers |= MA_ZONEINFO_MARKER_INACTIVE_RATIO;
      if (z->fields & MA_ZONE_HAS_NODE_INACTIVE_RATIO)
        zi->markers |= MA_ZONEINFO_MARKER_NODE_INACTIVE_RATIO;
    }

  for (guint i = 0; i < zi->nodes->len; i++)
    {
      MaZoneinfoNode *node = &g_array_index (zi->nodes, MaZoneinfoNode, i);
      const NodeBuild *nb = &g_array_index (p->node_builds, NodeBuild, i);

      node->stats = nb->n_stats ? &g_array_index (zi->stats, MaCounter, nb->stats_off) : NULL;
      node->n_stats = nb->n_stats;
    }

  check_partial (p);
  detect_era (zi);

  g_ptr_array_add (zi->warnings, NULL);
}

static MaZoneinfo *
zoneinfo_new (void)
{
  MaZoneinfo *zi = g_new0 (MaZoneinfo, 1);

  g_atomic_ref_count_init (&zi->ref_count);
  zi->names = ma_name_pool_new ();
  zi->texts = g_string_chunk_new (256);
  zi->nodes = g_array_new (FALSE, TRUE, sizeof (MaZoneinfoNode));
  zi->zones = g_array_new (FALSE, TRUE, sizeof (MaZoneinfoZone));
  zi->counters = g_array_sized_new (FALSE, FALSE, sizeof (MaCounter), 256);
  zi->stats = g_array_sized_new (FALSE, FALSE, sizeof (MaCounter), 64);
  zi->pagesets = g_array_sized_new (FALSE, TRUE, sizeof (MaPageset), 64);
  zi->extras = g_array_new (FALSE, TRUE, sizeof (MaZoneinfoExtra));
  zi->protection = g_array_new (FALSE, FALSE, sizeof (gint64));
  zi->warnings = g_ptr_array_new_with_free_func (g_free);

  return zi;
}

MaZoneinfo *
ma_zoneinfo_parse_at (const char  *text,
                      gssize       length,
                      const char  *source_name,
                      guint        first_line,
                      GError     **error)
{
  g_autoptr(MaZoneinfo) zi = NULL;
  Parser p = { 0 };
  gsize len;
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source_name == NULL)
    source_name = "zoneinfo";
  len = length < 0 ? strlen (text) : (gsize) length;

  if (!ma_scan_check_text (text, len, source_name, error))
    return NULL;

  zi = zoneinfo_new ();
  p.zi = zi;
  p.zone_builds = g_array_new (FALSE, TRUE, sizeof (ZoneBuild));
  p.node_builds = g_array_new (FALSE, TRUE, sizeof (NodeBuild));
  p.zone = -1;
  p.pageset = -1;
  ma_line_scanner_init (&p.s, text, len, source_name);
  p.s.line_no = first_line - 1;

  while (ma_line_scanner_next (&p.s))
    {
      g_autoptr(GError) local_error = NULL;
      gboolean stop = FALSE;

      if (parse_line (&p, &stop, &local_error))
        {
          if (stop)
            break;
          continue;
        }

      /* A copy cut in the middle of its last line keeps everything before it. */
      if (ma_line_scanner_at_cut_end (&p.s) && zi->zones->len > 0)
        {
          g_autofree char *q = ma_scan_quote (p.s.line, p.s.line_end);

          ma_scan_warn (zi->warnings, &p.s,
                        _("the last line %s is cut short and was ignored"), q);
          p.cut = TRUE;
          break;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
      break;
    }

  if (ok && zi->zones->len == 0)
    {
      if (p.n_lines == 0)
        g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY, _("%s: the file is empty"),
                     source_name);
      else
        g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED,
                     _("%s: no zone found (expected “Node N, zone NAME” lines)"), source_name);
      ok = FALSE;
    }

  if (ok && p.n_unknown > MAX_UNKNOWN_LINES && p.n_unknown * 4 > p.n_lines)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s, line %u: %u of %u lines are not zoneinfo; this is not /proc/zoneinfo"),
                   source_name, p.first_unknown_line, p.n_unknown, p.n_lines);
      ok = FALSE;
    }

  if (ok)
    finalize (&p);

  g_array_unref (p.zone_builds);
  g_array_unref (p.node_builds);

  return ok ? g_steal_pointer (&zi) : NULL;
}

/**
 * ma_zoneinfo_parse:
 * @text: the file contents
 * @length: length of @text in bytes, or -1 if NUL-terminated
 * @source_name: the name used in messages (e.g. "zoneinfo" or a path)
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Parses /proc/zoneinfo text of any kernel from 2.6.13 on: every node and zone (with or without
 * memory), watermarks, counters, protection, pagesets of any number of CPUs, trailer lines, and
 * every line it does not know as a kept extra. Tolerates CRLF, tabs, trailing blanks, a missing
 * final newline, a last line cut in the middle, grep-filtered and elided (`...`) dumps: those
 * load with warnings (see ma_zoneinfo_get_warnings()) and ma_zoneinfo_is_partial().
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with @error set when the text
 *   is not zoneinfo or a value is malformed
 */
MaZoneinfo *
ma_zoneinfo_parse (const char  *text,
                   gssize       length,
                   const char  *source_name,
                   GError     **error)
{
  return ma_zoneinfo_parse_at (text, length, source_name, 1, error);
}

/**
 * ma_zoneinfo_ref:
 * @self: a #MaZoneinfo
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaZoneinfo *
ma_zoneinfo_ref (MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_zoneinfo_unref:
 * @self: (transfer full): a #MaZoneinfo
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_zoneinfo_unref (MaZoneinfo *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  ma_name_pool_free (self->names);
  g_string_chunk_free (self->texts);
  g_array_unref (self->nodes);
  g_array_unref (self->zones);
  g_array_unref (self->counters);
  g_array_unref (self->stats);
  g_array_unref (self->pagesets);
  g_array_unref (self->extras);
  g_array_unref (self->protection);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/* --- accessors ------------------------------------------------------------------------------ */

/**
 * ma_zoneinfo_get_n_nodes:
 * @self: a #MaZoneinfo
 *
 * Returns: the number of nodes, in file order
 */
guint
ma_zoneinfo_get_n_nodes (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->nodes->len;
}

/**
 * ma_zoneinfo_get_node:
 * @self: a #MaZoneinfo
 * @index: 0 … ma_zoneinfo_get_n_nodes() - 1
 *
 * Returns: (transfer none): the node at @index
 */
const MaZoneinfoNode *
ma_zoneinfo_get_node (const MaZoneinfo *self,
                      guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);
  return &g_array_index (self->nodes, MaZoneinfoNode, index);
}

/**
 * ma_zoneinfo_lookup_node:
 * @self: a #MaZoneinfo
 * @node_id: a node number
 *
 * Returns: (transfer none) (nullable): the node with that number
 */
const MaZoneinfoNode *
ma_zoneinfo_lookup_node (const MaZoneinfo *self,
                         guint             node_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->nodes->len; i++)
    if (g_array_index (self->nodes, MaZoneinfoNode, i).id == node_id)
      return &g_array_index (self->nodes, MaZoneinfoNode, i);
  return NULL;
}

/**
 * ma_zoneinfo_get_n_zones:
 * @self: a #MaZoneinfo
 *
 * Returns: the number of zones of all nodes (zones are grouped by node, in file order)
 */
guint
ma_zoneinfo_get_n_zones (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

/**
 * ma_zoneinfo_get_zone:
 * @self: a #MaZoneinfo
 * @index: 0 … ma_zoneinfo_get_n_zones() - 1
 *
 * Returns: (transfer none): the zone at @index
 */
const MaZoneinfoZone *
ma_zoneinfo_get_zone (const MaZoneinfo *self,
                      guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaZoneinfoZone, index);
}

/**
 * ma_zoneinfo_lookup_zone:
 * @self: a #MaZoneinfo
 * @node_id: a node number
 * @zone_name: a zone name as printed (`Normal`, `DMA32`, …)
 *
 * Returns: (transfer none) (nullable): the zone, if the file has it
 */
const MaZoneinfoZone *
ma_zoneinfo_lookup_zone (const MaZoneinfo *self,
                         guint             node_id,
                         const char       *zone_name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (zone_name != NULL, NULL);

  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaZoneinfoZone *z = &g_array_index (self->zones, MaZoneinfoZone, i);

      if (z->node_id == node_id && strcmp (z->name, zone_name) == 0)
        return z;
    }
  return NULL;
}

/**
 * ma_zoneinfo_get_n_cpus:
 * @self: a #MaZoneinfo
 *
 * Returns: one more than the highest CPU number of any pageset (0 without pagesets); a lower
 *   bound of the machine's CPU count (offline CPUs print no pageset)
 */
guint
ma_zoneinfo_get_n_cpus (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_cpus;
}

/**
 * ma_zoneinfo_get_era:
 * @self: a #MaZoneinfo
 *
 * Returns: the layout era, or %MA_ZONEINFO_ERA_UNKNOWN when the file does not contain enough
 *   to tell one era from its neighbours (see ma_zoneinfo_get_era_range())
 */
MaZoneinfoEra
ma_zoneinfo_get_era (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, MA_ZONEINFO_ERA_UNKNOWN);
  return self->era;
}

/**
 * ma_zoneinfo_get_era_range:
 * @self: a #MaZoneinfo
 * @oldest: (out) (optional): the oldest era compatible with the file
 * @newest: (out) (optional): the newest era compatible with the file
 *
 * Gets the eras the text is compatible with. Equal for complete files of mainline kernels.
 */
void
ma_zoneinfo_get_era_range (const MaZoneinfo *self,
                           MaZoneinfoEra    *oldest,
                           MaZoneinfoEra    *newest)
{
  g_return_if_fail (self != NULL);
  if (oldest)
    *oldest = self->era_oldest;
  if (newest)
    *newest = self->era_newest;
}

/**
 * ma_zoneinfo_get_markers:
 * @self: a #MaZoneinfo
 *
 * Returns: the layout features found, the evidence for the era
 */
MaZoneinfoMarkers
ma_zoneinfo_get_markers (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->markers;
}

/**
 * ma_zoneinfo_era_get_kernels:
 * @era: a #MaZoneinfoEra
 *
 * Returns: the kernel versions of @era, e.g. "2.6.25 – 4.7"
 */
const char *
ma_zoneinfo_era_get_kernels (MaZoneinfoEra era)
{
  static const char * const kernels[] = {
    /* Translators: the kernel versions of a zoneinfo layout that was not recognised */
    N_("unknown"), "2.6.13 – 2.6.17", "2.6.18 – 2.6.24", "2.6.25 – 4.7", "4.8 – 4.11",
    "4.12 – ≈4.15", "≈4.16 – 5.11", "5.12 – 5.15", "5.16 – 6.11", "6.12", N_("6.13 and later"),
  };

  /* the ranges are not in the catalog and come back as they are */
  if ((guint) era >= G_N_ELEMENTS (kernels))
    return _(kernels[0]);
  return _(kernels[era]);
}

/**
 * ma_zoneinfo_is_partial:
 * @self: a #MaZoneinfo
 *
 * Returns: %TRUE if the file was incomplete (filtered, elided or cut); the warnings say how
 */
gboolean
ma_zoneinfo_is_partial (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->partial;
}

/**
 * ma_zoneinfo_get_warnings:
 * @self: a #MaZoneinfo
 *
 * Returns: (transfer none) (array zero-terminated=1): human-readable warnings collected while
 *   parsing (partial dump, skipped lines, …); empty for a clean file
 */
const char * const *
ma_zoneinfo_get_warnings (const MaZoneinfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

/**
 * ma_zoneinfo_zone_is_populated:
 * @zone: a zone
 *
 * Returns: %TRUE if the zone has memory (present pages, or free pages when `present` was not
 *   in the file)
 */
gboolean
ma_zoneinfo_zone_is_populated (const MaZoneinfoZone *zone)
{
  g_return_val_if_fail (zone != NULL, FALSE);

  if (zone->fields & MA_ZONE_HAS_PRESENT)
    return zone->present > 0;
  return zone->free_pages > 0 || zone->spanned > 0 || zone->n_pagesets > 0;
}

static gboolean
counters_lookup (const MaCounter *counters,
                 guint            n,
                 const char      *name,
                 guint64         *value)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (counters[i].name, name) == 0)
      {
        if (value)
          *value = counters[i].value;
        return TRUE;
      }
  return FALSE;
}

/**
 * ma_zoneinfo_zone_get_counter:
 * @zone: a zone
 * @name: a counter name such as `nr_free_pages`
 * @value: (out) (optional): the value
 *
 * Returns: %TRUE if the zone has the counter
 */
gboolean
ma_zoneinfo_zone_get_counter (const MaZoneinfoZone *zone,
                              const char           *name,
                              guint64              *value)
{
  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return counters_lookup (zone->counters, zone->n_counters, name, value);
}

/**
 * ma_zoneinfo_zone_get_extra:
 * @zone: a zone
 * @key: a key such as `avg_age_active_anon`
 *
 * Returns: (transfer none) (nullable): the first extra line with that key
 */
const MaZoneinfoExtra *
ma_zoneinfo_zone_get_extra (const MaZoneinfoZone *zone,
                            const char           *key)
{
  g_return_val_if_fail (zone != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < zone->n_extras; i++)
    if (strcmp (zone->extras[i].key, key) == 0)
      return &zone->extras[i];
  return NULL;
}

/**
 * ma_zoneinfo_node_get_stat:
 * @node: a node
 * @name: a per-node counter name such as `nr_inactive_anon`
 * @value: (out) (optional): the value
 *
 * Returns: %TRUE if the node's `per-node stats` has the counter
 */
gboolean
ma_zoneinfo_node_get_stat (const MaZoneinfoNode *node,
                           const char           *name,
                           guint64              *value)
{
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return counters_lookup (node->stats, node->n_stats, name, value);
}

/* --- equality ------------------------------------------------------------------------------- */

static gboolean
counters_equal (const MaCounter *a,
                guint            na,
                const MaCounter *b,
                guint            nb)
{
  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (a[i].value != b[i].value || strcmp (a[i].name, b[i].name) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
zone_equal (const MaZoneinfoZone *a,
            const MaZoneinfoZone *b)
{
  if (a->node_id != b->node_id || strcmp (a->name, b->name) != 0 || a->line != b->line ||
      a->fields != b->fields || a->free_pages != b->free_pages || a->boost != b->boost ||
      a->min != b->min || a->low != b->low || a->high != b->high || a->promo != b->promo ||
      a->spanned != b->spanned || a->present != b->present || a->managed != b->managed ||
      a->cma != b->cma || a->scanned != b->scanned ||
      a->vm_stats_threshold != b->vm_stats_threshold ||
      a->all_unreclaimable != b->all_unreclaimable || a->prev_priority != b->prev_priority ||
      a->temp_priority != b->temp_priority || a->start_pfn != b->start_pfn ||
      a->node_unreclaimable != b->node_unreclaimable ||
      a->inactive_ratio != b->inactive_ratio || a->node_inactive_ratio != b->node_inactive_ratio ||
      a->n_protection != b->n_protection || a->n_pagesets != b->n_pagesets ||
      a->n_extras != b->n_extras)
    return FALSE;

  if (a->n_protection > 0 &&
      memcmp (a->protection, b->protection, a->n_protection * sizeof (gint64)) != 0)
    return FALSE;
  if (!counters_equal (a->counters, a->n_counters, b->counters, b->n_counters))
    return FALSE;
  if (a->n_pagesets > 0 &&
      memcmp (a->pagesets, b->pagesets, a->n_pagesets * sizeof (MaPageset)) != 0)
    return FALSE;
  for (guint i = 0; i < a->n_extras; i++)
    {
      const MaZoneinfoExtra *x = &a->extras[i];
      const MaZoneinfoExtra *y = &b->extras[i];

      if (strcmp (x->key, y->key) != 0 || strcmp (x->text, y->text) != 0 ||
          x->value != y->value || x->is_number != y->is_number || x->cpu != y->cpu ||
          x->line != y->line)
        return FALSE;
    }
  return TRUE;
}

/**
 * ma_zoneinfo_equal:
 * @a: a #MaZoneinfo
 * @b: another #MaZoneinfo
 *
 * Compares two parsed files field by field (names by content, not by pointer). Warnings are
 * not compared: they name the source the text was read from.
 *
 * Returns: %TRUE if they hold the same data
 */
gboolean
ma_zoneinfo_equal (const MaZoneinfo *a,
                   const MaZoneinfo *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->nodes->len != b->nodes->len || a->zones->len != b->zones->len ||
      a->markers != b->markers || a->era != b->era || a->era_oldest != b->era_oldest ||
      a->era_newest != b->era_newest || a->partial != b->partial || a->n_cpus != b->n_cpus)
    return FALSE;

  for (guint i = 0; i < a->nodes->len; i++)
    {
      const MaZoneinfoNode *x = &g_array_index (a->nodes, MaZoneinfoNode, i);
      const MaZoneinfoNode *y = &g_array_index (b->nodes, MaZoneinfoNode, i);

      if (x->id != y->id || x->n_zones != y->n_zones ||
          !counters_equal (x->stats, x->n_stats, y->stats, y->n_stats))
        return FALSE;
    }
  for (guint i = 0; i < a->zones->len; i++)
    if (!zone_equal (&g_array_index (a->zones, MaZoneinfoZone, i),
                     &g_array_index (b->zones, MaZoneinfoZone, i)))
      return FALSE;

  return TRUE;
}
