/*
 * Rate limits of the sender stage (stage.h): before its Graph call an entry
 * passes the admission script, which honours the throttle keys of its sending
 * number, its recipient pair and the app (set here after Meta's THROTTLE
 * answers 130429, 131056, 4 ...) and reserves a slot in its number's token
 * bucket (SENDER_RATE_PER_S or the doctor's rate). An entry that must wait
 * goes to wa:retry (throttling does not count as an attempt). An OPS answer
 * pauses the sending number through the same number throttle key, so every
 * replica holds its entries. The phases that call these steps are in sender.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hiredis/hiredis.h>
#include "wa/config.h"
#include "wa/log.h"
#include "wa/redis.h"
#include "item.h"

/* KEYS[1..3] throttle keys of the number, the recipient pair and the app; KEYS[4] the number's bucket (its "theoretical
 * arrival time", unix ms); ARGV[1] rate per second; ARGV[2] "1" when the entry already holds a slot. Returns {0, 0}
 * (send now), {1, ms} (a throttle holds: wait ms) or {2, ms} (the bucket is empty: a slot ms from now was reserved
 * for this entry). A bucket holds one second of sends; reserving slots instead of refusing keeps a broadcast's
 * entries out of the way until their turn rather than spinning through wa:retry. */
/* A read receipt (ARGV[3] its created_at, unix ms; "" for a message) paces behind the replies (issue 14, A.4.7): KEYS[5]
 * holds the created_at of the patient's latest read admitted on this number. A read older than that one is
 * superseded (marking a message read marks the earlier ones read): {4, 0}, acknowledged without a Graph call. A read
 * may use only the first half of the bucket's second: when the sends already admitted reach further (replies are
 * queued), {3, ms}: it waits until they do not (no slot reserved, so it does not push a queued answer back).
 * Otherwise it takes a slot like a message and becomes the patient's latest; reads alone still go at the full rate. */
/* The lease (issue 14, round 5: one script and one round trip per entry fewer): with ARGV[4] the consumer (not ""),
 * KEYS[6] the sent key and KEYS[7] the lease key, the script first renews the out_id's lease as lease.c's renewal
 * script does, for ARGV[5] ms; when it is lost (another sender holds it or sent the out_id) it returns {5, 0} without
 * touching the throttles or the bucket; an entry that must wait ({1..4}) has its lease dropped, as a release would. */
/* The claim (issue 14, round 7: a read receipt's out_id is claimed here, in its admission call, rather than by lease.c's
 * claim script one round trip earlier: nothing between the two concerns a read): with ARGV[6] "1" the script first
 * does what lease.c's claim script does: the out_id already sent returns {6, wamid}, a lease held by another consumer
 * {7, its PTTL}, else the lease is taken (or, ours and stale, extended) and the admission goes on as for a renewed
 * lease. */
/* The throttle keys exist only for a while after Meta's throttling answers: one EXISTS over the three, and their PTTLs
 * only when one of them is there (issue 14, round 9: two commands a call fewer, the same verdicts). */
static const char *admit_lua =
    "local lease = ARGV[4] ~= '' "
    "if lease and ARGV[6] == '1' then "
    "  local v = redis.call('GET', KEYS[6]) "
    "  if v then return {6, v} end "
    "  if not redis.call('SET', KEYS[7], ARGV[4], 'NX', 'PX', ARGV[5]) then "
    "    if redis.call('GET', KEYS[7]) ~= ARGV[4] then return {7, redis.call('PTTL', KEYS[7])} end "
    "    redis.call('PEXPIRE', KEYS[7], ARGV[5]) "
    "  end "
    "elseif lease then "
    "  local h = redis.call('GET', KEYS[7]) "
    "  if h == ARGV[4] then redis.call('PEXPIRE', KEYS[7], ARGV[5]) "
    "  elseif h or redis.call('EXISTS', KEYS[6]) == 1 then return {5, 0} "
    "  else redis.call('SET', KEYS[7], ARGV[4], 'PX', ARGV[5]) end "
    "end "
    "local function hold(v, ms) if lease then redis.call('DEL', KEYS[7]) end return {v, ms} end "
    "local wait = 0 "
    "if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) > 0 then "
    "  for i = 1, 3 do local t = redis.call('PTTL', KEYS[i]) if t > wait then wait = t end end "
    "end "
    "if wait > 0 then return hold(1, wait) end "
    "if ARGV[2] == '1' then return {0, 0} end "
    "local t = redis.call('TIME') "
    "local now = t[1] * 1000 + math.floor(t[2] / 1000) "
    "local interval = 1000 / tonumber(ARGV[1]) "
    "local tat = tonumber(redis.call('GET', KEYS[4]) or '0') "
    "if ARGV[3] ~= '' then "
    "  local mine = tonumber(ARGV[3]) or 0 "
    "  local last = tonumber(redis.call('GET', KEYS[5]) or '0') or 0 "
    "  if last > mine then return hold(4, 0) end "
    "  if tat - now > 500 then return hold(3, math.ceil(tat - now - 500) + 1) end "
    "  if mine > last then redis.call('SET', KEYS[5], ARGV[3], 'PX', 86400000) end "
    "end "
    "if tat < now then tat = now end "
    "redis.call('SET', KEYS[4], tostring(tat + interval), 'PX', math.ceil(tat + interval - now) + 1000) "
    "if tat - now < 1000 then return {0, 0} end "
    "return hold(2, math.ceil(tat - 1000 - now) + 1)";

/* The admission script's keys and rate for an item. */
typedef struct st_admit_args_t {
    char knum[SND_KEY_MAX], kpair[SND_KEY_MAX], kapp[SND_KEY_MAX], kbucket[SND_KEY_MAX], kread[SND_KEY_MAX], rate[16];
    char created[24]; /* a read's created_at, "" for a message */
} admit_args_t;

static void admit_args(const snd_sender_t *s, const snd_item_t *it, admit_args_t *a)
{
    char pair[256];
    snprintf(pair, sizeof(pair), "%s:%s", it->creds.phone_number_id, it->m.to);
    wa_config_key(s->cfg, a->knum, sizeof(a->knum), "throttle:number:", it->creds.phone_number_id);
    wa_config_key(s->cfg, a->kpair, sizeof(a->kpair), "throttle:pair:", pair);
    wa_config_key(s->cfg, a->kapp, sizeof(a->kapp), "throttle:app:",
                  strcmp(it->creds.origin, "doctor") == 0 ? it->creds.phone_number_id : "master");
    wa_config_key(s->cfg, a->kbucket, sizeof(a->kbucket), "bucket:", it->creds.phone_number_id);
    wa_config_key(s->cfg, a->kread, sizeof(a->kread), "readlast:", pair);
    snprintf(a->created, sizeof(a->created), "%s",
             it->req.is_read ? (it->m.created_at != NULL && it->m.created_at[0] != '\0' ? it->m.created_at : "0") : "");
    snprintf(a->rate, sizeof(a->rate), "%d", it->creds.rate_per_s > 0 ? it->creds.rate_per_s : 80);
}

/* admit_lua's 7 keys and 6 arguments for an item, into `out`; `consumer` and `lease_ms` are its lease part ("" for
 * none: the script then leaves the lease alone). The one list both callers (one item, the pipeline) send. */
#define ADMIT_NARGS 13
static void admit_argv(const snd_item_t *it, const admit_args_t *a, const char *consumer, const char *lease_ms,
                       const char *out[ADMIT_NARGS])
{
    const char *v[ADMIT_NARGS] = {a->knum,
                                  a->kpair,
                                  a->kapp,
                                  a->kbucket,
                                  a->kread,
                                  it->sent_key,
                                  it->lease_key,
                                  a->rate,
                                  it->prepaid ? "1" : "0",
                                  a->created,
                                  consumer,
                                  lease_ms,
                                  it->claim_late ? "1" : "0"};
    memcpy(out, v, sizeof(v));
}

/* 1 when the admission script is to renew the item's lease too (it holds one). */
static int renews(const snd_sender_t *s, const snd_item_t *it)
{
    return it->leased && s->cfg->consumer_name != NULL && s->cfg->consumer_name[0] != '\0';
}

/* Acts on the admission script's reply (not NULL; freed here); `renewing`: the script was given the item's lease.
 * Returns 1 when the item may be sent now; otherwise the item got its outcome. */
static int admit_verdict(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, redisReply *rep, int renewing)
{
    long long verdict = -1, wait = 0;
    if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 && rep->element[0]->type == REDIS_REPLY_INTEGER &&
        rep->element[1]->type == REDIS_REPLY_INTEGER)
        verdict = rep->element[0]->integer, wait = rep->element[1]->integer;
    else
        wa_warn("admission script failed", "out_id", it->m.out_id, "error",
                rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
    freeReplyObject(rep);
    if (renewing && verdict == 5) { /* not sent: the lease is someone else's (nothing else was touched) */
        snd_lease_lost(s, c, it);
        return 0;
    }
    if (renewing && verdict == 0)
        it->renewed = 1; /* snd_lease_renew_all need not renew it again */
    else if (renewing && verdict > 0)
        it->leased = 0; /* the script dropped it, as snd_lease_release would */
    if (verdict == 0)
        return 1;
    if (verdict < 0) { /* fail open: Meta's own limits still apply */
        return 1;
    }
    if (it->req.is_read && (verdict == 4 || snd_item_too_old(s, it))) {
        /* a later message of the patient was marked read (which marks this one too), or this one waited too long
         * behind the replies: nothing to send, nothing to dead-letter */
        snd_lease_release(s, c, it);
        it->state = SND_IT_DONE;
        it->res->outcome = WA_ENTRY_ACK;
        wa_metric_add(s->m_read_skipped, 1);
        return 0;
    }
    if (snd_item_too_old(s, it)) {
        snd_lease_release(s, c, it);
        snd_item_dead_letter(s, it, "too_old", NULL, "older than SENDER_MAX_AGE_MS while waiting for its rate limit");
        return 0;
    }
    if (verdict == 3) { /* a read behind the replies: it comes back when the number has a free slot */
        snd_item_defer(s, c, it, (long)wait + 200 + (long)(snd_sender_rand(s) % 300), it->attempt, it->throttles, 0,
                       "read_paced");
        return 0;
    }
    snd_item_defer(s, c, it, (long)wait + (long)(snd_sender_rand(s) % 20), it->attempt, it->throttles, verdict == 2,
          verdict == 2 ? "rate" : "throttled");
    return 0;
}

/* Acts on the admission script's reply (not NULL; freed here) for an item that claimed its out_id in the same call
 * (claim_late): as lease.c's claim for a sent or busy out_id, else the lease is ours and admit_verdict decides.
 * Returns 1 when the item may be sent now; otherwise the item got its outcome. */
static int claim_verdict(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, redisReply *rep)
{
    long long verdict = -1;
    it->claim_late = 0;
    if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 && rep->element[0]->type == REDIS_REPLY_INTEGER)
        verdict = rep->element[0]->integer;
    if (verdict == 6 && rep->element[1]->type == REDIS_REPLY_STRING) { /* sent already */
        snprintf(it->prev_wamid, sizeof(it->prev_wamid), "%s", rep->element[1]->str);
        freeReplyObject(rep);
        it->state = SND_IT_DUP;
        snd_item_finish_duplicate(s, c, it);
        return 0;
    }
    if (verdict == 7 && rep->element[1]->type == REDIS_REPLY_INTEGER) { /* busy: wait for the holder's lease to end */
        long long pttl = rep->element[1]->integer;
        freeReplyObject(rep);
        it->state = SND_IT_WAIT, it->wait_ms = (pttl > 0 ? (long)pttl : 0) + SND_COPY_WAIT_MS;
        snd_item_defer(s, c, it, it->wait_ms + (long)(rand_r(&s->rnd) % 500), it->attempt, it->throttles, it->prepaid,
                       "out_id busy");
        return 0;
    }
    if (verdict >= 0 && verdict <= 4 && rep->element[1]->type == REDIS_REPLY_INTEGER) {
        it->leased = 1; /* taken: from here on as an entry claimed before and renewed by this call */
        return admit_verdict(s, c, it, rep, 1);
    }
    (void)snd_script_lost(rep, admit_lua); /* flushed: loaded again for the retry */
    wa_warn("claim script failed", "out_id", it->m.out_id, "error",
            rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
    freeReplyObject(rep);
    snd_item_retry(s, it, "claim failed");
    return 0;
}

/* The admission check of the item's number, pair and app (see admit_lua). Returns 1 when it may be sent now;
 * otherwise the item got its outcome. */
int snd_rate_admit(snd_sender_t *s, wa_conn_t *c, snd_item_t *it)
{
    admit_args_t a;
    admit_args(s, it, &a);
    /* without the lease part (an empty consumer): snd_lease_renew_all renews this one; with it for a late claim */
    const char *args[ADMIT_NARGS];
    admit_argv(it, &a, it->claim_late ? s->cfg->consumer_name : "", it->claim_late ? s->lease_ms : "", args);
    redisReply *rep = snd_conn_eval(c, admit_lua, 7, args, ADMIT_NARGS);
    if (rep == NULL) {
        it->claim_late = 0;
        snd_lease_release(s, c, it);
        snd_item_retry(s, it, "redis unavailable");
        return 0;
    }
    return it->claim_late ? claim_verdict(s, c, it, rep) : admit_verdict(s, c, it, rep, 0);
}

/* Phase 2b: the admission checks of every item still to send, in one Redis pipeline, then their HTTP requests. The
 * messages go first, then the read receipts, newest first: a read takes only a slot no reply of the group wanted, and
 * an older read of a patient finds the newer one admitted (superseded, see admit_lua). */
void snd_rate_admit_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n)
{
    size_t todo = 0, *order = wa_calloc(n > 0 ? n : 1, sizeof(*order));
    for (size_t i = 0; i < n; i++)
        if (items[i].state == SND_IT_SEND && !items[i].req.is_read)
            order[todo++] = i;
    for (size_t nmsg = todo, i = 0; i < n; i++) {
        if (items[i].state != SND_IT_SEND || !items[i].req.is_read)
            continue;
        long long mine = items[i].m.created_at != NULL ? atoll(items[i].m.created_at) : 0;
        size_t at = todo++;
        while (at > nmsg && (items[order[at - 1]].m.created_at != NULL ? atoll(items[order[at - 1]].m.created_at) : 0) <
                                mine) {
            order[at] = order[at - 1]; /* insertion sort: newest read first (a group holds at most a few) */
            at--;
        }
        order[at] = i;
    }
    const char *sha = todo > 0 ? snd_script_sha(c, admit_lua) : NULL;
    redisContext *r = wa_conn_redis(c);
    int failed = r == NULL;
    size_t appended = 0;
    for (size_t q = 0; q < todo && !failed; q++) {
        snd_item_t *it = &items[order[q]];
        admit_args_t a;
        admit_args(s, it, &a);
        /* with the lease when the item holds one: renewed here, right before the call, in the same round trip */
        const char *argv[3 + ADMIT_NARGS] = {sha != NULL ? "EVALSHA" : "EVAL", sha != NULL ? sha : admit_lua, "7"};
        admit_argv(it, &a, renews(s, it) || it->claim_late ? s->cfg->consumer_name : "", s->lease_ms, argv + 3);
        size_t lens[3 + ADMIT_NARGS];
        for (int k = 0; k < 3 + ADMIT_NARGS; k++)
            lens[k] = strlen(argv[k]);
        if (redisAppendCommandArgv(r, 3 + ADMIT_NARGS, argv, lens) != REDIS_OK) {
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
    for (size_t q = 0; q < appended && !failed; q++) {
        size_t i = order[q];
        if (redisGetReply(r, (void **)&reps[i]) != REDIS_OK || reps[i] == NULL) {
            reps[i] = NULL;
            wa_conn_fail(c, "a Redis command of the sender failed");
            failed = 1;
            break;
        }
    }
    free(order);
    for (size_t i = 0; i < n; i++) {
        snd_item_t *it = &items[i];
        if (it->state != SND_IT_SEND)
            continue;
        if (reps[i] == NULL) {
            it->leased = 0, it->claim_late = 0; /* the lease expires by itself: Redis is gone */
            snd_item_retry(s, it, "redis unavailable");
            continue;
        }
        if (snd_script_lost(reps[i], admit_lua)) { /* flushed since it was loaded: this one on its own, whole */
            freeReplyObject(reps[i]);
            if (snd_rate_admit(s, c, it))
                snd_sender_setup_http(s, it);
            continue;
        }
        if (it->claim_late ? claim_verdict(s, c, it, reps[i]) : admit_verdict(s, c, it, reps[i], renews(s, it)))
            snd_sender_setup_http(s, it);
    }
    free(reps);
}

/* Sets a throttle key for `scope` after a THROTTLE answer. */
static void set_throttle(snd_sender_t *s, wa_conn_t *c, const char *kind, const char *id, long ms)
{
    char key[SND_KEY_MAX], px[24];
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
void snd_rate_throttle(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, long code)
{
    long ms;
    char pair[256];
    if (code == 131056) { /* the pair: this recipient on this number, 4^x s */
        ms = snd_retry_pair_delay_ms(it->throttles);
        snprintf(pair, sizeof(pair), "%s:%s", it->creds.phone_number_id, it->m.to);
        set_throttle(s, c, "throttle:pair:", pair, ms);
    } else if (code == 4 || code == 17 || code == 341 || code == 80007) { /* the app the token belongs to */
        ms = snd_retry_backoff_ms(&s->rs, it->throttles + 1, snd_sender_rand(s));
        set_throttle(s, c, "throttle:app:",
                     strcmp(it->creds.origin, "doctor") == 0 ? it->creds.phone_number_id : "master", ms);
    } else { /* 130429, 131048, 131064, ...: the sending number */
        ms = snd_retry_backoff_ms(&s->rs, it->throttles + 1, snd_sender_rand(s));
        set_throttle(s, c, "throttle:number:", it->creds.phone_number_id, ms);
    }
    if (snd_item_too_old(s, it)) {
        snd_lease_release(s, c, it);
        char code_s[24];
        snprintf(code_s, sizeof(code_s), "%ld", code);
        snd_item_dead_letter(s, it, "graph_throttle", code_s, "still throttled after SENDER_MAX_AGE_MS");
        return;
    }
    snd_item_defer(s, c, it, ms, it->attempt, it->throttles + 1, 0, "throttled");
}

/* An OPS answer (account locked, policy block, payment...): pause the sending number for SENDER_OPS_PAUSE_MS (its
 * number throttle key, which the admission script honours, so every replica holds its entries), record an event for
 * the doctor and alert (error log line and metric). The message itself is dead-lettered by the caller, for a replay
 * once the account is fixed. */
void snd_rate_pause_number(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, const char *code,
                           const char *meta_message)
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
