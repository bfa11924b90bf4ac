/* Unit tests for the bounded response buffer of outbound HTTP (shared/src/http.c, wa_http_body_append). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/http.h"

/* The limit as wa_config_load sets it from WA_HTTP_MAX_RESPONSE_BYTES at start (wa_http_settings, in main). */
#define LIMIT 10000

static void body_grows_up_to_the_limit_and_no_further(void **state)
{
    char *buf = NULL, chunk[3000];
    size_t len = 0, cap = 0;
    memset(chunk, 'x', sizeof(chunk));
    assert_int_equal(wa_http_max_response(), LIMIT);
    for (int i = 0; i < 3; i++)
        assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, sizeof(chunk)), 0);
    assert_int_equal(len, 9000);
    assert_true(cap >= len + 1 && cap <= LIMIT + 1);
    assert_int_equal(buf[len], '\0');
    /* the fourth chunk would make 12000 > 10000: refused, nothing appended */
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, sizeof(chunk)), -1);
    assert_int_equal(len, 9000);
    /* exactly up to the limit is fine */
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, 1000), 0);
    assert_int_equal(len, LIMIT);
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, 1), -1);
    assert_int_equal(buf[LIMIT], '\0');
    free(buf);
}

static void one_chunk_larger_than_the_limit_is_refused(void **state)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char *big = calloc(1, LIMIT + 1);
    assert_non_null(big);
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, big, LIMIT + 1), -1);
    assert_null(buf);
    assert_int_equal(len, 0);
    free(big);
}

/* A Graph answer (~150 bytes, one chunk) is held until its group of sends settles, one per call in flight: its
 * buffer is the chunk's size rounded up to 64 bytes, not 4 KB (issue 14, round 9); later chunks double it. */
static void a_small_answer_takes_a_small_buffer(void **state)
{
    char *buf = NULL, chunk[3000];
    size_t len = 0, cap = 0;
    memset(chunk, 'y', sizeof(chunk));
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, 150), 0);
    assert_int_equal(cap, 192);
    assert_int_equal(len, 150);
    assert_int_equal(buf[150], '\0');
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, 100), 0);
    assert_int_equal(cap, 384);
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, 3000), 0);
    assert_int_equal(len, 3250);
    assert_int_equal(cap, 6144);
    assert_memory_equal(buf + 150, chunk, 100);
    assert_memory_equal(buf + 250, chunk, 3000);
    assert_int_equal(buf[3250], '\0');
    free(buf);
    buf = NULL, len = 0, cap = 0;
    assert_int_equal(wa_http_body_append(&buf, &len, &cap, chunk, 63), 0); /* 63 + its NUL fit 64 */
    assert_int_equal(cap, 64);
    free(buf);
}

int main(void)
{
    wa_http_settings(LIMIT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(body_grows_up_to_the_limit_and_no_further),
        cmocka_unit_test(one_chunk_larger_than_the_limit_is_refused),
        cmocka_unit_test(a_small_answer_takes_a_small_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
