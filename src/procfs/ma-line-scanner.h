/* ma-line-scanner.h: the pointer-based line and token scanner shared by the parsers (private)
 *
 * The parsers never split a buffer into strings: they walk it with two pointers per line and
 * read numbers in place. Everything here is inline because it runs once per line or per token of
 * files that can be megabytes long (a 1024-CPU zoneinfo is ~1 MB of pagesets).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

#include "ma-procfs-error.h"

G_BEGIN_DECLS

typedef struct
{
  const char *data;
  const char *end;
  const char *pos;          /* start of the next line */
  const char *line;         /* current line, without the newline, CR and trailing blanks */
  const char *line_end;
  const char *source_name;
  guint       line_no;      /* 1-based number of the current line */
  gboolean    had_newline;  /* the current line was terminated by '\n' */
} MaLineScanner;

static inline void
ma_line_scanner_init (MaLineScanner *s,
                      const char    *data,
                      gsize          len,
                      const char    *source_name)
{
  s->data = data;
  s->end = data + len;
  s->pos = data;
  s->line = s->line_end = data;
  s->source_name = source_name;
  s->line_no = 0;
  s->had_newline = FALSE;
}

static inline gboolean
ma_is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static inline gboolean
ma_is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
ma_line_scanner_next (MaLineScanner *s)
{
  const char *nl;
  const char *le;

  if (s->pos >= s->end)
    return FALSE;

  nl = memchr (s->pos, '\n', (gsize) (s->end - s->pos));
  le = nl != NULL ? nl : s->end;
  s->line = s->pos;
  s->pos = nl != NULL ? nl + 1 : s->end;
  s->had_newline = nl != NULL;

  /* CRLF files and trailing blanks (the kernel prints "%6lu " with a trailing space) */
  while (le > s->line && (le[-1] == '\r' || ma_is_blank (le[-1])))
    le--;
  s->line_end = le;
  s->line_no++;

  return TRUE;
}

/* TRUE when the current line is the last one and was not terminated by a newline: the only
 * line that can have been cut in the middle by a truncated copy. */
static inline gboolean
ma_line_scanner_at_cut_end (const MaLineScanner *s)
{
  return !s->had_newline && s->pos >= s->end;
}

static inline const char *
ma_skip_blanks (const char *p,
                const char *end)
{
  while (p < end && ma_is_blank (*p))
    p++;
  return p;
}

/* End of a word: the first blank or ':' (or end). */
static inline const char *
ma_word_end (const char *p,
             const char *end)
{
  while (p < end && !ma_is_blank (*p) && *p != ':')
    p++;
  return p;
}

/* End of a token: the first blank (or end). */
static inline const char *
ma_token_end (const char *p,
              const char *end)
{
  while (p < end && !ma_is_blank (*p))
    p++;
  return p;
}

static inline gboolean
ma_word_is (const char *w,
            const char *w_end,
            const char *literal,
            gsize       literal_len)
{
  return (gsize) (w_end - w) == literal_len && memcmp (w, literal, literal_len) == 0;
}

#define MA_WORD_IS(w, w_end, lit) ma_word_is ((w), (w_end), (lit), sizeof (lit) - 1)

/* Matches words at p where any run of blanks (spaces or tabs) matches one space of the
 * literal; sets *after past the match. */
static inline gboolean
ma_match_words (const char  *p,
                const char  *end,
                const char  *words,
                const char **after)
{
  while (*words != '\0')
    {
      if (*words == ' ')
        {
          if (p >= end || !ma_is_blank (*p))
            return FALSE;
          p = ma_skip_blanks (p, end);
          words++;
          continue;
        }
      if (p >= end || *p != *words)
        return FALSE;
      p++;
      words++;
    }
  *after = p;
  return TRUE;
}

typedef enum
{
  MA_NUMBER_OK,
  MA_NUMBER_MISSING,   /* no digit where a number was expected */
  MA_NUMBER_OVERFLOW,  /* more than 64 bits */
} MaNumberStatus;

/* Reads an unsigned decimal number at *pp, advancing *pp past its digits. A leading '-' is
 * accepted and the value wraps modulo 2^64, exactly as the kernel's "%lu" of a negative long
 * would have printed it on a 64-bit machine. */
static inline MaNumberStatus
ma_parse_u64 (const char **pp,
              const char  *end,
              guint64     *out)
{
  const char *p = *pp;
  gboolean negative = FALSE;
  guint64 v = 0;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p >= end || !ma_is_digit (*p))
    return MA_NUMBER_MISSING;

  while (p < end && ma_is_digit (*p))
    {
      guint d = (guint) (*p - '0');

      if (v > (G_MAXUINT64 - d) / 10)
        {
          while (p < end && ma_is_digit (*p))
            p++;
          *pp = p;
          return MA_NUMBER_OVERFLOW;
        }
      v = v * 10 + d;
      p++;
    }

  *pp = p;
  *out = negative ? (guint64) 0 - v : v;
  return MA_NUMBER_OK;
}

/* Signed decimal (protection arrays are signed longs). */
static inline MaNumberStatus
ma_parse_i64 (const char **pp,
              const char  *end,
              gint64      *out)
{
  const char *p = *pp;
  gboolean negative = FALSE;
  guint64 v = 0;
  MaNumberStatus st;

  if (p < end && (*p == '-' || *p == '+'))
    {
      negative = *p == '-';
      p++;
    }
  if (p >= end || !ma_is_digit (*p))
    return MA_NUMBER_MISSING;
  st = ma_parse_u64 (&p, end, &v);
  if (st == MA_NUMBER_OK && v > (negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
    st = MA_NUMBER_OVERFLOW;
  *pp = p;
  if (st == MA_NUMBER_OK)
    *out = negative ? (gint64) (0 - v) : (gint64) v;
  return st;
}

/* Reads a number that must be the whole token (the token ends at a blank or at end): "12a4"
 * is MISSING-with-garbage, reported by the caller with the whole token quoted. */
static inline MaNumberStatus
ma_parse_u64_token (const char **pp,
                    const char  *end,
                    guint64     *out)
{
  const char *p = *pp;
  MaNumberStatus st = ma_parse_u64 (&p, end, out);

  if (st == MA_NUMBER_OK && p < end && !ma_is_blank (*p))
    return MA_NUMBER_MISSING;
  *pp = p;
  return st;
}

/* --- error and warning helpers (ma-line-scanner.c) ------------------------------------------ */

/* A quoted, length-limited, UTF-8-safe copy of [p, end) for messages. */
char *ma_scan_quote (const char *p,
                     const char *end);

void  ma_scan_set_error (GError             **error,
                         const MaLineScanner *s,
                         MaProcfsError        code,
                         const char          *format,
                         ...) G_GNUC_PRINTF (4, 5);

/* "expected a number after “key”, found “tok”" / "the number after “key” is too large" */
void  ma_scan_set_number_error (GError             **error,
                                const MaLineScanner *s,
                                MaNumberStatus       status,
                                const char          *what,
                                const char          *found,
                                const char          *found_end);

void  ma_scan_warn (GPtrArray           *warnings,
                    const MaLineScanner *s,
                    const char          *format,
                    ...) G_GNUC_PRINTF (3, 4);

/* Fails with a clear message when the buffer holds binary data (a NUL byte). */
gboolean ma_scan_check_text (const char  *data,
                             gsize        len,
                             const char  *source_name,
                             GError     **error);

/* --- interned names -------------------------------------------------------------------------- */

/* A per-file string pool: each distinct name is stored once and compared by pointer. */
typedef struct _MaNamePool MaNamePool;

MaNamePool *ma_name_pool_new    (void);
void        ma_name_pool_free   (MaNamePool *pool);
const char *ma_name_pool_intern (MaNamePool *pool,
                                 const char *name,
                                 gsize       len);
const char *ma_name_pool_lookup (MaNamePool *pool,
                                 const char *name);

G_END_DECLS
