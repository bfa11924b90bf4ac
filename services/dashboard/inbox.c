/*
 * The live inbox's API (services/dashboard): the clinic's conversations
 * (newest first, with unread counts and flags, filter and search), one
 * conversation's messages (oldest first, statuses and Meta's error in words,
 * media placeholders and interactive replies readable), a staff reply or
 * template (only by XADD to wa:out, the fields `wactl send` writes, source
 * "manual", idempotent with Idempotency-Key), and taking a conversation over
 * from the bot and releasing it (the router's own handoff: the handoffs row and
 * the Redis key prefix+"handoff:<doctor>:<wa_id>" it checks at every turn).
 * Every statement filters by the caller's tenant; another clinic's patient is
 * simply not found, and so is, for a teacher, a parent outside their classes
 * (contacts.h). Sends and handoffs write their audit row (never the text).
 * A change made here is also announced on the dashboards' own stream
 * (live.h) so that every replica's open inboxes refresh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "api.h"
#include "live.h"
#include "http.h"
#include "inbox.h"
#include "contacts.h"

#define IDEMPOTENCY_TTL "86400"

/* --- Meta's error codes in words ----------------------------------------------------------------------------- */

static const struct {
    const char *code, *text;
} meta_errors[] = {
    {"0", "Meta could not authenticate the clinic's number (token)"},
    {"3", "the app lacks the permission for this call"},
    {"4", "too many calls for the app: Meta is throttling it"},
    {"10", "permission denied for this number"},
    {"100", "Meta refused a parameter of the message"},
    {"190", "the clinic's access token expired or was revoked"},
    {"130429", "sending too fast: Meta's rate limit for the number was reached"},
    {"130472", "the patient's number is part of a Meta experiment and did not get the message"},
    {"130497", "the patient's country cannot receive this message category"},
    {"131000", "something went wrong at Meta; try again"},
    {"131005", "access denied: the number lacks a permission"},
    {"131008", "a required parameter is missing"},
    {"131009", "a parameter value is not valid"},
    {"131016", "WhatsApp is temporarily unavailable; try again later"},
    {"131021", "the recipient is the sender's own number"},
    {"131026", "undeliverable: the number is not on WhatsApp, or its app is too old, or it has not accepted the "
               "terms"},
    {"131031", "the clinic's WhatsApp account is locked"},
    {"131042", "a payment problem on the clinic's WhatsApp account"},
    {"131045", "the number is not registered with the clinic's certificate"},
    {"131047", "the 24-hour window is closed: only an approved template can reach the patient now"},
    {"131048", "spam rate limit: too many messages were blocked or reported"},
    {"131049", "Meta chose not to deliver this marketing message to keep engagement healthy"},
    {"131050", "the patient stopped marketing messages"},
    {"131051", "this message type is not supported"},
    {"131052", "the patient's media could not be downloaded"},
    {"131053", "the media could not be uploaded"},
    {"131056", "too many messages to this patient in a short time (pair rate limit)"},
    {"132000", "the template's parameters do not match its variables"},
    {"132001", "the template does not exist in this language, or is not approved"},
    {"132005", "the template's text is too long once filled"},
    {"132007", "the template breaks WhatsApp's content policy"},
    {"132012", "a template parameter has the wrong format"},
    {"132015", "the template is paused for low quality"},
    {"132016", "the template is disabled for low quality"},
    {"133010", "the clinic's number is not registered with WhatsApp"},
    {"368", "the clinic's account is restricted for policy violations"},
    {"80007", "the WhatsApp Business Account's rate limit was reached"},
};

const char *dash_meta_error_text(const char *code)
{
    if (code == NULL || code[0] == '\0')
        return NULL;
    for (size_t i = 0; i < sizeof(meta_errors) / sizeof(meta_errors[0]); i++)
        if (strcmp(meta_errors[i].code, code) == 0)
            return meta_errors[i].text;
    return "Meta refused the message (see the error code)";
}

/* --- helpers ------------------------------------------------------------------------------------------------- */

int dash_is_uuid(const char *s)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if (s == NULL || strlen(s) != sizeof(shape) - 1)
        return 0;
    for (size_t i = 0; shape[i] != '\0'; i++)
        if (shape[i] == '-'
                ? s[i] != '-'
                : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return 1;
}

static void no_patient(dash_call_t *c)
{
    dash_reply_error(c->req, 404, "not_found", "no such conversation", NULL);
}

static void invalid(dash_call_t *c, const char *field, const char *what)
{
    cJSON *f = cJSON_CreateObject();
    if (f == NULL || cJSON_AddStringToObject(f, field, what) == NULL)
        wa_fatal("out of memory");
    dash_reply_error(c->req, 422, "invalid", what, f);
}

/* The conversation's patient as the inbox needs it. */
typedef struct st_patient_t {
    char id[40], wa_id[32];
    int opted_out, window_open, clinic_active;
} patient_t;

/* Loads the path's patient of the caller's tenant. Returns 1 found, 0 not (answered 404), -1 (answered 503). */
static int load_patient(dash_call_t *c, patient_t *p)
{
    if (!dash_is_uuid(c->param)) {
        no_patient(c);
        return 0;
    }
    /* a teacher: only the parents of their classes (contacts.h) */
    const char *params[] = {c->tenant, c->param, dash_teacher(c)};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard inbox patient",
                               "SELECT p.id::text, p.wa_id, p.opted_out, " DASH_WINDOW_OPEN_SQL(
                                   "p") ", d.is_active"
                                        " FROM patients p JOIN doctors d ON d.id = p.doctor_id"
                                        " WHERE p.doctor_id = $1 AND p.id = $2::uuid"
                                        " AND " DASH_TEACHER_SQL("p.id", "$3"),
                               3, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        no_patient(c);
        return 0;
    }
    snprintf(p->id, sizeof(p->id), "%s", PQgetvalue(res, 0, 0));
    snprintf(p->wa_id, sizeof(p->wa_id), "%s", PQgetvalue(res, 0, 1));
    p->opted_out = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
    p->window_open = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    p->clinic_active = strcmp(PQgetvalue(res, 0, 4), "t") == 0;
    PQclear(res);
    return 1;
}

/* Writes the audit row of a staff action on a conversation; a failure is logged (the action is done already). */
static void audit(dash_call_t *c, const char *action, const char *patient_id, const char *after_json)
{
    char actor[300], target[64];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    snprintf(target, sizeof(target), "patient:%s", patient_id);
    const char *params[] = {c->tenant, ap[0], ap[1], ap[2], action, target, after_json};
    if (wa_pg_run(c->w->pg, "dashboard inbox audit",
                  "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                  7, params) != 0)
        wa_error("could not write the audit row", "doctor_id", c->tenant, "action", action, "patient_id", patient_id);
}

/* --- GET /conversations -------------------------------------------------------------------------------------- */

/* The list's query is assembled from fixed pieces (every value is a parameter): a search or a filter only when
 * asked, so that PostgreSQL plans each shape for what it is (one index probe per patient for the newest message,
 * a trigram index for the text search, never a scan per patient) and the plan stays cheap enough for no JIT. */
static const char list_head[] =
    "WITH page AS (SELECT p.id, p.profile_name, p.wa_id, p.opted_out, p.last_inbound_at, m.id AS last_id,"
    " coalesce(m.body, '[' || m.type || ']') AS last_text, m.direction AS last_direction, m.created_at AS last_at,"
    " " DASH_WINDOW_OPEN_SQL(
        "p") " AS open, h.reason, h.paused_until, h.released_at,"
             " coalesce(r.read_up_to, 0) AS read_up_to"
             " FROM patients p"
             " CROSS JOIN LATERAL (SELECT id, body, type, direction, created_at FROM messages mm"
             " WHERE mm.doctor_id = p.doctor_id AND mm.patient_id = p.id ORDER BY mm.id DESC LIMIT 1) m"
             " LEFT JOIN handoffs h ON h.doctor_id = p.doctor_id AND h.patient_id = p.id"
             " LEFT JOIN inbox_reads r ON r.doctor_id = p.doctor_id AND r.patient_id = p.id"
             " WHERE p.doctor_id = $1 AND ($2::bigint = 0 OR m.id < $2::bigint)";
/* The text search matches what people wrote: the patient's messages and the staff's own (source manual: the inbox,
 * reception, `wactl send`; business_app: the WhatsApp Business app's echoes), not the system's automatic answers (kb,
 * ai, flow, welcome, fallback ...), which are the same few texts sent to every patient who asked and would make every
 * conversation that got the fever answer a hit for "fever". The condition is written exactly as 073's partial
 * trigram index's predicate (messages_body_trgm_people), so that the planner can use that index. */
static const char list_search[] = " AND (p.profile_name ILIKE $4"
                                  " OR p.id IN (SELECT x.patient_id FROM messages x WHERE x.doctor_id = $1"
                                  " AND (x.direction = 'in' OR x.source IN ('manual', 'business_app'))"
                                  " AND x.body ILIKE $4)";
static const char list_search_digits[] = " OR p.wa_id LIKE $5";
static const struct {
    const char *name, *sql;
} list_flags[] = {
    {"handoff", " AND h.released_at IS NULL AND h.paused_until > now()"},
    {"emergency", " AND h.released_at IS NULL AND h.reason = 'emergency'"},
    {"opted_out", " AND p.opted_out"},
    {"window_closed", " AND NOT " DASH_WINDOW_OPEN_SQL("p")},
    {"unread", " AND EXISTS (SELECT 1 FROM messages u WHERE u.doctor_id = $1 AND u.patient_id = p.id"
               " AND u.direction = 'in' AND u.id > coalesce(r.read_up_to, 0))"},
};
static const char list_tail[] =
    " ORDER BY m.id DESC LIMIT $3::int + 1),"
    " n AS (SELECT page.*, row_number() OVER (ORDER BY last_id DESC) AS rn FROM page)"
    " SELECT coalesce(json_agg(json_build_object('patient_id', n.id, 'name', n.profile_name, 'wa_id', n.wa_id,"
    " 'user_id', NULL, 'last_text', left(n.last_text, 200), 'last_direction', n.last_direction,"
    " 'last_at', n.last_at,"
    " 'unread', (SELECT count(*) FROM messages u WHERE u.doctor_id = $1 AND u.patient_id = n.id"
    " AND u.direction = 'in' AND u.id > n.read_up_to),"
    " 'flags', json_build_object('handoff', coalesce(n.released_at IS NULL AND n.paused_until > now(), false),"
    " 'emergency', coalesce(n.released_at IS NULL AND n.reason = 'emergency', false), 'opted_out', n.opted_out,"
    " 'window_closed', NOT n.open),"
    " 'handoff_until', CASE WHEN n.released_at IS NULL AND n.paused_until > now() THEN n.paused_until END,"
    " 'window_open_until', CASE WHEN n.open THEN n.last_inbound_at + interval '24 hours' END)"
    " ORDER BY n.last_id DESC) FILTER (WHERE n.rn <= $3::int), '[]'), count(*) > $3::int,"
    " min(n.last_id) FILTER (WHERE n.rn <= $3::int)"
    " FROM n";

char *dash_like_pattern(const char *q)
{
    size_t n = strlen(q), k = 0;
    char *out = wa_malloc(2 * n + 3);
    out[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '\\' || q[i] == '%' || q[i] == '_')
            out[k++] = '\\';
        out[k++] = q[i];
    }
    out[k++] = '%';
    out[k] = '\0';
    return out;
}

void dash_inbox_list(dash_call_t *c)
{
    long limit;
    long long before;
    char lim[24], bef[24],
        digits[40] = "",
        sql[sizeof(list_head) + sizeof(list_search) + sizeof(list_search_digits) + sizeof(list_tail) + 812];
    const char *flag = dash_http_query(c->req, "flag"), *q = dash_http_query(c->req, "q"), *flag_sql = "";
    char *pattern = NULL;

    if (dash_list_params(c, &limit, &before) != 0)
        return;
    if (flag != NULL && flag[0] != '\0') {
        flag_sql = NULL;
        for (size_t i = 0; flag_sql == NULL && i < sizeof(list_flags) / sizeof(list_flags[0]); i++)
            if (strcmp(flag, list_flags[i].name) == 0)
                flag_sql = list_flags[i].sql;
        if (flag_sql == NULL) {
            invalid(c, "flag", "one of handoff, emergency, opted_out, window_closed, unread");
            return;
        }
    }
    if (q != NULL && strlen(q) > 200) {
        invalid(c, "q", "at most 200 characters");
        return;
    }
    if (q != NULL && q[0] != '\0') {
        /* a number is searched by its digits: "+91 98450-00001" finds 919845000001 */
        size_t n = 1;
        digits[0] = '%';
        for (const char *s = q; *s != '\0' && n + 2 < sizeof(digits); s++)
            if (*s >= '0' && *s <= '9')
                digits[n++] = *s;
            else if (*s != ' ' && *s != '+' && *s != '-' && *s != '(' && *s != ')') {
                n = 0; /* not a number */
                break;
            }
        if (n >= 4) {
            digits[n++] = '%';
            digits[n] = '\0';
        } else {
            digits[0] = '\0';
        }
        pattern = dash_like_pattern(q);
    }
    /* a teacher sees the conversations of their classes' parents only: the teacher's id is the last parameter */
    int nparams = pattern == NULL ? 3 : digits[0] != '\0' ? 5 : 4;
    const char *teacher = dash_teacher(c);
    char teacher_sql[300] = "";
    if (teacher != NULL)
        snprintf(teacher_sql, sizeof(teacher_sql),
                 " AND p.id IN (SELECT tgm.patient_id FROM group_members tgm JOIN user_groups tug ON tug.group_id ="
                 " tgm.group_id WHERE tgm.doctor_id = $1 AND tug.user_id = $%d::uuid)",
                 ++nparams);
    snprintf(sql, sizeof(sql), "%s%s%s%s%s%s%s", list_head, pattern != NULL ? list_search : "",
             digits[0] != '\0' ? list_search_digits : "", pattern != NULL ? ")" : "", flag_sql, teacher_sql, list_tail);
    snprintf(lim, sizeof(lim), "%ld", limit);
    snprintf(bef, sizeof(bef), "%lld", before);
    const char *params[] = {c->tenant, bef, lim, pattern, digits, teacher};
    if (teacher != NULL)
        params[nparams - 1] = teacher;
    dash_reply_page(c, "dashboard inbox list", sql, nparams, params);
    free(pattern);
}

/* --- GET /conversations/{id}/messages ------------------------------------------------------------------------ */

/* A message as the inbox shows it. The payload is the type's object as received (inbound) or the message object
 * sent (outbound, {"type": "image", "image": {...}}): media and interactive parts are read from either shape. */
static const char messages_sql[] =
    "WITH page AS (SELECT m.*, row_number() OVER (ORDER BY m.id) AS rn FROM messages m"
    " WHERE m.doctor_id = $1 AND m.patient_id = $2::uuid AND m.id > $3::bigint ORDER BY m.id LIMIT $4::int + 1),"
    " mark AS (INSERT INTO inbox_reads (doctor_id, patient_id, read_up_to, read_by)"
    " SELECT $1, $2::uuid, max(id), $5 FROM messages WHERE doctor_id = $1 AND patient_id = $2::uuid HAVING count(*) > 0"
    " ON CONFLICT (doctor_id, patient_id) DO UPDATE SET read_up_to = greatest(inbox_reads.read_up_to,"
    " EXCLUDED.read_up_to), read_at = now(), read_by = EXCLUDED.read_by)"
    " SELECT coalesce(json_agg(json_build_object('id', p.id, 'direction', p.direction, 'type', p.type,"
    " 'body', CASE WHEN p.revoked_at IS NULL THEN p.body END, 'source', p.source, 'status', p.status,"
    " 'status_at', p.status_at, 'error_code', p.error_code, 'error_title', p.error_title,"
    " 'media', CASE WHEN p.type IN ('image', 'audio', 'video', 'document', 'sticker') THEN json_build_object("
    " 'type', p.type, 'mime', coalesce(p.payload->p.type->>'mime_type', p.payload->>'mime_type'),"
    " 'caption', coalesce(p.payload->p.type->>'caption', p.payload->>'caption'),"
    " 'filename', coalesce(p.payload->p.type->>'filename', p.payload->>'filename'),"
    " 'id', coalesce(p.payload->p.type->>'id', p.payload->>'id'),"
    " 'url', (SELECT '/api/v1/media/' || md.id FROM media md WHERE md.doctor_id = p.doctor_id AND"
    " ((p.direction = 'in' AND md.wamid = p.wamid) OR (p.direction = 'out' AND md.out_id = p.out_id)) LIMIT 1))"
    " END,"
    " 'interactive', CASE WHEN p.direction = 'in' AND p.type IN ('interactive', 'button') THEN json_build_object("
    " 'reply_id', coalesce(p.payload->'button_reply'->>'id', p.payload->'list_reply'->>'id', p.payload->>'payload'),"
    " 'title', coalesce(p.payload->'button_reply'->>'title', p.payload->'list_reply'->>'title',"
    " p.payload->>'text'))"
    " WHEN p.direction = 'out' AND p.type = 'interactive' THEN json_build_object("
    " 'text', p.payload->'interactive'->'body'->>'text',"
    " 'options', jsonb_path_query_array(p.payload, '$.interactive.action.buttons[*].reply.title') ||"
    " jsonb_path_query_array(p.payload, '$.interactive.action.sections[*].rows[*].title')) END,"
    " 'template', CASE WHEN p.type = 'template' THEN json_build_object('name', p.payload->'template'->>'name',"
    " 'language', p.payload->'template'->'language'->>'code',"
    " 'params', jsonb_path_query_array(p.payload, '$.template.components[*].parameters[*].text')) END,"
    " 'flag', p.flag, 'reply_to', p.reply_to, 'edited', p.edited_at IS NOT NULL, 'revoked', p.revoked_at IS NOT NULL,"
    " 'created_at', p.created_at) ORDER BY p.id) FILTER (WHERE p.rn <= $4::int), '[]'),"
    " count(*) > $4::int, max(p.id) FILTER (WHERE p.rn <= $4::int) FROM page p";

/* Adds error_text (Meta's code in words) to every item of a messages page. */
static char *with_error_text(const char *items_json)
{
    cJSON *items = cJSON_Parse(items_json), *it;
    if (items == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(it, items)
    {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(it, "error_code");
        const char *text = cJSON_IsString(code) ? dash_meta_error_text(code->valuestring) : NULL;
        if ((text != NULL ? cJSON_AddStringToObject(it, "error_text", text)
                          : cJSON_AddNullToObject(it, "error_text")) == NULL)
            wa_fatal("out of memory");
    }
    char *s = cJSON_PrintUnformatted(items);
    cJSON_Delete(items);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

void dash_inbox_messages(dash_call_t *c)
{
    long limit;
    long long after;
    char lim[24], aft[24], actor[300];
    const char *ap[3];
    patient_t p;

    if (dash_list_texts(c, &limit, &after, lim, aft) != 0 || load_patient(c, &p) != 1)
        return;
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, p.id, aft, lim, actor};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard inbox messages", messages_sql, 5, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    char *items = with_error_text(PQgetvalue(res, 0, 0));
    dash_reply_list(c, items, strcmp(PQgetvalue(res, 0, 1), "t") == 0, strtoll(PQgetvalue(res, 0, 2), NULL, 10));
    free(items);
    PQclear(res);
}

/* --- POST /conversations/{id}/messages ----------------------------------------------------------------------- */

char *dash_template_json(const char *name, const char *lang, const cJSON *params)
{
    cJSON *msg = cJSON_CreateObject(), *tpl = cJSON_CreateObject(), *language = cJSON_CreateObject(), *p;
    if (msg == NULL || tpl == NULL || language == NULL || cJSON_AddStringToObject(msg, "type", "template") == NULL ||
        !cJSON_AddItemToObject(msg, "template", tpl) || cJSON_AddStringToObject(tpl, "name", name) == NULL ||
        !cJSON_AddItemToObject(tpl, "language", language) ||
        cJSON_AddStringToObject(language, "code", lang != NULL && lang[0] ? lang : "en_US") == NULL)
        wa_fatal("out of memory");
    if (cJSON_GetArraySize(params) > 0) {
        cJSON *components = cJSON_AddArrayToObject(tpl, "components"), *body = cJSON_CreateObject();
        cJSON *parameters = body != NULL ? cJSON_AddArrayToObject(body, "parameters") : NULL;
        if (components == NULL || body == NULL || parameters == NULL ||
            cJSON_AddStringToObject(body, "type", "body") == NULL || !cJSON_AddItemToArray(components, body))
            wa_fatal("out of memory");
        cJSON_ArrayForEach(p, params)
        {
            cJSON *param = cJSON_CreateObject();
            if (param == NULL || cJSON_AddStringToObject(param, "type", "text") == NULL ||
                cJSON_AddStringToObject(param, "text", p->valuestring) == NULL ||
                !cJSON_AddItemToArray(parameters, param))
                wa_fatal("out of memory");
        }
    }
    char *s = cJSON_PrintUnformatted(msg);
    cJSON_Delete(msg);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

static int is_word(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-'))
            return 0;
    return 1;
}

/* Validates the send body; builds the Graph message object. Returns the JSON text (caller frees) and sets *kind and
 * the template's name (empty for a text), or answers 422 and returns NULL. */
static char *send_message_json(dash_call_t *c, const char **kind, char *tname, size_t tnamesz)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(c->body, "text");
    const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(c->body, "template");
    tname[0] = '\0';
    if ((text != NULL) == (tpl != NULL)) {
        invalid(c, "text", "give either text or template");
        return NULL;
    }
    if (text != NULL) {
        if (!cJSON_IsString(text) || text->valuestring[0] == '\0' || strlen(text->valuestring) > 4096) {
            invalid(c, "text", "text of 1 to 4096 bytes");
            return NULL;
        }
        *kind = "text";
        return wa_text_message_json(text->valuestring);
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(tpl, "name");
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(tpl, "language");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(tpl, "params"), *p;
    if (!cJSON_IsObject(tpl) || !cJSON_IsString(name) || !is_word(name->valuestring, 1, 512)) {
        invalid(c, "template.name", "the template's name: letters, digits, '_'");
        return NULL;
    }
    if (lang != NULL && (!cJSON_IsString(lang) || !is_word(lang->valuestring, 2, 16))) {
        invalid(c, "template.language", "a language code such as en_US");
        return NULL;
    }
    if (params != NULL && (!cJSON_IsArray(params) || cJSON_GetArraySize(params) > 20)) {
        invalid(c, "template.params", "a list of at most 20 texts");
        return NULL;
    }
    cJSON_ArrayForEach(p, params)
    {
        if (!cJSON_IsString(p) || p->valuestring[0] == '\0' || strlen(p->valuestring) > 1024) {
            invalid(c, "template.params", "each parameter a text of 1 to 1024 bytes");
            return NULL;
        }
    }
    *kind = "template";
    snprintf(tname, tnamesz, "%s", name->valuestring);
    return dash_template_json(name->valuestring, lang != NULL ? lang->valuestring : NULL, params);
}

/* The out_id of a send: derived from the Idempotency-Key (the same key for the same conversation is the same
 * out_id, which the sender sends at most once) or random. Returns 0, or answers 422 and returns -1. With a key,
 * idem_key gets the Redis key that holds it (else ""). */
static int make_out_id(dash_call_t *c, const patient_t *p, char *out_id, size_t outsz, char *idem_key, size_t keysz)
{
    const char *key = dash_http_header(c->req, "idempotency-key");
    unsigned char h[16];
    char hex[33];
    idem_key[0] = '\0';
    if (key == NULL) {
        randombytes_buf(h, sizeof(h));
        sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
        snprintf(out_id, outsz, "manual:%s", hex);
        return 0;
    }
    size_t n = strlen(key);
    if (n < 1 || n > 200) {
        invalid(c, "Idempotency-Key", "1 to 200 characters");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x21 || key[i] > 0x7e) {
            invalid(c, "Idempotency-Key", "printable ASCII without spaces");
            return -1;
        }
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof(h));
    crypto_generichash_update(&st, (const unsigned char *)c->tenant, strlen(c->tenant));
    crypto_generichash_update(&st, (const unsigned char *)"|", 1);
    crypto_generichash_update(&st, (const unsigned char *)p->id, strlen(p->id));
    crypto_generichash_update(&st, (const unsigned char *)"|", 1);
    crypto_generichash_update(&st, (const unsigned char *)key, n);
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    snprintf(out_id, outsz, "manual:%s", hex);
    snprintf(idem_key, keysz, "%sidem:%s:%s", c->w->cfg->wa->redis_prefix, c->tenant, hex);
    return 0;
}

static void reply_out_id(dash_call_t *c, const char *out_id)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddStringToObject(doc, "out_id", out_id) == NULL)
        wa_fatal("out of memory");
    dash_reply_json(c->req, 202, doc);
}

void dash_inbox_send(dash_call_t *c)
{
    patient_t p;
    const char *kind = NULL;
    char tname[520], out_id[64], idem_key[256], created[24];
    char *message;
    redisReply *r;

    if (load_patient(c, &p) != 1)
        return;
    if ((message = send_message_json(c, &kind, tname, sizeof(tname))) == NULL)
        return;
    if (!p.clinic_active) { /* as `wactl send`: a disabled clinic sends nothing */
        free(message);
        dash_reply_error(c->req, 409, "clinic_disabled", "this clinic is disabled: nothing can be sent", NULL);
        return;
    }
    if (strcmp(kind, "text") == 0 && !p.window_open) {
        free(message);
        dash_reply_error(c->req, 409, "window_closed",
                         "the patient's 24-hour window is closed: send an approved template instead", NULL);
        return;
    }
    if (strcmp(kind, "template") == 0 && p.opted_out) {
        free(message);
        dash_reply_error(c->req, 409, "opted_out",
                         "the patient opted out (STOP): the clinic may only answer their own messages", NULL);
        return;
    }
    if (make_out_id(c, &p, out_id, sizeof(out_id), idem_key, sizeof(idem_key)) != 0) {
        free(message);
        return;
    }
    if (idem_key[0] != '\0') { /* a repeat of the same key answers the first send's out_id and sends nothing */
        const char *argv[] = {"SET", idem_key, out_id, "NX", "EX", IDEMPOTENCY_TTL};
        if ((r = dash_redis(c->w, 6, argv)) == NULL || r->type == REDIS_REPLY_ERROR) {
            if (r != NULL)
                freeReplyObject(r);
            free(message);
            dash_reply_unavailable(c);
            return;
        }
        int first = r->type == REDIS_REPLY_STATUS;
        freeReplyObject(r);
        if (!first) {
            free(message);
            reply_out_id(c, out_id);
            return;
        }
    }
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_out_msg_t m = wa_out_msg_manual(out_id, c->tenant, p.wa_id, kind, message, created);
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, c->w->cfg->wa->key_out, &m);
    r = cmd.overflow ? NULL : dash_redis(c->w, cmd.argc, cmd.argv);
    free(message);
    if (r == NULL || r->type != REDIS_REPLY_STRING) {
        if (r != NULL)
            freeReplyObject(r);
        if (idem_key[0] != '\0') { /* not sent: let the client's retry with the same key send it */
            const char *argv[] = {"DEL", idem_key};
            if ((r = dash_redis(c->w, 2, argv)) != NULL)
                freeReplyObject(r);
        }
        dash_reply_unavailable(c);
        return;
    }
    freeReplyObject(r);
    wa_info("staff message queued", "doctor_id", c->tenant, "patient_id", p.id, "out_id", out_id, "kind", kind);

    cJSON *after = cJSON_CreateObject();
    if (after == NULL || cJSON_AddStringToObject(after, "out_id", out_id) == NULL ||
        cJSON_AddStringToObject(after, "kind", kind) == NULL ||
        (tname[0] != '\0' && cJSON_AddStringToObject(after, "template", tname) == NULL))
        wa_fatal("out of memory");
    char *after_json = cJSON_PrintUnformatted(after);
    cJSON_Delete(after);
    if (after_json == NULL)
        wa_fatal("out of memory");
    audit(c, "message.send", p.id, after_json);
    free(after_json);
    reply_out_id(c, out_id);
}

/* --- POST/DELETE /conversations/{id}/handoff ----------------------------------------------------------------- */

static void handoff_key(dash_call_t *c, const patient_t *p, char *key, size_t keysz)
{
    snprintf(key, keysz, "%shandoff:%s:%s", c->w->cfg->wa->redis_prefix, c->tenant, p->wa_id);
}

void dash_inbox_handoff_take(dash_call_t *c)
{
    patient_t p;
    char key[300], secs[24], until[64];
    if (load_patient(c, &p) != 1)
        return;
    /* the router's handoff (services/router/flow.c): a handoffs row paused for the clinic's handoff_minutes; an
     * emergency flag stays one (the ai's row) */
    const char *params[] = {c->tenant, p.id};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard inbox handoff",
        "INSERT INTO handoffs (doctor_id, patient_id, reason, paused_until)"
        " SELECT $1, $2::uuid, 'staff', now() + make_interval(mins => coalesce((SELECT handoff_minutes FROM"
        " clinic_settings WHERE doctor_id = $1), 60))"
        " ON CONFLICT (doctor_id, patient_id) DO UPDATE SET reason = CASE WHEN handoffs.released_at IS NULL AND"
        " handoffs.reason = 'emergency' THEN 'emergency' ELSE 'staff' END, created_at = now(), released_at = NULL,"
        " paused_until = EXCLUDED.paused_until"
        " RETURNING greatest(extract(epoch FROM paused_until - now())::bigint, 1), paused_until",
        2, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    snprintf(secs, sizeof(secs), "%s", PQgetvalue(res, 0, 0));
    snprintf(until, sizeof(until), "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    handoff_key(c, &p, key, sizeof(key));
    const char *argv[] = {"SET", key, p.id, "EX", secs};
    redisReply *r = dash_redis(c->w, 5, argv);
    if (r == NULL || r->type == REDIS_REPLY_ERROR) {
        if (r != NULL)
            freeReplyObject(r);
        dash_reply_unavailable(c);
        return;
    }
    freeReplyObject(r);
    audit(c, "handoff.take", p.id, "{\"paused\":true}");
    dash_events_publish(c->w, c->tenant, "flag", p.id);
    wa_info("conversation taken over by the clinic", "doctor_id", c->tenant, "patient_id", p.id);
    /* the RETURNING's timestamptz text is PostgreSQL's; the reply gives it as seconds too */
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddBoolToObject(doc, "handoff", 1) == NULL ||
        cJSON_AddStringToObject(doc, "paused_until", until) == NULL ||
        cJSON_AddNumberToObject(doc, "paused_seconds", (double)strtoll(secs, NULL, 10)) == NULL)
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

void dash_inbox_handoff_release(dash_call_t *c)
{
    patient_t p;
    char key[300];
    if (load_patient(c, &p) != 1)
        return;
    const char *params[] = {c->tenant, p.id};
    if (wa_pg_run(c->w->pg, "dashboard inbox release",
                  "UPDATE handoffs SET released_at = now(), paused_until = least(paused_until, now())"
                  " WHERE doctor_id = $1 AND patient_id = $2::uuid AND released_at IS NULL",
                  2, params) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    handoff_key(c, &p, key, sizeof(key));
    const char *argv[] = {"DEL", key};
    redisReply *r = dash_redis(c->w, 2, argv);
    if (r == NULL || r->type == REDIS_REPLY_ERROR) {
        if (r != NULL)
            freeReplyObject(r);
        dash_reply_unavailable(c);
        return;
    }
    freeReplyObject(r);
    audit(c, "handoff.release", p.id, "{\"paused\":false}");
    dash_events_publish(c->w, c->tenant, "flag", p.id);
    wa_info("conversation released to the bot", "doctor_id", c->tenant, "patient_id", p.id);
    dash_reply_empty(c->req);
}
