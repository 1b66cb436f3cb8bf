/* ma-load-form.c: the parameters of a load a user starts, checked as they are typed
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One form per kind of load, built from a table: each field is a row, and each edit checks the
 * whole form so that the Start button is only there for a load the engine will take. The first
 * problem is said in words next to the field it concerns. Sizes are typed as people say them
 * ("16M", "1 GiB") or as pages ("4096"), as in scenario files. The defaults scale with the
 * machine: a heap that grows by 1/256 of memory per tick fills a 64 MiB machine and a 16 GiB one
 * in the same number of ticks.
 */
#define G_LOG_DOMAIN "ma-load-form"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ma-highmem.h"
#include "ma-load-form.h"

typedef enum
{
  F_NAME,
  F_SIZE,       /* pages, typed as a size or a number of pages */
  F_INT,
  F_SHARE,      /* 0 to 1 */
  F_BOOL,
  F_NODE,
} FieldType;

typedef struct
{
  const char *key;
  FieldType   type;
  const char *label;
  gint64      min;
  gint64      max;       /* F_INT; -1: the machine's highest order */
  gboolean    optional;  /* F_SIZE: empty means none */
} FieldSpec;

#define END { NULL, 0, NULL, 0, 0, FALSE }

static const FieldSpec heap_fields[] = {
  { "name", F_NAME, N_("Name"), 0, 0, FALSE },
  { "rate", F_SIZE, N_("Growth per tick"), 1, 0, FALSE },
  { "limit", F_SIZE, N_("Stop growing at (empty: never)"), 0, 0, TRUE },
  { "touch", F_SHARE, N_("Share touched per tick (0 to 1)"), 0, 0, FALSE },
  { "oom_score_adj", F_INT, N_("oom_score_adj (−1000 to 1000)"), -1000, 1000, FALSE },
  { "node", F_NODE, N_("Node"), 0, 0, FALSE },
  END
};

static const FieldSpec file_fields[] = {
  { "name", F_NAME, N_("Name"), 0, 0, FALSE },
  { "size", F_SIZE, N_("File size"), 1, 0, FALSE },
  { "rate", F_SIZE, N_("Read per tick"), 1, 0, FALSE },
  { "passes", F_INT, N_("Reads of the whole file (0: forever)"), 0, 1000000, FALSE },
  { "write", F_BOOL, N_("Write (dirty pages)"), 0, 0, FALSE },
  END
};

static const FieldSpec atomic_fields[] = {
  { "name", F_NAME, N_("Name"), 0, 0, FALSE },
  { "rate", F_INT, N_("Blocks per tick"), 1, 10000000, FALSE },
  { "order", F_INT, N_("Order of the blocks"), 0, -1, FALSE },
  { "lifetime", F_INT, N_("Ticks each block lives"), 1, 1000000, FALSE },
  { "node", F_NODE, N_("Node"), 0, 0, FALSE },
  END
};

static const FieldSpec fragment_fields[] = {
  { "name", F_NAME, N_("Name"), 0, 0, FALSE },
  { "rate", F_INT, N_("Pages (then blocks) per tick"), 1, 10000000, FALSE },
  { "limit", F_SIZE, N_("Single pages held at most"), 1, 0, FALSE },
  { "churn_ticks", F_INT, N_("Ticks of churn before the large requests"), 0, 1000000, FALSE },
  { "order", F_INT, N_("Order of the large requests"), 0, -1, FALSE },
  { "node", F_NODE, N_("Node"), 0, 0, FALSE },
  END
};

static const FieldSpec slab_fields[] = {
  { "name", F_NAME, N_("Name"), 0, 0, FALSE },
  { "rate", F_SIZE, N_("Growth per tick"), 1, 0, FALSE },
  { "limit", F_SIZE, N_("Stop growing at (empty: never, a leak)"), 0, 0, TRUE },
  { "reclaimable", F_BOOL, N_("Reclaimable (dentries, inodes)"), 0, 0, FALSE },
  END
};

static const FieldSpec kmap_fields[] = {
  { "name", F_NAME, N_("Name"), 0, 0, FALSE },
  { "rate", F_INT, N_("New tasks per tick"), 1, 1000000, FALSE },
  { "limit", F_INT, N_("Tasks at most (0: no limit)"), 0, 10000000, FALSE },
  { "lifetime", F_INT, N_("Ticks each task keeps its kmap"), 1, 1000000, FALSE },
  END
};

static const FieldSpec *const kind_fields[MA_N_LOAD_KINDS] = {
  [MA_LOAD_HEAP] = heap_fields,
  [MA_LOAD_FILE] = file_fields,
  [MA_LOAD_ATOMIC] = atomic_fields,
  [MA_LOAD_FRAGMENT] = fragment_fields,
  [MA_LOAD_SLAB] = slab_fields,
  [MA_LOAD_KMAP] = kmap_fields,
};

typedef struct
{
  const FieldSpec *spec;
  GtkWidget       *row;
  GtkWidget       *editor;   /* the row itself (entry), a GtkSwitch, or the row (combo) */
} Field;

struct _MaLoadForm
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *list;
  GtkWidget    *hint;
  GtkWidget    *problem_label;
  GArray       *fields;     /* Field */

  MaLoadKind    kind;
  MaSimulation *simulation;
  gboolean      valid;
  char         *problem;
};

G_DEFINE_FINAL_TYPE (MaLoadForm, ma_load_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
ma_load_form_new (void)
{
  return g_object_new (MA_TYPE_LOAD_FORM, NULL);
}

/**
 * ma_load_kind_is_supported:
 * @simulation: (nullable): the simulation to run the load in
 *
 * Returns: whether @simulation's machine can run loads of @kind: kmap needs a 32-bit machine
 *   with HighMem
 */
gboolean
ma_load_kind_is_supported (MaLoadKind    kind,
                           MaSimulation *simulation)
{
  if (kind >= MA_N_LOAD_KINDS || simulation == NULL)
    return FALSE;
  if (kind == MA_LOAD_KMAP)
    return ma_highmem_is_supported (ma_simulation_get_machine (simulation));
  return TRUE;
}

const char *
ma_load_kind_label (MaLoadKind kind)
{
  switch (kind)
    {
    case MA_LOAD_HEAP:
      return _("Growing Heap");
    case MA_LOAD_FILE:
      return _("File Read");
    case MA_LOAD_ATOMIC:
      return _("Atomic Bursts");
    case MA_LOAD_FRAGMENT:
      return _("Fragmentation");
    case MA_LOAD_SLAB:
      return _("Slab Growth");
    case MA_LOAD_KMAP:
      return _("kmap of HighMem");
    case MA_N_LOAD_KINDS:
    default:
      return "?";
    }
}

const char *
ma_load_kind_description (MaLoadKind kind)
{
  switch (kind)
    {
    case MA_LOAD_HEAP:
      return _("A process faulting in anonymous memory");
    case MA_LOAD_FILE:
      return _("Reading a file through the page cache");
    case MA_LOAD_ATOMIC:
      return _("GFP_ATOMIC blocks that cannot wait for reclaim, like network buffers");
    case MA_LOAD_FRAGMENT:
      return _("Unmovable single pages scattered, then large requests");
    case MA_LOAD_SLAB:
      return _("Kernel caches growing, reclaimable or leaking");
    case MA_LOAD_KMAP:
      return _("Tasks holding persistent kmaps of HighMem pages (32-bit machines)");
    case MA_N_LOAD_KINDS:
    default:
      return "";
    }
}

/**
 * ma_parse_pages:
 * @text: "16M", "1 GiB", "512k", or a number of pages ("4096")
 * @out_pages: (out): the size in pages (rounded down)
 *
 * Sizes as scenario files write them: a number alone is pages; with a K, M, G or T suffix
 * (optionally followed by "iB" or "B"), bytes.
 */
gboolean
ma_parse_pages (const char  *text,
                guint        page_shift,
                guint64     *out_pages,
                GError     **error)
{
  const char *p = text;
  char *end = NULL;
  guint64 v, mult = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  while (g_ascii_isspace (*p))
    p++;
  if (!g_ascii_isdigit (*p))
    goto fail;
  v = g_ascii_strtoull (p, &end, 10);
  p = end;
  while (g_ascii_isspace (*p))
    p++;
  switch (g_ascii_toupper (*p))
    {
    case 'K': mult = G_GUINT64_CONSTANT (1) << 10; break;
    case 'M': mult = G_GUINT64_CONSTANT (1) << 20; break;
    case 'G': mult = G_GUINT64_CONSTANT (1) << 30; break;
    case 'T': mult = G_GUINT64_CONSTANT (1) << 40; break;
    default: break;
    }
  if (mult != 0)
    {
      p++;
      if (g_ascii_toupper (*p) == 'I')
        p++;
      if (g_ascii_toupper (*p) == 'B')
        p++;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || (mult != 0 && v > G_MAXUINT64 / mult))
    goto fail;
  *out_pages = mult != 0 ? (v * mult) >> page_shift : v;
  return TRUE;

fail:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("expected a size such as 16M or 1G, or a number of pages"));
  return FALSE;
}

static guint
page_shift (MaLoadForm *self)
{
  return self->simulation ? ma_machine_get_page_shift (ma_simulation_get_machine (self->simulation))
                          : 12;
}

static Field *
find_field (MaLoadForm *self,
            const char *key)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);

      if (g_str_equal (f->spec->key, key))
        return f;
    }
  return NULL;
}

/* Reads one field into the spec; on a problem, says what is wrong with it. */
static gboolean
read_field (MaLoadForm  *self,
            Field       *f,
            MaLoadSpec  *spec,
            GError     **error)
{
  const FieldSpec *fs = f->spec;
  g_autofree char *text = NULL;
  guint64 pages = 0;
  gint64 v = 0;
  double share = 0;
  g_autoptr(GError) local = NULL;

  if (fs->type != F_BOOL && fs->type != F_NODE)
    text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->editor))));

  switch (fs->type)
    {
    case F_NAME:
      if (text[0] == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A load needs a name"));
          return FALSE;
        }
      g_free (spec->name);
      spec->name = g_steal_pointer (&text);
      return TRUE;

    case F_SIZE:
      if (fs->optional && text[0] == '\0')
        pages = 0;
      else if (!ma_parse_pages (text, page_shift (self), &pages, &local))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", _(fs->label),
                       local->message);
          return FALSE;
        }
      else if (pages < (guint64) fs->min)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: at least one page"), _(fs->label));
          return FALSE;
        }
      break;

    case F_INT:
      {
        gint64 max = fs->max;

        if (max < 0)
          max = self->simulation ? (gint64) ma_machine_get_nr_orders (
                                     ma_simulation_get_machine (self->simulation)) - 1
                                 : MA_MAX_ORDERS - 1;
        if (!g_ascii_string_to_signed (text, 10, fs->min, max, &v, NULL))
          {
            char lo[32], hi[32];

            g_snprintf (lo, sizeof lo, "%" G_GINT64_FORMAT, fs->min);
            g_snprintf (hi, sizeof hi, "%" G_GINT64_FORMAT, max);
            /* Translators: a field's name, then the smallest and largest number it takes */
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("%s: expected a whole number from %s to %s"), _(fs->label), lo, hi);
            return FALSE;
          }
        break;
      }

    case F_SHARE:
      {
        char *end = NULL;

        share = g_ascii_strtod (text, &end);
        if (text[0] == '\0' || end == NULL || *end != '\0' || !(share >= 0 && share <= 1))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("%s: expected a share from 0 to 1, such as 0.05"), _(fs->label));
            return FALSE;
          }
        break;
      }

    case F_BOOL:
      v = gtk_switch_get_active (GTK_SWITCH (f->editor));
      break;

    case F_NODE:
      v = (gint64) adw_combo_row_get_selected (ADW_COMBO_ROW (f->editor)) - 1;
      break;

    default:
      g_assert_not_reached ();
    }

  if (g_str_equal (fs->key, "rate"))
    spec->rate = fs->type == F_SIZE ? pages : (guint64) v;
  else if (g_str_equal (fs->key, "limit"))
    spec->limit = fs->type == F_SIZE ? pages : (guint64) v;
  else if (g_str_equal (fs->key, "size"))
    spec->size = pages;
  else if (g_str_equal (fs->key, "touch"))
    spec->touch = share;
  else if (g_str_equal (fs->key, "oom_score_adj"))
    spec->oom_score_adj = (gint) v;
  else if (g_str_equal (fs->key, "passes"))
    spec->passes = (guint) v;
  else if (g_str_equal (fs->key, "write"))
    spec->write = v != 0;
  else if (g_str_equal (fs->key, "order"))
    spec->order = (guint) v;
  else if (g_str_equal (fs->key, "lifetime"))
    spec->lifetime = (guint64) v;
  else if (g_str_equal (fs->key, "churn_ticks"))
    spec->churn_ticks = (guint64) v;
  else if (g_str_equal (fs->key, "reclaimable"))
    spec->reclaimable = v != 0;
  else if (g_str_equal (fs->key, "node"))
    spec->node = (gint) v;
  return TRUE;
}

/**
 * ma_load_form_get_spec:
 * @out_spec: (out caller-allocates): the load; clear it with ma_load_spec_clear()
 *
 * Returns: %FALSE with the first problem of the form in @error
 */
gboolean
ma_load_form_get_spec (MaLoadForm  *self,
                       MaLoadSpec  *out_spec,
                       GError     **error)
{
  g_return_val_if_fail (MA_IS_LOAD_FORM (self), FALSE);
  g_return_val_if_fail (out_spec != NULL, FALSE);

  memset (out_spec, 0, sizeof *out_spec);
  out_spec->kind = self->kind;
  out_spec->node = -1;
  out_spec->lifetime = 10;
  if (!ma_load_kind_is_supported (self->kind, self->simulation))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This machine cannot run this kind of load: kmap needs a 32-bit machine "
                     "with HighMem"));
      return FALSE;
    }
  for (guint i = 0; i < self->fields->len; i++)
    if (!read_field (self, &g_array_index (self->fields, Field, i), out_spec, error))
      {
        ma_load_spec_clear (out_spec);
        return FALSE;
      }
  return TRUE;
}

static void
validate (MaLoadForm *self)
{
  g_autoptr(GError) error = NULL;
  MaLoadSpec spec;
  gboolean valid;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = &g_array_index (self->fields, Field, i);
      MaLoadSpec one = { 0, };
      g_autoptr(GError) field_error = NULL;

      /* each field on its own, so that every wrong one is marked, not only the first */
      if (!read_field (self, f, &one, &field_error))
        gtk_widget_add_css_class (f->row, "error");
      else
        gtk_widget_remove_css_class (f->row, "error");
      ma_load_spec_clear (&one);
    }
  valid = ma_load_form_get_spec (self, &spec, &error);
  if (valid)
    ma_load_spec_clear (&spec);
  g_free (self->problem);
  self->problem = valid ? NULL : g_strdup (error->message);
  /* two lines, always: a popover does not grow once open, so the form keeps its height */
  gtk_label_set_text (GTK_LABEL (self->problem_label), self->problem ? self->problem : "\n");
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
field_changed_cb (GObject    *editor,
                  GParamSpec *pspec,
                  MaLoadForm *self)
{
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
editable_changed_cb (GtkEditable *editable,
                     MaLoadForm  *self)
{
  field_changed_cb (G_OBJECT (editable), NULL, self);
}

/* A size close to 1/parts of the machine's memory, as people write it: "64M". */
static char *
share_of_memory (MaLoadForm *self,
                 guint       parts)
{
  guint64 total = 64 << 20, bytes = 4096;

  if (self->simulation != NULL)
    {
      MaMachine *m = ma_simulation_get_machine (self->simulation);
      guint64 managed = 0;

      ma_machine_get_total_pages (m, NULL, &managed, NULL);
      total = managed << ma_machine_get_page_shift (m);
    }
  while (bytes * 2 <= total / parts)
    bytes *= 2;
  if (bytes >= (G_GUINT64_CONSTANT (1) << 30))
    return g_strdup_printf ("%" G_GUINT64_FORMAT "G", bytes >> 30);
  if (bytes >= (1u << 20))
    return g_strdup_printf ("%" G_GUINT64_FORMAT "M", bytes >> 20);
  return g_strdup_printf ("%" G_GUINT64_FORMAT "K", bytes >> 10);
}

static char *
default_name (MaLoadForm *self)
{
  const char *base = ma_load_kind_name (self->kind);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", base, n);
      gboolean used = FALSE;

      for (guint i = 0; self->simulation && i < ma_simulation_get_n_loads (self->simulation); i++)
        used |= g_str_equal (ma_simulation_get_load (self->simulation, i, NULL, NULL)->name, name);
      if (!used)
        return g_steal_pointer (&name);
    }
}

static char *
initial_text (MaLoadForm      *self,
              const FieldSpec *fs)
{
  const char *key = fs->key;

  if (g_str_equal (key, "name"))
    return default_name (self);
  switch (self->kind)
    {
    case MA_LOAD_HEAP:
      if (g_str_equal (key, "rate"))
        return share_of_memory (self, 256);
      if (g_str_equal (key, "limit"))
        return share_of_memory (self, 4);
      if (g_str_equal (key, "touch"))
        return g_strdup ("0.01");
      break;
    case MA_LOAD_FILE:
      if (g_str_equal (key, "size"))
        return share_of_memory (self, 2);
      if (g_str_equal (key, "rate"))
        return share_of_memory (self, 128);
      if (g_str_equal (key, "passes"))
        return g_strdup ("1");
      break;
    case MA_LOAD_ATOMIC:
      if (g_str_equal (key, "rate"))
        return g_strdup ("64");
      if (g_str_equal (key, "order"))
        return g_strdup ("1");
      if (g_str_equal (key, "lifetime"))
        return g_strdup ("3");
      break;
    case MA_LOAD_FRAGMENT:
      if (g_str_equal (key, "rate"))
        return g_strdup ("256");
      if (g_str_equal (key, "limit"))
        return share_of_memory (self, 8);
      if (g_str_equal (key, "churn_ticks"))
        return g_strdup ("50");
      if (g_str_equal (key, "order"))
        return g_strdup ("4");
      break;
    case MA_LOAD_SLAB:
      if (g_str_equal (key, "rate"))
        return share_of_memory (self, 1024);
      break;
    case MA_LOAD_KMAP:
      if (g_str_equal (key, "rate"))
        return g_strdup ("16");
      if (g_str_equal (key, "limit"))
        return g_strdup ("0");
      if (g_str_equal (key, "lifetime"))
        return g_strdup ("50");
      break;
    case MA_N_LOAD_KINDS:
    default:
      break;
    }
  return g_strdup (fs->type == F_INT ? "0" : "");
}

static void
add_row (MaLoadForm      *self,
         const FieldSpec *fs)
{
  Field f = { fs, NULL, NULL };

  switch (fs->type)
    {
    case F_BOOL:
      f.row = adw_action_row_new ();
      f.editor = gtk_switch_new ();
      gtk_widget_set_valign (f.editor, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (f.editor), g_str_equal (fs->key, "reclaimable"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (f.row), f.editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (f.row), f.editor);
      g_signal_connect (f.editor, "notify::active", G_CALLBACK (field_changed_cb), self);
      break;

    case F_NODE:
      {
        g_autoptr(GtkStringList) nodes = gtk_string_list_new (NULL);
        MaMachine *m = self->simulation ? ma_simulation_get_machine (self->simulation) : NULL;
        guint n_nodes = m ? ma_machine_get_n_nodes (m) : 1;

        /* one node: nothing to choose */
        if (n_nodes < 2)
          return;
        gtk_string_list_append (nodes, _("Any node"));
        for (guint n = 0; n < n_nodes; n++)
          {
            g_autofree char *name = g_strdup_printf (_("Node %u"),
                                                     ma_node_get_id (ma_machine_get_node (m, n)));

            gtk_string_list_append (nodes, name);
          }
        f.row = f.editor = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (f.row), G_LIST_MODEL (nodes));
        g_signal_connect (f.row, "notify::selected", G_CALLBACK (field_changed_cb), self);
        break;
      }

    case F_NAME:
    case F_SIZE:
    case F_INT:
    case F_SHARE:
    default:
      {
        g_autofree char *text = initial_text (self, fs);

        f.row = f.editor = adw_entry_row_new ();
        gtk_editable_set_text (GTK_EDITABLE (f.row), text);
        g_signal_connect (f.row, "changed", G_CALLBACK (editable_changed_cb), self);
        break;
      }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f.row), _(fs->label));
  gtk_list_box_append (GTK_LIST_BOX (self->list), f.row);
  g_array_append_val (self->fields, f);
}

/**
 * ma_load_form_set_kind:
 * @simulation: (nullable): the simulation the load will run in: it sizes the defaults, names
 *   the load apart from the others, and lists the nodes
 *
 * Shows the fields of @kind, filled with defaults that make a valid load.
 */
void
ma_load_form_set_kind (MaLoadForm   *self,
                       MaLoadKind    kind,
                       MaSimulation *simulation)
{
  const FieldSpec *fs;

  g_return_if_fail (MA_IS_LOAD_FORM (self));
  g_return_if_fail (kind < MA_N_LOAD_KINDS);

  self->kind = kind;
  g_set_object (&self->simulation, simulation);
  for (guint i = 0; i < self->fields->len; i++)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), g_array_index (self->fields, Field, i).row);
  g_array_set_size (self->fields, 0);
  for (fs = kind_fields[kind]; fs->key != NULL; fs++)
    add_row (self, fs);
  gtk_widget_set_visible (self->list, self->fields->len > 0);
  validate (self);
}

MaLoadKind
ma_load_form_get_kind (MaLoadForm *self)
{
  g_return_val_if_fail (MA_IS_LOAD_FORM (self), MA_LOAD_HEAP);
  return self->kind;
}

gboolean
ma_load_form_get_valid (MaLoadForm *self)
{
  g_return_val_if_fail (MA_IS_LOAD_FORM (self), FALSE);
  return self->valid;
}

/**
 * ma_load_form_get_problem:
 *
 * Returns: (nullable): what is wrong with the form, in words, or %NULL
 */
const char *
ma_load_form_get_problem (MaLoadForm *self)
{
  g_return_val_if_fail (MA_IS_LOAD_FORM (self), NULL);
  return self->problem;
}

/**
 * ma_load_form_set_text:
 * @field: a field's key ("name", "rate", "limit", "order", …)
 *
 * Types into a text field, as a user would.
 *
 * Returns: %FALSE when the form has no such text field
 */
gboolean
ma_load_form_set_text (MaLoadForm *self,
                       const char *field,
                       const char *text)
{
  Field *f;

  g_return_val_if_fail (MA_IS_LOAD_FORM (self), FALSE);

  f = find_field (self, field);
  if (f == NULL || !GTK_IS_EDITABLE (f->editor))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (f->editor), text);
  return TRUE;
}

const char *
ma_load_form_get_text (MaLoadForm *self,
                       const char *field)
{
  Field *f;

  g_return_val_if_fail (MA_IS_LOAD_FORM (self), NULL);

  f = find_field (self, field);
  if (f == NULL || !GTK_IS_EDITABLE (f->editor))
    return NULL;
  return gtk_editable_get_text (GTK_EDITABLE (f->editor));
}

static void
ma_load_form_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, MA_LOAD_FORM (object)->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_load_form_dispose (GObject *object)
{
  MaLoadForm *self = MA_LOAD_FORM (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->simulation);
  G_OBJECT_CLASS (ma_load_form_parent_class)->dispose (object);
}

static void
ma_load_form_finalize (GObject *object)
{
  MaLoadForm *self = MA_LOAD_FORM (object);

  g_array_unref (self->fields);
  g_free (self->problem);
  G_OBJECT_CLASS (ma_load_form_parent_class)->finalize (object);
}

static void
ma_load_form_class_init (MaLoadFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ma_load_form_get_property;
  object_class->dispose = ma_load_form_dispose;
  object_class->finalize = ma_load_form_finalize;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MaLoadForm::changed:
   *
   * The user edited a field; the form was checked again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "loadform");
}

static void
ma_load_form_init (MaLoadForm *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_box_append (GTK_BOX (self->box), self->list);

  self->hint = gtk_label_new (_("Sizes: 16M, 1G, or a number of pages."));
  gtk_label_set_xalign (GTK_LABEL (self->hint), 0);
  gtk_widget_add_css_class (self->hint, "dim-label");
  gtk_widget_add_css_class (self->hint, "caption");
  gtk_box_append (GTK_BOX (self->box), self->hint);

  self->problem_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->problem_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->problem_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->problem_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (self->problem_label), 2);
  gtk_label_set_max_width_chars (GTK_LABEL (self->problem_label), 40);
  gtk_label_set_text (GTK_LABEL (self->problem_label), "\n");
  gtk_widget_add_css_class (self->problem_label, "error");
  gtk_box_append (GTK_BOX (self->box), self->problem_label);
}
