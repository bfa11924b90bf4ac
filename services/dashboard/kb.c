/*
 * The knowledge base's API (services/dashboard): list, add, change, delete a
 * clinic's kb_entries, and "try a question" with the router's own lookup
 * (services/router/kb.h: kb_match() in PostgreSQL, then the threshold and
 * margin decision), so the answer shown is the one a patient would get. Every
 * statement filters by the caller's tenant; an entry of another clinic is
 * simply not found. Each change writes its audit row (before and after) in
 * the same statement as the change. Entries take effect at once on every
 * router: they are read from PostgreSQL at each lookup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "api.h"
#include "http.h"
#include "wa/kb.h"
#include "validate.h"

/* An entry as JSON is its row without the tenant column: to_jsonb(k) - 'doctor_id'. */

void dash_kb_list(dash_call_t *c)
{
    long limit;
    long long after;
    char lim[24], aft[24];
    if (dash_list_texts(c, &limit, &after, lim, aft) != 0)
        return;
    const char *params[] = {c->tenant, aft, lim};
    /* one row more than asked says whether there is a next page */
    dash_reply_page(c, "dashboard kb list",
                    "SELECT coalesce(jsonb_agg(to_jsonb(k) - 'doctor_id' - 'n' ORDER BY k.id)"
                    " FILTER (WHERE k.n <= $3::int), '[]'), count(*) > $3::int,"
                    " max(k.id) FILTER (WHERE k.n <= $3::int)"
                    " FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM kb_entries"
                    " WHERE doctor_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3::int + 1) k",
                    3, params);
}

/* The kb id of the path, or -1 (then every id answers 404: not a number, not one of ours). */
static long long path_id(dash_call_t *c)
{
    char *end;
    long long id;
    if (c->param == NULL || c->param[0] < '0' || c->param[0] > '9')
        return -1;
    id = strtoll(c->param, &end, 10);
    return *end == '\0' && id > 0 ? id : -1;
}

static void not_found(dash_call_t *c)
{
    dash_reply_error(c->req, 404, "not_found", "no such knowledge-base entry", NULL);
}

/* Validates the body against the kb fields; answers 422 and returns NULL when invalid, else the normalised fields
 * as JSON text (caller frees). */
static char *validated(dash_call_t *c, int creating)
{
    cJSON *errors = cJSON_CreateObject();
    cJSON *clean = dash_validate_kb(c->body, creating, errors);
    if (clean == NULL) {
        dash_reply_error(c->req, 422, "invalid", "some fields are invalid", errors);
        return NULL;
    }
    cJSON_Delete(errors);
    char *s = cJSON_PrintUnformatted(clean);
    cJSON_Delete(clean);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

void dash_kb_create(dash_call_t *c)
{
    char *json = validated(c, 1), actor[300];
    const char *ap[3];
    if (json == NULL)
        return;
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, json, ap[0], ap[1], ap[2]};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard kb create",
        "WITH j AS (SELECT $2::jsonb AS v),"
        " ins AS (INSERT INTO kb_entries (doctor_id, question, examples, keywords, answer, lang, enabled)"
        " SELECT $1, v->>'question', ARRAY(SELECT jsonb_array_elements_text(coalesce(v->'examples', '[]'))),"
        " v->>'keywords', v->>'answer', coalesce(v->>'lang', 'en'), coalesce((v->>'enabled')::boolean, true) FROM j"
        " RETURNING *),"
        " aud AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
        " SELECT $1, $3, $4, $5, 'kb.create', 'kb:' || ins.id, to_jsonb(ins) - 'doctor_id' FROM ins)"
        " SELECT to_jsonb(ins) - 'doctor_id' FROM ins",
        5, params);
    free(json);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_raw(c->req, 201, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
    PQclear(res);
}

void dash_kb_update(dash_call_t *c)
{
    long long id = path_id(c);
    char idtxt[24], *json, actor[300];
    const char *ap[3];
    if (id < 0) {
        not_found(c);
        return;
    }
    if ((json = validated(c, 0)) == NULL)
        return;
    snprintf(idtxt, sizeof(idtxt), "%lld", id);
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, idtxt, json, ap[0], ap[1], ap[2]};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard kb update",
        "WITH old AS (SELECT * FROM kb_entries WHERE id = $2::bigint AND doctor_id = $1 FOR UPDATE),"
        " upd AS (UPDATE kb_entries k SET"
        " question = CASE WHEN $3::jsonb ? 'question' THEN $3::jsonb->>'question' ELSE k.question END,"
        " examples = CASE WHEN $3::jsonb ? 'examples'"
        " THEN ARRAY(SELECT jsonb_array_elements_text($3::jsonb->'examples')) ELSE k.examples END,"
        " keywords = CASE WHEN $3::jsonb ? 'keywords' THEN $3::jsonb->>'keywords' ELSE k.keywords END,"
        " answer = CASE WHEN $3::jsonb ? 'answer' THEN $3::jsonb->>'answer' ELSE k.answer END,"
        " lang = CASE WHEN $3::jsonb ? 'lang' THEN $3::jsonb->>'lang' ELSE k.lang END,"
        " enabled = CASE WHEN $3::jsonb ? 'enabled' THEN ($3::jsonb->>'enabled')::boolean ELSE k.enabled END,"
        " updated_at = now() FROM old WHERE k.id = old.id AND k.doctor_id = $1 RETURNING k.*),"
        " aud AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, before,"
        " after) SELECT $1, $4, $5, $6, 'kb.update', 'kb:' || upd.id, (SELECT to_jsonb(old) - 'doctor_id' FROM old),"
        " to_jsonb(upd) - 'doctor_id' FROM upd)"
        " SELECT to_jsonb(upd) - 'doctor_id' FROM upd",
        6, params);
    free(json);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) != 1)
        not_found(c);
    else
        dash_reply_raw(c->req, 200, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
    PQclear(res);
}

void dash_kb_delete(dash_call_t *c)
{
    long long id = path_id(c);
    char idtxt[24], actor[300];
    const char *ap[3];
    if (id < 0) {
        not_found(c);
        return;
    }
    snprintf(idtxt, sizeof(idtxt), "%lld", id);
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, idtxt, ap[0], ap[1], ap[2]};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard kb delete",
        "WITH del AS (DELETE FROM kb_entries k WHERE k.id = $2::bigint AND k.doctor_id = $1 RETURNING k.*),"
        " aud AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, before)"
        " SELECT $1, $3, $4, $5, 'kb.delete', 'kb:' || del.id, to_jsonb(del) - 'doctor_id' FROM del)"
        " SELECT id FROM del",
        5, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) != 1)
        not_found(c);
    else
        dash_reply_empty(c->req);
    PQclear(res);
}

void dash_kb_try(dash_call_t *c)
{
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(c->body, "question");
    wa_kb_result_t r;
    const char *reason;

    if (!cJSON_IsString(q) || q->valuestring[0] == '\0' || strlen(q->valuestring) > 1000) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "question", "required, at most 1000 characters");
        dash_reply_error(c->req, 422, "invalid", "a question is required", f);
        return;
    }
    const char *doctors[] = {c->tenant}, *texts[] = {q->valuestring};
    if (wa_kb_lookup_batch(c->w->pg, 1, doctors, texts, c->w->cfg->kb_threshold, c->w->cfg->kb_margin, &r) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    if (r.nhits == 0)
        reason = "no entry shares a meaningful word with the question";
    else if (r.best >= 0)
        reason = "the best entry reaches the threshold and beats the runner-up by the margin";
    else if (r.hits[0].score < c->w->cfg->kb_threshold)
        reason = "the best entry scores below the threshold: the ai stage would answer";
    else
        reason = "two entries match about equally well (within the margin): the ai stage would answer";

    /* the words the best entry counts as another service of the clinic asked of a general entry (053), as who the
     * patient is (056, "whom"), those its answer only mentions while another entry is about them (056, "unsaid") and
     * the aspects asked of it that its answer does not state while its own words name nothing else of the question
     * (060, "unstated") and the subject words by which an entry covering every word of the question had its fit
     * raised (062, "whole") and the clinic's context words not counted against an entry that misses nothing else
     * (062, "context") and the price of a month or a year asked that its answer gives per month or per year (067,
     * "period") and a way of asking whether one books or walks in answered by an entry that knows or says another (077,
     * "kin") and the fee asked of a subject no sentence of the answer prices (077, "unpriced"), from kb_explain (the
     * one explanation wactl kb try prints too); said in the reason when there are any */
    static const char *const lists[] = {"qualified", "whom",   "unsaid", "unstated", "whole",
                                        "context",   "period", "kin",    "unpriced"};
    static const char *const says[] = {
        "counted as another service of the clinic asked of a general entry",
        "counted as who the patient is (no entry of the clinic is about them)",
        "only mentioned by the answer and the subject of another entry: not covered",
        "asked, and not stated by its answer: a near miss",
        "the subject, every word of the question covered: the fit counted as 0.35",
        "the clinic's context, the only word the entry misses: not counted",
        "the price of a month or a year asked, said by an answer giving a price per month "
        "or per year",
        "asked of an entry that knows or says whether one books or walks in: said by it",
        "asked of a subject no sentence of the answer prices: not covered"};
    enum { NLISTS = sizeof(lists) / sizeof(lists[0]) };
    cJSON *found[NLISTS] = {NULL};
    char why[1024];
    if (r.nhits > 0) {
        char thr[32], mar[32];
        snprintf(thr, sizeof(thr), "%.17g", c->w->cfg->kb_threshold);
        snprintf(mar, sizeof(mar), "%.17g", c->w->cfg->kb_margin);
        const char *qp[] = {c->tenant, q->valuestring, thr, mar, r.hits[0].id};
        PGresult *qr =
            wa_pg_exec(c->w->pg, "dashboard kb try qualified",
                       "SELECT coalesce(s.x -> l.k, '[]')::text, coalesce((SELECT string_agg(w, ' ')"
                       " FROM jsonb_array_elements_text(s.x -> l.k) w), '')"
                       " FROM (SELECT (SELECT y FROM jsonb_array_elements(kb_explain($1::uuid, $2, $3::float8,"
                       " $4::float8) -> 'candidates') y WHERE y ->> 'id' = $5) AS x) s,"
                       " unnest(ARRAY['qualified', 'whom', 'unsaid', 'unstated', 'whole', 'context',"
                       " 'period', 'kin', 'unpriced']) WITH ORDINALITY l(k, o) ORDER BY l.o",
                       5, qp);
        if (qr == NULL) {
            wa_kb_result_dispose(&r);
            dash_reply_unavailable(c);
            return;
        }
        size_t used = 0;
        for (int i = 0; i < NLISTS && i < PQntuples(qr); i++) {
            found[i] = cJSON_Parse(PQgetvalue(qr, i, 0));
            if (PQgetvalue(qr, i, 1)[0] != '\0') {
                int n = snprintf(why + used, sizeof(why) - used, "%s; \"%.200s\" %s", used == 0 ? reason : "",
                                 PQgetvalue(qr, i, 1), says[i]);
                if (n > 0 && (size_t)n < sizeof(why) - used)
                    used += (size_t)n;
            }
        }
        if (used > 0)
            reason = why;
        PQclear(qr);
    }
    for (int i = 0; i < NLISTS; i++)
        if (found[i] == NULL && (found[i] = cJSON_CreateArray()) == NULL)
            wa_fatal("out of memory");

    cJSON *doc = cJSON_CreateObject(), *cands = cJSON_CreateArray();
    if (doc == NULL || cands == NULL || cJSON_AddStringToObject(doc, "question", q->valuestring) == NULL ||
        cJSON_AddNumberToObject(doc, "threshold", c->w->cfg->kb_threshold) == NULL ||
        cJSON_AddNumberToObject(doc, "margin", c->w->cfg->kb_margin) == NULL ||
        cJSON_AddStringToObject(doc, "reason", reason) == NULL)
        wa_fatal("out of memory");
    for (int i = 0; i < NLISTS; i++)
        if (!cJSON_AddItemToObject(doc, lists[i], found[i]))
            wa_fatal("out of memory");
    for (size_t i = 0; i < r.nhits; i++) {
        cJSON *h = cJSON_CreateObject();
        if (h == NULL || !cJSON_AddItemToArray(cands, h) ||
            cJSON_AddNumberToObject(h, "id", strtod(r.hits[i].id, NULL)) == NULL ||
            cJSON_AddStringToObject(h, "question", r.hits[i].question) == NULL ||
            cJSON_AddStringToObject(h, "answer", r.hits[i].answer) == NULL ||
            cJSON_AddNumberToObject(h, "score", r.hits[i].score) == NULL)
            wa_fatal("out of memory");
    }
    if (r.best >= 0) {
        cJSON *a = cJSON_Duplicate(cJSON_GetArrayItem(cands, r.best), 1);
        if (a == NULL || !cJSON_AddItemToObject(doc, "answer", a))
            wa_fatal("out of memory");
    } else if (cJSON_AddNullToObject(doc, "answer") == NULL) {
        wa_fatal("out of memory");
    }
    if (!cJSON_AddItemToObject(doc, "candidates", cands))
        wa_fatal("out of memory");
    wa_kb_result_dispose(&r);
    dash_reply_json(c->req, 200, doc);
}
