/* Stream retention (shared/src/retention.c): the configuration's defaults and checks, the near-limit rule, and the
 * gauges a trimmer registers per stream (the trim itself runs in Redis: tests/e2e/test_retention.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wa/config.h"
#include "wa/ops.h"
#include "wa/retention.h"

static const char *vars[] = {"WA_STREAM_RETENTION_MS", "WA_DLQ_MAXLEN",       "WA_UNROUTED_MAXLEN",
                             "WA_SANDBOX_MAXLEN",      "WA_TRIM_INTERVAL_MS", "WA_REDIS_PREFIX"};

static int clear_env(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
    return 0;
}

static void test_defaults_are_the_contracts(void **state)
{
    (void)state;
    wa_config_t cfg;
    assert_int_equal(wa_config_load(&cfg, "router"), 0);
    assert_true(cfg.stream_retention_ms == 86400000LL);
    assert_true(cfg.dlq_maxlen == 100000 && cfg.unrouted_maxlen == 100000 && cfg.sandbox_maxlen == 100000);
    assert_int_equal(cfg.trim_interval_ms, 10000);
}

static void test_values_and_invalid_values(void **state)
{
    (void)state;
    wa_config_t cfg;
    setenv("WA_STREAM_RETENTION_MS", "0", 1); /* keep everything */
    setenv("WA_DLQ_MAXLEN", "5", 1);
    setenv("WA_TRIM_INTERVAL_MS", "1", 1); /* raised to the floor */
    assert_int_equal(wa_config_load(&cfg, "router"), 0);
    assert_true(cfg.stream_retention_ms == 0 && cfg.dlq_maxlen == 5);
    assert_int_equal(cfg.trim_interval_ms, 100);
    setenv("WA_UNROUTED_MAXLEN", "-1", 1);
    assert_int_equal(wa_config_load(&cfg, "router"), -1);
    unsetenv("WA_UNROUTED_MAXLEN");
    setenv("WA_SANDBOX_MAXLEN", "many", 1);
    assert_int_equal(wa_config_load(&cfg, "router"), -1);
}

static void test_near_limit(void **state)
{
    (void)state;
    assert_false(wa_retention_near_limit(89, 100));
    assert_true(wa_retention_near_limit(90, 100));
    assert_true(wa_retention_near_limit(100, 100));
    assert_false(wa_retention_near_limit(1000000, 0)); /* 0: no limit */
    assert_false(wa_retention_near_limit(0, 1));
    assert_true(wa_retention_near_limit(1, 1));
    assert_true(wa_retention_near_limit(90000000000LL, 100000000000LL)); /* no overflow on large limits */
}

static void test_gauges_per_stream(void **state)
{
    (void)state;
    wa_config_t cfg;
    setenv("WA_REDIS_PREFIX", "u:", 1);
    setenv("WA_SANDBOX_MAXLEN", "7", 1);
    assert_int_equal(wa_config_load(&cfg, "sender"), 0);
    wa_retention_t *t = wa_retention_create(&cfg);
    assert_non_null(t);
    char *text = wa_metrics_render(NULL);
    assert_non_null(strstr(text, "wa_stream_limit{stream=\"u:sandbox\"} 7\n"));
    assert_non_null(strstr(text, "wa_stream_limit{stream=\"u:dlq\"} 100000\n"));
    assert_non_null(strstr(text, "wa_stream_limit{stream=\"u:in\"} 0\n"));
    assert_non_null(strstr(text, "wa_stream_entries{stream=\"u:out\"} 0\n"));
    assert_non_null(strstr(text, "wa_stream_trimmed_total{stream=\"u:unrouted\"} 0\n"));
    free(text);
    wa_retention_destroy(t);
    wa_retention_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_defaults_are_the_contracts, clear_env),
        cmocka_unit_test_setup(test_values_and_invalid_values, clear_env),
        cmocka_unit_test(test_near_limit),
        cmocka_unit_test_setup(test_gauges_per_stream, clear_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
