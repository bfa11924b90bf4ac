/*
 * The sender stage (sender.h): wa:out -> Graph API (or wa:sandbox) -> messages table.
 *
 * One batch goes through four phases so that its Graph calls overlap:
 *   1. decode every entry (bad ones are dead-lettered) and, in one Redis
 *      pipeline, run the claim script per out_id: already sent -> duplicate,
 *      leased by another sender -> retry later, else we now hold the lease;
 *   2. build each leased entry's request and pick its credentials;
 *   3. sandbox entries are written to wa:sandbox, the others are POSTed to
 *      Graph all at once (wa_http_run);
 *   4. each answer is turned into ack / retry / dead-letter; an accepted send
 *      is marked sent (and the lease dropped) in one Redis round trip, then
 *      recorded in PostgreSQL.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hiredis/hiredis.h>
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "creds.h"
#include "graph.h"
#include "record.h"
#include "sender.h"

#define LEASE_MS "60000"
#define SENT_TTL_S "691200" /* 8 days: longer than Meta's 7 days of webhook retries */
#define KEY_MAX 512

/* KEYS[1] sent key, KEYS[2] lease key; ARGV[1] consumer, ARGV[2] lease ms. Returns {"sent", wamid}, {"ok", ""} or
 * {"busy", holder}. Atomic: a sender that finishes (SET sent, then DEL lease, one script) is never seen half done. */
static const char *claim_lua = "local v = redis.call('GET', KEYS[1]) "
                               "if v then return {'sent', v} end "
                               "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'ok', ''} end "
                               "return {'busy', redis.call('GET', KEYS[2]) or ''}";
/* KEYS[1] sent key, KEYS[2] lease key; ARGV[1] wamid, ARGV[2] ttl s, ARGV[3] consumer. */
static const char *mark_lua = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) "
                              "if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end "
                              "return 1";
/* KEYS[1] lease key; ARGV[1] consumer: drops the lease only if it is still ours. */
static const char *release_lua = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
                                 "return 0";

struct st_snd_sender_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    wa_http_t *http;
    wa_metric_t *m_ok, *m_sandbox, *m_retry, *m_dlq, *m_dup;
};

enum { IT_DONE = 0, IT_CLAIM, IT_DUP, IT_SEND, IT_SANDBOX };

typedef struct st_item_t {
    wa_entry_t *e;
    wa_result_t *res;
    wa_out_msg_t m;
    int state;
    int leased;
    char sent_key[KEY_MAX], lease_key[KEY_MAX];
    char prev_wamid[256]; /* IT_DUP: the wamid stored in the sent key */
    snd_graph_request_t req;
    snd_creds_t creds;
    wa_http_req_t http;
    char url[1024];
    char *auth; /* "Authorization: Bearer <token>": wiped before free */
} item_t;

snd_sender_t *snd_sender_create(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http)
{
    snd_sender_t *s = wa_calloc(1, sizeof(*s));
    s->cfg = cfg, s->pg = pg, s->http = http;
    static const char *help = "Outbound messages handled by the sender, by result";
    s->m_ok = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"ok\"", help);
    s->m_sandbox = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"sandbox\"", help);
    s->m_retry = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"retry\"", help);
    s->m_dlq = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"dlq\"", help);
    s->m_dup = wa_metric(WA_METRIC_COUNTER, "wa_sender_sends_total", "result=\"duplicate\"", help);
    return s;
}

void snd_sender_destroy(snd_sender_t *s)
{
    free(s);
}

static void count_graph_call(const char *code)
{
    char labels[64];
    snprintf(labels, sizeof(labels), "code=\"%s\"", code);
    wa_metric_add(wa_metric(WA_METRIC_COUNTER, "wa_graph_calls_total", labels, "Graph API send calls, by answer"), 1);
}

/* Runs one script on the command connection. Returns the reply (caller frees) or NULL after telling the consumer
 * loop that the connection failed. */
static redisReply *eval(wa_consumer_t *c, const char *script, int nkeys, const char **args, int nargs)
{
    redisContext *r = wa_consumer_redis(c);
    if (r == NULL)
        return NULL;
    const char *argv[8];
    size_t lens[8];
    char nk[8];
    snprintf(nk, sizeof(nk), "%d", nkeys);
    argv[0] = "EVAL", argv[1] = script, argv[2] = nk;
    for (int i = 0; i < nargs; i++)
        argv[3 + i] = args[i];
    for (int i = 0; i < 3 + nargs; i++)
        lens[i] = strlen(argv[i]);
    redisReply *rep = wa_redis_cmd(r, 3 + nargs, argv, lens);
    if (rep == NULL)
        wa_consumer_redis_failed(c);
    return rep;
}

static void retry(snd_sender_t *s, item_t *it, const char *why)
{
    it->res->outcome = WA_ENTRY_RETRY;
    it->state = IT_DONE;
    wa_metric_add(s->m_retry, 1);
    wa_info("send deferred", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id, "why", why);
}

/* Drops our lease so that the entry, when it comes back (or is replayed from wa:dlq), is not blocked for a minute. */
static void release_lease(snd_sender_t *s, wa_consumer_t *c, item_t *it)
{
    if (!it->leased)
        return;
    it->leased = 0;
    const char *args[] = {it->lease_key, s->cfg->consumer_name};
    redisReply *rep = eval(c, release_lua, 1, args, 2);
    if (rep != NULL)
        freeReplyObject(rep); /* an error reply only means the lease expires by itself */
}

/* Phase 1: decode and claim. Entries that cannot go on get their outcome here. */
static void claim_all(snd_sender_t *s, wa_consumer_t *c, item_t *items, size_t n)
{
    size_t pending = 0;
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        const char *missing = NULL;
        if (wa_out_msg_decode(it->e, &it->m, &missing) != 0) {
            wa_result_dlq(it->res, "bad_entry", NULL, "wa:out entry without %s", missing);
            wa_metric_add(s->m_dlq, 1);
            continue;
        }
        if (strlen(it->m.out_id) > 400) {
            wa_result_dlq(it->res, "bad_entry", NULL, "out_id longer than 400 bytes");
            wa_metric_add(s->m_dlq, 1);
            continue;
        }
        wa_config_key(s->cfg, it->sent_key, sizeof(it->sent_key), "sent:", it->m.out_id);
        wa_config_key(s->cfg, it->lease_key, sizeof(it->lease_key), "sending:", it->m.out_id);
        it->state = IT_CLAIM;
        pending++;
    }
    if (pending == 0)
        return;

    redisContext *r = wa_consumer_redis(c);
    int failed = r == NULL;
    for (size_t i = 0; i < n && !failed; i++) {
        item_t *it = &items[i];
        if (it->state != IT_CLAIM)
            continue;
        const char *argv[] = {"EVAL", claim_lua, "2", it->sent_key, it->lease_key, s->cfg->consumer_name, LEASE_MS};
        size_t lens[7];
        for (int k = 0; k < 7; k++)
            lens[k] = strlen(argv[k]);
        if (redisAppendCommandArgv(r, 7, argv, lens) != REDIS_OK)
            failed = 1;
    }
    /* read every reply of the pipeline; after a connection error the rest are lost and those entries retried */
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->state != IT_CLAIM)
            continue;
        redisReply *rep = NULL;
        if (failed || redisGetReply(r, (void **)&rep) != REDIS_OK || rep == NULL) {
            if (!failed)
                wa_consumer_redis_failed(c);
            failed = 1;
            retry(s, it, "redis unavailable");
            continue;
        }
        if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 && rep->element[0]->type == REDIS_REPLY_STRING &&
            rep->element[1]->type == REDIS_REPLY_STRING) {
            const char *verdict = rep->element[0]->str;
            if (strcmp(verdict, "ok") == 0) {
                it->leased = 1;
                it->state = IT_SEND;
            } else if (strcmp(verdict, "sent") == 0) {
                snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", rep->element[1]->str);
                it->state = IT_DUP;
            } else {
                retry(s, it, "another sender holds the lease");
            }
        } else {
            wa_warn("claim script failed", "out_id", it->m.out_id, "error",
                    rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
            retry(s, it, "claim failed");
        }
        freeReplyObject(rep);
    }
}

/* The wamid we already have for an out_id: make sure the record exists (the earlier attempt may have died before
 * writing it), then acknowledge. */
static void finish_duplicate(snd_sender_t *s, item_t *it)
{
    char err[128];
    it->state = IT_DONE;
    wa_metric_add(s->m_dup, 1);
    if (snd_graph_request_build(&it->m, &it->req, err, sizeof(err)) == 0 && !it->req.is_read) {
        const char *status = strncmp(it->prev_wamid, "sandbox.", 8) == 0 ? "sandbox" : "accepted";
        if (snd_record_outbound(s->pg, &it->m, it->req.type, it->req.text_body, it->prev_wamid, status) ==
            SND_RECORD_TRANSIENT) {
            it->res->outcome = WA_ENTRY_RETRY;
            return;
        }
    }
    wa_info("duplicate out_id: already sent", "out_id", it->m.out_id, "wamid", it->prev_wamid, "doctor_id",
            it->m.doctor_id, "entry_id", it->e->id);
}

/* Phase 2: request and credentials. */
static void prepare(snd_sender_t *s, wa_consumer_t *c, item_t *it)
{
    char err[128];
    if (snd_graph_request_build(&it->m, &it->req, err, sizeof(err)) != 0) {
        wa_result_dlq(it->res, "bad_message", NULL, "%s", err);
        wa_metric_add(s->m_dlq, 1);
        it->state = IT_DONE;
        release_lease(s, c, it);
        return;
    }
    if (snd_creds_pick(s->cfg, it->m.doctor_id, &it->creds) != 0) {
        release_lease(s, c, it);
        retry(s, it, "credentials unavailable");
        return;
    }
    if (it->creds.sandbox) {
        it->state = IT_SANDBOX;
        return;
    }
    const char *base = s->cfg->graph_url;
    size_t blen = strlen(base);
    snprintf(it->url, sizeof(it->url), "%.*s/%s/messages", (int)(blen > 0 && base[blen - 1] == '/' ? blen - 1 : blen),
             base, it->creds.phone_number_id);
    size_t alen = strlen(it->creds.token) + 32;
    it->auth = wa_malloc(alen);
    snprintf(it->auth, alen, "Authorization: Bearer %s", it->creds.token);
    wa_http_req_init(&it->http, "POST", it->url, s->cfg->graph_timeout_ms);
    it->http.body = it->req.json;
    it->http.body_len = strlen(it->req.json);
    it->http.headers[0] = it->auth;
    it->http.headers[1] = "Content-Type: application/json";
    it->http.headers[2] = NULL;
}

/* Phase 4 for an accepted send: mark, then record (see the top of the file for why in this order). */
static void finish_sent(snd_sender_t *s, wa_consumer_t *c, item_t *it, const char *wamid, const char *status)
{
    it->state = IT_DONE;
    const char *args[] = {it->sent_key, it->lease_key, wamid, SENT_TTL_S, s->cfg->consumer_name};
    redisReply *rep = eval(c, mark_lua, 2, args, 5);
    int marked = rep != NULL && rep->type != REDIS_REPLY_ERROR;
    if (rep != NULL)
        freeReplyObject(rep);
    if (marked)
        it->leased = 0;
    else
        wa_error("sent but could not mark it sent: a redelivery after the lease expires may send it again", "out_id",
                 it->m.out_id, "wamid", wamid, "doctor_id", it->m.doctor_id);

    snd_record_rc_t rc = SND_RECORD_OK;
    if (!it->req.is_read)
        rc = snd_record_outbound(s->pg, &it->m, it->req.type, it->req.text_body, wamid, status);
    wa_metric_add(strcmp(status, "sandbox") == 0 ? s->m_sandbox : s->m_ok, 1);
    wa_info(strcmp(status, "sandbox") == 0 ? "written to sandbox" : "sent", "out_id", it->m.out_id, "wamid", wamid,
            "doctor_id", it->m.doctor_id, "entry_id", it->e->id, "type", it->req.type, "creds", it->creds.origin);
    if (!marked || rc == SND_RECORD_TRANSIENT)
        it->res->outcome = WA_ENTRY_RETRY; /* comes back as a duplicate, which records it */
    else if (rc == SND_RECORD_PERMANENT)
        wa_result_dlq(it->res, "record_failed", NULL, "sent as %s but the messages row cannot be written", wamid);
}

/* Phase 3a: the sandbox stream instead of Meta. */
static void send_sandbox(snd_sender_t *s, wa_consumer_t *c, item_t *it)
{
    redisContext *r = wa_consumer_redis(c);
    if (r == NULL) {
        retry(s, it, "redis unavailable");
        return;
    }
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_cmd_args(&cmd, "XADD");
    wa_cmd_args(&cmd, s->cfg->key_sandbox);
    wa_cmd_args(&cmd, "*");
    wa_cmd_field(&cmd, "out_id", it->m.out_id);
    wa_cmd_field(&cmd, "to", it->m.to);
    wa_cmd_field(&cmd, "request", it->req.json);
    wa_cmd_field(&cmd, "phone_number_id", it->creds.phone_number_id);
    wa_cmd_field(&cmd, "doctor_id", it->m.doctor_id);
    redisReply *rep = wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
    if (rep == NULL)
        wa_consumer_redis_failed(c);
    int ok = rep != NULL && rep->type != REDIS_REPLY_ERROR;
    if (rep != NULL)
        freeReplyObject(rep);
    if (!ok) {
        release_lease(s, c, it);
        retry(s, it, "sandbox XADD failed");
        return;
    }
    char wamid[KEY_MAX];
    snprintf(wamid, sizeof(wamid), "sandbox.%s", it->m.out_id);
    finish_sent(s, c, it, wamid, "sandbox");
}

/* Phase 4 for a Graph call. */
static void settle(snd_sender_t *s, wa_consumer_t *c, item_t *it)
{
    snd_graph_response_t res;
    snd_graph_verdict_t v;
    snd_graph_response_parse(it->http.status, it->http.resp, it->http.resp_len, &res);
    snd_graph_verdict(it->http.status, it->http.curl_code, it->http.error, &res, &v);
    count_graph_call(v.metric_code);
    if (v.outcome == WA_ENTRY_ACK) {
        finish_sent(s, c, it, it->req.is_read ? "" : res.wamid, "accepted");
        return;
    }
    char status[16];
    snprintf(status, sizeof(status), "%ld", it->http.status);
    wa_warn("Graph send failed", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id,
            "http_status", status, "error_code", v.error_code, "reason", v.reason, "fbtrace_id",
            res.fbtrace_id[0] ? res.fbtrace_id : NULL, "detail", v.detail);
    release_lease(s, c, it);
    it->state = IT_DONE;
    if (v.outcome == WA_ENTRY_RETRY) {
        it->res->outcome = WA_ENTRY_RETRY;
        wa_metric_add(s->m_retry, 1);
    } else {
        wa_result_dlq(it->res, v.reason, v.error_code, "%s", v.detail);
        wa_metric_add(s->m_dlq, 1);
    }
}

void snd_sender_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data)
{
    snd_sender_t *s = data;
    item_t *items = wa_calloc(n, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i].e = &entries[i], items[i].res = &results[i];

    claim_all(s, c, items, n);

    size_t nhttp = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i].state == IT_DUP)
            finish_duplicate(s, &items[i]);
        else if (items[i].state == IT_SEND)
            prepare(s, c, &items[i]);
        if (items[i].state == IT_SEND)
            nhttp++;
    }

    for (size_t i = 0; i < n; i++)
        if (items[i].state == IT_SANDBOX)
            send_sandbox(s, c, &items[i]);

    if (nhttp > 0) {
        wa_http_req_t **reqs = wa_calloc(nhttp, sizeof(*reqs));
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (items[i].state == IT_SEND)
                reqs[k++] = &items[i].http;
        if (wa_http_run(s->http, reqs, nhttp) != 0) {
            for (size_t i = 0; i < n; i++)
                if (items[i].state == IT_SEND) {
                    release_lease(s, c, &items[i]);
                    retry(s, &items[i], "HTTP batch could not start");
                }
        } else {
            for (size_t i = 0; i < n; i++)
                if (items[i].state == IT_SEND)
                    settle(s, c, &items[i]);
        }
        free(reqs);
    }

    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->leased) /* only when Redis failed on the way: the lease expires by itself */
            it->leased = 0;
        snd_graph_request_dispose(&it->req);
        wa_http_req_dispose(&it->http);
        if (it->auth != NULL) {
            explicit_bzero(it->auth, strlen(it->auth));
            free(it->auth);
        }
    }
    free(items);
}
