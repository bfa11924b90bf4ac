/*
 * The sender's driver of the stage loop (see loop.h). Entries are copied out of the reply into their group
 * (lgroup_t), which lives until its outcomes are settled; the group's Graph calls run on the driver's HTTP client and
 * the stage's poll is that client's (wa_http_step). The stream work itself is libwa's (shared/src/stage.c).
 */
#include "loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "wa/entry.h"
#include "wa/http.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/stage.h"

#define STAGE "sender"

typedef struct st_loop_t loop_t;

/* One group of entries under way: copies of the entries (their fields in `store`), their results and the stage's
 * group. */
typedef struct st_lgroup_t {
    loop_t *l;
    snd_group_t *g;
    wa_entry_t *entries;
    wa_result_t *results;
    char **store;
    size_t n, cap;
    size_t outstanding; /* Graph calls of the current round still running */
    long long touched_ms, started_ms;
    struct st_lgroup_t *prev, *next;
} lgroup_t;

struct st_loop_t {
    snd_sender_t *s;
    wa_pg_t *pg;
    wa_stage_t *st;
    wa_http_t *http;
    int abandoning; /* the stop drain ran out: no new Graph calls, every group settles now */
    lgroup_t *live;
    size_t live_entries;
};

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

/* --- groups --------------------------------------------------------------------------------------------------- */

static lgroup_t *lgroup_new(loop_t *l, size_t cap)
{
    lgroup_t *lg = wa_calloc(1, sizeof(*lg));
    lg->l = l;
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

static void on_done(wa_http_req_t *req, void *data);

/* Drives the group to its next wait: starts its Graph calls, or settles it when it has none left. */
static void advance(loop_t *l, lgroup_t *lg)
{
    for (;;) {
        wa_http_req_t **reqs;
        size_t k = snd_group_next(l->s, wa_stage_conn(l->st), lg->g, &reqs);
        if (k == 0) {
            wa_stage_settle(l->st, lg->entries, lg->results, lg->n, lg->started_ms);
            lgroup_free(l, lg);
            return;
        }
        for (size_t i = 0; i < k; i++) {
            if (!l->abandoning && wa_http_start(l->http, reqs[i], on_done, lg) == 0)
                lg->outstanding++;
            else
                reqs[i]->curl_code = SND_HTTP_NOT_STARTED;
        }
        if (lg->outstanding > 0)
            return;
    }
}

static void on_done(wa_http_req_t *req, void *data)
{
    (void)req;
    lgroup_t *lg = data;
    if (--lg->outstanding == 0)
        advance(lg->l, lg);
}

/* --- the driver ------------------------------------------------------------------------------------------------ */

/* The entries of one read or reclaim pass become one group. */
static void take(wa_stage_t *st, wa_entry_t *entries, size_t n, void *data)
{
    (void)st;
    loop_t *l = data;
    lgroup_t *lg = lgroup_new(l, n);
    for (size_t i = 0; i < n; i++)
        lgroup_add(lg, &entries[i]);
    lg->g = snd_group_create(l->s, lg->entries, lg->results, lg->n);
    lg->touched_ms = lg->started_ms = wa_mono_ms();
    lg->next = l->live;
    if (l->live != NULL)
        l->live->prev = lg;
    l->live = lg;
    l->live_entries += lg->n;
    advance(l, lg);
}

static size_t live(void *data)
{
    return ((loop_t *)data)->live_entries;
}

static int has(void *data, const char *id)
{
    for (const lgroup_t *lg = ((loop_t *)data)->live; lg != NULL; lg = lg->next)
        for (size_t i = 0; i < lg->n; i++)
            if (strcmp(lg->entries[i].id, id) == 0)
                return 1;
    return 0;
}

/* Whole groups at a time (a group never holds more than the stage's largest read or reclaim pass, which fits). */
static size_t stale_ids(void *data, long long before, long long now, const char **ids, size_t max)
{
    size_t n = 0;
    for (lgroup_t *lg = ((loop_t *)data)->live; lg != NULL; lg = lg->next) {
        if (lg->touched_ms > before)
            continue;
        if (n + lg->n > max)
            break;
        lg->touched_ms = now;
        for (size_t i = 0; i < lg->n; i++)
            ids[n++] = lg->entries[i].id;
    }
    return n;
}

static int poll_http(wa_stage_t *st, long wait_ms, int fd, void *data)
{
    (void)st;
    return wa_http_step(((loop_t *)data)->http, wait_ms, fd);
}

/* The drain is over with calls still under way: each is settled as a call that timed out without an answer (Meta
 * may have accepted it: the documented window), so the stage drops its lease and schedules the resend in wa:retry
 * with its backoff, as for any timeout; resends it would start now are not started (the entries stay pending). */
static void expire(wa_stage_t *st, void *data)
{
    (void)st;
    loop_t *l = data;
    l->abandoning = 1;
    wa_http_fail_all(l->http, (int)CURLE_OPERATION_TIMEDOUT, "abandoned: the sender is stopping");
}

static void drop(void *data)
{
    loop_t *l = data;
    wa_http_abort_all(l->http);
    while (l->live != NULL)
        lgroup_free(l, l->live);
}

/* Once per turn: a cheap PostgreSQL check at most every second, so that /readyz follows the database; and every
 * WA_PG_REPLAN_MS the session's cached plans are dropped (wa_pg_replan: the prepared statements stay, their next calls
 * plan again). A generic plan made while patients was small and never analysed found a patient by (doctor_id, id) and
 * filtered a doctor's patients on wa_id instead of using the (doctor_id, wa_id) key: in bench/e2e.py's runs (a sender
 * started with the stack, autovacuum not round yet) the record's and the window check's look-ups doubled the sender's
 * PostgreSQL time per reply (issue 14, round 7). Planned again on the grown table, analysed or not, the key wins. */
static void turn(void *data)
{
    loop_t *l = data;
    (void)wa_pg_ping(l->pg, 1000);
    (void)wa_pg_replan(l->pg);
}

int snd_loop_run(const wa_config_t *cfg, const char *stream, const char *group, snd_sender_t *s, wa_pg_t *pg,
                 const snd_loop_opts_t *opts)
{
    loop_t l = {.s = s, .pg = pg};
    if ((l.http = wa_http_create(opts->max_inflight)) == NULL) {
        wa_error("cannot create the HTTP client");
        return -1;
    }
    wa_http_gauges(l.http, wa_metric(WA_METRIC_GAUGE, "wa_sender_inflight", NULL, "Graph API calls in flight now"),
                   wa_metric(WA_METRIC_GAUGE, "wa_sender_inflight_peak", NULL,
                             "Highest number of Graph API calls in flight at once since start"));
    wa_stage_driver_t how = {.max_inflight = opts->max_inflight,
                             .read_max = opts->group_max,
                             .drain_ms = opts->drain_ms,
                             .with_batch = 1,
                             .take = take,
                             .live = live,
                             .has = has,
                             .stale_ids = stale_ids,
                             .poll = poll_http,
                             .expire = expire,
                             .drop = drop,
                             .turn = turn,
                             .data = &l};
    l.st = wa_stage_create(cfg, stream, group, STAGE, &how);
    int rc = wa_stage_run(l.st);
    wa_stage_destroy(l.st);
    wa_http_destroy(l.http);
    return rc;
}
