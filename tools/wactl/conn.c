/*
 * wactl's PostgreSQL and Redis connections (conn.h). Connection failures are
 * turned into one line that names what is unreachable and why, built from
 * the URL's host and port (never its password) and the library's reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/log.h"
#include "wa/redis.h"
#include "conn.h"

#define CONNECT_TIMEOUT_MS 5000

void ctl_pg_where(const char *url, char *out, size_t outsz)
{
    const char *host = NULL, *port = NULL;
    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(url != NULL ? url : "", &errmsg);
    if (errmsg != NULL)
        PQfreemem(errmsg);
    if (opts != NULL) {
        for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
            if (o->val == NULL || o->val[0] == '\0')
                continue;
            if (strcmp(o->keyword, "host") == 0)
                host = o->val;
            else if (strcmp(o->keyword, "hostaddr") == 0 && host == NULL)
                host = o->val;
            else if (strcmp(o->keyword, "port") == 0)
                port = o->val;
        }
    }
    snprintf(out, outsz, "%s:%s", host != NULL ? host : "localhost", port != NULL ? port : "5432");
    if (opts != NULL)
        PQconninfoFree(opts);
}

void ctl_pg_reason(const char *msg, char *out, size_t outsz)
{
    if (msg == NULL || msg[0] == '\0')
        msg = "unknown error";
    const char *p = strstr(msg, "failed: ");
    if (p != NULL && p[8] != '\0' && p[8] != '\n')
        msg = p + 8;
    static const char *const severities[] = {"FATAL:  ", "ERROR:  ", "FATAL: ", "ERROR: "};
    for (size_t i = 0; i < sizeof(severities) / sizeof(severities[0]); i++)
        if (strncmp(msg, severities[i], strlen(severities[i])) == 0) {
            msg += strlen(severities[i]);
            break;
        }
    size_t n = strcspn(msg, "\n");
    while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '\r' || msg[n - 1] == '\t'))
        n--;
    snprintf(out, outsz, "%.*s", (int)n, msg);
}

/* Server notices (NOTICE: extension "pg_trgm" already exists ...) are noise for an operator; warnings are shown. */
static void notice_cb(void *arg, const PGresult *res)
{
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (sev != NULL && strcmp(sev, "WARNING") == 0)
        fprintf(stderr, "wactl: warning: %s", PQresultErrorMessage(res));
}

PGconn *ctl_pg_open(const ctl_ctx_t *ctx)
{
    /* keywords before "dbname" are defaults that the URL's own parameters override */
    const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *const vals[] = {"5", "wactl", ctx->cfg.database_url, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (c == NULL) {
        ctl_error("cannot connect to PostgreSQL (out of memory)");
        return NULL;
    }
    if (PQstatus(c) != CONNECTION_OK) {
        char where[300], reason[512];
        ctl_pg_where(ctx->cfg.database_url, where, sizeof(where));
        ctl_pg_reason(PQerrorMessage(c), reason, sizeof(reason));
        ctl_error("cannot connect to PostgreSQL at %s (%s)", where, reason);
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeReceiver(c, notice_cb, NULL);
    return c;
}

PGresult *ctl_pg_exec(PGconn *c, const char *sql, int nparams, const char *const *params)
{
    return PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
}

int ctl_pg_ok(const PGresult *res)
{
    if (res == NULL)
        return 0;
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

const char *ctl_pg_sqlstate(const PGresult *res)
{
    const char *s = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return s != NULL ? s : "";
}

int ctl_pg_fail(PGconn *c, PGresult *res, const char *what)
{
    char reason[1024];
    ctl_pg_reason(res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(c), reason, sizeof(reason));
    if (PQstatus(c) != CONNECTION_OK) {
        ctl_error("%s: lost the connection to PostgreSQL (%s)", what, reason);
        PQclear(res);
        return CTL_EXIT_UNREACHABLE;
    }
    ctl_error("%s: %s", what, reason);
    PQclear(res);
    return CTL_EXIT_FAIL;
}

redisContext *ctl_redis_open(const ctl_ctx_t *ctx)
{
    redisContext *c = wa_redis_connect(ctx->cfg.redis_url, CONNECT_TIMEOUT_MS);
    if (c != NULL)
        return c;
    /* wa_redis_connect logs the reason (silenced in wactl): find it out again for the one stderr line */
    wa_redis_url_t u;
    if (wa_redis_url_parse(ctx->cfg.redis_url, &u) != 0) {
        ctl_error("cannot connect to Redis: REDIS_URL is not a redis://host:port/db URL");
        return NULL;
    }
    struct timeval tv = {CONNECT_TIMEOUT_MS / 1000, 0};
    redisContext *probe = redisConnectWithTimeout(u.host, u.port, tv);
    if (probe == NULL)
        ctl_error("cannot connect to Redis at %s:%d (out of memory)", u.host, u.port);
    else if (probe->err)
        ctl_error("cannot connect to Redis at %s:%d (%s)", u.host, u.port, probe->errstr);
    else
        ctl_error("cannot connect to Redis at %s:%d (connected, but AUTH or SELECT %d failed: check REDIS_URL)", u.host,
                  u.port, u.db);
    if (probe != NULL)
        redisFree(probe);
    return NULL;
}

redisReply *ctl_redis_cmd(redisContext *c, int argc, const char **argv)
{
    size_t lens[16];
    if (argc > 16)
        wa_fatal("ctl_redis_cmd: too many arguments");
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    return wa_redis_cmd(c, argc, argv, lens);
}

int ctl_redis_fail(redisContext *c, redisReply *r, const char *what)
{
    if (r == NULL) {
        ctl_error("Redis %s failed: %s", what, c != NULL && c->err ? c->errstr : "connection lost");
        return CTL_EXIT_UNREACHABLE;
    }
    if (r->type == REDIS_REPLY_ERROR)
        ctl_error("Redis %s failed: %.*s", what, (int)r->len, r->str);
    else
        ctl_error("Redis %s failed: unexpected reply type %d", what, r->type);
    freeReplyObject(r);
    return CTL_EXIT_FAIL;
}
