/*
 * The clinic's appointments and walk-in queue as more than one program runs them (issue 17): the router's flows
 * (services/router/flow_book.c), `wactl appt` and `wactl queue` (tools/wactl) and the dashboard's reception
 * (services/dashboard/reception.c). This header holds what they must not write twice: the SQL of the free-slot
 * computation, of a booking that takes the lowest free place of a slot (slot_bookings' primary key makes the last
 * place go to exactly one of concurrent bookings: the loser gets a unique violation, 23505), of a cancellation, and
 * of the queue's next/recall/close; and the texts the patient gets (English and Hindi), with the out_ids that make
 * each notification go at most once. The texts are pure functions (no I/O); the SQL is text the callers run on
 * their own connections (libpq directly in wactl, wa_pg_t in the services).
 */
#ifndef wa__clinic_h
#define wa__clinic_h

#include <stddef.h>

/* The free-slot computation; $1 is the doctor. Defines the CTEs s (settings), d (the days of the booking horizon),
 * sched (every future slot of the schedule within it: day, local_ts, slot_start, per_slot) and free (those with a
 * place left). A blocked day, a day off, the break and the past have no slot. */
#define WA_CLINIC_SLOTS_CTE                                                                                            \
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

/* A booking: $1 doctor, $2 the slot's start (unix seconds), $3 patient, $4 the confirming message's wamid (or NULL).
 * One row (the new appointment's id, 1) when a place was taken; no row when the slot is full, past, blocked or not
 * in the schedule; a unique violation (23505) when a concurrent booking took the same place first (run it again:
 * it then finds the next place, or none). Run it in a transaction with whatever else the booking writes. */
#define WA_CLINIC_BOOK_SQL                                                                                             \
    WA_CLINIC_SLOTS_CTE                                                                                                \
    ", target AS (SELECT slot_start, per_slot FROM sched WHERE slot_start = to_timestamp($2::bigint)),"                \
    " place AS (SELECT g AS place FROM target, generate_series(1, target.per_slot) g"                                  \
    " WHERE NOT EXISTS (SELECT 1 FROM slot_bookings b WHERE b.doctor_id = $1"                                          \
    " AND b.slot_start = target.slot_start AND b.place = g) ORDER BY g LIMIT 1),"                                      \
    " appt AS (INSERT INTO appointments (doctor_id, patient_id, slot_start, source_wamid)"                             \
    " SELECT $1, $3, target.slot_start, $4 FROM target, place RETURNING id, slot_start),"                              \
    " sb AS (INSERT INTO slot_bookings (doctor_id, slot_start, place, appointment_id)"                                 \
    " SELECT $1, appt.slot_start, place.place, appt.id FROM appt, place RETURNING 1)"                                  \
    " SELECT appt.id, (SELECT count(*) FROM sb) FROM appt"

/* Unique violations in a row before a booking gives up (each one means another booking won a place). */
#define WA_CLINIC_BOOK_ATTEMPTS 8

/* The clinic cancels a booked appointment: $1 the appointment, $2 its doctor (NULL: any, for wactl), $3 the reason
 * told to the patient (or NULL). The appointment's status and its slot_bookings row go together, so the place is
 * free for the next booking at once. One row when cancelled: doctor_id, the patient's address (wa_id), the slot's
 * start (unix seconds), the clinic's name, the count of places freed. No row when it was not booked (or another
 * doctor's). */
#define WA_CLINIC_CANCEL_SQL                                                                                           \
    "WITH a AS (UPDATE appointments SET status = 'cancelled', cancelled_at = now(), cancel_reason = $3 WHERE id = $1"  \
    " AND ($2::uuid IS NULL OR doctor_id = $2::uuid) AND status = 'booked'"                                            \
    " RETURNING id, doctor_id, patient_id, slot_start),"                                                               \
    " del AS (DELETE FROM slot_bookings b USING a WHERE b.appointment_id = a.id RETURNING 1)"                          \
    " SELECT a.doctor_id, p.wa_id, extract(epoch FROM a.slot_start)::bigint,"                                          \
    " coalesce(nullif(d.clinic_name, ''), d.name), (SELECT count(*) FROM del)"                                         \
    " FROM a JOIN patients p ON p.id = a.patient_id JOIN doctors d ON d.id = a.doctor_id"

/* A time as the patient reads it, in the doctor's time zone: $1 doctor, $2 unix seconds. One row: isodow, day of
 * month, month, "HH12:MI AM" (give them to wa_clinic_when). No row without clinic_settings. */
#define WA_CLINIC_WHEN_SQL                                                                                             \
    "SELECT extract(isodow FROM l)::int, extract(day FROM l)::int, extract(month FROM l)::int,"                        \
    " to_char(l, 'HH12:MI AM') FROM (SELECT to_timestamp($2::bigint) AT TIME ZONE s.time_zone"                         \
    " AS l FROM clinic_settings s WHERE s.doctor_id = $1) x"

/* The queue's next patient: $1 doctor, $2 what the patient being seen becomes ('done', or 'skipped' when they did
 * not come). The called patient is done (or skipped) and the lowest waiting token of today (doctor's time zone) is
 * called, in one statement. One row when a token was called: token, the patient's address, today, the clinic's
 * queue_notify_ahead, the count of tokens closed; no row when nobody waits. */
#define WA_CLINIC_QUEUE_NEXT_SQL                                                                                       \
    "WITH s AS (SELECT (now() AT TIME ZONE time_zone)::date AS day FROM clinic_settings WHERE doctor_id = $1),"        \
    " done AS (UPDATE queue_tokens q SET status = $2 FROM s WHERE q.doctor_id = $1 AND q.day = s.day"                  \
    " AND q.status = 'called' RETURNING q.token),"                                                                     \
    " nxt AS (SELECT q.token FROM queue_tokens q, s WHERE q.doctor_id = $1 AND q.day = s.day"                          \
    " AND q.status = 'waiting' ORDER BY q.token LIMIT 1 FOR UPDATE OF q),"                                             \
    " called AS (UPDATE queue_tokens q SET status = 'called', called_at = now() FROM nxt, s"                           \
    " WHERE q.doctor_id = $1 AND q.day = s.day AND q.token = nxt.token RETURNING q.token, q.patient_id)"               \
    " SELECT c.token, p.wa_id, (SELECT day::text FROM s), (SELECT queue_notify_ahead FROM clinic_settings"             \
    " WHERE doctor_id = $1), (SELECT count(*) FROM done) FROM called c JOIN patients p ON p.id = c.patient_id"

/* The patient whose turn is near after a call: $1 doctor, $2 the day, $3 queue_notify_ahead. One row (token,
 * address) or none. */
#define WA_CLINIC_QUEUE_NEAR_SQL                                                                                       \
    "SELECT q.token, p.wa_id FROM queue_tokens q JOIN patients p ON p.id = q.patient_id"                               \
    " WHERE q.doctor_id = $1 AND q.day = $2::date AND q.status = 'waiting' ORDER BY q.token"                           \
    " OFFSET $3::int LIMIT 1"

/* A skipped token of today waits again (its number puts it first in line): $1 doctor, $2 token. One row changed,
 * or none when it is not a skipped token of today. */
#define WA_CLINIC_QUEUE_RECALL_SQL                                                                                     \
    "UPDATE queue_tokens q SET status = 'waiting' FROM clinic_settings s WHERE s.doctor_id = $1"                       \
    " AND q.doctor_id = $1 AND q.day = (now() AT TIME ZONE s.time_zone)::date"                                         \
    " AND q.token = $2::int AND q.status = 'skipped'"

/* No new tokens today (the tokens given stay): $1 doctor. */
#define WA_CLINIC_QUEUE_CLOSE_SQL                                                                                      \
    "INSERT INTO queue_days (doctor_id, day) SELECT $1, (now() AT TIME ZONE time_zone)::date"                          \
    " FROM clinic_settings WHERE doctor_id = $1 ON CONFLICT DO NOTHING"

/* "Mon 7 Dec" (or "सोम 7 Dec" for lang "hi") from an ISO day of week (1 = Monday), a day of month and a month. */
void wa_clinic_day_title(const char *lang, int isodow, int mday, int month, char *out, size_t outsz);
/* "Mon 7 Dec, 10:30 AM": the day title and `hhmm` (the fourth column of WA_CLINIC_WHEN_SQL). */
void wa_clinic_when(const char *lang, int isodow, int mday, int month, const char *hhmm, char *out, size_t outsz);

/* The booking confirmation's templates (clinic, when, address), also the router's FL_T_BOOKED (flow_text.c). */
#define WA_CLINIC_T_BOOKED_EN                                                                                          \
    "Your appointment at %s is confirmed for %s. Address: %s. Send \"my appointment\" to see or cancel it."
#define WA_CLINIC_T_BOOKED_HI                                                                                          \
    "%s में आपका अपॉइंटमेंट %s के लिए पक्का हो गया है। पता: %s। देखने या रद्द करने के लिए \"मेरा अपॉइंटमेंट\" भेजें।"

/* The template with each "%s" replaced by the next of args[0..nargs) (NULL or missing: nothing); the arguments are
 * never read as formats. A new string the caller frees (out of memory is fatal, wa_malloc). The texts below and the
 * router's conversation texts are filled by it. */
char *wa_clinic_render(const char *tpl, const char *const *args, size_t nargs);

/* The texts ("en" or "hi"; anything else is English), each a new string the caller frees (out of memory is fatal,
 * wa_malloc). */
/* Booked: the same confirmation for a booking on WhatsApp and one the reception made for a patient who phoned. */
char *wa_clinic_text_booked(const char *lang, const char *clinic, const char *when, const char *address);
/* Cancelled by the clinic, with the reason when there is one (NULL or ""). */
char *wa_clinic_text_cancelled(const char *lang, const char *clinic, const char *when, const char *reason);
/* Moved by the clinic from `old_when` to `new_when`, with the reason when there is one. */
char *wa_clinic_text_moved(const char *lang, const char *clinic, const char *old_when, const char *new_when,
                           const char *reason);
/* The queue: the token called in, and the token whose turn is near (`ahead` patients before it). */
char *wa_clinic_text_queue_called(const char *lang, const char *token);
char *wa_clinic_text_queue_near(const char *lang, const char *token, int ahead);

/* The out_id of a queue notification ("queue:<doctor>:<day>:<token>:<what>", what = called or near): the same token
 * called twice the same day is notified once. Returns 0, or -1 when it does not fit. */
int wa_clinic_queue_out_id(char *out, size_t outsz, const char *doctor_id, const char *day, const char *token,
                           const char *what);

#endif
