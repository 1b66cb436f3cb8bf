/* fuzz-vmstat.c: /proc/vmstat, parsed and then opened as a file
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-key-value.h"

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
  fuzz_key_value_file (MA_KEY_VALUE_VMSTAT, "vmstat", data, size);
  return 0;
}
