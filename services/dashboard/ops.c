/*
 * The operator's console (services/dashboard; issue 17): what `wactl` shows an
 * operator, through the API and for the `operator` role only (api.h,
 * DASH_ALLOW_OPERATOR). Clinics with their number's health (credential state,
 * quality rating, messaging limit, last error; never a token or a secret), add
 * one (as `wactl doctor add`), disable and enable; the pipeline's streams
 * (length and, per consumer group, pending, lag, the oldest pending entry's age
 * and the consumers); the dead letters, filtered, one shown, replayed or purged
 * through libwa's wa/dlq.h, the very code of `wactl dlq replay` (the same
 * atomic script: back on its source stream through every check of its stage,
 * never twice); the unrouted webhooks (metadata only: a change carries
 * patients' text); the users of every clinic (list, add, disable, enable); and
 * the audit log across clinics. Every change writes an audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <sodium.h>

#include "wa/dlq.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "wa/secret.h"
#include "wa/streaminfo.h"
#include "api.h"
#include "http.h"
#include "inbox.h"

#define MAX_IDS 500 /* dead letters per replay or purge call */

static long long now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void add_str(cJSON *o, const char *name, const char *v)
{
    if ((v != NULL ? cJSON_AddStringToObject(o, name, v) : cJSON_AddNullToObject(o, name)) == NULL)
        wa_fatal("out of memory");
}

static void add_num(cJSON *o, const char *name, long long v, int null_when_negative)
{
    if ((null_when_negative && v < 0 ? cJSON_AddNullToObject(o, name) : cJSON_AddNumberToObject(o, name, (double)v)) ==
        NULL)
        wa_fatal("out of memory");
}

static void invalid(dash_call_t *c, const char *field, const char *why)
{
    cJSON *f = dash_new_object();
    add_str(f, field, why);
    dash_reply_error(c->req, 422, "invalid", "some fields are invalid", f);
}

/* 1 when `s` is a stream id "<ms>-<seq>". */
static int is_stream_id(const char *s)
{
    size_t a = strspn(s, "0123456789");
    if (a == 0 || a > 20 || s[a] != '-')
        return 0;
    size_t b = strspn(s + a + 1, "0123456789");
    return b > 0 && b <= 20 && s[a + 1 + b] == '\0';
}

/* The worker's Redis connection, connected (a PING through dash_redis connects it), or NULL when Redis is down. */
static redisContext *redis_ctx(dash_call_t *c)
{
    const char *ping[] = {"PING"};
    redisReply *r = dash_redis(c->w, 1, ping);
    if (r == NULL)
        return NULL;
    freeReplyObject(r);
    return c->w->redis;
}

/* Drops the worker's connection after a failure on it (the next call reconnects). */
static void redis_drop(dash_call_t *c)
{
    if (c->w->redis != NULL) {
        redisFree(c->w->redis);
        c->w->redis = NULL;
    }
}

/* The string member `name` of the body: NULL when absent or null; *bad set when present but not a string. */
static const char *body_str(dash_call_t *c, const char *name, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->body, name);
    if (v == NULL || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        *bad = 1;
        return NULL;
    }
    return v->valuestring;
}

/* A list's page given by offset (lists whose rows have no integer id): `limit` and the cursor as the offset. */
static int page_params(dash_call_t *c, char lim[24], char off[24], long *limit, long long *offset)
{
    if (dash_list_params(c, limit, offset) != 0)
        return -1;
    snprintf(lim, 24, "%ld", *limit);
    snprintf(off, 24, "%lld", *offset);
    return 0;
}

/* --- clinics ---------------------------------------------------------------------------------------------------- */

/* One clinic as the console shows it: no token, no app secret, only whether they are set. */
#define DOCTOR_JSON                                                                                                    \
    "json_build_object('id', d.id, 'name', d.name, 'clinic_name', d.clinic_name, 'specialization', d.specialization,"  \
    " 'phone_number', d.phone_number, 'email', d.email, 'disabled', NOT d.is_active, 'created_at', d.created_at,"      \
    " 'number', json_build_object('phone_number_id', d.whatsapp_phone_number_id, 'display_phone_number',"              \
    " d.whatsapp_display_number, 'business_account_id', d.whatsapp_business_account_id, 'token_set',"                  \
    " d.whatsapp_access_token IS NOT NULL, 'token_expires_at', d.whatsapp_token_expires_at, 'state',"                  \
    " CASE WHEN d.credentials_state = 'valid' AND d.whatsapp_token_expires_at < now() + interval '7 days'"             \
    " THEN 'expiring' ELSE d.credentials_state END, 'last_error', d.credentials_error, 'checked_at',"                  \
    " d.credentials_checked_at, 'quality_rating', d.whatsapp_quality_rating, 'messaging_limit',"                       \
    " d.whatsapp_messaging_limit, 'allow_master_fallback', d.allow_master_fallback))"

void dash_ops_doctors_list(dash_call_t *c)
{
    char lim[24], off[24];
    long limit;
    long long offset;
    if (page_params(c, lim, off, &limit, &offset) != 0)
        return;
    const char *params[] = {lim, off};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard ops doctors",
                               "SELECT coalesce(json_agg(j ORDER BY n) FILTER (WHERE n <= $1::int), '[]'),"
                               " count(*) > $1::int FROM (SELECT " DOCTOR_JSON " AS j,"
                               " row_number() OVER (ORDER BY d.created_at, d.id) AS n FROM (SELECT * FROM doctors"
                               " ORDER BY created_at, id OFFSET $2::bigint LIMIT $1::int + 1) d) x",
                               2, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_list(c, PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 1), "t") == 0, offset + limit);
    PQclear(res);
}

/* Checks an optional text field: absent, or a string of 1..max characters. Returns 0, or answers 422 and returns -1. */
static int text_field(dash_call_t *c, const char *name, size_t max, int required, const char **out)
{
    int bad = 0;
    *out = body_str(c, name, &bad);
    if (bad || (*out != NULL && (strlen(*out) > max || (*out)[strspn(*out, " \t")] == '\0')) ||
        (required && *out == NULL)) {
        char why[80];
        snprintf(why, sizeof(why), "%s text of 1 to %zu characters", required ? "required:" : "a", max);
        invalid(c, name, why);
        return -1;
    }
    return 0;
}

void dash_ops_doctors_create(dash_call_t *c)
{
    const char *name, *phone, *clinic, *spec, *address, *email, *pnid;
    char digits[32], actor[300];
    const char *ap[3];
    if (text_field(c, "name", 200, 1, &name) != 0 || text_field(c, "phone_number", 40, 1, &phone) != 0 ||
        text_field(c, "clinic_name", 200, 1, &clinic) != 0 || text_field(c, "specialization", 200, 0, &spec) != 0 ||
        text_field(c, "clinic_address", 500, 0, &address) != 0 || text_field(c, "email", 254, 0, &email) != 0 ||
        text_field(c, "phone_number_id", 64, 0, &pnid) != 0)
        return;
    if (wa_phone_digits(phone, digits, sizeof(digits)) < 6) {
        invalid(c, "phone_number", "a phone number: digits, spaces, +, -, parentheses");
        return;
    }
    if (pnid != NULL && pnid[strspn(pnid, "0123456789")] != '\0') {
        invalid(c, "phone_number_id", "the digits of Meta's phone number id");
        return;
    }
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {name, phone, clinic, spec, address, email, pnid, ap[0], ap[2]};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard ops doctor add",
        "WITH d AS (INSERT INTO doctors (name, phone_number, clinic_name, specialization, clinic_address, email,"
        " whatsapp_phone_number_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *),"
        " a AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target, after)"
        " SELECT d.id, $8, $9, 'doctor.add', 'doctor:' || d.id, jsonb_build_object('name', d.name, 'phone_number',"
        " d.phone_number, 'clinic_name', d.clinic_name, 'specialization', d.specialization, 'clinic_address',"
        " d.clinic_address, 'email', d.email, 'phone_number_id', d.whatsapp_phone_number_id) FROM d)"
        " SELECT " DOCTOR_JSON "::text FROM d",
        9, params);
    if (res == NULL) {
        if (strcmp(wa_pg_sqlstate(c->w->pg), "23505") == 0)
            dash_reply_error(c->req, 409, "exists", "a clinic with this phone number exists already", NULL);
        else
            dash_reply_unavailable(c);
        return;
    }
    dash_reply_raw(c->req, 201, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
    PQclear(res);
}

/* The body of a PATCH of a clinic's or a user's state: {"disabled": true|false} alone, for the uuid of the path.
 * Returns 0, or answers (422, or 404 with `missing`) and returns -1. */
static int state_body(dash_call_t *c, const cJSON *dis, const char *missing)
{
    if (!cJSON_IsBool(dis) || cJSON_GetArraySize(c->body) != 1) {
        invalid(c, "disabled", "required: true or false (the only field)");
        return -1;
    }
    if (!dash_is_uuid(c->param)) {
        dash_reply_error(c->req, 404, "not_found", missing, NULL);
        return -1;
    }
    return 0;
}

/* Answers a state change's result `res` (taken; NULL: 503): its one row, the clinic or user as JSON, with
 * "disabled" set to the new state (the row read in the statement's snapshot shows the old one), or 404. */
static void reply_state(dash_call_t *c, PGresult *res, const char *missing, int disabled)
{
    if (dash_one_row(c, res, missing) != 1)
        return;
    cJSON *doc = cJSON_Parse(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (doc == NULL || !cJSON_ReplaceItemInObjectCaseSensitive(doc, "disabled", cJSON_CreateBool(disabled)))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

void dash_ops_doctors_patch(dash_call_t *c)
{
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(c->body, "disabled");
    char actor[300];
    const char *ap[3];
    if (state_body(c, dis, "no such clinic") != 0)
        return;
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->param, cJSON_IsTrue(dis) ? "false" : "true", ap[0], ap[2]};
    /* the audit row only when the state changes: disabling a disabled clinic is a no-op */
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard ops doctor state",
        "WITH old AS (SELECT id, is_active FROM doctors WHERE id = $1 FOR UPDATE),"
        " upd AS (UPDATE doctors d SET is_active = $2::boolean, updated_at = now() FROM old"
        " WHERE d.id = old.id AND old.is_active <> $2::boolean RETURNING d.id),"
        " a AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target, before, after)"
        " SELECT id, $3, $4, CASE WHEN $2::boolean THEN 'doctor.enable' ELSE 'doctor.disable' END, 'doctor:' || id,"
        " jsonb_build_object('disabled', $2::boolean), jsonb_build_object('disabled', NOT $2::boolean) FROM upd)"
        " SELECT (SELECT " DOCTOR_JSON "::text FROM doctors d WHERE d.id = old.id), (SELECT count(*) FROM upd)"
        " FROM old",
        4, params);
    reply_state(c, res, "no such clinic", cJSON_IsTrue(dis));
}

/* --- streams ---------------------------------------------------------------------------------------------------- */

static int reply_is(const redisReply *r, const char *s)
{
    return r != NULL && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) && strcmp(r->str, s) == 0;
}

/* The consumers of one group (XINFO CONSUMERS): [{name, pending, idle_ms}]. Returns 0, -1 when Redis failed. */
static int group_consumers(dash_call_t *c, const char *key, const char *group, cJSON *out)
{
    const char *cmd[] = {"XINFO", "CONSUMERS", key, group};
    redisReply *r = dash_redis(c->w, 4, cmd);
    if (r == NULL || r->type != REDIS_REPLY_ARRAY) {
        if (r != NULL)
            freeReplyObject(r);
        return -1;
    }
    for (size_t i = 0; i < r->elements; i++) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ARRAY)
            continue;
        cJSON *o = dash_new_object();
        long long pending = 0, idle = -1;
        const char *name = NULL;
        for (size_t k = 0; k + 1 < e->elements; k += 2) {
            if (reply_is(e->element[k], "name") && e->element[k + 1]->type == REDIS_REPLY_STRING)
                name = e->element[k + 1]->str;
            else if (reply_is(e->element[k], "pending"))
                pending = wa_stream_reply_int(e->element[k + 1], 0);
            else if (reply_is(e->element[k], "idle"))
                idle = wa_stream_reply_int(e->element[k + 1], -1);
        }
        add_str(o, "name", name);
        add_num(o, "pending", pending, 0);
        add_num(o, "idle_ms", idle, 1);
        if (!cJSON_AddItemToArray(out, o))
            wa_fatal("out of memory");
    }
    freeReplyObject(r);
    return 0;
}

/* One stream's state into a new object. Returns NULL when Redis failed. */
static cJSON *stream_state(dash_call_t *c, const char *name, const char *key)
{
    const char *xlen[] = {"XLEN", key}, *xinfo[] = {"XINFO", "GROUPS", key};
    redisReply *r = dash_redis(c->w, 2, xlen);
    if (r == NULL || r->type != REDIS_REPLY_INTEGER) {
        if (r != NULL)
            freeReplyObject(r);
        return NULL;
    }
    cJSON *o = dash_new_object(), *groups = cJSON_CreateArray();
    add_str(o, "name", name);
    add_str(o, "key", key);
    add_num(o, "length", r->integer, 0);
    freeReplyObject(r);
    if (groups == NULL || !cJSON_AddItemToObject(o, "groups", groups))
        wa_fatal("out of memory");
    r = dash_redis(c->w, 3, xinfo);
    if (r != NULL && r->type == REDIS_REPLY_ERROR && strstr(r->str, "no such key") != NULL) {
        freeReplyObject(r); /* nobody has written to it yet */
        return o;
    }
    if (r == NULL || r->type != REDIS_REPLY_ARRAY) {
        if (r != NULL)
            freeReplyObject(r);
        cJSON_Delete(o);
        return NULL;
    }
    for (size_t i = 0; i < r->elements; i++) {
        wa_stream_group_t g;
        if (wa_stream_parse_group(r->element[i], &g) != 0)
            continue;
        if (g.pending > 0) { /* the first pending entry is the oldest: [[id, consumer, idle ms, deliveries]] */
            const char *xp[] = {"XPENDING", key, g.name, "-", "+", "1"};
            redisReply *p = dash_redis(c->w, 6, xp);
            if (p != NULL && p->type == REDIS_REPLY_ARRAY && p->elements > 0 &&
                p->element[0]->type == REDIS_REPLY_ARRAY && p->element[0]->elements >= 3)
                g.oldest_ms = wa_stream_reply_int(p->element[0]->element[2], -1);
            if (p != NULL)
                freeReplyObject(p);
        }
        cJSON *go = dash_new_object(), *consumers = cJSON_CreateArray();
        add_str(go, "name", g.name);
        add_num(go, "consumers", g.consumers, 0);
        add_num(go, "pending", g.pending, 0);
        add_num(go, "lag", g.lag, 1);
        add_str(go, "last_delivered_id", g.last_delivered);
        add_num(go, "oldest_pending_ms", g.oldest_ms, 1);
        if (consumers == NULL || !cJSON_AddItemToObject(go, "consumer_list", consumers) ||
            !cJSON_AddItemToArray(groups, go))
            wa_fatal("out of memory");
        if (group_consumers(c, key, g.name, consumers) != 0) {
            freeReplyObject(r);
            cJSON_Delete(o);
            return NULL;
        }
    }
    freeReplyObject(r);
    return o;
}

void dash_ops_streams(dash_call_t *c)
{
    const wa_config_t *cfg = c->w->cfg->wa;
    char dash[WA_KEY_MAX + 8], alerts[WA_KEY_MAX + 8];
    snprintf(dash, sizeof(dash), "%sdash", cfg->redis_prefix);
    snprintf(alerts, sizeof(alerts), "%salerts", cfg->redis_prefix);
    const char *names[] = {"in", "ai", "out", "media", "dlq", "unrouted", "sandbox", "dash", "alerts"};
    const char *keys[] = {cfg->key_in,       cfg->key_ai,      cfg->key_out, cfg->key_media, cfg->key_dlq,
                          cfg->key_unrouted, cfg->key_sandbox, dash,         alerts};
    cJSON *doc = dash_new_object(), *arr = cJSON_CreateArray();
    add_str(doc, "prefix", cfg->redis_prefix);
    add_num(doc, "at_ms", now_ms(), 0);
    if (arr == NULL || !cJSON_AddItemToObject(doc, "streams", arr))
        wa_fatal("out of memory");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        cJSON *s = stream_state(c, names[i], keys[i]);
        if (s == NULL) {
            cJSON_Delete(doc);
            dash_reply_unavailable(c);
            return;
        }
        if (!cJSON_AddItemToArray(arr, s))
            wa_fatal("out of memory");
    }
    const char *zcard[] = {"ZCARD", cfg->key_retry};
    redisReply *r = dash_redis(c->w, 2, zcard);
    if (r == NULL || r->type != REDIS_REPLY_INTEGER) {
        if (r != NULL)
            freeReplyObject(r);
        cJSON_Delete(doc);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *retry = dash_new_object();
    add_str(retry, "key", cfg->key_retry);
    add_num(retry, "length", r->integer, 0);
    freeReplyObject(r);
    if (!cJSON_AddItemToObject(doc, "retry", retry))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

/* --- dead letters ----------------------------------------------------------------------------------------------- */

static cJSON *dlq_item_json(const wa_dlq_item_t *it, int with_entry)
{
    cJSON *o = dash_new_object();
    add_str(o, "id", it->id);
    add_str(o, "stage", it->stage);
    add_str(o, "reason", it->reason);
    add_str(o, "error_code", it->error_code != NULL && it->error_code[0] != '\0' ? it->error_code : NULL);
    add_str(o, "detail", it->detail);
    add_num(o, "attempts", it->attempts != NULL ? atoll(it->attempts) : -1, 1);
    add_num(o, "failed_at_ms", wa_dlq_item_time_ms(it), 0);
    add_str(o, "source_stream", it->source_stream);
    add_str(o, "source_id", it->source_id);
    add_str(o, "doctor_id", it->doctor_id[0] != '\0' ? it->doctor_id : NULL);
    if (with_entry) {
        cJSON *e = it->entry != NULL ? cJSON_Parse(it->entry) : NULL;
        if (e != NULL) {
            if (!cJSON_AddItemToObject(o, "entry", e))
                wa_fatal("out of memory");
        } else {
            add_str(o, "entry", it->entry); /* not JSON: shown as the text it is */
        }
    }
    return o;
}

/* The opaque cursor of a stream's list: the last entry's id. */
static cJSON *stream_cursor(const char *id)
{
    char raw[80];
    snprintf(raw, sizeof(raw), "s%s", id);
    return dash_cursor_text(raw);
}

/* `limit` (1..200, default 50) and the cursor (a stream id, into `after`, "" when none). Returns 0, or answers 422
 * and returns -1. */
static int stream_page_params(dash_call_t *c, long *limit, char *after, size_t aftersz)
{
    const char *l = dash_http_query(c->req, "limit"), *cur = dash_http_query(c->req, "cursor");
    char *end;
    *limit = 50;
    after[0] = '\0';
    if (l != NULL) {
        *limit = strtol(l, &end, 10);
        if (l[0] == '\0' || *end != '\0' || *limit < 1 || *limit > 200) {
            invalid(c, "limit", "a number from 1 to 200");
            return -1;
        }
    }
    if (cur != NULL) {
        unsigned char raw[80];
        size_t n = 0;
        if (sodium_base642bin(raw, sizeof(raw) - 1, cur, strlen(cur), NULL, &n, NULL,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
            n < 4 || raw[0] != 's' || n - 1 >= aftersz) {
            invalid(c, "cursor", "not a cursor this API gave");
            return -1;
        }
        memcpy(after, raw + 1, n - 1);
        after[n - 1] = '\0';
        if (!is_stream_id(after)) {
            invalid(c, "cursor", "not a cursor this API gave");
            return -1;
        }
    }
    return 0;
}

typedef struct st_dlq_page_t {
    cJSON *items;
    long limit, n;
    char last[64]; /* the id of the last item kept */
    int more;
} dlq_page_t;

static int dlq_page_visit(const wa_dlq_item_t *it, void *data)
{
    dlq_page_t *p = data;
    if (p->n == p->limit) { /* one more than asked: there is a next page */
        p->more = 1;
        return 1;
    }
    if (!cJSON_AddItemToArray(p->items, dlq_item_json(it, 0)))
        wa_fatal("out of memory");
    snprintf(p->last, sizeof(p->last), "%s", it->id);
    p->n++;
    return 0;
}

void dash_ops_dlq_list(dash_call_t *c)
{
    wa_dlq_filter_t f;
    char after[64], err[256];
    long limit;
    memset(&f, 0, sizeof(f));
    if (stream_page_params(c, &limit, after, sizeof(after)) != 0)
        return;
    f.stage = dash_http_query(c->req, "stage");
    f.reason = dash_http_query(c->req, "reason");
    f.doctor = dash_http_query(c->req, "doctor");
    const char *older = dash_http_query(c->req, "older_than"), *newer = dash_http_query(c->req, "newer_than");
    if (f.stage != NULL && f.stage[0] == '\0')
        f.stage = NULL;
    if (f.reason != NULL && f.reason[0] == '\0')
        f.reason = NULL;
    if (f.doctor != NULL && f.doctor[0] == '\0')
        f.doctor = NULL;
    if (f.doctor != NULL && !dash_is_uuid(f.doctor)) {
        invalid(c, "doctor", "the clinic's id (a UUID)");
        return;
    }
    if ((older != NULL && older[0] != '\0' && wa_dlq_parse_age(older, &f.older_than_ms) != 0) ||
        (newer != NULL && newer[0] != '\0' && wa_dlq_parse_age(newer, &f.newer_than_ms) != 0)) {
        invalid(c, older != NULL && wa_dlq_parse_age(older, &f.older_than_ms) != 0 ? "older_than" : "newer_than",
                "a duration such as 90s, 15m, 2h or 7d");
        return;
    }
    redisContext *rc = redis_ctx(c);
    if (rc == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dlq_page_t p = {.items = cJSON_CreateArray(), .limit = limit};
    if (p.items == NULL)
        wa_fatal("out of memory");
    long n = wa_dlq_scan(rc, c->w->cfg->wa->key_dlq, after[0] != '\0' ? after : NULL, &f, limit + 1, now_ms(),
                         dlq_page_visit, &p, err, sizeof(err));
    if (n < 0) {
        cJSON_Delete(p.items);
        if (rc->err)
            redis_drop(c);
        wa_warn("dashboard: reading wa:dlq failed", "error", err);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *doc = dash_new_object();
    if (!cJSON_AddItemToObject(doc, "items", p.items) ||
        !cJSON_AddItemToObject(doc, "next_cursor", p.more ? stream_cursor(p.last) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

void dash_ops_dlq_get(dash_call_t *c)
{
    wa_dlq_item_t it;
    wa_dlq_result_t res;
    char err[256];
    if (!is_stream_id(c->param)) {
        dash_reply_error(c->req, 404, "not_found", "no such dead letter", NULL);
        return;
    }
    redisContext *rc = redis_ctx(c);
    if (rc == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    redisReply *r = wa_dlq_fetch(rc, c->w->cfg->wa->key_dlq, c->param, &it, &res, err, sizeof(err));
    if (r == NULL) {
        if (res == WA_DLQ_GONE) {
            dash_reply_error(c->req, 404, "not_found", "no such dead letter", NULL);
            return;
        }
        if (res == WA_DLQ_UNREACHABLE)
            redis_drop(c);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *doc = dlq_item_json(&it, 1);
    freeReplyObject(r);
    dash_reply_json(c->req, 200, doc);
}

/* The ids of a replay or purge body: {"ids": ["<ms>-<seq>", ...]} (1..MAX_IDS). Answers 422 and returns NULL when
 * invalid; else the array (borrowed from the body). */
static const cJSON *body_ids(dash_call_t *c)
{
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(c->body, "ids"), *v;
    int n = cJSON_IsArray(ids) ? cJSON_GetArraySize(ids) : 0;
    if (n < 1 || n > MAX_IDS) {
        invalid(c, "ids", "required: 1 to 500 dead-letter ids");
        return NULL;
    }
    cJSON_ArrayForEach(v, ids)
    {
        if (!cJSON_IsString(v) || !is_stream_id(v->valuestring)) {
            invalid(c, "ids", "each a dead letter's id (<ms>-<seq>)");
            return NULL;
        }
    }
    return ids;
}

/* Replays (replay 1) or purges the body's dead letters one by one with libwa's wa/dlq.h, then writes one audit row
 * per dead letter replayed or purged (the clinic's, when the entry names one). Answers {"replayed"|"purged", "gone",
 * "failed", "entries": [{id, result, new_id?}]}. */
static void dlq_act(dash_call_t *c, int replay)
{
    const cJSON *ids = body_ids(c), *v;
    const wa_config_t *cfg = c->w->cfg->wa;
    /* wa:media: a photo or document to fetch (or upload) again (issue 17) */
    const char *streams[] = {cfg->key_in, cfg->key_ai, cfg->key_out, cfg->key_media, NULL};
    char err[256], actor[300];
    const char *ap[3];
    long done = 0, gone = 0, failed = 0;
    int down = 0;
    if (ids == NULL)
        return;
    redisContext *rc = redis_ctx(c);
    if (rc == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    cJSON *entries = cJSON_CreateArray(), *audit = cJSON_CreateArray();
    if (entries == NULL || audit == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(v, ids)
    {
        const char *id = v->valuestring;
        char new_id[64] = "";
        wa_dlq_item_t it;
        wa_dlq_result_t res = WA_DLQ_UNREACHABLE;
        redisReply *r = down ? NULL : wa_dlq_fetch(rc, cfg->key_dlq, id, &it, &res, err, sizeof(err));
        if (r != NULL) {
            res = replay ? wa_dlq_replay(rc, cfg->key_dlq, streams, &it, now_ms(), new_id, sizeof(new_id), err,
                                         sizeof(err))
                         : wa_dlq_purge(rc, cfg->key_dlq, it.id, err, sizeof(err));
            if (res == WA_DLQ_DONE) {
                cJSON *a = dash_new_object();
                add_str(a, "id", it.id);
                add_str(a, "doctor_id", it.doctor_id[0] != '\0' ? it.doctor_id : NULL);
                add_str(a, "stage", it.stage);
                add_str(a, "reason", it.reason);
                add_str(a, "source_stream", it.source_stream);
                add_str(a, "new_id", new_id[0] != '\0' ? new_id : NULL);
                if (!cJSON_AddItemToArray(audit, a))
                    wa_fatal("out of memory");
            }
            freeReplyObject(r);
        }
        if (res == WA_DLQ_UNREACHABLE && !down) {
            down = 1;
            redis_drop(c);
        }
        if (res == WA_DLQ_ERROR)
            wa_warn(replay ? "dashboard: a dead letter's replay failed" : "dashboard: a dead letter's purge failed",
                    "id", id, "error", err);
        done += res == WA_DLQ_DONE;
        gone += res == WA_DLQ_GONE;
        failed += res != WA_DLQ_DONE && res != WA_DLQ_GONE;
        cJSON *e = dash_new_object();
        add_str(e, "id", id);
        add_str(e, "result", wa_dlq_result_name(res));
        if (new_id[0] != '\0')
            add_str(e, "new_id", new_id);
        if (!cJSON_AddItemToArray(entries, e))
            wa_fatal("out of memory");
    }
    if (cJSON_GetArraySize(audit) > 0) {
        char *json = cJSON_PrintUnformatted(audit);
        if (json == NULL)
            wa_fatal("out of memory");
        dash_actor_params(c, ap, actor, sizeof(actor));
        const char *params[] = {json, ap[0], ap[2], replay ? "dlq.replay" : "dlq.purge"};
        /* a doctor id the entry names but no clinic has (a forged or deleted one) is recorded as none */
        int rcode =
            wa_pg_run(c->w->pg, "dashboard ops dlq audit",
                      "INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target, after)"
                      " SELECT (SELECT d.id FROM doctors d WHERE d.id::text = lower(x->>'doctor_id')), $2, $3, $4,"
                      " 'dlq:' || (x->>'id'), x - 'id' FROM jsonb_array_elements($1::jsonb) x",
                      4, params);
        free(json);
        if (rcode != 0)
            wa_error("dashboard: the audit rows of a dead-letter action were not written", "action", params[3]);
    }
    cJSON_Delete(audit);
    if (done == 0 && down) {
        cJSON_Delete(entries);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *doc = dash_new_object();
    add_num(doc, replay ? "replayed" : "purged", done, 0);
    add_num(doc, "gone", gone, 0);
    add_num(doc, "failed", failed, 0);
    if (!cJSON_AddItemToObject(doc, "entries", entries))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

void dash_ops_dlq_replay(dash_call_t *c)
{
    dlq_act(c, 1);
}

void dash_ops_dlq_purge(dash_call_t *c)
{
    dlq_act(c, 0);
}

/* --- unrouted webhooks ------------------------------------------------------------------------------------------ */

static const char *entry_field(const redisReply *fields, const char *name)
{
    for (size_t i = 0; i + 1 < fields->elements; i += 2)
        if (fields->element[i]->type == REDIS_REPLY_STRING && strcmp(fields->element[i]->str, name) == 0 &&
            fields->element[i + 1]->type == REDIS_REPLY_STRING)
            return fields->element[i + 1]->str;
    return NULL;
}

static int change_count(const cJSON *change, const char *name)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(change, "value");
    const cJSON *arr = value != NULL ? cJSON_GetObjectItemCaseSensitive(value, name) : NULL;
    return cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
}

void dash_ops_unrouted(dash_call_t *c)
{
    char after[64], end[80], count[24];
    long limit;
    if (stream_page_params(c, &limit, after, sizeof(after)) != 0)
        return;
    if (after[0] != '\0')
        snprintf(end, sizeof(end), "(%s", after);
    else
        snprintf(end, sizeof(end), "+");
    snprintf(count, sizeof(count), "%ld", limit + 1);
    const char *cmd[] = {"XREVRANGE", c->w->cfg->wa->key_unrouted, end, "-", "COUNT", count};
    redisReply *r = dash_redis(c->w, 6, cmd);
    if (r == NULL || r->type != REDIS_REPLY_ARRAY) {
        if (r != NULL)
            freeReplyObject(r);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *doc = dash_new_object(), *items = cJSON_CreateArray();
    const char *last = NULL;
    long n = 0;
    if (items == NULL || !cJSON_AddItemToObject(doc, "items", items))
        wa_fatal("out of memory");
    for (size_t i = 0; i < r->elements && n < limit; i++) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 || e->element[0]->type != REDIS_REPLY_STRING ||
            e->element[1]->type != REDIS_REPLY_ARRAY)
            continue;
        const redisReply *fields = e->element[1];
        const char *received = entry_field(fields, "received_at"), *text = entry_field(fields, "change");
        cJSON *change = text != NULL ? cJSON_Parse(text) : NULL, *o = dash_new_object();
        add_str(o, "id", e->element[0]->str);
        add_num(o, "received_at_ms", received != NULL ? atoll(received) : strtoll(e->element[0]->str, NULL, 10), 0);
        add_str(o, "display_phone_number", entry_field(fields, "display_phone_number"));
        add_str(o, "phone_number_id", entry_field(fields, "phone_number_id"));
        add_num(o, "messages", change_count(change, "messages"), 0);
        add_num(o, "statuses", change_count(change, "statuses"), 0);
        cJSON_Delete(change);
        if (!cJSON_AddItemToArray(items, o))
            wa_fatal("out of memory");
        last = e->element[0]->str;
        n++;
    }
    int more = (long)r->elements > limit && last != NULL;
    if (!cJSON_AddItemToObject(doc, "next_cursor", more ? stream_cursor(last) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    freeReplyObject(r);
    dash_reply_json(c->req, 200, doc);
}

/* --- users ------------------------------------------------------------------------------------------------------ */

#define USER_JSON                                                                                                      \
    "json_build_object('id', u.id, 'email', u.email, 'role', u.role, 'doctor_id', u.doctor_id, 'clinic_name',"         \
    " (SELECT d.clinic_name FROM doctors d WHERE d.id = u.doctor_id), 'name', u.name, 'disabled',"                     \
    " u.disabled_at IS NOT NULL, 'totp', u.totp_enabled_at IS NOT NULL, 'last_login_at', u.last_login_at,"             \
    " 'created_at', u.created_at)"

void dash_ops_users_list(dash_call_t *c)
{
    char lim[24], off[24];
    long limit;
    long long offset;
    if (page_params(c, lim, off, &limit, &offset) != 0)
        return;
    const char *doctor = dash_http_query(c->req, "doctor");
    if (doctor != NULL && doctor[0] == '\0')
        doctor = NULL;
    if (doctor != NULL && !dash_is_uuid(doctor)) {
        invalid(c, "doctor", "the clinic's id (a UUID)");
        return;
    }
    const char *params[] = {lim, off, doctor};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard ops users",
                               "SELECT coalesce(json_agg(j ORDER BY n) FILTER (WHERE n <= $1::int), '[]'),"
                               " count(*) > $1::int FROM (SELECT " USER_JSON " AS j,"
                               " row_number() OVER (ORDER BY u.created_at, u.id) AS n FROM (SELECT * FROM users"
                               " WHERE $3::uuid IS NULL OR doctor_id = $3::uuid"
                               " ORDER BY created_at, id OFFSET $2::bigint LIMIT $1::int + 1) u) x",
                               3, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_list(c, PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 1), "t") == 0, offset + limit);
    PQclear(res);
}

void dash_ops_users_create(dash_call_t *c)
{
    static const char *const roles[] = {"operator", "clinic_admin", "staff", "school_admin", "teacher"};
    const char *email, *role, *doctor, *name, *password;
    char hash[WA_HASH_MAX], actor[300];
    const char *ap[3];
    int known = 0;
    if (text_field(c, "email", 254, 1, &email) != 0 || text_field(c, "role", 20, 1, &role) != 0 ||
        text_field(c, "doctor_id", 36, 0, &doctor) != 0 || text_field(c, "name", 200, 0, &name) != 0 ||
        text_field(c, "password", 1024, 1, &password) != 0)
        return;
    if (strchr(email, '@') == NULL || strchr(email, '@') == email || strchr(email, '@')[1] == '\0' ||
        strchr(email, ' ') != NULL) {
        invalid(c, "email", "an email address");
        return;
    }
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        known |= strcmp(role, roles[i]) == 0;
    if (!known) {
        invalid(c, "role", "operator, clinic_admin, staff, school_admin or teacher");
        return;
    }
    if ((strcmp(role, "operator") == 0) != (doctor == NULL)) {
        invalid(c, "doctor_id", doctor == NULL ? "required for this role: the clinic's id" : "an operator has none");
        return;
    }
    if (doctor != NULL && !dash_is_uuid(doctor)) {
        invalid(c, "doctor_id", "the clinic's id (a UUID)");
        return;
    }
    const char *weak = wa_password_weak(password, strlen(password));
    if (weak != NULL) {
        invalid(c, "password", weak);
        return;
    }
    if (wa_password_hash(password, strlen(password), hash) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {email, hash, role, doctor, name, ap[0], ap[2]};
    /* an unknown clinic id inserts nothing (the SELECT finds no doctor): 422 below */
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard ops user add",
        "WITH u AS (INSERT INTO users (email, password_hash, role, doctor_id, name)"
        " SELECT $1, $2, $3, $4::uuid, $5 WHERE $4::uuid IS NULL OR EXISTS (SELECT 1 FROM doctors WHERE id = $4::uuid)"
        " RETURNING *),"
        " a AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target, after)"
        " SELECT u.doctor_id, $6, $7, 'user.add', 'user:' || u.email, jsonb_build_object('email', u.email, 'role',"
        " u.role, 'doctor_id', u.doctor_id, 'name', u.name) FROM u)"
        " SELECT " USER_JSON "::text FROM u",
        7, params);
    sodium_memzero(hash, sizeof(hash));
    if (res == NULL) {
        if (strcmp(wa_pg_sqlstate(c->w->pg), "23505") == 0)
            dash_reply_error(c->req, 409, "exists", "a user with this email exists already", NULL);
        else
            dash_reply_unavailable(c);
        return;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        invalid(c, "doctor_id", "no such clinic");
        return;
    }
    dash_reply_raw(c->req, 201, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
    PQclear(res);
}

void dash_ops_users_patch(dash_call_t *c)
{
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(c->body, "disabled");
    char actor[300];
    const char *ap[3];
    if (state_body(c, dis, "no such user") != 0)
        return;
    if (cJSON_IsTrue(dis) && strcasecmp(c->param, c->who.user_id) == 0) {
        dash_reply_error(c->req, 409, "self", "you cannot disable yourself", NULL);
        return;
    }
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->param, cJSON_IsTrue(dis) ? "true" : "false", ap[0], ap[2]};
    /* disabling bumps session_gen: the user's sessions end at their next request, on every replica */
    PGresult *res =
        wa_pg_exec(c->w->pg, "dashboard ops user state",
                   "WITH old AS (SELECT id, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1 FOR UPDATE),"
                   " upd AS (UPDATE users u SET disabled_at = CASE WHEN $2::boolean THEN now() END,"
                   " session_gen = u.session_gen + CASE WHEN $2::boolean THEN 1 ELSE 0 END FROM old"
                   " WHERE u.id = old.id AND old.disabled <> $2::boolean RETURNING u.*),"
                   " a AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target, before, after)"
                   " SELECT doctor_id, $3, $4, CASE WHEN $2::boolean THEN 'user.disable' ELSE 'user.enable' END,"
                   " 'user:' || email, jsonb_build_object('disabled', NOT $2::boolean), jsonb_build_object('disabled',"
                   " $2::boolean) FROM upd)"
                   " SELECT (SELECT " USER_JSON "::text FROM users u WHERE u.id = old.id) FROM old",
                   4, params);
    reply_state(c, res, "no such user", cJSON_IsTrue(dis));
}

/* --- the audit log across clinics ------------------------------------------------------------------------------- */

void dash_ops_audit(dash_call_t *c)
{
    long limit;
    long long before;
    char lim[24], bef[24];
    if (dash_list_texts(c, &limit, &before, lim, bef) != 0)
        return;
    const char *params[] = {bef, lim};
    dash_reply_page(
        c, "dashboard ops audit",
        "SELECT coalesce(json_agg(json_build_object('id', a.id, 'at', a.at, 'doctor_id', a.doctor_id, 'clinic_name',"
        " (SELECT d.clinic_name FROM doctors d WHERE d.id = a.doctor_id), 'actor', a.actor, 'action', a.action,"
        " 'target', a.target, 'before', a.before, 'after', a.after) ORDER BY a.id DESC) FILTER (WHERE a.n <= $2::int),"
        " '[]'), count(*) > $2::int, min(a.id) FILTER (WHERE a.n <= $2::int)"
        " FROM (SELECT *, row_number() OVER (ORDER BY id DESC) AS n FROM audit_log"
        " WHERE $1::bigint = 0 OR id < $1::bigint ORDER BY id DESC LIMIT $2::int + 1) a",
        2, params);
}
