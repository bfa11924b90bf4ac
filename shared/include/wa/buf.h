/*
 * Growable byte buffers (libwa). A wa_buf_t is the one buffer every module
 * builds text in: prompts, Prometheus output, PostgreSQL array literals, table
 * renderings, HTTP response bodies, files read whole. It is embedded by value, grows by doubling,
 * keeps its bytes NUL-terminated after every append (so `base` can be read as a
 * C string once anything was appended), and treats out of memory as fatal
 * (wa_fatal), like wa_malloc.
 */
#ifndef wa__buf_h
#define wa__buf_h

#include <stddef.h>
#include <stdio.h>

typedef struct st_wa_buf_t {
    char *base; /* owned; NULL until the first append or reserve */
    size_t len; /* bytes in use, the trailing NUL not counted */
    size_t cap; /* bytes allocated */
} wa_buf_t;

#define WA_BUF_INIT                                                                                                    \
    {                                                                                                                  \
        NULL, 0, 0                                                                                                     \
    }

/* Sets b empty without allocating. */
void wa_buf_init(wa_buf_t *b);
/* Frees b's bytes and sets it empty; b can be used again. */
void wa_buf_dispose(wa_buf_t *b);
/* Makes room for `more` bytes past len plus the NUL. Out of memory is fatal. */
void wa_buf_reserve(wa_buf_t *b, size_t more);
/* Appends n bytes (they may contain NULs) and keeps the buffer NUL-terminated. */
void wa_buf_append(wa_buf_t *b, const void *p, size_t n);
/* Appends the C string s. */
void wa_buf_appends(wa_buf_t *b, const char *s);
/* Appends printf-formatted text. */
void wa_buf_printf(wa_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends n bytes unless the buffer would then hold more than `max` bytes: returns 0, or -1 and leaves b unchanged
 * (a bounded HTTP response body, a capped file read). */
int wa_buf_append_max(wa_buf_t *b, const void *p, size_t n, size_t max);
/* Appends everything left in `f` (a file, a pipe, stdin) unless the buffer would then hold more than `max` bytes.
 * Returns 0; -1 on a read error (ferror); -2 when there is more than `max` (b then holds a prefix, to dispose). */
int wa_buf_read(wa_buf_t *b, FILE *f, size_t max);
/* The bytes as a C string: "" while nothing was appended. Borrowed: valid until the next change to b. */
const char *wa_buf_str(const wa_buf_t *b);
/* Hands the bytes to the caller (free() them; a "" allocation when empty) and sets b empty. */
char *wa_buf_release(wa_buf_t *b);

#endif
