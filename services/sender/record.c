/*
 * Recording outbound messages in PostgreSQL (record.h). One parameterised
 * INSERT ... ON CONFLICT DO NOTHING: recording is idempotent, so the sender
 * may safely record again when it finds an out_id already marked as sent
 * (the previous attempt may have died before its record). A batch, of one
 * row or many, is one prepared multi-row INSERT (its rows as one JSON array,
 * one transaction);
 * when that fails on a row's data, the batch goes again through libpq's
 * pipeline mode with a sync after every INSERT, so that the one failing row
 * does not hold back the others.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "wa/log.h"
#include "record.h"

/* ON CONFLICT without a target: out_id is the key that matters, but a repeated wamid (UNIQUE too) must not turn into
 * an error that is retried forever either. The payload is the message object exactly as emitted to wa:out. */
static const char *insert_sql =
    "INSERT INTO messages (doctor_id, patient_id, direction, out_id, wamid, wa_id, type, body, payload, reply_to, "
    "source, status, sent_at) "
    "VALUES ($1::uuid, (SELECT id FROM patients WHERE doctor_id = $1::uuid AND wa_id = $2), 'out', $3, $4, $2, $5, $6, "
    "$7::jsonb, NULLIF($8, ''), NULLIF($9, ''), $10, now()) "
    "ON CONFLICT DO NOTHING";

snd_record_rc_t snd_record_outbound(wa_pg_t *pg, const wa_out_msg_t *m, const char *type, const char *text_body,
                                    const char *wamid, const char *status)
{
    const char *params[10] = {m->doctor_id, m->to,      m->out_id,   wamid,     type,
                              text_body,    m->message, m->reply_to, m->source, status};
    if (wa_pg_run(pg, "record outbound message", insert_sql, 10, params) == 0)
        return SND_RECORD_OK;
    const char *state = wa_pg_sqlstate(pg);
    /* 22xxx: data exception (not a uuid, bad JSON); 23xxx: integrity (no such doctor). Retrying cannot help. */
    if (state != NULL && (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0))
        return SND_RECORD_PERMANENT;
    return SND_RECORD_TRANSIENT;
}

static snd_record_rc_t classify(const char *state)
{
    /* 22xxx: data exception (not a uuid, bad JSON); 23xxx: integrity (no such doctor). Retrying cannot help. */
    if (state != NULL && (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0))
        return SND_RECORD_PERMANENT;
    return SND_RECORD_TRANSIENT;
}

/* The rows as insert_many's JSON array; the payloads inserted as they are. */
static char *rows_json(const snd_record_row_t *rows, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    char *s;

    if (arr == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < n; i++) {
        const wa_out_msg_t *m = rows[i].m;
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(arr, o) ||
            (m->message != NULL ? cJSON_AddRawToObject(o, "p", m->message) : cJSON_AddNullToObject(o, "p")) == NULL)
            wa_fatal("out of memory"); /* a payload that is not JSON makes the array invalid: the rows go one by one */
        const char *keys[] = {"d", "w", "o", "wm", "t", "b", "r", "s", "st"};
        const char *vals[] = {m->doctor_id,      m->to,       m->out_id,    rows[i].wamid, rows[i].type,
                              rows[i].text_body, m->reply_to, m->source,    rows[i].status};
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
            if ((vals[k] != NULL ? cJSON_AddStringToObject(o, keys[k], vals[k]) : cJSON_AddNullToObject(o, keys[k])) ==
                NULL)
                wa_fatal("out of memory");
    }
    if ((s = cJSON_PrintUnformatted(arr)) == NULL)
        wa_fatal("out of memory");
    cJSON_Delete(arr);
    return s;
}

/* All n rows in one prepared statement (one transaction). Returns 0 (every row recorded), 1 when the rows must go one
 * by one (a row's data is refused: not a uuid, a payload that is not JSON, no such doctor), -1 on a transient failure
 * (rcs left TRANSIENT). */
static int insert_many(wa_pg_t *pg, const snd_record_row_t *rows, size_t n, snd_record_rc_t *rcs)
{
    static const char sql[] =
        "INSERT INTO messages (doctor_id, patient_id, direction, out_id, wamid, wa_id, type, body, payload, reply_to,"
        " source, status, sent_at)"
        " SELECT x.d, (SELECT id FROM patients WHERE doctor_id = x.d AND wa_id = x.w), 'out', x.o, x.wm, x.w, x.t,"
        " x.b, x.p, NULLIF(x.r, ''), NULLIF(x.s, ''), x.st, now()"
        " FROM jsonb_to_recordset($1::jsonb) AS x(d uuid, w text, o text, wm text, t text, b text, p jsonb, r text,"
        " s text, st text)"
        " ON CONFLICT DO NOTHING";
    char *json = rows_json(rows, n);
    const char *params[1] = {json};
    PGresult *res;

    res = wa_pg_exec_prepared(pg, "record outbound messages", sql, 1, params);
    free(json);
    if (res == NULL)
        return classify(wa_pg_sqlstate(pg)) == SND_RECORD_PERMANENT ? 1 : -1;
    PQclear(res);
    for (size_t i = 0; i < n; i++)
        rcs[i] = SND_RECORD_OK;
    return 0;
}

void snd_record_outbound_many(wa_pg_t *pg, const snd_record_row_t *rows, size_t n, snd_record_rc_t *rcs)
{
    PGconn *conn;
    size_t sent = 0;

    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        rcs[i] = SND_RECORD_TRANSIENT;
    /* one row too: the prepared statement is planned once per connection, the plain one at every call (70-75 us of
     * planning per call, about a third of what a one-row INSERT costs; issue 14, round 5) */
    if (insert_many(pg, rows, n, rcs) <= 0)
        return;
    if (n == 1 || (conn = wa_pg_conn(pg)) == NULL || PQenterPipelineMode(conn) != 1) {
        for (size_t i = 0; i < n; i++) /* one at a time (also when unreachable: each logs and reports it) */
            rcs[i] = snd_record_outbound(pg, rows[i].m, rows[i].type, rows[i].text_body, rows[i].wamid,
                                         rows[i].status);
        return;
    }
    for (size_t i = 0; i < n; i++)
        rcs[i] = SND_RECORD_TRANSIENT;
    for (; sent < n; sent++) {
        const wa_out_msg_t *m = rows[sent].m;
        const char *params[10] = {m->doctor_id, m->to,      m->out_id,   rows[sent].wamid, rows[sent].type,
                                  rows[sent].text_body, m->message, m->reply_to, m->source, rows[sent].status};
        if (PQsendQueryParams(conn, insert_sql, 10, NULL, params, NULL, NULL, 0) != 1 || PQpipelineSync(conn) != 1)
            break;
    }
    if (sent < n)
        wa_warn("record outbound messages: the pipeline broke", "error", PQerrorMessage(conn));
    /* per query: its result, NULL, then the sync's PGRES_PIPELINE_SYNC */
    for (size_t i = 0; i < sent; i++) {
        PGresult *res = PQgetResult(conn);
        if (res == NULL)
            break; /* connection lost */
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_COMMAND_OK) {
            rcs[i] = SND_RECORD_OK;
        } else {
            const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            rcs[i] = classify(state);
            wa_warn("record outbound message failed", "sqlstate", state != NULL ? state : "",
                    "out_id", rows[i].m->out_id);
        }
        PQclear(res);
        while ((res = PQgetResult(conn)) != NULL) /* up to the NULL that ends this query */
            PQclear(res);
        if (PQstatus(conn) != CONNECTION_OK)
            break;
        if ((res = PQgetResult(conn)) == NULL) /* the sync */
            break;
        int sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
        PQclear(res);
        if (!sync)
            break;
    }
    if (PQexitPipelineMode(conn) != 1) {
        /* results left unread (a broken connection): drain what is there; wa_pg resets a bad connection */
        PGresult *res;
        int guard = 0;
        while (guard++ < 4 * (int)n + 8 && (res = PQgetResult(conn)) != NULL)
            PQclear(res);
        (void)PQexitPipelineMode(conn);
    }
}
