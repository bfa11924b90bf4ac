/*
 * The router's PostgreSQL writes: a batch's inbound messages recorded once per wamid with their patients, its
 * statuses applied, its messages marked handled (routed_at), each in one multi-row statement; and the rare ones
 * (edits, revokes, opt-out, other webhook fields) one statement each. All are idempotent, so that an entry
 * redelivered after a crash or a Redis/PostgreSQL failure is processed again safely. route.c calls them; the
 * status rank helper is pure and unit-tested.
 */
#ifndef rt__store_h
#define rt__store_h

#include "wa/pg.h"

/* One inbound message to record. Inputs borrowed; patient_id and answered are filled by rt_store_record_batch. */
typedef struct st_rt_inbound_t {
    const char *doctor_id, *wa_id, *profile_name, *wamid, *type;
    const char *body;       /* the message's text, or NULL */
    const char *payload;    /* the message object as JSON text (inserted as is: must be valid JSON), or NULL */
    const char *context_id; /* the quoted message's wamid, or NULL */
    char patient_id[40];    /* out: the patient's uuid */
    int answered;           /* out: 1 when this wamid was recorded and handled before (routed_at set) */
    long long kb_version;   /* out: the doctor's knowledge-base version (kb_versions, 026_perf.sql) */
} rt_inbound_t;

/* Records a batch of inbound messages in ONE statement: each patient (doctor_id, wa_id) upserted (profile_name
 * replaced only by a non-empty one, last_inbound_at = now(), unreachable cleared), each message inserted once per
 * wamid (ON CONFLICT DO NOTHING). Fills patient_id, answered and kb_version of every item. Returns 0 or -1. */
int rt_store_record_batch(wa_pg_t *pg, rt_inbound_t *items, size_t n);

/* One sender's identifiers to resolve to a patient (issue 15, A.9): the phone number's digits ("" when the webhook
 * withheld it), the BSUID (never NULL), the parent BSUID and the @username (or NULL). Inputs borrowed; address is
 * filled by rt_store_resolve_batch. */
typedef struct st_rt_identity_t {
    const char *doctor_id, *phone, *user_id, *parent_user_id, *username;
    char address[224]; /* out: the patient's address (patients.wa_id): the phone's digits when known, else the BSUID */
} rt_identity_t;

/* Resolves every identity of a batch in ONE statement (wa_patient_resolve, 015_bsuid.sql, row by row in order): the
 * patient found by phone or BSUID, the two merged when a webhook shows that a phone patient and a BSUID patient are
 * one person, or a new one created; the BSUID, parent BSUID and username stored. Fills address. Returns 0 or -1. */
int rt_store_resolve_batch(wa_pg_t *pg, rt_identity_t *ids, size_t n);

/* A `system` user_changed_user_id message (A.9.6): the patient with phone `phone` ("" or NULL: none) or BSUID
 * `old_user_id` now has BSUID `new_user_id` (and parent `new_parent`, or NULL); wa_patient_change_user_id
 * (015_bsuid.sql) makes it current and keeps the old one as an alias. Writes the patient's address into `address`.
 * Returns 1 when a patient has those identifiers, 0 when none has, -1 on a PostgreSQL failure. Repeating it is a
 * no-op. */
int rt_store_change_user_id(wa_pg_t *pg, const char *doctor_id, const char *phone, const char *old_user_id,
                            const char *new_user_id, const char *new_parent, char *address, size_t addrsz);

/* One handled inbound message, for rt_store_mark_batch. Borrowed. */
typedef struct st_rt_handled_t {
    const char *doctor_id, *wamid;
    const char *kb_id;  /* the knowledge-base entry that answered it, or NULL/"" */
    const char *status; /* "routed" when an answer was handed on, "recorded" when none is due */
} rt_handled_t;

/* Marks a batch of inbound messages handled in ONE statement (routed_at = now() where still NULL, status) and
 * bumps the hits of the knowledge-base entries that answered the messages marked now, so that a hit is counted
 * once however often an entry is redelivered. Returns 0 or -1. */
int rt_store_mark_batch(wa_pg_t *pg, const rt_handled_t *h, size_t n);

/* The rank of a delivery status: sent 1 < delivered 2 < read 3 < played 4; failed 5 (terminal); -1 for a value
 * the router does not apply (unknown values, "deleted"...). Pure. */
int rt_status_rank(const char *status);

/* One delivery status to apply (statuses with rt_status_rank < 0 are filtered out before). Borrowed. doctor_id is
 * the doctor the status's change resolved to: only that doctor's message is updated (a wamid alone is not enough:
 * another tenant could name it); NULL only for a status of the shared master number, which sends for every doctor. */
typedef struct st_rt_status_in_t {
    const char *doctor_id, *wamid, *status, *timestamp, *error_code, *error_title;
    const char *pricing_json; /* the status's {pricing, conversation} as compact JSON, or NULL when it has neither */
} rt_status_in_t;

/* Applies a batch of statuses to our outbound messages (direction 'out') in ONE statement, only moving each
 * forward (ranks computed in SQL, so concurrent or out-of-order updates never move it back; failed does not
 * override read or played). timestamp is unix seconds as text (NULL/invalid = now()); error code/title only for
 * failed; 131047 sets the patient's window_closed_at, 131026 marks the patient unreachable. A status's pricing and
 * conversation (A.2.7) are stored on its message whatever its rank (they come on one status only). *applied =
 * messages changed. Returns 0 or -1. */
int rt_store_status_batch(wa_pg_t *pg, const rt_status_in_t *st, size_t n, size_t *applied);

/* Applies a patient's edit to the recorded message `original_wamid` of this doctor: body becomes `text`, the first
 * body is kept in original_body, edited_at = now() (a revoked message stays revoked). *changed = 1 when it was
 * found. Returns 0 or -1. */
int rt_store_edit(wa_pg_t *pg, const char *doctor_id, const char *original_wamid, const char *text, int *changed);

/* Applies a revoke: revoked_at = now(), body/original_body cleared, payload reduced to {"type":..,"revoked":true}.
 * *changed = 1 when the message was found. Returns 0 or -1. */
int rt_store_revoke(wa_pg_t *pg, const char *doctor_id, const char *original_wamid, int *changed);

/* Sets the patient's opted_out flag (opted_out_at with it) on behalf of message `wamid`. *changed = 1 when the flag
 * changed, or when `wamid` is the message that changed it (a redelivery), so that the confirmation is sent once per
 * change however often the entry is processed. Returns 0 or -1. */
int rt_store_optout(wa_pg_t *pg, const char *patient_id, const char *wamid, int opted_out, int *changed);

/* Records a webhook change of a field other than "messages" (or a messages change's value-level errors[]) for
 * operators (webhook_events), attributed to `doctor_id` when not NULL (the doctor whose own app signed it: its WABA
 * was checked), else to the doctor whose whatsapp_business_account_id is waba_id (else doctor_id NULL). The row's
 * event_key (016_meta2026.sql) hashes field, WABA, entry_time (entry[].time or NULL) and the value, so Meta's retry
 * of the same webhook, like a redelivery of the wa:in entry (source_id), is a no-op. Returns 0 or -1. */
int rt_store_webhook_event(wa_pg_t *pg, const char *waba_id, const char *field, const char *value_json,
                           const char *source_id, const char *doctor_id, const char *entry_time);

#endif
