/* Unit tests for the reply parsing and formatting of `wactl streams` (tools/wactl/streams.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "streams.h"

static redisReply str(const char *s)
{
    redisReply r;
    memset(&r, 0, sizeof(r));
    r.type = REDIS_REPLY_STRING;
    r.str = (char *)s;
    r.len = strlen(s);
    return r;
}

static redisReply num(long long v)
{
    redisReply r;
    memset(&r, 0, sizeof(r));
    r.type = REDIS_REPLY_INTEGER;
    r.integer = v;
    return r;
}

static redisReply nil(void)
{
    redisReply r;
    memset(&r, 0, sizeof(r));
    r.type = REDIS_REPLY_NIL;
    return r;
}

/* One element of a Redis 7 XINFO GROUPS reply in RESP2: a flat name/value array. */
static void group_from_redis_7(void **state)
{
    redisReply items[] = {str("name"),
                          str("router"),
                          str("consumers"),
                          num(2),
                          str("pending"),
                          num(5),
                          str("last-delivered-id"),
                          str("1795292835935-0"),
                          str("entries-read"),
                          num(40),
                          str("lag"),
                          num(3)};
    redisReply *elems[12];
    for (int i = 0; i < 12; i++)
        elems[i] = &items[i];
    redisReply arr;
    memset(&arr, 0, sizeof(arr));
    arr.type = REDIS_REPLY_ARRAY;
    arr.elements = 12;
    arr.element = elems;
    ctl_stream_group_t g;
    assert_int_equal(ctl_streams_parse_group(&arr, &g), 0);
    assert_string_equal(g.name, "router");
    assert_int_equal(g.consumers, 2);
    assert_int_equal(g.pending, 5);
    assert_string_equal(g.last_delivered, "1795292835935-0");
    assert_int_equal(g.lag, 3);
    assert_int_equal(g.oldest_ms, -1);

    items[11] = nil(); /* Redis cannot tell the lag (deleted entries) */
    assert_int_equal(ctl_streams_parse_group(&arr, &g), 0);
    assert_int_equal(g.lag, -1);

    arr.elements = 8; /* Redis 6: no entries-read, no lag */
    assert_int_equal(ctl_streams_parse_group(&arr, &g), 0);
    assert_int_equal(g.lag, -1);
    assert_int_equal(g.pending, 5);

    arr.elements = 7; /* odd: not a name/value list */
    assert_int_equal(ctl_streams_parse_group(&arr, &g), -1);
    arr.element = elems + 2; /* no name */
    arr.elements = 6;
    assert_int_equal(ctl_streams_parse_group(&arr, &g), -1);
    redisReply s = str("router");
    assert_int_equal(ctl_streams_parse_group(&s, &g), -1);
    assert_int_equal(ctl_streams_parse_group(NULL, &g), -1);
}

static void ages(void **state)
{
    char b[32];
    ctl_format_age_ms(-1, b, sizeof(b));
    assert_string_equal(b, "-");
    ctl_format_age_ms(0, b, sizeof(b));
    assert_string_equal(b, "0ms");
    ctl_format_age_ms(850, b, sizeof(b));
    assert_string_equal(b, "850ms");
    ctl_format_age_ms(12345, b, sizeof(b));
    assert_string_equal(b, "12.3s");
    ctl_format_age_ms(4 * 60000 + 5000, b, sizeof(b));
    assert_string_equal(b, "4m05s");
    ctl_format_age_ms(2 * 3600000LL + 3 * 60000, b, sizeof(b));
    assert_string_equal(b, "2h03m");
    ctl_format_age_ms(3 * 86400000LL + 4 * 3600000LL, b, sizeof(b));
    assert_string_equal(b, "3d04h");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(group_from_redis_7),
        cmocka_unit_test(ages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
