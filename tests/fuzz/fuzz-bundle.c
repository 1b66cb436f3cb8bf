/* fuzz-bundle.c: snapshot bundles (.json), loaded and opened as the app opens them
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
  g_autoptr(MaSnapshot) snapshot = ma_snapshot_new_from_bundle ((const char *) data, size,
                                                                "snapshot.json", &error);

  if (snapshot == NULL)
    {
      fuzz_check_error (error);
      return 0;
    }
  fuzz_snapshot_use (snapshot);
  return 0;
}
