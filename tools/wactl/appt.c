/*
 * `wactl appt` (see appt.h). Cancelling is libwa's statement (wa/clinic.h, also the dashboard's): the appointment's status and its
 * slot_bookings row go together, so the place is free for the next booking at once; the patient gets a text under
 * the out_id "apptcancel:<id>" (sent at most once). Blocking a day is a clinic_blocked_days row.
 */
#include "appt.h"

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
    fputs("Usage: wactl appt list DOCTOR [--all] [--json]\n"
          "       wactl appt cancel APPOINTMENT_ID [--quiet] [--json]\n"
          "       wactl appt block DOCTOR YYYY-MM-DD [--reason TEXT]\n"
          "       wactl appt unblock DOCTOR YYYY-MM-DD\n"
          "\n"
          "A doctor's appointments, booked by patients on WhatsApp. list shows the upcoming booked ones (--all: also\n"
          "past and cancelled), in the doctor's time zone. cancel frees the place and tells the patient (--quiet:\n"
          "not). block closes a day for booking (the patients' day lists no longer offer it); appointments already\n"
          "booked that day stay: cancel them one by one. DOCTOR is the doctor's id or phone number.\n"
          "\n"
          "Examples:\n"
          "  wactl appt list 919845000001\n"
          "  wactl appt block 919845000001 2026-12-25 --reason Christmas\n",
          f);
}

int ctl_appt_is_day(const char *s)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int list(PGconn *c, const char *id, int all, int json)
{
    const char *p[] = {id, all ? "1" : "0"};
    PGresult *res =
        ctl_pg_exec(c,
                    "SELECT a.id, to_char(a.slot_start AT TIME ZONE coalesce(s.time_zone, 'Asia/Kolkata'),"
                    " 'YYYY-MM-DD HH24:MI'), p.wa_id, coalesce(p.profile_name, ''), a.status FROM appointments a"
                    " JOIN patients p ON p.id = a.patient_id LEFT JOIN clinic_settings s"
                    " ON s.doctor_id = a.doctor_id WHERE a.doctor_id = $1"
                    " AND ($2 = '1' OR (a.status = 'booked' AND a.slot_start > now())) ORDER BY a.slot_start",
                    2, p);
    int n;
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "listing the appointments");
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
            ctl_json_add_str(o, "id", PQgetvalue(res, i, 0));
            ctl_json_add_str(o, "time", PQgetvalue(res, i, 1));
            ctl_json_add_str(o, "wa_id", PQgetvalue(res, i, 2));
            ctl_json_add_str(o, "name", PQgetvalue(res, i, 3));
            ctl_json_add_str(o, "status", PQgetvalue(res, i, 4));
        }
        PQclear(res);
        return ctl_json_print(doc);
    }
    printf("%-36s  %-16s  %-16s  %-10s  %s\n", "ID", "TIME", "PATIENT", "STATUS", "NAME");
    for (int i = 0; i < n; i++)
        printf("%-36s  %-16s  %-16s  %-10s  %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
               PQgetvalue(res, i, 4), PQgetvalue(res, i, 3));
    PQclear(res);
    return CTL_EXIT_OK;
}

static int cancel(ctl_ctx_t *ctx, PGconn *c, const char *appt, int quiet, int json)
{
    const char *p[] = {appt, NULL, NULL};
    char doctor_id[64], wa_id[224], epoch[32], when[80] = "?", clinic[256], out_id[96], created[24];
    PGresult *res = ctl_pg_exec(c, WA_CLINIC_CANCEL_SQL, 3, p);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "cancelling the appointment");
    if (PQntuples(res) != 1) {
        PQclear(res);
        ctl_error("no booked appointment with id %s", appt);
        return CTL_EXIT_FAIL;
    }
    snprintf(doctor_id, sizeof(doctor_id), "%s", PQgetvalue(res, 0, 0));
    snprintf(wa_id, sizeof(wa_id), "%s", PQgetvalue(res, 0, 1));
    snprintf(epoch, sizeof(epoch), "%s", PQgetvalue(res, 0, 2));
    snprintf(clinic, sizeof(clinic), "%s", PQgetvalue(res, 0, 3));
    PQclear(res);
    res = ctl_pg_exec(c, WA_CLINIC_WHEN_SQL, 2, (const char *[]){doctor_id, epoch});
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "reading the appointment's time");
    if (PQntuples(res) == 1)
        wa_clinic_when("en", atoi(PQgetvalue(res, 0, 0)), atoi(PQgetvalue(res, 0, 1)), atoi(PQgetvalue(res, 0, 2)),
                       PQgetvalue(res, 0, 3), when, sizeof(when));
    PQclear(res);
    if (!quiet) {
        redisContext *r = ctl_redis_open(ctx);
        if (r == NULL)
            return CTL_EXIT_UNREACHABLE;
        char *text = wa_clinic_text_cancelled("en", clinic, when, NULL);
        snprintf(out_id, sizeof(out_id), "apptcancel:%s", appt);
        snprintf(created, sizeof(created), "%lld", wa_now_ms());
        char *message = wa_text_message_json(text);
        wa_out_msg_t m = wa_out_msg_manual(out_id, doctor_id, wa_id, "text", message, created);
        wa_cmd_t cmd;
        wa_cmd_init(&cmd);
        wa_out_msg_xadd(&cmd, ctx->cfg.key_out, &m);
        redisReply *rep = cmd.overflow ? NULL : wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
        free(message);
        free(text);
        int rc = CTL_EXIT_OK;
        if (rep == NULL || rep->type == REDIS_REPLY_ERROR)
            rc = ctl_redis_fail(r, rep, "XADD");
        else
            freeReplyObject(rep);
        redisFree(r);
        if (rc != CTL_EXIT_OK)
            return rc;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", appt);
        ctl_json_add_str(doc, "status", "cancelled");
        ctl_json_add_str(doc, "notified", quiet ? NULL : out_id);
        return ctl_json_print(doc);
    }
    printf("cancelled %s (%s)%s\n", appt, when, quiet ? "" : "; the patient is told");
    return CTL_EXIT_OK;
}

static int block(PGconn *c, const char *id, const char *day, const char *reason, int on)
{
    const char *p[] = {id, day, reason};
    PGresult *res =
        on ? ctl_pg_exec(c,
                         "INSERT INTO clinic_blocked_days (doctor_id, day, reason) VALUES ($1, $2::date, $3)"
                         " ON CONFLICT (doctor_id, day) DO UPDATE SET reason = EXCLUDED.reason",
                         3, p)
           : ctl_pg_exec(c, "DELETE FROM clinic_blocked_days WHERE doctor_id = $1 AND day = $2::date", 2, p);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, on ? "blocking the day" : "unblocking the day");
    PQclear(res);
    printf("%s %s\n", on ? "blocked" : "unblocked", day);
    return CTL_EXIT_OK;
}

int ctl_appt_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json, all = 0, quiet = 0;
    const char *reason = NULL, *pos[3] = {NULL, NULL, NULL};
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},   {"all", CTL_OPT_FLAG, &all, 0, 0, 0},
        {"quiet", CTL_OPT_FLAG, &quiet, 0, 0, 0}, {"reason", CTL_OPT_STR, &reason, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},   {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64];
    int npos, rc;

    if (argc == 0) {
        usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if ((npos = ctl_args_parse(argc, argv, opts, pos, 3, err, sizeof(err))) < 0)
        return ctl_usage_error("appt", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    const char *sub = npos > 0 ? pos[0] : "";
    int is_block = strcmp(sub, "block") == 0 || strcmp(sub, "unblock") == 0;
    if (strcmp(sub, "list") == 0 && npos != 2)
        return ctl_usage_error("appt", "expected 'list DOCTOR'");
    if (strcmp(sub, "cancel") == 0 && (npos != 2 || !ctl_is_uuid(pos[1])))
        return ctl_usage_error("appt", "expected 'cancel APPOINTMENT_ID' (the id that 'wactl appt list' shows)");
    if (is_block && (npos != 3 || !ctl_appt_is_day(pos[2])))
        return ctl_usage_error("appt", "expected '%s DOCTOR YYYY-MM-DD'", sub);
    if (strcmp(sub, "list") != 0 && strcmp(sub, "cancel") != 0 && !is_block)
        return ctl_usage_error("appt", "unknown subcommand '%s' (list, cancel, block, unblock)", sub);
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    if (strcmp(sub, "cancel") == 0) {
        rc = cancel(ctx, c, pos[1], quiet, json);
    } else {
        rc = ctl_doctor_resolve(c, "appt", pos[1], id, sizeof(id));
        if (rc == CTL_EXIT_OK)
            rc = strcmp(sub, "list") == 0 ? list(c, id, all, json) : block(c, id, pos[2], reason, sub[0] == 'b');
    }
    PQfinish(c);
    return rc;
}
