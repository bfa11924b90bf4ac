/*
 * Synchronous Redis connections from a REDIS_URL (redis://[:password@]host:port[/db]
 * or redis://user:password@host:port/db). Used by the stream consumer loop,
 * by the services' side effects and by wactl. The ingress uses hiredis' async
 * API instead (services/ingress).
 */
#ifndef wa__redis_h
#define wa__redis_h

#include <hiredis/hiredis.h>
#include "wa/entry.h"

typedef struct st_wa_redis_url_t {
    char host[256];
    int port;
    int db;
    char user[128];
    char password[256];
} wa_redis_url_t;

/* Parses a redis:// URL. Returns 0 or -1 (not a redis URL). */
int wa_redis_url_parse(const char *url, wa_redis_url_t *out);

/* Connects, authenticates and selects the database. `timeout_ms` bounds connect and each command (0 = none; a
 * connection used for XREADGROUP BLOCK must have none or a longer one). Returns a context owned by the caller
 * (redisFree), or NULL with a log line that names host:port (never the password). */
redisContext *wa_redis_connect(const char *url, int timeout_ms);

/* Runs a command given as argv (argvlen NULL: NUL-terminated strings). Returns the reply (caller frees with freeReplyObject) or NULL when the connection
 * failed (c->err set: the caller must reconnect). An error reply is returned as a reply of type REDIS_REPLY_ERROR. */
redisReply *wa_redis_cmd(redisContext *c, int argc, const char **argv, const size_t *argvlen);

/* Sends every command of `p` in one pipeline and reads every reply. Returns 0; -1 when a command is too long
 * (nothing sent, logged) or answered with an error reply (logged with its label; the others ran); -2 when the
 * connection failed or lost step with its replies: the caller must drop it and reconnect. The pipe is left as it
 * was (wa_pipe_dispose). */
int wa_pipe_flush(redisContext *c, const wa_pipe_t *p);

/* wa_pipe_flush, the commands wrapped in MULTI/EXEC (when there are two or more): still one round trip, and a reader
 * blocked on a stream they add to (XREADGROUP BLOCK) is woken once, after the EXEC, with every entry, where a plain
 * pipeline wakes it at the first XADD and it reads the rest in a second read. All or nothing when a command is
 * refused while queued (OOM, arity: EXECABORT, nothing applied); an error while executing fails that command alone,
 * as in a plain pipeline; a MULTI refused (an ACL without it) leaves a plain pipeline. Returns as wa_pipe_flush: 0; -1 when a command is too long (nothing sent), refused or
 * failed (logged with its label); -2 when the connection failed or lost step with its replies. */
int wa_pipe_flush_tx(redisContext *c, const wa_pipe_t *p);

#endif
