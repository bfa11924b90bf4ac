/*
 * The router's tenant cache (see tenant.h): a small fixed table of recent answers keyed by (phone_number_id,
 * display digits), each stamped with the monotonic time it was fetched. Lookups scan the table (a batch touches a
 * handful of numbers); a miss or an expired slot asks the fetch callback, normally rt_tenant_pg_fetch, and the
 * answer replaces an expired or the oldest slot. Negative answers are cached too so that a flood of webhooks for
 * an unknown number costs one query per TTL.
 */
#include "tenant.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "wa/phone.h"
#include "wa/text.h"

#include <cjson/cJSON.h>

#include "webhook.h"

typedef struct st_slot_t {
    int used;
    long long fetched_ms;
    char pnid[64];
    char digits[24];
    int found;
    rt_doctor_t doctor;
} slot_t;

struct st_rt_tenants_t {
    rt_tenant_fetch_cb fetch;
    void *data;
    long ttl_ms;
    slot_t slots[RT_TENANT_CACHE_SLOTS];
};

rt_tenants_t *rt_tenants_create(rt_tenant_fetch_cb fetch, void *data, long ttl_ms)
{
    rt_tenants_t *t = wa_calloc(1, sizeof(*t));
    t->fetch = fetch;
    t->data = data;
    t->ttl_ms = ttl_ms;
    return t;
}

void rt_tenants_destroy(rt_tenants_t *t)
{
    free(t);
}

void rt_tenants_clear(rt_tenants_t *t)
{
    memset(t->slots, 0, sizeof(t->slots));
}

int rt_tenants_resolve(rt_tenants_t *t, const char *phone_number_id, const char *display_phone_number,
                       long long now_ms, rt_doctor_t *out)
{
    char digits[24] = "", pnid[64];
    slot_t *victim = NULL;
    long long victim_key = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (display_phone_number != NULL)
        (void)wa_phone_digits(display_phone_number, digits, sizeof(digits)); /* 0 = not a number: leave "" */
    wa_utf8_copy(pnid, sizeof(pnid), phone_number_id);
    if (pnid[0] == '\0' && digits[0] == '\0')
        return 0;

    if (t->ttl_ms > 0) {
        for (size_t i = 0; i < RT_TENANT_CACHE_SLOTS; i++) {
            slot_t *s = &t->slots[i];
            int fresh = s->used && now_ms - s->fetched_ms < t->ttl_ms && now_ms >= s->fetched_ms;
            if (fresh && strcmp(s->pnid, pnid) == 0 && strcmp(s->digits, digits) == 0) {
                if (s->found)
                    *out = s->doctor;
                return s->found;
            }
            /* replacement order: an empty slot, then an expired one, then the oldest */
            long long key = !s->used ? LLONG_MIN : !fresh ? LLONG_MIN + 1 : s->fetched_ms;
            if (victim == NULL || key < victim_key) {
                victim = s;
                victim_key = key;
            }
        }
    }

    if ((rc = t->fetch(t->data, pnid, digits, out)) < 0)
        return -1;
    if (t->ttl_ms > 0 && victim != NULL) {
        victim->used = 1;
        victim->fetched_ms = now_ms;
        memcpy(victim->pnid, pnid, sizeof(pnid));
        memcpy(victim->digits, digits, sizeof(digits));
        victim->found = rc > 0;
        if (rc > 0)
            victim->doctor = *out;
    }
    return rc > 0 ? 1 : 0;
}

int rt_tenant_pg_fetch(void *data, const char *phone_number_id, const char *digits, rt_doctor_t *out)
{
    wa_pg_t *pg = data;
    /* an id match wins over a digits match (two doctors could match one each after a number moved) */
    static const char sql[] =
        "SELECT id::text, name, coalesce(clinic_name, ''), is_active, settings::text, kind = 'school' FROM doctors"
        " WHERE ($1 <> '' AND whatsapp_phone_number_id = $1) OR ($2 <> '' AND phone_digits = $2)"
        " ORDER BY ($1 <> '' AND whatsapp_phone_number_id IS NOT DISTINCT FROM $1) DESC, created_at LIMIT 1";
    const char *params[2] = {phone_number_id != NULL ? phone_number_id : "", digits != NULL ? digits : ""};
    PGresult *res = wa_pg_exec(pg, "router resolve doctor", sql, 2, params);
    int found;

    if (res == NULL)
        return -1;
    found = PQntuples(res) > 0;
    if (found) {
        wa_utf8_copy(out->id, sizeof(out->id), PQgetvalue(res, 0, 0));
        wa_utf8_copy(out->name, sizeof(out->name), PQgetvalue(res, 0, 1));
        wa_utf8_copy(out->clinic_name, sizeof(out->clinic_name), PQgetvalue(res, 0, 2));
        out->is_active = PQgetvalue(res, 0, 3)[0] == 't';
        rt_doctor_apply_settings(out, PQgetvalue(res, 0, 4));
        out->school = PQgetvalue(res, 0, 5)[0] == 't';
    }
    PQclear(res);
    return found;
}

static int is_uuid(const char *s)
{
    size_t n = 0;
    for (; s[n] != '\0'; n++) {
        int dash = n == 8 || n == 13 || n == 18 || n == 23;
        if (n >= 36 || (dash ? s[n] != '-' : !isxdigit((unsigned char)s[n])))
            return 0;
    }
    return n == 36;
}

int rt_tenant_pg_app_ids(wa_pg_t *pg, const char *doctor_id, char waba[RT_TENANT_ID_MAX],
                         char pnid[RT_TENANT_ID_MAX])
{
    static const char sql[] = "SELECT coalesce(whatsapp_business_account_id, ''),"
                              " coalesce(whatsapp_phone_number_id, '') FROM doctors WHERE id = $1::uuid";
    const char *params[1] = {doctor_id};
    PGresult *res;
    int found;

    waba[0] = pnid[0] = '\0';
    if (doctor_id == NULL || !is_uuid(doctor_id)) /* a cast error would make the entry retry forever */
        return 0;
    if ((res = wa_pg_exec(pg, "router signing doctor's ids", sql, 1, params)) == NULL)
        return -1;
    found = PQntuples(res) > 0;
    if (found) {
        wa_utf8_copy(waba, RT_TENANT_ID_MAX, PQgetvalue(res, 0, 0));
        wa_utf8_copy(pnid, RT_TENANT_ID_MAX, PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return found;
}

void rt_doctor_apply_settings(rt_doctor_t *d, const char *settings_json)
{
    static const struct {
        const char *word;
        int policy;
    } words[] = {{"answer", RT_POL_ANSWER}, {"ack", RT_POL_ACK}, {"welcome", RT_POL_WELCOME}, {"none", RT_POL_NONE}};
    cJSON *root = settings_json != NULL ? cJSON_Parse(settings_json) : NULL;
    const cJSON *mr, *rp, *it;

    d->mark_read = 1;
    memset(d->policy, -1, sizeof(d->policy));
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return;
    }
    mr = cJSON_GetObjectItemCaseSensitive(root, "mark_read");
    if (cJSON_IsBool(mr))
        d->mark_read = cJSON_IsTrue(mr);
    rp = cJSON_GetObjectItemCaseSensitive(root, "reply_policy");
    if (cJSON_IsObject(rp)) {
        cJSON_ArrayForEach(it, rp)
        {
            rt_msg_kind_t k = rt_msg_kind_parse(it->string);
            if (!cJSON_IsString(it) || (k == RT_MSG_UNKNOWN && strcmp(it->string, "unknown") != 0) ||
                (int)k >= RT_TENANT_POLICIES)
                continue;
            for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
                if (strcmp(it->valuestring, words[i].word) == 0)
                    d->policy[k] = (signed char)words[i].policy;
        }
    }
    cJSON_Delete(root);
}
