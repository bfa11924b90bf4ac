/*
 * A clinic's settings (see wa/settings.h): the field table and its validation
 * (lengths are counted in bytes of UTF-8, which bounds storage; the limits are
 * generous for any script), and the read and the audited update that both
 * wa-dashboard and wactl use.
 */
#include "wa/settings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

const wa_field_t wa_settings_fields[] = {
    {"name", WA_F_STR, 1, 0, 1, 200, NULL},
    {"specialization", WA_F_STR, 1, 1, 0, 200, NULL},
    {"clinic_name", WA_F_STR, 1, 1, 0, 200, NULL},
    {"clinic_address", WA_F_STR, 1, 1, 0, 500, NULL},
    {"email", WA_F_EMAIL, 1, 1, 3, 254, NULL},
    {"phone_number", WA_F_READONLY, 1, 0, 0, 0, NULL},
    {"time_zone", WA_F_WORD, 0, 0, 1, 64, NULL},
    {"work_days", WA_F_DAYS, 0, 0, 1, 7, "int[]"},
    {"day_start", WA_F_TIME, 0, 0, 0, 0, "time"},
    {"day_end", WA_F_TIME, 0, 0, 0, 0, "time"},
    {"break_start", WA_F_TIME, 0, 1, 0, 0, "time"},
    {"break_end", WA_F_TIME, 0, 1, 0, 0, "time"},
    {"slot_minutes", WA_F_INT, 0, 0, 5, 240, "int"},
    {"per_slot", WA_F_INT, 0, 0, 1, 50, "int"},
    {"book_ahead_days", WA_F_INT, 0, 0, 1, 90, "int"},
    {"consult_minutes", WA_F_INT, 0, 0, 1, 240, "int"},
    {"queue_notify_ahead", WA_F_INT, 0, 0, 1, 50, "int"},
    {"handoff_minutes", WA_F_INT, 0, 0, 1, 10080, "int"},
    {"referral_thanks", WA_F_BOOL, 0, 0, 0, 0, "boolean"},
    {"require_totp", WA_F_BOOL, 0, 0, 0, 0, "boolean"},
    {"reminder_template", WA_F_WORD, 0, 0, 1, 512, NULL},
    {"reminder_lang", WA_F_WORD, 0, 0, 2, 16, NULL},
    {"welcome_en", WA_F_STR, 0, 1, 1, 1000, NULL},
    {"welcome_hi", WA_F_STR, 0, 1, 1, 1000, NULL},
    /* issue 18: a clinic or a school (`wactl doctor add --kind`), and the WhatsApp word that opts a contact in */
    {"kind", WA_F_READONLY, 1, 0, 0, 0, NULL},
    {"optin_keyword", WA_F_STR, 0, 1, 2, 30, NULL},
    {"media_retention_days", WA_F_INT, 0, 0, 1, 3650, "int"}, /* 021_media.sql */
    {NULL, WA_F_STR, 0, 0, 0, 0, NULL},
};

int wa_valid_time(const char *s)
{
    return strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' && s[3] >= '0' &&
           s[3] <= '5' && s[4] >= '0' && s[4] <= '9' && (s[0] < '2' || s[1] <= '3');
}

static int word_ok(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-' || *s == '/' || *s == '+'))
            return 0;
    return 1;
}

void wa_field_error(cJSON *errors, const char *field, const char *msg)
{
    if (cJSON_GetObjectItemCaseSensitive(errors, field) == NULL && cJSON_AddStringToObject(errors, field, msg) == NULL)
        wa_fatal("out of memory");
}

/* Checks one value against a field; on success adds it (normalised) to `out`. */
void wa_field_check(const wa_field_t *f, const cJSON *v, cJSON *out, cJSON *errors)
{
    char msg[128];
    cJSON *copy = NULL;

    if (f->type == WA_F_READONLY) {
        wa_field_error(errors, f->name, "read-only");
        return;
    }
    if (cJSON_IsNull(v)) {
        if (!f->nullable)
            wa_field_error(errors, f->name, "required (may not be null)");
        else if ((copy = cJSON_CreateNull()) == NULL)
            wa_fatal("out of memory");
    } else {
        switch (f->type) {
        case WA_F_STR:
        case WA_F_EMAIL:
        case WA_F_WORD: {
            size_t n = cJSON_IsString(v) ? strlen(v->valuestring) : 0;
            if (!cJSON_IsString(v)) {
                wa_field_error(errors, f->name, "must be a string");
            } else if ((long)n < f->min || (long)n > f->max) {
                snprintf(msg, sizeof(msg), "must have %ld to %ld characters", f->min, f->max);
                wa_field_error(errors, f->name, msg);
            } else if (f->type == WA_F_EMAIL && (strchr(v->valuestring, '@') == NULL || strchr(v->valuestring, ' '))) {
                wa_field_error(errors, f->name, "must be an email address");
            } else if (f->type == WA_F_WORD && !word_ok(v->valuestring)) {
                wa_field_error(errors, f->name, "letters, digits, '_', '-', '/' and '+' only");
            } else if ((copy = cJSON_CreateString(v->valuestring)) == NULL) {
                wa_fatal("out of memory");
            }
            break;
        }
        case WA_F_INT:
            if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < (double)f->min ||
                v->valuedouble > (double)f->max) {
                snprintf(msg, sizeof(msg), "must be a whole number from %ld to %ld", f->min, f->max);
                wa_field_error(errors, f->name, msg);
            } else if ((copy = cJSON_CreateNumber(v->valuedouble)) == NULL) {
                wa_fatal("out of memory");
            }
            break;
        case WA_F_BOOL:
            if (!cJSON_IsBool(v))
                wa_field_error(errors, f->name, "must be true or false");
            else if ((copy = cJSON_CreateBool(cJSON_IsTrue(v))) == NULL)
                wa_fatal("out of memory");
            break;
        case WA_F_TIME:
            if (!cJSON_IsString(v) || !wa_valid_time(v->valuestring))
                wa_field_error(errors, f->name, "must be a time \"HH:MM\"");
            else if ((copy = cJSON_CreateString(v->valuestring)) == NULL)
                wa_fatal("out of memory");
            break;
        case WA_F_DAYS: {
            int seen[8] = {0}, n = 0, okdays = cJSON_IsArray(v);
            const cJSON *d;
            if (okdays) {
                cJSON_ArrayForEach(d, v)
                {
                    if (!cJSON_IsNumber(d) || d->valuedouble != floor(d->valuedouble) || d->valuedouble < 1 ||
                        d->valuedouble > 7 || seen[(int)d->valuedouble]++) {
                        okdays = 0;
                        break;
                    }
                    n++;
                }
            }
            if (!okdays || n < 1)
                wa_field_error(errors, f->name,
                               "must be a list of distinct days 1 (Monday) to 7 (Sunday), at least one");
            else if ((copy = cJSON_Duplicate(v, 1)) == NULL)
                wa_fatal("out of memory");
            break;
        }
        case WA_F_READONLY:
            break;
        }
    }
    if (copy != NULL && !cJSON_AddItemToObject(out, f->name, copy))
        wa_fatal("out of memory");
}

cJSON *wa_settings_validate(const cJSON *in, cJSON *errors)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *v;
    if (out == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(v, in)
    {
        wa_field_check_named(wa_settings_fields, v, out, errors);
    }
    if (cJSON_GetArraySize(in) == 0)
        wa_field_error(errors, "body", "nothing to change");
    if (cJSON_GetArraySize(errors) > 0) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

static const char select_sql[] =
    "SELECT json_build_object('name', d.name, 'specialization', d.specialization, 'clinic_name', d.clinic_name,"
    " 'clinic_address', d.clinic_address, 'email', d.email, 'phone_number', d.phone_number,"
    " 'time_zone', s.time_zone, 'work_days', s.work_days, 'day_start', to_char(s.day_start, 'HH24:MI'),"
    " 'day_end', to_char(s.day_end, 'HH24:MI'), 'break_start', to_char(s.break_start, 'HH24:MI'),"
    " 'break_end', to_char(s.break_end, 'HH24:MI'), 'slot_minutes', s.slot_minutes, 'per_slot', s.per_slot,"
    " 'book_ahead_days', s.book_ahead_days, 'consult_minutes', s.consult_minutes,"
    " 'queue_notify_ahead', s.queue_notify_ahead, 'handoff_minutes', s.handoff_minutes,"
    " 'referral_thanks', s.referral_thanks, 'require_totp', s.require_totp, 'reminder_template', s.reminder_template,"
    " 'reminder_lang', s.reminder_lang, 'welcome_en', s.welcome_en, 'welcome_hi', s.welcome_hi,"
    " 'kind', d.kind, 'optin_keyword', s.optin_keyword,"
    " 'media_retention_days', s.media_retention_days, 'updated_at', s.updated_at)::text"
    " FROM doctors d JOIN clinic_settings s ON s.doctor_id = d.id WHERE d.id = $1";

/* Makes sure the clinic has its settings row (the defaults of 005_clinic.sql) when the doctor exists. */
static int ensure_row(wa_pg_t *pg, const char *doctor_id)
{
    const char *params[] = {doctor_id};
    return wa_pg_run(pg, "settings row",
                     "INSERT INTO clinic_settings (doctor_id) SELECT id FROM doctors WHERE id = $1"
                     " ON CONFLICT (doctor_id) DO NOTHING",
                     1, params);
}

/* The settings as JSON text (caller frees); NULL on a database error or when absent (*found 0). */
static char *load(wa_pg_t *pg, const char *doctor_id, int lock, int *found)
{
    char sql[sizeof(select_sql) + 32];
    snprintf(sql, sizeof(sql), "%s%s", select_sql, lock ? " FOR UPDATE OF s" : "");
    const char *params[] = {doctor_id};
    PGresult *res = wa_pg_exec(pg, "settings read", sql, 1, params);
    char *out = NULL;
    *found = 0;
    if (res == NULL)
        return NULL;
    if (PQntuples(res) == 1) {
        out = wa_strdup(PQgetvalue(res, 0, 0));
        *found = 1;
    }
    PQclear(res);
    return out;
}

char *wa_settings_read(wa_pg_t *pg, const char *doctor_id, int *found)
{
    *found = 1; /* a database error is not "absent" */
    if (ensure_row(pg, doctor_id) != 0)
        return NULL;
    return load(pg, doctor_id, 0, found);
}

/* "col = <value from $2>" for every accepted field of one table, comma-separated, into sql. Returns how many. */
static int set_clause(const cJSON *clean, int doctor, char *sql, size_t sqlsz)
{
    int n = 0;
    for (const wa_field_t *f = wa_settings_fields; f->name != NULL; f++) {
        if (f->doctor != doctor || cJSON_GetObjectItemCaseSensitive(clean, f->name) == NULL)
            continue;
        size_t len = strlen(sql);
        if (f->type == WA_F_DAYS)
            snprintf(sql + len, sqlsz - len, "%s%s = ARRAY(SELECT jsonb_array_elements_text($2::jsonb->'%s')::int)",
                     n > 0 ? ", " : "", f->name, f->name);
        else if (f->sqltype != NULL)
            snprintf(sql + len, sqlsz - len, "%s%s = ($2::jsonb->>'%s')::%s", n > 0 ? ", " : "", f->name, f->name,
                     f->sqltype);
        else
            snprintf(sql + len, sqlsz - len, "%s%s = $2::jsonb->>'%s'", n > 0 ? ", " : "", f->name, f->name);
        n++;
    }
    return n;
}

/* What spans fields, on the settings after the change: NULL when consistent, else the field and message. */
static const char *cross_check(const cJSON *after, const char **field)
{
    const char *ds = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(after, "day_start"));
    const char *de = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(after, "day_end"));
    const char *bs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(after, "break_start"));
    const char *be = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(after, "break_end"));
    if (ds != NULL && de != NULL && strcmp(ds, de) >= 0) {
        *field = "day_end";
        return "the day must end after it starts";
    }
    if ((bs == NULL) != (be == NULL)) {
        *field = bs == NULL ? "break_start" : "break_end";
        return "give both ends of the break, or neither";
    }
    if (bs != NULL && be != NULL && (strcmp(bs, be) >= 0 || strcmp(bs, ds) < 0 || strcmp(be, de) > 0)) {
        *field = "break_start";
        return "the break must lie inside the working day and end after it starts";
    }
    return NULL;
}

static void rollback(wa_pg_t *pg)
{
    (void)wa_pg_run(pg, "settings rollback", "ROLLBACK", 0, NULL);
}

/* The time zone is a name PostgreSQL knows: 1 yes, 0 no, -1 database error. */
static int known_zone(wa_pg_t *pg, const char *tz)
{
    const char *tp[] = {tz};
    PGresult *res = wa_pg_exec(pg, "settings time zone", "SELECT 1 FROM pg_timezone_names WHERE name = $1", 1, tp);
    if (res == NULL)
        return -1;
    int known = PQntuples(res) > 0;
    PQclear(res);
    return known;
}

int wa_settings_update(wa_pg_t *pg, const char *doctor_id, const cJSON *change, const char *actor_user_id,
                       const char *actor_token_id, const char *actor, cJSON *errors, char **after)
{
    cJSON *clean;
    char *json, *before = NULL, sql[4096];
    int rc = WA_SETTINGS_UNAVAILABLE, found = 0;

    *after = NULL;
    if ((clean = wa_settings_validate(change, errors)) == NULL)
        return WA_SETTINGS_INVALID;
    if ((json = cJSON_PrintUnformatted(clean)) == NULL)
        wa_fatal("out of memory");
    const char *params[] = {doctor_id, json};

    if (wa_pg_run(pg, "settings begin", "BEGIN", 0, NULL) != 0)
        goto out;
    if (ensure_row(pg, doctor_id) != 0 || (before = load(pg, doctor_id, 1, &found)) == NULL)
        goto fail;
    const cJSON *tz = cJSON_GetObjectItemCaseSensitive(clean, "time_zone");
    if (tz != NULL) {
        int k = known_zone(pg, tz->valuestring);
        if (k < 0)
            goto fail;
        if (k == 0) {
            wa_field_error(errors, "time_zone", "not a time zone name (e.g. Asia/Kolkata)");
            rc = WA_SETTINGS_INVALID;
            goto fail;
        }
    }
    snprintf(sql, sizeof(sql), "UPDATE doctors SET ");
    if (set_clause(clean, 1, sql, sizeof(sql)) > 0) {
        strncat(sql, ", updated_at = now() WHERE id = $1", sizeof(sql) - strlen(sql) - 1);
        if (wa_pg_run(pg, "settings doctor", sql, 2, params) != 0)
            goto fail_check;
    }
    snprintf(sql, sizeof(sql), "UPDATE clinic_settings SET ");
    if (set_clause(clean, 0, sql, sizeof(sql)) > 0)
        strncat(sql, ", ", sizeof(sql) - strlen(sql) - 1);
    strncat(sql, "updated_at = now() WHERE doctor_id = $1 AND $2::jsonb IS NOT NULL", sizeof(sql) - strlen(sql) - 1);
    if (wa_pg_run(pg, "settings clinic", sql, 2, params) != 0)
        goto fail_check;
    if ((*after = load(pg, doctor_id, 0, &found)) == NULL)
        goto fail;
    {
        cJSON *a = cJSON_Parse(*after);
        const char *field = NULL, *msg = a != NULL ? cross_check(a, &field) : NULL;
        cJSON_Delete(a);
        if (msg != NULL) {
            wa_field_error(errors, field, msg);
            rc = WA_SETTINGS_INVALID;
            goto fail;
        }
    }
    {
        const char *aparams[] = {doctor_id, actor_user_id, actor_token_id, actor, before, *after};
        if (wa_pg_run(pg, "settings audit",
                      "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, before,"
                      " after) VALUES ($1, $2, $3, $4, 'settings.update', 'settings', $5::jsonb, $6::jsonb)",
                      6, aparams) != 0)
            goto fail;
    }
    if (wa_pg_run(pg, "settings commit", "COMMIT", 0, NULL) != 0)
        goto out;
    rc = WA_SETTINGS_OK;
    goto out;

fail_check:
    if (strcmp(wa_pg_sqlstate(pg), "23514") == 0) { /* a CHECK of the table: the input's fault */
        wa_field_error(errors, "body", "the settings break a rule of the clinic's schedule");
        rc = WA_SETTINGS_INVALID;
    }
fail:
    rollback(pg);
out:
    if (rc != WA_SETTINGS_OK) {
        free(*after);
        *after = NULL;
    }
    cJSON_Delete(clean);
    cJSON_free(json);
    free(before);
    return rc;
}

void wa_field_check_named(const wa_field_t *fields, const cJSON *v, cJSON *out, cJSON *errors)
{
    const wa_field_t *f = fields;
    while (f->name != NULL && strcmp(f->name, v->string) != 0)
        f++;
    if (f->name == NULL)
        wa_field_error(errors, v->string, "unknown field");
    else
        wa_field_check(f, v, out, errors);
}
