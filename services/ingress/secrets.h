/*
 * The doctors' own Meta app secrets, for the ingress' signature check
 * (ARCHITECTURE.md, Option B). A background thread reads them from PostgreSQL
 * (doctors.whatsapp_app_secret, AES-256-GCM sealed, opened with
 * CREDENTIALS_KEY and CREDENTIALS_KEY_PREVIOUS) every
 * INGRESS_SECRETS_REFRESH_MS (default 2000) and publishes an immutable,
 * reference-counted snapshot when the set changed: no request waits on the
 * database, and a `wactl creds set` takes effect within one refresh. Nothing
 * of a secret is ever logged. Each worker thread turns a snapshot into its own
 * pre-keyed HMAC contexts (ing_appset_t, not thread-safe) and picks the
 * candidates of a webhook by the WABA id (entry[].id) and phone number id
 * (changes[].value.metadata.phone_number_id) found in its body, so a forged
 * request costs at most a few HMACs however many doctors there are.
 */
#ifndef ing__secrets_h
#define ing__secrets_h

#include <stddef.h>
#include <stdint.h>
#include "wa/config.h"
#include "wa/hmac.h"

#define ING_APP_LABEL_MAX 48 /* "doctor:" + a uuid */
#define ING_SECRETS_MAX_TRIES 8 /* doctor secrets tried for one request at most */

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

/* Finds the doctor's app whose secret signed `body`: candidates are the apps whose WABA id or phone number id
 * appears in the body (at most ING_SECRETS_MAX_TRIES). Returns the app label (borrowed from `set`), or NULL when
 * none matches (including a malformed header or a body that is not a webhook). */
const char *ing_appset_match(ing_appset_t *set, const char *header, size_t header_len, const char *body,
                             size_t body_len);

#endif
