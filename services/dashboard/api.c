/*
 * The API's route table and dispatch (see api.h), the list helpers (limit and
 * opaque cursor) and the OpenAPI 3 document, built from the same table so
 * that what is served and what is documented cannot drift apart; the tests
 * walk the document against the running service.
 */
#include "api.h"
#include "media.h"

/* The largest JSON body a route takes; only a media upload may be larger (DASHBOARD_MAX_UPLOAD_BYTES). */
#define DASH_JSON_MAX_BODY (1024 * 1024)

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "wa/log.h"
#include "auth.h"
#include "http.h"

#define ERR_SCHEMA "{\"$ref\":\"#/components/schemas/Error\"}"
#define KB_ENTRY_SCHEMA "{\"$ref\":\"#/components/schemas/KbEntry\"}"
#define KB_INPUT_SCHEMA                                                                                                \
    "{\"type\":\"object\",\"properties\":{\"question\":{\"type\":\"string\",\"maxLength\":500},"                       \
    "\"examples\":{\"type\":\"array\",\"maxItems\":50,\"items\":{\"type\":\"string\",\"maxLength\":500}},"             \
    "\"keywords\":{\"type\":[\"string\",\"null\"],\"maxLength\":500},\"answer\":{\"type\":\"string\","                 \
    "\"maxLength\":4096},\"lang\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9_-]{2,16}$\"},"                        \
    "\"enabled\":{\"type\":\"boolean\"}}}"
#define LIST_SCHEMA(item)                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":" item "},"                          \
    "\"next_cursor\":{\"type\":[\"string\",\"null\"]}}}"
#define WHATSAPP_SCHEMA "{\"$ref\":\"#/components/schemas/WhatsApp\"}"
#define WHATSAPP_INPUT_SCHEMA                                                                                          \
    "{\"type\":\"object\",\"properties\":{\"phone_number_id\":{\"type\":\"string\"},\"token\":{\"type\":"              \
    "\"string\",\"writeOnly\":true},\"business_account_id\":{\"type\":[\"string\",\"null\"]},\"app_id\":{\"type\":"    \
    "[\"string\",\"null\"]},\"app_secret\":{\"type\":[\"string\",\"null\"],\"writeOnly\":true},"                       \
    "\"token_expires_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"},"                                  \
    "\"allow_master_fallback\":{\"type\":\"boolean\"}}}"
#define TEMPLATE_SCHEMA "{\"$ref\":\"#/components/schemas/Template\"}"
#define USER_SCHEMA                                                                                                    \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"               \
    "\"role\":{\"type\":\"string\"},\"doctor_id\":{\"type\":[\"string\",\"null\"]}}}"

const dash_route_t dash_routes[] = {
    {"POST", "/api/v1/session", DASH_ALLOW_PUBLIC, 0, dash_session_create,
     "Sign in: sets the session cookie and answers the user and the CSRF token",
     "{\"type\":\"object\",\"required\":[\"email\",\"password\"],\"properties\":{\"email\":{\"type\":\"string\"},"
     "\"password\":{\"type\":\"string\"},\"totp\":{\"type\":\"string\",\"description\":\"the 6-digit code, for a user "
     "with two-step sign-in (401 totp_required without it)\"}}}",
     "{\"type\":\"object\",\"properties\":{\"user\":" USER_SCHEMA ",\"csrf_token\":{\"type\":\"string\"},"
     "\"totp_enrolment_required\":{\"type\":\"boolean\"}}}",
     200},
    {"DELETE", "/api/v1/session", DASH_ALLOW_SIGNED, 0, dash_session_delete, "Sign out: ends this session", NULL, NULL,
     204},
    {"GET", "/api/v1/me", DASH_ALLOW_SIGNED, 0, dash_me, "Who is signed in (or which API token is used)", NULL,
     "{\"type\":\"object\",\"properties\":{\"user\":" USER_SCHEMA ",\"csrf_token\":{\"type\":\"string\"},"
     "\"token\":{\"type\":\"object\"},\"totp_enrolment_required\":{\"type\":\"boolean\"}}}",
     200},
    {"POST", "/api/v1/me/totp", DASH_ALLOW_SIGNED, 0, dash_totp_enrol,
     "Starts two-step sign-in: a new secret (shown this once) and its otpauth URI, enabled by a first code", NULL,
     "{\"type\":\"object\",\"properties\":{\"secret\":{\"type\":\"string\"},\"otpauth_uri\":{\"type\":\"string\"}}}",
     200},
    {"POST", "/api/v1/me/totp/confirm", DASH_ALLOW_SIGNED, 0, dash_totp_confirm,
     "Turns two-step sign-in on with a code of the enrolled secret",
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":\"string\"}}}", NULL, 204},
    {"DELETE", "/api/v1/me/totp", DASH_ALLOW_SIGNED, 0, dash_totp_disable,
     "Turns two-step sign-in off with a current code (409 when the clinic requires it)",
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":\"string\"}}}", NULL, 204},
    {"GET", "/api/v1/kb", DASH_ALLOW_READ, 1, dash_kb_list, "The knowledge base's entries, by id", NULL,
     LIST_SCHEMA(KB_ENTRY_SCHEMA), 200},
    {"POST", "/api/v1/kb", DASH_ALLOW_ADMIN, 1, dash_kb_create, "Adds an entry (question and answer required)",
     KB_INPUT_SCHEMA, KB_ENTRY_SCHEMA, 201},
    {"POST", "/api/v1/kb/try", DASH_ALLOW_READ, 1, dash_kb_try,
     "Which entry would answer a question, with the scores (the router's own kb_match)",
     "{\"type\":\"object\",\"required\":[\"question\"],\"properties\":{\"question\":{\"type\":\"string\"}}}",
     "{\"type\":\"object\",\"properties\":{\"answer\":{},\"reason\":{\"type\":\"string\"},"
     "\"threshold\":{\"type\":\"number\"},\"margin\":{\"type\":\"number\"},\"candidates\":{\"type\":\"array\"}}}",
     200},
    {"PATCH", "/api/v1/kb/{id}", DASH_ALLOW_ADMIN, 1, dash_kb_update, "Changes some fields of an entry",
     KB_INPUT_SCHEMA, KB_ENTRY_SCHEMA, 200},
    {"DELETE", "/api/v1/kb/{id}", DASH_ALLOW_ADMIN, 1, dash_kb_delete, "Deletes an entry", NULL, NULL, 204},
    {"GET", "/api/v1/settings", DASH_ALLOW_READ, 1, dash_settings_get,
     "The clinic's settings: profile, schedule, conversation settings", NULL,
     "{\"$ref\":\"#/components/schemas/Settings\"}", 200},
    {"PATCH", "/api/v1/settings", DASH_ALLOW_ADMIN, 1, dash_settings_patch,
     "Changes some settings (validated; unknown fields are refused)", "{\"$ref\":\"#/components/schemas/Settings\"}",
     "{\"$ref\":\"#/components/schemas/Settings\"}", 200},
    {"GET", "/api/v1/whatsapp", DASH_ALLOW_ADMIN, 1, dash_whatsapp_get,
     "The clinic's own WhatsApp number: ids, state, expiry, last error, quality rating, messaging limit (never the "
     "token or app secret, only whether they are set), and the Embedded Signup configuration or null",
     NULL, WHATSAPP_SCHEMA, 200},
    {"PUT", "/api/v1/whatsapp", DASH_ALLOW_ADMIN, 1, dash_whatsapp_put,
     "Saves the number's credentials after validating them against the Graph API (as wactl creds set); absent "
     "fields keep their stored value",
     WHATSAPP_INPUT_SCHEMA, WHATSAPP_SCHEMA, 200},
    {"POST", "/api/v1/whatsapp/refresh", DASH_ALLOW_ADMIN, 1, dash_whatsapp_refresh,
     "Checks the stored credentials again and records state, quality rating and messaging limit", NULL, WHATSAPP_SCHEMA,
     200},
    {"POST", "/api/v1/whatsapp/embedded-signup", DASH_ALLOW_ADMIN, 1, dash_whatsapp_signup,
     "Finishes Embedded Signup: exchanges the code, subscribes the app to the WABA, registers the number when a "
     "PIN is given, and saves the credentials (404 when the operator configured no Meta app)",
     "{\"type\":\"object\",\"required\":[\"code\",\"phone_number_id\",\"waba_id\"],\"properties\":{\"code\":"
     "{\"type\":\"string\"},\"phone_number_id\":{\"type\":\"string\"},\"waba_id\":{\"type\":\"string\"},"
     "\"pin\":{\"type\":\"string\",\"pattern\":\"^[0-9]{6}$\"}}}",
     WHATSAPP_SCHEMA, 200},
    {"GET", "/api/v1/templates", DASH_ALLOW_READ, 1, dash_templates_list,
     "The clinic's message templates with status, category, quality and rejection reason", NULL,
     LIST_SCHEMA(TEMPLATE_SCHEMA), 200},
    {"POST", "/api/v1/templates", DASH_ALLOW_ADMIN, 1, dash_templates_create,
     "Submits a new template (with an example for every variable) for approval; stored as Meta answers (PENDING)",
     "{\"type\":\"object\",\"required\":[\"name\",\"language\",\"category\",\"components\"],\"properties\":"
     "{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z0-9_]{1,512}$\"},\"language\":{\"type\":\"string\"},"
     "\"category\":{\"enum\":[\"UTILITY\",\"MARKETING\",\"AUTHENTICATION\"]},\"parameter_format\":{\"enum\":"
     "[\"POSITIONAL\",\"NAMED\"]},\"components\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}",
     TEMPLATE_SCHEMA, 201},
    {"POST", "/api/v1/templates/sync", DASH_ALLOW_ADMIN, 1, dash_templates_sync,
     "Reads every template of the clinic's WABA from the Graph API and updates the list", NULL,
     "{\"type\":\"object\",\"properties\":{\"synced\":{\"type\":\"integer\"},\"deleted\":{\"type\":"
     "\"integer\"}}}",
     200},
    {"GET", "/api/v1/audit", DASH_ALLOW_ADMIN, 1, dash_audit_list, "The audit log, newest first", NULL,
     LIST_SCHEMA("{\"type\":\"object\"}"), 200},
    {"GET", "/api/v1/conversations", DASH_ALLOW_READ, 1, dash_inbox_list,
     "The clinic's conversations, newest first, with unread counts and flags; ?flag= (handoff, emergency, opted_out, "
     "window_closed, unread) and ?q= (name, number or message text) narrow them",
     NULL, LIST_SCHEMA("{\"$ref\":\"#/components/schemas/Conversation\"}"), 200},
    {"GET", "/api/v1/conversations/{patient_id}/messages", DASH_ALLOW_READ, 1, dash_inbox_messages,
     "A conversation's messages, oldest first (the cursor pages forward, to newer ones); marks the conversation read",
     NULL, LIST_SCHEMA("{\"$ref\":\"#/components/schemas/Message\"}"), 200},
    {"POST", "/api/v1/conversations/{patient_id}/messages", DASH_ALLOW_READ, 1, dash_inbox_send,
     "Sends a staff reply (text, while the 24-hour window is open) or an approved template, through wa:out; the "
     "Idempotency-Key header makes a repeat a no-op. 409 window_closed, 409 opted_out",
     "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":4096},\"template\":"
     "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"},"
     "\"language\":{\"type\":\"string\"},\"params\":{\"type\":\"array\",\"maxItems\":20,\"items\":"
     "{\"type\":\"string\"}}}}}}",
     "{\"type\":\"object\",\"properties\":{\"out_id\":{\"type\":\"string\"}}}", 202},
    {"POST", "/api/v1/conversations/{patient_id}/handoff", DASH_ALLOW_READ, 1, dash_inbox_handoff_take,
     "Takes the conversation over: no automatic answers for the clinic's handoff_minutes (the router's handoff)", NULL,
     "{\"type\":\"object\",\"properties\":{\"handoff\":{\"type\":\"boolean\"},\"paused_until\":"
     "{\"type\":\"string\"},\"paused_seconds\":{\"type\":\"integer\"}}}",
     200},
    {"DELETE", "/api/v1/conversations/{patient_id}/handoff", DASH_ALLOW_READ, 1, dash_inbox_handoff_release,
     "Releases the conversation to the automatic answers", NULL, NULL, 204},
    {"GET", "/api/v1/events", DASH_ALLOW_READ, 1, dash_events_stream,
     "The clinic's live events as server-sent events (text/event-stream): data lines {\"type\": \"message\"|"
     "\"status\"|\"flag\", \"patient_id\", ...}; refetch what they name",
     NULL, NULL, 200},
    {"GET", "/api/v1/openapi.json", DASH_ALLOW_PUBLIC, 0, dash_openapi_get, "This document", NULL,
     "{\"type\":\"object\"}", 200},
    /* photos and documents (issue 17, media.c) */
    {"GET", "/api/v1/media/{id}", DASH_ALLOW_READ, 1, dash_media_get,
     "A stored inbound or outbound media file (image, audio, video, document, sticker) of the clinic: its own "
     "Content-Type, inline only for images, audio and video, otherwise an attachment; nosniff and a sandboxing CSP",
     NULL, NULL, 200},
    {"POST", "/api/v1/conversations/{patient_id}/media", DASH_ALLOW_READ, 1, dash_media_send,
     "Sends an image (JPEG, PNG) or a document (A.11 types) while the 24-hour window is open: the raw file is the "
     "body and its type the Content-Type; ?filename= and ?caption=. wa-sender uploads it to the Graph API's media "
     "endpoint and sends it through wa:out. 409 window_closed",
     NULL, "{\"type\":\"object\",\"properties\":{\"out_id\":{\"type\":\"string\"},\"media_id\":{\"type\":\"string\"}}}",
     202},
    {NULL, NULL, DASH_ALLOW_PUBLIC, 0, NULL, NULL, NULL, NULL, 0},
};

int dash_route_match(const char *pattern, const char *path, size_t pathlen, char *param, size_t paramsz)
{
    size_t i = 0;
    const char *p = pattern;
    param[0] = '\0';
    while (*p != '\0') {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t start = i;
            while (i < pathlen && path[i] != '/')
                i++;
            if (i == start || i - start >= paramsz)
                return 0;
            memcpy(param, path + start, i - start);
            param[i - start] = '\0';
            p = close + 1;
            continue;
        }
        if (i >= pathlen || path[i] != *p)
            return 0;
        i++;
        p++;
    }
    return i == pathlen;
}

void dash_reply_unavailable(dash_call_t *c)
{
    dash_reply_error(c->req, 503, "unavailable", "the database or Redis did not answer; try again", NULL);
}

int dash_list_params(dash_call_t *c, long *limit, long long *after)
{
    const char *l = dash_http_query(c->req, "limit"), *cur = dash_http_query(c->req, "cursor");
    char *end;
    *limit = 50;
    *after = 0;
    if (l != NULL) {
        *limit = strtol(l, &end, 10);
        if (l[0] == '\0' || *end != '\0' || *limit < 1 || *limit > 200) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "limit", "a number from 1 to 200");
            dash_reply_error(c->req, 422, "invalid", "invalid limit", f);
            return -1;
        }
    }
    if (cur != NULL) {
        unsigned char raw[32];
        size_t n = 0;
        char digits[33];
        if (sodium_base642bin(raw, sizeof(raw) - 1, cur, strlen(cur), NULL, &n, NULL,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
            n < 2 || raw[0] != 'i') {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "cursor", "not a cursor this API gave");
            dash_reply_error(c->req, 422, "invalid", "invalid cursor", f);
            return -1;
        }
        memcpy(digits, raw + 1, n - 1);
        digits[n - 1] = '\0';
        *after = strtoll(digits, &end, 10);
        if (*end != '\0' || *after < 0) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "cursor", "not a cursor this API gave");
            dash_reply_error(c->req, 422, "invalid", "invalid cursor", f);
            return -1;
        }
    }
    return 0;
}

cJSON *dash_cursor_encode(long long id)
{
    char raw[32], b64[64];
    int n = snprintf(raw, sizeof(raw), "i%lld", id);
    sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)raw, (size_t)n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    cJSON *s = cJSON_CreateString(b64);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

void dash_reply_list(dash_call_t *c, const char *items_json, int more, long long last_id)
{
    cJSON *doc = cJSON_CreateObject(), *items = cJSON_Parse(items_json);
    if (doc == NULL || items == NULL || !cJSON_AddItemToObject(doc, "items", items) ||
        !cJSON_AddItemToObject(doc, "next_cursor", more ? dash_cursor_encode(last_id) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

void dash_actor_params(const dash_call_t *c, const char *out[3], char *actor, size_t actorsz)
{
    if (c->who.kind == DASH_BY_TOKEN) {
        snprintf(actor, actorsz, "token:%s", c->who.email);
        out[0] = NULL;
        out[1] = c->who.token_id;
    } else {
        snprintf(actor, actorsz, "user:%s", c->who.email);
        out[0] = c->who.user_id;
        out[1] = NULL;
    }
    out[2] = actor;
}

/* --- dispatch ------------------------------------------------------------------------------------------------- */

static int is_admin(const dash_principal_t *p)
{
    return p->kind == DASH_BY_TOKEN || strcmp(p->role, "operator") == 0 || strcmp(p->role, "clinic_admin") == 0 ||
           strcmp(p->role, "school_admin") == 0;
}

static int is_uuid(const char *s)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if (strlen(s) != sizeof(shape) - 1)
        return 0;
    for (size_t i = 0; shape[i] != '\0'; i++)
        if (shape[i] == '-'
                ? s[i] != '-'
                : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return 1;
}

/* The tenant a call acts for. Returns 0, or answers (400, 404, 503) and returns -1. */
static int resolve_tenant(dash_call_t *c)
{
    const char *q = dash_http_query(c->req, "doctor");
    if (strcmp(c->who.role, "operator") != 0) {
        if (q != NULL && strcasecmp(q, c->who.doctor_id) != 0) {
            dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
            return -1;
        }
        c->tenant = c->who.doctor_id;
        return 0;
    }
    if (q == NULL || q[0] == '\0') {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "doctor", "an operator names the clinic with ?doctor=<id>");
        dash_reply_error(c->req, 400, "doctor_required", "which clinic? add ?doctor=<id>", f);
        return -1;
    }
    if (!is_uuid(q)) {
        dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
        return -1;
    }
    const char *params[] = {q};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard tenant", "SELECT id FROM doctors WHERE id = $1", 1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    int found = PQntuples(res) == 1;
    PQclear(res);
    if (!found) {
        dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
        return -1;
    }
    c->tenant = q;
    return 0;
}

void dash_api_handle(dash_worker_t *w, h2o_req_t *req)
{
    h2o_iovec_t path = req->path_normalized;
    const dash_route_t *route = NULL;
    char param[128], allow[64] = "";
    int path_seen = 0;
    dash_call_t call;

    for (const dash_route_t *r = dash_routes; r->method != NULL; r++) {
        if (!dash_route_match(r->path, path.base, path.len, param, sizeof(param)))
            continue;
        path_seen = 1;
        if (h2o_memis(req->method.base, req->method.len, r->method, strlen(r->method))) {
            route = r;
            break;
        }
        snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s", allow[0] != '\0' ? ", " : "", r->method);
    }
    if (route == NULL) {
        if (path_seen) {
            h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL,
                           h2o_strdup(&req->pool, allow, SIZE_MAX).base, strlen(allow));
            dash_reply_error(req, 405, "method_not_allowed", "this method is not served on this path", NULL);
        } else {
            dash_reply_error(req, 404, "not_found", "no such API route", NULL);
        }
        return;
    }

    memset(&call, 0, sizeof(call));
    call.req = req;
    call.w = w;
    call.param = param[0] != '\0' ? param : NULL;
    if (route->allow != DASH_ALLOW_PUBLIC) {
        if (dash_auth_resolve(&call) != 0)
            return;
        int safe = h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) ||
                   h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"));
        if (!safe && call.who.kind == DASH_BY_SESSION && dash_auth_csrf(&call) != 0)
            return;
        if (call.who.limited && strcmp(route->path, "/api/v1/session") != 0 && strcmp(route->path, "/api/v1/me") != 0 &&
            strncmp(route->path, "/api/v1/me/totp", 15) != 0) {
            dash_reply_error(req, 403, "totp_enrolment_required",
                             "your clinic requires two-step sign-in: turn it on before anything else", NULL);
            return;
        }
        if (route->allow == DASH_ALLOW_ADMIN && !is_admin(&call.who)) {
            dash_reply_error(req, 403, "forbidden", "your role may not do this", NULL);
            return;
        }
        if (route->tenant && resolve_tenant(&call) != 0)
            return;
    }
    if (route->request_schema != NULL) {
        const char *ct = dash_http_header(req, "content-type");
        if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
            dash_reply_error(req, 415, "unsupported_media_type", "send the body as application/json", NULL);
            return;
        }
        if (req->entity.base != NULL && req->entity.len > DASH_JSON_MAX_BODY) { /* uploads may be larger (media.c) */
            dash_reply_error(req, 413, "too_large", "the JSON body is larger than 1 MiB", NULL);
            return;
        }
        call.body = cJSON_ParseWithLength(req->entity.base != NULL ? req->entity.base : "", req->entity.len);
        if (!cJSON_IsObject(call.body)) {
            cJSON_Delete(call.body);
            dash_reply_error(req, 400, "bad_json", "the body is not a JSON object", NULL);
            return;
        }
    }
    route->handler(&call);
    cJSON_Delete(call.body);
}

/* --- OpenAPI -------------------------------------------------------------------------------------------------- */

static cJSON *parse_or_die(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    if (j == NULL)
        wa_fatal("a schema literal of the route table is not JSON");
    return j;
}

static void add_response(cJSON *responses, const char *status, const char *desc, const char *schema)
{
    cJSON *r = cJSON_CreateObject();
    if (r == NULL || !cJSON_AddItemToObject(responses, status, r) ||
        cJSON_AddStringToObject(r, "description", desc) == NULL)
        wa_fatal("out of memory");
    if (schema != NULL) {
        cJSON *content = cJSON_AddObjectToObject(r, "content"), *mt;
        if (content == NULL || (mt = cJSON_AddObjectToObject(content, "application/json")) == NULL ||
            !cJSON_AddItemToObject(mt, "schema", parse_or_die(schema)))
            wa_fatal("out of memory");
    }
}

cJSON *dash_openapi(void)
{
    cJSON *doc = parse_or_die(
        "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"wa-dashboard API\",\"version\":\"1\",\"description\":"
        "\"The clinic dashboard's JSON API. Authenticate with the session cookie from POST /api/v1/session (and send "
        "its csrf_token as X-CSRF-Token on every change) or with Authorization: Bearer <api token>. An operator "
        "names the clinic with ?doctor=<id>. Errors: {error: {code, message, fields}}.\"},"
        "\"components\":{\"securitySchemes\":{\"session\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":"
        "\"wa_session\"},\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},\"schemas\":{"
        "\"Error\":{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"object\",\"properties\":{\"code\":"
        "{\"type\":\"string\"},\"message\":{\"type\":\"string\"},\"fields\":{\"type\":\"object\"}}}}},"
        "\"KbEntry\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"question\":{\"type\":"
        "\"string\"},\"examples\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"keywords\":{\"type\":"
        "\"string\"},\"answer\":{\"type\":\"string\"},\"lang\":{\"type\":\"string\"},\"enabled\":{\"type\":"
        "\"boolean\"},\"hits\":{\"type\":\"integer\"},\"updated_at\":{\"type\":\"string\"}}},"
        "\"Settings\":{\"type\":\"object\",\"description\":\"The doctor's profile (name, specialization, "
        "clinic_name, clinic_address, email; phone_number read-only) and clinic_settings (time_zone, work_days, "
        "day_start, day_end, break_start, break_end, slot_minutes, per_slot, book_ahead_days, consult_minutes, "
        "queue_notify_ahead, handoff_minutes, referral_thanks, reminder_template, reminder_lang, welcome_en, "
        "welcome_hi)\"},"
        "\"WhatsApp\":{\"type\":\"object\",\"properties\":{\"phone_number_id\":{\"type\":[\"string\",\"null\"]},"
        "\"display_phone_number\":{\"type\":[\"string\",\"null\"]},\"business_account_id\":{\"type\":[\"string\","
        "\"null\"]},\"app_id\":{\"type\":[\"string\",\"null\"]},\"token_set\":{\"type\":\"boolean\"},"
        "\"app_secret_set\":{\"type\":\"boolean\"},\"token_expires_at\":{\"type\":[\"string\",\"null\"]},"
        "\"allow_master_fallback\":{\"type\":\"boolean\"},\"state\":{\"enum\":[\"none\",\"valid\",\"invalid\","
        "\"expiring\"]},\"last_error\":{\"type\":[\"string\",\"null\"]},\"checked_at\":{\"type\":[\"string\","
        "\"null\"]},\"quality_rating\":{\"type\":[\"string\",\"null\"]},\"messaging_limit\":{\"type\":"
        "[\"string\",\"null\"]},\"embedded_signup\":{\"type\":[\"object\",\"null\"],\"properties\":{\"app_id\":"
        "{\"type\":\"string\"},\"config_id\":{\"type\":\"string\"}}}}},"
        "\"Template\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":"
        "\"string\"},\"language\":{\"type\":\"string\"},\"category\":{\"type\":[\"string\",\"null\"]},\"status\":"
        "{\"type\":\"string\"},\"quality\":{\"type\":[\"string\",\"null\"]},\"rejection_reason\":{\"type\":"
        "[\"string\",\"null\"]},\"parameter_format\":{\"type\":[\"string\",\"null\"]},\"components\":{\"type\":"
        "\"array\"},\"meta_id\":{\"type\":[\"string\",\"null\"]},\"synced_at\":{\"type\":[\"string\",\"null\"]}}}"
        ","
        "\"Conversation\":{\"type\":\"object\",\"properties\":{\"patient_id\":{\"type\":\"string\"},\"name\":"
        "{\"type\":[\"string\",\"null\"]},\"wa_id\":{\"type\":\"string\"},\"user_id\":{\"type\":[\"string\","
        "\"null\"]},\"last_text\":{\"type\":\"string\"},\"last_direction\":{\"type\":\"string\"},\"last_at\":"
        "{\"type\":\"string\"},\"unread\":{\"type\":\"integer\"},\"flags\":{\"type\":\"object\",\"properties\":"
        "{\"handoff\":{\"type\":\"boolean\"},\"emergency\":{\"type\":\"boolean\"},\"opted_out\":{\"type\":"
        "\"boolean\"},\"window_closed\":{\"type\":\"boolean\"}}},\"handoff_until\":{\"type\":[\"string\","
        "\"null\"]},\"window_open_until\":{\"type\":[\"string\",\"null\"]}}},"
        "\"Message\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"direction\":"
        "{\"type\":\"string\"},\"type\":{\"type\":\"string\"},\"body\":{\"type\":[\"string\",\"null\"]},"
        "\"source\":{\"type\":[\"string\",\"null\"]},\"status\":{\"type\":\"string\"},\"error_code\":"
        "{\"type\":[\"string\",\"null\"]},\"error_text\":{\"type\":[\"string\",\"null\"]},\"media\":"
        "{\"type\":[\"object\",\"null\"]},\"interactive\":{\"type\":[\"object\",\"null\"]},\"template\":"
        "{\"type\":[\"object\",\"null\"]},\"flag\":{\"type\":[\"string\",\"null\"]},\"created_at\":"
        "{\"type\":\"string\"}}}}},\"paths\":{}}");
    cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");

    for (const dash_route_t *r = dash_routes; r->method != NULL; r++) {
        cJSON *item = cJSON_GetObjectItemCaseSensitive(paths, r->path), *op, *responses, *params;
        char method[8], status[8];
        size_t i;
        if (item == NULL && (item = cJSON_AddObjectToObject(paths, r->path)) == NULL)
            wa_fatal("out of memory");
        for (i = 0; r->method[i] != '\0' && i + 1 < sizeof(method); i++)
            method[i] = (char)(r->method[i] + ('a' - 'A'));
        method[i] = '\0';
        if ((op = cJSON_AddObjectToObject(item, method)) == NULL ||
            cJSON_AddStringToObject(op, "summary", r->summary) == NULL ||
            cJSON_AddStringToObject(op, "x-allow",
                                    r->allow == DASH_ALLOW_PUBLIC   ? "public"
                                    : r->allow == DASH_ALLOW_SIGNED ? "signed-in"
                                    : r->allow == DASH_ALLOW_READ   ? "any role of the clinic"
                                                                    : "clinic_admin, operator, token") == NULL ||
            (params = cJSON_AddArrayToObject(op, "parameters")) == NULL ||
            (responses = cJSON_AddObjectToObject(op, "responses")) == NULL)
            wa_fatal("out of memory");
        if (strchr(r->path, '{') != NULL) { /* named as in the path: {id}, {patient_id} */
            const char *open = strchr(r->path, '{') + 1;
            cJSON *pp = parse_or_die("{\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}");
            char pname[32];
            snprintf(pname, sizeof(pname), "%.*s", (int)strcspn(open, "}"), open);
            if (cJSON_AddStringToObject(pp, "name", pname) == NULL || !cJSON_AddItemToArray(params, pp))
                wa_fatal("out of memory");
        }
        if (r->handler == dash_inbox_list) {
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"flag\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"string\",\"enum\":[\"handoff\",\"emergency\","
                                                      "\"opted_out\",\"window_closed\",\"unread\"]}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"q\",\"in\":\"query\",\"description\":"
                                                      "\"name, number or message text\",\"schema\":{\"type\":"
                                                      "\"string\",\"maxLength\":200}}"));
        }
        if (r->handler == dash_inbox_send)
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"Idempotency-Key\",\"in\":\"header\","
                                                      "\"description\":\"the same key sends once (24 h)\","
                                                      "\"schema\":{\"type\":\"string\",\"maxLength\":200}}"));
        if (r->tenant)
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"doctor\",\"in\":\"query\",\"description\":"
                                                      "\"operator only: the clinic to act for\","
                                                      "\"schema\":{\"type\":\"string\",\"format\":\"uuid\"}}"));
        if (strcmp(r->method, "GET") == 0 &&
            strstr(r->response_schema != NULL ? r->response_schema : "", "next_cursor") != NULL) {
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"limit\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"integer\",\"minimum\":1,\"maximum\":200,\"default\":50}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"cursor\",\"in\":\"query\",\"schema\":"
                                                      "{\"type\":\"string\"}}"));
        }
        if (r->allow == DASH_ALLOW_PUBLIC)
            cJSON_AddItemToObject(op, "security", parse_or_die("[]"));
        else
            cJSON_AddItemToObject(op, "security", parse_or_die("[{\"session\":[]},{\"bearer\":[]}]"));
        if (r->request_schema != NULL) {
            cJSON *rb = cJSON_AddObjectToObject(op, "requestBody"), *content, *mt;
            if (rb == NULL || cJSON_AddBoolToObject(rb, "required", 1) == NULL ||
                (content = cJSON_AddObjectToObject(rb, "content")) == NULL ||
                (mt = cJSON_AddObjectToObject(content, "application/json")) == NULL ||
                !cJSON_AddItemToObject(mt, "schema", parse_or_die(r->request_schema)))
                wa_fatal("out of memory");
        }
        snprintf(status, sizeof(status), "%d", r->ok_status);
        add_response(responses, status, "success", r->response_schema);
        if (r->request_schema != NULL || r->allow != DASH_ALLOW_PUBLIC)
            add_response(responses, "422", "invalid input, per field", ERR_SCHEMA);
        if (r->allow != DASH_ALLOW_PUBLIC)
            add_response(responses, "401", "not signed in", ERR_SCHEMA);
        if (r->allow == DASH_ALLOW_ADMIN)
            add_response(responses, "403", "the role may not", ERR_SCHEMA);
        if (r->tenant || r->allow == DASH_ALLOW_SIGNED)
            add_response(responses, "404", "absent, or another clinic's", ERR_SCHEMA);
        if (r->handler == dash_inbox_send)
            add_response(responses, "409",
                         "window_closed (text outside the 24-hour window) or opted_out (a "
                         "template to a patient who sent STOP)",
                         ERR_SCHEMA);
        if (r->handler == dash_session_create)
            add_response(responses, "429", "too many failed sign-ins (Retry-After)", ERR_SCHEMA);
    }
    return doc;
}

void dash_openapi_get(dash_call_t *c)
{
    cJSON *doc = dash_openapi();
    cJSON *session = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "components"), "securitySchemes"),
        "session");
    /* the cookie's name as this deployment configured it (DASHBOARD_COOKIE_NAME) */
    if (session == NULL ||
        !cJSON_ReplaceItemInObjectCaseSensitive(session, "name", cJSON_CreateString(c->w->cfg->cookie_name)))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}
