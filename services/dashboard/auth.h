/*
 * Who is calling the API (services/dashboard): sessions and API tokens.
 *
 * A session is a random 32-byte token in an HttpOnly, SameSite=Strict cookie (Secure when DASHBOARD_ORIGIN is
 * https), stored in Redis only as its hash: <prefix>session:<hash> holds the user id, the CSRF token, the user's
 * session generation and the creation time, with an idle expiry renewed on use (DASHBOARD_SESSION_IDLE_S) and an
 * absolute one (DASHBOARD_SESSION_MAX_S). Each request re-reads the user from PostgreSQL: a disabled user, or one
 * whose users.session_gen moved on (password changed, disabled), has no session any more, whichever process made
 * the change (the dashboard or wactl), with no list of sessions to keep in step.
 *
 * An API token (Authorization: Bearer wat_...) is looked up by its hash in api_tokens; it acts for its clinic with
 * clinic_admin's permissions (there is no user management in the API yet; when there is, tokens do not get it).
 *
 * Sign-in is throttled per account and per client address (Redis counters of failures in a window): over the limit
 * it answers 429 with Retry-After before checking the password. An unknown email is checked against a dummy hash,
 * so it takes as long and answers exactly as a wrong password does.
 */
#ifndef dash__auth_h
#define dash__auth_h

#include "api.h"

/* Registers the sign-in metrics (wa_dashboard_logins_total); once, before the workers start. */
void dash_auth_metrics_init(void);

/* Fills c->who from the Authorization header or the session cookie. Returns 0 when authenticated, or answers the
 * request itself (401, 503) and returns -1. */
int dash_auth_resolve(dash_call_t *c);

/* For a state-changing request authenticated by a session cookie: the X-CSRF-Token header must equal the session's
 * token, and the request must come from DASHBOARD_ORIGIN (Origin header, or Sec-Fetch-Site: same-origin when there
 * is no Origin). Returns 0, or answers 403 and returns -1. */
int dash_auth_csrf(dash_call_t *c);

/* Pure: 1 when a request with these Origin and Sec-Fetch-Site values (NULL when absent) comes from `origin`. With
 * `strict` 0 (sign-in, no session yet), a request with neither header is let through. */
int dash_origin_ok(const char *origin, const char *hdr_origin, const char *sec_fetch_site, int strict);

/* The sign-in throttle of the account `email` (auth.c), for the TOTP routes that take a code: seconds to wait (0:
 * none, -1: Redis down), and counting one failure. */
long dash_login_throttled(dash_call_t *c, const char *email);
void dash_login_failed(dash_call_t *c, const char *email);

/* Checks a TOTP `code` against the user's sealed secret (totp.c): on a match records the step as used (atomically:
 * a concurrent use of the same code loses). Returns 1 ok, 0 wrong or already used, -1 the database did not answer,
 * -2 no usable CREDENTIALS_KEY or a secret that does not open (the caller answers 503; nothing is logged of it). */
int dash_totp_check(dash_call_t *c, const char *user_id, const char *sealed, long long last_step, const char *code);

#endif
