/* ma-frame-array.c: the memory a node's struct-page array lives in
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 1 TiB machine has 268 million frames: 4 GiB of MaFrame, touched at random by every free
 * (buddies) and allocation. With 4 KiB pages nearly every access misses the TLB and walks four
 * page-table levels, which costs more than the allocator's own work. So on Linux the array is
 * mapped directly and marked for transparent huge pages (2 MiB pages, one TLB entry per 131072
 * frames), as the kernel itself maps its memmap with huge pages. The mapping is zero-filled on
 * first touch, so an untouched part of the array (a boot run the machine never split) costs
 * nothing. Elsewhere, or if mapping fails, it is a plain zeroed allocation.
 */
#define G_LOG_DOMAIN "ma-frame-array"

#include "config.h"

#include "ma-frame-array.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

/* Below this, malloc does just as well and huge pages would waste memory. */
#define HUGE_MAPPING_MIN (8 << 20)

static gboolean
use_mapping (gsize bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  return bytes >= HUGE_MAPPING_MIN;
#else
  return FALSE;
#endif
}

/**
 * ma_big_array_new:
 *
 * Zeroed memory for a large array read at random (frames, or a workload's live blocks), on huge
 * pages where the system has them. Free it with ma_big_array_free() and the same size.
 */
gpointer
ma_big_array_new (gsize bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (use_mapping (bytes))
    {
      void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);

      if (p != MAP_FAILED)
        {
          /* Only advice: without THP the mapping simply keeps small pages. */
          madvise (p, bytes, MADV_HUGEPAGE);
          return p;
        }
      /* fall through: the size decides how it is freed, so this must be rare enough to be
       * fatal rather than mismatched */
      return NULL;
    }
#endif
  return g_try_malloc0 (MAX (bytes, 1));
}

void
ma_big_array_free (gpointer mem,
                   gsize    bytes)
{
  if (mem == NULL)
    return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (use_mapping (bytes))
    {
      munmap (mem, bytes);
      return;
    }
#endif
  g_free (mem);
}

MaFrame *
ma_frame_array_new (guint64 n_frames)
{
  if (n_frames > G_MAXSIZE / sizeof (MaFrame))
    return NULL;
  return ma_big_array_new (n_frames * sizeof (MaFrame));
}

void
ma_frame_array_free (MaFrame *frames,
                     guint64  n_frames)
{
  ma_big_array_free (frames, n_frames * sizeof (MaFrame));
}
