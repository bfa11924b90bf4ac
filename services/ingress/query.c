/*
 * Query-string parsing and the webhook verification decision for the ingress
 * (services/ingress). Pure functions over bytes: webhook.c calls them with the
 * request's query, the unit tests (tests/unit/test_ingress_query.c) with
 * literals. Nothing here allocates or logs.
 */
#include <string.h>
#include "wa/text.h"
#include "query.h"

size_t ing_url_decode(const char *in, size_t len, char *out)
{
    size_t i = 0, o = 0;

    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        if (c == '+') {
            out[o++] = ' ';
            i++;
        } else if (c == '%' && i + 2 < len && wa_hexval((unsigned char)in[i + 1]) >= 0 &&
                   wa_hexval((unsigned char)in[i + 2]) >= 0) {
            out[o++] = (char)(wa_hexval((unsigned char)in[i + 1]) * 16 + wa_hexval((unsigned char)in[i + 2]));
            i += 3;
        } else {
            out[o++] = (char)c;
            i++;
        }
    }
    return o;
}

int ing_query_find(const char *q, size_t qlen, const char *name, const char **val, size_t *val_len)
{
    size_t name_len = strlen(name), pos = 0;
    char decoded[256];

    if (q == NULL)
        return 0;
    while (pos <= qlen) {
        const char *p = q + pos, *amp = memchr(p, '&', qlen - pos), *eq;
        size_t plen = amp != NULL ? (size_t)(amp - p) : qlen - pos, klen;

        eq = memchr(p, '=', plen);
        klen = eq != NULL ? (size_t)(eq - p) : plen;
        /* decoding never grows a name: one longer than the buffer cannot decode to a short literal we look for */
        if (klen <= sizeof(decoded) && ing_url_decode(p, klen, decoded) == name_len &&
            memcmp(decoded, name, name_len) == 0) {
            *val = eq != NULL ? eq + 1 : p + plen;
            *val_len = eq != NULL ? plen - klen - 1 : 0;
            return 1;
        }
        if (amp == NULL)
            break;
        pos += plen + 1;
    }
    return 0;
}

int ing_ct_equal(const char *secret, size_t secret_len, const char *given, size_t given_len)
{
    unsigned char diff = 0;
    size_t i;

    if (secret_len == 0)
        return given_len == 0;
    /* walk the candidate's length; index the secret modulo its length so no branch depends on it */
    for (i = 0; i < given_len; i++)
        diff |= (unsigned char)(secret[i % secret_len] ^ given[i]);
    return (diff == 0) & (secret_len == given_len);
}

/* Finds `name` or its PHP-style alias (dots as underscores). */
static int find_hub(const char *q, size_t qlen, const char *name, const char *alias, const char **val, size_t *len)
{
    return ing_query_find(q, qlen, name, val, len) || ing_query_find(q, qlen, alias, val, len);
}

ing_verify_result_t ing_verify_check(const char *q, size_t qlen, const char *token, char *challenge,
                                     size_t *challenge_len)
{
    const char *mode, *given, *chal;
    size_t mode_len, given_len, chal_len, n;

    if (token == NULL || token[0] == '\0')
        return ING_VERIFY_NO_TOKEN;
    if (q == NULL || !find_hub(q, qlen, "hub.mode", "hub_mode", &mode, &mode_len) ||
        !find_hub(q, qlen, "hub.verify_token", "hub_verify_token", &given, &given_len) ||
        !find_hub(q, qlen, "hub.challenge", "hub_challenge", &chal, &chal_len) || mode_len == 0 || given_len == 0 ||
        chal_len == 0)
        return ING_VERIFY_MISSING;

    /* every value decodes into `challenge` (capacity qlen) in turn; the challenge goes last so it stays there */
    n = ing_url_decode(mode, mode_len, challenge);
    if (!(n == sizeof("subscribe") - 1 && memcmp(challenge, "subscribe", n) == 0))
        return ING_VERIFY_BAD_MODE;
    n = ing_url_decode(given, given_len, challenge);
    if (!ing_ct_equal(token, strlen(token), challenge, n))
        return ING_VERIFY_BAD_TOKEN;
    *challenge_len = ing_url_decode(chal, chal_len, challenge);
    return ING_VERIFY_OK;
}

const char *ing_verify_result_str(ing_verify_result_t r)
{
    switch (r) {
    case ING_VERIFY_OK:
        return "ok";
    case ING_VERIFY_NO_TOKEN:
        return "no_token";
    case ING_VERIFY_MISSING:
        return "missing";
    case ING_VERIFY_BAD_MODE:
        return "bad_mode";
    case ING_VERIFY_BAD_TOKEN:
        return "bad_token";
    }
    return "unknown";
}
