/* ma-cli.h: the subcommands of memory-atlas-cli
 *
 * Each subcommand is one file (ma-cli-<name>.c) with one entry point that receives the arguments
 * after the subcommand name (argv[0] is the subcommand) and returns the process exit status:
 * 0 success, 1 bad input or failed check, 2 usage error.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ma-machine-spec.h"

G_BEGIN_DECLS

typedef int (*MaCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char      *name;
  const char      *summary;
  MaCliCommandFunc run;
} MaCliCommand;

int  ma_cli_presets  (int argc, char **argv);
int  ma_cli_simulate (int argc, char **argv);
int  ma_cli_bench    (int argc, char **argv);
int  ma_cli_capture  (int argc, char **argv);
int  ma_cli_inspect  (int argc, char **argv);
int  ma_cli_check    (int argc, char **argv);

/* Where a benchmark's figures go: members of an open JSON object (--json), or text lines. */
typedef struct
{
  JsonBuilder *json;
  gboolean     as_json;
} MaCliBenchOut;

void ma_cli_bench_report     (const MaCliBenchOut *out, const char *key, double value,
                              const char *unit, const char *label);
void ma_cli_bench_report_int (const MaCliBenchOut *out, const char *key, gint64 value,
                              const char *unit, const char *label);

/* `bench parse` (ma-cli-bench-parse.c) */
gboolean ma_cli_bench_parse (const MaCliBenchOut *out, GError **error);
MaMachineSpec *ma_cli_bench_one_gib_spec (void);
/* only in a build with the UI (-Dui=true): the map's renderer lives in src/app */
gboolean ma_cli_bench_render (const MaCliBenchOut *out, GError **error);
/* The first whole-machine map of a freshly opened machine, drawn offscreen as the app's first
 * frame is (summaries built, picture drawn, overlays composed); what `bench parse` adds to the
 * opening of a snapshot. Only with -Dui=true. */
void     ma_cli_bench_draw_first_map (struct _MaMachine *machine);

/* Loads PATH for `inspect` and `check` (ma-cli-inspect.c). */
struct _MaSnapshot *ma_cli_load_snapshot (const char *path, GError **error);

/* Shared helpers for subcommands. */
void ma_cli_print_error (const char *command, const GError *error);
/* A file a user named, refused if missing, a folder, a device, a pipe or above max_size. */
gboolean ma_cli_check_input_file (const char *path, gsize max_size, GError **error);

G_END_DECLS
