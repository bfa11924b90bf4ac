/*
 * The stream primitives of libwa (wa/consumer.h) under the stage loop (stage.c): stop signals, entries from
 * XREADGROUP/XAUTOCLAIM replies, the wa:dlq writer, one reclaim pass (XAUTOCLAIM + XPENDING, poison to wa:dlq), the
 * non-blocking XREADGROUP, XCLAIM JUSTID and the per-stage metrics; and, at the end, libwa's batch consumer
 * (wa_consumer_run): the stage loop with a driver that hands every read to one callback and settles the batch when
 * it returns.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "wa/stage.h"


static volatile sig_atomic_t stop_flag;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

void wa_stop_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int wa_stop_requested(void)
{
    return stop_flag != 0;
}

void wa_stop_request(void)
{
    stop_flag = 1;
}

/* Fills e from one [id, [f, v, ...]] element. Returns 0, or -1 for a nil/deleted element. */
int wa_entry_from_reply(const char *stream, const redisReply *el, wa_entry_t *e)
{
    if (el == NULL || el->type != REDIS_REPLY_ARRAY || el->elements < 2 || el->element[0]->type != REDIS_REPLY_STRING)
        return -1;
    memset(e, 0, sizeof(*e));
    e->stream = stream;
    snprintf(e->id, sizeof(e->id), "%s", el->element[0]->str);
    e->deliveries = 1;
    const redisReply *kv = el->element[1];
    if (kv == NULL || kv->type != REDIS_REPLY_ARRAY)
        return 0; /* an entry with no fields: the callback decides */
    for (size_t i = 0; i + 1 < kv->elements && e->nfields < WA_ENTRY_MAX_FIELDS; i += 2) {
        wa_field_t *f = &e->fields[e->nfields++];
        f->name = kv->element[i]->str != NULL ? kv->element[i]->str : "";
        f->name_len = kv->element[i]->str != NULL ? kv->element[i]->len : 0;
        f->value = kv->element[i + 1]->str != NULL ? kv->element[i + 1]->str : "";
        f->value_len = kv->element[i + 1]->str != NULL ? kv->element[i + 1]->len : 0;
    }
    return 0;
}

int wa_dlq_write(redisContext *r, const wa_config_t *cfg, const char *stage, const wa_entry_t *e, const char *reason,
                 const char *detail, const char *error_code, long attempts)
{
    cJSON *orig = cJSON_CreateObject();
    if (orig == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < e->nfields; i++) {
        char *name = wa_strndup(e->fields[i].name, e->fields[i].name_len);
        char *value = wa_strndup(e->fields[i].value, e->fields[i].value_len);
        if (cJSON_AddStringToObject(orig, name, value) == NULL)
            wa_fatal("out of memory");
        free(name);
        free(value);
    }
    char *entry_json = cJSON_PrintUnformatted(orig);
    cJSON_Delete(orig);
    if (entry_json == NULL)
        wa_fatal("out of memory");
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_cmd_args(&cmd, "XADD");
    wa_cmd_args(&cmd, cfg->key_dlq);
    wa_cmd_args(&cmd, "*");
    wa_cmd_field(&cmd, "stage", stage);
    wa_cmd_field(&cmd, "reason", reason);
    wa_cmd_field(&cmd, "detail", detail != NULL ? detail : "");
    wa_cmd_field(&cmd, "error_code", error_code != NULL ? error_code : "");
    wa_cmd_args(&cmd, "attempts");
    wa_cmd_argl(&cmd, attempts);
    wa_cmd_args(&cmd, "failed_at");
    wa_cmd_argl(&cmd, wa_now_ms());
    wa_cmd_field(&cmd, "source_stream", e->stream != NULL ? e->stream : "");
    wa_cmd_field(&cmd, "source_id", e->id);
    wa_cmd_field(&cmd, "entry", entry_json);
    redisReply *rep = wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
    free(entry_json);
    int ok = rep != NULL && rep->type != REDIS_REPLY_ERROR;
    if (rep != NULL)
        freeReplyObject(rep);
    if (ok)
        wa_warn("dead-lettered", "stage", stage, "reason", reason, "source_id", e->id, "error_code", error_code);
    return ok ? 0 : -1;
}

void wa_result_dlq(wa_result_t *r, const char *reason, const char *error_code, const char *fmt, ...)
{
    r->outcome = WA_ENTRY_DLQ;
    snprintf(r->reason, sizeof(r->reason), "%s", reason);
    snprintf(r->error_code, sizeof(r->error_code), "%s", error_code != NULL ? error_code : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
    va_end(ap);
}

long wa_stream_reclaim(redisContext *r, const wa_reclaim_t *how, char *cursor, size_t cursorsz, long count,
                       int *nogroup)
{
    const wa_config_t *cfg = how->cfg;
    char idle[24], cnt[24];
    snprintf(idle, sizeof(idle), "%d", cfg->claim_idle_ms);
    snprintf(cnt, sizeof(cnt), "%ld", count);
    const char *argv[] = {"XAUTOCLAIM", how->stream, how->group, cfg->consumer_name, idle, cursor, "COUNT", cnt};
    redisReply *cl = wa_redis_cmd(r, 8, argv, NULL);
    if (cl == NULL)
        return -1;
    if (cl->type != REDIS_REPLY_ARRAY || cl->elements < 2 || cl->element[0]->type != REDIS_REPLY_STRING ||
        cl->element[1]->type != REDIS_REPLY_ARRAY) {
        if (cl->type == REDIS_REPLY_ERROR && strstr(cl->str, "NOGROUP") != NULL) {
            if (nogroup != NULL)
                *nogroup = 1;
        } else if (cl->type == REDIS_REPLY_ERROR) {
            wa_warn("XAUTOCLAIM failed", "stream", how->stream, "error", cl->str);
        }
        freeReplyObject(cl);
        return 0;
    }
    snprintf(cursor, cursorsz, "%s", cl->element[0]->str);
    const redisReply *got = cl->element[1];
    if (got->elements == 0) {
        freeReplyObject(cl);
        return 0;
    }

    /* XAUTOCLAIM does not say how often an entry was delivered: ask XPENDING for the claimed range */
    const redisReply *f = got->element[0], *z = got->element[got->elements - 1];
    const char *first = f->type == REDIS_REPLY_ARRAY && f->elements > 0 ? f->element[0]->str : "-";
    const char *last = z->type == REDIS_REPLY_ARRAY && z->elements > 0 ? z->element[0]->str : "+";
    char n[24];
    snprintf(n, sizeof(n), "%zu", got->elements);
    const char *pargv[] = {"XPENDING", how->stream, how->group, first, last, n, cfg->consumer_name};
    redisReply *pend = wa_redis_cmd(r, 7, pargv, NULL);
    if (pend == NULL) {
        freeReplyObject(cl);
        return -1;
    }

    long taken = 0;
    for (size_t i = 0; i < got->elements && !r->err; i++) {
        wa_entry_t e;
        if (wa_entry_from_reply(how->stream, got->element[i], &e) != 0)
            continue; /* deleted from the stream meanwhile: XAUTOCLAIM already dropped it from the PEL */
        if (how->mine != NULL && how->mine(how->data, e.id))
            continue; /* under way here (its idle reset came late): this process settles it */
        e.deliveries = wa_pending_deliveries(pend, e.id); /* this delivery included */
        long before = e.deliveries - 1;
        wa_metric_add(how->claimed, 1);
        if (before >= cfg->max_deliveries) {
            char detail[160];
            snprintf(detail, sizeof(detail), "delivered %ld times without being acknowledged", before);
            if (wa_dlq_write(r, cfg, how->stage, &e, "poison", detail, NULL, before) == 0) {
                const char *aargv[] = {"XACK", how->stream, how->group, e.id};
                redisReply *ack = wa_redis_cmd(r, 4, aargv, NULL);
                if (ack != NULL)
                    freeReplyObject(ack);
                wa_metric_add(how->poison, 1);
            }
            continue;
        }
        how->take(how->data, &e);
        taken++;
    }
    if (taken > 0) {
        snprintf(cnt, sizeof(cnt), "%ld", taken);
        wa_info("reclaimed pending entries", "stream", how->stream, "count", cnt);
    }
    if (how->flush != NULL)
        how->flush(how->data);
    freeReplyObject(pend);
    freeReplyObject(cl);
    return r->err ? -1 : taken;
}

int wa_stream_read_send(redisContext *reader, const wa_config_t *cfg, const char *stream, const char *group,
                        long count)
{
    char cnt[24], block[24];
    snprintf(cnt, sizeof(cnt), "%ld", count);
    snprintf(block, sizeof(block), "%d", cfg->block_ms > 0 ? cfg->block_ms : 2000);
    const char *argv[] = {"XREADGROUP", "GROUP", group, cfg->consumer_name, "COUNT", cnt, "BLOCK", block,
                          "STREAMS",    stream,  ">"};
    if (redisAppendCommandArgv(reader, 11, argv, NULL) != REDIS_OK)
        return -1;
    int done = 0;
    do {
        if (redisBufferWrite(reader, &done) != REDIS_OK)
            return -1;
    } while (!done);
    return 0;
}

int wa_stream_xclaim_ids(redisContext *r, const wa_config_t *cfg, const char *stream, const char *group,
                         const char **ids, size_t n, long idle_ms)
{
    if (n == 0)
        return 0;
    const char **argv = wa_calloc(n + 8, sizeof(*argv));
    char idle[24];
    snprintf(idle, sizeof(idle), "%ld", idle_ms);
    int argc = 0;
    argv[argc++] = "XCLAIM";
    argv[argc++] = stream;
    argv[argc++] = group;
    argv[argc++] = cfg->consumer_name;
    argv[argc++] = "0";
    for (size_t i = 0; i < n; i++)
        argv[argc++] = ids[i];
    if (idle_ms >= 0) {
        argv[argc++] = "IDLE";
        argv[argc++] = idle;
    }
    argv[argc++] = "JUSTID";
    redisReply *rep = wa_redis_cmd(r, argc, argv, NULL);
    free(argv);
    if (rep == NULL)
        return -1;
    if (rep->type == REDIS_REPLY_ERROR)
        wa_warn("XCLAIM failed", "stream", stream, "error", rep->str);
    freeReplyObject(rep);
    return 0;
}

void wa_stage_metrics_init(wa_stage_metrics_t *m, const char *stage, int with_batch)
{
    char labels[128];
    snprintf(labels, sizeof(labels), "stage=\"%s\"", stage);
    m->wait = wa_metric(WA_METRIC_HISTOGRAM, "wa_stream_wait_seconds", labels,
                        "Time from an entry's XADD to the start of its processing at this stage");
    m->batch = with_batch ? wa_metric(WA_METRIC_HISTOGRAM, "wa_stream_batch_seconds", labels,
                                      "Time this stage took to process one batch, side effects included")
                          : NULL;
    m->pending = wa_metric(WA_METRIC_GAUGE, "wa_stream_pending", labels,
                           "Entries delivered to the stage's group and not yet acknowledged");
    m->lag = wa_metric(WA_METRIC_GAUGE, "wa_stream_lag", labels,
                       "Entries in the stream not yet delivered to the stage's group");
    m->length = wa_metric(WA_METRIC_GAUGE, "wa_stream_length", labels, "Entries in the stage's input stream");
}

void wa_stage_metrics_waited(wa_stage_metrics_t *m, const char *entry_id, long long now_ms)
{
    long long added = strtoll(entry_id, NULL, 10);
    if (added > 0 && added <= now_ms)
        wa_metric_observe_ms(m->wait, (double)(now_ms - added));
}

void wa_stage_metrics_refresh(wa_stage_metrics_t *m, redisContext *r, const char *stream, const char *group)
{
    const char *argv[] = {"XINFO", "GROUPS", stream};
    redisReply *rep = wa_redis_cmd(r, 3, argv, NULL);
    for (size_t i = 0; rep != NULL && rep->type == REDIS_REPLY_ARRAY && i < rep->elements; i++) {
        const redisReply *g = rep->element[i];
        const redisReply *name = NULL, *pending = NULL, *lag = NULL;
        for (size_t k = 0; g->type == REDIS_REPLY_ARRAY && k + 1 < g->elements; k += 2) {
            const char *key = g->element[k]->type == REDIS_REPLY_STRING ? g->element[k]->str : NULL;
            if (key == NULL)
                continue;
            if (strcmp(key, "name") == 0)
                name = g->element[k + 1];
            else if (strcmp(key, "pending") == 0)
                pending = g->element[k + 1];
            else if (strcmp(key, "lag") == 0)
                lag = g->element[k + 1];
        }
        if (name == NULL || name->type != REDIS_REPLY_STRING || strcmp(name->str, group) != 0)
            continue;
        if (pending != NULL && pending->type == REDIS_REPLY_INTEGER)
            wa_metric_set(m->pending, pending->integer);
        if (lag != NULL && lag->type == REDIS_REPLY_INTEGER) /* nil when Redis cannot tell */
            wa_metric_set(m->lag, lag->integer);
    }
    if (rep != NULL)
        freeReplyObject(rep);
    const char *largv[] = {"XLEN", stream};
    if ((rep = wa_redis_cmd(r, 2, largv, NULL)) != NULL) {
        if (rep->type == REDIS_REPLY_INTEGER)
            wa_metric_set(m->length, rep->integer);
        freeReplyObject(rep);
    }
}

long wa_pending_deliveries(const redisReply *pend, const char *id)
{
    for (size_t k = 0; pend != NULL && pend->type == REDIS_REPLY_ARRAY && k < pend->elements; k++) {
        const redisReply *el = pend->element[k];
        if (el->type == REDIS_REPLY_ARRAY && el->elements >= 4 && el->element[0]->type == REDIS_REPLY_STRING &&
            el->element[3]->type == REDIS_REPLY_INTEGER && strcmp(el->element[0]->str, id) == 0)
            return (long)el->element[3]->integer;
    }
    return 1;
}


/* ---- libwa's batch consumer: a driver of the stage loop ---- */

#define BATCH_DRAIN_MS 2000 /* a batch is done within take: a stop only waits for the read in hand */

struct st_wa_consumer_t {
    wa_stage_driver_t driver;
    wa_stage_t *stage;
    wa_consumer_batch_cb cb;
    void *cb_data;
    void (*on_turn)(void *data);
    void *on_turn_data;
};

/* The entries of one read (or reclaim pass) are one batch: the callback sets their outcomes, then they settle. */
static void batch_take(wa_stage_t *st, wa_entry_t *entries, size_t n, void *data)
{
    wa_consumer_t *c = data;
    wa_result_t *results = wa_calloc(n, sizeof(*results));
    long long started = wa_mono_ms();
    c->cb(c, entries, results, n, c->cb_data);
    wa_stage_settle(st, entries, results, n, started > 0 ? started : 1);
    free(results);
}

static void batch_turn(void *data)
{
    wa_consumer_t *c = data;
    if (c->on_turn != NULL)
        c->on_turn(c->on_turn_data);
}

wa_consumer_t *wa_consumer_create(const wa_config_t *cfg, const char *stream, const char *group, const char *stage)
{
    wa_consumer_t *c = wa_calloc(1, sizeof(*c));
    long batch = cfg->batch_size > 0 ? cfg->batch_size : 1;
    c->driver = (wa_stage_driver_t){.max_inflight = batch, .read_max = batch, .drain_ms = BATCH_DRAIN_MS,
                                    .with_batch = 1, .take = batch_take, .turn = batch_turn, .data = c};
    c->stage = wa_stage_create(cfg, stream, group, stage, &c->driver);
    return c;
}

void wa_consumer_destroy(wa_consumer_t *c)
{
    if (c == NULL)
        return;
    wa_stage_destroy(c->stage);
    free(c);
}

void wa_consumer_on_turn(wa_consumer_t *c, void (*fn)(void *data), void *data)
{
    c->on_turn = fn;
    c->on_turn_data = data;
}

int wa_consumer_run(wa_consumer_t *c, wa_consumer_batch_cb cb, void *data)
{
    c->cb = cb;
    c->cb_data = data;
    return wa_stage_run(c->stage);
}

redisContext *wa_consumer_redis(wa_consumer_t *c)
{
    return wa_conn_redis(wa_stage_conn(c->stage));
}

void wa_consumer_redis_failed(wa_consumer_t *c)
{
    wa_conn_fail(wa_stage_conn(c->stage), "a command failed in the batch callback");
}
