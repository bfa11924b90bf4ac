/*
 * `wactl queue list|next DOCTOR` (see queue.h). `next` is one statement: the patient being seen (status called) is
 * done, the lowest waiting token of today (in the doctor's time zone) is called. Then the patient called and the
 * patient with queue_notify_ahead patients before them get a text on wa:out, in the language of their
 * conversation (the router's Redis conversation hash), each under an out_id naming the token, so a notification
 * is sent at most once.
 */
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/clinic.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/redis.h"

#include "args.h"
#include "conn.h"
#include "doctor.h"

static void usage(FILE *f)
{
    fputs(
        "Usage: wactl queue list DOCTOR [--json]\n"
        "       wactl queue next|skip DOCTOR [--json]\n"
        "       wactl queue recall DOCTOR TOKEN\n"
        "       wactl queue close DOCTOR\n"
        "\n"
        "The walk-in queue of today (in the doctor's time zone). Patients join it by sending \"queue\" or \"token\".\n"
        "list shows every token with its status (waiting, called, done). next marks the patient being seen done,\n"
        "calls the next waiting token and notifies that patient and the one whose turn is near (the doctor's\n"
        "queue_notify_ahead, default 3 patients before them). skip does the same but marks the patient who did not\n"
        "come skipped; recall puts a skipped token back in line (first, by its number). close stops new tokens for\n"
        "today (tokens given stay). DOCTOR is the doctor's id or phone number.\n"
        "\n"
        "Examples:\n"
        "  wactl queue next 919845000001\n"
        "  wactl queue list 919845000001 --json\n",
        f);
}

int ctl_queue_out_id(char *out, size_t outsz, const char *doctor_id, const char *day, const char *token,
                     const char *what)
{
    return wa_clinic_queue_out_id(out, outsz, doctor_id, day, token, what);
}

/* The patient's conversation language ("hi" or "en") from the router's conversation hash. */
static const char *lang_of(ctl_ctx_t *ctx, redisContext *r, const char *doctor_id, const char *wa_id)
{
    char key[300], id[200];
    const char *argv[] = {"HGET", key, "lang"};
    redisReply *rep;
    int hi;

    snprintf(id, sizeof(id), "%s:%s", doctor_id, wa_id);
    wa_config_key(&ctx->cfg, key, sizeof(key), "conv:", id);
    rep = ctl_redis_cmd(r, 3, argv);
    hi = rep != NULL && rep->type == REDIS_REPLY_STRING && strcmp(rep->str, "hi") == 0;
    if (rep != NULL)
        freeReplyObject(rep);
    return hi ? "hi" : "en";
}

static int notify(ctl_ctx_t *ctx, redisContext *r, const char *doctor_id, const char *wa_id, const char *out_id,
                  const char *body)
{
    char created[24];
    char *message = wa_text_message_json(body);
    wa_out_msg_t m = {.out_id = out_id,
                      .doctor_id = doctor_id,
                      .to = wa_id,
                      .kind = "text",
                      .message = message,
                      .reply_to = "",
                      .source = "queue",
                      .created_at = created,
                      .attempt = "0"};
    wa_cmd_t cmd;
    redisReply *rep;
    int rc = CTL_EXIT_OK;

    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, ctx->cfg.key_out, &m);
    rep = cmd.overflow ? NULL : wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
    if (rep == NULL || rep->type == REDIS_REPLY_ERROR)
        rc = ctl_redis_fail(r, rep, "XADD");
    else
        freeReplyObject(rep);
    free(message);
    return rc;
}

/* Calls the next waiting token; the one being seen becomes `previous` (done, or skipped for `queue skip`). */
static int next(ctl_ctx_t *ctx, PGconn *c, const char *id, const char *previous, int json)
{
    const char *p[] = {id, previous};
    char token[16] = "", wa_id[224] = "", day[16] = "", near_token[16] = "", near_wa[224] = "", out_id[200];
    char *text;
    PGresult *res;
    int rc = CTL_EXIT_OK, ahead = 3;

    res = ctl_pg_exec(c, WA_CLINIC_QUEUE_NEXT_SQL, 2, p);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "calling the next token");
    if (PQntuples(res) == 1) {
        snprintf(token, sizeof(token), "%s", PQgetvalue(res, 0, 0));
        snprintf(wa_id, sizeof(wa_id), "%s", PQgetvalue(res, 0, 1));
        snprintf(day, sizeof(day), "%s", PQgetvalue(res, 0, 2));
        ahead = atoi(PQgetvalue(res, 0, 3));
    }
    PQclear(res);
    if (token[0] == '\0') {
        if (json) {
            cJSON *doc = cJSON_CreateObject();
            if (doc == NULL)
                wa_fatal("out of memory");
            ctl_json_add_str(doc, "doctor_id", id);
            ctl_json_add_str(doc, "called", NULL);
            return ctl_json_print(doc);
        }
        printf("nobody is waiting\n");
        return CTL_EXIT_OK;
    }
    char offset[16];
    snprintf(offset, sizeof(offset), "%d", ahead);
    res = ctl_pg_exec(c, WA_CLINIC_QUEUE_NEAR_SQL, 3, (const char *[]){id, day, offset});
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "finding the patient whose turn is near");
    if (PQntuples(res) == 1) {
        snprintf(near_token, sizeof(near_token), "%s", PQgetvalue(res, 0, 0));
        snprintf(near_wa, sizeof(near_wa), "%s", PQgetvalue(res, 0, 1));
    }
    PQclear(res);

    redisContext *r = ctl_redis_open(ctx);
    if (r == NULL)
        return CTL_EXIT_UNREACHABLE;
    if (ctl_queue_out_id(out_id, sizeof(out_id), id, day, token, "called") != 0)
        wa_fatal("out_id too long");
    text = wa_clinic_text_queue_called(lang_of(ctx, r, id, wa_id), token);
    rc = notify(ctx, r, id, wa_id, out_id, text);
    free(text);
    if (rc == CTL_EXIT_OK && near_token[0] != '\0') {
        if (ctl_queue_out_id(out_id, sizeof(out_id), id, day, near_token, "near") != 0)
            wa_fatal("out_id too long");
        text = wa_clinic_text_queue_near(lang_of(ctx, r, id, near_wa), near_token, ahead);
        rc = notify(ctx, r, id, near_wa, out_id, text);
        free(text);
    }
    redisFree(r);
    if (rc != CTL_EXIT_OK)
        return rc;
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "doctor_id", id);
        ctl_json_add_str(doc, "day", day);
        ctl_json_add_str(doc, "called", token);
        ctl_json_add_str(doc, "to", wa_id);
        ctl_json_add_str(doc, "near", near_token[0] != '\0' ? near_token : NULL);
        return ctl_json_print(doc);
    }
    printf("called token %s (%s)%s%s\n", token, wa_id, near_token[0] != '\0' ? "; told token " : "",
           near_token[0] != '\0' ? near_token : "");
    return CTL_EXIT_OK;
}

/* recall: a skipped token of today waits again (its number puts it first in line); close: no new tokens today. */
static int recall_or_close(PGconn *c, const char *id, const char *token, int close)
{
    const char *p[] = {id, token};
    PGresult *res = close ? ctl_pg_exec(c, WA_CLINIC_QUEUE_CLOSE_SQL, 1, p)
                          : ctl_pg_exec(c, WA_CLINIC_QUEUE_RECALL_SQL, 2, p);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, close ? "closing the queue" : "recalling the token");
    if (!close && strcmp(PQcmdTuples(res), "1") != 0) {
        PQclear(res);
        ctl_error("token %s is not a skipped token of today", token);
        return CTL_EXIT_FAIL;
    }
    PQclear(res);
    if (close)
        printf("queue closed for today\n");
    else
        printf("token %s waits again\n", token);
    return CTL_EXIT_OK;
}

static int list(PGconn *c, const char *id, int json)
{
    const char *p[] = {id};
    PGresult *res =
        ctl_pg_exec(c,
                    "SELECT q.token, q.status, p.wa_id, to_char(q.created_at, 'HH24:MI') FROM queue_tokens q"
                    " JOIN patients p ON p.id = q.patient_id JOIN doctors d ON d.id = q.doctor_id"
                    " LEFT JOIN clinic_settings s ON s.doctor_id = q.doctor_id WHERE q.doctor_id = $1"
                    " AND q.day = (now() AT TIME ZONE coalesce(s.time_zone, 'Asia/Kolkata'))::date"
                    " ORDER BY q.token",
                    1, p);
    int n;
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "listing the queue");
    n = PQntuples(res);
    if (json) {
        cJSON *doc = cJSON_CreateArray();
        if (doc == NULL)
            wa_fatal("out of memory");
        for (int i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL)
                wa_fatal("out of memory");
            cJSON_AddItemToArray(doc, o);
            ctl_json_add_str(o, "token", PQgetvalue(res, i, 0));
            ctl_json_add_str(o, "status", PQgetvalue(res, i, 1));
            ctl_json_add_str(o, "wa_id", PQgetvalue(res, i, 2));
            ctl_json_add_str(o, "joined", PQgetvalue(res, i, 3));
        }
        PQclear(res);
        return ctl_json_print(doc);
    }
    printf("%-6s %-8s %-16s %s\n", "TOKEN", "STATUS", "PATIENT", "JOINED");
    for (int i = 0; i < n; i++)
        printf("%-6s %-8s %-16s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
               PQgetvalue(res, i, 3));
    PQclear(res);
    return CTL_EXIT_OK;
}

int ctl_queue_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json;
    const char *pos[3] = {NULL, NULL, NULL};
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64];
    int npos, rc;

    if (argc == 0) {
        usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if ((npos = ctl_args_parse(argc, argv, opts, pos, 3, err, sizeof(err))) < 0)
        return ctl_usage_error("queue", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    const char *sub = npos > 0 ? pos[0] : "";
    long token = 0;
    if (strcmp(sub, "recall") == 0 ? npos != 3 || ctl_parse_long(pos[2], 1, 100000, &token) != 0 : npos != 2)
        return ctl_usage_error("queue", "expected 'list|next|skip|close DOCTOR' or 'recall DOCTOR TOKEN'");
    if (strcmp(sub, "list") != 0 && strcmp(sub, "next") != 0 && strcmp(sub, "skip") != 0 &&
        strcmp(sub, "recall") != 0 && strcmp(sub, "close") != 0)
        return ctl_usage_error("queue", "unknown subcommand '%s' (list, next, skip, recall, close)", sub);
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    rc = ctl_doctor_resolve(c, "queue", pos[1], id, sizeof(id));
    if (rc == CTL_EXIT_OK) {
        const char *p1[] = {id};
        PGresult *res = ctl_pg_exec(
            c, "INSERT INTO clinic_settings (doctor_id) VALUES ($1) ON CONFLICT (doctor_id) DO NOTHING", 1, p1);
        if (!ctl_pg_ok(res))
            rc = ctl_pg_fail(c, res, "reading the doctor's settings");
        else
            PQclear(res);
    }
    if (rc == CTL_EXIT_OK) {
        if (strcmp(sub, "next") == 0 || strcmp(sub, "skip") == 0)
            rc = next(ctx, c, id, sub[0] == 'n' ? "done" : "skipped", json);
        else if (strcmp(sub, "list") == 0)
            rc = list(c, id, json);
        else
            rc = recall_or_close(c, id, pos[2], sub[0] == 'c');
    }
    PQfinish(c);
    return rc;
}
