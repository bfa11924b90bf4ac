/*
 * Unit tests of libwa's emergency triage (shared/src/emergency.c): emergencies in English, Hindi, Marathi and romanised
 * Hindi are detected, ordinary questions are not, the emergency answer always carries the emergency number, and the
 * category list covers every category detection returns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wa/emergency.h"

static void expect(const char *text, const char *category)
{
    const char *got = wa_emergency_detect(text);
    const char *shown = text != NULL ? text : "(null)"; /* some cases ask about no text at all */
    if (category == NULL) {
        if (got != NULL)
            fail_msg("\"%s\" detected as %s", shown, got);
    } else {
        if (got == NULL || strcmp(got, category) != 0)
            fail_msg("\"%s\": expected %s, got %s", shown, category, got != NULL ? got : "none");
    }
}

static void test_detect(void **state)
{
    (void)state;
    expect("My father has severe CHEST PAIN and is sweating", "chest_pain");
    expect("my son can’t breathe properly", "breathing");
    expect("heavy bleeding after delivery", "bleeding");
    expect("her face is drooping and slurred speech", "stroke");
    expect("I want to kill myself", "suicide");
    expect("child drank phenyl by mistake, poison?", "poisoning");
    expect("papa ko seene me dard ho raha hai", "chest_pain");
    expect("saans nahi aa rahi", "breathing");
    expect("wo behosh ho gaye", "unconscious");
    expect("पापा के सीने में दर्द हो रहा है", "chest_pain");
    expect("बच्चे को सांस लेने में तकलीफ है", "breathing");
    expect("मैं आत्महत्या करना चाहता हूँ", "suicide");
    expect("बाबांच्या छातीत दुखत आहे", "chest_pain");
    expect("आईला श्वास घेता येत नाही", "breathing");
    expect("खूप रक्त जात आहे", "bleeding");
    /* ordinary questions */
    expect("What are your timings?", NULL);
    expect("Do you treat skin rashes? What are the fees", NULL);
    expect("या विषयावर डॉक्टरांशी बोलायचे आहे", NULL); /* "विषय" (subject) is not poison */
    expect("Does 5 pm fit? The slot fits my schedule", NULL);
    expect("my uncle had a stroke yesterday", "stroke");
    expect("the brush strokes of the painting", NULL); /* "stroke" only as a word */
    expect("", NULL);
    expect(NULL, NULL);
}

static void test_text(void **state)
{
    (void)state;
    char *t = wa_emergency_text(NULL, NULL, "en", NULL, "Sunrise Clinic");
    assert_non_null(strstr(t, "call 112"));
    assert_non_null(strstr(t, "Sunrise Clinic"));
    free(t);
    t = wa_emergency_text("", "", "hi", "108", "");
    assert_non_null(strstr(t, "108 पर कॉल करें"));
    free(t);
    t = wa_emergency_text(NULL, NULL, "mr", "112", "X");
    assert_non_null(strstr(t, "112 वर कॉल करा"));
    free(t);
    t = wa_emergency_text(NULL, NULL, "hi-Latn", "112", "X");
    assert_non_null(strstr(t, "112 par call karein"));
    free(t);
    /* the clinic's own text: placeholders replaced, the number appended when the text lacks it */
    t = wa_emergency_text("Go to {clinic} casualty now.", "ignored {number}", "en", "108", "City Hospital");
    assert_string_equal(t, "Go to City Hospital casualty now.\nEmergency: 108");
    free(t);
    t = wa_emergency_text(NULL, "Call {number} at once.", "hi", "", "X");
    assert_string_equal(t, "Call 112 at once.");
    free(t);
}

/* The category list (used to export one metric series per category up front) names every category detection
 * returns, each once, and ends. */
static void test_categories(void **state)
{
    (void)state;
    static const char *const samples[] = {"severe chest pain", "cannot breathe",    "heavy bleeding",
                                          "slurred speech",    "he is unconscious", "I want to kill myself",
                                          "child drank phenyl"};
    size_t n = 0;
    while (wa_emergency_category(n) != NULL)
        n++;
    assert_int_equal(n, sizeof(samples) / sizeof(samples[0]));
    assert_null(wa_emergency_category(n + 1));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(wa_emergency_category(i), wa_emergency_category(j));
    for (size_t k = 0; k < n; k++) {
        const char *got = wa_emergency_detect(samples[k]);
        int listed = 0;
        assert_non_null(got);
        for (size_t i = 0; i < n; i++)
            listed |= strcmp(wa_emergency_category(i), got) == 0;
        if (!listed)
            fail_msg("\"%s\" detected as %s, which the category list lacks", samples[k], got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
