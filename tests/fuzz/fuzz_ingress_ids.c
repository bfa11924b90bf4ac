/*
 * Fuzz target: what the ingress reads of an unauthenticated or doctor-signed body (services/ingress/secrets.h).
 * Any bytes go through ing_scan_ids, the bounded scan that picks candidate doctors before any signature verified
 * (it must never read past the body nor return an id that is not in it), then through ing_app_scope_check with the
 * ids found and with fixed ones, as the ingress calls it once a doctor's secret verified the body.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "secrets.h"

static void fz_check_id(const char *id, const uint8_t *data, size_t size)
{
    size_t n = strlen(id);
    if (n >= ING_ID_MAX)
        abort();
    if (n > 0 && (size < n || memmem(data, size < ING_SCAN_MAX ? size : ING_SCAN_MAX, id, n) == NULL))
        abort(); /* an id the body does not contain */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ing_body_ids_t ids;
    char *copy = malloc(size > 0 ? size : 1); /* exactly sized, not NUL-terminated: ASan sees any overread */
    if (copy == NULL)
        abort();
    if (size > 0)
        memcpy(copy, data, size);
    int found = ing_scan_ids(copy, size, &ids);
    if (found != (ids.waba[0] != '\0'))
        abort();
    fz_check_id(ids.waba, data, size);
    fz_check_id(ids.pnid, data, size);
    int ok = ing_app_scope_check(ids.waba, ids.pnid, copy, size);
    if (ok == 0 && (!found || ids.pnid[0] == '\0'))
        abort(); /* accepted without both ids: the scope check has nothing to compare with */
    (void)ing_app_scope_check("WABA-A", "pn-a", copy, size);
    free(copy);
    return 0;
}
