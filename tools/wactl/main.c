/*
 * wactl's entry point: reads the same environment variables as the services
 * (wa_config_load), takes the global options, and hands the rest of the
 * command line to the command group's module (migrate.c, doctor.c, kb.c,
 * simulate.c, streams.c). Variables missing from the environment are taken
 * from the checkout's .env (dotenv.c) first, as `make run` writes it, or from
 * --env-file / WACTL_ENV_FILE; never from the current folder. libwa's JSON log
 * lines are silenced unless LOG_LEVEL is set, so that stdout holds only the
 * command's output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wa/log.h"
#include "ctl.h"
#include "creds.h"
#include "dlq.h"
#include "dotenv.h"
#include "appt.h"
#include "queue.h"
#include "events.h"
#include "broadcast.h"
#include "handoff.h"
#include "referrals.h"
#include "settings.h"
#include "user.h"
#include "contacts.h"

typedef struct st_command_t {
    const char *name;
    int (*main)(ctl_ctx_t *ctx, int argc, char **argv);
    const char *summary;
} command_t;

static const command_t commands[] = {
    {"migrate", ctl_migrate_main, "apply the database migrations (deploy/migrations/NNN_*.sql) not yet applied"},
    {"doctor", ctl_doctor_main, "add, list, show, disable and enable doctors (the tenants)"},
    {"kb", ctl_kb_main, "add, list, import (CSV), enable, disable and try a doctor's knowledge-base entries"},
    {"simulate", ctl_simulate_main, "post a signed webhook from a patient, as Meta would, and show the reply"},
    {"streams", ctl_streams_main, "Redis streams: length, consumer groups, pending, lag, oldest pending age"},
    {"creds", ctl_creds_main, "a doctor's own WhatsApp credentials: set (validated), check, rotate the key"},
    {"unrouted", ctl_unrouted_main, "webhook changes for numbers that match no doctor"},
    {"send", ctl_send_main, "send a text or template to a patient in a doctor's name (through wa:out)"},
    {"queue", ctl_queue_main, "today's walk-in queue of a doctor: list, next, skip, recall, close"},
    {"appt", ctl_appt_main, "a doctor's appointments: list, cancel; block or unblock a day"},
    {"handoff", ctl_handoff_main, "patients waiting for the clinic's staff: list, release (answers resume)"},
    {"referrals", ctl_referrals_main, "referral counts per doctor and per referring patient"},
    {"settings", ctl_settings_main, "a clinic's settings (profile, schedule, texts), as the dashboard's: show, set"},
    {"events", ctl_events_main, "template, quality and account updates Meta sent for the doctors' accounts"},
    {"dlq", ctl_dlq_main, "dead letters: list, show, replay (back through their stage) and purge"},
    {"user", ctl_user_main, "the dashboard's users: add, list, disable, reset-password (password from stdin)"},
    {"token", ctl_token_main, "API tokens of a clinic's own software: create (shown once), list, revoke"},
    {"contacts", ctl_contacts_main, "a clinic's or school's contacts: import (CSV, checked, all or nothing), export"},
    {"group", ctl_group_main, "a clinic's or school's groups (classes with their teachers, lists): add, list"},
    {"broadcast", ctl_broadcast_main, "a tenant's broadcasts to its groups: create, list, show, pause, resume, cancel"},
};

static void usage(FILE *f)
{
    fputs("Usage: wactl [--json] [--env-file FILE] <command> [options]\n"
          "\n"
          "The operator's CLI of the WhatsApp clinic platform.\n"
          "\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Every command takes --help (usage and an example) and --json (one JSON document on stdout for scripts).\n"
          "\n"
          "Environment (the services' variables): DATABASE_URL, REDIS_URL, WA_REDIS_PREFIX, WHATSAPP_APP_SECRET,\n"
          "INGRESS_URL or INGRESS_PORT, WA_MIGRATIONS_DIR; LOG_LEVEL shows libwa's log lines. Variables that are not\n"
          "set are read from --env-file FILE or WACTL_ENV_FILE when given, else from the .env of the checkout this\n"
          "wactl was built in (<checkout>/build/bin/wactl reads <checkout>/.env, as written by `make run`); never\n"
          "from the current folder.\n"
          "\n"
          "Exit codes: 0 ok, 1 operational failure (not found, duplicate, timeout, refused), 2 usage error,\n"
          "3 cannot reach Redis or PostgreSQL.\n"
          "\n"
          "Examples:\n"
          "  wactl migrate && wactl doctor add --name 'Dr. Rao' --phone '+91 95458-16728' --clinic 'Rao Clinic'\n"
          "  wactl kb import --doctor 919545816728 faq.csv --dry-run\n"
          "  wactl streams --watch 2\n",
          f);
}

/* Loads the explicit env file (`path`, which must be readable) or else the checkout's own .env; never ./.env.
 * Returns 0, or -1 after printing why. */
static int load_env_file(const char *path)
{
    char project[4200], exe[4096];
    if (path != NULL && path[0] != '\0') {
        if (access(path, R_OK) != 0 || ctl_dotenv_load(path) < 0) {
            ctl_error("cannot read the env file %s: %s", path, strerror(errno));
            return -1;
        }
        return 0;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    if (ctl_dotenv_project_path(exe, project, sizeof(project)) != 0)
        return 0; /* an installed wactl: the environment only */
    if (ctl_dotenv_load(project) < 0)
        ctl_error("cannot read %s: %s (continuing with the environment only)", project, strerror(errno));
    return 0;
}

int main(int argc, char **argv)
{
    ctl_ctx_t ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.argv0 = argv[0];

    /* LOG_LEVEL from the operator's own environment turns libwa's log lines on; the one in .env (meant for the
     * services) does not, so that stdout keeps only the command's output */
    const char *level = getenv("LOG_LEVEL");
    int quiet = level == NULL || level[0] == '\0';
    const char *env_file = getenv("WACTL_ENV_FILE");
    int help = 0;

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            ctx.json = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            help = 1;
            break;
        } else if (strcmp(argv[i], "--env-file") == 0 && i + 1 < argc) {
            env_file = argv[++i];
        } else if (strncmp(argv[i], "--env-file=", 11) == 0) {
            env_file = argv[i] + 11;
        } else {
            return ctl_usage_error(NULL, "unknown option %s", argv[i]);
        }
    }
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (load_env_file(env_file) != 0)
        return CTL_EXIT_USAGE;
    if (wa_config_load(&ctx.cfg, "wactl") != 0)
        return CTL_EXIT_USAGE; /* the invalid variable was named on stderr */
    if (quiet)
        wa_log_level = (wa_log_level_t)(WA_LOG_ERROR + 1); /* above every level: libwa stays quiet */
    if (i >= argc) {
        usage(stderr);
        return CTL_EXIT_USAGE;
    }
    const char *name = argv[i];
    int help_only = 0;
    if (strcmp(name, "help") == 0) { /* "wactl help [command]" = "wactl command --help" */
        if (i + 1 >= argc) {
            usage(stdout);
            return CTL_EXIT_OK;
        }
        name = argv[++i];
        help_only = 1;
    }
    for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
        if (strcmp(commands[c].name, name) != 0)
            continue;
        if (help_only) {
            char help_arg[] = "--help";
            char *help_argv[] = {help_arg, NULL};
            return commands[c].main(&ctx, 1, help_argv);
        }
        return commands[c].main(&ctx, argc - i - 1, argv + i + 1);
    }
    return ctl_usage_error(NULL, "unknown command '%s'", name);
}
