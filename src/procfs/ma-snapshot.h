/* ma-snapshot.h: the /proc and /sys files of one moment, with their metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ma-buddyinfo.h"
#include "ma-keyvalue.h"
#include "ma-kpageflags.h"
#include "ma-oom-report.h"
#include "ma-pagetypeinfo.h"
#include "ma-procfs-error.h"
#include "ma-procfs-sniff.h"
#include "ma-zoneinfo.h"

G_BEGIN_DECLS

/**
 * MA_SNAPSHOT_BUNDLE_VERSION:
 *
 * The format version written in bundles. Readers accept this version and older ones.
 */
#define MA_SNAPSHOT_BUNDLE_VERSION 1

/**
 * MaZoneDifference:
 * @node_id: the node number
 * @zone_name: the zone name
 * @zoneinfo_free: `pages free` in zoneinfo
 * @buddyinfo_free: Σ count · 2^order of the same zone in buddyinfo
 * @difference: @buddyinfo_free - @zoneinfo_free
 * @tolerance: the largest difference expected from two files read a moment apart: 1024 pages
 *   plus 1 % of the zone's present pages (of its free pages when `present` is unknown)
 *
 * The two files are read at slightly different moments, so their free counts differ a little;
 * a difference is reported, never rejected.
 */
typedef struct
{
  guint32     node_id;
  const char *zone_name;
  guint64     zoneinfo_free;
  guint64     buddyinfo_free;
  gint64      difference;
  guint64     tolerance;
} MaZoneDifference;

/**
 * MaSnapshot:
 *
 * The parsed files of one moment of one machine (any subset of zoneinfo, buddyinfo,
 * pagetypeinfo, meminfo, vmstat, a kernel log with OOM reports, kpageflags and kpagecount),
 * their verbatim text, the sysctls and metadata (page size, kernel release, architecture, CPU
 * count, transparent hugepage mode, capture time, hostname, source), the notes of the capture
 * and the warnings of loading.
 *
 * A snapshot is built with ma_snapshot_add_file() and friends, then only read. Reference
 * counted; not thread-safe while it is being built.
 */
typedef struct _MaSnapshot MaSnapshot;

#define MA_TYPE_SNAPSHOT (ma_snapshot_get_type ())

GType                 ma_snapshot_get_type                 (void) G_GNUC_CONST;

MaSnapshot           *ma_snapshot_new                      (void);
MaSnapshot           *ma_snapshot_new_from_text            (const char       *text,
                                                            gssize            length,
                                                            const char       *source_name,
                                                            GError          **error);
MaSnapshot           *ma_snapshot_ref                      (MaSnapshot       *self);
void                  ma_snapshot_unref                    (MaSnapshot       *self);

/* building */
gboolean              ma_snapshot_add_text                 (MaSnapshot       *self,
                                                            const char       *text,
                                                            gssize            length,
                                                            const char       *source_name,
                                                            GError          **error);
gboolean              ma_snapshot_add_part                 (MaSnapshot       *self,
                                                            MaProcfsKind      kind,
                                                            const char       *data,
                                                            gsize             length,
                                                            const char       *source_name,
                                                            GError          **error);
gboolean              ma_snapshot_add_file                 (MaSnapshot       *self,
                                                            const char       *path,
                                                            GBytes           *contents,
                                                            GError          **error);
gboolean              ma_snapshot_set_page_flags           (MaSnapshot       *self,
                                                            MaProcfsKind      kind,
                                                            MaPageRle        *frames);
gboolean              ma_snapshot_set_sysctl               (MaSnapshot       *self,
                                                            const char       *name,
                                                            const char       *text,
                                                            GError          **error);
gboolean              ma_snapshot_set_thp_enabled          (MaSnapshot       *self,
                                                            const char       *text,
                                                            GError          **error);
void                  ma_snapshot_set_kernel_release       (MaSnapshot       *self,
                                                            const char       *release);
void                  ma_snapshot_set_machine              (MaSnapshot       *self,
                                                            const char       *machine);
void                  ma_snapshot_set_hostname             (MaSnapshot       *self,
                                                            const char       *hostname);
void                  ma_snapshot_set_source               (MaSnapshot       *self,
                                                            const char       *source);
void                  ma_snapshot_set_page_size            (MaSnapshot       *self,
                                                            guint             page_size);
void                  ma_snapshot_set_n_cpus               (MaSnapshot       *self,
                                                            guint             n_cpus);
void                  ma_snapshot_set_capture_time         (MaSnapshot       *self,
                                                            gint64            unix_usec);
void                  ma_snapshot_add_note                 (MaSnapshot       *self,
                                                            const char       *note);
void                  ma_snapshot_add_warning              (MaSnapshot       *self,
                                                            const char       *warning);

/* parsed files */
MaZoneinfo           *ma_snapshot_get_zoneinfo             (MaSnapshot       *self);
MaBuddyinfo          *ma_snapshot_get_buddyinfo            (MaSnapshot       *self);
MaPagetypeinfo       *ma_snapshot_get_pagetypeinfo         (MaSnapshot       *self);
MaKeyValueFile       *ma_snapshot_get_meminfo              (MaSnapshot       *self);
MaKeyValueFile       *ma_snapshot_get_vmstat               (MaSnapshot       *self);
MaPageRle            *ma_snapshot_get_kpageflags           (MaSnapshot       *self);
MaPageRle            *ma_snapshot_get_kpagecount           (MaSnapshot       *self);
guint                 ma_snapshot_get_n_oom_reports        (MaSnapshot       *self);
MaOomReport          *ma_snapshot_get_oom_report           (MaSnapshot       *self,
                                                            guint             index);
gboolean              ma_snapshot_has                      (MaSnapshot       *self,
                                                            MaProcfsKind      kind);
const char           *ma_snapshot_get_text                 (MaSnapshot       *self,
                                                            MaProcfsKind      kind,
                                                            gsize            *length);
const char           *ma_snapshot_get_part_source          (MaSnapshot       *self,
                                                            MaProcfsKind      kind);

/* metadata */
const char           *ma_snapshot_get_kernel_release       (MaSnapshot       *self);
const char           *ma_snapshot_get_machine              (MaSnapshot       *self);
const char           *ma_snapshot_get_hostname             (MaSnapshot       *self);
const char           *ma_snapshot_get_source               (MaSnapshot       *self);
guint                 ma_snapshot_get_page_size            (MaSnapshot       *self);
guint                 ma_snapshot_get_n_cpus               (MaSnapshot       *self);
gint64                ma_snapshot_get_capture_time         (MaSnapshot       *self);
const char           *ma_snapshot_get_thp_enabled          (MaSnapshot       *self);
const char           *ma_snapshot_get_thp_mode             (MaSnapshot       *self);
char                **ma_snapshot_list_sysctls             (MaSnapshot       *self);
const char           *ma_snapshot_get_sysctl_text          (MaSnapshot       *self,
                                                            const char       *name);
gboolean              ma_snapshot_get_sysctl_int           (MaSnapshot       *self,
                                                            const char       *name,
                                                            gint64           *value);
guint                 ma_snapshot_get_lowmem_reserve_ratio (MaSnapshot       *self,
                                                            const gint64    **ratios);

/* cross-checks and messages */
gboolean              ma_snapshot_check_limits             (MaSnapshot       *self,
                                                            GError          **error);
void                  ma_snapshot_set_unreadable           (MaSnapshot       *self,
                                                            MaProcfsKind      kind,
                                                            const char       *path,
                                                            const char       *reason,
                                                            gboolean          needs_root);
const char           *ma_snapshot_get_unreadable           (MaSnapshot       *self,
                                                            MaProcfsKind      kind,
                                                            const char      **reason,
                                                            gboolean         *needs_root);
GArray               *ma_snapshot_compare_free_pages       (MaSnapshot       *self);
const char * const   *ma_snapshot_get_notes                (MaSnapshot       *self);
const char * const   *ma_snapshot_get_warnings             (MaSnapshot       *self);

gboolean              ma_snapshot_equal                    (MaSnapshot       *a,
                                                            MaSnapshot       *b);

/* bundles (ma-snapshot-bundle.c) */
GBytes               *ma_snapshot_to_bundle                (MaSnapshot       *self);
MaSnapshot           *ma_snapshot_new_from_bundle          (const char       *data,
                                                            gsize             length,
                                                            const char       *source_name,
                                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaSnapshot, ma_snapshot_unref)

G_END_DECLS
