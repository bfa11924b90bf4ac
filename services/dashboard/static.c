/*
 * The front end's static files (see static.h). Files are sent by h2o's own
 * file sender (ranges); the ETag and its 304 are answered here, as
 * h2o_file_send does not. Vite names everything under /assets/ by its
 * content's hash, so those are cached for a year; index.html is revalidated
 * every time so that a new build is picked up at once.
 */
#include "static.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wa/log.h"
#include "http.h"

#ifndef DASH_WEB_DIR_DEFAULT
#define DASH_WEB_DIR_DEFAULT "services/dashboard/web/dist"
#endif

/* Scripts, styles, images, fonts and API calls (including the event stream) from this origin only; no inline
 * script or style element, no eval, no frames, no plugins, forms post only here. */
#define CSP                                                                                                            \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "                \
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "                  \
    "frame-ancestors 'none'; object-src 'none'"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char web_dir[1024];
static int init_rv;

static void init_once(void)
{
    const char *v = getenv("DASHBOARD_WEB_DIR");
    struct stat st;
    snprintf(web_dir, sizeof(web_dir), "%s", v != NULL && v[0] != '\0' ? v : DASH_WEB_DIR_DEFAULT);
    size_t n = strlen(web_dir);
    while (n > 1 && web_dir[n - 1] == '/')
        web_dir[--n] = '\0';
    if (stat(web_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (v != NULL && v[0] != '\0') {
            fprintf(stderr, "invalid value for DASHBOARD_WEB_DIR: not a directory\n");
            init_rv = -1;
        } else {
            wa_warn("the dashboard's pages are not built (make builds them when npm is present); the API works", "dir",
                    web_dir);
        }
    }
}

int dash_static_init(void)
{
    pthread_once(&once, init_once);
    return init_rv;
}

int dash_static_path_ok(const char *path, size_t len)
{
    if (len == 0 || path[0] != '/')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = path[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '-' || ch == '_' || ch == '/'))
            return 0;
        if (ch == '.' && path[i - 1] == '/')
            return 0;
    }
    return 1;
}

const char *dash_static_type(const char *name, size_t len)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t el = strlen(types[i].ext);
        if (len > el && memcmp(name + len - el, types[i].ext, el) == 0)
            return types[i].type;
    }
    return NULL;
}

static void add_header(h2o_req_t *req, const char *name, const char *value)
{
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 0, NULL, value, strlen(value));
}

static int send_file(h2o_req_t *req, const char *rel, size_t rellen, const char *type, int immutable)
{
    char path[2048], etag[64];
    struct stat st;
    if (snprintf(path, sizeof(path), "%s%.*s", web_dir, (int)rellen, rel) >= (int)sizeof(path) ||
        stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    add_header(req, "content-security-policy", CSP);
    add_header(req, "x-content-type-options", "nosniff");
    add_header(req, "x-frame-options", "DENY");
    add_header(req, "referrer-policy", "same-origin");
    add_header(req, "cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    /* h2o_file_send answers no conditional request itself: a revalidation that matches gets a 304 here */
    snprintf(etag, sizeof(etag), "\"%lx-%llx\"", (unsigned long)st.st_mtime, (unsigned long long)st.st_size);
    add_header(req, "etag", etag);
    const char *inm = dash_http_header(req, "if-none-match");
    if (inm != NULL && strstr(inm, etag) != NULL) {
        req->res.status = 304;
        req->res.reason = "Not Modified";
        h2o_send_inline(req, "", 0);
        return 0;
    }
    return h2o_file_send(req, 200, "OK", path, h2o_iovec_init(type, strlen(type)), H2O_FILE_FLAG_NO_ETAG);
}

void dash_static_serve(h2o_req_t *req)
{
    h2o_iovec_t p = req->path_normalized;
    dash_static_init();
    if (!h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) &&
        !h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"))) {
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL, H2O_STRLIT("GET, HEAD"));
        dash_reply_error(req, 405, "method_not_allowed", "this method is not served on this path", NULL);
        return;
    }
    int is_asset = p.len > 8 && memcmp(p.base, "/assets/", 8) == 0;
    const char *type = dash_static_type(p.base, p.len);
    if (dash_static_path_ok(p.base, p.len) && type != NULL && p.base[p.len - 1] != '/' &&
        send_file(req, p.base, p.len, type, is_asset) == 0)
        return;
    /* a file that should exist (an asset, or any name with an extension) is a 404; every other path is a page */
    if (is_asset || type != NULL || (p.len >= 5 && memcmp(p.base, "/api/", 5) == 0) ||
        send_file(req, "/index.html", 11, "text/html; charset=utf-8", 0) != 0)
        dash_reply_error(req, 404, "not_found", "not found", NULL);
}
