/*
 * The model's rerank of the knowledge base's middle band (see rerank.h): the prompt and the reading of its answer.
 * The candidates are offered by id and question only: the model never sees, writes or rewrites an answer, and an id
 * it invents or copies from elsewhere is refused here before ai.c looks anything up.
 */
#include "rerank.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "wa/buf.h"
#include "wa/log.h"

#define QUESTION_MAX 2000 /* bytes of the patient's message put in the prompt */

const char *ai_rerank_system_text(void)
{
    return "You match a patient's WhatsApp message to a clinic's list of frequently asked questions. The message may "
           "be in English, Hindi, Marathi or romanised Hindi, with typos and abbreviations. Choose the one candidate "
           "that asks the same thing as the message, so that its stored answer answers the message completely. If "
           "the message asks something else (another detail, another service, a medical question), or no candidate "
           "fits, or you are unsure, choose none. Never answer the message yourself. Reply with JSON only, exactly "
           "{\"id\":\"<candidate id>\"} or {\"id\":\"none\"}.";
}

/* The candidates array, or NULL when it is not a non-empty array of {"id": string, "q": string}. */
static cJSON *parse_candidates(const char *kb_candidates)
{
    cJSON *arr = kb_candidates != NULL ? cJSON_Parse(kb_candidates) : NULL;
    const cJSON *it;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        goto bad;
    cJSON_ArrayForEach(it, arr)
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
        if (id == NULL || id[0] == '\0' || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "q")))
            goto bad;
    }
    return arr;
bad:
    cJSON_Delete(arr);
    return NULL;
}

/* Appends s with line breaks turned into spaces (one candidate or the message per line). */
static void add_line(wa_buf_t *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) /* not inside a UTF-8 character */
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
        wa_buf_append(b, &c, 1);
    }
}

char *ai_rerank_question(const char *text, const char *kb_candidates)
{
    cJSON *arr = parse_candidates(kb_candidates);
    const cJSON *it;
    wa_buf_t b;
    if (arr == NULL)
        return NULL;
    wa_buf_init(&b);
    wa_buf_appends(&b, "Message: ");
    add_line(&b, text != NULL ? text : "", QUESTION_MAX);
    wa_buf_appends(&b, "\nCandidates:\n");
    cJSON_ArrayForEach(it, arr)
    {
        add_line(&b, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")), 40);
        wa_buf_appends(&b, ": ");
        add_line(&b, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "q")), 500);
        wa_buf_appends(&b, "\n");
    }
    wa_buf_appends(&b, "Reply {\"id\":\"<candidate id>\"} or {\"id\":\"none\"}.");
    cJSON_Delete(arr);
    return wa_buf_release(&b);
}

ai_rerank_t ai_rerank_parse(const char *model_text, const char *kb_candidates, char *id_out, size_t id_sz)
{
    const char *open = model_text != NULL ? strchr(model_text, '{') : NULL;
    const char *close = model_text != NULL ? strrchr(model_text, '}') : NULL;
    char id[48];
    ai_rerank_t r = AI_RERANK_INVALID;
    cJSON *obj, *arr;
    const cJSON *jid, *it;

    if (id_sz > 0)
        id_out[0] = '\0';
    if (open == NULL || close == NULL || close < open)
        return AI_RERANK_INVALID;
    obj = cJSON_ParseWithLength(open, (size_t)(close - open) + 1);
    jid = cJSON_GetObjectItemCaseSensitive(obj, "id");
    if (cJSON_IsString(jid) && jid->valuestring[0] != '\0' && strlen(jid->valuestring) < sizeof(id))
        snprintf(id, sizeof(id), "%s", jid->valuestring);
    else if (cJSON_IsNumber(jid) && jid->valuedouble >= 0 && jid->valuedouble < 1e15 &&
             jid->valuedouble == (double)(long long)jid->valuedouble)
        snprintf(id, sizeof(id), "%lld", (long long)jid->valuedouble);
    else if (cJSON_IsNull(jid))
        snprintf(id, sizeof(id), "none");
    else {
        cJSON_Delete(obj);
        return AI_RERANK_INVALID;
    }
    cJSON_Delete(obj);
    if (strcasecmp(id, "none") == 0)
        return AI_RERANK_NONE;
    if ((arr = parse_candidates(kb_candidates)) == NULL)
        return AI_RERANK_INVALID;
    r = AI_RERANK_FOREIGN;
    cJSON_ArrayForEach(it, arr)
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")), id) == 0) {
            r = AI_RERANK_CHOSEN;
            if (id_sz > 0)
                snprintf(id_out, id_sz, "%s", id);
            break;
        }
    }
    cJSON_Delete(arr);
    return r;
}

const char *ai_rerank_name(ai_rerank_t r)
{
    static const char *const names[] = {"chosen", "none", "invalid", "foreign"};
    return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "invalid";
}
