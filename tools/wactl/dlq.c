/*
 * `wactl dlq` (dlq.h). The stream is read newest first in pages of 500
 * (XREVRANGE with exclusive continuation ids); every subcommand takes the same
 * filters. A replay or purge of one id reads that entry with XRANGE id id.
 * Replay and purge of many entries draw a progress bar on a terminal (or with
 * --progress); --json prints one document. Dead letters may hold patients'
 * text: `list` shows only the metadata, `show` the whole entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "dlq.h"
#include "table.h"

#define PAGE "500"

/* KEYS[1] the source stream, KEYS[2] wa:dlq; ARGV[1] the dead letter's id, ARGV[2..] field/value pairs. Adds the
 * entry back to its stream and deletes the dead letter, only if the dead letter still exists. Returns the new id, or
 * false when it was already gone (replayed or purged meanwhile). */
static const char *replay_lua = "if #redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1]) == 0 then return false end "
                                "local args = {} "
                                "for i = 2, #ARGV do args[#args + 1] = ARGV[i] end "
                                "local id = redis.call('XADD', KEYS[1], '*', unpack(args)) "
                                "redis.call('XDEL', KEYS[2], ARGV[1]) "
                                "return id";

static long long now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

int ctl_dlq_parse_age(const char *s, long long *ms)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    long long v = strtoll(s, &end, 10), mult = 1000;
    if (*end != '\0') {
        if (end[1] != '\0')
            return -1;
        switch (*end) {
        case 's': mult = 1000; break;
        case 'm': mult = 60000; break;
        case 'h': mult = 3600000; break;
        case 'd': mult = 86400000; break;
        default: return -1;
        }
    }
    if (v < 0 || v > 100LL * 365 * 86400)
        return -1;
    *ms = v * mult;
    return 0;
}

static long long item_time_ms(const ctl_dlq_item_t *it)
{
    char *end;
    if (it->failed_at != NULL) {
        long long v = strtoll(it->failed_at, &end, 10);
        if (end != it->failed_at && *end == '\0' && v > 0)
            return v;
    }
    return it->id != NULL ? strtoll(it->id, NULL, 10) : 0; /* "<ms>-<seq>" */
}

int ctl_dlq_match(const ctl_dlq_filter_t *f, const ctl_dlq_item_t *it, long long now)
{
    if (f->stage != NULL && (it->stage == NULL || strcmp(f->stage, it->stage) != 0))
        return 0;
    if (f->reason != NULL && (it->reason == NULL || strcmp(f->reason, it->reason) != 0))
        return 0;
    if (f->doctor != NULL && strcasecmp(f->doctor, it->doctor_id) != 0)
        return 0;
    long long age = now - item_time_ms(it);
    if (f->older_than_ms > 0 && age < f->older_than_ms)
        return 0;
    if (f->newer_than_ms > 0 && age > f->newer_than_ms)
        return 0;
    return 1;
}

cJSON *ctl_dlq_replay_fields(const char *entry_json, const char *dlq_id, long long now)
{
    cJSON *orig = entry_json != NULL ? cJSON_Parse(entry_json) : NULL, *f;
    if (!cJSON_IsObject(orig) || cJSON_GetArraySize(orig) == 0) {
        cJSON_Delete(orig);
        return NULL;
    }
    cJSON *out = cJSON_CreateArray();
    char stamp[24];
    snprintf(stamp, sizeof(stamp), "%lld", now);
    if (out == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(f, orig)
    {
        const char *name = f->string, *value = cJSON_IsString(f) ? f->valuestring : NULL;
        if (value == NULL || strcmp(name, "throttles") == 0 || strcmp(name, "prepaid") == 0 ||
            strcmp(name, "replayed_from") == 0)
            continue;
        if (strcmp(name, "attempt") == 0)
            value = "0";
        else if (strcmp(name, "created_at") == 0)
            value = stamp;
        if (!cJSON_AddItemToArray(out, cJSON_CreateString(name)) ||
            !cJSON_AddItemToArray(out, cJSON_CreateString(value)))
            wa_fatal("out of memory");
    }
    cJSON_Delete(orig);
    if (cJSON_GetArraySize(out) == 0) {
        cJSON_Delete(out);
        return NULL;
    }
    if (!cJSON_AddItemToArray(out, cJSON_CreateString("replayed_from")) ||
        !cJSON_AddItemToArray(out, cJSON_CreateString(dlq_id)))
        wa_fatal("out of memory");
    return out;
}

/* ---- reading the stream ------------------------------------------------------------------------------------- */

static const char *field(const redisReply *fields, const char *name)
{
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element[i]->type == REDIS_REPLY_STRING && strcmp(fields->element[i]->str, name) == 0 &&
            fields->element[i + 1]->type == REDIS_REPLY_STRING)
            return fields->element[i + 1]->str;
    return NULL;
}

/* Fills `it` from one XRANGE element. Returns 0, or -1 when the element is not an entry. */
static int item_from(const redisReply *e, ctl_dlq_item_t *it)
{
    memset(it, 0, sizeof(*it));
    if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 || e->element[0]->type != REDIS_REPLY_STRING ||
        e->element[1]->type != REDIS_REPLY_ARRAY)
        return -1;
    const redisReply *f = e->element[1];
    it->id = e->element[0]->str;
    it->stage = field(f, "stage");
    it->reason = field(f, "reason");
    it->detail = field(f, "detail");
    it->error_code = field(f, "error_code");
    it->attempts = field(f, "attempts");
    it->failed_at = field(f, "failed_at");
    it->source_stream = field(f, "source_stream");
    it->source_id = field(f, "source_id");
    it->entry = field(f, "entry");
    cJSON *orig = it->entry != NULL ? cJSON_Parse(it->entry) : NULL;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(orig, "doctor_id");
    if (cJSON_IsString(d))
        snprintf(it->doctor_id, sizeof(it->doctor_id), "%s", d->valuestring);
    cJSON_Delete(orig);
    return 0;
}

typedef int (*visit_cb)(const ctl_dlq_item_t *it, void *data); /* returns 0 to go on, 1 to stop, -1 on failure */

/* Calls `cb` for the matching entries, newest first, at most `limit` (0 = all). Returns the number visited, or -(exit
 * code) on a Redis failure (printed). */
static long scan(ctl_ctx_t *ctx, redisContext *rc, const ctl_dlq_filter_t *f, long limit, visit_cb cb, void *data)
{
    char end[64] = "+";
    long visited = 0;
    long long now = now_ms();
    for (;;) {
        const char *cmd[] = {"XREVRANGE", ctx->cfg.key_dlq, end, "-", "COUNT", PAGE};
        redisReply *r = ctl_redis_cmd(rc, 6, cmd);
        if (r == NULL || r->type != REDIS_REPLY_ARRAY)
            return -ctl_redis_fail(rc, r, "XREVRANGE");
        int stop = r->elements == 0;
        for (size_t i = 0; i < r->elements && !stop; i++) {
            ctl_dlq_item_t it;
            if (item_from(r->element[i], &it) != 0)
                continue;
            snprintf(end, sizeof(end), "(%s", it.id);
            if (!ctl_dlq_match(f, &it, now))
                continue;
            int v = cb(&it, data);
            if (v < 0) {
                freeReplyObject(r);
                return -CTL_EXIT_FAIL;
            }
            visited++;
            if (v > 0 || (limit > 0 && visited >= limit))
                stop = 1;
        }
        if (r->elements < (size_t)atoi(PAGE))
            stop = 1;
        freeReplyObject(r);
        if (stop)
            return visited;
    }
}

/* ---- output --------------------------------------------------------------------------------------------------- */

static void format_ms(long long v, char *out, size_t outsz)
{
    time_t t = (time_t)(v / 1000);
    struct tm tm;
    strftime(out, outsz, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
}

static cJSON *item_json(const ctl_dlq_item_t *it, int with_entry)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        wa_fatal("out of memory");
    ctl_json_add_str(o, "id", it->id);
    ctl_json_add_str(o, "stage", it->stage);
    ctl_json_add_str(o, "reason", it->reason);
    ctl_json_add_str(o, "error_code", it->error_code);
    ctl_json_add_str(o, "detail", it->detail);
    ctl_json_add_str(o, "attempts", it->attempts);
    ctl_json_add_str(o, "failed_at", it->failed_at);
    ctl_json_add_str(o, "source_stream", it->source_stream);
    ctl_json_add_str(o, "source_id", it->source_id);
    ctl_json_add_str(o, "doctor_id", it->doctor_id[0] ? it->doctor_id : NULL);
    if (with_entry) {
        cJSON *e = it->entry != NULL ? cJSON_Parse(it->entry) : NULL;
        if (e != NULL) {
            if (!cJSON_AddItemToObject(o, "entry", e))
                wa_fatal("out of memory");
        } else {
            ctl_json_add_str(o, "entry", it->entry);
        }
    }
    return o;
}

typedef struct st_list_state_t {
    cJSON *arr;
    ctl_table_t *t;
} list_state_t;

static int list_visit(const ctl_dlq_item_t *it, void *data)
{
    list_state_t *ls = data;
    if (ls->arr != NULL) {
        if (!cJSON_AddItemToArray(ls->arr, item_json(it, 0)))
            wa_fatal("out of memory");
        return 0;
    }
    char when[40];
    format_ms(item_time_ms(it), when, sizeof(when));
    const char *cells[] = {it->id,         when, it->stage, it->reason, it->error_code, it->attempts,
                           it->doctor_id[0] ? it->doctor_id : NULL, it->source_stream, it->detail};
    ctl_table_add_row(ls->t, cells);
    return 0;
}

/* ---- options shared by the subcommands ------------------------------------------------------------------------ */

typedef struct st_opts_t {
    ctl_dlq_filter_t f;
    const char *older, *newer;
    long limit;
    int json, help, all, dry_run, progress;
} opts_t;

static int parse(ctl_ctx_t *ctx, const char *cmd, int argc, char **argv, opts_t *o, const char **pos, int maxpos,
                 int *npos)
{
    memset(o, 0, sizeof(*o));
    o->json = ctx->json;
    ctl_opt_t opts[] = {
        {"stage", CTL_OPT_STR, &o->f.stage, 0, 0, 0},
        {"reason", CTL_OPT_STR, &o->f.reason, 0, 0, 0},
        {"doctor", CTL_OPT_STR, &o->f.doctor, 0, 0, 0},
        {"older-than", CTL_OPT_STR, &o->older, 0, 0, 0},
        {"newer-than", CTL_OPT_STR, &o->newer, 0, 0, 0},
        {"limit", CTL_OPT_LONG, &o->limit, 1, 1000000, 0},
        {"all", CTL_OPT_FLAG, &o->all, 0, 0, 0},
        {"dry-run", CTL_OPT_FLAG, &o->dry_run, 0, 0, 0},
        {"progress", CTL_OPT_FLAG, &o->progress, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &o->json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &o->help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    int n = ctl_args_parse(argc, argv, opts, pos, maxpos, err, sizeof(err));
    if (n < 0)
        return ctl_usage_error(cmd, "%s", err);
    *npos = n;
    if (o->older != NULL && ctl_dlq_parse_age(o->older, &o->f.older_than_ms) != 0)
        return ctl_usage_error(cmd, "--older-than: expected a duration such as 90s, 15m, 2h or 7d");
    if (o->newer != NULL && ctl_dlq_parse_age(o->newer, &o->f.newer_than_ms) != 0)
        return ctl_usage_error(cmd, "--newer-than: expected a duration such as 90s, 15m, 2h or 7d");
    if (o->f.doctor != NULL && !ctl_is_uuid(o->f.doctor))
        return ctl_usage_error(cmd, "--doctor: expected the doctor's id (a UUID)");
    return CTL_EXIT_OK;
}

static const char *filters_help =
    "Filters: --stage ingress|router|ai|sender, --reason WORD (e.g. window_closed, graph_fix, poison),\n"
    "--doctor ID, --older-than AGE, --newer-than AGE (AGE: 90s, 15m, 2h, 7d; from the time it failed).\n";

static void usage(FILE *f)
{
    fputs("Usage: wactl dlq list [filters] [--limit N] [--json]\n"
          "       wactl dlq show ID [--json]\n"
          "       wactl dlq replay ID... | --all [filters] [--dry-run] [--progress] [--json]\n"
          "       wactl dlq purge ID... | --all [filters] [--dry-run] [--progress] [--json]\n"
          "\n"
          "The dead-letter stream (wa:dlq): what a stage could not process, with its reason. `list` shows the\n"
          "newest entries (default 50; metadata only), `show` one entry with the original fields (they may hold a\n"
          "patient's text). `replay` puts the original entry back on its source stream, where it goes through every\n"
          "check of its stage again (its attempt count and age restart), and removes it from wa:dlq; `purge`\n"
          "deletes. With --all, every entry matching the filters; --dry-run only counts them.\n",
          f);
    fputs(filters_help, f);
    fputs("\n"
          "Examples:\n"
          "  wactl dlq list --stage sender --reason window_closed --newer-than 1d\n"
          "  wactl dlq replay 1732000000000-0\n"
          "  wactl dlq replay --all --stage sender --reason graph_server --dry-run\n"
          "  wactl dlq purge --all --older-than 30d\n",
          f);
}

static int dlq_list(ctl_ctx_t *ctx, int argc, char **argv)
{
    opts_t o;
    int npos, rc = parse(ctx, "dlq list", argc, argv, &o, NULL, 0, &npos);
    if (rc != CTL_EXIT_OK)
        return rc;
    if (o.help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    redisContext *r = ctl_redis_open(ctx);
    if (r == NULL)
        return CTL_EXIT_UNREACHABLE;
    static const char *const headers[] = {"ID",       "FAILED (UTC)", "STAGE",  "REASON", "CODE",
                                          "ATTEMPTS", "DOCTOR",       "SOURCE", "DETAIL"};
    list_state_t ls = {NULL, NULL};
    if (o.json && (ls.arr = cJSON_CreateArray()) == NULL)
        wa_fatal("out of memory");
    if (!o.json) {
        ls.t = ctl_table_create(9, headers);
        ctl_table_align_right(ls.t, 5);
        ctl_table_max_width(ls.t, 8, 60);
    }
    long n = scan(ctx, r, &o.f, o.limit > 0 ? o.limit : 50, list_visit, &ls);
    redisFree(r);
    if (n < 0) {
        cJSON_Delete(ls.arr);
        ctl_table_destroy(ls.t);
        return (int)-n;
    }
    if (o.json)
        rc = ctl_json_print(ls.arr);
    else if (n == 0)
        fputs("no dead letters match\n", stderr);
    else
        rc = ctl_table_print(ls.t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    ctl_table_destroy(ls.t);
    return rc;
}

/* XRANGE id id. Returns the reply holding one entry (caller frees; *it borrows from it), NULL with *exit set. */
static redisReply *fetch_one(ctl_ctx_t *ctx, redisContext *rc, const char *id, ctl_dlq_item_t *it, int *exit_code)
{
    const char *cmd[] = {"XRANGE", ctx->cfg.key_dlq, id, id};
    redisReply *r = ctl_redis_cmd(rc, 4, cmd);
    if (r == NULL || (r->type == REDIS_REPLY_ERROR && strstr(r->str, "Invalid stream ID") == NULL) ||
        (r->type != REDIS_REPLY_ARRAY && r->type != REDIS_REPLY_ERROR)) {
        *exit_code = ctl_redis_fail(rc, r, "XRANGE");
        return NULL;
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 1 || item_from(r->element[0], it) != 0) {
        ctl_error("no dead letter %s", id);
        freeReplyObject(r);
        *exit_code = CTL_EXIT_FAIL;
        return NULL;
    }
    return r;
}

static int dlq_show(ctl_ctx_t *ctx, int argc, char **argv)
{
    opts_t o;
    const char *pos[1];
    int npos, rc = parse(ctx, "dlq show", argc, argv, &o, pos, 1, &npos);
    if (rc != CTL_EXIT_OK)
        return rc;
    if (o.help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (npos != 1)
        return ctl_usage_error("dlq show", "which dead letter? give its id (wactl dlq list)");
    redisContext *r = ctl_redis_open(ctx);
    if (r == NULL)
        return CTL_EXIT_UNREACHABLE;
    ctl_dlq_item_t it;
    redisReply *rep = fetch_one(ctx, r, pos[0], &it, &rc);
    if (rep == NULL) {
        redisFree(r);
        return rc;
    }
    if (o.json) {
        rc = ctl_json_print(item_json(&it, 1));
    } else {
        char when[40];
        format_ms(item_time_ms(&it), when, sizeof(when));
        printf("id             %s\nfailed at      %s UTC\nstage          %s\nreason         %s\nerror code     %s\n"
               "attempts       %s\ndoctor         %s\nsource         %s %s\ndetail         %s\nentry          %s\n",
               it.id, when, it.stage ? it.stage : "-", it.reason ? it.reason : "-",
               it.error_code && it.error_code[0] ? it.error_code : "-", it.attempts ? it.attempts : "-",
               it.doctor_id[0] ? it.doctor_id : "-", it.source_stream ? it.source_stream : "-",
               it.source_id ? it.source_id : "", it.detail ? it.detail : "-", it.entry ? it.entry : "-");
    }
    freeReplyObject(rep);
    redisFree(r);
    return rc;
}

/* ---- replay and purge ------------------------------------------------------------------------------------------ */

typedef struct st_act_t {
    ctl_ctx_t *ctx;
    redisContext *rc;
    int replay, dry_run, progress;
    long done, failed, gone, total;
    cJSON *ids; /* --json: what was done */
    int fatal;  /* a Redis connection failure: stop */
} act_t;

static void draw_progress(const act_t *a)
{
    if (!a->progress || a->total <= 0)
        return;
    long n = a->done + a->failed + a->gone;
    int width = 30, fill = (int)(n * width / (a->total > 0 ? a->total : 1));
    fprintf(stderr, "\r%s [", a->replay ? "replaying" : "purging");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %ld/%ld", n, a->total);
    if (n >= a->total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* 1 when the stream is one a replay may write to: the prefix's wa:in, wa:ai or wa:out. */
static int replayable(const ctl_ctx_t *ctx, const char *stream)
{
    char media[WA_KEY_MAX]; /* wa:media: a photo or document to fetch (or upload) again, issue 17 */
    wa_config_key(&ctx->cfg, media, sizeof(media), "media", NULL);
    return stream != NULL && (strcmp(stream, ctx->cfg.key_in) == 0 || strcmp(stream, ctx->cfg.key_ai) == 0 ||
                              strcmp(stream, ctx->cfg.key_out) == 0 || strcmp(stream, media) == 0);
}

static int act_one(const ctl_dlq_item_t *it, void *data)
{
    act_t *a = data;
    const char *result = "ok";
    char new_id[64] = "";
    if (a->replay && !replayable(a->ctx, it->source_stream)) {
        ctl_error("dead letter %s: source stream '%s' cannot be replayed to", it->id,
                  it->source_stream ? it->source_stream : "");
        a->failed++, result = "bad_source";
    } else if (a->dry_run) {
        a->done++, result = "would";
    } else if (a->replay) {
        cJSON *fields = ctl_dlq_replay_fields(it->entry, it->id, now_ms());
        if (fields == NULL) {
            ctl_error("dead letter %s: its entry is not a JSON object of fields", it->id);
            a->failed++, result = "bad_entry";
        } else {
            int nf = cJSON_GetArraySize(fields), k = 0;
            const char **argv = calloc((size_t)nf + 6, sizeof(char *));
            size_t *lens = calloc((size_t)nf + 6, sizeof(size_t));
            if (argv == NULL || lens == NULL)
                wa_fatal("out of memory");
            argv[k++] = "EVAL", argv[k++] = replay_lua, argv[k++] = "2";
            argv[k++] = it->source_stream, argv[k++] = a->ctx->cfg.key_dlq, argv[k++] = it->id;
            const cJSON *v;
            cJSON_ArrayForEach(v, fields) argv[k++] = v->valuestring;
            for (int i = 0; i < k; i++)
                lens[i] = strlen(argv[i]);
            redisReply *r = redisCommandArgv(a->rc, k, argv, lens); /* ctl_redis_cmd caps the argument count */
            free(argv);
            free(lens);
            cJSON_Delete(fields);
            if (r == NULL || r->type == REDIS_REPLY_ERROR) {
                int rc = ctl_redis_fail(a->rc, r, "replay");
                a->failed++, result = "error";
                if (rc == CTL_EXIT_UNREACHABLE)
                    a->fatal = 1;
            } else if (r->type == REDIS_REPLY_STRING) {
                snprintf(new_id, sizeof(new_id), "%s", r->str);
                a->done++;
                freeReplyObject(r);
            } else {
                a->gone++, result = "gone";
                freeReplyObject(r);
            }
        }
    } else {
        const char *cmd[] = {"XDEL", a->ctx->cfg.key_dlq, it->id};
        redisReply *r = ctl_redis_cmd(a->rc, 3, cmd);
        if (r == NULL || r->type != REDIS_REPLY_INTEGER) {
            int rc = ctl_redis_fail(a->rc, r, "XDEL");
            a->failed++, result = "error";
            if (rc == CTL_EXIT_UNREACHABLE)
                a->fatal = 1;
        } else {
            if (r->integer == 1)
                a->done++;
            else
                a->gone++, result = "gone";
            freeReplyObject(r);
        }
    }
    if (a->ids != NULL) {
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(a->ids, o))
            wa_fatal("out of memory");
        ctl_json_add_str(o, "id", it->id);
        ctl_json_add_str(o, "result", result);
        if (new_id[0])
            ctl_json_add_str(o, "new_id", new_id);
    }
    draw_progress(a);
    return a->fatal ? -1 : 0;
}

static int count_visit(const ctl_dlq_item_t *it, void *data)
{
    (void)it;
    ++*(long *)data;
    return 0;
}

static int dlq_act(ctl_ctx_t *ctx, int replay, int argc, char **argv)
{
    const char *cmdname = replay ? "dlq replay" : "dlq purge";
    opts_t o;
    const char *pos[64];
    int npos, rc = parse(ctx, cmdname, argc, argv, &o, pos, 64, &npos);
    if (rc != CTL_EXIT_OK)
        return rc;
    if (o.help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if ((npos == 0) == (o.all == 0))
        return ctl_usage_error(cmdname, "give dead letter ids, or --all with filters (not both)");
    if (npos > 0 && (o.f.stage || o.f.reason || o.f.doctor || o.older || o.newer))
        return ctl_usage_error(cmdname, "filters go with --all");
    redisContext *r = ctl_redis_open(ctx);
    if (r == NULL)
        return CTL_EXIT_UNREACHABLE;
    act_t a = {.ctx = ctx, .rc = r, .replay = replay, .dry_run = o.dry_run};
    if (o.json && (a.ids = cJSON_CreateArray()) == NULL)
        wa_fatal("out of memory");
    if (npos > 0) {
        a.total = npos;
        a.progress = !o.json && npos > 1 && (o.progress || isatty(STDERR_FILENO));
        for (int i = 0; i < npos && !a.fatal; i++) {
            ctl_dlq_item_t it;
            int erc = CTL_EXIT_OK;
            redisReply *rep = fetch_one(ctx, r, pos[i], &it, &erc);
            if (rep == NULL) {
                a.failed++;
                if (erc == CTL_EXIT_UNREACHABLE)
                    a.fatal = 1;
                continue;
            }
            act_one(&it, &a);
            freeReplyObject(rep);
        }
    } else {
        long n = scan(ctx, r, &o.f, o.limit, count_visit, &a.total);
        if (n < 0) {
            cJSON_Delete(a.ids);
            redisFree(r);
            return (int)-n;
        }
        a.progress = !o.json && a.total > 1 && (o.progress || isatty(STDERR_FILENO));
        if (a.total > 0 && (n = scan(ctx, r, &o.f, a.total, act_one, &a)) < 0 && !a.fatal)
            a.fatal = 1;
    }
    redisFree(r);
    if (o.json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        cJSON_AddNumberToObject(doc, o.dry_run ? "matching" : replay ? "replayed" : "purged", (double)a.done);
        cJSON_AddNumberToObject(doc, "failed", (double)a.failed);
        cJSON_AddNumberToObject(doc, "gone", (double)a.gone);
        cJSON_AddItemToObject(doc, "entries", a.ids);
        rc = ctl_json_print(doc);
    } else if (o.dry_run) {
        printf("%ld dead letter(s) would be %s\n", a.done, replay ? "replayed" : "purged");
    } else {
        printf("%s %ld dead letter(s)", replay ? "replayed" : "purged", a.done);
        if (a.gone > 0)
            printf(", %ld already gone", a.gone);
        if (a.failed > 0)
            printf(", %ld failed", a.failed);
        putchar('\n');
    }
    if (a.fatal)
        return CTL_EXIT_UNREACHABLE;
    if (rc == CTL_EXIT_OK && a.failed > 0)
        rc = CTL_EXIT_FAIL;
    return rc;
}

static int dlq_replay(ctl_ctx_t *ctx, int argc, char **argv)
{
    return dlq_act(ctx, 1, argc, argv);
}

static int dlq_purge(ctl_ctx_t *ctx, int argc, char **argv)
{
    return dlq_act(ctx, 0, argc, argv);
}

int ctl_dlq_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"list", dlq_list},
        {"show", dlq_show},
        {"replay", dlq_replay},
        {"purge", dlq_purge},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "dlq", cmds, usage, argc, argv);
}
