/* test-map-export.c: exported views load back as pictures of the right size
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "ma-alloc.h"
#include "ma-map-view.h"

typedef struct
{
  MaMachine  *machine;
  MaViewport *viewport;
  char       *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MaMachineSpec) spec = ma_presets_load ("tiny-64m", &error);
  g_autoptr(MaFrameLayout) layout = NULL;
  MaAllocRequest request = { .gfp = MA_GFP_HIGHUSER_MOVABLE, .order = 0, .node = -1,
                             .start_zone = -1 };
  double w, h;
  guint64 pfn;

  g_assert_no_error (error);
  f->machine = ma_machine_new (spec, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 500; i++)
    g_assert_true (ma_machine_alloc (f->machine, &request, &pfn, NULL));

  layout = ma_frame_layout_new (f->machine);
  ma_frame_layout_get_size (layout, &w, &h);
  f->viewport = ma_viewport_new ();
  ma_viewport_set_size (f->viewport, 640, 400);
  ma_viewport_set_content_size (f->viewport, w, h);
  f->dir = g_dir_make_tmp ("ma-map-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_assert_finalize_object (f->viewport);
  g_assert_finalize_object (f->machine);
}

/* The root element of an SVG file and its size, through GMarkup. */
typedef struct
{
  gboolean svg;
  char     width[32];
  char     height[32];
} SvgRoot;

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  SvgRoot *root = user_data;

  if (!g_str_equal (element, "svg") || root->svg)
    return;
  root->svg = TRUE;
  for (guint i = 0; names[i]; i++)
    {
      if (g_str_equal (names[i], "width"))
        g_strlcpy (root->width, values[i], sizeof root->width);
      else if (g_str_equal (names[i], "height"))
        g_strlcpy (root->height, values[i], sizeof root->height);
    }
}

static void
check_svg (const char *path,
           int         width,
           int         height)
{
  static const GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *w = g_strdup_printf ("%d", width);
  g_autofree char *h = g_strdup_printf ("%d", height);
  gsize length;
  SvgRoot root = { FALSE, };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &root, NULL);
  GdkPixbuf *pixbuf;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_true (root.svg);
  /* cairo writes the size in points: "640pt". */
  g_assert_true (g_str_has_prefix (root.width, w));
  g_assert_true (g_str_has_prefix (root.height, h));

  /* Where gdk-pixbuf has an SVG loader, the file also renders. */
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  if (pixbuf == NULL)
    {
      g_test_message ("no SVG loader: %s", error->message);
      return;
    }
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), >=, height);
  g_object_unref (pixbuf);
}

static void
check_png (const char *path,
           int         width,
           int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autofree guchar *pixels = NULL;
  guint opaque = 0;

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  /* A picture, not a blank: most pixels are frames or background, all opaque. */
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    opaque += pixels[4 * i + 3] == 0xff;
  g_assert_cmpuint (opaque, ==, (guint) (width * height));
}

static void
test_export_whole (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->dir, "whole.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "whole.svg", NULL);

  for (guint dark = 0; dark < 2; dark++)
    {
      g_assert_true (ma_map_export_png (f->machine, f->viewport, MA_COLOR_MODE_STATE, dark, png,
                                        &error));
      g_assert_no_error (error);
      check_png (png, 640, 400);
      g_assert_true (ma_map_export_svg (f->machine, f->viewport, MA_COLOR_MODE_ORDER, dark, svg,
                                        &error));
      g_assert_no_error (error);
      check_svg (svg, 640, 400);
    }
}

static void
test_export_close_up (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->dir, "close.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "close.svg", NULL);

  /* Close enough for gaps and marks. */
  ma_viewport_show_point (f->viewport, 60, 40, 30);
  g_assert_true (ma_map_export_png (f->machine, f->viewport, MA_COLOR_MODE_MIGRATETYPE, FALSE,
                                    png, &error));
  g_assert_no_error (error);
  check_png (png, 640, 400);
  g_assert_true (ma_map_export_svg (f->machine, f->viewport, MA_COLOR_MODE_STATE, TRUE, svg,
                                    &error));
  g_assert_no_error (error);
  check_svg (svg, 640, 400);
}

static void
test_export_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no", "such", "dir", "map.png", NULL);

  g_assert_false (ma_map_export_png (f->machine, f->viewport, MA_COLOR_MODE_STATE, FALSE, path,
                                     &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "map.png"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ma/map/export/whole", Fixture, NULL, fixture_set_up, test_export_whole,
              fixture_tear_down);
  g_test_add ("/ma/map/export/close-up", Fixture, NULL, fixture_set_up, test_export_close_up,
              fixture_tear_down);
  g_test_add ("/ma/map/export/error", Fixture, NULL, fixture_set_up, test_export_error,
              fixture_tear_down);
  return g_test_run ();
}
