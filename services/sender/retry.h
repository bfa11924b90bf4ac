/*
 * Delayed resends through wa:retry (ARCHITECTURE.md): a sorted set whose
 * members are wa:out entries serialized as JSON objects (every field of the
 * entry, with `attempt` and `throttles` updated) and whose scores are the
 * unix ms before which they must not be sent. The sender acknowledges an entry
 * once it is scheduled here; the mover (a thread of the sender with its own
 * Redis connection) moves due members back to wa:out, each move one atomic Lua
 * script, so any number of replicas can run it. The backoff and the member
 * encoding are pure and unit-tested.
 */
#ifndef snd__retry_h
#define snd__retry_h

#include <hiredis/hiredis.h>
#include "wa/config.h"
#include "wa/entry.h"

/* The retry settings, taken from the range-checked wa_config_t at start (snd_retry_settings_load). */
typedef struct st_snd_retry_settings_t {
    long base_ms;      /* SENDER_RETRY_BASE_MS (1000): the first delay */
    long cap_ms;       /* SENDER_RETRY_CAP_MS (60000): no delay is longer */
    long max_attempts; /* SENDER_MAX_ATTEMPTS (WA_MAX_DELIVERIES, 5): failed sends (RETRY class) before wa:dlq */
    long max_age_ms;   /* SENDER_MAX_AGE_MS (3600000): an entry older than this (created_at) is dead-lettered */
    long poll_ms;      /* SENDER_RETRY_POLL_MS (100): how often the mover looks for due members */
} snd_retry_settings_t;

void snd_retry_settings_load(snd_retry_settings_t *s, const wa_config_t *cfg);

/* The delay before attempt number `attempt` (1 = the first resend): base * 2^(attempt-1), capped, with "equal
 * jitter": half of it fixed and half drawn from `rnd` (any 32-bit random value). Always >= 1. */
long snd_retry_backoff_ms(const snd_retry_settings_t *s, long attempt, unsigned rnd);

/* The pair rate limit's delay (A.6, 131056): 4^x seconds for the x-th throttle in a row (x from 0), capped at 1 h. */
long snd_retry_pair_delay_ms(long x);

/* Serializes entry `e` as a wa:retry member: a JSON object of all its fields, with "attempt" and "throttles" set
 * to the given values and "prepaid" to "1" when `prepaid` (the entry already holds a slot of its number's token
 * bucket) or left out. `message` (may be NULL) replaces the "message" field. Returns a string the caller frees. */
char *snd_retry_member(const wa_entry_t *e, long attempt, long throttles, int prepaid, const char *message);

/* ZADD of `member` at `due_ms` on the connection. Returns 0, or -1 (NULL reply: the connection failed, *conn_failed
 * is set; or an error reply). */
int snd_retry_schedule(redisContext *r, const wa_config_t *cfg, const char *member, long long due_ms,
                       int *conn_failed);

/* The mover thread. snd_retry_mover_start returns 0 or -1; stop asks it to end and joins it. */
typedef struct st_snd_retry_mover_t snd_retry_mover_t;
snd_retry_mover_t *snd_retry_mover_start(const wa_config_t *cfg, const snd_retry_settings_t *s);
void snd_retry_mover_stop(snd_retry_mover_t *m);

/* One pass of the mover on `r`: moves up to `limit` due members to wa:out. Returns the number moved, or -1. */
long snd_retry_move_due(redisContext *r, const wa_config_t *cfg, long limit);

#endif
