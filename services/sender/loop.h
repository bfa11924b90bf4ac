/*
 * The sender's continuous stream loop (SENDER_LOOP=continuous, the default):
 * instead of libwa's batch consumer, which waits for the slowest Graph call
 * of a batch before reading again, it keeps up to SENDER_MAX_INFLIGHT
 * (default 256) entries under way. An XREADGROUP (group "sender") is sent
 * without waiting whenever slots are free; its reply is taken when the
 * reader's socket becomes readable, in the same curl_multi_poll as the Graph
 * transfers (multi.h). The entries of one reply (at most SENDER_GROUP_MAX,
 * default 64) form a group that goes through the stage's phases (sender.h:
 * its Redis and PostgreSQL steps pipelined per group); each group is
 * acknowledged (XACK, or wa:dlq then XACK; RETRY stays pending) as soon as
 * its own calls are answered, whatever the other groups do. Like libwa's
 * consumer it reclaims entries idle past WA_CLAIM_IDLE_MS (XAUTOCLAIM) and
 * dead-letters those delivered WA_MAX_DELIVERIES times as "poison"; it resets
 * the idle time of its own entries under way (XCLAIM JUSTID) so that they are
 * never reclaimed elsewhere; it pings PostgreSQL once per turn (at most once a
 * second) for readiness. It exports what libwa's consumer does for its stage
 * (wa_stream_entries_total, wa_stream_wait_seconds, wa_stream_batch_seconds per
 * group, wa_stream_pending/lag/length). On SIGTERM it stops reading, lets the calls under
 * way finish for up to SENDER_DRAIN_MS (default 8000), then settles the
 * rest as calls that timed out (lease dropped, resend scheduled in wa:retry
 * with its backoff, entry acknowledged); only what cannot be settled (Redis
 * gone) is handed back (XCLAIM ... IDLE, for any consumer to reclaim at once).
 */
#ifndef snd__loop_h
#define snd__loop_h

#include "sender.h"
#include "wa/config.h"
#include "wa/pg.h"

typedef struct st_snd_loop_opts_t {
    long max_inflight; /* SENDER_MAX_INFLIGHT */
    long group_max;    /* SENDER_GROUP_MAX */
    long drain_ms;     /* SENDER_DRAIN_MS */
} snd_loop_opts_t;

/* Reads SENDER_MAX_INFLIGHT (1..100000, default 256), SENDER_GROUP_MAX (1..1000, default 64) and SENDER_DRAIN_MS
 * (0..600000, default 8000). Returns 0, or -1 with a log line. */
int snd_loop_opts_load(snd_loop_opts_t *o);

/* Consumes `stream` (cfg->key_out) in consumer group `group` ("sender") as cfg->consumer_name until
 * wa_stop_requested() and the drain is over. All arguments borrowed. Returns 0 on a clean stop. */
int snd_loop_run(const wa_config_t *cfg, const char *stream, const char *group, snd_sender_t *s, wa_pg_t *pg,
                 const snd_loop_opts_t *opts);

#endif
