/*
 * Synchronous Redis connections (wa/redis.h): URL parsing, connect with
 * AUTH and SELECT, and one call that runs a command given as argv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include "wa/log.h"
#include "wa/redis.h"

/* Decodes %XX escapes in place (passwords may contain reserved characters). */
static void pct_decode(char *s)
{
    char *w = s;
    for (char *r = s; *r != '\0'; r++) {
        if (r[0] == '%' && r[1] != '\0' && r[2] != '\0') {
            char hex[3] = {r[1], r[2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (*end == '\0') {
                *w++ = (char)v;
                r += 2;
                continue;
            }
        }
        *w++ = *r;
    }
    *w = '\0';
}

int wa_redis_url_parse(const char *url, wa_redis_url_t *out)
{
    memset(out, 0, sizeof(*out));
    strcpy(out->host, "127.0.0.1");
    out->port = 6379;
    if (url == NULL || strncmp(url, "redis://", 8) != 0)
        return -1;
    const char *p = url + 8;
    const char *at = strrchr(p, '@');
    const char *slash = strchr(at != NULL ? at : p, '/');
    if (at != NULL) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        if (colon != NULL) {
            if ((size_t)(colon - p) >= sizeof(out->user) || (size_t)(at - colon - 1) >= sizeof(out->password))
                return -1;
            memcpy(out->user, p, (size_t)(colon - p));
            memcpy(out->password, colon + 1, (size_t)(at - colon - 1));
        } else {
            if ((size_t)(at - p) >= sizeof(out->password))
                return -1;
            memcpy(out->password, p, (size_t)(at - p));
        }
        pct_decode(out->user);
        pct_decode(out->password);
        p = at + 1;
    }
    const char *hostend = slash != NULL ? slash : p + strlen(p);
    const char *colon = memchr(p, ':', (size_t)(hostend - p));
    const char *hend = colon != NULL ? colon : hostend;
    if (hend > p) {
        if ((size_t)(hend - p) >= sizeof(out->host))
            return -1;
        memcpy(out->host, p, (size_t)(hend - p));
        out->host[hend - p] = '\0';
    }
    if (colon != NULL) {
        char *end;
        long port = strtol(colon + 1, &end, 10);
        if (end != hostend || port <= 0 || port > 65535)
            return -1;
        out->port = (int)port;
    }
    if (slash != NULL && slash[1] != '\0') {
        char *end;
        long db = strtol(slash + 1, &end, 10);
        if ((*end != '\0' && *end != '?') || db < 0)
            return -1;
        out->db = (int)db;
    }
    return 0;
}

redisReply *wa_redis_cmd(redisContext *c, int argc, const char **argv, const size_t *argvlen)
{
    if (c == NULL || c->err)
        return NULL;
    return redisCommandArgv(c, argc, argv, argvlen);
}

redisContext *wa_redis_connect(const char *url, int timeout_ms)
{
    wa_redis_url_t u;
    if (wa_redis_url_parse(url, &u) != 0) {
        wa_error("invalid REDIS_URL (expected redis://host:port/db)");
        return NULL;
    }
    char where[300];
    snprintf(where, sizeof(where), "%s:%d", u.host, u.port);
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    redisContext *c = timeout_ms > 0 ? redisConnectWithTimeout(u.host, u.port, tv) : redisConnect(u.host, u.port);
    if (c == NULL || c->err) {
        wa_warn("cannot connect to Redis", "addr", where, "error", c != NULL ? c->errstr : "out of memory");
        if (c != NULL)
            redisFree(c);
        return NULL;
    }
    if (timeout_ms > 0)
        redisSetTimeout(c, tv);
    /* TCP keepalives: a Redis that vanished without a FIN (a dead node, a dropped NAT entry) is noticed within
     * about a minute instead of a blocking read waiting forever. */
    redisReply *r = NULL; /* before the first goto: `fail` frees it */
    if (redisEnableKeepAlive(c) != REDIS_OK) {
        wa_warn("cannot enable TCP keepalive on the Redis connection", "addr", where, "error", c->errstr);
        goto fail;
    }
    if (u.password[0] != '\0') {
        r = u.user[0] != '\0' ? redisCommand(c, "AUTH %s %s", u.user, u.password) : redisCommand(c, "AUTH %s", u.password);
        if (r == NULL || r->type == REDIS_REPLY_ERROR) {
            wa_warn("Redis authentication failed", "addr", where);
            goto fail;
        }
        freeReplyObject(r);
    }
    if (u.db != 0) {
        r = redisCommand(c, "SELECT %d", u.db);
        if (r == NULL || r->type == REDIS_REPLY_ERROR) {
            wa_warn("Redis SELECT failed", "addr", where);
            goto fail;
        }
        freeReplyObject(r);
    }
    return c;
fail:
    if (r != NULL)
        freeReplyObject(r);
    redisFree(c);
    return NULL;
}

int wa_pipe_flush(redisContext *c, const wa_pipe_t *p)
{
    int ok = 1;

    for (size_t i = 0; i < p->n; i++)
        if (p->cmds[i]->overflow) {
            wa_error("Redis command too long", "what", p->whats[i]);
            return -1;
        }
    for (size_t i = 0; i < p->n; i++)
        if (redisAppendCommandArgv(c, p->cmds[i]->argc, p->cmds[i]->argv, p->cmds[i]->argvlen) != REDIS_OK)
            return -2;
    for (size_t i = 0; i < p->n; i++) {
        void *rep = NULL;
        if (redisGetReply(c, &rep) != REDIS_OK || rep == NULL) {
            wa_warn("Redis pipeline failed", "what", p->whats[i]);
            return -2;
        }
        redisReply *r = rep;
        if (r->type == REDIS_REPLY_ERROR) {
            wa_warn("Redis command failed", "what", p->whats[i], "error", r->str);
            ok = 0;
        }
        freeReplyObject(r);
    }
    return ok ? 0 : -1;
}

int wa_pipe_flush_tx(redisContext *c, const wa_pipe_t *p)
{
    static const char *multi[] = {"MULTI"}, *exec[] = {"EXEC"};
    int ok = 1, in_tx = 1;

    if (p->n < 2) /* one command is applied whole anyway, and wakes its readers once */
        return wa_pipe_flush(c, p);
    for (size_t i = 0; i < p->n; i++)
        if (p->cmds[i]->overflow) {
            wa_error("Redis command too long", "what", p->whats[i]);
            return -1;
        }
    if (redisAppendCommandArgv(c, 1, multi, NULL) != REDIS_OK)
        return -2;
    for (size_t i = 0; i < p->n; i++)
        if (redisAppendCommandArgv(c, p->cmds[i]->argc, p->cmds[i]->argv, p->cmds[i]->argvlen) != REDIS_OK)
            return -2;
    if (redisAppendCommandArgv(c, 1, exec, NULL) != REDIS_OK)
        return -2;
    for (size_t i = 0; i < p->n + 2; i++) { /* MULTI's OK, QUEUED (or the refusal) per command, EXEC's array */
        void *rep = NULL;
        if (redisGetReply(c, &rep) != REDIS_OK || rep == NULL) {
            wa_warn("Redis transaction failed", "what", i == 0 || i > p->n ? "MULTI/EXEC" : p->whats[i - 1]);
            return -2;
        }
        redisReply *r = rep;
        if (i == 0 && r->type == REDIS_REPLY_ERROR) { /* MULTI refused (an ACL without it): a plain pipeline */
            wa_warn("Redis MULTI refused; the commands run as a plain pipeline", "error", r->str);
            in_tx = 0;
        } else if (i == p->n + 1 && !in_tx) {
            /* EXEC without MULTI: refused, and the commands' own replies were checked as they came */
        } else if (i == p->n + 1 && r->type == REDIS_REPLY_ARRAY && r->elements == p->n) {
            for (size_t k = 0; k < p->n; k++)
                if (r->element[k]->type == REDIS_REPLY_ERROR) {
                    wa_warn("Redis command failed", "what", p->whats[k], "error", r->element[k]->str);
                    ok = 0;
                }
        } else if (i == p->n + 1 && r->type != REDIS_REPLY_ARRAY) { /* EXECABORT: nothing was applied */
            wa_warn("Redis transaction refused", "error", r->type == REDIS_REPLY_ERROR ? r->str : "aborted");
            ok = 0;
        } else if (i == p->n + 1) {
            wa_warn("Redis transaction answered out of step", "what", "EXEC");
            freeReplyObject(r);
            return -2;
        } else if (r->type == REDIS_REPLY_ERROR) { /* refused while queued (OOM, arity): EXEC will abort */
            wa_warn("Redis command refused", "what", p->whats[i - 1], "error", r->str);
            ok = 0;
        }
        freeReplyObject(r);
    }
    return ok ? 0 : -1;
}
