/*
 * One batch of the ai stage (see ai.h). The batch runs in three passes so that the slow part, the model calls, runs
 * concurrently: (1) per entry, synchronously: decode, idempotency check, clinic lookup, request body; (2) every call
 * of the batch at once through wa_http_run; (3) per entry: the answer (model text or fallback), XADD wa:out, the
 * "done" marker, and the wa:dlq record of a failed call. Side effects are made durable before the callback returns,
 * so the consumer loop acknowledges only answered entries.
 *
 * Idempotency: the "done" marker is set only after the XADD to wa:out succeeded. A crash between the two emits the
 * same out_id "reply:<wamid>" twice; the sender sends an out_id at most once, so the patient still gets one answer.
 */
#include "ai.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "clinic.h"
#include "gemini.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"

#define STAGE "ai"
#define KEY_BUF 512

struct st_ai_service_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    wa_http_t *http;
    ai_clinics_t *clinics;
    char *url;        /* generateContent URL; NULL without an API key */
    char *key_header; /* "x-goog-api-key: ..."; never logged */
    wa_metric_t *m_ok, *m_fallback, *m_error;
};

/* Per-entry state of one batch. */
typedef struct st_job_t {
    int active; /* still to be answered in pass 3 */
    wa_ai_req_t req;
    char *fallback; /* the clinic's fallback text, owned */
    char *body;     /* request body, owned; NULL when no call is made */
    wa_http_req_t http;
} job_t;

ai_service_t *ai_service_create(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http)
{
    ai_service_t *s = wa_calloc(1, sizeof(*s));
    s->cfg = cfg;
    s->pg = pg;
    s->http = http;
    s->clinics = ai_clinics_create(AI_CLINIC_TTL_MS);
    if (cfg->gemini_api_key != NULL && cfg->gemini_api_key[0] != '\0') {
        s->url = ai_gemini_url(cfg->gemini_url, cfg->gemini_model);
        size_t n = strlen(cfg->gemini_api_key) + sizeof("x-goog-api-key: ");
        s->key_header = wa_malloc(n);
        snprintf(s->key_header, n, "x-goog-api-key: %s", cfg->gemini_api_key);
    }
    static const char help[] = "Model calls of the ai service: ok (model answered), error (call failed, fallback "
                               "sent), fallback (no API key, fallback sent without a call)";
    s->m_ok = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"ok\"", help);
    s->m_fallback = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"fallback\"", help);
    s->m_error = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"error\"", help);
    return s;
}

void ai_service_destroy(ai_service_t *s)
{
    if (s == NULL)
        return;
    ai_clinics_destroy(s->clinics);
    free(s->url);
    if (s->key_header != NULL) {
        memset(s->key_header, 0, strlen(s->key_header));
        free(s->key_header);
    }
    free(s);
}

/* Marks results[from..n) of the still active jobs RETRY (Redis went away mid-batch). */
static void retry_rest(job_t *jobs, wa_result_t *results, size_t from, size_t n)
{
    for (size_t i = from; i < n; i++) {
        if (jobs[i].active) {
            results[i].outcome = WA_ENTRY_RETRY;
            jobs[i].active = 0;
        }
    }
}

/* Whether the answer to `wamid` is already in wa:out. Returns 1 yes, 0 no, -1 connection failed. */
static int already_done(redisContext *r, const wa_config_t *cfg, const char *wamid)
{
    char key[KEY_BUF];
    wa_config_key(cfg, key, sizeof(key), "ai:done:", wamid);
    const char *argv[2] = {"EXISTS", key};
    size_t lens[2] = {6, strlen(key)};
    redisReply *rep = wa_redis_cmd(r, 2, argv, lens);
    if (rep == NULL)
        return -1;
    int done = rep->type == REDIS_REPLY_INTEGER && rep->integer > 0;
    if (rep->type == REDIS_REPLY_ERROR)
        wa_warn("EXISTS failed", "error", rep->str);
    freeReplyObject(rep);
    return done;
}

/* Pass 1 for one entry: decode, idempotency (earlier in this batch: jobs job0..job-1, or in Redis), clinic, request.
 * Leaves the job active when it is to be answered. */
static void prepare(ai_service_t *s, redisContext *r, const wa_entry_t *e, wa_result_t *res, const job_t *job0,
                    job_t *job, int *redis_ok)
{
    const char *missing = NULL;
    if (wa_ai_req_decode(e, &job->req, &missing) != 0) {
        wa_result_dlq(res, "bad_entry", NULL, "missing field %s", missing);
        return;
    }
    for (const job_t *j = job0; j < job; j++) {
        if (j->active && strcmp(j->req.wamid, job->req.wamid) == 0) {
            wa_info("same question twice in one batch", "wamid", job->req.wamid, "entry_id", e->id);
            return; /* ACK: the earlier entry answers it */
        }
    }
    switch (already_done(r, s->cfg, job->req.wamid)) {
    case 1:
        wa_info("already answered", "wamid", job->req.wamid, "entry_id", e->id);
        return; /* ACK */
    case -1:
        *redis_ok = 0;
        res->outcome = WA_ENTRY_RETRY;
        return;
    default:
        break;
    }

    const ai_doctor_t *doc = NULL; /* borrowed until the next ai_clinics_get: copy what outlives this function */
    switch (ai_clinics_get(s->clinics, s->pg, job->req.doctor_id, &doc)) {
    case 1:
        wa_result_dlq(res, "unknown_doctor", NULL, "no doctor with id %.64s", job->req.doctor_id);
        return;
    case -1:
        res->outcome = WA_ENTRY_RETRY; /* the database is away: the entry comes back after the idle threshold */
        return;
    default:
        break;
    }
    job->fallback = ai_answer_fallback(doc->fallback_text, s->cfg->ai_fallback_text, doc->clinic_name, doc->name);
    if (s->url != NULL) {
        ai_clinic_t clinic = {.doctor_name = doc->name,
                              .clinic_name = doc->clinic_name,
                              .specialization = doc->specialization,
                              .address = doc->clinic_address,
                              .instructions = doc->instructions};
        job->body = ai_gemini_request_build(&clinic, job->req.kb_context, job->req.lang, job->req.text);
        wa_http_req_init(&job->http, "POST", s->url, s->cfg->ai_timeout_ms);
        job->http.body = job->body;
        job->http.body_len = strlen(job->body);
        job->http.headers[0] = "Content-Type: application/json";
        job->http.headers[1] = s->key_header;
        job->http.headers[2] = NULL;
    }
    job->active = 1;
}

/* Seam for the next issue (retries with backoff, circuit breaker): whether a failed call should leave the entry
 * pending for another try instead of answering with the fallback now. Today every failure is answered at once. */
static int retry_instead_of_fallback(const ai_gemini_result_t *g, const wa_entry_t *e)
{
    (void)g;
    (void)e;
    return 0;
}

/* XADDs the answer to wa:out. Returns 0, or -1 with *conn_failed set when the connection broke. The id of the new
 * entry goes to `id_out`. */
static int emit(ai_service_t *s, redisContext *r, const job_t *job, const char *text, const char *source, char *id_out,
                size_t id_sz, int *conn_failed)
{
    char out_id[KEY_BUF], created[24];
    snprintf(out_id, sizeof(out_id), "reply:%s", job->req.wamid);
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    char *message = wa_text_message_json(text);
    wa_out_msg_t m = {.out_id = out_id,
                      .doctor_id = job->req.doctor_id,
                      .to = job->req.to,
                      .kind = "text",
                      .message = message,
                      .reply_to = job->req.wamid,
                      .source = source,
                      .created_at = created,
                      .attempt = "0"};
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, s->cfg->key_out, &m);
    int rc = -1;
    if (cmd.overflow) {
        wa_error("XADD command too long", "wamid", job->req.wamid);
    } else {
        redisReply *rep = wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
        if (rep == NULL) {
            *conn_failed = 1;
            wa_warn("Redis connection lost before the answer was emitted; the entry will be redelivered", "wamid",
                    job->req.wamid);
        } else {
            if (rep->type == REDIS_REPLY_STRING) {
                snprintf(id_out, id_sz, "%s", rep->str);
                rc = 0;
            } else {
                wa_warn("XADD to wa:out failed", "wamid", job->req.wamid, "error",
                        rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
            }
            freeReplyObject(rep);
        }
    }
    free(message);
    return rc;
}

/* Records that the answer to `wamid` is in wa:out (entry `out_entry_id`). A failure only costs a second answer
 * entry with the same out_id on redelivery, which the sender deduplicates: logged, not fatal. */
static void mark_done(ai_service_t *s, redisContext *r, const char *wamid, const char *out_entry_id, int *conn_failed)
{
    char key[KEY_BUF];
    wa_config_key(s->cfg, key, sizeof(key), "ai:done:", wamid);
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_cmd_args(&cmd, "SET");
    wa_cmd_args(&cmd, key);
    wa_cmd_args(&cmd, out_entry_id);
    wa_cmd_args(&cmd, "EX");
    wa_cmd_argl(&cmd, AI_DONE_TTL_S);
    redisReply *rep = wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
    if (rep == NULL) {
        *conn_failed = 1;
        wa_warn("could not mark answer done", "wamid", wamid);
        return;
    }
    if (rep->type == REDIS_REPLY_ERROR)
        wa_warn("could not mark answer done", "wamid", wamid, "error", rep->str);
    freeReplyObject(rep);
}

/* Pass 3 for one entry: pick the text, emit it, mark it done, record a failed call. Returns -1 when the Redis
 * connection broke (the caller retries the rest of the batch). */
static int answer(ai_service_t *s, redisContext *r, const wa_entry_t *e, wa_result_t *res, job_t *job)
{
    ai_gemini_result_t g;
    memset(&g, 0, sizeof(g));
    int called = job->body != NULL, failed = 0;
    char *text = NULL;
    const char *source = "fallback";

    if (called) {
        if (job->http.curl_code != 0 || job->http.status == 0) {
            g.kind = AI_GEMINI_NETWORK;
            snprintf(g.code, sizeof(g.code), "network");
            snprintf(g.detail, sizeof(g.detail), "no HTTP answer: %.200s",
                     job->http.error[0] != '\0' ? job->http.error : "request not run");
        } else {
            (void)ai_gemini_response_parse(job->http.status, job->http.resp, job->http.resp_len, &g);
        }
        if (g.kind == AI_GEMINI_OK) {
            text = ai_answer_fit(ai_answer_tidy(g.text), AI_ANSWER_MAX_UNITS);
            source = "ai";
        } else {
            failed = 1;
            if (retry_instead_of_fallback(&g, e)) {
                res->outcome = WA_ENTRY_RETRY;
                ai_gemini_result_dispose(&g);
                return 0;
            }
            char ms[24];
            snprintf(ms, sizeof(ms), "%.0f", job->http.elapsed_ms);
            wa_warn("gemini call failed", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "entry_id", e->id,
                    "kind", ai_gemini_kind_name(g.kind), "code", g.code, "detail", g.detail, "elapsed_ms", ms);
        }
    }
    if (text == NULL)
        text = ai_answer_fit(job->fallback, AI_ANSWER_MAX_UNITS);

    char out_entry_id[64] = "";
    int conn_failed = 0;
    if (emit(s, r, job, text, source, out_entry_id, sizeof(out_entry_id), &conn_failed) != 0) {
        res->outcome = WA_ENTRY_RETRY;
        free(text);
        ai_gemini_result_dispose(&g);
        return conn_failed ? -1 : 0;
    }
    wa_metric_add(!called ? s->m_fallback : failed ? s->m_error : s->m_ok, 1);
    char out_id[KEY_BUF];
    snprintf(out_id, sizeof(out_id), "reply:%s", job->req.wamid);
    wa_info("answered", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "out_id", out_id, "entry_id", e->id,
            "source", source);
    mark_done(s, r, job->req.wamid, out_entry_id, &conn_failed);
    if (failed && !conn_failed) {
        /* for operators: the patient got the fallback, the call's failure is on record */
        if (wa_dlq_write(r, s->cfg, STAGE, e, "ai_failed", g.detail, g.code, e->deliveries) != 0)
            wa_warn("could not record the failed call in wa:dlq", "wamid", job->req.wamid);
    }
    free(text);
    ai_gemini_result_dispose(&g);
    return conn_failed ? -1 : 0;
}

void ai_service_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data)
{
    ai_service_t *s = data;
    redisContext *r = wa_consumer_redis(c);
    if (r == NULL) {
        for (size_t i = 0; i < n; i++)
            results[i].outcome = WA_ENTRY_RETRY;
        return;
    }
    job_t *jobs = wa_calloc(n, sizeof(*jobs));
    wa_http_req_t **calls = wa_calloc(n, sizeof(*calls));
    size_t ncalls = 0;
    int redis_ok = 1;

    for (size_t i = 0; i < n; i++) {
        if (!redis_ok) {
            results[i].outcome = WA_ENTRY_RETRY;
            continue;
        }
        prepare(s, r, &entries[i], &results[i], jobs, &jobs[i], &redis_ok);
        if (jobs[i].active && jobs[i].body != NULL)
            calls[ncalls++] = &jobs[i].http;
    }
    if (!redis_ok) {
        wa_consumer_redis_failed(c);
        retry_rest(jobs, results, 0, n);
    }

    if (ncalls > 0 && wa_http_run(s->http, calls, ncalls) != 0) {
        wa_error("could not start the batch of model calls");
        for (size_t i = 0; i < ncalls; i++)
            snprintf(calls[i]->error, sizeof(calls[i]->error), "batch could not be started");
    }

    for (size_t i = 0; i < n; i++) {
        if (!jobs[i].active)
            continue;
        if (answer(s, r, &entries[i], &results[i], &jobs[i]) != 0) {
            wa_consumer_redis_failed(c);
            retry_rest(jobs, results, i + 1, n);
            break;
        }
    }

    for (size_t i = 0; i < n; i++) {
        if (jobs[i].body != NULL)
            wa_http_req_dispose(&jobs[i].http);
        free(jobs[i].body);
        free(jobs[i].fallback);
    }
    free(calls);
    free(jobs);
}
