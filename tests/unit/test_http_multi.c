/*
 * Unit tests of libwa's HTTP client (shared/src/http.c) against a tiny HTTP server thread on a loopback port:
 * requests started one by one all finish through their callback with their status and body, the in-flight gauges
 * follow, an extra descriptor wakes the poll, aborted and cancelled transfers never call back, failed ones call back
 * once, and wa_http_run (run to completion) on top. Also the sender's stage driver options (loop.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h" /* the sender's loop options: this test links the sender (tests/CMakeLists.txt) */
#include "wa/http.h"
#include "wa/ops.h"

typedef struct st_server_t {
    int fd, port, conns;
    pthread_t th;
} server_t;

/* Serves `conns` connections, one request each, answering 200 "ok" and closing. */
static void *serve(void *arg)
{
    server_t *s = arg;
    for (int i = 0; i < s->conns; i++) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            break;
        char buf[4096];
        size_t len = 0;
        while (len < sizeof(buf) - 1) {
            ssize_t n = read(c, buf + len, sizeof(buf) - 1 - len);
            if (n <= 0)
                break;
            len += (size_t)n;
            buf[len] = '\0';
            if (strstr(buf, "\r\n\r\n") != NULL)
                break;
        }
        static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        ssize_t w = write(c, resp, sizeof(resp) - 1);
        (void)w;
        close(c);
    }
    return NULL;
}

static void server_start(server_t *s, int conns)
{
    memset(s, 0, sizeof(*s));
    s->conns = conns;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s->fd, 64), 0);
    socklen_t al = sizeof(a);
    assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &al), 0);
    s->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&s->th, NULL, serve, s), 0);
}

static void server_stop(server_t *s)
{
    pthread_join(s->th, NULL);
    close(s->fd);
}

typedef struct st_seen_t {
    int done;
    wa_http_req_t *last;
} seen_t;

static void on_done(wa_http_req_t *req, void *data)
{
    seen_t *seen = data;
    seen->done++;
    seen->last = req;
}

static void test_requests_finish_one_by_one(void **state)
{
    (void)state;
    enum { N = 5 };
    server_t srv;
    server_start(&srv, N);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", srv.port);
    wa_http_t *m = wa_http_create(16);
    assert_non_null(m);
    wa_metric_t *inflight = wa_metric(WA_METRIC_GAUGE, "test_http_inflight", NULL, "");
    wa_metric_t *peak = wa_metric(WA_METRIC_GAUGE, "test_http_inflight_peak", NULL, "");
    wa_http_gauges(m, inflight, peak);
    wa_http_req_t reqs[N];
    seen_t seen = {0};
    for (int i = 0; i < N; i++) {
        wa_http_req_init(&reqs[i], "GET", url, 5000);
        assert_int_equal(wa_http_start(m, &reqs[i], on_done, &seen), 0);
    }
    assert_int_equal(wa_http_running(m), N);
    assert_int_equal(wa_metric_value(inflight), N);
    assert_true(wa_metric_value(peak) >= N);
    for (int turns = 0; seen.done < N && turns < 1000; turns++)
        (void)wa_http_step(m, 50, -1);
    assert_int_equal(seen.done, N);
    assert_int_equal(wa_http_running(m), 0);
    assert_int_equal(wa_metric_value(inflight), 0);
    for (int i = 0; i < N; i++) {
        assert_int_equal(reqs[i].curl_code, 0);
        assert_int_equal(reqs[i].status, 200);
        assert_string_equal(reqs[i].resp, "ok");
        wa_http_req_dispose(&reqs[i]);
    }
    wa_http_destroy(m);
    server_stop(&srv);
}

/* The run-to-completion helper returns with every request answered. */
static void test_run_to_completion(void **state)
{
    (void)state;
    enum { N = 3 };
    server_t srv;
    server_start(&srv, N);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/y", srv.port);
    wa_http_t *h = wa_http_create(0);
    wa_http_req_t reqs[N], *p[N];
    for (int i = 0; i < N; i++) {
        wa_http_req_init(&reqs[i], "POST", url, 5000);
        reqs[i].body = "{}";
        reqs[i].body_len = 2;
        p[i] = &reqs[i];
    }
    assert_int_equal(wa_http_run(h, p, N), 0);
    assert_int_equal(wa_http_running(h), 0);
    for (int i = 0; i < N; i++) {
        assert_int_equal(reqs[i].status, 200);
        assert_string_equal(reqs[i].resp, "ok");
        wa_http_req_dispose(&reqs[i]);
    }
    wa_http_destroy(h);
    server_stop(&srv);
}

static void test_extra_fd_wakes_the_poll(void **state)
{
    (void)state;
    wa_http_t *m = wa_http_create(4);
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(wa_http_step(m, 10, p[0]), 0); /* nothing to read yet */
    assert_int_equal(write(p[1], "x", 1), 1);
    assert_int_equal(wa_http_step(m, 5000, p[0]), 1);
    close(p[0]);
    close(p[1]);
    wa_http_destroy(m);
}

static void test_abort_and_cancel_never_call_back_fail_calls_back_once(void **state)
{
    (void)state;
    int lfd = socket(AF_INET, SOCK_STREAM, 0); /* listens, never answers */
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(lfd, 8), 0);
    socklen_t al = sizeof(a);
    assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &al), 0);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/slow", ntohs(a.sin_port));
    wa_http_t *m = wa_http_create(4);
    wa_http_req_t r[3];
    seen_t seen = {0};
    for (int i = 0; i < 3; i++) {
        wa_http_req_init(&r[i], "POST", url, 5000);
        r[i].body = "{}";
        r[i].body_len = 2;
        assert_int_equal(wa_http_start(m, &r[i], on_done, &seen), 0);
    }
    (void)wa_http_step(m, 20, -1);
    wa_http_cancel(m, &r[0]); /* one taken out, no callback */
    assert_int_equal(wa_http_running(m), 2);
    wa_http_fail_all(m, 28, "stopping"); /* the others: one callback each, as failed */
    assert_int_equal(seen.done, 2);
    assert_int_equal(r[1].curl_code, 28);
    assert_int_equal(r[1].status, 0);
    assert_string_equal(r[2].error, "stopping");
    assert_int_equal(wa_http_start(m, &r[0], on_done, &seen), 0);
    wa_http_abort_all(m);
    assert_int_equal(wa_http_running(m), 0);
    (void)wa_http_step(m, 10, -1);
    assert_int_equal(seen.done, 2);
    for (int i = 0; i < 3; i++)
        wa_http_req_dispose(&r[i]);
    wa_http_destroy(m);
    close(lfd);
}

static void test_loop_options(void **state)
{
    (void)state;
    snd_loop_opts_t o;
    unsetenv("SENDER_MAX_INFLIGHT");
    unsetenv("SENDER_GROUP_MAX");
    unsetenv("SENDER_DRAIN_MS");
    assert_int_equal(snd_loop_opts_load(&o), 0);
    assert_int_equal(o.max_inflight, 256);
    assert_int_equal(o.group_max, 64);
    assert_int_equal(o.drain_ms, 8000);
    setenv("SENDER_MAX_INFLIGHT", "0", 1);
    assert_int_equal(snd_loop_opts_load(&o), -1);
    setenv("SENDER_MAX_INFLIGHT", "12x", 1);
    assert_int_equal(snd_loop_opts_load(&o), -1);
    setenv("SENDER_MAX_INFLIGHT", "1000", 1);
    setenv("SENDER_GROUP_MAX", "8", 1);
    assert_int_equal(snd_loop_opts_load(&o), 0);
    assert_int_equal(o.max_inflight, 1000);
    assert_int_equal(o.group_max, 8);
    setenv("SENDER_DRAIN_MS", "-1", 1);
    assert_int_equal(snd_loop_opts_load(&o), -1);
    unsetenv("SENDER_MAX_INFLIGHT");
    unsetenv("SENDER_GROUP_MAX");
    unsetenv("SENDER_DRAIN_MS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests_finish_one_by_one),
        cmocka_unit_test(test_run_to_completion),
        cmocka_unit_test(test_extra_fd_wakes_the_poll),
        cmocka_unit_test(test_abort_and_cancel_never_call_back_fail_calls_back_once),
        cmocka_unit_test(test_loop_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
