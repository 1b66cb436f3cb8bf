/* ma-cli-table.c: padding table cells by display width
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ma-cli-table.h"

/**
 * ma_cli_text_width:
 * @text: UTF-8 text
 *
 * Returns: the columns @text takes on a terminal: two for a wide character, none for a
 *   combining mark or another zero-width one, one for the rest (invalid bytes count one each)
 */
guint
ma_cli_text_width (const char *text)
{
  guint width = 0;
  const char *p = text;

  g_return_val_if_fail (text != NULL, 0);

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          width++;
          p++;
          continue;
        }
      if (g_unichar_iszerowidth (c))
        ;
      else if (g_unichar_iswide (c))
        width += 2;
      else
        width++;
      p = g_utf8_next_char (p);
    }
  return width;
}

static void
print_spaces (guint n)
{
  for (guint i = 0; i < n; i++)
    g_print (" ");
}

/**
 * ma_cli_print_padded:
 * @text: UTF-8 text
 * @width: the columns to fill
 *
 * Prints @text, then spaces up to @width columns (none when @text is wider): the %-Ns of a
 * table whose cells may hold letters outside ASCII.
 */
void
ma_cli_print_padded (const char *text,
                     guint       width)
{
  guint w = ma_cli_text_width (text);

  g_print ("%s", text);
  if (w < width)
    print_spaces (width - w);
}

/**
 * ma_cli_print_padded_right:
 * @text: UTF-8 text
 * @width: the columns to fill
 *
 * Prints spaces, then @text, so that it ends at @width columns: the %Ns of such a table.
 */
void
ma_cli_print_padded_right (const char *text,
                           guint       width)
{
  guint w = ma_cli_text_width (text);

  if (w < width)
    print_spaces (width - w);
  g_print ("%s", text);
}

/**
 * ma_cli_max_width:
 * @texts: (array length=n): the cells of one column
 * @n: how many
 *
 * Returns: the width of the widest cell, to pad a column of labels whose translations differ
 *   in length
 */
guint
ma_cli_max_width (const char * const *texts,
                  guint               n)
{
  guint max = 0;

  for (guint i = 0; i < n; i++)
    max = MAX (max, ma_cli_text_width (texts[i]));
  return max;
}
