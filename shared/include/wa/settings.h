/*
 * A clinic's settings (libwa, shared by wa-dashboard's GET/PATCH
 * /api/v1/settings and `wactl settings`, so both validate and store them the
 * same way): the doctor's profile columns (doctors: name, specialization,
 * clinic_name, clinic_address, email; the phone number is read-only) and the
 * clinic_settings row (deploy/migrations/005_clinic.sql), as one flat JSON
 * object. Validation is free of I/O (unit tests call it directly); the update
 * runs in one transaction that also checks what spans fields (the day ends
 * after it starts, a break lies inside the day) and writes the audit row with
 * the settings before and after.
 */
#ifndef wa__settings_h
#define wa__settings_h

#include <cjson/cJSON.h>
#include "wa/pg.h"

typedef enum en_wa_ftype_t {
    WA_F_STR,   /* text of min..max characters */
    WA_F_EMAIL, /* text with an @ */
    WA_F_WORD,  /* letters, digits, '_', '-', '/' and '+' (template names, language codes, time zones) */
    WA_F_INT,   /* integer in min..max */
    WA_F_BOOL,
    WA_F_TIME, /* "HH:MM" */
    WA_F_DAYS, /* ISO days of the week [1..7], distinct, at least one */
    WA_F_READONLY
} wa_ftype_t;

typedef struct st_wa_field_t {
    const char *name; /* JSON name = column name */
    wa_ftype_t type;
    int doctor; /* 1: a column of doctors, 0: of clinic_settings */
    int nullable;
    long min, max;       /* lengths for text (bytes of UTF-8), values for integers */
    const char *sqltype; /* the cast from jsonb text ("time", "int", "boolean"); NULL for text */
} wa_field_t;

/* The settings fields, ended by a NULL name. */
extern const wa_field_t wa_settings_fields[];

/* Checks one value `v` against field `f`: on success adds it (normalised) to `out` under f->name, else adds
 * f->name -> message to `errors` (the first message of a field is kept). */
void wa_field_check(const wa_field_t *f, const cJSON *v, cJSON *out, cJSON *errors);
/* wa_field_check for member `v` (named v->string) of an input object against the field of that name in `fields`
 * (ended by a NULL name); an unknown name is the error "unknown field". */
void wa_field_check_named(const wa_field_t *fields, const cJSON *v, cJSON *out, cJSON *errors);
/* Adds field -> msg to errors unless the field already has a message. */
void wa_field_error(cJSON *errors, const char *field, const char *msg);

/* Validates a settings change (the PATCH body, or wactl's options as JSON). Returns the accepted fields (a new
 * object; caller deletes), or NULL with `errors` filled (field -> message). An unknown or read-only field and an
 * empty change are errors. */
cJSON *wa_settings_validate(const cJSON *in, cJSON *errors);

/* 1 when `s` is "HH:MM" (00:00 to 23:59). */
int wa_valid_time(const char *s);

/* The doctor's settings as JSON text (malloc'd, caller frees), creating the clinic_settings row with its defaults
 * when missing; NULL when the database did not answer or there is no such doctor (*found 0). */
char *wa_settings_read(wa_pg_t *pg, const char *doctor_id, int *found);

#define WA_SETTINGS_OK 0
#define WA_SETTINGS_INVALID 1        /* `errors` says why; nothing changed */
#define WA_SETTINGS_UNAVAILABLE (-1) /* the database did not answer; nothing changed */

/* Validates `change` and applies it to the doctor's settings in one transaction with an audit_log row (action
 * settings.update, before and after; actor_user_id / actor_token_id may be NULL, actor is the text shown). Returns
 * WA_SETTINGS_OK with *after (malloc'd JSON text, caller frees), WA_SETTINGS_INVALID with `errors` filled, or
 * WA_SETTINGS_UNAVAILABLE. */
int wa_settings_update(wa_pg_t *pg, const char *doctor_id, const cJSON *change, const char *actor_user_id,
                       const char *actor_token_id, const char *actor, cJSON *errors, char **after);

#endif
