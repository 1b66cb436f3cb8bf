/* ma-keyvalue.h: /proc/meminfo and /proc/vmstat, ordered key → value files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MaKeyValueKind:
 * @MA_KEY_VALUE_MEMINFO: `Key:   value kB` lines (/proc/meminfo)
 * @MA_KEY_VALUE_VMSTAT: `key value` lines (/proc/vmstat)
 *
 * The syntax a #MaKeyValueFile was parsed with. Both accept either separator; the kind names
 * the file for messages and for the snapshot.
 */
typedef enum
{
  MA_KEY_VALUE_MEMINFO,
  MA_KEY_VALUE_VMSTAT,
} MaKeyValueKind;

/**
 * MaKeyValue:
 * @name: the key as printed (`MemTotal`, `Active(anon)`, `nr_free_pages`, …)
 * @value: the number
 * @unit: (nullable): the unit after the number (`kB`), or %NULL
 * @line: the line number
 *
 * One line of a key → value file.
 */
typedef struct
{
  const char *name;
  guint64     value;
  const char *unit;
  guint32     line;
} MaKeyValue;

/**
 * MaKeyValueFile:
 *
 * A parsed /proc/meminfo or /proc/vmstat: every key in file order, unknown keys included.
 * Immutable and reference counted.
 */
typedef struct _MaKeyValueFile MaKeyValueFile;

#define MA_TYPE_KEY_VALUE_FILE (ma_key_value_file_get_type ())

GType               ma_key_value_file_get_type     (void) G_GNUC_CONST;

MaKeyValueFile     *ma_key_value_file_parse        (MaKeyValueKind        kind,
                                                    const char           *text,
                                                    gssize                length,
                                                    const char           *source_name,
                                                    GError              **error);
MaKeyValueFile     *ma_key_value_file_ref          (MaKeyValueFile       *self);
void                ma_key_value_file_unref        (MaKeyValueFile       *self);

MaKeyValueKind      ma_key_value_file_get_kind     (const MaKeyValueFile *self);
guint               ma_key_value_file_get_n_values (const MaKeyValueFile *self);
const MaKeyValue   *ma_key_value_file_get_value    (const MaKeyValueFile *self,
                                                    guint                 index);
const MaKeyValue   *ma_key_value_file_lookup       (const MaKeyValueFile *self,
                                                    const char           *name);
gboolean            ma_key_value_file_get          (const MaKeyValueFile *self,
                                                    const char           *name,
                                                    guint64              *value);
const char * const *ma_key_value_file_get_warnings (const MaKeyValueFile *self);
gboolean            ma_key_value_file_equal        (const MaKeyValueFile *a,
                                                    const MaKeyValueFile *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MaKeyValueFile, ma_key_value_file_unref)

G_END_DECLS
