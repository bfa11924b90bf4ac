/*
 * The sender's media fetcher (issue 17): a thread of wa-sender that consumes wa:media (group "media", stage "media")
 * on libwa's stage loop and, for each inbound image, audio, video, document or sticker the router recorded, resolves
 * the media id (GET /{media-id}?phone_number_id=, A.8) with the credentials of the number that received it (the
 * clinic's own, or the master number's when the message came to it or the clinic falls back to it: creds.h, as for
 * sending), checks the type and size Meta declares against the webhook's and against A.11's table (wa/media.h),
 * downloads the file with the token (bounded by the kind's limit), checks its size, type and SHA-256, stores it
 * (wa/media.h's store: PostgreSQL by default, S3 when configured) and records a media row (021_media.sql), once per
 * (doctor, wamid). Nothing here is on the answer's path: the router emits the job and goes on.
 *
 * Failures: the download URL expired or refused (401/403/404/410) is resolved afresh and retried at once; a Graph or
 * network failure is retried with backoff (MEDIA_RETRY_BASE_MS, doubling, up to MEDIA_FETCH_ATTEMPTS attempts in
 * all); then the entry goes to wa:dlq with the last reason. Permanent ones go at once: not_found (the media id is
 * unknown: 404 or code 100), too_large (declared or downloaded beyond the kind's limit), type_mismatch (Meta's type
 * or the download's is not the webhook's), type_not_allowed (not in A.11's list for the kind), size_mismatch,
 * hash_mismatch, auth_failed (401, code 190), no_credentials. A stop during the retries leaves the entry pending (it
 * is redelivered). The same thread runs the media retention job (snd_media_retention_pass) and, with it, trims wa:media
 * (entries older than WA_STREAM_RETENTION_MS that the group has read and acknowledged).
 *
 * Metrics: wa_media_fetched_total{outcome="stored|duplicate|dlq|retry"}, wa_media_bytes_total.
 */
#ifndef snd__media_h
#define snd__media_h

#include "wa/config.h"
#include "wa/pg.h"
#include "wa/media.h"

typedef struct st_snd_media_t snd_media_t;

/* Starts the fetcher thread (its own PostgreSQL connection, media store, credentials cache and Redis connections)
 * unless MEDIA_FETCHER=0. Returns NULL when disabled or when it cannot start (logged). cfg is borrowed. */
snd_media_t *snd_media_start(const wa_config_t *cfg);
/* Waits for the thread to finish (it stops with the process's stop request). NULL is a no-op. */
void snd_media_stop(snd_media_t *m);

/* What GET /{media-id} answers (A.8 step 1). */
typedef struct st_snd_media_info_t {
    char url[2048];   /* the download URL ("" when absent or too long) */
    char mime[128];   /* mime_type, "" when absent */
    char sha_hex[65]; /* sha256 as lowercase hex (hex or base64 accepted), "" when absent or malformed */
    long long size;   /* file_size (a string or a number, A.8), -1 when absent or malformed */
} snd_media_info_t;

/* Parses the body of a 200 answer of GET /{media-id}. Pure (the fuzzer calls it). Returns 0 when it has a usable url,
 * -1 otherwise (out is filled as far as it could be). */
int snd_media_info_parse(const char *body, size_t len, snd_media_info_t *out);

/* Retention: deletes, from the store and the media table, at most `limit` files older than their clinic's
 * clinic_settings.media_retention_days (default 365 for a clinic without a settings row). Returns the number
 * deleted, or -1 on a database error. */
long snd_media_retention_pass(wa_pg_t *pg, wa_media_store_t *store, long limit);

#endif
