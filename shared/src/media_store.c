/*
 * The media store of wa/media.h: where the bytes of a stored photo or document live, so that every replica of the
 * dashboard can serve what any replica of the sender fetched. Two backends:
 *   pg  (default) the media_blobs table (021_media.sql): bytea rows, no extra server; keys "pg:<media id>"
 *   s3  an S3-compatible bucket (MinIO in docker-compose.yml), when MEDIA_STORE=s3: MEDIA_S3_ENDPOINT (scheme, host
 *       and port), MEDIA_S3_BUCKET, MEDIA_S3_REGION (default us-east-1), MEDIA_S3_ACCESS_KEY and the secret from
 *       MEDIA_S3_SECRET_KEY_FILE (a file holding it) or MEDIA_S3_SECRET_KEY. Requests are path-style
 *       (<endpoint>/<bucket>/<key>), signed with AWS Signature Version 4 by libcurl (CURLOPT_AWS_SIGV4, service s3)
 *       with the payload's SHA-256 in x-amz-content-sha256; keys "s3:media/<media id>". The secret is handed to
 *       libcurl only: it never reaches a log line, an error message, a URL or argv.
 * A key names its backend, so files stored before a change of MEDIA_STORE stay readable as long as both are set up.
 * Blocking calls on the caller's thread (the sender's media thread, a dashboard worker).
 */
#include "wa/media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "wa/config.h"
#include "wa/http.h"
#include "wa/log.h"

struct st_wa_media_store_t {
    wa_pg_t *pg;
    int s3; /* new files go to S3 */
    char *endpoint, *bucket, *region, *access_key, *secret_key;
    long timeout_ms;
};

static char *dup_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? wa_strdup(s) : NULL;
}

/* The secret from MEDIA_S3_SECRET_KEY_FILE (first line) or MEDIA_S3_SECRET_KEY; NULL when neither. */
static char *read_secret(void)
{
    const char *path = getenv("MEDIA_S3_SECRET_KEY_FILE");
    if (path != NULL && path[0] != '\0') {
        char buf[512];
        FILE *f = fopen(path, "r");
        if (f == NULL) {
            wa_error("cannot read MEDIA_S3_SECRET_KEY_FILE", "path", path);
            return NULL;
        }
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        buf[strcspn(buf, "\r\n")] = '\0';
        char *s = dup_or_null(buf);
        memset(buf, 0, sizeof(buf));
        return s;
    }
    return dup_or_null(getenv("MEDIA_S3_SECRET_KEY"));
}

wa_media_store_t *wa_media_store_create(wa_pg_t *pg)
{
    wa_media_store_t *s = wa_calloc(1, sizeof(*s));
    const char *backend = wa_env_str("MEDIA_STORE", "pg");
    s->pg = pg;
    s->timeout_ms = 60000;
    s->endpoint = dup_or_null(getenv("MEDIA_S3_ENDPOINT"));
    s->bucket = dup_or_null(getenv("MEDIA_S3_BUCKET"));
    s->region = wa_strdup(wa_env_str("MEDIA_S3_REGION", "us-east-1"));
    s->access_key = dup_or_null(getenv("MEDIA_S3_ACCESS_KEY"));
    s->secret_key = read_secret();
    if (strcmp(backend, "s3") == 0) {
        if (s->endpoint == NULL || s->bucket == NULL || s->access_key == NULL || s->secret_key == NULL) {
            wa_error("MEDIA_STORE=s3 needs MEDIA_S3_ENDPOINT, MEDIA_S3_BUCKET, MEDIA_S3_ACCESS_KEY and "
                     "MEDIA_S3_SECRET_KEY(_FILE)");
            wa_media_store_destroy(s);
            return NULL;
        }
        size_t n = strlen(s->endpoint);
        while (n > 0 && s->endpoint[n - 1] == '/')
            s->endpoint[--n] = '\0';
        s->s3 = 1;
    } else if (strcmp(backend, "pg") != 0) {
        wa_error("MEDIA_STORE must be pg or s3", "MEDIA_STORE", backend);
        wa_media_store_destroy(s);
        return NULL;
    }
    return s;
}

void wa_media_store_destroy(wa_media_store_t *s)
{
    if (s == NULL)
        return;
    if (s->secret_key != NULL) {
        memset(s->secret_key, 0, strlen(s->secret_key));
        free(s->secret_key);
    }
    free(s->endpoint);
    free(s->bucket);
    free(s->region);
    free(s->access_key);
    free(s);
}

const char *wa_media_store_backend(const wa_media_store_t *s)
{
    return s->s3 ? "s3" : "pg";
}

/* ---- PostgreSQL ---- */

static int pg_put(wa_media_store_t *s, const char *key, const void *data, size_t len)
{
    PGconn *conn = wa_pg_conn(s->pg);
    if (conn == NULL)
        return -1;
    const char *params[2] = {key, data != NULL ? data : ""};
    int lens[2] = {0, (int)len}, formats[2] = {0, 1};
    PGresult *res = PQexecParams(conn,
                                 "INSERT INTO media_blobs (key, data) VALUES ($1, $2)", /* a new id's key */
                                 2, NULL, params, lens, formats, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        wa_error("media store: insert failed", "error", PQresultErrorMessage(res));
    PQclear(res);
    return ok ? 0 : -1;
}

static int pg_get(wa_media_store_t *s, const char *key, char **data, size_t *len)
{
    PGconn *conn = wa_pg_conn(s->pg);
    if (conn == NULL)
        return -1;
    const char *params[1] = {key};
    PGresult *res = PQexecParams(conn, "SELECT data FROM media_blobs WHERE key = $1", 1, NULL, params, NULL, NULL, 1);
    int rc;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        wa_error("media store: select failed", "error", PQresultErrorMessage(res));
        rc = -1;
    } else if (PQntuples(res) == 0) {
        rc = 1;
    } else {
        *len = (size_t)PQgetlength(res, 0, 0);
        *data = wa_malloc(*len + 1);
        memcpy(*data, PQgetvalue(res, 0, 0), *len);
        (*data)[*len] = '\0';
        rc = 0;
    }
    PQclear(res);
    return rc;
}

/* ---- S3 ---- */

typedef struct st_s3_body_t {
    char *buf;
    size_t len, cap;
    const char *in;
    size_t in_len, in_off;
} s3_body_t;

static size_t s3_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    s3_body_t *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap != 0 ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->buf, cap);
        if (grown == NULL)
            wa_fatal("out of memory");
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, ptr, n);
    b->len += n;
    b->buf[b->len] = '\0';
    return n;
}

static size_t s3_read_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    s3_body_t *b = userdata;
    size_t n = size * nmemb, left = b->in_len - b->in_off;
    if (n > left)
        n = left;
    memcpy(ptr, b->in + b->in_off, n);
    b->in_off += n;
    return n;
}

/* One signed request: method on <endpoint>/<bucket>/<object>. Returns the HTTP status (0 when no answer); the
 * response body (GET) goes to *out and *outlen when out is not NULL. */
static long s3_request(wa_media_store_t *s, const char *method, const char *object, const void *data, size_t len,
                       const char *mime, char **out, size_t *outlen)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    s3_body_t body = {.in = data, .in_len = len};
    char url[1024], sigv4[128], hdr[160], sha[65];
    long status = 0;

    if (h == NULL)
        return 0;
    snprintf(url, sizeof(url), "%s/%s/%s", s->endpoint, s->bucket, object);
    snprintf(sigv4, sizeof(sigv4), "aws:amz:%s:s3", s->region);
    wa_media_sha256_hex(data, data != NULL ? len : 0, sha);
    snprintf(hdr, sizeof(hdr), "x-amz-content-sha256: %s", sha);
    hdrs = curl_slist_append(hdrs, hdr);
    if (mime != NULL && strcmp(method, "PUT") == 0) {
        snprintf(hdr, sizeof(hdr), "Content-Type: %s", mime);
        hdrs = curl_slist_append(hdrs, hdr);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4);
    curl_easy_setopt(h, CURLOPT_USERNAME, s->access_key);
    curl_easy_setopt(h, CURLOPT_PASSWORD, s->secret_key);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s->timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, s3_write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    if (strcmp(method, "PUT") == 0) {
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, s3_read_cb);
        curl_easy_setopt(h, CURLOPT_READDATA, &body);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    } else if (strcmp(method, "DELETE") == 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    else
        wa_error("media store: S3 request failed", "method", method, "object", object, "error", curl_easy_strerror(rc));
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    if (out != NULL && status >= 200 && status < 300) {
        *out = body.buf != NULL ? body.buf : wa_strdup("");
        *outlen = body.len;
    } else {
        free(body.buf);
    }
    return status;
}

int wa_media_store_put(wa_media_store_t *s, const char *id, const void *data, size_t len, const char *mime, char *key,
                       size_t keysz)
{
    if (s->s3) {
        char object[160];
        snprintf(object, sizeof(object), "media/%s", id);
        long status = s3_request(s, "PUT", object, data, len, mime, NULL, NULL);
        if (status < 200 || status >= 300) {
            char st[16];
            snprintf(st, sizeof(st), "%ld", status);
            wa_error("media store: S3 PUT refused", "object", object, "status", st);
            return -1;
        }
        snprintf(key, keysz, "s3:%s", object);
        return 0;
    }
    snprintf(key, keysz, "pg:%s", id);
    return pg_put(s, key, data, len);
}

int wa_media_store_get(wa_media_store_t *s, const char *key, char **data, size_t *len)
{
    if (strncmp(key, "pg:", 3) == 0)
        return pg_get(s, key, data, len);
    if (strncmp(key, "s3:", 3) == 0 && s->endpoint != NULL && s->bucket != NULL && s->access_key != NULL &&
        s->secret_key != NULL) {
        long status = s3_request(s, "GET", key + 3, NULL, 0, NULL, data, len);
        return status == 200 ? 0 : status == 404 ? 1 : -1;
    }
    wa_error("media store: no backend for this key", "key", key);
    return -1;
}

int wa_media_store_delete(wa_media_store_t *s, const char *key)
{
    if (strncmp(key, "pg:", 3) == 0) {
        const char *params[1] = {key};
        return wa_pg_run(s->pg, "media blob delete", "DELETE FROM media_blobs WHERE key = $1", 1, params);
    }
    if (strncmp(key, "s3:", 3) == 0 && s->endpoint != NULL && s->secret_key != NULL) {
        long status = s3_request(s, "DELETE", key + 3, NULL, 0, NULL, NULL, NULL);
        return (status >= 200 && status < 300) || status == 404 ? 0 : -1;
    }
    return -1;
}
