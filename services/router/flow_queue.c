/*
 * The walk-in queue, patient side (see flow.h, flow_queue.h): "queue"/"token" takes today's next token for the doctor (today in
 * the doctor's time zone; one token per patient per day: the unique (doctor, day, patient) makes a second join
 * return the same token, and a concurrent join that picked the same number fails on the primary key and is run
 * again; none once staff closed the queue for the day), "status" tells the position and the estimated wait (patients
 * before you x the doctor's consult_minutes). Staff advance the queue with `wactl queue next` (tools/wactl/queue.c),
 * which notifies the patients.
 */
#include "flow_queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#include "flow_text.h"

#define FL_QUEUE_ATTEMPTS 8

/* Replies with the patient's token of today; `joined` picks the text. Returns 1, 0 when the patient has no token
 * today, -1 on failure. */
static int tell(fl_ctx_t *c, int joined)
{
    const char *p[] = {c->doctor_id, c->t->patient_id};
    char token[16], ahead[16], minutes[16];
    char status[16];
    char *text;
    PGresult *res;
    int rc;

    res = wa_pg_exec_prepared(c->pg, "queue position",
                     "SELECT q.token, q.status, (SELECT count(*) FROM queue_tokens o WHERE o.doctor_id = q.doctor_id"
                     " AND o.day = q.day AND o.status = 'waiting' AND o.token < q.token)::int, s.consult_minutes"
                     " FROM clinic_settings s JOIN queue_tokens q ON q.doctor_id = s.doctor_id"
                     " AND q.day = (now() AT TIME ZONE s.time_zone)::date WHERE s.doctor_id = $1 AND q.patient_id = $2",
                     2, p);
    if (res == NULL)
        return -1;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return 0;
    }
    snprintf(token, sizeof(token), "%s", PQgetvalue(res, 0, 0));
    snprintf(status, sizeof(status), "%s", PQgetvalue(res, 0, 1));
    snprintf(ahead, sizeof(ahead), "%s", PQgetvalue(res, 0, 2));
    snprintf(minutes, sizeof(minutes), "%d", atoi(ahead) * atoi(PQgetvalue(res, 0, 3)));
    PQclear(res);
    if (strcmp(status, "called") == 0)
        text = fl_render(c->lang, FL_T_QUEUE_CALLED, token, NULL, NULL);
    else if (strcmp(status, "waiting") != 0)
        text = fl_render(c->lang, FL_T_QUEUE_DONE, token, NULL, NULL);
    else
        text = fl_render(c->lang, joined ? FL_T_QUEUE_JOINED : FL_T_QUEUE_HAVE, token, ahead, minutes);
    rc = fl_reply_text(c, text);
    free(text);
    return rc < 0 ? -1 : 1;
}

int fl_queue_join(fl_ctx_t *c)
{
    const char *p[] = {c->doctor_id, c->t->patient_id};
    int joined = 0, rc;

    for (int attempt = 0;; attempt++) {
        PGresult *res = wa_pg_exec(
            c->pg, "queue join",
            "WITH s AS (SELECT (now() AT TIME ZONE time_zone)::date AS day FROM clinic_settings WHERE doctor_id = $1"
            " AND NOT EXISTS (SELECT 1 FROM queue_days k WHERE k.doctor_id = $1"
            " AND k.day = (now() AT TIME ZONE time_zone)::date))"
            " INSERT INTO queue_tokens (doctor_id, day, token, patient_id)"
            " SELECT $1, s.day, coalesce((SELECT max(token) FROM queue_tokens q WHERE q.doctor_id = $1"
            " AND q.day = s.day), 0) + 1, $2 FROM s"
            " ON CONFLICT (doctor_id, day, patient_id) DO NOTHING RETURNING token",
            2, p);
        if (res == NULL) {
            if (strcmp(wa_pg_sqlstate(c->pg), "23505") == 0 && attempt + 1 < FL_QUEUE_ATTEMPTS)
                continue; /* a concurrent join took that number */
            return -1;
        }
        joined = PQntuples(res) == 1;
        if (joined)
            wa_info("queue token issued", "doctor_id", c->doctor_id, "patient_id", c->t->patient_id, "token",
                    PQgetvalue(res, 0, 0));
        PQclear(res);
        break;
    }
    rc = tell(c, joined);
    if (rc == 0) /* no token: the queue is closed for today */
        return fl_reply_text(c, fl_text(c->lang, FL_T_QUEUE_CLOSED)) < 0 ? -1 : 1;
    return rc;
}

int fl_queue_status(fl_ctx_t *c)
{
    int rc = tell(c, 0);
    char *json;

    if (rc != 0)
        return rc;
    fl_choice_t b[1] = {{"queue:join", fl_text(c->lang, FL_T_BTN_JOIN), NULL}};
    json = fl_buttons_json(fl_text(c->lang, FL_T_QUEUE_NONE), b, 1);
    rc = fl_reply(c, "interactive", json);
    free(json);
    return rc < 0 ? -1 : 1;
}
