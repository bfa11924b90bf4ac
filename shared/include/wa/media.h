/*
 * Photos and documents (issue 17), the parts two services share: the wa:media job the router emits for every inbound
 * media message and wa-sender's media fetcher consumes (services/sender/media.c), the media kinds with the MIME types
 * and size limits of API_REFERENCE.md A.11 (checked by the fetcher on what Meta declares and sends, and by the
 * dashboard on what its staff upload), the rules for serving a stored file to a browser (which types may be shown
 * inline), SHA-256 digests as hex (A.8's GET /{media-id} answers hex; the webhook's sha256 is base64 of the same
 * digest: wa_media_sha256_b64_to_hex compares them), and the media store (media_store.c): the bytes of a file under a
 * storage key, in PostgreSQL (media_blobs, the default) or in an S3-compatible bucket.
 *
 * The job and the checks are pure (unit tests call them); the store does I/O.
 */
#ifndef wa__media_h
#define wa__media_h

#include <stddef.h>

#include "wa/entry.h"
#include "wa/pg.h"

/* A wa:media entry: one inbound media message to download and store. All pointers borrowed. */
typedef struct st_wa_media_job_t {
    const char *doctor_id;       /* required */
    const char *wamid;           /* required: the inbound message */
    const char *kind;            /* required: image, audio, video, document, sticker */
    const char *media_id;        /* required: Meta's media id */
    const char *mime_type;       /* as the webhook declared it ("" when absent) */
    const char *sha256;          /* as the webhook declared it (base64), or "" */
    const char *filename;        /* a document's filename, or "" */
    const char *url;             /* the webhook's direct download URL, or "" (A.2.4: optional) */
    const char *phone_number_id; /* the number that received the message (whose media it is), or "" */
    const char *created_at;      /* unix ms */
} wa_media_job_t;

/* Decodes a wa:media entry. Returns 0, or -1 with *missing naming the first required field absent or empty.
 * Optional fields default to "". */
int wa_media_job_decode(const wa_entry_t *e, wa_media_job_t *j, const char **missing);
/* Appends "XADD <stream> * <fields...>" to c (freshly initialised); empty optional fields are left out. */
void wa_media_job_xadd(wa_cmd_t *c, const char *stream, const wa_media_job_t *j);

/* 1 when `kind` is one of the five media kinds. */
int wa_media_kind_valid(const char *kind);
/* The most bytes a file of `kind` may have (A.11: image 5 MB, audio and video 16 MB, document 100 MB, sticker
 * 500 KB (animated; a static one 100 KB)); 0 for an unknown kind. MB = 1024 * 1024 bytes. */
long long wa_media_max_bytes(const char *kind);
/* The MIME type without parameters, lowercased ("audio/ogg; codecs=opus" -> "audio/ogg") into out. Returns out. */
char *wa_media_mime_base(const char *mime, char *out, size_t outsz);
/* 1 when `mime` (parameters ignored) is one of the types A.11 lists for `kind`. */
int wa_media_type_allowed(const char *kind, const char *mime);
/* The kind whose A.11 list has `mime` (image before sticker: image/webp is a sticker), or NULL. Static string. */
const char *wa_media_kind_of_mime(const char *mime);
/* 1 when a stored file of this type may be shown inline by the dashboard (JPEG, PNG and WebP images, the audio
 * and video types of A.11); 0 for everything else, which is served as an attachment. Never text/html or SVG. */
int wa_media_inline_safe(const char *mime);

/* Lowercase hex SHA-256 of data[0..len) into out (65 bytes). */
void wa_media_sha256_hex(const void *data, size_t len, char out[65]);
/* Converts a base64 SHA-256 (the webhook's form) to lowercase hex into out (65 bytes). Returns 0, or -1 when the
 * text is not base64 of 32 bytes. A 64-character hex text is copied (lowercased) as it is. */
int wa_media_sha256_to_hex(const char *sha, char out[65]);

/* The media store: bytes under a key. Keys are "pg:<id>" (media_blobs) or "s3:<object key>" (the bucket of
 * MEDIA_S3_*). Returns NULL on a configuration error (logged). NULL-safe destroy. pg is borrowed (the caller's
 * connection: the store is used on the caller's thread only). */
typedef struct st_wa_media_store_t wa_media_store_t;
wa_media_store_t *wa_media_store_create(wa_pg_t *pg);
void wa_media_store_destroy(wa_media_store_t *s);
/* "pg" or "s3": where new files go (MEDIA_STORE, default pg; s3 needs MEDIA_S3_ENDPOINT and MEDIA_S3_BUCKET). */
const char *wa_media_store_backend(const wa_media_store_t *s);
/* Stores data[0..len) under a new key made from `id` (a uuid) into key (keysz bytes). Returns 0 or -1 (logged). */
int wa_media_store_put(wa_media_store_t *s, const char *id, const void *data, size_t len, const char *mime, char *key,
                       size_t keysz);
/* Reads the bytes under `key` into *data (malloc'd, caller frees) and *len. Returns 0, 1 when absent, -1 on error. */
int wa_media_store_get(wa_media_store_t *s, const char *key, char **data, size_t *len);
/* Deletes `key` (absent is fine). Returns 0 or -1. */
int wa_media_store_delete(wa_media_store_t *s, const char *key);

#endif
