/*
 * The stage loop of libwa: the one continuous stream consumer every stage runs (router on wa:in, ai on wa:ai,
 * sender on wa:out), with the work itself left to a small driver. It connects two Redis connections (a reader for
 * XREADGROUP, sent without waiting for the reply; a command connection for everything else), creates the consumer
 * group (from the start of the stream, MKSTREAM), reads new entries whenever the driver has free slots, reclaims
 * entries left pending longer than WA_CLAIM_IDLE_MS by any consumer (XAUTOCLAIM; those delivered WA_MAX_DELIVERIES
 * times go to wa:dlq as "poison"), keeps the driver's own entries under way from looking abandoned (XCLAIM JUSTID
 * every WA_CLAIM_IDLE_MS/4), exports the per-stage series (wa_stream_entries_total{stage,outcome},
 * wa_stream_wait_seconds, wa_stream_batch_seconds when the driver has batches, wa_stream_pending/lag/length every
 * 5 s), runs the stream retention tick (wa/retention.h), the driver's per-turn hook, and sets the readiness bits
 * WA_READY_REDIS and WA_READY_GROUP. A lost connection drops both and the loop reconnects with backoff while the
 * driver's work goes on; an entry whose outcome cannot be written stays pending and is redelivered, so a lost
 * connection never loses an entry. On SIGTERM (wa_stop_requested) it stops reading, lets the driver finish for up to
 * drain_ms, then asks the driver to settle what it can (expire) and hands the rest back (XCLAIM ... IDLE, so that any
 * consumer reclaims it at once; counted as outcome "handed_back").
 *
 * Also here: wa_conn_t, the one Redis connection type of the stage loop, with a sticky error the way hiredis keeps
 * err/errstr in its redisContext: the first failure is recorded and every later use sees it until the loop
 * reconnects. A driver that finds the connection broken says so with wa_conn_fail and nothing else.
 *
 * Single-threaded: the driver's callbacks run on the loop's thread.
 */
#ifndef wa__stage_h
#define wa__stage_h

#include <stddef.h>

#include <hiredis/hiredis.h>

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/entry.h"

typedef struct st_wa_conn_t {
    redisContext *rc; /* NULL while not connected; owned */
    int err;          /* 0 while usable; sticky otherwise (until wa_conn_close) */
    char errstr[128]; /* why, for logs */
    unsigned long gen; /* set by wa_conn_open: no earlier connection of the process had it (what a script loaded
                          on this session, e.g. SCRIPT LOAD, is known by) */
} wa_conn_t;

/* Connects to `url` (command timeout timeout_ms, 0 = none). Returns 0, or -1 with err/errstr set. */
int wa_conn_open(wa_conn_t *c, const char *url, int timeout_ms);
/* Frees the connection and clears the error. Safe on a closed one. */
void wa_conn_close(wa_conn_t *c);
/* 1 while connected without error (a hiredis error found on rc is copied into err first). */
int wa_conn_ok(wa_conn_t *c);
/* The hiredis context while wa_conn_ok, else NULL (borrowed). */
redisContext *wa_conn_redis(wa_conn_t *c);
/* Records that the connection broke (the first reason sticks); the stage loop reconnects after this turn. */
void wa_conn_fail(wa_conn_t *c, const char *why);
/* Runs one command (wa_redis_cmd). Returns the reply (caller frees), or NULL with the error recorded. An error
 * reply is a reply, not a broken connection. */
redisReply *wa_conn_cmd(wa_conn_t *c, int argc, const char **argv, const size_t *argvlen);

typedef struct st_wa_stage_t wa_stage_t;

/* What a stage does with its entries. Every callback gets `data`. take is required, the rest may be NULL. */
typedef struct st_wa_stage_driver_t {
    long max_inflight; /* entries under way at most (free slots = max_inflight - live) */
    long read_max;     /* entries asked for per read; 0: as many as there are free slots */
    long drain_ms;     /* how long a stop waits for the entries under way */
    int with_batch;    /* 1: the driver reports batch times (wa_stream_batch_seconds) through wa_stage_settle */
    /* Starts the work on entries[0..n) (from one read or one reclaim pass; entries and their fields are valid only
     * during the call: copy what outlives it; their wait is observed before the call). Each entry is settled exactly
     * once through wa_stage_settle, during this call or later. */
    void (*take)(wa_stage_t *st, wa_entry_t *entries, size_t n, void *data);
    /* Entries taken and not yet settled; NULL: always 0 (the driver settles within take). */
    size_t (*live)(void *data);
    /* 1 when entry `id` is under way here (a reclaim pass then skips it). */
    int (*has)(void *data, const char *id);
    /* Up to `max` ids of entries under way whose pending idle time was last reset at or before `before`
     * (wa_mono_ms), marking them reset at `now`; strings valid while the entries live. Each call must make
     * progress: the loop calls again until it returns 0. */
    size_t (*stale_ids)(void *data, long long before, long long now, const char **ids, size_t max);
    /* Waits up to wait_ms for the driver's own work (its sockets, its timers) or for fd (>= 0) to become readable,
     * and settles what finished. Returns 1 when fd is readable. NULL: the loop polls fd itself. */
    int (*poll)(wa_stage_t *st, long wait_ms, int fd, void *data);
    /* The drain ran out: settle now what can be settled without waiting (may be NULL). */
    void (*expire)(wa_stage_t *st, void *data);
    /* After the hand-back: forget every entry still under way, unsettled (may be NULL when live is). */
    void (*drop)(void *data);
    /* Once per loop turn, for light periodic work such as wa_pg_ping (may be NULL). */
    void (*turn)(void *data);
    void *data;
} wa_stage_driver_t;

/* A stage reading `stream` in `group` as cfg->consumer_name; `stage` names it in metrics and wa:dlq. cfg and driver
 * are borrowed and must outlive the stage. Nothing is connected until wa_stage_run. */
wa_stage_t *wa_stage_create(const wa_config_t *cfg, const char *stream, const char *group, const char *stage,
                            const wa_stage_driver_t *driver);
/* NULL is a no-op. */
void wa_stage_destroy(wa_stage_t *st);

/* Runs until wa_stop_requested() and the drain is over. Returns 0 on a clean stop. */
int wa_stage_run(wa_stage_t *st);

/* The command connection (borrowed): for the driver's own side effects (XADD ...). */
wa_conn_t *wa_stage_conn(wa_stage_t *st);

/* Settles entries[0..n) by results[i]: ACK acknowledges (XACK), DLQ writes wa:dlq then acknowledges, RETRY (or no
 * connection) leaves the entry pending; counted in wa_stream_entries_total. started_ms (wa_mono_ms, > 0) observes
 * the batch time when the driver has batches. A failure leaves entries pending (redelivered later). */
void wa_stage_settle(wa_stage_t *st, const wa_entry_t *entries, const wa_result_t *results, size_t n,
                     long long started_ms);
#endif
