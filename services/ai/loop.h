/*
 * The ai service's stream loop: a continuous pipeline instead of libwa's
 * batch consumer, so that many model calls are in flight at once and a slow
 * model never stalls intake. It keeps up to AI_MAX_INFLIGHT (default 512)
 * calls in flight, reads wa:ai entries (XREADGROUP group "ai", sent without
 * waiting: the reply is picked up when the reader's socket becomes readable,
 * in the same poll as the calls' transfers) whenever slots are free, and
 * acknowledges each entry as soon as its answer is in wa:out. Like libwa's
 * consumer it reclaims entries left pending longer than WA_CLAIM_IDLE_MS
 * (XAUTOCLAIM) and dead-letters those delivered WA_MAX_DELIVERIES times as
 * "poison"; it resets the idle time of its own entries in flight (XCLAIM
 * JUSTID) so that long retry waits are never reclaimed elsewhere. Readiness:
 * redis and group bits. On SIGTERM it stops reading, lets the calls in flight
 * finish for up to AI_DRAIN_MS (default 8000), then hands the rest back
 * (XCLAIM ... IDLE so that any consumer reclaims them at once). Metrics, the
 * series libwa's consumer exports for the other stages: the counters
 * wa_stream_entries_total{stage="ai",outcome}, the histogram
 * wa_stream_wait_seconds{stage="ai"} (XADD to the start of the work) and the
 * gauges wa_stream_pending, wa_stream_lag and wa_stream_length{stage="ai"},
 * refreshed every 5 s (XINFO GROUPS, XLEN).
 */
#ifndef ai__loop_h
#define ai__loop_h

#include "ai.h"
#include "wa/config.h"

typedef struct st_ai_loop_opts_t {
    long max_inflight; /* AI_MAX_INFLIGHT */
    long drain_ms;     /* AI_DRAIN_MS */
} ai_loop_opts_t;

/* Reads AI_MAX_INFLIGHT (1..100000, default 512) and AI_DRAIN_MS (0..600000, default 8000). Returns 0, or -1 with
 * a log line. */
int ai_loop_opts_load(ai_loop_opts_t *o);

/* Consumes `stream` (cfg->key_ai) in consumer group `group` ("ai") as cfg->consumer_name until wa_stop_requested()
 * and the drain is over. All arguments borrowed. Returns 0 on a clean stop. */
int ai_loop_run(const wa_config_t *cfg, const char *stream, const char *group, ai_service_t *s,
                const ai_loop_opts_t *opts);

#endif
