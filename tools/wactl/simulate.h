/*
 * `wactl simulate` (simulate.c): posts a text-message webhook to the ingress
 * exactly as Meta would (signed with WHATSAPP_APP_SECRET) and waits for the
 * reply the pipeline records for it (messages.out_id = "reply:<wamid>"), or
 * for the dead letter that explains why there is none. The helpers below are
 * pure, for the unit tests.
 */
#ifndef ctl__simulate_h
#define ctl__simulate_h

#include <stddef.h>

/* Writes the webhook URL into out: `ingress_url` (env INGRESS_URL) when non-empty, else
 * "http://127.0.0.1:<port>/webhook". */
void ctl_simulate_url(const char *ingress_url, int port, char *out, size_t outsz);

/* Writes "wamid.SIM" + the lowercase hex of rnd[0..n) into out (truncated to fit). */
void ctl_simulate_wamid(const unsigned char *rnd, size_t n, char *out, size_t outsz);

/* 1 when a dead letter's `entry` text mentions `out_id` or `wamid` (either may be NULL). */
int ctl_simulate_dlq_matches(const char *entry, const char *out_id, const char *wamid);

/* How a reply reads on a phone, for the human output: a text as it is; an interactive message (the stored
 * message JSON) as its header/body/footer text followed by its buttons as "[Title]" or its list rows as
 * "- Title"; anything else unchanged. Caller frees. */
char *ctl_simulate_render(const char *reply);

#endif
