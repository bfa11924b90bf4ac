/* Unit tests for process hardening and monotonic timed waits (shared/src/sys.c). */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "wa/entry.h"
#include "wa/sys.h"

/* In a child (the hardening is for good): afterwards no core limit is left and the process is not dumpable. */
static void harden_disables_core_dumps(void **state)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit lim;
        int ok = wa_sys_harden() == 0 && getrlimit(RLIMIT_CORE, &lim) == 0 && lim.rlim_cur == 0 && lim.rlim_max == 0 &&
                 prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* A monotonic deadline 80 ms ahead is waited for: were the condition on CLOCK_REALTIME (the default), that
 * deadline (seconds since boot) would lie decades in the past and the wait would return at once. */
static void timed_wait_uses_the_monotonic_clock(void **state)
{
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond;
    assert_int_equal(wa_sys_cond_init(&cond), 0);
    struct timespec until;
    long long start = wa_mono_ms();
    wa_sys_deadline(&until, 80);
    pthread_mutex_lock(&lock);
    int rc;
    while ((rc = pthread_cond_timedwait(&cond, &lock, &until)) == 0)
        ; /* spurious wake-ups */
    pthread_mutex_unlock(&lock);
    assert_int_equal(rc, ETIMEDOUT);
    assert_true(wa_mono_ms() - start >= 79);
    pthread_cond_destroy(&cond);
}

static void deadline_carries_nanoseconds(void **state)
{
    struct timespec now, until;
    clock_gettime(CLOCK_MONOTONIC, &now);
    wa_sys_deadline(&until, 1999);
    assert_true(until.tv_nsec >= 0 && until.tv_nsec < 1000000000L);
    long long diff_ms = (until.tv_sec - now.tv_sec) * 1000LL + (until.tv_nsec - now.tv_nsec) / 1000000;
    assert_true(diff_ms >= 1999 && diff_ms < 2100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(harden_disables_core_dumps),
        cmocka_unit_test(timed_wait_uses_the_monotonic_clock),
        cmocka_unit_test(deadline_carries_nanoseconds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
