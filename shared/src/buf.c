/*
 * Growable byte buffers (wa/buf.h): the one implementation of "append bytes,
 * double when full, keep a NUL at the end" that the services, wactl and libwa's
 * own metrics renderer share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/buf.h"
#include "wa/log.h"

void wa_buf_init(wa_buf_t *b)
{
    b->base = NULL;
    b->len = b->cap = 0;
}

void wa_buf_dispose(wa_buf_t *b)
{
    free(b->base);
    wa_buf_init(b);
}

void wa_buf_reserve(wa_buf_t *b, size_t more)
{
    if (more > (size_t)-1 / 2 - b->len - 1)
        wa_fatal("buffer size overflow");
    size_t need = b->len + more + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap > 0 ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->base, cap);
    if (p == NULL)
        wa_fatal("out of memory");
    if (b->base == NULL)
        p[0] = '\0';
    b->base = p;
    b->cap = cap;
}

void wa_buf_append(wa_buf_t *b, const void *p, size_t n)
{
    wa_buf_reserve(b, n);
    if (n > 0)
        memcpy(b->base + b->len, p, n);
    b->len += n;
    b->base[b->len] = '\0';
}

void wa_buf_appends(wa_buf_t *b, const char *s)
{
    wa_buf_append(b, s, strlen(s));
}

void wa_buf_printf(wa_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        wa_fatal("wa_buf_printf: bad format");
    wa_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->base + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int wa_buf_append_max(wa_buf_t *b, const void *p, size_t n, size_t max)
{
    if (n > max || b->len > max - n)
        return -1;
    wa_buf_append(b, p, n);
    return 0;
}

int wa_buf_read(wa_buf_t *b, FILE *f, size_t max)
{
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (wa_buf_append_max(b, chunk, got, max) != 0)
            return -2;
    return ferror(f) ? -1 : 0;
}

const char *wa_buf_str(const wa_buf_t *b)
{
    return b->base != NULL ? b->base : "";
}

char *wa_buf_release(wa_buf_t *b)
{
    char *p = b->base != NULL ? b->base : wa_strdup("");
    wa_buf_init(b);
    return p;
}
