/*
 * The router's PostgreSQL statements (see store.h). Every statement is a single round trip and safe to repeat:
 * the patient is an upsert, the inbound message an insert that does nothing on a second wamid, routed_at is only
 * set once, and a status only moves a message forward. There are no explicit transactions: each statement commits
 * on its own, and the order of the calls in route.c (record, emit, mark routed) is what makes a redelivery safe.
 */
#include "store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "wa/log.h"

int rt_store_patient_upsert(wa_pg_t *pg, const char *doctor_id, const char *wa_id, const char *profile_name,
                            char *patient_id, size_t patient_id_sz)
{
    static const char sql[] =
        "INSERT INTO patients (doctor_id, wa_id, profile_name, last_inbound_at) VALUES ($1::uuid, $2, $3, now())"
        " ON CONFLICT (doctor_id, wa_id) DO UPDATE SET"
        " profile_name = coalesce(EXCLUDED.profile_name, patients.profile_name),"
        " last_inbound_at = now(), updated_at = now()"
        " RETURNING id::text";
    const char *params[3] = {doctor_id, wa_id, profile_name != NULL && profile_name[0] != '\0' ? profile_name : NULL};
    PGresult *res = wa_pg_exec(pg, "router upsert patient", sql, 3, params);
    int rc = -1;

    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1) {
        snprintf(patient_id, patient_id_sz, "%s", PQgetvalue(res, 0, 0));
        rc = 0;
    }
    PQclear(res);
    return rc;
}

int rt_store_inbound(wa_pg_t *pg, const rt_inbound_t *m, int *answered)
{
    /* The outer SELECT does not see the CTE's insert (same snapshot): a new message gives routed = NULL, a known one
     * its routed_at state. */
    static const char sql[] =
        "WITH ins AS (INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, payload, status)"
        " VALUES ($1::uuid, $2::uuid, 'in', $3, $4, $5, $6, $7::jsonb, 'received')"
        " ON CONFLICT (wamid) DO NOTHING RETURNING id)"
        " SELECT (SELECT count(*) FROM ins),"
        " (SELECT routed_at IS NOT NULL FROM messages WHERE wamid = $3 AND direction = 'in' AND doctor_id = $1::uuid)";
    const char *params[7] = {m->doctor_id, m->patient_id, m->wamid, m->wa_id, m->type, m->body, m->payload};
    PGresult *res = wa_pg_exec(pg, "router record inbound", sql, 7, params);

    *answered = 0;
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 1))
        *answered = PQgetvalue(res, 0, 1)[0] == 't';
    PQclear(res);
    return 0;
}

int rt_store_mark_routed(wa_pg_t *pg, const char *doctor_id, const char *wamid, const char *kb_id)
{
    static const char sql[] =
        "WITH m AS (UPDATE messages SET routed_at = now(), status = 'routed'"
        " WHERE wamid = $2 AND direction = 'in' AND doctor_id = $1::uuid AND routed_at IS NULL RETURNING id)"
        " UPDATE kb_entries SET hits = hits + 1"
        " WHERE $3::bigint IS NOT NULL AND id = $3::bigint AND doctor_id = $1::uuid AND EXISTS (SELECT 1 FROM m)";
    const char *params[3] = {doctor_id, wamid, kb_id};
    return wa_pg_run(pg, "router mark routed", sql, 3, params);
}

int rt_status_rank(const char *status)
{
    static const struct {
        const char *name;
        int rank;
    } ranks[] = {{"sent", 1}, {"delivered", 2}, {"read", 3}, {"played", 4}, {"failed", 5}};
    if (status == NULL)
        return -1;
    for (size_t i = 0; i < sizeof(ranks) / sizeof(ranks[0]); i++)
        if (strcmp(status, ranks[i].name) == 0)
            return ranks[i].rank;
    return -1;
}

/* 1 when s is 1 to 12 decimal digits (a sane unix time in seconds). */
static int is_unix_seconds(const char *s)
{
    size_t n = 0;
    if (s == NULL)
        return 0;
    for (; s[n] != '\0'; n++)
        if (!isdigit((unsigned char)s[n]) || n >= 12)
            return 0;
    return n > 0;
}

int rt_store_status(wa_pg_t *pg, const char *wamid, const char *status, const char *timestamp,
                    const char *error_code, const char *error_title, int *applied)
{
    /* rank() of the stored status vs the new one, in SQL so that two routers applying statuses of the same message
     * concurrently (row lock, then re-check of the WHERE on the new row version) never move it backwards. Outbound
     * states before "sent" (accepted, sandbox) rank 0. */
#define RANK(x)                                                                                                        \
    "(CASE " x " WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'played' THEN 4"                  \
    " WHEN 'failed' THEN 5 ELSE 0 END)"
    static const char sql[] =
        "UPDATE messages SET status = $2, status_at = coalesce(to_timestamp($3::bigint), now()),"
        " error_code = CASE WHEN $2 = 'failed' THEN $4 ELSE error_code END,"
        " error_title = CASE WHEN $2 = 'failed' THEN $5 ELSE error_title END"
        " WHERE wamid = $1 AND direction = 'out' AND " RANK("status") " < " RANK("$2::text")
        " AND NOT ($2 = 'failed' AND " RANK("status") " >= 3)";
#undef RANK
    const int failed = status != NULL && strcmp(status, "failed") == 0;
    const char *params[5] = {wamid, status, is_unix_seconds(timestamp) ? timestamp : NULL,
                             failed ? error_code : NULL, failed ? error_title : NULL};
    PGresult *res = wa_pg_exec(pg, "router apply status", sql, 5, params);

    *applied = 0;
    if (res == NULL)
        return -1;
    *applied = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return 0;
}
