/*
 * The out_id's lease (stage.h): at most once per out_id across every sender
 * replica. The claim takes prefix+"sending:<out_id>" (or finds
 * prefix+"sent:<out_id>" and settles the entry as a duplicate): SET NX of the
 * lease, then GET of the sent key, two plain commands per entry in one
 * pipeline, and the claim script only for a lease already held; the renewal
 * script extends it right before the call (for a Graph send, ratelimit.c's
 * admission script does, in the same call), the mark writes the sent key and
 * then drops the lease (two plain commands in one round trip) right after
 * Meta's answer, and the release script drops a lease still ours when the
 * entry goes elsewhere. Issue 14, round 9 took the claim and the mark out of
 * scripts: three script calls of a reply's five, each dearer in Redis than
 * the plain commands it ran (docs/performance.md "Round 9, Redis per reply"). A
 * send whose mark was lost with Redis is remembered here (the unmarked
 * memory) so that its entry, when it comes back, is never sent again. The
 * phases that call these steps are in sender.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hiredis/hiredis.h>
#include "wa/log.h"
#include "item.h"

/* The lease on an out_id (prefix+"sending:<out_id>") lasts 2 x GRAPH_TIMEOUT_MS + LEASE_SLACK_MS: the Graph call's
 * own time and as much again for the loop to reach its answer and mark it sent. It is taken at the claim and renewed
 * right before the call (snd_lease_renew_all): a stall between the two (PostgreSQL, a stopped process) longer than the lease
 * lets another sender take the out_id, and then the renewal fails and this one does not send. */
#define LEASE_SLACK_MS 5000
#define SENT_TTL_S "691200" /* 8 days: longer than Meta's 7 days of webhook retries */

/* The plain claim (snd_lease_claim_all) runs `SET lease consumer NX PX ms` and then `GET sent`, not atomically but in
 * that order on one connection: when the SET takes the lease, nobody held it at that moment, so a sender that finished
 * the out_id had written its sent key before (the mark writes it before it drops the lease) and the GET finds it. A
 * lease taken for an out_id found sent is dropped again. When the SET finds the lease held, this script decides. */
/* KEYS[1] sent key, KEYS[2] lease key; ARGV[1] consumer, ARGV[2] lease ms. Returns {"sent", wamid}, {"ok", ""} or
 * {"busy", holder}. Atomic, and a sender that finishes (SET sent, then DEL lease) is seen holding the lease or done. */
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
/* The mark (issue 14, round 9: no script; it was one per send, a fifth of Redis' CPU per reply with the claim) is
 * `SET sent wamid EX 8 days` then `DEL lease`, pipelined on one connection, so applied in that order: whoever looks
 * between the two finds the sent key (the claim, the renewal and the admission read it before they take a lease
 * that is not theirs). The DEL is unconditional: the lease could be another sender's only if ours lapsed during a
 * stall and that sender claimed the out_id; dropping it then stops that sender at its renewal (the out_id is sent),
 * where the old conditional DEL let it renew and send a second time. */
/* KEYS[1] lease key; ARGV[1] consumer: drops the lease only if it is still ours. */
static const char *release_lua = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
                                 "return 0";

/* 1 when another group of this process holds `out_id` unsettled: its lease is ours too, so the claim script would
 * hand it over; the entry waits for a redelivery instead (as for the same out_id twice in one group). */
static int held_elsewhere(const snd_sender_t *s, const snd_group_t *self, const char *out_id)
{
    for (const snd_group_t *g = s->live; g != NULL; g = g->next) {
        if (g == self)
            continue;
        for (size_t i = 0; i < g->n; i++)
            if (g->items[i].state != SND_IT_DONE && g->items[i].m.out_id != NULL &&
                strcmp(g->items[i].m.out_id, out_id) == 0)
                return 1;
    }
    return 0;
}

/* The wamid of an out_id this process sent but could not mark sent (see unmarked), or NULL. */
static const char *unmarked_wamid(snd_sender_t *s, const char *out_id)
{
    for (size_t i = 0; i < SND_UNMARKED_MAX; i++)
        if (s->unmarked[i].out_id[0] != '\0' && strcmp(s->unmarked[i].out_id, out_id) == 0)
            return s->unmarked[i].wamid;
    return NULL;
}

/* Drops our lease so that the entry, when it comes back (or is replayed from wa:dlq), is not blocked for a minute. */
/* The item's sent: and sending: keys, in one allocation of their size (item.h). */
static void set_keys(snd_sender_t *s, snd_item_t *it)
{
    size_t plen = strlen(s->cfg->redis_prefix), olen = strlen(it->m.out_id);
    size_t sent_len = plen + sizeof("sent:") - 1 + olen, lease_len = plen + sizeof("sending:") - 1 + olen;
    free(it->keys);
    it->keys = wa_malloc(sent_len + lease_len + 2);
    it->sent_key = wa_config_key(s->cfg, it->keys, sent_len + 1, "sent:", it->m.out_id);
    it->lease_key = wa_config_key(s->cfg, it->keys + sent_len + 1, lease_len + 1, "sending:", it->m.out_id);
}

void snd_lease_release(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    if (!it->leased)
        return;
    it->leased = 0;
    const char *args[] = {it->lease_key, s->cfg->consumer_name};
    redisReply *rep = snd_conn_eval(c, release_lua, 1, args, 2);
    if (rep != NULL)
        freeReplyObject(rep); /* an error reply only means the lease expires by itself */
}

/* The claim went to us (it->leased set): the entry goes on to be sent, unless this process sent it already and could
 * not mark it (the unmarked memory): then it is marked now, recorded and never sent again. */
static void claim_taken(snd_sender_t *s, snd_item_t *it)
{
    const char *known = unmarked_wamid(s, it->m.out_id);
    if (known != NULL) {
        snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", known);
        it->remark = 1;
        it->state = SND_IT_DUP;
    } else {
        it->state = SND_IT_SEND;
    }
}

/* Phase 1: decode and claim. Entries that cannot go on get their outcome here. */
void snd_lease_claim_all(snd_sender_t *s, wa_conn_t *c, snd_group_t *g)
{
    snd_item_t *items = g->items;
    size_t n = g->n;
    size_t pending = 0;
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
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
        set_keys(s, it);
        int twice = 0;
        for (size_t k = 0; k < i && !twice; k++)
            twice = (items[k].state == SND_IT_CLAIM || items[k].claim_late) &&
                    strcmp(items[k].m.out_id, it->m.out_id) == 0;
        if (twice || held_elsewhere(s, g, it->m.out_id)) {
            /* our own lease would not stop this copy: it comes back once the other one is settled */
            it->state = SND_IT_WAIT, it->wait_ms = SND_COPY_WAIT_MS;
            continue;
        }
        if (unmarked_wamid(s, it->m.out_id) == NULL && snd_sender_read_claims_late(s, it)) {
            /* a read receipt ready to go: its admission call claims it (ratelimit.c), one script call fewer */
            it->state = SND_IT_SEND, it->claim_late = 1;
            continue;
        }
        it->state = SND_IT_CLAIM;
        pending++;
    }
    /* the plain claim: SET lease NX PX, then GET sent, for every entry in one pipeline; the claim script only for an
     * out_id whose lease is held (another sender's, or our own stale one), in a second */
    redisContext *r = pending > 0 ? wa_conn_redis(c) : NULL;
    int failed = pending > 0 && r == NULL;
    for (size_t i = 0; i < n && !failed; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_CLAIM)
            continue;
        const char *set[] = {"SET", it->lease_key, s->cfg->consumer_name, "NX", "PX", s->lease_ms};
        const char *get[] = {"GET", it->sent_key};
        if (redisAppendCommandArgv(r, 6, set, NULL) != REDIS_OK || redisAppendCommandArgv(r, 2, get, NULL) != REDIS_OK)
            failed = 1;
    }
    size_t held = 0;
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_CLAIM)
            continue;
        redisReply *set = NULL, *get = NULL;
        if (failed || redisGetReply(r, (void **)&set) != REDIS_OK || set == NULL ||
            redisGetReply(r, (void **)&get) != REDIS_OK || get == NULL) {
            if (!failed)
                wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
            if (set != NULL)
                freeReplyObject(set);
            snd_item_retry(s, it, "redis unavailable");
            continue;
        }
        int took = set->type == REDIS_REPLY_STATUS, busy = set->type == REDIS_REPLY_NIL;
        it->leased = took;
        if ((!took && !busy) || (get->type != REDIS_REPLY_STRING && get->type != REDIS_REPLY_NIL)) {
            const redisReply *bad = set->type == REDIS_REPLY_ERROR ? set : get;
            wa_warn("claim failed", "out_id", it->m.out_id, "error",
                    bad->type == REDIS_REPLY_ERROR ? bad->str : "unexpected reply");
            snd_item_retry(s, it, "claim failed");
        } else if (get->type == REDIS_REPLY_STRING) { /* sent already: a lease just taken is dropped below */
            snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", get->str);
            it->state = SND_IT_DUP;
        } else if (took) {
            claim_taken(s, it);
        } else {
            held++; /* stays SND_IT_CLAIM for the script */
        }
        freeReplyObject(set);
        freeReplyObject(get);
    }
    const char *sha = held > 0 && !failed ? snd_script_sha(c, claim_lua) : NULL;
    failed |= held > 0 && (r = wa_conn_redis(c)) == NULL;
    for (size_t i = 0; i < n && !failed && held > 0; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_CLAIM)
            continue;
        const char *argv[] = {sha != NULL ? "EVALSHA" : "EVAL", sha != NULL ? sha : claim_lua, "2", it->sent_key,
                              it->lease_key, s->cfg->consumer_name, s->lease_ms};
        size_t lens[7];
        for (int k = 0; k < 7; k++)
            lens[k] = strlen(argv[k]);
        if (redisAppendCommandArgv(r, 7, argv, lens) != REDIS_OK)
            failed = 1;
    }
    /* read every reply of the pipeline; after a connection error the rest are lost and those entries retried */
    for (size_t i = 0; i < n && held > 0; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_CLAIM)
            continue;
        redisReply *rep = NULL;
        if (failed || redisGetReply(r, (void **)&rep) != REDIS_OK || rep == NULL) {
            if (!failed)
                wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
            snd_item_retry(s, it, "redis unavailable");
            continue;
        }
        if (rep->type == REDIS_REPLY_ARRAY && rep->elements >= 2 && rep->element[0]->type == REDIS_REPLY_STRING &&
            rep->element[1]->type == REDIS_REPLY_STRING) {
            const char *verdict = rep->element[0]->str;
            if (strcmp(verdict, "ok") == 0) {
                it->leased = 1;
                claim_taken(s, it);
            } else if (strcmp(verdict, "sent") == 0) {
                snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", rep->element[1]->str);
                it->state = SND_IT_DUP;
            } else { /* busy: wait for the holder's lease to end (it sends, or it died and the lease lapses) */
                long pttl = rep->elements >= 3 && rep->element[2]->type == REDIS_REPLY_STRING
                                ? atol(rep->element[2]->str)
                                : 0;
                it->state = SND_IT_WAIT, it->wait_ms = (pttl > 0 ? pttl : 0) + SND_COPY_WAIT_MS;
            }
        } else {
            (void)snd_script_lost(rep, claim_lua); /* flushed: loaded again for the retry */
            wa_warn("claim script failed", "out_id", it->m.out_id, "error",
                    rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
            snd_item_retry(s, it, "claim failed");
        }
        freeReplyObject(rep);
    }
    /* a lease taken for an out_id already sent, or for an entry to retry, is dropped (their outcome is set) */
    for (size_t i = 0; i < n; i++)
        if (items[i].leased && items[i].state != SND_IT_SEND && !items[i].remark)
            snd_lease_release(s, c, &items[i]);
    /* every pipelined reply is read: the connection is free for the wa:retry writes */
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
        if (it->state == SND_IT_WAIT)
            snd_item_defer(s, c, it, it->wait_ms + (long)(rand_r(&s->rnd) % 500), it->attempt, it->throttles, it->prepaid,
                  "out_id busy");
    }
}

/* Phase 3, first step: renews the lease of every item about to be sent (Graph or sandbox), in one Redis pipeline,
 * right before the calls start. An item whose lease was lost (it lapsed during a stall since the claim and another
 * sender took the out_id, or sent it) is not sent: it waits in wa:retry, and its next claim finds the out_id sent or
 * still held. A Redis failure retries the item (not sent). */
void snd_lease_lost(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    it->leased = 0; /* someone else's now: never touch it */
    wa_metric_add(s->m_lease_lost, 1);
    wa_warn("lease lost before sending: another sender has the out_id", "out_id", it->m.out_id, "doctor_id",
            it->m.doctor_id, "entry_id", it->e->id);
    snd_item_defer(s, c, it, SND_COPY_WAIT_MS + (long)(snd_sender_rand(s) % 500), it->attempt, it->throttles,
                   it->prepaid, "lease lost");
}

/* 1 when the item is about to be sent and its lease still needs this renewal. */
static int to_renew(const snd_item_t *it)
{
    return (it->state == SND_IT_SEND || it->state == SND_IT_SANDBOX) && it->leased && !it->renewed;
}

void snd_lease_renew_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n)
{
    size_t todo = 0;
    int *need = wa_calloc(n > 0 ? n : 1, sizeof(*need));
    for (size_t i = 0; i < n; i++) {
        need[i] = to_renew(&items[i]);
        items[i].renewed = 0; /* once: a resend of the item is renewed again */
        todo += (size_t)need[i];
    }
    const char *sha = todo > 0 ? snd_script_sha(c, renew_lua) : NULL;
    redisContext *r = wa_conn_redis(c);
    int failed = r == NULL;
    size_t appended = 0;
    for (size_t i = 0; i < n && !failed; i++) {
        snd_item_t *it = &items[i];
        if (!need[i])
            continue;
        const char *argv[] = {sha != NULL ? "EVALSHA" : "EVAL", sha != NULL ? sha : renew_lua, "2", it->sent_key,
                              it->lease_key, s->cfg->consumer_name, s->lease_ms};
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
        snd_item_t *it = &items[i];
        ok[i] = -1;
        if (!need[i] || failed || got >= appended)
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
        else {
            (void)snd_script_lost(rep, renew_lua); /* flushed: loaded again for the retry */
            wa_warn("lease renewal failed", "out_id", it->m.out_id, "error",
                    rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
        }
        freeReplyObject(rep);
    }
    /* every pipelined reply is read: the connection is free for the wa:retry writes */
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
        if (!need[i] || ok[i] == 1)
            continue;
        if (ok[i] == 0) {
            snd_lease_lost(s, c, it);
        } else {
            snd_lease_release(s, c, it);
            snd_item_retry(s, it, "lease renewal failed");
        }
    }
    free(ok);
    free(need);
}

void snd_lease_init(snd_sender_t *s)
{
    snprintf(s->lease_ms, sizeof(s->lease_ms), "%lld",
             2LL * (s->cfg->graph_timeout_ms > 0 ? s->cfg->graph_timeout_ms : 10000) + LEASE_SLACK_MS);
}

/* Appends the mark's two commands for `wamid` to r's output buffer. Returns how many were appended (2, or fewer when
 * out of memory: the caller reads that many replies). */
static size_t mark_append(redisContext *r, const snd_item_t *it, const char *wamid)
{
    const char *set[] = {"SET", it->sent_key, wamid, "EX", SENT_TTL_S};
    const char *del[] = {"DEL", it->lease_key};
    if (redisAppendCommandArgv(r, 5, set, NULL) != REDIS_OK)
        return 0;
    return redisAppendCommandArgv(r, 2, del, NULL) == REDIS_OK ? 2 : 1;
}

/* Reads the replies of one mark_append (`appended` of them). Returns 1 when the sent key is written, 0 when Redis
 * refused it, -1 when the connection failed (recorded on c). The DEL's answer does not matter: an error leaves the
 * lease to expire, and the sent key already stops any other sender. */
static int mark_read(wa_conn_t *c, redisContext *r, size_t appended)
{
    int out = appended == 2 ? 1 : 0;
    for (size_t k = 0; k < appended; k++) {
        redisReply *rep = NULL;
        if (redisGetReply(r, (void **)&rep) != REDIS_OK || rep == NULL) {
            wa_conn_fail(c, "a Redis command of the sender failed");
            return -1;
        }
        if (k == 0 && rep->type == REDIS_REPLY_ERROR) {
            wa_warn("sent mark refused", "error", rep->str);
            out = 0;
        }
        freeReplyObject(rep);
    }
    return out;
}

/* Writes the mark for `wamid`. Returns 1 when the sent key is written (and the lease dropped). */
static int mark(wa_conn_t *c, snd_item_t *it, const char *wamid)
{
    redisContext *r = wa_conn_redis(c);
    if (r == NULL)
        return 0;
    int marked = mark_read(c, r, mark_append(r, it, wamid)) == 1;
    if (marked)
        it->leased = 0;
    return marked;
}

/* Remembers a send whose mark failed, so that its entry, when it comes back, is never sent again. */
static void remember_unmarked(snd_sender_t *s, const snd_item_t *it, const char *wamid)
{
    wa_error("sent but could not mark it sent: remembered until the entry comes back", "out_id", it->m.out_id, "wamid",
             wamid, "doctor_id", it->m.doctor_id);
    size_t slot = s->unmarked_next++ % SND_UNMARKED_MAX;
    snprintf(s->unmarked[slot].out_id, sizeof(s->unmarked[slot].out_id), "%s", it->m.out_id);
    snprintf(s->unmarked[slot].wamid, sizeof(s->unmarked[slot].wamid), "%s", wamid);
}

void snd_lease_mark_all(snd_sender_t *s, wa_conn_t *c, snd_item_t **its, const char *const *wamids, size_t k)
{
    redisContext *r = k > 0 ? wa_conn_redis(c) : NULL;
    size_t *appended = wa_calloc(k > 0 ? k : 1, sizeof(*appended));

    for (size_t i = 0; r != NULL && i < k; i++)
        if ((appended[i] = mark_append(r, its[i], wamids[i])) < 2)
            break;
    int failed = r == NULL;
    for (size_t i = 0; i < k; i++) {
        snd_item_t *it = its[i];
        it->premarked = 1;
        it->marked = 0;
        if (failed)
            continue;
        int rc = mark_read(c, r, appended[i]);
        failed = rc < 0;
        if (rc == 1)
            it->marked = 1, it->leased = 0;
    }
    /* every reply is read: what is not marked is remembered */
    for (size_t i = 0; i < k; i++)
        if (!its[i]->marked)
            remember_unmarked(s, its[i], wamids[i]);
    free(appended);
}

/* The mark right after Meta's answer (see the top of sender.c for why before the record). */
int snd_lease_mark(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, const char *wamid)
{
    if (mark(c, it, wamid))
        return 1;
    remember_unmarked(s, it, wamid);
    return 0;
}

int snd_lease_remark(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    if (!mark(c, it, it->prev_wamid))
        return 0;
    for (size_t i = 0; i < SND_UNMARKED_MAX; i++)
        if (strcmp(s->unmarked[i].out_id, it->m.out_id) == 0)
            s->unmarked[i].out_id[0] = '\0';
    return 1;
}
