/*
 * Fuzz target: the ingress' query-string parsing and Meta's verification handshake (services/ingress/query.h),
 * as the GET /webhook handler calls them on a request's query. The whole input is the query string, in an exactly
 * sized buffer without a NUL (ASan sees any overread). Percent-decoding must never grow the text and must give the
 * same bytes in place as into another buffer; a value found by name must lie inside the query; the verify decision
 * must be one of its results, write a challenge only on success and never more bytes than the query holds.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "query.h"

static void fz_check_find(const char *q, size_t qlen, const char *name)
{
    const char *val = NULL;
    size_t val_len = 0;
    if (!ing_query_find(q, qlen, name, &val, &val_len))
        return;
    if (val == NULL || val < q || val + val_len > q + qlen)
        abort(); /* a value outside the query */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *q = malloc(size > 0 ? size : 1), *out = malloc(size > 0 ? size : 1), *chal = malloc(size > 0 ? size : 1);
    if (q == NULL || out == NULL || chal == NULL)
        abort();
    if (size > 0)
        memcpy(q, data, size);

    size_t n = ing_url_decode(q, size, out);
    if (n > size)
        abort();
    char *inplace = malloc(size > 0 ? size : 1);
    if (inplace == NULL)
        abort();
    if (size > 0)
        memcpy(inplace, data, size);
    if (ing_url_decode(inplace, size, inplace) != n || (n > 0 && memcmp(inplace, out, n) != 0))
        abort(); /* decoding in place must give the same bytes */
    free(inplace);

    fz_check_find(q, size, "hub.mode");
    fz_check_find(q, size, "hub_challenge");
    fz_check_find(q, size, "");

    const char *tokens[] = {"tok", "", NULL, "s=cr&t"};
    for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
        size_t chal_len = (size_t)-1;
        ing_verify_result_t r = ing_verify_check(size > 0 ? q : NULL, size, tokens[i], chal, &chal_len);
        if (r != ING_VERIFY_OK && r != ING_VERIFY_NO_TOKEN && r != ING_VERIFY_MISSING && r != ING_VERIFY_BAD_MODE &&
            r != ING_VERIFY_BAD_TOKEN)
            abort();
        if (r == ING_VERIFY_OK && (tokens[i] == NULL || tokens[i][0] == '\0' || chal_len == 0 || chal_len > size))
            abort(); /* accepted without a token, or a challenge that cannot have come from the query */
        if (ing_verify_result_str(r) == NULL)
            abort();
    }
    if (!ing_ct_equal(q, size, q, size) || (size > 0 && ing_ct_equal(q, size, q, size - 1)))
        abort();
    free(q);
    free(out);
    free(chal);
    return 0;
}
