/* ma-procfs-error.h: errors reported by the /proc parsers and the snapshot loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MA_PROCFS_ERROR:
 *
 * Error domain of the procfs parsers, the snapshot model and the snapshot reader.
 *
 * Every message names the file (the `source_name` given to the parser), the line when there is
 * one, and what was expected, e.g. `zoneinfo, line 14: expected a number after “min”, found
 * “12a4”`. I/O failures use `G_IO_ERROR` instead.
 */
#define MA_PROCFS_ERROR (ma_procfs_error_quark ())

/**
 * MaProcfsError:
 * @MA_PROCFS_ERROR_UNKNOWN_FORMAT: the text is not in any format the parser knows (binary data,
 *   another file, garbage)
 * @MA_PROCFS_ERROR_TRUNCATED: the input stops before anything usable was read
 * @MA_PROCFS_ERROR_SYNTAX: a line has the right shape but a field is malformed (a number that is
 *   not a number, a missing parenthesis, a row with the wrong number of columns)
 * @MA_PROCFS_ERROR_RANGE: a number is too large to be real (overflows 64 bits, or overflows when
 *   multiplied by the block size of its order)
 * @MA_PROCFS_ERROR_EMPTY: the file is empty (for example /proc/pagetypeinfo copied without root)
 * @MA_PROCFS_ERROR_TOO_LARGE: the file is larger than the limit for its kind
 * @MA_PROCFS_ERROR_UNSUPPORTED_VERSION: a snapshot bundle written by a newer version
 *
 * Error codes in the %MA_PROCFS_ERROR domain.
 */
typedef enum
{
  MA_PROCFS_ERROR_UNKNOWN_FORMAT,
  MA_PROCFS_ERROR_TRUNCATED,
  MA_PROCFS_ERROR_SYNTAX,
  MA_PROCFS_ERROR_RANGE,
  MA_PROCFS_ERROR_EMPTY,
  MA_PROCFS_ERROR_TOO_LARGE,
  MA_PROCFS_ERROR_UNSUPPORTED_VERSION,
} MaProcfsError;

GQuark ma_procfs_error_quark (void);

G_END_DECLS
