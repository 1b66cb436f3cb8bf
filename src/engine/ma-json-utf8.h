/* ma-json-utf8.h: JSON documents and their parse errors, UTF-8 whatever the file holds
 *
 * json-glib 1.6 (Debian 12) reads GScanner's octal escapes inside strings: "\355" in a file
 * that is itself valid UTF-8 becomes the lone byte 0xED. A loader that kept such a string would
 * hand GTK a label it refuses, and write a file json-glib then refuses to read back ("JSON
 * data must be UTF-8 encoded"); its parse errors quote such strings too. The fuzzers found all
 * three. Loaders of our JSON formats parse with ma_json_parser_load() and check the whole tree
 * once, right after parsing, and refuse the file.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

static inline gboolean
ma_json_node_is_utf8 (JsonNode *node)
{
  if (node == NULL)
    return TRUE;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !ma_json_node_is_utf8 (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!ma_json_node_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING
             || g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/* json_parser_load_from_data(), with an error message that is UTF-8. */
static inline gboolean
ma_json_parser_load (JsonParser  *parser,
                     const char  *data,
                     gssize       length,
                     GError     **error)
{
  if (json_parser_load_from_data (parser, data, length, error))
    return TRUE;
  if (error != NULL && *error != NULL && !g_utf8_validate ((*error)->message, -1, NULL))
    {
      char *valid = g_utf8_make_valid ((*error)->message, -1);

      g_free ((*error)->message);
      (*error)->message = valid;
    }
  return FALSE;
}

G_END_DECLS
