/*
 * The hiredis <-> h2o evloop adapter (see redis_h2o.h). h2o owns a dup() of
 * the hiredis descriptor, so h2o closing its socket never closes hiredis' fd
 * and vice versa; epoll watches the shared open file and reports readiness.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wa/log.h"
#include "redis_h2o.h"

typedef struct st_adapter_t {
    redisAsyncContext *ac;
    h2o_socket_t *sock;
} adapter_t;

static void on_readable(h2o_socket_t *sock, const char *err)
{
    adapter_t *a = sock->data;
    /* with DONT_READ h2o reads nothing: hiredis reads, and closes (cleanup) on EOF or error */
    redisAsyncHandleRead(a->ac);
}

static void on_writable(h2o_socket_t *sock, const char *err)
{
    adapter_t *a = sock->data;
    redisAsyncHandleWrite(a->ac);
}

static void add_read(void *privdata)
{
    adapter_t *a = privdata;
    h2o_socket_read_start(a->sock, on_readable);
}

static void del_read(void *privdata)
{
    adapter_t *a = privdata;
    h2o_socket_read_stop(a->sock);
}

/* h2o's write notification is one-shot and asserts when armed twice; hiredis asks for writability repeatedly. */
static void add_write(void *privdata)
{
    adapter_t *a = privdata;
    if (!h2o_socket_is_writing(a->sock))
        h2o_socket_notify_write(a->sock, on_writable);
}

/* Nothing to undo: the one-shot notification disarms itself after it fired, and a spurious write event only makes
 * hiredis find an empty output buffer. */
static void del_write(void *privdata)
{
}

static void cleanup(void *privdata)
{
    adapter_t *a = privdata;
    a->ac->ev.data = NULL;
    h2o_socket_close(a->sock); /* disposal is deferred by h2o: safe inside this socket's own callback */
    free(a);
}

int ing_redis_h2o_attach(redisAsyncContext *ac, h2o_loop_t *loop)
{
    adapter_t *a;
    int fd;

    if (ac->ev.data != NULL)
        return -1;
    if ((fd = dup(ac->c.fd)) == -1) {
        wa_error("redis adapter: dup failed", "errno", strerror(errno));
        return -1;
    }
    a = wa_malloc(sizeof(*a));
    a->ac = ac;
    a->sock = h2o_evloop_socket_create(loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    a->sock->data = a;

    ac->ev.data = a;
    ac->ev.addRead = add_read;
    ac->ev.delRead = del_read;
    ac->ev.addWrite = add_write;
    ac->ev.delWrite = del_write;
    ac->ev.cleanup = cleanup;
    return 0;
}
