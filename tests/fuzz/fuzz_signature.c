/*
 * Fuzz target: the X-Hub-Signature-256 header check (shared/include/wa/hmac.h, wa_signature_check), as the
 * ingress calls it on every POST /webhook with a header it does not control. The input is cut at its first NUL
 * byte into the header value and the body; each goes into an exactly sized buffer without a NUL. The check must
 * answer malformed (-1) for anything that is not "sha256=" and 64 hex digits, accept a header only when it is the
 * body's true MAC (in either case of hex), and accept the body's own signature made with wa_signature_make.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "wa/hmac.h"

#define FZ_SECRET "fuzz-app-secret-0123456789abcdef"

static wa_hmac_t *fz_hmac(void)
{
    static wa_hmac_t *h;
    if (h == NULL && (h = wa_hmac_create(FZ_SECRET, strlen(FZ_SECRET))) == NULL)
        abort();
    return h;
}

static char *fz_copy(const uint8_t *p, size_t n)
{
    char *c = malloc(n > 0 ? n : 1);
    if (c == NULL)
        abort();
    if (n > 0)
        memcpy(c, p, n);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *hp, *bp = (const uint8_t *)"";
    size_t hlen, blen = 0;
    if (!fz_next(&data, &size, 0, &hp, &hlen))
        hp = (const uint8_t *)"", hlen = 0;
    if (size > 0)
        bp = data, blen = size;
    char *header = fz_copy(hp, hlen), *body = fz_copy(bp, blen);

    char good[WA_SIGNATURE_LEN + 1];
    if (wa_signature_make(FZ_SECRET, strlen(FZ_SECRET), body, blen, good) != 0)
        abort();
    int rc = wa_signature_check(fz_hmac(), header, hlen, body, blen);
    if (rc != 0 && rc != -1 && rc != -2)
        abort();
    int wellformed = hlen == WA_SIGNATURE_LEN && memcmp(header, WA_SIGNATURE_PREFIX, 7) == 0;
    for (size_t i = 7; wellformed && i < hlen; i++)
        wellformed = isxdigit((unsigned char)header[i]) != 0;
    if ((rc == -1) != !wellformed)
        abort(); /* malformed exactly when the shape is wrong */
    if (rc == 0 && strncasecmp(header, good, WA_SIGNATURE_LEN) != 0)
        abort(); /* accepted a header that is not the body's MAC */
    if (wa_signature_check(fz_hmac(), good, WA_SIGNATURE_LEN, body, blen) != 0)
        abort();
    for (size_t i = 7; i < WA_SIGNATURE_LEN; i++)
        good[i] = (char)toupper((unsigned char)good[i]);
    if (wa_signature_check(fz_hmac(), good, WA_SIGNATURE_LEN, body, blen) != 0)
        abort(); /* hex digits in either case */
    free(header);
    free(body);
    return 0;
}
