/* fuzz-snapshot.h: what the app does with a snapshot once a loader has returned it
 *
 * Opening a /proc file, a kernel log or a bundle gives a snapshot; the app then rebuilds its
 * machine (ma_snapshot_machine_new), and "Save Snapshot" writes it as a bundle that must read
 * back the same. (The Explain panel's ma_snapshot_check is left out: its search for the
 * sysctls behind the watermarks takes seconds per input under the fuzzer's instrumentation.)
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fuzz-common.h"
#include "ma-procfs.h"
#include "ma-snapshot-machine.h"

G_BEGIN_DECLS

static inline void
fuzz_snapshot_round_trip (MaSnapshot *snapshot)
{
  g_autoptr(GBytes) bundle = ma_snapshot_to_bundle (snapshot);
  g_autoptr(MaSnapshot) back = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bundle, &length);

  back = ma_snapshot_new_from_bundle (data, length, "round trip", &error);
  if (back == NULL)
    {
      fprintf (stderr, "a saved snapshot does not load back: %s\n", error->message);
      abort ();
    }
  if (!ma_snapshot_equal (snapshot, back))
    {
      fprintf (stderr, "a saved snapshot loads back different\n");
      abort ();
    }
}

/* Only a machine of at most FUZZ_MAX_FRAMES is built (see fuzz-common.h). */
static inline gboolean
fuzz_snapshot_machine_is_small (MaSnapshot *snapshot)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaMachineSpec) spec = NULL;
  guint n_reports;

  if (ma_snapshot_has (snapshot, MA_PROCFS_KIND_ZONEINFO)
      || ma_snapshot_has (snapshot, MA_PROCFS_KIND_BUDDYINFO)
      || ma_snapshot_has (snapshot, MA_PROCFS_KIND_PAGETYPEINFO))
    {
      g_autoptr(GError) error = NULL;

      spec = ma_snapshot_machine_spec (snapshot, notes, &error);
      if (spec == NULL)
        {
          fuzz_check_error (error);
          /* the machine fails the same way, cheaply */
          return TRUE;
        }
      return fuzz_spec_is_small (spec);
    }
  n_reports = ma_snapshot_get_n_oom_reports (snapshot);
  return n_reports == 0
         || fuzz_oom_report_is_small (ma_snapshot_get_oom_report (snapshot, n_reports - 1));
}

static inline void
fuzz_snapshot_use (MaSnapshot *snapshot)
{
  fuzz_snapshot_round_trip (snapshot);

  if (fuzz_snapshot_machine_is_small (snapshot))
    {
      g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaMachine) machine = ma_snapshot_machine_new (snapshot, 1, notes, &error);

      if (machine != NULL)
        fuzz_check_machine (machine);
      else
        fuzz_check_error (error);
      fuzz_check_texts ((const char * const *) notes->pdata, notes->len);
    }
  fuzz_check_texts (ma_snapshot_get_warnings (snapshot), G_MAXUINT);
  fuzz_check_texts (ma_snapshot_get_notes (snapshot), G_MAXUINT);
}

/* A file opened by name, as ma_snapshot_load_path() opens it for File → Open and
 * `memory-atlas-cli inspect FILE`, without the file. */
static inline void
fuzz_snapshot_file (const char   *file_name,
                    const guint8 *data,
                    size_t        size)
{
  g_autoptr(MaSnapshot) snapshot = ma_snapshot_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;

  if (!ma_snapshot_add_file (snapshot, file_name, bytes, &error))
    {
      fuzz_check_error (error);
      return;
    }
  ma_snapshot_set_source (snapshot, file_name);
  if (!ma_snapshot_check_limits (snapshot, &error))
    {
      fuzz_check_error (error);
      return;
    }
  fuzz_snapshot_use (snapshot);
}

G_END_DECLS
