/* Unit tests for libwa's byte-level text helpers (shared/src/text.c, wa/text.h): the UTF-8 sequence rules, cutting
 * to a byte budget (prompts, history, fixed tenant fields) and to a character budget (WhatsApp titles) without
 * splitting a character, and hex digits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/text.h"

static void sequences_follow_the_utf8_rules(void **state)
{
    (void)state;
    assert_int_equal(wa_utf8_seq((const unsigned char *)"a", 1), 1);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xc3\xa9", 2), 2);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xe0\xa4\xa8", 3), 3);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xf0\x9f\x99\x8f", 4), 4);
    /* overlong "/", a surrogate, past U+10FFFF, a sequence cut short, a lone continuation byte */
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xc0\xaf", 2), 0);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xe0\x80\xaf", 3), 0);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xed\xa0\x80", 3), 0);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\xe0\xa4", 2), 0);
    assert_int_equal(wa_utf8_seq((const unsigned char *)"\x80", 1), 0);
}

static void prefix_never_ends_inside_a_character(void **state)
{
    (void)state;
    const char s[] = "ab\xe0\xa4\xa8\xe0\xa4\xae"; /* "ab" + two 3-byte characters: 8 bytes */
    assert_int_equal(wa_utf8_prefix(s, 8, 100), 8);
    assert_int_equal(wa_utf8_prefix(s, 8, 8), 8);
    assert_int_equal(wa_utf8_prefix(s, 8, 7), 5);
    assert_int_equal(wa_utf8_prefix(s, 8, 5), 5);
    assert_int_equal(wa_utf8_prefix(s, 8, 4), 2);
    assert_int_equal(wa_utf8_prefix(s, 8, 3), 2);
    assert_int_equal(wa_utf8_prefix(s, 8, 0), 0);
}

static void copy_fits_its_buffer(void **state)
{
    (void)state;
    char out[5];
    wa_utf8_copy(out, sizeof(out), "ab\xe0\xa4\xa8"); /* "ab" + one 3-byte char: does not fit in 4 */
    assert_string_equal(out, "ab");
    wa_utf8_copy(out, sizeof(out), "abcd");
    assert_string_equal(out, "abcd");
    wa_utf8_copy(out, sizeof(out), "abcdef");
    assert_string_equal(out, "abcd");
    wa_utf8_copy(out, sizeof(out), NULL);
    assert_string_equal(out, "");
    out[0] = 'x';
    wa_utf8_copy(out, 0, "abc"); /* nothing written */
    assert_int_equal(out[0], 'x');
}

static void cut_counts_characters_not_bytes(void **state)
{
    (void)state;
    char b[8];
    assert_int_equal(wa_utf8_cut("नमस्ते", 10, b, sizeof(b)), 6); /* 3-byte characters: two fit in 8 bytes */
    assert_int_equal(strlen(b), 6);
    assert_int_equal(wa_utf8_cut("abc", 2, b, sizeof(b)), 2);
    assert_string_equal(b, "ab");
    char big[64];
    wa_utf8_cut("\xe0\xa4\xa8\xe0\xa4\xae x", 2, big, sizeof(big)); /* two characters, six bytes */
    assert_string_equal(big, "\xe0\xa4\xa8\xe0\xa4\xae");
    wa_utf8_cut("a\xff"
                "bc",
                3, big, sizeof(big)); /* an invalid byte counts as one character */
    assert_string_equal(big, "a\xff"
                             "b");
}

static void hex_digits_in_either_case(void **state)
{
    (void)state;
    assert_int_equal(wa_hexval('0'), 0);
    assert_int_equal(wa_hexval('9'), 9);
    assert_int_equal(wa_hexval('a'), 10);
    assert_int_equal(wa_hexval('F'), 15);
    assert_int_equal(wa_hexval('g'), -1);
    assert_int_equal(wa_hexval('/'), -1);
    assert_int_equal(wa_hexval(-1), -1);
    assert_int_equal(wa_hexval(0xff), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sequences_follow_the_utf8_rules),
        cmocka_unit_test(prefix_never_ends_inside_a_character),
        cmocka_unit_test(copy_fits_its_buffer),
        cmocka_unit_test(cut_counts_characters_not_bytes),
        cmocka_unit_test(hex_digits_in_either_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
