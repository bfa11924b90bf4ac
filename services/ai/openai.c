/*
 * OpenAI-compatible chat completions request building and response parsing (see openai.h), pure. Self-hosted
 * servers differ in details (error shapes, extra finish reasons, reasoning fields): the parser accepts what B.2
 * lists and treats the unknown as "stop" when there is text, as the reference advises.
 */
#include "openai.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"

static cJSON *must(cJSON *item)
{
    if (item == NULL)
        wa_fatal("out of memory");
    return item;
}

char *ai_openai_url(const char *base)
{
    size_t blen = strlen(base);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    static const char path[] = "/chat/completions";
    char *out = wa_malloc(blen + sizeof(path));
    memcpy(out, base, blen);
    memcpy(out + blen, path, sizeof(path));
    return out;
}

/* Appends a message, or merges `text` into the previous message when it has the same role. */
static void add_message(cJSON *messages, const char *role, const char *text)
{
    cJSON *last = cJSON_GetArrayItem(messages, cJSON_GetArraySize(messages) - 1);
    const char *last_role = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(last, "role"));
    if (last_role != NULL && strcmp(last_role, role) == 0 && strcmp(role, "system") != 0) {
        const char *old = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(last, "content"));
        size_t n = strlen(old != NULL ? old : "") + strlen(text) + 3;
        char *merged = wa_malloc(n);
        snprintf(merged, n, "%s\n\n%s", old != NULL ? old : "", text);
        if (!cJSON_ReplaceItemInObjectCaseSensitive(last, "content", must(cJSON_CreateString(merged))))
            wa_fatal("cJSON_ReplaceItemInObject");
        free(merged);
        return;
    }
    cJSON *m = must(cJSON_CreateObject());
    must(cJSON_AddStringToObject(m, "role", role));
    must(cJSON_AddStringToObject(m, "content", text));
    if (!cJSON_AddItemToArray(messages, m))
        wa_fatal("cJSON_AddItemToArray");
}

char *ai_openai_request_build(const ai_prompt_t *p, const char *model)
{
    cJSON *root = must(cJSON_CreateObject());
    must(cJSON_AddStringToObject(root, "model", model != NULL ? model : ""));
    cJSON *messages = must(cJSON_AddArrayToObject(root, "messages"));
    add_message(messages, "system", p->system != NULL ? p->system : "");
    for (size_t i = 0; i < p->nturns; i++)
        if (p->turns[i].text != NULL && p->turns[i].text[0] != '\0')
            add_message(messages, p->turns[i].from_patient ? "user" : "assistant", p->turns[i].text);
    add_message(messages, "user", p->question != NULL ? p->question : "");
    must(cJSON_AddNumberToObject(root, "temperature", p->temperature >= 0 ? p->temperature : AI_DEFAULT_TEMPERATURE));
    must(cJSON_AddNumberToObject(root, "max_tokens", p->max_tokens > 0 ? p->max_tokens : AI_DEFAULT_MAX_TOKENS));
    must(cJSON_AddFalseToObject(root, "stream"));
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (out == NULL)
        wa_fatal("out of memory");
    return out;
}

static void set_detail(ai_gemini_result_t *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_detail(ai_gemini_result_t *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
    va_end(ap);
    if (n < 0)
        res->detail[0] = '\0';
    /* drop a UTF-8 sequence split by the cut */
    size_t i = strlen(res->detail);
    while (i > 0 && ((unsigned char)res->detail[i - 1] & 0x80) != 0) {
        unsigned char c = (unsigned char)res->detail[i - 1];
        i--;
        if ((c & 0xC0) == 0xC0) { /* lead byte: keep the sequence only if complete */
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (strlen(res->detail) - i >= need)
                i = strlen(res->detail);
            break;
        }
    }
    res->detail[i] = '\0';
}

static long count_item(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e12)
        return 0;
    return (long)v->valuedouble;
}

static int http_retryable(long status)
{
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/* The error shapes of B.2.4, or a body that is none of them. */
static void parse_error(ai_gemini_result_t *res, const cJSON *root)
{
    res->kind = AI_GEMINI_HTTP;
    res->retryable = http_retryable(res->http_status);
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    if (!cJSON_IsObject(err) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "message")))
        err = root; /* vLLM's flat {"object":"error","message":...,"type":...} */
    if (!cJSON_IsObject(err)) {
        snprintf(res->code, sizeof(res->code), "%ld", res->http_status);
        set_detail(res, "HTTP %ld with %s body", res->http_status, root != NULL ? "a JSON" : "a non-JSON");
        return;
    }
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "type"));
    const char *message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "message"));
    if (type != NULL && *type != '\0')
        snprintf(res->code, sizeof(res->code), "%s", type);
    else
        snprintf(res->code, sizeof(res->code), "%ld", res->http_status);
    set_detail(res, "HTTP %ld %s: %.160s", res->http_status, type != NULL ? type : "", message != NULL ? message : "");
}

int ai_openai_response_parse(long http_status, const char *body, size_t len, ai_gemini_result_t *res)
{
    memset(res, 0, sizeof(*res));
    res->http_status = http_status;
    cJSON *root = body != NULL && len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
    if (http_status < 200 || http_status > 299) {
        parse_error(res, root);
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        res->kind = AI_GEMINI_BAD_BODY;
        snprintf(res->code, sizeof(res->code), "bad_body");
        set_detail(res, "HTTP %ld with a %s body", http_status, root != NULL ? "non-object JSON" : "non-JSON");
        goto done;
    }
    const char *object = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "object"));
    if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "error")) ||
        (object != NULL && strcmp(object, "error") == 0)) {
        parse_error(res, root);
        goto done;
    }
    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
    if (cJSON_IsObject(usage)) {
        res->prompt_tokens = count_item(usage, "prompt_tokens");
        res->output_tokens = count_item(usage, "completion_tokens");
        res->total_tokens = count_item(usage, "total_tokens");
        if (res->total_tokens == 0)
            res->total_tokens = res->prompt_tokens + res->output_tokens;
    }
    const cJSON *choice = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "choices"), 0);
    if (!cJSON_IsObject(choice)) {
        res->kind = AI_GEMINI_EMPTY;
        snprintf(res->code, sizeof(res->code), "NO_CHOICES");
        set_detail(res, "no choices in the response");
        goto done;
    }
    const char *finish = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(choice, "finish_reason"));
    snprintf(res->finish_reason, sizeof(res->finish_reason), "%s", finish != NULL ? finish : "");
    if (finish != NULL && strcmp(finish, "content_filter") == 0) {
        res->kind = AI_GEMINI_FINISH;
        snprintf(res->code, sizeof(res->code), "content_filter");
        set_detail(res, "finish_reason content_filter: no usable answer");
        goto done;
    }
    const char *content = cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(choice, "message"), "content"));
    size_t start = 0, end = content != NULL ? strlen(content) : 0;
    while (start < end && isspace((unsigned char)content[start]))
        start++;
    while (end > start && isspace((unsigned char)content[end - 1]))
        end--;
    if (end == start) {
        res->kind = AI_GEMINI_EMPTY;
        snprintf(res->code, sizeof(res->code), "%s", finish != NULL && *finish ? finish : "EMPTY");
        set_detail(res, "no text in the answer (finish_reason %s)", finish != NULL ? finish : "absent");
        goto done;
    }
    res->kind = AI_GEMINI_OK;
    res->text = wa_strndup(content + start, end - start);
done:
    cJSON_Delete(root);
    return res->kind == AI_GEMINI_OK ? 0 : -1;
}
