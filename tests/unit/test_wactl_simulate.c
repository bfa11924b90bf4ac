/* Unit tests for the pure helpers of `wactl simulate` (tools/wactl/simulate.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
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

static void simulate_render(void **state)
{
    (void)state;
    char *s = ctl_simulate_render("We are open 9 to 5.");
    assert_string_equal(s, "We are open 9 to 5.");
    free(s);
    s = ctl_simulate_render("{\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":"
                            "\"Welcome!\"},\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"a\","
                            "\"title\":\"Book\"}},{\"type\":\"reply\",\"reply\":{\"id\":\"b\",\"title\":\"Queue\"}}]}}}");
    assert_string_equal(s, "Welcome!\n  [Book] [Queue]");
    free(s);
    s = ctl_simulate_render("{\"interactive\":{\"type\":\"list\",\"header\":{\"type\":\"text\",\"text\":\"Days\"},"
                            "\"body\":{\"text\":\"Pick a day\"},\"action\":{\"button\":\"Days\",\"sections\":[{"
                            "\"rows\":[{\"id\":\"d1\",\"title\":\"Mon 24\"},{\"id\":\"d2\",\"title\":\"Tue 25\"}]}]}}}");
    assert_string_equal(s, "Days\nPick a day\n  - Mon 24\n  - Tue 25");
    free(s);
    s = ctl_simulate_render("{not json");
    assert_string_equal(s, "{not json");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(simulate_helpers),
        cmocka_unit_test(simulate_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
