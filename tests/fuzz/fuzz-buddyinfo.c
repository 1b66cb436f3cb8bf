/* fuzz-buddyinfo.c: /proc/buddyinfo, parsed and then opened as a file (machine included)
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
  g_autoptr(MaBuddyinfo) bi = ma_buddyinfo_parse ((const char *) data, (gssize) size, "buddyinfo",
                                                  &error);

  if (bi == NULL)
    fuzz_check_error (error);
  else
    {
      for (guint i = 0; i < ma_buddyinfo_get_n_zones (bi); i++)
        {
          const MaBuddyinfoZone *z = ma_buddyinfo_get_zone (bi, i);
          guint64 sum = 0;

          if (z->n_orders > ma_buddyinfo_get_n_orders (bi) || z->n_orders > MA_BUDDYINFO_MAX_ORDERS
              || ma_buddyinfo_lookup_zone (bi, z->node_id, z->name) == NULL)
            abort ();
          for (guint k = 0; k < z->n_orders; k++)
            sum += z->counts[k];
          (void) sum;
        }
      if (!ma_buddyinfo_equal (bi, bi))
        abort ();
      fuzz_check_texts (ma_buddyinfo_get_warnings (bi), G_MAXUINT);
    }

  fuzz_snapshot_file ("buddyinfo", data, size);
  return 0;
}
