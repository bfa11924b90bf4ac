/*
 * wa-dashboard (services/dashboard): the web dashboard's server and its JSON
 * API under /api/v1 (ARCHITECTURE.md, "Dashboard and API"). This header holds
 * what every module of the service shares: the dashboard's own configuration
 * (read once by main.c from the environment) and the state of one worker
 * thread. server.c runs DASHBOARD_THREADS workers, each with its own h2o
 * evloop on an SO_REUSEPORT listener and its own blocking PostgreSQL and Redis
 * connections: a handler runs to completion on its thread, so a slow query
 * holds up that thread's requests only, never the others'.
 */
#ifndef dash__dashboard_h
#define dash__dashboard_h

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <stdint.h>
#include "h2o.h"
#include "wa/config.h"
#include "wa/pg.h"

typedef struct st_dash_config_t {
    const wa_config_t *wa;   /* the common variables (borrowed, lives as long as the process) */
    int port;                /* DASHBOARD_PORT (8080) */
    int threads;             /* DASHBOARD_THREADS (2) */
    const char *origin;      /* DASHBOARD_ORIGIN (http://127.0.0.1:8080), without a trailing slash */
    int secure_cookie;       /* 1 when the origin is https:// */
    const char *cookie_name; /* DASHBOARD_COOKIE_NAME (wa_session) */
    int session_idle_s;      /* DASHBOARD_SESSION_IDLE_S (1800) */
    int session_max_s;       /* DASHBOARD_SESSION_MAX_S (43200) */
    int login_max_account;   /* DASHBOARD_LOGIN_MAX_ACCOUNT (5 failures per window) */
    int login_max_addr;      /* DASHBOARD_LOGIN_MAX_ADDR (20 failures per window) */
    int login_window_s;      /* DASHBOARD_LOGIN_WINDOW_S (900) */
    int hash_concurrency;    /* DASHBOARD_HASH_CONCURRENCY (2): Argon2id computations at once, process-wide */
    double kb_threshold;     /* ROUTER_KB_THRESHOLD, as the router reads it */
    double kb_margin;        /* ROUTER_KB_MARGIN */
    /* Embedded Signup (API_REFERENCE A.12), offered only when all three are set; the manual form always works */
    const char *meta_app_id;     /* DASHBOARD_META_APP_ID ("" = off) */
    const char *meta_config_id;  /* DASHBOARD_META_CONFIG_ID */
    const char *meta_app_secret; /* DASHBOARD_META_APP_SECRET: exchanges the signup code; never logged */
} dash_config_t;

/* Reads the DASHBOARD_* variables (and the router's kb thresholds) into cfg. Returns 0, or -1 with a line on stderr
 * naming the invalid variable. */
int dash_config_load(dash_config_t *cfg, const wa_config_t *wa);

/* One worker thread; nothing in it is touched by another thread. */
typedef struct st_dash_worker_t {
    h2o_context_t ctx; /* handlers recover the worker with H2O_STRUCT_FROM_MEMBER(dash_worker_t, ctx, ...) */
    h2o_accept_ctx_t accept_ctx;
    h2o_evloop_t *loop;
    h2o_socket_t *listener; /* NULL once closed (shutdown) */
    int listen_fd;
    wa_pg_t *pg;              /* owned; blocking */
    redisContext *redis;      /* owned, connected lazily; NULL while down */
    const dash_config_t *cfg; /* borrowed */
    h2o_globalconf_t *gconf;  /* shared by every worker */
    int stopping;
    uint64_t stop_deadline;
    uint64_t last_ping;
    h2o_timeout_t tick_timeout;
    h2o_timeout_entry_t tick_entry;
    pthread_t thread;
    int index;
    /* the live inbox's server-sent events (live.c) */
    h2o_linklist_t ev_sse; /* open event streams of this worker */
    int ev_connections;    /* their number */
    uint64_t ev_seq;       /* the next event of the process-wide ring to send */
    uint64_t ev_heartbeat; /* when the last heartbeat went out (h2o_now) */
    uint64_t ev_checked;   /* when the streams were last checked for clients gone */
} dash_worker_t;

/* Runs a Redis command (NUL-terminated arguments) on the worker's connection, connecting first when needed. Returns
 * the reply (caller freeReplyObject()s it; an error reply has type REDIS_REPLY_ERROR) or NULL when Redis is
 * unreachable (the connection is dropped and retried on the next call). */
redisReply *dash_redis(dash_worker_t *w, int argc, const char **argv);

#endif
