/*
 * Webhook signatures (API_REFERENCE.md A.2.1): "sha256=" + lowercase hex of
 * HMAC-SHA256(app secret, raw body). A wa_hmac_t keeps a pre-keyed EVP_MAC
 * context that is re-initialised per message (about 2.5x faster than one-shot
 * HMAC()). One wa_hmac_t per thread: it is not thread-safe.
 */
#ifndef wa__hmac_h
#define wa__hmac_h

#include <stddef.h>

#define WA_SIGNATURE_PREFIX "sha256="
#define WA_SIGNATURE_LEN (7 + 64) /* "sha256=" + 64 hex */

typedef struct st_wa_hmac_t wa_hmac_t;

/* Creates a context keyed with `key`. Returns NULL when OpenSSL fails. The key is copied by OpenSSL. */
wa_hmac_t *wa_hmac_create(const void *key, size_t keylen);
/* NULL is a no-op. */
void wa_hmac_destroy(wa_hmac_t *h);
/* Computes the 32-byte MAC of data. Returns 0 or -1. */
int wa_hmac_sha256(wa_hmac_t *h, const void *data, size_t len, unsigned char out[32]);

/* Checks an X-Hub-Signature-256 header value against `body`. Returns 0 when it matches, -1 when the header is
 * malformed (wrong prefix, wrong length, not hex), -2 when it does not match. Constant time in the MAC comparison.
 * Hex digits are accepted in either case. */
int wa_signature_check(wa_hmac_t *h, const char *header, size_t header_len, const void *body, size_t len);

/* Writes "sha256=<64 lowercase hex>" and a NUL into out (WA_SIGNATURE_LEN + 1 bytes). Returns 0 or -1. For clients
 * (wactl simulate, load generator, tests). */
int wa_signature_make(const void *secret, size_t secret_len, const void *body, size_t len,
                      char out[WA_SIGNATURE_LEN + 1]);

#define WA_APP_SECRET_MIN 16 /* characters an app secret must have at least (Meta's are 32 hex digits) */

/* Why an app secret must not be used, or NULL when it may: NULL/empty, shorter than WA_APP_SECRET_MIN characters,
 * or a known placeholder (CHANGE-ME, changeme, replace-me, your-app-secret, placeholder ..., compared on its
 * letters and digits only, case-insensitively, also as a part of a longer value). The reason is a static string that
 * never contains the secret. Pure. */
const char *wa_app_secret_weak(const char *secret);

/* Lowercase hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void wa_hex_encode(const unsigned char *in, size_t n, char *out);

#endif
