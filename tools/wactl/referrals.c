/*
 * `wactl referrals` (see referrals.h): two statements, the per-doctor totals and the per-referrer counts, each
 * grouped by doctor so that two doctors' referrals never add up; printed as two tables or one JSON document.
 */
#include "referrals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#include "args.h"
#include "conn.h"
#include "doctor.h"
#include "table.h"

static void usage(FILE *f)
{
    fputs("Usage: wactl referrals [--doctor ID|NUMBER] [--json]\n"
          "\n"
          "Referral counts. Patients get their code with \"refer\"; a new patient whose first message carries it is\n"
          "recorded as referred by them (once, never by themselves). The first table has one row per doctor: codes\n"
          "handed out, patients referred, patients who referred someone. The second has one row per referrer: the\n"
          "doctor, the referrer's number and name, their code, how many patients they referred and when the last\n"
          "one came (UTC). Without --doctor every doctor with a code or a referral is shown.\n"
          "\n"
          "Examples:\n"
          "  wactl referrals --doctor 919845000001\n"
          "  wactl referrals --json\n",
          f);
}

static double num(const PGresult *res, int row, int col)
{
    return strtod(PQgetvalue(res, row, col), NULL);
}

int ctl_referrals_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("referrals", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (opts[0].seen && (doctor == NULL || doctor[0] == '\0'))
        return ctl_usage_error("referrals", "--doctor needs a doctor's id or phone number");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64] = "";
    int rc = CTL_EXIT_OK;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, "referrals", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *params[] = {id[0] != '\0' ? id : NULL};
    PGresult *docs = ctl_pg_exec(
        c,
        "SELECT d.id, d.phone_digits, d.name, d.clinic_name, coalesce(k.n, 0), coalesce(r.n, 0), coalesce(r.people, 0)"
        " FROM doctors d"
        " LEFT JOIN (SELECT doctor_id, count(*) AS n FROM referral_codes GROUP BY doctor_id) k ON k.doctor_id = d.id"
        " LEFT JOIN (SELECT doctor_id, count(*) AS n, count(DISTINCT referrer_id) AS people FROM referrals"
        " GROUP BY doctor_id) r ON r.doctor_id = d.id"
        " WHERE CASE WHEN $1::uuid IS NULL THEN k.n IS NOT NULL OR r.n IS NOT NULL ELSE d.id = $1::uuid END"
        " ORDER BY coalesce(r.n, 0) DESC, d.name, d.id",
        1, params);
    if (!ctl_pg_ok(docs)) {
        rc = ctl_pg_fail(c, docs, "counting the referrals");
        PQfinish(c);
        return rc;
    }
    PGresult *refs =
        ctl_pg_exec(c,
                    "SELECT f.doctor_id, d.phone_digits, p.wa_id, p.profile_name, k.code, count(*),"
                    " to_char(max(f.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
                    " to_char(max(f.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                    " FROM referrals f JOIN patients p ON p.id = f.referrer_id JOIN doctors d ON d.id = f.doctor_id"
                    " LEFT JOIN referral_codes k ON k.doctor_id = f.doctor_id AND k.patient_id = f.referrer_id"
                    " WHERE $1::uuid IS NULL OR f.doctor_id = $1::uuid"
                    " GROUP BY f.doctor_id, d.phone_digits, p.wa_id, p.profile_name, k.code"
                    " ORDER BY d.phone_digits, count(*) DESC, p.wa_id",
                    1, params);
    if (!ctl_pg_ok(refs)) {
        PQclear(docs);
        rc = ctl_pg_fail(c, refs, "counting the referrals per referrer");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    int ndocs = PQntuples(docs), nrefs = PQntuples(refs);
#define VAL(res, row, col) (PQgetisnull((res), (row), (col)) ? NULL : PQgetvalue((res), (row), (col)))
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *da = cJSON_CreateArray(), *ra = cJSON_CreateArray();
        if (doc == NULL || da == NULL || ra == NULL || !cJSON_AddItemToObject(doc, "doctors", da) ||
            !cJSON_AddItemToObject(doc, "referrers", ra))
            wa_fatal("out of memory");
        for (int i = 0; i < ndocs; i++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(da, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "doctor_id", VAL(docs, i, 0));
            ctl_json_add_str(o, "phone", VAL(docs, i, 1));
            ctl_json_add_str(o, "name", VAL(docs, i, 2));
            ctl_json_add_str(o, "clinic", VAL(docs, i, 3));
            if (cJSON_AddNumberToObject(o, "codes", num(docs, i, 4)) == NULL ||
                cJSON_AddNumberToObject(o, "referrals", num(docs, i, 5)) == NULL ||
                cJSON_AddNumberToObject(o, "referrers", num(docs, i, 6)) == NULL)
                wa_fatal("out of memory");
        }
        for (int i = 0; i < nrefs; i++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(ra, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "doctor_id", VAL(refs, i, 0));
            ctl_json_add_str(o, "doctor_phone", VAL(refs, i, 1));
            ctl_json_add_str(o, "wa_id", VAL(refs, i, 2));
            ctl_json_add_str(o, "name", VAL(refs, i, 3));
            ctl_json_add_str(o, "code", VAL(refs, i, 4));
            ctl_json_add_str(o, "last_at", VAL(refs, i, 7));
            if (cJSON_AddNumberToObject(o, "referred", num(refs, i, 5)) == NULL)
                wa_fatal("out of memory");
        }
        rc = ctl_json_print(doc);
    } else if (ndocs == 0) {
        fputs("no referral codes or referrals yet\n", stderr);
    } else {
        static const char *const dh[] = {"DOCTOR", "NAME", "CLINIC", "CODES", "REFERRALS", "REFERRERS"};
        ctl_table_t *t = ctl_table_create(6, dh);
        for (size_t col = 3; col < 6; col++)
            ctl_table_align_right(t, col);
        ctl_table_max_width(t, 1, 30);
        ctl_table_max_width(t, 2, 30);
        for (int i = 0; i < ndocs; i++) {
            const char *cells[] = {VAL(docs, i, 1), VAL(docs, i, 2), VAL(docs, i, 3),
                                   VAL(docs, i, 4), VAL(docs, i, 5), VAL(docs, i, 6)};
            ctl_table_add_row(t, cells);
        }
        if (ctl_table_print(t, stdout) != 0)
            rc = CTL_EXIT_FAIL;
        ctl_table_destroy(t);
        if (nrefs > 0) {
            static const char *const rh[] = {"DOCTOR", "REFERRER", "NAME", "CODE", "REFERRED", "LAST (UTC)"};
            t = ctl_table_create(6, rh);
            ctl_table_align_right(t, 4);
            ctl_table_max_width(t, 2, 30);
            for (int i = 0; i < nrefs; i++) {
                const char *cells[] = {VAL(refs, i, 1), VAL(refs, i, 2), VAL(refs, i, 3),
                                       VAL(refs, i, 4), VAL(refs, i, 5), VAL(refs, i, 6)};
                ctl_table_add_row(t, cells);
            }
            if (fputs("\n", stdout) == EOF || ctl_table_print(t, stdout) != 0)
                rc = CTL_EXIT_FAIL;
            ctl_table_destroy(t);
        }
    }
#undef VAL
    PQclear(docs);
    PQclear(refs);
    return rc;
}
