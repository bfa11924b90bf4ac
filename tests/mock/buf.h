/*
 * JSON string writer of the mock server (wa-mock) over libwa's growable
 * buffer. Every answer the mock sends and every dump of its request log is
 * built in a mock_buf_t (a wa_buf_t); mock_buf_json_str writes any bytes (NULs, invalid UTF-8
 * included) as a valid JSON string, so garbage requests stay readable by the
 * Python test suite.
 */
#ifndef mock__buf_h
#define mock__buf_h

#include <stddef.h>
#include "wa/buf.h"

/* libwa's growable buffer (wa/buf.h): wa_buf_init/append/appends/printf/dispose build the mock's answers. */
typedef wa_buf_t mock_buf_t;

/* Appends `s` (n bytes, may hold NULs) as a quoted JSON string; invalid UTF-8 bytes become U+FFFD. */
void mock_buf_json_str(mock_buf_t *b, const char *s, size_t n);
/* Same for a NUL-terminated string; NULL is written as the JSON literal null. */
void mock_buf_json_cstr(mock_buf_t *b, const char *s);

/* Number of UTF-8 code points in s[0..n) (an invalid byte counts as one). */
size_t mock_utf8_len(const char *s, size_t n);

#endif
