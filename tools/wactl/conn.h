/*
 * wactl's connections to PostgreSQL and Redis. A CLI has to say why it could
 * not connect ("wactl: cannot connect to Redis at 127.0.0.1:6399 (Connection
 * refused)", exit 3) and show a failing statement's own error, so unlike the
 * services (which log through wa/pg.h) wactl keeps its libpq connection
 * itself; Redis goes through wa_redis_connect. Passwords are never printed.
 */
#ifndef ctl__conn_h
#define ctl__conn_h

#include <stddef.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include "ctl.h"

/* Connects to DATABASE_URL (connect timeout 5 s unless the URL sets one). Returns the connection (caller PQfinish()es
 * it), or NULL after printing "wactl: cannot connect to PostgreSQL at host:port (reason)". Server notices below
 * WARNING are not shown. */
PGconn *ctl_pg_open(const ctl_ctx_t *ctx);

/* Runs a parameterised statement (text parameters, NULL = SQL NULL). Returns the result whatever its status (NULL
 * only when out of memory); check it with ctl_pg_ok. Caller PQclear()s it. */
PGresult *ctl_pg_exec(PGconn *c, const char *sql, int nparams, const char *const *params);
/* 1 when res is a successful command or query result. */
int ctl_pg_ok(const PGresult *res);
/* The SQLSTATE of a failed result ("23505" ...) or "". */
const char *ctl_pg_sqlstate(const PGresult *res);
/* Prints "wactl: <what>: <server error>" for a failed result, clears it, and returns the exit code: 3 when the
 * connection is gone, 1 otherwise. */
int ctl_pg_fail(PGconn *c, PGresult *res, const char *what);

/* Writes "host:port" of a libpq URL or conninfo string into out (defaults: localhost, 5432). */
void ctl_pg_where(const char *url, char *out, size_t outsz);
/* Reduces a libpq connection error ("connection to server at \"h\", port 5432 failed: Connection refused\n\tIs the
 * server running...") to its reason ("Connection refused") into out. */
void ctl_pg_reason(const char *msg, char *out, size_t outsz);

/* Connects to REDIS_URL (5 s timeouts). Returns a context (caller redisFree()s it), or NULL after printing "wactl:
 * cannot connect to Redis at host:port (reason)". */
redisContext *ctl_redis_open(const ctl_ctx_t *ctx);
/* Runs a command from NUL-terminated arguments. Returns the reply (caller frees; an error reply has type
 * REDIS_REPLY_ERROR), or NULL when the connection failed (c->errstr says why). */
redisReply *ctl_redis_cmd(redisContext *c, int argc, const char **argv);
/* Prints "wactl: Redis <what> failed: <reason>" for a NULL or error reply, frees it, and returns the exit code: 3 when
 * the connection is gone, 1 for an error reply. */
int ctl_redis_fail(redisContext *c, redisReply *r, const char *what);

#endif
