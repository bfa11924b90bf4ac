/*
 * Mock Gemini and OpenAI-compatible model APIs (see ai.h). Order of checks,
 * as the real services do it: the key (Gemini 400 API_KEY_INVALID, OpenAI
 * 401), the model (404), the body (400), then a matching scripted error rule,
 * then the configured answer. Streaming answers are built whole and sent in
 * one go, split into 2-3 SSE events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "wa/log.h"

#include "ai.h"

#define JSON_CT "application/json; charset=UTF-8"
#define SSE_CT "text/event-stream"
#define HTML_CT "text/html; charset=UTF-8"
#define OPENAI_DEFAULT_MODEL "mock-model"

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t l = strlen(prefix);
    return n >= l && memcmp(s, prefix, l) == 0;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t l = strlen(suffix);
    return n >= l && memcmp(s + n - l, suffix, l) == 0;
}

static void begin(mock_res_t *res, int status, const char *content_type)
{
    res->status = status;
    res->content_type = content_type;
    res->body.len = 0;
}

/* Rough token count of n bytes of text: about four bytes a token, at least one when there is any text. */
static long tokens_of(size_t n)
{
    return n == 0 ? 0 : (long)(n + 3) / 4;
}

/* Splits text (n bytes) into at most 3 non-empty pieces at UTF-8 character starts; writes the cut offsets into
 * cuts[0..k] (cuts[0] = 0, cuts[k] = n) and returns k, the number of pieces (1 when n < 3). */
static size_t split3(const char *text, size_t n, size_t cuts[4])
{
    size_t k = 0;
    cuts[0] = 0;
    for (size_t i = 1; i < 3 && n >= 3; i++) {
        size_t at = n * i / 3;
        while (at < n && text[at] != ' ') /* cut before a space when there is one: readable pieces */
            at++;
        if (at == n)
            for (at = n * i / 3; at < n && ((unsigned char)text[at] & 0xc0) == 0x80; at++)
                ;
        if (at > cuts[k] && at < n)
            cuts[++k] = at;
    }
    cuts[++k] = n;
    return k;
}

/* --- errors --------------------------------------------------------------------------------------------------- */

static const char *reason_phrase(int status)
{
    switch (status) {
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Time-out";
    default:
        return "Error";
    }
}

static void html_error(mock_res_t *res, int status, int google)
{
    begin(res, status, HTML_CT);
    if (google)
        wa_buf_printf(&res->body,
                      "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n"
                      "  <title>Error %d (Server Error)!!1</title>\n"
                      "  <p><b>%d.</b> <ins>That\xe2\x80\x99s an error.</ins>\n"
                      "  <p>The server encountered a temporary error and could not complete your request.<p>Please "
                      "try again in 30 seconds.  <ins>That\xe2\x80\x99s all we know.</ins>\n",
                      status, status);
    else
        wa_buf_printf(&res->body,
                      "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
                      "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                      status, reason_phrase(status), status, reason_phrase(status));
}

static const char *google_message(const char *status)
{
    static const struct {
        const char *status, *message;
    } map[] = {
        {"INVALID_ARGUMENT", "Request contains an invalid argument."},
        {"FAILED_PRECONDITION", "User location is not supported for the API use."},
        {"UNAUTHENTICATED", "Request had invalid authentication credentials."},
        {"PERMISSION_DENIED", "The caller does not have permission"},
        {"NOT_FOUND", "Requested entity was not found."},
        {"RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details."},
        {"INTERNAL", "An internal error has occurred. Please retry or report in "
                     "https://developers.generativeai.google/guide/troubleshooting"},
        {"UNAVAILABLE", "The model is overloaded. Please try again later."},
        {"DEADLINE_EXCEEDED", "Deadline expired before operation could complete."},
        {"CANCELLED", "The operation was cancelled."},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(map[i].status, status) == 0)
            return map[i].message;
    return "Scripted error from wa-mock.";
}

/* Opens the Google RPC envelope `{"error":{"code":..,"message":..,"status":..` ; the caller adds details and
 * closes with "}}". */
static void google_error_open(mock_res_t *res, int http_status, const char *status, const char *message)
{
    begin(res, http_status, JSON_CT);
    wa_buf_printf(&res->body, "{\"error\":{\"code\":%d,\"message\":", http_status);
    mock_buf_json_cstr(&res->body, message);
    wa_buf_appends(&res->body, ",\"status\":");
    mock_buf_json_cstr(&res->body, status);
}

static void error_info(mock_buf_t *b, const char *reason)
{
    wa_buf_appends(b, "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":");
    mock_buf_json_cstr(b, reason);
    wa_buf_appends(b,
                   ",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}");
}

static void gemini_key_invalid(mock_res_t *res)
{
    static const char msg[] = "API key not valid. Please pass a valid API key.";
    google_error_open(res, 400, "INVALID_ARGUMENT", msg);
    wa_buf_appends(&res->body, ",\"details\":[");
    error_info(&res->body, "API_KEY_INVALID");
    wa_buf_printf(&res->body,
                  ",{\"@type\":\"type.googleapis.com/google.rpc.LocalizedMessage\",\"locale\":\"en-US\","
                  "\"message\":\"%s\"}]}}",
                  msg);
}

static void gemini_simple_error(mock_res_t *res, int http_status, const char *status, const char *message)
{
    google_error_open(res, http_status, status, message);
    wa_buf_appends(&res->body, "}}");
}

static const char *openai_type_for(int http_status)
{
    switch (http_status) {
    case 400:
        return "invalid_request_error";
    case 401:
        return "authentication_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 429:
        return "rate_limit_error";
    case 503:
        return "unavailable_error";
    default:
        return http_status >= 500 ? "server_error" : "invalid_request_error";
    }
}

/* {"error":{"message":..,"type":..,"param":<param or null>,"code":<http status>}} */
static void openai_error(mock_res_t *res, int http_status, const char *type, const char *message, const char *param)
{
    begin(res, http_status, JSON_CT);
    wa_buf_appends(&res->body, "{\"error\":{\"message\":");
    mock_buf_json_cstr(&res->body, message);
    wa_buf_appends(&res->body, ",\"type\":");
    mock_buf_json_cstr(&res->body, type != NULL ? type : openai_type_for(http_status));
    wa_buf_appends(&res->body, ",\"param\":");
    mock_buf_json_cstr(&res->body, param);
    wa_buf_printf(&res->body, ",\"code\":%d}}", http_status);
}

static int rule_matches(const mock_ai_rule_t *r, const char *model, const char *key)
{
    if (!r->forever && r->times_left <= 0)
        return 0;
    if (r->model != NULL && (model == NULL || strcmp(r->model, model) != 0))
        return 0;
    if (r->key != NULL && (key == NULL || strcmp(r->key, key) != 0))
        return 0;
    return 1;
}

/* Whole seconds of a Google duration like "1s", "37s", "1.5s" (rounded up), for Retry-After. */
static long duration_seconds(const char *d)
{
    char *end;
    double v = strtod(d, &end);
    if (end == d || v < 0)
        return 0;
    long s = (long)v;
    return (double)s < v ? s + 1 : s;
}

/* Runs the first matching rule of c, consuming one of its times. Returns 1 when it answered. */
static int apply_rules(mock_ai_conf_t *c, const char *model, const char *key, mock_res_t *res)
{
    for (size_t i = 0; i < c->nrules; i++) {
        mock_ai_rule_t *r = &c->rules[i];
        if (!rule_matches(r, model, key))
            continue;
        if (!r->forever)
            r->times_left--;
        if (r->delay_ms >= 0)
            res->delay_ms = r->delay_ms;
        if (r->html) {
            html_error(res, r->http_status, !c->is_openai);
        } else if (c->is_openai) {
            openai_error(res, r->http_status, r->error_type,
                         r->message != NULL ? r->message : google_message(r->status), NULL);
            if (r->retry_delay != NULL)
                snprintf(res->retry_after, sizeof(res->retry_after), "%ld", duration_seconds(r->retry_delay));
        } else {
            int first = 1;
            google_error_open(res, r->http_status, r->status,
                              r->message != NULL ? r->message : google_message(r->status));
            wa_buf_appends(&res->body, ",\"details\":[");
            if (r->http_status == 429 || strcmp(r->status, "RESOURCE_EXHAUSTED") == 0) {
                const char *quota =
                    r->quota_id != NULL ? r->quota_id : "GenerateRequestsPerMinutePerProjectPerModel-FreeTier";
                wa_buf_appends(&res->body, "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":"
                                           "[{\"quotaMetric\":\"generativelanguage.googleapis.com/"
                                           "generate_content_free_tier_requests\",\"quotaId\":");
                mock_buf_json_cstr(&res->body, quota);
                wa_buf_appends(&res->body, ",\"quotaDimensions\":{\"location\":\"global\",\"model\":");
                mock_buf_json_cstr(&res->body, model != NULL ? model : "gemini-2.5-flash");
                wa_buf_appends(&res->body,
                               "},\"quotaValue\":\"10\"}]},{\"@type\":\"type.googleapis.com/google.rpc.Help\","
                               "\"links\":[{\"description\":\"Learn more about Gemini API quotas\","
                               "\"url\":\"https://ai.google.dev/gemini-api/docs/rate-limits\"}]}");
                first = 0;
            }
            if (r->reason != NULL) {
                if (!first)
                    wa_buf_appends(&res->body, ",");
                error_info(&res->body, r->reason);
                first = 0;
            }
            if (r->retry_delay != NULL) {
                wa_buf_appends(&res->body, first ? "" : ",");
                wa_buf_appends(&res->body, "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":");
                mock_buf_json_cstr(&res->body, r->retry_delay);
                wa_buf_appends(&res->body, "}");
                first = 0;
            }
            if (first) { /* no details at all: drop the empty array */
                res->body.len -= strlen(",\"details\":[");
                wa_buf_appends(&res->body, "}}");
            } else {
                wa_buf_appends(&res->body, "]}}");
            }
        }
        return 1;
    }
    return 0;
}

/* The scripted reply whose `contains` occurs in the request body, or NULL (the configured text). */
static const mock_ai_reply_t *find_reply(const mock_ai_conf_t *c, const mock_req_t *req)
{
    for (size_t i = 0; i < c->nreplies; i++) {
        size_t n = strlen(c->replies[i].contains);
        for (size_t at = 0; req->body != NULL && n <= req->body_len && at <= req->body_len - n; at++)
            if (memcmp(req->body + at, c->replies[i].contains, n) == 0)
                return &c->replies[i];
    }
    return NULL;
}

/* --- Gemini ----------------------------------------------------------------------------------------------------- */

/* finish reasons whose candidate carries the answer text */
static int carries_text(const char *fr)
{
    return strcmp(fr, "STOP") == 0 || strcmp(fr, "MAX_TOKENS") == 0 || strcmp(fr, "FINISH_REASON_UNSPECIFIED") == 0;
}

/* One GenerateContentResponse: the piece text[0..n) (NULL = no content at all), finishReason and usageMetadata
 * when `final`. */
static void gemini_answer(mock_buf_t *b, const mock_ai_conf_t *c, const char *model, const char *resp_id,
                          long prompt_tokens, const char *piece, size_t n, int final)
{
    const char *fr = c->finish_reason != NULL ? c->finish_reason : "STOP";
    size_t text_len = strlen(c->text);
    wa_buf_appends(b, "{\"candidates\":[{");
    if (piece != NULL) {
        if (n == 0 && strcmp(fr, "STOP") != 0) {
            wa_buf_appends(b, "\"content\":{\"role\":\"model\"},"); /* e.g. MAX_TOKENS spent on thinking */
        } else {
            wa_buf_appends(b, "\"content\":{\"parts\":[{\"text\":");
            mock_buf_json_str(b, piece, n);
            wa_buf_appends(b, "}],\"role\":\"model\"},");
        }
    }
    if (final) {
        wa_buf_appends(b, "\"finishReason\":");
        mock_buf_json_cstr(b, fr);
        wa_buf_appends(b, ",");
    }
    wa_buf_appends(b, "\"index\":0");
    if (final && !carries_text(fr))
        wa_buf_appends(b, ",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\","
                          "\"probability\":\"HIGH\",\"blocked\":true}]");
    wa_buf_appends(b, "}]");
    if (final) {
        long cand = carries_text(fr) ? tokens_of(text_len) : 0;
        wa_buf_printf(b,
                      ",\"usageMetadata\":{\"promptTokenCount\":%ld,\"candidatesTokenCount\":%ld,"
                      "\"totalTokenCount\":%ld,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":%ld}]}",
                      prompt_tokens, cand, prompt_tokens + cand, prompt_tokens);
    }
    wa_buf_appends(b, ",\"modelVersion\":");
    mock_buf_json_cstr(b, model);
    wa_buf_printf(b, ",\"responseId\":\"%s\"}", resp_id);
}

static void gemini_blocked(mock_buf_t *b, const mock_ai_conf_t *c, const char *model, const char *resp_id,
                           long prompt_tokens)
{
    wa_buf_appends(b, "{\"promptFeedback\":{\"blockReason\":");
    mock_buf_json_cstr(b, c->block_reason);
    wa_buf_printf(b,
                  ",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\","
                  "\"blocked\":true}]},\"usageMetadata\":{\"promptTokenCount\":%ld,\"totalTokenCount\":%ld},"
                  "\"modelVersion\":",
                  prompt_tokens, prompt_tokens);
    mock_buf_json_cstr(b, model);
    wa_buf_printf(b, ",\"responseId\":\"%s\"}", resp_id);
}

/* A whole answer: one response, or (stream) 2-3 SSE events / a JSON array of responses. */
static void gemini_success(mock_state_t *st, const mock_req_t *req, const char *model, int stream, int sse,
                           mock_res_t *res)
{
    const mock_ai_conf_t *c = &st->gemini;
    const char *fr = c->finish_reason != NULL ? c->finish_reason : "STOP";
    char resp_id[24];
    long prompt = tokens_of(req->body_len);
    mock_rand_id(st, resp_id, 22, 1);
    begin(res, 200, stream && sse ? SSE_CT : JSON_CT);
    mock_buf_t *b = &res->body;
    size_t text_len = strlen(c->text);
    size_t cuts[4] = {0, text_len, 0, 0}, k = 1;
    if (stream && c->block_reason == NULL && carries_text(fr))
        k = split3(c->text, text_len, cuts);
    if (stream)
        wa_buf_appends(b, sse ? "data: " : "[");
    for (size_t i = 0; i < k; i++) {
        if (i != 0)
            wa_buf_appends(b, sse ? "\r\n\r\ndata: " : ",\r\n");
        if (c->block_reason != NULL)
            gemini_blocked(b, c, model, resp_id, prompt);
        else
            gemini_answer(b, c, model, resp_id, prompt, carries_text(fr) ? c->text + cuts[i] : NULL,
                          cuts[i + 1] - cuts[i], i + 1 == k);
    }
    if (stream)
        wa_buf_appends(b, sse ? "\r\n\r\n" : "]");
}

static void gemini_model_json(mock_buf_t *b, const char *m)
{
    wa_buf_appends(b, "{\"name\":");
    char name[300];
    snprintf(name, sizeof(name), "models/%s", m);
    mock_buf_json_cstr(b, name);
    wa_buf_appends(b, ",\"version\":\"001\",\"displayName\":");
    mock_buf_json_cstr(b, m);
    wa_buf_appends(b,
                   ",\"description\":\"wa-mock model\",\"inputTokenLimit\":1048576,\"outputTokenLimit\":65536,"
                   "\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\",\"streamGenerateContent\"]}");
}

void mock_gemini_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    mock_ai_conf_t *c = &st->gemini;
    char key[512], model[256];
    int has_key = 0;
    int is_get = mock_eq(req->method, req->method_len, "GET"), is_post = mock_eq(req->method, req->method_len, "POST");
    res->delay_ms = c->delay_ms;
    res->pad_bytes = c->pad_bytes;

    if (req->api_key != NULL && req->api_key_len != 0) {
        size_t n = req->api_key_len < sizeof(key) ? req->api_key_len : sizeof(key) - 1;
        memcpy(key, req->api_key, n);
        key[n] = '\0';
        has_key = 1;
    } else {
        has_key = mock_query_get(req->query, req->query_len, "key", key, sizeof(key)) && key[0] != '\0';
    }
    if (c->check_keys && (!has_key || !mock_strlist_has(&c->valid_keys, key, strlen(key)))) {
        gemini_key_invalid(res);
        return;
    }

    const char *p = req->path + strlen("/v1beta"), *end = req->path + req->path_len;
    size_t n = (size_t)(end - p);
    if (is_get && (mock_eq(p, n, "/models") || mock_eq(p, n, "/models/"))) {
        begin(res, 200, JSON_CT);
        wa_buf_appends(&res->body, "{\"models\":[");
        for (size_t i = 0; i < c->models.n; i++) {
            if (i != 0)
                wa_buf_appends(&res->body, ",");
            gemini_model_json(&res->body, c->models.items[i]);
        }
        wa_buf_appends(&res->body, "]}");
        return;
    }
    if (!starts_with(p, n, "/models/")) {
        gemini_simple_error(res, 404, "NOT_FOUND", "Method not found.");
        return;
    }
    p += strlen("/models/");
    n = (size_t)(end - p);
    const char *colon = memchr(p, ':', n);
    size_t model_len = (size_t)((colon != NULL ? colon : end) - p);
    if (model_len == 0 || model_len >= sizeof(model) || memchr(p, '/', model_len) != NULL) {
        gemini_simple_error(res, 404, "NOT_FOUND", "Requested entity was not found.");
        return;
    }
    memcpy(model, p, model_len);
    model[model_len] = '\0';
    int known = c->any_model || mock_strlist_has(&c->models, model, model_len);
    const char *method = colon != NULL ? colon + 1 : NULL;
    size_t method_len = colon != NULL ? (size_t)(end - method) : 0;

    if (method == NULL && is_get) {
        if (!known) {
            char msg[640];
            snprintf(msg, sizeof(msg), "models/%s is not found for API version v1beta.", model);
            gemini_simple_error(res, 404, "NOT_FOUND", msg);
            return;
        }
        begin(res, 200, JSON_CT);
        gemini_model_json(&res->body, model);
        return;
    }
    int stream = mock_eq(method, method_len, "streamGenerateContent");
    if (!is_post || (!stream && !mock_eq(method, method_len, "generateContent"))) {
        gemini_simple_error(res, 404, "NOT_FOUND", "Method not found.");
        return;
    }
    if (!known) {
        char msg[640];
        snprintf(msg, sizeof(msg),
                 "models/%s is not found for API version v1beta, or is not supported for %s. Call ListModels to "
                 "see the list of available models and their supported methods.",
                 model, stream ? "streamGenerateContent" : "generateContent");
        gemini_simple_error(res, 404, "NOT_FOUND", msg);
        return;
    }
    cJSON *root = cJSON_ParseWithLength(req->body != NULL ? req->body : "", req->body_len);
    const cJSON *contents = cJSON_GetObjectItemCaseSensitive(root, "contents");
    if (root == NULL || !cJSON_IsObject(root)) {
        gemini_simple_error(res, 400, "INVALID_ARGUMENT",
                            root == NULL ? "Invalid JSON payload received. Unable to parse the request body."
                                         : "Invalid JSON payload received. The request body must be an object.");
    } else if (!cJSON_IsArray(contents) || cJSON_GetArraySize(contents) == 0) {
        gemini_simple_error(res, 400, "INVALID_ARGUMENT",
                            "* GenerateContentRequest.contents: contents is not specified");
    } else if (!apply_rules(c, model, has_key ? key : NULL, res)) {
        char alt[16];
        int sse = mock_query_get(req->query, req->query_len, "alt", alt, sizeof(alt)) && strcmp(alt, "sse") == 0;
        const mock_ai_reply_t *rp = find_reply(c, req);
        char *configured = c->text;
        if (rp != NULL) {
            c->text = rp->text;
            if (rp->delay_ms >= 0)
                res->delay_ms = rp->delay_ms;
        }
        gemini_success(st, req, model, stream, sse, res);
        c->text = configured;
    }
    cJSON_Delete(root);
}

/* --- OpenAI-compatible ------------------------------------------------------------------------------------------ */

static void openai_chunk(mock_buf_t *b, const char *id, long long created, const char *model, const char *piece,
                         size_t n, int first, const char *finish)
{
    wa_buf_printf(b, "data: {\"id\":\"%s\",\"object\":\"chat.completion.chunk\",\"created\":%lld,\"model\":", id,
                  created);
    mock_buf_json_cstr(b, model);
    wa_buf_appends(b, ",\"choices\":[{\"index\":0,\"delta\":{");
    if (first)
        wa_buf_appends(b, "\"role\":\"assistant\"");
    if (piece != NULL) {
        wa_buf_appends(b, first ? ",\"content\":" : "\"content\":");
        mock_buf_json_str(b, piece, n);
    }
    wa_buf_appends(b, "},\"finish_reason\":");
    mock_buf_json_cstr(b, finish);
    wa_buf_appends(b, "}]}\n\n");
}

static void openai_chat(mock_state_t *st, const mock_req_t *req, int64_t now_ms, const char *key, mock_res_t *res)
{
    mock_ai_conf_t *c = &st->openai;
    char *configured = NULL; /* the configured text while a scripted reply stands in for it */
    cJSON *root = cJSON_ParseWithLength(req->body != NULL ? req->body : "", req->body_len);
    const cJSON *messages = cJSON_GetObjectItemCaseSensitive(root, "messages"),
                *jmodel = cJSON_GetObjectItemCaseSensitive(root, "model"),
                *jstream = cJSON_GetObjectItemCaseSensitive(root, "stream");
    const char *model = cJSON_IsString(jmodel) && jmodel->valuestring[0] != '\0' ? jmodel->valuestring : NULL;
    if (root == NULL || !cJSON_IsObject(root)) {
        openai_error(res, 400, NULL, "Invalid JSON in the request body.", NULL);
        goto done;
    }
    if (!cJSON_IsArray(messages) || cJSON_GetArraySize(messages) == 0) {
        openai_error(res, 400, NULL, "'messages' must be a non-empty array.", "messages");
        goto done;
    }
    if (!c->any_model && (model == NULL || !mock_strlist_has(&c->models, model, strlen(model)))) {
        char msg[640];
        snprintf(msg, sizeof(msg), "The model `%.256s` does not exist.", model != NULL ? model : "");
        openai_error(res, 404, "not_found_error", msg, "model");
        goto done;
    }
    if (model == NULL)
        model = c->models.n != 0 ? c->models.items[0] : OPENAI_DEFAULT_MODEL;
    if (apply_rules(c, model, key, res))
        goto done;
    const mock_ai_reply_t *rp = find_reply(c, req);
    if (rp != NULL) {
        configured = c->text;
        c->text = rp->text;
        if (rp->delay_ms >= 0)
            res->delay_ms = rp->delay_ms;
    }

    char id[40];
    memcpy(id, "chatcmpl-", 9);
    mock_rand_id(st, id + 9, 24, 0);
    const char *fr = c->finish_reason != NULL ? c->finish_reason : "stop";
    long long created = (long long)(now_ms / 1000);
    size_t text_len = strlen(c->text);
    long prompt = tokens_of(req->body_len), completion = tokens_of(text_len);
    if (cJSON_IsTrue(jstream)) {
        size_t cuts[4], k = split3(c->text, text_len, cuts);
        begin(res, 200, SSE_CT);
        for (size_t i = 0; i < k; i++)
            openai_chunk(&res->body, id, created, model, c->text + cuts[i], cuts[i + 1] - cuts[i], i == 0, NULL);
        openai_chunk(&res->body, id, created, model, NULL, 0, 0, fr);
        wa_buf_appends(&res->body, "data: [DONE]\n\n");
        goto done;
    }
    begin(res, 200, JSON_CT);
    wa_buf_printf(&res->body, "{\"id\":\"%s\",\"object\":\"chat.completion\",\"created\":%lld,\"model\":", id, created);
    mock_buf_json_cstr(&res->body, model);
    wa_buf_appends(&res->body, ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
    mock_buf_json_cstr(&res->body, c->text);
    wa_buf_appends(&res->body, "},\"finish_reason\":");
    mock_buf_json_cstr(&res->body, fr);
    wa_buf_printf(&res->body, "}],\"usage\":{\"prompt_tokens\":%ld,\"completion_tokens\":%ld,\"total_tokens\":%ld}}",
                  prompt, completion, prompt + completion);
done:
    if (configured != NULL)
        c->text = configured;
    cJSON_Delete(root);
}

void mock_openai_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    mock_ai_conf_t *c = &st->openai;
    char key[512];
    int has_key = 0;
    res->delay_ms = c->delay_ms;
    res->pad_bytes = c->pad_bytes;
    if (req->authorization != NULL && req->authorization_len > 7 &&
        strncasecmp(req->authorization, "Bearer ", 7) == 0) {
        size_t n = req->authorization_len - 7;
        if (n >= sizeof(key))
            n = sizeof(key) - 1;
        memcpy(key, req->authorization + 7, n);
        key[n] = '\0';
        has_key = key[0] != '\0';
    }
    if (c->check_keys && (!has_key || !mock_strlist_has(&c->valid_keys, key, strlen(key)))) {
        openai_error(res, 401, "authentication_error", "Invalid API Key", NULL);
        return;
    }
    if (ends_with(req->path, req->path_len, "/chat/completions")) {
        if (!mock_eq(req->method, req->method_len, "POST")) {
            openai_error(res, 405, NULL, "Method not allowed: use POST.", NULL);
            return;
        }
        openai_chat(st, req, now_ms, has_key ? key : NULL, res);
        return;
    }
    if (ends_with(req->path, req->path_len, "/models") && mock_eq(req->method, req->method_len, "GET")) {
        begin(res, 200, JSON_CT);
        wa_buf_appends(&res->body, "{\"object\":\"list\",\"data\":[");
        size_t n = c->models.n != 0 ? c->models.n : 1;
        for (size_t i = 0; i < n; i++) {
            wa_buf_appends(&res->body, i != 0 ? ",{\"id\":" : "{\"id\":");
            mock_buf_json_cstr(&res->body, c->models.n != 0 ? c->models.items[i] : OPENAI_DEFAULT_MODEL);
            wa_buf_printf(&res->body, ",\"object\":\"model\",\"created\":%lld,\"owned_by\":\"wa-mock\"}",
                          (long long)(now_ms / 1000));
        }
        wa_buf_appends(&res->body, "]}");
        return;
    }
    openai_error(res, 404, NULL, "Unknown endpoint.", NULL);
}
