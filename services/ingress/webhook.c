/*
 * The ingress' HTTP handler (see webhook.h). GET /webhook answers Meta's
 * verification handshake from query.c's pure decision; POST /webhook checks
 * the signature over the raw body with the worker's pre-keyed HMAC of the
 * master app secret, else with the app secret of the doctor the body names
 * (secrets.h: picked by a bounded scan, never a parse of the unauthenticated
 * body; a doctor's secret signs only for its own WABA and phone number id, else
 * 401 app_mismatch), then appends the raw bytes to wa:in, with `app` saying which
 * ("master" or "doctor:<id>"), through the worker's asynchronous Redis
 * connection and answers 200 only once Redis replied to the XADD (503 when
 * Redis is down or refused it). The request may go away before Redis answers
 * (HTTP/2 reset, shutdown): a guard allocated in the request's pool detaches
 * the pending XADD when the pool is cleared, so the Redis callback never
 * touches a freed request. Each outcome is counted (wa_ingress_requests_total)
 * and timed from h2o's request start to the response
 * (wa_ingress_request_seconds, a histogram).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "h2o.h"
#include "wa/entry.h"
#include "wa/hmac.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "query.h"
#include "secrets.h"
#include "rconn.h"
#include "worker.h"
#include "webhook.h"

typedef struct st_handler_t {
    h2o_handler_t super;
    const wa_config_t *cfg;
} handler_t;

typedef struct st_guard_t guard_t;

/* One XADD in flight. Heap-allocated: it must live until Redis answers, which may be after the request is gone. */
typedef struct st_xadd_t {
    ing_rconn_req_t rreq; /* the connection's handle; its callback runs exactly once */
    h2o_req_t *req;       /* NULL once the request went away */
    guard_t *guard;       /* valid while req is not NULL */
    ing_worker_t *worker;
} xadd_t;

/* Lives in req->pool; its dispose callback runs when the request is freed (response written, or client gone). */
struct st_guard_t {
    xadd_t *xadd; /* NULL once Redis answered */
    ing_worker_t *worker;
};

/* One request outcome: its counter and its latency histogram (request start, as h2o stamped it, to the response). */
typedef struct st_result_metric_t {
    wa_metric_t *n, *secs;
} result_metric_t;

static struct {
    wa_metric_t *signed_master, *signed_doctor;
    result_metric_t accepted, bad_signature, app_mismatch, too_large, redis_down, verify_ok, verify_denied, not_found,
        method_not_allowed;
} metrics;

static result_metric_t request_metric(const char *result)
{
    char labels[64];
    result_metric_t m;
    snprintf(labels, sizeof(labels), "result=\"%s\"", result);
    m.n = wa_metric(WA_METRIC_COUNTER, "wa_ingress_requests_total", labels, "Webhook requests by outcome");
    m.secs = wa_metric(WA_METRIC_HISTOGRAM, "wa_ingress_request_seconds", labels,
                       "Webhook requests from their start to the response (for a POST: the XADD's reply included), "
                       "by outcome");
    return m;
}

void ing_webhook_metrics_init(void)
{
    metrics.accepted = request_metric("accepted");
    metrics.bad_signature = request_metric("bad_signature");
    metrics.app_mismatch = request_metric("app_mismatch");
    metrics.too_large = request_metric("too_large");
    metrics.redis_down = request_metric("redis_down");
    metrics.verify_ok = request_metric("verify_ok");
    metrics.verify_denied = request_metric("verify_denied");
    metrics.not_found = request_metric("not_found");
    metrics.method_not_allowed = request_metric("method_not_allowed");
    metrics.signed_master = wa_metric(WA_METRIC_COUNTER, "wa_ingress_signed_total", "app=\"master\"",
                                      "Webhooks with a valid signature, by the app secret that signed them");
    metrics.signed_doctor = wa_metric(WA_METRIC_COUNTER, "wa_ingress_signed_total", "app=\"doctor\"",
                                      "Webhooks with a valid signature, by the app secret that signed them");
}

static void count(wa_metric_t *m)
{
    if (m != NULL)
        wa_metric_add(m, 1);
}

/* Counts a request's outcome and, when the request is still there (`req` not NULL), observes its latency. Call
 * before responding: the response may free the request. */
static void done(const result_metric_t *m, h2o_req_t *req)
{
    struct timeval now;
    count(m->n);
    if (req == NULL || m->secs == NULL || h2o_timeval_is_null(&req->timestamps.request_begin_at))
        return;
    gettimeofday(&now, NULL);
    wa_metric_observe_ms(m->secs, (double)h2o_timeval_subtract(&req->timestamps.request_begin_at, &now) / 1000.0);
}

/* Per-request warnings are throttled to one a second per thread: a flood of forged or failing requests must not
 * turn into a flood of log lines. */
static int may_log(ing_worker_t *w)
{
    uint64_t now = h2o_now(w->loop);
    if (w->last_error_log != 0 && now - w->last_error_log < 1000)
        return 0;
    w->last_error_log = now;
    return 1;
}

/* Sends a complete text/plain response with a content-length (h2o_send_inline copies `body`). */
static void respond(h2o_req_t *req, int status, const char *reason, const char *body, size_t len)
{
    req->res.status = status;
    req->res.reason = reason;
    req->res.content_length = len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                   H2O_STRLIT("text/plain; charset=utf-8"));
    h2o_send_inline(req, body, len);
}

#define RESPOND_LIT(req, status, reason, lit) respond((req), (status), (reason), H2O_STRLIT(lit))

static void guard_dispose(void *p)
{
    guard_t *g = p;

    if (g->xadd != NULL) {
        g->xadd->req = NULL; /* the Redis callback will find no one to answer */
        g->xadd->guard = NULL;
    }
    --g->worker->live;
}

/* Redis answered the XADD (reply not NULL), or the connection went away first (reply NULL: the entry may or may not
 * have been written; Meta retries on the 503 and the router dedupes by wamid). */
static void on_xadd_reply(ing_rconn_req_t *rreq, redisReply *reply)
{
    xadd_t *x = H2O_STRUCT_FROM_MEMBER(xadd_t, rreq, rreq);
    h2o_req_t *req = x->req;
    int ok = reply != NULL && reply->type == REDIS_REPLY_STRING;

    if (!ok && may_log(x->worker))
        wa_warn("XADD failed: answering 503", "error",
                reply == NULL                      ? "connection lost"
                : reply->type == REDIS_REPLY_ERROR ? reply->str
                                                   : "unexpected reply");
    if (ok)
        wa_debug("webhook accepted", "id", reply->str);
    done(ok ? &metrics.accepted : &metrics.redis_down, req);
    if (req != NULL) {
        x->guard->xadd = NULL; /* detach first: the response may free the request */
        if (ok)
            RESPOND_LIT(req, 200, "OK", "ok");
        else
            RESPOND_LIT(req, 503, "Service Unavailable", "redis unavailable");
    } else {
        wa_debug("the client went away before Redis answered");
    }
    free(x);
}

/* GET /webhook. Denials are logged like refused POSTs: at most one line a second per thread (may_log). */
static void handle_verify(handler_t *h, ing_worker_t *w, h2o_req_t *req)
{
    const char *q = NULL;
    size_t qlen = 0, chal_len = 0;
    char *challenge;
    ing_verify_result_t r;

    if (req->query_at != SIZE_MAX) {
        q = req->path.base + req->query_at + 1;
        qlen = req->path.len - req->query_at - 1;
    }
    challenge = h2o_mem_alloc_pool(&req->pool, qlen + 1);
    r = ing_verify_check(q, qlen, h->cfg->verify_token, challenge, &chal_len);
    if (r == ING_VERIFY_OK) {
        done(&metrics.verify_ok, req);
        wa_info("webhook verification accepted");
        respond(req, 200, "OK", challenge, chal_len);
    } else {
        done(&metrics.verify_denied, req);
        if (may_log(w))
            wa_warn("webhook verification denied", "reason", ing_verify_result_str(r));
        RESPOND_LIT(req, 403, "Forbidden", "forbidden");
    }
}

static void handle_post(handler_t *h, ing_worker_t *w, h2o_req_t *req)
{
    const char *body = req->entity.base != NULL ? req->entity.base : "";
    size_t body_len = req->entity.base != NULL ? req->entity.len : 0;
    ssize_t hi;
    int rc = -1;
    const char *app = "master";
    ing_match_fail_t why = ING_MATCH_NONE;
    char received_at[24];
    xadd_t *x;
    guard_t *g;

    if ((long)body_len > h->cfg->ingress_max_body) { /* h2o already refuses these; kept for other protocols */
        done(&metrics.too_large, req);
        RESPOND_LIT(req, 413, "Request Entity Too Large", "too large");
        return;
    }
    hi = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-hub-signature-256"), -1);
    if (hi != -1) {
        h2o_iovec_t v = req->headers.entries[hi].value;
        rc = wa_signature_check(w->hmac, v.base, v.len, body, body_len);
        if (rc == -2 && w->apps.n > 0) {
            /* no parse of the untrusted body here: a bounded scan picks the candidates (secrets.h) */
            const char *doctor_app = ing_appset_match(&w->apps, v.base, v.len, body, body_len, &why);
            if (doctor_app != NULL) {
                app = doctor_app; /* lives in w->apps, unchanged until this handler returns */
                rc = 0;
            }
        }
    }
    if (rc != 0) {
        int mismatch = why == ING_MATCH_APP_MISMATCH;
        done(mismatch ? &metrics.app_mismatch : &metrics.bad_signature, req);
        if (may_log(w))
            wa_warn(mismatch ? "webhook refused: signed by a doctor's app secret but naming another clinic's "
                               "business account or phone number"
                             : "webhook signature rejected",
                    "reason",
                    mismatch ? "app_mismatch"
                    : hi == -1 ? "missing"
                    : rc == -1 ? "malformed"
                               : "mismatch");
        RESPOND_LIT(req, 401, "Unauthorized", "bad signature");
        return;
    }

    count(strcmp(app, "master") == 0 ? metrics.signed_master : metrics.signed_doctor);
    x = wa_malloc(sizeof(*x));
    x->req = req;
    x->worker = w;
    snprintf(received_at, sizeof(received_at), "%lld", wa_now_ms());
    {
        const char *argv[] = {"XADD", w->cfg->key_in, "*", "body", body, "received_at", received_at, "app", app};
        size_t argvlen[] = {4, strlen(w->cfg->key_in), 1, 4, body_len, 11, strlen(received_at), 3, strlen(app)};
        rc = ing_rconn_command(&w->redis, &x->rreq, on_xadd_reply, 9, argv, argvlen);
    }
    if (rc != 0) {
        free(x);
        done(&metrics.redis_down, req);
        if (may_log(w))
            wa_warn("redis not connected: answering 503");
        RESPOND_LIT(req, 503, "Service Unavailable", "redis unavailable");
        return;
    }
    g = h2o_mem_alloc_shared(&req->pool, sizeof(*g), guard_dispose);
    g->xadd = x;
    g->worker = w;
    x->guard = g;
    ++w->live;
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    handler_t *h = (handler_t *)self;
    ing_worker_t *w = H2O_STRUCT_FROM_MEMBER(ing_worker_t, ctx, req->conn->ctx);
    h2o_iovec_t path = req->path_normalized;

    if (h2o_memis(path.base, path.len, H2O_STRLIT("/webhook"))) {
        if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("POST"))) {
            handle_post(h, w, req);
        } else if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET"))) {
            handle_verify(h, w, req);
        } else {
            done(&metrics.method_not_allowed, req);
            h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL, H2O_STRLIT("GET, POST"));
            RESPOND_LIT(req, 405, "Method Not Allowed", "method not allowed");
        }
    } else if (h2o_memis(path.base, path.len, H2O_STRLIT("/healthz"))) {
        RESPOND_LIT(req, 200, "OK", "ok"); /* liveness of this listener; readiness is on OPS_PORT */
    } else {
        done(&metrics.not_found, req);
        RESPOND_LIT(req, 404, "Not Found", "not found");
    }
    return 0;
}

/* h2o answers 413 by itself, before any handler, for a body over max_request_entity_size; such a response is
 * attached to the host's fallback path, whose loggers run when the request is freed. */
static void on_fallback_log(h2o_logger_t *self, h2o_req_t *req)
{
    if (req->res.status == 413) {
        done(&metrics.too_large, req);
        wa_debug("webhook body too large: answered 413");
    }
}

void ing_webhook_register(h2o_hostconf_t *host, const wa_config_t *cfg)
{
    h2o_pathconf_t *pathconf = h2o_config_register_path(host, "/", 0);
    handler_t *h = (handler_t *)h2o_create_handler(pathconf, sizeof(*h));
    h2o_logger_t *logger;

    h->super.on_req = on_req;
    h->cfg = cfg;
    logger = h2o_create_logger(&host->fallback_path, sizeof(*logger));
    logger->log_access = on_fallback_log;
}
