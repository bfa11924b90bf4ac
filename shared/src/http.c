/*
 * Concurrent outbound HTTP (wa/http.h) on one libcurl multi handle. The
 * multi handle keeps its connection cache between batches, so calls to the
 * same host reuse connections. A batch is driven with curl_multi_poll until
 * every transfer has completed; each request's own timeout bounds it.
 */
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
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    wa_http_req_t *r = userdata;
    size_t n = size * nmemb;
    char *p = realloc(r->resp, r->resp_len + n + 1);
    if (p == NULL)
        wa_fatal("out of memory");
    memcpy(p + r->resp_len, ptr, n);
    r->resp_len += n;
    p[r->resp_len] = '\0';
    r->resp = p;
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
                snprintf(r->error, sizeof(r->error), "%s", curl_easy_strerror(msg->data.result));
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
