/*
 * Helpers every wactl command uses (ctl.h): the error line on stderr, usage
 * errors and JSON output on stdout.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/log.h"
#include "ctl.h"

void ctl_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wactl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int ctl_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wactl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (command != NULL && command[0] != '\0')
        fprintf(stderr, "Try 'wactl %s --help'.\n", command);
    else
        fputs("Try 'wactl --help'.\n", stderr);
    return CTL_EXIT_USAGE;
}

int ctl_json_print(cJSON *doc)
{
    char *s = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (s == NULL)
        wa_fatal("out of memory");
    int rc = puts(s) < 0 || fflush(stdout) != 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    cJSON_free(s);
    return rc;
}

void ctl_json_add_str(cJSON *obj, const char *name, const char *value)
{
    cJSON *r = value != NULL ? cJSON_AddStringToObject(obj, name, value) : cJSON_AddNullToObject(obj, name);
    if (r == NULL)
        wa_fatal("out of memory");
}

int ctl_dispatch(ctl_ctx_t *ctx, const char *group, const ctl_subcmd_t *cmds, void (*usage)(FILE *out), int argc,
                 char **argv)
{
    if (argc == 0) {
        usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "help") == 0) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    char names[256] = "";
    for (const ctl_subcmd_t *c = cmds; c->name != NULL; c++) {
        if (strcmp(argv[0], c->name) == 0)
            return c->run(ctx, argc - 1, argv + 1);
        size_t len = strlen(names);
        snprintf(names + len, sizeof(names) - len, "%s%s", len > 0 ? ", " : "", c->name);
    }
    return ctl_usage_error(group, "unknown %s command '%s' (%s)", group, argv[0], names);
}
