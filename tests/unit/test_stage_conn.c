/*
 * wa_conn_t (shared/src/stage.c), the stage loop's Redis connection with a sticky error: a closed or never-opened
 * connection is not usable, a failed connect says why, the first recorded failure sticks (later ones do not replace
 * it) and hides the context, an error hiredis found on its own context becomes the connection's, and closing clears
 * it. The loop itself runs against a real Redis in the end-to-end tests (test_ai.py, test_sender_inflight.py,
 * test_ops_graceful.py, test_chaos.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wa/stage.h"

/* A loopback port nobody listens on (bound, then closed). */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    socklen_t al = sizeof(a);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &al), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void test_unopened_is_not_usable(void **state)
{
    (void)state;
    wa_conn_t c;
    memset(&c, 0, sizeof(c));
    assert_false(wa_conn_ok(&c));
    assert_null(wa_conn_redis(&c));
    const char *argv[] = {"PING"};
    assert_null(wa_conn_cmd(&c, 1, argv, NULL));
    wa_conn_close(&c); /* safe on a closed one */
}

static void test_failed_connect_sets_the_error(void **state)
{
    (void)state;
    wa_conn_t c;
    memset(&c, 0, sizeof(c));
    char url[64];
    snprintf(url, sizeof(url), "redis://127.0.0.1:%d/0", closed_port());
    assert_int_equal(wa_conn_open(&c, url, 500), -1);
    assert_int_not_equal(c.err, 0);
    assert_true(c.errstr[0] != '\0');
    assert_false(wa_conn_ok(&c));
    wa_conn_close(&c);
    assert_int_equal(c.err, 0);
}

static void test_first_failure_sticks_and_hiredis_errors_become_ours(void **state)
{
    (void)state;
    wa_conn_t c;
    memset(&c, 0, sizeof(c));
    /* a context whose connect failed: hiredis sets err/errstr on it */
    c.rc = redisConnect("127.0.0.1", closed_port());
    assert_non_null(c.rc);
    assert_int_not_equal(c.rc->err, 0);
    assert_int_equal(c.err, 0);
    assert_false(wa_conn_ok(&c)); /* copies hiredis's reason */
    assert_int_equal(c.err, c.rc->err);
    assert_string_equal(c.errstr, c.rc->errstr);
    assert_null(wa_conn_redis(&c));
    char first[sizeof(c.errstr)];
    snprintf(first, sizeof(first), "%s", c.errstr);
    wa_conn_fail(&c, "a later failure");
    assert_string_equal(c.errstr, first); /* the first reason sticks */
    wa_conn_close(&c);
    assert_null(c.rc);
    assert_int_equal(c.err, 0);
    assert_string_equal(c.errstr, "");

    /* a failure reported by a caller on a context hiredis still thinks fine */
    c.rc = redisConnect("127.0.0.1", closed_port());
    c.rc->err = 0; /* pretend it is healthy */
    assert_true(wa_conn_ok(&c));
    assert_ptr_equal(wa_conn_redis(&c), c.rc);
    wa_conn_fail(&c, "XADD got no reply");
    wa_conn_fail(&c, "something else");
    assert_false(wa_conn_ok(&c));
    assert_null(wa_conn_redis(&c));
    assert_string_equal(c.errstr, "XADD got no reply");
    wa_conn_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unopened_is_not_usable),
        cmocka_unit_test(test_failed_connect_sets_the_error),
        cmocka_unit_test(test_first_failure_sticks_and_hiredis_errors_become_ours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
