/*
 * One turn of the clinic conversations while it is handled (fl_ctx_t), and the helpers every flow file uses on it:
 * the reply through the router's one emit path (route.h rt_turn_reply/rt_turn_emit: the batch pipeline), Redis
 * commands on the router's own connection (the conversation hash, the handoff key), the doctor's clinic_settings row
 * and date formatting. Internal to the flows: flow.c (the dispatch), flow_book.c and flow_queue.c include it;
 * flow_turn.c implements it and calls none of them back.
 */
#ifndef fl__flow_turn_h
#define fl__flow_turn_h

#include <stddef.h>

#include <hiredis/hiredis.h>

#include "wa/config.h"
#include "wa/pg.h"

#include "route.h"

typedef struct st_fl_flows_t fl_flows_t;

/* One turn while it is handled. */
typedef struct st_fl_ctx_t {
    fl_flows_t *f;
    const wa_config_t *cfg;
    wa_pg_t *pg;
    const rt_turn_t *t;
    const char *doctor_id;
    const char *wa_id; /* the patient's number (digits) */
    const char *lang;  /* "en" or "hi" */
    char resched[40];  /* conversation state: the appointment being rescheduled, or "" */
} fl_ctx_t;

/* Queues one wa:out entry to `to` in the router's batch (see wa_out_msg_t; every string copied; reply_to may be "").
 * Returns 0, or -1 when it cannot be written. */
int fl_send(fl_ctx_t *c, const char *to, const char *out_id, const char *kind, const char *message,
            const char *reply_to, const char *source);
/* Queues the reply of the turn (out_id "reply:<wamid>", source "flow"): kind "text" (message = the body) or
 * "interactive" (message = the Graph message object JSON). Returns 0, or -1 when it cannot be written. */
int fl_reply(fl_ctx_t *c, const char *kind, const char *message);
/* fl_reply of a text. */
int fl_reply_text(fl_ctx_t *c, const char *body);
/* Runs a Redis command on the router's connection. Returns the reply (caller frees), or NULL when Redis is down or
 * failed (reported to the router, which retries the batch) or answered with an error (logged with `what`). */
redisReply *fl_redis_cmd(fl_ctx_t *c, const char *what, int argc, const char **argv, const size_t *lens);
/* The conversation hash's key, prefix + "conv:<doctor>:<wa_id>". */
void fl_conv_key(const fl_ctx_t *c, char *key, size_t keysz);
/* Stores a conversation field (with the conversation's TTL). value "" deletes it. Returns 0 or -1. */
int fl_conv_set(fl_ctx_t *c, const char *field, const char *value);
/* Makes sure the doctor has a clinic_settings row (the defaults). Returns 0 or -1. */
int fl_settings_ensure(fl_ctx_t *c);
/* "Mon 23 Nov, 10:30 AM" of a unix time in the doctor's time zone. Returns 0 or -1. */
int fl_when(fl_ctx_t *c, const char *epoch, char *out, size_t outsz);
/* The clinic's name for texts: clinic_name, else "the clinic of <doctor>". */
void fl_clinic(const fl_ctx_t *c, char *out, size_t outsz);

#endif
