/*
 * The sender stage (sender.h): wa:out -> Graph API (or wa:sandbox) -> messages table.
 *
 * The entries taken in together form a group (snd_group_t) that goes through
 * these phases; its Graph calls run on the stage driver's HTTP client
 * (loop.c, where many groups are under way at once):
 *   1. decode every entry (bad ones are dead-lettered) and, in one Redis
 *      pipeline, run the claim script per out_id: already sent -> duplicate,
 *      leased by another sender -> retry later, else we now hold the lease
 *      (an out_id held by another group of this process waits too);
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
#include "wa/ops.h"
#include "wa/redis.h"
#include "creds.h"
#include "graph.h"
#include "record.h"
#include "retry.h"
#include "sender.h"

/* The lease on an out_id (prefix+"sending:<out_id>") lasts 2 x GRAPH_TIMEOUT_MS + LEASE_SLACK_MS: the Graph call's
 * own time and as much again for the loop to reach its answer and mark it sent. It is taken at the claim and renewed
 * right before the call (renew_all): a stall between the two (PostgreSQL, a stopped process) longer than the lease
 * lets another sender take the out_id, and then the renewal fails and this one does not send. */
#define LEASE_SLACK_MS 5000
#define SENT_TTL_S "691200" /* 8 days: longer than Meta's 7 days of webhook retries */
#define KEY_MAX 512
#define COPY_WAIT_MS 1000 /* an out_id being sent elsewhere is looked at again this much later (+ jitter) */

/* KEYS[1] sent key, KEYS[2] lease key; ARGV[1] consumer, ARGV[2] lease ms. Returns {"sent", wamid}, {"ok", ""} or
 * {"busy", holder}. Atomic: a sender that finishes (SET sent, then DEL lease, one script) is never seen half done. */
/* A lease already held under our own consumer name is stale: before the claim, an out_id that another group of this
 * process still holds (or that comes twice in one group) is sent back for a redelivery (held_elsewhere), and every
 * group drops its leases before it ends (a call abandoned at stop is settled as a timeout), so ours survives only a lost
 * reply (Redis restarted between applying a command and answering it, or gone while a group ended). It is taken over
 * rather than waited out. */
static const char *claim_lua = "local v = redis.call('GET', KEYS[1]) "
                               "if v then return {'sent', v} end "
                               "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'ok', ''} end "
                               "local h = redis.call('GET', KEYS[2]) "
                               "if h == ARGV[1] then redis.call('PEXPIRE', KEYS[2], ARGV[2]) return {'ok', ''} end "
                               "return {'busy', h or '', tostring(redis.call('PTTL', KEYS[2]))}";
/* KEYS[1] sent key, KEYS[2] lease key; ARGV[1] consumer, ARGV[2] lease ms: right before the Graph call, extends the
 * lease if it is still ours, or takes it again if it lapsed while nobody else took it or sent the out_id. Returns 1
 * (ours for another ARGV[2] ms) or 0 (lost: someone else holds it or sent it; do not send). */
static const char *renew_lua = "local h = redis.call('GET', KEYS[2]) "
                               "if h == ARGV[1] then redis.call('PEXPIRE', KEYS[2], ARGV[2]) return 1 end "
                               "if h or redis.call('EXISTS', KEYS[1]) == 1 then return 0 end "
                               "redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) "
                               "return 1";
/* KEYS[1] sent key, KEYS[2] lease key; ARGV[1] wamid, ARGV[2] ttl s, ARGV[3] consumer. */
static const char *mark_lua = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) "
                              "if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end "
                              "return 1";
/* KEYS[1] lease key; ARGV[1] consumer: drops the lease only if it is still ours. */
static const char *release_lua = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
                                 "return 0";

/* KEYS[1..3] throttle keys of the number, the recipient pair and the app; KEYS[4] the number's bucket (its "theoretical
 * arrival time", unix ms); ARGV[1] rate per second; ARGV[2] "1" when the entry already holds a slot. Returns {0, 0}
 * (send now), {1, ms} (a throttle holds: wait ms) or {2, ms} (the bucket is empty: a slot ms from now was reserved
 * for this entry). A bucket holds one second of sends; reserving slots instead of refusing keeps a broadcast's
 * entries out of the way until their turn rather than spinning through wa:retry. */
static const char *admit_lua =
    "local wait = 0 "
    "for i = 1, 3 do local t = redis.call('PTTL', KEYS[i]) if t > wait then wait = t end end "
    "if wait > 0 then return {1, wait} end "
    "if ARGV[2] == '1' then return {0, 0} end "
    "local t = redis.call('TIME') "
    "local now = t[1] * 1000 + math.floor(t[2] / 1000) "
    "local interval = 1000 / tonumber(ARGV[1]) "
    "local tat = tonumber(redis.call('GET', KEYS[4]) or '0') "
    "if tat < now then tat = now end "
    "redis.call('SET', KEYS[4], tostring(tat + interval), 'PX', math.ceil(tat + interval - now) + 1000) "
    "if tat - now < 1000 then return {0, 0} end "
    "return {2, math.ceil(tat - 1000 - now) + 1}";

#define UNMARKED_MAX 256

struct st_snd_sender_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    snd_creds_store_t *creds;
    snd_retry_settings_t rs;
    unsigned rnd;
    wa_metric_t *m_ok, *m_sandbox, *m_retry, *m_dlq, *m_dup, *m_deferred, *m_throttled, *m_fallback, *m_invalid;
    wa_metric_t *m_paused, *m_window;
    long window_s; /* SENDER_WINDOW_S (86400): the customer service window */
    long ops_pause_ms; /* SENDER_OPS_PAUSE_MS (600000): how long an OPS error pauses the sending number */
    char lease_ms[24]; /* 2 x GRAPH_TIMEOUT_MS + LEASE_SLACK_MS, as the scripts' argument */
    wa_metric_t *m_lease_lost;
    /* Sends Meta accepted whose sent: mark was lost with Redis (out_id -> wamid), newest overwriting oldest: when the
     * entry comes back to this process, it is settled as a duplicate instead of being sent again. A sender that
     * dies in that state is the documented duplicate window. */
    struct {
        char out_id[KEY_MAX], wamid[256];
    } unmarked[UNMARKED_MAX];
    size_t unmarked_next;
    snd_group_t *live; /* groups under way in this process (the stream loop runs many at once) */
    wa_metric_t *m_lat_ok, *m_lat_err;
};

/* IT_WAIT: the out_id is being sent by someone else (another sender's lease, another copy in this process): the
 * entry waits in wa:retry for wait_ms instead of being redelivered, which would use up its deliveries. */
enum { IT_DONE = 0, IT_CLAIM, IT_DUP, IT_SEND, IT_SANDBOX, IT_RESEND, IT_RECORD, IT_WAIT };

typedef struct st_item_t {
    wa_entry_t *e;
    wa_result_t *res;
    wa_out_msg_t m;
    int state;
    int leased;
    int resent;   /* already went through phase 5 once */
    long attempt; /* failed sends so far (the entry's attempt field) */
    long throttles;
    int prepaid;
    char sent_key[KEY_MAX], lease_key[KEY_MAX];
    char prev_wamid[256]; /* IT_DUP: the wamid stored in the sent key */
    int remark;           /* IT_DUP from the unmarked memory: the sent key must still be written */
    long wait_ms;         /* IT_WAIT: how long */
    snd_graph_request_t req;
    snd_creds_t creds;
    wa_http_req_t http;
    char url[1024];
    char *auth;        /* "Authorization: Bearer <token>": wiped before free */
    char *alt_message; /* the window template message that replaced the entry's message, owned */
    int marked;          /* IT_RECORD: the sent mark was written */
    const char *status;  /* IT_RECORD: "accepted" or "sandbox" (static) */
    char wamid[256];     /* IT_RECORD: what Graph (or the sandbox) returned */
} item_t;

struct st_snd_group_t {
    item_t *items;
    size_t n;
    int stage;            /* 0 new, 1 first sends out, 2 resends out, 3 settled */
    wa_http_req_t **reqs; /* the requests of the current round (n slots) */
    snd_group_t *prev, *next;
};

/* 1 when another group of this process holds `out_id` unsettled: its lease is ours too, so the claim script would
 * hand it over; the entry waits for a redelivery instead (as for the same out_id twice in one group). */
static int held_elsewhere(const snd_sender_t *s, const snd_group_t *self, const char *out_id)
{
    for (const snd_group_t *g = s->live; g != NULL; g = g->next) {
        if (g == self)
            continue;
        for (size_t i = 0; i < g->n; i++)
            if (g->items[i].state != IT_DONE && g->items[i].m.out_id != NULL &&
                strcmp(g->items[i].m.out_id, out_id) == 0)
                return 1;
    }
    return 0;
}

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
    const char *pause = getenv("SENDER_OPS_PAUSE_MS");
    s->ops_pause_ms = pause != NULL && atol(pause) > 0 ? atol(pause) : 600000;
    s->m_window = wa_metric(WA_METRIC_COUNTER, "wa_sender_window_closed_total", NULL,
                            "Free-form messages found outside the 24-hour window before sending");
    snprintf(s->lease_ms, sizeof(s->lease_ms), "%lld",
             2LL * (cfg->graph_timeout_ms > 0 ? cfg->graph_timeout_ms : 10000) + LEASE_SLACK_MS);
    s->m_lease_lost = wa_metric(WA_METRIC_COUNTER, "wa_sender_leases_lost_total", NULL,
                                "Sends not made because the out_id's lease lapsed during a stall and another sender "
                                "took it (or sent it)");
    const char *win = getenv("SENDER_WINDOW_S");
    s->window_s = win != NULL && atol(win) > 0 ? atol(win) : 86400;
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

static unsigned next_rand(snd_sender_t *s)
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

/* Runs one script on the command connection. Returns the reply (caller frees) or NULL after telling the consumer
 * loop that the connection failed. */
static redisReply *eval(wa_conn_t *c, const char *script, int nkeys, const char **args, int nargs)
{
    redisContext *r = wa_conn_redis(c);
    if (r == NULL)
        return NULL;
    const char *argv[12];
    size_t lens[12];
    char nk[8];
    snprintf(nk, sizeof(nk), "%d", nkeys);
    argv[0] = "EVAL", argv[1] = script, argv[2] = nk;
    for (int i = 0; i < nargs; i++)
        argv[3 + i] = args[i];
    for (int i = 0; i < 3 + nargs; i++)
        lens[i] = strlen(argv[i]);
    redisReply *rep = wa_redis_cmd(r, 3 + nargs, argv, lens);
    if (rep == NULL)
        wa_conn_fail(c, "a Redis command of the sender failed");
    return rep;
}

/* The wamid of an out_id this process sent but could not mark sent (see unmarked), or NULL. */
static const char *unmarked_wamid(snd_sender_t *s, const char *out_id)
{
    for (size_t i = 0; i < UNMARKED_MAX; i++)
        if (s->unmarked[i].out_id[0] != '\0' && strcmp(s->unmarked[i].out_id, out_id) == 0)
            return s->unmarked[i].wamid;
    return NULL;
}

static void retry(snd_sender_t *s, item_t *it, const char *why)
{
    it->res->outcome = WA_ENTRY_RETRY;
    it->state = IT_DONE;
    wa_metric_add(s->m_retry, 1);
    wa_info("send deferred", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id, "why", why);
}

static void dead_letter(snd_sender_t *s, item_t *it, const char *reason, const char *code, const char *detail)
{
    wa_result_dlq(it->res, reason, code, "%s", detail);
    wa_metric_add(s->m_dlq, 1);
    it->state = IT_DONE;
}

/* Drops our lease so that the entry, when it comes back (or is replayed from wa:dlq), is not blocked for a minute. */
static void release_lease(snd_sender_t *s, wa_conn_t *c, item_t *it)
{
    if (!it->leased)
        return;
    it->leased = 0;
    const char *args[] = {it->lease_key, s->cfg->consumer_name};
    redisReply *rep = eval(c, release_lua, 1, args, 2);
    if (rep != NULL)
        freeReplyObject(rep); /* an error reply only means the lease expires by itself */
}

/* Schedules the entry in wa:retry `delay_ms` from now with the given counters and acknowledges it; when that cannot be
 * done, leaves it pending (the consumer loop redelivers it). */
static void defer(snd_sender_t *s, wa_conn_t *c, item_t *it, long delay_ms, long attempt, long throttles,
                  int prepaid, const char *why)
{
    release_lease(s, c, it);
    redisContext *r = wa_conn_redis(c);
    if (r == NULL) {
        retry(s, it, "redis unavailable");
        return;
    }
    char *member = snd_retry_member(it->e, attempt, throttles, prepaid, NULL);
    int failed = 0;
    int rc = member != NULL ? snd_retry_schedule(r, s->cfg, member, wa_now_ms() + delay_ms, &failed) : -1;
    free(member);
    if (failed)
        wa_conn_fail(c, "a Redis command of the sender failed");
    if (rc != 0) {
        retry(s, it, "cannot schedule in wa:retry");
        return;
    }
    it->state = IT_DONE;
    it->res->outcome = WA_ENTRY_ACK;
    wa_metric_add(strcmp(why, "rate") == 0 || strcmp(why, "throttled") == 0 ? s->m_throttled : s->m_deferred, 1);
    char d[24], a[24];
    snprintf(d, sizeof(d), "%ld", delay_ms);
    snprintf(a, sizeof(a), "%ld", attempt);
    wa_info("send scheduled in wa:retry", "out_id", it->m.out_id, "doctor_id", it->m.doctor_id, "entry_id", it->e->id,
            "why", why, "delay_ms", d, "attempt", a);
}

/* 1 when the entry is older than SENDER_MAX_AGE_MS (created_at, unix ms; unknown = not old). */
static int too_old(const snd_sender_t *s, const item_t *it)
{
    long long created = it->m.created_at != NULL ? atoll(it->m.created_at) : 0;
    return created > 0 && wa_now_ms() - created > s->rs.max_age_ms;
}

/* Phase 1: decode and claim. Entries that cannot go on get their outcome here. */
static void claim_all(snd_sender_t *s, wa_conn_t *c, snd_group_t *g, item_t *items, size_t n)
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
        it->attempt = atol(it->m.attempt);
        const char *v = wa_entry_get(it->e, "throttles", NULL);
        it->throttles = v != NULL ? atol(v) : 0;
        v = wa_entry_get(it->e, "prepaid", NULL);
        it->prepaid = v != NULL && strcmp(v, "1") == 0;
        wa_config_key(s->cfg, it->sent_key, sizeof(it->sent_key), "sent:", it->m.out_id);
        wa_config_key(s->cfg, it->lease_key, sizeof(it->lease_key), "sending:", it->m.out_id);
        int twice = 0;
        for (size_t k = 0; k < i && !twice; k++)
            twice = items[k].state == IT_CLAIM && strcmp(items[k].m.out_id, it->m.out_id) == 0;
        if (twice || held_elsewhere(s, g, it->m.out_id)) {
            /* our own lease would not stop this copy: it comes back once the other one is settled */
            it->state = IT_WAIT, it->wait_ms = COPY_WAIT_MS;
            continue;
        }
        it->state = IT_CLAIM;
        pending++;
    }
    redisContext *r = pending > 0 ? wa_conn_redis(c) : NULL;
    int failed = pending > 0 && r == NULL;
    for (size_t i = 0; i < n && !failed && pending > 0; i++) {
        item_t *it = &items[i];
        if (it->state != IT_CLAIM)
            continue;
        const char *argv[] = {"EVAL", claim_lua, "2", it->sent_key, it->lease_key, s->cfg->consumer_name, s->lease_ms};
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
                wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
            retry(s, it, "redis unavailable");
            continue;
        }
        if (rep->type == REDIS_REPLY_ARRAY && rep->elements >= 2 && rep->element[0]->type == REDIS_REPLY_STRING &&
            rep->element[1]->type == REDIS_REPLY_STRING) {
            const char *verdict = rep->element[0]->str;
            const char *known = strcmp(verdict, "ok") == 0 ? unmarked_wamid(s, it->m.out_id) : NULL;
            if (known != NULL) { /* sent before Redis went away: mark it now, record it, never send it again */
                it->leased = 1;
                snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", known);
                it->remark = 1;
                it->state = IT_DUP;
            } else if (strcmp(verdict, "ok") == 0) {
                it->leased = 1;
                it->state = IT_SEND;
            } else if (strcmp(verdict, "sent") == 0) {
                snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", rep->element[1]->str);
                it->state = IT_DUP;
            } else { /* busy: wait for the holder's lease to end (it sends, or it died and the lease lapses) */
                long pttl = rep->elements >= 3 && rep->element[2]->type == REDIS_REPLY_STRING
                                ? atol(rep->element[2]->str)
                                : 0;
                it->state = IT_WAIT, it->wait_ms = (pttl > 0 ? pttl : 0) + COPY_WAIT_MS;
            }
        } else {
            wa_warn("claim script failed", "out_id", it->m.out_id, "error",
                    rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
            retry(s, it, "claim failed");
        }
        freeReplyObject(rep);
    }
    /* every pipelined reply is read: the connection is free for the wa:retry writes */
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->state == IT_WAIT)
            defer(s, c, it, it->wait_ms + (long)(rand_r(&s->rnd) % 500), it->attempt, it->throttles, it->prepaid,
                  "out_id busy");
    }
}

/* The wamid we already have for an out_id: make sure the record exists (the earlier attempt may have died before
 * writing it), then acknowledge. */
static void finish_duplicate(snd_sender_t *s, wa_conn_t *c, item_t *it)
{
    char err[128];
    it->state = IT_DONE;
    wa_metric_add(s->m_dup, 1);
    if (it->remark) {
        const char *args[] = {it->sent_key, it->lease_key, it->prev_wamid, SENT_TTL_S, s->cfg->consumer_name};
        redisReply *rep = eval(c, mark_lua, 2, args, 5);
        int marked = rep != NULL && rep->type != REDIS_REPLY_ERROR;
        if (rep != NULL)
            freeReplyObject(rep);
        if (!marked) {
            it->res->outcome = WA_ENTRY_RETRY; /* still remembered: the next delivery tries again */
            return;
        }
        it->leased = 0;
        for (size_t i = 0; i < UNMARKED_MAX; i++)
            if (strcmp(s->unmarked[i].out_id, it->m.out_id) == 0)
                s->unmarked[i].out_id[0] = '\0';
    }
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

/* The HTTP request for the item's request and credentials. */
static void setup_http(snd_sender_t *s, item_t *it)
{
    const char *base = s->cfg->graph_url;
    size_t blen = strlen(base);
    snprintf(it->url, sizeof(it->url), "%.*s/%s/messages", (int)(blen > 0 && base[blen - 1] == '/' ? blen - 1 : blen),
             base, it->creds.phone_number_id);
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

/* The admission check of the item's number, pair and app (see admit_lua). Returns 1 when it may be sent now;
 * otherwise the item got its outcome. */
/* The admission script's keys and rate for an item. */
typedef struct st_admit_args_t {
    char knum[KEY_MAX], kpair[KEY_MAX], kapp[KEY_MAX], kbucket[KEY_MAX], rate[16];
} admit_args_t;

static void admit_args(const snd_sender_t *s, const item_t *it, admit_args_t *a)
{
    char pair[256];
    snprintf(pair, sizeof(pair), "%s:%s", it->creds.phone_number_id, it->m.to);
    wa_config_key(s->cfg, a->knum, sizeof(a->knum), "throttle:number:", it->creds.phone_number_id);
    wa_config_key(s->cfg, a->kpair, sizeof(a->kpair), "throttle:pair:", pair);
    wa_config_key(s->cfg, a->kapp, sizeof(a->kapp), "throttle:app:",
                  strcmp(it->creds.origin, "doctor") == 0 ? it->creds.phone_number_id : "master");
    wa_config_key(s->cfg, a->kbucket, sizeof(a->kbucket), "bucket:", it->creds.phone_number_id);
    snprintf(a->rate, sizeof(a->rate), "%d", it->creds.rate_per_s > 0 ? it->creds.rate_per_s : 80);
}

/* Acts on the admission script's reply (not NULL; freed here). Returns 1 when the item may be sent now; otherwise the
 * item got its outcome. */
static int admit_verdict(snd_sender_t *s, wa_conn_t *c, item_t *it, redisReply *rep)
{
    long long verdict = -1, wait = 0;
    if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 && rep->element[0]->type == REDIS_REPLY_INTEGER &&
        rep->element[1]->type == REDIS_REPLY_INTEGER)
        verdict = rep->element[0]->integer, wait = rep->element[1]->integer;
    else
        wa_warn("admission script failed", "out_id", it->m.out_id, "error",
                rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
    freeReplyObject(rep);
    if (verdict == 0)
        return 1;
    if (verdict < 0) { /* fail open: Meta's own limits still apply */
        return 1;
    }
    if (too_old(s, it)) {
        release_lease(s, c, it);
        dead_letter(s, it, "too_old", NULL, "older than SENDER_MAX_AGE_MS while waiting for its rate limit");
        return 0;
    }
    defer(s, c, it, (long)wait + (long)(next_rand(s) % 20), it->attempt, it->throttles, verdict == 2,
          verdict == 2 ? "rate" : "throttled");
    return 0;
}

/* The admission check of the item's number, pair and app (see admit_lua). Returns 1 when it may be sent now;
 * otherwise the item got its outcome. */
static int admit(snd_sender_t *s, wa_conn_t *c, item_t *it)
{
    admit_args_t a;
    admit_args(s, it, &a);
    const char *args[] = {a.knum, a.kpair, a.kapp, a.kbucket, a.rate, it->prepaid ? "1" : "0"};
    redisReply *rep = eval(c, admit_lua, 4, args, 6);
    if (rep == NULL) {
        release_lease(s, c, it);
        retry(s, it, "redis unavailable");
        return 0;
    }
    return admit_verdict(s, c, it, rep);
}

/* Phase 2b: the admission checks of every item still to send, in one Redis pipeline, then their HTTP requests. */
static void admit_all(snd_sender_t *s, wa_conn_t *c, item_t *items, size_t n)
{
    redisContext *r = wa_conn_redis(c);
    int failed = r == NULL;
    size_t appended = 0;
    for (size_t i = 0; i < n && !failed; i++) {
        item_t *it = &items[i];
        if (it->state != IT_SEND)
            continue;
        admit_args_t a;
        admit_args(s, it, &a);
        const char *argv[] = {"EVAL", admit_lua, "4", a.knum, a.kpair, a.kapp, a.kbucket, a.rate,
                              it->prepaid ? "1" : "0"};
        size_t lens[9];
        for (int k = 0; k < 9; k++)
            lens[k] = strlen(argv[k]);
        if (redisAppendCommandArgv(r, 9, argv, lens) != REDIS_OK) {
            /* out of memory: drop the connection with whatever is pending on it */
            wa_conn_fail(c, "out of memory in a Redis pipeline of the sender");
            failed = 1;
        } else {
            appended++;
        }
    }
    /* read every reply of the pipeline before acting on any (acting may use the connection); after a connection
     * error the rest are lost and those entries retried */
    redisReply **reps = wa_calloc(n > 0 ? n : 1, sizeof(*reps));
    size_t got = 0;
    for (size_t i = 0; i < n && got < appended && !failed; i++) {
        if (items[i].state != IT_SEND)
            continue;
        if (redisGetReply(r, (void **)&reps[i]) != REDIS_OK || reps[i] == NULL) {
            reps[i] = NULL;
            wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
            break;
        }
        got++;
    }
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->state != IT_SEND)
            continue;
        if (reps[i] == NULL) {
            it->leased = 0; /* the lease expires by itself: Redis is gone */
            retry(s, it, "redis unavailable");
            continue;
        }
        if (admit_verdict(s, c, it, reps[i]))
            setup_http(s, it);
    }
    free(reps);
}

/* Phase 3, first step: renews the lease of every item about to be sent (Graph or sandbox), in one Redis pipeline,
 * right before the calls start. An item whose lease was lost (it lapsed during a stall since the claim and another
 * sender took the out_id, or sent it) is not sent: it waits in wa:retry, and its next claim finds the out_id sent or
 * still held. A Redis failure retries the item (not sent). */
static void renew_all(snd_sender_t *s, wa_conn_t *c, item_t *items, size_t n)
{
    redisContext *r = wa_conn_redis(c);
    int failed = r == NULL;
    size_t appended = 0;
    for (size_t i = 0; i < n && !failed; i++) {
        item_t *it = &items[i];
        if ((it->state != IT_SEND && it->state != IT_SANDBOX) || !it->leased)
            continue;
        const char *argv[] = {"EVAL", renew_lua, "2", it->sent_key, it->lease_key, s->cfg->consumer_name, s->lease_ms};
        size_t lens[7];
        for (int k = 0; k < 7; k++)
            lens[k] = strlen(argv[k]);
        if (redisAppendCommandArgv(r, 7, argv, lens) != REDIS_OK) {
            wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
        } else {
            appended++;
        }
    }
    long long *ok = wa_calloc(n > 0 ? n : 1, sizeof(*ok)); /* 1 renewed, 0 lost, -1 no answer */
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        ok[i] = -1;
        if ((it->state != IT_SEND && it->state != IT_SANDBOX) || !it->leased || failed || got >= appended)
            continue;
        redisReply *rep = NULL;
        if (redisGetReply(r, (void **)&rep) != REDIS_OK || rep == NULL) {
            wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
            continue;
        }
        got++;
        if (rep->type == REDIS_REPLY_INTEGER)
            ok[i] = rep->integer == 1;
        else
            wa_warn("lease renewal failed", "out_id", it->m.out_id, "error",
                    rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
        freeReplyObject(rep);
    }
    /* every pipelined reply is read: the connection is free for the wa:retry writes */
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if ((it->state != IT_SEND && it->state != IT_SANDBOX) || !it->leased)
            continue;
        if (ok[i] == 1)
            continue;
        if (ok[i] == 0) {
            it->leased = 0; /* someone else's now: never touch it */
            wa_metric_add(s->m_lease_lost, 1);
            wa_warn("lease lost before sending: another sender has the out_id", "out_id", it->m.out_id, "doctor_id",
                    it->m.doctor_id, "entry_id", it->e->id);
            defer(s, c, it, COPY_WAIT_MS + (long)(next_rand(s) % 500), it->attempt, it->throttles, it->prepaid,
                  "lease lost");
        } else {
            release_lease(s, c, it);
            retry(s, it, "lease renewal failed");
        }
    }
    free(ok);
}

/* Phase 2: request and credentials. */
static void prepare(snd_sender_t *s, wa_conn_t *c, item_t *it)
{
    char err[128];
    if (snd_graph_request_build(&it->m, &it->req, err, sizeof(err)) != 0) {
        dead_letter(s, it, "bad_message", NULL, err);
        release_lease(s, c, it);
        return;
    }
    if (snd_creds_pick(s->creds, it->m.doctor_id, &it->creds) != 0) {
        release_lease(s, c, it);
        retry(s, it, "credentials unavailable");
        return;
    }
    if (it->creds.none) {
        release_lease(s, c, it);
        dead_letter(s, it, "credentials_invalid", NULL,
                    "the doctor's own credentials are invalid and the doctor does not allow the master number");
        return;
    }
    if (it->creds.sandbox) {
        it->state = IT_SANDBOX;
        return;
    }
}

/* A growable byte buffer for the window query's array literals. */
typedef struct st_sbuf_t {
    char *data;
    size_t len, cap;
} sbuf_t;

static void sbuf_put(sbuf_t *b, const char *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (d == NULL)
            wa_fatal("out of memory");
        b->data = d, b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

/* Appends `v` to a PostgreSQL array literal as a quoted element. */
static void array_add(sbuf_t *b, const char *v)
{
    sbuf_put(b, b->len > 1 ? ",\"" : "\"", b->len > 1 ? 2 : 1);
    for (const char *p = v; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            sbuf_put(b, "\\", 1);
        sbuf_put(b, p, 1);
    }
    sbuf_put(b, "\"", 1);
}

static int to_template(snd_sender_t *s, item_t *it);

static int is_free_form(const item_t *it)
{
    return !it->req.is_read && it->req.type != NULL && strcmp(it->req.type, "template") != 0;
}

/* Phase 2a': the 24-hour window, before Meta is asked (A.7). One query for the batch finds the free-form messages
 * whose patient last wrote more than SENDER_WINDOW_S ago; they become the doctor's window template, or are
 * dead-lettered as window_closed without a Graph call. A patient the database does not know, or a database error,
 * lets the message go (Meta answers 131047 if the window is closed, handled in settle). */
static void check_windows(snd_sender_t *s, wa_conn_t *c, item_t *items, size_t n)
{
    sbuf_t docs = {0}, tos = {0};
    size_t k = 0;
    sbuf_put(&docs, "{", 1);
    sbuf_put(&tos, "{", 1);
    for (size_t i = 0; i < n; i++) {
        if (items[i].state != IT_SEND || !is_free_form(&items[i]))
            continue;
        array_add(&docs, items[i].m.doctor_id);
        array_add(&tos, items[i].m.to);
        k++;
    }
    sbuf_put(&docs, "}", 2); /* with the NUL */
    sbuf_put(&tos, "}", 2);
    if (k > 0) {
        char secs[24];
        snprintf(secs, sizeof(secs), "%ld", s->window_s);
        const char *params[] = {docs.data, tos.data, secs};
        PGresult *res = wa_pg_exec(s->pg, "window check",
                                   "SELECT q.d, q.p FROM unnest($1::text[], $2::text[]) AS q(d, p) "
                                   "JOIN patients pa ON pa.doctor_id::text = q.d AND pa.wa_id = q.p "
                                   "WHERE pa.last_inbound_at < now() - make_interval(secs => $3::int)",
                                   3, params);
        for (int r = 0; res != NULL && r < PQntuples(res); r++) {
            const char *d = PQgetvalue(res, r, 0), *p = PQgetvalue(res, r, 1);
            for (size_t i = 0; i < n; i++) {
                item_t *it = &items[i];
                if (it->state != IT_SEND || !is_free_form(it) || strcmp(it->m.doctor_id, d) != 0 ||
                    strcmp(it->m.to, p) != 0)
                    continue;
                wa_metric_add(s->m_window, 1);
                if (to_template(s, it)) {
                    wa_info("window closed: sending the doctor's template instead", "out_id", it->m.out_id,
                            "doctor_id", it->m.doctor_id);
                    continue;
                }
                release_lease(s, c, it);
                dead_letter(s, it, "window_closed", NULL,
                            "the patient's last message is older than 24 hours and the doctor has no window "
                            "template (not sent to Meta)");
            }
        }
        if (res != NULL)
            PQclear(res);
    }
    free(docs.data);
    free(tos.data);
}

/* Phase 4 for an accepted send: mark now; the record follows for the whole batch in record_all (see the top of the
 * file for why in this order). */
static void finish_sent(snd_sender_t *s, wa_conn_t *c, item_t *it, const char *wamid, const char *status)
{
    const char *args[] = {it->sent_key, it->lease_key, wamid, SENT_TTL_S, s->cfg->consumer_name};
    redisReply *rep = eval(c, mark_lua, 2, args, 5);
    int marked = rep != NULL && rep->type != REDIS_REPLY_ERROR;
    if (rep != NULL)
        freeReplyObject(rep);
    if (marked)
        it->leased = 0;
    else {
        wa_error("sent but could not mark it sent: remembered until the entry comes back", "out_id", it->m.out_id,
                 "wamid", wamid, "doctor_id", it->m.doctor_id);
        size_t slot = s->unmarked_next++ % UNMARKED_MAX;
        snprintf(s->unmarked[slot].out_id, sizeof(s->unmarked[slot].out_id), "%s", it->m.out_id);
        snprintf(s->unmarked[slot].wamid, sizeof(s->unmarked[slot].wamid), "%s", wamid);
    }
    it->marked = marked;
    it->status = status;
    snprintf(it->wamid, sizeof(it->wamid), "%s", wamid);
    it->state = IT_RECORD;
}

/* Phase 6: records every item sent in this batch in one pipeline, then settles its outcome. */
static void record_all(snd_sender_t *s, item_t *items, size_t n)
{
    size_t k = 0;
    snd_record_row_t *rows = wa_calloc(n, sizeof(*rows));
    snd_record_rc_t *rcs = wa_calloc(n, sizeof(*rcs));
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->state != IT_RECORD || it->req.is_read)
            continue;
        rows[k].m = &it->m, rows[k].type = it->req.type, rows[k].text_body = it->req.text_body;
        rows[k].wamid = it->wamid, rows[k].status = it->status;
        k++;
    }
    snd_record_outbound_many(s->pg, rows, k, rcs);
    k = 0;
    for (size_t i = 0; i < n; i++) {
        item_t *it = &items[i];
        if (it->state != IT_RECORD)
            continue;
        snd_record_rc_t rc = it->req.is_read ? SND_RECORD_OK : rcs[k++];
        it->state = IT_DONE;
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
static void send_sandbox(snd_sender_t *s, wa_conn_t *c, item_t *it)
{
    redisContext *r = wa_conn_redis(c);
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
        wa_conn_fail(c, "a Redis command of the sender failed");
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

/* Sets a throttle key for `scope` after a THROTTLE answer. */
static void set_throttle(snd_sender_t *s, wa_conn_t *c, const char *kind, const char *id, long ms)
{
    char key[KEY_MAX], px[24];
    wa_config_key(s->cfg, key, sizeof(key), kind, id);
    snprintf(px, sizeof(px), "%ld", ms);
    redisContext *r = wa_conn_redis(c);
    if (r == NULL)
        return;
    const char *argv[] = {"SET", key, "1", "PX", px};
    size_t lens[5];
    for (int i = 0; i < 5; i++)
        lens[i] = strlen(argv[i]);
    redisReply *rep = wa_redis_cmd(r, 5, argv, lens);
    if (rep == NULL)
        wa_conn_fail(c, "a Redis command of the sender failed");
    else
        freeReplyObject(rep);
}

/* A THROTTLE answer: hold the limited scope only, and wait with it. */
static void throttle(snd_sender_t *s, wa_conn_t *c, item_t *it, long code)
{
    long ms;
    char pair[256];
    if (code == 131056) { /* the pair: this recipient on this number, 4^x s */
        ms = snd_retry_pair_delay_ms(it->throttles);
        snprintf(pair, sizeof(pair), "%s:%s", it->creds.phone_number_id, it->m.to);
        set_throttle(s, c, "throttle:pair:", pair, ms);
    } else if (code == 4 || code == 17 || code == 341 || code == 80007) { /* the app the token belongs to */
        ms = snd_retry_backoff_ms(&s->rs, it->throttles + 1, next_rand(s));
        set_throttle(s, c, "throttle:app:",
                     strcmp(it->creds.origin, "doctor") == 0 ? it->creds.phone_number_id : "master", ms);
    } else { /* 130429, 131048, 131064, ...: the sending number */
        ms = snd_retry_backoff_ms(&s->rs, it->throttles + 1, next_rand(s));
        set_throttle(s, c, "throttle:number:", it->creds.phone_number_id, ms);
    }
    if (too_old(s, it)) {
        release_lease(s, c, it);
        char code_s[24];
        snprintf(code_s, sizeof(code_s), "%ld", code);
        dead_letter(s, it, "graph_throttle", code_s, "still throttled after SENDER_MAX_AGE_MS");
        return;
    }
    defer(s, c, it, ms, it->attempt, it->throttles + 1, 0, "throttled");
}

/* An OPS answer (account locked, policy block, payment...): pause the sending number for SENDER_OPS_PAUSE_MS (its
 * number throttle key, which the admission script honours, so every replica holds its entries), record an event for
 * the doctor and alert (error log line and metric). The message itself is dead-lettered by the caller, for a replay
 * once the account is fixed. */
static void pause_number(snd_sender_t *s, wa_conn_t *c, item_t *it, const char *code, const char *meta_message)
{
    char detail[512], secs[24];
    set_throttle(s, c, "throttle:number:", it->creds.phone_number_id, s->ops_pause_ms);
    wa_metric_add(s->m_paused, 1);
    snprintf(secs, sizeof(secs), "%ld", s->ops_pause_ms / 1000);
    snprintf(detail, sizeof(detail), "%s number %s paused for %s s: %.200s", it->creds.origin,
             it->creds.phone_number_id, secs, meta_message != NULL ? meta_message : "");
    (void)snd_creds_event(s->creds, it->m.doctor_id, "paused", code, detail);
    wa_error("sending number paused after an OPS error: operator action needed", "phone_number_id",
             it->creds.phone_number_id, "creds", it->creds.origin, "doctor_id", it->m.doctor_id, "error_code", code,
             "pause_s", secs);
}

/* 131047 or a closed window: the doctor's template in place of the free-form message, else window_closed. Returns 1
 * when the item is to be resent as the template. */
static int to_template(snd_sender_t *s, item_t *it)
{
    if (it->creds.window_template == NULL || it->req.type == NULL || strcmp(it->req.type, "template") == 0 ||
        it->req.is_read)
        return 0;
    size_t n = strlen(it->creds.window_template) + 64;
    char *msg = wa_malloc(n);
    snprintf(msg, n, "{\"type\":\"template\",\"template\":%s}", it->creds.window_template);
    wa_out_msg_t m = it->m;
    m.message = msg;
    m.kind = "template";
    snd_graph_request_t req;
    char err[128];
    if (snd_graph_request_build(&m, &req, err, sizeof(err)) != 0) {
        wa_warn("the doctor's window template is not usable", "doctor_id", it->m.doctor_id, "error", err);
        free(msg);
        return 0;
    }
    snd_graph_request_dispose(&it->req);
    it->req = req;
    free(it->alt_message);
    it->alt_message = msg;
    it->m.message = msg;
    it->m.kind = "template";
    return 1;
}

/* Phase 4 for a Graph call. */
static void settle(snd_sender_t *s, wa_conn_t *c, item_t *it)
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
                it->state = IT_RESEND;
                return;
            }
            it->state = IT_SANDBOX; /* no master number: the sandbox, as for a doctor without credentials */
            return;
        }
    }
    if (known && res.code == 131047 && !it->resent) {
        if (to_template(s, it)) {
            it->state = IT_RESEND;
            return;
        }
        release_lease(s, c, it);
        dead_letter(s, it, "window_closed", v.error_code,
                    "the patient's 24-hour window is closed and the doctor has no window template");
        return;
    }
    if (known && cls == SND_GRAPH_OPS)
        pause_number(s, c, it, v.error_code, res.message);
    release_lease(s, c, it);
    it->state = IT_DONE;
    if (known && cls == SND_GRAPH_THROTTLE) {
        throttle(s, c, it, res.code);
        return;
    }
    if (v.outcome == WA_ENTRY_RETRY) {
        long attempt = it->attempt + 1;
        if (attempt >= s->rs.max_attempts || too_old(s, it)) {
            char detail[600];
            snprintf(detail, sizeof(detail), "gave up after %ld attempts: %.500s", attempt, v.detail);
            dead_letter(s, it, v.reason, v.error_code, detail);
            return;
        }
        defer(s, c, it, snd_retry_backoff_ms(&s->rs, attempt, next_rand(s)), attempt, it->throttles, 0, v.reason);
        return;
    }
    dead_letter(s, it, v.reason, v.error_code, v.detail);
}

/* Collects the requests of the items in state IT_SEND. */
static size_t collect(snd_group_t *g)
{
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->items[i].state == IT_SEND)
            g->reqs[k++] = &g->items[i].http;
    return k;
}

/* Phase 4 for every item of the round just answered. */
static void settle_round(snd_sender_t *s, wa_conn_t *c, snd_group_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        item_t *it = &g->items[i];
        if (it->state != IT_SEND)
            continue;
        if (it->http.curl_code == SND_HTTP_NOT_STARTED) {
            release_lease(s, c, it);
            retry(s, it, "HTTP batch could not start");
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
    for (size_t i = 0; i < n; i++)
        g->items[i].e = &entries[i], g->items[i].res = &results[i];
    g->next = s->live;
    if (s->live != NULL)
        s->live->prev = g;
    s->live = g;
    return g;
}

size_t snd_group_next(snd_sender_t *s, wa_conn_t *c, snd_group_t *g, wa_http_req_t ***reqs)
{
    item_t *items = g->items;
    size_t n = g->n, k;
    *reqs = g->reqs;
    if (g->stage == 0) {
        g->stage = 1;
        claim_all(s, c, g, items, n);
        for (size_t i = 0; i < n; i++) {
            if (items[i].state == IT_DUP)
                finish_duplicate(s, c, &items[i]);
            else if (items[i].state == IT_SEND)
                prepare(s, c, &items[i]);
        }
        check_windows(s, c, items, n);
        admit_all(s, c, items, n);
        renew_all(s, c, items, n);
        for (size_t i = 0; i < n; i++)
            if (items[i].state == IT_SANDBOX)
                send_sandbox(s, c, &items[i]);
        if ((k = collect(g)) > 0)
            return k;
    }
    if (g->stage == 1) {
        g->stage = 2;
        settle_round(s, c, g);
        /* phase 5: resends decided by phase 4, once */
        for (size_t i = 0; i < n; i++) {
            item_t *it = &items[i];
            if (it->state == IT_RESEND) {
                it->resent = 1;
                it->state = IT_SEND;
                if (admit(s, c, it))
                    setup_http(s, it);
            }
        }
        renew_all(s, c, items, n);
        for (size_t i = 0; i < n; i++) {
            item_t *it = &items[i];
            if (it->state == IT_SANDBOX) {
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
            item_t *it = &items[i];
            if (it->state != IT_DONE) { /* cannot happen: every path above sets an outcome */
                release_lease(s, c, it);
                retry(s, it, "internal: no outcome");
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
        item_t *it = &g->items[i];
        snd_graph_request_dispose(&it->req);
        wa_http_req_dispose(&it->http);
        snd_creds_dispose(&it->creds);
        free(it->alt_message);
        if (it->auth != NULL) {
            explicit_bzero(it->auth, strlen(it->auth));
            free(it->auth);
        }
    }
    free(g->items);
    free(g->reqs);
    free(g);
}
