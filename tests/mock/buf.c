/*
 * JSON string escaping for the mock server over libwa's growable buffer
 * (buf.h): the one place where wa-mock turns bytes into JSON text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "wa/text.h"

#include "buf.h"

size_t mock_utf8_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        size_t l = wa_utf8_seq(p + i, n - i);
        i += l != 0 ? l : 1;
    }
    return count;
}

void mock_buf_json_str(mock_buf_t *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    wa_buf_reserve(b, n + 2);
    b->base[b->len++] = '"';
    while (i < n) {
        /* copy the longest run of bytes that need no escaping in one go */
        size_t run = i;
        while (run < n && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
            run++;
        if (run > i) {
            wa_buf_append(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t l = wa_utf8_seq(p + i, n - i);
            if (l != 0) {
                wa_buf_append(b, s + i, l);
                i += l;
            } else {
                wa_buf_append(b, "\\ufffd", 6);
                i++;
            }
            continue;
        }
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t elen = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
            break;
        }
        wa_buf_append(b, esc, elen);
        i++;
    }
    wa_buf_append(b, "\"", 1);
}

void mock_buf_json_cstr(mock_buf_t *b, const char *s)
{
    if (s == NULL)
        wa_buf_appends(b, "null");
    else
        mock_buf_json_str(b, s, strlen(s));
}
