/* fuzz-vmstat.c: /proc/vmstat, parsed and then opened as a file
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-snapshot.h"

/* declared here, not in a header: test-fuzz-regressions.c includes each target renamed */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaKeyValueFile) kv = ma_key_value_file_parse (MA_KEY_VALUE_VMSTAT, (const char *) data,
                                                          (gssize) size, "vmstat", &error);

  if (kv == NULL)
    fuzz_check_error (error);
  else
    {
      /* every value is found by its name */
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

  fuzz_snapshot_file ("vmstat", data, size);
  return 0;
}
