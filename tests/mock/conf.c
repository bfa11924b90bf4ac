/*
 * Parsing of the mock server's per-API configuration objects (POST
 * /_mock/config) into the typed structs of conf.h. Pure: no I/O, no state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#include "conf.h"

static const char *default_models[] = {"gemini-2.5-flash", "gemini-3.5-flash"};

void mock_strlist_add(mock_strlist_t *l, const char *s)
{
    char **items = realloc(l->items, (l->n + 1) * sizeof(*items));
    if (items == NULL)
        wa_fatal("out of memory");
    l->items = items;
    l->items[l->n++] = wa_strdup(s);
}

int mock_strlist_has(const mock_strlist_t *l, const char *s, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->items[i]) == n && memcmp(l->items[i], s, n) == 0)
            return 1;
    return 0;
}

static void strlist_dispose(mock_strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Field readers: an absent or null field keeps the default and returns 0; a field of the wrong type writes a
 * message to err and returns -1. */

static const cJSON *field(const cJSON *obj, const char *name)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNull(f) ? NULL : f;
}

static int get_int(const cJSON *obj, const char *name, long min, long max, long *out, char *err, size_t errsz)
{
    const cJSON *f = field(obj, name);
    if (f == NULL)
        return 0;
    if (!cJSON_IsNumber(f) || f->valuedouble < (double)min || f->valuedouble > (double)max) {
        snprintf(err, errsz, "%s must be a number between %ld and %ld", name, min, max);
        return -1;
    }
    *out = (long)f->valuedouble;
    return 0;
}

static int get_bool(const cJSON *obj, const char *name, int *out, char *err, size_t errsz)
{
    const cJSON *f = field(obj, name);
    if (f == NULL)
        return 0;
    if (!cJSON_IsBool(f)) {
        snprintf(err, errsz, "%s must be true or false", name);
        return -1;
    }
    *out = cJSON_IsTrue(f);
    return 0;
}

/* Strings; numbers are accepted too and written in decimal (phone number ids are often typed as numbers). */
static int get_str(const cJSON *obj, const char *name, char **out, char *err, size_t errsz)
{
    const cJSON *f = field(obj, name);
    if (f == NULL)
        return 0;
    if (cJSON_IsString(f)) {
        *out = wa_strdup(f->valuestring);
        return 0;
    }
    if (cJSON_IsNumber(f)) {
        char num[64];
        snprintf(num, sizeof(num), "%.0f", f->valuedouble);
        *out = wa_strdup(num);
        return 0;
    }
    snprintf(err, errsz, "%s must be a string", name);
    return -1;
}

static int get_strlist(const cJSON *obj, const char *name, mock_strlist_t *out, int *present, char *err, size_t errsz)
{
    const cJSON *f = field(obj, name), *it;
    if (f == NULL)
        return 0;
    if (!cJSON_IsArray(f)) {
        snprintf(err, errsz, "%s must be an array of strings", name);
        return -1;
    }
    cJSON_ArrayForEach(it, f)
    {
        if (!cJSON_IsString(it)) {
            snprintf(err, errsz, "%s must be an array of strings", name);
            return -1;
        }
        mock_strlist_add(out, it->valuestring);
    }
    *present = 1;
    return 0;
}

/* times: absent, null or 0 = forever. */
static int get_times(const cJSON *obj, long *left, int *forever, char *err, size_t errsz)
{
    long times = 0;
    if (get_int(obj, "times", 0, 1000000000L, &times, err, errsz) != 0)
        return -1;
    *forever = times == 0;
    *left = times;
    return 0;
}

void mock_graph_conf_init(mock_graph_conf_t *c)
{
    memset(c, 0, sizeof(*c));
}

static void graph_rule_dispose(mock_graph_rule_t *r)
{
    free(r->to);
    free(r->phone_number_id);
    free(r->token);
    free(r->message);
    free(r->details);
    free(r->error_type);
}

void mock_graph_conf_dispose(mock_graph_conf_t *c)
{
    strlist_dispose(&c->valid_tokens);
    for (size_t i = 0; i < c->nphones; i++) {
        free(c->phones[i].id);
        free(c->phones[i].display);
        free(c->phones[i].verified_name);
    }
    free(c->phones);
    free(c->verified_name);
    free(c->quality_rating);
    free(c->throughput_level);
    free(c->app_secret);
    free(c->messaging_limit);
    free(c->signup_code);
    cJSON_Delete(c->templates);
    for (size_t i = 0; i < c->nrules; i++)
        graph_rule_dispose(&c->rules[i]);
    free(c->rules);
    mock_graph_conf_init(c);
}

static int parse_graph_rule(mock_graph_rule_t *r, const cJSON *o, char *err, size_t errsz)
{
    long code = 131000, http_status = 400, subcode = 0, delay = -1;
    char *kind = NULL;
    memset(r, 0, sizeof(*r));
    if (!cJSON_IsObject(o)) {
        snprintf(err, errsz, "errors[] must hold objects");
        return -1;
    }
    if (get_int(o, "code", 0, 2147483647L, &code, err, errsz) != 0 ||
        get_int(o, "http_status", 100, 599, &http_status, err, errsz) != 0 ||
        get_int(o, "error_subcode", 0, 2147483647L, &subcode, err, errsz) != 0 ||
        get_int(o, "delay_ms", 0, 3600000, &delay, err, errsz) != 0 ||
        get_times(o, &r->times_left, &r->forever, err, errsz) != 0 || get_str(o, "to", &r->to, err, errsz) != 0 ||
        get_str(o, "phone_number_id", &r->phone_number_id, err, errsz) != 0 ||
        get_str(o, "token", &r->token, err, errsz) != 0 || get_str(o, "message", &r->message, err, errsz) != 0 ||
        get_str(o, "details", &r->details, err, errsz) != 0 ||
        get_str(o, "error_type", &r->error_type, err, errsz) != 0 || get_str(o, "kind", &kind, err, errsz) != 0)
        goto fail;
    r->code = (int)code;
    r->http_status = (int)http_status;
    r->subcode = (int)subcode;
    r->delay_ms = (int)delay;
    r->kind = MOCK_KIND_SEND;
    if (kind != NULL) {
        if (strcmp(kind, "send") == 0) {
            r->kind = MOCK_KIND_SEND;
        } else if (strcmp(kind, "read") == 0) {
            r->kind = MOCK_KIND_READ;
        } else if (strcmp(kind, "messages") == 0) {
            r->kind = MOCK_KIND_MESSAGES;
        } else if (strcmp(kind, "any") == 0) {
            r->kind = MOCK_KIND_ANY;
        } else {
            snprintf(err, errsz, "kind must be send, read, messages or any");
            goto fail;
        }
        free(kind);
    }
    return 0;
fail:
    free(kind);
    graph_rule_dispose(r);
    return -1;
}

int mock_graph_conf_parse(mock_graph_conf_t *c, const cJSON *json, char *err, size_t errsz)
{
    long delay = 0;
    const cJSON *phones, *errors, *it;
    mock_graph_conf_init(c);
    if (get_int(json, "delay_ms", 0, 3600000, &delay, err, errsz) != 0 ||
        get_int(json, "pad_bytes", 0, 256L << 20, &c->pad_bytes, err, errsz) != 0 ||
        get_strlist(json, "valid_tokens", &c->valid_tokens, &c->check_tokens, err, errsz) != 0 ||
        get_str(json, "verified_name", &c->verified_name, err, errsz) != 0 ||
        get_str(json, "quality_rating", &c->quality_rating, err, errsz) != 0 ||
        get_str(json, "throughput_level", &c->throughput_level, err, errsz) != 0 ||
        get_str(json, "app_secret", &c->app_secret, err, errsz) != 0 ||
        get_str(json, "messaging_limit", &c->messaging_limit, err, errsz) != 0 ||
        get_str(json, "signup_code", &c->signup_code, err, errsz) != 0)
        goto fail;
    c->delay_ms = (int)delay;
    /* templates: [{"waba_id": ..., "name": ..., "language": ..., "status": ..., ...}] as Graph lists them */
    if ((it = field(json, "templates")) != NULL) {
        const cJSON *t;
        if (!cJSON_IsArray(it)) {
            snprintf(err, errsz, "templates must be an array");
            goto fail;
        }
        cJSON_ArrayForEach(t, it)
        {
            if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, "waba_id")) ||
                !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, "name"))) {
                snprintf(err, errsz, "templates[] need waba_id and name");
                goto fail;
            }
        }
        c->templates = cJSON_Duplicate(it, 1);
    }

    /* phones: {"<phone_number_id>": "+91 98765-43210" | {"display_phone_number": ..., "verified_name": ...}} */
    if ((phones = field(json, "phones")) != NULL) {
        if (!cJSON_IsObject(phones)) {
            snprintf(err, errsz, "phones must be an object");
            goto fail;
        }
        size_t n = (size_t)cJSON_GetArraySize(phones);
        c->phones = wa_calloc(n != 0 ? n : 1, sizeof(*c->phones));
        cJSON_ArrayForEach(it, phones)
        {
            mock_graph_phone_t *p = &c->phones[c->nphones];
            if (cJSON_IsString(it)) {
                p->display = wa_strdup(it->valuestring);
            } else if (cJSON_IsObject(it)) {
                if (get_str(it, "display_phone_number", &p->display, err, errsz) != 0 ||
                    get_str(it, "verified_name", &p->verified_name, err, errsz) != 0) {
                    free(p->display);
                    goto fail;
                }
                if (p->display == NULL) {
                    snprintf(err, errsz, "phones.%s needs display_phone_number", it->string);
                    free(p->verified_name);
                    goto fail;
                }
            } else {
                snprintf(err, errsz, "phones values must be strings or objects");
                goto fail;
            }
            p->id = wa_strdup(it->string);
            c->nphones++;
        }
    }

    if ((errors = field(json, "errors")) != NULL) {
        if (!cJSON_IsArray(errors)) {
            snprintf(err, errsz, "errors must be an array");
            goto fail;
        }
        size_t n = (size_t)cJSON_GetArraySize(errors);
        c->rules = wa_calloc(n != 0 ? n : 1, sizeof(*c->rules));
        cJSON_ArrayForEach(it, errors)
        {
            if (parse_graph_rule(&c->rules[c->nrules], it, err, errsz) != 0)
                goto fail;
            c->nrules++;
        }
    }
    return 0;
fail:
    mock_graph_conf_dispose(c);
    return -1;
}

void mock_ai_conf_init(mock_ai_conf_t *c, int is_openai)
{
    memset(c, 0, sizeof(*c));
    c->is_openai = is_openai;
    c->text = wa_strdup(MOCK_DEFAULT_TEXT);
    if (is_openai) {
        c->any_model = 1;
    } else {
        for (size_t i = 0; i < sizeof(default_models) / sizeof(default_models[0]); i++)
            mock_strlist_add(&c->models, default_models[i]);
    }
}

static void ai_rule_dispose(mock_ai_rule_t *r)
{
    free(r->status);
    free(r->message);
    free(r->retry_delay);
    free(r->quota_id);
    free(r->reason);
    free(r->error_type);
    free(r->model);
    free(r->key);
}

void mock_ai_conf_dispose(mock_ai_conf_t *c)
{
    free(c->text);
    strlist_dispose(&c->valid_keys);
    free(c->finish_reason);
    free(c->block_reason);
    strlist_dispose(&c->models);
    for (size_t i = 0; i < c->nrules; i++)
        ai_rule_dispose(&c->rules[i]);
    free(c->rules);
    for (size_t i = 0; i < c->nreplies; i++) {
        free(c->replies[i].contains);
        free(c->replies[i].text);
    }
    free(c->replies);
    memset(c, 0, sizeof(*c));
}

/* The Google status word usually paired with an HTTP status. */
static const char *status_for_http(int http_status)
{
    switch (http_status) {
    case 400:
        return "INVALID_ARGUMENT";
    case 401:
        return "UNAUTHENTICATED";
    case 403:
        return "PERMISSION_DENIED";
    case 404:
        return "NOT_FOUND";
    case 409:
        return "ABORTED";
    case 429:
        return "RESOURCE_EXHAUSTED";
    case 499:
        return "CANCELLED";
    case 501:
        return "UNIMPLEMENTED";
    case 503:
        return "UNAVAILABLE";
    case 504:
        return "DEADLINE_EXCEEDED";
    default:
        return http_status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    }
}

static int http_for_status(const char *status)
{
    static const struct {
        const char *status;
        int http;
    } map[] = {
        {"INVALID_ARGUMENT", 400},   {"FAILED_PRECONDITION", 400}, {"OUT_OF_RANGE", 400}, {"UNAUTHENTICATED", 401},
        {"PERMISSION_DENIED", 403},  {"NOT_FOUND", 404},           {"ABORTED", 409},      {"ALREADY_EXISTS", 409},
        {"RESOURCE_EXHAUSTED", 429}, {"CANCELLED", 499},           {"INTERNAL", 500},     {"UNKNOWN", 500},
        {"DATA_LOSS", 500},          {"UNIMPLEMENTED", 501},       {"UNAVAILABLE", 503},  {"DEADLINE_EXCEEDED", 504}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(map[i].status, status) == 0)
            return map[i].http;
    return 500;
}

static int parse_ai_rule(mock_ai_rule_t *r, const cJSON *o, char *err, size_t errsz)
{
    long http_status = 0, delay = -1;
    int html = -1;
    memset(r, 0, sizeof(*r));
    if (!cJSON_IsObject(o)) {
        snprintf(err, errsz, "errors[] must hold objects");
        return -1;
    }
    if (get_int(o, "http_status", 100, 599, &http_status, err, errsz) != 0 ||
        get_int(o, "delay_ms", 0, 3600000, &delay, err, errsz) != 0 || get_bool(o, "html", &html, err, errsz) != 0 ||
        get_times(o, &r->times_left, &r->forever, err, errsz) != 0 ||
        get_str(o, "status", &r->status, err, errsz) != 0 || get_str(o, "message", &r->message, err, errsz) != 0 ||
        get_str(o, "quota_id", &r->quota_id, err, errsz) != 0 || get_str(o, "reason", &r->reason, err, errsz) != 0 ||
        get_str(o, "error_type", &r->error_type, err, errsz) != 0 || get_str(o, "model", &r->model, err, errsz) != 0 ||
        get_str(o, "key", &r->key, err, errsz) != 0)
        goto fail;

    /* retry_delay: absent = "1s" on a 429; null or "" = no RetryInfo detail */
    const cJSON *rd = cJSON_GetObjectItemCaseSensitive(o, "retry_delay");
    if (rd != NULL && !cJSON_IsNull(rd)) {
        if (cJSON_IsString(rd)) {
            if (rd->valuestring[0] != '\0')
                r->retry_delay = wa_strdup(rd->valuestring);
        } else if (cJSON_IsNumber(rd)) {
            char tmp[64];
            snprintf(tmp, sizeof(tmp), "%gs", rd->valuedouble);
            r->retry_delay = wa_strdup(tmp);
        } else {
            snprintf(err, errsz, "retry_delay must be a string like \"1s\"");
            goto fail;
        }
    }

    if (http_status == 0)
        http_status = r->status != NULL ? http_for_status(r->status) : 500;
    r->http_status = (int)http_status;
    if (r->status == NULL)
        r->status = wa_strdup(status_for_http(r->http_status));
    if (rd == NULL && r->http_status == 429)
        r->retry_delay = wa_strdup("1s");
    r->html = html == -1 ? r->http_status == 502 : html;
    r->delay_ms = (int)delay;
    return 0;
fail:
    ai_rule_dispose(r);
    return -1;
}

int mock_ai_conf_parse(mock_ai_conf_t *c, int is_openai, const cJSON *json, char *err, size_t errsz)
{
    long delay = 0;
    int models_given = 0;
    const cJSON *errors, *it;
    mock_ai_conf_init(c, is_openai);
    if (get_int(json, "delay_ms", 0, 3600000, &delay, err, errsz) != 0 ||
        get_int(json, "pad_bytes", 0, 256L << 20, &c->pad_bytes, err, errsz) != 0)
        goto fail;
    c->delay_ms = (int)delay;
    const cJSON *text = field(json, "text");
    if (text != NULL) {
        if (!cJSON_IsString(text)) {
            snprintf(err, errsz, "text must be a string");
            goto fail;
        }
        free(c->text);
        c->text = wa_strdup(text->valuestring);
    }
    mock_strlist_t models = {NULL, 0};
    if (get_strlist(json, "models", &models, &models_given, err, errsz) != 0) {
        strlist_dispose(&models);
        goto fail;
    }
    if (models_given) {
        strlist_dispose(&c->models);
        c->models = models;
        c->any_model = 0;
    }
    if (get_strlist(json, "valid_keys", &c->valid_keys, &c->check_keys, err, errsz) != 0 ||
        get_str(json, "finish_reason", &c->finish_reason, err, errsz) != 0 ||
        get_str(json, "block_reason", &c->block_reason, err, errsz) != 0)
        goto fail;
    if (c->block_reason != NULL && c->block_reason[0] == '\0') {
        free(c->block_reason);
        c->block_reason = NULL;
    }
    if ((errors = field(json, "errors")) != NULL) {
        if (!cJSON_IsArray(errors)) {
            snprintf(err, errsz, "errors must be an array");
            goto fail;
        }
        size_t n = (size_t)cJSON_GetArraySize(errors);
        c->rules = wa_calloc(n != 0 ? n : 1, sizeof(*c->rules));
        cJSON_ArrayForEach(it, errors)
        {
            if (parse_ai_rule(&c->rules[c->nrules], it, err, errsz) != 0)
                goto fail;
            c->nrules++;
        }
    }
    if ((errors = field(json, "replies")) != NULL) {
        if (!cJSON_IsArray(errors)) {
            snprintf(err, errsz, "replies must be an array");
            goto fail;
        }
        size_t n = (size_t)cJSON_GetArraySize(errors);
        c->replies = wa_calloc(n != 0 ? n : 1, sizeof(*c->replies));
        cJSON_ArrayForEach(it, errors)
        {
            const char *contains = cJSON_GetStringValue(field(it, "contains")),
                       *rtext = cJSON_GetStringValue(field(it, "text"));
            long rdelay = -1;
            if (contains == NULL || contains[0] == '\0' || rtext == NULL) {
                snprintf(err, errsz, "replies[] need a non-empty string contains and a string text");
                goto fail;
            }
            if (get_int(it, "delay_ms", 0, 3600000, &rdelay, err, errsz) != 0)
                goto fail;
            c->replies[c->nreplies].contains = wa_strdup(contains);
            c->replies[c->nreplies].text = wa_strdup(rtext);
            c->replies[c->nreplies++].delay_ms = field(it, "delay_ms") != NULL ? (int)rdelay : -1;
        }
    }
    return 0;
fail:
    mock_ai_conf_dispose(c);
    return -1;
}
