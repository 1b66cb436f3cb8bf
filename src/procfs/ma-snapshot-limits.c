/* ma-snapshot-limits.c: refusing snapshots that claim more than any machine has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file of a few lines can claim 2^60 pages, node 1048575 or a million zones. The parsers
 * check that each number fits its field; the checks here hold the claims against what a Linux
 * machine can have (ma-limits.h), before anything is built from them. The text scan runs
 * before parsing: it is one pass over the bytes, while the parsers' duplicate checks compare
 * each zone with the zones before it.
 */
#define G_LOG_DOMAIN "ma-snapshot-limits"

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ma-limits.h"
#include "ma-snapshot-limits.h"

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/**
 * ma_snapshot_limits_scan_text:
 * @kind: what @data is
 * @data: (array length=length): the text of one file
 * @length: its length
 * @source_name: the name used in messages
 * @first_line: the line number of @data's first line
 * @error: return location for a %MA_PROCFS_ERROR_RANGE naming the line
 *
 * Counts the "Node N" lines of a zoneinfo, buddyinfo or pagetypeinfo, or of each OOM report in
 * a kernel log, and checks their node numbers, without parsing anything else. Other kinds
 * pass.
 *
 * Returns: %FALSE if a node number or the number of zone lines is beyond any Linux machine
 */
gboolean
ma_snapshot_limits_scan_text (MaProcfsKind   kind,
                              const char    *data,
                              gsize          length,
                              const char    *source_name,
                              guint          first_line,
                              GError       **error)
{
  const char *p = data, *end = data + length;
  guint max_lines, n = 0, line = first_line;

  gboolean log = kind == MA_PROCFS_KIND_KERNEL_LOG;

  switch (kind)
    {
    case MA_PROCFS_KIND_ZONEINFO:
    case MA_PROCFS_KIND_BUDDYINFO:
      max_lines = MA_LIMIT_ZONES;
      break;
    case MA_PROCFS_KIND_PAGETYPEINFO:
      max_lines = MA_LIMIT_ZONE_LINES;
      break;
    case MA_PROCFS_KIND_KERNEL_LOG:
      /* per report: a zone line and a line of blocks per zone, and per node a line of
       * counters and one per huge page size */
      max_lines = MA_LIMIT_OOM_NODE_LINES;
      break;
    default:
      return TRUE;
    }

  for (; p < end; line++)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *q;
      guint64 id = 0;
      gboolean digits = FALSE;

      if (eol == NULL)
        eol = end;
      q = skip_blanks (p, eol);
      p = eol + 1;
      if (log)
        {
          /* a log's lines carry prefixes (time stamps, host names); each report starts with
           * its Mem-Info line */
          if (g_strstr_len (q, eol - q, "Mem-Info:") != NULL)
            n = 0;
          q = g_strstr_len (q, eol - q, "Node ");
          if (q == NULL)
            continue;
        }
      if (eol - q < 6 || memcmp (q, "Node", 4) != 0 || (q[4] != ' ' && q[4] != '\t'))
        continue;
      for (q = skip_blanks (q + 4, eol); q < eol && g_ascii_isdigit (*q); q++)
        {
          digits = TRUE;
          id = MIN (id * 10 + (guint64) (*q - '0'), (guint64) G_MAXUINT32 + 1);
        }
      if (!digits)
        continue;
      if (id >= MA_LIMIT_NUMNODES)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       id > G_MAXUINT32
                       ? _("%s, line %u: node beyond %" PRIu64 "; Linux numbers its NUMA nodes "
                           "from 0 to %u (MAX_NUMNODES)")
                       : _("%s, line %u: node %" PRIu64 "; Linux numbers its NUMA nodes "
                           "from 0 to %u (MAX_NUMNODES)"),
                       source_name, line, MIN (id, (guint64) G_MAXUINT32),
                       MA_LIMIT_NUMNODES - 1);
          return FALSE;
        }
      if (++n > max_lines)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       log
                       ? _("%s, line %u: more than %u node and zone lines in one report; a Linux "
                           "machine has at most %u nodes of %u zones")
                       : _("%s, line %u: more than %u zone lines; a Linux machine has at most "
                           "%u nodes of %u zones"),
                       source_name, line, max_lines, MA_LIMIT_NUMNODES, MA_LIMIT_ZONES_PER_NODE);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * ma_snapshot_limits_check_zoneinfo:
 * @zoneinfo: a parsed zoneinfo
 * @source_name: the name used in messages
 * @error: return location for a %MA_PROCFS_ERROR_RANGE naming the zone's line
 *
 * Returns: %FALSE if a zone ends beyond the largest physical address or a pageset names a CPU
 *   beyond NR_CPUS
 */
gboolean
ma_snapshot_limits_check_zoneinfo (const MaZoneinfo  *zoneinfo,
                                   const char        *source_name,
                                   GError           **error)
{
  for (guint i = 0; i < ma_zoneinfo_get_n_zones (zoneinfo); i++)
    {
      const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zoneinfo, i);
      guint64 start = (z->fields & MA_ZONE_HAS_START_PFN) ? z->start_pfn : 0;

      /* pfns of the smallest pages (4 KiB): the most any page size allows */
      if ((z->fields & MA_ZONE_HAS_SPANNED)
          && (start > MA_LIMIT_PFN_END || z->spanned > MA_LIMIT_PFN_END - start))
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       _("%s, line %u: node %u zone %s spans pfns %" PRIu64 " to beyond "
                         "%" PRIu64 "; physical addresses have at most %u bits"),
                       source_name, z->line, z->node_id, z->name, start, MA_LIMIT_PFN_END,
                       MA_LIMIT_PHYS_ADDR_BITS);
          return FALSE;
        }
      for (guint c = 0; c < z->n_pagesets; c++)
        if (z->pagesets[c].cpu >= MA_LIMIT_NR_CPUS)
          {
            g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                         _("%s, line %u: node %u zone %s has a pageset of CPU %u; Linux numbers "
                           "CPUs below %u (NR_CPUS)"), source_name, z->line, z->node_id, z->name,
                         z->pagesets[c].cpu, MA_LIMIT_NR_CPUS);
            return FALSE;
          }
    }
  return TRUE;
}

/**
 * ma_snapshot_limits_check_oom:
 * @report: an OOM report
 * @source_name: the name used in messages
 * @error: return location for a %MA_PROCFS_ERROR_RANGE naming the zone's line
 *
 * Returns: %FALSE if the report names a node beyond MAX_NUMNODES, more zones than a machine
 *   has, or more memory than %MA_LIMIT_MEMORY_BYTES
 */
gboolean
ma_snapshot_limits_check_oom (MaOomReport  *report,
                              const char   *source_name,
                              GError      **error)
{
  guint64 total_kb = 0;

  if (ma_oom_report_get_n_zones (report) > MA_LIMIT_ZONES)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                   _("%s, line %u: the OOM report lists %u zones; a Linux machine has at most %u"),
                   source_name, ma_oom_report_get_line (report),
                   ma_oom_report_get_n_zones (report), MA_LIMIT_ZONES);
      return FALSE;
    }
  for (guint i = 0; i < ma_oom_report_get_n_zones (report); i++)
    {
      const MaOomZone *z = ma_oom_report_get_zone (report, i);
      guint64 kb;

      if (z->node_id >= MA_LIMIT_NUMNODES)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       _("%s, line %u: node %u; Linux numbers its NUMA nodes from 0 to %u "
                         "(MAX_NUMNODES)"), source_name, z->line, z->node_id,
                       MA_LIMIT_NUMNODES - 1);
          return FALSE;
        }
      if (ma_oom_zone_get_kb (z, "present", &kb))
        total_kb = kb > G_MAXUINT64 - total_kb ? G_MAXUINT64 : total_kb + kb;
      if (total_kb > MA_LIMIT_MEMORY_BYTES / 1024)
        {
          g_autofree char *limit = g_format_size_full (MA_LIMIT_MEMORY_BYTES,
                                                       G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       _("%s, line %u: the zones up to node %u %s hold more than %s; Memory Atlas "
                         "reads machines of up to %s"), source_name, z->line, z->node_id, z->name,
                       limit, limit);
          return FALSE;
        }
    }
  return TRUE;
}

/* a + b, or G_MAXUINT64 when that overflows */
static guint64
add_saturated (guint64 a,
               guint64 b)
{
  return b > G_MAXUINT64 - a ? G_MAXUINT64 : a + b;
}

/* @where: "file, line N: node N zone NAME" or "file" */
static gboolean
set_memory_error (GError     **error,
                  const char  *where,
                  const char  *what,
                  guint64      pages,
                  guint        page_size)
{
  g_autofree char *limit = g_format_size_full (MA_LIMIT_MEMORY_BYTES, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
               /* Translators: the second %s says what holds the pages (“the zones hold”) */
               _("%s: %s %" PRIu64 " pages of %u KiB, more than %s; Memory Atlas reads "
                 "machines of up to %s"), where, what, pages, page_size / 1024, limit, limit);
  return FALSE;
}

static gboolean
set_zone_memory_error (GError      **error,
                       MaSnapshot   *self,
                       MaProcfsKind  kind,
                       guint         line,
                       guint32       node_id,
                       const char   *zone,
                       const char   *what,
                       guint64       pages,
                       guint         page_size)
{
  const char *file = ma_snapshot_get_part_source (self, kind);
  /* Translators: where a zone is too large: the file, its line, the node and zone */
  g_autofree char *where = g_strdup_printf (_("%s, line %u: node %u zone %s"),
                                            file ? file : ma_procfs_kind_to_string (kind), line,
                                            node_id, zone);

  return set_memory_error (error, where, what, pages, page_size);
}

/**
 * ma_snapshot_check_limits:
 * @self: a #MaSnapshot
 * @error: return location for a %MA_PROCFS_ERROR_RANGE
 *
 * Holds the snapshot's claims against what a Linux machine can have (ma-limits.h): memory
 * (zone sizes, free pages) within 64 TiB with its page size, at most NR_CPUS CPUs, page flags
 * of at most 2^36 frames. Run before a machine is built from the snapshot: nothing is
 * allocated for a claim this refuses.
 *
 * Returns: %TRUE if the snapshot describes a machine that can exist
 */
gboolean
ma_snapshot_check_limits (MaSnapshot  *self,
                          GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return ma_snapshot_limits_check (self, ma_snapshot_get_source (self), error);
}

/* ma_snapshot_check_limits() with the name messages give the snapshot */
gboolean
ma_snapshot_limits_check (MaSnapshot  *self,
                          const char  *source,
                          GError     **error)
{
  guint page_size, shift;
  MaZoneinfo *zi;
  MaBuddyinfo *bi;
  MaPageRle *flags[2];

  if (source == NULL)
    source = _("snapshot");
  page_size = ma_snapshot_get_page_size (self);
  if (page_size == 0)
    page_size = 4096;
  if (page_size < 4096 || (page_size & (page_size - 1)) != 0 || page_size > (1u << 30))
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                   _("%s: a page size of %u bytes; Linux pages are a power of two from 4 KiB"),
                   source, page_size);
      return FALSE;
    }
  shift = (guint) g_bit_nth_lsf (page_size, -1);

  if (ma_snapshot_get_n_cpus (self) > MA_LIMIT_NR_CPUS)
    {
      g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                   _("%s: %u CPUs; Linux runs on at most %u (NR_CPUS)"), source,
                   ma_snapshot_get_n_cpus (self), MA_LIMIT_NR_CPUS);
      return FALSE;
    }

  zi = ma_snapshot_get_zoneinfo (self);
  if (zi != NULL)
    {
      guint64 present = 0;

      if (ma_zoneinfo_get_n_cpus (zi) > MA_LIMIT_NR_CPUS)
        {
          g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                       _("%s: the zoneinfo has pagesets of %u CPUs; Linux runs on at most %u "
                         "(NR_CPUS)"), source, ma_zoneinfo_get_n_cpus (zi), MA_LIMIT_NR_CPUS);
          return FALSE;
        }
      for (guint i = 0; i < ma_zoneinfo_get_n_zones (zi); i++)
        {
          const MaZoneinfoZone *z = ma_zoneinfo_get_zone (zi, i);
          guint64 pages = (z->fields & MA_ZONE_HAS_PRESENT) ? z->present : z->spanned;

          if (!ma_limits_frames_fit (MAX (pages, z->free_pages), shift))
            return set_zone_memory_error (error, self, MA_PROCFS_KIND_ZONEINFO, z->line,
                                          /* Translators: the zone claims a number of pages */
                                          z->node_id, z->name, _("it claims"),
                                          MAX (pages, z->free_pages), page_size);
          present = add_saturated (present, pages);
        }
      if (!ma_limits_frames_fit (present, shift))
        /* Translators: the zones hold a number of pages */
        return set_memory_error (error, source, _("the zones hold"), present, page_size);
    }

  bi = ma_snapshot_get_buddyinfo (self);
  if (bi != NULL)
    {
      guint64 free_pages = 0;

      for (guint i = 0; i < ma_buddyinfo_get_n_zones (bi); i++)
        {
          const MaBuddyinfoZone *z = ma_buddyinfo_get_zone (bi, i);

          if (!ma_limits_frames_fit (z->free_pages, shift))
            return set_zone_memory_error (error, self, MA_PROCFS_KIND_BUDDYINFO, z->line,
                                          /* Translators: the free blocks add up to a number of
                                           * pages */
                                          z->node_id, z->name, _("the free blocks add up to"),
                                          z->free_pages, page_size);
          free_pages = add_saturated (free_pages, z->free_pages);
        }
      if (!ma_limits_frames_fit (free_pages, shift))
        return set_memory_error (error, source, _("the free blocks add up to"), free_pages,
                                 page_size);
    }

  flags[0] = ma_snapshot_get_kpageflags (self);
  flags[1] = ma_snapshot_get_kpagecount (self);
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    if (flags[i] != NULL && ma_page_rle_get_n_frames (flags[i]) > MA_LIMIT_PAGE_FLAG_FRAMES)
      {
        g_set_error (error, MA_PROCFS_ERROR, MA_PROCFS_ERROR_RANGE,
                     _("%s: %s covers %" PRIu64 " page frames; at most 2^36 are read"),
                     source, i == 0 ? "kpageflags" : "kpagecount",
                     ma_page_rle_get_n_frames (flags[i]));
        return FALSE;
      }

  for (guint i = 0; i < ma_snapshot_get_n_oom_reports (self); i++)
    if (!ma_snapshot_limits_check_oom (ma_snapshot_get_oom_report (self, i), source, error))
      return FALSE;
  return TRUE;
}
