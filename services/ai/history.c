/*
 * Conversation history for the prompt (see history.h): one indexed query per question, newest first with a LIMIT
 * (prepared once per connection: planning it cost more than running it), then trimmed to the character budget and
 * reversed. Messages that arrived after the one being answered are left out (the id bound), so two quick questions
 * each see only what came before them. The questions of one read of wa:ai that will call the model have theirs loaded
 * by one statement (ai_history_load_many: the same query per question as a lateral subquery).
 */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"
#include "wa/text.h"

void ai_history_dispose(ai_history_t *h)
{
    for (size_t i = 0; i < h->n; i++)
        free((char *)h->turns[i].text);
    free(h->turns);
    h->turns = NULL;
    h->n = 0;
}

/* Fills `h` from `count` rows of `res` from row `first` on (direction in column `col`, body in the next; newest
 * first): kept newest first while they fit in max_chars, then reversed to oldest first. */
static void fill(ai_history_t *h, PGresult *res, int first, int count, int col, size_t max_chars)
{
    h->turns = wa_calloc(count > 0 ? (size_t)count : 1, sizeof(*h->turns));
    size_t used = 0;
    int kept = 0;
    for (int i = 0; i < count && used < max_chars; i++, kept++) {
        const char *body = PQgetvalue(res, first + i, col + 1);
        size_t len = (size_t)PQgetlength(res, first + i, col + 1);
        size_t take = wa_utf8_prefix(body, len, max_chars - used);
        if (take < len && i > 0)
            break; /* an older message that does not fit whole is left out */
        h->turns[kept].from_patient = strcmp(PQgetvalue(res, first + i, col), "in") == 0;
        h->turns[kept].text = wa_strndup(body, take);
        used += take;
    }
    h->n = (size_t)kept;
    for (size_t a = 0, b = h->n; b > a + 1; a++, b--) { /* oldest first */
        ai_turn_t t = h->turns[a];
        h->turns[a] = h->turns[b - 1];
        h->turns[b - 1] = t;
    }
}

int ai_history_load(wa_pg_t *pg, const char *doctor_id, const char *wa_id, const char *wamid, int max_messages,
                    size_t max_chars, ai_history_t *h)
{
    static const char sql[] =
        /* the address's messages and the patient's: the history stays whole when a phone patient and a BSUID
         * patient were merged (015_bsuid.sql: their rows keep the wa_id they were sent with), and across a number change (016) */
        "SELECT direction, body FROM messages WHERE doctor_id = $1 "
        "AND (wa_id = $2 OR patient_id = (SELECT id FROM patients WHERE doctor_id = $1 AND wa_id = $2)) "
        "AND (wamid IS NULL OR wamid <> $3) AND body IS NOT NULL AND body <> '' "
        "AND NOT (direction = 'out' AND status = 'failed') "
        "AND id < coalesce((SELECT id FROM messages WHERE wamid = $3 AND doctor_id = $1), 9223372036854775807) "
        "ORDER BY created_at DESC, id DESC LIMIT $4";
    memset(h, 0, sizeof(*h));
    if (max_messages <= 0 || max_chars == 0)
        return 0;
    char limit[24];
    snprintf(limit, sizeof(limit), "%d", max_messages);
    const char *params[4] = {doctor_id, wa_id, wamid, limit};
    PGresult *res = wa_pg_exec_prepared(pg, "ai load history", sql, 4, params); /* planned once per connection */
    if (res == NULL)
        return -1;
    fill(h, res, 0, PQntuples(res), 0, max_chars);
    PQclear(res);
    return 0;
}

int ai_history_load_many(wa_pg_t *pg, const ai_history_key_t *keys, size_t n, int max_messages, size_t max_chars,
                         ai_history_t *out)
{
    static const char sql[] =
        /* ai_history_load's statement for each question of the batch (a lateral subquery: the same index scans,
         * the same LIMIT per question), the rows grouped by question, each group newest first */
        "SELECT q.i, h.direction, h.body FROM jsonb_to_recordset($1::jsonb) AS q(i int, d uuid, w text, x text) "
        "CROSS JOIN LATERAL (SELECT direction, body, created_at, id FROM messages WHERE doctor_id = q.d "
        "AND (wa_id = q.w OR patient_id = (SELECT id FROM patients WHERE doctor_id = q.d AND wa_id = q.w)) "
        "AND (wamid IS NULL OR wamid <> q.x) AND body IS NOT NULL AND body <> '' "
        "AND NOT (direction = 'out' AND status = 'failed') "
        "AND id < coalesce((SELECT id FROM messages WHERE wamid = q.x AND doctor_id = q.d), 9223372036854775807) "
        "ORDER BY created_at DESC, id DESC LIMIT $2) h ORDER BY q.i, h.created_at DESC, h.id DESC";
    memset(out, 0, n * sizeof(*out));
    if (max_messages <= 0 || max_chars == 0 || n == 0)
        return 0;
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; k < n; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "i", (double)k);
        cJSON_AddStringToObject(o, "d", keys[k].doctor_id);
        cJSON_AddStringToObject(o, "w", keys[k].wa_id);
        cJSON_AddStringToObject(o, "x", keys[k].wamid);
        cJSON_AddItemToArray(arr, o);
    }
    char *json = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    if (json == NULL)
        wa_fatal("out of memory");
    char limit[24];
    snprintf(limit, sizeof(limit), "%d", max_messages);
    const char *params[2] = {json, limit};
    PGresult *res = wa_pg_exec_prepared(pg, "ai load histories", sql, 2, params);
    cJSON_free(json);
    if (res == NULL)
        return -1;
    int rows = PQntuples(res);
    for (int r = 0; r < rows;) {
        long k = strtol(PQgetvalue(res, r, 0), NULL, 10);
        int end = r + 1;
        while (end < rows && strtol(PQgetvalue(res, end, 0), NULL, 10) == k)
            end++;
        if (k >= 0 && (size_t)k < n && out[k].turns == NULL)
            fill(&out[k], res, r, end - r, 1, max_chars);
        r = end;
    }
    PQclear(res);
    return 0;
}
