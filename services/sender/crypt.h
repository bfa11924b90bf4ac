/*
 * Credentials at rest (services/sender, also compiled into wactl): AES-256-GCM
 * under CREDENTIALS_KEY (32 bytes, base64), a fresh 96-bit nonce per value, and
 * additional authenticated data that binds a ciphertext to its doctor and
 * column, so a token copied into another doctor's row does not decrypt. A
 * sealed value is the text "v1:<key id>:<base64(nonce | ciphertext | tag)>";
 * the key id (first 8 bytes of SHA-256 of the key, hex) names the key that
 * sealed it, so that after a rotation (`wactl creds rotate`) the previous key,
 * given in CREDENTIALS_KEY_PREVIOUS, still opens what has not been re-sealed.
 * Pure apart from the random nonce: no logging, no globals. wactl links the
 * sender's library for it (`wactl creds`).
 */
#ifndef snd__crypt_h
#define snd__crypt_h

#include <stddef.h>


#define SND_CRYPT_KEY_LEN 32
#define SND_CRYPT_ID_LEN 16 /* hex characters of a key id */
#define SND_CRYPT_MAX_KEYS 4

typedef struct st_snd_crypt_key_t {
    unsigned char key[SND_CRYPT_KEY_LEN];
    char id[SND_CRYPT_ID_LEN + 1];
} snd_crypt_key_t;

/* The keys a process can open values with: keys[0] seals (the current CREDENTIALS_KEY), the others only open. */
typedef struct st_snd_crypt_keyring_t {
    snd_crypt_key_t keys[SND_CRYPT_MAX_KEYS];
    size_t n;
} snd_crypt_keyring_t;

enum {
    SND_CRYPT_OK = 0,
    SND_CRYPT_EFORMAT = -1, /* not a sealed value, or a key that is not 32 bytes of base64 */
    SND_CRYPT_ENOKEY = -2,  /* sealed under a key id the keyring does not hold */
    SND_CRYPT_EAUTH = -3,   /* the tag does not verify: wrong key, wrong doctor/column, or tampered */
    SND_CRYPT_EINTERNAL = -4
};

/* Decodes a base64 key (surrounding blanks ignored) into `out` and computes its id. Returns 0 or SND_CRYPT_EFORMAT. */
int snd_crypt_key_parse(const char *b64, snd_crypt_key_t *out);

/* Loads `current` (required for sealing; NULL or "" leaves the ring empty) and `previous` (a comma-separated list of
 * base64 keys, may be NULL) into `ring`. Returns 0, or SND_CRYPT_EFORMAT naming nothing (the caller says which
 * variable). */
int snd_crypt_keyring_load(snd_crypt_keyring_t *ring, const char *current, const char *previous);

/* Wipes the key material. */
void snd_crypt_keyring_wipe(snd_crypt_keyring_t *ring);

/* Seals `plain` under `key`, authenticating `aad` (e.g. "<doctor id>/whatsapp_access_token"; NULL = ""). Returns a
 * NUL-terminated sealed text the caller frees, or NULL (OpenSSL failure). */
char *snd_crypt_seal(const snd_crypt_key_t *key, const char *plain, const char *aad);

/* Opens `sealed` with the key of its id from `ring`. On SND_CRYPT_OK *plain is a NUL-terminated string the caller
 * wipes (snd_crypt_free) and frees; otherwise *plain is NULL. */
int snd_crypt_open(const snd_crypt_keyring_t *ring, const char *sealed, const char *aad, char **plain);

/* Writes the key id of a sealed value into id (SND_CRYPT_ID_LEN + 1 bytes). Returns 0 or SND_CRYPT_EFORMAT. */
int snd_crypt_sealed_key_id(const char *sealed, char *id);

/* Zeroes and frees a secret string (NULL is a no-op). */
void snd_crypt_free(char *secret);

/* "ok", "bad format", "unknown key", "authentication failed", "internal error" (static). */
const char *snd_crypt_strerror(int rc);

#endif
