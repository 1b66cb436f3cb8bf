/* ma-procfs-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ma-procfs-error"

#include "config.h"

#include "ma-procfs-error.h"

G_DEFINE_QUARK (ma-procfs-error-quark, ma_procfs_error)
