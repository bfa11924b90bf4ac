/*
 * Reports and analytics (services/dashboard): GET /api/v1/reports/{name}
 * ?from=YYYY-MM-DD&to=YYYY-MM-DD answers one report of a period, in days of
 * the clinic's time zone (clinic_settings.time_zone), both ends included,
 * as JSON {report, from, to, time_zone, doctor_id, columns, rows} or, with
 * `Accept: text/csv` or `?format=csv`, as a CSV file to download. A clinic's
 * users read their own clinic; the operator names one with ?doctor=<id> or,
 * without it, reads every clinic at once (each clinic's days in its own time
 * zone). Without `to` the period ends today, without `from` it is 30 days;
 * at most 366 days.
 *
 * Each report is one SQL statement over the tables the pipeline writes
 * (messages, appointments, queue_tokens, referrals) with the same three
 * parameters: $1 the clinic (NULL: every clinic), $2 and $3 the first and
 * last day. They share the CTE `d` (the clinics concerned, with the period's
 * bounds as instants) so that every scan is a range of an index on
 * (doctor_id, time) (deploy/migrations/022_reports.sql). The reports and the
 * definitions of what they count are listed in README ("Reports").
 *
 * Errors: an unknown name answers 404, a malformed or inverted period 400
 * with the offending field, the database down 503. Text cells of a CSV that
 * a spreadsheet would run as a formula (=, +, -, @) are prefixed with an
 * apostrophe: the unanswered questions are what patients typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "api.h"
#include "http.h"

/* The clinics concerned and the period as instants in each one's time zone. */
#define CLINICS                                                                                                        \
    "WITH d AS (SELECT dr.id, z.tz, ($2::date)::timestamp AT TIME ZONE z.tz AS lo,"                                    \
    " ($3::date + 1)::timestamp AT TIME ZONE z.tz AS hi"                                                               \
    " FROM doctors dr LEFT JOIN clinic_settings cs ON cs.doctor_id = dr.id,"                                           \
    " LATERAL (SELECT coalesce(cs.time_zone, 'Asia/Kolkata') AS tz) z"                                                 \
    " WHERE $1::uuid IS NULL OR dr.id = $1::uuid) "

/* The messages of each clinic from d.lo to `hi` and matching `cond`: a lateral subquery that OFFSET 0 keeps from
 * being flattened into a join, so that each clinic's rows are one range of the index on (doctor_id, created_at)
 * whatever the planner guesses of d (flattened, a guess of 260 clinics made it scan every message). */
#define MESSAGES(alias, hi, cond)                                                                                      \
    " CROSS JOIN LATERAL (SELECT * FROM messages x WHERE x.doctor_id = d.id AND x.created_at >= d.lo"                  \
    " AND x.created_at < " hi " " cond " OFFSET 0) " alias
/* The messages of the period (any direction) of the clinics concerned. */
#define IN_PERIOD(alias) " FROM d" MESSAGES(alias, "d.hi", "")

/* The partial rows of a report over the messages of the period (columns doctor_id, day, key, n, a, b, last): the
 * percentile of a histogram `h` (v, n) with its cumulative counts `hc` (v, cum), as percentile_cont computes it from
 * the values themselves (rank pr * (N - 1), interpolated between the two values around it). */
#define HISTOGRAM(where)                                                                                               \
    ", h AS (SELECT key::numeric AS v, sum(n) AS n FROM p WHERE " where " GROUP BY 1),"                                \
    " hc AS (SELECT v, sum(n) OVER (ORDER BY v) AS cum FROM h) "
#define PCT(pr)                                                                                                        \
    "(SELECT round((y.lo_v + (y.pos - floor(y.pos)) * (y.hi_v - y.lo_v))::numeric, 1) FROM (SELECT z.pos,"             \
    " (SELECT v FROM hc WHERE hc.cum > floor(z.pos) ORDER BY v LIMIT 1) AS lo_v,"                                      \
    " (SELECT v FROM hc WHERE hc.cum > ceil(z.pos) ORDER BY v LIMIT 1) AS hi_v"                                        \
    " FROM (SELECT (sum(n) - 1) * " pr " AS pos FROM h) z WHERE z.pos >= 0) y)"
/* A duration in seconds as a histogram key: whole seconds up to an hour, whole minutes beyond */
#define BUCKET(s) "CASE WHEN " s " < 3600 THEN floor(" s ")::text ELSE (floor(" s " / 60) * 60)::text END"
/* Counts of 15-minute UTC buckets, converted to the clinic's days afterwards: converting each row's time by the
 * zone's name was most of the cost, and every zone's offset since 2000 (the earliest date taken) is a multiple of 15
 * minutes. `key` and `filter` are over the messages m of the period; a and b count the rows matching them. */
#define BY_QUARTER(key, a, filter)                                                                                     \
    "SELECT q.id AS doctor_id, (q.t AT TIME ZONE q.tz)::date AS day, q.key, sum(q.n)::bigint AS n,"                    \
    " sum(q.a)::bigint AS a, 0::bigint AS b, NULL::timestamp AS last FROM (SELECT d.id, d.tz,"                         \
    " date_bin('15 minutes', m.created_at, timestamptz '2000-01-01 00:00+00') AS t, " key " AS key,"                   \
    " count(*) AS n, count(*) FILTER (WHERE " a ") AS a" IN_PERIOD("m") " WHERE " filter " GROUP BY 1, 2, 3, 4) q"     \
                                                                        " GROUP BY 1, 2, 3"

/* A report is one statement (sql), or, over the messages, the partial rows of its days (partial) and the report made
 * of them (final): the days before yesterday in the clinic's time zone are stored once computed (report_days,
 * 022_reports.sql) and only yesterday and today are read from the messages at every call, so that a year costs
 * about what two days cost. */
typedef struct st_report_t {
    const char *name;
    const char *sql;
    const char *partial;
    const char *final;
} report_t;

static const report_t reports[] = {
    /* messages in and out per day, every day of the period (0 when none); read receipts are not messages */
    {"messages", NULL, BY_QUARTER("m.direction", "false", "m.source IS DISTINCT FROM 'read'"),
     " SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(sum(p.n) FILTER (WHERE p.key = 'in'), 0) AS \"in\","
     " coalesce(sum(p.n) FILTER (WHERE p.key = 'out'), 0) AS \"out\""
     " FROM (SELECT g::date AS day FROM generate_series($2::date, $3::date, interval '1 day') g) g"
     " LEFT JOIN p ON p.day = g.day GROUP BY g.day ORDER BY g.day"},
    /* the answers sent, by what produced them (messages.source: kb, ai, flow, manual = staff, fallback, welcome...)
     */
    {"sources", NULL,
     BY_QUARTER("coalesce(m.source, 'unknown')", "false", "m.direction = 'out' AND m.source IS DISTINCT FROM 'read'"),
     " SELECT p.key AS source, sum(p.n) AS answers FROM p GROUP BY 1 ORDER BY 2 DESC, 1"},
    /* the patients' questions the knowledge base could not answer (answered by the model or the fallback text),
     * grouped by their normalised text (lower case, punctuation and runs of spaces made one space; the first 500
     * characters), most asked first */
    {"unanswered", NULL,
     "SELECT x.doctor_id, x.day, x.key, count(*) AS n, count(*) FILTER (WHERE x.source = 'ai') AS a,"
     " count(*) FILTER (WHERE x.source = 'fallback') AS b, max(x.at) AS last"
     " FROM (SELECT d.id AS doctor_id, (i.created_at AT TIME ZONE d.tz)::date AS day,"
     " left(btrim(regexp_replace(lower(i.body), '[[:punct:][:space:]]+', ' ', 'g')), 500) AS key,"
     " o.source, i.created_at AT TIME ZONE d.tz AS at"
     " FROM d" MESSAGES(
         "o", "d.hi + interval '1 hour'",
         "AND x.direction = 'out' AND x.source IN ('ai', 'fallback')") " JOIN messages i ON i.wamid = o.reply_to "
                                                                       "AND i.doctor_id = o.doctor_id"
                                                                       " WHERE o.direction = 'out' AND o.source IN "
                                                                       "('ai', 'fallback') AND i.direction = 'in'"
                                                                       " AND i.created_at >= d.lo AND i.created_at "
                                                                       "< d.hi AND i.body IS NOT NULL) x"
                                                                       " WHERE x.key <> '' GROUP BY 1, 2, 3",
     " SELECT p.key AS question, sum(p.n) AS times, sum(p.a) AS by_ai, sum(p.b) AS by_fallback,"
     " to_char(max(p.last), 'YYYY-MM-DD HH24:MI') AS last_asked FROM p GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200"},
    /* time from a patient's message to the first answer to it (an outbound message replying to it); key '#in'
     * counts the patients' messages, the other keys are the histogram of the answers' delays */
    {"first-answer", NULL,
     "SELECT w.doctor_id, w.day, k.key, count(*) AS n, 0::bigint AS a, 0::bigint AS b, NULL::timestamp AS last"
     " FROM (SELECT i.doctor_id, (i.created_at AT TIME ZONE d.tz)::date AS day,"
     " CASE WHEN count(o.at) > 0 THEN greatest(extract(epoch FROM min(o.at) - i.created_at), 0) END AS s"
     " FROM d" MESSAGES(
         "i", "d.hi",
         "AND x.direction = 'in' AND x.wamid IS NOT NULL") " LEFT JOIN (SELECT m.reply_to, m.doctor_id, "
                                                           "coalesce(m.sent_at, m.created_at) AS at FROM "
                                                           "d" MESSAGES("m", "d.hi + interval '1 day'",
                                                                        "AND x.direction = 'out' AND x.reply_to IS "
                                                                        "NOT NULL AND x.source IS DISTINCT FROM "
                                                                        "'read'") ") o"
                                                                                  " ON o.reply_to = i.wamid AND "
                                                                                  "o.doctor_id = i.doctor_id GROUP "
                                                                                  "BY i.id, i.doctor_id, "
                                                                                  "i.created_at, d.tz) w"
                                                                                  " CROSS JOIN LATERAL (VALUES "
                                                                                  "('#in'), (CASE WHEN w.s IS NOT "
                                                                                  "NULL THEN " BUCKET(
                                                                                      "w.s") " END)) k(key)"
                                                                                             " WHERE k.key IS NOT "
                                                                                             "NULL GROUP BY 1, 2, "
                                                                                             "3",
     HISTOGRAM("p.key <> '#in'") "SELECT coalesce((SELECT sum(n) FROM p WHERE key = '#in'), 0) AS messages_in,"
                                 " coalesce((SELECT sum(n) FROM h), 0) AS answered, " PCT(
                                     "0.5") " AS p50_seconds, " PCT("0.9") " AS p90_seconds"},
    /* staff's replies by hand (source manual: during a handoff): the time since the patient's oldest message not
     * yet answered (after the conversation's previous outbound message; else the patient's last message, which the
     * bot only acknowledged), within the 24-hour window. OFFSET 0 keeps the planner from testing `s IS NOT NULL` (three
     * index lookups) on every staff message of the clinic before the period is applied */
    {"staff-response", NULL,
     "SELECT w.doctor_id, w.day, " BUCKET(
         "w.s") " AS key, count(*) AS n, 0::bigint AS a, 0::bigint AS b,"
                " NULL::timestamp AS last FROM (SELECT o.doctor_id, (o.created_at AT TIME ZONE d.tz)::date AS day,"
                " extract(epoch FROM o.created_at - coalesce("
                " (SELECT min(i.created_at) FROM messages i WHERE i.doctor_id = o.doctor_id AND i.patient_id = "
                "o.patient_id"
                " AND i.direction = 'in' AND i.created_at <= o.created_at AND i.created_at > o.created_at - "
                "interval "
                "'1 day'"
                " AND i.created_at > coalesce((SELECT max(p.created_at) FROM messages p WHERE p.doctor_id = "
                "o.doctor_id"
                " AND p.patient_id = o.patient_id AND p.direction = 'out' AND p.created_at < o.created_at"
                " AND p.source IS DISTINCT FROM 'read'), '-infinity')),"
                " (SELECT max(i.created_at) FROM messages i WHERE i.doctor_id = o.doctor_id AND i.patient_id = "
                "o.patient_id"
                " AND i.direction = 'in' AND i.created_at <= o.created_at"
                " AND i.created_at > o.created_at - interval '1 day'))) AS s" IN_PERIOD(
                    "o") " WHERE o.direction = 'out' AND o.source = 'manual' AND o.patient_id IS NOT NULL OFFSET "
                         "0) w"
                         " WHERE w.s IS NOT NULL GROUP BY 1, 2, 3",
     HISTOGRAM("true") "SELECT coalesce((SELECT sum(n) FROM h), 0) AS replies, " PCT("0.5") " AS p50_seconds, " PCT(
         "0.9") " AS p90_seconds"},
    /* appointments whose slot falls in the period, by the channel they were made through (appointments.channel),
     * with the reception's marks of attendance (023_reception.sql) */
    {"appointments",
     CLINICS "SELECT ch.channel, count(a.slot_start) AS booked,"
             " count(a.slot_start) FILTER (WHERE a.status = 'cancelled') AS cancelled,"
             " count(a.slot_start) FILTER (WHERE a.status = 'booked' AND a.attendance = 'arrived') AS arrived,"
             " count(a.slot_start) FILTER (WHERE a.status = 'booked' AND a.attendance = 'no_show') AS no_show"
             " FROM (VALUES (1, 'whatsapp'), (2, 'reception')) ch(k, channel)"
             " LEFT JOIN (SELECT a.channel, a.status, a.attendance, a.slot_start FROM d JOIN appointments a"
             " ON a.doctor_id = d.id AND a.slot_start >= d.lo AND a.slot_start < d.hi) a ON a.channel = ch.channel"
             " GROUP BY ch.k, ch.channel ORDER BY ch.k",
     NULL, NULL},
    /* the walk-in queue per day: tokens given, seen, skipped, and the wait from the token to its call */
    {"queue",
     CLINICS "SELECT to_char(q.day, 'YYYY-MM-DD') AS day, count(*) AS tokens,"
             " count(*) FILTER (WHERE q.status IN ('called', 'done')) AS seen,"
             " count(*) FILTER (WHERE q.status = 'skipped') AS skipped,"
             " round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM q.called_at - q.created_at)"
             " / 60))::numeric, 1) AS wait_p50_minutes,"
             " round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM q.called_at - q.created_at)"
             " / 60))::numeric, 1) AS wait_p90_minutes"
             " FROM d JOIN queue_tokens q ON q.doctor_id = d.id AND q.day BETWEEN $2::date AND $3::date"
             " GROUP BY q.day ORDER BY q.day",
     NULL, NULL},
    /* referrals made in the period, per referring patient */
    {"referrals",
     CLINICS "SELECT coalesce(p.profile_name, '') AS referrer, p.wa_id, count(*) AS referred"
             " FROM d JOIN referrals r ON r.doctor_id = d.id AND r.created_at >= d.lo AND r.created_at < d.hi"
             " JOIN patients p ON p.id = r.referrer_id"
             " GROUP BY p.id, p.profile_name, p.wa_id ORDER BY 3 DESC, 1, 2 LIMIT 500",
     NULL, NULL},
    /* patients' messages the emergency triage flagged (messages.flag 'emergency:<category>'), per day and category
     */
    {"emergencies",
     CLINICS "SELECT to_char((m.flagged_at AT TIME ZONE d.tz)::date, 'YYYY-MM-DD') AS day,"
             " substr(m.flag, 11) AS category, count(*) AS flagged"
             " FROM d JOIN messages m ON m.doctor_id = d.id AND m.flag IS NOT NULL"
             " AND m.flagged_at >= d.lo AND m.flagged_at < d.hi"
             " WHERE m.flag LIKE 'emergency:%' GROUP BY 1, 2 ORDER BY 1, 2",
     NULL, NULL},
    /* the messages Meta priced (statuses' pricing, API_REFERENCE A.2.7), by pricing category: billable (type
     * regular, or billable true where the type is absent) and free */
    {"cost", NULL,
     BY_QUARTER("m.pricing_category", "coalesce(m.pricing_type = 'regular', m.pricing_billable, false)",
                "m.direction = 'out' AND m.pricing_category IS NOT NULL"),
     " SELECT p.key AS category, sum(p.n) AS messages, sum(p.a) AS billable, sum(p.n) - sum(p.a) AS free FROM p"
     " GROUP BY 1 ORDER BY 2 DESC, 1"},
    {NULL, NULL, NULL, NULL},
};

/* The clinics concerned with their time zone and today there. */
#define CLINIC_DAYS                                                                                                    \
    "WITH c AS (SELECT dr.id, z.tz, (now() AT TIME ZONE z.tz)::date AS today"                                          \
    " FROM doctors dr LEFT JOIN clinic_settings cs ON cs.doctor_id = dr.id,"                                           \
    " LATERAL (SELECT coalesce(cs.time_zone, 'Asia/Kolkata') AS tz) z WHERE $1::uuid IS NULL OR dr.id = $1::uuid)"

/* Stores the partial rows of the period's settled days (before yesterday) not stored yet, and a row with key ''
 * marking each of those days as done (also a day without messages). Two callers at once store the same rows once. */
static const char settle_head[] =
    CLINIC_DAYS ", miss AS (SELECT c.id, c.tz, g::date AS day FROM c,"
                " generate_series($2::date, least($3::date, c.today - 2), interval '1 day') g"
                " WHERE NOT EXISTS (SELECT 1 FROM report_days r WHERE r.doctor_id = c.id AND r.report = $4"
                " AND r.tz = c.tz AND r.day = g::date AND r.key = '')),"
                " d AS (SELECT miss.id, miss.tz, min(miss.day)::timestamp AT TIME ZONE miss.tz AS lo,"
                " (max(miss.day) + 1)::timestamp AT TIME ZONE miss.tz AS hi FROM miss GROUP BY miss.id, miss.tz),"
                " part AS (";
static const char settle_tail[] =
    "), ins AS (INSERT INTO report_days (doctor_id, report, tz, day, key, n, a, b, last)"
    " SELECT part.doctor_id, $4, miss.tz, part.day, part.key, part.n, part.a, part.b, part.last"
    " FROM part JOIN miss ON miss.id = part.doctor_id AND miss.day = part.day"
    " UNION ALL SELECT miss.id, $4, miss.tz, miss.day, '', 0, 0, 0, NULL FROM miss"
    " ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM ins";
/* The report: the stored rows of the settled days up to the first one not stored yet, and from that day (at the
 * latest yesterday) the partial rows computed from the messages, as `p`. */
static const char final_head[] =
    CLINIC_DAYS ", s AS (SELECT c.id, c.tz, coalesce((SELECT min(g)::date FROM generate_series($2::date,"
                " least($3::date, c.today - 2), interval '1 day') g WHERE NOT EXISTS (SELECT 1 FROM report_days r"
                " WHERE r.doctor_id = c.id AND r.report = $4 AND r.tz = c.tz AND r.day = g::date AND r.key = '')),"
                " greatest($2::date, c.today - 1)) AS live FROM c),"
                " d AS (SELECT s.id, s.tz, s.live::timestamp AT TIME ZONE s.tz AS lo,"
                " ($3::date + 1)::timestamp AT TIME ZONE s.tz AS hi FROM s WHERE s.live <= $3::date),"
                " p AS (SELECT r.doctor_id, r.day, r.key, r.n, r.a, r.b, r.last FROM s JOIN report_days r"
                " ON r.doctor_id = s.id AND r.report = $4 AND r.tz = s.tz AND r.day >= $2::date AND r.day <= $3::date"
                " AND r.day < s.live AND r.key <> '' UNION ALL ";

/* Days stored per statement, and how long one call spends storing days before it computes the rest from the
 * messages (the next call goes on storing): each statement stays far below WA_PG_STATEMENT_TIMEOUT_MS even on a busy
 * machine, and the first report of a long period answers in bounded time. */
#define SETTLE_CHUNK_DAYS 31
#define SETTLE_BUDGET_MS 2000

/* Pure: 1 when s is a real calendar date YYYY-MM-DD between 2000 and 2199. */
static int valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 2000 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 0;
    return 1;
}

/* Days since 1970-01-01 of a valid date (the civil-from-days inverse). */
static long day_number(const char *s)
{
    long y = atol(s), m = atol(s + 5), d = atol(s + 8);
    y -= m <= 2;
    long era = y / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The date YYYY-MM-DD of a day number (days since 1970-01-01) into out (11 bytes at least). */
static void day_text(long z, char *out, size_t outsz)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    y = y < 0 ? 0 : y > 9999 ? 9999 : y; /* the periods are checked dates: this only tells the compiler the width */
    snprintf(out, outsz, "%04d-%02d-%02d", (int)y, (int)(m % 13), (int)(d % 32));
}

static void bad_period(dash_call_t *c, const char *field, const char *what)
{
    cJSON *f = cJSON_CreateObject();
    if (f == NULL || cJSON_AddStringToObject(f, field, what) == NULL)
        wa_fatal("out of memory");
    dash_reply_error(c->req, 400, "invalid_period", what, f);
}

static int is_numeric_type(Oid t)
{
    return t == 20 || t == 21 || t == 23 || t == 700 || t == 701 || t == 1700; /* int8, int2, int4, float, numeric */
}

static void csv_put(h2o_buffer_t **buf, const char *s, size_t n)
{
    h2o_iovec_t r = h2o_buffer_reserve(buf, n);
    if (r.base == NULL)
        wa_fatal("out of memory");
    memcpy(r.base, s, n);
    (*buf)->size += n;
}

/* Appends one CSV field to buf (quoted when needed; a text cell opening a formula gets a leading apostrophe). */
static void csv_field(h2o_buffer_t **buf, const char *v, int text)
{
    int quote = strpbrk(v, ",\"\r\n") != NULL, formula = text && v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL;
    size_t n = strlen(v);
    h2o_iovec_t r = h2o_buffer_reserve(buf, 2 * n + 4);
    char *o = r.base;
    if (o == NULL)
        wa_fatal("out of memory");
    if (quote)
        *o++ = '"';
    if (formula)
        *o++ = '\'';
    for (const char *p = v; *p != '\0'; p++) {
        if (*p == '"')
            *o++ = '"';
        *o++ = *p;
    }
    if (quote)
        *o++ = '"';
    (*buf)->size += (size_t)(o - r.base);
}

static void reply_csv(dash_call_t *c, PGresult *res, const char *name, const char *from, const char *to)
{
    h2o_req_t *req = c->req;
    h2o_buffer_t *buf;
    int nf = PQnfields(res), nt = PQntuples(res);
    char disp[160];

    h2o_buffer_init(&buf, &h2o_socket_buffer_prototype);
    for (int f = 0; f < nf; f++) {
        if (f > 0)
            csv_put(&buf, ",", 1);
        csv_field(&buf, PQfname(res, f), 0);
    }
    csv_put(&buf, "\r\n", 2);
    for (int t = 0; t < nt; t++) {
        for (int f = 0; f < nf; f++) {
            if (f > 0)
                csv_put(&buf, ",", 1);
            if (!PQgetisnull(res, t, f))
                csv_field(&buf, PQgetvalue(res, t, f), !is_numeric_type(PQftype(res, f)));
        }
        csv_put(&buf, "\r\n", 2);
    }
    snprintf(disp, sizeof(disp), "attachment; filename=\"%s%s-%s-%s.csv\"", c->tenant == NULL ? "all-clinics-" : "",
             name, from, to);
    req->res.status = 200;
    req->res.reason = "OK";
    req->res.content_length = buf->size;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
                          H2O_STRLIT("nosniff"));
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("text/csv; charset=utf-8"));
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL,
                   h2o_strdup(&req->pool, disp, SIZE_MAX).base, strlen(disp));
    char *body = h2o_mem_alloc_pool(&req->pool, buf->size + 1);
    memcpy(body, buf->bytes, buf->size);
    size_t len = buf->size;
    h2o_buffer_dispose(&buf);
    h2o_send_inline(req, body, len);
}

static void reply_doc(dash_call_t *c, PGresult *res, const char *name, const char *from, const char *to, const char *tz)
{
    cJSON *doc = cJSON_CreateObject(), *cols, *rows;
    int nf = PQnfields(res), nt = PQntuples(res);
    if (doc == NULL || cJSON_AddStringToObject(doc, "report", name) == NULL ||
        cJSON_AddStringToObject(doc, "from", from) == NULL || cJSON_AddStringToObject(doc, "to", to) == NULL ||
        !cJSON_AddItemToObject(doc, "time_zone", tz != NULL ? cJSON_CreateString(tz) : cJSON_CreateNull()) ||
        !cJSON_AddItemToObject(doc, "doctor_id",
                               c->tenant != NULL ? cJSON_CreateString(c->tenant) : cJSON_CreateNull()) ||
        (cols = cJSON_AddArrayToObject(doc, "columns")) == NULL || (rows = cJSON_AddArrayToObject(doc, "rows")) == NULL)
        wa_fatal("out of memory");
    for (int f = 0; f < nf; f++)
        if (!cJSON_AddItemToArray(cols, cJSON_CreateString(PQfname(res, f))))
            wa_fatal("out of memory");
    for (int t = 0; t < nt; t++) {
        cJSON *row = cJSON_CreateObject();
        if (row == NULL || !cJSON_AddItemToArray(rows, row))
            wa_fatal("out of memory");
        for (int f = 0; f < nf; f++) {
            cJSON *v = PQgetisnull(res, t, f)             ? cJSON_CreateNull()
                       : is_numeric_type(PQftype(res, f)) ? cJSON_CreateNumber(strtod(PQgetvalue(res, t, f), NULL))
                                                          : cJSON_CreateString(PQgetvalue(res, t, f));
            if (v == NULL || !cJSON_AddItemToObject(row, PQfname(res, f), v))
                wa_fatal("out of memory");
        }
    }
    dash_reply_json(c->req, 200, doc);
}

void dash_reports_get(dash_call_t *c)
{
    const report_t *r = reports;
    const char *qfrom = dash_http_query(c->req, "from"), *qto = dash_http_query(c->req, "to");
    const char *format = dash_http_query(c->req, "format"), *accept = dash_http_header(c->req, "accept");
    char from[16], to[16], tz[64];

    while (r->name != NULL && (c->param == NULL || strcmp(r->name, c->param) != 0))
        r++;
    if (r->name == NULL) {
        dash_reply_error(c->req, 404, "not_found",
                         "no such report: messages, sources, unanswered, first-answer, staff-response, appointments, "
                         "queue, referrals, emergencies or cost",
                         NULL);
        return;
    }
    if (qfrom != NULL && !valid_date(qfrom)) {
        bad_period(c, "from", "from: a date YYYY-MM-DD");
        return;
    }
    if (qto != NULL && !valid_date(qto)) {
        bad_period(c, "to", "to: a date YYYY-MM-DD");
        return;
    }
    if (format != NULL && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "format", "csv or json");
        dash_reply_error(c->req, 400, "invalid", "format: csv or json", f);
        return;
    }
    int csv = format != NULL ? strcmp(format, "csv") == 0 : accept != NULL && strcasestr(accept, "text/csv") != NULL;

    /* the period's defaults, in the clinic's time zone (across clinics: UTC's today) */
    const char *dparams[] = {c->tenant, qfrom, qto};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard report period",
        "SELECT to_char(coalesce($2::date, t.last - 29), 'YYYY-MM-DD'), to_char(t.last, 'YYYY-MM-DD'), z.tz"
        " FROM (SELECT CASE WHEN $1::uuid IS NULL THEN 'UTC' ELSE coalesce((SELECT time_zone FROM clinic_settings"
        " WHERE doctor_id = $1::uuid), 'Asia/Kolkata') END AS tz) z,"
        " LATERAL (SELECT coalesce($3::date, (now() AT TIME ZONE z.tz)::date) AS last) t",
        3, dparams);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    snprintf(from, sizeof(from), "%s", PQgetvalue(res, 0, 0));
    snprintf(to, sizeof(to), "%s", PQgetvalue(res, 0, 1));
    snprintf(tz, sizeof(tz), "%s", PQgetvalue(res, 0, 2));
    PQclear(res);
    if (day_number(from) > day_number(to)) {
        bad_period(c, "from", "from: on or before to");
        return;
    }
    if (day_number(to) - day_number(from) >= 366) {
        bad_period(c, "from", "the period: at most 366 days");
        return;
    }

    const char *params[] = {c->tenant, from, to, r->name};
    /* the planner cannot know how many clinics d holds and guesses high: the estimated cost passes jit_above_cost and
     * compiling the plan (a second on a busy machine) would cost more than running it (milliseconds) */
    wa_pg_run(c->w->pg, "dashboard report jit", "SET jit = off", 0, NULL);
    if (r->sql != NULL) {
        res = wa_pg_exec(c->w->pg, "dashboard report", r->sql, 3, params);
    } else {
        char *settle = malloc(sizeof(settle_head) + strlen(r->partial) + sizeof(settle_tail)),
             *final = malloc(sizeof(final_head) + strlen(r->partial) + strlen(r->final) + 2);
        if (settle == NULL || final == NULL)
            wa_fatal("out of memory");
        sprintf(settle, "%s%s%s", settle_head, r->partial, settle_tail);
        sprintf(final, "%s%s)%s", final_head, r->partial, r->final);
        /* store the settled days not stored yet, a month per statement, within the budget */
        long first = day_number(from), last = day_number(to);
        long long started = wa_now_ms();
        for (long lo = first; lo <= last && wa_now_ms() - started < SETTLE_BUDGET_MS; lo += SETTLE_CHUNK_DAYS) {
            char clo[16], chi[16];
            day_text(lo, clo, sizeof(clo));
            day_text(lo + SETTLE_CHUNK_DAYS - 1 < last ? lo + SETTLE_CHUNK_DAYS - 1 : last, chi, sizeof(chi));
            const char *sparams[] = {c->tenant, clo, chi, r->name};
            PGresult *sres = wa_pg_exec(c->w->pg, "dashboard report days", settle, 4, sparams);
            if (sres == NULL)
                break; /* logged; what is not stored is computed from the messages below */
            PQclear(sres);
        }
        res = wa_pg_exec(c->w->pg, "dashboard report", final, 4, params);
        free(settle);
        free(final);
    }
    wa_pg_run(c->w->pg, "dashboard report jit", "RESET jit", 0, NULL);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    if (csv)
        reply_csv(c, res, r->name, from, to);
    else
        reply_doc(c, res, r->name, from, to, c->tenant != NULL ? tz : NULL);
    PQclear(res);
}

void dash_reports_openapi(cJSON *params)
{
    static const char *const p[] = {
        "{\"name\":\"from\",\"in\":\"query\",\"description\":\"first day (the clinic's time zone; default: 29 days "
        "before to)\",\"schema\":{\"type\":\"string\",\"format\":\"date\"}}",
        "{\"name\":\"to\",\"in\":\"query\",\"description\":\"last day, included (default: today); at most 366 days\","
        "\"schema\":{\"type\":\"string\",\"format\":\"date\"}}",
        "{\"name\":\"format\",\"in\":\"query\",\"description\":\"csv: a CSV file (as Accept: text/csv)\","
        "\"schema\":{\"type\":\"string\",\"enum\":[\"json\",\"csv\"]}}",
        "{\"name\":\"name\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\",\"enum\":[\"messages\","
        "\"sources\",\"unanswered\",\"first-answer\",\"staff-response\",\"appointments\",\"queue\",\"referrals\","
        "\"emergencies\",\"cost\"]}}",
    };
    /* the path parameter as added by the generic code is replaced by the one with its values */
    cJSON *it;
    int i = 0;
    cJSON_ArrayForEach(it, params)
    {
        cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name"), *in = cJSON_GetObjectItemCaseSensitive(it, "in");
        if (cJSON_IsString(n) && strcmp(n->valuestring, "name") == 0 && cJSON_IsString(in) &&
            strcmp(in->valuestring, "path") == 0) {
            cJSON_DeleteItemFromArray(params, i);
            break;
        }
        i++;
    }
    for (size_t k = 0; k < sizeof(p) / sizeof(p[0]); k++) {
        cJSON *j = cJSON_Parse(p[k]);
        if (j == NULL || !cJSON_AddItemToArray(params, j))
            wa_fatal("a report parameter's schema is not JSON");
    }
}
