/* ma-session.c: saving and replaying a simulation
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine is deterministic: the same machine, seed and actions give the same state, frame
 * for frame. So a saved simulation is small: the machine description, the seed, and the list of
 * actions the user took (allocations, frees, sysctl writes, drains) up to the current point of
 * the undo history. Loading replays them and checks that each one does what it did when it was
 * recorded (an allocation lands on the same pfn), so a file that no longer matches is reported
 * instead of silently giving a different machine.
 *
 *   { "format": "memory-atlas-simulation", "version": 1, "seed": 1,
 *     "machine": { …preset… },
 *     "actions": [ { "do": "alloc", "gfp": "0xcc0", "order": 3, "node": 0, "zone": "Normal",
 *                    "pfn": 123456 },
 *                  { "do": "free", "pfn": 123456 },
 *                  { "do": "sysctl", "name": "watermark_scale_factor", "value": "200" },
 *                  { "do": "drain" } ] }
 */
#define G_LOG_DOMAIN "ma-session"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ma-json-utf8.h"
#include "ma-session.h"

#define FORMAT_NAME "memory-atlas-simulation"
#define FORMAT_VERSION 1

G_DEFINE_QUARK (ma-session-error-quark, ma_session_error)

typedef enum
{
  ACTION_ALLOC,
  ACTION_FREE,
  ACTION_SYSCTL,
  ACTION_DRAIN,
} ActionKind;

typedef struct
{
  ActionKind     kind;
  MaAllocRequest request;
  guint64        pfn;      /* alloc: where it landed (checked on replay); free: what */
  gboolean       success;
  char          *name;
  char          *value;
  guint64        serial;   /* the machine's action serial once recorded */
} Action;

struct _MaSession
{
  GObject        parent_instance;

  MaMachine     *machine;
  guint64        seed;
  GArray        *actions;   /* Action; [0, cursor) is the present, the rest can be redone */
  guint          cursor;
  gboolean       replayable; /* the machine is its spec and seed: it can be saved as actions */
};

G_DEFINE_FINAL_TYPE (MaSession, ma_session, G_TYPE_OBJECT)

static void
action_clear (gpointer data)
{
  Action *a = data;

  g_clear_pointer (&a->name, g_free);
  g_clear_pointer (&a->value, g_free);
}

static void
ma_session_finalize (GObject *object)
{
  MaSession *self = MA_SESSION (object);

  g_clear_object (&self->machine);
  g_clear_pointer (&self->actions, g_array_unref);

  G_OBJECT_CLASS (ma_session_parent_class)->finalize (object);
}

static void
ma_session_class_init (MaSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ma_session_finalize;
}

static void
ma_session_init (MaSession *self)
{
  self->actions = g_array_new (FALSE, TRUE, sizeof (Action));
  g_array_set_clear_func (self->actions, action_clear);
}

MaSession *
ma_session_new (const MaMachineSpec  *spec,
                guint64               seed,
                GError              **error)
{
  g_autoptr(MaSession) self = g_object_new (MA_TYPE_SESSION, NULL);

  self->machine = ma_machine_new (spec, seed, error);
  if (self->machine == NULL)
    return NULL;
  self->seed = seed;
  self->replayable = TRUE;
  return g_steal_pointer (&self);
}

/**
 * ma_session_new_for_machine:
 *
 * A session over a machine that was not built from a description and a seed alone, such as one
 * rebuilt from a snapshot: the user's actions are recorded and can be undone, but the session
 * cannot be saved, since replaying the actions would need the machine's whole state.
 */
MaSession *
ma_session_new_for_machine (MaMachine *machine)
{
  MaSession *self;

  g_return_val_if_fail (MA_IS_MACHINE (machine), NULL);

  self = g_object_new (MA_TYPE_SESSION, NULL);
  self->machine = g_object_ref (machine);
  self->seed = ma_machine_get_seed (machine);
  self->replayable = FALSE;
  return self;
}

gboolean
ma_session_can_save (MaSession *self)
{
  g_return_val_if_fail (MA_IS_SESSION (self), FALSE);
  return self->replayable;
}

MaMachine *
ma_session_get_machine (MaSession *self)
{
  g_return_val_if_fail (MA_IS_SESSION (self), NULL);
  return self->machine;
}

guint
ma_session_get_n_actions (MaSession *self)
{
  return self->cursor;
}

/* Records an action that changed the machine (the machine pushed an undo step). */
static void
record (MaSession *self,
        Action    *action,
        gboolean   changed)
{
  if (!changed)
    {
      action_clear (action);
      return;
    }
  action->serial = ma_machine_get_action_serial (self->machine);
  g_array_set_size (self->actions, self->cursor);
  g_array_append_vals (self->actions, action, 1);
  self->cursor++;
}

static gboolean
run_action (MaSession *self,
            Action    *a,
            GError   **error)
{
  MaMachine *m = self->machine;

  switch (a->kind)
    {
    case ACTION_ALLOC:
      {
        MaAllocResult result;
        guint64 pfn = 0;
        g_autofree char *gfp = ma_gfp_to_string (a->request.gfp);
        g_autofree char *label = g_strdup_printf (_("Allocate order %u (%s)"), a->request.order, gfp);

        ma_machine_begin_action (m, label);
        a->success = ma_machine_alloc (m, &a->request, &pfn, &result);
        ma_machine_end_action (m);
        if (a->success)
          a->pfn = pfn;
        return TRUE;
      }
    case ACTION_FREE:
      {
        gboolean ok;
        g_autofree char *label = g_strdup_printf (_("Free pfn %" PRIu64), a->pfn);

        ma_machine_begin_action (m, label);
        ok = ma_machine_free (m, a->pfn, error);
        ma_machine_end_action (m);
        return ok;
      }
    case ACTION_SYSCTL:
      {
        gboolean ok;
        guint64 v;
        g_autofree char *label = g_strdup_printf (_("Set vm.%s to %s"), a->name, a->value);

        if (g_str_equal (a->name, "lowmem_reserve_ratio"))
          {
            g_auto(GStrv) words = g_strsplit_set (a->value, " \t,", -1);
            guint ratio[MA_N_ZONE_TYPES], n = 0;

            for (guint i = 0; words[i]; i++)
              {
                if (*words[i] == '\0')
                  continue;
                if (n >= MA_N_ZONE_TYPES || !g_ascii_string_to_unsigned (words[i], 10, 0, G_MAXINT32, &v, error))
                  {
                    if (error && *error == NULL)
                      g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                                   _("lowmem_reserve_ratio takes at most %u numbers"), MA_N_ZONE_TYPES);
                    return FALSE;
                  }
                ratio[n++] = (guint) v;
              }
            ma_machine_begin_action (m, label);
            ok = ma_machine_set_lowmem_reserve_ratio (m, ratio, n, error);
            ma_machine_end_action (m);
            return ok;
          }
        if (!g_ascii_string_to_unsigned (a->value, 10, 0, G_MAXINT32, &v, error))
          return FALSE;
        ma_machine_begin_action (m, label);
        if (g_str_equal (a->name, "min_free_kbytes"))
          ok = ma_machine_set_min_free_kbytes (m, v, error);
        else if (g_str_equal (a->name, "watermark_scale_factor"))
          ok = ma_machine_set_watermark_scale_factor (m, (guint) v, error);
        else
          {
            g_set_error (error, MA_MACHINE_ERROR, MA_MACHINE_ERROR_INVALID,
                         _("Unknown sysctl “%s” (known: min_free_kbytes, watermark_scale_factor, "
                           "lowmem_reserve_ratio)"), a->name);
            ok = FALSE;
          }
        ma_machine_end_action (m);
        return ok;
      }
    case ACTION_DRAIN:
      ma_machine_begin_action (m, _("Drain the per-CPU lists"));
      ma_machine_drain_pcp (m);
      ma_machine_end_action (m);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Runs an action as the user's: recorded when it changed the machine. */
static gboolean
perform (MaSession *self,
         Action    *a,
         GError   **error)
{
  guint64 serial = ma_machine_get_action_serial (self->machine);
  gboolean ok = run_action (self, a, error);

  record (self, a, ok && ma_machine_get_action_serial (self->machine) != serial);
  return ok;
}

gboolean
ma_session_alloc (MaSession            *self,
                  const MaAllocRequest *request,
                  guint64              *out_pfn,
                  MaAllocResult        *result)
{
  Action a = { ACTION_ALLOC, *request, 0, FALSE, NULL, NULL };
  guint64 serial, pfn = 0;
  g_autofree char *gfp = ma_gfp_to_string (request->gfp);
  g_autofree char *label = g_strdup_printf (_("Allocate order %u (%s)"), request->order, gfp);

  g_return_val_if_fail (MA_IS_SESSION (self), FALSE);

  serial = ma_machine_get_action_serial (self->machine);
  ma_machine_begin_action (self->machine, label);
  a.success = ma_machine_alloc (self->machine, request, &pfn, result);
  ma_machine_end_action (self->machine);
  a.pfn = pfn;
  record (self, &a, ma_machine_get_action_serial (self->machine) != serial);
  if (out_pfn)
    *out_pfn = pfn;
  return a.success;
}

gboolean
ma_session_free (MaSession  *self,
                 guint64     pfn,
                 GError    **error)
{
  Action a = { ACTION_FREE, { 0, }, pfn, TRUE, NULL, NULL };

  g_return_val_if_fail (MA_IS_SESSION (self), FALSE);
  return perform (self, &a, error);
}

gboolean
ma_session_set_sysctl (MaSession   *self,
                       const char  *name,
                       const char  *value,
                       GError     **error)
{
  Action a = { ACTION_SYSCTL, { 0, }, 0, TRUE, g_strdup (name), g_strdup (value) };

  g_return_val_if_fail (MA_IS_SESSION (self), FALSE);
  return perform (self, &a, error);
}

gboolean
ma_session_drain_pcp (MaSession *self)
{
  Action a = { ACTION_DRAIN, { 0, }, 0, TRUE, NULL, NULL };

  g_return_val_if_fail (MA_IS_SESSION (self), FALSE);
  return perform (self, &a, NULL);
}

/* The machine's undo stack may also hold actions made beside the session (a kmap from the
 * inspector): undo and redo follow the machine, and the session's cursor moves only when the
 * step was one of its own. */
gboolean
ma_session_undo (MaSession *self)
{
  guint64 top = ma_machine_get_undo_serial (self->machine);

  if (!ma_machine_undo (self->machine))
    return FALSE;
  if (self->cursor > 0 && g_array_index (self->actions, Action, self->cursor - 1).serial == top)
    self->cursor--;
  return TRUE;
}

gboolean
ma_session_redo (MaSession *self)
{
  guint64 top = ma_machine_get_redo_serial (self->machine);

  if (!ma_machine_redo (self->machine))
    return FALSE;
  if (self->cursor < self->actions->len
      && g_array_index (self->actions, Action, self->cursor).serial == top)
    self->cursor++;
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */

char *
ma_session_to_json (MaSession *self)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *spec_json = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* A rebuilt machine is not its description: saving it as one would replay to another machine. */
  g_return_val_if_fail (MA_IS_SESSION (self) && self->replayable, NULL);

  b = json_builder_new ();
  gen = json_generator_new ();
  parser = json_parser_new ();
  spec_json = ma_machine_spec_to_json (ma_machine_get_spec (self->machine));
  json_parser_load_from_data (parser, spec_json, -1, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FORMAT_VERSION);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) self->seed);
  json_builder_set_member_name (b, "machine");
  json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
  json_builder_set_member_name (b, "actions");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->cursor; i++)
    {
      const Action *a = &g_array_index (self->actions, Action, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "do");
      switch (a->kind)
        {
        case ACTION_ALLOC:
          {
            g_autofree char *gfp = g_strdup_printf ("0x%x", a->request.gfp);

            json_builder_add_string_value (b, "alloc");
            json_builder_set_member_name (b, "gfp");
            json_builder_add_string_value (b, gfp);
            json_builder_set_member_name (b, "order");
            json_builder_add_int_value (b, a->request.order);
            json_builder_set_member_name (b, "node");
            json_builder_add_int_value (b, a->request.node);
            if (a->request.start_zone >= 0)
              {
                json_builder_set_member_name (b, "zone");
                json_builder_add_string_value (b, ma_zone_type_name (a->request.start_zone));
              }
            if (a->request.owner != 0)
              {
                json_builder_set_member_name (b, "owner");
                json_builder_add_int_value (b, a->request.owner);
              }
            if (a->success)
              {
                json_builder_set_member_name (b, "pfn");
                json_builder_add_int_value (b, (gint64) a->pfn);
              }
            break;
          }
        case ACTION_FREE:
          json_builder_add_string_value (b, "free");
          json_builder_set_member_name (b, "pfn");
          json_builder_add_int_value (b, (gint64) a->pfn);
          break;
        case ACTION_SYSCTL:
          json_builder_add_string_value (b, "sysctl");
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, a->name);
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, a->value);
          break;
        case ACTION_DRAIN:
          json_builder_add_string_value (b, "drain");
          break;
        default:
          g_assert_not_reached ();
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static gboolean
get_int (JsonObject  *o,
         const char  *member,
         gint64       min,
         gint64       max,
         gint64      *out)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return *out >= min && *out <= max;
}

static const char *
get_string (JsonObject *o,
            const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

#define PARSE_ERROR(...) \
  G_STMT_START { \
    g_set_error (error, MA_SESSION_ERROR, MA_SESSION_ERROR_PARSE, __VA_ARGS__); \
    return NULL; \
  } G_STMT_END

MaSession *
ma_session_new_from_json (const char  *json,
                          gssize       length,
                          const char  *source_name,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(MaMachineSpec) spec = NULL;
  g_autoptr(MaSession) self = NULL;
  g_autofree char *spec_json = NULL;
  JsonObject *root;
  JsonNode *machine, *actions;
  const char *format;
  gint64 version, seed;

  if (!ma_json_parser_load (parser, json, length, &local_error))
    PARSE_ERROR (_("%s is not a saved simulation: %s"), source_name, local_error->message);
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    PARSE_ERROR (_("%s is not a saved simulation: expected a JSON object"), source_name);
  if (!ma_json_node_is_utf8 (json_parser_get_root (parser)))
    PARSE_ERROR (_("%s is not a saved simulation: a text in it is not valid UTF-8"), source_name);
  root = json_node_get_object (json_parser_get_root (parser));

  format = get_string (root, "format");
  if (format == NULL || !g_str_equal (format, FORMAT_NAME))
    PARSE_ERROR (_("%s is not a saved simulation (its “format” is not “%s”)"), source_name,
                 FORMAT_NAME);
  if (!get_int (root, "version", 1, G_MAXINT, &version))
    PARSE_ERROR (_("%s: “version” is missing"), source_name);
  if (version > FORMAT_VERSION)
    PARSE_ERROR (_("%s was saved by a newer Memory Atlas (format version %" PRId64 "; "
                   "this one reads version %d)"), source_name, version, FORMAT_VERSION);
  if (!get_int (root, "seed", 0, G_MAXINT64, &seed))
    PARSE_ERROR (_("%s: “seed” must be a whole number ≥ 0"), source_name);

  machine = json_object_get_member (root, "machine");
  if (machine == NULL || !JSON_NODE_HOLDS_OBJECT (machine))
    PARSE_ERROR (_("%s: the machine description is missing"), source_name);
  json_generator_set_root (gen, machine);
  spec_json = json_generator_to_data (gen, NULL);
  spec = ma_machine_spec_new_from_json (spec_json, -1, source_name, error);
  if (spec == NULL)
    return NULL;

  self = ma_session_new (spec, (guint64) seed, error);
  if (self == NULL)
    return NULL;

  actions = json_object_get_member (root, "actions");
  if (actions == NULL || !JSON_NODE_HOLDS_ARRAY (actions))
    PARSE_ERROR (_("%s: “actions” must be a list"), source_name);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (actions)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (actions), i);
      JsonObject *o;
      const char *what;
      Action a = { 0, };
      gint64 v;
      g_autoptr(GError) replay_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        PARSE_ERROR (_("%s: action %u is not an object"), source_name, i + 1);
      o = json_node_get_object (node);
      what = get_string (o, "do");
      if (what == NULL)
        PARSE_ERROR (_("%s: action %u has no “do”"), source_name, i + 1);

      if (g_str_equal (what, "alloc"))
        {
          const char *gfp = get_string (o, "gfp"), *zone = get_string (o, "zone");
          MaZoneType zt;
          guint64 expected = 0;
          gboolean expect_pfn = FALSE;

          a.kind = ACTION_ALLOC;
          if (gfp == NULL || !ma_gfp_parse (gfp, &a.request.gfp, NULL))
            PARSE_ERROR (_("%s: action %u: “gfp” must be GFP flags such as \"0xcc0\""),
                         source_name, i + 1);
          if (!get_int (o, "order", 0, MA_MAX_ORDERS - 1, &v))
            PARSE_ERROR (_("%s: action %u: “order” must be 0 to %d"), source_name, i + 1,
                         MA_MAX_ORDERS - 1);
          a.request.order = (guint) v;
          a.request.node = get_int (o, "node", -1, MA_MAX_NODES - 1, &v) ? (gint) v : -1;
          a.request.start_zone = -1;
          if (zone != NULL)
            {
              if (!ma_zone_type_from_name (zone, &zt))
                PARSE_ERROR (_("%s: action %u: unknown zone “%s”"), source_name, i + 1, zone);
              a.request.start_zone = (gint) zt;
            }
          if (get_int (o, "owner", 0, MA_FRAME_OWNER_MAX, &v))
            a.request.owner = (guint) v;
          if (get_int (o, "pfn", 0, G_MAXINT64, &v))
            {
              expected = (guint64) v;
              expect_pfn = TRUE;
            }
          perform (self, &a, NULL);
          if (a.success != expect_pfn || (expect_pfn && a.pfn != expected))
            {
              g_set_error (error, MA_SESSION_ERROR, MA_SESSION_ERROR_REPLAY,
                           _("%s: action %u (an allocation) did not replay as recorded; the file "
                             "was changed or written by an incompatible version"),
                           source_name, i + 1);
              return NULL;
            }
        }
      else if (g_str_equal (what, "free"))
        {
          a.kind = ACTION_FREE;
          if (!get_int (o, "pfn", 0, G_MAXINT64, &v))
            PARSE_ERROR (_("%s: action %u: “pfn” must be a page frame number"), source_name, i + 1);
          a.pfn = (guint64) v;
          if (!perform (self, &a, &replay_error))
            {
              g_set_error (error, MA_SESSION_ERROR, MA_SESSION_ERROR_REPLAY,
                           _("%s: action %u could not be replayed: %s"), source_name, i + 1,
                           replay_error->message);
              return NULL;
            }
        }
      else if (g_str_equal (what, "sysctl"))
        {
          const char *name = get_string (o, "name"), *value = get_string (o, "value");

          if (name == NULL || value == NULL)
            PARSE_ERROR (_("%s: action %u: a sysctl needs “name” and “value”"), source_name, i + 1);
          a.kind = ACTION_SYSCTL;
          a.name = g_strdup (name);
          a.value = g_strdup (value);
          if (!perform (self, &a, &replay_error))
            {
              g_set_error (error, MA_SESSION_ERROR, MA_SESSION_ERROR_REPLAY,
                           _("%s: action %u could not be replayed: %s"), source_name, i + 1,
                           replay_error->message);
              return NULL;
            }
        }
      else if (g_str_equal (what, "drain"))
        {
          a.kind = ACTION_DRAIN;
          perform (self, &a, NULL);
        }
      else
        PARSE_ERROR (_("%s: action %u: unknown action “%s”"), source_name, i + 1, what);
    }
  return g_steal_pointer (&self);
}
