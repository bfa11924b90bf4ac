/*
 * libwa's one HTTP client, on one libcurl multi handle: requests are started one by one and finish one by one (a
 * callback per finished request), so a slow call holds up nothing else, and connections are reused (keep-alive)
 * across requests. Continuous callers (the sender's and ai's stage drivers) start requests and drive them with
 * wa_http_step, which also waits on one descriptor of theirs (the stage's Redis reader); synchronous callers (wactl,
 * the sender's token refresh, the ai's model check) use wa_http_run, a run-to-completion helper on top. Request
 * bodies and headers are borrowed; response bodies are owned by the request and freed by wa_http_req_dispose, and no
 * larger than WA_HTTP_MAX_RESPONSE_BYTES (a longer one fails the transfer). Single-threaded per wa_http_t.
 */
#ifndef wa__http_h
#define wa__http_h

#include <stddef.h>

#include "wa/ops.h"

#define WA_HTTP_MAX_HEADERS 8

typedef struct st_wa_http_req_t {
    /* in */
    const char *method;                        /* "GET", "POST" */
    const char *url;
    const char *body;                          /* may be NULL */
    size_t body_len;
    const char *headers[WA_HTTP_MAX_HEADERS];  /* "Name: value", NULL-terminated list */
    long timeout_ms;
    /* out */
    long status;     /* HTTP status, 0 when no response (see curl_code) */
    int curl_code;   /* CURLcode, 0 = OK */
    char error[256]; /* curl's message when curl_code != 0 */
    char *resp;      /* response body, NUL-terminated, owned */
    size_t resp_len;
    size_t resp_cap; /* bytes allocated for resp */
    double elapsed_ms;
    int too_large; /* the body went over WA_HTTP_MAX_RESPONSE_BYTES: the transfer failed (curl_code set, error says so) */
} wa_http_req_t;

/* Default of WA_HTTP_MAX_RESPONSE_BYTES: the most bytes of a response body an outbound call keeps. */
#define WA_HTTP_MAX_RESPONSE_DEFAULT 1048576
/* The error text of a transfer stopped by that bound. */
#define WA_HTTP_TOO_LARGE "response body larger than WA_HTTP_MAX_RESPONSE_BYTES"

/* Sets the response body limit (WA_HTTP_MAX_RESPONSE_BYTES, range-checked by wa_config_load, which calls this once
 * at start before any thread; a non-positive value gives the default, 1 MiB). */
void wa_http_settings(long max_response_bytes);
/* The response body limit in force. */
size_t wa_http_max_response(void);

/* For libcurl write callbacks: appends n bytes to the NUL-terminated response body (*buf of *len bytes in *cap
 * allocated; grown geometrically). Returns 0, or -1 without appending when the body would exceed
 * wa_http_max_response(): the callback then returns 0 so that libcurl stops the transfer (CURLE_WRITE_ERROR) and the
 * caller reports WA_HTTP_TOO_LARGE. Out of memory is fatal. */
int wa_http_body_append(char **buf, size_t *len, size_t *cap, const char *data, size_t n);

typedef struct st_wa_http_t wa_http_t;

/* `max_connections` bounds connections per host and in the cache (0 = libcurl's default per host, 64 cached).
 * Returns NULL on failure. */
wa_http_t *wa_http_create(long max_connections);
/* Aborts the requests still running, without calling back. NULL is a no-op. */
void wa_http_destroy(wa_http_t *h);
/* Gauges to keep: requests running now, and the highest number seen (both may be NULL; borrowed). */
void wa_http_gauges(wa_http_t *h, wa_metric_t *inflight, wa_metric_t *peak);

/* Initialises a request (zeroes outputs). */
void wa_http_req_init(wa_http_req_t *r, const char *method, const char *url, long timeout_ms);
/* Frees the response body. */
void wa_http_req_dispose(wa_http_req_t *r);

/* Called once per finished request (status, curl_code, error, resp, elapsed_ms set); it may start requests. */
typedef void (*wa_http_done_cb)(wa_http_req_t *req, void *data);

/* Starts `req` (borrowed until its callback or its cancellation; its outputs and response body are reset). Returns
 * 0, then `done` runs exactly once from wa_http_step or wa_http_fail_all (unless cancelled); or -1 when it could not
 * be started, then `done` never runs. */
int wa_http_start(wa_http_t *h, wa_http_req_t *req, wa_http_done_cb done, void *data);
/* Requests started and not yet finished. */
size_t wa_http_running(const wa_http_t *h);
/* Drives the transfers: hands each finished request to its callback, then waits up to `wait_ms` for activity on
 * them or for `extra_fd` (>= 0) to become readable (not at all when a callback ran: it may have started requests).
 * Returns 1 when extra_fd is readable, else 0. */
int wa_http_step(wa_http_t *h, long wait_ms, int extra_fd);
/* Takes `req` out unfinished, without calling back. A request not running is ignored. */
void wa_http_cancel(wa_http_t *h, wa_http_req_t *req);
/* Aborts every running request without calling back. */
void wa_http_abort_all(wa_http_t *h);
/* Aborts every running request and hands each to its callback as failed with `curl_code` and `error` (status 0),
 * as if it had timed out. The callbacks must not start requests. */
void wa_http_fail_all(wa_http_t *h, int curl_code, const char *error);

/* Runs all n requests concurrently and returns when all have completed (other requests running on h are driven too
 * and called back meanwhile). Returns 0; each request reports its own outcome in status/curl_code (one that could not
 * be started: CURLE_FAILED_INIT). */
int wa_http_run(wa_http_t *h, wa_http_req_t **reqs, size_t n);

#endif
