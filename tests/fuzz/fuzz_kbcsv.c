/*
 * Fuzz target: the CSV reader of `wactl kb import` (tools/wactl/kbcsv.h), which reads a file a clinic's staff
 * exported from a spreadsheet. The whole input is the file, in an exactly sized buffer without a NUL. A parse
 * either fails as a whole with a reason, or returns rows whose good ones respect every rule the import relies on
 * (a question and an answer within their limits, a language, lines in file order) and whose rejected count is the
 * number of rows marked rejected; every question has a comparison key. The result is released either way.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "kbcsv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size > 0 ? size : 1);
    if (buf == NULL)
        abort();
    if (size > 0)
        memcpy(buf, data, size);
    ctl_kbcsv_t csv;
    char err[256] = "";
    int rc = ctl_kbcsv_parse(buf, size, &csv, err, sizeof(err));
    if (rc != 0 && rc != -1)
        abort();
    if (rc == -1 && err[0] == '\0')
        abort(); /* a refused file always says why */
    if (rc == 0) {
        size_t rejected = 0, line = 1;
        for (size_t i = 0; i < csv.nrows; i++) {
            const ctl_kbcsv_row_t *r = &csv.rows[i];
            if (r->line <= line)
                abort(); /* rows come after the header, in file order */
            line = r->line;
            if (r->rejected) {
                rejected++;
                if (r->reject[0] == '\0')
                    abort();
                continue;
            }
            if (r->question == NULL || r->answer == NULL || r->lang == NULL || r->question[0] == '\0' ||
                r->answer[0] == '\0' || strlen(r->question) > CTL_KBCSV_MAX_QUESTION ||
                strlen(r->answer) > CTL_KBCSV_MAX_ANSWER || strlen(r->lang) > CTL_KBCSV_MAX_LANG)
                abort();
            free(ctl_kbcsv_question_key(r->question));
        }
        if (rejected != csv.nrejected)
            abort();
    }
    ctl_kbcsv_dispose(&csv);
    free(buf);
    return 0;
}
