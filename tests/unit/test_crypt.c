/* Unit tests for the credentials sealing of libwa (shared/src/crypt.c): round trip, a fresh nonce per value, the
 * binding to doctor and column, tampering, key ids and rotation through the previous keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/crypt.h"

#define KEY_A "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" /* bytes 0..31 */
#define KEY_B "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=" /* bytes 32..63 */

static void round_trip_and_fresh_nonce(void **state)
{
    wa_crypt_keyring_t ring;
    assert_int_equal(wa_crypt_keyring_load(&ring, KEY_A, NULL), 0);
    assert_int_equal(ring.n, 1);
    char *a = wa_crypt_seal(&ring.keys[0], "EAAG-secret-token", "d1/whatsapp_access_token");
    char *b = wa_crypt_seal(&ring.keys[0], "EAAG-secret-token", "d1/whatsapp_access_token");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_not_equal(a, b);          /* a nonce per value */
    assert_null(strstr(a, "secret-token")); /* not in clear */
    assert_memory_equal(a, "v1:", 3);
    char *plain = NULL;
    assert_int_equal(wa_crypt_open(&ring, a, "d1/whatsapp_access_token", &plain), WA_CRYPT_OK);
    assert_string_equal(plain, "EAAG-secret-token");
    wa_crypt_free(plain);
    free(a);
    free(b);
}

static void bound_to_doctor_and_tamper_evident(void **state)
{
    wa_crypt_keyring_t ring;
    assert_int_equal(wa_crypt_keyring_load(&ring, KEY_A, NULL), 0);
    char *a = wa_crypt_seal(&ring.keys[0], "tok", "d1/whatsapp_access_token");
    char *plain = NULL;
    assert_int_equal(wa_crypt_open(&ring, a, "d2/whatsapp_access_token", &plain), WA_CRYPT_EAUTH);
    assert_null(plain);
    size_t n = strlen(a);
    a[n - 6] = a[n - 6] == 'A' ? 'B' : 'A';
    assert_int_equal(wa_crypt_open(&ring, a, "d1/whatsapp_access_token", &plain), WA_CRYPT_EAUTH);
    assert_int_equal(wa_crypt_open(&ring, "plaintext-token", "x", &plain), WA_CRYPT_EFORMAT);
    free(a);
}

static void rotation_with_previous_keys(void **state)
{
    wa_crypt_keyring_t old, cur, only_new;
    assert_int_equal(wa_crypt_keyring_load(&old, KEY_A, NULL), 0);
    assert_int_equal(wa_crypt_keyring_load(&cur, KEY_B, " " KEY_A " ,"), 0);
    assert_int_equal(cur.n, 2);
    assert_int_equal(wa_crypt_keyring_load(&only_new, KEY_B, NULL), 0);
    assert_string_not_equal(old.keys[0].id, cur.keys[0].id);
    assert_int_equal(strlen(cur.keys[0].id), WA_CRYPT_ID_LEN);
    char *a = wa_crypt_seal(&old.keys[0], "tok", "aad");
    char id[WA_CRYPT_ID_LEN + 1];
    assert_int_equal(wa_crypt_sealed_key_id(a, id), 0);
    assert_string_equal(id, old.keys[0].id);
    char *plain = NULL;
    assert_int_equal(wa_crypt_open(&only_new, a, "aad", &plain), WA_CRYPT_ENOKEY);
    assert_int_equal(wa_crypt_open(&cur, a, "aad", &plain), WA_CRYPT_OK);
    assert_string_equal(plain, "tok");
    wa_crypt_free(plain);
    free(a);
}

static void bad_keys_refused(void **state)
{
    wa_crypt_keyring_t ring;
    wa_crypt_key_t k;
    assert_int_equal(wa_crypt_key_parse("c2hvcnQ=", &k), WA_CRYPT_EFORMAT); /* 5 bytes */
    assert_int_equal(wa_crypt_key_parse("not base64 at all!!", &k), WA_CRYPT_EFORMAT);
    assert_int_equal(wa_crypt_keyring_load(&ring, KEY_A, "garbage"), WA_CRYPT_EFORMAT);
    assert_int_equal(wa_crypt_keyring_load(&ring, NULL, NULL), 0);
    assert_int_equal(ring.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_and_fresh_nonce),
        cmocka_unit_test(bound_to_doctor_and_tamper_evident),
        cmocka_unit_test(rotation_with_previous_keys),
        cmocka_unit_test(bad_keys_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
