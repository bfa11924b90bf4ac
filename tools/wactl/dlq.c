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
#include "wa/dlq.h"
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "dlq.h"
#include "table.h"

static long long now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Prints a failure of libwa's dead-letter calls the way ctl_redis_fail does. Returns the exit code. */
static int dlq_fail(wa_dlq_result_t res, const char *what, const char *errstr)
{
    ctl_error("Redis %s failed: %s", what, errstr);
    return res == WA_DLQ_UNREACHABLE ? CTL_EXIT_UNREACHABLE : CTL_EXIT_FAIL;
}

/* Calls `cb` for the matching entries, newest first, at most `limit` (0 = all). Returns the number visited, or -(exit
 * code) on a Redis failure (printed). */
static long scan(ctl_ctx_t *ctx, redisContext *rc, const wa_dlq_filter_t *f, long limit, wa_dlq_visit_cb cb, void *data)
{
    char err[256];
    long n = wa_dlq_scan(rc, ctx->cfg.key_dlq, NULL, f, limit, now_ms(), cb, data, err, sizeof(err));
    if (n == -1)
        return -CTL_EXIT_FAIL;
    if (n < 0)
        return -dlq_fail(rc->err ? WA_DLQ_UNREACHABLE : WA_DLQ_ERROR, "XREVRANGE", err);
    return n;
}

/* ---- output --------------------------------------------------------------------------------------------------- */

static void format_ms(long long v, char *out, size_t outsz)
{
    time_t t = (time_t)(v / 1000);
    struct tm tm;
    strftime(out, outsz, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
}

static cJSON *item_json(const wa_dlq_item_t *it, int with_entry)
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

static int list_visit(const wa_dlq_item_t *it, void *data)
{
    list_state_t *ls = data;
    if (ls->arr != NULL) {
        if (!cJSON_AddItemToArray(ls->arr, item_json(it, 0)))
            wa_fatal("out of memory");
        return 0;
    }
    char when[40];
    format_ms(wa_dlq_item_time_ms(it), when, sizeof(when));
    const char *cells[] = {it->id,         when, it->stage, it->reason, it->error_code, it->attempts,
                           it->doctor_id[0] ? it->doctor_id : NULL, it->source_stream, it->detail};
    ctl_table_add_row(ls->t, cells);
    return 0;
}

/* ---- options shared by the subcommands ------------------------------------------------------------------------ */

typedef struct st_opts_t {
    wa_dlq_filter_t f;
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
    if (o->older != NULL && wa_dlq_parse_age(o->older, &o->f.older_than_ms) != 0)
        return ctl_usage_error(cmd, "--older-than: expected a duration such as 90s, 15m, 2h or 7d");
    if (o->newer != NULL && wa_dlq_parse_age(o->newer, &o->f.newer_than_ms) != 0)
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
static redisReply *fetch_one(ctl_ctx_t *ctx, redisContext *rc, const char *id, wa_dlq_item_t *it, int *exit_code)
{
    char err[256];
    wa_dlq_result_t res;
    redisReply *r = wa_dlq_fetch(rc, ctx->cfg.key_dlq, id, it, &res, err, sizeof(err));
    if (r == NULL && res == WA_DLQ_GONE) {
        ctl_error("%s", err);
        *exit_code = CTL_EXIT_FAIL;
    } else if (r == NULL) {
        *exit_code = dlq_fail(res, "XRANGE", err);
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
    wa_dlq_item_t it;
    redisReply *rep = fetch_one(ctx, r, pos[0], &it, &rc);
    if (rep == NULL) {
        redisFree(r);
        return rc;
    }
    if (o.json) {
        rc = ctl_json_print(item_json(&it, 1));
    } else {
        char when[40];
        format_ms(wa_dlq_item_time_ms(&it), when, sizeof(when));
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

static int act_one(const wa_dlq_item_t *it, void *data)
{
    act_t *a = data;
    const char *result = "ok";
    char new_id[64] = "", err[256];
    /* wa:media: a photo or document to fetch (or upload) again, issue 17 */
    const char *streams[] = {a->ctx->cfg.key_in, a->ctx->cfg.key_ai, a->ctx->cfg.key_out, a->ctx->cfg.key_media,
                             NULL};
    wa_dlq_result_t res;
    if (a->dry_run) {
        int ok = !a->replay;
        for (size_t i = 0; streams[i] != NULL && it->source_stream != NULL; i++)
            ok |= strcmp(it->source_stream, streams[i]) == 0;
        if (!ok) {
            ctl_error("dead letter %s: source stream '%s' cannot be replayed to", it->id,
                      it->source_stream ? it->source_stream : "");
            a->failed++, result = "bad_source";
        } else {
            a->done++, result = "would";
        }
    } else {
        res = a->replay ? wa_dlq_replay(a->rc, a->ctx->cfg.key_dlq, streams, it, now_ms(), new_id, sizeof(new_id),
                                        err, sizeof(err))
                        : wa_dlq_purge(a->rc, a->ctx->cfg.key_dlq, it->id, err, sizeof(err));
        switch (res) {
        case WA_DLQ_DONE: a->done++; break;
        case WA_DLQ_GONE: a->gone++, result = "gone"; break;
        case WA_DLQ_BAD_SOURCE:
        case WA_DLQ_BAD_ENTRY:
            ctl_error("%s", err);
            a->failed++, result = wa_dlq_result_name(res);
            break;
        case WA_DLQ_ERROR:
        case WA_DLQ_UNREACHABLE:
            dlq_fail(res, a->replay ? "replay" : "XDEL", err);
            a->failed++, result = "error";
            if (res == WA_DLQ_UNREACHABLE)
                a->fatal = 1;
            break;
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

static int count_visit(const wa_dlq_item_t *it, void *data)
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
            wa_dlq_item_t it;
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
