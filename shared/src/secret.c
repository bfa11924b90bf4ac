/*
 * Password hashing and tokens (see secret.h). Argon2id needs about 64 MiB per
 * computation (crypto_pwhash's INTERACTIVE preset): a counting semaphore
 * bounds how many run at once in the process, so that a burst of sign-ins
 * costs bounded memory and leaves the other worker threads' requests alone.
 */
#include "wa/secret.h"

#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "wa/log.h"

static sem_t hash_slots;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void slot_take(void)
{
    while (sem_wait(&hash_slots) != 0 && errno == EINTR)
        ;
}

/* A slot within WA_HASH_WAIT_MS: 0, or -1 when every slot stayed busy (a flood of sign-ins). */
static int slot_take_timed(void)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WA_HASH_WAIT_MS / 1000;
    until.tv_nsec += (long)(WA_HASH_WAIT_MS % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    for (;;) {
        if (sem_timedwait(&hash_slots, &until) == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

int wa_secret_init(int concurrency)
{
    unsigned char pw[24];
    char text[sizeof(pw) * 2 + 1];

    if (sodium_init() < 0)
        return -1;
    if (sem_init(&hash_slots, 0, (unsigned)(concurrency > 0 ? concurrency : 1)) != 0)
        return -1;
    randombytes_buf(pw, sizeof(pw));
    sodium_bin2hex(text, sizeof(text), pw, sizeof(pw));
    if (crypto_pwhash_str(dummy_hash, text, strlen(text), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return -1;
    sodium_memzero(text, sizeof(text));
    return 0;
}

int wa_password_hash(const char *password, size_t len, char out[WA_HASH_MAX])
{
    char h[crypto_pwhash_STRBYTES];
    int rc;

    _Static_assert(crypto_pwhash_STRBYTES <= WA_HASH_MAX, "WA_HASH_MAX too small");
    slot_take();
    rc = crypto_pwhash_str(h, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sem_post(&hash_slots);
    if (rc != 0)
        return -1;
    snprintf(out, WA_HASH_MAX, "%s", h);
    return 0;
}

int wa_password_verify(const char *hash, const char *password, size_t len)
{
    int rc;
    if (hash == NULL || strlen(hash) >= crypto_pwhash_STRBYTES || len > WA_PASSWORD_MAX)
        return 0;
    if (slot_take_timed() != 0)
        return -1;
    rc = crypto_pwhash_str_verify(hash, password, len);
    sem_post(&hash_slots);
    return rc == 0;
}

int wa_password_needs_rehash(const char *hash)
{
    return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

const char *wa_password_dummy_hash(void)
{
    return dummy_hash;
}

const char *wa_password_weak(const char *password, size_t len)
{
    if (len < WA_PASSWORD_MIN)
        return "the password must have at least 10 characters";
    if (len > WA_PASSWORD_MAX)
        return "the password must have at most 1024 characters";
    if (memchr(password, '\0', len) != NULL || memchr(password, '\n', len) != NULL)
        return "the password must not contain a NUL or a line break";
    return NULL;
}

void wa_token_new(const char *prefix, char out[WA_TOKEN_MAX])
{
    unsigned char raw[32];
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(out, WA_TOKEN_MAX, "%s%s", prefix != NULL ? prefix : "", b64);
    sodium_memzero(raw, sizeof(raw));
}

void wa_token_hash(const char *token, size_t len, char out[WA_TOKEN_HASH_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, len, NULL, 0);
    sodium_bin2hex(out, WA_TOKEN_HASH_HEX, h, sizeof(h));
}
