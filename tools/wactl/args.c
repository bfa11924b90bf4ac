/*
 * wactl's option parser (args.h): long options described by a table, parsed
 * without I/O. Values are borrowed from argv, which outlives every command.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"

int ctl_parse_long(const char *s, long min, long max, long *out)
{
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    if ((min != 0 || max != 0) && (v < min || v > max))
        return -1;
    *out = v;
    return 0;
}

int ctl_is_uuid(const char *s)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    if (s == NULL)
        return 0;
    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        for (int i = 0; i < groups[g]; i++, s++)
            if (!isxdigit((unsigned char)*s))
                return 0;
        if (g < 4 && *s++ != '-')
            return 0;
    }
    return *s == '\0';
}

static ctl_opt_t *find_opt(ctl_opt_t *opts, const char *name, size_t len)
{
    for (ctl_opt_t *o = opts; o->name != NULL; o++)
        if (strlen(o->name) == len && memcmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

/* Stores one option's value. `value` is NULL when none was attached with '='; then the next argument is taken for
 * the kinds that need one (*i advances past it). */
static int take_value(ctl_opt_t *o, const char *value, int argc, char **argv, int *i, char *err, size_t errsz)
{
    switch (o->kind) {
    case CTL_OPT_FLAG:
        if (value != NULL) {
            snprintf(err, errsz, "--%s takes no value", o->name);
            return -1;
        }
        *(int *)o->dst = 1;
        return 0;
    case CTL_OPT_STR:
        if (value == NULL) {
            if (*i + 1 >= argc) {
                snprintf(err, errsz, "--%s needs a value", o->name);
                return -1;
            }
            value = argv[++*i];
        }
        *(const char **)o->dst = value;
        return 0;
    case CTL_OPT_LIST: {
        ctl_strlist_t *list = o->dst;
        if (value == NULL) {
            if (*i + 1 >= argc) {
                snprintf(err, errsz, "--%s needs a value", o->name);
                return -1;
            }
            value = argv[++*i];
        }
        if (list->n >= list->cap) {
            snprintf(err, errsz, "--%s given more than %zu times", o->name, list->cap);
            return -1;
        }
        list->items[list->n++] = value;
        return 0;
    }
    case CTL_OPT_LONG:
    case CTL_OPT_LONG_OPT: {
        long v;
        if (value == NULL) {
            if (o->kind == CTL_OPT_LONG_OPT) {
                /* an optional value is only taken when it is a number, so "--watch --json" still works */
                if (*i + 1 < argc && ctl_parse_long(argv[*i + 1], 0, 0, &v) == 0)
                    value = argv[++*i];
                else
                    return 0;
            } else {
                if (*i + 1 >= argc) {
                    snprintf(err, errsz, "--%s needs a value", o->name);
                    return -1;
                }
                value = argv[++*i];
            }
        }
        if (ctl_parse_long(value, o->min, o->max, &v) != 0) {
            if (o->min != 0 || o->max != 0)
                snprintf(err, errsz, "--%s: expected a number between %ld and %ld, got '%s'", o->name, o->min, o->max,
                         value);
            else
                snprintf(err, errsz, "--%s: expected a number, got '%s'", o->name, value);
            return -1;
        }
        *(long *)o->dst = v;
        return 0;
    }
    }
    snprintf(err, errsz, "--%s: unknown option kind", o->name);
    return -1;
}

int ctl_args_parse(int argc, char **argv, ctl_opt_t *opts, const char **pos, int maxpos, char *err, size_t errsz)
{
    int npos = 0, options_done = 0;
    if (errsz > 0)
        err[0] = '\0';
    for (ctl_opt_t *o = opts; o->name != NULL; o++)
        o->seen = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (!options_done && (strcmp(a, "-h") == 0 || (a[0] == '-' && a[1] == '-' && a[2] != '\0'))) {
            const char *name = strcmp(a, "-h") == 0 ? "help" : a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
            ctl_opt_t *o = find_opt(opts, name, len);
            if (o == NULL) {
                snprintf(err, errsz, "unknown option --%.*s", (int)len, name);
                return -1;
            }
            if (take_value(o, eq != NULL ? eq + 1 : NULL, argc, argv, &i, err, errsz) != 0)
                return -1;
            o->seen = 1;
            continue;
        }
        if (!options_done && a[0] == '-' && a[1] != '\0' && !isdigit((unsigned char)a[1])) {
            snprintf(err, errsz, "unknown option %s (options are long: --name)", a);
            return -1;
        }
        if (npos >= maxpos) {
            snprintf(err, errsz, "unexpected argument '%s'", a);
            return -1;
        }
        pos[npos++] = a;
    }
    return npos;
}
