/*
 * The router's processing of wa:in batches: the wa_consumer batch callback that parses each webhook (webhook.c),
 * applies its statuses, resolves the doctor of each messages change (tenant.c), records patients and messages
 * (store.c) and decides the answers by message type: an acknowledgement for media and documents, the opt-out
 * keywords, the welcome text for a greeting, the conversation flows (a hook for issue 8, answering through the
 * router's own batch pipeline: rt_turn_reply, rt_turn_emit), the knowledge base
 * (kb.c) when it is confident, else a request to the ai stage; read receipts per doctor setting. main.c creates
 * one rt_router_t and hands rt_router_batch_cb to wa_consumer_run. The decision helpers (per-type policy, texts)
 * are pure and unit-tested.
 */
#ifndef rt__route_h
#define rt__route_h

#include <stddef.h>

#include <hiredis/hiredis.h>

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/entry.h"
#include "wa/pg.h"

#include "tenant.h"
#include "webhook.h"

/* Default of WA_MAX_MESSAGES_PER_WEBHOOK: the messages plus statuses of one webhook the router processes; the rest
 * of the webhook goes to wa:dlq (reason too_large) as a webhook of its own, for `wactl dlq replay`. */
#define RT_MAX_MESSAGES_PER_WEBHOOK 1000

/* What the router does with an inbound message of a given type once it is recorded (a doctor's settings may
 * override it per type: rt_doctor_t.policy). */
typedef enum en_rt_policy_t {
    RT_POLICY_RECORD = RT_POL_NONE,    /* record only, no reply (reactions, system, unsupported, edits ...) */
    RT_POLICY_ANSWER = RT_POL_ANSWER,  /* answer its text: opt-out keywords, welcome, flows, knowledge base, ai */
    RT_POLICY_ACK = RT_POL_ACK,        /* a short acknowledgement in the clinic's name (media, documents ...) */
    RT_POLICY_WELCOME = RT_POL_WELCOME /* the welcome text (request_welcome: the patient opened the chat) */
} rt_policy_t;

/* The default policy of a message kind: text, interactive, button: ANSWER; image, video, audio, document,
 * location, contacts, order: ACK; request_welcome: WELCOME; everything else: RECORD. Pure. */
rt_policy_t rt_route_policy(rt_msg_kind_t kind);

/* The policy for this doctor: its settings' override, else rt_route_policy. Pure. */
rt_policy_t rt_route_policy_for(const rt_doctor_t *doctor, rt_msg_kind_t kind);

/* The welcome text for a greeting, in the clinic's name: "Hello <profile name>! Welcome to <clinic> (<doctor>)...".
 * profile_name may be NULL/"". Pure; caller frees. */
char *rt_route_welcome_text(const rt_doctor_t *doctor, const char *profile_name);

/* The acknowledgement of a media/document/location... message in the clinic's name ("Thank you, we received your
 * document. <clinic> will look at it ..."); `voice` names an audio message a voice note. Pure; caller frees. */
char *rt_route_ack_text(const rt_doctor_t *doctor, rt_msg_kind_t kind, int voice);

/* The one-time confirmation of an opt-out (stop = 1) or opt-in (stop = 0). Pure; caller frees. */
char *rt_route_optout_text(const rt_doctor_t *doctor, int stop);

typedef struct st_rt_router_t rt_router_t;

/* One answerable message while it is being answered: what a conversation flow sees. Borrowed, valid during the
 * call only. */
typedef struct st_rt_turn_t {
    const rt_doctor_t *doctor;
    const char *patient_id; /* uuid text */
    const char *to;         /* the patient's number (digits) */
    const rt_message_t *message;
    void *job; /* private: the entry being processed */
    /* what the router already knows, to spare the flow a round trip each (zeroed: unknown, the flow asks itself) */
    int handoff_checked;           /* 1: handed_off says whether the staff pause (wa:handoff:) is on */
    int handed_off;
    struct st_rt_kbcache_t *kb_cache; /* the answer cache (kbcache.h) for the text's intent, or NULL */
    long long kb_version;             /* the doctor's knowledge-base version, for kb_cache */
    const char *kb_label; /* the text's intent label as the batch's analysis found it ("" none), or NULL: unknown */
} rt_turn_t;

/* The conversation-flow hook (issue 8's seam): called for every answerable text after opt-out keywords and before
 * the greeting/knowledge-base/ai steps. Returns 1 when the flow answered (through rt_turn_reply or rt_turn_emit), 0
 * to let the router go on, -1 on a PostgreSQL/Redis failure (the entry is retried; the flow must be idempotent per
 * wamid). */
typedef int (*rt_flow_cb)(void *data, const rt_turn_t *turn);

/* The router has one way to emit: the batch's Redis pipeline, sent once after every decision of the batch and before
 * the messages are marked handled. A flow's answers go the same way: nothing is written when the batch fails (its
 * redelivery answers again, under the same out_ids, which the sender sends at most once). */

/* Queues the text reply to the turn's message (wa:out, out_id "reply:<wamid>", `source` e.g. "flow"). body is
 * copied. Returns 0. */
int rt_turn_reply(const rt_turn_t *turn, const char *body, const char *source);
/* Queues one wa:out entry `m` (every string copied; created_at NULL = now, attempt NULL = "0"). Returns 0, or -1 when
 * the entry cannot be written (too many fields). */
int rt_turn_emit(const rt_turn_t *turn, const wa_out_msg_t *m);
/* The router's Redis command connection, for a flow's conversation state (borrowed, valid during the call; NULL
 * while Redis is down). No command may be left pending on it. */
redisContext *rt_turn_redis(const rt_turn_t *turn);
/* Reports that the connection failed under a flow: the consumer reconnects, and the batch is retried. */
void rt_turn_redis_failed(const rt_turn_t *turn);

/* Creates the router state (tenant cache, metrics, the KB threshold from ROUTER_KB_THRESHOLD, default
 * WA_KB_THRESHOLD). cfg and pg are borrowed and must outlive it. */
rt_router_t *rt_router_create(const wa_config_t *cfg, wa_pg_t *pg);
/* NULL is a no-op. */
void rt_router_destroy(rt_router_t *r);

/* ROUTER_PG_PARALLEL: a batch's new texts are analysed over n PostgreSQL connections at once (the router's own and
 * n - 1 more, opened on first use with the same DATABASE_URL; 1 to RT_PG_PARALLEL_MAX, clamped). Call before the
 * consumer loop runs. */
#define RT_PG_PARALLEL_MAX 8
void rt_router_set_pg_parallel(rt_router_t *r, int n);
/* Once per consumer loop turn (between batches, no slice running): wa_pg_replan on the router's connection and on
 * each ROUTER_PG_PARALLEL connection opened so far. */
void rt_router_replan(rt_router_t *r);

/* Installs the conversation-flow hook (NULL removes it); data is passed back, borrowed. */
void rt_router_set_flows(rt_router_t *r, rt_flow_cb cb, void *data);

/* What a flow needs to know of a text before its turn (issue 14: the router analyses a batch's new texts once, in
 * one statement, before the flows run): RT_NEEDS_INTENT when the turn would ask for its intent label
 * (wa_kb_intent), RT_NEEDS_KB when the text goes on to the knowledge base unless a flow takes it by that label; 0
 * when a flow takes it by its keyword or reply id. Pure (no I/O); only turn->doctor and turn->message are set. */
#define RT_NEEDS_INTENT 1
#define RT_NEEDS_KB 2
typedef int (*rt_flow_needs_cb)(void *data, const rt_turn_t *turn);
/* Installs it beside the flow hook (same data); without one, every answerable text but a greeting needs the KB. */
void rt_router_set_flow_needs(rt_router_t *r, rt_flow_needs_cb cb);

/* The wa_consumer_batch_cb for cfg->key_in; data is the rt_router_t. Sets each result: ACK when done (including
 * unknown numbers, sent to wa:unrouted), DLQ for a body that is not a WhatsApp webhook or for an entry signed by a
 * doctor's own app (`app` doctor:<id>) that names another clinic's WABA or number (reason app_mismatch), RETRY
 * when PostgreSQL or Redis failed (processing is idempotent, so the redelivery redoes only what is missing). The
 * entries run in stream order as runs of whole entries of about 256 messages and statuses at most (route.c,
 * RUN_MAX_ITEMS), which bounds the memory of a read of many large webhooks. */
void rt_router_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data);

#endif
