/*
 * Sign-in secrets (libwa, shared by wa-dashboard and wactl): password hashing with
 * Argon2id (libsodium crypto_pwhash_str, INTERACTIVE preset: about 64 MiB and
 * tens of milliseconds each), random tokens (sessions, CSRF, API tokens) and
 * the hash under which a token is stored (BLAKE2b-256, crypto_generichash: a
 * token has 256 random bits, so a fast hash is enough; a password is not).
 * The dashboard signs users in with them; wactl uses the same functions for
 * `wactl user` and `wactl token`, so neither links the other.
 */
#ifndef wa__secret_h
#define wa__secret_h

#include <stddef.h>

#define WA_PASSWORD_MIN 10   /* characters (bytes) */
#define WA_PASSWORD_MAX 1024 /* longer input is refused before hashing */
#define WA_HASH_MAX 128      /* room for a crypto_pwhash_str string */
#define WA_TOKEN_MAX 64      /* room for a token: 43 base64url characters, a prefix, NUL */
#define WA_TOKEN_HASH_HEX 65 /* 64 hex digits and NUL */
#define WA_HASH_WAIT_MS 3000 /* longest wait for a hashing slot when verifying */

/* Initialises libsodium and the bound on concurrent hashes (`concurrency` at once in this process, at least 1).
 * Returns 0, or -1 when libsodium cannot start. Call once before any other function here. */
int wa_secret_init(int concurrency);

/* Hashes `password` (len bytes) into out (WA_HASH_MAX bytes). Waits while `concurrency` hashes are running.
 * Returns 0, or -1 (out of memory for Argon2id). */
int wa_password_hash(const char *password, size_t len, char out[WA_HASH_MAX]);
/* 1 when `password` matches `hash`, else 0 (a malformed hash is a mismatch); -1 when no hashing slot freed up
 * within WA_HASH_WAIT_MS (the caller answers "busy" rather than hold its thread longer). */
int wa_password_verify(const char *hash, const char *password, size_t len);
/* 1 when `hash` was made with other parameters than today's (then hash the password again at its next sign-in). */
int wa_password_needs_rehash(const char *hash);
/* A hash of a random password, made once: verified against when an email is unknown, so that answering "wrong email
 * or password" takes as long for an unknown email as for a wrong password. Borrowed, lives as long as the process. */
const char *wa_password_dummy_hash(void);
/* Checks a new password's length: NULL when acceptable, else a sentence saying why. */
const char *wa_password_weak(const char *password, size_t len);

/* Writes `prefix` and 32 random bytes in base64url (no padding) into out (WA_TOKEN_MAX bytes). */
void wa_token_new(const char *prefix, char out[WA_TOKEN_MAX]);
/* The hex BLAKE2b-256 of a token (what is stored, in Redis keys and in api_tokens.token_hash). */
void wa_token_hash(const char *token, size_t len, char out[WA_TOKEN_HASH_HEX]);

#endif
