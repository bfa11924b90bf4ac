/*
 * Byte-level text helpers (libwa), pure: UTF-8 sequences, cutting a text to a
 * byte or character budget without splitting a character, and hex digits.
 * Every service cuts text (prompts, history, tenant names into fixed fields,
 * WhatsApp's title limits) and decodes hex (signatures, %-escapes); these are
 * the one copy. Unit-tested in tests/unit/test_text.c.
 */
#ifndef wa__text_h
#define wa__text_h

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one (overlong forms, surrogates
 * and code points past U+10FFFF included). n is how many bytes are left (at least 1). */
size_t wa_utf8_seq(const unsigned char *s, size_t n);

/* The length of the longest prefix of s[0, len) of at most `max` bytes that does not end inside a UTF-8 sequence:
 * len when it fits, else `max` backed up to the start of the character that would be cut. */
size_t wa_utf8_prefix(const char *s, size_t len, size_t max);

/* Copies the C string src (NULL = "") into dst (dstsz bytes), cut with wa_utf8_prefix so that it fits with its NUL.
 * dstsz 0 writes nothing. */
void wa_utf8_copy(char *dst, size_t dstsz, const char *src);

/* Copies at most `chars` characters of the C string s into out (outsz bytes, NUL included), never splitting one; a
 * byte that starts no valid sequence counts as one character. Returns the bytes copied. outsz 0 writes nothing. */
size_t wa_utf8_cut(const char *s, size_t chars, char *out, size_t outsz);

/* The value of hex digit c (either case), or -1 when c is not one. */
int wa_hexval(int c);
/* A copy of `tmpl` (malloc'd, the caller frees) with every `key` replaced by `value`; `key` must not be empty. */
char *wa_str_replace_all(const char *tmpl, const char *key, const char *value);

#endif
