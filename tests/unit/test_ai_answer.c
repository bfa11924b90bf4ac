/*
 * Unit tests of services/ai/answer.c (fitting an answer into one WhatsApp text message on a UTF-8 boundary,
 * Markdown tidying, the clinic's fallback text) and of the doctor-id check of services/ai/clinic.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answer.h"
#include "clinic.h"

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = malloc(n * times + 1);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

static void test_units(void **state)
{
    (void)state;
    assert_int_equal(ai_answer_units(""), 0);
    assert_int_equal(ai_answer_units("abc"), 3);
    assert_int_equal(ai_answer_units("\xE0\xA4\xA8\xE0\xA4\xAE"), 2); /* two Devanagari letters */
    assert_int_equal(ai_answer_units("\xF0\x9F\x98\x80"), 2);         /* an emoji: a surrogate pair */
    assert_int_equal(ai_answer_units("caf\xC3\xA9"), 4);
}

static void test_fit_short_unchanged(void **state)
{
    (void)state;
    char *s = ai_answer_fit("Hello, we open at 9.", 4000);
    assert_string_equal(s, "Hello, we open at 9.");
    free(s);
}

static void test_fit_cuts_at_sentence(void **state)
{
    (void)state;
    char *text = repeat("We open at nine. ", 400); /* 6800 units */
    char *s = ai_answer_fit(text, AI_ANSWER_MAX_UNITS);
    assert_true(ai_answer_units(s) <= AI_ANSWER_MAX_UNITS);
    assert_true(ai_answer_units(s) > AI_ANSWER_MAX_UNITS / 2);
    assert_true(ends_with(s, "nine.\xE2\x80\xA6"));
    free(s);
    free(text);
}

static void test_fit_multibyte_boundary(void **state)
{
    (void)state;
    /* no spaces at all: a hard cut, which must fall between code points */
    char *text = repeat("\xE0\xA4\xA8", 5000);
    char *s = ai_answer_fit(text, 4000);
    assert_true(valid_utf8(s));
    assert_int_equal(ai_answer_units(s), 4000);
    assert_true(ends_with(s, "\xE2\x80\xA6"));
    free(s);
    free(text);

    /* emoji count two units each */
    text = repeat("\xF0\x9F\x98\x80", 3000);
    s = ai_answer_fit(text, 4000);
    assert_true(valid_utf8(s));
    assert_true(ai_answer_units(s) <= 4000);
    free(s);
    free(text);

    /* Hindi sentences end with a danda */
    text = repeat("\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87\xE0\xA5\xA4 ", 1000);
    s = ai_answer_fit(text, 4000);
    assert_true(valid_utf8(s));
    assert_true(ends_with(s, "\xE0\xA5\xA4\xE2\x80\xA6"));
    free(s);
    free(text);
}

static void test_fit_prefers_line_break(void **state)
{
    (void)state;
    char *body = repeat("word ", 790); /* 3950 units */
    size_t n = strlen(body);
    char *text = malloc(n + 400);
    memcpy(text, body, n);
    strcpy(text + n, "\nsecond paragraph that goes on and on and on and on and on and on and on and on and on and on");
    char *s = ai_answer_fit(text, 3960);
    assert_true(ai_answer_units(s) <= 3960);
    assert_true(ends_with(s, "word\xE2\x80\xA6"));
    assert_null(strstr(s, "second"));
    free(s);
    free(text);
    free(body);
}

static void test_whatsapp(void **state)
{
    (void)state;
    char *t = ai_answer_whatsapp("## Timings\n**Mon-Sat** 9am-1pm\n* bring your reports\n"
                                 "See [our page](https://clinic.example/hours) or https://x.example\n"
                                 "| Day | Hours |\n|---|:---:|\n| Mon | 9-1 |\n| Sun | closed |\nThanks");
    assert_string_equal(t, "Timings\n*Mon-Sat* 9am-1pm\n- bring your reports\n"
                           "See our page (https://clinic.example/hours) or https://x.example\n"
                           "Day - Hours\nMon - 9-1\nSun - closed\nThanks");
    free(t);
    t = ai_answer_whatsapp("[https://a.example](https://a.example) and [broken](link");
    assert_string_equal(t, "https://a.example and [broken](link");
    free(t);
    t = ai_answer_whatsapp("");
    assert_string_equal(t, "");
    free(t);
}

static void test_tidy(void **state)
{
    (void)state;
    char a[] = "## Timings\n**Mon-Sat** 9am-1pm, __closed__ Sunday\n### Fees\n* Rs 500 #1";
    assert_string_equal(ai_answer_tidy(a), "Timings\n*Mon-Sat* 9am-1pm, _closed_ Sunday\nFees\n* Rs 500 #1");
    char b[] = "#hashtag stays";
    assert_string_equal(ai_answer_tidy(b), "#hashtag stays");
    char c[] = "";
    assert_string_equal(ai_answer_tidy(c), "");
}

static void test_fallback(void **state)
{
    (void)state;
    char *s = ai_answer_fallback(NULL, NULL, "Sunrise Family Clinic", "Dr. Asha Rao");
    assert_string_equal(s, "Thank you for your message. Sunrise Family Clinic will get back to you shortly.");
    free(s);
    s = ai_answer_fallback("", "", "", "Dr. Asha Rao");
    assert_string_equal(s, "Thank you for your message. Dr. Asha Rao's clinic will get back to you shortly.");
    free(s);
    s = ai_answer_fallback(NULL, NULL, NULL, NULL);
    assert_string_equal(s, "Thank you for your message. The clinic will get back to you shortly.");
    free(s);
    /* the configured text (AI_FALLBACK_TEXT), with {clinic} */
    s = ai_answer_fallback("", "{clinic} got your message. {clinic} will call.", "Sunrise", NULL);
    assert_string_equal(s, "Sunrise got your message. Sunrise will call.");
    free(s);
    /* the clinic's own text wins */
    s = ai_answer_fallback("Namaste from {clinic}!", "configured", "Sunrise", NULL);
    assert_string_equal(s, "Namaste from Sunrise!");
    free(s);
}

static void test_is_uuid(void **state)
{
    (void)state;
    assert_true(ai_is_uuid("00000000-0000-4000-8000-000000000001"));
    assert_true(ai_is_uuid("ABCDEF00-0000-4000-8000-00000000000f"));
    assert_false(ai_is_uuid("00000000-0000-4000-8000-00000000000"));
    assert_false(ai_is_uuid("00000000-0000-4000-8000-0000000000011"));
    assert_false(ai_is_uuid("00000000x0000-4000-8000-000000000001"));
    assert_false(ai_is_uuid("1"));
    assert_false(ai_is_uuid(""));
    assert_false(ai_is_uuid("'; DROP TABLE doctors; --"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_fit_short_unchanged),
        cmocka_unit_test(test_fit_cuts_at_sentence),
        cmocka_unit_test(test_fit_multibyte_boundary),
        cmocka_unit_test(test_fit_prefers_line_break),
        cmocka_unit_test(test_tidy),
        cmocka_unit_test(test_whatsapp),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_is_uuid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
