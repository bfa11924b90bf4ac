/*
 * The dead-letter stream's shared operations (wa/dlq.h), used by `wactl dlq`
 * and the dashboard's operator console. The stream is read newest first in
 * pages of 500 (XREVRANGE with exclusive continuation ids); one entry with
 * XRANGE id id. A replay is one EVAL of a short script that checks the dead
 * letter still exists, adds the rebuilt entry to its source stream and deletes
 * the dead letter, so two operators replaying the same entry at once replay it
 * once. Nothing here prints: failures come back as results and an error text.
 */
#include "wa/dlq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "wa/log.h"

#define PAGE 500

/* KEYS[1] the source stream, KEYS[2] wa:dlq; ARGV[1] the dead letter's id, ARGV[2..] field/value pairs. Adds the
 * entry back to its stream and deletes the dead letter, only if the dead letter still exists. Returns the new id, or
 * false when it was already gone (replayed or purged meanwhile). */
static const char *replay_lua = "if #redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1]) == 0 then return false end "
                                "local args = {} "
                                "for i = 2, #ARGV do args[#args + 1] = ARGV[i] end "
                                "local id = redis.call('XADD', KEYS[1], '*', unpack(args)) "
                                "redis.call('XDEL', KEYS[2], ARGV[1]) "
                                "return id";

const char *wa_dlq_result_name(wa_dlq_result_t r)
{
    switch (r) {
    case WA_DLQ_DONE:
        return "ok";
    case WA_DLQ_GONE:
        return "gone";
    case WA_DLQ_BAD_SOURCE:
        return "bad_source";
    case WA_DLQ_BAD_ENTRY:
        return "bad_entry";
    case WA_DLQ_ERROR:
        return "error";
    case WA_DLQ_UNREACHABLE:
        return "unreachable";
    }
    return "error";
}

int wa_dlq_parse_age(const char *s, long long *ms)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    long long v = strtoll(s, &end, 10), mult = 1000;
    if (*end != '\0') {
        if (end[1] != '\0')
            return -1;
        switch (*end) {
        case 's':
            mult = 1000;
            break;
        case 'm':
            mult = 60000;
            break;
        case 'h':
            mult = 3600000;
            break;
        case 'd':
            mult = 86400000;
            break;
        default:
            return -1;
        }
    }
    if (v < 0 || v > 100LL * 365 * 86400)
        return -1;
    *ms = v * mult;
    return 0;
}

long long wa_dlq_item_time_ms(const wa_dlq_item_t *it)
{
    char *end;
    if (it->failed_at != NULL) {
        long long v = strtoll(it->failed_at, &end, 10);
        if (end != it->failed_at && *end == '\0' && v > 0)
            return v;
    }
    return it->id != NULL ? strtoll(it->id, NULL, 10) : 0; /* "<ms>-<seq>" */
}

int wa_dlq_match(const wa_dlq_filter_t *f, const wa_dlq_item_t *it, long long now)
{
    if (f->stage != NULL && (it->stage == NULL || strcmp(f->stage, it->stage) != 0))
        return 0;
    if (f->reason != NULL && (it->reason == NULL || strcmp(f->reason, it->reason) != 0))
        return 0;
    if (f->doctor != NULL && strcasecmp(f->doctor, it->doctor_id) != 0)
        return 0;
    long long age = now - wa_dlq_item_time_ms(it);
    if (f->older_than_ms > 0 && age < f->older_than_ms)
        return 0;
    if (f->newer_than_ms > 0 && age > f->newer_than_ms)
        return 0;
    return 1;
}

cJSON *wa_dlq_replay_fields(const char *entry_json, const char *dlq_id, long long now)
{
    cJSON *orig = entry_json != NULL ? cJSON_Parse(entry_json) : NULL, *f;
    if (!cJSON_IsObject(orig) || cJSON_GetArraySize(orig) == 0) {
        cJSON_Delete(orig);
        return NULL;
    }
    cJSON *out = cJSON_CreateArray();
    char stamp[24];
    snprintf(stamp, sizeof(stamp), "%lld", now);
    if (out == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(f, orig)
    {
        const char *name = f->string, *value = cJSON_IsString(f) ? f->valuestring : NULL;
        if (value == NULL || strcmp(name, "throttles") == 0 || strcmp(name, "prepaid") == 0 ||
            strcmp(name, "replayed_from") == 0)
            continue;
        if (strcmp(name, "attempt") == 0)
            value = "0";
        else if (strcmp(name, "created_at") == 0)
            value = stamp;
        if (!cJSON_AddItemToArray(out, cJSON_CreateString(name)) ||
            !cJSON_AddItemToArray(out, cJSON_CreateString(value)))
            wa_fatal("out of memory");
    }
    cJSON_Delete(orig);
    if (cJSON_GetArraySize(out) == 0) {
        cJSON_Delete(out);
        return NULL;
    }
    if (!cJSON_AddItemToArray(out, cJSON_CreateString("replayed_from")) ||
        !cJSON_AddItemToArray(out, cJSON_CreateString(dlq_id)))
        wa_fatal("out of memory");
    return out;
}

static const char *field(const redisReply *fields, const char *name)
{
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element[i]->type == REDIS_REPLY_STRING && strcmp(fields->element[i]->str, name) == 0 &&
            fields->element[i + 1]->type == REDIS_REPLY_STRING)
            return fields->element[i + 1]->str;
    return NULL;
}

int wa_dlq_item_from(const redisReply *e, wa_dlq_item_t *it)
{
    memset(it, 0, sizeof(*it));
    if (e == NULL || e->type != REDIS_REPLY_ARRAY || e->elements != 2 || e->element[0]->type != REDIS_REPLY_STRING ||
        e->element[1]->type != REDIS_REPLY_ARRAY)
        return -1;
    const redisReply *f = e->element[1];
    it->id = e->element[0]->str;
    it->stage = field(f, "stage");
    it->reason = field(f, "reason");
    it->detail = field(f, "detail");
    it->error_code = field(f, "error_code");
    it->attempts = field(f, "attempts");
    it->failed_at = field(f, "failed_at");
    it->source_stream = field(f, "source_stream");
    it->source_id = field(f, "source_id");
    it->entry = field(f, "entry");
    cJSON *orig = it->entry != NULL ? cJSON_Parse(it->entry) : NULL;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(orig, "doctor_id");
    if (cJSON_IsString(d))
        snprintf(it->doctor_id, sizeof(it->doctor_id), "%s", d->valuestring);
    cJSON_Delete(orig);
    return 0;
}

/* Runs argv (NUL-terminated strings). Returns the reply, or NULL with errstr when the connection failed. */
static redisReply *run(redisContext *c, int argc, const char **argv, char *errstr, size_t errsz)
{
    size_t *lens = calloc((size_t)argc, sizeof(size_t));
    if (lens == NULL)
        wa_fatal("out of memory");
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    redisReply *r = c != NULL && !c->err ? redisCommandArgv(c, argc, argv, lens) : NULL;
    free(lens);
    if (r == NULL)
        snprintf(errstr, errsz, "%s", c != NULL && c->err ? c->errstr : "connection lost");
    return r;
}

/* The result of a reply that is NULL (unreachable) or an error (freed), with errstr. */
static wa_dlq_result_t failed(redisReply *r, char *errstr, size_t errsz)
{
    if (r == NULL)
        return WA_DLQ_UNREACHABLE;
    if (r->type == REDIS_REPLY_ERROR)
        snprintf(errstr, errsz, "%.*s", (int)r->len, r->str);
    else
        snprintf(errstr, errsz, "unexpected reply type %d", r->type);
    freeReplyObject(r);
    return WA_DLQ_ERROR;
}

long wa_dlq_scan(redisContext *c, const char *dlq_key, const char *before, const wa_dlq_filter_t *f, long limit,
                 long long now, wa_dlq_visit_cb cb, void *data, char *errstr, size_t errsz)
{
    char end[80] = "+", page[16];
    long visited = 0;
    if (before != NULL)
        snprintf(end, sizeof(end), "(%s", before);
    snprintf(page, sizeof(page), "%d", PAGE);
    for (;;) {
        const char *cmd[] = {"XREVRANGE", dlq_key, end, "-", "COUNT", page};
        redisReply *r = run(c, 6, cmd, errstr, errsz);
        if (r == NULL || r->type != REDIS_REPLY_ARRAY) {
            failed(r, errstr, errsz);
            return -2;
        }
        int stop = r->elements == 0;
        for (size_t i = 0; i < r->elements && !stop; i++) {
            wa_dlq_item_t it;
            if (wa_dlq_item_from(r->element[i], &it) != 0)
                continue;
            snprintf(end, sizeof(end), "(%s", it.id);
            if (!wa_dlq_match(f, &it, now))
                continue;
            int v = cb(&it, data);
            if (v < 0) {
                freeReplyObject(r);
                return -1;
            }
            visited++;
            if (v > 0 || (limit > 0 && visited >= limit))
                stop = 1;
        }
        if (r->elements < PAGE)
            stop = 1;
        freeReplyObject(r);
        if (stop)
            return visited;
    }
}

redisReply *wa_dlq_fetch(redisContext *c, const char *dlq_key, const char *id, wa_dlq_item_t *it,
                         wa_dlq_result_t *result, char *errstr, size_t errsz)
{
    const char *cmd[] = {"XRANGE", dlq_key, id, id};
    redisReply *r = run(c, 4, cmd, errstr, errsz);
    if (r == NULL || (r->type == REDIS_REPLY_ERROR && strstr(r->str, "Invalid stream ID") == NULL) ||
        (r->type != REDIS_REPLY_ARRAY && r->type != REDIS_REPLY_ERROR)) {
        *result = failed(r, errstr, errsz);
        return NULL;
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 1 || wa_dlq_item_from(r->element[0], it) != 0) {
        snprintf(errstr, errsz, "no dead letter %s", id);
        freeReplyObject(r);
        *result = WA_DLQ_GONE;
        return NULL;
    }
    *result = WA_DLQ_DONE;
    return r;
}

wa_dlq_result_t wa_dlq_replay(redisContext *c, const char *dlq_key, const char *const *streams, const wa_dlq_item_t *it,
                              long long now, char *new_id, size_t new_idsz, char *errstr, size_t errsz)
{
    int allowed = 0;
    new_id[0] = '\0';
    for (size_t i = 0; streams[i] != NULL && it->source_stream != NULL; i++)
        allowed |= strcmp(streams[i], it->source_stream) == 0;
    if (!allowed) {
        snprintf(errstr, errsz, "dead letter %s: source stream '%s' cannot be replayed to", it->id,
                 it->source_stream != NULL ? it->source_stream : "");
        return WA_DLQ_BAD_SOURCE;
    }
    cJSON *fields = wa_dlq_replay_fields(it->entry, it->id, now);
    if (fields == NULL) {
        snprintf(errstr, errsz, "dead letter %s: its entry is not a JSON object of fields", it->id);
        return WA_DLQ_BAD_ENTRY;
    }
    int nf = cJSON_GetArraySize(fields), k = 0;
    const char **argv = calloc((size_t)nf + 6, sizeof(char *));
    if (argv == NULL)
        wa_fatal("out of memory");
    argv[k++] = "EVAL", argv[k++] = replay_lua, argv[k++] = "2";
    argv[k++] = it->source_stream, argv[k++] = dlq_key, argv[k++] = it->id;
    const cJSON *v;
    cJSON_ArrayForEach(v, fields) argv[k++] = v->valuestring;
    redisReply *r = run(c, k, argv, errstr, errsz);
    free(argv);
    cJSON_Delete(fields);
    if (r == NULL || r->type == REDIS_REPLY_ERROR)
        return failed(r, errstr, errsz);
    wa_dlq_result_t res = WA_DLQ_GONE;
    if (r->type == REDIS_REPLY_STRING) {
        snprintf(new_id, new_idsz, "%s", r->str);
        res = WA_DLQ_DONE;
    }
    freeReplyObject(r);
    return res;
}

wa_dlq_result_t wa_dlq_purge(redisContext *c, const char *dlq_key, const char *id, char *errstr, size_t errsz)
{
    const char *cmd[] = {"XDEL", dlq_key, id};
    redisReply *r = run(c, 3, cmd, errstr, errsz);
    if (r == NULL || r->type != REDIS_REPLY_INTEGER)
        return failed(r, errstr, errsz);
    wa_dlq_result_t res = r->integer == 1 ? WA_DLQ_DONE : WA_DLQ_GONE;
    freeReplyObject(r);
    return res;
}
