/* fuzz-pagetypeinfo.c: /proc/pagetypeinfo, parsed and then opened as a file (machine included)
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
  g_autoptr(MaPagetypeinfo) pti = ma_pagetypeinfo_parse ((const char *) data, (gssize) size,
                                                         "pagetypeinfo", &error);

  if (pti == NULL)
    fuzz_check_error (error);
  else
    {
      guint n_types = ma_pagetypeinfo_get_n_types (pti);

      if (n_types > MA_PAGETYPEINFO_MAX_TYPES)
        abort ();
      for (guint t = 0; t < n_types; t++)
        if (ma_pagetypeinfo_find_type (pti, ma_pagetypeinfo_get_type_name (pti, t)) < 0)
          abort ();
      for (guint i = 0; i < ma_pagetypeinfo_get_n_zones (pti); i++)
        {
          const MaPagetypeinfoZone *z = ma_pagetypeinfo_get_zone (pti, i);
          gboolean capped;

          if (ma_pagetypeinfo_lookup_zone (pti, z->node_id, z->name) == NULL)
            abort ();
          for (guint k = 0; k < z->n_orders; k++)
            {
              (void) ma_pagetypeinfo_zone_sum_order (z, k, &capped);
              for (guint t = 0; t < z->n_types; t++)
                (void) ma_pagetypeinfo_zone_get_free (z, t, k, &capped);
            }
        }
      (void) ma_pagetypeinfo_get_pages_per_block (pti);
      if (!ma_pagetypeinfo_equal (pti, pti))
        abort ();
      fuzz_check_texts (ma_pagetypeinfo_get_warnings (pti), G_MAXUINT);
    }

  fuzz_snapshot_file ("pagetypeinfo", data, size);
  return 0;
}
