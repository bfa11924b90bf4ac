/*
 * Conversation history for the prompt (see history.h): one indexed query per question, newest first with a LIMIT
 * (prepared once per connection: planning it cost more than running it), then trimmed to the character budget and
 * reversed. Messages that arrived after the one being answered are left out (the id bound), so two quick questions
 * each see only what came before them.
 */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    int rows = PQntuples(res);
    h->turns = wa_calloc(rows > 0 ? (size_t)rows : 1, sizeof(*h->turns));
    size_t used = 0;
    int kept = 0;
    for (int i = 0; i < rows && used < max_chars; i++, kept++) {
        const char *body = PQgetvalue(res, i, 1);
        size_t len = (size_t)PQgetlength(res, i, 1);
        size_t take = wa_utf8_prefix(body, len, max_chars - used);
        if (take < len && i > 0)
            break; /* an older message that does not fit whole is left out */
        h->turns[kept].from_patient = strcmp(PQgetvalue(res, i, 0), "in") == 0;
        h->turns[kept].text = wa_strndup(body, take);
        used += take;
    }
    h->n = (size_t)kept;
    for (size_t a = 0, b = h->n; b > a + 1; a++, b--) { /* oldest first */
        ai_turn_t t = h->turns[a];
        h->turns[a] = h->turns[b - 1];
        h->turns[b - 1] = t;
    }
    PQclear(res);
    return 0;
}
