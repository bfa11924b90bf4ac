/*
 * Unit tests of the live inbox's pure parts (services/dashboard: inbox.h,
 * live.h): Meta's error codes in words, the template message object a staff
 * send puts on wa:out, the UUID shape, the route matching of the
 * conversation routes, and which events a webhook body announces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "api.h"
#include "inbox.h"
#include "live.h"

static void error_words(void **state)
{
    (void)state;
    assert_non_null(strstr(dash_meta_error_text("131047"), "24-hour window"));
    assert_non_null(strstr(dash_meta_error_text("131026"), "undeliverable"));
    assert_non_null(strstr(dash_meta_error_text("131050"), "stopped marketing"));
    assert_non_null(strstr(dash_meta_error_text("130429"), "rate limit"));
    assert_non_null(strstr(dash_meta_error_text("999999"), "error code")); /* unknown: a generic sentence */
    assert_null(dash_meta_error_text(""));
    assert_null(dash_meta_error_text(NULL));
}

static void template_object(void **state)
{
    (void)state;
    cJSON *params = cJSON_Parse("[\"Asha\",\"Monday \\\"10\\\" am\"]");
    char *json = dash_template_json("appointment_reminder", "en", params);
    assert_string_equal(json, "{\"type\":\"template\",\"template\":{\"name\":\"appointment_reminder\",\"language\":"
                              "{\"code\":\"en\"},\"components\":[{\"parameters\":[{\"type\":\"text\",\"text\":"
                              "\"Asha\"},{\"type\":\"text\",\"text\":\"Monday \\\"10\\\" am\"}],\"type\":\"body\"}]}}");
    free(json);
    cJSON_Delete(params);
    json = dash_template_json("hello_world", NULL, NULL); /* no params: no components; en_US by default */
    assert_string_equal(
        json, "{\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":\"en_US\"}}}");
    free(json);
}

static void uuid_shape(void **state)
{
    (void)state;
    assert_true(dash_is_uuid("6e494a3b-9f82-47de-8af0-9d3c28d8f38a"));
    assert_false(dash_is_uuid("6e494a3b-9f82-47de-8af0-9d3c28d8f38"));
    assert_false(dash_is_uuid("6e494a3b-9f82-47de-8af0-9d3c28d8f38g"));
    assert_false(dash_is_uuid("6e494a3b9f8247de8af09d3c28d8f38a1234"));
    assert_false(dash_is_uuid("1; DROP TABLE x"));
    assert_false(dash_is_uuid(NULL));
}

static void conversation_routes(void **state)
{
    (void)state;
    char param[128];
    const char *p = "/api/v1/conversations/6e494a3b-9f82-47de-8af0-9d3c28d8f38a/messages";
    assert_true(dash_route_match("/api/v1/conversations/{patient_id}/messages", p, strlen(p), param, sizeof(param)));
    assert_string_equal(param, "6e494a3b-9f82-47de-8af0-9d3c28d8f38a");
    assert_false(dash_route_match("/api/v1/conversations/{patient_id}/handoff", p, strlen(p), param, sizeof(param)));
    assert_false(dash_route_match("/api/v1/conversations", p, strlen(p), param, sizeof(param)));
    p = "/api/v1/conversations//messages";
    assert_false(dash_route_match("/api/v1/conversations/{patient_id}/messages", p, strlen(p), param, sizeof(param)));
}

typedef struct st_seen_t {
    char text[1024];
} seen_t;

static void on_item(void *data, char kind, const char *id, const char *status, const char *pni, const char *display)
{
    seen_t *s = data;
    snprintf(s->text + strlen(s->text), sizeof(s->text) - strlen(s->text), "%c:%s:%s:%s:%s;", kind, id,
             status != NULL ? status : "-", pni, display);
}

static void webhook_events(void **state)
{
    (void)state;
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"W\",\"changes\":["
        "{\"field\":\"messages\",\"value\":{\"metadata\":{\"display_phone_number\":\"+91 98450 00001\","
        "\"phone_number_id\":\"PN1\"},\"messages\":[{\"from\":\"919800000001\",\"id\":\"wamid.A\",\"type\":\"text\","
        "\"text\":{\"body\":\"secret words\"}},{\"from\":\"x\"}],"
        "\"statuses\":[{\"id\":\"wamid.B\",\"status\":\"delivered\",\"recipient_id\":\"919800000002\"},"
        "{\"id\":\"wamid.C\"}]}},"
        "{\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\"}}]},"
        "{\"id\":\"W2\",\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"id\":\"wamid.D\","
        "\"status\":\"failed\"}]}}]}]}";
    seen_t s = {""};
    assert_int_equal(dash_events_parse_webhook(body, sizeof(body) - 1, on_item, &s), 3);
    assert_string_equal(s.text, "m:wamid.A:-:PN1:+91 98450 00001;s:wamid.B:delivered:PN1:+91 98450 00001;"
                                "s:wamid.D:failed::;");
    assert_null(strstr(s.text, "secret")); /* never a message's text */
    seen_t none = {""};
    assert_int_equal(dash_events_parse_webhook("not json", 8, on_item, &none), -1);
    assert_int_equal(dash_events_parse_webhook("{\"entry\":7}", 11, on_item, &none), 0);
    assert_string_equal(none.text, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_words),         cmocka_unit_test(template_object), cmocka_unit_test(uuid_shape),
        cmocka_unit_test(conversation_routes), cmocka_unit_test(webhook_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
