/*
 * The dead-letter stream (wa:dlq) for whoever operates it: `wactl dlq` and the
 * dashboard's operator console share this module, so that a replay from either
 * gives the same guarantees. An entry of wa:dlq holds the stage that gave up,
 * its reason, the error, the attempts, when it failed, the source stream and id
 * and the original entry (a JSON object of its fields). A replay puts the
 * original entry back on its source stream (only wa:in, wa:ai or wa:out of the
 * deployment's prefix) and deletes the dead letter in one atomic script, only
 * while the dead letter still exists: it goes through every check of its stage
 * again (at most once per out_id, credentials, rate limits, window) and is
 * never replayed twice, whoever replays it at the same time. The filter, the
 * parsing of an entry and the rebuilding of its fields are pure (unit tests).
 */
#ifndef wa__dlq_h
#define wa__dlq_h

#include <stddef.h>
#include <cjson/cJSON.h>
#include <hiredis/hiredis.h>

/* One wa:dlq entry's fields, borrowed from the Redis reply it was read from (NULL when absent), and the doctor id
 * found in `entry` ("" when none). Valid as long as that reply. */
typedef struct st_wa_dlq_item_t {
    const char *id, *stage, *reason, *detail, *error_code, *attempts, *failed_at, *source_stream, *source_id, *entry;
    char doctor_id[64];
} wa_dlq_item_t;

typedef struct st_wa_dlq_filter_t {
    const char *stage, *reason, *doctor;    /* NULL = any; doctor compares case-insensitively */
    long long older_than_ms, newer_than_ms; /* 0 = no limit */
} wa_dlq_filter_t;

/* The outcome of a replay or purge of one dead letter. */
typedef enum en_wa_dlq_result_t {
    WA_DLQ_DONE,        /* replayed (new_id set) or purged */
    WA_DLQ_GONE,        /* no such dead letter any more (replayed or purged meanwhile, or never existed) */
    WA_DLQ_BAD_SOURCE,  /* its source stream is not one a replay may write to */
    WA_DLQ_BAD_ENTRY,   /* its entry is not a JSON object of fields */
    WA_DLQ_ERROR,       /* Redis answered with an error (errstr) */
    WA_DLQ_UNREACHABLE, /* the connection failed: the caller drops it */
} wa_dlq_result_t;

/* A short word for a result: "ok", "gone", "bad_source", "bad_entry", "error", "unreachable". */
const char *wa_dlq_result_name(wa_dlq_result_t r);

/* Fills *it from one element of an XRANGE/XREVRANGE reply ([id, [field, value, ...]]). Returns 0, or -1 when the
 * element is not an entry. */
int wa_dlq_item_from(const redisReply *e, wa_dlq_item_t *it);

/* When it failed, in unix ms: failed_at, else the stream id's time. */
long long wa_dlq_item_time_ms(const wa_dlq_item_t *it);

/* 1 when `it` passes `f` at `now_ms` (the age counts from wa_dlq_item_time_ms). */
int wa_dlq_match(const wa_dlq_filter_t *f, const wa_dlq_item_t *it, long long now_ms);

/* Parses a duration "90", "90s", "15m", "2h", "7d" into ms. Returns 0 or -1. */
int wa_dlq_parse_age(const char *s, long long *ms);

/* The fields to XADD for a replay of `entry_json` (a JSON object of strings), as name/value pairs in a cJSON array
 * [name, value, name, value, ...] the caller deletes: every field as it was, except that `attempt` restarts at "0",
 * `created_at` (when present) becomes `now_ms` so the age limit counts from the replay, `throttles` and `prepaid`
 * (retry bookkeeping) are dropped and `replayed_from` names the dead letter. Returns NULL when entry_json is not such
 * an object. */
cJSON *wa_dlq_replay_fields(const char *entry_json, const char *dlq_id, long long now_ms);

/* Reads newest first, in pages of 500, the entries of `dlq_key` older than the entry `before` (NULL: from the
 * newest) that pass `f`, calling `cb` for each (the item is valid during the call only; `cb` returns 0 to go on, 1 to
 * stop, -1 to fail) at most `limit` times (0 = all). Returns the number of entries visited, -1 when `cb` failed, -2
 * when Redis failed (errstr; c->err set when the connection is lost). */
typedef int (*wa_dlq_visit_cb)(const wa_dlq_item_t *it, void *data);
long wa_dlq_scan(redisContext *c, const char *dlq_key, const char *before, const wa_dlq_filter_t *f, long limit,
                 long long now_ms, wa_dlq_visit_cb cb, void *data, char *errstr, size_t errsz);

/* Reads the dead letter `id` (XRANGE id id) into *it. Returns the reply *it borrows from (the caller
 * freeReplyObject()s it), or NULL with *result set: WA_DLQ_GONE (no such entry, or not a stream id), WA_DLQ_ERROR or
 * WA_DLQ_UNREACHABLE (errstr). */
redisReply *wa_dlq_fetch(redisContext *c, const char *dlq_key, const char *id, wa_dlq_item_t *it,
                         wa_dlq_result_t *result, char *errstr, size_t errsz);

/* Replays `it` (see above): `streams` is the NULL-terminated list of the stream keys a replay may write to (the
 * deployment's wa:in, wa:ai and wa:out). On WA_DLQ_DONE the new entry's id is written to new_id. */
wa_dlq_result_t wa_dlq_replay(redisContext *c, const char *dlq_key, const char *const *streams, const wa_dlq_item_t *it,
                              long long now_ms, char *new_id, size_t new_idsz, char *errstr, size_t errsz);

/* Deletes the dead letter `id` (XDEL). WA_DLQ_DONE, WA_DLQ_GONE, WA_DLQ_ERROR or WA_DLQ_UNREACHABLE. */
wa_dlq_result_t wa_dlq_purge(redisContext *c, const char *dlq_key, const char *id, char *errstr, size_t errsz);

#endif
