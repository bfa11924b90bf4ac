/*
 * wa:retry (retry.h): backoff arithmetic, the member encoding, the ZADD, and
 * the mover thread that puts due members back on wa:out. A member that is not
 * a JSON object (written by hand) is moved to wa:dlq rather than lost.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/redis.h"
#include "retry.h"

void snd_retry_settings_load(snd_retry_settings_t *s, const wa_config_t *cfg)
{
    s->base_ms = cfg->sender_retry_base_ms;
    s->cap_ms = cfg->sender_retry_cap_ms;
    s->max_attempts = cfg->sender_max_attempts;
    s->max_age_ms = cfg->sender_max_age_ms;
    s->poll_ms = cfg->sender_retry_poll_ms;
    if (s->base_ms < 1)
        s->base_ms = 1;
    if (s->cap_ms < s->base_ms)
        s->cap_ms = s->base_ms;
    if (s->max_attempts < 1)
        s->max_attempts = 1;
    if (s->poll_ms < 10)
        s->poll_ms = 10;
}

long snd_retry_backoff_ms(const snd_retry_settings_t *s, long attempt, unsigned rnd)
{
    long d = s->base_ms;
    for (long i = 1; i < attempt && d < s->cap_ms; i++)
        d *= 2;
    if (d > s->cap_ms)
        d = s->cap_ms;
    long half = d / 2;
    long v = d - half + (half > 0 ? (long)(rnd % (unsigned long)(half + 1)) : 0);
    return v < 1 ? 1 : v;
}

long snd_retry_pair_delay_ms(long x)
{
    long d = 1000;
    for (long i = 0; i < x && d < 3600000; i++)
        d *= 4;
    return d > 3600000 ? 3600000 : d;
}

char *snd_retry_member(const wa_entry_t *e, long attempt, long throttles, int prepaid, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < e->nfields; i++) {
        char name[64];
        const wa_field_t *f = &e->fields[i];
        if (f->name_len >= sizeof(name))
            continue;
        memcpy(name, f->name, f->name_len);
        name[f->name_len] = '\0';
        if (strcmp(name, "attempt") == 0 || strcmp(name, "throttles") == 0 || strcmp(name, "prepaid") == 0 ||
            (message != NULL && strcmp(name, "message") == 0) ||
            cJSON_GetObjectItemCaseSensitive(o, name) != NULL)
            continue;
        char *v = wa_strndup(f->value != NULL ? f->value : "", f->value_len);
        cJSON_AddItemToObject(o, name, cJSON_CreateString(v));
        free(v);
    }
    char num[24];
    if (message != NULL)
        cJSON_AddItemToObject(o, "message", cJSON_CreateString(message));
    if (prepaid)
        cJSON_AddItemToObject(o, "prepaid", cJSON_CreateString("1"));
    snprintf(num, sizeof(num), "%ld", attempt);
    cJSON_AddItemToObject(o, "attempt", cJSON_CreateString(num));
    snprintf(num, sizeof(num), "%ld", throttles);
    cJSON_AddItemToObject(o, "throttles", cJSON_CreateString(num));
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

int snd_retry_schedule(redisContext *r, const wa_config_t *cfg, const char *member, long long due_ms,
                       int *conn_failed)
{
    char score[24];
    snprintf(score, sizeof(score), "%lld", due_ms);
    const char *argv[] = {"ZADD", cfg->key_retry, score, member};
    size_t lens[] = {4, strlen(cfg->key_retry), strlen(score), strlen(member)};
    redisReply *rep = wa_redis_cmd(r, 4, argv, lens);
    if (rep == NULL) {
        *conn_failed = 1;
        return -1;
    }
    int ok = rep->type == REDIS_REPLY_INTEGER;
    if (!ok)
        wa_warn("ZADD wa:retry failed", "error", rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
    freeReplyObject(rep);
    return ok ? 0 : -1;
}

/* KEYS[1] wa:retry, KEYS[2] wa:out, KEYS[3] wa:dlq; ARGV[1] limit. Due = score <= Redis' own clock, so replicas with
 * skewed clocks agree. Field order of a member is not kept (a JSON object); the consumer reads fields by name. */
static const char *move_lua =
    "local t = redis.call('TIME') "
    "local now = t[1] * 1000 + math.floor(t[2] / 1000) "
    "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1])) "
    "for _, m in ipairs(due) do "
    "  local ok, e = pcall(cjson.decode, m) "
    "  if ok and type(e) == 'table' then "
    "    local args = {} "
    "    for k, v in pairs(e) do args[#args + 1] = tostring(k); args[#args + 1] = tostring(v) end "
    "    if #args == 0 then args = {'bad', ''} end "
    "    redis.call('XADD', KEYS[2], '*', unpack(args)) "
    "  else "
    "    redis.call('XADD', KEYS[3], '*', 'stage', 'sender', 'reason', 'bad_retry_member', 'detail', "
    "      'a wa:retry member is not a JSON object', 'error_code', '', 'attempts', '0', 'failed_at', tostring(now), "
    "      'source_stream', KEYS[1], 'source_id', '', 'entry', m) "
    "  end "
    "  redis.call('ZREM', KEYS[1], m) "
    "end "
    "return #due";

long snd_retry_move_due(redisContext *r, const wa_config_t *cfg, long limit)
{
    char lim[24];
    snprintf(lim, sizeof(lim), "%ld", limit);
    const char *argv[] = {"EVAL", move_lua, "3", cfg->key_retry, cfg->key_out, cfg->key_dlq, lim};
    size_t lens[7];
    for (int i = 0; i < 7; i++)
        lens[i] = strlen(argv[i]);
    redisReply *rep = wa_redis_cmd(r, 7, argv, lens);
    if (rep == NULL)
        return -2;
    long n = rep->type == REDIS_REPLY_INTEGER ? (long)rep->integer : -1;
    if (n < 0)
        wa_warn("moving due wa:retry members failed", "error",
                rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
    freeReplyObject(rep);
    return n;
}

struct st_snd_retry_mover_t {
    const wa_config_t *cfg;
    snd_retry_settings_t s;
    pthread_t thread;
    atomic_int stop;
};

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void *mover_main(void *arg)
{
    snd_retry_mover_t *m = arg;
    redisContext *r = NULL;
    long backoff = m->s.poll_ms;
    while (!atomic_load(&m->stop) && !wa_stop_requested()) {
        if (r == NULL && (r = wa_redis_connect(m->cfg->redis_url, 3000)) == NULL) {
            nap_ms(backoff);
            backoff = backoff < 2000 ? backoff * 2 : 2000;
            continue;
        }
        backoff = m->s.poll_ms;
        long n = snd_retry_move_due(r, m->cfg, 500);
        if (n == -2) {
            redisFree(r);
            r = NULL;
            continue;
        }
        if (n > 0) {
            char moved[24];
            snprintf(moved, sizeof(moved), "%ld", n);
            wa_debug("moved due retries back to wa:out", "count", moved);
        }
        if (n < 500) /* a full batch: more may be due, go again at once */
            nap_ms(m->s.poll_ms);
    }
    if (r != NULL)
        redisFree(r);
    return NULL;
}

snd_retry_mover_t *snd_retry_mover_start(const wa_config_t *cfg, const snd_retry_settings_t *s)
{
    snd_retry_mover_t *m = wa_calloc(1, sizeof(*m));
    m->cfg = cfg;
    m->s = *s;
    if (pthread_create(&m->thread, NULL, mover_main, m) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

void snd_retry_mover_stop(snd_retry_mover_t *m)
{
    if (m == NULL)
        return;
    atomic_store(&m->stop, 1);
    pthread_join(m->thread, NULL);
    free(m);
}
