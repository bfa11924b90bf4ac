/*
 * The ai stream loop (see loop.h). Two Redis connections: `reader` carries the XREADGROUP, sent without waiting for
 * its reply (hiredis' append + flush); the loop then waits in the call pipeline's poll (curl_multi_poll) on the
 * transfers and on the reader's socket at once, so entries are taken in while calls run and calls end while the
 * read blocks. `cmd` (with a timeout) runs everything else: idempotency checks, XADD wa:out, XACK, XAUTOCLAIM,
 * XPENDING, XCLAIM. Any connection error drops both and the loop reconnects with backoff while the calls in flight go
 * on; an answer that cannot be emitted leaves its entry pending, to be reclaimed after the idle threshold, so a lost
 * connection never loses an entry.
 */
#include "loop.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/consumer.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "wa/retention.h"

#define STAGE "ai"
#define CMD_TIMEOUT_MS 5000
#define CLAIM_COUNT_MAX 100
#define WAIT_MAX_MS 200 /* longest poll, so that a stop request and the timers are noticed quickly */
#define IDS_PER_CMD 500
#define STATS_EVERY_MS 5000 /* how often the stream gauges are refreshed (XINFO GROUPS, XLEN) */

typedef struct st_loop_t {
    ai_service_t *s;
    const wa_config_t *cfg;
    const ai_loop_opts_t *opts;
    const char *stream, *group; /* borrowed from the caller */
    redisContext *reader, *cmd;
    long long reader_id; /* CLIENT ID of the reader, to unblock its read on stop */
    int group_ok, read_pending;
    long long next_connect_ms, next_claim_ms, next_touch_ms, next_stats_ms;
    int backoff_ms;
    char claim_cursor[48];
    wa_metric_t *m_ack, *m_retry, *m_dlq, *m_poison, *m_claimed, *m_handed_back;
    wa_stage_metrics_t sm; /* the same series libwa's consumer exports per stage */
    wa_retention_t *retention; /* trims the streams once per WA_TRIM_INTERVAL_MS (wa/retention.h) */
} loop_t;

int ai_loop_opts_load(ai_loop_opts_t *o)
{
    int ok = 1;
    o->max_inflight = wa_env_long("AI_MAX_INFLIGHT", 512, &ok);
    if (!ok || o->max_inflight < 1 || o->max_inflight > 100000) {
        wa_error("invalid value of an environment variable", "variable", "AI_MAX_INFLIGHT", "range", "1..100000");
        return -1;
    }
    o->drain_ms = wa_env_long("AI_DRAIN_MS", 8000, &ok);
    if (!ok || o->drain_ms < 0 || o->drain_ms > 600000) {
        wa_error("invalid value of an environment variable", "variable", "AI_DRAIN_MS", "range", "0..600000");
        return -1;
    }
    return 0;
}

static void disconnect(loop_t *l)
{
    if (l->reader != NULL)
        redisFree(l->reader);
    if (l->cmd != NULL)
        redisFree(l->cmd);
    l->reader = l->cmd = NULL;
    l->group_ok = 0;
    l->read_pending = 0;
    wa_ready_set(WA_READY_REDIS, 0);
    wa_ready_set(WA_READY_GROUP, 0);
}

static int connected(const loop_t *l)
{
    return l->reader != NULL && !l->reader->err && l->cmd != NULL && !l->cmd->err && l->group_ok;
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

/* XACKs one entry. A failure only means a redelivery, which the "done" marker turns into an ACK. */
static void ack(loop_t *l, const char *id)
{
    const char *argv[] = {"XACK", l->stream, l->group, id};
    redisReply *r = wa_redis_cmd(l->cmd, 4, argv, NULL);
    if (r == NULL) {
        wa_warn("XACK failed; the entry will be redelivered", "entry_id", id);
        return;
    }
    freeReplyObject(r);
}

/* Acts on a settled entry: ACK, DLQ (wa:dlq then ACK) or RETRY (left pending). */
static void settle(const wa_entry_t *e, const wa_result_t *res, void *data)
{
    loop_t *l = data;
    if (res->outcome == WA_ENTRY_RETRY || l->cmd == NULL || l->cmd->err) {
        wa_metric_add(l->m_retry, 1);
        return;
    }
    if (res->outcome == WA_ENTRY_DLQ) {
        if (wa_dlq_write(l->cmd, l->cfg, STAGE, e, res->reason, res->detail, res->error_code, e->deliveries) != 0) {
            wa_metric_add(l->m_retry, 1);
            return;
        }
        wa_metric_add(l->m_dlq, 1);
    } else {
        wa_metric_add(l->m_ack, 1);
    }
    ack(l, e->id);
}

/* Starts the work on one entry; an entry settled at once is acknowledged (or dead-lettered) at once. */
static void take(loop_t *l, const wa_entry_t *e)
{
    if (ai_service_has_entry(l->s, e->id))
        return; /* reclaimed while its call is still in flight here */
    wa_stage_metrics_waited(&l->sm, e->id, wa_now_ms());
    wa_result_t res;
    memset(&res, 0, sizeof(res));
    int conn_failed = 0;
    if (ai_service_start(l->s, l->cmd, e, &res, &conn_failed) == NULL)
        settle(e, &res, l);
    if (conn_failed && l->cmd != NULL && !l->cmd->err)
        l->cmd->err = REDIS_ERR_IO;
}

/* Asks for up to `count` more entries without waiting (libwa's wa_stream_read_send). */
static int read_more(loop_t *l, long count)
{
    if (wa_stream_read_send(l->reader, l->cfg, l->stream, l->group, count) != 0)
        return -1;
    l->read_pending = 1;
    return 0;
}

/* The reader's socket is readable: takes the XREADGROUP reply and starts its entries. */
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
            for (size_t i = 0; i < list->elements && l->cmd != NULL && !l->cmd->err; i++) {
                wa_entry_t e;
                if (wa_entry_from_reply(l->stream, list->element[i], &e) == 0)
                    take(l, &e);
            }
        }
    }
    freeReplyObject(r);
}

static int reclaim_mine(void *data, const char *id)
{
    const loop_t *l = data;
    return ai_service_has_entry(l->s, id); /* in flight here (its idle reset came late): the call answers it */
}

static void reclaim_take(void *data, wa_entry_t *e)
{
    take(data, e);
}

/* One reclaim pass (libwa's wa_stream_reclaim), at most the free slots; the entries start like new ones. */
static void reclaim(loop_t *l, long free_slots)
{
    wa_reclaim_t how = {.cfg = l->cfg, .stream = l->stream, .group = l->group, .stage = STAGE,
                        .claimed = l->m_claimed, .poison = l->m_poison, .mine = reclaim_mine, .take = reclaim_take,
                        .data = l};
    long count = free_slots < CLAIM_COUNT_MAX ? free_slots : CLAIM_COUNT_MAX;
    if (wa_stream_reclaim(l->cmd, &how, l->claim_cursor, sizeof(l->claim_cursor), count, NULL) >= 0 &&
        strcmp(l->claim_cursor, "0-0") != 0)
        l->next_claim_ms = 0; /* more idle entries behind these: continue on the next turn */
}

/* Resets the pending idle time of the entries in flight not reset for a third of WA_CLAIM_IDLE_MS, so that a call
 * waiting out long retries is not reclaimed by another consumer meanwhile. */
static void touch(loop_t *l, long long now)
{
    const char *ids[IDS_PER_CMD];
    long long before = now - l->cfg->claim_idle_ms / 3;
    size_t n;
    while ((n = ai_service_stale_ids(l->s, before, now, ids, IDS_PER_CMD)) > 0)
        if (wa_stream_xclaim_ids(l->cmd, l->cfg, l->stream, l->group, ids, n, -1) != 0)
            break;
}

/* The drain is over with calls still in flight: give their entries back for immediate reclaiming. */
static void hand_back(loop_t *l)
{
    size_t live = ai_service_live(l->s);
    if (live == 0)
        return;
    const char *ids[IDS_PER_CMD];
    size_t n;
    long long now = wa_mono_ms();
    if (l->cmd != NULL && !l->cmd->err)
        while ((n = ai_service_stale_ids(l->s, LLONG_MAX, now + 1, ids, IDS_PER_CMD)) > 0)
            if (wa_stream_xclaim_ids(l->cmd, l->cfg, l->stream, l->group, ids, n, l->cfg->claim_idle_ms) != 0)
                break;
    char cnt[24];
    snprintf(cnt, sizeof(cnt), "%zu", live);
    wa_warn("stopping with model calls still in flight; their entries are handed back", "count", cnt);
    wa_metric_add(l->m_handed_back, (long long)live);
    ai_service_abandon_all(l->s);
}

/* Asks Redis to end the reader's blocking read now (it returns an empty reply). */
static void unblock_reader(loop_t *l)
{
    if (!l->read_pending || l->cmd == NULL || l->cmd->err || l->reader_id < 0)
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

int ai_loop_run(const wa_config_t *cfg, const char *stream, const char *group, ai_service_t *s,
                const ai_loop_opts_t *opts)
{
    loop_t l;
    memset(&l, 0, sizeof(l));
    l.stream = stream;
    l.group = group;
    l.s = s;
    l.cfg = cfg;
    l.opts = opts;
    l.backoff_ms = 100;
    snprintf(l.claim_cursor, sizeof(l.claim_cursor), "0-0");
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
    wa_stage_metrics_init(&l.sm, STAGE, 0);
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
        if (!stopping && wa_stop_requested()) {
            stopping = 1;
            drain_until = now + opts->drain_ms;
            char n[24];
            snprintf(n, sizeof(n), "%zu", ai_service_live(s));
            wa_info("stop requested: no more reading, finishing the calls in flight", "in_flight", n);
            unblock_reader(&l);
        }
        if (stopping) {
            if (ai_service_live(s) == 0 && !l.read_pending)
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
        long free_slots = opts->max_inflight - (long)ai_service_live(s);
        if (connected(&l)) {
            if (!stopping && free_slots > 0 && now >= l.next_claim_ms) {
                l.next_claim_ms = now + cfg->claim_idle_ms / 2;
                reclaim(&l, free_slots);
            }
            if (now >= l.next_touch_ms) {
                l.next_touch_ms = now + touch_every;
                touch(&l, now);
            }
            if (now >= l.next_stats_ms && connected(&l)) {
                l.next_stats_ms = now + STATS_EVERY_MS;
                wa_stage_metrics_refresh(&l.sm, l.cmd, l.stream, l.group);
            }
            if (connected(&l))
                wa_retention_tick(l.retention, l.cmd); /* a lost connection shows at the next command */
            free_slots = opts->max_inflight - (long)ai_service_live(s);
            if (!stopping && !l.read_pending && free_slots > 0 && connected(&l) && read_more(&l, free_slots) != 0) {
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
        int conn_failed = 0;
        int fd = l.read_pending && l.reader != NULL ? l.reader->fd : -1;
        int readable = ai_service_step(s, l.cmd, wait, fd, settle, &l, &conn_failed);
        if (conn_failed) {
            wa_warn("lost connection to Redis", "stream", stream);
            disconnect(&l);
            continue;
        }
        if (readable && l.read_pending)
            receive_read(&l);
        if (l.cmd != NULL && l.cmd->err) {
            wa_warn("lost connection to Redis", "stream", stream);
            disconnect(&l);
        }
    }
    disconnect(&l);
    wa_retention_destroy(l.retention);
    wa_info("consumer stopped", "stream", stream);
    return 0;
}
