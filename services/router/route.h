/*
 * The router's processing of wa:in entries: the wa_consumer batch callback that parses each webhook (webhook.c),
 * applies its statuses, resolves the doctor of each messages change (tenant.c), records patient and message
 * (store.c) and decides the answer: the welcome text for a greeting, the knowledge base (kb.c) when it is
 * confident, else a request to the ai stage. main.c creates one rt_router_t and hands rt_router_batch_cb to
 * wa_consumer_run. The decision helpers (per-type policy, welcome text) are pure and unit-tested.
 */
#ifndef rt__route_h
#define rt__route_h

#include <stddef.h>

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/pg.h"

#include "tenant.h"
#include "webhook.h"

/* What the router does with an inbound message of a given type once it is recorded. The seam for the next issues
 * (acknowledging media, locations, reactions ...): change the table in route.c, add a policy and its handler. */
typedef enum en_rt_policy_t {
    RT_POLICY_RECORD = 0, /* record only, no reply */
    RT_POLICY_ANSWER      /* answer its text: welcome, knowledge base or ai */
} rt_policy_t;

/* The policy of a message kind (text, interactive, button: answer; everything else: record). Pure. */
rt_policy_t rt_route_policy(rt_msg_kind_t kind);

/* The welcome text for a greeting, in the clinic's name: "Hello <profile name>! Welcome to <clinic> (<doctor>)...".
 * profile_name may be NULL/"". Pure; caller frees. */
char *rt_route_welcome_text(const rt_doctor_t *doctor, const char *profile_name);

typedef struct st_rt_router_t rt_router_t;

/* Creates the router state (tenant cache, metrics, the KB threshold from ROUTER_KB_THRESHOLD, default
 * RT_KB_THRESHOLD). cfg and pg are borrowed and must outlive it. */
rt_router_t *rt_router_create(const wa_config_t *cfg, wa_pg_t *pg);
/* NULL is a no-op. */
void rt_router_destroy(rt_router_t *r);

/* The wa_consumer_batch_cb for cfg->key_in; data is the rt_router_t. Sets each result: ACK when done (including
 * unknown numbers, sent to wa:unrouted), DLQ for a body that is not a WhatsApp webhook, RETRY when PostgreSQL or
 * Redis failed (processing is idempotent, so the redelivery redoes only what is missing). */
void rt_router_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data);

#endif
