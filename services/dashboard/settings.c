/*
 * The clinic's settings through the API (services/dashboard): the doctor's
 * profile columns that exist today (doctors: name, specialization,
 * clinic_name, clinic_address, email; the phone number is read-only) and the
 * clinic_settings row (deploy/migrations/005_clinic.sql), as one flat object.
 * A PATCH is validated field by field (validate.c), then applied in one
 * transaction that also checks what spans fields (the day ends after it
 * starts, a break lies inside the day) and writes the audit row with the
 * settings before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "api.h"
#include "http.h"
#include "validate.h"

static const char select_sql[] =
    "SELECT json_build_object('name', d.name, 'specialization', d.specialization, 'clinic_name', d.clinic_name,"
    " 'clinic_address', d.clinic_address, 'email', d.email, 'phone_number', d.phone_number,"
    " 'time_zone', s.time_zone, 'work_days', s.work_days, 'day_start', to_char(s.day_start, 'HH24:MI'),"
    " 'day_end', to_char(s.day_end, 'HH24:MI'), 'break_start', to_char(s.break_start, 'HH24:MI'),"
    " 'break_end', to_char(s.break_end, 'HH24:MI'), 'slot_minutes', s.slot_minutes, 'per_slot', s.per_slot,"
    " 'book_ahead_days', s.book_ahead_days, 'consult_minutes', s.consult_minutes,"
    " 'queue_notify_ahead', s.queue_notify_ahead, 'handoff_minutes', s.handoff_minutes,"
    " 'referral_thanks', s.referral_thanks, 'reminder_template', s.reminder_template,"
    " 'reminder_lang', s.reminder_lang, 'welcome_en', s.welcome_en, 'welcome_hi', s.welcome_hi,"
    " 'updated_at', s.updated_at)::text"
    " FROM doctors d JOIN clinic_settings s ON s.doctor_id = d.id WHERE d.id = $1";

/* Makes sure the clinic has its settings row (the defaults of 005_clinic.sql). */
static int ensure_row(dash_call_t *c)
{
    const char *params[] = {c->tenant};
    return wa_pg_run(c->w->pg, "dashboard settings row",
                     "INSERT INTO clinic_settings (doctor_id) VALUES ($1) ON CONFLICT (doctor_id) DO NOTHING", 1,
                     params);
}

/* The settings as JSON text (caller frees), or NULL on a database error. */
static char *load(dash_call_t *c, int lock)
{
    char sql[sizeof(select_sql) + 32];
    snprintf(sql, sizeof(sql), "%s%s", select_sql, lock ? " FOR UPDATE OF s" : "");
    const char *params[] = {c->tenant};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard settings read", sql, 1, params);
    char *out = NULL;
    if (res == NULL)
        return NULL;
    if (PQntuples(res) == 1)
        out = wa_strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return out;
}

void dash_settings_get(dash_call_t *c)
{
    char *json;
    if (ensure_row(c) != 0 || (json = load(c, 0)) == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_raw(c->req, 200, json, strlen(json));
    free(json);
}

/* "col = <value from $2>" for every accepted field of one table, comma-separated, into sql. Returns how many. */
static int set_clause(const cJSON *clean, int doctor, char *sql, size_t sqlsz)
{
    int n = 0;
    for (const dash_field_t *f = dash_settings_fields; f->name != NULL; f++) {
        if (f->doctor != doctor || cJSON_GetObjectItemCaseSensitive(clean, f->name) == NULL)
            continue;
        size_t len = strlen(sql);
        if (f->type == DASH_F_DAYS)
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

static void rollback(dash_call_t *c)
{
    (void)wa_pg_run(c->w->pg, "dashboard settings rollback", "ROLLBACK", 0, NULL);
}

void dash_settings_patch(dash_call_t *c)
{
    cJSON *errors = cJSON_CreateObject(), *clean;
    char *json, *before = NULL, *after = NULL, sql[4096], actor[300];
    const char *ap[3];

    if (errors == NULL)
        wa_fatal("out of memory");
    if ((clean = dash_validate_settings(c->body, errors)) == NULL) {
        dash_reply_error(c->req, 422, "invalid", "some settings are invalid", errors);
        return;
    }
    if ((json = cJSON_PrintUnformatted(clean)) == NULL)
        wa_fatal("out of memory");
    const char *params[] = {c->tenant, json};

    if (wa_pg_run(c->w->pg, "dashboard settings begin", "BEGIN", 0, NULL) != 0)
        goto unavailable;
    if (ensure_row(c) != 0 || (before = load(c, 1)) == NULL)
        goto unavailable_rb;
    const cJSON *tz = cJSON_GetObjectItemCaseSensitive(clean, "time_zone");
    if (tz != NULL) {
        const char *tp[] = {tz->valuestring};
        PGresult *res = wa_pg_exec(c->w->pg, "dashboard settings time zone",
                                   "SELECT 1 FROM pg_timezone_names WHERE name = $1", 1, tp);
        if (res == NULL)
            goto unavailable_rb;
        int known = PQntuples(res) > 0;
        PQclear(res);
        if (!known) {
            rollback(c);
            cJSON_AddStringToObject(errors, "time_zone", "not a time zone name (e.g. Asia/Kolkata)");
            dash_reply_error(c->req, 422, "invalid", "some settings are invalid", errors);
            errors = NULL;
            goto out;
        }
    }
    snprintf(sql, sizeof(sql), "UPDATE doctors SET ");
    if (set_clause(clean, 1, sql, sizeof(sql)) > 0) {
        strncat(sql, ", updated_at = now() WHERE id = $1", sizeof(sql) - strlen(sql) - 1);
        if (wa_pg_run(c->w->pg, "dashboard settings doctor", sql, 2, params) != 0)
            goto unavailable_rb;
    }
    snprintf(sql, sizeof(sql), "UPDATE clinic_settings SET ");
    if (set_clause(clean, 0, sql, sizeof(sql)) > 0)
        strncat(sql, ", ", sizeof(sql) - strlen(sql) - 1);
    strncat(sql, "updated_at = now() WHERE doctor_id = $1 AND $2::jsonb IS NOT NULL", sizeof(sql) - strlen(sql) - 1);
    if (wa_pg_run(c->w->pg, "dashboard settings clinic", sql, 2, params) != 0)
        goto unavailable_rb;
    if ((after = load(c, 0)) == NULL)
        goto unavailable_rb;
    {
        cJSON *a = cJSON_Parse(after);
        const char *field = NULL, *msg = a != NULL ? cross_check(a, &field) : NULL;
        cJSON_Delete(a);
        if (msg != NULL) {
            rollback(c);
            cJSON_AddStringToObject(errors, field, msg);
            dash_reply_error(c->req, 422, "invalid", "some settings are invalid", errors);
            errors = NULL;
            goto out;
        }
    }
    dash_actor_params(c, ap, actor, sizeof(actor));
    {
        const char *aparams[] = {c->tenant, ap[0], ap[1], ap[2], before, after};
        if (wa_pg_run(c->w->pg, "dashboard settings audit",
                      "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, before,"
                      " after) VALUES ($1, $2, $3, $4, 'settings.update', 'settings', $5::jsonb, $6::jsonb)",
                      6, aparams) != 0)
            goto unavailable_rb;
    }
    if (wa_pg_run(c->w->pg, "dashboard settings commit", "COMMIT", 0, NULL) != 0)
        goto unavailable;
    dash_reply_raw(c->req, 200, after, strlen(after));
    goto out;

unavailable_rb:
    if (strcmp(wa_pg_sqlstate(c->w->pg), "23514") == 0) { /* a CHECK of the table: the input's fault */
        rollback(c);
        dash_reply_error(c->req, 422, "invalid", "the settings break a rule of the clinic's schedule", errors);
        errors = NULL;
        goto out;
    }
    rollback(c);
unavailable:
    dash_reply_unavailable(c);
out:
    cJSON_Delete(errors);
    cJSON_Delete(clean);
    cJSON_free(json);
    free(before);
    free(after);
}
