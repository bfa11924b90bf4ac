/*
 * Process hardening and monotonic timed waits (wa/sys.h). Each service's
 * main() calls wa_sys_harden() before it reads a secret; the background
 * threads that sleep between passes (ingress secret reloads, sender token
 * refresh) wait on conditions built by wa_sys_cond_init(). wa_sys_lean_start()
 * starts a program again without GnuTLS's load-time set-up (the sender's).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include "wa/log.h"
#include "wa/sys.h"

int wa_sys_harden(void)
{
    int rc = 0;
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        wa_warn("cannot disable core dumps (setrlimit RLIMIT_CORE)", "error", strerror(errno));
        rc = -1;
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        wa_warn("cannot mark the process non-dumpable (prctl PR_SET_DUMPABLE)", "error", strerror(errno));
        rc = -1;
    }
    return rc;
}

void wa_sys_lean_start(char **argv)
{
    if (getenv("GNUTLS_NO_IMPLICIT_INIT") != NULL || setenv("GNUTLS_NO_IMPLICIT_INIT", "1", 0) != 0)
        return;
    (void)execv("/proc/self/exe", argv);
    /* not replaced (no /proc): the variable stays set for nothing, and the process goes on as it was */
}

int wa_sys_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (rc != 0)
        return rc;
    rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (rc == 0)
        rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

void wa_sys_deadline(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}
