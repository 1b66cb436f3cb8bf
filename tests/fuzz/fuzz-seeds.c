/* fuzz-seeds.c: seed inputs the repository has no files of, made with the real writers
 *
 *   fuzz-seeds bundle DIR OUT      the snapshot in DIR (a folder of /proc files) as a bundle
 *   fuzz-seeds session PRESET OUT  a saved simulation: allocations, a free, a sysctl, a drain
 *   fuzz-seeds kpageflags OUT      page flags for fuzz-kpageflags' fixed 1024-frame zone
 *                                  (OUT-heads, OUT-tails) and a bundle of that zone with
 *                                  them (OUT-bundle.json)
 *
 * Called by make-corpus.sh. Seeds are written by the same code the app saves with, so they
 * start the fuzzer where real files are.
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "ma-gfp.h"
#include "ma-machine-spec.h"
#include "ma-procfs.h"
#include "ma-session.h"

#include "fuzz-fixed-zone.h"

static gboolean
write_bundle (const char  *dir,
              const char  *out,
              GError     **error)
{
  g_autoptr(MaSnapshot) snapshot = ma_snapshot_load_path (dir, error);
  g_autoptr(GBytes) bundle = NULL;

  if (snapshot == NULL)
    return FALSE;
  bundle = ma_snapshot_to_bundle (snapshot);
  return g_file_set_contents (out, g_bytes_get_data (bundle, NULL),
                              (gssize) g_bytes_get_size (bundle), error);
}

static gboolean
write_session (const char  *preset,
               const char  *out,
               GError     **error)
{
  g_autoptr(MaMachineSpec) spec = ma_presets_load (preset, error);
  g_autoptr(MaSession) session = NULL;
  g_autofree char *json = NULL;
  MaAllocRequest req = { .gfp = MA_GFP_KERNEL, .node = 0, .start_zone = -1 };
  guint64 pfn, first = G_MAXUINT64;

  if (spec == NULL || (session = ma_session_new (spec, 7, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < 12; i++)
    {
      req.order = i % 4;
      req.gfp = i % 3 == 0 ? MA_GFP_HIGHUSER_MOVABLE : MA_GFP_KERNEL;
      if (ma_session_alloc (session, &req, &pfn, NULL) && first == G_MAXUINT64)
        first = pfn;
    }
  if (first != G_MAXUINT64 && !ma_session_free (session, first, error))
    return FALSE;
  if (!ma_session_set_sysctl (session, "watermark_scale_factor", "150", error))
    return FALSE;
  ma_session_drain_pcp (session);
  json = ma_session_to_json (session);
  return g_file_set_contents (out, json, -1, error);
}

/* Frames 0-23 reserved, free blocks of 512, 64, 16 and 8 frames (600 free, as the zoneinfo
 * says), the rest anonymous and page cache pages. With @tails, every frame of a free block is
 * marked BUDDY (as 6.x does), otherwise only its first. */
static gboolean
write_kpageflags (const char  *out,
                  gboolean     tails,
                  GError     **error)
{
  static const struct { guint start, order; } free_blocks[] = {
    { 64, 6 }, { 128, 4 }, { 144, 3 }, { 512, 9 },
  };
  guint8 words[1024 * 8];
  g_autoptr(MaPageRle) rle = NULL;
  g_autoptr(MaSnapshot) snapshot = NULL;
  g_autoptr(GBytes) bundle = NULL;
  g_autofree char *bundle_path = NULL;

  for (guint pfn = 0; pfn < 1024; pfn++)
    {
      guint64 flags;

      if (pfn < 24)
        flags = G_GUINT64_CONSTANT (1) << 32;                       /* RESERVED */
      else if (pfn % 3 == 0)
        flags = MA_KPF_MASK (MA_KPF_LRU) | MA_KPF_MASK (MA_KPF_ANON) | MA_KPF_MASK (MA_KPF_MMAP)
                | MA_KPF_MASK (MA_KPF_SWAPBACKED);
      else
        flags = MA_KPF_MASK (MA_KPF_LRU) | MA_KPF_MASK (MA_KPF_UPTODATE);
      for (guint b = 0; b < G_N_ELEMENTS (free_blocks); b++)
        {
          guint start = free_blocks[b].start, n = 1u << free_blocks[b].order;

          if (pfn >= start && pfn < start + n)
            flags = (pfn == start || tails) ? MA_KPF_MASK (MA_KPF_BUDDY) : 0;
        }
      for (guint i = 0; i < 8; i++)
        words[pfn * 8 + i] = (guint8) (flags >> (8 * i));
    }
  if (!g_file_set_contents (out, (const char *) words, sizeof words, error))
    return FALSE;
  if (!tails)
    return TRUE;

  snapshot = ma_snapshot_new ();
  rle = ma_page_rle_parse_binary (words, sizeof words, "kpageflags", NULL, error);
  if (rle == NULL
      || !ma_snapshot_add_part (snapshot, MA_PROCFS_KIND_ZONEINFO, fuzz_fixed_zoneinfo,
                                sizeof fuzz_fixed_zoneinfo - 1, "zoneinfo", error))
    return FALSE;
  ma_snapshot_set_page_flags (snapshot, MA_PROCFS_KIND_KPAGEFLAGS, rle);
  bundle = ma_snapshot_to_bundle (snapshot);
  bundle_path = g_strconcat (out, "-bundle.json", NULL);
  return g_file_set_contents (bundle_path, g_bytes_get_data (bundle, NULL),
                              (gssize) g_bytes_get_size (bundle), error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (argc == 4 && strcmp (argv[1], "bundle") == 0)
    ok = write_bundle (argv[2], argv[3], &error);
  else if (argc == 4 && strcmp (argv[1], "session") == 0)
    ok = write_session (argv[2], argv[3], &error);
  else if (argc == 3 && strcmp (argv[1], "kpageflags") == 0)
    {
      g_autofree char *heads = g_strconcat (argv[2], "-heads", NULL);
      g_autofree char *tails = g_strconcat (argv[2], "-tails", NULL);

      ok = write_kpageflags (heads, FALSE, &error) && write_kpageflags (tails, TRUE, &error);
    }
  else
    {
      fprintf (stderr, "usage: fuzz-seeds bundle DIR OUT | session PRESET OUT | kpageflags OUT\n");
      return 2;
    }
  if (!ok)
    {
      fprintf (stderr, "fuzz-seeds: %s\n", error->message);
      return 1;
    }
  return 0;
}
