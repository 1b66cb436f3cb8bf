/* ma-procfs-sniff.c: recognising /proc files by content and splitting pasted text
 *
 * Users paste what they have: a zoneinfo followed by a buddyinfo, `cat` commands and prompts in
 * between, a dmesg excerpt. Each line is classified by its shape alone (a "Node N, zone X" line
 * with nothing after it starts a zoneinfo zone, with numbers after it is a buddyinfo row, with
 * ", type T" a pagetypeinfo row; "Key: N kB" is meminfo, "key N" at column 0 is vmstat; indented
 * lines continue a zoneinfo) and consecutive lines of one kind become a segment. Two subtleties:
 * pagetypeinfo's "Number of blocks type" rows look like buddyinfo rows, so they stay pagetypeinfo
 * while they have exactly as many columns as that table's header; and a kernel log (OOM report)
 * is one segment from its first marker ("Mem-Info:", "invoked oom-killer:", "page allocation
 * failure") to its last line that looks like log content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-procfs-sniff"

#include "config.h"

#include "ma-line-scanner.h"
#include "ma-procfs-sniff.h"
#include "ma-zone-row.h"

static const char * const kind_names[MA_PROCFS_N_KINDS] = {
  "unknown", "zoneinfo", "buddyinfo", "pagetypeinfo", "meminfo", "vmstat", "kernel_log",
  "kpageflags", "kpagecount", "bundle",
};

/**
 * ma_procfs_kind_to_string:
 * @kind: a #MaProcfsKind
 *
 * Returns: the kind's name (`zoneinfo`, `kernel_log`, …), used in bundles and messages
 */
const char *
ma_procfs_kind_to_string (MaProcfsKind kind)
{
  if ((guint) kind >= MA_PROCFS_N_KINDS)
    return kind_names[0];
  return kind_names[kind];
}

/**
 * ma_procfs_kind_from_string:
 * @name: a kind name as returned by ma_procfs_kind_to_string()
 *
 * Returns: the kind, or %MA_PROCFS_KIND_UNKNOWN
 */
MaProcfsKind
ma_procfs_kind_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, MA_PROCFS_KIND_UNKNOWN);

  for (guint i = 1; i < MA_PROCFS_N_KINDS; i++)
    if (strcmp (kind_names[i], name) == 0)
      return (MaProcfsKind) i;
  return MA_PROCFS_KIND_UNKNOWN;
}

/**
 * ma_procfs_kind_from_name:
 * @file_name: a file name or path (`zoneinfo`, `proc/buddyinfo`, `zoneinfo.earlier-capture`,
 *   `dmesg.txt`, `snapshot.json`)
 *
 * Guesses a kind from a file name only; content decides when the name says nothing.
 *
 * Returns: the kind the name suggests, or %MA_PROCFS_KIND_UNKNOWN
 */
MaProcfsKind
ma_procfs_kind_from_name (const char *file_name)
{
  g_autofree char *base = NULL;
  char *dot;

  g_return_val_if_fail (file_name != NULL, MA_PROCFS_KIND_UNKNOWN);

  base = g_path_get_basename (file_name);
  if (g_str_has_suffix (base, ".json"))
    return MA_PROCFS_KIND_BUNDLE;
  dot = strchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  for (guint i = MA_PROCFS_KIND_ZONEINFO; i <= MA_PROCFS_KIND_KPAGECOUNT; i++)
    if (i != MA_PROCFS_KIND_KERNEL_LOG && strcmp (base, kind_names[i]) == 0)
      return (MaProcfsKind) i;
  if (strcmp (base, "dmesg") == 0 || strcmp (base, "kern") == 0 ||
      strcmp (base, "messages") == 0 || strcmp (base, "syslog") == 0 ||
      strcmp (base, "journal") == 0 || strcmp (base, "oom") == 0)
    return MA_PROCFS_KIND_KERNEL_LOG;
  return MA_PROCFS_KIND_UNKNOWN;
}

typedef enum
{
  L_BLANK,
  L_OTHER,
  L_HINT,
  L_ZI_HEADER,
  L_ZI_BODY,
  L_BUDDY_ROW,
  L_PTI_ROW,
  L_PTI_HEAD,
  L_PTI_TABLE_HEAD,
  L_MEMINFO,
  L_VMSTAT,
  L_LOG_START,
  L_LOG,
} LineClass;

static const char *
find_in (const char *p,
         const char *end,
         const char *needle)
{
  gsize n = strlen (needle);

  for (; p + n <= end; p++)
    if (*p == needle[0] && memcmp (p, needle, n) == 0)
      return p;
  return NULL;
}

static gboolean
has_prefix (const char *p,
            const char *end,
            const char *literal)
{
  gsize n = strlen (literal);

  return (gsize) (end - p) >= n && memcmp (p, literal, n) == 0;
}

static guint
count_tokens (const char *p,
              const char *end)
{
  guint n = 0;

  for (p = ma_skip_blanks (p, end); p < end; p = ma_skip_blanks (ma_token_end (p, end), end))
    n++;
  return n;
}

static gboolean
all_numbers (const char *p,
             const char *end)
{
  p = ma_skip_blanks (p, end);
  if (p >= end)
    return FALSE;
  while (p < end)
    {
      const char *t_end = ma_token_end (p, end);

      if (*p == '>')
        p++;
      for (; p < t_end; p++)
        if (!ma_is_digit (*p))
          return FALSE;
      p = ma_skip_blanks (t_end, end);
    }
  return TRUE;
}

static LineClass
classify (const MaLineScanner *s,
          guint               *n_columns)
{
  const char *end = s->line_end;
  const char *p = ma_skip_blanks (s->line, end);
  const char *w_end;
  MaZoneRow row;

  *n_columns = 0;
  if (p >= end)
    return L_BLANK;

  if (find_in (p, end, "Mem-Info:") || find_in (p, end, " invoked oom-killer:") ||
      find_in (p, end, "page allocation failure") || find_in (p, end, "lowmem_reserve[]:") ||
      (find_in (p, end, " free:") && find_in (p, end, "kB min:")))
    return L_LOG_START;

  if (ma_zone_row_parse (s, &row, NULL))
    {
      if (row.comma)
        return L_PTI_ROW;
      if (row.rest >= end)
        return L_ZI_HEADER;
      if (all_numbers (row.rest, end))
        {
          *n_columns = count_tokens (row.rest, end);
          return L_BUDDY_ROW;
        }
      return L_OTHER;
    }

  if (find_in (p, end, " free:") || find_in (p, end, "*4kB") || find_in (p, end, "kernel: ") ||
      (*p == '[' && p + 1 < end && (ma_is_blank (p[1]) || ma_is_digit (p[1]))))
    return L_LOG;

  if (has_prefix (p, end, "Page block order:") || has_prefix (p, end, "Pages per block:") ||
      has_prefix (p, end, "Free pages count per migrate type"))
    return L_PTI_HEAD;
  if (has_prefix (p, end, "Number of blocks type") ||
      has_prefix (p, end, "Number of mixed blocks"))
    {
      const char *names = p + 21;
      *n_columns = count_tokens (MIN (names, end), end);
      return L_PTI_TABLE_HEAD;
    }

  if (p > s->line)
    return L_ZI_BODY;

  w_end = ma_word_end (p, end);
  if (w_end < end && *w_end == ':' && g_ascii_isupper (*p))
    {
      const char *q = ma_skip_blanks (w_end + 1, end);
      const char *n_end = q;

      while (n_end < end && ma_is_digit (*n_end))
        n_end++;
      if (n_end > q)
        {
          const char *rest = ma_skip_blanks (n_end, end);
          if (rest == end || (end - rest == 2 && memcmp (rest, "kB", 2) == 0))
            return L_MEMINFO;
        }
    }
  if (w_end < end && ma_is_blank (*w_end) && g_ascii_islower (*p))
    {
      const char *q = ma_skip_blanks (w_end, end);
      gboolean ok = q < end;

      for (const char *c = q; c < end; c++)
        if (!ma_is_digit (*c) && !(c == q && *c == '-'))
          ok = FALSE;
      for (const char *c = p; c < w_end; c++)
        if (!g_ascii_isalnum (*c) && *c != '_')
          ok = FALSE;
      if (ok)
        return L_VMSTAT;
    }

  if (find_in (p, end, "/proc/") || find_in (p, end, "/sys/") || has_prefix (p, end, "$ ") ||
      has_prefix (p, end, "# ") || has_prefix (p, end, "---") || has_prefix (p, end, "==>"))
    return L_HINT;

  return L_OTHER;
}

typedef struct
{
  GArray       *segments;
  GArray       *unrecognised;
  MaProcfsKind  cur;
  gsize         start_offset;
  guint         start_line;
  gsize         last_end;       /* end offset of the last non-blank line of the segment */
  guint         last_line;
  gboolean      in_pti_table;
  guint         pti_table_cols;
} Splitter;

static void
close_segment (Splitter *sp)
{
  MaProcfsSegment seg;

  if (sp->cur == MA_PROCFS_KIND_UNKNOWN)
    return;
  seg.kind = sp->cur;
  seg.offset = sp->start_offset;
  seg.length = sp->last_end - sp->start_offset;
  seg.first_line = sp->start_line;
  seg.n_lines = sp->last_line - sp->start_line + 1;
  g_array_append_val (sp->segments, seg);
  sp->cur = MA_PROCFS_KIND_UNKNOWN;
  sp->in_pti_table = FALSE;
}

static void
open_segment (Splitter            *sp,
              MaProcfsKind         kind,
              const MaLineScanner *s)
{
  close_segment (sp);
  sp->cur = kind;
  sp->start_offset = (gsize) (s->line - s->data);
  sp->start_line = s->line_no;
}

static void
note_unrecognised (Splitter            *sp,
                   const MaLineScanner *s)
{
  MaProcfsSegment *last;

  if (sp->unrecognised == NULL)
    return;
  last = sp->unrecognised->len > 0
           ? &g_array_index (sp->unrecognised, MaProcfsSegment, sp->unrecognised->len - 1)
           : NULL;
  if (last != NULL && last->first_line + last->n_lines == s->line_no)
    {
      last->n_lines++;
      last->length = (gsize) (s->line_end - s->data) - last->offset;
      return;
    }
  {
    MaProcfsSegment seg = { MA_PROCFS_KIND_UNKNOWN, (gsize) (s->line - s->data),
                            (gsize) (s->line_end - s->line), s->line_no, 1 };
    g_array_append_val (sp->unrecognised, seg);
  }
}

/**
 * ma_procfs_split:
 * @text: pasted text that may hold several files one after another
 * @length: its length in bytes
 * @unrecognised: (out) (optional) (transfer full) (element-type MaProcfsSegment): the runs of
 *   lines that belong to no known format (prompts and headers excluded)
 *
 * Splits text into the files it holds, by the structure of each format.
 *
 * Returns: (transfer full) (element-type MaProcfsSegment): the recognised parts in text order
 */
GArray *
ma_procfs_split (const char  *text,
                 gsize        length,
                 GArray     **unrecognised)
{
  Splitter sp = { 0 };
  MaLineScanner s;
  guint log_first = 0;
  guint log_last = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  sp.segments = g_array_new (FALSE, TRUE, sizeof (MaProcfsSegment));
  if (unrecognised != NULL)
    sp.unrecognised = g_array_new (FALSE, TRUE, sizeof (MaProcfsSegment));

  /* First pass: the extent of a kernel log, if any: the run of log-like, indented, blank and
   * unrecognised lines around the first OOM marker. */
  {
    g_autoptr(GArray) classes = g_array_new (FALSE, FALSE, sizeof (guint8));
    guint first_marker = 0;

    ma_line_scanner_init (&s, text, length, NULL);
    while (ma_line_scanner_next (&s))
      {
        guint cols;
        guint8 c = (guint8) classify (&s, &cols);

        g_array_append_val (classes, c);
        if (c == L_LOG_START && first_marker == 0)
          first_marker = s.line_no;
      }
    if (first_marker != 0)
      {
        const guint8 *cl = (const guint8 *) classes->data;

        /* indented lines of a log are call traces and wrapped counters, not zoneinfo */
#define LOGGISH(c) ((c) == L_LOG || (c) == L_LOG_START || (c) == L_OTHER || (c) == L_BLANK || \
                    (c) == L_ZI_BODY)
        /* backwards, indented lines may still be a zoneinfo's: leave them to it */
        log_first = first_marker;
        while (log_first > 1 && LOGGISH (cl[log_first - 2]) && cl[log_first - 2] != L_ZI_BODY)
          log_first--;
        log_last = first_marker;
        for (guint i = first_marker; i < classes->len && LOGGISH (cl[i]); i++)
          if (cl[i] != L_BLANK)
            log_last = i + 1;
#undef LOGGISH
        while (log_first < first_marker && cl[log_first - 1] == L_BLANK)
          log_first++;
      }
  }

  ma_line_scanner_init (&s, text, length, NULL);
  while (ma_line_scanner_next (&s))
    {
      guint cols;
      LineClass c;
      MaProcfsKind want = MA_PROCFS_KIND_UNKNOWN;

      if (log_first != 0 && s.line_no >= log_first && s.line_no <= log_last)
        {
          if (s.line_no == log_first)
            open_segment (&sp, MA_PROCFS_KIND_KERNEL_LOG, &s);
          sp.last_end = (gsize) (s.line_end - text);
          sp.last_line = s.line_no;
          continue;
        }
      if (s.line_no == log_last + 1 && log_first != 0)
        close_segment (&sp);

      c = classify (&s, &cols);
      switch (c)
        {
        case L_BLANK:
          continue;

        case L_ZI_HEADER:
          want = MA_PROCFS_KIND_ZONEINFO;
          break;

        case L_ZI_BODY:
          if (sp.cur == MA_PROCFS_KIND_ZONEINFO)
            want = MA_PROCFS_KIND_ZONEINFO;
          break;

        case L_BUDDY_ROW:
          if (sp.cur == MA_PROCFS_KIND_PAGETYPEINFO && sp.in_pti_table && cols == sp.pti_table_cols)
            want = MA_PROCFS_KIND_PAGETYPEINFO;
          else
            want = MA_PROCFS_KIND_BUDDYINFO;
          break;

        case L_PTI_ROW:
        case L_PTI_HEAD:
          want = MA_PROCFS_KIND_PAGETYPEINFO;
          if (sp.cur == MA_PROCFS_KIND_PAGETYPEINFO && c == L_PTI_HEAD)
            sp.in_pti_table = FALSE;
          break;

        case L_PTI_TABLE_HEAD:
          want = MA_PROCFS_KIND_PAGETYPEINFO;
          break;

        case L_MEMINFO:
          want = MA_PROCFS_KIND_MEMINFO;
          break;

        case L_VMSTAT:
          want = MA_PROCFS_KIND_VMSTAT;
          break;

        case L_HINT:
          close_segment (&sp);
          continue;

        case L_LOG_START:
        case L_LOG:
        case L_OTHER:
        default:
          break;
        }

      if (want == MA_PROCFS_KIND_UNKNOWN)
        {
          close_segment (&sp);
          note_unrecognised (&sp, &s);
          continue;
        }

      /* A new "Page block order" after a complete pagetypeinfo block is the next node's block
       * of the same file; a zone header after buddyinfo rows starts a new file. */
      if (want != sp.cur)
        open_segment (&sp, want, &s);
      if (c == L_PTI_TABLE_HEAD)
        {
          sp.in_pti_table = TRUE;
          sp.pti_table_cols = cols;
        }
      sp.last_end = (gsize) (s.line_end - text);
      sp.last_line = s.line_no;
    }
  close_segment (&sp);

  if (unrecognised != NULL)
    *unrecognised = sp.unrecognised;
  return sp.segments;
}

/**
 * ma_procfs_sniff_binary:
 * @data: (array length=length): the start of a binary file
 * @length: its length
 *
 * Tells kpagecount from kpageflags when the file name does not: map counts are small integers
 * (mostly 0, 1, 2), flag words combine bits from all over the low 27 (and internal bits above
 * 32). The guess looks at up to 64 Ki words.
 *
 * Returns: %MA_PROCFS_KIND_KPAGECOUNT or %MA_PROCFS_KIND_KPAGEFLAGS
 */
MaProcfsKind
ma_procfs_sniff_binary (const guint8 *data,
                        gsize         length)
{
  gsize n = MIN (length / 8, 65536);
  guint64 max = 0;
  gboolean any_one = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guint64 w;

      memcpy (&w, data + i * 8, 8);
      w = GUINT64_FROM_LE (w);
      max = MAX (max, w);
      any_one |= w == 1;
    }
  return (any_one && max < 4096) ? MA_PROCFS_KIND_KPAGECOUNT : MA_PROCFS_KIND_KPAGEFLAGS;
}

/**
 * ma_procfs_sniff:
 * @data: (array length=length): file contents
 * @length: their length
 *
 * Recognises a file from its content: a bundle (JSON), binary page data, or the first text
 * format found (see ma_procfs_split() for texts holding several).
 *
 * Returns: the kind, or %MA_PROCFS_KIND_UNKNOWN
 */
MaProcfsKind
ma_procfs_sniff (const char *data,
                 gsize       length)
{
  g_autoptr(GArray) segments = NULL;
  const char *p = data;
  const char *end = data + length;

  g_return_val_if_fail (data != NULL || length == 0, MA_PROCFS_KIND_UNKNOWN);

  if (length == 0)
    return MA_PROCFS_KIND_UNKNOWN;
  if (memchr (data, '\0', MIN (length, 4096)) != NULL)
    return length >= 8 ? ma_procfs_sniff_binary ((const guint8 *) data, length)
                       : MA_PROCFS_KIND_UNKNOWN;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '{')
    return MA_PROCFS_KIND_BUNDLE;

  segments = ma_procfs_split (data, length, NULL);
  if (segments->len == 0)
    return MA_PROCFS_KIND_UNKNOWN;
  return g_array_index (segments, MaProcfsSegment, 0).kind;
}
