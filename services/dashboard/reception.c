/*
 * The reception (services/dashboard, issue 17): the doctor's appointments in day and week views with their free and
 * taken places, a booking for a patient who phoned, cancel, reschedule, arrived and no-show, blocked days; today's
 * walk-in queue (call next, skip, recall, close) and the waiting-room display's view of it (tokens only, no patient
 * names or numbers); and the referrals per referrer over a period. Every route acts for the caller's clinic
 * (api.h): staff and clinic_admin alike, an operator with ?doctor=.
 *
 * The SQL of a booking, a cancellation and the queue, and the texts the patient gets, are libwa's (wa/clinic.h),
 * the same the router's flows and wactl run: a booking made here takes its place in slot_bookings as a WhatsApp
 * booking does, so that two receptionists and a patient racing for the last place end with exactly one
 * appointment (the others answer 409 slot_taken), and the patient reads the same confirmation. Messages to patients
 * go on wa:out only (wa_out_msg_manual; the queue's as `wactl queue` sends them), each under an out_id that names
 * what it is about, so that it is sent at most once; as the router's reminders, nothing to a patient who opted out,
 * and outside the 24-hour window a booking's confirmation is the clinic's appointment template. Every change writes
 * its audit row: bookings, cancellations, moves and blocked days in the change's transaction; attendance and the
 * queue (one statement each, as wactl runs them) right after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/clinic.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "api.h"
#include "http.h"
#include "inbox.h"

#define RX_MAX_DAYS 42      /* the longest period GET /appointments shows (six weeks) */
#define RX_MAX_REASON 500   /* characters of a reason told to the patient */
#define RX_DISPLAY_NEXT "5" /* the tokens after the current one that the waiting-room display shows */

/* --- helpers ------------------------------------------------------------------------------------------------- */

static void invalid(dash_call_t *c, const char *field, const char *what)
{
    cJSON *f = cJSON_CreateObject();
    if (f == NULL || cJSON_AddStringToObject(f, field, what) == NULL)
        wa_fatal("out of memory");
    dash_reply_error(c->req, 422, "invalid", what, f);
}

static void not_found(dash_call_t *c, const char *what)
{
    dash_reply_error(c->req, 404, "not_found", what, NULL);
}

/* Answers 200 with the one row's text that `sql` selects (a view of the clinic), 404 when the tenant has no clinic
 * settings, 503 on a failure. */
static void reply_view(dash_call_t *c, const char *what, const char *sql, int n, const char *const *p)
{
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, n, p);
    if (dash_one_row(c, res, "no such clinic") != 1)
        return;
    dash_reply_raw(c->req, 200, PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)));
    PQclear(res);
}

static void rollback(dash_call_t *c)
{
    (void)wa_pg_run(c->w->pg, "dashboard reception rollback", "ROLLBACK", 0, NULL);
}

/* Days since 1970-01-01 of a "YYYY-MM-DD" that is a real date, or -1 (a pure check; PostgreSQL reads the text). */
static long day_number(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    long y = atol(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    /* days from civil (proleptic Gregorian) */
    y -= m <= 2;
    long era = y / 400, yoe = y - era * 400, mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Reads ?from and ?to (YYYY-MM-DD, both optional) into from/to ("" when absent). Answers 422 and returns -1 when
 * one is not a date, `to` is before `from`, or the period is longer than max_days. */
static int period(dash_call_t *c, char *from, char *to, size_t sz, long max_days)
{
    const char *f = dash_http_query(c->req, "from"), *t = dash_http_query(c->req, "to");
    long fd = f != NULL ? day_number(f) : 0, td = t != NULL ? day_number(t) : 0;
    if (f != NULL && fd < 0) {
        invalid(c, "from", "a day as YYYY-MM-DD");
        return -1;
    }
    if (t != NULL && td < 0) {
        invalid(c, "to", "a day as YYYY-MM-DD");
        return -1;
    }
    if (f != NULL && t != NULL && (td < fd || td - fd >= max_days)) {
        char what[96];
        snprintf(what, sizeof(what), "on or after from, and at most %ld days in all", max_days);
        invalid(c, "to", what);
        return -1;
    }
    snprintf(from, sz, "%s", f != NULL ? f : "");
    snprintf(to, sz, "%s", t != NULL ? t : "");
    return 0;
}

/* The audit row of a change (inside the change's transaction when there is one). Returns 0 or -1. */
static int audit(dash_call_t *c, const char *action, const char *target, const cJSON *after)
{
    char actor[300];
    const char *ap[3];
    char *after_json = after != NULL ? cJSON_PrintUnformatted(after) : NULL;
    if (after != NULL && after_json == NULL)
        wa_fatal("out of memory");
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, ap[0], ap[1], ap[2], action, target, after_json};
    int rc = wa_pg_run(c->w->pg, "dashboard reception audit",
                       "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                       7, params);
    if (rc != 0)
        wa_error("could not write the audit row", "doctor_id", c->tenant, "action", action);
    free(after_json);
    return rc;
}

/* The clinic's settings row exists (the schedule's defaults until the clinic edits them). Returns 0 or -1. */
static int ensure_settings(dash_call_t *c)
{
    const char *p[] = {c->tenant};
    return wa_pg_run(c->w->pg, "dashboard reception settings",
                     "INSERT INTO clinic_settings (doctor_id) VALUES ($1) ON CONFLICT (doctor_id) DO NOTHING", 1, p);
}

/* The patient's conversation language, "hi" or "en" (the router's conversation hash; English when unknown). */
static const char *lang_of(dash_call_t *c, const char *wa_id)
{
    char key[300], id[200];
    snprintf(id, sizeof(id), "%s:%s", c->tenant, wa_id);
    wa_config_key(c->w->cfg->wa, key, sizeof(key), "conv:", id);
    const char *argv[] = {"HGET", key, "lang"};
    redisReply *r = dash_redis(c->w, 3, argv);
    int hi = r != NULL && r->type == REDIS_REPLY_STRING && strcmp(r->str, "hi") == 0;
    if (r != NULL)
        freeReplyObject(r);
    return hi ? "hi" : "en";
}

/* A time (unix seconds) as the patient reads it in `lang`, in the clinic's time zone. Returns 0 or -1. */
static int when_of(dash_call_t *c, const char *lang, const char *epoch, char *out, size_t outsz)
{
    const char *p[] = {c->tenant, epoch};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard reception when", WA_CLINIC_WHEN_SQL, 2, p);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1)
        wa_clinic_when(lang, atoi(PQgetvalue(res, 0, 0)), atoi(PQgetvalue(res, 0, 1)), atoi(PQgetvalue(res, 0, 2)),
                       PQgetvalue(res, 0, 3), out, outsz);
    else
        snprintf(out, outsz, "?");
    PQclear(res);
    return 0;
}

/* The clinic's name (or the doctor's) and address ("" when none). Returns 0 or -1. */
static int clinic_of(dash_call_t *c, char *name, size_t namesz, char *address, size_t addresssz)
{
    const char *p[] = {c->tenant};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard reception clinic",
                               "SELECT coalesce(nullif(clinic_name, ''), name), coalesce(clinic_address, '')"
                               " FROM doctors WHERE id = $1",
                               1, p);
    if (res == NULL)
        return -1;
    snprintf(name, namesz, "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
    snprintf(address, addresssz, "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 1) : "");
    PQclear(res);
    return 0;
}

/* Queues a message (kind "text" or "template", `message` its Graph object's JSON) to the patient on wa:out under
 * out_id (source "manual", or `source` when not NULL). Returns 0, or -1 when Redis did not take it (logged). */
static int send_message(dash_call_t *c, const char *out_id, const char *wa_id, const char *kind, const char *message,
                        const char *source)
{
    char created[24];
    wa_cmd_t cmd;
    redisReply *r;
    int rc;

    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_out_msg_t m = wa_out_msg_manual(out_id, c->tenant, wa_id, kind, message, created);
    if (source != NULL)
        m.source = source;
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, c->w->cfg->wa->key_out, &m);
    r = cmd.overflow ? NULL : dash_redis(c->w, cmd.argc, cmd.argv);
    rc = r != NULL && r->type == REDIS_REPLY_STRING ? 0 : -1;
    if (r != NULL)
        freeReplyObject(r);
    if (rc != 0)
        wa_warn("the patient's message could not be queued", "doctor_id", c->tenant, "out_id", out_id);
    else
        wa_info("reception message queued", "doctor_id", c->tenant, "out_id", out_id, "kind", kind);
    return rc;
}

static int send_text(dash_call_t *c, const char *out_id, const char *wa_id, const char *text, const char *source)
{
    char *message = wa_text_message_json(text);
    int rc = send_message(c, out_id, wa_id, "text", message, source);
    free(message);
    return rc;
}

/* How the patient can be told about an appointment, as the router's reminders decide: not at all when they opted
 * out (STOP) or the clinic is disabled (returns 0); else 1, with *window_open (the 24-hour window: a text) and the
 * clinic's reminder template and its language (outside the window). -1 when the database did not answer. */
static int reachable(dash_call_t *c, const char *wa_id, int *window_open, char *tpl, size_t tplsz, char *tlang,
                     size_t tlangsz)
{
    const char *p[] = {c->tenant, wa_id};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard reception reach",
                               "SELECT p.opted_out OR NOT d.is_active, " DASH_WINDOW_OPEN_SQL(
                                   "p") ", coalesce(s.reminder_template, ''), coalesce(s.reminder_lang, 'en')"
                                        " FROM patients p JOIN doctors d ON d.id = p.doctor_id"
                                        " LEFT JOIN clinic_settings s ON s.doctor_id = p.doctor_id"
                                        " WHERE p.doctor_id = $1 AND p.wa_id = $2",
                               2, p);
    int rc;
    if (res == NULL)
        return -1;
    rc = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "f") == 0;
    if (rc) {
        *window_open = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
        snprintf(tpl, tplsz, "%s", PQgetvalue(res, 0, 2));
        snprintf(tlang, tlangsz, "%s", PQgetvalue(res, 0, 3));
    }
    PQclear(res);
    if (!rc)
        wa_info("patient not told (opted out, or the clinic is disabled)", "doctor_id", c->tenant);
    return rc;
}

/* --- appointments ---------------------------------------------------------------------------------------------- */

/* One appointment of the tenant as the API shows it. */
#define APPT_JSON_SQL                                                                                                  \
    "SELECT json_build_object('id', a.id, 'patient_id', a.patient_id, 'name', p.profile_name, 'wa_id', p.wa_id,"       \
    " 'start', extract(epoch FROM a.slot_start)::bigint, 'slot_start', a.slot_start, 'status', a.status,"              \
    " 'channel', a.channel, 'attendance', a.attendance, 'cancel_reason', a.cancel_reason,"                             \
    " 'rescheduled_from', a.rescheduled_from, 'created_at', a.created_at)"                                             \
    " FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.doctor_id = $1 AND a.id = $2::uuid"

/* Answers the appointment `id` with `status`, adding "notified" (the out_id, or null). */
static void reply_appointment(dash_call_t *c, int status, const char *id, const char *notified)
{
    const char *p[] = {c->tenant, id};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard appointment", APPT_JSON_SQL, 2, p);
    cJSON *doc;
    if (dash_one_row(c, res, "no such appointment") != 1)
        return;
    doc = cJSON_Parse(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (doc == NULL ||
        !cJSON_AddItemToObject(doc, "notified", notified != NULL ? cJSON_CreateString(notified) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    dash_reply_json(c->req, status, doc);
}

void dash_appointments_list(dash_call_t *c)
{
    char from[16], to[16];
    if (period(c, from, to, sizeof(from), RX_MAX_DAYS) != 0)
        return;
    if (ensure_settings(c) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    char max[16];
    snprintf(max, sizeof(max), "%d", RX_MAX_DAYS - 1);
    const char *p[] = {c->tenant, from[0] ? from : NULL, to[0] ? to : NULL, max};
    reply_view(
        c, "dashboard appointments",
        "WITH s AS (SELECT * FROM clinic_settings WHERE doctor_id = $1),"
        " r0 AS (SELECT coalesce($2::date, (now() AT TIME ZONE s.time_zone)::date) AS f FROM s),"
        " r AS (SELECT r0.f, least(coalesce($3::date, r0.f + 6), r0.f + $4::int) AS t FROM r0),"
        " d AS (SELECT g::date AS day FROM r, generate_series(r.f, r.t, interval '1 day') g),"
        " sched AS (SELECT ts AS local_ts FROM s CROSS JOIN d CROSS JOIN LATERAL generate_series(d.day + s.day_start,"
        "   d.day + s.day_end - make_interval(mins => s.slot_minutes), make_interval(mins => s.slot_minutes)) ts"
        "   WHERE extract(isodow FROM d.day)::int = ANY (s.work_days)"
        "   AND (s.break_start IS NULL OR s.break_end IS NULL OR NOT (ts::time < s.break_end"
        "   AND (ts + make_interval(mins => s.slot_minutes))::time > s.break_start))),"
        " ap AS (SELECT a.id, a.patient_id, a.status, a.channel, a.attendance, a.cancel_reason, p.profile_name,"
        "   p.wa_id, (a.slot_start AT TIME ZONE s.time_zone) AS local_ts FROM appointments a"
        "   JOIN patients p ON p.id = a.patient_id, s, r WHERE a.doctor_id = $1"
        "   AND a.slot_start >= (r.f::timestamp AT TIME ZONE s.time_zone)"
        "   AND a.slot_start < ((r.t + 1)::timestamp AT TIME ZONE s.time_zone)),"
        " slots AS (SELECT local_ts, true AS sch FROM sched UNION SELECT local_ts, false FROM ap"
        "   WHERE NOT EXISTS (SELECT 1 FROM sched WHERE sched.local_ts = ap.local_ts)),"
        " taken AS (SELECT b.slot_start, count(*) AS n FROM slot_bookings b, s, r WHERE b.doctor_id = $1"
        "   AND b.slot_start >= (r.f::timestamp AT TIME ZONE s.time_zone)"
        "   AND b.slot_start < ((r.t + 1)::timestamp AT TIME ZONE s.time_zone) GROUP BY b.slot_start)"
        " SELECT json_build_object('from', r.f, 'to', r.t, 'today', (now() AT TIME ZONE s.time_zone)::date,"
        " 'time_zone', s.time_zone, 'slot_minutes', s.slot_minutes, 'per_slot', s.per_slot,"
        " 'book_ahead_days', s.book_ahead_days,"
        " 'days', coalesce((SELECT json_agg(json_build_object('day', d.day,"
        "   'working', extract(isodow FROM d.day)::int = ANY (s.work_days), 'blocked', b.day IS NOT NULL,"
        "   'blocked_reason', b.reason,"
        "   'slots', coalesce((SELECT json_agg(json_build_object('time', to_char(sl.local_ts, 'HH24:MI'),"
        "     'start', extract(epoch FROM (sl.local_ts AT TIME ZONE s.time_zone))::bigint,"
        "     'in_schedule', sl.sch, 'capacity', s.per_slot, 'taken', coalesce(tk.n, 0),"
        "     'free', CASE WHEN sl.sch THEN greatest(s.per_slot - coalesce(tk.n, 0), 0) ELSE 0 END,"
        "     'bookable', sl.sch AND b.day IS NULL AND (sl.local_ts AT TIME ZONE s.time_zone) > now()"
        "       AND d.day < (now() AT TIME ZONE s.time_zone)::date + s.book_ahead_days"
        "       AND coalesce(tk.n, 0) < s.per_slot,"
        "     'appointments', coalesce((SELECT json_agg(json_build_object('id', ap.id, 'patient_id', ap.patient_id,"
        "       'name', ap.profile_name, 'wa_id', ap.wa_id, 'status', ap.status, 'channel', ap.channel,"
        "       'attendance', ap.attendance, 'cancel_reason', ap.cancel_reason) ORDER BY ap.status, ap.id)"
        "       FROM ap WHERE ap.local_ts = sl.local_ts), '[]'::json)) ORDER BY sl.local_ts)"
        "     FROM slots sl LEFT JOIN taken tk ON tk.slot_start = (sl.local_ts AT TIME ZONE s.time_zone)"
        "     WHERE sl.local_ts::date = d.day), '[]'::json)) ORDER BY d.day)"
        "   FROM d LEFT JOIN clinic_blocked_days b ON b.doctor_id = $1 AND b.day = d.day), '[]'::json))"
        " FROM s, r",
        4, p);
}

/* The body's "start": a slot's start in unix seconds. Returns 0 (written to out) or answers 422 and returns -1. */
static int start_field(dash_call_t *c, char *out, size_t outsz)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(c->body, "start");
    if (!cJSON_IsNumber(s) || s->valuedouble < 1 || s->valuedouble > 1e11 ||
        s->valuedouble != (double)(long long)s->valuedouble) {
        invalid(c, "start", "the slot's start, in unix seconds (a slot's \"start\" of GET /appointments)");
        return -1;
    }
    snprintf(out, outsz, "%lld", (long long)s->valuedouble);
    return 0;
}

/* The body's "reason" (optional, at most RX_MAX_REASON characters) into out ("" when absent). Returns 0 or -1. */
static int reason_field(dash_call_t *c, char *out, size_t outsz)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(c->body, "reason");
    out[0] = '\0';
    if (r == NULL || cJSON_IsNull(r))
        return 0;
    if (!cJSON_IsString(r) || strlen(r->valuestring) > RX_MAX_REASON || strlen(r->valuestring) >= outsz) {
        invalid(c, "reason", "a text of at most 500 characters, told to the patient");
        return -1;
    }
    snprintf(out, outsz, "%s", r->valuestring);
    return 0;
}

/* Why a booking took no place: 1 when the slot is in the schedule (so it is full: 409), 0 when it is no bookable
 * time at all (past, blocked, a day off, beyond the horizon: 422), -1 on failure. */
static int in_schedule(dash_call_t *c, const char *start)
{
    const char *p[] = {c->tenant, start};
    PGresult *res =
        wa_pg_exec(c->w->pg, "dashboard slot in schedule",
                   WA_CLINIC_SLOTS_CTE "SELECT 1 FROM sched WHERE slot_start = to_timestamp($2::bigint)", 2, p);
    int n;
    if (res == NULL)
        return -1;
    n = PQntuples(res);
    PQclear(res);
    return n > 0;
}

/* Takes a place of the slot for the patient, inside the caller's open transaction: libwa's booking statement,
 * run again after a unique violation (another booking took that place first; the transaction is then begun again).
 * `prepare` (may be NULL) runs first in each transaction: it returns 1 to go on, else it answered (0, or -1).
 * Returns 1 with the transaction open (the new appointment's id in id), 0 when no place was left or the time is not
 * bookable or prepare refused (answered 409 or 422; rolled back), -1 when answered 503 (rolled back). */
static int take_place(dash_call_t *c, const char *start, const char *patient_id, char *id, size_t idsz,
                      int (*prepare)(dash_call_t *, void *), void *arg)
{
    const char *p[] = {c->tenant, start, patient_id, NULL};
    for (int attempt = 0; attempt < WA_CLINIC_BOOK_ATTEMPTS; attempt++) {
        if (wa_pg_run(c->w->pg, "dashboard book begin", "BEGIN", 0, NULL) != 0) {
            dash_reply_unavailable(c);
            return -1;
        }
        if (prepare != NULL) {
            int rc = prepare(c, arg);
            if (rc <= 0) { /* answered */
                rollback(c);
                return rc;
            }
        }
        PGresult *res = wa_pg_exec(c->w->pg, "dashboard book", WA_CLINIC_BOOK_SQL, 4, p);
        if (res == NULL) {
            int taken = strcmp(wa_pg_sqlstate(c->w->pg), "23505") == 0;
            rollback(c);
            if (taken) {
                wa_info("slot place taken by a concurrent booking: trying again", "doctor_id", c->tenant);
                continue;
            }
            dash_reply_unavailable(c);
            return -1;
        }
        int n = PQntuples(res);
        if (n == 1)
            snprintf(id, idsz, "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
        if (n == 1)
            return 1;
        rollback(c);
        int sch = in_schedule(c, start);
        if (sch < 0) {
            dash_reply_unavailable(c);
            return -1;
        }
        if (sch)
            dash_reply_error(c->req, 409, "slot_taken", "every place of this time is taken", NULL);
        else
            invalid(c, "start", "not a free time of the schedule (past, blocked, a day off, or beyond booking ahead)");
        return 0;
    }
    wa_warn("booking kept conflicting", "doctor_id", c->tenant);
    dash_reply_error(c->req, 409, "slot_taken", "every place of this time is taken", NULL);
    return 0;
}

/* Finds the patient of a POST /appointments: "patient_id" (one of the clinic's) or "wa_id" (a phone number; a new
 * patient when the number never wrote, named "name" when given). Returns 1 (id and address written), 0 when
 * answered 404 (no such patient of the clinic, as for any other clinic's id) or 422, -1 when answered 503. */
static int booking_patient(dash_call_t *c, char *id, size_t idsz, char *wa_id, size_t wa_idsz)
{
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(c->body, "patient_id"),
                *num = cJSON_GetObjectItemCaseSensitive(c->body, "wa_id"),
                *name = cJSON_GetObjectItemCaseSensitive(c->body, "name");
    PGresult *res;
    if ((pid != NULL) == (num != NULL)) {
        invalid(c, "patient_id", "either patient_id (a patient of the clinic) or wa_id (a phone number)");
        return 0;
    }
    if (name != NULL && !cJSON_IsNull(name) && (!cJSON_IsString(name) || strlen(name->valuestring) > 200)) {
        invalid(c, "name", "the patient's name, at most 200 characters");
        return 0;
    }
    if (pid != NULL) {
        if (!cJSON_IsString(pid) || !dash_is_uuid(pid->valuestring)) {
            not_found(c, "no such patient");
            return 0;
        }
        const char *p[] = {c->tenant, pid->valuestring};
        res = wa_pg_exec(c->w->pg, "dashboard booking patient",
                         "SELECT id, wa_id FROM patients WHERE doctor_id = $1 AND id = $2::uuid", 2, p);
    } else {
        char digits[32];
        if (!cJSON_IsString(num) || wa_phone_digits(num->valuestring, digits, sizeof(digits)) < 8 ||
            strlen(digits) > 15) {
            invalid(c, "wa_id", "the patient's phone number with its country code (8 to 15 digits)");
            return 0;
        }
        const char *p[] = {c->tenant, digits,
                           cJSON_IsString(name) && name->valuestring[0] != '\0' ? name->valuestring : NULL};
        res = wa_pg_exec(c->w->pg, "dashboard booking patient",
                         "WITH old AS (SELECT id, wa_id FROM patients WHERE doctor_id = $1 AND wa_id = $2),"
                         " new AS (INSERT INTO patients (doctor_id, wa_id, profile_name) SELECT $1, $2, $3"
                         " WHERE NOT EXISTS (SELECT 1 FROM old) ON CONFLICT (doctor_id, wa_id) DO NOTHING"
                         " RETURNING id, wa_id)"
                         " SELECT id, wa_id FROM old UNION ALL SELECT id, wa_id FROM new",
                         3, p);
        if (res != NULL && PQntuples(res) == 0) { /* created at the same moment by another request: read it */
            PQclear(res);
            res = wa_pg_exec(c->w->pg, "dashboard booking patient",
                             "SELECT id, wa_id FROM patients WHERE doctor_id = $1 AND wa_id = $2", 2, p);
        }
    }
    int found = dash_one_row(c, res, "no such patient"); /* as any id of another clinic's */
    if (found != 1)
        return found;
    snprintf(id, idsz, "%s", PQgetvalue(res, 0, 0));
    snprintf(wa_id, wa_idsz, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    return 1;
}

/* Tells the patient about their booking (the same confirmation as a WhatsApp booking). Writes the out_id, or ""
 * when it could not be queued. */
static void notify_booked(dash_call_t *c, const char *appointment_id, const char *wa_id, const char *start,
                          char *out_id, size_t out_idsz)
{
    char when[96], clinic[256], address[512], tpl[128], tlang[32];
    const char *lang = lang_of(c, wa_id);
    int open = 0;
    out_id[0] = '\0';
    if (reachable(c, wa_id, &open, tpl, sizeof(tpl), tlang, sizeof(tlang)) <= 0 ||
        when_of(c, lang, start, when, sizeof(when)) != 0 ||
        clinic_of(c, clinic, sizeof(clinic), address, sizeof(address)) != 0)
        return;
    snprintf(out_id, out_idsz, "apptbooked:%s", appointment_id);
    if (open || tpl[0] == '\0') {
        char *text = wa_clinic_text_booked(lang, clinic, when, address);
        if (send_text(c, out_id, wa_id, text, NULL) != 0)
            out_id[0] = '\0';
        free(text);
        return;
    }
    /* a patient who phoned and has not written within 24 hours: free text would be refused (131047), so the
     * clinic's approved appointment template, as the router's reminders send it ({{1}} clinic, {{2}} date and time,
     * {{3}} address) */
    cJSON *params = cJSON_CreateArray();
    char *message;
    if (params == NULL || !cJSON_AddItemToArray(params, cJSON_CreateString(clinic)) ||
        !cJSON_AddItemToArray(params, cJSON_CreateString(when)) ||
        !cJSON_AddItemToArray(params, cJSON_CreateString(address[0] != '\0' ? address : "-")))
        wa_fatal("out of memory");
    message = dash_template_json(tpl, tlang, params);
    cJSON_Delete(params);
    if (send_message(c, out_id, wa_id, "template", message, NULL) != 0)
        out_id[0] = '\0';
    free(message);
}

void dash_appointments_create(dash_call_t *c)
{
    char start[32], patient_id[40], wa_id[224], id[40], out_id[96];
    int rc;

    if (start_field(c, start, sizeof(start)) != 0)
        return;
    if ((rc = booking_patient(c, patient_id, sizeof(patient_id), wa_id, sizeof(wa_id))) <= 0)
        return;
    if (ensure_settings(c) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    { /* the same patient at the same time already */
        const char *p[] = {c->tenant, patient_id, start};
        PGresult *res = wa_pg_exec(c->w->pg, "dashboard booking exists",
                                   "SELECT 1 FROM appointments WHERE doctor_id = $1 AND patient_id = $2"
                                   " AND status = 'booked' AND slot_start = to_timestamp($3::bigint)",
                                   3, p);
        if (res == NULL) {
            dash_reply_unavailable(c);
            return;
        }
        int n = PQntuples(res);
        PQclear(res);
        if (n > 0) {
            dash_reply_error(c->req, 409, "already_booked", "this patient is booked at this time already", NULL);
            return;
        }
    }
    if ((rc = take_place(c, start, patient_id, id, sizeof(id), NULL, NULL)) <= 0)
        return;
    const char *p[] = {c->tenant, id};
    cJSON *after = cJSON_CreateObject();
    if (after == NULL || cJSON_AddStringToObject(after, "patient_id", patient_id) == NULL ||
        cJSON_AddStringToObject(after, "start", start) == NULL ||
        cJSON_AddStringToObject(after, "channel", "reception") == NULL)
        wa_fatal("out of memory");
    char target[64];
    snprintf(target, sizeof(target), "appointment:%s", id);
    if (wa_pg_run(c->w->pg, "dashboard booking channel",
                  "UPDATE appointments SET channel = 'reception' WHERE doctor_id = $1 AND id = $2", 2, p) != 0 ||
        audit(c, "appointment.book", target, after) != 0 ||
        wa_pg_run(c->w->pg, "dashboard book commit", "COMMIT", 0, NULL) != 0) {
        cJSON_Delete(after);
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    cJSON_Delete(after);
    wa_info("appointment booked by the reception", "doctor_id", c->tenant, "appointment_id", id);
    notify_booked(c, id, wa_id, start, out_id, sizeof(out_id));
    reply_appointment(c, 201, id, out_id[0] != '\0' ? out_id : NULL);
}

/* The appointment of a PATCH, locked for the change (inside the reschedule's transaction). */
typedef struct st_resched_t {
    const char *id;
    char patient_id[40], wa_id[224], start[32], channel[16];
    char new_start[32]; /* the time it moves to */
} resched_t;

static int lock_appointment(dash_call_t *c, void *arg)
{
    resched_t *r = arg;
    const char *p[] = {c->tenant, r->id};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard appointment lock",
                               "SELECT a.patient_id, p.wa_id, extract(epoch FROM a.slot_start)::bigint, a.channel,"
                               " a.status FROM appointments a JOIN patients p ON p.id = a.patient_id"
                               " WHERE a.doctor_id = $1 AND a.id = $2::uuid FOR UPDATE OF a",
                               2, p);
    int found = dash_one_row(c, res, "no such appointment");
    if (found != 1)
        return found;
    snprintf(r->patient_id, sizeof(r->patient_id), "%s", PQgetvalue(res, 0, 0));
    snprintf(r->wa_id, sizeof(r->wa_id), "%s", PQgetvalue(res, 0, 1));
    snprintf(r->start, sizeof(r->start), "%s", PQgetvalue(res, 0, 2));
    snprintf(r->channel, sizeof(r->channel), "%s", PQgetvalue(res, 0, 3));
    int booked = strcmp(PQgetvalue(res, 0, 4), "booked") == 0;
    PQclear(res);
    if (!booked) {
        dash_reply_error(c->req, 409, "not_booked", "this appointment is not booked any more", NULL);
        return 0;
    }
    return 1;
}

static void cancel_appointment(dash_call_t *c, const char *reason)
{
    const char *p[] = {c->param, c->tenant, reason[0] != '\0' ? reason : NULL};
    char wa_id[224], start[32], clinic[256], address[512], when[96], out_id[96], target[64];
    PGresult *res;

    if (wa_pg_run(c->w->pg, "dashboard cancel begin", "BEGIN", 0, NULL) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    if ((res = wa_pg_exec(c->w->pg, "dashboard cancel", WA_CLINIC_CANCEL_SQL, 3, p)) == NULL) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rollback(c);
        resched_t r = {.id = c->param};
        if (wa_pg_run(c->w->pg, "dashboard cancel begin", "BEGIN", 0, NULL) == 0) {
            if (lock_appointment(c, &r) == 1) /* booked after all: a concurrent change; say so */
                dash_reply_error(c->req, 409, "conflict", "the appointment changed meanwhile: try again", NULL);
            rollback(c);
        } else {
            dash_reply_unavailable(c);
        }
        return;
    }
    snprintf(wa_id, sizeof(wa_id), "%s", PQgetvalue(res, 0, 1));
    snprintf(start, sizeof(start), "%s", PQgetvalue(res, 0, 2));
    PQclear(res);
    cJSON *after = cJSON_CreateObject();
    if (after == NULL || cJSON_AddStringToObject(after, "status", "cancelled") == NULL ||
        cJSON_AddStringToObject(after, "reason", reason) == NULL)
        wa_fatal("out of memory");
    snprintf(target, sizeof(target), "appointment:%s", c->param);
    int rc = audit(c, "appointment.cancel", target, after);
    cJSON_Delete(after);
    if (rc != 0 || wa_pg_run(c->w->pg, "dashboard cancel commit", "COMMIT", 0, NULL) != 0) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    wa_info("appointment cancelled by the reception", "doctor_id", c->tenant, "appointment_id", c->param);
    const char *lang = lang_of(c, wa_id);
    char tpl[128], tlang[32];
    int open = 0;
    out_id[0] = '\0';
    if (reachable(c, wa_id, &open, tpl, sizeof(tpl), tlang, sizeof(tlang)) > 0 &&
        when_of(c, lang, start, when, sizeof(when)) == 0 &&
        clinic_of(c, clinic, sizeof(clinic), address, sizeof(address)) == 0) {
        char *text = wa_clinic_text_cancelled(lang, clinic, when, reason);
        snprintf(out_id, sizeof(out_id), "apptcancel:%s", c->param); /* as `wactl appt cancel`: told once */
        if (send_text(c, out_id, wa_id, text, NULL) != 0)
            out_id[0] = '\0';
        free(text);
    }
    reply_appointment(c, 200, c->param, out_id[0] != '\0' ? out_id : NULL);
}

/* take_place's preparation of a reschedule: the appointment locked and booked, and the new time another one. */
static int lock_for_move(dash_call_t *c, void *arg)
{
    resched_t *r = arg;
    int rc = lock_appointment(c, r);
    if (rc == 1 && strcmp(r->start, r->new_start) == 0) {
        invalid(c, "start", "the appointment is at this time already");
        return 0;
    }
    return rc;
}

static void reschedule_appointment(dash_call_t *c, const char *start, const char *reason)
{
    resched_t r = {.id = c->param};
    char id[40], clinic[256], address[512], old_when[96], new_when[96], out_id[96], target[64];

    snprintf(r.new_start, sizeof(r.new_start), "%s", start);
    /* one transaction: the appointment locked, a place of the new time taken, the old one cancelled (its place
     * freed); the patient's id is read by lock_for_move before the booking statement runs */
    if (take_place(c, start, r.patient_id, id, sizeof(id), lock_for_move, &r) <= 0)
        return;
    const char *p[] = {c->tenant, id, r.channel, c->param};
    const char *pc[] = {c->param, c->tenant, reason[0] != '\0' ? reason : NULL};
    PGresult *res = NULL;
    cJSON *after = cJSON_CreateObject();
    if (after == NULL || cJSON_AddStringToObject(after, "rescheduled_to", id) == NULL ||
        cJSON_AddStringToObject(after, "start", start) == NULL ||
        cJSON_AddStringToObject(after, "reason", reason) == NULL)
        wa_fatal("out of memory");
    snprintf(target, sizeof(target), "appointment:%s", c->param);
    int ok = wa_pg_run(c->w->pg, "dashboard reschedule link",
                       "UPDATE appointments SET channel = $3, rescheduled_from = $4::uuid WHERE doctor_id = $1"
                       " AND id = $2::uuid",
                       4, p) == 0 &&
             (res = wa_pg_exec(c->w->pg, "dashboard reschedule cancel", WA_CLINIC_CANCEL_SQL, 3, pc)) != NULL &&
             PQntuples(res) == 1 && audit(c, "appointment.reschedule", target, after) == 0 &&
             wa_pg_run(c->w->pg, "dashboard reschedule commit", "COMMIT", 0, NULL) == 0;
    if (res != NULL)
        PQclear(res);
    cJSON_Delete(after);
    if (!ok) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    wa_info("appointment rescheduled by the reception", "doctor_id", c->tenant, "appointment_id", c->param,
            "new_appointment_id", id);
    const char *lang = lang_of(c, r.wa_id);
    char tpl[128], tlang[32];
    int open = 0;
    out_id[0] = '\0';
    if (reachable(c, r.wa_id, &open, tpl, sizeof(tpl), tlang, sizeof(tlang)) > 0 &&
        when_of(c, lang, r.start, old_when, sizeof(old_when)) == 0 &&
        when_of(c, lang, start, new_when, sizeof(new_when)) == 0 &&
        clinic_of(c, clinic, sizeof(clinic), address, sizeof(address)) == 0) {
        char *text = wa_clinic_text_moved(lang, clinic, old_when, new_when, reason);
        snprintf(out_id, sizeof(out_id), "apptmoved:%s", c->param);
        if (send_text(c, out_id, r.wa_id, text, NULL) != 0)
            out_id[0] = '\0';
        free(text);
    }
    reply_appointment(c, 200, id, out_id[0] != '\0' ? out_id : NULL);
}

static void attendance(dash_call_t *c, const cJSON *value)
{
    const char *v = cJSON_IsString(value) ? value->valuestring : NULL;
    char target[64];
    if (!cJSON_IsNull(value) && (v == NULL || (strcmp(v, "arrived") != 0 && strcmp(v, "no_show") != 0))) {
        invalid(c, "attendance", "arrived, no_show, or null (not marked)");
        return;
    }
    const char *p[] = {c->tenant, c->param, v};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard attendance",
                               "WITH a AS (SELECT id, status, slot_start FROM appointments WHERE doctor_id = $1"
                               " AND id = $2::uuid),"
                               " u AS (UPDATE appointments x SET attendance = $3,"
                               " attendance_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END FROM a"
                               " WHERE x.id = a.id AND a.status = 'booked'"
                               " AND ($3::text IS DISTINCT FROM 'no_show' OR a.slot_start <= now()) RETURNING x.id)"
                               " SELECT a.status, a.slot_start <= now(), (SELECT count(*) FROM u) FROM a",
                               3, p);
    if (dash_one_row(c, res, "no such appointment") != 1)
        return;
    int booked = strcmp(PQgetvalue(res, 0, 0), "booked") == 0, started = strcmp(PQgetvalue(res, 0, 1), "t") == 0,
        done = strcmp(PQgetvalue(res, 0, 2), "1") == 0;
    PQclear(res);
    if (!done) {
        if (!booked)
            dash_reply_error(c->req, 409, "not_booked", "this appointment is not booked any more", NULL);
        else if (!started)
            dash_reply_error(c->req, 409, "not_started", "a no-show is marked once the appointment's time came", NULL);
        else
            dash_reply_error(c->req, 409, "conflict", "the appointment changed meanwhile: try again", NULL);
        return;
    }
    cJSON *after = cJSON_CreateObject();
    if (after == NULL ||
        !cJSON_AddItemToObject(after, "attendance", v != NULL ? cJSON_CreateString(v) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    snprintf(target, sizeof(target), "appointment:%s", c->param);
    (void)audit(c, "appointment.attendance", target, after);
    cJSON_Delete(after);
    reply_appointment(c, 200, c->param, NULL);
}

void dash_appointments_update(dash_call_t *c)
{
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(c->body, "status"),
                *start = cJSON_GetObjectItemCaseSensitive(c->body, "start"),
                *att = cJSON_GetObjectItemCaseSensitive(c->body, "attendance");
    char reason[RX_MAX_REASON * 4 + 1], s[32];

    if (!dash_is_uuid(c->param)) {
        not_found(c, "no such appointment");
        return;
    }
    if ((status != NULL) + (start != NULL) + (att != NULL) != 1) {
        invalid(c, "status", "one change at a time: status (cancelled), start (reschedule) or attendance");
        return;
    }
    if (reason_field(c, reason, sizeof(reason)) != 0)
        return;
    if (status != NULL) {
        if (!cJSON_IsString(status) || strcmp(status->valuestring, "cancelled") != 0) {
            invalid(c, "status", "cancelled (the only status the reception sets)");
            return;
        }
        cancel_appointment(c, reason);
    } else if (start != NULL) {
        if (start_field(c, s, sizeof(s)) != 0)
            return;
        reschedule_appointment(c, s, reason);
    } else {
        attendance(c, att);
    }
}

/* --- blocked days ---------------------------------------------------------------------------------------------- */

void dash_blocked_day_create(dash_call_t *c)
{
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(c->body, "day");
    char reason[RX_MAX_REASON * 4 + 1], target[48];
    if (!cJSON_IsString(day) || day_number(day->valuestring) < 0) {
        invalid(c, "day", "a day as YYYY-MM-DD");
        return;
    }
    if (reason_field(c, reason, sizeof(reason)) != 0)
        return;
    const char *p[] = {c->tenant, day->valuestring, reason[0] != '\0' ? reason : NULL};
    if (wa_pg_run(c->w->pg, "dashboard block day", "BEGIN", 0, NULL) != 0 ||
        wa_pg_run(c->w->pg, "dashboard block day",
                  "INSERT INTO clinic_blocked_days (doctor_id, day, reason) VALUES ($1, $2::date, $3)"
                  " ON CONFLICT (doctor_id, day) DO NOTHING",
                  3, p) != 0) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *after = cJSON_CreateObject();
    if (after == NULL || cJSON_AddStringToObject(after, "reason", reason) == NULL)
        wa_fatal("out of memory");
    snprintf(target, sizeof(target), "blocked_day:%s", day->valuestring);
    int rc = audit(c, "day.block", target, after);
    cJSON_Delete(after);
    if (rc != 0 || wa_pg_run(c->w->pg, "dashboard block day commit", "COMMIT", 0, NULL) != 0) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddStringToObject(doc, "day", day->valuestring) == NULL ||
        !cJSON_AddItemToObject(doc, "reason", reason[0] ? cJSON_CreateString(reason) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 201, doc);
}

void dash_blocked_day_delete(dash_call_t *c)
{
    char target[48];
    if (day_number(c->param) < 0) {
        not_found(c, "no such blocked day");
        return;
    }
    const char *p[] = {c->tenant, c->param};
    PGresult *res;
    if (wa_pg_run(c->w->pg, "dashboard unblock day", "BEGIN", 0, NULL) != 0 ||
        (res = wa_pg_exec(c->w->pg, "dashboard unblock day",
                          "DELETE FROM clinic_blocked_days WHERE doctor_id = $1 AND day = $2::date", 2, p)) == NULL) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    int n = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    if (!n) {
        rollback(c);
        not_found(c, "no such blocked day");
        return;
    }
    snprintf(target, sizeof(target), "blocked_day:%s", c->param);
    if (audit(c, "day.unblock", target, NULL) != 0 ||
        wa_pg_run(c->w->pg, "dashboard unblock day commit", "COMMIT", 0, NULL) != 0) {
        rollback(c);
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_empty(c->req);
}

/* --- the walk-in queue ----------------------------------------------------------------------------------------- */

void dash_queue_get(dash_call_t *c)
{
    if (ensure_settings(c) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    const char *p[] = {c->tenant};
    reply_view(
        c, "dashboard queue",
        "WITH s AS (SELECT time_zone, queue_notify_ahead, consult_minutes FROM clinic_settings WHERE doctor_id = $1),"
        " t AS (SELECT (now() AT TIME ZONE s.time_zone)::date AS day FROM s)"
        " SELECT json_build_object('day', t.day, 'closed', EXISTS (SELECT 1 FROM queue_days q WHERE q.doctor_id = $1"
        " AND q.day = t.day), 'notify_ahead', s.queue_notify_ahead, 'consult_minutes', s.consult_minutes,"
        " 'current', (SELECT token FROM queue_tokens WHERE doctor_id = $1 AND day = t.day AND status = 'called'"
        " ORDER BY called_at DESC NULLS LAST LIMIT 1),"
        " 'waiting', (SELECT count(*) FROM queue_tokens WHERE doctor_id = $1 AND day = t.day AND status = 'waiting'),"
        " 'tokens', coalesce((SELECT json_agg(json_build_object('token', q.token, 'status', q.status,"
        " 'patient_id', q.patient_id, 'name', p.profile_name, 'wa_id', p.wa_id, 'joined_at', q.created_at,"
        " 'called_at', q.called_at) ORDER BY q.token) FROM queue_tokens q JOIN patients p ON p.id = q.patient_id"
        " WHERE q.doctor_id = $1 AND q.day = t.day), '[]'::json)) FROM s, t",
        1, p);
}

void dash_queue_display(dash_call_t *c)
{
    if (ensure_settings(c) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    /* tokens only: this view is on a screen in the waiting room */
    const char *p[] = {c->tenant, RX_DISPLAY_NEXT};
    reply_view(
        c, "dashboard queue display",
        "WITH s AS (SELECT time_zone FROM clinic_settings WHERE doctor_id = $1),"
        " t AS (SELECT (now() AT TIME ZONE s.time_zone)::date AS day FROM s)"
        " SELECT json_build_object('day', t.day, 'clinic', (SELECT coalesce(nullif(clinic_name, ''), name)"
        " FROM doctors WHERE id = $1), 'closed', EXISTS (SELECT 1 FROM queue_days q WHERE q.doctor_id = $1"
        " AND q.day = t.day),"
        " 'current', (SELECT token FROM queue_tokens WHERE doctor_id = $1 AND day = t.day AND status = 'called'"
        " ORDER BY called_at DESC NULLS LAST LIMIT 1),"
        " 'next', coalesce((SELECT json_agg(token ORDER BY token) FROM (SELECT token FROM queue_tokens"
        " WHERE doctor_id = $1 AND day = t.day AND status = 'waiting' ORDER BY token LIMIT $2::int) n), '[]'::json),"
        " 'waiting', (SELECT count(*) FROM queue_tokens WHERE doctor_id = $1 AND day = t.day AND status = 'waiting'))"
        " FROM t",
        2, p);
}

/* next and skip: as `wactl queue next|skip` (libwa's statement; the patient called and the one whose turn is near
 * are told, each once). */
static void queue_call(dash_call_t *c, const char *previous)
{
    const char *p[] = {c->tenant, previous};
    char token[16] = "", wa_id[224] = "", day[16] = "", near_token[16] = "", near_wa[224] = "", ahead[16] = "3";
    char out_id[200], target[64];
    PGresult *res;

    if (ensure_settings(c) != 0 ||
        (res = wa_pg_exec(c->w->pg, "dashboard queue next", WA_CLINIC_QUEUE_NEXT_SQL, 2, p)) == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) == 1) {
        snprintf(token, sizeof(token), "%s", PQgetvalue(res, 0, 0));
        snprintf(wa_id, sizeof(wa_id), "%s", PQgetvalue(res, 0, 1));
        snprintf(day, sizeof(day), "%s", PQgetvalue(res, 0, 2));
        snprintf(ahead, sizeof(ahead), "%s", PQgetvalue(res, 0, 3));
    }
    PQclear(res);
    if (token[0] != '\0') {
        res = wa_pg_exec(c->w->pg, "dashboard queue near", WA_CLINIC_QUEUE_NEAR_SQL, 3,
                         (const char *[]){c->tenant, day, ahead});
        if (res != NULL && PQntuples(res) == 1) {
            snprintf(near_token, sizeof(near_token), "%s", PQgetvalue(res, 0, 0));
            snprintf(near_wa, sizeof(near_wa), "%s", PQgetvalue(res, 0, 1));
        }
        if (res != NULL)
            PQclear(res);
        char *text = wa_clinic_text_queue_called(lang_of(c, wa_id), token);
        if (wa_clinic_queue_out_id(out_id, sizeof(out_id), c->tenant, day, token, "called") == 0)
            (void)send_text(c, out_id, wa_id, text, "queue");
        free(text);
        if (near_token[0] != '\0') {
            text = wa_clinic_text_queue_near(lang_of(c, near_wa), near_token, atoi(ahead));
            if (wa_clinic_queue_out_id(out_id, sizeof(out_id), c->tenant, day, near_token, "near") == 0)
                (void)send_text(c, out_id, near_wa, text, "queue");
            free(text);
        }
    }
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL ||
        !cJSON_AddItemToObject(doc, "called", token[0] ? cJSON_CreateNumber(atoi(token)) : cJSON_CreateNull()) ||
        !cJSON_AddItemToObject(doc, "near", near_token[0] ? cJSON_CreateNumber(atoi(near_token)) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    snprintf(target, sizeof(target), "queue:%s", day[0] ? day : "today");
    (void)audit(c, previous[0] == 'd' ? "queue.next" : "queue.skip", target, doc);
    dash_reply_json(c->req, 200, doc);
}

void dash_queue_next(dash_call_t *c)
{
    queue_call(c, "done");
}

void dash_queue_skip(dash_call_t *c)
{
    queue_call(c, "skipped");
}

void dash_queue_recall(dash_call_t *c)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(c->body, "token");
    char token[16], target[64];
    PGresult *res;
    if (!cJSON_IsNumber(t) || t->valuedouble < 1 || t->valuedouble > 100000 ||
        t->valuedouble != (double)(int)t->valuedouble) {
        invalid(c, "token", "a token number of today");
        return;
    }
    snprintf(token, sizeof(token), "%d", (int)t->valuedouble);
    const char *p[] = {c->tenant, token};
    if (ensure_settings(c) != 0 ||
        (res = wa_pg_exec(c->w->pg, "dashboard queue recall", WA_CLINIC_QUEUE_RECALL_SQL, 2, p)) == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    int n = strcmp(PQcmdTuples(res), "1") == 0;
    PQclear(res);
    if (!n) {
        dash_reply_error(c->req, 409, "not_skipped", "this token is not a skipped token of today", NULL);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddNumberToObject(doc, "token", atoi(token)) == NULL ||
        cJSON_AddStringToObject(doc, "status", "waiting") == NULL)
        wa_fatal("out of memory");
    snprintf(target, sizeof(target), "queue_token:%s", token);
    (void)audit(c, "queue.recall", target, doc);
    dash_reply_json(c->req, 200, doc);
}

void dash_queue_close(dash_call_t *c)
{
    const char *p[] = {c->tenant};
    if (ensure_settings(c) != 0 || wa_pg_run(c->w->pg, "dashboard queue close", WA_CLINIC_QUEUE_CLOSE_SQL, 1, p) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddBoolToObject(doc, "closed", 1) == NULL)
        wa_fatal("out of memory");
    (void)audit(c, "queue.close", "queue:today", doc);
    dash_reply_json(c->req, 200, doc);
}

/* --- referrals ------------------------------------------------------------------------------------------------- */

void dash_referrals_list(dash_call_t *c)
{
    char from[16], to[16];
    if (period(c, from, to, sizeof(from), 3660) != 0)
        return;
    if (ensure_settings(c) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    const char *p[] = {c->tenant, from[0] ? from : NULL, to[0] ? to : NULL};
    reply_view(
        c, "dashboard referrals",
        "WITH s AS (SELECT time_zone FROM clinic_settings WHERE doctor_id = $1),"
        " r AS (SELECT coalesce($2::date, coalesce($3::date, (now() AT TIME ZONE s.time_zone)::date) - 29) AS f,"
        " coalesce($3::date, (now() AT TIME ZONE s.time_zone)::date) AS t, s.time_zone FROM s),"
        " f AS (SELECT x.referrer_id, count(*) AS n, max(x.created_at) AS last_at FROM referrals x, r"
        " WHERE x.doctor_id = $1 AND x.created_at >= (r.f::timestamp AT TIME ZONE r.time_zone)"
        " AND x.created_at < ((r.t + 1)::timestamp AT TIME ZONE r.time_zone) GROUP BY x.referrer_id)"
        " SELECT json_build_object('from', r.f, 'to', r.t, 'total', coalesce((SELECT sum(n) FROM f), 0),"
        " 'referrers', (SELECT count(*) FROM f),"
        " 'items', coalesce((SELECT json_agg(json_build_object('referrer_id', f.referrer_id, 'name', p.profile_name,"
        " 'wa_id', p.wa_id, 'code', k.code, 'referred', f.n, 'last_at', f.last_at)"
        " ORDER BY f.n DESC, f.last_at DESC) FROM f JOIN patients p ON p.id = f.referrer_id"
        " LEFT JOIN referral_codes k ON k.doctor_id = $1 AND k.patient_id = f.referrer_id), '[]'::json)) FROM r",
        3, p);
}
