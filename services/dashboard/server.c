/*
 * The dashboard's server (see server.h). The ingress' shape
 * (services/ingress/server.c): one SO_REUSEPORT listener per worker bound
 * before any thread starts, each worker's loop on its own thread, a periodic
 * tick that polls wa_stop_requested() and keeps readiness current. Unlike the
 * ingress, handlers here call PostgreSQL and Redis synchronously: a request
 * holds its worker's thread until it is answered (the API's queries are
 * short, and an Argon2id hash waits for a slot of its own semaphore,
 * secret.h), while the other workers keep serving.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h2o.h"
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/net.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "api.h"
#include "auth.h"
#include "live.h"
#include "http.h"
#include "server.h"
#include "media.h"
#include "static.h"

#define TICK_MS 100
#define PING_MS 2000
#define REDIS_TIMEOUT_MS 3000

static sem_t workers_done;
static dash_worker_t *volatile all_workers; /* never freed: see ing_server_run */

static struct {
    wa_metric_t *by_class[6];
    wa_metric_t *secs;
} metrics;

redisReply *dash_redis(dash_worker_t *w, int argc, const char **argv)
{
    redisReply *r;
    /* A connection kept from before a Redis restart fails its first command: reconnect and try once more, so that
     * the first request after the restart does not answer 503 (a command whose answer was lost may run twice: the
     * dashboard's writes are idempotent or harmless counters, and a wa:out entry keeps its out_id). */
    for (int attempt = 0; attempt < 2; attempt++) {
        int fresh = w->redis == NULL;
        if (w->redis == NULL && (w->redis = wa_redis_connect(w->cfg->wa->redis_url, REDIS_TIMEOUT_MS)) == NULL) {
            wa_ready_set(WA_READY_REDIS, 0);
            return NULL;
        }
        if ((r = wa_redis_cmd(w->redis, argc, argv, NULL)) != NULL)
            return r;
        redisFree(w->redis);
        w->redis = NULL;
        wa_ready_set(WA_READY_REDIS, 0);
        if (fresh)
            break;
    }
    return NULL;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    dash_worker_t *w = listener->data;
    h2o_socket_t *sock;
    if (err != NULL)
        return;
    for (int i = 0; i < 16 && (sock = h2o_evloop_socket_accept(listener)) != NULL; i++)
        h2o_accept(&w->accept_ctx, sock);
}

static void observe(h2o_req_t *req)
{
    int cls = req->res.status / 100;
    struct timeval now;
    if (cls >= 1 && cls <= 5)
        wa_metric_add(metrics.by_class[cls], 1);
    if (!h2o_timeval_is_null(&req->timestamps.request_begin_at)) {
        gettimeofday(&now, NULL);
        wa_metric_observe_ms(metrics.secs,
                             (double)h2o_timeval_subtract(&req->timestamps.request_begin_at, &now) / 1000.0);
    }
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    dash_worker_t *w = H2O_STRUCT_FROM_MEMBER(dash_worker_t, ctx, req->conn->ctx);
    h2o_iovec_t path = req->path_normalized;

    if (path.len >= 8 && memcmp(path.base, "/api/v1/", 8) == 0) {
        dash_api_handle(w, req);
    } else {
        dash_static_serve(req);
    }
    observe(req);
    return 0;
}

static void begin_stop(dash_worker_t *w)
{
    w->stopping = 1;
    w->stop_deadline = h2o_now(w->loop) + DASH_SERVER_DRAIN_MS;
    if (w->listener != NULL) {
        h2o_socket_read_stop(w->listener);
        h2o_socket_close(w->listener);
        w->listener = NULL;
    }
    dash_events_worker_close(w);
    h2o_context_request_shutdown(&w->ctx);
}

/* Readiness, and connections that mend themselves: every worker checks its own PostgreSQL and Redis connections
 * every PING_MS, so that after a restart of either (a failover) a broken connection is dropped and re-opened here,
 * not by the first request of a user, which would answer 503. */
static void ping(dash_worker_t *w)
{
    uint64_t now = h2o_now(w->loop);
    if (now - w->last_ping < PING_MS)
        return;
    w->last_ping = now;
    (void)wa_pg_ping(w->pg, PING_MS);
    const char *argv[] = {"PING", NULL};
    redisReply *r = dash_redis(w, 1, argv);
    if (w->index == 0)
        wa_ready_set(WA_READY_REDIS, r != NULL && r->type == REDIS_REPLY_STATUS);
    if (r != NULL)
        freeReplyObject(r);
}

static void on_tick(h2o_timeout_entry_t *entry)
{
    dash_worker_t *w = H2O_STRUCT_FROM_MEMBER(dash_worker_t, tick_entry, entry);
    if (!w->stopping && wa_stop_requested())
        begin_stop(w);
    if (!w->stopping) {
        ping(w);
        dash_events_worker_tick(w);
    }
    h2o_timeout_link(w->loop, &w->tick_timeout, &w->tick_entry);
}

static void *worker_main(void *arg)
{
    dash_worker_t *w = arg;

    w->loop = h2o_evloop_create();
    h2o_context_init(&w->ctx, w->loop, w->gconf);
    w->accept_ctx.ctx = &w->ctx;
    w->accept_ctx.hosts = w->gconf->hosts;
    w->listener = h2o_evloop_socket_create(w->loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    w->listener->data = w;
    h2o_socket_read_start(w->listener, on_accept);
    dash_events_worker_init(w);
    h2o_timeout_init(w->loop, &w->tick_timeout, TICK_MS);
    w->tick_entry.cb = on_tick;
    h2o_timeout_link(w->loop, &w->tick_timeout, &w->tick_entry);
    ping(w);

    while (!(w->stopping && h2o_now(w->loop) >= w->stop_deadline))
        if (h2o_evloop_run(w->loop, TICK_MS) != 0 && errno != EINTR) {
            wa_error("event loop failed", "errno", strerror(errno));
            break;
        }
    h2o_timeout_unlink(&w->tick_entry);
    for (int i = 0; i < 2; i++)
        (void)h2o_evloop_run(w->loop, 0);
    wa_pg_destroy(w->pg);
    w->pg = NULL;
    if (w->redis != NULL)
        redisFree(w->redis);
    w->redis = NULL;
    /* park: h2o's thread-local caches must not be orphaned by a thread exit (see the ingress) */
    sem_post(&workers_done);
    for (;;)
        pause();
    return NULL;
}

int dash_server_run(const dash_config_t *cfg)
{
    static h2o_globalconf_t gconf;
    h2o_hostconf_t *host;
    h2o_pathconf_t *pathconf;
    h2o_handler_t *handler;
    dash_worker_t *workers;
    int n = cfg->threads, i, started = 0, rv = 0;
    char port[16], threads[16];

    for (i = 1; i <= 5; i++) {
        char labels[32];
        snprintf(labels, sizeof(labels), "class=\"%dxx\"", i);
        metrics.by_class[i] =
            wa_metric(WA_METRIC_COUNTER, "wa_dashboard_requests_total", labels, "Dashboard requests by status class");
    }
    metrics.secs = wa_metric(WA_METRIC_HISTOGRAM, "wa_dashboard_request_seconds", NULL,
                             "Dashboard requests from their start to the response");

    if (dash_static_init() != 0)
        return -1;
    dash_auth_metrics_init();
    h2o_config_init(&gconf);
    gconf.max_request_entity_size = (size_t)dash_media_upload_limit(); /* JSON routes: 1 MiB (api.c) */
    host = h2o_config_register_host(&gconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    pathconf = h2o_config_register_path(host, "/", 0);
    handler = h2o_create_handler(pathconf, sizeof(*handler));
    handler->on_req = on_req;

    if (sem_init(&workers_done, 0, 0) != 0)
        wa_fatal("sem_init failed");
    workers = wa_calloc((unsigned long)n, sizeof(*workers));
    snprintf(port, sizeof(port), "%d", cfg->port);
    for (i = 0; i < n; i++) {
        int fd = wa_listen_tcp(NULL, cfg->port, 1, 0);
        if (fd == -1) {
            wa_error("cannot listen", "port", port, "errno", strerror(errno));
            return -1;
        }
        workers[i].index = i;
        workers[i].cfg = cfg;
        workers[i].gconf = &gconf;
        workers[i].listen_fd = fd;
        workers[i].pg = wa_pg_create(cfg->wa->database_url);
    }
    snprintf(threads, sizeof(threads), "%d", n);
    if (dash_events_start(cfg) != 0)
        return -1;
    wa_info("dashboard listening", "port", port, "threads", threads, "origin", cfg->origin);
    for (i = 0; i < n; i++) {
        int err = pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
        if (err != 0) {
            wa_error("cannot start a worker thread", "errno", strerror(err));
            wa_stop_request();
            rv = -1;
            break;
        }
        started++;
    }
    for (i = 0; i < started; i++)
        while (sem_wait(&workers_done) != 0)
            ;
    dash_events_join();
    all_workers = workers;
    wa_info("dashboard stopped");
    return rv;
}
