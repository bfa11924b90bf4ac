/*
 * JSON-lines logger (wa/log.h). Each line is assembled in a stack buffer and
 * written with one write(2), so lines from different threads never
 * interleave. Values are escaped as JSON strings; an over-long line is cut
 * and marked "truncated".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "wa/log.h"

wa_log_level_t wa_log_level = WA_LOG_INFO;
static const char *log_service = "wa";

static const char *level_names[] = {"debug", "info", "warn", "error"};

void wa_log_init(const char *service, const char *level_name)
{
    if (service != NULL)
        log_service = service;
    wa_log_level = WA_LOG_INFO;
    if (level_name == NULL)
        return;
    for (int i = 0; i < 4; i++)
        if (strcasecmp(level_name, level_names[i]) == 0)
            wa_log_level = (wa_log_level_t)i;
    if (strcasecmp(level_name, "warning") == 0)
        wa_log_level = WA_LOG_WARN;
}

typedef struct st_line_t {
    char buf[4096];
    size_t len;
    int truncated;
} line_t;

static void put(line_t *l, const char *s, size_t n)
{
    if (l->len + n > sizeof(l->buf) - 64) { /* keep room for the closing fields */
        n = l->len < sizeof(l->buf) - 64 ? sizeof(l->buf) - 64 - l->len : 0;
        l->truncated = 1;
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

static void put_escaped(line_t *l, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        char esc[8];
        switch (*p) {
        case '"':
            put(l, "\\\"", 2);
            break;
        case '\\':
            put(l, "\\\\", 2);
            break;
        case '\n':
            put(l, "\\n", 2);
            break;
        case '\r':
            put(l, "\\r", 2);
            break;
        case '\t':
            put(l, "\\t", 2);
            break;
        default:
            if (*p < 0x20) {
                esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[*p >> 4], esc[5] = hex[*p & 15];
                put(l, esc, 6);
            } else {
                put(l, (const char *)p, 1);
            }
        }
        if (l->truncated)
            return;
    }
}

static void put_pair(line_t *l, const char *key, const char *value)
{
    put(l, ",\"", 2);
    put_escaped(l, key);
    put(l, "\":\"", 3);
    put_escaped(l, value);
    put(l, "\"", 1);
}

void wa_log_write(wa_log_level_t level, const char *msg, ...)
{
    line_t l;
    l.len = 0;
    l.truncated = 0;

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char tbuf[64];
    int n = snprintf(tbuf, sizeof(tbuf), "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\"", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    put(&l, tbuf, (size_t)n);
    put_pair(&l, "level", level_names[level < 0 || level > WA_LOG_ERROR ? 1 : level]);
    put_pair(&l, "svc", log_service);
    put_pair(&l, "msg", msg != NULL ? msg : "");

    va_list ap;
    va_start(ap, msg);
    const char *key;
    while ((key = va_arg(ap, const char *)) != NULL) {
        const char *value = va_arg(ap, const char *);
        if (value != NULL)
            put_pair(&l, key, value);
    }
    va_end(ap);

    if (l.truncated) {
        static const char t[] = ",\"truncated\":\"1\"";
        memcpy(l.buf + l.len, t, sizeof(t) - 1);
        l.len += sizeof(t) - 1;
    }
    l.buf[l.len++] = '}';
    l.buf[l.len++] = '\n';
    ssize_t w = write(STDOUT_FILENO, l.buf, l.len);
    (void)w; /* nowhere to report a failed log write */
}

_Noreturn void wa_fatal(const char *msg)
{
    wa_log_write(WA_LOG_ERROR, "fatal", "error", msg, (const char *)0);
    abort();
}

void *wa_malloc(unsigned long n)
{
    void *p = malloc(n != 0 ? n : 1);
    if (p == NULL)
        wa_fatal("out of memory");
    return p;
}

void *wa_calloc(unsigned long n, unsigned long size)
{
    void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);
    if (p == NULL)
        wa_fatal("out of memory");
    return p;
}

void *wa_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    void *np = wa_malloc(ncap * elem);
    if (*cap)
        memcpy(np, p, *cap * elem);
    free(p);
    *cap = ncap;
    return np;
}

char *wa_strdup(const char *s)
{
    char *p = strdup(s != NULL ? s : "");
    if (p == NULL)
        wa_fatal("out of memory");
    return p;
}

char *wa_strndup(const char *s, unsigned long n)
{
    char *p = strndup(s != NULL ? s : "", n);
    if (p == NULL)
        wa_fatal("out of memory");
    return p;
}
