/*
 * The sender's media fetcher and the media retention job (see media.h). One thread, one stage loop on wa:media whose
 * driver settles every entry within take(): each job is a short sequence of blocking calls (two HTTP requests, a
 * store write, one INSERT) on the thread's own libcurl handle, PostgreSQL connection and media store, so the sender's
 * own loop on wa:out never waits for a download. More throughput comes from more sender replicas (the group shares
 * the jobs).
 */
#include "media.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/rand.h>

#include "wa/consumer.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/stage.h"

#include "creds.h"

struct st_snd_media_t {
    const wa_config_t *cfg;
    pthread_t thread;
    wa_pg_t *pg;
    wa_media_store_t *store;
    snd_creds_store_t *creds;
    wa_stage_t *stage;
    char stream[WA_KEY_MAX], retention_key[WA_KEY_MAX];
    long attempts, base_ms, timeout_ms, retention_interval_ms;
    long long next_retention_ms;
    wa_metric_t *m_stored, *m_duplicate, *m_dlq, *m_retry, *m_bytes, *m_retained;
};

/* ---- HTTP (blocking, one easy handle per request) ---- */

typedef struct st_fetch_t {
    long status;
    char *body;
    size_t len, cap, max;
    int too_large;
    char ctype[128];
    char error[CURL_ERROR_SIZE];
} fetch_t;

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    fetch_t *f = userdata;
    size_t n = size * nmemb;
    if (f->len + n > f->max) {
        f->too_large = 1;
        return 0; /* stops the transfer */
    }
    if (f->len + n + 1 > f->cap) {
        size_t cap = f->cap != 0 ? f->cap : 16384;
        while (cap < f->len + n + 1)
            cap *= 2;
        char *grown = realloc(f->body, cap);
        if (grown == NULL)
            wa_fatal("out of memory");
        f->body = grown;
        f->cap = cap;
    }
    memcpy(f->body + f->len, ptr, n);
    f->len += n;
    f->body[f->len] = '\0';
    return n;
}

/* GET url with the bearer token; the body is kept up to max bytes (beyond: too_large). Returns the CURLcode. */
static int http_get(const snd_media_t *m, const char *url, const char *token, size_t max, fetch_t *f)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    char *auth;
    size_t alen = strlen(token) + 32;

    memset(f, 0, sizeof(*f));
    f->max = max;
    if (h == NULL)
        return CURLE_FAILED_INIT;
    auth = wa_malloc(alen);
    snprintf(auth, alen, "Authorization: Bearer %s", token);
    hdrs = curl_slist_append(hdrs, auth);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L); /* A.8; libcurl does not forward our Authorization elsewhere */
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, m->timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, f->error);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &f->status);
    char *ct = NULL;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != NULL)
        snprintf(f->ctype, sizeof(f->ctype), "%s", ct);
    curl_slist_free_all(hdrs);
    memset(auth, 0, alen);
    free(auth);
    curl_easy_cleanup(h);
    return (int)rc;
}

static void fetch_dispose(fetch_t *f)
{
    free(f->body);
    f->body = NULL;
}

/* ---- one job ---- */

typedef enum { JOB_DONE, JOB_DUPLICATE, JOB_RETRY_NOW, JOB_RETRY_LATER, JOB_FAIL, JOB_PENDING } job_rc_t;

typedef struct st_job_state_t {
    char url[2048];   /* the download URL in hand ("" = resolve first) */
    char mime[128];   /* the type Meta declares */
    char sha_hex[65]; /* the digest Meta declares (hex), or "" */
    long long size;   /* the size Meta declares, -1 when not told */
    char reason[48];  /* the last failure */
    char detail[512];
    char error_code[24];
} job_state_t;

__attribute__((format(printf, 4, 5))) static job_rc_t fail(job_state_t *s, job_rc_t rc, const char *reason,
                                                           const char *fmt, ...)
{
    va_list ap;
    snprintf(s->reason, sizeof(s->reason), "%s", reason);
    va_start(ap, fmt);
    vsnprintf(s->detail, sizeof(s->detail), fmt, ap);
    va_end(ap);
    return rc;
}

static int same_type(const char *a, const char *b)
{
    char x[128], y[128];
    return strcmp(wa_media_mime_base(a, x, sizeof(x)), wa_media_mime_base(b, y, sizeof(y))) == 0;
}

/* A Graph error body's code into s->error_code ("" when none). */
static long graph_code(const fetch_t *f, job_state_t *s)
{
    cJSON *root = f->body != NULL ? cJSON_Parse(f->body) : NULL;
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
    long c = cJSON_IsNumber(code) ? (long)code->valuedouble : 0;
    if (c != 0)
        snprintf(s->error_code, sizeof(s->error_code), "%ld", c);
    cJSON_Delete(root);
    return c;
}

int snd_media_info_parse(const char *body, size_t len, snd_media_info_t *out)
{
    memset(out, 0, sizeof(*out));
    out->size = -1;
    cJSON *root = body != NULL ? cJSON_ParseWithLength(body, len) : NULL;
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(root, "url"),
                *mt = cJSON_GetObjectItemCaseSensitive(root, "mime_type"),
                *sh = cJSON_GetObjectItemCaseSensitive(root, "sha256"),
                *fs = cJSON_GetObjectItemCaseSensitive(root, "file_size");
    int ok = cJSON_IsString(u) && u->valuestring[0] != '\0' && strlen(u->valuestring) < sizeof(out->url);
    if (ok)
        snprintf(out->url, sizeof(out->url), "%s", u->valuestring);
    if (cJSON_IsString(mt))
        snprintf(out->mime, sizeof(out->mime), "%s", mt->valuestring);
    if (!cJSON_IsString(sh) || wa_media_sha256_to_hex(sh->valuestring, out->sha_hex) != 0)
        out->sha_hex[0] = '\0';
    if (cJSON_IsNumber(fs) && fs->valuedouble >= 0 && fs->valuedouble < 1e15) {
        out->size = (long long)fs->valuedouble;
    } else if (cJSON_IsString(fs) && fs->valuestring[0] != '\0') {
        char *end;
        long long v = strtoll(fs->valuestring, &end, 10);
        out->size = *end == '\0' && v >= 0 ? v : -1;
    }
    cJSON_Delete(root);
    return ok ? 0 : -1;
}

/* A.8 step 1: GET /{media-id}?phone_number_id= into s (url, mime, sha, size). */
static job_rc_t resolve(snd_media_t *m, const wa_media_job_t *j, const snd_creds_t *cr, job_state_t *s)
{
    char url[1024], status[16];
    fetch_t f;
    snprintf(url, sizeof(url), "%s/%s?phone_number_id=%s", m->cfg->graph_url, j->media_id, cr->phone_number_id);
    int rc = http_get(m, url, cr->token, 65536, &f);
    snprintf(status, sizeof(status), "%ld", f.status);
    job_rc_t out = JOB_DONE;
    if (rc != CURLE_OK) {
        out = fail(s, JOB_RETRY_LATER, "graph_unavailable", "GET /{media-id} failed: %s", f.error);
    } else if (f.status == 401 || graph_code(&f, s) == 190) {
        out = fail(s, JOB_FAIL, "auth_failed", "GET /{media-id} refused the token (HTTP %s)", status);
    } else if (f.status == 404 || (f.status == 400 && strcmp(s->error_code, "100") == 0)) {
        out = fail(s, JOB_FAIL, "not_found", "Meta does not know the media id (HTTP %s): expired or deleted", status);
    } else if (f.status == 429 || f.status >= 500) {
        out = fail(s, JOB_RETRY_LATER, "graph_unavailable", "GET /{media-id} answered HTTP %s", status);
    } else if (f.status != 200) {
        out = fail(s, JOB_FAIL, "graph_error", "GET /{media-id} answered HTTP %s", status);
    } else {
        snd_media_info_t info;
        if (snd_media_info_parse(f.body, f.len, &info) != 0) {
            out = fail(s, JOB_FAIL, "graph_error", "GET /{media-id} answered without a usable url: not a media id");
        } else {
            snprintf(s->url, sizeof(s->url), "%s", info.url);
            snprintf(s->mime, sizeof(s->mime), "%s", info.mime);
            snprintf(s->sha_hex, sizeof(s->sha_hex), "%s", info.sha_hex);
            s->size = info.size;
        }
    }
    fetch_dispose(&f);
    return out;
}

static void new_uuid(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof(b)) != 1)
        wa_fatal("RAND_bytes failed");
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
             b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Stores the file and its row. Returns JOB_DONE, JOB_DUPLICATE (another delivery stored it first) or
 * JOB_RETRY_LATER (database or store failure). */
static job_rc_t store(snd_media_t *m, const wa_media_job_t *j, const char *mime, const fetch_t *f, job_state_t *s)
{
    char id[37], key[256], sha[65], size[24];
    new_uuid(id);
    wa_media_sha256_hex(f->body, f->len, sha);
    snprintf(size, sizeof(size), "%zu", f->len);
    if (wa_media_store_put(m->store, id, f->body, f->len, mime, key, sizeof(key)) != 0)
        return fail(s, JOB_RETRY_LATER, "store_failed", "the media store refused the file");
    const char *params[10] = {
        id, j->doctor_id, j->wamid, j->kind, mime, size, sha, j->filename[0] ? j->filename : NULL, j->media_id, key};
    PGresult *res =
        wa_pg_exec(m->pg, "media insert",
                   "INSERT INTO media (id, doctor_id, direction, message_id, wamid, kind, mime, size, sha256,"
                   " filename, graph_media_id, storage_key)"
                   " VALUES ($1::uuid, $2::uuid, 'in', (SELECT id FROM messages WHERE doctor_id = $2::uuid"
                   " AND wamid = $3), $3, $4, $5, $6::bigint, $7, $8, $9, $10)"
                   " ON CONFLICT (doctor_id, wamid) WHERE wamid IS NOT NULL DO NOTHING RETURNING id",
                   10, params);
    if (res == NULL) {
        (void)wa_media_store_delete(m->store, key);
        return fail(s, JOB_RETRY_LATER, "db_failed", "the media row could not be written");
    }
    int inserted = PQntuples(res) == 1;
    PQclear(res);
    if (!inserted) {
        (void)wa_media_store_delete(m->store, key);
        return JOB_DUPLICATE;
    }
    wa_metric_add(m->m_bytes, (long long)f->len);
    wa_info("media stored", "doctor_id", j->doctor_id, "wamid", j->wamid, "media", id, "kind", j->kind, "size", size,
            "store", wa_media_store_backend(m->store));
    return JOB_DONE;
}

/* One attempt: resolve when no URL is in hand, check what Meta declares, download, check, store. */
static job_rc_t attempt(snd_media_t *m, const wa_media_job_t *j, const snd_creds_t *cr, job_state_t *s)
{
    long long max = wa_media_max_bytes(j->kind);
    char num[32], num2[32];
    job_rc_t rc;

    if (s->url[0] == '\0' && (rc = resolve(m, j, cr, s)) != JOB_DONE)
        return rc;
    const char *mime = s->mime[0] != '\0' ? s->mime : j->mime_type;
    if (j->mime_type[0] != '\0' && s->mime[0] != '\0' && !same_type(j->mime_type, s->mime)) {
        snprintf(s->detail, sizeof(s->detail), "the webhook declared %s, GET /{media-id} %s", j->mime_type, s->mime);
        snprintf(s->reason, sizeof(s->reason), "type_mismatch");
        return JOB_FAIL;
    }
    if (!wa_media_type_allowed(j->kind, mime))
        return fail(s, JOB_FAIL, "type_not_allowed", "%s is not a type A.11 lists for this kind", mime);
    if (s->size > max) {
        snprintf(num, sizeof(num), "%lld", s->size);
        return fail(s, JOB_FAIL, "too_large", "Meta declares %s bytes, more than the kind's limit", num);
    }
    fetch_t f;
    int crc = http_get(m, s->url, cr->token, (size_t)max, &f);
    if (f.too_large) {
        snprintf(num, sizeof(num), "%lld", max);
        rc = fail(s, JOB_FAIL, "too_large", "the download went over the kind's limit of %s bytes", num);
    } else if (crc != CURLE_OK) {
        rc = fail(s, JOB_RETRY_LATER, "download_failed", "download failed: %s", f.error);
    } else if (f.status == 401 || f.status == 403 || f.status == 404 || f.status == 410) {
        s->url[0] = '\0'; /* A.8: the URL lives 5 minutes: ask for a fresh one */
        snprintf(num, sizeof(num), "%ld", f.status);
        rc = fail(s, JOB_RETRY_NOW, "expired_url", "the download URL was refused (HTTP %s): expired", num);
    } else if (f.status != 200) {
        snprintf(num, sizeof(num), "%ld", f.status);
        rc = fail(s, JOB_RETRY_LATER, "download_failed", "the download answered HTTP %s", num);
    } else if (s->size >= 0 && (long long)f.len != s->size) {
        snprintf(num, sizeof(num), "%zu", f.len);
        snprintf(num2, sizeof(num2), "%lld", s->size);
        snprintf(s->reason, sizeof(s->reason), "size_mismatch");
        snprintf(s->detail, sizeof(s->detail), "downloaded %s bytes, Meta declared %s", num, num2);
        rc = JOB_FAIL;
    } else if (f.ctype[0] != '\0' && !same_type(f.ctype, "application/octet-stream") && !same_type(f.ctype, mime)) {
        snprintf(s->reason, sizeof(s->reason), "type_mismatch");
        snprintf(s->detail, sizeof(s->detail), "the download is %s, Meta declared %s", f.ctype, mime);
        rc = JOB_FAIL;
    } else {
        char got[65], hook[65] = ""; /* both declared digests must match: GET /{media-id}'s and the webhook's */
        wa_media_sha256_hex(f.body, f.len, got);
        if (j->sha256[0] != '\0' && wa_media_sha256_to_hex(j->sha256, hook) != 0)
            hook[0] = '\0';
        if ((s->sha_hex[0] != '\0' && strcmp(got, s->sha_hex) != 0) || (hook[0] != '\0' && strcmp(got, hook) != 0))
            rc = fail(s, JOB_FAIL, "hash_mismatch", "the file's SHA-256 is not the one Meta declared");
        else
            rc = store(m, j, mime, &f, s);
    }
    fetch_dispose(&f);
    return rc;
}

/* Sleeps up to ms in short steps; returns 1 when a stop was requested meanwhile. */
static int nap(long ms)
{
    while (ms > 0 && !wa_stop_requested()) {
        long step = ms < 100 ? ms : 100;
        struct timespec ts = {step / 1000, (step % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
    return wa_stop_requested();
}

/* ---- staff uploads (op=upload, from the dashboard) ---- */

typedef struct st_upload_t {
    const char *doctor_id, *media, *out_id, *to, *caption;
} upload_t;

static const char *field(const wa_entry_t *e, const char *name)
{
    size_t len = 0;
    const char *v = wa_entry_get(e, name, &len);
    return v != NULL ? v : "";
}

/* POST /{phone-number-id}/media (A.11): multipart file, type, messaging_product. Returns JOB_DONE with Meta's id in
 * graph_id, JOB_FAIL (refused: 4xx) or JOB_RETRY_LATER. */
static job_rc_t upload(snd_media_t *m, const snd_creds_t *cr, const char *mime, const char *filename, const char *data,
                       size_t len, char *graph_id, size_t idsz, job_state_t *s)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    fetch_t f;
    char url[512], num[16];
    size_t alen = strlen(cr->token) + 32;
    char *auth;

    memset(&f, 0, sizeof(f));
    f.max = 65536;
    if (h == NULL)
        return fail(s, JOB_RETRY_LATER, "upload_failed", "curl_easy_init failed");
    curl_mime *form = curl_mime_init(h);
    curl_mimepart *part = curl_mime_addpart(form);
    curl_mime_name(part, "messaging_product");
    curl_mime_data(part, "whatsapp", CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(form);
    curl_mime_name(part, "type");
    curl_mime_data(part, mime, CURL_ZERO_TERMINATED);
    part = curl_mime_addpart(form);
    curl_mime_name(part, "file");
    curl_mime_data(part, data, len);
    curl_mime_filename(part, filename != NULL && filename[0] != '\0' ? filename : "file");
    curl_mime_type(part, mime);
    snprintf(url, sizeof(url), "%s/%s/media", m->cfg->graph_url, cr->phone_number_id);
    auth = wa_malloc(alen);
    snprintf(auth, alen, "Authorization: Bearer %s", cr->token);
    hdrs = curl_slist_append(hdrs, auth);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, form);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, m->timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &f);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, f.error);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &f.status);
    curl_slist_free_all(hdrs);
    curl_mime_free(form);
    memset(auth, 0, alen);
    free(auth);
    curl_easy_cleanup(h);
    snprintf(num, sizeof(num), "%ld", f.status);
    job_rc_t out;
    if (rc != CURLE_OK) {
        out = fail(s, JOB_RETRY_LATER, "upload_failed", "POST /{phone-number-id}/media failed: %s", f.error);
    } else if (f.status == 429 || f.status >= 500) {
        (void)graph_code(&f, s);
        out = fail(s, JOB_RETRY_LATER, "upload_failed", "POST /{phone-number-id}/media answered HTTP %s", num);
    } else if (f.status != 200) {
        (void)graph_code(&f, s);
        out = fail(s, JOB_FAIL, "upload_refused", "POST /{phone-number-id}/media refused the file (HTTP %s)", num);
    } else {
        cJSON *root = cJSON_Parse(f.body != NULL ? f.body : "");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
        if (cJSON_IsString(id) && id->valuestring[0] != '\0' && strlen(id->valuestring) < idsz) {
            snprintf(graph_id, idsz, "%s", id->valuestring);
            out = JOB_DONE;
        } else {
            out = fail(s, JOB_RETRY_LATER, "upload_failed", "the upload's answer has no id");
        }
        cJSON_Delete(root);
    }
    fetch_dispose(&f);
    return out;
}

/* Queues the staff's message on wa:out, by Meta's media id: the sender sends it like any other manual message. */
static int queue_send(snd_media_t *m, const upload_t *u, const char *kind, const char *graph_id, const char *filename)
{
    cJSON *msg = cJSON_CreateObject(), *obj = cJSON_CreateObject();
    if (msg == NULL || obj == NULL || cJSON_AddStringToObject(msg, "type", kind) == NULL ||
        !cJSON_AddItemToObject(msg, kind, obj) || cJSON_AddStringToObject(obj, "id", graph_id) == NULL ||
        (u->caption[0] != '\0' && cJSON_AddStringToObject(obj, "caption", u->caption) == NULL) ||
        (strcmp(kind, "document") == 0 && filename != NULL && filename[0] != '\0' &&
         cJSON_AddStringToObject(obj, "filename", filename) == NULL))
        wa_fatal("out of memory");
    char *json = cJSON_PrintUnformatted(msg), created[24];
    cJSON_Delete(msg);
    if (json == NULL)
        wa_fatal("out of memory");
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_out_msg_t out = wa_out_msg_manual(u->out_id, u->doctor_id, u->to, kind, json, created);
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, m->cfg->key_out, &out);
    wa_conn_t *c = wa_stage_conn(m->stage);
    redisReply *rep = !cmd.overflow && wa_conn_ok(c) ? wa_conn_cmd(c, cmd.argc, cmd.argv, cmd.argvlen) : NULL;
    int ok = rep != NULL && rep->type == REDIS_REPLY_STRING;
    if (rep != NULL)
        freeReplyObject(rep);
    free(json);
    return ok ? 0 : -1;
}

static void process_upload(snd_media_t *m, const wa_entry_t *e, wa_result_t *r)
{
    upload_t u = {field(e, "doctor_id"), field(e, "media"), field(e, "out_id"), field(e, "to"), field(e, "caption")};
    job_state_t s;
    snd_creds_t cr;
    char kind[16], mime[128], filename[256], key[256], graph_id[64] = "";

    if (u.doctor_id[0] == '\0' || u.media[0] == '\0' || u.out_id[0] == '\0' || u.to[0] == '\0') {
        wa_result_dlq(r, "bad_entry", NULL, "wa:media upload without doctor_id, media, out_id or to");
        wa_metric_add(m->m_dlq, 1);
        return;
    }
    const char *params[2] = {u.doctor_id, u.media};
    PGresult *res = wa_pg_exec(m->pg, "media upload lookup",
                               "SELECT kind, mime, coalesce(filename, ''), storage_key, coalesce(graph_media_id, '')"
                               " FROM media WHERE doctor_id = $1::uuid AND id = $2::uuid AND direction = 'out'",
                               2, params);
    if (res == NULL) {
        r->outcome = WA_ENTRY_RETRY;
        return;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        wa_result_dlq(r, "not_found", NULL, "no outbound media row for this upload");
        wa_metric_add(m->m_dlq, 1);
        return;
    }
    snprintf(kind, sizeof(kind), "%s", PQgetvalue(res, 0, 0));
    snprintf(mime, sizeof(mime), "%s", PQgetvalue(res, 0, 1));
    snprintf(filename, sizeof(filename), "%s", PQgetvalue(res, 0, 2));
    snprintf(key, sizeof(key), "%s", PQgetvalue(res, 0, 3));
    snprintf(graph_id, sizeof(graph_id), "%s", PQgetvalue(res, 0, 4));
    PQclear(res);
    if (snd_creds_pick(m->creds, u.doctor_id, &cr) != 0) {
        r->outcome = WA_ENTRY_RETRY;
        return;
    }
    memset(&s, 0, sizeof(s));
    job_rc_t rc = JOB_DONE;
    if (graph_id[0] == '\0' && cr.none) {
        rc = fail(&s, JOB_FAIL, "no_credentials", "no WhatsApp credentials to upload with");
    } else if (graph_id[0] == '\0' && cr.sandbox) {
        snprintf(graph_id, sizeof(graph_id), "sandbox-%.36s", u.media); /* wa:sandbox shows what would be sent */
    } else if (graph_id[0] == '\0') {
        char *data = NULL;
        size_t len = 0;
        int grc = wa_media_store_get(m->store, key, &data, &len);
        if (grc != 0) {
            rc = grc == 1 ? fail(&s, JOB_FAIL, "not_found", "the file is no longer in the media store")
                          : fail(&s, JOB_PENDING, "store_failed", "the media store did not answer");
        } else {
            long delay = m->base_ms;
            for (long n = 1; n <= m->attempts; n++) {
                rc = upload(m, &cr, mime, filename, data, len, graph_id, sizeof(graph_id), &s);
                if (rc != JOB_RETRY_LATER || n == m->attempts)
                    break;
                wa_metric_add(m->m_retry, 1);
                if (nap(delay)) {
                    rc = JOB_PENDING;
                    break;
                }
                delay *= 2;
            }
        }
        free(data);
        if (rc == JOB_DONE) {
            const char *up[3] = {graph_id, u.doctor_id, u.media};
            if (wa_pg_run(m->pg, "media upload record",
                          "UPDATE media SET graph_media_id = $1 WHERE doctor_id = $2::uuid AND id = $3::uuid", 3,
                          up) != 0)
                rc = JOB_PENDING; /* redelivered: uploads again, which only costs a second copy at Meta */
        }
    }
    snd_creds_dispose(&cr);
    if (rc == JOB_DONE && queue_send(m, &u, kind, graph_id, filename) != 0)
        rc = JOB_PENDING;
    if (rc == JOB_DONE) {
        wa_info("staff media uploaded and queued", "doctor_id", u.doctor_id, "out_id", u.out_id, "media", u.media);
        wa_metric_add(m->m_stored, 1);
    } else if (rc == JOB_PENDING) {
        r->outcome = WA_ENTRY_RETRY; /* left pending: redelivered */
    } else {                         /* refused, or still failing after MEDIA_FETCH_ATTEMPTS */
        wa_result_dlq(r, s.reason, s.error_code[0] ? s.error_code : NULL, "%s", s.detail);
        wa_metric_add(m->m_dlq, 1);
        wa_warn("staff media not sent", "doctor_id", u.doctor_id, "out_id", u.out_id, "reason", s.reason);
    }
}

/* 1 when `id` is 1 to 64 letters, digits, '_' or '-' (Meta's media ids are digits). */
static int id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
              id[i] == '_' || id[i] == '-'))
            return 0;
    return 1;
}

/* The scheme, host and port of a URL ("https://lookaside.fbsbx.com") into out; "" when it has none. */
static void origin_of(const char *url, char *out, size_t outsz)
{
    const char *p = strstr(url, "://");
    size_t n = p == NULL ? 0 : (size_t)(p + 3 - url) + strcspn(p + 3, "/?#");
    snprintf(out, outsz, "%.*s", (int)n, url);
}

/* Whether the webhook's own download URL may be used (A.2.4): only on Meta's CDN over https, or on the host of the
 * Graph API itself (WHATSAPP_GRAPH_URL: the tests' mock). A webhook signed with a clinic's own app secret is the
 * clinic's word, and the token goes with the request: any other URL is ignored and the media id resolved instead,
 * so that a webhook can never make the sender fetch from (and store for the clinic) an address of its choosing. */
static int webhook_url_allowed(const snd_media_t *m, const char *url)
{
    char o[256], g[256];
    origin_of(url, o, sizeof(o));
    origin_of(m->cfg->graph_url, g, sizeof(g));
    if (o[0] == '\0' || strchr(o, '@') != NULL)
        return 0;
    if (strcmp(o, g) == 0)
        return 1;
    size_t n = strlen(o);
    return strncmp(o, "https://", 8) == 0 &&
           (strcmp(o + 8, "lookaside.fbsbx.com") == 0 || (n > 18 && strcmp(o + n - 11, ".fbsbx.com") == 0));
}

static void process(snd_media_t *m, const wa_entry_t *e, wa_result_t *r)
{
    wa_media_job_t j;
    const char *missing = NULL;
    job_state_t s;
    snd_creds_t cr;

    if (strcmp(field(e, "op"), "upload") == 0) {
        process_upload(m, e, r);
        return;
    }
    if (wa_media_job_decode(e, &j, &missing) != 0 || !wa_media_kind_valid(j.kind)) {
        wa_result_dlq(r, "bad_entry", NULL, "wa:media entry without a valid %s", missing != NULL ? missing : "kind");
        wa_metric_add(m->m_dlq, 1);
        return;
    }
    if (!id_ok(j.media_id)) { /* it becomes a path segment of a Graph call made with the token */
        wa_result_dlq(r, "bad_entry", NULL, "the media id is not a Graph id (letters, digits, '_' or '-')");
        wa_metric_add(m->m_dlq, 1);
        return;
    }
    const char *params[2] = {j.doctor_id, j.wamid};
    PGresult *res =
        wa_pg_exec(m->pg, "media lookup", "SELECT 1 FROM media WHERE doctor_id = $1::uuid AND wamid = $2", 2, params);
    if (res == NULL) {
        r->outcome = WA_ENTRY_RETRY;
        return;
    }
    int known = PQntuples(res) > 0;
    PQclear(res);
    if (known) {
        wa_metric_add(m->m_duplicate, 1);
        return;
    }
    if (snd_creds_pick(m->creds, j.doctor_id, &cr) != 0) {
        r->outcome = WA_ENTRY_RETRY;
        return;
    }
    const char *master = m->cfg->master_phone_number_id;
    if (j.phone_number_id[0] != '\0' && master != NULL && strcmp(j.phone_number_id, master) == 0 &&
        strcmp(cr.phone_number_id, master) != 0)
        snd_creds_master(m->creds, &cr); /* the media belongs to the number it came to */
    if (cr.sandbox || cr.none || cr.token == NULL || cr.token[0] == '\0') {
        wa_result_dlq(r, "no_credentials", NULL, "no WhatsApp credentials to download media with (%s)", cr.origin);
        wa_metric_add(m->m_dlq, 1);
        snd_creds_dispose(&cr);
        return;
    }

    memset(&s, 0, sizeof(s));
    s.size = -1;
    if (j.url[0] != '\0' && strlen(j.url) < sizeof(s.url) && webhook_url_allowed(m, j.url))
        snprintf(s.url, sizeof(s.url), "%s", j.url); /* A.2.4: the webhook's URL saves a round trip */
    job_rc_t rc = JOB_RETRY_LATER;
    long delay = m->base_ms;
    for (long n = 1; n <= m->attempts; n++) {
        rc = attempt(m, &j, &cr, &s);
        if (rc == JOB_DONE || rc == JOB_DUPLICATE || rc == JOB_FAIL)
            break;
        if (n == m->attempts)
            break;
        wa_metric_add(m->m_retry, 1);
        wa_info("media fetch retried", "doctor_id", j.doctor_id, "wamid", j.wamid, "reason", s.reason, "detail",
                s.detail);
        if (rc == JOB_RETRY_NOW && n == 1)
            continue; /* a stale webhook URL: resolve afresh at once */
        if (nap(delay)) {
            rc = JOB_PENDING;
            break;
        }
        delay *= 2;
    }
    snd_creds_dispose(&cr);
    if (rc == JOB_DONE) {
        wa_metric_add(m->m_stored, 1);
    } else if (rc == JOB_DUPLICATE) {
        wa_metric_add(m->m_duplicate, 1);
    } else if (rc == JOB_PENDING) {
        r->outcome = WA_ENTRY_RETRY;
    } else {
        wa_result_dlq(r, s.reason, s.error_code[0] ? s.error_code : NULL, "%s", s.detail);
        wa_metric_add(m->m_dlq, 1);
        wa_warn("media not stored", "doctor_id", j.doctor_id, "wamid", j.wamid, "reason", s.reason, "detail", s.detail);
    }
}

/* ---- retention ---- */

long snd_media_retention_pass(wa_pg_t *pg, wa_media_store_t *store, long limit)
{
    char lim[24];
    snprintf(lim, sizeof(lim), "%ld", limit);
    const char *params[1] = {lim};
    PGresult *res =
        wa_pg_exec(pg, "media retention select",
                   "SELECT m.id::text, m.storage_key FROM media m"
                   " LEFT JOIN clinic_settings s ON s.doctor_id = m.doctor_id"
                   " WHERE m.created_at < now() - make_interval(days => COALESCE(s.media_retention_days, 365))"
                   " ORDER BY m.created_at LIMIT $1::int",
                   1, params);
    if (res == NULL)
        return -1;
    long deleted = 0;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *id = PQgetvalue(res, i, 0), *key = PQgetvalue(res, i, 1);
        if (wa_media_store_delete(store, key) != 0)
            continue; /* kept: the next pass tries again */
        const char *p[1] = {id};
        if (wa_pg_run(pg, "media retention delete", "DELETE FROM media WHERE id = $1::uuid", 1, p) == 0)
            deleted++;
    }
    PQclear(res);
    return deleted;
}

/* Entry ids "ms-seq" as two numbers, for comparing. */
static void parse_id(const char *id, unsigned long long *ms, unsigned long long *seq)
{
    char *end;
    *ms = strtoull(id, &end, 10);
    *seq = *end == '-' ? strtoull(end + 1, NULL, 10) : 0;
}

static void lower_to(char *cur, size_t cursz, const char *id)
{
    unsigned long long a, b, c, d;
    parse_id(cur, &a, &b);
    parse_id(id, &c, &d);
    if (c < a || (c == a && d < b))
        snprintf(cur, cursz, "%s", id);
}

/* Trims wa:media as libwa's retention trims wa:in, wa:ai and wa:out (wa/retention.h, which knows six streams):
 * entries older than WA_STREAM_RETENTION_MS, never past the group's oldest pending entry nor past what it has not
 * read yet. */
static void trim_stream(snd_media_t *m, wa_conn_t *c)
{
    char minid[64];
    if (m->cfg->stream_retention_ms <= 0)
        return;
    snprintf(minid, sizeof(minid), "%lld-0", wa_now_ms() - m->cfg->stream_retention_ms);
    const char *groups[] = {"XINFO", "GROUPS", m->stream};
    redisReply *r = wa_conn_cmd(c, 3, groups, NULL);
    int found = 0;
    for (size_t i = 0; r != NULL && r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        redisReply *g = r->element[i];
        const char *name = NULL, *last = NULL;
        for (size_t k = 0; g->type == REDIS_REPLY_ARRAY && k + 1 < g->elements; k += 2) {
            if (g->element[k]->type != REDIS_REPLY_STRING || g->element[k + 1]->type != REDIS_REPLY_STRING)
                continue;
            if (strcmp(g->element[k]->str, "name") == 0)
                name = g->element[k + 1]->str;
            else if (strcmp(g->element[k]->str, "last-delivered-id") == 0)
                last = g->element[k + 1]->str;
        }
        if (name != NULL && last != NULL) { /* every group's unread entries are kept (MINID keeps what is >=) */
            unsigned long long ms, seq;
            char after[64];
            parse_id(last, &ms, &seq);
            snprintf(after, sizeof(after), "%llu-%llu", ms, seq + 1);
            lower_to(minid, sizeof(minid), after);
            found = 1;
        }
    }
    if (r != NULL)
        freeReplyObject(r);
    if (!found)
        return; /* no group yet: nothing is trimmed */
    const char *pending[] = {"XPENDING", m->stream, "media"};
    r = wa_conn_cmd(c, 3, pending, NULL);
    if (r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements >= 2 && r->element[1]->type == REDIS_REPLY_STRING)
        lower_to(minid, sizeof(minid), r->element[1]->str);
    if (r != NULL)
        freeReplyObject(r);
    const char *trim[] = {"XTRIM", m->stream, "MINID", "=", minid};
    r = wa_conn_cmd(c, 5, trim, NULL);
    if (r != NULL)
        freeReplyObject(r);
}

/* The turn hook: every MEDIA_RETENTION_INTERVAL_MS, one replica (SET NX PX on <prefix>media:retention, the way the
 * stream trim elects one) runs a pass. */
static void turn_cb(void *data)
{
    snd_media_t *m = data;
    long long now = wa_mono_ms();
    if (m->retention_interval_ms <= 0 || now < m->next_retention_ms || m->stage == NULL)
        return;
    m->next_retention_ms = now + (m->retention_interval_ms < 5000 ? m->retention_interval_ms : 5000);
    wa_conn_t *c = wa_stage_conn(m->stage);
    char px[24];
    snprintf(px, sizeof(px), "%ld", m->retention_interval_ms);
    const char *argv[] = {"SET", m->retention_key, m->cfg->consumer_name, "NX", "PX", px};
    redisReply *rep = wa_conn_ok(c) ? wa_conn_cmd(c, 6, argv, NULL) : NULL;
    int mine = rep != NULL && rep->type == REDIS_REPLY_STATUS;
    if (rep != NULL)
        freeReplyObject(rep);
    if (!mine)
        return;
    trim_stream(m, c);
    long n = snd_media_retention_pass(m->pg, m->store, 1000);
    if (n > 0) {
        char num[24];
        snprintf(num, sizeof(num), "%ld", n);
        wa_metric_add(m->m_retained, n);
        wa_info("media retention: files deleted", "count", num);
    }
}

/* ---- the stage driver ---- */

static void take_cb(wa_stage_t *st, wa_entry_t *entries, size_t n, void *data)
{
    snd_media_t *m = data;
    for (size_t i = 0; i < n; i++) {
        wa_result_t r;
        memset(&r, 0, sizeof(r));
        r.outcome = WA_ENTRY_ACK;
        process(m, &entries[i], &r);
        wa_stage_settle(st, &entries[i], &r, 1, 0);
    }
}

static void *thread_main(void *arg)
{
    snd_media_t *m = arg;
    wa_stage_driver_t driver = {0};
    driver.max_inflight = 1;
    driver.read_max = 1;
    driver.drain_ms = 0;
    driver.take = take_cb;
    driver.turn = turn_cb;
    driver.data = m;
    m->stage = wa_stage_create(m->cfg, m->stream, "media", "media", &driver);
    if (m->stage == NULL) {
        wa_error("media fetcher: cannot create its stage");
        return NULL;
    }
    (void)wa_stage_run(m->stage);
    wa_stage_destroy(m->stage);
    m->stage = NULL;
    return NULL;
}

static long env_long(const char *name, long def, long lo, long hi)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        return def;
    char *end;
    long x = strtol(v, &end, 10);
    if (*end != '\0' || x < lo || x > hi) {
        wa_warn("value out of range: default used", "name", name, "value", v);
        return def;
    }
    return x;
}

snd_media_t *snd_media_start(const wa_config_t *cfg)
{
    if (strcmp(wa_env_str("MEDIA_FETCHER", "1"), "0") == 0) {
        wa_info("media fetcher disabled (MEDIA_FETCHER=0)");
        return NULL;
    }
    snd_media_t *m = wa_calloc(1, sizeof(*m));
    m->cfg = cfg;
    m->attempts = env_long("MEDIA_FETCH_ATTEMPTS", 4, 1, 20);
    m->base_ms = env_long("MEDIA_RETRY_BASE_MS", 1000, 0, 600000);
    m->timeout_ms = env_long("MEDIA_FETCH_TIMEOUT_MS", 60000, 1000, 600000);
    m->retention_interval_ms = env_long("MEDIA_RETENTION_INTERVAL_MS", 3600000, 0, 604800000);
    snprintf(m->stream, sizeof(m->stream), "%s", cfg->key_media);
    wa_config_key(cfg, m->retention_key, sizeof(m->retention_key), "media:retention", NULL);
    m->pg = wa_pg_create(cfg->database_url);
    m->store = wa_media_store_create(m->pg);
    m->creds = m->store != NULL ? snd_creds_store_create(cfg, m->pg) : NULL;
    if (m->store == NULL || m->creds == NULL) {
        wa_error("media fetcher not started: its store or credentials could not be set up");
        snd_creds_store_destroy(m->creds);
        wa_media_store_destroy(m->store);
        wa_pg_destroy(m->pg);
        free(m);
        return NULL;
    }
#define M(o)                                                                                                           \
    wa_metric(WA_METRIC_COUNTER, "wa_media_fetched_total", "outcome=\"" o "\"",                                        \
              "wa:media jobs by outcome: stored, duplicate (stored before), dlq, retry (attempts retried)")
    m->m_stored = M("stored");
    m->m_duplicate = M("duplicate");
    m->m_dlq = M("dlq");
    m->m_retry = M("retry");
#undef M
    m->m_bytes = wa_metric(WA_METRIC_COUNTER, "wa_media_bytes_total", "", "Bytes of media files stored");
    m->m_retained = wa_metric(WA_METRIC_COUNTER, "wa_media_retention_deleted_total", "",
                              "Media files deleted by the retention job");
    if (pthread_create(&m->thread, NULL, thread_main, m) != 0) {
        wa_error("media fetcher: pthread_create failed");
        snd_creds_store_destroy(m->creds);
        wa_media_store_destroy(m->store);
        wa_pg_destroy(m->pg);
        free(m);
        return NULL;
    }
    wa_info("media fetcher started", "stream", m->stream, "store", wa_media_store_backend(m->store));
    return m;
}

void snd_media_stop(snd_media_t *m)
{
    if (m == NULL)
        return;
    pthread_join(m->thread, NULL);
    snd_creds_store_destroy(m->creds);
    wa_media_store_destroy(m->store);
    wa_pg_destroy(m->pg);
    free(m);
}
