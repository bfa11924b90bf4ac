/*
 * Broadcasts through the API (services/dashboard, issue 18): a tenant sends an approved template to its groups
 * (classes, lists: 024) or to the patients with an appointment on a day, once per person, paced by wa-sender's
 * pump (services/sender/broadcast.c). The SQL is in deploy/migrations/025_broadcasts.sql (broadcast_audience,
 * broadcast_create, broadcast_control, broadcast_report), shared with wactl.
 *   GET  /api/v1/broadcasts                  newest first, each with its counts
 *   POST /api/v1/broadcasts                  creates one: now, scheduled (a local time of the tenant's time zone),
 *                                            weekly, or draft; 201 with its report
 *   POST /api/v1/broadcasts/preview          the recipient count after consent and duplicates, and a rendered sample
 *   POST /api/v1/broadcasts/test             sends the template, rendered for the first recipient, to the caller's
 *                                            own number ("to" in the body), through wa:out
 *   GET  /api/v1/broadcasts/{id}             the live report and a page of recipients (?state=, limit, cursor);
 *                                            Accept: text/csv gives every recipient as CSV
 *   POST /api/v1/broadcasts/{id}/pause|resume|cancel
 *   GET  /api/v1/broadcasts/groups           the groups the caller may broadcast to, with their people counts
 * Roles: clinic_admin, school_admin, operator and API tokens everything; a teacher only broadcasts whose groups are
 * all among their classes (user_groups), never an appointments notice: others answer 404 as another tenant's do;
 * staff read reports only. Every change is in the audit log.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "api.h"
#include "http.h"
#include "inbox.h"

#define MAX_GROUPS 50
#define MAX_VARS 20

static int is_admin(const dash_call_t *c)
{
    return c->who.kind == DASH_BY_TOKEN || strcmp(c->who.role, "operator") == 0 ||
           strcmp(c->who.role, "clinic_admin") == 0 || strcmp(c->who.role, "school_admin") == 0;
}

static int is_teacher(const dash_call_t *c)
{
    return c->who.kind == DASH_BY_SESSION && strcmp(c->who.role, "teacher") == 0;
}

/* $n is the teacher's user id or NULL: the broadcasts a teacher may see (all for anyone else). */
#define VISIBLE(b, n)                                                                                                  \
    "($" n "::uuid IS NULL OR (" b ".appointments_on IS NULL AND " b ".group_ids <@ ARRAY(SELECT ug.group_id FROM "    \
    "user_groups ug WHERE ug.user_id = $" n "::uuid AND ug.doctor_id = " b ".doctor_id)))"

static const char *teacher_param(const dash_call_t *c)
{
    return is_teacher(c) ? c->who.user_id : NULL;
}

static void audit(dash_call_t *c, const char *action, const char *target, const char *after_json)
{
    char actor[300];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, ap[0], ap[1], ap[2], action, target, after_json};
    (void)wa_pg_run(c->w->pg, "dashboard broadcasts audit",
                    "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                    7, params);
}

static void not_found(dash_call_t *c)
{
    dash_reply_error(c->req, 404, "not_found", "no such broadcast", NULL);
}

static void field_error(cJSON *fields, const char *name, const char *why)
{
    if (cJSON_GetObjectItemCaseSensitive(fields, name) == NULL && cJSON_AddStringToObject(fields, name, why) == NULL)
        wa_fatal("out of memory");
}

/* A composed broadcast, as read from the body. Strings point into the body or into the owned JSON texts. */
typedef struct st_compose_t {
    const char *name, *tname, *tlang, *mode, *sched, *appt;
    char *vars_json, *groups_json, *rec_json; /* owned */
    int ngroups;
    char category[32];
    char lang[17];
    char body_text[2048]; /* the template's body text, for the rendered sample */
} compose_t;

static void compose_free(compose_t *k)
{
    free(k->vars_json);
    free(k->groups_json);
    free(k->rec_json);
}

static int all_digits_len(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* "YYYY-MM-DD" */
static int is_date(const char *s)
{
    return s != NULL && strlen(s) == 10 && all_digits_len((char[]){s[0], s[1], s[2], s[3], 0}, 4) && s[4] == '-' &&
           isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) && s[7] == '-' &&
           isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]);
}

/* "HH:MM" */
static int is_hhmm(const char *s)
{
    return s != NULL && strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == ':' &&
           isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) && (s[0] - '0') * 10 + (s[1] - '0') < 24 &&
           (s[3] - '0') * 10 + (s[4] - '0') < 60;
}

/* "YYYY-MM-DDTHH:MM" (optionally ":SS"), a local time */
static int is_local_time(const char *s)
{
    if (s == NULL || (strlen(s) != 16 && strlen(s) != 19))
        return 0;
    char d[11];
    memcpy(d, s, 10);
    d[10] = '\0';
    if (!is_date(d) || (s[10] != 'T' && s[10] != ' '))
        return 0;
    char t[6];
    memcpy(t, s + 11, 5);
    t[5] = '\0';
    if (!is_hhmm(t))
        return 0;
    return strlen(s) == 16 || (s[16] == ':' && isdigit((unsigned char)s[17]) && isdigit((unsigned char)s[18]));
}

/* Reads and checks the composition in the body; the template must be an APPROVED one of the tenant, the groups the
 * tenant's (a teacher's own classes). Returns 0, or -1 after answering (422 with fields, 404 for groups that are not
 * the caller's, 503). */
static int compose_read(dash_call_t *c, compose_t *k, int full)
{
    memset(k, 0, sizeof(*k));
    cJSON *fields = cJSON_CreateObject();
    if (fields == NULL)
        wa_fatal("out of memory");
    const cJSON *b = c->body;
    if (!cJSON_IsObject(b)) {
        cJSON_Delete(fields);
        dash_reply_error(c->req, 422, "invalid", "a JSON object is expected", NULL);
        return -1;
    }
    const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(b, "template");
    k->tname = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tpl, "name"));
    k->tlang = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tpl, "language"));
    if (k->tname == NULL || k->tname[0] == '\0' || strlen(k->tname) > 512)
        field_error(fields, "template", "the name (and language) of an approved template");
    if (k->tlang != NULL && (strlen(k->tlang) < 2 || strlen(k->tlang) > 16))
        field_error(fields, "template", "language: 2 to 16 characters (en, en_US, hi ...)");
    k->name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name"));
    if (cJSON_GetObjectItemCaseSensitive(b, "name") != NULL &&
        (k->name == NULL || strlen(k->name) < 1 || strlen(k->name) > 200))
        field_error(fields, "name", "1 to 200 characters");
    if (k->name == NULL || k->name[0] == '\0')
        k->name = k->tname;

    /* variables: [{"source": child_name|contact_name|text, "text": ...}] */
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(b, "variables");
    cJSON *vout = cJSON_CreateArray();
    if (vout == NULL)
        wa_fatal("out of memory");
    if (vars != NULL && (!cJSON_IsArray(vars) || cJSON_GetArraySize(vars) > MAX_VARS)) {
        field_error(fields, "variables", "a list of at most 20 {source, text}");
    } else {
        const cJSON *v;
        cJSON_ArrayForEach(v, vars)
        {
            const char *src = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "source"));
            const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "text"));
            if (src == NULL ||
                (strcmp(src, "child_name") != 0 && strcmp(src, "contact_name") != 0 && strcmp(src, "text") != 0)) {
                field_error(fields, "variables", "source: child_name, contact_name or text");
                continue;
            }
            if (strcmp(src, "text") == 0 && (text == NULL || text[0] == '\0' || strlen(text) > 1024)) {
                field_error(fields, "variables", "a text variable needs its text (at most 1024 characters)");
                continue;
            }
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || cJSON_AddStringToObject(o, "source", src) == NULL ||
                (strcmp(src, "text") == 0 && cJSON_AddStringToObject(o, "text", text) == NULL))
                wa_fatal("out of memory");
            cJSON_AddItemToArray(vout, o);
        }
    }
    k->vars_json = cJSON_PrintUnformatted(vout);
    cJSON_Delete(vout);

    /* group_ids and/or appointments_on */
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(b, "group_ids");
    cJSON *gout = cJSON_CreateArray();
    if (gout == NULL)
        wa_fatal("out of memory");
    if (groups != NULL && (!cJSON_IsArray(groups) || cJSON_GetArraySize(groups) > MAX_GROUPS)) {
        field_error(fields, "group_ids", "a list of at most 50 group ids");
    } else {
        const cJSON *g;
        cJSON_ArrayForEach(g, groups)
        {
            const char *id = cJSON_GetStringValue(g);
            if (!dash_is_uuid(id)) {
                field_error(fields, "group_ids", "group ids (uuid)");
                continue;
            }
            cJSON_AddItemToArray(gout, cJSON_CreateString(id));
            k->ngroups++;
        }
    }
    k->groups_json = cJSON_PrintUnformatted(gout);
    cJSON_Delete(gout);
    const cJSON *appt = cJSON_GetObjectItemCaseSensitive(b, "appointments_on");
    if (appt != NULL && !cJSON_IsNull(appt)) {
        k->appt = cJSON_GetStringValue(appt);
        if (!is_date(k->appt))
            field_error(fields, "appointments_on", "a day, YYYY-MM-DD");
        else if (is_teacher(c))
            field_error(fields, "appointments_on", "a teacher broadcasts to their classes only");
    }
    if (k->ngroups == 0 && k->appt == NULL)
        field_error(fields, "group_ids", "at least one group (or appointments_on)");

    if (full) {
        k->mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "when"));
        if (k->mode == NULL)
            k->mode = "now";
        if (strcmp(k->mode, "now") != 0 && strcmp(k->mode, "scheduled") != 0 && strcmp(k->mode, "weekly") != 0 &&
            strcmp(k->mode, "draft") != 0)
            field_error(fields, "when", "now, scheduled, weekly or draft");
        k->sched = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "scheduled_at"));
        if (k->sched != NULL && !is_local_time(k->sched))
            field_error(fields, "scheduled_at", "a local time of the tenant's time zone, YYYY-MM-DDTHH:MM");
        if (strcmp(k->mode, "scheduled") == 0 && k->sched == NULL)
            field_error(fields, "scheduled_at", "required when scheduled");
        if (strcmp(k->mode, "weekly") == 0) {
            const cJSON *w =
                cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(b, "recurrence"), "weekly");
            const cJSON *day = cJSON_GetObjectItemCaseSensitive(w, "day");
            const char *time = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "time"));
            if (!cJSON_IsNumber(day) || day->valuedouble < 1 || day->valuedouble > 7 ||
                day->valuedouble != (double)(int)day->valuedouble || !is_hhmm(time)) {
                field_error(fields, "recurrence", "{\"weekly\": {\"day\": 1-7 (Monday 1), \"time\": \"HH:MM\"}}");
            } else {
                char rec[96];
                snprintf(rec, sizeof(rec), "{\"weekly\":{\"day\":%d,\"time\":\"%s\"}}", (int)day->valuedouble, time);
                k->rec_json = strdup(rec);
                if (k->rec_json == NULL)
                    wa_fatal("out of memory");
            }
        }
    }
    if (cJSON_GetArraySize(fields) > 0) {
        dash_reply_error(c->req, 422, "invalid", "the broadcast is not valid", fields);
        compose_free(k);
        return -1;
    }
    cJSON_Delete(fields);

    /* the template (approved, this tenant's) and the groups (this tenant's; a teacher's own classes) */
    const char *tp[] = {c->tenant, k->tname, k->tlang, k->groups_json, teacher_param(c)};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard broadcast check",
        "SELECT (SELECT t.language || chr(9) || coalesce(t.category, '') || chr(9) || coalesce((SELECT x->>'text'"
        "  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(t.components) = 'array' THEN t.components ELSE '[]' END)"
        "  x WHERE upper(x->>'type') = 'BODY' LIMIT 1), '')"
        "  FROM templates t WHERE t.doctor_id = $1 AND t.name = $2 AND t.status = 'APPROVED'"
        "   AND ($3::text IS NULL OR replace(t.language, '-', '_') = replace($3, '-', '_'))"
        "  ORDER BY t.language LIMIT 1),"
        " (SELECT count(*) FROM groups g WHERE g.doctor_id = $1"
        "   AND g.id IN (SELECT jsonb_array_elements_text($4::jsonb)::uuid)"
        "   AND ($5::uuid IS NULL OR g.id IN (SELECT ug.group_id FROM user_groups ug WHERE ug.user_id = $5::uuid)))",
        5, tp);
    if (res == NULL) {
        compose_free(k);
        dash_reply_unavailable(c);
        return -1;
    }
    int have_tpl = !PQgetisnull(res, 0, 0);
    long found = atol(PQgetvalue(res, 0, 1));
    if (have_tpl) {
        const char *v = PQgetvalue(res, 0, 0), *t1 = strchr(v, '\t'), *t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;
        if (t1 != NULL && t2 != NULL) {
            snprintf(k->lang, sizeof(k->lang), "%.*s", (int)(t1 - v), v);
            snprintf(k->category, sizeof(k->category), "%.*s", (int)(t2 - t1 - 1), t1 + 1);
            snprintf(k->body_text, sizeof(k->body_text), "%s", t2 + 1);
            k->tlang = k->lang; /* the template's own spelling of its language */
        }
    }
    PQclear(res);
    if (!have_tpl) {
        cJSON *f = cJSON_CreateObject();
        field_error(f, "template", "not an approved template of this tenant (sync the templates first)");
        dash_reply_error(c->req, 422, "invalid", "the broadcast is not valid", f);
        compose_free(k);
        return -1;
    }
    if (found != k->ngroups) {
        compose_free(k);
        dash_reply_error(c->req, 404, "not_found", "no such group", NULL);
        return -1;
    }
    return 0;
}

/* Replaces {{1}}, {{2}} ... of `body` by the texts of the JSON array `params` into out. */
static void render(const char *body, const cJSON *params, char *out, size_t outsz)
{
    size_t o = 0;
    for (const char *p = body; *p != '\0' && o + 1 < outsz;) {
        int n = 0, len = 0;
        if (p[0] == '{' && p[1] == '{' && sscanf(p, "{{%d}}%n", &n, &len) == 1 && len > 0 && n >= 1) {
            const char *t = cJSON_GetStringValue(cJSON_GetArrayItem(params, n - 1));
            if (t != NULL) {
                size_t tl = strlen(t);
                if (tl > outsz - 1 - o)
                    tl = outsz - 1 - o;
                memcpy(out + o, t, tl);
                o += tl;
                p += len;
                continue;
            }
        }
        out[o++] = *p++;
    }
    out[o] = '\0';
}

/* The audience's count and a sample (the first person to send to), as preview JSON added to doc. Returns 0 or -1
 * (database). */
static int add_preview(dash_call_t *c, const compose_t *k, cJSON *doc)
{
    const char *p[] = {c->tenant, k->groups_json, k->appt, k->category, k->vars_json};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard broadcast preview",
        "WITH a AS (SELECT * FROM broadcast_audience($1::uuid, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)"
        "::uuid), $3::date, $4, $5::jsonb))"
        " SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'skipped_opted_out'),"
        " coalesce(sum(memberships), 0) - count(*),"
        " (SELECT json_build_object('wa_id', wa_id, 'name', name, 'child_names', child_names, 'params', params)"
        "    FROM a WHERE state = 'pending' ORDER BY name, wa_id LIMIT 1)"
        " FROM a",
        5, p);
    if (res == NULL)
        return -1;
    cJSON *pv = cJSON_AddObjectToObject(doc, "preview");
    if (pv == NULL)
        wa_fatal("out of memory");
    cJSON_AddNumberToObject(pv, "recipients", atof(PQgetvalue(res, 0, 0)));
    cJSON_AddNumberToObject(pv, "skipped_opted_out", atof(PQgetvalue(res, 0, 1)));
    cJSON_AddNumberToObject(pv, "skipped_duplicate", atof(PQgetvalue(res, 0, 2)));
    cJSON *sample = PQgetisnull(res, 0, 3) ? cJSON_CreateNull() : cJSON_Parse(PQgetvalue(res, 0, 3));
    if (sample == NULL)
        wa_fatal("out of memory");
    if (cJSON_IsObject(sample) && k->body_text[0] != '\0') {
        char text[4096];
        render(k->body_text, cJSON_GetObjectItemCaseSensitive(sample, "params"), text, sizeof(text));
        cJSON_AddStringToObject(sample, "text", text);
    }
    cJSON_AddItemToObject(pv, "sample", sample);
    cJSON_AddStringToObject(pv, "template_category", k->category);
    PQclear(res);
    return 0;
}

void dash_broadcasts_preview(dash_call_t *c)
{
    compose_t k;
    if (compose_read(c, &k, 0) != 0)
        return;
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        wa_fatal("out of memory");
    if (add_preview(c, &k, doc) != 0) {
        cJSON_Delete(doc);
        compose_free(&k);
        dash_reply_unavailable(c);
        return;
    }
    compose_free(&k);
    dash_reply_json(c->req, 200, cJSON_DetachItemFromObjectCaseSensitive(doc, "preview"));
    cJSON_Delete(doc);
}

/* Sends the broadcast's template, rendered for its first recipient (or with the variables' fixed texts), to the
 * caller's own number: body "to". */
void dash_broadcasts_test(dash_call_t *c)
{
    if (!is_admin(c) && !is_teacher(c)) {
        dash_reply_error(c->req, 403, "forbidden", "your role may not send broadcasts", NULL);
        return;
    }
    const char *to_in = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->body, "to"));
    char to[32];
    if (to_in == NULL || wa_phone_digits(to_in, to, sizeof(to)) < 8) {
        cJSON *f = cJSON_CreateObject();
        field_error(f, "to", "your own WhatsApp number, with its country code");
        dash_reply_error(c->req, 422, "invalid", "the test needs your number", f);
        return;
    }
    compose_t k;
    if (compose_read(c, &k, 0) != 0)
        return;
    const char *p[] = {c->tenant, k.groups_json, k.appt, k.category, k.vars_json, k.tname, k.tlang};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard broadcast test",
        "SELECT broadcast_message($6, $7, coalesce((SELECT params FROM broadcast_audience($1::uuid,"
        " ARRAY(SELECT jsonb_array_elements_text($2::jsonb)::uuid), $3::date, $4, $5::jsonb)"
        " WHERE state = 'pending' ORDER BY name, wa_id LIMIT 1),"
        " (SELECT coalesce(jsonb_agg(coalesce(v->>'text', v->>'source') ORDER BY o), '[]')"
        "    FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS e(v, o))))::text, gen_random_uuid()::text",
        7, p);
    if (res == NULL) {
        compose_free(&k);
        dash_reply_unavailable(c);
        return;
    }
    char out_id[64], created[24];
    snprintf(out_id, sizeof(out_id), "bctest:%s", PQgetvalue(res, 0, 1));
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_out_msg_t m = wa_out_msg_manual(out_id, c->tenant, to, "template", PQgetvalue(res, 0, 0), created);
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, c->w->cfg->wa->key_out, &m);
    redisReply *r = cmd.overflow ? NULL : dash_redis(c->w, cmd.argc, cmd.argv);
    PQclear(res);
    if (r == NULL || r->type != REDIS_REPLY_STRING) {
        if (r != NULL)
            freeReplyObject(r);
        compose_free(&k);
        dash_reply_unavailable(c);
        return;
    }
    freeReplyObject(r);
    char after[700];
    snprintf(after, sizeof(after), "{\"out_id\":\"%s\",\"template\":\"%.500s\"}", out_id, k.tname);
    audit(c, "broadcast.test", out_id, after);
    compose_free(&k);
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddStringToObject(doc, "out_id", out_id) == NULL)
        wa_fatal("out of memory");
    dash_reply_json(c->req, 202, doc);
}

/* The report of broadcast `id` if the caller may see it: a new cJSON, or NULL with *db_error set on a database
 * error. */
static cJSON *load_report(dash_call_t *c, const char *id, int *db_error)
{
    *db_error = 0;
    if (!dash_is_uuid(id))
        return NULL;
    const char *p[] = {id, c->tenant, teacher_param(c)};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard broadcast report",
                               "SELECT broadcast_report(b.id)::text FROM broadcasts b"
                               " WHERE b.id = $1::uuid AND b.doctor_id = $2::uuid AND " VISIBLE("b", "3"),
                               3, p);
    if (res == NULL) {
        *db_error = 1;
        return NULL;
    }
    cJSON *doc = PQntuples(res) == 1 ? cJSON_Parse(PQgetvalue(res, 0, 0)) : NULL;
    PQclear(res);
    return doc;
}

void dash_broadcasts_create(dash_call_t *c)
{
    if (!is_admin(c) && !is_teacher(c)) {
        dash_reply_error(c->req, 403, "forbidden", "your role may not send broadcasts", NULL);
        return;
    }
    compose_t k;
    if (compose_read(c, &k, 1) != 0)
        return;
    char actor[300];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    char sched[32] = "";
    if (k.sched != NULL) {
        snprintf(sched, sizeof(sched), "%s", k.sched);
        if (sched[10] == 'T')
            sched[10] = ' ';
    }
    const char *p[] = {c->tenant,
                       ap[0],
                       actor,
                       k.name,
                       k.tname,
                       k.tlang,
                       k.category[0] != '\0' ? k.category : NULL,
                       k.vars_json,
                       k.groups_json,
                       k.appt,
                       k.mode,
                       k.sched != NULL ? sched : NULL,
                       k.rec_json};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard broadcast create",
                               "SELECT broadcast_create($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::jsonb,"
                               " ARRAY(SELECT jsonb_array_elements_text($9::jsonb)::uuid), $10::date, $11,"
                               " $12::timestamp, $13::jsonb)::text",
                               13, p);
    if (res == NULL) {
        const char *state = wa_pg_sqlstate(c->w->pg);
        compose_free(&k);
        if (state != NULL && strncmp(state, "22", 2) == 0)
            dash_reply_error(c->req, 422, "invalid", "the broadcast is not valid (its time or recurrence)", NULL);
        else
            dash_reply_unavailable(c);
        return;
    }
    char id[40];
    snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    int dberr;
    cJSON *doc = load_report(c, id, &dberr);
    if (doc == NULL) {
        compose_free(&k);
        dash_reply_unavailable(c);
        return;
    }
    char *after = cJSON_PrintUnformatted(doc);
    if (after == NULL)
        wa_fatal("out of memory");
    char target[64];
    snprintf(target, sizeof(target), "broadcast:%s", id);
    audit(c, "broadcast.create", target, after);
    cJSON_free(after);
    wa_info("broadcast created", "doctor_id", c->tenant, "broadcast_id", id, "mode", k.mode);
    compose_free(&k);
    dash_reply_json(c->req, 201, doc);
}

void dash_broadcasts_list(dash_call_t *c)
{
    long limit;
    long long after;
    char lim[24], aft[24];
    if (dash_list_texts(c, &limit, &after, lim, aft) != 0)
        return;
    const char *params[] = {c->tenant, aft, lim, teacher_param(c)};
    dash_reply_page(
        c, "dashboard broadcasts list",
        "SELECT coalesce(json_agg(broadcast_report(t.id) ORDER BY t.seq DESC) FILTER (WHERE t.n <= $3::int), '[]'),"
        " count(*) > $3::int, min(t.seq) FILTER (WHERE t.n <= $3::int)"
        " FROM (SELECT b.id, b.seq, row_number() OVER (ORDER BY b.seq DESC) AS n FROM broadcasts b"
        " WHERE b.doctor_id = $1 AND ($2::bigint = 0 OR b.seq < $2::bigint) AND " VISIBLE(
            "b", "4") " ORDER BY b.seq DESC LIMIT $3::int + 1) t",
        4, params);
}

static int wants_csv(dash_call_t *c)
{
    const char *accept = dash_http_header(c->req, "accept");
    const char *fmt = dash_http_query(c->req, "format");
    return (accept != NULL && strstr(accept, "text/csv") != NULL) || (fmt != NULL && strcmp(fmt, "csv") == 0);
}

static void reply_csv(dash_call_t *c, const char *id)
{
    const char *p[] = {id};
    /* one CSV text: quoted fields, a formula-looking cell prefixed with ' (opened in a spreadsheet) */
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard broadcast csv",
        "WITH r AS (SELECT * FROM broadcast_recipients WHERE broadcast_id = $1::uuid ORDER BY id),"
        " q(v) AS (SELECT NULL::text)"
        " SELECT 'wa_id,name,child_names,state,error_code,error,sent_at,delivered_at,read_at,failed_at,replied_at'"
        " || chr(10) || coalesce(string_agg(concat_ws(',', "
        "   (SELECT string_agg('\"' || replace(CASE WHEN x ~ '^[=+@-]' THEN '''' || x ELSE x END, '\"', '\"\"')"
        "   || '\"', ',' ORDER BY o) FROM unnest(ARRAY[r.wa_id, r.name, r.child_names, r.state,"
        "   coalesce(r.error_code, ''), coalesce(r.error_text, ''), coalesce(r.sent_at::text, ''),"
        "   coalesce(r.delivered_at::text, ''), coalesce(r.read_at::text, ''), coalesce(r.failed_at::text, ''),"
        "   coalesce(r.replied_at::text, '')]) WITH ORDINALITY AS u(x, o))), chr(10) ORDER BY r.id) || chr(10), '')"
        " FROM r",
        1, p);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    const char *csv = PQgetvalue(res, 0, 0);
    size_t len = strlen(csv);
    h2o_req_t *req = c->req;
    req->res.status = 200;
    req->res.reason = "OK";
    req->res.content_length = len;
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL,
                          H2O_STRLIT("nosniff"));
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("text/csv; charset=utf-8"));
    char disp[96];
    snprintf(disp, sizeof(disp), "attachment; filename=\"broadcast-%.36s.csv\"", id);
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_DISPOSITION, NULL,
                   h2o_strdup(&req->pool, disp, SIZE_MAX).base, strlen(disp));
    h2o_send_inline(req, csv, len);
    PQclear(res);
}

void dash_broadcasts_get(dash_call_t *c)
{
    int dberr;
    cJSON *doc = load_report(c, c->param, &dberr);
    if (doc == NULL) {
        if (dberr)
            dash_reply_unavailable(c);
        else
            not_found(c);
        return;
    }
    if (wants_csv(c)) {
        cJSON_Delete(doc);
        reply_csv(c, c->param);
        return;
    }
    long limit;
    long long after;
    char lim[24], aft[24];
    if (dash_list_texts(c, &limit, &after, lim, aft) != 0) {
        cJSON_Delete(doc);
        return;
    }
    const char *state = dash_http_query(c->req, "state");
    const char *p[] = {c->param, aft, lim, state != NULL && state[0] != '\0' ? state : NULL};
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard broadcast recipients",
        "SELECT coalesce(json_agg(json_build_object('id', t.id, 'patient_id', t.patient_id, 'wa_id', t.wa_id,"
        " 'name', t.name, 'child_names', t.child_names, 'state', t.state, 'error_code', t.error_code,"
        " 'error', t.error_text, 'wamid', t.wamid, 'queued_at', t.queued_at, 'sent_at', t.sent_at,"
        " 'delivered_at', t.delivered_at, 'read_at', t.read_at, 'failed_at', t.failed_at,"
        " 'replied_at', t.replied_at) ORDER BY t.id) FILTER (WHERE t.n <= $3::int), '[]'),"
        " count(*) > $3::int, max(t.id) FILTER (WHERE t.n <= $3::int)"
        " FROM (SELECT r.*, row_number() OVER (ORDER BY r.id) AS n FROM broadcast_recipients r"
        " WHERE r.broadcast_id = $1::uuid AND r.id > $2::bigint"
        " AND ($4::text IS NULL OR r.state = $4 OR ($4 = 'opted_out' AND (r.state = 'skipped_opted_out'"
        " OR r.error_code = '131050')) OR ($4 = 'replied' AND r.replied_at IS NOT NULL))"
        " ORDER BY r.id LIMIT $3::int + 1) t",
        4, p);
    if (res == NULL) {
        cJSON_Delete(doc);
        dash_reply_unavailable(c);
        return;
    }
    cJSON *items = cJSON_Parse(PQgetvalue(res, 0, 0));
    int more = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    if (items == NULL || !cJSON_AddItemToObject(doc, "recipients", items) ||
        !cJSON_AddItemToObject(doc, "next_cursor",
                               more ? dash_cursor_encode(strtoll(PQgetvalue(res, 0, 2), NULL, 10))
                                    : cJSON_CreateNull()))
        wa_fatal("out of memory");
    PQclear(res);
    dash_reply_json(c->req, 200, doc);
}

static void control(dash_call_t *c, const char *action)
{
    if (!is_admin(c) && !is_teacher(c)) {
        dash_reply_error(c->req, 403, "forbidden", "your role may not steer broadcasts", NULL);
        return;
    }
    int dberr;
    cJSON *before = load_report(c, c->param, &dberr);
    if (before == NULL) {
        if (dberr)
            dash_reply_unavailable(c);
        else
            not_found(c);
        return;
    }
    cJSON_Delete(before);
    const char *p[] = {c->param, c->tenant, action};
    PGresult *res =
        wa_pg_exec(c->w->pg, "dashboard broadcast control", "SELECT broadcast_control($1::uuid, $2::uuid, $3)", 3, p);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    int applied = !PQgetisnull(res, 0, 0);
    PQclear(res);
    if (!applied) {
        dash_reply_error(c->req, 409, "bad_state", "the broadcast's state does not allow this", NULL);
        return;
    }
    cJSON *doc = load_report(c, c->param, &dberr);
    if (doc == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    char target[64], act[32], after[96];
    snprintf(target, sizeof(target), "broadcast:%.40s", c->param);
    snprintf(act, sizeof(act), "broadcast.%s", action);
    snprintf(after, sizeof(after), "{\"state\":\"%s\"}",
             cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "state")));
    audit(c, act, target, after);
    wa_info("broadcast steered", "doctor_id", c->tenant, "broadcast_id", c->param, "action", action);
    dash_reply_json(c->req, 200, doc);
}

void dash_broadcasts_pause(dash_call_t *c)
{
    control(c, "pause");
}

void dash_broadcasts_resume(dash_call_t *c)
{
    control(c, "resume");
}

void dash_broadcasts_cancel(dash_call_t *c)
{
    control(c, "cancel");
}

void dash_broadcasts_groups(dash_call_t *c)
{
    const char *p[] = {c->tenant, teacher_param(c)};
    PGresult *res =
        wa_pg_exec(c->w->pg, "dashboard broadcast groups",
                   "SELECT coalesce(json_agg(json_build_object('id', g.id, 'name', g.name, 'kind', g.kind, 'people',"
                   " (SELECT count(DISTINCT gm.patient_id) FROM group_members gm WHERE gm.group_id = g.id)) ORDER BY"
                   " lower(g.name)), '[]') FROM groups g WHERE g.doctor_id = $1::uuid AND ($2::uuid IS NULL OR g.id IN"
                   " (SELECT ug.group_id FROM user_groups ug WHERE ug.user_id = $2::uuid))",
                   2, p);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_list(c, PQgetvalue(res, 0, 0), 0, 0);
    PQclear(res);
}
