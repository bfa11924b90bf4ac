/*
 * Unit tests of libwa's language guess (shared/src/lang.c): the patient's language and script guessed from the text
 * (English, Hindi and Marathi in Devanagari, romanised Hindi), the one answer the router, its flows and the ai
 * service share, and the instruction the model gets for each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wa/lang.h"

static void test_detect(void **state)
{
    (void)state;
    assert_string_equal(wa_lang_detect("What are your timings on Sunday?", ""), "en");
    assert_string_equal(wa_lang_detect("Is the doctor available today", NULL), "en");
    assert_string_equal(wa_lang_detect("क्या डॉक्टर आज क्लिनिक में हैं?", "hi"), "hi");
    assert_string_equal(wa_lang_detect("मुझे बुखार है, क्या मैं आ सकता हूँ", ""), "hi");
    assert_string_equal(wa_lang_detect("डॉक्टर आज दवाखान्यात आहेत का?", "hi"), "mr");
    assert_string_equal(wa_lang_detect("मला ताप आहे, मी उद्या येऊ शकतो का?", ""), "mr");
    assert_string_equal(wa_lang_detect("doctor sahab kal clinic khula hai kya?", ""), "hi-Latn");
    assert_string_equal(wa_lang_detect("Mujhe bukhar hai, kab aa sakte hain", ""), "hi-Latn");
    /* a name alone with one weak marker is still English */
    assert_string_equal(wa_lang_detect("Appointment for Ravi ji please", ""), "en");
    /* no letters: the caller's fallback (the ai: the router's guess, else English; the flows: none) */
    assert_string_equal(wa_lang_detect("?? 123", "mr"), "mr");
    assert_string_equal(wa_lang_detect("", "en"), "en");
    assert_string_equal(wa_lang_detect(NULL, ""), "");
    assert_null(wa_lang_detect("10:30", NULL));
    assert_null(wa_lang_detect(NULL, NULL));
}

/* What the router and its flows asked of their own guessers before, answered by the one detector: Devanagari is
 * Hindi unless its words are Marathi (the router used to call every Devanagari text Hindi before the ai looked). */
static void test_router_and_flow_cases(void **state)
{
    (void)state;
    assert_string_equal(wa_lang_detect("फीस कितनी है", NULL), "hi");
    assert_string_equal(wa_lang_detect("कल शाम", NULL), "hi");
    assert_string_equal(wa_lang_detect("book", NULL), "en");
    assert_string_equal(wa_lang_detect("fees kitni hai", NULL), "hi-Latn");
    assert_string_equal(wa_lang_detect("मला उद्या वेळ पाहिजे", NULL), "mr");
    assert_true(wa_lang_is_devanagari("hi"));
    assert_true(wa_lang_is_devanagari("mr"));
    assert_false(wa_lang_is_devanagari("hi-Latn"));
    assert_false(wa_lang_is_devanagari("en"));
    assert_false(wa_lang_is_devanagari(NULL));
}

static void test_instruction(void **state)
{
    (void)state;
    assert_non_null(strstr(wa_lang_instruction("hi"), "reply in Hindi, in Devanagari script"));
    assert_non_null(strstr(wa_lang_instruction("mr"), "reply in Marathi, in Devanagari script"));
    assert_non_null(strstr(wa_lang_instruction("hi-Latn"), "Latin letters"));
    assert_non_null(strstr(wa_lang_instruction("en"), "English"));
    assert_non_null(strstr(wa_lang_instruction("ta"), "language and script the patient writes"));
    assert_non_null(strstr(wa_lang_instruction(NULL), "language and script the patient writes"));
    assert_string_equal(wa_lang_name("mr"), "Marathi");
    assert_null(wa_lang_name("xx"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_router_and_flow_cases),
        cmocka_unit_test(test_instruction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
