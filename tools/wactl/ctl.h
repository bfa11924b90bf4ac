/*
 * wactl, the operator's CLI: what its command groups share. main.c reads the
 * configuration (the services' environment variables), picks the command
 * group and calls its entry point below; each group (migrate.c, doctor.c,
 * kb.c, simulate.c, streams.c) parses its own options with args.c, talks to
 * PostgreSQL and Redis through conn.c and prints a table (table.c) or, with
 * --json, one JSON document on stdout. Errors are one line on stderr starting
 * with "wactl: ", and the exit code says what kind of failure it was.
 */
#ifndef ctl__ctl_h
#define ctl__ctl_h

#include <stdio.h>
#include <cjson/cJSON.h>
#include "wa/config.h"

/* Exit codes, the same for every command (scripts depend on them). */
#define CTL_EXIT_OK 0
#define CTL_EXIT_FAIL 1        /* operational failure: not found, duplicate, timeout, refused, failed migration */
#define CTL_EXIT_USAGE 2       /* bad command line */
#define CTL_EXIT_UNREACHABLE 3 /* cannot connect to Redis or PostgreSQL */

typedef struct st_ctl_ctx_t {
    wa_config_t cfg;
    const char *argv0; /* how wactl was invoked (migrate finds ../../deploy/migrations from it) */
    int json;          /* --json given before the command; each command also accepts it after */
} ctl_ctx_t;

/* Command groups. Each gets the arguments after its own name (argv[0] is the first of them, if any) and returns an
 * exit code. */
int ctl_migrate_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_doctor_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_kb_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_simulate_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_streams_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_unrouted_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_send_main(ctl_ctx_t *ctx, int argc, char **argv);

/* "wactl: <message>\n" on stderr. */
void ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: "wactl: <message>" and "Try 'wactl <command> --help'." on stderr. Returns CTL_EXIT_USAGE. */
int ctl_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One subcommand of a command group ("doctor add", "dlq replay" ...). */
typedef struct st_ctl_subcmd_t {
    const char *name;
    int (*run)(ctl_ctx_t *ctx, int argc, char **argv); /* argv after the subcommand's name */
} ctl_subcmd_t;

/* Runs the subcommand argv[0] of `group` from cmds (ended by a {NULL, NULL} row). No subcommand: the group's usage
 * on stderr, exit 2; --help/-h/help: the usage on stdout, exit 0; an unknown name: a usage error listing the names. */
int ctl_dispatch(ctl_ctx_t *ctx, const char *group, const ctl_subcmd_t *cmds, void (*usage)(FILE *out), int argc,
                 char **argv);

/* Prints `doc` unformatted on one line to stdout, then deletes it (ownership passes here). Returns CTL_EXIT_OK, or
 * CTL_EXIT_FAIL when printing failed. */
int ctl_json_print(cJSON *doc);
/* Adds a string member, or JSON null when `value` is NULL. Out of memory is fatal. */
void ctl_json_add_str(cJSON *obj, const char *name, const char *value);

#endif
