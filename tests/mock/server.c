/*
 * HTTP layer and entry point of wa-mock, the mock Meta Graph / Gemini /
 * OpenAI-compatible server used by the test suite and the benchmarks. Runs
 * h2o 2.2.5 evloop: one loop, context and SO_REUSEPORT listener per thread,
 * one shared configuration and one shared state (mock.h). Each request is
 * turned into a mock_req_t and answered by mock_dispatch at once; the answer
 * is then sent immediately or after the configured delay, which waits on an
 * h2o timeout (one per distinct delay and thread), never in sleep(), so any
 * number of delayed requests wait in parallel.
 *
 * Usage: wa-mock --port P [--threads N] [--host 127.0.0.1] [--log-level info]
 * SIGINT / SIGTERM stop it with exit status 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <h2o.h>

#include "wa/log.h"
#include "wa/net.h"

#include "mock.h"

#define MAX_THREADS 64
#define MAX_BODY (64 * 1024 * 1024)

typedef struct st_mock_thread_t {
    pthread_t tid;
    int fd; /* listening socket */
    h2o_evloop_t *loop;
    h2o_context_t ctx;
    h2o_accept_ctx_t accept_ctx;
    h2o_timeout_t **timers; /* one per distinct delay, created on first use, never freed before exit */
    size_t ntimers;
} mock_thread_t;

/* A response waiting to be sent; lives in the request's pool, so the body stays valid while h2o writes it and the
 * timer is unlinked if the request goes away first. */
typedef struct st_pending_t {
    h2o_req_t *req;
    h2o_timeout_entry_t timer;
    int status;
    const char *content_type;
    char retry_after[16];
    char *body; /* owned (malloc) */
    size_t len;
} pending_t;

static mock_state_t state;
static h2o_globalconf_t config;
static mock_thread_t threads[MAX_THREADS];
static size_t nthreads = 1;
static atomic_int stopping;

/* Sanitizer builds: connections still open at exit belong to h2o and are unreachable for LeakSanitizer (h2o finds
 * them through epoll), so leaks allocated inside libh2o are not reported; ours still are. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libh2o-evloop.so\n";
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *reason_of(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 499:
        return "Client Closed Request";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

static void pending_dispose(void *p)
{
    pending_t *pd = p;
    if (h2o_timeout_is_linked(&pd->timer))
        h2o_timeout_unlink(&pd->timer);
    free(pd->body);
}

static void respond(pending_t *pd)
{
    static h2o_generator_t generator = {NULL, NULL};
    h2o_req_t *req = pd->req;
    req->res.status = pd->status;
    req->res.reason = reason_of(pd->status);
    req->res.content_length = pd->len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, pd->content_type,
                   strlen(pd->content_type));
    if (pd->retry_after[0] != '\0')
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_RETRY_AFTER, NULL, pd->retry_after,
                       strlen(pd->retry_after));
    h2o_start_response(req, &generator);
    h2o_iovec_t body = h2o_iovec_init(pd->body != NULL ? pd->body : "", pd->len);
    h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
}

static void on_delay_cb(h2o_timeout_entry_t *entry)
{
    respond(H2O_STRUCT_FROM_MEMBER(pending_t, timer, entry));
}

/* The thread's timeout for `ms`, created on first use (h2o 2.2.5 keeps one list per distinct duration). */
static h2o_timeout_t *timer_for(mock_thread_t *th, uint64_t ms)
{
    for (size_t i = 0; i < th->ntimers; i++)
        if (th->timers[i]->timeout == ms)
            return th->timers[i];
    h2o_timeout_t **grown = realloc(th->timers, (th->ntimers + 1) * sizeof(*grown));
    if (grown == NULL)
        wa_fatal("out of memory");
    th->timers = grown;
    h2o_timeout_t *t = wa_calloc(1, sizeof(*t));
    h2o_timeout_init(th->loop, t, ms);
    th->timers[th->ntimers++] = t;
    return t;
}

static void header_value(h2o_req_t *req, const h2o_token_t *token, const char *name, const char **base, size_t *len)
{
    ssize_t i = token != NULL ? h2o_find_header(&req->headers, token, -1)
                              : h2o_find_header_by_str(&req->headers, name, strlen(name), -1);
    if (i == -1) {
        *base = NULL;
        *len = 0;
    } else {
        *base = req->headers.entries[i].value.base;
        *len = req->headers.entries[i].value.len;
    }
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    mock_req_t mr;
    mock_res_t res;
    int64_t arrived = now_ms();

    memset(&mr, 0, sizeof(mr));
    mr.method = req->method.base;
    mr.method_len = req->method.len;
    mr.path = req->path.base;
    mr.path_len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    if (req->query_at != SIZE_MAX) {
        mr.query = req->path.base + req->query_at + 1;
        mr.query_len = req->path.len - req->query_at - 1;
    }
    header_value(req, H2O_TOKEN_AUTHORIZATION, NULL, &mr.authorization, &mr.authorization_len);
    header_value(req, NULL, "x-goog-api-key", &mr.api_key, &mr.api_key_len);
    mr.host = req->authority.base; /* h2o moves Host into authority */
    mr.host_len = req->authority.base != NULL ? req->authority.len : 0;
    header_value(req, H2O_TOKEN_CONTENT_TYPE, NULL, &mr.content_type, &mr.content_type_len);
    {
        size_t total = 8 + req->authority.len;
        for (size_t i = 0; i < req->headers.size; i++)
            total += req->headers.entries[i].name->len + req->headers.entries[i].value.len + 2;
        char *hb = h2o_mem_alloc_pool(&req->pool, total), *hp = hb;
        memcpy(hp, "host:", 5); /* h2o keeps Host as the authority */
        hp += 5;
        if (req->authority.len > 0)
            memcpy(hp, req->authority.base, req->authority.len);
        hp += req->authority.len;
        *hp++ = '\n';
        for (size_t i = 0; i < req->headers.size; i++) {
            const h2o_header_t *hd = &req->headers.entries[i];
            memcpy(hp, hd->name->base, hd->name->len);
            hp += hd->name->len;
            *hp++ = ':';
            memcpy(hp, hd->value.base, hd->value.len);
            hp += hd->value.len;
            *hp++ = '\n';
        }
        mr.headers = hb;
        mr.headers_len = (size_t)(hp - hb);
    }
    mr.body = req->entity.base;
    mr.body_len = req->entity.base != NULL ? req->entity.len : 0;
    if (mr.path_len == 0) { /* "*" or an absolute-form oddity: treat as the root */
        mr.path = "/";
        mr.path_len = 1;
    }

    mock_res_init(&res);
    mock_dispatch(&state, &mr, arrived, &res);
    if (res.pad_bytes > 0) { /* after the request log took its copy: the padding is not logged */
        wa_buf_reserve(&res.body, (size_t)res.pad_bytes + 1);
        memset(res.body.base + res.body.len, ' ', (size_t)res.pad_bytes);
        res.body.len += (size_t)res.pad_bytes;
        res.body.base[res.body.len] = '\0';
    }
    wa_debug("request", "api", res.api, "path",
             req->path.len < 512 ? h2o_strdup(&req->pool, req->path.base, req->path.len).base : "(long)");

    pending_t *pd = h2o_mem_alloc_shared(&req->pool, sizeof(*pd), pending_dispose);
    memset(pd, 0, sizeof(*pd));
    pd->req = req;
    pd->status = res.status;
    pd->content_type = h2o_strdup(&req->pool, res.content_type, SIZE_MAX).base; /* may point into res */
    memcpy(pd->retry_after, res.retry_after, sizeof(pd->retry_after));
    pd->body = res.body.base; /* ownership moves to the pending response */
    pd->len = res.body.len;
    wa_buf_init(&res.body);
    mock_res_dispose(&res);

    if (res.delay_ms > 0) {
        mock_thread_t *th = H2O_STRUCT_FROM_MEMBER(mock_thread_t, ctx, req->conn->ctx);
        pd->timer.cb = on_delay_cb;
        h2o_timeout_link(th->loop, timer_for(th, (uint64_t)res.delay_ms), &pd->timer);
    } else {
        respond(pd);
    }
    return 0;
}

static void on_accept_cb(h2o_socket_t *listener, const char *err)
{
    mock_thread_t *th = listener->data;
    if (err != NULL)
        return;
    for (int i = 0; i < 64; i++) { /* drain the backlog a little at a time */
        h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
        if (sock == NULL)
            break;
        h2o_accept(&th->accept_ctx, sock);
    }
}

static void *thread_main(void *arg)
{
    mock_thread_t *th = arg;
    th->loop = h2o_evloop_create();
    h2o_context_init(&th->ctx, th->loop, &config);
    th->accept_ctx.ctx = &th->ctx;
    th->accept_ctx.hosts = config.hosts;
    h2o_socket_t *listener = h2o_evloop_socket_create(th->loop, th->fd, H2O_SOCKET_FLAG_DONT_READ);
    listener->data = th;
    h2o_socket_read_start(listener, on_accept_cb);
    while (!atomic_load(&stopping))
        h2o_evloop_run(th->loop, 100); /* wake up now and then to notice a stop */
    h2o_socket_read_stop(listener);
    h2o_socket_close(listener); /* the loop frees closed sockets on its next turn */
    h2o_evloop_run(th->loop, 0);
    return NULL;
}

/* A non-blocking listening socket on host:port with SO_REUSEPORT (one per thread). Returns the fd or -1 (logged). */
static int open_listener(const char *host, int port)
{
    int fd = wa_listen_tcp(host, port, 1, 1);
    if (fd == -1)
        wa_error(errno == EINVAL ? "invalid --host (an IPv4 address is expected)" : "cannot listen", "host", host,
                 "error", strerror(errno));
    return fd;
}

static int bound_port(int fd)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
        return -1;
    return ntohs(addr.sin_port);
}

static void usage(FILE *out)
{
    fputs("usage: wa-mock --port P [--threads N] [--host 127.0.0.1] [--log-level debug|info|warn|error]\n"
          "Mock Meta Graph API, Gemini API and OpenAI-compatible server for tests; control API under /_mock/.\n",
          out);
}

/* Parses a decimal int in [min, max]; returns 0 or -1. */
static int parse_int(const char *s, int min, int max, int *out)
{
    char *end;
    long v;
    if (s == NULL || *s == '\0')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1", *level = NULL;
    int port = -1, nthr = 1, sig;
    sigset_t stop_signals;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--port") == 0 && parse_int(v, 0, 65535, &port) == 0) {
            i++;
        } else if (strcmp(a, "--threads") == 0 && parse_int(v, 1, MAX_THREADS, &nthr) == 0) {
            i++;
        } else if (strcmp(a, "--host") == 0 && v != NULL) {
            host = v;
            i++;
        } else if (strcmp(a, "--log-level") == 0 && v != NULL) {
            level = v;
            i++;
        } else {
            fprintf(stderr, "wa-mock: bad or incomplete argument: %s\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (port < 0) {
        fputs("wa-mock: --port is required\n", stderr);
        usage(stderr);
        return 2;
    }
    wa_log_init("wa-mock", level);
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT/SIGTERM are taken by sigwait below; the worker threads inherit the mask and never see them */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &stop_signals, NULL) != 0)
        wa_fatal("pthread_sigmask failed");

    mock_state_init(&state, MOCK_LOG_CAPACITY);
    h2o_config_init(&config);
    config.max_request_entity_size = MAX_BODY;
    config.server_name = h2o_iovec_init(H2O_STRLIT("wa-mock"));
    h2o_hostconf_t *hostconf = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *pathconf = h2o_config_register_path(hostconf, "/", 0);
    h2o_create_handler(pathconf, sizeof(h2o_handler_t))->on_req = on_req;

    /* bind every listener before starting: port 0 picks a free port once, the others share it */
    nthreads = (size_t)nthr;
    for (size_t i = 0; i < nthreads; i++) {
        if ((threads[i].fd = open_listener(host, port)) == -1)
            return 1;
        if (port == 0 && (port = bound_port(threads[i].fd)) <= 0) {
            wa_error("getsockname failed", "error", strerror(errno));
            return 1;
        }
    }
    for (size_t i = 0; i < nthreads; i++)
        if (pthread_create(&threads[i].tid, NULL, thread_main, &threads[i]) != 0)
            wa_fatal("pthread_create failed");

    char port_s[16], threads_s[16];
    snprintf(port_s, sizeof(port_s), "%d", port);
    snprintf(threads_s, sizeof(threads_s), "%zu", nthreads);
    wa_info("listening", "host", host, "port", port_s, "threads", threads_s);

    if (sigwait(&stop_signals, &sig) != 0)
        wa_fatal("sigwait failed");
    atomic_store(&stopping, 1);
    for (size_t i = 0; i < nthreads; i++)
        if (pthread_join(threads[i].tid, NULL) != 0)
            wa_fatal("pthread_join failed");
    wa_info("stopped", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM");
    mock_state_dispose(&state);
    return 0;
}
