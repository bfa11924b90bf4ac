/*
 * The doctors' own Meta app secrets, for the ingress' signature check
 * (ARCHITECTURE.md, Option B). A background thread reads them from PostgreSQL
 * (doctors.whatsapp_app_secret, AES-256-GCM sealed, opened with
 * CREDENTIALS_KEY and CREDENTIALS_KEY_PREVIOUS) every
 * INGRESS_SECRETS_REFRESH_MS (default 2000) and publishes an immutable,
 * reference-counted snapshot when the set changed: no request waits on the
 * database, and a `wactl creds set` takes effect within one refresh. Nothing
 * of a secret is ever logged. Each worker thread turns a snapshot into its own
 * pre-keyed HMAC contexts (ing_appset_t, not thread-safe).
 *
 * How a webhook the master secret did not sign is checked (issue 12): nothing
 * of the untrusted body is parsed before a signature verified it. A bounded
 * byte scan (ing_scan_ids: a JSON lexer over at most the first ING_SCAN_MAX
 * bytes, no allocation, no tree) finds the first entry[].id and the first
 * metadata.phone_number_id; the candidates are the doctors whose WABA id is
 * that entry id and, when a phone number id was seen, whose phone number id is
 * that one (normally one doctor, at most ING_SECRETS_MAX_TRIES). So a forged
 * request costs the scan of a few KiB plus at most a few HMACs, whatever the
 * body's size or shape and however many doctors there are. Only once a
 * doctor's secret verified the signature is the body parsed (cJSON), and it is
 * accepted only if EVERY entry[].id is that doctor's WABA id and EVERY change
 * that carries metadata (and every "messages" change) names that doctor's
 * phone number id (ing_app_scope_check): a doctor's secret signs for its own
 * clinic only. A doctor without a WABA id or a phone number id cannot sign.
 */
#ifndef ing__secrets_h
#define ing__secrets_h

#include <stddef.h>
#include <stdint.h>
#include "wa/config.h"
#include "wa/hmac.h"

#define ING_APP_LABEL_MAX 48 /* "doctor:" + a uuid */
#define ING_SECRETS_MAX_TRIES 8 /* doctor secrets tried for one request at most */
#define ING_SCAN_MAX (64 * 1024) /* bytes of an unauthenticated body the id scan reads at most */
#define ING_ID_MAX 64            /* an id longer than this (or with escapes) is not one */

/* The ids the scan found in a body: "" when not found. */
typedef struct st_ing_body_ids_t {
    char waba[ING_ID_MAX]; /* the first entry[].id (a string directly in an element of the root's "entry" array) */
    char pnid[ING_ID_MAX]; /* the first "phone_number_id" string value, at any depth */
} ing_body_ids_t;

/* Pure: scans at most ING_SCAN_MAX bytes of `body` as JSON tokens (strings with their escapes, nesting depth),
 * without allocating or building a tree, and stops as soon as both ids are found. Ids that are not plain strings
 * shorter than ING_ID_MAX are skipped. Returns 1 when a WABA id was found, else 0. Never fails on malformed input:
 * it only finds less. */
int ing_scan_ids(const char *body, size_t len, ing_body_ids_t *out);

/* Pure, for a body whose signature a doctor's secret verified: 0 when `body` is a webhook whose every entry[].id
 * is `waba` and whose every change with a value.metadata, or with field "messages", has
 * value.metadata.phone_number_id equal to `pnid`; -1 otherwise (including empty waba/pnid, a body that is not JSON,
 * no entry at all). Parses the body (cJSON): call it only after the signature verified. */
int ing_app_scope_check(const char *waba, const char *pnid, const char *body, size_t len);

/* Starts the refresher thread when DATABASE_URL and CREDENTIALS_KEY are both set (otherwise only the master secret
 * is accepted: logged at info, not an error). An unusable CREDENTIALS_KEY is logged and disables doctor secrets.
 * `cfg` is borrowed. Returns 0, or -1 when the thread cannot start. */
int ing_secrets_start(const wa_config_t *cfg);
/* Stops and joins the thread and frees the current snapshot (snapshots still held by workers stay valid). */
void ing_secrets_stop(void);
/* Changes each time a different set of secrets is published (0: none published yet). Thread-safe. */
uint64_t ing_secrets_generation(void);

/* One worker's pre-keyed contexts for the current snapshot. */
typedef struct st_ing_app_t {
    char app[ING_APP_LABEL_MAX]; /* "doctor:<id>": the wa:in entry's `app` field */
    char waba[64];               /* business account id, or "" */
    char pnid[64];               /* phone number id, or "" */
    wa_hmac_t *hmac;             /* owned */
} ing_app_t;

typedef struct st_ing_appset_t {
    ing_app_t *apps; /* owned */
    size_t n;
    uint64_t generation; /* of the snapshot the contexts were built from */
} ing_appset_t;

/* Rebuilds `set` from the published snapshot when its generation changed (cheap otherwise). Call from the owning
 * thread only. */
void ing_appset_refresh(ing_appset_t *set);
/* Frees the contexts (the struct itself is the caller's). */
void ing_appset_dispose(ing_appset_t *set);

/* Builds a set directly from (app label, waba, pnid, secret) quadruples, for tests. Returns 0 or -1. */
int ing_appset_build(ing_appset_t *set, size_t n, const char *const *apps, const char *const *wabas,
                     const char *const *pnids, const char *const *secrets);

/* Why ing_appset_match found no app. */
typedef enum en_ing_match_fail_t {
    ING_MATCH_NONE = 0,     /* no candidate's secret verified the signature (or no candidate, or a bad header) */
    ING_MATCH_APP_MISMATCH, /* a doctor's secret verified it, but the body names another WABA or phone number */
} ing_match_fail_t;

/* Finds the doctor's app whose secret signed `body` (candidates by ing_scan_ids, see the top of this file) and
 * checks that the body stays within that doctor (ing_app_scope_check). Returns the app label (borrowed from `set`),
 * or NULL with *why set (when `why` is not NULL). */
const char *ing_appset_match(ing_appset_t *set, const char *header, size_t header_len, const char *body,
                             size_t body_len, ing_match_fail_t *why);

#endif
