/*
 * XINFO GROUPS parsing (wa/streaminfo.h), shared by `wactl streams` and the
 * dashboard's operator console.
 */
#include "wa/streaminfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reply_is(const redisReply *r, const char *s)
{
    return r != NULL && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) && strcmp(r->str, s) == 0;
}

long long wa_stream_reply_int(const redisReply *r, long long def)
{
    if (r == NULL)
        return def;
    if (r->type == REDIS_REPLY_INTEGER)
        return r->integer;
    if (r->type == REDIS_REPLY_STRING) {
        char *end;
        long long v = strtoll(r->str, &end, 10);
        return end != r->str && *end == '\0' ? v : def;
    }
    return def; /* nil */
}

int wa_stream_parse_group(const redisReply *r, wa_stream_group_t *g)
{
    memset(g, 0, sizeof(*g));
    g->lag = -1;
    g->oldest_ms = -1;
    if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements % 2 != 0)
        return -1;
    int have_name = 0;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
        const redisReply *k = r->element[i], *v = r->element[i + 1];
        if (reply_is(k, "name") && v->type == REDIS_REPLY_STRING) {
            snprintf(g->name, sizeof(g->name), "%s", v->str);
            have_name = 1;
        } else if (reply_is(k, "consumers")) {
            g->consumers = wa_stream_reply_int(v, 0);
        } else if (reply_is(k, "pending")) {
            g->pending = wa_stream_reply_int(v, 0);
        } else if (reply_is(k, "last-delivered-id") && v->type == REDIS_REPLY_STRING) {
            snprintf(g->last_delivered, sizeof(g->last_delivered), "%s", v->str);
        } else if (reply_is(k, "lag")) {
            g->lag = wa_stream_reply_int(v, -1);
        }
    }
    return have_name ? 0 : -1;
}
