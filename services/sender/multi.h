/*
 * The sender's continuous HTTP driver: one libcurl multi handle on which
 * Graph calls are added one by one and finish one by one (a callback per
 * finished call), so a slow call holds up nothing else; its connection cache
 * keeps connections to Graph open between calls. The request and response
 * live in a wa_http_req_t, filled exactly as wa_http_run fills it. Metrics:
 * gauges wa_sender_inflight (transfers running) and wa_sender_inflight_peak
 * (the highest value seen since start). Driven by loop.c; single-threaded.
 */
#ifndef snd__multi_h
#define snd__multi_h

#include <stddef.h>

#include "wa/http.h"

typedef struct st_snd_multi_t snd_multi_t;

/* Called for each finished request (status, curl_code, error, resp, elapsed_ms set); `owner` as given to add. */
typedef void (*snd_multi_done_cb)(wa_http_req_t *req, void *owner, void *data);

/* A multi handle keeping up to `max_connections` connections (per host and in its cache). NULL on failure. */
snd_multi_t *snd_multi_create(long max_connections);
/* Aborts the transfers still running, without calling back. NULL is a no-op. */
void snd_multi_destroy(snd_multi_t *m);

/* Starts `req` (borrowed until its done callback or snd_multi_abort_all). Returns 0, or -1 when it could not be
 * started (nothing was sent). */
int snd_multi_add(snd_multi_t *m, wa_http_req_t *req, void *owner);
/* Transfers running. */
size_t snd_multi_running(const snd_multi_t *m);

/* Drives the transfers, waiting up to `wait_ms` for activity on them or for `extra_fd` (>= 0) to become readable,
 * and hands each finished request to `done`. Returns 1 when extra_fd is readable, else 0. */
int snd_multi_step(snd_multi_t *m, long wait_ms, int extra_fd, snd_multi_done_cb done, void *data);

/* Aborts every running transfer without calling back. */
void snd_multi_abort_all(snd_multi_t *m);
/* Aborts every running transfer and hands each request to `done` as failed with `curl_code` and `error` (status 0),
 * as if it had timed out. `done` must not add transfers. */
void snd_multi_fail_all(snd_multi_t *m, int curl_code, const char *error, snd_multi_done_cb done, void *data);

#endif
