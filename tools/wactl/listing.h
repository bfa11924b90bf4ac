/*
 * A query's rows as wactl prints a listing: a JSON array of objects with --json, otherwise a table (table.h), or a
 * line on stderr when there is no row. Listings (`user list`, `token list`) describe their columns once instead of
 * writing the two outputs, or the whole command, by hand.
 */
#ifndef ctl__listing_h
#define ctl__listing_h

#include <stddef.h>
#include <stdio.h>
#include <libpq-fe.h>
#include "ctl.h"

/* One column: the result column `col`; its key in the JSON objects (NULL: left out of --json); its table header
 * (NULL: left out of the table); the most terminal columns its cells take in the table (0: no limit). */
typedef struct st_ctl_listing_col_t {
    int col;
    const char *json;
    const char *header;
    size_t max_width;
} ctl_listing_col_t;

/* Prints the rows of `res` (borrowed; SQL NULL prints as JSON null and "-") on stdout; `empty` (a line, without the
 * newline) on stderr when there is none. Returns CTL_EXIT_OK, or CTL_EXIT_FAIL when stdout could not be written. */
int ctl_listing_print(const PGresult *res, const ctl_listing_col_t *cols, size_t ncols, int json, const char *empty);

/* A whole `wactl <command> [--doctor ID|NUMBER] [--json]` listing: parses those options (`usage` prints --help),
 * resolves the doctor, runs `sql` with $1 = the doctor's id or NULL for every doctor, and prints its rows as above;
 * `what` names the listing in an error ("listing the users"). Returns the exit code. */
int ctl_listing_command(ctl_ctx_t *ctx, int argc, char **argv, const char *command, void (*usage)(FILE *f),
                        const char *sql, const ctl_listing_col_t *cols, size_t ncols, const char *empty,
                        const char *what);

#endif
