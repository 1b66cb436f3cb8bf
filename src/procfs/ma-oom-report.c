/* ma-oom-report.c: Mem-Info blocks in kernel logs
 *
 * A Mem-Info block comes from show_mem() (mm/show_mem.c, earlier mm/page_alloc.c) after an
 * OOM kill or an allocation failure. It is read from whatever log it landed in, so each line is
 * first stripped of the log's prefixes (syslog/journal "… kernel: ", dmesg "[ 1234.567]",
 * "[  +0.000004]", "[Jul25 00:42]", printk caller "[ T123]", "<4>", mail quoting "> ") and then
 * recognised by its shape:
 *
 *   TASK invoked oom-killer: gfp_mask=0x…(FLAGS), nodemask=…, order=N, oom_score_adj=N
 *   TASK: page allocation failure: order:N, mode:0x…(FLAGS), …
 *   Mem-Info:
 *   active_anon:N inactive_anon:N …                  global counters, in pages, may wrap lines
 *   Node N active_anon:NkB … all_unreclaimable? no   per node (≥ 4.8)
 *   [Node N ]ZONE free:NkB boost:NkB min:NkB …        per zone ("Node N" only on NUMA kernels)
 *   lowmem_reserve[]: a b c                           (RHEL 7: at the end of the zone line)
 *   [Node N ]ZONE: 12*4kB (UME) 3*8kB (M) … = NkB     free blocks per order, migratetype letters
 *   N total pagecache pages / N pages RAM / Free swap  = NkB …
 *
 * Damaged text (mail wrapping, quoted-printable) costs a warning and the damaged field, not the
 * report; numbers too large to be real are errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-oom-report"

#include "config.h"

#include "ma-procfs-private.h"

#include <stdarg.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-line-scanner.h"
#include "ma-oom-report.h"

#define MAX_ORDERS 32
#define MAX_RESERVE 64

typedef struct
{
  guint32  node_id;
  gboolean node_printed;
  const char *name;
  guint32  line;
  GArray  *fields;        /* MaKeyValue */
  gint     all_unreclaimable;
  GArray  *reserve;       /* gint64 */
  guint32  orders_line;
  guint    n_orders;
  guint64  counts[MAX_ORDERS];
  guint64  kb[MAX_ORDERS];
  const char *types[MAX_ORDERS];
  guint64  total_kb;
} ZoneBuild;

struct _MaOomReport
{
  gatomicrefcount  ref_count;
  MaNamePool      *names;
  GStringChunk    *texts;
  GPtrArray       *allocs;      /* memory owned by the report */
  MaOomReportKind  kind;
  guint            line;
  const char      *task;
  const char      *invocation;
  gboolean         has_gfp_mask;
  guint64          gfp_mask;
  const char      *gfp_flags;
  int              order;
  gboolean         has_adj;
  int              adj;
  guint            page_size;
  gboolean         has_mem_info;
  GArray          *counters;    /* MaKeyValue */
  GArray          *summary;     /* MaKeyValue */
  GArray          *nodes;       /* MaOomNode */
  GArray          *zones;       /* MaOomZone, filled at the end */
  GPtrArray       *builds;      /* ZoneBuild *, while parsing */
  GPtrArray       *warnings;    /* NULL-terminated at the end */
};

G_DEFINE_BOXED_TYPE (MaOomReport, ma_oom_report, ma_oom_report_ref, ma_oom_report_unref)

static void
zone_build_free (gpointer data)
{
  ZoneBuild *b = data;

  g_array_unref (b->fields);
  g_array_unref (b->reserve);
  g_free (b);
}

static MaOomReport *
report_new (MaOomReportKind kind,
            guint           line)
{
  MaOomReport *r = g_new0 (MaOomReport, 1);

  g_atomic_ref_count_init (&r->ref_count);
  r->names = ma_name_pool_new ();
  r->texts = g_string_chunk_new (256);
  r->allocs = g_ptr_array_new_with_free_func (g_free);
  r->kind = kind;
  r->line = line;
  r->order = -1;
  r->counters = g_array_new (FALSE, TRUE, sizeof (MaKeyValue));
  r->summary = g_array_new (FALSE, TRUE, sizeof (MaKeyValue));
  r->nodes = g_array_new (FALSE, TRUE, sizeof (MaOomNode));
  r->zones = g_array_new (FALSE, TRUE, sizeof (MaOomZone));
  r->builds = g_ptr_array_new_with_free_func (zone_build_free);
  r->warnings = g_ptr_array_new_with_free_func (g_free);
  return r;
}

/**
 * ma_oom_report_ref:
 * @self: a #MaOomReport
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaOomReport *
ma_oom_report_ref (MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_oom_report_unref:
 * @self: (transfer full): a #MaOomReport
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_oom_report_unref (MaOomReport *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  ma_name_pool_free (self->names);
  g_string_chunk_free (self->texts);
  g_ptr_array_unref (self->allocs);
  g_array_unref (self->counters);
  g_array_unref (self->summary);
  g_array_unref (self->nodes);
  g_array_unref (self->zones);
  g_clear_pointer (&self->builds, g_ptr_array_unref);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/* --- line prefixes and tokens --------------------------------------------------------------- */

static const char *
find_in_line (const char *p,
              const char *end,
              const char *needle)
{
  gsize n = strlen (needle);

  for (; p + n <= end; p++)
    if (*p == needle[0] && memcmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* Strips what logs put in front of a kernel message. The message itself may start with blanks
 * (continuation lines of the global counters), which are kept. */
static const char *
strip_prefix (const char *p,
              const char *end)
{
  const char *k;

  /* mail quoting: "> ", ">>>>> " */
  while (p < end && (*p == '>' || (ma_is_blank (*p) && p + 1 < end && p[1] == '>')))
    p++;

  /* syslog / journalctl: "Jan 02 12:00:00 host kernel: " */
  k = find_in_line (p, MIN (end, p + 120), "kernel: ");
  if (k != NULL)
    p = k + 8;

  for (int i = 0; i < 3; i++)
    {
      const char *q = ma_skip_blanks (p, end);
      const char *close;

      if (q < end && *q == '<' && q + 2 < end && ma_is_digit (q[1]) && q[2] == '>')
        {
          p = q + 3;
          continue;
        }
      if (q >= end || *q != '[' || q + 1 >= end || q[1] == '<')
        break;
      close = memchr (q, ']', (gsize) (MIN (end, q + 48) - q));
      if (close == NULL || (close - q > 4 && memcmp (q, "[ pid", 5) == 0))
        break;
      /* timestamps and caller ids: digits, blanks, '.', ':', '+', letters of dates, "T"/"C" */
      p = close + 1;
      if (p < end && *p == ' ')
        p++;
    }
  return p;
}

/* Tokens are separated by blanks and by rsyslog's "#012" (an escaped newline). */
static const char *
next_token (const char  *p,
            const char  *end,
            const char **tok_end)
{
  const char *t;

  for (;;)
    {
      p = ma_skip_blanks (p, end);
      if (end - p >= 4 && memcmp (p, "#012", 4) == 0)
        p += 4;
      else
        break;
    }
  t = p;
  while (t < end && !ma_is_blank (*t))
    {
      if (end - t >= 4 && memcmp (t, "#012", 4) == 0)
        break;
      t++;
    }
  *tok_end = t;
  return p;
}

static gboolean
is_zone_name (const char *p,
              const char *end)
{
  if (p >= end || end - p > 16 || !g_ascii_isupper (*p))
    return FALSE;
  for (; p < end; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* --- field lists ---------------------------------------------------------------------------- */

typedef struct
{
  MaOomReport   *r;
  MaLineScanner  s;
} Parser;

static void
warn (Parser     *p,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (Parser     *p,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  ma_scan_warn (p->r->warnings, &p->s, "%s", msg);
}

/* Parses "key:value[unit]" tokens (and "key: value", "all_unreclaimable? yes") into @fields
 * until the end of the line or "lowmem_reserve[]:". Returns the position after the list, or
 * NULL on a number too large to be real. */
static const char *
parse_fields (Parser      *p,
              const char  *q,
              GArray      *fields,
              gint        *all_unreclaimable,
              gboolean     units_expected,
              GError     **error)
{
  const char *end = p->s.line_end;

  for (;;)
    {
      const char *t_end;
      const char *t = next_token (q, end, &t_end);
      const char *colon;
      const char *v;
      const char *v_end;
      MaKeyValue kv = { 0 };
      MaNumberStatus st;

      if (t >= end)
        return t;
      if (t_end - t >= 17 && memcmp (t, "lowmem_reserve[]:", 17) == 0)
        return t;
      if (t_end - t >= 18 && memcmp (t, "all_unreclaimable?", 18) == 0)
        {
          const char *a_end;
          const char *a = next_token (t_end, end, &a_end);

          if (all_unreclaimable != NULL)
            *all_unreclaimable = MA_WORD_IS (a, a_end, "yes") ? 1
                                 : MA_WORD_IS (a, a_end, "no") ? 0
                                 : -1;
          q = a_end;
          continue;
        }

      colon = memchr (t, ':', (gsize) (t_end - t));
      if (colon == NULL || colon == t)
        {
          g_autofree char *quoted = ma_scan_quote (t, t_end);
          warn (p, _("unexpected %s in a list of “name:value” fields, skipped"), quoted);
          q = t_end;
          continue;
        }
      v = colon + 1;
      v_end = t_end;
      if (v == t_end)
        v = next_token (t_end, end, &v_end);      /* "shmem_thp: 0kB" */

      {
        const char *num = v;
        st = ma_parse_u64 (&v, v_end, &kv.value);
        if (st == MA_NUMBER_OVERFLOW)
          {
            char what[64];

            g_snprintf (what, sizeof what, "%.*s", (int) MIN (colon - t, 60), t);
            ma_scan_set_number_error (error, &p->s, st, what, num, v_end);
            return NULL;
          }
      }
      {
        /* a unit is letters only ("kB", "KB"); "19092kB=20" is mail damage */
        const char *u = v;

        while (u < v_end && g_ascii_isalpha (*u))
          u++;
        if (u != v_end)
          st = MA_NUMBER_MISSING;
      }
      if (st != MA_NUMBER_OK)
        {
          g_autofree char *quoted = ma_scan_quote (t, v_end);
          warn (p, _("field %s has no number, skipped"), quoted);
          q = v_end;
          continue;
        }
      if (v < v_end)
        kv.unit = ma_name_pool_intern (p->r->names, v, v_end - v);
      (void) units_expected;
      kv.name = ma_name_pool_intern (p->r->names, t, colon - t);
      kv.line = p->s.line_no;
      g_array_append_val (fields, kv);
      q = v_end;
    }
}

static gboolean
parse_reserve (Parser     *p,
               const char *q,
               GArray     *reserve,
               GError    **error)
{
  const char *end = p->s.line_end;

  q += 17;                                           /* "lowmem_reserve[]:" */
  g_array_set_size (reserve, 0);
  for (;;)
    {
      const char *t_end;
      const char *t = next_token (q, end, &t_end);
      gint64 v;
      MaNumberStatus st;
      const char *num = t;

      if (t >= end)
        break;
      st = ma_parse_i64 (&t, t_end, &v);
      if (st == MA_NUMBER_OVERFLOW)
        {
          ma_scan_set_number_error (error, &p->s, st, "lowmem_reserve[]:", num, end);
          return FALSE;
        }
      if (st != MA_NUMBER_OK || t != t_end || reserve->len >= MAX_RESERVE)
        {
          g_autofree char *quoted = ma_scan_quote (num, t_end);
          warn (p, _("unexpected %s in “lowmem_reserve[]”, the rest of the line was skipped"),
                quoted);
          break;
        }
      g_array_append_val (reserve, v);
      q = t_end;
    }
  return TRUE;
}

/* --- zones ---------------------------------------------------------------------------------- */

static ZoneBuild *
find_zone (MaOomReport *r,
           guint32      node_id,
           const char  *name,
           const char  *name_end)
{
  gsize len = (gsize) (name_end - name);

  for (guint i = 0; i < r->builds->len; i++)
    {
      ZoneBuild *b = r->builds->pdata[i];
      if (b->node_id == node_id && strlen (b->name) == len && memcmp (b->name, name, len) == 0)
        return b;
    }
  return NULL;
}

static ZoneBuild *
add_zone (Parser     *p,
          guint32     node_id,
          gboolean    node_printed,
          const char *name,
          const char *name_end)
{
  ZoneBuild *b = g_new0 (ZoneBuild, 1);

  b->node_id = node_id;
  b->node_printed = node_printed;
  b->name = ma_name_pool_intern (p->r->names, name, name_end - name);
  b->fields = g_array_new (FALSE, TRUE, sizeof (MaKeyValue));
  b->reserve = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->all_unreclaimable = -1;
  g_ptr_array_add (p->r->builds, b);
  return b;
}

/* "ZONE free:NkB …" (after the optional "Node N ") */
static gboolean
parse_zone_line (Parser     *p,
                 guint32     node_id,
                 gboolean    node_printed,
                 const char *name,
                 const char *name_end,
                 GError    **error)
{
  ZoneBuild *b = find_zone (p->r, node_id, name, name_end);
  const char *rest;

  if (b != NULL && b->line != 0)
    {
      warn (p, _("zone %s of node %u appears twice in the same Mem-Info block; the second line "
              "was ignored"), b->name, node_id);
      return TRUE;
    }
  if (b == NULL)
    b = add_zone (p, node_id, node_printed, name, name_end);
  b->line = p->s.line_no;

  rest = parse_fields (p, name_end, b->fields, &b->all_unreclaimable, TRUE, error);
  if (rest == NULL)
    return FALSE;
  if (rest < p->s.line_end)
    return parse_reserve (p, rest, b->reserve, error);
  return TRUE;
}

/* "ZONE: 12*4kB (UME) 3*8kB (M) … = NkB" */
static gboolean
parse_orders_line (Parser     *p,
                   guint32     node_id,
                   gboolean    node_printed,
                   const char *name,
                   const char *name_end,
                   const char *q,
                   GError    **error)
{
  const char *end = p->s.line_end;
  ZoneBuild *b = find_zone (p->r, node_id, name, name_end);
  guint n = 0;
  guint64 counts[MAX_ORDERS];
  guint64 kb[MAX_ORDERS];
  const char *types[MAX_ORDERS];
  guint64 sum = 0;
  guint64 total = 0;
  gboolean have_total = FALSE;

  for (;;)
    {
      const char *t_end;
      const char *t = next_token (q, end, &t_end);
      const char *sep;
      const char *num;
      MaNumberStatus st;

      if (t >= end)
        break;
      q = t_end;

      if (*t == '(' && t_end[-1] == ')' && n > 0)
        {
          types[n - 1] = ma_name_pool_intern (p->r->names, t + 1, t_end - t - 2);
          continue;
        }
      if (*t == '=')
        {
          const char *v_end = t_end;
          const char *v = t + 1;

          /* "= NkB", "=NkB", or quoted-printable "=3D NkB" */
          if (v == t_end || (t_end - t == 3 && memcmp (t, "=3D", 3) == 0))
            v = next_token (t_end, end, &v_end);
          num = v;
          st = ma_parse_u64 (&v, v_end, &total);
          if (st == MA_NUMBER_OVERFLOW)
            {
              ma_scan_set_number_error (error, &p->s, st, "=", num, end);
              return FALSE;
            }
          have_total = st == MA_NUMBER_OK;
          break;
        }

      /* "12*4kB"; GitHub markdown turns '*' into '_' when it eats the emphasis */
      sep = t;
      while (sep < t_end && *sep != '*' && *sep != '_')
        sep++;
      num = t;
      if (sep >= t_end || n >= MAX_ORDERS)
        {
          g_autofree char *quoted = ma_scan_quote (t, t_end);
          warn (p, _("unexpected %s in the free blocks of zone %.*s, the rest of the line was "
                  "skipped"), quoted, (int) (name_end - name), name);
          break;
        }
      st = ma_parse_u64 (&num, sep, &counts[n]);
      if (st == MA_NUMBER_OK && num == sep)
        {
          const char *sz = sep + 1;
          st = ma_parse_u64 (&sz, t_end, &kb[n]);
          if (st == MA_NUMBER_OK && (t_end - sz != 2 || g_ascii_strncasecmp (sz, "kB", 2) != 0))
            st = MA_NUMBER_MISSING;
        }
      else if (st == MA_NUMBER_OK)
        st = MA_NUMBER_MISSING;
      if (st != MA_NUMBER_OK)
        {
          if (st == MA_NUMBER_OVERFLOW)
            {
              /* Translators: completes “the number after “%s” is too large to be real: %s” */
              ma_scan_set_number_error (error, &p->s, st, _("free blocks"), t, t_end);
              return FALSE;
            }
          {
            g_autofree char *quoted = ma_scan_quote (t, t_end);
            warn (p, _("unexpected %s in the free blocks of zone %.*s, the rest of the line was "
                    "skipped"), quoted, (int) (name_end - name), name);
          }
          break;
        }
      if (kb[n] != 0 && counts[n] > G_MAXUINT64 / kb[n])
        {
          ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_RANGE,
                             _("%" PRIu64 " free blocks of %" PRIu64
                               " kB are too many to be real"), counts[n], kb[n]);
          return FALSE;
        }
      if (sum > G_MAXUINT64 - counts[n] * kb[n])
        {
          ma_scan_set_error (error, &p->s, MA_PROCFS_ERROR_RANGE,
                             _("the free blocks add up to more than 2^64 kB"));
          return FALSE;
        }
      sum += counts[n] * kb[n];
      types[n] = "";
      n++;
    }

  if (n == 0)
    return TRUE;

  for (guint k = 1; k < n; k++)
    if (kb[k] != kb[0] << k)
      {
        warn (p, _("the block sizes of zone %.*s do not double from order to order"),
              (int) (name_end - name), name);
        break;
      }
  if (have_total && total != sum)
    warn (p, _("the free blocks of zone %.*s add up to %" PRIu64 " kB, the line says %"
            PRIu64 " kB"), (int) (name_end - name), name, sum, total);

  if (b == NULL)
    b = add_zone (p, node_id, node_printed, name, name_end);
  if (b->orders_line != 0)
    {
      warn (p, _("a second free-block line for zone %s was ignored"), b->name);
      return TRUE;
    }
  b->orders_line = p->s.line_no;
  b->n_orders = n;
  memcpy (b->counts, counts, n * sizeof (guint64));
  memcpy (b->kb, kb, n * sizeof (guint64));
  memcpy (b->types, types, n * sizeof (const char *));
  b->total_kb = have_total ? total : sum;
  /* A Linux page is a power of two from 4 KiB; anything else says nothing about the page size
   * (and a snapshot saved with it would not load back). */
  if (p->r->page_size == 0 && kb[0] > 0)
    {
      if (kb[0] >= 4 && kb[0] <= 1024 * 1024 && (kb[0] & (kb[0] - 1)) == 0)
        p->r->page_size = (guint) (kb[0] * 1024);
      else
        warn (p, _("the order-0 blocks of zone %.*s are %" PRIu64 " kB, which is no page "
                "size: the page size is not taken from them"), (int) (name_end - name), name, kb[0]);
    }
  return TRUE;
}

/* --- invoking lines ------------------------------------------------------------------------- */

static void
set_invocation (Parser     *p,
                const char *c,
                const char *task_end,
                const char *items)
{
  MaOomReport *r = p->r;
  const char *end = p->s.line_end;
  const char *t = c;

  while (task_end > t && ma_is_blank (task_end[-1]))
    task_end--;
  r->task = g_string_chunk_insert_len (r->texts, t, task_end - t);
  r->invocation = g_string_chunk_insert_len (r->texts, c, end - c);

  /* "gfp_mask=0x…(FLAGS), order=N" or "order:N, mode:0x…(FLAGS)" */
  for (const char *q = items; q < end;)
    {
      const char *k = ma_skip_blanks (q, end);
      const char *k_end = k;
      const char *v;
      const char *item_end;
      int depth = 0;

      while (k_end < end && *k_end != '=' && *k_end != ':' && *k_end != ',')
        k_end++;
      item_end = k_end;
      while (item_end < end && (depth > 0 || *item_end != ','))
        {
          if (*item_end == '(')
            depth++;
          else if (*item_end == ')' && depth > 0)
            depth--;
          item_end++;
        }
      q = item_end < end ? item_end + 1 : end;
      if (k_end >= item_end)
        continue;
      v = k_end + 1;

      if (MA_WORD_IS (k, k_end, "gfp_mask") || MA_WORD_IS (k, k_end, "mode"))
        {
          const char *h = v;
          guint64 mask = 0;
          gboolean ok = FALSE;

          if (item_end - h > 2 && h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
            {
              h += 2;
              ok = TRUE;
              for (; h < item_end && g_ascii_isxdigit (*h); h++)
                {
                  if (mask >> 60)
                    {
                      ok = FALSE;
                      break;
                    }
                  mask = (mask << 4) | (guint64) g_ascii_xdigit_value (*h);
                }
            }
          if (ok)
            {
              r->has_gfp_mask = TRUE;
              r->gfp_mask = mask;
              if (h < item_end && *h == '(')
                {
                  const char *f_end = memchr (h, ')', (gsize) (item_end - h));
                  if (f_end != NULL)
                    r->gfp_flags = g_string_chunk_insert_len (r->texts, h + 1, f_end - h - 1);
                }
            }
        }
      else if (MA_WORD_IS (k, k_end, "order"))
        {
          guint64 o;
          const char *n = v;

          if (ma_parse_u64 (&n, item_end, &o) == MA_NUMBER_OK && o < 64)
            r->order = (int) o;
        }
      else if (MA_WORD_IS (k, k_end, "oom_score_adj"))
        {
          gint64 a;
          const char *n = v;

          if (ma_parse_i64 (&n, item_end, &a) == MA_NUMBER_OK && a >= G_MININT && a <= G_MAXINT)
            {
              r->has_adj = TRUE;
              r->adj = (int) a;
            }
        }
    }
}

/* --- driver --------------------------------------------------------------------------------- */

static gboolean
parse_node_prefix (const char  *c,
                   const char  *end,
                   guint32     *node_id,
                   const char **rest)
{
  const char *w_end = ma_word_end (c, end);
  const char *q;
  guint64 v;

  if (!MA_WORD_IS (c, w_end, "Node") || w_end >= end || !ma_is_blank (*w_end))
    return FALSE;
  q = ma_skip_blanks (w_end, end);
  if (ma_parse_u64 (&q, end, &v) != MA_NUMBER_OK || v > G_MAXUINT32 || q >= end ||
      !ma_is_blank (*q))
    return FALSE;
  *node_id = (guint32) v;
  *rest = ma_skip_blanks (q, end);
  return TRUE;
}

static gboolean
looks_like_block_count (const char *t,
                        const char *t_end)
{
  if (t >= t_end || !ma_is_digit (*t))
    return FALSE;
  while (t < t_end && ma_is_digit (*t))
    t++;
  return t < t_end && (*t == '*' || *t == '_');
}

/* Returns TRUE if the line was a zone, order or node line (handled), FALSE otherwise. */
static gboolean
parse_zone_lines (Parser     *p,
                  const char *c,
                  gboolean   *handled,
                  GError    **error)
{
  const char *end = p->s.line_end;
  guint32 node_id = 0;
  gboolean node_printed;
  const char *q = c;
  const char *t1_end;
  const char *t1;
  const char *t2_end;
  const char *t2;

  *handled = FALSE;
  node_printed = parse_node_prefix (c, end, &node_id, &q);
  t1 = next_token (q, end, &t1_end);
  if (t1 >= end)
    return TRUE;
  t2 = next_token (t1_end, end, &t2_end);

  /* "Node N active_anon:…kB …" */
  if (node_printed && t1_end[-1] != ':' && memchr (t1, ':', (gsize) (t1_end - t1)) != NULL &&
      !g_ascii_isupper (*t1))
    {
      MaOomNode node = { 0 };
      GArray *fields = g_array_new (FALSE, TRUE, sizeof (MaKeyValue));

      node.node_id = node_id;
      node.line = p->s.line_no;
      node.all_unreclaimable = -1;
      if (parse_fields (p, t1, fields, &node.all_unreclaimable, TRUE, error) == NULL)
        {
          g_array_unref (fields);
          return FALSE;
        }
      node.n_fields = fields->len;
      node.fields = (const MaKeyValue *) g_array_free (fields, FALSE);
      g_ptr_array_add (p->r->allocs, (gpointer) node.fields);
      g_array_append_val (p->r->nodes, node);
      *handled = TRUE;
      return TRUE;
    }

  /* "ZONE: 12*4kB …" */
  if (t1_end[-1] == ':' && is_zone_name (t1, t1_end - 1) && looks_like_block_count (t2, t2_end))
    {
      *handled = TRUE;
      return parse_orders_line (p, node_id, node_printed, t1, t1_end - 1, t1_end, error);
    }

  /* "ZONE free:NkB …" */
  if (is_zone_name (t1, t1_end) && t2_end - t2 > 5 && memcmp (t2, "free:", 5) == 0)
    {
      *handled = TRUE;
      return parse_zone_line (p, node_id, node_printed, t1, t1_end, error);
    }

  return TRUE;
}

static void
parse_summary (Parser     *p,
               const char *c)
{
  const char *end = p->s.line_end;
  const char *q = c;
  MaKeyValue kv = { 0 };

  if (ma_is_digit (*c))
    {
      /* "N total pagecache pages", "N pages RAM", "N pages reserved" … */
      if (ma_parse_u64 (&q, end, &kv.value) != MA_NUMBER_OK || q >= end || !ma_is_blank (*q))
        return;
      q = ma_skip_blanks (q, end);
      if (!(end - q >= 6 && memcmp (q, "pages ", 6) == 0) &&
          !(end - q >= 21 && memcmp (q, "total pagecache pages", 21) == 0))
        return;
      kv.name = ma_name_pool_intern (p->r->names, q, end - q);
    }
  else
    {
      /* "Free swap  = NkB", "Total swap = NkB" */
      const char *eq = memchr (c, '=', (gsize) (end - c));
      const char *name_end;

      if (eq == NULL || !((end - c >= 9 && memcmp (c, "Free swap", 9) == 0) ||
                          (end - c >= 10 && memcmp (c, "Total swap", 10) == 0)))
        return;
      name_end = eq;
      while (name_end > c && ma_is_blank (name_end[-1]))
        name_end--;
      q = ma_skip_blanks (eq + 1, end);
      if (ma_parse_u64 (&q, end, &kv.value) != MA_NUMBER_OK)
        return;
      if (q < end)
        kv.unit = ma_name_pool_intern (p->r->names, q, ma_token_end (q, end) - q);
      kv.name = ma_name_pool_intern (p->r->names, c, name_end - c);
    }
  kv.line = p->s.line_no;
  g_array_append_val (p->r->summary, kv);
}

static gboolean
is_counter_line (const char *c,
                 const char *end)
{
  const char *t_end;
  const char *t = next_token (c, end, &t_end);
  const char *colon = memchr (t, ':', (gsize) (t_end - t));

  return colon != NULL && colon > t && g_ascii_islower (*t) && colon + 1 < t_end &&
         ma_is_digit (colon[1]) && !g_ascii_isalpha (t_end[-1]);
}

static void
finish_report (MaOomReport *r)
{
  for (guint i = 0; i < r->builds->len; i++)
    {
      ZoneBuild *b = r->builds->pdata[i];
      MaOomZone z = { 0 };

      z.node_id = b->node_id;
      z.node_printed = b->node_printed;
      z.name = b->name;
      z.line = b->line;
      z.all_unreclaimable = b->all_unreclaimable;
      z.n_fields = b->fields->len;
      z.fields = g_memdup2 (b->fields->data, b->fields->len * sizeof (MaKeyValue));
      g_ptr_array_add (r->allocs, (gpointer) z.fields);
      z.n_lowmem_reserve = b->reserve->len;
      z.lowmem_reserve = g_memdup2 (b->reserve->data, b->reserve->len * sizeof (gint64));
      g_ptr_array_add (r->allocs, (gpointer) z.lowmem_reserve);
      z.orders_line = b->orders_line;
      z.n_orders = b->n_orders;
      z.order_counts = g_memdup2 (b->counts, b->n_orders * sizeof (guint64));
      g_ptr_array_add (r->allocs, (gpointer) z.order_counts);
      z.order_kb = g_memdup2 (b->kb, b->n_orders * sizeof (guint64));
      g_ptr_array_add (r->allocs, (gpointer) z.order_kb);
      z.order_types = g_memdup2 (b->types, b->n_orders * sizeof (const char *));
      g_ptr_array_add (r->allocs, (gpointer) z.order_types);
      z.order_total_kb = b->total_kb;
      g_array_append_val (r->zones, z);
    }
  g_clear_pointer (&r->builds, g_ptr_array_unref);
  g_ptr_array_add (r->warnings, NULL);
}

GPtrArray *
ma_oom_report_parse_all_at (const char  *text,
                            gssize       length,
                            const char  *source_name,
                            guint        first_line,
                            GError     **error)
{
  g_autoptr(GPtrArray) reports =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ma_oom_report_unref);
  g_autoptr(GPtrArray) complete = NULL;
  Parser p = { 0 };
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source_name == NULL)
    /* Translators: names a kernel log in messages, where a file name would stand */
    source_name = _("kernel log");
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!ma_scan_check_text (text, len, source_name, error))
    return NULL;

  ma_line_scanner_init (&p.s, text, len, source_name);
  p.s.line_no = first_line - 1;
  while (ma_line_scanner_next (&p.s))
    {
      const char *end = p.s.line_end;
      const char *c = ma_skip_blanks (strip_prefix (p.s.line, end), end);
      const char *hit;
      gboolean handled;

      if (c >= end)
        continue;

      if ((hit = find_in_line (c, end, " invoked oom-killer:")) != NULL)
        {
          p.r = report_new (MA_OOM_REPORT_OOM_KILLER, p.s.line_no);
          g_ptr_array_add (reports, p.r);
          set_invocation (&p, c, hit, hit + 20);
          continue;
        }
      if ((hit = find_in_line (c, end, "page allocation failure")) != NULL &&
          hit + 23 < end && (hit[23] == ':' || hit[23] == '.'))
        {
          const char *task_end = hit;

          if (task_end > c && task_end[-1] == ' ')
            task_end--;
          if (task_end > c && task_end[-1] == ':')
            task_end--;
          p.r = report_new (MA_OOM_REPORT_ALLOCATION_FAILURE, p.s.line_no);
          g_ptr_array_add (reports, p.r);
          set_invocation (&p, c, task_end, hit + 24);
          continue;
        }
      if (end - c >= 9 && memcmp (c, "Mem-Info:", 9) == 0)
        {
          if (p.r == NULL || p.r->has_mem_info || p.r->builds->len > 0)
            {
              p.r = report_new (MA_OOM_REPORT_MEM_INFO_ONLY, p.s.line_no);
              g_ptr_array_add (reports, p.r);
            }
          p.r->has_mem_info = TRUE;
          continue;
        }
      if (p.r == NULL)
        {
          /* A zone line without "Mem-Info:" (a partial paste) still starts a report. */
          if (!(end - c >= 5 && (memcmp (c, "Node ", 5) == 0 || g_ascii_isupper (*c))))
            continue;
          p.r = report_new (MA_OOM_REPORT_MEM_INFO_ONLY, p.s.line_no);
          if (!parse_zone_lines (&p, c, &handled, error))
            {
              ma_oom_report_unref (p.r);
              return NULL;
            }
          if (!handled)
            {
              g_clear_pointer (&p.r, ma_oom_report_unref);
              continue;
            }
          p.r->has_mem_info = TRUE;
          g_ptr_array_add (reports, p.r);
          continue;
        }

      if (end - c >= 17 && memcmp (c, "lowmem_reserve[]:", 17) == 0)
        {
          if (p.r->builds->len > 0)
            {
              ZoneBuild *b = p.r->builds->pdata[p.r->builds->len - 1];
              if (!parse_reserve (&p, c, b->reserve, error))
                return NULL;
            }
          continue;
        }

      if (!parse_zone_lines (&p, c, &handled, error))
        return NULL;
      if (handled)
        continue;

      if (p.r->has_mem_info && p.r->builds->len == 0 && p.r->nodes->len == 0 &&
          is_counter_line (c, end))
        {
          if (parse_fields (&p, c, p.r->counters, NULL, FALSE, error) == NULL)
            return NULL;
          continue;
        }

      if (p.r->builds->len > 0)
        parse_summary (&p, c);
    }

  complete = g_ptr_array_new_with_free_func ((GDestroyNotify) ma_oom_report_unref);
  for (guint i = 0; i < reports->len; i++)
    {
      MaOomReport *r = reports->pdata[i];

      if (r->builds->len == 0)
        continue;                     /* e.g. a memcg OOM: no zones, nothing to show */
      finish_report (r);
      g_ptr_array_add (complete, ma_oom_report_ref (r));
    }

  if (complete->len == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: no OOM report found (expected a “Mem-Info:” block with zone lines such "
                     "as “Node 0 Normal free:…kB min:…kB …”)"), source_name);
      return NULL;
    }

  return g_steal_pointer (&complete);
}

/**
 * ma_oom_report_parse_all:
 * @text: a kernel log (dmesg, journalctl, syslog, a pasted mail)
 * @length: length of @text, or -1 if NUL-terminated
 * @source_name: the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Finds every Mem-Info block (after an OOM kill or an allocation failure) in a log.
 *
 * Returns: (transfer full) (element-type MaOomReport) (nullable): the reports in log order, or
 *   %NULL with @error set if there is none or a number is too large to be real
 */
GPtrArray *
ma_oom_report_parse_all (const char  *text,
                         gssize       length,
                         const char  *source_name,
                         GError     **error)
{
  return ma_oom_report_parse_all_at (text, length, source_name, 1, error);
}

/* --- accessors ------------------------------------------------------------------------------ */

/**
 * ma_oom_report_get_kind:
 * @self: a #MaOomReport
 *
 * Returns: what printed the block
 */
MaOomReportKind
ma_oom_report_get_kind (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, MA_OOM_REPORT_MEM_INFO_ONLY);
  return self->kind;
}

/**
 * ma_oom_report_get_line:
 * @self: a #MaOomReport
 *
 * Returns: the line where the report starts (its invoking line or "Mem-Info:")
 */
guint
ma_oom_report_get_line (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->line;
}

/**
 * ma_oom_report_get_task:
 * @self: a #MaOomReport
 *
 * Returns: (nullable): the task that invoked the OOM killer or failed to allocate
 */
const char *
ma_oom_report_get_task (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->task;
}

/**
 * ma_oom_report_get_gfp_mask:
 * @self: a #MaOomReport
 * @mask: (out) (optional): the gfp mask
 *
 * Returns: %TRUE if the invoking line had a `gfp_mask=` / `mode:`
 */
gboolean
ma_oom_report_get_gfp_mask (const MaOomReport *self,
                            guint64           *mask)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (mask)
    *mask = self->gfp_mask;
  return self->has_gfp_mask;
}

/**
 * ma_oom_report_get_gfp_flags:
 * @self: a #MaOomReport
 *
 * Returns: (nullable): the decoded flags printed in parentheses (`GFP_HIGHUSER_MOVABLE|__GFP_ZERO`)
 */
const char *
ma_oom_report_get_gfp_flags (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->gfp_flags;
}

/**
 * ma_oom_report_get_order:
 * @self: a #MaOomReport
 *
 * Returns: the allocation order, or -1 if unknown
 */
int
ma_oom_report_get_order (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->order;
}

/**
 * ma_oom_report_get_oom_score_adj:
 * @self: a #MaOomReport
 * @adj: (out) (optional): the value
 *
 * Returns: %TRUE if the invoking line had `oom_score_adj=`
 */
gboolean
ma_oom_report_get_oom_score_adj (const MaOomReport *self,
                                 int               *adj)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (adj)
    *adj = self->adj;
  return self->has_adj;
}

/**
 * ma_oom_report_get_invocation:
 * @self: a #MaOomReport
 *
 * Returns: (nullable): the invoking line without its log prefix
 */
const char *
ma_oom_report_get_invocation (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->invocation;
}

/**
 * ma_oom_report_get_page_size:
 * @self: a #MaOomReport
 *
 * Returns: the page size in bytes implied by the order-0 block size (`4kB` → 4096), or 0
 */
guint
ma_oom_report_get_page_size (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->page_size;
}

/**
 * ma_oom_report_get_n_counters:
 * @self: a #MaOomReport
 *
 * Returns: the number of global counters (`active_anon:N …` after "Mem-Info:", in pages)
 */
guint
ma_oom_report_get_n_counters (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->counters->len;
}

/**
 * ma_oom_report_get_counters:
 * @self: a #MaOomReport
 *
 * Returns: (transfer none) (array): the global counters in log order
 */
const MaKeyValue *
ma_oom_report_get_counters (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const MaKeyValue *) self->counters->data;
}

/**
 * ma_oom_report_get_counter:
 * @self: a #MaOomReport
 * @name: a counter name (`free`, `active_anon`, …)
 * @value: (out) (optional): its value in pages
 *
 * Returns: %TRUE if the report has the counter
 */
gboolean
ma_oom_report_get_counter (const MaOomReport *self,
                           const char        *name,
                           guint64           *value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < self->counters->len; i++)
    {
      const MaKeyValue *kv = &g_array_index (self->counters, MaKeyValue, i);
      if (strcmp (kv->name, name) == 0)
        {
          if (value)
            *value = kv->value;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ma_oom_report_get_n_nodes:
 * @self: a #MaOomReport
 *
 * Returns: the number of per-node lines
 */
guint
ma_oom_report_get_n_nodes (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->nodes->len;
}

/**
 * ma_oom_report_get_node:
 * @self: a #MaOomReport
 * @index: a node line index
 *
 * Returns: (transfer none): the node line
 */
const MaOomNode *
ma_oom_report_get_node (const MaOomReport *self,
                        guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->nodes->len, NULL);
  return &g_array_index (self->nodes, MaOomNode, index);
}

/**
 * ma_oom_report_get_n_zones:
 * @self: a #MaOomReport
 *
 * Returns: the number of zones
 */
guint
ma_oom_report_get_n_zones (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->zones->len;
}

/**
 * ma_oom_report_get_zone:
 * @self: a #MaOomReport
 * @index: a zone index
 *
 * Returns: (transfer none): the zone
 */
const MaOomZone *
ma_oom_report_get_zone (const MaOomReport *self,
                        guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->zones->len, NULL);
  return &g_array_index (self->zones, MaOomZone, index);
}

/**
 * ma_oom_report_lookup_zone:
 * @self: a #MaOomReport
 * @node_id: the node number (0 for kernels without NUMA)
 * @zone_name: the zone name
 *
 * Returns: (transfer none) (nullable): the zone
 */
const MaOomZone *
ma_oom_report_lookup_zone (const MaOomReport *self,
                           guint              node_id,
                           const char        *zone_name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (zone_name != NULL, NULL);

  for (guint i = 0; i < self->zones->len; i++)
    {
      const MaOomZone *z = &g_array_index (self->zones, MaOomZone, i);
      if (z->node_id == node_id && strcmp (z->name, zone_name) == 0)
        return z;
    }
  return NULL;
}

/**
 * ma_oom_report_get_n_summary:
 * @self: a #MaOomReport
 *
 * Returns: the number of summary lines
 */
guint
ma_oom_report_get_n_summary (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->summary->len;
}

/**
 * ma_oom_report_get_summary:
 * @self: a #MaOomReport
 *
 * Returns: (transfer none) (array): the summary lines (`pages RAM`, `pages reserved`,
 *   `total pagecache pages`, `Free swap` in kB, …) in log order
 */
const MaKeyValue *
ma_oom_report_get_summary (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const MaKeyValue *) self->summary->data;
}

/**
 * ma_oom_report_get_warnings:
 * @self: a #MaOomReport
 *
 * Returns: (transfer none) (array zero-terminated=1): warnings about damaged lines
 */
const char * const *
ma_oom_report_get_warnings (const MaOomReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

/**
 * ma_oom_zone_get_kb:
 * @zone: a zone
 * @name: a field name (`free`, `min`, `managed`, …)
 * @kb: (out) (optional): its value in kB
 *
 * Returns: %TRUE if the zone line had the field with a kB unit
 */
gboolean
ma_oom_zone_get_kb (const MaOomZone *zone,
                    const char      *name,
                    guint64         *kb)
{
  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < zone->n_fields; i++)
    if (strcmp (zone->fields[i].name, name) == 0 && zone->fields[i].unit != NULL &&
        g_ascii_strcasecmp (zone->fields[i].unit, "kB") == 0)
      {
        if (kb)
          *kb = zone->fields[i].value;
        return TRUE;
      }
  return FALSE;
}
