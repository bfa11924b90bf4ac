/* Unit tests for the pure helpers of `wactl simulate` (tools/wactl/simulate.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "simulate.h"

static void simulate_helpers(void **state)
{
    char b[128];
    ctl_simulate_url(NULL, 3000, b, sizeof(b));
    assert_string_equal(b, "http://127.0.0.1:3000/webhook");
    ctl_simulate_url("", 3001, b, sizeof(b));
    assert_string_equal(b, "http://127.0.0.1:3001/webhook");
    ctl_simulate_url("http://ingress:8080/webhook", 3000, b, sizeof(b));
    assert_string_equal(b, "http://ingress:8080/webhook");

    const unsigned char rnd[] = {0x00, 0xab, 0xff, 0x10};
    ctl_simulate_wamid(rnd, sizeof(rnd), b, sizeof(b));
    assert_string_equal(b, "wamid.SIM00abff10");
    char small[12];
    ctl_simulate_wamid(rnd, sizeof(rnd), small, sizeof(small));
    assert_string_equal(small, "wamid.SIM00");

    const char *entry = "{\"out_id\":\"reply:wamid.SIM00ab\",\"to\":\"919800000001\"}";
    assert_true(ctl_simulate_dlq_matches(entry, "reply:wamid.SIM00ab", NULL));
    assert_true(
        ctl_simulate_dlq_matches("{\"body\":\"...\\\"id\\\":\\\"wamid.SIM00ab\\\"...\"}", "reply:x", "wamid.SIM00ab"));
    assert_false(ctl_simulate_dlq_matches(entry, "reply:wamid.SIM99", "wamid.SIM99"));
    assert_false(ctl_simulate_dlq_matches(NULL, "reply:wamid.SIM00ab", "wamid.SIM00ab"));
    assert_false(ctl_simulate_dlq_matches(entry, "", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simulate_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
