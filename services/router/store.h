/*
 * The router's PostgreSQL writes: the patient upsert, the once-per-wamid record of an inbound message, marking it
 * answered (routed_at), and applying delivery statuses to outbound messages. Each is one parameterised statement
 * (one round trip) and idempotent, so that an entry redelivered after a crash or a Redis/PostgreSQL failure is
 * processed again safely. route.c calls them; the status ranking helpers are pure and unit-tested.
 */
#ifndef rt__store_h
#define rt__store_h

#include "wa/pg.h"

/* Inserts or updates the patient (doctor_id, wa_id): profile_name is replaced only when `profile_name` is not
 * NULL/"", last_inbound_at = now(). Writes the patient's uuid into patient_id (>= 40 bytes). Returns 0 or -1. */
int rt_store_patient_upsert(wa_pg_t *pg, const char *doctor_id, const char *wa_id, const char *profile_name,
                            char *patient_id, size_t patient_id_sz);

typedef struct st_rt_inbound_t {
    const char *doctor_id, *patient_id, *wamid, *wa_id, *type;
    const char *body;    /* the message's text, or NULL */
    const char *payload; /* the message object as JSON */
} rt_inbound_t;

/* Records an inbound message once per wamid (ON CONFLICT (wamid) DO NOTHING). Sets *answered to 1 when the message
 * was recorded before and its routed_at is set (a Meta retry or a redelivery of an entry already handled: do not
 * answer again), else 0. Returns 0 or -1. */
int rt_store_inbound(wa_pg_t *pg, const rt_inbound_t *m, int *answered);

/* Marks the inbound message answered (routed_at = now(), status 'routed') and, when kb_id is not NULL, bumps that
 * knowledge-base entry's hits in the same statement, so that the hit is counted once however often the entry is
 * redelivered. Returns 0 or -1. */
int rt_store_mark_routed(wa_pg_t *pg, const char *doctor_id, const char *wamid, const char *kb_id);

/* The rank of a delivery status: sent 1 < delivered 2 < read 3 < played 4; failed 5 (terminal); -1 for a value
 * the router does not apply (unknown values, "deleted"...). Pure. */
int rt_status_rank(const char *status);

/* Applies one status to our outbound message `wamid` (direction 'out'), only moving it forward (the ranks are
 * computed in SQL, so concurrent or out-of-order updates cannot move it back; failed does not override read or
 * played). timestamp is unix seconds as text (NULL/invalid = now()); error code/title only for failed. Sets
 * *applied to 1 when a row changed. Returns 0 or -1. */
int rt_store_status(wa_pg_t *pg, const char *wamid, const char *status, const char *timestamp,
                    const char *error_code, const char *error_title, int *applied);

#endif
