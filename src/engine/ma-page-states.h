/* ma-page-states.h: a machine's real layout, applied frame by frame
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-machine.h"

G_BEGIN_DECLS

/**
 * MaPageStateKind:
 * @MA_PAGE_HOLE: no memory at this frame
 * @MA_PAGE_RESERVED: memory the buddy allocator does not hand out (PG_reserved)
 * @MA_PAGE_FREE_HEAD: the first frame of a free buddy block of the state's order
 * @MA_PAGE_FREE_TAIL: a further frame of the free block whose head came before
 * @MA_PAGE_PCP: free, cached on a per-CPU list (not counted as free by the zone)
 * @MA_PAGE_USED: allocated, by the state's owner kind (%MA_OWNER_UNKNOWN when nobody says)
 *
 * What one page frame of a real machine is, in words that do not depend on where the
 * description comes from (kpageflags, a crash dump, a test).
 */
typedef enum
{
  MA_PAGE_HOLE,
  MA_PAGE_RESERVED,
  MA_PAGE_FREE_HEAD,
  MA_PAGE_FREE_TAIL,
  MA_PAGE_PCP,
  MA_PAGE_USED,
} MaPageStateKind;

/**
 * MaPageState:
 * @kind: what the frame is
 * @order: for %MA_PAGE_FREE_HEAD, the order of the free block
 * @owner: for %MA_PAGE_USED, who uses the page
 *
 * The state of a run of frames.
 */
typedef struct
{
  MaPageStateKind kind;
  guint           order;
  MaOwnerKind     owner;
} MaPageState;

/**
 * MaPageStateFunc:
 * @pfn: the first frame wanted
 * @state: (out caller-allocates): the state of the frames from @pfn on
 * @user_data: the data given to ma_machine_apply_page_states()
 *
 * Describes the frames from @pfn on. A run of %MA_PAGE_FREE_HEAD is the head followed by tails
 * (a whole free block may be given as one run of 2^order frames). The engine asks for
 * increasing pfns and may skip frames it does not rewrite (between zones).
 *
 * Returns: how many frames from @pfn share @state (at least 1), or 0 when the source has no
 *   more frames
 */
typedef guint64 (*MaPageStateFunc) (guint64      pfn,
                                    MaPageState *state,
                                    gpointer     user_data);

/**
 * MaPageStateRun:
 * @length: number of frames
 * @state: their state
 *
 * A run of frames sharing one state, for ma_machine_apply_page_state_runs().
 */
typedef struct
{
  guint64     length;
  MaPageState state;
} MaPageStateRun;

gboolean ma_machine_apply_page_states     (MaMachine            *self,
                                           guint64               first_pfn,
                                           guint64               n_frames,
                                           MaPageStateFunc       get,
                                           gpointer              user_data,
                                           GPtrArray            *notes,
                                           GError              **error);
gboolean ma_machine_apply_page_state_runs (MaMachine            *self,
                                           guint64               first_pfn,
                                           const MaPageStateRun *runs,
                                           guint                 n_runs,
                                           GPtrArray            *notes,
                                           GError              **error);

G_END_DECLS
