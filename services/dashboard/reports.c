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

/* The messages of the period (any direction) of the clinics concerned. */
#define IN_PERIOD(alias)                                                                                               \
    " FROM d JOIN messages " alias " ON " alias ".doctor_id = d.id AND " alias ".created_at >= d.lo AND " alias        \
    ".created_at < d.hi"

#define P50_P90(expr, unit)                                                                                            \
    " round((percentile_cont(0.5) WITHIN GROUP (ORDER BY " expr "))::numeric, 1) AS p50_" unit ","                     \
    " round((percentile_cont(0.9) WITHIN GROUP (ORDER BY " expr "))::numeric, 1) AS p90_" unit

typedef struct st_report_t {
    const char *name;
    const char *sql;
} report_t;

static const report_t reports[] = {
    /* messages in and out per day, every day of the period (0 when none); read receipts are not messages. Counted
     * in 15-minute UTC buckets first, then the buckets converted to the clinic's days: converting each row by the
     * zone's name was most of the cost, and every zone's offset since 2000 (the earliest date taken) is a multiple
     * of 15 minutes */
    {"messages",
     CLINICS ", b AS (SELECT d.tz, date_bin('15 minutes', m.created_at, timestamptz '2000-01-01 00:00+00') AS t,"
             " count(*) FILTER (WHERE m.direction = 'in') AS n_in,"
             " count(*) FILTER (WHERE m.direction = 'out') AS n_out" IN_PERIOD(
                 "m") " WHERE m.source IS DISTINCT FROM 'read' GROUP BY 1, 2),"
                      " c AS (SELECT (b.t AT TIME ZONE b.tz)::date AS day, sum(b.n_in) AS n_in, sum(b.n_out) AS n_out"
                      " FROM b GROUP BY 1)"
                      " SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(c.n_in, 0) AS \"in\","
                      " coalesce(c.n_out, 0) AS \"out\""
                      " FROM (SELECT g::date AS day FROM generate_series($2::date, $3::date, interval '1 day') g) g"
                      " LEFT JOIN c ON c.day = g.day ORDER BY g.day"},
    /* the answers sent, by what produced them (messages.source: kb, ai, flow, manual = staff, fallback, welcome...) */
    {"sources", CLINICS "SELECT coalesce(m.source, 'unknown') AS source, count(*) AS answers" IN_PERIOD(
                    "m") " WHERE m.direction = 'out' AND m.source IS DISTINCT FROM 'read'"
                         " GROUP BY 1 ORDER BY 2 DESC, 1"},
    /* the patients' questions the knowledge base could not answer (answered by the model or the fallback text),
     * grouped by their normalised text (lower case, punctuation and runs of spaces made one space), most asked first */
    {"unanswered",
     CLINICS "SELECT x.question, count(*) AS times, count(*) FILTER (WHERE x.source = 'ai') AS by_ai,"
             " count(*) FILTER (WHERE x.source = 'fallback') AS by_fallback,"
             " to_char(max(x.at), 'YYYY-MM-DD HH24:MI') AS last_asked"
             " FROM (SELECT btrim(regexp_replace(lower(i.body), '[[:punct:][:space:]]+', ' ', 'g')) AS question,"
             " o.source, i.created_at AT TIME ZONE d.tz AS at"
             " FROM d JOIN messages o ON o.doctor_id = d.id AND o.created_at >= d.lo"
             " AND o.created_at < d.hi + interval '1 hour'"
             " JOIN messages i ON i.wamid = o.reply_to AND i.doctor_id = o.doctor_id"
             " WHERE o.direction = 'out' AND o.source IN ('ai', 'fallback') AND i.direction = 'in'"
             " AND i.created_at >= d.lo AND i.created_at < d.hi AND i.body IS NOT NULL) x"
             " WHERE x.question <> '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200"},
    /* time from a patient's message to the first answer to it (an outbound message replying to it) */
    {"first-answer",
     CLINICS ", i AS (SELECT m.id, m.wamid, m.created_at, m.doctor_id" IN_PERIOD(
         "m") " WHERE m.direction = 'in' AND m.wamid IS NOT NULL),"
              " o AS (SELECT m.reply_to, m.doctor_id, coalesce(m.sent_at, m.created_at) AS at"
              " FROM d JOIN messages m ON m.doctor_id = d.id AND m.created_at >= d.lo"
              " AND m.created_at < d.hi + interval '1 day'"
              " WHERE m.direction = 'out' AND m.reply_to IS NOT NULL AND m.source IS DISTINCT FROM 'read'),"
              " w AS (SELECT CASE WHEN count(o.at) > 0 THEN greatest(extract(epoch FROM min(o.at) - i.created_at), 0)"
              " END AS s FROM i LEFT JOIN o ON o.reply_to = i.wamid AND o.doctor_id = i.doctor_id"
              " GROUP BY i.id, i.created_at)"
              " SELECT count(*) AS messages_in, count(s) AS answered," P50_P90("s", "seconds") " FROM w"},
    /* staff's replies by hand (source manual: during a handoff): the time since the patient's oldest message not yet
     * answered (after the conversation's previous outbound message; else the patient's last message, which the bot
     * only acknowledged), within the 24-hour window */
    {"staff-response", CLINICS
     ", w AS (SELECT extract(epoch FROM o.created_at - coalesce("
     " (SELECT min(i.created_at) FROM messages i WHERE i.doctor_id = o.doctor_id AND i.patient_id = o.patient_id"
     " AND i.direction = 'in' AND i.created_at <= o.created_at AND i.created_at > o.created_at - interval '1 day'"
     " AND i.created_at > coalesce((SELECT max(p.created_at) FROM messages p WHERE p.doctor_id = o.doctor_id"
     " AND p.patient_id = o.patient_id AND p.direction = 'out' AND p.created_at < o.created_at"
     " AND p.source IS DISTINCT FROM 'read'), '-infinity')),"
     " (SELECT max(i.created_at) FROM messages i WHERE i.doctor_id = o.doctor_id AND i.patient_id = o.patient_id"
     " AND i.direction = 'in' AND i.created_at <= o.created_at"
     " AND i.created_at > o.created_at - interval '1 day'))) AS s" IN_PERIOD(
         "o") " WHERE o.direction = 'out' AND o.source = 'manual' AND o.patient_id IS NOT NULL)"
              " SELECT count(s) AS replies," P50_P90("s", "seconds") " FROM w"},
    /* appointments whose slot falls in the period, by the channel they were made through (appointments.channel), with
     * the reception's marks of attendance (023_reception.sql) */
    {"appointments",
     CLINICS "SELECT ch.channel, count(a.slot_start) AS booked,"
             " count(a.slot_start) FILTER (WHERE a.status = 'cancelled') AS cancelled,"
             " count(a.slot_start) FILTER (WHERE a.status = 'booked' AND a.attendance = 'arrived') AS arrived,"
             " count(a.slot_start) FILTER (WHERE a.status = 'booked' AND a.attendance = 'no_show') AS no_show"
             " FROM (VALUES (1, 'whatsapp'), (2, 'reception')) ch(k, channel)"
             " LEFT JOIN (SELECT a.channel, a.status, a.attendance, a.slot_start FROM d JOIN appointments a"
             " ON a.doctor_id = d.id AND a.slot_start >= d.lo AND a.slot_start < d.hi) a ON a.channel = ch.channel"
             " GROUP BY ch.k, ch.channel ORDER BY ch.k"},
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
             " GROUP BY q.day ORDER BY q.day"},
    /* referrals made in the period, per referring patient */
    {"referrals",
     CLINICS "SELECT coalesce(p.profile_name, '') AS referrer, p.wa_id, count(*) AS referred"
             " FROM d JOIN referrals r ON r.doctor_id = d.id AND r.created_at >= d.lo AND r.created_at < d.hi"
             " JOIN patients p ON p.id = r.referrer_id"
             " GROUP BY p.id, p.profile_name, p.wa_id ORDER BY 3 DESC, 1, 2 LIMIT 500"},
    /* patients' messages the emergency triage flagged (messages.flag 'emergency:<category>'), per day and category */
    {"emergencies", CLINICS "SELECT to_char((m.flagged_at AT TIME ZONE d.tz)::date, 'YYYY-MM-DD') AS day,"
                            " substr(m.flag, 11) AS category, count(*) AS flagged"
                            " FROM d JOIN messages m ON m.doctor_id = d.id AND m.flag IS NOT NULL"
                            " AND m.flagged_at >= d.lo AND m.flagged_at < d.hi"
                            " WHERE m.flag LIKE 'emergency:%' GROUP BY 1, 2 ORDER BY 1, 2"},
    /* the messages Meta priced (statuses' pricing, API_REFERENCE A.2.7), by pricing category: billable (type
     * regular, or billable true where the type is absent) and free */
    {"cost", CLINICS
     "SELECT m.pricing_category AS category, count(*) AS messages,"
     " count(*) FILTER (WHERE coalesce(m.pricing_type = 'regular', m.pricing_billable, false)) AS billable,"
     " count(*) FILTER (WHERE NOT coalesce(m.pricing_type = 'regular', m.pricing_billable, false)) AS free" IN_PERIOD(
         "m") " WHERE m.direction = 'out' AND m.pricing_category IS NOT NULL"
              " GROUP BY 1 ORDER BY 2 DESC, 1"},
    {NULL, NULL},
};

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

    const char *params[] = {c->tenant, from, to};
    if ((res = wa_pg_exec(c->w->pg, "dashboard report", r->sql, 3, params)) == NULL) {
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
