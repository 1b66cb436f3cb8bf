/* test-procfs-robustness.c: damaged real files give an error or a warning, never a crash
 *
 * Every text fixture is cut after each line, cut in the middle of each line, has each line
 * dropped in turn, has its numbers replaced by ones that overflow 64 bits or are not numbers,
 * and gets random bytes flipped (fixed seed). Each variant goes through its own parser and
 * through the paste splitter; the parsed result, if any, is walked completely (so that a sanitizer
 * build sees every array access). Failures must be MA_PROCFS_ERROR errors that name the source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "ma-procfs.h"

#define SOURCE "mutant"

typedef struct
{
  char         *path;
  char         *text;
  gsize         len;
  MaProcfsKind  kind;
} Fixture;

static GPtrArray *fixtures;
static guint64 checksum;      /* keeps the walks from being optimised away */

static void
fixture_free (gpointer data)
{
  Fixture *f = data;

  g_free (f->path);
  g_free (f->text);
  g_free (f);
}

static void
collect (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      MaProcfsKind kind = ma_procfs_kind_from_name (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          collect (path);
          continue;
        }
      if (kind == MA_PROCFS_KIND_UNKNOWN || kind == MA_PROCFS_KIND_BUNDLE)
        continue;
      {
        Fixture *f = g_new0 (Fixture, 1);

        f->path = g_steal_pointer (&path);
        f->kind = kind;
        g_assert_true (g_file_get_contents (f->path, &f->text, &f->len, NULL));
        g_ptr_array_add (fixtures, f);
      }
    }
}

static void
walk_zoneinfo (MaZoneinfo *zi)
{
  for (guint n = 0; n < ma_zoneinfo_get_n_nodes (zi); n++)
    {
      const MaZoneinfoNode *node = ma_zoneinfo_get_node (zi, n);

      for (guint i = 0; i < node->n_stats; i++)
        checksum += node->stats[i].value + strlen (node->stats[i].name);
      for (guint z = 0; z < node->n_zones; z++)
        {
          const MaZoneinfoZone *zone = &node->zones[z];

          checksum += zone->free_pages + zone->min + strlen (zone->name);
          for (guint i = 0; i < zone->n_protection; i++)
            checksum += (guint64) zone->protection[i];
          for (guint i = 0; i < zone->n_counters; i++)
            checksum += zone->counters[i].value + strlen (zone->counters[i].name);
          for (guint i = 0; i < zone->n_pagesets; i++)
            checksum += zone->pagesets[i].count + zone->pagesets[i].cpu;
          for (guint i = 0; i < zone->n_extras; i++)
            checksum += strlen (zone->extras[i].key) + strlen (zone->extras[i].text);
        }
    }
  for (const char * const *w = ma_zoneinfo_get_warnings (zi); *w; w++)
    g_assert_true (g_str_has_prefix (*w, SOURCE) || g_str_has_prefix (*w, "bundle"));
}

static void
walk_snapshot (MaSnapshot *snap)
{
  g_autoptr(GArray) diffs = ma_snapshot_compare_free_pages (snap);

  if (ma_snapshot_get_zoneinfo (snap))
    walk_zoneinfo (ma_snapshot_get_zoneinfo (snap));
  if (ma_snapshot_get_buddyinfo (snap))
    {
      MaBuddyinfo *bi = ma_snapshot_get_buddyinfo (snap);

      for (guint z = 0; z < ma_buddyinfo_get_n_zones (bi); z++)
        for (guint k = 0; k < ma_buddyinfo_get_zone (bi, z)->n_orders; k++)
          checksum += ma_buddyinfo_get_zone (bi, z)->counts[k];
    }
  if (ma_snapshot_get_pagetypeinfo (snap))
    {
      MaPagetypeinfo *p = ma_snapshot_get_pagetypeinfo (snap);

      for (guint z = 0; z < ma_pagetypeinfo_get_n_zones (p); z++)
        {
          const MaPagetypeinfoZone *zone = ma_pagetypeinfo_get_zone (p, z);

          for (guint i = 0; i < zone->n_free; i++)
            checksum += zone->free_counts[i] + zone->capped[i];
          for (guint t = 0; zone->blocks && t < zone->n_types; t++)
            checksum += zone->blocks[t] + strlen (ma_pagetypeinfo_get_type_name (p, t));
        }
    }
  for (guint r = 0; r < ma_snapshot_get_n_oom_reports (snap); r++)
    {
      MaOomReport *rep = ma_snapshot_get_oom_report (snap, r);

      for (guint z = 0; z < ma_oom_report_get_n_zones (rep); z++)
        {
          const MaOomZone *zone = ma_oom_report_get_zone (rep, z);

          for (guint i = 0; i < zone->n_fields; i++)
            checksum += zone->fields[i].value + strlen (zone->fields[i].name);
          for (guint i = 0; i < zone->n_orders; i++)
            checksum += zone->order_counts[i] * zone->order_kb[i] + strlen (zone->order_types[i]);
          for (guint i = 0; i < zone->n_lowmem_reserve; i++)
            checksum += (guint64) zone->lowmem_reserve[i];
        }
    }
  for (const char * const *w = ma_snapshot_get_warnings (snap); *w; w++)
    checksum += strlen (*w);
  (void) diffs;
}

/* Parses with the file's own parser (through a snapshot, which calls it) and, for variety,
 * through the paste splitter. Returns TRUE if the direct parse succeeded. */
static gboolean
try_parse (const Fixture *f,
           const char    *text,
           gsize          len,
           GError       **error_out)
{
  g_autoptr(MaSnapshot) snap = ma_snapshot_new ();
  g_autoptr(MaSnapshot) pasted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) paste_error = NULL;
  gboolean ok;

  ok = ma_snapshot_add_part (snap, f->kind, text, len, SOURCE, &error);
  if (ok)
    walk_snapshot (snap);
  else
    {
      g_assert_error (error, MA_PROCFS_ERROR, error->code);
      g_assert_true (g_str_has_prefix (error->message, SOURCE));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  pasted = ma_snapshot_new_from_text (text, (gssize) len, SOURCE, &paste_error);
  if (pasted != NULL)
    walk_snapshot (pasted);
  else
    {
      g_assert_true (paste_error->domain == MA_PROCFS_ERROR);
      g_assert_true (g_str_has_prefix (paste_error->message, SOURCE));
    }

  if (error_out)
    *error_out = g_steal_pointer (&error);
  return ok;
}

static gboolean
must_survive_cuts (MaProcfsKind kind)
{
  return kind == MA_PROCFS_KIND_ZONEINFO || kind == MA_PROCFS_KIND_BUDDYINFO ||
         kind == MA_PROCFS_KIND_MEMINFO || kind == MA_PROCFS_KIND_VMSTAT;
}

/* Cut after each line and in the middle of each line: what is complete still loads. */
static void
test_cuts (void)
{
  for (guint i = 0; i < fixtures->len; i++)
    {
      const Fixture *f = fixtures->pdata[i];
      gsize first_line_end = strcspn (f->text, "\n");

      for (gsize p = 0; p < f->len; p++)
        {
          gsize line_start = p;
          gsize mid;

          while (p < f->len && f->text[p] != '\n')
            p++;
          mid = line_start + (p - line_start) / 2;

          /* after the line */
          {
            g_autoptr(GError) error = NULL;
            gboolean ok = try_parse (f, f->text, p, &error);

            if (must_survive_cuts (f->kind))
              g_assert_true (ok);
            else if (!ok)
              g_assert_true (error->code == MA_PROCFS_ERROR_TRUNCATED ||
                             error->code == MA_PROCFS_ERROR_UNKNOWN_FORMAT);
          }
          /* in its middle */
          if (mid > line_start)
            {
              g_autoptr(GError) error = NULL;
              gboolean ok = try_parse (f, f->text, mid, &error);

              if (must_survive_cuts (f->kind) && mid > first_line_end)
                g_assert_true (ok);
              else if (!ok)
                g_assert_true (error->code != MA_PROCFS_ERROR_RANGE);
            }
        }
    }
}

/* Each line (each field, for /proc files) dropped in turn. */
static void
test_dropped_lines (void)
{
  for (guint i = 0; i < fixtures->len; i++)
    {
      const Fixture *f = fixtures->pdata[i];
      g_auto(GStrv) lines = g_strsplit (f->text, "\n", -1);
      guint n = g_strv_length (lines);
      guint first = 0;

      while (first < n && lines[first][strspn (lines[first], " \t")] == '\0')
        first++;

      for (guint drop = 0; drop < n; drop++)
        {
          g_autoptr(GString) s = g_string_new (NULL);
          g_autoptr(GError) error = NULL;
          gboolean ok;

          for (guint l = 0; l < n; l++)
            if (l != drop)
              {
                g_string_append (s, lines[l]);
                if (l + 1 < n)
                  g_string_append_c (s, '\n');
              }
          ok = try_parse (f, s->str, s->len, &error);
          if ((f->kind == MA_PROCFS_KIND_ZONEINFO || f->kind == MA_PROCFS_KIND_MEMINFO ||
               f->kind == MA_PROCFS_KIND_VMSTAT || f->kind == MA_PROCFS_KIND_KERNEL_LOG) &&
              drop != first && n > 2)
            g_assert_true (ok);
          else if (!ok)
            g_assert_true (error->code != MA_PROCFS_ERROR_RANGE);
        }
    }
}

/* Each field of a Mem-Info zone line dropped in turn. */
static void
test_dropped_oom_fields (void)
{
  for (guint i = 0; i < fixtures->len; i++)
    {
      const Fixture *f = fixtures->pdata[i];
      const char *zone_line;
      const char *end;

      if (f->kind != MA_PROCFS_KIND_KERNEL_LOG)
        continue;
      zone_line = strstr (f->text, "Normal free:");
      if (zone_line == NULL)
        zone_line = strstr (f->text, "DMA free:");
      g_assert_nonnull (zone_line);
      end = strchr (zone_line, '\n');

      for (const char *t = strchr (zone_line, ' '); t != NULL && t < end; t = strchr (t + 1, ' '))
        {
          const char *t_end = t + 1;
          g_autoptr(GString) s = g_string_new_len (f->text, t - f->text);

          while (t_end < end && *t_end != ' ')
            t_end++;
          g_string_append (s, t_end);
          g_assert_true (try_parse (f, s->str, s->len, NULL));
        }
    }
}

/* Numbers too large for 64 bits are errors (RANGE) wherever they are read; non-numbers are
 * errors or, in kernel logs, warnings. */
static void
test_bad_numbers (void)
{
  const char *replacements[] = { "99999999999999999999", "12a4", "-" };

  for (guint i = 0; i < fixtures->len; i++)
    {
      const Fixture *f = fixtures->pdata[i];
      guint n_numbers = 0;
      guint step;
      guint k = 0;

      for (gsize p = 0; p < f->len; p++)
        if (g_ascii_isdigit (f->text[p]) && (p == 0 || !g_ascii_isalnum (f->text[p - 1])))
          n_numbers++;
      step = MAX (1, n_numbers / 60);

      for (gsize p = 0; p < f->len; p++)
        {
          gsize q;

          if (!g_ascii_isdigit (f->text[p]) || (p > 0 && g_ascii_isalnum (f->text[p - 1])))
            continue;
          for (q = p; q < f->len && g_ascii_isdigit (f->text[q]); q++)
            ;
          if (k++ % step == 0)
            for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
              {
                g_autoptr(GString) s = g_string_new_len (f->text, p);
                g_autoptr(GError) error = NULL;

                g_string_append (s, replacements[r]);
                g_string_append_len (s, f->text + q, f->len - q);
                if (!try_parse (f, s->str, s->len, &error) && r == 0)
                  g_assert_true (error->code == MA_PROCFS_ERROR_RANGE ||
                                 error->code == MA_PROCFS_ERROR_UNKNOWN_FORMAT ||
                                 error->code == MA_PROCFS_ERROR_SYNTAX);
              }
          p = q;
        }
    }
}

/* Random bytes flipped, with a fixed seed. */
static void
test_byte_flips (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  const char specials[] = { '\0', '\n', '\r', '\t', ' ', ':', ',', '(', ')', '>', '*', '-', '9',
                            '\xff', '\xc3', '[', ']', '=' };

  for (guint i = 0; i < fixtures->len; i++)
    {
      const Fixture *f = fixtures->pdata[i];

      for (guint m = 0; m < 40; m++)
        {
          g_autofree char *copy = g_memdup2 (f->text, f->len);
          guint n_flips = (guint) g_rand_int_range (rand, 1, 5);

          for (guint k = 0; k < n_flips && f->len > 0; k++)
            {
              gsize pos = (gsize) g_rand_int_range (rand, 0, (gint32) f->len);

              copy[pos] = g_rand_boolean (rand)
                            ? specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))]
                            : (char) g_rand_int_range (rand, 0, 256);
            }
          try_parse (f, copy, f->len, NULL);
        }
    }
}

/* Damaged bundles: every byte position class, never a crash. */
static void
test_bundle_flips (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "snapshots",
                                                "github-centos9-5.14.0-325-do-droplet-x86_64-1vcpu",
                                                NULL);
  g_autoptr(MaSnapshot) snap = ma_snapshot_load_path (dir, NULL);
  g_autoptr(MaPageRleBuilder) b = ma_page_rle_builder_new ();
  g_autoptr(MaPageRle) rle = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *data;
  gsize len;

  for (guint i = 0; i < 300; i++)
    ma_page_rle_builder_add_run (b, (guint64) g_rand_int_range (rand, 1, 100000),
                                 g_rand_int (rand));
  rle = ma_page_rle_builder_end (g_steal_pointer (&b), NULL);
  ma_snapshot_set_page_flags (snap, MA_PROCFS_KIND_KPAGEFLAGS, rle);
  ma_snapshot_set_sysctl (snap, "lowmem_reserve_ratio", "256\t256\t32\t0\t0\n", NULL);
  bytes = ma_snapshot_to_bundle (snap);
  data = g_bytes_get_data (bytes, &len);

  for (guint m = 0; m < 400; m++)
    {
      g_autofree char *copy = g_memdup2 (data, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(MaSnapshot) back = NULL;
      gsize pos = (gsize) g_rand_int_range (rand, 0, (gint32) len);

      copy[pos] = (char) g_rand_int_range (rand, 0, 256);
      back = ma_snapshot_new_from_bundle (copy, m % 10 == 0 ? pos : len, "bundle", &error);
      if (back != NULL)
        walk_snapshot (back);
      else
        g_assert_true (error->domain == MA_PROCFS_ERROR);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *snapshots = NULL;
  g_autofree char *oom = NULL;
  g_autofree char *fakeroot = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  fixtures = g_ptr_array_new_with_free_func (fixture_free);
  snapshots = g_test_build_filename (G_TEST_DIST, "data", "snapshots", NULL);
  oom = g_test_build_filename (G_TEST_DIST, "data", "oom", NULL);
  fakeroot = g_test_build_filename (G_TEST_DIST, "data", "fakeroot", NULL);
  collect (snapshots);
  collect (oom);
  collect (fakeroot);

  g_test_add_func ("/ma/procfs/robustness/cuts", test_cuts);
  g_test_add_func ("/ma/procfs/robustness/dropped-lines", test_dropped_lines);
  g_test_add_func ("/ma/procfs/robustness/dropped-oom-fields", test_dropped_oom_fields);
  g_test_add_func ("/ma/procfs/robustness/bad-numbers", test_bad_numbers);
  g_test_add_func ("/ma/procfs/robustness/byte-flips", test_byte_flips);
  g_test_add_func ("/ma/procfs/robustness/bundle-flips", test_bundle_flips);

  ret = g_test_run ();
  g_test_message ("%u fixtures, checksum %" G_GUINT64_FORMAT, fixtures->len, checksum);
  g_ptr_array_unref (fixtures);
  return ret;
}
