/* ma-kpageflags.c: run-length encoding of /proc/kpageflags and /proc/kpagecount
 *
 * Both files are arrays of little-endian u64, one per page frame, read until EOF (the file size
 * is reported as 0). Neighbouring frames usually share their word (free blocks, huge pages,
 * holes), so runs of identical words shrink a 2 GiB kpageflags of a 1 TiB machine to a few MiB.
 *
 * The serialised form (snapshot bundles) is base64 of LEB128 varints: length, value, length,
 * value… Small numbers dominate (lengths, map counts, low flag bits), so varints are compact,
 * and the encoding is exact and deterministic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-kpageflags"

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-kpageflags.h"
#include "ma-procfs-error.h"

struct _MaPageRle
{
  gatomicrefcount ref_count;
  GArray         *runs;     /* MaPageRun */
  GArray         *starts;   /* guint64: first pfn of each run, for binary search */
  guint64         n_frames;
};

struct _MaPageRleBuilder
{
  GArray  *runs;
  guint64  n_frames;
  guint8   partial[8];     /* bytes of a word split across two chunks */
  guint    n_partial;
  gboolean have_run;
  MaPageRun cur;
};

G_DEFINE_BOXED_TYPE (MaPageRle, ma_page_rle, ma_page_rle_ref, ma_page_rle_unref)

static const char * const stable_bit_names[] = {
  "LOCKED", "ERROR", "REFERENCED", "UPTODATE", "DIRTY", "LRU", "ACTIVE", "SLAB",
  "WRITEBACK", "RECLAIM", "BUDDY", "MMAP", "ANON", "SWAPCACHE", "SWAPBACKED",
  "COMPOUND_HEAD", "COMPOUND_TAIL", "HUGE", "UNEVICTABLE", "HWPOISON", "NOPAGE", "KSM",
  "THP", "OFFLINE", "ZERO_PAGE", "IDLE", "PGTABLE",
};

/* include/linux/kernel-page-flags.h: "kernel hacking assistances, subject to change" */
static const char * const internal_bit_names[] = {
  "RESERVED", "MLOCKED", "MAPPEDTODISK", "PRIVATE", "PRIVATE_2", "OWNER_PRIVATE", "ARCH",
  "UNCACHED", "SOFTDIRTY", "ARCH_2", "ARCH_3",
};

/**
 * ma_kpageflags_bit_name:
 * @bit: a bit number, 0 … 63
 *
 * Returns: (nullable): the KPF_ name of @bit without the prefix (`BUDDY`, `THP`, …), or %NULL
 *   for an unassigned bit. Bits 32 … 42 get their kernel-internal names.
 */
const char *
ma_kpageflags_bit_name (guint bit)
{
  if (bit < G_N_ELEMENTS (stable_bit_names))
    return stable_bit_names[bit];
  if (bit >= 32 && bit - 32 < G_N_ELEMENTS (internal_bit_names))
    return internal_bit_names[bit - 32];
  return NULL;
}

/**
 * ma_kpageflags_describe:
 * @flags: a kpageflags word
 *
 * Returns: (transfer full): the set bits by name, separated by `|` (`LRU|ACTIVE|MMAP`);
 *   unnamed bits as `bitN`; `none` for 0
 */
char *
ma_kpageflags_describe (guint64 flags)
{
  GString *s = g_string_new (NULL);

  for (guint bit = 0; bit < 64; bit++)
    {
      const char *name;

      if (!(flags & (G_GUINT64_CONSTANT (1) << bit)))
        continue;
      if (s->len > 0)
        g_string_append_c (s, '|');
      name = ma_kpageflags_bit_name (bit);
      if (name != NULL)
        g_string_append (s, name);
      else
        g_string_append_printf (s, "bit%u", bit);
    }
  if (s->len == 0)
    g_string_append (s, "none");
  return g_string_free (s, FALSE);
}

/* --- builder -------------------------------------------------------------------------------- */

/**
 * ma_page_rle_builder_new:
 *
 * Returns: (transfer full): a new builder
 */
MaPageRleBuilder *
ma_page_rle_builder_new (void)
{
  MaPageRleBuilder *b = g_new0 (MaPageRleBuilder, 1);

  b->runs = g_array_new (FALSE, FALSE, sizeof (MaPageRun));
  return b;
}

/**
 * ma_page_rle_builder_free:
 * @builder: a builder
 *
 * Frees a builder that was not ended.
 */
void
ma_page_rle_builder_free (MaPageRleBuilder *builder)
{
  if (builder == NULL)
    return;
  g_array_unref (builder->runs);
  g_free (builder);
}

static inline void
builder_push (MaPageRleBuilder *b,
              guint64           value)
{
  if (G_LIKELY (b->have_run && b->cur.value == value))
    {
      b->cur.length++;
      return;
    }
  if (b->have_run)
    g_array_append_val (b->runs, b->cur);
  b->cur.value = value;
  b->cur.length = 1;
  b->have_run = TRUE;
}

/**
 * ma_page_rle_builder_add_le_bytes:
 * @builder: a builder
 * @data: (array length=length): little-endian u64 words; a word may be split across calls
 * @length: number of bytes
 *
 * Appends frames read from kpageflags or kpagecount.
 */
void
ma_page_rle_builder_add_le_bytes (MaPageRleBuilder *builder,
                                  const guint8     *data,
                                  gsize             length)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (data != NULL || length == 0);

  /* n_partial is 1…7 here: a full word is pushed and the count reset as soon as it reaches 8 */
  while (builder->n_partial > 0 && builder->n_partial < 8 && length > 0)
    {
      builder->partial[builder->n_partial++] = *data++;
      length--;
      if (builder->n_partial == 8)
        {
          guint64 w;

          memcpy (&w, builder->partial, 8);
          builder_push (builder, GUINT64_FROM_LE (w));
          builder->n_frames++;
          builder->n_partial = 0;
        }
    }

  while (length >= 8)
    {
      guint64 w;

      memcpy (&w, data, 8);
      builder_push (builder, GUINT64_FROM_LE (w));
      data += 8;
      length -= 8;
      builder->n_frames++;
    }

  if (length > 0)
    {
      memcpy (builder->partial, data, length);
      builder->n_partial = (guint) length;
    }
}

/**
 * ma_page_rle_builder_add_run:
 * @builder: a builder
 * @length: number of frames
 * @value: their word
 *
 * Appends @length frames with the same word.
 *
 * Returns: %FALSE if the frame count would overflow
 */
gboolean
ma_page_rle_builder_add_run (MaPageRleBuilder *builder,
                             guint64           length,
                             guint64           value)
{
  g_return_val_if_fail (builder != NULL, FALSE);

  if (length == 0)
    return TRUE;
  if (builder->n_frames > G_MAXUINT64 - length || length > (guint64) G_MAXINT64)
    return FALSE;
  if (builder->have_run && builder->cur.value == value)
    builder->cur.length += length;
  else
    {
      if (builder->have_run)
        g_array_append_val (builder->runs, builder->cur);
      builder->cur.value = value;
      builder->cur.length = length;
      builder->have_run = TRUE;
    }
  builder->n_frames += length;
  return TRUE;
}

/**
 * ma_page_rle_builder_end:
 * @builder: (transfer full): a builder
 * @dropped_bytes: (out) (optional): bytes of an incomplete last word that were dropped
 *
 * Returns: (transfer full): the encoded frames
 */
MaPageRle *
ma_page_rle_builder_end (MaPageRleBuilder *builder,
                         gsize            *dropped_bytes)
{
  MaPageRle *self;
  guint64 start = 0;

  g_return_val_if_fail (builder != NULL, NULL);

  if (builder->have_run)
    g_array_append_val (builder->runs, builder->cur);
  if (dropped_bytes)
    *dropped_bytes = builder->n_partial;

  self = g_new0 (MaPageRle, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->runs = g_steal_pointer (&builder->runs);
  self->n_frames = builder->n_frames;
  self->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint64), self->runs->len);
  for (guint i = 0; i < self->runs->len; i++)
    {
      g_array_append_val (self->starts, start);
      start += g_array_index (self->runs, MaPageRun, i).length;
    }
  g_free (builder);

  return self;
}

/**
 * ma_page_rle_parse_binary:
 * @data: (array length=length): contents of /proc/kpageflags or /proc/kpagecount
 * @length: number of bytes
 * @source_name: the name used in messages
 * @dropped_bytes: (out) (optional): bytes of an incomplete last word that were dropped (a copy
 *   cut in the middle)
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Returns: (transfer full) (nullable): the frames, or %NULL if there is not one whole word
 */
MaPageRle *
ma_page_rle_parse_binary (const guint8  *data,
                          gsize          length,
                          const char    *source_name,
                          gsize         *dropped_bytes,
                          GError       **error)
{
  MaPageRleBuilder *b;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (source_name == NULL)
    source_name = "kpageflags";
  if (length < 8)
    {
      g_set_error (error, MA_PROCFS_ERROR,
                   length == 0 ? MA_PROCFS_ERROR_EMPTY : MA_PROCFS_ERROR_TRUNCATED,
                   length == 0 ? _("%s: the file is empty (reading it needs root)")
                               : _("%s: the file is shorter than one 8-byte frame"),
                   source_name);
      return NULL;
    }

  b = ma_page_rle_builder_new ();
  ma_page_rle_builder_add_le_bytes (b, data, length);
  return ma_page_rle_builder_end (b, dropped_bytes);
}

/**
 * ma_page_rle_ref:
 * @self: a #MaPageRle
 *
 * Returns: (transfer full): @self, with one more reference
 */
MaPageRle *
ma_page_rle_ref (MaPageRle *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * ma_page_rle_unref:
 * @self: (transfer full): a #MaPageRle
 *
 * Drops a reference; the last one frees @self and everything it handed out.
 */
void
ma_page_rle_unref (MaPageRle *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->runs);
  g_array_unref (self->starts);
  g_free (self);
}

/**
 * ma_page_rle_get_n_frames:
 * @self: a #MaPageRle
 *
 * Returns: the number of page frames (the highest pfn + 1)
 */
guint64
ma_page_rle_get_n_frames (const MaPageRle *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_frames;
}

/**
 * ma_page_rle_get_n_runs:
 * @self: a #MaPageRle
 *
 * Returns: the number of runs
 */
guint
ma_page_rle_get_n_runs (const MaPageRle *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->runs->len;
}

/**
 * ma_page_rle_get_runs:
 * @self: a #MaPageRle
 *
 * Returns: (transfer none) (array): the runs in pfn order (ma_page_rle_get_n_runs() of them)
 */
const MaPageRun *
ma_page_rle_get_runs (const MaPageRle *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const MaPageRun *) self->runs->data;
}

/**
 * ma_page_rle_get_run_start:
 * @self: a #MaPageRle
 * @run: a run index
 *
 * Returns: the first pfn of @run
 */
guint64
ma_page_rle_get_run_start (const MaPageRle *self,
                           guint            run)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (run < self->runs->len, 0);
  return g_array_index (self->starts, guint64, run);
}

/**
 * ma_page_rle_lookup:
 * @self: a #MaPageRle
 * @pfn: a page frame number below ma_page_rle_get_n_frames()
 *
 * Returns: the word of frame @pfn (binary search over the runs)
 */
guint64
ma_page_rle_lookup (const MaPageRle *self,
                    guint64          pfn)
{
  const guint64 *starts;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (pfn < self->n_frames, 0);

  starts = (const guint64 *) self->starts->data;
  hi = self->runs->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= pfn)
        lo = mid;
      else
        hi = mid;
    }
  return g_array_index (self->runs, MaPageRun, lo).value;
}

/**
 * ma_page_rle_count_frames:
 * @self: a #MaPageRle
 * @mask: the bits to test
 * @value: the value the masked bits must have
 *
 * Returns: the number of frames whose word & @mask == @value (e.g. mask = value =
 *   MA_KPF_MASK (MA_KPF_BUDDY) counts free block heads)
 */
guint64
ma_page_rle_count_frames (const MaPageRle *self,
                          guint64          mask,
                          guint64          value)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->runs->len; i++)
    {
      const MaPageRun *r = &g_array_index (self->runs, MaPageRun, i);
      if ((r->value & mask) == value)
        n += r->length;
    }
  return n;
}

/**
 * ma_page_rle_equal:
 * @a: a #MaPageRle
 * @b: another #MaPageRle
 *
 * Returns: %TRUE if both encode the same frames
 */
gboolean
ma_page_rle_equal (const MaPageRle *a,
                   const MaPageRle *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->n_frames == b->n_frames && a->runs->len == b->runs->len &&
         (a->runs->len == 0 ||
          memcmp (a->runs->data, b->runs->data, a->runs->len * sizeof (MaPageRun)) == 0);
}

/* --- serialisation -------------------------------------------------------------------------- */

static void
put_varint (GByteArray *out,
            guint64     v)
{
  guint8 buf[10];
  guint n = 0;

  do
    {
      guint8 byte = v & 0x7f;

      v >>= 7;
      if (v != 0)
        byte |= 0x80;
      buf[n++] = byte;
    }
  while (v != 0);
  g_byte_array_append (out, buf, n);
}

static gboolean
get_varint (const guint8 **pp,
            const guint8  *end,
            guint64       *out)
{
  const guint8 *p = *pp;
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (p >= end)
        return FALSE;
      byte = *p++;
      if (shift == 63 && (byte & 0x7e) != 0)
        return FALSE;                         /* more than 64 bits */
      v |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        {
          *pp = p;
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ma_page_rle_to_base64:
 * @self: a #MaPageRle
 *
 * Returns: (transfer full): the runs as base64 of LEB128 varint pairs (length, value)
 */
char *
ma_page_rle_to_base64 (const MaPageRle *self)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->runs->len; i++)
    {
      const MaPageRun *r = &g_array_index (self->runs, MaPageRun, i);
      put_varint (out, r->length);
      put_varint (out, r->value);
    }
  return g_base64_encode (out->data, out->len);
}

/**
 * ma_page_rle_new_from_base64:
 * @base64: the output of ma_page_rle_to_base64()
 * @n_frames: the frame count stored next to it, checked against the runs
 * @source_name: the name used in messages
 * @error: return location for a #MA_PROCFS_ERROR
 *
 * Returns: (transfer full) (nullable): the frames, or %NULL if the data is damaged
 */
MaPageRle *
ma_page_rle_new_from_base64 (const char  *base64,
                             guint64      n_frames,
                             const char  *source_name,
                             GError     **error)
{
  g_autoptr(MaPageRleBuilder) b = NULL;
  g_autofree guint8 *data = NULL;
  const guint8 *p;
  const guint8 *end;
  gsize len = 0;

  g_return_val_if_fail (base64 != NULL, NULL);

  for (const char *c = base64; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '+' && *c != '/' && *c != '=')
      {
        g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                     _("%s: the page runs are not valid base64"), source_name);
        return NULL;
      }

  data = g_base64_decode (base64, &len);
  p = data;
  end = data + len;
  b = ma_page_rle_builder_new ();
  while (p < end)
    {
      guint64 length;
      guint64 value;

      if (!get_varint (&p, end, &length) || !get_varint (&p, end, &value) || length == 0 ||
          !ma_page_rle_builder_add_run (b, length, value))
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                       _("%s: the page runs are damaged (at byte %zu)"),
                       source_name, (gsize) (p - data));
          return NULL;
        }
    }
  if (b->n_frames != n_frames)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_SYNTAX,
                   _("%s: the page runs cover %" PRIu64 " frames, not %"
                     PRIu64), source_name, b->n_frames, n_frames);
      return NULL;
    }

  return ma_page_rle_builder_end (g_steal_pointer (&b), NULL);
}
