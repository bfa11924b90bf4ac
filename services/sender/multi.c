/*
 * The sender's continuous HTTP driver (multi.h). Each added request becomes a transfer: an easy handle (taken from a
 * pool of idle ones, which keep their DNS and TLS caches warm), its header list and the request it fills. Finished
 * transfers are found with curl_multi_info_read after each curl_multi_perform; the wait is curl_multi_poll with the
 * caller's extra descriptor, so the stream loop's Redis reader wakes it as well.
 */
#include "multi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "wa/log.h"
#include "wa/ops.h"

typedef struct st_transfer_t {
    CURL *easy;
    struct curl_slist *headers;
    wa_http_req_t *req;
    void *owner;
    struct st_transfer_t *prev, *next;
} transfer_t;

struct st_snd_multi_t {
    CURLM *multi;
    CURL **pool; /* idle easy handles */
    size_t npool, cappool;
    transfer_t *live; /* running transfers */
    size_t running;
    long long peak;
    wa_metric_t *m_inflight, *m_peak;
};

snd_multi_t *snd_multi_create(long max_connections)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    snd_multi_t *m = wa_calloc(1, sizeof(*m));
    if ((m->multi = curl_multi_init()) == NULL) {
        free(m);
        curl_global_cleanup();
        return NULL;
    }
    if (max_connections > 0)
        curl_multi_setopt(m->multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_connections);
    curl_multi_setopt(m->multi, CURLMOPT_MAXCONNECTS, max_connections > 0 ? max_connections : 64L);
    m->m_inflight = wa_metric(WA_METRIC_GAUGE, "wa_sender_inflight", NULL, "Graph API calls in flight now");
    m->m_peak = wa_metric(WA_METRIC_GAUGE, "wa_sender_inflight_peak", NULL,
                          "Highest number of Graph API calls in flight at once since start");
    return m;
}

static void finish_transfer(snd_multi_t *m, transfer_t *t)
{
    curl_multi_remove_handle(m->multi, t->easy);
    curl_slist_free_all(t->headers);
    if (m->npool == m->cappool) {
        size_t cap = m->cappool ? m->cappool * 2 : 64;
        CURL **p = realloc(m->pool, cap * sizeof(*p));
        if (p == NULL)
            wa_fatal("out of memory");
        m->pool = p, m->cappool = cap;
    }
    m->pool[m->npool++] = t->easy;
    if (t->prev != NULL)
        t->prev->next = t->next;
    else
        m->live = t->next;
    if (t->next != NULL)
        t->next->prev = t->prev;
    m->running--;
    wa_metric_set(m->m_inflight, (int64_t)m->running);
    free(t);
}

void snd_multi_abort_all(snd_multi_t *m)
{
    while (m->live != NULL)
        finish_transfer(m, m->live);
}

void snd_multi_fail_all(snd_multi_t *m, int curl_code, const char *error, snd_multi_done_cb done, void *data)
{
    while (m->live != NULL) {
        transfer_t *t = m->live;
        wa_http_req_t *r = t->req;
        void *owner = t->owner;
        double secs = 0;
        curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &secs);
        finish_transfer(m, t);
        r->status = 0;
        r->curl_code = curl_code;
        r->elapsed_ms = secs * 1000.0;
        snprintf(r->error, sizeof(r->error), "%s", error);
        done(r, owner, data);
    }
}

void snd_multi_destroy(snd_multi_t *m)
{
    if (m == NULL)
        return;
    snd_multi_abort_all(m);
    for (size_t i = 0; i < m->npool; i++)
        curl_easy_cleanup(m->pool[i]);
    free(m->pool);
    curl_multi_cleanup(m->multi);
    free(m);
    curl_global_cleanup();
}

size_t snd_multi_running(const snd_multi_t *m)
{
    return m->running;
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

int snd_multi_add(snd_multi_t *m, wa_http_req_t *r, void *owner)
{
    r->status = 0;
    r->curl_code = 0;
    r->error[0] = '\0';
    r->elapsed_ms = 0;
    wa_http_req_dispose(r);
    CURL *e;
    if (m->npool > 0) {
        e = m->pool[--m->npool];
        curl_easy_reset(e);
    } else if ((e = curl_easy_init()) == NULL) {
        return -1;
    }
    transfer_t *t = wa_calloc(1, sizeof(*t));
    t->easy = e, t->req = r, t->owner = owner;
    curl_easy_setopt(e, CURLOPT_URL, r->url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->timeout_ms > 0 ? r->timeout_ms : 30000L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "clinic-wa/1");
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
    if (curl_multi_add_handle(m->multi, e) != CURLM_OK) {
        curl_slist_free_all(hl);
        curl_easy_cleanup(e);
        free(t);
        return -1;
    }
    t->next = m->live;
    if (m->live != NULL)
        m->live->prev = t;
    m->live = t;
    m->running++;
    wa_metric_set(m->m_inflight, (int64_t)m->running);
    if ((long long)m->running > m->peak) {
        m->peak = (long long)m->running;
        wa_metric_set(m->m_peak, m->peak);
    }
    return 0;
}

int snd_multi_step(snd_multi_t *m, long wait_ms, int extra_fd, snd_multi_done_cb done, void *data)
{
    int still = 0, readable = 0;
    if (m->running > 0 && curl_multi_perform(m->multi, &still) != CURLM_OK)
        wa_fatal("curl_multi_perform failed");
    struct curl_waitfd wfd = {.fd = extra_fd, .events = CURL_WAIT_POLLIN, .revents = 0};
    int finished = 0;
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        transfer_t *t = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        wa_http_req_t *r = t->req;
        void *owner = t->owner;
        r->curl_code = (int)msg->data.result;
        if (msg->data.result != CURLE_OK)
            snprintf(r->error, sizeof(r->error), "%s",
                     r->too_large ? WA_HTTP_TOO_LARGE : curl_easy_strerror(msg->data.result));
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
        double secs = 0;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_TOTAL_TIME, &secs);
        r->elapsed_ms = secs * 1000.0;
        finish_transfer(m, t); /* msg is invalid from here */
        finished++;
        done(r, owner, data); /* may add transfers */
    }
    if (finished > 0)
        wait_ms = 0; /* the callbacks may have started transfers: drive them at once */
    if (m->running > 0 || extra_fd >= 0 || wait_ms > 0) {
        if (curl_multi_poll(m->multi, extra_fd >= 0 ? &wfd : NULL, extra_fd >= 0 ? 1 : 0, (int)wait_ms, NULL) !=
            CURLM_OK)
            wa_fatal("curl_multi_poll failed");
        readable = extra_fd >= 0 && (wfd.revents & CURL_WAIT_POLLIN) != 0;
    }
    return readable;
}
