/*
 * `wactl broadcast` (see broadcast.h). create resolves the doctor, the template (an APPROVED one) and the groups (by
 * name or id, of that doctor only) and calls broadcast_create, which plans the recipients in one statement; list
 * and show print broadcast_report; pause, resume and cancel call broadcast_control. Every change is in the audit log
 * with the actor "wactl".
 */
#include "broadcast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#include "args.h"
#include "conn.h"
#include "doctor.h"
#include "table.h"

#define MAX_LIST 50

static void group_usage(FILE *f)
{
    fputs("Usage: wactl broadcast <create|list|show|pause|resume|cancel> [options]\n"
          "\n"
          "A tenant's broadcasts: an approved template sent to its groups (a school's classes, lists) or to the\n"
          "patients with an appointment on a day, once per person, contacts without consent or opted out skipped,\n"
          "paced by wa-sender within the number's rate and messaging limit.\n"
          "\n"
          "  create   compose and send now, at a time, weekly, or keep a draft\n"
          "  list     a tenant's broadcasts with their counts\n"
          "  show     one broadcast's report (--recipients: each person's state)\n"
          "  pause, resume, cancel ID\n"
          "\n"
          "Each takes --help. Example:\n"
          "  wactl broadcast create --doctor 919845000001 --template class_notice --group 'Class 1A' \\\n"
          "      --var child_name --var 'text:school is closed on Friday'\n",
          f);
}

static void create_usage(FILE *f)
{
    fputs("Usage: wactl broadcast create --doctor ID|NUMBER --template NAME [--language L]\n"
          "         (--group NAME|ID ... | --appointments-on YYYY-MM-DD) [--var SOURCE ...] [--name TEXT]\n"
          "         [--at 'YYYY-MM-DD HH:MM' | --weekly DAY@HH:MM | --draft] [--json]\n"
          "\n"
          "--var gives the template's body parameters {{1}}, {{2}} ... in order: child_name (the recipient's\n"
          "children in the chosen groups), contact_name, or text:FIXED TEXT. --at is a local time of the tenant's\n"
          "time zone; --weekly DAY@HH:MM (DAY 1-7, Monday 1) repeats it every week. Prints the new broadcast's id.\n"
          "\n"
          "Example:\n"
          "  wactl broadcast create --doctor 919845000001 --template closed_notice --appointments-on 2026-12-06 \\\n"
          "      --var contact_name\n",
          f);
}

static void simple_usage(FILE *f, const char *what)
{
    fprintf(f, "Usage: wactl broadcast %s%s [--json]\n\nExample:\n  wactl broadcast %s%s\n", what,
            strcmp(what, "list") == 0 ? " [--doctor ID|NUMBER] [--limit N]" : " ID", what,
            strcmp(what, "list") == 0 ? " --doctor 919845000001" : " 6f1c0c1e-0000-4000-8000-000000000000");
}

static int audit(PGconn *c, const char *doctor_id, const char *action, const char *id, const char *after)
{
    char target[64];
    snprintf(target, sizeof(target), "broadcast:%s", id);
    const char *p[] = {doctor_id, action, target, after};
    PGresult *res = ctl_pg_exec(c,
                                "INSERT INTO audit_log (doctor_id, actor, action, target, after)"
                                " VALUES ($1, 'wactl', $2, $3, $4::jsonb)",
                                4, p);
    int ok = ctl_pg_ok(res);
    PQclear(res);
    return ok ? 0 : -1;
}

static int create(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *tname = NULL, *lang = NULL, *appt = NULL, *name = NULL, *at = NULL, *weekly = NULL;
    const char *groups_v[MAX_LIST], *vars_v[MAX_LIST];
    ctl_strlist_t groups = {groups_v, 0, MAX_LIST}, vars = {vars_v, 0, 20};
    int help = 0, json = ctx->json, draft = 0;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"template", CTL_OPT_STR, &tname, 0, 0, 0},
        {"language", CTL_OPT_STR, &lang, 0, 0, 0},
        {"group", CTL_OPT_LIST, &groups, 0, 0, 0},
        {"appointments-on", CTL_OPT_STR, &appt, 0, 0, 0},
        {"var", CTL_OPT_LIST, &vars, 0, 0, 0},
        {"name", CTL_OPT_STR, &name, 0, 0, 0},
        {"at", CTL_OPT_STR, &at, 0, 0, 0},
        {"weekly", CTL_OPT_STR, &weekly, 0, 0, 0},
        {"draft", CTL_OPT_FLAG, &draft, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("broadcast create", "%s", err);
    if (help) {
        create_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL || tname == NULL)
        return ctl_usage_error("broadcast create", "--doctor and --template are required");
    if (groups.n == 0 && appt == NULL)
        return ctl_usage_error("broadcast create", "--group (one or more) or --appointments-on is required");
    if ((at != NULL) + (weekly != NULL) + draft > 1)
        return ctl_usage_error("broadcast create", "--at, --weekly and --draft exclude each other");

    cJSON *varr = cJSON_CreateArray(), *garr = cJSON_CreateArray();
    if (varr == NULL || garr == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < vars.n; i++) {
        const char *v = vars.items[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
            wa_fatal("out of memory");
        if (strcmp(v, "child_name") == 0 || strcmp(v, "contact_name") == 0) {
            cJSON_AddStringToObject(o, "source", v);
        } else if (strncmp(v, "text:", 5) == 0 && v[5] != '\0') {
            cJSON_AddStringToObject(o, "source", "text");
            cJSON_AddStringToObject(o, "text", v + 5);
        } else {
            cJSON_Delete(o);
            cJSON_Delete(varr);
            cJSON_Delete(garr);
            return ctl_usage_error("broadcast create", "--var '%s': child_name, contact_name or text:TEXT", v);
        }
        cJSON_AddItemToArray(varr, o);
    }
    for (size_t i = 0; i < groups.n; i++)
        cJSON_AddItemToArray(garr, cJSON_CreateString(groups.items[i]));
    char *vars_json = cJSON_PrintUnformatted(varr), *groups_json = cJSON_PrintUnformatted(garr);
    cJSON_Delete(varr);
    cJSON_Delete(garr);
    char rec[96] = "";
    int wday = 0;
    char wtime[8] = "";
    if (weekly != NULL) {
        if (sscanf(weekly, "%d@%5s", &wday, wtime) != 2 || wday < 1 || wday > 7 || strlen(wtime) != 5) {
            free(vars_json);
            free(groups_json);
            return ctl_usage_error("broadcast create", "--weekly DAY@HH:MM, DAY 1-7 (Monday 1)");
        }
        snprintf(rec, sizeof(rec), "{\"weekly\":{\"day\":%d,\"time\":\"%s\"}}", wday, wtime);
    }
    const char *mode = draft ? "draft" : weekly != NULL ? "weekly" : at != NULL ? "scheduled" : "now";

    PGconn *c = ctl_pg_open(ctx);
    int rc = CTL_EXIT_OK;
    if (c == NULL) {
        free(vars_json);
        free(groups_json);
        return CTL_EXIT_UNREACHABLE;
    }
    char id[64];
    if ((rc = ctl_doctor_resolve(c, "broadcast create", doctor, id, sizeof(id))) != CTL_EXIT_OK)
        goto out;
    /* the template (approved), and the groups by id or name (this doctor's: the count must match) */
    const char *cp[] = {id, tname, lang, groups_json};
    PGresult *res = ctl_pg_exec(
        c,
        "SELECT (SELECT t.language FROM templates t WHERE t.doctor_id = $1 AND t.name = $2 AND t.status = 'APPROVED'"
        "   AND ($3::text IS NULL OR replace(t.language, '-', '_') = replace($3, '-', '_')) ORDER BY t.language"
        "   LIMIT 1),"
        " (SELECT t.category FROM templates t WHERE t.doctor_id = $1 AND t.name = $2 AND t.status = 'APPROVED'"
        "   AND ($3::text IS NULL OR replace(t.language, '-', '_') = replace($3, '-', '_')) ORDER BY t.language"
        "   LIMIT 1),"
        " (SELECT coalesce(jsonb_agg(g.id), '[]')::text FROM groups g WHERE g.doctor_id = $1 AND (g.id::text IN"
        "   (SELECT jsonb_array_elements_text($4::jsonb)) OR lower(g.name) IN (SELECT lower(x) FROM"
        "   jsonb_array_elements_text($4::jsonb) x))),"
        " (SELECT count(*) FROM groups g WHERE g.doctor_id = $1 AND (g.id::text IN"
        "   (SELECT jsonb_array_elements_text($4::jsonb)) OR lower(g.name) IN (SELECT lower(x) FROM"
        "   jsonb_array_elements_text($4::jsonb) x)))",
        4, cp);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "checking the template and groups");
        goto out;
    }
    if (PQgetisnull(res, 0, 0)) {
        ctl_error("the doctor has no approved template %s%s%s", tname, lang != NULL ? " in " : "",
                  lang != NULL ? lang : "");
        PQclear(res);
        rc = CTL_EXIT_FAIL;
        goto out;
    }
    if ((size_t)atol(PQgetvalue(res, 0, 3)) != groups.n) {
        ctl_error("some --group is not a group of this doctor (wactl group list)");
        PQclear(res);
        rc = CTL_EXIT_FAIL;
        goto out;
    }
    char tlang[24], tcat[32], gids[4096];
    snprintf(tlang, sizeof(tlang), "%s", PQgetvalue(res, 0, 0));
    snprintf(tcat, sizeof(tcat), "%s", PQgetvalue(res, 0, 1));
    snprintf(gids, sizeof(gids), "%s", PQgetvalue(res, 0, 2));
    PQclear(res);
    const char *p[] = {id,
                       tname,
                       tlang,
                       tcat[0] != '\0' ? tcat : NULL,
                       vars_json,
                       gids,
                       appt,
                       mode,
                       at,
                       rec[0] != '\0' ? rec : NULL,
                       name != NULL ? name : tname};
    res = ctl_pg_exec(c,
                      "SELECT broadcast_create($1::uuid, NULL, 'wactl', $11, $2, $3, $4, $5::jsonb,"
                      " ARRAY(SELECT jsonb_array_elements_text($6::jsonb)::uuid), $7::date, $8, $9::timestamp,"
                      " $10::jsonb)::text",
                      11, p);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "creating the broadcast");
        goto out;
    }
    char bid[64];
    snprintf(bid, sizeof(bid), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    const char *rp[] = {bid};
    res = ctl_pg_exec(c, "SELECT broadcast_report($1::uuid)::text", 1, rp);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the broadcast");
        goto out;
    }
    (void)audit(c, id, "broadcast.create", bid, PQgetvalue(res, 0, 0));
    if (json) {
        cJSON *doc = cJSON_Parse(PQgetvalue(res, 0, 0));
        PQclear(res);
        rc = doc != NULL ? ctl_json_print(doc) : CTL_EXIT_FAIL;
    } else {
        PQclear(res);
        printf("%s\n", bid);
    }
out:
    free(vars_json);
    free(groups_json);
    PQfinish(c);
    return rc;
}

static void print_row(ctl_table_t *t, const cJSON *r)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(r, "counts");
    char cnt[8][24];
    static const char *const keys[] = {"recipients", "sent",      "delivered", "read",
                                       "failed",     "opted_out", "replied",   "pending"};
    for (int i = 0; i < 8; i++)
        snprintf(cnt[i], sizeof(cnt[i]), "%d", (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(n, keys[i])));
    const char *cells[] = {cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id")),
                           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "name")),
                           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "state")),
                           cnt[0],
                           cnt[1],
                           cnt[2],
                           cnt[3],
                           cnt[4],
                           cnt[5],
                           cnt[6],
                           cnt[7]};
    ctl_table_add_row(t, cells);
}

static ctl_table_t *report_table(void)
{
    static const char *const headers[] = {"ID",   "NAME",   "STATE",     "TO",      "SENT",   "DELIVERED",
                                          "READ", "FAILED", "OPTED OUT", "REPLIED", "PENDING"};
    ctl_table_t *t = ctl_table_create(11, headers);
    ctl_table_max_width(t, 1, 30);
    for (size_t i = 3; i < 11; i++)
        ctl_table_align_right(t, i);
    return t;
}

static int list(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    long limit = 50;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"limit", CTL_OPT_LONG, &limit, 1, 10000, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},    {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("broadcast list", "%s", err);
    if (help) {
        simple_usage(stdout, "list");
        return CTL_EXIT_OK;
    }
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64] = "", lim[24];
    int rc = CTL_EXIT_OK;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, "broadcast list", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    snprintf(lim, sizeof(lim), "%ld", limit);
    const char *p[] = {id[0] != '\0' ? id : NULL, lim};
    PGresult *res = ctl_pg_exec(c,
                                "SELECT coalesce(jsonb_agg(broadcast_report(b.id) ORDER BY b.seq DESC), '[]')::text"
                                " FROM (SELECT id, seq FROM broadcasts WHERE ($1::uuid IS NULL OR doctor_id = $1::uuid)"
                                " ORDER BY seq DESC LIMIT $2::int) b",
                                2, p);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "listing the broadcasts");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    cJSON *arr = cJSON_Parse(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (arr == NULL)
        wa_fatal("out of memory");
    if (json)
        return ctl_json_print(arr);
    if (cJSON_GetArraySize(arr) == 0) {
        cJSON_Delete(arr);
        fputs("no broadcasts\n", stderr);
        return CTL_EXIT_OK;
    }
    ctl_table_t *t = report_table();
    const cJSON *r;
    cJSON_ArrayForEach(r, arr) print_row(t, r);
    cJSON_Delete(arr);
    rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    ctl_table_destroy(t);
    return rc;
}

/* show, pause, resume, cancel: one broadcast by id. */
static int one(ctl_ctx_t *ctx, int argc, char **argv, const char *what)
{
    int help = 0, json = ctx->json, recipients = 0;
    const char *pos[1] = {NULL};
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"recipients", CTL_OPT_FLAG, &recipients, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], cmd[32];
    snprintf(cmd, sizeof(cmd), "broadcast %s", what);
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error(cmd, "%s", err);
    if (help) {
        simple_usage(stdout, what);
        return CTL_EXIT_OK;
    }
    if (npos != 1 || !ctl_is_uuid(pos[0]))
        return ctl_usage_error(cmd, "the broadcast's id is required (wactl broadcast list)");
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    int rc = CTL_EXIT_OK;
    const char *p[] = {pos[0], what};
    PGresult *res;
    if (strcmp(what, "show") != 0) {
        res = ctl_pg_exec(
            c, "SELECT broadcast_control(id, doctor_id, $2), doctor_id FROM broadcasts WHERE id = $1::uuid", 2, p);
        if (!ctl_pg_ok(res)) {
            rc = ctl_pg_fail(c, res, "changing the broadcast");
            PQfinish(c);
            return rc;
        }
        if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0)) {
            ctl_error(PQntuples(res) == 0 ? "no broadcast %s" : "broadcast %s: its state does not allow this", pos[0]);
            PQclear(res);
            PQfinish(c);
            return CTL_EXIT_FAIL;
        }
        char after[64], act[32], doc_id[64];
        snprintf(after, sizeof(after), "{\"state\":\"%s\"}", PQgetvalue(res, 0, 0));
        snprintf(act, sizeof(act), "broadcast.%s", what);
        snprintf(doc_id, sizeof(doc_id), "%s", PQgetvalue(res, 0, 1));
        PQclear(res);
        (void)audit(c, doc_id, act, pos[0], after);
    }
    res = ctl_pg_exec(c,
                      "SELECT broadcast_report($1::uuid)::text, (SELECT coalesce(jsonb_agg(jsonb_build_object("
                      "'wa_id', wa_id, 'name', name, 'child_names', child_names, 'state', state, 'error_code',"
                      " error_code, 'error', error_text, 'replied', replied_at IS NOT NULL) ORDER BY id), '[]')::text"
                      " FROM broadcast_recipients WHERE broadcast_id = $1::uuid)"
                      " FROM broadcasts WHERE id = $1::uuid",
                      1, p);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the broadcast");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    if (PQntuples(res) == 0) {
        PQclear(res);
        ctl_error("no broadcast %s", pos[0]);
        return CTL_EXIT_FAIL;
    }
    cJSON *doc = cJSON_Parse(PQgetvalue(res, 0, 0)), *rec = cJSON_Parse(PQgetvalue(res, 0, 1));
    PQclear(res);
    if (doc == NULL || rec == NULL)
        wa_fatal("out of memory");
    if (json) {
        if (recipients)
            cJSON_AddItemToObject(doc, "recipients", rec);
        else
            cJSON_Delete(rec);
        return ctl_json_print(doc);
    }
    ctl_table_t *t = report_table();
    print_row(t, doc);
    rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    ctl_table_destroy(t);
    if (recipients && rc == CTL_EXIT_OK) {
        static const char *const headers[] = {"TO", "NAME", "CHILDREN", "STATE", "ERROR", "REPLIED"};
        ctl_table_t *r = ctl_table_create(6, headers);
        ctl_table_max_width(r, 4, 50);
        const cJSON *x;
        cJSON_ArrayForEach(x, rec)
        {
            const char *cells[] = {cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "wa_id")),
                                   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "name")),
                                   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "child_names")),
                                   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "state")),
                                   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "error")),
                                   cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "replied")) ? "yes" : ""};
            ctl_table_add_row(r, cells);
        }
        putchar('\n');
        rc = ctl_table_print(r, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
        ctl_table_destroy(r);
    }
    cJSON_Delete(rec);
    cJSON_Delete(doc);
    return rc;
}

static int show(ctl_ctx_t *ctx, int argc, char **argv)
{
    return one(ctx, argc, argv, "show");
}

static int pause_(ctl_ctx_t *ctx, int argc, char **argv)
{
    return one(ctx, argc, argv, "pause");
}

static int resume(ctl_ctx_t *ctx, int argc, char **argv)
{
    return one(ctx, argc, argv, "resume");
}

static int cancel(ctl_ctx_t *ctx, int argc, char **argv)
{
    return one(ctx, argc, argv, "cancel");
}

int ctl_broadcast_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"create", create}, {"list", list},     {"show", show}, {"pause", pause_},
        {"resume", resume}, {"cancel", cancel}, {NULL, NULL},
    };
    return ctl_dispatch(ctx, "broadcast", cmds, group_usage, argc, argv);
}
