/*
 * Health, readiness and metrics (wa/ops.h). Metrics are a linked registry of
 * series with atomic values; registration takes a mutex, updates do not.
 * The ops HTTP server is a one-thread h2o evloop on OPS_PORT answering
 * /healthz, /readyz and /metrics, independent of the service's own loop.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <h2o.h>
#include <h2o/socket/evloop.h>
#include "wa/buf.h"
#include "wa/log.h"
#include "wa/net.h"
#include "wa/ops.h"

/* ---- readiness ---- */

static atomic_uint ready_bits, ready_required;

void wa_ready_require(unsigned bits)
{
    atomic_fetch_or(&ready_required, bits);
}

void wa_ready_set(unsigned bit, int on)
{
    if (on)
        atomic_fetch_or(&ready_bits, bit);
    else
        atomic_fetch_and(&ready_bits, ~bit);
}

unsigned wa_ready_bits(void)
{
    return atomic_load(&ready_bits);
}

int wa_ready(void)
{
    unsigned req = atomic_load(&ready_required);
    return (atomic_load(&ready_bits) & req) == req;
}

/* ---- metrics ---- */

struct st_wa_metric_t {
    wa_metric_kind_t kind;
    const char *name;
    const char *help;
    char *labels;
    _Atomic int64_t value; /* histograms: the observation count */
    _Atomic int64_t *buckets; /* histograms: observations per bucket (not cumulative), NBUCKETS + 1 for +Inf */
    _Atomic int64_t sum_us;   /* histograms: the sum of observations, microseconds */
    struct st_wa_metric_t *next;
};

/* Histogram bucket upper bounds, milliseconds: wide enough for a Redis round trip and a slow model call. */
static const double bucket_ms[] = {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000};
#define NBUCKETS (sizeof(bucket_ms) / sizeof(bucket_ms[0]))

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static wa_metric_t *registry_head, *registry_tail;

wa_metric_t *wa_metric(wa_metric_kind_t kind, const char *name, const char *labels, const char *help)
{
    const char *lab = labels != NULL ? labels : "";
    pthread_mutex_lock(&registry_lock);
    wa_metric_t *m;
    for (m = registry_head; m != NULL; m = m->next)
        if (strcmp(m->name, name) == 0 && strcmp(m->labels, lab) == 0)
            break;
    if (m == NULL) {
        m = wa_calloc(1, sizeof(*m));
        m->kind = kind;
        m->name = name;
        m->help = help != NULL ? help : "";
        m->labels = wa_strdup(lab);
        if (kind == WA_METRIC_HISTOGRAM)
            m->buckets = wa_calloc(NBUCKETS + 1, sizeof(*m->buckets));
        if (registry_tail != NULL)
            registry_tail->next = m;
        else
            registry_head = m;
        registry_tail = m;
    }
    pthread_mutex_unlock(&registry_lock);
    return m;
}

void wa_metric_add(wa_metric_t *m, int64_t v)
{
    atomic_fetch_add(&m->value, v);
}

void wa_metric_set(wa_metric_t *m, int64_t v)
{
    atomic_store(&m->value, v);
}

void wa_metric_observe_ms(wa_metric_t *m, double ms)
{
    if (m->buckets == NULL)
        return; /* not a histogram */
    if (ms < 0)
        ms = 0;
    size_t i = 0;
    while (i < NBUCKETS && ms > bucket_ms[i])
        i++;
    atomic_fetch_add(&m->buckets[i], 1);
    atomic_fetch_add(&m->sum_us, (int64_t)(ms * 1000.0));
    atomic_fetch_add(&m->value, 1);
}

int64_t wa_metric_value(const wa_metric_t *m)
{
    return atomic_load(&((wa_metric_t *)m)->value);
}

/* name_bucket/_sum/_count lines of one histogram series. */
static void render_histogram(wa_buf_t *b, const wa_metric_t *s)
{
    const char *sep = s->labels[0] != '\0' ? "," : "";
    int64_t cum = 0;
    for (size_t i = 0; i <= NBUCKETS; i++) {
        cum += atomic_load(&s->buckets[i]);
        if (i < NBUCKETS)
            wa_buf_printf(b, "%s_bucket{%s%sle=\"%g\"} %lld\n", s->name, s->labels, sep, bucket_ms[i] / 1000.0,
                       (long long)cum);
        else
            wa_buf_printf(b, "%s_bucket{%s%sle=\"+Inf\"} %lld\n", s->name, s->labels, sep, (long long)cum);
    }
    const char *open = s->labels[0] != '\0' ? "{" : "", *close = s->labels[0] != '\0' ? "}" : "";
    wa_buf_printf(b, "%s_sum%s%s%s %.6f\n", s->name, open, s->labels, close, (double)atomic_load(&s->sum_us) / 1e6);
    wa_buf_printf(b, "%s_count%s%s%s %lld\n", s->name, open, s->labels, close, (long long)cum);
}

char *wa_metrics_render(unsigned long *len)
{
    wa_buf_t b = WA_BUF_INIT;
    wa_buf_reserve(&b, 4096);
    pthread_mutex_lock(&registry_lock);
    /* HELP/TYPE once per name: series of one name are emitted together, in first-registration order */
    for (wa_metric_t *m = registry_head; m != NULL; m = m->next) {
        int seen = 0;
        for (wa_metric_t *p = registry_head; p != m; p = p->next)
            if (strcmp(p->name, m->name) == 0)
                seen = 1;
        if (seen)
            continue;
        wa_buf_printf(&b, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help, m->name,
                   m->kind == WA_METRIC_COUNTER ? "counter" : m->kind == WA_METRIC_GAUGE ? "gauge" : "histogram");
        for (wa_metric_t *s = m; s != NULL; s = s->next) {
            if (strcmp(s->name, m->name) != 0)
                continue;
            if (s->buckets != NULL)
                render_histogram(&b, s);
            else if (s->labels[0] != '\0')
                wa_buf_printf(&b, "%s{%s} %lld\n", s->name, s->labels, (long long)atomic_load(&s->value));
            else
                wa_buf_printf(&b, "%s %lld\n", s->name, (long long)atomic_load(&s->value));
        }
    }
    pthread_mutex_unlock(&registry_lock);
    if (len != NULL)
        *len = b.len;
    return wa_buf_release(&b);
}

/* ---- ops HTTP server ---- */

static h2o_globalconf_t ops_config;
static h2o_context_t ops_ctx;
static h2o_accept_ctx_t ops_accept_ctx;
static h2o_socket_t *ops_listener; /* kept reachable: the ops thread serves it until the process exits */

static int send_text(h2o_req_t *req, int status, const char *reason, const char *ctype, const char *body, size_t len)
{
    req->res.status = status;
    req->res.reason = reason;
    req->res.content_length = len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, ctype, strlen(ctype));
    h2o_send_inline(req, body, len);
    return 0;
}

static int on_ops_req(h2o_handler_t *self, h2o_req_t *req)
{
    h2o_iovec_t path = req->path_normalized;
    if (h2o_memis(path.base, path.len, H2O_STRLIT("/healthz")))
        return send_text(req, 200, "OK", "text/plain", H2O_STRLIT("ok\n"));
    if (h2o_memis(path.base, path.len, H2O_STRLIT("/readyz"))) {
        unsigned bits = wa_ready_bits();
        char body[160];
        int n = snprintf(body, sizeof(body), "{\"ready\":%s,\"redis\":%s,\"postgres\":%s,\"group\":%s}\n",
                         wa_ready() ? "true" : "false", bits & WA_READY_REDIS ? "true" : "false",
                         bits & WA_READY_PG ? "true" : "false", bits & WA_READY_GROUP ? "true" : "false");
        return wa_ready() ? send_text(req, 200, "OK", "application/json", body, (size_t)n)
                          : send_text(req, 503, "Service Unavailable", "application/json", body, (size_t)n);
    }
    if (h2o_memis(path.base, path.len, H2O_STRLIT("/metrics"))) {
        unsigned long len;
        char *text = wa_metrics_render(&len);
        send_text(req, 200, "OK", "text/plain; version=0.0.4", text, len);
        free(text);
        return 0;
    }
    return send_text(req, 404, "Not Found", "text/plain", H2O_STRLIT("not found\n"));
}

static void on_ops_accept(h2o_socket_t *listener, const char *err)
{
    if (err != NULL)
        return;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock != NULL)
        h2o_accept(&ops_accept_ctx, sock);
}

static void *ops_thread(void *arg)
{
    h2o_evloop_t *loop = arg;
    while (h2o_evloop_run(loop, INT32_MAX) == 0)
        ;
    return NULL;
}

int wa_ops_start(int port)
{
    if (port <= 0)
        return 0; /* disabled */
    int fd = wa_listen_tcp(NULL, port, 0, 0);
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    if (fd < 0) {
        wa_error("cannot listen on OPS_PORT", "port", portstr, "error", strerror(errno));
        return -1;
    }
    h2o_config_init(&ops_config);
    h2o_hostconf_t *host = h2o_config_register_host(&ops_config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *pathconf = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *handler = h2o_create_handler(pathconf, sizeof(*handler));
    handler->on_req = on_ops_req;
    h2o_evloop_t *loop = h2o_evloop_create();
    h2o_context_init(&ops_ctx, loop, &ops_config);
    ops_accept_ctx.ctx = &ops_ctx;
    ops_accept_ctx.hosts = ops_config.hosts;
    ops_listener = h2o_evloop_socket_create(loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    h2o_socket_read_start(ops_listener, on_ops_accept);
    pthread_t tid;
    if (pthread_create(&tid, NULL, ops_thread, loop) != 0) {
        wa_error("cannot start the ops thread");
        return -1;
    }
    pthread_detach(tid);
    wa_info("ops server listening", "port", portstr);
    return 0;
}
