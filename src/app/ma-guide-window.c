/* ma-guide-window.c: the user guide, a window of topics
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNOME applications usually ship Mallard pages for yelp, but yelp is not there inside a Flatpak,
 * so the guide is a window of the application: the text of each topic is in the template
 * (ui/ma-guide-window.ui), translated like the rest of the interface. The topic list is built
 * from the stack's pages rather than with a GtkStackSidebar, because on a narrow window the list
 * and the page take turns, and a click on the topic already selected must still open it.
 */
#define G_LOG_DOMAIN "ma-guide-window"

#include "config.h"

#include "ma-guide-window.h"

struct _MaGuideWindow
{
  AdwWindow          parent_instance;

  /* template children */
  AdwLeaflet        *leaflet;
  GtkListBox        *topics;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  AdwWindowTitle    *page_title;
};

G_DEFINE_FINAL_TYPE (MaGuideWindow, ma_guide_window, ADW_TYPE_WINDOW)

#define PAGE_KEY "ma-guide-page"

/**
 * ma_guide_window_new:
 * @parent: (nullable): the window the guide was asked from
 *
 * The guide stays above @parent, is not modal, so that one can read and try at the same time,
 * and closes with it. It belongs to @parent's application, which finds it again among its
 * windows.
 *
 * Returns: (transfer none): a new guide window, showing its first topic
 */
MaGuideWindow *
ma_guide_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MA_TYPE_GUIDE_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", parent != NULL,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

/**
 * ma_guide_window_get_page:
 *
 * Returns: the name of the topic shown ("overview", "watermarks", …)
 */
const char *
ma_guide_window_get_page (MaGuideWindow *self)
{
  g_return_val_if_fail (MA_IS_GUIDE_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * ma_guide_window_show_page:
 * @page: the name of a topic, as in ui/ma-guide-window.ui
 *
 * Shows the topic @page, as if it had been chosen in the list.
 *
 * Returns: %FALSE if there is no topic of that name
 */
gboolean
ma_guide_window_show_page (MaGuideWindow *self,
                           const char    *page)
{
  g_return_val_if_fail (MA_IS_GUIDE_WINDOW (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->topics));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *name = g_object_get_data (G_OBJECT (row), PAGE_KEY);

      if (g_strcmp0 (name, page) == 0)
        {
          gtk_list_box_select_row (self->topics, GTK_LIST_BOX_ROW (row));
          adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
          return TRUE;
        }
    }
  return FALSE;
}

static void
row_selected_cb (MaGuideWindow *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  const char *name;
  GtkWidget *child;

  if (row == NULL)
    return;
  name = g_object_get_data (G_OBJECT (row), PAGE_KEY);
  gtk_stack_set_visible_child_name (self->stack, name);
  child = gtk_stack_get_visible_child (self->stack);
  adw_window_title_set_title (self->page_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
row_activated_cb (MaGuideWindow *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (MaGuideWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Every label of a page is a paragraph in Pango markup, or a command to copy. */
static void
prepare_paragraphs (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label;

      if (!GTK_IS_LABEL (child))
        {
          prepare_paragraphs (child);
          continue;
        }
      label = GTK_LABEL (child);
      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      if (gtk_widget_has_css_class (child, "command"))
        {
          gtk_widget_add_css_class (child, "monospace");
          gtk_widget_set_margin_start (child, 18);
          gtk_label_set_selectable (label, TRUE);
        }
      else
        gtk_label_set_use_markup (label, TRUE);
    }
}

static void
add_topics (MaGuideWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (self->stack, child);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (gtk_stack_page_get_title (page));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), PAGE_KEY, g_strdup (gtk_stack_page_get_name (page)),
                              g_free);
      gtk_list_box_append (self->topics, row);
      prepare_paragraphs (child);
    }
}

static void
ma_guide_window_class_init (MaGuideWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ma-guide-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MaGuideWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MaGuideWindow, topics);
  gtk_widget_class_bind_template_child (widget_class, MaGuideWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MaGuideWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, MaGuideWindow, page_title);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
ma_guide_window_init (MaGuideWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->topics, "row-selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->topics, "row-activated", G_CALLBACK (row_activated_cb), self);
  add_topics (self);
  gtk_list_box_select_row (self->topics, gtk_list_box_get_row_at_index (self->topics, 0));

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
