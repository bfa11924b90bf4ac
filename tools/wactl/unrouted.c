/*
 * `wactl unrouted list`: the webhook changes the router could not attribute
 * to any doctor (the wa:unrouted stream, newest first). Each shows when it
 * arrived, the business number and phone number id Meta addressed, and what
 * it held (messages, statuses); the change itself only with --json, since it
 * carries patients' text. An operator reads it to find a doctor whose number
 * or phone number id is missing or mistyped (wactl doctor add / show).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "table.h"

static void usage(FILE *f)
{
    fputs("Usage: wactl unrouted list [--limit N] [--json]\n"
          "\n"
          "Lists the newest N (default 20) webhook changes that matched no doctor (stream wa:unrouted): entry id,\n"
          "when it arrived, the display phone number and phone number id it was addressed to, and how many\n"
          "messages and statuses it held. --json adds each change as received (it contains the patients' text).\n"
          "Add the missing doctor with 'wactl doctor add --phone NUMBER --phone-number-id ID ...'.\n"
          "\n"
          "Example:\n"
          "  wactl unrouted list --limit 5\n",
          f);
}

static void group_usage(FILE *f)
{
    fputs("Usage: wactl unrouted <list> [options]\n"
          "\n"
          "  list   webhook changes for numbers that match no doctor, newest first\n"
          "\n"
          "Example:\n"
          "  wactl unrouted list --json\n",
          f);
}

static const char *field(const redisReply *fields, const char *name)
{
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element[i]->type == REDIS_REPLY_STRING && strcmp(fields->element[i]->str, name) == 0 &&
            fields->element[i + 1]->type == REDIS_REPLY_STRING)
            return fields->element[i + 1]->str;
    return NULL;
}

/* "2026-01-31 10:04:05" (UTC) of a unix-ms string, or the string itself when it is not a number. */
static void format_ms(const char *ms, char *out, size_t outsz)
{
    char *end;
    long long v = ms != NULL ? strtoll(ms, &end, 10) : 0;
    if (ms == NULL || end == ms || *end != '\0') {
        snprintf(out, outsz, "%s", ms != NULL ? ms : "-");
        return;
    }
    time_t t = (time_t)(v / 1000);
    struct tm tm;
    strftime(out, outsz, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
}

static int array_size(const cJSON *change, const char *name)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(change, "value");
    const cJSON *arr = value != NULL ? cJSON_GetObjectItemCaseSensitive(value, name) : NULL;
    return cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
}

static int unrouted_list(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json;
    long limit = 20;
    ctl_opt_t opts[] = {
        {"limit", CTL_OPT_LONG, &limit, 1, 10000, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("unrouted list", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    redisContext *rc = ctl_redis_open(ctx);
    if (rc == NULL)
        return CTL_EXIT_UNREACHABLE;
    char count[24];
    snprintf(count, sizeof(count), "%ld", limit);
    const char *cmd[] = {"XREVRANGE", ctx->cfg.key_unrouted, "+", "-", "COUNT", count};
    redisReply *r = ctl_redis_cmd(rc, 6, cmd);
    if (r == NULL || r->type != REDIS_REPLY_ARRAY) {
        int ret = ctl_redis_fail(rc, r, "XREVRANGE");
        redisFree(rc);
        return ret;
    }
    int ret = CTL_EXIT_OK;
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    static const char *const headers[] = {"ID",       "RECEIVED (UTC)", "DISPLAY-NUMBER", "PHONE-NUMBER-ID",
                                          "MESSAGES", "STATUSES"};
    ctl_table_t *t = json ? NULL : ctl_table_create(6, headers);
    if (json && arr == NULL)
        wa_fatal("out of memory");
    if (t != NULL) {
        ctl_table_align_right(t, 4);
        ctl_table_align_right(t, 5);
    }
    for (size_t i = 0; i < r->elements; i++) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 || e->element[0]->type != REDIS_REPLY_STRING ||
            e->element[1]->type != REDIS_REPLY_ARRAY)
            continue;
        const char *id = e->element[0]->str;
        const redisReply *fields = e->element[1];
        const char *change_text = field(fields, "change");
        cJSON *change = change_text != NULL ? cJSON_Parse(change_text) : NULL;
        char received[40];
        format_ms(field(fields, "received_at"), received, sizeof(received));
        if (json) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(arr, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "id", id);
            ctl_json_add_str(o, "received_at", field(fields, "received_at"));
            ctl_json_add_str(o, "display_phone_number", field(fields, "display_phone_number"));
            ctl_json_add_str(o, "phone_number_id", field(fields, "phone_number_id"));
            if (change != NULL) {
                if (!cJSON_AddItemToObject(o, "change", change))
                    wa_fatal("out of memory");
                change = NULL; /* owned by o now */
            } else {
                ctl_json_add_str(o, "change", change_text); /* not JSON: shown as the text it is */
            }
        } else {
            char msgs[16], stats[16];
            snprintf(msgs, sizeof(msgs), "%d", change != NULL ? array_size(change, "messages") : 0);
            snprintf(stats, sizeof(stats), "%d", change != NULL ? array_size(change, "statuses") : 0);
            const char *cells[] = {
                id, received, field(fields, "display_phone_number"), field(fields, "phone_number_id"), msgs, stats};
            ctl_table_add_row(t, cells);
        }
        cJSON_Delete(change);
    }
    freeReplyObject(r);
    redisFree(rc);
    if (json) {
        ret = ctl_json_print(arr);
    } else if (ctl_table_rows(t) == 0) {
        fputs("no unrouted changes: every webhook matched a doctor\n", stderr);
    } else {
        ret = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    }
    ctl_table_destroy(t);
    return ret;
}

int ctl_unrouted_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    if (argc == 0) {
        group_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "help") == 0) {
        group_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (strcmp(argv[0], "list") == 0)
        return unrouted_list(ctx, argc - 1, argv + 1);
    return ctl_usage_error("unrouted", "unknown unrouted command '%s' (list)", argv[0]);
}
