/*
 * The signed-in user's TOTP second factor (services/dashboard): POST
 * /api/v1/me/totp starts an enrolment (a new secret, sealed with
 * CREDENTIALS_KEY under additional data "user:<id>/totp" into
 * users.totp_pending, shown once as base32 and an otpauth:// URI), POST
 * /api/v1/me/totp/confirm {"code"} enables it with a first valid code, DELETE
 * /api/v1/me/totp {"code"} disables it (409 while the clinic requires TOTP).
 * The sign-in (auth.c) checks codes with dash_totp_check. Codes come from
 * libwa's wa/totp.h; a step once accepted is never accepted again. Every change
 * is audited (totp.enrol, totp.enable, totp.disable), never with the secret; a
 * secret is never logged, nor returned after its enrolment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>

#include "wa/crypt.h"
#include "wa/log.h"
#include "wa/totp.h"
#include "api.h"
#include "auth.h"
#include "http.h"

#define TOTP_ISSUER "Clinic dashboard"

static void aad_of(const char *user_id, char *out, size_t outsz)
{
    snprintf(out, outsz, "user:%s/totp", user_id);
}

static int load_ring(dash_call_t *c, wa_crypt_keyring_t *ring)
{
    if (wa_crypt_keyring_load(ring, c->w->cfg->wa->credentials_key, c->w->cfg->wa->credentials_key_previous) != 0 ||
        ring->n == 0) {
        wa_crypt_keyring_wipe(ring);
        return -1;
    }
    return 0;
}

int dash_totp_check(dash_call_t *c, const char *user_id, const char *sealed, long long last_step, const char *code)
{
    wa_crypt_keyring_t ring;
    unsigned char key[WA_TOTP_KEY_MAX];
    char aad[80], *b32 = NULL, stepbuf[24];
    int64_t matched = -1;
    int n, rc;

    if (load_ring(c, &ring) != 0)
        return -2;
    aad_of(user_id, aad, sizeof(aad));
    rc = wa_crypt_open(&ring, sealed, aad, &b32);
    wa_crypt_keyring_wipe(&ring);
    if (rc != WA_CRYPT_OK)
        return -2;
    n = wa_totp_b32_decode(b32, key);
    wa_crypt_free(b32);
    if (n < 0)
        return -2;
    rc = wa_totp_verify(key, (size_t)n, code, (uint64_t)time(NULL), last_step, &matched);
    OPENSSL_cleanse(key, sizeof(key));
    if (rc != 1)
        return 0;
    snprintf(stepbuf, sizeof(stepbuf), "%lld", (long long)matched);
    const char *params[] = {user_id, stepbuf};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard totp step",
                               "UPDATE users SET totp_last_step = $2::bigint WHERE id = $1"
                               " AND coalesce(totp_last_step, -1) < $2::bigint RETURNING id",
                               2, params);
    if (res == NULL)
        return -1;
    rc = PQntuples(res) == 1; /* 0 rows: the same code was used at the same moment by another request */
    PQclear(res);
    return rc;
}

static int session_only(dash_call_t *c)
{
    if (c->who.kind != DASH_BY_SESSION) {
        dash_reply_error(c->req, 400, "no_user", "an API token has no second factor: sign in as a user", NULL);
        return -1;
    }
    return 0;
}

static void not_configured(dash_call_t *c)
{
    dash_reply_error(c->req, 503, "not_configured",
                     "this deployment has no valid CREDENTIALS_KEY: the operator must set it", NULL);
}

static void audit(dash_call_t *c, const char *action)
{
    char actor[300];
    const char *ap[3];
    dash_actor_params(c, ap, actor, sizeof(actor));
    const char *params[] = {c->who.doctor_id[0] != '\0' ? c->who.doctor_id : NULL, ap[0], ap[2], action,
                            c->who.email};
    (void)wa_pg_run(c->w->pg, "dashboard totp audit",
                    "INSERT INTO audit_log (doctor_id, actor_user_id, actor, action, target)"
                    " VALUES ($1, $2, $3, $4, 'user:' || $5)",
                    5, params);
}

/* Reads the user's TOTP columns: 1 found (res owned by the caller), 0 gone, -1 database down (answered). */
static int read_user(dash_call_t *c, PGresult **out)
{
    const char *params[] = {c->who.user_id};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard totp read",
                               "SELECT u.totp_secret, u.totp_pending, coalesce(u.totp_last_step, -1),"
                               " coalesce(s.require_totp, false)"
                               " FROM users u LEFT JOIN clinic_settings s ON s.doctor_id = u.doctor_id WHERE u.id = $1",
                               1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        dash_reply_error(c->req, 401, "unauthenticated", "sign in first", NULL);
        return 0;
    }
    *out = res;
    return 1;
}

/* The body's "code" (six digits expected; anything else is simply a wrong code), with the account's throttle. */
static const char *code_of(dash_call_t *c)
{
    const cJSON *jc = cJSON_GetObjectItemCaseSensitive(c->body, "code");
    long wait = dash_login_throttled(c, c->who.email);
    if (wait < 0) {
        dash_reply_unavailable(c);
        return NULL;
    }
    if (wait > 0) {
        char retry[24];
        snprintf(retry, sizeof(retry), "%ld", wait);
        h2o_add_header(&c->req->pool, &c->req->res.headers, H2O_TOKEN_RETRY_AFTER, NULL,
                       h2o_strdup(&c->req->pool, retry, SIZE_MAX).base, strlen(retry));
        dash_reply_error(c->req, 429, "throttled", "too many wrong codes: try again later", NULL);
        return NULL;
    }
    if (!cJSON_IsString(jc) || jc->valuestring[0] == '\0') {
        cJSON *f = cJSON_CreateObject();
        if (f == NULL || cJSON_AddStringToObject(f, "code", "required: the 6 digits your authenticator app shows") == NULL)
            wa_fatal("out of memory");
        dash_reply_error(c->req, 422, "invalid", "the code is required", f);
        return NULL;
    }
    return jc->valuestring;
}

static void wrong_code(dash_call_t *c)
{
    dash_login_failed(c, c->who.email);
    dash_reply_error(c->req, 422, "invalid_totp", "wrong or already used code", NULL);
}

void dash_totp_enrol(dash_call_t *c)
{
    PGresult *res = NULL;
    wa_crypt_keyring_t ring;
    char b32[WA_TOTP_B32_MAX], aad[80], uri[1024];

    if (session_only(c) != 0 || read_user(c, &res) != 1)
        return;
    int enabled = !PQgetisnull(res, 0, 0);
    PQclear(res);
    if (enabled) {
        dash_reply_error(c->req, 409, "totp_enabled", "two-step sign-in is already on: turn it off first", NULL);
        return;
    }
    if (load_ring(c, &ring) != 0) {
        not_configured(c);
        return;
    }
    if (wa_totp_secret_new(b32) != 0 ||
        wa_totp_uri(TOTP_ISSUER, c->who.email, b32, uri, sizeof(uri)) != 0) {
        wa_crypt_keyring_wipe(&ring);
        dash_reply_error(c->req, 500, "internal", "could not make a secret", NULL);
        return;
    }
    aad_of(c->who.user_id, aad, sizeof(aad));
    char *sealed = wa_crypt_seal(&ring.keys[0], b32, aad);
    wa_crypt_keyring_wipe(&ring);
    if (sealed == NULL) {
        OPENSSL_cleanse(b32, sizeof(b32));
        OPENSSL_cleanse(uri, sizeof(uri));
        dash_reply_error(c->req, 500, "internal", "encryption failed", NULL);
        return;
    }
    const char *params[] = {c->who.user_id, sealed};
    int rc = wa_pg_run(c->w->pg, "dashboard totp enrol",
                       "UPDATE users SET totp_pending = $2 WHERE id = $1 AND totp_secret IS NULL", 2, params);
    free(sealed);
    if (rc != 0) {
        OPENSSL_cleanse(b32, sizeof(b32));
        OPENSSL_cleanse(uri, sizeof(uri));
        dash_reply_unavailable(c);
        return;
    }
    audit(c, "totp.enrol");
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddStringToObject(doc, "secret", b32) == NULL ||
        cJSON_AddStringToObject(doc, "otpauth_uri", uri) == NULL)
        wa_fatal("out of memory");
    OPENSSL_cleanse(b32, sizeof(b32));
    OPENSSL_cleanse(uri, sizeof(uri));
    h2o_add_header(&c->req->pool, &c->req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    dash_reply_json(c->req, 200, doc);
}

void dash_totp_confirm(dash_call_t *c)
{
    PGresult *res = NULL;
    const char *code;

    if (session_only(c) != 0 || (code = code_of(c)) == NULL || read_user(c, &res) != 1)
        return;
    if (!PQgetisnull(res, 0, 0) || PQgetisnull(res, 0, 1)) {
        PQclear(res);
        dash_reply_error(c->req, 409, "no_enrolment", "no enrolment to confirm: start one with POST /api/v1/me/totp",
                         NULL);
        return;
    }
    int rc = dash_totp_check(c, c->who.user_id, PQgetvalue(res, 0, 1), -1, code);
    if (rc == 1) {
        const char *params[] = {c->who.user_id};
        rc = wa_pg_run(c->w->pg, "dashboard totp enable",
                       "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_enabled_at = now()"
                       " WHERE id = $1 AND totp_pending IS NOT NULL",
                       1, params) == 0
                 ? 1
                 : -1;
    }
    PQclear(res);
    if (rc == 0)
        wrong_code(c);
    else if (rc == -1)
        dash_reply_unavailable(c);
    else if (rc == -2)
        not_configured(c);
    else {
        audit(c, "totp.enable");
        wa_info("two-step sign-in enabled", "user_id", c->who.user_id);
        dash_reply_empty(c->req);
    }
}

void dash_totp_disable(dash_call_t *c)
{
    PGresult *res = NULL;
    const char *code;

    if (session_only(c) != 0 || (code = code_of(c)) == NULL || read_user(c, &res) != 1)
        return;
    if (PQgetisnull(res, 0, 0)) {
        PQclear(res);
        dash_reply_error(c->req, 409, "totp_off", "two-step sign-in is not on", NULL);
        return;
    }
    if (strcmp(PQgetvalue(res, 0, 3), "t") == 0) {
        PQclear(res);
        dash_reply_error(c->req, 409, "totp_required_by_clinic",
                         "your clinic requires two-step sign-in: it cannot be turned off", NULL);
        return;
    }
    int rc = dash_totp_check(c, c->who.user_id, PQgetvalue(res, 0, 0), strtoll(PQgetvalue(res, 0, 2), NULL, 10), code);
    PQclear(res);
    if (rc == 1) {
        const char *params[] = {c->who.user_id};
        rc = wa_pg_run(c->w->pg, "dashboard totp disable",
                       "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL,"
                       " totp_last_step = NULL WHERE id = $1",
                       1, params) == 0
                 ? 1
                 : -1;
    }
    if (rc == 0)
        wrong_code(c);
    else if (rc == -1)
        dash_reply_unavailable(c);
    else if (rc == -2)
        not_configured(c);
    else {
        audit(c, "totp.disable");
        wa_info("two-step sign-in disabled", "user_id", c->who.user_id);
        dash_reply_empty(c->req);
    }
}
