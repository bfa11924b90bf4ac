/*
 * The ingress server (see server.h): sets up the shared h2o configuration,
 * binds one SO_REUSEPORT listener per worker (so a port already in use fails
 * before any thread starts), and runs each worker's event loop on its own
 * thread. A periodic tick on every loop drives the Redis connection's
 * reconnects, picks up a new set of doctors' app secrets (secrets.h) and polls
 * wa_stop_requested(); on a stop the worker closes its
 * listener, asks h2o to stop keeping connections alive, and keeps running
 * until its in-flight XADDs are answered and their responses written, or
 * ING_SERVER_DRAIN_MS passed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "h2o.h"
#include "wa/consumer.h"
#include "wa/hmac.h"
#include "wa/log.h"
#include "wa/net.h"
#include "wa/ops.h"
#include "rconn.h"
#include "webhook.h"
#include "worker.h"
#include "server.h"

#define TICK_MS 50
#define REDIS_TIMEOUT_MS 3000

/* Readiness: every worker's Redis connection is up (a worker without one answers 503 to its share of requests). */
static atomic_int redis_up_count;
static int worker_count;
static ing_worker_t *volatile all_workers; /* never freed, see the end of ing_server_run */
static sem_t workers_done;                 /* posted once by each worker when it drained */

static void on_redis_state(ing_rconn_t *rc, int up)
{
    int n = up ? atomic_fetch_add(&redis_up_count, 1) + 1 : atomic_fetch_sub(&redis_up_count, 1) - 1;
    wa_ready_set(WA_READY_REDIS, n == worker_count);
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    ing_worker_t *w = listener->data;
    h2o_socket_t *sock;
    int i;

    if (err != NULL)
        return;
    /* a few per wake-up: under a connection storm this halves the loop iterations, without starving requests */
    for (i = 0; i < 16 && (sock = h2o_evloop_socket_accept(listener)) != NULL; i++)
        h2o_accept(&w->accept_ctx, sock);
}

static void begin_stop(ing_worker_t *w)
{
    w->stopping = 1;
    w->stop_deadline = h2o_now(w->loop) + ING_SERVER_DRAIN_MS;
    if (w->listener != NULL) {
        h2o_socket_read_stop(w->listener);
        h2o_socket_close(w->listener); /* closes listen_fd */
        w->listener = NULL;
    }
    h2o_context_request_shutdown(&w->ctx); /* responses from now on close their connection */
}

static int drained(ing_worker_t *w)
{
    return (w->live == 0 && ing_rconn_pending(&w->redis) == 0) || h2o_now(w->loop) >= w->stop_deadline;
}

static void on_tick(h2o_timeout_entry_t *entry)
{
    ing_worker_t *w = H2O_STRUCT_FROM_MEMBER(ing_worker_t, tick_entry, entry);

    if (!w->stopping && wa_stop_requested())
        begin_stop(w);
    ing_rconn_tick(&w->redis);
    ing_appset_refresh(&w->apps);
    h2o_timeout_link(w->loop, &w->tick_timeout, &w->tick_entry);
}

/* Loop, context, listener socket, Redis connection and tick of one worker, created on the worker's own thread (h2o
 * keeps per-thread allocator caches). */
static void worker_setup(ing_worker_t *w, h2o_globalconf_t *gconf)
{
    w->loop = h2o_evloop_create();
    h2o_context_init(&w->ctx, w->loop, gconf);
    w->accept_ctx.ctx = &w->ctx;
    w->accept_ctx.hosts = gconf->hosts;
    w->listener = h2o_evloop_socket_create(w->loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    w->listener->data = w;
    h2o_socket_read_start(w->listener, on_accept);
    ing_rconn_init(&w->redis, w->loop, w->url, REDIS_TIMEOUT_MS, on_redis_state, w);
    h2o_timeout_init(w->loop, &w->tick_timeout, TICK_MS);
    w->tick_entry.cb = on_tick;
    h2o_timeout_link(w->loop, &w->tick_timeout, &w->tick_entry);
    ing_rconn_tick(&w->redis); /* connect now rather than one tick later */
    ing_appset_refresh(&w->apps);
}

static void *worker_main(void *arg)
{
    ing_worker_t *w = arg;

    worker_setup(w, w->gconf);
    while (!(w->stopping && drained(w)))
        if (h2o_evloop_run(w->loop, TICK_MS) != 0 && errno != EINTR) {
            wa_error("event loop failed", "errno", strerror(errno));
            break;
        }
    if (!(w->live == 0 && ing_rconn_pending(&w->redis) == 0))
        wa_warn("stopping with requests still in flight");
    h2o_timeout_unlink(&w->tick_entry);
    ing_rconn_dispose(&w->redis);
    /* h2o frees closed sockets and finished connections on the loop's next pass: give it two */
    for (int i = 0; i < 2; i++)
        (void)h2o_evloop_run(w->loop, 0);
    /* Report done and park instead of exiting: h2o caches memory in thread-locals that a thread's exit would orphan
     * (leak reports in sanitizer builds). The process exits once every worker reported. */
    sem_post(&workers_done);
    for (;;)
        pause();
    return NULL;
}

int ing_server_run(const wa_config_t *cfg, const wa_redis_url_t *url)
{
    static h2o_globalconf_t gconf; /* shared by every worker; lives until exit */
    h2o_hostconf_t *host;
    ing_worker_t *workers;
    int n = cfg->ingress_threads > 0 ? cfg->ingress_threads : 1, i, started = 0, rv = 0;
    char port[16], threads[16], max_body[24];

    h2o_config_init(&gconf);
    gconf.max_request_entity_size = (size_t)cfg->ingress_max_body;
    host = h2o_config_register_host(&gconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    ing_webhook_register(host, cfg);

    worker_count = n;
    if (sem_init(&workers_done, 0, 0) != 0)
        wa_fatal("sem_init failed");
    workers = wa_calloc((unsigned long)n, sizeof(*workers));
    for (i = 0; i < n; i++) {
        wa_hmac_t *hmac;
        int fd = wa_listen_tcp(NULL, cfg->ingress_port, 1, 0);
        if (fd == -1) {
            snprintf(port, sizeof(port), "%d", cfg->ingress_port);
            wa_error("cannot listen", "port", port, "errno", strerror(errno));
            return -1;
        }
        if ((hmac = wa_hmac_create(cfg->app_secret, strlen(cfg->app_secret))) == NULL) {
            wa_error("cannot create the HMAC context (OpenSSL)");
            close(fd);
            return -1;
        }
        workers[i].index = i;
        workers[i].cfg = cfg;
        workers[i].url = url;
        workers[i].gconf = &gconf;
        workers[i].hmac = hmac;
        workers[i].listen_fd = fd;
    }

    snprintf(port, sizeof(port), "%d", cfg->ingress_port);
    snprintf(threads, sizeof(threads), "%d", n);
    snprintf(max_body, sizeof(max_body), "%ld", cfg->ingress_max_body);
    wa_info("ingress listening", "port", port, "threads", threads, "max_body", max_body, "stream", cfg->key_in);

    for (i = 0; i < n; i++) {
        int err = pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
        if (err != 0) {
            wa_error("cannot start a worker thread", "errno", strerror(err));
            wa_stop_request(); /* the started ones drain and exit */
            rv = -1;
            break;
        }
        started++;
    }
    for (i = 0; i < started; i++)
        while (sem_wait(&workers_done) != 0)
            ; /* EINTR: a second signal */
    /* The parked threads, loops, contexts and idle keep-alive connections are left to process exit: h2o 2.2.5 asserts
     * when a context with open connections is disposed. `workers` stays reachable for the leak checker. */
    all_workers = workers;
    wa_info("ingress stopped");
    return rv;
}
