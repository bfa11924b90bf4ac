/*
 * Mock Meta Graph API (see graph.h). Request order mirrors what the real API
 * does: the access token first (401, code 190), then the body (400, code 100
 * or 131008), then any scripted error rule that matches, then the success
 * answer of A.4.8 with a fresh wamid.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "wa/log.h"

#include "graph.h"
#include "media.h"

#define JSON_CT "application/json; charset=UTF-8"
#define TEXT_BODY_MAX 4096

const char *mock_graph_error_title(int code)
{
    static const struct {
        int code;
        const char *title;
    } titles[] = {
        {0, "AuthException"},
        {1, "An unknown error occurred"},
        {2, "Service temporarily unavailable"},
        {3, "Application does not have the capability to make this API call."},
        {4, "Application request limit reached"},
        {10, "Application does not have permission for this action"},
        {33, "This phone number has been deleted"},
        {100, "Invalid parameter"},
        {190, "Error validating access token: the session is invalid or has expired"},
        {200, "Requires whatsapp_business_messaging permission"},
        {368, "Temporarily blocked for policies violations"},
        {80007, "Rate limit issues"},
        {130403, "Business has blocked this user"},
        {130429, "Rate limit hit"},
        {130472, "User's number is part of an experiment"},
        {130497, "Business account is restricted from messaging users in this country"},
        {131000, "Something went wrong"},
        {131005, "Access denied"},
        {131008, "Required parameter is missing"},
        {131009, "Parameter value is not valid"},
        {131016, "Service unavailable"},
        {131021, "Recipient cannot be sender"},
        {131026, "Message undeliverable"},
        {131030, "Recipient phone number not in allowed list"},
        {131031, "Account has been locked"},
        {131037, "WhatsApp provided number needs display name approval before message can be sent"},
        {131042, "Business eligibility payment issue"},
        {131045, "Incorrect certificate"},
        {131047, "Re-engagement message"},
        {131048, "Spam rate limit hit"},
        {131049, "This message was not delivered to maintain healthy ecosystem engagement"},
        {131050, "User has stopped marketing messages"},
        {131051, "Unsupported message type"},
        {131052, "Media download error"},
        {131053, "Media upload error"},
        {131056, "(Business Account, Consumer Account) pair rate limit hit"},
        {131057, "Account in maintenance mode"},
        {131062, "BSUID recipients are not supported for this message"},
        {132000, "Number of parameters does not match the expected number of params"},
        {132001, "Template name does not exist in the translation"},
        {132005, "Translated text too long"},
        {132007, "Template Format Character Policy Violated"},
        {132012, "Parameter format does not match format in the created template"},
        {132015, "Template is Paused"},
        {132016, "Template is Disabled"},
        {133004, "Server temporarily unavailable"},
        {133010, "Phone number Not Registered"},
        {135000, "Generic user error"},
    };
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
        if (titles[i].code == code)
            return titles[i].title;
    return "An error occurred";
}

/* The A.4.9 envelope. `title` NULL = the code's usual title; `details` NULL = a generic text. */
static void graph_error(mock_state_t *st, mock_res_t *res, int http_status, int code, int subcode, const char *type,
                        const char *title, const char *details)
{
    char trace[24];
    mock_rand_id(st, trace, 23, 1);
    res->status = http_status;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_printf(&res->body, "{\"error\":{\"message\":");
    char msg[512];
    snprintf(msg, sizeof(msg), "(#%d) %s", code, title != NULL ? title : mock_graph_error_title(code));
    mock_buf_json_cstr(&res->body, msg);
    wa_buf_appends(&res->body, ",\"type\":");
    mock_buf_json_cstr(&res->body, type != NULL ? type : "OAuthException");
    wa_buf_printf(&res->body, ",\"code\":%d,\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":", code);
    mock_buf_json_cstr(&res->body, details != NULL ? details : "Scripted error from wa-mock.");
    wa_buf_appends(&res->body, "}");
    if (subcode != 0)
        wa_buf_printf(&res->body, ",\"error_subcode\":%d", subcode);
    wa_buf_printf(&res->body, ",\"fbtrace_id\":\"%s\"}}", trace);
}

static void invalid_token(mock_state_t *st, mock_res_t *res, const char *details)
{
    graph_error(st, res, 401, 190, 0, "OAuthException", NULL, details);
}

/* The request's access token: `Authorization: Bearer T` (scheme case-insensitive) or `?access_token=T`. Copies it
 * into out (truncated to outsz-1) and returns 1, or returns 0 when there is none. */
static int request_token(const mock_req_t *req, char *out, size_t outsz)
{
    if (req->authorization != NULL && req->authorization_len > 7 &&
        strncasecmp(req->authorization, "Bearer ", 7) == 0) {
        const char *t = req->authorization + 7;
        size_t n = req->authorization_len - 7;
        while (n != 0 && *t == ' ')
            t++, n--;
        while (n != 0 && t[n - 1] == ' ')
            n--;
        if (n == 0)
            return 0;
        if (n >= outsz)
            n = outsz - 1;
        memcpy(out, t, n);
        out[n] = '\0';
        return 1;
    }
    return mock_query_get(req->query, req->query_len, "access_token", out, outsz) && out[0] != '\0';
}

static int token_valid(const mock_graph_conf_t *c, const char *token)
{
    return !c->check_tokens || mock_strlist_has(&c->valid_tokens, token, strlen(token));
}

/* Digits of s into out (NUL-terminated, truncated). */
static void digits_of(const char *s, char *out, size_t outsz)
{
    size_t o = 0;
    for (; *s != '\0' && o + 1 < outsz; s++)
        if (*s >= '0' && *s <= '9')
            out[o++] = *s;
    out[o] = '\0';
}

/* 1 when s looks like a BSUID or parent BSUID (A.9.1): two uppercase letters, '.', then letters, digits, dots. */
static int is_bsuid(const char *s)
{
    if (s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2] != '.' || s[3] == '\0')
        return 0;
    for (s += 3; *s != '\0'; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.'))
            return 0;
    return 1;
}

/* What a request is, for matching scripted error rules. */
typedef struct st_graph_ctx_t {
    mock_graph_kind_t kind;      /* MOCK_KIND_SEND, MOCK_KIND_READ or MOCK_KIND_ANY (any other endpoint) */
    const char *phone_number_id; /* NULL when the endpoint has none */
    const char *to_digits;       /* NULL unless a send to a phone number */
    const char *recipient;       /* the BSUID of a send by `recipient` (A.9.4), else NULL */
    const char *token;
} graph_ctx_t;

static int rule_matches(const mock_graph_rule_t *r, const graph_ctx_t *x)
{
    if (!r->forever && r->times_left <= 0)
        return 0;
    switch (r->kind) {
    case MOCK_KIND_SEND:
    case MOCK_KIND_READ:
        if (x->kind != r->kind)
            return 0;
        break;
    case MOCK_KIND_MESSAGES:
        if (x->kind != MOCK_KIND_SEND && x->kind != MOCK_KIND_READ)
            return 0;
        break;
    case MOCK_KIND_ANY:
        break;
    }
    if (r->phone_number_id != NULL &&
        (x->phone_number_id == NULL || strcmp(r->phone_number_id, x->phone_number_id) != 0))
        return 0;
    if (r->token != NULL && (x->token == NULL || strcmp(r->token, x->token) != 0))
        return 0;
    if (r->to != NULL && strchr(r->to, '.') != NULL) { /* a rule for a BSUID recipient */
        if (x->recipient == NULL || strcmp(r->to, x->recipient) != 0)
            return 0;
    } else if (r->to != NULL) {
        char want[64];
        digits_of(r->to, want, sizeof(want));
        if (x->to_digits == NULL || strcmp(want, x->to_digits) != 0)
            return 0;
    }
    return 1;
}

/* Runs the first matching scripted error rule, consuming one of its times. Returns 1 when it answered. */
static int apply_rules(mock_state_t *st, const graph_ctx_t *x, mock_res_t *res)
{
    mock_graph_conf_t *c = &st->graph;
    for (size_t i = 0; i < c->nrules; i++) {
        mock_graph_rule_t *r = &c->rules[i];
        if (!rule_matches(r, x))
            continue;
        if (!r->forever)
            r->times_left--;
        graph_error(st, res, r->http_status, r->code, r->subcode, r->error_type, r->message, r->details);
        if (r->delay_ms >= 0)
            res->delay_ms = r->delay_ms;
        return 1;
    }
    return 0;
}

/* Validation failure: code, and a details text naming the parameter. */
typedef struct st_verr_t {
    int code;
    char details[256];
} verr_t;

__attribute__((format(printf, 3, 4))) static int fail(verr_t *e, int code, const char *fmt, ...)
{
    va_list ap;
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->details, sizeof(e->details), fmt, ap);
    va_end(ap);
    return -1;
}

/* A required string member: absent -> 131008, wrong type or empty (unless allow_empty) -> 100. */
static int need_str(const cJSON *obj, const char *name, const char *where, int allow_empty, const char **out, verr_t *e)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, name);
    char full[128];
    snprintf(full, sizeof(full), "%s%s", where, name);
    if (f == NULL || cJSON_IsNull(f))
        return fail(e, 131008, "The parameter %s is required.", full);
    if (!cJSON_IsString(f) || (!allow_empty && f->valuestring[0] == '\0'))
        return fail(e, 100, "Invalid parameter %s: expected a non-empty string.", full);
    if (out != NULL)
        *out = f->valuestring;
    return 0;
}

static int need_obj(const cJSON *obj, const char *name, const char *where, const cJSON **out, verr_t *e)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, name);
    char full[128];
    snprintf(full, sizeof(full), "%s%s", where, name);
    if (f == NULL || cJSON_IsNull(f))
        return fail(e, 131008, "The parameter %s is required.", full);
    if (!cJSON_IsObject(f))
        return fail(e, 100, "Invalid parameter %s: expected an object.", full);
    *out = f;
    return 0;
}

/* The object named by `type` of a send (A.4.2 - A.4.6). */
static int validate_payload(const char *type, const cJSON *root, verr_t *e)
{
    const cJSON *o = NULL, *f;
    if (strcmp(type, "contacts") == 0) {
        f = cJSON_GetObjectItemCaseSensitive(root, "contacts");
        if (f == NULL || cJSON_IsNull(f))
            return fail(e, 131008, "The parameter %s is required.", "contacts");
        if (!cJSON_IsArray(f) || cJSON_GetArraySize(f) == 0)
            return fail(e, 100, "Invalid parameter %s: expected a non-empty array.", "contacts");
        return 0;
    }
    if (need_obj(root, type, "", &o, e) != 0)
        return -1;
    if (strcmp(type, "text") == 0) {
        const char *body = NULL;
        if (need_str(o, "body", "text.", 1, &body, e) != 0)
            return -1;
        size_t chars = mock_utf8_len(body, strlen(body));
        if (chars == 0)
            return fail(e, 100, "Invalid parameter %s: the message body must not be empty.", "text.body");
        if (chars > TEXT_BODY_MAX)
            return fail(e, 100, "Invalid parameter %s: the message body is longer than 4096 characters.", "text.body");
        f = cJSON_GetObjectItemCaseSensitive(o, "preview_url");
        if (f != NULL && !cJSON_IsBool(f))
            return fail(e, 100, "Invalid parameter %s: expected a boolean.", "text.preview_url");
        return 0;
    }
    if (strcmp(type, "image") == 0 || strcmp(type, "audio") == 0 || strcmp(type, "video") == 0 ||
        strcmp(type, "document") == 0 || strcmp(type, "sticker") == 0) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id"),
                    *link = cJSON_GetObjectItemCaseSensitive(o, "link");
        if (id == NULL && link == NULL)
            return fail(e, 131008, "The parameter %s.id or link is required.", type);
        if (id != NULL && link != NULL)
            return fail(e, 100, "Invalid parameter %s: give either id or link, not both.", type);
        if (!cJSON_IsString(id != NULL ? id : link) || (id != NULL ? id : link)->valuestring[0] == '\0')
            return fail(e, 100, "Invalid parameter %s: id/link must be a non-empty string.", type);
        return 0;
    }
    if (strcmp(type, "template") == 0) {
        const cJSON *lang = NULL;
        if (need_str(o, "name", "template.", 0, NULL, e) != 0 || need_obj(o, "language", "template.", &lang, e) != 0 ||
            need_str(lang, "code", "template.language.", 0, NULL, e) != 0)
            return -1;
        f = cJSON_GetObjectItemCaseSensitive(o, "components");
        if (f != NULL && !cJSON_IsArray(f))
            return fail(e, 100, "Invalid parameter %s: expected an array.", "template.components");
        return 0;
    }
    if (strcmp(type, "interactive") == 0) {
        const cJSON *action;
        if (need_str(o, "type", "interactive.", 0, NULL, e) != 0 ||
            need_obj(o, "action", "interactive.", &action, e) != 0)
            return -1;
        return 0;
    }
    if (strcmp(type, "location") == 0) {
        const cJSON *lat = cJSON_GetObjectItemCaseSensitive(o, "latitude"),
                    *lon = cJSON_GetObjectItemCaseSensitive(o, "longitude");
        if (lat == NULL || lon == NULL)
            return fail(e, 131008, "The parameter %s is required.", "location.latitude/longitude");
        return 0;
    }
    if (strcmp(type, "reaction") == 0) {
        if (need_str(o, "message_id", "reaction.", 0, NULL, e) != 0 ||
            need_str(o, "emoji", "reaction.", 1, NULL, e) != 0)
            return -1;
        return 0;
    }
    return fail(e, 100, "Invalid parameter type: unsupported message type '%s'.", type);
}

/* A parsed POST /messages body. */
typedef struct st_send_t {
    int is_read;
    const char *to;        /* borrowed from the cJSON tree; NULL for a send by recipient */
    const char *recipient; /* the BSUID of `recipient` (A.9.4) when no `to` was sent, else NULL */
    char to_digits[64];
} send_t;

static int validate_messages_body(const cJSON *root, send_t *s, verr_t *e)
{
    const char *product, *type;
    const cJSON *f;
    memset(s, 0, sizeof(*s));
    if (!cJSON_IsObject(root))
        return fail(e, 100, "Invalid parameter: the request body must be a JSON object%s.", "");
    if (need_str(root, "messaging_product", "", 0, &product, e) != 0)
        return -1;
    if (strcmp(product, "whatsapp") != 0)
        return fail(e, 100, "Invalid parameter messaging_product: expected \"whatsapp\", got \"%.64s\".", product);
    f = cJSON_GetObjectItemCaseSensitive(root, "status");
    if (f != NULL && !cJSON_IsNull(f)) {
        if (!cJSON_IsString(f) || strcmp(f->valuestring, "read") != 0)
            return fail(e, 100, "Invalid parameter %s: only \"read\" is supported.", "status");
        if (need_str(root, "message_id", "", 0, NULL, e) != 0)
            return -1;
        f = cJSON_GetObjectItemCaseSensitive(root, "typing_indicator");
        if (f != NULL && !cJSON_IsNull(f)) {
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(f, "type");
            if (!cJSON_IsObject(f) || !cJSON_IsString(t) || strcmp(t->valuestring, "text") != 0)
                return fail(e, 100, "Invalid parameter %s: expected {\"type\":\"text\"}.", "typing_indicator");
        }
        s->is_read = 1;
        return 0;
    }
    /* `to` (a phone number) or `recipient` (a BSUID or parent BSUID, A.9.4); when both are sent `to` wins */
    f = cJSON_GetObjectItemCaseSensitive(root, "to");
    if (f == NULL && cJSON_GetObjectItemCaseSensitive(root, "recipient") != NULL) {
        if (need_str(root, "recipient", "", 0, &s->recipient, e) != 0)
            return -1;
        if (!is_bsuid(s->recipient))
            return fail(e, 100, "Invalid parameter recipient: '%.64s' is not a business-scoped user id.", s->recipient);
    } else {
        if (need_str(root, "to", "", 0, &s->to, e) != 0)
            return -1;
        digits_of(s->to, s->to_digits, sizeof(s->to_digits));
        if (s->to_digits[0] == '\0')
            return fail(e, 100, "Invalid parameter to: '%.64s' is not a phone number.", s->to);
    }
    f = cJSON_GetObjectItemCaseSensitive(root, "recipient_type");
    if (f != NULL && !cJSON_IsNull(f) &&
        (!cJSON_IsString(f) || (strcmp(f->valuestring, "individual") != 0 && strcmp(f->valuestring, "group") != 0)))
        return fail(e, 100, "Invalid parameter %s: expected individual or group.", "recipient_type");
    f = cJSON_GetObjectItemCaseSensitive(root, "context");
    if (f != NULL && !cJSON_IsNull(f)) {
        if (!cJSON_IsObject(f))
            return fail(e, 100, "Invalid parameter %s: expected an object.", "context");
        if (need_str(f, "message_id", "context.", 0, NULL, e) != 0)
            return -1;
    }
    if (need_str(root, "type", "", 0, &type, e) != 0)
        return -1;
    return validate_payload(type, root, e);
}

static void handle_messages(mock_state_t *st, const mock_req_t *req, const char *phone_id, const char *token,
                            mock_res_t *res)
{
    cJSON *root = cJSON_ParseWithLength(req->body != NULL ? req->body : "", req->body_len);
    send_t s;
    verr_t e;
    if (root == NULL) {
        graph_error(st, res, 400, 100, 0, NULL, NULL, "The request body is not valid JSON.");
        return;
    }
    if (validate_messages_body(root, &s, &e) != 0) {
        graph_error(st, res, 400, e.code, 0, NULL, NULL, e.details);
        cJSON_Delete(root);
        return;
    }
    graph_ctx_t x = {s.is_read ? MOCK_KIND_READ : MOCK_KIND_SEND, phone_id,
                     s.is_read || s.recipient != NULL ? NULL : s.to_digits, s.recipient, token};
    if (!apply_rules(st, &x, res)) {
        res->status = 200;
        res->content_type = JSON_CT;
        res->body.len = 0;
        if (s.is_read) {
            wa_buf_appends(&res->body, "{\"success\":true}");
        } else {
            wa_buf_appends(&res->body, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":");
            if (s.recipient != NULL) { /* a send to a BSUID answers input + user_id, no wa_id (A.9.4) */
                mock_buf_json_cstr(&res->body, s.recipient);
                wa_buf_appends(&res->body, ",\"user_id\":");
                mock_buf_json_cstr(&res->body, s.recipient);
            } else {
                mock_buf_json_cstr(&res->body, s.to);
                wa_buf_printf(&res->body, ",\"wa_id\":\"%s\"", s.to_digits);
            }
            wa_buf_printf(&res->body,
                          "}],\"messages\":[{\"id\":\"wamid.MOCK%08X%012llX\",\"message_status\":\"accepted\"}]}",
                          st->nonce, (unsigned long long)++st->counter);
        }
    }
    cJSON_Delete(root);
}

static void handle_phone(mock_state_t *st, const char *phone_id, mock_res_t *res)
{
    const mock_graph_conf_t *c = &st->graph;
    const mock_graph_phone_t *p = NULL;
    char synth[64];
    const char *display, *verified;
    for (size_t i = 0; i < c->nphones; i++)
        if (strcmp(c->phones[i].id, phone_id) == 0)
            p = &c->phones[i];
    if (p == NULL && c->nphones != 0) {
        char details[256];
        snprintf(details, sizeof(details),
                 "Unsupported get request. Object with ID '%.64s' does not exist, cannot be loaded due to missing "
                 "permissions, or does not support this operation.",
                 phone_id);
        graph_error(st, res, 404, 100, 33, NULL, NULL, details);
        return;
    }
    if (p != NULL) {
        display = p->display;
        verified = p->verified_name != NULL ? p->verified_name : c->verified_name;
    } else { /* no phones configured: any id exists, with a made-up number */
        size_t n = strlen(phone_id);
        snprintf(synth, sizeof(synth), "+1 555-%.4s", n > 4 ? phone_id + n - 4 : phone_id);
        display = synth;
        verified = c->verified_name;
    }
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_appends(&res->body, "{\"display_phone_number\":");
    mock_buf_json_cstr(&res->body, display);
    wa_buf_appends(&res->body, ",\"verified_name\":");
    mock_buf_json_cstr(&res->body, verified != NULL ? verified : "Mock Clinic");
    wa_buf_appends(&res->body, ",\"quality_rating\":");
    mock_buf_json_cstr(&res->body, c->quality_rating != NULL ? c->quality_rating : "GREEN");
    wa_buf_appends(&res->body, ",\"throughput\":{\"level\":");
    mock_buf_json_cstr(&res->body, c->throughput_level != NULL ? c->throughput_level : "STANDARD");
    wa_buf_appends(&res->body, "},\"whatsapp_business_manager_messaging_limit\":");
    mock_buf_json_cstr(&res->body, c->messaging_limit != NULL ? c->messaging_limit : "TIER_2K");
    wa_buf_appends(&res->body, ",\"status\":\"CONNECTED\",\"platform_type\":\"CLOUD_API\",\"id\":");
    mock_buf_json_cstr(&res->body, phone_id);
    wa_buf_appends(&res->body, "}");
}

static void handle_debug_token(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    char input[1024];
    if (!mock_query_get(req->query, req->query_len, "input_token", input, sizeof(input)) || input[0] == '\0') {
        graph_error(st, res, 400, 100, 0, NULL, "The parameter input_token is required", NULL);
        return;
    }
    int valid = token_valid(&st->graph, input);
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_printf(&res->body,
                  "{\"data\":{\"app_id\":\"600000000000006\",\"type\":\"SYSTEM_USER\",\"application\":\"wa-mock\","
                  "\"data_access_expires_at\":0,\"expires_at\":0,\"is_valid\":%s,\"issued_at\":%lld,"
                  "\"scopes\":[\"whatsapp_business_messaging\",\"whatsapp_business_management\"],"
                  "\"user_id\":\"700000000000007\"",
                  valid ? "true" : "false", (long long)(now_ms / 1000 - 86400));
    if (!valid)
        wa_buf_appends(&res->body, ",\"error\":{\"code\":190,\"message\":\"Invalid OAuth access token.\","
                                   "\"subcode\":467}");
    wa_buf_appends(&res->body, "}}");
}

static void reply_json(mock_res_t *res, int status, cJSON *doc)
{
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (text == NULL)
        wa_fatal("out of memory");
    res->status = status;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_appends(&res->body, text);
    cJSON_free(text);
}

/* GET /{waba-id}/message_templates (A.10.1): the WABA's templates, Graph cursor paging (limit, after). */
static void handle_templates_list(mock_state_t *st, const mock_req_t *req, const char *waba, mock_res_t *res)
{
    char lim[16], after[32], status[32];
    long limit = 25, start = 0, idx = 0, n = 0;
    if (mock_query_get(req->query, req->query_len, "limit", lim, sizeof(lim)))
        limit = strtol(lim, NULL, 10);
    if (limit < 1 || limit > 1000)
        limit = 25;
    if (mock_query_get(req->query, req->query_len, "after", after, sizeof(after)))
        start = strtol(after, NULL, 10); /* the mock's cursors are indexes */
    if (!mock_query_get(req->query, req->query_len, "status", status, sizeof(status)))
        status[0] = '\0';
    cJSON *doc = cJSON_CreateObject(), *data = cJSON_AddArrayToObject(doc, "data");
    const cJSON *t;
    int more = 0;
    cJSON_ArrayForEach(t, st->graph.templates)
    {
        const char *w = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "waba_id"));
        const char *ts = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "status"));
        if (w == NULL || strcmp(w, waba) != 0 || (status[0] != '\0' && (ts == NULL || strcmp(ts, status) != 0)))
            continue;
        if (idx++ < start)
            continue;
        if (n == limit) {
            more = 1;
            break;
        }
        cJSON *copy = cJSON_Duplicate(t, 1);
        cJSON_DeleteItemFromObjectCaseSensitive(copy, "waba_id");
        cJSON_AddItemToArray(data, copy);
        n++;
    }
    cJSON *paging = cJSON_AddObjectToObject(doc, "paging"), *cursors = cJSON_AddObjectToObject(paging, "cursors");
    char cur[32], next[512];
    snprintf(cur, sizeof(cur), "%ld", start);
    cJSON_AddStringToObject(cursors, "before", cur);
    snprintf(cur, sizeof(cur), "%ld", start + n);
    cJSON_AddStringToObject(cursors, "after", cur);
    if (more) {
        snprintf(next, sizeof(next), "https://graph.facebook.com/v25.0/%s/message_templates?limit=%ld&after=%s", waba,
                 limit, cur);
        cJSON_AddStringToObject(paging, "next", next);
    }
    reply_json(res, 200, doc);
}

static int template_name_ok(const char *s)
{
    if (s[0] == '\0' || strlen(s) > 512)
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* POST /{waba-id}/message_templates (A.10.2): checks the rules of the table, stores it PENDING. */
static void handle_templates_create(mock_state_t *st, const mock_req_t *req, const char *waba, mock_res_t *res)
{
    cJSON *body = cJSON_ParseWithLength(req->body != NULL ? req->body : "", req->body_len), *t;
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "name"));
    const char *lang = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "language"));
    const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "category"));
    const cJSON *comps = cJSON_GetObjectItemCaseSensitive(body, "components"), *c;
    int has_body = 0;
    cJSON_ArrayForEach(c, comps)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "type"));
        if (type != NULL && strcmp(type, "BODY") == 0 && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "text")))
            has_body = 1;
    }
    if (name == NULL || !template_name_ok(name) || lang == NULL || lang[0] == '\0' || cat == NULL ||
        (strcmp(cat, "UTILITY") != 0 && strcmp(cat, "MARKETING") != 0 && strcmp(cat, "AUTHENTICATION") != 0) ||
        !cJSON_IsArray(comps) || !has_body) {
        cJSON_Delete(body);
        graph_error(st, res, 400, 100, 0, NULL, NULL,
                    "name (lowercase letters, digits, _), language, category (UTILITY, MARKETING, AUTHENTICATION) "
                    "and components with a BODY are required.");
        return;
    }
    cJSON_ArrayForEach(t, st->graph.templates)
    {
        const char *w = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "waba_id"));
        const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "name"));
        const char *l = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "language"));
        if (w != NULL && n != NULL && l != NULL && strcmp(w, waba) == 0 && strcmp(n, name) == 0 &&
            strcmp(l, lang) == 0) {
            cJSON_Delete(body);
            graph_error(st, res, 400, 100, 2388024, NULL, "Invalid parameter",
                        "Content in this language already exists.");
            return;
        }
    }
    char id[32];
    snprintf(id, sizeof(id), "5%014llu", (unsigned long long)(++st->counter % 100000000000000ULL));
    cJSON_DeleteItemFromObjectCaseSensitive(body, "waba_id");
    cJSON_AddStringToObject(body, "waba_id", waba);
    cJSON_AddStringToObject(body, "id", id);
    cJSON_AddStringToObject(body, "status", "PENDING");
    if (cJSON_GetObjectItemCaseSensitive(body, "parameter_format") == NULL)
        cJSON_AddStringToObject(body, "parameter_format", "POSITIONAL");
    if (st->graph.templates == NULL)
        st->graph.templates = cJSON_CreateArray();
    cJSON_AddItemToArray(st->graph.templates, body);
    cJSON *ans = cJSON_CreateObject();
    cJSON_AddStringToObject(ans, "id", id);
    cJSON_AddStringToObject(ans, "status", "PENDING");
    cJSON_AddStringToObject(ans, "category", cat);
    reply_json(res, 200, ans);
}

/* Embedded Signup's code exchange (A.12.2 step 1): GET oauth/access_token?client_id&client_secret&code. */
static void handle_code_exchange(mock_state_t *st, const mock_req_t *req, const char *code, mock_res_t *res)
{
    char fresh[48];
    if (st->graph.signup_code != NULL && strcmp(code, st->graph.signup_code) != 0) {
        graph_error(st, res, 400, 100, 36007, NULL, "Invalid verification code format.", NULL);
        return;
    }
    memcpy(fresh, "EAAMOCK", 7);
    mock_rand_id(st, fresh + 7, 40, 0);
    if (st->graph.check_tokens)
        mock_strlist_add(&st->graph.valid_tokens, fresh);
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    wa_buf_printf(&res->body, "{\"access_token\":\"%s\",\"token_type\":\"bearer\"}", fresh);
}

static void handle_oauth(mock_state_t *st, const mock_req_t *req, mock_res_t *res)
{
    char grant[64], secret[256], old[1024], fresh[48];
    if (!mock_query_get(req->query, req->query_len, "grant_type", grant, sizeof(grant)))
        grant[0] = '\0';
    if (!mock_query_get(req->query, req->query_len, "client_id", secret, sizeof(secret)) || secret[0] == '\0') {
        graph_error(st, res, 400, 101, 0, NULL, "Missing client_id parameter.", NULL);
        return;
    }
    if (!mock_query_get(req->query, req->query_len, "client_secret", secret, sizeof(secret)) || secret[0] == '\0' ||
        (st->graph.app_secret != NULL && strcmp(secret, st->graph.app_secret) != 0)) {
        graph_error(st, res, 400, 1, 0, NULL, "Error validating client secret.", NULL);
        return;
    }
    char code[512];
    if (grant[0] == '\0' && mock_query_get(req->query, req->query_len, "code", code, sizeof(code)) && code[0] != '\0') {
        handle_code_exchange(st, req, code, res);
        return;
    }
    int exchange = strcmp(grant, "fb_exchange_token") == 0;
    if (!exchange && strcmp(grant, "client_credentials") != 0) {
        graph_error(st, res, 400, 100, 0, NULL, "Invalid grant_type", NULL);
        return;
    }
    if (exchange) {
        if (!mock_query_get(req->query, req->query_len, "fb_exchange_token", old, sizeof(old)) || old[0] == '\0') {
            graph_error(st, res, 400, 100, 0, NULL, "The parameter fb_exchange_token is required", NULL);
            return;
        }
        if (!token_valid(&st->graph, old)) {
            graph_error(st, res, 400, 190, 0, NULL, NULL, "The token to exchange is not valid.");
            return;
        }
    }
    memcpy(fresh, "EAAMOCK", 7);
    mock_rand_id(st, fresh + 7, 40, 0);
    if (st->graph.check_tokens)
        mock_strlist_add(&st->graph.valid_tokens, fresh);
    res->status = 200;
    res->content_type = JSON_CT;
    res->body.len = 0;
    if (exchange)
        wa_buf_printf(&res->body, "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":5183944}", fresh);
    else
        wa_buf_printf(&res->body, "{\"access_token\":\"%s\",\"token_type\":\"bearer\"}", fresh);
}

void mock_graph_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res)
{
    char seg1[256], token[1024];
    const char *rest, *end = req->path + req->path_len, *slash;
    int is_get = mock_eq(req->method, req->method_len, "GET"), is_post = mock_eq(req->method, req->method_len, "POST");
    res->delay_ms = st->graph.delay_ms;
    res->pad_bytes = st->graph.pad_bytes;

    if (req->path_len > 11 && memcmp(req->path, "/lookaside/", 11) == 0) { /* a media download URL (A.8) */
        mock_media_download(st, req, request_token(req, token, sizeof(token)) && token_valid(&st->graph, token), now_ms,
                            res);
        return;
    }
    /* skip "/vNN.N/" (mock_route checked its shape) */
    rest = memchr(req->path + 1, '/', req->path_len - 1);
    rest = rest != NULL ? rest + 1 : end;
    slash = memchr(rest, '/', (size_t)(end - rest));
    size_t seg1_len = (size_t)((slash != NULL ? slash : end) - rest);
    const char *tail = slash != NULL ? slash + 1 : NULL; /* after "{seg1}/" */
    size_t tail_len = tail != NULL ? (size_t)(end - tail) : 0;
    if (seg1_len == 0 || seg1_len >= sizeof(seg1)) {
        graph_error(st, res, 400, 100, 0, NULL, "Unknown path components", NULL);
        return;
    }
    memcpy(seg1, rest, seg1_len);
    seg1[seg1_len] = '\0';

    if (is_get && strcmp(seg1, "debug_token") == 0 && tail == NULL) {
        handle_debug_token(st, req, now_ms, res);
        return;
    }
    if (is_get && strcmp(seg1, "oauth") == 0 && mock_eq(tail, tail_len, "access_token")) {
        handle_oauth(st, req, res);
        return;
    }

    int has_token = request_token(req, token, sizeof(token));
    if (!has_token) {
        invalid_token(st, res, "An access token is required: send Authorization: Bearer <token>.");
        return;
    }
    if (!token_valid(&st->graph, token)) {
        invalid_token(st, res, "The access token is invalid or has expired.");
        return;
    }

    if (is_post && tail != NULL && mock_eq(tail, tail_len, "messages")) {
        handle_messages(st, req, seg1, token, res);
        return;
    }
    if (is_post && tail != NULL && mock_eq(tail, tail_len, "media")) { /* A.11 upload */
        graph_ctx_t x = {MOCK_KIND_ANY, seg1, NULL, token};
        if (!apply_rules(st, &x, res))
            mock_media_upload(st, req, seg1, res);
        return;
    }
    mock_media_t *media = tail == NULL ? mock_media_find(st, seg1) : NULL;
    if (media != NULL && (is_get || mock_eq(req->method, req->method_len, "DELETE"))) { /* A.8 */
        if (is_get)
            mock_media_info(st, req, media, now_ms, res);
        else
            mock_media_delete(st, seg1, res);
        return;
    }
    if (tail != NULL && mock_eq(tail, tail_len, "message_templates") && (is_get || is_post)) {
        graph_ctx_t x = {MOCK_KIND_ANY, seg1, NULL, token};
        if (!apply_rules(st, &x, res)) {
            if (is_get)
                handle_templates_list(st, req, seg1, res);
            else
                handle_templates_create(st, req, seg1, res);
        }
        return;
    }
    if (is_post && tail != NULL &&
        (mock_eq(tail, tail_len, "subscribed_apps") || mock_eq(tail, tail_len, "register"))) {
        graph_ctx_t x = {MOCK_KIND_ANY, seg1, NULL, token};
        if (!apply_rules(st, &x, res))
            mock_res_set(res, 200, JSON_CT, "{\"success\":true}");
        return;
    }
    if (is_get && (tail == NULL || tail_len == 0)) {
        graph_ctx_t x = {MOCK_KIND_ANY, seg1, NULL, token};
        if (!apply_rules(st, &x, res))
            handle_phone(st, seg1, res);
        return;
    }
    char title[128];
    snprintf(title, sizeof(title), "Unsupported %s request", is_post ? "post" : is_get ? "get" : "method");
    graph_error(st, res, 400, 100, 0, NULL, title, "Unknown path components or method.");
}
