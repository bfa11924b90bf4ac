/*
 * The verdict on a doctor's own WhatsApp credentials (libwa), kept in
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

#include <libpq-fe.h>
#include "wa/pg.h"

/* Records a verdict on doctor `doctor_id`'s credentials: credentials_state = `state` (NULL keeps the current
 * state), credentials_error = `error` (NULL clears it), credentials_checked_at = now(). On a connection the caller
 * keeps itself (wactl): returns the result whatever its status, to be checked and PQclear()ed by the caller; NULL
 * only when libpq is out of memory. */
PGresult *wa_creds_state_exec(PGconn *conn, const char *doctor_id, const char *state, const char *error);

/* The same through a service's wa_pg_t: returns 0, or -1 after wa_pg_exec logged the failure. */
int wa_creds_state_set(wa_pg_t *pg, const char *doctor_id, const char *state, const char *error);

#endif
