/*
 * One batch of the ai stage (see ai.h). The batch runs in three passes so that the slow part, the model calls, runs
 * concurrently: (1) per entry, synchronously: decode, idempotency check, clinic lookup, emergency check, history and
 * request body; (2) every call of the batch at once through ai_calls_run (retries wait on timers of that loop, so a
 * call waiting out a 429 delays no other call of the batch); (3) per entry: the answer (emergency text, model text or
 * fallback), XADD wa:out, the "done" marker, usage, and the wa:dlq record of a failed call. Side effects are made
 * durable before the callback returns, so the consumer loop acknowledges only answered entries.
 *
 * Idempotency: the "done" marker is set only after the XADD to wa:out succeeded. A crash between the two emits the
 * same out_id "reply:<wamid>" twice; the sender sends an out_id at most once, so the patient still gets one answer.
 */
#include "ai.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "calls.h"
#include "clinic.h"
#include "emergency.h"
#include "history.h"
#include "lang.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"

#define STAGE "ai"
#define KEY_BUF 512

struct st_ai_service_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    const ai_provider_t *prov;
    ai_calls_t *calls;
    ai_breaker_t breaker;
    ai_clinics_t *clinics;
    int history_messages;
    long history_chars;
    const char *emergency_number; /* AI_EMERGENCY_NUMBER */
    const char *emergency_text;   /* AI_EMERGENCY_TEXT */
    wa_metric_t *m_ok, *m_fallback, *m_error, *m_emergency;
    wa_metric_t *m_prompt_tokens, *m_output_tokens;
};

/* Per-entry state of one batch. */
typedef struct st_job_t {
    int active; /* still to be answered in pass 3 */
    wa_ai_req_t req;
    const char *lang;      /* lang.h code; static */
    const char *emergency; /* category, or NULL */
    char *fixed_text;      /* the emergency answer, owned; NULL otherwise */
    char *fallback;        /* the clinic's fallback text, owned */
    char *body;            /* request body, owned; NULL when no call is made */
    char *url;             /* per-doctor model URL, owned, or NULL */
    char *model;           /* the model used, owned */
    ai_call_t call;
} job_t;

ai_service_t *ai_service_create(const wa_config_t *cfg, wa_pg_t *pg, const ai_provider_t *provider)
{
    long hist_msgs = 0, hist_chars = 0;
    int ok = 1;
    hist_msgs = wa_env_long("AI_HISTORY_MESSAGES", 10, &ok);
    if (!ok || hist_msgs < 0 || hist_msgs > 200) {
        wa_error("invalid value of an environment variable", "variable", "AI_HISTORY_MESSAGES", "range", "0..200");
        return NULL;
    }
    hist_chars = wa_env_long("AI_HISTORY_CHARS", 3000, &ok);
    if (!ok || hist_chars < 0 || hist_chars > 100000) {
        wa_error("invalid value of an environment variable", "variable", "AI_HISTORY_CHARS", "range", "0..100000");
        return NULL;
    }
    ai_service_t *s = wa_calloc(1, sizeof(*s));
    s->cfg = cfg;
    s->pg = pg;
    s->prov = provider;
    s->history_messages = (int)hist_msgs;
    s->history_chars = hist_chars;
    s->emergency_number = wa_env_str("AI_EMERGENCY_NUMBER", AI_EMERGENCY_NUMBER_DEFAULT);
    s->emergency_text = wa_env_str("AI_EMERGENCY_TEXT", "");
    if ((s->calls = ai_calls_create(cfg->batch_size)) == NULL) {
        free(s);
        return NULL;
    }
    ai_breaker_init(&s->breaker, provider->name, provider->breaker_failures, provider->breaker_open_ms);
    s->clinics = ai_clinics_create(AI_CLINIC_TTL_MS);
    static const char help[] = "Answers of the ai service: ok (model answered), error (call failed, fallback sent), "
                               "fallback (no provider configured, fallback sent without a call), emergency (emergency "
                               "text sent without a call)";
    s->m_ok = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"ok\"", help);
    s->m_fallback = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"fallback\"", help);
    s->m_error = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"error\"", help);
    s->m_emergency = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"emergency\"", help);
    static const char thelp[] = "Model tokens used by the ai service (from the responses' usage fields)";
    s->m_prompt_tokens = wa_metric(WA_METRIC_COUNTER, "wa_ai_tokens_total", "kind=\"prompt\"", thelp);
    s->m_output_tokens = wa_metric(WA_METRIC_COUNTER, "wa_ai_tokens_total", "kind=\"output\"", thelp);
    return s;
}

void ai_service_destroy(ai_service_t *s)
{
    if (s == NULL)
        return;
    ai_clinics_destroy(s->clinics);
    ai_calls_destroy(s->calls);
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

/* The model call of one question: system instruction (clinic, rules, language, kb context), history, question. */
static void prepare_call(ai_service_t *s, const ai_doctor_t *doc, job_t *job)
{
    ai_clinic_t clinic = {.doctor_name = doc->name,
                          .clinic_name = doc->clinic_name,
                          .specialization = doc->specialization,
                          .address = doc->clinic_address,
                          .instructions = doc->instructions,
                          .hours = doc->hours,
                          .languages = doc->languages};
    char *sys = ai_gemini_system_text(&clinic, job->req.kb_context, job->lang);
    ai_history_t hist;
    if (ai_history_load(s->pg, job->req.doctor_id, job->req.to, job->req.wamid, s->history_messages,
                        (size_t)s->history_chars, &hist) != 0)
        wa_warn("history not available; answering without it", "wamid", job->req.wamid, "doctor_id",
                job->req.doctor_id);
    ai_prompt_t prompt = {.system = sys,
                          .turns = hist.turns,
                          .nturns = hist.n,
                          .question = job->req.text,
                          .temperature = doc->temperature >= 0 ? doc->temperature : s->prov->temperature,
                          .max_tokens = doc->max_tokens > 0 ? doc->max_tokens : s->prov->max_tokens};
    job->body = ai_provider_prepare(s->prov, &prompt, doc->ai_model, &job->call, &job->url);
    job->model = wa_strdup(doc->ai_model[0] != '\0' ? doc->ai_model : s->prov->model);
    ai_history_dispose(&hist);
    free(sys);
}

/* Pass 1 for one entry: decode, idempotency (earlier in this batch: jobs job0..job-1, or in Redis), clinic,
 * emergency or request. Leaves the job active when it is to be answered. */
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
    job->lang = ai_lang_detect(job->req.text, job->req.lang);
    job->emergency = ai_emergency_detect(job->req.text);
    if (job->emergency != NULL) {
        job->fixed_text =
            ai_emergency_text(doc->emergency_text, s->emergency_text, job->lang,
                              doc->emergency_number[0] != '\0' ? doc->emergency_number : s->emergency_number,
                              doc->clinic_name[0] != '\0' ? doc->clinic_name : doc->name);
    } else if (s->prov->enabled) {
        prepare_call(s, doc, job);
    }
    job->active = 1;
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

/* Flags the inbound message for the doctor (messages.flag, 004_ai.sql). A failure is logged: the patient's answer
 * matters more than the flag, and the log line carries the wamid for the operator. */
static void flag_message(ai_service_t *s, const job_t *job)
{
    static const char sql[] = "UPDATE messages SET flag = $3, flagged_at = now() WHERE wamid = $1 AND doctor_id = $2";
    char flag[64];
    snprintf(flag, sizeof(flag), "emergency:%s", job->emergency);
    const char *params[3] = {job->req.wamid, job->req.doctor_id, flag};
    if (wa_pg_run(s->pg, "ai flag message", sql, 3, params) != 0)
        wa_error("could not flag the emergency message for the doctor", "wamid", job->req.wamid, "doctor_id",
                 job->req.doctor_id, "category", job->emergency);
}

/* Adds a call's token usage to the doctor's day (table ai_usage) and to the metrics. */
static void record_usage(ai_service_t *s, const job_t *job, const ai_gemini_result_t *g)
{
    if (g->prompt_tokens == 0 && g->output_tokens == 0 && g->total_tokens == 0)
        return;
    wa_metric_add(s->m_prompt_tokens, g->prompt_tokens);
    wa_metric_add(s->m_output_tokens, g->output_tokens);
    char labels[160];
    snprintf(labels, sizeof(labels), "doctor_id=\"%.40s\",kind=\"prompt\"", job->req.doctor_id);
    static const char help[] = "Model tokens used per doctor (the clinic's AI cost)";
    wa_metric_add(wa_metric(WA_METRIC_COUNTER, "wa_ai_doctor_tokens_total", labels, help), g->prompt_tokens);
    snprintf(labels, sizeof(labels), "doctor_id=\"%.40s\",kind=\"output\"", job->req.doctor_id);
    wa_metric_add(wa_metric(WA_METRIC_COUNTER, "wa_ai_doctor_tokens_total", labels, help), g->output_tokens);
    static const char sql[] =
        "INSERT INTO ai_usage (doctor_id, day, provider, model, requests, prompt_tokens, output_tokens, total_tokens) "
        "VALUES ($1, current_date, $2, $3, 1, $4, $5, $6) ON CONFLICT (doctor_id, day, provider, model) DO UPDATE SET "
        "requests = ai_usage.requests + 1, prompt_tokens = ai_usage.prompt_tokens + EXCLUDED.prompt_tokens, "
        "output_tokens = ai_usage.output_tokens + EXCLUDED.output_tokens, "
        "total_tokens = ai_usage.total_tokens + EXCLUDED.total_tokens, updated_at = now()";
    char pt[24], ot[24], tt[24];
    snprintf(pt, sizeof(pt), "%ld", g->prompt_tokens);
    snprintf(ot, sizeof(ot), "%ld", g->output_tokens);
    snprintf(tt, sizeof(tt), "%ld", g->total_tokens);
    const char *params[6] = {job->req.doctor_id, s->prov->name, job->model, pt, ot, tt};
    if (wa_pg_run(s->pg, "ai record usage", sql, 6, params) != 0)
        wa_warn("could not record token usage", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id);
}

/* Pass 3 for one entry: pick the text, emit it, mark it done, record usage and a failed call. Returns -1 when the
 * Redis connection broke (the caller retries the rest of the batch). */
static int answer(ai_service_t *s, redisContext *r, const wa_entry_t *e, wa_result_t *res, job_t *job)
{
    ai_gemini_result_t *g = &job->call.res;
    int called = job->body != NULL, failed = 0;
    char *text = NULL;
    const char *source = "fallback";

    if (job->emergency != NULL) {
        flag_message(s, job);
        text = ai_answer_fit(job->fixed_text, AI_ANSWER_MAX_UNITS);
        source = "emergency";
    } else if (called) {
        record_usage(s, job, g);
        if (g->kind == AI_GEMINI_OK) {
            char *wa_text = ai_answer_whatsapp(g->text);
            text = ai_answer_fit(wa_text, AI_ANSWER_MAX_UNITS);
            free(wa_text);
            source = "ai";
        } else {
            failed = 1;
            char ms[24], attempts[16];
            snprintf(ms, sizeof(ms), "%.0f", job->call.elapsed_ms);
            snprintf(attempts, sizeof(attempts), "%d", job->call.attempts);
            wa_warn("model call failed; answering with the fallback text", "wamid", job->req.wamid, "doctor_id",
                    job->req.doctor_id, "entry_id", e->id, "provider", s->prov->name, "kind",
                    ai_gemini_kind_name(g->kind), "code", g->code, "detail", g->detail, "attempts", attempts,
                    "elapsed_ms", ms);
        }
    }
    if (text == NULL)
        text = ai_answer_fit(job->fallback, AI_ANSWER_MAX_UNITS);

    char out_entry_id[64] = "";
    int conn_failed = 0;
    if (emit(s, r, job, text, source, out_entry_id, sizeof(out_entry_id), &conn_failed) != 0) {
        res->outcome = WA_ENTRY_RETRY;
        free(text);
        return conn_failed ? -1 : 0;
    }
    wa_metric_add(job->emergency != NULL ? s->m_emergency : !called ? s->m_fallback : failed ? s->m_error : s->m_ok, 1);
    char out_id[KEY_BUF];
    snprintf(out_id, sizeof(out_id), "reply:%s", job->req.wamid);
    wa_info("answered", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "out_id", out_id, "entry_id", e->id,
            "source", source, "lang", job->lang, "emergency", job->emergency);
    mark_done(s, r, job->req.wamid, out_entry_id, &conn_failed);
    if (failed && !conn_failed) {
        /* for operators: the patient got the fallback, the call's failure is on record */
        if (wa_dlq_write(r, s->cfg, STAGE, e, "ai_failed", g->detail, g->code, e->deliveries) != 0)
            wa_warn("could not record the failed call in wa:dlq", "wamid", job->req.wamid);
    }
    free(text);
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
    ai_call_t **calls = wa_calloc(n, sizeof(*calls));
    size_t ncalls = 0;
    int redis_ok = 1;

    for (size_t i = 0; i < n; i++) {
        if (!redis_ok) {
            results[i].outcome = WA_ENTRY_RETRY;
            continue;
        }
        prepare(s, r, &entries[i], &results[i], jobs, &jobs[i], &redis_ok);
        if (jobs[i].active && jobs[i].body != NULL)
            calls[ncalls++] = &jobs[i].call;
    }
    if (!redis_ok) {
        wa_consumer_redis_failed(c);
        retry_rest(jobs, results, 0, n);
        ncalls = 0;
    }

    if (ncalls > 0)
        ai_calls_run(s->calls, calls, ncalls, &s->prov->retry, &s->breaker, ai_provider_parser(s->prov));

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
        ai_gemini_result_dispose(&jobs[i].call.res);
        free(jobs[i].body);
        free(jobs[i].url);
        free(jobs[i].model);
        free(jobs[i].fixed_text);
        free(jobs[i].fallback);
    }
    free(calls);
    free(jobs);
}
