/*
 * The sender as a driver of libwa's stage loop (wa/stage.h), which does the stream work: reading wa:out (group
 * "sender") whenever slots are free, reclaiming and dead-lettering poison, touching the entries under way, metrics
 * (wa_stream_*{stage="sender"}, wa_stream_batch_seconds per group), readiness, draining. The driver keeps up to
 * SENDER_MAX_INFLIGHT (default 256) entries under way: the entries of one read (at most SENDER_GROUP_MAX, default
 * 64) or reclaim pass form a group that goes through the stage's phases (sender.h: its Redis and PostgreSQL steps
 * pipelined per group); its Graph calls run on libwa's HTTP client (wa/http.h; gauges wa_sender_inflight and
 * wa_sender_inflight_peak), whose poll also watches the stage's reader socket; each group is settled as soon as its
 * own calls are answered, whatever the other groups do. It pings PostgreSQL once per turn (at most once a second) for
 * readiness. On SIGTERM the calls under way get up to SENDER_DRAIN_MS (default 8000); then the rest are settled as
 * calls that timed out (lease dropped, resend scheduled in wa:retry with its backoff, entry acknowledged); only what
 * cannot be settled (Redis gone) is handed back (XCLAIM ... IDLE, for any consumer to reclaim at once).
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
