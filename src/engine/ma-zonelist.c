/* ma-zonelist.c: the order in which an allocation tries zones (build_all_zonelists)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each node's fallback zonelist lists nodes nearest first ("node ordering", the only ordering
 * since 4.14) and, within a node, its populated zones from the highest down. Ties between nodes
 * at equal distance are broken as find_next_best_node() does: penalise nodes below the local one
 * and nodes with CPUs, then prefer the node that was picked least often so far (node_load), so
 * that equidistant nodes take turns across the zonelists of different nodes.
 */
#define G_LOG_DOMAIN "ma-zonelist"

#include "config.h"

#include <string.h>

#include "ma-machine-private.h"

#define MAX_NUMNODES 1024
#define PENALTY_FOR_NODE_WITH_CPUS 1

static gint
find_next_best_node (MaMachine *m,
                     guint      local,
                     gboolean  *used,
                     guint     *node_load)
{
  gint best = -1;
  gint64 min_val = G_MAXINT64;

  if (!used[local])
    {
      used[local] = TRUE;
      return (gint) local;
    }

  for (guint n = 0; n < m->n_nodes; n++)
    {
      gint64 val;

      if (used[n] || m->nodes[n].present == 0)
        continue;
      val = m->spec->distance[local][n];
      val += m->nodes[n].id < m->nodes[local].id;
      if (m->nodes[n].n_cpus > 0)
        val += PENALTY_FOR_NODE_WITH_CPUS;
      val *= MAX_NUMNODES;
      val += node_load[n];
      if (val < min_val)
        {
          min_val = val;
          best = (gint) n;
        }
    }
  if (best >= 0)
    used[best] = TRUE;
  return best;
}

static guint
add_node_zones (MaNode  *node,
                MaZone **out,
                guint    len)
{
  for (guint z = node->n_zones; z-- > 0;)
    if (node->zones[z].managed > 0)
      out[len++] = &node->zones[z];
  return len;
}

void
ma_zonelists_build (MaMachine *m)
{
  g_autofree guint *node_load = g_new0 (guint, m->n_nodes);
  g_autofree gboolean *used = g_new0 (gboolean, m->n_nodes);
  guint max_len = m->n_nodes * MA_N_ZONE_TYPES;

  for (guint local = 0; local < m->n_nodes; local++)
    {
      MaNode *node = &m->nodes[local];
      guint prev = local;
      gint n;

      g_clear_pointer (&node->zonelist, g_free);
      g_clear_pointer (&node->zonelist_thisnode, g_free);
      node->zonelist = g_new0 (MaZone *, max_len);
      node->zonelist_len = 0;
      memset (used, 0, sizeof (gboolean) * m->n_nodes);

      while ((n = find_next_best_node (m, local, used, node_load)) >= 0)
        {
          if (m->spec->distance[local][n] != m->spec->distance[local][prev])
            node_load[n] += 1;
          node->zonelist_len = add_node_zones (&m->nodes[n], node->zonelist, node->zonelist_len);
          prev = (guint) n;
        }

      node->zonelist_thisnode = g_new0 (MaZone *, MA_N_ZONE_TYPES);
      node->zonelist_thisnode_len = add_node_zones (node, node->zonelist_thisnode, 0);
    }
}
