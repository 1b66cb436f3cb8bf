/* fuzz-preset.c: machine descriptions (presets, File → Open of a machine .json), loaded, built
 * into a machine, and written back
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "ma-machine-spec.h"

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
  g_autoptr(MaMachineSpec) spec = ma_machine_spec_new_from_json ((const char *) data,
                                                                 (gssize) size, "machine.json",
                                                                 &error);
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(MaMachineSpec) back = NULL;

  if (spec == NULL)
    {
      fuzz_check_error (error);
      return 0;
    }

  /* what the app saves with a simulation reads back as the same machine */
  json = ma_machine_spec_to_json (spec);
  back = ma_machine_spec_new_from_json (json, -1, "written", &error);
  if (back == NULL)
    {
      fprintf (stderr, "a written machine description does not load back: %s\n", error->message);
      abort ();
    }
  again = ma_machine_spec_to_json (back);
  if (g_strcmp0 (json, again) != 0)
    {
      fprintf (stderr, "a written machine description loads back different\n");
      abort ();
    }

  if (fuzz_spec_is_small (spec))
    {
      g_autoptr(MaMachine) machine = ma_machine_new (spec, 1, &error);

      if (machine != NULL)
        fuzz_check_machine (machine);
      else
        fuzz_check_error (error);
    }
  return 0;
}
