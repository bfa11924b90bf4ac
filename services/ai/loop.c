/*
 * The ai driver of the stage loop (see loop.h): each entry taken starts a job (ai_service_start), settled at once
 * when it needs no model call; the stage's poll is the call pipeline's (ai_service_step), whose finished calls are
 * answered and settled through the stage. The stream work itself is libwa's (shared/src/stage.c).
 */
#include "loop.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "wa/log.h"
#include "wa/stage.h"

#define STAGE "ai"

int ai_loop_opts_load(ai_loop_opts_t *o)
{
    int ok = 1;
    o->max_inflight = wa_env_long("AI_MAX_INFLIGHT", 512, &ok);
    if (!ok || o->max_inflight < 1 || o->max_inflight > 100000) {
        wa_error("invalid value of an environment variable", "variable", "AI_MAX_INFLIGHT", "range", "1..100000");
        return -1;
    }
    o->read_max = wa_env_long("AI_READ_MAX", 32, &ok);
    if (!ok || o->read_max < 1 || o->read_max > 100000) {
        wa_error("invalid value of an environment variable", "variable", "AI_READ_MAX", "range", "1..100000");
        return -1;
    }
    o->drain_ms = wa_env_long("AI_DRAIN_MS", 8000, &ok);
    if (!ok || o->drain_ms < 0 || o->drain_ms > 600000) {
        wa_error("invalid value of an environment variable", "variable", "AI_DRAIN_MS", "range", "0..600000");
        return -1;
    }
    return 0;
}

typedef struct st_driver_t {
    ai_service_t *s;
    wa_stage_t *st;
    size_t peak_live;     /* most jobs live since the last trim */
    long long trimmed_ms; /* wa_mono_ms() of the last malloc_trim */
} driver_t;

#define TRIM_AFTER_LIVE 64 /* jobs live at once before an idle moment gives the freed memory back */
#define TRIM_EVERY_MS 1000

/* A burst of calls (each its request body, response, libcurl transfer: about 20 KB) leaves the freed memory in
 * malloc's heap, in holes between what stays, so the process kept the RSS of its largest burst for good and the next
 * burst of another shape added to it. When the pipeline is idle again after one of at least TRIM_AFTER_LIVE jobs,
 * malloc_trim gives the free pages back (at most once a second; it costs well under a millisecond then). */
static void trim_when_idle(driver_t *d)
{
    size_t n = ai_service_live(d->s);
    if (n > d->peak_live)
        d->peak_live = n;
    if (n > 0 || d->peak_live < TRIM_AFTER_LIVE)
        return;
    long long now = wa_mono_ms();
    if (now - d->trimmed_ms < TRIM_EVERY_MS)
        return;
    (void)malloc_trim(0);
    d->trimmed_ms = now;
    d->peak_live = 0;
}

/* A job's entry is settled (ACK, DLQ or RETRY): the stage acknowledges or dead-letters it. */
static void settled(const wa_entry_t *e, const wa_result_t *res, void *data)
{
    wa_stage_settle(((driver_t *)data)->st, e, res, 1, 0);
}

static void take(wa_stage_t *st, wa_entry_t *entries, size_t n, void *data)
{
    driver_t *d = data;
    wa_conn_t *c = wa_stage_conn(st);
    /* the histories of the read's model calls, in one statement */
    ai_service_prefetch(d->s, entries, n);
    for (size_t i = 0; i < n && wa_conn_ok(c); i++) { /* the rest stays pending: redelivered after a reconnect */
        wa_result_t res;
        memset(&res, 0, sizeof(res));
        if (ai_service_start(d->s, c, &entries[i], &res) == NULL)
            settled(&entries[i], &res, d);
    }
    ai_service_prefetch_clear(d->s);
}

static size_t live(void *data)
{
    return ai_service_live(((driver_t *)data)->s);
}

static int has(void *data, const char *id)
{
    return ai_service_has_entry(((driver_t *)data)->s, id);
}

static size_t stale_ids(void *data, long long before, long long now, const char **ids, size_t max)
{
    return ai_service_stale_ids(((driver_t *)data)->s, before, now, ids, max);
}

static int poll_calls(wa_stage_t *st, long wait_ms, int fd, void *data)
{
    driver_t *d = data;
    int readable = ai_service_step(d->s, wa_stage_conn(st), wait_ms, fd, settled, d);
    trim_when_idle(d);
    return readable;
}

static void turn(void *data)
{
    ai_service_turn(((driver_t *)data)->s);
}

static void drop(void *data)
{
    ai_service_abandon_all(((driver_t *)data)->s);
}

int ai_loop_run(const wa_config_t *cfg, const char *stream, const char *group, ai_service_t *s,
                const ai_loop_opts_t *opts)
{
    driver_t d = {.s = s};
    wa_stage_driver_t how = {.max_inflight = opts->max_inflight,
                             .read_max = opts->read_max,
                             .drain_ms = opts->drain_ms,
                             .take = take,
                             .live = live,
                             .has = has,
                             .stale_ids = stale_ids,
                             .poll = poll_calls,
                             .drop = drop,
                             .turn = turn,
                             .data = &d};
    d.st = wa_stage_create(cfg, stream, group, STAGE, &how);
    int rc = wa_stage_run(d.st);
    wa_stage_destroy(d.st);
    return rc;
}
