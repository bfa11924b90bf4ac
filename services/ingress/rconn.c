/*
 * The ingress' self-healing asynchronous Redis connection (see rconn.h).
 * States: DOWN (waiting out the backoff) -> CONNECTING (TCP connect, AUTH,
 * SELECT, PING in flight, pipelined) -> READY (the PING answered) -> DOWN
 * when hiredis reports the connection lost or the tick aborts it. Only READY
 * accepts commands, so a caller never queues work behind a connect that may
 * never finish; it answers 503 instead and Meta retries.
 */
#include <stdio.h>
#include <string.h>
#include "wa/log.h"
#include "redis_h2o.h"
#include "rconn.h"

static void addr_str(const ing_rconn_t *rc, char *buf, size_t sz)
{
    snprintf(buf, sz, "%s:%d", rc->url.host, rc->url.port);
}

/* The first failure of a series is logged, then one in 15 (about every 30 s at the longest backoff). */
static int should_log_failure(ing_rconn_t *rc)
{
    ++rc->failures;
    return rc->failures == 1 || rc->failures % 15 == 0;
}

/* Idempotent: every path that loses the context ends here (hiredis callbacks, our own aborts). */
static void went_down(ing_rconn_t *rc)
{
    int was_ready = rc->state == ING_RCONN_READY;

    rc->ac = NULL;
    if (rc->state == ING_RCONN_DOWN)
        return;
    rc->state = ING_RCONN_DOWN;
    rc->next_attempt = h2o_now(rc->loop) + rc->backoff_ms;
    rc->backoff_ms = rc->backoff_ms * 2 > ING_RCONN_BACKOFF_MAX_MS ? ING_RCONN_BACKOFF_MAX_MS : rc->backoff_ms * 2;
    if (was_ready && rc->on_state != NULL)
        rc->on_state(rc, 0);
}

static void on_connect(const redisAsyncContext *ac, int status)
{
    ing_rconn_t *rc = ac->data;
    char addr[300];

    if (status == REDIS_OK)
        return; /* usable once the PING queued behind AUTH/SELECT answers */
    if (should_log_failure(rc)) {
        addr_str(rc, addr, sizeof(addr));
        wa_warn("redis connect failed", "addr", addr, "error", ac->errstr);
    }
    went_down(rc); /* hiredis frees the context after this callback */
}

static void on_disconnect(const redisAsyncContext *ac, int status)
{
    ing_rconn_t *rc = ac->data;
    char addr[300];

    addr_str(rc, addr, sizeof(addr));
    if (rc->closing || rc->aborting || rc->setup_failed) {
        /* our own close or abort, or a refused AUTH/SELECT/PING: already logged */
    } else if (rc->state == ING_RCONN_READY) {
        wa_warn("redis connection lost", "addr", addr, "error", status == REDIS_OK ? "closed" : ac->errstr);
    } else if (should_log_failure(rc)) {
        wa_warn("redis connect failed", "addr", addr, "error", status == REDIS_OK ? "closed" : ac->errstr);
    }
    went_down(rc);
}

/* AUTH and SELECT replies. Only the first refusal of an attempt is logged (the PING behind it fails too), and only
 * when the failure throttle allows: a wrong password must not print four lines every two seconds. */
static void on_setup_reply(redisAsyncContext *ac, void *r, void *privdata)
{
    ing_rconn_t *rc = privdata;
    redisReply *reply = r;

    if (reply != NULL && reply->type == REDIS_REPLY_ERROR && !rc->setup_failed) {
        rc->setup_failed = 1;
        if (should_log_failure(rc)) /* the error text never contains the password */
            wa_error("redis AUTH/SELECT refused", "error", reply->str);
    }
}

static void on_ping_reply(redisAsyncContext *ac, void *r, void *privdata)
{
    ing_rconn_t *rc = privdata;
    redisReply *reply = r;
    char addr[300];

    if (reply == NULL || rc->ac != ac)
        return; /* the connection is going away; on_disconnect / went_down handle it */
    if (rc->setup_failed || reply->type == REDIS_REPLY_ERROR) {
        if (!rc->setup_failed && should_log_failure(rc))
            wa_error("redis PING refused", "error", reply->str);
        rc->setup_failed = 1;     /* logged: on_disconnect stays quiet */
        redisAsyncDisconnect(ac); /* on_disconnect follows, then the backoff */
        return;
    }
    rc->state = ING_RCONN_READY;
    rc->backoff_ms = ING_RCONN_BACKOFF_MIN_MS;
    rc->failures = 0;
    addr_str(rc, addr, sizeof(addr));
    wa_info("redis connected", "addr", addr);
    if (rc->on_state != NULL)
        rc->on_state(rc, 1);
}

static void do_connect(ing_rconn_t *rc)
{
    redisAsyncContext *ac;
    char addr[300], db[16];

    rc->next_attempt = h2o_now(rc->loop) + rc->backoff_ms;
    if ((ac = redisAsyncConnect(rc->url.host, rc->url.port)) == NULL)
        wa_fatal("out of memory (redisAsyncConnect)");
    /* TCP keepalives: a Redis gone without a FIN (dead node, dropped NAT entry) is noticed within about a minute */
    if (ac->err != 0 || redisEnableKeepAlive(&ac->c) != REDIS_OK || ing_redis_h2o_attach(ac, rc->loop) != 0) {
        if (should_log_failure(rc)) {
            addr_str(rc, addr, sizeof(addr));
            wa_warn("redis connect failed", "addr", addr, "error",
                    ac->err != 0 ? ac->errstr : ac->c.err != 0 ? ac->c.errstr : "attach");
        }
        redisAsyncFree(ac);
        rc->backoff_ms = rc->backoff_ms * 2 > ING_RCONN_BACKOFF_MAX_MS ? ING_RCONN_BACKOFF_MAX_MS : rc->backoff_ms * 2;
        return;
    }
    ac->data = rc;
    if (redisAsyncSetConnectCallback(ac, on_connect) != REDIS_OK ||
        redisAsyncSetDisconnectCallback(ac, on_disconnect) != REDIS_OK)
        wa_fatal("redis: cannot set connection callbacks");
    rc->ac = ac;
    rc->state = ING_RCONN_CONNECTING;
    rc->setup_failed = 0;
    rc->connect_started = h2o_now(rc->loop);

    /* pipelined behind the connect: hiredis writes them once the socket is writable */
    if (rc->url.password[0] != '\0') {
        const char *argv[3] = {"AUTH", rc->url.user, rc->url.password};
        int rv = rc->url.user[0] != '\0' ? redisAsyncCommandArgv(ac, on_setup_reply, rc, 3, argv, NULL)
                                         : redisAsyncCommand(ac, on_setup_reply, rc, "AUTH %s", rc->url.password);
        if (rv != REDIS_OK)
            rc->setup_failed = 1;
    }
    if (rc->url.db != 0) {
        snprintf(db, sizeof(db), "%d", rc->url.db);
        if (redisAsyncCommand(ac, on_setup_reply, rc, "SELECT %s", db) != REDIS_OK)
            rc->setup_failed = 1;
    }
    if (redisAsyncCommand(ac, on_ping_reply, rc, "PING") != REDIS_OK)
        rc->setup_failed = 1;
}

/* Frees the context from outside any hiredis callback: pending callbacks run with NULL, on_disconnect may run. */
static void abort_connection(ing_rconn_t *rc)
{
    redisAsyncContext *ac = rc->ac;

    rc->aborting = 1;
    if (ac != NULL)
        redisAsyncFree(ac);
    rc->aborting = 0;
    went_down(rc);
}

void ing_rconn_init(ing_rconn_t *rc, h2o_loop_t *loop, const wa_redis_url_t *url, int timeout_ms,
                    ing_rconn_state_cb on_state, void *data)
{
    memset(rc, 0, sizeof(*rc));
    rc->loop = loop;
    rc->url = *url;
    rc->timeout_ms = timeout_ms > 0 ? timeout_ms : 3000;
    rc->on_state = on_state;
    rc->data = data;
    rc->state = ING_RCONN_DOWN;
    rc->backoff_ms = ING_RCONN_BACKOFF_MIN_MS;
    rc->next_attempt = 0;
}

void ing_rconn_tick(ing_rconn_t *rc)
{
    uint64_t now = h2o_now(rc->loop);
    char addr[300];

    switch (rc->state) {
    case ING_RCONN_DOWN:
        if (!rc->closing && now >= rc->next_attempt)
            do_connect(rc);
        break;
    case ING_RCONN_CONNECTING:
        if (now - rc->connect_started > (uint64_t)rc->timeout_ms) {
            if (should_log_failure(rc)) {
                addr_str(rc, addr, sizeof(addr));
                wa_warn("redis connect timed out", "addr", addr);
            }
            abort_connection(rc);
        }
        break;
    case ING_RCONN_READY:
        if (rc->pending != 0 && now - rc->last_progress > (uint64_t)rc->timeout_ms) {
            addr_str(rc, addr, sizeof(addr));
            wa_warn("redis stopped answering: dropping the connection", "addr", addr);
            abort_connection(rc);
        }
        break;
    }
}

int ing_rconn_ready(const ing_rconn_t *rc)
{
    return rc->state == ING_RCONN_READY;
}

size_t ing_rconn_pending(const ing_rconn_t *rc)
{
    return rc->pending;
}

static void on_command_reply(redisAsyncContext *ac, void *r, void *privdata)
{
    ing_rconn_req_t *req = privdata;
    ing_rconn_t *rc = req->rc;

    --rc->pending;
    rc->last_progress = h2o_now(rc->loop);
    req->cb(req, r);
}

int ing_rconn_command(ing_rconn_t *rc, ing_rconn_req_t *req, ing_rconn_reply_cb cb, int argc, const char **argv,
                      const size_t *argvlen)
{
    if (rc->state != ING_RCONN_READY || rc->ac == NULL)
        return -1;
    req->rc = rc;
    req->cb = cb;
    if (rc->pending == 0)
        rc->last_progress = h2o_now(rc->loop);
    if (redisAsyncCommandArgv(rc->ac, on_command_reply, req, argc, argv, argvlen) != REDIS_OK)
        return -1;
    ++rc->pending;
    return 0;
}

void ing_rconn_dispose(ing_rconn_t *rc)
{
    rc->closing = 1;
    abort_connection(rc);
}
