/*
 * Unit tests of services/ai/gemini.c: the generateContent request the ai service sends (API_REFERENCE.md B.1.2)
 * and the parsing of every answer shape of B.1.3 (success), B.1.4 (prompt blocked) and B.1.5 (error envelope and
 * HTTP statuses, including non-JSON bodies from proxies).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "gemini.h"

static const ai_clinic_t clinic = {.doctor_name = "Dr. Asha Rao",
                                   .clinic_name = "Sunrise Family Clinic",
                                   .specialization = "General Physician",
                                   .address = "12 MG Road, Bengaluru",
                                   .instructions = NULL};

static int parse(long status, const char *body, ai_gemini_result_t *res)
{
    return ai_gemini_response_parse(status, body, body != NULL ? strlen(body) : 0, res);
}

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

/* ---- request (B.1.2) ---- */

static void test_request_shape(void **state)
{
    (void)state;
    char *body = ai_gemini_request_build(&clinic, "", "", "Do you open on \"Sunday\"?\nThanks");
    cJSON *root = cJSON_Parse(body);
    assert_non_null(root);

    const cJSON *sys = cJSON_GetObjectItemCaseSensitive(root, "systemInstruction");
    const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sys, "parts"), 0), "text"));
    assert_non_null(st);
    assert_non_null(strstr(st, "You are the WhatsApp assistant of Sunrise Family Clinic, the clinic of Dr. Asha Rao "
                               "(General Physician), 12 MG Road, Bengaluru."));
    assert_non_null(strstr(st, "diagnosis"));
    assert_non_null(strstr(st, "doses"));
    assert_non_null(strstr(st, "book an appointment"));
    assert_non_null(strstr(st, "WhatsApp-sized"));
    assert_non_null(strstr(st, "patient's language and script"));
    assert_null(strstr(st, "Reference material")); /* no kb_context */
    assert_null(cJSON_GetObjectItemCaseSensitive(sys, "role"));

    const cJSON *contents = cJSON_GetObjectItemCaseSensitive(root, "contents");
    assert_int_equal(cJSON_GetArraySize(contents), 1);
    const cJSON *c0 = cJSON_GetArrayItem(contents, 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c0, "role")), "user");
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(c0, "parts");
    assert_int_equal(cJSON_GetArraySize(parts), 1);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(parts, 0), "text")),
                        "Do you open on \"Sunday\"?\nThanks");

    const cJSON *gen = cJSON_GetObjectItemCaseSensitive(root, "generationConfig");
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(gen, "temperature")) > 0.299);
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(gen, "temperature")) < 0.301);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(gen, "maxOutputTokens")), 1024);
    const cJSON *thinking = cJSON_GetObjectItemCaseSensitive(gen, "thinkingConfig");
    assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(thinking, "thinkingBudget")));
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(thinking, "thinkingBudget")), 0);
    cJSON_Delete(root);
    free(body);
}

static void test_request_kb_context(void **state)
{
    (void)state;
    const char *kb = "[{\"q\":\"What are the timings?\",\"a\":\"Mon-Sat 9am-1pm\"},{\"q\":\"\",\"a\":\"skipped\"},"
                     "{\"q\":\"Fees?\",\"a\":\"Rs 500\"}]";
    char *sys = ai_gemini_system_text(&clinic, kb, "hi");
    assert_non_null(strstr(sys, "Reference material"));
    assert_non_null(strstr(sys, "Q: What are the timings?\nA: Mon-Sat 9am-1pm"));
    assert_non_null(strstr(sys, "Q: Fees?\nA: Rs 500"));
    assert_null(strstr(sys, "skipped"));
    assert_non_null(strstr(sys, "reply in Hindi, in Devanagari script"));
    free(sys);

    /* not an array, not JSON: ignored */
    sys = ai_gemini_system_text(&clinic, "{\"q\":\"x\",\"a\":\"y\"}", NULL);
    assert_null(strstr(sys, "Reference material"));
    free(sys);
    sys = ai_gemini_system_text(&clinic, "not json", NULL);
    assert_null(strstr(sys, "Reference material"));
    free(sys);
}

static void test_request_school(void **state)
{
    (void)state;
    ai_clinic_t school = {.doctor_name = "Mrs. Rao",
                          .clinic_name = "Little Stars School",
                          .hours = "8 am to 1 pm",
                          .instructions = "Mention the sports day.",
                          .school = 1};
    char *sys = ai_gemini_system_text(&school, "[{\"q\":\"Fees?\",\"a\":\"Rs 900\"}]", "en");
    assert_non_null(strstr(sys, "You are the WhatsApp assistant of Little Stars School."));
    assert_non_null(strstr(sys, "parents' WhatsApp messages on behalf of the school"));
    assert_non_null(strstr(sys, "School hours: 8 am to 1 pm"));
    assert_non_null(strstr(sys, "Additional instructions from the school:\nMention the sports day."));
    assert_non_null(strstr(sys, "Q: Fees?\nA: Rs 900"));
    /* no clinic words to a parent */
    assert_null(strstr(sys, "clinic"));
    assert_null(strstr(sys, "appointment"));
    assert_null(strstr(sys, "patient"));
    free(sys);
}

static void test_request_sparse_clinic(void **state)
{
    (void)state;
    ai_clinic_t none = {0};
    char *sys = ai_gemini_system_text(&none, NULL, NULL);
    assert_non_null(strstr(sys, "You are the WhatsApp assistant of a doctor's clinic."));
    assert_non_null(strstr(sys, "advise the patient to see the doctor"));
    free(sys);

    ai_clinic_t doc_only = {.doctor_name = "Dr. Rao", .instructions = "Mention the Sunday camp."};
    sys = ai_gemini_system_text(&doc_only, NULL, NULL);
    assert_non_null(strstr(sys, "You are the WhatsApp assistant of the clinic of Dr. Rao."));
    assert_non_null(strstr(sys, "Additional instructions from the clinic:\nMention the Sunday camp."));
    free(sys);

    /* NULL text is an empty question, still valid JSON */
    char *body = ai_gemini_request_build(&none, NULL, NULL, NULL);
    cJSON *root = cJSON_Parse(body);
    assert_non_null(root);
    cJSON_Delete(root);
    free(body);
}

static void test_request_history_and_settings(void **state)
{
    (void)state;
    ai_clinic_t cl = clinic;
    cl.hours = "Mon-Sat 9am-1pm";
    cl.languages = "English, Hindi, Marathi";
    char *sys = ai_gemini_system_text(&cl, NULL, "mr");
    assert_non_null(strstr(sys, "Opening hours: Mon-Sat 9am-1pm"));
    assert_non_null(strstr(sys, "The clinic answers in: English, Hindi, Marathi."));
    assert_non_null(strstr(sys, "reply in Marathi, in Devanagari script"));

    ai_turn_t turns[] = {{0, "Welcome to the clinic"},
                         {1, "Hi"},
                         {1, "My son has a fever"},
                         {0, "Please bring him in."},
                         {1, "Also a cough"}};
    ai_prompt_t p = {.system = sys,
                     .turns = turns,
                     .nturns = 5,
                     .question = "Can we come today?",
                     .temperature = 0.1,
                     .max_tokens = 200};
    char *body = ai_gemini_request_build_prompt(&p);
    cJSON *root = cJSON_Parse(body);
    assert_non_null(root);
    const cJSON *contents = cJSON_GetObjectItemCaseSensitive(root, "contents");
    assert_int_equal(cJSON_GetArraySize(contents), 4);
    const char *roles[] = {"model", "user", "model", "user"};
    const char *texts[] = {"Welcome to the clinic", "Hi\n\nMy son has a fever", "Please bring him in.",
                           "Also a cough\n\nCan we come today?"};
    for (int i = 0; i < 4; i++) {
        const cJSON *ci = cJSON_GetArrayItem(contents, i);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ci, "role")), roles[i]);
        const cJSON *part = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ci, "parts"), 0);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(part, "text")), texts[i]);
    }
    const cJSON *gen = cJSON_GetObjectItemCaseSensitive(root, "generationConfig");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(gen, "maxOutputTokens")), 200);
    cJSON_Delete(root);
    free(body);
    free(sys);
}

static void test_parse_usage(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    assert_int_equal(parse(200,
                           "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
                           "\"usageMetadata\":{\"promptTokenCount\":42,\"candidatesTokenCount\":14,"
                           "\"thoughtsTokenCount\":3,\"totalTokenCount\":59}}",
                           &res),
                     0);
    assert_int_equal(res.prompt_tokens, 42);
    assert_int_equal(res.output_tokens, 17);
    assert_int_equal(res.total_tokens, 59);
    ai_gemini_result_dispose(&res);
    /* a blocked prompt still costs its prompt tokens; total derived when absent */
    assert_int_equal(parse(200,
                           "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":"
                           "{\"promptTokenCount\":12}}",
                           &res),
                     -1);
    assert_int_equal(res.prompt_tokens, 12);
    assert_int_equal(res.total_tokens, 12);
    ai_gemini_result_dispose(&res);
}

static void test_url(void **state)
{
    (void)state;
    char *u = ai_gemini_url("https://generativelanguage.googleapis.com/v1beta", "gemini-2.5-flash");
    assert_string_equal(u, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    free(u);
    u = ai_gemini_url("http://127.0.0.1:8080/v1beta//", "models/gemini-3.5-flash");
    assert_string_equal(u, "http://127.0.0.1:8080/v1beta/models/gemini-3.5-flash:generateContent");
    free(u);
}

/* ---- success (B.1.3) ---- */

static void test_parse_success_reference(void **state)
{
    (void)state;
    const char *body =
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Morgen haben wir von 9 bis 18 Uhr "
        "ge\xC3\xB6"
        "ffnet.\"}]},\"finishReason\":\"STOP\",\"index\":0,\"safetyRatings\":[{\"category\":"
        "\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"NEGLIGIBLE\"}]}],\"usageMetadata\":{\"promptTokenCount\":42,"
        "\"candidatesTokenCount\":14,\"thoughtsTokenCount\":0,\"totalTokenCount\":56,\"promptTokensDetails\":[{"
        "\"modality\":\"TEXT\",\"tokenCount\":42}]},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"mK3v\"}";
    ai_gemini_result_t res;
    assert_int_equal(parse(200, body, &res), 0);
    assert_int_equal(res.kind, AI_GEMINI_OK);
    assert_string_equal(res.text, "Morgen haben wir von 9 bis 18 Uhr ge\xC3\xB6"
                                  "ffnet.");
    assert_string_equal(res.finish_reason, "STOP");
    assert_string_equal(res.code, "");
    assert_int_equal(res.retryable, 0);
    ai_gemini_result_dispose(&res);
    ai_gemini_result_dispose(&res); /* twice is safe */
}

static void test_parse_concatenates_and_skips_thoughts(void **state)
{
    (void)state;
    const char *body = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"private reasoning\",\"thought\":true},"
                       "{\"text\":\"  Hello, \"},{\"inlineData\":{}},{\"text\":\"we open at 9.\\n\"}]},"
                       "\"finishReason\":\"STOP\"}],\"newField\":{\"x\":1}}";
    ai_gemini_result_t res;
    assert_int_equal(parse(200, body, &res), 0);
    assert_string_equal(res.text, "Hello, we open at 9.");
    ai_gemini_result_dispose(&res);
}

static void test_parse_no_finish_reason(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    assert_int_equal(parse(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]}}]}", &res), 0);
    assert_string_equal(res.text, "ok");
    assert_string_equal(res.finish_reason, "");
    ai_gemini_result_dispose(&res);
}

static void test_parse_max_tokens(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    /* MAX_TOKENS with text: use the text */
    assert_int_equal(
        parse(200,
              "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"partial\"}]},\"finishReason\":\"MAX_TOKENS\"}]}",
              &res),
        0);
    assert_string_equal(res.text, "partial");
    ai_gemini_result_dispose(&res);

    /* MAX_TOKENS without parts, without content (thinking ate the budget) */
    assert_int_equal(
        parse(200, "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"MAX_TOKENS\"}]}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_EMPTY);
    assert_string_equal(res.code, "MAX_TOKENS");
    assert_null(res.text);
    ai_gemini_result_dispose(&res);
    assert_int_equal(parse(200, "{\"candidates\":[{\"finishReason\":\"MAX_TOKENS\"}]}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_EMPTY);
    ai_gemini_result_dispose(&res);
}

static void test_parse_empty_text(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    assert_int_equal(parse(200,
                           "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"thinking\",\"thought\":true},"
                           "{\"text\":\" \\n \"}]},\"finishReason\":\"STOP\"}]}",
                           &res),
                     -1);
    assert_int_equal(res.kind, AI_GEMINI_EMPTY);
    assert_string_equal(res.code, "STOP");
    ai_gemini_result_dispose(&res);
}

static void test_parse_bad_finish(void **state)
{
    (void)state;
    static const char *const reasons[] = {"SAFETY",       "RECITATION",         "OTHER", "LANGUAGE",
                                          "BLOCKLIST",    "PROHIBITED_CONTENT", "SPII",  "FINISH_REASON_UNSPECIFIED",
                                          "SOMETHING_NEW"};
    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
        char body[256];
        snprintf(body, sizeof(body),
                 "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"half\"}]},\"finishReason\":\"%s\"}]}",
                 reasons[i]);
        ai_gemini_result_t res;
        assert_int_equal(parse(200, body, &res), -1);
        assert_int_equal(res.kind, AI_GEMINI_FINISH);
        assert_string_equal(res.code, reasons[i]);
        assert_string_equal(res.finish_reason, reasons[i]);
        assert_null(res.text);
        assert_int_equal(res.retryable, 0);
        assert_non_null(strstr(res.detail, reasons[i]));
        ai_gemini_result_dispose(&res);
    }
    /* SAFETY with the content missing entirely */
    ai_gemini_result_t res;
    assert_int_equal(parse(200,
                           "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":"
                           "\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\",\"blocked\":true}]}]}",
                           &res),
                     -1);
    assert_int_equal(res.kind, AI_GEMINI_FINISH);
    ai_gemini_result_dispose(&res);
}

/* ---- prompt blocked (B.1.4) ---- */

static void test_parse_blocked(void **state)
{
    (void)state;
    const char *body = "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[{\"category\":"
                       "\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\",\"blocked\":true}]},"
                       "\"usageMetadata\":{\"promptTokenCount\":12,\"totalTokenCount\":12},\"modelVersion\":"
                       "\"gemini-2.5-flash\"}";
    ai_gemini_result_t res;
    assert_int_equal(parse(200, body, &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_BLOCKED);
    assert_string_equal(res.code, "SAFETY");
    assert_non_null(strstr(res.detail, "blocked"));
    assert_int_equal(res.retryable, 0);
    ai_gemini_result_dispose(&res);

    /* an empty candidates array instead of none */
    assert_int_equal(
        parse(200, "{\"candidates\":[],\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_BLOCKED);
    assert_string_equal(res.code, "PROHIBITED_CONTENT");
    ai_gemini_result_dispose(&res);

    /* no candidates and no reason */
    assert_int_equal(parse(200, "{\"usageMetadata\":{}}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_EMPTY);
    assert_string_equal(res.code, "NO_CANDIDATES");
    ai_gemini_result_dispose(&res);
}

/* ---- errors (B.1.5) ---- */

static void test_parse_error_429(void **state)
{
    (void)state;
    const char *body =
        "{ \"error\": { \"code\": 429, \"message\": \"You exceeded your current quota, please check your plan and "
        "billing details.\", \"status\": \"RESOURCE_EXHAUSTED\", \"details\": [ { \"@type\": "
        "\"type.googleapis.com/google.rpc.QuotaFailure\", \"violations\": [ { \"quotaMetric\": "
        "\"generativelanguage.googleapis.com/generate_content_free_tier_requests\", \"quotaId\": "
        "\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\", \"quotaValue\": \"10\" } ] }, { \"@type\": "
        "\"type.googleapis.com/google.rpc.Help\", \"links\": [ { \"description\": \"Learn more\", \"url\": "
        "\"https://ai.google.dev/gemini-api/docs/rate-limits\" } ] }, { \"@type\": "
        "\"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"37s\" } ] } }";
    ai_gemini_result_t res;
    assert_int_equal(parse(429, body, &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_int_equal(res.http_status, 429);
    assert_string_equal(res.code, "RESOURCE_EXHAUSTED");
    assert_int_equal(res.retryable, 1);
    assert_int_equal(res.retry_after_ms, 37000);
    assert_int_equal(res.quota_daily, 0); /* a per-minute quota */
    assert_non_null(strstr(res.detail, "429"));
    assert_non_null(strstr(res.detail, "You exceeded your current quota"));
    assert_null(res.text);
    ai_gemini_result_dispose(&res);
}

static void test_parse_error_429_per_day_quota(void **state)
{
    (void)state;
    /* a per-day quota: no retry helps before the daily reset, although RetryInfo is present */
    const char *body =
        "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota.\",\"status\":"
        "\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
        "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
        "\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\",\"quotaValue\":\"250\"}]},"
        "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"20s\"}]}}";
    ai_gemini_result_t res;
    assert_int_equal(parse(429, body, &res), -1);
    assert_string_equal(res.code, "RESOURCE_EXHAUSTED");
    assert_int_equal(res.quota_daily, 1);
    assert_int_equal(res.retryable, 0);
    assert_non_null(strstr(res.detail, "per-day quota"));
    ai_gemini_result_dispose(&res);

    /* a per-minute quota stays retryable (test_parse_error_429), and so does a QuotaFailure without violations */
    const char *empty = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        "\"type.googleapis.com/google.rpc.QuotaFailure\"}]}}";
    assert_int_equal(parse(429, empty, &res), -1);
    assert_int_equal(res.quota_daily, 0);
    assert_int_equal(res.retryable, 1);
    ai_gemini_result_dispose(&res);
}

static void test_parse_error_statuses(void **state)
{
    (void)state;
    static const struct {
        long http;
        const char *status;
        int retryable;
    } cases[] = {{400, "INVALID_ARGUMENT", 0},  {400, "FAILED_PRECONDITION", 0}, {401, "UNAUTHENTICATED", 0},
                 {403, "PERMISSION_DENIED", 0}, {404, "NOT_FOUND", 0},           {500, "INTERNAL", 1},
                 {503, "UNAVAILABLE", 1},       {504, "DEADLINE_EXCEEDED", 1}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char body[256];
        snprintf(body, sizeof(body), "{\"error\":{\"code\":%ld,\"message\":\"m%zu\",\"status\":\"%s\"}}", cases[i].http,
                 i, cases[i].status);
        ai_gemini_result_t res;
        assert_int_equal(parse(cases[i].http, body, &res), -1);
        assert_int_equal(res.kind, AI_GEMINI_HTTP);
        assert_string_equal(res.code, cases[i].status);
        assert_int_equal(res.retryable, cases[i].retryable);
        assert_int_equal(res.retry_after_ms, 0);
        ai_gemini_result_dispose(&res);
    }
}

static void test_parse_error_invalid_key(void **state)
{
    (void)state;
    const char *body = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                       "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/"
                       "google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}";
    ai_gemini_result_t res;
    assert_int_equal(parse(400, body, &res), -1);
    assert_string_equal(res.code, "INVALID_ARGUMENT");
    assert_non_null(strstr(res.detail, "API_KEY_INVALID"));
    assert_int_equal(res.retryable, 0);
    ai_gemini_result_dispose(&res);
}

static void test_parse_error_without_status(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    assert_int_equal(parse(500, "{\"error\":{\"code\":500,\"message\":\"Internal error\"}}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_string_equal(res.code, "500");
    ai_gemini_result_dispose(&res);

    /* a JSON body that is not an envelope */
    assert_int_equal(parse(503, "{\"message\":\"overloaded\"}", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_string_equal(res.code, "503");
    assert_int_equal(res.retryable, 1);
    ai_gemini_result_dispose(&res);

    /* an error envelope behind a 200 */
    assert_int_equal(parse(200, "{\"error\":{\"code\":400,\"message\":\"x\",\"status\":\"INVALID_ARGUMENT\"}}", &res),
                     -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_string_equal(res.code, "INVALID_ARGUMENT");
    ai_gemini_result_dispose(&res);
}

static void test_parse_non_json(void **state)
{
    (void)state;
    ai_gemini_result_t res;
    /* HTML from a load balancer */
    assert_int_equal(parse(502, "<html><head><title>502 Bad Gateway</title></head></html>", &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_string_equal(res.code, "502");
    assert_int_equal(res.retryable, 1);
    assert_non_null(strstr(res.detail, "non-JSON"));
    ai_gemini_result_dispose(&res);

    assert_int_equal(parse(408, NULL, &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_HTTP);
    assert_int_equal(res.retryable, 1);
    ai_gemini_result_dispose(&res);

    /* 2xx: not JSON, empty, JSON but not an object */
    static const char *const bodies[] = {"<html>ok</html>", "", "[1,2]", "\"text\"", "{\"candidates\":"};
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        assert_int_equal(parse(200, bodies[i], &res), -1);
        assert_int_equal(res.kind, AI_GEMINI_BAD_BODY);
        assert_int_equal(res.retryable, 0);
        ai_gemini_result_dispose(&res);
    }
}

static void test_parse_length_bound(void **state)
{
    (void)state;
    /* the parser must respect len: the bytes after it are not part of the body */
    const char *buf =
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}]}GARBAGE";
    size_t len = strlen(buf) - strlen("GARBAGE");
    ai_gemini_result_t res;
    assert_int_equal(ai_gemini_response_parse(200, buf, len, &res), 0);
    assert_string_equal(res.text, "ok");
    ai_gemini_result_dispose(&res);
    assert_int_equal(ai_gemini_response_parse(200, buf, 10, &res), -1);
    assert_int_equal(res.kind, AI_GEMINI_BAD_BODY);
    ai_gemini_result_dispose(&res);
}

static void test_detail_utf8_cut(void **state)
{
    (void)state;
    /* a long message of 3-byte characters: the detail is cut but stays valid UTF-8 */
    char body[4096] = "{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"message\":\"";
    for (int i = 0; i < 300; i++)
        strcat(body, "\xE0\xA4\xA8");
    strcat(body, "\"}}");
    ai_gemini_result_t res;
    assert_int_equal(parse(400, body, &res), -1);
    assert_true(strlen(res.detail) < sizeof(res.detail));
    assert_true(valid_utf8(res.detail));
    ai_gemini_result_dispose(&res);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_OK), "ok");
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_BLOCKED), "blocked");
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_FINISH), "finish");
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_EMPTY), "empty");
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_HTTP), "http");
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_BAD_BODY), "bad_body");
    assert_string_equal(ai_gemini_kind_name(AI_GEMINI_NETWORK), "network");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_shape),
        cmocka_unit_test(test_request_kb_context),
        cmocka_unit_test(test_request_sparse_clinic),
        cmocka_unit_test(test_request_school),
        cmocka_unit_test(test_request_history_and_settings),
        cmocka_unit_test(test_parse_usage),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_parse_success_reference),
        cmocka_unit_test(test_parse_concatenates_and_skips_thoughts),
        cmocka_unit_test(test_parse_no_finish_reason),
        cmocka_unit_test(test_parse_max_tokens),
        cmocka_unit_test(test_parse_empty_text),
        cmocka_unit_test(test_parse_bad_finish),
        cmocka_unit_test(test_parse_blocked),
        cmocka_unit_test(test_parse_error_429),
        cmocka_unit_test(test_parse_error_429_per_day_quota),
        cmocka_unit_test(test_parse_error_statuses),
        cmocka_unit_test(test_parse_error_invalid_key),
        cmocka_unit_test(test_parse_error_without_status),
        cmocka_unit_test(test_parse_non_json),
        cmocka_unit_test(test_parse_length_bound),
        cmocka_unit_test(test_detail_utf8_cut),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
