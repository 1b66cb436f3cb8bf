/* ma-announce.c: telling screen readers about a change
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gtk_accessible_announce() exists from GTK 4.14; before, nothing is said. GTK's in-process
 * test context (GTK_A11Y=test or none, as in the tests) has no announce() and GTK 4.14–4.18
 * calls it regardless, which crashes: only a real assistive-technology context is told.
 */
#include "config.h"

#include "ma-announce.h"

void
ma_announce (GtkAccessible *accessible,
             const char    *text)
{
#if GTK_CHECK_VERSION (4, 14, 0)
  g_autoptr(GtkATContext) context = NULL;

  g_return_if_fail (GTK_IS_ACCESSIBLE (accessible));

  if (text == NULL)
    return;
  context = gtk_accessible_get_at_context (accessible);
  if (context != NULL && !g_str_equal (G_OBJECT_TYPE_NAME (context), "GtkTestATContext"))
    gtk_accessible_announce (accessible, text, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}
