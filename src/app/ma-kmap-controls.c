/* ma-kmap-controls.c: kmap, kunmap, kmap_atomic and kunmap_atomic of a frame, and the flush of
 * unused PKMAP slots, with what each did (or why it could not) said in place
 *
 * Copyright 2026 The Memory Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each button runs one engine call inside a machine action, so that it can be undone like an
 * allocation; a call the engine refuses leaves the machine as it was and records nothing, and
 * its error is shown as it is: the engine's messages already say what was wrong and why. A kmap
 * that finds every slot in use is not an error: the task sleeps on the wait queue, as in the
 * kernel, and the view shows it there. Each kmap from here is its own task, numbered from 1, so
 * that several can wait at once.
 */
#define G_LOG_DOMAIN "ma-kmap-controls"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "ma-address-space-text.h"
#include "ma-highmem.h"
#include "ma-announce.h"
#include "ma-kmap-controls.h"

struct _MaKmapControls
{
  GtkWidget    parent_instance;

  /* template children */
  GtkWidget   *box;
  GtkLabel    *frame_label;
  GtkLabel    *atomic_heading;
  GtkDropDown *cpu_dropdown;
  GtkButton   *map_atomic_button;
  GtkButton   *unmap_atomic_button;
  GtkLabel    *result_label;

  MaMachine   *machine;
  gulong       changed_id;
  gint64       pfn;
  guint64      next_task;
  char        *message;
  gboolean     message_is_error;
};

G_DEFINE_FINAL_TYPE (MaKmapControls, ma_kmap_controls, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MACHINE,
  PROP_PFN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ma_kmap_controls_new (void)
{
  return g_object_new (MA_TYPE_KMAP_CONTROLS, NULL);
}

static gboolean
supported (MaKmapControls *self)
{
  return self->machine != NULL && ma_highmem_is_supported (self->machine);
}

/* What is enabled, and what the frame's mappings are: recomputed here only. */
static void
update_state (MaKmapControls *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ok = supported (self), frame = ok && self->pfn >= 0;
  g_autofree char *where = NULL;

  gtk_widget_action_set_enabled (widget, "kmap.map", frame);
  gtk_widget_action_set_enabled (widget, "kmap.unmap", frame);
  gtk_widget_action_set_enabled (widget, "kmap.map-atomic", frame);
  gtk_widget_action_set_enabled (widget, "kmap.unmap-atomic", ok);
  gtk_widget_action_set_enabled (widget, "kmap.flush", ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cpu_dropdown), ok);

  if (!ok)
    where = g_strdup (_("kmap needs a 32-bit x86 machine with HighMem, such as the "
                        "i386-highmem-1g preset"));
  else if (self->pfn < 0)
    where = g_strdup (_("Select a frame on the map to kmap it"));
  else
    where = ma_address_space_describe_pfn (self->machine, self->pfn);
  gtk_label_set_label (self->frame_label, where);
}

static void
set_message (MaKmapControls *self,
             const char     *text,
             gboolean        is_error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  self->message_is_error = is_error;
  gtk_label_set_label (self->result_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
  ma_announce (GTK_ACCESSIBLE (self), text);
}

static void
take_error (MaKmapControls *self,
            const char     *call,
            GError         *error)
{
  /* TRANSLATORS: a kernel function's name and why it failed */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), call, error->message);

  set_message (self, text, TRUE);
  g_error_free (error);
}

/* ------------------------------------------------------------------------------------------ */
/* Machine */

MaMachine *
ma_kmap_controls_get_machine (MaKmapControls *self)
{
  g_return_val_if_fail (MA_IS_KMAP_CONTROLS (self), NULL);
  return self->machine;
}

static void
fill_cpus (MaKmapControls *self)
{
  guint n = self->machine ? ma_machine_get_n_cpus (self->machine) : 0;
  g_autoptr(GtkStringList) cpus = gtk_string_list_new (NULL);
  const MaHighmemLayout *l = supported (self) ? ma_highmem_get_layout (self->machine) : NULL;
  const char *name = l ? ma_address_space_atomic_name (l) : "kmap_atomic";
  g_autofree char *heading = NULL;
  g_autofree char *unmap = NULL;

  for (guint cpu = 0; cpu < MAX (n, 1); cpu++)
    {
      g_autofree char *label = g_strdup_printf (_("CPU %u"), cpu);

      gtk_string_list_append (cpus, label);
    }
  gtk_drop_down_set_model (self->cpu_dropdown, G_LIST_MODEL (cpus));
  gtk_drop_down_set_selected (self->cpu_dropdown, 0);

  heading = g_strdup_printf (_("Atomic (%s): the CPU's own slots in the fixmap; they nest and "
                               "are released in reverse order"), name);
  gtk_label_set_label (self->atomic_heading, heading);
  gtk_button_set_label (self->map_atomic_button, name);
  unmap = g_strdup_printf ("k%s", l && l->kmap_local ? "unmap_local" : "unmap_atomic");
  gtk_button_set_label (self->unmap_atomic_button, unmap);
}

/**
 * ma_kmap_controls_set_machine:
 * @machine: (nullable): a machine; without HighMem every button is off and a line says why
 */
void
ma_kmap_controls_set_machine (MaKmapControls *self,
                              MaMachine      *machine)
{
  g_return_if_fail (MA_IS_KMAP_CONTROLS (self));
  g_return_if_fail (machine == NULL || MA_IS_MACHINE (machine));

  if (self->machine == machine)
    return;
  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_set_object (&self->machine, machine);
  if (machine != NULL)
    self->changed_id = g_signal_connect_swapped (machine, "changed", G_CALLBACK (update_state),
                                                 self);
  self->next_task = 1;
  set_message (self, NULL, FALSE);
  fill_cpus (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MACHINE]);
}

gint64
ma_kmap_controls_get_pfn (MaKmapControls *self)
{
  g_return_val_if_fail (MA_IS_KMAP_CONTROLS (self), -1);
  return self->pfn;
}

/**
 * ma_kmap_controls_set_pfn:
 * @pfn: the frame the buttons act on, or -1 for none
 */
void
ma_kmap_controls_set_pfn (MaKmapControls *self,
                          gint64          pfn)
{
  g_return_if_fail (MA_IS_KMAP_CONTROLS (self));

  pfn = MAX (pfn, -1);
  if (self->pfn == pfn)
    return;
  self->pfn = pfn;
  set_message (self, NULL, FALSE);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PFN]);
}

guint
ma_kmap_controls_get_cpu (MaKmapControls *self)
{
  guint selected;

  g_return_val_if_fail (MA_IS_KMAP_CONTROLS (self), 0);
  selected = gtk_drop_down_get_selected (self->cpu_dropdown);
  return selected == GTK_INVALID_LIST_POSITION ? 0 : selected;
}

void
ma_kmap_controls_set_cpu (MaKmapControls *self,
                          guint           cpu)
{
  g_return_if_fail (MA_IS_KMAP_CONTROLS (self));
  if (cpu < g_list_model_get_n_items (gtk_drop_down_get_model (self->cpu_dropdown)))
    gtk_drop_down_set_selected (self->cpu_dropdown, cpu);
}

/**
 * ma_kmap_controls_get_message:
 * @out_is_error: (out) (optional): whether it is an error
 *
 * Returns: (nullable): what the last button did, as shown
 */
const char *
ma_kmap_controls_get_message (MaKmapControls *self,
                              gboolean       *out_is_error)
{
  g_return_val_if_fail (MA_IS_KMAP_CONTROLS (self), NULL);
  if (out_is_error)
    *out_is_error = self->message_is_error;
  return self->message;
}

/* ------------------------------------------------------------------------------------------ */
/* Actions */

static guint64
new_task (MaKmapControls *self)
{
  while (ma_highmem_task_is_waiting (self->machine, self->next_task))
    self->next_task++;
  return self->next_task++;
}

static char *
slot_state (guint count)
{
  if (count <= 1)
    return g_strdup (_("no users: it stays mapped until the next flush"));
  return g_strdup_printf (ngettext ("%u user", "%u users", count - 1), count - 1);
}

static void
map_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (widget);
  const MaHighmemLayout *l = ma_highmem_get_layout (self->machine);
  g_autofree char *label = g_strdup_printf (_("kmap pfn %" PRIu64), (guint64) self->pfn);
  g_autofree char *text = NULL;
  GError *error = NULL;
  MaKmapResult result;
  guint64 task = new_task (self), vaddr = 0;
  gboolean ok;

  ma_machine_begin_action (self->machine, label);
  ok = ma_highmem_kmap (self->machine, (guint64) self->pfn, task, &result, &vaddr, &error);
  ma_machine_end_action (self->machine);
  if (!ok)
    {
      take_error (self, "kmap", error);
      return;
    }
  if (result == MA_KMAP_WAITING)
    text = g_strdup_printf (_("kmap waits: every PKMAP slot is in use; task %" PRIu64 " sleeps "
                              "on the wait queue until a kunmap leaves a slot without users"),
                            task);
  else if ((guint64) self->pfn < l->max_low_pfn)
    text = g_strdup_printf (_("kmap of a lowmem page returns its direct-map address, "
                              "0x%08" PRIx64 ": no slot is used"), vaddr);
  else
    {
      guint slot = (guint) ((vaddr - l->pkmap_base) >> 12);
      guint count = ma_highmem_get_pkmap_count (self->machine, slot, NULL);
      g_autofree char *users = slot_state (count);

      text = g_strdup_printf (_("kmap: pfn %" PRIu64 " at 0x%08" PRIx64 ", pkmap slot %u "
                                "(pkmap_count %u: %s)"),
                              (guint64) self->pfn, vaddr, slot, count, users);
    }
  set_message (self, text, FALSE);
}

static void
unmap_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (widget);
  const MaHighmemLayout *l = ma_highmem_get_layout (self->machine);
  g_autofree char *label = g_strdup_printf (_("kunmap pfn %" PRIu64), (guint64) self->pfn);
  g_autofree char *text = NULL;
  GError *error = NULL;
  guint64 vaddr = 0;
  guint waiting_before, waiting_after;
  gboolean ok;

  ma_highmem_get_waiters (self->machine, &waiting_before);
  ma_machine_begin_action (self->machine, label);
  ok = ma_highmem_kunmap (self->machine, (guint64) self->pfn, &error);
  ma_machine_end_action (self->machine);
  if (!ok)
    {
      take_error (self, "kunmap", error);
      return;
    }
  ma_highmem_get_waiters (self->machine, &waiting_after);
  if ((guint64) self->pfn < l->max_low_pfn)
    text = g_strdup (_("kunmap of a lowmem page does nothing: it stays in the direct map"));
  else if (ma_machine_page_address (self->machine, (guint64) self->pfn, &vaddr))
    {
      guint slot = (guint) ((vaddr - l->pkmap_base) >> 12);
      guint count = ma_highmem_get_pkmap_count (self->machine, slot, NULL);
      g_autofree char *users = slot_state (count);

      text = g_strdup_printf (_("kunmap: pkmap slot %u keeps pfn %" PRIu64 " (pkmap_count %u: "
                                "%s)"), slot, (guint64) self->pfn, count, users);
    }
  else
    text = g_strdup_printf (_("kunmap: pfn %" PRIu64 " has no address now"), (guint64) self->pfn);
  if (waiting_after < waiting_before)
    {
      guint woke = waiting_before - waiting_after;
      g_autofree char *more = g_strdup_printf (ngettext ("; %u waiting task woke and took a slot",
                                                         "; %u waiting tasks woke and took a "
                                                         "slot", woke), woke);
      char *joined = g_strconcat (text, more, NULL);

      g_free (text);
      text = joined;
    }
  set_message (self, text, FALSE);
}

static void
map_atomic_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (widget);
  const MaHighmemLayout *l = ma_highmem_get_layout (self->machine);
  const char *call = ma_address_space_atomic_name (l);
  guint cpu = ma_kmap_controls_get_cpu (self);
  g_autofree char *label = g_strdup_printf (_("%s pfn %" PRIu64 " on CPU %u"), call,
                                            (guint64) self->pfn, cpu);
  g_autofree char *text = NULL;
  GError *error = NULL;
  guint64 vaddr = 0;
  gboolean ok;

  ma_machine_begin_action (self->machine, label);
  ok = ma_highmem_kmap_atomic (self->machine, cpu, (guint64) self->pfn, &vaddr, &error);
  ma_machine_end_action (self->machine);
  if (!ok)
    {
      take_error (self, call, error);
      return;
    }
  if ((guint64) self->pfn < l->max_low_pfn)
    text = g_strdup_printf (_("%s of a lowmem page returns its direct-map address, 0x%08" PRIx64
                              ": no slot is used"), call, vaddr);
  else
    {
      guint depth = ma_highmem_get_atomic_depth (self->machine, cpu);

      text = g_strdup_printf (_("%s on CPU %u: pfn %" PRIu64 " at 0x%08" PRIx64 ", slot %u; "
                                "the CPU holds %u"),
                              call, cpu, (guint64) self->pfn, vaddr, depth - 1, depth);
    }
  set_message (self, text, FALSE);
}

static void
unmap_atomic_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (widget);
  const MaHighmemLayout *l = ma_highmem_get_layout (self->machine);
  const char *call = l->kmap_local ? "kunmap_local" : "kunmap_atomic";
  guint cpu = ma_kmap_controls_get_cpu (self);
  guint depth = ma_highmem_get_atomic_depth (self->machine, cpu);
  g_autofree char *label = g_strdup_printf (_("%s on CPU %u"), call, cpu);
  g_autofree char *text = NULL;
  GError *error = NULL;
  guint64 pfn = 0, vaddr = 0;
  gboolean ok;

  /* the top of the stack: the only slot the kernel lets go of */
  if (!ma_highmem_get_atomic_slot (self->machine, cpu, depth > 0 ? depth - 1 : 0, &pfn, &vaddr))
    {
      text = g_strdup_printf (_("%s: CPU %u holds no atomic mapping: there is nothing to "
                                "release"), call, cpu);
      set_message (self, text, TRUE);
      return;
    }
  ma_machine_begin_action (self->machine, label);
  ok = ma_highmem_kunmap_atomic (self->machine, cpu, vaddr, &error);
  ma_machine_end_action (self->machine);
  if (!ok)
    {
      take_error (self, call, error);
      return;
    }
  text = g_strdup_printf (_("%s on CPU %u: slot %u (0x%08" PRIx64 ", pfn %" PRIu64 ") released; "
                            "the CPU holds %u"),
                          call, cpu, depth - 1, vaddr, pfn, depth - 1);
  set_message (self, text, FALSE);
}

static void
flush_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (widget);
  g_autofree char *text = NULL;
  guint n;

  ma_machine_begin_action (self->machine, _("Flush unused pkmap slots"));
  n = ma_highmem_flush_unused (self->machine);
  ma_machine_end_action (self->machine);
  if (n == 0)
    text = g_strdup (_("No slot was left without users: nothing to flush"));
  else
    text = g_strdup_printf (ngettext ("Flushed %u slot without users: its page has no address "
                                      "now, and one TLB flush covered the PKMAP window",
                                      "Flushed %u slots without users: their pages have no "
                                      "address now, and one TLB flush covered the PKMAP window",
                                      n), n);
  set_message (self, text, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject */

static void
ma_kmap_controls_dispose (GObject *object)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (object);

  if (self->machine != NULL)
    g_clear_signal_handler (&self->changed_id, self->machine);
  g_clear_object (&self->machine);
  gtk_widget_dispose_template (GTK_WIDGET (self), MA_TYPE_KMAP_CONTROLS);
  G_OBJECT_CLASS (ma_kmap_controls_parent_class)->dispose (object);
}

static void
ma_kmap_controls_finalize (GObject *object)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (object);

  g_free (self->message);
  G_OBJECT_CLASS (ma_kmap_controls_parent_class)->finalize (object);
}

static void
ma_kmap_controls_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      g_value_set_object (value, self->machine);
      break;
    case PROP_PFN:
      g_value_set_int64 (value, self->pfn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_kmap_controls_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MaKmapControls *self = MA_KMAP_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_MACHINE:
      ma_kmap_controls_set_machine (self, g_value_get_object (value));
      break;
    case PROP_PFN:
      ma_kmap_controls_set_pfn (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ma_kmap_controls_class_init (MaKmapControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ma_kmap_controls_dispose;
  object_class->finalize = ma_kmap_controls_finalize;
  object_class->get_property = ma_kmap_controls_get_property;
  object_class->set_property = ma_kmap_controls_set_property;

  properties[PROP_MACHINE] =
    g_param_spec_object ("machine", NULL, NULL, MA_TYPE_MACHINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PFN] =
    g_param_spec_int64 ("pfn", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memoryatlas/MemoryAtlas/"
                                               "ma-kmap-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, box);
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, frame_label);
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, atomic_heading);
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, cpu_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, map_atomic_button);
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, unmap_atomic_button);
  gtk_widget_class_bind_template_child (widget_class, MaKmapControls, result_label);

  gtk_widget_class_install_action (widget_class, "kmap.map", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "kmap.unmap", NULL, unmap_action);
  gtk_widget_class_install_action (widget_class, "kmap.map-atomic", NULL, map_atomic_action);
  gtk_widget_class_install_action (widget_class, "kmap.unmap-atomic", NULL, unmap_atomic_action);
  gtk_widget_class_install_action (widget_class, "kmap.flush", NULL, flush_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kmapcontrols");
}

static void
ma_kmap_controls_init (MaKmapControls *self)
{
  self->pfn = -1;
  self->next_task = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_cpus (self);
  update_state (self);
}
