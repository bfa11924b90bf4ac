/* Unit tests for the sender's wa:retry arithmetic and encoding (services/sender/retry.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "retry.h"

static void backoff_doubles_with_jitter_and_cap(void **state)
{
    snd_retry_settings_t s = {.base_ms = 1000, .cap_ms = 60000, .max_attempts = 6, .max_age_ms = 1, .poll_ms = 100};
    for (unsigned rnd = 0; rnd < 2000; rnd += 97) {
        long d1 = snd_retry_backoff_ms(&s, 1, rnd), d3 = snd_retry_backoff_ms(&s, 3, rnd),
             d20 = snd_retry_backoff_ms(&s, 20, rnd);
        assert_in_range(d1, 500, 1000);
        assert_in_range(d3, 2000, 4000);
        assert_in_range(d20, 30000, 60000);
    }
    assert_int_not_equal(snd_retry_backoff_ms(&s, 4, 1), snd_retry_backoff_ms(&s, 4, 2000)); /* jitter */
    assert_int_equal(snd_retry_pair_delay_ms(0), 1000);
    assert_int_equal(snd_retry_pair_delay_ms(2), 16000);
    assert_int_equal(snd_retry_pair_delay_ms(40), 3600000);
}

static void member_keeps_fields_and_sets_counters(void **state)
{
    wa_entry_t e = {.nfields = 4};
    e.fields[0] = (wa_field_t){"out_id", 6, "reply:w1", 8};
    e.fields[1] = (wa_field_t){"message", 7, "{\"type\":\"text\"}", 15};
    e.fields[2] = (wa_field_t){"attempt", 7, "0", 1};
    e.fields[3] = (wa_field_t){"prepaid", 7, "1", 1};
    char *m = snd_retry_member(&e, 2, 1, 0, NULL);
    cJSON *j = cJSON_Parse(m);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "out_id")->valuestring, "reply:w1");
    assert_string_equal(cJSON_GetObjectItem(j, "message")->valuestring, "{\"type\":\"text\"}");
    assert_string_equal(cJSON_GetObjectItem(j, "attempt")->valuestring, "2");
    assert_string_equal(cJSON_GetObjectItem(j, "throttles")->valuestring, "1");
    assert_null(cJSON_GetObjectItem(j, "prepaid"));
    cJSON_Delete(j);
    free(m);
    m = snd_retry_member(&e, 0, 0, 1, "{\"type\":\"template\"}");
    j = cJSON_Parse(m);
    assert_string_equal(cJSON_GetObjectItem(j, "prepaid")->valuestring, "1");
    assert_string_equal(cJSON_GetObjectItem(j, "message")->valuestring, "{\"type\":\"template\"}");
    cJSON_Delete(j);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backoff_doubles_with_jitter_and_cap),
        cmocka_unit_test(member_keeps_fields_and_sets_counters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
