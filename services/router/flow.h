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
 * The declarations after fl_flows_turn are shared by the flow*.c files only.
 */
#ifndef fl__flow_h
#define fl__flow_h

#include "wa/config.h"
#include "wa/pg.h"

#include "route.h"

typedef struct st_fl_flows_t fl_flows_t;

/* Creates the flows' state (its own Redis connection, made on first use). cfg and pg are borrowed and must outlive
 * it (pg is the router's: the flows run inside the router's batch, on its thread). */
fl_flows_t *fl_flows_create(const wa_config_t *cfg, wa_pg_t *pg);
/* NULL is a no-op. */
void fl_flows_destroy(fl_flows_t *f);

/* The rt_flow_cb: 1 when a flow answered (or the patient is handed off to a human: no automatic answer), 0 to let
 * the router go on (greeting, knowledge base, ai), -1 on a PostgreSQL/Redis failure. data is the fl_flows_t. */
int fl_flows_turn(void *data, const rt_turn_t *turn);

/* --- shared by flow*.c ------------------------------------------------------------------------------------- */

/* One turn while it is handled. */
typedef struct st_fl_ctx_t {
    fl_flows_t *f;
    wa_pg_t *pg;
    const rt_turn_t *t;
    const char *doctor_id;
    const char *wa_id; /* the patient's number (digits) */
    const char *lang;  /* "en" or "hi" */
    char resched[40];  /* conversation state: the appointment being rescheduled, or "" */
} fl_ctx_t;

/* XADDs one wa:out entry (see wa_out_msg_t; reply_to may be ""). Returns 0, or -1 when Redis failed. */
int fl_send(fl_flows_t *f, const char *doctor_id, const char *to, const char *out_id, const char *kind,
            const char *message, const char *reply_to, const char *source);
/* Sends the reply of the turn (out_id "reply:<wamid>"): kind "text" (message = the body) or "interactive"
 * (message = the Graph message object JSON). Returns 0, or -1 when Redis failed. */
int fl_reply(fl_ctx_t *c, const char *kind, const char *message);
/* fl_reply of a text. */
int fl_reply_text(fl_ctx_t *c, const char *body);
/* Stores a conversation field (with the conversation's TTL). value "" deletes it. Returns 0 or -1. */
int fl_conv_set(fl_ctx_t *c, const char *field, const char *value);
/* Makes sure the doctor has a clinic_settings row (the defaults). Returns 0 or -1. */
int fl_settings_ensure(fl_ctx_t *c);
/* "Mon 23 Nov, 10:30 AM" of a unix time in the doctor's time zone. Returns 0 or -1. */
int fl_when(fl_ctx_t *c, const char *epoch, char *out, size_t outsz);
/* The clinic's name for texts: clinic_name, else "the clinic of <doctor>". */
void fl_clinic(const fl_ctx_t *c, char *out, size_t outsz);

/* flow_book.c: FL_BOOK, FL_DAY, FL_SLOT, FL_CONFIRM, FL_MY_APPT, FL_CANCEL, FL_RESCHEDULE. Return 1 or -1. */
int fl_book_days(fl_ctx_t *c, const char *intro);
int fl_book_day(fl_ctx_t *c, const char *day);
int fl_book_slot(fl_ctx_t *c, const char *epoch);
int fl_book_confirm(fl_ctx_t *c, const char *epoch);
int fl_book_mine(fl_ctx_t *c);
int fl_book_cancel(fl_ctx_t *c, const char *appointment_id);
int fl_book_reschedule(fl_ctx_t *c, const char *appointment_id);
/* A free-text request (FL_BOOK_AT's arg): the confirm buttons when that slot is free, else the nearest free ones. */
int fl_book_at(fl_ctx_t *c, const char *when);

/* flow_queue.c: FL_QUEUE_JOIN, FL_QUEUE_STATUS. Return 1 or -1. */
int fl_queue_join(fl_ctx_t *c);
int fl_queue_status(fl_ctx_t *c);

/* flow_remind.c: the reminder thread (ROUTER_REMINDER_INTERVAL_MS, default 60000; 0: none, NULL returned). */
typedef struct st_fl_remind_t fl_remind_t;
fl_remind_t *fl_remind_start(const wa_config_t *cfg);
/* Stops and joins the thread. NULL is a no-op. */
void fl_remind_stop(fl_remind_t *m);
/* The reminder template's message object: {"type":"template","template":{"name":..,"language":{"code":..},
 * "components":[{"type":"body","parameters":[clinic, when, address as text]}]}}. Caller frees. */
char *fl_remind_template_json(const char *name, const char *lang, const char *clinic, const char *when,
                              const char *address);

/* The SQL of the free-slot computation, shared by flow_book.c's statements: $1 is the doctor. Defines the CTEs
 * s (settings), sched (every future slot of the schedule within the booking horizon: day, local_ts, slot_start,
 * per_slot) and free (those with a place left). */
#define FL_SLOTS_CTE                                                                                                   \
    "WITH s AS (SELECT * FROM clinic_settings WHERE doctor_id = $1), "                                                 \
    "d AS (SELECT ((now() AT TIME ZONE s.time_zone)::date + i) AS day FROM s, "                                        \
    "      generate_series(0, s.book_ahead_days - 1) i), "                                                             \
    "sched AS (SELECT d.day, ts AS local_ts, (ts AT TIME ZONE s.time_zone) AS slot_start, s.per_slot "                 \
    "  FROM s CROSS JOIN d CROSS JOIN LATERAL generate_series(d.day + s.day_start, "                                   \
    "       d.day + s.day_end - make_interval(mins => s.slot_minutes), make_interval(mins => s.slot_minutes)) ts "     \
    "  WHERE extract(isodow FROM d.day)::int = ANY (s.work_days) "                                                     \
    "    AND NOT EXISTS (SELECT 1 FROM clinic_blocked_days b WHERE b.doctor_id = $1 AND b.day = d.day) "               \
    "    AND (s.break_start IS NULL OR s.break_end IS NULL OR NOT (ts::time < s.break_end "                            \
    "         AND (ts + make_interval(mins => s.slot_minutes))::time > s.break_start)) "                               \
    "    AND (ts AT TIME ZONE s.time_zone) > now()), "                                                                 \
    "free AS (SELECT sched.* FROM sched WHERE (SELECT count(*) FROM slot_bookings b "                                  \
    "         WHERE b.doctor_id = $1 AND b.slot_start = sched.slot_start) < sched.per_slot) "

#endif
