/*
 * Unit tests of services/ai/openai.c (the OpenAI-compatible chat completions format, API_REFERENCE.md B.2), of the
 * provider's model-list check (provider.c) and of the retry backoff and circuit breaker (calls.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "calls.h"
#include "openai.h"
#include "provider.h"

static int parse(long status, const char *body, ai_gemini_result_t *res)
{
    return ai_openai_response_parse(status, body, body != NULL ? strlen(body) : 0, res);
}

static void test_request(void **state)
{
    (void)state;
    ai_turn_t turns[] = {{1, "Hi"}, {1, "Are you open?"}, {0, "Yes, 9 to 5."}};
    ai_prompt_t p = {
        .system = "SYS", .turns = turns, .nturns = 3, .question = "And Sunday?", .temperature = 0.5, .max_tokens = 300};
    char *body = ai_openai_request_build(&p, "llama3.1:8b");
    cJSON *root = cJSON_Parse(body);
    assert_non_null(root);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(root, "model")), "llama3.1:8b");
    const cJSON *m = cJSON_GetObjectItem(root, "messages");
    assert_int_equal(cJSON_GetArraySize(m), 4);
    const char *roles[] = {"system", "user", "assistant", "user"};
    const char *texts[] = {"SYS", "Hi\n\nAre you open?", "Yes, 9 to 5.", "And Sunday?"};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(m, i), "role")), roles[i]);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(m, i), "content")), texts[i]);
    }
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(root, "max_tokens")), 300);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "stream")));
    cJSON_Delete(root);
    free(body);

    char *u = ai_openai_url("http://127.0.0.1:11434/v1/");
    assert_string_equal(u, "http://127.0.0.1:11434/v1/chat/completions");
    free(u);
}

static void test_parse(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    assert_int_equal(parse(200,
                           "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                           "{\"role\":\"assistant\",\"content\":\"  Hi! How can I help?\\n\"},\"finish_reason\":"
                           "\"stop\"}],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":7,\"total_tokens\":28}}",
                           &res),
                     0);
    assert_string_equal(res.text, "Hi! How can I help?");
    assert_int_equal(res.prompt_tokens, 21);
    assert_int_equal(res.output_tokens, 7);
    assert_int_equal(res.total_tokens, 28);
    ai_gemini_result_dispose(&res);

    assert_int_equal(
        parse(200, "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"content_filter\"}]}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_FINISH);
    assert_int_equal(parse(200, "{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"eos\"}]}", &res),
                     0);
    ai_gemini_result_dispose(&res);
    assert_int_equal(parse(200, "{\"choices\":[]}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_EMPTY);
    assert_int_equal(parse(200, "<html>", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_BAD_BODY);

    assert_int_equal(
        parse(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}", &res),
        -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_true(res.retryable);
    assert_string_equal(res.code, "unavailable_error");
    assert_int_equal(
        parse(400, "{\"object\":\"error\",\"message\":\"bad\",\"type\":\"BadRequestError\",\"code\":400}", &res), -1);
    assert_false(res.retryable);
    assert_string_equal(res.code, "BadRequestError");
    assert_int_equal(parse(502, "<html>bad gateway</html>", &res), -1);
    assert_true(res.retryable);
    assert_string_equal(res.code, "502");
}

static void test_models_list(void **state)
{
    (void)state;
    const char *g = "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"},{\"name\":\"models/gemini-3.5-flash\"}]}";
    assert_int_equal(ai_provider_models_has(g, strlen(g), "gemini-3.5-flash"), 1);
    assert_int_equal(ai_provider_models_has(g, strlen(g), "models/gemini-2.5-flash"), 1);
    assert_int_equal(ai_provider_models_has(g, strlen(g), "gemini-2.0-flash"), 0);
    const char *o = "{\"object\":\"list\",\"data\":[{\"id\":\"mock-model\",\"object\":\"model\"}]}";
    assert_int_equal(ai_provider_models_has(o, strlen(o), "mock-model"), 1);
    assert_int_equal(ai_provider_models_has(o, strlen(o), "llama"), 0);
    assert_int_equal(ai_provider_models_has("nope", 4, "x"), -1);
}

static void test_backoff(void **state)
{
    (void)state;
    ai_retry_policy_t p = {.max_attempts = 5, .base_ms = 1000, .max_delay_ms = 30000, .budget_ms = 60000};
    assert_int_equal(ai_calls_backoff_ms(&p, 1, 0, 0.5), 1000);
    assert_int_equal(ai_calls_backoff_ms(&p, 2, 0, 0.5), 2000);
    assert_int_equal(ai_calls_backoff_ms(&p, 3, 0, 0.5), 4000);
    assert_int_equal(ai_calls_backoff_ms(&p, 3, 0, 0.0), 3200);      /* -20% jitter */
    assert_int_equal(ai_calls_backoff_ms(&p, 20, 0, 1.0), 30000);    /* capped */
    assert_int_equal(ai_calls_backoff_ms(&p, 1, 37000, 0.5), 30000); /* RetryInfo honoured up to the cap */
    assert_int_equal(ai_calls_backoff_ms(&p, 4, 1500, 0.5), 1500);
}

static void test_breaker_trip(void **state)
{
    (void)state;
    ai_breaker_t b;
    ai_breaker_init(&b, "unit-trip", 5, 1000);
    int trial;
    ai_breaker_trip(&b, 100, 60000, "per-day quota exhausted"); /* opens at once, for the given pause */
    assert_true(ai_breaker_is_open(&b, 100));
    assert_false(ai_breaker_allow(&b, 1100, &trial)); /* the ordinary 1 s pause is not enough */
    assert_false(ai_breaker_allow(&b, 60099, &trial));
    assert_true(ai_breaker_allow(&b, 60100, &trial));
    assert_true(trial);
    ai_breaker_record(&b, 60110, trial, 0);
    assert_false(ai_breaker_is_open(&b, 60110));
    /* a trip never shortens a longer pause already running */
    ai_breaker_trip(&b, 70000, 60000, "quota");
    ai_breaker_trip(&b, 70001, 10, "quota");
    assert_false(ai_breaker_allow(&b, 71000, &trial));
}

static void test_breaker(void **state)
{
    (void)state;
    ai_breaker_t b;
    ai_breaker_init(&b, "unit", 3, 1000);
    int trial;
    for (int i = 0; i < 2; i++) {
        assert_true(ai_breaker_allow(&b, 100, &trial));
        ai_breaker_record(&b, 100, trial, 1);
    }
    assert_false(ai_breaker_is_open(&b, 100));
    ai_breaker_record(&b, 100, 0, 0); /* a success resets the count */
    for (int i = 0; i < 3; i++) {
        assert_true(ai_breaker_allow(&b, 200, &trial));
        ai_breaker_record(&b, 200, trial, 1);
    }
    assert_true(ai_breaker_is_open(&b, 200));
    assert_false(ai_breaker_allow(&b, 1199, &trial));
    /* half-open: one trial, the others refused meanwhile */
    assert_true(ai_breaker_allow(&b, 1200, &trial));
    assert_true(trial);
    int t2;
    assert_false(ai_breaker_allow(&b, 1200, &t2));
    ai_breaker_record(&b, 1250, trial, 1); /* the trial failed: open again */
    assert_false(ai_breaker_allow(&b, 1300, &trial));
    assert_true(ai_breaker_allow(&b, 2250, &trial));
    ai_breaker_record(&b, 2260, trial, 0); /* the trial succeeded: closed */
    assert_false(ai_breaker_is_open(&b, 2260));
    assert_true(ai_breaker_allow(&b, 2270, &trial));
    assert_false(trial);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request), cmocka_unit_test(test_parse),   cmocka_unit_test(test_models_list),
        cmocka_unit_test(test_backoff), cmocka_unit_test(test_breaker), cmocka_unit_test(test_breaker_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
