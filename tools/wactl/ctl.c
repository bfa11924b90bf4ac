/*
 * Helpers every wactl command uses (ctl.h): the error line on stderr, usage
 * errors and JSON output on stdout.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
