/*
 * Process-level hardening and timing that every service shares: no core
 * dumps (a core file would hold decrypted tokens and CREDENTIALS_KEY), and
 * condition variables that time out on the monotonic clock, so that a step
 * of the wall clock (NTP, an operator's `date -s`) never stalls a timed wait
 * such as the ingress's secret reloads or the sender's token refresh; and a
 * start without the load-time set-up of a library nothing uses (GnuTLS).
 */
#ifndef wa__sys_h
#define wa__sys_h

#include <pthread.h>
#include <time.h>

/* Disables core dumps for this process: RLIMIT_CORE 0 (soft and hard) and PR_SET_DUMPABLE 0, which also stops
 * other processes of the same user from attaching with ptrace or reading /proc/<pid>/mem. Call first thing in
 * main(). Returns 0, or -1 when one of the two calls failed (logged; the service may go on). */
int wa_sys_harden(void);

/* Runs the program again (execv of /proc/self/exe: same pid, argv and environment) with GNUTLS_NO_IMPLICIT_INIT=1
 * when that variable is not set, so that GnuTLS's library constructor does not initialise it: libcurl links librtmp
 * and libldap, which link GnuTLS, and nothing here uses it (libcurl's TLS is OpenSSL's), yet its set-up at load time
 * (priorities, ASN.1 trees, random state) took ~0.8 MiB of every process's RSS (issue 14, round 9). A library's
 * constructor runs before main(), so the variable must be in the environment the program starts with. Call first
 * thing in main(), before any thread or descriptor of its own; when the exec fails the process simply goes on. */
void wa_sys_lean_start(char **argv);

/* Initialises `cond` so that pthread_cond_timedwait measures its deadline on CLOCK_MONOTONIC. Returns 0 or the
 * pthread error. Pair with wa_sys_deadline() and pthread_cond_destroy(). */
int wa_sys_cond_init(pthread_cond_t *cond);

/* Fills `ts` with the CLOCK_MONOTONIC time `ms` milliseconds from now: the deadline for pthread_cond_timedwait on a
 * condition initialised by wa_sys_cond_init(). */
void wa_sys_deadline(struct timespec *ts, long ms);

#endif
