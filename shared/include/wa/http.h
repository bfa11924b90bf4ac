/*
 * Outbound HTTP for the ai and sender services and wactl: a batch of
 * requests run concurrently on one libcurl multi handle with connection
 * reuse (keep-alive) across batches. A batch returns when every request has
 * finished or timed out. Request bodies and headers are borrowed; response
 * bodies are owned by the request and freed by wa_http_req_dispose, and no
 * larger than WA_HTTP_MAX_RESPONSE_BYTES (a longer one fails the transfer).
 */
#ifndef wa__http_h
#define wa__http_h

#include <stddef.h>

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

/* WA_HTTP_MAX_RESPONSE_BYTES (read once; an invalid or non-positive value gives the default, 1 MiB). Thread-safe. */
size_t wa_http_max_response(void);

/* For libcurl write callbacks: appends n bytes to the NUL-terminated response body (*buf of *len bytes in *cap
 * allocated; grown geometrically). Returns 0, or -1 without appending when the body would exceed
 * wa_http_max_response(): the callback then returns 0 so that libcurl stops the transfer (CURLE_WRITE_ERROR) and the
 * caller reports WA_HTTP_TOO_LARGE. Out of memory is fatal. */
int wa_http_body_append(char **buf, size_t *len, size_t *cap, const char *data, size_t n);

typedef struct st_wa_http_t wa_http_t;

/* `max_connections` bounds connections per host (0 = libcurl's default). Returns NULL on failure. */
wa_http_t *wa_http_create(long max_connections);
void wa_http_destroy(wa_http_t *h);

/* Initialises a request (zeroes outputs). */
void wa_http_req_init(wa_http_req_t *r, const char *method, const char *url, long timeout_ms);
/* Frees the response body. */
void wa_http_req_dispose(wa_http_req_t *r);

/* Runs all n requests concurrently and returns when all have completed. Returns 0, or -1 when the batch could not be
 * started at all (then no request ran). Each request reports its own outcome in status/curl_code. */
int wa_http_run(wa_http_t *h, wa_http_req_t **reqs, size_t n);

#endif
