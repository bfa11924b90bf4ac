/*
 * Per-doctor credential choice for the sender (creds.h): one parameterised
 * SELECT per doctor and TTL, the token opened with the keyring of crypt.h,
 * and a small direct-mapped cache (doctor id -> decided credentials) whose
 * tokens are wiped when an entry is replaced or the store destroyed. A
 * doctor's entry lives in one of PROBE slots from its hash (the oldest of
 * them is replaced): with one slot per hash, two doctors sharing it took turns
 * and every other entry of a group went to PostgreSQL (issue 14, round 5:
 * 0.16-0.19 lookups per reply with 50 doctors, where the TTL allows 0.03).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/creds.h"
#include "wa/crypt.h"
#include "wa/ops.h"
#include "creds.h"

#define CACHE_SLOTS 256
#define PROBE 8 /* slots a doctor's entry may take, from its hash on */

typedef struct st_slot_t {
    char doctor_id[64];
    long long fetched_ms; /* 0 = empty */
    int usable;           /* the doctor's own credentials can be used */
    int invalid;          /* the doctor has credentials that are not usable (state, or they do not open) */
    int fallback;
    int rate;
    char pnid[64];
    char *token;
    char *window_template;
} slot_t;

struct st_snd_creds_store_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    wa_crypt_keyring_t ring;
    long ttl_ms;
    int default_rate;
    wa_metric_t *m_lookups;
    slot_t slots[CACHE_SLOTS];
};

static void slot_clear(slot_t *s)
{
    wa_crypt_free(s->token);
    free(s->window_template);
    memset(s, 0, sizeof(*s));
}

snd_creds_store_t *snd_creds_store_create(const wa_config_t *cfg, wa_pg_t *pg)
{
    snd_creds_store_t *st = wa_calloc(1, sizeof(*st));
    st->cfg = cfg, st->pg = pg;
    st->ttl_ms = cfg->sender_creds_ttl_ms;
    st->default_rate = (int)cfg->sender_rate_per_s;
    st->m_lookups = wa_metric(WA_METRIC_COUNTER, "wa_sender_credentials_lookups_total", NULL,
                              "Doctors' credentials read from PostgreSQL (first use of a doctor, SENDER_CREDS_TTL_MS "
                              "passed, or the cache entry was taken by another doctor)");
    if (wa_crypt_keyring_load(&st->ring, cfg->credentials_key, cfg->credentials_key_previous) != 0)
        wa_error("CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS is not 32 bytes of base64: doctors' own credentials "
                 "cannot be used");
    else if (st->ring.n == 0)
        wa_warn("CREDENTIALS_KEY is not set: doctors' own credentials cannot be used");
    return st;
}

void snd_creds_store_destroy(snd_creds_store_t *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        slot_clear(&st->slots[i]);
    wa_crypt_keyring_wipe(&st->ring);
    free(st);
}

/* The slot holding the doctor's entry, or NULL; with `take`, when there is none, the slot to fill (an empty one, else
 * the one fetched longest ago) among the PROBE slots from the doctor's hash. */
static slot_t *slot_of(snd_creds_store_t *st, const char *doctor_id, int take)
{
    uint32_t h = 2166136261u;
    slot_t *free_slot = NULL;
    for (const char *p = doctor_id; *p != '\0'; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (uint32_t k = 0; k < PROBE; k++) {
        slot_t *s = &st->slots[(h + k) % CACHE_SLOTS];
        if (s->fetched_ms != 0 && strcmp(s->doctor_id, doctor_id) == 0)
            return s;
        if (free_slot == NULL || (free_slot->fetched_ms != 0 && s->fetched_ms < free_slot->fetched_ms))
            free_slot = s;
    }
    return take ? free_slot : NULL;
}

void snd_creds_dispose(snd_creds_t *c)
{
    wa_crypt_free(c->token);
    free(c->window_template);
    memset(c, 0, sizeof(*c));
}

void snd_creds_master(snd_creds_store_t *st, snd_creds_t *out)
{
    const wa_config_t *cfg = st->cfg;
    wa_crypt_free(out->token);
    if (cfg->master_phone_number_id != NULL && cfg->master_phone_number_id[0] != '\0' && cfg->master_token != NULL &&
        cfg->master_token[0] != '\0') {
        out->sandbox = 0;
        snprintf(out->phone_number_id, sizeof(out->phone_number_id), "%s", cfg->master_phone_number_id);
        out->token = wa_strdup(cfg->master_token);
        out->origin = "master";
    } else {
        out->sandbox = 1;
        out->phone_number_id[0] = '\0';
        out->token = wa_strdup("");
        out->origin = "sandbox";
    }
    out->none = 0;
    out->rate_per_s = st->default_rate;
}

static const char *select_sql =
    "SELECT coalesce(whatsapp_phone_number_id, ''), whatsapp_access_token, credentials_state, allow_master_fallback, "
    "send_rate_per_s, window_template::text FROM doctors WHERE id = $1::uuid";

/* Fills the slot from PostgreSQL. Returns 0, or -1 on a transient database failure. */
static int fetch(snd_creds_store_t *st, slot_t *s, const char *doctor_id)
{
    const char *params[1] = {doctor_id};
    wa_metric_add(st->m_lookups, 1);
    PGresult *res = wa_pg_exec_prepared(st->pg, "look up doctor credentials", select_sql, 1, params);
    if (res == NULL) {
        const char *state = wa_pg_sqlstate(st->pg);
        if (state == NULL || strncmp(state, "22", 2) != 0)
            return -1;
    }
    slot_clear(s);
    snprintf(s->doctor_id, sizeof(s->doctor_id), "%s", doctor_id);
    s->fetched_ms = wa_mono_ms();
    s->fallback = 1;
    s->rate = st->default_rate;
    if (res == NULL || PQntuples(res) == 0) { /* not a uuid, or no such doctor: the master number (record decides) */
        PQclear(res);
        return 0;
    }
    const char *pnid = PQgetvalue(res, 0, 0), *state = PQgetvalue(res, 0, 2);
    s->fallback = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    if (!PQgetisnull(res, 0, 4))
        s->rate = atoi(PQgetvalue(res, 0, 4));
    if (!PQgetisnull(res, 0, 5))
        s->window_template = wa_strdup(PQgetvalue(res, 0, 5));
    if (pnid[0] != '\0' && !PQgetisnull(res, 0, 1) && strlen(pnid) < sizeof(s->pnid)) {
        if (strcmp(state, "valid") != 0 && strcmp(state, "expiring") != 0) {
            s->invalid = 1;
        } else {
            char aad[128];
            snprintf(aad, sizeof(aad), "%s/whatsapp_access_token", doctor_id);
            int rc = wa_crypt_open(&st->ring, PQgetvalue(res, 0, 1), aad, &s->token);
            if (rc == WA_CRYPT_OK) {
                s->usable = 1;
                snprintf(s->pnid, sizeof(s->pnid), "%s", pnid);
            } else {
                s->invalid = 1;
                wa_warn("cannot open the doctor's access token: using the master number", "doctor_id", doctor_id,
                        "error", wa_crypt_strerror(rc));
            }
        }
    }
    PQclear(res);
    return 0;
}

int snd_creds_pick(snd_creds_store_t *st, const char *doctor_id, snd_creds_t *out)
{
    memset(out, 0, sizeof(*out));
    slot_t *s = slot_of(st, doctor_id, 1);
    if (s->fetched_ms == 0 || strcmp(s->doctor_id, doctor_id) != 0 || wa_mono_ms() - s->fetched_ms >= st->ttl_ms) {
        if (fetch(st, s, doctor_id) != 0)
            return -1;
    }
    out->fallback_allowed = s->fallback;
    out->window_template = s->window_template != NULL ? wa_strdup(s->window_template) : NULL;
    if (s->usable) {
        out->sandbox = 0;
        snprintf(out->phone_number_id, sizeof(out->phone_number_id), "%s", s->pnid);
        out->token = wa_strdup(s->token);
        out->origin = "doctor";
        out->rate_per_s = s->rate > 0 ? s->rate : st->default_rate;
        return 0;
    }
    snd_creds_master(st, out);
    if (s->invalid && !s->fallback) {
        out->none = 1;
        out->origin = "none";
    }
    return 0;
}

int snd_creds_event(snd_creds_store_t *st, const char *doctor_id, const char *kind, const char *error_code,
                    const char *detail)
{
    const char *params[4] = {doctor_id, kind, error_code, detail};
    return wa_pg_run(st->pg, "record credential event",
                     "INSERT INTO credential_events (doctor_id, kind, error_code, detail) VALUES ($1::uuid, $2, $3, $4)",
                     4, params);
}

int snd_creds_mark_invalid(snd_creds_store_t *st, const char *doctor_id, const char *error_code, const char *detail)
{
    slot_t *s = slot_of(st, doctor_id, 0);
    if (s != NULL)
        slot_clear(s);
    char err[512];
    snprintf(err, sizeof(err), "code %s: %s", error_code != NULL ? error_code : "?", detail != NULL ? detail : "");
    int rc = wa_creds_state_set(st->pg, doctor_id, "invalid", err);
    if (snd_creds_event(st, doctor_id, "invalid", error_code, detail) != 0)
        rc = -1;
    wa_warn("doctor credentials marked invalid", "doctor_id", doctor_id, "error_code", error_code);
    return rc;
}
