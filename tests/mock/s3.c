/*
 * The mock's S3-compatible object store (see s3.h): objects in memory under the state lock, every request's SigV4
 * signature recomputed from the request as received and compared.
 */
#include "s3.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "wa/log.h"
#include "wa/media.h"

#define XML_CT "application/xml"
#define JSON_CT "application/json; charset=UTF-8"

typedef struct st_s3_object_t {
    char *key; /* the path after /s3/ ("bucket/object") */
    char *data;
    size_t len;
    char ctype[128];
} s3_object_t;

typedef struct st_mock_s3_t {
    s3_object_t *objs;
    size_t n, cap;
    char access_key[128], secret_key[128], region[64];
} mock_s3_t;

static mock_s3_t *s3_of(mock_state_t *st)
{
    if (st->s3 == NULL) {
        st->s3 = wa_calloc(1, sizeof(*st->s3));
        snprintf(st->s3->access_key, sizeof(st->s3->access_key), "mock-access-key");
        snprintf(st->s3->secret_key, sizeof(st->s3->secret_key), "mock-secret-key");
        snprintf(st->s3->region, sizeof(st->s3->region), "us-east-1");
    }
    return st->s3;
}

void mock_s3_clear(mock_state_t *st)
{
    if (st->s3 == NULL)
        return;
    for (size_t i = 0; i < st->s3->n; i++) {
        free(st->s3->objs[i].key);
        free(st->s3->objs[i].data);
    }
    free(st->s3->objs);
    free(st->s3);
    st->s3 = NULL;
}

static void s3_error(mock_res_t *res, int status, const char *code, const char *message)
{
    res->status = status;
    res->content_type = XML_CT;
    res->body.len = 0;
    wa_buf_printf(&res->body,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message>"
                  "</Error>",
                  code, message);
}

static void hmac(const void *key, size_t keylen, const char *data, unsigned char out[32])
{
    unsigned int n = 32;
    if (HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)data, strlen(data), out, &n) == NULL)
        wa_fatal("HMAC failed");
}

void mock_s3_signature(const char *secret, const char *date, const char *region, const char *service,
                       const char *amz_date, const char *canonical_request, char out[65])
{
    unsigned char k[32], sig[32];
    char secret4[160], sts[1024], crhash[65];
    snprintf(secret4, sizeof(secret4), "AWS4%s", secret);
    hmac(secret4, strlen(secret4), date, k);
    hmac(k, 32, region, k);
    hmac(k, 32, service, k);
    hmac(k, 32, "aws4_request", k);
    wa_media_sha256_hex(canonical_request, strlen(canonical_request), crhash);
    snprintf(sts, sizeof(sts), "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date, region, service,
             crhash);
    hmac(k, 32, sts, sig);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", sig[i]);
}

/* The value of header `name` (lower case) from the request's header lines, trimmed, inner blanks collapsed. Returns
 * 1 when present. */
static int header(const mock_req_t *req, const char *name, char *out, size_t outsz)
{
    size_t nl = strlen(name);
    const char *p = req->headers, *end = req->headers + req->headers_len;
    while (p != NULL && p < end) {
        const char *le = memchr(p, '\n', (size_t)(end - p));
        if (le == NULL)
            le = end;
        if ((size_t)(le - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
            const char *v = p + nl + 1;
            size_t o = 0;
            int blank = 0;
            while (v < le && (*v == ' ' || *v == '\t'))
                v++;
            for (; v < le && o + 1 < outsz; v++) {
                if (*v == ' ' || *v == '\t') {
                    blank = 1;
                    continue;
                }
                if (blank && o > 0)
                    out[o++] = ' ';
                blank = 0;
                if (o + 1 < outsz)
                    out[o++] = *v;
            }
            out[o] = '\0';
            return 1;
        }
        p = le + 1;
    }
    return 0;
}

/* Parses "AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex". */
static int parse_auth(const char *auth, char *ak, char *date, char *region, char *service, char *signed_headers,
                      char *signature)
{
    const char *c = strstr(auth, "Credential="), *sh = strstr(auth, "SignedHeaders="), *sg = strstr(auth, "Signature=");
    if (strncmp(auth, "AWS4-HMAC-SHA256 ", 17) != 0 || c == NULL || sh == NULL || sg == NULL)
        return -1;
    char cred[512];
    snprintf(cred, sizeof(cred), "%.*s", (int)strcspn(c + 11, ", "), c + 11);
    if (sscanf(cred, "%127[^/]/%15[^/]/%63[^/]/%31[^/]/aws4_request", ak, date, region, service) != 4)
        return -1;
    snprintf(signed_headers, 512, "%.*s", (int)strcspn(sh + 14, ", "), sh + 14);
    snprintf(signature, 65, "%.*s", (int)strcspn(sg + 10, ", "), sg + 10);
    return 0;
}

/* 0 when the request carries a valid signature; otherwise answers the error and returns -1. */
static int verify(mock_s3_t *s3, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    char auth[1024], ak[128], date[16], region[64], service[32], signed_headers[512], sig[65], amz_date[32], sha[80],
        body_sha[65];
    if (req->authorization == NULL || req->authorization_len >= sizeof(auth)) {
        s3_error(res, 403, "AccessDenied", "Anonymous access is forbidden");
        return -1;
    }
    snprintf(auth, sizeof(auth), "%.*s", (int)req->authorization_len, req->authorization);
    if (parse_auth(auth, ak, date, region, service, signed_headers, sig) != 0) {
        s3_error(res, 400, "AuthorizationHeaderMalformed", "The authorization header is malformed");
        return -1;
    }
    if (strcmp(ak, s3->access_key) != 0) {
        s3_error(res, 403, "InvalidAccessKeyId", "The access key does not exist");
        return -1;
    }
    if (strcmp(region, s3->region) != 0 || strcmp(service, "s3") != 0) {
        s3_error(res, 400, "AuthorizationHeaderMalformed", "Wrong region or service in the credential scope");
        return -1;
    }
    if (!header(req, "x-amz-date", amz_date, sizeof(amz_date)) || strncmp(amz_date, date, 8) != 0) {
        s3_error(res, 403, "AccessDenied", "x-amz-date is missing or not the credential's date");
        return -1;
    }
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (strptime(amz_date, "%Y%m%dT%H%M%SZ", &tm) == NULL ||
        llabs((long long)timegm(&tm) * 1000 - (long long)now_ms) > 15 * 60 * 1000) {
        s3_error(res, 403, "RequestTimeTooSkewed", "The difference between the request time and now is too large");
        return -1;
    }
    wa_media_sha256_hex(req->body, req->body_len, body_sha);
    if (!header(req, "x-amz-content-sha256", sha, sizeof(sha)) || strcmp(sha, body_sha) != 0) {
        s3_error(res, 400, "XAmzContentSHA256Mismatch", "x-amz-content-sha256 is missing or not the body's");
        return -1;
    }
    if (strstr(signed_headers, "host") == NULL || strstr(signed_headers, "x-amz-date") == NULL ||
        strstr(signed_headers, "x-amz-content-sha256") == NULL) {
        s3_error(res, 403, "AccessDenied", "host, x-amz-date and x-amz-content-sha256 must be signed");
        return -1;
    }
    mock_buf_t cr;
    wa_buf_init(&cr);
    wa_buf_append(&cr, req->method, req->method_len);
    wa_buf_appends(&cr, "\n");
    wa_buf_append(&cr, req->path, req->path_len);
    wa_buf_appends(&cr, "\n");
    if (req->query != NULL)
        wa_buf_append(&cr, req->query, req->query_len);
    wa_buf_appends(&cr, "\n");
    char names[512];
    snprintf(names, sizeof(names), "%s", signed_headers);
    for (char *save = NULL, *n = strtok_r(names, ";", &save); n != NULL; n = strtok_r(NULL, ";", &save)) {
        char v[1024] = "";
        (void)header(req, n, v, sizeof(v));
        wa_buf_printf(&cr, "%s:%s\n", n, v);
    }
    wa_buf_printf(&cr, "\n%s\n%s", signed_headers, sha);
    char want[65];
    mock_s3_signature(s3->secret_key, date, region, service, amz_date, cr.base, want);
    wa_buf_dispose(&cr);
    if (strlen(sig) != 64 || CRYPTO_memcmp(sig, want, 64) != 0) {
        s3_error(res, 403, "SignatureDoesNotMatch",
                 "The request signature we calculated does not match the signature you provided");
        return -1;
    }
    return 0;
}

static s3_object_t *find(mock_s3_t *s3, const char *key)
{
    for (size_t i = 0; i < s3->n; i++)
        if (strcmp(s3->objs[i].key, key) == 0)
            return &s3->objs[i];
    return NULL;
}

void mock_s3_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    mock_s3_t *s3 = s3_of(st);
    char key[512];
    if (req->path_len <= 4 || req->path_len - 4 >= sizeof(key)) {
        s3_error(res, 400, "InvalidURI", "Couldn't parse the specified URI");
        return;
    }
    memcpy(key, req->path + 4, req->path_len - 4);
    key[req->path_len - 4] = '\0';
    if (strchr(key, '/') == NULL) {
        s3_error(res, 400, "InvalidRequest", "Bucket listings are not served by this mock");
        return;
    }
    if (verify(s3, req, now_ms, res) != 0)
        return;
    s3_object_t *o = find(s3, key);
    if (mock_eq(req->method, req->method_len, "PUT")) {
        if (o == NULL) {
            s3->objs = wa_grow(s3->objs, &s3->cap, s3->n + 1, sizeof(*s3->objs));
            o = &s3->objs[s3->n++];
            memset(o, 0, sizeof(*o));
            o->key = wa_strdup(key);
        }
        free(o->data);
        o->data = wa_malloc(req->body_len + 1);
        memcpy(o->data, req->body != NULL ? req->body : "", req->body_len);
        o->len = req->body_len;
        o->ctype[0] = '\0';
        (void)header(req, "content-type", o->ctype, sizeof(o->ctype));
        mock_res_set(res, 200, XML_CT, "");
    } else if (mock_eq(req->method, req->method_len, "GET")) {
        if (o == NULL) {
            s3_error(res, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        res->status = 200;
        snprintf(res->ctype, sizeof(res->ctype), "%s", o->ctype[0] != '\0' ? o->ctype : "binary/octet-stream");
        res->content_type = res->ctype;
        res->body.len = 0;
        wa_buf_append(&res->body, o->data, o->len);
    } else if (mock_eq(req->method, req->method_len, "DELETE")) {
        if (o != NULL) {
            free(o->key);
            free(o->data);
            *o = s3->objs[--s3->n];
        }
        mock_res_set(res, 204, XML_CT, "");
    } else {
        s3_error(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
}

void mock_s3_control(mock_state_t *st, const mock_req_t *req, mock_res_t *res)
{
    mock_s3_t *s3 = s3_of(st);
    if (mock_eq(req->method, req->method_len, "POST")) {
        cJSON *root = cJSON_ParseWithLength(req->body != NULL ? req->body : "", req->body_len);
        const cJSON *ak = cJSON_GetObjectItemCaseSensitive(root, "access_key"),
                    *sk = cJSON_GetObjectItemCaseSensitive(root, "secret_key"),
                    *rg = cJSON_GetObjectItemCaseSensitive(root, "region");
        if (cJSON_IsString(ak))
            snprintf(s3->access_key, sizeof(s3->access_key), "%s", ak->valuestring);
        if (cJSON_IsString(sk))
            snprintf(s3->secret_key, sizeof(s3->secret_key), "%s", sk->valuestring);
        if (cJSON_IsString(rg))
            snprintf(s3->region, sizeof(s3->region), "%s", rg->valuestring);
        cJSON_Delete(root);
        mock_res_set(res, 200, JSON_CT, "{\"ok\":true}");
        return;
    }
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_appends(&res->body, "{\"objects\":[");
    for (size_t i = 0; i < s3->n; i++) {
        char sha[65];
        wa_media_sha256_hex(s3->objs[i].data, s3->objs[i].len, sha);
        wa_buf_printf(&res->body, "%s{\"key\":", i ? "," : "");
        mock_buf_json_cstr(&res->body, s3->objs[i].key);
        wa_buf_printf(&res->body, ",\"size\":%zu,\"sha256\":\"%s\",\"content_type\":", s3->objs[i].len, sha);
        mock_buf_json_cstr(&res->body, s3->objs[i].ctype);
        wa_buf_appends(&res->body, "}");
    }
    wa_buf_appends(&res->body, "]}");
}
