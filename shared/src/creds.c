/*
 * A doctor's own WhatsApp credentials (wa/creds.h): the Graph check and the store that `wactl creds set` and the
 * dashboard share, and the one statement that records a verdict on them, for the services (through wa_pg_t,
 * which logs and reconnects) and for wactl (on its own libpq connection, which reports errors itself).
 */
#include "wa/creds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "wa/http.h"
#include "wa/log.h"
#include "wa/phone.h"

static void copy_str(char *out, size_t outsz, const cJSON *v)
{
    if (cJSON_IsString(v))
        snprintf(out, outsz, "%s", v->valuestring);
    else if (cJSON_IsNumber(v)) /* a messaging limit typed as an integer by some (A.12.3) */
        snprintf(out, outsz, "%.0f", v->valuedouble);
    else
        out[0] = '\0';
}

int wa_number_fetch(const char *graph_url, int timeout_ms, const char *pnid, const char *token, wa_number_t *out)
{
    char url[1024], *auth;
    size_t blen = strlen(graph_url);
    memset(out, 0, sizeof(*out));
    snprintf(url, sizeof(url),
             "%.*s/%s?fields=display_phone_number,verified_name,quality_rating,status,"
             "whatsapp_business_manager_messaging_limit",
             (int)(blen > 0 && graph_url[blen - 1] == '/' ? blen - 1 : blen), graph_url, pnid);
    size_t alen = strlen(token) + 32;
    auth = wa_malloc(alen);
    snprintf(auth, alen, "Authorization: Bearer %s", token);
    wa_http_t *h = wa_http_create(0);
    wa_http_req_t r, *rp = &r;
    wa_http_req_init(&r, "GET", url, timeout_ms);
    r.headers[0] = auth;
    r.headers[1] = NULL;
    int rc = WA_CREDS_UNREACHABLE;
    if (h == NULL || wa_http_run(h, &rp, 1) != 0) {
        snprintf(out->why, sizeof(out->why), "cannot start the HTTP request");
    } else if (r.curl_code != 0 || r.status == 0) {
        snprintf(out->why, sizeof(out->why), "Graph API unreachable: %s", r.error);
    } else {
        cJSON *j = r.resp != NULL ? cJSON_Parse(r.resp) : NULL;
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "display_phone_number");
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
        if (r.status == 200 && cJSON_IsString(d)) {
            snprintf(out->display, sizeof(out->display), "%s", d->valuestring);
            copy_str(out->verified_name, sizeof(out->verified_name),
                     cJSON_GetObjectItemCaseSensitive(j, "verified_name"));
            copy_str(out->quality, sizeof(out->quality), cJSON_GetObjectItemCaseSensitive(j, "quality_rating"));
            copy_str(out->status, sizeof(out->status), cJSON_GetObjectItemCaseSensitive(j, "status"));
            copy_str(out->limit, sizeof(out->limit),
                     cJSON_GetObjectItemCaseSensitive(j, "whatsapp_business_manager_messaging_limit"));
            rc = WA_CREDS_OK;
        } else if (cJSON_IsObject(e)) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code"),
                        *m = cJSON_GetObjectItemCaseSensitive(e, "message");
            if (cJSON_IsNumber(c))
                snprintf(out->code, sizeof(out->code), "%d", c->valueint);
            snprintf(out->why, sizeof(out->why), "Graph error %s: %.200s", out->code,
                     cJSON_IsString(m) ? m->valuestring : "");
            rc = WA_CREDS_REFUSED;
        } else {
            snprintf(out->why, sizeof(out->why), "Graph API answered HTTP %ld without a display number", r.status);
        }
        cJSON_Delete(j);
    }
    wa_http_req_dispose(&r);
    wa_http_destroy(h);
    explicit_bzero(auth, strlen(auth));
    free(auth);
    return rc;
}

int wa_creds_validate(const char *graph_url, int timeout_ms, const char *pnid, const char *token,
                      const char *doctor_digits, wa_number_t *out)
{
    char digits[32];
    int rc = wa_number_fetch(graph_url, timeout_ms, pnid, token, out);
    if (rc != WA_CREDS_OK)
        return rc;
    if (wa_phone_digits(out->display, digits, sizeof(digits)) == 0 || strcmp(digits, doctor_digits) != 0) {
        snprintf(out->why, sizeof(out->why), "phone number id %.64s belongs to %.64s, not to this doctor (+%.31s)",
                 pnid, out->display, doctor_digits);
        return WA_CREDS_REFUSED;
    }
    return WA_CREDS_OK;
}

static const char *or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

int wa_creds_store(PGconn *c, const wa_creds_row_t *row, PGresult **failed)
{
    const wa_number_t *n = row->number;
    const char *params[] = {row->doctor_id,
                            row->pnid,
                            row->sealed_token,
                            or_null(row->waba),
                            row->app_id,
                            row->sealed_secret,
                            row->key_id,
                            n->display,
                            row->fallback ? "t" : "f",
                            or_null(row->expires_at),
                            row->keep_secret ? "t" : "f",
                            or_null(n->quality),
                            or_null(n->limit)};
    *failed = NULL;
    PGresult *res = PQexecParams(c,
                                 "UPDATE doctors SET whatsapp_phone_number_id = $2, whatsapp_access_token = $3, "
                                 "whatsapp_business_account_id = coalesce($4, whatsapp_business_account_id), "
                                 "whatsapp_app_id = CASE WHEN $11::boolean THEN whatsapp_app_id ELSE $5 END, "
                                 "whatsapp_app_secret = CASE WHEN $11::boolean THEN whatsapp_app_secret ELSE $6 END, "
                                 "credentials_key_id = $7, whatsapp_display_number = $8, "
                                 "allow_master_fallback = $9::boolean, whatsapp_token_expires_at = $10::timestamptz, "
                                 "whatsapp_quality_rating = $12, whatsapp_messaging_limit = $13, "
                                 "credentials_state = 'valid', credentials_error = NULL, "
                                 "credentials_checked_at = now(), credentials_updated_at = now(), "
                                 "updated_at = now() WHERE id = $1",
                                 13, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        *failed = res;
        return -1;
    }
    PQclear(res);
    const char *pe[] = {row->doctor_id, "set", n->display};
    res = PQexecParams(c, "INSERT INTO credential_events (doctor_id, kind, detail) VALUES ($1, $2, $3)", 3, NULL, pe,
                       NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        *failed = res;
        return -1;
    }
    PQclear(res);
    return 0;
}

static const char state_sql[] = "UPDATE doctors SET credentials_state = coalesce($2, credentials_state), "
                                "credentials_error = $3, credentials_checked_at = now() WHERE id = $1::uuid";

PGresult *wa_creds_state_exec(PGconn *conn, const char *doctor_id, const char *state, const char *error)
{
    const char *params[3] = {doctor_id, state, error};
    return PQexecParams(conn, state_sql, 3, NULL, params, NULL, NULL, 0);
}

int wa_creds_state_set(wa_pg_t *pg, const char *doctor_id, const char *state, const char *error)
{
    const char *params[3] = {doctor_id, state, error};
    return wa_pg_run(pg, "record the doctor's credentials state", state_sql, 3, params);
}
