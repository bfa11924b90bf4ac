/*
 * `wactl doctor add|list|show|disable|enable` (doctor.h): the tenants in
 * PostgreSQL's doctors table. A doctor's number is stored as typed; the
 * table's generated phone_digits column (unique) makes "+91 95458-16728" and
 * "919545816728" the same doctor, so a duplicate is refused by the database
 * itself. `show` adds the credentials state and the doctor's traffic (last
 * message, counts); `disable`/`enable` flip doctors.is_active, which the
 * router reads (a disabled doctor's patients are recorded but not answered).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/log.h"
#include "wa/phone.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "doctor.h"
#include "table.h"

int ctl_doctor_resolve(PGconn *c, const char *command, const char *ref, char *id_out, size_t id_outsz)
{
    char digits[32];
    const char *params[1];
    const char *sql;
    if (ctl_is_uuid(ref)) {
        params[0] = ref;
        sql = "SELECT id FROM doctors WHERE id = $1";
    } else if (wa_phone_digits(ref, digits, sizeof(digits)) > 0) {
        params[0] = digits;
        sql = "SELECT id FROM doctors WHERE phone_digits = $1";
    } else {
        return ctl_usage_error(command, "--doctor '%s' is neither a doctor id (uuid) nor a phone number", ref);
    }
    PGresult *res = ctl_pg_exec(c, sql, 1, params);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "looking up the doctor");
    if (PQntuples(res) == 0) {
        PQclear(res);
        ctl_error("no doctor with %s %s (see 'wactl doctor list')", ctl_is_uuid(ref) ? "id" : "number", ref);
        return CTL_EXIT_FAIL;
    }
    snprintf(id_out, id_outsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return CTL_EXIT_OK;
}

PGconn *ctl_doctor_open(const ctl_ctx_t *ctx, const char *command, const char *ref, char *id_out, size_t id_outsz,
                        int *rc)
{
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        *rc = CTL_EXIT_UNREACHABLE;
        return NULL;
    }
    *rc = ctl_doctor_resolve(c, command, ref, id_out, id_outsz);
    if (*rc != CTL_EXIT_OK) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

static void add_usage(FILE *f)
{
    fputs("Usage: wactl doctor add --name NAME --phone NUMBER --clinic CLINIC [--specialization S] [--address A]\n"
          "                        [--email E] [--phone-number-id ID] [--kind clinic|school] [--json]\n"
          "\n"
          "Adds a doctor (a tenant) and prints its id. The number is stored as given and compared as digits only:\n"
          "a second doctor with the same number is refused (exit 1). --phone-number-id is the Meta phone number id\n"
          "of the doctor's own WhatsApp number, if it has one. --kind school makes the tenant a school (--name is\n"
          "then its principal or contact person, --clinic the school's name): parents, classes and teachers in\n"
          "the dashboard, no appointment or queue flows.\n"
          "\n"
          "Example:\n"
          "  wactl doctor add --name 'Dr. Asha Rao' --phone '+91 98450 00001' --clinic 'Sunrise Family Clinic' \\\n"
          "      --specialization 'General Physician'\n",
          f);
}

static void list_usage(FILE *f)
{
    fputs("Usage: wactl doctor list [--json]\n"
          "\n"
          "Lists the doctors: id, name, phone, clinic, specialization, active.\n"
          "\n"
          "Example:\n"
          "  wactl doctor list --json\n",
          f);
}

static void show_usage(FILE *f)
{
    fputs("Usage: wactl doctor show ID|NUMBER [--json]\n"
          "\n"
          "Shows one doctor (given by id or phone number in any format): profile, active, WhatsApp credentials state\n"
          "(none, valid, invalid, expiring; never the token itself), when they were last checked and expire, the last\n"
          "inbound and outbound message times, and counts of patients, messages in and out, and knowledge-base\n"
          "entries.\n"
          "\n"
          "Example:\n"
          "  wactl doctor show '+91 98450 00001'\n",
          f);
}

static void patients_usage(FILE *f, const char *unused)
{
    (void)unused;
    fputs("Usage: wactl doctor patients ID|NUMBER [--json]\n"
          "\n"
          "Lists a doctor's patients, oldest first: the address the system writes to (the phone number when known,\n"
          "else the business-scoped user id, BSUID, of a patient who hides the number behind a WhatsApp username),\n"
          "the phone, the BSUID and parent BSUID, the @username and profile name (display only), whether the patient\n"
          "opted out, and the last message's time.\n"
          "\n"
          "Example:\n"
          "  wactl doctor patients 919845000001 --json\n",
          f);
}

static void toggle_usage(FILE *f, const char *cmd)
{
    fprintf(f,
            "Usage: wactl doctor %s ID|NUMBER [--json]\n"
            "\n"
            "%s a doctor (doctors.is_active). A disabled doctor's patients are still recorded, but the router does\n"
            "not answer them; the change reaches every router within its tenant cache time (about a second).\n"
            "Doing it twice is not an error.\n"
            "\n"
            "Example:\n"
            "  wactl doctor %s 919845000001\n",
            cmd, strcmp(cmd, "disable") == 0 ? "Disables" : "Enables again", cmd);
}

static void group_usage(FILE *f)
{
    fputs("Usage: wactl doctor <add|list|show|patients|disable|enable> [options]\n"
          "\n"
          "  add      add a doctor (a tenant) and print its id\n"
          "  list     list the doctors\n"
          "  show     one doctor: profile, credentials state, last message, counts\n"
          "  patients the doctor's patients: phone and/or BSUID, username, opt-out\n"
          "  disable  stop answering a doctor's patients (is_active = false)\n"
          "  enable   answer them again\n"
          "\n"
          "Each takes --help. Example:\n"
          "  wactl doctor add --name 'Dr. Asha Rao' --phone '+91 98450 00001' --clinic 'Sunrise Family Clinic'\n",
          f);
}

/* Trims nothing, but treats an empty option value as missing. */
static int given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static int doctor_add(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *name = NULL, *phone = NULL, *clinic = NULL, *spec = NULL, *address = NULL, *email = NULL, *pnid = NULL,
               *kind = "clinic";
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"kind", CTL_OPT_STR, &kind, 0, 0, 0},
        {"name", CTL_OPT_STR, &name, 0, 0, 0},
        {"phone", CTL_OPT_STR, &phone, 0, 0, 0},
        {"clinic", CTL_OPT_STR, &clinic, 0, 0, 0},
        {"specialization", CTL_OPT_STR, &spec, 0, 0, 0},
        {"address", CTL_OPT_STR, &address, 0, 0, 0},
        {"email", CTL_OPT_STR, &email, 0, 0, 0},
        {"phone-number-id", CTL_OPT_STR, &pnid, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("doctor add", "%s", err);
    if (help) {
        add_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!given(name))
        return ctl_usage_error("doctor add", "--name is required");
    if (!given(phone))
        return ctl_usage_error("doctor add", "--phone is required");
    if (!given(clinic))
        return ctl_usage_error("doctor add", "--clinic is required");
    char digits[32];
    if (wa_phone_digits(phone, digits, sizeof(digits)) == 0)
        return ctl_usage_error("doctor add", "--phone '%s' is not a phone number (digits, spaces, +, -, parentheses)",
                               phone);
    if (strcmp(kind, "clinic") != 0 && strcmp(kind, "school") != 0)
        return ctl_usage_error("doctor add", "--kind is clinic or school");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    const char *params[] = {name,
                            phone,
                            clinic,
                            given(spec) ? spec : NULL,
                            given(address) ? address : NULL,
                            given(email) ? email : NULL,
                            given(pnid) ? pnid : NULL,
                            kind};
    PGresult *res = ctl_pg_exec(c,
                                "INSERT INTO doctors (name, phone_number, clinic_name, specialization, clinic_address, "
                                "email, whatsapp_phone_number_id, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                                "RETURNING id, is_active",
                                8, params);
    int rc;
    if (!ctl_pg_ok(res)) {
        if (strcmp(ctl_pg_sqlstate(res), "23505") == 0) { /* doctors_phone_digits_key or phone_number's own */
            ctl_error("a doctor with number %s already exists (see 'wactl doctor list')", phone);
            PQclear(res);
            rc = CTL_EXIT_FAIL;
        } else {
            rc = ctl_pg_fail(c, res, "adding the doctor");
        }
        PQfinish(c);
        return rc;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", PQgetvalue(res, 0, 0));
        ctl_json_add_str(doc, "name", name);
        ctl_json_add_str(doc, "phone", phone);
        ctl_json_add_str(doc, "phone_digits", digits);
        ctl_json_add_str(doc, "clinic", clinic);
        ctl_json_add_str(doc, "specialization", params[3]);
        ctl_json_add_str(doc, "address", params[4]);
        ctl_json_add_str(doc, "email", params[5]);
        ctl_json_add_str(doc, "phone_number_id", params[6]);
        ctl_json_add_str(doc, "kind", kind);
        if (cJSON_AddBoolToObject(doc, "active", strcmp(PQgetvalue(res, 0, 1), "t") == 0) == NULL)
            wa_fatal("out of memory");
        rc = ctl_json_print(doc);
    } else {
        rc = printf("%s\n", PQgetvalue(res, 0, 0)) < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}

static int doctor_list(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("doctor list", "%s", err);
    if (help) {
        list_usage(stdout);
        return CTL_EXIT_OK;
    }
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    PGresult *res = ctl_pg_exec(c,
                                "SELECT id, name, phone_number, clinic_name, specialization, is_active, email, "
                                "clinic_address, whatsapp_phone_number_id, phone_digits, kind FROM doctors "
                                "ORDER BY created_at, name",
                                0, NULL);
    if (!ctl_pg_ok(res)) {
        int rc = ctl_pg_fail(c, res, "listing the doctors");
        PQfinish(c);
        return rc;
    }
    int rc = CTL_EXIT_OK;
    int rows = PQntuples(res);
#define VAL(r, col) (PQgetisnull(res, (r), (col)) ? NULL : PQgetvalue(res, (r), (col)))
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        if (arr == NULL)
            wa_fatal("out of memory");
        for (int r = 0; r < rows; r++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(arr, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "id", VAL(r, 0));
            ctl_json_add_str(o, "name", VAL(r, 1));
            ctl_json_add_str(o, "phone", VAL(r, 2));
            ctl_json_add_str(o, "phone_digits", VAL(r, 9));
            ctl_json_add_str(o, "clinic", VAL(r, 3));
            ctl_json_add_str(o, "specialization", VAL(r, 4));
            ctl_json_add_str(o, "address", VAL(r, 7));
            ctl_json_add_str(o, "email", VAL(r, 6));
            ctl_json_add_str(o, "phone_number_id", VAL(r, 8));
            ctl_json_add_str(o, "kind", VAL(r, 10));
            if (cJSON_AddBoolToObject(o, "active", strcmp(PQgetvalue(res, r, 5), "t") == 0) == NULL)
                wa_fatal("out of memory");
        }
        rc = ctl_json_print(arr);
    } else if (rows == 0) {
        fputs("no doctors yet (add one with 'wactl doctor add')\n", stderr);
    } else {
        static const char *const headers[] = {"ID", "NAME", "PHONE", "CLINIC", "SPECIALIZATION", "ACTIVE"};
        ctl_table_t *t = ctl_table_create(6, headers);
        ctl_table_max_width(t, 1, 32);
        ctl_table_max_width(t, 3, 32);
        ctl_table_max_width(t, 4, 24);
        for (int r = 0; r < rows; r++) {
            const char *cells[] = {VAL(r, 0), VAL(r, 1), VAL(r, 2),
                                   VAL(r, 3), VAL(r, 4), strcmp(PQgetvalue(res, r, 5), "t") == 0 ? "yes" : "no"};
            ctl_table_add_row(t, cells);
        }
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
        ctl_table_destroy(t);
    }
#undef VAL
    PQclear(res);
    PQfinish(c);
    return rc;
}

/* Parses "<cmd> ID|NUMBER [--json] [--help]"; returns -1 after printing help (rc = 0) or a usage error (rc = 2). */
static int one_doctor_args(ctl_ctx_t *ctx, const char *command, int argc, char **argv, const char **ref, int *json,
                           int *rc, void (*help_fn)(FILE *, const char *))
{
    int help = 0;
    *json = ctx->json;
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    const char *pos[1] = {NULL};
    char err[256];
    int n = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (n < 0) {
        *rc = ctl_usage_error(command, "%s", err);
        return -1;
    }
    if (help) {
        help_fn(stdout, command + strlen("doctor "));
        *rc = CTL_EXIT_OK;
        return -1;
    }
    if (n == 0 || !given(pos[0])) {
        *rc = ctl_usage_error(command, "which doctor? give its id or phone number");
        return -1;
    }
    *ref = pos[0];
    return 0;
}

static void show_usage_cb(FILE *f, const char *unused)
{
    show_usage(f);
}

static int doctor_patients(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *ref = NULL;
    int json = 0, rc = 0;
    if (one_doctor_args(ctx, "doctor patients", argc, argv, &ref, &json, &rc, patients_usage) != 0)
        return rc;
    char id[64];
    PGconn *c = ctl_doctor_open(ctx, "doctor patients", ref, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    const char *params[] = {id};
    /* the address is the phone unless it is the BSUID itself (015_bsuid.sql) */
    PGresult *res = ctl_pg_exec(c,
                                "SELECT wa_id, CASE WHEN wa_id IS DISTINCT FROM user_id AND wa_id !~ '^[A-Z]{2}[.]'"
                                " THEN wa_id END, user_id, parent_user_id, username, profile_name, opted_out,"
                                " to_char(last_inbound_at, 'YYYY-MM-DD HH24:MI') FROM patients WHERE doctor_id = $1"
                                " ORDER BY created_at, id",
                                1, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "listing the patients");
        PQfinish(c);
        return rc;
    }
    int rows = PQntuples(res);
#define VAL(r, col) (PQgetisnull(res, (r), (col)) ? NULL : PQgetvalue(res, (r), (col)))
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr;
        if (doc == NULL || (arr = cJSON_AddArrayToObject(doc, "patients")) == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "doctor_id", id);
        for (int r = 0; r < rows; r++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(arr, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "address", VAL(r, 0));
            ctl_json_add_str(o, "phone", VAL(r, 1));
            ctl_json_add_str(o, "user_id", VAL(r, 2));
            ctl_json_add_str(o, "parent_user_id", VAL(r, 3));
            ctl_json_add_str(o, "username", VAL(r, 4));
            ctl_json_add_str(o, "name", VAL(r, 5));
            if (cJSON_AddBoolToObject(o, "opted_out", strcmp(PQgetvalue(res, r, 6), "t") == 0) == NULL)
                wa_fatal("out of memory");
            ctl_json_add_str(o, "last_inbound_at", VAL(r, 7));
        }
        rc = ctl_json_print(doc);
    } else if (rows == 0) {
        fputs("no patients yet\n", stderr);
    } else {
        static const char *const headers[] = {"PHONE", "BSUID", "USERNAME", "NAME", "OPTED OUT", "LAST MESSAGE"};
        ctl_table_t *t = ctl_table_create(6, headers);
        char user[200];
        ctl_table_max_width(t, 1, 40);
        ctl_table_max_width(t, 3, 32);
        for (int r = 0; r < rows; r++) {
            if (VAL(r, 4) != NULL)
                snprintf(user, sizeof(user), "@%s", VAL(r, 4));
            const char *cells[] = {VAL(r, 1) != NULL ? VAL(r, 1) : "-",
                                   VAL(r, 2) != NULL ? VAL(r, 2) : "-",
                                   VAL(r, 4) != NULL ? user : "-",
                                   VAL(r, 5) != NULL ? VAL(r, 5) : "",
                                   strcmp(PQgetvalue(res, r, 6), "t") == 0 ? "yes" : "no",
                                   VAL(r, 7) != NULL ? VAL(r, 7) : ""};
            ctl_table_add_row(t, cells);
        }
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
        ctl_table_destroy(t);
    }
#undef VAL
    PQclear(res);
    PQfinish(c);
    return rc;
}

static int doctor_show(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *ref = NULL;
    int json = 0, rc = 0;
    if (one_doctor_args(ctx, "doctor show", argc, argv, &ref, &json, &rc, show_usage_cb) != 0)
        return rc;
    char id[64];
    PGconn *c = ctl_doctor_open(ctx, "doctor show", ref, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    const char *params[] = {id};
    /* one row; every count filters by doctor_id (the tenant) */
    PGresult *res = ctl_pg_exec(
        c,
        "SELECT d.id, d.name, d.phone_number, d.phone_digits, d.clinic_name, d.specialization, d.clinic_address, "
        "d.email, d.is_active, d.whatsapp_phone_number_id, d.whatsapp_business_account_id, d.credentials_state, "
        "to_char(d.credentials_checked_at, 'YYYY-MM-DD HH24:MI:SSOF'), d.credentials_error, "
        "to_char(d.whatsapp_token_expires_at, 'YYYY-MM-DD HH24:MI:SSOF'), "
        "(d.whatsapp_access_token IS NOT NULL) AS has_token, d.allow_master_fallback, "
        "to_char(d.created_at, 'YYYY-MM-DD HH24:MI:SSOF'), "
        "(SELECT count(*) FROM patients p WHERE p.doctor_id = d.id), "
        "(SELECT count(*) FROM messages m WHERE m.doctor_id = d.id AND m.direction = 'in'), "
        "(SELECT count(*) FROM messages m WHERE m.doctor_id = d.id AND m.direction = 'out'), "
        "(SELECT count(*) FROM kb_entries k WHERE k.doctor_id = d.id), "
        "(SELECT to_char(max(m.created_at), 'YYYY-MM-DD HH24:MI:SSOF') FROM messages m "
        "  WHERE m.doctor_id = d.id AND m.direction = 'in'), "
        "(SELECT to_char(max(m.created_at), 'YYYY-MM-DD HH24:MI:SSOF') FROM messages m "
        "  WHERE m.doctor_id = d.id AND m.direction = 'out') "
        "FROM doctors d WHERE d.id = $1",
        1, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the doctor");
        PQfinish(c);
        return rc;
    }
    if (PQntuples(res) != 1) { /* deleted between the lookup and now */
        PQclear(res);
        PQfinish(c);
        ctl_error("no doctor with id %s any more", id);
        return CTL_EXIT_FAIL;
    }
#define VAL(col) (PQgetisnull(res, 0, (col)) ? NULL : PQgetvalue(res, 0, (col)))
#define BOOL(col) (strcmp(PQgetvalue(res, 0, (col)), "t") == 0)
    static const char *const names[] = {"id",
                                        "name",
                                        "phone",
                                        "phone_digits",
                                        "clinic",
                                        "specialization",
                                        "address",
                                        "email",
                                        "active",
                                        "phone_number_id",
                                        "business_account_id",
                                        "credentials_state",
                                        "credentials_checked_at",
                                        "credentials_error",
                                        "token_expires_at",
                                        "has_token",
                                        "allow_master_fallback",
                                        "created_at",
                                        "patients",
                                        "messages_in",
                                        "messages_out",
                                        "kb_entries",
                                        "last_inbound_at",
                                        "last_outbound_at"};
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        for (int col = 0; col < 24; col++) {
            if (col == 8 || col == 15 || col == 16) {
                if (cJSON_AddBoolToObject(doc, names[col], BOOL(col)) == NULL)
                    wa_fatal("out of memory");
            } else if (col >= 18 && col <= 21) {
                if (cJSON_AddNumberToObject(doc, names[col], strtod(PQgetvalue(res, 0, col), NULL)) == NULL)
                    wa_fatal("out of memory");
            } else {
                ctl_json_add_str(doc, names[col], VAL(col));
            }
        }
        rc = ctl_json_print(doc);
    } else {
        static const char *const headers[] = {"FIELD", "VALUE"};
        ctl_table_t *t = ctl_table_create(2, headers);
        ctl_table_max_width(t, 1, 80);
        for (int col = 0; col < 24; col++) {
            if (col == 3)
                continue; /* phone_digits: the phone says it */
            const char *v = VAL(col);
            if (col == 8 || col == 15 || col == 16)
                v = BOOL(col) ? "yes" : "no";
            const char *cells[] = {names[col], v};
            ctl_table_add_row(t, cells);
        }
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
        ctl_table_destroy(t);
    }
#undef VAL
#undef BOOL
    PQclear(res);
    PQfinish(c);
    return rc;
}

static int doctor_set_active(ctl_ctx_t *ctx, int argc, char **argv, int active)
{
    const char *command = active ? "doctor enable" : "doctor disable";
    const char *ref = NULL;
    int json = 0, rc = 0;
    if (one_doctor_args(ctx, command, argc, argv, &ref, &json, &rc, toggle_usage) != 0)
        return rc;
    char id[64];
    PGconn *c = ctl_doctor_open(ctx, command, ref, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    const char *params[] = {id, active ? "true" : "false"};
    /* the CTE keeps the state before the update, so the output says whether anything changed */
    PGresult *res = ctl_pg_exec(c,
                                "WITH old AS (SELECT is_active FROM doctors WHERE id = $1) "
                                "UPDATE doctors d SET is_active = $2::boolean, updated_at = now() FROM old "
                                "WHERE d.id = $1 RETURNING d.name, old.is_active",
                                2, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "updating the doctor");
        PQfinish(c);
        return rc;
    }
    if (PQntuples(res) != 1) { /* deleted between the lookup and now */
        PQclear(res);
        PQfinish(c);
        ctl_error("no doctor with id %s any more", id);
        return CTL_EXIT_FAIL;
    }
    int was = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", id);
        ctl_json_add_str(doc, "name", PQgetvalue(res, 0, 0));
        if (cJSON_AddBoolToObject(doc, "active", active) == NULL ||
            cJSON_AddBoolToObject(doc, "changed", was != active) == NULL)
            wa_fatal("out of memory");
        rc = ctl_json_print(doc);
    } else {
        rc = printf("%s (%s) %s\n", PQgetvalue(res, 0, 0), id,
                    was == active ? (active ? "was already enabled" : "was already disabled")
                                  : (active ? "enabled" : "disabled")) < 0
                 ? CTL_EXIT_FAIL
                 : CTL_EXIT_OK;
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}

static int doctor_disable(ctl_ctx_t *ctx, int argc, char **argv)
{
    return doctor_set_active(ctx, argc, argv, 0);
}

static int doctor_enable(ctl_ctx_t *ctx, int argc, char **argv)
{
    return doctor_set_active(ctx, argc, argv, 1);
}

int ctl_doctor_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"add", doctor_add},
        {"list", doctor_list},
        {"show", doctor_show},
        {"patients", doctor_patients},
        {"disable", doctor_disable},
        {"enable", doctor_enable},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "doctor", cmds, group_usage, argc, argv);
}
