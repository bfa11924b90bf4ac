/*
 * The ai service's work on one batch of wa:ai entries: decode, skip what was
 * already answered (Redis key prefix+"ai:done:<wamid>"), load the clinic
 * (clinic.c), then per question either the emergency answer (emergency.c:
 * detected before any model call, the message flagged for the doctor in
 * messages.flag) or a model call built from the clinic, the conversation's
 * history (history.c), the knowledge-base context and the patient's language
 * (lang.c), for the configured provider (provider.c: Gemini or an
 * OpenAI-compatible server). Every call of the batch runs at once, with
 * retries and a circuit breaker (calls.c). Each question gets one answer in
 * wa:out with out_id "reply:<wamid>": the model's text made WhatsApp-ready
 * (answer.c) or, when there is no usable answer, the clinic's fallback text;
 * a failed call is also written to wa:dlq (reason "ai_failed") with the
 * provider's error, yet the entry is acknowledged: the patient got an answer.
 * Token usage is added up per doctor and day (table ai_usage) and exported as
 * metrics. main.c wires this to the stream consumer loop.
 */
#ifndef ai__ai_h
#define ai__ai_h

#include "provider.h"
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/pg.h"

/* How long the "answer emitted" marker lives: longer than Meta redelivers a webhook (7 days). */
#define AI_DONE_TTL_S (8 * 24 * 3600)

typedef struct st_ai_service_t ai_service_t;

/* Creates the service state. cfg, pg and provider are borrowed and must outlive it. Returns NULL when the HTTP
 * client could not be created or an AI_* variable is invalid (logged). */
ai_service_t *ai_service_create(const wa_config_t *cfg, wa_pg_t *pg, const ai_provider_t *provider);
/* NULL is a no-op. */
void ai_service_destroy(ai_service_t *s);

/* The wa_consumer_batch_cb of the ai stage; `data` is the ai_service_t. Sets results[i] per entry: ACK once the
 * answer is in wa:out (or was already), RETRY when Redis or PostgreSQL is unreachable, DLQ for an entry missing a
 * required field ("bad_entry") or naming no known doctor ("unknown_doctor"). */
void ai_service_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data);

#endif
