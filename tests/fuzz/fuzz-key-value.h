/* fuzz-key-value.h: what the meminfo and vmstat targets share: the same parser, two syntaxes
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fuzz-snapshot.h"

G_BEGIN_DECLS

/* Parses @data as a key-value file of @kind (every value must be found by its name), then
 * opens it as the file @file_name, machine included. */
static inline void
fuzz_key_value_file (MaKeyValueKind  kind,
                     const char     *file_name,
                     const guint8   *data,
                     size_t          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKeyValueFile) kv = ma_key_value_file_parse (kind, (const char *) data,
                                                          (gssize) size, file_name, &error);

  if (kv == NULL)
    fuzz_check_error (error);
  else
    {
      for (guint i = 0; i < ma_key_value_file_get_n_values (kv); i++)
        {
          const MaKeyValue *v = ma_key_value_file_get_value (kv, i);
          guint64 value;

          if (ma_key_value_file_lookup (kv, v->name) == NULL
              || !ma_key_value_file_get (kv, v->name, &value))
            abort ();
        }
      if (!ma_key_value_file_equal (kv, kv))
        abort ();
      fuzz_check_texts (ma_key_value_file_get_warnings (kv), G_MAXUINT);
    }

  fuzz_snapshot_file (file_name, data, size);
}

G_END_DECLS
