/*
 * Media of the mock Graph API (API_REFERENCE.md A.8 and A.11): the files a test provisions as a patient's inbound
 * media (control endpoint POST /_mock/media), the files clients upload (POST /{phone-number-id}/media, multipart
 * with file, type and messaging_product=whatsapp, each required), media id lookup (GET /{media-id}, with
 * ?phone_number_id= honoured: another number's media is not found), the download URL it hands out (on the mock's
 * own host, /lookaside/<id>?ext=<expiry ms>&hash=..., valid 5 minutes and only with a bearer token) and delete
 * (DELETE /{media-id}). Failure modes a test sets per file: gone (the media id is not found: 404, code 100,
 * subcode 33), expired (every URL handed out has already expired: the download answers 404), declare_size and
 * declare_mime (GET /{media-id} declares a size or type the bytes do not have). State lock held by the callers.
 */
#ifndef mock__media_h
#define mock__media_h

#include "mock.h"

typedef struct st_mock_media_t {
    char id[32];
    char *mime; /* the type the file has (upload: the file part's) */
    char *data; /* owned bytes */
    size_t len;
    long long declare_size; /* -1: the real size */
    char *declare_mime;     /* NULL: the real type */
    int expired, gone, uploaded;
    char phone_number_id[64]; /* the owning number ("" = any) */
    char *filename;           /* upload's file name, or NULL */
    char *type_field;         /* upload's `type` field */
} mock_media_t;

/* Control: POST /_mock/media?id=&mime=&declare_size=&declare_mime=&expired=1&gone=1&phone_number_id= with the bytes
 * as body adds (or replaces) a file; GET /_mock/media lists every file (id, mime, size, sha256, uploaded, filename,
 * type, phone_number_id). */
void mock_media_control(mock_state_t *st, const mock_req_t *req, mock_res_t *res);
/* Empties the store (control reset). */
void mock_media_clear(mock_state_t *st);

/* The file with Graph media id `id`, or NULL. */
mock_media_t *mock_media_find(mock_state_t *st, const char *id);
/* GET /{media-id} for a known id (A.8 step 1). */
void mock_media_info(mock_state_t *st, const mock_req_t *req, mock_media_t *m, int64_t now_ms, mock_res_t *res);
/* GET /lookaside/... (A.8 step 2; the token was checked by the caller, who passes has_token). */
void mock_media_download(mock_state_t *st, const mock_req_t *req, int has_token, int64_t now_ms, mock_res_t *res);
/* POST /{phone-number-id}/media (A.11). */
void mock_media_upload(mock_state_t *st, const mock_req_t *req, const char *phone_id, mock_res_t *res);
/* DELETE /{media-id}. */
void mock_media_delete(mock_state_t *st, const char *id, mock_res_t *res);

#endif
