/*
 * wactl's command-line option parser: long options only ("--name value" or
 * "--name=value", "-h" as "--help"), in any order among positional
 * arguments, "--" ending the options. Each command describes its options in a
 * ctl_opt_t array; parsing is pure (no I/O), so the unit tests call it
 * directly, and the caller prints the error it returns.
 */
#ifndef ctl__args_h
#define ctl__args_h

#include <stddef.h>

typedef enum en_ctl_opt_kind_t {
    CTL_OPT_FLAG,     /* --name: sets *(int *)dst = 1 */
    CTL_OPT_STR,      /* --name VALUE: sets *(const char **)dst (borrowed from argv) */
    CTL_OPT_LONG,     /* --name N: a decimal integer in [min, max] into *(long *)dst */
    CTL_OPT_LONG_OPT, /* --name [N]: like CTL_OPT_LONG, but the value is optional: the next argument is taken only when
                         it is a number ("--watch 5"); otherwise *(long *)dst is left as it was ("--watch") */
    CTL_OPT_LIST      /* --name VALUE, repeatable: appends to the ctl_strlist_t at dst (values borrowed from argv) */
} ctl_opt_kind_t;

/* The values of a repeatable option (CTL_OPT_LIST), in the order given. The caller provides the array: `items` with
 * room for `cap` values; a further occurrence is an error ("--example given more than 20 times"). */
typedef struct st_ctl_strlist_t {
    const char **items;
    size_t n, cap;
} ctl_strlist_t;

typedef struct st_ctl_opt_t {
    const char *name; /* without the dashes; NULL ends the array */
    ctl_opt_kind_t kind;
    void *dst;     /* where the value goes (see the kinds); borrowed */
    long min, max; /* range for the LONG kinds (both 0 = any) */
    int seen;      /* out: 1 when the option was given */
} ctl_opt_t;

/* Parses argv[0..argc) against `opts` (an array ended by a NULL name). Positional arguments are stored in order in
 * pos[0..maxpos) (borrowed from argv). Returns the number of positional arguments, or -1 with a one-line message in
 * `err` ("unknown option --foo", "--timeout needs a value", "--timeout: expected a number between 1 and 3600",
 * "unexpected argument 'x'" when there are more than maxpos). A later occurrence of an option overrides an earlier
 * one, except for a CTL_OPT_LIST, which collects every occurrence (the caller sets its n to 0 first). */
int ctl_args_parse(int argc, char **argv, ctl_opt_t *opts, const char **pos, int maxpos, char *err, size_t errsz);

/* Parses a whole string as a decimal integer in [min, max] (both 0 = any). Returns 0, or -1. */
int ctl_parse_long(const char *s, long min, long max, long *out);

/* 1 when `s` is a UUID in its canonical textual form (8-4-4-4-12 hex digits, either case). */
int ctl_is_uuid(const char *s);

#endif
