/*
 * Knowledge-base lookup (see kb.h). The score of an entry is 0.6 * text similarity + 0.4 * keyword hit, where
 * text similarity is the best of pg_trgm's similarity(question, text) and word_similarity in both directions (a
 * short "timings?" is wholly inside "What are your timings?"), and keyword hit is the best strict_word_similarity
 * of one of the entry's keywords (3+ letters) against the text. Tuned on the demo clinic's entries for precision:
 * "timings?", "fees?", "where is the clinic" score 0.75-1.0; "I have fever since 3 days" or "thank you" score
 * under 0.3 and go to the ai. A doctor's knowledge base is small (tens to hundreds of rows), so the query scores
 * every enabled row of that doctor (kb_entries_doctor_idx) instead of using the trigram index.
 */
#include "kb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"

int rt_kb_lookup(wa_pg_t *pg, const char *doctor_id, const char *text, double threshold, double margin,
                 rt_kb_result_t *out)
{
    static const char sql[] =
        "WITH t AS (SELECT lower(left($2::text, 1000)) AS q)"
        " SELECT k.id::text, k.question, k.answer, s.score FROM kb_entries k, t,"
        " LATERAL (SELECT 0.6 * greatest(similarity(lower(k.question), t.q), word_similarity(t.q, lower(k.question)),"
        "                               word_similarity(lower(k.question), t.q))"
        "               + 0.4 * coalesce((SELECT max(strict_word_similarity(kw, t.q))"
        "                                 FROM unnest(regexp_split_to_array(lower(coalesce(k.keywords, '')), '[\\s,;]+')) kw"
        "                                 WHERE length(kw) >= 3), 0) AS score) s"
        " WHERE k.doctor_id = $1::uuid AND k.enabled"
        " ORDER BY s.score DESC, k.id LIMIT 4";
    const char *params[2] = {doctor_id, text != NULL ? text : ""};
    PGresult *res;

    memset(out, 0, sizeof(*out));
    out->best = -1;
    if ((res = wa_pg_exec(pg, "router kb lookup", sql, 2, params)) == NULL)
        return -1;
    for (int i = 0; i < PQntuples(res) && out->nhits < RT_KB_CANDIDATES; i++) {
        rt_kb_hit_t *h = &out->hits[out->nhits++];
        snprintf(h->id, sizeof(h->id), "%s", PQgetvalue(res, i, 0));
        h->question = wa_strdup(PQgetvalue(res, i, 1));
        h->answer = wa_strdup(PQgetvalue(res, i, 2));
        h->score = strtod(PQgetvalue(res, i, 3), NULL);
        if (!isfinite(h->score))
            h->score = 0;
    }
    PQclear(res);
    rt_kb_choose(out, threshold, margin);
    return 0;
}

void rt_kb_choose(rt_kb_result_t *r, double threshold, double margin)
{
    r->best = -1;
    if (r->nhits == 0 || r->hits[0].score < threshold)
        return;
    if (r->nhits > 1 && r->hits[0].score - r->hits[1].score < margin)
        return; /* ambiguous: two entries fit about equally well */
    r->best = 0;
}

char *rt_kb_context_json(const rt_kb_result_t *r)
{
    cJSON *arr = cJSON_CreateArray();
    char *s, *copy;
    int n = 0;

    if (arr == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < r->nhits && n < 3; i++) {
        const rt_kb_hit_t *h = &r->hits[i];
        cJSON *o;
        if ((int)i == r->best || h->score < RT_KB_CONTEXT_FLOOR)
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

void rt_kb_result_dispose(rt_kb_result_t *r)
{
    for (size_t i = 0; i < r->nhits; i++) {
        free(r->hits[i].question);
        free(r->hits[i].answer);
    }
    memset(r, 0, sizeof(*r));
    r->best = -1;
}
