/*
 * Credential choice for the sender (creds.h). Today: the master number or
 * sandbox, from the environment only; the per-doctor lookup (PostgreSQL,
 * AES-256-GCM decryption, allow_master_fallback) plugs in here.
 */
#include <stddef.h>
#include "creds.h"

int snd_creds_pick(const wa_config_t *cfg, const char *doctor_id, snd_creds_t *out)
{
    (void)doctor_id;
    if (cfg->master_phone_number_id != NULL && cfg->master_phone_number_id[0] != '\0' && cfg->master_token != NULL &&
        cfg->master_token[0] != '\0') {
        out->sandbox = 0;
        out->phone_number_id = cfg->master_phone_number_id;
        out->token = cfg->master_token;
        out->origin = "master";
    } else {
        out->sandbox = 1;
        out->phone_number_id = "";
        out->token = "";
        out->origin = "sandbox";
    }
    return 0;
}
