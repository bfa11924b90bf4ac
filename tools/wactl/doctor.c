/*
 * `wactl doctor add|list` (doctor.h): the tenants in PostgreSQL's doctors
 * table. A doctor's number is stored as typed; the table's generated
 * phone_digits column (unique) makes "+91 95458-16728" and "919545816728"
 * the same doctor, so a duplicate is refused by the database itself.
 */
#include <stdio.h>
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

static void add_usage(FILE *f)
{
    fputs("Usage: wactl doctor add --name NAME --phone NUMBER --clinic CLINIC [--specialization S] [--address A]\n"
          "                        [--email E] [--phone-number-id ID] [--json]\n"
          "\n"
          "Adds a doctor (a tenant) and prints its id. The number is stored as given and compared as digits only:\n"
          "a second doctor with the same number is refused (exit 1). --phone-number-id is the Meta phone number id\n"
          "of the doctor's own WhatsApp number, if it has one.\n"
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

static void group_usage(FILE *f)
{
    fputs("Usage: wactl doctor <add|list> [options]\n"
          "\n"
          "  add    add a doctor (a tenant) and print its id\n"
          "  list   list the doctors\n"
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
    const char *name = NULL, *phone = NULL, *clinic = NULL, *spec = NULL, *address = NULL, *email = NULL, *pnid = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
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

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    const char *params[] = {name,
                            phone,
                            clinic,
                            given(spec) ? spec : NULL,
                            given(address) ? address : NULL,
                            given(email) ? email : NULL,
                            given(pnid) ? pnid : NULL};
    PGresult *res = ctl_pg_exec(c,
                                "INSERT INTO doctors (name, phone_number, clinic_name, specialization, clinic_address, "
                                "email, whatsapp_phone_number_id) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                                "RETURNING id, is_active",
                                7, params);
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
                                "clinic_address, whatsapp_phone_number_id, phone_digits FROM doctors "
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

int ctl_doctor_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    if (argc == 0) {
        group_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "help") == 0) {
        group_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (strcmp(argv[0], "add") == 0)
        return doctor_add(ctx, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return doctor_list(ctx, argc - 1, argv + 1);
    return ctl_usage_error("doctor", "unknown doctor command '%s' (add, list)", argv[0]);
}
