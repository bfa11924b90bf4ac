/*
 * The sender's stream loop (see loop.h). Two Redis connections: `reader` carries the XREADGROUP, sent without waiting
 * for its reply; the loop then waits in the HTTP driver's poll (multi.h) on the Graph transfers and on the reader's
 * socket at once. `cmd` (with a timeout) runs everything else: the stage's own steps (through an snd_link_t), XACK,
 * wa:dlq, XAUTOCLAIM, XPENDING, XCLAIM. Entries are copied out of the reply into their group (lgroup_t), which lives
 * until its outcomes are settled. Any connection error drops both connections and the loop reconnects with backoff
 * while the calls under way go on; an entry whose outcome cannot be written stays pending, to be reclaimed after the
 * idle threshold, so a lost connection never loses an entry.
 */
#include "loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "multi.h"
#include "wa/consumer.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "wa/retention.h"

#define STAGE "sender"
#define CMD_TIMEOUT_MS 5000
#define CLAIM_COUNT_MAX 100
#define WAIT_MAX_MS 200 /* longest poll, so that a stop request and the timers are noticed quickly */
#define IDS_PER_CMD 500
#define STATS_EVERY_MS 5000 /* how often the stream gauges are refreshed */

/* One group of entries under way: copies of the entries (their fields in `store`), their results and the stage's
 * group. */
typedef struct st_lgroup_t {
    snd_group_t *g;
    wa_entry_t *entries;
    wa_result_t *results;
    char **store;
    size_t n, cap;
    size_t outstanding; /* Graph calls of the current round still running */
    long long touched_ms, started_ms;
    struct st_lgroup_t *prev, *next;
} lgroup_t;

typedef struct st_loop_t {
    snd_sender_t *s;
    wa_pg_t *pg;
    const wa_config_t *cfg;
    const snd_loop_opts_t *opts;
    const char *stream, *group;
    snd_multi_t *http;
    redisContext *reader, *cmd;
    int cmd_failed; /* the stage reported the command connection broken: reconnect after this turn */
    int abandoning; /* the stop drain ran out: no new Graph calls, every group settles now */
    long long reader_id;
    int group_ok, read_pending;
    long long next_connect_ms, next_claim_ms, next_touch_ms, next_stats_ms;
    int backoff_ms;
    char claim_cursor[48];
    lgroup_t *live;
    size_t live_entries;
    wa_metric_t *m_ack, *m_retry, *m_dlq, *m_poison, *m_claimed, *m_handed_back;
    wa_stage_metrics_t sm; /* the same series libwa's consumer exports per stage */
    wa_retention_t *retention; /* trims the streams once per WA_TRIM_INTERVAL_MS (wa/retention.h) */
} loop_t;

int snd_loop_opts_load(snd_loop_opts_t *o)
{
    int ok = 1;
    o->max_inflight = wa_env_long("SENDER_MAX_INFLIGHT", 256, &ok);
    if (!ok || o->max_inflight < 1 || o->max_inflight > 100000) {
        wa_error("invalid value of an environment variable", "variable", "SENDER_MAX_INFLIGHT", "range", "1..100000");
        return -1;
    }
    o->group_max = wa_env_long("SENDER_GROUP_MAX", 64, &ok);
    if (!ok || o->group_max < 1 || o->group_max > 1000) {
        wa_error("invalid value of an environment variable", "variable", "SENDER_GROUP_MAX", "range", "1..1000");
        return -1;
    }
    o->drain_ms = wa_env_long("SENDER_DRAIN_MS", 8000, &ok);
    if (!ok || o->drain_ms < 0 || o->drain_ms > 600000) {
        wa_error("invalid value of an environment variable", "variable", "SENDER_DRAIN_MS", "range", "0..600000");
        return -1;
    }
    return 0;
}

static int cmd_ok(const loop_t *l)
{
    return l->cmd != NULL && !l->cmd->err && !l->cmd_failed;
}

static void disconnect(loop_t *l)
{
    if (l->reader != NULL)
        redisFree(l->reader);
    if (l->cmd != NULL)
        redisFree(l->cmd);
    l->reader = l->cmd = NULL;
    l->cmd_failed = 0;
    l->group_ok = 0;
    l->read_pending = 0;
    wa_ready_set(WA_READY_REDIS, 0);
    wa_ready_set(WA_READY_GROUP, 0);
}

static int connected(const loop_t *l)
{
    return l->reader != NULL && !l->reader->err && cmd_ok(l) && l->group_ok;
}

/* Connects both connections and creates the group (from the start of the stream, MKSTREAM). Returns 0 or -1. */
static int connect_all(loop_t *l)
{
    disconnect(l);
    if ((l->reader = wa_redis_connect(l->cfg->redis_url, 0)) == NULL ||
        (l->cmd = wa_redis_connect(l->cfg->redis_url, CMD_TIMEOUT_MS)) == NULL)
        return -1;
    const char *idargv[] = {"CLIENT", "ID"};
    redisReply *r = wa_redis_cmd(l->reader, 2, idargv, NULL);
    if (r == NULL)
        return -1;
    l->reader_id = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    freeReplyObject(r);
    wa_ready_set(WA_READY_REDIS, 1);
    const char *argv[] = {"XGROUP", "CREATE", l->stream, l->group, "0", "MKSTREAM"};
    if ((r = wa_redis_cmd(l->cmd, 6, argv, NULL)) == NULL)
        return -1;
    int ok = r->type != REDIS_REPLY_ERROR || strncmp(r->str, "BUSYGROUP", 9) == 0;
    if (!ok)
        wa_error("cannot create consumer group", "stream", l->stream, "group", l->group, "error", r->str);
    freeReplyObject(r);
    if (!ok)
        return -1;
    l->group_ok = 1;
    wa_ready_set(WA_READY_GROUP, 1);
    wa_info("connected to Redis", "stream", l->stream, "group", l->group);
    return 0;
}

/* --- groups --------------------------------------------------------------------------------------------------- */

static lgroup_t *lgroup_new(size_t cap)
{
    lgroup_t *lg = wa_calloc(1, sizeof(*lg));
    lg->cap = cap > 0 ? cap : 1;
    lg->entries = wa_calloc(lg->cap, sizeof(*lg->entries));
    lg->results = wa_calloc(lg->cap, sizeof(*lg->results));
    lg->store = wa_calloc(lg->cap, sizeof(*lg->store));
    return lg;
}

/* Copies `e` (fields borrowed from a reply) into the group. */
static void lgroup_add(lgroup_t *lg, const wa_entry_t *e)
{
    if (lg->n == lg->cap)
        return;
    size_t size = 1;
    for (size_t i = 0; i < e->nfields; i++)
        size += e->fields[i].name_len + e->fields[i].value_len + 2;
    char *p = wa_malloc(size);
    wa_entry_t *c = &lg->entries[lg->n];
    *c = *e;
    lg->store[lg->n] = p;
    for (size_t i = 0; i < e->nfields; i++) {
        wa_field_t *f = &c->fields[i];
        memcpy(p, e->fields[i].name, e->fields[i].name_len);
        p[e->fields[i].name_len] = '\0';
        f->name = p;
        p += e->fields[i].name_len + 1;
        memcpy(p, e->fields[i].value, e->fields[i].value_len);
        p[e->fields[i].value_len] = '\0';
        f->value = p;
        p += e->fields[i].value_len + 1;
    }
    memset(&lg->results[lg->n], 0, sizeof(lg->results[lg->n]));
    lg->results[lg->n].outcome = WA_ENTRY_ACK;
    lg->n++;
}

static void lgroup_free(loop_t *l, lgroup_t *lg)
{
    if (lg->g != NULL) {
        snd_group_destroy(l->s, lg->g);
        if (lg->prev != NULL)
            lg->prev->next = lg->next;
        else
            l->live = lg->next;
        if (lg->next != NULL)
            lg->next->prev = lg->prev;
        l->live_entries -= lg->n;
    }
    for (size_t i = 0; i < lg->n; i++)
        free(lg->store[i]);
    free(lg->store);
    free(lg->entries);
    free(lg->results);
    free(lg);
}

/* 1 when entry `id` is under way in this process. */
static int has_entry(const loop_t *l, const char *id)
{
    for (const lgroup_t *lg = l->live; lg != NULL; lg = lg->next)
        for (size_t i = 0; i < lg->n; i++)
            if (strcmp(lg->entries[i].id, id) == 0)
                return 1;
    return 0;
}

/* XACKs `ids`. A failure only means a redelivery, which the sent: mark turns into a duplicate. */
static void ack_ids(loop_t *l, const char **ids, size_t n)
{
    for (size_t off = 0; off < n && cmd_ok(l); off += IDS_PER_CMD) {
        size_t k = n - off < IDS_PER_CMD ? n - off : IDS_PER_CMD;
        const char **argv = wa_calloc(k + 3, sizeof(*argv));
        size_t *lens = wa_calloc(k + 3, sizeof(*lens));
        argv[0] = "XACK", argv[1] = l->stream, argv[2] = l->group;
        for (size_t i = 0; i < k; i++)
            argv[3 + i] = ids[off + i];
        for (size_t i = 0; i < k + 3; i++)
            lens[i] = strlen(argv[i]);
        redisReply *r = wa_redis_cmd(l->cmd, (int)(k + 3), argv, lens);
        free(argv);
        free(lens);
        if (r == NULL) {
            wa_warn("XACK failed; entries will be redelivered", "stream", l->stream);
            return;
        }
        freeReplyObject(r);
    }
}

/* Every outcome of the group is final: acknowledge, dead-letter or leave pending, then free the group. */
static void finish(loop_t *l, lgroup_t *lg)
{
    const char **ids = wa_calloc(lg->n > 0 ? lg->n : 1, sizeof(*ids));
    size_t nack = 0;
    for (size_t i = 0; i < lg->n; i++) {
        const wa_entry_t *e = &lg->entries[i];
        const wa_result_t *res = &lg->results[i];
        if (res->outcome == WA_ENTRY_RETRY || !cmd_ok(l)) {
            wa_metric_add(l->m_retry, 1);
        } else if (res->outcome == WA_ENTRY_DLQ) {
            if (wa_dlq_write(l->cmd, l->cfg, STAGE, e, res->reason, res->detail, res->error_code, e->deliveries) == 0) {
                ids[nack++] = e->id;
                wa_metric_add(l->m_dlq, 1);
            } else {
                wa_metric_add(l->m_retry, 1);
            }
        } else {
            ids[nack++] = e->id;
            wa_metric_add(l->m_ack, 1);
        }
    }
    ack_ids(l, ids, nack);
    free(ids);
    wa_metric_observe_ms(l->sm.batch, (double)(wa_mono_ms() - lg->started_ms));
    lgroup_free(l, lg);
}

/* Drives the group to its next wait: starts its Graph calls, or settles it when it has none left. */
static void advance(loop_t *l, lgroup_t *lg)
{
    for (;;) {
        snd_link_t link = {.c = NULL, .r = cmd_ok(l) ? l->cmd : NULL, .failed = 0};
        wa_http_req_t **reqs;
        size_t k = snd_group_next(l->s, &link, lg->g, &reqs);
        if (link.failed)
            l->cmd_failed = 1;
        if (k == 0) {
            finish(l, lg);
            return;
        }
        for (size_t i = 0; i < k; i++) {
            if (!l->abandoning && snd_multi_add(l->http, reqs[i], lg) == 0)
                lg->outstanding++;
            else
                reqs[i]->curl_code = SND_HTTP_NOT_STARTED;
        }
        if (lg->outstanding > 0)
            return;
    }
}

static void on_done(wa_http_req_t *req, void *owner, void *data)
{
    (void)req;
    loop_t *l = data;
    lgroup_t *lg = owner;
    if (--lg->outstanding == 0)
        advance(l, lg);
}

/* Hands the copied entries to the stage. */
static void start(loop_t *l, lgroup_t *lg)
{
    if (lg->n == 0) {
        lgroup_free(l, lg);
        return;
    }
    long long now = wa_now_ms();
    for (size_t i = 0; i < lg->n; i++)
        wa_stage_metrics_waited(&l->sm, lg->entries[i].id, now);
    lg->g = snd_group_create(l->s, lg->entries, lg->results, lg->n);
    lg->touched_ms = lg->started_ms = wa_mono_ms();
    lg->next = l->live;
    if (l->live != NULL)
        l->live->prev = lg;
    l->live = lg;
    l->live_entries += lg->n;
    advance(l, lg);
}

/* --- reading ---------------------------------------------------------------------------------------------------- */

/* Asks for up to `count` more entries without waiting (libwa's wa_stream_read_send). */
static int read_more(loop_t *l, long count)
{
    if (wa_stream_read_send(l->reader, l->cfg, l->stream, l->group, count) != 0)
        return -1;
    l->read_pending = 1;
    return 0;
}

/* The reader's socket is readable: takes the XREADGROUP reply and starts its entries as one group. */
static void receive_read(loop_t *l)
{
    redisReply *r = NULL;
    if (redisGetReply(l->reader, (void **)&r) != REDIS_OK || r == NULL) {
        wa_warn("lost connection to Redis", "stream", l->stream);
        disconnect(l);
        return;
    }
    l->read_pending = 0;
    if (r->type == REDIS_REPLY_ERROR) {
        if (strstr(r->str, "NOGROUP") != NULL)
            l->group_ok = 0; /* the stream was deleted: reconnect and recreate the group */
        else
            wa_warn("XREADGROUP failed", "stream", l->stream, "error", r->str);
        l->next_connect_ms = wa_mono_ms() + 100;
    } else if (r->type == REDIS_REPLY_ARRAY && r->elements > 0) {
        const redisReply *st = r->element[0];
        if (st->type == REDIS_REPLY_ARRAY && st->elements == 2 && st->element[1]->type == REDIS_REPLY_ARRAY) {
            const redisReply *list = st->element[1];
            lgroup_t *lg = lgroup_new(list->elements);
            for (size_t i = 0; i < list->elements; i++) {
                wa_entry_t e;
                if (wa_entry_from_reply(l->stream, list->element[i], &e) == 0 && !has_entry(l, e.id))
                    lgroup_add(lg, &e);
            }
            start(l, lg);
        }
    }
    freeReplyObject(r);
}

typedef struct st_reclaimed_t {
    loop_t *l;
    lgroup_t *lg;
} reclaimed_t;

static int reclaim_mine(void *data, const char *id)
{
    const reclaimed_t *r = data;
    return has_entry(r->l, id); /* under way here (its idle reset came late): its group settles it */
}

static void reclaim_take(void *data, wa_entry_t *e)
{
    lgroup_add(((reclaimed_t *)data)->lg, e);
}

static void reclaim_start(void *data)
{
    reclaimed_t *r = data;
    start(r->l, r->lg); /* the entries become one group, like a read's */
    r->lg = NULL;
}

/* One reclaim pass (libwa's wa_stream_reclaim), at most the free slots. */
static void reclaim(loop_t *l, long free_slots)
{
    long count = free_slots < CLAIM_COUNT_MAX ? free_slots : CLAIM_COUNT_MAX;
    reclaimed_t r = {l, lgroup_new((size_t)count)};
    wa_reclaim_t how = {.cfg = l->cfg, .stream = l->stream, .group = l->group, .stage = STAGE,
                        .claimed = l->m_claimed, .poison = l->m_poison, .mine = reclaim_mine, .take = reclaim_take,
                        .flush = reclaim_start, .data = &r};
    long rc = wa_stream_reclaim(l->cmd, &how, l->claim_cursor, sizeof(l->claim_cursor), count, NULL);
    if (r.lg != NULL) /* nothing claimed, or the connection failed before the flush */
        lgroup_free(l, r.lg);
    if (rc >= 0 && strcmp(l->claim_cursor, "0-0") != 0)
        l->next_claim_ms = 0; /* more idle entries behind these: continue on the next turn */
}

/* XCLAIMs the entries of the groups under way (all, or only those not touched since `before`). */
static void claim_live(loop_t *l, long long before, long long now, long idle_ms)
{
    const char *ids[IDS_PER_CMD];
    size_t n = 0;
    for (lgroup_t *lg = l->live; lg != NULL && cmd_ok(l); lg = lg->next) {
        if (lg->touched_ms > before)
            continue;
        lg->touched_ms = now;
        for (size_t i = 0; i < lg->n; i++) {
            ids[n++] = lg->entries[i].id;
            if (n == IDS_PER_CMD) {
                if (wa_stream_xclaim_ids(l->cmd, l->cfg, l->stream, l->group, ids, n, idle_ms) != 0)
                    return;
                n = 0;
            }
        }
    }
    if (n > 0 && cmd_ok(l))
        (void)wa_stream_xclaim_ids(l->cmd, l->cfg, l->stream, l->group, ids, n, idle_ms);
}

/* The drain is over with calls still under way: each is settled as a call that timed out without an answer (Meta
 * may have accepted it: the documented window), so the stage drops its lease and schedules the resend in wa:retry
 * with its backoff, as for any timeout; resends it would start now are not started (the entries stay pending). What
 * cannot be settled (Redis gone) is handed back: XCLAIM ... IDLE, so that any consumer reclaims it at once. */
static void hand_back(loop_t *l)
{
    if (l->live == NULL)
        return;
    char cnt[24];
    snprintf(cnt, sizeof(cnt), "%zu", l->live_entries);
    wa_warn("stopping with Graph calls still in flight; they are settled as timed out", "count", cnt);
    l->abandoning = 1;
    snd_multi_fail_all(l->http, (int)CURLE_OPERATION_TIMEDOUT, "abandoned: the sender is stopping", on_done, l);
    if (l->live == NULL)
        return;
    snprintf(cnt, sizeof(cnt), "%zu", l->live_entries);
    if (cmd_ok(l))
        claim_live(l, wa_mono_ms() + 1, wa_mono_ms(), l->cfg->claim_idle_ms);
    wa_warn("entries handed back unsettled", "count", cnt);
    wa_metric_add(l->m_handed_back, (long long)l->live_entries);
    snd_multi_abort_all(l->http);
    while (l->live != NULL)
        lgroup_free(l, l->live);
}

/* Asks Redis to end the reader's blocking read now (it returns an empty reply). */
static void unblock_reader(loop_t *l)
{
    if (!l->read_pending || !cmd_ok(l) || l->reader_id < 0)
        return;
    char id[24];
    snprintf(id, sizeof(id), "%lld", l->reader_id);
    const char *argv[] = {"CLIENT", "UNBLOCK", id};
    redisReply *r = wa_redis_cmd(l->cmd, 3, argv, NULL);
    if (r != NULL)
        freeReplyObject(r);
}

static long long min_ll(long long a, long long b)
{
    return a < b ? a : b;
}

int snd_loop_run(const wa_config_t *cfg, const char *stream, const char *group, snd_sender_t *s, wa_pg_t *pg,
                 const snd_loop_opts_t *opts)
{
    loop_t l;
    memset(&l, 0, sizeof(l));
    l.stream = stream, l.group = group, l.s = s, l.pg = pg, l.cfg = cfg, l.opts = opts;
    l.backoff_ms = 100;
    snprintf(l.claim_cursor, sizeof(l.claim_cursor), "0-0");
    if ((l.http = snd_multi_create(opts->max_inflight)) == NULL) {
        wa_error("cannot create the HTTP client");
        return -1;
    }
    char labels[128];
#define ENTRY_METRIC(outcome)                                                                                          \
    (snprintf(labels, sizeof(labels), "stage=\"%s\",outcome=\"%s\"", STAGE, outcome),                                  \
     wa_metric(WA_METRIC_COUNTER, "wa_stream_entries_total", labels, "Stream entries settled, by outcome"))
    l.m_ack = ENTRY_METRIC("ack");
    l.m_retry = ENTRY_METRIC("retry");
    l.m_dlq = ENTRY_METRIC("dlq");
    l.m_poison = ENTRY_METRIC("poison");
    l.m_claimed = ENTRY_METRIC("reclaimed");
    l.m_handed_back = ENTRY_METRIC("handed_back");
#undef ENTRY_METRIC
    wa_stage_metrics_init(&l.sm, STAGE, 1);
    l.retention = wa_retention_create(cfg);
    char maxs[24];
    snprintf(maxs, sizeof(maxs), "%ld", opts->max_inflight);
    wa_info("consumer starting", "stream", stream, "group", group, "consumer", cfg->consumer_name, "max_inflight",
            maxs);

    int stopping = 0;
    long long drain_until = 0;
    long touch_every = cfg->claim_idle_ms / 4 > 100 ? cfg->claim_idle_ms / 4 : 100;
    for (;;) {
        long long now = wa_mono_ms();
        (void)wa_pg_ping(pg, 1000);
        if (!stopping && wa_stop_requested()) {
            stopping = 1;
            drain_until = now + opts->drain_ms;
            char n[24];
            snprintf(n, sizeof(n), "%zu", l.live_entries);
            wa_info("stop requested: no more reading, finishing the sends in flight", "in_flight", n);
            unblock_reader(&l);
        }
        if (stopping) {
            if (l.live == NULL && !l.read_pending)
                break;
            if (now >= drain_until) {
                hand_back(&l);
                break;
            }
        }
        if (!connected(&l) && now >= l.next_connect_ms) {
            if (connect_all(&l) != 0) {
                disconnect(&l);
                l.next_connect_ms = now + l.backoff_ms;
                l.backoff_ms = l.backoff_ms * 2 > 2000 ? 2000 : l.backoff_ms * 2;
            } else {
                l.backoff_ms = 100;
            }
        }
        long free_slots = opts->max_inflight - (long)l.live_entries;
        if (connected(&l)) {
            if (!stopping && free_slots > 0 && now >= l.next_claim_ms) {
                l.next_claim_ms = now + cfg->claim_idle_ms / 2;
                reclaim(&l, free_slots);
            }
            if (now >= l.next_touch_ms && cmd_ok(&l)) {
                l.next_touch_ms = now + touch_every;
                claim_live(&l, now - cfg->claim_idle_ms / 3, now, -1);
            }
            if (now >= l.next_stats_ms && cmd_ok(&l)) {
                l.next_stats_ms = now + STATS_EVERY_MS;
                wa_stage_metrics_refresh(&l.sm, l.cmd, l.stream, l.group);
            }
            if (cmd_ok(&l))
                wa_retention_tick(l.retention, l.cmd); /* a lost connection shows at the next command */
            free_slots = opts->max_inflight - (long)l.live_entries;
            if (!stopping && !l.read_pending && free_slots > 0 && connected(&l) &&
                read_more(&l, free_slots < opts->group_max ? free_slots : opts->group_max) != 0) {
                wa_warn("lost connection to Redis", "stream", stream);
                disconnect(&l);
                l.next_connect_ms = now + l.backoff_ms;
            }
        }
        long long until = now + WAIT_MAX_MS;
        if (connected(&l)) {
            until = min_ll(until, l.next_touch_ms);
            if (!stopping && free_slots > 0)
                until = min_ll(until, l.next_claim_ms);
        } else {
            until = min_ll(until, l.next_connect_ms);
        }
        if (stopping)
            until = min_ll(until, drain_until);
        long wait = until > now ? (long)(until - now) : 0;
        int fd = l.read_pending && l.reader != NULL ? l.reader->fd : -1;
        int readable = snd_multi_step(l.http, wait, fd, on_done, &l);
        if (readable && l.read_pending)
            receive_read(&l);
        if (l.cmd != NULL && (l.cmd->err || l.cmd_failed)) {
            wa_warn("lost connection to Redis", "stream", stream);
            disconnect(&l);
        }
    }
    disconnect(&l);
    snd_multi_destroy(l.http);
    wa_retention_destroy(l.retention);
    wa_info("consumer stopped", "stream", stream);
    return 0;
}
