/*
 * Fuzz target: phone number normalisation (shared/include/wa/phone.h). The input is cut at its first NUL byte into
 * two strings; each is normalised into buffers of every small size and of a comfortable size (the result must fit,
 * be digits only and have the returned length), and the two are compared with wa_phone_equal, which must agree
 * with comparing the normalised forms and be symmetric.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "wa/phone.h"

static void fz_check_digits(const char *in)
{
    char big[64];
    size_t n = wa_phone_digits(in, big, sizeof(big));
    if (n > 20 || (n > 0 && strlen(big) != n))
        abort();
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)big[i]))
            abort();
    for (size_t sz = 0; sz <= 22; sz++) {
        char *small = malloc(sz > 0 ? sz : 1); /* exact size: ASan catches a write past it */
        if (small == NULL)
            abort();
        size_t m = wa_phone_digits(in, sz > 0 ? small : NULL, sz);
        if (m != 0 && (m != n || m + 1 > sz || memcmp(small, big, n + 1) != 0))
            abort();
        free(small);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *a, *b;
    size_t alen, blen;
    if (!fz_next(&data, &size, 0, &a, &alen))
        return 0;
    if (!fz_next(&data, &size, 0, &b, &blen))
        b = a, blen = alen;
    char *sa = fz_strndup(a, alen), *sb = fz_strndup(b, blen);
    fz_check_digits(sa);
    fz_check_digits(sb);
    char da[64], db[64];
    size_t na = wa_phone_digits(sa, da, sizeof(da)), nb = wa_phone_digits(sb, db, sizeof(db));
    int want = na > 0 && nb > 0 && strcmp(da, db) == 0;
    if (wa_phone_equal(sa, sb) != want || wa_phone_equal(sb, sa) != want)
        abort();
    free(sa);
    free(sb);
    return 0;
}
