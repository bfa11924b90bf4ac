/*
 * The clinics' knowledge-base snapshots the router scores new texts against (issue 14: kbscore.h), one per doctor at
 * its knowledge-base version, fetched from PostgreSQL (kb_score_snapshot, 140_score_snapshot.sql) when the version the
 * router read for a message (the record statement's) has none here, and kept under a byte cap (ROUTER_KB_SNAPSHOT_KB),
 * least recently used out first. A changed knowledge base is a new version, so a new snapshot: never scored against
 * an older one after the change is read.
 */
#ifndef RT_KBSNAP_H
#define RT_KBSNAP_H

#include <stddef.h>

#include "kbscore.h"
#include "wa/pg.h"

typedef struct st_rt_kbsnap_t rt_kbsnap_t;

rt_kbsnap_t *rt_kbsnap_create(size_t max_bytes);
void rt_kbsnap_destroy(rt_kbsnap_t *c);

/* The doctor's snapshot at that version, or NULL. Valid until the next rt_kbsnap_put or rt_kbsnap_fetch. */
const rt_kbscore_t *rt_kbsnap_get(rt_kbsnap_t *c, const char *doctor_id, long long version);

/* Keeps s (taken over) as the doctor's snapshot at that version, replacing an older one, then drops the least recently
 * used others while the total passes the cap (never the one just put). */
void rt_kbsnap_put(rt_kbsnap_t *c, const char *doctor_id, long long version, rt_kbscore_t *s);

/* Fetches, in one statement, the snapshots of the n doctors (versions[i] each, as the caller read them) that the cache
 * does not hold at that version. Returns 0, -1 on a database error, or -2 when a snapshot did not load (logged
 * without its content; the others are kept). */
int rt_kbsnap_fetch(rt_kbsnap_t *c, wa_pg_t *pg, size_t n, const char *const *doctor_ids, const long long *versions);

size_t rt_kbsnap_bytes(const rt_kbsnap_t *c);
/* Snapshots fetched from PostgreSQL so far. */
unsigned long long rt_kbsnap_fetched(const rt_kbsnap_t *c);

#endif
