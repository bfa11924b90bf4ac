/*
 * `wactl creds set|check|rotate`: a doctor's own WhatsApp credentials
 * (Option B). `set` validates the phone number id and token against the Graph
 * API (GET /{phone-number-id}?fields=display_phone_number: readable with that
 * token, and the display number is the doctor's) before storing them sealed
 * with CREDENTIALS_KEY (wa/crypt.h); `check` re-validates and
 * shows state, expiry and last error; `rotate` re-seals every doctor's secrets
 * under the current CREDENTIALS_KEY, opening them with CREDENTIALS_KEY_PREVIOUS.
 * No token or secret is ever printed.
 */
#ifndef ctl__creds_h
#define ctl__creds_h

#include "ctl.h"

int ctl_creds_main(ctl_ctx_t *ctx, int argc, char **argv);

#endif
