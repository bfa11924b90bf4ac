/*
 * One asynchronous Redis connection per ingress thread that keeps itself up:
 * it connects (AUTH and SELECT from the REDIS_URL), reports when it becomes
 * usable or goes away, reconnects with a backoff (100 ms doubling to 2 s),
 * and aborts a connection on which commands stopped being answered. It runs
 * on an h2o evloop through the adapter in redis_h2o.c and is driven by the
 * worker's periodic tick (server.c); the webhook handler (webhook.c) sends
 * its XADDs through it. Not thread-safe: one per loop.
 */
#ifndef ing__rconn_h
#define ing__rconn_h

#include <stddef.h>
#include <stdint.h>
#include <hiredis/async.h>
#include "h2o.h"
#include "wa/redis.h"

#define ING_RCONN_BACKOFF_MIN_MS 100
#define ING_RCONN_BACKOFF_MAX_MS 2000

typedef struct st_ing_rconn_t ing_rconn_t;
typedef struct st_ing_rconn_req_t ing_rconn_req_t;

/* A command's completion. `reply` is NULL when the connection went away before the answer (the command may or may
 * not have been executed by Redis); otherwise it is borrowed and freed by hiredis when the callback returns. */
typedef void (*ing_rconn_reply_cb)(ing_rconn_req_t *req, redisReply *reply);

/* Embedded by the caller in its own per-command state (recover it with H2O_STRUCT_FROM_MEMBER). */
struct st_ing_rconn_req_t {
    ing_rconn_t *rc;
    ing_rconn_reply_cb cb;
};

/* Called each time the connection becomes usable (up = 1) or stops being usable (up = 0). */
typedef void (*ing_rconn_state_cb)(ing_rconn_t *rc, int up);

enum { ING_RCONN_DOWN = 0, ING_RCONN_CONNECTING, ING_RCONN_READY };

struct st_ing_rconn_t {
    h2o_loop_t *loop;
    wa_redis_url_t url;
    int timeout_ms; /* connect timeout and the longest wait for a reply while commands are pending */
    ing_rconn_state_cb on_state;
    void *data; /* the owner's, untouched */
    /* private */
    redisAsyncContext *ac; /* NULL when down */
    int state;
    int setup_failed; /* AUTH or SELECT answered an error */
    int closing;      /* ing_rconn_dispose in progress: no reconnect */
    int aborting;     /* inside abort_connection: the disconnect callback stays quiet */
    unsigned backoff_ms;
    uint64_t next_attempt; /* h2o_now() at which to connect again */
    uint64_t connect_started;
    uint64_t last_progress; /* last reply, or when the first pending command was sent */
    size_t pending;         /* commands sent through ing_rconn_command awaiting their reply */
    uint64_t failures;      /* consecutive failed attempts, for log throttling */
};

/* Initialises `rc` for `url` (copied) on `loop`; nothing connects until the first ing_rconn_tick. */
void ing_rconn_init(ing_rconn_t *rc, h2o_loop_t *loop, const wa_redis_url_t *url, int timeout_ms,
                    ing_rconn_state_cb on_state, void *data);

/* Connects when down and the backoff elapsed; aborts a connect that takes longer than timeout_ms and a connection
 * whose pending commands got no reply for timeout_ms (their callbacks run with reply NULL). Call periodically. */
void ing_rconn_tick(ing_rconn_t *rc);

/* 1 when commands can be sent. */
int ing_rconn_ready(const ing_rconn_t *rc);

/* Commands awaiting a reply. */
size_t ing_rconn_pending(const ing_rconn_t *rc);

/* Sends a command given as argv (arguments are copied). Returns 0 and then req->cb runs exactly once, later; or -1
 * (not connected, or hiredis refused) and req->cb never runs. `req` is the caller's and must stay valid until its
 * callback ran. */
int ing_rconn_command(ing_rconn_t *rc, ing_rconn_req_t *req, ing_rconn_reply_cb cb, int argc, const char **argv,
                      const size_t *argvlen);

/* Closes the connection now: pending callbacks run with reply NULL, on_state(0) is called if it was up, and no
 * reconnect follows. */
void ing_rconn_dispose(ing_rconn_t *rc);

#endif
