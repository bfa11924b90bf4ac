/*
 * Time-based one-time passwords (libwa): RFC 6238 TOTP over RFC 4226 HOTP with
 * HMAC-SHA-1, 30-second steps from the Unix epoch, the dashboard's optional
 * second factor. Also the base32 (RFC 4648, no padding) an authenticator app is
 * given the secret in, and the otpauth:// URI it scans. Pure apart from
 * wa_totp_secret_new's randomness: no logging, no globals. A secret is a
 * secret: callers never log it, nor put it in an error.
 */
#ifndef wa__totp_h
#define wa__totp_h

#include <stddef.h>
#include <stdint.h>

#define WA_TOTP_STEP_S 30
#define WA_TOTP_DIGITS 6
#define WA_TOTP_KEY_LEN 20      /* bytes of a new secret (160 bits, RFC 4226's recommendation) */
#define WA_TOTP_B32_MAX 104     /* room for the base32 of a key of up to 64 bytes, and NUL */
#define WA_TOTP_KEY_MAX 64      /* longest key wa_totp_b32_decode accepts */

/* The HOTP value of `key` at `counter`, reduced to `digits` (1..9) decimal digits. */
uint32_t wa_hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits);

/* The step of Unix time `now_s`: floor(now_s / 30). */
uint64_t wa_totp_step(uint64_t now_s);

/* Checks a 6-digit `code` (exactly six ASCII digits, else a mismatch) against `key` at steps step-1, step, step+1
 * of `now_s`. A step not after `last_step` (the last one accepted for this user; -1: none) never matches: a code
 * is used once. Returns 1 and sets *matched to the step that matched, 0 when no allowed step matches, -1 when the
 * code matches only a step already used (a replay). Compares in constant time per step. */
int wa_totp_verify(const unsigned char *key, size_t keylen, const char *code, uint64_t now_s, int64_t last_step,
                   int64_t *matched);

/* Base32 (RFC 4648 alphabet, upper case, no padding) of `len` bytes into out (outsz >= len * 8 / 5 + 2).
 * Returns 0, or -1 when out is too small. */
int wa_totp_b32_encode(const unsigned char *in, size_t len, char *out, size_t outsz);

/* Decodes base32 (case-insensitive; blanks and '=' padding ignored) into out (WA_TOTP_KEY_MAX bytes). Returns the
 * number of bytes, or -1 for a character outside the alphabet, an empty or too long input. */
int wa_totp_b32_decode(const char *in, unsigned char out[WA_TOTP_KEY_MAX]);

/* A new random secret of WA_TOTP_KEY_LEN bytes, as base32 into out (WA_TOTP_B32_MAX bytes). Returns 0 or -1. */
int wa_totp_secret_new(char out[WA_TOTP_B32_MAX]);

/* "otpauth://totp/<issuer>:<account>?secret=<b32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30", issuer and
 * account percent-encoded. Returns 0, or -1 when out (outsz bytes) is too small. */
int wa_totp_uri(const char *issuer, const char *account, const char *secret_b32, char *out, size_t outsz);

#endif
