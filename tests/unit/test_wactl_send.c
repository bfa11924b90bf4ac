/* Unit tests for what `wactl send` puts into its wa:out entry (tools/wactl/send.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "send.h"

static void out_ids_are_fresh_uuid4s(void **state)
{
    char a[64], b[64];
    assert_int_equal(ctl_send_new_out_id(a, sizeof(a)), 0);
    assert_int_equal(ctl_send_new_out_id(b, sizeof(b)), 0);
    assert_int_equal(strlen(a), strlen("manual:") + 36);
    assert_memory_equal(a, "manual:", 7);
    assert_int_equal(a[7 + 14], '4'); /* version nibble */
    assert_non_null(strchr("89ab", a[7 + 19]));
    assert_string_not_equal(a, b);
}

static void template_with_body_parameters(void **state)
{
    char *s = ctl_send_template_json("appointment_reminder", "en", "Asha|Monday 10 am");
    cJSON *m = cJSON_Parse(s);
    assert_non_null(m);
    assert_string_equal(cJSON_GetObjectItem(m, "type")->valuestring, "template");
    cJSON *t = cJSON_GetObjectItem(m, "template");
    assert_string_equal(cJSON_GetObjectItem(t, "name")->valuestring, "appointment_reminder");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "language"), "code")->valuestring, "en");
    cJSON *body = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "components"), 0);
    assert_string_equal(cJSON_GetObjectItem(body, "type")->valuestring, "body");
    cJSON *params = cJSON_GetObjectItem(body, "parameters");
    assert_int_equal(cJSON_GetArraySize(params), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(params, 1), "text")->valuestring, "Monday 10 am");
    cJSON_Delete(m);
    free(s);
}

static void template_without_parameters_defaults_language(void **state)
{
    char *s = ctl_send_template_json("hello_world", NULL, NULL);
    assert_string_equal(s, "{\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":"
                           "\"en_US\"}}}");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_ids_are_fresh_uuid4s),
        cmocka_unit_test(template_with_body_parameters),
        cmocka_unit_test(template_without_parameters_defaults_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
