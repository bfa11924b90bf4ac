/*
 * Fuzz target: the contacts' CSV (shared/src/contacts.c), which reads a file a school's or clinic's office exported
 * from a spreadsheet, uploaded through the dashboard or `wactl contacts import`. The whole input is the file, in an
 * exactly sized buffer without a NUL. A parse either fails with a reason or gives rows in file order; the rows'
 * checks either fail the file with a reason or give, for every row, an address only from a valid number or BSUID,
 * fields within their limits, and "error" with at least one reason exactly when the row has errors.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "wa/contacts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size > 0 ? size : 1);
    if (buf == NULL)
        abort();
    if (size > 0)
        memcpy(buf, data, size);
    wa_csv_t csv;
    wa_contact_rows_t rows;
    char err[256] = "";
    int rc = wa_csv_parse(buf, size, 2000, &csv, err, sizeof(err));
    if (rc == -1 && err[0] == '\0')
        abort();
    if (rc == 0) {
        size_t line = 0;
        for (size_t i = 0; i < csv.nrows; i++) {
            if (csv.rows[i].line <= line || csv.rows[i].nfields == 0)
                abort();
            line = csv.rows[i].line;
        }
        err[0] = '\0';
        if (wa_contact_rows_from_csv(&csv, &rows, err, sizeof(err)) != 0) {
            if (err[0] == '\0')
                abort();
        } else {
            for (size_t i = 0; i < rows.nrows; i++) {
                const wa_contact_row_t *r = &rows.rows[i];
                int bad = cJSON_GetArraySize(r->errors) > 0;
                if (bad != (strcmp(r->action, "error") == 0))
                    abort();
                if (r->name != NULL && strlen(r->name) > WA_CONTACTS_MAX_NAME)
                    abort();
                if (strlen(r->child) > WA_CONTACTS_MAX_CHILD || r->ngroups > WA_CONTACTS_MAX_GROUPS)
                    abort();
                if (!bad && r->wa_id[0] == '\0')
                    abort(); /* a good row always has an address */
                for (size_t g = 0; g < r->ngroups; g++)
                    if (r->groups[g][0] == '\0' || strlen(r->groups[g]) > WA_CONTACTS_MAX_GROUP)
                        abort();
            }
        }
        wa_contact_rows_dispose(&rows);
    }
    wa_csv_dispose(&csv);
    free(buf);
    return 0;
}
