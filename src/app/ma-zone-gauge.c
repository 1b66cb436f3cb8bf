/* ma-zone-gauge.c: a zone's free pages against its watermarks
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The watermarks of a large zone are a fraction of a percent of it (16 GiB: min is 0.4 %), so a
 * bar of the whole zone would put them all in one pixel. The gauge therefore shows the range from
 * zero to a quarter above the highest watermark (promo, or high, boost included), where the kernel's
 * decisions happen, with the free pages as a bar and each watermark as a labelled tick; when the
 * zone has far more free memory than that, the bar runs off the right edge with an arrow. A thin
 * line below shows how much of the whole zone is free.
 */
#define G_LOG_DOMAIN "ma-zone-gauge"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-zone-gauge.h"

struct _MaZoneGauge
{
  GtkWidget parent_instance;

  gint64    free;
  guint64   managed;
  guint64   wmark[MA_N_WMARKS];   /* boost included */
  guint64   boost;
  gboolean  has_promo;
};

G_DEFINE_FINAL_TYPE (MaZoneGauge, ma_zone_gauge, GTK_TYPE_WIDGET)

#define BAR_HEIGHT 14
#define LABEL_ROW 11
#define LABEL_HEIGHT (2 * LABEL_ROW + 2)
#define LINE_HEIGHT 3

GtkWidget *
ma_zone_gauge_new (void)
{
  return g_object_new (MA_TYPE_ZONE_GAUGE, NULL);
}

static guint64
scale_end (MaZoneGauge *self)
{
  guint64 top = self->has_promo ? self->wmark[MA_WMARK_PROMO] : self->wmark[MA_WMARK_HIGH];

  return MAX (top + top / 4, 64);
}

static void
update_tooltip (MaZoneGauge *self)
{
  g_autofree char *text = NULL;
  g_autofree char *promo = NULL;

  if (self->has_promo)
    promo = g_strdup_printf (_(" · promo %" PRIu64), self->wmark[MA_WMARK_PROMO]);
  text = g_strdup_printf (_("%" PRId64 " free pages of %" PRIu64 " managed\n"
                            "min %" PRIu64 " · low %" PRIu64 " · high %"
                            PRIu64 "%s\nboost %" PRIu64 " (included above)"),
                          self->free, self->managed, self->wmark[MA_WMARK_MIN],
                          self->wmark[MA_WMARK_LOW], self->wmark[MA_WMARK_HIGH],
                          promo ? promo : "", self->boost);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) MAX (self->free, 0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) self->managed,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

void
ma_zone_gauge_update (MaZoneGauge *self,
                      MaZone      *zone)
{
  g_return_if_fail (MA_IS_ZONE_GAUGE (self));

  self->free = ma_zone_get_free_pages (zone);
  self->managed = ma_zone_get_managed (zone);
  for (guint i = 0; i < MA_N_WMARKS; i++)
    self->wmark[i] = ma_zone_get_watermark (zone, i);
  self->boost = ma_zone_get_boost (zone);
  self->has_promo = ma_machine_get_kernel (ma_node_get_machine (ma_zone_get_node (zone)))
                    >= MA_KERNEL_VERSION (6, 0, 0);
  update_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
level_color (MaZoneGauge *self,
             GdkRGBA     *rgba)
{
  /* The traffic-light colours of libadwaita's palette. */
  if (self->free < (gint64) self->wmark[MA_WMARK_MIN])
    gdk_rgba_parse (rgba, "#e01b24");
  else if (self->free < (gint64) self->wmark[MA_WMARK_LOW])
    gdk_rgba_parse (rgba, "#ff7800");
  else if (self->free < (gint64) self->wmark[MA_WMARK_HIGH])
    gdk_rgba_parse (rgba, "#f6d32d");
  else
    gdk_rgba_parse (rgba, "#33d17a");
}

static void
ma_zone_gauge_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  MaZoneGauge *self = MA_ZONE_GAUGE (widget);
  int width = gtk_widget_get_width (widget);
  guint64 end = scale_end (self);
  GdkRGBA fg, trough, fill;
  cairo_t *cr;
  double x_free, last_label_end = 0;
  static const char *names[MA_N_WMARKS] = { N_("min"), N_("low"), N_("high"), N_("promo") };

  if (width <= 0 || self->managed == 0)
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
#endif
  trough = fg;
  trough.alpha = 0.12;
  level_color (self, &fill);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, BAR_HEIGHT + LABEL_HEIGHT + LINE_HEIGHT + 4));

  /* trough and the boosted part of the scale */
  gdk_cairo_set_source_rgba (cr, &trough);
  cairo_rectangle (cr, 0, 0, width, BAR_HEIGHT);
  cairo_fill (cr);
  if (self->boost > 0)
    {
      double x0 = width * (double) (self->wmark[MA_WMARK_HIGH] - self->boost) / end;
      double x1 = width * (double) self->wmark[MA_WMARK_HIGH] / end;

      cairo_set_source_rgba (cr, fill.red, fill.green, fill.blue, 0.25);
      cairo_rectangle (cr, x0, 0, x1 - x0, BAR_HEIGHT);
      cairo_fill (cr);
    }

  /* the free pages */
  x_free = width * MIN ((double) MAX (self->free, 0) / end, 1.0);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_rectangle (cr, 0, 2, x_free, BAR_HEIGHT - 4);
  cairo_fill (cr);
  if ((guint64) MAX (self->free, 0) > end)
    {
      /* off the scale: an arrow at the right edge */
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, width - 8, 2);
      cairo_line_to (cr, width - 1, BAR_HEIGHT / 2.0);
      cairo_line_to (cr, width - 8, BAR_HEIGHT - 2);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  /* watermark ticks and names */
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9);
  for (guint i = 0, row = 0; i < MA_N_WMARKS; i++)
    {
      double x, label_x;
      cairo_text_extents_t ext;
      const char *name = _(names[i]);

      if (i == MA_WMARK_PROMO && !self->has_promo)
        continue;
      x = round (width * (double) self->wmark[i] / end) + 0.5;
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_line_width (cr, 1);
      cairo_text_extents (cr, name, &ext);
      /* The watermarks sit close together (min:low:high is 4:5:6 by default): a label that
       * would touch the previous one drops to the second row, and its tick grows to reach it. */
      label_x = CLAMP (x - ext.x_advance / 2, 0, width - ext.x_advance);
      row = (i > 0 && label_x < last_label_end + 3 && row == 0) ? 1 : 0;
      last_label_end = label_x + ext.x_advance;
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, BAR_HEIGHT + 3 + row * LABEL_ROW);
      cairo_stroke (cr);
      cairo_move_to (cr, label_x, BAR_HEIGHT + LABEL_ROW + row * LABEL_ROW);
      cairo_show_text (cr, name);
    }

  /* the share of the whole zone that is free */
  trough.alpha = 0.2;
  gdk_cairo_set_source_rgba (cr, &trough);
  cairo_rectangle (cr, 0, BAR_HEIGHT + LABEL_HEIGHT + 2, width, LINE_HEIGHT);
  cairo_fill (cr);
  fg.alpha = 0.6;
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_rectangle (cr, 0, BAR_HEIGHT + LABEL_HEIGHT + 2,
                   width * CLAMP ((double) self->free / self->managed, 0, 1), LINE_HEIGHT);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
ma_zone_gauge_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 240;
    }
  else
    *minimum = *natural = BAR_HEIGHT + LABEL_HEIGHT + LINE_HEIGHT + 4;
}

static void
ma_zone_gauge_class_init (MaZoneGaugeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ma_zone_gauge_snapshot;
  widget_class->measure = ma_zone_gauge_measure;
  gtk_widget_class_set_css_name (widget_class, "zonegauge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
ma_zone_gauge_init (MaZoneGauge *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}
