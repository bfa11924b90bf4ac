/* Unit tests for wactl's column-aligned tables (tools/wactl/table.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>
#include "table.h"

static void columns_align_with_two_spaces_and_no_trailing_blanks(void **state)
{
    static const char *const headers[] = {"ID", "NAME", "HITS"};
    ctl_table_t *t = ctl_table_create(3, headers);
    ctl_table_align_right(t, 2);
    const char *r1[] = {"1", "Dr. Asha Rao", "12"};
    const char *r2[] = {"22", NULL, "3"};
    ctl_table_add_row(t, r1);
    ctl_table_add_row(t, r2);
    assert_int_equal(ctl_table_rows(t), 2);
    char *s = ctl_table_render(t);
    assert_string_equal(s, "ID  NAME          HITS\n"
                           "1   Dr. Asha Rao    12\n"
                           "22  -                3\n");
    free(s);
    ctl_table_destroy(t);
    ctl_table_destroy(NULL);
}

static void empty_last_cells_leave_no_trailing_spaces(void **state)
{
    static const char *const headers[] = {"A", "B"};
    ctl_table_t *t = ctl_table_create(2, headers);
    const char *r1[] = {"long value", ""};
    ctl_table_add_row(t, r1);
    char *s = ctl_table_render(t);
    assert_string_equal(s, "A           B\nlong value\n");
    free(s);
    ctl_table_destroy(t);
}

static void wide_and_combining_characters_are_measured_in_columns(void **state)
{
    assert_int_equal(ctl_text_width("abc"), 3);
    assert_int_equal(ctl_text_width("\xc3\x9cn\xc3\xaf"), 3); /* precomposed accents */
    assert_int_equal(ctl_text_width("\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87"),
                     4);                                             /* नमस्ते */
    assert_int_equal(ctl_text_width("\xe4\xbd\xa0\xe5\xa5\xbd"), 4); /* 你好 */
    assert_int_equal(ctl_text_width("\xf0\x9f\x98\x80"), 2);         /* emoji */
    assert_int_equal(ctl_text_width("\xff"), 1);                     /* invalid byte */

    static const char *const headers[] = {"NAME", "X"};
    ctl_table_t *t = ctl_table_create(2, headers);
    const char *r1[] = {"\xe4\xbd\xa0\xe5\xa5\xbd", "1"};
    const char *r2[] = {"abcde", "2"};
    ctl_table_add_row(t, r1);
    ctl_table_add_row(t, r2);
    char *s = ctl_table_render(t);
    assert_string_equal(s, "NAME   X\n\xe4\xbd\xa0\xe5\xa5\xbd   1\nabcde  2\n");
    free(s);
    ctl_table_destroy(t);
}

static void long_cells_are_cut_with_an_ellipsis(void **state)
{
    char *s = ctl_text_fit("hello world", 8);
    assert_string_equal(s, "hello w\xe2\x80\xa6");
    assert_int_equal(ctl_text_width(s), 8);
    free(s);
    s = ctl_text_fit("12345678", 8); /* exactly fits: not cut */
    assert_string_equal(s, "12345678");
    free(s);
    s = ctl_text_fit("\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0", 4); /* a wide character never straddles the cut */
    assert_string_equal(s, "\xe4\xbd\xa0\xe2\x80\xa6");
    assert_true(ctl_text_width(s) <= 4);
    free(s);
    s = ctl_text_fit("line one\nline two\tend", 0);
    assert_string_equal(s, "line one line two end");
    free(s);
    s = ctl_text_fit(NULL, 3);
    assert_string_equal(s, "");
    free(s);

    static const char *const headers[] = {"Q", "N"};
    ctl_table_t *t = ctl_table_create(2, headers);
    ctl_table_max_width(t, 0, 5);
    const char *r1[] = {"What are your timings?", "1"};
    ctl_table_add_row(t, r1);
    char *out = ctl_table_render(t);
    assert_string_equal(out, "Q      N\nWhat\xe2\x80\xa6  1\n");
    free(out);
    ctl_table_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(columns_align_with_two_spaces_and_no_trailing_blanks),
        cmocka_unit_test(empty_last_cells_leave_no_trailing_spaces),
        cmocka_unit_test(wide_and_combining_characters_are_measured_in_columns),
        cmocka_unit_test(long_cells_are_cut_with_an_ellipsis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
