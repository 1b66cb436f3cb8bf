/* test-procfs-pageflags.c: a snapshot with /proc/kpageflags opens with its real layout
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ma-procfs.h"
#include "ma-reconstruct.h"
#include "ma-snapshot-machine.h"
#include "ma-snapshot-synth.h"

#define N_FRAMES 32768

#define F(bit)      MA_KPF_MASK (MA_KPF_##bit)
#define RESERVED    (G_GUINT64_CONSTANT (1) << 32)   /* KPF_RESERVED, kernel-internal */
#define KERNEL      F (UPTODATE)                     /* any flag that names no owner */
#define FILE_PAGE   (F (LRU) | F (UPTODATE) | F (MMAP))
#define ANON_PAGE   (F (ANON) | F (LRU) | F (MMAP) | F (SWAPBACKED))

/* One node of 128 MiB laid out like an x86-64 6.18 guest: DMA from pfn 1 (reserved BIOS
 * frames, the 640K-1M hole among them, then free blocks up to its end), DMA32 with a hole at
 * its end (the PCI hole), Normal with a reserved run at its start. */
static const char zoneinfo_text[] =
  "Node 0, zone      DMA\n"
  "  pages free     3840\n"
  "        boost    0\n"
  "        min      8\n"
  "        low      10\n"
  "        high     12\n"
  "        spanned  4095\n"
  "        present  3998\n"
  "        managed  3840\n"
  "        protection: (0, 46, 110, 110, 110)\n"
  "  pagesets\n"
  "    cpu: 0\n"
  "              count:    0\n"
  "              high:     0\n"
  "              batch:    1\n"
  "  start_pfn:           1\n"
  "Node 0, zone    DMA32\n"
  "  pages free     7440\n"
  "        boost    0\n"
  "        min      20\n"
  "        low      25\n"
  "        high     30\n"
  "        spanned  12288\n"
  "        present  12032\n"
  "        managed  12000\n"
  "        protection: (0, 0, 64, 64, 64)\n"
  "  pagesets\n"
  "    cpu: 0\n"
  "              count:    3\n"
  "              high:     12\n"
  "              batch:    2\n"
  "  start_pfn:           4096\n"
  "Node 0, zone   Normal\n"
  "  pages free     15880\n"
  "        boost    0\n"
  "        min      28\n"
  "        low      35\n"
  "        high     42\n"
  "        spanned  16384\n"
  "        present  16384\n"
  "        managed  16320\n"
  "        protection: (0, 0, 0, 0, 0)\n"
  "  pagesets\n"
  "    cpu: 0\n"
  "              count:    6\n"
  "              high:     16\n"
  "              batch:    3\n"
  "  start_pfn:           16384\n";

static const char buddyinfo_text[] =
  "Node 0, zone      DMA   0   0   0   0   0   0   0   0   1   1   3 \n"
  "Node 0, zone    DMA32   0   0   0   0   1   2   1   1   2   1   6 \n"
  "Node 0, zone   Normal   2   1   1   0   0   0   0   0   0   1  15 \n";

static const guint64 dma_free[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };
static const guint64 dma32_free[11] = { 0, 0, 0, 0, 1, 2, 1, 1, 2, 1, 6 };
static const guint64 normal_free[11] = { 2, 1, 1, 0, 0, 0, 0, 0, 0, 1, 15 };

typedef struct
{
  guint64 pfn;
  guint   order;
} Block;

/* where the free blocks really are */
static const Block blocks[] = {
  { 256, 8 }, { 512, 9 }, { 1024, 10 }, { 2048, 10 }, { 3072, 10 },
  { 4160, 5 }, { 4352, 8 }, { 5120, 10 }, { 6144, 10 }, { 7168, 10 },
  { 8208, 4 }, { 8224, 5 }, { 8256, 6 }, { 8320, 7 }, { 8448, 8 }, { 8704, 9 }, { 9216, 10 },
  { 10240, 10 }, { 11264, 10 },
  { 16449, 0 }, { 16450, 1 }, { 16452, 2 },
  /* an order-0 block whose next 15 frames are kernel pages without flags: from its head
   * alone it looks like order 4 */
  { 16464, 0 },
  { 16896, 9 },
};

static void
paint (guint64 *w,
       guint64  start,
       guint64  end,
       guint64  value)
{
  for (guint64 p = start; p < end; p++)
    w[p] = value;
}

/* The flags of the layout above; with tails_marked every frame of a free block carries
 * KPF_BUDDY (6.x), otherwise only its head (as pagemap.rst describes). */
static MaPageRle *
make_flags (gboolean tails_marked)
{
  g_autofree guint64 *w = g_new (guint64, N_FRAMES);
  g_autoptr(MaPageRleBuilder) builder = ma_page_rle_builder_new ();

  paint (w, 0, N_FRAMES, KERNEL);
  paint (w, 0, 256, RESERVED);
  /* DMA32 */
  paint (w, 4096, 4128, RESERVED);
  paint (w, 4128, 4160, F (SLAB));
  paint (w, 4192, 4352, FILE_PAGE);
  paint (w, 4608, 5120, ANON_PAGE);
  paint (w, 8192, 8200, 0);                           /* per-CPU pages, and 5 others */
  paint (w, 8200, 8208, F (PGTABLE));
  paint (w, 12288, 12544, 0);                         /* the hole at DMA32's end */
  /* Normal */
  paint (w, 16384, 16448, 0);                         /* reserved at boot, no flags */
  paint (w, 16448, 16449, F (SLAB));
  paint (w, 16456, 16460, 0);                         /* per-CPU pages */
  paint (w, 16460, 16464, F (SWAPBACKED) | F (LRU));  /* shmem */
  paint (w, 16465, 16480, 0);                         /* 2 per-CPU pages, 13 kernel pages */
  paint (w, 16480, 16896, ANON_PAGE);
  for (guint64 p = 17408; p < N_FRAMES; p += 1024)
    paint (w, p, p + 1024, 0);
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      guint64 n = (guint64) 1 << blocks[i].order;

      paint (w, blocks[i].pfn, blocks[i].pfn + n, 0);
      paint (w, blocks[i].pfn, tails_marked ? blocks[i].pfn + n : blocks[i].pfn + 1, F (BUDDY));
    }
  for (guint64 p = 17408; p < N_FRAMES; p += 1024)
    paint (w, p, tails_marked ? p + 1024 : p + 1, F (BUDDY));

  for (guint64 p = 0; p < N_FRAMES; p++)
    ma_page_rle_builder_add_run (builder, 1, w[p]);
  return ma_page_rle_builder_end (g_steal_pointer (&builder), NULL);
}

static MaSnapshot *
make_snapshot (gboolean tails_marked)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(MaPageRle) flags = make_flags (tails_marked);
  g_autoptr(GError) error = NULL;

  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_ZONEINFO, zoneinfo_text,
                                       strlen (zoneinfo_text), "zoneinfo", &error));
  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_BUDDYINFO, buddyinfo_text,
                                       strlen (buddyinfo_text), "buddyinfo", &error));
  g_assert_no_error (error);
  ma_snapshot_set_kernel_release (snap, "6.18.44");
  ma_snapshot_set_page_size (snap, 4096);
  ma_snapshot_set_n_cpus (snap, 1);
  g_assert_true (ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, flags));
  return g_steal_pointer (&snap);
}

static MaZone *
zone_of (MaMachine  *m,
         MaZoneType  type)
{
  return ma_node_get_zone_by_type (ma_machine_get_node (m, 0), type);
}

static gboolean
notes_mention (GPtrArray  *notes,
               const char *part)
{
  for (guint i = 0; i < notes->len; i++)
    if (strstr (notes->pdata[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_free (MaZone        *zone,
             const guint64 *nr_free)
{
  guint64 pages = 0;

  for (guint k = 0; k < 11; k++)
    {
      g_assert_cmpuint (ma_zone_get_nr_free (zone, k), ==, nr_free[k]);
      pages += nr_free[k] << k;
    }
  g_assert_cmpint (ma_zone_get_free_pages (zone), ==, (gint64) pages);
}

static void
assert_frame (MaMachine    *m,
              guint64       pfn,
              MaFrameState  state,
              MaOwnerKind   kind)
{
  MaFrameInfo info;

  g_assert_true (ma_machine_get_frame_info (m, pfn, &info));
  g_assert_cmpint (info.state, ==, state);
  if (state == MA_FRAME_ALLOC_HEAD)
    g_assert_cmpint (ma_machine_get_owner (m, info.owner)->kind, ==, kind);
}

static void
check_synthetic (gboolean tails_marked)
{
  g_autoptr(MaSnapshot) snap = make_snapshot (tails_marked);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = ma_snapshot_machine_new (snap, 1, notes, &error);
  MaZone *dma, *dma32, *normal;
  guint64 head;
  guint order;
  MaFrameState state;

  g_assert_no_error (error);
  g_assert_nonnull (m);
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("%s", (const char *) notes->pdata[i]);
  if (!ma_machine_check (m, TRUE, &error))
    g_error ("%s", error->message);
  g_assert_true (notes_mention (notes, "layout real, from /proc/kpageflags"));
  g_assert_true (notes_mention (notes, tails_marked ? "every frame of a free block is flagged"
                                                    : "only the first frame of a free block"));
  g_assert_false (notes_mention (notes, "layout reconstructed"));
  g_assert_false (notes_mention (notes, "not applied yet"));

  dma = zone_of (m, MA_ZONE_DMA);
  dma32 = zone_of (m, MA_ZONE_DMA32);
  normal = zone_of (m, MA_ZONE_NORMAL);
  g_assert_false (ma_zone_is_reconstructed (dma));
  g_assert_false (ma_zone_is_reconstructed (dma32));
  g_assert_false (ma_zone_is_reconstructed (normal));

  /* the counts buddyinfo printed, the sizes zoneinfo printed */
  assert_free (dma, dma_free);
  assert_free (dma32, dma32_free);
  assert_free (normal, normal_free);
  g_assert_cmpuint (ma_zone_get_present (dma), ==, 3998);
  g_assert_cmpuint (ma_zone_get_managed (dma), ==, 3840);
  g_assert_cmpuint (ma_zone_get_present (dma32), ==, 12032);
  g_assert_cmpuint (ma_zone_get_managed (dma32), ==, 12000);
  g_assert_cmpuint (ma_zone_get_managed (normal), ==, 16320);
  g_assert_cmpuint (ma_zone_get_pcp_pages (dma32), ==, 3);
  g_assert_cmpuint (ma_zone_get_pcp_pages (normal), ==, 6);
  g_assert_cmpuint (ma_zone_get_watermark (dma32, MA_WMARK_LOW), ==, 25);

  /* every free block where the flags put it */
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      g_assert_true (ma_machine_find_block (m, blocks[i].pfn, &head, &order, &state));
      g_assert_cmpuint (head, ==, blocks[i].pfn);
      g_assert_cmpuint (order, ==, blocks[i].order);
      g_assert_cmpint (state, ==, MA_FRAME_FREE_HEAD);
    }
  for (guint64 p = 17408; p < N_FRAMES; p += 1024)
    {
      g_assert_true (ma_machine_find_block (m, p + 5, &head, &order, &state));
      g_assert_cmpuint (head, ==, p);
      g_assert_cmpuint (order, ==, 10);
    }

  /* holes and reserved frames where the flags allow them */
  assert_frame (m, 100, MA_FRAME_RESERVED, 0);
  assert_frame (m, 200, MA_FRAME_HOLE, 0);        /* the 97 holes end the reserved run */
  assert_frame (m, 12300, MA_FRAME_HOLE, 0);
  assert_frame (m, 16400, MA_FRAME_RESERVED, 0);

  /* pages in use by what their flags say */
  assert_frame (m, 4130, MA_FRAME_ALLOC_HEAD, MA_OWNER_SLAB);
  assert_frame (m, 4200, MA_FRAME_ALLOC_HEAD, MA_OWNER_FILE);
  assert_frame (m, 4700, MA_FRAME_ALLOC_HEAD, MA_OWNER_ANON);
  assert_frame (m, 8201, MA_FRAME_ALLOC_HEAD, MA_OWNER_PAGETABLE);
  assert_frame (m, 16461, MA_FRAME_ALLOC_HEAD, MA_OWNER_ANON);
  assert_frame (m, 13000, MA_FRAME_ALLOC_HEAD, MA_OWNER_KERNEL);
  assert_frame (m, 8192, MA_FRAME_PCP, 0);
  assert_frame (m, 8196, MA_FRAME_IN_USE, 0);
  assert_frame (m, 16470, MA_FRAME_IN_USE, 0);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_SLAB), ==, 32);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_FILE), ==, 160);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_UNKNOWN), ==, 5);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (dma32, MA_OWNER_KERNEL), ==, 3840);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (normal, MA_OWNER_ANON), ==, 420);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (normal, MA_OWNER_UNKNOWN), ==, 13);
  g_assert_cmpuint (ma_zone_get_pages_of_kind (normal, MA_OWNER_FIRMWARE), ==, 64);

  /* heads only: the order-0 block looked like order 4 until buddyinfo said otherwise */
  if (!tails_marked)
    g_assert_true (notes_mention (notes, "1 free block in 1 zone was given a smaller order"));
}

static void
test_tails_marked (void)
{
  check_synthetic (TRUE);
}

static void
test_heads_only (void)
{
  check_synthetic (FALSE);
}

/* Flags that do not match the counts (another moment, or a copy that lost its free pages)
 * leave the layout reconstructed, and the notes say why. */
static void
test_mismatch (void)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(MaPageRleBuilder) builder = ma_page_rle_builder_new ();
  g_autoptr(MaPageRle) flags = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = NULL;

  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_ZONEINFO, zoneinfo_text,
                                       strlen (zoneinfo_text), "zoneinfo", &error));
  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_BUDDYINFO, buddyinfo_text,
                                       strlen (buddyinfo_text), "buddyinfo", &error));
  ma_page_rle_builder_add_run (builder, N_FRAMES, KERNEL);
  flags = ma_page_rle_builder_end (g_steal_pointer (&builder), NULL);
  g_assert_true (ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, flags));
  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  g_assert_true (ma_machine_check (m, TRUE, NULL));
  g_assert_true (notes_mention (notes, "they do not describe the same moment"));
  g_assert_true (notes_mention (notes, "layout reconstructed"));
  g_assert_true (ma_zone_is_reconstructed (zone_of (m, MA_ZONE_DMA32)));
}

/* Flags that end before the last zone do not give the layout either. */
static void
test_short_flags (void)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(MaPageRleBuilder) builder = ma_page_rle_builder_new ();
  g_autoptr(MaPageRle) flags = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = NULL;

  g_assert_true (ma_snapshot_add_part (snap, MA_PROCFS_KIND_ZONEINFO, zoneinfo_text,
                                       strlen (zoneinfo_text), "zoneinfo", &error));
  ma_page_rle_builder_add_run (builder, 20000, KERNEL);
  flags = ma_page_rle_builder_end (g_steal_pointer (&builder), NULL);
  g_assert_true (ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, flags));
  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  g_assert_true (notes_mention (notes, "kpageflags cover 20000 frames, but node 0 Normal ends "
                                "at pfn 32768"));
  g_assert_true (ma_zone_is_reconstructed (zone_of (m, MA_ZONE_NORMAL)));
}

/* A bundle keeps the flags: the machine opened from it is the same. */
static void
test_bundle (void)
{
  g_autoptr(MaSnapshot) snap = make_snapshot (TRUE);
  g_autoptr(GBytes) bundle = ma_snapshot_to_bundle (snap);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) a = ma_snapshot_machine_new (snap, 1, NULL, &error);
  g_autoptr(MaMachine) b = ma_bench_open_snapshot (bundle, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ma_machine_hash_state (a), ==, ma_machine_hash_state (b));
  g_assert_false (ma_zone_is_reconstructed (zone_of (b, MA_ZONE_NORMAL)));
}

/* The flags a reconstructed machine would show give that machine back: two nodes, every order,
 * holes and reserved frames, per-CPU pages; the free blocks per order are the same in every
 * zone, and the zones are real, whether the flags mark every frame of a free block or only its
 * head (each order then inferred from the flagless tails). */
static void
round_trip (gboolean tails_marked)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_synthesize (2, G_GUINT64_CONSTANT (8) << 30, 4, 9);
  g_autoptr(MaMachine) source = ma_snapshot_machine_new (snap, 1, NULL, NULL);
  g_autoptr(MaPageRleBuilder) builder = ma_page_rle_builder_new ();
  g_autoptr(MaPageRle) flags = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachine) m = NULL;
  guint64 end = 0, pfn = 0;

  g_assert_nonnull (source);
  for (guint n = 0; n < ma_machine_get_n_nodes (source); n++)
    {
      MaNode *node = ma_machine_get_node (source, n);

      end = MAX (end, ma_node_get_start_pfn (node) + ma_node_get_spanned (node));
    }
  while (pfn < end)
    {
      guint64 head, value;
      guint order;
      MaFrameState state;

      if (!ma_machine_find_block (source, pfn, &head, &order, &state))
        value = F (NOPAGE);
      else if (state == MA_FRAME_FREE_HEAD && head == pfn)
        {
          if (tails_marked)
            ma_page_rle_builder_add_run (builder, (guint64) 1 << order, F (BUDDY));
          else
            {
              ma_page_rle_builder_add_run (builder, 1, F (BUDDY));
              ma_page_rle_builder_add_run (builder, ((guint64) 1 << order) - 1, 0);
            }
          pfn += (guint64) 1 << order;
          continue;
        }
      else if (state == MA_FRAME_HOLE)
        value = F (NOPAGE);
      else if (state == MA_FRAME_RESERVED)
        value = RESERVED;
      else if (state == MA_FRAME_PCP)
        value = 0;
      else
        value = (pfn >> 9) & 1 ? FILE_PAGE : F (SLAB);
      ma_page_rle_builder_add_run (builder, 1, value);
      pfn++;
    }
  flags = ma_page_rle_builder_end (g_steal_pointer (&builder), NULL);
  g_assert_true (ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, flags));

  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("%s", (const char *) notes->pdata[i]);
  if (!ma_machine_check (m, TRUE, &error))
    g_error ("%s", error->message);
  g_assert_true (notes_mention (notes, "layout real, from /proc/kpageflags"));
  g_assert_cmpuint (ma_machine_get_n_nodes (m), ==, 2);
  for (guint n = 0; n < ma_machine_get_n_nodes (m); n++)
    for (guint z = 0; z < ma_node_get_n_zones (ma_machine_get_node (m, n)); z++)
      {
        MaZone *a = ma_node_get_zone (ma_machine_get_node (source, n), z);
        MaZone *b = ma_node_get_zone (ma_machine_get_node (m, n), z);

        if (ma_zone_get_spanned (a) == 0)
          continue;
        g_assert_false (ma_zone_is_reconstructed (b));
        g_assert_cmpuint (ma_zone_get_present (b), ==, ma_zone_get_present (a));
        g_assert_cmpuint (ma_zone_get_managed (b), ==, ma_zone_get_managed (a));
        g_assert_cmpuint (ma_zone_get_pcp_pages (b), ==, ma_zone_get_pcp_pages (a));
        for (guint k = 0; k < ma_machine_get_nr_orders (m); k++)
          g_assert_cmpuint (ma_zone_get_nr_free (b, k), ==, ma_zone_get_nr_free (a, k));
      }
}

static void
test_round_trip_tails (void)
{
  round_trip (TRUE);
}

static void
test_round_trip_heads (void)
{
  round_trip (FALSE);
}

/* This machine, as root: its own flags give a consistent machine whose zones are real, and its
 * free pages are the free frames the flags mark. The check is against the flags themselves, not
 * against zoneinfo: zoneinfo is read a second before kpageflags, and a machine running a test
 * suite in parallel can free or take gigabytes in that second (seen: 530 k pages in Normal).
 * Within the flags a small slack remains: reading 8 bytes per frame takes a second too, so a
 * block may be half freed when it is read, and such frames are shown in use. */
static void
test_this_machine (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaSnapshot) snap = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MaMachine) m = NULL;
  MaPageRle *flags;
  guint64 flagged, managed = 0;
  gint64 free_pages = 0, diff;

  if (g_access ("/proc/kpageflags", R_OK) != 0)
    {
      g_test_skip ("/proc/kpageflags is not readable here (it needs root)");
      return;
    }
  snap = ma_procfs_capture ("/", MA_CAPTURE_PAGE_FLAGS, &error);
  g_assert_no_error (error);
  flags = ma_snapshot_get_kpageflags (snap);
  if (flags == NULL || ma_snapshot_get_zoneinfo (snap) == NULL)
    {
      g_test_skip ("the capture has no kpageflags or no zoneinfo");
      return;
    }
  m = ma_snapshot_machine_new (snap, 1, notes, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    g_test_message ("%s", (const char *) notes->pdata[i]);
  if (!ma_machine_check (m, TRUE, &error))
    g_error ("%s", error->message);
  g_assert_true (notes_mention (notes, "layout real, from /proc/kpageflags"));

  for (guint n = 0; n < ma_machine_get_n_nodes (m); n++)
    for (guint z = 0; z < ma_node_get_n_zones (ma_machine_get_node (m, n)); z++)
      {
        MaZone *zone = ma_node_get_zone (ma_machine_get_node (m, n), z);

        if (ma_zone_get_managed (zone) == 0)
          continue;
        g_assert_false (ma_zone_is_reconstructed (zone));
        free_pages += ma_zone_get_free_pages (zone);
        managed += ma_zone_get_managed (zone);
      }

  flagged = ma_page_rle_count_frames (flags, MA_KPF_MASK (MA_KPF_BUDDY), MA_KPF_MASK (MA_KPF_BUDDY));
  g_test_message ("%" G_GINT64_FORMAT " free pages in the machine, %" G_GUINT64_FORMAT
                  " frames flagged free", free_pages, flagged);
  if (notes_mention (notes, "every frame of a free block is flagged"))
    {
      /* tails marked (Linux 4.x and later): one flagged frame per free page */
      diff = free_pages - (gint64) flagged;
      g_assert_cmpuint ((guint64) ABS (diff), <=, managed / 100 + 4096);
    }
  else
    /* heads only: a free block has one flagged frame and at least one page */
    g_assert_cmpint (free_pages, >=, (gint64) flagged - (gint64) (managed / 100 + 4096));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ma/procfs/pageflags/tails-marked", test_tails_marked);
  g_test_add_func ("/ma/procfs/pageflags/heads-only", test_heads_only);
  g_test_add_func ("/ma/procfs/pageflags/mismatch", test_mismatch);
  g_test_add_func ("/ma/procfs/pageflags/short-flags", test_short_flags);
  g_test_add_func ("/ma/procfs/pageflags/bundle", test_bundle);
  g_test_add_func ("/ma/procfs/pageflags/round-trip-tails", test_round_trip_tails);
  g_test_add_func ("/ma/procfs/pageflags/round-trip-heads", test_round_trip_heads);
  g_test_add_func ("/ma/procfs/pageflags/this-machine", test_this_machine);
  return g_test_run ();
}
