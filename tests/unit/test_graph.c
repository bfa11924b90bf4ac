/* Unit tests for the sender's Graph wire format (services/sender/graph.c): request building, response and error
 * parsing, the A.5 classification table and the resulting consumer outcome, and the sandbox form of the call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "graph.h"

static cJSON *build_ok(const wa_out_msg_t *m, snd_graph_request_t *req)
{
    char err[128];
    assert_int_equal(snd_graph_request_build(m, req, err, sizeof(err)), 0);
    assert_non_null(req->json);
    cJSON *j = cJSON_Parse(req->json);
    assert_non_null(j);
    return j;
}

static const char *str_at(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static void text_without_context(void **state)
{
    wa_out_msg_t m = {.out_id = "o1",
                      .doctor_id = "d",
                      .to = "919800000001",
                      .kind = "text",
                      .message = "{\"type\":\"text\",\"text\":{\"body\":\"We open at 9\",\"preview_url\":false}}",
                      .reply_to = ""};
    snd_graph_request_t req;
    cJSON *j = build_ok(&m, &req);
    assert_string_equal(str_at(j, "messaging_product"), "whatsapp");
    assert_string_equal(str_at(j, "recipient_type"), "individual");
    assert_string_equal(str_at(j, "to"), "919800000001");
    assert_string_equal(str_at(j, "type"), "text");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    assert_string_equal(str_at(text, "body"), "We open at 9");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(text, "preview_url")));
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "context"));
    assert_int_equal(cJSON_GetArraySize(j), 5);
    assert_string_equal(req.type, "text");
    assert_string_equal(req.text_body, "We open at 9");
    assert_false(req.is_read);
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
    snd_graph_request_dispose(&req); /* twice is harmless */
}

/* A BSUID address goes in `recipient`, never in `to` (which would win over it, A.9.4); a `recipient` in the message
 * object never overrides ours. */
static void bsuid_goes_in_recipient(void **state)
{
    wa_out_msg_t m = {.out_id = "o2",
                      .doctor_id = "d",
                      .to = "DE.7310558812040077",
                      .kind = "text",
                      .message = "{\"type\":\"text\",\"recipient\":\"XX.1\",\"text\":{\"body\":\"hi\"}}",
                      .reply_to = ""};
    snd_graph_request_t req;
    cJSON *j;
    (void)state;
    j = build_ok(&m, &req);
    assert_string_equal(str_at(j, "recipient"), "DE.7310558812040077");
    assert_string_equal(str_at(j, "recipient_type"), "individual");
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "to"));
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
    m.to = "US.ENT.11815799212886844830"; /* a parent BSUID too */
    j = build_ok(&m, &req);
    assert_string_equal(str_at(j, "recipient"), "US.ENT.11815799212886844830");
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "to"));
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
    m.to = "4915112345678";
    j = build_ok(&m, &req);
    assert_string_equal(str_at(j, "to"), "4915112345678");
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "recipient"));
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
}

static void text_with_context(void **state)
{
    /* reply_to wins over a context in the message; to/messaging_product in the message never override ours */
    wa_out_msg_t m = {.out_id = "reply:wamid.A",
                      .doctor_id = "d",
                      .to = "919800000001",
                      .kind = "text",
                      .message = "{\"type\":\"text\",\"to\":\"1\",\"messaging_product\":\"x\",\"context\":{"
                                 "\"message_id\":\"old\"},\"text\":{\"body\":\"Yes\"}}",
                      .reply_to = "wamid.A"};
    snd_graph_request_t req;
    cJSON *j = build_ok(&m, &req);
    assert_string_equal(str_at(j, "to"), "919800000001");
    assert_string_equal(str_at(j, "messaging_product"), "whatsapp");
    assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(j, "context"), "message_id"), "wamid.A");
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
}

static void template_passes_through(void **state)
{
    wa_out_msg_t m = {.out_id = "r1",
                      .doctor_id = "d",
                      .to = "4915112345678",
                      .kind = "template",
                      .message = "{\"type\":\"template\",\"template\":{\"name\":\"reminder\",\"language\":{\"code\":"
                                 "\"en\"},\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\","
                                 "\"text\":\"Asha\"}]}]}}",
                      .reply_to = ""};
    snd_graph_request_t req;
    cJSON *j = build_ok(&m, &req);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "template");
    assert_string_equal(str_at(t, "name"), "reminder");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t, "components")), 1);
    assert_string_equal(req.type, "template");
    assert_null(req.text_body);
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
}

static void read_receipt(void **state)
{
    wa_out_msg_t m = {.out_id = "read:wamid.B",
                      .doctor_id = "d",
                      .to = "919800000001",
                      .kind = "read",
                      .message = "{\"message_id\":\"wamid.B\",\"typing_indicator\":{\"type\":\"text\"}}",
                      .reply_to = ""};
    snd_graph_request_t req;
    cJSON *j = build_ok(&m, &req);
    assert_string_equal(str_at(j, "messaging_product"), "whatsapp");
    assert_string_equal(str_at(j, "status"), "read");
    assert_string_equal(str_at(j, "message_id"), "wamid.B");
    assert_string_equal(str_at(cJSON_GetObjectItemCaseSensitive(j, "typing_indicator"), "type"), "text");
    assert_null(cJSON_GetObjectItemCaseSensitive(j, "to"));
    assert_true(req.is_read);
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);

    /* message_id falls back to reply_to */
    wa_out_msg_t m2 = {.out_id = "read:wamid.C", .to = "1", .kind = "read", .message = "{}", .reply_to = "wamid.C"};
    j = build_ok(&m2, &req);
    assert_string_equal(str_at(j, "message_id"), "wamid.C");
    assert_int_equal(cJSON_GetArraySize(j), 3);
    cJSON_Delete(j);
    snd_graph_request_dispose(&req);
}

static void bad_messages_are_refused(void **state)
{
    const char *bad[] = {"not json", "[1,2]", "\"text\"", "{\"text\":{\"body\":\"no type\"}}", "{\"type\":\"\"}", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        wa_out_msg_t m = {.out_id = "x", .to = "1", .kind = "text", .message = bad[i], .reply_to = ""};
        snd_graph_request_t req;
        char err[64];
        assert_int_equal(snd_graph_request_build(&m, &req, err, sizeof(err)), -1);
        assert_null(req.json);
        assert_true(err[0] != '\0');
    }
    wa_out_msg_t r = {.out_id = "x", .to = "1", .kind = "read", .message = "{}", .reply_to = ""};
    snd_graph_request_t req;
    char err[64];
    assert_int_equal(snd_graph_request_build(&r, &req, err, sizeof(err)), -1);
}

static void parse_success(void **state)
{
    const char *body = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+4915112345678\",\"wa_id\":"
                       "\"4915112345678\"}],\"messages\":[{\"id\":\"wamid.HBgN==\",\"message_status\":\"accepted\"}]}";
    snd_graph_response_t res;
    snd_graph_response_parse(200, body, strlen(body), &res);
    assert_true(res.ok);
    assert_false(res.has_error);
    assert_string_equal(res.wamid, "wamid.HBgN==");
    assert_string_equal(res.message_status, "accepted");
    snd_graph_verdict_t v;
    snd_graph_verdict(200, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_ACK);
    assert_string_equal(v.metric_code, "2xx");

    const char *read = "{\"success\":true}";
    snd_graph_response_parse(200, read, strlen(read), &res);
    assert_true(res.ok);
    assert_string_equal(res.wamid, "");

    /* without a length-bounded NUL: the parser must respect len */
    const char *trail = "{\"messages\":[{\"id\":\"wamid.X\"}]}GARBAGE";
    snd_graph_response_parse(200, trail, strlen(trail) - 7, &res);
    assert_true(res.ok);
    assert_string_equal(res.wamid, "wamid.X");
}

static void parse_error_envelope(void **state)
{
    const char *body = "{\"error\":{\"message\":\"(#131056) (Business Account, Consumer Account) pair rate limit hit\","
                       "\"type\":\"OAuthException\",\"code\":131056,\"error_data\":{\"messaging_product\":\"whatsapp\","
                       "\"details\":\"Too many messages\"},\"error_subcode\":2494055,\"fbtrace_id\":\"AbCd\"}}";
    snd_graph_response_t res;
    snd_graph_response_parse(400, body, strlen(body), &res);
    assert_false(res.ok);
    assert_true(res.has_error);
    assert_int_equal(res.code, 131056);
    assert_int_equal(res.subcode, 2494055);
    assert_string_equal(res.type, "OAuthException");
    assert_string_equal(res.details, "Too many messages");
    assert_string_equal(res.fbtrace_id, "AbCd");
    snd_graph_verdict_t v;
    snd_graph_verdict(400, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_RETRY);
    assert_string_equal(v.reason, "graph_throttle");
    assert_string_equal(v.metric_code, "131056");

    /* error_data as a plain string; an error envelope on a 200 is still an error */
    const char *b2 = "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190,"
                     "\"error_data\":\"token gone\",\"error_subcode\":463,\"fbtrace_id\":\"T\"}}";
    snd_graph_response_parse(200, b2, strlen(b2), &res);
    assert_false(res.ok);
    assert_int_equal(res.code, 190);
    assert_string_equal(res.details, "token gone");
    snd_graph_verdict(200, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_DLQ);
    assert_string_equal(v.reason, "graph_auth");
    assert_string_equal(v.error_code, "190");
    assert_non_null(strstr(v.detail, "fbtrace_id T"));
}

static void non_json_errors(void **state)
{
    snd_graph_response_t res;
    snd_graph_verdict_t v;
    const char *html = "<html><body>502 Bad Gateway</body></html>";
    snd_graph_response_parse(502, html, strlen(html), &res);
    assert_false(res.ok);
    assert_false(res.has_error);
    snd_graph_verdict(502, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_RETRY);
    assert_string_equal(v.metric_code, "5xx");

    snd_graph_response_parse(429, NULL, 0, &res);
    snd_graph_verdict(429, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_RETRY);

    snd_graph_response_parse(404, "Not Found", 9, &res);
    snd_graph_verdict(404, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_DLQ);
    assert_string_equal(v.reason, "graph_http");
    assert_string_equal(v.error_code, "http_404");
    assert_string_equal(v.metric_code, "4xx");

    /* 200 without a wamid: may have been sent, so never retried blindly */
    snd_graph_response_parse(200, "{}", 2, &res);
    assert_false(res.ok);
    snd_graph_verdict(200, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_DLQ);
    assert_string_equal(v.reason, "graph_bad_response");

    /* an error object without a code is not an envelope */
    const char *nocode = "{\"error\":{\"message\":\"boom\"}}";
    snd_graph_response_parse(500, nocode, strlen(nocode), &res);
    assert_false(res.has_error);
    snd_graph_verdict(500, 0, NULL, &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_RETRY);
}

static void network_errors_retry(void **state)
{
    snd_graph_response_t res;
    snd_graph_verdict_t v;
    snd_graph_response_parse(0, NULL, 0, &res);
    snd_graph_verdict(0, 28, "Operation timed out", &res, &v);
    assert_int_equal(v.outcome, WA_ENTRY_RETRY);
    assert_string_equal(v.reason, "graph_network");
    assert_string_equal(v.metric_code, "network");
    assert_non_null(strstr(v.detail, "timed out"));
}

static void classification_table(void **state)
{
    static const struct {
        long code;
        snd_graph_class_t cls;
    } cases[] = {
        {0, SND_GRAPH_AUTH},          {1, SND_GRAPH_RETRY},         {2, SND_GRAPH_RETRY},
        {3, SND_GRAPH_AUTH},          {4, SND_GRAPH_THROTTLE},      {10, SND_GRAPH_AUTH},
        {17, SND_GRAPH_THROTTLE},     {33, SND_GRAPH_OPS},          {100, SND_GRAPH_FIX},
        {102, SND_GRAPH_AUTH},        {190, SND_GRAPH_AUTH},        {200, SND_GRAPH_FIX},
        {250, SND_GRAPH_AUTH},        {299, SND_GRAPH_AUTH},        {341, SND_GRAPH_THROTTLE},
        {368, SND_GRAPH_OPS},         {80007, SND_GRAPH_THROTTLE},  {130403, SND_GRAPH_DLQ},
        {130429, SND_GRAPH_THROTTLE}, {130472, SND_GRAPH_DLQ},      {130497, SND_GRAPH_DLQ},
        {131000, SND_GRAPH_RETRY},    {131005, SND_GRAPH_AUTH},     {131008, SND_GRAPH_FIX},
        {131009, SND_GRAPH_FIX},      {131016, SND_GRAPH_RETRY},    {131021, SND_GRAPH_DLQ},
        {131026, SND_GRAPH_DLQ},      {131030, SND_GRAPH_FIX},      {131031, SND_GRAPH_OPS},
        {131037, SND_GRAPH_OPS},      {131042, SND_GRAPH_OPS},      {131045, SND_GRAPH_OPS},
        {131047, SND_GRAPH_DLQ},      {131062, SND_GRAPH_DLQ},      {131048, SND_GRAPH_THROTTLE}, {131049, SND_GRAPH_DLQ},
        {131050, SND_GRAPH_DLQ},      {131051, SND_GRAPH_FIX},      {131053, SND_GRAPH_FIX},
        {131056, SND_GRAPH_THROTTLE}, {131057, SND_GRAPH_RETRY},    {131063, SND_GRAPH_OPS},
        {131064, SND_GRAPH_THROTTLE}, {132000, SND_GRAPH_FIX},      {132001, SND_GRAPH_FIX},
        {132005, SND_GRAPH_FIX},      {132008, SND_GRAPH_FIX},      {132012, SND_GRAPH_FIX},
        {132015, SND_GRAPH_OPS},      {132016, SND_GRAPH_OPS},      {132068, SND_GRAPH_FIX},
        {132069, SND_GRAPH_THROTTLE}, {133000, SND_GRAPH_OPS},      {133004, SND_GRAPH_RETRY},
        {133005, SND_GRAPH_OPS},      {133009, SND_GRAPH_OPS},      {133010, SND_GRAPH_OPS},
        {133015, SND_GRAPH_RETRY},    {133016, SND_GRAPH_THROTTLE}, {135000, SND_GRAPH_FIX},
        {137000, SND_GRAPH_DLQ},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (snd_graph_classify(cases[i].code) != cases[i].cls)
            fail_msg("code %ld: got %s, want %s", cases[i].code,
                     snd_graph_class_name(snd_graph_classify(cases[i].code)), snd_graph_class_name(cases[i].cls));
        assert_true(snd_graph_code_known(cases[i].code));
    }
    assert_false(snd_graph_code_known(999999));
    assert_int_equal(snd_graph_classify(999999), SND_GRAPH_DLQ);
    assert_string_equal(snd_graph_class_name(SND_GRAPH_THROTTLE), "THROTTLE");
}

static void verdict_per_class(void **state)
{
    static const struct {
        long code, http;
        wa_outcome_t outcome;
        const char *reason;
    } cases[] = {
        {2, 503, WA_ENTRY_RETRY, "graph_retry"},         {2, 500, WA_ENTRY_RETRY, "graph_retry"},
        {130429, 400, WA_ENTRY_RETRY, "graph_throttle"}, {190, 401, WA_ENTRY_DLQ, "graph_auth"},
        {100, 400, WA_ENTRY_DLQ, "graph_fix"},           {100, 500, WA_ENTRY_DLQ, "graph_fix"}, /* code beats status */
        {131047, 400, WA_ENTRY_DLQ, "graph_dlq"},        {368, 403, WA_ENTRY_DLQ, "graph_ops"},
        {999999, 400, WA_ENTRY_DLQ, "graph_dlq"},        {999999, 503, WA_ENTRY_RETRY, "graph_retry"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char body[256];
        snprintf(body, sizeof(body),
                 "{\"error\":{\"message\":\"m\",\"type\":\"OAuthException\",\"code\":%ld,"
                 "\"fbtrace_id\":\"F\"}}",
                 cases[i].code);
        snd_graph_response_t res;
        snd_graph_verdict_t v;
        snd_graph_response_parse(cases[i].http, body, strlen(body), &res);
        snd_graph_verdict(cases[i].http, 0, NULL, &res, &v);
        if (v.outcome != cases[i].outcome || strcmp(v.reason, cases[i].reason) != 0)
            fail_msg("code %ld http %ld: got %d %s", cases[i].code, cases[i].http, v.outcome, v.reason);
        char want[24];
        snprintf(want, sizeof(want), "%ld", cases[i].code);
        assert_string_equal(v.error_code, want);
        /* unknown codes are not metric labels (bounded cardinality) */
        if (cases[i].code == 999999)
            assert_true(strcmp(v.metric_code, "4xx") == 0 || strcmp(v.metric_code, "5xx") == 0);
        else
            assert_string_equal(v.metric_code, want);
    }
}

/* The sandbox XADD carries the body that would have been POSTed, and its wamid is recognised as a sandbox one. */
static void sandbox_form(void **state)
{
    (void)state;
    wa_out_msg_t m = {.out_id = "reply:wamid.1", .doctor_id = "d1", .to = "15550001", .kind = "text"};
    snd_graph_request_t req = {.json = "{\"x\":1}"};
    wa_cmd_t cmd;
    snd_graph_sandbox_cmd(&cmd, "wa:sandbox", &m, &req, "pn1");
    const char *want[] = {"XADD", "wa:sandbox", "*",  "out_id",          "reply:wamid.1", "to",        "15550001",
                          "request", "{\"x\":1}", "phone_number_id", "pn1",           "doctor_id", "d1"};
    assert_int_equal(cmd.argc, 13);
    assert_int_equal(cmd.overflow, 0);
    for (int i = 0; i < 13; i++) {
        assert_int_equal(cmd.argvlen[i], strlen(want[i]));
        assert_memory_equal(cmd.argv[i], want[i], cmd.argvlen[i]);
    }
    char wamid[32];
    snd_graph_sandbox_wamid(wamid, sizeof(wamid), m.out_id);
    assert_string_equal(wamid, "sandbox.reply:wamid.1");
    assert_true(snd_graph_sandbox_wamid_is(wamid));
    assert_false(snd_graph_sandbox_wamid_is("wamid.HBgL"));
    snd_graph_sandbox_wamid(wamid, 12, "0123456789");
    assert_string_equal(wamid, "sandbox.012");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_without_context),     cmocka_unit_test(text_with_context),
        cmocka_unit_test(bsuid_goes_in_recipient),
        cmocka_unit_test(template_passes_through),  cmocka_unit_test(read_receipt),
        cmocka_unit_test(bad_messages_are_refused), cmocka_unit_test(parse_success),
        cmocka_unit_test(parse_error_envelope),     cmocka_unit_test(non_json_errors),
        cmocka_unit_test(network_errors_retry),     cmocka_unit_test(classification_table),
        cmocka_unit_test(verdict_per_class),        cmocka_unit_test(sandbox_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
