/*
 * Input validation of the dashboard's API (services/dashboard), free of I/O so
 * that unit tests call it directly: a request body in, either the normalised
 * fields to store or, per field, what is wrong (the API answers 422 with
 * them). The settings' field table also drives settings.c's SQL.
 */
#ifndef dash__validate_h
#define dash__validate_h

#include <cjson/cJSON.h>

typedef enum en_dash_ftype_t {
    DASH_F_STR,   /* text of min..max characters */
    DASH_F_EMAIL, /* text with an @ */
    DASH_F_WORD,  /* letters, digits, '_' and '-' (template names, language codes, time zones with '/') */
    DASH_F_INT,   /* integer in min..max */
    DASH_F_BOOL,
    DASH_F_TIME, /* "HH:MM" */
    DASH_F_DAYS, /* ISO days of the week [1..7], distinct, at least one */
    DASH_F_READONLY
} dash_ftype_t;

typedef struct st_dash_field_t {
    const char *name; /* JSON name = column name */
    dash_ftype_t type;
    int doctor; /* 1: a column of doctors, 0: of clinic_settings */
    int nullable;
    long min, max;       /* lengths for text, values for integers */
    const char *sqltype; /* the cast from jsonb text ("time", "int", "boolean"); NULL for text */
} dash_field_t;

/* The settings fields, ended by a NULL name. */
extern const dash_field_t dash_settings_fields[];

/* Validates a PATCH /settings body. Returns the accepted fields (a new object; caller deletes), or NULL with
 * `errors` filled (field -> message). An unknown or read-only field and an empty body are errors. */
cJSON *dash_validate_settings(const cJSON *in, cJSON *errors);

/* Validates a knowledge-base entry (question, examples, keywords, answer, lang, enabled). `creating`: question and
 * answer are required. Returns the accepted fields (caller deletes) or NULL with `errors` filled. */
cJSON *dash_validate_kb(const cJSON *in, int creating, cJSON *errors);

/* 1 when `s` is "HH:MM" (00:00 to 23:59). */
int dash_valid_time(const char *s);

#endif
