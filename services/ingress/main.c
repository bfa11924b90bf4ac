/*
 * wa-ingress: the public webhook of the platform (ARCHITECTURE.md). Reads the
 * configuration, refuses to start without WHATSAPP_APP_SECRET, with a
 * placeholder or short one (wa_app_secret_weak), or with an unusable
 * REDIS_URL, starts the ops endpoints (/healthz /readyz /metrics on
 * OPS_PORT), starts the reload of the doctors' app secrets (secrets.c), then
 * runs the h2o server (server.c) until SIGTERM/SIGINT.
 * Exit codes: 0 clean stop, 1 runtime failure (port in use...), 2 bad
 * configuration.
 */
#include <signal.h>
#include <stdio.h>
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/hmac.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/sys.h"
#include "wa/redis.h"
#include "secrets.h"
#include "server.h"
#include "webhook.h"

int main(int argc, char **argv)
{
    wa_config_t cfg;
    wa_redis_url_t url;

    wa_config_args(argc, argv, "ingress",
                   "the public webhook: verifies Meta's signature and appends each webhook to wa:in");
    if (wa_config_load(&cfg, "ingress") != 0)
        return 2;
    (void)wa_sys_harden(); /* no core dumps: they would hold tokens and CREDENTIALS_KEY */
    if (cfg.app_secret == NULL || cfg.app_secret[0] == '\0') {
        fprintf(stderr, "wa-ingress: WHATSAPP_APP_SECRET is not set; refusing to start (every webhook would be "
                        "rejected)\n");
        wa_error("WHATSAPP_APP_SECRET is not set; refusing to start");
        return 2;
    }
    const char *weak = wa_app_secret_weak(cfg.app_secret);
    if (weak != NULL) { /* a guessable secret lets anyone sign webhooks: never run with one */
        fprintf(stderr, "wa-ingress: WHATSAPP_APP_SECRET is refused: %s. Put your Meta app's secret there (App "
                        "settings > Basic > App secret, at least 16 characters); refusing to start\n", weak);
        wa_error("WHATSAPP_APP_SECRET is refused; refusing to start", "reason", weak);
        return 2;
    }
    if (wa_redis_url_parse(cfg.redis_url, &url) != 0) {
        fprintf(stderr, "wa-ingress: REDIS_URL is not a redis:// URL\n");
        wa_error("REDIS_URL is not a redis:// URL");
        return 2;
    }
    if (cfg.verify_token == NULL || cfg.verify_token[0] == '\0')
        wa_warn("WHATSAPP_VERIFY_TOKEN is not set: GET /webhook verification will answer 403");

    wa_stop_install();
    signal(SIGPIPE, SIG_IGN); /* wa_stop_install does it too; a write to a closed peer must never kill the server */
    ing_webhook_metrics_init();
    wa_ready_require(WA_READY_REDIS);
    wa_ready_set(WA_READY_REDIS, 0);
    if (wa_ops_start(cfg.ops_port) != 0)
        return 1;
    if (ing_secrets_start(&cfg) != 0)
        return 1;
    int rc = ing_server_run(&cfg, &url) == 0 ? 0 : 1;
    ing_secrets_stop();
    return rc;
}
