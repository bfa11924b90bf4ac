/*
 * Knowledge-base lookup (see kb.h). The scoring lives in PostgreSQL, in kb_match() of
 * deploy/migrations/008_understanding.sql: the patient's text becomes concept tokens once (typos corrected towards
 * the clinic's own words, synonyms and abbreviations of kb_synonyms, stop words of English, romanised Hindi, Hindi
 * and Marathi dropped), and each enabled entry of the doctor is scored by how much of the question it covers and
 * how well its best example fits, so that a question whose important words the entry lacks stays low. Keeping it
 * in SQL lets the evaluation set (tests/kb_eval/eval.py) measure exactly what the router does; this file fetches
 * the candidates of a whole batch in one query and applies the threshold/margin decision (wa_kb_choose), which
 * the eval mirrors, and asks kb_intent_choose() what a text asks the conversations for.
 */
#include "wa/kb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"

/* The JSON array one of the router's statements for new texts takes: [{"i": i, "d": doctor_ids[i], <field>: vals[i]
 * (`none` for NULL), "f": whether the intent is asked}], "f" left out where want_f is 0. cJSON_free the result. */
static char *batch_json(size_t n, const char *const *doctor_ids, const char *field, const char *const *vals,
                        const char *none, int want_f, const int *intent)
{
    cJSON *arr;
    char *json;

    if ((arr = cJSON_CreateArray()) == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(arr, o) || cJSON_AddNumberToObject(o, "i", (double)i) == NULL ||
            cJSON_AddStringToObject(o, "d", doctor_ids[i]) == NULL ||
            cJSON_AddStringToObject(o, field, vals[i] != NULL ? vals[i] : none) == NULL ||
            (want_f && cJSON_AddBoolToObject(o, "f", intent != NULL && intent[i] != 0 && vals[i] != NULL &&
                                                         vals[i][0] != '\0') == NULL))
            wa_fatal("out of memory");
    }
    if ((json = cJSON_PrintUnformatted(arr)) == NULL)
        wa_fatal("out of memory");
    cJSON_Delete(arr);
    return json;
}

/* One statement for texts[0..n) (out[0..n) cleared, labels[0..n) ""): the text's tokens once (the OFFSET 0 keeps
 * kb_tokens from being inlined into both uses), then the intent decision on them where asked and the candidates, as
 * kb_intent_choose and kb_match compute them from the same tokens (028_analyse_once.sql, 008_understanding.sql).
 * The tokens and the intent are a MATERIALIZED CTE, so each runs once per text: as a LATERAL subquery beside the
 * candidates' join, the intent decision was the inner side of a nested loop over the candidate rows and ran again
 * for each (1.7-3.7 times a text; issue 14, round 8: bench/router/understand_once.py, the same rows bit for bit).
 * The clinic's name words, which kb_match_tokens left out of the tokens, once per doctor of the statement (the CTE n)
 * and given to kb_match_tokens_names, where kb_match_tokens computed them for every text (059_perf13.sql; round 9).
 * The tokens are kb_tokens' expression, kb_analyse_parts' o_tokens (one call a text), without kb_tokens' PL/pgSQL
 * call around it: 0.92-0.98 of the statement's backend CPU (issue 14, round 10; docs/performance.md "Round 10, a new
 * text's cost"). The statement is the body of router_understand_batch (075_perf18.sql), run with plan_cache_mode =
 * force_generic_plan: as a prepared statement of its own it was planned again at every call on a router started on
 * fresh tables (6.5-7.9 ms of planning a call, the inlined SQL functions; issue 14, round 15), since the custom plans'
 * cost comparison never settled on the generic plan, which costs the same for any texts. Since 082_perf22.sql it
 * asks the intent only of a text some intent could be a candidate of (the same labels; issue 14, round 13).
 * intent and labels are NULL for a lookup of the candidates alone (wa_kb_lookup_batch). */
static int understand_chunk(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts,
                            const int *intent, wa_kb_result_t *out, char (*labels)[WA_KB_LABEL_MAX], int by_tokens)
{
    /* the statement itself is router_understand_batch's (075_perf18.sql, 082_perf22.sql), planned once a session;
     * by_tokens: router_understand_tokens (139_perf29.sql), the same on tokens router_analyse_batch gave */
    static const char sql[] = "SELECT i, label, id, question, answer, score FROM router_understand_batch($1::jsonb)";
    static const char sql_tokens[] =
        "SELECT i, label, id, question, answer, score FROM router_understand_tokens($1::jsonb)";
    char *json = batch_json(n, doctor_ids, by_tokens ? "t" : "q", texts, by_tokens ? "{}" : "", 1, intent);
    const char *params[1];
    PGresult *res;

    params[0] = json;
    res = by_tokens ? wa_pg_exec_prepared(pg, "router kb understand tokens", sql_tokens, 1, params)
                    : wa_pg_exec_prepared(pg, "router kb understand batch", sql, 1, params);
    cJSON_free(json);
    if (res == NULL)
        return -1;
    for (int r = 0; r < PQntuples(res); r++) {
        long i = strtol(PQgetvalue(res, r, 0), NULL, 10);
        wa_kb_result_t *o;
        wa_kb_hit_t *h;
        if (i < 0 || (size_t)i >= n)
            continue;
        if (labels != NULL && !PQgetisnull(res, r, 1))
            snprintf(labels[i], WA_KB_LABEL_MAX, "%s", PQgetvalue(res, r, 1));
        if (PQgetisnull(res, r, 2) || (o = &out[i])->nhits >= WA_KB_CANDIDATES)
            continue; /* no candidate at all (the LEFT JOIN's one row), or more than asked for */
        h = &o->hits[o->nhits++];
        snprintf(h->id, sizeof(h->id), "%s", PQgetvalue(res, r, 2));
        h->question = wa_strdup(PQgetvalue(res, r, 3));
        h->answer = wa_strdup(PQgetvalue(res, r, 4));
        h->score = strtod(PQgetvalue(res, r, 5), NULL);
        if (!isfinite(h->score))
            h->score = 0;
    }
    PQclear(res);
    return 0;
}

/* Texts are looked up WA_KB_CHUNK at a time: one webhook may bring up to WA_MAX_MESSAGES_PER_WEBHOOK texts, and one
 * statement over all of them could outlast the statement timeout (each text costs a few ms of PostgreSQL). */
static int understand(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, const int *intent,
                      double threshold, double margin, wa_kb_result_t *out, char (*labels)[WA_KB_LABEL_MAX],
                      int by_tokens)
{
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof(out[i]));
        out[i].best = -1;
        if (labels != NULL)
            labels[i][0] = '\0';
    }
    for (size_t i = 0; i < n; i += WA_KB_CHUNK) {
        size_t k = n - i < WA_KB_CHUNK ? n - i : WA_KB_CHUNK;
        if (understand_chunk(pg, k, doctor_ids + i, texts + i, intent != NULL ? intent + i : NULL, out + i,
                             labels != NULL ? labels + i : NULL, by_tokens) != 0) {
            for (size_t j = 0; j < n; j++) {
                wa_kb_result_dispose(&out[j]);
                out[j].best = -1;
                if (labels != NULL)
                    labels[j][0] = '\0';
            }
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        wa_kb_choose(&out[i], threshold, margin);
    return 0;
}

int wa_kb_lookup_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, double threshold,
                       double margin, wa_kb_result_t *out)
{
    return understand(pg, n, doctor_ids, texts, NULL, threshold, margin, out, NULL, 0);
}

int wa_kb_understand_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts,
                           const int *intent, double threshold, double margin, wa_kb_result_t *out,
                           char (*labels)[WA_KB_LABEL_MAX])
{
    return understand(pg, n, doctor_ids, texts, intent, threshold, margin, out, labels, 0);
}

int wa_kb_understand_tokens_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *toks,
                                  const int *intent, double threshold, double margin, wa_kb_result_t *out,
                                  char (*labels)[WA_KB_LABEL_MAX])
{
    return understand(pg, n, doctor_ids, toks, intent, threshold, margin, out, labels, 1);
}

/* One statement for texts[0..n) (router_analyse_batch, 139_perf29.sql): each text's tokens as PostgreSQL prints a
 * text[] (its canonical form, given back as it is to router_understand_tokens). */
static int analyse_chunk(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, char **toks)
{
    static const char sql[] = "SELECT i, toks FROM router_analyse_batch($1::jsonb)";
    char *json = batch_json(n, doctor_ids, "q", texts, "", 0, NULL);
    const char *params[1];
    PGresult *res;

    params[0] = json;
    res = wa_pg_exec_prepared(pg, "router kb analyse batch", sql, 1, params);
    cJSON_free(json);
    if (res == NULL)
        return -1;
    for (int r = 0; r < PQntuples(res); r++) {
        long i = strtol(PQgetvalue(res, r, 0), NULL, 10);
        if (i < 0 || (size_t)i >= n || toks[i] != NULL)
            continue;
        toks[i] = wa_strdup(PQgetisnull(res, r, 1) ? "{}" : PQgetvalue(res, r, 1));
    }
    PQclear(res);
    return 0;
}

int wa_kb_analyse_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, char **toks)
{
    for (size_t i = 0; i < n; i++)
        toks[i] = NULL;
    for (size_t i = 0; i < n; i += WA_KB_CHUNK) {
        size_t k = n - i < WA_KB_CHUNK ? n - i : WA_KB_CHUNK;
        if (analyse_chunk(pg, k, doctor_ids + i, texts + i, toks + i) != 0)
            goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if (toks[i] == NULL) /* a row the statement did not return: never, but no text goes without */
            goto fail;
    return 0;
fail:
    for (size_t i = 0; i < n; i++) {
        free(toks[i]);
        toks[i] = NULL;
    }
    return -1;
}

int wa_kb_labels_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *toks, const int *intent,
                       char (*labels)[WA_KB_LABEL_MAX])
{
    static const char sql[] = "SELECT i, label FROM router_understand_labels($1::jsonb)";

    for (size_t i = 0; i < n; i++)
        labels[i][0] = '\0';
    for (size_t i = 0; i < n; i += WA_KB_CHUNK) {
        size_t k = n - i < WA_KB_CHUNK ? n - i : WA_KB_CHUNK;
        char *json = batch_json(k, doctor_ids + i, "t", toks + i, "{}", 1, intent + i);
        const char *params[1] = {json};
        PGresult *res = wa_pg_exec_prepared(pg, "router kb labels", sql, 1, params);
        cJSON_free(json);
        if (res == NULL) {
            for (size_t j = 0; j < n; j++)
                labels[j][0] = '\0';
            return -1;
        }
        for (int r = 0; r < PQntuples(res); r++) {
            long q = strtol(PQgetvalue(res, r, 0), NULL, 10);
            if (q >= 0 && (size_t)q < k && !PQgetisnull(res, r, 1))
                snprintf(labels[i + (size_t)q], WA_KB_LABEL_MAX, "%s", PQgetvalue(res, r, 1));
        }
        PQclear(res);
    }
    return 0;
}

int wa_kb_intent(wa_pg_t *pg, const char *doctor_id, const char *text, char *out, size_t outsz)
{
    const char *params[2] = {doctor_id, text};
    PGresult *res;

    if (outsz > 0)
        out[0] = '\0';
    if (text == NULL || text[0] == '\0')
        return 0;
    res = wa_pg_exec(pg, "router intent", "SELECT kb_intent_choose($1::uuid, left($2, 1000))", 2, params);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) && outsz > 0)
        snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

void wa_kb_choose(wa_kb_result_t *r, double threshold, double margin)
{
    r->best = -1;
    if (r->nhits == 0 || r->hits[0].score < threshold)
        return;
    if (r->nhits > 1 && r->hits[0].score - r->hits[1].score < margin)
        return; /* ambiguous: two entries fit about equally well */
    r->best = 0;
}

void wa_kb_band(wa_kb_result_t *r, double low, double high)
{
    r->band = 0;
    if (r->nhits == 0 || r->hits[0].score < low)
        return;
    r->band = r->best < 0 || r->hits[r->best].score < high;
}

/* Serialises a cJSON array for a caller that free()s. */
static char *print_array(cJSON *arr)
{
    char *s, *copy;
    if ((s = cJSON_PrintUnformatted(arr)) == NULL)
        wa_fatal("out of memory");
    cJSON_Delete(arr);
    copy = wa_strdup(s);
    cJSON_free(s);
    return copy;
}

char *wa_kb_candidates_json(const wa_kb_result_t *r)
{
    cJSON *arr = cJSON_CreateArray();

    if (arr == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < r->nhits && i < WA_KB_RERANK_MAX; i++) {
        const wa_kb_hit_t *h = &r->hits[i];
        cJSON *o;
        if (h->score < WA_KB_CONTEXT_FLOOR)
            break; /* sorted best first */
        if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arr, o) ||
            cJSON_AddStringToObject(o, "id", h->id) == NULL ||
            cJSON_AddStringToObject(o, "q", h->question != NULL ? h->question : "") == NULL ||
            cJSON_AddNumberToObject(o, "score", round(h->score * 1000) / 1000) == NULL)
            wa_fatal("out of memory");
    }
    return print_array(arr);
}

char *wa_kb_context_json(const wa_kb_result_t *r)
{
    cJSON *arr = cJSON_CreateArray();
    char *s, *copy;
    int n = 0;

    if (arr == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < r->nhits && n < 3; i++) {
        const wa_kb_hit_t *h = &r->hits[i];
        cJSON *o;
        if ((int)i == r->best || h->score < WA_KB_CONTEXT_FLOOR)
            continue;
        if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arr, o) ||
            cJSON_AddStringToObject(o, "q", h->question != NULL ? h->question : "") == NULL ||
            cJSON_AddStringToObject(o, "a", h->answer != NULL ? h->answer : "") == NULL ||
            cJSON_AddNumberToObject(o, "score", round(h->score * 100) / 100) == NULL)
            wa_fatal("out of memory");
        n++;
    }
    if ((s = cJSON_PrintUnformatted(arr)) == NULL)
        wa_fatal("out of memory");
    cJSON_Delete(arr);
    copy = wa_strdup(s); /* callers free() it */
    cJSON_free(s);
    return copy;
}

void wa_kb_result_dispose(wa_kb_result_t *r)
{
    for (size_t i = 0; i < r->nhits; i++) {
        free(r->hits[i].question);
        free(r->hits[i].answer);
    }
    memset(r, 0, sizeof(*r));
    r->best = -1;
}

void wa_kb_result_copy(wa_kb_result_t *dst, const wa_kb_result_t *src)
{
    *dst = *src; /* the scalars; then a copy of every string the result owns */
    for (size_t i = 0; i < src->nhits; i++) {
        dst->hits[i].question = src->hits[i].question != NULL ? wa_strdup(src->hits[i].question) : NULL;
        dst->hits[i].answer = src->hits[i].answer != NULL ? wa_strdup(src->hits[i].answer) : NULL;
    }
}

size_t wa_kb_result_size(const wa_kb_result_t *r)
{
    size_t n = sizeof(*r);
    for (size_t i = 0; i < r->nhits; i++)
        n += (r->hits[i].question != NULL ? strlen(r->hits[i].question) + 1 : 0) +
             (r->hits[i].answer != NULL ? strlen(r->hits[i].answer) + 1 : 0);
    return n;
}
