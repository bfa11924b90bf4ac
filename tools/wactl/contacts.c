/*
 * `wactl contacts import|export` and `wactl group add|list` (contacts.h): a
 * tenant's contacts from and to CSV with libwa's import (wa/contacts.h, the
 * dashboard's own: the same checks, the same one transaction, the same audit
 * row with actor "wactl"), and its groups (a school's classes, lists), with a
 * class's teachers given by email.
 */
#include "contacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/buf.h"
#include "wa/contacts.h"
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "doctor.h"
#include "table.h"

/* --- contacts -------------------------------------------------------------------------------------------------- */

static void contacts_usage(FILE *f)
{
    fputs("Usage: wactl contacts import --doctor DOCTOR FILE [--basis TEXT] [--dry-run] [--skip-invalid] [--json]\n"
          "       wactl contacts export --doctor DOCTOR [--group NAME] [FILE]\n"
          "\n"
          "import: reads a CSV file (FILE, or - for stdin): a first line naming the columns phone (or user_id),\n"
          "name, child, group (several separated by ';'), language; then one row per child. Every row is checked\n"
          "(numbers with their country code, duplicates, groups the doctor has) and each bad row is reported with\n"
          "its reasons. --dry-run only reports. Otherwise the rows are imported in one transaction: with any bad\n"
          "row nothing is imported (exit 1) unless --skip-invalid. --basis says on what basis these contacts agreed\n"
          "to messages (required to import): they are recorded as opted in by CSV with that basis.\n"
          "export: writes the contacts as CSV (to FILE or stdout): one line per contact and group, with consent\n"
          "and opt-outs; the import reads it back.\n"
          "\n"
          "Example:\n"
          "  wactl contacts import --doctor '+91 98450 00001' parents.csv --dry-run\n"
          "  wactl contacts import --doctor '+91 98450 00001' parents.csv \\\n"
          "      --basis 'Admission form 2026, WhatsApp consent box'\n",
          f);
}

static int resolve(ctl_ctx_t *ctx, const char *command, const char *ref, char *id, size_t idsz)
{
    int rc;
    PGconn *c = ctl_doctor_open(ctx, command, ref, id, idsz, &rc);
    if (c != NULL)
        PQfinish(c);
    return rc;
}

static void print_report(const char *report, int committed_expected)
{
    cJSON *doc = cJSON_Parse(report), *row;
    if (doc == NULL)
        return;
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive(doc, "counts");
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(doc, "rows"))
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(row, "errors"))
        {
            printf("line %d: %s\n", cJSON_GetObjectItemCaseSensitive(row, "line")->valueint, e->valuestring);
        }
    }
    const cJSON *ign;
    cJSON_ArrayForEach(ign, cJSON_GetObjectItemCaseSensitive(doc, "ignored_columns"))
    {
        printf("column '%s' ignored\n", ign->valuestring);
    }
#define N(o, k) (cJSON_GetObjectItemCaseSensitive(o, k) != NULL ? cJSON_GetObjectItemCaseSensitive(o, k)->valueint : 0)
    printf("%d rows: %d valid (%d new, %d updating a contact), %d invalid\n", N(counts, "rows"), N(counts, "valid"),
           N(counts, "new_rows"), N(counts, "update_rows"), N(counts, "invalid"));
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "committed")))
        printf("imported: %d contacts added, %d updated, %d group memberships added\n", N(counts, "added"),
               N(counts, "updated"), N(counts, "memberships"));
    else if (committed_expected)
        printf("nothing imported\n");
#undef N
    cJSON_Delete(doc);
}

static int contacts_import(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *basis = NULL, *pos[1] = {NULL};
    int help = 0, json = ctx->json, dry = 0, skip = 0;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"basis", CTL_OPT_STR, &basis, 0, 0, 0},
        {"dry-run", CTL_OPT_FLAG, &dry, 0, 0, 0},  {"skip-invalid", CTL_OPT_FLAG, &skip, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},    {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64];
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error("contacts import", "%s", err);
    if (help) {
        contacts_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL || doctor[0] == '\0')
        return ctl_usage_error("contacts import", "--doctor is required");
    if (npos != 1)
        return ctl_usage_error("contacts import", "FILE is required (- for stdin)");
    if (!dry && (basis == NULL || strlen(basis) < WA_CONTACTS_MIN_BASIS))
        return ctl_usage_error("contacts import",
                               "--basis is required to import: on what basis did these contacts agree to messages?");
    wa_buf_t b = WA_BUF_INIT;
    FILE *f = strcmp(pos[0], "-") == 0 ? stdin : fopen(pos[0], "rb");
    if (f == NULL) {
        ctl_error("cannot read %s", pos[0]);
        return CTL_EXIT_FAIL;
    }
    int rd = wa_buf_read(&b, f, 32 * 1024 * 1024);
    if (f != stdin)
        fclose(f);
    if (rd != 0) {
        wa_buf_dispose(&b);
        ctl_error(rd == -2 ? "%s is larger than 32 MiB" : "cannot read %s", pos[0]);
        return CTL_EXIT_FAIL;
    }
    int rc = resolve(ctx, "contacts import", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        wa_buf_dispose(&b);
        return rc;
    }
    wa_pg_t *pg = wa_pg_create(ctx->cfg.database_url);
    char *report = NULL;
    switch (wa_contacts_import(pg, id, wa_buf_str(&b), b.len, basis, !dry, skip, NULL, NULL, "wactl", &report, err,
                               sizeof(err))) {
    case WA_IMPORT_OK:
        rc = CTL_EXIT_OK;
        break;
    case WA_IMPORT_BAD_ROWS:
        rc = CTL_EXIT_FAIL;
        break;
    case WA_IMPORT_BAD_FILE:
        ctl_error("%s: %s", pos[0], err);
        rc = CTL_EXIT_FAIL;
        break;
    default:
        ctl_error("%s", err);
        rc = CTL_EXIT_UNREACHABLE;
        break;
    }
    wa_pg_destroy(pg);
    wa_buf_dispose(&b);
    if (report != NULL) {
        if (json)
            printf("%s\n", report);
        else
            print_report(report, !dry);
        /* a dry run with bad rows is a failure too: scripts check the file before importing it */
        if (dry && strstr(report, "\"invalid\":0,") == NULL)
            rc = CTL_EXIT_FAIL;
        free(report);
    }
    return rc;
}

static int contacts_export(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *group = NULL, *pos[1] = {NULL};
    int help = 0;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"group", CTL_OPT_STR, &group, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64], gid[64] = "";
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error("contacts export", "%s", err);
    if (help) {
        contacts_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL || doctor[0] == '\0')
        return ctl_usage_error("contacts export", "--doctor is required");
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    int rc = ctl_doctor_resolve(c, "contacts export", doctor, id, sizeof(id));
    if (rc == CTL_EXIT_OK && group != NULL) {
        const char *params[] = {id, group};
        PGresult *res =
            ctl_pg_exec(c, "SELECT id::text FROM groups WHERE doctor_id = $1 AND lower(name) = lower($2)", 2, params);
        if (!ctl_pg_ok(res)) {
            rc = ctl_pg_fail(c, res, "finding the group");
        } else {
            if (PQntuples(res) == 1)
                snprintf(gid, sizeof(gid), "%s", PQgetvalue(res, 0, 0));
            else {
                ctl_error("no group '%s' (see 'wactl group list --doctor %s')", group, doctor);
                rc = CTL_EXIT_FAIL;
            }
            PQclear(res);
        }
    }
    PQfinish(c);
    if (rc != CTL_EXIT_OK)
        return rc;
    wa_pg_t *pg = wa_pg_create(ctx->cfg.database_url);
    char *csv = wa_contacts_export(pg, id, gid[0] != '\0' ? gid : NULL, NULL);
    wa_pg_destroy(pg);
    if (csv == NULL) {
        ctl_error("the database did not answer");
        return CTL_EXIT_UNREACHABLE;
    }
    FILE *out = npos == 1 && strcmp(pos[0], "-") != 0 ? fopen(pos[0], "wb") : stdout;
    if (out == NULL) {
        free(csv);
        ctl_error("cannot write %s", pos[0]);
        return CTL_EXIT_FAIL;
    }
    size_t n = strlen(csv);
    rc = fwrite(csv, 1, n, out) == n ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    if (out != stdout && fclose(out) != 0)
        rc = CTL_EXIT_FAIL;
    free(csv);
    return rc;
}

int ctl_contacts_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"import", contacts_import},
        {"export", contacts_export},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "contacts", cmds, contacts_usage, argc, argv);
}

/* --- groups ---------------------------------------------------------------------------------------------------- */

static void group_usage(FILE *f)
{
    fputs("Usage: wactl group add --doctor DOCTOR --name NAME [--kind class|list] [--teacher EMAIL ...] [--json]\n"
          "       wactl group list --doctor DOCTOR [--json]\n"
          "\n"
          "A doctor's groups: a school's classes (kind class, with their teachers: users whose role is teacher)\n"
          "and lists (kind list: \"All parents\", a clinic's \"Diabetes follow-up\"). Contacts join them by the CSV\n"
          "import's group column or in the dashboard.\n"
          "\n"
          "Example:\n"
          "  wactl group add --doctor '+91 98450 00001' --name 'Class 1A' --kind class --teacher asha@school.test\n",
          f);
}

static int group_add(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *name = NULL, *kind = "list", *teachers_v[20];
    ctl_strlist_t teachers = {teachers_v, 0, 20};
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"name", CTL_OPT_STR, &name, 0, 0, 0},
        {"kind", CTL_OPT_STR, &kind, 0, 0, 0},     {"teacher", CTL_OPT_LIST, &teachers, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},    {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("group add", "%s", err);
    if (help) {
        group_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL || name == NULL || name[0] == '\0')
        return ctl_usage_error("group add", "--doctor and --name are required");
    if (strcmp(kind, "class") != 0 && strcmp(kind, "list") != 0)
        return ctl_usage_error("group add", "--kind is class or list");
    if (strlen(name) > WA_CONTACTS_MAX_GROUP || strchr(name, ';') != NULL || name[0] == ' ' ||
        name[strlen(name) - 1] == ' ')
        return ctl_usage_error("group add", "--name: 1 to %d bytes, no ';', no surrounding spaces",
                               WA_CONTACTS_MAX_GROUP);
    int rc;
    PGconn *c = ctl_doctor_open(ctx, "group add", doctor, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    cJSON *emails = cJSON_CreateArray();
    for (size_t i = 0; i < teachers.n; i++)
        if (emails == NULL || !cJSON_AddItemToArray(emails, cJSON_CreateString(teachers.items[i])))
            wa_fatal("out of memory");
    char *ej = cJSON_PrintUnformatted(emails);
    cJSON_Delete(emails);
    if (ej == NULL)
        wa_fatal("out of memory");
    /* one statement: the group, its teachers (every email a teacher of this doctor, else nothing is added), audit */
    const char *params[] = {id, name, kind, ej};
    PGresult *res = ctl_pg_exec(
        c,
        "WITH t AS (SELECT u.id, u.email FROM users u WHERE u.doctor_id = $1 AND u.role = 'teacher'"
        " AND lower(u.email) IN (SELECT lower(jsonb_array_elements_text($4::jsonb)))),"
        " ok AS (SELECT (SELECT count(*) FROM t) = (SELECT count(DISTINCT lower(e)) FROM"
        " jsonb_array_elements_text($4::jsonb) e) AS all_found),"
        " g AS (INSERT INTO groups (doctor_id, name, kind) SELECT $1, $2, $3 FROM ok WHERE all_found"
        " RETURNING id),"
        " ug AS (INSERT INTO user_groups (user_id, group_id, doctor_id) SELECT t.id, g.id, $1 FROM t, g),"
        " aud AS (INSERT INTO audit_log (doctor_id, actor, action, target, after) SELECT $1, 'wactl', 'group.create',"
        " 'group:' || g.id, jsonb_build_object('name', $2::text, 'kind', $3::text, 'teachers', (SELECT count(*) FROM "
        "t))"
        " FROM g)"
        " SELECT (SELECT id::text FROM g), (SELECT all_found FROM ok)",
        4, params);
    free(ej);
    if (!ctl_pg_ok(res)) {
        if (strcmp(ctl_pg_sqlstate(res), "23505") == 0) {
            ctl_error("the doctor has a group named '%s' already", name);
            PQclear(res);
            rc = CTL_EXIT_FAIL;
        } else {
            rc = ctl_pg_fail(c, res, "adding the group");
        }
        PQfinish(c);
        return rc;
    }
    if (strcmp(PQgetvalue(res, 0, 1), "t") != 0) {
        ctl_error("every --teacher must be the email of a user of this doctor whose role is teacher "
                  "(wactl user add --role teacher); nothing added");
        PQclear(res);
        PQfinish(c);
        return CTL_EXIT_FAIL;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", PQgetvalue(res, 0, 0));
        ctl_json_add_str(doc, "name", name);
        ctl_json_add_str(doc, "kind", kind);
        rc = ctl_json_print(doc);
    } else {
        rc = printf("%s\n", PQgetvalue(res, 0, 0)) < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}

static int group_list(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("group list", "%s", err);
    if (help) {
        group_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL)
        return ctl_usage_error("group list", "--doctor is required");
    int rc;
    PGconn *c = ctl_doctor_open(ctx, "group list", doctor, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    const char *params[] = {id};
    PGresult *res = ctl_pg_exec(c,
                                "SELECT g.id::text, g.name, g.kind,"
                                " (SELECT count(DISTINCT patient_id) FROM group_members WHERE group_id = g.id)::text,"
                                " coalesce((SELECT string_agg(u.email, ' ' ORDER BY u.email) FROM user_groups ug"
                                " JOIN users u ON u.id = ug.user_id WHERE ug.group_id = g.id), '')"
                                " FROM groups g WHERE g.doctor_id = $1 ORDER BY g.kind, lower(g.name)",
                                1, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "listing the groups");
        PQfinish(c);
        return rc;
    }
    if (json) {
        cJSON *doc = cJSON_CreateArray();
        for (int r = 0; r < PQntuples(res); r++) {
            cJSON *o = cJSON_CreateObject();
            if (doc == NULL || o == NULL || !cJSON_AddItemToArray(doc, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "id", PQgetvalue(res, r, 0));
            ctl_json_add_str(o, "name", PQgetvalue(res, r, 1));
            ctl_json_add_str(o, "kind", PQgetvalue(res, r, 2));
            if (cJSON_AddNumberToObject(o, "members", atof(PQgetvalue(res, r, 3))) == NULL)
                wa_fatal("out of memory");
            ctl_json_add_str(o, "teachers", PQgetvalue(res, r, 4));
        }
        rc = ctl_json_print(doc);
    } else {
        static const char *const headers[] = {"ID", "NAME", "KIND", "MEMBERS", "TEACHERS"};
        ctl_table_t *t = ctl_table_create(5, headers);
        ctl_table_align_right(t, 3);
        for (int r = 0; r < PQntuples(res); r++) {
            const char *cells[] = {PQgetvalue(res, r, 0), PQgetvalue(res, r, 1), PQgetvalue(res, r, 2),
                                   PQgetvalue(res, r, 3), PQgetvalue(res, r, 4)};
            ctl_table_add_row(t, cells);
        }
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
        ctl_table_destroy(t);
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}

int ctl_group_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"add", group_add},
        {"list", group_list},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "group", cmds, group_usage, argc, argv);
}
