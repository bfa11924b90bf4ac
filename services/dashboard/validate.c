/*
 * Validation of API input (see validate.h). Lengths are counted in bytes of
 * UTF-8, which bounds storage; the limits are generous for any script.
 */
#include "validate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wa/log.h"

const dash_field_t dash_settings_fields[] = {
    {"name", DASH_F_STR, 1, 0, 1, 200, NULL},
    {"specialization", DASH_F_STR, 1, 1, 0, 200, NULL},
    {"clinic_name", DASH_F_STR, 1, 1, 0, 200, NULL},
    {"clinic_address", DASH_F_STR, 1, 1, 0, 500, NULL},
    {"email", DASH_F_EMAIL, 1, 1, 3, 254, NULL},
    {"phone_number", DASH_F_READONLY, 1, 0, 0, 0, NULL},
    {"time_zone", DASH_F_WORD, 0, 0, 1, 64, NULL},
    {"work_days", DASH_F_DAYS, 0, 0, 1, 7, "int[]"},
    {"day_start", DASH_F_TIME, 0, 0, 0, 0, "time"},
    {"day_end", DASH_F_TIME, 0, 0, 0, 0, "time"},
    {"break_start", DASH_F_TIME, 0, 1, 0, 0, "time"},
    {"break_end", DASH_F_TIME, 0, 1, 0, 0, "time"},
    {"slot_minutes", DASH_F_INT, 0, 0, 5, 240, "int"},
    {"per_slot", DASH_F_INT, 0, 0, 1, 50, "int"},
    {"book_ahead_days", DASH_F_INT, 0, 0, 1, 90, "int"},
    {"consult_minutes", DASH_F_INT, 0, 0, 1, 240, "int"},
    {"queue_notify_ahead", DASH_F_INT, 0, 0, 1, 50, "int"},
    {"handoff_minutes", DASH_F_INT, 0, 0, 1, 10080, "int"},
    {"referral_thanks", DASH_F_BOOL, 0, 0, 0, 0, "boolean"},
    {"reminder_template", DASH_F_WORD, 0, 0, 1, 512, NULL},
    {"reminder_lang", DASH_F_WORD, 0, 0, 2, 16, NULL},
    {"welcome_en", DASH_F_STR, 0, 1, 1, 1000, NULL},
    {"welcome_hi", DASH_F_STR, 0, 1, 1, 1000, NULL},
    {NULL, DASH_F_STR, 0, 0, 0, 0, NULL},
};

int dash_valid_time(const char *s)
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

static void bad(cJSON *errors, const char *field, const char *msg)
{
    if (cJSON_GetObjectItemCaseSensitive(errors, field) == NULL && cJSON_AddStringToObject(errors, field, msg) == NULL)
        wa_fatal("out of memory");
}

/* Checks one value against a field; on success adds it (normalised) to `out`. */
static void check_field(const dash_field_t *f, const cJSON *v, cJSON *out, cJSON *errors)
{
    char msg[128];
    cJSON *copy = NULL;

    if (f->type == DASH_F_READONLY) {
        bad(errors, f->name, "read-only");
        return;
    }
    if (cJSON_IsNull(v)) {
        if (!f->nullable)
            bad(errors, f->name, "required (may not be null)");
        else if ((copy = cJSON_CreateNull()) == NULL)
            wa_fatal("out of memory");
    } else {
        switch (f->type) {
        case DASH_F_STR:
        case DASH_F_EMAIL:
        case DASH_F_WORD: {
            size_t n = cJSON_IsString(v) ? strlen(v->valuestring) : 0;
            if (!cJSON_IsString(v)) {
                bad(errors, f->name, "must be a string");
            } else if ((long)n < f->min || (long)n > f->max) {
                snprintf(msg, sizeof(msg), "must have %ld to %ld characters", f->min, f->max);
                bad(errors, f->name, msg);
            } else if (f->type == DASH_F_EMAIL &&
                       (strchr(v->valuestring, '@') == NULL || strchr(v->valuestring, ' '))) {
                bad(errors, f->name, "must be an email address");
            } else if (f->type == DASH_F_WORD && !word_ok(v->valuestring)) {
                bad(errors, f->name, "letters, digits, '_', '-', '/' and '+' only");
            } else if ((copy = cJSON_CreateString(v->valuestring)) == NULL) {
                wa_fatal("out of memory");
            }
            break;
        }
        case DASH_F_INT:
            if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < (double)f->min ||
                v->valuedouble > (double)f->max) {
                snprintf(msg, sizeof(msg), "must be a whole number from %ld to %ld", f->min, f->max);
                bad(errors, f->name, msg);
            } else if ((copy = cJSON_CreateNumber(v->valuedouble)) == NULL) {
                wa_fatal("out of memory");
            }
            break;
        case DASH_F_BOOL:
            if (!cJSON_IsBool(v))
                bad(errors, f->name, "must be true or false");
            else if ((copy = cJSON_CreateBool(cJSON_IsTrue(v))) == NULL)
                wa_fatal("out of memory");
            break;
        case DASH_F_TIME:
            if (!cJSON_IsString(v) || !dash_valid_time(v->valuestring))
                bad(errors, f->name, "must be a time \"HH:MM\"");
            else if ((copy = cJSON_CreateString(v->valuestring)) == NULL)
                wa_fatal("out of memory");
            break;
        case DASH_F_DAYS: {
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
                bad(errors, f->name, "must be a list of distinct days 1 (Monday) to 7 (Sunday), at least one");
            else if ((copy = cJSON_Duplicate(v, 1)) == NULL)
                wa_fatal("out of memory");
            break;
        }
        case DASH_F_READONLY:
            break;
        }
    }
    if (copy != NULL && !cJSON_AddItemToObject(out, f->name, copy))
        wa_fatal("out of memory");
}

cJSON *dash_validate_settings(const cJSON *in, cJSON *errors)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *v;
    if (out == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(v, in)
    {
        const dash_field_t *f = dash_settings_fields;
        while (f->name != NULL && strcmp(f->name, v->string) != 0)
            f++;
        if (f->name == NULL)
            bad(errors, v->string, "unknown field");
        else
            check_field(f, v, out, errors);
    }
    if (cJSON_GetArraySize(in) == 0)
        bad(errors, "body", "nothing to change");
    if (cJSON_GetArraySize(errors) > 0) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

static const dash_field_t kb_fields[] = {
    {"question", DASH_F_STR, 0, 0, 1, 500, NULL}, {"answer", DASH_F_STR, 0, 0, 1, 4096, NULL},
    {"keywords", DASH_F_STR, 0, 1, 0, 500, NULL}, {"lang", DASH_F_WORD, 0, 0, 2, 16, NULL},
    {"enabled", DASH_F_BOOL, 0, 0, 0, 0, NULL},   {NULL, DASH_F_STR, 0, 0, 0, 0, NULL},
};

cJSON *dash_validate_kb(const cJSON *in, int creating, cJSON *errors)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *v;
    if (out == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(v, in)
    {
        if (strcmp(v->string, "examples") == 0) {
            const cJSON *e;
            int n = 0, okex = cJSON_IsArray(v);
            if (okex)
                cJSON_ArrayForEach(e, v)
                {
                    if (!cJSON_IsString(e) || e->valuestring[0] == '\0' || strlen(e->valuestring) > 500) {
                        okex = 0;
                        break;
                    }
                    n++;
                }
            if (!okex || n > 50)
                bad(errors, "examples", "must be a list of at most 50 questions of 1 to 500 characters");
            else if (!cJSON_AddItemToObject(out, "examples", cJSON_Duplicate(v, 1)))
                wa_fatal("out of memory");
            continue;
        }
        const dash_field_t *f = kb_fields;
        while (f->name != NULL && strcmp(f->name, v->string) != 0)
            f++;
        if (f->name == NULL)
            bad(errors, v->string, "unknown field");
        else
            check_field(f, v, out, errors);
    }
    if (creating) {
        if (cJSON_GetObjectItemCaseSensitive(in, "question") == NULL)
            bad(errors, "question", "required");
        if (cJSON_GetObjectItemCaseSensitive(in, "answer") == NULL)
            bad(errors, "answer", "required");
    } else if (cJSON_GetArraySize(in) == 0) {
        bad(errors, "body", "nothing to change");
    }
    if (cJSON_GetArraySize(errors) > 0) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}
