/*
 * The model calls of the ai service, a continuous pipeline on libwa's HTTP
 * client (wa/http.h), with the retry policy and the circuit breaker: calls are
 * submitted one by one as questions arrive and finish one by one (a callback
 * per finished call), so a slow call holds up nothing else. A call that fails
 * with a transient error (HTTP 408/429/500/502/503/504, no answer at all) is
 * tried again after a backoff that honours the server's RetryInfo delay; a
 * per-day quota exhaustion (429 with a QuotaFailure quotaId containing
 * "PerDay") is not retried and opens the breaker for the longer quota pause.
 * A breaker per provider stops calling a provider that keeps failing and lets
 * one trial call through after a pause. Driven by loop.c; the wire formats are
 * gemini.c / openai.c.
 */
#ifndef ai__calls_h
#define ai__calls_h

#include <stddef.h>

#include "gemini.h"
#include "wa/http.h"
#include "wa/ops.h"

/* Parses one HTTP answer into a result (ai_gemini_response_parse or ai_openai_response_parse). */
typedef int (*ai_parse_cb)(long http_status, const char *body, size_t len, ai_gemini_result_t *res);

typedef struct st_ai_retry_policy_t {
    int max_attempts;   /* attempts in all, first included (AI_RETRY_MAX_ATTEMPTS, default 5) */
    long base_ms;       /* first backoff (AI_RETRY_BASE_MS, default 1000); doubled per attempt, +-20% jitter */
    long max_delay_ms;  /* cap of one wait, RetryInfo included (AI_RETRY_MAX_DELAY_MS, default 30000) */
    long budget_ms;     /* a call gives up when the next try would start later than this after its first
                         * (AI_RETRY_BUDGET_MS, default 60000) */
    long quota_open_ms; /* how long the breaker stays open after a per-day quota 429 (AI_BREAKER_QUOTA_OPEN_MS,
                         * default 900000) */
} ai_retry_policy_t;

/* A circuit breaker for one provider. Closed: calls go out. After `threshold` consecutive transient failures it
 * opens for `open_ms`: calls fail at once with code "circuit_open". Then half-open: one trial call goes out; its
 * success closes the breaker, its failure opens it again. Embedded; init/dispose. */
typedef struct st_ai_breaker_t {
    const char *name;     /* provider name, static */
    int threshold;        /* AI_BREAKER_FAILURES, default 5 */
    long open_ms;         /* AI_BREAKER_OPEN_MS, default 30000 */
    int failures;         /* consecutive transient failures */
    long long open_until; /* wa_mono_ms() when open, else 0 */
    int trial_in_flight;
    wa_metric_t *m_state;  /* gauge wa_ai_breaker_open{provider}: 1 open or half-open, 0 closed */
    wa_metric_t *m_opened; /* counter wa_ai_breaker_opened_total{provider} */
} ai_breaker_t;

void ai_breaker_init(ai_breaker_t *b, const char *name, int threshold, long open_ms);

/* Whether a call may go out at `now_ms`; in half-open state it also takes the one trial slot (*trial set). */
int ai_breaker_allow(ai_breaker_t *b, long long now_ms, int *trial);
/* Records the outcome of a call that went out: `transient` 1 for a failure that counts (retryable), 0 for any
 * answer that shows the provider works (including blocked prompts and 4xx). */
void ai_breaker_record(ai_breaker_t *b, long long now_ms, int trial, int transient);
/* 1 while open (or half-open). */
int ai_breaker_is_open(const ai_breaker_t *b, long long now_ms);
/* Opens the breaker at once for `open_ms` (a per-day quota is exhausted: waiting is the only cure). */
void ai_breaker_trip(ai_breaker_t *b, long long now_ms, long open_ms, const char *why);

/* One model call. The caller sets url, body, headers and timeout; the pipeline fills res, attempts and elapsed. */
typedef struct st_ai_call_t {
    const char *url;
    const char *body;
    const char *headers[6]; /* NULL-terminated */
    long timeout_ms;
    int max_attempts; /* 0: the policy's; 1 for a call that must not wait for retries (the knowledge-base rerank) */
    /* out */
    ai_gemini_result_t res; /* final result (dispose it) */
    int attempts;           /* HTTP attempts made (0: the breaker refused every try) */
    double elapsed_ms;      /* from the first try to the final result */
    /* private to calls.c */
    long long first_ms, not_before_ms;
    int state, trial;
    size_t slot;                 /* index in the pipeline's list of live calls */
    struct st_ai_calls_t *calls; /* the pipeline it is in */
    wa_http_req_t http;          /* the current try on libwa's HTTP client */
} ai_call_t;

typedef struct st_ai_calls_t ai_calls_t;

/* A multi handle keeping up to `max_connections` connections per host. The policy, breaker and parser are borrowed
 * and must outlive the pipeline. NULL on failure. */
ai_calls_t *ai_calls_create(long max_connections, const ai_retry_policy_t *policy, ai_breaker_t *breaker,
                            ai_parse_cb parse);
/* Aborts the calls still live (without calling back: the owner frees them). NULL is a no-op. */
void ai_calls_destroy(ai_calls_t *c);

/* Adds a call (url, body, headers, timeout set) to the pipeline; it starts at the next ai_calls_step. The call is
 * borrowed until it is handed back through the done callback or ai_calls_abandon. */
void ai_calls_submit(ai_calls_t *c, ai_call_t *call);
/* Calls submitted and not yet finished (running or waiting for a retry). */
size_t ai_calls_live(const ai_calls_t *c);

/* Called for each call that has its final result; the call is out of the pipeline. */
typedef void (*ai_call_done_cb)(ai_call_t *call, void *data);

/* One turn of the pipeline: starts the calls whose (re)try is due (or refuses them when the breaker is open), waits
 * up to `wait_ms` (less when a retry becomes due) for transfer activity or for `extra_fd` (>= 0) to become
 * readable, drives the transfers and hands every finished call to `done`. Returns 1 when extra_fd is readable, else
 * 0. Metrics: gauges wa_ai_inflight (transfers running) and wa_ai_inflight_peak (its highest value). */
int ai_calls_step(ai_calls_t *c, long wait_ms, int extra_fd, ai_call_done_cb done, void *data);

/* Takes `call` out of the pipeline unfinished (its transfer aborted). Used when the service stops. */
void ai_calls_abandon(ai_calls_t *c, ai_call_t *call);

/* The backoff before attempt `attempt` + 1 (attempt >= 1 tries made): retry_after_ms when > 0, else base * 2^(attempt
 * - 1) with +-20% jitter from `rnd` (0..1), both capped at max_delay_ms. Pure. */
long ai_calls_backoff_ms(const ai_retry_policy_t *policy, int attempt, long retry_after_ms, double rnd);

#endif
