/* ma-procfs.h: the procfs library — parsers of /proc memory files and the snapshot model
 *
 * Include this header to get everything: the parsers (buffer in, structs out), the snapshot
 * model and its bundles, content sniffing, and the reader (the only part doing I/O).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-buddyinfo.h"
#include "ma-keyvalue.h"
#include "ma-kpageflags.h"
#include "ma-oom-report.h"
#include "ma-pagetypeinfo.h"
#include "ma-procfs-error.h"
#include "ma-procfs-reader.h"
#include "ma-procfs-sniff.h"
#include "ma-snapshot.h"
#include "ma-zoneinfo.h"
