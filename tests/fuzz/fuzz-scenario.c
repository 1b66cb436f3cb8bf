/* fuzz-scenario.c: scenarios (.json), loaded with their machine
 *
 * A scenario names its machine's preset. Built-in presets of at most FUZZ_MAX_FRAMES are used
 * as named; a larger one, or a preset given as a path (which would make the fuzzer read files
 * at random), is replaced by tiny-64m, as `--preset` does on the command line. The scenario is
 * not played: a tick of the simulation is the engine's work, not the loader's, and takes up to
 * a second under the fuzzer's instrumentation.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "ma-machine-spec.h"
#include "ma-simulation.h"

static GHashTable *small_presets;

/* declared here, not in a header: test-fuzz-regressions.c includes each target renamed */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *const *names = ma_presets_list ();

  fuzz_init ();
  small_presets = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(MaMachineSpec) spec = ma_presets_load (names[i], NULL);

      if (spec != NULL && fuzz_spec_is_small (spec))
        g_hash_table_add (small_presets, (gpointer) names[i]);
    }
  return 0;
}

/* The preset the scenario may use as it names it, or the one to use instead. */
static const char *
preset_override (const guint8 *data,
                 size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *preset;
  const char *name;

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  preset = json_object_get_member (json_node_get_object (root), "preset");
  if (preset == NULL || !JSON_NODE_HOLDS_VALUE (preset)
      || json_node_get_value_type (preset) != G_TYPE_STRING)
    return "tiny-64m";     /* no preset: the default is 16 GiB */
  name = json_node_get_string (preset);
  if (g_hash_table_contains (small_presets, name))
    return NULL;
  if (g_strv_contains (ma_presets_list (), name) || strchr (name, '/') != NULL
      || g_str_has_suffix (name, ".json"))
    return "tiny-64m";
  return NULL;             /* a user preset's name: not found, an error to check */
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSimulation) sim = NULL;

  sim = ma_simulation_new_from_scenario ((const char *) data, (gssize) size, "scenario.json",
                                         preset_override (data, size), &error);
  if (sim == NULL)
    {
      fuzz_check_error (error);
      return 0;
    }

  /* what the load panel shows of a loaded scenario */
  (void) ma_simulation_get_title (sim);
  (void) ma_simulation_get_duration (sim);
  for (guint i = 0; i < ma_simulation_get_n_loads (sim); i++)
    {
      g_autofree char *status = NULL;
      gboolean running;

      (void) ma_simulation_get_load (sim, i, &running, &status);
    }
  fuzz_check_machine (ma_simulation_get_machine (sim));
  return 0;
}
