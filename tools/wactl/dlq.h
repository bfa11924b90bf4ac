/*
 * `wactl dlq list|show|replay|purge`: the dead-letter stream (wa:dlq) for an
 * operator. Entries are filtered by stage, reason, doctor and age; `replay`
 * puts the original entry back on its source stream (wa:in, wa:ai or wa:out,
 * under WA_REDIS_PREFIX) and removes it from wa:dlq in one atomic script, so
 * it goes through every check of its stage again (at most once per out_id,
 * credentials, rate limits, window) and is never replayed twice. The stream's
 * operations live in libwa (wa/dlq.h), shared with the dashboard's console.
 */
#ifndef ctl__dlq_h
#define ctl__dlq_h

#include <stddef.h>
#include "ctl.h"

int ctl_dlq_main(ctl_ctx_t *ctx, int argc, char **argv);

#endif
