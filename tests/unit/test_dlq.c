/* Unit tests for the dead-letter stream's pure helpers (shared/src/dlq.c), which `wactl dlq` and the dashboard's
 * operator console share: the filter, durations, reading an entry from a reply and rebuilding it for a replay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/dlq.h"

static void ages_parse_with_their_unit(void **state)
{
    long long ms = 0;
    assert_int_equal(wa_dlq_parse_age("90", &ms), 0);
    assert_int_equal(ms, 90000);
    assert_int_equal(wa_dlq_parse_age("15m", &ms), 0);
    assert_int_equal(ms, 900000);
    assert_int_equal(wa_dlq_parse_age("2h", &ms), 0);
    assert_int_equal(ms, 7200000);
    assert_int_equal(wa_dlq_parse_age("7d", &ms), 0);
    assert_int_equal(ms, 7LL * 86400000);
    assert_int_equal(wa_dlq_parse_age("soon", &ms), -1);
    assert_int_equal(wa_dlq_parse_age("5w", &ms), -1);
    assert_int_equal(wa_dlq_parse_age("5mm", &ms), -1);
    assert_int_equal(wa_dlq_parse_age("-1", &ms), -1);
    assert_int_equal(wa_dlq_parse_age(NULL, &ms), -1);
}

static void the_filter_checks_stage_reason_doctor_and_age(void **state)
{
    wa_dlq_item_t it;
    memset(&it, 0, sizeof(it));
    it.id = "1000000-0";
    it.stage = "sender";
    it.reason = "graph_fix";
    it.failed_at = "2000000";
    strcpy(it.doctor_id, "AAAAAAAA-0000-4000-8000-000000000000");
    wa_dlq_filter_t f = {0};
    assert_int_equal(wa_dlq_item_time_ms(&it), 2000000);
    assert_true(wa_dlq_match(&f, &it, 2000000));
    f.stage = "router";
    assert_false(wa_dlq_match(&f, &it, 2000000));
    f.stage = "sender";
    f.reason = "poison";
    assert_false(wa_dlq_match(&f, &it, 2000000));
    f.reason = "graph_fix";
    f.doctor = "aaaaaaaa-0000-4000-8000-000000000000"; /* case does not matter */
    assert_true(wa_dlq_match(&f, &it, 2000000));
    f.older_than_ms = 60000;
    assert_false(wa_dlq_match(&f, &it, 2000000 + 59000));
    assert_true(wa_dlq_match(&f, &it, 2000000 + 61000));
    f.older_than_ms = 0;
    f.newer_than_ms = 60000;
    assert_true(wa_dlq_match(&f, &it, 2000000 + 59000));
    assert_false(wa_dlq_match(&f, &it, 2000000 + 61000));
    it.failed_at = "not a number"; /* the stream id's time instead */
    assert_int_equal(wa_dlq_item_time_ms(&it), 1000000);
}

static redisReply *str(const char *s)
{
    redisReply *r = calloc(1, sizeof(*r));
    r->type = REDIS_REPLY_STRING;
    r->str = (char *)s;
    r->len = strlen(s);
    return r;
}

static void an_entry_is_read_from_its_reply(void **state)
{
    redisReply *pairs[] = {
        str("stage"),         str("sender"), str("reason"), str("graph_fix"),
        str("source_stream"), str("wa:out"), str("entry"),  str("{\"doctor_id\":\"d-1\",\"to\":\"9\"}")};
    redisReply fields = {.type = REDIS_REPLY_ARRAY, .elements = 8, .element = pairs};
    redisReply *top[] = {str("5-1"), &fields};
    redisReply e = {.type = REDIS_REPLY_ARRAY, .elements = 2, .element = top};
    wa_dlq_item_t it;
    assert_int_equal(wa_dlq_item_from(&e, &it), 0);
    assert_string_equal(it.id, "5-1");
    assert_string_equal(it.stage, "sender");
    assert_string_equal(it.source_stream, "wa:out");
    assert_string_equal(it.doctor_id, "d-1");
    assert_null(it.detail);
    redisReply not_entry = {.type = REDIS_REPLY_ARRAY, .elements = 1, .element = top};
    assert_int_equal(wa_dlq_item_from(&not_entry, &it), -1);
    for (size_t i = 0; i < 8; i++)
        free(pairs[i]);
    free(top[0]);
}

static void a_replay_restarts_attempts_and_age_and_names_the_dead_letter(void **state)
{
    cJSON *f = wa_dlq_replay_fields("{\"out_id\":\"o1\",\"attempt\":\"4\",\"created_at\":\"1\",\"throttles\":\"2\","
                                    "\"prepaid\":\"1\",\"replayed_from\":\"old\",\"n\":5}",
                                    "9-9", 123456);
    assert_non_null(f);
    char *s = cJSON_PrintUnformatted(f);
    assert_string_equal(s, "[\"out_id\",\"o1\",\"attempt\",\"0\",\"created_at\",\"123456\",\"replayed_from\",\"9-9\"]");
    cJSON_free(s);
    cJSON_Delete(f);
    assert_null(wa_dlq_replay_fields("[1]", "9-9", 1));
    assert_null(wa_dlq_replay_fields("{}", "9-9", 1));
    assert_null(wa_dlq_replay_fields("{\"n\":1}", "9-9", 1)); /* no string field: nothing to replay */
    assert_null(wa_dlq_replay_fields(NULL, "9-9", 1));
}

static void a_replay_to_a_stream_not_allowed_is_refused_before_redis(void **state)
{
    wa_dlq_item_t it;
    memset(&it, 0, sizeof(it));
    it.id = "1-1";
    it.source_stream = "wa:session:x";
    it.entry = "{\"out_id\":\"o\"}";
    const char *streams[] = {"wa:in", "wa:ai", "wa:out", NULL};
    char new_id[64], err[256];
    assert_int_equal(wa_dlq_replay(NULL, "wa:dlq", streams, &it, 1, new_id, sizeof(new_id), err, sizeof(err)),
                     WA_DLQ_BAD_SOURCE);
    it.source_stream = "wa:out";
    it.entry = "not json";
    assert_int_equal(wa_dlq_replay(NULL, "wa:dlq", streams, &it, 1, new_id, sizeof(new_id), err, sizeof(err)),
                     WA_DLQ_BAD_ENTRY);
    it.entry = "{\"out_id\":\"o\"}";
    assert_int_equal(wa_dlq_replay(NULL, "wa:dlq", streams, &it, 1, new_id, sizeof(new_id), err, sizeof(err)),
                     WA_DLQ_UNREACHABLE);
    assert_string_equal(wa_dlq_result_name(WA_DLQ_BAD_SOURCE), "bad_source");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ages_parse_with_their_unit),
        cmocka_unit_test(the_filter_checks_stage_reason_doctor_and_age),
        cmocka_unit_test(an_entry_is_read_from_its_reply),
        cmocka_unit_test(a_replay_restarts_attempts_and_age_and_names_the_dead_letter),
        cmocka_unit_test(a_replay_to_a_stream_not_allowed_is_refused_before_redis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
