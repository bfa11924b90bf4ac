/*
 * The doctors' app secrets for the ingress (see secrets.h): the refresher
 * thread (one blocking libpq connection of its own), the published snapshot
 * under a mutex with a reference count, and the per-worker HMAC sets built
 * from it. A snapshot is replaced only when the SHA-256 of its contents
 * changed, so workers rebuild their contexts only after a real change. Secrets
 * are wiped (OPENSSL_cleanse) before their memory is freed. The candidate
 * scan and the scope check of a doctor-signed webhook are here too (pure).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"
#include "wa/sys.h"
#include "wa/crypt.h"
#include "secrets.h"

typedef struct st_item_t {
    char app[ING_APP_LABEL_MAX];
    char waba[64];
    char pnid[64];
    char *secret; /* owned, wiped on free */
} item_t;

typedef struct st_snapshot_t {
    int refs; /* under `lock` */
    size_t n;
    item_t *items;
    uint64_t generation;
} snapshot_t;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int running, stop;
    snapshot_t *current; /* under `lock` */
    atomic_uint_fast64_t generation;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    const wa_config_t *cfg;
    wa_crypt_keyring_t ring;
    long refresh_ms;
    wa_metric_t *loaded, *refresh_errors;
} st = {.lock = PTHREAD_MUTEX_INITIALIZER}; /* `wake` is initialised on the monotonic clock by ing_secrets_start */

static void snapshot_free(snapshot_t *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        wa_crypt_free(s->items[i].secret);
    free(s->items);
    free(s);
}

static void snapshot_release(snapshot_t *s)
{
    int last;
    if (s == NULL)
        return;
    pthread_mutex_lock(&st.lock);
    last = --s->refs == 0;
    pthread_mutex_unlock(&st.lock);
    if (last)
        snapshot_free(s);
}

static snapshot_t *snapshot_acquire(void)
{
    snapshot_t *s;
    pthread_mutex_lock(&st.lock);
    if ((s = st.current) != NULL)
        s->refs++;
    pthread_mutex_unlock(&st.lock);
    return s;
}

static void copy_field(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* One pass: reads and opens every doctor's app secret, publishes a new snapshot when the set changed. A database
 * outage keeps the previous snapshot (logged by wa_pg). */
static void refresh_once(wa_pg_t *pg)
{
    PGresult *res = wa_pg_exec(pg, "load doctors' app secrets",
                               "SELECT id::text, whatsapp_app_secret, coalesce(whatsapp_business_account_id, ''), "
                               "coalesce(whatsapp_phone_number_id, '') FROM doctors "
                               "WHERE whatsapp_app_secret IS NOT NULL AND is_active ORDER BY id",
                               0, NULL);
    if (res == NULL) {
        wa_metric_add(st.refresh_errors, 1);
        return;
    }
    int rows = PQntuples(res);
    snapshot_t *s = wa_calloc(1, sizeof(*s));
    s->items = wa_calloc(rows > 0 ? (size_t)rows : 1, sizeof(*s->items));
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    if (sha == NULL || EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(sha);
        PQclear(res);
        snapshot_free(s);
        return;
    }
    for (int i = 0; i < rows; i++) {
        const char *id = PQgetvalue(res, i, 0);
        char aad[128];
        char *plain = NULL;
        snprintf(aad, sizeof(aad), "%s/whatsapp_app_secret", id);
        int rc = wa_crypt_open(&st.ring, PQgetvalue(res, i, 1), aad, &plain);
        if (rc != WA_CRYPT_OK) {
            wa_warn("a doctor's app secret cannot be opened: its webhooks are refused", "doctor_id", id, "error",
                    wa_crypt_strerror(rc));
            continue;
        }
        item_t *it = &s->items[s->n++];
        snprintf(it->app, sizeof(it->app), "doctor:%s", id);
        copy_field(it->waba, sizeof(it->waba), PQgetvalue(res, i, 2));
        copy_field(it->pnid, sizeof(it->pnid), PQgetvalue(res, i, 3));
        it->secret = plain;
        /* NUL-separated fields: the digest tells sets apart, never leaves this function */
        EVP_DigestUpdate(sha, it->app, strlen(it->app) + 1);
        EVP_DigestUpdate(sha, it->waba, strlen(it->waba) + 1);
        EVP_DigestUpdate(sha, it->pnid, strlen(it->pnid) + 1);
        EVP_DigestUpdate(sha, plain, strlen(plain) + 1);
    }
    PQclear(res);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    EVP_DigestFinal_ex(sha, digest, NULL);
    EVP_MD_CTX_free(sha);
    if (atomic_load(&st.generation) != 0 && memcmp(digest, st.digest, sizeof(digest)) == 0) {
        snapshot_free(s); /* unchanged */
        return;
    }
    memcpy(st.digest, digest, sizeof(digest));
    s->refs = 1; /* held by st.current */
    s->generation = atomic_load(&st.generation) + 1;
    pthread_mutex_lock(&st.lock);
    snapshot_t *old = st.current;
    st.current = s;
    pthread_mutex_unlock(&st.lock);
    atomic_store(&st.generation, s->generation);
    snapshot_release(old);
    wa_metric_set(st.loaded, (int64_t)s->n);
    char count[24];
    snprintf(count, sizeof(count), "%zu", s->n);
    wa_info("doctors' app secrets loaded", "count", count);
}

static void *refresher_main(void *arg)
{
    wa_pg_t *pg = wa_pg_create(st.cfg->database_url);
    (void)arg;
    pthread_mutex_lock(&st.lock);
    while (!st.stop) {
        pthread_mutex_unlock(&st.lock);
        refresh_once(pg);
        pthread_mutex_lock(&st.lock);
        if (st.stop)
            break;
        struct timespec until;
        wa_sys_deadline(&until, st.refresh_ms);
        while (!st.stop && pthread_cond_timedwait(&st.wake, &st.lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&st.lock);
    wa_pg_destroy(pg);
    return NULL;
}

int ing_secrets_start(const wa_config_t *cfg)
{
    st.cfg = cfg;
    st.refresh_ms = cfg->ingress_secrets_refresh_ms;
    st.loaded = wa_metric(WA_METRIC_GAUGE, "wa_ingress_app_secrets", "",
                          "Doctors' own app secrets the ingress accepts webhooks signed with");
    st.refresh_errors = wa_metric(WA_METRIC_COUNTER, "wa_ingress_app_secrets_errors_total", "",
                                  "Failed reloads of the doctors' app secrets (database unreachable)");
    if (cfg->database_url == NULL || cfg->database_url[0] == '\0' || cfg->credentials_key == NULL ||
        cfg->credentials_key[0] == '\0') {
        wa_info("DATABASE_URL or CREDENTIALS_KEY not set: only the master app secret is accepted");
        return 0;
    }
    if (wa_crypt_keyring_load(&st.ring, cfg->credentials_key, cfg->credentials_key_previous) != WA_CRYPT_OK) {
        wa_error("CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS is not 32 bytes of base64: only the master app secret "
                 "is accepted");
        return 0;
    }
    int err = wa_sys_cond_init(&st.wake);
    if (err == 0 && (err = pthread_create(&st.thread, NULL, refresher_main, NULL)) != 0)
        pthread_cond_destroy(&st.wake);
    if (err != 0) {
        wa_error("cannot start the app secrets thread", "errno", strerror(err));
        wa_crypt_keyring_wipe(&st.ring);
        return -1;
    }
    st.running = 1;
    return 0;
}

void ing_secrets_stop(void)
{
    if (st.running) {
        pthread_mutex_lock(&st.lock);
        st.stop = 1;
        pthread_cond_signal(&st.wake);
        pthread_mutex_unlock(&st.lock);
        pthread_join(st.thread, NULL);
        pthread_cond_destroy(&st.wake);
        st.running = 0;
    }
    pthread_mutex_lock(&st.lock);
    snapshot_t *s = st.current;
    st.current = NULL;
    pthread_mutex_unlock(&st.lock);
    snapshot_release(s);
    wa_crypt_keyring_wipe(&st.ring);
}

uint64_t ing_secrets_generation(void)
{
    return atomic_load(&st.generation);
}

void ing_appset_dispose(ing_appset_t *set)
{
    for (size_t i = 0; i < set->n; i++)
        wa_hmac_destroy(set->apps[i].hmac);
    free(set->apps);
    set->apps = NULL;
    set->n = 0;
}

int ing_appset_build(ing_appset_t *set, size_t n, const char *const *apps, const char *const *wabas,
                     const char *const *pnids, const char *const *secrets)
{
    ing_appset_t fresh = {0};
    fresh.apps = wa_calloc(n > 0 ? n : 1, sizeof(*fresh.apps));
    for (size_t i = 0; i < n; i++) {
        ing_app_t *a = &fresh.apps[fresh.n];
        if ((a->hmac = wa_hmac_create(secrets[i], strlen(secrets[i]))) == NULL) {
            ing_appset_dispose(&fresh);
            return -1;
        }
        copy_field(a->app, sizeof(a->app), apps[i]);
        copy_field(a->waba, sizeof(a->waba), wabas[i]);
        copy_field(a->pnid, sizeof(a->pnid), pnids[i]);
        fresh.n++;
    }
    fresh.generation = set->generation;
    ing_appset_dispose(set);
    *set = fresh;
    return 0;
}

void ing_appset_refresh(ing_appset_t *set)
{
    uint64_t gen = ing_secrets_generation();
    if (gen == set->generation)
        return;
    snapshot_t *s = snapshot_acquire();
    if (s == NULL)
        return;
    const char **apps = wa_calloc(s->n + 1, sizeof(char *) * 4);
    const char **wabas = apps + (s->n + 1), **pnids = wabas + (s->n + 1), **secrets = pnids + (s->n + 1);
    for (size_t i = 0; i < s->n; i++) {
        apps[i] = s->items[i].app;
        wabas[i] = s->items[i].waba;
        pnids[i] = s->items[i].pnid;
        secrets[i] = s->items[i].secret;
    }
    if (ing_appset_build(set, s->n, apps, wabas, pnids, secrets) == 0)
        set->generation = s->generation;
    else
        wa_error("cannot create the HMAC contexts of the doctors' app secrets (OpenSSL)");
    free(apps);
    snapshot_release(s);
}

/* Copies the string token body[start, end) into dst when it is a plain id (no escape, shorter than ING_ID_MAX). */
static int take_id(char *dst, const char *body, size_t start, size_t end, int escaped)
{
    if (escaped || end - start >= ING_ID_MAX || end == start)
        return 0;
    memcpy(dst, body + start, end - start);
    dst[end - start] = '\0';
    return 1;
}

/* A single forward pass: `depth` counts the open objects and arrays, `key` is the key whose value comes next (set by
 * a ':' after a string), so that only a string directly inside an element of the root's "entry" array (depth 3:
 * root object, entry array, entry object) counts as the entry id. Nothing is allocated and every byte is looked at
 * once at most. */
int ing_scan_ids(const char *body, size_t len, ing_body_ids_t *out)
{
    enum { KEY_NONE, KEY_OTHER, KEY_ENTRY_ID, KEY_PNID } key = KEY_NONE, last = KEY_NONE;
    size_t n = len < ING_SCAN_MAX ? len : ING_SCAN_MAX;
    int depth = 0, have_str = 0;

    out->waba[0] = out->pnid[0] = '\0';
    for (size_t i = 0; i < n && (out->waba[0] == '\0' || out->pnid[0] == '\0'); i++) {
        char c = body[i];
        if (c == '"') {
            size_t start = i + 1, j = start;
            int escaped = 0;
            while (j < n && body[j] != '"') {
                if (body[j] == '\\') {
                    escaped = 1;
                    j++;
                }
                j++;
            }
            if (j >= n)
                break; /* the string runs past the scanned part */
            if (key == KEY_ENTRY_ID && out->waba[0] == '\0')
                (void)take_id(out->waba, body, start, j, escaped);
            else if (key == KEY_PNID && out->pnid[0] == '\0')
                (void)take_id(out->pnid, body, start, j, escaped);
            if (key != KEY_NONE) {
                key = KEY_NONE; /* that string was a value */
                have_str = 0;
            } else {
                have_str = 1; /* a key if a ':' follows */
                last = KEY_OTHER;
                if (!escaped && j - start == 2 && depth == 3 && memcmp(body + start, "id", 2) == 0)
                    last = KEY_ENTRY_ID;
                else if (!escaped && j - start == 15 && memcmp(body + start, "phone_number_id", 15) == 0)
                    last = KEY_PNID;
            }
            i = j;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':' && have_str) {
            key = last;
            have_str = 0;
            continue;
        }
        have_str = 0;
        key = KEY_NONE;
        if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']')
            depth--;
    }
    return out->waba[0] != '\0';
}

static int string_is(const cJSON *item, const char *s)
{
    return cJSON_IsString(item) && item->valuestring != NULL && strcmp(item->valuestring, s) == 0;
}

int ing_app_scope_check(const char *waba, const char *pnid, const char *body, size_t len)
{
    cJSON *root;
    const cJSON *entries, *entry, *ch;
    int ok = 1, nentries = 0;

    if (waba == NULL || waba[0] == '\0' || pnid == NULL || pnid[0] == '\0')
        return -1;
    if ((root = cJSON_ParseWithLength(body, len)) == NULL)
        return -1;
    entries = cJSON_GetObjectItemCaseSensitive(root, "entry");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(entries))
        entries = NULL, ok = 0;
    cJSON_ArrayForEach(entry, entries)
    {
        const cJSON *changes = cJSON_GetObjectItemCaseSensitive(entry, "changes");
        nentries++;
        if (!cJSON_IsObject(entry) || !string_is(cJSON_GetObjectItemCaseSensitive(entry, "id"), waba) ||
            (changes != NULL && !cJSON_IsArray(changes))) {
            ok = 0;
            break;
        }
        cJSON_ArrayForEach(ch, changes)
        {
            const cJSON *value = cJSON_GetObjectItemCaseSensitive(ch, "value");
            const cJSON *meta = cJSON_GetObjectItemCaseSensitive(value, "metadata");
            int messages = string_is(cJSON_GetObjectItemCaseSensitive(ch, "field"), "messages");
            if ((meta != NULL || messages) &&
                !string_is(cJSON_GetObjectItemCaseSensitive(meta, "phone_number_id"), pnid)) {
                ok = 0;
                break;
            }
        }
        if (!ok)
            break;
    }
    cJSON_Delete(root);
    return ok && nentries > 0 ? 0 : -1;
}

const char *ing_appset_match(ing_appset_t *set, const char *header, size_t header_len, const char *body,
                             size_t body_len, ing_match_fail_t *why)
{
    ing_body_ids_t ids;
    size_t tries = 0;

    if (why != NULL)
        *why = ING_MATCH_NONE;
    if (set->n == 0 || header_len != WA_SIGNATURE_LEN || !ing_scan_ids(body, body_len, &ids))
        return NULL;
    for (size_t i = 0; i < set->n && tries < ING_SECRETS_MAX_TRIES; i++) {
        ing_app_t *a = &set->apps[i];
        if (a->waba[0] == '\0' || a->pnid[0] == '\0' || strcmp(a->waba, ids.waba) != 0 ||
            (ids.pnid[0] != '\0' && strcmp(a->pnid, ids.pnid) != 0))
            continue;
        tries++;
        if (wa_signature_check(a->hmac, header, header_len, body, body_len) != 0)
            continue;
        /* authenticated: only now is the body parsed, and it must stay within this doctor */
        if (ing_app_scope_check(a->waba, a->pnid, body, body_len) == 0)
            return a->app;
        if (why != NULL)
            *why = ING_MATCH_APP_MISMATCH;
        return NULL;
    }
    return NULL;
}
