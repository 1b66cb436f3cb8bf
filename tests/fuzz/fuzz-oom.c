/* fuzz-oom.c: kernel logs with OOM reports, parsed, their machines built, then opened as a file
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

static void
use_report (MaOomReport *report,
            gboolean     build)
{
  guint64 value;
  int adj;

  (void) ma_oom_report_get_kind (report);
  (void) ma_oom_report_get_gfp_mask (report, &value);
  (void) ma_oom_report_get_oom_score_adj (report, &adj);
  for (guint i = 0; i < ma_oom_report_get_n_counters (report); i++)
    if (!ma_oom_report_get_counter (report, ma_oom_report_get_counters (report)[i].name, &value))
      abort ();
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    {
      const MaOomZone *z = ma_oom_report_get_zone (report, i);
      guint64 sum = 0;

      if (ma_oom_report_lookup_zone (report, z->node_id, z->name) == NULL)
        abort ();
      for (guint f = 0; f < z->n_fields; f++)
        (void) ma_oom_zone_get_kb (z, z->fields[f].name, &value);
      for (guint k = 0; k < z->n_orders; k++)
        sum += z->order_counts[k] + z->order_kb[k] + (z->order_types[k] ? 1 : 0);
      (void) sum;
    }
  for (guint i = 0; i < ma_oom_report_get_n_nodes (report); i++)
    (void) ma_oom_report_get_node (report, i)->n_fields;

  if (build && fuzz_oom_report_is_small (report))
    {
      g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaMachine) machine = ma_oom_report_machine_new (report, 1, notes, &error);

      if (machine != NULL)
        fuzz_check_machine (machine);
      else
        fuzz_check_error (error);
      fuzz_check_texts ((const char * const *) notes->pdata, notes->len);
    }
  fuzz_check_texts (ma_oom_report_get_warnings (report), G_MAXUINT);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = ma_oom_report_parse_all ((const char *) data, (gssize) size,
                                                          "dmesg", &error);

  if (reports == NULL)
    fuzz_check_error (error);
  else
    {
      /* the snapshot below builds the last report's machine; build the first one here */
      for (guint i = 0; i < reports->len; i++)
        use_report (g_ptr_array_index (reports, i), i == 0 && reports->len > 1);
    }

  fuzz_snapshot_file ("dmesg", data, size);
  return 0;
}
