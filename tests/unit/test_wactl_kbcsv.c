/* Unit tests for the CSV reader of `wactl kb import` (tools/wactl/kbcsv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "kbcsv.h"

static int parse(const char *text, ctl_kbcsv_t *csv, char *err, size_t errsz)
{
    return ctl_kbcsv_parse(text, strlen(text), csv, err, errsz);
}

static void quoted_fields_hold_commas_newlines_and_quotes(void **state)
{
    ctl_kbcsv_t csv;
    char err[256];
    const char *text = "\xef\xbb\xbfQuestion,Answer,keywords\r\n"
                       "What are your timings?,\"Open 9-1, and 5-8.\",timings hours\r\n"
                       "\"Fees?\",\"Rs 500.\nSay \"\"hi\"\".\",\r\n";
    assert_int_equal(parse(text, &csv, err, sizeof(err)), 0);
    assert_int_equal(csv.nrows, 2);
    assert_int_equal(csv.nrejected, 0);
    assert_string_equal(csv.rows[0].question, "What are your timings?");
    assert_string_equal(csv.rows[0].answer, "Open 9-1, and 5-8.");
    assert_string_equal(csv.rows[0].keywords, "timings hours");
    assert_string_equal(csv.rows[0].lang, "en");
    assert_int_equal(csv.rows[0].line, 2);
    assert_string_equal(csv.rows[1].question, "Fees?");
    assert_string_equal(csv.rows[1].answer, "Rs 500.\nSay \"hi\".");
    assert_null(csv.rows[1].keywords);
    assert_int_equal(csv.rows[1].line, 3);
    ctl_kbcsv_dispose(&csv);
}

static void columns_in_any_order_and_lang(void **state)
{
    ctl_kbcsv_t csv;
    char err[256];
    assert_int_equal(parse("lang,answer,question\nhi,हाँ,क्या आप खुले हैं?\n\n", &csv, err, sizeof(err)), 0);
    assert_int_equal(csv.nrows, 1);
    assert_string_equal(csv.rows[0].question, "क्या आप खुले हैं?");
    assert_string_equal(csv.rows[0].answer, "हाँ");
    assert_string_equal(csv.rows[0].lang, "hi");
    ctl_kbcsv_dispose(&csv);
}

static void bad_rows_are_rejected_with_their_reason(void **state)
{
    ctl_kbcsv_t csv;
    char err[256];
    const char *text = "question,answer\n"
                       "Good?,Yes\n"        /* line 2 */
                       ",No question\n"     /* 3 */
                       "No answer,\n"       /* 4 */
                       "Too,many,fields\n"  /* 5 */
                       "  good?  ,Again\n"  /* 6: same question as line 2 */
                       "Bad \xff utf8,x\n"; /* 7 */
    assert_int_equal(parse(text, &csv, err, sizeof(err)), 0);
    assert_int_equal(csv.nrows, 6);
    assert_int_equal(csv.nrejected, 5);
    assert_false(csv.rows[0].rejected);
    assert_true(csv.rows[1].rejected);
    assert_string_equal(csv.rows[1].reject, "no question");
    assert_string_equal(csv.rows[2].reject, "no answer");
    assert_string_equal(csv.rows[3].reject, "3 fields, the header has 2");
    assert_string_equal(csv.rows[4].reject, "the same question as line 2");
    assert_string_equal(csv.rows[5].reject, "not UTF-8 text");
    ctl_kbcsv_dispose(&csv);
}

static void too_long_answer_is_rejected(void **state)
{
    size_t n = CTL_KBCSV_MAX_ANSWER + 1;
    char *text = malloc(n + 64);
    strcpy(text, "question,answer\nQ,");
    size_t off = strlen(text);
    memset(text + off, 'a', n);
    strcpy(text + off + n, "\n");
    ctl_kbcsv_t csv;
    char err[256];
    assert_int_equal(parse(text, &csv, err, sizeof(err)), 0);
    assert_int_equal(csv.nrejected, 1);
    assert_non_null(strstr(csv.rows[0].reject, "answer longer than 4096"));
    ctl_kbcsv_dispose(&csv);
    free(text);
}

static void unusable_files_fail_as_a_whole(void **state)
{
    ctl_kbcsv_t csv;
    char err[256];
    assert_int_equal(parse("", &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "empty"));
    ctl_kbcsv_dispose(&csv);
    assert_int_equal(parse("question,anwser\nQ,A\n", &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "unknown column 'anwser'"));
    ctl_kbcsv_dispose(&csv);
    assert_int_equal(parse("question,keywords\nQ,k\n", &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "required"));
    ctl_kbcsv_dispose(&csv);
    assert_int_equal(parse("question,answer,Question\n", &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "repeated"));
    ctl_kbcsv_dispose(&csv);
    assert_int_equal(parse("question,answer\nQ,\"never closed\n", &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "line 2"));
    ctl_kbcsv_dispose(&csv);
}

static void question_key_ignores_case_and_spaces(void **state)
{
    char *a = ctl_kbcsv_question_key("  What  are your\tTimings? ");
    assert_string_equal(a, "what are your timings?");
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_fields_hold_commas_newlines_and_quotes),
        cmocka_unit_test(columns_in_any_order_and_lang),
        cmocka_unit_test(bad_rows_are_rejected_with_their_reason),
        cmocka_unit_test(too_long_answer_is_rejected),
        cmocka_unit_test(unusable_files_fail_as_a_whole),
        cmocka_unit_test(question_key_ignores_case_and_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
