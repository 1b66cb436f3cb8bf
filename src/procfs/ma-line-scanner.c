/* ma-line-scanner.c: messages and the name pool shared by the parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-line-scanner"

#include "config.h"

#include <stdarg.h>
#include <glib/gi18n-lib.h>

#include "ma-line-scanner.h"

#define QUOTE_MAX 40

char *
ma_scan_quote (const char *p,
               const char *end)
{
  g_autofree char *valid = NULL;
  g_autofree char *inner = NULL;
  GString *out;
  gsize len;
  gboolean cut = FALSE;

  if (p == NULL || p >= end)
    /* Translators: stands where a message quotes what a line holds, when the line ends there */
    return g_strdup (_("end of line"));

  len = (gsize) (end - p);
  if (len > QUOTE_MAX)
    {
      len = QUOTE_MAX;
      cut = TRUE;
    }

  /* Messages must stay valid UTF-8 whatever the input holds. */
  valid = g_utf8_make_valid (p, (gssize) len);
  out = g_string_new (NULL);
  for (const char *c = valid; *c != '\0'; c++)
    {
      if ((guchar) *c < 0x20 || *c == 0x7f)
        g_string_append_c (out, '?');
      else
        g_string_append_c (out, *c);
    }
  if (cut)
    g_string_append (out, "…");
  inner = g_string_free (out, FALSE);

  /* Translators: quotation marks around text quoted from a file in messages; use your
   * language's own (German: „%s“) */
  return g_strdup_printf (_("“%s”"), inner);
}

void
ma_scan_set_error (GError             **error,
                   const MaLineScanner *s,
                   MaProcfsError        code,
                   const char          *format,
                   ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *full = NULL;
  g_autofree char *valid = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  /* names read from the input (zones, migratetypes) may be anything: keep messages UTF-8 */
  if (s->line_no > 0)
    /* Translators: where a message about a file applies: the file's name, the line number,
     * then the message */
    full = g_strdup_printf (_("%s, line %u: %s"), s->source_name, s->line_no, msg);
  else
    full = g_strdup_printf (_("%s: %s"), s->source_name, msg);
  valid = g_utf8_make_valid (full, -1);
  g_set_error_literal (error, MA_PROCFS_ERROR, code, valid);
}

void
ma_scan_set_number_error (GError             **error,
                          const MaLineScanner *s,
                          MaNumberStatus       status,
                          const char          *what,
                          const char          *found,
                          const char          *found_end)
{
  g_autofree char *q = NULL;
  const char *tok_end;

  if (found != NULL && found < found_end)
    tok_end = ma_token_end (found, found_end);
  else
    tok_end = found_end;
  q = ma_scan_quote (found, tok_end);

  if (status == MA_NUMBER_OVERFLOW)
    ma_scan_set_error (error, s, MA_PROCFS_ERROR_RANGE,
                       _("the number after “%s” is too large to be real: %s"), what, q);
  else
    ma_scan_set_error (error, s, MA_PROCFS_ERROR_SYNTAX,
                       _("expected a number after “%s”, found %s"), what, q);
}

void
ma_scan_warn (GPtrArray           *warnings,
              const MaLineScanner *s,
              const char          *format,
              ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *full = NULL;
  va_list args;

  if (warnings == NULL)
    return;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  if (s->line_no > 0)
    /* Translators: where a message about a file applies: the file's name, the line number,
     * then the message */
    full = g_strdup_printf (_("%s, line %u: %s"), s->source_name, s->line_no, msg);
  else
    full = g_strdup_printf (_("%s: %s"), s->source_name, msg);
  g_ptr_array_add (warnings, g_utf8_make_valid (full, -1));
}

gboolean
ma_scan_check_text (const char  *data,
                    gsize        len,
                    const char  *source_name,
                    GError     **error)
{
  const char *nul = memchr (data, '\0', len);

  if (nul != NULL)
    {
      const char *line_start = data;
      guint line_no = 1;

      for (const char *p = data; p < nul; p++)
        if (*p == '\n')
          {
            line_no++;
            line_start = p + 1;
          }
      (void) line_start;
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s, line %u: binary data (a NUL byte at offset %zu"
                     "); this is not a text file from /proc"),
                   source_name, line_no, (gsize) (nul - data));
      return FALSE;
    }

  return TRUE;
}

/* --- name pool ------------------------------------------------------------------------------ */

/* Open addressing over (hash, length, bytes). Counter names are short and few (a few hundred
 * distinct names even for a many-node file), and each counter line costs one lookup. */
struct _MaNamePool
{
  GStringChunk *chunk;
  const char  **slots;
  guint32      *slot_hash;
  guint32      *slot_len;
  guint         mask;
  guint         n_used;
};

static inline guint32
name_hash (const char *s,
           gsize       len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) s[i];
      h *= 16777619u;
    }
  return h;
}

MaNamePool *
ma_name_pool_new (void)
{
  MaNamePool *pool = g_new0 (MaNamePool, 1);

  pool->chunk = g_string_chunk_new (1024);
  pool->mask = 255;
  pool->slots = g_new0 (const char *, pool->mask + 1);
  pool->slot_hash = g_new0 (guint32, pool->mask + 1);
  pool->slot_len = g_new0 (guint32, pool->mask + 1);

  return pool;
}

void
ma_name_pool_free (MaNamePool *pool)
{
  if (pool == NULL)
    return;
  g_string_chunk_free (pool->chunk);
  g_free (pool->slots);
  g_free (pool->slot_hash);
  g_free (pool->slot_len);
  g_free (pool);
}

static void
name_pool_grow (MaNamePool *pool)
{
  guint new_mask = pool->mask * 2 + 1;
  const char **slots = g_new0 (const char *, new_mask + 1);
  guint32 *hashes = g_new0 (guint32, new_mask + 1);
  guint32 *lens = g_new0 (guint32, new_mask + 1);

  for (guint i = 0; i <= pool->mask; i++)
    {
      guint j;

      if (pool->slots[i] == NULL)
        continue;
      j = pool->slot_hash[i] & new_mask;
      while (slots[j] != NULL)
        j = (j + 1) & new_mask;
      slots[j] = pool->slots[i];
      hashes[j] = pool->slot_hash[i];
      lens[j] = pool->slot_len[i];
    }

  g_free (pool->slots);
  g_free (pool->slot_hash);
  g_free (pool->slot_len);
  pool->slots = slots;
  pool->slot_hash = hashes;
  pool->slot_len = lens;
  pool->mask = new_mask;
}

const char *
ma_name_pool_intern (MaNamePool *pool,
                     const char *name,
                     gsize       len)
{
  guint32 h = name_hash (name, len);
  guint i = h & pool->mask;

  while (pool->slots[i] != NULL)
    {
      if (pool->slot_hash[i] == h && pool->slot_len[i] == len &&
          memcmp (pool->slots[i], name, len) == 0)
        return pool->slots[i];
      i = (i + 1) & pool->mask;
    }

  /* Names end up in messages, notes and labels, which must be UTF-8 whatever the file holds:
   * a name that is not is kept with U+FFFD for its bad bytes (checked on a miss only, so the
   * names of real files cost nothing more). */
  if (!g_utf8_validate_len (name, len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (name, (gssize) len);

      return ma_name_pool_intern (pool, valid, strlen (valid));
    }

  pool->slots[i] = g_string_chunk_insert_len (pool->chunk, name, (gssize) len);
  pool->slot_hash[i] = h;
  pool->slot_len[i] = (guint32) len;
  pool->n_used++;

  if (pool->n_used * 2 > pool->mask)
    {
      const char *interned = pool->slots[i];

      name_pool_grow (pool);
      return interned;
    }

  return pool->slots[i];
}

const char *
ma_name_pool_lookup (MaNamePool *pool,
                     const char *name)
{
  gsize len = strlen (name);
  guint32 h = name_hash (name, len);
  guint i = h & pool->mask;

  while (pool->slots[i] != NULL)
    {
      if (pool->slot_hash[i] == h && pool->slot_len[i] == len &&
          memcmp (pool->slots[i], name, len) == 0)
        return pool->slots[i];
      i = (i + 1) & pool->mask;
    }
  return NULL;
}
