/*
 * The one statement that records a verdict on a doctor's credentials (wa/creds.h), for the services (through
 * wa_pg_t, which logs and reconnects) and for wactl (on its own libpq connection, which reports errors itself).
 */
#include "wa/creds.h"

static const char state_sql[] = "UPDATE doctors SET credentials_state = coalesce($2, credentials_state), "
                                "credentials_error = $3, credentials_checked_at = now() WHERE id = $1::uuid";

PGresult *wa_creds_state_exec(PGconn *conn, const char *doctor_id, const char *state, const char *error)
{
    const char *params[3] = {doctor_id, state, error};
    return PQexecParams(conn, state_sql, 3, NULL, params, NULL, NULL, 0);
}

int wa_creds_state_set(wa_pg_t *pg, const char *doctor_id, const char *state, const char *error)
{
    const char *params[3] = {doctor_id, state, error};
    return wa_pg_run(pg, "record the doctor's credentials state", state_sql, 3, params);
}
