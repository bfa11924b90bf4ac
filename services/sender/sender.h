/*
 * The sender stage for wa:out (group "sender"), as groups of entries driven
 * by the stage driver (loop.h) on libwa's stage loop. For each entry it enforces at-most-once per out_id (Redis keys
 * prefix+"sent:<out_id>" and the lease prefix+"sending:<out_id>"), picks the
 * credentials (creds.h), builds the Graph request (graph.h), sends the whole
 * group concurrently (or writes wa:sandbox), decides retry or
 * dead-letter from the answer, and records the outbound message (record.h).
 */
#ifndef snd__sender_h
#define snd__sender_h

#include <hiredis/hiredis.h>
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/http.h"
#include "wa/pg.h"
#include "wa/stage.h"
#include "retry.h"

typedef struct st_snd_sender_t snd_sender_t;

/* A group of wa:out entries taken in together, going through the stage's phases; its Graph calls run on the
 * driver's HTTP client (wa/http.h). */
typedef struct st_snd_group_t snd_group_t;

/* The curl_code the driver sets on a request it could not start at all: the entry is retried (left pending). */
#define SND_HTTP_NOT_STARTED (-1)

/* Creates the stage. cfg and pg are borrowed and must outlive it. */
snd_sender_t *snd_sender_create(const wa_config_t *cfg, wa_pg_t *pg);
/* NULL is a no-op. */
void snd_sender_destroy(snd_sender_t *s);
/* The retry settings the stage read from the environment (borrowed). */
const snd_retry_settings_t *snd_sender_retry_settings(const snd_sender_t *s);

/* Starts a group for n entries; results[i] preset to ACK. Entries, their fields and results are borrowed and must
 * live until snd_group_destroy. */
snd_group_t *snd_group_create(snd_sender_t *s, wa_entry_t *entries, wa_result_t *results, size_t n);
/* Drives the group to its next wait: returns the number k of Graph requests to run now (*reqs set, borrowed until the
 * next call; each run request gets status/curl_code/resp/elapsed_ms as with wa_http_run) and must be called again
 * once all k have finished; 0 when every entry has its outcome in results. Redis and PostgreSQL work is synchronous,
 * pipelined per group, on the stage's connection `c` (NULL or broken: the entries are retried; a connection that
 * breaks under it is recorded there, wa_conn_fail). */
size_t snd_group_next(snd_sender_t *s, wa_conn_t *c, snd_group_t *g, wa_http_req_t ***reqs);
/* Frees the group (its entries' outcomes are final after snd_group_next returned 0; otherwise they stay pending and
 * their leases expire by themselves). NULL is a no-op. */
void snd_group_destroy(snd_sender_t *s, snd_group_t *g);

#endif
