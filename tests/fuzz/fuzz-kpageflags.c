/* fuzz-kpageflags.c: /proc/kpageflags (and kpagecount, the same format), read whole and
 * streamed in chunks, encoded for a bundle, and opened as the page flags of a small machine
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-fixed-zone.h"
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
with_machine (MaPageRle *flags)
{
  g_autoptr(MaSnapshot) snapshot = ma_snapshot_new ();
  g_autoptr(GError) error = NULL;

  if (!ma_snapshot_add_part (snapshot, MA_PROCFS_KIND_ZONEINFO, fuzz_fixed_zoneinfo,
                             sizeof fuzz_fixed_zoneinfo - 1, "zoneinfo", &error))
    {
      fprintf (stderr, "the fixed zoneinfo does not parse: %s\n", error->message);
      abort ();
    }
  ma_snapshot_set_page_flags (snapshot, MA_PROCFS_KIND_KPAGEFLAGS, flags);
  /* as a folder with both files is opened */
  if (!ma_snapshot_check_limits (snapshot, &error))
    {
      fuzz_check_error (error);
      return;
    }
  fuzz_snapshot_use (snapshot);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  gsize dropped = 0;
  g_autoptr(MaPageRle) rle = ma_page_rle_parse_binary (data, size, "kpageflags", &dropped, &error);

  if (rle == NULL)
    fuzz_check_error (error);
  else
    {
      guint64 n = ma_page_rle_get_n_frames (rle);
      g_autoptr(MaPageRleBuilder) builder = ma_page_rle_builder_new ();
      g_autoptr(MaPageRle) streamed = NULL;
      g_autoptr(MaPageRle) decoded = NULL;
      g_autofree char *base64 = NULL;
      gsize cut = size > 0 ? data[0] % (size + 1) : 0;
      gsize streamed_dropped = 0;

      if (n != size / 8 || dropped != size % 8)
        abort ();
      /* the reader streams the file in chunks that need not end on a word */
      ma_page_rle_builder_add_le_bytes (builder, data, cut);
      ma_page_rle_builder_add_le_bytes (builder, data + cut, size - cut);
      streamed = ma_page_rle_builder_end (g_steal_pointer (&builder), &streamed_dropped);
      if (!ma_page_rle_equal (rle, streamed) || streamed_dropped != dropped)
        abort ();

      for (guint64 pfn = 0; pfn < n; pfn += 1 + n / 7)
        (void) ma_page_rle_lookup (rle, pfn);
      (void) ma_page_rle_count_frames (rle, MA_KPF_MASK (MA_KPF_BUDDY), MA_KPF_MASK (MA_KPF_BUDDY));

      /* a bundle stores the runs as base64 and reads them back */
      base64 = ma_page_rle_to_base64 (rle);
      decoded = ma_page_rle_new_from_base64 (base64, n, "bundle", &error);
      if (decoded == NULL || !ma_page_rle_equal (rle, decoded))
        abort ();

      with_machine (rle);
    }

  /* the same bytes as a bundle's encoded runs: damaged ones are refused, never misread */
  {
    g_autofree char *base64 = g_base64_encode (data, size);
    g_autoptr(MaPageRle) runs = NULL;
    g_autoptr(GError) runs_error = NULL;

    runs = ma_page_rle_new_from_base64 (base64, G_MAXUINT64, "bundle", &runs_error);
    if (runs != NULL)
      abort ();
    fuzz_check_error (runs_error);
  }

  fuzz_snapshot_file ("kpageflags", data, size);
  return 0;
}
