/*
 * `wactl dlq list|show|replay|purge`: the dead-letter stream (wa:dlq) for an
 * operator. Entries are filtered by stage, reason, doctor and age; `replay`
 * puts the original entry back on its source stream (wa:in, wa:ai or wa:out,
 * under WA_REDIS_PREFIX) and removes it from wa:dlq in one atomic script, so
 * it goes through every check of its stage again (at most once per out_id,
 * credentials, rate limits, window) and is never replayed twice. The filter
 * and the rebuilding of an entry are pure and unit-tested.
 */
#ifndef ctl__dlq_h
#define ctl__dlq_h

#include <stddef.h>
#include "ctl.h"

int ctl_dlq_main(ctl_ctx_t *ctx, int argc, char **argv);

/* One wa:dlq entry's fields (borrowed from the Redis reply; NULL when absent) and the doctor id found in `entry`. */
typedef struct st_ctl_dlq_item_t {
    const char *id, *stage, *reason, *detail, *error_code, *attempts, *failed_at, *source_stream, *source_id, *entry;
    char doctor_id[64]; /* the original entry's doctor_id, or "" */
} ctl_dlq_item_t;

typedef struct st_ctl_dlq_filter_t {
    const char *stage, *reason, *doctor; /* NULL = any */
    long long older_than_ms, newer_than_ms; /* 0 = no limit */
} ctl_dlq_filter_t;

/* 1 when `it` passes `f` at `now_ms` (the age counts from failed_at, else the stream id's time). */
int ctl_dlq_match(const ctl_dlq_filter_t *f, const ctl_dlq_item_t *it, long long now_ms);

/* Parses a duration "90", "90s", "15m", "2h", "7d" into ms. Returns 0 or -1. */
int ctl_dlq_parse_age(const char *s, long long *ms);

/* The fields to XADD for a replay of `entry_json` (a JSON object of strings), as name/value pairs in a cJSON array
 * [name, value, name, value, ...]: every field as it was, except that `attempt` restarts at "0", `created_at` (when
 * present) becomes `now_ms` so the age limit counts from the replay, `throttles` and `prepaid` (retry bookkeeping)
 * are dropped and `replayed_from` names the dead letter. Returns NULL when entry_json is not such an object. */
cJSON *ctl_dlq_replay_fields(const char *entry_json, const char *dlq_id, long long now_ms);

#endif
