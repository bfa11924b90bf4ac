/*
 * The clinic's own WhatsApp number (whatsapp.c): besides the handlers of
 * /api/v1/whatsapp (declared in api.h), what templates.c needs to call the
 * Graph API in the clinic's name.
 */
#ifndef dash__whatsapp_h
#define dash__whatsapp_h

#include <stddef.h>
#include <cjson/cJSON.h>
#include "api.h"

/* Opens the clinic's stored token (*token: malloc'd, caller wipes and frees with wa_crypt_free) and copies its
 * WABA id into waba. Returns 0, or answers (409 no credentials or no WABA, 503) and returns -1. */
int dash_whatsapp_token(dash_call_t *c, char **token, char *waba, size_t wabasz);

/* One Graph call (url built by the caller, never holding the token; `token` goes in Authorization when not NULL;
 * `body` is JSON or NULL). Returns the parsed object on HTTP 200 (caller deletes), else NULL with why (Meta's
 * error code and message, or the transport's). Blocks up to GRAPH_TIMEOUT_MS. */
cJSON *dash_graph_call(dash_call_t *c, const char *method, const char *url, const char *token, const char *body,
                       char *why, size_t whysz);

#endif
