/*
 * Tenant resolution for the router: which doctor owns the business number a webhook change was sent to. Meta's
 * metadata.phone_number_id is matched against doctors.whatsapp_phone_number_id first, then the digits of
 * metadata.display_phone_number against doctors.phone_digits (ARCHITECTURE.md: numbers compare as digits only).
 * Answers, including "no such doctor", are cached in-process for a short TTL (1 s by default) so that a batch of
 * webhooks costs one query per number while a change made with wactl (doctor add/disable) takes effect within a
 * second. The doctor's settings (read receipts, per-type reply policy) come with it. The cache is not thread-safe:
 * one per consumer loop.
 */
#ifndef rt__tenant_h
#define rt__tenant_h

#include <stddef.h>

#include "wa/pg.h"

#define RT_TENANT_TTL_MS 1000
#define RT_TENANT_CACHE_SLOTS 64
#define RT_TENANT_POLICIES 24 /* >= RT_MSG__COUNT (webhook.h) */

/* The rt_policy_t values stored in rt_doctor_t.policy (route.h names them; kept here so that tenant.c parses them). */
enum { RT_POL_NONE = 0, RT_POL_ANSWER = 1, RT_POL_ACK = 2, RT_POL_WELCOME = 3 };

/* A resolved doctor: a copy, owned by whoever holds the struct (names are truncated at a UTF-8 boundary). */
typedef struct st_rt_doctor_t {
    char id[40];           /* uuid text */
    char name[128];        /* doctors.name */
    char clinic_name[128]; /* doctors.clinic_name, "" when NULL */
    int is_active;
    int school; /* doctors.kind = 'school' (issue 18): no schedule or queue flows, texts for parents */
    int mark_read;                          /* settings.mark_read (default 1): send read receipts */
    signed char policy[RT_TENANT_POLICIES]; /* settings.reply_policy per message kind (rt_msg_kind_t index):
                                               -1 default, else an rt_policy_t value (route.h) */
} rt_doctor_t;

/* Pure: fills d->mark_read and d->policy from the doctor's settings JSON (NULL/invalid = all defaults):
 * {"mark_read": false, "reply_policy": {"image": "none", "document": "ack", "text": "answer", ...}}. Policy words:
 * "answer", "ack", "welcome", "none"; unknown types or words are ignored. */
void rt_doctor_apply_settings(rt_doctor_t *d, const char *settings_json);

/* Looks a number up in the database. Returns 1 and fills *out when a doctor matches, 0 when none does, -1 on a
 * database error. `phone_number_id` and `digits` may be NULL/"" (then that criterion is not used). */
typedef int (*rt_tenant_fetch_cb)(void *data, const char *phone_number_id, const char *digits, rt_doctor_t *out);

typedef struct st_rt_tenants_t rt_tenants_t;

/* Creates a cache in front of `fetch` (data is passed back to it, borrowed). ttl_ms <= 0 disables caching. */
rt_tenants_t *rt_tenants_create(rt_tenant_fetch_cb fetch, void *data, long ttl_ms);
/* NULL is a no-op. */
void rt_tenants_destroy(rt_tenants_t *t);

/* Resolves the doctor of a change's metadata. `now_ms` is a monotonic clock (wa_mono_ms(); tests pass their own).
 * Returns 1 and copies the doctor into *out, 0 when no doctor has this number (or both inputs are empty), -1 when
 * the database failed (nothing is cached then). */
int rt_tenants_resolve(rt_tenants_t *t, const char *phone_number_id, const char *display_phone_number,
                       long long now_ms, rt_doctor_t *out);

/* Drops every cached answer. */
void rt_tenants_clear(rt_tenants_t *t);

/* The PostgreSQL fetch (data = wa_pg_t *): one query, preferring a phone_number_id match over a digits match. */
int rt_tenant_pg_fetch(void *data, const char *phone_number_id, const char *digits, rt_doctor_t *out);

/* The WhatsApp ids of doctor `doctor_id` (uuid text, checked here: anything else is "no such doctor"), for the
 * check of a webhook signed with that doctor's own app secret: its business account id and phone number id ("" when
 * not set), each truncated to its buffer of RT_TENANT_ID_MAX bytes. Returns 1, 0 when no such doctor, -1 on a
 * database error. */
#define RT_TENANT_ID_MAX 64
int rt_tenant_pg_app_ids(wa_pg_t *pg, const char *doctor_id, char waba[RT_TENANT_ID_MAX],
                         char pnid[RT_TENANT_ID_MAX]);

#endif
