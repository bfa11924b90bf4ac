/*
 * PostgreSQL access (wa/pg.h): one blocking libpq connection, connected on
 * first use and reset after it breaks, parameterised statements only, with a
 * connect timeout and a statement timeout. The readiness bit WA_READY_PG
 * follows the connection's state.
 */
#include <errno.h> /* program_invocation_short_name */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"
#include "wa/entry.h" /* wa_mono_ms */

struct st_wa_pg_t {
    char *url;
    char connect_timeout[24]; /* WA_PG_CONNECT_TIMEOUT_S */
    char options[64];         /* "-c statement_timeout=<WA_PG_STATEMENT_TIMEOUT_MS>" */
    PGconn *conn;
    int down_logged;     /* one log line per outage */
    long long pinged_ms; /* monotonic time of the last wa_pg_ping check */
    int ping_ok;
    long long replanned_ms; /* monotonic time of the last DISCARD PLANS (wa_pg_replan); 0: none yet */
    char sqlstate[6];
    const char *prepared[WA_PG_PREPARED_MAX]; /* the statements prepared on conn (wa_pg_exec_prepared), by text */
    int nprepared;
};

/* The timeouts, set once at start by wa_config_load (wa_pg_settings) before any thread: never read from the
 * environment after start. */
static long connect_timeout_s = 5, statement_timeout_ms = 10000;

void wa_pg_settings(long connect_timeout, long statement_timeout)
{
    connect_timeout_s = connect_timeout;
    statement_timeout_ms = statement_timeout;
}

/* The timeouts are taken once per handle: a statement that runs longer than WA_PG_STATEMENT_TIMEOUT_MS (a lock
 * held elsewhere, a stalled disk) fails with SQLSTATE 57014 and takes the caller's error path instead of holding
 * its stream entries and every tenant behind them; a connect gives up after WA_PG_CONNECT_TIMEOUT_S. 0 disables
 * either. */
wa_pg_t *wa_pg_create(const char *url)
{
    wa_pg_t *pg = wa_calloc(1, sizeof(*pg));
    pg->url = wa_strdup(url);
    snprintf(pg->connect_timeout, sizeof(pg->connect_timeout), "%ld", connect_timeout_s);
    snprintf(pg->options, sizeof(pg->options), "-c statement_timeout=%ld", statement_timeout_ms);
    return pg;
}

void wa_pg_destroy(wa_pg_t *pg)
{
    if (pg == NULL)
        return;
    if (pg->conn != NULL)
        PQfinish(pg->conn);
    free(pg->url);
    free(pg);
}

/* libpq's messages may quote the conninfo's host but never the password; keep only the first line. */
static void first_line(const char *in, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s", in != NULL ? in : "");
    char *nl = strchr(out, '\n');
    if (nl != NULL)
        *nl = '\0';
}

PGconn *wa_pg_conn(wa_pg_t *pg)
{
    if (pg->conn != NULL && PQstatus(pg->conn) == CONNECTION_OK)
        return pg->conn;
    if (pg->conn != NULL) {
        PQfinish(pg->conn);
        pg->conn = NULL;
    }
    /* Keywords are applied in order: the URL comes last, so that settings it spells out itself win. The program's
     * name (wa-router, wa-sender ...) is the application_name: pg_stat_activity tells each service's backends
     * apart (bench/e2e.py charges their CPU to the service). GSSAPI encryption is off unless the URL
     * (gssencmode=prefer|require) or PGGSSENCMODE asks for it: libpq's default, prefer, looks for a Kerberos
     * credential cache before each connect, which loads Kerberos' configuration and touches its libraries, 0.7 MiB
     * of every service's RSS, for an encryption that nothing here sets up (issue 14, round 9). */
    const char *gss = getenv("PGGSSENCMODE");
    gss = gss != NULL && gss[0] != '\0' ? gss : "disable";
    const char *const keys[] = {"connect_timeout", "options", "application_name", "gssencmode", "dbname", NULL};
    const char *const vals[] = {pg->connect_timeout, pg->options, program_invocation_short_name, gss, pg->url, NULL};
    pg->conn = PQconnectdbParams(keys, vals, 1);
    if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
        if (!pg->down_logged) {
            char msg[256];
            first_line(pg->conn != NULL ? PQerrorMessage(pg->conn) : "out of memory", msg, sizeof(msg));
            wa_warn("cannot connect to PostgreSQL", "error", msg);
            pg->down_logged = 1;
        }
        if (pg->conn != NULL) {
            PQfinish(pg->conn);
            pg->conn = NULL;
        }
        wa_ready_set(WA_READY_PG, 0);
        return NULL;
    }
    pg->nprepared = 0; /* a new session: nothing is prepared on it */
    if (pg->down_logged)
        wa_info("connected to PostgreSQL");
    pg->down_logged = 0;
    wa_ready_set(WA_READY_PG, 1);
    return pg->conn;
}

/* The result of a statement run on conn: res when it succeeded, else NULL after logging the error (with `what`) and
 * resetting a broken connection. */
static PGresult *checked(wa_pg_t *pg, PGconn *conn, PGresult *res, const char *what)
{
    ExecStatusType st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return res;
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(pg->sqlstate, sizeof(pg->sqlstate), "%s", state != NULL ? state : "");
    char msg[256];
    first_line(res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(conn), msg, sizeof(msg));
    wa_warn("PostgreSQL statement failed", "what", what, "sqlstate", pg->sqlstate, "error", msg);
    if (res != NULL)
        PQclear(res);
    if (PQstatus(conn) != CONNECTION_OK) {
        wa_ready_set(WA_READY_PG, 0);
        PQfinish(pg->conn);
        pg->conn = NULL;
    }
    return NULL;
}

PGresult *wa_pg_exec(wa_pg_t *pg, const char *what, const char *sql, int nparams, const char *const *params)
{
    pg->sqlstate[0] = '\0';
    PGconn *conn = wa_pg_conn(pg);
    if (conn == NULL)
        return NULL;
    return checked(pg, conn, PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0), what);
}

PGresult *wa_pg_exec_prepared(wa_pg_t *pg, const char *what, const char *sql, int nparams, const char *const *params)
{
    char name[24];
    int i;

    pg->sqlstate[0] = '\0';
    PGconn *conn = wa_pg_conn(pg);
    if (conn == NULL)
        return NULL;
    for (i = 0; i < pg->nprepared && pg->prepared[i] != sql; i++)
        ;
    if (i == pg->nprepared && i == WA_PG_PREPARED_MAX) /* full: plain statements from here on */
        return wa_pg_exec(pg, what, sql, nparams, params);
    snprintf(name, sizeof(name), "wa_p%d", i);
    if (i == pg->nprepared) {
        PGresult *res = checked(pg, conn, PQprepare(conn, name, sql, nparams, NULL), what);
        if (res == NULL)
            return NULL;
        PQclear(res);
        pg->prepared[pg->nprepared++] = sql;
    }
    PGresult *res = checked(pg, conn, PQexecPrepared(conn, name, nparams, params, NULL, NULL, 0), what);
    if (res == NULL && pg->conn != NULL && PQtransactionStatus(pg->conn) == PQTRANS_IDLE &&
        (strcmp(pg->sqlstate, "0A000") == 0 || strcmp(pg->sqlstate, "26000") == 0)) {
        /* a migration changed what a prepared statement reads ("cached plan must not change result type"), or
         * the session lost it: prepare everything again on the next calls */
        PQclear(PQexec(pg->conn, "DEALLOCATE ALL"));
        pg->nprepared = 0;
    }
    return res;
}

int wa_pg_run(wa_pg_t *pg, const char *what, const char *sql, int nparams, const char *const *params)
{
    PGresult *res = wa_pg_exec(pg, what, sql, nparams, params);
    if (res == NULL)
        return -1;
    PQclear(res);
    return 0;
}

int wa_pg_ping(wa_pg_t *pg, int every_ms)
{
    long long now = wa_mono_ms();
    if (pg->pinged_ms != 0 && now - pg->pinged_ms < every_ms)
        return pg->ping_ok ? 0 : -1;
    pg->pinged_ms = now;
    pg->ping_ok = wa_pg_run(pg, "ping", "SELECT 1", 0, NULL) == 0;
    /* the readiness bit is the process's, not this handle's: another handle's idle connection that a restart cut
     * clears it when its next statement fails (wa_pg_replan's, say) while this one is already connected again, and
     * only a connect used to set it back: a statement that succeeds says as much */
    if (pg->ping_ok)
        wa_ready_set(WA_READY_PG, 1);
    return pg->ping_ok ? 0 : -1;
}

int wa_pg_replan(wa_pg_t *pg)
{
    long long now = wa_mono_ms();
    if (pg->replanned_ms == 0) /* the first call starts the clock: the plans are young */
        pg->replanned_ms = now;
    if (now - pg->replanned_ms < WA_PG_REPLAN_MS || pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK)
        return 0;
    pg->replanned_ms = now;
    return wa_pg_run(pg, "discard plans", "DISCARD PLANS", 0, NULL);
}

const char *wa_pg_sqlstate(wa_pg_t *pg)
{
    return pg->sqlstate;
}
