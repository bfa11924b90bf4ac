/*
 * PostgreSQL access for the services and wactl: one blocking libpq
 * connection per wa_pg_t, (re)connected lazily, with parameterised queries
 * only. A connection that breaks is reset on the next call; readiness
 * (WA_READY_PG) follows its state. Every tenant-owned query filters by
 * doctor_id.
 */
#ifndef wa__pg_h
#define wa__pg_h

#include <libpq-fe.h>

typedef struct st_wa_pg_t wa_pg_t;

/* Creates a handle for `url` (DATABASE_URL); does not connect. The URL is copied. Its connections use
 * connect_timeout WA_PG_CONNECT_TIMEOUT_S (default 5) and statement_timeout WA_PG_STATEMENT_TIMEOUT_MS (default
 * 10000; 0 = none), as set by wa_pg_settings, unless the URL sets `connect_timeout` or `options` itself. */
wa_pg_t *wa_pg_create(const char *url);
/* Sets the timeouts of the handles created afterwards (seconds, milliseconds; 0 = none). wa_config_load calls it at
 * start, before any thread, with the range-checked WA_PG_* values. */
void wa_pg_settings(long connect_timeout_s, long statement_timeout_ms);
/* NULL is a no-op. */
void wa_pg_destroy(wa_pg_t *pg);

/* The connection, connected (reconnects if needed); NULL when the database is unreachable (logged once per outage,
 * without the password). Borrowed. */
PGconn *wa_pg_conn(wa_pg_t *pg);

/* Runs a parameterised statement (text parameters, NULL = SQL NULL). Returns a result whose status is
 * PGRES_COMMAND_OK or PGRES_TUPLES_OK (caller PQclear()s it), or NULL on any error: the error is logged with
 * `what` (no parameter values), and a broken connection is reset. */
PGresult *wa_pg_exec(wa_pg_t *pg, const char *what, const char *sql, int nparams, const char *const *params);

#define WA_PG_PREPARED_MAX 32 /* statements wa_pg_exec_prepared keeps prepared per connection */

/* As wa_pg_exec, for the hot statements: `sql` must be a string that lives as long as the handle (a static const
 * array: its address names it), and is prepared once per connection (PQprepare, again after a reconnect), then
 * executed by name, which saves PostgreSQL parsing and planning it every time. Beyond WA_PG_PREPARED_MAX distinct
 * statements it runs them as wa_pg_exec does. */
PGresult *wa_pg_exec_prepared(wa_pg_t *pg, const char *what, const char *sql, int nparams, const char *const *params);

/* Convenience: runs a statement and returns 0 (ok) or -1, discarding the result. */
int wa_pg_run(wa_pg_t *pg, const char *what, const char *sql, int nparams, const char *const *params);

/* For idle loops: checks the connection with `SELECT 1` (reconnecting if needed) when the last check is more than
 * every_ms old, so that readiness reports a database that went away while nothing was being written, and one that
 * is back (a check that succeeds sets the process's PostgreSQL readiness). Returns 0 when reachable (or checked
 * recently), -1 when not. */
int wa_pg_ping(wa_pg_t *pg, int every_ms);
#define WA_PG_REPLAN_MS 10000 /* how often wa_pg_replan drops a session's cached plans */

/* For the stage loops' turns: drops the session's cached plans (DISCARD PLANS) when the last drop (or the first call)
 * is WA_PG_REPLAN_MS old. A prepared statement, and a PL/pgSQL function's statement, keeps the generic plan it
 * settles on after five calls until a table it reads is analysed; made while a table is new, small and never analysed
 * (a stack just started, bench/e2e.py), such a plan can cost more with every row the table gains (issue 14, round 7:
 * the sender's patient look-ups, the ai's history reads). The statements stay prepared; their next calls plan again
 * on the tables as they are. Never connects: a handle without an open connection has nothing to drop. Returns 0, or
 * -1 when the statement failed (logged as wa_pg_exec does). */
int wa_pg_replan(wa_pg_t *pg);

/* The last error's SQLSTATE ("23505" ...) or "" */
const char *wa_pg_sqlstate(wa_pg_t *pg);

#endif
