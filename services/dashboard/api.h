/*
 * The JSON API's router (services/dashboard): one table of routes (method,
 * path pattern with at most one {parameter}, who may call it, handler), the
 * dispatch that authenticates the caller (auth.h), checks CSRF, the role and
 * the tenant, parses the body, and calls the handler; and the OpenAPI 3
 * document built from the same table (GET /api/v1/openapi.json). The modules
 * that own resources (auth.c, kb.c, settings.c, audit.c, whatsapp.c,
 * templates.c, inbox.c, live.c, reception.c) provide the
 * handlers.
 *
 * Permissions (ARCHITECTURE.md roles; README "Dashboard"):
 *   DASH_ALLOW_PUBLIC  no sign-in (sign in, the OpenAPI document)
 *   DASH_ALLOW_SIGNED  anyone signed in, with or without a tenant (GET /me, sign out)
 *   DASH_ALLOW_READ    a tenant's data, read: every role and API tokens
 *   DASH_ALLOW_ADMIN   a tenant's data, changed, and the audit log: clinic_admin, school_admin, operator, API tokens
 *   DASH_ALLOW_OPERATOR the operator's console (every tenant, the streams, dead letters, users): a signed-in operator
 *                      only; every other role and every API token (a token is one clinic's) get 403
 * staff and teacher get 403 on ADMIN routes. An operator acts for one tenant with ?doctor=<id> (400 without it on
 * tenant routes); anyone else always acts for their own tenant, and naming another one answers 404.
 */
#ifndef dash__api_h
#define dash__api_h

#include <cjson/cJSON.h>
#include "h2o.h"
#include "dashboard.h"

typedef enum en_dash_allow_t {
    DASH_ALLOW_PUBLIC,
    DASH_ALLOW_SIGNED,
    DASH_ALLOW_READ,
    DASH_ALLOW_ADMIN,
    DASH_ALLOW_OPERATOR
} dash_allow_t;

/* Who is calling: a signed-in user (session cookie) or an API token. */
typedef struct st_dash_principal_t {
    int kind;              /* 0 none, DASH_BY_SESSION, DASH_BY_TOKEN */
    char user_id[40];      /* users.id (session) */
    char token_id[40];     /* api_tokens.id (token) */
    char email[256];       /* session: the user's email; token: its name */
    char role[16];         /* session: the user's role; token: "token" */
    char doctor_id[40];    /* the user's or token's tenant; "" for an operator */
    char csrf[64];         /* session: its CSRF token */
    char session_hash[72]; /* session: the hash naming it in Redis */
    int totp_enabled;      /* session: the user signs in with a TOTP code */
    int limited;           /* session: the clinic requires TOTP and the user has none: only /api/v1/me, its totp
                              routes and sign-out answer until the user enrols */
} dash_principal_t;

#define DASH_BY_SESSION 1
#define DASH_BY_TOKEN 2

/* One API call being handled: everything a handler needs. Valid during the handler only. */
typedef struct st_dash_call_t {
    h2o_req_t *req;
    dash_worker_t *w;
    const char *param; /* the path's {parameter}, or NULL */
    dash_principal_t who;
    const char *tenant; /* the doctor id the call acts for (tenant routes), else NULL */
    cJSON *body;        /* the parsed JSON body (POST/PATCH/PUT), or NULL; freed after the handler */
} dash_call_t;

#define DASH_TENANT_OPTIONAL 2

typedef void (*dash_handler_cb)(dash_call_t *c);

typedef struct st_dash_route_t {
    const char *method;
    const char *path; /* "/api/v1/kb/{id}" */
    dash_allow_t allow;
    int tenant; /* 1: acts for a tenant (resolved into c->tenant); DASH_TENANT_OPTIONAL: the same, but an operator
                   without ?doctor= acts for every tenant at once (c->tenant NULL) */
    dash_handler_cb handler;
    const char *summary;
    const char *request_schema;  /* JSON Schema text of the body, or NULL */
    const char *response_schema; /* JSON Schema text of the success body, or NULL */
    int ok_status;               /* 200, 201, 204 */
} dash_route_t;

/* The route table, ended by a row with a NULL method. */
extern const dash_route_t dash_routes[];

/* Pure: 1 when `path` matches `pattern`, with the {parameter}'s segment (non-empty, no '/') copied into param
 * (paramsz bytes; "" when the pattern has none). */
int dash_route_match(const char *pattern, const char *path, size_t pathlen, char *param, size_t paramsz);

/* Handles a request under /api/v1 (h2o handler context). */
void dash_api_handle(dash_worker_t *w, h2o_req_t *req);

/* The OpenAPI 3 document of dash_routes. Caller cJSON_Delete()s it. */
cJSON *dash_openapi(void);

/* Helpers for handlers. */
/* 503 {"error": {"code": "unavailable"}}: the database or Redis did not answer. */
void dash_reply_unavailable(dash_call_t *c);
/* A new empty JSON object (exits on out of memory, as every allocation here). */
cJSON *dash_new_object(void);
/* Checks a statement's result `res` that should hold one row: returns 1 when it does (res kept), 0 when it has none
 * (answered 404 "not_found" with `missing`; res cleared), -1 when the statement failed (res NULL: answered 503). */
int dash_one_row(dash_call_t *c, PGresult *res, const char *missing);
/* Parses `limit` (1..200, default 50) and the opaque `cursor` (an id encoded by dash_cursor_encode; 0 when absent).
 * On a bad value answers 422 and returns -1. */
int dash_list_params(dash_call_t *c, long *limit, long long *after);
/* The opaque cursor for the next page after `id` (a new string owned by the caller's cJSON). */
cJSON *dash_cursor_encode(long long id);
/* The opaque cursor (URL-safe base64, a new cJSON string) of `raw`, a kind letter and the position's text: the
 * encoding dash_cursor_encode and the streams' lists share. */
cJSON *dash_cursor_text(const char *raw);
/* Builds {"items": <items_json parsed>, "next_cursor": ...} and sends it; `items_json` is a JSON array text, `last_id`
 * the id of its last item when there may be more (`more` 1), else ignored. */
void dash_reply_list(dash_call_t *c, const char *items_json, int more, long long last_id);
/* dash_list_params, then the limit and the cursor's id as decimal texts into lim and aft for a statement's
 * parameters. Same returns. */
int dash_list_texts(dash_call_t *c, long *limit, long long *after, char lim[24], char aft[24]);
/* Runs `sql`, whose one row is (the page's items as a JSON array, 't' when there are more, the last item's id), and
 * answers it with dash_reply_list; 503 on a failure. */
void dash_reply_page(dash_call_t *c, const char *what, const char *sql, int nparams, const char *const *params);
/* The audit log's actor parameters: user id (or NULL), token id (or NULL), and the actor text, in that order. */
void dash_actor_params(const dash_call_t *c, const char *out[3], char *actor, size_t actorsz);

/* Handlers (auth.c: sign-in, sign-out, me; kb.c, settings.c, audit.c; this file: the OpenAPI document). */
void dash_session_create(dash_call_t *c);
void dash_session_delete(dash_call_t *c);
void dash_me(dash_call_t *c);
/* totp.c: the signed-in user's second factor (enrol, confirm, disable) */
void dash_totp_enrol(dash_call_t *c);
void dash_totp_confirm(dash_call_t *c);
void dash_totp_disable(dash_call_t *c);
void dash_kb_list(dash_call_t *c);
void dash_kb_create(dash_call_t *c);
void dash_kb_update(dash_call_t *c);
void dash_kb_delete(dash_call_t *c);
void dash_kb_try(dash_call_t *c);
void dash_settings_get(dash_call_t *c);
void dash_settings_patch(dash_call_t *c);
void dash_audit_list(dash_call_t *c);
/* whatsapp.c: the clinic's own number; templates.c: its message templates */
void dash_whatsapp_get(dash_call_t *c);
void dash_whatsapp_put(dash_call_t *c);
void dash_whatsapp_refresh(dash_call_t *c);
void dash_whatsapp_signup(dash_call_t *c);
void dash_templates_list(dash_call_t *c);
void dash_templates_create(dash_call_t *c);
void dash_templates_sync(dash_call_t *c);
void dash_openapi_get(dash_call_t *c);
/* The live inbox (inbox.c, live.c). */
void dash_inbox_list(dash_call_t *c);
void dash_inbox_messages(dash_call_t *c);
void dash_inbox_send(dash_call_t *c);
void dash_inbox_handoff_take(dash_call_t *c);
void dash_inbox_handoff_release(dash_call_t *c);
void dash_events_stream(dash_call_t *c);
/* The reception (reception.c): appointments, blocked days, the walk-in queue, referrals. */
void dash_appointments_list(dash_call_t *c);
void dash_appointments_create(dash_call_t *c);
void dash_appointments_update(dash_call_t *c);
void dash_blocked_day_create(dash_call_t *c);
void dash_blocked_day_delete(dash_call_t *c);
void dash_queue_get(dash_call_t *c);
void dash_queue_display(dash_call_t *c);
void dash_queue_next(dash_call_t *c);
void dash_queue_skip(dash_call_t *c);
void dash_queue_recall(dash_call_t *c);
void dash_queue_close(dash_call_t *c);
void dash_referrals_list(dash_call_t *c);
/* The operator's console (ops.c): clinics, streams, dead letters, unrouted webhooks, users, the audit log. */
void dash_ops_doctors_list(dash_call_t *c);
void dash_ops_doctors_create(dash_call_t *c);
void dash_ops_doctors_patch(dash_call_t *c);
void dash_ops_streams(dash_call_t *c);
void dash_ops_dlq_list(dash_call_t *c);
void dash_ops_dlq_get(dash_call_t *c);
void dash_ops_dlq_replay(dash_call_t *c);
void dash_ops_dlq_purge(dash_call_t *c);
void dash_ops_unrouted(dash_call_t *c);
void dash_ops_users_list(dash_call_t *c);
void dash_ops_users_create(dash_call_t *c);
void dash_ops_users_patch(dash_call_t *c);
void dash_ops_audit(dash_call_t *c);
/* Reports and analytics (reports.c): GET /api/v1/reports/{name}, and its query parameters for the OpenAPI document
 * (added to the operation's `parameters` array). */
void dash_reports_get(dash_call_t *c);
void dash_reports_openapi(cJSON *params);
/* broadcasts.c: broadcasts to groups (issue 18) */
void dash_broadcasts_list(dash_call_t *c);
void dash_broadcasts_create(dash_call_t *c);
void dash_broadcasts_preview(dash_call_t *c);
void dash_broadcasts_test(dash_call_t *c);
void dash_broadcasts_get(dash_call_t *c);
void dash_broadcasts_pause(dash_call_t *c);
void dash_broadcasts_resume(dash_call_t *c);
void dash_broadcasts_cancel(dash_call_t *c);
void dash_broadcasts_groups(dash_call_t *c);

#endif
