/*
 * wa-ai: the ai stage. Consumes wa:ai in group "ai", answers each patient question in the clinic's name with Gemini
 * (or the clinic's fallback text) and emits the answer to wa:out (ai.c). This file only wires configuration,
 * health/metrics, PostgreSQL, the HTTP client and the consumer loop together.
 */
#include <stdio.h>

#include "ai.h"
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/http.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"

int main(void)
{
    wa_config_t cfg;
    if (wa_config_load(&cfg, "ai") != 0)
        return 2;
    wa_stop_install();
    if (wa_ops_start(cfg.ops_port) != 0)
        return 1;
    wa_ready_require(WA_READY_REDIS | WA_READY_PG | WA_READY_GROUP);

    wa_pg_t *pg = wa_pg_create(cfg.database_url);
    if (wa_pg_conn(pg) == NULL) /* not fatal: readiness stays down and every use reconnects */
        wa_warn("PostgreSQL not reachable yet");
    wa_http_t *http = wa_http_create(cfg.batch_size);
    if (http == NULL) {
        wa_error("could not create the HTTP client");
        wa_pg_destroy(pg);
        return 1;
    }
    ai_service_t *svc = ai_service_create(&cfg, pg, http);
    wa_consumer_t *consumer = wa_consumer_create(&cfg, cfg.key_ai, "ai", "ai");

    int has_key = cfg.gemini_api_key != NULL && cfg.gemini_api_key[0] != '\0';
    wa_info("wa-ai starting", "stream", cfg.key_ai, "consumer", cfg.consumer_name, "model", cfg.gemini_model, "gemini",
            has_key ? "on" : "off: no GEMINI_API_KEY, answering with the fallback text");
    int rc = wa_consumer_run(consumer, ai_service_batch_cb, svc);
    wa_info("wa-ai stopped");

    wa_consumer_destroy(consumer);
    ai_service_destroy(svc);
    wa_http_destroy(http);
    wa_pg_destroy(pg);
    return rc == 0 ? 0 : 1;
}
