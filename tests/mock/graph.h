/*
 * The mock Meta Graph API of wa-mock (API_REFERENCE.md A.4, A.5, A.7): sends
 * and mark-as-read on /{ver}/{phone_number_id}/messages, the phone number
 * lookup, debug_token and the fb_exchange_token refresh, the WABA's message
 * templates (A.10.1 list with cursor paging, A.10.2 create, stored PENDING),
 * Embedded Signup's code exchange, subscribed_apps and register (A.12.2), with
 * token checks and scripted errors. Called by dispatch.c with the state lock held; pure.
 */
#ifndef mock__graph_h
#define mock__graph_h

#include <stdint.h>

#include "mock.h"

/* Answers one Graph request (path starts with a /vNN.N/ version) into `res` (initialised by the caller). May
 * consume scripted errors and add exchanged tokens to st->graph. */
void mock_graph_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res);

/* The usual title of a Graph error code, as in "(#<code>) <title>"; a generic text for unknown codes. Static. */
const char *mock_graph_error_title(int code);

#endif
