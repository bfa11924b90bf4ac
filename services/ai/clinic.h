/*
 * The clinics the ai service answers for: a doctor's row (name, clinic,
 * specialization, address, and the settings the ai uses: hours, languages,
 * own instructions, fallback and emergency texts, per-doctor model
 * overrides) loaded by id from PostgreSQL, behind a
 * small in-process cache with a few seconds' lifetime, so a burst of
 * questions to one clinic costs one query and an edit in wactl shows within
 * seconds. Used by ai.c.
 */
#ifndef ai__clinic_h
#define ai__clinic_h

#include "wa/pg.h"

#define AI_CLINIC_CACHE_SLOTS 128
#define AI_CLINIC_TTL_MS 5000

/* One doctor's row. Strings are owned by the cache ("" when NULL in the database). */
typedef struct st_ai_doctor_t {
    char id[40];
    char *name;
    char *clinic_name;
    char *specialization;
    char *clinic_address;
    char *settings;         /* doctors.settings as JSON text */
    char *fallback_text;    /* settings "ai_fallback_text" or "" */
    char *instructions;     /* settings "ai_instructions" or "" */
    char *hours;            /* settings "hours": a string, or the JSON text of any other value; "" when absent */
    char *languages;        /* settings "languages": a string, or an array of strings joined with ", "; "" */
    char *emergency_text;   /* settings "emergency_text" or "" */
    char *emergency_number; /* settings "emergency_number" or "" */
    char *ai_model;         /* settings "ai_model": per-doctor model override, or "" */
    double temperature;     /* settings "ai_temperature", or -1 */
    long max_tokens;        /* settings "ai_max_output_tokens", or 0 */
    int is_active;
    int school;          /* doctors.kind = 'school' */
    long long loaded_at; /* wa_mono_ms() */
} ai_doctor_t;

typedef struct st_ai_clinics_t ai_clinics_t;

/* Creates an empty cache; `ttl_ms` <= 0 disables caching. */
ai_clinics_t *ai_clinics_create(long ttl_ms);
/* NULL is a no-op. */
void ai_clinics_destroy(ai_clinics_t *c);

/* Looks up doctor `doctor_id` (cached, else one query through `pg`). Returns 0 and sets *out to a row borrowed from
 * the cache, valid until the next call on `c`; 1 when no such doctor exists (or the id is not a UUID); -1 when the
 * database is unreachable or failed (retry later). */
int ai_clinics_get(ai_clinics_t *c, wa_pg_t *pg, const char *doctor_id, const ai_doctor_t **out);

/* 1 when s is a textual UUID (8-4-4-4-12 hex digits). */
int ai_is_uuid(const char *s);

#endif
