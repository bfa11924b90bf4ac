/*
 * The stage loop (wa/stage.h): the single stream consumer of libwa under the router's batch work, the ai's model
 * calls and the sender's Graph calls, and wa_conn_t, its connection with a sticky error. One turn: notice a stop
 * request, (re)connect, reclaim, touch the entries under way, refresh the gauges, run the retention tick, send the
 * next XREADGROUP without waiting, then wait in the driver's poll (its curl multi handle, say) on its own work and on
 * the reader's socket at once, and take the read's entries when they come. The primitives it uses (reclaim, read,
 * XCLAIM, wa:dlq, stage metrics) are in consumer.c.
 */
#include "wa/stage.h"

#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "wa/retention.h"

#define CMD_TIMEOUT_MS 5000
#define CLAIM_COUNT_MAX 100
#define WAIT_MAX_MS 200 /* longest wait, so that a stop request and the timers are noticed quickly */
#define IDS_PER_CMD 500
#define STATS_EVERY_MS 5000 /* how often the stream gauges are refreshed (XINFO GROUPS, XLEN) */

/* ---- wa_conn_t ---- */

int wa_conn_open(wa_conn_t *c, const char *url, int timeout_ms)
{
    static unsigned long next_gen;

    wa_conn_close(c);
    c->gen = __atomic_add_fetch(&next_gen, 1, __ATOMIC_RELAXED);
    if ((c->rc = wa_redis_connect(url, timeout_ms)) == NULL) {
        c->err = REDIS_ERR_IO;
        snprintf(c->errstr, sizeof(c->errstr), "cannot connect");
        return -1;
    }
    return 0;
}

void wa_conn_close(wa_conn_t *c)
{
    if (c->rc != NULL)
        redisFree(c->rc);
    c->rc = NULL;
    c->err = 0;
    c->errstr[0] = '\0';
}

int wa_conn_ok(wa_conn_t *c)
{
    if (c->rc == NULL)
        return 0;
    if (c->err == 0 && c->rc->err != 0) { /* hiredis saw it first: make it ours */
        c->err = c->rc->err;
        snprintf(c->errstr, sizeof(c->errstr), "%s", c->rc->errstr);
    }
    return c->err == 0;
}

redisContext *wa_conn_redis(wa_conn_t *c)
{
    return wa_conn_ok(c) ? c->rc : NULL;
}

void wa_conn_fail(wa_conn_t *c, const char *why)
{
    if (c->err != 0)
        return;
    c->err = REDIS_ERR_IO;
    snprintf(c->errstr, sizeof(c->errstr), "%s", why != NULL ? why : "connection failed");
}

redisReply *wa_conn_cmd(wa_conn_t *c, int argc, const char **argv, const size_t *argvlen)
{
    redisContext *r = wa_conn_redis(c);
    if (r == NULL)
        return NULL;
    redisReply *rep = wa_redis_cmd(r, argc, argv, argvlen);
    if (rep == NULL)
        (void)wa_conn_ok(c); /* records hiredis's reason */
    if (rep == NULL && c->err == 0)
        wa_conn_fail(c, "no reply");
    return rep;
}

/* ---- the loop ---- */

struct st_wa_stage_t {
    const wa_config_t *cfg;
    const wa_stage_driver_t *d;
    char *stream, *group, *stage;
    wa_conn_t reader, cmd;
    long long reader_id; /* CLIENT ID of the reader, to unblock its read on stop */
    int group_ok, read_pending;
    long long next_connect_ms, next_claim_ms, next_touch_ms, next_stats_ms;
    int backoff_ms;
    char claim_cursor[48]; /* where the next XAUTOCLAIM pass resumes; "0-0" starts over */
    const char **ids;      /* scratch for XCLAIM JUSTID: room for the largest read or reclaim pass */
    size_t ids_cap;
    wa_metric_t *m_ack, *m_retry, *m_dlq, *m_poison, *m_claimed, *m_handed_back;
    wa_stage_metrics_t sm;
    wa_retention_t *retention; /* trims the streams once per WA_TRIM_INTERVAL_MS (wa/retention.h) */
};

wa_stage_t *wa_stage_create(const wa_config_t *cfg, const char *stream, const char *group, const char *stage,
                            const wa_stage_driver_t *driver)
{
    wa_stage_t *st = wa_calloc(1, sizeof(*st));
    st->cfg = cfg;
    st->d = driver;
    st->stream = wa_strdup(stream);
    st->group = wa_strdup(group);
    st->stage = wa_strdup(stage);
    st->backoff_ms = 100;
    snprintf(st->claim_cursor, sizeof(st->claim_cursor), "0-0");
    st->ids_cap = IDS_PER_CMD;
    if ((size_t)driver->read_max > st->ids_cap)
        st->ids_cap = (size_t)driver->read_max;
    st->ids = wa_calloc(st->ids_cap, sizeof(*st->ids));
    char labels[128];
#define ENTRY_METRIC(outcome)                                                                                          \
    (snprintf(labels, sizeof(labels), "stage=\"%s\",outcome=\"%s\"", stage, outcome),                                  \
     wa_metric(WA_METRIC_COUNTER, "wa_stream_entries_total", labels, "Stream entries settled, by outcome"))
    st->m_ack = ENTRY_METRIC("ack");
    st->m_retry = ENTRY_METRIC("retry");
    st->m_dlq = ENTRY_METRIC("dlq");
    st->m_poison = ENTRY_METRIC("poison");
    st->m_claimed = ENTRY_METRIC("reclaimed");
    if (driver->live != NULL)
        st->m_handed_back = ENTRY_METRIC("handed_back");
#undef ENTRY_METRIC
    wa_stage_metrics_init(&st->sm, stage, driver->with_batch);
    st->retention = wa_retention_create(cfg);
    return st;
}

static void disconnect(wa_stage_t *st)
{
    wa_conn_close(&st->reader);
    wa_conn_close(&st->cmd);
    st->group_ok = 0;
    st->read_pending = 0;
    wa_ready_set(WA_READY_REDIS, 0);
    wa_ready_set(WA_READY_GROUP, 0);
}

void wa_stage_destroy(wa_stage_t *st)
{
    if (st == NULL)
        return;
    disconnect(st);
    wa_retention_destroy(st->retention);
    free(st->ids);
    free(st->stream);
    free(st->group);
    free(st->stage);
    free(st);
}

wa_conn_t *wa_stage_conn(wa_stage_t *st)
{
    return &st->cmd;
}

static size_t live(const wa_stage_t *st)
{
    return st->d->live != NULL ? st->d->live(st->d->data) : 0;
}

static int connected(wa_stage_t *st)
{
    return st->group_ok && wa_conn_ok(&st->reader) && wa_conn_ok(&st->cmd);
}

/* Connects both connections and creates the group (from the start of the stream, MKSTREAM). Returns 0 or -1. */
static int connect_all(wa_stage_t *st)
{
    disconnect(st);
    if (wa_conn_open(&st->reader, st->cfg->redis_url, 0) != 0 ||
        wa_conn_open(&st->cmd, st->cfg->redis_url, CMD_TIMEOUT_MS) != 0)
        return -1;
    const char *idargv[] = {"CLIENT", "ID"};
    redisReply *r = wa_conn_cmd(&st->reader, 2, idargv, NULL);
    if (r == NULL)
        return -1;
    st->reader_id = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    freeReplyObject(r);
    wa_ready_set(WA_READY_REDIS, 1);
    /* from the start of the stream ("0"): entries written before the group existed are processed too */
    const char *argv[] = {"XGROUP", "CREATE", st->stream, st->group, "0", "MKSTREAM"};
    if ((r = wa_conn_cmd(&st->cmd, 6, argv, NULL)) == NULL)
        return -1;
    int ok = r->type != REDIS_REPLY_ERROR || strncmp(r->str, "BUSYGROUP", 9) == 0;
    if (!ok)
        wa_error("cannot create consumer group", "stream", st->stream, "group", st->group, "error", r->str);
    freeReplyObject(r);
    if (!ok)
        return -1;
    st->group_ok = 1;
    wa_ready_set(WA_READY_GROUP, 1);
    wa_info("connected to Redis", "stream", st->stream, "group", st->group);
    return 0;
}

/* XACKs ids[0..n) in commands of at most IDS_PER_CMD. A failure only means a redelivery, which every stage turns
 * into an acknowledgement (its done/sent markers). */
static void ack_ids(wa_stage_t *st, const char **ids, size_t n)
{
    for (size_t off = 0; off < n && wa_conn_ok(&st->cmd); off += IDS_PER_CMD) {
        size_t k = n - off < IDS_PER_CMD ? n - off : IDS_PER_CMD;
        const char **argv = wa_calloc(k + 3, sizeof(*argv));
        argv[0] = "XACK", argv[1] = st->stream, argv[2] = st->group;
        for (size_t i = 0; i < k; i++)
            argv[3 + i] = ids[off + i];
        redisReply *r = wa_conn_cmd(&st->cmd, (int)(k + 3), argv, NULL);
        free(argv);
        if (r == NULL) {
            wa_warn("XACK failed; entries will be redelivered", "stream", st->stream);
            return;
        }
        freeReplyObject(r);
    }
}

void wa_stage_settle(wa_stage_t *st, const wa_entry_t *entries, const wa_result_t *results, size_t n,
                     long long started_ms)
{
    const char **ids = wa_calloc(n > 0 ? n : 1, sizeof(*ids));
    size_t nack = 0;
    for (size_t i = 0; i < n; i++) {
        const wa_entry_t *e = &entries[i];
        const wa_result_t *res = &results[i];
        if (res->outcome == WA_ENTRY_ACK && res->acked) {
            wa_metric_add(st->m_ack, 1); /* acknowledged with its side effects, in their transaction */
        } else if (res->outcome == WA_ENTRY_RETRY || !wa_conn_ok(&st->cmd)) {
            wa_metric_add(st->m_retry, 1);
        } else if (res->outcome == WA_ENTRY_DLQ) {
            if (wa_dlq_write(st->cmd.rc, st->cfg, st->stage, e, res->reason, res->detail, res->error_code,
                             e->deliveries) == 0) {
                ids[nack++] = e->id;
                wa_metric_add(st->m_dlq, 1);
            } else {
                wa_metric_add(st->m_retry, 1);
            }
        } else {
            ids[nack++] = e->id;
            wa_metric_add(st->m_ack, 1);
        }
    }
    ack_ids(st, ids, nack);
    free(ids);
    if (st->sm.batch != NULL && started_ms > 0)
        wa_metric_observe_ms(st->sm.batch, (double)(wa_mono_ms() - started_ms));
}

/* Hands entries to the driver, after observing how long each waited in the stream. */
static void take(wa_stage_t *st, wa_entry_t *entries, size_t n)
{
    if (n == 0)
        return;
    long long now = wa_now_ms();
    for (size_t i = 0; i < n; i++)
        wa_stage_metrics_waited(&st->sm, entries[i].id, now);
    st->d->take(st, entries, n, st->d->data);
}

/* The reader's socket is readable: takes the XREADGROUP reply and hands its entries (those not already under way
 * here) to the driver at once. */
static void receive_read(wa_stage_t *st)
{
    redisReply *r = NULL;
    if (redisGetReply(st->reader.rc, (void **)&r) != REDIS_OK || r == NULL) {
        wa_warn("lost connection to Redis", "stream", st->stream);
        disconnect(st);
        return;
    }
    st->read_pending = 0;
    if (r->type == REDIS_REPLY_ERROR) {
        if (strstr(r->str, "NOGROUP") != NULL)
            st->group_ok = 0; /* the stream was deleted: reconnect and recreate the group */
        else
            wa_warn("XREADGROUP failed", "stream", st->stream, "error", r->str);
        st->next_connect_ms = wa_mono_ms() + 100;
    } else if (r->type == REDIS_REPLY_ARRAY && r->elements > 0) {
        const redisReply *s = r->element[0];
        if (s->type == REDIS_REPLY_ARRAY && s->elements == 2 && s->element[1]->type == REDIS_REPLY_ARRAY) {
            const redisReply *list = s->element[1];
            wa_entry_t *entries = wa_calloc(list->elements > 0 ? list->elements : 1, sizeof(*entries));
            size_t n = 0;
            for (size_t i = 0; i < list->elements; i++)
                if (wa_entry_from_reply(st->stream, list->element[i], &entries[n]) == 0 &&
                    (st->d->has == NULL || !st->d->has(st->d->data, entries[n].id)))
                    n++;
            take(st, entries, n);
            free(entries);
        }
    }
    freeReplyObject(r);
}

/* A reclaim pass gathers the claimed entries and hands them to the driver together, like a read's. */
typedef struct st_claimed_t {
    wa_stage_t *st;
    wa_entry_t entries[CLAIM_COUNT_MAX];
    size_t n;
} claimed_t;

static int claimed_mine(void *data, const char *id)
{
    const wa_stage_t *st = ((claimed_t *)data)->st;
    return st->d->has != NULL && st->d->has(st->d->data, id); /* its idle reset came late: the driver settles it */
}

static void claimed_take(void *data, wa_entry_t *e)
{
    claimed_t *cl = data;
    if (cl->n < CLAIM_COUNT_MAX)
        cl->entries[cl->n++] = *e;
}

static void claimed_flush(void *data)
{
    claimed_t *cl = data;
    take(cl->st, cl->entries, cl->n);
}

/* One reclaim pass (libwa's wa_stream_reclaim), at most the free slots. */
static void reclaim(wa_stage_t *st, long free_slots)
{
    long count = free_slots < CLAIM_COUNT_MAX ? free_slots : CLAIM_COUNT_MAX;
    claimed_t *cl = wa_calloc(1, sizeof(*cl));
    cl->st = st;
    wa_reclaim_t how = {.cfg = st->cfg,
                        .stream = st->stream,
                        .group = st->group,
                        .stage = st->stage,
                        .claimed = st->m_claimed,
                        .poison = st->m_poison,
                        .mine = claimed_mine,
                        .take = claimed_take,
                        .flush = claimed_flush,
                        .data = cl};
    int nogroup = 0;
    long rc = wa_stream_reclaim(st->cmd.rc, &how, st->claim_cursor, sizeof(st->claim_cursor), count, &nogroup);
    free(cl);
    if (nogroup)
        st->group_ok = 0;
    if (rc >= 0 && strcmp(st->claim_cursor, "0-0") != 0)
        st->next_claim_ms = 0; /* more idle entries behind these: continue on the next turn */
}

/* XCLAIMs (JUSTID) the entries under way whose idle time was last reset at or before `before`, setting their idle
 * time to idle_ms (< 0: zero). */
static void claim_live(wa_stage_t *st, long long before, long long now, long idle_ms)
{
    if (st->d->stale_ids == NULL)
        return;
    size_t n;
    while (wa_conn_ok(&st->cmd) && (n = st->d->stale_ids(st->d->data, before, now, st->ids, st->ids_cap)) > 0)
        if (wa_stream_xclaim_ids(st->cmd.rc, st->cfg, st->stream, st->group, st->ids, n, idle_ms) != 0)
            break;
}

/* The drain is over with entries still under way: the driver settles what it can at once, the rest is handed back
 * (XCLAIM ... IDLE claim_idle_ms, so that any consumer reclaims it at once) and dropped. */
static void hand_back(wa_stage_t *st)
{
    if (live(st) == 0)
        return;
    char cnt[24];
    snprintf(cnt, sizeof(cnt), "%zu", live(st));
    wa_warn("stopping with work still in flight; what cannot be settled now is handed back", "stream", st->stream,
            "count", cnt);
    if (st->d->expire != NULL)
        st->d->expire(st, st->d->data);
    size_t left = live(st);
    if (left == 0)
        return;
    /* every entry still under way, whenever it was touched; marked with a time no call before could have used */
    claim_live(st, LLONG_MAX - 1, LLONG_MAX, st->cfg->claim_idle_ms);
    snprintf(cnt, sizeof(cnt), "%zu", left);
    wa_warn("entries handed back unsettled", "stream", st->stream, "count", cnt);
    wa_metric_add(st->m_handed_back, (long long)left);
    if (st->d->drop != NULL)
        st->d->drop(st->d->data);
}

/* Asks Redis to end the reader's blocking read now (it returns an empty reply). */
static void unblock_reader(wa_stage_t *st)
{
    if (!st->read_pending || !wa_conn_ok(&st->cmd) || st->reader_id < 0)
        return;
    char id[24];
    snprintf(id, sizeof(id), "%lld", st->reader_id);
    const char *argv[] = {"CLIENT", "UNBLOCK", id};
    redisReply *r = wa_conn_cmd(&st->cmd, 3, argv, NULL);
    if (r != NULL)
        freeReplyObject(r);
}

/* The wait of a driver without a poll of its own: the reader's socket, or just time. */
static int poll_fd(long wait_ms, int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    int rc = poll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, (int)wait_ms);
    return rc > 0 && fd >= 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

static long long min_ll(long long a, long long b)
{
    return a < b ? a : b;
}

int wa_stage_run(wa_stage_t *st)
{
    const wa_stage_driver_t *d = st->d;
    const wa_config_t *cfg = st->cfg;
    char maxs[24];
    snprintf(maxs, sizeof(maxs), "%ld", d->max_inflight);
    wa_info("consumer starting", "stream", st->stream, "group", st->group, "consumer", cfg->consumer_name,
            "max_inflight", maxs);
    int stopping = 0;
    long long drain_until = 0;
    long touch_every = cfg->claim_idle_ms / 4 > 100 ? cfg->claim_idle_ms / 4 : 100;
    for (;;) {
        long long now = wa_mono_ms();
        if (d->turn != NULL)
            d->turn(d->data);
        if (!stopping && wa_stop_requested()) {
            stopping = 1;
            drain_until = now + d->drain_ms;
            char n[24];
            snprintf(n, sizeof(n), "%zu", live(st));
            wa_info("stop requested: no more reading, finishing the work in flight", "stream", st->stream, "in_flight",
                    n);
            unblock_reader(st);
        }
        if (stopping) {
            if (live(st) == 0 && !st->read_pending)
                break;
            if (now >= drain_until) {
                hand_back(st);
                break;
            }
        }
        if (!connected(st) && now >= st->next_connect_ms) {
            if (connect_all(st) != 0) {
                disconnect(st);
                st->next_connect_ms = now + st->backoff_ms;
                st->backoff_ms = st->backoff_ms * 2 > 2000 ? 2000 : st->backoff_ms * 2;
            } else {
                st->backoff_ms = 100;
            }
        }
        long free_slots = d->max_inflight - (long)live(st);
        if (connected(st)) {
            if (!stopping && free_slots > 0 && now >= st->next_claim_ms) {
                st->next_claim_ms = now + cfg->claim_idle_ms / 2;
                reclaim(st, free_slots);
            }
            if (now >= st->next_touch_ms && wa_conn_ok(&st->cmd)) {
                st->next_touch_ms = now + touch_every;
                claim_live(st, now - cfg->claim_idle_ms / 3, now, -1);
            }
            if (now >= st->next_stats_ms && wa_conn_ok(&st->cmd)) {
                st->next_stats_ms = now + STATS_EVERY_MS;
                wa_stage_metrics_refresh(&st->sm, st->cmd.rc, st->stream, st->group);
            }
            if (wa_conn_ok(&st->cmd))
                wa_retention_tick(st->retention, st->cmd.rc); /* a lost connection shows at the next command */
            free_slots = d->max_inflight - (long)live(st);
            long count = d->read_max > 0 && d->read_max < free_slots ? d->read_max : free_slots;
            if (!stopping && !st->read_pending && count > 0 && connected(st)) {
                if (wa_stream_read_send(st->reader.rc, cfg, st->stream, st->group, count) == 0) {
                    st->read_pending = 1;
                } else {
                    wa_warn("lost connection to Redis", "stream", st->stream);
                    disconnect(st);
                    st->next_connect_ms = now + st->backoff_ms;
                }
            }
        }
        long long until = now + WAIT_MAX_MS;
        if (connected(st)) {
            until = min_ll(until, st->next_touch_ms);
            if (!stopping && free_slots > 0)
                until = min_ll(until, st->next_claim_ms);
        } else {
            until = min_ll(until, st->next_connect_ms);
        }
        if (stopping)
            until = min_ll(until, drain_until);
        long wait = until > now ? (long)(until - now) : 0;
        int fd = st->read_pending && st->reader.rc != NULL ? st->reader.rc->fd : -1;
        int readable = d->poll != NULL ? d->poll(st, wait, fd, d->data) : poll_fd(wait, fd);
        if (readable && st->read_pending)
            receive_read(st);
        if (st->cmd.rc != NULL && !wa_conn_ok(&st->cmd)) {
            wa_warn("lost connection to Redis", "stream", st->stream, "error", st->cmd.errstr);
            disconnect(st);
        }
    }
    disconnect(st);
    wa_info("consumer stopped", "stream", st->stream);
    return 0;
}
