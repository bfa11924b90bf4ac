/*
 * Appointment reminders (see flow.h): a thread of the router scans for booked appointments due for their 24-hour
 * and 2-hour reminders every ROUTER_REMINDER_INTERVAL_MS (default 60000; 0 turns it off). Each reminder is claimed
 * by one UPDATE ... SET reminded_Xh_at = now() WHERE reminded_Xh_at IS NULL ... RETURNING: whatever the number of
 * router replicas and restarts, exactly one scan gets each row; the reminder then goes to wa:out under the out_id
 * "remind24:<appointment>" / "remind2:<appointment>" (the sender sends an out_id at most once). Inside WhatsApp's
 * 24-hour window it is a text in the conversation's language, outside it the doctor's approved template
 * (clinic_settings.reminder_template, {{1}} clinic, {{2}} date and time, {{3}} address). Patients who opted out and
 * disabled doctors get none (the row is claimed all the same). A reminder is only due when the appointment was booked
 * before that point (a booking made 3 hours ahead gets the 2-hour reminder only). The thread has its own PostgreSQL
 * and Redis connections.
 */
#include "flow.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"

#include <cjson/cJSON.h>

#include "flow_text.h"

struct st_fl_remind_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    redisContext *redis;
    long interval_ms;
    pthread_t thread;
    atomic_int stop;
    wa_metric_t *m_scans, *m_sent;
};

static redisReply *rcmd(fl_remind_t *m, int argc, const char **argv, const size_t *lens)
{
    redisReply *r;
    if (m->redis == NULL && (m->redis = wa_redis_connect(m->cfg->redis_url, 5000)) == NULL)
        return NULL;
    if ((r = wa_redis_cmd(m->redis, argc, argv, lens)) == NULL) {
        redisFree(m->redis);
        m->redis = NULL;
        return NULL;
    }
    if (r->type == REDIS_REPLY_ERROR) {
        wa_warn("redis error reply", "command", "reminder", "error", r->str);
        freeReplyObject(r);
        return NULL;
    }
    return r;
}

char *fl_remind_template_json(const char *name, const char *lang, const char *clinic, const char *when,
                              const char *address)
{
    cJSON *root = cJSON_CreateObject(), *t, *l, *comps, *comp, *params;
    const char *values[3] = {clinic, when, address};
    char *s, *out;

    if (root == NULL || cJSON_AddStringToObject(root, "type", "template") == NULL ||
        (t = cJSON_AddObjectToObject(root, "template")) == NULL || cJSON_AddStringToObject(t, "name", name) == NULL ||
        (l = cJSON_AddObjectToObject(t, "language")) == NULL || cJSON_AddStringToObject(l, "code", lang) == NULL ||
        (comps = cJSON_AddArrayToObject(t, "components")) == NULL || (comp = cJSON_CreateObject()) == NULL)
        wa_fatal("out of memory");
    cJSON_AddItemToArray(comps, comp);
    if (cJSON_AddStringToObject(comp, "type", "body") == NULL ||
        (params = cJSON_AddArrayToObject(comp, "parameters")) == NULL)
        wa_fatal("out of memory");
    for (int i = 0; i < 3; i++) {
        cJSON *p = cJSON_CreateObject();
        if (p == NULL || cJSON_AddStringToObject(p, "type", "text") == NULL ||
            cJSON_AddStringToObject(p, "text", values[i] != NULL && values[i][0] != '\0' ? values[i] : "-") == NULL)
            wa_fatal("out of memory");
        cJSON_AddItemToArray(params, p);
    }
    if ((s = cJSON_PrintUnformatted(root)) == NULL)
        wa_fatal("out of memory");
    out = wa_strdup(s);
    cJSON_free(s);
    cJSON_Delete(root);
    return out;
}

/* The conversation's language of a patient ("hi" or "en"). */
static const char *lang_of(fl_remind_t *m, const char *doctor_id, const char *wa_id)
{
    char key[300], id[200];
    const char *argv[] = {"HGET", key, "lang"};
    redisReply *r;
    int hi;
    snprintf(id, sizeof(id), "%s:%s", doctor_id, wa_id);
    wa_config_key(m->cfg, key, sizeof(key), "conv:", id);
    if ((r = rcmd(m, 3, argv, NULL)) == NULL)
        return "en";
    hi = r->type == REDIS_REPLY_STRING && strcmp(r->str, "hi") == 0;
    freeReplyObject(r);
    return hi ? "hi" : "en";
}

/* Claims and sends the due reminders of one kind (hours 24 or 2). */
static void scan_kind(fl_remind_t *m, int hours)
{
    const char *col = hours == 24 ? "reminded_24h_at" : "reminded_2h_at";
    char sql[2048];
    PGresult *res;

    snprintf(
        sql, sizeof(sql),
        "UPDATE appointments a SET %s = now() FROM patients p, doctors d, clinic_settings s"
        " WHERE p.id = a.patient_id AND d.id = a.doctor_id AND s.doctor_id = a.doctor_id"
        " AND a.status = 'booked' AND a.%s IS NULL"
        " AND a.slot_start > now() + make_interval(hours => %d) AND a.slot_start <= now() + make_interval(hours => %d)"
        " AND a.created_at <= a.slot_start - make_interval(hours => %d)"
        " RETURNING a.id, a.doctor_id, p.wa_id, p.opted_out OR NOT d.is_active,"
        " coalesce(p.last_inbound_at > now() - interval '23 hours', false),"
        " extract(isodow FROM a.slot_start AT TIME ZONE s.time_zone)::int,"
        " extract(day FROM a.slot_start AT TIME ZONE s.time_zone)::int,"
        " extract(month FROM a.slot_start AT TIME ZONE s.time_zone)::int,"
        " to_char(a.slot_start AT TIME ZONE s.time_zone, 'HH12:MI AM'),"
        " coalesce(nullif(d.clinic_name, ''), d.name), coalesce(d.clinic_address, ''), s.reminder_template,"
        " s.reminder_lang",
        col, col, hours == 24 ? 2 : 0, hours, hours);
    if ((res = wa_pg_exec(m->pg, "reminders due", sql, 0, NULL)) == NULL)
        return;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *id = PQgetvalue(res, i, 0), *doctor_id = PQgetvalue(res, i, 1), *wa_id = PQgetvalue(res, i, 2);
        const char *clinic = PQgetvalue(res, i, 9), *address = PQgetvalue(res, i, 10);
        char out_id[80], day[64], when[100];
        char *message;
        const char *kind;

        if (strcmp(PQgetvalue(res, i, 3), "t") == 0) {
            wa_info("reminder skipped (opted out or doctor disabled)", "appointment_id", id, "doctor_id", doctor_id);
            continue;
        }
        const char *lang = lang_of(m, doctor_id, wa_id);
        fl_day_title(lang, atoi(PQgetvalue(res, i, 5)), atoi(PQgetvalue(res, i, 6)), atoi(PQgetvalue(res, i, 7)), day,
                     sizeof(day));
        snprintf(when, sizeof(when), "%s, %s", day, PQgetvalue(res, i, 8));
        if (strcmp(PQgetvalue(res, i, 4), "t") == 0) {
            char *text = fl_render(lang, FL_T_REMIND, clinic, when, address[0] != '\0' ? address : "-");
            message = wa_text_message_json(text);
            free(text);
            kind = "text";
        } else {
            message = fl_remind_template_json(PQgetvalue(res, i, 11), PQgetvalue(res, i, 12), clinic, when, address);
            kind = "template";
        }
        snprintf(out_id, sizeof(out_id), "remind%d:%s", hours, id);
        char created[24];
        snprintf(created, sizeof(created), "%lld", wa_now_ms());
        wa_out_msg_t out = {.out_id = out_id,
                            .doctor_id = doctor_id,
                            .to = wa_id,
                            .kind = kind,
                            .message = message,
                            .reply_to = "",
                            .source = "reminder",
                            .created_at = created,
                            .attempt = "0"};
        wa_cmd_t cmd;
        redisReply *r = NULL;
        wa_cmd_init(&cmd);
        wa_out_msg_xadd(&cmd, m->cfg->key_out, &out);
        if (!cmd.overflow)
            r = rcmd(m, cmd.argc, cmd.argv, cmd.argvlen);
        free(message);
        if (r == NULL) {
            /* not sent: give the row back so that the next scan (of any replica) sends it */
            char undo[200];
            const char *p[] = {id};
            snprintf(undo, sizeof(undo), "UPDATE appointments SET %s = NULL WHERE id = $1", col);
            (void)wa_pg_run(m->pg, "reminder unclaim", undo, 1, p);
            wa_warn("reminder not queued: Redis failed", "appointment_id", id);
            continue;
        }
        freeReplyObject(r);
        wa_metric_add(m->m_sent, 1);
        wa_info("reminder queued", "appointment_id", id, "doctor_id", doctor_id, "out_id", out_id, "kind", kind);
    }
    PQclear(res);
}

static void *run(void *arg)
{
    fl_remind_t *m = arg;
    while (!atomic_load(&m->stop)) {
        scan_kind(m, 24);
        scan_kind(m, 2);
        wa_metric_add(m->m_scans, 1);
        for (long waited = 0; waited < m->interval_ms && !atomic_load(&m->stop); waited += 50) {
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    return NULL;
}

fl_remind_t *fl_remind_start(const wa_config_t *cfg)
{
    long ms = cfg->router_reminder_interval_ms; /* range-checked at start (wa_config_load) */
    fl_remind_t *m;

    if (ms == 0)
        return NULL;
    m = wa_calloc(1, sizeof(*m));
    m->cfg = cfg;
    m->interval_ms = ms;
    m->pg = wa_pg_create(cfg->database_url);
    atomic_init(&m->stop, 0);
    m->m_scans =
        wa_metric(WA_METRIC_COUNTER, "wa_router_reminder_scans_total", "", "Scans for due appointment reminders");
    m->m_sent = wa_metric(WA_METRIC_COUNTER, "wa_router_reminders_total", "", "Appointment reminders queued");
    if (pthread_create(&m->thread, NULL, run, m) != 0)
        wa_fatal("cannot start the reminder thread");
    return m;
}

void fl_remind_stop(fl_remind_t *m)
{
    if (m == NULL)
        return;
    atomic_store(&m->stop, 1);
    pthread_join(m->thread, NULL);
    if (m->redis != NULL)
        redisFree(m->redis);
    wa_pg_destroy(m->pg);
    free(m);
}
