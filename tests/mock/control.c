/*
 * Control API of the mock server (see control.h). A configuration object
 * replaces its API's whole configuration: absent fields fall back to the
 * defaults, so a test states everything it relies on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "wa/log.h"

#include "control.h"
#include "media.h"
#include "s3.h"

#define JSON_CT "application/json; charset=UTF-8"

static void fail(mock_res_t *res, int status, const char *msg)
{
    res->status = status;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_appends(&res->body, "{\"ok\":false,\"error\":");
    mock_buf_json_cstr(&res->body, msg);
    wa_buf_appends(&res->body, "}");
}

static void handle_config(mock_state_t *st, const mock_req_t *req, mock_res_t *res)
{
    char err[256] = "";
    cJSON *root = cJSON_ParseWithLength(req->body != NULL ? req->body : "", req->body_len);
    const cJSON *api = cJSON_GetObjectItemCaseSensitive(root, "api");
    if (!cJSON_IsObject(root)) {
        fail(res, 400, "the body must be a JSON object");
    } else if (!cJSON_IsString(api)) {
        fail(res, 400, "api must be \"graph\", \"gemini\" or \"openai\"");
    } else if (strcmp(api->valuestring, "graph") == 0) {
        mock_graph_conf_t c;
        if (mock_graph_conf_parse(&c, root, err, sizeof(err)) != 0) {
            fail(res, 400, err);
        } else {
            mock_graph_conf_dispose(&st->graph);
            st->graph = c;
            mock_res_set(res, 200, JSON_CT, "{\"ok\":true}");
        }
    } else if (strcmp(api->valuestring, "gemini") == 0 || strcmp(api->valuestring, "openai") == 0) {
        int is_openai = api->valuestring[0] == 'o';
        mock_ai_conf_t c;
        if (mock_ai_conf_parse(&c, is_openai, root, err, sizeof(err)) != 0) {
            fail(res, 400, err);
        } else {
            mock_ai_conf_t *dst = is_openai ? &st->openai : &st->gemini;
            mock_ai_conf_dispose(dst);
            *dst = c;
            mock_res_set(res, 200, JSON_CT, "{\"ok\":true}");
        }
    } else {
        fail(res, 400, "api must be \"graph\", \"gemini\" or \"openai\"");
    }
    if (res->status == 200)
        wa_info("configured", "api", api->valuestring);
    cJSON_Delete(root);
}

static void handle_requests(mock_state_t *st, const mock_req_t *req, mock_res_t *res)
{
    char api[32], since_s[32];
    const char *filter = NULL;
    unsigned long long since = 0;
    if (mock_query_get(req->query, req->query_len, "api", api, sizeof(api)) && api[0] != '\0' &&
        strcmp(api, "all") != 0) {
        static const char *apis[] = {"graph", "gemini", "openai", "s3", "unknown"};
        for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++)
            if (strcmp(api, apis[i]) == 0)
                filter = apis[i];
        if (filter == NULL) {
            fail(res, 400, "api must be graph, gemini, openai, s3, unknown or all");
            return;
        }
    }
    if (mock_query_get(req->query, req->query_len, "since", since_s, sizeof(since_s)) && since_s[0] != '\0') {
        char *end;
        since = strtoull(since_s, &end, 10);
        if (*end != '\0' || since_s[0] == '-') {
            fail(res, 400, "since must be a sequence number");
            return;
        }
    }
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    mock_reqlog_dump(&st->log, filter, since, &res->body);
}

static void handle_reset(mock_state_t *st, mock_res_t *res)
{
    mock_reqlog_clear(&st->log);
    mock_graph_conf_dispose(&st->graph);
    mock_graph_conf_init(&st->graph);
    mock_ai_conf_dispose(&st->gemini);
    mock_ai_conf_init(&st->gemini, 0);
    mock_ai_conf_dispose(&st->openai);
    mock_ai_conf_init(&st->openai, 1);
    mock_media_clear(st);
    mock_s3_clear(st);
    mock_res_set(res, 200, JSON_CT, "{\"ok\":true}");
}

void mock_control_handle(mock_state_t *st, const mock_req_t *req, mock_res_t *res)
{
    int is_get = mock_eq(req->method, req->method_len, "GET"), is_post = mock_eq(req->method, req->method_len, "POST");
    const char *p = req->path;
    size_t n = req->path_len;
    while (n > 1 && p[n - 1] == '/') /* tolerate a trailing slash */
        n--;
    if (mock_eq(p, n, "/_mock/health")) {
        mock_res_set(res, 200, JSON_CT, "{\"ok\":true}");
    } else if (mock_eq(p, n, "/_mock/config")) {
        if (is_post)
            handle_config(st, req, res);
        else
            fail(res, 405, "use POST");
    } else if (mock_eq(p, n, "/_mock/requests")) {
        if (is_get)
            handle_requests(st, req, res);
        else
            fail(res, 405, "use GET");
    } else if (mock_eq(p, n, "/_mock/s3")) {
        if (is_get || is_post)
            mock_s3_control(st, req, res);
        else
            fail(res, 405, "use GET or POST");
    } else if (mock_eq(p, n, "/_mock/media")) {
        if (is_get || is_post)
            mock_media_control(st, req, res);
        else
            fail(res, 405, "use GET or POST");
    } else if (mock_eq(p, n, "/_mock/reset")) {
        if (is_post)
            handle_reset(st, res);
        else
            fail(res, 405, "use POST");
    } else {
        fail(res, 404, "unknown control endpoint");
    }
}
