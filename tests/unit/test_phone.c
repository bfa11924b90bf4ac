/* Unit tests for phone-number normalisation (shared/src/phone.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "wa/phone.h"

static void formatted_numbers_reduce_to_digits(void **state)
{
    char out[32];
    assert_int_equal(wa_phone_digits("+91 95458-16728", out, sizeof(out)), 12);
    assert_string_equal(out, "919545816728");
    assert_int_equal(wa_phone_digits("+1 (555) 000.1111", out, sizeof(out)), 11);
    assert_string_equal(out, "15550001111");
    assert_int_equal(wa_phone_digits("919545816728", out, sizeof(out)), 12);
    assert_string_equal(out, "919545816728");
}

static void invalid_numbers_are_refused(void **state)
{
    char out[32];
    assert_int_equal(wa_phone_digits("", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(wa_phone_digits("+ - ()", out, sizeof(out)), 0);
    assert_int_equal(wa_phone_digits("91abc123", out, sizeof(out)), 0);
    assert_int_equal(wa_phone_digits("123456789012345678901", out, sizeof(out)), 0); /* 21 digits */
    assert_int_equal(wa_phone_digits(NULL, out, sizeof(out)), 0);
}

static void small_output_buffer_is_refused(void **state)
{
    char out[5];
    assert_int_equal(wa_phone_digits("919545816728", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(wa_phone_digits("1234", out, sizeof(out)), 4);
}

static void equality_ignores_formatting(void **state)
{
    assert_true(wa_phone_equal("+91 95458-16728", "919545816728"));
    assert_false(wa_phone_equal("+91 95458-16729", "919545816728"));
    assert_false(wa_phone_equal("", ""));
    assert_false(wa_phone_equal("abc", "abc"));
}

static void bsuids_are_told_from_numbers(void **state)
{
    (void)state;
    assert_true(wa_is_bsuid("US.13491208655302741918"));
    assert_true(wa_is_bsuid("DE.7310558812040077"));
    assert_true(wa_is_bsuid("US.ENT.11815799212886844830")); /* a parent BSUID */
    assert_true(wa_is_bsuid("BR.AbC123"));                  /* Meta says alphanumeric */
    assert_false(wa_is_bsuid("4915112345678"));
    assert_false(wa_is_bsuid("+91 95458-16728"));
    assert_false(wa_is_bsuid("us.1234"));
    assert_false(wa_is_bsuid("US."));
    assert_false(wa_is_bsuid("US.12 34"));
    assert_false(wa_is_bsuid(""));
    assert_false(wa_is_bsuid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formatted_numbers_reduce_to_digits),
        cmocka_unit_test(invalid_numbers_are_refused),
        cmocka_unit_test(small_output_buffer_is_refused),
        cmocka_unit_test(equality_ignores_formatting),
        cmocka_unit_test(bsuids_are_told_from_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
