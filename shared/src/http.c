/*
 * libwa's HTTP client (wa/http.h) on one libcurl multi handle. Each started request becomes a transfer: an easy
 * handle (taken from a pool of idle ones, which keep their DNS and TLS caches warm), its header list, the request it
 * fills and its callback. Finished transfers are found with curl_multi_info_read after each curl_multi_perform; the
 * wait is curl_multi_poll with the caller's extra descriptor, so a stage loop's Redis reader wakes it as well.
 * wa_http_run is the same machinery driven until the given requests are done. The response body is bounded by
 * WA_HTTP_MAX_RESPONSE_BYTES in the one write callback.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include "wa/http.h"
#include "wa/log.h"

#define RECV_BUFFER 1024L /* CURLOPT_BUFFERSIZE (libcurl: 16 KB by default, 1 KB at least) */

typedef struct st_transfer_t {
    CURL *easy;
    struct curl_slist *headers;
    wa_http_req_t *req;
    wa_http_done_cb done;
    void *data;
    struct st_transfer_t *prev, *next;
} transfer_t;

struct st_wa_http_t {
    CURLM *multi;
    CURL **pool; /* idle easy handles, reused (they keep TLS session and DNS caches warm) */
    size_t npool, cappool;
    transfer_t *live; /* running transfers */
    size_t running;
    long long peak;
    wa_metric_t *m_inflight, *m_peak;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* libcurl's global set-up runs once, whichever thread gets here first (the sender's token refresh thread creates
 * its client while the main thread creates the stage driver's). */
wa_http_t *wa_http_create(long max_connections)
{
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK)
        return NULL;
    wa_http_t *h = wa_calloc(1, sizeof(*h));
    if ((h->multi = curl_multi_init()) == NULL) {
        free(h);
        return NULL;
    }
    if (max_connections > 0)
        curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_connections);
    curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, max_connections > 0 ? max_connections : 64L);
    return h;
}

void wa_http_gauges(wa_http_t *h, wa_metric_t *inflight, wa_metric_t *peak)
{
    h->m_inflight = inflight;
    h->m_peak = peak;
}

void wa_http_destroy(wa_http_t *h)
{
    if (h == NULL)
        return;
    wa_http_abort_all(h);
    for (size_t i = 0; i < h->npool; i++)
        curl_easy_cleanup(h->pool[i]);
    free(h->pool);
    curl_multi_cleanup(h->multi);
    free(h);
}

void wa_http_req_init(wa_http_req_t *r, const char *method, const char *url, long timeout_ms)
{
    memset(r, 0, sizeof(*r));
    r->method = method;
    r->url = url;
    r->timeout_ms = timeout_ms;
}

void wa_http_req_dispose(wa_http_req_t *r)
{
    free(r->resp);
    r->resp = NULL;
    r->resp_len = 0;
    r->resp_cap = 0;
    r->too_large = 0;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    wa_http_req_t *r = userdata;
    size_t n = size * nmemb;
    if (wa_http_body_append(&r->resp, &r->resp_len, &r->resp_cap, ptr, n) != 0) {
        r->too_large = 1;
        return 0; /* libcurl ends the transfer with CURLE_WRITE_ERROR */
    }
    return n;
}

/* Takes a transfer out of the multi handle and the live list; its easy handle goes back to the pool. */
static void finish_transfer(wa_http_t *h, transfer_t *t)
{
    curl_multi_remove_handle(h->multi, t->easy);
    curl_slist_free_all(t->headers);
    if (h->npool == h->cappool) {
        size_t cap = h->cappool ? h->cappool * 2 : 16;
        CURL **p = realloc(h->pool, cap * sizeof(*p));
        if (p == NULL)
            wa_fatal("out of memory");
        h->pool = p, h->cappool = cap;
    }
    h->pool[h->npool++] = t->easy;
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        h->live = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    h->running--;
    if (h->m_inflight != NULL)
        wa_metric_set(h->m_inflight, (int64_t)h->running);
    free(t);
}

int wa_http_start(wa_http_t *h, wa_http_req_t *r, wa_http_done_cb done, void *data)
{
    r->status = 0;
    r->curl_code = 0;
    r->error[0] = '\0';
    r->elapsed_ms = 0;
    wa_http_req_dispose(r);
    CURL *e;
    if (h->npool > 0) {
        e = h->pool[--h->npool];
        curl_easy_reset(e);
    } else if ((e = curl_easy_init()) == NULL) {
        return -1;
    }
    transfer_t *t = wa_calloc(1, sizeof(*t));
    t->easy = e, t->req = r, t->done = done, t->data = data;
    curl_easy_setopt(e, CURLOPT_URL, r->url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->timeout_ms > 0 ? r->timeout_ms : 30000L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "clinic-wa/1");
    /* libcurl's receive buffer is 16 KB per handle by default, kept with the handle in the pool: at 512 calls in
     * flight that is 8 MiB of the process for answers of a few hundred bytes (Graph) to a few KB (Gemini); a larger
     * answer arrives in more reads, not truncated. 1 KB (libcurl's least) rather than 4: the sender's RSS follows its
     * calls in flight, ~20 KB each, and at 256 in flight (bench/sender/bench.py) its peak was 17.4-17.6 MiB with
     * 4 KB, 16.7-17.0 with 1 KB (issue 14, round 8); a Graph answer still fits one read */
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, RECV_BUFFER);
    if (r->body != NULL) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
    }
    if (r->method != NULL && strcmp(r->method, "GET") == 0)
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    else if (r->method != NULL && strcmp(r->method, "POST") != 0)
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
    struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
    for (int k = 0; hl != NULL && k < WA_HTTP_MAX_HEADERS && r->headers[k] != NULL; k++) {
        struct curl_slist *n = curl_slist_append(hl, r->headers[k]);
        if (n == NULL) {
            curl_slist_free_all(hl);
            hl = NULL;
        } else {
            hl = n;
        }
    }
    if (hl == NULL)
        wa_fatal("out of memory");
    t->headers = hl;
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl);
    if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
        curl_slist_free_all(hl);
        curl_easy_cleanup(e);
        free(t);
        return -1;
    }
    t->next = h->live;
    if (h->live != NULL)
        h->live->prev = t;
    h->live = t;
    h->running++;
    if (h->m_inflight != NULL)
        wa_metric_set(h->m_inflight, (int64_t)h->running);
    if ((long long)h->running > h->peak) {
        h->peak = (long long)h->running;
        if (h->m_peak != NULL)
            wa_metric_set(h->m_peak, h->peak);
    }
    return 0;
}

size_t wa_http_running(const wa_http_t *h)
{
    return h->running;
}

void wa_http_cancel(wa_http_t *h, wa_http_req_t *req)
{
    for (transfer_t *t = h->live; t != NULL; t = t->next)
        if (t->req == req) {
            finish_transfer(h, t);
            return;
        }
}

void wa_http_abort_all(wa_http_t *h)
{
    while (h->live != NULL)
        finish_transfer(h, h->live);
}

void wa_http_fail_all(wa_http_t *h, int curl_code, const char *error)
{
    while (h->live != NULL) {
        transfer_t *t = h->live;
        wa_http_req_t *r = t->req;
        wa_http_done_cb done = t->done;
        void *data = t->data;
        double secs = 0;
        curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &secs);
        finish_transfer(h, t);
        r->status = 0;
        r->curl_code = curl_code;
        r->elapsed_ms = secs * 1000.0;
        snprintf(r->error, sizeof(r->error), "%s", error);
        done(r, data);
    }
}

int wa_http_step(wa_http_t *h, long wait_ms, int extra_fd)
{
    int still = 0, readable = 0;
    if (h->running > 0 && curl_multi_perform(h->multi, &still) != CURLM_OK)
        wa_fatal("curl_multi_perform failed");
    int finished = 0;
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        transfer_t *t = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        wa_http_req_t *r = t->req;
        wa_http_done_cb done = t->done;
        void *data = t->data;
        r->curl_code = (int)msg->data.result;
        if (msg->data.result != CURLE_OK)
            snprintf(r->error, sizeof(r->error), "%s",
                     r->too_large ? WA_HTTP_TOO_LARGE : curl_easy_strerror(msg->data.result));
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
        double secs = 0;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_TOTAL_TIME, &secs);
        r->elapsed_ms = secs * 1000.0;
        finish_transfer(h, t); /* msg is invalid from here */
        finished++;
        done(r, data); /* may start transfers */
    }
    if (finished > 0)
        wait_ms = 0; /* the callbacks may have started transfers: drive them at once */
    if (h->running > 0 || extra_fd >= 0 || wait_ms > 0) {
        struct curl_waitfd wfd = {.fd = extra_fd, .events = CURL_WAIT_POLLIN, .revents = 0};
        if (curl_multi_poll(h->multi, extra_fd >= 0 ? &wfd : NULL, extra_fd >= 0 ? 1 : 0, (int)wait_ms, NULL) !=
            CURLM_OK)
            wa_fatal("curl_multi_poll failed");
        readable = extra_fd >= 0 && (wfd.revents & CURL_WAIT_POLLIN) != 0;
    }
    return readable;
}

static void run_done(wa_http_req_t *req, void *data)
{
    (void)req;
    (*(size_t *)data)--;
}

int wa_http_run(wa_http_t *h, wa_http_req_t **reqs, size_t n)
{
    size_t left = 0;
    for (size_t i = 0; i < n; i++) {
        if (wa_http_start(h, reqs[i], run_done, &left) == 0) {
            left++;
        } else {
            reqs[i]->curl_code = (int)CURLE_FAILED_INIT;
            snprintf(reqs[i]->error, sizeof(reqs[i]->error), "transfer could not be started");
        }
    }
    while (left > 0)
        (void)wa_http_step(h, 1000, -1);
    return 0;
}
