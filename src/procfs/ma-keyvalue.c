/* ma-keyvalue.c: /proc/meminfo and /proc/vmstat parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-keyvalue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ma-procfs-private.h"

#include "ma-keyvalue.h"
#include "ma-line-scanner.h"

#define MAX_UNKNOWN_LINES 10

struct _MaKeyValueFile
{
  gatomicrefcount ref_count;
  MaKeyValueKind  kind;
  MaNamePool     *names;
  GArray         *values;     /* MaKeyValue */
  GPtrArray      *warnings;   /* NULL-terminated */
};

G_DEFINE_BOXED_TYPE (MaKeyValueFile, ma_key_value_file, ma_key_value_file_ref,
                     ma_key_value_file_unref)

static const char *
kind_name (MaKeyValueKind kind)
{
  return kind == MA_KEY_VALUE_MEMINFO ? "meminfo" : "vmstat";
}

/* "Key:   123 kB", "Key: 123", "key 123"; names may hold parentheses (`Active(anon)`). Returns
 * FALSE without error for a line of another shape, FALSE with error for a bad number. */
static gboolean
parse_line (MaKeyValueFile *self,
            MaLineScanner  *s,
            MaKeyValue     *kv,
            gboolean       *shape_ok,
            GError        **error)
{
  const char *end = s->line_end;
  const char *k = ma_skip_blanks (s->line, end);
  const char *k_end = ma_word_end (k, end);
  const char *q = k_end;
  const char *num;
  MaNumberStatus st;

  *shape_ok = FALSE;
  if (k == k_end)
    return FALSE;
  if (q < end && *q == ':')
    q++;
  q = ma_skip_blanks (q, end);
  if (q >= end || !(ma_is_digit (*q) || (*q == '-' && q + 1 < end && ma_is_digit (q[1]))))
    return FALSE;

  num = q;
  st = ma_parse_u64 (&q, end, &kv->value);
  /* "0," is not a value ("Node 0, zone DMA" is another file); "12a4" is a bad one */
  if (st == MA_NUMBER_OK && q < end && !ma_is_blank (*q) && !g_ascii_isalnum (*q))
    return FALSE;
  *shape_ok = TRUE;
  if (st != MA_NUMBER_OK || (q < end && !ma_is_blank (*q)))
    {
      char what[64];

      g_snprintf (what, sizeof what, "%.*s", (int) MIN (k_end - k, 60), k);
      ma_scan_set_number_error (error, s, st == MA_NUMBER_OK ? MA_NUMBER_MISSING : st, what,
                                num, end);
      return FALSE;
    }
  q = ma_skip_blanks (q, end);
  kv->unit = NULL;
  if (q < end)
    {
      const char *u_end = ma_token_end (q, end);

      if (ma_skip_blanks (u_end, end) < end || u_end - q > 8)
        {
          *shape_ok = FALSE;
          return FALSE;
        }
      kv->unit = ma_name_pool_intern (self->names, q, u_end - q);
    }
  kv->name = ma_name_pool_intern (self->names, k, k_end - k);
  kv->line = s->line_no;
  return TRUE;
}

MaKeyValueFile *
ma_key_value_file_parse_at (MaKeyValueKind  kind,
                            const char     *text,
                            gssize          length,
                            const char     *source_name,
                            guint           first_line,
                            GError        **error)
{
  g_autoptr(MaKeyValueFile) self = NULL;
  MaLineScanner s;
  gsize len;
  guint n_lines = 0;
  guint n_unknown = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source_name == NULL)
    source_name = kind_name (kind);
  len = length < 0 ? strlen (text) : (gsize) length;
  if (!ma_scan_check_text (text, len, source_name, error))
    return NULL;

  self = g_new0 (MaKeyValueFile, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->names = ma_name_pool_new ();
  self->values = g_array_new (FALSE, TRUE, sizeof (MaKeyValue));
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  ma_line_scanner_init (&s, text, len, source_name);
  s.line_no = first_line - 1;

  while (ma_line_scanner_next (&s))
    {
      g_autoptr(GError) local_error = NULL;
      MaKeyValue kv = { 0 };
      gboolean shape_ok;

      if (ma_skip_blanks (s.line, s.line_end) == s.line_end)
        continue;
      n_lines++;

      if (parse_line (self, &s, &kv, &shape_ok, &local_error))
        {
          g_array_append_val (self->values, kv);
          continue;
        }

      if (ma_line_scanner_at_cut_end (&s) && self->values->len > 0)
        {
          g_autofree char *q = ma_scan_quote (s.line, s.line_end);
          ma_scan_warn (self->warnings, &s, _("the last line %s is cut short and was ignored"), q);
          break;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (self->values->len == 0)
        {
          g_autofree char *q = ma_scan_quote (ma_skip_blanks (s.line, s.line_end), s.line_end);
          ma_scan_set_error (error, &s, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                             /* Translators: the first %s is the form of a line (“Name: value
                              * kB”), the last a file name under /proc */
                             _("expected “%s”, found %s; this is not /proc/%s"),
                             /* Translators: the form of a line of /proc/meminfo, then of
                              * /proc/vmstat */
                             kind == MA_KEY_VALUE_MEMINFO ? _("Name: value kB") : _("name value"),
                             q, kind_name (kind));
          return NULL;
        }
      if (n_unknown++ < 5)
        {
          g_autofree char *q = ma_scan_quote (ma_skip_blanks (s.line, s.line_end), s.line_end);
          ma_scan_warn (self->warnings, &s, _("unrecognised line %s skipped"), q);
        }
    }

  if (self->values->len == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY, _("%s: the file is empty"),
                   source_name);
      return NULL;
    }
  if (n_unknown > MAX_UNKNOWN_LINES && n_unknown * 4 > n_lines)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: %u of %u lines are not “name value” lines"), source_name, n_unknown,
                   n_lines);
      return NULL;
    }

  g_ptr_array_add (self->warnings, NULL);
  return g_steal_pointer (&self);
}

/**
 * ma_key_value_file_parse:
 * @kind: the file kind
 * @text: the file contents
 * @length: length of @text, or -1 if NUL-terminated
 * @source_name: (nullable): the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Parses /proc/meminfo (`Key: value [kB]`) or /proc/vmstat (`key value`) into an ordered list,
 * keeping every key.
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with @error set
 */
MaKeyValueFile *
ma_key_value_file_parse (MaKeyValueKind  kind,
                         const char     *text,
                         gssize          length,
                         const char     *source_name,
                         GError        **error)
{
  return ma_key_value_file_parse_at (kind, text, length, source_name, 1, error);
}

/**
 * ma_key_value_file_ref:
 * @self: a #MaKeyValueFile
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaKeyValueFile *
ma_key_value_file_ref (MaKeyValueFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_key_value_file_unref:
 * @self: (transfer full): a #MaKeyValueFile
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_key_value_file_unref (MaKeyValueFile *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  ma_name_pool_free (self->names);
  g_array_unref (self->values);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/**
 * ma_key_value_file_get_kind:
 * @self: a #MaKeyValueFile
 *
 * Returns: the kind given to the parser
 */
MaKeyValueKind
ma_key_value_file_get_kind (const MaKeyValueFile *self)
{
  g_return_val_if_fail (self != NULL, MA_KEY_VALUE_MEMINFO);
  return self->kind;
}

/**
 * ma_key_value_file_get_n_values:
 * @self: a #MaKeyValueFile
 *
 * Returns: the number of lines read
 */
guint
ma_key_value_file_get_n_values (const MaKeyValueFile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->values->len;
}

/**
 * ma_key_value_file_get_value:
 * @self: a #MaKeyValueFile
 * @index: a line index
 *
 * Returns: (transfer none): the value
 */
const MaKeyValue *
ma_key_value_file_get_value (const MaKeyValueFile *self,
                             guint                 index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->values->len, NULL);
  return &g_array_index (self->values, MaKeyValue, index);
}

/**
 * ma_key_value_file_lookup:
 * @self: a #MaKeyValueFile
 * @name: a key
 *
 * Returns: (transfer none) (nullable): the first line with that key
 */
const MaKeyValue *
ma_key_value_file_lookup (const MaKeyValueFile *self,
                          const char           *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->values->len; i++)
    {
      const MaKeyValue *kv = &g_array_index (self->values, MaKeyValue, i);
      if (strcmp (kv->name, name) == 0)
        return kv;
    }
  return NULL;
}

/**
 * ma_key_value_file_get:
 * @self: a #MaKeyValueFile
 * @name: a key
 * @value: (out) (optional): the value, in the file's unit
 *
 * Returns: %TRUE if the key exists
 */
gboolean
ma_key_value_file_get (const MaKeyValueFile *self,
                       const char           *name,
                       guint64              *value)
{
  const MaKeyValue *kv = ma_key_value_file_lookup (self, name);

  if (kv == NULL)
    return FALSE;
  if (value)
    *value = kv->value;
  return TRUE;
}

/**
 * ma_key_value_file_get_warnings:
 * @self: a #MaKeyValueFile
 *
 * Returns: (transfer none) (array zero-terminated=1): warnings collected while parsing
 */
const char * const *
ma_key_value_file_get_warnings (const MaKeyValueFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->warnings->pdata;
}

/**
 * ma_key_value_file_equal:
 * @a: a #MaKeyValueFile
 * @b: another #MaKeyValueFile
 *
 * Returns: %TRUE if both hold the same lines
 */
gboolean
ma_key_value_file_equal (const MaKeyValueFile *a,
                         const MaKeyValueFile *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->kind != b->kind || a->values->len != b->values->len)
    return FALSE;
  for (guint i = 0; i < a->values->len; i++)
    {
      const MaKeyValue *x = &g_array_index (a->values, MaKeyValue, i);
      const MaKeyValue *y = &g_array_index (b->values, MaKeyValue, i);

      if (x->value != y->value || x->line != y->line || strcmp (x->name, y->name) != 0 ||
          g_strcmp0 (x->unit, y->unit) != 0)
        return FALSE;
    }
  return TRUE;
}
