/* ma-gfp.c
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-gfp"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "ma-gfp.h"

static const MaGfpName presets[] = {
  { "GFP_KERNEL", MA_GFP_KERNEL },
  { "GFP_ATOMIC", MA_GFP_ATOMIC },
  { "GFP_NOWAIT", MA_GFP_NOWAIT },
  { "GFP_NOIO", MA_GFP_NOIO },
  { "GFP_NOFS", MA_GFP_NOFS },
  { "GFP_USER", MA_GFP_USER },
  { "GFP_HIGHUSER", MA_GFP_HIGHUSER },
  { "GFP_HIGHUSER_MOVABLE", MA_GFP_HIGHUSER_MOVABLE },
  { "GFP_DMA", MA_GFP_DMA },
  { "GFP_DMA32", MA_GFP_DMA32 },
};

static const MaGfpName modifiers[] = {
  { "__GFP_DMA", MA___GFP_DMA },
  { "__GFP_HIGHMEM", MA___GFP_HIGHMEM },
  { "__GFP_DMA32", MA___GFP_DMA32 },
  { "__GFP_MOVABLE", MA___GFP_MOVABLE },
  { "__GFP_RECLAIMABLE", MA___GFP_RECLAIMABLE },
  { "__GFP_HIGH", MA___GFP_HIGH },
  { "__GFP_IO", MA___GFP_IO },
  { "__GFP_FS", MA___GFP_FS },
  { "__GFP_ZERO", MA___GFP_ZERO },
  { "__GFP_ATOMIC", MA___GFP_ATOMIC },
  { "__GFP_DIRECT_RECLAIM", MA___GFP_DIRECT_RECLAIM },
  { "__GFP_KSWAPD_RECLAIM", MA___GFP_KSWAPD_RECLAIM },
  { "__GFP_WRITE", MA___GFP_WRITE },
  { "__GFP_NOWARN", MA___GFP_NOWARN },
  { "__GFP_RETRY_MAYFAIL", MA___GFP_RETRY_MAYFAIL },
  { "__GFP_NOFAIL", MA___GFP_NOFAIL },
  { "__GFP_NORETRY", MA___GFP_NORETRY },
  { "__GFP_MEMALLOC", MA___GFP_MEMALLOC },
  { "__GFP_COMP", MA___GFP_COMP },
  { "__GFP_NOMEMALLOC", MA___GFP_NOMEMALLOC },
  { "__GFP_HARDWALL", MA___GFP_HARDWALL },
  { "__GFP_THISNODE", MA___GFP_THISNODE },
};

const MaGfpName *
ma_gfp_presets (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const MaGfpName *
ma_gfp_modifiers (guint *n_modifiers)
{
  *n_modifiers = G_N_ELEMENTS (modifiers);
  return modifiers;
}

static gboolean
lookup (const char *word,
        MaGfp      *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_ascii_strcasecmp (word, presets[i].name) == 0)
      {
        *out = presets[i].gfp;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (g_ascii_strcasecmp (word, modifiers[i].name) == 0)
      {
        *out = modifiers[i].gfp;
        return TRUE;
      }
  return FALSE;
}

/* "GFP_KERNEL|__GFP_NORETRY", "GFP_ATOMIC | __GFP_DMA", or a number such as "0xcc0". */
gboolean
ma_gfp_parse (const char  *text,
              MaGfp       *out_gfp,
              GError     **error)
{
  g_auto(GStrv) words = NULL;
  MaGfp gfp = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  words = g_strsplit (text, "|", -1);
  if (words[0] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Empty GFP request");
      return FALSE;
    }
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = g_strstrip (words[i]);
      MaGfp bits;

      if (lookup (word, &bits))
        gfp |= bits;
      else if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X') && word[2] != '\0')
        {
          char *end = NULL;
          guint64 v = g_ascii_strtoull (word + 2, &end, 16);

          if (*end != '\0' || v > G_MAXUINT32)
            goto bad;
          gfp |= (MaGfp) v;
        }
      else
        goto bad;
      continue;

    bad:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown GFP flag “%s” (expected a name such as GFP_KERNEL or __GFP_HIGH, or a "
                   "hexadecimal mask such as 0xcc0)", word);
      return FALSE;
    }
  *out_gfp = gfp;
  return TRUE;
}

/* The most specific presentation: the largest preset contained in gfp, then the modifiers left. */
char *
ma_gfp_to_string (MaGfp gfp)
{
  GString *s = g_string_new (NULL);
  MaGfp rest = gfp;
  guint best = G_N_ELEMENTS (presets);
  guint best_bits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      guint bits = __builtin_popcount (presets[i].gfp);

      if ((gfp & presets[i].gfp) == presets[i].gfp && bits > best_bits)
        {
          best = i;
          best_bits = bits;
        }
    }
  if (best < G_N_ELEMENTS (presets))
    {
      g_string_append (s, presets[best].name);
      rest &= ~presets[best].gfp;
    }
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (rest & modifiers[i].gfp)
      {
        if (s->len > 0)
          g_string_append (s, " | ");
        g_string_append (s, modifiers[i].name);
        rest &= ~modifiers[i].gfp;
      }
  if (rest != 0)
    g_string_append_printf (s, "%s0x%x", s->len > 0 ? " | " : "", rest);
  if (s->len == 0)
    g_string_append (s, "0");
  return g_string_free (s, FALSE);
}

/*
 * gfp_zone(): the highest zone the request may use (GFP_ZONE_TABLE, include/linux/gfp.h).
 * Returns FALSE for the combinations the kernel calls GFP_ZONE_BAD (two of DMA, DMA32, HIGHMEM).
 */
gboolean
ma_gfp_zone (MaGfp       gfp,
             gboolean    have_dma,
             gboolean    have_dma32,
             gboolean    have_highmem,
             MaZoneType *out_zone)
{
  guint zbits = gfp & (MA___GFP_DMA | MA___GFP_DMA32 | MA___GFP_HIGHMEM);
  gboolean movable = (gfp & MA___GFP_MOVABLE) != 0;

  if ((zbits & (zbits - 1)) != 0)
    return FALSE;

  if (zbits == MA___GFP_DMA)
    *out_zone = have_dma ? MA_ZONE_DMA : MA_ZONE_NORMAL;
  else if (zbits == MA___GFP_DMA32)
    *out_zone = have_dma32 ? MA_ZONE_DMA32 : MA_ZONE_NORMAL;
  else if (zbits == MA___GFP_HIGHMEM)
    *out_zone = movable ? MA_ZONE_MOVABLE : (have_highmem ? MA_ZONE_HIGHMEM : MA_ZONE_NORMAL);
  else
    *out_zone = MA_ZONE_NORMAL;
  return TRUE;
}

/* gfp_migratetype(). */
MaMigrateType
ma_gfp_migratetype (MaGfp gfp)
{
  if (gfp & MA___GFP_MOVABLE)
    return (gfp & MA___GFP_RECLAIMABLE) ? MA_MIGRATE_HIGHATOMIC : MA_MIGRATE_MOVABLE;
  if (gfp & MA___GFP_RECLAIMABLE)
    return MA_MIGRATE_RECLAIMABLE;
  return MA_MIGRATE_UNMOVABLE;
}

/*
 * gfp_to_alloc_flags(): the slow path's flags. ≥ 6.3: MIN_RESERVE for __GFP_HIGH, NON_BLOCK when
 * the caller cannot reclaim directly, HIGHATOMIC for high-order non-blocking __GFP_HIGH requests.
 * 4.4 … 6.2: ALLOC_HIGH for __GFP_HIGH, ALLOC_HARDER for __GFP_ATOMIC (the reductions equal
 * MIN_RESERVE and NON_BLOCK; ALLOC_HARDER also opened the highatomic reserve). Before 4.4
 * ALLOC_HARDER came from !__GFP_WAIT.
 */
guint
ma_gfp_to_alloc_flags (MaKernelVersion version,
                       MaGfp           gfp,
                       guint           order)
{
  guint flags = MA_ALLOC_WMARK_MIN | MA_ALLOC_CPUSET;
  gboolean can_block = (gfp & MA___GFP_DIRECT_RECLAIM) != 0;

  if (gfp & MA___GFP_HIGH)
    flags |= MA_ALLOC_MIN_RESERVE;
  if (gfp & MA___GFP_KSWAPD_RECLAIM)
    flags |= MA_ALLOC_KSWAPD;

  if (version >= MA_KERNEL_VERSION (6, 3, 0))
    {
      if (!can_block && !(gfp & MA___GFP_NOMEMALLOC))
        {
          flags |= MA_ALLOC_NON_BLOCK;
          if (order > 0 && (gfp & MA___GFP_HIGH))
            flags |= MA_ALLOC_HIGHATOMIC;
        }
      if (!can_block && (gfp & MA___GFP_HIGH))
        flags &= ~MA_ALLOC_CPUSET;
    }
  else if (version >= MA_KERNEL_VERSION (4, 4, 0))
    {
      if ((gfp & MA___GFP_ATOMIC) && !(gfp & MA___GFP_NOMEMALLOC))
        {
          /* ALLOC_HARDER: the −¼ reduction and the highatomic reserve. */
          flags |= MA_ALLOC_NON_BLOCK | MA_ALLOC_HIGHATOMIC;
          flags &= ~MA_ALLOC_CPUSET;
        }
    }
  else
    {
      if (!can_block)
        flags |= MA_ALLOC_NON_BLOCK;
    }

  if (ma_gfp_migratetype (gfp) == MA_MIGRATE_MOVABLE)
    flags |= MA_ALLOC_CMA;
  return flags;
}
