/*
 * Credentials at rest (libwa): AES-256-GCM
 * under CREDENTIALS_KEY (32 bytes, base64), a fresh 96-bit nonce per value, and
 * additional authenticated data that binds a ciphertext to its doctor and
 * column, so a token copied into another doctor's row does not decrypt. A
 * sealed value is the text "v1:<key id>:<base64(nonce | ciphertext | tag)>";
 * the key id (first 8 bytes of SHA-256 of the key, hex) names the key that
 * sealed it, so that after a rotation (`wactl creds rotate`) the previous key,
 * given in CREDENTIALS_KEY_PREVIOUS, still opens what has not been re-sealed.
 * Pure apart from the random nonce: no logging, no globals. The sender opens
 * tokens with it, the ingress opens app secrets, wactl seals both
 * (`wactl creds`); wa/creds.h records the verdict on a doctor's credentials.
 */
#ifndef wa__crypt_h
#define wa__crypt_h

#include <stddef.h>

#define WA_CRYPT_KEY_LEN 32
#define WA_CRYPT_ID_LEN 16 /* hex characters of a key id */
#define WA_CRYPT_MAX_KEYS 4

typedef struct st_wa_crypt_key_t {
    unsigned char key[WA_CRYPT_KEY_LEN];
    char id[WA_CRYPT_ID_LEN + 1];
} wa_crypt_key_t;

/* The keys a process can open values with: keys[0] seals (the current CREDENTIALS_KEY), the others only open. */
typedef struct st_wa_crypt_keyring_t {
    wa_crypt_key_t keys[WA_CRYPT_MAX_KEYS];
    size_t n;
} wa_crypt_keyring_t;

enum {
    WA_CRYPT_OK = 0,
    WA_CRYPT_EFORMAT = -1, /* not a sealed value, or a key that is not 32 bytes of base64 */
    WA_CRYPT_ENOKEY = -2,  /* sealed under a key id the keyring does not hold */
    WA_CRYPT_EAUTH = -3,   /* the tag does not verify: wrong key, wrong doctor/column, or tampered */
    WA_CRYPT_EINTERNAL = -4
};

/* Decodes a base64 key (surrounding blanks ignored) into `out` and computes its id. Returns 0 or WA_CRYPT_EFORMAT. */
int wa_crypt_key_parse(const char *b64, wa_crypt_key_t *out);

/* Loads `current` (required for sealing; NULL or "" leaves the ring empty) and `previous` (a comma-separated list of
 * base64 keys, may be NULL) into `ring`. Returns 0, or WA_CRYPT_EFORMAT naming nothing (the caller says which
 * variable). */
int wa_crypt_keyring_load(wa_crypt_keyring_t *ring, const char *current, const char *previous);

/* Wipes the key material. */
void wa_crypt_keyring_wipe(wa_crypt_keyring_t *ring);

/* Seals `plain` under `key`, authenticating `aad` (e.g. "<doctor id>/whatsapp_access_token"; NULL = ""). Returns a
 * NUL-terminated sealed text the caller frees, or NULL (OpenSSL failure). */
char *wa_crypt_seal(const wa_crypt_key_t *key, const char *plain, const char *aad);

/* Opens `sealed` with the key of its id from `ring`. On WA_CRYPT_OK *plain is a NUL-terminated string the caller
 * wipes (wa_crypt_free) and frees; otherwise *plain is NULL. */
int wa_crypt_open(const wa_crypt_keyring_t *ring, const char *sealed, const char *aad, char **plain);

/* Writes the key id of a sealed value into id (WA_CRYPT_ID_LEN + 1 bytes). Returns 0 or WA_CRYPT_EFORMAT. */
int wa_crypt_sealed_key_id(const char *sealed, char *id);

/* Zeroes and frees a secret string (NULL is a no-op). */
void wa_crypt_free(char *secret);

/* "ok", "bad format", "unknown key", "authentication failed", "internal error" (static). */
const char *wa_crypt_strerror(int rc);

#endif
