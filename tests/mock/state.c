/*
 * Shared state of the mock server (configuration, request log, id
 * generators), the response object and the small helpers every handler uses:
 * routing a path to its API, query-string lookup, random ids. Pure: no I/O.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wa/log.h"
#include "wa/text.h"

#include "mock.h"
#include "media.h"
#include "s3.h"

void mock_res_init(mock_res_t *res)
{
    res->status = 500;
    res->content_type = "application/json; charset=UTF-8";
    wa_buf_init(&res->body);
    res->delay_ms = 0;
    res->pad_bytes = 0;
    res->retry_after[0] = '\0';
    res->api = "unknown";
}

void mock_res_dispose(mock_res_t *res)
{
    wa_buf_dispose(&res->body);
}

void mock_res_set(mock_res_t *res, int status, const char *content_type, const char *body)
{
    res->status = status;
    res->content_type = content_type;
    res->body.len = 0;
    wa_buf_appends(&res->body, body);
}

void mock_state_init(mock_state_t *st, size_t log_capacity)
{
    struct timespec ts;
    memset(st, 0, sizeof(*st));
    if (pthread_mutex_init(&st->mutex, NULL) != 0)
        wa_fatal("pthread_mutex_init failed");
    mock_graph_conf_init(&st->graph);
    mock_ai_conf_init(&st->gemini, 0);
    mock_ai_conf_init(&st->openai, 1);
    mock_reqlog_init(&st->log, log_capacity);
    clock_gettime(CLOCK_REALTIME, &ts);
    st->rng = ((uint64_t)ts.tv_sec * 1000000007u) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^
              (uint64_t)(uintptr_t)st;
    if (st->rng == 0)
        st->rng = 0x9e3779b97f4a7c15ull;
    st->nonce = (uint32_t)(mock_rand(st) >> 32);
}

void mock_state_dispose(mock_state_t *st)
{
    mock_graph_conf_dispose(&st->graph);
    mock_ai_conf_dispose(&st->gemini);
    mock_ai_conf_dispose(&st->openai);
    mock_reqlog_dispose(&st->log);
    mock_media_clear(st);
    mock_s3_clear(st);
    pthread_mutex_destroy(&st->mutex);
}

/* xorshift64*: fast, good enough for ids that only need to look random and not collide within a run. */
uint64_t mock_rand(mock_state_t *st)
{
    uint64_t x = st->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    st->rng = x;
    return x * 0x2545f4914f6cdd1dull;
}

void mock_rand_id(mock_state_t *st, char *out, size_t n, int url_safe)
{
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t range = url_safe ? 64 : 62;
    for (size_t i = 0; i < n; i++)
        out[i] = alnum[mock_rand(st) % range];
    out[n] = '\0';
}

int mock_eq(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n == l && (n == 0 || memcmp(s, lit, n) == 0);
}

int mock_query_get(const char *query, size_t query_len, const char *name, char *out, size_t outsz)
{
    size_t name_len = strlen(name), i = 0;
    if (query == NULL)
        return 0;
    while (i < query_len) {
        size_t end = i;
        while (end < query_len && query[end] != '&')
            end++;
        size_t eq = i;
        while (eq < end && query[eq] != '=')
            eq++;
        if (eq - i == name_len && memcmp(query + i, name, name_len) == 0) {
            size_t o = 0;
            for (size_t j = eq < end ? eq + 1 : end; j < end; j++) {
                int c = (unsigned char)query[j];
                if (c == '+') {
                    c = ' ';
                } else if (c == '%' && j + 2 < end) {
                    int hi = wa_hexval((unsigned char)query[j + 1]), lo = wa_hexval((unsigned char)query[j + 2]);
                    if (hi >= 0 && lo >= 0) {
                        c = hi * 16 + lo;
                        j += 2;
                    }
                }
                if (outsz != 0 && o + 1 < outsz)
                    out[o++] = (char)c;
            }
            if (outsz != 0)
                out[o] = '\0';
            return 1;
        }
        i = end + 1;
    }
    return 0;
}

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

/* "/v" digits ["." digits] "/" : a Graph API version prefix. */
static int is_graph_version(const char *s, size_t n)
{
    size_t i = 2, d;
    if (n < 4 || s[0] != '/' || s[1] != 'v')
        return 0;
    for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        ;
    if (i == d)
        return 0;
    if (i < n && s[i] == '.') {
        for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            ;
        if (i == d)
            return 0;
    }
    return i < n && s[i] == '/';
}

const char *mock_route(const char *path, size_t len)
{
    if (mock_eq(path, len, "/_mock") || starts_with(path, len, "/_mock/"))
        return "control";
    if (starts_with(path, len, "/v1beta/openai/"))
        return "openai";
    if (mock_eq(path, len, "/v1beta") || starts_with(path, len, "/v1beta/"))
        return "gemini";
    if (starts_with(path, len, "/v1/") || ends_with(path, len, "/chat/completions"))
        return "openai";
    if (starts_with(path, len, "/s3/"))
        return "s3";
    if (is_graph_version(path, len) || starts_with(path, len, "/lookaside/"))
        return "graph";
    return "unknown";
}
