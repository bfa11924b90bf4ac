/*
 * HTTP helpers (see http.h). Every API response is no-store (it carries a
 * tenant's data) and nosniff.
 */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "wa/log.h"
#include "wa/text.h"

const char *dash_http_header(h2o_req_t *req, const char *name)
{
    ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);
    if (i == -1)
        return NULL;
    h2o_iovec_t v = req->headers.entries[i].value;
    char *s = h2o_mem_alloc_pool(&req->pool, v.len + 1);
    memcpy(s, v.base, v.len);
    s[v.len] = '\0';
    return s;
}

const char *dash_cookie_find(const char *v, size_t vlen, const char *name, size_t *len)
{
    size_t nlen = strlen(name), i = 0;
    while (i < vlen) {
        while (i < vlen && (v[i] == ' ' || v[i] == ';'))
            i++;
        size_t start = i;
        while (i < vlen && v[i] != ';')
            i++;
        size_t end = i;
        while (end > start && v[end - 1] == ' ')
            end--;
        if (end - start > nlen && memcmp(v + start, name, nlen) == 0 && v[start + nlen] == '=') {
            *len = end - start - nlen - 1;
            return v + start + nlen + 1;
        }
    }
    return NULL;
}

const char *dash_http_cookie(h2o_req_t *req, const char *name)
{
    ssize_t i = -1;
    while ((i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) != -1) {
        h2o_iovec_t v = req->headers.entries[i].value;
        size_t len;
        const char *c = dash_cookie_find(v.base, v.len, name, &len);
        if (c != NULL) {
            char *s = h2o_mem_alloc_pool(&req->pool, len + 1);
            memcpy(s, c, len);
            s[len] = '\0';
            return s;
        }
    }
    return NULL;
}

long dash_query_get(const char *q, size_t qlen, const char *name, char *out, size_t outsz)
{
    size_t nlen = strlen(name), i = 0;
    while (i < qlen) {
        size_t start = i;
        while (i < qlen && q[i] != '&')
            i++;
        size_t end = i++;
        if (end - start < nlen || memcmp(q + start, name, nlen) != 0 || (end - start > nlen && q[start + nlen] != '='))
            continue;
        size_t o = 0;
        for (size_t j = start + nlen + (end - start > nlen ? 1 : 0); j < end; j++) {
            char c = q[j];
            if (c == '+') {
                c = ' ';
            } else if (c == '%') {
                int hi, lo;
                if (j + 2 >= end)
                    return -2;
                if ((hi = wa_hexval((unsigned char)q[j + 1])) < 0 || (lo = wa_hexval((unsigned char)q[j + 2])) < 0)
                    return -2;
                c = (char)(hi * 16 + lo);
                j += 2;
            }
            if (c == '\0' || o + 1 >= outsz)
                return -2;
            out[o++] = c;
        }
        out[o] = '\0';
        return (long)o;
    }
    return -1;
}

const char *dash_http_query(h2o_req_t *req, const char *name)
{
    if (req->query_at == SIZE_MAX)
        return NULL;
    const char *q = req->path.base + req->query_at + 1;
    size_t qlen = req->path.len - req->query_at - 1;
    char *out = h2o_mem_alloc_pool(&req->pool, qlen + 1);
    long n = dash_query_get(q, qlen, name, out, qlen + 1);
    if (n == -1)
        return NULL;
    if (n < 0)
        out[0] = '\0'; /* malformed: an empty value, which every caller rejects */
    return out;
}

void dash_http_peer(h2o_req_t *req, char *out, size_t outsz)
{
    struct sockaddr_storage ss;
    socklen_t n;
    snprintf(out, outsz, "unknown");
    if (req->conn->callbacks->get_peername == NULL)
        return;
    n = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    if (n == 0)
        return;
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, out, (socklen_t)outsz);
    else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, out, (socklen_t)outsz);
}

const char *dash_http_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return status < 500 ? "Client Error" : "Server Error";
    }
}

static void common_headers(h2o_req_t *req)
{
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
                          H2O_STRLIT("nosniff"));
}

void dash_reply_raw(h2o_req_t *req, int status, const char *json, size_t len)
{
    req->res.status = status;
    req->res.reason = dash_http_reason(status);
    req->res.content_length = len;
    common_headers(req);
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                   H2O_STRLIT("application/json; charset=utf-8"));
    h2o_send_inline(req, json, len);
}

void dash_reply_text(h2o_req_t *req, int status, const char *content_type, const char *filename, const char *body,
                     size_t len)
{
    req->res.status = status;
    req->res.reason = dash_http_reason(status);
    req->res.content_length = len;
    common_headers(req);
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, content_type, strlen(content_type));
    if (filename != NULL) {
        char *v = h2o_mem_alloc_pool(&req->pool, strlen(filename) + 32);
        int n = sprintf(v, "attachment; filename=\"%s\"", filename);
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL, v, (size_t)n);
    }
    h2o_send_inline(req, body, len);
}

void dash_reply_json(h2o_req_t *req, int status, cJSON *doc)
{
    char *s = doc != NULL ? cJSON_PrintUnformatted(doc) : NULL;
    if (doc != NULL && s == NULL)
        wa_fatal("out of memory");
    cJSON_Delete(doc);
    dash_reply_raw(req, status, s != NULL ? s : "{}", s != NULL ? strlen(s) : 2);
    cJSON_free(s);
}

void dash_reply_error(h2o_req_t *req, int status, const char *code, const char *message, cJSON *fields)
{
    cJSON *doc = cJSON_CreateObject(), *err = cJSON_CreateObject();
    if (doc == NULL || err == NULL || !cJSON_AddItemToObject(doc, "error", err) ||
        cJSON_AddStringToObject(err, "code", code) == NULL || cJSON_AddStringToObject(err, "message", message) == NULL)
        wa_fatal("out of memory");
    if (fields == NULL && (fields = cJSON_CreateObject()) == NULL)
        wa_fatal("out of memory");
    if (!cJSON_AddItemToObject(err, "fields", fields))
        wa_fatal("out of memory");
    dash_reply_json(req, status, doc);
}

void dash_reply_empty(h2o_req_t *req)
{
    req->res.status = 204;
    req->res.reason = "No Content";
    common_headers(req);
    h2o_send_inline(req, "", 0);
}
