/*
 * A small S3-compatible object store in the mock server (a mock of a third-party server, for the media store's S3
 * backend, shared/src/media_store.c): PUT, GET and DELETE of objects under /s3/<bucket>/<key>, path-style, each
 * request checked for a valid AWS Signature Version 4 (Authorization: AWS4-HMAC-SHA256 Credential=<access key>/
 * <date>/<region>/s3/aws4_request, SignedHeaders=..., Signature=...) computed with the configured secret over the
 * canonical request (method, path, sorted query, the signed headers, the payload's SHA-256, which must be the
 * body's and must be signed as x-amz-content-sha256); x-amz-date within 15 minutes of now. A bad signature answers
 * 403 SignatureDoesNotMatch, an unknown access key 403 InvalidAccessKeyId, a missing object 404 NoSuchKey: the
 * XML error bodies of S3. Credentials: access key "mock-access-key", secret "mock-secret-key", region "us-east-1"
 * unless POST /_mock/s3 {"access_key","secret_key","region"} sets others; GET /_mock/s3 lists the objects.
 */
#ifndef mock__s3_h
#define mock__s3_h

#include "mock.h"

/* Handles a request under /s3/ (state lock held). */
void mock_s3_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res);
/* Control: GET /_mock/s3 (objects: key, size, sha256, content_type), POST /_mock/s3 (credentials). */
void mock_s3_control(mock_state_t *st, const mock_req_t *req, mock_res_t *res);
/* Frees every object (control reset and state dispose). */
void mock_s3_clear(mock_state_t *st);

/* Pure, for unit tests: the SigV4 signature (64 hex + NUL into out) of a canonical request already built. */
void mock_s3_signature(const char *secret, const char *date, const char *region, const char *service,
                       const char *amz_date, const char *canonical_request, char out[65]);

#endif
