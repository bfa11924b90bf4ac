/*
 * Photos and documents in the dashboard (see media.h): GET /api/v1/media/{id} and the staff's
 * POST /api/v1/conversations/{patient_id}/media. A media store (wa/media.h) is opened per call: it only reads the
 * environment, and the worker's PostgreSQL connection is the one it uses.
 */
#include "media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "wa/media.h"
#include "http.h"
#include "inbox.h"

static void not_found(dash_call_t *c)
{
    dash_reply_error(c->req, 404, "not_found", "no such media", NULL);
}

static void add_header(h2o_req_t *req, const char *name, const char *value)
{
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 0, NULL, value, strlen(value));
}

/* A filename safe inside a quoted header value: printable ASCII but quotes, backslashes and separators, at most 150
 * bytes; "file" when nothing is left. The UTF-8 original goes to filename* (RFC 6266) percent-encoded. */
static void ascii_filename(const char *in, char *out, size_t outsz)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p != '\0' && o + 1 < outsz && o < 150; p++)
        out[o++] = (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '/' && *p != ';') ? (char)*p : '_';
    out[o] = '\0';
    if (o == 0)
        snprintf(out, outsz, "file");
}

static void pct_filename(const char *in, char *out, size_t outsz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p != '\0' && o + 4 < outsz; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
            *p == '-' || *p == '_') {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

void dash_media_get(dash_call_t *c)
{
    if (!dash_is_uuid(c->param)) {
        not_found(c);
        return;
    }
    const char *params[] = {c->tenant, c->param};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard media",
        "SELECT kind, mime, filename, storage_key FROM media WHERE doctor_id = $1 AND id = $2::uuid", 2, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        not_found(c);
        return;
    }
    char kind[16], mime[128], filename[512], key[256];
    snprintf(kind, sizeof(kind), "%s", PQgetvalue(res, 0, 0));
    snprintf(mime, sizeof(mime), "%s", PQgetvalue(res, 0, 1));
    snprintf(filename, sizeof(filename), "%s", PQgetisnull(res, 0, 2) ? "" : PQgetvalue(res, 0, 2));
    snprintf(key, sizeof(key), "%s", PQgetvalue(res, 0, 3));
    PQclear(res);

    wa_media_store_t *store = wa_media_store_create(c->w->pg);
    char *data = NULL;
    size_t len = 0;
    int rc = store != NULL ? wa_media_store_get(store, key, &data, &len) : -1;
    wa_media_store_destroy(store);
    if (rc == 1) {
        not_found(c); /* the row outlived its file (retention under way) */
        return;
    }
    if (rc != 0) {
        dash_reply_unavailable(c);
        return;
    }
    h2o_req_t *req = c->req;
    int listed = wa_media_type_allowed(kind, mime), inl = listed && wa_media_inline_safe(mime);
    const char *type = listed ? h2o_strdup(&req->pool, mime, SIZE_MAX).base : "application/octet-stream";
    char disp[700], ascii[160], pct[480];
    if (filename[0] == '\0')
        snprintf(filename, sizeof(filename), "%s-%.8s", kind, c->param);
    ascii_filename(filename, ascii, sizeof(ascii));
    pct_filename(filename, pct, sizeof(pct));
    snprintf(disp, sizeof(disp), "%s; filename=\"%s\"; filename*=UTF-8''%s", inl ? "inline" : "attachment", ascii, pct);
    req->res.status = 200;
    req->res.reason = "OK";
    req->res.content_length = len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, type, strlen(type));
    add_header(req, "content-disposition", h2o_strdup(&req->pool, disp, SIZE_MAX).base);
    add_header(req, "x-content-type-options", "nosniff");
    add_header(req, "content-security-policy", "default-src 'none'; sandbox");
    add_header(req, "cross-origin-resource-policy", "same-origin");
    add_header(req, "cache-control", "private, max-age=3600");
    h2o_send_inline(req, data, len); /* copies the body (dash_reply_raw frees its text the same way) */
    free(data);
}

/* --- POST /conversations/{patient_id}/media ----------------------------------------------------------------- */

static void invalid(dash_call_t *c, const char *field, const char *what)
{
    cJSON *f = cJSON_CreateObject();
    if (f == NULL || cJSON_AddStringToObject(f, field, what) == NULL)
        wa_fatal("out of memory");
    dash_reply_error(c->req, 422, "invalid", what, f);
}

static int text_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
            return 0;
    return 1;
}

static void new_uuid(char out[37])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof(b));
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
             b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

long long dash_media_upload_limit(void)
{
    const char *v = getenv("DASHBOARD_MAX_UPLOAD_BYTES");
    long long n = v != NULL && v[0] != '\0' ? atoll(v) : 0;
    if (n <= 0)
        n = 16LL * 1024 * 1024;
    return n < 1024 * 1024 ? 1024 * 1024 : n;
}

void dash_media_send(dash_call_t *c)
{
    h2o_req_t *req = c->req;
    const char *ct = dash_http_header(req, "content-type");
    const char *qfile = dash_http_query(req, "filename"), *qcap = dash_http_query(req, "caption");
    char mime[128];
    wa_media_mime_base(ct, mime, sizeof(mime));
    const char *kind = wa_media_kind_of_mime(mime);
    size_t len = req->entity.base != NULL ? req->entity.len : 0;

    if (!dash_is_uuid(c->param)) {
        dash_reply_error(req, 404, "not_found", "no such conversation", NULL);
        return;
    }
    const char *pp[] = {c->tenant, c->param};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard media patient",
                               "SELECT p.wa_id, p.opted_out, " DASH_WINDOW_OPEN_SQL(
                                   "p") ", d.is_active"
                                        " FROM patients p JOIN doctors d ON d.id = p.doctor_id"
                                        " WHERE p.doctor_id = $1 AND p.id = $2::uuid",
                               2, pp);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        dash_reply_error(req, 404, "not_found", "no such conversation", NULL);
        return;
    }
    char wa_id[224];
    snprintf(wa_id, sizeof(wa_id), "%s", PQgetvalue(res, 0, 0));
    int window_open = strcmp(PQgetvalue(res, 0, 2), "t") == 0, active = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    PQclear(res);
    if (kind == NULL || (strcmp(kind, "image") != 0 && strcmp(kind, "document") != 0)) {
        invalid(c, "type",
                "send a JPEG or PNG image or a document (PDF, text, Word, Excel, PowerPoint) as the body, "
                "with its type as Content-Type");
        return;
    }
    if (len == 0) {
        invalid(c, "file", "the file is empty");
        return;
    }
    if ((long long)len > wa_media_max_bytes(kind) || (long long)len > dash_media_upload_limit()) {
        invalid(c, "file", "the file is larger than WhatsApp or this dashboard allows for its type");
        return;
    }
    if (qfile != NULL && (!text_ok(qfile, 200) || strchr(qfile, '\n') != NULL)) {
        invalid(c, "filename", "at most 200 characters, one line");
        return;
    }
    if (qcap != NULL && !text_ok(qcap, 1024)) {
        invalid(c, "caption", "at most 1024 characters");
        return;
    }
    if (!active) {
        dash_reply_error(req, 409, "clinic_disabled", "this clinic is disabled: nothing can be sent", NULL);
        return;
    }
    if (!window_open) {
        dash_reply_error(req, 409, "window_closed",
                         "the patient's 24-hour window is closed: files can be sent only while it is open", NULL);
        return;
    }

    char id[37], key[256], sha[65], size[24], out_id[64], created[24];
    unsigned char rnd[16];
    char hex[33];
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
    snprintf(out_id, sizeof(out_id), "manual:%s", hex);
    new_uuid(id);
    wa_media_sha256_hex(req->entity.base, len, sha);
    snprintf(size, sizeof(size), "%zu", len);
    const char *filename = qfile != NULL && qfile[0] != '\0' ? qfile
                           : strcmp(kind, "document") == 0   ? "document"
                                                             : NULL;

    wa_media_store_t *store = wa_media_store_create(c->w->pg);
    int rc = store != NULL ? wa_media_store_put(store, id, req->entity.base, len, mime, key, sizeof(key)) : -1;
    if (rc != 0) {
        wa_media_store_destroy(store);
        dash_reply_unavailable(c);
        return;
    }
    const char *ip[] = {id, c->tenant, out_id, kind, mime, size, sha, filename, key};
    if (wa_pg_run(
            c->w->pg, "dashboard media insert",
            "INSERT INTO media (id, doctor_id, direction, out_id, kind, mime, size, sha256, filename, storage_key)"
            " VALUES ($1::uuid, $2, 'out', $3, $4, $5, $6::bigint, $7, $8, $9)",
            9, ip) != 0) {
        (void)wa_media_store_delete(store, key);
        wa_media_store_destroy(store);
        dash_reply_unavailable(c);
        return;
    }
    wa_media_store_destroy(store);

    const char *stream = c->w->cfg->wa->key_media;
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    const char *argv[] = {"XADD",       stream,    "*",     "op",      "upload",
                          "doctor_id",  c->tenant, "media", id,        "out_id",
                          out_id,       "to",      wa_id,   "caption", qcap != NULL ? qcap : "",
                          "created_at", created};
    redisReply *r = dash_redis(c->w, (int)(sizeof(argv) / sizeof(argv[0])), argv);
    if (r == NULL || r->type != REDIS_REPLY_STRING) {
        if (r != NULL)
            freeReplyObject(r);
        dash_reply_unavailable(c); /* the row stays: retention removes it with its file */
        return;
    }
    freeReplyObject(r);
    wa_info("staff media queued", "doctor_id", c->tenant, "patient_id", c->param, "out_id", out_id, "media", id, "kind",
            kind, "size", size);

    char actor[300], target[64];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    snprintf(target, sizeof(target), "patient:%s", c->param);
    cJSON *after = cJSON_CreateObject();
    if (after == NULL || cJSON_AddStringToObject(after, "out_id", out_id) == NULL ||
        cJSON_AddStringToObject(after, "kind", kind) == NULL ||
        cJSON_AddStringToObject(after, "media_id", id) == NULL ||
        cJSON_AddStringToObject(after, "mime", mime) == NULL ||
        cJSON_AddNumberToObject(after, "size", (double)len) == NULL)
        wa_fatal("out of memory");
    char *after_json = cJSON_PrintUnformatted(after);
    cJSON_Delete(after);
    if (after_json == NULL)
        wa_fatal("out of memory");
    const char *ap2[] = {c->tenant, ap[0], ap[1], ap[2], "message.send", target, after_json};
    if (wa_pg_run(c->w->pg, "dashboard media audit",
                  "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                  7, ap2) != 0)
        wa_error("could not write the audit row", "doctor_id", c->tenant, "action", "message.send");
    free(after_json);

    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddStringToObject(doc, "out_id", out_id) == NULL ||
        cJSON_AddStringToObject(doc, "media_id", id) == NULL)
        wa_fatal("out of memory");
    dash_reply_json(req, 202, doc);
}
