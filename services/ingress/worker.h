/*
 * The state of one ingress thread (services/ingress): its h2o event loop and
 * context, its SO_REUSEPORT listener, its own asynchronous Redis connection
 * and its own pre-keyed HMACs (the master app secret's and the doctors'). server.c creates and runs workers; the webhook
 * handler (webhook.c), shared by all threads through one h2o_globalconf_t,
 * finds the worker of a request from req->conn->ctx. Nothing in a worker is
 * touched by another thread.
 */
#ifndef ing__worker_h
#define ing__worker_h

#include <pthread.h>
#include <stddef.h>
#include "h2o.h"
#include "wa/config.h"
#include "wa/hmac.h"
#include "wa/redis.h"
#include "rconn.h"
#include "secrets.h"

typedef struct st_ing_worker_t {
    h2o_context_t ctx; /* handlers recover the worker with H2O_STRUCT_FROM_MEMBER(ing_worker_t, ctx, ...) */
    h2o_accept_ctx_t accept_ctx;
    h2o_evloop_t *loop;
    h2o_socket_t *listener; /* NULL once closed (shutdown) */
    int listen_fd;
    ing_rconn_t redis;
    wa_hmac_t *hmac;            /* keyed with WHATSAPP_APP_SECRET; owned */
    ing_appset_t apps;          /* the doctors' app secrets, pre-keyed; refreshed by the tick (secrets.h) */
    const wa_config_t *cfg;     /* borrowed, lives as long as the process */
    const wa_redis_url_t *url;  /* borrowed, likewise */
    h2o_globalconf_t *gconf;    /* shared by every worker */
    size_t live;                /* POSTs holding a request guard (XADD in flight or response being written) */
    int stopping;               /* set once a stop was requested: listener closed, connections not kept alive */
    uint64_t stop_deadline;     /* h2o_now() after which the loop exits even with work left */
    uint64_t last_error_log;    /* throttles per-request error lines */
    h2o_timeout_t tick_timeout; /* the periodic tick: stop polling, Redis reconnects */
    h2o_timeout_entry_t tick_entry;
    pthread_t thread;
    int index;
} ing_worker_t;

#endif
