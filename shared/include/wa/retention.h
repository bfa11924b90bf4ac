/*
 * Bounded streams: the periodic trim that keeps Redis from growing without
 * bound (ARCHITECTURE.md, WA_STREAM_RETENTION_MS and the *_MAXLEN limits).
 *
 * wa:in, wa:ai and wa:out keep their entries for WA_STREAM_RETENTION_MS and
 * are trimmed with XTRIM MINID at the oldest id any consumer group still
 * needs: never past the oldest pending entry (delivered, not acknowledged)
 * nor past the last id delivered to a group (what follows was not read yet).
 * A stream without any group is not trimmed at all. wa:dlq, wa:unrouted and
 * wa:sandbox keep at most WA_DLQ_MAXLEN, WA_UNROUTED_MAXLEN and
 * WA_SANDBOX_MAXLEN entries (XTRIM MAXLEN, oldest first); 0 means no limit.
 *
 * Who trims: every stream loop (router, ai, sender, any number of replicas)
 * calls wa_retention_tick once per turn. One Lua script does the whole pass
 * atomically and records it in the key <prefix>trim (expires after
 * WA_TRIM_INTERVAL_MS), so the six streams are trimmed once per interval
 * whatever the number of replicas; every caller still gets the lengths, so
 * each replica's gauges stay current. XTRIM is not refused by a full Redis
 * (noeviction): the pass frees memory when it is most needed.
 *
 * Metrics (per stream key): wa_stream_entries (length), wa_stream_limit (the
 * MAXLEN, 0 for time-retained streams), wa_stream_trimmed_total. A capped
 * stream at 90 % of its limit or more logs a warning (at most once per five
 * minutes per stream and process): older entries are about to be dropped.
 */
#ifndef wa__retention_h
#define wa__retention_h

#include <hiredis/hiredis.h>
#include "wa/config.h"

typedef struct st_wa_retention_t wa_retention_t;

/* The number of streams a pass looks at: wa:in, wa:ai, wa:out, then wa:dlq, wa:unrouted, wa:sandbox. */
#define WA_RETENTION_STREAMS 6
/* A capped stream at this share of its limit (in percent) or more is reported. */
#define WA_RETENTION_WARN_PERCENT 90

/* Creates the trimmer for cfg's streams and limits (borrowed: cfg must outlive it) and registers its metrics. The
 * first tick runs a pass at once. */
wa_retention_t *wa_retention_create(const wa_config_t *cfg);
/* NULL is a no-op. */
void wa_retention_destroy(wa_retention_t *t);

/* Runs a pass on r when this process's interval (cfg->trim_interval_ms) has elapsed; otherwise returns at once.
 * Returns 1 when a pass ran and trimmed (this caller held the interval), 0 when nothing was due or another
 * replica trimmed within the interval, -1 when the connection failed (c->err set: the caller reconnects) or
 * Redis refused the script (logged). */
int wa_retention_tick(wa_retention_t *t, redisContext *r);

/* One pass now, ignoring this process's interval (the shared one in Redis still applies). Same returns. */
int wa_retention_run(wa_retention_t *t, redisContext *r);

/* Whether a capped stream with `length` entries is near its `limit` (>= WA_RETENTION_WARN_PERCENT %; never for
 * limit 0, which means no limit). Pure: the unit tests call it. */
int wa_retention_near_limit(long long length, long long limit);

#endif
