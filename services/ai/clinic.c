/*
 * Doctor rows for the ai service with a short-lived cache (see clinic.h). The cache is a small array searched
 * linearly: a process answers for a handful of active clinics at a time, and the lifetime is short enough that an
 * edited or disabled clinic is seen within seconds without any invalidation protocol.
 */
#include "clinic.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "wa/entry.h"
#include "wa/log.h"

struct st_ai_clinics_t {
    long ttl_ms;
    ai_doctor_t slots[AI_CLINIC_CACHE_SLOTS];
};

ai_clinics_t *ai_clinics_create(long ttl_ms)
{
    ai_clinics_t *c = wa_calloc(1, sizeof(*c));
    c->ttl_ms = ttl_ms;
    return c;
}

static void slot_clear(ai_doctor_t *d)
{
    free(d->name);
    free(d->clinic_name);
    free(d->specialization);
    free(d->clinic_address);
    free(d->settings);
    free(d->fallback_text);
    free(d->instructions);
    free(d->hours);
    free(d->languages);
    free(d->emergency_text);
    free(d->emergency_number);
    free(d->ai_model);
    memset(d, 0, sizeof(*d));
}

void ai_clinics_destroy(ai_clinics_t *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < AI_CLINIC_CACHE_SLOTS; i++)
        slot_clear(&c->slots[i]);
    free(c);
}

int ai_is_uuid(const char *s)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    for (size_t i = 0; i < sizeof(shape) - 1; i++) {
        if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return 0;
    }
    return s[sizeof(shape) - 1] == '\0';
}

static char *settings_str(const cJSON *settings, const char *name)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(settings, name));
    return wa_strdup(v != NULL ? v : "");
}

/* A setting that may be a string or anything else: the string, or the compact JSON text of the value. */
static char *settings_text(const cJSON *settings, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(settings, name);
    if (v == NULL || cJSON_IsNull(v))
        return wa_strdup("");
    if (cJSON_IsString(v))
        return wa_strdup(v->valuestring);
    if (cJSON_IsArray(v)) { /* ["English","Hindi"] -> "English, Hindi" */
        size_t cap = 1;
        const cJSON *it;
        cJSON_ArrayForEach(it, v) if (cJSON_IsString(it)) cap += strlen(it->valuestring) + 2;
        char *out = wa_calloc(1, cap);
        cJSON_ArrayForEach(it, v)
        {
            if (!cJSON_IsString(it))
                continue;
            if (*out != '\0')
                strcat(out, ", ");
            strcat(out, it->valuestring);
        }
        return out;
    }
    char *json = cJSON_PrintUnformatted(v);
    if (json == NULL)
        wa_fatal("out of memory");
    char *out = wa_strdup(json);
    cJSON_free(json);
    return out;
}

static double settings_num(const cJSON *settings, const char *name, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(settings, name);
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
        char *end;
        double d = strtod(v->valuestring, &end);
        if (*end == '\0')
            return d;
    }
    return def;
}

/* Fills `d` from row 0 of a result of the query in ai_clinics_get. */
static void slot_fill(ai_doctor_t *d, const char *id, PGresult *res)
{
    slot_clear(d);
    snprintf(d->id, sizeof(d->id), "%s", id);
    d->name = wa_strdup(PQgetvalue(res, 0, 0));
    d->clinic_name = wa_strdup(PQgetvalue(res, 0, 1));
    d->specialization = wa_strdup(PQgetvalue(res, 0, 2));
    d->clinic_address = wa_strdup(PQgetvalue(res, 0, 3));
    d->settings = wa_strdup(PQgetvalue(res, 0, 4));
    d->is_active = strcmp(PQgetvalue(res, 0, 5), "t") == 0;
    d->school = strcmp(PQgetvalue(res, 0, 6), "t") == 0;
    cJSON *settings = cJSON_Parse(d->settings);
    d->fallback_text = settings_str(settings, "ai_fallback_text");
    d->instructions = settings_str(settings, "ai_instructions");
    d->hours = settings_text(settings, "hours");
    d->languages = settings_text(settings, "languages");
    d->emergency_text = settings_str(settings, "emergency_text");
    d->emergency_number = settings_text(settings, "emergency_number");
    d->ai_model = settings_str(settings, "ai_model");
    d->temperature = settings_num(settings, "ai_temperature", -1);
    if (d->temperature > 2)
        d->temperature = -1;
    double mt = settings_num(settings, "ai_max_output_tokens", 0);
    d->max_tokens = mt >= 1 && mt <= 65536 ? (long)mt : 0;
    cJSON_Delete(settings);
    d->loaded_at = wa_mono_ms();
}

int ai_clinics_get(ai_clinics_t *c, wa_pg_t *pg, const char *doctor_id, const ai_doctor_t **out)
{
    static const char sql[] = "SELECT name, coalesce(clinic_name, ''), coalesce(specialization, ''), "
                              "coalesce(clinic_address, ''), settings::text, is_active, kind = 'school' FROM doctors"
                              " WHERE id = $1";
    *out = NULL;
    if (!ai_is_uuid(doctor_id))
        return 1; /* would be a SQL error (22P02) and never succeed */

    long long now = wa_mono_ms();
    ai_doctor_t *victim = NULL; /* the slot to (re)load: this doctor's, else an empty one, else the oldest */
    for (size_t i = 0; i < AI_CLINIC_CACHE_SLOTS; i++) {
        ai_doctor_t *d = &c->slots[i];
        if (d->id[0] != '\0' && strcasecmp(d->id, doctor_id) == 0) {
            if (c->ttl_ms > 0 && now - d->loaded_at < c->ttl_ms) {
                *out = d;
                return 0;
            }
            victim = d;
            break;
        }
        if (victim == NULL || (victim->id[0] != '\0' && (d->id[0] == '\0' || d->loaded_at < victim->loaded_at)))
            victim = d;
    }

    const char *params[1] = {doctor_id};
    PGresult *res = wa_pg_exec(pg, "ai load doctor", sql, 1, params);
    if (res == NULL) {
        if (victim->id[0] != '\0' && strcasecmp(victim->id, doctor_id) == 0) {
            *out = victim; /* the database is away: an expired row beats no answer */
            return 0;
        }
        return -1;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        return 1;
    }
    slot_fill(victim, doctor_id, res);
    PQclear(res);
    *out = victim;
    return 0;
}
