/*
 * wa-loadgen: the load generator of the benchmarks (bench/). It POSTs WhatsApp webhooks to an ingress as Meta
 * does: each body is a realistic `messages` notification (mostly text questions, some images, locations, button
 * replies and reactions; a share of batches carrying several messages of several patients), each message has a
 * unique wamid, and each body is signed with the app secret (X-Hub-Signature-256: sha256=HMAC-SHA256 hex). It
 * keeps --connections keep-alive HTTP/1.1 connections busy from one epoll loop (raw non-blocking sockets, one
 * request in flight per connection), either as fast as possible or at a fixed --rate, and prints requests/s and
 * p50/p99/max latency of the POST (from the moment the request was due, so a saturated server cannot hide its
 * queueing). With --mock it also measures webhook-to-Graph latency: it reads wa-mock's request log
 * (/_mock/requests, received_at_ms) for message sends whose context.message_id is one of its wamids. With
 * --method GET it requests the URL without a body or signature instead (bench/ingress.sh measures /healthz so).
 * With --retry N a request that failed (connection error or non-2xx) is sent again, same bytes, up to N times, as
 * Meta retries. --unique-pct P makes P% of the texts unique (a number appended), as new questions are; texts given
 * with --ai-text are picked among the others alike, and the webhook-to-Graph latency is also printed by kind (a
 * question asked before, one made unique, one for the ai), so a tail can be read by what waits in it. --dump FILE
 * writes one line per message at the end, "wamid due_ms reply_ms" (wall-clock ms; reply_ms 0 without a reply), for
 * drivers that follow each reply through the pipeline's stages (bench/tail.py). At a fixed
 * rate it sleeps until the next request is due on a timerfd (nanosecond deadlines: no busy loop, so its own CPU,
 * printed at the end, stays small and does not distort the services' figures). The last line of output is
 * machine-readable: "RESULT key=value ...".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include "wa/hmac.h"

#define LG_MAX_DOCTORS 256
#define LG_MAX_TEXTS 256
#define LG_INBUF 16384

/* one request: its bytes (owned), when it was due (monotonic ns) and how often it was tried */
typedef struct st_lg_req_t {
    char *buf;
    size_t len;
    long long due_ns;
    int attempts;
    long long first_index; /* index of the first message's wamid, -1 for GET */
    int nmsgs;
    struct st_lg_req_t *next;
} lg_req_t;

typedef enum en_lg_state_t { LG_CLOSED = 0, LG_CONNECTING, LG_IDLE, LG_WRITING, LG_READING } lg_state_t;

typedef struct st_lg_conn_t {
    int fd;
    lg_state_t state;
    lg_req_t *req; /* in flight (owned) */
    size_t off;    /* bytes of req written */
    char in[LG_INBUF];
    size_t inlen;
    long long retry_at_ns; /* reconnect not before */
} lg_conn_t;

typedef struct st_lg_doctor_t {
    char display[32];
    char phone_id[64];
} lg_doctor_t;

typedef struct st_lg_t {
    /* options */
    char host[300], port[300], path[1024];
    const char *url, *secret, *mock, *method, *dump;
    int connections;
    double rate, duration;
    long long max_requests;
    int batch_pct, retries, wait_s, media_pct, unique_pct, quiet_s;
    long patients;
    unsigned long long patient_base;
    lg_doctor_t doctors[LG_MAX_DOCTORS];
    int ndoctors;
    const char *texts[LG_MAX_TEXTS];
    unsigned char for_ai[LG_MAX_TEXTS]; /* texts[i] came from --ai-text */
    int ntexts;
    /* run state */
    struct sockaddr_storage addr;
    socklen_t addrlen;
    int ep;
    lg_conn_t *conns;
    char run_id[16];
    unsigned long long rng;
    long long next_msg;   /* wamid counter */
    long long text_msgs;  /* of which text messages (the ones a knowledge base answers) */
    long long *sent_ms;   /* wall-clock ms at which message i was due, grows */
    unsigned char *kind;  /* per message: its lg_kind_t, grows with sent_ms */
    long long sent_cap;
    long long issued;     /* new requests created */
    long long completed, ok, failed, retried, conn_errors, late;
    long long *lat_us;    /* POST latencies of successful requests */
    long long nlat, caplat;
    lg_req_t *retry_head, *retry_tail;
    long long t0_ns;
} lg_t;

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wa-loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL)
        die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (p == NULL)
        die("out of memory");
    return p;
}

static long long mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* xorshift64*: reproducible bodies for a given --seed */
static unsigned long long rnd(lg_t *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 2685821657736338717ULL;
}

static int rnd_pct(lg_t *g, int pct)
{
    return (int)(rnd(g) % 100) < pct;
}

/* --- a growable string -------------------------------------------------------------------------------------- */

typedef struct st_lg_buf_t {
    char *p;
    size_t len, cap;
} lg_buf_t;

static void buf_reserve(lg_buf_t *b, size_t more)
{
    if (b->len + more + 1 > b->cap) {
        b->cap = (b->len + more + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
}

static void buf_add(lg_buf_t *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_printf(lg_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(lg_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* --- bodies ------------------------------------------------------------------------------------------------- */

static const char *const default_texts[] = {
    "What are your timings?", "Is the clinic open on Sunday?", "How much is the consultation fee?",
    "Where is the clinic located?", "Can I book an appointment for tomorrow morning?",
    "My son has had a fever since yesterday, should I bring him in?", "Do you accept health insurance?",
};
static const char *const names[] = {"Priya Sharma", "Rahul Verma", "Anita Desai", "Vikram Singh", "Meena Iyer",
                                    "Arjun Nair", "Fatima Khan", "Joseph D'Souza"};

static void patient_number(lg_t *g, long idx, char *out, size_t outsz)
{
    snprintf(out, outsz, "%llu", g->patient_base + (unsigned long long)idx);
}

/* What a message asks, for the latency by kind: the text of a question asked before (a --text), the same made
 * unique (a new question: its clinic's answer not known yet), or a question for the ai (an --ai-text, either way). */
typedef enum { LG_KIND_OTHER, LG_KIND_ASKED, LG_KIND_UNIQUE, LG_KIND_AI, LG_KIND__COUNT } lg_kind_t;
static const char *const kind_names[LG_KIND__COUNT] = {"other", "asked", "unique", "ai"};

/* Appends one message object from `from`, with wamid number `msg_index`. */
static void add_message(lg_t *g, lg_buf_t *b, const char *from, long long msg_index, long long ts)
{
    buf_printf(b, "{\"from\":\"%s\",\"id\":\"wamid.LG%s.%lld\",\"timestamp\":\"%lld\",", from, g->run_id, msg_index,
               ts);
    int kind = rnd_pct(g, g->media_pct) ? 1 + (int)(rnd(g) % 4) : 0;
    switch (kind) {
    case 0: {
        unsigned t = (unsigned)(rnd(g) % (unsigned)g->ntexts);
        g->text_msgs++;
        g->kind[msg_index] = g->for_ai[t] ? LG_KIND_AI : LG_KIND_ASKED;
        buf_printf(b, "\"type\":\"text\",\"text\":{\"body\":\"%s", g->texts[t]);
        if (rnd_pct(g, g->unique_pct)) {
            buf_printf(b, " (case %llu)", rnd(g) % 1000000000ULL);
            if (!g->for_ai[t])
                g->kind[msg_index] = LG_KIND_UNIQUE;
        }
        buf_add(b, "\"}}", 3);
        break;
    }
    case 1:
        buf_printf(b, "\"type\":\"image\",\"image\":{\"caption\":\"my prescription\",\"mime_type\":\"image/jpeg\","
                      "\"sha256\":\"Eq3HBgfhRHbkzVvRT4k0RuYm9zG0ZM1hx5o3bFpgsE4=\",\"id\":\"%llu\"}}",
                   rnd(g) % 1000000000000ULL);
        break;
    case 2:
        buf_printf(b, "\"type\":\"location\",\"location\":{\"latitude\":12.9716,\"longitude\":77.5946,"
                      "\"name\":\"Home\",\"address\":\"MG Road, Bengaluru\"}}");
        break;
    case 3:
        buf_printf(b, "\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":"
                      "{\"id\":\"book_tomorrow\",\"title\":\"Book tomorrow\"}}}");
        break;
    default:
        buf_printf(b, "\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.LGPREV%llu\",\"emoji\":"
                      "\"\\ud83d\\udc4d\"}}",
                   rnd(g) % 100000ULL);
        break;
    }
}

static void note_sent(lg_t *g, long long msg_index, long long when_ms)
{
    if (msg_index >= g->sent_cap) {
        long long cap = g->sent_cap ? g->sent_cap * 2 : 65536;
        while (cap <= msg_index)
            cap *= 2;
        g->sent_ms = xrealloc(g->sent_ms, (size_t)cap * sizeof(*g->sent_ms));
        g->kind = xrealloc(g->kind, (size_t)cap);
        for (long long i = g->sent_cap; i < cap; i++)
            g->sent_ms[i] = 0, g->kind[i] = LG_KIND_OTHER;
        g->sent_cap = cap;
    }
    g->sent_ms[msg_index] = when_ms;
}

/* A new request, due at `due_ns`: the whole HTTP/1.1 request in one buffer. */
static lg_req_t *make_request(lg_t *g, long long due_ns)
{
    lg_req_t *r = xmalloc(sizeof(*r));
    memset(r, 0, sizeof(*r));
    r->due_ns = due_ns;
    r->first_index = -1;
    lg_buf_t req = {0};
    if (strcmp(g->method, "GET") == 0) {
        buf_printf(&req, "GET %s HTTP/1.1\r\nHost: %s:%s\r\n\r\n", g->path, g->host, g->port);
        r->buf = req.p, r->len = req.len;
        return r;
    }
    const lg_doctor_t *d = &g->doctors[rnd(g) % (unsigned)g->ndoctors];
    int n = rnd_pct(g, g->batch_pct) ? 2 + (int)(rnd(g) % 4) : 1;
    long long ts = wall_ms() / 1000;
    lg_buf_t body = {0};
    buf_printf(&body, "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
                      "[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"%s\","
                      "\"phone_number_id\":\"%s\"},\"contacts\":[",
               d->display, d->phone_id);
    char from[8][32];
    for (int i = 0; i < n; i++) {
        patient_number(g, (long)(rnd(g) % (unsigned long long)g->patients), from[i], sizeof(from[i]));
        buf_printf(&body, "%s{\"profile\":{\"name\":\"%s\"},\"wa_id\":\"%s\"}", i ? "," : "",
                   names[rnd(g) % (sizeof(names) / sizeof(names[0]))], from[i]);
    }
    buf_add(&body, "],\"messages\":[", 14);
    r->first_index = g->next_msg;
    r->nmsgs = n;
    long long now_wall = wall_ms() + (due_ns - mono_ns()) / 1000000;
    for (int i = 0; i < n; i++) {
        if (i)
            buf_add(&body, ",", 1);
        note_sent(g, g->next_msg, now_wall);
        add_message(g, &body, from[i], g->next_msg++, ts);
    }
    buf_add(&body, "]},\"field\":\"messages\"}]}]}", 26); /* 26 bytes: no NUL in the body */
    char sig[WA_SIGNATURE_LEN + 1];
    if (wa_signature_make(g->secret, strlen(g->secret), body.p, body.len, sig) != 0)
        die("signing failed");
    buf_printf(&req,
               "POST %s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: facebookexternalua\r\nContent-Type: application/json\r\n"
               "X-Hub-Signature-256: %s\r\nContent-Length: %zu\r\n\r\n",
               g->path, g->host, g->port, sig, body.len);
    buf_add(&req, body.p, body.len);
    free(body.p);
    r->buf = req.p, r->len = req.len;
    return r;
}

static void free_request(lg_req_t *r)
{
    if (r != NULL) {
        free(r->buf);
        free(r);
    }
}

/* --- connections ------------------------------------------------------------------------------------------- */

static void conn_close(lg_t *g, lg_conn_t *c)
{
    if (c->fd >= 0) {
        epoll_ctl(g->ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
    c->state = LG_CLOSED;
    c->inlen = 0;
    c->off = 0;
}

static void conn_open(lg_t *g, lg_conn_t *c)
{
    c->fd = socket(g->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        die("socket: %s (raise the open files limit for %d connections)", strerror(errno), g->connections);
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    int rc = connect(c->fd, (struct sockaddr *)&g->addr, g->addrlen);
    if (rc != 0 && errno != EINPROGRESS) {
        g->conn_errors++;
        close(c->fd);
        c->fd = -1;
        c->retry_at_ns = mono_ns() + 100000000LL;
        return;
    }
    c->state = LG_CONNECTING;
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.ptr = c};
    epoll_ctl(g->ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void set_events(lg_t *g, lg_conn_t *c, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(g->ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void push_retry(lg_t *g, lg_req_t *r)
{
    r->next = NULL;
    if (g->retry_tail != NULL)
        g->retry_tail->next = r;
    else
        g->retry_head = r;
    g->retry_tail = r;
}

/* The request in flight on `c` failed (connection error or bad status): retry it or count it failed. */
static void request_failed(lg_t *g, lg_conn_t *c)
{
    lg_req_t *r = c->req;
    c->req = NULL;
    if (r == NULL)
        return;
    if (r->attempts <= g->retries && !stop_requested) {
        g->retried++;
        push_retry(g, r);
    } else {
        g->failed++;
        g->completed++;
        free_request(r);
    }
}

static void record_latency(lg_t *g, long long us)
{
    if (g->nlat == g->caplat) {
        g->caplat = g->caplat ? g->caplat * 2 : 65536;
        g->lat_us = xrealloc(g->lat_us, (size_t)g->caplat * sizeof(*g->lat_us));
    }
    g->lat_us[g->nlat++] = us;
}

static void conn_write(lg_t *g, lg_conn_t *c)
{
    while (c->off < c->req->len) {
        ssize_t n = send(c->fd, c->req->buf + c->off, c->req->len - c->off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                set_events(g, c, EPOLLIN | EPOLLOUT);
                return;
            }
            g->conn_errors++;
            request_failed(g, c);
            conn_close(g, c);
            return;
        }
        c->off += (size_t)n;
    }
    c->state = LG_READING;
    set_events(g, c, EPOLLIN);
}

static void conn_send(lg_t *g, lg_conn_t *c, lg_req_t *r)
{
    r->attempts++;
    c->req = r;
    c->off = 0;
    c->inlen = 0;
    c->state = LG_WRITING;
    conn_write(g, c);
}

/* Parses a complete response in c->in. Returns its total length and sets *status / *close, 0 when incomplete,
 * -1 when malformed. */
static long parse_response(const char *in, size_t len, int *status, int *closes)
{
    const char *end = memmem(in, len, "\r\n\r\n", 4);
    if (end == NULL)
        return len >= LG_INBUF - 1 ? -1 : 0;
    size_t head = (size_t)(end - in) + 4;
    if (len < 12 || memcmp(in, "HTTP/1.", 7) != 0)
        return -1;
    *status = atoi(in + 9);
    *closes = 0;
    long long clen = -1;
    int chunked = 0;
    for (const char *p = memchr(in, '\n', head); p != NULL && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        p++;
        if (strncasecmp(p, "content-length:", 15) == 0)
            clen = atoll(p + 15);
        else if (strncasecmp(p, "transfer-encoding:", 18) == 0 && strstr(p, "chunked") != NULL &&
                 strstr(p, "chunked") < end)
            chunked = 1;
        else if (strncasecmp(p, "connection:", 11) == 0 && strncasecmp(p + 11, " close", 6) == 0)
            *closes = 1;
    }
    if (chunked) {
        size_t off = head;
        for (;;) {
            const char *nl = memmem(in + off, len - off, "\r\n", 2);
            if (nl == NULL)
                return 0;
            unsigned long sz = strtoul(in + off, NULL, 16);
            off = (size_t)(nl - in) + 2;
            if (sz == 0) {
                const char *fin = memmem(in + off, len - off, "\r\n", 2); /* no trailers expected */
                return fin == NULL ? 0 : (long)((size_t)(fin - in) + 2);
            }
            if (len < off + sz + 2)
                return 0;
            off += sz + 2;
        }
    }
    if (clen < 0)
        clen = (*status == 204 || *status == 304) ? 0 : -1;
    if (clen < 0)
        return -1; /* read-until-close bodies are not spoken by our servers */
    if (head + (size_t)clen > LG_INBUF - 1)
        return -1;
    return len >= head + (size_t)clen ? (long)(head + (size_t)clen) : 0;
}

static void conn_read(lg_t *g, lg_conn_t *c)
{
    for (;;) {
        ssize_t n = recv(c->fd, c->in + c->inlen, LG_INBUF - 1 - c->inlen, 0);
        if (n > 0) {
            c->inlen += (size_t)n;
            c->in[c->inlen] = '\0'; /* the header scan below uses string functions */
            int status = 0, closes = 0;
            long used = parse_response(c->in, c->inlen, &status, &closes);
            if (used == 0)
                continue;
            if (used < 0 || c->req == NULL) {
                g->conn_errors++;
                request_failed(g, c);
                conn_close(g, c);
                return;
            }
            if (status >= 200 && status < 300) {
                record_latency(g, (mono_ns() - c->req->due_ns) / 1000);
                g->ok++;
                g->completed++;
                free_request(c->req);
                c->req = NULL;
            } else {
                request_failed(g, c);
            }
            c->inlen = 0;
            c->state = LG_IDLE;
            if (closes)
                conn_close(g, c);
            return;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        /* EOF or error: the request in flight (if any) failed */
        if (c->req != NULL) {
            g->conn_errors++;
            request_failed(g, c);
        }
        conn_close(g, c);
        return;
    }
}

/* --- Graph latency through wa-mock ------------------------------------------------------------------------ */

static size_t curl_sink(char *p, size_t size, size_t n, void *data)
{
    lg_buf_t *b = data;
    buf_add(b, p, size * n);
    return size * n;
}

typedef struct st_lg_graph_t {
    unsigned long long since;
    long long matched, foreign;
    long long *lat_ms;
    long long nlat, cap;
    unsigned char *seen; /* per wamid index: a reply was seen already */
    long long *reply_ms; /* per wamid index: when the mock received its (first) reply, wall-clock ms */
    long long nseen;
    long long duplicates;
    long long last_at_ms; /* latest receive time of a matched reply */
} lg_graph_t;

/* Reads the mock's new Graph requests and matches replies to our wamids. Returns -1 when the mock is unreachable. */
static int graph_poll(lg_t *g, lg_graph_t *gr)
{
    char url[2048];
    snprintf(url, sizeof(url), "%s/_mock/requests?api=graph&since=%llu", g->mock, gr->since);
    CURL *curl = curl_easy_init();
    if (curl == NULL)
        return -1;
    lg_buf_t b = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, curl_sink);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK || status != 200 || b.p == NULL) {
        free(b.p);
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(b.p, b.len);
    free(b.p);
    if (root == NULL)
        return -1;
    cJSON *last = cJSON_GetObjectItem(root, "last_seq");
    if (cJSON_IsNumber(last) && last->valuedouble > (double)gr->since)
        gr->since = (unsigned long long)last->valuedouble;
    char prefix[48];
    int plen = snprintf(prefix, sizeof(prefix), "wamid.LG%s.", g->run_id);
    cJSON *req;
    cJSON_ArrayForEach(req, cJSON_GetObjectItem(root, "requests"))
    {
        cJSON *body = cJSON_GetObjectItem(req, "body"), *at = cJSON_GetObjectItem(req, "received_at_ms");
        if (!cJSON_IsString(body) || !cJSON_IsNumber(at))
            continue;
        cJSON *msg = cJSON_Parse(body->valuestring);
        cJSON *ctx = cJSON_GetObjectItem(msg, "context");
        cJSON *mid = cJSON_GetObjectItem(ctx, "message_id");
        cJSON *st = cJSON_GetObjectItem(msg, "status");
        if (cJSON_IsString(mid) && !cJSON_IsString(st) && strncmp(mid->valuestring, prefix, (size_t)plen) == 0) {
            long long idx = atoll(mid->valuestring + plen);
            if (idx >= 0 && idx < g->next_msg && idx < g->sent_cap && g->sent_ms[idx] > 0) {
                if (idx >= gr->nseen) {
                    long long n = g->next_msg + 1;
                    gr->seen = xrealloc(gr->seen, (size_t)n);
                    memset(gr->seen + gr->nseen, 0, (size_t)(n - gr->nseen));
                    gr->reply_ms = xrealloc(gr->reply_ms, (size_t)n * sizeof(*gr->reply_ms));
                    memset(gr->reply_ms + gr->nseen, 0, (size_t)(n - gr->nseen) * sizeof(*gr->reply_ms));
                    gr->nseen = n;
                }
                if (gr->seen[idx]) {
                    gr->duplicates++;
                } else {
                    gr->seen[idx] = 1;
                    gr->reply_ms[idx] = (long long)at->valuedouble;
                    gr->matched++;
                    if (gr->nlat == gr->cap) {
                        gr->cap = gr->cap ? gr->cap * 2 : 4096;
                        gr->lat_ms = xrealloc(gr->lat_ms, (size_t)gr->cap * sizeof(*gr->lat_ms));
                    }
                    gr->lat_ms[gr->nlat++] = (long long)at->valuedouble - g->sent_ms[idx];
                    if ((long long)at->valuedouble > gr->last_at_ms)
                        gr->last_at_ms = (long long)at->valuedouble;
                }
            }
        } else if (cJSON_IsString(mid)) {
            gr->foreign++;
        }
        cJSON_Delete(msg);
    }
    cJSON_Delete(root);
    return 0;
}

/* --- report ------------------------------------------------------------------------------------------------ */

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static long long pct(const long long *v, long long n, double p)
{
    if (n == 0)
        return 0;
    long long i = (long long)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

/* The webhook-to-Graph latencies (ms) of the answered messages of one kind, sorted; *n their number. */
static long long *kind_latencies(const lg_t *g, const lg_graph_t *gr, lg_kind_t kind, long long *n)
{
    long long *v = xmalloc((size_t)(gr->nseen + 1) * sizeof(*v));
    *n = 0;
    for (long long i = 0; i < gr->nseen && i < g->sent_cap; i++)
        if (gr->seen[i] && g->kind[i] == kind)
            v[(*n)++] = gr->reply_ms[i] - g->sent_ms[i];
    qsort(v, (size_t)*n, sizeof(*v), cmp_ll);
    return v;
}

/* --- options ----------------------------------------------------------------------------------------------- */

static void usage(void)
{
    fputs("usage: wa-loadgen --url http://HOST:PORT/webhook [options]\n"
          "  --secret S         app secret (default $WHATSAPP_APP_SECRET)\n"
          "  --method POST|GET  GET requests the URL without a body (e.g. /healthz); default POST\n"
          "  --connections N    keep-alive connections (default 64)\n"
          "  --rate R           requests per second; 0 = as fast as possible (default 0)\n"
          "  --duration S       seconds to send (default 10)\n"
          "  --requests N       stop after N requests (default: no limit)\n"
          "  --doctor NUM[:ID]  a doctor's display number and phone_number_id (repeatable; default 15550783881)\n"
          "  --patients N       distinct patients (default 1000), numbers from --patient-base (default 919700000000)\n"
          "  --text T           a patient text (repeatable; default: clinic questions)\n"
          "  --ai-text T        a patient text for the ai (repeatable; picked among the texts alike, its latency\n"
          "                     reported apart)\n"
          "  --batch-pct P      percent of webhooks carrying 2-5 messages (default 10)\n"
          "  --media-pct P      percent of messages that are not text (default 10)\n"
          "  --unique-pct P     percent of texts made unique by an appended number (default 0)\n"
          "  --retry N          resend a failed request up to N times (default 0)\n"
          "  --mock URL         wa-mock base URL: measure webhook-to-Graph latency of replies\n"
          "  --wait S           seconds to wait for replies after sending (default 30)\n"
          "  --quiet S          stop waiting when no reply came for S seconds (default 3)\n"
          "  --seed N           random seed (default: time)\n"
          "  --dump FILE        write \"wamid due_ms reply_ms\" per message at the end (with --mock)\n",
          stderr);
    exit(2);
}

static void parse_url(lg_t *g)
{
    const char *u = g->url;
    if (strncmp(u, "http://", 7) != 0)
        die("only http:// URLs are supported");
    u += 7;
    const char *slash = strchr(u, '/');
    size_t hostport = slash ? (size_t)(slash - u) : strlen(u);
    snprintf(g->path, sizeof(g->path), "%s", slash ? slash : "/");
    char hp[300];
    if (hostport >= sizeof(hp))
        die("URL host too long");
    memcpy(hp, u, hostport);
    hp[hostport] = '\0';
    char *colon = strrchr(hp, ':');
    if (colon != NULL) {
        *colon = '\0';
        snprintf(g->port, sizeof(g->port), "%s", colon + 1);
    } else {
        snprintf(g->port, sizeof(g->port), "80");
    }
    snprintf(g->host, sizeof(g->host), "%s", hp);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
    int rc = getaddrinfo(g->host, g->port, &hints, &res);
    if (rc != 0)
        die("cannot resolve %s: %s", g->host, gai_strerror(rc));
    memcpy(&g->addr, res->ai_addr, res->ai_addrlen);
    g->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
}

static void add_doctor(lg_t *g, const char *arg)
{
    if (g->ndoctors == LG_MAX_DOCTORS)
        die("too many doctors (max %d)", LG_MAX_DOCTORS);
    lg_doctor_t *d = &g->doctors[g->ndoctors++];
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    if (n >= sizeof(d->display))
        die("doctor number too long");
    memcpy(d->display, arg, n);
    d->display[n] = '\0';
    snprintf(d->phone_id, sizeof(d->phone_id), "%s", colon ? colon + 1 : "106540352242922");
}

static void parse_args(lg_t *g, int argc, char **argv)
{
    static const struct option opts[] = {
        {"url", required_argument, NULL, 'u'},         {"secret", required_argument, NULL, 's'},
        {"method", required_argument, NULL, 'M'},      {"connections", required_argument, NULL, 'c'},
        {"rate", required_argument, NULL, 'r'},        {"duration", required_argument, NULL, 'd'},
        {"requests", required_argument, NULL, 'n'},    {"doctor", required_argument, NULL, 'D'},
        {"patients", required_argument, NULL, 'p'},    {"patient-base", required_argument, NULL, 'P'},
        {"text", required_argument, NULL, 't'},        {"batch-pct", required_argument, NULL, 'b'},
        {"media-pct", required_argument, NULL, 'm'},   {"retry", required_argument, NULL, 'R'},
        {"mock", required_argument, NULL, 'k'},        {"wait", required_argument, NULL, 'w'},
        {"seed", required_argument, NULL, 'S'},        {"help", no_argument, NULL, 'h'},
        {"unique-pct", required_argument, NULL, 'U'},   {"quiet", required_argument, NULL, 'Q'},
        {"dump", required_argument, NULL, 'O'},        {"ai-text", required_argument, NULL, 'A'},
        {NULL, 0, NULL, 0}};
    g->method = "POST";
    g->connections = 64;
    g->duration = 10;
    g->max_requests = -1;
    g->patients = 1000;
    g->patient_base = 919700000000ULL;
    g->batch_pct = 10;
    g->media_pct = 10;
    g->wait_s = 30;
    g->quiet_s = 3;
    g->secret = getenv("WHATSAPP_APP_SECRET");
    g->rng = (unsigned long long)mono_ns() ^ ((unsigned long long)getpid() << 32);
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'u': g->url = optarg; break;
        case 's': g->secret = optarg; break;
        case 'M': g->method = strcasecmp(optarg, "GET") == 0 ? "GET" : "POST"; break;
        case 'c': g->connections = atoi(optarg); break;
        case 'r': g->rate = atof(optarg); break;
        case 'd': g->duration = atof(optarg); break;
        case 'n': g->max_requests = atoll(optarg); break;
        case 'D': add_doctor(g, optarg); break;
        case 'p': g->patients = atol(optarg); break;
        case 'P': g->patient_base = strtoull(optarg, NULL, 10); break;
        case 't':
        case 'A':
            if (g->ntexts == LG_MAX_TEXTS)
                die("too many texts");
            g->for_ai[g->ntexts] = opt == 'A';
            g->texts[g->ntexts++] = optarg;
            break;
        case 'b': g->batch_pct = atoi(optarg); break;
        case 'm': g->media_pct = atoi(optarg); break;
        case 'U': g->unique_pct = atoi(optarg); break;
        case 'Q': g->quiet_s = atoi(optarg); break;
        case 'R': g->retries = atoi(optarg); break;
        case 'k': g->mock = optarg; break;
        case 'w': g->wait_s = atoi(optarg); break;
        case 'O': g->dump = optarg; break;
        case 'S': g->rng = strtoull(optarg, NULL, 10) * 2654435761ULL + 1; break;
        default: usage();
        }
    }
    if (g->url == NULL || optind != argc)
        usage();
    if (strcmp(g->method, "POST") == 0 && (g->secret == NULL || g->secret[0] == '\0'))
        die("--secret or WHATSAPP_APP_SECRET is required to sign webhooks");
    if (g->connections < 1 || g->patients < 1 || g->duration <= 0)
        die("--connections, --patients and --duration must be positive");
    if (g->ndoctors == 0)
        add_doctor(g, "15550783881");
    if (g->ntexts == 0) {
        for (size_t i = 0; i < sizeof(default_texts) / sizeof(default_texts[0]); i++)
            g->texts[g->ntexts++] = default_texts[i];
    }
    if (g->rng == 0)
        g->rng = 88172645463325252ULL;
    snprintf(g->run_id, sizeof(g->run_id), "%08llX", rnd(g) & 0xFFFFFFFFULL);
    parse_url(g);
}

/* --- main loop --------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    static lg_t g;
    parse_args(&g, argc, argv);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)g.connections + 64 &&
        rl.rlim_max >= (rlim_t)g.connections + 64) {
        rl.rlim_cur = (rlim_t)g.connections + 64;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    g.ep = epoll_create1(EPOLL_CLOEXEC);
    if (g.ep < 0)
        die("epoll_create1: %s", strerror(errno));
    g.conns = xmalloc((size_t)g.connections * sizeof(*g.conns));
    for (int i = 0; i < g.connections; i++) {
        memset(&g.conns[i], 0, sizeof(g.conns[i]));
        g.conns[i].fd = -1;
        conn_open(&g, &g.conns[i]);
    }

    lg_graph_t gr = {0};
    if (g.mock != NULL && graph_poll(&g, &gr) != 0) /* start after what the mock holds already */
        die("cannot read %s/_mock/requests", g.mock);

    /* the pacing timer: armed at the next due time (absolute, CLOCK_MONOTONIC); its epoll data is NULL */
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (tfd < 0)
        die("timerfd_create: %s", strerror(errno));
    struct epoll_event tev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(g.ep, EPOLL_CTL_ADD, tfd, &tev) != 0)
        die("epoll_ctl timerfd: %s", strerror(errno));
    long long armed_ns = 0;

    g.t0_ns = mono_ns();
    long long end_ns = g.t0_ns + (long long)(g.duration * 1e9);
    long long interval_ns = g.rate > 0 ? (long long)(1e9 / g.rate) : 0;
    long long next_due = g.t0_ns, last_poll = g.t0_ns, sending_done_ns = 0;
    struct epoll_event evs[256];
    for (;;) {
        long long now = mono_ns();
        int sending = !stop_requested && now < end_ns && (g.max_requests < 0 || g.issued < g.max_requests);
        if (!sending && sending_done_ns == 0)
            sending_done_ns = now;
        long long inflight = 0;
        for (int i = 0; i < g.connections; i++)
            inflight += g.conns[i].req != NULL;
        if (!sending && inflight == 0 && (g.retry_head == NULL || stop_requested))
            break;
        if (!sending && now > sending_done_ns + 30000000000LL) /* a server that never answers */
            break;
        /* hand out work: retries first, then new requests that are due */
        for (int i = 0; i < g.connections; i++) {
            lg_conn_t *c = &g.conns[i];
            if (c->state == LG_CLOSED && now >= c->retry_at_ns && (sending || g.retry_head != NULL))
                conn_open(&g, c);
            if (c->state != LG_IDLE)
                continue;
            if (g.retry_head != NULL) {
                lg_req_t *r = g.retry_head;
                g.retry_head = r->next;
                if (g.retry_head == NULL)
                    g.retry_tail = NULL;
                conn_send(&g, c, r);
                continue;
            }
            if (!sending || (interval_ns > 0 && next_due > now) || (g.max_requests >= 0 && g.issued >= g.max_requests))
                continue;
            long long due = interval_ns > 0 ? next_due : now;
            if (interval_ns > 0) {
                if (now - due > 1000000LL)
                    g.late++;
                next_due += interval_ns;
            }
            g.issued++;
            conn_send(&g, c, make_request(&g, due));
        }
        /* Sleep until something happens: a response, the next due time (timerfd, exact to the nanosecond: an epoll
         * timeout in ms would round a sub-ms wait down to 0 and spin), a reconnect, or the mock's next poll. The
         * timer is armed only while a connection is idle to take the due request; otherwise a response wakes us. */
        int idle = 0, closed = 0;
        for (int i = 0; i < g.connections; i++) {
            idle |= g.conns[i].state == LG_IDLE;
            closed |= g.conns[i].state == LG_CLOSED;
        }
        int timeout_ms = closed ? 10 : 100;
        if (sending && interval_ns > 0 && idle && next_due > now && next_due != armed_ns) {
            struct itimerspec its = {.it_value = {.tv_sec = next_due / 1000000000LL, .tv_nsec = next_due % 1000000000LL}};
            if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) != 0)
                die("timerfd_settime: %s", strerror(errno));
            armed_ns = next_due;
        } else if (sending && interval_ns == 0 && idle && g.retry_head == NULL) {
            timeout_ms = 0; /* as fast as possible: an idle connection takes a new request right away */
        }
        int n = epoll_wait(g.ep, evs, 256, timeout_ms);
        for (int i = 0; i < n; i++) {
            lg_conn_t *c = evs[i].data.ptr;
            if (c == NULL) { /* the pacing timer fired */
                unsigned long long ticks;
                if (read(tfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
                    die("read timerfd: %s", strerror(errno));
                armed_ns = 0;
                continue;
            }
            if (c->fd < 0)
                continue;
            if (c->state == LG_CONNECTING) {
                int err = 0;
                socklen_t len = sizeof(err);
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0 || (evs[i].events & (EPOLLERR | EPOLLHUP))) {
                    g.conn_errors++;
                    conn_close(&g, c);
                    c->retry_at_ns = mono_ns() + 100000000LL;
                    continue;
                }
                c->state = LG_IDLE;
                set_events(&g, c, EPOLLIN);
                continue;
            }
            if (c->state == LG_WRITING && (evs[i].events & EPOLLOUT))
                conn_write(&g, c);
            if (c->fd >= 0 && (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
                if (c->state == LG_IDLE) { /* the server closed an idle keep-alive connection */
                    char tmp[256];
                    if (recv(c->fd, tmp, sizeof(tmp), 0) <= 0)
                        conn_close(&g, c);
                } else {
                    conn_read(&g, c);
                }
            }
        }
        if (g.mock != NULL && mono_ns() - last_poll > 500000000LL) {
            graph_poll(&g, &gr);
            last_poll = mono_ns();
        }
    }
    close(tfd);
    double secs = (double)((sending_done_ns ? sending_done_ns : mono_ns()) - g.t0_ns) / 1e9;
    double total_secs = (double)(mono_ns() - g.t0_ns) / 1e9;
    for (int i = 0; i < g.connections; i++) {
        free_request(g.conns[i].req);
        g.conns[i].req = NULL;
        conn_close(&g, &g.conns[i]);
    }
    while (g.retry_head != NULL) {
        lg_req_t *r = g.retry_head;
        g.retry_head = r->next;
        g.failed++;
        free_request(r);
    }

    if (g.nlat > 0)
        qsort(g.lat_us, (size_t)g.nlat, sizeof(*g.lat_us), cmp_ll);
    double rps = total_secs > 0 ? (double)g.ok / total_secs : 0;
    printf("wa-loadgen: %s %s, %d connections, rate %s, %.1f s of sending\n", g.method, g.url, g.connections,
           g.rate > 0 ? "fixed" : "max", secs);
    if (g.rate > 0)
        printf("  target rate %.0f/s, late starts %lld\n", g.rate, g.late);
    printf("  requests %lld: ok %lld, failed %lld, retried %lld, connection errors %lld; messages %lld\n", g.issued,
           g.ok, g.failed, g.retried, g.conn_errors, g.next_msg);
    printf("  throughput %.0f req/s\n", rps);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                   (double)ru.ru_stime.tv_usec / 1e6;
    printf("  loadgen CPU %.2f s in %.1f s (%.0f%% of a core)\n", cpu_s, total_secs,
           total_secs > 0 ? 100.0 * cpu_s / total_secs : 0);
    printf("  %s latency ms: p50 %.2f  p99 %.2f  max %.2f\n", g.method, pct(g.lat_us, g.nlat, 0.50) / 1000.0,
           pct(g.lat_us, g.nlat, 0.99) / 1000.0, pct(g.lat_us, g.nlat, 1.0) / 1000.0);

    long long expected_msgs = g.next_msg;
    if (g.mock != NULL) {
        /* wait for replies until every text has one, none came for --quiet s, or --wait passed */
        long long deadline = mono_ns() + (long long)g.wait_s * 1000000000LL, quiet_since = mono_ns();
        long long prev = gr.matched;
        while (!stop_requested && mono_ns() < deadline && gr.matched < g.text_msgs &&
               mono_ns() - quiet_since < (long long)g.quiet_s * 1000000000LL) {
            struct timespec ts = {0, 200000000L};
            nanosleep(&ts, NULL);
            if (graph_poll(&g, &gr) != 0)
                break;
            if (gr.matched != prev)
                quiet_since = mono_ns(), prev = gr.matched;
        }
        if (gr.nlat > 0)
            qsort(gr.lat_ms, (size_t)gr.nlat, sizeof(*gr.lat_ms), cmp_ll);
        printf("  graph replies %lld for %lld messages (%lld texts), duplicates %lld; webhook-to-Graph ms: p50 %lld  "
               "p99 %lld  max %lld\n",
               gr.matched, expected_msgs, g.text_msgs, gr.duplicates, pct(gr.lat_ms, gr.nlat, 0.50), pct(gr.lat_ms, gr.nlat, 0.99),
               pct(gr.lat_ms, gr.nlat, 1.0));
        printf("  webhook-to-Graph ms by kind:");
        for (int k = LG_KIND_ASKED; k < LG_KIND__COUNT; k++) {
            long long n, *v = kind_latencies(&g, &gr, (lg_kind_t)k, &n);
            printf("%s %s %lld, p50 %lld p99 %lld", k == LG_KIND_ASKED ? "" : ";", kind_names[k], n, pct(v, n, 0.50),
                   pct(v, n, 0.99));
            free(v);
        }
        printf("\n");
    }
    /* replies per second from the first webhook's due time to the last matched reply */
    double delivered_rate = 0;
    if (g.mock != NULL && gr.matched > 0 && g.sent_cap > 0 && gr.last_at_ms > g.sent_ms[0])
        delivered_rate = (double)gr.matched * 1000.0 / (double)(gr.last_at_ms - g.sent_ms[0]);
    if (g.mock != NULL)
        printf("  delivered %.0f replies/s (first webhook to last reply)\n", delivered_rate);
    printf("RESULT method=%s requests=%lld ok=%lld failed=%lld retried=%lld rps=%.0f loadgen_cpu_s=%.3f "
           "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f",
           g.method, g.issued, g.ok, g.failed, g.retried, rps, cpu_s, pct(g.lat_us, g.nlat, 0.50) / 1000.0, pct(g.lat_us, g.nlat, 0.99) / 1000.0,
           pct(g.lat_us, g.nlat, 1.0) / 1000.0);
    if (g.mock != NULL)
        printf(" delivered_per_s=%.0f messages=%lld texts=%lld replies=%lld duplicates=%lld e2e_p50_ms=%lld "
               "e2e_p99_ms=%lld e2e_max_ms=%lld",
               delivered_rate, expected_msgs, g.text_msgs, gr.matched, gr.duplicates, pct(gr.lat_ms, gr.nlat, 0.50),
               pct(gr.lat_ms, gr.nlat, 0.99), pct(gr.lat_ms, gr.nlat, 1.0));
    for (int k = LG_KIND_ASKED; g.mock != NULL && k < LG_KIND__COUNT; k++) {
        long long n, *v = kind_latencies(&g, &gr, (lg_kind_t)k, &n);
        printf(" e2e_%s_replies=%lld e2e_%s_p50_ms=%lld e2e_%s_p99_ms=%lld", kind_names[k], n, kind_names[k],
               pct(v, n, 0.50), kind_names[k], pct(v, n, 0.99));
        free(v);
    }
    printf("\n");
    if (g.dump != NULL) {
        FILE *f = fopen(g.dump, "w");
        if (f == NULL)
            die("cannot write %s: %s", g.dump, strerror(errno));
        for (long long i = 0; i < g.next_msg && i < g.sent_cap; i++)
            fprintf(f, "wamid.LG%s.%lld %lld %lld\n", g.run_id, i, g.sent_ms[i], i < gr.nseen ? gr.reply_ms[i] : 0);
        if (fclose(f) != 0)
            die("cannot write %s: %s", g.dump, strerror(errno));
    }
    free(g.lat_us);
    free(g.sent_ms);
    free(gr.lat_ms);
    free(gr.seen);
    free(gr.reply_ms);
    free(g.conns);
    close(g.ep);
    curl_global_cleanup();
    return g.failed > 0 ? 1 : 0;
}
