/*
 * Booking (see flow.h, flow_book.h): the day list, the slot list of a day, the confirm buttons and the booking itself, "my
 * appointment", cancel and reschedule. The free slots are computed in SQL from the doctor's clinic_settings, blocked
 * days and slot_bookings at each turn, so a schedule change applies at once. A booking is one statement that takes
 * the lowest free place of the slot in slot_bookings, whose primary key (doctor, slot, place) makes two concurrent
 * bookings of the last place end with exactly one row: the other statement fails with a unique violation and is run
 * again, and finds the slot full (then the patient is offered the next free slots). The confirming message's wamid is
 * kept with the appointment, so a redelivered confirmation books nothing twice. A patient holds at most
 * clinic_settings.max_upcoming_per_patient upcoming appointments (migration 006): the booking counts them in the same
 * transaction that locks the patient's row, so that concurrent confirmations of one patient cannot pass it either.
 */
#include "flow_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/clinic.h"
#include "wa/log.h"

#include "flow_text.h"

/* The free-slot computation and the booking statement are libwa's (wa/clinic.h), shared with the dashboard. */
#define FL_SLOTS_CTE WA_CLINIC_SLOTS_CTE

#define FL_BOOK_ATTEMPTS WA_CLINIC_BOOK_ATTEMPTS

/* The patient's booked appointments still to come (the one being rescheduled not counted) and the clinic's limit.
 * Inside the booking's transaction it runs after the patient's row is locked, so it sees every booking committed
 * before. Returns 1 when the patient is at the limit (*count set), 0 when not, -1 on failure. */
static int at_limit(fl_ctx_t *c, char *count, size_t countsz)
{
    const char *p[] = {c->doctor_id, c->t->patient_id, c->resched};
    PGresult *res = wa_pg_exec(c->pg, "upcoming appointments",
                               "SELECT count(*), coalesce((SELECT max_upcoming_per_patient FROM clinic_settings"
                               " WHERE doctor_id = $1), 2) FROM appointments WHERE doctor_id = $1 AND patient_id = $2"
                               " AND status = 'booked' AND slot_start > now()"
                               " AND id IS DISTINCT FROM nullif($3, '')::uuid",
                               3, p);
    int rc;
    if (res == NULL)
        return -1;
    rc = PQntuples(res) == 1 && atol(PQgetvalue(res, 0, 0)) >= atol(PQgetvalue(res, 0, 1));
    if (PQntuples(res) == 1)
        snprintf(count, countsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* Tells the patient about the limit when at it (before offering days or slots that could not be booked). Returns 1
 * when it replied, 0 when the patient may book, -1 on failure. */
static int limit_reply(fl_ctx_t *c)
{
    char count[24] = "";
    char *text;
    int rc;
    if (c->resched[0] != '\0')
        return 0; /* a reschedule replaces an appointment: never more of them */
    if ((rc = at_limit(c, count, sizeof(count))) <= 0)
        return rc;
    wa_info("booking refused: the patient is at the limit of upcoming appointments", "doctor_id", c->doctor_id,
            "patient_id", c->t->patient_id, "upcoming", count);
    text = fl_render(c->lang, FL_T_LIMIT, count, NULL, NULL);
    rc = fl_reply_text(c, text);
    free(text);
    return rc < 0 ? -1 : 1;
}

int fl_book_days(fl_ctx_t *c, const char *intro)
{
    const char *p[] = {c->doctor_id};
    fl_choice_t rows[10];
    char ids[10][32], titles[10][64], descs[10][32];
    PGresult *res;
    char *json;
    int n, rc;

    if ((rc = limit_reply(c)) != 0)
        return rc;
    res =
        wa_pg_exec(c->pg, "free days",
                   FL_SLOTS_CTE "SELECT day::text, extract(isodow FROM day)::int, extract(day FROM day)::int,"
                                " extract(month FROM day)::int, count(*) FROM free GROUP BY day ORDER BY day LIMIT 10",
                   1, p);
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    if (n == 0) {
        PQclear(res);
        return fl_reply_text(c, fl_text(c->lang, FL_T_NO_DAYS)) < 0 ? -1 : 1;
    }
    for (int i = 0; i < n; i++) {
        snprintf(ids[i], sizeof(ids[i]), "day:%s", PQgetvalue(res, i, 0));
        fl_day_title(c->lang, atoi(PQgetvalue(res, i, 1)), atoi(PQgetvalue(res, i, 2)), atoi(PQgetvalue(res, i, 3)),
                     titles[i], sizeof(titles[i]));
        snprintf(descs[i], sizeof(descs[i]), "%s %s", PQgetvalue(res, i, 4),
                 strcmp(c->lang, "hi") == 0 ? "खाली" : "free");
        rows[i] = (fl_choice_t){ids[i], titles[i], descs[i]};
    }
    PQclear(res);
    json = fl_list_json(intro != NULL ? intro : fl_text(c->lang, FL_T_PICK_DAY), fl_text(c->lang, FL_T_BTN_DAYS),
                        fl_text(c->lang, FL_T_BTN_DAYS), rows, (size_t)n);
    rc = fl_reply(c, "interactive", json);
    free(json);
    return rc < 0 ? -1 : 1;
}

/* A list of free slots: of one day (day != NULL) or from a time on (after != NULL, titles with the day). */
static int slot_list(fl_ctx_t *c, const char *day, const char *after, const char *body)
{
    const char *p[] = {c->doctor_id, day != NULL ? day : after};
    fl_choice_t rows[10];
    char ids[10][40], titles[10][64];
    PGresult *res;
    char *json;
    int n, rc;

    res = wa_pg_exec(
        c->pg, "free slots",
        day != NULL ? FL_SLOTS_CTE "SELECT extract(epoch FROM slot_start)::bigint, to_char(local_ts, 'HH12:MI AM'),"
                                   " 0, 0, 0 FROM free WHERE day = $2::date ORDER BY slot_start LIMIT 10"
                    : FL_SLOTS_CTE "SELECT extract(epoch FROM slot_start)::bigint, to_char(local_ts, 'HH12:MI AM'),"
                                   " extract(isodow FROM day)::int, extract(day FROM day)::int,"
                                   " extract(month FROM day)::int FROM free"
                                   " WHERE slot_start >= to_timestamp($2::bigint) ORDER BY slot_start LIMIT 10",
        2, p);
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    if (n == 0) {
        PQclear(res);
        if (day == NULL)
            return fl_reply_text(c, fl_text(c->lang, FL_T_NO_DAYS)) < 0 ? -1 : 1;
        return fl_book_days(c, fl_text(c->lang, FL_T_PICK_DAY));
    }
    for (int i = 0; i < n; i++) {
        snprintf(ids[i], sizeof(ids[i]), "slot:%s", PQgetvalue(res, i, 0));
        if (day != NULL) {
            snprintf(titles[i], sizeof(titles[i]), "%s", PQgetvalue(res, i, 1));
        } else {
            char d[40];
            fl_day_title(c->lang, atoi(PQgetvalue(res, i, 2)), atoi(PQgetvalue(res, i, 3)), atoi(PQgetvalue(res, i, 4)),
                         d, sizeof(d));
            snprintf(titles[i], sizeof(titles[i]), "%s %s", d, PQgetvalue(res, i, 1));
        }
        rows[i] = (fl_choice_t){ids[i], titles[i], NULL};
    }
    PQclear(res);
    json = fl_list_json(body, fl_text(c->lang, FL_T_BTN_SLOTS), fl_text(c->lang, FL_T_BTN_SLOTS), rows, (size_t)n);
    rc = fl_reply(c, "interactive", json);
    free(json);
    return rc < 0 ? -1 : 1;
}

int fl_book_day(fl_ctx_t *c, const char *day)
{
    const char *p[] = {c->doctor_id, day};
    char title[64];
    char *body;
    PGresult *res;
    int rc;

    res = wa_pg_exec(c->pg, "day title",
                     "SELECT extract(isodow FROM $2::date)::int, extract(day FROM $2::date)::int,"
                     " extract(month FROM $2::date)::int WHERE $1::uuid IS NOT NULL",
                     2, p);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1)
        fl_day_title(c->lang, atoi(PQgetvalue(res, 0, 0)), atoi(PQgetvalue(res, 0, 1)), atoi(PQgetvalue(res, 0, 2)),
                     title, sizeof(title));
    else
        snprintf(title, sizeof(title), "%s", day);
    PQclear(res);
    body = fl_render(c->lang, FL_T_PICK_SLOT, title, NULL, NULL);
    rc = slot_list(c, day, NULL, body);
    free(body);
    return rc;
}

/* 1 when the slot at `epoch` has a free place now, 0 if not (full, past, not in the schedule), -1 on failure. */
static int slot_free(fl_ctx_t *c, const char *epoch)
{
    const char *p[] = {c->doctor_id, epoch};
    PGresult *res = wa_pg_exec(c->pg, "slot free",
                               FL_SLOTS_CTE "SELECT 1 FROM free WHERE slot_start = to_timestamp($2::bigint)", 2, p);
    int n;
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    PQclear(res);
    return n > 0;
}

/* The slot was taken (or is gone): the next free slots from it on. */
static int offer_next(fl_ctx_t *c, const char *epoch)
{
    return slot_list(c, NULL, epoch, fl_text(c->lang, FL_T_TAKEN));
}

int fl_book_slot(fl_ctx_t *c, const char *epoch)
{
    char when[80], confirm_id[40];
    char *body, *json;
    int rc = slot_free(c, epoch);

    if (rc < 0)
        return -1;
    if (rc == 0)
        return offer_next(c, epoch);
    if (fl_when(c, epoch, when, sizeof(when)) != 0)
        return -1;
    snprintf(confirm_id, sizeof(confirm_id), "confirm:%s", epoch);
    fl_choice_t b[2] = {{confirm_id, fl_text(c->lang, FL_T_BTN_CONFIRM), NULL},
                        {"book:other", fl_text(c->lang, FL_T_BTN_OTHER), NULL}};
    body = fl_render(c->lang, FL_T_CONFIRM_Q, when, NULL, NULL);
    json = fl_buttons_json(body, b, 2);
    rc = fl_reply(c, "interactive", json);
    free(json);
    free(body);
    return rc < 0 ? -1 : 1;
}

/* Cancels a booked appointment of this patient (frees its place). Returns 1 when cancelled (its time in *epoch),
 * 0 when it was not booked, -1 on failure. */
static int cancel_one(fl_ctx_t *c, const char *appointment_id, char *epoch, size_t epochsz)
{
    const char *p[] = {c->doctor_id, appointment_id, c->t->patient_id};
    PGresult *res = wa_pg_exec(c->pg, "cancel appointment",
                               "WITH a AS (UPDATE appointments SET status = 'cancelled', cancelled_at = now()"
                               " WHERE id = $2 AND doctor_id = $1 AND patient_id = $3 AND status = 'booked'"
                               " RETURNING id, slot_start),"
                               " del AS (DELETE FROM slot_bookings b USING a WHERE b.appointment_id = a.id RETURNING 1)"
                               " SELECT extract(epoch FROM slot_start)::bigint, (SELECT count(*) FROM del) FROM a",
                               3, p);
    int n;
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    if (n == 1)
        snprintf(epoch, epochsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return n == 1;
}

static int reply_booked(fl_ctx_t *c, const char *epoch)
{
    const char *p[] = {c->doctor_id};
    char when[80], clinic[200], address[300];
    PGresult *res;
    char *text;
    int rc;

    if (fl_when(c, epoch, when, sizeof(when)) != 0)
        return -1;
    if ((res = wa_pg_exec(c->pg, "clinic address", "SELECT coalesce(clinic_address, '') FROM doctors WHERE id = $1", 1,
                          p)) == NULL)
        return -1;
    snprintf(address, sizeof(address), "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
    fl_clinic(c, clinic, sizeof(clinic));
    text = fl_render(c->lang, FL_T_BOOKED, clinic, when, address[0] != '\0' ? address : "-");
    rc = fl_reply_text(c, text);
    free(text);
    return rc < 0 ? -1 : 1;
}

/* Ends the booking's transaction after a failure (on a reset connection there is none: harmless). */
static void book_rollback(fl_ctx_t *c)
{
    (void)wa_pg_run(c->pg, "book rollback", "ROLLBACK", 0, NULL);
}

int fl_book_confirm(fl_ctx_t *c, const char *epoch)
{
    const char *wamid = c->t->message->id;
    const char *p[] = {c->doctor_id, epoch, c->t->patient_id, wamid};
    PGresult *res;

    /* a redelivered confirmation: the appointment it made */
    res = wa_pg_exec(c->pg, "booking by wamid",
                     "SELECT extract(epoch FROM slot_start)::bigint FROM appointments WHERE source_wamid = $1"
                     " AND doctor_id = $2",
                     2, (const char *[]){wamid, c->doctor_id});
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1) {
        char e[32];
        snprintf(e, sizeof(e), "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
        return reply_booked(c, e);
    }
    PQclear(res);

    for (int attempt = 0; attempt < FL_BOOK_ATTEMPTS; attempt++) {
        /* the same patient, the same slot, already booked */
        res = wa_pg_exec(c->pg, "booking exists",
                         "SELECT 1 FROM appointments WHERE doctor_id = $1 AND patient_id = $3 AND status = 'booked'"
                         " AND slot_start = to_timestamp($2::bigint)",
                         3, p);
        if (res == NULL)
            return -1;
        if (PQntuples(res) > 0) {
            char when[80];
            char *text;
            int rc;
            PQclear(res);
            if (fl_when(c, epoch, when, sizeof(when)) != 0)
                return -1;
            text = fl_render(c->lang, FL_T_ALREADY, when, NULL, NULL);
            rc = fl_reply_text(c, text);
            free(text);
            return rc < 0 ? -1 : 1;
        }
        PQclear(res);
        /* one transaction: the patient's row locked, the limit counted, the place taken */
        if (wa_pg_run(c->pg, "book begin", "BEGIN", 0, NULL) != 0)
            return -1;
        res = wa_pg_exec(c->pg, "lock patient", "SELECT 1 FROM patients WHERE id = $1 AND doctor_id = $2 FOR UPDATE", 2,
                         (const char *[]){c->t->patient_id, c->doctor_id});
        if (res == NULL) {
            book_rollback(c);
            return -1;
        }
        PQclear(res);
        {
            char count[24] = "";
            int limit = c->resched[0] != '\0' ? 0 : at_limit(c, count, sizeof(count));
            if (limit != 0) {
                book_rollback(c);
                if (limit < 0)
                    return -1;
                char *text = fl_render(c->lang, FL_T_LIMIT, count, NULL, NULL);
                int rc = fl_reply_text(c, text);
                free(text);
                wa_info("booking refused: the patient is at the limit of upcoming appointments", "doctor_id",
                        c->doctor_id, "patient_id", c->t->patient_id, "upcoming", count);
                return rc < 0 ? -1 : 1;
            }
        }
        res = wa_pg_exec(c->pg, "book", WA_CLINIC_BOOK_SQL, 4, p);
        if (res == NULL) {
            int taken = strcmp(wa_pg_sqlstate(c->pg), "23505") == 0;
            book_rollback(c);
            if (taken) {
                wa_info("slot place taken by a concurrent booking: trying again", "doctor_id", c->doctor_id);
                continue;
            }
            return -1;
        }
        if (PQntuples(res) == 0) { /* full, past, or not in the schedule (any more) */
            PQclear(res);
            book_rollback(c);
            wa_info("slot full: offering the next ones", "doctor_id", c->doctor_id, "patient_id", c->t->patient_id);
            return offer_next(c, epoch);
        }
        char appointment_id[64];
        snprintf(appointment_id, sizeof(appointment_id), "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
        if (wa_pg_run(c->pg, "book commit", "COMMIT", 0, NULL) != 0) {
            book_rollback(c);
            return -1;
        }
        wa_info("appointment booked", "doctor_id", c->doctor_id, "patient_id", c->t->patient_id, "appointment_id",
                appointment_id);
        if (c->resched[0] != '\0') {
            char old[32];
            if (cancel_one(c, c->resched, old, sizeof(old)) < 0 || fl_conv_set(c, "resched", "") != 0)
                return -1;
        }
        return reply_booked(c, epoch);
    }
    wa_warn("booking kept conflicting: left for a retry", "doctor_id", c->doctor_id);
    return -1;
}

int fl_book_mine(fl_ctx_t *c)
{
    const char *p[] = {c->doctor_id, c->t->patient_id};
    char list[1024] = "", first[40] = "", cancel_id[48], resched_id[48];
    size_t len = 0;
    PGresult *res;
    char *body, *json;
    int n, rc;

    res = wa_pg_exec(c->pg, "my appointments",
                     "SELECT a.id, extract(epoch FROM a.slot_start)::bigint FROM appointments a"
                     " WHERE a.doctor_id = $1 AND a.patient_id = $2 AND a.status = 'booked' AND a.slot_start > now()"
                     " ORDER BY a.slot_start LIMIT 5",
                     2, p);
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    if (n == 0) {
        PQclear(res);
        fl_choice_t b[1] = {{"menu:book", fl_text(c->lang, FL_T_BTN_BOOK), NULL}};
        json = fl_buttons_json(fl_text(c->lang, FL_T_NO_APPT), b, 1);
        rc = fl_reply(c, "interactive", json);
        free(json);
        return rc < 0 ? -1 : 1;
    }
    snprintf(first, sizeof(first), "%s", PQgetvalue(res, 0, 0));
    for (int i = 0; i < n; i++) {
        char when[80];
        if (fl_when(c, PQgetvalue(res, i, 1), when, sizeof(when)) != 0) {
            PQclear(res);
            return -1;
        }
        int w = snprintf(list + len, sizeof(list) - len, "%s%d. %s", i > 0 ? "\n" : "", i + 1, when);
        if (w > 0 && (size_t)w < sizeof(list) - len)
            len += (size_t)w;
    }
    PQclear(res);
    snprintf(cancel_id, sizeof(cancel_id), "cancel:%s", first);
    snprintf(resched_id, sizeof(resched_id), "resched:%s", first);
    fl_choice_t b[2] = {{cancel_id, fl_text(c->lang, FL_T_BTN_CANCEL), NULL},
                        {resched_id, fl_text(c->lang, FL_T_BTN_RESCHEDULE), NULL}};
    body = fl_render(c->lang, FL_T_MY_APPT, list, NULL, NULL);
    json = fl_buttons_json(body, b, 2);
    rc = fl_reply(c, "interactive", json);
    free(json);
    free(body);
    return rc < 0 ? -1 : 1;
}

int fl_book_cancel(fl_ctx_t *c, const char *appointment_id)
{
    char epoch[32], when[80];
    char *text;
    int rc = cancel_one(c, appointment_id, epoch, sizeof(epoch));

    if (rc < 0)
        return -1;
    if (rc == 0)
        return fl_reply_text(c, fl_text(c->lang, FL_T_NOT_FOUND)) < 0 ? -1 : 1;
    wa_info("appointment cancelled by the patient", "doctor_id", c->doctor_id, "appointment_id", appointment_id);
    if (fl_when(c, epoch, when, sizeof(when)) != 0)
        return -1;
    text = fl_render(c->lang, FL_T_CANCELLED, when, NULL, NULL);
    rc = fl_reply_text(c, text);
    free(text);
    return rc < 0 ? -1 : 1;
}

int fl_book_reschedule(fl_ctx_t *c, const char *appointment_id)
{
    const char *p[] = {c->doctor_id, appointment_id, c->t->patient_id};
    PGresult *res = wa_pg_exec(c->pg, "appointment to reschedule",
                               "SELECT 1 FROM appointments WHERE id = $2 AND doctor_id = $1 AND patient_id = $3"
                               " AND status = 'booked'",
                               3, p);
    int n;
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    PQclear(res);
    if (n == 0)
        return fl_reply_text(c, fl_text(c->lang, FL_T_NOT_FOUND)) < 0 ? -1 : 1;
    if (fl_conv_set(c, "resched", appointment_id) != 0)
        return -1;
    snprintf(c->resched, sizeof(c->resched), "%s", appointment_id);
    return fl_book_days(c, NULL);
}

int fl_book_at(fl_ctx_t *c, const char *when)
{
    char day[16], minutes[16], epoch[32];
    const char *colon = strchr(when, ':');
    PGresult *res;
    int rc;

    if (colon == NULL || (size_t)(colon - when) >= sizeof(day))
        return 0;
    memcpy(day, when, (size_t)(colon - when));
    day[colon - when] = '\0';
    snprintf(minutes, sizeof(minutes), "%s", colon + 1);
    const char *p[] = {c->doctor_id, day, minutes};
    res = wa_pg_exec(c->pg, "free-text time",
                     "SELECT extract(epoch FROM (((now() AT TIME ZONE s.time_zone)::date + CASE WHEN $2::int >= 0"
                     " THEN $2::int ELSE (-$2::int - extract(isodow FROM now() AT TIME ZONE s.time_zone)::int + 7) % 7"
                     " END) + make_interval(mins => $3::int)) AT TIME ZONE s.time_zone)::bigint"
                     " FROM clinic_settings s WHERE s.doctor_id = $1",
                     3, p);
    if (res == NULL)
        return -1;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return -1;
    }
    snprintf(epoch, sizeof(epoch), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    if ((rc = limit_reply(c)) != 0)
        return rc;
    if ((rc = slot_free(c, epoch)) < 0)
        return -1;
    if (rc > 0)
        return fl_book_slot(c, epoch);
    return slot_list(c, NULL, epoch, fl_text(c->lang, FL_T_NOT_FREE));
}
