/* Unit tests for webhook signatures (shared/src/hmac.c: wa_signature_check, wa_signature_make), the check the
 * ingress runs on every POST /webhook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "wa/hmac.h"

/* The SDK test vector: HMAC-SHA256("secret", "test"). */
#define VECTOR_HEX "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"
#define VECTOR_SIG "sha256=" VECTOR_HEX

static int setup(void **state)
{
    wa_hmac_t *h = wa_hmac_create("secret", 6);
    if (h == NULL)
        return -1;
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    wa_hmac_destroy(*state);
    return 0;
}

static int check(void **state, const char *header, const char *body)
{
    return wa_signature_check(*state, header, strlen(header), body, strlen(body));
}

static void sdk_vector_is_accepted(void **state)
{
    assert_int_equal(check(state, VECTOR_SIG, "test"), 0);
    /* the context is re-used: a second check gives the same answer */
    assert_int_equal(check(state, VECTOR_SIG, "test"), 0);
}

static void uppercase_hex_is_accepted(void **state)
{
    char sig[] = VECTOR_SIG;
    for (char *p = sig + 7; *p != '\0'; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    assert_int_equal(check(state, sig, "test"), 0);
}

static void wrong_prefix_is_rejected(void **state)
{
    assert_int_equal(check(state, "sha1=" VECTOR_HEX "00", "test"), -1);
    assert_int_equal(check(state, "SHA256=" VECTOR_HEX, "test"), -1);
    assert_int_equal(check(state, "sha256:" VECTOR_HEX, "test"), -1);
    assert_int_equal(check(state, VECTOR_HEX "1234567", "test"), -1); /* right length, no prefix */
}

static void wrong_length_is_rejected(void **state)
{
    char sig[WA_SIGNATURE_LEN + 2];
    strcpy(sig, VECTOR_SIG);
    sig[WA_SIGNATURE_LEN - 1] = '\0'; /* 63 hex digits */
    assert_int_equal(check(state, sig, "test"), -1);
    strcpy(sig, VECTOR_SIG "0"); /* 65 hex digits */
    assert_int_equal(check(state, sig, "test"), -1);
    assert_int_equal(check(state, "sha256=", "test"), -1);
}

static void non_hex_is_rejected(void **state)
{
    char sig[] = VECTOR_SIG;
    sig[20] = 'g';
    assert_int_equal(check(state, sig, "test"), -1);
    strcpy(sig, VECTOR_SIG);
    sig[WA_SIGNATURE_LEN - 1] = ' ';
    assert_int_equal(check(state, sig, "test"), -1);
}

static void empty_or_missing_header_is_rejected(void **state)
{
    assert_int_equal(check(state, "", "test"), -1);
    assert_int_equal(wa_signature_check(*state, NULL, 0, "test", 4), -1);
}

static void changed_body_is_rejected(void **state)
{
    assert_int_equal(check(state, VECTOR_SIG, "tesu"), -2);
    assert_int_equal(check(state, VECTOR_SIG, "test "), -2);
    assert_int_equal(check(state, VECTOR_SIG, "tes"), -2);
    assert_int_equal(check(state, VECTOR_SIG, ""), -2);
}

static void other_secret_is_rejected(void **state)
{
    wa_hmac_t *other = wa_hmac_create("secreT", 6);
    assert_non_null(other);
    assert_int_equal(wa_signature_check(other, VECTOR_SIG, strlen(VECTOR_SIG), "test", 4), -2);
    wa_hmac_destroy(other);
}

static void make_produces_the_vector_and_round_trips(void **state)
{
    char sig[WA_SIGNATURE_LEN + 1];
    static const unsigned char binary[] = {0, 1, 2, 0xff, '\r', '\n', 0, 'x'};

    assert_int_equal(wa_signature_make("secret", 6, "test", 4, sig), 0);
    assert_string_equal(sig, VECTOR_SIG);
    assert_int_equal(strlen(sig), WA_SIGNATURE_LEN);

    /* binary bodies with NULs round-trip: the MAC covers len bytes, not a C string */
    assert_int_equal(wa_signature_make("secret", 6, binary, sizeof(binary), sig), 0);
    assert_int_equal(wa_signature_check(*state, sig, strlen(sig), binary, sizeof(binary)), 0);
    assert_int_equal(wa_signature_check(*state, sig, strlen(sig), binary, sizeof(binary) - 1), -2);

    /* an empty body is signed too */
    assert_int_equal(wa_signature_make("secret", 6, "", 0, sig), 0);
    assert_int_equal(wa_signature_check(*state, sig, strlen(sig), "", 0), 0);
}

static void free_null_is_a_noop(void **state)
{
    wa_hmac_destroy(NULL);
}

/* Issue 12: a placeholder or short app secret is refused (the ingress will not start with one). */
static void weak_app_secrets_are_refused(void **state)
{
    (void)state;
    const char *weak[] = {NULL, "", "e2e-app-secret", "short", "CHANGE-ME", "change_me_0123456789",
                          "please-CHANGE-ME-now!", "your-app-secret-here-123", "<placeholder-value-here>",
                          "aaaaaaaaaaaaaaaaaaaa", "REPLACE_ME_WITH_THE_SECRET"};
    for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++)
        assert_non_null(wa_app_secret_weak(weak[i]));
    const char *fine[] = {"0123456789abcdef", "e2e-app-secret-0123456789", "3f7a9c1e5b2d4f608a1c3e5f7b9d1f2a"};
    for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
        assert_null(wa_app_secret_weak(fine[i]));
    /* the reason never quotes the secret */
    assert_null(strstr(wa_app_secret_weak("CHANGE-ME"), "CHANGE-ME"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sdk_vector_is_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(uppercase_hex_is_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_prefix_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_length_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(non_hex_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_or_missing_header_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(changed_body_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(other_secret_is_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(make_produces_the_vector_and_round_trips, setup, teardown),
        cmocka_unit_test(free_null_is_a_noop),
        cmocka_unit_test(weak_app_secrets_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
