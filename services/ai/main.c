/*
 * wa-ai: the ai stage. Consumes wa:ai in group "ai", answers each patient question in the clinic's name with the
 * configured model provider (Gemini or an OpenAI-compatible server), the emergency text, or the clinic's fallback
 * text, and emits the answer to wa:out (ai.c). This file only wires configuration, the start-up model check,
 * health/metrics, PostgreSQL and the stream loop (loop.c: a continuous pipeline of up to AI_MAX_INFLIGHT calls)
 * together.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ai.h"
#include "loop.h"
#include "provider.h"
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"
#include "wa/sys.h"

int main(int argc, char **argv)
{
    wa_config_t cfg;
    wa_config_args(argc, argv, "ai",
                   "consumes wa:ai: answers in the clinic's name with Gemini or an OpenAI-compatible model");
    if (wa_config_load(&cfg, "ai") != 0)
        return 2;
    (void)wa_sys_harden(); /* no core dumps: they would hold tokens and CREDENTIALS_KEY */
    ai_provider_t prov;
    ai_loop_opts_t opts;
    if (ai_loop_opts_load(&opts) != 0)
        return 2;
    if (ai_provider_init(&prov, &cfg) != 0)
        return 2;
    wa_stop_install();
    if (wa_ops_start(cfg.ops_port) != 0) {
        ai_provider_dispose(&prov);
        return 1;
    }
    wa_ready_require(WA_READY_REDIS | WA_READY_PG | WA_READY_GROUP);

    if (prov.enabled && cfg.ai_model_check_timeout_ms > 0)
        (void)ai_provider_check_model(&prov, cfg.ai_model_check_timeout_ms);

    wa_pg_t *pg = wa_pg_create(cfg.database_url);
    if (wa_pg_conn(pg) == NULL) /* not fatal: readiness stays down and every use reconnects */
        wa_warn("PostgreSQL not reachable yet");
    ai_service_t *svc = ai_service_create(&cfg, pg, &prov, opts.max_inflight);
    if (svc == NULL) {
        wa_error("could not create the ai service");
        wa_pg_destroy(pg);
        ai_provider_dispose(&prov);
        return 1;
    }
    wa_info("wa-ai starting", "stream", cfg.key_ai, "consumer", cfg.consumer_name, "provider", prov.name, "model",
            prov.model, "calls", prov.enabled ? "on" : "off: no GEMINI_API_KEY, answering with the fallback text");
    int rc = ai_loop_run(&cfg, cfg.key_ai, AI_GROUP, svc, &opts);
    wa_info("wa-ai stopped");

    ai_service_destroy(svc);
    wa_pg_destroy(pg);
    ai_provider_dispose(&prov);
    return rc == 0 ? 0 : 1;
}
