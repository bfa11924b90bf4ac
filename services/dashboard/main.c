/*
 * wa-dashboard: the clinic dashboard's server and JSON API (ARCHITECTURE.md,
 * "Dashboard and API"). Reads the configuration, prepares password hashing
 * (secret.h), starts the ops endpoints (/healthz /readyz /metrics on
 * OPS_PORT, default 9104; ready when PostgreSQL and Redis answer) and runs
 * the server (server.c) until SIGTERM/SIGINT.
 * Exit codes: 0 clean stop, 1 runtime failure (port in use...), 2 bad
 * configuration.
 */
#include <signal.h>
#include <stdio.h>

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "dashboard.h"
#include "wa/secret.h"
#include "server.h"

int main(int argc, char **argv)
{
    static wa_config_t wa;
    static dash_config_t cfg;
    wa_redis_url_t url;

    wa_config_args(argc, argv, "dashboard",
                   "the web dashboard and the REST API for clinic staff, school staff and operators");
    if (wa_config_load(&wa, "dashboard") != 0 || dash_config_load(&cfg, &wa) != 0)
        return 2;
    if (wa.ops_port == 0)
        wa.ops_port = 9104;
    if (wa_redis_url_parse(wa.redis_url, &url) != 0) {
        fprintf(stderr, "wa-dashboard: REDIS_URL is not a redis:// URL\n");
        return 2;
    }
    if (wa_secret_init(cfg.hash_concurrency) != 0) {
        wa_error("libsodium failed to start");
        return 1;
    }
    wa_stop_install();
    signal(SIGPIPE, SIG_IGN);
    wa_ready_require(WA_READY_REDIS | WA_READY_PG);
    if (wa_ops_start(wa.ops_port) != 0)
        return 1;
    return dash_server_run(&cfg) == 0 ? 0 : 1;
}
