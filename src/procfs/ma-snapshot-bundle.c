/* ma-snapshot-bundle.c: snapshots as one JSON file
 *
 * A bundle holds the verbatim text of every file (so reading it back runs the same parsers on
 * the same bytes and gives the same structs), the sysctls as text, the metadata, the page
 * frames as run-length encoded varints, and the capture notes:
 *
 *   {
 *     "format": "memory-atlas-snapshot",
 *     "version": 1,
 *     "metadata": { "source": …, "hostname": …, "kernel_release": …, "machine": …,
 *                   "page_size": 4096, "n_cpus": 8, "capture_time_us": …, "capture_time": … },
 *     "transparent_hugepage_enabled": "always [madvise] never\n",
 *     "sysctl": { "lowmem_reserve_ratio": "256\t256\t32\t0\t0\n", "min_free_kbytes": … },
 *     "files": { "zoneinfo": "Node 0, zone      DMA\n…", "buddyinfo": …, "kernel_log": … },
 *     "first_lines": { "buddyinfo": 214 },     (parts cut from pasted text, when not line 1)
 *     "kpageflags": { "frames": N, "runs": R, "encoding": "leb128-base64", "data": "…" },
 *     "kpagecount": { … },
 *     "notes": [ "pagetypeinfo: not readable without root" ]
 *   }
 *
 * Writing is deterministic (fixed member order, sorted sysctls, integers only), so write → read
 * → write gives the same bytes. A text that is not valid UTF-8 is stored as {"base64": "…"}.
 * "capture_time" is a readable copy of "capture_time_us", which is the one read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot-bundle"

#include "config.h"

#include <json-glib/json-glib.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-json-utf8.h"
#include "ma-limits.h"
#include "ma-snapshot.h"
#include "ma-snapshot-limits.h"
#include "ma-snapshot-private.h"

#define BUNDLE_FORMAT "memory-atlas-snapshot"
#define RLE_ENCODING  "leb128-base64"

static void
add_text_member (JsonBuilder *b,
                 const char  *name,
                 const char  *text,
                 gsize        length)
{
  json_builder_set_member_name (b, name);
  if (g_utf8_validate (text, (gssize) length, NULL) && memchr (text, '\0', length) == NULL)
    json_builder_add_string_value (b, text);
  else
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *) text, length);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "base64");
      json_builder_add_string_value (b, b64);
      json_builder_end_object (b);
    }
}

static void
add_rle_member (JsonBuilder *b,
                const char  *name,
                MaPageRle   *rle)
{
  g_autofree char *data = NULL;

  if (rle == NULL)
    return;
  data = ma_page_rle_to_base64 (rle);
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, (gint64) ma_page_rle_get_n_frames (rle));
  json_builder_set_member_name (b, "runs");
  json_builder_add_int_value (b, ma_page_rle_get_n_runs (rle));
  json_builder_set_member_name (b, "encoding");
  json_builder_add_string_value (b, RLE_ENCODING);
  json_builder_set_member_name (b, "data");
  json_builder_add_string_value (b, data);
  json_builder_end_object (b);
}

/**
 * ma_snapshot_to_bundle:
 * @self: a #MaSnapshot
 *
 * Serialises the snapshot into a bundle (JSON, UTF-8, ending with a newline).
 *
 * Returns: (transfer full): the bundle bytes
 */
GBytes *
ma_snapshot_to_bundle (MaSnapshot *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) sysctls = NULL;
  const char * const *notes;
  GString *out;
  gboolean any_file = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, BUNDLE_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, MA_SNAPSHOT_BUNDLE_VERSION);

  json_builder_set_member_name (b, "metadata");
  json_builder_begin_object (b);
#define STR_MEMBER(name, value) \
  if ((value) != NULL) \
    { \
      json_builder_set_member_name (b, name); \
      json_builder_add_string_value (b, value); \
    }
  STR_MEMBER ("source", ma_snapshot_get_source (self));
  STR_MEMBER ("hostname", ma_snapshot_get_hostname (self));
  STR_MEMBER ("kernel_release", ma_snapshot_get_kernel_release (self));
  STR_MEMBER ("machine", ma_snapshot_get_machine (self));
#undef STR_MEMBER
  if (ma_snapshot_get_recorded_page_size (self) != 0)
    {
      json_builder_set_member_name (b, "page_size");
      json_builder_add_int_value (b, ma_snapshot_get_recorded_page_size (self));
    }
  if (ma_snapshot_get_n_cpus (self) != 0)
    {
      json_builder_set_member_name (b, "n_cpus");
      json_builder_add_int_value (b, ma_snapshot_get_n_cpus (self));
    }
  if (ma_snapshot_get_capture_time (self) != 0)
    {
      gint64 seconds = ma_snapshot_get_capture_time (self) / G_USEC_PER_SEC;
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

      json_builder_set_member_name (b, "capture_time_us");
      json_builder_add_int_value (b, ma_snapshot_get_capture_time (self));
      if (dt != NULL)
        {
          g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

          json_builder_set_member_name (b, "capture_time");
          json_builder_add_string_value (b, iso);
        }
    }
  json_builder_end_object (b);

  if (ma_snapshot_get_thp_enabled (self) != NULL)
    {
      const char *thp = ma_snapshot_get_thp_enabled (self);
      add_text_member (b, "transparent_hugepage_enabled", thp, strlen (thp));
    }

  sysctls = ma_snapshot_list_sysctls (self);
  if (sysctls[0] != NULL)
    {
      json_builder_set_member_name (b, "sysctl");
      json_builder_begin_object (b);
      for (char **n = sysctls; *n != NULL; n++)
        {
          const char *text = ma_snapshot_get_sysctl_text (self, *n);
          add_text_member (b, *n, text, strlen (text));
        }
      json_builder_end_object (b);
    }

  for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_KERNEL_LOG; k++)
    {
      gsize len;
      const char *text = ma_snapshot_get_text (self, k, &len);

      if (text == NULL)
        continue;
      if (!any_file)
        {
          json_builder_set_member_name (b, "files");
          json_builder_begin_object (b);
          any_file = TRUE;
        }
      add_text_member (b, ma_procfs_kind_to_string (k), text, len);
    }
  if (any_file)
    {
      gboolean any_offset = FALSE;

      json_builder_end_object (b);
      for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_KERNEL_LOG; k++)
        {
          guint first = ma_snapshot_get_part_first_line (self, k);

          if (first == 1 || ma_snapshot_get_text (self, k, NULL) == NULL)
            continue;
          if (!any_offset)
            {
              json_builder_set_member_name (b, "first_lines");
              json_builder_begin_object (b);
              any_offset = TRUE;
            }
          json_builder_set_member_name (b, ma_procfs_kind_to_string (k));
          json_builder_add_int_value (b, first);
        }
      if (any_offset)
        json_builder_end_object (b);
    }

  add_rle_member (b, "kpageflags", ma_snapshot_get_kpageflags (self));
  add_rle_member (b, "kpagecount", ma_snapshot_get_kpagecount (self));

  notes = ma_snapshot_get_notes (self);
  if (notes[0] != NULL)
    {
      json_builder_set_member_name (b, "notes");
      json_builder_begin_array (b);
      for (; *notes != NULL; notes++)
        json_builder_add_string_value (b, *notes);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  out = g_string_new (NULL);
  json_generator_to_gstring (gen, out);
  g_string_append_c (out, '\n');

  return g_string_free_to_bytes (out);
}

/* --- reading -------------------------------------------------------------------------------- */

static gboolean
bad_member (GError     **error,
            const char  *source_name,
            const char  *member,
            const char  *expected)
{
  g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
               /* Translators: the file, a JSON member name, then what it should be (“a
                * string”, “an object”, …) */
               _("%s: “%s” should be %s"), source_name, member, expected);
  return FALSE;
}

static gboolean
get_string (JsonObject   *obj,
            const char   *member,
            const char   *path,
            const char   *source_name,
            const char  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_member (error, source_name, path, _("a string"));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *obj,
         const char  *member,
         const char  *path,
         const char  *source_name,
         gint64       min,
         gint64       max,
         gint64      *out,
         gboolean    *present,
         GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  gint64 v;

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_member (error, source_name, path, _("a whole number"));
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                   _("%s: “%s” is out of range: %" PRId64 " (it goes from %" PRId64
                     " to %" PRId64 ")"), source_name, path, v, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* A text member: a string, or {"base64": "…"}. */
static char *
get_text (JsonNode    *node,
          const char  *path,
          const char  *source_name,
          gsize       *length,
          GError     **error)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      *length = strlen (s);
      return g_strdup (s);
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      const char *b64 = NULL;

      if (!get_string (o, "base64", path, source_name, &b64, error))
        return NULL;
      if (b64 != NULL)
        {
          guchar *raw = g_base64_decode (b64, length);
          char *text = g_malloc (*length + 1);

          /* callers treat texts as strings too */
          memcpy (text, raw, *length);
          text[*length] = '\0';
          g_free (raw);
          return text;
        }
    }
  bad_member (error, source_name, path, _("a string"));
  return NULL;
}

static MaPageRle *
get_rle (JsonObject  *root,
         const char  *member,
         const char  *source_name,
         GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonObject *o;
  const char *encoding = NULL;
  const char *data = NULL;
  gint64 frames = 0;
  gboolean present;
  g_autofree char *where = g_strdup_printf ("%s (%s)", source_name, member);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bad_member (error, source_name, member, _("an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  if (!get_string (o, "encoding", "encoding", where, &encoding, error) ||
      !get_string (o, "data", "data", where, &data, error) ||
      !get_int (o, "frames", "frames", where, 0, (gint64) MA_LIMIT_PAGE_FLAG_FRAMES, &frames,
                &present, error))
    return NULL;
  if (g_strcmp0 (encoding, RLE_ENCODING) != 0 || data == NULL || !present)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: expected “frames”, “encoding”: “%s” and “data”"), where,
                   RLE_ENCODING);
      return NULL;
    }
  return ma_page_rle_new_from_base64 (data, (guint64) frames, where, error);
}

/**
 * ma_snapshot_new_from_bundle:
 * @data: (array length=length): the bundle
 * @length: its length
 * @source_name: the name used in messages (the bundle's path)
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Reads a bundle written by ma_snapshot_to_bundle() (this or an older format version).
 * Messages about a file inside name both: `snapshot.json (zoneinfo), line 14: …`.
 *
 * Returns: (transfer full) (nullable): the snapshot
 */
MaSnapshot *
ma_snapshot_new_from_bundle (const char  *data,
                             gsize        length,
                             const char  *source_name,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MaSnapshot) self = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonNode *root_node;
  JsonObject *root;
  JsonNode *node;
  const char *format = NULL;
  gint64 version = 0;
  gboolean present;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (source_name == NULL)
    /* Translators: names a snapshot bundle in messages when it has no file name */
    source_name = _("snapshot bundle");

  if (length == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_EMPTY, _("%s: the file is empty"),
                   source_name);
      return NULL;
    }
  if (!ma_json_parser_load (parser, data, (gssize) length, &json_error))
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: not a valid snapshot bundle (%s)"), source_name, json_error->message);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: not a snapshot bundle (expected a JSON object)"), source_name);
      return NULL;
    }
  if (!ma_json_node_is_utf8 (root_node))
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: not a valid snapshot bundle (a text in it is not valid UTF-8)"),
                   source_name);
      return NULL;
    }
  root = json_node_get_object (root_node);
  if (!get_string (root, "format", "format", source_name, &format, error))
    return NULL;
  if (g_strcmp0 (format, BUNDLE_FORMAT) != 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: not a Memory Atlas snapshot bundle (“format” is not “%s”)"),
                   source_name, BUNDLE_FORMAT);
      return NULL;
    }
  if (!get_int (root, "version", "version", source_name, 1, G_MAXINT, &version, &present, error))
    return NULL;
  if (!present)
    {
      bad_member (error, source_name, "version", _("a whole number"));
      return NULL;
    }
  if (version > MA_SNAPSHOT_BUNDLE_VERSION)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNSUPPORTED_VERSION,
                   _("%s: written by a newer Memory Atlas (bundle version %" PRId64
                     "); this version reads bundles up to version %d"), source_name, version,
                   MA_SNAPSHOT_BUNDLE_VERSION);
      return NULL;
    }

  self = ma_snapshot_new ();

  node = json_object_get_member (root, "metadata");
  if (node != NULL)
    {
      JsonObject *m;
      const char *s = NULL;
      gint64 v = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_member (error, source_name, "metadata", _("an object"));
          return NULL;
        }
      m = json_node_get_object (node);
#define STR(member, setter) \
      if (!get_string (m, member, "metadata." member, source_name, &s, error)) return NULL; \
      setter (self, s);
      STR ("source", ma_snapshot_set_source);
      STR ("hostname", ma_snapshot_set_hostname);
      STR ("kernel_release", ma_snapshot_set_kernel_release);
      STR ("machine", ma_snapshot_set_machine);
#undef STR
      if (!get_int (m, "page_size", "metadata.page_size", source_name, 0, G_MAXUINT32, &v,
                    &present, error))
        return NULL;
      if (present)
        ma_snapshot_set_page_size (self, (guint) v);
      if (!get_int (m, "n_cpus", "metadata.n_cpus", source_name, 0, MA_LIMIT_NR_CPUS, &v, &present,
                    error))
        return NULL;
      if (present)
        ma_snapshot_set_n_cpus (self, (guint) v);
      if (!get_int (m, "capture_time_us", "metadata.capture_time_us", source_name, G_MININT64,
                    G_MAXINT64, &v, &present, error))
        return NULL;
      if (present)
        ma_snapshot_set_capture_time (self, v);
    }

  node = json_object_get_member (root, "transparent_hugepage_enabled");
  if (node != NULL)
    {
      gsize len;
      g_autofree char *text = get_text (node, "transparent_hugepage_enabled", source_name, &len,
                                        error);
      g_autoptr(GError) local_error = NULL;

      if (text == NULL)
        return NULL;
      if (!ma_snapshot_set_thp_enabled (self, text, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", source_name);
          return NULL;
        }
    }

  node = json_object_get_member (root, "sysctl");
  if (node != NULL)
    {
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_member (error, source_name, "sysctl", _("an object"));
          return NULL;
        }
      members = json_object_get_members (json_node_get_object (node));
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;
          g_autofree char *path = g_strdup_printf ("sysctl.%s", name);
          gsize len;
          JsonNode *value = json_object_get_member (json_node_get_object (node), name);
          g_autofree char *text = get_text (value, path, source_name, &len, error);
          g_autoptr(GError) local_error = NULL;

          if (text == NULL)
            return NULL;
          if (*name == '\0' || !ma_snapshot_set_sysctl (self, name, text, &local_error))
            {
              if (local_error == NULL)
                bad_member (error, source_name, "sysctl", _("named entries"));
              else
                g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                            source_name);
              return NULL;
            }
        }
    }

  node = json_object_get_member (root, "files");
  if (node != NULL)
    {
      JsonObject *files;
      JsonNode *first_lines_node;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_member (error, source_name, "files", _("an object"));
          return NULL;
        }
      files = json_node_get_object (node);
      first_lines_node = json_object_get_member (root, "first_lines");
      if (first_lines_node != NULL && !JSON_NODE_HOLDS_OBJECT (first_lines_node))
        {
          bad_member (error, source_name, "first_lines", _("an object"));
          return NULL;
        }
      /* in kind order, whatever the member order of the JSON */
      for (guint k = MA_PROCFS_KIND_ZONEINFO; k <= MA_PROCFS_KIND_KERNEL_LOG; k++)
        {
          const char *name = ma_procfs_kind_to_string (k);
          JsonNode *f = json_object_get_member (files, name);
          g_autofree char *path = g_strdup_printf ("files.%s", name);
          g_autofree char *where = g_strdup_printf ("%s (%s)", source_name, name);
          g_autofree char *text = NULL;
          gint64 first_line = 1;
          gsize len;

          if (f == NULL)
            continue;
          if (first_lines_node != NULL)
            {
              g_autofree char *fl_path = g_strdup_printf ("first_lines.%s", name);
              gboolean fl_present;

              if (!get_int (json_node_get_object (first_lines_node), name, fl_path, source_name,
                            1, G_MAXUINT32, &first_line, &fl_present, error))
                return NULL;
            }
          text = get_text (f, path, source_name, &len, error);
          if (text == NULL ||
              !ma_snapshot_add_part_at (self, k, text, len, where, (guint) first_line, error))
            return NULL;
        }
      {
        g_autoptr(GList) members = json_object_get_members (files);

        for (GList *l = members; l != NULL; l = l->next)
          {
            MaProcfsKind k = ma_procfs_kind_from_string (l->data);

            if (k < MA_PROCFS_KIND_ZONEINFO || k > MA_PROCFS_KIND_KERNEL_LOG)
              {
                g_autofree char *w = g_strdup_printf (_("%s: unknown file “%s” in the bundle "
                                                        "was ignored"), source_name,
                                                      (const char *) l->data);
                ma_snapshot_add_warning (self, w);
              }
          }
      }
    }

  for (guint k = MA_PROCFS_KIND_KPAGEFLAGS; k <= MA_PROCFS_KIND_KPAGECOUNT; k++)
    {
      const char *name = ma_procfs_kind_to_string (k);
      g_autoptr(MaPageRle) rle = NULL;

      if (!json_object_has_member (root, name))
        continue;
      rle = get_rle (root, name, source_name, error);
      if (rle == NULL)
        return NULL;
      ma_snapshot_set_page_flags (self, k, rle);
    }

  node = json_object_get_member (root, "notes");
  if (node != NULL)
    {
      JsonArray *notes;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          bad_member (error, source_name, "notes", _("a list of strings"));
          return NULL;
        }
      notes = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (notes); i++)
        {
          JsonNode *n = json_array_get_element (notes, i);

          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
            {
              bad_member (error, source_name, "notes", _("a list of strings"));
              return NULL;
            }
          ma_snapshot_add_note (self, json_node_get_string (n));
        }
    }

  if (!ma_snapshot_limits_check (self, source_name, error))
    return NULL;
  return g_steal_pointer (&self);
}
