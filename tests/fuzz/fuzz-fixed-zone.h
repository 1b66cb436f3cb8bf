/* fuzz-fixed-zone.h: the zoneinfo of the small machine whose page flags fuzz-kpageflags fuzzes
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* A 4 MiB machine, one zone of 1024 frames from pfn 0, whose layout the fuzzed flags give:
 * reading the flags of a machine is what kpageflags is for. fuzz-seeds writes its seeds. */
static const char fuzz_fixed_zoneinfo[] =
  "Node 0, zone   Normal\n"
  "  pages free     600\n"
  "        boost    0\n"
  "        min      16\n"
  "        low      20\n"
  "        high     24\n"
  "        spanned  1024\n"
  "        present  1024\n"
  "        managed  1000\n"
  "        cma      0\n"
  "        protection: (0, 0, 0, 0)\n"
  "      nr_free_pages 600\n"
  "  pagesets\n"
  "    cpu: 0\n"
  "              count: 0\n"
  "              high:  0\n"
  "              batch: 1\n"
  "  vm stats threshold: 2\n"
  "  node_unreclaimable:  0\n"
  "  start_pfn:           0\n";
