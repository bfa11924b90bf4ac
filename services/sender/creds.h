/*
 * Which WhatsApp number and token a doctor's outbound message goes through.
 * This is the seam for per-doctor credentials (doctors.whatsapp_* columns,
 * decrypted with CREDENTIALS_KEY; the next issue): for now every doctor sends
 * through the master number (PHONE_NUMBER_ID + WHATSAPP_TOKEN) when both are
 * set, and in sandbox mode (wa:sandbox, no Graph call) otherwise.
 */
#ifndef snd__creds_h
#define snd__creds_h

#include "wa/config.h"

typedef struct st_snd_creds_t {
    int sandbox;                 /* 1: no credentials at all, write to wa:sandbox instead of calling Meta */
    const char *phone_number_id; /* "" in sandbox mode */
    const char *token;           /* never logged; "" in sandbox mode */
    const char *origin;          /* "master", "sandbox" (later "doctor"): safe to log */
} snd_creds_t;

/* Picks the credentials for `doctor_id`. Strings are borrowed from cfg (process lifetime). Returns 0, or -1 when the
 * credentials cannot be decided now (a transient failure: the entry is retried). */
int snd_creds_pick(const wa_config_t *cfg, const char *doctor_id, snd_creds_t *out);

#endif
