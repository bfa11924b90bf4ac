/*
 * The inbox's live events (services/dashboard, live.c): GET /api/v1/events
 * streams server-sent events to the signed-in clinic's open pages, fed from
 * Redis without any change to the other services. One thread per process
 * reads (XREAD, no consumer group: every replica sees everything) the
 * streams wa:in (webhooks: new messages and statuses; the tenant from the
 * number's phone_number_id or digits, as the router resolves it), wa:out
 * (replies, with doctor_id), prefix+"alerts" (emergencies) and
 * prefix+"dash" (the dashboards' own changes: handoffs), waits until the
 * router or sender has recorded what the entry announces (at most a few
 * seconds), and puts a compact event ({"type": "message"|"status"|"flag",
 * "patient_id": ...}, never a message's text) in a process-wide ring. Each
 * worker, at its 100 ms tick, sends the ring's new events to its own SSE
 * connections of that tenant only, and a comment every 15 s as heartbeat.
 */
#ifndef dash__live_h
#define dash__live_h

#include "api.h"
#include "dashboard.h"

/* Starts the events thread (cfg borrowed for its life). Returns 0, or -1 with a log line. */
int dash_events_start(const dash_config_t *cfg);
/* Waits for the events thread to end (after wa_stop_requested()). */
void dash_events_join(void);

/* In a worker's thread, before its loop runs: its list of SSE connections, starting at the ring's present. */
void dash_events_worker_init(dash_worker_t *w);
/* In a worker's tick: sends the ring's new events to the worker's connections, and the heartbeat when due. */
void dash_events_worker_tick(dash_worker_t *w);
/* In a worker's thread when it stops: ends every SSE response it serves. */
void dash_events_worker_close(dash_worker_t *w);

/* GET /api/v1/events: starts the caller's event stream (text/event-stream). */
void dash_events_stream(dash_call_t *c);

/* Announces a change made by the dashboard itself (type "flag") to every replica: XADD prefix+"dash". A failure is
 * logged; the change is made already. */
void dash_events_publish(dash_worker_t *w, const char *tenant, const char *type, const char *patient_id);

/* Pure: the events one wa:in entry's webhook body announces, for unit tests and the thread: calls cb once per
 * message (kind 'm', id = wamid, status NULL) and per status (kind 's', id = wamid, status) with the change's
 * phone_number_id and display_phone_number (may be ""). Returns the number of calls, -1 when not JSON. */
typedef void (*dash_events_webhook_cb)(void *data, char kind, const char *id, const char *status,
                                       const char *phone_number_id, const char *display_phone_number);
int dash_events_parse_webhook(const char *body, size_t len, dash_events_webhook_cb cb, void *data);

#endif
