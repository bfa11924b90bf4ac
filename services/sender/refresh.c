/*
 * Token refresh and credential metrics (refresh.h). The pass: try the
 * advisory lock; if held by us, exchange each token due for refresh one at a
 * time (a handful a day in practice) and store the new one only if the row
 * still holds the token we exchanged (a `wactl creds set` meanwhile wins);
 * then move states by expiry and publish the gauge. An exchange that Meta
 * refuses with 190 marks the credentials invalid; any other failure is kept
 * in credentials_error and retried on the next pass.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "wa/creds.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/sys.h"
#include "refresh.h"

#define LOCK_KEY "4204204204" /* pg advisory lock: one replica refreshes at a time */
#define EXCHANGE_TIMEOUT_MS 15000

struct st_snd_refresh_t {
    const wa_config_t *cfg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    long interval_ms, metrics_ms, ahead_s;
};

static wa_metric_t *gauge(const char *state)
{
    char labels[48];
    snprintf(labels, sizeof(labels), "state=\"%s\"", state);
    return wa_metric(WA_METRIC_GAUGE, "wa_credentials", labels,
                     "Doctors by the state of their own WhatsApp credentials (expiring: within 7 days)");
}

static void url_put(char **p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
            ch == '_' || ch == '.' || ch == '~') {
            *(*p)++ = (char)ch;
        } else {
            *(*p)++ = '%';
            *(*p)++ = hex[ch >> 4];
            *(*p)++ = hex[ch & 15];
        }
    }
}

char *snd_refresh_exchange_url(const char *graph_url, const char *app_id, const char *app_secret, const char *token)
{
    size_t blen = strlen(graph_url);
    if (blen > 0 && graph_url[blen - 1] == '/')
        blen--;
    size_t n = blen + 128 + 3 * (strlen(app_id) + strlen(app_secret) + strlen(token));
    char *url = wa_malloc(n), *p = url;
    memcpy(p, graph_url, blen);
    p += blen;
    const char *a = "/oauth/access_token?grant_type=fb_exchange_token&client_id=";
    memcpy(p, a, strlen(a));
    p += strlen(a);
    url_put(&p, app_id);
    memcpy(p, "&client_secret=", 15);
    p += 15;
    url_put(&p, app_secret);
    memcpy(p, "&fb_exchange_token=", 19);
    p += 19;
    url_put(&p, token);
    *p = '\0';
    return url;
}

static void event(wa_pg_t *pg, const char *doctor_id, const char *kind, const char *code, const char *detail)
{
    const char *params[] = {doctor_id, kind, code, detail};
    (void)wa_pg_run(pg, "record a credential event",
                    "INSERT INTO credential_events (doctor_id, kind, error_code, detail) VALUES ($1::uuid, $2, $3, $4)",
                    4, params);
}

/* Exchanges one doctor's token. Returns 1 when a new token was stored, 0 otherwise. */
static int refresh_one(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http, const wa_crypt_keyring_t *ring,
                       const char *id, const char *sealed_token, const char *app_id, const char *sealed_secret)
{
    char aad_t[128], aad_s[128], why[400] = "", code[24] = "";
    char *token = NULL, *secret = NULL, *fresh = NULL;
    int stored = 0;
    snprintf(aad_t, sizeof(aad_t), "%s/whatsapp_access_token", id);
    snprintf(aad_s, sizeof(aad_s), "%s/whatsapp_app_secret", id);
    int rc1 = wa_crypt_open(ring, sealed_token, aad_t, &token);
    int rc2 = rc1 == WA_CRYPT_OK ? wa_crypt_open(ring, sealed_secret, aad_s, &secret) : rc1;
    if (rc1 != WA_CRYPT_OK || rc2 != WA_CRYPT_OK) {
        wa_warn("cannot open a doctor's credentials for the token refresh", "doctor_id", id, "error",
                wa_crypt_strerror(rc1 != WA_CRYPT_OK ? rc1 : rc2));
        wa_crypt_free(token);
        return 0;
    }
    char *url = snd_refresh_exchange_url(cfg->graph_url, app_id, secret, token);
    wa_http_req_t req, *reqs[1] = {&req};
    wa_http_req_init(&req, "GET", url, EXCHANGE_TIMEOUT_MS);
    long expires_in = 0;
    if (wa_http_run(http, reqs, 1) != 0 || req.curl_code != 0 || req.status == 0) {
        snprintf(why, sizeof(why), "token refresh: no answer from Graph");
    } else {
        cJSON *doc = req.resp != NULL ? cJSON_Parse(req.resp) : NULL;
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(doc, "access_token");
        const cJSON *ex = cJSON_GetObjectItemCaseSensitive(doc, "expires_in");
        const cJSON *err = cJSON_GetObjectItemCaseSensitive(doc, "error");
        if (req.status == 200 && cJSON_IsString(at) && at->valuestring[0] != '\0') {
            fresh = wa_strdup(at->valuestring);
            expires_in = cJSON_IsNumber(ex) && ex->valuedouble > 0 ? (long)ex->valuedouble : 60L * 86400;
        } else {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(err, "code");
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(err, "message");
            if (cJSON_IsNumber(c))
                snprintf(code, sizeof(code), "%d", c->valueint);
            snprintf(why, sizeof(why), "token refresh refused: HTTP %ld%s%s%s%.200s", req.status,
                     code[0] ? ", code " : "", code, cJSON_IsString(m) ? ": " : "",
                     cJSON_IsString(m) ? m->valuestring : "");
        }
        if (req.resp != NULL)
            explicit_bzero(req.resp, req.resp_len); /* held the new token */
        if (doc != NULL && cJSON_IsString(at))
            explicit_bzero(at->valuestring, strlen(at->valuestring));
        cJSON_Delete(doc);
    }
    wa_http_req_dispose(&req);
    wa_crypt_free(url);
    wa_crypt_free(secret);
    wa_crypt_free(token);

    if (fresh != NULL) {
        char *sealed = wa_crypt_seal(&ring->keys[0], fresh, aad_t);
        wa_crypt_free(fresh);
        if (sealed == NULL) {
            wa_error("cannot seal a refreshed token (OpenSSL)", "doctor_id", id);
            return 0;
        }
        char secs[24];
        snprintf(secs, sizeof(secs), "%ld", expires_in);
        const char *params[] = {id, sealed, ring->keys[0].id, secs, sealed_token};
        PGresult *res = wa_pg_exec(pg, "store a refreshed token",
                                   "UPDATE doctors SET whatsapp_access_token = $2, credentials_key_id = $3, "
                                   "whatsapp_token_expires_at = now() + make_interval(secs => $4::int), "
                                   "credentials_state = 'valid', credentials_error = NULL, "
                                   "credentials_checked_at = now(), credentials_updated_at = now() "
                                   "WHERE id = $1::uuid AND whatsapp_access_token = $5",
                                   5, params);
        stored = res != NULL && atoi(PQcmdTuples(res)) == 1;
        if (res != NULL)
            PQclear(res);
        wa_crypt_free(sealed);
        if (stored) {
            event(pg, id, "refreshed", NULL, "long-lived token exchanged ahead of expiry");
            wa_info("doctor's token refreshed", "doctor_id", id, "expires_in_s", secs);
        }
        return stored;
    }
    wa_warn("doctor's token refresh failed", "doctor_id", id, "error_code", code[0] ? code : NULL, "detail", why);
    (void)wa_creds_state_set(pg, id, strcmp(code, "190") == 0 ? "invalid" : NULL, why);
    event(pg, id, "refresh_failed", code[0] ? code : NULL, why);
    return 0;
}

long snd_refresh_pass(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http, const wa_crypt_keyring_t *ring,
                      long ahead_s)
{
    long refreshed = 0;
    if (http == NULL) /* metrics only */
        goto count;
    PGresult *lock = wa_pg_exec(pg, "token refresh lock", "SELECT pg_try_advisory_lock(" LOCK_KEY ")", 0, NULL);
    if (lock == NULL)
        return -1;
    int ours = PQntuples(lock) == 1 && strcmp(PQgetvalue(lock, 0, 0), "t") == 0;
    PQclear(lock);
    if (ours && ring->n > 0) {
        char ahead[24];
        snprintf(ahead, sizeof(ahead), "%ld", ahead_s);
        const char *params[] = {ahead};
        PGresult *res = wa_pg_exec(pg, "tokens due for refresh",
                                   "SELECT id::text, whatsapp_access_token, whatsapp_app_id, whatsapp_app_secret "
                                   "FROM doctors WHERE whatsapp_access_token IS NOT NULL "
                                   "AND whatsapp_app_id IS NOT NULL AND whatsapp_app_secret IS NOT NULL "
                                   "AND credentials_state IN ('valid', 'expiring') "
                                   "AND whatsapp_token_expires_at > now() "
                                   "AND whatsapp_token_expires_at < now() + make_interval(secs => $1::int) "
                                   "ORDER BY whatsapp_token_expires_at LIMIT 100",
                                   1, params);
        for (int i = 0; res != NULL && i < PQntuples(res); i++)
            refreshed += refresh_one(cfg, pg, http, ring, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                                     PQgetvalue(res, i, 2), PQgetvalue(res, i, 3));
        if (res != NULL)
            PQclear(res);
    }
    if (ours) {
        /* expiry moves states: expired tokens are invalid (the sender falls back), near ones are expiring */
        (void)wa_pg_run(pg, "expire tokens",
                        "UPDATE doctors SET credentials_state = 'invalid', credentials_error = 'token expired', "
                        "credentials_checked_at = now() WHERE credentials_state IN ('valid', 'expiring') "
                        "AND whatsapp_token_expires_at <= now()",
                        0, NULL);
        (void)wa_pg_run(pg, "mark expiring tokens",
                        "UPDATE doctors SET credentials_state = 'expiring' WHERE credentials_state = 'valid' "
                        "AND whatsapp_token_expires_at < now() + interval '7 days'",
                        0, NULL);
        PQclear(wa_pg_exec(pg, "token refresh unlock", "SELECT pg_advisory_unlock(" LOCK_KEY ")", 0, NULL));
    }
count:;
    static const char *states[] = {"valid", "expiring", "invalid", "none"};
    long counts[4] = {0, 0, 0, 0};
    PGresult *res = wa_pg_exec(pg, "count credential states",
                               "SELECT credentials_state, count(*) FROM doctors WHERE is_active GROUP BY 1", 0, NULL);
    if (res == NULL)
        return -1;
    for (int i = 0; i < PQntuples(res); i++)
        for (int k = 0; k < 4; k++)
            if (strcmp(PQgetvalue(res, i, 0), states[k]) == 0)
                counts[k] = atol(PQgetvalue(res, i, 1));
    PQclear(res);
    for (int k = 0; k < 4; k++)
        wa_metric_set(gauge(states[k]), counts[k]);
    return refreshed;
}

static void *refresh_main(void *arg)
{
    snd_refresh_t *r = arg;
    wa_crypt_keyring_t ring;
    wa_pg_t *pg = wa_pg_create(r->cfg->database_url);
    wa_http_t *http = wa_http_create(2);
    if (wa_crypt_keyring_load(&ring, r->cfg->credentials_key, r->cfg->credentials_key_previous) != WA_CRYPT_OK) {
        wa_warn("CREDENTIALS_KEY unusable: tokens are not refreshed (the credential metrics still are)");
        memset(&ring, 0, sizeof(ring));
    }
    long long next_refresh = 0;
    long tick = r->metrics_ms < r->interval_ms ? r->metrics_ms : r->interval_ms;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        pthread_mutex_unlock(&r->lock);
        int due = wa_mono_ms() >= next_refresh;
        if (snd_refresh_pass(r->cfg, pg, due ? http : NULL, &ring, r->ahead_s) >= 0 && due)
            next_refresh = wa_mono_ms() + r->interval_ms;
        pthread_mutex_lock(&r->lock);
        struct timespec until;
        wa_sys_deadline(&until, tick);
        while (!r->stop && pthread_cond_timedwait(&r->wake, &r->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&r->lock);
    wa_crypt_keyring_wipe(&ring);
    wa_http_destroy(http);
    wa_pg_destroy(pg);
    return NULL;
}

snd_refresh_t *snd_refresh_start(const wa_config_t *cfg)
{
    snd_refresh_t *r = wa_calloc(1, sizeof(*r));
    r->cfg = cfg;
    r->interval_ms = cfg->sender_token_refresh_ms;
    r->metrics_ms = cfg->sender_creds_metrics_ms;
    r->ahead_s = cfg->sender_token_refresh_ahead_s;
    pthread_mutex_init(&r->lock, NULL);
    int err = wa_sys_cond_init(&r->wake); /* a step of the wall clock must not stall the refresh */
    if (err != 0) {
        wa_error("cannot start the token refresh thread", "errno", strerror(err));
        pthread_mutex_destroy(&r->lock);
        free(r);
        return NULL;
    }
    err = pthread_create(&r->thread, NULL, refresh_main, r);
    if (err != 0) {
        wa_error("cannot start the token refresh thread", "errno", strerror(err));
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        free(r);
        return NULL;
    }
    return r;
}

void snd_refresh_stop(snd_refresh_t *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    free(r);
}
