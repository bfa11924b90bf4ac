/*
 * `wactl handoff list|release` (see handoff.h). list reads the handoffs rows (the open ones, or every one with
 * --all) and asks Redis for each open one whether its pause key still lives and for how long: the key, not the row,
 * is what stops the router's answers. release sets released_at and deletes the key; either one having been in
 * force counts as a release.
 */
#include "handoff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "wa/phone.h"

#include "args.h"
#include "conn.h"
#include "doctor.h"
#include "table.h"

static void group_usage(FILE *f)
{
    fputs("Usage: wactl handoff <list|release> [options]\n"
          "\n"
          "Patients handed over to the clinic's staff: they asked for the doctor or staff (\"talk to doctor\",\n"
          "\"डॉक्टर से बात\", the button) and get no automatic answers until the pause ends (the doctor's\n"
          "handoff_minutes, default 60) or staff release them. Answer them with 'wactl send'.\n"
          "\n"
          "  list     the patients waiting for the staff\n"
          "  release  end a patient's pause: automatic answers resume\n"
          "\n"
          "Each takes --help. Example:\n"
          "  wactl handoff list --doctor 919845000001\n",
          f);
}

static void list_usage(FILE *f)
{
    fputs("Usage: wactl handoff list [--doctor ID|NUMBER] [--all] [--limit N] [--json]\n"
          "\n"
          "Shows the open handoffs: patients who asked for the doctor or staff and get no automatic answers now.\n"
          "With --all also the released and ended ones. Newest first, at most N (default 100): doctor, patient\n"
          "number and name, reason, since, until (UTC), state (paused; ended: the pause ran out; released) and the\n"
          "time the pause has left.\n"
          "\n"
          "Examples:\n"
          "  wactl handoff list --doctor 919845000001\n"
          "  wactl handoff list --all --json\n",
          f);
}

static void release_usage(FILE *f)
{
    fputs("Usage: wactl handoff release --doctor ID|NUMBER --patient WA_ID [--json]\n"
          "\n"
          "Ends a patient's pause now, after the staff have answered (wactl send): the next message of the patient\n"
          "is answered automatically again. Exit 0 also when the patient was not handed off (nothing to do);\n"
          "exit 1 when the doctor has no such patient.\n"
          "\n"
          "Example:\n"
          "  wactl handoff release --doctor 919845000001 --patient '+91 98000 00001'\n",
          f);
}

int ctl_handoff_key(char *out, size_t outsz, const char *prefix, const char *doctor_id, const char *wa_id)
{
    int n = snprintf(out, outsz, "%shandoff:%s:%s", prefix != NULL ? prefix : "", doctor_id, wa_id);
    return n > 0 && (size_t)n < outsz ? 0 : -1;
}

/* The remaining seconds of a pause key: >= 0, -1 when it has no expiry, -2 when it is gone. Returns 0, or an exit
 * code after printing. */
static int key_ttl(ctl_ctx_t *ctx, redisContext *r, const char *doctor_id, const char *wa_id, long long *ttl)
{
    char key[300];
    if (ctl_handoff_key(key, sizeof(key), ctx->cfg.redis_prefix, doctor_id, wa_id) != 0) {
        *ttl = -2;
        return CTL_EXIT_OK;
    }
    const char *argv[] = {"TTL", key};
    redisReply *rep = ctl_redis_cmd(r, 2, argv);
    if (rep == NULL || rep->type != REDIS_REPLY_INTEGER)
        return ctl_redis_fail(r, rep, "TTL");
    *ttl = rep->integer;
    freeReplyObject(rep);
    return CTL_EXIT_OK;
}

static int list(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    long limit = 100;
    int help = 0, json = ctx->json, all = 0;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},    {"all", CTL_OPT_FLAG, &all, 0, 0, 0},
        {"limit", CTL_OPT_LONG, &limit, 1, 10000, 0}, {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},       {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("handoff list", "%s", err);
    if (help) {
        list_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (opts[0].seen && (doctor == NULL || doctor[0] == '\0'))
        return ctl_usage_error("handoff list", "--doctor needs a doctor's id or phone number");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64] = "", count[24];
    int rc = CTL_EXIT_OK;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, "handoff list", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    snprintf(count, sizeof(count), "%ld", limit);
    const char *params[] = {id[0] != '\0' ? id : NULL, all ? "true" : "false", count};
    PGresult *res =
        ctl_pg_exec(c,
                    "SELECT h.doctor_id, d.phone_digits, p.wa_id, p.profile_name, h.reason,"
                    " to_char(h.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
                    " to_char(coalesce(h.released_at, h.paused_until) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
                    " CASE WHEN h.released_at IS NOT NULL THEN 'released' WHEN h.paused_until <= now() THEN 'ended'"
                    " ELSE 'paused' END,"
                    " to_char(h.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                    " to_char(h.paused_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                    " to_char(h.released_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), p.username"
                    " FROM handoffs h JOIN patients p ON p.id = h.patient_id JOIN doctors d ON d.id = h.doctor_id"
                    " WHERE ($1::uuid IS NULL OR h.doctor_id = $1::uuid)"
                    " AND ($2::boolean OR (h.released_at IS NULL AND h.paused_until > now()))"
                    " ORDER BY h.created_at DESC LIMIT $3::int",
                    3, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "listing the handoffs");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    int rows = PQntuples(res);
    redisContext *r = rows > 0 ? ctl_redis_open(ctx) : NULL;
    if (rows > 0 && r == NULL) {
        PQclear(res);
        return CTL_EXIT_UNREACHABLE;
    }
#define VAL(row, col) (PQgetisnull(res, (row), (col)) ? NULL : PQgetvalue(res, (row), (col)))
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    static const char *const headers[] = {"DOCTOR",      "PATIENT",     "NAME",  "REASON",
                                          "SINCE (UTC)", "UNTIL (UTC)", "STATE", "LEFT"};
    ctl_table_t *t = json ? NULL : ctl_table_create(8, headers);
    if (json && arr == NULL)
        wa_fatal("out of memory");
    if (t != NULL) {
        ctl_table_max_width(t, 2, 30);
        ctl_table_align_right(t, 7);
    }
    for (int i = 0; i < rows && rc == CTL_EXIT_OK; i++) {
        long long ttl = -2;
        const char *state = PQgetvalue(res, i, 7);
        /* the row says paused; the key decides: gone (expired, deleted) means the router answers again */
        if (strcmp(state, "paused") == 0 &&
            (rc = key_ttl(ctx, r, PQgetvalue(res, i, 0), PQgetvalue(res, i, 2), &ttl)) != CTL_EXIT_OK)
            break;
        if (strcmp(state, "paused") == 0 && ttl == -2)
            state = "ended";
        char left[32] = "-";
        if (strcmp(state, "paused") == 0 && ttl >= 0)
            snprintf(left, sizeof(left), "%lldm%02llds", ttl / 60, ttl % 60);
        if (json) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(arr, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "doctor_id", VAL(i, 0));
            ctl_json_add_str(o, "doctor_phone", VAL(i, 1));
            ctl_json_add_str(o, "wa_id", VAL(i, 2)); /* the address: the phone, else the BSUID */
            ctl_json_add_str(o, "username", VAL(i, 11));
            ctl_json_add_str(o, "name", VAL(i, 3));
            ctl_json_add_str(o, "reason", VAL(i, 4));
            ctl_json_add_str(o, "created_at", VAL(i, 8));
            ctl_json_add_str(o, "paused_until", VAL(i, 9));
            ctl_json_add_str(o, "released_at", VAL(i, 10));
            ctl_json_add_str(o, "state", state);
            if (cJSON_AddBoolToObject(o, "paused", strcmp(state, "paused") == 0) == NULL)
                wa_fatal("out of memory");
            cJSON *secs =
                strcmp(state, "paused") == 0 && ttl >= 0 ? cJSON_CreateNumber((double)ttl) : cJSON_CreateNull();
            if (secs == NULL || !cJSON_AddItemToObject(o, "seconds_left", secs))
                wa_fatal("out of memory");
        } else {
            const char *cells[] = {VAL(i, 1), VAL(i, 2), VAL(i, 3), VAL(i, 4), VAL(i, 5), VAL(i, 6), state, left};
            ctl_table_add_row(t, cells);
        }
    }
#undef VAL
    PQclear(res);
    if (r != NULL)
        redisFree(r);
    if (rc != CTL_EXIT_OK) {
        cJSON_Delete(arr);
    } else if (json) {
        rc = ctl_json_print(arr);
    } else if (rows == 0) {
        fputs(all ? "no handoffs\n" : "no patient is waiting for the clinic's staff\n", stderr);
    } else {
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    }
    ctl_table_destroy(t);
    return rc;
}

static int release(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *patient = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"patient", CTL_OPT_STR, &patient, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},    {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], wa_id[224];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("handoff release", "%s", err);
    if (help) {
        release_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL || doctor[0] == '\0')
        return ctl_usage_error("handoff release", "--doctor is required");
    if (patient == NULL || patient[0] == '\0')
        return ctl_usage_error("handoff release", "--patient is required (the patient's WhatsApp number, or BSUID)");
    if (wa_is_bsuid(patient)) /* a patient without a phone number: the BSUID is the address (015_bsuid.sql) */
        snprintf(wa_id, sizeof(wa_id), "%s", patient);
    else if (wa_phone_digits(patient, wa_id, sizeof(wa_id)) < 7)
        return ctl_usage_error("handoff release", "--patient '%s' is neither a phone number nor a BSUID", patient);

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64];
    int rc = ctl_doctor_resolve(c, "handoff release", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    /* the patient must exist; the CTE releases an open row, if any, in the same statement */
    const char *params[] = {id, wa_id};
    PGresult *res = ctl_pg_exec(c,
                                "WITH p AS (SELECT id FROM patients WHERE doctor_id = $1 AND wa_id = $2),"
                                " u AS (UPDATE handoffs h SET released_at = now() FROM p WHERE h.doctor_id = $1"
                                " AND h.patient_id = p.id AND h.released_at IS NULL"
                                " RETURNING h.paused_until > now() AS open)"
                                " SELECT (SELECT count(*) FROM p), coalesce((SELECT bool_or(open) FROM u), false)",
                                2, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "releasing the handoff");
        PQfinish(c);
        return rc;
    }
    int known = strcmp(PQgetvalue(res, 0, 0), "0") != 0, row_open = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    PQclear(res);
    PQfinish(c);
    if (!known) {
        ctl_error("the doctor has no patient %s", wa_id);
        return CTL_EXIT_FAIL;
    }

    redisContext *r = ctl_redis_open(ctx);
    if (r == NULL)
        return CTL_EXIT_UNREACHABLE;
    char key[300];
    if (ctl_handoff_key(key, sizeof(key), ctx->cfg.redis_prefix, id, wa_id) != 0)
        wa_fatal("handoff key too long");
    const char *del[] = {"DEL", key};
    redisReply *rep = ctl_redis_cmd(r, 2, del);
    if (rep == NULL || rep->type != REDIS_REPLY_INTEGER) {
        rc = ctl_redis_fail(r, rep, "DEL");
        redisFree(r);
        return rc;
    }
    int key_gone = rep->integer > 0;
    freeReplyObject(rep);
    redisFree(r);

    int released = key_gone || row_open;
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "doctor_id", id);
        ctl_json_add_str(doc, "wa_id", wa_id);
        if (cJSON_AddBoolToObject(doc, "released", released) == NULL)
            wa_fatal("out of memory");
        return ctl_json_print(doc);
    }
    if (released)
        printf("released %s: automatic answers resume with the next message\n", wa_id);
    else
        printf("%s was not handed off: nothing to release\n", wa_id);
    return CTL_EXIT_OK;
}

int ctl_handoff_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"list", list},
        {"release", release},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "handoff", cmds, group_usage, argc, argv);
}
