/*
 * Media of the mock Graph API (see media.h): a small store of files under the state lock, the A.8 lookup and
 * download, the A.11 multipart upload, and the failure modes a test asks for.
 */
#include "media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wa/log.h"
#include "wa/media.h"

#include "graph.h"

#define JSON_CT "application/json; charset=UTF-8"
#define URL_TTL_MS 300000 /* A.8: the URL expires after 5 minutes */

static void media_error(mock_state_t *st, mock_res_t *res, int http_status, int code, int subcode, const char *details)
{
    char trace[24];
    mock_rand_id(st, trace, 23, 1);
    res->status = http_status;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_printf(&res->body, "{\"error\":{\"message\":\"(#%d) %s\",\"type\":\"OAuthException\",\"code\":%d", code,
                  mock_graph_error_title(code), code);
    if (subcode != 0)
        wa_buf_printf(&res->body, ",\"error_subcode\":%d", subcode);
    wa_buf_appends(&res->body, ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":");
    mock_buf_json_cstr(&res->body, details);
    wa_buf_printf(&res->body, "},\"fbtrace_id\":\"%s\"}}", trace);
}

static void media_free(mock_media_t *m)
{
    free(m->mime);
    free(m->data);
    free(m->declare_mime);
    free(m->filename);
    free(m->type_field);
}

void mock_media_clear(mock_state_t *st)
{
    for (size_t i = 0; i < st->nmedia; i++)
        media_free(&st->media[i]);
    free(st->media);
    st->media = NULL;
    st->nmedia = st->capmedia = 0;
}

mock_media_t *mock_media_find(mock_state_t *st, const char *id)
{
    for (size_t i = 0; i < st->nmedia; i++)
        if (strcmp(st->media[i].id, id) == 0)
            return &st->media[i];
    return NULL;
}

static mock_media_t *media_add(mock_state_t *st, const char *id)
{
    mock_media_t *m = mock_media_find(st, id);
    if (m != NULL) {
        media_free(m);
    } else {
        st->media = wa_grow(st->media, &st->capmedia, st->nmedia + 1, sizeof(*st->media));
        m = &st->media[st->nmedia++];
    }
    memset(m, 0, sizeof(*m));
    snprintf(m->id, sizeof(m->id), "%s", id);
    m->declare_size = -1;
    return m;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = wa_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void list(mock_state_t *st, mock_res_t *res)
{
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_appends(&res->body, "{\"media\":[");
    for (size_t i = 0; i < st->nmedia; i++) {
        mock_media_t *m = &st->media[i];
        char sha[65];
        wa_media_sha256_hex(m->data, m->len, sha);
        wa_buf_printf(&res->body,
                      "%s{\"id\":\"%s\",\"size\":%zu,\"sha256\":\"%s\",\"uploaded\":%s,\"mime\":", i ? "," : "", m->id,
                      m->len, sha, m->uploaded ? "true" : "false");
        mock_buf_json_cstr(&res->body, m->mime != NULL ? m->mime : "");
        wa_buf_appends(&res->body, ",\"filename\":");
        mock_buf_json_cstr(&res->body, m->filename != NULL ? m->filename : "");
        wa_buf_appends(&res->body, ",\"type\":");
        mock_buf_json_cstr(&res->body, m->type_field != NULL ? m->type_field : "");
        wa_buf_appends(&res->body, ",\"phone_number_id\":");
        mock_buf_json_cstr(&res->body, m->phone_number_id);
        wa_buf_appends(&res->body, "}");
    }
    wa_buf_appends(&res->body, "]}");
}

void mock_media_control(mock_state_t *st, const mock_req_t *req, mock_res_t *res)
{
    char id[32], mime[128], v[64];
    if (mock_eq(req->method, req->method_len, "GET")) {
        list(st, res);
        return;
    }
    if (!mock_query_get(req->query, req->query_len, "id", id, sizeof(id)) || id[0] == '\0' ||
        !mock_query_get(req->query, req->query_len, "mime", mime, sizeof(mime)) || mime[0] == '\0') {
        mock_res_set(res, 400, JSON_CT, "{\"ok\":false,\"error\":\"id and mime are required\"}");
        return;
    }
    mock_media_t *m = media_add(st, id);
    m->mime = wa_strdup(mime);
    m->data = dup_n(req->body != NULL ? req->body : "", req->body_len);
    m->len = req->body_len;
    if (mock_query_get(req->query, req->query_len, "declare_size", v, sizeof(v)) && v[0] != '\0')
        m->declare_size = atoll(v);
    if (mock_query_get(req->query, req->query_len, "declare_mime", mime, sizeof(mime)) && mime[0] != '\0')
        m->declare_mime = wa_strdup(mime);
    m->expired = mock_query_get(req->query, req->query_len, "expired", v, sizeof(v)) && strcmp(v, "1") == 0;
    m->gone = mock_query_get(req->query, req->query_len, "gone", v, sizeof(v)) && strcmp(v, "1") == 0;
    if (mock_query_get(req->query, req->query_len, "phone_number_id", v, sizeof(v)))
        snprintf(m->phone_number_id, sizeof(m->phone_number_id), "%s", v);
    mock_res_set(res, 200, JSON_CT, "{\"ok\":true}");
}

/* A number that asks (?phone_number_id=) only sees its own media (A.11). */
static int visible(const mock_req_t *req, const mock_media_t *m)
{
    char pn[64];
    if (m->phone_number_id[0] == '\0' || !mock_query_get(req->query, req->query_len, "phone_number_id", pn, sizeof(pn)))
        return 1;
    return strcmp(pn, m->phone_number_id) == 0;
}

void mock_media_info(mock_state_t *st, const mock_req_t *req, mock_media_t *m, int64_t now_ms, mock_res_t *res)
{
    char sha[65], hash[17];
    if (m->gone || !visible(req, m)) {
        media_error(st, res, 404, 100, 33,
                    "Unsupported get request. Object does not exist, cannot be loaded due to missing permissions, "
                    "or does not support this operation.");
        return;
    }
    wa_media_sha256_hex(m->data, m->len, sha);
    mock_rand_id(st, hash, 16, 1);
    long long ext = m->expired ? (long long)now_ms - 1000 : (long long)now_ms + URL_TTL_MS;
    long long size = m->declare_size >= 0 ? m->declare_size : (long long)m->len;
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_appends(&res->body, "{\"messaging_product\":\"whatsapp\",\"url\":\"http://");
    wa_buf_append(&res->body, req->host != NULL ? req->host : "127.0.0.1", req->host != NULL ? req->host_len : 9);
    wa_buf_printf(&res->body, "/lookaside/%s?ext=%lld&hash=%s\",\"mime_type\":", m->id, ext, hash);
    mock_buf_json_cstr(&res->body, m->declare_mime != NULL ? m->declare_mime : m->mime);
    /* A.8: file_size comes as a string or a number; the mock answers a string for odd sizes, a number otherwise */
    if (size % 2)
        wa_buf_printf(&res->body, ",\"sha256\":\"%s\",\"file_size\":\"%lld\",\"id\":\"%s\"}", sha, size, m->id);
    else
        wa_buf_printf(&res->body, ",\"sha256\":\"%s\",\"file_size\":%lld,\"id\":\"%s\"}", sha, size, m->id);
}

void mock_media_download(mock_state_t *st, const mock_req_t *req, int has_token, int64_t now_ms, mock_res_t *res)
{
    char id[32], ext[32];
    const char *p = req->path + strlen("/lookaside/");
    size_t n = req->path_len - strlen("/lookaside/");
    if (n == 0 || n >= sizeof(id)) {
        mock_res_set(res, 404, "text/plain", "not found");
        return;
    }
    memcpy(id, p, n);
    id[n] = '\0';
    mock_media_t *m = mock_media_find(st, id);
    if (!has_token) { /* A.8: without the bearer token the CDN refuses */
        mock_res_set(res, 401, "text/plain", "missing access token");
        return;
    }
    if (m == NULL || m->gone) {
        mock_res_set(res, 404, "text/plain", "not found");
        return;
    }
    if (!mock_query_get(req->query, req->query_len, "ext", ext, sizeof(ext)) || atoll(ext) < (long long)now_ms) {
        mock_res_set(res, 404, "text/plain", "URL signature expired");
        return;
    }
    res->status = 200;
    snprintf(res->ctype, sizeof(res->ctype), "%s", m->mime);
    res->content_type = res->ctype;
    res->body.len = 0;
    wa_buf_append(&res->body, m->data, m->len);
}

/* One part of a multipart/form-data body. */
typedef struct st_part_t {
    char name[64], filename[256], ctype[128];
    const char *data;
    size_t len;
} part_t;

static const char *find(const char *h, size_t hl, const char *needle, size_t nl)
{
    return nl == 0 || hl < nl ? NULL : memmem(h, hl, needle, nl);
}

/* The value of `key="..."` in a Content-Disposition line into out. */
static void disp_param(const char *line, size_t len, const char *key, char *out, size_t outsz)
{
    char pat[32];
    out[0] = '\0';
    snprintf(pat, sizeof(pat), "%s=\"", key);
    const char *at = find(line, len, pat, strlen(pat));
    if (at == NULL || (at > line && at[-1] != ' ' && at[-1] != ';'))
        return;
    at += strlen(pat);
    const char *end = memchr(at, '"', (size_t)(line + len - at));
    if (end == NULL)
        return;
    size_t n = (size_t)(end - at) < outsz - 1 ? (size_t)(end - at) : outsz - 1;
    memcpy(out, at, n);
    out[n] = '\0';
}

/* Splits body into parts by boundary. Returns the number of parts (at most max), or -1 when malformed. */
static int multipart(const char *body, size_t len, const char *boundary, part_t *parts, int max)
{
    char delim[200];
    int n = 0;
    snprintf(delim, sizeof(delim), "--%s", boundary);
    size_t dl = strlen(delim);
    const char *p = find(body, len, delim, dl), *end = body + len;
    if (p == NULL)
        return -1;
    for (;;) {
        p += dl;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return n; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return -1;
        p += 2;
        const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (hend == NULL || n >= max)
            return -1;
        part_t *pt = &parts[n];
        memset(pt, 0, sizeof(*pt));
        for (const char *l = p; l < hend;) {
            const char *le = find(l, (size_t)(hend - l), "\r\n", 2);
            if (le == NULL)
                le = hend;
            size_t ll = (size_t)(le - l);
            if (ll > 20 && strncasecmp(l, "content-disposition:", 20) == 0) {
                disp_param(l, ll, "name", pt->name, sizeof(pt->name));
                disp_param(l, ll, "filename", pt->filename, sizeof(pt->filename));
            } else if (ll > 13 && strncasecmp(l, "content-type:", 13) == 0) {
                const char *v = l + 13;
                while (v < le && *v == ' ')
                    v++;
                snprintf(pt->ctype, sizeof(pt->ctype), "%.*s", (int)(le - v), v);
            }
            l = le + 2;
        }
        pt->data = hend + 4;
        char next[204];
        snprintf(next, sizeof(next), "\r\n%s", delim);
        const char *q = find(pt->data, (size_t)(end - pt->data), next, strlen(next));
        if (q == NULL)
            return -1;
        pt->len = (size_t)(q - pt->data);
        n++;
        p = q + 2;
    }
}

static const part_t *part_named(const part_t *parts, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0)
            return &parts[i];
    return NULL;
}

void mock_media_upload(mock_state_t *st, const mock_req_t *req, const char *phone_id, mock_res_t *res)
{
    char ct[256], boundary[160] = "";
    part_t parts[8];
    size_t ctl = req->content_type != NULL ? req->content_type_len : 0;
    snprintf(ct, sizeof(ct), "%.*s", (int)ctl, req->content_type != NULL ? req->content_type : "");
    const char *b = strstr(ct, "boundary=");
    if (strncasecmp(ct, "multipart/form-data", 19) != 0 || b == NULL) {
        media_error(st, res, 400, 100, 0, "The upload must be multipart/form-data.");
        return;
    }
    snprintf(boundary, sizeof(boundary), "%s", b + 9);
    if (boundary[0] == '"') {
        memmove(boundary, boundary + 1, strlen(boundary));
        boundary[strcspn(boundary, "\"")] = '\0';
    }
    boundary[strcspn(boundary, "; ")] = '\0';
    int n = multipart(req->body != NULL ? req->body : "", req->body_len, boundary, parts, 8);
    if (n < 0) {
        media_error(st, res, 400, 100, 0, "The multipart body is malformed.");
        return;
    }
    const part_t *file = part_named(parts, n, "file"), *type = part_named(parts, n, "type"),
                 *product = part_named(parts, n, "messaging_product");
    if (file == NULL || type == NULL || product == NULL) {
        media_error(st, res, 400, 100, 0, "The parameters file, type and messaging_product are required.");
        return;
    }
    if (product->len != 8 || memcmp(product->data, "whatsapp", 8) != 0) {
        media_error(st, res, 400, 100, 0, "messaging_product must be whatsapp.");
        return;
    }
    char tbuf[128];
    snprintf(tbuf, sizeof(tbuf), "%.*s", (int)(type->len < 127 ? type->len : 127), type->data);
    const char *kind = wa_media_kind_of_mime(tbuf);
    if (kind == NULL) {
        media_error(st, res, 400, 131053, 0, "Unsupported media type.");
        return;
    }
    if ((long long)file->len > wa_media_max_bytes(kind)) {
        media_error(st, res, 400, 131053, 0, "The file is larger than the media type allows.");
        return;
    }
    char id[32];
    snprintf(id, sizeof(id), "9%llu%06u", (unsigned long long)++st->counter, (unsigned)(st->nonce % 1000000));
    mock_media_t *m = media_add(st, id);
    m->mime = wa_strdup(file->ctype[0] != '\0' ? file->ctype : tbuf);
    m->type_field = wa_strdup(tbuf);
    m->data = dup_n(file->data, file->len);
    m->len = file->len;
    m->uploaded = 1;
    m->filename = file->filename[0] != '\0' ? wa_strdup(file->filename) : NULL;
    snprintf(m->phone_number_id, sizeof(m->phone_number_id), "%s", phone_id);
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_printf(&res->body, "{\"id\":\"%s\"}", id);
}

void mock_media_delete(mock_state_t *st, const char *id, mock_res_t *res)
{
    mock_media_t *m = mock_media_find(st, id);
    if (m == NULL) {
        media_error(st, res, 404, 100, 33, "Object does not exist.");
        return;
    }
    m->gone = 1;
    mock_res_set(res, 200, JSON_CT, "{\"success\":true}");
}
