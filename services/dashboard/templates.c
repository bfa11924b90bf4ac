/*
 * The clinic's message templates through the API (services/dashboard): GET
 * /api/v1/templates lists the templates table (deploy/migrations/
 * 013_templates.sql); POST /api/v1/templates/sync reads every template of the
 * clinic's WABA from the Graph API (API_REFERENCE A.10.1, cursor paging) with
 * the clinic's own credentials and upserts them, marking the ones Meta no
 * longer lists DELETED; POST /api/v1/templates checks a new template (name,
 * category, components, an example for every variable: A.10.2), submits it
 * for approval and stores it as Meta answers (PENDING). The template webhooks
 * keep rows current without this module: a trigger applies the ones the
 * router records in webhook_events. Sync and create are audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "api.h"
#include "wa/crypt.h"
#include "http.h"
#include "whatsapp.h"

#define SYNC_MAX_PAGES 50

static const char row_json[] =
    "json_build_object('id', t.id, 'name', t.name, 'language', t.language, 'category', t.category,"
    " 'status', t.status, 'quality', t.quality, 'rejection_reason', t.rejection_reason,"
    " 'parameter_format', t.parameter_format, 'components', t.components, 'meta_id', t.meta_id,"
    " 'synced_at', t.synced_at, 'updated_at', t.updated_at)";

void dash_templates_list(dash_call_t *c)
{
    long limit;
    long long after;
    char lim[24], aft[24], sql[2048];
    if (dash_list_texts(c, &limit, &after, lim, aft) != 0)
        return;
    const char *params[] = {c->tenant, aft, lim};
    snprintf(sql, sizeof(sql),
             "SELECT coalesce(json_agg(%s ORDER BY t.id) FILTER (WHERE t.n <= $3::int), '[]'), count(*) > $3::int,"
             " max(t.id) FILTER (WHERE t.n <= $3::int)"
             " FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM templates"
             " WHERE doctor_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3::int + 1) t",
             row_json);
    dash_reply_page(c, "dashboard templates list", sql, 3, params);
}

static void graph_base(dash_call_t *c, char *url, size_t urlsz, const char *waba)
{
    const char *base = c->w->cfg->wa->graph_url;
    size_t blen = strlen(base);
    snprintf(url, urlsz, "%.*s/%s/message_templates", (int)(blen > 0 && base[blen - 1] == '/' ? blen - 1 : blen), base,
             waba);
}

static void audit(dash_call_t *c, const char *action, const char *target, const char *after_json)
{
    char actor[300];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->tenant, ap[0], ap[1], ap[2], action, target, after_json};
    (void)wa_pg_run(c->w->pg, "dashboard templates audit",
                    "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                    7, params);
}

/* The cursor for the next page: paging.cursors.after when paging.next is present (the same query with after=;
 * the token is never sent to a URL taken from an answer), else NULL. */
static const char *next_cursor(const cJSON *page)
{
    const cJSON *paging = cJSON_GetObjectItemCaseSensitive(page, "paging");
    if (cJSON_GetObjectItemCaseSensitive(paging, "next") == NULL)
        return NULL;
    return cJSON_GetStringValue(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(paging, "cursors"), "after"));
}

void dash_templates_sync(dash_call_t *c)
{
    char *token = NULL, waba[72], base[1024], url[2048], why[400], cursor[512] = "";
    cJSON *all = cJSON_CreateArray();
    int pages = 0, ok = 1;
    if (all == NULL)
        wa_fatal("out of memory");
    if (dash_whatsapp_token(c, &token, waba, sizeof(waba)) != 0)
        goto out;
    graph_base(c, base, sizeof(base), waba);
    for (;;) {
        snprintf(url, sizeof(url),
                 "%s?fields=name,language,status,category,parameter_format,components,rejected_reason,quality_score"
                 "&limit=100%s%s",
                 base, cursor[0] != '\0' ? "&after=" : "", cursor);
        cJSON *page = dash_graph_call(c, "GET", url, token, NULL, why, sizeof(why));
        if (page == NULL) {
            dash_reply_error(c->req, 502, "graph_refused", why, NULL);
            ok = 0;
            break;
        }
        cJSON *data = cJSON_DetachItemFromObjectCaseSensitive(page, "data"), *t;
        if (cJSON_IsArray(data))
            while ((t = cJSON_DetachItemFromArray(data, 0)) != NULL)
                cJSON_AddItemToArray(all, t);
        cJSON_Delete(data);
        const char *next = next_cursor(page);
        int more = next != NULL &&
                   strspn(next, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=") == strlen(next) &&
                   strlen(next) < sizeof(cursor);
        if (more)
            snprintf(cursor, sizeof(cursor), "%s", next);
        cJSON_Delete(page);
        if (!more || ++pages >= SYNC_MAX_PAGES)
            break;
    }
    if (!ok)
        goto out;
    char *json = cJSON_PrintUnformatted(all);
    if (json == NULL)
        wa_fatal("out of memory");
    const char *params[] = {c->tenant, json};
    /* one statement: upsert what Meta lists, mark DELETED what it no longer does */
    PGresult *res = wa_pg_exec(
        c->w->pg, "dashboard templates sync",
        "WITH src AS (SELECT t->>'id' AS meta_id, t->>'name' AS name, replace(t->>'language', '-', '_') AS language,"
        "  t->>'category' AS category, coalesce(t->>'status', 'PENDING') AS status,"
        "  t->'quality_score'->>'score' AS quality,"
        "  CASE WHEN jsonb_typeof(t->'rejected_reason') = 'string' AND t->>'rejected_reason' <> 'NONE'"
        "       THEN t->>'rejected_reason' END AS rejection_reason,"
        "  t->>'parameter_format' AS parameter_format, coalesce(t->'components', '[]') AS components"
        "  FROM jsonb_array_elements($2::jsonb) t"
        "  WHERE t->>'name' ~ '^[a-z0-9_]+$' AND length(t->>'name') <= 512 AND length(t->>'language') BETWEEN 2 AND "
        "16),"
        " up AS (INSERT INTO templates (doctor_id, meta_id, name, language, category, status, quality,"
        "  rejection_reason, parameter_format, components, synced_at)"
        "  SELECT DISTINCT ON (name, language) $1::uuid, meta_id, name, language, category, status, quality,"
        "  rejection_reason, parameter_format, components, now() FROM src"
        "  ON CONFLICT (doctor_id, name, language) DO UPDATE SET meta_id = excluded.meta_id,"
        "  category = excluded.category, status = excluded.status, quality = excluded.quality,"
        "  rejection_reason = excluded.rejection_reason, parameter_format = excluded.parameter_format,"
        "  components = excluded.components, synced_at = now(), updated_at = now() RETURNING id),"
        " gone AS (UPDATE templates SET status = 'DELETED', synced_at = now(), updated_at = now()"
        "  WHERE doctor_id = $1::uuid AND status <> 'DELETED' AND meta_id IS NOT NULL"
        "  AND (name, language) NOT IN (SELECT name, language FROM src) RETURNING id)"
        " SELECT (SELECT count(*) FROM up), (SELECT count(*) FROM gone)",
        2, params);
    cJSON_free(json);
    if (res == NULL) {
        dash_reply_unavailable(c);
        goto out;
    }
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddNumberToObject(doc, "synced", strtod(PQgetvalue(res, 0, 0), NULL)) == NULL ||
        cJSON_AddNumberToObject(doc, "deleted", strtod(PQgetvalue(res, 0, 1), NULL)) == NULL)
        wa_fatal("out of memory");
    PQclear(res);
    char *summary = cJSON_PrintUnformatted(doc);
    audit(c, "templates.sync", "templates", summary);
    cJSON_free(summary);
    dash_reply_json(c->req, 200, doc);
out:
    wa_crypt_free(token);
    cJSON_Delete(all);
}

/* How many distinct {{variables}} a text has (positional or named). */
static int count_vars(const char *text)
{
    int n = 0;
    for (const char *p = strstr(text, "{{"); p != NULL; p = strstr(p + 2, "{{"))
        if (strstr(p, "}}") != NULL)
            n++;
    return n;
}

/* The examples given for a component's variables (A.10.2: positional or named). */
static int count_examples(const cJSON *comp, const char *kind)
{
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(comp, "example"), *v;
    char key[64];
    snprintf(key, sizeof(key), "%s_text_named_params", kind);
    if ((v = cJSON_GetObjectItemCaseSensitive(ex, key)) != NULL)
        return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    snprintf(key, sizeof(key), "%s_text", kind);
    v = cJSON_GetObjectItemCaseSensitive(ex, key);
    if (!cJSON_IsArray(v))
        return 0;
    if (strcmp(kind, "body") == 0) /* [["Alice", "#42"]] */
        return cJSON_IsArray(cJSON_GetArrayItem(v, 0)) ? cJSON_GetArraySize(cJSON_GetArrayItem(v, 0)) : 0;
    return cJSON_GetArraySize(v);
}

static int name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 512)
        return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* Checks a new template against A.10.2's rules. Adds field -> message to errors. */
static void check_template(const cJSON *b, cJSON *errors)
{
    static const char *known[] = {"name", "language", "category", "parameter_format", "components", NULL};
    const cJSON *v, *comp;
    cJSON_ArrayForEach(v, b)
    {
        size_t k = 0;
        while (known[k] != NULL && strcmp(known[k], v->string) != 0)
            k++;
        if (known[k] == NULL)
            cJSON_AddStringToObject(errors, v->string, "unknown field");
    }
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name"));
    const char *lang = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "language"));
    const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "category"));
    const cJSON *pf = cJSON_GetObjectItemCaseSensitive(b, "parameter_format");
    if (name == NULL || !name_ok(name))
        cJSON_AddStringToObject(errors, "name", "lowercase letters, digits and '_', 1 to 512 characters");
    if (lang == NULL || strlen(lang) < 2 || strlen(lang) > 16 ||
        strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_") != strlen(lang))
        cJSON_AddStringToObject(errors, "language", "a language code such as en, en_US or hi");
    if (cat == NULL ||
        (strcmp(cat, "UTILITY") != 0 && strcmp(cat, "MARKETING") != 0 && strcmp(cat, "AUTHENTICATION") != 0))
        cJSON_AddStringToObject(errors, "category", "UTILITY, MARKETING or AUTHENTICATION");
    if (pf != NULL &&
        !(cJSON_IsString(pf) && (strcmp(pf->valuestring, "POSITIONAL") == 0 || strcmp(pf->valuestring, "NAMED") == 0)))
        cJSON_AddStringToObject(errors, "parameter_format", "POSITIONAL or NAMED");
    const cJSON *comps = cJSON_GetObjectItemCaseSensitive(b, "components");
    int bodies = 0, headers = 0;
    if (!cJSON_IsArray(comps) || cJSON_GetArraySize(comps) > 10) {
        cJSON_AddStringToObject(errors, "components", "a list of HEADER, BODY, FOOTER and BUTTONS components");
        return;
    }
    cJSON_ArrayForEach(comp, comps)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(comp, "type"));
        const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(comp, "text"));
        if (type == NULL) {
            cJSON_AddStringToObject(errors, "components", "every component needs a type");
            return;
        }
        if (strcmp(type, "BODY") == 0) {
            bodies++;
            if (text == NULL || text[0] == '\0' || strlen(text) > 1024)
                cJSON_AddStringToObject(errors, "components", "the BODY needs a text of 1 to 1024 characters");
            else if (count_examples(comp, "body") < count_vars(text))
                cJSON_AddStringToObject(errors, "components", "every variable of the BODY needs an example");
        } else if (strcmp(type, "HEADER") == 0) {
            headers++;
            const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(comp, "format"));
            if (format != NULL && strcmp(format, "TEXT") == 0) {
                if (text == NULL || text[0] == '\0' || strlen(text) > 60 || count_vars(text) > 1)
                    cJSON_AddStringToObject(errors, "components",
                                            "a TEXT header has 1 to 60 characters and at most one variable");
                else if (count_examples(comp, "header") < count_vars(text))
                    cJSON_AddStringToObject(errors, "components", "the header's variable needs an example");
            }
        } else if (strcmp(type, "FOOTER") == 0) {
            if (text == NULL || strlen(text) > 60)
                cJSON_AddStringToObject(errors, "components", "a FOOTER has a text of at most 60 characters");
        } else if (strcmp(type, "BUTTONS") != 0) {
            cJSON_AddStringToObject(errors, "components", "component types: HEADER, BODY, FOOTER, BUTTONS");
        }
    }
    if (bodies != 1 || headers > 1)
        cJSON_AddStringToObject(errors, "components", "exactly one BODY and at most one HEADER");
}

void dash_templates_create(dash_call_t *c)
{
    cJSON *errors = cJSON_CreateObject(), *ans = NULL;
    char *token = NULL, *body = NULL, waba[72], url[1024], why[400];
    if (errors == NULL)
        wa_fatal("out of memory");
    check_template(c->body, errors);
    if (cJSON_GetArraySize(errors) > 0) {
        dash_reply_error(c->req, 422, "invalid", "the template is invalid", errors);
        errors = NULL;
        goto out;
    }
    if (dash_whatsapp_token(c, &token, waba, sizeof(waba)) != 0)
        goto out;
    if ((body = cJSON_PrintUnformatted(c->body)) == NULL)
        wa_fatal("out of memory");
    graph_base(c, url, sizeof(url), waba);
    if ((ans = dash_graph_call(c, "POST", url, token, body, why, sizeof(why))) == NULL) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "template", why);
        dash_reply_error(c->req, 422, "graph_refused", why, f);
        goto out;
    }
    const char *meta_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ans, "id"));
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ans, "status"));
    const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ans, "category"));
    const char *pf = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->body, "parameter_format"));
    char *comps = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c->body, "components"));
    const char *params[] = {c->tenant,
                            meta_id,
                            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->body, "name")),
                            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->body, "language")),
                            cat != NULL ? cat
                                        : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->body, "category")),
                            status != NULL ? status : "PENDING",
                            pf != NULL ? pf : "POSITIONAL",
                            comps};
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "WITH t AS (INSERT INTO templates (doctor_id, meta_id, name, language, category, status,"
             " parameter_format, components, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, now())"
             " ON CONFLICT (doctor_id, name, language) DO UPDATE SET meta_id = excluded.meta_id,"
             " category = excluded.category, status = excluded.status, rejection_reason = NULL,"
             " parameter_format = excluded.parameter_format, components = excluded.components, synced_at = now(),"
             " updated_at = now() RETURNING *) SELECT %s::text FROM t",
             row_json);
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard templates create", sql, 8, params);
    cJSON_free(comps);
    if (res == NULL || PQntuples(res) != 1) {
        PQclear(res);
        dash_reply_unavailable(c);
        goto out;
    }
    char target[600];
    snprintf(target, sizeof(target), "template:%s/%s", (const char *)params[2], (const char *)params[3]);
    audit(c, "template.create", target, PQgetvalue(res, 0, 0));
    dash_reply_raw(c->req, 201, PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)));
    PQclear(res);
out:
    wa_crypt_free(token);
    cJSON_free(body);
    cJSON_Delete(ans);
    cJSON_Delete(errors);
}
