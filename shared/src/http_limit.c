/*
 * The response body bound of libwa's HTTP client (wa/http.h) and the one function that enforces it, apart from the
 * client itself: wa_config_load sets the bound in every service, and the router and the ingress, which make no HTTP
 * call, would otherwise link http.c and with it libcurl and the dozen libraries it loads (about 0.6 MiB of each
 * process's RSS, issue 14's 16 MiB a service; round 31).
 */
#include <stdlib.h>
#include <string.h>
#include "wa/http.h"
#include "wa/log.h"

/* Set once at start by wa_config_load (wa_http_settings), before any thread: never read from the environment later. */
static size_t max_response = WA_HTTP_MAX_RESPONSE_DEFAULT;

void wa_http_settings(long max_response_bytes)
{
    max_response = max_response_bytes > 0 ? (size_t)max_response_bytes : WA_HTTP_MAX_RESPONSE_DEFAULT;
}

size_t wa_http_max_response(void)
{
    return max_response;
}

/* A response body is kept whole in memory: bounded, so that a broken or hostile endpoint cannot grow a service
 * without limit by answering forever. The first chunk is kept in a buffer of its own size (rounded up to 64 bytes),
 * later ones double it: a Graph answer (~150 bytes, one chunk) held from its arrival until its group settles took a
 * 4 KB buffer when the first allocation was 4 KB, 1 MiB of the sender's heap at 256 calls in flight (issue 14,
 * round 9). */
int wa_http_body_append(char **buf, size_t *len, size_t *cap, const char *data, size_t n)
{
    size_t max = wa_http_max_response();
    if (n > max || *len > max - n)
        return -1;
    if (*buf == NULL || *len + n + 1 > *cap) {
        size_t want = *cap > 0 ? *cap : (n + 1 + 63) & ~(size_t)63;
        while (want < *len + n + 1)
            want *= 2;
        if (want > max + 1)
            want = max + 1;
        char *p = realloc(*buf, want);
        if (p == NULL)
            wa_fatal("out of memory");
        *buf = p;
        *cap = want;
    }
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 0;
}
