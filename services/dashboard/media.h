/*
 * Photos and documents in the dashboard (issue 17): serving a stored media file to the clinic's own users, and the
 * staff's sending of an image or a document. Both use libwa's media store (wa/media.h: PostgreSQL media_blobs by
 * default, S3 when configured), so any replica serves what any sender replica fetched.
 *
 * GET /api/v1/media/{id}: the file of a media row of the caller's tenant (404 for another clinic's id, never its
 * bytes), with its own Content-Type when it is one of A.11's types (any other is served as
 * application/octet-stream), `inline` only for the types wa_media_inline_safe allows (JPEG/PNG/WebP images, audio,
 * video), `attachment` with the filename for everything else (documents), and headers that keep it from ever running
 * in the dashboard's origin: X-Content-Type-Options: nosniff, Content-Security-Policy: default-src 'none'; sandbox,
 * Cross-Origin-Resource-Policy: same-origin.
 *
 * POST /api/v1/conversations/{patient_id}/media?filename=&caption=: the raw file as the body, its type as
 * Content-Type (an A.11 image or document type, within the kind's size limit and DASHBOARD_MAX_UPLOAD_BYTES), while
 * the patient's 24-hour window is open (409 window_closed otherwise). The dashboard stores the file and a media row
 * (direction out, the new out_id) and queues an upload job on wa:media; wa-sender's media fetcher uploads it to the
 * Graph API (POST /{phone-number-id}/media, A.11) with the credentials the sender would send with, then queues the
 * message on wa:out by the new media id, so the one sending path stays the sender's. 202 {"out_id", "media_id"}.
 */
#ifndef dash__media_h
#define dash__media_h

#include "api.h"

/* DASHBOARD_MAX_UPLOAD_BYTES (default 16 MiB, at least 1 MiB): the largest request body the server accepts (JSON
 * routes still refuse more than 1 MiB). */
long long dash_media_upload_limit(void);

void dash_media_get(dash_call_t *c);
void dash_media_send(dash_call_t *c);

#endif
