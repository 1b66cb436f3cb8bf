/* ma-frame-array.h: the memory a node's struct-page array lives in
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ma-frame.h"

G_BEGIN_DECLS

gpointer ma_big_array_new    (gsize    bytes);
void     ma_big_array_free   (gpointer mem,
                              gsize    bytes);
MaFrame *ma_frame_array_new  (guint64  n_frames);
void     ma_frame_array_free (MaFrame *frames,
                              guint64  n_frames);

G_END_DECLS
