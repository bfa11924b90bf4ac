/*
 * `wactl streams` (streams.h): for each stream under WA_REDIS_PREFIX (in,
 * ai, out, dlq, unrouted, sandbox) its length (XLEN) and, per consumer group
 * (XINFO GROUPS), consumers, pending, lag and last delivered id, plus the
 * idle time of the oldest pending entry (XPENDING <key> <group> - + 1); the
 * retry sorted set's size is shown too. One snapshot, or --watch refreshing
 * the table until Ctrl-C.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "streams.h"
#include "table.h"

#define MAX_GROUPS 32

int ctl_streams_parse_group(const redisReply *r, ctl_stream_group_t *g)
{
    return wa_stream_parse_group(r, g);
}

void ctl_format_age_ms(long long ms, char *out, size_t outsz)
{
    if (ms < 0)
        snprintf(out, outsz, "-");
    else if (ms < 1000)
        snprintf(out, outsz, "%lldms", ms);
    else if (ms < 60 * 1000)
        snprintf(out, outsz, "%lld.%llds", ms / 1000, ms % 1000 / 100);
    else if (ms < 3600LL * 1000)
        snprintf(out, outsz, "%lldm%02llds", ms / 60000, ms / 1000 % 60);
    else if (ms < 86400LL * 1000)
        snprintf(out, outsz, "%lldh%02lldm", ms / 3600000, ms / 60000 % 60);
    else
        snprintf(out, outsz, "%lldd%02lldh", ms / 86400000, ms / 3600000 % 24);
}

typedef struct st_stream_state_t {
    const char *name; /* "in" */
    const char *key;  /* "wa:in" */
    long long length;
    size_t ngroups;
    ctl_stream_group_t groups[MAX_GROUPS];
} stream_state_t;

/* Reads one stream's state. Returns CTL_EXIT_OK, or an exit code after printing the failure. */
static int read_stream(redisContext *rc, stream_state_t *s)
{
    const char *xlen[] = {"XLEN", s->key};
    redisReply *r = ctl_redis_cmd(rc, 2, xlen);
    if (r == NULL || r->type != REDIS_REPLY_INTEGER)
        return ctl_redis_fail(rc, r, "XLEN");
    s->length = r->integer;
    freeReplyObject(r);
    s->ngroups = 0;

    const char *xinfo[] = {"XINFO", "GROUPS", s->key};
    r = ctl_redis_cmd(rc, 3, xinfo);
    if (r != NULL && r->type == REDIS_REPLY_ERROR && strstr(r->str, "no such key") != NULL) {
        freeReplyObject(r); /* a stream nobody has written to yet */
        return CTL_EXIT_OK;
    }
    if (r == NULL || r->type != REDIS_REPLY_ARRAY)
        return ctl_redis_fail(rc, r, "XINFO GROUPS");
    for (size_t i = 0; i < r->elements && s->ngroups < MAX_GROUPS; i++)
        if (ctl_streams_parse_group(r->element[i], &s->groups[s->ngroups]) == 0)
            s->ngroups++;
    freeReplyObject(r);

    for (size_t i = 0; i < s->ngroups; i++) {
        ctl_stream_group_t *g = &s->groups[i];
        if (g->pending == 0)
            continue;
        const char *xpending[] = {"XPENDING", s->key, g->name, "-", "+", "1"};
        r = ctl_redis_cmd(rc, 6, xpending);
        if (r == NULL || r->type != REDIS_REPLY_ARRAY)
            return ctl_redis_fail(rc, r, "XPENDING");
        /* [[id, consumer, idle ms, deliveries]]; the first pending entry is the oldest */
        if (r->elements > 0 && r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements >= 3)
            g->oldest_ms = wa_stream_reply_int(r->element[0]->element[2], -1);
        freeReplyObject(r);
    }
    return CTL_EXIT_OK;
}

#define SNAP_STREAMS 7 /* wa:in, wa:ai, wa:out, wa:dlq, wa:unrouted, wa:sandbox, wa:media (issue 17) */

typedef struct st_snapshot_t {
    stream_state_t streams[SNAP_STREAMS];
    const char *retry_key;
    long long retry_len;
} snapshot_t;

static int read_snapshot(ctl_ctx_t *ctx, redisContext *rc, snapshot_t *snap)
{
    const wa_config_t *cfg = &ctx->cfg;
    const char *names[] = {"in", "ai", "out", "dlq", "unrouted", "sandbox", "media"};
    const char *keys[] = {cfg->key_in,       cfg->key_ai,      cfg->key_out,  cfg->key_dlq,
                          cfg->key_unrouted, cfg->key_sandbox, cfg->key_media};
    for (size_t i = 0; i < SNAP_STREAMS; i++) {
        snap->streams[i].name = names[i];
        snap->streams[i].key = keys[i];
        int rc_ = read_stream(rc, &snap->streams[i]);
        if (rc_ != CTL_EXIT_OK)
            return rc_;
    }
    snap->retry_key = cfg->key_retry;
    const char *zcard[] = {"ZCARD", cfg->key_retry};
    redisReply *r = ctl_redis_cmd(rc, 2, zcard);
    if (r == NULL || r->type != REDIS_REPLY_INTEGER)
        return ctl_redis_fail(rc, r, "ZCARD");
    snap->retry_len = r->integer;
    freeReplyObject(r);
    return CTL_EXIT_OK;
}

static void add_number(cJSON *o, const char *name, long long v, int null_when_negative)
{
    cJSON *r =
        null_when_negative && v < 0 ? cJSON_AddNullToObject(o, name) : cJSON_AddNumberToObject(o, name, (double)v);
    if (r == NULL)
        wa_fatal("out of memory");
}

static cJSON *snapshot_json(const ctl_ctx_t *ctx, const snapshot_t *snap)
{
    cJSON *doc = cJSON_CreateObject(), *arr = cJSON_CreateArray();
    if (doc == NULL || arr == NULL)
        wa_fatal("out of memory");
    ctl_json_add_str(doc, "prefix", ctx->cfg.redis_prefix);
    if (!cJSON_AddItemToObject(doc, "streams", arr))
        wa_fatal("out of memory");
    for (size_t i = 0; i < SNAP_STREAMS; i++) {
        const stream_state_t *s = &snap->streams[i];
        cJSON *o = cJSON_CreateObject(), *groups = cJSON_CreateArray();
        if (o == NULL || groups == NULL || !cJSON_AddItemToArray(arr, o))
            wa_fatal("out of memory");
        ctl_json_add_str(o, "name", s->name);
        ctl_json_add_str(o, "key", s->key);
        add_number(o, "length", s->length, 0);
        if (!cJSON_AddItemToObject(o, "groups", groups))
            wa_fatal("out of memory");
        for (size_t j = 0; j < s->ngroups; j++) {
            const ctl_stream_group_t *g = &s->groups[j];
            cJSON *go = cJSON_CreateObject();
            if (go == NULL || !cJSON_AddItemToArray(groups, go))
                wa_fatal("out of memory");
            ctl_json_add_str(go, "name", g->name);
            add_number(go, "consumers", g->consumers, 0);
            add_number(go, "pending", g->pending, 0);
            ctl_json_add_str(go, "last_delivered_id", g->last_delivered);
            add_number(go, "lag", g->lag, 1);
            add_number(go, "oldest_pending_ms", g->oldest_ms, 1);
        }
    }
    cJSON *retry = cJSON_CreateObject();
    if (retry == NULL || !cJSON_AddItemToObject(doc, "retry", retry))
        wa_fatal("out of memory");
    ctl_json_add_str(retry, "key", snap->retry_key);
    add_number(retry, "length", snap->retry_len, 0);
    return doc;
}

static ctl_table_t *snapshot_table(const snapshot_t *snap)
{
    static const char *const headers[] = {"STREAM",  "LENGTH", "GROUP",          "CONSUMERS",
                                          "PENDING", "LAG",    "LAST-DELIVERED", "OLDEST-PENDING"};
    ctl_table_t *t = ctl_table_create(8, headers);
    for (size_t c = 1; c <= 5; c++)
        if (c != 2)
            ctl_table_align_right(t, c);
    ctl_table_align_right(t, 7);
    for (size_t i = 0; i < SNAP_STREAMS; i++) {
        const stream_state_t *s = &snap->streams[i];
        char len[32];
        snprintf(len, sizeof(len), "%lld", s->length);
        if (s->ngroups == 0) {
            const char *cells[] = {s->key, len, "-", "-", "-", "-", "-", "-"};
            ctl_table_add_row(t, cells);
            continue;
        }
        for (size_t j = 0; j < s->ngroups; j++) {
            const ctl_stream_group_t *g = &s->groups[j];
            char consumers[32], pending[32], lag[32], age[32];
            snprintf(consumers, sizeof(consumers), "%lld", g->consumers);
            snprintf(pending, sizeof(pending), "%lld", g->pending);
            if (g->lag < 0)
                snprintf(lag, sizeof(lag), "?");
            else
                snprintf(lag, sizeof(lag), "%lld", g->lag);
            ctl_format_age_ms(g->oldest_ms, age, sizeof(age));
            /* the stream's name and length only on its first group's line */
            const char *cells[] = {
                j == 0 ? s->key : "", j == 0 ? len : "", g->name, consumers, pending, lag, g->last_delivered, age};
            ctl_table_add_row(t, cells);
        }
    }
    char len[32];
    snprintf(len, sizeof(len), "%lld", snap->retry_len);
    char key[160];
    snprintf(key, sizeof(key), "%s (zset)", snap->retry_key);
    const char *cells[] = {key, len, "-", "-", "-", "-", "-", "-"};
    ctl_table_add_row(t, cells);
    return t;
}

static void usage(FILE *f)
{
    fputs("Usage: wactl streams [--watch [SECONDS]] [--json]\n"
          "\n"
          "Shows each Redis stream of the pipeline (in, ai, out, dlq, unrouted, sandbox under WA_REDIS_PREFIX): its\n"
          "length and, per consumer group, consumers, pending entries, lag (entries not yet delivered to the group;\n"
          "'?' when Redis cannot tell), the last delivered id and the age of the oldest pending entry. Also the size\n"
          "of the retry set. --watch refreshes every SECONDS (default 2) until Ctrl-C; with --json it prints one line\n"
          "per refresh.\n"
          "\n"
          "Example:\n"
          "  wactl streams --watch 1\n",
          f);
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    interrupted = 1;
}

int ctl_streams_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json;
    long watch = 2;
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"watch", CTL_OPT_LONG_OPT, &watch, 1, 3600, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("streams", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    int watching = opts[1].seen;

    redisContext *rc = ctl_redis_open(ctx);
    if (rc == NULL)
        return CTL_EXIT_UNREACHABLE;
    if (watching) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
    }
    snapshot_t *snap = wa_calloc(1, sizeof(*snap));
    int ret = CTL_EXIT_OK;
    do {
        if ((ret = read_snapshot(ctx, rc, snap)) != CTL_EXIT_OK)
            break;
        if (json) {
            ret = ctl_json_print(snapshot_json(ctx, snap));
        } else {
            ctl_table_t *t = snapshot_table(snap);
            if (watching) {
                char stamp[32];
                time_t now = time(NULL);
                struct tm tm;
                strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime_r(&now, &tm));
                printf("\033[H\033[2Jwactl streams, every %ld s (Ctrl-C stops)  %s\n\n", watch, stamp);
            }
            ret = ctl_table_print(t, stdout) == 0 && fflush(stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
            ctl_table_destroy(t);
        }
        if (ret != CTL_EXIT_OK || !watching)
            break;
        for (long waited = 0; waited < watch * 1000 && !interrupted; waited += 100) {
            struct timespec ts = {0, 100 * 1000000L};
            nanosleep(&ts, NULL); /* EINTR on Ctrl-C ends the wait early; the flag is checked next */
        }
    } while (!interrupted);
    free(snap);
    redisFree(rc);
    return ret;
}
