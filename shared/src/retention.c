/*
 * Bounded streams (wa/retention.h): one Lua script trims the three pipeline
 * streams by age, never past what a consumer group still needs, and the
 * three record streams by length, once per WA_TRIM_INTERVAL_MS across every
 * replica; this file runs it from the stream loops, exports the lengths and
 * warns when a capped stream nears its limit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "wa/retention.h"

#define WARN_EVERY_MS (5 * 60 * 1000)

/*
 * KEYS[1] the interval marker; KEYS[2..4] the time-retained streams; KEYS[5..7] the capped streams.
 * ARGV[1] the interval (ms), ARGV[2] the retention (ms, 0: keep everything), ARGV[3..5] the caps (0: no cap).
 * Returns {trimmed here (0/1), then per stream: length after the pass, entries trimmed}.
 *
 * Stream ids are compared as (ms, seq) decimal strings, without converting them to Lua numbers (a seq may exceed
 * 2^53). The cut for a time-retained stream is the smallest of: now - retention (Redis' own clock, TIME), the
 * first entry after each group's last-delivered-id (entries after it were never read by that group), and each
 * group's oldest pending entry; XTRIM MINID drops only entries below it. No group at all: nothing is trimmed (the
 * first consumer creates its group from the start of the stream and must find every entry).
 *
 * Written so a Redis at maxmemory with noeviction still runs it: reads first, then XTRIM (not refused when memory
 * is full), and the SET of the marker only after the first write, which Redis then no longer refuses.
 */
static const char trim_lua[] =
    "local function split(id)\n"
    "  local ms, seq = string.match(id, '^(%d+)%-(%d+)$')\n"
    "  return ms, seq\n"
    "end\n"
    "local function numlt(a, b)\n"
    "  if #a ~= #b then return #a < #b end\n"
    "  return a < b\n"
    "end\n"
    "local function idlt(a, b)\n"
    "  local am, as = split(a)\n"
    "  local bm, bs = split(b)\n"
    "  if am ~= bm then return numlt(am, bm) end\n"
    "  return numlt(as, bs)\n"
    "end\n"
    "local function after(id)\n" /* the smallest id greater than id, as a decimal string increment of seq */
    "  local ms, seq = split(id)\n"
    "  local digits, i, carry = {}, #seq, 1\n"
    "  while i >= 1 do\n"
    "    local d = string.byte(seq, i) - 48 + carry\n"
    "    carry = d >= 10 and 1 or 0\n"
    "    digits[i] = string.char(48 + d % 10)\n"
    "    i = i - 1\n"
    "  end\n"
    "  local s = table.concat(digits)\n"
    "  if carry == 1 then s = '1' .. s end\n"
    "  return ms .. '-' .. s\n"
    "end\n"
    "local function field(flat, name)\n"
    "  for i = 1, #flat, 2 do if flat[i] == name then return flat[i + 1] end end\n"
    "  return nil\n"
    "end\n"
    "local due = redis.call('EXISTS', KEYS[1]) == 0\n"
    "local out = {due and 1 or 0}\n"
    "local retention = tonumber(ARGV[2])\n"
    "local t = redis.call('TIME')\n"
    "local cut = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - retention\n"
    "if cut < 0 then cut = 0 end\n"
    "cut = string.format('%.0f-0', cut)\n"
    "for i = 2, 4 do\n"
    "  local n = 0\n"
    "  if due and retention > 0 and redis.call('EXISTS', KEYS[i]) == 1 then\n"
    "    local minid = cut\n"
    "    local groups = redis.call('XINFO', 'GROUPS', KEYS[i])\n"
    "    if #groups == 0 then minid = nil end\n"
    "    for _, g in ipairs(groups) do\n"
    "      local last = field(g, 'last-delivered-id')\n"
    "      if minid and last then\n"
    "        local next = after(last)\n"
    "        if idlt(next, minid) then minid = next end\n"
    "      end\n"
    "      local p = redis.call('XPENDING', KEYS[i], field(g, 'name'))\n"
    "      if minid and p[1] > 0 and p[2] and idlt(p[2], minid) then minid = p[2] end\n"
    "    end\n"
    "    if minid and minid ~= '0-0' then n = redis.call('XTRIM', KEYS[i], 'MINID', minid) end\n"
    "  end\n"
    "  out[#out + 1] = redis.call('XLEN', KEYS[i])\n"
    "  out[#out + 1] = n\n"
    "end\n"
    "for i = 5, 7 do\n"
    "  local n = 0\n"
    "  local cap = tonumber(ARGV[i - 2])\n"
    "  if due and cap > 0 then n = redis.call('XTRIM', KEYS[i], 'MAXLEN', cap) end\n"
    "  out[#out + 1] = redis.call('XLEN', KEYS[i])\n"
    "  out[#out + 1] = n\n"
    "end\n"
    "if due then redis.pcall('SET', KEYS[1], '1', 'PX', ARGV[1]) end\n" /* refused only if nothing was written */
    "return out\n";

typedef struct st_stream_state_t {
    const char *key;
    long long limit; /* 0: no length limit (time-retained, or an uncapped record stream) */
    wa_metric_t *entries, *limit_gauge, *trimmed;
    long long next_warn_ms;
} stream_state_t;

struct st_wa_retention_t {
    const wa_config_t *cfg;
    char marker[WA_KEY_MAX];
    stream_state_t s[WA_RETENTION_STREAMS];
    long long next_ms; /* monotonic: when this process next runs a pass */
};

int wa_retention_near_limit(long long length, long long limit)
{
    return limit > 0 && length * 100 >= limit * WA_RETENTION_WARN_PERCENT;
}

wa_retention_t *wa_retention_create(const wa_config_t *cfg)
{
    wa_retention_t *t = wa_calloc(1, sizeof(*t));
    t->cfg = cfg;
    wa_config_key(cfg, t->marker, sizeof(t->marker), "trim", NULL);
    const char *keys[WA_RETENTION_STREAMS] = {cfg->key_in,  cfg->key_ai,       cfg->key_out,
                                              cfg->key_dlq, cfg->key_unrouted, cfg->key_sandbox};
    const long long limits[WA_RETENTION_STREAMS] = {
        0, 0, 0, cfg->dlq_maxlen, cfg->unrouted_maxlen, cfg->sandbox_maxlen};
    for (int i = 0; i < WA_RETENTION_STREAMS; i++) {
        stream_state_t *s = &t->s[i];
        char labels[WA_KEY_MAX + 16];
        snprintf(labels, sizeof(labels), "stream=\"%s\"", keys[i]);
        s->key = keys[i];
        s->limit = limits[i];
        s->entries = wa_metric(WA_METRIC_GAUGE, "wa_stream_entries", labels,
                               "Entries in the stream after the last retention pass");
        s->limit_gauge = wa_metric(WA_METRIC_GAUGE, "wa_stream_limit", labels,
                                   "The most entries the stream keeps (0: bounded by WA_STREAM_RETENTION_MS instead)");
        s->trimmed = wa_metric(WA_METRIC_COUNTER, "wa_stream_trimmed_total", labels,
                               "Entries this process's retention passes removed from the stream");
        wa_metric_set(s->limit_gauge, s->limit);
    }
    return t;
}

void wa_retention_destroy(wa_retention_t *t)
{
    free(t);
}

/* Updates the gauges of stream i from the pass's figures, and warns when a capped stream nears its limit. */
static void account(wa_retention_t *t, int i, long long length, long long trimmed, long long now_ms)
{
    stream_state_t *s = &t->s[i];
    wa_metric_set(s->entries, length);
    if (trimmed > 0)
        wa_metric_add(s->trimmed, trimmed);
    if (!wa_retention_near_limit(length, s->limit) || now_ms < s->next_warn_ms)
        return;
    s->next_warn_ms = now_ms + WARN_EVERY_MS;
    char len[24], lim[24], cut[24];
    snprintf(len, sizeof(len), "%lld", length);
    snprintf(lim, sizeof(lim), "%lld", s->limit);
    snprintf(cut, sizeof(cut), "%lld", trimmed);
    wa_warn("stream near its length limit: the oldest entries are being dropped (inspect or raise the limit)", "stream",
            s->key, "length", len, "limit", lim, "trimmed", cut);
}

int wa_retention_run(wa_retention_t *t, redisContext *r)
{
    const wa_config_t *cfg = t->cfg;
    char interval[24], retention[24], caps[3][24];
    snprintf(interval, sizeof(interval), "%d", cfg->trim_interval_ms);
    snprintf(retention, sizeof(retention), "%lld", cfg->stream_retention_ms);
    for (int i = 0; i < 3; i++)
        snprintf(caps[i], sizeof(caps[i]), "%lld", t->s[3 + i].limit);
    const char *argv[] = {"EVAL",      trim_lua,    "7",         t->marker,   t->s[0].key,
                          t->s[1].key, t->s[2].key, t->s[3].key, t->s[4].key, t->s[5].key,
                          interval,    retention,   caps[0],     caps[1],     caps[2]};
    redisReply *rep = wa_redis_cmd(r, (int)(sizeof(argv) / sizeof(argv[0])), argv, NULL);
    if (rep == NULL)
        return -1;
    int ok = rep->type == REDIS_REPLY_ARRAY && rep->elements == 1 + 2 * WA_RETENTION_STREAMS;
    for (size_t k = 0; ok && k < rep->elements; k++)
        ok = rep->element[k]->type == REDIS_REPLY_INTEGER;
    int rc = -1;
    if (ok) {
        long long now = wa_mono_ms();
        for (int i = 0; i < WA_RETENTION_STREAMS; i++)
            account(t, i, rep->element[1 + 2 * i]->integer, rep->element[2 + 2 * i]->integer, now);
        rc = rep->element[0]->integer != 0 ? 1 : 0;
    } else {
        wa_warn("stream retention pass failed", "error",
                rep->type == REDIS_REPLY_ERROR ? rep->str : "unexpected reply");
    }
    freeReplyObject(rep);
    return rc;
}

int wa_retention_tick(wa_retention_t *t, redisContext *r)
{
    long long now = wa_mono_ms();
    if (now < t->next_ms)
        return 0;
    t->next_ms = now + t->cfg->trim_interval_ms;
    return wa_retention_run(t, r);
}
