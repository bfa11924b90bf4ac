/*
 * Request dispatch of the mock server: routes a request to its API handler
 * under the state lock and records every API request (control requests
 * excepted) with the answer it got in the request log. The HTTP layer
 * (server.c) calls mock_dispatch once per request.
 */
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#include "ai.h"
#include "control.h"
#include "graph.h"
#include "mock.h"
#include "s3.h"

/* Serialises the log entry of one request, from `"api":` on (reqlog.h): the caller owns the returned buffer. */
static void serialise(const mock_req_t *req, const char *api, int64_t now_ms, const mock_res_t *res, mock_buf_t *b)
{
    wa_buf_reserve(b, 256 + req->path_len + req->query_len + req->authorization_len + req->body_len +
                          res->body.len * 11 / 10);
    wa_buf_printf(b, "\"api\":\"%s\",\"method\":", api);
    mock_buf_json_str(b, req->method, req->method_len);
    wa_buf_appends(b, ",\"path\":");
    mock_buf_json_str(b, req->path, req->path_len);
    wa_buf_appends(b, ",\"query\":");
    mock_buf_json_str(b, req->query != NULL ? req->query : "", req->query_len);
    wa_buf_appends(b, ",\"authorization\":");
    mock_buf_json_str(b, req->authorization != NULL ? req->authorization : "", req->authorization_len);
    wa_buf_appends(b, ",\"api_key\":");
    mock_buf_json_str(b, req->api_key != NULL ? req->api_key : "", req->api_key_len);
    wa_buf_appends(b, ",\"body\":");
    mock_buf_json_str(b, req->body != NULL ? req->body : "", req->body_len);
    wa_buf_printf(b, ",\"received_at_ms\":%lld,\"status\":%d,\"delay_ms\":%d,\"response\":", (long long)now_ms,
                  res->status, res->delay_ms);
    mock_buf_json_str(b, res->body.base != NULL ? res->body.base : "", res->body.len);
    wa_buf_appends(b, "}");
}

void mock_dispatch(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    const char *api = mock_route(req->path, req->path_len);
    res->api = api;
    if (pthread_mutex_lock(&st->mutex) != 0)
        wa_fatal("pthread_mutex_lock failed");
    if (strcmp(api, "control") == 0) {
        mock_control_handle(st, req, res);
    } else {
        if (strcmp(api, "graph") == 0) {
            mock_graph_handle(st, req, now_ms, res);
        } else if (strcmp(api, "s3") == 0) {
            mock_s3_handle(st, req, now_ms, res);
        } else if (strcmp(api, "gemini") == 0) {
            mock_gemini_handle(st, req, now_ms, res);
        } else if (strcmp(api, "openai") == 0) {
            mock_openai_handle(st, req, now_ms, res);
        } else {
            mock_res_set(res, 404, "application/json; charset=UTF-8",
                         "{\"error\":{\"message\":\"wa-mock: no such endpoint\",\"code\":404}}");
        }
        mock_buf_t entry;
        wa_buf_init(&entry);
        serialise(req, api, now_ms, res, &entry);
        char *shrunk = realloc(entry.base, entry.len + 1); /* 200,000 entries: do not keep the slack */
        if (shrunk != NULL)
            entry.base = shrunk;
        mock_reqlog_add(&st->log, api, entry.base, entry.len); /* takes the buffer */
    }
    if (pthread_mutex_unlock(&st->mutex) != 0)
        wa_fatal("pthread_mutex_unlock failed");
}
