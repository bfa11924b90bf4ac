/*
 * The stream primitives of libwa that the stage loop (wa/stage.h) is built of, and its batch form. Primitives:
 * stop signals, entry parsing from replies, the wa:dlq writer, one reclaim pass (XAUTOCLAIM; entries delivered
 * WA_MAX_DELIVERIES times go to wa:dlq as "poison"), the non-blocking XREADGROUP, XCLAIM JUSTID and the per-stage
 * metrics. Batch form (wa_consumer_*, used by the router): the stage loop with a driver that hands each read (at
 * most WA_BATCH_SIZE entries) or reclaim pass to one callback and acknowledges each entry (XACK) according to the
 * outcome the callback set; it returns when wa_stop_requested() turns true, after finishing the batch in hand.
 *
 * Delivery contract: an entry is acknowledged only after the callback
 * returned; the callback must make its side effects durable before
 * returning. A callback outcome of WA_ENTRY_RETRY leaves the entry pending,
 * to be delivered again after the idle threshold (here or elsewhere).
 */
#ifndef wa__consumer_h
#define wa__consumer_h

#include <hiredis/hiredis.h>
#include "wa/config.h"
#include "wa/entry.h"
#include "wa/ops.h"

typedef enum en_wa_outcome_t {
    WA_ENTRY_ACK = 0, /* done: acknowledge */
    WA_ENTRY_RETRY,   /* transient failure: leave pending, redelivered later */
    WA_ENTRY_DLQ      /* permanent failure: write wa:dlq with reason/detail, then acknowledge */
} wa_outcome_t;

typedef struct st_wa_result_t {
    wa_outcome_t outcome;  /* initialised to WA_ENTRY_ACK */
    char reason[48];       /* short machine word for wa:dlq, e.g. "bad_json" */
    char detail[512];      /* human text; never a secret, never the message body */
    char error_code[24];   /* Graph/Gemini code, if any */
    /* WA_ENTRY_ACK only: the driver acknowledged the entry itself, its XACK in one MULTI/EXEC with its side effects
     * (the ai's answer): settled as an ack without another XACK */
    int acked;
} wa_result_t;

typedef struct st_wa_consumer_t wa_consumer_t;

/* Called with a batch of entries; results[i] is pre-set to ACK. Entries and their fields are valid only during the
 * call. The callback may use wa_consumer_redis() for its own synchronous side effects (XADD...). */
typedef void (*wa_consumer_batch_cb)(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n,
                                     void *data);

/* Creates a consumer for `stream` in `group`; `stage` names the service in wa:dlq entries. Nothing is connected
 * until wa_consumer_run. cfg is borrowed and must outlive the consumer. */
wa_consumer_t *wa_consumer_create(const wa_config_t *cfg, const char *stream, const char *group, const char *stage);
/* NULL is a no-op. */
void wa_consumer_destroy(wa_consumer_t *c);

/* Runs the loop until wa_stop_requested(). Returns 0 on a clean stop. */
int wa_consumer_run(wa_consumer_t *c, wa_consumer_batch_cb cb, void *data);
/* The per-stage series the stage loop exports: wa_stream_wait_seconds (XADD to processing) and
 * wa_stream_batch_seconds histograms, and the wa_stream_pending / lag / length gauges of the stage's group and
 * stream. */
typedef struct st_wa_stage_metrics_t {
    wa_metric_t *wait, *batch, *pending, *lag, *length; /* batch is NULL when registered without it */
} wa_stage_metrics_t;
/* Registers the series of `stage`; with_batch 0 leaves out wa_stream_batch_seconds (a loop without batches). */
void wa_stage_metrics_init(wa_stage_metrics_t *m, const char *stage, int with_batch);
/* Observes how long the entry `entry_id` waited in its stream before now_ms (an id starts with its XADD time). */
void wa_stage_metrics_waited(wa_stage_metrics_t *m, const char *entry_id, long long now_ms);
/* Refreshes pending and lag (XINFO GROUPS, for `group`) and length (XLEN) on r. Best effort: a failure leaves
 * the gauges stale (the caller's next command notices a lost connection). */
void wa_stage_metrics_refresh(wa_stage_metrics_t *m, redisContext *r, const char *stream, const char *group);

/* From an extended XPENDING reply (id, consumer, idle, deliveries per entry): how often `id` was delivered,
 * 1 when it is not listed. */
long wa_pending_deliveries(const redisReply *xpending, const char *id);

/* Fills e from one [id, [field, value, ...]] element of an XREADGROUP/XAUTOCLAIM reply (deliveries 1); the
 * strings are borrowed from the reply. Returns 0, or -1 when the element is not an entry (deleted meanwhile). */
int wa_entry_from_reply(const char *stream, const redisReply *el, wa_entry_t *e);

/* For continuous loops: sends XREADGROUP (COUNT count, BLOCK cfg->block_ms, new entries) on `reader` without
 * waiting for the reply, which the caller reads when the socket is readable. Returns 0, or -1 on a write error. */
int wa_stream_read_send(redisContext *reader, const wa_config_t *cfg, const char *stream, const char *group,
                        long count);

/* XCLAIMs ids[0..n) to cfg->consumer_name with JUSTID (the delivery count stays), setting their idle time to
 * idle_ms (< 0: to zero): how a continuous loop keeps its own in-flight entries from looking abandoned, and how it
 * hands them back at once. Returns 0 (an error reply is logged), or -1 when the connection failed. */
int wa_stream_xclaim_ids(redisContext *r, const wa_config_t *cfg, const char *stream, const char *group,
                         const char **ids, size_t n, long idle_ms);

/* One reclaim pass, shared by every stream loop: XAUTOCLAIMs for cfg->consumer_name at most `count` entries of
 * `group` idle past cfg->claim_idle_ms, from `cursor` on (updated; "0-0" when the scan is complete). Skips the
 * entries mine(data, id) says are still under way in this process (mine may be NULL). Gives each other claimed
 * entry its delivery count (XPENDING), counts it in `claimed`, dead-letters and acknowledges it as "poison" when
 * it was already delivered cfg->max_deliveries times (counted in `poison`), else hands it to take(data, e); then
 * calls flush(data) if set. The entries' strings live until flush returns. Returns the number handed to take, or -1 when the connection
 * failed; a NOGROUP error reply sets *nogroup (may be NULL). */
typedef struct st_wa_reclaim_t {
    const wa_config_t *cfg;
    const char *stream, *group, *stage;
    wa_metric_t *claimed, *poison;
    int (*mine)(void *data, const char *id);
    void (*take)(void *data, wa_entry_t *e);
    void (*flush)(void *data); /* may be NULL */
    void *data;
} wa_reclaim_t;
long wa_stream_reclaim(redisContext *r, const wa_reclaim_t *how, char *cursor, size_t cursorsz, long count,
                       int *nogroup);

/* Installs fn(data), called once per loop turn after the read (entries or not): for light periodic work such as
 * wa_pg_ping, so that readiness follows a dependency even while no entries come. */
void wa_consumer_on_turn(wa_consumer_t *c, void (*fn)(void *data), void *data);

/* The stage's command connection (wa_conn_redis of wa_stage_conn), connected; NULL while Redis is unreachable or
 * broken (then return WA_ENTRY_RETRY). Borrowed: valid until the callback returns. If a command on it fails with a
 * connection error, call wa_consumer_redis_failed() (wa_conn_fail) so the loop reconnects. */
redisContext *wa_consumer_redis(wa_consumer_t *c);
void wa_consumer_redis_failed(wa_consumer_t *c);

/* Writes one wa:dlq entry (fields of ARCHITECTURE.md) for `e` directly; used by the loop for poison and by
 * services that dead-letter one part of an entry. Returns 0 or -1 (Redis failure). */
int wa_dlq_write(redisContext *r, const wa_config_t *cfg, const char *stage, const wa_entry_t *e, const char *reason,
                 const char *detail, const char *error_code, long attempts);

/* Helper for callbacks: sets outcome DLQ with reason and printf-style detail. */
void wa_result_dlq(wa_result_t *r, const char *reason, const char *error_code, const char *fmt, ...);

/* SIGTERM/SIGINT handling: wa_stop_install() sets handlers (and ignores SIGPIPE); wa_stop_requested() is true after
 * a signal or wa_stop_request(). */
void wa_stop_install(void);
int wa_stop_requested(void);
void wa_stop_request(void);

#endif
