/*
 * HTTP helpers of the dashboard (services/dashboard): reading a request's
 * headers, cookies and query parameters, and writing JSON responses and the
 * API's error shape {"error": {"code", "message", "fields"}}
 * (ARCHITECTURE.md). Strings handed back are allocated from the request's
 * pool and live as long as the request. The pure helpers (query and cookie
 * parsing, percent-decoding) take plain buffers so that unit tests call them
 * directly.
 */
#ifndef dash__http_h
#define dash__http_h

#include <stddef.h>
#include <cjson/cJSON.h>
#include "h2o.h"

/* The value of header `name` (lower case) or NULL; NUL-terminated copy in the request's pool. */
const char *dash_http_header(h2o_req_t *req, const char *name);
/* The value of cookie `name` from the Cookie header(s), or NULL; copy in the pool. */
const char *dash_http_cookie(h2o_req_t *req, const char *name);
/* The percent-decoded value of query parameter `name`, or NULL when absent; copy in the pool. */
const char *dash_http_query(h2o_req_t *req, const char *name);
/* The peer's address as text ("127.0.0.1", "::1") into out. */
void dash_http_peer(h2o_req_t *req, char *out, size_t outsz);

/* Pure: finds `name` in a query string "a=1&b=x%20y" (without the '?') and decodes its value into out (outsz bytes,
 * '+' is a space). Returns the decoded length, or -1 when absent, -2 when malformed or too long. */
long dash_query_get(const char *q, size_t qlen, const char *name, char *out, size_t outsz);
/* Pure: finds cookie `name` in a Cookie header value "a=1; b=2". Returns a pointer into `v` and its length in *len,
 * or NULL. */
const char *dash_cookie_find(const char *v, size_t vlen, const char *name, size_t *len);

/* Sends `doc` (ownership passes here; NULL sends no body) as application/json with `status`. */
void dash_reply_json(h2o_req_t *req, int status, cJSON *doc);
/* Sends already serialised JSON (copied). */
void dash_reply_raw(h2o_req_t *req, int status, const char *json, size_t len);
/* Sends a body of another type (text/csv; charset=utf-8 ...), copied; with `filename` (a plain name, no quotes)
 * as an attachment of that name. */
void dash_reply_text(h2o_req_t *req, int status, const char *content_type, const char *filename, const char *body,
                     size_t len);
/* Sends {"error": {"code", "message", "fields"}}; `fields` (owned here, may be NULL) maps a field to what is wrong
 * with it. */
void dash_reply_error(h2o_req_t *req, int status, const char *code, const char *message, cJSON *fields);
/* 204 No Content. */
void dash_reply_empty(h2o_req_t *req);

/* The reason phrase of a status code. */
const char *dash_http_reason(int status);

#endif
