/* Unit tests for `wactl queue`'s pure part (tools/wactl/queue.c): the idempotency key of a queue notification,
 * which must be the same for the same token and refuse a buffer it does not fit in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "queue.h"

static void queue_out_ids(void **state)
{
    (void)state;
    char b[200], small[10];
    assert_int_equal(ctl_queue_out_id(b, sizeof(b), "d1", "2026-11-21", "3", "near"), 0);
    assert_string_equal(b, "queue:d1:2026-11-21:3:near");
    assert_int_equal(ctl_queue_out_id(small, sizeof(small), "d1", "2026-11-21", "3", "near"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(queue_out_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
