/* Prometheus exposition of libwa's metrics (wa/ops.h): counters, gauges and histograms render as the text format
 * says, and histogram buckets are cumulative. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wa/ops.h"

static void test_counter_and_gauge(void **state)
{
    (void)state;
    wa_metric_t *c = wa_metric(WA_METRIC_COUNTER, "t_requests_total", "result=\"ok\"", "Requests");
    wa_metric_t *g = wa_metric(WA_METRIC_GAUGE, "t_inflight", NULL, "In flight");
    assert_ptr_equal(c, wa_metric(WA_METRIC_COUNTER, "t_requests_total", "result=\"ok\"", "Requests"));
    wa_metric_add(c, 3);
    wa_metric_set(g, 7);
    wa_metric_set(g, 5);
    char *text = wa_metrics_render(NULL);
    assert_non_null(strstr(text, "# TYPE t_requests_total counter\nt_requests_total{result=\"ok\"} 3\n"));
    assert_non_null(strstr(text, "# TYPE t_inflight gauge\nt_inflight 5\n"));
    free(text);
}

static void test_histogram(void **state)
{
    (void)state;
    wa_metric_t *h = wa_metric(WA_METRIC_HISTOGRAM, "t_wait_seconds", "stage=\"router\"", "Wait");
    wa_metric_observe_ms(h, 0.5);   /* le 0.001 */
    wa_metric_observe_ms(h, 7);     /* le 0.01 */
    wa_metric_observe_ms(h, 1500);  /* le 2.5 */
    wa_metric_observe_ms(h, 90000); /* +Inf only */
    assert_int_equal(wa_metric_value(h), 4);
    char *text = wa_metrics_render(NULL);
    assert_non_null(strstr(text, "# TYPE t_wait_seconds histogram\n"));
    assert_non_null(strstr(text, "t_wait_seconds_bucket{stage=\"router\",le=\"0.001\"} 1\n"));
    assert_non_null(strstr(text, "t_wait_seconds_bucket{stage=\"router\",le=\"0.005\"} 1\n"));
    assert_non_null(strstr(text, "t_wait_seconds_bucket{stage=\"router\",le=\"0.01\"} 2\n"));
    assert_non_null(strstr(text, "t_wait_seconds_bucket{stage=\"router\",le=\"2.5\"} 3\n"));
    assert_non_null(strstr(text, "t_wait_seconds_bucket{stage=\"router\",le=\"60\"} 3\n"));
    assert_non_null(strstr(text, "t_wait_seconds_bucket{stage=\"router\",le=\"+Inf\"} 4\n"));
    assert_non_null(strstr(text, "t_wait_seconds_sum{stage=\"router\"} 91.507500\n"));
    assert_non_null(strstr(text, "t_wait_seconds_count{stage=\"router\"} 4\n"));
    free(text);

    wa_metric_t *bare = wa_metric(WA_METRIC_HISTOGRAM, "t_bare_seconds", NULL, "Bare");
    wa_metric_observe_ms(bare, 3);
    text = wa_metrics_render(NULL);
    assert_non_null(strstr(text, "t_bare_seconds_bucket{le=\"0.005\"} 1\n"));
    assert_non_null(strstr(text, "t_bare_seconds_count 1\n"));
    free(text);
}

static void test_observe_on_a_counter_is_ignored(void **state)
{
    (void)state;
    wa_metric_t *c = wa_metric(WA_METRIC_COUNTER, "t_plain_total", NULL, "Plain");
    wa_metric_observe_ms(c, 10);
    assert_int_equal(wa_metric_value(c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_and_gauge),
        cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_observe_on_a_counter_is_ignored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
