/*
 * hiredis' asynchronous API on h2o's evloop, shaped like hiredis' own
 * adapters (adapters/libuv.h, adapters/ae.h): addRead/delRead/addWrite/
 * delWrite/cleanup. A dup() of the hiredis socket is wrapped in an h2o socket
 * that never reads (H2O_SOCKET_FLAG_DONT_READ): h2o only reports readiness and
 * hiredis does the reading and writing on its own descriptor. Used by the
 * ingress' reconnecting connection (rconn.c).
 */
#ifndef ing__redis_h2o_h
#define ing__redis_h2o_h

#include <hiredis/async.h>
#include "h2o.h"

/* Attaches `ac` (not yet attached to any event library) to `loop`. The adapter state is owned by `ac`: hiredis calls
 * cleanup when it frees the context, which closes the h2o socket and frees the state. Returns 0, or -1 when the fd
 * cannot be duplicated or `ac` is already attached (nothing changed; the caller still owns and frees `ac`). */
int ing_redis_h2o_attach(redisAsyncContext *ac, h2o_loop_t *loop);

#endif
