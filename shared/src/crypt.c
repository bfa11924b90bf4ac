/*
 * AES-256-GCM sealing of per-doctor secrets (wa/crypt.h, libwa) with OpenSSL's EVP
 * interface. Layout of the base64 part: 12-byte nonce, ciphertext, 16-byte
 * tag. Base64 is OpenSSL's block encoding (standard alphabet, with padding).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include "wa/crypt.h"

#define NONCE_LEN 12
#define TAG_LEN 16
#define PREFIX "v1:"

void wa_crypt_free(char *secret)
{
    if (secret == NULL)
        return;
    OPENSSL_cleanse(secret, strlen(secret));
    free(secret);
}

const char *wa_crypt_strerror(int rc)
{
    switch (rc) {
    case WA_CRYPT_OK:
        return "ok";
    case WA_CRYPT_EFORMAT:
        return "bad format";
    case WA_CRYPT_ENOKEY:
        return "unknown key";
    case WA_CRYPT_EAUTH:
        return "authentication failed";
    default:
        return "internal error";
    }
}

/* Decodes standard base64 (no blanks inside) into out (capacity outsz). Returns the byte count or -1. */
static int b64_decode(const char *in, size_t len, unsigned char *out, size_t outsz)
{
    if (len == 0 || len % 4 != 0 || len / 4 * 3 > outsz || len > 1 << 20)
        return -1;
    int n = EVP_DecodeBlock(out, (const unsigned char *)in, (int)len);
    if (n < 0)
        return -1;
    if (in[len - 1] == '=') /* EVP_DecodeBlock counts padding as zero bytes */
        n--;
    if (in[len - 2] == '=')
        n--;
    return n;
}

int wa_crypt_key_parse(const char *b64, wa_crypt_key_t *out)
{
    unsigned char buf[48], digest[SHA256_DIGEST_LENGTH];
    memset(out, 0, sizeof(*out));
    if (b64 == NULL)
        return WA_CRYPT_EFORMAT;
    while (*b64 == ' ' || *b64 == '\t' || *b64 == '\n' || *b64 == '\r')
        b64++;
    size_t len = strlen(b64);
    while (len > 0 && (b64[len - 1] == ' ' || b64[len - 1] == '\t' || b64[len - 1] == '\n' || b64[len - 1] == '\r'))
        len--;
    int n = b64_decode(b64, len, buf, sizeof(buf));
    if (n != WA_CRYPT_KEY_LEN) {
        OPENSSL_cleanse(buf, sizeof(buf));
        return WA_CRYPT_EFORMAT;
    }
    memcpy(out->key, buf, WA_CRYPT_KEY_LEN);
    OPENSSL_cleanse(buf, sizeof(buf));
    SHA256(out->key, WA_CRYPT_KEY_LEN, digest);
    for (int i = 0; i < WA_CRYPT_ID_LEN / 2; i++)
        snprintf(out->id + 2 * i, 3, "%02x", digest[i]);
    return WA_CRYPT_OK;
}

void wa_crypt_keyring_wipe(wa_crypt_keyring_t *ring)
{
    OPENSSL_cleanse(ring, sizeof(*ring));
}

int wa_crypt_keyring_load(wa_crypt_keyring_t *ring, const char *current, const char *previous)
{
    memset(ring, 0, sizeof(*ring));
    if (current == NULL || current[0] == '\0')
        return WA_CRYPT_OK;
    if (wa_crypt_key_parse(current, &ring->keys[0]) != WA_CRYPT_OK)
        return WA_CRYPT_EFORMAT;
    ring->n = 1;
    const char *p = previous != NULL ? previous : "";
    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char one[128];
        if (len >= sizeof(one)) {
            wa_crypt_keyring_wipe(ring);
            return WA_CRYPT_EFORMAT;
        }
        memcpy(one, p, len);
        one[len] = '\0';
        int blank = strspn(one, " \t\r\n") == len;
        if (!blank) {
            if (ring->n == WA_CRYPT_MAX_KEYS || wa_crypt_key_parse(one, &ring->keys[ring->n]) != WA_CRYPT_OK) {
                OPENSSL_cleanse(one, sizeof(one));
                wa_crypt_keyring_wipe(ring);
                return WA_CRYPT_EFORMAT;
            }
            ring->n++;
        }
        OPENSSL_cleanse(one, sizeof(one));
        p += len;
        if (*p == ',')
            p++;
    }
    return WA_CRYPT_OK;
}

char *wa_crypt_seal(const wa_crypt_key_t *key, const char *plain, const char *aad)
{
    size_t plen = strlen(plain), alen = aad != NULL ? strlen(aad) : 0;
    if (plen > (1 << 16))
        return NULL;
    size_t rawlen = NONCE_LEN + plen + TAG_LEN;
    unsigned char *raw = malloc(rawlen);
    size_t outsz = sizeof(PREFIX) + WA_CRYPT_ID_LEN + 1 + (rawlen + 2) / 3 * 4 + 1;
    char *out = malloc(outsz);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int ok = raw != NULL && out != NULL && ctx != NULL && RAND_bytes(raw, NONCE_LEN) == 1;
    int n = 0;
    ok = ok && EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) == 1 &&
         EVP_EncryptInit_ex(ctx, NULL, NULL, key->key, raw) == 1;
    ok = ok && (alen == 0 || EVP_EncryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)alen) == 1);
    ok = ok && EVP_EncryptUpdate(ctx, raw + NONCE_LEN, &n, (const unsigned char *)plain, (int)plen) == 1 &&
         (size_t)n == plen;
    ok = ok && EVP_EncryptFinal_ex(ctx, raw + NONCE_LEN + plen, &n) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, raw + NONCE_LEN + plen) == 1;
    if (ok) {
        int head = snprintf(out, outsz, PREFIX "%s:", key->id);
        EVP_EncodeBlock((unsigned char *)out + head, raw, (int)rawlen);
    }
    EVP_CIPHER_CTX_free(ctx);
    if (raw != NULL) {
        OPENSSL_cleanse(raw, rawlen);
        free(raw);
    }
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

int wa_crypt_sealed_key_id(const char *sealed, char *id)
{
    if (sealed == NULL || strncmp(sealed, PREFIX, 3) != 0)
        return WA_CRYPT_EFORMAT;
    const char *p = sealed + 3, *colon = strchr(p, ':');
    if (colon == NULL || colon - p != WA_CRYPT_ID_LEN)
        return WA_CRYPT_EFORMAT;
    memcpy(id, p, WA_CRYPT_ID_LEN);
    id[WA_CRYPT_ID_LEN] = '\0';
    return WA_CRYPT_OK;
}

int wa_crypt_open(const wa_crypt_keyring_t *ring, const char *sealed, const char *aad, char **plain)
{
    char id[WA_CRYPT_ID_LEN + 1];
    *plain = NULL;
    if (wa_crypt_sealed_key_id(sealed, id) != WA_CRYPT_OK)
        return WA_CRYPT_EFORMAT;
    const wa_crypt_key_t *key = NULL;
    for (size_t i = 0; i < ring->n; i++)
        if (strcmp(ring->keys[i].id, id) == 0)
            key = &ring->keys[i];
    if (key == NULL)
        return WA_CRYPT_ENOKEY;
    const char *b64 = sealed + 3 + WA_CRYPT_ID_LEN + 1;
    size_t blen = strlen(b64);
    size_t rawsz = blen / 4 * 3 + 3;
    unsigned char *raw = malloc(rawsz);
    if (raw == NULL)
        return WA_CRYPT_EINTERNAL;
    int rawlen = b64_decode(b64, blen, raw, rawsz);
    if (rawlen < NONCE_LEN + TAG_LEN) {
        free(raw);
        return WA_CRYPT_EFORMAT;
    }
    size_t clen = (size_t)rawlen - NONCE_LEN - TAG_LEN, alen = aad != NULL ? strlen(aad) : 0;
    char *out = malloc(clen + 1);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0, rc = WA_CRYPT_EINTERNAL;
    if (out != NULL && ctx != NULL && EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) == 1 &&
        EVP_DecryptInit_ex(ctx, NULL, NULL, key->key, raw) == 1 &&
        (alen == 0 || EVP_DecryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)alen) == 1) &&
        EVP_DecryptUpdate(ctx, (unsigned char *)out, &n, raw + NONCE_LEN, (int)clen) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, raw + NONCE_LEN + clen) == 1) {
        int fin = 0;
        rc = EVP_DecryptFinal_ex(ctx, (unsigned char *)out + n, &fin) == 1 ? WA_CRYPT_OK : WA_CRYPT_EAUTH;
    }
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(raw, rawsz);
    free(raw);
    if (rc != WA_CRYPT_OK || memchr(out, '\0', clen) != NULL) {
        if (out != NULL) {
            OPENSSL_cleanse(out, clen + 1);
            free(out);
        }
        return rc != WA_CRYPT_OK ? rc : WA_CRYPT_EFORMAT;
    }
    out[clen] = '\0';
    *plain = out;
    return WA_CRYPT_OK;
}
