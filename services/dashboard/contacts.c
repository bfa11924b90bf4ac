/*
 * Contacts, groups and teachers' classes (services/dashboard; see contacts.h):
 * a tenant's contacts are its patients rows (the people who converse), with
 * the tenant's own name for them, their language, their opt-in (form, csv with
 * the declared basis, keyword) and the opt-outs the router and Meta set (STOP,
 * user_preferences, 131050), shown with time and source; groups are a school's
 * classes and any tenant's lists, with members (and the child each membership
 * is for) and the teachers a class belongs to. CSV import and export are
 * libwa's (wa/contacts.h), shared with wactl. Every statement filters by the
 * caller's tenant, and for a teacher by their classes; every change writes its
 * audit row (never a phone number or a name in the action text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/contacts.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "wa/text.h"
#include "contacts.h"
#include "http.h"
#include "inbox.h"
#include "live.h"

const char *dash_teacher(const dash_call_t *c)
{
    return c->who.kind == DASH_BY_SESSION && strcmp(c->who.role, "teacher") == 0 ? c->who.user_id : NULL;
}

/* --- helpers ------------------------------------------------------------------------------------------------- */

static void not_found(dash_call_t *c, const char *what)
{
    dash_reply_error(c->req, 404, "not_found", what, NULL);
}

static void invalid(dash_call_t *c, cJSON *errors)
{
    dash_reply_error(c->req, 422, "invalid", "some fields are invalid", errors);
}

static void field_error(cJSON *errors, const char *field, const char *what)
{
    if (cJSON_GetObjectItemCaseSensitive(errors, field) == NULL && cJSON_AddStringToObject(errors, field, what) == NULL)
        wa_fatal("out of memory");
}

/* The end of a body's checks (takes `errors`): answers 503 when the database did not answer (`db_failed`), 422 with
 * the errors when there are any. Returns 0 to go on, else -1. */
static int checked(dash_call_t *c, cJSON *errors, int db_failed)
{
    if (db_failed) {
        cJSON_Delete(errors);
        dash_reply_unavailable(c);
        return -1;
    }
    if (cJSON_GetArraySize(errors) > 0) {
        invalid(c, errors);
        return -1;
    }
    cJSON_Delete(errors);
    return 0;
}

static char *print(const cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

/* A text field of the body: absent (returns 0), null (1, *out NULL, when nullable), a string of min..max bytes of
 * UTF-8 after trimming spaces (1, *out a new string), else an error (-1). */
static int text_field(const cJSON *body, const char *name, size_t min, size_t max, int nullable, char **out,
                      cJSON *errors)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
    char msg[96];
    *out = NULL;
    if (v == NULL)
        return 0;
    if (cJSON_IsNull(v) && nullable)
        return 1;
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        size_t n;
        while (*s == ' ')
            s++;
        n = strlen(s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        if (n >= min && n <= max) {
            *out = wa_strndup(s, n);
            int ok = 1;
            for (size_t i = 0, k; ok && i < n; i += k) /* valid UTF-8, no control characters */
                ok = (k = wa_utf8_seq((const unsigned char *)*out + i, n - i)) != 0 &&
                     ((unsigned char)(*out)[i] >= 0x20 || (*out)[i] == '\t') && (*out)[i] != 0x7f;
            if (ok)
                return 1;
            free(*out);
            *out = NULL;
        }
    }
    snprintf(msg, sizeof(msg), "a text of %zu to %zu characters%s", min, max, nullable ? ", or null" : "");
    field_error(errors, name, msg);
    return -1;
}

/* Writes an audit row; a failure is logged (the change is done). */
static void audit(dash_call_t *c, const char *action, const char *target, const char *before_json,
                  const char *after_json)
{
    char actor[300];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, ap[0], ap[1], ap[2], action, target, before_json, after_json};
    if (wa_pg_run(
            c->w->pg, "dashboard contacts audit",
            "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, before, after)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)",
            8, params) != 0)
        wa_error("could not write the audit row", "doctor_id", c->tenant, "action", action);
}

/* A contact as the API shows it (alias p; the teacher parameter limits the groups listed). */
#define CONTACT_JSON(tparam)                                                                                           \
    "jsonb_build_object('id', p.id, 'wa_id', p.wa_id, 'phone', CASE WHEN p.wa_id ~ '^[0-9]+$' THEN p.wa_id END,"       \
    " 'user_id', p.user_id, 'username', p.username, 'name', coalesce(p.display_name, p.profile_name),"                 \
    " 'display_name', p.display_name, 'profile_name', p.profile_name, 'lang', p.lang, 'created_at', p.created_at,"     \
    " 'last_inbound_at', p.last_inbound_at,"                                                                           \
    " 'consent', jsonb_build_object('opted_in', p.opted_in, 'at', p.opted_in_at, 'source', p.opt_in_source,"           \
    " 'basis', p.opt_in_basis, 'by', p.opt_in_by),"                                                                    \
    " 'opt_out', jsonb_build_object('stop', p.opted_out, 'stop_at', CASE WHEN p.opted_out THEN p.opted_out_at END,"    \
    " 'marketing', p.marketing_opt_out, 'marketing_at', p.marketing_consent_at, 'marketing_source',"                   \
    " p.marketing_consent_source),"                                                                                    \
    " 'sendable', p.opted_in AND NOT p.opted_out,"                                                                     \
    " 'groups', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name, 'kind', g.kind,"             \
    " 'child_name', nullif(gm.child_name, '')) ORDER BY g.name, gm.child_name), '[]') FROM group_members gm"           \
    " JOIN groups g ON g.id = gm.group_id WHERE gm.patient_id = p.id AND (" tparam "::uuid IS NULL OR gm.group_id IN"  \
    " (SELECT ug.group_id FROM user_groups ug WHERE ug.user_id = " tparam "::uuid))))"

#define GROUP_JSON                                                                                                     \
    "jsonb_build_object('id', g.id, 'name', g.name, 'kind', g.kind, 'description', g.description,"                     \
    " 'members', (SELECT count(DISTINCT gm.patient_id) FROM group_members gm WHERE gm.group_id = g.id),"               \
    " 'teachers', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name)"         \
    " ORDER BY u.email), '[]') FROM user_groups ug JOIN users u ON u.id = ug.user_id WHERE ug.group_id = g.id),"       \
    " 'created_at', g.created_at)"

/* The row of the path (one uuid), selected by `sql` with $1 the tenant, $2 the id and $3 the teacher (NULL for
 * others). Returns 1 found (id copied), 0 not (answered 404 with `missing`), -1 (answered 503). */
static int load_by_id(dash_call_t *c, const char *what, const char *sql, const char *missing, char *id, size_t idsz)
{
    if (!dash_is_uuid(c->param)) {
        not_found(c, missing);
        return 0;
    }
    const char *params[] = {c->tenant, c->param, dash_teacher(c)};
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, 3, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    int found = PQntuples(res) == 1;
    if (found)
        snprintf(id, idsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    if (!found)
        not_found(c, missing);
    return found;
}

/* The contact of the path, seen by the caller. Same returns as load_by_id. */
static int load_contact(dash_call_t *c, char *id, size_t idsz)
{
    return load_by_id(c, "dashboard contact",
                      "SELECT p.id::text FROM patients p WHERE p.doctor_id = $1 AND p.id = $2::uuid"
                      " AND " DASH_TEACHER_SQL("p.id", "$3"),
                      "no such contact", id, idsz);
}

/* The group of the path, seen by the caller (a teacher: one of their classes). Same returns as load_by_id. */
static int load_group(dash_call_t *c, char *id, size_t idsz)
{
    return load_by_id(c, "dashboard group",
                      "SELECT g.id::text FROM groups g WHERE g.doctor_id = $1 AND g.id = $2::uuid"
                      " AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM user_groups ug WHERE"
                      " ug.group_id = g.id AND ug.user_id = $3::uuid))",
                      "no such group", id, idsz);
}

/* Answers `status` with the one row's text that `sql` selects, 404 with `missing` on none, 503 on a failure. */
static void reply_row(dash_call_t *c, int status, const char *what, const char *sql, int n, const char *const *params,
                      const char *missing)
{
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, n, params);
    if (dash_one_row(c, res, missing) != 1)
        return;
    dash_reply_raw(c->req, status, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
    PQclear(res);
}

/* Deletes the tenant's row `id` with `sql` ($1 tenant, $2 id, RETURNING the before-image as JSON text) and writes
 * the audit row `action` on "<kind>:<id>". Returns 0 done; -1 answered (404 with `missing`, or 503). */
static int delete_one(dash_call_t *c, const char *what, const char *sql, const char *id, const char *missing,
                      const char *action, const char *kind)
{
    char target[64];
    const char *params[] = {c->tenant, id};
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, 2, params);
    if (dash_one_row(c, res, missing) != 1)
        return -1;
    snprintf(target, sizeof(target), "%s:%s", kind, id);
    audit(c, action, target, PQgetvalue(res, 0, 0), NULL);
    PQclear(res);
    return 0;
}

/* Answers a page of a list: `sql` selects the items as JSON text and whether there are more; 503 on a failure. */
static void reply_page(dash_call_t *c, const char *what, const char *sql, int n, const char *const *params, long limit,
                       long long offset)
{
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, n, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_list(c, PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 1), "t") == 0, offset + limit);
    PQclear(res);
}

static void reply_contact(dash_call_t *c, int status, const char *id)
{
    const char *params[] = {c->tenant, id, dash_teacher(c)};
    reply_row(c, status, "dashboard contact read",
              "SELECT " CONTACT_JSON("$3") "::text FROM patients p WHERE p.doctor_id = $1 AND p.id = $2::uuid", 3,
              params, "no such contact");
}

/* Whether the ids of the JSON list `json` are all the tenant's: `sql` ($1 tenant, $2 the list) counts the unknown
 * ones. Returns 0 all known, 1 some unknown, -1 on a failure. */
static int count_unknown(dash_call_t *c, const char *what, const char *sql, const char *json)
{
    const char *params[] = {c->tenant, json};
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, 2, params);
    if (res == NULL)
        return -1;
    int unknown = strcmp(PQgetvalue(res, 0, 0), "0") != 0;
    PQclear(res);
    return unknown;
}

/* --- contacts ------------------------------------------------------------------------------------------------ */

/* The list is ordered by name; the cursor is the offset of the next page. */
void dash_contacts_list(dash_call_t *c)
{
    long limit;
    long long offset;
    char lim[24], off[24], digits[40] = "";
    const char *group = dash_http_query(c->req, "group"), *q = dash_http_query(c->req, "q");
    char *pattern = NULL;

    if (dash_list_params(c, &limit, &offset) != 0)
        return;
    if (group != NULL && group[0] == '\0')
        group = NULL;
    if (group != NULL && !dash_is_uuid(group)) {
        cJSON *f = dash_new_object();
        field_error(f, "group", "a group's id");
        invalid(c, f);
        return;
    }
    if (q != NULL && strlen(q) > 200) {
        cJSON *f = dash_new_object();
        field_error(f, "q", "at most 200 characters");
        invalid(c, f);
        return;
    }
    if (q != NULL && q[0] != '\0') {
        pattern = dash_like_pattern(q);
        if (wa_phone_digits(q, digits + 1, sizeof(digits) - 2) >= 4) {
            digits[0] = '%';
            strcat(digits, "%");
        } else {
            digits[0] = '\0';
        }
    }
    snprintf(lim, sizeof(lim), "%ld", limit);
    snprintf(off, sizeof(off), "%lld", offset);
    const char *params[] = {c->tenant, dash_teacher(c), group, pattern, digits[0] != '\0' ? digits : NULL, off, lim};
    reply_page(
        c, "dashboard contacts list",
        "WITH page AS (SELECT p.*, row_number() OVER (ORDER BY lower(coalesce(p.display_name, p.profile_name,"
        " p.wa_id)), p.id) AS rn FROM patients p WHERE p.doctor_id = $1 AND " DASH_TEACHER_SQL(
            "p.id",
            "$2") " AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM group_members x WHERE x.patient_id = p.id"
                  " AND x.group_id = $3::uuid))"
                  " AND ($4::text IS NULL OR p.display_name ILIKE $4 OR p.profile_name ILIKE $4 OR p.username ILIKE $4"
                  " OR p.wa_id LIKE $5::text OR EXISTS (SELECT 1 FROM group_members y WHERE y.patient_id = p.id"
                  " AND y.child_name ILIKE $4))"
                  " ORDER BY rn OFFSET $6::bigint LIMIT $7::int + 1)"
                  " SELECT coalesce(jsonb_agg(" CONTACT_JSON(
                      "$2") " ORDER BY p.rn) FILTER (WHERE p.rn <= $6::bigint +"
                            " $7::int), '[]')::text, count(*) > $7::int FROM page p",
        7, params, limit, offset);
    free(pattern);
}

void dash_contacts_get(dash_call_t *c)
{
    char id[40];
    if (load_contact(c, id, sizeof(id)) == 1)
        reply_contact(c, 200, id);
}

/* The body's "groups": [{"id", "child_name"}] checked against the tenant's groups, as JSON text for the statements
 * (caller frees), or NULL when absent; sets *bad with the error in `errors`. */
static char *groups_field(dash_call_t *c, cJSON *errors, int *bad)
{
    const cJSON *gs = cJSON_GetObjectItemCaseSensitive(c->body, "groups"), *g;
    *bad = 0;
    if (gs == NULL)
        return NULL;
    if (!cJSON_IsArray(gs) || cJSON_GetArraySize(gs) > 50) {
        field_error(errors, "groups", "a list of at most 50 {\"id\", \"child_name\"}");
        *bad = 1;
        return NULL;
    }
    cJSON *clean = cJSON_CreateArray();
    if (clean == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(g, gs)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(g, "id");
        char *child = NULL;
        if (!cJSON_IsObject(g) || !cJSON_IsString(id) || !dash_is_uuid(id->valuestring) ||
            text_field(g, "child_name", 0, WA_CONTACTS_MAX_CHILD, 1, &child, errors) < 0) {
            field_error(errors, "groups", "each {\"id\": a group's id, \"child_name\": a text or null}");
            *bad = 1;
            free(child);
            break;
        }
        cJSON *o = dash_new_object();
        if (cJSON_AddStringToObject(o, "id", id->valuestring) == NULL ||
            cJSON_AddStringToObject(o, "child", child != NULL ? child : "") == NULL || !cJSON_AddItemToArray(clean, o))
            wa_fatal("out of memory");
        free(child);
    }
    if (*bad) {
        cJSON_Delete(clean);
        return NULL;
    }
    char *json = print(clean);
    cJSON_Delete(clean);
    /* every id one of the tenant's groups */
    int unknown =
        count_unknown(c, "dashboard contact groups",
                      "SELECT count(*) FROM (SELECT DISTINCT x->>'id' AS id FROM jsonb_array_elements($2::jsonb)"
                      " x) i WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.doctor_id = $1"
                      " AND g.id = i.id::uuid)",
                      json);
    if (unknown != 0) {
        if (unknown > 0)
            field_error(errors, "groups", "no such group");
        *bad = unknown > 0 ? 1 : 2;
        free(json);
        return NULL;
    }
    return json;
}

/* The consent fields: "opted_in" (boolean) and "consent_basis" (how they agreed: required to opt in). Returns 1 set
 * (*opted_in, *basis), 0 absent, -1 invalid. */
static int consent_fields(dash_call_t *c, int *opted_in, char **basis, cJSON *errors)
{
    const cJSON *oi = cJSON_GetObjectItemCaseSensitive(c->body, "opted_in");
    *basis = NULL;
    if (text_field(c->body, "consent_basis", WA_CONTACTS_MIN_BASIS, WA_CONTACTS_MAX_BASIS, 1, basis, errors) < 0)
        return -1;
    if (oi == NULL) {
        if (*basis != NULL) {
            field_error(errors, "opted_in", "give opted_in with consent_basis");
            return -1;
        }
        return 0;
    }
    if (!cJSON_IsBool(oi)) {
        field_error(errors, "opted_in", "true or false");
        return -1;
    }
    *opted_in = cJSON_IsTrue(oi);
    if (*opted_in && *basis == NULL) {
        field_error(errors, "consent_basis", "how did they agree to messages? (e.g. signed the admission form)");
        return -1;
    }
    return 1;
}

static const char *lang_ok(const char *s)
{
    size_t n = strlen(s), k = 0;
    while (k < n && s[k] >= 'a' && s[k] <= 'z')
        k++;
    if ((k == 2 || k == 3) && (n == k || (n == k + 3 && s[k] == '_' && s[k + 1] >= 'A' && s[k + 1] <= 'Z' &&
                                          s[k + 2] >= 'A' && s[k + 2] <= 'Z')))
        return s;
    return NULL;
}

/* Replaces the contact's memberships with `groups_json` (checked) in the caller's transaction-less statement. */
static const char set_groups_sql[] =
    "WITH del AS (DELETE FROM group_members WHERE doctor_id = $1 AND patient_id = $2::uuid"
    " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements($3::jsonb) x WHERE (x->>'id')::uuid = group_id"
    " AND x->>'child' = child_name) RETURNING 1)"
    " INSERT INTO group_members (group_id, patient_id, doctor_id, child_name)"
    " SELECT DISTINCT (x->>'id')::uuid, $2::uuid, $1, x->>'child' FROM jsonb_array_elements($3::jsonb) x"
    " ON CONFLICT DO NOTHING";

/* Sets the links of the tenant's row `id` (a contact's groups, a group's teachers) to the JSON list `json` with
 * `sql` ($1 tenant, $2 id, $3 the list). Returns 0, or answers 503 and returns -1. */
static int set_links(dash_call_t *c, const char *what, const char *sql, const char *id, const char *json)
{
    const char *params[] = {c->tenant, id, json};
    if (wa_pg_run(c->w->pg, what, sql, 3, params) != 0) {
        dash_reply_unavailable(c);
        return -1;
    }
    return 0;
}

void dash_contacts_create(dash_call_t *c)
{
    cJSON *errors = dash_new_object();
    const cJSON *phone = cJSON_GetObjectItemCaseSensitive(c->body, "phone");
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(c->body, "user_id");
    char digits[24] = "", *name = NULL, *lang = NULL, *basis = NULL, *groups = NULL, id[40];
    const char *user_id = NULL;
    int opted_in = 0, bad = 0;

    if (phone != NULL && !cJSON_IsNull(phone)) {
        const char *why = cJSON_IsString(phone) ? wa_contact_phone_problem(phone->valuestring, digits, sizeof(digits))
                                                : "a phone number";
        if (why != NULL)
            field_error(errors, "phone", why);
    }
    if (user != NULL && !cJSON_IsNull(user)) {
        if (cJSON_IsString(user) && wa_is_bsuid(user->valuestring))
            user_id = user->valuestring;
        else
            field_error(errors, "user_id", "a WhatsApp user id (BSUID, like US.13491208655302741918)");
    }
    if (digits[0] == '\0' && user_id == NULL && cJSON_GetObjectItemCaseSensitive(errors, "phone") == NULL &&
        cJSON_GetObjectItemCaseSensitive(errors, "user_id") == NULL)
        field_error(errors, "phone", "a phone number with its country code (or a user_id)");
    text_field(c->body, "name", 1, WA_CONTACTS_MAX_NAME, 1, &name, errors);
    if (text_field(c->body, "lang", 2, 6, 1, &lang, errors) > 0 && lang != NULL && lang_ok(lang) == NULL)
        field_error(errors, "lang", "a language code such as en, hi, en_US");
    consent_fields(c, &opted_in, &basis, errors);
    if (cJSON_GetArraySize(errors) == 0)
        groups = groups_field(c, errors, &bad);
    if (checked(c, errors, bad == 2) != 0)
        goto out;
    {
        char actor[300];
        const char *ap[3];
        dash_actor_params(c, ap, actor, sizeof(actor));
        const char *wa_id = digits[0] != '\0' ? digits : user_id;
        const char *params[] = {c->tenant, wa_id, user_id, name, lang, opted_in ? "true" : "false", basis, actor};
        PGresult *res =
            wa_pg_exec(c->w->pg, "dashboard contact create",
                       "INSERT INTO patients (doctor_id, wa_id, user_id, display_name, lang, opted_in, opted_in_at,"
                       " opt_in_source, opt_in_basis, opt_in_by)"
                       " SELECT $1, $2, $3, $4, $5, $6::boolean, CASE WHEN $6::boolean THEN now() END,"
                       " CASE WHEN $6::boolean THEN 'form' END, CASE WHEN $6::boolean THEN $7 END,"
                       " CASE WHEN $6::boolean THEN $8 END"
                       " WHERE NOT EXISTS (SELECT 1 FROM patients WHERE doctor_id = $1 AND (wa_id = $2 OR user_id = $3"
                       " OR wa_id = $3))"
                       " ON CONFLICT DO NOTHING RETURNING id::text",
                       8, params);
        if (res == NULL) {
            dash_reply_unavailable(c);
            goto out;
        }
        if (PQntuples(res) != 1) {
            PQclear(res);
            cJSON *f = dash_new_object();
            field_error(f, digits[0] != '\0' ? "phone" : "user_id", "already a contact: change that one instead");
            dash_reply_error(c->req, 409, "exists", "this contact exists already", f);
            goto out;
        }
        snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    if (groups != NULL && set_links(c, "dashboard contact groups set", set_groups_sql, id, groups) != 0)
        goto out;
    {
        char target[64], after[160];
        snprintf(target, sizeof(target), "patient:%s", id);
        snprintf(after, sizeof(after), "{\"opted_in\":%s,\"groups\":%d}", opted_in ? "true" : "false",
                 groups != NULL ? cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c->body, "groups")) : 0);
        audit(c, "contact.create", target, NULL, after);
    }
    reply_contact(c, 201, id);
out:
    free(name);
    free(lang);
    free(basis);
    free(groups);
}

void dash_contacts_update(dash_call_t *c)
{
    char id[40], *name = NULL, *lang = NULL, *basis = NULL, *groups = NULL;
    int opted_in = 0, has_consent, has_name, has_lang, bad = 0;
    cJSON *errors, *v;

    if (load_contact(c, id, sizeof(id)) != 1)
        return;
    errors = dash_new_object();
    cJSON_ArrayForEach(v, c->body)
    {
        static const char *const known[] = {"name", "lang", "opted_in", "consent_basis", "groups", NULL};
        int k = 0;
        while (known[k] != NULL && strcmp(known[k], v->string) != 0)
            k++;
        if (known[k] == NULL)
            field_error(errors, v->string, "unknown field (the number and the opt-outs are the contact's own)");
    }
    if (cJSON_GetArraySize(c->body) == 0)
        field_error(errors, "body", "nothing to change");
    has_name = text_field(c->body, "name", 1, WA_CONTACTS_MAX_NAME, 1, &name, errors);
    has_lang = text_field(c->body, "lang", 2, 6, 1, &lang, errors);
    if (has_lang > 0 && lang != NULL && lang_ok(lang) == NULL)
        field_error(errors, "lang", "a language code such as en, hi, en_US");
    has_consent = consent_fields(c, &opted_in, &basis, errors);
    if (cJSON_GetArraySize(errors) == 0)
        groups = groups_field(c, errors, &bad);
    if (checked(c, errors, bad == 2) != 0)
        goto out;
    {
        char actor[300], target[64];
        const char *ap[3];
        dash_actor_params(c, ap, actor, sizeof(actor));
        /* an opt-in recorded again keeps its first time and basis; withdrawing it (opted_in false) clears it */
        const char *params[] = {c->tenant,
                                id,
                                has_name > 0 ? "1" : NULL,
                                name,
                                has_lang > 0 ? "1" : NULL,
                                lang,
                                has_consent > 0 ? (opted_in ? "true" : "false") : NULL,
                                basis,
                                actor};
        PGresult *res = wa_pg_exec(
            c->w->pg, "dashboard contact update",
            "WITH old AS (SELECT display_name, lang, opted_in FROM patients WHERE doctor_id = $1 AND id = $2::uuid"
            " FOR UPDATE)"
            " UPDATE patients p SET display_name = CASE WHEN $3::text IS NULL THEN p.display_name ELSE $4 END,"
            " lang = CASE WHEN $5::text IS NULL THEN p.lang ELSE $6 END,"
            " opted_in = coalesce($7::boolean, p.opted_in),"
            " opted_in_at = CASE WHEN $7::boolean IS NULL OR ($7::boolean AND p.opted_in) THEN p.opted_in_at"
            " WHEN $7::boolean THEN now() END,"
            " opt_in_source = CASE WHEN $7::boolean IS NULL OR ($7::boolean AND p.opted_in) THEN p.opt_in_source"
            " WHEN $7::boolean THEN 'form' END,"
            " opt_in_basis = CASE WHEN $7::boolean IS NULL OR ($7::boolean AND p.opted_in) THEN p.opt_in_basis"
            " WHEN $7::boolean THEN $8 END,"
            " opt_in_by = CASE WHEN $7::boolean IS NULL OR ($7::boolean AND p.opted_in) THEN p.opt_in_by"
            " WHEN $7::boolean THEN $9 END,"
            " updated_at = now() FROM old WHERE p.doctor_id = $1 AND p.id = $2::uuid"
            " RETURNING jsonb_build_object('name_changed', old.display_name IS DISTINCT FROM p.display_name,"
            " 'lang', p.lang, 'opted_in_before', old.opted_in, 'opted_in', p.opted_in)::text",
            9, params);
        if (dash_one_row(c, res, "no such contact") != 1)
            goto out;
        char *after = wa_strdup(PQgetvalue(res, 0, 0));
        PQclear(res);
        if (groups != NULL) {
            if (set_links(c, "dashboard contact groups set", set_groups_sql, id, groups) != 0) {
                free(after);
                goto out;
            }
        }
        snprintf(target, sizeof(target), "patient:%s", id);
        audit(c, "contact.update", target, NULL, after);
        free(after);
    }
    reply_contact(c, 200, id);
out:
    free(name);
    free(lang);
    free(basis);
    free(groups);
}

void dash_contacts_delete(dash_call_t *c)
{
    char id[40];
    if (load_contact(c, id, sizeof(id)) != 1 ||
        delete_one(c, "dashboard contact delete",
                   "DELETE FROM patients WHERE doctor_id = $1 AND id = $2::uuid"
                   " RETURNING jsonb_build_object('opted_in', opted_in, 'stop', opted_out)::text",
                   id, "no such contact", "contact.delete", "patient") != 0)
        return;
    dash_events_publish(c->w, c->tenant, "flag", id); /* open inboxes drop the conversation */
    dash_reply_empty(c->req);
}

void dash_contacts_import(dash_call_t *c)
{
    const cJSON *csv = cJSON_GetObjectItemCaseSensitive(c->body, "csv");
    const cJSON *basis = cJSON_GetObjectItemCaseSensitive(c->body, "basis");
    const cJSON *commit = cJSON_GetObjectItemCaseSensitive(c->body, "commit");
    const cJSON *skip = cJSON_GetObjectItemCaseSensitive(c->body, "skip_invalid");
    cJSON *errors = dash_new_object();
    char err[256] = "", actor[300], *report = NULL;
    const char *ap[3];

    if (!cJSON_IsString(csv) || csv->valuestring[0] == '\0')
        field_error(errors, "csv", "the file's text (CSV, UTF-8)");
    if (basis != NULL && !cJSON_IsNull(basis) && !cJSON_IsString(basis))
        field_error(errors, "basis", "a text");
    if ((commit != NULL && !cJSON_IsBool(commit)) || (skip != NULL && !cJSON_IsBool(skip)))
        field_error(errors, commit != NULL && !cJSON_IsBool(commit) ? "commit" : "skip_invalid", "true or false");
    if (cJSON_GetArraySize(errors) > 0) {
        invalid(c, errors);
        return;
    }
    dash_actor_params(c, ap, actor, sizeof(actor));
    int rc = wa_contacts_import(c->w->pg, c->tenant, csv->valuestring, strlen(csv->valuestring),
                                cJSON_IsString(basis) ? basis->valuestring : NULL, cJSON_IsTrue(commit),
                                cJSON_IsTrue(skip), ap[0], ap[1], ap[2], &report, err, sizeof(err));
    switch (rc) {
    case WA_IMPORT_OK:
        cJSON_Delete(errors);
        dash_reply_raw(c->req, 200, report, strlen(report));
        break;
    case WA_IMPORT_BAD_ROWS: {
        /* the error shape, with the preview under "report" so that the page shows which rows */
        cJSON *doc = dash_new_object(), *e = dash_new_object(), *rep = cJSON_Parse(report);
        field_error(errors, "csv", "some rows are invalid: correct them, or import the others with skip_invalid");
        if (rep == NULL || !cJSON_AddItemToObject(doc, "error", e) ||
            cJSON_AddStringToObject(e, "code", "invalid_rows") == NULL ||
            cJSON_AddStringToObject(e, "message", "some rows are invalid: nothing was imported") == NULL ||
            !cJSON_AddItemToObject(e, "fields", errors) || !cJSON_AddItemToObject(doc, "report", rep))
            wa_fatal("out of memory");
        dash_reply_json(c->req, 422, doc);
        break;
    }
    case WA_IMPORT_BAD_FILE:
        field_error(errors, strncmp(err, "basis:", 6) == 0 ? "basis" : "csv",
                    strncmp(err, "basis:", 6) == 0 ? err + 7 : err);
        invalid(c, errors);
        break;
    default:
        cJSON_Delete(errors);
        dash_reply_unavailable(c);
        break;
    }
    free(report);
}

void dash_contacts_export(dash_call_t *c)
{
    const char *group = dash_http_query(c->req, "group");
    if (group != NULL && group[0] == '\0')
        group = NULL;
    if (group != NULL && !dash_is_uuid(group)) {
        cJSON *f = dash_new_object();
        field_error(f, "group", "a group's id");
        invalid(c, f);
        return;
    }
    char *csv = wa_contacts_export(c->w->pg, c->tenant, group, dash_teacher(c));
    if (csv == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    audit(c, "contacts.export", "contacts", NULL, group != NULL ? "{\"group\":true}" : "{\"group\":false}");
    dash_reply_text(c->req, 200, "text/csv; charset=utf-8", "contacts.csv", csv, strlen(csv));
    free(csv);
}

/* --- groups -------------------------------------------------------------------------------------------------- */

void dash_groups_list(dash_call_t *c)
{
    long limit;
    long long offset;
    char lim[24], off[24];
    if (dash_list_texts(c, &limit, &offset, lim, off) != 0)
        return;
    const char *params[] = {c->tenant, dash_teacher(c), off, lim};
    reply_page(c, "dashboard groups list",
               "WITH page AS (SELECT g.*, row_number() OVER (ORDER BY g.kind, lower(g.name), g.id) AS rn FROM groups g"
               " WHERE g.doctor_id = $1 AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM user_groups ug WHERE"
               " ug.group_id = g.id AND ug.user_id = $2::uuid)) ORDER BY rn OFFSET $3::bigint LIMIT $4::int + 1)"
               " SELECT coalesce(jsonb_agg(" GROUP_JSON " ORDER BY g.rn) FILTER (WHERE g.rn <= $3::bigint + $4::int),"
               " '[]')::text, count(*) > $4::int FROM page g",
               4, params, limit, offset);
}

/* The body of a group: name, kind (class | list), description, teacher_ids (users of the tenant whose role is
 * teacher). Returns the checked teacher ids as JSON text (caller frees; NULL when absent) and sets *ok. */
static char *group_fields(dash_call_t *c, int creating, char **name, const char **kind, char **desc, int *has_desc,
                          cJSON *errors, int *db_error)
{
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(c->body, "kind");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(c->body, "teacher_ids"), *v;
    *kind = NULL;
    *db_error = 0;
    cJSON_ArrayForEach(v, c->body)
    {
        if (strcmp(v->string, "name") != 0 && strcmp(v->string, "kind") != 0 && strcmp(v->string, "description") != 0 &&
            strcmp(v->string, "teacher_ids") != 0)
            field_error(errors, v->string, "unknown field");
    }
    if (text_field(c->body, "name", 1, WA_CONTACTS_MAX_GROUP, 0, name, errors) == 0 && creating)
        field_error(errors, "name", "required");
    if (*name != NULL && strchr(*name, ';') != NULL)
        field_error(errors, "name", "no ';' (it separates groups in a CSV file)");
    *has_desc = text_field(c->body, "description", 0, 500, 1, desc, errors);
    if (k != NULL) {
        if (cJSON_IsString(k) && (strcmp(k->valuestring, "class") == 0 || strcmp(k->valuestring, "list") == 0))
            *kind = k->valuestring;
        else
            field_error(errors, "kind", "class or list");
    }
    if (t == NULL)
        return NULL;
    if (!cJSON_IsArray(t) || cJSON_GetArraySize(t) > 50) {
        field_error(errors, "teacher_ids", "a list of teachers' user ids");
        return NULL;
    }
    cJSON_ArrayForEach(v, t)
    {
        if (!cJSON_IsString(v) || !dash_is_uuid(v->valuestring)) {
            field_error(errors, "teacher_ids", "a list of teachers' user ids");
            return NULL;
        }
    }
    char *json = print(t);
    int unknown = count_unknown(c, "dashboard group teachers",
                                "SELECT count(*) FROM (SELECT DISTINCT jsonb_array_elements_text($2::jsonb) AS id) i"
                                " WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.doctor_id = $1 AND u.id = i.id::uuid"
                                " AND u.role = 'teacher' AND u.disabled_at IS NULL)",
                                json);
    if (unknown != 0) {
        if (unknown > 0)
            field_error(errors, "teacher_ids", "not a teacher of this school");
        else
            *db_error = 1;
        free(json);
        return NULL;
    }
    return json;
}

static const char set_teachers_sql[] =
    "WITH del AS (DELETE FROM user_groups WHERE doctor_id = $1 AND group_id = $2::uuid"
    " AND user_id::text NOT IN (SELECT jsonb_array_elements_text($3::jsonb)) RETURNING 1)"
    " INSERT INTO user_groups (user_id, group_id, doctor_id)"
    " SELECT DISTINCT x::uuid, $2::uuid, $1 FROM jsonb_array_elements_text($3::jsonb) x ON CONFLICT DO NOTHING";

static void reply_group(dash_call_t *c, int status, const char *id)
{
    const char *params[] = {c->tenant, id};
    reply_row(c, status, "dashboard group read",
              "SELECT " GROUP_JSON "::text FROM groups g WHERE g.doctor_id = $1 AND g.id = $2::uuid", 2, params,
              "no such group");
}

/* 409 for a name the tenant uses already (any case), else 503. */
static void group_write_failed(dash_call_t *c)
{
    if (strcmp(wa_pg_sqlstate(c->w->pg), "23505") == 0) {
        cJSON *f = dash_new_object();
        field_error(f, "name", "another group has this name");
        dash_reply_error(c->req, 409, "exists", "another group has this name", f);
    } else {
        dash_reply_unavailable(c);
    }
}

void dash_groups_create(dash_call_t *c)
{
    cJSON *errors = dash_new_object();
    char *name = NULL, *desc = NULL, *teachers, id[40], target[64];
    const char *kind;
    int has_desc, dberr;

    teachers = group_fields(c, 1, &name, &kind, &desc, &has_desc, errors, &dberr);
    if (checked(c, errors, dberr) != 0)
        goto out;
    {
        const char *params[] = {c->tenant, name, kind != NULL ? kind : "list", desc};
        PGresult *res = wa_pg_exec(c->w->pg, "dashboard group create",
                                   "INSERT INTO groups (doctor_id, name, kind, description) VALUES ($1, $2, $3, $4)"
                                   " RETURNING id::text",
                                   4, params);
        if (res == NULL) {
            group_write_failed(c);
            goto out;
        }
        snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    if (teachers != NULL && set_links(c, "dashboard group teachers set", set_teachers_sql, id, teachers) != 0)
        goto out;
    snprintf(target, sizeof(target), "group:%s", id);
    {
        cJSON *a = dash_new_object();
        if (cJSON_AddStringToObject(a, "name", name) == NULL ||
            cJSON_AddStringToObject(a, "kind", kind != NULL ? kind : "list") == NULL)
            wa_fatal("out of memory");
        char *after = print(a);
        cJSON_Delete(a);
        audit(c, "group.create", target, NULL, after);
        free(after);
    }
    reply_group(c, 201, id);
out:
    free(name);
    free(desc);
    free(teachers);
}

void dash_groups_update(dash_call_t *c)
{
    cJSON *errors;
    char *name = NULL, *desc = NULL, *teachers = NULL, id[40], target[64];
    const char *kind;
    int has_desc, dberr;

    if (load_group(c, id, sizeof(id)) != 1)
        return;
    if (dash_teacher(c) != NULL) { /* ADMIN route: not reached by a teacher; kept as a second lock */
        dash_reply_error(c->req, 403, "forbidden", "your role may not do this", NULL);
        return;
    }
    errors = dash_new_object();
    teachers = group_fields(c, 0, &name, &kind, &desc, &has_desc, errors, &dberr);
    if (cJSON_GetArraySize(c->body) == 0)
        field_error(errors, "body", "nothing to change");
    if (checked(c, errors, dberr) != 0)
        goto out;
    {
        const char *params[] = {c->tenant, id, name, kind, has_desc > 0 ? "1" : NULL, desc};
        PGresult *res = wa_pg_exec(c->w->pg, "dashboard group update",
                                   "UPDATE groups SET name = coalesce($3, name), kind = coalesce($4, kind),"
                                   " description = CASE WHEN $5::text IS NULL THEN description ELSE $6 END,"
                                   " updated_at = now() WHERE doctor_id = $1 AND id = $2::uuid"
                                   " RETURNING jsonb_build_object('name', name, 'kind', kind)::text",
                                   6, params);
        if (res == NULL) {
            group_write_failed(c);
            goto out;
        }
        snprintf(target, sizeof(target), "group:%s", id);
        char *after = PQntuples(res) == 1 ? wa_strdup(PQgetvalue(res, 0, 0)) : NULL;
        PQclear(res);
        if (after == NULL) {
            not_found(c, "no such group");
            goto out;
        }
        if (teachers != NULL) {
            if (set_links(c, "dashboard group teachers set", set_teachers_sql, id, teachers) != 0) {
                free(after);
                goto out;
            }
        }
        audit(c, teachers != NULL ? "group.update_teachers" : "group.update", target, NULL, after);
        free(after);
    }
    reply_group(c, 200, id);
out:
    free(name);
    free(desc);
    free(teachers);
}

void dash_groups_delete(dash_call_t *c)
{
    char id[40];
    if (load_group(c, id, sizeof(id)) != 1 ||
        delete_one(c, "dashboard group delete",
                   "DELETE FROM groups WHERE doctor_id = $1 AND id = $2::uuid"
                   " RETURNING jsonb_build_object('name', name, 'kind', kind)::text",
                   id, "no such group", "group.delete", "group") != 0)
        return;
    dash_reply_empty(c->req);
}

void dash_group_members_list(dash_call_t *c)
{
    long limit;
    long long offset;
    char id[40], lim[24], off[24];
    if (dash_list_texts(c, &limit, &offset, lim, off) != 0 || load_group(c, id, sizeof(id)) != 1)
        return;
    const char *params[] = {c->tenant, id, off, lim};
    reply_page(c, "dashboard group members",
               "WITH page AS (SELECT gm.child_name, p.id, p.wa_id, coalesce(p.display_name, p.profile_name) AS name,"
               " p.opted_in, p.opted_out, row_number() OVER (ORDER BY lower(coalesce(p.display_name, p.profile_name,"
               " p.wa_id)), gm.child_name, p.id) AS rn FROM group_members gm JOIN patients p ON p.id = gm.patient_id"
               " AND p.doctor_id = gm.doctor_id WHERE gm.doctor_id = $1 AND gm.group_id = $2::uuid"
               " ORDER BY rn OFFSET $3::bigint LIMIT $4::int + 1)"
               " SELECT coalesce(jsonb_agg(jsonb_build_object('patient_id', id, 'name', name, 'wa_id', wa_id,"
               " 'child_name', nullif(child_name, ''), 'sendable', opted_in AND NOT opted_out) ORDER BY rn)"
               " FILTER (WHERE rn <= $3::bigint + $4::int), '[]')::text, count(*) > $4::int FROM page",
               4, params, limit, offset);
}

void dash_group_members_add(dash_call_t *c)
{
    char id[40], *child = NULL, target[64];
    cJSON *errors;
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(c->body, "patient_id");
    if (load_group(c, id, sizeof(id)) != 1)
        return;
    errors = dash_new_object();
    if (!cJSON_IsString(pid) || !dash_is_uuid(pid->valuestring))
        field_error(errors, "patient_id", "a contact's id");
    text_field(c->body, "child_name", 0, WA_CONTACTS_MAX_CHILD, 1, &child, errors);
    if (cJSON_GetArraySize(errors) > 0) {
        invalid(c, errors);
        free(child);
        return;
    }
    cJSON_Delete(errors);
    const char *params[] = {c->tenant, id, pid->valuestring, child != NULL ? child : ""};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard group member add",
                               "INSERT INTO group_members (group_id, patient_id, doctor_id, child_name)"
                               " SELECT $2::uuid, p.id, $1, $4 FROM patients p WHERE p.doctor_id = $1"
                               " AND p.id = $3::uuid ON CONFLICT DO NOTHING RETURNING 1",
                               4, params);
    free(child);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    int added = PQntuples(res) == 1;
    PQclear(res);
    if (!added) {
        /* not one of the tenant's contacts, or a member already (for this child) */
        const char *ep[] = {c->tenant, pid->valuestring};
        PGresult *r2 = wa_pg_exec(c->w->pg, "dashboard group member check",
                                  "SELECT 1 FROM patients WHERE doctor_id = $1 AND id = $2::uuid", 2, ep);
        int exists = r2 != NULL && PQntuples(r2) == 1;
        if (r2 != NULL)
            PQclear(r2);
        if (!exists) {
            cJSON *f = dash_new_object();
            field_error(f, "patient_id", "no such contact");
            invalid(c, f);
            return;
        }
    }
    snprintf(target, sizeof(target), "group:%s", id);
    char after[120];
    snprintf(after, sizeof(after), "{\"patient_id\":\"%s\",\"added\":%s}", pid->valuestring, added ? "true" : "false");
    if (added)
        audit(c, "group.member_add", target, NULL, after);
    dash_reply_raw(c->req, added ? 201 : 200, after, strlen(after));
}

void dash_group_members_remove(dash_call_t *c)
{
    char id[40], target[64], before[120];
    const char *pid = dash_http_query(c->req, "patient_id"), *child = dash_http_query(c->req, "child_name");
    if (load_group(c, id, sizeof(id)) != 1)
        return;
    if (pid == NULL || !dash_is_uuid(pid)) {
        cJSON *f = dash_new_object();
        field_error(f, "patient_id", "?patient_id=<a contact's id> (and ?child_name= for one child only)");
        invalid(c, f);
        return;
    }
    const char *params[] = {c->tenant, id, pid, child};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard group member remove",
                               "DELETE FROM group_members WHERE doctor_id = $1 AND group_id = $2::uuid"
                               " AND patient_id = $3::uuid AND ($4::text IS NULL OR child_name = $4)",
                               4, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    int removed = strcmp(PQcmdTuples(res), "0") != 0;
    PQclear(res);
    if (!removed) {
        not_found(c, "no such member");
        return;
    }
    snprintf(target, sizeof(target), "group:%s", id);
    snprintf(before, sizeof(before), "{\"patient_id\":\"%s\"}", pid);
    audit(c, "group.member_remove", target, before, NULL);
    dash_reply_empty(c->req);
}

/* --- teachers ------------------------------------------------------------------------------------------------ */

void dash_teachers_list(dash_call_t *c)
{
    const char *params[] = {c->tenant};
    PGresult *res =
        wa_pg_exec(c->w->pg, "dashboard teachers",
                   "SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name,"
                   " 'disabled', u.disabled_at IS NOT NULL, 'group_ids', (SELECT coalesce(jsonb_agg(ug.group_id), '[]')"
                   " FROM user_groups ug WHERE ug.user_id = u.id)) ORDER BY lower(u.email)), '[]')::text"
                   " FROM users u WHERE u.doctor_id = $1 AND u.role = 'teacher'",
                   1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_list(c, PQgetvalue(res, 0, 0), 0, 0);
    PQclear(res);
}
