/*
 * A doctor's own WhatsApp credentials (Option B), the part that `wactl creds
 * set` and the dashboard's PUT /api/v1/whatsapp share so that both accept and
 * store exactly the same things: the check against the Graph API (the phone
 * number id must be readable with the token, API_REFERENCE A.7.2 option 2 and
 * A.12.3, and its display number must be the doctor's) and the UPDATE of the
 * doctor's row with already sealed secrets. Sealing is wa/crypt.h, with
 * the caller's key.
 *
 * Errors: nothing here puts a token or secret in a message, a log line or a
 * URL; `why` holds Meta's error code and message, or the transport's.
 *
 * And the verdict on them, kept in
 * doctors.credentials_state ('valid', 'expiring', 'invalid'),
 * credentials_error and credentials_checked_at. Three writers record one:
 * the sender when Graph refuses a token (AUTH error), the sender's token
 * refresh when an exchange fails, and `wactl creds check`. They all go
 * through the one statement here. Storing new credentials (`wactl creds
 * set`, a refreshed token) and the expiry sweeps write the state together
 * with other columns and stay with their owners. Sealing is wa/crypt.h.
 */
#ifndef wa__creds_h
#define wa__creds_h

#include <stddef.h>
#include <libpq-fe.h>
#include "wa/pg.h"

/* What Graph says about a phone number id (GET /{phone-number-id}?fields=...). */
typedef struct st_wa_number_t {
    char display[128];       /* display_phone_number */
    char verified_name[256]; /* "" when absent */
    char quality[32];        /* quality_rating: GREEN, YELLOW, RED, UNKNOWN; "" when absent */
    char limit[32];          /* whatsapp_business_manager_messaging_limit (a tier, or an integer as text); "" */
    char status[32];         /* status: CONNECTED, PENDING ...; "" when absent */
    char code[24];           /* Meta's error code when refused, else "" */
    char why[400];           /* why it was refused or could not be checked (never the token) */
} wa_number_t;

#define WA_CREDS_OK 0
#define WA_CREDS_REFUSED 1        /* Graph refused (an error object: code and why), or the number is another's */
#define WA_CREDS_UNREACHABLE (-1) /* no verdict: Graph unreachable or an answer without a number (why) */

/* Reads the number's fields with `token`. Returns WA_CREDS_OK (out filled), WA_CREDS_REFUSED or
 * WA_CREDS_UNREACHABLE (out->why says why). Blocks for at most timeout_ms. */
int wa_number_fetch(const char *graph_url, int timeout_ms, const char *pnid, const char *token, wa_number_t *out);

/* wa_number_fetch, then the display number's digits must equal `doctor_digits` (else WA_CREDS_REFUSED). */
int wa_creds_validate(const char *graph_url, int timeout_ms, const char *pnid, const char *token,
                      const char *doctor_digits, wa_number_t *out);

/* Validated credentials to store; the secrets already sealed (AAD "<doctor id>/<column>"). */
typedef struct st_wa_creds_row_t {
    const char *doctor_id;
    const char *pnid;
    const char *sealed_token;
    const char *waba;          /* NULL or "": keep the stored one */
    const char *app_id;        /* NULL: none */
    const char *sealed_secret; /* NULL: none (or kept, see keep_secret) */
    int keep_secret;           /* 1: leave the stored app id and secret as they are */
    const char *key_id;        /* the CREDENTIALS_KEY id that sealed them */
    const char *expires_at;    /* timestamptz text or NULL */
    int fallback;              /* allow_master_fallback */
    const wa_number_t *number; /* what validation found */
} wa_creds_row_t;

/* Stores them (state valid, error cleared, checked now) and records a credential event "set". Returns 0, or -1
 * with the result of the failed statement in *failed (caller PQclear()s it; NULL when the connection failed). */
int wa_creds_store(PGconn *c, const wa_creds_row_t *row, PGresult **failed);

/* Records a verdict on doctor `doctor_id`'s credentials: credentials_state = `state` (NULL keeps the current
 * state), credentials_error = `error` (NULL clears it), credentials_checked_at = now(). On a connection the caller
 * keeps itself (wactl): returns the result whatever its status, to be checked and PQclear()ed by the caller; NULL
 * only when libpq is out of memory. */
PGresult *wa_creds_state_exec(PGconn *conn, const char *doctor_id, const char *state, const char *error);

/* The same through a service's wa_pg_t: returns 0, or -1 after wa_pg_exec logged the failure. */
int wa_creds_state_set(wa_pg_t *pg, const char *doctor_id, const char *state, const char *error);

#endif
