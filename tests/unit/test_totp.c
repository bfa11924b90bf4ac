/* Unit tests for TOTP (shared/src/totp.c): RFC 4226's HOTP vectors, RFC 6238's SHA-1 TOTP vectors, the +-1 step
 * window, refusing a code of a step already used, base32 and the otpauth URI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "wa/totp.h"

static const unsigned char RFC_KEY[] = "12345678901234567890"; /* the RFCs' SHA-1 seed */
#define KEYLEN 20

static void hotp_rfc4226_vectors(void **state)
{
    static const uint32_t want[] = {755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489};
    (void)state;
    for (uint64_t i = 0; i < 10; i++)
        assert_int_equal(wa_hotp(RFC_KEY, KEYLEN, i, 6), want[i]);
}

static void totp_rfc6238_vectors(void **state)
{
    static const struct {
        uint64_t t;
        uint32_t code8;
    } v[] = {{59, 94287082},         {1111111109, 7081804}, {1111111111, 14050471},
             {1234567890, 89005924}, {2000000000, 69279037}, {20000000000ULL, 65353130}};
    (void)state;
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        assert_int_equal(wa_hotp(RFC_KEY, KEYLEN, wa_totp_step(v[i].t), 8), v[i].code8);
        char code[8];
        snprintf(code, sizeof(code), "%06u", v[i].code8 % 1000000);
        int64_t m = -7;
        assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, code, v[i].t, -1, &m), 1);
        assert_int_equal(m, (int64_t)wa_totp_step(v[i].t));
    }
}

static void window_and_replay(void **state)
{
    (void)state;
    uint64_t now = 1234567890, step = wa_totp_step(now);
    char prev[8], next[8], far[8];
    snprintf(prev, sizeof(prev), "%06u", wa_hotp(RFC_KEY, KEYLEN, step - 1, 6));
    snprintf(next, sizeof(next), "%06u", wa_hotp(RFC_KEY, KEYLEN, step + 1, 6));
    snprintf(far, sizeof(far), "%06u", wa_hotp(RFC_KEY, KEYLEN, step + 2, 6));
    int64_t m = 0;
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, prev, now, -1, &m), 1);
    assert_int_equal(m, (int64_t)step - 1);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, next, now, -1, &m), 1);
    assert_int_equal(m, (int64_t)step + 1);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, far, now, -1, &m), 0); /* two steps away: refused */
    /* used once: the same code again (its step is the last accepted one) is a replay, and so is an older step */
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, next, now, (int64_t)step + 1, &m), -1);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, prev, now, (int64_t)step, &m), -1);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, next, now, (int64_t)step, &m), 1);
    /* malformed codes never match */
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, "12345", now, -1, &m), 0);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, "1234567", now, -1, &m), 0);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, "12a456", now, -1, &m), 0);
    assert_int_equal(wa_totp_verify(RFC_KEY, KEYLEN, NULL, now, -1, &m), 0);
}

static void base32_and_uri(void **state)
{
    (void)state;
    char b32[WA_TOTP_B32_MAX];
    unsigned char back[WA_TOTP_KEY_MAX];
    assert_int_equal(wa_totp_b32_encode(RFC_KEY, KEYLEN, b32, sizeof(b32)), 0);
    assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"); /* RFC 4648 base32 of the seed */
    assert_int_equal(wa_totp_b32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", back), KEYLEN);
    assert_memory_equal(back, RFC_KEY, KEYLEN);
    assert_int_equal(wa_totp_b32_decode("GEZ1", back), -1); /* '1' is not base32 */
    assert_int_equal(wa_totp_b32_decode("", back), -1);
    char small[4];
    assert_int_equal(wa_totp_b32_encode(RFC_KEY, KEYLEN, small, sizeof(small)), -1);

    char s1[WA_TOTP_B32_MAX], s2[WA_TOTP_B32_MAX];
    assert_int_equal(wa_totp_secret_new(s1), 0);
    assert_int_equal(wa_totp_secret_new(s2), 0);
    assert_int_equal(strlen(s1), 32);
    assert_string_not_equal(s1, s2);

    char uri[512];
    assert_int_equal(wa_totp_uri("Sunrise Clinic", "asha@example.in", b32, uri, sizeof(uri)), 0);
    assert_string_equal(uri, "otpauth://totp/Sunrise%20Clinic:asha%40example.in?secret="
                             "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Sunrise%20Clinic&algorithm=SHA1&digits=6&period=30");
    assert_int_equal(wa_totp_uri("x", "y", b32, uri, 20), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hotp_rfc4226_vectors),
        cmocka_unit_test(totp_rfc6238_vectors),
        cmocka_unit_test(window_and_replay),
        cmocka_unit_test(base32_and_uri),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
