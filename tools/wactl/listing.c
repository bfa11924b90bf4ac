/*
 * Listings (listing.h): a query's rows as JSON or as a table.
 */
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "doctor.h"
#include "table.h"

static const char *value(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int ctl_listing_print(const PGresult *res, const ctl_listing_col_t *cols, size_t ncols, int json, const char *empty)
{
    int rc = CTL_EXIT_OK;
    if (json) {
        cJSON *doc = cJSON_CreateArray();
        if (doc == NULL)
            wa_fatal("out of memory");
        for (int i = 0; i < PQntuples(res); i++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(doc, o))
                wa_fatal("out of memory");
            for (size_t c = 0; c < ncols; c++)
                if (cols[c].json != NULL)
                    ctl_json_add_str(o, cols[c].json, value(res, i, cols[c].col));
        }
        return ctl_json_print(doc);
    }
    if (PQntuples(res) == 0) {
        fprintf(stderr, "%s\n", empty);
        return rc;
    }
    const char *headers[32], *cells[32];
    int src[32];
    size_t n = 0;
    for (size_t c = 0; c < ncols && n < 32; c++)
        if (cols[c].header != NULL) {
            headers[n] = cols[c].header;
            src[n++] = (int)c;
        }
    ctl_table_t *t = ctl_table_create(n, headers);
    for (size_t k = 0; k < n; k++)
        if (cols[src[k]].max_width > 0)
            ctl_table_max_width(t, k, cols[src[k]].max_width);
    for (int i = 0; i < PQntuples(res); i++) {
        for (size_t k = 0; k < n; k++)
            cells[k] = value(res, i, cols[src[k]].col);
        ctl_table_add_row(t, cells);
    }
    if (ctl_table_print(t, stdout) != 0)
        rc = CTL_EXIT_FAIL;
    ctl_table_destroy(t);
    return rc;
}

int ctl_listing_command(ctl_ctx_t *ctx, int argc, char **argv, const char *command, void (*usage)(FILE *f),
                        const char *sql, const ctl_listing_col_t *cols, size_t ncols, const char *empty,
                        const char *what)
{
    const char *doctor = NULL;
    int help = 0, json = ctx->json, rc = CTL_EXIT_OK;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64] = "";
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error(command, "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, command, doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *params[] = {id[0] != '\0' ? id : NULL};
    PGresult *res = ctl_pg_exec(c, sql, 1, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, what);
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    rc = ctl_listing_print(res, cols, ncols, json, empty);
    PQclear(res);
    return rc;
}
