/*
 * The ai service as a driver of libwa's stage loop (wa/stage.h), which does the stream work: reading wa:ai (group
 * "ai") whenever slots are free, reclaiming and dead-lettering poison, touching the entries in flight so that long
 * retry waits are never reclaimed elsewhere, metrics (wa_stream_*{stage="ai"}), readiness, draining. The driver keeps
 * up to AI_MAX_INFLIGHT (default 512) model calls in flight (ai.c, calls.c) and waits in the call pipeline's poll,
 * which also watches the stage's reader socket. It takes at most AI_READ_MAX (default 32) entries per read: each entry
 * is prepared synchronously (a Redis check, the clinic, a history query) and no call of a read starts before the whole
 * read is prepared, so one read of 512 entries under a backlog held its first answer (and all its calls' memory) for
 * the whole read; smaller reads start their calls sooner and keep fewer in flight at once. Each entry is acknowledged
 * as soon as its answer is in wa:out. On SIGTERM the calls in flight get up to AI_DRAIN_MS (default 8000) to finish;
 * the rest are handed back (XCLAIM ... IDLE, outcome "handed_back") for any consumer to reclaim at once.
 */
#ifndef ai__loop_h
#define ai__loop_h

#include "ai.h"
#include "wa/config.h"

typedef struct st_ai_loop_opts_t {
    long max_inflight; /* AI_MAX_INFLIGHT */
    long read_max;     /* AI_READ_MAX: entries taken per read of wa:ai */
    long drain_ms;     /* AI_DRAIN_MS */
} ai_loop_opts_t;

/* Reads AI_MAX_INFLIGHT (1..100000, default 512), AI_READ_MAX (1..100000, default 32) and AI_DRAIN_MS (0..600000,
 * default 8000). Returns 0, or -1 with a log line. */
int ai_loop_opts_load(ai_loop_opts_t *o);

/* Consumes `stream` (cfg->key_ai) in consumer group `group` ("ai") as cfg->consumer_name until wa_stop_requested()
 * and the drain is over. All arguments borrowed. Returns 0 on a clean stop. */
int ai_loop_run(const wa_config_t *cfg, const char *stream, const char *group, ai_service_t *s,
                const ai_loop_opts_t *opts);

#endif
