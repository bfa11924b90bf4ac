/*
 * The router's PostgreSQL statements (see store.h). The hot path is three multi-row statements per batch: record
 * every inbound message of the batch (with its patient), apply every status, mark every handled message; each
 * takes its rows as one JSON array parameter (jsonb_to_recordset), so a batch costs the same few round trips
 * whatever its size. Every statement is safe to repeat: the patient is an upsert, the inbound message an insert
 * that does nothing on a second wamid, routed_at is only set once, and a status only moves a message forward. There
 * are no explicit transactions: each statement commits on its own, and the order of the calls in route.c (record,
 * emit, mark handled) is what makes a redelivery safe. Rare events (edits, revokes, opt-outs, other webhook fields)
 * are one statement each. The batch statements are prepared once per connection (wa_pg_exec_prepared).
 */
#include "store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"

static void check(const void *p)
{
    if (p == NULL)
        wa_fatal("out of memory");
}

/* obj[key] = s (JSON null when s is NULL). */
static void put_str(cJSON *obj, const char *key, const char *s)
{
    check(s != NULL ? cJSON_AddStringToObject(obj, key, s) : cJSON_AddNullToObject(obj, key));
}

/* Prints and frees the array; the caller frees the text. */
static char *print_array(cJSON *arr)
{
    char *s = cJSON_PrintUnformatted(arr);
    check(s);
    cJSON_Delete(arr);
    return s;
}

int rt_store_record_batch(wa_pg_t *pg, rt_inbound_t *items, size_t n)
{
    /* One statement: the patients (one upsert row per doctor and number, the latest profile name of the batch),
     * then the messages (once per wamid), then for each input row its patient and whether that wamid was already
     * handled: the outer SELECT does not see the CTEs' inserts (same snapshot), so a new message reads NULL. A
     * message already recorded (Meta's retry, a redelivery) does not touch its patient again (no new inbound time,
     * so a re-post changes nothing) and keeps the patient it was recorded with (who may have changed number since).
     * The doctor's knowledge-base version (026_perf.sql) comes along: read before the lookup, it tells the answer
     * cache (kbcache.c) whether what it holds is still current, at no extra round trip. The messages already
     * recorded are looked up one wamid at a time (a LATERAL subquery with LIMIT 1, which the planner cannot turn
     * into a join): joined to the batch, the prepared statement's generic plan, made while the table was small and
     * kept until it is analysed again, scanned the whole messages table per batch (docs/performance.md, round 5);
     * the version is read once per doctor of the batch, not once per message. */
    static const char sql[] =
        "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, w text, n text, id text, t text,"
        " b text, p jsonb, c text)),"
        " old AS (SELECT x.i, m.patient_id, m.routed_at FROM x CROSS JOIN LATERAL (SELECT m.patient_id, m.routed_at"
        " FROM messages m WHERE m.wamid = x.id AND m.direction = 'in' AND m.doctor_id = x.d LIMIT 1) m),"
        " pat AS (INSERT INTO patients AS pa (doctor_id, wa_id, profile_name, last_inbound_at)"
        " SELECT DISTINCT ON (d, w) d, w, n, now() FROM x"
        " WHERE x.i NOT IN (SELECT i FROM old WHERE patient_id IS NOT NULL)"
        " ORDER BY d, w, (n IS NULL), i DESC"
        " ON CONFLICT (doctor_id, wa_id) DO UPDATE SET profile_name = coalesce(EXCLUDED.profile_name, pa.profile_name),"
        " last_inbound_at = now(), updated_at = now(), unreachable = false RETURNING id, doctor_id, wa_id),"
        " ins AS (INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, payload, status,"
        " context_id) SELECT x.d, pat.id, 'in', x.id, x.w, x.t, x.b, x.p, 'received', x.c"
        " FROM x JOIN pat ON pat.doctor_id = x.d AND pat.wa_id = x.w"
        " WHERE x.i NOT IN (SELECT i FROM old WHERE patient_id IS NOT NULL) ORDER BY x.i"
        " ON CONFLICT (wamid) DO NOTHING RETURNING 1),"
        " ver AS MATERIALIZED (SELECT dd.d, (SELECT coalesce(sum(v.version), 0) FROM kb_versions v"
        " WHERE v.doctor_id IN (dd.d, '00000000-0000-0000-0000-000000000000')) AS v"
        " FROM (SELECT DISTINCT d FROM x) dd)"
        " SELECT x.i, coalesce(old.patient_id, pat.id)::text,"
        " CASE WHEN old.i IS NOT NULL THEN old.routed_at IS NOT NULL END, (SELECT count(*) FROM ins), ver.v"
        " FROM x LEFT JOIN old ON old.i = x.i LEFT JOIN pat ON pat.doctor_id = x.d AND pat.wa_id = x.w"
        " JOIN ver ON ver.d IS NOT DISTINCT FROM x.d"
        " WHERE old.patient_id IS NOT NULL OR pat.id IS NOT NULL ORDER BY x.i";
    cJSON *arr;
    char *json;
    const char *params[1];
    PGresult *res;
    int rc = 0;

    if (n == 0)
        return 0;
    check(arr = cJSON_CreateArray());
    for (size_t i = 0; i < n; i++) {
        const rt_inbound_t *m = &items[i];
        cJSON *o = cJSON_CreateObject();
        check(o);
        cJSON_AddItemToArray(arr, o);
        check(cJSON_AddNumberToObject(o, "i", (double)i));
        put_str(o, "d", m->doctor_id);
        put_str(o, "w", m->wa_id);
        put_str(o, "n", m->profile_name != NULL && m->profile_name[0] != '\0' ? m->profile_name : NULL);
        put_str(o, "id", m->wamid);
        put_str(o, "t", m->type);
        put_str(o, "b", m->body);
        check(m->payload != NULL ? cJSON_AddRawToObject(o, "p", m->payload) : cJSON_AddNullToObject(o, "p"));
        put_str(o, "c", m->context_id);
    }
    json = print_array(arr);
    params[0] = json;
    res = wa_pg_exec_prepared(pg, "router record inbound batch", sql, 1, params);
    free(json);
    if (res == NULL)
        return -1;
    if ((size_t)PQntuples(res) != n) {
        wa_error("router record inbound batch: unexpected row count");
        rc = -1;
    }
    for (int r = 0; rc == 0 && r < PQntuples(res); r++) {
        long i = strtol(PQgetvalue(res, r, 0), NULL, 10);
        if (i < 0 || (size_t)i >= n) {
            rc = -1;
            break;
        }
        snprintf(items[i].patient_id, sizeof(items[i].patient_id), "%s", PQgetvalue(res, r, 1));
        items[i].answered = !PQgetisnull(res, r, 2) && PQgetvalue(res, r, 2)[0] == 't';
        items[i].kb_version = strtoll(PQgetvalue(res, r, 4), NULL, 10);
    }
    PQclear(res);
    return rc;
}

int rt_store_resolve_batch(wa_pg_t *pg, rt_identity_t *ids, size_t n)
{
    /* row by row (a LATERAL call per row, in the array's order): two messages of one new person create it once */
    static const char sql[] =
        "SELECT x.i, r.a FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, p text, u text, pu text, un text)"
        " CROSS JOIN LATERAL wa_patient_resolve(x.d, x.p, x.u, x.pu, x.un) AS r(a) ORDER BY x.i";
    cJSON *arr;
    char *json;
    const char *params[1];
    PGresult *res;
    int rc = 0;

    if (n == 0)
        return 0;
    check(arr = cJSON_CreateArray());
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        check(o);
        cJSON_AddItemToArray(arr, o);
        check(cJSON_AddNumberToObject(o, "i", (double)i));
        put_str(o, "d", ids[i].doctor_id);
        put_str(o, "p", ids[i].phone != NULL && ids[i].phone[0] != '\0' ? ids[i].phone : NULL);
        put_str(o, "u", ids[i].user_id);
        put_str(o, "pu", ids[i].parent_user_id);
        put_str(o, "un", ids[i].username);
    }
    json = print_array(arr);
    params[0] = json;
    res = wa_pg_exec_prepared(pg, "router resolve patients", sql, 1, params);
    free(json);
    if (res == NULL)
        return -1;
    if ((size_t)PQntuples(res) != n) {
        wa_error("router resolve patients: unexpected row count");
        rc = -1;
    }
    for (int r = 0; rc == 0 && r < PQntuples(res); r++) {
        long i = strtol(PQgetvalue(res, r, 0), NULL, 10);
        if (i < 0 || (size_t)i >= n || PQgetisnull(res, r, 1)) {
            rc = -1;
            break;
        }
        snprintf(ids[i].address, sizeof(ids[i].address), "%s", PQgetvalue(res, r, 1));
    }
    PQclear(res);
    return rc;
}

int rt_store_change_user_id(wa_pg_t *pg, const char *doctor_id, const char *phone, const char *old_user_id,
                            const char *new_user_id, const char *new_parent, char *address, size_t addrsz)
{
    const char *params[5] = {doctor_id, phone != NULL && phone[0] != '\0' ? phone : NULL, old_user_id, new_user_id,
                             new_parent};
    PGresult *res = wa_pg_exec(pg, "router change user id",
                               "SELECT wa_patient_change_user_id($1::uuid, $2, $3, $4, $5)", 5, params);
    int rc;

    if (res == NULL)
        return -1;
    rc = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
    if (rc)
        snprintf(address, addrsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int rt_store_mark_batch(wa_pg_t *pg, const rt_handled_t *h, size_t n)
{
    /* routed_at once per message; a knowledge-base entry's hits counted for the messages marked now only. Each row
     * is found through the wamid's index (LATERAL ... LIMIT 1) and updated by its id, named as an array too so that
     * the UPDATE reads the primary key, never the whole table (see rt_store_record_batch); the WHERE still says
     * routed_at IS NULL, so a row another router marked in the meantime is re-checked and left alone. */
    static const char sql[] =
        "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(d uuid, id text, k bigint, s text)),"
        " t AS (SELECT x.k, x.d, x.s, h.id FROM x CROSS JOIN LATERAL (SELECT mm.id FROM messages mm"
        " WHERE mm.wamid = x.id AND mm.direction = 'in' AND mm.doctor_id = x.d AND mm.routed_at IS NULL LIMIT 1) h),"
        " m AS (UPDATE messages SET routed_at = now(), status = t.s FROM t WHERE messages.id = t.id"
        " AND messages.id = ANY (ARRAY(SELECT id FROM t)) AND messages.routed_at IS NULL RETURNING t.k, t.d)"
        " UPDATE kb_entries SET hits = hits + c.n FROM (SELECT k, d, count(*) AS n FROM m WHERE k IS NOT NULL"
        " GROUP BY k, d) c WHERE kb_entries.id = c.k AND kb_entries.doctor_id = c.d";
    cJSON *arr;
    char *json;
    const char *params[1];
    int rc;

    if (n == 0)
        return 0;
    check(arr = cJSON_CreateArray());
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        check(o);
        cJSON_AddItemToArray(arr, o);
        put_str(o, "d", h[i].doctor_id);
        put_str(o, "id", h[i].wamid);
        put_str(o, "k", h[i].kb_id != NULL && h[i].kb_id[0] != '\0' ? h[i].kb_id : NULL);
        put_str(o, "s", h[i].status);
    }
    json = print_array(arr);
    params[0] = json;
    PGresult *res = wa_pg_exec_prepared(pg, "router mark handled batch", sql, 1, params);
    rc = res != NULL ? 0 : -1;
    PQclear(res);
    free(json);
    return rc;
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

int rt_store_status_batch(wa_pg_t *pg, const rt_status_in_t *st, size_t n, size_t *applied)
{
    /* rank() of the stored status vs the new one, in SQL so that two routers applying statuses of the same message
     * concurrently (row lock, then re-check of the WHERE on the new row version) never move it backwards. Outbound
     * states before "sent" (accepted, sandbox) rank 0. Several statuses of one message in the batch: the furthest
     * wins (failed only when no read/played came with it). A failed status with 131047 (re-engagement: the
     * 24-hour window is closed), 131026 (undeliverable) or 131050 (stopped marketing, A.13.3) also marks the
     * message's patient. Each message is found through the wamid's index and updated by its id (LATERAL ...
     * LIMIT 1, see rt_store_record_batch: joined to the batch, a generic plan made while the table was small scanned
     * all of messages); its WHERE still holds every condition, re-checked on a row another router changed. */
#define RANK(x)                                                                                                        \
    "(CASE " x " WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'played' THEN 4"                  \
    " WHEN 'failed' THEN 5 ELSE 0 END)"
    static const char sql[] =
        "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, id text, s text, ts bigint,"
        " ec text, et text)),"
        " r AS (SELECT x.*, " RANK("x.s") " AS rk FROM x),"
        " best AS (SELECT DISTINCT ON (id, d) * FROM r ORDER BY id, d, (CASE WHEN s = 'failed' AND EXISTS (SELECT 1"
        " FROM r r2 WHERE r2.id = r.id AND r2.d IS NOT DISTINCT FROM r.d AND r2.rk IN (3, 4)) THEN 0 ELSE rk END)"
        " DESC, i),"
        " hit AS (SELECT best.*, h.mid FROM best CROSS JOIN LATERAL (SELECT mm.id AS mid FROM messages mm"
        " WHERE mm.wamid = best.id AND (best.d IS NULL OR mm.doctor_id = best.d) AND mm.direction = 'out' LIMIT 1) h),"
        " u AS (UPDATE messages m SET status = best.s, status_at = coalesce(to_timestamp(best.ts), now()),"
        " error_code = CASE WHEN best.s = 'failed' THEN best.ec ELSE m.error_code END,"
        " error_title = CASE WHEN best.s = 'failed' THEN best.et ELSE m.error_title END"
        " FROM hit best WHERE m.id = best.mid AND m.id = ANY (ARRAY(SELECT mid FROM hit))"
        " AND (best.d IS NULL OR m.doctor_id = best.d) AND m.direction = 'out'"
        " AND " RANK("m.status") " < best.rk"
        " AND NOT (best.s = 'failed' AND " RANK("m.status") " >= 3) RETURNING m.doctor_id, m.wa_id, best.s, best.ec),"
        " p AS (UPDATE patients pa SET"
        " window_closed_at = CASE WHEN u.ec = '131047' THEN now() ELSE pa.window_closed_at END,"
        " unreachable = pa.unreachable OR u.ec = '131026',"
        " unreachable_at = CASE WHEN u.ec = '131026' THEN now() ELSE pa.unreachable_at END,"
        " marketing_opt_out = pa.marketing_opt_out OR u.ec = '131050',"
        " marketing_consent_at = CASE WHEN u.ec = '131050' THEN now() ELSE pa.marketing_consent_at END,"
        " marketing_consent_source = CASE WHEN u.ec = '131050' THEN 'send_error_131050'"
        " ELSE pa.marketing_consent_source END, updated_at = now()"
        " FROM u WHERE u.s = 'failed' AND u.ec IN ('131047', '131026', '131050') AND pa.doctor_id = u.doctor_id"
        " AND pa.wa_id = u.wa_id RETURNING 1)"
        " SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM p)";
#undef RANK
    /* pricing and conversation (A.2.7), in a statement of their own (one row must not be updated twice in one
     * statement): of several statuses of a message, the last with pricing and the last with a conversation win */
    static const char pricing_sql[] =
        "WITH x AS (SELECT id, d, (array_agg(pr->'pricing' ORDER BY i DESC) FILTER (WHERE pr ? 'pricing'))[1] AS p,"
        " (array_agg(pr->'conversation' ORDER BY i DESC) FILTER (WHERE pr ? 'conversation'))[1] AS c"
        " FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, id text, pr jsonb) WHERE pr IS NOT NULL"
        " GROUP BY id, d),"
        " h AS (SELECT x.*, (SELECT mm.id FROM messages mm WHERE mm.wamid = x.id"
        " AND (x.d IS NULL OR mm.doctor_id = x.d) AND mm.direction = 'out' LIMIT 1) AS mid FROM x)"
        " UPDATE messages m SET"
        " pricing_category = coalesce(x.p->>'category', m.pricing_category),"
        " pricing_type = coalesce(x.p->>'type', x.p->>'pricing_type', m.pricing_type),"
        " pricing_model = coalesce(x.p->>'pricing_model', m.pricing_model),"
        " pricing_billable = coalesce(CASE WHEN jsonb_typeof(x.p->'billable') = 'boolean'"
        " THEN (x.p->>'billable')::boolean END, m.pricing_billable),"
        " conversation_id = coalesce(x.c->>'id', m.conversation_id),"
        " conversation_origin = coalesce(x.c->'origin'->>'type', m.conversation_origin),"
        " conversation_expires_at = coalesce(CASE WHEN (x.c->>'expiration_timestamp') ~ '^[0-9]{1,12}$'"
        " THEN to_timestamp((x.c->>'expiration_timestamp')::bigint) END, m.conversation_expires_at)"
        " FROM h x WHERE m.id = x.mid AND m.id = ANY (ARRAY(SELECT mid FROM h)) AND (x.d IS NULL OR m.doctor_id = x.d)"
        " AND m.direction = 'out'";
    cJSON *arr;
    char *json;
    const char *params[1];
    PGresult *res;
    int any_pricing = 0;

    *applied = 0;
    if (n == 0)
        return 0;
    check(arr = cJSON_CreateArray());
    for (size_t i = 0; i < n; i++) {
        const int failed = strcmp(st[i].status, "failed") == 0;
        cJSON *o = cJSON_CreateObject();
        check(o);
        cJSON_AddItemToArray(arr, o);
        check(cJSON_AddNumberToObject(o, "i", (double)i));
        put_str(o, "d", st[i].doctor_id);
        put_str(o, "id", st[i].wamid);
        put_str(o, "s", st[i].status);
        if (is_unix_seconds(st[i].timestamp))
            check(cJSON_AddRawToObject(o, "ts", st[i].timestamp));
        put_str(o, "ec", failed ? st[i].error_code : NULL);
        put_str(o, "et", failed ? st[i].error_title : NULL);
        if (st[i].pricing_json != NULL) {
            check(cJSON_AddRawToObject(o, "pr", st[i].pricing_json));
            any_pricing = 1;
        }
    }
    json = print_array(arr);
    params[0] = json;
    res = wa_pg_exec_prepared(pg, "router apply statuses", sql, 1, params);
    if (res == NULL) {
        free(json);
        return -1;
    }
    if (PQntuples(res) == 1)
        *applied = (size_t)strtoul(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (any_pricing && wa_pg_run(pg, "router store pricing", pricing_sql, 1, params) != 0) {
        free(json);
        return -1;
    }
    free(json);
    return 0;
}

int rt_store_edit(wa_pg_t *pg, const char *doctor_id, const char *original_wamid, const char *text, int *changed)
{
    static const char sql[] =
        "UPDATE messages SET original_body = coalesce(original_body, body), body = $3, edited_at = now()"
        " WHERE wamid = $2 AND direction = 'in' AND doctor_id = $1::uuid AND revoked_at IS NULL";
    const char *params[3] = {doctor_id, original_wamid, text};
    PGresult *res = wa_pg_exec(pg, "router apply edit", sql, 3, params);
    if (res == NULL)
        return -1;
    *changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return 0;
}

int rt_store_revoke(wa_pg_t *pg, const char *doctor_id, const char *original_wamid, int *changed)
{
    /* the patient deleted it: keep that it existed (type, time, answer), drop what it said */
    static const char sql[] =
        "UPDATE messages SET revoked_at = coalesce(revoked_at, now()), body = NULL, original_body = NULL,"
        " payload = jsonb_build_object('type', type, 'revoked', true)"
        " WHERE wamid = $2 AND direction = 'in' AND doctor_id = $1::uuid";
    const char *params[2] = {doctor_id, original_wamid};
    PGresult *res = wa_pg_exec(pg, "router apply revoke", sql, 2, params);
    if (res == NULL)
        return -1;
    *changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return 0;
}

int rt_store_optout(wa_pg_t *pg, const char *patient_id, const char *wamid, int opted_out, int *changed)
{
    /* the message that made the change keeps answering "changed", so that a redelivered STOP is confirmed still */
    static const char sql[] =
        "UPDATE patients SET opted_out = $2::boolean, optout_wamid = $3,"
        " opted_out_at = CASE WHEN $2::boolean THEN coalesce(CASE WHEN optout_wamid = $3 THEN opted_out_at END, now())"
        " END, updated_at = now()"
        " WHERE id = $1::uuid AND (opted_out <> $2::boolean OR optout_wamid = $3)";
    const char *params[3] = {patient_id, opted_out ? "true" : "false", wamid};
    PGresult *res = wa_pg_exec(pg, "router opt-out", sql, 3, params);
    if (res == NULL)
        return -1;
    *changed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    return 0;
}

int rt_store_webhook_event(wa_pg_t *pg, const char *waba_id, const char *field, const char *value_json,
                           const char *source_id, const char *doctor_id, const char *entry_time)
{
    static const char sql[] =
        "INSERT INTO webhook_events (doctor_id, waba_id, field, value, source_id, event_key)"
        " VALUES (coalesce($5::uuid, (SELECT id FROM doctors WHERE $1 <> '' AND whatsapp_business_account_id = $1"
        " ORDER BY created_at LIMIT 1)), nullif($1, ''), $2, $3::jsonb, $4,"
        " webhook_event_key($2, nullif($1, ''), $6, $3::jsonb)) ON CONFLICT DO NOTHING";
    const char *params[6] = {waba_id != NULL ? waba_id : "", field, value_json, source_id, doctor_id, entry_time};
    return wa_pg_run(pg, "router record webhook event", sql, 6, params);
}
