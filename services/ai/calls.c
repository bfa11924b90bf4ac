/*
 * The model-call pipeline on one curl multi handle (see calls.h). Each call is a small state machine: waiting (for
 * its first try or for its backoff to expire), running (a transfer in the multi handle), done (handed back). Each
 * step starts the waiting calls whose time has come, drives the transfers, and sleeps in curl_multi_poll no longer
 * than until the next backoff expires (or the caller's socket, the Redis stream reader, becomes readable), so a call
 * waiting out a 429's retry delay holds nobody else up. Easy handles are pooled (keep-alive, TLS sessions).
 */
#include "calls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "wa/entry.h"
#include "wa/http.h" /* wa_http_body_append */
#include "wa/log.h"

enum { CALL_WAITING = 0, CALL_RUNNING, CALL_DONE };

struct st_ai_calls_t {
    CURLM *multi;
    CURL **pool;
    size_t npool, cappool;
    ai_call_t **live; /* submitted, not finished; call->slot is the index */
    size_t nlive, caplive;
    long running, peak;
    const ai_retry_policy_t *policy;
    ai_breaker_t *breaker;
    ai_parse_cb parse;
    unsigned long long rnd;
    wa_metric_t *m_inflight, *m_peak, *m_retries, *m_attempts, *m_quota;
};

ai_calls_t *ai_calls_create(long max_connections, const ai_retry_policy_t *policy, ai_breaker_t *breaker,
                            ai_parse_cb parse)
{
    static int global_done;
    if (!global_done) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return NULL;
        global_done = 1;
    }
    ai_calls_t *c = wa_calloc(1, sizeof(*c));
    if ((c->multi = curl_multi_init()) == NULL) {
        free(c);
        return NULL;
    }
    if (max_connections > 0)
        curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_connections);
    curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, max_connections > 0 ? max_connections : 64L);
    c->policy = policy;
    c->breaker = breaker;
    c->parse = parse;
    c->rnd = (unsigned long long)wa_now_ms() * 2654435761ULL + 1;
    c->m_inflight = wa_metric(WA_METRIC_GAUGE, "wa_ai_inflight", NULL, "Model calls of the ai service in flight");
    c->m_peak = wa_metric(WA_METRIC_GAUGE, "wa_ai_inflight_peak", NULL,
                          "Highest number of model calls of the ai service in flight at once since start");
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
    for (size_t i = 0; i < c->npool; i++)
        curl_easy_cleanup(c->pool[i]);
    free(c->pool);
    curl_multi_cleanup(c->multi);
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

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    ai_call_t *call = userdata;
    size_t n = size * nmemb;
    if (wa_http_body_append(&call->resp, &call->resp_len, &call->resp_cap, ptr, n) != 0) {
        call->too_large = 1;
        return 0; /* libcurl ends the transfer with CURLE_WRITE_ERROR */
    }
    return n;
}

static CURL *take_easy(ai_calls_t *c)
{
    if (c->npool > 0) {
        CURL *e = c->pool[--c->npool];
        curl_easy_reset(e);
        return e;
    }
    CURL *e = curl_easy_init();
    if (e == NULL)
        wa_fatal("out of memory");
    return e;
}

static void give_easy(ai_calls_t *c, CURL *e)
{
    if (c->npool == c->cappool) {
        size_t cap = c->cappool ? c->cappool * 2 : 16;
        CURL **p = realloc(c->pool, cap * sizeof(*p));
        if (p == NULL) {
            curl_easy_cleanup(e);
            return;
        }
        c->pool = p;
        c->cappool = cap;
    }
    c->pool[c->npool++] = e;
}

static void start(ai_calls_t *c, ai_call_t *call)
{
    free(call->resp);
    call->resp = NULL;
    call->resp_len = 0;
    call->resp_cap = 0;
    call->too_large = 0;
    CURL *e = take_easy(c);
    curl_easy_setopt(e, CURLOPT_URL, call->url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, call);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, call->timeout_ms > 0 ? call->timeout_ms : 20000L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, call);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "clinic-wa/1");
    if (call->body != NULL) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, call->body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(call->body));
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
    for (size_t k = 0; k < sizeof(call->headers) / sizeof(call->headers[0]) && call->headers[k] != NULL; k++)
        hl = curl_slist_append(hl, call->headers[k]);
    if (hl == NULL)
        wa_fatal("out of memory");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl);
    call->easy = e;
    call->hlist = hl;
    call->attempts++;
    call->state = CALL_RUNNING;
    if (curl_multi_add_handle(c->multi, e) != CURLM_OK)
        wa_fatal("curl_multi_add_handle failed");
    wa_metric_add(c->m_attempts, 1);
    if (++c->running > c->peak) {
        c->peak = c->running;
        wa_metric_set(c->m_peak, c->peak);
    }
}

static void finish_transfer(ai_calls_t *c, ai_call_t *call)
{
    curl_multi_remove_handle(c->multi, call->easy);
    c->running--;
    curl_slist_free_all(call->hlist);
    give_easy(c, call->easy);
    call->easy = NULL;
    call->hlist = NULL;
}

/* A transfer ended: parse, tell the breaker, then retry later or finish. */
static void on_done(ai_calls_t *c, ai_call_t *call, CURLcode code)
{
    const ai_retry_policy_t *policy = c->policy;
    ai_breaker_t *breaker = c->breaker;
    long status = 0;
    curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE, &status);
    finish_transfer(c, call);
    ai_gemini_result_dispose(&call->res);
    if (call->too_large) { /* a model's answer is a few KiB: one this large is broken, and trying again costs quota */
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
                 code != CURLE_OK ? curl_easy_strerror(code) : "no status");
    } else {
        (void)c->parse(status, call->resp, call->resp_len, &call->res);
    }
    free(call->resp);
    call->resp = NULL;
    call->resp_len = 0;
    call->resp_cap = 0;
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
    if (transient && call->attempts < policy->max_attempts) {
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
    call->easy = call->hlist = NULL;
    call->resp = NULL;
    call->resp_len = 0;
    call->resp_cap = 0;
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
    if (call->state == CALL_RUNNING && call->easy != NULL)
        finish_transfer(c, call);
    free(call->resp);
    call->resp = NULL;
    call->resp_len = 0;
    call->resp_cap = 0;
    call->state = CALL_DONE;
    unlink_call(c, call);
    wa_metric_set(c->m_inflight, c->running);
}

int ai_calls_step(ai_calls_t *c, long wait_ms, int extra_fd, ai_call_done_cb done, void *data)
{
    long long now = wa_mono_ms();
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
    wa_metric_set(c->m_inflight, c->running);
    if (wait_ms < 0)
        wait_ms = 0;
    struct curl_waitfd wfd = {.fd = extra_fd, .events = CURL_WAIT_POLLIN, .revents = 0};
    int readable = 0;
    if (c->running > 0 || extra_fd >= 0 || wait_ms > 0) {
        if (curl_multi_poll(c->multi, extra_fd >= 0 ? &wfd : NULL, extra_fd >= 0 ? 1 : 0, (int)wait_ms, NULL) !=
            CURLM_OK)
            wa_fatal("curl_multi_poll failed");
        readable = extra_fd >= 0 && (wfd.revents & CURL_WAIT_POLLIN) != 0;
    }
    int still = 0;
    if (curl_multi_perform(c->multi, &still) != CURLM_OK)
        wa_fatal("curl_multi_perform failed");
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        ai_call_t *call = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&call);
        on_done(c, call, msg->data.result);
        if (call->state == CALL_DONE) {
            unlink_call(c, call);
            done(call, data);
        }
    }
    wa_metric_set(c->m_inflight, c->running);
    return readable;
}
