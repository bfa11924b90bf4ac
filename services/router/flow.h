/*
 * The clinic conversations (issue 8) behind the router's flow hook (route.h rt_router_set_flows): the welcome
 * with buttons, booking (flow_book.c), the walk-in queue (flow_queue.c) and the human handoff. Every turn reads
 * the patient's message (a button/list reply id, else whole-message keywords: flow_text.c), keeps the little
 * conversation state there is in Redis (prefix + "conv:<doctor>:<wa_id>", a hash with a TTL, so any replica can
 * continue any conversation; the booking steps carry their data in the reply ids themselves) and the rest in
 * PostgreSQL (deploy/migrations/005_clinic.sql), and answers with one wa:out entry whose out_id is
 * "reply:<wamid>": a redelivered message is answered at most once (the sender deduplicates) and every write is
 * idempotent or keyed by the wamid. main.c creates one fl_flows_t and installs fl_flows_turn.
 *
 * The files behind it: flow.c (the dispatch) calls flow_book.c and flow_queue.c (flow_book.h, flow_queue.h); all
 * three use a turn's helpers in flow_turn.c (flow_turn.h), which calls none of them; flow_remind.c is the reminder
 * thread (below).
 */
#ifndef fl__flow_h
#define fl__flow_h

#include "wa/config.h"
#include "wa/pg.h"

#include "route.h"

typedef struct st_fl_flows_t fl_flows_t;

/* Creates the flows' state. cfg and pg are borrowed and must outlive it (pg is the router's: the flows run inside the
 * router's batch, on its thread, and use its Redis connection and its emit path through the turn, route.h). */
fl_flows_t *fl_flows_create(const wa_config_t *cfg, wa_pg_t *pg);
/* NULL is a no-op. */
void fl_flows_destroy(fl_flows_t *f);

/* The rt_flow_cb: 1 when a flow answered (or the patient is handed off to a human: no automatic answer), 0 to let
 * the router go on (greeting, knowledge base, ai), -1 on a PostgreSQL/Redis failure. data is the fl_flows_t. */
int fl_flows_turn(void *data, const rt_turn_t *turn);

/* The rt_flow_needs_cb (route.h): what fl_flows_turn will need of the turn's text, from its keyword, reply id and the
 * doctor's kind alone (no I/O), so that the router analyses the batch's texts at once. data is the fl_flows_t. */
int fl_flows_needs(void *data, const rt_turn_t *turn);

/* flow_remind.c: the reminder thread (ROUTER_REMINDER_INTERVAL_MS, default 60000; 0: none, NULL returned). */
typedef struct st_fl_remind_t fl_remind_t;
fl_remind_t *fl_remind_start(const wa_config_t *cfg);
/* Stops and joins the thread. NULL is a no-op. */
void fl_remind_stop(fl_remind_t *m);
/* The reminder template's message object: {"type":"template","template":{"name":..,"language":{"code":..},
 * "components":[{"type":"body","parameters":[clinic, when, address as text]}]}}. Caller frees. */
char *fl_remind_template_json(const char *name, const char *lang, const char *clinic, const char *when,
                              const char *address);

#endif
