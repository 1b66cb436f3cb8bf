/* fuzz-session.c: saved simulations (.json), loaded (their actions replayed) and saved again
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "ma-machine-spec.h"
#include "ma-session.h"

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

/* The machine the file describes, if it is one; the loader then builds it. */
static gboolean
machine_is_small (const guint8 *data,
                  size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(MaMachineSpec) spec = NULL;
  g_autofree char *json = NULL;
  JsonNode *root, *machine;

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return TRUE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  machine = json_object_get_member (json_node_get_object (root), "machine");
  if (machine == NULL || !JSON_NODE_HOLDS_OBJECT (machine))
    return TRUE;
  gen = json_generator_new ();
  json_generator_set_root (gen, machine);
  json = json_generator_to_data (gen, NULL);
  spec = ma_machine_spec_new_from_json (json, -1, "machine", NULL);
  return spec == NULL || fuzz_spec_is_small (spec);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSession) session = NULL;
  g_autoptr(MaSession) back = NULL;
  g_autofree char *json = NULL;

  if (!machine_is_small (data, size))
    return 0;
  session = ma_session_new_from_json ((const char *) data, (gssize) size, "simulation.json",
                                      &error);
  if (session == NULL)
    {
      fuzz_check_error (error);
      return 0;
    }
  fuzz_check_machine (ma_session_get_machine (session));

  /* Save writes what was loaded, and that loads again to the same machine. */
  json = ma_session_to_json (session);
  back = ma_session_new_from_json (json, -1, "saved", &error);
  if (back == NULL)
    {
      fprintf (stderr, "a saved simulation does not load back: %s\n", error->message);
      abort ();
    }
  if (ma_machine_hash_state (ma_session_get_machine (session))
      != ma_machine_hash_state (ma_session_get_machine (back)))
    {
      fprintf (stderr, "a saved simulation loads back as another machine\n");
      abort ();
    }
  return 0;
}
