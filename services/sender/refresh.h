/*
 * The credential lifecycle thread of the sender (issue 4): every
 * SENDER_TOKEN_REFRESH_MS (default 3600000) one replica (a PostgreSQL
 * advisory lock) exchanges the tokens of doctors that expire within
 * SENDER_TOKEN_REFRESH_AHEAD_S (default 864000, 10 days) for new long-lived
 * ones (GET /oauth/access_token?grant_type=fb_exchange_token with the doctor's
 * app id and secret, A.3), seals and stores them; marks tokens within 7 days
 * of expiry 'expiring' and expired ones 'invalid'; and every replica publishes
 * the gauge wa_credentials{state="valid|expiring|invalid|none"} every
 * SENDER_CREDS_METRICS_MS (default 30000). No token or
 * secret is logged: the exchange URL carries them and is never printed.
 */
#ifndef snd__refresh_h
#define snd__refresh_h

#include "wa/config.h"
#include "wa/http.h"
#include "wa/pg.h"
#include "wa/crypt.h"

typedef struct st_snd_refresh_t snd_refresh_t;

/* Starts the thread (its own PostgreSQL connection and HTTP client). Returns NULL when it cannot start (logged).
 * `cfg` is borrowed. */
snd_refresh_t *snd_refresh_start(const wa_config_t *cfg);
/* NULL is a no-op. Stops and joins the thread. */
void snd_refresh_stop(snd_refresh_t *r);

/* One pass on `pg` and `http` with `ring`: refreshes, re-states and counts (`http` NULL: counts only). `ahead_s` as
 * SENDER_TOKEN_REFRESH_AHEAD_S. Returns the number of tokens refreshed, or -1 when the database is unreachable. */
long snd_refresh_pass(const wa_config_t *cfg, wa_pg_t *pg, wa_http_t *http, const wa_crypt_keyring_t *ring,
                      long ahead_s);

/* Builds the exchange URL for `graph_url` (percent-encoding the values) into a string the caller wipes with
 * wa_crypt_free. Pure; unit-tested. */
char *snd_refresh_exchange_url(const char *graph_url, const char *app_id, const char *app_secret, const char *token);

#endif
