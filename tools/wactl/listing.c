/*
 * Listings (listing.h): a query's rows as JSON or as a table.
 */
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "wa/log.h"
#include "ctl.h"
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
