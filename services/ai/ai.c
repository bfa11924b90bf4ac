/*
 * The ai stage's work on one wa:ai entry (see ai.h), in two halves so that the model calls of many entries overlap:
 * ai_service_start (synchronous: copy the entry, decode, idempotency check, clinic lookup, emergency check, history
 * and request body, then the call goes into the pipeline of calls.c) and, when the call has its final result,
 * answer (the model text or fallback, XADD wa:out, the "done" marker, usage, and the wa:dlq record of a failed
 * call). The token usage of the calls a step of the pipeline finished goes to ai_usage in one statement at the end of
 * the step (ai_service_step). Questions that need no call (emergency, no provider) are answered inside
 * ai_service_start. The loop (loop.c) acknowledges each entry as soon as it is settled.
 *
 * Idempotency: the "done" marker is set only after the XADD to wa:out succeeded. A crash between the two emits the
 * same out_id "reply:<wamid>" twice; the sender sends an out_id at most once, so the patient still gets one answer.
 * A second entry for a wamid whose call is still in flight is acknowledged at once: the first one answers it.
 */
#include "ai.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "answer.h"
#include "calls.h"
#include "clinic.h"
#include "wa/emergency.h"
#include "history.h"
#include "rerank.h"
#include "wa/lang.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/text.h"
#include "wa/ops.h"
#include "wa/redis.h"

#define STAGE "ai"
#define KEY_BUF 512
#define ALERTS_MAXLEN 100000

static const char emergencies_help[] =
    "Emergencies detected by the ai service (answered with the emergency text, flagged)";

/* The counter of emergencies of one category, wa_ai_emergencies_total{category}. */
static wa_metric_t *emergency_metric(const char *category)
{
    char labels[96];
    snprintf(labels, sizeof(labels), "category=\"%.40s\"", category);
    return wa_metric(WA_METRIC_COUNTER, "wa_ai_emergencies_total", labels, emergencies_help);
}

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
    char key_alerts[WA_KEY_MAX];  /* prefix + "alerts" */
    struct st_ai_job_t **live;    /* jobs whose call is in the pipeline; job->slot is the index */
    size_t nlive, caplive;
    wa_metric_t *m_ok, *m_fallback, *m_error, *m_emergency, *m_alerts_failed;
    wa_metric_t *m_prompt_tokens, *m_output_tokens;
    wa_metric_t *m_call_secs[AI_GEMINI_NETWORK + 2]; /* by result: ai_gemini_kind_t, then circuit_open */
    wa_metric_t *m_flagged, *m_flag_no_patient, *m_flag_failed;
    long rerank_timeout_ms;                       /* AI_KB_RERANK_TIMEOUT_MS */
    wa_metric_t *m_rerank[AI_RERANK_FOREIGN + 3]; /* by ai_rerank_t, then failed (the call), then refused (PG) */
    struct st_usage_t *usage;                     /* token usage not yet in ai_usage, one per (doctor, model) */
    size_t nusage, capusage;
    ai_history_key_t *pre_keys; /* the histories ai_service_prefetch loaded for the read being started */
    ai_history_t *pre_hist;     /* pre_hist[k] belongs to pre_keys[k]; taken (emptied) by prepare_call */
    size_t npre, cappre;
};

/* The token usage of one (doctor, model) since the last flush_usage. */
typedef struct st_usage_t {
    char doctor_id[40]; /* lower case: the same uuid is one row however a question spelt it */
    char *model;        /* owned */
    long requests, prompt, output, total;
} usage_t;

/* One question being answered. Owns a copy of its entry (the Redis reply it came in is long freed when the call
 * ends); the req pointers point into that copy. */
typedef struct st_ai_job_t {
    wa_entry_t entry;
    char *entry_buf;      /* the copied field names and values */
    long long touched_ms; /* wa_mono_ms() when the entry's pending idle time was last reset */
    size_t slot;          /* index in s->live while the call runs */
    wa_ai_req_t req;
    const char *lang;      /* wa/lang.h code; static */
    const char *emergency; /* category, or NULL */
    char *fixed_text;      /* the emergency answer, owned; NULL otherwise */
    char *fallback;        /* the clinic's fallback text, owned */
    char *body;            /* request body, owned; NULL when no call is made */
    char *url;             /* per-doctor model URL, owned, or NULL */
    char *model;           /* the model used, owned */
    int reranking;         /* 1 while the call in the pipeline is the knowledge base's rerank (rerank.h) */
    char *kb_text;         /* the knowledge-base answer to send word for word (source kb), owned; NULL otherwise */
    char kb_id[24];        /* its kb_entries id */
    ai_call_t call;
} job_t;

ai_service_t *ai_service_create(const wa_config_t *cfg, wa_pg_t *pg, const ai_provider_t *provider, long max_inflight)
{
    long hist_msgs = cfg->ai_history_messages, hist_chars = cfg->ai_history_chars; /* range-checked at start */
    ai_service_t *s = wa_calloc(1, sizeof(*s));
    s->cfg = cfg;
    s->pg = pg;
    s->prov = provider;
    s->history_messages = (int)hist_msgs;
    s->history_chars = hist_chars;
    s->emergency_number = wa_env_str("AI_EMERGENCY_NUMBER", WA_EMERGENCY_NUMBER_DEFAULT);
    s->emergency_text = wa_env_str("AI_EMERGENCY_TEXT", "");
    wa_config_key(cfg, s->key_alerts, sizeof(s->key_alerts), "alerts", NULL);
    ai_breaker_init(&s->breaker, provider->name, provider->breaker_failures, provider->breaker_open_ms);
    if ((s->calls = ai_calls_create(max_inflight, &provider->retry, &s->breaker, ai_provider_parser(provider))) ==
        NULL) {
        free(s);
        return NULL;
    }
    s->clinics = ai_clinics_create(AI_CLINIC_TTL_MS);
    static const char help[] = "Answers of the ai service: ok (model answered), error (call failed, fallback sent), "
                               "fallback (no provider configured, fallback sent without a call), emergency (emergency "
                               "text sent without a call)";
    s->m_ok = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"ok\"", help);
    s->m_fallback = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"fallback\"", help);
    s->m_error = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"error\"", help);
    s->m_emergency = wa_metric(WA_METRIC_COUNTER, "wa_ai_calls_total", "result=\"emergency\"", help);
    s->m_alerts_failed = wa_metric(WA_METRIC_COUNTER, "wa_ai_alerts_failed_total", NULL,
                                   "Emergency alerts that could not be written to the alerts stream");
    static const char thelp[] = "Model tokens used by the ai service (from the responses' usage fields)";
    s->m_prompt_tokens = wa_metric(WA_METRIC_COUNTER, "wa_ai_tokens_total", "kind=\"prompt\"", thelp);
    s->m_output_tokens = wa_metric(WA_METRIC_COUNTER, "wa_ai_tokens_total", "kind=\"output\"", thelp);
    static const char chelp[] = "Model calls of the ai service, from the first try to the final result (retries and "
                                "their waits included), by provider and result (ok, a failure kind, circuit_open)";
    for (int k = 0; k <= AI_GEMINI_NETWORK + 1; k++) {
        char labels[96];
        snprintf(labels, sizeof(labels), "provider=\"%s\",result=\"%s\"", provider->name,
                 k <= AI_GEMINI_NETWORK ? ai_gemini_kind_name((ai_gemini_kind_t)k) : "circuit_open");
        s->m_call_secs[k] = wa_metric(WA_METRIC_HISTOGRAM, "wa_ai_call_seconds", labels, chelp);
    }
    for (size_t i = 0; wa_emergency_category(i) != NULL; i++) /* every category exported from the start, at 0 */
        (void)emergency_metric(wa_emergency_category(i));
    static const char fhelp[] = "Emergencies flagged for the clinic as a handoff (reason emergency), by result";
    s->m_flagged = wa_metric(WA_METRIC_COUNTER, "wa_ai_emergency_flags_total", "result=\"flagged\"", fhelp);
    s->m_flag_no_patient = wa_metric(WA_METRIC_COUNTER, "wa_ai_emergency_flags_total", "result=\"no_patient\"", fhelp);
    s->m_flag_failed = wa_metric(WA_METRIC_COUNTER, "wa_ai_emergency_flags_total", "result=\"failed\"", fhelp);
    s->rerank_timeout_ms = cfg->ai_kb_rerank_timeout_ms > 0 ? cfg->ai_kb_rerank_timeout_ms : 3000;
    static const char rhelp[] = "The model's rerank of the knowledge base's middle band, by result: chosen (an entry's "
                                "answer sent), none, invalid (out of shape), foreign (an id not offered), failed (the "
                                "call: slow, down), refused (the chosen entry is not this clinic's or is disabled)";
    for (int k = 0; k < AI_RERANK_FOREIGN + 3; k++) {
        char labels[48];
        snprintf(labels, sizeof(labels), "result=\"%s\"",
                 k <= AI_RERANK_FOREIGN       ? ai_rerank_name((ai_rerank_t)k)
                 : k == AI_RERANK_FOREIGN + 1 ? "failed"
                                              : "refused");
        s->m_rerank[k] = wa_metric(WA_METRIC_COUNTER, "wa_ai_kb_rerank_total", labels, rhelp);
    }
    return s;
}

static void flush_usage(ai_service_t *s);

static void job_free(job_t *job)
{
    if (job == NULL)
        return;
    ai_gemini_result_dispose(&job->call.res);
    free(job->body);
    free(job->url);
    free(job->model);
    free(job->fixed_text);
    free(job->fallback);
    free(job->kb_text);
    free(job->entry_buf);
    free(job);
}

static void live_add(ai_service_t *s, job_t *job)
{
    if (s->nlive == s->caplive) {
        size_t cap = s->caplive ? s->caplive * 2 : 64;
        job_t **p = realloc(s->live, cap * sizeof(*p));
        if (p == NULL)
            wa_fatal("out of memory");
        s->live = p;
        s->caplive = cap;
    }
    job->slot = s->nlive;
    s->live[s->nlive++] = job;
}

static void live_remove(ai_service_t *s, job_t *job)
{
    size_t i = job->slot;
    if (i >= s->nlive || s->live[i] != job)
        return;
    s->live[i] = s->live[--s->nlive];
    s->live[i]->slot = i;
}

/* The history reads (history.c) planned while messages was small and never analysed kept a generic plan that cost
 * 20-150x a fresh one per call once the table had grown (bench/pg/replan_check.py: a read's histories 13.6-32.5 ms
 * -> 0.22-0.26 ms a call, the ai's backend CPU per reply 87-107 -> 8-11 us; issue 14, round 7). */
void ai_service_turn(ai_service_t *s)
{
    /* a cheap check at most every second, as the router's and the sender's turns: after PostgreSQL restarted, the
     * first replan on the cut connection says "not ready", and without a check nothing connects again until a
     * model answer is due, so /readyz stayed false on an idle ai */
    (void)wa_pg_ping(s->pg, 1000);
    (void)wa_pg_replan(s->pg);
}

void ai_service_abandon_all(ai_service_t *s)
{
    while (s->nlive > 0) {
        job_t *job = s->live[s->nlive - 1];
        ai_calls_abandon(s->calls, &job->call);
        live_remove(s, job);
        job_free(job);
    }
}

void ai_service_destroy(ai_service_t *s)
{
    if (s == NULL)
        return;
    ai_service_abandon_all(s);
    flush_usage(s);
    free(s->usage);
    ai_service_prefetch_clear(s);
    free(s->pre_keys);
    free(s->pre_hist);
    free(s->live);
    ai_clinics_destroy(s->clinics);
    ai_calls_destroy(s->calls);
    free(s);
}

size_t ai_service_live(const ai_service_t *s)
{
    return s->nlive;
}

int ai_service_has_entry(const ai_service_t *s, const char *entry_id)
{
    for (size_t i = 0; i < s->nlive; i++)
        if (strcmp(s->live[i]->entry.id, entry_id) == 0)
            return 1;
    return 0;
}

size_t ai_service_stale_ids(ai_service_t *s, long long touched_before, long long now, const char **ids, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nlive && n < max; i++) {
        job_t *job = s->live[i];
        if (job->touched_ms <= touched_before) {
            ids[n++] = job->entry.id;
            job->touched_ms = now;
        }
    }
    return n;
}

/* Whether the answer to `wamid` is already in wa:out. Returns 1 yes, 0 no, -1 connection failed. */
static int already_done(wa_conn_t *c, const wa_config_t *cfg, const char *wamid)
{
    char key[KEY_BUF];
    wa_config_key(cfg, key, sizeof(key), "ai:done:", wamid);
    const char *argv[2] = {"EXISTS", key};
    size_t lens[2] = {6, strlen(key)};
    redisReply *rep = wa_conn_cmd(c, 2, argv, lens);
    if (rep == NULL)
        return -1;
    int done = rep->type == REDIS_REPLY_INTEGER && rep->integer > 0;
    if (rep->type == REDIS_REPLY_ERROR)
        wa_warn("EXISTS failed", "error", rep->str);
    freeReplyObject(rep);
    return done;
}

/* A built-in emergency text for a school: "the doctor has been told" becomes "the school has been told" (English,
 * Hindi, Marathi, romanised Hindi). Takes and returns an owned string. */
static char *school_words(char *text)
{
    static const char *const swaps[][2] = {
        {"The doctor has been told", "The school has been told"},
        {"डॉक्टर को आपके संदेश", "स्कूल को आपके संदेश"},
        {"डॉक्टरांना तुमच्या संदेशाची", "शाळेला तुमच्या संदेशाची"},
        {"Doctor ko aapke message", "School ko aapke message"},
    };
    for (size_t i = 0; i < sizeof(swaps) / sizeof(swaps[0]); i++) {
        char *next = wa_str_replace_all(text, swaps[i][0], swaps[i][1]);
        free(text);
        text = next;
    }
    return text;
}

void ai_service_prefetch_clear(ai_service_t *s)
{
    for (size_t k = 0; k < s->npre; k++)
        ai_history_dispose(&s->pre_hist[k]);
    s->npre = 0;
}

void ai_service_prefetch(ai_service_t *s, const wa_entry_t *entries, size_t n)
{
    ai_service_prefetch_clear(s);
    if (!s->prov->enabled || s->history_messages <= 0 || s->history_chars <= 0 || n < 2)
        return;
    for (size_t i = 0; i < n; i++) {
        wa_ai_req_t req;
        const char *missing = NULL;
        /* the questions that will call the model (a question of the knowledge base's band asks for a rerank first;
         * an emergency, a duplicate or an answered one that slips in here only costs its rows in the statement) */
        if (wa_ai_req_decode(&entries[i], &req, &missing) != 0 || !ai_is_uuid(req.doctor_id) ||
            (req.kb_candidates != NULL && req.kb_candidates[0] != '\0'))
            continue;
        if (s->npre == s->cappre) {
            s->pre_keys = wa_grow(s->pre_keys, &s->cappre, s->npre + 1, sizeof(*s->pre_keys));
            s->pre_hist = realloc(s->pre_hist, s->cappre * sizeof(*s->pre_hist));
            if (s->pre_hist == NULL)
                wa_fatal("out of memory");
        }
        s->pre_keys[s->npre++] = (ai_history_key_t){req.doctor_id, req.to, req.wamid};
    }
    if (s->npre < 2 || ai_history_load_many(s->pg, s->pre_keys, s->npre, s->history_messages, (size_t)s->history_chars,
                                            s->pre_hist) != 0)
        s->npre = 0; /* one question, or the database failed: each loads its own (and reports a failure) */
}

/* Takes the history ai_service_prefetch loaded for `job`, if any: returns 1 and fills `h` (to dispose), else 0. */
static int prefetched(ai_service_t *s, const job_t *job, ai_history_t *h)
{
    for (size_t k = 0; k < s->npre; k++) {
        const ai_history_key_t *key = &s->pre_keys[k];
        if (key->wamid != NULL && strcmp(key->wamid, job->req.wamid) == 0 &&
            strcmp(key->doctor_id, job->req.doctor_id) == 0 && strcmp(key->wa_id, job->req.to) == 0) {
            *h = s->pre_hist[k];
            memset(&s->pre_hist[k], 0, sizeof(s->pre_hist[k]));
            s->pre_keys[k].wamid = NULL; /* taken */
            return 1;
        }
    }
    return 0;
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
                          .languages = doc->languages,
                          .school = doc->school};
    char *sys = ai_gemini_system_text(&clinic, job->req.kb_context, job->lang);
    ai_history_t hist;
    if (prefetched(s, job, &hist))
        ; /* loaded with the rest of its read */
    else if (ai_history_load(s->pg, job->req.doctor_id, job->req.to, job->req.wamid, s->history_messages,
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

/* The rerank call of a question in the knowledge base's middle band: the strict instruction, the message and the
 * candidates, no history, temperature 0, a few output tokens, ONE attempt within AI_KB_RERANK_TIMEOUT_MS (a slow
 * model costs the patient that much at most before the lexical decision). Returns 0, or -1 when the candidates are
 * unusable (no call). */
static int prepare_rerank(ai_service_t *s, const ai_doctor_t *doc, job_t *job)
{
    char *question = ai_rerank_question(job->req.text, job->req.kb_candidates);
    if (question == NULL)
        return -1;
    ai_prompt_t prompt = {.system = ai_rerank_system_text(), .question = question, .temperature = 0, .max_tokens = 64};
    job->body = ai_provider_prepare(s->prov, &prompt, doc->ai_model, &job->call, &job->url);
    job->model = wa_strdup(doc->ai_model[0] != '\0' ? doc->ai_model : s->prov->model);
    job->call.timeout_ms = s->rerank_timeout_ms;
    job->call.max_attempts = 1;
    job->reranking = 1;
    free(question);
    return 0;
}

/* Reads the answer of knowledge-base entry `kb_id` into job->kb_text: only an enabled entry of the question's own
 * doctor (an id from anywhere else finds nothing), its hits counted like the router's. Returns 1 found, 0 not (the
 * id is refused), -1 on a PostgreSQL error. */
static int load_kb_answer(ai_service_t *s, job_t *job, const char *kb_id)
{
    static const char sql[] = "UPDATE kb_entries SET hits = hits + 1 WHERE id::text = $1 AND doctor_id::text = $2"
                              " AND enabled RETURNING answer";
    const char *params[2] = {kb_id, job->req.doctor_id};
    PGresult *res = wa_pg_exec(s->pg, "ai kb answer", sql, 2, params);
    int found;
    if (res == NULL)
        return -1;
    if ((found = PQntuples(res) == 1)) {
        free(job->kb_text);
        job->kb_text = wa_strdup(PQgetvalue(res, 0, 0));
        snprintf(job->kb_id, sizeof(job->kb_id), "%s", kb_id);
    }
    PQclear(res);
    return found;
}

/* The knowledge-base entry `kb_id` chosen (by the model, or the lexical decision when the model gave none usable):
 * loads its answer. Returns 1 when the job now answers with it. */
static int use_kb_entry(ai_service_t *s, job_t *job, const char *kb_id, const char *by)
{
    int rc;
    if (kb_id == NULL || kb_id[0] == '\0')
        return 0;
    if ((rc = load_kb_answer(s, job, kb_id)) == 1) {
        wa_info("knowledge-base answer", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "kb_id", kb_id,
                "chosen_by", by);
        return 1;
    }
    if (rc == 0) {
        wa_metric_add(s->m_rerank[AI_RERANK_FOREIGN + 2], 1);
        wa_warn("knowledge-base entry refused: not this clinic's, or disabled", "wamid", job->req.wamid, "doctor_id",
                job->req.doctor_id, "kb_id", kb_id, "chosen_by", by);
    } else {
        wa_warn("knowledge-base answer not readable; answering as usual", "wamid", job->req.wamid, "doctor_id",
                job->req.doctor_id);
    }
    return 0;
}

/* Emits the answer in one round trip (issue 14, round 9: it was three, XADD, SET and the stage's XACK, and a round
 * trip costs Redis ~9 us of CPU against ~0.5 for a small command): MULTI, the XADD to wa:out, the done marker
 * prefix+"ai:done:<wamid>" (8 days; its value the out_id) and, with `ack`, the XACK of the job's wa:ai entry, EXEC.
 * All or none of them is applied (a command refused while queued, OOM say, aborts the EXEC), so the entry is
 * acknowledged only with its answer in wa:out, as before when the XACK came after. Returns 0 (*acked set when the
 * XACK went with it), or -1: nothing applied, the entry is retried (a broken connection is recorded on c). */
static int emit(ai_service_t *s, wa_conn_t *c, const job_t *job, const char *text, const char *source, int ack,
                int *acked)
{
    char out_id[KEY_BUF], created[24], done_key[KEY_BUF];
    *acked = 0;
    snprintf(out_id, sizeof(out_id), "reply:%s", job->req.wamid);
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_config_key(s->cfg, done_key, sizeof(done_key), "ai:done:", job->req.wamid);
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
    char ttl[24];
    snprintf(ttl, sizeof(ttl), "%d", AI_DONE_TTL_S);
    const char *multi[] = {"MULTI"}, *exec[] = {"EXEC"};
    const char *set[] = {"SET", done_key, out_id, "EX", ttl};
    const char *xack[] = {"XACK", job->entry.stream != NULL ? job->entry.stream : s->cfg->key_ai, AI_GROUP,
                          job->entry.id};
    int rc = -1;
    redisContext *r = wa_conn_redis(c);
    if (cmd.overflow) {
        wa_error("XADD command too long", "wamid", job->req.wamid);
    } else if (r == NULL) {
        wa_warn("Redis connection lost before the answer was emitted; the entry will be redelivered", "wamid",
                job->req.wamid);
    } else if (redisAppendCommandArgv(r, 1, multi, NULL) != REDIS_OK ||
               redisAppendCommandArgv(r, cmd.argc, cmd.argv, cmd.argvlen) != REDIS_OK ||
               redisAppendCommandArgv(r, 5, set, NULL) != REDIS_OK ||
               (ack && redisAppendCommandArgv(r, 4, xack, NULL) != REDIS_OK) ||
               redisAppendCommandArgv(r, 1, exec, NULL) != REDIS_OK) {
        wa_conn_fail(c, "out of memory appending a Redis command");
    } else {
        size_t nrep = ack ? 5 : 4;
        redisReply *rep = NULL;
        for (size_t k = 0; k < nrep; k++) { /* MULTI's OK, QUEUED per command, then EXEC's array */
            if (rep != NULL)
                freeReplyObject(rep);
            rep = NULL;
            if (redisGetReply(r, (void **)&rep) != REDIS_OK || rep == NULL) {
                wa_conn_fail(c, "a Redis command of the ai failed");
                wa_warn("Redis connection lost before the answer was emitted; the entry will be redelivered", "wamid",
                        job->req.wamid);
                rep = NULL;
                break;
            }
        }
        if (rep != NULL && rep->type == REDIS_REPLY_ARRAY && rep->elements == nrep - 2 &&
            rep->element[0]->type == REDIS_REPLY_STRING) {
            rc = 0;
            *acked = ack && rep->element[2]->type == REDIS_REPLY_INTEGER;
        } else if (rep != NULL && rep->type == REDIS_REPLY_ARRAY && rep->elements > 0) {
            /* cannot happen (wa:out is a stream, the id is "*"): the marker and the XACK were applied without the
             * answer, so the marker goes and the entry is dead-lettered for a replay rather than lost */
            wa_error("XADD to wa:out failed inside the transaction; entry dead-lettered", "wamid", job->req.wamid,
                     "error", rep->element[0]->type == REDIS_REPLY_ERROR ? rep->element[0]->str : "unexpected reply");
            const char *del[] = {"DEL", done_key};
            redisReply *d = wa_conn_cmd(c, 2, del, NULL);
            if (d != NULL)
                freeReplyObject(d);
            if (wa_conn_ok(c))
                (void)wa_dlq_write(wa_conn_redis(c), s->cfg, STAGE, &job->entry, "emit_failed",
                                   "the answer could not be added to wa:out", NULL, job->entry.deliveries);
            *acked = ack;
        } else if (rep != NULL) {
            wa_warn("answer not emitted: the transaction was refused", "wamid", job->req.wamid, "error",
                    rep->type == REDIS_REPLY_ERROR ? rep->str : "aborted");
        }
        if (rep != NULL)
            freeReplyObject(rep);
    }
    free(message);
    return rc;
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

/* Flags the conversation for the clinic the way the router's human handoff does: a handoffs row (005_clinic.sql)
 * with reason 'emergency', which the clinic's staff list like any handoff. It does NOT pause automatic answers (the
 * router's pause is the Redis key prefix+"handoff:<doctor>:<wa_id>", not set here): a patient in an emergency must
 * keep getting answers, so paused_until is now(). A pause the patient asked for earlier and that is still running
 * is kept as it is (only its reason becomes 'emergency'); a released one is flagged again. Idempotent, so a
 * redelivered entry does no harm. Counted in wa_ai_emergency_flags_total{result}: flagged, no_patient (the router
 * records every patient before asking the ai, so only a hand-made entry lacks one) or failed (PostgreSQL; logged,
 * not fatal: the answer and the alert matter more). */
static void flag_conversation(ai_service_t *s, const job_t *job)
{
    static const char sql[] =
        "INSERT INTO handoffs (doctor_id, patient_id, reason, paused_until)"
        " SELECT p.doctor_id, p.id, 'emergency', now() FROM patients p"
        " WHERE p.doctor_id = $1 AND (p.id::text = $2 OR p.wa_id = $3)"
        " ORDER BY (p.id::text = $2) DESC LIMIT 1"
        " ON CONFLICT (doctor_id, patient_id) DO UPDATE SET reason = 'emergency', created_at = now(),"
        " paused_until = CASE WHEN handoffs.released_at IS NULL THEN greatest(handoffs.paused_until, now())"
        " ELSE now() END, released_at = NULL"
        " RETURNING patient_id";
    const char *params[3] = {job->req.doctor_id, job->req.patient_id != NULL ? job->req.patient_id : "", job->req.to};
    PGresult *res = wa_pg_exec(s->pg, "ai flag conversation", sql, 3, params);
    if (res == NULL) {
        wa_metric_add(s->m_flag_failed, 1);
        wa_error("could not flag the emergency conversation for the clinic", "wamid", job->req.wamid, "doctor_id",
                 job->req.doctor_id, "category", job->emergency);
        return;
    }
    if (PQntuples(res) == 1) {
        wa_metric_add(s->m_flagged, 1);
        wa_info("emergency conversation flagged for the clinic", "wamid", job->req.wamid, "doctor_id",
                job->req.doctor_id, "patient_id", PQgetvalue(res, 0, 0), "category", job->emergency);
    } else {
        wa_metric_add(s->m_flag_no_patient, 1);
        wa_warn("no patient record for the emergency conversation; not flagged as a handoff", "wamid", job->req.wamid,
                "doctor_id", job->req.doctor_id, "category", job->emergency);
    }
    PQclear(res);
}

/* Adds a call's token usage to the metrics, and to the doctor's day in memory: flush_usage writes it to ai_usage once
 * for all the calls a step of the pipeline finished (one statement instead of one per call). */
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

    char id[sizeof(((usage_t *)0)->doctor_id)];
    size_t k = 0;
    for (; job->req.doctor_id[k] != '\0' && k + 1 < sizeof(id); k++)
        id[k] = (char)tolower((unsigned char)job->req.doctor_id[k]);
    id[k] = '\0';
    usage_t *u = NULL;
    for (size_t i = 0; i < s->nusage && u == NULL; i++)
        if (strcmp(s->usage[i].doctor_id, id) == 0 && strcmp(s->usage[i].model, job->model) == 0)
            u = &s->usage[i];
    if (u == NULL) {
        s->usage = wa_grow(s->usage, &s->capusage, s->nusage + 1, sizeof(*s->usage));
        u = &s->usage[s->nusage++];
        memset(u, 0, sizeof(*u));
        memcpy(u->doctor_id, id, k + 1);
        u->model = wa_strdup(job->model);
    }
    u->requests++;
    u->prompt += g->prompt_tokens;
    u->output += g->output_tokens;
    u->total += g->total_tokens;
}

static int usage_cmp(const void *a, const void *b)
{
    const usage_t *x = a, *y = b;
    int c = strcmp(x->doctor_id, y->doctor_id);
    return c != 0 ? c : strcmp(x->model, y->model);
}

/* Writes the usage recorded since the last call to ai_usage: one multi-row upsert, rows in (doctor, model) order so
 * that two replicas flushing the same rows lock them in the same order. A failure is logged and the usage dropped,
 * as a failed single upsert was. */
static void flush_usage(ai_service_t *s)
{
    static const char sql[] =
        "INSERT INTO ai_usage (doctor_id, day, provider, model, requests, prompt_tokens, output_tokens, total_tokens) "
        "SELECT u.d, current_date, $1, u.m, u.r, u.p, u.o, u.t FROM jsonb_to_recordset($2::jsonb) "
        "AS u(d uuid, m text, r bigint, p bigint, o bigint, t bigint) "
        "ON CONFLICT (doctor_id, day, provider, model) DO UPDATE SET "
        "requests = ai_usage.requests + EXCLUDED.requests, "
        "prompt_tokens = ai_usage.prompt_tokens + EXCLUDED.prompt_tokens, "
        "output_tokens = ai_usage.output_tokens + EXCLUDED.output_tokens, "
        "total_tokens = ai_usage.total_tokens + EXCLUDED.total_tokens, updated_at = now()";
    if (s->nusage == 0)
        return;
    qsort(s->usage, s->nusage, sizeof(*s->usage), usage_cmp);
    cJSON *rows = cJSON_CreateArray();
    for (size_t i = 0; i < s->nusage; i++) {
        const usage_t *u = &s->usage[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "d", u->doctor_id);
        cJSON_AddStringToObject(o, "m", u->model);
        cJSON_AddNumberToObject(o, "r", (double)u->requests);
        cJSON_AddNumberToObject(o, "p", (double)u->prompt);
        cJSON_AddNumberToObject(o, "o", (double)u->output);
        cJSON_AddNumberToObject(o, "t", (double)u->total);
        cJSON_AddItemToArray(rows, o);
    }
    char *json = cJSON_PrintUnformatted(rows);
    cJSON_Delete(rows);
    if (json == NULL)
        wa_fatal("out of memory");
    const char *params[2] = {s->prov->name, json};
    PGresult *res = wa_pg_exec_prepared(s->pg, "ai record usage", sql, 2, params);
    if (res == NULL) {
        char n[24];
        snprintf(n, sizeof(n), "%zu", s->nusage);
        wa_warn("could not record token usage", "rows", n);
    }
    PQclear(res);
    cJSON_free(json);
    for (size_t i = 0; i < s->nusage; i++)
        free(s->usage[i].model);
    s->nusage = 0;
}

/* Tells the clinic's operators about an emergency: one entry in the alerts stream (prefix + "alerts": kind,
 * doctor_id, wa_id, wamid, category, lang, created_at; capped at about ALERTS_MAXLEN entries) and the counter
 * wa_ai_emergencies_total{category}. Never the message text. A failure is logged and counted, not fatal. */
static void raise_alert(ai_service_t *s, wa_conn_t *c, const job_t *job)
{
    wa_metric_add(emergency_metric(job->emergency), 1);
    char created[24];
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_cmd_args(&cmd, "XADD");
    wa_cmd_args(&cmd, s->key_alerts);
    wa_cmd_args(&cmd, "MAXLEN");
    wa_cmd_args(&cmd, "~");
    wa_cmd_argl(&cmd, ALERTS_MAXLEN);
    wa_cmd_args(&cmd, "*");
    wa_cmd_field(&cmd, "kind", "emergency");
    wa_cmd_field(&cmd, "doctor_id", job->req.doctor_id);
    wa_cmd_field(&cmd, "wa_id", job->req.to);
    wa_cmd_field(&cmd, "wamid", job->req.wamid);
    wa_cmd_field(&cmd, "category", job->emergency);
    wa_cmd_field(&cmd, "lang", job->lang);
    wa_cmd_field(&cmd, "created_at", created);
    redisReply *rep = wa_conn_cmd(c, cmd.argc, cmd.argv, cmd.argvlen);
    if (rep == NULL || rep->type == REDIS_REPLY_ERROR) {
        wa_metric_add(s->m_alerts_failed, 1);
        wa_error("could not record the emergency alert", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id,
                 "category", job->emergency, "error", rep != NULL ? rep->str : "connection lost");
    } else {
        wa_warn("emergency alert raised", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "category",
                job->emergency);
    }
    if (rep != NULL)
        freeReplyObject(rep);
}

/* Answers one job: picks the text (emergency, model answer or fallback), emits it, marks it done, records usage,
 * the emergency alert and a failed call. Sets res->outcome (ACK, or RETRY when the answer could not be emitted).
 * Returns -1 when the Redis connection broke (recorded on c). */
static int answer(ai_service_t *s, wa_conn_t *c, wa_result_t *res, job_t *job)
{
    const wa_entry_t *e = &job->entry;
    ai_gemini_result_t *g = &job->call.res;
    int called = job->body != NULL, failed = 0;
    char *text = NULL;
    const char *source = "fallback";

    if (job->kb_text != NULL && job->emergency == NULL) {
        text = wa_strdup(job->kb_text); /* word for word, as the router sends it */
        source = "kb";
    } else if (job->emergency != NULL) {
        flag_message(s, job);
        flag_conversation(s, job);
        raise_alert(s, c, job);
        text = ai_answer_fit(job->fixed_text, AI_ANSWER_MAX_UNITS);
        source = "emergency";
    } else if (called) {
        record_usage(s, job, g);
        int k = strcmp(g->code, "circuit_open") == 0 ? AI_GEMINI_NETWORK + 1 : (int)g->kind;
        if (k >= 0 && k <= AI_GEMINI_NETWORK + 1)
            wa_metric_observe_ms(s->m_call_secs[k], job->call.elapsed_ms);
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

    /* the XACK goes with the answer, unless a failed call's wa:dlq record is still to be written (then the stage
     * acknowledges the entry after it, as before) */
    int acked = 0;
    if (emit(s, c, job, text, source, !failed, &acked) != 0) {
        res->outcome = acked ? WA_ENTRY_ACK : WA_ENTRY_RETRY;
        res->acked = acked;
        free(text);
        return wa_conn_ok(c) ? 0 : -1;
    }
    res->acked = acked;
    if (job->kb_text == NULL)
        wa_metric_add(job->emergency != NULL ? s->m_emergency
                      : !called              ? s->m_fallback
                      : failed               ? s->m_error
                                             : s->m_ok,
                      1);
    char out_id[KEY_BUF];
    snprintf(out_id, sizeof(out_id), "reply:%s", job->req.wamid);
    wa_info("answered", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "out_id", out_id, "entry_id", e->id,
            "source", source, "lang", job->lang, "emergency", job->emergency, "kb_id",
            job->kb_text != NULL ? job->kb_id : NULL);
    if (failed && wa_conn_ok(c)) {
        /* for operators: the patient got the fallback, the call's failure is on record */
        if (wa_dlq_write(wa_conn_redis(c), s->cfg, STAGE, e, "ai_failed", g->detail, g->code, e->deliveries) != 0)
            wa_warn("could not record the failed call in wa:dlq", "wamid", job->req.wamid);
    }
    free(text);
    return wa_conn_ok(c) ? 0 : -1;
}

ai_job_t *ai_service_start(ai_service_t *s, wa_conn_t *c, const wa_entry_t *e, wa_result_t *res)
{
    res->outcome = WA_ENTRY_ACK;
    job_t *job = wa_calloc(1, sizeof(*job));
    job->entry_buf = wa_entry_copy(&job->entry, e);
    job->touched_ms = wa_mono_ms();
    const char *missing = NULL;
    if (wa_ai_req_decode(&job->entry, &job->req, &missing) != 0) {
        wa_result_dlq(res, "bad_entry", NULL, "missing field %s", missing);
        goto settled;
    }
    for (size_t i = 0; i < s->nlive; i++) {
        if (strcmp(s->live[i]->req.wamid, job->req.wamid) == 0) {
            wa_info("same question twice; the first entry answers it", "wamid", job->req.wamid, "entry_id", e->id);
            goto settled; /* ACK */
        }
    }
    switch (already_done(c, s->cfg, job->req.wamid)) {
    case 1:
        wa_info("already answered", "wamid", job->req.wamid, "entry_id", e->id);
        goto settled; /* ACK */
    case -1: /* the connection broke (recorded on c) */
        res->outcome = WA_ENTRY_RETRY;
        goto settled;
    default:
        break;
    }

    const ai_doctor_t *doc = NULL; /* borrowed until the next ai_clinics_get: copy what outlives this function */
    switch (ai_clinics_get(s->clinics, s->pg, job->req.doctor_id, &doc)) {
    case 1:
        wa_result_dlq(res, "unknown_doctor", NULL, "no doctor with id %.64s", job->req.doctor_id);
        goto settled;
    case -1:
        res->outcome = WA_ENTRY_RETRY; /* the database is away: the entry comes back after the idle threshold */
        goto settled;
    default:
        break;
    }
    job->fallback = ai_answer_fallback(doc->fallback_text, s->cfg->ai_fallback_text, doc->clinic_name, doc->name);
    /* the router's guess (wa:ai `lang`) only for a text without letters; English when there is none */
    job->lang =
        wa_lang_detect(job->req.text, job->req.lang != NULL && job->req.lang[0] != '\0' ? job->req.lang : WA_LANG_EN);
    job->emergency = wa_emergency_detect(job->req.text);
    if (job->emergency != NULL) {
        job->fixed_text =
            wa_emergency_text(doc->emergency_text, s->emergency_text, job->lang,
                              doc->emergency_number[0] != '\0' ? doc->emergency_number : s->emergency_number,
                              doc->clinic_name[0] != '\0' ? doc->clinic_name : doc->name);
        if (doc->school) /* the built-in texts say the doctor was told: at a school it is the school */
            job->fixed_text = school_words(job->fixed_text);
    } else {
        int band = job->req.kb_candidates != NULL && job->req.kb_candidates[0] != '\0';
        if (band && s->prov->enabled && prepare_rerank(s, doc, job) == 0) {
            live_add(s, job); /* the model chooses among the candidates first (on_call_done) */
            ai_calls_submit(s->calls, &job->call);
            return job;
        }
        if (band) /* no model to ask: the lexical decision */
            (void)use_kb_entry(s, job, job->req.kb_lexical, "lexical");
        if (job->kb_text == NULL && s->prov->enabled) {
            prepare_call(s, doc, job);
            live_add(s, job);
            ai_calls_submit(s->calls, &job->call);
            return job;
        }
    }
    /* answered without a call: the emergency text, a knowledge-base entry, or the fallback when no provider is
     * configured */
    (void)answer(s, c, res, job); /* a broken connection is recorded on c */
settled:
    job_free(job);
    return NULL;
}

typedef struct st_step_ctx_t {
    ai_service_t *s;
    wa_conn_t *c;
    ai_settled_cb cb;
    void *data;
} step_ctx_t;

/* The rerank call of `job` ended: a chosen candidate's answer (job->kb_text), else the lexical decision when the
 * model was slow, failing or out of shape, else ("none", or no lexical answer) the ordinary model call, which goes
 * into the pipeline. Returns 1 when that call was submitted (the job is live again), 0 when the job is to be answered
 * now. */
static int rerank_done(ai_service_t *s, job_t *job)
{
    ai_gemini_result_t *g = &job->call.res;
    ai_rerank_t r = AI_RERANK_INVALID;
    char id[48] = "", ms[24];
    const ai_doctor_t *doc = NULL;
    int k;

    job->reranking = 0;
    record_usage(s, job, g);
    if (g->kind == AI_GEMINI_OK) {
        r = ai_rerank_parse(g->text, job->req.kb_candidates, id, sizeof(id));
        k = (int)r;
    } else {
        k = AI_RERANK_FOREIGN + 1; /* failed: slow, down, refused by the breaker */
    }
    wa_metric_add(s->m_rerank[k], 1);
    snprintf(ms, sizeof(ms), "%.0f", job->call.elapsed_ms);
    wa_info("knowledge-base rerank", "wamid", job->req.wamid, "doctor_id", job->req.doctor_id, "result",
            g->kind == AI_GEMINI_OK ? ai_rerank_name(r) : "failed", "code", g->kind == AI_GEMINI_OK ? NULL : g->code,
            "kb_id", id[0] != '\0' ? id : NULL, "lexical", job->req.kb_lexical, "elapsed_ms", ms);
    if (g->kind == AI_GEMINI_OK && r == AI_RERANK_CHOSEN && use_kb_entry(s, job, id, "model"))
        return 0;
    /* the model gave nothing usable (slow, failing, out of shape, an id refused): the lexical decision */
    if (!(g->kind == AI_GEMINI_OK && r == AI_RERANK_NONE) && use_kb_entry(s, job, job->req.kb_lexical, "lexical"))
        return 0;
    /* the ai answers as usual */
    ai_gemini_result_dispose(&job->call.res);
    free(job->body);
    free(job->url);
    free(job->model);
    job->body = job->url = job->model = NULL;
    memset(&job->call, 0, sizeof(job->call));
    if (ai_clinics_get(s->clinics, s->pg, job->req.doctor_id, &doc) != 0)
        return 0; /* the clinic is not readable now: the fallback text (job->body NULL) */
    prepare_call(s, doc, job);
    live_add(s, job);
    ai_calls_submit(s->calls, &job->call);
    return 1;
}

static void on_call_done(ai_call_t *call, void *data)
{
    step_ctx_t *ctx = data;
    job_t *job = (job_t *)(void *)((char *)call - offsetof(job_t, call));
    live_remove(ctx->s, job);
    if (job->reranking && wa_conn_ok(ctx->c) && rerank_done(ctx->s, job))
        return; /* the ordinary call is in flight now */
    wa_result_t res;
    memset(&res, 0, sizeof(res));
    if (!wa_conn_ok(ctx->c)) {
        res.outcome = WA_ENTRY_RETRY; /* no Redis to answer through: the entry stays pending, reclaimed later */
        wa_warn("Redis unavailable when the model answered; the entry will be redelivered", "wamid", job->req.wamid);
    } else {
        (void)answer(ctx->s, ctx->c, &res, job); /* a broken connection is recorded on c */
    }
    ctx->cb(&job->entry, &res, ctx->data);
    job_free(job);
}

int ai_service_step(ai_service_t *s, wa_conn_t *c, long wait_ms, int extra_fd, ai_settled_cb cb, void *data)
{
    step_ctx_t ctx = {.s = s, .c = c, .cb = cb, .data = data};
    int rc = ai_calls_step(s->calls, wait_ms, extra_fd, on_call_done, &ctx);
    flush_usage(s); /* the usage of every call this step answered, in one statement */
    return rc;
}
