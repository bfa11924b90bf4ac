/*
 * A clinic-conversation turn's helpers (flow_turn.h), shared by the flow
 * files: replies queued in the router's batch pipeline (its one emit path,
 * route.h), Redis commands on the router's connection, the conversation hash
 * (prefix + "conv:<doctor>:<wa_id>", a day's TTL), the doctor's
 * clinic_settings row and dates in the doctor's time zone. Calls nothing of
 * flow.c, flow_book.c or flow_queue.c.
 */
#include "flow_turn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "wa/redis.h"

#include "flow_text.h"

#define FL_CONV_TTL_S 86400 /* a conversation's state lives a day after its last turn */

redisReply *fl_redis_cmd(fl_ctx_t *c, const char *what, int argc, const char **argv, const size_t *lens)
{
    redisContext *rc = rt_turn_redis(c->t);
    redisReply *r;

    if (rc == NULL)
        return NULL;
    r = wa_redis_cmd(rc, argc, argv, lens);
    if (r == NULL) {
        wa_warn("redis command failed", "command", what);
        rt_turn_redis_failed(c->t);
        return NULL;
    }
    if (r->type == REDIS_REPLY_ERROR) {
        wa_warn("redis error reply", "command", what, "error", r->str);
        freeReplyObject(r);
        return NULL;
    }
    return r;
}

int fl_send(fl_ctx_t *c, const char *to, const char *out_id, const char *kind, const char *message,
            const char *reply_to, const char *source)
{
    wa_out_msg_t out = {0};

    out.out_id = out_id;
    out.doctor_id = c->doctor_id;
    out.to = to;
    out.kind = kind;
    out.message = message;
    out.reply_to = reply_to;
    out.source = source;
    return rt_turn_emit(c->t, &out);
}

int fl_reply(fl_ctx_t *c, const char *kind, const char *message)
{
    char out_id[320];
    snprintf(out_id, sizeof(out_id), "reply:%s", c->t->message->id);
    return fl_send(c, c->wa_id, out_id, kind, message, c->t->message->id, "flow");
}

int fl_reply_text(fl_ctx_t *c, const char *body)
{
    return rt_turn_reply(c->t, body, "flow");
}

void fl_conv_key(const fl_ctx_t *c, char *key, size_t keysz)
{
    char suffix[200];
    snprintf(suffix, sizeof(suffix), "conv:%s:%s", c->doctor_id, c->wa_id);
    wa_config_key(c->cfg, key, keysz, suffix, "");
}

int fl_conv_set(fl_ctx_t *c, const char *field, const char *value)
{
    char key[300], ttl[16];
    redisReply *r;

    fl_conv_key(c, key, sizeof(key));
    if (value[0] == '\0') {
        const char *argv[] = {"HDEL", key, field};
        r = fl_redis_cmd(c, "HDEL conv", 3, argv, NULL);
    } else {
        const char *argv[] = {"HSET", key, field, value};
        r = fl_redis_cmd(c, "HSET conv", 4, argv, NULL);
    }
    if (r == NULL)
        return -1;
    freeReplyObject(r);
    snprintf(ttl, sizeof(ttl), "%d", FL_CONV_TTL_S);
    const char *argv[] = {"EXPIRE", key, ttl};
    if ((r = fl_redis_cmd(c, "EXPIRE conv", 3, argv, NULL)) == NULL)
        return -1;
    freeReplyObject(r);
    return 0;
}

int fl_settings_ensure(fl_ctx_t *c)
{
    const char *p[] = {c->doctor_id};
    /* prepared once per connection: it runs before most flow turns (the planning cost more than the insert) */
    PGresult *res = wa_pg_exec_prepared(c->pg, "clinic settings default",
                                        "INSERT INTO clinic_settings (doctor_id) VALUES ($1)"
                                        " ON CONFLICT (doctor_id) DO NOTHING",
                                        1, p);
    if (res == NULL)
        return -1;
    PQclear(res);
    return 0;
}

int fl_when(fl_ctx_t *c, const char *epoch, char *out, size_t outsz)
{
    const char *p[] = {c->doctor_id, epoch};
    char day[64];
    PGresult *res =
        wa_pg_exec(c->pg, "appointment time",
                   "SELECT extract(isodow FROM l)::int, extract(day FROM l)::int, extract(month FROM l)::int,"
                   " to_char(l, 'HH12:MI AM') FROM (SELECT to_timestamp($2::bigint) AT TIME ZONE s.time_zone"
                   " AS l FROM clinic_settings s WHERE s.doctor_id = $1) x",
                   2, p);
    if (res == NULL)
        return -1;
    if (PQntuples(res) != 1) {
        PQclear(res);
        snprintf(out, outsz, "?");
        return 0;
    }
    fl_day_title(c->lang, atoi(PQgetvalue(res, 0, 0)), atoi(PQgetvalue(res, 0, 1)), atoi(PQgetvalue(res, 0, 2)), day,
                 sizeof(day));
    snprintf(out, outsz, "%s, %s", day, PQgetvalue(res, 0, 3));
    PQclear(res);
    return 0;
}

void fl_clinic(const fl_ctx_t *c, char *out, size_t outsz)
{
    const rt_doctor_t *d = c->t->doctor;
    if (d->clinic_name[0] != '\0')
        snprintf(out, outsz, "%s", d->clinic_name);
    else
        snprintf(out, outsz, "%s", d->name);
}
