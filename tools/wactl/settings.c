/*
 * `wactl settings` (see settings.h). `set` turns each --KEY VALUE into a JSON
 * value by the field's type (numbers, true/false, day lists "1,2,3", "null"
 * for a nullable field, else text) and hands the object to
 * wa_settings_update, so that a value the API would refuse is refused here
 * with the same message, and nothing is stored.
 */
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "wa/pg.h"
#include "wa/settings.h"

#include "conn.h"
#include "doctor.h"

static void usage(FILE *f)
{
    fputs(
        "Usage: wactl settings show DOCTOR [--json]\n"
        "       wactl settings set DOCTOR --KEY VALUE [--KEY VALUE ...] [--json]\n"
        "\n"
        "A clinic's settings, the same as the dashboard's Settings page (GET/PATCH /api/v1/settings) and validated\n"
        "by the same code: nothing is stored when any value is invalid. DOCTOR is the doctor's id or phone number.\n"
        "Every change is written to the audit log with actor wactl.\n"
        "\n"
        "Keys (--day-start and --day_start are the same):\n"
        "  profile    name, specialization, clinic-name, clinic-address, email (phone-number is read-only)\n"
        "  schedule   time-zone, work-days (ISO days: 1,2,3,4,5), day-start, day-end, break-start, break-end (HH:MM),\n"
        "             slot-minutes, per-slot, book-ahead-days, consult-minutes, queue-notify-ahead\n"
        "  replies    handoff-minutes, referral-thanks (true|false), reminder-template, reminder-lang,\n"
        "             welcome-en, welcome-hi\n"
        "  sign-in    require-totp (true|false: every dashboard user of the clinic signs in with a TOTP code)\n"
        "A nullable field (specialization, clinic-name, clinic-address, email, break-start, break-end, welcome-*)\n"
        "is cleared with the value null.\n"
        "\n"
        "Examples:\n"
        "  wactl settings show +919845000001\n"
        "  wactl settings set +919845000001 --day-start 09:30 --day-end 18:00 --work-days 1,2,3,4,5,6\n",
        f);
}

/* The field named by an option (without its dashes; '-' and '_' alike), or NULL. */
static const wa_field_t *field_of(const char *opt)
{
    char name[64];
    size_t i;
    for (i = 0; opt[i] != '\0' && i + 1 < sizeof(name); i++)
        name[i] = opt[i] == '-' ? '_' : opt[i];
    name[i] = '\0';
    for (const wa_field_t *f = wa_settings_fields; f->name != NULL; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* The JSON value of `text` for field f; a value of the wrong shape stays a string, for validation to refuse. */
static cJSON *value_of(const wa_field_t *f, const char *text)
{
    char *end;
    if (f->nullable && strcmp(text, "null") == 0)
        return cJSON_CreateNull();
    if (f->type == WA_F_INT) {
        double d = strtod(text, &end);
        if (text[0] != '\0' && *end == '\0')
            return cJSON_CreateNumber(d);
    } else if (f->type == WA_F_BOOL) {
        if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
            return cJSON_CreateBool(text[0] == 't');
    } else if (f->type == WA_F_DAYS) {
        cJSON *a = cJSON_CreateArray();
        const char *p = text;
        while (a != NULL && *p != '\0') {
            double d = strtod(p, &end);
            if (end == p || (*end != ',' && *end != '\0')) {
                cJSON_Delete(a);
                return cJSON_CreateString(text);
            }
            cJSON_AddItemToArray(a, cJSON_CreateNumber(d));
            p = *end == ',' ? end + 1 : end;
        }
        return a;
    }
    return cJSON_CreateString(text);
}

static void print_settings(const char *json, int as_json)
{
    cJSON *doc = cJSON_Parse(json);
    if (doc == NULL)
        wa_fatal("out of memory");
    if (as_json) {
        ctl_json_print(doc);
        return;
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, doc)
    {
        char *text = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
        printf("%-20s %s\n", v->string, cJSON_IsString(v) ? v->valuestring : text);
        cJSON_free(text);
    }
    cJSON_Delete(doc);
}

/* Resolves DOCTOR into id (idsz bytes). Returns CTL_EXIT_OK or the exit code (printed). */
static int resolve(ctl_ctx_t *ctx, const char *command, const char *ref, char *id, size_t idsz)
{
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    int rc = ctl_doctor_resolve(c, command, ref, id, idsz);
    PQfinish(c);
    return rc;
}

static int settings_show(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    int json = ctx->json;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CTL_EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] == '-' || doctor != NULL) {
            return ctl_usage_error("settings show", "unexpected argument %s", argv[i]);
        } else {
            doctor = argv[i];
        }
    }
    if (doctor == NULL)
        return ctl_usage_error("settings show", "DOCTOR (id or phone number) is required");
    char id[64];
    int rc = resolve(ctx, "settings show", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK)
        return rc;
    wa_pg_t *pg = wa_pg_create(ctx->cfg.database_url);
    int found;
    char *out = wa_settings_read(pg, id, &found);
    wa_pg_destroy(pg);
    if (out == NULL) {
        ctl_error(found ? "the database did not answer" : "no such doctor");
        return found ? CTL_EXIT_UNREACHABLE : CTL_EXIT_FAIL;
    }
    print_settings(out, json);
    free(out);
    return CTL_EXIT_OK;
}

static int settings_set(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    int json = ctx->json;
    cJSON *change = cJSON_CreateObject();
    if (change == NULL)
        wa_fatal("out of memory");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cJSON_Delete(change);
            usage(stdout);
            return CTL_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strncmp(a, "--", 2) == 0) {
            const wa_field_t *f = field_of(a + 2);
            if (f == NULL || i + 1 >= argc) {
                cJSON_Delete(change);
                return ctl_usage_error("settings set",
                                       f == NULL ? "unknown setting %s (see --help)" : "%s needs a value", a);
            }
            cJSON_DeleteItemFromObjectCaseSensitive(change, f->name);
            if (!cJSON_AddItemToObject(change, f->name, value_of(f, argv[++i])))
                wa_fatal("out of memory");
        } else if (doctor == NULL) {
            doctor = a;
        } else {
            cJSON_Delete(change);
            return ctl_usage_error("settings set", "unexpected argument %s", a);
        }
    }
    if (doctor == NULL || cJSON_GetArraySize(change) == 0) {
        cJSON_Delete(change);
        return ctl_usage_error("settings set", "DOCTOR and at least one --KEY VALUE are required");
    }
    char id[64];
    int rc = resolve(ctx, "settings set", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        cJSON_Delete(change);
        return rc;
    }
    wa_pg_t *pg = wa_pg_create(ctx->cfg.database_url);
    cJSON *errors = cJSON_CreateObject();
    char *after = NULL;
    if (errors == NULL)
        wa_fatal("out of memory");
    switch (wa_settings_update(pg, id, change, NULL, NULL, "wactl", errors, &after)) {
    case WA_SETTINGS_OK:
        print_settings(after, json);
        rc = CTL_EXIT_OK;
        break;
    case WA_SETTINGS_INVALID: {
        const cJSON *e;
        cJSON_ArrayForEach(e, errors)
        {
            char opt[64];
            size_t k;
            for (k = 0; e->string[k] != '\0' && k + 1 < sizeof(opt); k++)
                opt[k] = e->string[k] == '_' ? '-' : e->string[k];
            opt[k] = '\0';
            ctl_error("--%s: %s", opt, cJSON_IsString(e) ? e->valuestring : "invalid");
        }
        ctl_error("nothing stored");
        rc = CTL_EXIT_USAGE;
        break;
    }
    default:
        ctl_error("the database did not answer: nothing stored");
        rc = CTL_EXIT_UNREACHABLE;
        break;
    }
    free(after);
    cJSON_Delete(errors);
    cJSON_Delete(change);
    wa_pg_destroy(pg);
    return rc;
}

int ctl_settings_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"show", settings_show},
        {"set", settings_set},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "settings", cmds, usage, argc, argv);
}
