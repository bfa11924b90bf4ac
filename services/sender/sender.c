/*
 * The sender stage (sender.h): wa:out -> Graph API (or wa:sandbox) -> messages table.
 *
 * The entries taken in together form a group (snd_group_t) that goes through
 * these phases; its Graph calls run on whichever HTTP driver its owner uses
 * (wa_http_run for libwa's batch consumer, the stream loop's multi handle in
 * loop.c, where many groups are under way at once):
 *   1. decode every entry (bad ones are dead-lettered) and, in one Redis
 *      pipeline, claim each out_id (lease.c): already sent -> duplicate,
 *      leased by another sender -> retry later, else we now hold the lease
 *      (an out_id held by another group of this process waits too); a read
 *      receipt ready to go is claimed by its admission call in 2b instead
 *      (one script per entry fewer: nothing between the two concerns it);
 *   2. build each leased entry's request and pick its credentials;
 *   3. sandbox entries are written to wa:sandbox, the others are handed to
 *      the HTTP driver all at once (snd_group_next returns them);
 *   4. each answer is turned into ack / retry / dead-letter; an accepted send
 *      is marked sent (and the lease dropped) in one Redis round trip;
 *   5. entries to resend at once (an AUTH error on the doctor's own number:
 *      through the master number; 131047 with a window template: as that
 *      template) go through phases 2-4 once more;
 *   6. every send of the group is recorded in PostgreSQL in one pipelined
 *      round trip (record.h), which settles its outcome.
 * This file runs the phases and settles each entry's outcome; the steps live
 * one concern per file (stage.h): the lease in lease.c (phase 1, the renewal
 * before 3, the mark in 4), admission and throttles in ratelimit.c (2b, 4;
 * its script renews a Graph send's lease in the same call),
 * the 24-hour window and template fallback in window.c (2a', 5), the Graph
 * request, answer and sandbox forms in graph.c.
 * Each answered call is also observed in the histogram
 * wa_graph_call_seconds{result="ok|error"}.
 *
 * Before its Graph call an entry passes the admission script: the throttle
 * keys of its number, its recipient pair and the app (set after 130429,
 * 131056 and 4) and its number's token bucket. An entry that must wait is
 * scheduled in wa:retry (retry.h) and acknowledged; so is an entry whose send
 * failed with a RETRY class (exponential backoff with jitter, at most
 * SENDER_MAX_ATTEMPTS attempts and SENDER_MAX_AGE_MS of age, then wa:dlq).
 * Throttling and the bucket do not count as attempts. An OPS answer pauses
 * the sending number (SENDER_OPS_PAUSE_MS) and dead-letters the message.
 *
 * At most once per out_id: the mark (prefix+"sent:<out_id>" = wamid, 8 days)
 * is written right after the Graph answer, before anything else, so the one
 * window in which a patient could get a message twice is a sender dying (or
 * losing Redis) between Meta's answer and that one SET: a single round trip.
 * The record comes after the mark and is idempotent; when it fails, the entry
 * is retried and the duplicate path records it. A transfer that times out
 * without an answer is retried too: Meta may have accepted it, which is the
 * same window seen from the network side.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hiredis/hiredis.h>
#include "wa/log.h"
#include "wa/phone.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "broadcast.h"
#include "creds.h"
#include "graph.h"
#include "record.h"
#include "retry.h"
#include "sender.h"
#include "item.h"

snd_sender_t *snd_sender_create(const wa_config_t *cfg, wa_pg_t *pg)
{
    snd_sender_t *s = wa_calloc(1, sizeof(*s));
    s->cfg = cfg, s->pg = pg;
    s->creds = snd_creds_store_create(cfg, pg);
    snd_retry_settings_load(&s->rs, cfg);
    s->rnd = (unsigned)wa_now_ms() ^ (unsigned)(uintptr_t)s;
    static const char *help = "Outbound messages handled by the sender, by result";
    s->m_ok = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"ok\"", help);
    s->m_sandbox = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"sandbox\"", help);
    s->m_retry = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"retry\"", help);
    s->m_dlq = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"dlq\"", help);
    s->m_dup = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"duplicate\"", help);
    s->m_deferred = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"scheduled_retry\"", help);
    s->m_throttled = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"throttled\"", help);
    s->m_fallback = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"master_fallback\"", help);
    s->m_invalid = wa_metric(WA_METRIC_COUNTER, "wa_sender_credentials_invalidated_total", NULL,
                             "Doctors' credentials marked invalid after an AUTH error");
    s->m_paused = wa_metric(WA_METRIC_COUNTER, "wa_sender_numbers_paused_total", NULL,
                            "Sending numbers paused after an OPS error (account, billing or policy)");
    static const char *lat_help = "Graph API send call latency, by result";
    s->m_lat_ok = wa_metric(WA_METRIC_HISTOGRAM, "wa_graph_call_seconds", "result=\"ok\"", lat_help);
    s->m_lat_err = wa_metric(WA_METRIC_HISTOGRAM, "wa_graph_call_seconds", "result=\"error\"", lat_help);
    s->ops_pause_ms = cfg->sender_ops_pause_ms;
    s->m_window = wa_metric(WA_METRIC_COUNTER, "wa_sender_window_closed_total", NULL,
                            "Free-form messages found outside the 24-hour window before sending");
    snd_lease_init(s);
    s->m_lease_lost = wa_metric(WA_METRIC_COUNTER, "wa_sender_leases_lost_total", NULL,
                                "Sends not made because the out_id's lease lapsed during a stall and another sender "
                                "took it (or sent it)");
    s->window_s = cfg->sender_window_s;
    s->m_read_skipped = wa_metric(WA_METRIC_COUNTER, "wa_sender_reads_skipped_total", NULL,
                                  "Read receipts not sent: a later message of the patient was marked read (which "
                                  "marks the earlier ones too), or they waited behind replies longer than "
                                  "SENDER_MAX_AGE_MS");
    return s;
}

void snd_sender_destroy(snd_sender_t *s)
{
    if (s == NULL)
        return;
    snd_creds_store_destroy(s->creds);
    free(s);
}

const snd_retry_settings_t *snd_sender_retry_settings(const snd_sender_t *s)
{
    return &s->rs;
}

unsigned snd_sender_rand(snd_sender_t *s)
{
    s->rnd = s->rnd * 1103515245u + 12345u;
    return s->rnd >> 8;
}

static void count_graph_call(const char *code)
{
    char labels[64];
    snprintf(labels, sizeof(labels), "code=\"%s\"", code);
    wa_metric_add(wa_metric(WA_METRIC_COUNTER, "wa_graph_calls_total", labels, "Graph API send calls, by answer"), 1);
}

/* The scripts loaded on a connection (snd_script_sha): Redis hashes a script's body at every EVAL (3.4% of its CPU at
 * load, issue 14); EVALSHA sends 40 bytes instead. Keyed by the script's address and the connection's generation
 * (a reconnect, e.g. after a Redis restart that forgot every script, loads them again). The sender's Redis work runs
 * on its one loop thread. */
#define SCRIPTS_MAX 8
static struct {
    const char *script;
    unsigned long gen;
    char sha[48];
} scripts[SCRIPTS_MAX];

const char *snd_script_sha(wa_conn_t *c, const char *script)
{
    redisContext *r = wa_conn_redis(c);
    size_t i;

    if (r == NULL)
        return NULL;
    for (i = 0; i < SCRIPTS_MAX && scripts[i].script != NULL && scripts[i].script != script; i++)
        ;
    if (i == SCRIPTS_MAX)
        return NULL;
    if (scripts[i].script == script && scripts[i].gen == c->gen)
        return scripts[i].sha;
    const char *argv[] = {"SCRIPT", "LOAD", script};
    size_t lens[] = {6, 4, strlen(script)};
    redisReply *rep = wa_redis_cmd(r, 3, argv, lens);
    if (rep == NULL) {
        wa_conn_fail(c, "a Redis command of the sender failed");
        return NULL;
    }
    int ok = rep->type == REDIS_REPLY_STRING && rep->len == 40;
    if (ok) {
        scripts[i].script = script;
        scripts[i].gen = c->gen;
        memcpy(scripts[i].sha, rep->str, 40);
        scripts[i].sha[40] = '\0';
    }
    freeReplyObject(rep);
    return ok ? scripts[i].sha : NULL;
}

int snd_script_lost(const redisReply *rep, const char *script)
{
    if (rep == NULL || rep->type != REDIS_REPLY_ERROR || rep->str == NULL || strncmp(rep->str, "NOSCRIPT", 8) != 0)
        return 0;
    for (size_t i = 0; i < SCRIPTS_MAX; i++)
        if (scripts[i].script == script)
            scripts[i].gen = 0;
    return 1;
}

/* Runs one script on the command connection. Returns the reply (caller frees) or NULL after telling the consumer
 * loop that the connection failed. */
redisReply *snd_conn_eval(wa_conn_t *c, const char *script, int nkeys, const char **args, int nargs)
{
    const char *sha = snd_script_sha(c, script);
    redisContext *r = wa_conn_redis(c);
    if (r == NULL)
        return NULL;
    const char *argv[16];
    size_t lens[16];
    char nk[8];
    if (nargs > 13) /* a programming error */
        wa_fatal("snd_conn_eval: too many arguments");
    snprintf(nk, sizeof(nk), "%d", nkeys);
    argv[0] = sha != NULL ? "EVALSHA" : "EVAL", argv[1] = sha != NULL ? sha : script, argv[2] = nk;
    for (int i = 0; i < nargs; i++)
        argv[3 + i] = args[i];
    for (int i = 0; i < 3 + nargs; i++)
        lens[i] = strlen(argv[i]);
    redisReply *rep = wa_redis_cmd(r, 3 + nargs, argv, lens);
    if (rep != NULL && sha != NULL && snd_script_lost(rep, script)) { /* flushed since it was loaded: send it whole */
        freeReplyObject(rep);
        argv[0] = "EVAL", argv[1] = script;
        lens[0] = 4, lens[1] = strlen(script);
        rep = wa_redis_cmd(r, 3 + nargs, argv, lens);
    }
    if (rep == NULL)
        wa_conn_fail(c, "a Redis command of the sender failed");
    return rep;
}

void snd_item_retry(snd_sender_t *s, snd_item_t *it, const char *why)
{
    it->res->outcome = WA_ENTRY_RETRY;
    it->state = SND_IT_DONE;
    wa_metric_add(s->m_retry, 1);
    wa_info("send deferred", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id, "why", why);
}

void snd_item_dead_letter(snd_sender_t *s, snd_item_t *it, const char *reason, const char *code, const char *detail)
{
    wa_result_dlq(it->res, reason, code, "%s", detail);
    snd_broadcast_dead_letter(s->pg, it->m.out_id, reason, code, detail); /* a broadcast's recipient: failed */
    wa_metric_add(s->m_dlq, 1);
    it->state = SND_IT_DONE;
}

/* Schedules the entry in wa:retry `delay_ms` from now with the given counters and acknowledges it; when that cannot be
 * done, leaves it pending (the consumer loop redelivers it). */
void snd_item_defer(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, long delay_ms, long attempt, long throttles,
                    int prepaid, const char *why)
{
    snd_lease_release(s, c, it);
    redisContext *r = wa_conn_redis(c);
    if (r == NULL) {
        snd_item_retry(s, it, "redis unavailable");
        return;
    }
    char *member = snd_retry_member(it->e, attempt, throttles, prepaid, NULL);
    int failed = 0;
    int rc = member != NULL ? snd_retry_schedule(r, s->cfg, member, wa_now_ms() + delay_ms, &failed) : -1;
    free(member);
    if (failed)
        wa_conn_fail(c, "a Redis command of the sender failed");
    if (rc != 0) {
        snd_item_retry(s, it, "cannot schedule in wa:retry");
        return;
    }
    it->state = SND_IT_DONE;
    it->res->outcome = WA_ENTRY_ACK;
    wa_metric_add(strcmp(why, "rate") == 0 || strcmp(why, "throttled") == 0 ? s->m_throttled : s->m_deferred, 1);
    char d[24], a[24];
    snprintf(d, sizeof(d), "%ld", delay_ms);
    snprintf(a, sizeof(a), "%ld", attempt);
    wa_info("send scheduled in wa:retry", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id,
            "why", why, "delay_ms", d, "attempt", a);
}

/* 1 when the entry is older than SENDER_MAX_AGE_MS (created_at, unix ms; unknown = not old). */
int snd_item_too_old(const snd_sender_t *s, const snd_item_t *it)
{
    long long created = it->m.created_at != NULL ? atoll(it->m.created_at) : 0;
    return created > 0 && wa_now_ms() - created > s->rs.max_age_ms;
}

/* The wamid we already have for an out_id: make sure the record exists (the earlier attempt may have died before
 * writing it), then acknowledge. */
void snd_item_finish_duplicate(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    char err[128];
    it->state = SND_IT_DONE;
    wa_metric_add(s->m_dup, 1);
    if (it->remark && !snd_lease_remark(s, c, it)) {
        it->res->outcome = WA_ENTRY_RETRY; /* still remembered: the next delivery tries again */
        return;
    }
    snd_graph_request_dispose(&it->req); /* a late-claimed read built it before its claim */
    if (snd_graph_request_build(&it->m, &it->req, err, sizeof(err)) == 0 && !it->req.is_read) {
        const char *status = snd_graph_sandbox_wamid_is(it->prev_wamid) ? "sandbox" : "accepted";
        if (snd_record_outbound(s->pg, &it->m, it->req.type, it->req.text_body, it->prev_wamid, status) ==
            SND_RECORD_TRANSIENT) {
            it->res->outcome = WA_ENTRY_RETRY;
            return;
        }
    }
    wa_info("duplicate out_id: already sent", "out_id", it->m.out_id, "wamid", it->prev_wamid, "doctor_id",
            it->m.doctor_id, "entry_id", it->e->id);
}

/* The HTTP request for the item's request and credentials. */
void snd_sender_setup_http(snd_sender_t *s, snd_item_t *it)
{
    const char *base = s->cfg->graph_url;
    size_t blen = strlen(base);
    if (blen > 0 && base[blen - 1] == '/')
        blen--;
    size_t ulen = blen + strlen(it->creds.phone_number_id) + sizeof("//messages");
    free(it->url);
    it->url = wa_malloc(ulen);
    snprintf(it->url, ulen, "%.*s/%s/messages", (int)blen, base, it->creds.phone_number_id);
    if (it->auth != NULL) {
        explicit_bzero(it->auth, strlen(it->auth));
        free(it->auth);
    }
    size_t alen = strlen(it->creds.token) + 32;
    it->auth = wa_malloc(alen);
    snprintf(it->auth, alen, "Authorization: Bearer %s", it->creds.token);
    wa_http_req_dispose(&it->http);
    wa_http_req_init(&it->http, "POST", it->url, s->cfg->graph_timeout_ms);
    it->http.body = it->req.json;
    it->http.body_len = strlen(it->req.json);
    it->http.headers[0] = it->auth;
    it->http.headers[1] = "Content-Type: application/json";
    it->http.headers[2] = NULL;
}

int snd_sender_read_claims_late(snd_sender_t *s, snd_item_t *it)
{
    char err[128];
    if (it->m.kind == NULL || strcmp(it->m.kind, "read") != 0 || s->cfg->consumer_name == NULL ||
        s->cfg->consumer_name[0] == '\0')
        return 0;
    if (snd_graph_request_build(&it->m, &it->req, err, sizeof(err)) != 0) {
        snd_graph_request_dispose(&it->req); /* prepare builds it again after the claim and dead-letters it */
        return 0;
    }
    it->prep_done = 1;
    it->prep_rc = snd_creds_pick(s->creds, it->m.doctor_id, &it->creds) != 0 ? -2 : 0;
    return it->prep_rc == 0 && it->req.is_read && !it->creds.none && !it->creds.sandbox;
}

/* Phase 2: request and credentials (found before the claim for a read receipt: snd_sender_read_claims_late). */
static void prepare(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    char err[128];
    if (!it->prep_done && snd_graph_request_build(&it->m, &it->req, err, sizeof(err)) != 0) {
        snd_item_dead_letter(s, it, "bad_message", NULL, err);
        snd_lease_release(s, c, it);
        return;
    }
    if (it->prep_done ? it->prep_rc != 0 : snd_creds_pick(s->creds, it->m.doctor_id, &it->creds) != 0) {
        snd_lease_release(s, c, it);
        snd_item_retry(s, it, "credentials unavailable");
        return;
    }
    if (it->creds.none) {
        snd_lease_release(s, c, it);
        snd_item_dead_letter(s, it, "credentials_invalid", NULL,
                    "the doctor's own credentials are invalid and the doctor does not allow the master number");
        return;
    }
    if (it->creds.sandbox) {
        it->state = SND_IT_SANDBOX;
        return;
    }
}

/* Phase 4 for an accepted send: mark now; the record follows for the whole batch in record_all (see the top of the
 * file for why in this order). */
static void finish_sent(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, const char *wamid, const char *status)
{
    if (!it->premarked) /* settle_round marks a round's accepted sends together, before settling any */
        it->marked = snd_lease_mark(s, c, it, wamid);
    it->premarked = 0;
    it->status = status;
    snprintf(it->wamid, sizeof(it->wamid), "%.*s", (int)sizeof(it->wamid) - 1, wamid); /* a wamid is far shorter */
    it->state = SND_IT_RECORD;
}

/* Phase 6: records every item sent in this batch in one pipeline, then settles its outcome. */
static void record_all(snd_sender_t *s, snd_item_t *items, size_t n)
{
    size_t k = 0;
    snd_record_row_t *rows = wa_calloc(n, sizeof(*rows));
    snd_record_rc_t *rcs = wa_calloc(n, sizeof(*rcs));
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_RECORD || it->req.is_read)
            continue;
        rows[k].m = &it->m, rows[k].type = it->req.type, rows[k].text_body = it->req.text_body;
        rows[k].wamid = it->wamid, rows[k].status = it->status;
        k++;
    }
    snd_record_outbound_many(s->pg, rows, k, rcs);
    k = 0;
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_RECORD)
            continue;
        snd_record_rc_t rc = it->req.is_read ? SND_RECORD_OK : rcs[k++];
        it->state = SND_IT_DONE;
        wa_metric_add(strcmp(it->status, "sandbox") == 0 ? s->m_sandbox : s->m_ok, 1);
        wa_info(strcmp(it->status, "sandbox") == 0 ? "written to sandbox" : "sent", "out_id", it->m.out_id, "wamid",
                it->wamid, "doctor_id", it->m.doctor_id, "entry_id", it->e->id, "type", it->req.type, "creds",
                it->creds.origin);
        if (!it->marked || rc == SND_RECORD_TRANSIENT)
            it->res->outcome = WA_ENTRY_RETRY; /* comes back as a duplicate, which records it */
        else if (rc == SND_RECORD_PERMANENT)
            wa_result_dlq(it->res, "record_failed", NULL, "sent as %s but the messages row cannot be written",
                          it->wamid);
    }
    free(rows);
    free(rcs);
}

/* Phase 3a: the sandbox stream instead of Meta. */
static void send_sandbox(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    redisContext *r = wa_conn_redis(c);
    if (r == NULL) {
        snd_item_retry(s, it, "redis unavailable");
        return;
    }
    wa_cmd_t cmd;
    snd_graph_sandbox_cmd(&cmd, s->cfg->key_sandbox, &it->m, &it->req, it->creds.phone_number_id);
    redisReply *rep = wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
    if (rep == NULL)
        wa_conn_fail(c, "a Redis command of the sender failed");
    int ok = rep != NULL && rep->type != REDIS_REPLY_ERROR;
    if (rep != NULL)
        freeReplyObject(rep);
    if (!ok) {
        snd_lease_release(s, c, it);
        snd_item_retry(s, it, "sandbox XADD failed");
        return;
    }
    char wamid[SND_KEY_MAX];
    snd_graph_sandbox_wamid(wamid, sizeof(wamid), it->m.out_id);
    finish_sent(s, c, it, wamid, "sandbox");
}

/* Meta's 131062 (a message that needs a phone number sent to a BSUID, A.9.4): the patient's phone, when one became
 * known after the entry was queued (a merge, 015_bsuid.sql), replaces the BSUID and the request is rebuilt. Returns 1
 * when the item is to be resent to the phone, 0 when no phone is known (or PostgreSQL failed: the dead letter says
 * why). */
static int phone_of_bsuid(snd_sender_t *s, snd_item_t *it)
{
    const char *params[] = {it->m.doctor_id, it->m.to};
    PGresult *res;
    int found;

    if (!wa_is_bsuid(it->m.to))
        return 0;
    res = wa_pg_exec(
        s->pg, "phone of a BSUID",
        "SELECT wa_id FROM patients WHERE doctor_id = $1::uuid AND (user_id = $2 OR $2 = ANY (user_id_aliases)"
        " OR parent_user_id = $2) AND wa_id <> $2 AND wa_id !~ '^[A-Z]{2}[.]' ORDER BY created_at LIMIT 1",
        2, params);
    found = res != NULL && PQntuples(res) == 1;
    if (found) {
        wa_out_msg_t m = it->m;
        snd_graph_request_t req;
        char err[128];
        snprintf(it->alt_to, sizeof(it->alt_to), "%s", PQgetvalue(res, 0, 0));
        m.to = it->alt_to;
        if (snd_graph_request_build(&m, &req, err, sizeof(err)) != 0) {
            found = 0;
        } else {
            snd_graph_request_dispose(&it->req);
            it->req = req;
            it->m.to = it->alt_to;
        }
    }
    if (res != NULL)
        PQclear(res);
    return found;
}

/* Phase 4 for a Graph call. */
static void settle(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    snd_graph_response_t res;
    snd_graph_verdict_t v;
    snd_graph_response_parse(it->http.status, it->http.resp, it->http.resp_len, &res);
    snd_graph_verdict(it->http.status, it->http.curl_code, it->http.error, &res, &v);
    count_graph_call(v.metric_code);
    wa_metric_observe_ms(v.outcome == WA_ENTRY_ACK ? s->m_lat_ok : s->m_lat_err, it->http.elapsed_ms);
    if (v.outcome == WA_ENTRY_ACK) {
        finish_sent(s, c, it, it->req.is_read ? "" : res.wamid, "accepted");
        return;
    }
    char status[16];
    snprintf(status, sizeof(status), "%ld", it->http.status);
    wa_warn("Graph send failed", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id,
            "http_status", status, "error_code", v.error_code, "reason", v.reason, "creds", it->creds.origin,
            "fbtrace_id", res.fbtrace_id[0] ? res.fbtrace_id : NULL, "detail", v.detail);
    int known = res.has_error && snd_graph_code_known(res.code);
    snd_graph_class_t cls = known ? snd_graph_classify(res.code) : SND_GRAPH_RETRY;

    if (known && cls == SND_GRAPH_AUTH && strcmp(it->creds.origin, "doctor") == 0) {
        wa_metric_add(s->m_invalid, 1);
        (void)snd_creds_mark_invalid(s->creds, it->m.doctor_id, v.error_code, res.message);
        if (it->creds.fallback_allowed && !it->resent) {
            snd_creds_master(s->creds, &it->creds);
            if (!it->creds.sandbox) {
                (void)snd_creds_event(s->creds, it->m.doctor_id, "fallback", v.error_code,
                                      "message resent through the master number");
                wa_metric_add(s->m_fallback, 1);
                it->state = SND_IT_RESEND;
                return;
            }
            it->state = SND_IT_SANDBOX; /* no master number: the sandbox, as for a doctor without credentials */
            return;
        }
    }
    if (known && (res.code == 131047 || res.code == 131050))
        snd_window_mark_patient(s, it, res.code);
    if (known && res.code == 131047 && !it->resent) {
        if (snd_window_to_template(s, it)) {
            it->state = SND_IT_RESEND;
            return;
        }
        snd_lease_release(s, c, it);
        snd_item_dead_letter(s, it, "window_closed", v.error_code,
                    "the patient's 24-hour window is closed and the doctor has no window template");
        return;
    }
    if (known && res.code == 131062 && !it->resent && phone_of_bsuid(s, it)) {
        wa_info("131062: resending to the patient's phone number", "out_id", it->m.out_id, "doctor_id",
                it->m.doctor_id);
        it->state = SND_IT_RESEND;
        return;
    }
    if (known && res.code == 131062) {
        /* no phone number known for this BSUID (the address is the phone whenever one is, 015_bsuid.sql) */
        snd_lease_release(s, c, it);
        it->state = SND_IT_DONE;
        snd_item_dead_letter(s, it, "bsuid_unsupported", v.error_code,
                             "this message needs the patient's phone number (Meta 131062: e.g. an authentication "
                             "template) and the patient is known by business-scoped user id only");
        return;
    }
    if (known && cls == SND_GRAPH_OPS)
        snd_rate_pause_number(s, c, it, v.error_code, res.message);
    snd_lease_release(s, c, it);
    it->state = SND_IT_DONE;
    if (known && cls == SND_GRAPH_THROTTLE) {
        snd_rate_throttle(s, c, it, res.code);
        return;
    }
    if (v.outcome == WA_ENTRY_RETRY) {
        long attempt = it->attempt + 1;
        if (attempt >= s->rs.max_attempts || snd_item_too_old(s, it)) {
            char detail[600];
            snprintf(detail, sizeof(detail), "gave up after %ld attempts: %.500s", attempt, v.detail);
            snd_item_dead_letter(s, it, v.reason, v.error_code, detail);
            return;
        }
        snd_item_defer(s, c, it, snd_retry_backoff_ms(&s->rs, attempt, snd_sender_rand(s)), attempt, it->throttles, 0, v.reason);
        return;
    }
    snd_item_dead_letter(s, it, v.reason, v.error_code, v.detail);
}

/* Collects the requests of the items in state SND_IT_SEND. */
static size_t collect(snd_group_t *g)
{
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->items[i].state == SND_IT_SEND)
            g->reqs[k++] = &g->items[i].http;
    return k;
}

/* Phase 4 for every item of the round just answered: first the sent marks of every send Meta accepted, in one
 * pipeline (the one step between Meta's answer and the mark stays a single round trip, now for the round), then each
 * item's outcome. */
static void settle_round(snd_sender_t *s, wa_conn_t *c, snd_group_t *g)
{
    snd_item_t **acc = wa_calloc(g->n + 1, sizeof(*acc));
    const char **wamids = wa_calloc(g->n + 1, sizeof(*wamids));
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        snd_item_t *it = &g->items[i];
        snd_graph_response_t res;
        snd_graph_verdict_t v;
        if (it->state != SND_IT_SEND || it->http.curl_code == SND_HTTP_NOT_STARTED)
            continue;
        snd_graph_response_parse(it->http.status, it->http.resp, it->http.resp_len, &res);
        snd_graph_verdict(it->http.status, it->http.curl_code, it->http.error, &res, &v);
        if (v.outcome != WA_ENTRY_ACK)
            continue;
        snprintf(it->wamid, sizeof(it->wamid), "%.*s", (int)sizeof(it->wamid) - 1, it->req.is_read ? "" : res.wamid);
        acc[k] = it, wamids[k++] = it->wamid;
    }
    snd_lease_mark_all(s, c, acc, wamids, k);
    free(acc);
    free(wamids);
    for (size_t i = 0; i < g->n; i++) {
        snd_item_t *it = &g->items[i];
        if (it->state != SND_IT_SEND)
            continue;
        if (it->http.curl_code == SND_HTTP_NOT_STARTED) {
            snd_lease_release(s, c, it);
            snd_item_retry(s, it, "HTTP batch could not start");
        } else {
            settle(s, c, it);
        }
    }
}

snd_group_t *snd_group_create(snd_sender_t *s, wa_entry_t *entries, wa_result_t *results, size_t n)
{
    snd_group_t *g = wa_calloc(1, sizeof(*g));
    g->n = n;
    g->items = wa_calloc(n > 0 ? n : 1, sizeof(*g->items));
    g->reqs = wa_calloc(n > 0 ? n : 1, sizeof(*g->reqs));
    for (size_t i = 0; i < n; i++) {
        g->items[i].e = &entries[i], g->items[i].res = &results[i];
        g->items[i].sent_key = g->items[i].lease_key = "";
    }
    g->next = s->live;
    if (s->live != NULL)
        s->live->prev = g;
    s->live = g;
    return g;
}

size_t snd_group_next(snd_sender_t *s, wa_conn_t *c, snd_group_t *g, wa_http_req_t ***reqs)
{
    snd_item_t *items = g->items;
    size_t n = g->n, k;
    *reqs = g->reqs;
    if (g->stage == 0) {
        g->stage = 1;
        snd_lease_claim_all(s, c, g);
        for (size_t i = 0; i < n; i++) {
            if (items[i].state == SND_IT_DUP)
                snd_item_finish_duplicate(s, c, &items[i]);
            else if (items[i].state == SND_IT_SEND)
                prepare(s, c, &items[i]);
        }
        snd_window_check_all(s, c, items, n);
        snd_window_marketing_check_all(s, c, items, n);
        snd_rate_admit_all(s, c, items, n);
        snd_lease_renew_all(s, c, items, n);
        for (size_t i = 0; i < n; i++)
            if (items[i].state == SND_IT_SANDBOX)
                send_sandbox(s, c, &items[i]);
        if ((k = collect(g)) > 0)
            return k;
    }
    if (g->stage == 1) {
        g->stage = 2;
        settle_round(s, c, g);
        /* phase 5: resends decided by phase 4, once */
        for (size_t i = 0; i < n; i++) {
            snd_item_t *it = &items[i];
            if (it->state == SND_IT_RESEND) {
                it->resent = 1;
                it->state = SND_IT_SEND;
                if (snd_rate_admit(s, c, it))
                    snd_sender_setup_http(s, it);
            }
        }
        snd_lease_renew_all(s, c, items, n);
        for (size_t i = 0; i < n; i++) {
            snd_item_t *it = &items[i];
            if (it->state == SND_IT_SANDBOX) {
                it->resent = 1;
                send_sandbox(s, c, it);
            }
        }
        if ((k = collect(g)) > 0)
            return k;
    }
    if (g->stage == 2) {
        g->stage = 3;
        settle_round(s, c, g);
        record_all(s, items, n);
        for (size_t i = 0; i < n; i++) {
            snd_item_t *it = &items[i];
            if (it->state != SND_IT_DONE) { /* cannot happen: every path above sets an outcome */
                snd_lease_release(s, c, it);
                snd_item_retry(s, it, "internal: no outcome");
            }
            if (it->leased) /* only when Redis failed on the way: the lease expires by itself */
                it->leased = 0;
        }
    }
    return 0;
}

void snd_group_destroy(snd_sender_t *s, snd_group_t *g)
{
    if (g == NULL)
        return;
    if (g->prev != NULL)
        g->prev->next = g->next;
    else if (s->live == g)
        s->live = g->next;
    if (g->next != NULL)
        g->next->prev = g->prev;
    for (size_t i = 0; i < g->n; i++) {
        snd_item_t *it = &g->items[i];
        snd_graph_request_dispose(&it->req);
        wa_http_req_dispose(&it->http);
        snd_creds_dispose(&it->creds);
        free(it->alt_message);
        free(it->keys);
        free(it->url);
        if (it->auth != NULL) {
            explicit_bzero(it->auth, strlen(it->auth));
            free(it->auth);
        }
    }
    free(g->items);
    free(g->reqs);
    free(g);
}
