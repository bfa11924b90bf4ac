/*
 * The batch's model calls on one curl multi handle (see calls.h). Each call is a small state machine: waiting (for
 * its first try or for its backoff to expire), running (a transfer in the multi handle), done. The loop starts the
 * waiting calls whose time has come, drives the transfers, and sleeps in curl_multi_poll no longer than until the
 * next backoff expires, so a call waiting out a 429's retry delay holds nobody else up. Easy handles are pooled
 * across batches (keep-alive, TLS sessions).
 */
#include "calls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "wa/entry.h"
#include "wa/log.h"

enum { CALL_WAITING = 0, CALL_RUNNING, CALL_DONE };

#define POLL_MAX_MS 1000

struct st_ai_calls_t {
    CURLM *multi;
    CURL **pool;
    size_t npool, cappool;
    unsigned long long rnd;
    wa_metric_t *m_inflight, *m_retries, *m_attempts;
};

ai_calls_t *ai_calls_create(long max_connections)
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
    c->rnd = (unsigned long long)wa_now_ms() * 2654435761ULL + 1;
    c->m_inflight = wa_metric(WA_METRIC_GAUGE, "wa_ai_inflight", NULL, "Model calls of the ai service in flight");
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
    char *p = realloc(call->resp, call->resp_len + n + 1);
    if (p == NULL)
        wa_fatal("out of memory");
    memcpy(p + call->resp_len, ptr, n);
    call->resp_len += n;
    p[call->resp_len] = '\0';
    call->resp = p;
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
}

static void finish_transfer(ai_calls_t *c, ai_call_t *call)
{
    curl_multi_remove_handle(c->multi, call->easy);
    curl_slist_free_all(call->hlist);
    give_easy(c, call->easy);
    call->easy = NULL;
    call->hlist = NULL;
}

/* A transfer ended: parse, tell the breaker, then retry later or finish. */
static void on_done(ai_calls_t *c, ai_call_t *call, CURLcode code, const ai_retry_policy_t *policy,
                    ai_breaker_t *breaker, ai_parse_cb parse)
{
    long status = 0;
    curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE, &status);
    finish_transfer(c, call);
    ai_gemini_result_dispose(&call->res);
    if (code != CURLE_OK || status == 0) {
        memset(&call->res, 0, sizeof(call->res));
        call->res.kind = AI_GEMINI_NETWORK;
        call->res.retryable = 1;
        snprintf(call->res.code, sizeof(call->res.code), "%s",
                 code == CURLE_OPERATION_TIMEDOUT ? "timeout" : "network");
        snprintf(call->res.detail, sizeof(call->res.detail), "no HTTP answer: %.200s",
                 code != CURLE_OK ? curl_easy_strerror(code) : "no status");
    } else {
        (void)parse(status, call->resp, call->resp_len, &call->res);
    }
    free(call->resp);
    call->resp = NULL;
    call->resp_len = 0;
    long long now = wa_mono_ms();
    int transient = call->res.kind != AI_GEMINI_OK && call->res.retryable;
    ai_breaker_record(breaker, now, call->trial, transient);
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

void ai_calls_run(ai_calls_t *c, ai_call_t **calls, size_t n, const ai_retry_policy_t *policy, ai_breaker_t *breaker,
                  ai_parse_cb parse)
{
    for (size_t i = 0; i < n; i++) {
        memset(&calls[i]->res, 0, sizeof(calls[i]->res));
        calls[i]->attempts = 0;
        calls[i]->first_ms = 0;
        calls[i]->not_before_ms = 0;
        calls[i]->state = CALL_WAITING;
        calls[i]->trial = 0;
        calls[i]->resp = NULL;
        calls[i]->resp_len = 0;
    }
    size_t done = 0;
    while (done < n) {
        long long now = wa_mono_ms();
        long wait_ms = POLL_MAX_MS;
        int running = 0;
        done = 0;
        for (size_t i = 0; i < n; i++) {
            ai_call_t *call = calls[i];
            if (call->state == CALL_WAITING && call->not_before_ms <= now) {
                if (call->first_ms == 0)
                    call->first_ms = now;
                if (!ai_breaker_allow(breaker, now, &call->trial))
                    refuse(call, breaker, now);
                else
                    start(c, call);
            }
            if (call->state == CALL_DONE)
                done++;
            else if (call->state == CALL_RUNNING)
                running++;
            else if (call->not_before_ms - now < wait_ms)
                wait_ms = (long)(call->not_before_ms - now);
        }
        wa_metric_set(c->m_inflight, running);
        if (done == n)
            break;
        int still = 0;
        if (curl_multi_perform(c->multi, &still) != CURLM_OK)
            wa_fatal("curl_multi_perform failed");
        CURLMsg *msg;
        int left;
        int finished = 0;
        while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            ai_call_t *call = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&call);
            on_done(c, call, msg->data.result, policy, breaker, parse);
            finished++;
        }
        if (finished > 0)
            continue; /* a retry may be due at once, and done calls change the count */
        if (wait_ms < 0)
            wait_ms = 0;
        if (curl_multi_poll(c->multi, NULL, 0, (int)wait_ms, NULL) != CURLM_OK)
            wa_fatal("curl_multi_poll failed");
    }
    wa_metric_set(c->m_inflight, 0);
}
