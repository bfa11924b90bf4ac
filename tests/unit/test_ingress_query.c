/* Unit tests for the ingress' query-string parsing and verification decision (services/ingress/query.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "query.h"

static size_t decode(const char *in, char *out)
{
    return ing_url_decode(in, strlen(in), out);
}

static void percent_decoding(void **state)
{
    char out[64];
    size_t n;

    n = decode("abc", out);
    assert_int_equal(n, 3);
    assert_memory_equal(out, "abc", 3);
    n = decode("a%20b+c", out);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "a b c", 5);
    n = decode("%41%4a%4A%7e", out); /* both hex cases */
    assert_int_equal(n, 4);
    assert_memory_equal(out, "AJJ~", 4);
    n = decode("x%00y", out); /* an encoded NUL is a byte like any other */
    assert_int_equal(n, 3);
    assert_memory_equal(out, "x\0y", 3);
    n = decode("%E0%A4%A8", out); /* UTF-8 */
    assert_int_equal(n, 3);
    assert_memory_equal(out, "\xe0\xa4\xa8", 3);
    n = decode("", out);
    assert_int_equal(n, 0);
}

static void malformed_escapes_are_kept(void **state)
{
    char out[64];
    size_t n;

    n = decode("100%", out);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "100%", 4);
    n = decode("%4", out);
    assert_int_equal(n, 2);
    assert_memory_equal(out, "%4", 2);
    n = decode("%zz%2", out);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "%zz%2", 5);
    n = decode("%%41", out);
    assert_int_equal(n, 2);
    assert_memory_equal(out, "%A", 2);
}

static void decoding_in_place(void **state)
{
    char buf[] = "a%2Bb%26c";
    size_t n = ing_url_decode(buf, strlen(buf), buf);
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "a+b&c", 5);
}

static void find_parameters(void **state)
{
    const char *q = "a=1&hub.mode=subscribe&empty=&flag&x%2Ey=2&a=dup";
    const char *v;
    size_t len;

    assert_true(ing_query_find(q, strlen(q), "a", &v, &len));
    assert_int_equal(len, 1);
    assert_memory_equal(v, "1", 1); /* the first one wins */
    assert_true(ing_query_find(q, strlen(q), "hub.mode", &v, &len));
    assert_int_equal(len, 9);
    assert_memory_equal(v, "subscribe", 9);
    assert_true(ing_query_find(q, strlen(q), "empty", &v, &len));
    assert_int_equal(len, 0);
    assert_true(ing_query_find(q, strlen(q), "flag", &v, &len));
    assert_int_equal(len, 0);
    assert_true(ing_query_find(q, strlen(q), "x.y", &v, &len)); /* names are decoded too */
    assert_int_equal(len, 1);
    assert_memory_equal(v, "2", 1);
    assert_false(ing_query_find(q, strlen(q), "hub", &v, &len));
    assert_false(ing_query_find(q, strlen(q), "mode", &v, &len));
    assert_false(ing_query_find("", 0, "a", &v, &len));
    assert_false(ing_query_find(NULL, 0, "a", &v, &len));
    /* only the first qlen bytes count */
    assert_false(ing_query_find("b=1&a=2", 3, "a", &v, &len));
    /* trailing and doubled separators */
    assert_true(ing_query_find("&&a=3&", 6, "a", &v, &len));
    assert_int_equal(len, 1);
    assert_memory_equal(v, "3", 1);
}

static void constant_time_equality(void **state)
{
    assert_true(ing_ct_equal("token", 5, "token", 5));
    assert_false(ing_ct_equal("token", 5, "tokem", 5));
    assert_false(ing_ct_equal("token", 5, "toke", 4));
    assert_false(ing_ct_equal("token", 5, "tokenn", 6));
    assert_false(ing_ct_equal("token", 5, "", 0));
    assert_false(ing_ct_equal("", 0, "x", 1));
    assert_true(ing_ct_equal("", 0, "", 0));
    assert_false(ing_ct_equal("abab", 4, "abababab", 8)); /* the modulo index must not make a repetition equal */
}

static ing_verify_result_t verify(const char *q, const char *token, char *challenge, size_t *len)
{
    return ing_verify_check(q, q != NULL ? strlen(q) : 0, token, challenge, len);
}

static void verification_accepts_the_right_token(void **state)
{
    char chal[256];
    size_t len = 0;
    const char *q = "hub.mode=subscribe&hub.verify_token=s%3Dcr%26t&hub.challenge=1158201444";

    assert_int_equal(verify(q, "s=cr&t", chal, &len), ING_VERIFY_OK);
    assert_int_equal(len, 10);
    assert_memory_equal(chal, "1158201444", 10);

    /* order does not matter; the challenge is decoded byte for byte */
    q = "hub.challenge=a%20b%00c+d&hub.verify_token=tok&hub.mode=subscribe";
    assert_int_equal(verify(q, "tok", chal, &len), ING_VERIFY_OK);
    assert_int_equal(len, 7);
    assert_memory_equal(chal, "a b\0c d", 7);

    /* PHP-style names */
    q = "hub_mode=subscribe&hub_verify_token=tok&hub_challenge=42";
    assert_int_equal(verify(q, "tok", chal, &len), ING_VERIFY_OK);
    assert_int_equal(len, 2);
    assert_memory_equal(chal, "42", 2);
}

static void verification_denials(void **state)
{
    char chal[256];
    size_t len = 0;

    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=tok&hub.challenge=1", NULL, chal, &len),
                     ING_VERIFY_NO_TOKEN);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=tok&hub.challenge=1", "", chal, &len),
                     ING_VERIFY_NO_TOKEN);
    assert_int_equal(verify(NULL, "tok", chal, &len), ING_VERIFY_MISSING);
    assert_int_equal(verify("", "tok", chal, &len), ING_VERIFY_MISSING);
    assert_int_equal(verify("hub.verify_token=tok&hub.challenge=1", "tok", chal, &len), ING_VERIFY_MISSING);
    assert_int_equal(verify("hub.mode=subscribe&hub.challenge=1", "tok", chal, &len), ING_VERIFY_MISSING);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=tok", "tok", chal, &len), ING_VERIFY_MISSING);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=tok&hub.challenge=", "tok", chal, &len),
                     ING_VERIFY_MISSING);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=&hub.challenge=1", "tok", chal, &len),
                     ING_VERIFY_MISSING);
    assert_int_equal(verify("hub.mode=unsubscribe&hub.verify_token=tok&hub.challenge=1", "tok", chal, &len),
                     ING_VERIFY_BAD_MODE);
    assert_int_equal(verify("hub.mode=Subscribe&hub.verify_token=tok&hub.challenge=1", "tok", chal, &len),
                     ING_VERIFY_BAD_MODE);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=tok2&hub.challenge=1", "tok", chal, &len),
                     ING_VERIFY_BAD_TOKEN);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=to&hub.challenge=1", "tok", chal, &len),
                     ING_VERIFY_BAD_TOKEN);
    assert_int_equal(verify("hub.mode=subscribe&hub.verify_token=TOK&hub.challenge=1", "tok", chal, &len),
                     ING_VERIFY_BAD_TOKEN);
    assert_string_equal(ing_verify_result_str(ING_VERIFY_BAD_TOKEN), "bad_token");
    assert_string_equal(ing_verify_result_str(ING_VERIFY_OK), "ok");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percent_decoding),
        cmocka_unit_test(malformed_escapes_are_kept),
        cmocka_unit_test(decoding_in_place),
        cmocka_unit_test(find_parameters),
        cmocka_unit_test(constant_time_equality),
        cmocka_unit_test(verification_accepts_the_right_token),
        cmocka_unit_test(verification_denials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
