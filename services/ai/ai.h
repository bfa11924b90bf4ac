/*
 * The ai service's work on one batch of wa:ai entries: decode, skip what was
 * already answered (Redis key prefix+"ai:done:<wamid>"), load the clinic
 * (clinic.c), ask Gemini for every remaining question of the batch at once
 * (gemini.c for the wire format, wa_http_run for concurrent calls), and emit
 * one answer per question to wa:out with out_id "reply:<wamid>": the model's
 * text (answer.c) or, without an API key or when the call failed, the clinic's
 * fallback text. A failed call is also written to wa:dlq (reason "ai_failed")
 * for operators, yet the entry is acknowledged: the patient got an answer.
 * main.c wires this to the stream consumer loop.
 */
#ifndef ai__ai_h
#define ai__ai_h

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/http.h"
#include "wa/pg.h"

/* How long the "answer emitted" marker lives: longer than Meta redelivers a webhook (7 days). */
#define AI_DONE_TTL_S (8 * 24 * 3600)

typedef struct st_ai_service_t ai_service_t;

/* Creates the service state. cfg, pg and http are borrowed and must outlive it. Never NULL. */
ai_service_t *ai_service_create(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http);
/* NULL is a no-op. */
void ai_service_destroy(ai_service_t *s);

/* The wa_consumer_batch_cb of the ai stage; `data` is the ai_service_t. Sets results[i] per entry: ACK once the
 * answer is in wa:out (or was already), RETRY when Redis or PostgreSQL is unreachable, DLQ for an entry missing a
 * required field ("bad_entry") or naming no known doctor ("unknown_doctor"). */
void ai_service_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data);

#endif
