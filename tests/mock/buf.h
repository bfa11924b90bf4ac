/*
 * Growable byte buffer and JSON string writer of the mock server (wa-mock).
 * Every answer the mock sends and every dump of its request log is built in
 * a mock_buf_t; mock_buf_json_str writes any bytes (NULs, invalid UTF-8
 * included) as a valid JSON string, so garbage requests stay readable by the
 * Python test suite.
 */
#ifndef mock__buf_h
#define mock__buf_h

#include <stddef.h>

typedef struct st_mock_buf_t {
    char *base; /* owned, NUL-terminated whenever len > 0 or after any append */
    size_t len;
    size_t cap;
} mock_buf_t;

/* Empty buffer, nothing allocated yet. */
void mock_buf_init(mock_buf_t *b);
/* Frees the storage; the buffer is empty again and reusable. */
void mock_buf_dispose(mock_buf_t *b);
/* Makes room for `extra` more bytes plus a NUL (wa_fatal when out of memory). */
void mock_buf_reserve(mock_buf_t *b, size_t extra);
void mock_buf_append(mock_buf_t *b, const char *s, size_t n);
void mock_buf_puts(mock_buf_t *b, const char *s);
void mock_buf_printf(mock_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` (n bytes, may hold NULs) as a quoted JSON string; invalid UTF-8 bytes become U+FFFD. */
void mock_buf_json_str(mock_buf_t *b, const char *s, size_t n);
/* Same for a NUL-terminated string; NULL is written as the JSON literal null. */
void mock_buf_json_cstr(mock_buf_t *b, const char *s);

/* Number of UTF-8 code points in s[0..n) (an invalid byte counts as one). */
size_t mock_utf8_len(const char *s, size_t n);

#endif
