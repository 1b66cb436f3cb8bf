/* ma-presets.c: the machine presets compiled into the engine, and user presets on disk
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-presets"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "ma-engine-resources.h"
#include "ma-machine-spec.h"

#define PRESETS_PATH RESOURCE_PREFIX "/presets/"

/* The order menus show them in: small to large. */
static const char *const builtin[] = {
  "tiny-64m",
  "i386-highmem-1g",
  "i386-pae-8g",
  "x86_64-16g",
  "numa-2node-64g",
  "arm64-4node-256g",
  "x86_64-1t",
  NULL,
};

const char *const *
ma_presets_list (void)
{
  return builtin;
}

static gboolean
is_builtin (const char *name)
{
  return g_strv_contains (builtin, name);
}

/**
 * ma_presets_load:
 * @name_or_path: a built-in preset's name, a file name (anything with a '/' or ending in
 *   ".json"), or the name of a preset in $XDG_DATA_HOME/memory-atlas/presets/
 * @error: where a missing or broken preset is reported
 *
 * Returns: (transfer full): the machine description
 */
MaMachineSpec *
ma_presets_load (const char  *name_or_path,
                 GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *user_path = NULL;

  g_return_val_if_fail (name_or_path != NULL, NULL);

  if (is_builtin (name_or_path))
    {
      g_autofree char *path = g_strconcat (PRESETS_PATH, name_or_path, ".json", NULL);
      /* Looked up in the engine's own resource: a static library's constructor that would
       * register it globally is dropped by the linker when nothing else refers to it. */
      g_autoptr(GBytes) bytes = g_resource_lookup_data (ma_engine_get_resource (), path,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      gsize len = 0;
      const char *data;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      return ma_machine_spec_new_from_json (data, (gssize) len, name_or_path, error);
    }

  if (strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".json"))
    return ma_machine_spec_new_from_file ((file = g_file_new_for_commandline_arg (name_or_path)),
                                          error);

  user_path = g_build_filename (g_get_user_data_dir (), "memory-atlas", "presets", NULL);
  {
    g_autofree char *base = g_strconcat (name_or_path, ".json", NULL);
    g_autofree char *path = g_build_filename (user_path, base, NULL);

    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return ma_machine_spec_new_from_file ((file = g_file_new_for_path (path)), error);
  }

  {
    g_autofree char *names = g_strjoinv (", ", (char **) builtin);

    g_set_error (error, MA_MACHINE_SPEC_ERROR, MA_MACHINE_SPEC_ERROR_NOT_FOUND,
                 _("There is no preset called “%s”. The built-in presets are %s; your own go in %s "
                   "or can be given as a path to a .json file"), name_or_path, names, user_path);
  }
  return NULL;
}
