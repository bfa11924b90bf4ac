/*
 * The model-call pipeline (see calls.h): the retry policy and the breaker over libwa's HTTP client (wa/http.h), which
 * does the transfers. Each call is a small state machine: waiting (for its first try or for its backoff to expire),
 * running (a request on the client), done (handed back). Each step starts the waiting calls whose time has come, and
 * drives the client (wa_http_step) no longer than until the next backoff expires (or the caller's socket, the Redis
 * stream reader, becomes readable), so a call waiting out a 429's retry delay holds nobody else up.
 */
#include "calls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h> /* CURLE_* codes of a finished request */

#include "wa/entry.h"
#include "wa/log.h"

enum { CALL_WAITING = 0, CALL_RUNNING, CALL_DONE };

struct st_ai_calls_t {
    wa_http_t *http;
    ai_call_t **live; /* submitted, not finished; call->slot is the index */
    size_t nlive, caplive;
    ai_call_done_cb done; /* of the step under way */
    void *done_data;
    const ai_retry_policy_t *policy;
    ai_breaker_t *breaker;
    ai_parse_cb parse;
    unsigned long long rnd;
    wa_metric_t *m_inflight, *m_peak, *m_retries, *m_attempts, *m_quota;
};

ai_calls_t *ai_calls_create(long max_connections, const ai_retry_policy_t *policy, ai_breaker_t *breaker,
                            ai_parse_cb parse)
{
    ai_calls_t *c = wa_calloc(1, sizeof(*c));
    if ((c->http = wa_http_create(max_connections)) == NULL) {
        free(c);
        return NULL;
    }
    c->policy = policy;
    c->breaker = breaker;
    c->parse = parse;
    c->rnd = (unsigned long long)wa_now_ms() * 2654435761ULL + 1;
    c->m_inflight = wa_metric(WA_METRIC_GAUGE, "wa_ai_inflight", NULL, "Model calls of the ai service in flight");
    c->m_peak = wa_metric(WA_METRIC_GAUGE, "wa_ai_inflight_peak", NULL,
                          "Highest number of model calls of the ai service in flight at once since start");
    wa_http_gauges(c->http, c->m_inflight, c->m_peak);
    c->m_quota = wa_metric(WA_METRIC_COUNTER, "wa_ai_quota_exhausted_total", NULL,
                           "Model calls refused because a per-day quota of the provider is exhausted");
    c->m_retries =
        wa_metric(WA_METRIC_COUNTER, "wa_ai_retries_total", NULL, "Model calls tried again after a transient failure");
    c->m_attempts = wa_metric(WA_METRIC_COUNTER, "wa_ai_http_attempts_total", NULL,
                              "HTTP requests made to the model provider, retries included");
    return c;
}

void ai_calls_destroy(ai_calls_t *c)
{
    if (c == NULL)
        return;
    while (c->nlive > 0)
        ai_calls_abandon(c, c->live[c->nlive - 1]);
    free(c->live);
    wa_http_destroy(c->http);
    free(c);
}

/* ---- breaker ---- */

void ai_breaker_init(ai_breaker_t *b, const char *name, int threshold, long open_ms)
{
    memset(b, 0, sizeof(*b));
    b->name = name;
    b->threshold = threshold > 0 ? threshold : 1;
    b->open_ms = open_ms > 0 ? open_ms : 1;
    char labels[96];
    snprintf(labels, sizeof(labels), "provider=\"%s\"", name);
    b->m_state = wa_metric(WA_METRIC_GAUGE, "wa_ai_breaker_open", labels,
                           "1 while the circuit breaker of a model provider is open or half-open");
    b->m_opened = wa_metric(WA_METRIC_COUNTER, "wa_ai_breaker_opened_total", labels,
                            "Times the circuit breaker of a model provider opened");
}

int ai_breaker_is_open(const ai_breaker_t *b, long long now_ms)
{
    (void)now_ms;
    return b->open_until != 0;
}

int ai_breaker_allow(ai_breaker_t *b, long long now_ms, int *trial)
{
    *trial = 0;
    if (b->open_until == 0)
        return 1;
    if (now_ms < b->open_until || b->trial_in_flight)
        return 0;
    b->trial_in_flight = 1; /* half-open: this one call finds out whether the provider is back */
    *trial = 1;
    return 1;
}

void ai_breaker_record(ai_breaker_t *b, long long now_ms, int trial, int transient)
{
    if (trial)
        b->trial_in_flight = 0;
    if (!transient) {
        if (b->open_until != 0) {
            wa_info("circuit breaker closed: the provider answers again", "provider", b->name);
        }
        b->failures = 0;
        b->open_until = 0;
        wa_metric_set(b->m_state, 0);
        return;
    }
    b->failures++;
    if (trial || (b->open_until == 0 && b->failures >= b->threshold)) {
        int was_open = b->open_until != 0;
        b->open_until = now_ms + b->open_ms;
        wa_metric_set(b->m_state, 1);
        if (!was_open) {
            char n[24], ms[24];
            snprintf(n, sizeof(n), "%d", b->failures);
            snprintf(ms, sizeof(ms), "%ld", b->open_ms);
            wa_metric_add(b->m_opened, 1);
            wa_warn("circuit breaker opened: answering with the fallback text meanwhile", "provider", b->name,
                    "consecutive_failures", n, "open_ms", ms);
        }
    }
    /* else: a call that went out before the breaker opened failed too; it stays open, the pause not extended */
}

void ai_breaker_trip(ai_breaker_t *b, long long now_ms, long open_ms, const char *why)
{
    int was_open = b->open_until != 0;
    long long until = now_ms + (open_ms > 0 ? open_ms : b->open_ms);
    if (until > b->open_until)
        b->open_until = until;
    wa_metric_set(b->m_state, 1);
    if (!was_open)
        wa_metric_add(b->m_opened, 1);
    char ms[24];
    snprintf(ms, sizeof(ms), "%ld", open_ms);
    wa_warn("circuit breaker opened: answering with the fallback text meanwhile", "provider", b->name, "why", why,
            "open_ms", ms);
}

/* ---- calls ---- */

long ai_calls_backoff_ms(const ai_retry_policy_t *policy, int attempt, long retry_after_ms, double rnd)
{
    long cap = policy->max_delay_ms > 0 ? policy->max_delay_ms : 30000;
    if (retry_after_ms > 0)
        return retry_after_ms < cap ? retry_after_ms : cap;
    double d = (double)(policy->base_ms > 0 ? policy->base_ms : 1);
    for (int i = 1; i < attempt && d < (double)cap; i++)
        d *= 2;
    d *= 0.8 + 0.4 * rnd;
    if (d > (double)cap)
        d = (double)cap;
    return (long)d;
}

static double next_rnd(ai_calls_t *c)
{
    c->rnd ^= c->rnd << 13;
    c->rnd ^= c->rnd >> 7;
    c->rnd ^= c->rnd << 17;
    return (double)(c->rnd % 1000000ULL) / 1000000.0;
}

static void on_http_done(wa_http_req_t *req, void *data);

/* Starts the next try of `call` on the HTTP client. */
static void start(ai_calls_t *c, ai_call_t *call)
{
    wa_http_req_init(&call->http, call->body != NULL ? "POST" : "GET", call->url,
                     call->timeout_ms > 0 ? call->timeout_ms : 20000L);
    if (call->body != NULL) {
        call->http.body = call->body;
        call->http.body_len = strlen(call->body);
    }
    for (size_t k = 0; k < sizeof(call->headers) / sizeof(call->headers[0]) && call->headers[k] != NULL &&
                       k + 1 < WA_HTTP_MAX_HEADERS;
         k++)
        call->http.headers[k] = call->headers[k];
    call->attempts++;
    call->state = CALL_RUNNING;
    call->calls = c;
    if (wa_http_start(c->http, &call->http, on_http_done, call) != 0)
        wa_fatal("cannot start an HTTP transfer");
    wa_metric_add(c->m_attempts, 1);
}

static void unlink_call(ai_calls_t *c, ai_call_t *call);

/* A try ended: parse, tell the breaker, then retry later or finish (handed to the step's callback). */
static void on_http_done(wa_http_req_t *req, void *data)
{
    ai_call_t *call = data;
    ai_calls_t *c = call->calls;
    const ai_retry_policy_t *policy = c->policy;
    ai_breaker_t *breaker = c->breaker;
    long status = req->status;
    CURLcode code = (CURLcode)req->curl_code;
    ai_gemini_result_dispose(&call->res);
    if (req->too_large) { /* a model's answer is a few KiB: one this large is broken, and trying again costs quota */
        memset(&call->res, 0, sizeof(call->res));
        call->res.kind = AI_GEMINI_BAD_BODY;
        call->res.http_status = status;
        snprintf(call->res.code, sizeof(call->res.code), "too_large");
        snprintf(call->res.detail, sizeof(call->res.detail), "%s", WA_HTTP_TOO_LARGE);
    } else if (code != CURLE_OK || status == 0) {
        memset(&call->res, 0, sizeof(call->res));
        call->res.kind = AI_GEMINI_NETWORK;
        call->res.retryable = 1;
        snprintf(call->res.code, sizeof(call->res.code), "%s",
                 code == CURLE_OPERATION_TIMEDOUT ? "timeout" : "network");
        snprintf(call->res.detail, sizeof(call->res.detail), "no HTTP answer: %.200s",
                 code != CURLE_OK ? req->error : "no status");
    } else {
        (void)c->parse(status, req->resp, req->resp_len, &call->res);
    }
    wa_http_req_dispose(req);
    long long now = wa_mono_ms();
    int transient = call->res.kind != AI_GEMINI_OK && call->res.retryable;
    if (call->res.quota_daily) {
        /* no retry helps before the quota resets: stop calling for the longer quota pause */
        if (call->trial)
            breaker->trial_in_flight = 0;
        wa_metric_add(c->m_quota, 1);
        ai_breaker_trip(breaker, now, policy->quota_open_ms, "per-day quota exhausted");
    } else {
        ai_breaker_record(breaker, now, call->trial, transient);
    }
    call->trial = 0;
    if (transient && call->attempts < (call->max_attempts > 0 ? call->max_attempts : policy->max_attempts)) {
        long delay = ai_calls_backoff_ms(policy, call->attempts, call->res.retry_after_ms, next_rnd(c));
        if (now + delay - call->first_ms <= policy->budget_ms) {
            call->not_before_ms = now + delay;
            call->state = CALL_WAITING;
            wa_metric_add(c->m_retries, 1);
            return;
        }
    }
    call->state = CALL_DONE;
    call->elapsed_ms = (double)(now - call->first_ms);
    unlink_call(c, call);
    c->done(call, c->done_data);
}

/* The breaker refused a call: its final result is a circuit_open failure (the previous try's result, if any, is
 * replaced: the operator sees why no further try was made). */
static void refuse(ai_call_t *call, const ai_breaker_t *breaker, long long now)
{
    ai_gemini_result_dispose(&call->res);
    memset(&call->res, 0, sizeof(call->res));
    call->res.kind = AI_GEMINI_NETWORK;
    snprintf(call->res.code, sizeof(call->res.code), "circuit_open");
    snprintf(call->res.detail, sizeof(call->res.detail),
             "circuit breaker open for provider %s after repeated failures; no call made", breaker->name);
    call->state = CALL_DONE;
    call->elapsed_ms = (double)(now - call->first_ms);
}

void ai_calls_submit(ai_calls_t *c, ai_call_t *call)
{
    memset(&call->res, 0, sizeof(call->res));
    call->attempts = 0;
    call->first_ms = 0;
    call->not_before_ms = 0;
    call->state = CALL_WAITING;
    call->trial = 0;
    memset(&call->http, 0, sizeof(call->http));
    if (c->nlive == c->caplive) {
        size_t cap = c->caplive ? c->caplive * 2 : 64;
        ai_call_t **p = realloc(c->live, cap * sizeof(*p));
        if (p == NULL)
            wa_fatal("out of memory");
        c->live = p;
        c->caplive = cap;
    }
    call->slot = c->nlive;
    c->live[c->nlive++] = call;
}

size_t ai_calls_live(const ai_calls_t *c)
{
    return c->nlive;
}

/* Takes `call` out of the list of live calls (swap with the last). */
static void unlink_call(ai_calls_t *c, ai_call_t *call)
{
    size_t i = call->slot;
    if (i >= c->nlive || c->live[i] != call)
        return;
    c->live[i] = c->live[--c->nlive];
    c->live[i]->slot = i;
}

void ai_calls_abandon(ai_calls_t *c, ai_call_t *call)
{
    if (call->state == CALL_RUNNING)
        wa_http_cancel(c->http, &call->http);
    wa_http_req_dispose(&call->http);
    call->state = CALL_DONE;
    unlink_call(c, call);
}

int ai_calls_step(ai_calls_t *c, long wait_ms, int extra_fd, ai_call_done_cb done, void *data)
{
    long long now = wa_mono_ms();
    c->done = done, c->done_data = data;
    /* start what is due; a call refused by the breaker is finished at once */
    for (size_t i = 0; i < c->nlive;) {
        ai_call_t *call = c->live[i];
        if (call->state == CALL_WAITING && call->not_before_ms <= now) {
            if (call->first_ms == 0)
                call->first_ms = now;
            if (!ai_breaker_allow(c->breaker, now, &call->trial)) {
                refuse(call, c->breaker, now);
                unlink_call(c, call);
                done(call, data);
                continue; /* slot i now holds another call */
            }
            start(c, call);
        }
        if (call->state == CALL_WAITING && call->not_before_ms - now < wait_ms)
            wait_ms = (long)(call->not_before_ms - now);
        i++;
    }
    if (wait_ms < 0)
        wait_ms = 0;
    /* the finished tries are handled in on_http_done: a retry waits, a final result goes to `done` */
    return wa_http_step(c->http, wait_ms, extra_fd);
}
