/*
 * RFC 6238 TOTP, RFC 4226 HOTP, base32 and otpauth URIs (see wa/totp.h). HMAC-SHA-1 through OpenSSL's one-shot
 * HMAC(); the randomness of a new secret from OpenSSL's RAND_bytes.
 */
#include "wa/totp.h"

#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

uint32_t wa_hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits)
{
    unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    uint32_t mod = 1, bin;

    for (int i = 7; i >= 0; i--) {
        msg[i] = (unsigned char)(counter & 0xff);
        counter >>= 8;
    }
    if (HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof(msg), mac, &maclen) == NULL || maclen < 20)
        return UINT32_MAX; /* never a valid code: it has more digits than any */
    int off = mac[maclen - 1] & 0x0f;
    bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
          (uint32_t)mac[off + 3];
    OPENSSL_cleanse(mac, sizeof(mac));
    if (digits < 1)
        digits = 1;
    if (digits > 9)
        digits = 9;
    for (int i = 0; i < digits; i++)
        mod *= 10;
    return bin % mod;
}

uint64_t wa_totp_step(uint64_t now_s)
{
    return now_s / WA_TOTP_STEP_S;
}

int wa_totp_verify(const unsigned char *key, size_t keylen, const char *code, uint64_t now_s, int64_t last_step,
                   int64_t *matched)
{
    char want[WA_TOTP_DIGITS + 1], got[WA_TOTP_DIGITS + 1];
    uint64_t step = wa_totp_step(now_s);
    int replay = 0;

    if (code == NULL || strlen(code) != WA_TOTP_DIGITS)
        return 0;
    for (int i = 0; i < WA_TOTP_DIGITS; i++)
        if (code[i] < '0' || code[i] > '9')
            return 0;
    memcpy(got, code, sizeof(got));
    for (int d = -1; d <= 1; d++) {
        if (d < 0 && step == 0)
            continue;
        uint64_t s = step + (uint64_t)(int64_t)d;
        uint32_t v = wa_hotp(key, keylen, s, WA_TOTP_DIGITS);
        if (v >= 1000000) /* HMAC failed: its marker must not be cut down to six digits that could match */
            continue;
        snprintf(want, sizeof(want), "%06u", (unsigned)v);
        if (CRYPTO_memcmp(want, got, WA_TOTP_DIGITS) != 0)
            continue;
        if (last_step >= 0 && (int64_t)s <= last_step) {
            replay = 1;
            continue;
        }
        if (matched != NULL)
            *matched = (int64_t)s;
        OPENSSL_cleanse(want, sizeof(want));
        return 1;
    }
    OPENSSL_cleanse(want, sizeof(want));
    return replay ? -1 : 0;
}

int wa_totp_b32_encode(const unsigned char *in, size_t len, char *out, size_t outsz)
{
    size_t need = (len * 8 + 4) / 5 + 1, o = 0;
    unsigned int acc = 0;
    int bits = 0;

    if (outsz < need)
        return -1;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = B32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = B32[(acc << (5 - bits)) & 31];
    out[o] = '\0';
    return 0;
}

int wa_totp_b32_decode(const char *in, unsigned char out[WA_TOTP_KEY_MAX])
{
    unsigned int acc = 0;
    int bits = 0, n = 0;

    for (; *in != '\0'; in++) {
        int c = (unsigned char)*in, v;
        if (c == ' ' || c == '=' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c -= 32;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            return -1;
        acc = ((acc << 5) | (unsigned)v) & 0xffff;
        bits += 5;
        if (bits >= 8) {
            if (n >= WA_TOTP_KEY_MAX)
                return -1;
            out[n++] = (unsigned char)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    return n > 0 ? n : -1;
}

int wa_totp_secret_new(char out[WA_TOTP_B32_MAX])
{
    unsigned char key[WA_TOTP_KEY_LEN];
    if (RAND_bytes(key, sizeof(key)) != 1)
        return -1;
    int rc = wa_totp_b32_encode(key, sizeof(key), out, WA_TOTP_B32_MAX);
    OPENSSL_cleanse(key, sizeof(key));
    return rc;
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
static int pct(const char *s, char *out, size_t outsz, size_t *o)
{
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~';
        if (*o + (plain ? 1 : 3) >= outsz)
            return -1;
        if (plain)
            out[(*o)++] = (char)c;
        else
            *o += (size_t)snprintf(out + *o, outsz - *o, "%%%02X", c);
    }
    out[*o] = '\0';
    return 0;
}

static int lit(const char *s, char *out, size_t outsz, size_t *o)
{
    size_t n = strlen(s);
    if (*o + n >= outsz)
        return -1;
    memcpy(out + *o, s, n + 1);
    *o += n;
    return 0;
}

int wa_totp_uri(const char *issuer, const char *account, const char *secret_b32, char *out, size_t outsz)
{
    size_t o = 0;
    if (outsz == 0)
        return -1;
    out[0] = '\0';
    if (lit("otpauth://totp/", out, outsz, &o) || pct(issuer, out, outsz, &o) || lit(":", out, outsz, &o) ||
        pct(account, out, outsz, &o) || lit("?secret=", out, outsz, &o) || lit(secret_b32, out, outsz, &o) ||
        lit("&issuer=", out, outsz, &o) || pct(issuer, out, outsz, &o) ||
        lit("&algorithm=SHA1&digits=6&period=30", out, outsz, &o))
        return -1;
    return 0;
}
