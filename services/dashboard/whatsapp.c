/*
 * The clinic's own WhatsApp number through the API (services/dashboard):
 * GET /api/v1/whatsapp shows what is stored (never the token or app secret,
 * only whether they are set), PUT saves credentials after validating them
 * against the Graph API exactly as `wactl creds set` does (libwa's
 * wa/creds.h: the check and the store), sealed with CREDENTIALS_KEY by the
 * sender's crypt module; POST .../refresh re-checks them and records state,
 * quality rating and messaging limit (API_REFERENCE A.12.3, A.13); POST
 * .../embedded-signup exchanges an Embedded Signup code (A.12.2), when the
 * operator configured a Meta app, and saves what it yields the same way.
 * Every save writes an audit row with the number's view before and after
 * (booleans for the secrets, never their values). Secrets from a request body
 * are wiped from it once used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "wa/creds.h"
#include "wa/hmac.h"
#include "wa/http.h"
#include "wa/log.h"
#include "api.h"
#include "wa/crypt.h"
#include "http.h"
#include "whatsapp.h"

static const char view_sql[] =
    "SELECT json_build_object('phone_number_id', whatsapp_phone_number_id,"
    " 'display_phone_number', whatsapp_display_number, 'business_account_id', whatsapp_business_account_id,"
    " 'app_id', whatsapp_app_id, 'token_set', whatsapp_access_token IS NOT NULL,"
    " 'app_secret_set', whatsapp_app_secret IS NOT NULL, 'token_expires_at', whatsapp_token_expires_at,"
    " 'allow_master_fallback', allow_master_fallback,"
    " 'state', CASE WHEN credentials_state = 'valid' AND whatsapp_token_expires_at < now() + interval '7 days'"
    "          THEN 'expiring' ELSE credentials_state END,"
    " 'last_error', credentials_error, 'checked_at', credentials_checked_at, 'updated_at', credentials_updated_at,"
    " 'quality_rating', whatsapp_quality_rating, 'messaging_limit', whatsapp_messaging_limit)::text,"
    " phone_digits, whatsapp_access_token, allow_master_fallback,"
    " to_char(whatsapp_token_expires_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), whatsapp_phone_number_id,"
    " whatsapp_app_secret IS NOT NULL"
    " FROM doctors WHERE id = $1";

/* The stored state of one clinic's number. */
typedef struct st_number_row_t {
    PGresult *res; /* owns the strings below */
    const char *view, *digits, *sealed_token, *expires, *pnid;
    int fallback, has_secret;
} number_row_t;

static int row_load(dash_call_t *c, number_row_t *r)
{
    const char *params[] = {c->tenant};
    memset(r, 0, sizeof(*r));
    if ((r->res = wa_pg_exec(c->w->pg, "dashboard whatsapp read", view_sql, 1, params)) == NULL ||
        PQntuples(r->res) != 1) {
        PQclear(r->res);
        r->res = NULL;
        return -1;
    }
    r->view = PQgetvalue(r->res, 0, 0);
    r->digits = PQgetvalue(r->res, 0, 1);
    r->sealed_token = PQgetisnull(r->res, 0, 2) ? NULL : PQgetvalue(r->res, 0, 2);
    r->fallback = strcmp(PQgetvalue(r->res, 0, 3), "t") == 0;
    r->expires = PQgetisnull(r->res, 0, 4) ? NULL : PQgetvalue(r->res, 0, 4);
    r->pnid = PQgetisnull(r->res, 0, 5) ? NULL : PQgetvalue(r->res, 0, 5);
    r->has_secret = strcmp(PQgetvalue(r->res, 0, 6), "t") == 0;
    return 0;
}

/* The view as sent: the stored fields plus embedded_signup ({app_id, config_id} or null). */
static cJSON *view_doc(dash_call_t *c, const char *view)
{
    cJSON *doc = cJSON_Parse(view), *es;
    const dash_config_t *cfg = c->w->cfg;
    if (doc == NULL)
        wa_fatal("out of memory");
    if (cfg->meta_app_id[0] != '\0') {
        es = cJSON_AddObjectToObject(doc, "embedded_signup");
        if (es == NULL || cJSON_AddStringToObject(es, "app_id", cfg->meta_app_id) == NULL ||
            cJSON_AddStringToObject(es, "config_id", cfg->meta_config_id) == NULL)
            wa_fatal("out of memory");
    } else if (cJSON_AddNullToObject(doc, "embedded_signup") == NULL) {
        wa_fatal("out of memory");
    }
    return doc;
}

void dash_whatsapp_get(dash_call_t *c)
{
    number_row_t r;
    if (row_load(c, &r) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_json(c->req, 200, view_doc(c, r.view));
    PQclear(r.res);
}

static void wipe_field(cJSON *body, const char *name)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
    if (cJSON_IsString(v))
        OPENSSL_cleanse(v->valuestring, strlen(v->valuestring));
}

static void field_error(dash_call_t *c, int status, const char *code, const char *field, const char *msg)
{
    cJSON *f = cJSON_CreateObject();
    if (f == NULL || cJSON_AddStringToObject(f, field, msg) == NULL)
        wa_fatal("out of memory");
    dash_reply_error(c->req, status, code, msg, f);
}

/* An id that goes into a Graph URL path: letters, digits, '_' and '-', 1 to 64 characters. */
static int id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
              *s == '-'))
            return 0;
    return 1;
}

static int keyring(dash_call_t *c, wa_crypt_keyring_t *ring)
{
    if (wa_crypt_keyring_load(ring, c->w->cfg->wa->credentials_key, c->w->cfg->wa->credentials_key_previous) != 0 ||
        ring->n == 0) {
        wa_crypt_keyring_wipe(ring);
        dash_reply_error(c->req, 503, "not_configured",
                         "this deployment has no valid CREDENTIALS_KEY: the operator must set it", NULL);
        return -1;
    }
    return 0;
}

/* What to save: the caller's choices, secrets in the clear (wiped by the caller). */
typedef struct st_save_t {
    const char *pnid, *token, *waba, *app_id, *app_secret, *expires;
    int keep_secret, fallback;
    const char *action; /* audit action */
} save_t;

/* Validates against Graph, seals, stores and audits; answers the call. `r` is the row before. */
static void save(dash_call_t *c, const number_row_t *r, wa_crypt_keyring_t *ring, const save_t *s)
{
    wa_number_t num;
    const wa_config_t *wa = c->w->cfg->wa;
    int vrc = wa_creds_validate(wa->graph_url, wa->graph_timeout_ms, s->pnid, s->token, r->digits, &num);
    if (vrc == WA_CREDS_UNREACHABLE) {
        dash_reply_error(c->req, 502, "graph_unreachable", num.why, NULL);
        return;
    }
    if (vrc == WA_CREDS_REFUSED) {
        /* 190: the token is dead; 100 and a number of another: the phone number id is wrong */
        const char *field = num.code[0] == '\0' || strcmp(num.code, "100") == 0 || strcmp(num.code, "33") == 0
                                ? "phone_number_id"
                                : "token";
        field_error(c, 422, "credentials_refused", field, num.why);
        return;
    }
    char aad_t[128], aad_s[128];
    snprintf(aad_t, sizeof(aad_t), "%s/whatsapp_access_token", c->tenant);
    snprintf(aad_s, sizeof(aad_s), "%s/whatsapp_app_secret", c->tenant);
    char *sealed_t = wa_crypt_seal(&ring->keys[0], s->token, aad_t);
    char *sealed_s = s->app_secret != NULL ? wa_crypt_seal(&ring->keys[0], s->app_secret, aad_s) : NULL;
    if (sealed_t == NULL || (s->app_secret != NULL && sealed_s == NULL)) {
        free(sealed_t);
        free(sealed_s);
        dash_reply_error(c->req, 500, "internal", "encryption failed", NULL);
        return;
    }
    wa_creds_row_t row = {c->tenant,      s->pnid,          sealed_t,   s->waba,     s->app_id, sealed_s,
                          s->keep_secret, ring->keys[0].id, s->expires, s->fallback, &num};
    PGresult *failed = NULL;
    number_row_t after = {0};
    char actor[300];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    if (wa_pg_run(c->w->pg, "dashboard whatsapp begin", "BEGIN", 0, NULL) != 0)
        goto unavailable;
    if (wa_creds_store(wa_pg_conn(c->w->pg), &row, &failed) != 0) {
        const char *state = failed != NULL ? PQresultErrorField(failed, PG_DIAG_SQLSTATE) : NULL;
        int bad_time = state != NULL && strncmp(state, "22", 2) == 0; /* the expiry is not a time */
        PQclear(failed);
        (void)wa_pg_run(c->w->pg, "dashboard whatsapp rollback", "ROLLBACK", 0, NULL);
        if (bad_time) {
            field_error(c, 422, "invalid", "token_expires_at", "not a time (e.g. 2026-12-31T00:00:00Z)");
            goto out;
        }
        goto unavailable;
    }
    if (row_load(c, &after) != 0)
        goto rollback;
    {
        const char *params[] = {c->tenant, ap[0], ap[1], ap[2], s->action, r->view, after.view};
        if (wa_pg_run(c->w->pg, "dashboard whatsapp audit",
                      "INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, before,"
                      " after) VALUES ($1, $2, $3, $4, $5, 'whatsapp', $6::jsonb, $7::jsonb)",
                      7, params) != 0)
            goto rollback;
    }
    if (wa_pg_run(c->w->pg, "dashboard whatsapp commit", "COMMIT", 0, NULL) != 0)
        goto unavailable;
    dash_reply_json(c->req, 200, view_doc(c, after.view));
    goto out;
rollback:
    (void)wa_pg_run(c->w->pg, "dashboard whatsapp rollback", "ROLLBACK", 0, NULL);
unavailable:
    dash_reply_unavailable(c);
out:
    PQclear(after.res);
    free(sealed_t);
    free(sealed_s);
}

/* A string field: NULL when absent or null, else its value; a wrong type or length goes into errors. */
static const char *str_field(const cJSON *body, const char *name, size_t max, int is_id, cJSON *errors)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
    if (v == NULL || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0' || strlen(v->valuestring) > max ||
        (is_id && !id_ok(v->valuestring)) || strpbrk(v->valuestring, " \t\r\n") != NULL) {
        char msg[128];
        snprintf(msg, sizeof(msg),
                 is_id ? "an id: letters, digits, '_' and '-' (1 to 64)"
                       : "a string of 1 to %zu characters without blanks",
                 max);
        cJSON_AddStringToObject(errors, name, msg);
        return NULL;
    }
    return v->valuestring;
}

void dash_whatsapp_put(dash_call_t *c)
{
    static const char *known[] = {
        "phone_number_id",       "token", "business_account_id", "app_id", "app_secret", "token_expires_at",
        "allow_master_fallback", NULL};
    cJSON *errors = cJSON_CreateObject();
    const cJSON *v;
    number_row_t r = {0};
    wa_crypt_keyring_t ring;
    char *stored_token = NULL;
    int have_ring = 0;
    if (errors == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(v, c->body)
    {
        size_t k = 0;
        while (known[k] != NULL && strcmp(known[k], v->string) != 0)
            k++;
        if (known[k] == NULL)
            cJSON_AddStringToObject(errors, v->string, "unknown field");
    }
    save_t s = {0};
    s.action = "whatsapp.update";
    s.pnid = str_field(c->body, "phone_number_id", 64, 1, errors);
    s.token = str_field(c->body, "token", 4096, 0, errors);
    s.waba = str_field(c->body, "business_account_id", 64, 1, errors);
    s.app_id = str_field(c->body, "app_id", 64, 1, errors);
    s.app_secret = str_field(c->body, "app_secret", 512, 0, errors);
    s.expires = str_field(c->body, "token_expires_at", 64, 0, errors);
    const cJSON *fb = cJSON_GetObjectItemCaseSensitive(c->body, "allow_master_fallback");
    if (fb != NULL && !cJSON_IsBool(fb))
        cJSON_AddStringToObject(errors, "allow_master_fallback", "must be true or false");
    int app_id_given = cJSON_GetObjectItemCaseSensitive(c->body, "app_id") != NULL;
    int secret_given = cJSON_GetObjectItemCaseSensitive(c->body, "app_secret") != NULL;
    if ((s.app_id != NULL) != (s.app_secret != NULL) && cJSON_GetObjectItemCaseSensitive(errors, "app_id") == NULL &&
        cJSON_GetObjectItemCaseSensitive(errors, "app_secret") == NULL)
        cJSON_AddStringToObject(errors, s.app_id != NULL ? "app_secret" : "app_id",
                                "app_id and app_secret go together");
    if (s.app_secret != NULL && wa_app_secret_weak(s.app_secret) != NULL)
        cJSON_AddStringToObject(errors, "app_secret", wa_app_secret_weak(s.app_secret));
    s.keep_secret = !app_id_given && !secret_given; /* both absent: keep; both null: clear */
    if (row_load(c, &r) != 0) {
        dash_reply_unavailable(c);
        goto out;
    }
    if (s.pnid == NULL && cJSON_GetObjectItemCaseSensitive(errors, "phone_number_id") == NULL) {
        if (r.pnid != NULL && cJSON_GetObjectItemCaseSensitive(c->body, "phone_number_id") == NULL)
            s.pnid = r.pnid; /* unchanged */
        else
            cJSON_AddStringToObject(errors, "phone_number_id", "required");
    }
    if (s.token == NULL && r.sealed_token == NULL && cJSON_GetObjectItemCaseSensitive(errors, "token") == NULL)
        cJSON_AddStringToObject(errors, "token", "required (no token is stored yet)");
    if (cJSON_GetArraySize(errors) > 0) {
        dash_reply_error(c->req, 422, "invalid", "some fields are invalid", errors);
        errors = NULL;
        goto out;
    }
    s.fallback = fb != NULL ? cJSON_IsTrue(fb) : r.fallback;
    if (cJSON_GetObjectItemCaseSensitive(c->body, "token_expires_at") == NULL)
        s.expires = r.expires; /* absent: unchanged; null: none */
    if (keyring(c, &ring) != 0)
        goto out;
    have_ring = 1;
    if (s.token == NULL) { /* the stored one, e.g. to change only the fallback */
        char aad[128];
        snprintf(aad, sizeof(aad), "%s/whatsapp_access_token", c->tenant);
        int orc = wa_crypt_open(&ring, r.sealed_token, aad, &stored_token);
        if (orc != WA_CRYPT_OK) {
            field_error(c, 422, "invalid", "token", "the stored token cannot be opened: enter it again");
            goto out;
        }
        s.token = stored_token;
    }
    save(c, &r, &ring, &s);
out:
    if (have_ring)
        wa_crypt_keyring_wipe(&ring);
    wa_crypt_free(stored_token);
    wipe_field(c->body, "token");
    wipe_field(c->body, "app_secret");
    PQclear(r.res);
    cJSON_Delete(errors);
}

void dash_whatsapp_refresh(dash_call_t *c)
{
    number_row_t r = {0}, after = {0};
    wa_crypt_keyring_t ring;
    char *token = NULL, aad[128];
    wa_number_t num;
    if (row_load(c, &r) != 0) {
        dash_reply_unavailable(c);
        return;
    }
    if (r.sealed_token == NULL || r.pnid == NULL) {
        dash_reply_error(c->req, 409, "no_credentials", "this clinic has no credentials of its own to check", NULL);
        PQclear(r.res);
        return;
    }
    if (keyring(c, &ring) != 0) {
        PQclear(r.res);
        return;
    }
    snprintf(aad, sizeof(aad), "%s/whatsapp_access_token", c->tenant);
    int orc = wa_crypt_open(&ring, r.sealed_token, aad, &token);
    wa_crypt_keyring_wipe(&ring);
    const char *state = "invalid", *why = NULL;
    char whybuf[440];
    int vrc = WA_CREDS_REFUSED;
    if (orc != WA_CRYPT_OK) {
        snprintf(whybuf, sizeof(whybuf), "cannot open the stored token: %s", wa_crypt_strerror(orc));
        why = whybuf;
    } else {
        const wa_config_t *wa = c->w->cfg->wa;
        vrc = wa_creds_validate(wa->graph_url, wa->graph_timeout_ms, r.pnid, token, r.digits, &num);
        if (vrc == WA_CREDS_OK)
            state = "valid";
        else
            why = num.why;
    }
    wa_crypt_free(token);
    if (vrc == WA_CREDS_UNREACHABLE) { /* no verdict: nothing recorded */
        dash_reply_error(c->req, 502, "graph_unreachable", num.why, NULL);
        PQclear(r.res);
        return;
    }
    int ok = vrc == WA_CREDS_OK;
    const char *params[] = {c->tenant, state, why, ok && num.quality[0] ? num.quality : NULL,
                            ok && num.limit[0] ? num.limit : NULL};
    if (wa_pg_run(c->w->pg, "dashboard whatsapp refresh",
                  "UPDATE doctors SET credentials_state = $2, credentials_error = $3,"
                  " whatsapp_quality_rating = coalesce($4, whatsapp_quality_rating),"
                  " whatsapp_messaging_limit = coalesce($5, whatsapp_messaging_limit),"
                  " credentials_checked_at = now() WHERE id = $1",
                  5, params) != 0 ||
        row_load(c, &after) != 0) {
        dash_reply_unavailable(c);
    } else {
        dash_reply_json(c->req, 200, view_doc(c, after.view));
    }
    PQclear(r.res);
    PQclear(after.res);
}

int dash_whatsapp_token(dash_call_t *c, char **token, char *waba, size_t wabasz)
{
    const char *params[] = {c->tenant};
    wa_crypt_keyring_t ring;
    char aad[128];
    *token = NULL;
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard whatsapp token",
                               "SELECT whatsapp_access_token, coalesce(whatsapp_business_account_id, '')"
                               " FROM doctors WHERE id = $1 AND whatsapp_access_token IS NOT NULL",
                               1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    if (PQntuples(res) != 1 || PQgetvalue(res, 0, 1)[0] == '\0') {
        PQclear(res);
        dash_reply_error(c->req, 409, "no_credentials",
                         "save the clinic's own WhatsApp credentials with its business account id first", NULL);
        return -1;
    }
    snprintf(waba, wabasz, "%s", PQgetvalue(res, 0, 1));
    if (keyring(c, &ring) != 0) {
        PQclear(res);
        return -1;
    }
    snprintf(aad, sizeof(aad), "%s/whatsapp_access_token", c->tenant);
    int orc = wa_crypt_open(&ring, PQgetvalue(res, 0, 0), aad, token);
    wa_crypt_keyring_wipe(&ring);
    PQclear(res);
    if (orc != WA_CRYPT_OK) {
        dash_reply_error(c->req, 409, "no_credentials", "the stored token cannot be opened: save it again", NULL);
        return -1;
    }
    return 0;
}

static void url_put(char *out, size_t outsz, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(out);
    for (; *s != '\0' && n + 4 < outsz; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
            ch == '_' || ch == '.' || ch == '~') {
            out[n++] = (char)ch;
        } else {
            out[n++] = '%';
            out[n++] = hex[ch >> 4];
            out[n++] = hex[ch & 15];
        }
    }
    out[n] = '\0';
}

cJSON *dash_graph_call(dash_call_t *c, const char *method, const char *url, const char *token, const char *body,
                       char *why, size_t whysz)
{
    char *auth = NULL;
    wa_http_t *h = wa_http_create(0);
    wa_http_req_t r, *rp = &r;
    cJSON *out = NULL;
    wa_http_req_init(&r, method, url, c->w->cfg->wa->graph_timeout_ms);
    size_t nh = 0;
    if (token != NULL) {
        size_t alen = strlen(token) + 32;
        auth = wa_malloc(alen);
        snprintf(auth, alen, "Authorization: Bearer %s", token);
        r.headers[nh++] = auth;
    }
    if (body != NULL)
        r.headers[nh++] = "Content-Type: application/json";
    r.headers[nh] = NULL;
    if (body != NULL) {
        r.body = body;
        r.body_len = strlen(body);
    } else if (strcmp(method, "POST") == 0) {
        r.body = ""; /* an empty POST (subscribed_apps), not a GET */
    }
    if (h == NULL || wa_http_run(h, &rp, 1) != 0 || r.curl_code != 0 || r.status == 0) {
        snprintf(why, whysz, "Graph API unreachable: %s", r.error);
    } else {
        cJSON *j = r.resp != NULL ? cJSON_Parse(r.resp) : NULL;
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
        if (r.status == 200 && cJSON_IsObject(j)) {
            out = j;
            j = NULL;
        } else if (cJSON_IsObject(e)) {
            const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code"),
                        *m = cJSON_GetObjectItemCaseSensitive(e, "message");
            /* the words for people: error_user_msg, else error_data.details (A.4.9) */
            const char *more = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "error_user_msg"));
            if (more == NULL)
                more = cJSON_GetStringValue(
                    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(e, "error_data"), "details"));
            snprintf(why, whysz, "Graph error %d: %.200s%s%.150s", cJSON_IsNumber(code) ? code->valueint : 0,
                     cJSON_IsString(m) ? m->valuestring : "", more != NULL ? ": " : "", more != NULL ? more : "");
        } else {
            snprintf(why, whysz, "Graph API answered HTTP %ld", r.status);
        }
        cJSON_Delete(j);
    }
    wa_http_req_dispose(&r);
    wa_http_destroy(h);
    if (auth != NULL) {
        OPENSSL_cleanse(auth, strlen(auth));
        free(auth);
    }
    return out;
}

void dash_whatsapp_signup(dash_call_t *c)
{
    const dash_config_t *cfg = c->w->cfg;
    cJSON *errors = cJSON_CreateObject(), *ans = NULL;
    number_row_t r = {0};
    wa_crypt_keyring_t ring;
    char *token = NULL, url[2048], why[400];
    int have_ring = 0;
    if (errors == NULL)
        wa_fatal("out of memory");
    if (cfg->meta_app_id[0] == '\0') {
        dash_reply_error(c->req, 404, "not_found", "Embedded Signup is not configured here: use the form", NULL);
        goto out;
    }
    const char *code = str_field(c->body, "code", 1024, 0, errors);
    const char *pnid = str_field(c->body, "phone_number_id", 64, 1, errors);
    const char *waba = str_field(c->body, "waba_id", 64, 1, errors);
    const char *pin = str_field(c->body, "pin", 6, 0, errors);
    if (code == NULL && cJSON_GetObjectItemCaseSensitive(errors, "code") == NULL)
        cJSON_AddStringToObject(errors, "code", "required");
    if (pnid == NULL && cJSON_GetObjectItemCaseSensitive(errors, "phone_number_id") == NULL)
        cJSON_AddStringToObject(errors, "phone_number_id", "required");
    if (waba == NULL && cJSON_GetObjectItemCaseSensitive(errors, "waba_id") == NULL)
        cJSON_AddStringToObject(errors, "waba_id", "required");
    if (pin != NULL && strspn(pin, "0123456789") != 6)
        cJSON_AddStringToObject(errors, "pin", "the number's 6-digit two-step PIN");
    if (cJSON_GetArraySize(errors) > 0) {
        dash_reply_error(c->req, 422, "invalid", "some fields are invalid", errors);
        errors = NULL;
        goto out;
    }
    if (row_load(c, &r) != 0) {
        dash_reply_unavailable(c);
        goto out;
    }
    if (keyring(c, &ring) != 0)
        goto out;
    have_ring = 1;
    /* 1. the code for the business token (valid about 30 s) */
    const char *base = cfg->wa->graph_url;
    size_t blen = strlen(base);
    snprintf(url, sizeof(url),
             "%.*s/oauth/access_token?client_id=", (int)(blen > 0 && base[blen - 1] == '/' ? blen - 1 : blen), base);
    url_put(url, sizeof(url), cfg->meta_app_id);
    strncat(url, "&client_secret=", sizeof(url) - strlen(url) - 1);
    url_put(url, sizeof(url), cfg->meta_app_secret);
    strncat(url, "&code=", sizeof(url) - strlen(url) - 1);
    url_put(url, sizeof(url), code);
    ans = dash_graph_call(c, "GET", url, NULL, NULL, why, sizeof(why));
    OPENSSL_cleanse(url, sizeof(url));
    const char *tok = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ans, "access_token"));
    if (tok == NULL) {
        field_error(c, 422, "signup_refused", "code", ans != NULL ? "Graph answered without an access token" : why);
        goto out;
    }
    token = wa_strdup(tok);
    OPENSSL_cleanse(cJSON_GetObjectItemCaseSensitive(ans, "access_token")->valuestring, strlen(tok));
    /* 2. subscribe the app to the WABA's webhooks; 3. register the number when a PIN was given */
    snprintf(url, sizeof(url), "%.*s/%s/subscribed_apps", (int)(blen > 0 && base[blen - 1] == '/' ? blen - 1 : blen),
             base, waba);
    cJSON *sub = dash_graph_call(c, "POST", url, token, NULL, why, sizeof(why));
    if (sub == NULL) {
        field_error(c, 422, "signup_refused", "waba_id", why);
        goto out;
    }
    cJSON_Delete(sub);
    if (pin != NULL) {
        char body[96];
        snprintf(url, sizeof(url), "%.*s/%s/register", (int)(blen > 0 && base[blen - 1] == '/' ? blen - 1 : blen), base,
                 pnid);
        snprintf(body, sizeof(body), "{\"messaging_product\":\"whatsapp\",\"pin\":\"%s\"}", pin);
        cJSON *reg = dash_graph_call(c, "POST", url, token, body, why, sizeof(why));
        OPENSSL_cleanse(body, sizeof(body));
        if (reg == NULL) {
            field_error(c, 422, "signup_refused", "pin", why);
            goto out;
        }
        cJSON_Delete(reg);
    }
    save_t s = {pnid, token, waba, NULL, NULL, NULL, 1, r.fallback, "whatsapp.embedded_signup"};
    save(c, &r, &ring, &s);
out:
    if (have_ring)
        wa_crypt_keyring_wipe(&ring);
    if (token != NULL) {
        OPENSSL_cleanse(token, strlen(token));
        free(token);
    }
    wipe_field(c->body, "code");
    wipe_field(c->body, "pin");
    cJSON_Delete(ans);
    PQclear(r.res);
    cJSON_Delete(errors);
}
