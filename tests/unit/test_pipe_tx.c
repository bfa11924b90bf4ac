/*
 * wa_pipe_flush_tx (shared/src/redis.c), the router's batch sent as one MULTI/EXEC (issue 14, round 14), against a
 * private redis-server started by the test: every command applied; an error while executing fails that command alone
 * and the flush reports it; a command refused while queued applies nothing; a user whose ACL lacks MULTI gets a plain
 * pipeline, every command applied. Without redis-server on PATH the test fails (the Debian package is a build
 * dependency of the end-to-end tests).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "wa/entry.h"
#include "wa/redis.h"

static pid_t server;
static int port;

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof(a);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || getsockname(fd, (struct sockaddr *)&a, &al) != 0)
        return -1;
    close(fd);
    return ntohs(a.sin_port);
}

static redisContext *connect_as(const char *user)
{
    char url[96];
    if (user != NULL)
        snprintf(url, sizeof(url), "redis://%s:pw@127.0.0.1:%d/0", user, port);
    else
        snprintf(url, sizeof(url), "redis://127.0.0.1:%d/0", port);
    return wa_redis_connect(url, 1000);
}

static int setup(void **state)
{
    (void)state;
    char p[16];
    if ((port = free_port()) < 0)
        return -1;
    snprintf(p, sizeof(p), "%d", port);
    if ((server = fork()) == 0) {
        (void)freopen("/dev/null", "w", stdout); /* its log lines */
        execlp("redis-server", "redis-server", "--port", p, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
               (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100; i++) {
        redisContext *c = connect_as(NULL);
        if (c != NULL) { /* the user without MULTI, made over the connection: no password in the server's argv */
            redisReply *r = redisCommand(c, "ACL SETUSER nomulti on >pw ~* +@all -multi -exec");
            int ok = r != NULL && r->type == REDIS_REPLY_STATUS;
            freeReplyObject(r);
            redisFree(c);
            return ok ? 0 : -1;
        }
        usleep(50000);
    }
    return -1;
}

static int teardown(void **state)
{
    (void)state;
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    return 0;
}

static long long xlen(redisContext *c, const char *key)
{
    redisReply *r = redisCommand(c, "XLEN %s", key);
    long long n = r != NULL && r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    if (r != NULL)
        freeReplyObject(r);
    return n;
}

static void add_xadd(wa_pipe_t *p, const char *key, const char *value)
{
    wa_cmd_t *cmd = wa_pipe_add(p, "XADD test");
    wa_cmd_args(cmd, "XADD");
    wa_cmd_args(cmd, key);
    wa_cmd_args(cmd, "*");
    wa_cmd_field(cmd, "v", value);
}

static void test_every_command_applied(void **state)
{
    (void)state;
    redisContext *c = connect_as(NULL);
    assert_non_null(c);
    wa_pipe_t p;
    memset(&p, 0, sizeof(p));
    for (int i = 0; i < 3; i++)
        add_xadd(&p, "tx:ok", "x");
    assert_int_equal(wa_pipe_flush_tx(c, &p), 0);
    assert_int_equal(xlen(c, "tx:ok"), 3);
    wa_pipe_dispose(&p);
    redisFree(c);
}

static void test_an_error_while_executing_fails_that_command_alone(void **state)
{
    (void)state;
    redisContext *c = connect_as(NULL);
    assert_non_null(c);
    redisReply *r = redisCommand(c, "SET tx:str x");
    assert_non_null(r);
    freeReplyObject(r);
    wa_pipe_t p;
    memset(&p, 0, sizeof(p));
    add_xadd(&p, "tx:run", "a");
    add_xadd(&p, "tx:str", "b"); /* WRONGTYPE when executed */
    add_xadd(&p, "tx:run", "c");
    assert_int_equal(wa_pipe_flush_tx(c, &p), -1);
    assert_int_equal(xlen(c, "tx:run"), 2);
    wa_pipe_dispose(&p);
    /* the connection stays in step */
    r = redisCommand(c, "PING");
    assert_non_null(r);
    assert_string_equal(r->str, "PONG");
    freeReplyObject(r);
    redisFree(c);
}

static void test_a_command_refused_while_queued_applies_nothing(void **state)
{
    (void)state;
    redisContext *c = connect_as(NULL);
    assert_non_null(c);
    wa_pipe_t p;
    memset(&p, 0, sizeof(p));
    add_xadd(&p, "tx:abort", "a");
    wa_cmd_t *bad = wa_pipe_add(&p, "XADD arity");
    wa_cmd_args(bad, "XADD");
    wa_cmd_args(bad, "tx:abort"); /* wrong number of arguments: refused while queued */
    add_xadd(&p, "tx:abort", "c");
    assert_int_equal(wa_pipe_flush_tx(c, &p), -1);
    assert_int_equal(xlen(c, "tx:abort"), 0);
    wa_pipe_dispose(&p);
    redisReply *r = redisCommand(c, "PING");
    assert_non_null(r);
    assert_string_equal(r->str, "PONG");
    freeReplyObject(r);
    redisFree(c);
}

static void test_without_multi_a_plain_pipeline(void **state)
{
    (void)state;
    redisContext *c = connect_as("nomulti");
    assert_non_null(c);
    wa_pipe_t p;
    memset(&p, 0, sizeof(p));
    add_xadd(&p, "tx:plain", "a");
    add_xadd(&p, "tx:plain", "b");
    assert_int_equal(wa_pipe_flush_tx(c, &p), 0);
    assert_int_equal(xlen(c, "tx:plain"), 2);
    wa_pipe_dispose(&p);
    redisFree(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_applied),
        cmocka_unit_test(test_an_error_while_executing_fails_that_command_alone),
        cmocka_unit_test(test_a_command_refused_while_queued_applies_nothing),
        cmocka_unit_test(test_without_multi_a_plain_pipeline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
