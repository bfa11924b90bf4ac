/*
 * The ai service's work on wa:ai entries: decode, skip what was already
 * answered (Redis key prefix+"ai:done:<wamid>"), load the clinic (clinic.c),
 * then per question either the emergency answer (libwa's wa/emergency.h: detected before
 * any model call; the message flagged for the doctor in messages.flag, the
 * conversation flagged for the clinic as a handoff with reason 'emergency'
 * (without pausing automatic answers), an alert in the prefix+"alerts"
 * stream and the counter wa_ai_emergencies_total) or a model call built from
 * the clinic, the
 * conversation's history (history.c), the knowledge-base context and the
 * patient's language (libwa's wa/lang.h), for the configured provider (provider.c:
 * Gemini or an OpenAI-compatible server). Calls go into a continuous pipeline
 * (calls.c: retries, circuit breaker) and are answered one by one as they end.
 * Each question gets one answer in wa:out with out_id "reply:<wamid>": the
 * model's text made WhatsApp-ready (answer.c) or, when there is no usable
 * answer, the clinic's fallback text; a failed call is also written to wa:dlq
 * (reason "ai_failed") with the provider's error, yet the entry is
 * acknowledged: the patient got an answer. Token usage is added up per doctor
 * and day (table ai_usage) and exported as metrics; each model call's
 * latency goes to the histogram wa_ai_call_seconds{provider,result}. loop.c
 * drives this from the stream.
 */
#ifndef ai__ai_h
#define ai__ai_h

#include <hiredis/hiredis.h>

#include "provider.h"
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/pg.h"
#include "wa/stage.h"

/* How long the "answer emitted" marker lives: longer than Meta redelivers a webhook (7 days). */
#define AI_DONE_TTL_S (8 * 24 * 3600)
#define AI_GROUP "ai" /* the consumer group of wa:ai (main.c), named in the answer's own XACK */

typedef struct st_ai_service_t ai_service_t;
typedef struct st_ai_job_t ai_job_t;

/* Creates the service state with a call pipeline of up to `max_inflight` connections. cfg, pg and provider are
 * borrowed and must outlive it. Returns NULL when the HTTP client could not be created or an AI_* variable is
 * invalid (logged). */
ai_service_t *ai_service_create(const wa_config_t *cfg, wa_pg_t *pg, const ai_provider_t *provider, long max_inflight);
/* Abandons the calls still in flight. NULL is a no-op. */
void ai_service_destroy(ai_service_t *s);

/* Starts the work on entry `e` (copied: e may be freed on return), using the stage's connection `c` for Redis (a
 * connection that breaks under it is recorded there, wa_conn_fail). Returns the job when its model call went into
 * the pipeline (settled later through ai_service_step), or NULL when the entry is settled now, with res->outcome:
 * ACK (answered without a call, already answered, or another entry for the same wamid is in flight), RETRY (Redis
 * or PostgreSQL unreachable), DLQ (res->reason "bad_entry" or "unknown_doctor"; the caller writes wa:dlq). */
ai_job_t *ai_service_start(ai_service_t *s, wa_conn_t *c, const wa_entry_t *e, wa_result_t *res);

/* Called once per settled job: its entry (valid during the call) and outcome (ACK, or RETRY when the answer could
 * not be emitted). */
typedef void (*ai_settled_cb)(const wa_entry_t *e, const wa_result_t *res, void *data);

/* Before the entries of one read are started: loads, in one statement, the histories of those that will call the
 * model (ai_service_start then takes each from here instead of running its own query; the same rows). The entries
 * must outlive ai_service_prefetch_clear, which drops what was not taken. A database failure leaves each question to
 * load its own. */
void ai_service_prefetch(ai_service_t *s, const wa_entry_t *entries, size_t n);
void ai_service_prefetch_clear(ai_service_t *s);

/* One turn of the call pipeline (ai_calls_step: waits up to wait_ms, or until extra_fd >= 0 is readable): every
 * call that ended is answered through `c` (broken: RETRY; a connection that breaks meanwhile is recorded on c) and
 * settled through `cb`. Returns 1 when extra_fd is readable. */
int ai_service_step(ai_service_t *s, wa_conn_t *c, long wait_ms, int extra_fd, ai_settled_cb cb, void *data);

/* Jobs whose call is in flight (running or waiting for a retry). */
size_t ai_service_live(const ai_service_t *s);
/* Whether entry `entry_id` is in flight here. */
int ai_service_has_entry(const ai_service_t *s, const char *entry_id);
/* Up to `max` entry ids of jobs in flight whose pending idle time was last reset at or before `touched_before`
 * (wa_mono_ms), marking them reset at `now`; the pointers stay valid while the jobs live. */
size_t ai_service_stale_ids(ai_service_t *s, long long touched_before, long long now, const char **ids, size_t max);
/* Drops every job in flight unanswered (their entries stay pending). */
void ai_service_abandon_all(ai_service_t *s);
/* Once per loop turn: wa_pg_ping at most every second (readiness follows PostgreSQL going away and coming back
 * while no model answer is due) and wa_pg_replan on the service's connection (its history reads keep no plan made
 * on the small messages table of a fresh start). */
void ai_service_turn(ai_service_t *s);

#endif
