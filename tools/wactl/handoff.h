/*
 * `wactl handoff` (handoff.c): the clinic staff's side of the human handoff of issue 8. A patient who asks for the
 * doctor or staff is flagged in the handoffs table (deploy/migrations/005_clinic.sql) and the
 * router stops answering them automatically while a Redis key "<prefix>handoff:<doctor id>:<wa_id>" lives (its TTL
 * is the doctor's handoff_minutes; services/router/flow.c). Staff list the patients waiting for them and, once
 * they have answered (`wactl send`), release the patient: the key is deleted and handoffs.released_at set, so the
 * next message is answered automatically again.
 */
#ifndef ctl__handoff_h
#define ctl__handoff_h

#include <stddef.h>

#include "ctl.h"

/* `wactl handoff list [--doctor ID] [--all] [--json]`, `wactl handoff release --doctor ID --patient WA_ID`. */
int ctl_handoff_main(ctl_ctx_t *ctx, int argc, char **argv);

/* The router's pause key: prefix + "handoff:" + doctor_id + ":" + wa_id into out. Returns 0, or -1 when it does not
 * fit. */
int ctl_handoff_key(char *out, size_t outsz, const char *prefix, const char *doctor_id, const char *wa_id);

#endif
