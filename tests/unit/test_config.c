/* The range-checked settings (shared/src/config.c, wa/config.h): every service reads its numbers into wa_config_t at
 * start, refusing a value that is not a number, is negative or is outside its range (wa_config_load returns -1 and
 * the service exits with code 2: tests/e2e/test_options.py), keeping the documented defaults and floors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wa/config.h"

/* A variable with the edges of its range: min and max are accepted, below and above refused. */
typedef struct st_range_t {
    const char *name;
    const char *min, *max, *below, *above;
} range_t;

static const range_t ranges[] = {
    {"INGRESS_PORT", "0", "65535", "-1", "65536"},
    {"OPS_PORT", "0", "65535", "-1", "65536"},
    {"GRAPH_TIMEOUT_MS", "1", "3600000", "0", "3600001"},
    {"AI_TIMEOUT_MS", "1", "3600000", "0", "4294967297"},
    {"WA_MAX_DELIVERIES", "0", "1000000", "-1", "1000001"},
    {"WA_STREAM_RETENTION_MS", "0", "315360000000", "-1", "315360000001"},
    {"WA_PG_STATEMENT_TIMEOUT_MS", "0", "86400000", "-5", "86400001"},
    {"INGRESS_SECRETS_REFRESH_MS", "1", "86400000", "0", "86400001"},
    {"WA_MAX_MESSAGES_PER_WEBHOOK", "1", "1000000", "0", "1000001"},
    {"ROUTER_REMINDER_INTERVAL_MS", "0", "86400000", "-1", "86400001"},
    {"AI_HISTORY_MESSAGES", "0", "200", "-1", "201"},
    {"SENDER_RATE_PER_S", "1", "1000000", "0", "1000001"},
    {"SENDER_WINDOW_S", "1", "2592000", "0", "2592001"},
    {"SENDER_OPS_PAUSE_MS", "1", "2592000000", "0", "2592000001"},
    {"SENDER_TOKEN_REFRESH_AHEAD_S", "1", "5184000", "0", "5184001"},
    {"SENDER_MAX_ATTEMPTS", "1", "1000000", "0", "1000001"},
};

static const char *others[] = {"WA_CLAIM_IDLE_MS", "WA_TRIM_INTERVAL_MS",  "SENDER_RETRY_BASE_MS", "SENDER_RETRY_CAP_MS",
                               "ROUTER_KB_THRESHOLD", "ROUTER_KB_MARGIN", "CREDENTIALS_KEY_PREVIOUS", "SENDER_RETRY_POLL_MS"};

static int clear_env(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
        unsetenv(ranges[i].name);
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        unsetenv(others[i]);
    return 0;
}

static int load(const char *name, const char *value, wa_config_t *cfg)
{
    setenv(name, value, 1);
    int rc = wa_config_load(cfg, "sender");
    unsetenv(name);
    return rc;
}

static void defaults(void **state)
{
    (void)state;
    wa_config_t cfg;
    assert_int_equal(wa_config_load(&cfg, "sender"), 0);
    assert_int_equal(cfg.ops_port, 9102);
    assert_int_equal(cfg.graph_timeout_ms, 10000);
    assert_null(cfg.credentials_key_previous);
    assert_int_equal(cfg.pg_connect_timeout_s, 5);
    assert_int_equal(cfg.pg_statement_timeout_ms, 10000);
    assert_int_equal(cfg.ingress_secrets_refresh_ms, 2000);
    assert_int_equal(cfg.router_max_items, 1000);
    assert_true(cfg.router_kb_threshold < 0 && cfg.router_kb_margin < 0); /* unset: the router's own defaults */
    assert_int_equal(cfg.router_reminder_interval_ms, 60000);
    assert_int_equal(cfg.ai_history_messages, 10);
    assert_int_equal(cfg.ai_history_chars, 3000);
    assert_int_equal(cfg.ai_model_check_timeout_ms, 5000);
    assert_int_equal(cfg.sender_creds_ttl_ms, 5000);
    assert_int_equal(cfg.sender_rate_per_s, 80);
    assert_int_equal(cfg.sender_retry_base_ms, 1000);
    assert_int_equal(cfg.sender_retry_cap_ms, 60000);
    assert_int_equal(cfg.sender_max_attempts, 5);
    assert_int_equal(cfg.sender_max_age_ms, 3600000);
    assert_int_equal(cfg.sender_retry_poll_ms, 100);
    assert_int_equal(cfg.sender_window_s, 86400);
    assert_int_equal(cfg.sender_ops_pause_ms, 600000);
    assert_int_equal(cfg.sender_token_refresh_ms, 3600000);
    assert_int_equal(cfg.sender_token_refresh_ahead_s, 864000);
    assert_int_equal(cfg.sender_creds_metrics_ms, 30000);
    assert_int_equal(wa_config_load(&cfg, "wactl"), 0);
    assert_int_equal(cfg.ops_port, 0);
}

/* Each variable takes the edges of its range and refuses what is beyond them, a word, a fraction, trailing text and
 * a number too large for its field (which used to wrap: 4294967297 ms read as 1 ms). */
static void ranges_are_enforced(void **state)
{
    (void)state;
    wa_config_t cfg;
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        const range_t *r = &ranges[i];
        print_message("%s\n", r->name);
        assert_int_equal(load(r->name, r->min, &cfg), 0);
        assert_int_equal(load(r->name, r->max, &cfg), 0);
        assert_int_equal(load(r->name, r->below, &cfg), -1);
        assert_int_equal(load(r->name, r->above, &cfg), -1);
        assert_int_equal(load(r->name, "ten", &cfg), -1);
        assert_int_equal(load(r->name, "1.5", &cfg), -1);
        assert_int_equal(load(r->name, "5s", &cfg), -1);
        assert_int_equal(load(r->name, "99999999999999999999999", &cfg), -1);
        assert_int_equal(load(r->name, "", &cfg), 0); /* empty: the default */
    }
}

/* The values land in their fields, whatever the field's width. */
static void values_are_stored(void **state)
{
    (void)state;
    wa_config_t cfg;
    setenv("GRAPH_TIMEOUT_MS", "2500", 1);
    setenv("WA_STREAM_RETENTION_MS", "315360000000", 1);
    setenv("SENDER_WINDOW_S", "3600", 1);
    setenv("SENDER_OPS_PAUSE_MS", "2000", 1);
    setenv("INGRESS_SECRETS_REFRESH_MS", "200", 1);
    setenv("ROUTER_REMINDER_INTERVAL_MS", "0", 1);
    setenv("ROUTER_KB_THRESHOLD", "0.7", 1);
    setenv("ROUTER_KB_MARGIN", "0", 1);
    setenv("CREDENTIALS_KEY_PREVIOUS", "old-key", 1);
    assert_int_equal(wa_config_load(&cfg, "router"), 0);
    assert_int_equal(cfg.graph_timeout_ms, 2500);
    assert_true(cfg.stream_retention_ms == 315360000000LL);
    assert_int_equal(cfg.sender_window_s, 3600);
    assert_int_equal(cfg.sender_ops_pause_ms, 2000);
    assert_int_equal(cfg.ingress_secrets_refresh_ms, 200);
    assert_int_equal(cfg.router_reminder_interval_ms, 0);
    assert_true(cfg.router_kb_threshold > 0.69 && cfg.router_kb_threshold < 0.71);
    assert_true(cfg.router_kb_margin == 0);
    assert_string_equal(cfg.credentials_key_previous, "old-key");
    clear_env(NULL);
}

/* Thresholds are fractions in [0, 1]. */
static void fractions_are_enforced(void **state)
{
    (void)state;
    wa_config_t cfg;
    assert_int_equal(load("ROUTER_KB_THRESHOLD", "1", &cfg), 0);
    assert_int_equal(load("ROUTER_KB_THRESHOLD", "1.01", &cfg), -1);
    assert_int_equal(load("ROUTER_KB_MARGIN", "-0.1", &cfg), -1);
    assert_int_equal(load("ROUTER_KB_MARGIN", "high", &cfg), -1);
    assert_int_equal(load("ROUTER_KB_MARGIN", "nan", &cfg), -1);
}

/* The documented floors still raise small values instead of refusing them; SENDER_MAX_ATTEMPTS follows
 * WA_MAX_DELIVERIES unless set; the retry cap is never below the base. */
static void floors_and_derived_defaults(void **state)
{
    (void)state;
    wa_config_t cfg;
    setenv("WA_CLAIM_IDLE_MS", "5", 1);
    setenv("WA_TRIM_INTERVAL_MS", "0", 1);
    setenv("WA_MAX_DELIVERIES", "9", 1);
    setenv("SENDER_RETRY_BASE_MS", "5000", 1);
    setenv("SENDER_RETRY_CAP_MS", "10", 1);
    setenv("SENDER_RETRY_POLL_MS", "0", 1);
    assert_int_equal(wa_config_load(&cfg, "sender"), 0);
    assert_int_equal(cfg.claim_idle_ms, 100);
    assert_int_equal(cfg.trim_interval_ms, 100);
    assert_int_equal(cfg.sender_max_attempts, 9);
    assert_int_equal(cfg.sender_retry_cap_ms, 5000);
    assert_int_equal(cfg.sender_retry_poll_ms, 10);
    unsetenv("WA_MAX_DELIVERIES");
    clear_env(NULL);
}

/* wa_env_range on its own: the default when unset, the value when in range, the default and *ok = 0 when not. */
static void env_range(void **state)
{
    (void)state;
    int ok = 1;
    unsetenv("WA_TEST_RANGE");
    assert_true(wa_env_range("WA_TEST_RANGE", 7, 1, 10, &ok) == 7 && ok);
    setenv("WA_TEST_RANGE", "10", 1);
    assert_true(wa_env_range("WA_TEST_RANGE", 7, 1, 10, &ok) == 10 && ok);
    setenv("WA_TEST_RANGE", "11", 1);
    assert_true(wa_env_range("WA_TEST_RANGE", 7, 1, 10, &ok) == 7 && !ok);
    ok = 1;
    setenv("WA_TEST_RANGE", "-3", 1);
    assert_true(wa_env_long("WA_TEST_RANGE", 7, &ok) == 7 && !ok); /* wa_env_long: 0 or more */
    unsetenv("WA_TEST_RANGE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(defaults, clear_env),
        cmocka_unit_test_setup(ranges_are_enforced, clear_env),
        cmocka_unit_test_setup(values_are_stored, clear_env),
        cmocka_unit_test_setup(fractions_are_enforced, clear_env),
        cmocka_unit_test_setup(floors_and_derived_defaults, clear_env),
        cmocka_unit_test(env_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
