/*
 * The sender stage: the wa_consumer batch callback for wa:out (group
 * "sender"). For each entry it enforces at-most-once per out_id (Redis keys
 * prefix+"sent:<out_id>" and the lease prefix+"sending:<out_id>"), picks the
 * credentials (creds.h), builds the Graph request (graph.h), sends the whole
 * batch concurrently with wa_http_run (or writes wa:sandbox), decides retry or
 * dead-letter from the answer, and records the outbound message (record.h).
 */
#ifndef snd__sender_h
#define snd__sender_h

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/http.h"
#include "wa/pg.h"
#include "retry.h"

typedef struct st_snd_sender_t snd_sender_t;

/* Creates the stage. cfg, pg and http are borrowed and must outlive it. */
snd_sender_t *snd_sender_create(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http);
/* NULL is a no-op. */
void snd_sender_destroy(snd_sender_t *s);
/* The retry settings the stage read from the environment (borrowed). */
const snd_retry_settings_t *snd_sender_retry_settings(const snd_sender_t *s);

/* The wa_consumer_batch_cb; `data` is the snd_sender_t. Sets one outcome per entry; never blocks longer than one
 * Graph timeout plus the Redis and PostgreSQL round trips of the batch. */
void snd_sender_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data);

#endif
