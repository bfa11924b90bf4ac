/*
 * The broadcast pump of wa-sender (issue 18): a thread of every sender replica that starts due scheduled
 * broadcasts (deploy/migrations/025_broadcasts.sql: broadcast_start_due, which also creates a weekly run's next
 * one), and feeds the running ones' recipients into wa:out at a pace that leaves the number to the replies:
 *   - each recipient is claimed once in PostgreSQL (UPDATE ... FOR UPDATE SKIP LOCKED: pending -> queued) by any
 *     replica, and written to wa:out with out_id "bc:<broadcast>:<patient>", the same on every attempt: the sender's
 *     at-most-once per out_id makes it exactly once across restarts (a recipient left queued by a pump that died
 *     before its XADD is written again after BROADCAST_REQUEUE_S);
 *   - the pace is a lower-priority lane on the sending number: a shared GCRA key per number (prefix+"bcpace:<id>")
 *     admits at most BROADCAST_RATE_PERCENT (50) % of the number's rate (doctors.send_rate_per_s or
 *     SENDER_RATE_PER_S), and nothing while the number's own bucket (ratelimit.c) holds more than
 *     BROADCAST_RESERVE_MS (500) of sends: replies, which take the bucket's slots first, are never queued behind a
 *     broadcast, and wa:out never holds more than a tick's worth of them;
 *   - the messaging limit (A.13.1): no more unique people per moving 24 h than the tenant's tier allows
 *     (doctors.whatsapp_messaging_limit; BROADCAST_DEFAULT_DAILY_LIMIT (250) when unknown); the rest waits.
 * A running broadcast with nothing left pending or queued is done. The thread sleeps on a condition variable
 * between ticks (BROADCAST_TICK_MS, 250; BROADCAST_IDLE_MS, 1000, when no broadcast runs): no busy loop.
 * The statuses and the sender's record move recipients through triggers (025); snd_broadcast_dead_letter records
 * a send the sender gave up on.
 */
#ifndef snd__broadcast_h
#define snd__broadcast_h

#include "wa/config.h"
#include "wa/pg.h"

typedef struct st_snd_broadcast_t snd_broadcast_t;

/* Reads the BROADCAST_* settings; returns -1 (printed) on an invalid value. */
int snd_broadcast_settings_check(void);
/* Starts the pump thread (its own PostgreSQL and Redis connections). NULL when it cannot start (logged). `cfg` is
 * borrowed. */
snd_broadcast_t *snd_broadcast_start(const wa_config_t *cfg);
/* Stops and joins the thread. NULL is a no-op. */
void snd_broadcast_stop(snd_broadcast_t *b);

/* The sender dead-lettered wa:out entry `out_id`: when it is a broadcast's ("bc:..."), its recipient becomes failed
 * (or skipped_opted_out for marketing_opt_out) with the reason. Errors are logged. */
void snd_broadcast_dead_letter(wa_pg_t *pg, const char *out_id, const char *reason, const char *code,
                               const char *detail);

#endif
