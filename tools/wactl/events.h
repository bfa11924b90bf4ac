/*
 * `wactl events` (events.c): the webhook changes other than messages that the router records for operators in
 * webhook_events (deploy/migrations/002_router.sql): template status updates (approved, rejected, paused ...),
 * phone-number quality and limit changes, account updates (restrictions, bans). The one-line summary of a change
 * is a pure function, so the unit tests call it directly.
 */
#ifndef ctl__events_h
#define ctl__events_h

#include <cjson/cJSON.h>

#include "ctl.h"

/* `wactl events list [--doctor ID] [--field F] [--limit N] [--json]`. */
int ctl_events_main(ctl_ctx_t *ctx, int argc, char **argv);

/* What an operator needs to know of one change's value, on one line: its event first, then the template's name and
 * language, the reason, the messaging limit, restriction and violation types, the ban state, as far as the value
 * has them ("REJECTED order_update (en_US) reason INVALID_FORMAT", "DOWNGRADE limit TIER_1K"). A value without any
 * of them gives its member names ("{alpha, beta}"); NULL or JSON null gives "-". Returns a new string (caller
 * frees); out of memory is fatal. */
char *ctl_events_summary(const cJSON *value);

#endif
