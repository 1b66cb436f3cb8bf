/* ma-snapshot-machine.c: a simulated machine rebuilt from a snapshot
 *
 * A snapshot says how big each zone is (zoneinfo: start_pfn, spanned, present, managed), how its
 * free memory is cut (buddyinfo: free blocks per order; pagetypeinfo: per migratetype, and the
 * pageblocks of each type), what is on the per-CPU lists, and the watermarks and protection in
 * force. It does not say where the free blocks are. So the machine is built in two steps:
 *
 *  1. a machine description (MaMachineSpec) with the snapshot's nodes and zones: each zone's
 *     reserved pages (present − managed) sit at the start of its span, its holes
 *     (spanned − present) at the end (in DMA zones right after the reserved pages: an x86 DMA
 *     zone is the BIOS area, the 640K–1M hole, then managed pages up to its aligned end, where
 *     its large free blocks are); zone limits follow the zone spans. Zones whose positions or
 *     sizes the snapshot lacks (buddyinfo-only and OOM-report snapshots, filtered dumps) are laid
 *     out one after another, sized from what is known (pageblock counts, or enough room for the
 *     free blocks). A zone whose free blocks fill it is laid out from its blocks (tile_zone());
 *  2. the engine's reconstruction (ma_machine_reconstruct()) lays the free blocks out consistent
 *     with every count, and installs the printed watermarks and protection.
 *
 * A snapshot with /proc/kpageflags that covers every zone does say where everything is: its
 * holes and reserved frames go into the description where the flags put them, the
 * reconstruction only lays out pageblock types and installs the marks, and the engine then
 * takes every frame's state from the flags (ma_machine_apply_page_states(), see "The real
 * layout" below). Those zones are real, not reconstructed.
 *
 * Every choice made for lack of data is said in a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot-machine"

#include "config.h"

#include <string.h>

#include "ma-page-states.h"
#include "ma-pagetypeinfo.h"
#include "ma-procfs-error.h"
#include "ma-reconstruct.h"
#include "ma-snapshot-check-private.h"
#include "ma-snapshot-machine.h"
#include "ma-zoneinfo.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

typedef struct _Flags Flags;

/* What the snapshot says about one zone, merged from every file. */
typedef struct
{
  guint32     node_id;
  MaZoneType  type;
  const char *name;

  gboolean    have_position;     /* start_pfn and spanned known */
  guint64     start_pfn;
  guint64     spanned;
  gboolean    have_present;
  guint64     present;
  gboolean    have_managed;
  guint64     managed;

  gint64      free_pages;        /* zoneinfo's (or the OOM report's) NR_FREE_PAGES, −1 unknown */
  guint       n_orders;          /* 0: no per-order counts */
  guint64     nr_free[MA_MAX_ORDERS];
  gboolean    counts_synthetic;  /* nr_free made up from free_pages */
  gboolean    have_mt;
  guint64     nr_free_mt[MA_MAX_ORDERS][MA_N_MIGRATE_TYPES];
  gboolean    have_pageblocks;
  guint64     pageblocks[MA_N_MIGRATE_TYPES];
  guint64     pcp_pages;
  gboolean    have_wmarks;
  guint64     wmark[MA_N_WMARKS];
  guint64     boost;
  gboolean    have_protection;
  guint       n_protection;
  guint64     protection[MA_N_ZONE_TYPES];

  /* the layout chosen */
  gboolean    tile;              /* free blocks laid out one by one (see tile_zone()) */
  guint64     lay_start;
  guint64     lay_spanned;
  guint64     lay_present;
  guint64     lay_managed;
} SZone;

typedef struct
{
  GArray         *zones;        /* SZone */
  GPtrArray      *notes;
  const char     *source;
  MaKernelVersion kernel;
  guint           page_shift;
  guint           nr_orders;
  guint           pageblock_order;
  guint           n_types;
  MaZoneType      types[MA_N_ZONE_TYPES];
  guint           n_cpus;
  gboolean        thp;
  char           *arch;
  gint64          min_free_kbytes;
  gint64          wsf;
  gint64          wbf;
  guint           n_ratio;
  guint           ratio[MA_N_ZONE_TYPES];

  gboolean        positions_real;  /* every zone where the snapshot put it (layout()) */
  MaPageRle      *kpageflags;     /* the snapshot's page flags, if it has them */
  Flags          *flags;          /* what they say, when the layout follows them */
} Build;

static void
note (Build      *b,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
note (Build      *b,
      const char *format,
      ...)
{
  va_list args;

  if (b->notes == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (b->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static SZone *
find_zone (Build      *b,
           guint32     node_id,
           MaZoneType  type,
           const char *name)
{
  SZone z = { 0, };

  for (guint i = 0; i < b->zones->len; i++)
    {
      SZone *s = &g_array_index (b->zones, SZone, i);

      if (s->node_id == node_id && s->type == type)
        return s;
    }
  z.node_id = node_id;
  z.type = type;
  z.name = name;
  z.free_pages = -1;
  g_array_append_val (b->zones, z);
  return &g_array_index (b->zones, SZone, b->zones->len - 1);
}

static int
compare_szones (gconstpointer a,
                gconstpointer b)
{
  const SZone *x = a, *y = b;

  if (x->node_id != y->node_id)
    return x->node_id < y->node_id ? -1 : 1;
  return x->type < y->type ? -1 : x->type > y->type ? 1 : 0;
}

static guint64
page_count_of (const guint64 *nr_free,
               guint          n_orders)
{
  guint64 pages = 0;

  for (guint k = 0; k < n_orders; k++)
    pages += nr_free[k] << k;
  return pages;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading the files */

static void
read_zoneinfo (Build      *b,
               MaZoneinfo *zi)
{
  for (guint i = 0; i < ma_zoneinfo_get_n_zones (zi); i++)
    {
      const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zi, i);
      MaZoneType t;
      SZone *s;

      if (!ma_zone_type_from_name (z->name, &t))
        {
          note (b, "zoneinfo: node %u zone “%s” is no kernel zone type and is left out",
                z->node_id, z->name);
          continue;
        }
      s = find_zone (b, z->node_id, t, z->name);
      if ((z->fields & MA_ZONE_HAS_START_PFN) && (z->fields & MA_ZONE_HAS_SPANNED))
        {
          s->have_position = TRUE;
          s->start_pfn = z->start_pfn;
          s->spanned = z->spanned;
        }
      else if (z->fields & MA_ZONE_HAS_SPANNED)
        s->spanned = z->spanned;
      if (z->fields & MA_ZONE_HAS_PRESENT)
        {
          s->have_present = TRUE;
          s->present = z->present;
        }
      if (z->fields & MA_ZONE_HAS_MANAGED)
        {
          s->have_managed = TRUE;
          s->managed = z->managed;
        }
      if (z->fields & MA_ZONE_HAS_FREE)
        s->free_pages = (gint64) MIN (z->free_pages, (guint64) G_MAXINT64);
      for (guint c = 0; c < z->n_pagesets; c++)
        if (z->pagesets[c].fields & MA_PAGESET_HAS_COUNT)
          s->pcp_pages += z->pagesets[c].count;
      if ((z->fields & MA_ZONE_HAS_MIN) && (z->fields & MA_ZONE_HAS_LOW)
          && (z->fields & MA_ZONE_HAS_HIGH))
        {
          s->have_wmarks = TRUE;
          s->wmark[MA_WMARK_MIN] = z->min;
          s->wmark[MA_WMARK_LOW] = z->low;
          s->wmark[MA_WMARK_HIGH] = z->high;
          s->wmark[MA_WMARK_PROMO] = (z->fields & MA_ZONE_HAS_PROMO) ? z->promo : 0;
          s->boost = (z->fields & MA_ZONE_HAS_BOOST) ? z->boost : 0;
        }
      if (z->fields & MA_ZONE_HAS_PROTECTION)
        {
          s->have_protection = TRUE;
          s->n_protection = MIN (z->n_protection, (guint) MA_N_ZONE_TYPES);
          for (guint j = 0; j < s->n_protection; j++)
            s->protection[j] = z->protection[j] < 0 ? 0 : (guint64) z->protection[j];
        }
    }
}

static void
read_buddyinfo (Build       *b,
                MaBuddyinfo *bi)
{
  for (guint i = 0; i < ma_buddyinfo_get_n_zones (bi); i++)
    {
      const MaBuddyinfoZone *z = ma_buddyinfo_get_zone (bi, i);
      MaZoneType t;
      SZone *s;

      if (!ma_zone_type_from_name (z->name, &t))
        {
          note (b, "buddyinfo: node %u zone “%s” is no kernel zone type and is left out",
                z->node_id, z->name);
          continue;
        }
      s = find_zone (b, z->node_id, t, z->name);
      s->n_orders = MIN (z->n_orders, (guint) MA_MAX_ORDERS);
      memcpy (s->nr_free, z->counts, s->n_orders * sizeof (guint64));
    }
}

/* pagetypeinfo caps each count at 100000 (≥ ≈5.4); a capped count is the order's buddyinfo
 * count less the others. Where the two files disagree (read a moment apart), buddyinfo wins
 * and the per-migratetype counts are adjusted, the largest first. */
static void
read_pagetypeinfo (Build          *b,
                   MaPagetypeinfo *pt)
{
  guint n_types = ma_pagetypeinfo_get_n_types (pt);
  gint map[MA_PAGETYPEINFO_MAX_TYPES];
  guint64 adjusted_total = 0;
  guint adjusted_zones = 0;

  for (guint t = 0; t < n_types && t < MA_PAGETYPEINFO_MAX_TYPES; t++)
    {
      MaMigrateType mt;

      map[t] = ma_migrate_type_from_name (ma_pagetypeinfo_get_type_name (pt, t), &mt) ? (gint) mt
                                                                                     : -1;
      if (map[t] < 0)
        note (b, "pagetypeinfo: migratetype “%s” is unknown; its free blocks count as movable",
              ma_pagetypeinfo_get_type_name (pt, t));
    }

  for (guint i = 0; i < ma_pagetypeinfo_get_n_zones (pt); i++)
    {
      const MaPagetypeinfoZone *z = ma_pagetypeinfo_get_zone (pt, i);
      MaZoneType zt;
      SZone *s;
      guint n_orders;
      guint64 adjusted = 0;

      if (!ma_zone_type_from_name (z->name, &zt))
        continue;
      s = find_zone (b, z->node_id, zt, z->name);
      n_orders = MIN (z->n_orders, (guint) MA_MAX_ORDERS);
      if (s->n_orders == 0)
        {
          /* no buddyinfo: the sums of pagetypeinfo are the counts (capped ones as printed) */
          s->n_orders = n_orders;
          for (guint k = 0; k < n_orders; k++)
            s->nr_free[k] = ma_pagetypeinfo_zone_sum_order (z, k, NULL);
        }

      s->have_mt = TRUE;
      for (guint k = 0; k < n_orders; k++)
        {
          guint64 known = 0, n_capped = 0;
          gint64 diff;

          for (guint t = 0; t < z->n_types && t < MA_PAGETYPEINFO_MAX_TYPES; t++)
            {
              gint mt = map[t] >= 0 ? map[t] : MA_MIGRATE_MOVABLE;
              gboolean capped;
              guint64 v = ma_pagetypeinfo_zone_get_free (z, t, k, &capped);

              if (capped)
                {
                  n_capped++;
                  continue;
                }
              s->nr_free_mt[k][mt] += v;
              known += v;
            }
          if (n_capped > 0 && k < s->n_orders)
            {
              /* the capped types share what buddyinfo has beyond the others, at least 100000
               * each */
              guint64 rest = s->nr_free[k] > known ? s->nr_free[k] - known : 0;
              guint seen = 0;

              for (guint t = 0; t < z->n_types && t < MA_PAGETYPEINFO_MAX_TYPES; t++)
                {
                  gint mt = map[t] >= 0 ? map[t] : MA_MIGRATE_MOVABLE;
                  gboolean capped;

                  ma_pagetypeinfo_zone_get_free (z, t, k, &capped);
                  if (!capped)
                    continue;
                  seen++;
                  s->nr_free_mt[k][mt] += seen == n_capped ? rest : rest / n_capped;
                }
              if (n_capped > 1)
                note (b, "node %u %s: %" G_GUINT64_FORMAT " free blocks of order %u are split "
                      "evenly between %" G_GUINT64_FORMAT " migratetypes that pagetypeinfo "
                      "prints only as “>100000”", s->node_id, ma_zone_type_name (s->type), rest,
                      k, n_capped);
            }

          /* make the migratetypes add up to the order's count */
          if (k >= s->n_orders)
            continue;
          known = 0;
          for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
            known += s->nr_free_mt[k][mt];
          diff = (gint64) s->nr_free[k] - (gint64) known;
          while (diff != 0)
            {
              guint big = MA_MIGRATE_MOVABLE;

              for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
                if (s->nr_free_mt[k][mt] > s->nr_free_mt[k][big])
                  big = mt;
              if (diff > 0)
                {
                  s->nr_free_mt[k][big] += (guint64) diff;
                  adjusted += (guint64) diff;
                  diff = 0;
                }
              else
                {
                  guint64 take = MIN (s->nr_free_mt[k][big], (guint64) -diff);

                  if (take == 0)
                    break;
                  s->nr_free_mt[k][big] -= take;
                  adjusted += take;
                  diff += (gint64) take;
                }
            }
        }
      for (guint k = n_orders; k < s->n_orders; k++)
        s->nr_free_mt[k][MA_MIGRATE_MOVABLE] = s->nr_free[k];
      if (adjusted > 0)
        {
          adjusted_total += adjusted;
          adjusted_zones++;
        }

      if (z->blocks != NULL)
        {
          s->have_pageblocks = TRUE;
          for (guint t = 0; t < z->n_types && t < MA_PAGETYPEINFO_MAX_TYPES; t++)
            s->pageblocks[map[t] >= 0 ? map[t] : MA_MIGRATE_MOVABLE] += z->blocks[t];
        }
    }
  if (adjusted_total > 0)
    note (b, "pagetypeinfo and buddyinfo were read at different moments: %" G_GUINT64_FORMAT
          " free blocks in %u zone%s were moved between migratetypes so that the counts per "
          "order match buddyinfo", adjusted_total, adjusted_zones, adjusted_zones == 1 ? "" : "s");
}

static void
read_oom_report (Build       *b,
                 MaOomReport *report,
                 guint        page_kb)
{
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    {
      const MaOomZone *z = ma_oom_report_get_zone (report, i);
      MaZoneType t;
      SZone *s;
      guint64 kb;

      if (!ma_zone_type_from_name (z->name, &t))
        {
          note (b, "OOM report: node %u zone “%s” is no kernel zone type and is left out",
                z->node_id, z->name);
          continue;
        }
      s = find_zone (b, z->node_id, t, z->name);
      if (ma_oom_zone_get_kb (z, "present", &kb))
        {
          s->have_present = TRUE;
          s->present = kb / page_kb;
        }
      if (ma_oom_zone_get_kb (z, "managed", &kb))
        {
          s->have_managed = TRUE;
          s->managed = kb / page_kb;
        }
      if (ma_oom_zone_get_kb (z, "free", &kb))
        s->free_pages = (gint64) (kb / page_kb);
      if (ma_oom_zone_get_kb (z, "free_pcp", &kb))
        s->pcp_pages = kb / page_kb;
      if (ma_oom_zone_get_kb (z, "min", &kb))
        {
          guint64 v;

          s->have_wmarks = TRUE;
          s->wmark[MA_WMARK_MIN] = kb / page_kb;
          if (ma_oom_zone_get_kb (z, "low", &v))
            s->wmark[MA_WMARK_LOW] = v / page_kb;
          if (ma_oom_zone_get_kb (z, "high", &v))
            s->wmark[MA_WMARK_HIGH] = v / page_kb;
          if (ma_oom_zone_get_kb (z, "boost", &v))
            s->boost = v / page_kb;
        }
      if (z->n_lowmem_reserve > 0)
        {
          s->have_protection = TRUE;
          s->n_protection = MIN (z->n_lowmem_reserve, (guint) MA_N_ZONE_TYPES);
          for (guint j = 0; j < s->n_protection; j++)
            s->protection[j] = z->lowmem_reserve[j] < 0 ? 0 : (guint64) z->lowmem_reserve[j];
        }
      if (z->n_orders > 0)
        {
          guint64 blocks;

          s->n_orders = MIN (z->n_orders, (guint) MA_MAX_ORDERS);
          memcpy (s->nr_free, z->order_counts, s->n_orders * sizeof (guint64));
          blocks = page_count_of (s->nr_free, s->n_orders);
          /* the per-order line is printed a moment after `free:` */
          if (s->free_pages >= 0 && (guint64) s->free_pages != blocks)
            note (b, "OOM report, node %u %s: free: says %" G_GINT64_FORMAT " pages, its blocks "
                  "per order add up to %" G_GUINT64_FORMAT " (printed a moment later); the "
                  "blocks are used", s->node_id, ma_zone_type_name (s->type), s->free_pages,
                  blocks);
          s->free_pages = -1;
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The machine's shape */

static gboolean
type_configured (Build      *b,
                 MaZoneType  t)
{
  for (guint i = 0; i < b->n_types; i++)
    if (b->types[i] == t)
      return TRUE;
  return FALSE;
}

static void
add_type (Build      *b,
          MaZoneType  t)
{
  guint i;

  if (type_configured (b, t) || b->n_types >= MA_N_ZONE_TYPES)
    return;
  for (i = b->n_types; i > 0 && b->types[i - 1] > t; i--)
    b->types[i] = b->types[i - 1];
  b->types[i] = t;
  b->n_types++;
}

static void
choose_shape (Build      *b,
              MaSnapshot *snapshot,
              guint       recorded_page_size)
{
  MaZoneinfo *zi = snapshot ? ma_snapshot_get_zoneinfo (snapshot) : NULL;
  MaPagetypeinfo *pt = snapshot ? ma_snapshot_get_pagetypeinfo (snapshot) : NULL;
  MaKernelVersion oldest = 0, newest = 0;
  guint page_size = recorded_page_size;
  guint orders = 0;
  gboolean is_64bit = FALSE, is_32bit = FALSE;

  /* the kernel */
  if (snapshot != NULL && ma_snapshot_version_range (snapshot, &oldest, &newest, NULL))
    {
      b->kernel = newest;
      if ((b->kernel & 0xffff) == 0xffff)
        b->kernel = V (6, 18, 0);
      else if ((b->kernel & 0xff) == 0xff)
        b->kernel &= ~0xffu;
      if (ma_snapshot_get_kernel_release (snapshot) == NULL)
        {
          g_autofree char *v = ma_kernel_version_to_string (b->kernel);

          note (b, "kernel release not recorded: the machine follows %s, the newest kernel the "
                "zoneinfo layout allows", v);
        }
    }
  else
    {
      b->kernel = V (6, 18, 0);
      note (b, "kernel unknown: the machine follows 6.18's rules");
    }

  /* zone types: as configured (zoneinfo's protection arrays say how many), else the names */
  if (zi != NULL)
    b->n_types = ma_snapshot_guess_zone_types (zi, oldest ? oldest : V (2, 6, 13),
                                               newest ? newest : V (6, 255, 255), b->types);
  for (guint i = 0; i < b->zones->len; i++)
    add_type (b, g_array_index (b->zones, SZone, i).type);
  if (!type_configured (b, MA_ZONE_NORMAL))
    add_type (b, MA_ZONE_NORMAL);
  for (guint i = 0; i < b->n_types; i++)
    {
      if (b->types[i] == MA_ZONE_DMA32)
        is_64bit = TRUE;
      if (b->types[i] == MA_ZONE_HIGHMEM)
        is_32bit = TRUE;
    }

  /* orders and page size */
  for (guint i = 0; i < b->zones->len; i++)
    orders = MAX (orders, g_array_index (b->zones, SZone, i).n_orders);
  if (orders == 0)
    orders = 11;
  if (page_size == 0)
    {
      page_size = orders == 14 ? 65536 : 4096;
      if (orders == 14)
        note (b, "page size not recorded: 64 KiB, as 14 orders mean arm64 with 64 KiB pages");
      else
        note (b, "page size not recorded: 4 KiB assumed");
    }
  b->page_shift = (guint) g_bit_nth_lsf (page_size, -1);
  b->nr_orders = orders;

  if (pt != NULL && ma_pagetypeinfo_get_pageblock_order (pt) >= 0)
    b->pageblock_order = (guint) ma_pagetypeinfo_get_pageblock_order (pt);
  else
    {
      if (page_size == 65536)
        b->pageblock_order = 13;
      else if (page_size == 16384)
        b->pageblock_order = 11;
      else
        b->pageblock_order = (is_64bit || is_32bit) ? 9 : 10;
      note (b, "pageblock order not recorded (no pagetypeinfo): %u assumed", b->pageblock_order);
    }
  b->pageblock_order = MIN (b->pageblock_order, b->nr_orders - 1);

  b->arch = g_strdup (snapshot && ma_snapshot_get_machine (snapshot)
                      ? ma_snapshot_get_machine (snapshot)
                      : page_size == 65536 ? "aarch64" : is_64bit ? "x86_64"
                      : is_32bit ? "i686" : "unknown");
}

static guint64
align_up (guint64 v,
          guint64 a)
{
  return (v + a - 1) / a * a;
}

/* Pages a zone of unknown size needs to hold its free blocks: the max-order blocks, and for the
 * smaller blocks twice their pages (each sits beside memory in use, or it would have merged),
 * in whole max-order units, with room to spare. */
static guint64
size_for_counts (const SZone *s,
                 guint        nr_orders,
                 guint        attempt)
{
  guint max = nr_orders - 1;
  guint64 unit = G_GUINT64_CONSTANT (1) << max, units;
  guint64 small = 0;

  for (guint k = 0; k < s->n_orders && k < max; k++)
    small += (s->nr_free[k] << k) * 2;
  units = (s->n_orders > max ? s->nr_free[max] : 0) + (small + unit - 1) / unit;
  units += units / 8 + 2 + s->pcp_pages / unit + 1;
  return units * unit << attempt;
}

/* Before 3.8 (and in OOM reports without `managed`) the managed pages are not printed; when the
 * free blocks hold more than the present pages (3.2 counted some reserved pages out of
 * `present`), the zone is given what they need, within its span. */
static void
fit_free_pages (Build *b,
                SZone *s)
{
  guint64 need = page_count_of (s->nr_free, s->n_orders) + s->pcp_pages;

  if (s->have_managed || need <= s->lay_managed || s->lay_spanned == 0)
    return;
  need = MIN (need, s->lay_spanned);
  note (b, "node %u %s: the free blocks hold more pages (%" G_GUINT64_FORMAT ") than the zone's "
        "present pages (%" G_GUINT64_FORMAT "); it is given %" G_GUINT64_FORMAT " present and "
        "managed pages", s->node_id, ma_zone_type_name (s->type),
        page_count_of (s->nr_free, s->n_orders), s->lay_present, need);
  s->lay_present = MAX (s->lay_present, need);
  s->lay_managed = need;
}

/* Lays the zones out: where the snapshot has every zone's position and sizes, as they were;
 * otherwise one after another from pfn 0, sized from what is known. */
static gboolean
layout (Build   *b,
        guint    attempt,
        GError **error)
{
  guint64 unit = G_GUINT64_CONSTANT (1) << (b->nr_orders - 1);
  gboolean real = TRUE;

  b->positions_real = FALSE;
  for (guint i = 0; i < b->zones->len; i++)
    {
      SZone *s = &g_array_index (b->zones, SZone, i);
      gboolean populated = s->have_present ? s->present > 0
                                           : (s->n_orders > 0 || s->free_pages > 0);

      if (populated && (!s->have_position || !s->have_present))
        real = FALSE;
    }

  if (real)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < b->zones->len; i++)
        {
          SZone *s = &g_array_index (b->zones, SZone, i);

          s->lay_start = s->have_position ? s->start_pfn : 0;
          s->lay_present = s->have_present ? s->present : 0;
          s->lay_spanned = MAX (s->spanned, s->lay_present);
          s->lay_managed = s->have_managed ? MIN (s->managed, s->lay_present) : s->lay_present;
          if (s->lay_present == 0)
            s->lay_start = s->lay_spanned = s->lay_managed = 0;
          fit_free_pages (b, s);
        }
      /* zones of a node must not overlap, nor nodes, and zone types must rise with the pfn */
      for (guint i = 0; i < b->zones->len && ok; i++)
        for (guint j = 0; j < b->zones->len && ok; j++)
          {
            const SZone *x = &g_array_index (b->zones, SZone, i);
            const SZone *y = &g_array_index (b->zones, SZone, j);

            if (i == j || x->lay_spanned == 0 || y->lay_spanned == 0)
              continue;
            if (x->lay_start < y->lay_start + y->lay_spanned
                && y->lay_start < x->lay_start + x->lay_spanned)
              ok = FALSE;
            if (x->type < y->type && x->type != MA_ZONE_MOVABLE && y->type != MA_ZONE_MOVABLE
                && x->lay_start > y->lay_start)
              ok = FALSE;
            if (x->node_id < y->node_id && x->type == MA_ZONE_MOVABLE && y->type != MA_ZONE_MOVABLE
                && x->lay_start < y->lay_start && x->lay_start + x->lay_spanned > y->lay_start)
              ok = FALSE;
          }
      /* a node's zones must not surround another node's */
      for (guint i = 0; i < b->zones->len && ok; i++)
        for (guint j = 0; j < b->zones->len && ok; j++)
          {
            const SZone *x = &g_array_index (b->zones, SZone, i);
            const SZone *y = &g_array_index (b->zones, SZone, j);

            for (guint k = 0; k < b->zones->len && ok; k++)
              {
                const SZone *z = &g_array_index (b->zones, SZone, k);

                if (x->node_id == y->node_id && z->node_id != x->node_id && x->lay_spanned
                    && y->lay_spanned && z->lay_spanned && x->lay_start < z->lay_start
                    && z->lay_start < y->lay_start)
                  ok = FALSE;
              }
          }
      if (ok)
        {
          b->positions_real = TRUE;
          return TRUE;
        }
      note (b, "the zones' positions overlap or interleave across nodes in a way the simulator "
            "cannot build; they are laid out one after another instead");
    }

  /* synthetic layout: nodes holding the lowest zones first, zones in type order */
  {
    g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
    guint64 cursor = 0;
    gboolean sized_note = FALSE, managed_note = FALSE;

    for (guint i = 0; i < b->zones->len; i++)
      {
        guint32 id = g_array_index (b->zones, SZone, i).node_id;
        gboolean seen = FALSE;

        for (guint k = 0; k < order->len; k++)
          if (g_array_index (order, guint32, k) == id)
            seen = TRUE;
        if (!seen)
          g_array_append_val (order, id);
      }
    /* a stable sort by the node's lowest zone type */
    for (guint k = 1; k < order->len; k++)
      for (guint m = k; m > 0; m--)
        {
          MaZoneType ta = MA_N_ZONE_TYPES, tb = MA_N_ZONE_TYPES;

          for (guint i = 0; i < b->zones->len; i++)
            {
              const SZone *s = &g_array_index (b->zones, SZone, i);

              if (s->node_id == g_array_index (order, guint32, m - 1))
                ta = MIN (ta, s->type);
              if (s->node_id == g_array_index (order, guint32, m))
                tb = MIN (tb, s->type);
            }
          if (ta <= tb)
            break;
          {
            guint32 tmp = g_array_index (order, guint32, m);

            g_array_index (order, guint32, m) = g_array_index (order, guint32, m - 1);
            g_array_index (order, guint32, m - 1) = tmp;
          }
        }

    for (guint k = 0; k < order->len; k++)
      {
        guint32 id = g_array_index (order, guint32, k);

        for (guint t = 0; t < MA_N_ZONE_TYPES; t++)
          for (guint i = 0; i < b->zones->len; i++)
            {
              SZone *s = &g_array_index (b->zones, SZone, i);
              guint64 present;

              if (s->node_id != id || s->type != t)
                continue;
              if (s->have_present)
                present = s->present;
              else
                {
                  guint64 need = size_for_counts (s, b->nr_orders, attempt);

                  if (s->have_pageblocks)
                    {
                      guint64 blocks = 0;

                      for (guint mt = 0; mt < MA_N_MIGRATE_TYPES; mt++)
                        blocks += s->pageblocks[mt];
                      need = MAX (need, blocks << b->pageblock_order);
                    }
                  if (s->n_orders == 0 && s->free_pages > 0)
                    need = MAX (need, align_up ((guint64) s->free_pages * 2, unit));
                  present = need;
                  sized_note = TRUE;
                }
              if (present == 0)
                {
                  s->lay_start = s->lay_spanned = s->lay_present = s->lay_managed = 0;
                  continue;
                }
              /* a configured but empty lower zone needs room below */
              if (cursor == 0)
                for (guint a = 0; a < b->n_types && b->types[a] < s->type; a++)
                  if (b->types[a] != MA_ZONE_MOVABLE)
                    cursor = unit;
              s->lay_start = align_up (cursor, unit);
              s->lay_present = present;
              /* an unknown span ends at the next max-order boundary: the room up to it is
               * holes (the end of a real zone is usually aligned) */
              s->lay_spanned = s->spanned > 0 ? MAX (s->spanned, present)
                                              : align_up (present, unit);
              if (s->have_managed)
                s->lay_managed = MIN (s->managed, present);
              else
                {
                  s->lay_managed = present;
                  if (s->have_present)
                    managed_note = TRUE;
                }
              fit_free_pages (b, s);
              cursor = s->lay_start + s->lay_spanned;
            }
        cursor = align_up (cursor, unit);
      }
    if (sized_note)
      note (b, "some zones' sizes are not in the snapshot: they are sized to hold their free "
            "blocks (from the pageblock counts where pagetypeinfo has them)");
    if (managed_note)
      note (b, "managed pages are not in the snapshot (before 3.8, or an OOM report without "
            "them): every present page counts as managed");
    note (b, "zone positions are not in the snapshot: zones are laid out one after another");

    /* the zone types must rise with the pfn across nodes */
    for (guint i = 0; i < b->zones->len; i++)
      for (guint j = 0; j < b->zones->len; j++)
        {
          const SZone *x = &g_array_index (b->zones, SZone, i);
          const SZone *y = &g_array_index (b->zones, SZone, j);

          if (x->lay_present && y->lay_present && x->type < y->type && x->type != MA_ZONE_MOVABLE
              && y->type != MA_ZONE_MOVABLE && x->lay_start > y->lay_start)
            {
              g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                           "%s: node %u has zone %s above node %u's zone %s; the simulator needs "
                           "the zones of every node in the same pfn order", b->source,
                           x->node_id, ma_zone_type_name (x->type), y->node_id,
                           ma_zone_type_name (y->type));
              return FALSE;
            }
        }
  }
  return TRUE;
}

/* A zone whose free blocks fill (nearly) all its managed pages cannot keep a frame in use
 * beside each small block, as the reconstruction's towers do, so its layout is drawn from its
 * free blocks: from the top of the zone down, each free block aligned to its size, separated
 * from the block above by non-managed frames (holes, or reserved frames) where it would
 * otherwise merge with it; below them the frames in use, the reserved frames and the holes left.
 * Returns FALSE if the non-managed frames do not suffice. */
static gboolean
tile_zone (Build         *b,
           const SZone   *s,
           MaMachineSpec *spec,
           guint          node_index)
{
  guint max = b->nr_orders - 1;
  guint64 top = s->lay_start + s->lay_spanned, cursor = top;
  guint64 free_pages = page_count_of (s->nr_free, s->n_orders);
  guint64 reserved = s->lay_present - s->lay_managed, holes = s->lay_spanned - s->lay_present;
  guint64 spare = reserved + holes, waste = 0, used;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));

  if (free_pages > s->lay_managed)
    return FALSE;
  used = s->lay_managed - free_pages;

  for (guint k = MIN (max, s->n_orders - 1) + 1; k-- > 0;)
    for (guint64 n = 0; n < s->nr_free[k]; n++)
      {
        guint64 size = G_GUINT64_CONSTANT (1) << k, p;

        if (cursor < s->lay_start + size)
          return FALSE;
        p = (cursor - size) & ~(size - 1);
        /* Cut into aligned blocks from its start, a run splits at p only if p is an odd multiple
         * of the block's size; at an even one the block above would join it (or be its free
         * buddy): then it goes one size lower, the frames between becoming a separator. */
        if (k < max && runs->len > 0 && (p & size) == 0 && p + size == cursor)
          {
            if (p < s->lay_start + size)
              return FALSE;
            p -= size;
          }
        if (p < s->lay_start)
          return FALSE;
        waste += cursor - (p + size);
        if (waste > spare)
          return FALSE;
        if (runs->len > 0 && g_array_index (runs, MaPfnRange, runs->len - 1).start == p + size)
          g_array_index (runs, MaPfnRange, runs->len - 1).start = p;
        else
          {
            MaPfnRange r = { p, p + size };

            g_array_append_val (runs, r);
          }
        cursor = p;
      }

  /* below the blocks: a separator, the frames in use, the reserved frames, the holes left */
  if (runs->len > 0 && used > 0)
    {
      if (waste + 1 > spare || cursor == s->lay_start)
        return FALSE;
      waste++;
      cursor--;
    }
  if (cursor - s->lay_start != used + (spare - waste))
    return FALSE;
  {
    guint64 res_left = waste > holes ? reserved - (waste - holes) : reserved;

    if (waste > holes)
      {
        /* separators beyond the holes are reserved frames: memory, reserved */
        for (guint i = 0; i < runs->len; i++)
          {
            const MaPfnRange *r = &g_array_index (runs, MaPfnRange, i);
            guint64 below = i + 1 < runs->len ? g_array_index (runs, MaPfnRange, i + 1).end
                                              : cursor + (used > 0 ? 1 : 0);

            if (r->start > below)
              {
                ma_machine_spec_add_memory (spec, node_index, below, r->start);
                ma_machine_spec_add_reserved (spec, node_index, below, r->start);
              }
          }
        if (used > 0)
          {
            ma_machine_spec_add_memory (spec, node_index, cursor, cursor + 1);
            ma_machine_spec_add_reserved (spec, node_index, cursor, cursor + 1);
          }
      }
    if (res_left > 0)
      {
        ma_machine_spec_add_memory (spec, node_index, s->lay_start, s->lay_start + res_left);
        ma_machine_spec_add_reserved (spec, node_index, s->lay_start, s->lay_start + res_left);
      }
    if (used > 0)
      ma_machine_spec_add_memory (spec, node_index, cursor - used, cursor);
    for (guint i = 0; i < runs->len; i++)
      {
        const MaPfnRange *r = &g_array_index (runs, MaPfnRange, i);

        ma_machine_spec_add_memory (spec, node_index, r->start, r->end);
      }
  }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* The real layout, from /proc/kpageflags
 *
 * kpageflags has one word per frame. Free memory shows as KPF_BUDDY, but not the same way in
 * every kernel: Documentation/admin-guide/mm/pagemap.rst says the flag is on the first frame
 * of a free block only, and so it was at first; fs/proc/page.c also sets it on the tails (its
 * `page_count(page) == 0 && is_free_buddy_page(page)` branch, in 4.x sources already and in
 * 6.x; a 6.18 host shows exactly as many KPF_BUDDY frames as free pages). Neither form gives a
 * block's order.
 *
 *  - Tails marked: a run of free frames is cut into the largest aligned blocks, from its
 *    start. That is the only cut the allocator can leave: two free buddies of one order are
 *    always merged, so the blocks of a free run are exactly its largest aligned pieces (save
 *    buddies of a pageblock or more whose types may not merge, isolated or CMA ones from 5.18,
 *    which are taken as one block).
 *  - Heads only: a head's order is the largest k (up to the largest order) such that the head
 *    is 2^k-aligned and the 2^k - 1 frames after it carry no flag at all. A page in use without
 *    flags right after a free block makes that too large, so where buddyinfo counts per order,
 *    the heads are given the orders it counts: largest order first, from the heads whose
 *    inferred order is that order, then from those with the nearest larger one.
 *
 * Which form a snapshot has is read from the data: with tails marked, every free block of
 * order 1 or more puts two flagged frames side by side at an even pfn; with heads only, two
 * flagged frames there would be free buddies of order 0, which never stay apart.
 *
 * Holes and reserved frames are chosen to match zoneinfo's spanned, present and managed:
 * frames without a struct page (KPF_NOPAGE) first, then the longest runs of frames without any
 * flag (holes in a memory map: 6.18 shows the PCI hole so), then KPF_RESERVED frames from the
 * end (the 640K-1M hole of a DMA zone); reserved frames are the KPF_RESERVED ones, then the
 * longest flagless runs left. Free frames are never taken.
 *
 * Every other frame is what its flags say: slab, page table, user anonymous (KPF_ANON, KSM,
 * swap-backed shmem, mapped hugetlb), page cache (on an LRU, not anonymous), reserved (a managed
 * page marked PG_reserved later) or, with any other flag, kernel. A frame with no flag at all
 * is in use by someone who does not say (vmalloc, kernel stacks, buffers: alloc_pages() without
 * a type) or a per-CPU page: zoneinfo's per-CPU count goes to the first of them, the rest are
 * in use, owner unknown. Migratetypes are not in kpageflags: the free blocks go on the lists
 * of their pageblocks' types, laid out from pagetypeinfo's counts as the reconstruction does.
 *
 * The runs are read as they are stored, never expanded: a 1 TiB machine's 268 million frames
 * are a few million runs.
 */

#define KPF(bit) MA_KPF_MASK (MA_KPF_##bit)
/* KPF_RESERVED (PG_reserved) is bit 32, one of kpageflags' kernel-internal bits */
#define KPF_RESERVED_MASK (G_GUINT64_CONSTANT (1) << 32)

/* One populated zone, as its flags say. */
typedef struct
{
  guint    szone;                 /* index in Build.zones */
  guint64  start;
  guint64  end;
  guint64  protect_first;         /* frames never made holes: a node's first and last, */
  guint64  protect_last;          /* which fix the node's span */
  guint    n_counted;             /* orders buddyinfo counts (0: no counts to follow) */
  guint64  heads[MA_MAX_ORDERS];  /* heads only: heads per inferred order */
  guint64  table[MA_MAX_ORDERS][MA_MAX_ORDERS];  /* heads of inferred order c given order k */
  guint64  blocks[MA_MAX_ORDERS]; /* free blocks per order, as placed */
  guint64  resized;               /* heads given a smaller order than inferred */
  guint64  buddy_frames;
  guint64  pcp;                   /* per-CPU pages to place */
  GArray  *holes;                 /* MaPfnRange, sorted */
  GArray  *reserved;              /* MaPfnRange, sorted */
  guint64  got_holes;
  guint64  got_reserved;
} FlagZone;

struct _Flags
{
  MaPageRle *rle;
  gboolean   tails_marked;
  guint      max_order;
  GArray    *zones;               /* FlagZone, by start pfn */
};

static void
flags_free (Flags *f)
{
  if (f == NULL)
    return;
  for (guint i = 0; i < f->zones->len; i++)
    {
      FlagZone *fz = &g_array_index (f->zones, FlagZone, i);

      g_clear_pointer (&fz->holes, g_array_unref);
      g_clear_pointer (&fz->reserved, g_array_unref);
    }
  g_array_unref (f->zones);
  ma_page_rle_unref (f->rle);
  g_free (f);
}

/* A forward-only reader of the runs. */
typedef struct
{
  const MaPageRun *runs;
  guint            n_runs;
  guint64          n_frames;
  guint            i;        /* the run holding the last pfn asked for */
  guint64          start;    /* its first pfn */
} RunIter;

static void
iter_init (RunIter   *it,
           MaPageRle *rle,
           guint64    pfn)
{
  guint lo = 0, hi = ma_page_rle_get_n_runs (rle);

  it->runs = ma_page_rle_get_runs (rle);
  it->n_runs = hi;
  it->n_frames = ma_page_rle_get_n_frames (rle);
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ma_page_rle_get_run_start (rle, mid) <= pfn)
        lo = mid;
      else
        hi = mid;
    }
  it->i = lo;
  it->start = it->n_runs > 0 ? ma_page_rle_get_run_start (rle, lo) : 0;
}

/* The word of pfn (at or after the last one asked for) and the end of its run; frames past
 * the file have no page. */
static guint64
iter_word (RunIter *it,
           guint64  pfn,
           guint64 *out_end)
{
  if (pfn >= it->n_frames || it->n_runs == 0)
    {
      *out_end = G_MAXUINT64;
      return KPF (NOPAGE);
    }
  while (it->start + it->runs[it->i].length <= pfn)
    it->start += it->runs[it->i++].length;
  *out_end = it->start + it->runs[it->i].length;
  return it->runs[it->i].value;
}

static inline gboolean
word_is_free (guint64 v)
{
  return (v & KPF (BUDDY)) && !(v & KPF (NOPAGE));
}

/* The end of the run of free frames from pfn on, at most limit. */
static guint64
free_run_end (RunIter  it,
              guint64  pfn,
              guint64  limit)
{
  while (pfn < limit)
    {
      guint64 end;

      if (!word_is_free (iter_word (&it, pfn, &end)))
        break;
      pfn = MIN (end, limit);
    }
  return pfn;
}

/* The largest aligned block at pfn that ends by end. */
static guint
largest_block (guint64 pfn,
               guint64 end,
               guint   max_order)
{
  guint k = max_order;

  while (k > 0 && ((pfn & (((guint64) 1 << k) - 1)) != 0 || pfn + ((guint64) 1 << k) > end))
    k--;
  return k;
}

/* Heads only: the order of the head at pfn, as its flagless followers allow. */
static guint
head_order (RunIter  it,
            guint64  pfn,
            guint64  zone_end,
            guint    max_order)
{
  guint64 limit = MIN (pfn + ((guint64) 1 << max_order), zone_end), q = pfn + 1;

  while (q < limit)
    {
      guint64 end;

      if (iter_word (&it, q, &end) != 0)
        break;
      q = MIN (end, limit);
    }
  return largest_block (pfn, q, max_order);
}

/* Heads only: the order the next head of inferred order c gets (largest first). */
static guint
take_order (guint64 table[MA_MAX_ORDERS][MA_MAX_ORDERS],
            guint   c)
{
  for (guint k = c + 1; k-- > 0;)
    if (table[c][k] > 0)
      {
        table[c][k]--;
        return k;
      }
  return c;
}

static MaOwnerKind
owner_of_word (guint64 v)
{
  if (v & KPF (SLAB))
    return MA_OWNER_SLAB;
  if (v & KPF (PGTABLE))
    return MA_OWNER_PAGETABLE;
  if (v & (KPF (ANON) | KPF (KSM)))
    return MA_OWNER_ANON;
  if (v & KPF (HUGE))
    return (v & KPF (MMAP)) ? MA_OWNER_ANON : MA_OWNER_KERNEL;
  /* shmem and tmpfs: page cache by name, but swap-backed and on the anonymous LRU */
  if (v & KPF (SWAPBACKED))
    return MA_OWNER_ANON;
  if (v & KPF (LRU))
    return MA_OWNER_FILE;
  return MA_OWNER_KERNEL;
}

static void
append_range (GArray  *ranges,
              guint64  start,
              guint64  end)
{
  MaPfnRange r = { start, end };

  if (ranges->len > 0 && g_array_index (ranges, MaPfnRange, ranges->len - 1).end == start)
    g_array_index (ranges, MaPfnRange, ranges->len - 1).end = end;
  else
    g_array_append_val (ranges, r);
}

/* One walk over a zone's frames. The first (collect == NULL) finds the free blocks (heads
 * only: each head's inferred order); the second places them (heads only: with the orders the
 * table gives) and collects the runs of frames that can be holes or reserved frames. */
typedef struct
{
  GArray *nopage;
  GArray *reserved;
  GArray *flagless;
} Candidates;

static void
walk_zone (Flags      *f,
           FlagZone   *fz,
           Candidates *collect)
{
  guint64 table[MA_MAX_ORDERS][MA_MAX_ORDERS];
  guint64 pfn = fz->start;
  RunIter it;

  memcpy (table, fz->table, sizeof table);
  iter_init (&it, f->rle, pfn);
  while (pfn < fz->end)
    {
      guint64 end, v = iter_word (&it, pfn, &end);

      end = MIN (end, fz->end);
      if (word_is_free (v) && f->tails_marked)
        {
          guint64 stop = free_run_end (it, pfn, fz->end);

          if (collect == NULL)
            fz->buddy_frames += stop - pfn;
          else
            while (pfn < stop)
              {
                guint k = largest_block (pfn, stop, f->max_order);

                fz->blocks[k]++;
                pfn += (guint64) 1 << k;
              }
          pfn = stop;
          continue;
        }
      if (word_is_free (v))
        {
          guint c = head_order (it, pfn, fz->end, f->max_order);

          if (collect == NULL)
            {
              fz->heads[c]++;
              fz->buddy_frames++;
              pfn++;
            }
          else
            {
              guint k = take_order (table, c);

              fz->blocks[k]++;
              pfn += (guint64) 1 << k;
            }
          continue;
        }
      if (collect != NULL)
        {
          if (v & KPF (NOPAGE))
            append_range (collect->nopage, pfn, end);
          else if (v & KPF_RESERVED_MASK)
            append_range (collect->reserved, pfn, end);
          else if (v == 0)
            append_range (collect->flagless, pfn, end);
        }
      pfn = end;
    }
}

/* Heads only: the orders buddyinfo counts, given greedily from the largest (see above). */
static void
fit_counts (FlagZone    *fz,
            const SZone *s,
            guint        max_order)
{
  guint64 left[MA_MAX_ORDERS];

  memcpy (left, fz->heads, sizeof left);
  memset (fz->table, 0, sizeof fz->table);
  for (guint k = max_order + 1; k-- > 0;)
    {
      guint64 need = k < fz->n_counted ? s->nr_free[k] : 0;

      for (guint c = k; c <= max_order && need > 0; c++)
        {
          guint64 n = MIN (need, left[c]);

          fz->table[c][k] += n;
          left[c] -= n;
          need -= n;
          if (c != k)
            fz->resized += n;
        }
    }
  /* heads buddyinfo does not count (read a moment apart) keep what the flags say */
  for (guint c = 0; c <= max_order; c++)
    fz->table[c][c] += left[c];
}

static int
compare_longer (gconstpointer x,
                gconstpointer y)
{
  const MaPfnRange *a = x, *b = y;
  guint64 la = a->end - a->start, lb = b->end - b->start;

  if (la != lb)
    return la > lb ? -1 : 1;
  return a->start > b->start ? -1 : a->start < b->start ? 1 : 0;
}

static int
compare_start (gconstpointer x,
               gconstpointer y)
{
  const MaPfnRange *a = x, *b = y;

  return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* Takes up to want frames from the candidate runs in their order, from each run's end or its
 * start; returns how many it took. */
static guint64
take_frames (GArray  *candidates,
             guint64  want,
             gboolean from_end,
             GArray  *out)
{
  guint64 got = 0;

  for (guint i = 0; i < candidates->len && got < want; i++)
    {
      const MaPfnRange *r = &g_array_index (candidates, MaPfnRange, i);
      guint64 n = MIN (r->end - r->start, want - got);
      MaPfnRange t = from_end ? (MaPfnRange) { r->end - n, r->end }
                              : (MaPfnRange) { r->start, r->start + n };

      if (n == 0)
        continue;
      g_array_append_val (out, t);
      got += n;
    }
  return got;
}

/* ranges minus taken (both sorted, disjoint), in pfn order */
static GArray *
ranges_minus (GArray *ranges,
              GArray *taken)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
  guint j = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      MaPfnRange r = g_array_index (ranges, MaPfnRange, i);

      while (j < taken->len && g_array_index (taken, MaPfnRange, j).end <= r.start)
        j++;
      for (guint k = j; k < taken->len && r.start < r.end; k++)
        {
          const MaPfnRange *t = &g_array_index (taken, MaPfnRange, k);

          if (t->start >= r.end)
            break;
          if (t->start > r.start)
            {
              MaPfnRange piece = { r.start, t->start };

              g_array_append_val (out, piece);
            }
          r.start = MAX (r.start, t->end);
        }
      if (r.start < r.end)
        g_array_append_val (out, r);
    }
  return out;
}

static void
sort_and_merge (GArray *ranges)
{
  g_array_sort (ranges, compare_start);
  for (guint i = 1; i < ranges->len; i++)
    {
      MaPfnRange *prev = &g_array_index (ranges, MaPfnRange, i - 1);
      const MaPfnRange *cur = &g_array_index (ranges, MaPfnRange, i);

      if (cur->start <= prev->end)
        {
          prev->end = MAX (prev->end, cur->end);
          g_array_remove_index (ranges, i--);
        }
    }
}

/* Holes and reserved frames where the flags put them, as many as zoneinfo counts. */
static void
choose_non_managed (FlagZone    *fz,
                    const SZone *s,
                    Candidates  *c)
{
  guint64 want_holes = s->lay_spanned - s->lay_present;
  guint64 want_reserved = s->lay_present - s->lay_managed;
  g_autoptr(GArray) reserved = NULL;
  g_autoptr(GArray) by_length = NULL;
  g_autoptr(GArray) backwards = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));

  fz->holes = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
  fz->reserved = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));

  /* a node's first and last frame stay memory: they fix the node's span, and so the zones' */
  {
    g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (MaPfnRange));
    MaPfnRange first = { fz->protect_first, fz->protect_first + 1 };
    MaPfnRange last = { fz->protect_last, fz->protect_last + 1 };
    GArray *cls[2] = { c->nopage, c->flagless };

    if (fz->protect_first != G_MAXUINT64)
      g_array_append_val (ends, first);
    if (fz->protect_last != G_MAXUINT64 && fz->protect_last != fz->protect_first)
      g_array_append_val (ends, last);
    for (guint i = 0; i < 2; i++)
      {
        GArray *cut = ranges_minus (cls[i], ends);

        g_array_set_size (cls[i], 0);
        g_array_append_vals (cls[i], cut->data, cut->len);
        g_array_unref (cut);
      }
    reserved = ranges_minus (c->reserved, ends);
  }

  /* holes: frames without a page, the longest flagless runs, KPF_RESERVED runs from the end */
  fz->got_holes = take_frames (c->nopage, G_MAXUINT64, FALSE, fz->holes);
  by_length = g_array_copy (c->flagless);
  g_array_sort (by_length, compare_longer);
  if (fz->got_holes < want_holes)
    fz->got_holes += take_frames (by_length, want_holes - fz->got_holes, TRUE, fz->holes);
  for (guint i = reserved->len; i-- > 0;)
    g_array_append_val (backwards, g_array_index (reserved, MaPfnRange, i));
  if (fz->got_holes < want_holes)
    fz->got_holes += take_frames (backwards, want_holes - fz->got_holes, TRUE, fz->holes);
  sort_and_merge (fz->holes);

  /* reserved frames: KPF_RESERVED ones, then the longest flagless runs left */
  {
    g_autoptr(GArray) res_left = ranges_minus (c->reserved, fz->holes);
    g_autoptr(GArray) flagless_left = ranges_minus (c->flagless, fz->holes);

    fz->got_reserved = take_frames (res_left, want_reserved, FALSE, fz->reserved);
    g_array_sort (flagless_left, compare_longer);
    if (fz->got_reserved < want_reserved)
      fz->got_reserved += take_frames (flagless_left, want_reserved - fz->got_reserved, FALSE,
                                       fz->reserved);
    sort_and_merge (fz->reserved);
  }
}

static guint64
counted_pages (const SZone *s)
{
  return s->n_orders > 0 ? page_count_of (s->nr_free, s->n_orders)
                         : s->free_pages > 0 ? (guint64) s->free_pages : 0;
}

static guint64
counted_blocks (const SZone *s)
{
  guint64 n = 0;

  for (guint k = 0; k < s->n_orders; k++)
    n += s->nr_free[k];
  return n;
}

static int
compare_flag_zones (gconstpointer x,
                    gconstpointer y)
{
  const FlagZone *a = x, *b = y;

  return a->start < b->start ? -1 : a->start > b->start ? 1 : 0;
}

/* Whether the snapshot's kpageflags can give the layout, and what they say: b->flags, or a
 * note saying why the layout stays reconstructed. Runs after layout(). */
static void
flags_prepare (Build *b)
{
  MaPageRle *rle = b->kpageflags;
  guint64 n_frames = ma_page_rle_get_n_frames (rle);
  g_autoptr(GArray) zones = g_array_new (FALSE, TRUE, sizeof (FlagZone));
  guint64 pairs = 0, buddy = 0, flagged = 0, counted = 0;
  Flags *f;

  if (!b->positions_real)
    {
      note (b, "the snapshot has kpageflags, but zoneinfo does not place every zone: the page "
            "flags cannot be matched to zones, and the layout is reconstructed");
      return;
    }
  for (guint i = 0; i < b->zones->len; i++)
    {
      const SZone *s = &g_array_index (b->zones, SZone, i);
      FlagZone fz = { 0, };

      if (s->lay_present == 0)
        continue;
      if (s->lay_start + s->lay_spanned > n_frames)
        {
          note (b, "the snapshot's kpageflags cover %" G_GUINT64_FORMAT " frames, but node %u "
                "%s ends at pfn %" G_GUINT64_FORMAT ": the layout is reconstructed", n_frames,
                s->node_id, ma_zone_type_name (s->type), s->lay_start + s->lay_spanned);
          return;
        }
      fz.szone = i;
      fz.start = s->lay_start;
      fz.end = s->lay_start + s->lay_spanned;
      fz.protect_first = fz.protect_last = G_MAXUINT64;
      g_array_append_val (zones, fz);
    }
  if (zones->len == 0)
    return;

  /* a node's first and last frames */
  for (guint i = 0; i < zones->len; i++)
    {
      FlagZone *fz = &g_array_index (zones, FlagZone, i);
      guint32 node = g_array_index (b->zones, SZone, fz->szone).node_id;
      guint64 lo = G_MAXUINT64, hi = 0;

      for (guint j = 0; j < zones->len; j++)
        {
          const FlagZone *o = &g_array_index (zones, FlagZone, j);

          if (g_array_index (b->zones, SZone, o->szone).node_id != node)
            continue;
          lo = MIN (lo, o->start);
          hi = MAX (hi, o->end);
        }
      if (lo >= fz->start && lo < fz->end)
        fz->protect_first = lo;
      if (hi > fz->start && hi <= fz->end)
        fz->protect_last = hi - 1;
    }

  /* which form: flagged frames side by side at an even pfn mean flagged tails */
  {
    const MaPageRun *runs = ma_page_rle_get_runs (rle);
    guint64 start = 0, run_start = G_MAXUINT64;

    for (guint i = 0; i <= ma_page_rle_get_n_runs (rle); i++)
      {
        gboolean is_free = i < ma_page_rle_get_n_runs (rle) && word_is_free (runs[i].value);

        if (is_free && run_start == G_MAXUINT64)
          run_start = start;
        else if (!is_free && run_start != G_MAXUINT64)
          {
            /* even p with p + 1 in [run_start, start) */
            guint64 first_even = (run_start + 1) & ~G_GUINT64_CONSTANT (1);

            if (start >= 2 && first_even <= start - 2)
              pairs += (start - 2 - first_even) / 2 + 1;
            buddy += start - run_start;
            run_start = G_MAXUINT64;
          }
        if (i < ma_page_rle_get_n_runs (rle))
          start += runs[i].length;
      }
  }

  /* the source of states is read in pfn order */
  g_array_sort (zones, compare_flag_zones);

  f = g_new0 (Flags, 1);
  f->rle = ma_page_rle_ref (rle);
  f->tails_marked = pairs > 0 && pairs * 64 >= buddy;
  f->max_order = b->nr_orders - 1;
  f->zones = g_steal_pointer (&zones);

  /* first walk: free frames or heads, then how they compare with the counts */
  for (guint i = 0; i < f->zones->len; i++)
    {
      FlagZone *fz = &g_array_index (f->zones, FlagZone, i);
      const SZone *s = &g_array_index (b->zones, SZone, fz->szone);

      walk_zone (f, fz, NULL);
      flagged += fz->buddy_frames;
      counted += f->tails_marked ? counted_pages (s) : counted_blocks (s);
      fz->n_counted = s->counts_synthetic ? 0 : MIN (s->n_orders, f->max_order + 1);
      if (f->tails_marked)
        continue;
      if (fz->n_counted > 0)
        fit_counts (fz, s, f->max_order);
      else
        for (guint c = 0; c <= f->max_order; c++)
          fz->table[c][c] = fz->heads[c];
    }
  /* page flags of another moment or another machine (or a copy cut short) say so */
  if (counted >= 16 && (flagged * 2 < counted || flagged > counted * 2 + 16))
    {
      note (b, "the snapshot's kpageflags show %" G_GUINT64_FORMAT " free %s where buddyinfo and "
            "zoneinfo count %" G_GUINT64_FORMAT ": they do not describe the same moment, and "
            "the layout is reconstructed", flagged, f->tails_marked ? "pages" : "blocks",
            counted);
      flags_free (f);
      return;
    }

  /* second walk: the blocks placed, and where holes and reserved frames can be */
  for (guint i = 0; i < f->zones->len; i++)
    {
      FlagZone *fz = &g_array_index (f->zones, FlagZone, i);
      const SZone *s = &g_array_index (b->zones, SZone, fz->szone);
      Candidates c = {
        g_array_new (FALSE, FALSE, sizeof (MaPfnRange)),
        g_array_new (FALSE, FALSE, sizeof (MaPfnRange)),
        g_array_new (FALSE, FALSE, sizeof (MaPfnRange)),
      };

      walk_zone (f, fz, &c);
      choose_non_managed (fz, s, &c);
      fz->pcp = s->pcp_pages;
      g_array_unref (c.nopage);
      g_array_unref (c.reserved);
      g_array_unref (c.flagless);
    }
  b->flags = f;
}

/* The memory and reserved ranges of a zone laid out from its flags. */
static void
flags_add_zone (Build         *b,
                const SZone   *s,
                MaMachineSpec *spec,
                guint          node_index)
{
  const FlagZone *fz = NULL;
  guint64 cursor = s->lay_start, end = s->lay_start + s->lay_spanned;

  for (guint i = 0; i < b->flags->zones->len && fz == NULL; i++)
    if (&g_array_index (b->zones, SZone, g_array_index (b->flags->zones, FlagZone, i).szone) == s)
      fz = &g_array_index (b->flags->zones, FlagZone, i);
  g_assert (fz != NULL);

  for (guint i = 0; i <= fz->holes->len; i++)
    {
      guint64 stop = i < fz->holes->len ? g_array_index (fz->holes, MaPfnRange, i).start : end;

      if (stop > cursor)
        ma_machine_spec_add_memory (spec, node_index, cursor, stop);
      if (i < fz->holes->len)
        cursor = g_array_index (fz->holes, MaPfnRange, i).end;
    }
  for (guint i = 0; i < fz->reserved->len; i++)
    {
      const MaPfnRange *r = &g_array_index (fz->reserved, MaPfnRange, i);

      ma_machine_spec_add_reserved (spec, node_index, r->start, r->end);
    }
}

/* The source of frame states ma_machine_apply_page_states() reads: the flags of each zone. */
typedef struct
{
  Flags   *flags;
  RunIter  it;
  guint    zone;         /* the FlagZone asked about last */
  gboolean entered;      /* its table copied */
  guint    hole;         /* cursors into its holes and reserved ranges */
  guint    reserved;
  guint64  table[MA_MAX_ORDERS][MA_MAX_ORDERS];
  guint64  pcp_left;
} Feed;

/* The chosen range at or after pfn: whether pfn is inside it, and where the next one starts. */
static gboolean
in_chosen (GArray  *ranges,
           guint   *cursor,
           guint64  pfn,
           guint64 *out_end)
{
  while (*cursor < ranges->len && g_array_index (ranges, MaPfnRange, *cursor).end <= pfn)
    (*cursor)++;
  if (*cursor == ranges->len)
    {
      *out_end = G_MAXUINT64;
      return FALSE;
    }
  if (g_array_index (ranges, MaPfnRange, *cursor).start <= pfn)
    {
      *out_end = g_array_index (ranges, MaPfnRange, *cursor).end;
      return TRUE;
    }
  *out_end = g_array_index (ranges, MaPfnRange, *cursor).start;
  return FALSE;
}

static guint64
feed_get (guint64      pfn,
          MaPageState *state,
          gpointer     user_data)
{
  Feed *feed = user_data;
  Flags *f = feed->flags;
  FlagZone *fz = NULL;
  guint64 limit = G_MAXUINT64, end, v;

  /* the zone of pfn: the engine asks in pfn order */
  while (feed->zone < f->zones->len && g_array_index (f->zones, FlagZone, feed->zone).end <= pfn)
    {
      feed->zone++;
      feed->entered = FALSE;
    }
  if (feed->zone < f->zones->len && g_array_index (f->zones, FlagZone, feed->zone).start <= pfn)
    {
      fz = &g_array_index (f->zones, FlagZone, feed->zone);
      if (!feed->entered)
        {
          memcpy (feed->table, fz->table, sizeof feed->table);
          feed->pcp_left = fz->pcp;
          feed->hole = feed->reserved = 0;
          feed->entered = TRUE;
        }
      limit = fz->end;
      if (in_chosen (fz->holes, &feed->hole, pfn, &end))
        {
          state->kind = MA_PAGE_HOLE;
          return MIN (end, limit) - pfn;
        }
      limit = MIN (limit, end);
      if (in_chosen (fz->reserved, &feed->reserved, pfn, &end))
        {
          state->kind = MA_PAGE_RESERVED;
          return MIN (end, limit) - pfn;
        }
      limit = MIN (limit, end);
    }

  v = iter_word (&feed->it, pfn, &end);
  if (word_is_free (v))
    {
      guint64 zone_end = fz != NULL ? fz->end : end;
      guint k;

      if (f->tails_marked)
        k = largest_block (pfn, free_run_end (feed->it, pfn, zone_end), f->max_order);
      else
        {
          k = head_order (feed->it, pfn, zone_end, f->max_order);
          if (fz != NULL)
            k = take_order (feed->table, k);
        }
      state->kind = MA_PAGE_FREE_HEAD;
      state->order = k;
      return (guint64) 1 << k;
    }
  limit = MIN (limit, end);
  if (v & KPF (NOPAGE))
    state->kind = MA_PAGE_HOLE;
  else if (v == 0 && feed->pcp_left > 0 && fz != NULL)
    {
      guint64 n = MIN (limit - pfn, feed->pcp_left);

      feed->pcp_left -= n;
      state->kind = MA_PAGE_PCP;
      return n;
    }
  else if (v == 0)
    {
      state->kind = MA_PAGE_USED;
      state->owner = MA_OWNER_UNKNOWN;
    }
  else if (v & KPF_RESERVED_MASK)
    state->kind = MA_PAGE_RESERVED;
  else
    {
      state->kind = MA_PAGE_USED;
      state->owner = owner_of_word (v);
    }
  return limit - pfn;
}

/* Rewrites the machine's zones to the flags, and says what was inferred. */
static gboolean
flags_apply (Build     *b,
             MaMachine *machine,
             GError   **error)
{
  Flags *f = b->flags;
  g_autoptr(GPtrArray) enotes = g_ptr_array_new_with_free_func (g_free);
  Feed feed = { f, { 0, }, 0, FALSE, 0, 0, { { 0, } }, 0 };
  guint64 resized = 0, pcp_counted = 0, pcp_placed = 0;
  guint n_resized = 0;

  iter_init (&feed.it, f->rle, 0);
  if (!ma_machine_apply_page_states (machine, 0, ma_page_rle_get_n_frames (f->rle), feed_get,
                                     &feed, enotes, error))
    {
      g_prefix_error (error, "%s: ", b->source);
      return FALSE;
    }

  if (f->tails_marked)
    note (b, "layout real, from /proc/kpageflags: the free blocks, the pages in use and their "
          "owners are where the flags put them; every frame of a free block is flagged, and each "
          "run of free frames is cut into its largest aligned blocks, as the allocator keeps "
          "them merged");
  else
    note (b, "layout real, from /proc/kpageflags: the free blocks, the pages in use and their "
          "owners are where the flags put them; only the first frame of a free block is "
          "flagged, and each block's order is inferred as the largest whose frames after the "
          "head carry no flag");
  for (guint i = 0; i < enotes->len; i++)
    note (b, "%s", (const char *) enotes->pdata[i]);

  for (guint i = 0; i < f->zones->len; i++)
    {
      const FlagZone *fz = &g_array_index (f->zones, FlagZone, i);
      const SZone *s = &g_array_index (b->zones, SZone, fz->szone);
      guint64 diff = 0;

      if (fz->resized > 0)
        {
          resized += fz->resized;
          n_resized++;
        }
      for (guint k = 0; k < fz->n_counted; k++)
        diff += fz->blocks[k] > s->nr_free[k] ? fz->blocks[k] - s->nr_free[k]
                                              : s->nr_free[k] - fz->blocks[k];
      for (guint k = fz->n_counted; fz->n_counted > 0 && k <= f->max_order; k++)
        diff += fz->blocks[k];
      if (diff > 0)
        note (b, "node %u %s: the free blocks per order in kpageflags differ from buddyinfo's "
              "by %" G_GUINT64_FORMAT " blocks (the files were read at different moments); the "
              "flags are followed", s->node_id, ma_zone_type_name (s->type), diff);
      if (fz->got_holes != s->lay_spanned - s->lay_present
          || fz->got_reserved != s->lay_present - s->lay_managed)
        note (b, "node %u %s: zoneinfo counts %" G_GUINT64_FORMAT " holes and %"
              G_GUINT64_FORMAT " reserved frames, the flags leave room for %" G_GUINT64_FORMAT
              " and %" G_GUINT64_FORMAT, s->node_id, ma_zone_type_name (s->type),
              s->lay_spanned - s->lay_present, s->lay_present - s->lay_managed, fz->got_holes,
              fz->got_reserved);
      pcp_counted += fz->pcp;
    }
  if (resized > 0)
    note (b, "%" G_GUINT64_FORMAT " free block%s in %u zone%s %s given a smaller order than "
          "the flags allow, so that the counts per order match buddyinfo (a page in use "
          "without flags right after a free block looks like part of it)", resized,
          resized == 1 ? "" : "s", n_resized, n_resized == 1 ? "" : "s",
          resized == 1 ? "was" : "were");
  for (guint n = 0; n < ma_machine_get_n_nodes (machine); n++)
    for (guint z = 0; z < ma_node_get_n_zones (ma_machine_get_node (machine, n)); z++)
      pcp_placed += ma_zone_get_pcp_pages (ma_node_get_zone (ma_machine_get_node (machine, n), z));
  if (pcp_counted > 0)
    note (b, "%" G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT " per-CPU pages zoneinfo counts "
          "are shown on the first pages without flags (kpageflags cannot tell them from other "
          "pages without flags, which are shown in use, owner unknown)", pcp_placed,
          pcp_counted);
  note (b, "kpageflags do not record migratetypes: free blocks are on the lists of their "
        "pageblocks' types, which are laid out from pagetypeinfo's counts");
  return TRUE;
}

/* The machine description from the layout. */
static MaMachineSpec *
build_spec (Build   *b,
            GError **error)
{
  g_autoptr(MaMachineSpec) spec = ma_machine_spec_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint64 prev = 0;
  guint cpus_left = b->n_cpus;

  spec->name = g_strdup ("snapshot");
  spec->title = g_strdup (b->source);
  spec->arch = g_strdup (b->arch);
  spec->kernel = b->kernel;
  spec->page_shift = b->page_shift;
  spec->nr_orders = b->nr_orders;
  spec->pageblock_order = b->pageblock_order;
  spec->thp = b->thp;
  spec->highmem = type_configured (b, MA_ZONE_HIGHMEM);
  spec->min_free_kbytes = b->min_free_kbytes;
  if (b->wsf > 0 && b->wsf <= ma_rules_watermark_scale_factor_max (b->kernel))
    spec->watermark_scale_factor = (guint) b->wsf;
  if (b->wbf >= 0)
    spec->watermark_boost_factor = (guint) b->wbf;
  spec->n_lowmem_reserve_ratio = b->n_ratio;
  memcpy (spec->lowmem_reserve_ratio, b->ratio, sizeof spec->lowmem_reserve_ratio);
  spec->n_zone_types = b->n_types;
  memcpy (spec->zone_types, b->types, sizeof spec->zone_types);

  /* zone limits: each bounded type ends where its last zone ends (or where the previous type
   * ended, when it has no memory) */
  for (guint a = 0; a < b->n_types; a++)
    {
      MaZoneType t = b->types[a];
      guint64 end = 0, next_start = G_MAXUINT64;

      if (t == MA_ZONE_MOVABLE || t == MA_ZONE_DEVICE || t == MA_ZONE_HIGHMEM
          || (t == MA_ZONE_NORMAL && !spec->highmem))
        continue;
      for (guint i = 0; i < b->zones->len; i++)
        {
          const SZone *s = &g_array_index (b->zones, SZone, i);

          if (s->lay_present == 0)
            continue;
          if (s->type == t)
            end = MAX (end, s->lay_start + s->lay_spanned);
          else if (s->type > t && s->type != MA_ZONE_MOVABLE)
            next_start = MIN (next_start, s->lay_start);
        }
      if (end == 0)
        end = prev > 0 ? prev : next_start != G_MAXUINT64 ? next_start : 0;
      if (end == 0)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                       "%s: zone %s is configured but has no memory below the first zone; the "
                       "simulator cannot place it", b->source, ma_zone_type_name (t));
          return NULL;
        }
      spec->zone_limit[t] = MAX (end, prev);
      prev = spec->zone_limit[t];
    }

  /* nodes, by increasing id */
  for (guint i = 0; i < b->zones->len; i++)
    {
      guint32 id = g_array_index (b->zones, SZone, i).node_id;

      if (ids->len == 0 || g_array_index (ids, guint32, ids->len - 1) != id)
        g_array_append_val (ids, id);
    }
  if (ids->len > MA_MAX_NODES)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                   "%s: %u nodes; the simulator supports up to %u", b->source, ids->len,
                   MA_MAX_NODES);
      return NULL;
    }
  for (guint k = 0; k < ids->len; k++)
    {
      guint32 id = g_array_index (ids, guint32, k);
      guint cpus = b->n_cpus / ids->len + (k < b->n_cpus % ids->len ? 1 : 0);
      gboolean any = FALSE;

      if (id >= MA_MAX_NODES)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       "%s: node %u; the simulator supports node numbers up to %u", b->source,
                       id, MA_MAX_NODES - 1);
          return NULL;
        }
      cpus = MIN (cpus, cpus_left);
      cpus_left -= cpus;
      ma_machine_spec_add_node (spec, id, cpus);
      for (guint i = 0; i < b->zones->len; i++)
        {
          const SZone *s = &g_array_index (b->zones, SZone, i);

          if (s->node_id != id || s->lay_present == 0)
            continue;
          if (b->flags != NULL)
            flags_add_zone (b, s, spec, k);
          else if (!s->tile || !tile_zone (b, s, spec, k))
            {
              guint64 reserved = s->lay_present - s->lay_managed;
              guint64 holes = s->lay_spanned - s->lay_present;
              guint64 managed_start = s->lay_start + reserved;

              /* reserved frames at the start of the present range; holes at the end of the span,
               * except in a DMA zone with reserved frames, whose holes come right after them (an
               * x86 DMA zone is the BIOS area, the 640K–1M hole, then managed pages up to its
               * aligned end: its large free blocks are there) */
              if (s->type == MA_ZONE_DMA && reserved > 0)
                managed_start += holes;
              if (reserved > 0)
                {
                  ma_machine_spec_add_memory (spec, k, s->lay_start, s->lay_start + reserved);
                  ma_machine_spec_add_reserved (spec, k, s->lay_start, s->lay_start + reserved);
                }
              if (s->lay_managed > 0)
                ma_machine_spec_add_memory (spec, k, managed_start, managed_start + s->lay_managed);
            }
          if (s->type == MA_ZONE_MOVABLE)
            spec->movable_start[k] = s->lay_start;
          any = TRUE;
        }
      if (!any)
        {
          /* a node whose every zone is empty: the simulator needs memory on each node */
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                       "%s: node %u has no memory; memoryless nodes cannot be simulated",
                       b->source, id);
          return NULL;
        }
    }

  if (!ma_machine_spec_validate (spec, error))
    {
      g_prefix_error (error, "%s: ", b->source);
      return NULL;
    }
  return g_steal_pointer (&spec);
}

static void
build_init (Build     *b,
            GPtrArray *notes,
            const char *source)
{
  memset (b, 0, sizeof *b);
  b->zones = g_array_new (FALSE, TRUE, sizeof (SZone));
  b->notes = notes;
  b->source = source ? source : "snapshot";
  b->min_free_kbytes = -1;
  b->wsf = -1;
  b->wbf = -1;
}

static void
build_clear (Build *b)
{
  g_clear_pointer (&b->flags, flags_free);
  g_clear_pointer (&b->zones, g_array_unref);
  g_clear_pointer (&b->arch, g_free);
}

/* Per-order counts where the snapshot has none: the free pages as the largest blocks they can
 * make (the least fragmented layout with that many free pages). */
static void
fill_missing_counts (Build *b)
{
  guint max = b->nr_orders - 1;
  guint n = 0;

  for (guint i = 0; i < b->zones->len; i++)
    {
      SZone *s = &g_array_index (b->zones, SZone, i);
      guint64 left;

      if (s->n_orders > 0 || s->free_pages < 0)
        continue;
      left = (guint64) s->free_pages;
      if (left == 0)
        {
          s->n_orders = b->nr_orders;
          continue;
        }
      s->n_orders = b->nr_orders;
      s->nr_free[max] = left >> max;
      left -= s->nr_free[max] << max;
      for (guint k = max; k-- > 0;)
        if (left & (G_GUINT64_CONSTANT (1) << k))
          s->nr_free[k] = 1;
      s->counts_synthetic = TRUE;
      n++;
    }
  if (n > 0)
    note (b, "%u zone%s have no per-order free counts (no buddyinfo): their free pages are shown "
          "as the largest blocks they can form", n, n == 1 ? "" : "s");
}

static MaMachine *
build_machine (Build   *b,
               guint64  seed,
               GError **error)
{
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      g_autoptr(MaMachineSpec) spec = NULL;
      g_autoptr(MaMachine) machine = NULL;
      g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (MaZoneCounts));
      g_autoptr(GPtrArray) rnotes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) local_error = NULL;
      gboolean all_fit = TRUE, synthetic = FALSE, retile = FALSE;

      if (!layout (b, attempt, error))
        return NULL;
      if (attempt == 0 && b->kpageflags != NULL)
        flags_prepare (b);
      spec = build_spec (b, error);
      if (spec == NULL)
        return NULL;
      machine = ma_machine_new (spec, seed, error);
      if (machine == NULL)
        {
          g_prefix_error (error, "%s: ", b->source);
          return NULL;
        }

      for (guint i = 0; i < b->zones->len; i++)
        {
          const SZone *s = &g_array_index (b->zones, SZone, i);
          MaZoneCounts c = { 0, };
          guint node_index = 0;

          if (s->lay_managed == 0 || (s->n_orders == 0 && s->free_pages < 0))
            continue;
          if (!s->have_present)
            synthetic = TRUE;
          for (guint k = 0; k < ma_machine_get_n_nodes (machine); k++)
            if (ma_node_get_id (ma_machine_get_node (machine, k)) == s->node_id)
              node_index = k;
          c.node_index = node_index;
          c.type = s->type;
          c.free_pages = s->free_pages;
          c.n_orders = s->n_orders;
          memcpy (c.nr_free, s->nr_free, sizeof c.nr_free);
          c.have_mt = s->have_mt;
          memcpy (c.nr_free_mt, s->nr_free_mt, sizeof c.nr_free_mt);
          c.have_pageblocks = s->have_pageblocks;
          memcpy (c.pageblocks, s->pageblocks, sizeof c.pageblocks);
          c.pcp_pages = MIN (s->pcp_pages,
                             s->lay_managed - MIN (s->lay_managed,
                                                   page_count_of (s->nr_free, s->n_orders)));
          c.have_wmarks = s->have_wmarks;
          memcpy (c.wmark, s->wmark, sizeof c.wmark);
          c.boost = s->boost;
          c.have_protection = s->have_protection;
          c.n_protection = s->n_protection;
          memcpy (c.protection, s->protection, sizeof c.protection);
          if (b->flags != NULL)
            {
              /* the flags place the free blocks and per-CPU pages; the reconstruction only
               * lays out pageblock types and installs the marks */
              c.free_pages = -1;
              c.n_orders = 0;
              c.have_mt = FALSE;
              c.pcp_pages = 0;
            }
          else if (page_count_of (s->nr_free, s->n_orders) > s->lay_managed)
            {
              g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                           "%s: node %u zone %s: the free blocks hold %" G_GUINT64_FORMAT
                           " pages, more than the %" G_GUINT64_FORMAT " pages the zone manages",
                           b->source, s->node_id, ma_zone_type_name (s->type),
                           page_count_of (s->nr_free, s->n_orders), s->lay_managed);
              return NULL;
            }
          g_array_append_val (counts, c);
        }

      if (!ma_machine_reconstruct (machine, (const MaZoneCounts *) counts->data, counts->len,
                                   rnotes, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", b->source);
          return NULL;
        }
      if (b->flags != NULL)
        {
          for (guint i = 0; i < rnotes->len; i++)
            note (b, "%s", (const char *) rnotes->pdata[i]);
          if (!flags_apply (b, machine, error))
            return NULL;
          return g_steal_pointer (&machine);
        }

      /* every free block must have found a place: zones where some did not are drawn from
       * their free blocks (tile_zone()), zones sized by guess get more room */
      for (guint i = 0; i < counts->len; i++)
        {
          const MaZoneCounts *c = &g_array_index (counts, MaZoneCounts, i);
          MaNode *node = ma_machine_get_node (machine, c->node_index);
          MaZone *zone = ma_node_get_zone_by_type (node, c->type);
          gboolean fit = TRUE;

          for (guint k = 0; k < c->n_orders; k++)
            if (ma_zone_get_nr_free (zone, k) != c->nr_free[k])
              fit = FALSE;
          if (fit)
            continue;
          all_fit = FALSE;
          for (guint j = 0; j < b->zones->len; j++)
            {
              SZone *s = &g_array_index (b->zones, SZone, j);

              if (s->node_id == ma_node_get_id (node) && s->type == c->type && !s->tile)
                {
                  s->tile = TRUE;
                  retile = TRUE;
                }
            }
        }
      if (!all_fit && (retile || synthetic) && attempt + 1 < 4)
        continue;

      for (guint i = 0; i < rnotes->len; i++)
        note (b, "%s", (const char *) rnotes->pdata[i]);
      note (b, "layout reconstructed: the positions of the free blocks are not in the snapshot; "
            "they are placed consistently with every count");
      return g_steal_pointer (&machine);
    }
  g_assert_not_reached ();
  return NULL;
}

static guint
snapshot_cpus (MaSnapshot *snapshot,
               Build      *b)
{
  MaZoneinfo *zi = ma_snapshot_get_zoneinfo (snapshot);
  guint n = ma_snapshot_get_n_cpus (snapshot);

  if (n == 0 && zi != NULL)
    {
      n = ma_zoneinfo_get_n_cpus (zi);
      if (n > 0)
        note (b, "CPU count not recorded: %u, from the zoneinfo pagesets", n);
    }
  if (n == 0)
    {
      n = 1;
      note (b, "CPU count unknown: 1 assumed");
    }
  if (n > MA_MAX_CPUS)
    {
      note (b, "%u CPUs; the simulator supports %u", n, MA_MAX_CPUS);
      n = MA_MAX_CPUS;
    }
  return n;
}

static void
read_sysctls (Build      *b,
              MaSnapshot *snapshot)
{
  gint64 v;
  const gint64 *ratios = NULL;
  guint n;
  const char *thp = ma_snapshot_get_thp_mode (snapshot);

  if (ma_snapshot_get_sysctl_int (snapshot, "min_free_kbytes", &v) && v >= 0)
    b->min_free_kbytes = v;
  if (ma_snapshot_get_sysctl_int (snapshot, "watermark_scale_factor", &v) && v > 0)
    b->wsf = v;
  if (ma_snapshot_get_sysctl_int (snapshot, "watermark_boost_factor", &v) && v >= 0
      && v <= G_MAXINT)
    b->wbf = v;
  n = ma_snapshot_get_lowmem_reserve_ratio (snapshot, &ratios);
  if (n > 0 && ratios != NULL && n <= b->n_types)
    {
      b->n_ratio = n;
      for (guint i = 0; i < n; i++)
        b->ratio[i] = ratios[i] < 1 ? 0 : (guint) MIN (ratios[i], (gint64) G_MAXINT);
    }
  b->thp = thp != NULL && (g_str_equal (thp, "always") || g_str_equal (thp, "madvise"));
}

/**
 * ma_snapshot_machine_spec:
 * @snapshot: a snapshot
 * @notes: (element-type utf8) (nullable): where to add what had to be assumed
 * @error: return location for a %MA_PROCFS_ERROR or %MA_MACHINE_SPEC_ERROR
 *
 * Describes the snapshot's machine: its nodes and zones laid out as the snapshot says (holes at
 * the end of each zone's span, reserved pages at the start of its present range), or one after
 * another where it does not say.
 *
 * Returns: (transfer full) (nullable): the description
 */
MaMachineSpec *
ma_snapshot_machine_spec (MaSnapshot  *snapshot,
                          GPtrArray   *notes,
                          GError     **error)
{
  Build b;
  MaMachineSpec *spec = NULL;

  g_return_val_if_fail (snapshot != NULL, NULL);

  build_init (&b, notes, ma_snapshot_get_source (snapshot));
  if (!ma_snapshot_has (snapshot, MA_PROCFS_KIND_ZONEINFO)
      && !ma_snapshot_has (snapshot, MA_PROCFS_KIND_BUDDYINFO)
      && !ma_snapshot_has (snapshot, MA_PROCFS_KIND_PAGETYPEINFO))
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   "%s: no zoneinfo, buddyinfo or pagetypeinfo to build a machine from",
                   b.source);
      build_clear (&b);
      return NULL;
    }
  if (ma_snapshot_get_zoneinfo (snapshot))
    read_zoneinfo (&b, ma_snapshot_get_zoneinfo (snapshot));
  if (ma_snapshot_get_buddyinfo (snapshot))
    read_buddyinfo (&b, ma_snapshot_get_buddyinfo (snapshot));
  if (ma_snapshot_get_pagetypeinfo (snapshot))
    read_pagetypeinfo (&b, ma_snapshot_get_pagetypeinfo (snapshot));
  g_array_sort (b.zones, compare_szones);
  choose_shape (&b, snapshot, ma_snapshot_get_page_size (snapshot));
  read_sysctls (&b, snapshot);
  b.n_cpus = snapshot_cpus (snapshot, &b);
  if (layout (&b, 0, error))
    spec = build_spec (&b, error);
  build_clear (&b);
  return spec;
}

static gboolean
check_orders (Build   *b,
              guint    n_orders,
              GError **error)
{
  if (n_orders <= MA_MAX_ORDERS)
    return TRUE;
  g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
               "%s: %u orders of free blocks; the simulator supports up to %u", b->source,
               n_orders, MA_MAX_ORDERS);
  return FALSE;
}

static guint
max_file_orders (MaSnapshot *snapshot)
{
  guint n = 0;

  if (ma_snapshot_get_buddyinfo (snapshot))
    n = MAX (n, ma_buddyinfo_get_n_orders (ma_snapshot_get_buddyinfo (snapshot)));
  if (ma_snapshot_get_pagetypeinfo (snapshot))
    n = MAX (n, ma_pagetypeinfo_get_n_orders (ma_snapshot_get_pagetypeinfo (snapshot)));
  return n;
}

/**
 * ma_oom_report_machine_new:
 * @report: an OOM report (a kernel log's Mem-Info block)
 * @seed: the seed of the machine's random numbers
 * @notes: (element-type utf8) (nullable): where to add what had to be assumed
 * @error: return location for a %MA_PROCFS_ERROR or %MA_MACHINE_ERROR
 *
 * Builds the machine an OOM report describes: its zones (free, min/low/high in kB, present and
 * managed), their `lowmem_reserve[]` and free blocks per order. Zone positions are not in a
 * report: the zones are laid out one after another.
 *
 * Returns: (transfer full) (nullable): the machine
 */
MaMachine *
ma_oom_report_machine_new (MaOomReport  *report,
                           guint64       seed,
                           GPtrArray    *notes,
                           GError      **error)
{
  Build b;
  MaMachine *machine = NULL;
  guint page_size;
  guint n_orders = 0;

  g_return_val_if_fail (report != NULL, NULL);

  build_init (&b, notes, "OOM report");
  page_size = ma_oom_report_get_page_size (report);
  if (page_size == 0)
    page_size = 4096;
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    n_orders = MAX (n_orders, ma_oom_report_get_zone (report, i)->n_orders);
  if (ma_oom_report_get_n_zones (report) == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED,
                   "OOM report at line %u: it lists no zones", ma_oom_report_get_line (report));
      build_clear (&b);
      return NULL;
    }
  if (check_orders (&b, n_orders, error))
    {
      read_oom_report (&b, report, page_size / 1024);
      g_array_sort (b.zones, compare_szones);
      choose_shape (&b, NULL, page_size);
      b.n_cpus = 1;
      note (&b, "an OOM report does not say how many CPUs there were: 1 assumed");
      note (&b, "an OOM report prints which migratetypes have blocks of each order, not how many: "
            "the free blocks are shown as movable");
      fill_missing_counts (&b);
      machine = build_machine (&b, seed, error);
    }
  build_clear (&b);
  return machine;
}

/**
 * ma_snapshot_machine_new:
 * @snapshot: a snapshot
 * @seed: the seed of the machine's random numbers
 * @notes: (element-type utf8) (nullable): where to add the notes: what the reconstruction
 *   could not honour, what had to be assumed, how the files differ
 * @error: return location for a %MA_PROCFS_ERROR, %MA_MACHINE_SPEC_ERROR or %MA_MACHINE_ERROR
 *
 * Builds the machine of a snapshot (ma_snapshot_machine_spec()) and rebuilds its zones from the
 * snapshot's counts with ma_machine_reconstruct(): free blocks per order (buddyinfo) and
 * migratetype (pagetypeinfo, its `>100000` counts resolved against buddyinfo), pageblock types,
 * per-CPU pages, and the watermarks and protection as printed. A snapshot with only a kernel
 * log becomes the machine of its last OOM report.
 *
 * Returns: (transfer full) (nullable): the machine, ready to draw
 */
MaMachine *
ma_snapshot_machine_new (MaSnapshot  *snapshot,
                         guint64      seed,
                         GPtrArray   *notes,
                         GError     **error)
{
  Build b;
  MaMachine *machine = NULL;

  g_return_val_if_fail (snapshot != NULL, NULL);

  if (!ma_snapshot_has (snapshot, MA_PROCFS_KIND_ZONEINFO)
      && !ma_snapshot_has (snapshot, MA_PROCFS_KIND_BUDDYINFO)
      && !ma_snapshot_has (snapshot, MA_PROCFS_KIND_PAGETYPEINFO))
    {
      guint n = ma_snapshot_get_n_oom_reports (snapshot);

      if (n > 0)
        {
          if (notes != NULL && n > 1)
            g_ptr_array_add (notes, g_strdup_printf ("the log holds %u reports: the machine is "
                                                     "the last one's", n));
          return ma_oom_report_machine_new (ma_snapshot_get_oom_report (snapshot, n - 1), seed,
                                            notes, error);
        }
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   "%s: no zoneinfo, buddyinfo, pagetypeinfo or OOM report to build a machine "
                   "from", ma_snapshot_get_source (snapshot) ? ma_snapshot_get_source (snapshot)
                                                             : "snapshot");
      return NULL;
    }

  build_init (&b, notes, ma_snapshot_get_source (snapshot));
  if (check_orders (&b, max_file_orders (snapshot), error))
    {
      if (ma_snapshot_get_zoneinfo (snapshot))
        read_zoneinfo (&b, ma_snapshot_get_zoneinfo (snapshot));
      if (ma_snapshot_get_buddyinfo (snapshot))
        read_buddyinfo (&b, ma_snapshot_get_buddyinfo (snapshot));
      if (ma_snapshot_get_pagetypeinfo (snapshot))
        read_pagetypeinfo (&b, ma_snapshot_get_pagetypeinfo (snapshot));
      g_array_sort (b.zones, compare_szones);
      choose_shape (&b, snapshot, ma_snapshot_get_page_size (snapshot));
      read_sysctls (&b, snapshot);
      b.n_cpus = snapshot_cpus (snapshot, &b);
      fill_missing_counts (&b);
      b.kpageflags = ma_snapshot_get_kpageflags (snapshot);
      for (const char * const *w = ma_snapshot_get_warnings (snapshot); *w != NULL; w++)
        note (&b, "%s", *w);
      machine = build_machine (&b, seed, error);
    }
  build_clear (&b);
  return machine;
}

/**
 * ma_bench_open_snapshot:
 * @bundle: a snapshot bundle
 * @error: return location for an error
 *
 * Opens a snapshot bundle up to a machine ready to draw: parse, machine description, machine,
 * reconstruction. What `bench parse` times as open_1t_ms on a synthetic 1 TiB machine
 * (ma_snapshot_synthesize_bundle()).
 *
 * Returns: (transfer full) (nullable): the machine
 */
MaMachine *
ma_bench_open_snapshot (GBytes  *bundle,
                        GError **error)
{
  g_autoptr(MaSnapshot) snap = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (bundle != NULL, NULL);

  data = g_bytes_get_data (bundle, &len);
  snap = ma_snapshot_new_from_bundle (data ? data : "", len, "bundle", error);
  if (snap == NULL)
    return NULL;
  return ma_snapshot_machine_new (snap, 1, NULL, error);
}
