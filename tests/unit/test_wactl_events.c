/* Unit tests for wactl's operator views of issues 3 and 8: the one-line summary of a recorded webhook event
 * (tools/wactl/events.c) and the router's handoff pause key (tools/wactl/handoff.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "events.h"
#include "handoff.h"

static void check(const char *json, const char *want)
{
    cJSON *v = json != NULL ? cJSON_Parse(json) : NULL;
    if (json != NULL)
        assert_non_null(v);
    char *got = ctl_events_summary(v);
    assert_string_equal(got, want);
    free(got);
    cJSON_Delete(v);
}

static void template_status(void **state)
{
    (void)state;
    check("{\"event\":\"REJECTED\",\"message_template_id\":500000000000005,\"message_template_name\":\"order_update\","
          "\"message_template_language\":\"en_US\",\"reason\":\"INVALID_FORMAT\",\"message_template_category\":"
          "\"UTILITY\",\"rejection_info\":{\"reason\":\"x\"}}",
          "REJECTED order_update (en_US) reason INVALID_FORMAT");
    /* reason NONE and null say nothing */
    check("{\"event\":\"APPROVED\",\"message_template_name\":\"appointment_reminder\",\"reason\":\"NONE\"}",
          "APPROVED appointment_reminder");
    check("{\"event\":\"PENDING_DELETION\",\"message_template_name\":\"old\",\"message_template_language\":\"hi\","
          "\"reason\":null}",
          "PENDING_DELETION old (hi)");
}

static void quality_and_limits(void **state)
{
    (void)state;
    check("{\"display_phone_number\":\"15550001111\",\"event\":\"DOWNGRADE\",\"current_limit\":\"TIER_1K\"}",
          "DOWNGRADE limit TIER_1K");
    check("{\"display_phone_number\":\"15550001111\",\"event\":\"THROUGHPUT_UPGRADE\","
          "\"max_daily_conversations_per_business\":\"TIER_UNLIMITED\"}",
          "THROUGHPUT_UPGRADE limit TIER_UNLIMITED");
}

static void account_updates(void **state)
{
    (void)state;
    check("{\"event\":\"ACCOUNT_RESTRICTION\",\"restriction_info\":[{\"restriction_type\":"
          "\"RESTRICTED_BIZ_INITIATED_MESSAGING\",\"expiration\":1760086400},{\"restriction_type\":"
          "\"RESTRICTED_ADD_PHONE_NUMBER_ACTION\"}]}",
          "ACCOUNT_RESTRICTION RESTRICTED_BIZ_INITIATED_MESSAGING RESTRICTED_ADD_PHONE_NUMBER_ACTION");
    check("{\"event\":\"ACCOUNT_VIOLATION\",\"violation_info\":{\"violation_type\":\"SCAM\"}}",
          "ACCOUNT_VIOLATION violation SCAM");
    check("{\"event\":\"DISABLED_UPDATE\",\"ban_info\":{\"waba_ban_state\":[\"x\"],\"ban_state\":\"DISABLE\"}}",
          "DISABLED_UPDATE ban DISABLE");
}

/* issue 15: the fields of 2026 in words */
static void fields_of_2026(void **state)
{
    (void)state;
    check("{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"2\"},\"contacts\":[],"
          "\"user_preferences\":[{\"wa_id\":\"4915112345678\",\"category\":\"marketing_messages\","
          "\"value\":\"stop\",\"timestamp\":1780000600}]}",
          "stop marketing messages by 4915112345678");
    check("{\"message_echoes\":[{\"from\":\"15550001111\",\"to\":\"4915112345678\",\"id\":\"wamid.E\","
          "\"type\":\"text\",\"text\":{\"body\":\"Sure, see you at 10.\"}}]}",
          "business app sent text to 4915112345678: \"Sure, see you at 10.\"");
    check("{\"message_echoes\":[{\"to\":\"49151\",\"type\":\"revoke\",\"revoke\":{}}]}",
          "business app deleted a message to 49151");
    check("{\"errors\":[{\"code\":131000,\"title\":\"Something went wrong\"}],\"metadata\":{}}",
          "error 131000 Something went wrong");
    check("{\"previous_quality_score\":\"GREEN\",\"new_quality_score\":\"YELLOW\",\"message_template_id\":5,"
          "\"message_template_name\":\"order_update\",\"message_template_language\":\"en_US\"}",
          "order_update (en_US) quality was GREEN quality YELLOW");
    check("{\"message_template_name\":\"order_update\",\"message_template_language\":\"en_US\","
          "\"previous_category\":\"UTILITY\",\"new_category\":\"MARKETING\"}",
          "order_update (en_US) category was UTILITY category MARKETING");
    check("{\"event\":\"PAUSED\",\"message_template_name\":\"offer\",\"reason\":\"NONE\","
          "\"other_info\":{\"title\":\"FIRST_PAUSE\"}}",
          "PAUSED offer FIRST_PAUSE");
}

static void unknown_shapes(void **state)
{
    (void)state;
    check("{\"alpha\":1,\"beta\":{\"x\":2}}", "{alpha, beta}");
    check("{}", "{}");
    check("null", "-");
    check(NULL, "-");
    check("[1,2]", "(not an object)");
    check("{\"event\":\"\",\"message_template_name\":123}", "123"); /* empty texts are skipped, numbers shown */
}

static void handoff_key(void **state)
{
    (void)state;
    char key[64];
    assert_int_equal(ctl_handoff_key(key, sizeof(key), "wa:", "d1", "919800000001"), 0);
    assert_string_equal(key, "wa:handoff:d1:919800000001");
    assert_int_equal(ctl_handoff_key(key, sizeof(key), "", "d1", "91"), 0);
    assert_string_equal(key, "handoff:d1:91");
    assert_int_equal(ctl_handoff_key(key, 10, "wa:", "d1", "919800000001"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(template_status), cmocka_unit_test(quality_and_limits), cmocka_unit_test(account_updates),
        cmocka_unit_test(unknown_shapes),  cmocka_unit_test(handoff_key), cmocka_unit_test(fields_of_2026),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
