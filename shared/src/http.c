/*
 * Concurrent outbound HTTP (wa/http.h) on one libcurl multi handle. The
 * multi handle keeps its connection cache between batches, so calls to the
 * same host reuse connections. A batch is driven with curl_multi_poll until
 * every transfer has completed; each request's own timeout bounds it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include "wa/http.h"
#include "wa/log.h"

struct st_wa_http_t {
    CURLM *multi;
    CURL **pool; /* idle easy handles, reused (they keep TLS session and DNS caches warm) */
    size_t npool, cappool;
};

wa_http_t *wa_http_create(long max_connections)
{
    static int global_done;
    if (!global_done) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return NULL;
        global_done = 1;
    }
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

void wa_http_destroy(wa_http_t *h)
{
    if (h == NULL)
        return;
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

static size_t max_response = WA_HTTP_MAX_RESPONSE_DEFAULT;
static pthread_once_t max_response_once = PTHREAD_ONCE_INIT;

static void max_response_load(void)
{
    const char *v = getenv("WA_HTTP_MAX_RESPONSE_BYTES");
    char *end;
    long long n = v != NULL ? strtoll(v, &end, 10) : 0;
    if (v != NULL && *v != '\0' && *end == '\0' && n > 0)
        max_response = (size_t)n;
    else if (v != NULL && *v != '\0')
        wa_warn("ignoring invalid WA_HTTP_MAX_RESPONSE_BYTES (expected a positive number of bytes)");
}

size_t wa_http_max_response(void)
{
    pthread_once(&max_response_once, max_response_load);
    return max_response;
}

/* A response body is kept whole in memory: bounded, so that a broken or hostile endpoint cannot grow a service
 * without limit by answering forever. */
int wa_http_body_append(char **buf, size_t *len, size_t *cap, const char *data, size_t n)
{
    size_t max = wa_http_max_response();
    if (n > max || *len > max - n)
        return -1;
    if (*buf == NULL || *len + n + 1 > *cap) {
        size_t want = *cap > 0 ? *cap : 4096;
        while (want < *len + n + 1)
            want *= 2;
        if (want > max + 1)
            want = max + 1;
        char *p = realloc(*buf, want);
        if (p == NULL)
            wa_fatal("out of memory");
        *buf = p;
        *cap = want;
    }
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
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

typedef struct st_transfer_t {
    CURL *easy;
    int done;
    struct curl_slist *headers;
    wa_http_req_t *req;
} transfer_t;

static CURL *take_easy(wa_http_t *h)
{
    if (h->npool > 0) {
        CURL *e = h->pool[--h->npool];
        curl_easy_reset(e);
        return e;
    }
    return curl_easy_init();
}

static void give_easy(wa_http_t *h, CURL *e)
{
    if (h->npool == h->cappool) {
        size_t cap = h->cappool ? h->cappool * 2 : 16;
        CURL **p = realloc(h->pool, cap * sizeof(*p));
        if (p == NULL) {
            curl_easy_cleanup(e);
            return;
        }
        h->pool = p;
        h->cappool = cap;
    }
    h->pool[h->npool++] = e;
}

int wa_http_run(wa_http_t *h, wa_http_req_t **reqs, size_t n)
{
    if (n == 0)
        return 0;
    transfer_t *t = wa_calloc(n, sizeof(*t));
    for (size_t i = 0; i < n; i++) {
        wa_http_req_t *r = reqs[i];
        r->status = 0;
        r->curl_code = 0;
        r->error[0] = '\0';
        wa_http_req_dispose(r);
        t[i].req = r;
        if ((t[i].easy = take_easy(h)) == NULL)
            wa_fatal("out of memory");
        CURL *e = t[i].easy;
        curl_easy_setopt(e, CURLOPT_URL, r->url);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->timeout_ms > 0 ? r->timeout_ms : 30000L);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
        curl_easy_setopt(e, CURLOPT_PRIVATE, &t[i]);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "clinic-wa/1");
        if (r->body != NULL) {
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
        }
        if (r->method != NULL && strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0)
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
        else if (r->method != NULL && strcmp(r->method, "GET") == 0)
            curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
        struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
        for (int k = 0; k < WA_HTTP_MAX_HEADERS && r->headers[k] != NULL; k++)
            hl = curl_slist_append(hl, r->headers[k]);
        if (hl == NULL)
            wa_fatal("out of memory");
        t[i].headers = hl;
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl);
        if (curl_multi_add_handle(h->multi, e) != CURLM_OK)
            wa_fatal("curl_multi_add_handle failed");
    }

    int running = (int)n;
    while (running > 0) {
        if (curl_multi_perform(h->multi, &running) != CURLM_OK)
            break;
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            transfer_t *tr = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&tr);
            wa_http_req_t *r = tr->req;
            tr->done = 1;
            r->curl_code = (int)msg->data.result;
            if (msg->data.result != CURLE_OK)
                snprintf(r->error, sizeof(r->error), "%s",
                         r->too_large ? WA_HTTP_TOO_LARGE : curl_easy_strerror(msg->data.result));
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
            double secs = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_TOTAL_TIME, &secs);
            r->elapsed_ms = secs * 1000.0;
        }
        if (running > 0 && curl_multi_poll(h->multi, NULL, 0, 1000, NULL) != CURLM_OK)
            break;
    }

    for (size_t i = 0; i < n; i++) {
        if (!t[i].done) { /* the multi loop itself failed: report it on the request */
            t[i].req->curl_code = (int)CURLE_ABORTED_BY_CALLBACK;
            snprintf(t[i].req->error, sizeof(t[i].req->error), "transfer did not complete");
        }
        curl_multi_remove_handle(h->multi, t[i].easy);
        curl_slist_free_all(t[i].headers);
        give_easy(h, t[i].easy);
    }
    free(t);
    return 0;
}
