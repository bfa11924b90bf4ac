/*
 * Query strings and Meta's webhook verification handshake (API_REFERENCE.md
 * A.1), as pure functions of bytes: percent-decoding, looking up a parameter,
 * a constant-time comparison and the verify decision itself. No I/O, no h2o:
 * the webhook handler (webhook.c), the unit tests and the fuzzers call them
 * directly.
 */
#ifndef ing__query_h
#define ing__query_h

#include <stddef.h>

/* Percent-decodes `len` bytes of `in` into `out` (which must hold `len` bytes; decoding never grows the text).
 * "+" becomes a space (application/x-www-form-urlencoded); "%XY" with two hex digits becomes that byte (NUL included);
 * a "%" not followed by two hex digits is kept as is, as browsers and Node's querystring do. Returns the decoded
 * length. `in` and `out` may be the same buffer. */
size_t ing_url_decode(const char *in, size_t len, char *out);

/* Finds the first parameter of the query string `q` (the text after "?", without it) whose decoded name equals
 * `name`. Parameters are separated by "&" (";" is not a separator); a parameter without "=" has an empty value.
 * On success returns 1 and points *val and *val_len at the still-encoded value inside `q` (borrowed); returns 0 when
 * absent. */
int ing_query_find(const char *q, size_t qlen, const char *name, const char **val, size_t *val_len);

/* Compares a secret with a candidate in time that depends only on the candidate's length (never on where they
 * differ, never on the secret's length beyond the final equality). Returns 1 when equal, 0 otherwise. */
int ing_ct_equal(const char *secret, size_t secret_len, const char *given, size_t given_len);

typedef enum en_ing_verify_result_t {
    ING_VERIFY_OK = 0,    /* answer 200 with the challenge */
    ING_VERIFY_NO_TOKEN,  /* no WHATSAPP_VERIFY_TOKEN configured: 403 */
    ING_VERIFY_MISSING,   /* hub.mode, hub.verify_token or hub.challenge absent: 403 */
    ING_VERIFY_BAD_MODE,  /* hub.mode is not "subscribe": 403 */
    ING_VERIFY_BAD_TOKEN, /* hub.verify_token differs: 403 */
} ing_verify_result_t;

/* Decides Meta's GET verification for the query string `q` (text after "?", may be NULL when there is none) against
 * the configured `token` (NULL or "" when none). Values are percent-decoded; "hub_mode" etc. are accepted as aliases
 * of "hub.mode" (PHP-style renaming). On ING_VERIFY_OK the decoded challenge is written to `challenge` (capacity at
 * least qlen bytes, caller-owned; not NUL-terminated, may contain any byte) and its length to *challenge_len. */
ing_verify_result_t ing_verify_check(const char *q, size_t qlen, const char *token, char *challenge,
                                     size_t *challenge_len);

/* A short machine word for a verify result, for logs ("ok", "no_token", "missing", "bad_mode", "bad_token"). */
const char *ing_verify_result_str(ing_verify_result_t r);

#endif
