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
 * takes every frame's state from the flags (ma_machine_apply_page_states(); how the flags are
 * read is in ma-snapshot-flags.c). Those zones are real, not reconstructed.
 *
 * Every choice made for lack of data is said in a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-snapshot-machine"

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-page-states.h"
#include "ma-pagetypeinfo.h"
#include "ma-procfs-error.h"
#include "ma-reconstruct.h"
#include "ma-snapshot-build-private.h"
#include "ma-snapshot-check-private.h"
#include "ma-snapshot-machine.h"
#include "ma-zoneinfo.h"

#define V(a, b, c) MA_KERNEL_VERSION (a, b, c)

void
ma_snapshot_build_note (MaSnapshotBuild *b,
                        const char      *format,
                        ...)
{
  va_list args;

  if (b->notes == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (b->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static MaSnapshotZone *
find_zone (MaSnapshotBuild *b,
           guint32          node_id,
           MaZoneType       type,
           const char      *name)
{
  MaSnapshotZone z = { 0, };

  for (guint i = 0; i < b->zones->len; i++)
    {
      MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);

      if (s->node_id == node_id && s->type == type)
        return s;
    }
  z.node_id = node_id;
  z.type = type;
  z.name = name;
  z.free_pages = -1;
  g_array_append_val (b->zones, z);
  return &g_array_index (b->zones, MaSnapshotZone, b->zones->len - 1);
}

static int
compare_szones (gconstpointer a,
                gconstpointer b)
{
  const MaSnapshotZone *x = a, *y = b;

  if (x->node_id != y->node_id)
    return x->node_id < y->node_id ? -1 : 1;
  return x->type < y->type ? -1 : x->type > y->type ? 1 : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading the files */

static void
read_zoneinfo (MaSnapshotBuild *b,
               MaZoneinfo      *zi)
{
  for (guint i = 0; i < ma_zoneinfo_get_n_zones (zi); i++)
    {
      const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zi, i);
      MaZoneType t;
      MaSnapshotZone *s;

      if (!ma_zone_type_from_name (z->name, &t))
        {
          ma_snapshot_build_note (b, _("zoneinfo: node %u zone “%s” is no kernel zone type and is left out"),
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
read_buddyinfo (MaSnapshotBuild *b,
                MaBuddyinfo     *bi)
{
  for (guint i = 0; i < ma_buddyinfo_get_n_zones (bi); i++)
    {
      const MaBuddyinfoZone *z = ma_buddyinfo_get_zone (bi, i);
      MaZoneType t;
      MaSnapshotZone *s;

      if (!ma_zone_type_from_name (z->name, &t))
        {
          ma_snapshot_build_note (b, _("buddyinfo: node %u zone “%s” is no kernel zone type and is left out"),
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
read_pagetypeinfo (MaSnapshotBuild *b,
                   MaPagetypeinfo  *pt)
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
        ma_snapshot_build_note (b, _("pagetypeinfo: migratetype “%s” is unknown; its free blocks count as movable"),
              ma_pagetypeinfo_get_type_name (pt, t));
    }

  for (guint i = 0; i < ma_pagetypeinfo_get_n_zones (pt); i++)
    {
      const MaPagetypeinfoZone *z = ma_pagetypeinfo_get_zone (pt, i);
      MaZoneType zt;
      MaSnapshotZone *s;
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
                ma_snapshot_build_note (b, _("node %u %s: %" PRIu64 " free blocks of order %u are split "
                        "evenly between %" PRIu64 " migratetypes that pagetypeinfo "
                        "prints only as “>100000”"), s->node_id, ma_zone_type_name (s->type), rest,
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
    ma_snapshot_build_note (b, g_dngettext (GETTEXT_PACKAGE,
                                            "pagetypeinfo and buddyinfo were read at different "
                                            "moments: %" PRIu64 " free blocks in %u zone were "
                                            "moved between migratetypes so that the counts per "
                                            "order match buddyinfo",
                                            "pagetypeinfo and buddyinfo were read at different "
                                            "moments: %" PRIu64 " free blocks in %u zones were "
                                            "moved between migratetypes so that the counts per "
                                            "order match buddyinfo", adjusted_zones),
                            adjusted_total, adjusted_zones);
}

static void
read_oom_report (MaSnapshotBuild *b,
                 MaOomReport     *report,
                 guint            page_kb)
{
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    {
      const MaOomZone *z = ma_oom_report_get_zone (report, i);
      MaZoneType t;
      MaSnapshotZone *s;
      guint64 kb;

      if (!ma_zone_type_from_name (z->name, &t))
        {
          ma_snapshot_build_note (b, _("OOM report: node %u zone “%s” is no kernel zone type and is left out"),
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
          blocks = ma_snapshot_page_count_of (s->nr_free, s->n_orders);
          /* the per-order line is printed a moment after `free:` */
          if (s->free_pages >= 0 && (guint64) s->free_pages != blocks)
            ma_snapshot_build_note (b, _("OOM report, node %u %s: free: says %" PRId64 " pages, its blocks "
                    "per order add up to %" PRIu64 " (printed a moment later); the "
                    "blocks are used"), s->node_id, ma_zone_type_name (s->type), s->free_pages,
                  blocks);
          s->free_pages = -1;
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The machine's shape */

static gboolean
type_configured (MaSnapshotBuild *b,
                 MaZoneType       t)
{
  for (guint i = 0; i < b->n_types; i++)
    if (b->types[i] == t)
      return TRUE;
  return FALSE;
}

static void
add_type (MaSnapshotBuild *b,
          MaZoneType       t)
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
choose_shape (MaSnapshotBuild *b,
              MaSnapshot      *snapshot,
              guint            recorded_page_size)
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

          ma_snapshot_build_note (b, _("kernel release not recorded: the machine follows %s, the newest kernel the "
                  "zoneinfo layout allows"), v);
        }
    }
  else
    {
      b->kernel = V (6, 18, 0);
      ma_snapshot_build_note (b, _("kernel unknown: the machine follows 6.18's rules"));
    }

  /* zone types: as configured (zoneinfo's protection arrays say how many), else the names */
  if (zi != NULL)
    b->n_types = ma_snapshot_guess_zone_types (zi, oldest ? oldest : V (2, 6, 13),
                                               newest ? newest : V (6, 255, 255), b->types);
  for (guint i = 0; i < b->zones->len; i++)
    add_type (b, g_array_index (b->zones, MaSnapshotZone, i).type);
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
    orders = MAX (orders, g_array_index (b->zones, MaSnapshotZone, i).n_orders);
  if (orders == 0)
    orders = 11;
  if (page_size == 0)
    {
      page_size = orders == 14 ? 65536 : 4096;
      if (orders == 14)
        ma_snapshot_build_note (b, _("page size not recorded: 64 KiB, as 14 orders mean arm64 with 64 KiB pages"));
      else
        ma_snapshot_build_note (b, _("page size not recorded: 4 KiB assumed"));
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
      ma_snapshot_build_note (b, _("pageblock order not recorded (no pagetypeinfo): %u assumed"), b->pageblock_order);
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
size_for_counts (const MaSnapshotZone *s,
                 guint                 nr_orders,
                 guint                 attempt)
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
fit_free_pages (MaSnapshotBuild *b,
                MaSnapshotZone  *s)
{
  guint64 need = ma_snapshot_page_count_of (s->nr_free, s->n_orders) + s->pcp_pages;

  if (s->have_managed || need <= s->lay_managed || s->lay_spanned == 0)
    return;
  need = MIN (need, s->lay_spanned);
  ma_snapshot_build_note (b, _("node %u %s: the free blocks hold more pages (%" PRIu64 ") than the zone's "
          "present pages (%" PRIu64 "); it is given %" PRIu64 " present and "
          "managed pages"), s->node_id, ma_zone_type_name (s->type),
        ma_snapshot_page_count_of (s->nr_free, s->n_orders), s->lay_present, need);
  s->lay_present = MAX (s->lay_present, need);
  s->lay_managed = need;
}

/* Lays the zones out: where the snapshot has every zone's position and sizes, as they were;
 * otherwise one after another from pfn 0, sized from what is known. */
static gboolean
layout (MaSnapshotBuild  *b,
        guint             attempt,
        GError          **error)
{
  guint64 unit = G_GUINT64_CONSTANT (1) << (b->nr_orders - 1);
  gboolean real = TRUE;

  b->positions_real = FALSE;
  for (guint i = 0; i < b->zones->len; i++)
    {
      MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);
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
          MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);

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
            const MaSnapshotZone *x = &g_array_index (b->zones, MaSnapshotZone, i);
            const MaSnapshotZone *y = &g_array_index (b->zones, MaSnapshotZone, j);

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
            const MaSnapshotZone *x = &g_array_index (b->zones, MaSnapshotZone, i);
            const MaSnapshotZone *y = &g_array_index (b->zones, MaSnapshotZone, j);

            for (guint k = 0; k < b->zones->len && ok; k++)
              {
                const MaSnapshotZone *z = &g_array_index (b->zones, MaSnapshotZone, k);

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
      ma_snapshot_build_note (b, _("the zones' positions overlap or interleave across nodes in a way the simulator "
              "cannot build; they are laid out one after another instead"));
    }

  /* synthetic layout: nodes holding the lowest zones first, zones in type order */
  {
    g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
    guint64 cursor = 0;
    gboolean sized_note = FALSE, managed_note = FALSE;

    for (guint i = 0; i < b->zones->len; i++)
      {
        guint32 id = g_array_index (b->zones, MaSnapshotZone, i).node_id;
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
              const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);

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
              MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);
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
      ma_snapshot_build_note (b, _("some zones' sizes are not in the snapshot: they are sized to hold their free "
              "blocks (from the pageblock counts where pagetypeinfo has them)"));
    if (managed_note)
      ma_snapshot_build_note (b, _("managed pages are not in the snapshot (before 3.8, or an OOM report without "
              "them): every present page counts as managed"));
    ma_snapshot_build_note (b, _("zone positions are not in the snapshot: zones are laid out one after another"));

    /* the zone types must rise with the pfn across nodes */
    for (guint i = 0; i < b->zones->len; i++)
      for (guint j = 0; j < b->zones->len; j++)
        {
          const MaSnapshotZone *x = &g_array_index (b->zones, MaSnapshotZone, i);
          const MaSnapshotZone *y = &g_array_index (b->zones, MaSnapshotZone, j);

          if (x->lay_present && y->lay_present && x->type < y->type && x->type != MA_ZONE_MOVABLE
              && y->type != MA_ZONE_MOVABLE && x->lay_start > y->lay_start)
            {
              g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                           _("%s: node %u has zone %s above node %u's zone %s; the simulator needs "
                             "the zones of every node in the same pfn order"), b->source,
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
tile_zone (MaSnapshotBuild      *b,
           const MaSnapshotZone *s,
           MaMachineSpec        *spec,
           guint                 node_index)
{
  guint max = b->nr_orders - 1;
  guint64 top = s->lay_start + s->lay_spanned, cursor = top;
  guint64 free_pages = ma_snapshot_page_count_of (s->nr_free, s->n_orders);
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

/* The machine description from the layout. */
static MaMachineSpec *
build_spec (MaSnapshotBuild  *b,
            GError          **error)
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
          const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);

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
                       _("%s: zone %s is configured but has no memory below the first zone; the "
                         "simulator cannot place it"), b->source, ma_zone_type_name (t));
          return NULL;
        }
      spec->zone_limit[t] = MAX (end, prev);
      prev = spec->zone_limit[t];
    }

  /* nodes, by increasing id */
  for (guint i = 0; i < b->zones->len; i++)
    {
      guint32 id = g_array_index (b->zones, MaSnapshotZone, i).node_id;

      if (ids->len == 0 || g_array_index (ids, guint32, ids->len - 1) != id)
        g_array_append_val (ids, id);
    }
  if (ids->len > MA_MAX_NODES)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                   _("%s: %u nodes; the simulator supports up to %u"), b->source, ids->len,
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
                       _("%s: node %u; the simulator supports node numbers up to %u"), b->source,
                       id, MA_MAX_NODES - 1);
          return NULL;
        }
      cpus = MIN (cpus, cpus_left);
      cpus_left -= cpus;
      ma_machine_spec_add_node (spec, id, cpus);
      for (guint i = 0; i < b->zones->len; i++)
        {
          const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);

          if (s->node_id != id || s->lay_present == 0)
            continue;
          if (b->flags != NULL)
            ma_snapshot_flags_add_zone (b, s, spec, k);
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
                       _("%s: node %u has no memory; memoryless nodes cannot be simulated"),
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
build_init (MaSnapshotBuild *b,
            GPtrArray       *notes,
            const char      *source)
{
  memset (b, 0, sizeof *b);
  b->zones = g_array_new (FALSE, TRUE, sizeof (MaSnapshotZone));
  b->notes = notes;
  b->source = source ? source : _("snapshot");
  b->min_free_kbytes = -1;
  b->wsf = -1;
  b->wbf = -1;
}

static void
build_clear (MaSnapshotBuild *b)
{
  g_clear_pointer (&b->flags, ma_snapshot_flags_free);
  g_clear_pointer (&b->zones, g_array_unref);
  g_clear_pointer (&b->arch, g_free);
}

/* Per-order counts where the snapshot has none: the free pages as the largest blocks they can
 * make (the least fragmented layout with that many free pages). */
static void
fill_missing_counts (MaSnapshotBuild *b)
{
  guint max = b->nr_orders - 1;
  guint n = 0;

  for (guint i = 0; i < b->zones->len; i++)
    {
      MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);
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
    ma_snapshot_build_note (b, g_dngettext (GETTEXT_PACKAGE,
                                            "%u zone has no per-order free counts (no "
                                            "buddyinfo): its free pages are shown as the "
                                            "largest blocks they can form",
                                            "%u zones have no per-order free counts (no "
                                            "buddyinfo): their free pages are shown as the "
                                            "largest blocks they can form", n), n);
}

static MaMachine *
build_machine (MaSnapshotBuild  *b,
               guint64           seed,
               GError          **error)
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
        ma_snapshot_flags_prepare (b);
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
          const MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, i);
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
                                                   ma_snapshot_page_count_of (s->nr_free, s->n_orders)));
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
          else if (ma_snapshot_page_count_of (s->nr_free, s->n_orders) > s->lay_managed)
            {
              g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                           _("%s: node %u zone %s: the free blocks hold %" PRIu64
                             " pages, more than the %" PRIu64 " pages the zone manages"),
                           b->source, s->node_id, ma_zone_type_name (s->type),
                           ma_snapshot_page_count_of (s->nr_free, s->n_orders), s->lay_managed);
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
            ma_snapshot_build_note (b, "%s", (const char *) rnotes->pdata[i]);
          if (!ma_snapshot_flags_apply (b, machine, error))
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
              MaSnapshotZone *s = &g_array_index (b->zones, MaSnapshotZone, j);

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
        ma_snapshot_build_note (b, "%s", (const char *) rnotes->pdata[i]);
      ma_snapshot_build_note (b, _("layout reconstructed: the positions of the free blocks are not in the snapshot; "
              "they are placed consistently with every count"));
      return g_steal_pointer (&machine);
    }
  g_assert_not_reached ();
  return NULL;
}

static guint
snapshot_cpus (MaSnapshot      *snapshot,
               MaSnapshotBuild *b)
{
  MaZoneinfo *zi = ma_snapshot_get_zoneinfo (snapshot);
  guint n = ma_snapshot_get_n_cpus (snapshot);

  if (n == 0 && zi != NULL)
    {
      n = ma_zoneinfo_get_n_cpus (zi);
      if (n > 0)
        ma_snapshot_build_note (b, _("CPU count not recorded: %u, from the zoneinfo pagesets"), n);
    }
  if (n == 0)
    {
      n = 1;
      ma_snapshot_build_note (b, _("CPU count unknown: 1 assumed"));
    }
  if (n > MA_MAX_CPUS)
    {
      ma_snapshot_build_note (b, _("%u CPUs; the simulator supports %u"), n, MA_MAX_CPUS);
      n = MA_MAX_CPUS;
    }
  return n;
}

static void
read_sysctls (MaSnapshotBuild *b,
              MaSnapshot      *snapshot)
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
  MaSnapshotBuild b;
  MaMachineSpec *spec = NULL;

  g_return_val_if_fail (snapshot != NULL, NULL);

  build_init (&b, notes, ma_snapshot_get_source (snapshot));
  if (!ma_snapshot_has (snapshot, MA_PROCFS_KIND_ZONEINFO)
      && !ma_snapshot_has (snapshot, MA_PROCFS_KIND_BUDDYINFO)
      && !ma_snapshot_has (snapshot, MA_PROCFS_KIND_PAGETYPEINFO))
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: no zoneinfo, buddyinfo or pagetypeinfo to build a machine from"),
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
check_orders (MaSnapshotBuild  *b,
              guint             n_orders,
              GError          **error)
{
  if (n_orders <= MA_MAX_ORDERS)
    return TRUE;
  g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
               _("%s: %u orders of free blocks; the simulator supports up to %u"), b->source,
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
  MaSnapshotBuild b;
  MaMachine *machine = NULL;
  guint page_size;
  guint n_orders = 0;

  g_return_val_if_fail (report != NULL, NULL);

  /* Translators: names an OOM report in messages and as the title of its machine */
  build_init (&b, notes, _("OOM report"));
  page_size = ma_oom_report_get_page_size (report);
  if (page_size == 0)
    page_size = 4096;
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    n_orders = MAX (n_orders, ma_oom_report_get_zone (report, i)->n_orders);
  if (ma_oom_report_get_n_zones (report) == 0)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_TRUNCATED,
                   _("OOM report at line %u: it lists no zones"), ma_oom_report_get_line (report));
      build_clear (&b);
      return NULL;
    }
  if (check_orders (&b, n_orders, error))
    {
      read_oom_report (&b, report, page_size / 1024);
      g_array_sort (b.zones, compare_szones);
      choose_shape (&b, NULL, page_size);
      b.n_cpus = 1;
      ma_snapshot_build_note (&b, _("an OOM report does not say how many CPUs there were: 1 assumed"));
      ma_snapshot_build_note (&b, _("an OOM report prints which migratetypes have blocks of each order, not how many: "
              "the free blocks are shown as movable"));
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
  MaSnapshotBuild b;
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
            g_ptr_array_add (notes, g_strdup_printf (_("the log holds %u reports: the machine is "
                                                       "the last one's"), n));
          return ma_oom_report_machine_new (ma_snapshot_get_oom_report (snapshot, n - 1), seed,
                                            notes, error);
        }
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_UNKNOWN_FORMAT,
                   _("%s: no zoneinfo, buddyinfo, pagetypeinfo or OOM report to build a machine "
                     "from"), ma_snapshot_get_source (snapshot) ? ma_snapshot_get_source (snapshot)
                                                             : _("snapshot"));
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
        ma_snapshot_build_note (&b, "%s", *w);
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
  /* Translators: names a snapshot bundle given without a file name, in messages */
  snap = ma_snapshot_new_from_bundle (data ? data : "", len, _("bundle"), error);
  if (snap == NULL)
    return NULL;
  return ma_snapshot_machine_new (snap, 1, NULL, error);
}
