/* ma-kpageflags.h: /proc/kpageflags and /proc/kpagecount as run-length encoded frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MaKpfBit:
 * @MA_KPF_LOCKED: page is locked
 * @MA_KPF_ERROR: I/O error (unused since 6.12)
 * @MA_KPF_REFERENCED: recently referenced
 * @MA_KPF_UPTODATE: data is up to date
 * @MA_KPF_DIRTY: page is dirty
 * @MA_KPF_LRU: on an LRU list
 * @MA_KPF_ACTIVE: on the active LRU list
 * @MA_KPF_SLAB: owned by the slab allocator
 * @MA_KPF_WRITEBACK: under writeback
 * @MA_KPF_RECLAIM: being reclaimed
 * @MA_KPF_BUDDY: the head of a free block in the buddy allocator
 * @MA_KPF_MMAP: mapped into a process (≥ 2.6.31)
 * @MA_KPF_ANON: anonymous memory (≥ 2.6.31)
 * @MA_KPF_SWAPCACHE: in the swap cache (≥ 2.6.31)
 * @MA_KPF_SWAPBACKED: backed by swap (≥ 2.6.31)
 * @MA_KPF_COMPOUND_HEAD: first page of a compound page (≥ 2.6.31)
 * @MA_KPF_COMPOUND_TAIL: other page of a compound page (≥ 2.6.31)
 * @MA_KPF_HUGE: part of a hugetlb page (≥ 2.6.31)
 * @MA_KPF_UNEVICTABLE: unevictable (≥ 2.6.31)
 * @MA_KPF_HWPOISON: hardware memory error (≥ 2.6.31)
 * @MA_KPF_NOPAGE: no struct page for this frame (≥ 2.6.31)
 * @MA_KPF_KSM: shared by KSM (≥ 2.6.32)
 * @MA_KPF_THP: part of a transparent huge page (≥ 3.4)
 * @MA_KPF_OFFLINE: logically offline (≥ 5.0; `BALLOON` in 3.18 … 4.20)
 * @MA_KPF_ZERO_PAGE: the zero page or huge zero page (≥ 4.0)
 * @MA_KPF_IDLE: not accessed since marked idle (≥ 4.3)
 * @MA_KPF_PGTABLE: used as a page table (≥ 4.18)
 *
 * Bit numbers of the stable /proc/kpageflags bits (Documentation/admin-guide/mm/pagemap.rst,
 * include/uapi/linux/kernel-page-flags.h). Bits 32 and up are kernel-internal ("kernel hacking
 * assistances"); they are kept in the flag words untouched.
 */
typedef enum
{
  MA_KPF_LOCKED        = 0,
  MA_KPF_ERROR         = 1,
  MA_KPF_REFERENCED    = 2,
  MA_KPF_UPTODATE      = 3,
  MA_KPF_DIRTY         = 4,
  MA_KPF_LRU           = 5,
  MA_KPF_ACTIVE        = 6,
  MA_KPF_SLAB          = 7,
  MA_KPF_WRITEBACK     = 8,
  MA_KPF_RECLAIM       = 9,
  MA_KPF_BUDDY         = 10,
  MA_KPF_MMAP          = 11,
  MA_KPF_ANON          = 12,
  MA_KPF_SWAPCACHE     = 13,
  MA_KPF_SWAPBACKED    = 14,
  MA_KPF_COMPOUND_HEAD = 15,
  MA_KPF_COMPOUND_TAIL = 16,
  MA_KPF_HUGE          = 17,
  MA_KPF_UNEVICTABLE   = 18,
  MA_KPF_HWPOISON      = 19,
  MA_KPF_NOPAGE        = 20,
  MA_KPF_KSM           = 21,
  MA_KPF_THP           = 22,
  MA_KPF_OFFLINE       = 23,
  MA_KPF_ZERO_PAGE     = 24,
  MA_KPF_IDLE          = 25,
  MA_KPF_PGTABLE       = 26,
} MaKpfBit;

/**
 * MA_KPF_MASK:
 * @bit: a #MaKpfBit
 *
 * The flag-word mask of @bit.
 */
#define MA_KPF_MASK(bit) (G_GUINT64_CONSTANT (1) << (bit))

const char *ma_kpageflags_bit_name (guint   bit);
char       *ma_kpageflags_describe (guint64 flags);

/**
 * MaPageRun:
 * @length: number of consecutive frames
 * @value: the flag word (kpageflags) or map count (kpagecount) shared by those frames
 *
 * A run of consecutive page frames with the same 64-bit word.
 */
typedef struct
{
  guint64 length;
  guint64 value;
} MaPageRun;

/**
 * MaPageRle:
 *
 * One 64-bit word per page frame (pfn 0 … n_frames - 1), stored as runs of identical words. A
 * 1 TiB machine has 268 million frames but typically a few million runs; snapshots store this
 * form, never the raw array. Immutable and reference counted.
 */
typedef struct _MaPageRle MaPageRle;

/**
 * MaPageRleBuilder:
 *
 * Builds a #MaPageRle from a stream of little-endian words read in chunks of any size.
 */
typedef struct _MaPageRleBuilder MaPageRleBuilder;

#define MA_TYPE_PAGE_RLE (ma_page_rle_get_type ())

GType             ma_page_rle_get_type             (void) G_GNUC_CONST;

MaPageRleBuilder *ma_page_rle_builder_new          (void);
void              ma_page_rle_builder_add_le_bytes (MaPageRleBuilder *builder,
                                                    const guint8     *data,
                                                    gsize             length);
gboolean          ma_page_rle_builder_add_run      (MaPageRleBuilder *builder,
                                                    guint64           length,
                                                    guint64           value);
MaPageRle        *ma_page_rle_builder_end          (MaPageRleBuilder *builder,
                                                    gsize            *dropped_bytes);
void              ma_page_rle_builder_free         (MaPageRleBuilder *builder);

MaPageRle        *ma_page_rle_parse_binary         (const guint8     *data,
                                                    gsize             length,
                                                    const char       *source_name,
                                                    gsize            *dropped_bytes,
                                                    GError          **error);
MaPageRle        *ma_page_rle_ref                  (MaPageRle        *self);
void              ma_page_rle_unref                (MaPageRle        *self);

guint64           ma_page_rle_get_n_frames         (const MaPageRle  *self);
guint             ma_page_rle_get_n_runs           (const MaPageRle  *self);
const MaPageRun  *ma_page_rle_get_runs             (const MaPageRle  *self);
guint64           ma_page_rle_get_run_start        (const MaPageRle  *self,
                                                    guint             run);
guint64           ma_page_rle_lookup               (const MaPageRle  *self,
                                                    guint64           pfn);
guint64           ma_page_rle_count_frames         (const MaPageRle  *self,
                                                    guint64           mask,
                                                    guint64           value);
gboolean          ma_page_rle_equal                (const MaPageRle  *a,
                                                    const MaPageRle  *b);

char             *ma_page_rle_to_base64            (const MaPageRle  *self);
MaPageRle        *ma_page_rle_new_from_base64      (const char       *base64,
                                                    guint64           n_frames,
                                                    const char       *source_name,
                                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaPageRle, ma_page_rle_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaPageRleBuilder, ma_page_rle_builder_free)

G_END_DECLS
