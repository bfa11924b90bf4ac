/*
 * Which WhatsApp number and token a doctor's outbound message goes through
 * (ARCHITECTURE.md, Option B). A doctor's own credentials live in PostgreSQL
 * (doctors.whatsapp_phone_number_id and the AES-256-GCM sealed
 * whatsapp_access_token, wa/crypt.h); they are used while credentials_state is
 * "valid" or "expiring". Otherwise the message goes through the master number
 * (PHONE_NUMBER_ID + WHATSAPP_TOKEN) when the doctor allows it
 * (allow_master_fallback, default yes), and in sandbox mode (wa:sandbox, no
 * Graph call) when there is no master number either. Lookups are cached per
 * doctor for SENDER_CREDS_TTL_MS (default 5000), so a `wactl creds set` or an
 * invalidation by another replica takes effect within seconds; an
 * invalidation by this process takes effect at once.
 */
#ifndef snd__creds_h
#define snd__creds_h

#include "wa/config.h"
#include "wa/pg.h"

typedef struct st_snd_creds_t {
    int sandbox;                 /* 1: no credentials at all, write to wa:sandbox instead of calling Meta */
    int none;                    /* 1: the doctor's are invalid and fallback is not allowed: nothing to send with */
    char phone_number_id[64];    /* "" in sandbox mode */
    char *token;                 /* owned, never logged; "" in sandbox mode (snd_creds_dispose wipes it) */
    const char *origin;          /* "doctor", "master", "sandbox" (static): safe to log */
    int fallback_allowed;        /* the doctor allows the master number */
    int rate_per_s;              /* the sending number's rate (doctor's send_rate_per_s, else SENDER_RATE_PER_S) */
    char *window_template;       /* owned JSON of the doctor's template for a closed window, or NULL */
} snd_creds_t;

typedef struct st_snd_creds_store_t snd_creds_store_t;

/* Creates the store: reads CREDENTIALS_KEY and CREDENTIALS_KEY_PREVIOUS (an unusable key is logged and makes every
 * doctor's credentials unusable, never fatal), SENDER_CREDS_TTL_MS and SENDER_RATE_PER_S. cfg and pg are borrowed. */
snd_creds_store_t *snd_creds_store_create(const wa_config_t *cfg, wa_pg_t *pg);
/* NULL is a no-op. Wipes the cached tokens. */
void snd_creds_store_destroy(snd_creds_store_t *st);

/* Picks the credentials for `doctor_id` into `out` (to be disposed). Returns 0, or -1 when they cannot be decided now
 * (database unreachable: the entry is retried). */
int snd_creds_pick(snd_creds_store_t *st, const char *doctor_id, snd_creds_t *out);
/* The master number's credentials (or sandbox) into `out`, keeping out's doctor settings (fallback, template). */
void snd_creds_master(snd_creds_store_t *st, snd_creds_t *out);
/* Frees what `c` owns (wiping the token). */
void snd_creds_dispose(snd_creds_t *c);

/* The doctor's credentials failed with an AUTH error: sets credentials_state 'invalid' and credentials_error (code
 * and Meta's message, never the token), records a credential_events row, and drops the cached entry. Returns 0 or
 * -1 (database error, logged). */
int snd_creds_mark_invalid(snd_creds_store_t *st, const char *doctor_id, const char *error_code, const char *detail);
/* Records an operator-visible event for the doctor (kind "fallback", ...). Returns 0 or -1. */
int snd_creds_event(snd_creds_store_t *st, const char *doctor_id, const char *kind, const char *error_code,
                    const char *detail);

#endif
