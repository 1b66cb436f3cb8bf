/* ma-machine-spec.c: machine descriptions and the preset file format
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A preset is a JSON object:
 *
 *   { "name": "x86_64-16g", "title": "...", "description": "...",
 *     "arch": "x86_64", "kernel": "6.18", "page_size": 4096, "orders": 11,
 *     "pageblock_order": 9, "thp": true,
 *     "zones": ["DMA", "DMA32", "Normal", "Movable", "Device"],
 *     "zone_limits": { "DMA": "16M", "DMA32": "4G" },
 *     "sysctl": { "min_free_kbytes": "default", "watermark_scale_factor": 10,
 *                 "watermark_boost_factor": 15000, "lowmem_reserve_ratio": "default" },
 *     "reserve_memmap": true,
 *     "nodes": [ { "id": 0, "cpus": 8,
 *                  "memory":   [ ["0x1000", "0x9f000"], ["1M", "3G"], ["4G", "17G"] ],
 *                  "reserved": [ ["0x1000", "0x9f000"] ],
 *                  "movable_start": "12G" } ],
 *     "distance": [[10]] }
 *
 * Sizes and addresses are byte counts, as numbers or strings with an optional K/M/G/T suffix
 * (powers of 1024) or a 0x prefix; a range end of the form "+32M" is relative to its start.
 * Ranges are [start, end) and must be page aligned.
 */
#define G_LOG_DOMAIN "ma-machine-spec"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "ma-json-utf8.h"
#include "ma-limits.h"
#include "ma-machine-spec.h"

G_DEFINE_QUARK (ma-machine-spec-error-quark, ma_machine_spec_error)

#define SPEC_ERROR(error, code, ...) \
  g_set_error (error, MA_MACHINE_SPEC_ERROR, MA_MACHINE_SPEC_ERROR_##code, __VA_ARGS__)

/* 32-bit and 64-bit kernels both keep pfns below 2^52 with 4 KiB pages; the engine further
 * limits a node to 2^32 - 2 frames (its list links are 32-bit node-relative indices). */
#define MAX_PFN_LIMIT (G_GUINT64_CONSTANT (1) << 44)

MaMachineSpec *
ma_machine_spec_new (void)
{
  MaMachineSpec *spec = g_new0 (MaMachineSpec, 1);

  spec->kernel = MA_KERNEL_VERSION (6, 18, 0);
  spec->page_shift = 12;
  spec->nr_orders = 11;
  spec->pageblock_order = 9;
  spec->min_free_kbytes = -1;
  spec->watermark_scale_factor = 10;
  spec->watermark_boost_factor = 15000;
  spec->page_offset = G_GUINT64_CONSTANT (0xC0000000);
  for (guint i = 0; i < MA_MAX_NODES; i++)
    for (guint j = 0; j < MA_MAX_NODES; j++)
      spec->distance[i][j] = i == j ? 10 : 20;
  return spec;
}

void
ma_machine_spec_add_node (MaMachineSpec *spec,
                          guint          id,
                          guint          n_cpus)
{
  MaNodeSpec *node;

  g_return_if_fail (spec->n_nodes < MA_MAX_NODES);

  node = &spec->nodes[spec->n_nodes++];
  node->id = id;
  node->n_cpus = n_cpus;
  node->memory = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
  node->reserved = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
}

void
ma_machine_spec_add_memory (MaMachineSpec *spec,
                            guint          node_index,
                            guint64        start_pfn,
                            guint64        end_pfn)
{
  MaPfnRange r = { start_pfn, end_pfn };

  g_return_if_fail (node_index < spec->n_nodes);
  g_array_append_val (spec->nodes[node_index].memory, r);
}

void
ma_machine_spec_add_reserved (MaMachineSpec *spec,
                              guint          node_index,
                              guint64        start_pfn,
                              guint64        end_pfn)
{
  MaPfnRange r = { start_pfn, end_pfn };

  g_return_if_fail (node_index < spec->n_nodes);
  g_array_append_val (spec->nodes[node_index].reserved, r);
}

MaMachineSpec *
ma_machine_spec_copy (const MaMachineSpec *spec)
{
  MaMachineSpec *copy = g_memdup2 (spec, sizeof *spec);

  copy->name = g_strdup (spec->name);
  copy->title = g_strdup (spec->title);
  copy->description = g_strdup (spec->description);
  copy->arch = g_strdup (spec->arch);
  for (guint i = 0; i < spec->n_nodes; i++)
    {
      copy->nodes[i].memory = g_array_copy (spec->nodes[i].memory);
      copy->nodes[i].reserved = g_array_copy (spec->nodes[i].reserved);
    }
  return copy;
}

void
ma_machine_spec_free (MaMachineSpec *spec)
{
  if (spec == NULL)
    return;
  for (guint i = 0; i < spec->n_nodes; i++)
    {
      g_clear_pointer (&spec->nodes[i].memory, g_array_unref);
      g_clear_pointer (&spec->nodes[i].reserved, g_array_unref);
    }
  g_free (spec->name);
  g_free (spec->title);
  g_free (spec->description);
  g_free (spec->arch);
  g_free (spec);
}

guint64
ma_machine_spec_total_pages (const MaMachineSpec *spec)
{
  guint64 total = 0;

  for (guint i = 0; i < spec->n_nodes; i++)
    for (guint j = 0; j < spec->nodes[i].memory->len; j++)
      {
        const MaPfnRange *r = &g_array_index (spec->nodes[i].memory, MaPfnRange, j);
        total += r->end - r->start;
      }
  return total;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading JSON */

/* Parses "16M", "0x1000", "4294967296", "1.5G" is refused (no fractions). */
static gboolean
parse_size_text (const char *text,
                 guint64    *out)
{
  const char *p = text;
  char *end = NULL;
  guint64 v, mult = 1;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;

  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    v = g_ascii_strtoull (p + 2, &end, 16);
  else
    v = g_ascii_strtoull (p, &end, 10);
  if (end == p)
    return FALSE;

  while (g_ascii_isspace (*end))
    end++;
  switch (g_ascii_toupper (*end))
    {
    case 'K': mult = G_GUINT64_CONSTANT (1) << 10; end++; break;
    case 'M': mult = G_GUINT64_CONSTANT (1) << 20; end++; break;
    case 'G': mult = G_GUINT64_CONSTANT (1) << 30; end++; break;
    case 'T': mult = G_GUINT64_CONSTANT (1) << 40; end++; break;
    case 'P': mult = G_GUINT64_CONSTANT (1) << 50; end++; break;
    default: break;
    }
  if (g_ascii_toupper (*end) == 'I')
    end++;
  if (g_ascii_toupper (*end) == 'B')
    end++;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    return FALSE;
  if (v != 0 && mult > G_MAXUINT64 / v)
    return FALSE;
  *out = v * mult;
  return TRUE;
}

static gboolean
read_size (JsonNode    *node,
           const char  *what,
           guint64     *out,
           gboolean    *out_relative,
           GError     **error)
{
  if (out_relative)
    *out_relative = FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v < 0)
        goto bad;
      *out = (guint64) v;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (s[0] == '+' && out_relative)
        {
          *out_relative = TRUE;
          s++;
        }
      if (parse_size_text (s, out))
        return TRUE;
    }
bad:
  SPEC_ERROR (error, PARSE, "%s: expected a size in bytes such as 4096, \"0x1000\" or \"16M\"",
              what);
  return FALSE;
}

static gboolean
read_uint (JsonObject  *obj,
           const char  *member,
           guint64      min,
           guint64      max,
           guint64     *inout,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < (gint64) min || (guint64) json_node_get_int (node) > max)
    {
      SPEC_ERROR (error, PARSE, "“%s”: expected a whole number from %" G_GUINT64_FORMAT
                  " to %" G_GUINT64_FORMAT, member, min, max);
      return FALSE;
    }
  *inout = (guint64) json_node_get_int (node);
  return TRUE;
}

static const char *
read_string (JsonObject *obj,
             const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
read_ranges (JsonNode    *node,
             const char  *what,
             guint        page_shift,
             GArray      *out,
             GError     **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      SPEC_ERROR (error, PARSE, "%s: expected a list of [start, end] ranges", what);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonArray *pair;
      guint64 start, end;
      gboolean relative;
      MaPfnRange r;
      g_autofree char *where = g_strdup_printf ("%s, range %u", what, i + 1);
      guint64 page_size = G_GUINT64_CONSTANT (1) << page_shift;

      if (!JSON_NODE_HOLDS_ARRAY (item) || json_array_get_length (json_node_get_array (item)) != 2)
        {
          SPEC_ERROR (error, PARSE, "%s: expected [start, end]", where);
          return FALSE;
        }
      pair = json_node_get_array (item);
      if (!read_size (json_array_get_element (pair, 0), where, &start, NULL, error)
          || !read_size (json_array_get_element (pair, 1), where, &end, &relative, error))
        return FALSE;
      if (relative)
        {
          if (end > G_MAXUINT64 - start)
            {
              SPEC_ERROR (error, INVALID, "%s: the range ends beyond 2^64", where);
              return FALSE;
            }
          end += start;
        }
      if (start % page_size != 0 || end % page_size != 0)
        {
          SPEC_ERROR (error, INVALID, "%s: start and end must be multiples of the page size "
                      "(%" G_GUINT64_FORMAT " bytes)", where, page_size);
          return FALSE;
        }
      if (end <= start)
        {
          SPEC_ERROR (error, INVALID, "%s: the end must lie after the start", where);
          return FALSE;
        }
      r.start = start >> page_shift;
      r.end = end >> page_shift;
      g_array_append_val (out, r);
    }
  return TRUE;
}

static gboolean
read_sysctl (MaMachineSpec  *spec,
             JsonObject     *sysctl,
             GError        **error)
{
  JsonNode *node;
  guint64 v;

  node = json_object_get_member (sysctl, "min_free_kbytes");
  if (node != NULL && !(JSON_NODE_HOLDS_VALUE (node)
                        && json_node_get_value_type (node) == G_TYPE_STRING
                        && g_str_equal (json_node_get_string (node), "default"))
      && !JSON_NODE_HOLDS_NULL (node))
    {
      v = 0;
      if (!read_uint (sysctl, "min_free_kbytes", 1, G_MAXINT32, &v, error))
        return FALSE;
      spec->min_free_kbytes = (gint64) v;
    }

  v = spec->watermark_scale_factor;
  if (!read_uint (sysctl, "watermark_scale_factor", 1, 3000, &v, error))
    return FALSE;
  spec->watermark_scale_factor = (guint) v;

  v = spec->watermark_boost_factor;
  if (!read_uint (sysctl, "watermark_boost_factor", 0, G_MAXINT32, &v, error))
    return FALSE;
  spec->watermark_boost_factor = (guint) v;

  node = json_object_get_member (sysctl, "lowmem_reserve_ratio");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      guint n = json_array_get_length (a);

      if (n > MA_N_ZONE_TYPES)
        {
          SPEC_ERROR (error, INVALID, "“lowmem_reserve_ratio” has %u entries; at most %u zones "
                      "exist", n, MA_N_ZONE_TYPES);
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64
              || json_node_get_int (e) < 0 || json_node_get_int (e) > G_MAXINT32)
            {
              SPEC_ERROR (error, PARSE, "“lowmem_reserve_ratio”: expected whole numbers ≥ 0");
              return FALSE;
            }
          spec->lowmem_reserve_ratio[i] = (guint) json_node_get_int (e);
        }
      spec->n_lowmem_reserve_ratio = n;
    }
  else if (node != NULL && !(JSON_NODE_HOLDS_VALUE (node)
                             && json_node_get_value_type (node) == G_TYPE_STRING
                             && g_str_equal (json_node_get_string (node), "default")))
    {
      SPEC_ERROR (error, PARSE, "“lowmem_reserve_ratio”: expected a list of numbers or "
                  "\"default\"");
      return FALSE;
    }
  return TRUE;
}

/* The kernel places each node's memmap (64 bytes per present page) at the top of the node's
 * memory that is still free; on 32-bit it must be in lowmem. Runs on validated (sorted) ranges. */
static void
reserve_memmap (MaMachineSpec *spec,
                MaNodeSpec    *node,
                guint          bytes_per_page)
{
  guint64 present = 0, need, limit = G_MAXUINT64;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));

  for (guint i = 0; i < node->memory->len; i++)
    {
      const MaPfnRange *r = &g_array_index (node->memory, MaPfnRange, i);
      guint64 cursor = r->start;

      present += r->end - r->start;
      /* memory minus what is already reserved */
      for (guint j = 0; j < node->reserved->len; j++)
        {
          const MaPfnRange *res = &g_array_index (node->reserved, MaPfnRange, j);

          if (res->end <= cursor || res->start >= r->end)
            continue;
          if (res->start > cursor)
            {
              MaPfnRange c = { cursor, res->start };
              g_array_append_val (candidates, c);
            }
          cursor = MAX (cursor, res->end);
        }
      if (cursor < r->end)
        {
          MaPfnRange c = { cursor, r->end };
          g_array_append_val (candidates, c);
        }
    }

  need = (present * bytes_per_page + (G_GUINT64_CONSTANT (1) << spec->page_shift) - 1)
         >> spec->page_shift;
  if (spec->highmem)
    limit = spec->zone_limit[MA_ZONE_NORMAL];

  for (guint i = candidates->len; i-- > 0 && need > 0;)
    {
      const MaPfnRange *r = &g_array_index (candidates, MaPfnRange, i);
      guint64 top = MIN (r->end, limit);
      guint64 take;
      MaPfnRange res;

      if (top <= r->start)
        continue;
      take = MIN (need, top - r->start);
      res.start = top - take;
      res.end = top;
      g_array_append_val (node->reserved, res);
      need -= take;
    }
}

static gboolean
read_node (MaMachineSpec  *spec,
           JsonNode       *node_json,
           guint           index,
           GError        **error)
{
  g_autofree char *what = g_strdup_printf ("node %u", index);
  JsonObject *obj;
  JsonNode *member;
  guint64 id = index, cpus = 1;
  MaNodeSpec *node;

  if (!JSON_NODE_HOLDS_OBJECT (node_json))
    {
      SPEC_ERROR (error, PARSE, "%s: expected an object", what);
      return FALSE;
    }
  obj = json_node_get_object (node_json);
  if (!read_uint (obj, "id", 0, MA_MAX_NODES - 1, &id, error)
      || !read_uint (obj, "cpus", 0, MA_MAX_CPUS, &cpus, error))
    return FALSE;

  ma_machine_spec_add_node (spec, (guint) id, (guint) cpus);
  node = &spec->nodes[spec->n_nodes - 1];

  member = json_object_get_member (obj, "memory");
  if (member == NULL)
    {
      SPEC_ERROR (error, PARSE, "%s: “memory” is missing", what);
      return FALSE;
    }
  if (!read_ranges (member, what, spec->page_shift, node->memory, error))
    return FALSE;

  member = json_object_get_member (obj, "reserved");
  if (member != NULL && !read_ranges (member, what, spec->page_shift, node->reserved, error))
    return FALSE;

  member = json_object_get_member (obj, "movable_start");
  if (member != NULL)
    {
      guint64 bytes;

      if (!read_size (member, what, &bytes, NULL, error))
        return FALSE;
      spec->movable_start[spec->n_nodes - 1] = bytes >> spec->page_shift;
    }
  return TRUE;
}

MaMachineSpec *
ma_machine_spec_new_from_json (const char  *json,
                               gssize       length,
                               const char  *source_name,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(MaMachineSpec) spec = ma_machine_spec_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *member;
  const char *s;
  guint64 v;
  guint memmap_bytes = 64;

  if (!ma_json_parser_load (parser, json, length, &local_error))
    {
      SPEC_ERROR (error, PARSE, "%s is not a valid machine description: %s", source_name,
                  local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      SPEC_ERROR (error, PARSE, "%s is not a valid machine description: it is empty", source_name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      SPEC_ERROR (error, PARSE, "%s: expected a JSON object describing a machine", source_name);
      return NULL;
    }
  if (!ma_json_node_is_utf8 (json_parser_get_root (parser)))
    {
      SPEC_ERROR (error, PARSE, "%s is not a valid machine description: a text in it is not "
                  "valid UTF-8", source_name);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

#define FAIL_WITH_SOURCE() \
  G_STMT_START { \
    g_prefix_error (error, "%s: ", source_name); \
    return NULL; \
  } G_STMT_END

  if ((s = read_string (root, "name")))
    spec->name = g_strdup (s);
  if ((s = read_string (root, "title")))
    spec->title = g_strdup (s);
  if ((s = read_string (root, "description")))
    spec->description = g_strdup (s);
  spec->arch = g_strdup ((s = read_string (root, "arch")) ? s : "x86_64");

  if ((s = read_string (root, "kernel")) && !ma_kernel_version_parse (s, &spec->kernel))
    {
      SPEC_ERROR (error, PARSE, "%s: “kernel”: expected a version such as \"6.18\", found “%s”",
                  source_name, s);
      return NULL;
    }

  v = 4096;
  if (!read_uint (root, "page_size", 4096, 65536, &v, error))
    FAIL_WITH_SOURCE ();
  if ((v & (v - 1)) != 0)
    {
      SPEC_ERROR (error, INVALID, "%s: “page_size” must be a power of two", source_name);
      return NULL;
    }
  spec->page_shift = (guint) g_bit_nth_lsf (v, -1);

  v = spec->nr_orders;
  if (!read_uint (root, "orders", 1, MA_MAX_ORDERS, &v, error))
    FAIL_WITH_SOURCE ();
  spec->nr_orders = (guint) v;

  v = MIN (spec->pageblock_order, spec->nr_orders - 1);
  if (!read_uint (root, "pageblock_order", 0, MA_MAX_ORDERS - 1, &v, error))
    FAIL_WITH_SOURCE ();
  spec->pageblock_order = (guint) v;

  member = json_object_get_member (root, "thp");
  spec->thp = member != NULL && JSON_NODE_HOLDS_VALUE (member)
              && json_node_get_value_type (member) == G_TYPE_BOOLEAN
              && json_node_get_boolean (member);
  member = json_object_get_member (root, "highmem");
  spec->highmem = member != NULL && JSON_NODE_HOLDS_VALUE (member)
                  && json_node_get_value_type (member) == G_TYPE_BOOLEAN
                  && json_node_get_boolean (member);
  member = json_object_get_member (root, "pae");
  spec->pae = member != NULL && JSON_NODE_HOLDS_VALUE (member)
              && json_node_get_value_type (member) == G_TYPE_BOOLEAN
              && json_node_get_boolean (member);
  /* true: 64 bytes of struct page per page (64-bit); a number: that many bytes; false: none. */
  member = json_object_get_member (root, "reserve_memmap");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member)
      && json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    memmap_bytes = json_node_get_boolean (member) ? 64 : 0;
  else if (member != NULL)
    {
      v = 64;
      if (!read_uint (root, "reserve_memmap", 0, 1024, &v, error))
        FAIL_WITH_SOURCE ();
      memmap_bytes = (guint) v;
    }
  member = json_object_get_member (root, "page_offset");
  if (member != NULL && !read_size (member, "page_offset", &spec->page_offset, NULL, error))
    FAIL_WITH_SOURCE ();

  /* Zones */
  member = json_object_get_member (root, "zones");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      SPEC_ERROR (error, PARSE, "%s: “zones”: expected the list of configured zone types, such as "
                  "[\"DMA\", \"DMA32\", \"Normal\", \"Movable\"]", source_name);
      return NULL;
    }
  {
    JsonArray *a = json_node_get_array (member);

    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonNode *e = json_array_get_element (a, i);
        MaZoneType t;

        if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING
            || !ma_zone_type_from_name (json_node_get_string (e), &t))
          {
            SPEC_ERROR (error, PARSE, "%s: “zones”, entry %u: expected one of DMA, DMA32, Normal, "
                        "HighMem, Movable, Device", source_name, i + 1);
            return NULL;
          }
        if (spec->n_zone_types >= MA_N_ZONE_TYPES)
          {
            SPEC_ERROR (error, INVALID, "%s: “zones” lists too many zones", source_name);
            return NULL;
          }
        spec->zone_types[spec->n_zone_types++] = t;
      }
  }

  member = json_object_get_member (root, "zone_limits");
  if (member != NULL)
    {
      JsonObject *limits;
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          SPEC_ERROR (error, PARSE, "%s: “zone_limits”: expected an object such as "
                      "{\"DMA\": \"16M\"}", source_name);
          return NULL;
        }
      limits = json_node_get_object (member);
      names = json_object_get_members (limits);
      for (GList *l = names; l; l = l->next)
        {
          MaZoneType t;
          guint64 bytes;

          if (!ma_zone_type_from_name (l->data, &t))
            {
              SPEC_ERROR (error, PARSE, "%s: “zone_limits”: unknown zone “%s”", source_name,
                          (const char *) l->data);
              return NULL;
            }
          if (!read_size (json_object_get_member (limits, l->data), l->data, &bytes, NULL, error))
            FAIL_WITH_SOURCE ();
          spec->zone_limit[t] = bytes >> spec->page_shift;
        }
    }

  member = json_object_get_member (root, "sysctl");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          SPEC_ERROR (error, PARSE, "%s: “sysctl”: expected an object", source_name);
          return NULL;
        }
      if (!read_sysctl (spec, json_node_get_object (member), error))
        FAIL_WITH_SOURCE ();
    }

  member = json_object_get_member (root, "nodes");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member)
      || json_array_get_length (json_node_get_array (member)) == 0)
    {
      SPEC_ERROR (error, PARSE, "%s: “nodes”: expected a list of at least one node", source_name);
      return NULL;
    }
  {
    JsonArray *a = json_node_get_array (member);

    if (json_array_get_length (a) > MA_MAX_NODES)
      {
        SPEC_ERROR (error, INVALID, "%s: %u nodes; at most %u are supported", source_name,
                    json_array_get_length (a), MA_MAX_NODES);
        return NULL;
      }
    for (guint i = 0; i < json_array_get_length (a); i++)
      if (!read_node (spec, json_array_get_element (a, i), i, error))
        FAIL_WITH_SOURCE ();
  }

  member = json_object_get_member (root, "distance");
  if (member != NULL)
    {
      JsonArray *rows;

      if (!JSON_NODE_HOLDS_ARRAY (member)
          || json_array_get_length (json_node_get_array (member)) != spec->n_nodes)
        {
          SPEC_ERROR (error, PARSE, "%s: “distance”: expected %u rows of %u numbers", source_name,
                      spec->n_nodes, spec->n_nodes);
          return NULL;
        }
      rows = json_node_get_array (member);
      for (guint i = 0; i < spec->n_nodes; i++)
        {
          JsonNode *row = json_array_get_element (rows, i);

          if (!JSON_NODE_HOLDS_ARRAY (row)
              || json_array_get_length (json_node_get_array (row)) != spec->n_nodes)
            {
              SPEC_ERROR (error, PARSE, "%s: “distance”, row %u: expected %u numbers", source_name,
                          i + 1, spec->n_nodes);
              return NULL;
            }
          for (guint j = 0; j < spec->n_nodes; j++)
            {
              JsonNode *e = json_array_get_element (json_node_get_array (row), j);

              if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_INT64
                  || json_node_get_int (e) < 10 || json_node_get_int (e) > 254)
                {
                  SPEC_ERROR (error, PARSE, "%s: “distance”, row %u: expected numbers from 10 "
                              "to 254", source_name, i + 1);
                  return NULL;
                }
              spec->distance[i][j] = (guint) json_node_get_int (e);
            }
        }
    }

#undef FAIL_WITH_SOURCE

  if (!ma_machine_spec_validate (spec, error))
    {
      g_prefix_error (error, "%s: ", source_name);
      return NULL;
    }
  if (memmap_bytes > 0)
    {
      for (guint i = 0; i < spec->n_nodes; i++)
        reserve_memmap (spec, &spec->nodes[i], memmap_bytes);
      if (!ma_machine_spec_validate (spec, error))
        {
          g_prefix_error (error, "%s: ", source_name);
          return NULL;
        }
    }
  return g_steal_pointer (&spec);
}

MaMachineSpec *
ma_machine_spec_new_from_file (GFile   *file,
                               GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  gsize length = 0;
  g_autoptr(GFileInfo) info = NULL;

  /* a device or a pipe would be read for ever, a folder cannot be read at all */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      SPEC_ERROR (error, PARSE, "%s is a folder, not a machine description", name);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      SPEC_ERROR (error, PARSE, "%s is not a regular file (a device, a pipe or a socket)", name);
      return NULL;
    }
  if (g_file_info_get_size (info) > 16 * 1024 * 1024)
    {
      SPEC_ERROR (error, PARSE, "%s is too large to be a machine description (over 16 MiB)", name);
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;
  return ma_machine_spec_new_from_json (contents, (gssize) length, name, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Validation */

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const MaPfnRange *ra = a, *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
}

static gboolean
ranges_normalise (GArray      *ranges,
                  const char  *what,
                  guint        node_id,
                  GError     **error)
{
  g_array_sort (ranges, compare_ranges);
  for (guint i = 1; i < ranges->len; i++)
    {
      MaPfnRange *prev = &g_array_index (ranges, MaPfnRange, i - 1);
      MaPfnRange *cur = &g_array_index (ranges, MaPfnRange, i);

      if (cur->start < prev->end)
        {
          SPEC_ERROR (error, INVALID, "node %u: %s ranges overlap (pfn %" G_GUINT64_FORMAT
                      " is listed twice)", node_id, what, cur->start);
          return FALSE;
        }
      if (cur->start == prev->end)
        {
          prev->end = cur->end;
          g_array_remove_index (ranges, i);
          i--;
        }
    }
  return TRUE;
}

static gboolean
range_inside (const MaPfnRange *r,
              GArray           *ranges)
{
  for (guint i = 0; i < ranges->len; i++)
    {
      const MaPfnRange *m = &g_array_index (ranges, MaPfnRange, i);

      if (r->start >= m->start && r->end <= m->end)
        return TRUE;
    }
  return FALSE;
}

/* Checks that the description is a machine the engine can build; sorts and merges ranges. */
gboolean
ma_machine_spec_validate (MaMachineSpec  *spec,
                          GError        **error)
{
  gboolean seen[MA_N_ZONE_TYPES] = { FALSE, };
  guint total_cpus = 0;
  guint64 total_frames = 0;

  if (spec->page_shift < 12 || spec->page_shift > 16)
    {
      SPEC_ERROR (error, INVALID, "the page size must be 4 KiB to 64 KiB");
      return FALSE;
    }
  if (spec->nr_orders < 1 || spec->nr_orders > MA_MAX_ORDERS)
    {
      SPEC_ERROR (error, INVALID, "“orders” must be from 1 to %u", MA_MAX_ORDERS);
      return FALSE;
    }
  if (spec->pageblock_order >= spec->nr_orders)
    {
      SPEC_ERROR (error, INVALID, "“pageblock_order” (%u) must be below the number of orders (%u)",
                  spec->pageblock_order, spec->nr_orders);
      return FALSE;
    }
  if (spec->n_zone_types == 0)
    {
      SPEC_ERROR (error, INVALID, "no zone types are configured");
      return FALSE;
    }
  for (guint i = 0; i < spec->n_zone_types; i++)
    {
      if (seen[spec->zone_types[i]])
        {
          SPEC_ERROR (error, INVALID, "zone %s is listed twice",
                      ma_zone_type_name (spec->zone_types[i]));
          return FALSE;
        }
      if (i > 0 && spec->zone_types[i] < spec->zone_types[i - 1])
        {
          SPEC_ERROR (error, INVALID, "zones must be listed in the kernel's order: DMA, DMA32, "
                      "Normal, HighMem, Movable, Device");
          return FALSE;
        }
      seen[spec->zone_types[i]] = TRUE;
    }
  if (!seen[MA_ZONE_NORMAL])
    {
      SPEC_ERROR (error, INVALID, "every kernel configures ZONE_NORMAL; add \"Normal\" to “zones”");
      return FALSE;
    }
  if (seen[MA_ZONE_HIGHMEM] != spec->highmem)
    {
      SPEC_ERROR (error, INVALID, "a HighMem zone needs \"highmem\": true, and the other way round");
      return FALSE;
    }

  /* Zone limits must rise: DMA < DMA32 < Normal. Unset limits of configured lower zones are an
   * error; the highest memory zone is unbounded. */
  {
    guint64 prev = 0;

    for (guint i = 0; i < spec->n_zone_types; i++)
      {
        MaZoneType t = spec->zone_types[i];

        if (t >= MA_ZONE_HIGHMEM || (t == MA_ZONE_NORMAL && !spec->highmem))
          break;
        if (spec->zone_limit[t] == 0)
          {
            SPEC_ERROR (error, INVALID, "“zone_limits” needs the end of zone %s",
                        ma_zone_type_name (t));
            return FALSE;
          }
        if (spec->zone_limit[t] < prev)
          {
            SPEC_ERROR (error, INVALID, "zone limits must rise from DMA to Normal");
            return FALSE;
          }
        prev = spec->zone_limit[t];
      }
  }

  if (spec->n_nodes == 0 || spec->n_nodes > MA_MAX_NODES)
    {
      SPEC_ERROR (error, INVALID, "a machine has 1 to %u nodes", MA_MAX_NODES);
      return FALSE;
    }

  for (guint i = 0; i < spec->n_nodes; i++)
    {
      MaNodeSpec *n = &spec->nodes[i];
      guint64 first, last;

      for (guint j = 0; j < i; j++)
        if (spec->nodes[j].id == n->id)
          {
            SPEC_ERROR (error, INVALID, "node id %u is used twice", n->id);
            return FALSE;
          }
      if (i > 0 && n->id < spec->nodes[i - 1].id)
        {
          SPEC_ERROR (error, INVALID, "nodes must be listed by increasing id");
          return FALSE;
        }
      if (n->memory->len == 0)
        {
          SPEC_ERROR (error, INVALID, "node %u has no memory", n->id);
          return FALSE;
        }
      total_cpus += n->n_cpus;
      if (!ranges_normalise (n->memory, "memory", n->id, error)
          || !ranges_normalise (n->reserved, "reserved", n->id, error))
        return FALSE;
      for (guint j = 0; j < n->reserved->len; j++)
        if (!range_inside (&g_array_index (n->reserved, MaPfnRange, j), n->memory))
          {
            SPEC_ERROR (error, INVALID, "node %u: a reserved range lies outside its memory", n->id);
            return FALSE;
          }
      first = g_array_index (n->memory, MaPfnRange, 0).start;
      last = g_array_index (n->memory, MaPfnRange, n->memory->len - 1).end;
      if (last > MAX_PFN_LIMIT)
        {
          SPEC_ERROR (error, INVALID, "node %u: memory beyond 2^44 page frames is not supported",
                      n->id);
          return FALSE;
        }
      if (last - first >= G_MAXUINT32 - 1)
        {
          SPEC_ERROR (error, INVALID, "node %u spans %" G_GUINT64_FORMAT " page frames; the engine "
                      "supports up to 2^32 - 2 per node (16 TiB with 4 KiB pages)", n->id,
                      last - first);
          return FALSE;
        }
      /* every frame a node spans gets a MaFrame, holes included */
      total_frames += last - first;
      if (!ma_limits_frames_fit (total_frames, spec->page_shift))
        {
          g_autofree char *limit = g_format_size_full (MA_LIMIT_MEMORY_BYTES,
                                                       G_FORMAT_SIZE_IEC_UNITS);

          SPEC_ERROR (error, INVALID, "node %u: the nodes up to it span more than %s; Memory "
                      "Atlas models machines of up to %s of physical memory", n->id, limit,
                      limit);
          return FALSE;
        }
      /* Nodes must not overlap each other. */
      for (guint j = 0; j < i; j++)
        {
          GArray *other = spec->nodes[j].memory;
          guint64 ofirst = g_array_index (other, MaPfnRange, 0).start;
          guint64 olast = g_array_index (other, MaPfnRange, other->len - 1).end;

          if (first < olast && ofirst < last)
            {
              SPEC_ERROR (error, INVALID, "nodes %u and %u overlap; give each node its own "
                          "address range", spec->nodes[j].id, n->id);
              return FALSE;
            }
        }
    }
  if (total_cpus == 0 || total_cpus > MA_MAX_CPUS)
    {
      SPEC_ERROR (error, INVALID, "the machine needs 1 to %u CPUs (it has %u)", MA_MAX_CPUS,
                  total_cpus);
      return FALSE;
    }

  for (guint i = 0; i < spec->n_nodes; i++)
    {
      if (spec->distance[i][i] != 10)
        {
          SPEC_ERROR (error, INVALID, "the distance of node %u to itself must be 10",
                      spec->nodes[i].id);
          return FALSE;
        }
      for (guint j = 0; j < spec->n_nodes; j++)
        if (i != j && spec->distance[i][j] <= 10)
          {
            SPEC_ERROR (error, INVALID, "the distance between two nodes must be above 10");
            return FALSE;
          }
    }

  if (spec->watermark_scale_factor < 1
      || spec->watermark_scale_factor > ma_rules_watermark_scale_factor_max (spec->kernel))
    {
      SPEC_ERROR (error, INVALID, "watermark_scale_factor must be from 1 to %u on this kernel",
                  ma_rules_watermark_scale_factor_max (spec->kernel));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Writing JSON (for saving a simulation with its machine) */

static void
add_ranges (JsonBuilder *b,
            GArray      *ranges,
            guint        page_shift)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < ranges->len; i++)
    {
      const MaPfnRange *r = &g_array_index (ranges, MaPfnRange, i);
      g_autofree char *start = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->start << page_shift);
      g_autofree char *end = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->end << page_shift);

      json_builder_begin_array (b);
      json_builder_add_string_value (b, start);
      json_builder_add_string_value (b, end);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

char *
ma_machine_spec_to_json (const MaMachineSpec *spec)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *kernel = ma_kernel_version_to_string (spec->kernel);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, spec->name ? spec->name : "custom");
  if (spec->title)
    {
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, spec->title);
    }
  if (spec->description)
    {
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, spec->description);
    }
  json_builder_set_member_name (b, "arch");
  json_builder_add_string_value (b, spec->arch ? spec->arch : "x86_64");
  json_builder_set_member_name (b, "kernel");
  json_builder_add_string_value (b, kernel);
  json_builder_set_member_name (b, "page_size");
  json_builder_add_int_value (b, 1 << spec->page_shift);
  json_builder_set_member_name (b, "orders");
  json_builder_add_int_value (b, spec->nr_orders);
  json_builder_set_member_name (b, "pageblock_order");
  json_builder_add_int_value (b, spec->pageblock_order);
  json_builder_set_member_name (b, "thp");
  json_builder_add_boolean_value (b, spec->thp);
  json_builder_set_member_name (b, "highmem");
  json_builder_add_boolean_value (b, spec->highmem);
  json_builder_set_member_name (b, "pae");
  json_builder_add_boolean_value (b, spec->pae);
  json_builder_set_member_name (b, "reserve_memmap");
  json_builder_add_boolean_value (b, FALSE); /* the reserved ranges below already include it */

  json_builder_set_member_name (b, "zones");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_zone_types; i++)
    json_builder_add_string_value (b, ma_zone_type_name (spec->zone_types[i]));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "zone_limits");
  json_builder_begin_object (b);
  for (guint t = 0; t < MA_N_ZONE_TYPES; t++)
    if (spec->zone_limit[t] != 0)
      {
        g_autofree char *v = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x",
                                              spec->zone_limit[t] << spec->page_shift);
        json_builder_set_member_name (b, ma_zone_type_name (t));
        json_builder_add_string_value (b, v);
      }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "sysctl");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "min_free_kbytes");
  if (spec->min_free_kbytes < 0)
    json_builder_add_string_value (b, "default");
  else
    json_builder_add_int_value (b, spec->min_free_kbytes);
  json_builder_set_member_name (b, "watermark_scale_factor");
  json_builder_add_int_value (b, spec->watermark_scale_factor);
  json_builder_set_member_name (b, "watermark_boost_factor");
  json_builder_add_int_value (b, spec->watermark_boost_factor);
  json_builder_set_member_name (b, "lowmem_reserve_ratio");
  if (spec->n_lowmem_reserve_ratio == 0)
    json_builder_add_string_value (b, "default");
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < spec->n_lowmem_reserve_ratio; i++)
        json_builder_add_int_value (b, spec->lowmem_reserve_ratio[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_nodes; i++)
    {
      const MaNodeSpec *n = &spec->nodes[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, n->id);
      json_builder_set_member_name (b, "cpus");
      json_builder_add_int_value (b, n->n_cpus);
      json_builder_set_member_name (b, "memory");
      add_ranges (b, n->memory, spec->page_shift);
      json_builder_set_member_name (b, "reserved");
      add_ranges (b, n->reserved, spec->page_shift);
      if (spec->movable_start[i] != 0)
        {
          g_autofree char *v = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x",
                                                spec->movable_start[i] << spec->page_shift);
          json_builder_set_member_name (b, "movable_start");
          json_builder_add_string_value (b, v);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "distance");
  json_builder_begin_array (b);
  for (guint i = 0; i < spec->n_nodes; i++)
    {
      json_builder_begin_array (b);
      for (guint j = 0; j < spec->n_nodes; j++)
        json_builder_add_int_value (b, spec->distance[i][j]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
