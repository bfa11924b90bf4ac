/*
 * HMAC-SHA256 and webhook signatures (wa/hmac.h). The EVP_MAC context is
 * keyed once; each message duplicates the keyed context (cheaper than
 * re-keying) and finalises the copy. Comparisons use CRYPTO_memcmp.
 */
#include <ctype.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "wa/hmac.h"
#include "wa/text.h"

struct st_wa_hmac_t {
    EVP_MAC *mac;
    EVP_MAC_CTX *keyed; /* initialised with the key; duplicated per message */
};

wa_hmac_t *wa_hmac_create(const void *key, size_t keylen)
{
    wa_hmac_t *h = OPENSSL_zalloc(sizeof(*h));
    if (h == NULL)
        return NULL;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_END};
    static const unsigned char empty = 0;
    if ((h->mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL || (h->keyed = EVP_MAC_CTX_new(h->mac)) == NULL ||
        !EVP_MAC_init(h->keyed, keylen != 0 ? key : &empty, keylen, params)) {
        wa_hmac_destroy(h);
        return NULL;
    }
    return h;
}

void wa_hmac_destroy(wa_hmac_t *h)
{
    if (h == NULL)
        return;
    EVP_MAC_CTX_free(h->keyed);
    EVP_MAC_free(h->mac);
    OPENSSL_free(h);
}

int wa_hmac_sha256(wa_hmac_t *h, const void *data, size_t len, unsigned char out[32])
{
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(h->keyed);
    size_t outl = 0;
    int ok = ctx != NULL && EVP_MAC_update(ctx, data, len) && EVP_MAC_final(ctx, out, &outl, 32) && outl == 32;
    EVP_MAC_CTX_free(ctx);
    return ok ? 0 : -1;
}

void wa_hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int wa_signature_check(wa_hmac_t *h, const char *header, size_t header_len, const void *body, size_t len)
{
    unsigned char want[32], got[32];
    if (header == NULL || header_len != WA_SIGNATURE_LEN || memcmp(header, WA_SIGNATURE_PREFIX, 7) != 0)
        return -1;
    const char *hex = header + 7;
    for (size_t i = 0; i < 32; i++) {
        int hi = wa_hexval(hex[2 * i]), lo = wa_hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        want[i] = (unsigned char)(hi << 4 | lo);
    }
    if (wa_hmac_sha256(h, body, len, got) != 0)
        return -2;
    return CRYPTO_memcmp(want, got, 32) == 0 ? 0 : -2;
}

int wa_signature_make(const void *secret, size_t secret_len, const void *body, size_t len,
                      char out[WA_SIGNATURE_LEN + 1])
{
    wa_hmac_t *h = wa_hmac_create(secret, secret_len);
    unsigned char mac[32];
    int rc = h != NULL ? wa_hmac_sha256(h, body, len, mac) : -1;
    wa_hmac_destroy(h);
    if (rc != 0)
        return -1;
    memcpy(out, WA_SIGNATURE_PREFIX, 7);
    wa_hex_encode(mac, 32, out + 7);
    return 0;
}

const char *wa_app_secret_weak(const char *secret)
{
    static const char *const placeholders[] = {"changeme", "replaceme", "yourappsecret", "appsecrethere",
                                               "placeholder", "fillmein", "notset", "secrethere"};
    char norm[128];
    size_t n = 0, len;

    if (secret == NULL || secret[0] == '\0')
        return "it is empty";
    len = strlen(secret);
    if (len < WA_APP_SECRET_MIN)
        return "it is shorter than 16 characters";
    for (size_t i = 0; i < len && n + 1 < sizeof(norm); i++)
        if (isalnum((unsigned char)secret[i]))
            norm[n++] = (char)tolower((unsigned char)secret[i]);
    norm[n] = '\0';
    for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
        if (strstr(norm, placeholders[i]) != NULL)
            return "it is a placeholder (such as CHANGE-ME), not the app's secret";
    for (size_t i = 1; i < len && secret[i] == secret[0]; i++)
        if (i == len - 1)
            return "it repeats one character";
    return NULL;
}
