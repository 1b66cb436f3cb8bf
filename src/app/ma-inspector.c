/* ma-inspector.c: the struct page of the selected frame, decoded
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row is a field of struct page or of what the page belongs to: its buddy block, its
 * pageblock, its per-CPU list. Values are selectable so that a pfn can be copied into a terminal.
 */
#define G_LOG_DOMAIN "ma-inspector"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-inspector.h"

/* The rows, in display order; the id is what ma_inspector_get_value() takes (and tests use). */
static const struct
{
  const char *id;
  const char *label;
} rows[] = {
  { "pfn", N_("Page frame") },
  { "phys", N_("Physical address") },
  { "zone", N_("Node and zone") },
  { "state", N_("State") },
  { "flags", N_("Flags") },
  { "refcount", N_("_refcount") },
  { "mapcount", N_("_mapcount") },
  { "private", N_("private") },
  { "owner", N_("Owner (mapping)") },
  { "index", N_("index") },
  { "lru", N_("LRU") },
  { "virtual", N_("Virtual address") },
  { "block", N_("Buddy block") },
  { "pageblock", N_("Pageblock") },
  { "pcp", N_("Per-CPU list") },
};

struct _MaInspector
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkWidget  *empty;
  GtkWidget  *grid;
  GtkWidget  *title;
  GtkWidget  *values[G_N_ELEMENTS (rows)];
  GtkWidget  *free_button;
  GtkWidget  *alloc_button;

  MaMachine  *machine;
  gint64      pfn;
};

G_DEFINE_FINAL_TYPE (MaInspector, ma_inspector, GTK_TYPE_WIDGET)

static void
ma_inspector_dispose (GObject *object)
{
  MaInspector *self = MA_INSPECTOR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->machine);
  G_OBJECT_CLASS (ma_inspector_parent_class)->dispose (object);
}

static void
ma_inspector_class_init (MaInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_inspector_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
ma_inspector_init (MaInspector *self)
{
  GtkWidget *buttons;

  self->pfn = -1;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = gtk_label_new (_("Page Frame"));
  gtk_widget_add_css_class (self->title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_box_append (GTK_BOX (self->box), self->title);

  self->empty = gtk_label_new (_("Select a page frame on the map to see its struct page."));
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->empty), 0);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->empty);

  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_box_append (GTK_BOX (self->box), self->grid);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *name = gtk_label_new (_(rows[i].label));
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 1);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_add_css_class (value, "monospace");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      name, NULL, -1);
      gtk_grid_attach (GTK_GRID (self->grid), name, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), value, 1, (int) i, 1, 1);
      self->values[i] = value;
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), buttons);
  self->free_button = gtk_button_new_with_mnemonic (_("_Free Block"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->free_button), "win.free-selected");
  gtk_widget_add_css_class (self->free_button, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), self->free_button);
  self->alloc_button = gtk_button_new_with_mnemonic (_("_Allocate Here"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->alloc_button), "win.allocate-selected");
  gtk_widget_add_css_class (self->alloc_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), self->alloc_button);

  gtk_widget_set_visible (self->grid, FALSE);
  gtk_widget_set_visible (self->free_button, FALSE);
  gtk_widget_set_visible (self->alloc_button, FALSE);
}

GtkWidget *
ma_inspector_new (void)
{
  return g_object_new (MA_TYPE_INSPECTOR, NULL);
}

static void
set_value (MaInspector *self,
           const char  *id,
           const char  *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].id, id))
      {
        gtk_label_set_label (GTK_LABEL (self->values[i]), text);
        return;
      }
  g_assert_not_reached ();
}

const char *
ma_inspector_get_value (MaInspector *self,
                        const char  *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].id, field))
      return gtk_label_get_label (GTK_LABEL (self->values[i]));
  return NULL;
}

/*
 * The kernel's names for what the engine knows of a frame: PG_buddy (a page type since 5.x) on
 * free block heads, PG_reserved, PG_slab, PG_head/PG_tail for blocks of order > 0, PG_lru and
 * friends from the frame's own flags.
 */
char *
ma_frame_flags_to_string (MaMachine         *machine,
                          const MaFrameInfo *info)
{
  static const struct { guint bit; const char *name; } bits[] = {
    { MA_PG_LRU, "lru" }, { MA_PG_ACTIVE, "active" }, { MA_PG_REFERENCED, "referenced" },
    { MA_PG_DIRTY, "dirty" }, { MA_PG_WRITEBACK, "writeback" }, { MA_PG_SWAPBACKED, "swapbacked" },
    { MA_PG_UNEVICTABLE, "unevictable" }, { MA_PG_RECLAIM, "reclaim" }, { MA_PG_MLOCKED, "mlocked" },
  };
  g_autoptr(GString) s = g_string_new (NULL);
  const MaOwner *owner = ma_machine_get_owner (machine, info->owner);

#define ADD(name) g_string_append_printf (s, "%s%s", s->len ? "|" : "", name)
  switch (info->state)
    {
    case MA_FRAME_FREE_HEAD:
      ADD ("buddy");
      break;
    case MA_FRAME_RESERVED:
      ADD ("reserved");
      break;
    case MA_FRAME_ALLOC_HEAD:
      if (info->block_order > 0)
        ADD ("head");
      break;
    case MA_FRAME_ALLOC_TAIL:
      ADD ("tail");
      break;
    case MA_FRAME_FREE_TAIL:
    case MA_FRAME_PCP:
    case MA_FRAME_HOLE:
    case MA_N_FRAME_STATES:
    default:
      break;
    }
  if (owner && (owner->kind == MA_OWNER_SLAB || owner->kind == MA_OWNER_SLAB_RECLAIMABLE)
      && (info->state == MA_FRAME_ALLOC_HEAD || info->state == MA_FRAME_ALLOC_TAIL))
    ADD ("slab");
  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    if (info->flags & bits[i].bit)
      ADD (bits[i].name);
#undef ADD
  if (s->len == 0)
    g_string_append (s, "—");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_state (const MaFrameInfo *info)
{
  switch (info->state)
    {
    case MA_FRAME_FREE_HEAD:
      return g_strdup_printf (_("free: first page of a free order-%u block"), info->block_order);
    case MA_FRAME_FREE_TAIL:
      return g_strdup_printf (_("free: inside the free order-%u block at pfn %" PRIu64),
                              info->block_order, info->block_pfn);
    case MA_FRAME_PCP:
      return g_strdup_printf (_("free, cached on CPU %u's per-CPU list"), info->pcp_cpu);
    case MA_FRAME_ALLOC_HEAD:
      return g_strdup_printf (_("allocated: first page of an order-%u block"), info->block_order);
    case MA_FRAME_ALLOC_TAIL:
      return g_strdup_printf (_("allocated: inside the order-%u block at pfn %" PRIu64),
                              info->block_order, info->block_pfn);
    case MA_FRAME_RESERVED:
      return g_strdup (_("reserved at boot: never given to the page allocator"));
    case MA_FRAME_HOLE:
      return g_strdup (_("a hole: inside the zone's span, but no memory is here"));
    case MA_N_FRAME_STATES:
    default:
      return g_strdup ("?");
    }
}

static void
refresh (MaInspector *self)
{
  MaFrameInfo info;
  const MaOwner *owner;
  guint page_shift;
  guint64 virt;
  g_autofree char *pfn = NULL, *phys = NULL, *zone = NULL, *state = NULL, *flags = NULL;
  g_autofree char *refcount = NULL, *mapcount = NULL, *priv = NULL, *own = NULL, *index = NULL;
  g_autofree char *lru = NULL, *virtual = NULL, *block = NULL, *pageblock = NULL, *pcp = NULL;
  g_autofree char *title = NULL, *block_size = NULL;
  gboolean valid = self->machine != NULL && self->pfn >= 0
                   && ma_machine_get_frame_info (self->machine, (guint64) self->pfn, &info);

  gtk_widget_set_visible (self->empty, !valid);
  gtk_widget_set_visible (self->grid, valid);
  gtk_widget_set_visible (self->free_button, valid && (info.state == MA_FRAME_ALLOC_HEAD
                                                       || info.state == MA_FRAME_ALLOC_TAIL));
  gtk_widget_set_visible (self->alloc_button, valid && info.zone != NULL
                                              && !gtk_widget_get_visible (self->free_button));
  if (!valid)
    {
      gtk_label_set_label (GTK_LABEL (self->title), _("Page Frame"));
      return;
    }

  page_shift = ma_machine_get_page_shift (self->machine);
  title = g_strdup_printf (_("Page Frame %" PRIu64), info.pfn);
  gtk_label_set_label (GTK_LABEL (self->title), title);

  pfn = g_strdup_printf ("%" G_GUINT64_FORMAT " (0x%" G_GINT64_MODIFIER "x)", info.pfn, info.pfn);
  phys = g_strdup_printf ("0x%012" G_GINT64_MODIFIER "x", info.phys_addr);
  zone = info.zone ? g_strdup_printf (_("node %u, %s"), ma_node_get_id (info.node),
                                      ma_zone_get_name (info.zone))
                   : g_strdup_printf (_("node %u, outside every zone"), ma_node_get_id (info.node));
  state = describe_state (&info);
  flags = ma_frame_flags_to_string (self->machine, &info);
  refcount = g_strdup_printf ("%u", info.refcount);
  /* _mapcount is stored minus one in the kernel; show the count of mappings */
  mapcount = g_strdup_printf (ngettext ("%u mapping", "%u mappings", info.mapcount), info.mapcount);
  if (info.state == MA_FRAME_FREE_HEAD)
    priv = g_strdup_printf (_("%u (buddy order)"), info.block_order);
  else if (info.state == MA_FRAME_PCP)
    priv = g_strdup_printf (_("%s (pcp migratetype)"), ma_migrate_type_name (info.list_mt));
  else
    priv = g_strdup ("0");

  owner = ma_machine_get_owner (self->machine, info.owner);
  if (owner != NULL && info.owner != 0)
    {
      if (owner->pid >= 0)
        own = g_strdup_printf (_("%s (%s, pid %d)"), owner->name, ma_owner_kind_name (owner->kind),
                               owner->pid);
      else
        own = g_strdup_printf ("%s (%s)", owner->name, ma_owner_kind_name (owner->kind));
    }
  else
    own = g_strdup ("NULL");
  index = g_strdup_printf ("%u", info.index);

  if (info.flags & MA_PG_LRU)
    lru = g_strdup_printf (_("on the %s %s list"), (info.flags & MA_PG_ACTIVE) ? _("active") : _("inactive"),
                           (info.flags & MA_PG_SWAPBACKED) ? _("anon") : _("file"));
  else
    lru = g_strdup (_("not on an LRU list"));

  if (ma_machine_page_address (self->machine, info.pfn, &virt))
    virtual = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", virt);
  else
    virtual = g_strdup (_("NULL: a HighMem page that is not kmapped has no kernel address"));

  block_size = g_format_size_full ((guint64) 1 << (info.block_order + page_shift),
                                   G_FORMAT_SIZE_IEC_UNITS);
  block = g_strdup_printf (_("pfn %" PRIu64 ", order %u (%s), %s"), info.block_pfn,
                           info.block_order, block_size, ma_frame_state_name (info.block_state));
  pageblock = g_strdup_printf (_("pfn %" PRIu64 ", %s"), info.pageblock_pfn,
                               ma_migrate_type_name (info.pageblock_mt));
  if (info.state == MA_FRAME_PCP)
    pcp = g_strdup_printf (_("CPU %u, %s list"), info.pcp_cpu, ma_migrate_type_name (info.list_mt));
  else if (info.state == MA_FRAME_FREE_HEAD)
    pcp = g_strdup_printf (_("no (on the buddy free list %u/%s)"), info.block_order,
                           ma_migrate_type_name (info.list_mt));
  else
    pcp = g_strdup (_("no"));

  set_value (self, "pfn", pfn);
  set_value (self, "phys", phys);
  set_value (self, "zone", zone);
  set_value (self, "state", state);
  set_value (self, "flags", flags);
  set_value (self, "refcount", refcount);
  set_value (self, "mapcount", mapcount);
  set_value (self, "private", priv);
  set_value (self, "owner", own);
  set_value (self, "index", index);
  set_value (self, "lru", lru);
  set_value (self, "virtual", virtual);
  set_value (self, "block", block);
  set_value (self, "pageblock", pageblock);
  set_value (self, "pcp", pcp);
}

void
ma_inspector_show_pfn (MaInspector *self,
                       MaMachine   *machine,
                       gint64       pfn)
{
  g_return_if_fail (MA_IS_INSPECTOR (self));

  g_set_object (&self->machine, machine);
  self->pfn = pfn;
  refresh (self);
}

void
ma_inspector_refresh (MaInspector *self)
{
  refresh (self);
}
