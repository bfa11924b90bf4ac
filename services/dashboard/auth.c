/*
 * Sessions, API tokens, CSRF and the sign-in endpoints (see auth.h): POST and
 * DELETE /api/v1/session and GET /api/v1/me.
 */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "http.h"
#include "wa/secret.h"

static struct {
    wa_metric_t *ok, *bad, *throttled;
} login_metrics;

void dash_auth_metrics_init(void)
{
    login_metrics.ok =
        wa_metric(WA_METRIC_COUNTER, "wa_dashboard_logins_total", "result=\"ok\"", "Sign-ins by outcome");
    login_metrics.bad =
        wa_metric(WA_METRIC_COUNTER, "wa_dashboard_logins_total", "result=\"invalid\"", "Sign-ins by outcome");
    login_metrics.throttled =
        wa_metric(WA_METRIC_COUNTER, "wa_dashboard_logins_total", "result=\"throttled\"", "Sign-ins by outcome");
}

static void session_key(const dash_worker_t *w, const char *hash, char *out, size_t outsz)
{
    snprintf(out, outsz, "%ssession:%s", w->cfg->wa->redis_prefix, hash);
}

int dash_origin_ok(const char *origin, const char *hdr_origin, const char *sec_fetch_site, int strict)
{
    if (sec_fetch_site != NULL && strcmp(sec_fetch_site, "same-origin") != 0 && strcmp(sec_fetch_site, "none") != 0)
        return 0; /* cross-site or same-site (another subdomain): never ours */
    if (hdr_origin != NULL)
        return strcmp(hdr_origin, origin) == 0;
    if (sec_fetch_site != NULL)
        return strcmp(sec_fetch_site, "same-origin") == 0;
    return !strict;
}

int dash_auth_csrf(dash_call_t *c)
{
    const char *tok = dash_http_header(c->req, "x-csrf-token");
    size_t n = strlen(c->who.csrf);
    if (tok == NULL || strlen(tok) != n || n == 0 || sodium_memcmp(tok, c->who.csrf, n) != 0) {
        dash_reply_error(c->req, 403, "csrf", "missing or wrong X-CSRF-Token", NULL);
        return -1;
    }
    if (!dash_origin_ok(c->w->cfg->origin, dash_http_header(c->req, "origin"),
                        dash_http_header(c->req, "sec-fetch-site"), 1)) {
        dash_reply_error(c->req, 403, "csrf", "the request does not come from the dashboard's origin", NULL);
        return -1;
    }
    return 0;
}

/* Authorization: Bearer <token>. */
static int resolve_token(dash_call_t *c, const char *authz)
{
    char hash[WA_TOKEN_HASH_HEX];
    const char *tok;
    PGresult *res;

    if (strncasecmp(authz, "Bearer ", 7) != 0) {
        dash_reply_error(c->req, 401, "unauthenticated", "Authorization must be \"Bearer <api token>\"", NULL);
        return -1;
    }
    tok = authz + 7;
    while (*tok == ' ')
        tok++;
    wa_token_hash(tok, strlen(tok), hash);
    const char *params[] = {hash};
    res = wa_pg_exec(c->w->pg, "dashboard token lookup",
                     "SELECT t.id, t.name, t.doctor_id FROM api_tokens t JOIN doctors d ON d.id = t.doctor_id"
                     " WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
                     1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        dash_reply_error(c->req, 401, "unauthenticated", "unknown or revoked API token", NULL);
        return -1;
    }
    c->who.kind = DASH_BY_TOKEN;
    snprintf(c->who.token_id, sizeof(c->who.token_id), "%s", PQgetvalue(res, 0, 0));
    snprintf(c->who.email, sizeof(c->who.email), "%s", PQgetvalue(res, 0, 1));
    snprintf(c->who.doctor_id, sizeof(c->who.doctor_id), "%s", PQgetvalue(res, 0, 2));
    snprintf(c->who.role, sizeof(c->who.role), "token");
    PQclear(res);
    const char *up[] = {c->who.token_id};
    /* at most one write a minute per token, however often it is used */
    (void)wa_pg_run(c->w->pg, "dashboard token last used",
                    "UPDATE api_tokens SET last_used_at = now() WHERE id = $1"
                    " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
                    1, up);
    return 0;
}

static int reply_no_session(dash_call_t *c)
{
    dash_reply_error(c->req, 401, "unauthenticated", "sign in first", NULL);
    return -1;
}

static int resolve_session(dash_call_t *c, const char *cookie)
{
    char hash[WA_TOKEN_HASH_HEX], key[256], ttl[24];
    redisReply *r;
    long long created, now = wa_now_ms();
    long gen;

    wa_token_hash(cookie, strlen(cookie), hash);
    session_key(c->w, hash, key, sizeof(key));
    {
        const char *argv[] = {"HMGET", key, "u", "c", "g", "t", NULL};
        r = dash_redis(c->w, 6, argv);
    }
    if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements != 4) {
        if (r != NULL)
            freeReplyObject(r);
        dash_reply_unavailable(c);
        return -1;
    }
    for (size_t i = 0; i < 4; i++)
        if (r->element[i]->type != REDIS_REPLY_STRING) {
            freeReplyObject(r);
            return reply_no_session(c);
        }
    snprintf(c->who.user_id, sizeof(c->who.user_id), "%s", r->element[0]->str);
    snprintf(c->who.csrf, sizeof(c->who.csrf), "%s", r->element[1]->str);
    gen = strtol(r->element[2]->str, NULL, 10);
    created = strtoll(r->element[3]->str, NULL, 10);
    freeReplyObject(r);
    snprintf(c->who.session_hash, sizeof(c->who.session_hash), "%s", hash);

    long long left_ms = created + (long long)c->w->cfg->session_max_s * 1000 - now;
    if (left_ms <= 0) {
        const char *argv[] = {"DEL", key, NULL};
        if ((r = dash_redis(c->w, 2, argv)) != NULL)
            freeReplyObject(r);
        return reply_no_session(c);
    }

    const char *params[] = {c->who.user_id};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard session user",
                               "SELECT u.email, u.role, coalesce(u.doctor_id::text, ''), u.session_gen,"
                               " u.totp_enabled_at IS NOT NULL, coalesce(s.require_totp, false)"
                               " FROM users u LEFT JOIN clinic_settings s ON s.doctor_id = u.doctor_id"
                               " WHERE u.id = $1 AND u.disabled_at IS NULL",
                               1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    if (PQntuples(res) != 1 || strtol(PQgetvalue(res, 0, 3), NULL, 10) != gen) {
        /* disabled, deleted, or the password changed since: the session is dead */
        PQclear(res);
        const char *argv[] = {"DEL", key, NULL};
        if ((r = dash_redis(c->w, 2, argv)) != NULL)
            freeReplyObject(r);
        return reply_no_session(c);
    }
    c->who.kind = DASH_BY_SESSION;
    snprintf(c->who.email, sizeof(c->who.email), "%s", PQgetvalue(res, 0, 0));
    snprintf(c->who.role, sizeof(c->who.role), "%s", PQgetvalue(res, 0, 1));
    snprintf(c->who.doctor_id, sizeof(c->who.doctor_id), "%s", PQgetvalue(res, 0, 2));
    c->who.totp_enabled = strcmp(PQgetvalue(res, 0, 4), "t") == 0;
    c->who.limited = !c->who.totp_enabled && strcmp(PQgetvalue(res, 0, 5), "t") == 0;
    PQclear(res);

    /* sliding idle expiry, never past the absolute one */
    long long ttl_ms = (long long)c->w->cfg->session_idle_s * 1000;
    if (ttl_ms > left_ms)
        ttl_ms = left_ms;
    snprintf(ttl, sizeof(ttl), "%lld", ttl_ms);
    {
        const char *argv[] = {"PEXPIRE", key, ttl, NULL};
        if ((r = dash_redis(c->w, 3, argv)) != NULL)
            freeReplyObject(r);
    }
    return 0;
}

int dash_auth_resolve(dash_call_t *c)
{
    const char *authz = dash_http_header(c->req, "authorization");
    const char *cookie;

    memset(&c->who, 0, sizeof(c->who));
    if (authz != NULL)
        return resolve_token(c, authz);
    cookie = dash_http_cookie(c->req, c->w->cfg->cookie_name);
    if (cookie == NULL || cookie[0] == '\0' || strlen(cookie) > 128)
        return reply_no_session(c);
    return resolve_session(c, cookie);
}

/* --- sign-in throttling -------------------------------------------------------------------------------------- */

static void throttle_keys(dash_call_t *c, const char *email, char *acct, size_t acctsz, char *addr, size_t addrsz)
{
    char lower[256], hash[WA_TOKEN_HASH_HEX], peer[64];
    size_t i;
    for (i = 0; email[i] != '\0' && i + 1 < sizeof(lower); i++)
        lower[i] = (char)((email[i] >= 'A' && email[i] <= 'Z') ? email[i] + 32 : email[i]);
    lower[i] = '\0';
    wa_token_hash(lower, i, hash); /* the key does not show the email */
    dash_http_peer(c->req, peer, sizeof(peer));
    snprintf(acct, acctsz, "%slogin:acct:%s", c->w->cfg->wa->redis_prefix, hash);
    snprintf(addr, addrsz, "%slogin:addr:%s", c->w->cfg->wa->redis_prefix, peer);
}

/* Seconds to wait when `key` counts `max` failures or more; 0 when not throttled, -1 when Redis is down. */
static long throttled_for(dash_worker_t *w, const char *key, int max)
{
    const char *argv[] = {"GET", key, NULL};
    redisReply *r = dash_redis(w, 2, argv);
    long n, wait = 0;
    if (r == NULL)
        return -1;
    n = r->type == REDIS_REPLY_STRING ? strtol(r->str, NULL, 10) : 0;
    freeReplyObject(r);
    if (n < max)
        return 0;
    const char *targv[] = {"TTL", key, NULL};
    if ((r = dash_redis(w, 2, targv)) == NULL)
        return -1;
    if (r->type == REDIS_REPLY_INTEGER)
        wait = (long)r->integer;
    freeReplyObject(r);
    if (wait == -1) { /* a counter without expiry (its EXPIRE was lost): it must not lock the account for ever */
        char window[16];
        snprintf(window, sizeof(window), "%d", w->cfg->login_window_s);
        const char *eargv[] = {"EXPIRE", key, window, NULL};
        if ((r = dash_redis(w, 3, eargv)) != NULL)
            freeReplyObject(r);
        wait = w->cfg->login_window_s;
    }
    return wait > 0 ? wait : 1;
}

static void count_failure(dash_worker_t *w, const char *key)
{
    char window[16];
    snprintf(window, sizeof(window), "%d", w->cfg->login_window_s);
    const char *argv[] = {"INCR", key, NULL};
    redisReply *r = dash_redis(w, 2, argv);
    if (r != NULL && r->type == REDIS_REPLY_INTEGER && r->integer == 1) {
        freeReplyObject(r);
        const char *eargv[] = {"EXPIRE", key, window, NULL};
        r = dash_redis(w, 3, eargv);
    }
    if (r != NULL)
        freeReplyObject(r);
}

long dash_login_throttled(dash_call_t *c, const char *email)
{
    char acct[256], addr[256];
    throttle_keys(c, email, acct, sizeof(acct), addr, sizeof(addr));
    return throttled_for(c->w, acct, c->w->cfg->login_max_account);
}

void dash_login_failed(dash_call_t *c, const char *email)
{
    char acct[256], addr[256];
    throttle_keys(c, email, acct, sizeof(acct), addr, sizeof(addr));
    count_failure(c->w, acct);
}

/* --- the endpoints ------------------------------------------------------------------------------------------- */

static cJSON *user_json(const char *id, const char *email, const char *role, const char *doctor_id, const char *name)
{
    cJSON *u = cJSON_CreateObject();
    if (u == NULL || cJSON_AddStringToObject(u, "id", id) == NULL ||
        cJSON_AddStringToObject(u, "email", email) == NULL || cJSON_AddStringToObject(u, "role", role) == NULL ||
        (doctor_id != NULL && doctor_id[0] != '\0' ? cJSON_AddStringToObject(u, "doctor_id", doctor_id)
                                                   : cJSON_AddNullToObject(u, "doctor_id")) == NULL ||
        (name != NULL ? cJSON_AddStringToObject(u, "name", name) : cJSON_AddNullToObject(u, "name")) == NULL)
        wa_fatal("out of memory");
    return u;
}

static void set_cookie(dash_call_t *c, const char *value, int max_age)
{
    char buf[512];
    int n = snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", c->w->cfg->cookie_name,
                     value, max_age, c->w->cfg->secure_cookie ? "; Secure" : "");
    h2o_add_header(&c->req->pool, &c->req->res.headers, H2O_TOKEN_SET_COOKIE, NULL,
                   h2o_strdup(&c->req->pool, buf, (size_t)n).base, (size_t)n);
}

static void drop_session(dash_worker_t *w, const char *cookie)
{
    char hash[WA_TOKEN_HASH_HEX], key[256];
    if (cookie == NULL || cookie[0] == '\0' || strlen(cookie) > 128)
        return;
    wa_token_hash(cookie, strlen(cookie), hash);
    session_key(w, hash, key, sizeof(key));
    const char *argv[] = {"DEL", key, NULL};
    redisReply *r = dash_redis(w, 2, argv);
    if (r != NULL)
        freeReplyObject(r);
}

void dash_session_create(dash_call_t *c)
{
    const cJSON *je = cJSON_GetObjectItemCaseSensitive(c->body, "email");
    const cJSON *jp = cJSON_GetObjectItemCaseSensitive(c->body, "password");
    char acct[256], addr[256], retry[24];
    long wait_a, wait_b;
    int found = 0, ok;

    if (!dash_origin_ok(c->w->cfg->origin, dash_http_header(c->req, "origin"),
                        dash_http_header(c->req, "sec-fetch-site"), 0)) {
        dash_reply_error(c->req, 403, "csrf", "the request does not come from the dashboard's origin", NULL);
        return;
    }
    if (!cJSON_IsString(je) || !cJSON_IsString(jp) || je->valuestring[0] == '\0' || strlen(je->valuestring) > 254 ||
        strlen(jp->valuestring) > WA_PASSWORD_MAX) {
        cJSON *f = cJSON_CreateObject();
        if (f == NULL)
            wa_fatal("out of memory");
        if (!cJSON_IsString(je) || je->valuestring[0] == '\0' || strlen(je->valuestring) > 254)
            cJSON_AddStringToObject(f, "email", "required: the email you sign in with");
        if (!cJSON_IsString(jp) || strlen(jp->valuestring) > WA_PASSWORD_MAX)
            cJSON_AddStringToObject(f, "password", "required");
        dash_reply_error(c->req, 422, "invalid", "email and password are required", f);
        return;
    }
    throttle_keys(c, je->valuestring, acct, sizeof(acct), addr, sizeof(addr));
    wait_a = throttled_for(c->w, acct, c->w->cfg->login_max_account);
    wait_b = throttled_for(c->w, addr, c->w->cfg->login_max_addr);
    if (wait_a < 0 || wait_b < 0) {
        dash_reply_unavailable(c);
        return;
    }
    if (wait_a > 0 || wait_b > 0) {
        wa_metric_add(login_metrics.throttled, 1);
        snprintf(retry, sizeof(retry), "%ld", wait_a > wait_b ? wait_a : wait_b);
        h2o_add_header(&c->req->pool, &c->req->res.headers, H2O_TOKEN_RETRY_AFTER, NULL,
                       h2o_strdup(&c->req->pool, retry, SIZE_MAX).base, strlen(retry));
        dash_reply_error(c->req, 429, "throttled", "too many failed sign-ins: try again later", NULL);
        return;
    }

    const char *params[] = {je->valuestring};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard sign-in lookup",
                               "SELECT id, email, role, coalesce(doctor_id::text, ''), session_gen, password_hash,"
                               " disabled_at IS NULL, name, totp_secret, coalesce(totp_last_step, -1),"
                               " coalesce((SELECT require_totp FROM clinic_settings s WHERE s.doctor_id = users.doctor_id),"
                               " false) FROM users WHERE lower(email) = lower($1)",
                               1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    found = PQntuples(res) == 1;
    ok = wa_password_verify(found ? PQgetvalue(res, 0, 5) : wa_password_dummy_hash(), jp->valuestring,
                            strlen(jp->valuestring));
    if (ok < 0) { /* every hashing slot busy: a flood of sign-ins; the client may retry, nothing was counted */
        PQclear(res);
        h2o_add_header(&c->req->pool, &c->req->res.headers, H2O_TOKEN_RETRY_AFTER, NULL, H2O_STRLIT("1"));
        dash_reply_error(c->req, 503, "busy", "too many sign-ins at once: try again in a moment", NULL);
        return;
    }
    if (!found || !ok || strcmp(PQgetvalue(res, 0, 6), "t") != 0) {
        PQclear(res);
        count_failure(c->w, acct);
        count_failure(c->w, addr);
        wa_metric_add(login_metrics.bad, 1);
        dash_reply_error(c->req, 401, "invalid_credentials", "wrong email or password", NULL);
        return;
    }

    /* the second factor: a user with TOTP on must send a valid, unused code ("totp_required" counts against the
     * account like a wrong password, so that it is no unthrottled password oracle; a wrong code counts against the
     * account and the address) */
    if (!PQgetisnull(res, 0, 8)) {
        const cJSON *jt = cJSON_GetObjectItemCaseSensitive(c->body, "totp");
        if (!cJSON_IsString(jt) || jt->valuestring[0] == '\0') {
            PQclear(res);
            count_failure(c->w, acct);
            dash_reply_error(c->req, 401, "totp_required", "enter the code of your authenticator app", NULL);
            return;
        }
        int t = dash_totp_check(c, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 8),
                                strtoll(PQgetvalue(res, 0, 9), NULL, 10), jt->valuestring);
        if (t != 1) {
            PQclear(res);
            if (t == -1) {
                dash_reply_unavailable(c);
            } else if (t == -2) {
                dash_reply_error(c->req, 503, "not_configured",
                                 "this deployment has no valid CREDENTIALS_KEY: the operator must set it", NULL);
            } else {
                count_failure(c->w, acct);
                count_failure(c->w, addr);
                wa_metric_add(login_metrics.bad, 1);
                dash_reply_error(c->req, 401, "invalid_totp", "wrong or already used code", NULL);
            }
            return;
        }
    }
    int must_enrol = PQgetisnull(res, 0, 8) && strcmp(PQgetvalue(res, 0, 10), "t") == 0;

    /* a new session at every sign-in (the old one, if the browser had one, ends) */
    char token[WA_TOKEN_MAX], csrf[WA_TOKEN_MAX], hash[WA_TOKEN_HASH_HEX], key[256], created[24], ttl[24];
    drop_session(c->w, dash_http_cookie(c->req, c->w->cfg->cookie_name));
    wa_token_new(NULL, token);
    wa_token_new(NULL, csrf);
    wa_token_hash(token, strlen(token), hash);
    session_key(c->w, hash, key, sizeof(key));
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    snprintf(ttl, sizeof(ttl), "%d",
             c->w->cfg->session_idle_s < c->w->cfg->session_max_s ? c->w->cfg->session_idle_s
                                                                  : c->w->cfg->session_max_s);
    {
        const char *argv[] = {"HSET", key,     "u", PQgetvalue(res, 0, 0), "c", csrf, "g", PQgetvalue(res, 0, 4),
                              "t",    created, NULL};
        redisReply *r = dash_redis(c->w, 10, argv);
        int stored = r != NULL && r->type == REDIS_REPLY_INTEGER;
        if (r != NULL)
            freeReplyObject(r);
        const char *eargv[] = {"EXPIRE", key, ttl, NULL};
        if (stored && (r = dash_redis(c->w, 3, eargv)) != NULL) {
            stored = r->type == REDIS_REPLY_INTEGER && r->integer == 1;
            freeReplyObject(r);
        } else {
            stored = 0;
        }
        if (!stored) {
            const char *dargv[] = {"DEL", key, NULL}; /* no session without its expiry */
            if ((r = dash_redis(c->w, 2, dargv)) != NULL)
                freeReplyObject(r);
            PQclear(res);
            dash_reply_unavailable(c);
            return;
        }
    }
    {
        const char *dargv[] = {"DEL", acct, NULL};
        redisReply *r = dash_redis(c->w, 2, dargv);
        if (r != NULL)
            freeReplyObject(r);
    }
    const char *uid = PQgetvalue(res, 0, 0), *doctor = PQgetvalue(res, 0, 3);
    if (wa_password_needs_rehash(PQgetvalue(res, 0, 5))) { /* made with older parameters: upgrade it now */
        char newhash[WA_HASH_MAX];
        if (wa_password_hash(jp->valuestring, strlen(jp->valuestring), newhash) == 0) {
            const char *hp[] = {uid, newhash};
            (void)wa_pg_run(c->w->pg, "dashboard password rehash", "UPDATE users SET password_hash = $2 WHERE id = $1",
                            2, hp);
        }
    }
    char actor[300];
    snprintf(actor, sizeof(actor), "user:%s", PQgetvalue(res, 0, 1));
    const char *aparams[] = {uid, doctor[0] != '\0' ? doctor : NULL, actor};
    (void)wa_pg_run(c->w->pg, "dashboard sign-in audit",
                    "WITH u AS (UPDATE users SET last_login_at = now() WHERE id = $1)"
                    " INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target)"
                    " VALUES ($2, $1, $3, 'session.create', 'user:' || $1)",
                    3, aparams);
    wa_metric_add(login_metrics.ok, 1);
    wa_info("signed in", "user_id", uid, "doctor_id", doctor);

    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL ||
        !cJSON_AddItemToObject(doc, "user",
                               user_json(uid, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), doctor,
                                         PQgetisnull(res, 0, 7) ? NULL : PQgetvalue(res, 0, 7))) ||
        cJSON_AddStringToObject(doc, "csrf_token", csrf) == NULL ||
        cJSON_AddBoolToObject(doc, "totp_enrolment_required", must_enrol) == NULL)
        wa_fatal("out of memory");
    PQclear(res);
    set_cookie(c, token, c->w->cfg->session_max_s);
    sodium_memzero(token, sizeof(token));
    dash_reply_json(c->req, 200, doc);
}

void dash_session_delete(dash_call_t *c)
{
    if (c->who.kind != DASH_BY_SESSION) {
        dash_reply_error(c->req, 400, "no_session", "API tokens have no session to end (revoke the token instead)",
                         NULL);
        return;
    }
    char key[256];
    session_key(c->w, c->who.session_hash, key, sizeof(key));
    const char *argv[] = {"DEL", key, NULL};
    redisReply *r = dash_redis(c->w, 2, argv);
    if (r == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    freeReplyObject(r);
    set_cookie(c, "", 0);
    dash_reply_empty(c->req);
}

void dash_me(dash_call_t *c)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        wa_fatal("out of memory");
    if (c->who.kind == DASH_BY_SESSION) {
        cJSON *u = user_json(c->who.user_id, c->who.email, c->who.role, c->who.doctor_id, NULL);
        if (cJSON_AddBoolToObject(u, "totp_enabled", c->who.totp_enabled) == NULL || !cJSON_AddItemToObject(doc, "user", u) ||
            cJSON_AddStringToObject(doc, "csrf_token", c->who.csrf) == NULL ||
            cJSON_AddBoolToObject(doc, "totp_enrolment_required", c->who.limited) == NULL)
            wa_fatal("out of memory");
    } else {
        cJSON *t = cJSON_CreateObject();
        if (t == NULL || !cJSON_AddItemToObject(doc, "token", t) ||
            cJSON_AddStringToObject(t, "id", c->who.token_id) == NULL ||
            cJSON_AddStringToObject(t, "name", c->who.email) == NULL ||
            cJSON_AddStringToObject(t, "doctor_id", c->who.doctor_id) == NULL)
            wa_fatal("out of memory");
    }
    dash_reply_json(c->req, 200, doc);
}
