/*
 * `wactl queue` (queue.c): the clinic staff's side of the walk-in queue of issue 8 (the patients' side is the
 * router's services/router/flow_queue.c): list today's tokens, and call the next patient, which notifies the
 * patient called and the one whose turn is near (clinic_settings.queue_notify_ahead patients before them) through
 * wa:out. The pure helper below builds a notification's idempotency key; the unit tests call it.
 */
#ifndef ctl__queue_h
#define ctl__queue_h

#include <stddef.h>

#include "ctl.h"

/* `wactl queue list|next DOCTOR`. */
int ctl_queue_main(ctl_ctx_t *ctx, int argc, char **argv);

/* "queue:<doctor>:<day>:<token>:<what>" (what: called, near) into out. Returns 0, or -1 when it does not fit. */
int ctl_queue_out_id(char *out, size_t outsz, const char *doctor_id, const char *day, const char *token,
                     const char *what);

#endif
