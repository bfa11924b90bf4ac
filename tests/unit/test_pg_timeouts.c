/* Unit test of the PostgreSQL connect timeout (shared/src/pg.c): a server that accepts TCP connections and never
 * answers must not hold a service forever. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include "wa/entry.h"
#include "wa/pg.h"

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "connect still waiting after 20 s: no connect timeout\n";
    (void)!write(2, msg, sizeof(msg) - 1);
    _exit(1);
}

static void connect_to_a_silent_server_gives_up(void **state)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    char url[128];
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(fd, 8), 0); /* the kernel completes the handshake; nobody ever answers */
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    snprintf(url, sizeof(url), "postgresql://wa:secret@127.0.0.1:%d/wa?sslmode=disable", ntohs(a.sin_port));

    wa_pg_settings(2, 10000); /* WA_PG_CONNECT_TIMEOUT_S=2, as wa_config_load would set it */
    signal(SIGALRM, on_alarm);
    alarm(20);
    wa_pg_t *pg = wa_pg_create(url);
    long long start = wa_mono_ms();
    assert_null(wa_pg_conn(pg));
    long long took = wa_mono_ms() - start;
    alarm(0);
    assert_true(took >= 1000 && took < 15000);
    wa_pg_destroy(pg);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connect_to_a_silent_server_gives_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
