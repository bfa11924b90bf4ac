/*
 * UTF-8 sequences, cutting without splitting a character, hex digits and replacing a placeholder (wa/text.h, libwa).
 * Pure; only wa_str_replace_all allocates (and dies on out of memory, like wa_malloc).
 */
#include <string.h>
#include "wa/log.h"
#include "wa/text.h"

size_t wa_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xbf; /* bounds of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        need = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        need = 3;
        if (c == 0xe0)
            lo = 0xa0; /* overlong */
        else if (c == 0xed)
            hi = 0x9f; /* surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 4;
        if (c == 0xf0)
            lo = 0x90; /* overlong */
        else if (c == 0xf4)
            hi = 0x8f; /* past U+10FFFF */
    } else
        return 0;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return need;
}

size_t wa_utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--; /* s[n] is the first byte left out: back up to a character start */
    return n;
}

void wa_utf8_copy(char *dst, size_t dstsz, const char *src)
{
    if (dstsz == 0)
        return;
    if (src == NULL)
        src = "";
    size_t n = wa_utf8_prefix(src, strlen(src), dstsz - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

size_t wa_utf8_cut(const char *s, size_t chars, char *out, size_t outsz)
{
    size_t i = 0, n = 0, len = strlen(s);
    if (outsz == 0)
        return 0;
    while (i < len && n < chars) {
        size_t k = wa_utf8_seq((const unsigned char *)s + i, len - i);
        if (k == 0)
            k = 1; /* not UTF-8: a byte is a character */
        if (i + k >= outsz)
            break;
        i += k;
        n++;
    }
    memcpy(out, s, i);
    out[i] = '\0';
    return i;
}

int wa_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *wa_str_replace_all(const char *tmpl, const char *key, const char *value)
{
    size_t klen = strlen(key), vlen = strlen(value), count = 0;
    for (const char *q = strstr(tmpl, key); q != NULL; q = strstr(q + klen, key))
        count++;
    char *out = wa_malloc(strlen(tmpl) + count * vlen + 1), *w = out;
    const char *r = tmpl;
    for (const char *q = strstr(r, key); q != NULL; q = strstr(r, key)) {
        memcpy(w, r, (size_t)(q - r));
        w += q - r;
        memcpy(w, value, vlen);
        w += vlen;
        r = q + klen;
    }
    strcpy(w, r);
    return out;
}
