/* ma-map-view-a11y.c: what the map says in words: tooltips and its accessible description
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map is an image with a text alternative that follows it: which machine, what part of it is
 * in view, what the colours mean and which frame is selected, updated a moment after the view
 * settles (a drag would otherwise flood the screen reader).
 */
#define G_LOG_DOMAIN "ma-map-view"

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n.h>

#include "ma-map-view-private.h"

#define A11Y_DELAY_MS 250

/**
 * ma_map_view_describe_frame:
 * @pfn: a page frame
 * @markup: whether to return Pango markup (for tooltips) rather than plain text
 *
 * Returns: (transfer full): pfn, physical address, node, zone, state and pageblock of @pfn, one
 *   per line
 */
char *
ma_map_view_describe_frame (MaMapView *self,
                            guint64    pfn,
                            gboolean   markup)
{
  GString *s = g_string_new (NULL);
  MaFrameInfo info;
  const MaOwner *owner;

  if (self->machine == NULL || !ma_machine_get_frame_info (self->machine, pfn, &info))
    {
      g_string_free (s, TRUE);
      return NULL;
    }

  if (markup)
    g_string_append_printf (s, "<b>%s</b>\n", _("Page frame"));
  g_string_append_printf (s, _("PFN 0x%" PRIx64 " (%" PRIu64 ")"),
                          info.pfn, info.pfn);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Physical address 0x%" PRIx64 ""), info.phys_addr);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Node %u, zone %s"), ma_node_get_id (info.node),
                          info.zone ? ma_zone_get_name (info.zone) : _("none"));
  g_string_append_c (s, '\n');

  switch (info.state)
    {
    case MA_FRAME_FREE_HEAD:
    case MA_FRAME_FREE_TAIL:
      g_string_append_printf (s, _("Free, in an order-%u block at PFN 0x%" PRIx64 ""),
                              info.block_order, info.block_pfn);
      break;
    case MA_FRAME_PCP:
      g_string_append_printf (s, _("Free, on the per-CPU list of CPU %u (%s)"), info.pcp_cpu,
                              ma_migrate_type_name (info.list_mt));
      break;
    case MA_FRAME_ALLOC_HEAD:
    case MA_FRAME_ALLOC_TAIL:
      owner = ma_machine_get_owner (self->machine, info.owner);
      if (owner && !strstr (owner->name, ma_owner_kind_name (owner->kind)))
        g_string_append_printf (s, _("Allocated to %s (%s), in an order-%u block at PFN 0x%"
                                     PRIx64 ""),
                                owner->name, ma_owner_kind_name (owner->kind), info.block_order,
                                info.block_pfn);
      else
        g_string_append_printf (s, _("Allocated to %s, in an order-%u block at PFN 0x%"
                                     PRIx64 ""),
                                owner ? owner->name : _("nobody"), info.block_order,
                                info.block_pfn);
      break;
    case MA_FRAME_RESERVED:
      g_string_append (s, _("Reserved: present, but never given to the page allocator"));
      break;
    case MA_FRAME_HOLE:
    case MA_N_FRAME_STATES:
    default:
      g_string_append (s, _("Hole: no memory at this address"));
      break;
    }
  if (info.state != MA_FRAME_HOLE)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("Pageblock: %s"), ma_migrate_type_name (info.pageblock_mt));
    }
  if (markup)
    {
      /* Names come from the machine: escape all but the title line. */
      char *nl = strchr (s->str, '\n');
      g_autofree char *rest = g_markup_escape_text (nl + 1, -1);

      g_string_truncate (s, nl + 1 - s->str);
      g_string_append (s, rest);
    }
  return g_string_free (s, FALSE);
}

static char *
describe_view (MaMapView *self)
{
  MaFrameLayout *layout = ma_map_renderer_get_layout (self->renderer);
  const MaMachineSpec *spec = ma_machine_get_spec (self->machine);
  g_autofree char *total = g_format_size_full (ma_machine_get_total_pages (self->machine, NULL,
                                                                          NULL, NULL)
                                               << ma_machine_get_page_shift (self->machine),
                                               G_FORMAT_SIZE_IEC_UNITS);
  GString *s = g_string_new (NULL);
  MaMapRect visible;
  guint n_visible = 0, n_whole = 0;
  int last = -1;

  g_string_append_printf (s, _("Memory of %s (%s, %u nodes), coloured by %s. "),
                          spec->title ? spec->title : spec->name ? spec->name : _("a machine"),
                          total, ma_frame_layout_get_n_nodes (layout),
                          ma_color_mode_get_title (self->mode));

  ma_viewport_get_visible_rect (self->viewport, &visible);
  for (guint i = 0; i < ma_frame_layout_get_n_zones (layout); i++)
    {
      const MaMapRect *r = &ma_frame_layout_get_zone (layout, i)->rect;

      if (r->x + r->width <= visible.x || r->x >= visible.x + visible.width
          || r->y + r->height <= visible.y || r->y >= visible.y + visible.height)
        continue;
      n_visible++;
      last = (int) i;
      if (r->x >= visible.x && r->y >= visible.y && r->x + r->width <= visible.x + visible.width
          && r->y + r->height <= visible.y + visible.height)
        n_whole++;
    }

  if (n_visible == ma_frame_layout_get_n_zones (layout) && n_whole == n_visible)
    g_string_append (s, _("Showing the whole machine."));
  else if (n_visible == 1)
    {
      const MaLayoutZone *z = ma_frame_layout_get_zone (layout, (guint) last);
      guint node = ma_node_get_id (ma_zone_get_node (z->zone));

      if (n_whole == 1)
        g_string_append_printf (s, _("Showing zone %s of node %u."), ma_zone_get_name (z->zone),
                                node);
      else
        g_string_append_printf (s, _("Showing part of zone %s of node %u, %.2g frames per pixel."),
                                ma_zone_get_name (z->zone), node,
                                1 / (ma_viewport_get_zoom (self->viewport)
                                     * ma_viewport_get_zoom (self->viewport)));
    }
  else
    g_string_append_printf (s, ngettext ("Showing %u zone.", "Showing parts of %u zones.",
                                         n_visible), n_visible);

  if (self->reconstructed)
    g_string_append_printf (s, " %s", _("The layout is reconstructed from counts, not read from "
                                        "the pages."));

  if (self->selected_pfn >= 0)
    {
      g_autofree char *frame = ma_map_view_describe_frame (self, (guint64) self->selected_pfn,
                                                           FALSE);

      if (frame)
        {
          g_strdelimit (frame, "\n", ';');
          g_string_append_printf (s, " %s %s.", _("Selected:"), frame);
        }
    }
  return g_string_free (s, FALSE);
}

static gboolean
update_a11y (gpointer data)
{
  MaMapView *self = data;
  g_autofree char *description = NULL;

  self->a11y_id = 0;
  if (self->renderer == NULL)
    description = g_strdup (_("No machine loaded."));
  else
    description = describe_view (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  return G_SOURCE_REMOVE;
}

/**
 * ma_map_view_queue_a11y_update:
 *
 * Updates the accessible label and description a moment after the view settles.
 */
void
ma_map_view_queue_a11y_update (MaMapView *self)
{
  g_clear_handle_id (&self->a11y_id, g_source_remove);
  self->a11y_id = g_timeout_add (A11Y_DELAY_MS, update_a11y, self);
}
