/* ma-procfs-private.h: parser entry points that number lines from an offset (private)
 *
 * Pasted text can hold several files; each part is parsed where it lies and its messages keep
 * the line numbers of the whole paste.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-buddyinfo.h"
#include "ma-keyvalue.h"
#include "ma-oom-report.h"
#include "ma-pagetypeinfo.h"
#include "ma-zoneinfo.h"

G_BEGIN_DECLS

MaZoneinfo     *ma_zoneinfo_parse_at       (const char     *text,
                                            gssize          length,
                                            const char     *source_name,
                                            guint           first_line,
                                            GError        **error);
MaBuddyinfo    *ma_buddyinfo_parse_at      (const char     *text,
                                            gssize          length,
                                            const char     *source_name,
                                            guint           first_line,
                                            GError        **error);
MaPagetypeinfo *ma_pagetypeinfo_parse_at   (const char     *text,
                                            gssize          length,
                                            const char     *source_name,
                                            guint           first_line,
                                            GError        **error);
MaKeyValueFile *ma_key_value_file_parse_at (MaKeyValueKind  kind,
                                            const char     *text,
                                            gssize          length,
                                            const char     *source_name,
                                            guint           first_line,
                                            GError        **error);
GPtrArray      *ma_oom_report_parse_all_at (const char     *text,
                                            gssize          length,
                                            const char     *source_name,
                                            guint           first_line,
                                            GError        **error);

G_END_DECLS
