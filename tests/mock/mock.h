/*
 * Core types of the mock Meta Graph / Gemini / OpenAI-compatible server
 * (wa-mock). server.c turns each h2o request into a mock_req_t, hands it to
 * mock_dispatch (dispatch.c), which runs the API handlers (graph.c, ai.c,
 * control.c) under the state lock and fills a mock_res_t; server.c then
 * sends it, after the configured delay. Everything below server.c is free of
 * I/O: bytes in, bytes out.
 */
#ifndef mock__mock_h
#define mock__mock_h

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conf.h"
#include "reqlog.h"

#define MOCK_LOG_CAPACITY 200000

/* One request as the handlers see it. Every pointer is borrowed from the HTTP layer for the duration of the call;
 * the strings are not NUL-terminated (use the lengths). Absent headers have base NULL and len 0. */
typedef struct st_mock_req_t {
    const char *method;
    size_t method_len;
    const char *path; /* without the query string */
    size_t path_len;
    const char *query; /* after the '?', or NULL */
    size_t query_len;
    const char *authorization;
    size_t authorization_len;
    const char *api_key; /* x-goog-api-key header */
    size_t api_key_len;
    const char *body;
    size_t body_len;
    const char *host; /* Host header (builds the media download URL), or NULL */
    size_t host_len;
    const char *content_type; /* Content-Type header (multipart uploads, S3 PUTs), or NULL */
    size_t content_type_len;
    const char *headers; /* every header as "name:value\n" lines, names lowercased (the S3 mock's SigV4 check) */
    size_t headers_len;
} mock_req_t;

/* The answer a handler produced. `body` is owned by the response (mock_res_dispose). */
typedef struct st_mock_res_t {
    int status;
    const char *content_type; /* static string, or ctype */
    char ctype[128];          /* room for a content type that is not static (a stored media file's) */
    mock_buf_t body;
    int delay_ms;         /* how long the HTTP layer waits before sending */
    long pad_bytes;       /* spaces the HTTP layer appends to the body (not logged): an oversized answer */
    char retry_after[16]; /* Retry-After header value, "" = none */
    const char *api;      /* "graph", "gemini", "openai", "control", "unknown" (static) */
} mock_res_t;

/* Everything the mock remembers: per-API configuration, the request log, id counters. Shared by all threads;
 * every access holds `mutex`. */
typedef struct st_mock_state_t {
    pthread_mutex_t mutex;
    mock_graph_conf_t graph;
    mock_ai_conf_t gemini;
    mock_ai_conf_t openai;
    mock_reqlog_t log;
    uint64_t counter; /* wamids, response ids, tokens */
    uint64_t rng;     /* xorshift state */
    uint32_t nonce;   /* per-process part of generated ids */
    struct st_mock_media_t *media; /* media files (media.h): provisioned by tests, uploaded by clients */
    size_t nmedia, capmedia;
    struct st_mock_s3_t *s3; /* the S3-compatible store (s3.c) */
} mock_state_t;

void mock_res_init(mock_res_t *res);
void mock_res_dispose(mock_res_t *res);
/* Sets status and content type and replaces the body with the NUL-terminated `body`. */
void mock_res_set(mock_res_t *res, int status, const char *content_type, const char *body);

/* Initialises the state with default configuration and an empty log of `log_capacity` entries. */
void mock_state_init(mock_state_t *st, size_t log_capacity);
void mock_state_dispose(mock_state_t *st);

/* Answers one request: routes it, runs the handler with the lock held, records API requests (not control ones) in
 * the log with their answer. `now_ms` is the arrival time (unix ms). The caller owns `res` (init before, dispose
 * after). Thread-safe. */
void mock_dispatch(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res);

/* Which API a path belongs to: "control" (/_mock/...), "openai" (/v1/..., /v1beta/openai/..., .../chat/completions),
 * "gemini" (/v1beta/...), "graph" (/vNN[.N]/..., /lookaside/... media downloads), "s3" (/s3/...: s3.h), else
 * "unknown". Returns a static string. */
const char *mock_route(const char *path, size_t len);

/* Helpers for handlers (state lock held). */
/* Next pseudo-random 64-bit number. */
uint64_t mock_rand(mock_state_t *st);
/* Writes `n` random characters from [A-Za-z0-9] (or [A-Za-z0-9_-] when url_safe) into out and NUL-terminates. */
void mock_rand_id(mock_state_t *st, char *out, size_t n, int url_safe);
/* Value of query parameter `name`, percent-decoded into out (NUL-terminated, truncated to outsz-1). Returns 1 when
 * present, 0 when absent. */
int mock_query_get(const char *query, size_t query_len, const char *name, char *out, size_t outsz);
/* 1 when the bytes s[0..n) equal the NUL-terminated `lit`. */
int mock_eq(const char *s, size_t n, const char *lit);

#endif
