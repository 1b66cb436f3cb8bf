/* fuzz-zoneinfo.c: /proc/zoneinfo, parsed and then opened as a file (machine included)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-snapshot.h"

/* declared here, not in a header: test-fuzz-regressions.c includes each target renamed */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaZoneinfo) zi = ma_zoneinfo_parse ((const char *) data, (gssize) size, "zoneinfo",
                                                &error);

  if (zi == NULL)
    fuzz_check_error (error);
  else
    {
      guint64 value;

      /* every zone is reachable by its node and name, and every counter by its name */
      for (guint i = 0; i < ma_zoneinfo_get_n_zones (zi); i++)
        {
          const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zi, i);

          if (ma_zoneinfo_lookup_zone (zi, z->node_id, z->name) == NULL)
            abort ();
          for (guint c = 0; c < z->n_counters; c++)
            if (!ma_zoneinfo_zone_get_counter (z, z->counters[c].name, &value))
              abort ();
          (void) ma_zoneinfo_zone_is_populated (z);
        }
      for (guint i = 0; i < ma_zoneinfo_get_n_nodes (zi); i++)
        {
          const MaZoneinfoNode *n = ma_zoneinfo_get_node (zi, i);

          for (guint s = 0; s < n->n_stats; s++)
            if (!ma_zoneinfo_node_get_stat (n, n->stats[s].name, &value))
              abort ();
        }
      (void) ma_zoneinfo_get_n_cpus (zi);
      (void) ma_zoneinfo_era_get_kernels (ma_zoneinfo_get_era (zi));
      if (!ma_zoneinfo_equal (zi, zi))
        abort ();
      fuzz_check_texts (ma_zoneinfo_get_warnings (zi), G_MAXUINT);
    }

  fuzz_snapshot_file ("zoneinfo", data, size);
  return 0;
}
