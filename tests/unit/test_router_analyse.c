/*
 * Unit tests of the router's own analysis (services/router/analyse.c) without a database: kb_raw_words' splitting,
 * lower case, nukta letters, joiners and its 1,000-character cut, the two characters it leaves to SQL, and kb_fold's
 * two rules (the expected values are the database's kb_fold of the same words). The whole analysis is compared with
 * router_analyse_batch by tests/e2e/test_analyse_parity.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyse.h"

/* The words of text joined by '|' ("" for none), or "LEFT TO SQL". */
static const char *words_of(const char *text, size_t max)
{
    static char out[8192];
    char **w;
    size_t n;
    if (rt_analyse_raw_words(text, max, &w, &n) != 0)
        return "LEFT TO SQL";
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            strcat(out, "|");
        strncat(out, w[i], sizeof(out) - strlen(out) - 2);
    }
    rt_analyse_words_free(w, n);
    return out;
}

static void test_raw_words(void **state)
{
    (void)state;
    assert_string_equal(words_of("What are your Timings?", RT_ANALYSE_MAX_CHARS), "what|are|your|timings");
    assert_string_equal(words_of("  fees...kitni hai!!  ", RT_ANALYSE_MAX_CHARS), "fees|kitni|hai");
    assert_string_equal(words_of("", RT_ANALYSE_MAX_CHARS), "");
    assert_string_equal(words_of(" \t\n", RT_ANALYSE_MAX_CHARS), "");
    /* an emoji, an accented letter and an underscore separate words; digits are kept inside and alone */
    assert_string_equal(words_of("hi\xf0\x9f\x99\x8fthere caf\xc3\xa9 a_b 12 b12", RT_ANALYSE_MAX_CHARS),
                        "hi|there|caf|a|b|12|b12");
    /* nukta letters folded to their consonant (U+0958 -> U+0915), a separate nukta (U+093C) and joiners deleted,
     * candrabindu (U+0901) to anusvara (U+0902), the danda (U+0964) a separator */
    assert_string_equal(words_of("\xe0\xa5\x98"
                                 "ab \xe0\xa4\x95\xe0\xa4\xbc x\xe2\x80\x8dy \xe0\xa4\x81",
                                 1000),
                        "\xe0\xa4\x95"
                        "ab|\xe0\xa4\x95|xy|\xe0\xa4\x82");
    assert_string_equal(words_of("\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae\xe0\xa5\xa4\xe0\xa4\xb6", 1000),
                        "\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xae|\xe0\xa4\xb6");
    /* lower() of U+0130 and U+212A gives i and k in the database: not folded here */
    assert_string_equal(words_of("\xc4\xb0stanbul", 1000), "LEFT TO SQL");
    assert_string_equal(words_of("\xe2\x84\xaa"
                                 "elvin",
                                 1000),
                        "LEFT TO SQL");
    /* invalid UTF-8 is not guessed at */
    assert_string_equal(words_of("ab\xff", 1000), "LEFT TO SQL");
}

static void test_cut_at_max_chars(void **state)
{
    (void)state;
    char text[1200];
    memset(text, 'a', 1005);
    strcpy(text + 1005, " tail");
    const char *w = words_of(text, RT_ANALYSE_MAX_CHARS);
    assert_int_equal(strlen(w), 1000);
    /* a character, not a byte: three-byte letters count one each */
    assert_string_equal(words_of("\xe0\xa4\x95\xe0\xa4\x96\xe0\xa4\x97", 2), "\xe0\xa4\x95\xe0\xa4\x96");
    /* what comes after the cut is not read, even a character left to SQL */
    assert_string_equal(words_of("ab \xc4\xb0", 3), "ab");
}

static const char *fold(const char *w)
{
    static char out[256];
    rt_analyse_fold(w, out, sizeof(out));
    return out;
}

static void test_fold(void **state)
{
    (void)state;
    assert_string_equal(fold("families"), "family"); /* four letters or more, then -ies */
    assert_string_equal(fold("babies"), "babie");    /* three: the -s rule, as the database folds it */
    assert_string_equal(fold("ties"), "tie");        /* three before -ies: the -s rule */
    assert_string_equal(fold("fees"), "fee");
    assert_string_equal(fold("timings"), "timing");
    assert_string_equal(fold("class"), "class");   /* -ss */
    assert_string_equal(fold("status"), "status"); /* -us */
    assert_string_equal(fold("bus"), "bus");       /* one letter before the u */
    assert_string_equal(fold("abs"), "abs");       /* too short */
    assert_string_equal(fold("12ms"), "12ms");     /* not letters first */
    assert_string_equal(fold("ab1s"), "ab1");      /* any one character but s or u before the s */
    assert_string_equal(fold("ab\xe0\xa4\x95"
                             "s"),
                        "ab\xe0\xa4\x95");
    assert_string_equal(fold("ab\xe0\xa4\x95\xe0\xa4\x96s"), "ab\xe0\xa4\x95\xe0\xa4\x96s"); /* two of them */
    assert_string_equal(fold("\xe0\xa4\x95\xe0\xa4\x96\xe0\xa4\x97s"), "\xe0\xa4\x95\xe0\xa4\x96\xe0\xa4\x97s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raw_words),
        cmocka_unit_test(test_cut_at_max_chars),
        cmocka_unit_test(test_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
